/* cmd_occupation.c - `career-risk occupation search|show|list`: the catalogue. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/answers.h"
#include "../core/assess.h"
#include "../core/catalogue.h"
#include "../core/json.h"
#include "../core/util.h"
#include "../render/format.h"
#include "app.h"

static char *join_args(int argc, char **argv)
{
	cr_sb b = {0};
	for (int i = 0; i < argc; i++)
		cr_sb_addf(&b, "%s%s", i ? " " : "", argv[i]);
	return cr_sb_take(&b);
}

/* Refuses a query longer than the search reads, rather than dropping words silently. */
static enum cr_status check_words(cr_app *app, const char *cmd, const char *query)
{
	if (cr_occ_query_words(query) <= CR_OCC_MAX_WORDS)
		return CR_OK;
	return cr_app_usage(app, cmd, "give at most %d words; a title's main words find it", CR_OCC_MAX_WORDS);
}

#define SEARCH_SHOWN 15 /* a screenful; "...and N more" says when there are more */
#define SHOW_SHOWN 6    /* an ambiguous `show`: the best few */

enum cr_status cmd_occupation_search(cr_app *app, const cr_args *a)
{
	char *query = join_args(a->argc, a->argv);
	enum cr_status st = check_words(app, "occupation search", query);
	if (st) {
		free(query);
		return st;
	}
	cr_occ_match m[SEARCH_SHOWN];
	size_t total, n = cr_occ_search_total(app->kb, query, m, CR_ARRAY_LEN(m), &total);
	if (!n) {
		char *e = cr_vis(query, CR_ECHO_MAX, 0);
		cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no occupation matches '%s'", e);
		cr_diag_hint(&app->diags, "try a shorter or more common title, or a SOC code prefix such as 43-");
		free(e);
		st = CR_ENOTFOUND;
	}
	enum cr_status wst = cr_render_matches(stdout, m, n, total, isdigit((unsigned char)query[0]), "", app->width);
	free(query);
	return st ? st : wst;
}

enum cr_status cmd_occupation_show(cr_app *app, const cr_args *a)
{
	const cr_format *fmt;
	if (!(fmt = cr_app_format(app, "occupation show", cr_args_get(a, CR_OPT_FORMAT), CR_VIEW_OCCUPATION)))
		return CR_EUSAGE;
	const cr_kb *kb = app->kb;
	char *query = join_args(a->argc, a->argv);
	enum cr_status st = check_words(app, "occupation show", query);
	if (st) {
		free(query);
		return st;
	}
	const cr_occupation *o = cr_kb_occupation(kb, query);
	if (!o) {
		cr_occ_match m[SHOW_SHOWN];
		size_t total, n = cr_occ_search_total(kb, query, m, CR_ARRAY_LEN(m), &total);
		char *e = cr_vis(query, CR_ECHO_MAX, 0);
		if (n && m[0].weak) {
			/* only a typo-tolerant guess: say what it guessed rather than show it */
			cr_sb b = {0};
			for (size_t i = 0; i < n && i < 3 && m[i].weak; i++)
				cr_sb_addf(&b, "%s%s %s", i ? "; " : "", m[i].occ->code, m[i].occ->title);
			cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no occupation matches '%s'; did you mean %s?", e, b.s);
			cr_diag_hint(&app->diags, "give the code, or the title as it is written");
			cr_sb_free(&b);
			st = CR_ENOTFOUND;
		} else if (n && (m[0].score >= 1000 || n == 1 || m[0].score - m[1].score >= 15)) {
			o = m[0].occ;
		} else if (n) {
			/* the candidates as `occupation search` lists them, in the diagnostic (only main prints) */
			char *list = NULL;
			size_t len = 0;
			FILE *mem = open_memstream(&list, &len);
			if (mem) {
				cr_render_matches(mem, m, n, total, isdigit((unsigned char)query[0]), "    ", app->width);
				fclose(mem);
			}
			if (len && list[len - 1] == '\n')
				list[--len] = '\0'; /* a diagnostic ends without a newline */
			cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "'%s' matches %zu occupations%s:\n%s", e, total,
				    total > n ? "; the best" : "", list ? list : "");
			cr_diag_hint(&app->diags, "give the code, or search with the same words to list them all");
			free(list);
			st = CR_ENOTFOUND;
		} else {
			cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no occupation matches '%s'", e);
			cr_diag_hint(&app->diags, "`career-risk occupation search WORDS` finds titles");
			st = CR_ENOTFOUND;
		}
		free(e);
	}
	free(query);
	if (!o)
		return st;
	cr_answers *as = cr_baseline_answers(kb, cr_baseline_questionnaire(kb), o);
	cr_result *res = NULL;
	cr_occ_baseline *all = NULL;
	size_t nocc = 0;
	st = cr_assess(kb, as, CR_ASSESS_NO_SENSITIVITY, &res, &app->diags);
	if (st)
		goto out;
	/* the rank needs every occupation's baseline: the same list `occupation list` prints */
	st = cr_catalogue_baselines(kb, &all, &nocc, &app->diags);
	if (st)
		goto out;
	const cr_occ_baseline *rank = cr_catalogue_find(all, nocc, o);
	cr_render_opts ro = {.color = !app->no_color, .width = app->width};
	st = fmt->occupation(stdout, &(cr_occupation_view){o, res, rank, nocc}, &ro);
out:
	free(all);
	cr_result_free(res);
	cr_answers_free(as);
	return st;
}

/* ---- occupation list ------------------------------------------------------ */

enum cr_status cmd_occupation_list(cr_app *app, const cr_args *a)
{
	const cr_format *fmt;
	if (!(fmt = cr_app_format(app, "occupation list", cr_args_get(a, CR_OPT_FORMAT), CR_VIEW_OCCUPATIONS)))
		return CR_EUSAGE;
	cr_occ_baseline *all = NULL;
	size_t n = 0;
	enum cr_status st = cr_catalogue_baselines(app->kb, &all, &n, &app->diags);
	if (st)
		return st;
	cr_render_opts ro = {.color = !app->no_color, .width = app->width};
	st = fmt->occupations(stdout, &(cr_occupations_view){app->kb, all, n}, &ro);
	free(all);
	return st;
}
