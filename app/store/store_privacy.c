/* store_privacy.c - erasing a profile for good, and emptying the log after a delete (see store.h). */
#include <string.h>

#include "store_private.h"

static enum cr_status count(cr_store *s, const char *sql, int64_t profile, int *out, cr_diags *d)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, profile);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? CR_OK : cr_store_fail(s, d, rc, "cannot count what the profile holds");
}

/*
 * Copies the write-ahead log into the database and empties it, after a
 * delete: busy when another connection reads (see store_private.h).
 */
enum cr_status cr_store_wal_clear(cr_store *s, const char *deleted, const char *cmd, cr_diags *d)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL);
	int busy = 0;
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		busy = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return cr_store_fail(s, d, rc, "cannot clear the write-ahead log");
	if (busy) {
		cr_diag_add(d, CR_ESTORE, s->path, 0, 0,
			    "%s deleted, but another program is reading the database, so old copies of its"
			    " pages may remain in the write-ahead log (%s-wal)", deleted, s->path);
		cr_diag_hint(d, "close every other career-risk using this database, then run `career-risk %s`"
				" once: the log is cleared when the last connection closes", cmd);
		return CR_ESTORE;
	}
	return CR_OK;
}

enum cr_status cr_store_erase(cr_store *s, const char *name, cr_erase_counts *c, cr_diags *d)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM session WHERE profile_id = ?1",
		"SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id WHERE s.profile_id = ?1",
		"SELECT count(*) FROM note n JOIN session s ON s.id = n.session_id WHERE s.profile_id = ?1",
		"SELECT count(*) FROM plan_item WHERE profile_id = ?1",
		"SELECT count(*) FROM credit c JOIN plan_item i ON i.id = c.item_id WHERE i.profile_id = ?1",
	};
	sqlite3_stmt *st = NULL;
	int64_t profile = 0;
	memset(c, 0, sizeof *c);
	enum cr_status ret = cr_store_check_name(name, d);
	if (ret)
		return ret;
	ret = cr_store_exec(s, "BEGIN IMMEDIATE", "cannot lock the database to erase the profile", d);
	if (ret)
		return ret;
	int rc = sqlite3_prepare_v2(s->db, "SELECT id FROM profile WHERE name = ?1", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		profile = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		cr_diag_add(d, CR_ENOTFOUND, NULL, 0, 0, "no profile named '%s'; nothing was erased", name);
		cr_diag_hint(d, "`career-risk " CR_CMD_PROFILE_LIST "` shows the profiles");
		ret = CR_ENOTFOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		ret = cr_store_fail(s, d, rc, "cannot look up the profile");
		goto out;
	}
	int *into[] = {&c->sessions, &c->answers, &c->notes, &c->items, &c->credits};
	for (size_t i = 0; i < sizeof sql / sizeof *sql && !ret; i++)
		ret = count(s, sql[i], profile, into[i], d);
	/* Foreign keys cascade from the profile to its sessions, answers, notes, plan and credits. */
	if (!ret)
		ret = cr_store_run(s, "DELETE FROM profile WHERE id = ?1", "cannot erase the profile", d, "i", profile);
	if (!ret)
		ret = cr_store_exec(s, "COMMIT", "cannot erase the profile", d);
out:
	if (ret) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return ret;
	}
	/*
	 * secure_delete zeroed the freed content in the database's pages, but the
	 * write-ahead log still holds the pages as they were: copy the log back,
	 * empty it, rebuild the file without free pages (in memory, so no temporary
	 * file holds a copy), and empty the log the rebuild wrote.
	 */
	if ((ret = cr_store_wal_clear(s, "the profile was", "profile list", d)))
		return ret;
	if ((ret = cr_store_exec(s, "PRAGMA temp_store = MEMORY; VACUUM", "cannot compact the database", d)))
		return ret;
	return cr_store_wal_clear(s, "the profile was", "profile list", d);
}
