/* test_store.c - the store's profiles, plan, credits, notes, erase, migration and intake cohorts (store/store.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "../../app/store/store.h"

static char dir[] = "/tmp/cr-store-test.XXXXXX";

static int setup(void **state)
{
	(void)state;
	umask(077);
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = cr_xprintf("rm -rf '%s'", dir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static char *db_path(const char *name)
{
	return cr_xprintf("%s/%s.db", dir, name);
}

/* A minimal result JSON with the given score and recommendations. */
static char *result(int score, const char *const *recs, size_t n)
{
	cr_sb b = {0};
	cr_sb_addf(&b, "{\"score\": %d, \"band\": \"moderate\", \"range\": [%d, %d], \"dimensions\": "
		       "{\"routineness\": 50, \"ai_usage\": 40, \"specialization\": 30}, \"recommendations\": [",
		   score, score - 5, score + 5);
	for (size_t i = 0; i < n; i++)
		cr_sb_addf(&b, "%s{\"id\": \"%s\", \"title\": \"Do %s\", \"priority\": %zu, \"horizon\": \"week\"}",
			   i ? ", " : "", recs[i], recs[i], i + 1);
	cr_sb_add(&b, "]}");
	return cr_sb_take(&b);
}

/* Runs one scored session with these recommendations through the store, as `assess` does. */
static int64_t scored(cr_store *s, int64_t profile, int score, const char *const *recs, size_t n, size_t nadd)
{
	cr_diags d = {0};
	int64_t session = 0;
	assert_int_equal(cr_store_session_begin(s, profile, "standard", "kb-test", &session, &d), CR_OK);
	assert_int_equal(cr_store_answer_put(s, session, "goals", "\"a unique goal zqxStoreCanary\"", &d), CR_OK);
	char *json = result(score, recs, n);
	cr_store_result r = {score, score - 5, score + 5, 50, 40, 30, "moderate", json};
	assert_int_equal(cr_store_session_finish(s, session, &r, &d), CR_OK);
	cr_plan_rec pr[16];
	for (size_t i = 0; i < n; i++)
		pr[i] = (cr_plan_rec){recs[i], recs[i], "week", (int)i + 1};
	assert_int_equal(cr_store_plan_sync(s, profile, session, pr, n, nadd, &d), CR_OK);
	free(json);
	cr_diags_clear(&d);
	return session;
}

static const cr_plan_item *item(const cr_progress *p, const char *rec)
{
	for (size_t i = 0; i < p->nitems; i++)
		if (!strcmp(p->items[i].rec_id, rec))
			return &p->items[i];
	return NULL;
}

/* The plan takes the top recommendations, numbers them, and credits what was done. */
/* What a raw SQLite connection sees in a database the store set up: "wal|VERSION|ok". */
static char *raw_state(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT (SELECT journal_mode FROM pragma_journal_mode) || '|' || "
					    "(SELECT user_version FROM pragma_user_version) || '|' || "
					    "(SELECT integrity_check FROM pragma_integrity_check)",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *got = cr_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return got;
}

/*
 * A database the store creates (switched to WAL and given its schema unsynced,
 * then synced once) ends up as one found empty does (the synced way): WAL, the latest schema,
 * sound, owner-only, and it opens again as it is.
 */
static void test_new_database(void **state)
{
	(void)state;
	char *want = cr_xprintf("wal|%d|ok", cr_store_schema_version());
	char *created = db_path("created"), *empty = db_path("found-empty");
	int fd = open(empty, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	close(fd);
	const char *paths[] = {created, empty};
	for (size_t i = 0; i < 2; i++) {
		for (int again = 0; again < 2; again++) {
			cr_store *s = NULL;
			cr_diags d = {0};
			int64_t id;
			assert_int_equal(cr_store_open(paths[i], &s, &d), CR_OK);
			assert_int_equal(cr_store_profile(s, "me", true, &id, &d), CR_OK);
			cr_store_close(s);
			assert_int_equal(d.n, 0);
			char *got = raw_state(paths[i]);
			assert_string_equal(got, want);
			free(got);
		}
		struct stat sb;
		assert_int_equal(stat(paths[i], &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
	}
	free(created);
	free(empty);
	free(want);
}

static void test_plan_and_credits(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_store *s = NULL;
	char *path = db_path("plan");
	assert_int_equal(cr_store_open(path, &s, &d), CR_OK);
	int64_t prof = 0;
	assert_int_equal(cr_store_profile_create(s, "lee", &d), CR_OK);
	assert_int_equal(cr_store_profile_create(s, "lee", &d), CR_EUSAGE);
	cr_diags_clear(&d);
	assert_int_equal(cr_store_profile(s, "lee", false, &prof, &d), CR_OK);

	const char *const first[] = {"a", "b", "c", "d"};
	int64_t s1 = scored(s, prof, 60, first, 4, 3); /* "d" is a lesser recommendation: not added */
	cr_progress *p = NULL;
	assert_int_equal(cr_store_progress(s, "lee", &p, &d), CR_OK);
	assert_int_equal(p->nitems, 3);
	assert_int_equal(item(p, "a")->num, 1);
	assert_int_equal(item(p, "c")->num, 3);
	assert_null(item(p, "d"));
	assert_true(item(p, "a")->current);
	assert_int_equal(item(p, "a")->status, CR_ITEM_TODO);
	assert_int_equal(item(p, "a")->first_session, 1);
	cr_progress_free(p);

	assert_int_equal(cr_store_plan_set(s, prof, 1, CR_ITEM_DONE, &d), CR_OK);  /* a: done */
	assert_int_equal(cr_store_plan_set(s, prof, 2, CR_ITEM_DONE, &d), CR_OK);  /* b: done */
	assert_int_equal(cr_store_plan_set(s, prof, 3, CR_ITEM_DOING, &d), CR_OK); /* c: doing */
	assert_int_equal(cr_store_plan_set(s, prof, 9, CR_ITEM_DONE, &d), CR_ENOTFOUND);
	cr_diags_clear(&d);

	/* the next session no longer recommends "a" but still recommends "b", and adds "e" */
	const char *const second[] = {"b", "e"};
	int64_t s2 = scored(s, prof, 50, second, 2, 8);
	assert_int_equal(cr_store_progress(s, "lee", &p, &d), CR_OK);
	assert_int_equal(p->nsessions, 2);
	assert_int_equal(p->ncredits, 2);
	for (size_t i = 0; i < p->ncredits; i++) {
		const cr_plan_item *it = cr_progress_item(p, p->credits[i].item);
		assert_int_equal(p->credits[i].session, 2);
		assert_int_equal(p->credits[i].still_recommended, strcmp(it->rec_id, "b") == 0);
	}
	assert_false(item(p, "a")->current);
	assert_true(item(p, "b")->current);
	assert_false(item(p, "c")->current);
	assert_non_null(item(p, "c")->started_at);
	assert_non_null(item(p, "a")->done_at);
	assert_int_equal(item(p, "e")->num, 4);
	assert_int_equal(item(p, "e")->first_session, 2);
	cr_progress_free(p);

	/* a third session credits nothing new: done items are credited once */
	scored(s, prof, 48, second, 2, 8);
	assert_int_equal(cr_store_progress(s, "lee", &p, &d), CR_OK);
	assert_int_equal(p->ncredits, 2);
	cr_progress_free(p);

	/* back to todo clears the dates; notes are bounded */
	assert_int_equal(cr_store_plan_set(s, prof, 3, CR_ITEM_TODO, &d), CR_OK);
	assert_int_equal(cr_store_note_add(s, s2, "Follow up in May.", NULL, &d), CR_OK);
	char big[CR_MAX_NOTE + 2];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(cr_store_note_add(s, s2, big, NULL, &d), CR_EUSAGE);
	assert_int_equal(cr_store_note_add(s, s2, " \t\n ", NULL, &d), CR_EUSAGE); /* blank */
	/* a later note on an earlier session is read back with that session's, not after the others */
	assert_int_equal(cr_store_note_add(s, s1, "On the first session, added last.", NULL, &d), CR_OK);
	cr_diags_clear(&d);
	assert_int_equal(cr_store_progress(s, "lee", &p, &d), CR_OK);
	assert_null(item(p, "c")->started_at);
	assert_int_equal(p->nnotes, 2);
	assert_int_equal(p->notes[0].session, 1);
	assert_int_equal(p->notes[1].session, 2);
	cr_progress_free(p);

	cr_profiles *l = NULL;
	assert_int_equal(cr_store_profiles(s, &l, &d), CR_OK);
	assert_int_equal(l->n, 1);
	assert_int_equal(l->v[0].nsessions, 3);
	assert_int_equal(l->v[0].last_score, 48);
	assert_int_equal(l->v[0].prev_score, 50);
	assert_int_equal(l->v[0].nitems_done, 2);
	cr_profiles_free(l);
	cr_store_close(s);
	free(path);
	cr_diags_clear(&d);
}

static bool file_has(const char *path, const char *needle)
{
	char *text = NULL;
	size_t len = 0;
	if (cr_file_read(path, 64u << 20, &text, &len) != 0)
		return false;
	size_t n = strlen(needle);
	bool found = false;
	for (size_t i = 0; !found && i + n <= len; i++)
		found = memcmp(text + i, needle, n) == 0;
	free(text);
	return found;
}

/* Erase counts what it removes and leaves no copy in the file or the log. */
static void test_erase(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_store *s = NULL;
	char *path = db_path("erase"), *wal = cr_xprintf("%s-wal", path);
	assert_int_equal(cr_store_open(path, &s, &d), CR_OK);
	int64_t a = 0, b = 0;
	assert_int_equal(cr_store_profile(s, "ann", true, &a, &d), CR_OK);
	assert_int_equal(cr_store_profile(s, "ben", true, &b, &d), CR_OK);
	const char *const recs[] = {"x", "y"};
	int64_t s1 = scored(s, a, 70, recs, 2, 8);
	scored(s, a, 65, recs, 2, 8);
	assert_int_equal(cr_store_note_add(s, s1, "zqxAnnNote", NULL, &d), CR_OK);
	assert_int_equal(cr_store_plan_set(s, a, 1, CR_ITEM_DONE, &d), CR_OK);
	scored(s, a, 60, recs, 2, 8);
	assert_int_equal(cr_store_answer_put(s, scored(s, b, 40, recs, 1, 8), "goals", "\"zqxBenGoal\"", &d), CR_OK);
	assert_true(file_has(path, "zqxAnnNote") || file_has(wal, "zqxAnnNote"));

	cr_erase_counts n;
	assert_int_equal(cr_store_erase(s, "ann", &n, &d), CR_OK);
	assert_int_equal(n.sessions, 3);
	assert_int_equal(n.answers, 3);
	assert_int_equal(n.notes, 1);
	assert_int_equal(n.items, 2);
	assert_int_equal(n.credits, 1);
	assert_false(file_has(path, "zqxAnnNote"));
	assert_false(file_has(wal, "zqxAnnNote"));
	assert_true(file_has(path, "zqxBenGoal") || file_has(wal, "zqxBenGoal"));
	assert_int_equal(cr_store_erase(s, "ann", &n, &d), CR_ENOTFOUND);
	cr_diags_clear(&d);
	cr_progress *p = NULL;
	assert_int_equal(cr_store_progress(s, "ann", &p, &d), CR_ENOTFOUND);
	cr_diags_clear(&d);
	assert_int_equal(cr_store_progress(s, "ben", &p, &d), CR_OK);
	assert_int_equal(p->nsessions, 1);
	cr_progress_free(p);
	cr_store_close(s);
	free(path);
	free(wal);
	cr_diags_clear(&d);
}

/* A version-1 database upgrades in place, keeps its rows, and gets the plan of its newest session. */
static void test_migration_from_v1(void **state)
{
	(void)state;
	char *path = db_path("v1"), *schema = NULL;
	size_t len = 0;
	assert_int_equal(cr_file_read(CR_SOURCE_DIR "/profiles/schema/0001-initial.sql", 1u << 20, &schema, &len), 0);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema, NULL, NULL, NULL), SQLITE_OK);
	const char *const recs[] = {"p", "q", "r", "s", "t", "u", "v", "w", "z", "zz"};
	char *old = result(55, recs, 3), *newer = result(45, recs, 10);
	char *sql = cr_xprintf(
		"PRAGMA user_version = 1;"
		"INSERT INTO profile(id, name) VALUES (1, 'old');"
		"INSERT INTO session(id, profile_id, questionnaire, kb_version, status, score, band, range_low, range_high,"
		" routineness, ai_usage, specialization, result_json) VALUES"
		" (1, 1, 'standard', 'kb-1', 'done', 55, 'moderate', 50, 60, 50, 40, 30, '%s'),"
		" (2, 1, 'standard', 'kb-1', 'done', 45, 'moderate', 40, 50, 50, 40, 30, '%s'),"
		" (3, 1, 'quick', 'kb-1', 'open', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);"
		"INSERT INTO answer(session_id, question, value_json) VALUES (1, 'goals', '\"zqxOld\"'), (3, 'x', '1');",
		old, newer);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(sql);
	free(old);
	free(newer);
	free(schema);

	cr_diags d = {0};
	cr_store *s = NULL;
	assert_int_equal(cr_store_open(path, &s, &d), CR_OK);
	assert_true(cr_store_schema_version() >= 2); /* 0002 and any later migration applied */
	cr_progress *p = NULL;
	assert_int_equal(cr_store_progress(s, "old", &p, &d), CR_OK);
	assert_int_equal(p->nsessions, 3);
	assert_int_equal(cr_progress_scored(p), 2);
	assert_int_equal(p->sessions[0].nanswers, 1);
	assert_string_equal(p->sessions[0].answers[0].json, "\"zqxOld\"");
	assert_int_equal(p->nitems, 8); /* the newest session's top eight */
	assert_string_equal(p->items[0].rec_id, "p");
	assert_int_equal(p->items[0].num, 1);
	assert_int_equal(p->items[7].num, 8);
	assert_int_equal(p->items[0].first_session, 2);
	assert_true(p->items[0].current);
	cr_progress_free(p);
	cr_store_close(s);

	/* opened again: nothing more to do, nothing duplicated */
	assert_int_equal(cr_store_open(path, &s, &d), CR_OK);
	assert_int_equal(cr_store_progress(s, "old", &p, &d), CR_OK);
	assert_int_equal(p->nitems, 8);
	cr_progress_free(p);
	cr_store_close(s);
	free(path);
	cr_diags_clear(&d);
}

/* Names are bounded, renames refuse a taken name. */
static void test_profile_names(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_store *s = NULL;
	char *path = db_path("names");
	assert_int_equal(cr_store_open(path, &s, &d), CR_OK);
	char long_name[CR_MAX_PROFILE_NAME + 2];
	memset(long_name, 'n', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	assert_int_equal(cr_store_profile_create(s, long_name, &d), CR_EUSAGE);
	assert_int_equal(cr_store_profile_create(s, "", &d), CR_EUSAGE);
	assert_int_equal(cr_store_profile_create(s, "a\nb", &d), CR_EUSAGE);
	assert_int_equal(cr_store_profile_create(s, "Zoë O'Neil; DROP TABLE profile", &d), CR_OK);
	assert_int_equal(cr_store_profile_create(s, "max", &d), CR_OK);
	assert_int_equal(cr_store_profile_rename(s, "max", "Zoë O'Neil; DROP TABLE profile", &d), CR_EUSAGE);
	assert_int_equal(cr_store_profile_rename(s, "nobody", "x", &d), CR_ENOTFOUND);
	assert_int_equal(cr_store_profile_rename(s, "max", "Max", &d), CR_OK);
	/* looking a profile up (`--profile NAME`) applies the same rules as creating one */
	int64_t id = 0;
	cr_diags_clear(&d);
	assert_int_equal(cr_store_profile(s, "a\nb", true, &id, &d), CR_EUSAGE);
	assert_string_equal(d.v[0].msg, "a profile name cannot hold control characters");
	assert_int_equal(cr_store_profile(s, long_name, true, &id, &d), CR_EUSAGE);
	assert_string_equal(d.v[1].msg, "a profile name has 1 to 100 characters");
	assert_int_equal(cr_store_profile(s, "", false, &id, &d), CR_EUSAGE);
	assert_int_equal(cr_store_profile(s, "\xff\xfe", true, &id, &d), CR_EUSAGE);
	/* issue 12, D14: a blank name and bidi or format controls (shown on every terminal) */
	cr_diags_clear(&d);
	assert_int_equal(cr_store_profile(s, " ", true, &id, &d), CR_EUSAGE);
	assert_string_equal(d.v[0].msg, "a profile name cannot be only blanks");
	assert_int_equal(cr_store_profile_create(s, "   ", &d), CR_EUSAGE);
	assert_int_equal(cr_store_profile_create(s, "max\xe2\x80\xaexam", &d), CR_EUSAGE); /* U+202E */
	assert_non_null(strstr(d.v[d.n - 1].msg, "U+202E"));
	assert_int_equal(cr_store_profile_create(s, "a\xe2\x81\xa6" "b", &d), CR_EUSAGE); /* U+2066 */
	assert_int_equal(cr_store_profile_create(s, "a\xc2\x85" "b", &d), CR_EUSAGE);     /* C1 NEL */
	assert_int_equal(cr_store_profile_create(s, "a\xe2\x80\x8b" "b", &d), CR_EUSAGE); /* zero width space */
	assert_int_not_equal(cr_store_profile(s, "Zoë Ünal", false, &id, &d), CR_EUSAGE); /* a name, just not stored */
	cr_progress *p = NULL;
	assert_int_equal(cr_store_progress(s, "", &p, &d), CR_EUSAGE);
	assert_null(p);
	cr_erase_counts ec;
	assert_int_equal(cr_store_erase(s, "x\ty", &ec, &d), CR_EUSAGE);
	/* the limit is in characters, as the schema's CHECK counts them: 100 two-byte ones fit */
	char wide[CR_MAX_PROFILE_NAME * 2 + 1];
	for (int i = 0; i < CR_MAX_PROFILE_NAME; i++)
		memcpy(wide + 2 * i, "\xc3\xa9", 2);
	wide[sizeof wide - 1] = '\0';
	assert_int_equal(cr_store_profile(s, wide, true, &id, &d), CR_OK);
	cr_diags_clear(&d);
	cr_profiles *l = NULL;
	assert_int_equal(cr_store_profiles(s, &l, &d), CR_OK);
	assert_int_equal(l->n, 3);
	assert_string_equal(l->v[0].name, "Max");
	assert_int_equal(l->v[0].last_num, 0);
	assert_int_equal(l->v[0].prev_score, -1);
	cr_profiles_free(l);
	cr_store_close(s);
	free(path);
	cr_diags_clear(&d);
}

/* Stores a cohort of `rows` results (employee ids PREFIX1, PREFIX2...) as `batch --store` does; returns its id. */
static int64_t cohort(cr_store *s, const char *name, const char *source, const char *prefix, int rows)
{
	cr_diags d = {0};
	cr_store_cohort *w = NULL;
	assert_int_equal(cr_store_cohort_begin(s, name, source, "intake", "kb-test", &w, &d), CR_OK);
	for (int i = 0; i < rows; i++) {
		char *id = cr_xprintf("%s%d", prefix, i + 1);
		cr_store_cohort_row row = {i + 2, id, "{\"department\": \"Legal\"}", "23-1011", 40 + i, 35 + i, 45 + i,
					   50, 40, 30, "moderate", "rec-a rec-b", "role-a", i ? 60 + i : -1};
		assert_int_equal(cr_store_cohort_put(w, &row, &d), CR_OK);
		free(id);
	}
	assert_int_equal(cr_store_cohort_finish(w, rows + 1, rows, 1, &d), CR_OK);
	int64_t cid = cr_store_cohort_id(w);
	cr_store_cohort_free(w);
	cr_diags_clear(&d);
	return cid;
}

/* One integer from the database, through a connection of the test's own. */
static long long sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/*
 * A large cohort's log is copied into the database beside the rows: once two
 * chunks are committed, the database file itself grows (the test waits for
 * that, however long the checkpointer's thread takes), while the writer goes
 * on; every row is there at the end and the file is sound.
 */
static void test_cohort_checkpointed(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_store *s = NULL;
	char *path = db_path("checkpointed");
	assert_int_equal(cr_store_open(path, &s, &d), CR_OK);
	cr_store_cohort *w = NULL;
	assert_int_equal(cr_store_cohort_begin(s, "Big", "big.csv", "intake", "kb-test", &w, &d), CR_OK);
	struct stat before, now;
	assert_int_equal(stat(path, &before), 0);
	const int rows = 2 * CR_STORE_COHORT_CHUNK + 1;
	for (int i = 0; i < rows; i++) {
		char id[32];
		snprintf(id, sizeof id, "E%07d", i + 1);
		cr_store_cohort_row row = {i + 2, id, "{\"department\": \"Legal\"}", "23-1011", 50, 45, 55,
					   50, 40, 30, "moderate", "rec-a rec-b", "role-a", 60};
		assert_int_equal(cr_store_cohort_put(w, &row, &d), CR_OK);
		if (i + 1 == 2 * CR_STORE_COHORT_CHUNK) {
			/* two commits asked for two checkpoints: wait for the file to show one */
			for (int tries = 0; stat(path, &now) == 0 && now.st_size <= before.st_size && tries < 6000; tries++)
				usleep(10 * 1000);
			assert_true(now.st_size > before.st_size);
		}
	}
	assert_int_equal(cr_store_cohort_finish(w, rows + 1, rows, 0, &d), CR_OK);
	cr_store_cohort_free(w);
	cr_store_close(s);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM intake_result"), rows);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM intake_cohort WHERE status = 'done'"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), 1);
	assert_int_equal(d.n, 0);
	free(path);
}

/*
 * Stored cohorts: listed with their counts, an unfinished one (a batch killed
 * after a chunk) marked so; deleted all or nothing, with their results, and no
 * copy left in the file or the log; --unfinished spares a cohort that is done.
 */
static void test_cohorts(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_store *s = NULL;
	char *path = db_path("cohorts"), *wal = cr_xprintf("%s-wal", path);
	assert_int_equal(cr_store_open(path, &s, &d), CR_OK);
	cr_stored_cohorts l = {0};
	assert_int_equal(cr_store_cohort_list(s, &l, &d), CR_OK);
	assert_int_equal(l.n, 0);
	int64_t a = cohort(s, "Spring pulse", "spring.csv", "zqxSpring", 3);
	int64_t b = cohort(s, "killed", NULL, "zqxKilled", 2);
	assert_true(a > 0 && b > a);
	/* what a batch killed after its first chunk leaves: status running, no counts, no end */
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *sql = cr_xprintf("UPDATE intake_cohort SET status = 'running', finished_at = NULL, rows_read = NULL, "
			       "rows_scored = NULL, rows_bad = NULL WHERE id = %lld",
			       (long long)b);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(sql);

	assert_int_equal(cr_store_cohort_list(s, &l, &d), CR_OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].id, a);
	assert_string_equal(l.v[0].name, "Spring pulse");
	assert_string_equal(l.v[0].source, "spring.csv");
	assert_string_equal(l.v[0].questionnaire, "intake");
	assert_string_equal(l.v[0].kb_version, "kb-test");
	assert_true(l.v[0].done);
	assert_non_null(l.v[0].started_at);
	assert_non_null(l.v[0].finished_at);
	assert_int_equal(l.v[0].rows_read, 4);
	assert_int_equal(l.v[0].rows_scored, 3);
	assert_int_equal(l.v[0].rows_bad, 1);
	assert_int_equal(l.v[0].results, 3);
	assert_int_equal(l.v[1].id, b);
	assert_null(l.v[1].source);
	assert_false(l.v[1].done);
	assert_null(l.v[1].finished_at);
	assert_int_equal(l.v[1].rows_read, -1);
	assert_int_equal(l.v[1].rows_scored, -1);
	assert_int_equal(l.v[1].rows_bad, -1);
	assert_int_equal(l.v[1].results, 2);
	cr_stored_cohorts_free(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);

	/* an unknown id: not found, and nothing deleted, not even the ids before it */
	cr_stored_cohorts gone = {0};
	int64_t ids[] = {b, 999};
	assert_int_equal(cr_store_cohort_delete(s, ids, 2, false, &gone, &d), CR_ENOTFOUND);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].msg, "no intake cohort 999; nothing was deleted"));
	cr_diags_clear(&d);
	assert_int_equal(gone.n, 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM intake_cohort"), 2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM intake_result"), 5);
	/* exposure is kept; the first person of each cohort had none, and that stays NULL rather than 0 */
	assert_int_equal(sql_int(path, "SELECT count(*) FROM intake_result WHERE exposure IS NULL"), 2);
	assert_int_equal(sql_int(path, "SELECT sum(exposure) FROM intake_result"), 61 + 62 + 61);

	/* unfinished only: the done cohort is spared, the unfinished one goes with its results */
	int64_t both[] = {a, b};
	assert_int_equal(cr_store_cohort_delete(s, both, 2, true, &gone, &d), CR_OK);
	assert_int_equal(gone.n, 1);
	assert_int_equal(gone.v[0].id, b);
	assert_string_equal(gone.v[0].name, "killed");
	assert_false(gone.v[0].done);
	assert_int_equal(gone.v[0].results, 2);
	cr_stored_cohorts_free(&gone);
	char *left = cr_xprintf("SELECT count(*) FROM intake_result WHERE cohort_id = %lld", (long long)b);
	assert_int_equal(sql_int(path, left), 0);
	free(left);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM intake_result"), 3);
	assert_false(file_has(path, "zqxKilled"));
	assert_false(file_has(wal, "zqxKilled"));
	assert_true(file_has(path, "zqxSpring") || file_has(wal, "zqxSpring"));

	/* by id: gone, with its results; the database stays whole */
	assert_int_equal(cr_store_cohort_delete(s, &a, 1, false, &gone, &d), CR_OK);
	assert_int_equal(gone.n, 1);
	assert_int_equal(gone.v[0].id, a);
	assert_true(gone.v[0].done);
	assert_int_equal(gone.v[0].results, 3);
	cr_stored_cohorts_free(&gone);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM intake_cohort"), 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM intake_result"), 0);
	assert_false(file_has(path, "zqxSpring"));
	assert_false(file_has(wal, "zqxSpring"));
	assert_int_equal(cr_store_cohort_delete(s, &a, 1, false, &gone, &d), CR_ENOTFOUND);
	cr_diags_clear(&d);
	cr_store_close(s);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	free(path);
	free(wal);
}

/* Doctor notes the cohorts a stopped batch left, by id, with the command that removes them. */
static void test_check_cohorts(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_store *s = NULL;
	char *path = db_path("check-cohorts");
	assert_int_equal(cr_store_open(path, &s, &d), CR_OK);
	int64_t ids[3];
	for (int i = 0; i < 3; i++)
		ids[i] = cohort(s, "c", "in.csv", "E", 1);
	cr_store_close(s);

	cr_checks c = {0};
	assert_int_equal(cr_store_check(path, &c, &d), CR_OK);
	size_t notes = 0, found = 0;
	for (size_t i = 0; i < c.n; i++) {
		notes += c.v[i].level == CR_CHECK_NOTE;
		found += c.v[i].level == CR_CHECK_OK && strstr(c.v[i].what, "3 intake cohorts stored") != NULL;
	}
	assert_int_equal(notes, 0); /* all done: nothing to note */
	assert_int_equal(found, 1);
	cr_checks_free(&c);

	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *sql = cr_xprintf("UPDATE intake_cohort SET status = 'running' WHERE id IN (%lld, %lld)", (long long)ids[0],
			       (long long)ids[2]);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(sql);
	assert_int_equal(cr_store_check(path, &c, &d), CR_OK);
	const cr_check *note = NULL;
	for (size_t i = 0; i < c.n; i++)
		if (c.v[i].level == CR_CHECK_NOTE && strstr(c.v[i].what, "unfinished intake cohort"))
			note = &c.v[i];
	assert_non_null(note);
	char *want = cr_xprintf("2 unfinished intake cohorts (ids %lld, %lld): ", (long long)ids[0], (long long)ids[2]);
	assert_non_null(strstr(note->what, want));
	free(want);
	assert_non_null(strstr(note->what, "stopped before finishing"));
	assert_non_null(note->fix);
	/* the store names commands as references the face words (diag.h) */
	assert_non_null(strstr(note->fix, "`career-risk " CR_CMD_COHORT_DELETE " " CR_FLAG_UNFINISHED "`"));
	for (size_t i = 0; i < c.n; i++)
		assert_int_not_equal(c.v[i].level, CR_CHECK_PROBLEM);
	cr_checks_free(&c);
	free(path);
	cr_diags_clear(&d);
}

/* A finding of `level` whose text holds `what`, or NULL. */
static const cr_check *finding_with(const cr_checks *c, enum cr_check_level level, const char *what)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].level == level && strstr(c->v[i].what, what))
			return &c->v[i];
	return NULL;
}

/* D3: a stored result that does not parse is a storage error naming profile and session, and doctor names it. */
static void test_damaged_result(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_store *s = NULL;
	cr_progress *p = NULL;
	char *path = db_path("damaged");
	assert_int_equal(cr_store_open(path, &s, &d), CR_OK);
	int64_t profile = 0;
	assert_int_equal(cr_store_profile(s, "dana", true, &profile, &d), CR_OK);
	const char *recs[] = {"a"};
	scored(s, profile, 40, recs, 1, 1);
	int64_t second = scored(s, profile, 50, recs, 1, 1);
	assert_int_equal(cr_store_progress(s, "dana", &p, &d), CR_OK);
	cr_progress_free(p);
	p = NULL;
	cr_store_close(s);

	cr_checks c = {0};
	assert_int_equal(cr_store_check(path, &c, &d), CR_OK);
	assert_non_null(finding_with(&c, CR_CHECK_OK, "every stored result reads back (2)"));
	cr_checks_free(&c);

	const char *bad[] = {"{\"score\": 4", "{\"score\": 40}", "[1, 2]", ""};
	for (size_t i = 0; i < CR_ARRAY_LEN(bad); i++) {
		sqlite3 *db = NULL;
		sqlite3_stmt *st = NULL;
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "UPDATE session SET result_json = ?1 WHERE id = ?2", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_text(st, 1, bad[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, second);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
		sqlite3_close(db);

		assert_int_equal(cr_store_open(path, &s, &d), CR_OK);
		assert_int_equal(cr_store_progress(s, "dana", &p, &d), CR_ESTORE);
		assert_null(p);
		assert_true(d.n > 0);
		assert_non_null(strstr(d.v[d.n - 1].msg, "profile 'dana', session 2: the stored result is damaged"));
		assert_non_null(strstr(d.v[d.n - 1].hint, CR_CMD_DOCTOR));
		cr_diags_clear(&d);
		cr_store_close(s);

		assert_int_equal(cr_store_check(path, &c, &d), CR_OK);
		const cr_check *f = finding_with(&c, CR_CHECK_PROBLEM, "profile 'dana', session 2: the stored result is damaged");
		assert_non_null(f);
		assert_non_null(f->fix);
		assert_null(finding_with(&c, CR_CHECK_OK, "every stored result reads back"));
		cr_checks_free(&c);
	}
	free(path);
	cr_diags_clear(&d);
}

/* D5: folders that are links are followed (SQLite's NOFOLLOW refused them); a linked file is not. */
static void test_symlinks(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_store *s = NULL;
	char *real = cr_xprintf("%s/real", dir), *link = cr_xprintf("%s/link", dir);
	assert_int_equal(mkdir(real, 0700), 0);
	assert_int_equal(symlink(real, link), 0);
	char *via = cr_xprintf("%s/sub/p.db", link), *target = cr_xprintf("%s/sub/p.db", real);
	assert_int_equal(cr_store_open(via, &s, &d), CR_OK);
	assert_string_equal(cr_store_path(s), via); /* messages name the path as given */
	int64_t id = 0;
	assert_int_equal(cr_store_profile(s, "linked", true, &id, &d), CR_OK);
	cr_store_close(s);
	s = NULL;
	struct stat sb;
	assert_int_equal(lstat(target, &sb), 0);
	assert_true(S_ISREG(sb.st_mode) && sb.st_size > 0);
	cr_checks c = {0};
	assert_int_equal(cr_store_check(via, &c, &d), CR_OK);
	assert_non_null(finding_with(&c, CR_CHECK_OK, "1 profile"));
	for (size_t i = 0; i < c.n; i++)
		assert_int_not_equal(c.v[i].level, CR_CHECK_PROBLEM);
	cr_checks_free(&c);

	char *file_link = cr_xprintf("%s/file-link.db", dir);
	assert_int_equal(symlink(target, file_link), 0);
	assert_int_equal(cr_store_open(file_link, &s, &d), CR_ESTORE);
	assert_null(s);
	assert_non_null(strstr(d.v[d.n - 1].msg, "the database is a symbolic link"));
	assert_non_null(strstr(d.v[d.n - 1].hint, target));
	cr_diags_clear(&d);
	assert_int_equal(cr_store_check(file_link, &c, &d), CR_OK);
	assert_non_null(finding_with(&c, CR_CHECK_PROBLEM, "is a symbolic link"));
	cr_checks_free(&c);
	free(file_link);
	free(via);
	free(target);
	free(real);
	free(link);
	cr_diags_clear(&d);
}

/* What the busy function of test_busy saw, and what it does. */
typedef struct busy_probe {
	int calls;
	long long last_ms;
	long long give_up_ms; /* returns false once this long was waited; -1 never */
	long long release_ms; /* commits `holder` once this long was waited; -1 never */
	cr_store *holder;
} busy_probe;

static bool probe_busy(void *ctx, long long waited_ms)
{
	busy_probe *b = ctx;
	b->calls++;
	assert_true(waited_ms >= 0);
	b->last_ms = waited_ms;
	if (b->release_ms >= 0 && waited_ms >= b->release_ms && b->holder) {
		cr_diags d = {0};
		assert_int_equal(cr_store_commit(b->holder, &d), CR_OK);
		b->holder = NULL;
		cr_diags_clear(&d);
	}
	return b->give_up_ms < 0 || waited_ms < b->give_up_ms;
}

/*
 * A writer waits for as long as its busy function says: past SQLite's busy
 * timeout when the lock is then released (here by the function itself), and
 * no longer once it says stop. A reader never waits for a writer.
 */
/* cr_store_creatable: refuses where cr_store_open could not create, and itself creates nothing. */
static void test_creatable(void **state)
{
	(void)state;
	cr_diags d = {0};
	struct stat sb;
	/* missing folders under a writable one: creatable, and still missing */
	char *deep = cr_xprintf("%s/not/yet/p.db", dir), *top = cr_xprintf("%s/not", dir);
	assert_int_equal(cr_store_creatable(deep, &d), CR_OK);
	assert_int_equal(d.n, 0);
	assert_int_equal(stat(top, &sb), -1);
	/* an existing folder of ours: creatable; the database is not made */
	char *here = db_path("creatable");
	assert_int_equal(cr_store_creatable(here, &d), CR_OK);
	assert_int_equal(stat(here, &sb), -1);
	/* a file where a folder would go: named as the folder that cannot be created */
	char *file = cr_xprintf("%s/a-file", dir), *under = cr_xprintf("%s/a-file/sub/p.db", dir);
	int fd = open(file, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(cr_store_creatable(under, &d), CR_ESTORE);
	assert_non_null(strstr(d.v[d.n - 1].msg, "cannot create folder"));
	cr_diags_clear(&d);
	/* a folder anyone may write to is refused as cr_store_open refuses it */
	char *open_dir = cr_xprintf("%s/open", dir), *in_open = cr_xprintf("%s/open/p.db", dir);
	assert_int_equal(mkdir(open_dir, 0700), 0);
	assert_int_equal(chmod(open_dir, 0777), 0);
	assert_int_equal(cr_store_creatable(in_open, &d), CR_ESTORE);
	assert_non_null(strstr(d.v[d.n - 1].msg, "anyone can write to this folder"));
	cr_diags_clear(&d);
	/* a folder this process may not write (not seen as root, who may write anyway) */
	char *ro = cr_xprintf("%s/ro", dir), *in_ro = cr_xprintf("%s/ro/p.db", dir), *below_ro = cr_xprintf("%s/ro/x/p.db", dir);
	assert_int_equal(mkdir(ro, 0500), 0);
	if (geteuid() != 0) {
		assert_int_equal(cr_store_creatable(in_ro, &d), CR_ESTORE);
		assert_non_null(strstr(d.v[d.n - 1].msg, "cannot create the database: Permission denied"));
		assert_int_equal(cr_store_creatable(below_ro, &d), CR_ESTORE);
		assert_non_null(strstr(d.v[d.n - 1].msg, "cannot create folder: Permission denied"));
		cr_diags_clear(&d);
	}
	assert_int_equal(chmod(ro, 0700), 0);
	free(ro);
	free(in_ro);
	free(below_ro);
	free(open_dir);
	free(in_open);
	free(file);
	free(under);
	free(here);
	free(deep);
	free(top);
}

static void test_busy(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_store *a = NULL, *b = NULL;
	char *path = db_path("busy");
	int64_t id = 0, session = 0;
	assert_int_equal(cr_store_open(path, &a, &d), CR_OK);
	assert_int_equal(cr_store_profile(a, "a", true, &id, &d), CR_OK);
	assert_int_equal(cr_store_session_begin(a, id, "quick", "kb", &session, &d), CR_OK);

	busy_probe probe = {.give_up_ms = -1, .release_ms = CR_STORE_BUSY_TIMEOUT_MS + 500};
	assert_int_equal(cr_store_open_busy(path, probe_busy, &probe, &b, &d), CR_OK);
	assert_int_equal(cr_store_begin(a, &d), CR_OK); /* a holds the write lock */
	probe.holder = a;
	assert_int_equal(cr_store_answer_put(b, session, "q1", "1", &d), CR_OK);
	assert_null(probe.holder); /* released by the probe, after the busy timeout */
	assert_true(probe.last_ms >= CR_STORE_BUSY_TIMEOUT_MS);
	assert_true(probe.calls > 1);

	/* it stops waiting when told: "database is locked", saying how long it waited */
	assert_int_equal(cr_store_begin(a, &d), CR_OK);
	probe = (busy_probe){.give_up_ms = 300, .release_ms = -1};
	assert_int_equal(cr_store_answer_put(b, session, "q2", "2", &d), CR_ESTORE);
	assert_true(probe.last_ms >= 300);
	assert_non_null(strstr(d.v[d.n - 1].msg, "database is locked (waited 0 s)"));
	cr_diags_clear(&d);
	/* a reader does not wait at all, and sees what was committed */
	probe.calls = 0;
	cr_progress *p = NULL;
	assert_int_equal(cr_store_progress(b, "a", &p, &d), CR_OK);
	assert_int_equal(probe.calls, 0);
	assert_int_equal(p->sessions[0].nanswers, 1);
	cr_progress_free(p);
	cr_store_rollback(a);
	/* and a new connection opening the database does not need the write lock either */
	assert_int_equal(cr_store_begin(a, &d), CR_OK);
	cr_store *c = NULL;
	probe = (busy_probe){.give_up_ms = 0, .release_ms = -1};
	assert_int_equal(cr_store_open_busy(path, probe_busy, &probe, &c, &d), CR_OK);
	assert_int_equal(probe.calls, 0);
	cr_store_close(c);
	cr_store_rollback(a);
	cr_store_close(b);
	cr_store_close(a);
	free(path);
	cr_diags_clear(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_database),
		cmocka_unit_test(test_plan_and_credits),
		cmocka_unit_test(test_erase),
		cmocka_unit_test(test_migration_from_v1),
		cmocka_unit_test(test_profile_names),
		cmocka_unit_test(test_cohorts),
		cmocka_unit_test(test_cohort_checkpointed),
		cmocka_unit_test(test_check_cohorts),
		cmocka_unit_test(test_damaged_result),
		cmocka_unit_test(test_symlinks),
		cmocka_unit_test(test_busy),
		cmocka_unit_test(test_creatable),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
