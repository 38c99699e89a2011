/*
 * fuzz_knowledge.c - a knowledge file (YAML) through the knowledge-base loader.
 *
 * The input is one knowledge file; the shipped quick questionnaire is loaded
 * beside it so that rule conditions have facts to name. An accepted base is
 * then scored and rendered.
 */
#include <stdlib.h>

#include "fuzz.h"

static cr_kb_file questionnaire;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	questionnaire = fuzz_read("questionnaires/quick.yaml");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cr_kb_file f = {.name = "fuzz.yaml", .text = (const char *)data, .len = size};
	cr_diags d = {0};
	cr_kb *kb = NULL;
	enum cr_status st = cr_kb_load_files(NULL, NULL, &f, 1, &questionnaire, 1, &kb, &d);
	if (st == CR_OK) {
		if (d.n)
			fuzz_fail("a base that loads reported errors");
		fuzz_exercise_kb(kb);
	} else if (d.n == 0 || st != CR_EDATA) {
		fuzz_fail("a rejected base must say why, as a data error");
	}
	cr_kb_free(kb);
	cr_diags_clear(&d);
	return 0;
}
