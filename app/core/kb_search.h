/*
 * kb_search.h - the answer search of `kb check`, private to kb_lint.c and kb_search.c.
 *
 * Whether each rule can fire and each question with an ask_if can be asked is
 * settled by trying answers (kb_search.c); what the search found is reported
 * by kb_lint.c with the base's other whole-catalogue checks. They share the
 * state below: the search fills witness[], asked[] and nonfinite[], the
 * reports read them.
 */
#ifndef CR_KB_SEARCH_H
#define CR_KB_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "answers.h"
#include "diag.h"
#include "kb.h"
#include "kb_lint.h"

typedef struct cr_lint {
	const cr_kb *kb;
	cr_diags *d;
	cr_lint_stats *stats;
	cr_value *facts;       /* kb->schema.n facts, reused for every answer set */
	cr_answers **witness;  /* per rule: the first answers it fired for, or NULL */
	size_t nfired;
	bool **asked;          /* per questionnaire and question: asked for some answers */
	size_t nunasked;       /* questions with an ask_if not yet asked */
	bool *nonfinite;       /* per rule: its score was found not finite (reported once) */
	size_t nnonfinite;
} cr_lint;

/* Tries answer sets to every questionnaire until every rule fired and every question was asked, or the budget is spent. */
void cr_kb_search(cr_lint *L);
/* cr_expr_facts callback: marks fact in the bool array ctx. */
void cr_lint_mark_fact(int fact, void *ctx);

#endif
