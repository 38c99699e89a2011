/*
 * fuzz_plan.c - the prepared plan (cr_assess_plan_*) against plain evaluation
 * (cr_assess) on random knowledge bases.
 *
 * The input is not parsed: its bytes drive a generator (tests/unit/kb_gen.h)
 * that writes a rules file over the facts of the minimal valid base
 * (tests/data/kb-minimal: one of everything, and the quick questionnaire):
 * how many rules, their conditions (choice, number, text and count
 * comparisons joined by and/or/not), scores and themes. It loads them beside
 * the base, then draws answer sets. For each, cr_assess, cr_assess_planned and
 * cr_assess_plan_run must agree to the last digit; a difference means the
 * plan's guards or index dropped or added a rule. Rule counts reach past the
 * 1,024 the index holds, so both of the plan's paths are fuzzed.
 */
#define _XOPEN_SOURCE 700 /* nftw, in kb_gen.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kb_gen.h"

static cr_kb_file *files;     /* tests/data/kb-minimal/knowledge, then a slot for the generated rules */
static size_t nfiles;
static cr_kb_file *qfiles;    /* its questionnaires */
static size_t nq;
static cr_kb *base;           /* the minimal base alone: the schema the rules are written over */

/* The input's bytes, four at a time; zeros once they run out, so every input is a complete case. */
typedef struct bytes {
	const uint8_t *p;
	size_t n;
} bytes;

static uint32_t draw(void *ctx)
{
	bytes *b = ctx;
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		v = v << 8 | (b->n ? *b->p : 0);
		if (b->n) {
			b->p++;
			b->n--;
		}
	}
	return v;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* kept for the whole run: kbgen_read_dir leaves a free slot after the last file */
	files = kbgen_read_dir(CR_SOURCE_DIR "/tests/data/kb-minimal/knowledge", NULL, &nfiles);
	qfiles = kbgen_read_dir(CR_SOURCE_DIR "/tests/data/kb-minimal/questionnaires", NULL, &nq);
	if (!files || !qfiles || !nfiles || !nq)
		fuzz_fail("cannot read tests/data/kb-minimal");
	cr_diags d = {0};
	if (cr_kb_load_files(NULL, NULL, files, nfiles, qfiles, nq, &base, &d) != CR_OK) {
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s:%d: %s\n", d.v[i].file ? d.v[i].file : "-", d.v[i].line, d.v[i].msg);
		fuzz_fail("the fixed base with the quick questionnaire does not load");
	}
	return 0;
}

static void compare(const cr_kb *kb, cr_assess_plan *p, const cr_answers *as)
{
	cr_diags d = {0};
	cr_result *plain = NULL, *planned = NULL;
	enum cr_status st = cr_assess(kb, as, CR_ASSESS_NO_SENSITIVITY, &plain, &d);
	if (cr_assess_planned(p, as, CR_ASSESS_NO_SENSITIVITY, &planned, &d) != st)
		fuzz_fail("cr_assess and cr_assess_planned disagree on the status");
	const cr_result *run = cr_assess_plan_run(p, as);
	if (st == CR_OK) {
		char *want = kbgen_describe(plain), *got = kbgen_describe(planned), *ran = kbgen_describe(run);
		if (strcmp(want, got) != 0 || strcmp(want, ran) != 0) {
			fprintf(stderr, "cr_assess:\n%s\ncr_assess_planned:\n%s\ncr_assess_plan_run:\n%s\n", want, got, ran);
			fuzz_fail("the prepared plan and plain evaluation give different results");
		}
		free(want);
		free(got);
		free(ran);
	}
	cr_result_free(plain);
	cr_result_free(planned);
	cr_diags_clear(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bytes in = {data, size};
	/* half the inputs beyond the index's 1,024 rules, half within it */
	uint32_t n0 = draw(&in);
	size_t nrules = n0 & 1 ? 1025 + (n0 >> 1) % 400 : 1 + (n0 >> 1) % 300;
	char *text = kbgen_rules(base, nrules, draw, &in);
	files[nfiles] = (cr_kb_file){.name = "rules/generated.yaml", .text = text, .len = strlen(text)};
	cr_diags d = {0};
	cr_kb *kb = NULL;
	if (cr_kb_load_files(NULL, NULL, files, nfiles + 1, qfiles, nq, &kb, &d) != CR_OK) {
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s:%d: %s\n", d.v[i].file ? d.v[i].file : "-", d.v[i].line, d.v[i].msg);
		fuzz_fail("generated rules over the base's own facts must load");
	}
	cr_assess_plan *p = cr_assess_plan_new(kb, &kb->questionnaires[0]);
	for (int i = 0; i < 8; i++) {
		cr_answers *as = kbgen_answers(kb, &kb->questionnaires[0], draw, &in);
		compare(kb, p, as);
		cr_answers_free(as);
	}
	cr_assess_plan_free(p);
	cr_kb_free(kb);
	cr_diags_clear(&d);
	free(text);
	return 0;
}
