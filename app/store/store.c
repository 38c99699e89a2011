/* store.c - see store.h. */
#include "store.h"
#include "store_private.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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
static enum cr_status readonly_refusal(const char *path, cr_diags *d)
{
	cr_diag_add(d, CR_ESTORE, path, 0, 0, "the database is read-only: career-risk could not save anything to it");
	cr_diag_hint(d, "reading works (history, report, export...); to save, check the permissions of the file "
			"(chmod 600) and its folder, and that its disk is not mounted read-only, or pass " CR_FLAG_DB " with "
			"another path");
	return CR_ESTORE;
}

static enum cr_status fail(cr_store *s, cr_diags *d, int rc, const char *what)
{
	const char *path = s ? s->path : NULL;
	/* A write to a database opened read-only: the one message, whichever write it was. */
	if (s && s->readonly && (rc & 0xff) == SQLITE_READONLY)
		return readonly_refusal(path, d);
	const char *msg = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	/* The operating system's reason says more than "disk I/O error". */
	int sys = s && s->db ? sqlite3_system_errno(s->db) : 0;
	if ((rc & 0xff) == SQLITE_IOERR && sys)
		cr_diag_add(d, CR_ESTORE, path, 0, 0, "%s: %s (%s)", what, msg, strerror(sys));
	else if ((rc & 0xff) == SQLITE_BUSY && s && s->busy_gave_up_ms > 0)
		cr_diag_add(d, CR_ESTORE, path, 0, 0, "%s: %s (waited %lld s)", what, msg, (s->busy_gave_up_ms + 500) / 1000);
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
		cr_diag_hint(d, "the database or its folder is read-only; check its permissions or pass " CR_FLAG_DB " with a writable path");
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		cr_diag_hint(d, "the file is damaged or is not a career-risk database; keep a copy of it, then run "
				"`career-risk " CR_FLAG_DB " '%s' " CR_CMD_DOCTOR "` to see what can be done", path ? path : "FILE");
		break;
	case SQLITE_FULL:
		cr_diag_hint(d, "the disk is full; free some space and try again (nothing already saved was lost)");
		break;
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		cr_diag_hint(d, "check that the folder exists and is yours, or pass " CR_FLAG_DB " with another path");
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

/* Who may own and read the folder and the files (store_private.h). */
enum cr_dir_issue cr_store_dir_issue(const struct stat *sb)
{
	if (!S_ISDIR(sb->st_mode))
		return CR_DIR_NOT_DIR;
	if (sb->st_uid != geteuid() && sb->st_uid != 0)
		return CR_DIR_FOREIGN;
	if ((sb->st_mode & S_IWOTH) && !(sb->st_mode & S_ISVTX))
		return CR_DIR_WORLD_WRITABLE;
	return CR_DIR_OK;
}

enum cr_file_issue cr_store_file_issue(const struct stat *sb)
{
	if (!S_ISREG(sb->st_mode))
		return CR_FILE_NOT_REGULAR;
	if (sb->st_uid != geteuid())
		return CR_FILE_FOREIGN;
	if (sb->st_mode & (S_IRWXG | S_IRWXO))
		return CR_FILE_OPEN_MODE;
	return CR_FILE_OK;
}

/* The files SQLite keeps beside the database (store_private.h). */
const char *const cr_store_sidecars[CR_STORE_NSIDECARS] = {"-wal", "-shm", "-journal"};

char *cr_store_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return cr_xstrdup(".");
	if (slash == path)
		return cr_xstrdup("/");
	return cr_xstrndup(path, (size_t)(slash - path));
}

char *cr_store_resolve(const char *path)
{
	char *dir = cr_store_dir_of(path), *real = realpath(dir, NULL);
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *out = NULL;
	if (real && *base)
		out = strcmp(real, "/") == 0 ? cr_xprintf("/%s", base) : cr_xprintf("%s/%s", real, base);
	else if (real)
		errno = EISDIR;
	free(real);
	free(dir);
	return out;
}

/* Refuses the database's existing folder dir (stat in sb) when it is not a safe one of ours. */
static enum cr_status refuse_unsafe_dir(const char *dir, const struct stat *sb, cr_diags *d)
{
	switch (cr_store_dir_issue(sb)) {
	case CR_DIR_OK:
		return CR_OK;
	case CR_DIR_NOT_DIR:
		return cr_diag_add(d, CR_ESTORE, dir, 0, 0, "not a folder");
	case CR_DIR_FOREIGN:
		cr_diag_add(d, CR_ESTORE, dir, 0, 0, "unsafe folder: it belongs to another user, who could replace the database");
		cr_diag_hint(d, "keep your profiles in a folder of your own, or pass " CR_FLAG_DB " with another path");
		return CR_ESTORE;
	case CR_DIR_WORLD_WRITABLE:
		/* like tmux: a folder anyone may write to lets them swap the database */
		cr_diag_add(d, CR_ESTORE, dir, 0, 0, "unsafe permissions %03o: anyone can write to this folder",
			    (unsigned)(sb->st_mode & 0777));
		cr_diag_hint(d, "use a folder only you can write to (chmod 700), or pass " CR_FLAG_DB " with another path");
		return CR_ESTORE;
	}
	return CR_ESTORE;
}

/* Creates every missing folder of path's parent, owner-only; refuses unsafe existing ones. */
static enum cr_status prepare_dir(const char *path, cr_diags *d)
{
	char *dir = cr_store_dir_of(path);
	enum cr_status st = CR_OK;
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			st = cr_diag_add(d, CR_ESTORE, dir, 0, 0, "cannot create folder: %s", strerror(errno));
			cr_diag_hint(d, "pass " CR_FLAG_DB " with a path in a folder you can write to");
			goto out;
		}
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		st = cr_diag_add(d, CR_ESTORE, dir, 0, 0, "cannot create folder: %s", strerror(errno));
		cr_diag_hint(d, "pass " CR_FLAG_DB " with a path in a folder you can write to");
		goto out;
	}
	struct stat sb;
	if (stat(dir, &sb) != 0) {
		st = cr_diag_add(d, CR_ESTORE, dir, 0, 0, "cannot read the folder: %s", strerror(errno));
		goto out;
	}
	st = refuse_unsafe_dir(dir, &sb, d);
out:
	free(dir);
	return st;
}

/* Refuses an existing file (the database or one beside it) that is not ours alone. */
static enum cr_status refuse_unsafe(const char *path, const struct stat *sb, bool sidecar, cr_diags *d)
{
	switch (cr_store_file_issue(sb)) {
	case CR_FILE_OK:
		return CR_OK;
	case CR_FILE_NOT_REGULAR:
		if (S_ISLNK(sb->st_mode)) {
			/* A linked folder is followed (cr_store_resolve); a linked file is not: whoever can
			 * change the link could point the next save at another file. */
			char *target = realpath(path, NULL);
			cr_diag_add(d, CR_ESTORE, path, 0, 0, "the database is a symbolic link%s%s%s; career-risk "
				    "does not follow a linked database file", target ? " (to " : "", target ? target : "",
				    target ? ")" : "");
			if (target)
				cr_diag_hint(d, "pass " CR_FLAG_DB " '%s', the file it points to", target);
			else
				cr_diag_hint(d, "the link points to nothing; pass " CR_FLAG_DB " with the path of the database file itself");
			free(target);
			return CR_ESTORE;
		}
		cr_diag_add(d, CR_ESTORE, path, 0, 0, "not a regular file (a link or a device?)");
		cr_diag_hint(d, sidecar ? "remove it: SQLite keeps its journal here and a link could redirect it"
					: "pass " CR_FLAG_DB " with the path of the database file itself");
		return CR_ESTORE;
	case CR_FILE_FOREIGN:
		cr_diag_add(d, CR_ESTORE, path, 0, 0, "%s belongs to another user",
			    sidecar ? "this journal of the database" : "the database");
		cr_diag_hint(d, sidecar ? "was career-risk run as another user (sudo?) on this database? that user can "
					  "remove it once no career-risk is running"
					: "profiles hold personal data; use your own database (" CR_FLAG_DB ")");
		return CR_ESTORE;
	case CR_FILE_OPEN_MODE:
		cr_diag_add(d, CR_ESTORE, path, 0, 0, "unsafe permissions %03o: others can read this personal data",
			    (unsigned)(sb->st_mode & 0777));
		cr_diag_hint(d, "run `chmod 600 %s` and try again", path);
		return CR_ESTORE;
	}
	return CR_ESTORE;
}

/*
 * Creates the file 0600 if missing (*created says so); refuses a file that is
 * not ours or that others can read, and the same for the journal files SQLite
 * keeps beside it.
 * `path` is the one to use (its folders resolved), `shown` the one to name.
 */
static enum cr_status prepare_file(const char *path, const char *shown, bool *created, cr_diags *d)
{
	struct stat sb;
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	*created = fd >= 0;
	if (fd >= 0) {
		close(fd);
	} else if (errno != EEXIST) {
		cr_diag_add(d, CR_ESTORE, shown, 0, 0, "cannot create the database: %s", strerror(errno));
		cr_diag_hint(d, errno == EACCES || errno == EROFS
					? "the folder is read-only; pass " CR_FLAG_DB " with a path in a folder you can write to"
					: "check the path, or pass " CR_FLAG_DB " with another one");
		return CR_ESTORE;
	} else if (lstat(path, &sb) != 0) {
		return cr_diag_add(d, CR_ESTORE, shown, 0, 0, "cannot read the database: %s", strerror(errno));
	} else if (refuse_unsafe(shown, &sb, false, d)) {
		return CR_ESTORE;
	}
	for (size_t i = 0; i < CR_STORE_NSIDECARS; i++) {
		char *side = cr_xprintf("%s%s", path, cr_store_sidecars[i]);
		char *side_shown = cr_xprintf("%s%s", shown, cr_store_sidecars[i]);
		enum cr_status st = lstat(side, &sb) == 0 ? refuse_unsafe(side_shown, &sb, true, d) : CR_OK;
		free(side);
		free(side_shown);
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

/*
 * Syncs the database file through SQLite's own file (the fdatasync it would
 * do): for a new database switched to WAL unsynced (migrate).
 */
static enum cr_status sync_file(cr_store *s, cr_diags *d)
{
	sqlite3_file *f = NULL;
	int rc = sqlite3_file_control(s->db, "main", SQLITE_FCNTL_FILE_POINTER, &f);
	if (rc == SQLITE_OK && f && f->pMethods)
		rc = f->pMethods->xSync(f, SQLITE_SYNC_FULL);
	if (rc == SQLITE_OK)
		return CR_OK;
	cr_diag_add(d, CR_ESTORE, s->path, 0, 0, "cannot set up the database: %s", sqlite3_errstr(rc));
	cr_diag_hint(d, "the disk reported an error; check free space and the file system");
	return CR_ESTORE;
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
	/*
	 * The file's first page, which says WAL, on disk before the first commit
	 * that can be followed by a person's (SQLite throws a log beside an empty
	 * file away): a new database may have been switched unsynced, by this run
	 * or by another creating it at the same moment (cr_store_open_busy). Under
	 * the write lock, so no one commits in between; a schema already there was
	 * synced so by whoever wrote it.
	 */
	if (version < cr_migration_count && (ret = sync_file(s, d)))
		goto out;
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
static enum cr_status check_identity(cr_store *s, long long *version_out, cr_diags *d)
{
	long long version = query_int(s, "PRAGMA user_version", "cannot read the schema version", d);
	*version_out = version;
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
		/*
		 * One statement, so one snapshot: another career-risk creating the
		 * same new database may commit its schema (tables and user_version
		 * together) between two separate reads, and its tables must not be
		 * taken for another program's. Tables count only while the version
		 * read with them is still 0.
		 */
		long long tables = query_int(s,
					     "SELECT count(*) FROM sqlite_schema"
					     " WHERE (SELECT user_version FROM pragma_user_version) = 0",
					     "cannot read the profile database", d);
		if (tables < 0)
			return CR_ESTORE;
		if (tables > 0) {
			cr_diag_add(d, CR_ESTORE, s->path, 0, 0,
				    "a SQLite database of another program, not a career-risk profile database");
			cr_diag_hint(d, "pass " CR_FLAG_DB " with another path; career-risk leaves this file as it is");
			return CR_ESTORE;
		}
	}
	return CR_OK;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * SQLite's busy handler (count is 0 at the start of each wait): waits while
 * the face's busy function says so, or for CR_STORE_BUSY_TIMEOUT_MS without
 * one. Time is measured, not summed from the sleeps, so a slow machine
 * (valgrind) waits as long as a fast one. Returns nonzero to try again.
 */
static int on_busy(void *p, int count)
{
	static const int steps_ms[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50};
	cr_store *s = p;
	if (count == 0)
		s->busy_since_ms = now_ms();
	long long waited = now_ms() - s->busy_since_ms;
	if (s->busy ? !s->busy(s->busy_ctx, waited) : waited >= CR_STORE_BUSY_TIMEOUT_MS) {
		s->busy_gave_up_ms = waited; /* for the message: "database is locked" after how long */
		return 0;
	}
	sqlite3_sleep(count < (int)CR_ARRAY_LEN(steps_ms) ? steps_ms[count] : 100);
	return 1;
}

static bool is_readonly_rc(int rc)
{
	return (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN;
}

/*
 * Opens `real` for SQLite with the store's settings, read-write or (readonly)
 * as cr_store_sqlite_readonly does; the schema is read, so a file that is not
 * a database fails here.
 */
static int open_db(cr_store *s, const char *real, bool readonly)
{
	/*
	 * NOMUTEX: a store's connection is used by one thread at a time (batch
	 * --store writes from its main thread alone), so SQLite's own lock around
	 * every call, 5% of a million-row --store run, guards nothing.
	 */
	int rc = readonly ? cr_store_sqlite_readonly(real, &s->db)
			  : sqlite3_open_v2(real, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
					    NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_handler(s->db, on_busy, s);
	return sqlite3_exec(s->db, "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;"
				   "SELECT count(*) FROM sqlite_schema;",
			    NULL, NULL, NULL);
}

/*
 * Whether no journal beside path holds anything: a write-ahead log with
 * changes, or a rollback journal of an interrupted write. Only then may the
 * file be read as immutable (the log would be missed, the rollback skipped).
 */
static bool no_journal(const char *path)
{
	bool none = true;
	for (size_t i = 0; i < CR_STORE_NSIDECARS; i++) {
		if (strcmp(cr_store_sidecars[i], "-shm") == 0)
			continue;
		char *side = cr_xprintf("%s%s", path, cr_store_sidecars[i]);
		struct stat sb;
		none &= lstat(side, &sb) != 0 || sb.st_size == 0;
		free(side);
	}
	return none;
}

/* "file:PATH?immutable=1" with PATH percent-encoded where a URI needs it; caller frees. */
static char *immutable_uri(const char *path)
{
	cr_sb b = {0};
	cr_sb_addf(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f)
			cr_sb_addf(&b, "%%%02X", *p);
		else
			cr_sb_addf(&b, "%c", *p);
	}
	cr_sb_addf(&b, "?immutable=1");
	return b.s;
}

int cr_store_sqlite_readonly(const char *real, sqlite3 **db)
{
	int rc = sqlite3_open_v2(real, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(*db, 1); /* READONLY_ROLLBACK must be told from READONLY_CANTINIT */
		rc = sqlite3_exec(*db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	}
	if (is_readonly_rc(rc) && rc != SQLITE_READONLY_ROLLBACK && rc != SQLITE_READONLY_RECOVERY && no_journal(real)) {
		sqlite3_close(*db);
		*db = NULL;
		char *uri = immutable_uri(real);
		rc = sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_URI, NULL);
		free(uri);
	}
	return rc;
}

bool cr_store_readonly(const cr_store *s)
{
	return s && s->readonly;
}

enum cr_status cr_store_writable(cr_store *s, cr_diags *d)
{
	return s->readonly ? readonly_refusal(s->path, d) : CR_OK;
}

enum cr_status cr_store_creatable(const char *path, cr_diags *d)
{
	char *dir = cr_store_dir_of(path);
	enum cr_status st = CR_OK;
	struct stat sb;
	if (stat(dir, &sb) == 0) {
		/* the folder is there: prepare_dir's checks, then prepare_file's refusal */
		if ((st = refuse_unsafe_dir(dir, &sb, d)))
			goto out;
		if (access(dir, W_OK | X_OK) != 0) {
			st = cr_diag_add(d, CR_ESTORE, path, 0, 0, "cannot create the database: %s", strerror(errno));
			cr_diag_hint(d, errno == EACCES || errno == EROFS
						? "the folder is read-only; pass " CR_FLAG_DB " with a path in a folder you can write to"
						: "check the path, or pass " CR_FLAG_DB " with another one");
		}
		goto out;
	}
	if (errno != ENOENT) {
		st = cr_diag_add(d, CR_ESTORE, dir, 0, 0, "cannot create folder: %s", strerror(errno));
		cr_diag_hint(d, "pass " CR_FLAG_DB " with a path in a folder you can write to");
		goto out;
	}
	/* the first missing folder is the one prepare_dir would create first: its parent must take it */
	char *missing = cr_xstrdup(dir), *parent;
	int err;
	for (;;) {
		parent = cr_store_dir_of(missing);
		if (stat(parent, &sb) == 0) {
			err = !S_ISDIR(sb.st_mode) ? ENOTDIR : access(parent, W_OK | X_OK) != 0 ? errno : 0;
			break;
		}
		err = errno;
		if (err != ENOENT || strcmp(parent, missing) == 0)
			break;
		free(missing);
		missing = parent;
	}
	free(parent);
	if (err) {
		st = cr_diag_add(d, CR_ESTORE, missing, 0, 0, "cannot create folder: %s", strerror(err));
		cr_diag_hint(d, "pass " CR_FLAG_DB " with a path in a folder you can write to");
	}
	free(missing);
out:
	free(dir);
	return st;
}

enum cr_status cr_store_open(const char *path, cr_store **out, cr_diags *d)
{
	return cr_store_open_busy(path, NULL, NULL, out, d);
}

enum cr_status cr_store_open_busy(const char *path, cr_store_busy_fn fn, void *ctx, cr_store **out, cr_diags *d)
{
	enum cr_status st;
	/*
	 * No page-cache slab set up ahead: SQLite's default threads 20-odd page
	 * buffers together when a connection first reads, touching each (about
	 * 60 page faults, each tens of microseconds on a virtual machine) where a
	 * command reads a handful of pages; pages are allocated as needed instead.
	 * And no memory statistics, which nothing here reads: keeping them takes a
	 * lock around each of SQLite's allocations, 2% of a million-row --store.
	 * Only possible before SQLite initialises (the first open); later it is
	 * refused (SQLITE_MISUSE) and changes nothing.
	 */
	sqlite3_config(SQLITE_CONFIG_PAGECACHE, (void *)NULL, 0, 0);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if ((st = prepare_dir(path, d)))
		return st;
	/*
	 * SQLITE_OPEN_NOFOLLOW refuses a link anywhere in the path, so a linked
	 * home or ~/.local/share made every open fail (D5). The folders are
	 * resolved here and the file name kept: a linked folder is followed, a
	 * linked database file is still refused (prepare_file, O_NOFOLLOW, and
	 * SQLite's NOFOLLOW). Messages keep the path as given.
	 */
	char *real = cr_store_resolve(path);
	if (!real) {
		cr_diag_add(d, CR_ESTORE, path, 0, 0, "cannot find the database's folder: %s", strerror(errno));
		cr_diag_hint(d, "check the path, or pass " CR_FLAG_DB " with another one");
		return CR_ESTORE;
	}
	bool created;
	if ((st = prepare_file(real, path, &created, d))) {
		free(real);
		return st;
	}
	cr_store *s = cr_xcalloc(1, sizeof *s);
	s->path = cr_xstrdup(path);
	s->busy = fn;
	s->busy_ctx = ctx;
	int rc = open_db(s, real, false);
	/*
	 * SQLite quietly opens a file it may not write read-only (chmod 400, a
	 * read-only mount); in a folder it may not write, reading a WAL database
	 * fails as it cannot make the log. Either way the database is opened
	 * read-only: reads are served, writes refused with one clear message.
	 */
	if (rc == SQLITE_OK && sqlite3_db_readonly(s->db, "main") == 1) {
		s->readonly = true;
	} else if (is_readonly_rc(rc) && s->db) {
		/* the first failure names the cause; kept in case reading fails as well */
		cr_diags first = {0};
		fail(s, &first, rc, "cannot open the profile database");
		sqlite3_close(s->db);
		s->db = NULL;
		s->readonly = true;
		rc = open_db(s, real, true);
		if (rc != SQLITE_OK) {
			for (size_t i = 0; i < first.n; i++) {
				cr_diag_add(d, first.v[i].status, first.v[i].file, 0, 0, "%s", first.v[i].msg);
				if (first.v[i].hint)
					cr_diag_hint(d, "%s", first.v[i].hint);
			}
			st = CR_ESTORE;
		}
		cr_diags_clear(&first);
		if (st) {
			free(real);
			goto fail;
		}
	}
	free(real);
	if (rc != SQLITE_OK) {
		st = fail(s, d, rc, "cannot open the profile database");
		goto fail;
	}
	long long version = -1;
	if ((st = check_identity(s, &version, d)))
		goto fail;
	if (s->readonly) {
		/* nothing can be set up or upgraded: only this version's schema can be read as it is */
		if (version < cr_migration_count) {
			st = cr_diag_add(d, CR_ESTORE, path, 0, 0, "the database is read-only and %s, so career-risk cannot "
				       "read it", version ? "needs its schema upgraded" : "empty (never set up)");
			cr_diag_hint(d, "check the permissions of the file (chmod 600) and its folder, and that its disk "
					"is not mounted read-only, or pass " CR_FLAG_DB " with another path");
		}
		if (st)
			goto fail;
		*out = s;
		return CR_OK;
	}
	/*
	 * A database this run has just created holds nothing, and setting it up
	 * synced cost nine syncs before `assess` asked its first question on a
	 * fresh home (the switch to WAL through a rollback journal synced three
	 * times and its folder once; the schema's first commit to the new log,
	 * its header, its frames and its folder): most of the 45 ms it took. Nothing
	 * can be lost there, so both run unsynced (this connection's setting only;
	 * another run that set the schema up first makes them do nothing), but for
	 * the one sync migrate makes of the file before it writes the schema. The
	 * log, schema included, is synced with the first commit after, folder and all.
	 */
	bool fresh = created && version == 0;
	if (fresh && (st = exec(s, "PRAGMA synchronous = OFF", "cannot set up the new database", d)))
		goto fail;
	sqlite3_stmt *jm = NULL;
	rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &jm, NULL);
	/* Switching to WAL needs the database to itself and SQLite reports SQLITE_BUSY at once, without
	 * its busy handler, while another process is creating the same file: wait as the handler would. */
	for (int count = 0; rc == SQLITE_OK; count++) {
		rc = sqlite3_step(jm);
		if ((rc & 0xff) != SQLITE_BUSY || !on_busy(s, count))
			break;
		sqlite3_reset(jm);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(jm);
		st = fail(s, d, rc, "cannot switch the database to WAL mode");
		goto fail;
	}
	sqlite3_finalize(jm);
	/* Only an older schema takes the write lock: a reader must not wait for another process's writes. */
	if (version < cr_migration_count && (st = migrate(s, d)))
		goto fail;
	if (fresh && (st = exec(s, "PRAGMA synchronous = FULL", "cannot set up the new database", d)))
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
		cr_diag_hint(d, "`career-risk " CR_CMD_PROFILE_LIST "` shows the profiles");
		return CR_EUSAGE;
	}
	/* a newline or an escape in a name would break every table and message that shows it */
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "a profile name cannot hold control characters");
			cr_diag_hint(d, "`career-risk " CR_CMD_PROFILE_LIST "` shows the profiles");
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
		cr_diag_hint(d, "`career-risk " CR_CMD_PROFILE_LIST "` shows the profiles");
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
		cr_diag_hint(d, "`career-risk " CR_CMD_PROFILE_LIST "` shows the profiles");
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

/* ---- stored results ---------------------------------------------------------- */

bool cr_store_result_ok(const char *json, char **why)
{
	cr_diags scratch = {0};
	cr_snapshot *snap = NULL;
	*why = NULL;
	bool ok = json && cr_snapshot_parse("the stored result", json, &snap, &scratch) == CR_OK;
	cr_snapshot_free(snap);
	if (!ok)
		*why = json && scratch.n ? cr_diag_format(&scratch.v[0]) : cr_xstrdup("the stored result is missing");
	cr_diags_clear(&scratch);
	return ok;
}

enum cr_status cr_store_result_damaged(const char *path, const char *profile, int num, const char *why,
				       cr_diags *d)
{
	cr_diag_add(d, CR_ESTORE, path, 0, 0, "profile '%s', session %d: the stored result is damaged (%s)", profile,
		    num, why);
	cr_diag_hint(d, "keep a copy of the database, then run `career-risk " CR_FLAG_DB " '%s' " CR_CMD_DOCTOR "`: it names every damaged "
			"session and says how to save what can still be read",
		     path ? path : "FILE");
	return CR_ESTORE;
}
