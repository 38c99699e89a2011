/*
 * render_occupation.c - `occupation show` and `occupation list` as text and
 * JSON (see format.h). The record and the baseline come from the catalogue
 * and the engine; this file only lays them out.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/answers.h"
#include "../core/json.h"
#include "../core/util.h"
#include "format.h"

/* Writes b's text, `first` spaces in, continuation lines `next`, one column short of width; empties b. */
static void record_line(FILE *out, cr_sb *b, int first, int next, int width)
{
	char lead[16];
	snprintf(lead, sizeof lead, "%*s", first, "");
	cr_wrap_hang(out, lead, b->s ? b->s : "", next, width - 1);
	cr_sb_free(b);
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
static void print_baseline(FILE *out, const cr_result *r, const cr_occupation *o, const cr_occ_baseline *rank,
			   size_t nocc, int width)
{
	const cr_kb *kb = r->kb;
	/* one column short of the width, as the record above it, so no line touches the edge */
	int w = (width > 40 ? width : 80) - 1;
	if (w > 99)
		w = 99;
	fprintf(out, "\nBaseline: a typical worker in this occupation, before their own answers\n");
	char *line = cr_xprintf("the %s questionnaire with only the occupation and its typical week answered, "
				"scored by the same engine as `career-risk assess`", r->q->id);
	cr_wrap(out, line, 2, w);
	free(line);
	fprintf(out, "  score %d / 100 (%s), likely range %d-%d\n", r->score, r->band, r->range_lo, r->range_hi);
	if (rank) {
		line = rank_sentence(rank, nocc);
		cr_wrap(out, line, 2, w);
		free(line);
	}
	if (r->exposure >= 0)
		fprintf(out, "  routineness %d, AI use %d, specialisation %d, exposure %d (each 0-100)\n", r->routineness,
		       r->ai_usage, r->specialization, r->exposure);
	else
		fprintf(out, "  routineness %d, AI use %d, specialisation %d (each 0-100)\n", r->routineness, r->ai_usage,
		       r->specialization);
	if (o->nexposures) {
		/* others' estimates beside ours, each saying whose it is and what it measures */
		fprintf(out, "\n  Published estimates for this occupation, for comparison (not in the score)\n");
		for (size_t i = 0; i < o->nexposures; i++) {
			cr_sb b = {0};
			add_exposure(&b, kb, &o->exposures[i]);
			cr_wrap_prefixed(out, "  - ", b.s, w);
			cr_sb_free(&b);
		}
	}

	if (r->nfired) {
		const cr_fired **order = cr_xmalloc(r->nfired * sizeof *order);
		for (size_t i = 0; i < r->nfired; i++)
			order[i] = &r->fired[i];
		qsort(order, r->nfired, sizeof *order, by_effect);
		size_t n = r->nfired < BASELINE_RULES ? r->nfired : BASELINE_RULES;
		fprintf(out, "\n  Main reasons (largest effects first)\n");
		for (size_t i = 0; i < n; i++) {
			const cr_fired *f = order[i];
			fprintf(out, "  %+6.1f  %s\n", f->effect, f->rule->id);
			char *why = cr_fired_reason(r, f);
			cr_wrap(out, why, 10, w);
			free(why);
			cr_sb b = {0};
			cr_sb_add(&b, "sources: ");
			for (size_t j = 0; j < f->rule->sources.n; j++)
				cr_sb_addf(&b, "%s%s", j ? ", " : "", f->rule->sources.v[j]);
			cr_wrap(out, b.s, 10, w);
			cr_sb_free(&b);
		}
		if (r->nfired > n)
			fprintf(out, "  (%zu more rule%s with smaller effects; --format json lists every one)\n", r->nfired - n,
			       r->nfired - n == 1 ? "" : "s");
		free(order);
	}

	if (r->nadvice) {
		size_t n = r->nadvice < BASELINE_ADVICE ? r->nadvice : BASELINE_ADVICE;
		fprintf(out, "\n  First steps\n");
		for (size_t i = 0; i < n; i++) {
			const cr_advice *a = &r->advice[i];
			char num[16];
			snprintf(num, sizeof num, "  %zu. ", i + 1);
			cr_wrap_prefixed(out, num, a->rec->title, w);
			line = cr_xprintf("this %s, %s effort, impact %d/5 (because: %s)", cr_horizon_ids[a->rec->horizon],
					  cr_effort_ids[a->rec->effort], a->rec->impact, a->because->id);
			cr_wrap(out, line, 5, w);
			free(line);
		}
		if (r->nadvice > n)
			fprintf(out, "  (%zu more recommendation%s in --format json)\n", r->nadvice - n,
			       r->nadvice - n == 1 ? "" : "s");
	}

	if (r->ntrans) {
		fprintf(out, "\n  Growing roles within reach\n");
		for (size_t i = 0; i < r->ntrans; i++) {
			const cr_role *role = r->trans[i].role;
			line = cr_xprintf("%s: about %d-%d months to be productive", role->title, role->months_lo,
					  role->months_hi);
			cr_wrap_prefixed(out, "  - ", line, w);
			free(line);
			cr_wrap(out, role->summary, 4, w);
		}
	}
	fprintf(out, "\n  Your own tasks, AI use and niche can move this a long way:\n"
	       "  `career-risk assess` takes them into account.\n");
}

enum cr_status cr_render_occupation_text(FILE *out, const cr_occupation_view *v, const cr_render_opts *opts)
{
	const cr_occupation *o = v->o;
	const cr_kb *kb = v->baseline->kb;
	const cr_sector *sec = cr_kb_sector(kb, o->sector);
	int width = opts->width;
	/* short names of the task kinds, in cr_task_ids order */
	static const char *const task_names[CR_TASK_COUNT] = {
		"routine information work", "routine physical work", "analysis", "people", "creating",
		"hands-on work"};
	cr_sb b = {0};
	cr_sb_addf(&b, "%s  %s", o->code, o->title);
	record_line(out, &b, 0, 9, width);
	if (o->aliases.n) {
		cr_sb_add(&b, "also: ");
		for (size_t i = 0; i < o->aliases.n; i++)
			cr_sb_addf(&b, "%s%s", i ? ", " : "", o->aliases.v[i]);
		record_line(out, &b, 2, 4, width);
	}
	cr_sb_addf(&b, "sector: %s", sec ? sec->title : o->sector);
	record_line(out, &b, 2, 4, width);
	cr_sb_addf(&b, "outlook to 2033: %s", cr_occ_outlook_ids[o->outlook]);
	record_line(out, &b, 2, 4, width);
	cr_sb_add(&b, "typical week:");
	for (int t = 0; t < CR_TASK_COUNT; t++)
		cr_sb_addf(&b, "%s %s %g%%", t ? "," : "", task_names[t], o->tasks[t]);
	record_line(out, &b, 2, 4, width);
	cr_sb_addf(&b, "typical AI use %g/100, specialisation %g/100", o->ai_use, o->specialization);
	record_line(out, &b, 2, 4, width);
	if (o->has_onet) {
		cr_sb_addf(&b, "O*NET work context (0-1): repeating tasks %.2f, automation %.2f, exactness %.2f, "
			   "unstructured work %.2f", o->onet_repeat, o->onet_automation, o->onet_exact,
			   o->onet_structured);
		record_line(out, &b, 2, 4, width);
	}
	if (o->ntasks_all) {
		cr_sb_addf(&b, "exposure to AI %g/100: the mean over its %d O*NET tasks of Eloundou et al.'s (2024) "
			   "labels (E1 1, E2 0.5, E0 0), each task counted once (the baseline's exposure below "
			   "weighs them by the typical week's time on each kind of task)",
			   o->exposure, o->ntasks_all);
		if (o->observed_coverage >= 0)
			cr_sb_addf(&b, "; observed AI use covers %.0f%% of its work activities (Microsoft 2025)",
				   100 * o->observed_coverage);
		record_line(out, &b, 2, 4, width);
		cr_sb_add(&b, "main tasks (O*NET id and exposure, for the task question's answers):");
		record_line(out, &b, 2, 4, width);
		for (size_t i = 0; i < o->notasks; i++) {
			char *t = cr_task_short(o->otasks[i].text, 90);
			cr_sb_addf(&b, "  %ld E%d %s", o->otasks[i].id, o->otasks[i].exposure, t);
			free(t);
			record_line(out, &b, 2, 4, width);
		}
	}
	print_baseline(out, v->baseline, o, v->rank, v->nocc, width);
	return ferror(out) ? CR_EIO : CR_OK;
}

enum cr_status cr_render_occupation_json(FILE *out, const cr_occupation_view *v, const cr_render_opts *opts)
{
	(void)opts;
	const cr_occupation *o = v->o;
	const cr_kb *kb = v->baseline->kb;
	const cr_result *res = v->baseline;
	const cr_occ_baseline *rank = v->rank;
	size_t nocc = v->nocc;
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
	char *text = cr_j_emit(d, root, false);
	fputs(text, out);
	free(text);
	fy_document_destroy(d);
	return ferror(out) ? CR_EIO : CR_OK;
}

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
enum cr_status cr_render_occupations_text(FILE *out, const cr_occupations_view *v, const cr_render_opts *o)
{
	const cr_occ_baseline *b = v->v;
	size_t n = v->n;
	bool expo = any_exposure(b, n);
	char head[128];
	int col = snprintf(head, sizeof head, "%-7s %5s %-8s %-6s %4s %3s %4s%s %4s  ", "code", "score", "band",
			   "range", "rout", "ai", "spec", expo ? " expo" : "", "pct");
	fprintf(out, "%stitle\n", head);
	int w = (o->width > 40 ? o->width : 80) - 1;
	for (size_t i = 0; i < n; i++) {
		const cr_occ_baseline *e = &b[i];
		char range[16], ex[16] = "", row[160];
		snprintf(range, sizeof range, "%d-%d", e->range_lo, e->range_hi);
		if (expo && e->exposure >= 0)
			snprintf(ex, sizeof ex, " %4d", e->exposure);
		else if (expo)
			snprintf(ex, sizeof ex, " %4s", "-");
		snprintf(row, sizeof row, "%-7s %5d %-8s %-6s %4d %3d %4d%s %3d%%  ", e->occ->code, e->score, e->band,
			 range, e->routineness, e->ai_usage, e->specialization, ex, e->percentile);
		/* the title, word-wrapped into the columns left */
		cr_wrap_hang(out, row, e->occ->title, col, w);
	}
	return ferror(out) ? CR_EIO : CR_OK;
}

/* {"questionnaire", "occupations": [{code, title, score, band, range, dimensions, percentile}]} */
enum cr_status cr_render_occupations_json(FILE *out, const cr_occupations_view *v, const cr_render_opts *o)
{
	(void)o;
	const cr_occ_baseline *b = v->v;
	size_t n = v->n;
	const cr_kb *kb = v->kb;
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
	char *text = cr_j_emit(d, root, false);
	fputs(text, out);
	free(text);
	fy_document_destroy(d);
	return ferror(out) ? CR_EIO : CR_OK;
}

/*
 * `occupation search`: "29-1141  Registered Nurses", with the alias it matched
 * through, continuation lines under the title, one column short of width; then
 * "...and 36 more; ..." when the list was cut, with how to narrow it (by code
 * when the query was one).
 */
enum cr_status cr_render_matches(FILE *out, const cr_occ_match *m, size_t n, size_t total, bool code,
				 const char *indent, int width)
{
	for (size_t i = 0; i < n; i++) {
		const cr_occupation *o = m[i].occ;
		/* knowledge-base texts: escaped whole, a line break in them shown rather than obeyed */
		char *title = cr_vis(o->title, 0, 0), *alias = m[i].alias ? cr_vis(m[i].alias, 0, 0) : NULL;
		char *line = alias ? cr_xprintf("%s  %s (as \"%s\")", o->code, title, alias)
				   : cr_xprintf("%s  %s", o->code, title);
		free(title);
		free(alias);
		cr_wrap_hang(out, indent, line, (int)strlen(indent) + (int)strlen(o->code) + 2, width - 1);
		free(line);
	}
	if (total > n)
		fprintf(out, "%s...and %zu more; %s\n", indent, total - n,
			code ? "give a longer code prefix (such as 43-90) to narrow" : "add a word of the title to narrow");
	return ferror(out) ? CR_EIO : CR_OK;
}
