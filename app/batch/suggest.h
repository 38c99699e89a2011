/*
 * suggest.h - a starting map file for a survey export (`career-risk batch --suggest-map`).
 *
 * Reads the export as the batch would (its header rows, its encoding), lists
 * each column's question and the values of its choice columns
 * (cr_intake_suggest in core/intake.h), and writes the map as YAML through
 * app/io/output.h: owner-only, under a temporary name renamed into place.
 * Memory is bounded by the distinct values kept per question, not the rows.
 */
#ifndef CR_SUGGEST_H
#define CR_SUGGEST_H

#include <stddef.h>

#include "../core/diag.h"
#include "../core/kb.h"

/*
 * header_rows 0: as the export's shape says; encoding NULL: UTF-8 or
 * recognised. "-" writes to standard output. `intro` (YAML comment lines,
 * worded by the face, which spells the commands) comes first.
 */
enum cr_status cr_batch_suggest_map(const cr_kb *kb, const cr_questionnaire *q, const char *input, size_t header_rows,
				    const char *encoding, const char *out_path, const char *intro, cr_diags *d);

#endif
