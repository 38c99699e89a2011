/*
 * fuzz_expr.c - the rule-condition compiler, against the shipped fact schema.
 *
 * The input is a condition as a knowledge-base author would write it. It is
 * compiled as a condition (`when:`, `ask_if:`) and as a number (`score:`);
 * what compiles is evaluated with every fact unanswered and with every fact
 * set, and may read only facts of the schema.
 */
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "fuzz.h"
#include "util.h"

static cr_kb *kb;
static cr_value *nulls, *full;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	kb = fuzz_shipped_kb();
	nulls = cr_xcalloc(kb->schema.n, sizeof *nulls);
	full = cr_xcalloc(kb->schema.n, sizeof *full);
	return 0;
}

/* Every fact set to a value of its type, varied by the input so comparisons go both ways. */
static void fill(uint64_t seed)
{
	for (size_t i = 0; i < kb->schema.n; i++) {
		const cr_factdef *f = &kb->schema.v[i];
		uint64_t h = cr_fnv1a(seed, &i, sizeof i);
		switch (f->type) {
		case CR_F_NUM:
			full[i] = cr_vnum((double)(h % 201) - 50);
			break;
		case CR_F_STR:
			full[i] = f->nchoices ? cr_vstr(f->choices[h % f->nchoices]) : cr_vstr("43-9021");
			break;
		case CR_F_SET:
			full[i] = (cr_value){.kind = CR_V_SET, .bits = f->nchoices >= 64 ? h : h & ((1ull << f->nchoices) - 1)};
			break;
		}
	}
}

static void check_fact(int fact, void *ctx)
{
	(void)ctx;
	if (fact < 0 || (size_t)fact >= kb->schema.n)
		fuzz_fail("a condition reads outside the fact schema");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = cr_xstrndup((const char *)data, size); /* as YAML hands it over: up to a NUL */
	fill(cr_fnv1a(CR_FNV_INIT, data, size));
	for (int w = 0; w < 2; w++) {
		cr_arena a = {0};
		char *err = NULL;
		int col = 0;
		cr_expr *e = cr_expr_compile(text, &kb->schema, &a, w ? CR_WANT_NUM : CR_WANT_BOOL, &err, &col);
		if (e) {
			if (err)
				fuzz_fail("compiled, yet an error was set");
			cr_expr_facts(e, check_fact, NULL);
			if (w) {
				(void)cr_expr_number(e, nulls);
				(void)cr_expr_number(e, full);
			} else {
				(void)cr_expr_holds(e, nulls);
				(void)cr_expr_holds(e, full);
			}
		} else {
			if (!err || !*err)
				fuzz_fail("a rejected condition must say why");
			if (col < 1 || (size_t)col > strlen(text) + 1)
				fuzz_fail("an error column outside the condition");
		}
		free(err);
		cr_arena_free(&a);
	}
	free(text);
	return 0;
}
