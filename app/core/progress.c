/* progress.c - see progress.h. */
#include "progress.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "ydoc.h"

const char *const cr_item_status_ids[4] = {"todo", "doing", "done", "dropped"};

const char *const cr_item_kind_ids[3] = {"answers", "always", "custom"};

bool cr_item_kind_parse(const char *s, enum cr_item_kind *out)
{
	for (size_t i = 0; s && i < CR_ARRAY_LEN(cr_item_kind_ids); i++)
		if (strcmp(s, cr_item_kind_ids[i]) == 0) {
			*out = (enum cr_item_kind)i;
			return true;
		}
	return false;
}

bool cr_item_status_parse(const char *s, enum cr_item_status *out)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, cr_item_status_ids[i]) == 0) {
			*out = (enum cr_item_status)i;
			return true;
		}
	return false;
}

/* ---- containers ---- */

/* Grows v (of n elements) by one zeroed element: the arrays stay small, so growing by one is fine. */
static void *grow1(void *v, size_t n, size_t elem)
{
	v = cr_xrealloc(v, (n + 1) * elem);
	memset((char *)v + n * elem, 0, elem);
	return v;
}
/* Appends a zeroed element to array arr of n elements and yields a pointer to it. */
#define APPEND(arr, n) ((arr) = grow1((arr), (n), sizeof *(arr)), &(arr)[(n)++])

cr_progress *cr_progress_new(const char *profile, const char *created_at)
{
	cr_progress *p = cr_xcalloc(1, sizeof *p);
	p->profile = cr_progress_str(p, profile);
	p->created_at = cr_progress_str(p, created_at);
	return p;
}

void cr_progress_free(cr_progress *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nsessions; i++)
		free(p->sessions[i].answers);
	free(p->sessions);
	free(p->items);
	free(p->notes);
	free(p->credits);
	free(p->tags);
	cr_arena_free(&p->arena);
	free(p);
}

void cr_progress_add_tag(cr_progress *p, const char *tag)
{
	*APPEND(p->tags, p->ntags) = cr_progress_str(p, tag);
}

const char *cr_progress_str(cr_progress *p, const char *s)
{
	return s ? cr_arena_strdup(&p->arena, s) : NULL;
}

cr_session_info *cr_progress_add_session(cr_progress *p)
{
	return APPEND(p->sessions, p->nsessions);
}

cr_answer_row *cr_progress_add_answer(cr_progress *p, cr_session_info *s)
{
	(void)p;
	return APPEND(s->answers, s->nanswers);
}

cr_plan_item *cr_progress_add_item(cr_progress *p)
{
	return APPEND(p->items, p->nitems);
}

cr_note *cr_progress_add_note(cr_progress *p)
{
	return APPEND(p->notes, p->nnotes);
}

cr_credit *cr_progress_add_credit(cr_progress *p)
{
	return APPEND(p->credits, p->ncredits);
}

const cr_session_info *cr_progress_session(const cr_progress *p, int num)
{
	for (size_t i = 0; i < p->nsessions; i++)
		if (p->sessions[i].num == num)
			return &p->sessions[i];
	return NULL;
}

const cr_session_info *cr_progress_latest(const cr_progress *p)
{
	for (size_t i = p->nsessions; i-- > 0;)
		if (p->sessions[i].scored)
			return &p->sessions[i];
	return NULL;
}

const cr_session_info *cr_progress_previous(const cr_progress *p, const cr_session_info *s)
{
	if (!s)
		return NULL;
	for (size_t i = (size_t)(s - p->sessions); i-- > 0;)
		if (p->sessions[i].scored)
			return &p->sessions[i];
	return NULL;
}

const cr_plan_item *cr_progress_item(const cr_progress *p, int num)
{
	for (size_t i = 0; i < p->nitems; i++)
		if (p->items[i].num == num)
			return &p->items[i];
	return NULL;
}

size_t cr_progress_scored(const cr_progress *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nsessions; i++)
		n += p->sessions[i].scored;
	return n;
}

const char *cr_progress_trend(const cr_progress *p, const cr_session_info *s)
{
	const cr_session_info *prev = cr_progress_previous(p, s);
	if (!s || !prev)
		return "new";
	return s->score > prev->score ? "up" : s->score < prev->score ? "down" : "same";
}

cr_profiles *cr_profiles_new(void)
{
	return cr_xcalloc(1, sizeof(cr_profiles));
}

cr_profile_info *cr_profiles_add(cr_profiles *l)
{
	return APPEND(l->v, l->n);
}

void cr_profiles_free(cr_profiles *l)
{
	if (!l)
		return;
	free(l->v);
	cr_arena_free(&l->arena);
	free(l);
}

/* ---- snapshots ---- */

typedef struct reader {
	const cr_ydoc *doc;
	cr_snapshot *s;
	cr_diags *d;
	enum cr_status st;
} reader;

/* Text of a scalar under key, copied into the snapshot; NULL when missing or JSON null. */
static const char *rstr(reader *r, struct fy_node *map, const char *key)
{
	struct fy_node *n = cr_ymap_get(map, key);
	const char *v = cr_ynode_str(n);
	if (!v || (!cr_ynode_quoted(n) && strcmp(v, "null") == 0))
		return NULL;
	return cr_arena_strdup(&r->s->arena, v);
}

static double rnum(reader *r, struct fy_node *map, const char *key, bool required, double dflt)
{
	struct fy_node *n = cr_ymap_get(map, key);
	double v;
	if (n && cr_ynode_num(n, &v))
		return v;
	if (required && r->st == CR_OK)
		r->st = cr_yerr(r->d, r->doc, n ? n : map, "the stored result has no number '%s'", key);
	return dflt;
}

static int rint_(reader *r, struct fy_node *map, const char *key, bool required, int dflt)
{
	return (int)lround(rnum(r, map, key, required, dflt));
}

static cr_strs rstrs(reader *r, struct fy_node *seq)
{
	cr_strs out = {0};
	if (!seq || !fy_node_is_sequence(seq))
		return out;
	int n = fy_node_sequence_item_count(seq);
	out.v = cr_arena_alloc(&r->s->arena, (size_t)(n > 0 ? n : 1) * sizeof *out.v);
	void *it = NULL;
	struct fy_node *e;
	while ((e = fy_node_sequence_iterate(seq, &it)) != NULL) {
		const char *v = cr_ynode_str(e);
		if (v)
			out.v[out.n++] = cr_arena_strdup(&r->s->arena, v);
	}
	return out;
}

/* The mappings of a sequence under key: returns how many, with *items allocated for them. */
static size_t rseq(reader *r, struct fy_node *root, const char *key, size_t elem, void **items)
{
	struct fy_node *seq = cr_ymap_get(root, key);
	*items = NULL;
	if (!seq || !fy_node_is_sequence(seq))
		return 0;
	int n = fy_node_sequence_item_count(seq);
	if (n <= 0)
		return 0;
	*items = cr_arena_alloc(&r->s->arena, (size_t)n * elem);
	return (size_t)n;
}

enum cr_status cr_snapshot_parse(const char *name, const char *json, cr_snapshot **out, cr_diags *d)
{
	cr_ydoc *doc = NULL;
	*out = NULL;
	size_t len = strlen(json);
	if (len > CR_MAX_RESULT_JSON)
		return cr_diag_add(d, CR_EDATA, name, 0, 0, "the stored result is larger than %u bytes", CR_MAX_RESULT_JSON);
	enum cr_status st = cr_ydoc_parse(name, json, len, &doc, d);
	if (st)
		return st;
	cr_snapshot *s = cr_xcalloc(1, sizeof *s);
	reader r = {doc, s, d, CR_OK};
	struct fy_node *root = cr_ydoc_root(doc);
	if (!fy_node_is_mapping(root)) {
		st = cr_yerr(d, doc, root, "the stored result is not a JSON object");
		goto out;
	}
	s->score = rint_(&r, root, "score", true, 0);
	s->band = rstr(&r, root, "band");
	struct fy_node *range = cr_ymap_get(root, "range");
	double lo, hi;
	if (range && fy_node_is_sequence(range) && fy_node_sequence_item_count(range) == 2 &&
	    cr_ynode_num(fy_node_sequence_get_by_index(range, 0), &lo) &&
	    cr_ynode_num(fy_node_sequence_get_by_index(range, 1), &hi)) {
		s->range_lo = (int)lround(lo);
		s->range_hi = (int)lround(hi);
	} else if (r.st == CR_OK) {
		r.st = cr_yerr(d, doc, range ? range : root, "the stored result has no range [low, high]");
	}
	struct fy_node *dims = cr_ymap_get(root, "dimensions");
	if (!dims && r.st == CR_OK)
		r.st = cr_yerr(d, doc, root, "the stored result has no dimensions");
	s->routineness = rint_(&r, dims, "routineness", true, 0);
	s->ai_usage = rint_(&r, dims, "ai_usage", true, 0);
	s->specialization = rint_(&r, dims, "specialization", true, 0);
	/* results stored before model 2 have no exposure: unknown, not an error */
	struct fy_node *ex = dims ? cr_ymap_get(dims, "exposure") : NULL;
	double exv;
	s->exposure = ex && cr_ynode_num(ex, &exv) ? (int)lround(exv) : -1;
	s->model = rint_(&r, root, "model", false, 1);
	if (!s->band && r.st == CR_OK)
		r.st = cr_yerr(d, doc, root, "the stored result has no band");
	s->answered = rint_(&r, root, "answered", false, 0);
	s->skipped = rint_(&r, root, "skipped", false, 0);
	s->questionnaire = rstr(&r, root, "questionnaire");
	s->kb_version = rstr(&r, root, "kb_version");
	struct fy_node *occ = cr_ymap_get(root, "occupation");
	s->occ_wage = -1;
	if (occ && fy_node_is_mapping(occ)) {
		s->occ_wage = rint_(&r, occ, "median_wage", false, -1);
		s->occ_code = rstr(&r, occ, "code");
		s->occ_title = rstr(&r, occ, "title");
		s->occ_outlook = rstr(&r, occ, "outlook");
	}
	struct fy_node *sec = cr_ymap_get(root, "sector");
	if (sec && fy_node_is_mapping(sec)) {
		s->sector_title = rstr(&r, sec, "title");
		s->sector_outlook = rstr(&r, sec, "outlook");
	}
	struct fy_node *reg = cr_ymap_get(root, "region");
	if (reg && fy_node_is_mapping(reg)) {
		s->region_title = rstr(&r, reg, "title");
		s->region_outlook = rstr(&r, reg, "outlook");
	}

	void *it;
	struct fy_node *e;
	size_t cap = rseq(&r, root, "rules", sizeof *s->rules, (void **)&s->rules);
	it = NULL;
	while (cap && (e = fy_node_sequence_iterate(cr_ymap_get(root, "rules"), &it)) != NULL) {
		const char *id = rstr(&r, e, "id");
		if (!id)
			continue;
		cr_snap_rule *x = &s->rules[s->nrules++];
		x->id = id;
		x->reason = rstr(&r, e, "reason");
		x->effect = rnum(&r, e, "effect", false, 0);
		x->sources = rstrs(&r, cr_ymap_get(e, "sources"));
	}
	cap = rseq(&r, root, "recommendations", sizeof *s->recs, (void **)&s->recs);
	it = NULL;
	while (cap && (e = fy_node_sequence_iterate(cr_ymap_get(root, "recommendations"), &it)) != NULL) {
		const char *id = rstr(&r, e, "id");
		if (!id)
			continue;
		cr_snap_rec *x = &s->recs[s->nrecs++];
		x->id = id;
		x->title = rstr(&r, e, "title");
		if (!x->title)
			x->title = id;
		x->detail = rstr(&r, e, "detail");
		x->horizon = rstr(&r, e, "horizon");
		x->effort = rstr(&r, e, "effort");
		x->because = rstr(&r, e, "because");
		x->serves_goal = rstr(&r, e, "serves_goal");
		x->priority = rint_(&r, e, "priority", false, (int)s->nrecs);
		x->impact = rint_(&r, e, "impact", false, 0);
	}
	cap = rseq(&r, root, "transitions", sizeof *s->trans, (void **)&s->trans);
	it = NULL;
	while (cap && (e = fy_node_sequence_iterate(cr_ymap_get(root, "transitions"), &it)) != NULL) {
		cr_snap_trans *x = &s->trans[s->ntrans++];
		x->title = rstr(&r, e, "title");
		if (!x->title)
			x->title = rstr(&r, e, "role");
		if (!x->title)
			x->title = "";
		x->summary = rstr(&r, e, "summary");
		struct fy_node *m = cr_ymap_get(e, "months");
		double a = 0, b = 0;
		if (m && fy_node_is_sequence(m) && fy_node_sequence_item_count(m) == 2) {
			cr_ynode_num(fy_node_sequence_get_by_index(m, 0), &a);
			cr_ynode_num(fy_node_sequence_get_by_index(m, 1), &b);
		}
		x->months_lo = (int)a;
		x->months_hi = (int)b;
		x->fit = rint_(&r, e, "fit", false, -1);
		x->add = rstrs(&r, cr_ymap_get(e, "skills_to_add"));
		x->wage = rint_(&r, e, "median_wage", false, -1);
	}
	cap = rseq(&r, root, "sensitivity", sizeof *s->sens, (void **)&s->sens);
	it = NULL;
	while (cap && (e = fy_node_sequence_iterate(cr_ymap_get(root, "sensitivity"), &it)) != NULL) {
		const char *change = rstr(&r, e, "change");
		if (!change)
			continue;
		cr_snap_sens *x = &s->sens[s->nsens++];
		x->change = change;
		x->score_after = rint_(&r, e, "score_after", false, s->score);
		x->delta = rint_(&r, e, "delta", false, 0);
	}
	struct fy_node *tk = cr_ymap_get(root, "tasks");
	if (tk && fy_node_is_mapping(tk)) {
		struct fy_node *own = cr_ymap_get(tk, "own");
		s->tasks_own = own && cr_ynode_str(own) && strcmp(cr_ynode_str(own), "true") == 0;
		s->task_note = rstr(&r, tk, "note");
		for (int most = 1; most >= 0; most--) {
			const char *key = most ? "most_exposed" : "least_exposed";
			cr_snap_task **v = most ? &s->tasks_most : &s->tasks_least;
			size_t *nv = most ? &s->ntasks_most : &s->ntasks_least;
			if (!rseq(&r, tk, key, sizeof **v, (void **)v))
				continue;
			void *ti = NULL;
			struct fy_node *te;
			while ((te = fy_node_sequence_iterate(cr_ymap_get(tk, key), &ti)) != NULL) {
				const char *text = rstr(&r, te, "text");
				if (!text)
					continue;
				cr_snap_task *x = &(*v)[(*nv)++];
				x->text = text;
				x->exposure = rstr(&r, te, "exposure");
				x->time = rstr(&r, te, "time");
			}
		}
	}
	cap = rseq(&r, root, "plan", sizeof *s->steps, (void **)&s->steps);
	it = NULL;
	while (cap && (e = fy_node_sequence_iterate(cr_ymap_get(root, "plan"), &it)) != NULL) {
		const char *title = rstr(&r, e, "title"), *rec = rstr(&r, e, "recommendation");
		if (!title || !rec)
			continue;
		cr_snap_step *x = &s->steps[s->nsteps++];
		x->step = rint_(&r, e, "step", false, (int)s->nsteps);
		x->title = title;
		x->rec = rec;
	}
	cap = rseq(&r, root, "sources", sizeof *s->sources, (void **)&s->sources);
	it = NULL;
	while (cap && (e = fy_node_sequence_iterate(cr_ymap_get(root, "sources"), &it)) != NULL) {
		const char *id = rstr(&r, e, "id");
		if (!id)
			continue;
		cr_snap_source *x = &s->sources[s->nsources++];
		x->id = id;
		x->title = rstr(&r, e, "title");
		x->publisher = rstr(&r, e, "publisher");
		x->url = rstr(&r, e, "url");
		x->year = rint_(&r, e, "year", false, 0);
	}
	s->warnings = rstrs(&r, cr_ymap_get(root, "warnings"));
	s->goals = rstrs(&r, cr_ymap_get(root, "goals"));
	struct fy_node *cons = cr_ymap_get(root, "consistency");
	if (cons && fy_node_is_sequence(cons)) {
		int n = fy_node_sequence_item_count(cons);
		s->consistency.v = cr_arena_alloc(&s->arena, (size_t)(n > 0 ? n : 1) * sizeof *s->consistency.v);
		it = NULL;
		while ((e = fy_node_sequence_iterate(cons, &it)) != NULL) {
			const char *t = rstr(&r, e, "text");
			if (t)
				s->consistency.v[s->consistency.n++] = t;
		}
	}
	st = r.st;
out:
	cr_ydoc_free(doc);
	if (st) {
		cr_snapshot_free(s);
		return st;
	}
	*out = s;
	return CR_OK;
}

void cr_snapshot_free(cr_snapshot *s)
{
	if (!s)
		return;
	cr_arena_free(&s->arena);
	free(s);
}

const cr_snap_rule *cr_snapshot_rule(const cr_snapshot *s, const char *id)
{
	for (size_t i = 0; i < s->nrules; i++)
		if (strcmp(s->rules[i].id, id) == 0)
			return &s->rules[i];
	return NULL;
}

const cr_snap_rec *cr_snapshot_rec(const cr_snapshot *s, const char *id)
{
	for (size_t i = 0; i < s->nrecs; i++)
		if (strcmp(s->recs[i].id, id) == 0)
			return &s->recs[i];
	return NULL;
}

/* ---- comparison ---- */

static void push_change(cr_rule_change **v, size_t *n, const cr_snap_rule *rule, double before, double after)
{
	cr_rule_change *c = APPEND(*v, *n);
	c->id = rule->id;
	c->rule = rule;
	c->before = before;
	c->after = after;
}

cr_comparison *cr_compare(const cr_snapshot *a, const cr_snapshot *b)
{
	cr_comparison *c = cr_xcalloc(1, sizeof *c);
	c->score = b->score - a->score;
	c->range_lo = b->range_lo - a->range_lo;
	c->range_hi = b->range_hi - a->range_hi;
	c->routineness = b->routineness - a->routineness;
	c->ai_usage = b->ai_usage - a->ai_usage;
	c->specialization = b->specialization - a->specialization;
	c->exposure = a->exposure >= 0 && b->exposure >= 0 ? b->exposure - a->exposure : 0;
	c->model_changed = a->model != b->model;
	c->band_changed = a->band && b->band && strcmp(a->band, b->band) != 0;
	c->kb_changed = a->kb_version && b->kb_version && strcmp(a->kb_version, b->kb_version) != 0;
	c->questionnaire_changed =
		a->questionnaire && b->questionnaire && strcmp(a->questionnaire, b->questionnaire) != 0;
	for (size_t i = 0; i < b->nrules; i++) {
		const cr_snap_rule *old = cr_snapshot_rule(a, b->rules[i].id);
		if (!old)
			push_change(&c->came, &c->ncame, &b->rules[i], 0, b->rules[i].effect);
		else if (fabs(old->effect - b->rules[i].effect) >= 0.05)
			push_change(&c->changed, &c->nchanged, &b->rules[i], old->effect, b->rules[i].effect);
	}
	for (size_t i = 0; i < a->nrules; i++)
		if (!cr_snapshot_rule(b, a->rules[i].id))
			push_change(&c->went, &c->nwent, &a->rules[i], a->rules[i].effect, 0);
	for (size_t i = 0; i < b->nrecs; i++)
		if (!cr_snapshot_rec(a, b->recs[i].id))
			*APPEND(c->recs_came, c->nrecs_came) = &b->recs[i];
	for (size_t i = 0; i < a->nrecs; i++)
		if (!cr_snapshot_rec(b, a->recs[i].id))
			*APPEND(c->recs_went, c->nrecs_went) = &a->recs[i];
	return c;
}

void cr_comparison_free(cr_comparison *c)
{
	if (!c)
		return;
	free(c->came);
	free(c->went);
	free(c->changed);
	free(c->recs_came);
	free(c->recs_went);
	free(c);
}
