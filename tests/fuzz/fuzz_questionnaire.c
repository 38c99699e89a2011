/*
 * fuzz_questionnaire.c - a questionnaire file (YAML) through the loader.
 *
 * The input is one questionnaire; a small fixed knowledge base
 * (tests/fuzz/base.yaml, whose rules read only derived facts so that any
 * valid questionnaire loads with it) supplies sectors, regions, skills and
 * occupations. An accepted questionnaire is then scored and rendered.
 */
#include <stdlib.h>

#include "fuzz.h"

static cr_kb_file base;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	base = fuzz_read("tests/fuzz/base.yaml");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cr_kb_file f = {.name = "fuzz.yaml", .text = (const char *)data, .len = size};
	cr_diags d = {0};
	cr_kb *kb = NULL;
	enum cr_status st = cr_kb_load_files(NULL, NULL, &base, 1, &f, 1, &kb, &d);
	if (st == CR_OK) {
		if (d.n)
			fuzz_fail("a questionnaire that loads reported errors");
		fuzz_exercise_kb(kb);
	} else if (d.n == 0 || st != CR_EDATA) {
		fuzz_fail("a rejected questionnaire must say why, as a data error");
	}
	cr_kb_free(kb);
	cr_diags_clear(&d);
	return 0;
}
