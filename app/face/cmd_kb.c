/* cmd_kb.c - `career-risk kb check [--strict] [DIR]`: prove a knowledge base sound. */
#include <stdlib.h>

#include "../core/kb.h"
#include "../core/kb_lint.h"
#include "app.h"

#define S(n) ((n) == 1 ? "" : "s")

/* "1,234": counts in a report read better grouped. */
static void print_count(size_t n)
{
	if (n >= 1000) {
		print_count(n / 1000);
		printf(",%03zu", n % 1000);
	} else {
		printf("%zu", n);
	}
}

static size_t count_status(const cr_diags *d, size_t from, bool warnings)
{
	size_t n = 0;
	for (size_t i = from; i < d->n; i++)
		n += (d->v[i].status == CR_OK) == warnings;
	return n;
}

enum cr_status cmd_kb_check(cr_app *app, const cr_args *a)
{
	bool strict = cr_args_has(a, CR_OPT_STRICT);
	const char *dir = a->argc ? a->argv[0] : app->kb_opt;
	enum cr_status st = cr_paths_data(app, dir);
	if (st)
		return st;
	size_t first = app->diags.n;
	st = cr_kb_load(app->kb_dir, app->q_dir, &app->kb, &app->diags);
	cr_lint_stats stats = {0};
	if (st == CR_OK)
		st = cr_kb_lint(app->kb, &stats, &app->diags);
	size_t errors = count_status(&app->diags, first, false);
	size_t warnings = count_status(&app->diags, first, true);
	if (st == CR_OK && strict && warnings)
		st = CR_EDATA;
	if (st) {
		size_t problems = errors + (strict ? warnings : 0);
		fprintf(stderr, "career-risk: %zu problem%s in %s and %s%s\n", problems, S(problems), app->kb_dir,
			app->q_dir, strict && warnings ? " (warnings count with --strict)" : "");
		return st;
	}
	const cr_kb *kb = app->kb;
	printf("knowledge base %s: OK", kb->version);
	if (warnings)
		printf(", %zu warning%s", warnings, S(warnings));
	printf("\n  %s (%zu files)\n  %s\n", kb->dir, kb->nfiles, kb->qdir);
	printf("  %zu source%s, %zu skill%s, %zu sector%s, %zu region%s, %zu occupation%s,\n"
	       "  %zu growing role%s, %zu rule%s, %zu recommendation%s, %zu questionnaire%s\n",
	       kb->nsources, S(kb->nsources), kb->nskills, S(kb->nskills), kb->nsectors, S(kb->nsectors), kb->nregions,
	       S(kb->nregions), kb->noccupations, S(kb->noccupations), kb->nroles, S(kb->nroles), kb->nrules,
	       S(kb->nrules), kb->nrecs, S(kb->nrecs), kb->nquestionnaires, S(kb->nquestionnaires));
	printf("  every rule fires and every recommendation is given for some answers\n  (");
	print_count(stats.answer_sets);
	printf(" answer sets tried)\n");
	return CR_OK;
}
