/*
 * test_plan.c - the prepared plan (cr_assess_plan_*) gives what plain
 * evaluation (cr_assess) gives, on knowledge bases larger than its index.
 *
 * The plan indexes up to 1,024 live rules by their guards; beyond that, and
 * for answers to another questionnaire, it tests each rule's guards in turn.
 * That second path once wrote a bitset sized by the rule count into a 16-word
 * stack array (issue 13), and no test reached it: the shipped base has far
 * fewer rules. Here the shipped base is loaded with a generated file of extra
 * rules over its own facts, and every questionnaire's plan is run against
 * cr_assess on random answer sets, its own and another questionnaire's.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "kb_gen.h"
#include "util.h"

/* Loads the shipped base, with `extra` (a knowledge file's text) beside it when not NULL. */
static cr_kb *load(const char *extra)
{
	size_t nk, nq;
	cr_kb_file *kf = kbgen_read_dir(CR_SOURCE_DIR "/knowledge", extra, &nk);
	cr_kb_file *qf = kbgen_read_dir(CR_SOURCE_DIR "/questionnaires", NULL, &nq);
	assert_non_null(kf);
	assert_non_null(qf);
	cr_diags d = {0};
	cr_kb *kb = NULL;
	enum cr_status st = cr_kb_load_files(CR_SOURCE_DIR "/knowledge", CR_SOURCE_DIR "/questionnaires", kf, nk, qf, nq,
					     &kb, &d);
	if (st != CR_OK)
		fail_msg("the base with generated rules does not load: %s:%d: %s", d.n ? d.v[0].file : "-",
			 d.n ? d.v[0].line : 0, d.n ? d.v[0].msg : "-");
	cr_diags_clear(&d);
	kbgen_free_files(kf, nk, extra != NULL);
	kbgen_free_files(qf, nq, false);
	return kb;
}

/* ---- a fixed-seed generator (splitmix64), so a failure reproduces ------- */

static uint32_t draw(void *ctx)
{
	uint64_t *s = ctx;
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

/*
 * Keeping only the first few recommendations (a batch keeps 3, the catalogue
 * 1) keeps exactly the full ranking's first few: each with the same weight
 * (to the bit), the first rule that recommended it, whether it can be
 * credited and the goal it serves; and the same plan steps. The generated
 * rules recommend the shipped recommendations, so one is often recommended
 * by several fired rules, core and not.
 */
static void keep_agrees(cr_assess_plan *p, const cr_answers *as)
{
	cr_assess_plan_keep_advice(p, 0);
	const cr_result *all = cr_assess_plan_run(p, as);
	if (!all)
		return;
	enum { MOST = 5 };
	cr_advice want[MOST];
	size_t nall = all->nadvice;
	int plan_first[4]; /* the plan's steps among the first MOST only: the full plan may reach further */
	for (size_t i = 0; i < nall && i < MOST; i++)
		want[i] = all->advice[i];
	for (size_t keep = 1; keep <= MOST; keep++) {
		for (int st = 0; st < 4; st++)
			plan_first[st] = -1;
		for (size_t i = 0; i < nall && i < keep; i++)
			if (want[i].rec->step >= 1 && want[i].rec->step <= 4 && plan_first[want[i].rec->step - 1] < 0)
				plan_first[want[i].rec->step - 1] = (int)i;
		cr_assess_plan_keep_advice(p, keep);
		const cr_result *top = cr_assess_plan_run(p, as);
		assert_int_equal(top->nadvice, nall < keep ? nall : keep);
		for (size_t i = 0; i < top->nadvice; i++) {
			const cr_advice *x = &top->advice[i], *y = &want[i];
			assert_ptr_equal(x->rec, y->rec);
			assert_ptr_equal(x->because, y->because);
			assert_memory_equal(&x->weight, &y->weight, sizeof x->weight);
			assert_int_equal(x->priority, y->priority);
			assert_int_equal(x->serves_goal, y->serves_goal);
			assert_int_equal(x->creditable, y->creditable);
		}
		assert_memory_equal(top->plan, plan_first, sizeof plan_first);
	}
	cr_assess_plan_keep_advice(p, 0);
}

/* cr_assess, cr_assess_planned and cr_assess_plan_run agree on as; returns how many generated rules fired. */
static size_t agree(const cr_kb *kb, cr_assess_plan *p, const cr_answers *as)
{
	cr_diags d = {0};
	cr_result *plain = NULL, *planned = NULL;
	enum cr_status st = cr_assess(kb, as, CR_ASSESS_NO_SENSITIVITY, &plain, &d);
	assert_int_equal(cr_assess_planned(p, as, CR_ASSESS_NO_SENSITIVITY, &planned, &d), st);
	size_t fired = 0;
	if (st == CR_OK) {
		char *want = kbgen_describe(plain);
		char *got = kbgen_describe(planned);
		char *run = kbgen_describe(cr_assess_plan_run(p, as));
		assert_string_equal(got, want);
		assert_string_equal(run, want);
		for (size_t i = 0; i < plain->nfired; i++)
			fired += strncmp(plain->fired[i].rule->id, "gen-", 4) == 0;
		free(want);
		free(got);
		free(run);
		keep_agrees(p, as);
	}
	cr_result_free(plain);
	cr_result_free(planned);
	cr_diags_clear(&d);
	return fired;
}

/* A base of `extra_rules` generated rules beside the shipped ones, checked on `sets` answer sets per questionnaire. */
static void check_base(size_t extra_rules, uint64_t seed, int sets)
{
	cr_kb *shipped = load(NULL);
	uint64_t s = seed;
	char *text = kbgen_rules(shipped, extra_rules, draw, &s);
	cr_kb_free(shipped);
	cr_kb *kb = load(text);
	free(text);
	assert_true(kb->nrules > extra_rules);
	size_t fired = 0, live_max = 0;
	for (size_t qn = 0; qn < kb->nquestionnaires; qn++) {
		const cr_questionnaire *q = &kb->questionnaires[qn];
		cr_assess_plan *p = cr_assess_plan_new(kb, q);
		if (cr_assess_plan_rules(p) > live_max)
			live_max = cr_assess_plan_rules(p);
		for (int i = 0; i < sets; i++) {
			/* answers to this questionnaire, then to another (the plan's every-rule path) */
			const cr_questionnaire *other = &kb->questionnaires[(qn + 1 + (size_t)i) % kb->nquestionnaires];
			cr_answers *as = kbgen_answers(kb, i % 2 ? other : q, draw, &s);
			fired += agree(kb, p, as);
			cr_answers_free(as);
		}
		for (size_t o = 0; o < kb->noccupations && o < 40; o++) {
			cr_answers *as = cr_baseline_answers(kb, q, &kb->occupations[o]);
			fired += agree(kb, p, as);
			cr_answers_free(as);
		}
		cr_assess_plan_free(p);
	}
	/* not a vacuous comparison: generated rules fired, and a plan held more than its index can */
	assert_true(fired > (size_t)sets);
	if (extra_rules > 1100)
		assert_true(live_max > 1024);
	cr_kb_free(kb);
}

/* More live rules than the index holds: every rule's guards are tested in turn. */
static void test_plan_beyond_index(void **state)
{
	(void)state;
	check_base(1500, 13, 60);
}

/* Fewer: the index applies; the same comparison. */
static void test_plan_indexed(void **state)
{
	(void)state;
	check_base(300, 7, 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_beyond_index),
		cmocka_unit_test(test_plan_indexed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
