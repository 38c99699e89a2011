/*
 * test_formats.c - every format in the table renders every view it claims
 * (render/format.h), for one persona, and text stays within 80 columns.
 *
 * The views are built the way the commands build them: a result from the
 * engine, a two-session profile whose results are the engine's JSON read back,
 * a plan and a note, the catalogue's baselines, and doctor and cohort rows
 * with texts long enough to wrap. A new format row is covered without
 * touching this file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "assess.h"
#include "catalogue.h"
#include "cohort.h"
#include "fixture.h"
#include "progress.h"
#include "util.h"
#include "../../app/render/format.h"

#define WIDTH 80

static cr_kb *kb;
static const cr_questionnaire *stdq;

static int setup(void **state)
{
	/* the shared fixture (fixture.h) loads the shipped base once for the group */
	if (fx_kb_setup(state) != 0)
		return -1;
	kb = fx_kb;
	stdq = fx_std;
	return stdq ? 0 : -1;
}

static int teardown(void **state)
{
	kb = NULL;
	return fx_kb_teardown(state);
}

static cr_result *assess_file(const char *name)
{
	cr_diags d = {0};
	cr_answers *as = NULL;
	cr_result *r = NULL;
	char *path = cr_xprintf("%s/tests/data/answers/%s", CR_SOURCE_DIR, name);
	assert_int_equal(cr_answers_load(kb, stdq, path, &as, &d), CR_OK);
	assert_int_equal(cr_assess(kb, as, 0, &r, &d), CR_OK);
	free(path);
	cr_answers_free(as);
	cr_diags_clear(&d);
	return r;
}

/* A scored session as the store reads it back: the numbers and the engine's JSON. */
static void add_session(cr_progress *p, int num, const cr_result *r, const char *at)
{
	cr_session_info *s = cr_progress_add_session(p);
	char *json = cr_result_json(r, true);
	*s = (cr_session_info){.id = num, .num = num, .status = "done", .questionnaire = "standard",
			       .kb_version = kb->version, .started_at = at, .finished_at = at, .scored = true,
			       .score = r->score, .range_lo = r->range_lo, .range_hi = r->range_hi,
			       .routineness = r->routineness, .ai_usage = r->ai_usage,
			       .specialization = r->specialization, .exposure = r->exposure, .model = 2,
			       .band = r->band, .result_json = cr_progress_str(p, json)};
	free(json);
}

/*
 * Fails when a line of text passes WIDTH display columns, unless the line is a
 * single word (a URL): the wrapper never breaks a word, so that it can be copied.
 */
static void assert_fits(const char *what, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	int line = 1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int cols = cr_rep_columns(p, n);
		size_t lead = 0;
		while (lead < n && p[lead] == ' ')
			lead++;
		bool one_word = !memchr(p + lead, ' ', n - lead);
		if (cols > WIDTH && !one_word)
			fail_msg("%s: line %d is %d columns: %.*s", what, line, cols, (int)n, p);
		p += n + 1;
		line++;
	}
}

typedef struct views {
	const cr_result *result;
	const cr_report *report;
	const cr_progress *p;
	const cr_compare_view *cmp;
	const cr_profiles *profiles;
	const cr_occupation_view *occ;
	const cr_occupations_view *occs;
	const cr_doctor_view *doctor;
	const cr_cohorts_view *cohorts;
	const cr_kb *kb;
	const cr_questionnaire *q;
	const cr_cohort_show_view *cohort;
	const cr_cohort_compare_view *cohort_cmp;
} views;

/* Renders view v of f into memory; CR_OK and some output, or the test fails. */
static void render_one(const cr_format *f, enum cr_view v, const views *x)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	cr_render_opts o = {.color = false, .width = WIDTH, .cmd = "career-risk --profile kim"};
	enum cr_status st = CR_EDATA;
	switch (v) {
	case CR_VIEW_RESULT: st = f->result(m, x->result, &o); break;
	case CR_VIEW_REPORT: st = f->report(m, x->report, &o); break;
	case CR_VIEW_HISTORY: st = f->history(m, x->p, &o); break;
	case CR_VIEW_COMPARE: st = f->compare(m, x->cmp, &o); break;
	case CR_VIEW_PROGRESS: st = f->progress(m, x->p, &o); break;
	case CR_VIEW_PROFILES: st = f->profiles(m, x->profiles, &o); break;
	case CR_VIEW_OCCUPATION: st = f->occupation(m, x->occ, &o); break;
	case CR_VIEW_OCCUPATIONS: st = f->occupations(m, x->occs, &o); break;
	case CR_VIEW_DOCTOR: st = f->doctor(m, x->doctor, &o); break;
	case CR_VIEW_COHORTS: st = f->cohorts(m, x->cohorts, &o); break;
	case CR_VIEW_QUESTIONNAIRES: st = f->questionnaires(m, x->kb, &o); break;
	case CR_VIEW_QUESTIONNAIRE: st = f->questionnaire(m, x->q, &o); break;
	case CR_VIEW_TEMPLATE: st = f->answers_template(m, x->q, &o); break;
	case CR_VIEW_COHORT: st = f->cohort(m, x->cohort, &o); break;
	case CR_VIEW_COHORT_COMPARE: st = f->cohort_compare(m, x->cohort_cmp, &o); break;
	case CR_VIEW_COUNT: break;
	}
	fclose(m);
	char what[64];
	snprintf(what, sizeof what, "format %s, view %d", f->name, (int)v);
	if (st != CR_OK)
		fail_msg("%s: status %d", what, (int)st);
	if (len == 0)
		fail_msg("%s: no output", what);
	if (!strcmp(f->name, "text"))
		assert_fits(what, buf, len);
	free(buf);
}

static void test_every_format_every_view(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_result *r1 = assess_file("electrician.yaml"), *r2 = assess_file("accountant.yaml");

	/* a profile with two sessions, a plan from the newest one's advice (one item done) and a note */
	cr_progress *p = cr_progress_new("kim", "2026-01-01T00:00:00Z");
	add_session(p, 1, r1, "2026-01-02T10:00:00Z");
	add_session(p, 2, r2, "2026-03-04T10:00:00Z");
	for (size_t i = 0; i < r2->nadvice && i < 4; i++) {
		cr_plan_item *it = cr_progress_add_item(p);
		*it = (cr_plan_item){.num = (int)i + 1, .rec_id = r2->advice[i].rec->id, .title = r2->advice[i].rec->title,
				     .horizon = "month", .status = i == 0 ? CR_ITEM_DONE : CR_ITEM_TODO,
				     .created_at = "2026-03-04T10:00:00Z", .first_session = 2, .last_session = 2,
				     .current = true};
	}
	cr_note *n = cr_progress_add_note(p);
	*n = (cr_note){.id = 1, .session = 2, .created_at = "2026-03-05T09:00:00Z",
		       .body = "Talked through the plan; a course in data analysis starts in May and the employer "
			       "pays half of it, which settles the first two steps."};

	const cr_session_info *sa = cr_progress_session(p, 1), *sb = cr_progress_session(p, 2);
	cr_snapshot *a = NULL, *b = NULL;
	assert_int_equal(cr_snapshot_parse("session 1", sa->result_json, &a, &d), CR_OK);
	assert_int_equal(cr_snapshot_parse("session 2", sb->result_json, &b, &d), CR_OK);
	cr_comparison *c = cr_compare(a, b);
	cr_report rep = {.profile = "kim", .p = p, .session = sb, .snap = b, .result_json = sb->result_json,
			 .prev_session = sa, .prev = a, .cmp = c, .generated_at = "2026-03-06T00:00:00Z",
			 .version = "test"};
	cr_compare_view cv = {p, sa, sb, a, b, c};

	cr_profiles *pl = cr_profiles_new();
	cr_profile_info *pi = cr_profiles_add(pl);
	*pi = (cr_profile_info){.name = "kim", .created_at = "2026-01-01T00:00:00Z", .nsessions = 2, .last_num = 2,
				.last_at = "2026-03-04T10:00:00Z", .last_score = r2->score, .prev_score = r1->score,
				.last_band = r2->band, .nitems_open = 3, .nitems_done = 1};

	/* an occupation's record and baseline, and the whole catalogue */
	const cr_occupation *occ = cr_kb_occupation(kb, "13-2011");
	assert_non_null(occ);
	cr_answers *bas = cr_baseline_answers(kb, cr_baseline_questionnaire(kb), occ);
	cr_result *base = NULL;
	assert_int_equal(cr_assess(kb, bas, CR_ASSESS_NO_SENSITIVITY, &base, &d), CR_OK);
	cr_occ_baseline *all = NULL;
	size_t nocc = 0;
	assert_int_equal(cr_catalogue_baselines(kb, &all, &nocc, &d), CR_OK);
	cr_occupation_view ov = {occ, base, cr_catalogue_find(all, nocc, occ), nocc};
	cr_occupations_view osv = {kb, all, nocc};

	cr_doctor_row rows[] = {
		{0, "the folder /home/kim/.local/share/career-risk is yours and private (700)", NULL},
		{2, "the database file is readable by other users of this machine (644), which exposes every "
		    "answer and note in it",
		 "chmod 600 /home/kim/.local/share/career-risk/profiles.db, then run doctor again"},
	};
	cr_doctor_view dv = {"/home/kim/.local/share/career-risk/profiles.db", rows, 2, 1};
	cr_cohort_entry co[] = {
		{1, "Spring pulse survey of the whole finance and operations division", "spring.csv", "standard",
		 kb->version, "2026-04-01T08:00:00Z", "2026-04-01T08:05:00Z", true, 12345, 12000, 345, 12000},
		{2, "autumn", NULL, "standard", kb->version, "2026-10-01T08:00:00Z", NULL, false, -1, -1, -1, 17},
	};
	cr_cohorts_view chv = {"/home/kim/.local/share/career-risk/profiles.db", co, 2};

	/* two waves of the persona's result: 12 people in Finance, then 12 in Finance and 3 in a group too small */
	const char *dims[] = {"department"};
	cr_cohort *w1 = cr_cohort_new(kb, dims, 1), *w2 = cr_cohort_new(kb, dims, 1);
	for (int i = 0; i < 15; i++) {
		const char *g[] = {i < 12 ? "Finance" : "Board"};
		if (i < 12)
			cr_cohort_add(w1, r2, g);
		cr_cohort_add(w2, r1, g);
	}
	cr_cohort_add_unscored_n(w2, 4);
	cr_cohort_view *cv1 = cr_cohort_publish(w1, 10), *cv2 = cr_cohort_publish(w2, 10);
	cr_cohort_diff *cdf = cr_cohort_diff_new(cv1, cv2);
	cr_cohort_show_view csv = {&co[0], cv1};
	cr_cohort_compare_view ccv = {{&co[0], &co[0]}, cdf};

	views x = {r2, &rep, p, &cv, pl, &ov, &osv, &dv, &chv, kb, cr_kb_questionnaire(kb, "standard"), &csv, &ccv};
	size_t nf;
	const cr_format *fs = cr_formats(&nf);
	size_t rendered = 0;
	for (size_t i = 0; i < nf; i++)
		for (int v = 0; v < CR_VIEW_COUNT; v++)
			if (cr_format_has(&fs[i], (enum cr_view)v)) {
				render_one(&fs[i], (enum cr_view)v, &x);
				rendered++;
			}
	assert_true(rendered >= CR_VIEW_COUNT); /* every view is offered by some format */

	/* the unsaved report (assess in a format without a result view) renders too */
	cr_report unsaved = {.snap = b, .result_json = sb->result_json, .generated_at = "2026-03-06T00:00:00Z",
			     .version = "test"};
	x.report = &unsaved;
	for (size_t i = 0; i < nf; i++)
		if (fs[i].report)
			render_one(&fs[i], CR_VIEW_REPORT, &x);

	cr_cohort_diff_free(cdf);
	cr_cohort_view_free(cv1);
	cr_cohort_view_free(cv2);
	cr_cohort_free(w1);
	cr_cohort_free(w2);
	free(all);
	cr_result_free(base);
	cr_answers_free(bas);
	cr_profiles_free(pl);
	cr_comparison_free(c);
	cr_snapshot_free(a);
	cr_snapshot_free(b);
	cr_progress_free(p);
	cr_result_free(r1);
	cr_result_free(r2);
	cr_diags_clear(&d);
}

/* A name finds its row only for the views it offers; the refusal names the rows that do. */
static void test_lookup(void **state)
{
	(void)state;
	char *why = NULL;
	const cr_format *f = cr_format_find("md", CR_VIEW_REPORT, &why);
	assert_non_null(f);
	assert_string_equal(f->name, "markdown");
	assert_null(cr_format_find("html", CR_VIEW_HISTORY, &why));
	assert_string_equal(why, "unknown format 'html' (text or json)");
	free(why);
	assert_null(cr_format_find("pdf", CR_VIEW_REPORT, &why));
	assert_string_equal(why, "unknown format 'pdf' (text, json, markdown or html)");
	free(why);
	assert_non_null(cr_format_find("csv", CR_VIEW_OCCUPATIONS, &why));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_format_every_view),
		cmocka_unit_test(test_lookup),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
