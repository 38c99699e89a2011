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
#include "util.h"

static cr_kb *kb;
static const cr_questionnaire *stdq;

static int setup(void **state)
{
	(void)state;
	cr_diags d = {0};
	if (cr_kb_load(CR_SOURCE_DIR "/knowledge", CR_SOURCE_DIR "/questionnaires", &kb, &d) != CR_OK)
		return -1;
	stdq = cr_kb_questionnaire(kb, "standard");
	return stdq ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	cr_kb_free(kb);
	return 0;
}

static cr_answers *load(const char *name)
{
	cr_diags d = {0};
	cr_answers *as = NULL;
	char *path = cr_xprintf("%s/tests/data/answers/%s", CR_SOURCE_DIR, name);
	enum cr_status st = cr_answers_load(kb, stdq, path, &as, &d);
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
	assert_int_equal(cr_assess(kb, as, 0, &r, &d), CR_OK);
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
};

static cr_answers *load_in(const char *name, const cr_questionnaire *q)
{
	cr_diags d = {0};
	cr_answers *as = NULL;
	char *path = cr_xprintf("%s/tests/data/answers/%s", CR_SOURCE_DIR, name);
	if (cr_answers_load(kb, q, path, &as, &d))
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
	for (size_t i = 0; i < kb->nrules; i++) {
		double ea = 0, eb = 0;
		for (size_t k = 0; k < a->nfired; k++)
			if (a->fired[k].rule == &kb->rules[i])
				ea = a->fired[k].effect;
		for (size_t k = 0; k < b->nfired; k++)
			if (b->fired[k].rule == &kb->rules[i])
				eb = b->fired[k].effect;
		if (fabs(ea - eb) > 1e-9)
			print_error("    %-32s %7.3f -> %7.3f\n", kb->rules[i].id, ea, eb);
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

static void check_tasks(prop_ctx *c, const cr_answers *base)
{
	size_t qi;
	const cr_question *q = cr_questionnaire_find(base->q, "tasks", &qi);
	if (!q || base->a[qi].state != CR_A_GIVEN)
		return;
	static const char *const routine[] = {"routine_cognitive", "routine_manual"};
	static const char *const other[] = {"analytic", "interpersonal", "creative", "nonroutine_manual"};
	int ri[2], oi[4];
	for (size_t k = 0; k < 2; k++)
		ri[k] = part_index(q, routine[k]);
	for (size_t k = 0; k < 4; k++)
		oi[k] = part_index(q, other[k]);
	cr_answers *as = cr_answers_copy(base);
	for (size_t y = 0; y < 2; y++)
		for (size_t x = 0; x < 4; x++) {
			if (ri[y] < 0 || oi[x] < 0)
				continue;
			as->a[qi] = base->a[qi];
			sample prev = run_plan(c->plan, as);
			char what[96];
			snprintf(what, sizeof what, "moving a point of the week from %s to %s", other[x], routine[y]);
			while (as->a[qi].parts[oi[x]] >= 1) {
				as->a[qi].parts[oi[x]] -= 1;
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
			a.str = kb->occupations[next_rand(rng) % kb->noccupations].code;
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
		const cr_questionnaire *q = cr_kb_questionnaire(kb, all_personas[i].q);
		assert_non_null(q);
		cr_answers *as = load_in(all_personas[i].file, q);
		prop_ctx c = {cr_assess_plan_new(kb, q), all_personas[i].file, 0, NULL, NULL};
		check_tasks(&c, as);
		check_ordered(&c, as, &rng);
		checks += c.checks;
		cr_assess_plan_free(c.plan);
		cr_answers_free(as);
	}
	/* random answer sets to each questionnaire */
	for (size_t qn = 0; qn < kb->nquestionnaires; qn++) {
		const cr_questionnaire *q = &kb->questionnaires[qn];
		prop_ctx c = {cr_assess_plan_new(kb, q), NULL, 0, NULL, NULL};
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

/* The prepared assessment the property test uses gives what cr_assess() gives. */
static void test_plan_matches(void **state)
{
	(void)state;
	uint64_t rng = 12345;
	cr_assess_plan *p = cr_assess_plan_new(kb, stdq);
	for (int k = 0; k < 50; k++) {
		cr_answers *as = random_answers(stdq, &rng);
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
	assert_non_null(cr_questionnaire_find(stdq, "tasks", &qi));
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
	const cr_occupation *clerk = cr_kb_occupation(kb, "43-9021");
	const cr_occupation *nurse = cr_kb_occupation(kb, "29-1141");
	assert_non_null(clerk);
	assert_non_null(nurse);
	cr_answers *a = cr_baseline_answers(kb, stdq, clerk), *b = cr_baseline_answers(kb, stdq, nurse);
	cr_result *ra = assess(a), *rb = assess(b);
	assert_true(ra->routineness > rb->routineness);
	assert_true(ra->score > rb->score);
	cr_result_free(ra);
	cr_result_free(rb);
	cr_answers_free(a);
	cr_answers_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranges_and_trace), cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_monotone),         cmocka_unit_test(test_range_widens),
		cmocka_unit_test(test_sensitivity),      cmocka_unit_test(test_baseline),
		cmocka_unit_test(test_plan_matches),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
