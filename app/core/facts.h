/*
 * facts.h - the facts an assessment is judged on, and their values.
 *
 * A schema lists every fact a condition may name: one per question (a split
 * question gives one per part, "tasks.analytic"), plus the facts the engine
 * derives (dimensions, occupation and context figures). Conditions are
 * compiled against the schema, so an unknown fact or choice is an error when
 * the knowledge base loads, not a silent false at run time.
 */
#ifndef CR_FACTS_H
#define CR_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

#define CR_MAX_CHOICES 64 /* a multiple-choice answer is a 64-bit set */

enum cr_ftype {
	CR_F_NUM, /* a number */
	CR_F_STR, /* one id: a choice, a code, a word */
	CR_F_SET, /* a set of choice ids (multiple choice) */
};

typedef struct cr_factdef {
	const char *name;            /* arena-owned */
	enum cr_ftype type;
	const char *const *choices;  /* the ids a STR or SET may hold; NULL when open */
	size_t nchoices;
} cr_factdef;

typedef struct cr_schema {
	cr_factdef *v; /* arena-owned array */
	size_t n;
	size_t cap;
} cr_schema;

/* Index of a fact, or -1. */
int cr_schema_find(const cr_schema *s, const char *name);
/*
 * Adds a fact (or returns the index of an identical one). Returns -1 when a
 * fact of that name exists with another type or other choices.
 */
int cr_schema_add(cr_schema *s, cr_arena *a, const char *name, enum cr_ftype type,
		  const char *const *choices, size_t nchoices);
/* Index of `id` among a fact's choices, or -1. */
int cr_factdef_choice(const cr_factdef *f, const char *id);

enum cr_vkind { CR_V_NULL = 0, CR_V_NUM, CR_V_STR, CR_V_SET, CR_V_BOOL };

/* A fact's value. Strings point into the knowledge base or the answers; never owned. */
typedef struct cr_value {
	enum cr_vkind kind;
	double num;      /* NUM, and BOOL as 0 or 1 */
	const char *str; /* STR */
	uint64_t bits;   /* SET: bit i = choice i */
} cr_value;

static inline cr_value cr_vnum(double n) { return (cr_value){.kind = CR_V_NUM, .num = n}; }
static inline cr_value cr_vstr(const char *s) { return (cr_value){.kind = CR_V_STR, .str = s}; }

#endif
