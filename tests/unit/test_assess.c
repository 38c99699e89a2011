/* test_assess.c - scoring properties over the shipped knowledge base. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static void set_choice(cr_answers *as, const char *qid, const char *choice)
{
	size_t qi;
	const cr_question *q = cr_questionnaire_find(as->q, qid, &qi);
	assert_non_null(q);
	char *err = NULL;
	cr_answer a;
	if (cr_answer_parse(kb, q, choice, &a, &err))
		fail_msg("%s = %s: %s", qid, choice, err);
	cr_answers_set(as, qi, &a);
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
		assert_int_equal(r->score, (int)lround(cr_clamp(sum, 0, 100)));
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

/* All else equal: more routine work raises the score; more AI use or a rarer niche lowers it. */
static void test_monotone(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof personas / sizeof *personas; i++) {
		cr_answers *as = load(personas[i]);
		cr_result *base = assess(as);

		cr_answers *more_ai = cr_answers_copy(as);
		set_choice(more_ai, "ai_frequency", "daily");
		cr_result *r = assess(more_ai);
		if (r->score > base->score)
			fail_msg("%s: daily AI use raised the score %d -> %d", personas[i], base->score, r->score);
		assert_true(r->ai_usage >= base->ai_usage);
		cr_result_free(r);
		cr_answers_free(more_ai);

		cr_answers *less_ai = cr_answers_copy(as);
		set_choice(less_ai, "ai_frequency", "never");
		r = assess(less_ai);
		if (r->score < base->score)
			fail_msg("%s: never using AI lowered the score %d -> %d", personas[i], base->score, r->score);
		cr_result_free(r);
		cr_answers_free(less_ai);

		cr_answers *rare = cr_answers_copy(as);
		set_choice(rare, "rarity", "none");
		r = assess(rare);
		if (r->score > base->score)
			fail_msg("%s: a rarer niche raised the score %d -> %d", personas[i], base->score, r->score);
		assert_true(r->specialization >= base->specialization);
		cr_result_free(r);
		cr_answers_free(rare);

		cr_answers *routine = cr_answers_copy(as);
		set_choice(routine, "tasks", "70 10 5 5 5 5");
		cr_answers *varied = cr_answers_copy(as);
		set_choice(varied, "tasks", "5 5 40 25 20 5");
		cr_result *hi = assess(routine), *lo = assess(varied);
		if (hi->score < lo->score)
			fail_msg("%s: routine week %d scored below varied week %d", personas[i], hi->score, lo->score);
		assert_true(hi->routineness > lo->routineness);
		cr_result_free(hi);
		cr_result_free(lo);
		cr_answers_free(routine);
		cr_answers_free(varied);

		cr_result_free(base);
		cr_answers_free(as);
	}
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
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
