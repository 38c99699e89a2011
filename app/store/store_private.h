/*
 * store_private.h - what the store's files share; nothing outside app/store
 * includes it. The struct and the helpers live in store.c, but for
 * cr_store_wal_clear (store_privacy.c).
 */
#ifndef CR_STORE_PRIVATE_H
#define CR_STORE_PRIVATE_H

#include <sqlite3.h>

#include "store.h"

#include <sys/stat.h>

struct cr_store {
	sqlite3 *db;
	char *path;
	bool readonly;           /* opened read-only: reads are served, every write is refused */
	cr_store_busy_fn busy;   /* asked whether to keep waiting for a lock, or NULL (cr_store_set_busy) */
	void *busy_ctx;          /* passed to busy */
	long long busy_since_ms; /* when the current wait for a lock began (monotonic clock) */
	long long busy_gave_up_ms; /* how long the last wait given up lasted, for its message */
};

/*
 * The rules for the database's folder and files, shared by cr_store_open
 * (which refuses) and cr_store_check (which reports): a folder must be ours
 * (or root's, like /tmp) and not writable by others unless it is sticky, or
 * someone else could swap the database; files must be regular files of ours
 * that nobody else can read.
 */
enum cr_dir_issue { CR_DIR_OK, CR_DIR_NOT_DIR, CR_DIR_FOREIGN, CR_DIR_WORLD_WRITABLE };
enum cr_file_issue { CR_FILE_OK, CR_FILE_NOT_REGULAR, CR_FILE_FOREIGN, CR_FILE_OPEN_MODE };
enum cr_dir_issue cr_store_dir_issue(const struct stat *sb);
enum cr_file_issue cr_store_file_issue(const struct stat *sb);
/* The files SQLite keeps beside the database: "-wal", "-shm", "-journal". */
#define CR_STORE_NSIDECARS 3
extern const char *const cr_store_sidecars[CR_STORE_NSIDECARS];
/* The folder part of path ("." when there is none); caller frees. */
char *cr_store_dir_of(const char *path);

/*
 * path with its folders resolved (realpath) and its last part kept as it is,
 * so a linked folder is followed and a linked file stays a link (refused).
 * NULL with errno set when the folder cannot be resolved. Caller frees.
 */
char *cr_store_resolve(const char *path);

/*
 * Opens the database file `real` (folders resolved) read-only for SQLite,
 * into *db (closed by the caller, whatever the result). In a read-only
 * folder or mount SQLite cannot make the -shm file it needs to read a WAL
 * database; with no log holding changes beside it, the file is then opened
 * immutable (no locks, no -shm), which misses nothing.
 */
int cr_store_sqlite_readonly(const char *real, sqlite3 **db);

/* Records a SQLite failure as a CR_ESTORE diagnostic with a hint saying what to do. */
enum cr_status cr_store_fail(cr_store *s, cr_diags *d, int rc, const char *what);
/* Runs one statement with parameters given as a format: "t" text (NULL binds NULL), "i" int64. */
enum cr_status cr_store_run(cr_store *s, const char *sql, const char *what, cr_diags *d, const char *types, ...);
/* Runs SQL text with no parameters (several statements allowed). */
enum cr_status cr_store_exec(cr_store *s, const char *sql, const char *what, cr_diags *d);
/*
 * After a committed delete: copies the write-ahead log into the database and
 * empties it, so the old pages it holds go too (store_privacy.c). When another
 * connection is reading it cannot: CR_ESTORE, with a message that `deleted`
 * ("the profile was") happened all the same, and a hint to run `career-risk
 * CMD` once the others are closed.
 */
enum cr_status cr_store_wal_clear(cr_store *s, const char *deleted, const char *cmd, cr_diags *d);

/*
 * Whether a stored result reads back as a result (cr_snapshot_parse, the
 * reader behind every report, export, history, comparison and progress view).
 * When it does not, returns false and sets *why (malloc'd, caller frees) to
 * what is wrong, with its line and column in the stored text.
 */
bool cr_store_result_ok(const char *json, char **why);
/*
 * The CR_ESTORE diagnostic for a damaged stored result: names the database,
 * the profile and the session and says what to do. Returns CR_ESTORE.
 */
enum cr_status cr_store_result_damaged(const char *path, const char *profile, int num, const char *why,
				       cr_diags *d);

#endif
