/*
 * crosswalk_csv.h - reads an organisation's job-title crosswalk from CSV (`--titles FILE.csv`).
 *
 * The file has a header row with a `title` and a `soc` column (any order,
 * any case; other columns, such as the count and candidate `career-risk
 * titles` writes, are ignored). A row with a blank soc is skipped: it is a
 * title still to be filled in. A soc that is not in the catalogue, or a
 * title given twice with different codes, is an error naming file:line.
 */
#ifndef CR_CROSSWALK_CSV_H
#define CR_CROSSWALK_CSV_H

#include "../core/crosswalk.h"
#include "../core/diag.h"
#include "../core/kb.h"

/* On CR_OK *out is the crosswalk (caller frees with cr_crosswalk_free). */
enum cr_status cr_crosswalk_load(const char *path, const cr_kb *kb, cr_crosswalk **out, cr_diags *d);

#endif
