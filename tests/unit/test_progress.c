/* test_progress.c - stored results read back, and what changed between two (core/progress.h). */
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
#include "progress.h"
#include "util.h"
#include "fixture.h"
#include "../../app/render/render.h"


/* The result of a persona, and the snapshot read back from its JSON. */
static cr_result *assess_file(const char *name, cr_snapshot **snap)
{
	cr_diags d = {0};
	cr_answers *as = NULL;
	cr_result *r = NULL;
	char *path = cr_xprintf("%s/tests/data/answers/%s", CR_SOURCE_DIR, name);
	assert_int_equal(cr_answers_load(fx_kb, fx_std, path, &as, &d), CR_OK);
	assert_int_equal(cr_assess(fx_kb, as, 0, &r, &d), CR_OK);
	char *json = cr_result_json(r, true);
	assert_int_equal(cr_snapshot_parse(name, json, snap, &d), CR_OK);
	free(json);
	free(path);
	cr_answers_free(as);
	cr_diags_clear(&d);
	return r;
}

/* Everything a report shows is read back as the engine wrote it. */
static void test_snapshot_round_trip(void **state)
{
	(void)state;
	cr_snapshot *s = NULL;
	cr_result *r = assess_file("data-entry-clerk.yaml", &s);
	assert_int_equal(s->score, r->score);
	assert_string_equal(s->band, r->band);
	assert_int_equal(s->range_lo, r->range_lo);
	assert_int_equal(s->range_hi, r->range_hi);
	assert_int_equal(s->routineness, r->routineness);
	assert_int_equal(s->ai_usage, r->ai_usage);
	assert_int_equal(s->specialization, r->specialization);
	assert_string_equal(s->kb_version, fx_kb->version);
	assert_string_equal(s->questionnaire, "standard");
	assert_string_equal(s->occ_code, "43-9021");
	assert_int_equal(s->nrules, r->nfired);
	for (size_t i = 0; i < r->nfired; i++) {
		assert_string_equal(s->rules[i].id, r->fired[i].rule->id);
		assert_true(fabs(s->rules[i].effect - r->fired[i].effect) < 0.01);
		assert_int_equal(s->rules[i].sources.n, r->fired[i].rule->sources.n);
	}
	assert_int_equal(s->nrecs, r->nadvice);
	for (size_t i = 0; i < r->nadvice; i++) {
		assert_string_equal(s->recs[i].id, r->advice[i].rec->id);
		assert_string_equal(s->recs[i].title, r->advice[i].rec->title);
		assert_int_equal(s->recs[i].priority, r->advice[i].priority);
	}
	assert_int_equal(s->ntrans, r->ntrans);
	assert_int_equal(s->nsens, r->nsens);
	assert_true(s->nsources > 0);
	assert_non_null(cr_snapshot_rule(s, r->fired[0].rule->id));
	assert_null(cr_snapshot_rule(s, "no-such-rule"));
	cr_snapshot_free(s);
	cr_result_free(r);
}

/* Text that looks like a number stays text (the JSON layer quotes it). */
static void test_snapshot_strings(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_snapshot *s = NULL;
	const char *json = "{\"score\": 40, \"band\": \"moderate\", \"range\": [35, 45], "
			   "\"dimensions\": {\"routineness\": 50, \"ai_usage\": 20, \"specialization\": 30}, "
			   "\"occupation\": {\"code\": \"1234\", \"title\": \"true\"}, \"sector\": null, "
			   "\"rules\": [{\"id\": \"r\", \"effect\": -2.5, \"reason\": \"null\", \"sources\": [\"a\", \"b\"]}]}";
	assert_int_equal(cr_snapshot_parse("t", json, &s, &d), CR_OK);
	assert_string_equal(s->occ_code, "1234");
	assert_string_equal(s->occ_title, "true");
	assert_null(s->sector_title);
	assert_string_equal(s->rules[0].reason, "null");
	assert_true(fabs(s->rules[0].effect + 2.5) < 1e-9);
	assert_int_equal(s->rules[0].sources.n, 2);
	assert_int_equal(s->nrecs, 0);
	cr_snapshot_free(s);
	cr_diags_clear(&d);
}

/* A damaged or incomplete stored result is a data error naming what is missing. */
static void test_snapshot_errors(void **state)
{
	(void)state;
	static const struct {
		const char *json, *msg;
	} cases[] = {
		{"{\"score\": 40", NULL},
		{"[1, 2]", "not a JSON object"},
		{"{\"band\": \"low\", \"range\": [1, 2], \"dimensions\": {\"routineness\": 1, \"ai_usage\": 1, "
		 "\"specialization\": 1}}",
		 "no number 'score'"},
		{"{\"score\": 4, \"band\": \"low\", \"range\": [1], \"dimensions\": {\"routineness\": 1, \"ai_usage\": 1, "
		 "\"specialization\": 1}}",
		 "no range"},
		{"{\"score\": 4, \"band\": \"low\", \"range\": [1, 9]}", "no dimensions"},
		{"{\"score\": 4, \"range\": [1, 9], \"dimensions\": {\"routineness\": 1, \"ai_usage\": 1, "
		 "\"specialization\": 1}}",
		 "no band"},
	};
	for (size_t i = 0; i < CR_ARRAY_LEN(cases); i++) {
		cr_diags d = {0};
		cr_snapshot *s = (cr_snapshot *)1;
		assert_int_equal(cr_snapshot_parse("session 9", cases[i].json, &s, &d), CR_EDATA);
		assert_null(s);
		assert_true(d.n > 0);
		assert_string_equal(d.v[0].file, "session 9");
		if (cases[i].msg && !strstr(d.v[0].msg, cases[i].msg))
			fail_msg("case %zu: '%s' does not say '%s'", i, d.v[0].msg, cases[i].msg);
		cr_diags_clear(&d);
	}
}

/* Every rule and recommendation is accounted for: in both, only in the newer, or only in the older. */
static void test_compare(void **state)
{
	(void)state;
	cr_snapshot *a = NULL, *b = NULL;
	cr_result *ra = assess_file("data-entry-clerk.yaml", &a);
	cr_result *rb = assess_file("junior-software-developer.yaml", &b);
	cr_comparison *c = cr_compare(a, b);
	assert_int_equal(c->score, b->score - a->score);
	assert_int_equal(c->routineness, b->routineness - a->routineness);
	assert_int_equal(c->ai_usage, b->ai_usage - a->ai_usage);
	assert_int_equal(c->specialization, b->specialization - a->specialization);
	assert_int_equal(c->band_changed, strcmp(a->band, b->band) != 0);
	assert_false(c->kb_changed);
	for (size_t i = 0; i < b->nrules; i++) {
		bool in_a = cr_snapshot_rule(a, b->rules[i].id) != NULL, came = false;
		for (size_t k = 0; k < c->ncame; k++)
			came |= !strcmp(c->came[k].id, b->rules[i].id);
		assert_int_equal(came, !in_a);
	}
	for (size_t k = 0; k < c->nwent; k++) {
		assert_non_null(cr_snapshot_rule(a, c->went[k].id));
		assert_null(cr_snapshot_rule(b, c->went[k].id));
		assert_true(c->went[k].after == 0);
	}
	for (size_t k = 0; k < c->nchanged; k++)
		assert_true(fabs(c->changed[k].before - c->changed[k].after) >= 0.05);
	size_t both = 0;
	for (size_t i = 0; i < b->nrecs; i++)
		both += cr_snapshot_rec(a, b->recs[i].id) != NULL;
	assert_int_equal(c->nrecs_came + both, b->nrecs);
	assert_int_equal(c->nrecs_went + both, a->nrecs);
	assert_true(c->ncame + c->nwent > 0);
	cr_comparison_free(c);

	/* a result compared with itself: nothing changed */
	c = cr_compare(a, a);
	assert_int_equal(c->score, 0);
	assert_int_equal(c->ncame + c->nwent + c->nchanged + c->nrecs_came + c->nrecs_went, 0);
	assert_false(c->band_changed);
	cr_comparison_free(c);
	cr_snapshot_free(a);
	cr_snapshot_free(b);
	cr_result_free(ra);
	cr_result_free(rb);
}

/*
 * A result stored before model 2 (no exposure, no model) still reads, with
 * exposure unknown (-1) and model 1; compared with a model 2 result, the
 * comparison says the model changed rather than leave the change to the
 * answers, and does not invent a change of exposure.
 */
static void test_old_model_result(void **state)
{
	(void)state;
	cr_diags d = {0};
	const char *old = "{\"score\": 71, \"band\": \"high\", \"range\": [61, 81], \"kb_version\": \"kb-1\","
			  " \"dimensions\": {\"routineness\": 70, \"ai_usage\": 20, \"specialization\": 15}}";
	cr_snapshot *a = NULL, *b = NULL;
	assert_int_equal(cr_snapshot_parse("session 1", old, &a, &d), CR_OK);
	assert_int_equal(a->exposure, -1);
	assert_int_equal(a->model, 1);
	assert_int_equal(a->ntasks_most, 0);
	cr_result *rb = assess_file("translator.yaml", &b);
	assert_int_equal(b->model, CR_MODEL_VERSION);
	assert_int_equal(b->exposure, rb->exposure);
	assert_true(b->ntasks_most > 0);
	assert_non_null(b->task_note);
	assert_true(b->tasks_own);
	cr_comparison *c = cr_compare(a, b);
	assert_true(c->model_changed);
	assert_int_equal(c->exposure, 0);
	cr_comparison_free(c);
	c = cr_compare(b, b);
	assert_false(c->model_changed);
	cr_comparison_free(c);
	cr_snapshot_free(a);
	cr_snapshot_free(b);
	cr_result_free(rb);
	cr_diags_clear(&d);
}

/* Sessions by number, the newest scored one, the one before, and the trend between them. */
static void test_progress_lookups(void **state)
{
	(void)state;
	cr_progress *p = cr_progress_new("kim", "2026-01-01T00:00:00Z");
	int scores[] = {60, -1, 45, 45};
	for (int i = 0; i < 4; i++) {
		cr_session_info *s = cr_progress_add_session(p);
		s->id = 10 + i;
		s->num = i + 1;
		s->scored = scores[i] >= 0;
		s->score = scores[i];
		s->status = s->scored ? "done" : "open";
		cr_answer_row *a = cr_progress_add_answer(p, s);
		a->question = "occupation";
	}
	assert_int_equal(cr_progress_scored(p), 3);
	assert_int_equal(cr_progress_latest(p)->num, 4);
	assert_int_equal(cr_progress_previous(p, cr_progress_latest(p))->num, 3);
	assert_int_equal(cr_progress_previous(p, cr_progress_session(p, 3))->num, 1);
	assert_null(cr_progress_previous(p, cr_progress_session(p, 1)));
	assert_null(cr_progress_session(p, 5));
	assert_string_equal(cr_progress_trend(p, cr_progress_session(p, 3)), "down");
	assert_string_equal(cr_progress_trend(p, cr_progress_session(p, 4)), "same");
	assert_string_equal(cr_progress_trend(p, cr_progress_session(p, 1)), "new");
	cr_plan_item *it = cr_progress_add_item(p);
	it->num = 7;
	assert_ptr_equal(cr_progress_item(p, 7), it);
	assert_null(cr_progress_item(p, 1));
	enum cr_item_status st;
	assert_true(cr_item_status_parse("doing", &st) && st == CR_ITEM_DOING);
	assert_true(cr_item_status_parse("dropped", &st) && st == CR_ITEM_DROPPED);
	assert_false(cr_item_status_parse("Done", &st));
	cr_progress_free(p);
	cr_progress_free(NULL);
	cr_snapshot_free(NULL);
	cr_comparison_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_round_trip), cmocka_unit_test(test_snapshot_strings),
		cmocka_unit_test(test_snapshot_errors),     cmocka_unit_test(test_compare),
		cmocka_unit_test(test_progress_lookups),  cmocka_unit_test(test_old_model_result),
	};
	return cmocka_run_group_tests(tests, fx_kb_setup, fx_kb_teardown);
}
