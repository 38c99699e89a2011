/*
 * progress.h - a person's assessments over time: sessions, the action plan,
 * counsellor notes, credits, and what changed between two results.
 *
 * These are plain data: the store fills them from the database and the
 * renderers format them, so the core stays free of SQLite and terminals.
 * A stored result is read back as a cr_snapshot (the JSON the engine wrote
 * when the session was scored), never re-computed, so a report of an old
 * session says what was said then, whatever the knowledge base says now.
 *
 * Ownership: a cr_progress, cr_profiles, cr_snapshot or cr_comparison owns
 * every string and array in it (one arena each); free each with its _free
 * function, which accepts NULL. A cr_comparison points into the two
 * snapshots it compares and must not outlive them.
 */
#ifndef CR_PROGRESS_H
#define CR_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "kb.h"

#define CR_MAX_NOTE 4000        /* bytes in one counsellor note */
#define CR_MAX_PROFILE_NAME 100 /* characters (code points) in a profile name */

/* One stored answer, as the store keeps it (canonical JSON of the answer). */
typedef struct cr_answer_row {
	const char *question, *json, *answered_at;
} cr_answer_row;

/* One assessment of a profile. */
typedef struct cr_session_info {
	int64_t id;              /* the database's id (unique across profiles) */
	int num;                 /* 1, 2, 3... within the profile: what people type */
	const char *status;      /* open, done or cancelled */
	const char *questionnaire, *kb_version;
	const char *started_at, *finished_at; /* ISO 8601 UTC; finished_at NULL unless done */
	bool scored;             /* score and the fields below are set */
	int score, range_lo, range_hi, routineness, ai_usage, specialization;
	int exposure;            /* -1 when the stored result predates the exposure dimension */
	int model;               /* the scoring model's version (CR_MODEL_VERSION) it was scored under; 1 before it was stored */
	const char *band;
	const char *result_json; /* the full result as stored; NULL unless scored */
	cr_answer_row *answers;
	size_t nanswers;
} cr_session_info;

enum cr_item_status { CR_ITEM_TODO, CR_ITEM_DOING, CR_ITEM_DONE, CR_ITEM_DROPPED };
extern const char *const cr_item_status_ids[4];
/* Parses "todo", "doing", "done" or "dropped"; false otherwise. */
bool cr_item_status_parse(const char *s, enum cr_item_status *out);

/*
 * Where a plan item comes from: a recommendation the answers call for (a new
 * assessment says whether they still do), one every assessment gives whatever
 * the answers (no answer can show it done, so it is never credited), or one
 * the counsellor typed (`plan add`).
 */
enum cr_item_kind { CR_KIND_ANSWERS, CR_KIND_ALWAYS, CR_KIND_CUSTOM };
extern const char *const cr_item_kind_ids[3];
bool cr_item_kind_parse(const char *s, enum cr_item_kind *out);
#define CR_MAX_ITEM_TITLE 200 /* bytes in a custom plan item's text */

/* One item of the action plan, from a recommendation or typed by the counsellor. */
typedef struct cr_plan_item {
	int num;                 /* 1, 2, 3... within the profile */
	enum cr_item_kind kind;  /* a custom item's rec_id is "custom:NUM" */
	const char *rec_id, *title, *horizon;
	int priority;            /* in the newest session that recommended it */
	enum cr_item_status status;
	const char *created_at, *started_at, *done_at, *dropped_at; /* NULL when not reached */
	int first_session, last_session; /* session numbers; 0 when unknown */
	bool current;            /* recommended by the newest scored session */
} cr_plan_item;

typedef struct cr_note {
	int64_t id;
	int num;                 /* 1, 2, 3... within the profile, kept when others are deleted */
	int session;             /* session number */
	const char *created_at, *body;
} cr_note;

/* A re-assessment's credit for an item done before it. */
typedef struct cr_credit {
	int session;             /* the session number that credited it */
	int item;                /* the plan item's number */
	bool still_recommended;  /* the new answers still call for it */
} cr_credit;

/* Everything held about one profile. Sessions oldest first; items by number. */
typedef struct cr_progress {
	cr_arena arena;
	const char *profile, *created_at;
	cr_session_info *sessions; size_t nsessions;
	cr_plan_item *items;       size_t nitems;
	cr_note *notes;            size_t nnotes;
	cr_credit *credits;        size_t ncredits;
	const char **tags;         size_t ntags; /* the profile's tags, sorted (strings in arena) */
} cr_progress;

cr_progress *cr_progress_new(const char *profile, const char *created_at);
void cr_progress_free(cr_progress *p);
/* Appends a zeroed entry and returns it (strings go in p->arena). */
cr_session_info *cr_progress_add_session(cr_progress *p);
cr_answer_row *cr_progress_add_answer(cr_progress *p, cr_session_info *s);
cr_plan_item *cr_progress_add_item(cr_progress *p);
cr_note *cr_progress_add_note(cr_progress *p);
cr_credit *cr_progress_add_credit(cr_progress *p);
/* Appends an arena copy of tag to p->tags. */
void cr_progress_add_tag(cr_progress *p, const char *tag);
/* Arena copy of s (NULL stays NULL). */
const char *cr_progress_str(cr_progress *p, const char *s);

/* A session by number, or NULL. */
const cr_session_info *cr_progress_session(const cr_progress *p, int num);
/* The newest scored session, and the scored one before `s` (NULL when none). */
const cr_session_info *cr_progress_latest(const cr_progress *p);
const cr_session_info *cr_progress_previous(const cr_progress *p, const cr_session_info *s);
const cr_plan_item *cr_progress_item(const cr_progress *p, int num);
size_t cr_progress_scored(const cr_progress *p);
/* "up" (more exposed), "down", "same", or "new" when there is no earlier scored session. */
const char *cr_progress_trend(const cr_progress *p, const cr_session_info *s);

/* A profile in the list: its newest scored session and the trend since the one before. */
typedef struct cr_profile_info {
	const char *name, *created_at;
	int nsessions;           /* scored sessions */
	int last_num;            /* number of the newest scored session; 0 when none */
	const char *last_at;
	int last_score, prev_score; /* prev_score -1 when there is no earlier scored session */
	const char *last_band;
	int nitems_open, nitems_done;
} cr_profile_info;

typedef struct cr_profiles {
	cr_arena arena;
	cr_profile_info *v;
	size_t n;
} cr_profiles;
cr_profiles *cr_profiles_new(void);
cr_profile_info *cr_profiles_add(cr_profiles *l);
void cr_profiles_free(cr_profiles *l);

/* ---- stored results, read back ---- */

typedef struct cr_snap_rule {
	const char *id, *reason;
	double effect;
	cr_strs sources;
} cr_snap_rule;

typedef struct cr_snap_rec {
	const char *id, *title, *detail, *horizon, *effort, *because;
	const char *serves_goal; /* the person's goal it serves, as they wrote it; NULL for none (and in older results) */
	int priority, impact;
} cr_snap_rec;

/* One of the person's most or least exposed tasks (model 2 results; none in older ones). */
typedef struct cr_snap_task {
	const char *text, *exposure, *time; /* exposure "E0".."E2"; time NULL when the person was not asked */
} cr_snap_task;

/* A step of the four-step plan: the step's name and the recommendation chosen for it. */
typedef struct cr_snap_step {
	int step;                /* 1-4 */
	const char *title, *rec; /* rec: a recommendation id, looked up with cr_snapshot_rec */
} cr_snap_step;

typedef struct cr_snap_trans {
	const char *title, *summary;
	int months_lo, months_hi;
	int fit;                 /* -1 when skills were not asked */
	cr_strs add;
	int wage;                /* the role's median annual pay in US dollars (BLS OEWS); -1 when unknown */
} cr_snap_trans;

typedef struct cr_snap_sens {
	const char *change;
	int score_after, delta;
} cr_snap_sens;

typedef struct cr_snap_source {
	const char *id, *title, *publisher, *url;
	int year;
} cr_snap_source;

typedef struct cr_snapshot {
	cr_arena arena;
	int score, range_lo, range_hi;
	int routineness, ai_usage, specialization;
	int exposure;            /* -1 in a result stored before the exposure dimension (model 1) */
	int model;               /* CR_MODEL_VERSION it was scored under; 1 when the result does not say */
	int answered, skipped;
	const char *band, *questionnaire, *kb_version;
	const char *occ_code, *occ_title, *occ_outlook;   /* NULL when no occupation */
	int occ_wage;            /* the occupation's median annual pay in US dollars (BLS OEWS); -1 when unknown */
	const char *sector_title, *sector_outlook;        /* NULL when not given */
	const char *region_title, *region_outlook;
	cr_snap_rule *rules;     size_t nrules;
	cr_snap_rec *recs;       size_t nrecs;
	cr_snap_trans *trans;    size_t ntrans;
	cr_snap_sens *sens;      size_t nsens;
	cr_snap_step *steps;     size_t nsteps;   /* the four-step plan; none in older results */
	cr_snap_task *tasks_most; size_t ntasks_most;   /* the person's most exposed tasks; none before model 2 */
	cr_snap_task *tasks_least; size_t ntasks_least;
	bool tasks_own;          /* from the person's own task answers, not the occupation's list */
	const char *task_note;   /* the sentence that puts the first advice to the tasks; NULL when none */
	cr_snap_source *sources; size_t nsources;
	cr_strs warnings;        /* ids: waiting, hoarding, generic */
	cr_strs consistency;     /* sentences */
	cr_strs goals;           /* the person's goals, as written; none in older results */
} cr_snapshot;

#define CR_MAX_RESULT_JSON (4u << 20)

/*
 * Reads a result the engine wrote (cr_result_json). `name` names it in
 * messages ("session 3"). Fields the brief requires (score, band, range,
 * dimensions) must be there; the rest may be missing from older results.
 */
enum cr_status cr_snapshot_parse(const char *name, const char *json, cr_snapshot **out, cr_diags *d);
void cr_snapshot_free(cr_snapshot *s);
const cr_snap_rule *cr_snapshot_rule(const cr_snapshot *s, const char *id);
const cr_snap_rec *cr_snapshot_rec(const cr_snapshot *s, const char *id);

/* A rule present in both results whose effect changed, or in one only. */
typedef struct cr_rule_change {
	const char *id;
	double before, after;    /* 0 on the side where the rule did not fire */
	const cr_snap_rule *rule; /* the newer side's rule, or the older one's when it went */
} cr_rule_change;

/* What changed from result a (older) to result b (newer). */
typedef struct cr_comparison {
	int score, range_lo, range_hi, routineness, ai_usage, specialization; /* b minus a */
	int exposure;            /* b minus a; 0 when either does not know it */
	bool band_changed;
	cr_rule_change *came, *went, *changed;
	size_t ncame, nwent, nchanged;
	const cr_snap_rec **recs_came, **recs_went; /* recommendations only in b, only in a */
	size_t nrecs_came, nrecs_went;
	bool kb_changed;         /* the knowledge base differs: part of a change may be the evidence's */
	bool model_changed;      /* scored under different models: the score's difference is partly the model's, not the answers' */
	bool questionnaire_changed;
} cr_comparison;

/* Caller frees with cr_comparison_free(). */
cr_comparison *cr_compare(const cr_snapshot *a, const cr_snapshot *b);
void cr_comparison_free(cr_comparison *c);

#endif
