/*
 * kb_search.c - the answer search behind `kb check` (see kb_search.h).
 *
 * Can a rule fire? Its condition reads facts that come from answers through
 * the engine (the dimensions, the occupation's, sector's and region's
 * figures), so the question is settled the way a tester settles it: by
 * trying answers. For each questionnaire, answer sets are tried in three
 * rounds:
 *
 *   1. edges: every question at its lowest, then every question at its
 *      highest; then each question at each of its edge values (each choice,
 *      none, all or one of a multiple choice, the ends of a range, the whole
 *      week on one part of a split, skipped) with the rest drawn at random;
 *      then each occupation of the catalogue, alone (as `occupation show`
 *      assesses it) and with random answers to the rest;
 *   2. random: whole answer sets, each with its own leaning (how many
 *      optional questions it skips, how many choices it ticks), until every
 *      rule has fired or the budget is spent;
 *   3. guided, for each rule or ask_if still silent: starting from the
 *      nearest of a few random answer sets, one answer at a time is redrawn or
 *      nudged, and the change is kept when the condition comes no further from
 *      holding (cr_expr_distance), as search-based test generators do; a few
 *      fresh starts per questionnaire.
 *
 * Answers are drawn from a fixed-seed generator, so the verdict is the same on
 * every run, and settled as a session settles them (a question whose ask_if
 * fails stays unanswered). Facts come from the engine itself
 * (cr_assess_facts); kb_lint.c then runs each rule's first witness through
 * the full assessment (cr_assess) to confirm that the rule fires and that its
 * recommendations are given.
 */
#include "kb_search.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "assess.h"
#include "util.h"

enum {
	RANDOM_SETS = 1500,  /* round 2: answer sets per questionnaire, at most */
	GUIDED_STARTS = 4,   /* round 3: fresh starts per condition and questionnaire */
	GUIDED_POOL = 20,    /* random answer sets each start is chosen from */
	GUIDED_STEPS = 250,  /* changes tried from each start */
};

/* ---- a small deterministic generator (splitmix64) -------------------------- */

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t rng_below(rng *r, size_t n)
{
	return n ? (size_t)(rng_next(r) % n) : 0;
}

static double rng_unit(rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* A generator seeded from names, so one search does not shift when another is added. */
static rng rng_for(const char *a, const char *b)
{
	uint64_t h = cr_fnv1a(CR_FNV_INIT, a, strlen(a) + 1);
	if (b)
		h = cr_fnv1a(h, b, strlen(b) + 1);
	return (rng){h};
}

/* ---- drawing answers -------------------------------------------------------- */

/* How one answer set leans as a whole, so that sets differ in kind and not only in detail. */
typedef struct leaning {
	double skip; /* chance of skipping each optional question */
	double tick; /* chance of ticking each choice of a multiple choice */
} leaning;

static leaning lean(rng *r)
{
	static const double skips[] = {0, 0, 0.1, 0.5, 1};
	static const double ticks[] = {0, 0.2, 0.5, 0.8, 1};
	leaning ln;
	ln.skip = skips[rng_below(r, CR_ARRAY_LEN(skips))];
	ln.tick = ticks[rng_below(r, CR_ARRAY_LEN(ticks))];
	return ln;
}

static double draw_number(rng *r, const cr_question *q)
{
	double lo = q->min, hi = q->max, v;
	if (q->type == CR_Q_SCALE) {
		double a = ceil(lo), b = floor(hi);
		return b >= a ? a + (double)rng_below(r, (size_t)(b - a) + 1) : lo;
	}
	switch (rng_below(r, 6)) {
	case 0:
		return lo;
	case 1:
		return hi;
	case 2:
	case 3:
		v = lo + rng_unit(r) * (hi - lo) / 10; /* the low end, where thresholds crowd */
		break;
	default:
		v = lo + rng_unit(r) * (hi - lo);
		break;
	}
	v = hi - lo >= 10 ? round(v) : round(v * 10) / 10;
	return cr_clamp(v, lo, hi);
}

static void draw_split(rng *r, size_t n, double *parts)
{
	memset(parts, 0, n * sizeof *parts);
	switch (rng_below(r, 4)) {
	case 0: /* the whole week on one part */
		parts[rng_below(r, n)] = 100;
		break;
	case 1: { /* two parts */
		double k = 10.0 * (double)(1 + rng_below(r, 9));
		parts[rng_below(r, n)] += k;
		parts[rng_below(r, n)] += 100 - k;
		break;
	}
	default: { /* twenty steps of 5%, each to a part drawn by uneven weights */
		double w[CR_MAX_PARTS], sum = 0;
		for (size_t i = 0; i < n; i++) {
			double u = rng_unit(r);
			w[i] = u * u * u;
			sum += w[i];
		}
		for (int step = 0; step < 20; step++) {
			double x = rng_unit(r) * sum;
			size_t i = 0;
			while (i + 1 < n && x >= w[i]) {
				x -= w[i];
				i++;
			}
			parts[i] += 5;
		}
		break;
	}
	}
}

/* The literals of a condition the guided round steers towards: worth trying as answers. */
typedef struct hints {
	const char *words[32]; /* kb-owned */
	size_t nwords;
	double nums[32];
	size_t nnums;
} hints;

/* A literal of the condition, when it fits question q; false when none does. */
static bool draw_hint(const cr_kb *kb, const cr_question *q, rng *r, const hints *h, cr_answer *a)
{
	if (!h || rng_below(r, 2))
		return false;
	if ((q->type == CR_Q_TEXT || q->type == CR_Q_OCCUPATION) && h->nwords) {
		const char *w = h->words[rng_below(r, h->nwords)];
		if (q->type == CR_Q_TEXT) {
			a->str = w;
			return strlen(w) <= q->max_length;
		}
		const cr_occupation *o = cr_kb_occupation(kb, w);
		a->str = o ? o->code : NULL;
		return o != NULL;
	}
	if ((q->type == CR_Q_NUMBER || q->type == CR_Q_SCALE) && h->nnums) {
		static const double off[] = {-1, 0, 0, 1};
		a->num = h->nums[rng_below(r, h->nnums)] + off[rng_below(r, CR_ARRAY_LEN(off))];
		return a->num >= q->min && a->num <= q->max && (q->type == CR_Q_NUMBER || a->num == floor(a->num));
	}
	return false;
}

static void draw(const cr_kb *kb, const cr_question *q, rng *r, const leaning *ln, const hints *h, cr_answer *a)
{
	memset(a, 0, sizeof *a);
	if (q->optional && rng_unit(r) < ln->skip) {
		a->state = CR_A_SKIPPED;
		return;
	}
	a->state = CR_A_GIVEN;
	if (draw_hint(kb, q, r, h, a))
		return;
	memset(a, 0, sizeof *a);
	a->state = CR_A_GIVEN;
	switch (q->type) {
	case CR_Q_CHOICE:
		a->str = q->choices[rng_below(r, q->nchoices)].id;
		break;
	case CR_Q_MULTI:
		for (size_t i = 0; i < q->nchoices; i++)
			if (rng_unit(r) < ln->tick)
				a->bits |= (uint64_t)1 << i;
		break;
	case CR_Q_SCALE:
	case CR_Q_NUMBER:
		a->num = draw_number(r, q);
		break;
	case CR_Q_SPLIT:
		draw_split(r, q->nchoices, a->parts);
		break;
	case CR_Q_OCCUPATION:
		if (!kb->noccupations)
			a->state = CR_A_NONE;
		else
			a->str = kb->occupations[rng_below(r, kb->noccupations)].code;
		break;
	case CR_Q_TEXT:
		a->str = "a";
		break;
	case CR_Q_TASKS:
		a->state = CR_A_NONE; /* depends on the occupation; the engine falls back to its mix */
		break;
	}
}

/* A small change to a given answer: a number or a split moves a little. False when there is none to make. */
static bool nudge(rng *r, const cr_question *q, const cr_answer *cur, cr_answer *a)
{
	if (cur->state != CR_A_GIVEN)
		return false;
	*a = *cur;
	if (q->type == CR_Q_NUMBER || q->type == CR_Q_SCALE) {
		double steps[] = {1, 5, (q->max - q->min) / 10};
		double s = steps[rng_below(r, CR_ARRAY_LEN(steps))];
		a->num = cr_clamp(cur->num + (rng_below(r, 2) ? s : -s), q->min, q->max);
		if (q->type == CR_Q_SCALE)
			a->num = cr_clamp(round(a->num), ceil(q->min), floor(q->max));
		return true;
	}
	if (q->type == CR_Q_SPLIT) {
		size_t from = rng_below(r, q->nchoices), to = rng_below(r, q->nchoices);
		double s = fmin(cur->parts[from], rng_below(r, 2) ? 5 : 10);
		a->parts[from] -= s;
		a->parts[to] += s;
		return true;
	}
	return false;
}

/*
 * Edge values of a question: skipped (when optional), then each choice; none,
 * all, then each one of a multiple choice; the lowest and the highest number;
 * the whole week on each part of a split. Occupations have a round of their own.
 */
static size_t edge_count(const cr_question *q)
{
	size_t n = q->optional ? 1 : 0;
	switch (q->type) {
	case CR_Q_CHOICE: return n + q->nchoices;
	case CR_Q_MULTI: return n + 2 + q->nchoices;
	case CR_Q_SCALE:
	case CR_Q_NUMBER: return n + 2;
	case CR_Q_SPLIT: return n + q->nchoices;
	case CR_Q_TEXT: return n + 1;
	case CR_Q_OCCUPATION: return n;
	case CR_Q_TASKS: return n;
	}
	return n;
}

static void edge(const cr_question *q, size_t k, cr_answer *a)
{
	memset(a, 0, sizeof *a);
	if (q->optional) {
		if (k == 0) {
			a->state = CR_A_SKIPPED;
			return;
		}
		k--;
	}
	a->state = CR_A_GIVEN;
	switch (q->type) {
	case CR_Q_CHOICE:
		a->str = q->choices[k].id;
		break;
	case CR_Q_MULTI:
		if (k == 1)
			a->bits = q->nchoices >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << q->nchoices) - 1;
		else if (k >= 2)
			a->bits = (uint64_t)1 << (k - 2);
		break;
	case CR_Q_SCALE:
		a->num = k ? floor(q->max) : ceil(q->min);
		break;
	case CR_Q_NUMBER:
		a->num = k ? q->max : q->min;
		break;
	case CR_Q_SPLIT:
		a->parts[k] = 100;
		break;
	case CR_Q_TEXT:
		a->str = "a";
		break;
	case CR_Q_OCCUPATION:
	case CR_Q_TASKS:
		a->state = CR_A_NONE;
		break;
	}
}

/* Answers every question that applies and clears the others, in order, as a session would. */
static void settle(cr_lint *L, size_t qn, cr_answers *as, rng *r, const leaning *ln)
{
	const cr_questionnaire *q = as->q;
	for (size_t i = 0; i < q->nquestions; i++) {
		if (!cr_question_applies(L->kb, as, i)) {
			cr_answers_clear(as, i);
			continue;
		}
		if (!L->asked[qn][i]) {
			L->asked[qn][i] = true;
			L->nunasked--;
		}
		if (as->a[i].state == CR_A_NONE) {
			cr_answer a;
			draw(L->kb, &q->questions[i], r, ln, NULL, &a);
			cr_answers_set(as, i, &a);
		}
	}
}

/* Runs the rules over one answer set and keeps the first witness of each. */
static void judge(cr_lint *L, const cr_answers *as)
{
	const cr_kb *kb = L->kb;
	L->stats->answer_sets++;
	if (L->nfired == kb->nrules)
		return;
	cr_assess_facts(kb, as, L->facts);
	for (size_t i = 0; i < kb->nrules; i++) {
		const cr_rule *r = &kb->rules[i];
		/* a rule already witnessed is still scored: its score may overflow for other answers */
		if ((L->witness[i] && (!r->score || L->nonfinite[i])) || !cr_expr_holds(r->when, L->facts))
			continue;
		double v = r->score ? cr_expr_number(r->score, L->facts) : 0;
		if (!isfinite(v) && !L->nonfinite[i]) {
			L->nonfinite[i] = true;
			L->nnonfinite++;
			cr_diag_add(L->d, CR_EDATA, r->loc.file, r->loc.line, r->loc.col,
				    "rule '%s': its score \"%s\" is not a finite number for some answers (%s)", r->id,
				    r->score_text ? r->score_text : "", isnan(v) ? "a division by zero" : "it overflows");
			cr_diag_hint(L->d, "divide only by what cannot be 0 (for example by (x + 1)) and keep factors small; "
					   "a rule's score is a few points");
			L->stats->errors++;
		}
		if (L->witness[i])
			continue;
		L->witness[i] = cr_answers_copy(as);
		L->nfired++;
	}
}

static cr_answers *random_set(cr_lint *L, size_t qn, rng *r)
{
	cr_answers *as = cr_answers_new(&L->kb->questionnaires[qn]);
	leaning ln = lean(r);
	settle(L, qn, as, r, &ln);
	return as;
}

static bool all_found(const cr_lint *L)
{
	return L->nfired == L->kb->nrules && L->nunasked == 0;
}

static void round_edges(cr_lint *L, size_t qn, rng *r)
{
	const cr_kb *kb = L->kb;
	const cr_questionnaire *q = &kb->questionnaires[qn];
	/* every question at its lowest, then every question at its highest */
	for (int high = 0; high < 2; high++) {
		cr_answers *as = cr_answers_new(q);
		for (size_t i = 0; i < q->nquestions; i++) {
			const cr_question *qq = &q->questions[i];
			cr_answer a = {0};
			if (qq->type == CR_Q_OCCUPATION) {
				if (!kb->noccupations)
					continue;
				a.state = CR_A_GIVEN;
				a.str = kb->occupations[high ? kb->noccupations - 1 : 0].code;
			} else {
				size_t n = edge_count(qq), first = qq->optional ? 1 : 0;
				if (n <= first)
					continue;
				edge(qq, high ? n - 1 : first, &a);
			}
			cr_answers_set(as, i, &a);
		}
		leaning ln = lean(r);
		settle(L, qn, as, r, &ln);
		judge(L, as);
		cr_answers_free(as);
	}
	/* each question at each of its edges, the rest at random */
	for (size_t i = 0; i < q->nquestions; i++) {
		size_t n = edge_count(&q->questions[i]);
		for (size_t k = 0; k < n; k++) {
			cr_answers *as = cr_answers_new(q);
			cr_answer a;
			edge(&q->questions[i], k, &a);
			cr_answers_set(as, i, &a);
			leaning ln = lean(r);
			settle(L, qn, as, r, &ln);
			judge(L, as);
			cr_answers_free(as);
		}
	}
	/* each occupation: alone, as `occupation show` assesses it, then with random answers to the rest */
	for (size_t o = 0; o < kb->noccupations; o++) {
		cr_answers *as = cr_baseline_answers(kb, q, &kb->occupations[o]);
		judge(L, as);
		leaning ln = lean(r);
		settle(L, qn, as, r, &ln);
		judge(L, as);
		cr_answers_free(as);
	}
}

/* A condition the guided round steers towards: a rule's, or a question's ask_if. */
typedef struct target {
	const cr_expr *cond;
	const cr_rule *rule;   /* NULL for an ask_if */
	size_t rule_index;
	size_t qn, qi;         /* the ask_if's questionnaire and question */
} target;

static bool reached(const cr_lint *L, const target *t)
{
	return t->rule ? L->witness[t->rule_index] != NULL : L->asked[t->qn][t->qi];
}

static double distance_of(cr_lint *L, const target *t, const cr_answers *as)
{
	if (t->rule)
		cr_assess_facts(L->kb, as, L->facts);
	else
		cr_answers_facts(L->kb, as, L->facts);
	return cr_expr_distance(t->cond, L->facts);
}

void cr_lint_mark_fact(int fact, void *ctx)
{
	((bool *)ctx)[fact] = true;
}

static void add_hint(const cr_value *lit, void *ctx)
{
	hints *h = ctx;
	if (lit->kind == CR_V_STR && h->nwords < CR_ARRAY_LEN(h->words))
		h->words[h->nwords++] = lit->str;
	else if (lit->kind == CR_V_NUM && h->nnums < CR_ARRAY_LEN(h->nums))
		h->nums[h->nnums++] = lit->num;
}

/* Does question q set a fact marked in `want`? */
static bool sets_fact(const cr_question *q, const bool *want)
{
	size_t n = q->type == CR_Q_SPLIT ? q->nchoices : 1;
	for (size_t p = 0; q->fact >= 0 && p < n; p++)
		if (want[(size_t)q->fact + p])
			return true;
	return false;
}

static void round_guided(cr_lint *L, size_t qn, const target *t, rng *r)
{
	const cr_kb *kb = L->kb;
	const cr_questionnaire *q = &kb->questionnaires[qn];
	bool *want = cr_xcalloc(kb->schema.n + 1, sizeof *want);
	size_t *near = cr_xcalloc(q->nquestions + 1, sizeof *near), nnear = 0;
	hints h = {.nwords = 0};
	cr_expr_facts(t->cond, cr_lint_mark_fact, want);
	cr_expr_literals(t->cond, add_hint, &h);
	/* the questions whose answers the condition reads directly are changed more often */
	for (size_t i = 0; i < q->nquestions; i++)
		if (sets_fact(&q->questions[i], want))
			near[nnear++] = i;
	for (int start = 0; start < GUIDED_STARTS && !reached(L, t); start++) {
		cr_answers *cur = NULL;
		double dcur = INFINITY;
		for (int k = 0; k < GUIDED_POOL; k++) {
			cr_answers *as = random_set(L, qn, r);
			judge(L, as);
			double dist = distance_of(L, t, as);
			if (dist < dcur) {
				cr_answers_free(cur);
				cur = as;
				dcur = dist;
			} else {
				cr_answers_free(as);
			}
		}
		for (int step = 0; step < GUIDED_STEPS && !reached(L, t); step++) {
			size_t i = nnear && rng_below(r, 10) < 6 ? near[rng_below(r, nnear)] : rng_below(r, q->nquestions);
			const cr_question *qq = &q->questions[i];
			leaning ln = lean(r);
			cr_answer a;
			if (rng_below(r, 2) || !nudge(r, qq, &cur->a[i], &a))
				draw(kb, qq, r, &ln, &h, &a);
			cr_answers *next = cr_answers_copy(cur);
			cr_answers_set(next, i, &a);
			settle(L, qn, next, r, &ln);
			judge(L, next);
			double dist = distance_of(L, t, next);
			if (dist <= dcur) {
				cr_answers_free(cur);
				cur = next;
				dcur = dist;
			} else {
				cr_answers_free(next);
			}
		}
		cr_answers_free(cur);
	}
	free(near);
	free(want);
}

void cr_kb_search(cr_lint *L)
{
	const cr_kb *kb = L->kb;
	for (size_t qn = 0; qn < kb->nquestionnaires; qn++) {
		rng r = rng_for("edges", kb->questionnaires[qn].id);
		round_edges(L, qn, &r);
	}
	for (size_t qn = 0; qn < kb->nquestionnaires; qn++) {
		rng r = rng_for("random", kb->questionnaires[qn].id);
		for (int s = 0; s < RANDOM_SETS && !all_found(L); s++) {
			cr_answers *as = random_set(L, qn, &r);
			judge(L, as);
			cr_answers_free(as);
		}
	}
	for (size_t i = 0; i < kb->nrules; i++) {
		target t = {kb->rules[i].when, &kb->rules[i], i, 0, 0};
		for (size_t qn = 0; qn < kb->nquestionnaires && !reached(L, &t); qn++) {
			rng r = rng_for(kb->rules[i].id, kb->questionnaires[qn].id);
			round_guided(L, qn, &t, &r);
		}
	}
	for (size_t qn = 0; qn < kb->nquestionnaires; qn++) {
		const cr_questionnaire *q = &kb->questionnaires[qn];
		for (size_t qi = 0; qi < q->nquestions; qi++) {
			target t = {q->questions[qi].ask_if, NULL, 0, qn, qi};
			if (!t.cond || reached(L, &t))
				continue;
			rng r = rng_for(q->questions[qi].id, q->id);
			round_guided(L, qn, &t, &r);
		}
	}
}
