/*
 * test_hostile.c - hostile input to the core (issue 12): the one escaping
 * function for terminals (D6), diagnostic floods (D14), file encodings (D14),
 * scores that are not finite (D10) and the bound on title matching (D13).
 * Each case failed before the change that made it pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "diag.h"
#include "expr.h"
#include "util.h"
#include "fixture.h"
#include "ydoc.h"


static void vis_is(const char *in, size_t max, unsigned flags, const char *want)
{
	char *got = cr_vis(in, max, flags);
	if (strcmp(got, want) != 0)
		fail_msg("cr_vis(\"%s\") gave \"%s\", want \"%s\"", in, got, want);
	free(got);
}

/* D6: controls, C1 controls, bidi and format characters and bad bytes shown, never passed through. */
static void test_vis(void **state)
{
	(void)state;
	vis_is("plain text, Zoë, 東京, €5", 0, 0, "plain text, Zoë, 東京, €5");
	vis_is("\x1b]0;owned\a\x1b[2J", 0, 0, "\\x1b]0;owned\\x07\\x1b[2J");
	vis_is("a\tb\r\nc", 0, 0, "a\\tb\\r\\nc");
	vis_is("a\nb", 0, CR_VIS_KEEP_NL, "a\nb");
	vis_is("del\x7f", 0, 0, "del\\x7f");
	vis_is("nel\xc2\x85" "csi\xc2\x9b", 0, 0, "nel\\u0085csi\\u009B");
	vis_is("txt.\xe2\x80\xae" "exe", 0, 0, "txt.\\u202Eexe");             /* right-to-left override */
	vis_is("\xe2\x81\xa6" "x\xe2\x81\xa9", 0, 0, "\\u2066x\\u2069");       /* isolates */
	vis_is("zero\xe2\x80\x8bwidth\xef\xbb\xbf", 0, 0, "zero\\u200Bwidth\\uFEFF");
	vis_is("bad \xff\xfe byte \xe2\x82", 0, 0, "bad \\xff\\xfe byte \\xe2\\x82");
	vis_is("", 0, 0, "");
	char *e = cr_vis(NULL, 0, 0);
	assert_string_equal(e, "");
	free(e);
	/* cut at a character, never inside one, with "…" */
	vis_is("abcdef", 3, 0, "abc\xe2\x80\xa6");
	vis_is("ééééé", 2, 0, "éé\xe2\x80\xa6");
	vis_is("abc", 3, 0, "abc");
	/* the same across a run of plain ASCII (added at once) meeting the limit or an escape */
	vis_is("ab\x01" "cdef", 4, 0, "ab\\x01c\xe2\x80\xa6");
	vis_is("ab\x01" "cd", 5, 0, "ab\\x01cd");
	vis_is("abé" "cd", 3, 0, "abé\xe2\x80\xa6");
	vis_is("\x1b" "abc", 2, 0, "\\x1ba\xe2\x80\xa6");
	assert_true(cr_vis_clean("Zoë O'Neil"));
	assert_false(cr_vis_clean("a\xe2\x80\xae" "b"));
	assert_false(cr_vis_clean("a\x1b"));
	assert_false(cr_vis_clean("\xff"));
}

/* D6: a diagnostic's file and message are escaped on the way out; a long message is cut. */
static void test_diag_format(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_diag_add(&d, CR_EDATA, "evil\x1b[2J.yaml", 2, 3, "key '%s'", "\x1b]0;x\a");
	cr_diag_hint(&d, "hint \x1b[31m");
	char *s = cr_diag_format(&d.v[0]), *h = cr_diag_format_hint(&d.v[0]);
	assert_string_equal(s, "evil\\x1b[2J.yaml:2:3: key '\\x1b]0;x\\x07'");
	assert_string_equal(h, "hint \\x1b[31m");
	free(s);
	free(h);
	char *big = malloc(5000);
	memset(big, 'k', 4999);
	big[4999] = '\0';
	cr_diag_add(&d, CR_EDATA, NULL, 0, 0, "%s", big);
	s = cr_diag_format(&d.v[1]);
	assert_true(strlen(s) < CR_DIAG_MSG_MAX + 8);
	free(s);
	free(big);
	cr_diags_clear(&d);
}

/* D14: a flood of alike diagnostics keeps the first few and counts the rest. */
static void test_diags_limit(void **state)
{
	(void)state;
	cr_diags d = {0};
	for (int i = 0; i < 50000; i++)
		cr_diag_add(&d, CR_EDATA, "a.yaml", i + 2, 1, "'k%d' is not a question of questionnaire 'quick'", i);
	cr_diag_add(&d, CR_EDATA, "a.yaml", 1, 1, "another kind");
	cr_diag_add(&d, CR_EDATA, "b.yaml", 1, 1, "'k1' is not a question of questionnaire 'quick'");
	size_t *more = calloc(d.n, sizeof *more);
	cr_diags_limit(&d, 10, more);
	size_t shown = 0;
	for (size_t i = 0; i < d.n; i++)
		shown += more[i] != CR_DIAG_HIDDEN;
	assert_int_equal(shown, 12);
	assert_int_equal(more[9], 49990); /* the tenth of its kind says how many follow */
	assert_int_equal(more[10], CR_DIAG_HIDDEN);
	assert_int_equal(more[50000], 0); /* another message */
	assert_int_equal(more[50001], 0); /* another file */
	free(more);
	cr_diags_clear(&d);
}

static const char *parse_error(const char *text, size_t len, cr_diags *d)
{
	cr_ydoc *doc = NULL;
	cr_diags_clear(d);
	if (cr_ydoc_parse("f.yaml", text, len, &doc, d) == CR_OK) {
		cr_ydoc_free(doc);
		return "";
	}
	return d->v[0].msg;
}

/* D14: UTF-32 is named UTF-32, not UTF-16, with or without a byte-order mark. */
static void test_encodings(void **state)
{
	(void)state;
	cr_diags d = {0};
	assert_string_equal(parse_error("\xff\xfe\0\0k\0\0\0", 8, &d), "the file is UTF-32 text, not UTF-8");
	assert_string_equal(parse_error("\0\0\xfe\xff\0\0\0k", 8, &d), "the file is UTF-32 text, not UTF-8");
	assert_string_equal(parse_error("k\0\0\0:\0\0\0", 8, &d), "the file is UTF-32 text, not UTF-8");
	assert_string_equal(parse_error("\xff\xfek\0:\0", 6, &d), "the file is UTF-16 text, not UTF-8");
	assert_string_equal(parse_error("\xfe\xff\0k\0:", 6, &d), "the file is UTF-16 text, not UTF-8");
	assert_string_equal(parse_error("\0k\0:", 4, &d), "the file is UTF-16 text, not UTF-8");
	assert_string_equal(parse_error("k: 1\n", 5, &d), "");
	cr_diags_clear(&d);
}

/* D10: a division by zero or an overflow is refused at load where the expression tells, NaN at run time. */
static void test_nonfinite(void **state)
{
	(void)state;
	cr_arena a = {0};
	cr_schema s = {0};
	static const char *const uses[] = {"writing", "coding"};
	cr_schema_add(&s, &a, "data_entry", CR_F_NUM, NULL, 0);
	cr_schema_add(&s, &a, "ai_uses", CR_F_SET, uses, 2);
	static const struct { const char *text; const char *err; } bad[] = {
		{"data_entry / 0", "division by zero"},
		{"data_entry / (1 - 1)", "division by zero"},
		{"data_entry / (2 * 0)", "division by zero"},
		{"10 / count(ai_uses)", "division by zero: the divisor can be 0 (it ranges from 0 to 2)"},
		{"10 / (count(ai_uses) - 1)", "division by zero: the divisor can be 0 (it ranges from -1 to 1)"},
		{"data_entry + 1e308 * 10", "the number is too large"},
		{"-(1e308 + 1e308)", "the number is too large"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *err = NULL;
		int col = 0;
		if (cr_expr_compile(bad[i].text, &s, &a, CR_WANT_NUM, &err, &col))
			fail_msg("'%s' compiled", bad[i].text);
		if (!err || strncmp(err, bad[i].err, strlen(bad[i].err)) != 0)
			fail_msg("'%s': %s, want %s", bad[i].text, err ? err : "(none)", bad[i].err);
		free(err);
	}
	/* what depends on the answers compiles, and gives a number that is not finite, never 0 */
	cr_value facts[2] = {cr_vnum(0), {.kind = CR_V_SET, .bits = 1}};
	char *err = NULL;
	int col = 0;
	cr_expr *e = cr_expr_compile("10 / data_entry", &s, &a, CR_WANT_NUM, &err, &col);
	assert_non_null(e);
	assert_true(isnan(cr_expr_number(e, facts)));
	e = cr_expr_compile("data_entry / (count(ai_uses) + 1)", &s, &a, CR_WANT_NUM, &err, &col);
	assert_non_null(e);
	e = cr_expr_compile("(data_entry + 1) * 1e308 * 1e308", &s, &a, CR_WANT_NUM, &err, &col);
	assert_non_null(e);
	assert_true(isinf(cr_expr_number(e, facts)));
	/* a comparison with a division by zero is false, as with an unanswered fact */
	e = cr_expr_compile("10 / data_entry >= 0", &s, &a, CR_WANT_BOOL, &err, &col);
	assert_false(cr_expr_holds(e, facts));
	e = cr_expr_compile("10 / data_entry == 10 / data_entry", &s, &a, CR_WANT_BOOL, &err, &col);
	assert_false(cr_expr_holds(e, facts));
	cr_arena_free(&a);
}

static char *repeat(const char *word, size_t n, const char *tail)
{
	cr_sb b = {0};
	for (size_t i = 0; i < n; i++)
		cr_sb_addf(&b, "%s%s", i ? " " : "", word);
	cr_sb_add(&b, tail);
	return cr_sb_take(&b);
}

/*
 * D13: title matching reads only the first CR_OCC_MAX_WORDS words of a cell,
 * however long: proved by what the words after them would change if read.
 */
static void test_title_bound(void **state)
{
	(void)state;
	cr_occ_match m[4];
	/* 12 words that find nurses, then 488 that match nothing: found, so the rest was not read */
	char *q = repeat("nurses", CR_OCC_MAX_WORDS, "");
	char *tail = repeat(" zzqxj", 488, "");
	char *long_q = cr_xprintf("%s%s", q, tail);
	assert_true(cr_occ_search(fx_kb, q, m, 4) > 0);
	const cr_occupation *want = m[0].occ;
	assert_true(cr_occ_query_words(long_q) > CR_OCC_MAX_WORDS); /* the face refuses such a query */
	assert_true(cr_occ_search(fx_kb, long_q, m, 4) > 0);
	assert_ptr_equal(m[0].occ, want);
	/* and 12 words that match nothing, then a title: nothing, so word 13 was not read */
	char *none = repeat("zzqxj", CR_OCC_MAX_WORDS, " registered nurses");
	assert_int_equal(cr_occ_search(fx_kb, none, m, 4), 0);
	/* one word of 100 KB: cut, not read whole */
	char *huge = malloc(100001);
	memset(huge, 'n', 100000);
	huge[100000] = '\0';
	assert_int_equal(cr_occ_search(fx_kb, huge, m, 4), 0);
	free(huge);
	free(none);
	free(long_q);
	free(tail);
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vis),
		cmocka_unit_test(test_diag_format),
		cmocka_unit_test(test_diags_limit),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_nonfinite),
		cmocka_unit_test(test_title_bound),
	};
	return cmocka_run_group_tests(tests, fx_kb_setup, fx_kb_teardown);
}
