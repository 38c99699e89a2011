/* store.c - see store.h. */
#include "store.h"
#include "store_private.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/util.h"
#include <stdio.h>

/* Generated at build time from the SQL files in profiles/schema (see CMakeLists.txt). */
extern const char *const cr_migrations[];
extern const int cr_migration_count;

int cr_store_schema_version(void)
{
	return cr_migration_count;
}

/* One message per SQLite failure, saying what the person can do about it. */
static enum cr_status fail(cr_store *s, cr_diags *d, int rc, const char *what)
{
	const char *path = s ? s->path : NULL;
	const char *msg = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	/* The operating system's reason says more than "disk I/O error". */
	int sys = s && s->db ? sqlite3_system_errno(s->db) : 0;
	if ((rc & 0xff) == SQLITE_IOERR && sys)
		cr_diag_add(d, CR_ESTORE, path, 0, 0, "%s: %s (%s)", what, msg, strerror(sys));
	else
		cr_diag_add(d, CR_ESTORE, path, 0, 0, "%s: %s", what, msg);
	if (sys == ENOSPC || sys == EDQUOT)
		rc = SQLITE_FULL;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		cr_diag_hint(d, "another career-risk (or another program) is writing to this database; wait for it and try again");
		break;
	case SQLITE_READONLY:
		cr_diag_hint(d, "the database or its folder is read-only; check its permissions or pass --db with a writable path");
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		cr_diag_hint(d, "the file is damaged or is not a career-risk database; keep a copy of it, then run "
				"`career-risk --db '%s' doctor` to see what can be done", path ? path : "FILE");
		break;
	case SQLITE_FULL:
		cr_diag_hint(d, "the disk is full; free some space and try again (nothing already saved was lost)");
		break;
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		cr_diag_hint(d, "check that the folder exists and is yours, or pass --db with another path");
		break;
	case SQLITE_IOERR:
		cr_diag_hint(d, "the disk reported an error; check free space and the file system");
		break;
	default:
		break;
	}
	return CR_ESTORE;
}

/* ---- who may touch the files ---------------------------------------------- */

/*
 * The rules for the database's folder and files, shared by cr_store_open
 * (which refuses) and cr_store_check (which reports). A folder must be ours
 * (or root's, like /tmp) and not writable by others unless it is sticky, or
 * someone else could swap the database; files must be regular files of ours
 * that nobody else can read.
 */
enum dir_issue { DIR_OK, DIR_NOT_DIR, DIR_FOREIGN, DIR_WORLD_WRITABLE };
enum file_issue { FILE_OK, FILE_NOT_REGULAR, FILE_FOREIGN, FILE_OPEN_MODE };

static enum dir_issue dir_issue(const struct stat *sb)
{
	if (!S_ISDIR(sb->st_mode))
		return DIR_NOT_DIR;
	if (sb->st_uid != geteuid() && sb->st_uid != 0)
		return DIR_FOREIGN;
	if ((sb->st_mode & S_IWOTH) && !(sb->st_mode & S_ISVTX))
		return DIR_WORLD_WRITABLE;
	return DIR_OK;
}

static enum file_issue file_issue(const struct stat *sb)
{
	if (!S_ISREG(sb->st_mode))
		return FILE_NOT_REGULAR;
	if (sb->st_uid != geteuid())
		return FILE_FOREIGN;
	if (sb->st_mode & (S_IRWXG | S_IRWXO))
		return FILE_OPEN_MODE;
	return FILE_OK;
}

/* The files SQLite keeps beside the database. */
static const char *const sidecars[] = {"-wal", "-shm", "-journal"};

/* The folder part of path ("." when there is none); caller frees. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return cr_xstrdup(".");
	if (slash == path)
		return cr_xstrdup("/");
	return cr_xstrndup(path, (size_t)(slash - path));
}

/* Creates every missing folder of path's parent, owner-only; refuses unsafe existing ones. */
static enum cr_status prepare_dir(const char *path, cr_diags *d)
{
	char *dir = dir_of(path);
	enum cr_status st = CR_OK;
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			st = cr_diag_add(d, CR_ESTORE, dir, 0, 0, "cannot create folder: %s", strerror(errno));
			cr_diag_hint(d, "pass --db with a path in a folder you can write to");
			goto out;
		}
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		st = cr_diag_add(d, CR_ESTORE, dir, 0, 0, "cannot create folder: %s", strerror(errno));
		cr_diag_hint(d, "pass --db with a path in a folder you can write to");
		goto out;
	}
	struct stat sb;
	if (stat(dir, &sb) != 0) {
		st = cr_diag_add(d, CR_ESTORE, dir, 0, 0, "cannot read the folder: %s", strerror(errno));
		goto out;
	}
	switch (dir_issue(&sb)) {
	case DIR_OK:
		break;
	case DIR_NOT_DIR:
		st = cr_diag_add(d, CR_ESTORE, dir, 0, 0, "not a folder");
		break;
	case DIR_FOREIGN:
		st = cr_diag_add(d, CR_ESTORE, dir, 0, 0, "unsafe folder: it belongs to another user, who could replace the database");
		cr_diag_hint(d, "keep your profiles in a folder of your own, or pass --db with another path");
		break;
	case DIR_WORLD_WRITABLE:
		/* like tmux: a folder anyone may write to lets them swap the database */
		st = cr_diag_add(d, CR_ESTORE, dir, 0, 0, "unsafe permissions %03o: anyone can write to this folder",
				 (unsigned)(sb.st_mode & 0777));
		cr_diag_hint(d, "use a folder only you can write to (chmod 700), or pass --db with another path");
		break;
	}
out:
	free(dir);
	return st;
}

/* Refuses an existing file (the database or one beside it) that is not ours alone. */
static enum cr_status refuse_unsafe(const char *path, const struct stat *sb, bool sidecar, cr_diags *d)
{
	switch (file_issue(sb)) {
	case FILE_OK:
		return CR_OK;
	case FILE_NOT_REGULAR:
		cr_diag_add(d, CR_ESTORE, path, 0, 0, "not a regular file (a link or a device?)");
		cr_diag_hint(d, sidecar ? "remove it: SQLite keeps its journal here and a link could redirect it"
					: "pass --db with the path of the database file itself");
		return CR_ESTORE;
	case FILE_FOREIGN:
		cr_diag_add(d, CR_ESTORE, path, 0, 0, "%s belongs to another user",
			    sidecar ? "this journal of the database" : "the database");
		cr_diag_hint(d, sidecar ? "was career-risk run as another user (sudo?) on this database? that user can "
					  "remove it once no career-risk is running"
					: "profiles hold personal data; use your own database (--db)");
		return CR_ESTORE;
	case FILE_OPEN_MODE:
		cr_diag_add(d, CR_ESTORE, path, 0, 0, "unsafe permissions %03o: others can read this personal data",
			    (unsigned)(sb->st_mode & 0777));
		cr_diag_hint(d, "run `chmod 600 %s` and try again", path);
		return CR_ESTORE;
	}
	return CR_ESTORE;
}

/*
 * Creates the file 0600 if missing; refuses a file that is not ours or that
 * others can read, and the same for the journal files SQLite keeps beside it.
 */
static enum cr_status prepare_file(const char *path, cr_diags *d)
{
	struct stat sb;
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0) {
		close(fd);
	} else if (errno != EEXIST) {
		cr_diag_add(d, CR_ESTORE, path, 0, 0, "cannot create the database: %s", strerror(errno));
		cr_diag_hint(d, errno == EACCES || errno == EROFS
					? "the folder is read-only; pass --db with a path in a folder you can write to"
					: "check the path, or pass --db with another one");
		return CR_ESTORE;
	} else if (lstat(path, &sb) != 0) {
		return cr_diag_add(d, CR_ESTORE, path, 0, 0, "cannot read the database: %s", strerror(errno));
	} else if (refuse_unsafe(path, &sb, false, d)) {
		return CR_ESTORE;
	}
	for (size_t i = 0; i < CR_ARRAY_LEN(sidecars); i++) {
		char *side = cr_xprintf("%s%s", path, sidecars[i]);
		enum cr_status st = lstat(side, &sb) == 0 ? refuse_unsafe(side, &sb, true, d) : CR_OK;
		free(side);
		if (st)
			return st;
	}
	return CR_OK;
}

static enum cr_status exec(cr_store *s, const char *sql, const char *what, cr_diags *d)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? CR_OK : fail(s, d, rc, what);
}

static enum cr_status migrate(cr_store *s, cr_diags *d)
{
	sqlite3_stmt *st = NULL;
	int version = 0, rc;
	enum cr_status ret = exec(s, "BEGIN IMMEDIATE", "cannot lock the database to check its schema", d);
	if (ret)
		return ret;
	rc = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0), rc = SQLITE_OK;
	sqlite3_finalize(st);
	if (rc != SQLITE_OK) {
		ret = fail(s, d, rc, "cannot read the schema version");
		goto out;
	}
	if (version > cr_migration_count) {
		ret = cr_diag_add(d, CR_ESTORE, s->path, 0, 0,
				  "this database was written by a newer career-risk (schema %d; this version knows up to %d)",
				  version, cr_migration_count);
		cr_diag_hint(d, "upgrade career-risk; the database was not changed");
		goto out;
	}
	for (int v = version; v < cr_migration_count; v++) {
		rc = sqlite3_exec(s->db, cr_migrations[v], NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			ret = fail(s, d, rc, "cannot upgrade the database schema");
			goto out;
		}
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if ((ret = exec(s, sql, "cannot record the schema version", d)))
			goto out;
	}
	ret = exec(s, "COMMIT", "cannot commit the schema upgrade", d);
	if (!ret)
		return CR_OK;
out:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

/* One integer from a query, or -1 with a diagnostic. */
static long long query_int(cr_store *s, const char *sql, const char *what, cr_diags *d)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK) {
		fail(s, d, rc, what);
		return -1;
	}
	return v;
}

/*
 * Before anything is written: refuses a database from a newer career-risk and
 * a SQLite database of another program, so that neither is changed at all.
 */
static enum cr_status check_identity(cr_store *s, cr_diags *d)
{
	long long version = query_int(s, "PRAGMA user_version", "cannot read the schema version", d);
	if (version < 0)
		return CR_ESTORE;
	if (version > cr_migration_count) {
		cr_diag_add(d, CR_ESTORE, s->path, 0, 0,
			    "this database was written by a newer career-risk (schema %lld; this version knows up to %d)",
			    version, cr_migration_count);
		cr_diag_hint(d, "upgrade career-risk; the database was not changed");
		return CR_ESTORE;
	}
	if (version == 0) {
		long long tables = query_int(s, "SELECT count(*) FROM sqlite_schema", "cannot read the profile database", d);
		if (tables < 0)
			return CR_ESTORE;
		if (tables > 0) {
			cr_diag_add(d, CR_ESTORE, s->path, 0, 0,
				    "a SQLite database of another program, not a career-risk profile database");
			cr_diag_hint(d, "pass --db with another path; career-risk leaves this file as it is");
			return CR_ESTORE;
		}
	}
	return CR_OK;
}

enum cr_status cr_store_open(const char *path, cr_store **out, cr_diags *d)
{
	enum cr_status st;
	if ((st = prepare_dir(path, d)) || (st = prepare_file(path, d)))
		return st;
	cr_store *s = cr_xcalloc(1, sizeof *s);
	s->path = cr_xstrdup(path);
	int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		st = fail(s, d, rc, "cannot open the profile database");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 5000);
	/* SQLite quietly opens a file it may not write read-only; say so now, not at the first answer. */
	if (sqlite3_db_readonly(s->db, "main") == 1) {
		st = cr_diag_add(d, CR_ESTORE, path, 0, 0, "the database is read-only: career-risk could not save anything to it");
		cr_diag_hint(d, "check the file's permissions (chmod 600) and that its disk is not mounted read-only, "
				"or pass --db with another path");
		goto fail;
	}
	/* Reading the schema first makes a file that is not a database fail here, clearly. */
	if ((st = exec(s, "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;"
			  "SELECT count(*) FROM sqlite_schema;",
		       "cannot open the profile database", d)))
		goto fail;
	if ((st = check_identity(s, d)))
		goto fail;
	sqlite3_stmt *jm = NULL;
	rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &jm, NULL);
	/* Switching to WAL needs the database to itself and SQLite reports SQLITE_BUSY at once, without
	 * its busy handler, while another process is creating the same file: wait as the busy timeout
	 * would (5 s) before calling it locked. */
	for (int tries = 0; rc == SQLITE_OK; tries++) {
		rc = sqlite3_step(jm);
		if ((rc & 0xff) != SQLITE_BUSY || tries >= 100)
			break;
		sqlite3_reset(jm);
		sqlite3_sleep(50);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(jm);
		st = fail(s, d, rc, "cannot switch the database to WAL mode");
		goto fail;
	}
	sqlite3_finalize(jm);
	if ((st = migrate(s, d)))
		goto fail;
	*out = s;
	return CR_OK;
fail:
	cr_store_close(s);
	return st;
}

void cr_store_close(cr_store *s)
{
	if (!s)
		return;
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

/* Runs one statement with text/int64 parameters given as a format: "t" text, "i" int64. */
static enum cr_status vrun(cr_store *s, const char *sql, const char *what, cr_diags *d, const char *types, va_list ap)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(s, d, rc, what);
	for (int i = 0; types[i]; i++) {
		if (types[i] == 't') {
			const char *v = va_arg(ap, const char *);
			rc = v ? sqlite3_bind_text(st, i + 1, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i + 1);
		} else {
			rc = sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
		}
		if (rc != SQLITE_OK)
			break;
	}
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE || rc == SQLITE_ROW)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? CR_OK : fail(s, d, rc, what);
}

static enum cr_status run(cr_store *s, const char *sql, const char *what, cr_diags *d, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	enum cr_status st = vrun(s, sql, what, d, types, ap);
	va_end(ap);
	return st;
}

/* The helpers the other store files share (store_private.h). */
enum cr_status cr_store_run(cr_store *s, const char *sql, const char *what, cr_diags *d, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	enum cr_status st = vrun(s, sql, what, d, types, ap);
	va_end(ap);
	return st;
}

enum cr_status cr_store_fail(cr_store *s, cr_diags *d, int rc, const char *what)
{
	return fail(s, d, rc, what);
}

enum cr_status cr_store_exec(cr_store *s, const char *sql, const char *what, cr_diags *d)
{
	return exec(s, sql, what, d);
}

enum cr_status cr_store_check_name(const char *name, cr_diags *d)
{
	/* Characters as SQLite's length() counts them (the schema's CHECK), so the two agree. */
	size_t chars = 0;
	if (!cr_utf8_valid(name)) {
		cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "a profile name must be UTF-8 text");
		return CR_EUSAGE;
	}
	for (const char *p = name; *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	if (chars == 0 || chars > CR_MAX_PROFILE_NAME) {
		cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "a profile name has 1 to %d characters", CR_MAX_PROFILE_NAME);
		cr_diag_hint(d, "`career-risk profile list` shows the profiles");
		return CR_EUSAGE;
	}
	/* a newline or an escape in a name would break every table and message that shows it */
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "a profile name cannot hold control characters");
			cr_diag_hint(d, "`career-risk profile list` shows the profiles");
			return CR_EUSAGE;
		}
	/* U+202E and its kin reorder what a terminal shows after them: a name is shown everywhere */
	if (!cr_vis_clean(name)) {
		cr_diag_add(d, CR_EUSAGE, NULL, 0, 0,
			    "a profile name cannot hold invisible formatting characters (such as U+202E, which reverses the text after it)");
		cr_diag_hint(d, "type the name again without them");
		return CR_EUSAGE;
	}
	/* a blank name cannot be told from no name in a table */
	bool blank = true;
	for (const char *p = name; *p && blank; p++)
		blank = *p == ' ';
	if (blank) {
		cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "a profile name cannot be only blanks");
		cr_diag_hint(d, "`career-risk profile list` shows the profiles");
		return CR_EUSAGE;
	}
	return CR_OK;
}

bool cr_store_profile_find(cr_store *s, const char *name, int64_t *id, enum cr_status *ret, cr_diags *d)
{
	sqlite3_stmt *st = NULL;
	if ((*ret = cr_store_check_name(name, d)))
		return false;
	int rc = sqlite3_prepare_v2(s->db, "SELECT id FROM profile WHERE name = ?1", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	bool found = rc == SQLITE_ROW;
	if (found && id)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	*ret = rc == SQLITE_ROW || rc == SQLITE_DONE ? CR_OK : fail(s, d, rc, "cannot look up the profile");
	return found;
}

enum cr_status cr_store_profile(cr_store *s, const char *name, bool create, int64_t *id, cr_diags *d)
{
	enum cr_status ret;
	if (cr_store_profile_find(s, name, id, &ret, d) || ret)
		return ret;
	if (!create) {
		cr_diag_add(d, CR_ENOTFOUND, NULL, 0, 0, "no profile named '%s'", name);
		cr_diag_hint(d, "`career-risk profile list` shows the profiles");
		return CR_ENOTFOUND;
	}
	/* Another process may create the same profile between the look-up and here: that is no error. */
	ret = run(s, "INSERT INTO profile(name) VALUES (?1) ON CONFLICT(name) DO NOTHING",
		  "cannot create the profile", d, "t", name);
	if (ret)
		return ret;
	return cr_store_profile(s, name, false, id, d);
}

enum cr_status cr_store_begin(cr_store *s, cr_diags *d)
{
	/* IMMEDIATE takes the write lock now (waiting up to the busy timeout), not half-way through. */
	return exec(s, "BEGIN IMMEDIATE", "cannot start writing to the database", d);
}

enum cr_status cr_store_commit(cr_store *s, cr_diags *d)
{
	return exec(s, "COMMIT", "cannot save to the database", d);
}

void cr_store_rollback(cr_store *s)
{
	if (s && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

enum cr_status cr_store_session_begin(cr_store *s, int64_t profile, const char *questionnaire,
				      const char *kb_version, int64_t *session, cr_diags *d)
{
	enum cr_status ret = run(s, "INSERT INTO session(profile_id, questionnaire, kb_version) VALUES (?1, ?2, ?3)",
				 "cannot start a session", d, "itt", profile, questionnaire, kb_version);
	if (!ret)
		*session = sqlite3_last_insert_rowid(s->db);
	return ret;
}

enum cr_status cr_store_answer_put(cr_store *s, int64_t session, const char *question, const char *json,
				   cr_diags *d)
{
	return run(s,
		   "INSERT INTO answer(session_id, question, value_json) VALUES (?1, ?2, ?3) "
		   "ON CONFLICT(session_id, question) DO UPDATE SET value_json = excluded.value_json, "
		   "answered_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
		   "cannot save the answer", d, "itt", session, question, json);
}

enum cr_status cr_store_answer_delete(cr_store *s, int64_t session, const char *question, cr_diags *d)
{
	return run(s, "DELETE FROM answer WHERE session_id = ?1 AND question = ?2", "cannot remove the answer", d,
		   "it", session, question);
}

enum cr_status cr_store_session_finish(cr_store *s, int64_t session, const cr_store_result *r, cr_diags *d)
{
	return run(s,
		   "UPDATE session SET status = 'done', finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
		   "score = ?2, band = ?3, range_low = ?4, range_high = ?5, routineness = ?6, ai_usage = ?7, "
		   "specialization = ?8, result_json = ?9 WHERE id = ?1",
		   "cannot save the result", d, "iitiiiiit", session, (int64_t)r->score, r->band, (int64_t)r->range_low,
		   (int64_t)r->range_high, (int64_t)r->routineness, (int64_t)r->ai_usage, (int64_t)r->specialization,
		   r->json);
}

enum cr_status cr_store_session_cancel(cr_store *s, int64_t session, cr_diags *d)
{
	return run(s, "UPDATE session SET status = 'cancelled' WHERE id = ?1 AND status = 'open'",
		   "cannot close the old session", d, "i", session);
}

enum cr_status cr_store_open_session(cr_store *s, int64_t profile, int64_t *session, char **questionnaire,
				     cr_diags *d)
{
	sqlite3_stmt *st = NULL;
	*session = 0;
	*questionnaire = NULL;
	int rc = sqlite3_prepare_v2(s->db,
				    "SELECT id, questionnaire FROM session WHERE profile_id = ?1 AND status = 'open' "
				    "ORDER BY id DESC LIMIT 1", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, profile);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*session = sqlite3_column_int64(st, 0);
		*questionnaire = cr_xstrdup((const char *)sqlite3_column_text(st, 1));
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? CR_OK : fail(s, d, rc, "cannot look for an unfinished session");
}

enum cr_status cr_store_answers(cr_store *s, int64_t session,
				void (*fn)(const char *question, const char *json, void *ctx), void *ctx,
				cr_diags *d)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db,
				    "SELECT question, value_json FROM answer WHERE session_id = ?1 ORDER BY answered_at, question",
				    -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, session);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		fn((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1), ctx);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? CR_OK : fail(s, d, rc, "cannot read the saved answers");
}

/* ---- doctor ----------------------------------------------------------------- */

void cr_checks_free(cr_checks *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].what);
		free(c->v[i].fix);
	}
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

/* Adds a finding; takes ownership of what and fix (either from cr_xprintf, fix may be NULL). */
static void finding(cr_checks *c, enum cr_check_level level, char *what, char *fix)
{
	cr_xgrow((void **)&c->v, &c->cap, c->n, sizeof *c->v);
	c->v[c->n++] = (cr_check){level, what, fix};
}

static void check_folder(const char *path, cr_checks *c)
{
	char *dir = dir_of(path);
	struct stat sb;
	if (stat(dir, &sb) != 0) {
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("cannot examine the folder %s: %s", dir, strerror(errno)), NULL);
		free(dir);
		return;
	}
	unsigned mode = (unsigned)(sb.st_mode & 0777);
	switch (dir_issue(&sb)) {
	case DIR_NOT_DIR:
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("%s is not a folder", dir), NULL);
		break;
	case DIR_FOREIGN:
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("the folder %s belongs to another user, who could replace the database", dir),
			cr_xprintf("move the database to a folder of your own and pass --db with its new path"));
		break;
	case DIR_WORLD_WRITABLE:
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("anyone can write to the folder %s (%03o): they could replace the database", dir, mode),
			cr_xprintf("run `chmod 700 %s`, or move the database to a folder of your own", dir));
		break;
	case DIR_OK:
		if (sb.st_mode & S_IWOTH)
			finding(c, CR_CHECK_NOTE, cr_xprintf("the folder %s is shared (%03o, like /tmp): others can create files beside the database", dir, mode),
				cr_xprintf("move the database to a folder of your own"));
		else if (sb.st_mode & S_IWGRP)
			finding(c, CR_CHECK_NOTE, cr_xprintf("members of the folder's group can add files to %s (%03o)", dir, mode),
				cr_xprintf("run `chmod 700 %s` unless the group is yours alone", dir));
		else if (sb.st_mode & (S_IRGRP | S_IROTH))
			finding(c, CR_CHECK_NOTE, cr_xprintf("others can list the folder %s (%03o): they can see the file, not read it", dir, mode),
				cr_xprintf("run `chmod 700 %s` to hide it as well", dir));
		else
			finding(c, CR_CHECK_OK, cr_xprintf("the folder %s is yours and private (%03o)", dir, mode), NULL);
		break;
	}
	free(dir);
}

/* The database file itself and the journal files beside it. */
static void check_files(const char *path, const struct stat *sb, cr_checks *c)
{
	unsigned mode = (unsigned)(sb->st_mode & 0777);
	switch (file_issue(sb)) {
	case FILE_NOT_REGULAR:
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("%s is not a regular file (a link or a device?)", path),
			cr_xprintf("pass --db with the path of the database file itself"));
		return;
	case FILE_FOREIGN:
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("the database belongs to another user"),
			cr_xprintf("profiles hold personal data: ask its owner, or use a database of your own (--db)"));
		break;
	case FILE_OPEN_MODE:
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("others can read the database (%03o); career-risk refuses to use it", mode),
			cr_xprintf("run `chmod 600 %s`", path));
		break;
	case FILE_OK:
		if (!(sb->st_mode & S_IWUSR))
			finding(c, CR_CHECK_PROBLEM, cr_xprintf("the database is read-only (%03o): career-risk cannot save to it", mode),
				cr_xprintf("run `chmod 600 %s`", path));
		else if (access(path, W_OK) != 0 && errno == EROFS)
			finding(c, CR_CHECK_PROBLEM, cr_xprintf("the database is on a read-only file system: career-risk cannot save to it"),
				cr_xprintf("copy it to a writable disk and pass --db with the copy"));
		else
			finding(c, CR_CHECK_OK, cr_xprintf("the database is yours and private (%03o)", mode), NULL);
		break;
	}
	for (size_t i = 0; i < CR_ARRAY_LEN(sidecars); i++) {
		char *side = cr_xprintf("%s%s", path, sidecars[i]);
		struct stat ss;
		if (lstat(side, &ss) != 0) {
			free(side);
			continue;
		}
		enum file_issue fi = file_issue(&ss);
		if (fi == FILE_NOT_REGULAR)
			finding(c, CR_CHECK_PROBLEM, cr_xprintf("%s is not a regular file: a link could redirect the database's writes", side),
				cr_xprintf("remove it while no career-risk is running"));
		else if (fi == FILE_FOREIGN)
			finding(c, CR_CHECK_PROBLEM, cr_xprintf("%s belongs to another user (career-risk run with sudo?)", side),
				cr_xprintf("that user can remove it once no career-risk is running"));
		else if (fi == FILE_OPEN_MODE)
			finding(c, CR_CHECK_PROBLEM, cr_xprintf("others can read %s (%03o), which holds recent answers", side,
							(unsigned)(ss.st_mode & 0777)),
				cr_xprintf("run `chmod 600 %s`", side));
		else if (strcmp(sidecars[i], "-wal") == 0 && ss.st_size > 0)
			finding(c, CR_CHECK_NOTE, cr_xprintf("a write-ahead log of %lld bytes holds changes not yet copied into the "
							     "database: normal while career-risk runs; after a crash they are "
							     "applied the next time it opens the database",
							     (long long)ss.st_size),
				cr_xprintf("nothing to do; do not delete %s, it may hold your latest answers", side));
		else if (strcmp(sidecars[i], "-journal") == 0 && ss.st_size > 0)
			finding(c, CR_CHECK_NOTE, cr_xprintf("a rollback journal from an interrupted write: the next career-risk "
							     "to open the database rolls the write back"),
				cr_xprintf("nothing to do; do not delete %s, or the database may be left half-written", side));
		free(side);
	}
}

/* What sqlite3 says can still be saved from a damaged file. */
static char *recover_fix(const char *path)
{
	return cr_xprintf("keep a copy of the file; `sqlite3 %s .recover | sqlite3 recovered.db` saves what can "
			  "still be read, then pass --db recovered.db", path);
}

/* Runs a check pragma; returns the number of rows other than a single "ok", and the first in *first. */
static long pragma_rows(sqlite3 *db, const char *sql, char **first, int *rc_out)
{
	sqlite3_stmt *st = NULL;
	long n = 0;
	*first = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		rc = SQLITE_OK;
		if (t && strcmp(t, "ok") == 0)
			continue;
		if (!*first) {
			/* foreign_key_check: table, rowid, parent table, fk index */
			if (sqlite3_column_count(st) >= 3)
				*first = cr_xprintf("a row of '%s' refers to a missing row of '%s'", t ? t : "?",
						    (const char *)sqlite3_column_text(st, 2));
			else
				*first = cr_xstrdup(t ? t : "?");
		}
		n++;
	}
	sqlite3_finalize(st);
	*rc_out = rc == SQLITE_DONE ? SQLITE_OK : rc;
	return n;
}

/*
 * Intake cohorts (from schema 3): how many are stored, and those a batch left
 * unfinished. Nothing tells a stopped batch's cohort from a running one's.
 */
static void check_cohorts(sqlite3 *db, const char *path, cr_checks *c)
{
	enum { SHOWN = 10 }; /* ids named; the rest are counted */
	sqlite3_stmt *st = NULL;
	long long total = 0, unfinished = 0;
	cr_sb ids = {0};
	int rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'intake_cohort'",
				    -1, &st, NULL);
	bool present = rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	st = NULL;
	if (!present)
		return;
	rc = sqlite3_prepare_v2(db, "SELECT id, status = 'done' FROM intake_cohort ORDER BY id", -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		total++;
		if (sqlite3_column_int(st, 1))
			continue;
		if (++unfinished <= SHOWN)
			cr_sb_addf(&ids, "%s%lld", unfinished > 1 ? ", " : "", (long long)sqlite3_column_int64(st, 0));
	}
	if (rc != SQLITE_DONE) {
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("the intake cohorts cannot be read: %s", sqlite3_errmsg(db)),
			recover_fix(path));
		goto out;
	}
	if (total)
		finding(c, CR_CHECK_OK, cr_xprintf("%lld intake cohort%s stored by `career-risk batch --store`", total,
						   total == 1 ? "" : "s"),
			NULL);
	if (unfinished > SHOWN)
		cr_sb_addf(&ids, " and %lld more", unfinished - SHOWN);
	if (unfinished)
		finding(c, CR_CHECK_NOTE,
			cr_xprintf("%lld unfinished intake cohort%s (id%s %s): a `career-risk batch --store` that stopped "
				   "before finishing (killed, or the machine went down) leaves its cohort with the "
				   "results it had stored; a batch still running looks the same",
				   unfinished, unfinished == 1 ? "" : "s", unfinished == 1 ? "" : "s", ids.s),
			cr_xprintf("once no batch is running, `career-risk cohort delete --unfinished` removes %s "
				   "(`career-risk cohort list` shows %s first)",
				   unfinished == 1 ? "it" : "them", unfinished == 1 ? "it" : "them"));
out:
	sqlite3_finalize(st);
	cr_sb_free(&ids);
}

static void check_contents(const char *path, cr_checks *c)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char *first = NULL;
	/*
	 * Reading a WAL database makes SQLite create its -wal and -shm files. When
	 * none were there, open for writing (never creating the database) and only
	 * read: closing the last connection then removes them again, as after any
	 * career-risk run. When some are there (a run in progress, or a crash's
	 * leftovers), open read-only so that nothing is replayed or rolled back.
	 */
	bool sidecar = false;
	for (size_t i = 0; i < CR_ARRAY_LEN(sidecars); i++) {
		char *side = cr_xprintf("%s%s", path, sidecars[i]);
		struct stat sb;
		sidecar |= lstat(side, &sb) == 0;
		free(side);
	}
	int flags = (sidecar || access(path, W_OK) != 0 ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOFOLLOW;
	int rc = sqlite3_open_v2(path, &db, flags, NULL);
	if (rc != SQLITE_OK) {
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("cannot open the database: %s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)), NULL);
		goto out;
	}
	sqlite3_busy_timeout(db, 2000);
	sqlite3_extended_result_codes(db, 1);
	long long version = -1, tables = -1;
	rc = sqlite3_prepare_v2(db, "SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)",
				-1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		version = sqlite3_column_int64(st, 0);
		tables = sqlite3_column_int64(st, 1);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_BUSY)
			finding(c, CR_CHECK_NOTE, cr_xprintf("another program is writing to the database right now"),
				cr_xprintf("run `career-risk doctor` again when it is done"));
		else if (rc == SQLITE_READONLY_ROLLBACK || rc == SQLITE_READONLY_RECOVERY)
			finding(c, CR_CHECK_NOTE, cr_xprintf("the contents can be checked once the interrupted write is undone"),
				cr_xprintf("nothing to do: the next career-risk that saves to this database undoes it first; "
					   "run doctor again after that"));
		else
			finding(c, CR_CHECK_PROBLEM, cr_xprintf("cannot read the database: %s", sqlite3_errmsg(db)), recover_fix(path));
		goto out;
	}
	int known = cr_migration_count;
	if (version > known) {
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("written by a newer career-risk (schema %lld; this version knows up to %d)", version, known),
			cr_xprintf("upgrade career-risk; this version will not change the database"));
	} else if (version == 0 && tables > 0) {
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("a SQLite database of another program, not a career-risk profile database"),
			cr_xprintf("pass --db with the path of your profile database"));
		goto out;
	} else if (version == 0) {
		finding(c, CR_CHECK_NOTE, cr_xprintf("an empty database: career-risk sets it up the next time it saves"), NULL);
		goto out;
	} else if (version < known) {
		finding(c, CR_CHECK_NOTE, cr_xprintf("schema %lld: the next career-risk that saves upgrades it to %d", version, known),
			cr_xprintf("nothing to do; keep a copy first if older versions of career-risk must still read it"));
	} else {
		finding(c, CR_CHECK_OK, cr_xprintf("a career-risk database, schema %lld (this version's)", version), NULL);
	}

	long bad = pragma_rows(db, "PRAGMA integrity_check(20)", &first, &rc);
	if ((rc & 0xff) == SQLITE_CORRUPT)
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("the database is damaged: %s", sqlite3_errmsg(db)), recover_fix(path));
	else if (rc != SQLITE_OK)
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("the integrity check could not run: %s", sqlite3_errmsg(db)), recover_fix(path));
	else if (bad > 1)
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("the integrity check failed: %s (and %ld more)", first, bad - 1),
			recover_fix(path));
	else if (bad)
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("the integrity check failed: %s", first), recover_fix(path));
	else
		finding(c, CR_CHECK_OK, cr_xprintf("integrity check passed"), NULL);
	free(first);
	first = NULL;
	if (rc != SQLITE_OK || bad)
		goto out;

	bad = pragma_rows(db, "PRAGMA foreign_key_check", &first, &rc);
	if (rc != SQLITE_OK)
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("the foreign-key check could not run: %s", sqlite3_errmsg(db)), NULL);
	else if (bad)
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("%ld row%s refer to rows that are gone: %s", bad, bad == 1 ? "" : "s", first),
			recover_fix(path));
	else
		finding(c, CR_CHECK_OK, cr_xprintf("every answer and session belongs to an existing profile"), NULL);
	free(first);
	first = NULL;
	if (version > known)
		goto out;

	rc = sqlite3_prepare_v2(db,
				"SELECT (SELECT count(*) FROM profile), (SELECT count(*) FROM session WHERE status = 'done'), "
				"(SELECT count(*) FROM answer)", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		finding(c, CR_CHECK_OK, cr_xprintf("%lld profile%s, %lld finished assessment%s, %lld answers saved",
						  (long long)sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 0) == 1 ? "" : "s",
						  (long long)sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 1) == 1 ? "" : "s",
						  (long long)sqlite3_column_int64(st, 2)),
			NULL);
	else
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("the tables are not what career-risk expects: %s", sqlite3_errmsg(db)),
			recover_fix(path));
	sqlite3_finalize(st);
	st = NULL;
	rc = sqlite3_prepare_v2(db,
				"SELECT p.name, count(*) FROM session s JOIN profile p ON p.id = s.profile_id "
				"WHERE s.status = 'open' GROUP BY p.name ORDER BY p.name", -1, &st, NULL);
	while (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		long long n = sqlite3_column_int64(st, 1);
		finding(c, CR_CHECK_NOTE, cr_xprintf("profile '%s' has %lld unfinished assessment%s, answers kept", name, n, n == 1 ? "" : "s"),
			cr_xprintf("`career-risk --profile '%s' assess --resume` carries on", name));
	}
	sqlite3_finalize(st);
	st = NULL;
	check_cohorts(db, path, c);
out:
	sqlite3_finalize(st);
	free(first);
	sqlite3_close(db);
}

enum cr_status cr_store_check(const char *path, cr_checks *out, cr_diags *d)
{
	struct stat sb;
	if (lstat(path, &sb) != 0) {
		if (errno == ENOENT)
			return CR_ENOTFOUND;
		return cr_diag_add(d, CR_ESTORE, path, 0, 0, "cannot examine the database: %s", strerror(errno));
	}
	check_folder(path, out);
	check_files(path, &sb, out);
	if (!S_ISREG(sb.st_mode))
		return CR_OK;
	/* Look at the header before SQLite does: an empty file or a stranger is not "corrupt". */
	char head[16] = {0};
	FILE *f = fopen(path, "rb");
	size_t got = f ? fread(head, 1, sizeof head, f) : 0;
	if (f)
		fclose(f);
	if (!f) {
		finding(out, CR_CHECK_PROBLEM, cr_xprintf("cannot read the database: %s", strerror(errno)),
			cr_xprintf("check its permissions (chmod 600)"));
	} else if (got == 0) {
		finding(out, CR_CHECK_NOTE, cr_xprintf("the file is empty: created, but nothing saved yet"), NULL);
	} else if (got < sizeof head || memcmp(head, "SQLite format 3", 16) != 0) {
		finding(out, CR_CHECK_PROBLEM, cr_xprintf("not a SQLite database: the file does not start with a SQLite header"),
			cr_xprintf("pass --db with the right file; if this was your profile database, restore it from a backup"));
	} else {
		check_contents(path, out);
	}
	return CR_OK;
}
