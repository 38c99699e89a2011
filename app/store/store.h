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
 * and foreign_key_check, and unfinished sessions. Findings go to *out, each
 * with what to do. Returns CR_ENOTFOUND (and no findings) when there is no
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

/* The id of a profile; created when `create` and missing, else CR_ENOTFOUND. */
enum cr_status cr_store_profile(cr_store *s, const char *name, bool create, int64_t *id, cr_diags *d);

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

#endif
