/* test_answers.c - what each question type accepts and rejects, and JSON round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "util.h"
#include "fixture.h"


static const cr_question *question(const char *id)
{
	const cr_question *qq = cr_questionnaire_find(fx_std, id, NULL);
	if (!qq)
		fail_msg("no question %s", id);
	return qq;
}

static void accepts(const char *id, const char *text)
{
	cr_answer a;
	char *err = NULL;
	if (cr_answer_parse(fx_kb, question(id), text, &a, &err) != CR_OK)
		fail_msg("%s should accept '%s': %s", id, text, err);
	assert_int_equal(a.state, CR_A_GIVEN);
}

static void rejects(const char *id, const char *text, const char *why)
{
	cr_answer a;
	char *err = NULL;
	if (cr_answer_parse(fx_kb, question(id), text, &a, &err) == CR_OK)
		fail_msg("%s should reject '%s'", id, text);
	if (!strstr(err, why))
		fail_msg("%s '%s': got '%s', want '%s'", id, text, err, why);
	free(err);
}

static void test_types(void **state)
{
	(void)state;
	accepts("ai_frequency", "daily");
	accepts("ai_frequency", "DAILY");
	accepts("ai_frequency", "1");
	rejects("ai_frequency", "dayly", "answer with a number from the list");
	rejects("ai_frequency", "99", "answer with a number from the list");
	rejects("ai_frequency", "", "needs an answer");
	accepts("ai_uses", "writing, coding");
	accepts("ai_uses", "none");
	rejects("ai_uses", "writing, cooking", "'cooking' is not one of the choices");
	accepts("judgment", "4");
	rejects("judgment", "6", "whole number from 1");
	rejects("judgment", "3.5", "whole number");
	accepts("data_entry", "30");
	accepts("data_entry", "30%");
	rejects("data_entry", "130", "from 0 to 100");
	rejects("data_entry", "lots", "from 0 to 100");
	accepts("tasks", "40 20 20 10 5 5");
	accepts("tasks", "40,20,20,10,5,5");
	rejects("tasks", "40 20 20 10 5", "give 6 percentages");
	rejects("tasks", "50 20 20 10 5 5", "add up to 100; these add up to 110");
	rejects("tasks", "40 20 x 10 5 5", "is not a number");
	accepts("occupation", "43-9021");
	accepts("occupation", "Data Entry Keyers");
	accepts("occupation", "registered nurse");
	rejects("occupation", "zzzzqqq", "no occupation matches");
}

static void test_typo_tolerant_search(void **state)
{
	(void)state;
	cr_occ_match m[5];
	size_t n = cr_occ_search(fx_kb, "registred nurse", m, 5);
	assert_true(n > 0);
	assert_string_equal(m[0].occ->code, "29-1141");
	n = cr_occ_search(fx_kb, "accountant", m, 5);
	assert_true(n > 0);
	assert_string_equal(m[0].occ->code, "13-2011");
	n = cr_occ_search(fx_kb, "43-90", m, 5);
	assert_true(n > 0);
	assert_true(cr_str_has_prefix(m[0].occ->code, "43-90"));
}

/* What the store keeps reads back as the same answer. */
static void test_json_round_trip(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"ai_frequency", "weekly"}, {"ai_uses", "writing, analysis"}, {"judgment", "3"},
		{"data_entry", "12.5"},     {"tasks", "40 20 20 10 5 5"},     {"occupation", "43-9021"},
		{"goals", "true"},          {"goals", "I want \"more\" analysis\tand less typing"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t qi;
		const cr_question *qq = cr_questionnaire_find(fx_std, cases[i][0], &qi);
		assert_non_null(qq);
		cr_answer a;
		char *err = NULL;
		assert_int_equal(cr_answer_parse(fx_kb, qq, cases[i][1], &a, &err), CR_OK);
		cr_answers *as = cr_answers_new(fx_std);
		cr_answers_set(as, qi, &a);
		char *json = cr_answer_to_json(qq, &as->a[qi]);
		cr_answers *back = cr_answers_new(fx_std);
		cr_diags d = {0};
		if (cr_answers_set_json(fx_kb, back, qi, json, &d) != CR_OK)
			fail_msg("%s: %s does not read back: %s", cases[i][0], json, d.v[0].msg);
		char *x = cr_answer_describe(fx_kb, qq, &as->a[qi]), *y = cr_answer_describe(fx_kb, qq, &back->a[qi]);
		assert_string_equal(x, y);
		free(x);
		free(y);
		free(json);
		cr_diags_clear(&d);
		cr_answers_free(as);
		cr_answers_free(back);
	}
}

/* Numbers are stored with every digit they need: a resumed session reads back the very same value. */
static void test_numbers_round_trip_exactly(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"data_entry", "33.3333333"}, {"data_entry", "0.1"}, {"data_entry", "99.99999999"},
		{"tasks", "33.333333 33.333333 33.333334 0 0 0"}, {"tasks", "4.9999999999 5.0000000001 30 30 15 15"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t qi;
		const cr_question *qq = cr_questionnaire_find(fx_std, cases[i][0], &qi);
		cr_answer a;
		char *err = NULL;
		assert_int_equal(cr_answer_parse(fx_kb, qq, cases[i][1], &a, &err), CR_OK);
		char *json = cr_answer_to_json(qq, &a);
		cr_answers *back = cr_answers_new(fx_std);
		cr_diags d = {0};
		assert_int_equal(cr_answers_set_json(fx_kb, back, qi, json, &d), CR_OK);
		if (qq->type == CR_Q_SPLIT) {
			for (size_t p = 0; p < qq->nchoices; p++)
				if (back->a[qi].parts[p] != a.parts[p])
					fail_msg("%s: part %zu was %.17g, reads back %.17g from %s", cases[i][1], p, a.parts[p],
						 back->a[qi].parts[p], json);
		} else if (back->a[qi].num != a.num) {
			fail_msg("%s: %.17g reads back as %.17g from %s", cases[i][1], a.num, back->a[qi].num, json);
		}
		free(json);
		cr_diags_clear(&d);
		cr_answers_free(back);
	}
}

/* Whatever the question, an answer is bounded and must be UTF-8 text. */
static void test_bounds_and_encoding(void **state)
{
	(void)state;
	char *big = cr_xmalloc(5000);
	memset(big, 'a', 4999);
	big[4999] = '\0';
	rejects("occupation", big, "at most 4096 bytes");
	rejects("goals", big, "at most 4096 bytes");
	free(big);
	rejects("goals", "caf\xe9", "not UTF-8 text");
	rejects("occupation", "\xff\xfe", "not UTF-8 text");
	rejects("goals", "one\x01two", "control characters");
	accepts("goals", "caf\xc3\xa9 and na\xc3\xafve r\xc3\xa9sum\xc3\xa9s");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_round_trip_exactly),
		cmocka_unit_test(test_bounds_and_encoding),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_typo_tolerant_search),
		cmocka_unit_test(test_json_round_trip),
	};
	return cmocka_run_group_tests(tests, fx_kb_setup, fx_kb_teardown);
}
