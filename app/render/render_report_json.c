/* render_report_json.c - profiles, history, comparisons, progress, reports and exports as JSON (see report.h). */
#include <stdlib.h>
#include <string.h>

#include "../core/json.h"
#include "../core/util.h"
#include "report.h"

/* libfyaml insists on an output function for its diagnostics; embed() has nothing to say with them. */
static void quiet(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	(void)diag, (void)user, (void)buf, (void)len;
}

/*
 * A JSON text the engine or the store wrote, parsed back in as a node of d;
 * null when it does not parse. The store checks every stored result before
 * handing it over (a damaged one is a storage error, never a null here), so
 * null is only for a damaged answer.
 * Ownership: the copy goes to libfyaml, which keeps it alive as long as a node
 * copied from it (into d) refers to it, and frees it itself, also when the
 * parse fails: freeing it here too was the double free of D3. Its diagnostics
 * go to `quiet`, not stderr.
 */
static struct fy_node *embed(struct fy_document *d, const char *json)
{
	if (!json)
		return cr_j_null(d);
	struct fy_diag_cfg dcfg;
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = quiet;
	dcfg.colorize = false;
	struct fy_diag *diag = fy_diag_create(&dcfg);
	struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET, .diag = diag};
	struct fy_document *src = diag ? fy_document_build_from_malloc_string(&cfg, cr_xstrdup(json), FY_NT) : NULL;
	struct fy_node *n = src && fy_document_root(src) ? fy_node_copy(d, fy_document_root(src)) : NULL;
	fy_document_destroy(src);
	fy_diag_destroy(diag);
	return n ? n : cr_j_null(d);
}

static enum cr_status emit(FILE *out, struct fy_document *d, struct fy_node *root)
{
	char *s = cr_j_emit(d, root, false);
	fputs(s, out);
	free(s);
	fy_document_destroy(d);
	return ferror(out) ? CR_EIO : CR_OK;
}

/* notes: include the session's counsellor notes (a report leaves them out unless --notes asks). */
static struct fy_node *session_node(struct fy_document *d, const cr_progress *p, const cr_session_info *s,
				    bool result, bool answers, bool notes_too)
{
	struct fy_node *m = cr_j_map(d);
	cr_j_set(m, "number", cr_j_int(d, s->num));
	cr_j_set(m, "status", cr_j_str(d, s->status));
	cr_j_set(m, "questionnaire", cr_j_str(d, s->questionnaire));
	cr_j_set(m, "kb_version", cr_j_str(d, s->kb_version));
	cr_j_set(m, "started_at", cr_j_str(d, s->started_at));
	cr_j_set(m, "finished_at", cr_j_str(d, s->finished_at));
	if (s->scored) {
		cr_j_set_scores(d, m, &(cr_j_scores){s->score, s->band, s->range_lo, s->range_hi, s->routineness,
						     s->ai_usage, s->specialization, s->exposure});
		const cr_session_info *prev = cr_progress_previous(p, s);
		cr_j_set(m, "change", prev ? cr_j_int(d, s->score - prev->score) : cr_j_null(d));
	} else {
		cr_j_set(m, "score", cr_j_null(d));
	}
	struct fy_node *notes = cr_j_seq(d);
	for (size_t i = 0; notes_too && i < p->nnotes; i++)
		if (p->notes[i].session == s->num) {
			struct fy_node *n = cr_j_map(d);
			cr_j_set(n, "created_at", cr_j_str(d, p->notes[i].created_at));
			cr_j_set(n, "text", cr_j_str(d, p->notes[i].body));
			cr_j_push(notes, n);
		}
	cr_j_set(m, "notes", notes);
	if (answers) {
		struct fy_node *a = cr_j_map(d);
		for (size_t i = 0; i < s->nanswers; i++)
			cr_j_set(a, s->answers[i].question, embed(d, s->answers[i].json));
		cr_j_set(m, "answers", a);
		struct fy_node *at = cr_j_map(d);
		for (size_t i = 0; i < s->nanswers; i++)
			cr_j_set(at, s->answers[i].question, cr_j_str(d, s->answers[i].answered_at));
		cr_j_set(m, "answered_at", at);
	} else {
		cr_j_set(m, "answered", cr_j_int(d, (long long)s->nanswers));
	}
	if (result)
		cr_j_set(m, "result", embed(d, s->result_json));
	return m;
}

static struct fy_node *plan_node(struct fy_document *d, const cr_progress *p)
{
	struct fy_node *seq = cr_j_seq(d);
	for (size_t i = 0; i < p->nitems; i++) {
		const cr_plan_item *it = &p->items[i];
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "number", cr_j_int(d, it->num));
		cr_j_set(m, "id", cr_j_str(d, it->rec_id));
		cr_j_set(m, "title", cr_j_str(d, it->title));
		cr_j_set(m, "horizon", cr_j_str(d, it->horizon));
		cr_j_set(m, "priority", cr_j_int(d, it->priority));
		cr_j_set(m, "status", cr_j_str(d, cr_item_status_ids[it->status]));
		cr_j_set(m, "created_at", cr_j_str(d, it->created_at));
		cr_j_set(m, "started_at", cr_j_str(d, it->started_at));
		cr_j_set(m, "done_at", cr_j_str(d, it->done_at));
		cr_j_set(m, "dropped_at", cr_j_str(d, it->dropped_at));
		cr_j_set(m, "first_session", it->first_session ? cr_j_int(d, it->first_session) : cr_j_null(d));
		cr_j_set(m, "last_session", it->last_session ? cr_j_int(d, it->last_session) : cr_j_null(d));
		cr_j_set(m, "recommended_now", cr_j_bool(d, it->current));
		struct fy_node *cs = cr_j_seq(d);
		for (size_t k = 0; k < p->ncredits; k++)
			if (p->credits[k].item == it->num) {
				struct fy_node *c = cr_j_map(d);
				cr_j_set(c, "session", cr_j_int(d, p->credits[k].session));
				cr_j_set(c, "still_recommended", cr_j_bool(d, p->credits[k].still_recommended));
				cr_j_push(cs, c);
			}
		cr_j_set(m, "credits", cs);
		cr_j_push(seq, m);
	}
	return seq;
}

enum cr_status cr_render_profiles_json(FILE *out, const cr_profiles *l)
{
	struct fy_document *d = cr_j_doc();
	struct fy_node *root = cr_j_seq(d);
	for (size_t i = 0; i < l->n; i++) {
		const cr_profile_info *p = &l->v[i];
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "name", cr_j_str(d, p->name));
		cr_j_set(m, "created_at", cr_j_str(d, p->created_at));
		cr_j_set(m, "sessions", cr_j_int(d, p->nsessions));
		cr_j_set(m, "last_session", p->last_num ? cr_j_int(d, p->last_num) : cr_j_null(d));
		cr_j_set(m, "last_at", cr_j_str(d, p->last_at));
		cr_j_set(m, "score", p->last_num ? cr_j_int(d, p->last_score) : cr_j_null(d));
		cr_j_set(m, "band", cr_j_str(d, p->last_band));
		cr_j_set(m, "trend", p->last_num && p->prev_score >= 0 ? cr_j_int(d, p->last_score - p->prev_score)
								     : cr_j_null(d));
		cr_j_set(m, "plan_open", cr_j_int(d, p->nitems_open));
		cr_j_set(m, "plan_done", cr_j_int(d, p->nitems_done));
		cr_j_push(root, m);
	}
	return emit(out, d, root);
}

enum cr_status cr_render_history_json(FILE *out, const cr_progress *p)
{
	struct fy_document *d = cr_j_doc();
	struct fy_node *root = cr_j_map(d);
	cr_j_set(root, "profile", cr_j_str(d, p->profile));
	struct fy_node *seq = cr_j_seq(d);
	for (size_t i = 0; i < p->nsessions; i++)
		cr_j_push(seq, session_node(d, p, &p->sessions[i], false, false, true));
	cr_j_set(root, "sessions", seq);
	return emit(out, d, root);
}

static struct fy_node *rule_changes(struct fy_document *d, const cr_rule_change *v, size_t n)
{
	struct fy_node *seq = cr_j_seq(d);
	for (size_t i = 0; i < n; i++) {
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "id", cr_j_str(d, v[i].id));
		cr_j_set(m, "before", cr_j_num(d, v[i].before));
		cr_j_set(m, "after", cr_j_num(d, v[i].after));
		cr_j_push(seq, m);
	}
	return seq;
}

static struct fy_node *rec_list(struct fy_document *d, const cr_snap_rec *const *v, size_t n)
{
	struct fy_node *seq = cr_j_seq(d);
	for (size_t i = 0; i < n; i++) {
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "id", cr_j_str(d, v[i]->id));
		cr_j_set(m, "title", cr_j_str(d, v[i]->title));
		cr_j_push(seq, m);
	}
	return seq;
}

static struct fy_node *comparison_node(struct fy_document *d, const cr_session_info *sa, const cr_session_info *sb,
				       const cr_snapshot *a, const cr_snapshot *b, const cr_comparison *c)
{
	struct fy_node *m = cr_j_map(d);
	cr_j_set(m, "from", cr_j_int(d, sa->num));
	cr_j_set(m, "to", cr_j_int(d, sb->num));
	struct fy_node *score = cr_j_map(d);
	cr_j_set(score, "before", cr_j_int(d, a->score));
	cr_j_set(score, "after", cr_j_int(d, b->score));
	cr_j_set(score, "change", cr_j_int(d, c->score));
	cr_j_set(m, "score", score);
	cr_j_set(m, "band", cr_j_str(d, b->band));
	cr_j_set(m, "band_before", cr_j_str(d, a->band));
	struct fy_node *dims = cr_j_map(d);
	const char *names[] = {"routineness", "ai_usage", "specialization", "exposure"};
	int before[] = {a->routineness, a->ai_usage, a->specialization, a->exposure};
	int after[] = {b->routineness, b->ai_usage, b->specialization, b->exposure};
	for (int k = 0; k < 4; k++) {
		if (before[k] < 0 || after[k] < 0) { /* a result stored before the dimension existed */
			cr_j_set(dims, names[k], cr_j_null(d));
			continue;
		}
		struct fy_node *x = cr_j_map(d);
		cr_j_set(x, "before", cr_j_int(d, before[k]));
		cr_j_set(x, "after", cr_j_int(d, after[k]));
		cr_j_set(x, "change", cr_j_int(d, after[k] - before[k]));
		cr_j_set(dims, names[k], x);
	}
	cr_j_set(m, "dimensions", dims);
	struct fy_node *rules = cr_j_map(d);
	cr_j_set(rules, "came", rule_changes(d, c->came, c->ncame));
	cr_j_set(rules, "went", rule_changes(d, c->went, c->nwent));
	cr_j_set(rules, "changed", rule_changes(d, c->changed, c->nchanged));
	cr_j_set(m, "rules", rules);
	struct fy_node *recs = cr_j_map(d);
	cr_j_set(recs, "came", rec_list(d, c->recs_came, c->nrecs_came));
	cr_j_set(recs, "went", rec_list(d, c->recs_went, c->nrecs_went));
	cr_j_set(m, "recommendations", recs);
	struct fy_node *ans = cr_j_seq(d);
	for (size_t i = 0; i < sb->nanswers; i++) {
		const cr_answer_row *nb = &sb->answers[i], *na = NULL;
		for (size_t k = 0; k < sa->nanswers && !na; k++)
			if (!strcmp(sa->answers[k].question, nb->question))
				na = &sa->answers[k];
		if (na && !strcmp(na->json, nb->json))
			continue;
		struct fy_node *x = cr_j_map(d);
		cr_j_set(x, "question", cr_j_str(d, nb->question));
		cr_j_set(x, "before", na ? embed(d, na->json) : cr_j_null(d));
		cr_j_set(x, "after", embed(d, nb->json));
		cr_j_push(ans, x);
	}
	for (size_t k = 0; k < sa->nanswers; k++) {
		bool found = false;
		for (size_t i = 0; i < sb->nanswers && !found; i++)
			found = !strcmp(sa->answers[k].question, sb->answers[i].question);
		if (found)
			continue;
		struct fy_node *x = cr_j_map(d);
		cr_j_set(x, "question", cr_j_str(d, sa->answers[k].question));
		cr_j_set(x, "before", embed(d, sa->answers[k].json));
		cr_j_set(x, "after", cr_j_null(d));
		cr_j_push(ans, x);
	}
	cr_j_set(m, "answers", ans);
	cr_j_set(m, "kb_changed", cr_j_bool(d, c->kb_changed));
	cr_j_set(m, "model_changed", cr_j_bool(d, c->model_changed));
	cr_j_set(m, "questionnaire_changed", cr_j_bool(d, c->questionnaire_changed));
	return m;
}

enum cr_status cr_render_compare_json(FILE *out, const cr_compare_view *v)
{
	struct fy_document *d = cr_j_doc();
	struct fy_node *root = comparison_node(d, v->sa, v->sb, v->a, v->b, v->c);
	cr_j_set(root, "profile", cr_j_str(d, v->p->profile));
	return emit(out, d, root);
}

enum cr_status cr_render_progress_json(FILE *out, const cr_progress *p)
{
	struct fy_document *d = cr_j_doc();
	struct fy_node *root = cr_j_map(d);
	cr_j_set(root, "profile", cr_j_str(d, p->profile));
	struct fy_node *seq = cr_j_seq(d);
	for (size_t i = 0; i < p->nsessions; i++)
		if (p->sessions[i].scored)
			cr_j_push(seq, session_node(d, p, &p->sessions[i], false, false, true));
	cr_j_set(root, "sessions", seq);
	cr_j_set(root, "plan", plan_node(d, p));
	return emit(out, d, root);
}

enum cr_status cr_render_report_json(FILE *out, const cr_report *r)
{
	struct fy_document *d = cr_j_doc();
	struct fy_node *root = cr_j_map(d);
	cr_j_set(root, "profile", cr_j_str(d, r->profile));
	cr_j_set(root, "generated_at", cr_j_str(d, r->generated_at));
	cr_j_set(root, "session", r->session ? session_node(d, r->p, r->session, false, false, r->notes) : cr_j_null(d));
	cr_j_set(root, "result", embed(d, r->result_json));
	cr_j_set(root, "previous",
		 r->cmp && r->prev && r->prev_session && r->session
			 ? comparison_node(d, r->prev_session, r->session, r->prev, r->snap, r->cmp)
			 : cr_j_null(d));
	struct fy_node *hist = cr_j_seq(d);
	for (size_t i = 0; r->p && i < r->p->nsessions; i++) {
		const cr_session_info *s = &r->p->sessions[i];
		if (!s->scored || (r->session && s->id > r->session->id))
			continue;
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "number", cr_j_int(d, s->num));
		cr_j_set(m, "finished_at", cr_j_str(d, s->finished_at));
		cr_j_set(m, "score", cr_j_int(d, s->score));
		cr_j_set(m, "routineness", cr_j_int(d, s->routineness));
		cr_j_set(m, "ai_usage", cr_j_int(d, s->ai_usage));
		cr_j_set(m, "specialization", cr_j_int(d, s->specialization));
		cr_j_set(m, "exposure", s->exposure >= 0 ? cr_j_int(d, s->exposure) : cr_j_null(d));
		cr_j_push(hist, m);
	}
	cr_j_set(root, "history", hist);
	/*
	 * The notes the text report shows: every session's up to the reported one, grouped by
	 * session, and only when asked for (--notes): they are private to the counsellor.
	 */
	cr_j_set(root, "form", cr_j_str(d, r->full ? "full" : "summary"));
	cr_j_set(root, "notes_included", cr_j_bool(d, r->notes));
	struct fy_node *notes = cr_j_seq(d);
	for (size_t i = 0; r->notes && r->p && i < r->p->nnotes; i++) {
		const cr_note *n = &r->p->notes[i];
		if (r->session && n->session > r->session->num)
			continue;
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "session", cr_j_int(d, n->session));
		cr_j_set(m, "created_at", cr_j_str(d, n->created_at));
		cr_j_set(m, "text", cr_j_str(d, n->body));
		cr_j_push(notes, m);
	}
	cr_j_set(root, "notes", notes);
	cr_j_set(root, "plan", r->p ? plan_node(d, r->p) : cr_j_seq(d));
	return emit(out, d, root);
}

enum cr_status cr_render_export_json(FILE *out, const cr_progress *p, const char *exported_at, const char *version)
{
	struct fy_document *d = cr_j_doc();
	struct fy_node *root = cr_j_map(d);
	cr_j_set(root, "format", cr_j_str(d, "career-risk-export"));
	cr_j_set(root, "format_version", cr_j_int(d, 1));
	cr_j_set(root, "exported_at", cr_j_str(d, exported_at));
	cr_j_set(root, "exported_by", cr_j_str(d, version));
	struct fy_node *prof = cr_j_map(d);
	cr_j_set(prof, "name", cr_j_str(d, p->profile));
	cr_j_set(prof, "created_at", cr_j_str(d, p->created_at));
	struct fy_node *tags = cr_j_seq(d); /* the counsellor's tags are held about the profile too */
	for (size_t i = 0; i < p->ntags; i++)
		cr_j_push(tags, cr_j_str(d, p->tags[i]));
	cr_j_set(prof, "tags", tags);
	cr_j_set(root, "profile", prof);
	struct fy_node *seq = cr_j_seq(d);
	for (size_t i = 0; i < p->nsessions; i++)
		cr_j_push(seq, session_node(d, p, &p->sessions[i], true, true, true));
	cr_j_set(root, "sessions", seq);
	cr_j_set(root, "plan", plan_node(d, p));
	return emit(out, d, root);
}
