/* expr.c - see expr.h. Grammar:
 *
 *   or      := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | cmp
 *   cmp     := sum (('=='|'!='|'<'|'<='|'>'|'>=') sum | ['not'] 'in' (list | fact))?
 *   sum     := product (('+'|'-') product)*
 *   product := unary (('*'|'/') unary)*
 *   unary   := '-' unary | primary
 *   primary := NUMBER | 'STRING' | 'true' | 'false' | FACT | FUNC '(' args ')'
 *            | '(' or ')' | '[' literal (',' literal)* ']'
 */
#include "expr.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum op {
	E_NUM, E_STR, E_BOOL, E_FACT, E_LIST,
	E_NEG, E_ADD, E_SUB, E_MUL, E_DIV,
	E_EQ, E_NE, E_LT, E_LE, E_GT, E_GE,
	E_AND, E_OR, E_NOT, E_IN, E_HAS,
	E_COUNT, E_ANSWERED, E_MIN, E_MAX,
};

/* Static types, checked at compile time. */
enum type { T_NUM, T_STR, T_BOOL, T_SET, T_LIST_STR, T_LIST_NUM };

/*
 * What cr_expr_holds may take for granted about a comparison's operands,
 * decided once when the expression is compiled (see classify) rather than
 * tested at every evaluation; SH_ANY makes no promise.
 */
enum shape {
	SH_ANY,
	SH_NUM_FACT_CONST, /* a number fact compared with a literal number (not NaN): `x >= 30` */
	SH_STR_FACT_LIT,   /* a word fact compared with a quoted word: `x == 'a'` */
	SH_NUM_NUM,        /* any two numbers compared: `a + b >= 50` */
	SH_FACT_IN_LIST,   /* a fact in a list of literals: `x in ['a', 'b']` */
	SH_FLAT,           /* arithmetic whose whole value is a chain of steps (struct flat): `-4 * exposure / 100` */
};

/*
 * 48 bytes, not 80: a row's assessment walks the conditions of some forty
 * rules and their recommendations, and with every node a cache line and a
 * quarter the walk alone overflowed the first-level cache from one row to the
 * next. So the kinds are bytes, and the fields only one kind of node has
 * share their room (a word is never a set bit nor a list).
 */
struct cr_expr {
	unsigned char op;    /* enum op */
	unsigned char type;  /* enum type */
	unsigned char shape; /* enum shape */
	union {
		unsigned char fold;  /* a node with two number operands: where each is read (see enum fold) */
		unsigned char nlits; /* SH_FACT_IN_LIST: the list's items, in lits */
	};
	int fact;            /* E_FACT, E_COUNT, E_ANSWERED, E_HAS */
	uint32_t nitems;     /* E_LIST (at most 64 items, parse_list); 0 for any other node */
	int opfact;          /* a folded operand's fact (FOLD_FACT), or SH_*_FACT_*'s fact, else -1 */
	double num;          /* E_NUM, E_BOOL; a folded operand's literal (FOLD_NUM), SH_NUM_FACT_CONST's */
	const cr_expr *a, *b;
	union {
		const char *str;       /* E_STR; SH_STR_FACT_LIT's literal */
		uint64_t mask;         /* E_HAS */
		const cr_expr **items; /* E_LIST */
		const struct lit *lits; /* SH_FACT_IN_LIST: the list's items' words and numbers */
		const struct flat *flat; /* SH_FLAT: the node's value as a chain of steps */
	};
};
_Static_assert(sizeof(struct cr_expr) <= 48, "an expression node stays small (see above)");

/*
 * Where a node with two number operands (arithmetic, a comparison of numbers)
 * reads each: from its child node as parsed, or, when the child is a literal
 * or a fact, from this node's own num or opfact, copied there by classify. A
 * row's conditions and scores are mostly a fact and a literal under one
 * operator, and reading three nodes for it (three cache lines when the rules
 * differ from row to row) was most of what a condition cost. Two bits per
 * operand: a's in bits 0-1, b's in bits 2-3.
 */
enum fold { FOLD_NODE = 0, FOLD_NUM = 1, FOLD_FACT = 2 };
#define FOLD_A(e) ((e)->fold & 3)
#define FOLD_B(e) ((e)->fold >> 2)

/* An item of a list, as SH_FACT_IN_LIST compares it: the item node's str and num, side by side. */
struct lit {
	const char *str;
	double num;
};

/*
 * A number expression in which each operation has a literal or a fact on
 * one side, whatever it has on the other (`0.18 * (100 - ai_usage) * exposure
 * / 100`, as the rules' scores and most of their arithmetic are), as a chain:
 * the innermost leaf, then each operation outwards with its leaf operand.
 * num_eval walks such a tree a call and two switches a node; a chain is one
 * loop, and it does the same operations on the same operands in the same
 * order, so the doubles are the same.
 */
#define FLAT_STEPS 6
enum flat_op { FLAT_LOAD, FLAT_ADD, FLAT_SUB, FLAT_MUL, FLAT_DIV, FLAT_MIN, FLAT_MAX_OP };
struct step {
	unsigned char op;  /* enum flat_op: FLAT_LOAD for the first step, the innermost leaf */
	bool rev;          /* the leaf is the left operand: `leaf op value so far` */
	bool is_fact;      /* the leaf is fact `fact` (a number, else the chain is null); else the literal num */
	int fact;          /* 0 for a literal, so that every step may read its slot */
	double num;
};
struct flat {
	size_t n;
	struct step s[FLAT_STEPS];
};

enum tok { K_END, K_NUM, K_STR, K_IDENT, K_LP, K_RP, K_LB, K_RB, K_COMMA, K_OP, K_BAD };

typedef struct parser {
	const char *text;
	size_t pos;        /* next character */
	enum tok tok;      /* current token */
	size_t tstart;     /* its start */
	size_t tlen;       /* its length */
	double tnum;
	const cr_schema *schema;
	cr_arena *arena;
	int depth;
	char *err;         /* first error, malloc'd */
	size_t errpos;
} parser;

static void fail(parser *p, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(parser *p, size_t at, const char *fmt, ...)
{
	if (p->err)
		return;
	va_list ap;
	va_start(ap, fmt);
	p->err = cr_xvprintf(fmt, ap);
	va_end(ap);
	p->errpos = at;
}

static bool tok_is(const parser *p, const char *s)
{
	return (p->tok == K_IDENT || p->tok == K_OP) && strlen(s) == p->tlen &&
	       memcmp(p->text + p->tstart, s, p->tlen) == 0;
}

static void next(parser *p)
{
	const char *t = p->text;
	while (t[p->pos] == ' ' || t[p->pos] == '\t' || t[p->pos] == '\n' || t[p->pos] == '\r')
		p->pos++;
	p->tstart = p->pos;
	char c = t[p->pos];
	if (!c) {
		p->tok = K_END;
		p->tlen = 0;
		return;
	}
	if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)t[p->pos + 1]))) {
		char *end;
		errno = 0;
		p->tnum = strtod(t + p->pos, &end);
		p->tok = (errno || !isfinite(p->tnum)) ? K_BAD : K_NUM;
		p->pos = (size_t)(end - t);
	} else if (isalpha((unsigned char)c) || c == '_') {
		while (isalnum((unsigned char)t[p->pos]) || t[p->pos] == '_' || t[p->pos] == '.')
			p->pos++;
		p->tok = K_IDENT;
	} else if (c == '\'') {
		p->pos++;
		while (t[p->pos] && t[p->pos] != '\'')
			p->pos++;
		if (!t[p->pos]) {
			fail(p, p->tstart, "a string is not closed with '");
			p->tok = K_BAD;
		} else {
			p->pos++;
			p->tok = K_STR;
		}
	} else if (strchr("()[],", c)) {
		p->pos++;
		p->tok = c == '(' ? K_LP : c == ')' ? K_RP : c == '[' ? K_LB : c == ']' ? K_RB : K_COMMA;
	} else if (strchr("=!<>", c)) {
		p->pos++;
		if (t[p->pos] == '=')
			p->pos++;
		p->tok = K_OP;
		if (p->pos - p->tstart == 1 && (c == '=' || c == '!')) {
			fail(p, p->tstart, "'%c' alone is not an operator (use == or !=)", c);
			p->tok = K_BAD;
		}
	} else if (strchr("+-*/", c)) {
		p->pos++;
		p->tok = K_OP;
	} else {
		fail(p, p->tstart, "unexpected character '%c'", c);
		p->tok = K_BAD;
	}
	p->tlen = p->pos - p->tstart;
}

static cr_expr *node(parser *p, enum op op, enum type type)
{
	cr_expr *e = cr_arena_alloc(p->arena, sizeof *e);
	e->op = op;
	e->type = type;
	e->fact = -1;
	e->opfact = -1;
	return e;
}

static const char *type_name(enum type t)
{
	switch (t) {
	case T_NUM: return "a number";
	case T_STR: return "a word";
	case T_BOOL: return "true/false";
	case T_SET: return "a multiple choice";
	case T_LIST_STR: return "a list of words";
	case T_LIST_NUM: return "a list of numbers";
	}
	return "?";
}

static cr_expr *parse_or(parser *p);

static const cr_expr *want_type(parser *p, const cr_expr *e, enum type t, size_t at)
{
	if (e && e->type != t)
		fail(p, at, "expected %s here, found %s", type_name(t), type_name(e->type));
	return e;
}

/* A string literal compared with a fact must be one of its choices. */
static void check_choice(parser *p, const cr_expr *fact, const cr_expr *lit, size_t at)
{
	if (!fact || !lit || fact->op != E_FACT || lit->op != E_STR)
		return;
	const cr_factdef *f = &p->schema->v[fact->fact];
	if (f->choices && cr_factdef_choice(f, lit->str) < 0) {
		cr_sb b = {0};
		for (size_t i = 0; i < f->nchoices && i < 12; i++)
			cr_sb_addf(&b, "%s%s", i ? ", " : "", f->choices[i]);
		fail(p, at, "'%s' is not a choice of %s (choices: %s%s)", lit->str, f->name,
		     b.s ? b.s : "", f->nchoices > 12 ? ", ..." : "");
		cr_sb_free(&b);
	}
}

static cr_expr *parse_list(parser *p)
{
	size_t at = p->tstart;
	next(p); /* [ */
	const cr_expr *items[64];
	size_t n = 0;
	enum type lt = T_LIST_STR;
	while (!p->err && p->tok != K_RB) {
		if (n == CR_ARRAY_LEN(items)) {
			fail(p, p->tstart, "a list may hold at most %zu items", CR_ARRAY_LEN(items));
			return NULL;
		}
		cr_expr *it;
		if (p->tok == K_STR) {
			it = node(p, E_STR, T_STR);
			it->str = cr_arena_strndup(p->arena, p->text + p->tstart + 1, p->tlen - 2);
		} else if (p->tok == K_NUM) {
			it = node(p, E_NUM, T_NUM);
			it->num = p->tnum;
		} else {
			fail(p, p->tstart, "a list holds 'quoted words' or numbers");
			return NULL;
		}
		enum type want = it->type == T_STR ? T_LIST_STR : T_LIST_NUM;
		if (n && want != lt) {
			fail(p, p->tstart, "a list mixes words and numbers");
			return NULL;
		}
		lt = want;
		items[n++] = it;
		next(p);
		if (p->tok == K_COMMA)
			next(p);
		else if (p->tok != K_RB)
			fail(p, p->tstart, "expected ',' or ']' in a list");
	}
	if (p->err)
		return NULL;
	if (!n) {
		fail(p, at, "an empty list never matches");
		return NULL;
	}
	next(p); /* ] */
	cr_expr *e = node(p, E_LIST, lt);
	e->items = cr_arena_alloc(p->arena, n * sizeof *e->items);
	memcpy(e->items, items, n * sizeof *items);
	e->nitems = (uint32_t)n;
	return e;
}

static cr_expr *parse_call(parser *p, const char *name, size_t at)
{
	next(p); /* ( */
	cr_expr *args[2] = {NULL, NULL};
	size_t nargs = 0;
	size_t argat[2] = {0, 0};
	while (!p->err && p->tok != K_RP) {
		if (nargs == 2) {
			fail(p, p->tstart, "too many arguments to %s()", name);
			return NULL;
		}
		argat[nargs] = p->tstart;
		args[nargs++] = parse_or(p);
		if (p->tok == K_COMMA)
			next(p);
		else if (p->tok != K_RP)
			fail(p, p->tstart, "expected ',' or ')'");
	}
	if (p->err)
		return NULL;
	next(p); /* ) */
	cr_expr *e;
	if (strcmp(name, "count") == 0 || strcmp(name, "answered") == 0) {
		bool count = name[0] == 'c';
		if (nargs != 1 || args[0]->op != E_FACT) {
			fail(p, at, "%s() takes one fact", name);
			return NULL;
		}
		if (count)
			want_type(p, args[0], T_SET, argat[0]);
		e = node(p, count ? E_COUNT : E_ANSWERED, count ? T_NUM : T_BOOL);
		e->fact = args[0]->fact;
	} else if (strcmp(name, "min") == 0 || strcmp(name, "max") == 0) {
		if (nargs != 2) {
			fail(p, at, "%s() takes two numbers", name);
			return NULL;
		}
		want_type(p, args[0], T_NUM, argat[0]);
		want_type(p, args[1], T_NUM, argat[1]);
		e = node(p, name[1] == 'i' ? E_MIN : E_MAX, T_NUM);
		e->a = args[0];
		e->b = args[1];
	} else {
		fail(p, at, "unknown function '%s' (functions: count, answered, min, max)", name);
		return NULL;
	}
	return e;
}

static cr_expr *parse_primary(parser *p)
{
	size_t at = p->tstart;
	cr_expr *e = NULL;
	switch (p->tok) {
	case K_NUM:
		e = node(p, E_NUM, T_NUM);
		e->num = p->tnum;
		next(p);
		return e;
	case K_STR:
		e = node(p, E_STR, T_STR);
		e->str = cr_arena_strndup(p->arena, p->text + p->tstart + 1, p->tlen - 2);
		next(p);
		return e;
	case K_LB:
		return parse_list(p);
	case K_LP:
		next(p);
		e = parse_or(p);
		if (!p->err && p->tok != K_RP)
			fail(p, p->tstart, "expected ')'");
		next(p);
		return e;
	case K_IDENT: {
		char name[128];
		if (p->tlen >= sizeof name) {
			fail(p, at, "a name is too long");
			return NULL;
		}
		memcpy(name, p->text + p->tstart, p->tlen);
		name[p->tlen] = '\0';
		next(p);
		if (strcmp(name, "true") == 0 || strcmp(name, "false") == 0) {
			e = node(p, E_BOOL, T_BOOL);
			e->num = name[0] == 't';
			return e;
		}
		if (p->tok == K_LP)
			return parse_call(p, name, at);
		int f = cr_schema_find(p->schema, name);
		if (f < 0) {
			/* Suggest the nearest fact: most unknown names are typos. */
			const char *best = NULL;
			int bestd = 4;
			for (size_t i = 0; i < p->schema->n; i++) {
				int d = cr_edit_distance(name, p->schema->v[i].name, 4);
				if (d < bestd) {
					bestd = d;
					best = p->schema->v[i].name;
				}
			}
			if (best)
				fail(p, at, "unknown fact '%s' (did you mean '%s'?)", name, best);
			else
				fail(p, at, "unknown fact '%s'", name);
			return NULL;
		}
		enum cr_ftype ft = p->schema->v[f].type;
		e = node(p, E_FACT, ft == CR_F_NUM ? T_NUM : ft == CR_F_STR ? T_STR : T_SET);
		e->fact = f;
		return e;
	}
	case K_END:
		fail(p, at, "the expression ends too early");
		return NULL;
	default:
		fail(p, at, "unexpected '%.*s'", (int)p->tlen, p->text + p->tstart);
		return NULL;
	}
}

static cr_expr *parse_unary(parser *p)
{
	if (++p->depth > CR_EXPR_MAX_DEPTH) {
		fail(p, p->tstart, "the expression is nested too deeply");
		return NULL;
	}
	cr_expr *e;
	if (tok_is(p, "-")) {
		size_t at = p->tstart;
		next(p);
		cr_expr *a = parse_unary(p);
		want_type(p, a, T_NUM, at);
		e = node(p, E_NEG, T_NUM);
		e->a = a;
	} else {
		e = parse_primary(p);
	}
	p->depth--;
	return p->err ? NULL : e;
}

static cr_expr *binary(parser *p, enum op op, enum type t, const cr_expr *a, const cr_expr *b)
{
	cr_expr *e = node(p, op, t);
	e->a = a;
	e->b = b;
	return e;
}

/* The value of a number expression that reads no fact (folded), in *v; false when it reads one. */
static bool constant(const cr_expr *e, double *v)
{
	double x, y;
	switch (e->op) {
	case E_NUM: *v = e->num; return true;
	case E_NEG: return constant(e->a, &x) && (*v = -x, true);
	case E_ADD: case E_SUB: case E_MUL: case E_DIV: case E_MIN: case E_MAX:
		if (!constant(e->a, &x) || !constant(e->b, &y))
			return false;
		*v = e->op == E_ADD ? x + y : e->op == E_SUB ? x - y : e->op == E_MUL ? x * y
		   : e->op == E_DIV ? (y == 0 ? NAN : x / y) : e->op == E_MIN ? fmin(x, y) : fmax(x, y);
		return true;
	default: return false;
	}
}

/*
 * The range a number expression can take, where the expression alone tells:
 * literals and count(x) (0 to x's number of choices), and sums, differences,
 * products, negations, min and max of those. A fact's value is not bounded by
 * the schema, so an expression reading one gives false (not known).
 */
static bool range_of(const parser *p, const cr_expr *e, double *lo, double *hi)
{
	double al, ah, bl, bh;
	switch (e->op) {
	case E_NUM: *lo = *hi = e->num; return true;
	case E_COUNT: *lo = 0, *hi = (double)p->schema->v[e->fact].nchoices; return true;
	case E_NEG:
		if (!range_of(p, e->a, &al, &ah))
			return false;
		*lo = -ah, *hi = -al;
		return true;
	case E_ADD: case E_SUB: case E_MUL: case E_MIN: case E_MAX:
		if (!range_of(p, e->a, &al, &ah) || !range_of(p, e->b, &bl, &bh))
			return false;
		if (e->op == E_ADD) {
			*lo = al + bl, *hi = ah + bh;
		} else if (e->op == E_SUB) {
			*lo = al - bh, *hi = ah - bl;
		} else if (e->op == E_MUL) {
			double c[4] = {al * bl, al * bh, ah * bl, ah * bh};
			*lo = fmin(fmin(c[0], c[1]), fmin(c[2], c[3]));
			*hi = fmax(fmax(c[0], c[1]), fmax(c[2], c[3]));
		} else if (e->op == E_MIN) {
			*lo = fmin(al, bl), *hi = fmin(ah, bh);
		} else {
			*lo = fmax(al, bl), *hi = fmax(ah, bh);
		}
		return true;
	default: return false;
	}
}

/*
 * Refuses at load what can only give a number that is not finite: a division
 * by a constant zero ("x / 0", "x / (2 - 2)") or by what can be zero as far
 * as the expression tells ("10 / count(ai_uses)"), and a constant part that
 * overflows ("1e308 * 10"). What depends on the answers ("data_entry * 1e308
 * * 1e308") is for kb check's search (kb_lint.c) and, at run time, an
 * internal error naming the rule (cr_result_nonfinite in assess.h).
 */
static void check_finite(parser *p, const cr_expr *e, size_t at, size_t bat)
{
	double v, lo, hi;
	if (e->op == E_DIV && constant(e->b, &v) && v == 0)
		fail(p, bat, "division by zero");
	else if (e->op == E_DIV && range_of(p, e->b, &lo, &hi) && lo <= 0 && hi >= 0)
		fail(p, bat, "division by zero: the divisor can be 0 (it ranges from %g to %g)", lo, hi);
	else if (constant(e, &v) && !isfinite(v))
		fail(p, at, "the number is too large: it is not finite (it overflows a double)");
}

static cr_expr *parse_product(parser *p)
{
	size_t at = p->tstart;
	cr_expr *e = parse_unary(p);
	while (!p->err && (tok_is(p, "*") || tok_is(p, "/"))) {
		enum op op = p->text[p->tstart] == '*' ? E_MUL : E_DIV;
		size_t bat = (next(p), p->tstart);
		cr_expr *b = parse_unary(p);
		want_type(p, e, T_NUM, at);
		want_type(p, b, T_NUM, bat);
		e = binary(p, op, T_NUM, e, b);
		if (!p->err)
			check_finite(p, e, at, bat);
	}
	return p->err ? NULL : e;
}

static cr_expr *parse_sum(parser *p)
{
	size_t at = p->tstart;
	cr_expr *e = parse_product(p);
	while (!p->err && (tok_is(p, "+") || tok_is(p, "-"))) {
		enum op op = p->text[p->tstart] == '+' ? E_ADD : E_SUB;
		size_t bat = (next(p), p->tstart);
		cr_expr *b = parse_product(p);
		want_type(p, e, T_NUM, at);
		want_type(p, b, T_NUM, bat);
		e = binary(p, op, T_NUM, e, b);
		if (!p->err)
			check_finite(p, e, at, bat); /* 1e308 + 1e308 */
	}
	return p->err ? NULL : e;
}

static cr_expr *parse_cmp(parser *p)
{
	size_t at = p->tstart;
	cr_expr *a = parse_sum(p);
	if (p->err)
		return NULL;
	static const struct { const char *s; enum op op; } ops[] = {
		{"==", E_EQ}, {"!=", E_NE}, {"<", E_LT}, {"<=", E_LE}, {">", E_GT}, {">=", E_GE},
	};
	for (size_t i = 0; i < CR_ARRAY_LEN(ops); i++) {
		if (!tok_is(p, ops[i].s))
			continue;
		size_t bat = (next(p), p->tstart);
		cr_expr *b = parse_sum(p);
		if (p->err)
			return NULL;
		if (ops[i].op == E_EQ || ops[i].op == E_NE) {
			if (a->type != b->type || (a->type != T_NUM && a->type != T_STR && a->type != T_BOOL))
				fail(p, bat, "cannot compare %s with %s", type_name(a->type), type_name(b->type));
			check_choice(p, a, b, bat);
			check_choice(p, b, a, at);
		} else {
			want_type(p, a, T_NUM, at);
			want_type(p, b, T_NUM, bat);
		}
		return p->err ? NULL : binary(p, ops[i].op, T_BOOL, a, b);
	}
	bool negate = false;
	size_t notat = p->tstart;
	if (tok_is(p, "not")) {
		negate = true;
		next(p);
		if (!tok_is(p, "in")) {
			fail(p, notat, "expected 'in' after 'not'");
			return NULL;
		}
	}
	if (!tok_is(p, "in"))
		return a;
	next(p);
	size_t bat = p->tstart;
	cr_expr *b = p->tok == K_LB ? parse_list(p) : parse_primary(p);
	if (p->err)
		return NULL;
	cr_expr *e;
	if (b->type == T_SET) {
		/* 'coding' in ai_uses: resolved to a bit of the set now. */
		if (a->op != E_STR) {
			fail(p, at, "only a 'quoted choice' can be tested against %s", type_name(b->type));
			return NULL;
		}
		const cr_factdef *f = &p->schema->v[b->fact];
		int bit = f->choices ? cr_factdef_choice(f, a->str) : -1;
		if (bit < 0) {
			check_choice(p, b, a, at);
			fail(p, at, "'%s' is not a choice of %s", a->str, f->name);
			return NULL;
		}
		e = node(p, E_HAS, T_BOOL);
		e->fact = b->fact;
		e->mask = (uint64_t)1 << bit;
	} else if ((b->type == T_LIST_STR && a->type == T_STR) ||
		   (b->type == T_LIST_NUM && a->type == T_NUM)) {
		for (size_t i = 0; i < b->nitems; i++)
			check_choice(p, a, b->items[i], bat);
		e = binary(p, E_IN, T_BOOL, a, b);
	} else {
		fail(p, bat, "cannot test %s in %s", type_name(a->type), type_name(b->type));
		return NULL;
	}
	if (p->err)
		return NULL;
	if (negate) {
		cr_expr *n = node(p, E_NOT, T_BOOL);
		n->a = e;
		e = n;
	}
	return e;
}

static cr_expr *parse_not(parser *p)
{
	if (++p->depth > CR_EXPR_MAX_DEPTH) {
		fail(p, p->tstart, "the expression is nested too deeply");
		return NULL;
	}
	cr_expr *e;
	if (tok_is(p, "not")) {
		size_t at = p->tstart;
		next(p);
		cr_expr *a = parse_not(p);
		want_type(p, a, T_BOOL, at);
		e = node(p, E_NOT, T_BOOL);
		e->a = a;
	} else {
		e = parse_cmp(p);
	}
	p->depth--;
	return p->err ? NULL : e;
}

static cr_expr *parse_and(parser *p)
{
	size_t at = p->tstart;
	cr_expr *e = parse_not(p);
	while (!p->err && tok_is(p, "and")) {
		size_t bat = (next(p), p->tstart);
		cr_expr *b = parse_not(p);
		want_type(p, e, T_BOOL, at);
		want_type(p, b, T_BOOL, bat);
		e = binary(p, E_AND, T_BOOL, e, b);
	}
	return p->err ? NULL : e;
}

static cr_expr *parse_or(parser *p)
{
	if (++p->depth > CR_EXPR_MAX_DEPTH) {
		fail(p, p->tstart, "the expression is nested too deeply");
		return NULL;
	}
	size_t at = p->tstart;
	cr_expr *e = parse_and(p);
	while (!p->err && tok_is(p, "or")) {
		size_t bat = (next(p), p->tstart);
		cr_expr *b = parse_and(p);
		want_type(p, e, T_BOOL, at);
		want_type(p, b, T_BOOL, bat);
		e = binary(p, E_OR, T_BOOL, e, b);
	}
	p->depth--;
	return p->err ? NULL : e;
}

/* How a node's number operand child is read once folded (see enum fold): claims e's slot for it when free. */
static unsigned fold_operand(cr_expr *e, const cr_expr *child)
{
	if (child->op == E_NUM && !(e->fold & 0x5)) {
		e->num = child->num;
		return FOLD_NUM;
	}
	if (child->op == E_FACT && !(e->fold & 0xA)) {
		e->opfact = child->fact;
		return FOLD_FACT;
	}
	return FOLD_NODE;
}

/* Whether e is a leaf of a chain (see struct flat): a literal, minus a literal, or a number fact, and which. */
static bool flat_leaf(const cr_expr *e, struct step *s)
{
	if (e->op == E_NUM)
		*s = (struct step){.num = e->num};
	else if (e->op == E_NEG && e->a->op == E_NUM)
		*s = (struct step){.num = -e->a->num}; /* num_eval's negation of the literal, done once */
	else if (e->op == E_FACT && e->type == T_NUM)
		*s = (struct step){.is_fact = true, .fact = e->fact};
	else
		return false;
	return true;
}

/* Appends e's chain to fl (see struct flat); false when e is not one or needs more than FLAT_STEPS steps. */
static bool flatten(const cr_expr *e, struct flat *fl)
{
	struct step leaf;
	if (fl->n == FLAT_STEPS)
		return false;
	if (flat_leaf(e, &leaf)) {
		fl->s[fl->n++] = leaf;
		return true;
	}
	static const unsigned char ops[] = {[E_ADD] = FLAT_ADD, [E_SUB] = FLAT_SUB, [E_MUL] = FLAT_MUL,
					    [E_DIV] = FLAT_DIV, [E_MIN] = FLAT_MIN, [E_MAX] = FLAT_MAX_OP};
	switch (e->op) {
	case E_ADD: case E_SUB: case E_MUL: case E_DIV: case E_MIN: case E_MAX:
		break;
	default:
		return false;
	}
	bool rev = !flat_leaf(e->b, &leaf);
	if (rev && !flat_leaf(e->a, &leaf))
		return false;
	if (!flatten(rev ? e->b : e->a, fl) || fl->n == FLAT_STEPS)
		return false;
	leaf.op = ops[e->op];
	leaf.rev = rev;
	fl->s[fl->n++] = leaf;
	return true;
}

/*
 * A word literal compared with fact f, as evaluation holds it: the schema's
 * own string for that choice when it is one, else the literal. The answers'
 * words are mostly the schema's strings, so str_cmp then decides a match by
 * pointer, and a mismatch reads choices that lie together rather than the
 * literal's copy in the arena as well.
 */
static const char *choice_word(const cr_schema *schema, int f, const char *lit)
{
	const cr_factdef *d = f >= 0 && (size_t)f < schema->n ? &schema->v[f] : NULL;
	int c = d && d->choices ? cr_factdef_choice(d, lit) : -1;
	return c >= 0 ? d->choices[c] : lit;
}

/*
 * Marks each comparison with its shape (see enum shape), so that evaluation
 * goes straight to the code for it, and copies the literal and fact operands
 * of the nodes evaluation reads into them (enum fold, struct lit), so that
 * evaluation reads the children only for what is not a leaf. The tree is
 * otherwise left as parsed: everything but evaluation walks the children.
 */
static void classify(cr_expr *e, const cr_schema *schema, cr_arena *arena)
{
	if (!e)
		return;
	classify((cr_expr *)e->a, schema, arena);
	classify((cr_expr *)e->b, schema, arena);
	switch (e->op) {
	case E_EQ: case E_NE: case E_LT: case E_LE: case E_GT: case E_GE:
		if (e->a->op == E_FACT && e->a->type == T_STR && e->b->op == E_STR) {
			e->shape = SH_STR_FACT_LIT;
			e->opfact = e->a->fact;
			e->str = choice_word(schema, e->opfact, e->b->str);
		} else if (e->a->op == E_FACT && e->a->type == T_NUM && e->b->op == E_NUM && !isnan(e->b->num)) {
			e->shape = SH_NUM_FACT_CONST;
			e->opfact = e->a->fact;
			e->num = e->b->num;
		} else if (e->a->type == T_NUM && e->b->type == T_NUM) {
			e->shape = SH_NUM_NUM;
			e->fold = (unsigned char)fold_operand(e, e->a);
			e->fold = (unsigned char)(e->fold | fold_operand(e, e->b) << 2);
		}
		break;
	case E_ADD: case E_SUB: case E_MUL: case E_DIV: case E_MIN: case E_MAX: {
		e->fold = (unsigned char)fold_operand(e, e->a);
		e->fold = (unsigned char)(e->fold | fold_operand(e, e->b) << 2);
		struct flat fl = {0};
		if (flatten(e, &fl)) {
			struct flat *copy = cr_arena_alloc(arena, sizeof *copy);
			*copy = fl;
			e->shape = SH_FLAT;
			e->flat = copy;
		}
		break;
	}
	case E_IN:
		if (e->a->op == E_FACT && e->b->op == E_LIST) {
			struct lit *l = cr_arena_alloc(arena, e->b->nitems * sizeof *l);
			for (size_t i = 0; i < e->b->nitems; i++)
				l[i] = (struct lit){e->b->items[i]->op == E_STR ? choice_word(schema, e->a->fact, e->b->items[i]->str)
										: e->b->items[i]->str,
						    e->b->items[i]->num};
			e->shape = SH_FACT_IN_LIST;
			e->opfact = e->a->fact;
			e->lits = l;
			e->nlits = (unsigned char)e->b->nitems;
		}
		break;
	default:
		break;
	}
}

cr_expr *cr_expr_compile(const char *text, const cr_schema *schema, cr_arena *a,
			 enum cr_expr_want want, char **err, int *errcol)
{
	parser p = {.text = text, .schema = schema, .arena = a};
	*err = NULL;
	*errcol = 0;
	if (strlen(text) > CR_EXPR_MAX_LEN) {
		*err = cr_xprintf("an expression may be at most %d characters", CR_EXPR_MAX_LEN);
		*errcol = 1;
		return NULL;
	}
	next(&p);
	cr_expr *e = p.err ? NULL : parse_or(&p);
	if (!p.err && p.tok != K_END)
		fail(&p, p.tstart, "unexpected '%.*s' after the end of the expression", (int)p.tlen,
		     text + p.tstart);
	if (!p.err && e) {
		enum type t = want == CR_WANT_BOOL ? T_BOOL : T_NUM;
		if (e->type != t)
			fail(&p, 0, "this must be %s, but it is %s", type_name(t), type_name(e->type));
	}
	if (p.err) {
		*err = p.err;
		*errcol = (int)p.errpos + 1;
		return NULL;
	}
	classify(e, schema, a);
	return e;
}

static const cr_value vnull = {.kind = CR_V_NULL};

static cr_value vbool(bool b)
{
	return (cr_value){.kind = CR_V_BOOL, .num = b};
}

/* strcmp, without the call when the first characters already differ (most choice ids do). */
static inline int str_cmp(const char *a, const char *b)
{
	if (a == b)
		return 0;
	if (*a != *b)
		return (unsigned char)*a - (unsigned char)*b;
	return strcmp(a, b);
}

cr_value cr_expr_eval(const cr_expr *e, const cr_value *facts)
{
	cr_value a, b;
	switch (e->op) {
	case E_NUM: return cr_vnum(e->num);
	case E_STR: return cr_vstr(e->str);
	case E_BOOL: return vbool(e->num != 0);
	case E_FACT: return facts[e->fact];
	case E_LIST: return vnull; /* only read through E_IN */
	case E_NEG:
		a = cr_expr_eval(e->a, facts);
		return a.kind == CR_V_NUM ? cr_vnum(-a.num) : vnull;
	case E_ADD: case E_SUB: case E_MUL: case E_DIV: case E_MIN: case E_MAX:
		a = cr_expr_eval(e->a, facts);
		b = cr_expr_eval(e->b, facts);
		if (a.kind != CR_V_NUM || b.kind != CR_V_NUM)
			return vnull;
		switch (e->op) {
		case E_ADD: return cr_vnum(a.num + b.num);
		case E_SUB: return cr_vnum(a.num - b.num);
		case E_MUL: return cr_vnum(a.num * b.num);
		/*
		 * Not a number, not null: an unanswered fact (null) adds nothing, but a
		 * division by zero is a fault of the rule, which the caller must see
		 * (cr_result_nonfinite), never a silent 0. A comparison with NaN is false.
		 */
		case E_DIV: return cr_vnum(b.num == 0 ? NAN : a.num / b.num);
		case E_MIN: return cr_vnum(isnan(a.num) || isnan(b.num) ? NAN : a.num < b.num ? a.num : b.num);
		default: return cr_vnum(isnan(a.num) || isnan(b.num) ? NAN : a.num > b.num ? a.num : b.num);
		}
	case E_EQ: case E_NE: case E_LT: case E_LE: case E_GT: case E_GE: {
		a = cr_expr_eval(e->a, facts);
		b = cr_expr_eval(e->b, facts);
		if (a.kind == CR_V_NULL || b.kind == CR_V_NULL || a.kind != b.kind)
			return vbool(false); /* a comparison with an unanswered fact is false */
		if (a.kind == CR_V_NUM && (isnan(a.num) || isnan(b.num)))
			return vbool(false); /* and with a division by zero */
		int c;
		if (a.kind == CR_V_STR)
			c = str_cmp(a.str, b.str);
		else
			c = (a.num > b.num) - (a.num < b.num);
		switch (e->op) {
		case E_EQ: return vbool(c == 0);
		case E_NE: return vbool(c != 0);
		case E_LT: return vbool(c < 0);
		case E_LE: return vbool(c <= 0);
		case E_GT: return vbool(c > 0);
		default: return vbool(c >= 0);
		}
	}
	case E_AND:
		return vbool(cr_expr_holds(e->a, facts) && cr_expr_holds(e->b, facts));
	case E_OR:
		return vbool(cr_expr_holds(e->a, facts) || cr_expr_holds(e->b, facts));
	case E_NOT:
		return vbool(!cr_expr_holds(e->a, facts));
	case E_IN:
		a = cr_expr_eval(e->a, facts);
		if (a.kind == CR_V_NULL)
			return vbool(false);
		for (size_t i = 0; i < e->b->nitems; i++) {
			const cr_expr *it = e->b->items[i];
			if (a.kind == CR_V_STR ? str_cmp(a.str, it->str) == 0 : a.num == it->num)
				return vbool(true);
		}
		return vbool(false);
	case E_HAS:
		a = facts[e->fact];
		return vbool(a.kind == CR_V_SET && (a.bits & e->mask));
	case E_COUNT:
		a = facts[e->fact];
		return a.kind == CR_V_SET ? cr_vnum(cr_popcount64(a.bits)) : vnull;
	case E_ANSWERED:
		return vbool(facts[e->fact].kind != CR_V_NULL);
	}
	return vnull;
}

/* Whether comparison `op` holds for an ordering result c (<0, 0, >0). */
static bool cmp_holds(enum op op, int c)
{
	switch (op) {
	case E_EQ: return c == 0;
	case E_NE: return c != 0;
	case E_LT: return c < 0;
	case E_LE: return c <= 0;
	case E_GT: return c > 0;
	default: return c >= 0;
	}
}

/*
 * The value of an expression that cr_expr_eval would give as a number: true
 * and *out (NaN after a division by zero, as there), or false where it gives
 * anything else (null: an unanswered fact, or an operation on one). The
 * arithmetic is cr_expr_eval's, operation for operation, so the doubles are
 * the same; but no cr_value is built and returned at each node, which made
 * the rules' score expressions a tenth of the cost of a batch row.
 */
static bool num_eval(const cr_expr *e, const cr_value *facts, double *out);

/*
 * num_eval of an SH_FLAT node, from its chain (see struct flat): the same
 * operations, in a loop. Whether a fact is null is gathered without a branch
 * (each step reads its fact's slot, fact 0's for a literal) and looked at once.
 */
static bool flat_eval(const struct flat *fl, const cr_value *facts, double *out)
{
	const struct step *s = &fl->s[0];
	bool ok = (facts[s->fact].kind == CR_V_NUM) | !s->is_fact; /* an operation on null is null */
	double v = s->is_fact ? facts[s->fact].num : s->num;
	for (size_t i = 1; i < fl->n; i++) {
		s = &fl->s[i];
		ok &= (facts[s->fact].kind == CR_V_NUM) | !s->is_fact;
		const double pick[2] = {s->num, facts[s->fact].num}; /* by index: a branch here was mispredicted */
		double x = pick[s->is_fact];
		double a = s->rev ? x : v, b = s->rev ? v : x;
		/* num_eval's arithmetic, case for case */
		if (s->op == FLAT_MUL)
			v = a * b;
		else if (s->op == FLAT_DIV)
			v = b == 0 ? NAN : a / b;
		else if (s->op == FLAT_ADD)
			v = a + b;
		else if (s->op == FLAT_SUB)
			v = a - b;
		else if (s->op == FLAT_MIN)
			v = isnan(a) || isnan(b) ? NAN : a < b ? a : b;
		else
			v = isnan(a) || isnan(b) ? NAN : a > b ? a : b;
	}
	*out = v;
	return ok;
}

/*
 * num_eval for an operand: a literal or a fact is read in place, anything
 * else goes through num_eval. Most operands are leaves, and a call for each
 * was half the cost of a score expression.
 */
static inline __attribute__((always_inline)) bool num_operand(const cr_expr *e, const cr_value *facts, double *out)
{
	if (e->op == E_NUM) {
		*out = e->num;
		return true;
	}
	if (e->op == E_FACT) {
		if (facts[e->fact].kind != CR_V_NUM)
			return false;
		*out = facts[e->fact].num;
		return true;
	}
	if (e->shape == SH_FLAT)
		return flat_eval(e->flat, facts, out);
	return num_eval(e, facts, out);
}

/*
 * num_operand for one of e's two operands, `child`, which `fold` (FOLD_A or
 * FOLD_B of e) says where to read: the literal or fact classify copied into e,
 * so that the child node is not read at all, or the child.
 */
static inline __attribute__((always_inline)) bool folded_operand(const cr_expr *e, unsigned fold, const cr_expr *child,
								  const cr_value *facts, double *out)
{
	if (fold == FOLD_NUM) {
		*out = e->num;
		return true;
	}
	if (fold == FOLD_FACT) {
		if (facts[e->opfact].kind != CR_V_NUM)
			return false;
		*out = facts[e->opfact].num;
		return true;
	}
	return num_operand(child, facts, out);
}

static bool num_eval(const cr_expr *e, const cr_value *facts, double *out)
{
	double a, b;
	switch (e->op) {
	case E_NUM:
		*out = e->num;
		return true;
	case E_FACT:
		if (facts[e->fact].kind != CR_V_NUM)
			return false;
		*out = facts[e->fact].num;
		return true;
	case E_NEG:
		if (!num_operand(e->a, facts, &a))
			return false;
		*out = -a;
		return true;
	case E_ADD: case E_SUB: case E_MUL: case E_DIV: case E_MIN: case E_MAX:
		if (!folded_operand(e, FOLD_A(e), e->a, facts, &a) || !folded_operand(e, FOLD_B(e), e->b, facts, &b))
			return false;
		switch (e->op) {
		case E_ADD: *out = a + b; break;
		case E_SUB: *out = a - b; break;
		case E_MUL: *out = a * b; break;
		case E_DIV: *out = b == 0 ? NAN : a / b; break;
		case E_MIN: *out = isnan(a) || isnan(b) ? NAN : a < b ? a : b; break;
		default: *out = isnan(a) || isnan(b) ? NAN : a > b ? a : b; break;
		}
		return true;
	case E_COUNT:
		if (facts[e->fact].kind != CR_V_SET)
			return false;
		*out = cr_popcount64(facts[e->fact].bits);
		return true;
	default: {
		cr_value v = cr_expr_eval(e, facts);
		if (v.kind != CR_V_NUM)
			return false;
		*out = v.num;
		return true;
	}
	}
}

/*
 * The verdict of a comparison or test that is not an and, or, not: inlined
 * into cr_expr_holds, which calls it for the leaves of a condition without a
 * call of its own. The shapes rules are made of (a fact compared with a
 * literal or a number, `in`, a choice ticked) are decided here without
 * building values; anything else goes through cr_expr_eval(). Both give the
 * same answer for every input: null is false in a comparison.
 */
static inline __attribute__((always_inline)) bool leaf_holds(const cr_expr *e, const cr_value *facts)
{
	switch (e->shape) {
	case SH_NUM_FACT_CONST: {
		/* as SH_NUM_NUM, with the literal known not NaN; the fact and the literal copied into e */
		const cr_value *a = &facts[e->opfact];
		if (a->kind != CR_V_NUM || isnan(a->num))
			return false;
		double x = a->num, y = e->num;
		return cmp_holds(e->op, (x > y) - (x < y));
	}
	case SH_STR_FACT_LIT: {
		const cr_value *a = &facts[e->opfact];
		return a->kind == CR_V_STR && cmp_holds(e->op, str_cmp(a->str, e->str));
	}
	case SH_NUM_NUM: {
		/* each side a number and not NaN (which no comparison holds for), a's first */
		double x, y;
		return folded_operand(e, FOLD_A(e), e->a, facts, &x) && !isnan(x) &&
		       folded_operand(e, FOLD_B(e), e->b, facts, &y) && !isnan(y) && cmp_holds(e->op, (x > y) - (x < y));
	}
	case SH_FACT_IN_LIST: {
		const cr_value *a = &facts[e->opfact];
		if (a->kind == CR_V_NULL)
			return false;
		for (size_t i = 0; i < e->nlits; i++) {
			const struct lit *it = &e->lits[i];
			if (a->kind == CR_V_STR ? str_cmp(a->str, it->str) == 0 : a->num == it->num)
				return true;
		}
		return false;
	}
	default:
		break;
	}
	switch (e->op) {
	case E_BOOL:
		return e->num != 0;
	case E_ANSWERED:
		return facts[e->fact].kind != CR_V_NULL;
	case E_HAS: {
		const cr_value *a = &facts[e->fact];
		return a->kind == CR_V_SET && (a->bits & e->mask);
	}
	default: {
		cr_value v = cr_expr_eval(e, facts);
		return v.kind == CR_V_BOOL && v.num != 0;
	}
	}
}

static inline bool is_connective(const cr_expr *e)
{
	return e->op == E_AND || e->op == E_OR || e->op == E_NOT;
}

/*
 * The verdict of a condition: null counts as false. `and`, `or` and `not`
 * are walked in a loop, carrying whether the verdict is to be negated
 * (not (a and b) is decided as and's verdict, negated), with a call only for
 * an operand of `and`/`or` that is itself a connective; everything else is
 * leaf_holds, inline. Operands are evaluated in the same order and with the
 * same short cuts as the plain recursion (a and b: b only when a holds).
 */
bool cr_expr_holds(const cr_expr *e, const cr_value *facts)
{
	bool neg = false; /* the verdict wanted is !holds(e) */
	for (;;) {
		switch (e->op) {
		case E_AND: {
			bool a = is_connective(e->a) ? cr_expr_holds(e->a, facts) : leaf_holds(e->a, facts);
			if (!a)
				return neg; /* false, or negated */
			e = e->b;
			continue;
		}
		case E_OR: {
			bool a = is_connective(e->a) ? cr_expr_holds(e->a, facts) : leaf_holds(e->a, facts);
			if (a)
				return !neg;
			e = e->b;
			continue;
		}
		case E_NOT:
			neg = !neg;
			e = e->a;
			continue;
		default:
			return leaf_holds(e, facts) != neg;
		}
	}
}

bool cr_expr_is_true(const cr_expr *e)
{
	return e && e->op == E_BOOL && e->num != 0;
}

double cr_expr_number(const cr_expr *e, const cr_value *facts)
{
	double v;
	return (e->shape == SH_FLAT ? flat_eval(e->flat, facts, &v) : num_eval(e, facts, &v)) ? v : 0;
}

/* True when e is null whenever every fact f with !live[f] is null. */
static bool always_null(const cr_expr *e, const bool *live)
{
	switch (e->op) {
	case E_FACT:
	case E_COUNT:
		return !live[e->fact];
	case E_NEG:
		return always_null(e->a, live);
	case E_ADD: case E_SUB: case E_MUL: case E_DIV: case E_MIN: case E_MAX:
		return always_null(e->a, live) || always_null(e->b, live);
	default:
		return false;
	}
}

bool cr_expr_never(const cr_expr *e, const bool *live)
{
	switch (e->op) {
	case E_BOOL:
		return e->num == 0;
	case E_AND:
		return cr_expr_never(e->a, live) || cr_expr_never(e->b, live);
	case E_OR:
		return cr_expr_never(e->a, live) && cr_expr_never(e->b, live);
	case E_EQ: case E_NE: case E_LT: case E_LE: case E_GT: case E_GE:
		return always_null(e->a, live) || always_null(e->b, live);
	case E_IN:
		return always_null(e->a, live);
	case E_HAS:
	case E_ANSWERED:
		return !live[e->fact];
	default:
		return false; /* `not` and anything else: it may hold */
	}
}

/* The choices of a multiple-choice fact an `or` of `'a' in x` terms asks for; false unless it is one. */
static bool ticked_any(const cr_expr *e, int *fact, uint64_t *mask)
{
	if (e->op == E_HAS) {
		if (*fact >= 0 && *fact != e->fact)
			return false;
		*fact = e->fact;
		*mask |= e->mask;
		return true;
	}
	return e->op == E_OR && ticked_any(e->a, fact, mask) && ticked_any(e->b, fact, mask);
}

static const enum cr_guard_cmp guard_cmps[] = {[E_EQ] = CR_CMP_EQ, [E_NE] = CR_CMP_NE, [E_LT] = CR_CMP_LT,
					       [E_LE] = CR_CMP_LE, [E_GT] = CR_CMP_GT, [E_GE] = CR_CMP_GE};

/* Whether e (not an `and`) is a fact compared with constants, and its test. */
static bool guard_term(const cr_expr *e, const cr_schema *s, cr_guard *g)
{
	switch (e->op) {
	case E_OR: {
		int fact = -1;
		uint64_t mask = 0;
		if (!ticked_any(e, &fact, &mask))
			return false;
		*g = (cr_guard){.kind = CR_GUARD_TICKED, .fact = fact, .mask = mask};
		return true;
	}
	case E_ANSWERED:
		*g = (cr_guard){.kind = CR_GUARD_ANSWERED, .fact = e->fact};
		return true;
	case E_HAS:
		*g = (cr_guard){.kind = CR_GUARD_TICKED, .fact = e->fact, .mask = e->mask};
		return true;
	case E_NE: case E_LT: case E_LE: case E_GT: case E_GE:
	case E_EQ:
		if (e->a->op == E_FACT && e->a->type == T_NUM && e->b->op == E_NUM) {
			*g = (cr_guard){.kind = CR_GUARD_NUMBER, .fact = e->a->fact, .cmp = guard_cmps[e->op], .value = e->b->num};
			return true;
		}
		if (e->a->op == E_COUNT && e->b->op == E_NUM) {
			*g = (cr_guard){.kind = CR_GUARD_COUNT, .fact = e->a->fact, .cmp = guard_cmps[e->op], .value = e->b->num};
			return true;
		}
		if (e->a->op == E_FACT && e->a->type == T_STR && e->b->op == E_STR && !s->v[e->a->fact].choices &&
		    (e->op == E_EQ || e->op == E_NE)) {
			/* a text fact with no list of choices (occupation.group == '43'): compared as text */
			*g = (cr_guard){.kind = CR_GUARD_TEXT, .fact = e->a->fact, .cmp = guard_cmps[e->op], .text = e->b->str};
			return true;
		}
		if (e->op != E_EQ)
			return false;
		/* fall through - a choice compared with one literal */
	case E_IN: {
		if (e->a->op != E_FACT || e->a->type != T_STR)
			return false;
		if (e->op == E_EQ ? e->b->op != E_STR : e->b->op != E_LIST)
			return false;
		const cr_factdef *f = &s->v[e->a->fact];
		if (!f->choices || f->nchoices > 64)
			return false;
		uint64_t m = 0;
		const cr_expr *const *items = e->op == E_EQ ? &e->b : e->b->items;
		size_t n = e->op == E_EQ ? 1 : e->b->nitems;
		for (size_t i = 0; i < n; i++) {
			int c = items[i]->op == E_STR ? cr_factdef_choice(f, items[i]->str) : -1;
			if (c < 0)
				return false;
			m |= (uint64_t)1 << c;
		}
		*g = (cr_guard){.kind = CR_GUARD_CHOICE, .fact = e->a->fact, .mask = m};
		return true;
	}
	default:
		return false;
	}
}

static void collect_guards(const cr_expr *e, const cr_schema *s, cr_guard *g, size_t max, size_t *n, bool *all)
{
	if (e->op == E_AND) {
		collect_guards(e->a, s, g, max, n, all);
		collect_guards(e->b, s, g, max, n, all);
		return;
	}
	cr_guard t;
	if (*n < max && guard_term(e, s, &t))
		g[(*n)++] = t;
	else
		*all = false;
}

size_t cr_expr_guards(const cr_expr *e, const cr_schema *s, cr_guard *g, size_t max, bool *all)
{
	size_t n = 0;
	*all = true;
	collect_guards(e, s, g, max, &n, all);
	if (!n)
		*all = false;
	return n;
}

/* Counts the terms of e's top-level `and` that collect_guards (with the same max) leaves out, keeping the last in *rest. */
static void rest_terms(const cr_expr *e, const cr_schema *s, size_t max, size_t *nguards, size_t *nrest,
		       const cr_expr **rest)
{
	if (e->op == E_AND) {
		rest_terms(e->a, s, max, nguards, nrest, rest);
		rest_terms(e->b, s, max, nguards, nrest, rest);
		return;
	}
	cr_guard t;
	if (*nguards < max && guard_term(e, s, &t)) {
		(*nguards)++;
	} else {
		(*nrest)++;
		*rest = e;
	}
}

const cr_expr *cr_expr_rest(const cr_expr *e, const cr_schema *s, size_t max)
{
	size_t nguards = 0, nrest = 0;
	const cr_expr *rest = e;
	rest_terms(e, s, max, &nguards, &nrest, &rest);
	return nguards && nrest == 1 ? rest : e;
}

void cr_expr_facts(const cr_expr *e, void (*fn)(int fact, void *ctx), void *ctx)
{
	if (!e)
		return;
	if (e->fact >= 0)
		fn(e->fact, ctx);
	cr_expr_facts(e->a, fn, ctx);
	cr_expr_facts(e->b, fn, ctx);
	for (size_t i = 0; i < e->nitems; i++)
		cr_expr_facts(e->items[i], fn, ctx);
}

void cr_expr_literals(const cr_expr *e, void (*fn)(const cr_value *lit, void *ctx), void *ctx)
{
	if (!e)
		return;
	if (e->op == E_NUM || e->op == E_STR) {
		cr_value v = e->op == E_NUM ? cr_vnum(e->num) : cr_vstr(e->str);
		fn(&v, ctx);
	}
	cr_expr_literals(e->a, fn, ctx);
	cr_expr_literals(e->b, fn, ctx);
	for (size_t i = 0; i < e->nitems; i++)
		cr_expr_literals(e->items[i], fn, ctx);
}

/*
 * Distance to true (*dt) and to false (*df) of a BOOL expression, in the
 * style of search-based test generation ("branch distance"): `not` swaps the
 * two, so a condition such as "not (data_entry >= 50)" is steered as well.
 */
static double gap(double g)
{
	return g <= 0 ? 0 : g / (g + 1);
}

static void distance(const cr_expr *e, const cr_value *facts, double *dt, double *df)
{
	double at, af, bt, bf;
	switch (e->op) {
	case E_AND:
		distance(e->a, facts, &at, &af);
		distance(e->b, facts, &bt, &bf);
		*dt = at + bt;
		*df = af < bf ? af : bf;
		return;
	case E_OR:
		distance(e->a, facts, &at, &af);
		distance(e->b, facts, &bt, &bf);
		*dt = at < bt ? at : bt;
		*df = af + bf;
		return;
	case E_NOT:
		distance(e->a, facts, df, dt);
		return;
	case E_EQ: case E_NE: case E_LT: case E_LE: case E_GT: case E_GE: {
		cr_value a = cr_expr_eval(e->a, facts), b = cr_expr_eval(e->b, facts);
		bool holds = cr_expr_holds(e, facts);
		if (a.kind != CR_V_NUM || b.kind != CR_V_NUM || isnan(a.num) || isnan(b.num)) {
			*dt = holds ? 0 : 1;
			*df = holds ? 1 : 0;
			return;
		}
		/* t, f: how far a would have to move to make it hold, or fail; eps steps past equality */
		const double eps = 0.01;
		double d = a.num - b.num, t, f;
		switch (e->op) {
		case E_EQ: t = fabs(d); f = eps; break;
		case E_NE: t = eps; f = fabs(d); break;
		case E_LT: t = d + eps; f = -d; break;
		case E_LE: t = d; f = -d + eps; break;
		case E_GT: t = -d + eps; f = d; break;
		default: t = -d; f = d + eps; break;
		}
		*dt = holds ? 0 : gap(fmax(t, eps));
		*df = holds ? gap(fmax(f, eps)) : 0;
		return;
	}
	default: {
		bool holds = cr_expr_holds(e, facts);
		*dt = holds ? 0 : 1;
		*df = holds ? 1 : 0;
		return;
	}
	}
}

double cr_expr_distance(const cr_expr *e, const cr_value *facts)
{
	double dt, df;
	distance(e, facts, &dt, &df);
	return dt;
}
