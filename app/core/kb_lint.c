/*
 * kb_lint.c - the whole-base checks of `kb check` (see kb_lint.h).
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
 * (cr_assess_facts), and each rule's first witness is run through the full
 * assessment (cr_assess) to confirm that the rule fires and that its
 * recommendations are given.
 */
#include "kb_lint.h"

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

/* ---- the search ------------------------------------------------------------- */

typedef struct lint {
	const cr_kb *kb;
	cr_diags *d;
	cr_lint_stats *stats;
	cr_value *facts;       /* kb->schema.n facts, reused for every answer set */
	cr_answers **witness;  /* per rule: the first answers it fired for, or NULL */
	size_t nfired;
	bool **asked;          /* per questionnaire and question: asked for some answers */
	size_t nunasked;       /* questions with an ask_if not yet asked */
	bool *nonfinite;       /* per rule: its score was found not finite (reported once) */
	size_t nnonfinite;
} lint;

/* Answers every question that applies and clears the others, in order, as a session would. */
static void settle(lint *L, size_t qn, cr_answers *as, rng *r, const leaning *ln)
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
static void judge(lint *L, const cr_answers *as)
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

static cr_answers *random_set(lint *L, size_t qn, rng *r)
{
	cr_answers *as = cr_answers_new(&L->kb->questionnaires[qn]);
	leaning ln = lean(r);
	settle(L, qn, as, r, &ln);
	return as;
}

static bool all_found(const lint *L)
{
	return L->nfired == L->kb->nrules && L->nunasked == 0;
}

static void round_edges(lint *L, size_t qn, rng *r)
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

static bool reached(const lint *L, const target *t)
{
	return t->rule ? L->witness[t->rule_index] != NULL : L->asked[t->qn][t->qi];
}

static double distance_of(lint *L, const target *t, const cr_answers *as)
{
	if (t->rule)
		cr_assess_facts(L->kb, as, L->facts);
	else
		cr_answers_facts(L->kb, as, L->facts);
	return cr_expr_distance(t->cond, L->facts);
}

static void mark_fact(int fact, void *ctx)
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

static void round_guided(lint *L, size_t qn, const target *t, rng *r)
{
	const cr_kb *kb = L->kb;
	const cr_questionnaire *q = &kb->questionnaires[qn];
	bool *want = cr_xcalloc(kb->schema.n + 1, sizeof *want);
	size_t *near = cr_xcalloc(q->nquestions + 1, sizeof *near), nnear = 0;
	hints h = {.nwords = 0};
	cr_expr_facts(t->cond, mark_fact, want);
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

static void search(lint *L)
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

/* ---- reports ----------------------------------------------------------------- */

static void add_error(lint *L, const cr_loc *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add_error(lint *L, const cr_loc *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = cr_xvprintf(fmt, ap);
	va_end(ap);
	cr_diag_add(L->d, CR_EDATA, at->file, at->line, at->col, "%s", msg);
	L->stats->errors++;
	free(msg);
}

/* Marks the facts question q sets (a split sets one per part). */
static void question_facts(const cr_question *q, bool *out)
{
	size_t n = q->type == CR_Q_SPLIT ? q->nchoices : 1;
	for (size_t p = 0; q->fact >= 0 && p < n; p++)
		out[(size_t)q->fact + p] = true;
}

/* A hint for a rule that never fires: does any one questionnaire ask every question it reads? */
static char *never_fires_hint(const lint *L, const cr_rule *rule)
{
	const cr_kb *kb = L->kb;
	size_t nf = kb->schema.n + 1;
	bool *want = cr_xcalloc(nf, sizeof *want), *asked_somewhere = cr_xcalloc(nf, sizeof *asked_somewhere);
	bool *here = cr_xcalloc(nf, sizeof *here);
	cr_expr_facts(rule->when, mark_fact, want);
	for (size_t qn = 0; qn < kb->nquestionnaires; qn++)
		for (size_t i = 0; i < kb->questionnaires[qn].nquestions; i++)
			question_facts(&kb->questionnaires[qn].questions[i], asked_somewhere);
	bool covered = false;
	for (size_t qn = 0; qn < kb->nquestionnaires && !covered; qn++) {
		memset(here, 0, nf * sizeof *here);
		for (size_t i = 0; i < kb->questionnaires[qn].nquestions; i++)
			question_facts(&kb->questionnaires[qn].questions[i], here);
		covered = true;
		/* facts no question sets are derived by the engine and known in every questionnaire */
		for (size_t f = 0; f < kb->schema.n; f++)
			if (want[f] && asked_somewhere[f] && !here[f])
				covered = false;
	}
	cr_sb b = {0};
	if (!covered) {
		cr_sb_add(&b, "no single questionnaire asks all of ");
		size_t n = 0;
		for (size_t f = 0; f < kb->schema.n; f++)
			if (want[f] && asked_somewhere[f])
				cr_sb_addf(&b, "%s%s", n++ ? ", " : "", kb->schema.v[f].name);
		cr_sb_add(&b, "; an assessment answers one questionnaire, so it never has them all");
	} else {
		cr_sb_add(&b, "look for comparisons that contradict each other (such as `data_entry >= 50 and "
			      "data_entry < 10`), a value beyond a question's min or max, or a question that is "
			      "not asked for such answers (its ask_if)");
	}
	free(here);
	free(asked_somewhere);
	free(want);
	return cr_sb_take(&b);
}

static void report_rules_and_questions(lint *L)
{
	const cr_kb *kb = L->kb;
	for (size_t i = 0; i < kb->nrules; i++) {
		const cr_rule *r = &kb->rules[i];
		if (L->witness[i])
			continue;
		add_error(L, &r->when_loc, "rule '%s' never fires: no answers to any questionnaire make \"%s\" hold "
			  "(tried %zu answer sets)", r->id, r->when_text, L->stats->answer_sets);
		char *hint = never_fires_hint(L, r);
		cr_diag_hint(L->d, "%s", hint);
		free(hint);
	}
	for (size_t qn = 0; qn < kb->nquestionnaires; qn++) {
		const cr_questionnaire *q = &kb->questionnaires[qn];
		for (size_t i = 0; i < q->nquestions; i++) {
			const cr_question *qq = &q->questions[i];
			if (L->asked[qn][i])
				continue;
			add_error(L, &qq->loc, "question '%s' is never asked: no answers to the other questions make "
				  "its ask_if \"%s\" hold", qq->id, qq->ask_if_text ? qq->ask_if_text : "");
			cr_diag_hint(L->d, "an ask_if may read only questions of the same questionnaire; check its "
				     "comparisons and choices");
		}
	}
}

/* Runs each witness through the full assessment; returns which recommendations were given. */
static bool *confirm(lint *L)
{
	const cr_kb *kb = L->kb;
	bool *given = cr_xcalloc(kb->nrecs + 1, sizeof *given);
	for (size_t i = 0; i < kb->nrules; i++) {
		if (!L->witness[i])
			continue;
		cr_result *res = NULL;
		cr_diags own = {0}; /* a score not finite is reported above, once, as the base's fault */
		enum cr_status st = cr_assess(kb, L->witness[i], CR_ASSESS_NO_SENSITIVITY, &res, &own);
		for (size_t k = 0; st && !L->nnonfinite && k < own.n; k++) {
			const cr_diag *g = &own.v[k];
			cr_diag_add(L->d, g->status, g->file, g->line, g->col, "%s", g->msg);
			L->stats->errors++;
		}
		cr_diags_clear(&own);
		if (st != CR_OK)
			continue;
		bool fired = false;
		for (size_t f = 0; f < res->nfired; f++)
			fired |= res->fired[f].rule == &kb->rules[i];
		if (!fired) {
			/* the search and the engine disagree: a bug in career-risk, not in the base */
			cr_diag_add(L->d, CR_EFAIL, kb->rules[i].loc.file, kb->rules[i].loc.line, kb->rules[i].loc.col,
				    "rule '%s' fired in kb check's search but not in the assessment", kb->rules[i].id);
			L->stats->errors++;
		} else {
			L->stats->rules_fired++;
		}
		for (size_t k = 0; k < res->nadvice; k++)
			given[res->advice[k].rec - kb->recs] = true;
		cr_result_free(res);
	}
	return given;
}

static void report_recs(lint *L, const bool *given)
{
	const cr_kb *kb = L->kb;
	/* with a score not finite the witnesses could not be assessed: "never given" would be noise */
	if (L->nnonfinite)
		return;
	for (size_t k = 0; k < kb->nrecs; k++) {
		const cr_rec *rec = &kb->recs[k];
		if (given[k]) {
			L->stats->recs_given++;
			continue;
		}
		cr_sb b = {0};
		size_t n = 0;
		for (size_t i = 0; i < kb->nrules; i++)
			for (size_t j = 0; j < kb->rules[i].nrecs; j++)
				if (kb->rules[i].recs[j] == rec)
					cr_sb_addf(&b, "%s'%s'", n++ ? ", " : "", kb->rules[i].id);
		if (!n) {
			add_error(L, &rec->loc, "recommendation '%s' is never given: no rule recommends it", rec->id);
			cr_diag_hint(L->d, "name it in the 'recommend' list of the rule it follows from, or remove it");
		} else {
			if (n == 1)
				add_error(L, &rec->loc, "recommendation '%s' is never given: the one rule that "
					  "recommends it, %s, never fires", rec->id, b.s);
			else
				add_error(L, &rec->loc, "recommendation '%s' is never given: the rules that recommend it "
					  "(%s) never fire", rec->id, b.s);
			cr_diag_hint(L->d, "fix the condition%s of %s, or recommend it from a rule that fires",
				     n == 1 ? "" : "s", n == 1 ? "that rule" : "those rules");
		}
		cr_sb_free(&b);
	}
}

/* ---- references that only the whole catalogue can settle -------------------- */

/*
 * A region whose `parent` links lead back to it: figures looked up through the
 * parents (cr_region_net_ratio) would go round until their depth bound. Each
 * cycle is reported once, at its region that comes first in the base.
 */
static void check_region_cycles(lint *L)
{
	const cr_kb *kb = L->kb;
	for (size_t i = 0; i < kb->nregions; i++) {
		const cr_region *r = &kb->regions[i], *p = r;
		bool cycle = false, first = true;
		for (size_t step = 0; step < kb->nregions && p && p->parent && !cycle; step++) {
			p = cr_kb_region(kb, p->parent);
			cycle = p == r;
			first &= !p || p >= r; /* an earlier region of the cycle reports it */
		}
		if (!cycle || !first)
			continue;
		cr_sb b = {0};
		cr_sb_add(&b, r->id);
		for (p = cr_kb_region(kb, r->parent); p; p = p == r ? NULL : cr_kb_region(kb, p->parent))
			cr_sb_addf(&b, " -> %s", p->id);
		add_error(L, &r->loc, "region '%s' is its own ancestor through 'parent': %s", r->id, b.s);
		cr_diag_hint(L->d, "a region's parent is a larger region (a country's is its continent); remove one 'parent' of the cycle");
		cr_sb_free(&b);
	}
}

static void check_roles(lint *L)
{
	const cr_kb *kb = L->kb;
	for (size_t i = 0; i < kb->nroles; i++) {
		const cr_role *role = &kb->roles[i];
		for (size_t j = 0; j < role->from.n; j++) {
			const char *code = role->from.v[j];
			bool found = false;
			for (size_t o = 0; o < kb->noccupations && !found; o++)
				found = cr_str_has_prefix(kb->occupations[o].code, code);
			if (found)
				continue;
			const cr_loc *at = role->from.locs ? &role->from.locs[j] : &role->loc;
			add_error(L, at, "growing role '%s': '%s' in 'from' matches no occupation in the catalogue",
				  role->id, code);
			cr_diag_hint(L->d, "use the SOC code or code prefix of an occupation it is reachable from; "
				     "`career-risk " CR_CMD_OCCUPATION_SEARCH " WORDS` finds codes");
		}
	}
}

static void check_sectors(lint *L)
{
	const cr_kb *kb = L->kb;
	for (size_t s = 0; s < kb->nsectors; s++) {
		bool used = false;
		for (size_t o = 0; o < kb->noccupations && !used; o++)
			used = strcmp(kb->occupations[o].sector, kb->sectors[s].id) == 0;
		if (used)
			continue;
		add_error(L, &kb->sectors[s].loc, "sector '%s' has no occupation: no catalogue entry has 'sector: %s'",
			  kb->sectors[s].id, kb->sectors[s].id);
		cr_diag_hint(L->d, "set it as the sector of the occupations that work mostly in it, or remove it");
	}
}

typedef struct name_ref {
	const char *name;
	const cr_occupation *occ;
	const cr_loc *loc;
} name_ref;

static int name_cmp(const void *a, const void *b)
{
	const name_ref *x = a, *y = b;
	int c = cr_strcasecmp(x->name, y->name);
	if (c)
		return c;
	/* then in file order, so the later entry is the one reported */
	c = strcmp(x->loc->file ? x->loc->file : "", y->loc->file ? y->loc->file : "");
	return c ? c : (x->loc->line > y->loc->line) - (x->loc->line < y->loc->line);
}

/* No title or alias may name two occupations: search would have to guess. */
static void check_names(lint *L)
{
	const cr_kb *kb = L->kb;
	size_t n = 0, cap = 0;
	name_ref *v = NULL;
	for (size_t o = 0; o < kb->noccupations; o++) {
		const cr_occupation *occ = &kb->occupations[o];
		cr_xgrow((void **)&v, &cap, n, sizeof *v);
		v[n++] = (name_ref){occ->title, occ, &occ->loc};
		for (size_t a = 0; a < occ->aliases.n; a++) {
			cr_xgrow((void **)&v, &cap, n, sizeof *v);
			v[n++] = (name_ref){occ->aliases.v[a], occ, occ->aliases.locs ? &occ->aliases.locs[a] : &occ->loc};
		}
	}
	if (n)
		qsort(v, n, sizeof *v, name_cmp);
	for (size_t i = 1; i < n; i++) {
		if (cr_strcasecmp(v[i - 1].name, v[i].name) != 0 || v[i - 1].occ == v[i].occ)
			continue;
		const cr_loc *first = v[i - 1].loc;
		char *where = first->file && v[i].loc->file && strcmp(first->file, v[i].loc->file) == 0
				      ? cr_xprintf("line %d", first->line)
				      : cr_xprintf("%s:%d", first->file ? first->file : "?", first->line);
		add_error(L, v[i].loc, "'%s' names two occupations: %s %s, and %s %s (%s)", v[i].name, v[i].occ->code,
			  v[i].occ->title, v[i - 1].occ->code, v[i - 1].occ->title, where);
		free(where);
		cr_diag_hint(L->d, "keep the alias on the occupation most people with that title are in");
	}
	free(v);
}

static void cite(const cr_kb *kb, bool *cited, const cr_strs *ids)
{
	for (size_t i = 0; i < ids->n; i++) {
		const cr_source *s = cr_kb_source(kb, ids->v[i]);
		if (s)
			cited[s - kb->sources] = true;
	}
}

static void check_sources_cited(lint *L)
{
	const cr_kb *kb = L->kb;
	bool *cited = cr_xcalloc(kb->nsources + 1, sizeof *cited);
	for (size_t i = 0; i < kb->nsectors; i++) {
		cite(kb, cited, &kb->sectors[i].sources);
		for (size_t f = 0; f < kb->sectors[i].nfigures; f++)
			cite(kb, cited, &kb->sectors[i].figures[f].sources);
	}
	for (size_t i = 0; i < kb->nregions; i++)
		cite(kb, cited, &kb->regions[i].sources);
	for (size_t i = 0; i < kb->noccupations; i++) {
		const cr_occupation *o = &kb->occupations[i];
		cite(kb, cited, &o->sources);
		cite(kb, cited, &o->task_sources);
		for (size_t e = 0; e < o->nexposures; e++) {
			cr_strs one = {&o->exposures[e].source, 1, NULL};
			cite(kb, cited, &one);
		}
	}
	for (size_t i = 0; i < kb->nroles; i++)
		cite(kb, cited, &kb->roles[i].sources);
	for (size_t i = 0; i < kb->nrules; i++)
		cite(kb, cited, &kb->rules[i].sources);
	for (size_t i = 0; i < kb->nrecs; i++)
		cite(kb, cited, &kb->recs[i].sources);
	cite(kb, cited, &kb->model_sources);
	for (size_t i = 0; i < kb->nsources; i++) {
		if (cited[i])
			continue;
		const cr_source *s = &kb->sources[i];
		cr_diag_add(L->d, CR_OK, s->loc.file, s->loc.line, s->loc.col, "source '%s' is cited by no entry", s->id);
		cr_diag_hint(L->d, "cite it where it supports a figure, rule or recommendation, or remove it");
		L->stats->warnings++;
	}
	free(cited);
}

enum cr_status cr_kb_lint(const cr_kb *kb, cr_lint_stats *stats, cr_diags *d)
{
	lint L = {.kb = kb, .d = d, .stats = stats};
	memset(stats, 0, sizeof *stats);
	L.facts = cr_xcalloc(kb->schema.n + 1, sizeof *L.facts);
	L.witness = cr_xcalloc(kb->nrules + 1, sizeof *L.witness);
	L.nonfinite = cr_xcalloc(kb->nrules + 1, sizeof *L.nonfinite);
	L.asked = cr_xcalloc(kb->nquestionnaires + 1, sizeof *L.asked);
	for (size_t qn = 0; qn < kb->nquestionnaires; qn++) {
		const cr_questionnaire *q = &kb->questionnaires[qn];
		L.asked[qn] = cr_xcalloc(q->nquestions + 1, sizeof **L.asked);
		for (size_t i = 0; i < q->nquestions; i++) {
			/* a question without an ask_if is always asked */
			L.asked[qn][i] = q->questions[i].ask_if == NULL;
			L.nunasked += !L.asked[qn][i];
		}
	}

	check_roles(&L);
	check_region_cycles(&L);
	check_sectors(&L);
	check_names(&L);
	search(&L);
	report_rules_and_questions(&L);
	bool *given = confirm(&L);
	report_recs(&L, given);
	check_sources_cited(&L);

	free(given);
	for (size_t i = 0; i < kb->nrules; i++)
		cr_answers_free(L.witness[i]);
	for (size_t qn = 0; qn < kb->nquestionnaires; qn++)
		free(L.asked[qn]);
	free(L.asked);
	free(L.witness);
	free(L.nonfinite);
	free(L.facts);
	return stats->errors ? CR_EDATA : CR_OK;
}
