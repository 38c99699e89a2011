/* store_progress.c - profiles, history, the action plan and notes (see store.h). */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "store_private.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Prepares sql and binds int64 parameter 1 (when id >= 0). */
static int prepare_id(cr_store *s, const char *sql, int64_t id, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
	if (rc == SQLITE_OK && id >= 0)
		rc = sqlite3_bind_int64(*st, 1, id);
	return rc;
}

enum cr_status cr_store_profile_create(cr_store *s, const char *name, cr_diags *d)
{
	enum cr_status ret = CR_OK;
	/* the look-up checks the name first */
	if (cr_store_profile_find(s, name, NULL, &ret, d)) {
		cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "there is already a profile named '%s'", name);
		cr_diag_hint(d, "choose another name; `career-risk " CR_CMD_PROFILE_LIST "` shows the profiles");
		return CR_EUSAGE;
	}
	if (ret)
		return ret;
	return cr_store_run(s, "INSERT INTO profile(name) VALUES (?1)", "cannot create the profile", d, "t", name);
}

enum cr_status cr_store_profile_rename(cr_store *s, const char *from, const char *to, cr_diags *d)
{
	enum cr_status ret = cr_store_check_name(to, d);
	int64_t id = 0;
	if (ret)
		return ret;
	if (!cr_store_profile_find(s, from, &id, &ret, d)) {
		if (ret)
			return ret;
		cr_diag_add(d, CR_ENOTFOUND, NULL, 0, 0, "no profile named '%s'", from);
		cr_diag_hint(d, "`career-risk " CR_CMD_PROFILE_LIST "` shows the profiles");
		return CR_ENOTFOUND;
	}
	if (strcmp(from, to) == 0)
		return CR_OK;
	if (cr_store_profile_find(s, to, NULL, &ret, d)) {
		cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "there is already a profile named '%s'", to);
		cr_diag_hint(d, "choose another name, or erase that profile first");
		return CR_EUSAGE;
	}
	if (ret)
		return ret;
	return cr_store_run(s, "UPDATE profile SET name = ?2 WHERE id = ?1", "cannot rename the profile", d, "it", id, to);
}

enum cr_status cr_store_profiles(cr_store *s, cr_profiles **out, cr_diags *d)
{
	return cr_store_profiles_tagged(s, NULL, out, d);
}

enum cr_status cr_store_profiles_tagged(cr_store *s, const char *tag, cr_profiles **out, cr_diags *d)
{
	static const char sql[] =
		"WITH n AS (SELECT profile_id, id, status, finished_at, score, band,"
		"           row_number() OVER (PARTITION BY profile_id ORDER BY id) AS num FROM session),"
		" k AS (SELECT *, row_number() OVER (PARTITION BY profile_id ORDER BY id DESC) AS rk"
		"       FROM n WHERE status = 'done' AND score IS NOT NULL)"
		" SELECT p.name, p.created_at, (SELECT count(*) FROM k WHERE k.profile_id = p.id),"
		"        l.num, l.finished_at, l.score, l.band, pr.score,"
		"        (SELECT count(*) FROM plan_item i WHERE i.profile_id = p.id AND i.status IN ('todo', 'doing')),"
		"        (SELECT count(*) FROM plan_item i WHERE i.profile_id = p.id AND i.status = 'done')"
		" FROM profile p LEFT JOIN k l ON l.profile_id = p.id AND l.rk = 1"
		"                LEFT JOIN k pr ON pr.profile_id = p.id AND pr.rk = 2"
		" WHERE ?1 IS NULL OR EXISTS (SELECT 1 FROM profile_tag t WHERE t.profile_id = p.id AND t.tag = ?1)"
		" ORDER BY p.name COLLATE NOCASE, p.name";
	sqlite3_stmt *st = NULL;
	cr_profiles *l = cr_profiles_new();
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && tag)
		rc = sqlite3_bind_text(st, 1, tag, -1, SQLITE_TRANSIENT);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		cr_profile_info *p = cr_profiles_add(l);
		p->name = cr_arena_strdup(&l->arena, col_text(st, 0));
		p->created_at = cr_arena_strdup(&l->arena, col_text(st, 1));
		p->nsessions = sqlite3_column_int(st, 2);
		p->last_num = sqlite3_column_int(st, 3);
		p->last_at = col_text(st, 4) ? cr_arena_strdup(&l->arena, col_text(st, 4)) : NULL;
		p->last_score = sqlite3_column_int(st, 5);
		p->last_band = col_text(st, 6) ? cr_arena_strdup(&l->arena, col_text(st, 6)) : NULL;
		p->prev_score = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 7);
		p->nitems_open = sqlite3_column_int(st, 8);
		p->nitems_done = sqlite3_column_int(st, 9);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cr_profiles_free(l);
		return cr_store_fail(s, d, rc, "cannot list the profiles");
	}
	*out = l;
	return CR_OK;
}

/* The session with database id `id`, or NULL. */
static cr_session_info *by_id(cr_progress *p, int64_t id)
{
	for (size_t i = 0; i < p->nsessions; i++)
		if (p->sessions[i].id == id)
			return &p->sessions[i];
	return NULL;
}

static int num_of(cr_progress *p, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	cr_session_info *si = by_id(p, sqlite3_column_int64(st, col));
	return si ? si->num : 0;
}

static enum cr_status load_sessions(cr_store *s, int64_t profile, cr_progress *p, cr_diags *d)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare_id(s,
			    "SELECT id, status, questionnaire, kb_version, started_at, finished_at, score, band, range_low,"
			    " range_high, routineness, ai_usage, specialization, result_json,"
			    /* json_valid first: a damaged result must reach the check below, not fail the query */
			    " CASE WHEN json_valid(result_json) THEN json_extract(result_json, '$.dimensions.exposure') END,"
			    " CASE WHEN json_valid(result_json) THEN json_extract(result_json, '$.model') END"
			    " FROM session WHERE profile_id = ?1 ORDER BY id",
			    profile, &st);
	int num = 0;
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		cr_session_info *si = cr_progress_add_session(p);
		si->id = sqlite3_column_int64(st, 0);
		si->num = ++num;
		si->status = cr_progress_str(p, col_text(st, 1));
		si->questionnaire = cr_progress_str(p, col_text(st, 2));
		si->kb_version = cr_progress_str(p, col_text(st, 3));
		si->started_at = cr_progress_str(p, col_text(st, 4));
		si->finished_at = cr_progress_str(p, col_text(st, 5));
		si->scored = strcmp(si->status, "done") == 0 && sqlite3_column_type(st, 6) != SQLITE_NULL &&
			     sqlite3_column_type(st, 13) != SQLITE_NULL;
		si->score = sqlite3_column_int(st, 6);
		si->band = cr_progress_str(p, col_text(st, 7));
		si->range_lo = sqlite3_column_int(st, 8);
		si->range_hi = sqlite3_column_int(st, 9);
		si->routineness = sqlite3_column_int(st, 10);
		si->ai_usage = sqlite3_column_int(st, 11);
		si->specialization = sqlite3_column_int(st, 12);
		si->result_json = cr_progress_str(p, col_text(st, 13));
		/* from the stored result, so no column (and no migration) is needed; absent before model 2 */
		si->exposure = sqlite3_column_type(st, 14) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 14);
		si->model = sqlite3_column_type(st, 15) == SQLITE_NULL ? 1 : sqlite3_column_int(st, 15);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cr_store_fail(s, d, rc, "cannot read the sessions");
	/*
	 * Every reader of a profile (report, export, history, compare, progress,
	 * the plan) comes through here, so a damaged result is caught once, as the
	 * storage fault it is, before anything is rendered from it.
	 */
	for (size_t i = 0; i < p->nsessions; i++) {
		const cr_session_info *si = &p->sessions[i];
		char *why = NULL;
		if (si->scored && !cr_store_result_ok(si->result_json, &why)) {
			cr_store_result_damaged(s->path, p->profile, si->num, why, d);
			free(why);
			return CR_ESTORE;
		}
	}

	rc = prepare_id(s,
			"SELECT a.session_id, a.question, a.value_json, a.answered_at FROM answer a"
			" JOIN session s ON s.id = a.session_id WHERE s.profile_id = ?1"
			" ORDER BY a.session_id, a.answered_at, a.question",
			profile, &st);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		cr_session_info *si = by_id(p, sqlite3_column_int64(st, 0));
		rc = SQLITE_OK;
		if (!si)
			continue;
		cr_answer_row *a = cr_progress_add_answer(p, si);
		a->question = cr_progress_str(p, col_text(st, 1));
		a->json = cr_progress_str(p, col_text(st, 2));
		a->answered_at = cr_progress_str(p, col_text(st, 3));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? CR_OK : cr_store_fail(s, d, rc, "cannot read the answers");
}

static enum cr_status load_plan(cr_store *s, int64_t profile, cr_progress *p, cr_diags *d)
{
	sqlite3_stmt *st = NULL;
	const cr_session_info *latest = cr_progress_latest(p);
	int rc = prepare_id(s,
			    "SELECT num, rec_id, title, horizon, priority, status, created_at, started_at, done_at,"
			    " dropped_at, first_session, last_session, kind FROM plan_item WHERE profile_id = ?1 ORDER BY num",
			    profile, &st);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		cr_plan_item *it = cr_progress_add_item(p);
		it->num = sqlite3_column_int(st, 0);
		it->rec_id = cr_progress_str(p, col_text(st, 1));
		it->title = cr_progress_str(p, col_text(st, 2));
		it->horizon = cr_progress_str(p, col_text(st, 3));
		it->priority = sqlite3_column_int(st, 4);
		if (!cr_item_status_parse(col_text(st, 5), &it->status))
			it->status = CR_ITEM_TODO;
		it->created_at = cr_progress_str(p, col_text(st, 6));
		it->started_at = cr_progress_str(p, col_text(st, 7));
		it->done_at = cr_progress_str(p, col_text(st, 8));
		it->dropped_at = cr_progress_str(p, col_text(st, 9));
		it->first_session = num_of(p, st, 10);
		it->last_session = num_of(p, st, 11);
		it->current = latest && sqlite3_column_type(st, 11) != SQLITE_NULL && sqlite3_column_int64(st, 11) == latest->id;
		if (!cr_item_kind_parse(col_text(st, 12), &it->kind))
			it->kind = CR_KIND_ANSWERS;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cr_store_fail(s, d, rc, "cannot read the action plan");

	rc = prepare_id(s,
			"SELECT n.id, n.session_id, n.created_at, n.body, n.num FROM note n JOIN session s ON s.id = n.session_id"
			" WHERE s.profile_id = ?1 ORDER BY n.session_id, n.id", /* grouped by session, as shown */
			profile, &st);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		cr_note *n = cr_progress_add_note(p);
		n->id = sqlite3_column_int64(st, 0);
		n->session = num_of(p, st, 1);
		n->created_at = cr_progress_str(p, col_text(st, 2));
		n->body = cr_progress_str(p, col_text(st, 3));
		n->num = sqlite3_column_int(st, 4);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cr_store_fail(s, d, rc, "cannot read the notes");

	rc = prepare_id(s,
			"SELECT c.session_id, i.num, c.still_recommended FROM credit c JOIN plan_item i ON i.id = c.item_id"
			" WHERE i.profile_id = ?1 ORDER BY c.session_id, i.num",
			profile, &st);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		cr_credit *c = cr_progress_add_credit(p);
		c->session = num_of(p, st, 0);
		c->item = sqlite3_column_int(st, 1);
		c->still_recommended = sqlite3_column_int(st, 2) != 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cr_store_fail(s, d, rc, "cannot read the credits");

	rc = prepare_id(s, "SELECT tag FROM profile_tag WHERE profile_id = ?1 ORDER BY tag", profile, &st);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		cr_progress_add_tag(p, col_text(st, 0));
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? CR_OK : cr_store_fail(s, d, rc, "cannot read the profile's tags");
}

enum cr_status cr_store_progress(cr_store *s, const char *name, cr_progress **out, cr_diags *d)
{
	sqlite3_stmt *st = NULL;
	cr_progress *p = NULL;
	int64_t id = 0;
	enum cr_status ret = CR_OK;
	*out = NULL;
	if ((ret = cr_store_check_name(name, d)))
		return ret;
	int rc = sqlite3_prepare_v2(s->db, "SELECT id, created_at FROM profile WHERE name = ?1", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		p = cr_progress_new(name, col_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		cr_diag_add(d, CR_ENOTFOUND, NULL, 0, 0, "no profile named '%s'", name);
		cr_diag_hint(d, "`career-risk " CR_CMD_PROFILE_LIST "` shows the profiles; `career-risk " CR_CMD_PROFILE_CREATE " '%s'` adds one",
			     name);
		return CR_ENOTFOUND;
	}
	if (rc != SQLITE_ROW)
		return cr_store_fail(s, d, rc, "cannot look up the profile");
	/* One read transaction, so the parts agree with each other. */
	if ((ret = cr_store_exec(s, "BEGIN", "cannot read the profile", d)))
		goto out;
	if (!(ret = load_sessions(s, id, p, d)))
		ret = load_plan(s, id, p, d);
	sqlite3_exec(s->db, ret ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
out:
	if (ret) {
		cr_progress_free(p);
		return ret;
	}
	*out = p;
	return CR_OK;
}

enum cr_status cr_store_plan_sync(cr_store *s, int64_t profile, int64_t session, const cr_plan_rec *recs, size_t n,
				  size_t nadd, cr_diags *d)
{
	/* Inside the caller's transaction (an imported answers file is saved all or nothing) a
	 * savepoint; otherwise a transaction of its own, taking the write lock at once. */
	bool nested = !sqlite3_get_autocommit(s->db);
	enum cr_status ret = cr_store_exec(s, nested ? "SAVEPOINT plan_sync" : "BEGIN IMMEDIATE",
					   "cannot update the action plan", d);
	if (ret)
		return ret;
	/* Items done since their last credit (or never credited) are credited by this session. */
	ret = cr_store_run(s,
			   "INSERT OR IGNORE INTO credit(session_id, item_id, still_recommended)"
			   " SELECT ?2, i.id, 0 FROM plan_item i WHERE i.profile_id = ?1 AND i.status = 'done'"
			   " AND NOT EXISTS (SELECT 1 FROM credit c JOIN session s ON s.id = c.session_id"
			   "                 WHERE c.item_id = i.id AND s.started_at >= i.done_at)",
			   "cannot credit the items done", d, "ii", profile, session);
	/* a custom item is the counsellor's, and no answer bears on it: marked done, it stays done
	 * uncredited */
	if (!ret)
		ret = cr_store_run(s,
				   "DELETE FROM credit WHERE session_id = ?2 AND item_id IN"
				   " (SELECT id FROM plan_item WHERE profile_id = ?1 AND kind = 'custom')",
				   "cannot credit the items done", d, "ii", profile, session);
	for (size_t i = 0; i < n && !ret; i++) {
		/* a recommendation every assessment gives whatever the answers cannot be shown done by
		 * them: never credited (so never "your answers still call for it"), and marked so that
		 * `plan done` says as much */
		if (recs[i].always)
			ret = cr_store_run(s,
					   "DELETE FROM credit WHERE session_id = ?2 AND item_id ="
					   " (SELECT id FROM plan_item WHERE profile_id = ?1 AND rec_id = ?3)",
					   "cannot credit the items done", d, "iit", profile, session, recs[i].id);
		else
			ret = cr_store_run(s,
					   "UPDATE credit SET still_recommended = 1 WHERE session_id = ?2 AND item_id ="
					   " (SELECT id FROM plan_item WHERE profile_id = ?1 AND rec_id = ?3)",
					   "cannot credit the items done", d, "iit", profile, session, recs[i].id);
		if (!ret)
			ret = cr_store_run(s, "UPDATE plan_item SET kind = ?3 WHERE profile_id = ?1 AND rec_id = ?2",
					   "cannot update the action plan", d, "itt", profile, recs[i].id,
					   recs[i].always ? "always" : "answers");
		if (ret)
			break;
		if (i >= nadd) {
			/* a lesser recommendation: kept current when already in the plan, not added */
			ret = cr_store_run(s,
					   "UPDATE plan_item SET priority = ?4, last_session = ?2 WHERE profile_id = ?1 AND rec_id = ?3",
					   "cannot update the action plan", d, "iiti", profile, session, recs[i].id,
					   (int64_t)recs[i].priority);
			continue;
		}
		ret = cr_store_run(s,
				   "INSERT INTO plan_item(profile_id, num, rec_id, title, horizon, priority, first_session,"
				   " last_session, kind) VALUES (?1, (SELECT coalesce(max(num), 0) + 1 FROM plan_item"
				   " WHERE profile_id = ?1), ?3, ?4, ?5, ?6, ?2, ?2, ?7)"
				   " ON CONFLICT(profile_id, rec_id) DO UPDATE SET title = excluded.title,"
				   " horizon = excluded.horizon, priority = excluded.priority, last_session = excluded.last_session",
				   "cannot add to the action plan", d, "iittti" "t", profile, session, recs[i].id, recs[i].title,
				   recs[i].horizon, (int64_t)recs[i].priority, recs[i].always ? "always" : "answers");
	}
	if (!ret)
		ret = cr_store_exec(s, nested ? "RELEASE plan_sync" : "COMMIT", "cannot save the action plan", d);
	if (ret)
		sqlite3_exec(s->db, nested ? "ROLLBACK TO plan_sync; RELEASE plan_sync" : "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

enum cr_status cr_store_plan_set(cr_store *s, int64_t profile, int num, enum cr_item_status status, cr_diags *d)
{
	enum cr_status ret = cr_store_run(
		s,
		"UPDATE plan_item SET"
		" started_at = CASE ?3 WHEN 'todo' THEN NULL WHEN 'doing' THEN coalesce(started_at, " NOW ") ELSE started_at END,"
		" done_at = CASE WHEN ?3 = 'done' THEN (CASE WHEN status = 'done' THEN done_at ELSE " NOW " END) END,"
		" dropped_at = CASE WHEN ?3 = 'dropped' THEN (CASE WHEN status = 'dropped' THEN dropped_at ELSE " NOW " END) END,"
		" status = ?3"
		" WHERE profile_id = ?1 AND num = ?2",
		"cannot update the action plan", d, "iit", profile, (int64_t)num, cr_item_status_ids[status]);
	if (ret)
		return ret;
	if (sqlite3_changes(s->db) == 0) {
		cr_diag_add(d, CR_ENOTFOUND, NULL, 0, 0, "there is no item %d in this action plan", num);
		cr_diag_hint(d, "`career-risk " CR_CMD_PLAN_LIST "` shows the items and their numbers");
		return CR_ENOTFOUND;
	}
	return CR_OK;
}

enum cr_status cr_store_note_add(cr_store *s, int64_t session, const char *body, int64_t *id, cr_diags *d)
{
	size_t n = strlen(body);
	if (n == 0 || n > CR_MAX_NOTE) {
		cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "a note has 1 to %d bytes; this one has %zu", CR_MAX_NOTE, n);
		cr_diag_hint(d, n ? "split a long note into several" : "give the note's text");
		return CR_EUSAGE;
	}
	/* spaces and line breaks alone say nothing, and would show as an empty note in every report */
	if (strspn(body, " \t\r\n\v\f") == n) {
		cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "the note is blank");
		cr_diag_hint(d, "give the note's text");
		return CR_EUSAGE;
	}
	/* numbered within the profile, after the highest number ever given there still held */
	enum cr_status ret = cr_store_run(
		s,
		"INSERT INTO note(session_id, body, num) VALUES (?1, ?2, (SELECT coalesce(max(n.num), 0) + 1 FROM note n"
		" JOIN session s ON s.id = n.session_id WHERE s.profile_id = (SELECT profile_id FROM session WHERE id = ?1)))",
		"cannot save the note", d, "it", session, body);
	if (!ret && id)
		*id = sqlite3_last_insert_rowid(s->db);
	return ret;
}

/* A note's or an item's text: 1 to max bytes, not only blanks; else CR_EUSAGE and a diagnostic. */
static enum cr_status check_text(const char *what, const char *body, size_t max, cr_diags *d)
{
	size_t n = strlen(body);
	if (n == 0 || n > max) {
		cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "%s has 1 to %zu bytes; this one has %zu", what, max, n);
		cr_diag_hint(d, n ? "make it shorter" : "give its text");
		return CR_EUSAGE;
	}
	if (strspn(body, " \t\r\n\v\f") == n) {
		cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "the text is blank");
		cr_diag_hint(d, "give its text");
		return CR_EUSAGE;
	}
	return CR_OK;
}

/* CR_ENOTFOUND and a diagnostic when the last statement changed no row. */
static enum cr_status changed(cr_store *s, const char *what, int num, const char *list, cr_diags *d)
{
	if (sqlite3_changes(s->db))
		return CR_OK;
	cr_diag_add(d, CR_ENOTFOUND, NULL, 0, 0, "there is no %s %d for this profile", what, num);
	cr_diag_hint(d, "`career-risk %s` shows them and their numbers", list);
	return CR_ENOTFOUND;
}

enum cr_status cr_store_note_edit(cr_store *s, int64_t profile, int num, const char *body, cr_diags *d)
{
	enum cr_status ret = check_text("a note", body, CR_MAX_NOTE, d);
	if (!ret)
		ret = cr_store_run(s,
				   "UPDATE note SET body = ?3 WHERE num = ?2 AND session_id IN"
				   " (SELECT id FROM session WHERE profile_id = ?1)",
				   "cannot change the note", d, "iit", profile, (int64_t)num, body);
	return ret ? ret : changed(s, "note", num, CR_CMD_NOTE_LIST, d);
}

enum cr_status cr_store_note_delete(cr_store *s, int64_t profile, int num, cr_diags *d)
{
	enum cr_status ret = cr_store_run(s,
					  "DELETE FROM note WHERE num = ?2 AND session_id IN"
					  " (SELECT id FROM session WHERE profile_id = ?1)",
					  "cannot delete the note", d, "ii", profile, (int64_t)num);
	return ret ? ret : changed(s, "note", num, CR_CMD_NOTE_LIST, d);
}

enum cr_status cr_store_plan_add(cr_store *s, int64_t profile, const char *title, int *num, cr_diags *d)
{
	enum cr_status ret = check_text("a plan item", title, CR_MAX_ITEM_TITLE, d);
	if (ret)
		return ret;
	/* 'custom:NUM' keeps rec_id unique in the profile; a knowledge-base id never holds ':' */
	ret = cr_store_run(s,
			   "INSERT INTO plan_item(profile_id, num, rec_id, title, horizon, priority, kind)"
			   " SELECT ?1, n, 'custom:' || n, ?2, 'quarter', 0, 'custom'"
			   " FROM (SELECT coalesce(max(num), 0) + 1 AS n FROM plan_item WHERE profile_id = ?1)",
			   "cannot add to the action plan", d, "it", profile, title);
	if (ret)
		return ret;
	sqlite3_stmt *st = NULL;
	int rc = prepare_id(s, "SELECT num FROM plan_item WHERE id = ?1", sqlite3_last_insert_rowid(s->db), &st);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*num = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? CR_OK : cr_store_fail(s, d, rc, "cannot read the new plan item");
}

enum cr_status cr_store_check_tag(const char *tag, cr_diags *d)
{
	size_t n = strlen(tag);
	bool ok = n >= 1 && n <= 40;
	for (size_t i = 0; ok && i < n; i++) {
		unsigned char c = (unsigned char)tag[i];
		ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		     c == '.';
	}
	if (ok)
		return CR_OK;
	char *safe = cr_vis(tag, 60, 0);
	cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "'%s' is not a tag", safe);
	free(safe);
	cr_diag_hint(d, "a tag is 1 to 40 letters, digits, '-', '_' or '.', such as 'autumn-intake'");
	return CR_EUSAGE;
}

enum cr_status cr_store_tag(cr_store *s, int64_t profile, const char *tag, bool add, cr_diags *d)
{
	enum cr_status ret = cr_store_check_tag(tag, d);
	if (ret)
		return ret;
	if (add)
		return cr_store_run(s, "INSERT OR IGNORE INTO profile_tag(profile_id, tag) VALUES (?1, ?2)",
				    "cannot change the profile's tags", d, "it", profile, tag);
	return cr_store_run(s, "DELETE FROM profile_tag WHERE profile_id = ?1 AND tag = ?2",
			    "cannot change the profile's tags", d, "it", profile, tag);
}

enum cr_status cr_store_tags_describe(cr_store *s, int64_t profile, char **out, cr_diags *d)
{
	sqlite3_stmt *st = NULL;
	cr_sb b = {0};
	int rc = prepare_id(s, "SELECT tag FROM profile_tag WHERE profile_id = ?1 ORDER BY tag", profile, &st);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		cr_sb_addf(&b, "%s%s", b.len ? ", " : "", col_text(st, 0));
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cr_sb_free(&b);
		return cr_store_fail(s, d, rc, "cannot read the profile's tags");
	}
	*out = b.s ? cr_sb_take(&b) : cr_xstrdup("");
	return CR_OK;
}

const char *cr_store_path(const cr_store *s)
{
	return s->path;
}
