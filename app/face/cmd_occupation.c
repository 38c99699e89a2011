/* cmd_occupation.c - `career-risk occupation search|show|list`: the catalogue. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../batch/csvio.h"
#include "../core/answers.h"
#include "../core/assess.h"
#include "../core/catalogue.h"
#include "../core/json.h"
#include "../core/util.h"
#include "../render/render.h"
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

/*
 * "29-1141  Registered Nurses", with the alias it matched through, each line
 * starting with indent, wrapped at width with continuation lines under the title.
 */
static void add_match(cr_sb *b, const cr_occ_match *m, const char *indent, int width)
{
	char *title = cr_vis(m->occ->title, 0, 0), *alias = m->alias ? cr_vis(m->alias, 0, 0) : NULL; /* knowledge-base texts */
	char *line = alias ? cr_xprintf("%s  %s (as \"%s\")", m->occ->code, title, alias) : cr_xprintf("%s  %s", m->occ->code, title);
	free(title);
	free(alias);
	int in = (int)strlen(indent), hang = in + (int)strlen(m->occ->code) + 2;
	const char *p = line;
	bool first = true;
	while (*p) {
		int lim = (first ? width - in : width - hang) - 1, len = (int)strlen(p);
		if (lim < 20)
			lim = 20;
		if (len > lim) {
			int cut = lim;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			len = cut > 0 ? cut : lim;
		}
		if (first)
			cr_sb_addf(b, "%s%.*s\n", indent, len, p);
		else
			cr_sb_addf(b, "%*s%.*s\n", hang, "", len, p);
		first = false;
		p += len;
		while (*p == ' ')
			p++;
	}
	free(line);
}

#define SEARCH_SHOWN 15 /* a screenful; "...and N more" says when there are more */
#define SHOW_SHOWN 6    /* an ambiguous `show`: the best few */

/* "...and 36 more; ..." when the list was cut, with how to narrow it. */
static void add_more(cr_sb *b, const char *indent, size_t shown, size_t total, bool code)
{
	if (total > shown)
		cr_sb_addf(b, "%s...and %zu more; %s\n", indent, total - shown,
			   code ? "give a longer code prefix (such as 43-90) to narrow" : "add a word of the title to narrow");
}

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
	cr_sb b = {0};
	for (size_t i = 0; i < n; i++)
		add_match(&b, &m[i], "", app->width);
	add_more(&b, "", n, total, isdigit((unsigned char)query[0]));
	if (b.s)
		fputs(b.s, stdout);
	cr_sb_free(&b);
	free(query);
	if (!st && ferror(stdout))
		st = CR_EIO;
	return st;
}

/* Prints b's text indented `first` spaces, continuation lines `next`, wrapped at width; empties b. */
static void hang_at(cr_sb *b, int width, int first, int next)
{
	const char *p = b->s ? b->s : "";
	int indent = first;
	while (*p) {
		int avail = width - indent - 1, len = 0, last = -1;
		while (p[len] && (len < avail || last < 0)) {
			if (p[len] == ' ')
				last = len;
			len++;
		}
		if (p[len] && last > 0)
			len = last;
		printf("%*s%.*s\n", indent, "", len, p);
		p += len;
		while (*p == ' ')
			p++;
		indent = next;
	}
	cr_sb_free(b);
}

/* A line of the record: two spaces in, continuation lines four. */
static void hang(cr_sb *b, int width)
{
	hang_at(b, width, 2, 4);
}

/*
 * One published index as a sentence, whose and of what, from its declaration
 * in sources.yaml (kb check refuses an undeclared index): "Frey & Osborne
 * (2013): 0.99, probability that ...".
 */
static void add_exposure(cr_sb *b, const cr_kb *kb, const cr_exposure *e)
{
	const cr_index *x = cr_kb_index(kb, e->index);
	const cr_source *src = cr_kb_source(kb, e->source);
	if (x && src)
		cr_sb_addf(b, "%s (%d): %.2f, %s", x->who, src->year, e->value, x->measures);
	else if (x)
		cr_sb_addf(b, "%s: %.2f, %s", x->who, e->value, x->measures);
	else
		cr_sb_addf(b, "index %s (source %s): %.2f", e->index, e->source, e->value);
}

/* "more exposed than 82% of the 682 occupations in the catalogue": the percentile `occupation list` prints. */
static char *rank_sentence(const cr_occ_baseline *rank, size_t nocc)
{
	if (rank->percentile == 0)
		return cr_xprintf("ranks lowest: no occupation in the catalogue (%zu) has a lower baseline", nocc);
	return cr_xprintf("more exposed than %d%% of the %zu occupations in the catalogue", rank->percentile, nocc);
}

#define BASELINE_RULES 6  /* the rules with the largest effects; JSON lists all */
#define BASELINE_ADVICE 3 /* the first steps; JSON lists all */

/* Orders fired rules by the size of their effect, largest first (ties: knowledge-base order). */
static int by_effect(const void *a, const void *b)
{
	const cr_fired *x = *(const cr_fired *const *)a, *y = *(const cr_fired *const *)b;
	double dx = fabs(x->effect), dy = fabs(y->effect);
	if (dx != dy)
		return dx < dy ? 1 : -1;
	return x < y ? -1 : x > y;
}

/*
 * The baseline in the text view: the same engine's assessment of a typical
 * worker, compact enough to read with the record above it: score, band and
 * range, the dimensions, published indices beside our score, the rules with
 * the largest effects (with reason and sources), the first steps and the
 * growing roles within reach. Everything wraps at width.
 */
static void print_baseline(const cr_result *r, const cr_occupation *o, const cr_occ_baseline *rank, size_t nocc,
			   int width)
{
	const cr_kb *kb = r->kb;
	/* one column short of the width, as the record above it, so no line touches the edge */
	int w = (width > 40 ? width : 80) - 1;
	if (w > 99)
		w = 99;
	printf("\nBaseline: a typical worker in this occupation, before their own answers\n");
	char *line = cr_xprintf("the %s questionnaire with only the occupation and its typical week answered, "
				"scored by the same engine as `career-risk assess`", r->q->id);
	cr_wrap(stdout, line, 2, w);
	free(line);
	printf("  score %d / 100 (%s), likely range %d-%d\n", r->score, r->band, r->range_lo, r->range_hi);
	if (rank) {
		line = rank_sentence(rank, nocc);
		cr_wrap(stdout, line, 2, w);
		free(line);
	}
	if (r->exposure >= 0)
		printf("  routineness %d, AI use %d, specialisation %d, exposure %d (each 0-100)\n", r->routineness,
		       r->ai_usage, r->specialization, r->exposure);
	else
		printf("  routineness %d, AI use %d, specialisation %d (each 0-100)\n", r->routineness, r->ai_usage,
		       r->specialization);
	if (o->nexposures) {
		/* others' estimates beside ours, each saying whose it is and what it measures */
		printf("\n  Published estimates for this occupation, for comparison (not in the score)\n");
		for (size_t i = 0; i < o->nexposures; i++) {
			cr_sb b = {0};
			add_exposure(&b, kb, &o->exposures[i]);
			cr_wrap_prefixed(stdout, "  - ", b.s, w);
			cr_sb_free(&b);
		}
	}

	if (r->nfired) {
		const cr_fired **order = cr_xmalloc(r->nfired * sizeof *order);
		for (size_t i = 0; i < r->nfired; i++)
			order[i] = &r->fired[i];
		qsort(order, r->nfired, sizeof *order, by_effect);
		size_t n = r->nfired < BASELINE_RULES ? r->nfired : BASELINE_RULES;
		printf("\n  Main reasons (largest effects first)\n");
		for (size_t i = 0; i < n; i++) {
			const cr_fired *f = order[i];
			printf("  %+6.1f  %s\n", f->effect, f->rule->id);
			cr_wrap(stdout, f->rule->reason, 10, w);
			cr_sb b = {0};
			cr_sb_add(&b, "sources: ");
			for (size_t j = 0; j < f->rule->sources.n; j++)
				cr_sb_addf(&b, "%s%s", j ? ", " : "", f->rule->sources.v[j]);
			cr_wrap(stdout, b.s, 10, w);
			cr_sb_free(&b);
		}
		if (r->nfired > n)
			printf("  (%zu more rule%s with smaller effects; --format json lists every one)\n", r->nfired - n,
			       r->nfired - n == 1 ? "" : "s");
		free(order);
	}

	if (r->nadvice) {
		size_t n = r->nadvice < BASELINE_ADVICE ? r->nadvice : BASELINE_ADVICE;
		printf("\n  First steps\n");
		for (size_t i = 0; i < n; i++) {
			const cr_advice *a = &r->advice[i];
			char num[16];
			snprintf(num, sizeof num, "  %zu. ", i + 1);
			cr_wrap_prefixed(stdout, num, a->rec->title, w);
			line = cr_xprintf("this %s, %s effort, impact %d/5 (because: %s)", cr_horizon_ids[a->rec->horizon],
					  cr_effort_ids[a->rec->effort], a->rec->impact, a->because->id);
			cr_wrap(stdout, line, 5, w);
			free(line);
		}
		if (r->nadvice > n)
			printf("  (%zu more recommendation%s in --format json)\n", r->nadvice - n,
			       r->nadvice - n == 1 ? "" : "s");
	}

	if (r->ntrans) {
		printf("\n  Growing roles within reach\n");
		for (size_t i = 0; i < r->ntrans; i++) {
			const cr_role *role = r->trans[i].role;
			line = cr_xprintf("%s: about %d-%d months to be productive", role->title, role->months_lo,
					  role->months_hi);
			cr_wrap_prefixed(stdout, "  - ", line, w);
			free(line);
			cr_wrap(stdout, role->summary, 4, w);
		}
	}
	printf("\n  Your own tasks, AI use and niche can move this a long way:\n"
	       "  `career-risk assess` takes them into account.\n");
}

enum cr_status cmd_occupation_show(cr_app *app, const cr_args *a)
{
	const char *format = cr_args_get(a, CR_OPT_FORMAT);
	if (format && strcmp(format, "json") && strcmp(format, "text"))
		return cr_app_usage(app, "occupation show", "unknown format '%s' (text or json)", format);
	bool json = format && strcmp(format, "json") == 0;
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
			cr_sb b = {0};
			cr_sb_addf(&b, "'%s' matches %zu occupations%s:\n", e, total, total > n ? "; the best" : "");
			for (size_t i = 0; i < n; i++)
				add_match(&b, &m[i], "    ", app->width);
			add_more(&b, "    ", n, total, isdigit((unsigned char)query[0]));
			b.s[--b.len] = '\0'; /* a diagnostic ends without a newline */
			cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "%s", b.s);
			cr_diag_hint(&app->diags, "give the code, or search with the same words to list them all");
			cr_sb_free(&b);
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
	const cr_sector *sec = cr_kb_sector(kb, o->sector);
	if (json) {
		struct fy_document *d = cr_j_doc();
		struct fy_node *root = cr_j_map(d);
		cr_j_set(root, "code", cr_j_str(d, o->code));
		cr_j_set(root, "title", cr_j_str(d, o->title));
		struct fy_node *al = cr_j_seq(d);
		for (size_t i = 0; i < o->aliases.n; i++)
			cr_j_push(al, cr_j_str(d, o->aliases.v[i]));
		cr_j_set(root, "aliases", al);
		cr_j_set(root, "sector", cr_j_str(d, o->sector));
		struct fy_node *tasks = cr_j_map(d);
		for (int t = 0; t < CR_TASK_COUNT; t++)
			cr_j_set(tasks, cr_task_ids[t], cr_j_num(d, o->tasks[t]));
		cr_j_set(root, "tasks", tasks);
		cr_j_set(root, "ai_use", cr_j_num(d, o->ai_use));
		cr_j_set(root, "specialization", cr_j_num(d, o->specialization));
		cr_j_set(root, "outlook", cr_j_str(d, cr_occ_outlook_ids[o->outlook]));
		/* task-level knowledge (knowledge/tasks/): what the task question lists, by O*NET id */
		cr_j_set(root, "task_exposure", o->ntasks_all ? cr_j_num(d, o->exposure) : cr_j_null(d)); /* over all its tasks (knowledge/tasks/) */
		cr_j_set(root, "observed_coverage", o->observed_coverage >= 0 ? cr_j_num(d, o->observed_coverage) : cr_j_null(d));
		struct fy_node *mt = cr_j_seq(d);
		for (size_t i = 0; i < o->notasks; i++) {
			static const char *const el[3] = {"E0", "E1", "E2"}, *const tl[5] = {"T0", "T1", "T2", "T3", "T4"};
			struct fy_node *m = cr_j_map(d);
			cr_j_set(m, "id", cr_j_int(d, (int)o->otasks[i].id));
			cr_j_set(m, "text", cr_j_str(d, o->otasks[i].text));
			cr_j_set(m, "kind", cr_j_str(d, cr_task_ids[o->otasks[i].kind]));
			cr_j_set(m, "exposure", cr_j_str(d, el[o->otasks[i].exposure]));
			cr_j_set(m, "automation", cr_j_str(d, tl[o->otasks[i].automation]));
			cr_j_push(mt, m);
		}
		cr_j_set(root, "main_tasks", mt);
		if (o->has_onet) {
			struct fy_node *on = cr_j_map(d);
			cr_j_set(on, "repeat", cr_j_num(d, o->onet_repeat));
			cr_j_set(on, "automation", cr_j_num(d, o->onet_automation));
			cr_j_set(on, "exact", cr_j_num(d, o->onet_exact));
			cr_j_set(on, "structured", cr_j_num(d, o->onet_structured));
			cr_j_set(root, "onet", on);
		}
		if (rank) {
			cr_j_set(root, "percentile", cr_j_int(d, rank->percentile));
			cr_j_set(root, "occupations", cr_j_int(d, (long long)nocc));
		}
		struct fy_node *ex = cr_j_seq(d);
		for (size_t i = 0; i < o->nexposures; i++) {
			struct fy_node *m = cr_j_map(d);
			const cr_index *x = cr_kb_index(kb, o->exposures[i].index);
			cr_j_set(m, "index", cr_j_str(d, o->exposures[i].index));
			cr_j_set(m, "value", cr_j_num(d, o->exposures[i].value));
			cr_j_set(m, "source", cr_j_str(d, o->exposures[i].source));
			cr_j_set(m, "who", cr_j_str(d, x ? x->who : NULL));
			cr_j_set(m, "measures", cr_j_str(d, x ? x->measures : NULL));
			cr_j_set(m, "scale", cr_j_str(d, x ? x->scale : NULL));
			cr_j_push(ex, m);
		}
		cr_j_set(root, "published_exposure", ex);
		struct fy_node *src = cr_j_seq(d);
		for (size_t i = 0; i < o->sources.n; i++)
			cr_j_push(src, cr_j_str(d, o->sources.v[i]));
		cr_j_set(root, "sources", src);
		/* the baseline: the same engine's full result, parsed back in as a node */
		char *bj = cr_result_json(res, true);
		struct fy_document *bd = fy_document_build_from_malloc_string(NULL, bj, FY_NT); /* owns bj */
		if (!bd)
			free(bj);
		struct fy_node *bn = bd ? fy_node_copy(d, fy_document_root(bd)) : NULL;
		fy_document_destroy(bd);
		cr_j_set(root, "baseline", bn ? bn : cr_j_null(d));
		char *out = cr_j_emit(d, root, false);
		fputs(out, stdout);
		free(out);
		fy_document_destroy(d);
	} else {
		/* short names of the task kinds, in cr_task_ids order */
		static const char *const task_names[CR_TASK_COUNT] = {
			"routine information work", "routine physical work", "analysis", "people", "creating",
			"hands-on work"};
		cr_sb b = {0};
		cr_sb_addf(&b, "%s  %s", o->code, o->title);
		hang_at(&b, app->width, 0, 9);
		if (o->aliases.n) {
			cr_sb_add(&b, "also: ");
			for (size_t i = 0; i < o->aliases.n; i++)
				cr_sb_addf(&b, "%s%s", i ? ", " : "", o->aliases.v[i]);
			hang(&b, app->width);
		}
		cr_sb_addf(&b, "sector: %s", sec ? sec->title : o->sector);
		hang(&b, app->width);
		cr_sb_addf(&b, "outlook to 2033: %s", cr_occ_outlook_ids[o->outlook]);
		hang(&b, app->width);
		cr_sb_add(&b, "typical week:");
		for (int t = 0; t < CR_TASK_COUNT; t++)
			cr_sb_addf(&b, "%s %s %g%%", t ? "," : "", task_names[t], o->tasks[t]);
		hang(&b, app->width);
		cr_sb_addf(&b, "typical AI use %g/100, specialisation %g/100", o->ai_use, o->specialization);
		hang(&b, app->width);
		if (o->has_onet) {
			cr_sb_addf(&b, "O*NET work context (0-1): repeating tasks %.2f, automation %.2f, exactness %.2f, "
				   "unstructured work %.2f", o->onet_repeat, o->onet_automation, o->onet_exact,
				   o->onet_structured);
			hang(&b, app->width);
		}
		if (o->ntasks_all) {
			cr_sb_addf(&b, "exposure to AI %g/100: the mean over its %d O*NET tasks of Eloundou et al.'s (2024) "
				   "labels (E1 1, E2 0.5, E0 0)", o->exposure, o->ntasks_all);
			if (o->observed_coverage >= 0)
				cr_sb_addf(&b, "; observed AI use covers %.0f%% of its work activities (Microsoft 2025)",
					   100 * o->observed_coverage);
			hang(&b, app->width);
			cr_sb_add(&b, "main tasks (O*NET id and exposure, for the task question's answers):");
			hang(&b, app->width);
			for (size_t i = 0; i < o->notasks; i++) {
				char *t = cr_task_short(o->otasks[i].text, 90);
				cr_sb_addf(&b, "  %ld E%d %s", o->otasks[i].id, o->otasks[i].exposure, t);
				free(t);
				hang(&b, app->width);
			}
		}
		print_baseline(res, o, rank, nocc, app->width);
	}
	st = ferror(stdout) ? CR_EIO : CR_OK;
out:
	free(all);
	cr_result_free(res);
	cr_answers_free(as);
	return st;
}

/* ---- occupation list ------------------------------------------------------ */

enum list_format { LIST_TEXT, LIST_CSV, LIST_JSON };

/* Whether any baseline has the exposure dimension (a model that computes it computes it for all). */
static bool any_exposure(const cr_occ_baseline *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i].exposure >= 0)
			return true;
	return false;
}

/*
 * One row a line, the title last and wrapped under its own column, so that
 * no line passes width (80 by default) however long the title.
 */
static void list_text(const cr_occ_baseline *b, size_t n, int width)
{
	bool expo = any_exposure(b, n);
	char head[128];
	int col = snprintf(head, sizeof head, "%-7s %5s %-8s %-6s %4s %3s %4s%s %4s  ", "code", "score", "band",
			   "range", "rout", "ai", "spec", expo ? " expo" : "", "pct");
	printf("%stitle\n", head);
	int w = (width > 40 ? width : 80) - 1;
	for (size_t i = 0; i < n; i++) {
		const cr_occ_baseline *e = &b[i];
		char range[16], ex[16] = "";
		snprintf(range, sizeof range, "%d-%d", e->range_lo, e->range_hi);
		if (expo && e->exposure >= 0)
			snprintf(ex, sizeof ex, " %4d", e->exposure);
		else if (expo)
			snprintf(ex, sizeof ex, " %4s", "-");
		printf("%-7s %5d %-8s %-6s %4d %3d %4d%s %3d%%  ", e->occ->code, e->score, e->band, range,
		       e->routineness, e->ai_usage, e->specialization, ex, e->percentile);
		/* the title, word-wrapped into the columns left */
		const char *p = e->occ->title;
		bool first = true;
		while (*p) {
			int avail = w - col, len = (int)strlen(p);
			if (avail < 20)
				avail = 20;
			if (len > avail) {
				int cut = avail;
				while (cut > 0 && p[cut] != ' ')
					cut--;
				len = cut > 0 ? cut : avail;
			}
			printf("%*s%.*s\n", first ? 0 : col, "", len, p);
			first = false;
			p += len;
			while (*p == ' ')
				p++;
		}
		if (first)
			printf("\n");
	}
}

/* A header row and one row per occupation; exposure is empty where the model does not compute it. */
static void list_csv(const cr_occ_baseline *b, size_t n)
{
	static const char *const cols[] = {"code", "title", "score", "band", "range_low", "range_high", "routineness",
					   "ai_usage", "specialization", "exposure", "percentile"};
	cr_sb line = {0};
	for (size_t c = 0; c < CR_ARRAY_LEN(cols); c++)
		cr_csv_add(&line, cols[c], c == 0);
	printf("%s\n", line.s);
	for (size_t i = 0; i < n; i++) {
		const cr_occ_baseline *e = &b[i];
		line.len = 0;
		line.s[0] = '\0';
		cr_csv_add(&line, e->occ->code, true);
		cr_csv_add(&line, e->occ->title, false);
		cr_csv_add_int(&line, e->score, false);
		cr_csv_add(&line, e->band, false);
		cr_csv_add_int(&line, e->range_lo, false);
		cr_csv_add_int(&line, e->range_hi, false);
		cr_csv_add_int(&line, e->routineness, false);
		cr_csv_add_int(&line, e->ai_usage, false);
		cr_csv_add_int(&line, e->specialization, false);
		if (e->exposure >= 0)
			cr_csv_add_int(&line, e->exposure, false);
		else
			cr_csv_add(&line, "", false);
		cr_csv_add_int(&line, e->percentile, false);
		printf("%s\n", line.s);
	}
	cr_sb_free(&line);
}

/* {"questionnaire", "occupations": [{code, title, score, band, range, dimensions, percentile}]} */
static void list_json(const cr_occ_baseline *b, size_t n, const cr_kb *kb)
{
	struct fy_document *d = cr_j_doc();
	struct fy_node *root = cr_j_map(d);
	cr_j_set(root, "questionnaire", cr_j_str(d, cr_baseline_questionnaire(kb)->id));
	cr_j_set(root, "kb_version", cr_j_str(d, kb->version));
	struct fy_node *seq = cr_j_seq(d);
	for (size_t i = 0; i < n; i++) {
		const cr_occ_baseline *e = &b[i];
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "code", cr_j_str(d, e->occ->code));
		cr_j_set(m, "title", cr_j_str(d, e->occ->title));
		cr_j_set_scores(d, m, &(cr_j_scores){.score = e->score, .band = e->band, .range_lo = e->range_lo,
						     .range_hi = e->range_hi, .routineness = e->routineness,
						     .ai_usage = e->ai_usage, .specialization = e->specialization});
		/* exposure only when computed, and only once should the shared shape come to carry it */
		struct fy_node *dims = fy_node_mapping_lookup_by_string(m, "dimensions", FY_NT);
		if (e->exposure >= 0 && dims && !fy_node_mapping_lookup_by_string(dims, "exposure", FY_NT))
			cr_j_set(dims, "exposure", cr_j_int(d, e->exposure));
		cr_j_set(m, "percentile", cr_j_int(d, e->percentile));
		cr_j_push(seq, m);
	}
	cr_j_set(root, "occupations", seq);
	char *out = cr_j_emit(d, root, false);
	fputs(out, stdout);
	free(out);
	fy_document_destroy(d);
}

enum cr_status cmd_occupation_list(cr_app *app, const cr_args *a)
{
	static const char *const formats[] = {"text", "csv", "json"}; /* enum list_format order */
	enum list_format fmt = LIST_TEXT;
	const char *format = cr_args_get(a, CR_OPT_FORMAT);
	if (format) {
		size_t k = 0;
		while (k < CR_ARRAY_LEN(formats) && strcmp(format, formats[k]))
			k++;
		if (k == CR_ARRAY_LEN(formats))
			return cr_app_usage(app, "occupation list", "unknown format '%s' (text, csv or json)", format);
		fmt = (enum list_format)k;
	}
	cr_occ_baseline *all = NULL;
	size_t n = 0;
	enum cr_status st = cr_catalogue_baselines(app->kb, &all, &n, &app->diags);
	if (st)
		return st;
	if (fmt == LIST_CSV)
		list_csv(all, n);
	else if (fmt == LIST_JSON)
		list_json(all, n, app->kb);
	else
		list_text(all, n, app->width);
	free(all);
	return ferror(stdout) ? CR_EIO : CR_OK;
}
