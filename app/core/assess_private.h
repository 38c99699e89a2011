/*
 * assess_private.h - what the three parts of the assessment share, and no one else.
 *
 * The assessment is one computation in three files, split by responsibility:
 *   assess.c       the engine: dimensions, facts, rules, score, band, range,
 *                  consistency checks; cr_assess() and the result's own helpers;
 *   advice.c       what to do about it: ranked recommendations, the four-step
 *                  plan, reachable growing roles, the changes that would move the
 *                  score most (sensitivity), and the person's tasks put to advice;
 *   assess_plan.c  the prepared assessment for many answer sets (cr_assess_plan_*):
 *                  the rules a questionnaire can fire, their guards and index,
 *                  and buffers reused from one answer set to the next.
 * The engine calls into advice.c once the score is known; the plan calls the
 * engine with its rule set and buffers. This header is included by those three
 * files only: the rest of career-risk sees assess.h.
 */
#ifndef CR_ASSESS_PRIVATE_H
#define CR_ASSESS_PRIVATE_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "assess.h"
#include "expr.h"

/* strcmp(a, b) == 0, without the call when the first characters already differ. */
static inline bool same(const char *a, const char *b)
{
	return a[0] == b[0] && strcmp(a, b) == 0;
}

/*
 * (int)lround(x), without the call for |x| < 1e9 (every score, dimension and
 * range a row rounds): i is then trunc(x), and x - i its fraction exactly (no
 * rounding: for |x| >= 1, Sterbenz's lemma; below, i is 0), which lround
 * rounds away from zero from a half on. NaN and anything larger go to lround
 * as before.
 */
static inline int cr_round_int(double x)
{
	if (!(x > -1e9 && x < 1e9))
		return (int)lround(x);
	int i = (int)x;
	double f = x - i;
	return i + (f >= 0.5) - (f <= -0.5);
}

/* The value of fact `index` (from kb->derived), or null when no questionnaire asks it. */
static inline const cr_value *fact(const cr_value *facts, int index)
{
	static const cr_value null_value = {.kind = CR_V_NULL};
	return index >= 0 ? &facts[index] : &null_value;
}

/*
 * Where one assessment's arrays live: on the heap, in a result the caller
 * frees with cr_result_free(); or in a plan's buffers, reused from one
 * assessment to the next (cr_assess_plan_run), so a batch allocates nothing
 * per row. Either way the same code fills them.
 */
#define OCC_SEEN 256

typedef struct bufs {
	cr_value *facts;          /* schema.n + 1 */
	cr_fired *fired;          /* nrules + 1 */
	cr_advice *advice;        /* every recommendation of every rule */
	cr_transition *trans;     /* nroles + 1 */
	const char **adds;        /* the transitions kept, times the most skills a role has */
	size_t max_role_skills;
	cr_flag *flags;           /* CR_MAX_FLAGS */
	int *rec_slot;            /* per kb recommendation: its place in advice + 1, or 0 (kept all zero between uses) */
	uint64_t *occ_from;       /* per occupation: bit r set when it is a usual way into role r (nroles <= 64) */
	uint64_t *role_mask;      /* per role: its skills as bits of the skills fact; 0 when not all map (count them) */
	int *role_fit;            /* per role, per number of its skills held (0..n): the fit percentage */
	struct { const char *code; const cr_occupation *occ; } occ_seen[OCC_SEEN]; /* codes looked up, by address */
	const cr_sector **occ_sector; /* per occupation: its sector (when occ_sector_known) */
	int *rec_rank;            /* per recommendation: its place among the ids in strcmp order */
	uint8_t *rule_always;     /* per rule: its condition is `true` (cr_rule_always_fires), decided once:
				     comparing each fired rule's text every row read forty cold strings a row */
	int *role_rank;           /* per role: likewise */
	struct advice_tab *adv;   /* advice.c's compact tables for the walks of recommendations and roles; NULL: walk the kb's */
	size_t keep_advice;       /* 0: rank every recommendation; else only the first keep_advice are kept */
	uint8_t *occ_sector_known;
	size_t *role_fit_at;      /* per role: where its row of role_fit starts */
	uint8_t *occ_from_known;  /* per occupation: occ_from computed */
	const cr_question **unasked; /* questionnaire's nquestions */
	cr_task_time tasks[CR_MAX_OCC_TASKS];
	cr_missing *missing;      /* schema.n */
	char goal_text[CR_MAX_TEXT_ANSWER + 1]; /* the result's goals (cr_result.goal_text must not be freed) */
	/*
	 * Looked up once per questionnaire rather than once per answer set (each
	 * lookup compares question ids): for the questionnaire `looked_up`, the
	 * index of its `goals` question (-1: none), and per fact (schema.n) the
	 * first question asking it (-1: none). Reset when another questionnaire's
	 * answers come (cr_assess_plan_run takes them too).
	 */
	const cr_questionnaire *looked_up;
	long goals_qi;
	long *fact_qi;
	int expertise_bit;        /* the skills fact's "domain-expertise" choice, or -1 (fixed by the plan) */
	const struct inputs *in;  /* the plan's: each fact's width for the range */
	cr_result res;
} bufs;

#define CR_MAX_FLAGS 8
#define KEEP_TRANSITIONS 5

/* ---- what the score reads, for the range ------------------------------------ */

/*
 * Each fact a person can be asked, with how far it can move the score when it
 * is unknown (its width, in points; 0 when nothing that scores reads it) and
 * the question that asks it. The inputs of the three dimensions carry their
 * weight in the core (the task split and the occupation 6, as the typical
 * profile that stands in is only a guess; AI frequency 4, half the AI-use
 * dimension; data entry 3; the other components 2); any other fact the largest
 * number of points a rule reading it gives (a rule that reads the sector's
 * outlook reads the sector), at most 6. Facts only zero-point rules read (the
 * consistency checks, ai_worry...) widen nothing.
 */
typedef struct inputs {
	unsigned char *w;     /* per schema fact */
	const char **qid;     /* per schema fact: the question asking it, first fact of a split only */
	int *wide;            /* the facts whose w is not 0, ascending (a few of the schema's): what find_missing walks */
	size_t nwide;
} inputs;

/*
 * A rule's guard (see cr_expr_guard): when it fails, the rule cannot fire and
 * is not evaluated. For a choice fact, `slot` says where run_rules() keeps the
 * bit of its value for this assessment.
 */
typedef struct guard {
	cr_guard g;
	int slot;      /* CR_GUARD_CHOICE: index into the values' bits */
	bool indexed;  /* the plan's index already applies it (see ruleset): not tested again */
} guard;

#define MAX_GUARD_FACTS 64
#define MAX_RULE_GUARDS 4

/* A rule a plan evaluates, with its guards, kept together in the order of the knowledge base. */
typedef struct planned {
	/* first the fields fire_planned reads for every candidate, so that most rules cost it one cache line */
	const cr_rule *rule;
	unsigned char ng;     /* guards in gd */
	bool whole;           /* the guards are the whole condition: when they pass, the rule fires */
	bool unindexed;       /* some guard in gd is not `indexed`, so fire_planned tests it (most rules have none) */
	guard gd[MAX_RULE_GUARDS];
} planned;

/*
 * What run_rules reads of a planned rule for each candidate the index leaves,
 * 32 bytes, two to a cache line, in an array beside the planned entries (same
 * order): with rows that differ, each row's forty candidates were each a line
 * of their planned entry (guards inline, some 200 bytes) and one or two of
 * their cr_rule, evicted by the row before. The planned entry is read only for
 * a rule with a guard the index does not apply, and cr_rule not at all.
 */
typedef struct hot_rule {
	const cr_expr *when;  /* what of the condition its guards leave (the term of its `and` that is not one, else all
				 of it: see rest_of in assess_plan.c); NULL when they are the whole of it (it fires once they pass) */
	const cr_expr *score; /* NULL: score_const */
	double score_const;
	uint32_t rule;        /* its index in kb->rules */
	uint16_t theme;       /* its theme's index in kb->themes; HOT_NO_THEME: read rule->theme */
	uint8_t unindexed;    /* the planned entry's `unindexed`: its guards are to be tested */
	uint8_t warning;      /* the rule's enum cr_warning */
} hot_rule;
_Static_assert(sizeof(hot_rule) == 32, "two hot rules to a cache line");
#define HOT_NO_THEME UINT16_MAX

/*
 * The most live rules a plan indexes, in 64-rule words: the index costs a row
 * of this many words per value of every fact guards read, and run_rules ANDs
 * the rows in a stack array of this size. A plan with more live rules has no
 * index (ruleset.index NULL) and tests each rule's guards in turn.
 */
#define MAX_INDEX_WORDS 16

/* The rules to evaluate: every rule of the knowledge base, or those a plan kept (see cr_assess_plan_new). */
typedef struct ruleset {
	const planned *v;     /* NULL: every rule of the knowledge base, unguarded */
	size_t n;
	const hot_rule *hot;  /* with v: per entry of v, what the candidate loop reads (see hot_rule) */
	const int *gfacts;    /* the choice facts guards read */
	size_t ngfacts;
	/*
	 * The choices of each of gfacts (the schema's pointers), copied end to
	 * end: gfact g's are gchoices[gchoice_at[g]] on, up to gchoice_at[g + 1].
	 * A row finds its value among them in a few lines of the plan's rather
	 * than each fact's schema entry and choice array, scattered through the
	 * knowledge base. Set whenever ngfacts is (only a plan has guards).
	 */
	const char *const *gchoices;
	const size_t *gchoice_at;
	const struct choicehash *gchash; /* per gfact: where to look first for its value's pointer (see choicehash) */
	/*
	 * For each choice fact guards read and each of its values (and one more
	 * for none): the rules whose choice guards that value passes, as bits in
	 * nwords words. ANDed over the facts, they leave the rules worth a look.
	 * NULL: no index (check every rule's guards).
	 */
	const uint64_t *index;
	const uint64_t *eval;   /* with index: the rules with something to test once indexed (hot_rule.unindexed or .when) */
	const size_t *index_at; /* per fact: where its rows start in index */
	size_t nwords;
	/*
	 * The same for the number facts guards compare with constants: the
	 * constants cut the number line into intervals (below the first, equal to
	 * it, between it and the next...; then "not a number" and NaN), and every
	 * value of one interval passes the same guards. A row per interval.
	 */
	const struct numslot *nums;
	size_t nnums;
	/*
	 * And for the multiple-choice facts guards test for a ticked choice
	 * ('a' in x): a row per choice (the rules whose guard names it) and one
	 * for the rules with no such guard on the fact; a row is ORed in for each
	 * choice ticked, so a rule passes when any choice its guard names is.
	 */
	const struct tickslot *ticks;
	size_t nticks;
} ruleset;

/*
 * Where a choice fact's value is likely to be among its choices, found from
 * the value's pointer: a row's words are mostly the schema's own strings, and
 * looking for the pointer down the list mispredicted its way out of the loop
 * at a different place for each fact of each row. Choice slot[(p >> shift) &
 * 63] is the first whose pointer hashes there (0 when none does): a guess,
 * checked against the list, so a miss (another string, or two pointers in
 * one slot) only falls back to the search.
 */
typedef struct choicehash {
	unsigned char shift;
	unsigned char slot[64];
} choicehash;

typedef struct tickslot {
	int fact;
	uint64_t any;   /* the choices some indexed guard on the fact names: no other ticked choice adds a rule */
	size_t at;      /* where its rows start in the plan's index: choice c's at row c, the others' at row 64 */
} tickslot;

#define MAX_THRESHOLDS 24
#define NUM_SMALL 100 /* whole numbers 0..NUM_SMALL have their interval in numslot.small */
typedef struct numslot {
	int fact;
	size_t n;                       /* thresholds, ascending */
	double t[MAX_THRESHOLDS];
	size_t at;                      /* where its rows start in the plan's index */
	/*
	 * The interval of each whole number 0..NUM_SMALL, worked out once: most
	 * numbers guards compare are answers of that kind (a percentage of the
	 * week, hours, years, a 1-5 scale), and a row's value then costs one read,
	 * not a search that stopped at a different threshold for each row's value.
	 */
	unsigned char small[NUM_SMALL + 1];
} numslot;
_Static_assert(2 * MAX_THRESHOLDS + 2 <= 255, "an interval's number fits numslot.small");

/* The interval of the number line the number x (not NaN) falls in, for ns (see ruleset), by search. */
static inline size_t number_interval(const numslot *ns, double x)
{
	for (size_t i = 0; i < ns->n; i++) {
		if (x < ns->t[i])
			return 2 * i;
		if (x == ns->t[i])
			return 2 * i + 1;
	}
	return 2 * ns->n;
}

/*
 * The assessment itself: answers in, result out, over the rules in rs. With b,
 * the result and its arrays live in b (a plan's buffers) and the caller never
 * frees it; without, it is the caller's to cr_result_free().
 */
cr_result *cr_assess_with(const cr_kb *kb, const ruleset *rs, const cr_answers *as, unsigned flags, bufs *b);
/* *out, or NULL with CR_EFAIL when a rule's score was not finite (cr_result_check); frees *out then. */
enum cr_status cr_assess_checked(cr_result **out, cr_diags *d);
/* Each fact's width for the range (see inputs); cr_inputs_free() releases. */
void cr_inputs_init(const cr_kb *kb, inputs *in);
void cr_inputs_free(inputs *in);
/* The score of a set of answers alone, for sensitivity; facts and scratch are the caller's buffers. */
int cr_assess_quick_score(const cr_kb *kb, const ruleset *rs, const cr_answers *as, cr_value *facts, cr_fired *scratch);

/* assess_plan.c: fills b's per-questionnaire lookups (see bufs) for q, unless they are q's already. */
void cr_bufs_look_up(bufs *b, const cr_kb *kb, const cr_questionnaire *q);

/* advice.c: filled once the rules have fired (res->fired, res->score). */
void cr_advice_build(const cr_value *facts, const cr_answers *as, cr_result *res, bufs *b);
/* Whether a rule's condition is `true`: it fires for everyone (the core rules), so it credits no advice. */
bool cr_rule_always_fires(const cr_rule *r);
void cr_transitions_build(const cr_kb *kb, const cr_value *facts, cr_result *res, const bufs *b);
/*
 * advice.c: what the walks of the recommendations and roles read of kb, laid
 * out for a plan from b's tables (its ranks, role masks and fits, filled
 * first); NULL when kb is too large for its small fields. Owned by the
 * caller: cr_advice_tab_free().
 */
struct advice_tab *cr_advice_tab_new(const cr_kb *kb, const bufs *b);
void cr_advice_tab_free(struct advice_tab *t);
void cr_sensitivity_build(const cr_kb *kb, const ruleset *rs, const cr_answers *as, cr_result *res, cr_value *facts);

#endif
