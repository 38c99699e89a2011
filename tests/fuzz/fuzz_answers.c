/*
 * fuzz_answers.c - an answers file (YAML or JSON) through the answers parser.
 *
 * The input is an answers file, read against each shipped questionnaire. Every
 * accepted answer must survive the store's round trip (to JSON and back, as a
 * resumed session reads it) unchanged, and accepted answers are scored and
 * rendered.
 */
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "fuzz.h"

static cr_kb *kb;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	kb = fuzz_shipped_kb();
	return 0;
}

static bool same(const cr_question *q, const cr_answer *a, const cr_answer *b)
{
	if (a->state != b->state)
		return false;
	if (a->state != CR_A_GIVEN)
		return true;
	switch (q->type) {
	case CR_Q_CHOICE:
	case CR_Q_OCCUPATION:
	case CR_Q_TEXT:
		return strcmp(a->str, b->str) == 0;
	case CR_Q_MULTI:
		return a->bits == b->bits;
	case CR_Q_SCALE:
	case CR_Q_NUMBER:
		return a->num == b->num;
	case CR_Q_SPLIT:
		return memcmp(a->parts, b->parts, sizeof a->parts) == 0;
	case CR_Q_TASKS:
		/* num tasks, each an O*NET id and a time level */
		if (a->num != b->num)
			return false;
		for (size_t t = 0; t < (size_t)a->num && t < CR_MAX_PARTS; t++)
			if (a->task_ids[t] != b->task_ids[t] || a->parts[t] != b->parts[t])
				return false;
		return true;
	}
	return false;
}

/* What the store keeps must read back as the same answer. */
static void round_trip(const cr_answers *as)
{
	const cr_questionnaire *q = as->q;
	cr_answers *back = cr_answers_new(q);
	for (size_t i = 0; i < q->nquestions; i++) {
		if (as->a[i].state == CR_A_NONE)
			continue;
		char *json = cr_answer_to_json(&q->questions[i], &as->a[i]);
		cr_diags d = {0};
		if (cr_answers_set_json(kb, back, i, json, &d) != CR_OK)
			fuzz_fail("a stored answer does not read back");
		if (!same(&q->questions[i], &as->a[i], &back->a[i]))
			fuzz_fail("a stored answer reads back different");
		cr_diags_clear(&d);
		free(cr_answer_describe(kb, &q->questions[i], &as->a[i]));
		free(json);
	}
	cr_answers_free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > CR_MAX_ANSWERS_FILE)
		return 0; /* the file reader refuses these before parsing */
	cr_diags d = {0};
	cr_ydoc *doc = NULL;
	if (cr_ydoc_parse("fuzz.yaml", (const char *)data, size, &doc, &d) != CR_OK) {
		if (d.n == 0)
			fuzz_fail("a rejected document must say why");
		cr_diags_clear(&d);
		return 0;
	}
	bool scored = false;
	for (size_t qi = 0; qi < kb->nquestionnaires; qi++) {
		cr_answers *as = NULL;
		size_t before = d.n;
		enum cr_status st = cr_answers_from_doc(kb, &kb->questionnaires[qi], doc, &as, &d);
		if (st != CR_OK) {
			if (d.n == before || st != CR_EDATA)
				fuzz_fail("rejected answers must say why, as a data error");
			continue;
		}
		round_trip(as);
		if (!scored) {
			cr_result *r = NULL;
			if (cr_assess(kb, as, 0, &r, &d) == CR_OK)
				fuzz_exercise_result(r);
			cr_result_free(r);
			scored = true;
		}
		cr_answers_free(as);
	}
	cr_ydoc_free(doc);
	cr_diags_clear(&d);
	return 0;
}
