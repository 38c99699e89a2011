/*
 * expr.h - the condition language of rules and questions.
 *
 *   when: "ai_frequency in ['never', 'tried'] and data_entry >= 40"
 *   score: "0.55 * routineness"
 *
 * A small grammar (recursive descent; see docs/knowledge-base.md) compiled
 * once, when the knowledge base loads, into a typed tree whose facts are
 * resolved to schema indexes and whose choice literals are checked against
 * the question's choices. Evaluation reads the fact array and nothing else:
 * a condition cannot reach a file, the database or the network.
 * Compiled trees live in the caller's arena.
 */
#ifndef CR_EXPR_H
#define CR_EXPR_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "facts.h"

#define CR_EXPR_MAX_LEN 2000 /* characters in one expression */
#define CR_EXPR_MAX_DEPTH 40 /* nesting, so hostile input cannot exhaust the stack */

typedef struct cr_expr cr_expr;

enum cr_expr_want { CR_WANT_BOOL, CR_WANT_NUM };

/*
 * Compiles `text`. On failure returns NULL and sets *err (malloc'd, caller
 * frees) and *errcol (1-based column within text).
 */
cr_expr *cr_expr_compile(const char *text, const cr_schema *schema, cr_arena *a,
			 enum cr_expr_want want, char **err, int *errcol);
cr_value cr_expr_eval(const cr_expr *e, const cr_value *facts);
/* A BOOL expression's verdict: null counts as false. */
bool cr_expr_holds(const cr_expr *e, const cr_value *facts);
/* A NUM expression's value, or 0 when it is null. */
double cr_expr_number(const cr_expr *e, const cr_value *facts);
/*
 * True when a BOOL expression cannot hold as long as every fact f with
 * !live[f] is null (a comparison with null is false), so a rule reading only
 * facts nobody answers can be skipped. Conservative: false when unsure.
 */
bool cr_expr_never(const cr_expr *e, const bool *live);
/*
 * Quick tests that must pass for a BOOL expression to hold: the terms of its
 * top-level `and` that compare a fact with constants. When one fails, the
 * whole expression is false and need not be evaluated; when every term of the
 * `and` is such a test and all pass, it holds.
 */
enum cr_guard_kind {
	CR_GUARD_CHOICE, /* x == 'a', x in ['a', 'b']: x's value must be among `mask` (bits of x's choices) */
	CR_GUARD_TICKED, /* 'a' in x, or 'a' in x or 'b' in x: x must have a choice of `mask` ticked */
	CR_GUARD_NUMBER, /* x >= 30 and the like: x must be a number and `x cmp value` hold */
	CR_GUARD_COUNT,  /* count(x) >= 4 and the like: x must be a multiple choice and `ticked cmp value` hold */
	CR_GUARD_TEXT,   /* x == 'text' or x != 'text' for a fact with no list of choices (cmp: EQ or NE) */
	CR_GUARD_ANSWERED, /* answered(x): x must not be null */
};
enum cr_guard_cmp { CR_CMP_EQ, CR_CMP_NE, CR_CMP_LT, CR_CMP_LE, CR_CMP_GT, CR_CMP_GE };
typedef struct cr_guard {
	enum cr_guard_kind kind;
	int fact;
	uint64_t mask;
	enum cr_guard_cmp cmp;
	double value;
	const char *text;  /* CR_GUARD_TEXT: the literal */
} cr_guard;
/*
 * Fills g with up to max tests, left to right, and returns how many; *all is
 * true when they are every term of the expression's `and` (so together they
 * decide it).
 */
size_t cr_expr_guards(const cr_expr *e, const cr_schema *s, cr_guard *g, size_t max, bool *all);
/*
 * What of e is left to test once the guards cr_expr_guards(e, s, ..., max)
 * gives have passed: the one term of its top-level `and` that is not among
 * them, or e itself when there are several (or none, or no guards). When
 * every guard passes, e holds exactly when the term returned holds.
 */
const cr_expr *cr_expr_rest(const cr_expr *e, const cr_schema *s, size_t max);
/* Whether `x cmp y` holds, exactly as the condition language compares two numbers. */
static inline bool cr_guard_compare(enum cr_guard_cmp cmp, double x, double y)
{
	int c = (x > y) - (x < y);
	switch (cmp) {
	case CR_CMP_EQ: return c == 0;
	case CR_CMP_NE: return c != 0;
	case CR_CMP_LT: return c < 0;
	case CR_CMP_LE: return c <= 0;
	case CR_CMP_GT: return c > 0;
	default: return c >= 0;
	}
}
/* Whether the expression is the literal `true` (a rule that fires for everyone), so never worth evaluating. */
bool cr_expr_is_true(const cr_expr *e);
/* Calls fn for every fact the expression reads (for kb check and sampling). */
void cr_expr_facts(const cr_expr *e, void (*fn)(int fact, void *ctx), void *ctx);
/* Calls fn for every literal (number or 'word') the expression holds, list items included. */
void cr_expr_literals(const cr_expr *e, void (*fn)(const cr_value *lit, void *ctx), void *ctx);
/*
 * How far a BOOL expression is from holding for these facts: 0 when it holds,
 * more the further the facts are from values that would make it hold. Each
 * comparison of numbers adds gap / (gap + 1); an unmet choice, an unanswered
 * fact or a false constant adds 1; `and` adds its sides, `or` takes the nearer.
 * kb check's search follows it to answers that make a condition hold.
 */
double cr_expr_distance(const cr_expr *e, const cr_value *facts);

#endif
