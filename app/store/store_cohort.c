/* store_cohort.c - HR intake cohorts in the profile database (see store.h). */
#include <stdlib.h>
#include <string.h>

#include "../core/background.h"
#include "../core/util.h"
#include "store_private.h"

/*
 * The log copied into the database while the rows go on. The rows' commits
 * only append to the write-ahead log (no checkpoint in the rows' loop, see
 * cr_store_cohort_begin). Left to the end, a million rows meant syncing a
 * 240 MB log, copying it into the database and syncing that: nearly a second
 * after the last row, with nothing else to do (docs/performance.md). So a
 * thread with a connection of its own runs a PASSIVE checkpoint after each
 * commit of rows, coalescing commits that came while it was busy: it copies
 * what is committed without waiting for the writer or blocking it, and syncs
 * the log and the database (synchronous = FULL, the store's own setting). It
 * does only that I/O, and no promise rests on it: a checkpoint that fails or
 * is skipped leaves the rows in the log, where the cohort's final synced
 * commit keeps them and the next checkpoint copies them. The log still grows
 * to the cohort's size: it starts again from its beginning only when a write
 * begins with nothing left to copy, and the writer begins the next one
 * straight after each commit.
 */
struct cr_store_cohort {
	cr_store *s;
	sqlite3 *db;
	sqlite3_stmt *insert;
	int64_t id;
	size_t in_chunk;  /* rows written in the open transaction */
	bool finished;
	bool relaxed;     /* rows committed with synchronous = NORMAL, no automatic checkpoints */
	/* the checkpointer: its thread (NULL when it could not be started) and connection (owned) */
	cr_background *ckpt;
	sqlite3 *ckpt_db;
};

static bool checkpoint_job(void *ctx)
{
	sqlite3_wal_checkpoint_v2(ctx, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return true;
}

/* Starts w's checkpointer, or leaves it NULL when it cannot have one (the end then does it all). */
static void checkpointer_start(cr_store_cohort *w)
{
	const char *file = sqlite3_db_filename(w->db, "main");
	sqlite3 *db = NULL;
	/* a first read, so that the connection knows the database is in WAL mode: a new one checkpoints nothing */
	if (file && *file &&
	    sqlite3_open_v2(file, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX, NULL) ==
		    SQLITE_OK &&
	    sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) == SQLITE_OK &&
	    (w->ckpt = cr_background_start(checkpoint_job, db))) {
		w->ckpt_db = db;
		return;
	}
	sqlite3_close(db);
}

/* Stops w's checkpointer, waiting for a checkpoint in progress. */
static void checkpointer_stop(cr_store_cohort *w)
{
	cr_background_stop(w->ckpt);
	w->ckpt = NULL;
	sqlite3_close(w->ckpt_db);
	w->ckpt_db = NULL;
}

static enum cr_status exec1(cr_store_cohort *w, const char *sql, const char *what, cr_diags *d)
{
	int rc = sqlite3_exec(w->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? CR_OK : cr_store_fail(w->s, d, rc, what);
}

/* The store's settings again: every commit synced, automatic checkpoints (SQLite's default). */
static void restore(cr_store_cohort *w)
{
	if (w->relaxed)
		sqlite3_exec(w->db, "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 1000", NULL, NULL, NULL);
	w->relaxed = false;
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
	/*
	 * The rows' commits need not reach the disk one by one: until the cohort
	 * is marked done (a FULL commit, which syncs the log with every row before
	 * it) it is an unfinished cohort nobody reads. In WAL mode a NORMAL commit
	 * survives a killed process all the same; only a power cut can take back the
	 * last chunks of a cohort that was not finished anyway. And the log is
	 * copied into the database once, after the last row, not every few chunks
	 * in the middle of them.
	 */
	sqlite3_exec(w->db, "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0", NULL, NULL, NULL);
	w->relaxed = true;
	rc = sqlite3_prepare_v2(w->db,
				"INSERT INTO intake_result(cohort_id, record, employee_id, groups_json, occupation, score, band, "
				"range_low, range_high, routineness, ai_usage, specialization, recommendations, roles, exposure) "
				"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
				-1, &w->insert, NULL);
	if (rc != SQLITE_OK) {
		enum cr_status ret = cr_store_fail(s, d, rc, "cannot prepare to store the cohort");
		cr_store_cohort_free(w);
		return ret;
	}
	checkpointer_start(w);
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
	if (rc == SQLITE_OK)
		rc = row->exposure >= 0 ? sqlite3_bind_int(st, 15, row->exposure) : sqlite3_bind_null(st, 15);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_reset(st); /* the bindings stay: every one is bound again, above, before the next step reads them */
	if (rc != SQLITE_OK)
		return cr_store_fail(w->s, d, rc, "cannot store a cohort row");
	if (++w->in_chunk == CR_STORE_COHORT_CHUNK) {
		w->in_chunk = 0;
		if ((ret = exec1(w, "COMMIT", "cannot commit cohort rows", d)))
			return ret;
		cr_background_ask(w->ckpt);
	}
	return CR_OK;
}

enum cr_status cr_store_cohort_finish(cr_store_cohort *w, int64_t rows_read, int64_t rows_scored, int64_t rows_bad,
				      cr_diags *d)
{
	enum cr_status ret;
	/* the last checkpoint, here, after the rows (below): the thread's are over */
	checkpointer_stop(w);
	/* the last rows committed, then the cohort marked done in a fully synced commit */
	if (w->in_chunk) {
		w->in_chunk = 0;
		if ((ret = exec1(w, "COMMIT", "cannot commit cohort rows", d)))
			return ret;
	}
	restore(w);
	if ((ret = exec1(w, "BEGIN IMMEDIATE", "cannot lock the database to finish the cohort", d)))
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
	/* the log the rows went to, copied into the database now, outside the rows' loop (without
	 * waiting for readers: what they hold is copied by the next checkpoint) */
	sqlite3_wal_checkpoint_v2(w->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return CR_OK;
}

void cr_store_cohort_free(cr_store_cohort *w)
{
	if (!w)
		return;
	checkpointer_stop(w);
	sqlite3_finalize(w->insert);
	if (w->in_chunk)
		sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
	restore(w);
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

/* ---- stored cohorts: `career-risk cohort list|delete` ------------------------------ */

/* What a stored cohort's columns are read from, in the order add_row() takes them. */
#define COHORT_COLUMNS                                                                                       \
	"c.id, c.name, c.source, c.questionnaire, c.kb_version, c.status, c.started_at, c.finished_at, "    \
	"c.rows_read, c.rows_scored, c.rows_bad, (SELECT count(*) FROM intake_result r WHERE r.cohort_id = c.id) "

static void cohort_clear(cr_stored_cohort *c)
{
	free(c->name);
	free(c->source);
	free(c->questionnaire);
	free(c->kb_version);
	free(c->started_at);
	free(c->finished_at);
}

void cr_stored_cohorts_free(cr_stored_cohorts *l)
{
	for (size_t i = 0; i < l->n; i++)
		cohort_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static char *dup_col(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? cr_xstrdup(t) : NULL;
}

static int64_t count_col(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i);
}

/* Appends the row in hand of a statement selecting COHORT_COLUMNS. */
static void add_row(sqlite3_stmt *st, cr_stored_cohorts *out)
{
	cr_xgrow((void **)&out->v, &out->cap, out->n, sizeof *out->v);
	cr_stored_cohort *c = &out->v[out->n++];
	const char *status = (const char *)sqlite3_column_text(st, 5);
	*c = (cr_stored_cohort){
		.id = sqlite3_column_int64(st, 0),
		.name = dup_col(st, 1),
		.source = dup_col(st, 2),
		.questionnaire = dup_col(st, 3),
		.kb_version = dup_col(st, 4),
		.done = status && strcmp(status, "done") == 0,
		.started_at = dup_col(st, 6),
		.finished_at = dup_col(st, 7),
		.rows_read = count_col(st, 8),
		.rows_scored = count_col(st, 9),
		.rows_bad = count_col(st, 10),
		.results = sqlite3_column_int64(st, 11),
	};
	if (!c->done) /* only a finished batch's counts are whole */
		c->rows_read = c->rows_scored = c->rows_bad = -1;
}

enum cr_status cr_store_cohort_list(cr_store *s, cr_stored_cohorts *out, cr_diags *d)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "SELECT " COHORT_COLUMNS "FROM intake_cohort c ORDER BY c.id", -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		add_row(st, out);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? CR_OK : cr_store_fail(s, d, rc, "cannot read the stored cohorts");
}

enum cr_status cr_store_cohort_delete(cr_store *s, const int64_t *ids, size_t n, bool unfinished_only,
				      cr_stored_cohorts *deleted, cr_diags *d)
{
	sqlite3_stmt *st = NULL;
	size_t first = deleted->n;
	enum cr_status ret = cr_store_exec(s, "BEGIN IMMEDIATE", "cannot lock the database to delete cohorts", d);
	if (ret)
		return ret;
	int rc = sqlite3_prepare_v2(s->db, "SELECT " COHORT_COLUMNS "FROM intake_cohort c WHERE c.id = ?1", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		ret = cr_store_fail(s, d, rc, "cannot read the stored cohorts");
		goto out;
	}
	for (size_t i = 0; i < n && !ret; i++) {
		rc = sqlite3_bind_int64(st, 1, ids[i]);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) {
			ret = cr_diag_add(d, CR_ENOTFOUND, NULL, 0, 0, "no intake cohort %lld; nothing was deleted",
					  (long long)ids[i]);
			cr_diag_hint(d, "`career-risk " CR_CMD_COHORT_LIST "` shows the stored cohorts and their ids");
			break;
		}
		if (rc != SQLITE_ROW) {
			ret = cr_store_fail(s, d, rc, "cannot read the stored cohorts");
			break;
		}
		const char *status = (const char *)sqlite3_column_text(st, 5);
		bool keep = unfinished_only && status && strcmp(status, "done") == 0;
		if (!keep)
			add_row(st, deleted);
		sqlite3_reset(st);
		/* the schema's ON DELETE CASCADE (foreign_keys is on) takes the cohort's results with it */
		if (!keep)
			ret = cr_store_run(s, "DELETE FROM intake_cohort WHERE id = ?1", "cannot delete the cohort", d, "i",
					   ids[i]);
	}
	if (!ret)
		ret = cr_store_exec(s, "COMMIT", "cannot delete the cohorts", d);
out:
	sqlite3_finalize(st);
	if (ret) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		/* nothing was deleted: take back what was listed */
		while (deleted->n > first)
			cohort_clear(&deleted->v[--deleted->n]);
		return ret;
	}
	/* secure_delete zeroed the rows in the database's pages; the log still holds them as they were */
	return deleted->n > first ? cr_store_wal_clear(s, "the cohorts were", "cohort list", d) : CR_OK;
}

/* ---- one stored cohort: `career-risk cohort show|compare` ------------------------------ */

static enum cr_status read_groups(cr_store *s, int64_t id, char **groups, size_t *n, cr_diags *d)
{
	/* the columns as the first result has them: every result of a batch has the same ones, in its order */
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db,
				    "SELECT key FROM json_each((SELECT groups_json FROM intake_result WHERE cohort_id = ?1 "
				    "ORDER BY record LIMIT 1)) ORDER BY id",
				    -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, id);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		if (k && *n < CR_STORE_COHORT_GROUPS)
			groups[(*n)++] = cr_xstrdup(k);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? CR_OK : cr_store_fail(s, d, rc, "cannot read the cohort's grouping columns");
}

static int col_int(sqlite3_stmt *st, int i, int none)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? none : sqlite3_column_int(st, i);
}

/* The result being read: its columns copied, since the join's next row moves the statement on. */
typedef struct pending {
	bool have;
	int64_t record;
	cr_stored_result r;
	char *band, *recs, *roles;
	char *values[CR_STORE_COHORT_GROUPS];
} pending;

/* Hands the result read to each() (unless rd is NULL: a failed read) and empties p. */
static void pending_flush(pending *p, const cr_store_cohort_reader *rd)
{
	if (p->have && rd) {
		p->r.band = p->band;
		p->r.recommendations = p->recs;
		p->r.roles = p->roles;
		p->r.values = (const char *const *)p->values;
		rd->each(rd->ctx, &p->r);
	}
	free(p->band);
	free(p->recs);
	free(p->roles);
	for (size_t i = 0; i < CR_STORE_COHORT_GROUPS; i++)
		free(p->values[i]);
	memset(p, 0, sizeof *p);
}

static void pending_load(pending *p, sqlite3_stmt *row)
{
	p->have = true;
	p->record = sqlite3_column_int64(row, 0);
	p->r = (cr_stored_result){.score = col_int(row, 1, 0), .routineness = col_int(row, 2, 0),
				  .ai_usage = col_int(row, 3, 0), .specialization = col_int(row, 4, 0),
				  .exposure = col_int(row, 5, -1)};
	const char *t;
	p->band = cr_xstrdup((t = (const char *)sqlite3_column_text(row, 6)) ? t : "");
	p->recs = cr_xstrdup((t = (const char *)sqlite3_column_text(row, 7)) ? t : "");
	p->roles = cr_xstrdup((t = (const char *)sqlite3_column_text(row, 8)) ? t : "");
}

enum cr_status cr_store_cohort_read(cr_store *s, int64_t id, cr_stored_cohorts *out, const cr_store_cohort_reader *rd,
				    cr_diags *d)
{
	char *groups[CR_STORE_COHORT_GROUPS] = {0};
	size_t ngroups = 0, first = out->n;
	sqlite3_stmt *st = NULL, *rows = NULL;
	enum cr_status ret = cr_store_exec(s, "BEGIN", "cannot read the cohort", d);
	if (ret)
		return ret;
	int rc = sqlite3_prepare_v2(s->db, "SELECT " COHORT_COLUMNS "FROM intake_cohort c WHERE c.id = ?1", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		ret = cr_diag_add(d, CR_ENOTFOUND, NULL, 0, 0, "no intake cohort %lld", (long long)id);
		cr_diag_hint(d, "`career-risk " CR_CMD_COHORT_LIST "` shows the stored cohorts and their ids");
		goto out;
	}
	if (rc != SQLITE_ROW) {
		ret = cr_store_fail(s, d, rc, "cannot read the cohort");
		goto out;
	}
	add_row(st, out);
	if ((ret = read_groups(s, id, groups, &ngroups, d)))
		goto out;
	rd->begin(rd->ctx, (const char *const *)groups, ngroups);
	/* a result per record, repeated once per grouping column by the join; values collected per record */
	rc = sqlite3_prepare_v2(s->db,
				"SELECT r.record, r.score, r.routineness, r.ai_usage, r.specialization, r.exposure, r.band, "
				"r.recommendations, r.roles, j.key, j.value FROM intake_result r "
				"LEFT JOIN json_each(r.groups_json) j WHERE r.cohort_id = ?1 ORDER BY r.record, j.id",
				-1, &rows, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(rows, 1, id);
	pending p = {0};
	while (rc == SQLITE_OK && (rc = sqlite3_step(rows)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		int64_t rec = sqlite3_column_int64(rows, 0);
		if (!p.have || rec != p.record) {
			pending_flush(&p, rd);
			pending_load(&p, rows);
		}
		const char *key = (const char *)sqlite3_column_text(rows, 9);
		for (size_t g = 0; key && g < ngroups; g++)
			if (strcmp(groups[g], key) == 0 && !p.values[g] && sqlite3_column_type(rows, 10) != SQLITE_NULL)
				p.values[g] = cr_xstrdup((const char *)sqlite3_column_text(rows, 10));
	}
	pending_flush(&p, rc == SQLITE_DONE ? rd : NULL);
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	if (rc != SQLITE_OK)
		ret = cr_store_fail(s, d, rc, "cannot read the cohort's results");
out:
	sqlite3_finalize(st);
	sqlite3_finalize(rows);
	sqlite3_exec(s->db, ret ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	for (size_t i = 0; i < CR_STORE_COHORT_GROUPS; i++)
		free(groups[i]);
	if (ret)
		while (out->n > first)
			cohort_clear(&out->v[--out->n]);
	return ret;
}
