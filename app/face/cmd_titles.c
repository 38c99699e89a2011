/*
 * cmd_titles.c - `career-risk titles`: the distinct job titles of an HR
 * export, each with how many rows carry it and the matcher's best occupation,
 * written as a crosswalk for the organisation to check and fill in
 * (`batch --titles`). The soc column is left blank on purpose: a candidate
 * becomes the organisation's mapping only when a person copies it there.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/answers.h"
#include "../core/util.h"
#include "../io/csvio.h"
#include "../io/output.h"
#include "app.h"

#define CMD "titles"
#define MAX_TITLES 100000 /* distinct titles kept; more is refused rather than grown without bound */

const char cr_titles_help[] =
	"Reads an HR export (CSV with a header row) and lists each distinct job title\n"
	"with how many rows carry it and the best occupation the matcher finds: its\n"
	"SOC code and title, the method (exact, alias, normalised, fuzzy) and the\n"
	"confidence (0-1). The output is a crosswalk: copy the right code into the\n"
	"soc column (or type another) and give it to `career-risk batch --titles`.\n"
	"\n"
	"  --input FILE.csv   the export; - reads standard input\n"
	"  --column NAME      the column holding job titles (default: one named\n"
	"                     occupation, job title, title or position)\n"
	"  --output FILE.csv  where the crosswalk goes (default: standard output)\n"
	"\n"
	"Most frequent titles come first. See docs/hr-intake.md, \"Job titles\".\n";

typedef struct title_count {
	char *title; /* trimmed (owned) */
	long long n;
} title_count;

/* Index of t in the sorted v, or where it would go; *found says which. */
static size_t find(const title_count *v, size_t n, const char *t, bool *found)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].title, t) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < n && strcmp(v[lo].title, t) == 0;
	return lo;
}

static int by_count(const void *a, const void *b)
{
	const title_count *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->title, y->title);
}

static long title_column(const cr_csv_record *h, const char *want)
{
	static const char *const names[] = {"occupation", "job title", "job_title", "jobtitle", "title", "position", NULL};
	for (size_t k = 0; want ? k < 1 : names[k] != NULL; k++)
		for (size_t i = 0; i < h->n; i++) {
			char *t = cr_str_trim(cr_xstrdup(h->v[i]));
			bool eq = cr_strcasecmp(t, want ? want : names[k]) == 0;
			free(t);
			if (eq)
				return (long)i;
		}
	return -1;
}

enum cr_status cmd_titles(cr_app *app, const cr_args *a)
{
	const char *input = cr_args_get(a, CR_OPT_INPUT), *column = cr_args_get(a, CR_OPT_COLUMN);
	const char *output = cr_args_get(a, CR_OPT_OUTPUT);
	if (!input)
		return cr_app_usage(app, CMD, "give the export with --input FILE.csv (or - for standard input)");
	if (!output)
		output = "-";
	cr_output_other others[] = {{input, "the export (--input)"}};
	enum cr_status st = cr_output_refuse_same(output, "--output", others, 1, &app->diags);
	if (st)
		return st;
	cr_csv_reader *rd = NULL;
	if ((st = cr_csv_open(input, &rd, &app->diags)))
		return st;
	title_count *v = NULL;
	size_t n = 0, cap = 0;
	long long rows = 0;
	const cr_csv_record *rec = NULL;
	if ((st = cr_csv_next(rd, &rec, &app->diags)))
		goto out;
	if (!rec) {
		st = cr_diag_add(&app->diags, CR_EDATA, input, 0, 0, "the file is empty: it needs a header row and a row per employee");
		goto out;
	}
	long col = title_column(rec, column);
	if (col < 0) {
		cr_sb b = {0};
		for (size_t i = 0; i < rec->n && i < 12; i++) {
			cr_sb_add(&b, i ? ", " : "");
			cr_sb_add_vis(&b, rec->v[i], 40, 0);
		}
		if (column) {
			char *c = cr_vis(column, CR_ECHO_MAX, 0);
			st = cr_diag_add(&app->diags, CR_EDATA, input, (int)rec->line, 0, "no column '%s' in the header", c);
			free(c);
		} else {
			st = cr_diag_add(&app->diags, CR_EDATA, input, (int)rec->line, 0, "no job-title column found in the header");
		}
		cr_diag_hint(&app->diags, "name it with --column; the header has: %s", b.s ? b.s : "");
		cr_sb_free(&b);
		goto out;
	}
	while ((st = cr_csv_next(rd, &rec, &app->diags)) == CR_OK && rec) {
		rows++;
		if ((size_t)col >= rec->n || rec->nul_field >= 0)
			continue; /* a short or binary record has no title to list; batch reports such rows */
		char *t = cr_str_trim(cr_xstrdup(rec->v[col]));
		bool found;
		size_t at = *t ? find(v, n, t, &found) : 0;
		if (!*t) {
			free(t);
		} else if (found) {
			v[at].n++;
			free(t);
		} else if (n == MAX_TITLES) {
			free(t);
			st = cr_diag_add(&app->diags, CR_EDATA, input, (int)rec->line, (int)col + 1,
					 "more than %d distinct job titles: is --column the job title?", MAX_TITLES);
			goto out;
		} else {
			cr_xgrow((void **)&v, &cap, n, sizeof *v);
			memmove(&v[at + 1], &v[at], (n - at) * sizeof *v);
			v[at] = (title_count){t, 1};
			n++;
		}
	}
	if (st)
		goto out;
	qsort(v, n, sizeof *v, by_count);
	bool to_tty = strcmp(output, "-") == 0 && app->stdout_tty;
	cr_output out = {.fd = -1};
	if ((st = cr_output_open(&out, output, 0, &app->diags)))
		goto out;
	cr_sb line = {0};
	static const char *const head[] = {"title", "soc", "count", "candidate_soc", "candidate_title", "method", "confidence"};
	for (size_t i = 0; i < CR_ARRAY_LEN(head); i++)
		cr_csv_add(&line, head[i], i == 0);
	cr_sb_add(&line, "\n");
	fputs(line.s, out.f);
	for (size_t i = 0; i < n; i++) {
		cr_occ_match m[1];
		size_t k = cr_occ_search(app->kb, v[i].title, m, 1);
		line.len = 0;
		/*
		 * The title as the export has it, so the filled-in file finds it again;
		 * one a spreadsheet would run as a formula gets a leading apostrophe
		 * (as batch writes cells back; the crosswalk reader takes it off), and
		 * on a terminal control characters are shown escaped.
		 */
		char *shown = strchr("=+-@\t\r", v[i].title[0])	? cr_xprintf("'%s", v[i].title)
			      : to_tty				? cr_vis(v[i].title, 0, 0)
								: cr_xstrdup(v[i].title);
		cr_csv_add(&line, shown, true);
		free(shown);
		cr_csv_add(&line, "", false); /* for the organisation to fill in */
		cr_csv_add_int(&line, v[i].n, false);
		cr_csv_add(&line, k ? m[0].occ->code : "", false);
		cr_csv_add(&line, k ? m[0].occ->title : "", false);
		cr_csv_add(&line, k ? cr_match_method_ids[m[0].method] : "", false);
		char c[16] = "";
		if (k)
			snprintf(c, sizeof c, "%.2f", m[0].confidence);
		cr_csv_add(&line, c, false);
		cr_sb_add(&line, "\n");
		fputs(line.s, out.f);
	}
	cr_sb_free(&line);
	st = cr_output_close(&out, CR_OK, &app->diags);
	if (st == CR_OK && strcmp(output, "-") != 0)
		fprintf(stderr, "career-risk: %zu distinct job titles in %lld rows written to %s\n", n, rows, output);
out:
	cr_csv_close(rd);
	for (size_t i = 0; i < n; i++)
		free(v[i].title);
	free(v);
	return st;
}
