/* test_expr.c - the condition language: parsing, typing, evaluation, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

static const char *const freq[] = {"never", "tried", "monthly", "weekly", "daily"};
static const char *const uses[] = {"writing", "research", "analysis", "coding"};

typedef struct fixture {
	cr_arena arena;
	cr_schema schema;
	cr_value facts[8];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	cr_schema_add(&f->schema, &f->arena, "data_entry", CR_F_NUM, NULL, 0);          /* 0 */
	cr_schema_add(&f->schema, &f->arena, "ai_frequency", CR_F_STR, freq, 5);       /* 1 */
	cr_schema_add(&f->schema, &f->arena, "ai_uses", CR_F_SET, uses, 4);            /* 2 */
	cr_schema_add(&f->schema, &f->arena, "routineness", CR_F_NUM, NULL, 0);         /* 3 */
	cr_schema_add(&f->schema, &f->arena, "occupation.group", CR_F_STR, NULL, 0);    /* 4 */
	f->facts[0] = cr_vnum(60);
	f->facts[1] = cr_vstr("weekly");
	f->facts[2] = (cr_value){.kind = CR_V_SET, .bits = 0x5}; /* writing, analysis */
	f->facts[3] = cr_vnum(40);
	f->facts[4] = cr_vstr("43");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	cr_arena_free(&f->arena);
	free(f);
	return 0;
}

/* text compiled against the fixture's schema (in its arena), or the test fails saying why */
static cr_expr *compiled(fixture *f, const char *text, enum cr_expr_want want)
{
	char *err = NULL;
	int col = 0;
	cr_expr *e = cr_expr_compile(text, &f->schema, &f->arena, want, &err, &col);
	if (!e)
		fail_msg("'%s' did not compile: %s at %d", text, err, col);
	return e;
}

static bool holds(fixture *f, const char *text)
{
	return cr_expr_holds(compiled(f, text, CR_WANT_BOOL), f->facts);
}

static void test_truth_table(void **state)
{
	fixture *f = *state;
	static const struct { const char *text; bool want; } cases[] = {
		{"true", true},
		{"false", false},
		{"data_entry >= 50", true},
		{"data_entry > 60", false},
		{"data_entry == 60 and routineness < 50", true},
		{"data_entry < 10 or routineness == 40", true},
		{"not (data_entry < 10)", true},
		{"ai_frequency == 'weekly'", true},
		{"ai_frequency != 'weekly'", false},
		{"ai_frequency in ['weekly', 'daily']", true},
		{"ai_frequency not in ['weekly', 'daily']", false},
		{"'writing' in ai_uses", true},
		{"'coding' in ai_uses", false},
		{"count(ai_uses) == 2", true},
		{"answered(data_entry)", true},
		{"min(data_entry, routineness) == 40", true},
		{"max(data_entry, routineness) == 60", true},
		{"data_entry + routineness * 2 == 140", true},
		{"(data_entry - routineness) / 4 == 5", true},
		{"-data_entry < 0", true},
		{"occupation.group == '43'", true},
		{"data_entry / (routineness - 40) == 1", false}, /* a division by zero is NaN: comparisons are false */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (holds(f, cases[i].text) != cases[i].want)
			fail_msg("'%s' should be %s", cases[i].text, cases[i].want ? "true" : "false");
	}
}

static void test_null_is_false(void **state)
{
	fixture *f = *state;
	f->facts[0] = (cr_value){.kind = CR_V_NULL};
	assert_false(holds(f, "data_entry >= 0"));
	assert_false(holds(f, "data_entry < 0"));
	assert_true(holds(f, "not answered(data_entry)"));
	assert_false(holds(f, "data_entry + 1 > 0"));
}

static void test_number_expression(void **state)
{
	fixture *f = *state;
	char *err = NULL;
	int col;
	cr_expr *e = cr_expr_compile("0.55 * routineness", &f->schema, &f->arena, CR_WANT_NUM, &err, &col);
	assert_non_null(e);
	assert_float_equal(cr_expr_number(e, f->facts), 22.0, 1e-9);
}

/* Each bad expression fails with a message naming the problem, at the right column. */
static void test_errors(void **state)
{
	fixture *f = *state;
	static const struct { const char *text; int col; const char *msg; } cases[] = {
		{"data_entyr >= 50", 1, "unknown fact 'data_entyr' (did you mean 'data_entry'?)"},
		{"ai_frequency == 'dayly'", 17, "'dayly' is not a choice of ai_frequency"},
		{"'cooking' in ai_uses", 1, "'cooking' is not a choice of ai_uses"},
		{"data_entry >= ", 15, "the expression ends too early"},
		{"data_entry = 5", 12, "'=' alone is not an operator"},
		{"data_entry >= 5 5", 17, "unexpected '5' after the end"},
		{"ai_frequency > 3", 1, "expected a number here"},
		{"data_entry", 1, "this must be true/false"},
		{"(data_entry > 1", 16, "expected ')'"},
		{"data_entry > 'x", 14, "a string is not closed"},
		{"foo(1)", 1, "unknown function 'foo'"},
		{"count(data_entry) > 1", 7, "expected a multiple choice here"},
		{"data_entry in []", 15, "an empty list never matches"},
		{"data_entry # 1", 12, "unexpected character '#'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *err = NULL;
		int col = 0;
		cr_expr *e = cr_expr_compile(cases[i].text, &f->schema, &f->arena, CR_WANT_BOOL, &err, &col);
		if (e)
			fail_msg("'%s' compiled but should not", cases[i].text);
		if (!strstr(err, cases[i].msg))
			fail_msg("'%s': got '%s', want '%s'", cases[i].text, err, cases[i].msg);
		if (col != cases[i].col)
			fail_msg("'%s': error at column %d, want %d", cases[i].text, col, cases[i].col);
		free(err);
	}
}

/* Hostile input is bounded: deep nesting and huge text fail cleanly instead of exhausting the stack. */
static void test_bounds(void **state)
{
	fixture *f = *state;
	char deep[4000];
	size_t n = 0;
	for (int i = 0; i < 500; i++)
		deep[n++] = '(';
	deep[n++] = '1';
	deep[n] = '\0';
	char *err = NULL;
	int col;
	assert_null(cr_expr_compile(deep, &f->schema, &f->arena, CR_WANT_BOOL, &err, &col));
	assert_non_null(strstr(err, "nested too deeply"));
	free(err);
	char *big = malloc(CR_EXPR_MAX_LEN + 10);
	memset(big, ' ', CR_EXPR_MAX_LEN + 9);
	big[CR_EXPR_MAX_LEN + 9] = '\0';
	assert_null(cr_expr_compile(big, &f->schema, &f->arena, CR_WANT_BOOL, &err, &col));
	assert_non_null(strstr(err, "at most"));
	free(err);
	free(big);
}

static double dist(fixture *f, const char *text)
{
	return cr_expr_distance(compiled(f, text, CR_WANT_BOOL), f->facts);
}

/* The distance kb check's search follows: 0 exactly when a condition holds, and smaller nearer to it. */
static void test_distance(void **state)
{
	fixture *f = *state;
	/* data_entry is 60, routineness 40, ai_frequency 'weekly' */
	static const char *const holding[] = {
		"data_entry >= 60", "data_entry > 59.5", "not (data_entry < 50)", "data_entry < 10 or routineness == 40",
		"ai_frequency == 'weekly'", "'writing' in ai_uses", "not (ai_frequency in ['never', 'tried'])",
	};
	for (size_t i = 0; i < sizeof holding / sizeof holding[0]; i++) {
		assert_true(holds(f, holding[i]));
		assert_float_equal(dist(f, holding[i]), 0, 1e-12);
	}
	/* false conditions are at a positive distance, nearer when the gap is smaller */
	assert_true(dist(f, "data_entry >= 61") > 0);
	assert_true(dist(f, "data_entry >= 61") < dist(f, "data_entry >= 90"));
	assert_true(dist(f, "data_entry > 60") > 0);
	assert_true(dist(f, "data_entry < 50") < dist(f, "data_entry < 10"));
	assert_true(dist(f, "not (data_entry >= 59)") < dist(f, "not (data_entry >= 20)"));
	/* 'and' adds, 'or' takes the nearer side */
	assert_true(dist(f, "data_entry >= 70 and routineness >= 70") > dist(f, "data_entry >= 70"));
	assert_float_equal(dist(f, "data_entry >= 70 or routineness >= 90"), dist(f, "data_entry >= 70"), 1e-12);
	/* a choice not met, or an unanswered fact, counts 1 */
	assert_float_equal(dist(f, "ai_frequency == 'daily'"), 1, 1e-12);
	f->facts[0] = (cr_value){.kind = CR_V_NULL};
	assert_float_equal(dist(f, "data_entry >= 61"), 1, 1e-12);
	assert_float_equal(dist(f, "answered(data_entry)"), 1, 1e-12);
}

/*
 * cr_expr_holds takes shortcuts (and/or/not walked in a loop with a negation
 * carried along, each comparison's shape decided at compile time, leaves read
 * in place); cr_expr_eval builds a value at every node. For every condition
 * here and every answer set (each fact given, null, or for numbers NaN) they
 * must agree, as must cr_expr_number and cr_expr_eval for number expressions.
 */
static void test_holds_agrees_with_eval(void **state)
{
	fixture *f = *state;
	static const char *const conds[] = {
		"data_entry >= 60", "data_entry < 30", "not data_entry == 60", "not (data_entry >= 50)",
		"not not (routineness > 20)", "data_entry - routineness >= 20", "routineness + 5 <= data_entry / 2",
		"-data_entry < -10", "ai_frequency == 'weekly'", "ai_frequency != 'daily'",
		"ai_frequency in ['never', 'tried']", "not (ai_frequency in ['weekly', 'daily'])",
		"'coding' in ai_uses", "'coding' in ai_uses or 'writing' in ai_uses", "count(ai_uses) >= 2",
		"answered(routineness)", "not answered(ai_uses)", "occupation.group == '43'", "true", "false",
		"data_entry >= 60 and (ai_frequency == 'never' or routineness < 50)",
		"not (data_entry >= 60 and not (routineness < 50 or 'analysis' in ai_uses))",
		"(data_entry > 10 or routineness > 10) and not (count(ai_uses) < 1 and ai_frequency == 'daily')",
		"not (not (data_entry >= 60) or not (routineness >= 40)) and not false",
		"data_entry / routineness > 1 or min(data_entry, routineness) == 40",
		/* operands a node carries itself (classify's folds): literal or fact on either side, both, neither */
		"routineness >= data_entry", "50 < data_entry", "100 - data_entry >= routineness", "data_entry - 5 > 50",
		"2 * 3 + data_entry > 60", "data_entry * routineness / 100 >= 24", "data_entry in [60, 40]",
		"routineness in [1, 2]", "ai_frequency in ['weekly']", "ai_frequency == 'never'",
		"occupation.group in ['43', '15']", "occupation.group != '15'",
		"data_entry > routineness + data_entry - 15", "routineness <= 100 - data_entry / 2",
		"routineness >= 0.5 * (100 - data_entry) + 10",
	};
	static const char *const nums[] = {
		"3 * data_entry / 100", "0.06 * (100 - routineness) * (1 + data_entry / 100)", "-routineness",
		"count(ai_uses) * 2 - 1", "max(data_entry, routineness) - min(data_entry, 50)", "data_entry / routineness",
		"100 - data_entry", "data_entry - 100", "data_entry * routineness", "2 * 3 + data_entry", "-(5 - routineness)",
		"routineness / (data_entry - 60)", "min(3, data_entry) + max(routineness, 7)",
		/* chains (struct flat in expr.c): a literal or a fact on one side of each operation, either side */
		"-4 * data_entry / 100", "0.18 * (100 - data_entry) * routineness / 100", "data_entry / 100",
		"0.1 * (routineness - 20)", "min(data_entry, 50) * 2", "max(50, routineness) / 2", "100 / data_entry",
		"3 - (2 - (1 - data_entry))", "1 / (2 / (routineness - 40))", "data_entry - routineness - 1 + 2 * 3",
		"1 + 2 + 3 + 4 + 5 + 6 + data_entry", "data_entry + 1 + 2 + 3 + 4 + 5 + 6",
	};
	const cr_value given[5] = {cr_vnum(60), cr_vstr("weekly"), {.kind = CR_V_SET, .bits = 0x5}, cr_vnum(40),
				   cr_vstr("43")};
	/*
	 * each fact in turn: as given, null, and (numbers) 0 and NaN, (words) the schema's own string for
	 * its choice, as answers hold it, and another choice by the schema's string (a word literal
	 * compared with a choice fact is the schema's string, not the literal's copy: see choice_word)
	 */
	for (size_t k = 0; k < 5 * 4; k++) {
		size_t which = k / 4, how = k % 4;
		memcpy(f->facts, given, sizeof given);
		if (how == 1)
			f->facts[which] = (cr_value){.kind = CR_V_NULL};
		else if (how == 2 && given[which].kind == CR_V_NUM)
			f->facts[which] = cr_vnum(0);
		else if (how == 3 && given[which].kind == CR_V_NUM)
			f->facts[which] = cr_vnum(NAN);
		else if (how == 2 && which == 1)
			f->facts[1] = cr_vstr(f->schema.v[1].choices[3]); /* "weekly", the schema's pointer */
		else if (how == 3 && which == 1)
			f->facts[1] = cr_vstr(f->schema.v[1].choices[0]); /* "never" */
		for (size_t i = 0; i < sizeof conds / sizeof conds[0]; i++) {
			cr_expr *e = compiled(f, conds[i], CR_WANT_BOOL);
			cr_value v = cr_expr_eval(e, f->facts);
			bool want = v.kind == CR_V_BOOL && v.num != 0;
			if (cr_expr_holds(e, f->facts) != want)
				fail_msg("'%s' with fact %zu changed (%zu): holds says %d, eval %d", conds[i], which, how, !want, want);
		}
		for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
			cr_expr *e = compiled(f, nums[i], CR_WANT_NUM);
			cr_value v = cr_expr_eval(e, f->facts);
			double want = v.kind == CR_V_NUM ? v.num : 0, got = cr_expr_number(e, f->facts);
			if (!(got == want || (isnan(got) && isnan(want))))
				fail_msg("'%s' with fact %zu changed (%zu): %g, eval %g", nums[i], which, how, got, want);
		}
	}
}

/*
 * A chain (struct flat in expr.c) must give the very double the tree gives:
 * the same operations on the same operands in the same order, so that a
 * score's sum is unchanged to the last bit. Over many values, including ones
 * whose rounding depends on that order, a zero divisor and NaN.
 */
static void test_chains_exact(void **state)
{
	fixture *f = *state;
	static const char *const nums[] = {
		"-4 * data_entry / 100", "0.18 * (100 - routineness) * data_entry / 100", "0.45 * routineness",
		"0.1 * (data_entry - 20)", "0.025 * (routineness - 20)", "routineness / (data_entry - 30)",
		"1.5 - data_entry / 3 * routineness", "max(data_entry, routineness) - 0.1", "min(0.3, data_entry) + 7",
	};
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		cr_expr *e = compiled(f, nums[i], CR_WANT_NUM);
		for (int k = 0; k <= 1001; k++) {
			f->facts[0] = cr_vnum(k == 1001 ? NAN : 0.1 * k);
			f->facts[3] = cr_vnum(100 - 0.37 * k);
			cr_value v = cr_expr_eval(e, f->facts);
			double got = cr_expr_number(e, f->facts);
			if (v.kind != CR_V_NUM || memcmp(&got, &v.num, sizeof got) != 0)
				fail_msg("'%s' at %d: %.17g, the tree gives %.17g", nums[i], k, got, v.num);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_holds_agrees_with_eval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chains_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truth_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_is_false, setup, teardown),
		cmocka_unit_test_setup_teardown(test_number_expression, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_distance, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
