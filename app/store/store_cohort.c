/* store_cohort.c - HR intake cohorts in the profile database (see store.h). */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "store_private.h"

struct cr_store_cohort {
	cr_store *s;
	sqlite3 *db;
	sqlite3_stmt *insert;
	int64_t id;
	size_t in_chunk;  /* rows written in the open transaction */
	bool finished;
};

static enum cr_status exec1(cr_store_cohort *w, const char *sql, const char *what, cr_diags *d)
{
	int rc = sqlite3_exec(w->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? CR_OK : cr_store_fail(w->s, d, rc, what);
}

enum cr_status cr_store_cohort_begin(cr_store *s, const char *name, const char *source, const char *questionnaire,
				     const char *kb_version, cr_store_cohort **out, cr_diags *d)
{
	cr_store_cohort *w = cr_xcalloc(1, sizeof *w);
	w->s = s;
	w->db = s->db;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(w->db,
				    "INSERT INTO intake_cohort(name, source, questionnaire, kb_version) VALUES (?1, ?2, ?3, ?4)",
				    -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = source ? sqlite3_bind_text(st, 2, source, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, 2);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 3, questionnaire, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 4, kb_version, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	if (rc != SQLITE_OK) {
		enum cr_status ret = cr_store_fail(s, d, rc, "cannot start the intake cohort");
		free(w);
		return ret;
	}
	w->id = sqlite3_last_insert_rowid(w->db);
	rc = sqlite3_prepare_v2(w->db,
				"INSERT INTO intake_result(cohort_id, record, employee_id, groups_json, occupation, score, band, "
				"range_low, range_high, routineness, ai_usage, specialization, recommendations, roles) "
				"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
				-1, &w->insert, NULL);
	if (rc != SQLITE_OK) {
		enum cr_status ret = cr_store_fail(s, d, rc, "cannot prepare to store the cohort");
		cr_store_cohort_free(w);
		return ret;
	}
	*out = w;
	return CR_OK;
}

int64_t cr_store_cohort_id(const cr_store_cohort *w)
{
	return w->id;
}

static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

enum cr_status cr_store_cohort_put(cr_store_cohort *w, const cr_store_cohort_row *row, cr_diags *d)
{
	enum cr_status ret;
	if (!w->in_chunk && (ret = exec1(w, "BEGIN IMMEDIATE", "cannot lock the database to store the cohort", d)))
		return ret;
	sqlite3_stmt *st = w->insert;
	int rc = sqlite3_bind_int64(st, 1, w->id);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, row->record);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 3, row->employee_id);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 4, row->groups_json);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 5, row->occupation);
	const int ints[] = {row->score, 0, row->range_low, row->range_high, row->routineness, row->ai_usage,
			    row->specialization};
	for (int i = 0; rc == SQLITE_OK && i < 7; i++)
		rc = i == 1 ? bind_text(st, 7, row->band) : sqlite3_bind_int(st, 6 + i, ints[i]);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 13, row->recommendations);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 14, row->roles);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_OK)
		return cr_store_fail(w->s, d, rc, "cannot store a cohort row");
	if (++w->in_chunk == CR_STORE_COHORT_CHUNK) {
		w->in_chunk = 0;
		return exec1(w, "COMMIT", "cannot commit cohort rows", d);
	}
	return CR_OK;
}

enum cr_status cr_store_cohort_finish(cr_store_cohort *w, int64_t rows_read, int64_t rows_scored, int64_t rows_bad,
				      cr_diags *d)
{
	enum cr_status ret;
	if (!w->in_chunk && (ret = exec1(w, "BEGIN IMMEDIATE", "cannot lock the database to finish the cohort", d)))
		return ret;
	w->in_chunk = 1; /* a transaction is open */
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(w->db,
				    "UPDATE intake_cohort SET status = 'done', finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
				    "rows_read = ?2, rows_scored = ?3, rows_bad = ?4 WHERE id = ?1",
				    -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, w->id);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, rows_read);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, rows_scored);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, rows_bad);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return cr_store_fail(w->s, d, rc, "cannot finish the cohort");
	if ((ret = exec1(w, "COMMIT", "cannot commit the cohort", d)))
		return ret;
	w->in_chunk = 0;
	w->finished = true;
	return CR_OK;
}

void cr_store_cohort_free(cr_store_cohort *w)
{
	if (!w)
		return;
	sqlite3_finalize(w->insert);
	if (w->in_chunk)
		sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
	if (!w->finished) {
		/* an unfinished cohort would mislead: take back what was committed */
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(w->db, "DELETE FROM intake_cohort WHERE id = ?1", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_bind_int64(st, 1, w->id) == SQLITE_OK)
			sqlite3_step(st);
		sqlite3_finalize(st);
	}
	free(w);
}
