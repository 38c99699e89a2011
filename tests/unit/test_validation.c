/*
 * test_validation.c - the model against experts' expectations and published estimates:
 * golden personas (tests/data/golden.yaml) and the rank correlation of the catalogue's
 * baselines with Frey and Osborne (2013). Prints what it measured.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "assess.h"
#include "catalogue.h"
#include "util.h"
#include "fixture.h"
#include "ydoc.h"


static bool in_top5(const cr_result *r, const char *id)
{
	for (size_t i = 0; i < r->nadvice && i < 5; i++)
		if (strcmp(r->advice[i].rec->id, id) == 0)
			return true;
	return false;
}

static void test_golden_personas(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_ydoc *doc = NULL;
	assert_int_equal(cr_ydoc_load(CR_SOURCE_DIR "/tests/data/golden.yaml", 1 << 20, &doc, &d), CR_OK);
	void *it = NULL;
	struct fy_node *c;
	int cases = 0, failures = 0, seen16 = 0;
	while ((c = fy_node_sequence_iterate(cr_ydoc_root(doc), &it)) != NULL) {
		const char *persona = cr_ynode_str(cr_ymap_get(c, "persona"));
		const char *qid = cr_ynode_str(cr_ymap_get(c, "questionnaire"));
		const char *band = cr_ynode_str(cr_ymap_get(c, "band"));
		const cr_questionnaire *q = cr_kb_questionnaire(fx_kb, qid ? qid : "standard");
		char *path = cr_xprintf("%s/tests/data/answers/%s", CR_SOURCE_DIR, persona);
		cr_answers *as = NULL;
		cr_result *r = NULL;
		assert_int_equal(cr_answers_load(fx_kb, q, path, &as, &d), CR_OK);
		assert_int_equal(cr_assess(fx_kb, as, 0, &r, &d), CR_OK);
		cases++;
		print_message("  %-36s %3d %-9s", persona, r->score, r->band);
		for (size_t i = 0; i < r->nadvice && i < 3; i++)
			print_message(" %s", r->advice[i].rec->id);
		print_message("\n");
		if (strcmp(r->band, band) != 0) {
			print_error("%s: band %s (score %d), expected %s\n", persona, r->band, r->score, band);
			failures++;
		}
		struct fy_node *lists[2] = {cr_ymap_get(c, "top"), cr_ymap_get(c, "not_top")};
		if (!lists[0] || fy_node_sequence_item_count(lists[0]) == 0) {
			print_error("%s: no expected top recommendations\n", persona);
			failures++;
		}
		/* low exposure: the first piece of advice is not a career move (step 4 of the plan) */
		if (r->score < 30 && r->nadvice && r->advice[0].rec->step == 4) {
			print_error("%s: scores %d but its first advice is a career move, %s\n", persona, r->score,
				    r->advice[0].rec->id);
			failures++;
		}
		/* the top reasons: each named rule is among the five largest effects */
		struct fy_node *reasons = cr_ymap_get(c, "reasons");
		if (reasons) {
			size_t *order = cr_fired_order_new(r);
			void *it3 = NULL;
			struct fy_node *id;
			while ((id = fy_node_sequence_iterate(reasons, &it3)) != NULL) {
				const char *rule = cr_ynode_str(id);
				assert_non_null(cr_kb_rule(fx_kb, rule));
				bool found = false;
				for (size_t k = 0; k < r->nfired && k < 5; k++)
					found |= strcmp(r->fired[order[k]].rule->id, rule) == 0;
				if (!found) {
					print_error("%s: rule '%s' is not among the five largest effects\n", persona, rule);
					failures++;
				}
			}
			free(order);
		}
		/* the most exposed task, as the outputs name it first (the reason that names a task) */
		const char *top_task = cr_ynode_str(cr_ymap_get(c, "top_task"));
		if (top_task) {
			const cr_task_time *t[1];
			size_t nt = cr_result_ranked_tasks(r, true, t, 1);
			if (!nt || strncmp(t[0]->task->text, top_task, strlen(top_task)) != 0) {
				print_error("%s: most exposed task '%.60s', expected '%s...'\n", persona,
					    nt ? t[0]->task->text : "(none)", top_task);
				failures++;
			}
		}
		/* issue 16's personas must keep their top reasons asserted: dropping them must fail here */
		static const char *const issue16[] = {"registered-nurse.yaml", "translator.yaml",
						      "customer-service-representative.yaml", "electrician.yaml",
						      "data-entry-clerk.yaml", "software-developer.yaml", "paralegal.yaml"};
		for (size_t k = 0; k < CR_ARRAY_LEN(issue16); k++)
			if (strcmp(persona, issue16[k]) == 0) {
				seen16++;
				if (!reasons || !top_task) {
					print_error("%s: issue 16 persona without reasons and top_task\n", persona);
					failures++;
				}
			}
		for (int k = 0; k < 2; k++) {
			void *it2 = NULL;
			struct fy_node *id;
			while (lists[k] && (id = fy_node_sequence_iterate(lists[k], &it2)) != NULL) {
				const char *rec = cr_ynode_str(id);
				assert_non_null(cr_kb_rec(fx_kb, rec)); /* the expectation names a real recommendation */
				if (in_top5(r, rec) != (k == 0)) {
					print_error("%s: '%s' %s the top five\n", persona, rec, k == 0 ? "is not in" : "is in");
					failures++;
				}
			}
		}
		cr_result_free(r);
		cr_answers_free(as);
		free(path);
	}
	cr_ydoc_free(doc);
	cr_diags_clear(&d);
	assert_true(cases >= 12);
	assert_int_equal(seen16, 7); /* each of issue 16's seven personas is a case */
	assert_int_equal(failures, 0);
}

/*
 * The baseline (a typical worker, through the same engine) of every occupation
 * with a published Frey-Osborne probability, rank-correlated with it.
 */
static void test_rank_correlation(void **state)
{
	(void)state;
	const cr_questionnaire *q = cr_kb_questionnaire(fx_kb, "standard");
	double *ours = cr_xcalloc(fx_kb->noccupations, sizeof *ours), *fo = cr_xcalloc(fx_kb->noccupations, sizeof *fo);
	size_t n = 0;
	for (size_t i = 0; i < fx_kb->noccupations; i++) {
		const cr_occupation *o = &fx_kb->occupations[i];
		for (size_t e = 0; e < o->nexposures; e++) {
			if (strcmp(o->exposures[e].index, "frey-osborne") != 0)
				continue;
			cr_answers *as = cr_baseline_answers(fx_kb, q, o);
			cr_result *r = NULL;
			cr_diags d = {0};
			assert_int_equal(cr_assess(fx_kb, as, CR_ASSESS_NO_SENSITIVITY, &r, &d), CR_OK);
			ours[n] = r->score;
			fo[n] = o->exposures[e].value;
			n++;
			cr_result_free(r);
			cr_answers_free(as);
		}
	}
	double rho = cr_spearman(ours, fo, n);
	print_message("  Spearman rank correlation of baselines with Frey-Osborne (2013): %.3f over %zu occupations\n", rho, n);
	assert_true(n >= 300);
	/*
	 * Model 2 (issue 16) follows routine automation and AI exposure together,
	 * so the score no longer tracks Frey-Osborne alone (it was +0.73 when it
	 * did, and ran against every AI exposure index); test_both_constructs
	 * checks the balance. Still clearly positive:
	 */
	assert_true(rho >= 0.3);
	free(ours);
	free(fo);
}

/*
 * The score follows both constructs (issue 16): routine automation (Frey and
 * Osborne 2013) and exposure to generative AI (Eloundou et al. 2024: the
 * catalogue's exposure is the mean of their task labels; Microsoft 2025: the
 * observed coverage), and still tracks the occupations BLS expects to shrink.
 * Each baseline is a typical worker through the same engine. Prints the
 * figures; asserts only that each correlation is clearly positive and that
 * declining occupations score higher on average than growing ones.
 */
static void test_both_constructs(void **state)
{
	(void)state;
	const cr_questionnaire *q = cr_kb_questionnaire(fx_kb, "standard");
	size_t n = fx_kb->noccupations, nfo = 0, nms = 0;
	double *score = cr_xcalloc(n, sizeof *score), *expo = cr_xcalloc(n, sizeof *expo);
	double *fo_s = cr_xcalloc(n, sizeof *fo_s), *fo = cr_xcalloc(n, sizeof *fo);
	double *ms_s = cr_xcalloc(n, sizeof *ms_s), *ms = cr_xcalloc(n, sizeof *ms);
	double *rout = cr_xcalloc(n, sizeof *rout), *dimx = cr_xcalloc(n, sizeof *dimx);
	double sum[3] = {0, 0, 0};
	size_t cnt[3] = {0, 0, 0};
	for (size_t i = 0; i < n; i++) {
		const cr_occupation *o = &fx_kb->occupations[i];
		cr_answers *as = cr_baseline_answers(fx_kb, q, o);
		cr_result *r = NULL;
		cr_diags d = {0};
		assert_int_equal(cr_assess(fx_kb, as, CR_ASSESS_NO_SENSITIVITY, &r, &d), CR_OK);
		assert_true(o->ntasks_all > 0);
		score[i] = r->score;
		expo[i] = o->exposure;
		rout[i] = r->routineness;
		dimx[i] = r->exposure;
		sum[o->outlook] += r->score;
		cnt[o->outlook]++;
		for (size_t e = 0; e < o->nexposures; e++)
			if (strcmp(o->exposures[e].index, "frey-osborne") == 0) {
				fo_s[nfo] = r->score;
				fo[nfo++] = o->exposures[e].value;
			}
		if (o->observed_coverage >= 0) {
			ms_s[nms] = r->score;
			ms[nms++] = o->observed_coverage;
		}
		cr_result_free(r);
		cr_answers_free(as);
	}
	double r_fo = cr_spearman(fo_s, fo, nfo), r_ex = cr_spearman(score, expo, n), r_ms = cr_spearman(ms_s, ms, nms);
	double r_dim = cr_spearman(dimx, expo, n), r_rout = cr_spearman(rout, dimx, n);
	double decl = sum[CR_OCC_DECLINING] / (double)cnt[CR_OCC_DECLINING];
	double grow = sum[CR_OCC_GROWING] / (double)cnt[CR_OCC_GROWING];
	print_message("  baseline score vs Frey-Osborne: %.3f (%zu), vs Eloundou task exposure (mean beta): %.3f (%zu), "
		      "vs Microsoft coverage: %.3f (%zu)\n", r_fo, nfo, r_ex, n, r_ms, nms);
	print_message("  exposure dimension vs Eloundou mean beta: %.3f; routineness vs exposure: %.3f\n", r_dim, r_rout);
	print_message("  mean baseline: declining occupations %.1f (%zu), growing %.1f (%zu)\n", decl,
		      cnt[CR_OCC_DECLINING], grow, cnt[CR_OCC_GROWING]);
	assert_true(r_fo >= 0.3);
	assert_true(r_ex >= 0.3);
	assert_true(r_ms >= 0.2);
	assert_true(r_dim >= 0.95);
	assert_true(decl > grow + 5);
	free(score), free(expo), free(fo_s), free(fo), free(ms_s), free(ms), free(rout), free(dimx);
}

/*
 * Growing roles reach the people who need them: of the catalogue occupations
 * whose typical worker scores elevated or high, most have at least one
 * growing role that lists the occupation as a usual way in. Prints the share.
 */
static void test_role_coverage(void **state)
{
	(void)state;
	const cr_questionnaire *q = cr_kb_questionnaire(fx_kb, "standard");
	size_t exposed = 0, reached = 0;
	for (size_t i = 0; i < fx_kb->noccupations; i++) {
		cr_answers *as = cr_baseline_answers(fx_kb, q, &fx_kb->occupations[i]);
		cr_result *r = NULL;
		cr_diags d = {0};
		assert_int_equal(cr_assess(fx_kb, as, CR_ASSESS_NO_SENSITIVITY, &r, &d), CR_OK);
		if (r->score >= 50) {
			exposed++;
			reached += r->ntrans > 0;
		}
		cr_result_free(r);
		cr_answers_free(as);
	}
	print_message("  elevated or high baselines with a growing role: %zu of %zu\n", reached, exposed);
	assert_true(exposed > 0);
	assert_true(reached * 10 >= exposed * 6); /* at least 60% */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_personas),
		cmocka_unit_test(test_rank_correlation),
		cmocka_unit_test(test_both_constructs),
		cmocka_unit_test(test_role_coverage),
	};
	return cmocka_run_group_tests(tests, fx_kb_setup, fx_kb_teardown);
}
