/*
 * store.h - the local SQLite profile database.
 *
 * The store knows SQLite and the schema (profiles/schema/, migrated through
 * PRAGMA user_version); it stores answers and results as text the core
 * produced and knows nothing of scoring. Every value goes through a bound
 * parameter. Errors come back as CR_ESTORE diagnostics that say what to do.
 */
#ifndef CR_STORE_H
#define CR_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/diag.h"
#include "../core/progress.h"

typedef struct cr_store cr_store;

/* The schema version this build writes (the number of migrations). */
int cr_store_schema_version(void);

/*
 * Opens (creating when missing) the database at path. The folder is created
 * 0700 and the file 0600 before SQLite opens it; an existing folder or file
 * that others can read is refused. A database from a newer version is refused.
 */
enum cr_status cr_store_open(const char *path, cr_store **out, cr_diags *d);
void cr_store_close(cr_store *s);

/*
 * Waiting for another writer. A process that wants to write while another
 * holds the lock waits CR_STORE_BUSY_TIMEOUT_MS, then fails with "database is
 * locked"; unless a busy function is given, which decides instead: from the
 * first moment of a wait, about every 100 ms, the store calls fn(ctx, waited)
 * with the milliseconds waited so far, and keeps waiting while it returns
 * true. The function is the face's: it says so to the person and knows when
 * to stop (a bound, or Ctrl-C); the store itself never prints. The same
 * function serves cr_store_open (schema checks and upgrades wait too).
 */
#define CR_STORE_BUSY_TIMEOUT_MS 5000
typedef bool (*cr_store_busy_fn)(void *ctx, long long waited_ms);
enum cr_status cr_store_open_busy(const char *path, cr_store_busy_fn fn, void *ctx, cr_store **out, cr_diags *d);

/*
 * A database career-risk may read but not write (file mode 0400, a read-only
 * folder or mount) is opened read-only: every read works, and every write
 * fails with "the database is read-only" (CR_ESTORE). cr_store_writable gives
 * that refusal up front, for a command that should refuse before it starts
 * (an assessment, before its first question). The schema of such a database
 * cannot be upgraded, so one older than this version's is refused as well.
 */
bool cr_store_readonly(const cr_store *s);
enum cr_status cr_store_writable(cr_store *s, cr_diags *d);

/*
 * For a command that creates the database only when it first has something to
 * save (assess, at its first answer), but must refuse a place it could not
 * write before it starts: whether cr_store_open could create a database at
 * path, checked without creating anything, its folders included. The
 * database's folder, when it exists, must be a safe one (as cr_store_open
 * requires) that this process may write; else the nearest folder that exists
 * must take the missing ones. The refusals read as cr_store_open's would.
 */
enum cr_status cr_store_creatable(const char *path, cr_diags *d);

/* ---- `career-risk doctor` ---------------------------------------------------- */

enum cr_check_level {
	CR_CHECK_OK,      /* as it should be */
	CR_CHECK_NOTE,    /* worth knowing; nothing to do, or nothing urgent */
	CR_CHECK_PROBLEM, /* career-risk refuses or may lose data until it is fixed */
};

typedef struct cr_check {
	enum cr_check_level level;
	char *what; /* one sentence: what was found (owned) */
	char *fix;  /* what to do about it, or NULL (owned) */
} cr_check;

typedef struct cr_checks {
	cr_check *v;
	size_t n, cap;
} cr_checks;
void cr_checks_free(cr_checks *c);

/*
 * Examines the database at path without changing it: the folder's and the
 * files' owners and permissions, the journal files beside it, that it is a
 * career-risk database of a schema this build can use, PRAGMA integrity_check
 * and foreign_key_check, unfinished sessions, and intake cohorts a batch left
 * unfinished. Findings go to *out, each with what to do. Returns CR_ENOTFOUND (and no findings) when there is no
 * file at path, else CR_OK: problems are findings, not errors.
 */
enum cr_status cr_store_check(const char *path, cr_checks *out, cr_diags *d);

/*
 * Groups the writes that follow into one transaction, so that all of them are
 * saved or none is (a crash or a full disk in between leaves no half-written
 * session). cr_store_rollback does nothing when no transaction is open.
 */
enum cr_status cr_store_begin(cr_store *s, cr_diags *d);
enum cr_status cr_store_commit(cr_store *s, cr_diags *d);
void cr_store_rollback(cr_store *s);

/*
 * The id of a profile; created when `create` and missing, else CR_ENOTFOUND.
 * A name `profile create` would refuse (empty, too long, control characters)
 * is CR_EUSAGE with the same message, whether looked up or created.
 */
enum cr_status cr_store_profile(cr_store *s, const char *name, bool create, int64_t *id, cr_diags *d);
/*
 * Whether a profile of that name exists (its id in *id when id is not NULL).
 * *ret is CR_OK unless the name is refused (cr_store_check_name) or the look-up
 * itself failed (then false, and a diagnostic).
 */
bool cr_store_profile_find(cr_store *s, const char *name, int64_t *id, enum cr_status *ret, cr_diags *d);
/*
 * Refuses, as a usage error, a name no profile may have: empty, longer than
 * CR_MAX_PROFILE_NAME characters, not UTF-8, or holding control characters.
 * Every look-up and creation of a profile goes through it, so `--profile NAME`
 * is held to the same rules as `profile create`; a command that creates the
 * profile later (assess, at its first answer) asks it first.
 */
enum cr_status cr_store_check_name(const char *name, cr_diags *d);

enum cr_status cr_store_session_begin(cr_store *s, int64_t profile, const char *questionnaire,
				      const char *kb_version, int64_t *session, cr_diags *d);
/* Saves (or replaces) one answer; committed before it returns. */
enum cr_status cr_store_answer_put(cr_store *s, int64_t session, const char *question, const char *json,
				   cr_diags *d);
enum cr_status cr_store_answer_delete(cr_store *s, int64_t session, const char *question, cr_diags *d);

typedef struct cr_store_result {
	int score, range_low, range_high, routineness, ai_usage, specialization;
	const char *band;
	const char *json; /* the full result as JSON */
} cr_store_result;
enum cr_status cr_store_session_finish(cr_store *s, int64_t session, const cr_store_result *r, cr_diags *d);

/*
 * The newest open session of a profile, for resuming: *session is 0 when
 * there is none. *questionnaire is malloc'd (caller frees).
 */
enum cr_status cr_store_open_session(cr_store *s, int64_t profile, int64_t *session, char **questionnaire,
				     cr_diags *d);
/* Calls fn for each stored answer of a session, in the order given. */
enum cr_status cr_store_answers(cr_store *s, int64_t session,
				void (*fn)(const char *question, const char *json, void *ctx), void *ctx,
				cr_diags *d);
/* Marks an open session cancelled (a fresh start was chosen over resuming). */
enum cr_status cr_store_session_cancel(cr_store *s, int64_t session, cr_diags *d);


/* ---- profiles, history and progress (store_progress.c) ---- */

/* Creates a profile; a name already taken, or refused by the name rules, is a usage error. */
enum cr_status cr_store_profile_create(cr_store *s, const char *name, cr_diags *d);
enum cr_status cr_store_profile_rename(cr_store *s, const char *from, const char *to, cr_diags *d);
/* Every profile with its newest scored session and trend, by name. *out is freed with cr_profiles_free(). */
enum cr_status cr_store_profiles(cr_store *s, cr_profiles **out, cr_diags *d);
/* The same, only the profiles carrying `tag` (NULL: every profile). */
enum cr_status cr_store_profiles_tagged(cr_store *s, const char *tag, cr_profiles **out, cr_diags *d);
/* Adds (add) or removes a profile's tag; CR_EUSAGE for a tag of the wrong shape (cr_store_check_tag). */
enum cr_status cr_store_tag(cr_store *s, int64_t profile, const char *tag, bool add, cr_diags *d);
/* A tag is 1 to 40 characters of letters, digits, '-', '_' or '.'; else a diagnostic and CR_EUSAGE. */
enum cr_status cr_store_check_tag(const char *tag, cr_diags *d);
/* A profile's tags, sorted, as one string "a, b, c" (caller frees; "" when none). */
enum cr_status cr_store_tags_describe(cr_store *s, int64_t profile, char **out, cr_diags *d);
/*
 * Everything held about a profile: sessions with answers and results, the
 * plan, notes (grouped by session, oldest first) and credits. CR_ENOTFOUND when there is no such profile.
 * *out is freed with cr_progress_free().
 */
enum cr_status cr_store_progress(cr_store *s, const char *name, cr_progress **out, cr_diags *d);

/* A recommendation of a scored session, for the plan. */
typedef struct cr_plan_rec {
	const char *id, *title, *horizon;
	int priority;
	bool always;   /* every assessment gives it, whatever the answers: never credited */
} cr_plan_rec;
/*
 * After a session is scored, in one transaction: credits every item marked
 * done since its last credit (noting whether this session still recommends
 * it), adds the first `nadd` of its recommendations (the most important) that
 * are not in the plan yet as todo items, and marks every item this session
 * recommends.
 */
enum cr_status cr_store_plan_sync(cr_store *s, int64_t profile, int64_t session, const cr_plan_rec *recs, size_t n,
				  size_t nadd, cr_diags *d);
/* Sets the status of plan item `num` of a profile and dates the change. CR_ENOTFOUND when missing. */
enum cr_status cr_store_plan_set(cr_store *s, int64_t profile, int num, enum cr_item_status status, cr_diags *d);
/* Adds a counsellor's own item (1 to CR_MAX_ITEM_TITLE bytes, not only blanks) to the plan; *num is its number. */
enum cr_status cr_store_plan_add(cr_store *s, int64_t profile, const char *title, int *num, cr_diags *d);
/* Adds a counsellor note (1 to CR_MAX_NOTE bytes, not only blanks: else CR_EUSAGE) to a session. */
enum cr_status cr_store_note_add(cr_store *s, int64_t session, const char *body, int64_t *id, cr_diags *d);
/* Replaces the text of note `num` of a profile (checked as cr_store_note_add); CR_ENOTFOUND when missing. */
enum cr_status cr_store_note_edit(cr_store *s, int64_t profile, int num, const char *body, cr_diags *d);
/* Deletes note `num` of a profile (the numbers of the others stay); CR_ENOTFOUND when missing. */
enum cr_status cr_store_note_delete(cr_store *s, int64_t profile, int num, cr_diags *d);

/* ---- privacy (store_privacy.c) ---- */

typedef struct cr_erase_counts {
	int sessions, answers, notes, items, credits;
} cr_erase_counts;
/*
 * Removes a profile and everything under it for good: deletes it (with
 * secure_delete on, freed pages are zeroed), checkpoints and truncates the
 * write-ahead log, vacuums, and truncates the log again, so no copy of the
 * data stays in the database file or its -wal file.
 */
enum cr_status cr_store_erase(cr_store *s, const char *name, cr_erase_counts *c, cr_diags *d);
/* The database file (owned by the store). */
const char *cr_store_path(const cr_store *s);

/*
 * HR intake cohorts (`career-risk batch --store`): results only, no answers.
 * A writer adds rows in one transaction per CR_STORE_COHORT_CHUNK rows, so a
 * million rows cost a hundred commits, not synced to the disk one by one
 * (synchronous = NORMAL: a killed process loses none of them), and no
 * checkpoint in the writer's loop: a thread of the writer's, on a connection
 * of its own, copies the log into the database after each commit, beside the
 * rows (store_cohort.c, checkpointer). cr_store_cohort_finish() stops it,
 * commits the last chunk, marks the cohort done in a fully synced commit and
 * checkpoints the log. Freeing an unfinished writer deletes the cohort and
 * everything written for it.
 */
#define CR_STORE_COHORT_CHUNK 10000
typedef struct cr_store_cohort cr_store_cohort;
typedef struct cr_store_cohort_row {
	int64_t record;
	const char *employee_id;     /* may be NULL */
	const char *groups_json;     /* {"column": "value", ...} */
	const char *occupation;      /* may be NULL */
	int score, range_low, range_high, routineness, ai_usage, specialization;
	const char *band;
	const char *recommendations; /* space-separated ids */
	const char *roles;           /* space-separated ids */
	int exposure;                /* -1: none (a base without task data), stored as NULL; last, so that
					older positional initialisers keep their meaning */
} cr_store_cohort_row;
enum cr_status cr_store_cohort_begin(cr_store *s, const char *name, const char *source, const char *questionnaire,
				     const char *kb_version, cr_store_cohort **out, cr_diags *d);
int64_t cr_store_cohort_id(const cr_store_cohort *w);
enum cr_status cr_store_cohort_put(cr_store_cohort *w, const cr_store_cohort_row *row, cr_diags *d);
enum cr_status cr_store_cohort_finish(cr_store_cohort *w, int64_t rows_read, int64_t rows_scored, int64_t rows_bad,
				      cr_diags *d);
void cr_store_cohort_free(cr_store_cohort *w);

/*
 * A stored cohort as `career-risk cohort list` shows it. A cohort is 'done'
 * once its batch marked it so; until then it is unfinished: the batch is
 * still writing it, or stopped (killed, the machine went down) before it
 * could finish. The database cannot tell these apart: no owner is recorded.
 */
typedef struct cr_stored_cohort {
	int64_t id;
	char *name;                          /* owned */
	char *source;                        /* the input file's name, or NULL (standard input); owned */
	char *questionnaire, *kb_version;    /* owned */
	char *started_at;                    /* ISO 8601 UTC; owned */
	char *finished_at;                   /* ISO 8601 UTC, or NULL when unfinished; owned */
	bool done;                           /* status 'done'; else unfinished */
	int64_t rows_read, rows_scored, rows_bad; /* as the batch counted them; -1 when unfinished */
	int64_t results;                     /* result rows stored for it now */
} cr_stored_cohort;
typedef struct cr_stored_cohorts {
	cr_stored_cohort *v;
	size_t n, cap;
} cr_stored_cohorts;
/* Frees what the list holds and empties it; accepts an empty list. */
void cr_stored_cohorts_free(cr_stored_cohorts *l);

/* Every stored cohort, oldest first, appended to *out (one read, one snapshot). */
enum cr_status cr_store_cohort_list(cr_store *s, cr_stored_cohorts *out, cr_diags *d);

/*
 * Reads stored cohort `id` for `cohort show|compare`, in one read transaction:
 * its entry appended to *out, then begin() with its grouping columns (as the
 * batch named them, in its order), then each() per stored result in record
 * order with the result's scores and ids and its value in each grouping
 * column (NULL when not given). Everything passed is borrowed for the call.
 * CR_ENOTFOUND when there is no such cohort. At most CR_STORE_COHORT_GROUPS
 * grouping columns are read.
 */
#define CR_STORE_COHORT_GROUPS 8
typedef struct cr_stored_result {
	int score, routineness, ai_usage, specialization, exposure; /* exposure -1: none stored */
	const char *band, *recommendations, *roles;                 /* ids, space-separated */
	const char *const *values;                                   /* per grouping column */
} cr_stored_result;
typedef struct cr_store_cohort_reader {
	void (*begin)(void *ctx, const char *const *groups, size_t ngroups);
	void (*each)(void *ctx, const cr_stored_result *r);
	void *ctx;
} cr_store_cohort_reader;
enum cr_status cr_store_cohort_read(cr_store *s, int64_t id, cr_stored_cohorts *out, const cr_store_cohort_reader *rd,
				    cr_diags *d);

/*
 * Deletes the cohorts `ids` (n of them) and all their results in one
 * transaction, with secure_delete zeroing the freed content, then empties the
 * write-ahead log (cr_store_erase does the same for a profile, and vacuums).
 * Every id must exist, or CR_ENOTFOUND and nothing is deleted. With
 * `unfinished_only`, a cohort that is done by the time the transaction runs
 * (its batch was still running, and finished) is left alone. Each cohort
 * deleted is appended to *deleted, as it was just before (results counted),
 * and stays there when only emptying the log fails (CR_ESTORE after the
 * commit, when another connection is reading).
 */
enum cr_status cr_store_cohort_delete(cr_store *s, const int64_t *ids, size_t n, bool unfinished_only,
				      cr_stored_cohorts *deleted, cr_diags *d);

#endif
