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
