/*
 * crosswalk.h - an organisation's own job titles mapped to SOC codes (`--titles FILE.csv`).
 *
 * A crosswalk takes precedence over the matcher: a title it lists is that
 * occupation (method crosswalk, confidence 1). Titles are compared ignoring
 * case, surrounding space and runs of space. app/io/crosswalk_csv.c reads one
 * from CSV; `career-risk titles` writes one to fill in.
 *
 * Ownership: a cr_crosswalk copies the titles it is given and points at the
 * knowledge base's occupations, so the knowledge base must outlive it.
 */
#ifndef CR_CROSSWALK_H
#define CR_CROSSWALK_H

#include <stddef.h>

#include "kb.h"

typedef struct cr_crosswalk cr_crosswalk;

cr_crosswalk *cr_crosswalk_new(void);
void cr_crosswalk_free(cr_crosswalk *x);
/*
 * Maps title to occ. Returns NULL when added (or when the same title already
 * maps to the same occupation), else the occupation the title already maps
 * to, and nothing is changed.
 */
const cr_occupation *cr_crosswalk_add(cr_crosswalk *x, const char *title, const cr_occupation *occ);
/* The occupation title maps to, or NULL. */
const cr_occupation *cr_crosswalk_find(const cr_crosswalk *x, const char *title);
size_t cr_crosswalk_count(const cr_crosswalk *x);

#endif
