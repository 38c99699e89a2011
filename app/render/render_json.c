/* render_json.c - the result as JSON, with the fields the brief names (see render.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/json.h"
#include "../core/util.h"
#include "render.h"

static struct fy_node *strs(struct fy_document *d, const cr_strs *s)
{
	struct fy_node *seq = cr_j_seq(d);
	for (size_t i = 0; i < s->n; i++)
		cr_j_push(seq, cr_j_str(d, s->v[i]));
	return seq;
}

/* Every source the result cites, once each, in first-cited order. */
static void cite(const cr_kb *kb, const cr_strs *ids, const cr_source **seen, size_t *n)
{
	for (size_t i = 0; i < ids->n; i++) {
		const cr_source *s = cr_kb_source(kb, ids->v[i]);
		bool dup = false;
		for (size_t j = 0; j < *n && !dup; j++)
			dup = seen[j] == s;
		if (s && !dup)
			seen[(*n)++] = s;
	}
}

/* A knowledge file's path relative to the knowledge directory ("rules/tasks.yaml"), so output names no local path. */
static const char *kb_relative(const cr_kb *kb, const char *path)
{
	size_t n = strlen(kb->dir);
	if (strncmp(path, kb->dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	const char *base = strrchr(path, '/');
	return base ? base + 1 : path;
}

char *cr_result_json(const cr_result *r, bool oneline)
{
	const cr_kb *kb = r->kb;
	struct fy_document *d = cr_j_doc();
	struct fy_node *root = cr_j_map(d);
	const cr_source **seen = cr_xcalloc(kb->nsources + 1, sizeof *seen);
	size_t nseen = 0;

	cr_j_set_scores(d, root, &(cr_j_scores){r->score, r->band, r->range_lo, r->range_hi, r->routineness, r->ai_usage,
						r->specialization, r->exposure});
	cr_j_set(root, "model", cr_j_int(d, CR_MODEL_VERSION));

	struct fy_node *occ = r->occ ? cr_j_map(d) : cr_j_null(d); /* an unused node would leak */
	if (r->occ) {
		cr_j_set(occ, "code", cr_j_str(d, r->occ->code));
		cr_j_set(occ, "title", cr_j_str(d, r->occ->title));
		cr_j_set(occ, "outlook", cr_j_str(d, cr_occ_outlook_ids[r->occ->outlook]));
		/* median annual pay, US dollars (BLS OEWS May 2024); null when BLS publishes none */
		cr_j_set(occ, "median_wage", r->occ->median_wage >= 0 ? cr_j_int(d, r->occ->median_wage) : cr_j_null(d));
	}
	cr_j_set(root, "occupation", occ);
	struct fy_node *sec = r->sector ? cr_j_map(d) : cr_j_null(d); /* an unused node would leak */
	if (r->sector) {
		cr_j_set(sec, "id", cr_j_str(d, r->sector->id));
		cr_j_set(sec, "title", cr_j_str(d, r->sector->title));
		cr_j_set(sec, "outlook", cr_j_str(d, cr_outlook_ids[r->sector->outlook]));
	}
	cr_j_set(root, "sector", sec);
	struct fy_node *reg = r->region ? cr_j_map(d) : cr_j_null(d); /* an unused node would leak */
	if (r->region) {
		cr_j_set(reg, "id", cr_j_str(d, r->region->id));
		cr_j_set(reg, "title", cr_j_str(d, r->region->title));
		cr_j_set(reg, "outlook", cr_j_str(d, cr_outlook_ids[r->region->outlook]));
	}
	cr_j_set(root, "region", reg);

	struct fy_node *rules = cr_j_seq(d);
	for (size_t i = 0; i < r->nfired; i++) {
		const cr_rule *ru = r->fired[i].rule;
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "id", cr_j_str(d, ru->id));
		cr_j_set(m, "effect", cr_j_num(d, r->fired[i].effect));
		cr_j_set(m, "nominal", cr_j_num(d, r->fired[i].nominal));
		cr_j_set(m, "theme", cr_j_str(d, ru->theme->id));
		char *why = cr_fired_reason(r, &r->fired[i]); /* in the person's own sector's and region's figures */
		cr_j_set(m, "reason", cr_j_str(d, why));
		free(why);
		cr_j_set(m, "when", cr_j_str(d, ru->when_text));
		cr_j_set(m, "sources", strs(d, &ru->sources));
		struct fy_node *lim = cr_j_seq(d);
		if (r->fired[i].limits & CR_LIMIT_THEME)
			cr_j_push(lim, cr_j_str(d, "theme"));
		if (r->fired[i].limits & CR_LIMIT_PROTECTION)
			cr_j_push(lim, cr_j_str(d, "protection"));
		cr_j_set(m, "limited_by", lim);
		cr_j_set(m, "file", cr_j_str(d, kb_relative(kb, ru->loc.file)));
		cr_j_set(m, "line", cr_j_int(d, ru->loc.line));
		cr_j_push(rules, m);
		cite(kb, &ru->sources, seen, &nseen);
	}
	cr_j_set(root, "rules", rules);
	/* When the sum of effects leaves 0-100, by how much the score was clamped (rounding is not clamping). */
	cr_j_set(root, "raw", cr_j_num(d, r->raw));
	cr_j_set(root, "clamped", cr_j_num(d, r->raw < 0 ? -r->raw : r->raw > 100 ? 100 - r->raw : 0));
	struct fy_node *range = cr_j_map(d);
	cr_j_set(range, "half_width", cr_j_int(d, r->range_half));
	cr_j_set(range, "base", cr_j_int(d, r->range_base));
	cr_j_set(range, "missing", cr_j_int(d, r->range_missing));
	cr_j_set(range, "inconsistent", cr_j_int(d, r->range_flags));
	struct fy_node *miss = cr_j_seq(d);
	static const char *const why[] = {"skipped", "omitted", "not_in_questionnaire"};
	for (size_t i = 0; i < r->nmissing; i++) {
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "question", cr_j_str(d, r->missing[i].id));
		cr_j_set(m, "width", cr_j_int(d, r->missing[i].width));
		cr_j_set(m, "why", cr_j_str(d, why[r->missing[i].why]));
		cr_j_push(miss, m);
	}
	cr_j_set(range, "missing_answers", miss);
	cr_j_set(root, "range_reason", range);

	struct fy_node *recs = cr_j_seq(d);
	for (size_t i = 0; i < r->nadvice; i++) {
		const cr_advice *a = &r->advice[i];
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "id", cr_j_str(d, a->rec->id));
		cr_j_set(m, "title", cr_j_str(d, a->rec->title));
		cr_j_set(m, "priority", cr_j_int(d, a->priority));
		cr_j_set(m, "horizon", cr_j_str(d, cr_horizon_ids[a->rec->horizon]));
		cr_j_set(m, "effort", cr_j_str(d, cr_effort_ids[a->rec->effort]));
		cr_j_set(m, "impact", cr_j_int(d, a->rec->impact));
		cr_j_set(m, "detail", cr_j_str(d, a->rec->detail));
		cr_j_set(m, "because", cr_j_str(d, a->because->id));
		const char *goal = cr_result_goal(r, a->serves_goal);
		cr_j_set(m, "serves_goal", goal ? cr_j_str(d, goal) : cr_j_null(d));
		cr_j_set(m, "creditable", cr_j_bool(d, a->creditable));
		cr_j_set(m, "sources", strs(d, &a->rec->sources));
		cr_j_push(recs, m);
		cite(kb, &a->rec->sources, seen, &nseen);
	}
	cr_j_set(root, "recommendations", recs);
	struct fy_node *goals = cr_j_seq(d); /* the person's goals as written, which serves_goal quotes */
	for (size_t i = 0; i < r->ngoals; i++)
		cr_j_push(goals, cr_j_str(d, r->goals[i]));
	cr_j_set(root, "goals", goals);
	/* the person's tasks (issue 16): the most and least exposed, and the note the first advice carries */
	struct fy_node *tk = cr_j_map(d);
	cr_j_set(tk, "own", cr_j_bool(d, r->tasks_own));
	for (int most = 1; most >= 0; most--) {
		const cr_task_time *v[5];
		size_t n = cr_result_ranked_tasks(r, most, v, most ? 3 : 2);
		struct fy_node *seq = cr_j_seq(d);
		for (size_t i = 0; i < n; i++) {
			static const char *const el[3] = {"E0", "E1", "E2"}, *const tl[5] = {"T0", "T1", "T2", "T3", "T4"};
			struct fy_node *m = cr_j_map(d);
			cr_j_set(m, "id", cr_j_int(d, (int)v[i]->task->id));
			cr_j_set(m, "text", cr_j_str(d, v[i]->task->text));
			cr_j_set(m, "kind", cr_j_str(d, cr_task_ids[v[i]->task->kind]));
			cr_j_set(m, "exposure", cr_j_str(d, el[v[i]->task->exposure]));
			cr_j_set(m, "automation", cr_j_str(d, tl[v[i]->task->automation]));
			cr_j_set(m, "time", v[i]->level >= 0 ? cr_j_str(d, cr_task_time_ids[v[i]->level]) : cr_j_null(d));
			cr_j_push(seq, m);
		}
		cr_j_set(tk, most ? "most_exposed" : "least_exposed", seq);
	}
	char *note = cr_task_note(r);
	cr_j_set(tk, "note", note ? cr_j_str(d, note) : cr_j_null(d));
	free(note);
	cr_j_set(root, "tasks", tk);
	struct fy_node *plan = cr_j_seq(d);
	for (int st = 0; st < 4; st++) {
		if (r->plan[st] < 0)
			continue;
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "step", cr_j_int(d, st + 1));
		cr_j_set(m, "title", cr_j_str(d, cr_plan_steps[st]));
		cr_j_set(m, "recommendation", cr_j_str(d, r->advice[r->plan[st]].rec->id));
		cr_j_push(plan, m);
	}
	cr_j_set(root, "plan", plan);

	struct fy_node *trans = cr_j_seq(d);
	for (size_t i = 0; i < r->ntrans; i++) {
		const cr_transition *t = &r->trans[i];
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "role", cr_j_str(d, t->role->id));
		cr_j_set(m, "title", cr_j_str(d, t->role->title));
		cr_j_set(m, "summary", cr_j_str(d, t->role->summary));
		struct fy_node *months = cr_j_seq(d);
		cr_j_push(months, cr_j_int(d, t->role->months_lo));
		cr_j_push(months, cr_j_int(d, t->role->months_hi));
		cr_j_set(m, "months", months);
		cr_j_set(m, "fit", t->fit >= 0 ? cr_j_int(d, t->fit) : cr_j_null(d));
		cr_j_set(m, "from_your_occupation", cr_j_bool(d, t->from_match));
		const char *tgoal = cr_result_goal(r, t->serves_goal);
		cr_j_set(m, "serves_goal", tgoal ? cr_j_str(d, tgoal) : cr_j_null(d));
		struct fy_node *add = cr_j_seq(d);
		for (size_t j = 0; j < t->nadd; j++)
			cr_j_push(add, cr_j_str(d, t->add[j]));
		cr_j_set(m, "skills_to_add", add);
		cr_j_set(m, "soc", t->role->soc ? cr_j_str(d, t->role->soc) : cr_j_null(d));
		cr_j_set(m, "median_wage", t->role->median_wage >= 0 ? cr_j_int(d, t->role->median_wage) : cr_j_null(d));
		cr_j_set(m, "sources", strs(d, &t->role->sources));
		cr_j_push(trans, m);
		cite(kb, &t->role->sources, seen, &nseen);
	}
	cr_j_set(root, "transitions", trans);

	struct fy_node *sens = cr_j_seq(d);
	for (size_t i = 0; i < r->nsens; i++) {
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "change", cr_j_str(d, r->sens[i].change));
		cr_j_set(m, "question", cr_j_str(d, r->sens[i].question));
		cr_j_set(m, "score_after", cr_j_int(d, r->sens[i].score_after));
		cr_j_set(m, "delta", cr_j_int(d, r->sens[i].delta));
		cr_j_push(sens, m);
	}
	cr_j_set(root, "sensitivity", sens);

	struct fy_node *warn = cr_j_seq(d);
	for (int w = 1; w < 4; w++)
		if (r->warnings & (1u << w))
			cr_j_push(warn, cr_j_str(d, cr_warning_ids[w]));
	cr_j_set(root, "warnings", warn);
	struct fy_node *cons = cr_j_seq(d);
	for (size_t i = 0; i < r->nflags; i++) {
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "id", cr_j_str(d, r->flags[i].id));
		cr_j_set(m, "text", cr_j_str(d, r->flags[i].text));
		cr_j_push(cons, m);
	}
	cr_j_set(root, "consistency", cons);
	struct fy_node *unasked = cr_j_seq(d);
	for (size_t i = 0; i < r->nunasked; i++) {
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "question", cr_j_str(d, r->unasked[i]->id));
		cr_j_set(m, "ask_if", cr_j_str(d, r->unasked[i]->ask_if_text ? r->unasked[i]->ask_if_text : ""));
		cr_j_push(unasked, m);
	}
	cr_j_set(root, "not_counted", unasked);
	cr_j_set(root, "answered", cr_j_int(d, r->answered));
	cr_j_set(root, "skipped", cr_j_int(d, r->skipped));
	cr_j_set(root, "questionnaire", cr_j_str(d, r->q->id));
	cr_j_set(root, "kb_version", cr_j_str(d, kb->version));

	cite(kb, &kb->model_sources, seen, &nseen);
	struct fy_node *srcs = cr_j_seq(d);
	for (size_t i = 0; i < nseen; i++) {
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "id", cr_j_str(d, seen[i]->id));
		cr_j_set(m, "title", cr_j_str(d, seen[i]->title));
		cr_j_set(m, "publisher", cr_j_str(d, seen[i]->publisher));
		cr_j_set(m, "year", cr_j_int(d, seen[i]->year));
		cr_j_set(m, "url", cr_j_str(d, seen[i]->url));
		cr_j_push(srcs, m);
	}
	cr_j_set(root, "sources", srcs);
	free(seen);
	char *s = cr_j_emit(d, root, oneline);
	fy_document_destroy(d);
	return s;
}

enum cr_status cr_render_json_doc(FILE *out, struct fy_document *d, struct fy_node *root)
{
	char *text = cr_j_emit(d, root, false);
	fy_document_destroy(d);
	fputs(text, out);
	fputc('\n', out);
	free(text);
	return ferror(out) ? CR_EIO : CR_OK;
}

enum cr_status cr_render_json(FILE *out, const cr_result *r)
{
	char *s = cr_result_json(r, false);
	fputs(s, out);
	free(s);
	return ferror(out) ? CR_EIO : CR_OK;
}
