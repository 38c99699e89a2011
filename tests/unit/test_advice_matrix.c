/*
 * test_advice_matrix.c - advice that fits the person (issue 17), personas x answers.
 *
 * Each persona (tests/data/answers/) is assessed as written and under three
 * changes to its answers (uses AI daily for four kinds of work with its own
 * workflows; wants to stay in its present role; states a goal), with the
 * shipped knowledge base. Every run is held to the same invariants:
 *   - no recommendation the answers already satisfy: a daily AI user gets no
 *     "start using AI" advice; work that is not routine gets no "ask for work
 *     beyond routine tasks"; someone with little data entry gets no data-entry advice;
 *   - hands-on and care work (under 40% of the week at a desk) gets the
 *     hands-on first step, never the desk one ("a summary, an email draft");
 *   - "stay in my present role" puts no career move (step 4) in the top three, and
 *     shows no growing role reached on skills alone (the nurse offered customer success);
 *   - a stated goal is printed back and served by an item of the plan (the
 *     eight a profile's plan takes);
 *   - a plan line's label and its action share no word;
 *   - an item only always-firing rules recommend is not creditable;
 *   - a sector or region reason quotes no other sector's figure or region's name;
 *   - the prepared assessment (batch) gives the same advice and goals.
 * Then each persona's own must and must-not lists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "assess.h"
#include "fixture.h"
#include "util.h"

#define PLAN_ITEMS 8 /* the items one assessment adds to a profile's plan (cmd_plan.c) */

/* How a run changes the persona's answers. */
enum variant { AS_WRITTEN, DAILY_AI, STAYS, STATES_GOAL, NVARIANTS };
static const char *const variant_names[] = {"as written", "daily AI user", "stays in role", "states a goal"};

typedef struct persona {
	const char *file;
	const char *must[4];     /* in the first PLAN_ITEMS, as written */
	const char *must_not[8]; /* nowhere in the advice, as written */
	const char *goal_item;   /* as written: the item that must serve the persona's own goal, or NULL */
} persona;

static const persona personas[] = {
	{"data-entry-clerk.yaml", {"automate-own-data-entry", "try-ai-this-week"}, {"try-ai-hands-on"}, NULL},
	{"cashier.yaml",
	 {"try-ai-hands-on", "learn-workplace-tech"},
	 {"try-ai-this-week", "broaden-ai-uses", "learn-scripting", "automate-own-data-entry"},
	 "learn-workplace-tech"},
	{"icu-nurse.yaml", {"grow-hands-on-core"}, {"try-ai-this-week", "try-ai-hands-on", "automate-own-data-entry"},
	 "grow-hands-on-core"},
	{"backend-developer.yaml",
	 {"learn-system-design"},
	 {"try-ai-this-week", "try-ai-hands-on", "make-ai-weekly-habit", "broaden-ai-uses", "ask-for-stretch-work",
	  "coding-assistant-daily", "learn-structured-prompting", "find-a-mentor"},
	 "learn-system-design"},
	{"teacher.yaml", {"make-ai-weekly-habit"}, {"try-ai-this-week", "try-ai-hands-on", "learn-structured-prompting"}, NULL},
	{"truck-driver.yaml", {"try-ai-hands-on"}, {"try-ai-this-week", "learn-scripting"}, NULL},
	{"translator.yaml", {"try-ai-this-week"}, {"try-ai-hands-on", "grow-hands-on-core"}, NULL},
	{"registered-nurse.yaml", {"grow-hands-on-core"}, {"try-ai-this-week", "learn-structured-prompting"}, NULL},
	{"software-developer.yaml", {"learn-ai-evaluation"}, {"broaden-ai-uses", "ask-for-stretch-work", "try-ai-this-week"}, NULL},
	{"warehouse-worker.yaml", {"try-ai-hands-on"}, {"try-ai-this-week"}, NULL},
};

/* The advice that tells someone to start using AI, or to use it more often. */
static const char *const start_ai[] = {"try-ai-this-week", "try-ai-hands-on", "make-ai-weekly-habit", NULL};

static void set_answer(cr_answers *as, const char *qid, const char *text)
{
	size_t qi;
	const cr_question *q = cr_questionnaire_find(as->q, qid, &qi);
	assert_non_null(q);
	cr_answer a;
	char *err = NULL;
	if (cr_answer_parse(fx_kb, q, text, &a, &err) != CR_OK)
		fail_msg("%s: %s", qid, err);
	cr_answers_set(as, qi, &a);
}

static const char *answer_str(const cr_answers *as, const char *qid)
{
	size_t qi;
	const cr_question *q = cr_questionnaire_find(as->q, qid, &qi);
	return q && as->a[qi].state == CR_A_GIVEN ? as->a[qi].str : NULL;
}

static double answer_part(const cr_answers *as, const char *part)
{
	size_t qi;
	const cr_question *q = cr_questionnaire_find(as->q, "tasks", &qi);
	if (!q || as->a[qi].state != CR_A_GIVEN)
		return -1;
	for (size_t i = 0; i < q->nchoices; i++)
		if (strcmp(q->choices[i].id, part) == 0)
			return as->a[qi].parts[i];
	return -1;
}

static const cr_advice *find_advice(const cr_result *r, const char *id, size_t within)
{
	for (size_t i = 0; i < r->nadvice && i < within; i++)
		if (strcmp(r->advice[i].rec->id, id) == 0)
			return &r->advice[i];
	return NULL;
}

static bool in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* Whether a and b share a word of four letters or more (case aside). */
static bool share_word(const char *a, const char *b)
{
	for (const char *p = a; *p;) {
		while (*p && !isalpha((unsigned char)*p))
			p++;
		const char *s = p;
		while (isalpha((unsigned char)*p))
			p++;
		size_t n = (size_t)(p - s);
		if (n < 4)
			continue;
		for (const char *q = b; *q;) {
			while (*q && !isalpha((unsigned char)*q))
				q++;
			const char *t = q;
			while (isalpha((unsigned char)*q))
				q++;
			if ((size_t)(q - t) == n && strncasecmp(s, t, n) == 0)
				return true;
		}
	}
	return false;
}

static bool is_ancestor(const cr_region *of, const cr_region *r)
{
	for (int depth = 0; of && depth < 8; depth++) {
		if (of == r)
			return true;
		of = of->parent ? cr_kb_region(fx_kb, of->parent) : NULL;
	}
	return false;
}

static void check_invariants(const cr_result *r, const cr_answers *as, const char *what)
{
	const char *freq = answer_str(as, "ai_frequency");
	bool daily = freq && strcmp(freq, "daily") == 0;
	double desk = answer_part(as, "routine_cognitive") + answer_part(as, "analytic") + answer_part(as, "creative");
	bool hands_on = answer_part(as, "analytic") >= 0 && desk < 40;
	const char *openness = answer_str(as, "change_openness");
	bool stays = openness && strcmp(openness, "stay") == 0;

	for (size_t i = 0; i < r->nadvice; i++) {
		const cr_rec *rec = r->advice[i].rec;
		if (daily && in_list(rec->id, start_ai))
			fail_msg("%s: a daily AI user is told '%s'", what, rec->id);
		if (r->routineness < 35 && strcmp(rec->id, "ask-for-stretch-work") == 0)
			fail_msg("%s: work %d%% routine is told to ask for work beyond routine tasks", what, r->routineness);
		if (hands_on && (strcmp(rec->id, "try-ai-this-week") == 0 || strstr(rec->detail, "email draft")))
			fail_msg("%s: hands-on work (%.0f%% at a desk) is told '%s'", what, desk, rec->id);
		if (!hands_on && strcmp(rec->id, "try-ai-hands-on") == 0)
			fail_msg("%s: desk work (%.0f%%) is given the hands-on first step", what, desk);
		if (stays && i < 3 && rec->step == 4)
			fail_msg("%s: stays in role, yet career move '%s' is number %zu", what, rec->id, i + 1);
		/* creditable: some rule that does not always fire recommends it */
		bool conditional = false;
		for (size_t k = 0; k < r->nfired; k++) {
			const cr_rule *ru = r->fired[k].rule;
			for (size_t j = 0; j < ru->nrecs; j++)
				if (ru->recs[j] == rec && ru->when_text && strcmp(ru->when_text, "true") != 0)
					conditional = true;
		}
		if (r->advice[i].creditable != conditional)
			fail_msg("%s: '%s' creditable %d, but a conditional rule recommends it: %d", what, rec->id,
				 r->advice[i].creditable, conditional);
	}
	/* staying: only the roles the occupation leads to or a goal names, no move offered on skills alone */
	for (size_t i = 0; stays && i < r->ntrans; i++)
		if (!r->trans[i].from_match && !cr_result_goal(r, r->trans[i].serves_goal))
			fail_msg("%s: stays in role, yet is shown a move into '%s'", what, r->trans[i].role->id);
	for (int st = 0; st < 4; st++)
		if (r->plan[st] >= 0 && share_word(cr_plan_steps[st], r->advice[r->plan[st]].rec->title))
			fail_msg("%s: plan line '%s: %s' repeats itself", what, cr_plan_steps[st],
				 r->advice[r->plan[st]].rec->title);
	/* the goals are read back, and one of them is served by an item of the plan */
	size_t qi;
	const cr_question *gq = cr_questionnaire_find(as->q, "goals", &qi);
	if (gq && as->a[qi].state == CR_A_GIVEN) {
		assert_true(r->ngoals > 0);
		assert_non_null(strstr(as->a[qi].str, r->goals[0]));
		bool served = false;
		for (size_t i = 0; i < r->nadvice && i < PLAN_ITEMS; i++)
			served |= cr_result_goal(r, r->advice[i].serves_goal) != NULL;
		if (!served)
			fail_msg("%s: no item of the plan serves a goal ('%s'...)", what, r->goals[0]);
	}
	/* sector and region reasons: the person's own figures, never another's */
	for (size_t i = 0; i < r->nfired; i++) {
		const char *id = r->fired[i].rule->id;
		if (strncmp(id, "sector-", 7) != 0 && strncmp(id, "region-", 7) != 0)
			continue;
		char *why = cr_fired_reason(r, &r->fired[i]);
		assert_null(strchr(why, '{'));
		for (size_t k = 0; k < fx_kb->nsectors; k++) {
			const cr_sector *s = &fx_kb->sectors[k];
			if (s != r->sector && s->nfigures && strstr(why, s->figures[0].text))
				fail_msg("%s: %s quotes %s's figure", what, id, s->id);
		}
		for (size_t k = 0; k < fx_kb->nregions; k++) {
			const cr_region *g = &fx_kb->regions[k];
			if (!is_ancestor(r->region, g) && strstr(why, g->title) && strcmp(g->id, "global") != 0)
				fail_msg("%s: %s names %s, not the person's region: %s", what, id, g->title, why);
		}
		free(why);
	}
}

static cr_answers *load_persona(const char *file)
{
	char *path = cr_xprintf("%s/tests/data/answers/%s", CR_SOURCE_DIR, file);
	cr_answers *as = NULL;
	cr_diags d = {0};
	if (cr_answers_load(fx_kb, fx_std, path, &as, &d) != CR_OK)
		fail_msg("%s: %s", path, d.n ? d.v[0].msg : "?");
	free(path);
	cr_diags_clear(&d);
	return as;
}

static void vary(cr_answers *as, enum variant v)
{
	switch (v) {
	case DAILY_AI:
		set_answer(as, "ai_frequency", "daily");
		set_answer(as, "ai_uses", "writing, research, analysis, review");
		set_answer(as, "ai_depth", "workflow");
		break;
	case STAYS:
		set_answer(as, "change_openness", "stay");
		break;
	case STATES_GOAL:
		set_answer(as, "goals", "Become the specialist my team relies on; lead a team");
		break;
	default:
		break;
	}
}

static void test_matrix(void **state)
{
	(void)state;
	cr_assess_plan *plan = cr_assess_plan_new(fx_kb, fx_std);
	int runs = 0;
	for (size_t p = 0; p < CR_ARRAY_LEN(personas); p++) {
		for (int v = 0; v < NVARIANTS; v++) {
			cr_answers *as = load_persona(personas[p].file);
			vary(as, (enum variant)v);
			char what[128];
			snprintf(what, sizeof what, "%s (%s)", personas[p].file, variant_names[v]);
			cr_result *r = NULL;
			cr_diags d = {0};
			assert_int_equal(cr_assess(fx_kb, as, CR_ASSESS_NO_SENSITIVITY, &r, &d), CR_OK);
			check_invariants(r, as, what);
			/* the batch's prepared assessment gives the same advice, goals and goal served */
			const cr_result *b = cr_assess_plan_run(plan, as);
			assert_int_equal(b->nadvice, r->nadvice);
			assert_int_equal(b->ngoals, r->ngoals);
			for (size_t i = 0; i < r->nadvice; i++) {
				assert_ptr_equal(b->advice[i].rec, r->advice[i].rec);
				assert_int_equal(b->advice[i].serves_goal, r->advice[i].serves_goal);
				assert_int_equal(b->advice[i].creditable, r->advice[i].creditable);
			}
			if (v == AS_WRITTEN) {
				const persona *pe = &personas[p];
				for (size_t i = 0; i < 4 && pe->must[i]; i++)
					if (!find_advice(r, pe->must[i], PLAN_ITEMS))
						fail_msg("%s: '%s' is not among the first %d", what, pe->must[i], PLAN_ITEMS);
				for (size_t i = 0; i < 8 && pe->must_not[i]; i++)
					if (find_advice(r, pe->must_not[i], r->nadvice))
						fail_msg("%s: '%s' is recommended", what, pe->must_not[i]);
				if (pe->goal_item) {
					const cr_advice *a = find_advice(r, pe->goal_item, PLAN_ITEMS);
					if (!a || a->serves_goal != 0)
						fail_msg("%s: '%s' does not serve the goal '%s'", what, pe->goal_item,
							 r->ngoals ? r->goals[0] : "(none read)");
				}
			}
			cr_result_free(r);
			cr_answers_free(as);
			cr_diags_clear(&d);
			runs++;
		}
	}
	cr_assess_plan_free(plan);
	assert_int_equal(runs, (int)CR_ARRAY_LEN(personas) * NVARIANTS);
}

/* No recommendation of a step repeats a word of the step's label, so no plan line can. */
static void test_plan_labels(void **state)
{
	(void)state;
	for (size_t i = 0; i < fx_kb->nrecs; i++) {
		const cr_rec *rec = &fx_kb->recs[i];
		if (rec->step >= 1 && rec->step <= 4 && share_word(cr_plan_steps[rec->step - 1], rec->title))
			fail_msg("'%s: %s' repeats itself", cr_plan_steps[rec->step - 1], rec->title);
	}
}

/* Issue 17's own examples, said exactly. */
static void test_examples(void **state)
{
	(void)state;
	cr_answers *as = load_persona("icu-nurse.yaml");
	cr_result *r = NULL;
	cr_diags d = {0};
	assert_int_equal(cr_assess(fx_kb, as, CR_ASSESS_NO_SENSITIVITY, &r, &d), CR_OK);
	/* a UK nurse's region reason is about the UK (or Europe, said so), healthcare's about healthcare */
	bool region_seen = false, sector_seen = false;
	for (size_t i = 0; i < r->nfired; i++) {
		char *why = cr_fired_reason(r, &r->fired[i]);
		if (strcmp(r->fired[i].rule->id, "region-negative") == 0) {
			assert_non_null(strstr(why, "United Kingdom"));
			assert_null(strstr(why, "North America"));
			region_seen = true;
		}
		if (strcmp(r->fired[i].rule->id, "sector-positive") == 0) {
			assert_null(strstr(why, "Technology, media and professional services"));
			assert_non_null(strstr(why, "Health care"));
			sector_seen = true;
		}
		free(why);
	}
	assert_true(region_seen && sector_seen);
	/* no career move in her top three; her goal read back */
	for (size_t i = 0; i < 3 && i < r->nadvice; i++)
		assert_int_not_equal(r->advice[i].rec->step, 4);
	assert_int_equal(r->ngoals, 1);
	assert_string_equal(r->goals[0], "Become a clinical nurse specialist");
	/* the core rules' own advice (map your tasks) cannot be credited: they fire after every reassessment */
	const cr_advice *map = find_advice(r, "map-your-tasks", r->nadvice);
	assert_non_null(map);
	assert_false(map->creditable);
	cr_result_free(r);
	cr_answers_free(as);

	/* the backend developer's goal, two words without a verb, reaches system design */
	as = load_persona("backend-developer.yaml");
	assert_int_equal(cr_assess(fx_kb, as, CR_ASSESS_NO_SENSITIVITY, &r, &d), CR_OK);
	assert_int_equal(r->ngoals, 1);
	assert_string_equal(r->goals[0], "Staff engineer");
	const cr_advice *sd = find_advice(r, "learn-system-design", PLAN_ITEMS);
	assert_non_null(sd);
	assert_string_equal(cr_result_goal(r, sd->serves_goal), "Staff engineer");
	cr_result_free(r);

	/* goals are cut into phrases, and one nothing serves is still read back */
	set_answer(as, "goals", "Learn to play the cello; and travel. Staff engineer");
	assert_int_equal(cr_assess(fx_kb, as, CR_ASSESS_NO_SENSITIVITY, &r, &d), CR_OK);
	assert_int_equal(r->ngoals, 3);
	assert_string_equal(r->goals[0], "Learn to play the cello");
	assert_string_equal(r->goals[1], "travel");
	assert_string_equal(r->goals[2], "Staff engineer");
	for (size_t i = 0; i < r->nadvice; i++)
		assert_true(r->advice[i].serves_goal != 0 && r->advice[i].serves_goal != 1);
	assert_null(cr_result_goal(r, 7));
	cr_result_free(r);

	/* a goal that names a growing role puts it first among the roles, marked */
	set_answer(as, "goals", "Become a data analyst");
	assert_int_equal(cr_assess(fx_kb, as, CR_ASSESS_NO_SENSITIVITY, &r, &d), CR_OK);
	assert_true(r->ntrans > 0);
	assert_string_equal(r->trans[0].role->id, "data-analyst");
	assert_int_equal(r->trans[0].serves_goal, 0);
	cr_result_free(r);
	cr_answers_free(as);
	cr_diags_clear(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_plan_labels),
		cmocka_unit_test(test_examples),
	};
	return cmocka_run_group_tests(tests, fx_kb_setup, fx_kb_teardown);
}
