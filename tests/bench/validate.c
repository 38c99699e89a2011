/*
 * validate.c - what the score measures: Spearman rank correlations of every
 * catalogue occupation's baseline score, and of each dimension, with the
 * published indices the catalogue holds (Frey & Osborne 2013, Eloundou et al.
 * 2024, Microsoft 2025) and with the BLS projected outlook, each with n (the
 * occupations that have both figures). docs/methodology.md quotes its table.
 *
 *   cr-validate [--markdown] [ROOT]     ROOT holds knowledge/ and questionnaires/
 *
 * Run through `bash tests/bench/validate.sh` (or ctest -R validation.table).
 * It checks only that the figures are sane (finite, enough occupations);
 * what they ought to be is a judgement for methodology.md, not an assertion.
 * Exit 0 when sane, 1 when not, 2 when the knowledge base does not load.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "kb.h"
#include "util.h"

#ifndef CR_SOURCE_DIR
#define CR_SOURCE_DIR "."
#endif

#define MIN_N 300 /* fewer occupations than this and a correlation says little about the catalogue */

/* What the baselines are set against: a published index, or the projected outlook. */
typedef struct column {
	const char *index;  /* an index id in the occupations' exposure lists; NULL: the outlook */
	const char *head1, *head2;
} column;

static const column columns[] = {
	{"frey-osborne", "Frey&Osb", "2013"},
	{"eloundou-gpt4-beta", "Eloundou", "GPT-4 b"},
	{"eloundou-human-beta", "Eloundou", "human b"},
	{"microsoft-applicability", "Microsoft", "2025"},
	/* declining 2, stable 1, growing 0: positive means "higher where employment is projected to shrink" */
	{NULL, "BLS", "decline"},
};

enum { ROW_SCORE, ROW_ROUTINE, ROW_AI, ROW_SPEC, ROW_EXPOSURE, NROWS };
static const char *const row_names[NROWS] = {"score", "routineness", "ai_usage", "specialization", "exposure"};

static double row_value(const cr_occ_baseline *b, int row)
{
	switch (row) {
	case ROW_SCORE: return b->score;
	case ROW_ROUTINE: return b->routineness;
	case ROW_AI: return b->ai_usage;
	case ROW_SPEC: return b->specialization;
	default: return b->exposure >= 0 ? b->exposure : NAN;
	}
}

/* The occupation's value on a column, or NaN when it has none. */
static double column_value(const cr_occupation *o, const column *c)
{
	if (!c->index)
		return o->outlook == CR_OCC_DECLINING ? 2 : o->outlook == CR_OCC_STABLE ? 1 : 0;
	for (size_t e = 0; e < o->nexposures; e++)
		if (strcmp(o->exposures[e].index, c->index) == 0)
			return o->exposures[e].value;
	return NAN;
}

/* rho over the occupations where both x and y are known; *n says how many. */
static double pair_rho(const double *x, const double *y, size_t m, size_t *n)
{
	double *a = cr_xcalloc(m + 1, sizeof *a), *b = cr_xcalloc(m + 1, sizeof *b);
	size_t k = 0;
	for (size_t i = 0; i < m; i++)
		if (!isnan(x[i]) && !isnan(y[i])) {
			a[k] = x[i];
			b[k] = y[i];
			k++;
		}
	double rho = cr_spearman(a, b, k);
	free(a);
	free(b);
	*n = k;
	return rho;
}

int main(int argc, char **argv)
{
	bool md = false;
	const char *root = CR_SOURCE_DIR;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--markdown") == 0)
			md = true;
		else if (argv[i][0] == '-') {
			fprintf(stderr, "usage: cr-validate [--markdown] [ROOT]\n");
			return 2;
		} else
			root = argv[i];
	}
	char *kdir = cr_xprintf("%s/knowledge", root), *qdir = cr_xprintf("%s/questionnaires", root);
	cr_diags d = {0};
	cr_kb *kb = NULL;
	cr_occ_baseline *b = NULL;
	size_t m = 0;
	int rc = 2;
	if (cr_kb_load(kdir, qdir, &kb, &d) != CR_OK || cr_catalogue_baselines(kb, &b, &m, &d) != CR_OK) {
		for (size_t i = 0; i < d.n; i++) {
			char *s = cr_diag_format(&d.v[i]);
			fprintf(stderr, "cr-validate: %s\n", s);
			free(s);
		}
		goto out;
	}

	enum { NCOLS = sizeof columns / sizeof columns[0] };
	double *rows[NROWS], *cols[NCOLS];
	for (int r = 0; r < NROWS; r++) {
		rows[r] = cr_xcalloc(m + 1, sizeof *rows[r]);
		for (size_t i = 0; i < m; i++)
			rows[r][i] = row_value(&b[i], r);
	}
	for (int c = 0; c < NCOLS; c++) {
		cols[c] = cr_xcalloc(m + 1, sizeof *cols[c]);
		for (size_t i = 0; i < m; i++)
			cols[c][i] = column_value(b[i].occ, &columns[c]);
	}
	/* exposure is a row only when the model computes it (cr_result.exposure >= 0) */
	bool have_exposure = false;
	for (size_t i = 0; i < m; i++)
		have_exposure |= b[i].exposure >= 0;

	rc = 0;
	printf(md ? "Spearman rank correlation over the catalogue (%zu occupations, knowledge base %s); "
		    "n = occupations with both figures.\n\n"
		  : "Spearman rank correlation over the catalogue (%zu occupations, knowledge base %s)\n"
		    "each cell: rho (n = occupations with both figures)\n\n",
	       m, kb->version);
	if (md) {
		printf("| baseline | Frey & Osborne 2013 | Eloundou GPT-4 beta | Eloundou human beta | Microsoft 2025 | BLS decline 2023-33 |\n");
		printf("|---|---|---|---|---|---|\n");
	} else {
		/* each cell is " +0.73 (558)", 12 columns */
		printf("%-14s", "");
		for (int c = 0; c < NCOLS; c++)
			printf(c + 1 < NCOLS ? " %-11s" : " %s", columns[c].head1);
		printf("\n%-14s", "");
		for (int c = 0; c < NCOLS; c++)
			printf(c + 1 < NCOLS ? " %-11s" : " %s", columns[c].head2);
		printf("\n");
	}
	for (int r = 0; r < NROWS; r++) {
		if (r == ROW_EXPOSURE && !have_exposure) {
			printf(md ? "| exposure | (not computed by this model) | | | | |\n"
				  : "%-14s (not computed by this model)\n", "exposure");
			continue;
		}
		printf(md ? "| %s |" : "%-14s", row_names[r]);
		for (int c = 0; c < NCOLS; c++) {
			size_t n;
			double rho = pair_rho(rows[r], cols[c], m, &n);
			if (!isfinite(rho) || n < MIN_N) {
				fprintf(stderr, "cr-validate: %s against %s %s: rho %g over %zu occupations (need finite, n >= %d)\n",
					row_names[r], columns[c].head1, columns[c].head2, rho, n, MIN_N);
				rc = 1;
			}
			printf(md ? " %+.2f (%zu) |" : " %+.2f (%3zu)", rho, n);
		}
		printf("\n");
	}

	/* the yardsticks against each other: how far apart the two constructs are to begin with */
	printf(md ? "\nThe indices against each other:\n\n| | Eloundou GPT-4 beta | Eloundou human beta | Microsoft 2025 | BLS decline 2023-33 |\n|---|---|---|---|---|\n"
		  : "\nthe indices against each other\n");
	if (!md) {
		for (int line = 0; line < 2; line++) {
			printf("%-17s", "");
			for (int k = 1; k < NCOLS; k++)
				printf(k + 1 < NCOLS ? " %-11s" : " %s", line ? columns[k].head2 : columns[k].head1);
			printf("\n");
		}
	}
	for (int c = 0; c < NCOLS - 1; c++) {
		if (md)
			printf("| %s %s |", columns[c].head1, columns[c].head2);
		else
		{
			char label[32];
			snprintf(label, sizeof label, "%s %s", columns[c].head1, columns[c].head2);
			printf("%-17s", label);
		}
		for (int k = 1; k < NCOLS; k++) {
			if (k <= c) {
				printf(md ? " |" : "%12s", "");
				continue;
			}
			size_t n;
			double rho = pair_rho(cols[c], cols[k], m, &n);
			printf(md ? " %+.2f (%zu) |" : " %+.2f (%3zu)", rho, n);
		}
		printf("\n");
	}
	for (int r = 0; r < NROWS; r++)
		free(rows[r]);
	for (int c = 0; c < NCOLS; c++)
		free(cols[c]);
	if (fflush(stdout) || ferror(stdout))
		rc = 1;
out:
	free(b);
	cr_kb_free(kb);
	cr_diags_clear(&d);
	free(kdir);
	free(qdir);
	return rc;
}
