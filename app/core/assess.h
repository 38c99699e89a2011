/*
 * assess.h - turns answers into a result: dimensions, score, reasons, advice.
 *
 * The score is exactly the sum of the effects of the rules that fire
 * (the three core rules carry the dimensions; the rest carry context),
 * clamped to 0-100, so every point can be traced to a rule and its sources.
 * See docs/methodology.md for the method and its evidence.
 *
 * Ownership: a cr_result points into the knowledge base (rules,
 * recommendations, roles, occupations) and must not outlive it; strings it
 * made itself are freed by cr_result_free().
 */
#ifndef CR_ASSESS_H
#define CR_ASSESS_H

#include "answers.h"
#include "diag.h"
#include "kb.h"

/*
 * The scoring model's version, stored with every result so that comparing two
 * sessions can say when the model, not the answers, changed the score.
 * 1: routineness, AI use and specialisation (results before it was stored).
 * 2: adds exposure to AI from task-level data (issue 16).
 */
#define CR_MODEL_VERSION 2

/* Which limits scaled a rule's effect (cr_fired.limits). */
enum {
	CR_LIMIT_THEME = 1u << 0,      /* its theme's total went beyond the theme's bounds (model.yaml themes) */
	CR_LIMIT_PROTECTION = 1u << 1, /* protective themes together passed max_protection of the core's points */
};

typedef struct cr_fired {
	const cr_rule *rule;
	double nominal;  /* the rule's own score */
	double effect;   /* points it adds to the score once the limits are applied */
	unsigned limits; /* CR_LIMIT_* bits: the limits that made effect differ from nominal */
} cr_fired;

typedef struct cr_advice {
	const cr_rec *rec;
	const cr_rule *because; /* the first rule that recommended it */
	double weight;          /* ranking key: impact, effort and the rule's weight */
	int priority;           /* 1 = do first */
	int serves_goal;        /* index into the result's goals of the goal it serves, or -1 */
	/*
	 * False when every rule recommending it always fires (the core rules):
	 * done or not, the next assessment calls for it again, so it cannot be
	 * credited and is not added to a profile's action plan.
	 */
	bool creditable;
} cr_advice;

typedef struct cr_transition {
	const cr_role *role;
	int fit;              /* percent of the role's skills the person has; -1 when skills unknown */
	bool from_match;      /* the person's occupation is a usual way in */
	const char **add;     /* skill ids to add (owned array, kb strings) */
	size_t nadd;
	int serves_goal;      /* index into the result's goals of the goal it serves, or -1 */
} cr_transition;

typedef struct cr_sensitivity {
	char *change;         /* "using AI tools every working day"; owned */
	const char *question; /* the question it changes */
	int score_after;
	int delta;
} cr_sensitivity;

typedef struct cr_flag {
	const char *id;       /* stable id of the consistency check */
	const char *text;     /* static sentence */
} cr_flag;

/* Why a fact the score uses is not known (cr_missing.why). */
enum cr_missing_why {
	CR_MISS_SKIPPED,   /* the person skipped the question */
	CR_MISS_OMITTED,   /* the questionnaire asks it but the answers do not say */
	CR_MISS_NOT_ASKED, /* this questionnaire does not ask it */
};

/* A fact the score uses that the answers leave unknown; it widens the range by `width` (see range_missing). */
typedef struct cr_missing {
	const char *id;   /* the question that asks it (in some questionnaire); kb string */
	int width;        /* how far it can move the score, in points */
	enum cr_missing_why why;
} cr_missing;

/* One of the person's tasks as the exposure dimension saw it. */
typedef struct cr_task_time {
	const cr_occ_task *task; /* in the occupation's main list (kb) */
	int level;               /* the person's answer (index of cr_task_time_ids); -1 when not asked */
} cr_task_time;

#define CR_MAX_GOALS 6 /* goal phrases read from one answer */

typedef struct cr_result {
	const cr_kb *kb;
	const cr_questionnaire *q;
	int score, range_lo, range_hi;
	const char *band;
	double raw;           /* the sum before clamping */
	int routineness, ai_usage, specialization;
	int exposure;         /* 0-100: share of working time on tasks AI can do or speed up (model 2) */
	const cr_occupation *occ;
	/*
	 * The occupation's main tasks, in its order, with the person's time on
	 * each when the tasks question was answered (tasks_own): what the outputs
	 * name as the most and least exposed tasks. Empty without an occupation.
	 */
	cr_task_time *tasks;     size_t ntasks;
	bool tasks_own;
	const cr_sector *sector;
	const cr_region *region;
	int answered, skipped;
	cr_fired *fired;         size_t nfired;
	cr_advice *advice;       size_t nadvice;
	cr_transition *trans;    size_t ntrans;
	cr_sensitivity *sens;    size_t nsens;
	cr_flag *flags;          size_t nflags;
	unsigned warnings;       /* bit (1 << cr_warning) for each warning raised */
	/*
	 * Answers given to questions that would not have been asked under the
	 * other answers (their ask_if does not hold, e.g. ai_depth when AI is never
	 * used): not counted, and listed so the output can say so.
	 */
	const cr_question **unasked; size_t nunasked;
	/*
	 * The range's half-width, in parts: range_base for what no questionnaire
	 * sees, range_missing for the facts the score uses that are unknown
	 * (missing[], combined as independent errors: the square root of the sum
	 * of their squared widths), range_flags for the inconsistencies (5 each).
	 * range_half is their sum, at most 25.
	 */
	cr_missing *missing;     size_t nmissing;
	int range_base, range_missing, range_flags, range_half;
	/*
	 * The person's four-step plan (the seeds' steps: try AI this week; map
	 * tasks and oversee their automation; build a niche where the domain meets
	 * AI; retrain early or move): for step s+1, the index in advice[] of the
	 * person's first recommendation tagged with that step, or -1 when none.
	 */
	int plan[4];
	/*
	 * The person's goals (the free-text `goals` answer cut into phrases at
	 * sentence ends, semicolons and commas), printed back with the
	 * advice that serves each (cr_advice.serves_goal). The phrases live in
	 * goal_text: the result's own (freed by cr_result_free) or a plan's buffer.
	 */
	const char *goals[CR_MAX_GOALS];
	size_t ngoals;
	char *goal_text;
} cr_result;

/*
 * The person's tasks by exposure, for the outputs' "most and least exposed
 * tasks": most (true) lists tasks with some exposure, the most exposed first
 * (E1 before E2; then more of the person's time, then a higher automation
 * level); least lists the E0 and E2 tasks not among the three most exposed,
 * the least exposed first. Tasks the person gives no time are left out.
 * Fills out[] with up to max pointers into r->tasks; returns how many.
 */
size_t cr_result_ranked_tasks(const cr_result *r, bool most, const cr_task_time **out, size_t max);
/*
 * A sentence or two that puts the first recommendation to the person's own
 * tasks ("Your task 'Translate messages...' is one AI already does: ..."),
 * or NULL without tasks. Caller frees.
 */
char *cr_task_note(const cr_result *r);
/* A task's statement cut at a word to about max bytes, with "..." when cut. Caller frees. */
char *cr_task_short(const char *text, size_t max);

/* The goal an item serves (cr_advice.serves_goal, cr_transition.serves_goal), or NULL. */
const char *cr_result_goal(const cr_result *r, int serves_goal);

/* The seeds' four steps, as headings for the plan (index 0 is step 1). */
extern const char *const cr_plan_steps[4];

enum { CR_ASSESS_NO_SENSITIVITY = 1u << 0 };

/* Assesses a set of answers. Fails only when no occupation or task mix can anchor the result. */
enum cr_status cr_assess(const cr_kb *kb, const cr_answers *as, unsigned flags, cr_result **out, cr_diags *d);
void cr_result_free(cr_result *r);

/*
 * A prepared assessment of many answer sets to one questionnaire (the HR
 * batch). It keeps only the rules that can fire given the questions the
 * questionnaire asks (a rule that needs an answer to a question it does not
 * ask can never fire), so each assessment evaluates fewer. Results are the
 * same as cr_assess() gives. The plan points into kb.
 */
typedef struct cr_assess_plan cr_assess_plan;
cr_assess_plan *cr_assess_plan_new(const cr_kb *kb, const cr_questionnaire *q);
void cr_assess_plan_free(cr_assess_plan *p);
/* How many rules the plan evaluates. */
size_t cr_assess_plan_rules(const cr_assess_plan *p);
enum cr_status cr_assess_planned(const cr_assess_plan *p, const cr_answers *as, unsigned flags, cr_result **out,
				 cr_diags *d);
/*
 * The same without allocating: the result lives in the plan's buffers and is
 * valid until the next call (never cr_result_free() it). No sensitivity list.
 */
const cr_result *cr_assess_plan_run(cr_assess_plan *p, const cr_answers *as);
/*
 * A result whose rules gave a score that is not a finite number (an overflow,
 * a division by zero: a fault of the knowledge base that kb check finds) must
 * never be shown or stored as if it were 0 or "-nan": CR_EFAIL with a
 * diagnostic naming the rule, else CR_OK. cr_assess and cr_assess_planned
 * check it themselves; a caller of cr_assess_plan_run calls it.
 */
enum cr_status cr_result_check(const cr_result *r, cr_diags *d);
/*
 * From now on cr_assess_plan_run() keeps only the first n recommendations
 * (the same ones, in the same order, as a full ranking; 0: all of them), for
 * callers that show only the first few: ranking all of them costs more than
 * the rest of an assessment.
 */
void cr_assess_plan_keep_advice(cr_assess_plan *p, size_t n);

/*
 * Why the range is as wide as it is, as one plain sentence ("The likely range
 * is 10 points either way: 5 for what no questionnaire can see; ..."), with
 * counts of missing answers, not question ids. Caller frees.
 */
char *cr_range_describe(const cr_result *r);
/*
 * The limits that scaled a fired rule's effect, in plain words, as the end of
 * a phrase that follows its own score ("-4 on its own; less here because
 * reasons about the employer count only so far together"), or NULL when none
 * did. Caller frees.
 */
char *cr_fired_limit_describe(const cr_fired *f);
/*
 * A fired rule's reason in the person's own terms: its {sector.figure},
 * {region.figures} and the other cr_reason_fields replaced by the figures of
 * the person's own sector and region, each with its sources named. Caller frees.
 */
char *cr_fired_reason(const cr_result *r, const cr_fired *f);
/* Indexes into r->fired, largest absolute effect first (ties in firing order). Caller frees. */
size_t *cr_fired_order_new(const cr_result *r);

/* What to do when no growing role is within reach (the result's transitions are empty). */
extern const char *const cr_no_transition_text;

/* One sentence per known mistake, indexed by enum cr_warning (index 0 is NULL). */
extern const char *const cr_warning_text[4];

/* The band a score falls in. */
const char *cr_band_of(const cr_kb *kb, double score);

/*
 * Answers a typical worker in an occupation would give (for the catalogue's
 * baseline): the occupation, its typical task mix and nothing else, in the
 * questionnaire q. Caller frees with cr_answers_free().
 */
cr_answers *cr_baseline_answers(const cr_kb *kb, const cr_questionnaire *q, const cr_occupation *occ);

/*
 * Fills facts[kb->schema.n] as the rules see them: the answers' facts and
 * every derived fact (dimensions, occupation, sector and region figures).
 * For kb check, which searches for answers that make each rule fire.
 */
void cr_assess_facts(const cr_kb *kb, const cr_answers *as, cr_value *facts);

#endif
