/*
 * kb_lint.h - the checks of `kb check` that need the whole, loaded base.
 *
 * cr_kb_load() proves each entry well formed and each reference good: ids,
 * sources, skills, sectors, conditions, task shares. What only the whole base
 * can show is checked here:
 *   - every rule fires for some answers to some questionnaire, and every
 *     question with an `ask_if` is asked for some answers (a search through
 *     the answers, described in kb_lint.c);
 *   - every recommendation is named by a rule and given for some answers;
 *   - every growing role's `from` code or prefix reaches an occupation;
 *   - every sector holds at least one occupation;
 *   - no alias or title names two occupations;
 *   - every source is cited somewhere (a warning: the base still works).
 *
 * Errors are CR_EDATA diagnostics at the entry's file:line:column; warnings
 * are diagnostics of status CR_OK (see diag.h). The search is deterministic:
 * the same base gives the same verdict on every run and every machine.
 */
#ifndef CR_KB_LINT_H
#define CR_KB_LINT_H

#include <stddef.h>

#include "diag.h"
#include "kb.h"

typedef struct cr_lint_stats {
	size_t answer_sets;  /* answer sets the search tried */
	size_t rules_fired;  /* rules that fired for some answers (of kb->nrules) */
	size_t recs_given;   /* recommendations given for some answers (of kb->nrecs) */
	size_t errors;       /* diagnostics of status CR_EDATA added */
	size_t warnings;     /* diagnostics of status CR_OK added */
} cr_lint_stats;

/*
 * Checks a loaded base. Returns CR_OK when no error was found (warnings may
 * have been added), CR_EDATA otherwise; every problem goes to `d`.
 */
enum cr_status cr_kb_lint(const cr_kb *kb, cr_lint_stats *stats, cr_diags *d);

#endif
