/* test_assess.c - scoring properties over the shipped knowledge base. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "answers.h"
#include "assess.h"
#include "assess_private.h"
#include "util.h"
#include "fixture.h"


static cr_answers *load(const char *name)
{
	cr_diags d = {0};
	cr_answers *as = NULL;
	char *path = cr_xprintf("%s/tests/data/answers/%s", CR_SOURCE_DIR, name);
	enum cr_status st = cr_answers_load(fx_kb, fx_std, path, &as, &d);
	if (st)
		fail_msg("%s: %s", path, d.v[0].msg);
	free(path);
	cr_diags_clear(&d);
	return as;
}

static cr_result *assess(const cr_answers *as)
{
	cr_diags d = {0};
	cr_result *r = NULL;
	assert_int_equal(cr_assess(fx_kb, as, 0, &r, &d), CR_OK);
	cr_diags_clear(&d);
	return r;
}


/* Every persona of tests/data/answers, with the questionnaire it answers. */
static const struct {
	const char *file, *q;
} all_personas[] = {
	{"accountant.yaml", "standard"}, {"customer-service-representative.yaml", "standard"},
	{"data-entry-clerk.yaml", "standard"}, {"junior-software-developer.yaml", "standard"},
	{"junior-web-developer-generic.yaml", "standard"}, {"loan-officer.yaml", "standard"},
	{"marketing-manager.yaml", "standard"}, {"plumber-specialist.yaml", "standard"},
	{"quick-data-entry-clerk.yaml", "quick"}, {"quick-registered-nurse.yaml", "quick"},
	{"registered-nurse.yaml", "standard"}, {"tax-specialist.yaml", "standard"},
	{"teacher.yaml", "standard"}, {"truck-driver.yaml", "standard"}, {"warehouse-worker.yaml", "standard"},
	{"translator.yaml", "standard"}, {"electrician.yaml", "standard"}, {"paralegal.yaml", "standard"},
	{"software-developer.yaml", "standard"},
};

static cr_answers *load_in(const char *name, const cr_questionnaire *q)
{
	cr_diags d = {0};
	cr_answers *as = NULL;
	char *path = cr_xprintf("%s/tests/data/answers/%s", CR_SOURCE_DIR, name);
	if (cr_answers_load(fx_kb, q, path, &as, &d))
		fail_msg("%s: %s", path, d.v[0].msg);
	free(path);
	cr_diags_clear(&d);
	return as;
}

static const char *const personas[] = {"accountant.yaml", "customer-service-representative.yaml", "data-entry-clerk.yaml",
				       "junior-software-developer.yaml", "registered-nurse.yaml", "truck-driver.yaml"};

/* Scores stay within 0-100, the range holds the score, and the rules account for every point. */
static void test_ranges_and_trace(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof personas / sizeof *personas; i++) {
		cr_answers *as = load(personas[i]);
		cr_result *r = assess(as);
		assert_in_range(r->score, 0, 100);
		assert_true(r->range_lo <= r->score && r->score <= r->range_hi);
		assert_in_range(r->routineness, 0, 100);
		assert_in_range(r->ai_usage, 0, 100);
		assert_in_range(r->specialization, 0, 100);
		double sum = 0;
		for (size_t k = 0; k < r->nfired; k++)
			sum += r->fired[k].effect;
		assert_float_equal(sum, r->raw, 1e-6);
		assert_int_equal(r->score, (int)lround(cr_clamp(round(sum * 1e6) / 1e6, 0, 100)));
		assert_non_null(r->band);
		assert_true(r->nadvice > 0);
		cr_result_free(r);
		cr_answers_free(as);
	}
}

/* The same answers always give the same result. */
static void test_deterministic(void **state)
{
	(void)state;
	cr_answers *as = load("accountant.yaml");
	cr_result *a = assess(as), *b = assess(as);
	assert_int_equal(a->score, b->score);
	assert_int_equal(a->nfired, b->nfired);
	for (size_t i = 0; i < a->nfired; i++)
		assert_ptr_equal(a->fired[i].rule, b->fired[i].rule);
	assert_int_equal(a->nadvice, b->nadvice);
	for (size_t i = 0; i < a->nadvice; i++)
		assert_ptr_equal(a->advice[i].rec, b->advice[i].rec);
	cr_result_free(a);
	cr_result_free(b);
	cr_answers_free(as);
}

/*
 * Scoring properties, all else equal: more routine work never lowers the
 * score; more or deeper AI use, more specialisation (years, rarity, AI in the
 * domain), more judgment, empathy or learning never raise it; more data entry,
 * staler learning or more manual hoarding never lower it. Each dimension moves
 * the way its answer says. Checked step by step (one point of the task split,
 * one year, one choice up the scale) from every golden persona and from
 * random answer sets, through the same engine the batch uses.
 */
typedef struct sample {
	int score, routineness, ai_usage, specialization;
} sample;

static sample run_plan(cr_assess_plan *p, const cr_answers *as)
{
	const cr_result *r = cr_assess_plan_run(p, as);
	return (sample){r->score, r->routineness, r->ai_usage, r->specialization};
}

enum dim { DIM_NONE, DIM_ROUTINE, DIM_AI, DIM_SPEC };

static int dim_of(const sample *s, enum dim d)
{
	return d == DIM_ROUTINE ? s->routineness : d == DIM_AI ? s->ai_usage : d == DIM_SPEC ? s->specialization : 0;
}

typedef struct prop_ctx {
	cr_assess_plan *plan;
	const char *who;
	long checks;
	const cr_answers *prev, *cur; /* the step's two answer sets, when known (to explain a failure) */
} prop_ctx;

/*
 * Checks one step: `dir` +1 when the score may only rise from `a` to `b`, -1
 * when it may only fall; dimension `d` may only rise.
 */
/* Prints the rules whose effects differ between two answer sets, to explain a failed step. */
static void explain(const cr_answers *x, const cr_answers *y)
{
	cr_result *a = assess(x), *b = assess(y);
	for (size_t i = 0; i < fx_kb->nrules; i++) {
		double ea = 0, eb = 0;
		for (size_t k = 0; k < a->nfired; k++)
			if (a->fired[k].rule == &fx_kb->rules[i])
				ea = a->fired[k].effect;
		for (size_t k = 0; k < b->nfired; k++)
			if (b->fired[k].rule == &fx_kb->rules[i])
				eb = b->fired[k].effect;
		if (fabs(ea - eb) > 1e-9)
			print_error("    %-32s %7.3f -> %7.3f\n", fx_kb->rules[i].id, ea, eb);
	}
	print_error("    raw %.3f -> %.3f\n", a->raw, b->raw);
	cr_result_free(a);
	cr_result_free(b);
}

static void check_step(prop_ctx *c, const char *what, const sample *a, const sample *b, int dir, enum dim d,
		       const char *from, const char *to)
{
	c->checks++;
	if (((dir > 0 && b->score < a->score) || (dir < 0 && b->score > a->score)) && c->prev && c->cur)
		explain(c->prev, c->cur);
	if ((dir > 0 && b->score < a->score) || (dir < 0 && b->score > a->score))
		fail_msg("%s: %s %s -> %s moved the score the wrong way: %d -> %d", c->who, what, from, to, a->score,
			 b->score);
	if (d != DIM_NONE && dim_of(b, d) < dim_of(a, d))
		fail_msg("%s: %s %s -> %s lowered its dimension: %d -> %d", c->who, what, from, to, dim_of(a, d),
			 dim_of(b, d));
}

static const struct {
	const char *qid;
	int dir;
	enum dim d;
} ordered[] = {
	/* choice questions, their choices in the questionnaire's order */
	{"ai_frequency", -1, DIM_AI},   {"ai_depth", -1, DIM_AI},     {"rarity", -1, DIM_SPEC},
	{"ai_domain", -1, DIM_SPEC},    {"last_learned", +1, DIM_NONE}, {"manual_preference", -1, DIM_NONE},
	/* numbers and scales, from their minimum up */
	{"years_niche", -1, DIM_SPEC},  {"data_entry", +1, DIM_ROUTINE}, {"learning_hours", -1, DIM_NONE},
	{"judgment", -1, DIM_NONE},     {"empathy", -1, DIM_NONE},
	/* ticking one more kind of AI use */
	{"ai_uses", -1, DIM_AI},
};

static void check_ordered(prop_ctx *c, const cr_answers *base, uint64_t *rng);

static int cr_task_of(const char *id)
{
	for (int t = 0; t < CR_TASK_COUNT; t++)
		if (strcmp(cr_task_ids[t], id) == 0)
			return t;
	return 0;
}

static uint64_t next_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static int part_index(const cr_question *q, const char *id)
{
	for (size_t i = 0; i < q->nchoices; i++)
		if (strcmp(q->choices[i].id, id) == 0)
			return (int)i;
	return -1;
}

/*
 * How exposed each task kind is for these answers, as the engine weighs a
 * split (the occupation's kinds, else the catalogue's); all equal when the
 * person's own task answers set the exposure instead.
 */
static void kind_exposures(const cr_answers *as, double *ke)
{
	cr_result *r = assess(as);
	const cr_occupation *o = r->occ;
	for (int t = 0; t < CR_TASK_COUNT; t++)
		ke[t] = r->tasks_own ? 0 : o ? (o->kind_exposure[t] >= 0 ? o->kind_exposure[t] : o->exposure) : fx_kb->kind_exposure[t];
	cr_result_free(r);
}

static void check_tasks(prop_ctx *c, const cr_answers *base)
{
	size_t qi;
	const cr_question *q = cr_questionnaire_find(base->q, "tasks", &qi);
	if (!q || base->a[qi].state != CR_A_GIVEN)
		return;
	/*
	 * Model 2 (issue 16): the split also sets exposure, so a move toward more
	 * routine work is checked only where the kind it goes to is at least as
	 * exposed to AI as the one it leaves; a move from AI-exposed analysis to
	 * less exposed routine physical work trades one risk for the other, and
	 * test_exposure_moves checks the other direction.
	 */
	double ke[CR_TASK_COUNT];
	kind_exposures(base, ke);
	static const char *const routine[] = {"routine_cognitive", "routine_manual"};
	static const char *const other[] = {"analytic", "interpersonal", "creative", "nonroutine_manual"};
	int ri[2], oi[4];
	for (size_t k = 0; k < 2; k++)
		ri[k] = part_index(q, routine[k]);
	for (size_t k = 0; k < 4; k++)
		oi[k] = part_index(q, other[k]);
	cr_answers *as = cr_answers_copy(base);
	/* each non-routine kind to each routine kind, and routine manual to routine cognitive (weight 0.85 to 1) */
	for (size_t y = 0; y < 2; y++)
		for (size_t x = 0; x < 5; x++) {
			if (x == 4 && y == 1)
				continue;
			if (ri[y] < 0 || (x < 4 && oi[x] < 0) || (x == 4 && ri[1] < 0))
				continue;
			int from_part = x < 4 ? oi[x] : ri[1];
			const char *from_name = x < 4 ? other[x] : routine[1];
			if (ke[cr_task_of(routine[y])] < ke[cr_task_of(from_name)])
				continue;
			as->a[qi] = base->a[qi];
			sample prev = run_plan(c->plan, as);
			char what[96];
			snprintf(what, sizeof what, "moving a point of the week from %s to %s", from_name, routine[y]);
			while (as->a[qi].parts[from_part] >= 1) {
				as->a[qi].parts[from_part] -= 1;
				as->a[qi].parts[ri[y]] += 1;
				sample cur = run_plan(c->plan, as);
				char from[16], to[16];
				snprintf(from, sizeof from, "%g", as->a[qi].parts[ri[y]] - 1);
				snprintf(to, sizeof to, "%g", as->a[qi].parts[ri[y]]);
				check_step(c, what, &prev, &cur, +1, DIM_ROUTINE, from, to);
				prev = cur;
			}
		}
	cr_answers_free(as);
}

static void check_ordered(prop_ctx *c, const cr_answers *base, uint64_t *rng)
{
	cr_answers *as = cr_answers_copy(base);
	for (size_t k = 0; k < sizeof ordered / sizeof *ordered; k++) {
		size_t qi;
		const cr_question *q = cr_questionnaire_find(base->q, ordered[k].qid, &qi);
		if (!q)
			continue;
		cr_answer keep = as->a[qi];
		sample prev = {0};
		char from[48] = "", to[48] = "";
		if (q->type == CR_Q_CHOICE) {
			for (size_t i = 0; i < q->nchoices; i++) {
				cr_answers *before = cr_answers_copy(as);
				as->a[qi] = (cr_answer){.state = CR_A_GIVEN, .str = q->choices[i].id};
				c->prev = before;
				c->cur = as;
				sample cur = run_plan(c->plan, as);
				snprintf(to, sizeof to, "%s", q->choices[i].id);
				if (i)
					check_step(c, q->id, &prev, &cur, ordered[k].dir, ordered[k].d, from, to);
				c->prev = c->cur = NULL;
				cr_answers_free(before);
				prev = cur;
				memcpy(from, to, sizeof from);
			}
		} else if (q->type == CR_Q_NUMBER || q->type == CR_Q_SCALE) {
			double hi = q->max < q->min + 100 ? q->max : q->min + 100;
			for (double v = q->min; v <= hi; v += 1) {
				cr_answers *before = cr_answers_copy(as);
				as->a[qi] = (cr_answer){.state = CR_A_GIVEN, .num = v};
				c->prev = before;
				c->cur = as;
				sample cur = run_plan(c->plan, as);
				snprintf(to, sizeof to, "%g", v);
				if (v > q->min)
					check_step(c, q->id, &prev, &cur, ordered[k].dir, ordered[k].d, from, to);
				c->prev = c->cur = NULL;
				cr_answers_free(before);
				prev = cur;
				memcpy(from, to, sizeof from);
			}
		} else if (q->type == CR_Q_MULTI) {
			/* from this answer's ticks (or none), one more choice at a time, in a random order */
			uint64_t bits = keep.state == CR_A_GIVEN ? keep.bits : 0;
			as->a[qi] = (cr_answer){.state = CR_A_GIVEN, .bits = bits};
			prev = run_plan(c->plan, as);
			size_t n = q->nchoices;
			for (size_t tries = 0; tries < 4 * n; tries++) {
				size_t i = (size_t)(next_rand(rng) % n);
				if (bits & ((uint64_t)1 << i))
					continue;
				bits |= (uint64_t)1 << i;
				as->a[qi].bits = bits;
				sample cur = run_plan(c->plan, as);
				snprintf(to, sizeof to, "+%s", q->choices[i].id);
				check_step(c, q->id, &prev, &cur, ordered[k].dir, ordered[k].d, "", to);
				prev = cur;
			}
		}
		as->a[qi] = keep;
	}
	cr_answers_free(as);
}

/* A random, valid answer to every question of q but free text; some left out or skipped. */
static cr_answers *random_answers(const cr_questionnaire *q, uint64_t *rng)
{
	cr_answers *as = cr_answers_new(q);
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		cr_answer a = {.state = CR_A_GIVEN};
		uint64_t r = next_rand(rng);
		if (r % 10 == 0 && qq->type != CR_Q_OCCUPATION)
			continue; /* left out */
		if (r % 10 == 1 && qq->optional) {
			as->a[i].state = CR_A_SKIPPED;
			continue;
		}
		switch (qq->type) {
		case CR_Q_OCCUPATION:
			a.str = fx_kb->occupations[next_rand(rng) % fx_kb->noccupations].code;
			break;
		case CR_Q_CHOICE:
			a.str = qq->choices[next_rand(rng) % qq->nchoices].id;
			break;
		case CR_Q_MULTI:
			a.bits = next_rand(rng) & (((uint64_t)1 << qq->nchoices) - 1);
			break;
		case CR_Q_SCALE:
		case CR_Q_NUMBER: {
			double hi = qq->max < qq->min + 60 ? qq->max : qq->min + 60;
			a.num = qq->min + (double)(next_rand(rng) % (uint64_t)(hi - qq->min + 1));
			break;
		}
		case CR_Q_SPLIT: {
			/* 100 points dealt to the parts at random, in lumps */
			int left = 100;
			while (left > 0) {
				int lump = 1 + (int)(next_rand(rng) % 25);
				lump = lump > left ? left : lump;
				a.parts[next_rand(rng) % qq->nchoices] += lump;
				left -= lump;
			}
			break;
		}
		default:
			continue;
		}
		cr_answers_set(as, i, &a);
	}
	return as;
}

#define RANDOM_SETS 200

static void test_monotone(void **state)
{
	(void)state;
	uint64_t rng = 0x9e3779b97f4a7c15u;
	long checks = 0;
	/* every persona, through the questionnaire it was written for */
	for (size_t i = 0; i < sizeof all_personas / sizeof *all_personas; i++) {
		const cr_questionnaire *q = cr_kb_questionnaire(fx_kb, all_personas[i].q);
		assert_non_null(q);
		cr_answers *as = load_in(all_personas[i].file, q);
		prop_ctx c = {cr_assess_plan_new(fx_kb, q), all_personas[i].file, 0, NULL, NULL};
		check_tasks(&c, as);
		check_ordered(&c, as, &rng);
		checks += c.checks;
		cr_assess_plan_free(c.plan);
		cr_answers_free(as);
	}
	/* random answer sets to each questionnaire */
	for (size_t qn = 0; qn < fx_kb->nquestionnaires; qn++) {
		const cr_questionnaire *q = &fx_kb->questionnaires[qn];
		prop_ctx c = {cr_assess_plan_new(fx_kb, q), NULL, 0, NULL, NULL};
		for (int k = 0; k < RANDOM_SETS; k++) {
			char who[64];
			snprintf(who, sizeof who, "random answers %d to %s", k, q->id);
			c.who = who;
			cr_answers *as = random_answers(q, &rng);
			check_tasks(&c, as);
			check_ordered(&c, as, &rng);
			cr_answers_free(as);
		}
		checks += c.checks;
		cr_assess_plan_free(c.plan);
	}
	print_message("  %ld monotone steps checked\n", checks);
	assert_true(checks > 10000);
}

/*
 * Issue 16's properties of exposure, all else equal:
 *  1. more time on exposed tasks never lowers the score: from every persona
 *     that rates its tasks, raising the time on a task more exposed than the
 *     person's average, or lowering it on one less exposed, one level at a
 *     time (and, through the split, test_monotone's moves of a point of the
 *     week to a kind at least as exposed and at least as routine);
 *  2. one's own AI use lowers the score more the more exposed the tasks are:
 *     the same translator and paralegal with their time spread over more or
 *     fewer exposed tasks (everything else equal) drop more from never using
 *     AI to daily use the higher their exposure; over the catalogue, typical
 *     workers in exposed occupations drop several times more than in others;
 *  3. a person with no exposed tasks is barely moved by it: the electrician
 *     with time only on E0 tasks moves at most 2 points from never to daily.
 */
static cr_answers *with_freq(const cr_answers *base, const char *freq)
{
	cr_answers *as = cr_answers_copy(base);
	size_t qi;
	const cr_question *q = cr_questionnaire_find(as->q, "ai_frequency", &qi);
	assert_non_null(q);
	as->a[qi] = (cr_answer){.state = CR_A_GIVEN, .str = freq};
	return as;
}

static int score_of_freq(const cr_answers *base, const char *freq)
{
	cr_answers *as = with_freq(base, freq);
	cr_result *r = assess(as);
	int s = r->score;
	cr_result_free(r);
	cr_answers_free(as);
	return s;
}

static void test_exposure_moves(void **state)
{
	(void)state;
	static const char *const rated[] = {"translator.yaml", "electrician.yaml", "paralegal.yaml",
					    "software-developer.yaml"};
	long checks = 0;
	for (size_t p = 0; p < sizeof rated / sizeof *rated; p++) {
		cr_answers *base = load(rated[p]);
		size_t qi;
		assert_non_null(cr_questionnaire_find(base->q, "task_time", &qi));
		cr_answer a0 = base->a[qi];
		assert_int_equal(a0.state, CR_A_GIVEN);
		size_t n = (size_t)a0.num;
		for (size_t i = 0; i < n; i++)
			for (int dir = -1; dir <= 1; dir += 2) {
				const cr_occ_task *ti = cr_kb_task(fx_kb, a0.task_ids[i]);
				assert_non_null(ti);
				double beta = 100 * cr_task_beta(ti->exposure);
				cr_answers *as = cr_answers_copy(base);
				cr_result *r = assess(as);
				int prev = r->score, prev_exp = r->exposure;
				cr_result_free(r);
				/* up while the task is above the average, down while below (half a point clear of rounding) */
				while (dir > 0 ? as->a[qi].parts[i] < 3 && beta >= prev_exp + 0.5
					       : as->a[qi].parts[i] > 0 && beta <= prev_exp - 0.5) {
					as->a[qi].parts[i] += dir;
					r = assess(as);
					checks++;
					if (r->score < prev || r->exposure < prev_exp)
						fail_msg("%s: %s the time on task %ld (E%d) lowered the score %d -> %d (exposure %d -> %d)",
							 rated[p], dir > 0 ? "raising" : "lowering", ti->id, ti->exposure, prev, r->score,
							 prev_exp, r->exposure);
					prev = r->score;
					prev_exp = r->exposure;
					cr_result_free(r);
				}
				cr_answers_free(as);
			}
		cr_answers_free(base);
	}
	print_message("  %ld moves of time toward more exposed tasks checked\n", checks);
	assert_true(checks >= 10);
}

static void test_ai_use_scales_with_exposure(void **state)
{
	(void)state;
	/* 2: a typical worker in every occupation, never vs daily */
	size_t n = fx_kb->noccupations;
	double *expo = cr_xcalloc(n, sizeof *expo);
	int *drop = cr_xcalloc(n, sizeof *drop);
	for (size_t i = 0; i < n; i++) {
		cr_answers *as = cr_baseline_answers(fx_kb, fx_std, &fx_kb->occupations[i]);
		expo[i] = fx_kb->occupations[i].exposure;
		drop[i] = score_of_freq(as, "never") - score_of_freq(as, "daily");
		cr_answers_free(as);
	}
	double lo = 0, hi = 0;
	size_t nlo = 0, nhi = 0;
	for (size_t i = 0; i < n; i++) {
		if (expo[i] < 20)
			lo += drop[i], nlo++;
		if (expo[i] >= 70)
			hi += drop[i], nhi++;
	}
	print_message("  never -> daily AI use, typical workers: mean drop %.1f points where exposure < 20 (%zu "
		      "occupations), %.1f where >= 70 (%zu)\n", lo / (double)nlo, nlo, hi / (double)nhi, nhi);
	assert_true(hi / (double)nhi > 3 * (lo / (double)nlo));
	free(expo);
	free(drop);

	/* 2, all else equal: one persona, its time moved between less and more exposed tasks */
	static const char *const same[] = {"translator.yaml", "paralegal.yaml"};
	for (size_t p = 0; p < 2; p++) {
		cr_answers *base = load(same[p]);
		size_t ti;
		assert_non_null(cr_questionnaire_find(base->q, "task_time", &ti));
		size_t nt = (size_t)base->a[ti].num;
		int last_exp = -1, last_drop = -100;
		/* the least exposed task "most" throughout; the others from none up, one by one */
		size_t low = 0;
		for (size_t i = 1; i < nt; i++)
			if (cr_kb_task(fx_kb, base->a[ti].task_ids[i])->exposure == 0)
				low = i;
		for (size_t i = 0; i < nt; i++)
			base->a[ti].parts[i] = i == low ? 3 : 0;
		for (size_t i = 0; i <= nt; i++) {
			if (i < nt && i != low)
				base->a[ti].parts[i] = cr_kb_task(fx_kb, base->a[ti].task_ids[i])->exposure ? 3 : 0;
			cr_answers *nv = with_freq(base, "never");
			cr_result *r = assess(nv);
			int e = r->exposure;
			cr_result_free(r);
			cr_answers_free(nv);
			int dr = score_of_freq(base, "never") - score_of_freq(base, "daily");
			if (e >= last_exp && dr < last_drop - 1) /* one point of slack: scores are whole numbers */
				fail_msg("%s: exposure %d -> %d, yet daily AI use lowers the score by %d, not %d or more", same[p],
					 last_exp, e, dr, last_drop);
			if (e > last_exp) {
				last_exp = e;
				last_drop = dr;
			}
		}
		print_message("  %s: at exposure %d daily AI use lowers the score by %d\n", same[p], last_exp, last_drop);
		cr_answers_free(base);
	}

	/* 3: the electrician with time only on E0 tasks */
	cr_answers *el = load("electrician.yaml");
	size_t qi;
	assert_non_null(cr_questionnaire_find(el->q, "task_time", &qi));
	cr_answer *a = &el->a[qi];
	for (size_t i = 0; i < (size_t)a->num; i++)
		a->parts[i] = cr_kb_task(fx_kb, a->task_ids[i])->exposure == 0 ? 2 : 0;
	cr_answers *el_never = with_freq(el, "never");
	cr_result *r = assess(el_never);
	assert_int_equal(r->exposure, 0);
	cr_result_free(r);
	cr_answers_free(el_never);
	int d0 = score_of_freq(el, "never") - score_of_freq(el, "daily");
	print_message("  no exposed tasks: never -> daily moves the electrician %d point(s)\n", d0);
	assert_true(d0 >= 0 && d0 <= 2);
	/* and the translator, mostly on E1 tasks, a lot */
	cr_answers *tr = load("translator.yaml");
	int dt = score_of_freq(tr, "never") - score_of_freq(tr, "daily");
	print_message("  translator: never -> daily moves the score %d points\n", dt);
	assert_true(dt >= 10);
	cr_answers_free(tr);
	cr_answers_free(el);
}

/* The prepared assessment the property test uses gives what cr_assess() gives. */
static void test_plan_matches(void **state)
{
	(void)state;
	uint64_t rng = 12345;
	cr_assess_plan *p = cr_assess_plan_new(fx_kb, fx_std);
	for (int k = 0; k < 50; k++) {
		cr_answers *as = random_answers(fx_std, &rng);
		cr_result *r = assess(as);
		const cr_result *pr = cr_assess_plan_run(p, as);
		assert_int_equal(r->score, pr->score);
		assert_int_equal(r->range_lo, pr->range_lo);
		assert_int_equal(r->range_hi, pr->range_hi);
		assert_int_equal(r->nfired, pr->nfired);
		assert_int_equal(r->nmissing, pr->nmissing);
		assert_int_equal(r->nunasked, pr->nunasked);
		cr_result_free(r);
		cr_answers_free(as);
	}
	cr_assess_plan_free(p);
}

/* Skipped answers widen the uncertainty range. */
static void test_range_widens(void **state)
{
	(void)state;
	cr_answers *as = load("accountant.yaml");
	cr_result *full = assess(as);
	size_t qi;
	assert_non_null(cr_questionnaire_find(fx_std, "tasks", &qi));
	cr_answers_clear(as, qi);
	cr_result *partial = assess(as);
	assert_true(partial->range_hi - partial->range_lo > full->range_hi - full->range_lo);
	cr_result_free(full);
	cr_result_free(partial);
	cr_answers_free(as);
}

/* Sensitivity changes lower the score, and say by how much. */
static void test_sensitivity(void **state)
{
	(void)state;
	cr_answers *as = load("truck-driver.yaml");
	cr_result *r = assess(as);
	assert_true(r->nsens > 0);
	for (size_t i = 0; i < r->nsens; i++) {
		assert_true(r->sens[i].score_after < r->score);
		assert_int_equal(r->sens[i].delta, r->sens[i].score_after - r->score);
		if (i)
			assert_true(r->sens[i].delta >= r->sens[i - 1].delta);
	}
	cr_result_free(r);
	cr_answers_free(as);
}

/* The baseline of an occupation uses its typical task mix. */
static void test_baseline(void **state)
{
	(void)state;
	const cr_occupation *clerk = cr_kb_occupation(fx_kb, "43-9021");
	const cr_occupation *nurse = cr_kb_occupation(fx_kb, "29-1141");
	assert_non_null(clerk);
	assert_non_null(nurse);
	cr_answers *a = cr_baseline_answers(fx_kb, fx_std, clerk), *b = cr_baseline_answers(fx_kb, fx_std, nurse);
	cr_result *ra = assess(a), *rb = assess(b);
	assert_true(ra->routineness > rb->routineness);
	assert_true(ra->score > rb->score);
	cr_result_free(ra);
	cr_result_free(rb);
	cr_answers_free(a);
	cr_answers_free(b);
}

static bool fired(const cr_result *r, const char *id)
{
	for (size_t i = 0; i < r->nfired; i++)
		if (strcmp(r->fired[i].rule->id, id) == 0)
			return true;
	return false;
}

static bool flagged(const cr_result *r, const char *id)
{
	for (size_t i = 0; i < r->nflags; i++)
		if (strcmp(r->flags[i].id, id) == 0)
			return true;
	return false;
}

static void set_num(cr_answers *as, const char *qid, double v)
{
	size_t qi;
	assert_non_null(cr_questionnaire_find(as->q, qid, &qi));
	as->a[qi] = (cr_answer){.state = CR_A_GIVEN, .num = v};
}

static void set_str(cr_answers *as, const char *qid, const char *choice)
{
	size_t qi;
	const cr_question *q = cr_questionnaire_find(as->q, qid, &qi);
	assert_non_null(q);
	for (size_t i = 0; i < q->nchoices; i++)
		if (strcmp(q->choices[i].id, choice) == 0) {
			as->a[qi] = (cr_answer){.state = CR_A_GIVEN, .str = q->choices[i].id};
			return;
		}
	fail_msg("%s has no choice %s", qid, choice);
}

/*
 * The consistency (validity) checks: the reviewer's inconsistent answers give
 * exactly their three findings, each widening the range by 5; correcting an
 * answer removes its finding; the fourth check (nobody could take over after
 * under a year) fires on its own; a consistent persona gives none.
 */
static void test_consistency(void **state)
{
	(void)state;
	cr_answers *as = load("inconsistent-accountant.yaml");
	cr_result *r = assess(as);
	assert_int_equal(r->nflags, 3);
	assert_true(flagged(r, "data-entry-vs-tasks"));
	assert_true(flagged(r, "ai-depth-vs-frequency"));
	assert_true(flagged(r, "seniority-vs-years"));
	assert_int_equal(r->range_flags, 15);
	assert_int_equal(r->range_half, r->range_base + r->range_missing + r->range_flags);
	assert_true(r->range_hi - r->range_lo >= 2 * 15 || r->range_lo == 0 || r->range_hi == 100);

	/* each correction removes its finding and narrows the range by 5 */
	cr_answers *fixed = cr_answers_copy(as);
	set_str(fixed, "seniority", "senior");
	cr_result *f = assess(fixed);
	assert_int_equal(f->nflags, 2);
	assert_false(flagged(f, "seniority-vs-years"));
	assert_int_equal(f->range_half, r->range_half - 5);
	set_num(fixed, "data_entry", 5);
	set_str(fixed, "ai_depth", "consume");
	cr_result *g = assess(fixed);
	assert_int_equal(g->nflags, 0);
	assert_int_equal(g->range_flags, 0);

	/* nobody could take over, after under a year */
	set_str(fixed, "rarity", "none");
	set_num(fixed, "years_niche", 0);
	cr_result *h = assess(fixed);
	assert_int_equal(h->nflags, 1);
	assert_true(flagged(h, "rarity-vs-years"));

	cr_answers *acc = load("accountant.yaml");
	cr_result *ok = assess(acc);
	assert_int_equal(ok->nflags, 0);
	for (cr_result **x = (cr_result *[]){r, f, g, h, ok, NULL}; *x; x++)
		cr_result_free(*x);
	cr_answers_free(acc);
	cr_answers_free(fixed);
	cr_answers_free(as);
}

/*
 * Answers to questions whose ask_if rules them out (AI uses, depth and AI
 * combined with the domain, from someone who never uses AI) do not count: the result is the one without
 * them, they are listed as not counted, and the batch's prepared path agrees.
 */
static void test_unasked_not_counted(void **state)
{
	(void)state;
	cr_answers *as = load("never-uses-ai-with-depth.yaml");
	cr_result *r = assess(as);
	assert_int_equal(r->ai_usage, 0);
	assert_true(fired(r, "ai-never"));
	assert_false(fired(r, "ai-use-analysis"));
	assert_int_equal(r->nunasked, 3);
	bool uses = false, depth = false, domain = false;
	for (size_t i = 0; i < r->nunasked; i++) {
		uses = uses || strcmp(r->unasked[i]->id, "ai_uses") == 0;
		depth = depth || strcmp(r->unasked[i]->id, "ai_depth") == 0;
		domain = domain || strcmp(r->unasked[i]->id, "ai_domain") == 0;
	}
	assert_true(uses && depth && domain);

	cr_answers *without = cr_answers_copy(as);
	size_t qi;
	assert_non_null(cr_questionnaire_find(fx_std, "ai_uses", &qi));
	cr_answers_clear(without, qi);
	assert_non_null(cr_questionnaire_find(fx_std, "ai_depth", &qi));
	cr_answers_clear(without, qi);
	assert_non_null(cr_questionnaire_find(fx_std, "ai_domain", &qi));
	cr_answers_clear(without, qi);
	cr_result *w = assess(without);
	assert_int_equal(w->score, r->score);
	assert_int_equal(w->nfired, r->nfired);
	assert_int_equal(w->range_half, r->range_half); /* implied by never using AI: not missing */
	assert_int_equal(w->nunasked, 0);
	assert_int_equal(w->answered, r->answered);

	cr_assess_plan *p = cr_assess_plan_new(fx_kb, fx_std);
	const cr_result *pr = cr_assess_plan_run(p, as);
	assert_int_equal(pr->score, r->score);
	assert_int_equal(pr->nunasked, 3);
	cr_assess_plan_free(p);
	cr_result_free(w);
	cr_result_free(r);
	cr_answers_free(without);
	cr_answers_free(as);
}

/*
 * The known-mistake warnings: the truck driver who never uses AI and keeps work
 * manual is warned of waiting and hoarding, not of staying generic (several
 * colleagues, not many); the clerk whom many could replace is warned of staying
 * generic; the nurse of none. Each warning comes from a fired rule that carries it.
 */
static void test_warnings(void **state)
{
	(void)state;
	static const struct {
		const char *persona;
		unsigned want;
	} cases[] = {
		{"truck-driver.yaml", 1u << CR_WARN_WAITING | 1u << CR_WARN_HOARDING},
		{"data-entry-clerk.yaml", 1u << CR_WARN_WAITING | 1u << CR_WARN_HOARDING | 1u << CR_WARN_GENERIC},
		{"registered-nurse.yaml", 0},
		{"marketing-manager.yaml", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cr_answers *as = load(cases[i].persona);
		cr_result *r = assess(as);
		if (r->warnings != cases[i].want)
			fail_msg("%s: warnings %#x, expected %#x", cases[i].persona, r->warnings, cases[i].want);
		for (int w = 1; w < 4; w++) {
			bool from_rule = false;
			for (size_t k = 0; k < r->nfired; k++)
				from_rule = from_rule || r->fired[k].rule->warning == (enum cr_warning)w;
			assert_int_equal(from_rule, (r->warnings >> w) & 1);
		}
		cr_result_free(r);
		cr_answers_free(as);
	}
	/* stopping the habit removes the warning: the truck driver who uses AI weekly and hands work to tools */
	cr_answers *as = load("truck-driver.yaml");
	set_str(as, "ai_frequency", "weekly");
	set_str(as, "manual_preference", "no");
	set_str(as, "ai_domain", "exploring");
	cr_result *r = assess(as);
	assert_int_equal(r->warnings & (1u << CR_WARN_WAITING | 1u << CR_WARN_HOARDING), 0);
	cr_result_free(r);
	cr_answers_free(as);
}

/*
 * Growing roles: each one shown is reachable (a usual way in from the
 * occupation, or half its skills held); its fit is the share of its skills
 * the person ticked, its skills to add exactly the rest, its months the role's
 * range; usual ways in come first, then the better fit.
 */
static void test_transitions(void **state)
{
	(void)state;
	static const char *const who[] = {"data-entry-clerk.yaml", "customer-service-representative.yaml",
					  "accountant.yaml", "registered-nurse.yaml", "warehouse-worker.yaml"};
	size_t qi;
	assert_non_null(cr_questionnaire_find(fx_std, "skills", &qi));
	const cr_question *sq = &fx_std->questions[qi];
	for (size_t i = 0; i < sizeof who / sizeof *who; i++) {
		cr_answers *as = load(who[i]);
		cr_result *r = assess(as);
		assert_true(r->ntrans > 0);
		uint64_t ticked = as->a[qi].bits;
		/* five or more years in the specialism count as domain expertise */
		size_t yi;
		assert_non_null(cr_questionnaire_find(fx_std, "years_niche", &yi));
		if (as->a[yi].state == CR_A_GIVEN && as->a[yi].num >= 5)
			for (size_t c = 0; c < sq->nchoices; c++)
				if (strcmp(sq->choices[c].id, "domain-expertise") == 0)
					ticked |= (uint64_t)1 << c;
		for (size_t k = 0; k < r->ntrans; k++) {
			const cr_transition *t = &r->trans[k];
			const cr_role *role = t->role;
			bool from = false;
			for (size_t j = 0; j < role->from.n; j++)
				from = from || strncmp(r->occ->code, role->from.v[j], strlen(role->from.v[j])) == 0;
			assert_int_equal(t->from_match, from);
			size_t held = 0;
			for (size_t j = 0; j < role->skills.n; j++) {
				bool has = false;
				for (size_t c = 0; c < sq->nchoices; c++)
					if ((ticked >> c & 1) && strcmp(sq->choices[c].id, role->skills.v[j]) == 0)
						has = true;
				bool to_add = false;
				for (size_t a = 0; a < t->nadd; a++)
					to_add = to_add || strcmp(t->add[a], role->skills.v[j]) == 0;
				if (to_add == has)
					fail_msg("%s: %s skill %s %s", who[i], role->id, role->skills.v[j],
						 has ? "held but listed to add" : "missing but not listed to add");
				held += has;
			}
			assert_int_equal(t->nadd, role->skills.n - held);
			assert_int_equal(t->fit, (int)lround(100.0 * (double)held / (double)role->skills.n));
			assert_true(t->from_match || t->fit >= 50);
			assert_true(role->months_lo >= 1 && role->months_lo <= role->months_hi);
			if (k) {
				const cr_transition *p = &r->trans[k - 1];
				assert_true(p->from_match > t->from_match || (p->from_match == t->from_match && p->fit >= t->fit));
			}
		}
		cr_result_free(r);
		cr_answers_free(as);
	}
}

/* The nurse of nine years is credited with domain expertise for the roles that need it. */
static void test_domain_expertise_from_years(void **state)
{
	(void)state;
	cr_answers *as = load("registered-nurse.yaml");
	cr_result *r = assess(as);
	bool seen = false;
	for (size_t k = 0; k < r->ntrans; k++)
		for (size_t j = 0; j < r->trans[k].role->skills.n; j++)
			if (strcmp(r->trans[k].role->skills.v[j], "domain-expertise") == 0) {
				seen = true;
				for (size_t a = 0; a < r->trans[k].nadd; a++)
					if (strcmp(r->trans[k].add[a], "domain-expertise") == 0)
						fail_msg("nurse told to add domain expertise for %s", r->trans[k].role->id);
				assert_true(r->trans[k].fit > 0);
			}
	assert_true(seen);
	/* a newcomer to the specialism is not */
	set_num(as, "years_niche", 1);
	cr_result *n = assess(as);
	bool listed = false;
	for (size_t k = 0; k < n->ntrans; k++)
		for (size_t a = 0; a < n->trans[k].nadd; a++)
			listed = listed || strcmp(n->trans[k].add[a], "domain-expertise") == 0;
	assert_true(listed || n->ntrans == 0);
	cr_result_free(n);
	cr_result_free(r);
	cr_answers_free(as);
}

/*
 * The four-step plan is built from the person's own recommendations: for
 * each step, the highest-ranked one tagged with it, or none when no
 * recommendation of that step was made.
 */
static void test_plan(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof all_personas / sizeof *all_personas; i++) {
		cr_answers *as = load_in(all_personas[i].file, cr_kb_questionnaire(fx_kb, all_personas[i].q));
		cr_result *r = assess(as);
		int steps = 0;
		for (int st = 0; st < 4; st++) {
			int first = -1;
			for (size_t k = 0; k < r->nadvice && first < 0; k++)
				if (r->advice[k].rec->step == st + 1)
					first = (int)k;
			assert_int_equal(r->plan[st], first);
			steps += first >= 0;
		}
		assert_true(steps >= 2); /* every persona gets at least two steps of the plan */
		cr_result_free(r);
		cr_answers_free(as);
	}
}

/*
 * A recommendation some rule gives whatever the answers (core-generality's
 * `when: "true"`) is one no answer can show done, so the plan never credits it
 * (cr_rec_always); one given only for some answers can be. Every persona gets
 * the first, whichever answers they gave.
 */
static void test_rec_always(void **state)
{
	(void)state;
	const cr_rec *always = cr_kb_rec(fx_kb, "write-niche-statement");
	const cr_rec *some = cr_kb_rec(fx_kb, "build-niche-intersection");
	assert_non_null(always);
	assert_non_null(some);
	assert_true(cr_rec_always(fx_kb, always));
	assert_false(cr_rec_always(fx_kb, some));
	size_t nalways = 0;
	for (size_t i = 0; i < fx_kb->nrecs; i++)
		nalways += cr_rec_always(fx_kb, &fx_kb->recs[i]);
	assert_true(nalways >= 1 && nalways < fx_kb->nrecs);
	for (const char *const *p = (const char *const[]){"truck-driver.yaml", "translator.yaml", "registered-nurse.yaml", NULL};
	     *p; p++) {
		cr_answers *as = load(*p);
		cr_result *r = assess(as);
		bool given = false;
		for (size_t i = 0; i < r->nadvice; i++)
			given |= r->advice[i].rec == always;
		assert_true(given);
		cr_result_free(r);
		cr_answers_free(as);
	}
}

/* cr_round_int is (int)lround: at and around the halves, either side of zero, and where x - trunc(x) could round */
static void test_round_int(void **state)
{
	(void)state;
	const double v[] = {0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
			    nextafter(0.5, 1), nextafter(0.5, 0), nextafter(-0.5, -1), nextafter(-0.5, 0), 99.5, 99.49999999999999,
			    100, 4503599627370495.5 / 1e7, 123456789.5, -123456789.5, 999999999.4, -999999999.4,
			    nextafter(1e9, 0), 1e9, -1e9, 1e10, 1e-300, -1e-300};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (fabs(v[i]) < 2e9) {
			assert_int_equal(cr_round_int(v[i]), (int)lround(v[i]));
		}
	}
	/* and every quarter from -200 to 200, as scores and dimensions run */
	for (int q = -800; q <= 800; q++)
		assert_int_equal(cr_round_int(q / 4.0), (int)lround(q / 4.0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranges_and_trace), cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_monotone),         cmocka_unit_test(test_range_widens),
		cmocka_unit_test(test_exposure_moves),   cmocka_unit_test(test_ai_use_scales_with_exposure),
		cmocka_unit_test(test_sensitivity),      cmocka_unit_test(test_baseline),
		cmocka_unit_test(test_plan_matches),     cmocka_unit_test(test_consistency),
		cmocka_unit_test(test_unasked_not_counted), cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_transitions),      cmocka_unit_test(test_plan),
		cmocka_unit_test(test_domain_expertise_from_years), cmocka_unit_test(test_rec_always),
		cmocka_unit_test(test_round_int),
	};
	return cmocka_run_group_tests(tests, fx_kb_setup, fx_kb_teardown);
}
