/*
 * store_check.c - `career-risk doctor`: examines a database without changing
 * it (see cr_store_check in store.h). Kept apart from store.c, which opens and
 * writes, so that the rules the two share (who may own the folder and the
 * files: store_private.h) are the only thing they share.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/util.h"
#include "store_private.h"

/* Generated at build time from the SQL files in profiles/schema (see CMakeLists.txt). */
extern const int cr_migration_count;

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
	char *dir = cr_store_dir_of(path);
	struct stat sb;
	if (stat(dir, &sb) != 0) {
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("cannot examine the folder %s: %s", dir, strerror(errno)), NULL);
		free(dir);
		return;
	}
	unsigned mode = (unsigned)(sb.st_mode & 0777);
	switch (cr_store_dir_issue(&sb)) {
	case CR_DIR_NOT_DIR:
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("%s is not a folder", dir), NULL);
		break;
	case CR_DIR_FOREIGN:
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("the folder %s belongs to another user, who could replace the database", dir),
			cr_xprintf("move the database to a folder of your own and pass " CR_FLAG_DB " with its new path"));
		break;
	case CR_DIR_WORLD_WRITABLE:
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("anyone can write to the folder %s (%03o): they could replace the database", dir, mode),
			cr_xprintf("run `chmod 700 %s`, or move the database to a folder of your own", dir));
		break;
	case CR_DIR_OK:
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
	switch (cr_store_file_issue(sb)) {
	case CR_FILE_NOT_REGULAR:
		if (S_ISLNK(sb->st_mode)) {
			char *target = realpath(path, NULL);
			finding(c, CR_CHECK_PROBLEM,
				cr_xprintf("%s is a symbolic link: career-risk refuses a linked database file (linked folders are followed)", path),
				target ? cr_xprintf("pass " CR_FLAG_DB " '%s', the file it points to", target)
				       : cr_xprintf("the link points to nothing; pass " CR_FLAG_DB " with the database file itself"));
			free(target);
			return;
		}
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("%s is not a regular file (a device?)", path),
			cr_xprintf("pass " CR_FLAG_DB " with the path of the database file itself"));
		return;
	case CR_FILE_FOREIGN:
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("the database belongs to another user"),
			cr_xprintf("profiles hold personal data: ask its owner, or use a database of your own (" CR_FLAG_DB ")"));
		break;
	case CR_FILE_OPEN_MODE:
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("others can read the database (%03o); career-risk refuses to use it", mode),
			cr_xprintf("run `chmod 600 %s`", path));
		break;
	case CR_FILE_OK:
		/* a note, not a problem: career-risk reads such a database (history, reports, export) */
		if (!(sb->st_mode & S_IWUSR))
			finding(c, CR_CHECK_NOTE, cr_xprintf("the database is read-only (%03o): career-risk reads it but cannot save to it", mode),
				cr_xprintf("run `chmod 600 %s` to save to it again", path));
		else if (access(path, W_OK) != 0 && errno == EROFS)
			finding(c, CR_CHECK_NOTE, cr_xprintf("the database is on a read-only file system: career-risk reads it but cannot save to it"),
				cr_xprintf("to save to it, copy it to a writable disk and pass " CR_FLAG_DB " with the copy"));
		else
			finding(c, CR_CHECK_OK, cr_xprintf("the database is yours and private (%03o)", mode), NULL);
		break;
	}
	for (size_t i = 0; i < CR_STORE_NSIDECARS; i++) {
		char *side = cr_xprintf("%s%s", path, cr_store_sidecars[i]);
		struct stat ss;
		if (lstat(side, &ss) != 0) {
			free(side);
			continue;
		}
		enum cr_file_issue fi = cr_store_file_issue(&ss);
		if (fi == CR_FILE_NOT_REGULAR)
			finding(c, CR_CHECK_PROBLEM, cr_xprintf("%s is not a regular file: a link could redirect the database's writes", side),
				cr_xprintf("remove it while no career-risk is running"));
		else if (fi == CR_FILE_FOREIGN)
			finding(c, CR_CHECK_PROBLEM, cr_xprintf("%s belongs to another user (career-risk run with sudo?)", side),
				cr_xprintf("that user can remove it once no career-risk is running"));
		else if (fi == CR_FILE_OPEN_MODE)
			finding(c, CR_CHECK_PROBLEM, cr_xprintf("others can read %s (%03o), which holds recent answers", side,
							(unsigned)(ss.st_mode & 0777)),
				cr_xprintf("run `chmod 600 %s`", side));
		else if (strcmp(cr_store_sidecars[i], "-wal") == 0 && ss.st_size > 0)
			finding(c, CR_CHECK_NOTE, cr_xprintf("a write-ahead log of %lld bytes holds changes not yet copied into the "
							     "database: normal while career-risk runs; after a crash they are "
							     "applied the next time it opens the database",
							     (long long)ss.st_size),
				cr_xprintf("nothing to do; do not delete %s, it may hold your latest answers", side));
		else if (strcmp(cr_store_sidecars[i], "-journal") == 0 && ss.st_size > 0)
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
			  "still be read, then pass " CR_FLAG_DB " recovered.db", path);
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
		finding(c, CR_CHECK_OK, cr_xprintf("%lld intake cohort%s stored by `career-risk " CR_CMD_BATCH " " CR_FLAG_STORE "`", total,
						   total == 1 ? "" : "s"),
			NULL);
	if (unfinished > SHOWN)
		cr_sb_addf(&ids, " and %lld more", unfinished - SHOWN);
	if (unfinished)
		finding(c, CR_CHECK_NOTE,
			cr_xprintf("%lld unfinished intake cohort%s (id%s %s): a `career-risk " CR_CMD_BATCH " " CR_FLAG_STORE "` that stopped "
				   "before finishing (killed, or the machine went down) leaves its cohort with the "
				   "results it had stored; a batch still running looks the same",
				   unfinished, unfinished == 1 ? "" : "s", unfinished == 1 ? "" : "s", ids.s),
			/* the command on a line of its own: test_security takes a format call and an SQL verb on one line for SQL */
			cr_xprintf("once no batch is running, `career-risk "
				   CR_CMD_COHORT_DELETE " " CR_FLAG_UNFINISHED "` removes %s "
				   "(`career-risk " CR_CMD_COHORT_LIST "` shows %s first)",
				   unfinished == 1 ? "it" : "them", unfinished == 1 ? "it" : "them"));
out:
	sqlite3_finalize(st);
	cr_sb_free(&ids);
}

/*
 * Every stored result read back as reports read it (cr_store_result_ok): a
 * database whose pages are sound can still hold a result that does not parse
 * (written by hand, a bad restore), and every report, export and history of
 * its profile then fails. Sessions are numbered per profile, as people see
 * them.
 */
static void check_results(sqlite3 *db, const char *path, cr_checks *c)
{
	enum { SHOWN = 10 }; /* damaged sessions named; the rest are counted */
	sqlite3_stmt *st = NULL;
	long long checked = 0, damaged = 0;
	int rc = sqlite3_prepare_v2(db,
				    "SELECT p.name, s.num, s.result_json FROM"
				    " (SELECT profile_id, status, score, result_json,"
				    "         row_number() OVER (PARTITION BY profile_id ORDER BY id) AS num FROM session) s"
				    " JOIN profile p ON p.id = s.profile_id"
				    " WHERE s.status = 'done' AND s.score IS NOT NULL AND s.result_json IS NOT NULL"
				    " ORDER BY p.name, s.num",
				    -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		checked++;
		char *why = NULL;
		if (cr_store_result_ok((const char *)sqlite3_column_text(st, 2), &why))
			continue;
		if (++damaged <= SHOWN)
			finding(c, CR_CHECK_PROBLEM,
				cr_xprintf("profile '%s', session %d: the stored result is damaged (%s); its reports, "
					   "export, history and progress fail until it is repaired",
					   (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1), why),
				cr_xprintf("keep a copy of the file and restore it from a backup if there is one; the "
					   "session's answers are kept, and `sqlite3 %s .recover` shows what the file still holds",
					   path));
		free(why);
	}
	if (rc != SQLITE_DONE)
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("the stored results cannot be read: %s", sqlite3_errmsg(db)),
			recover_fix(path));
	else if (damaged > SHOWN)
		finding(c, CR_CHECK_PROBLEM, cr_xprintf("and %lld more damaged stored results", damaged - SHOWN), NULL);
	else if (!damaged && checked)
		finding(c, CR_CHECK_OK, cr_xprintf("every stored result reads back (%lld)", checked), NULL);
	sqlite3_finalize(st);
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
	for (size_t i = 0; i < CR_STORE_NSIDECARS; i++) {
		char *side = cr_xprintf("%s%s", path, cr_store_sidecars[i]);
		struct stat sb;
		sidecar |= lstat(side, &sb) == 0;
		free(side);
	}
	int flags = (sidecar || access(path, W_OK) != 0 ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOFOLLOW;
	int rc = sqlite3_open_v2(path, &db, flags, NULL);
	/* a read-only folder or mount, where the -shm file cannot be made: read as the store would */
	int probe = SQLITE_OK;
	if (rc == SQLITE_OK && sqlite3_exec(db, "SELECT 1 FROM sqlite_schema LIMIT 1", NULL, NULL, NULL) != SQLITE_OK)
		probe = sqlite3_extended_errcode(db); /* READONLY_ROLLBACK (a hot journal) is reported below, not bypassed */
	if ((probe & 0xff) == SQLITE_CANTOPEN ||
	    ((probe & 0xff) == SQLITE_READONLY && probe != SQLITE_READONLY_ROLLBACK && probe != SQLITE_READONLY_RECOVERY)) {
		sqlite3_close(db);
		db = NULL;
		rc = cr_store_sqlite_readonly(path, &db);
	}
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
				cr_xprintf("run `career-risk " CR_CMD_DOCTOR "` again when it is done"));
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
			cr_xprintf("pass " CR_FLAG_DB " with the path of your profile database"));
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
			cr_xprintf("`career-risk " CR_FLAG_PROFILE " '%s' " CR_CMD_ASSESS " " CR_FLAG_RESUME "` carries on", name));
	}
	sqlite3_finalize(st);
	st = NULL;
	check_results(db, path, c);
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
	/* As cr_store_open does: linked folders are followed (SQLite's NOFOLLOW would refuse them). */
	char *real = cr_store_resolve(path);
	if (real)
		path = real;
	check_folder(path, out);
	check_files(path, &sb, out);
	if (!S_ISREG(sb.st_mode))
		goto out;
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
			cr_xprintf("pass " CR_FLAG_DB " with the right file; if this was your profile database, restore it from a backup"));
	} else {
		check_contents(path, out);
	}
out:
	free(real);
	return CR_OK;
}
