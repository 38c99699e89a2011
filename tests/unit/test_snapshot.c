/*
 * test_snapshot.c - the compiled knowledge base (app/core/kb_snapshot.h and
 * app/io/kb_cache.h).
 *
 * The shipped base loaded from YAML and the same base read back from its
 * snapshot must be the same knowledge: written again they give the same bytes
 * (every field the serialiser covers), every persona of tests/data/answers
 * gets the same result (as JSON) and every occupation the same baseline. A
 * damaged snapshot (truncated, bytes flipped, another key or format) is
 * rejected; through the cache, a stale or damaged one is rebuilt from the
 * YAML and a good one read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "answers.h"
#include "assess.h"
#include "catalogue.h"
#include "fixture.h"
#include "kb_cache.h"
#include "kb_snapshot.h"
#include "render.h"
#include "util.h"

#define KEY 0x1234abcdULL

static char *snap;     /* fx_kb's snapshot */
static size_t snap_len;
static cr_kb *back;    /* read back from it */

static int setup(void **state)
{
	if (fx_kb_setup(state))
		return -1;
	cr_kb_snapshot_write(fx_kb, KEY, &snap, &snap_len);
	const char *why = NULL;
	back = cr_kb_snapshot_read(snap, snap_len, KEY, false, &why);
	if (!back) {
		fprintf(stderr, "the shipped base's snapshot was rejected: %s\n", why);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	cr_kb_free(back);
	free(snap);
	return fx_kb_teardown(state);
}

/* Written again, the base read back gives the very same bytes: every field put_* writes survived. */
static void test_round_trip_bytes(void **state)
{
	(void)state;
	char *again;
	size_t len;
	cr_kb_snapshot_write(back, KEY, &again, &len);
	assert_int_equal(len, snap_len);
	assert_memory_equal(again, snap, len);
	free(again);
	/* the same, writing is deterministic */
	cr_kb_snapshot_write(fx_kb, KEY, &again, &len);
	assert_int_equal(len, snap_len);
	assert_memory_equal(again, snap, len);
	free(again);
}

/* What the bytes cannot show: pointers lead into the new base, conditions were compiled again. */
static void test_pointers_and_conditions(void **state)
{
	(void)state;
	assert_string_equal(back->version, fx_kb->version);
	assert_int_equal(back->nrules, fx_kb->nrules);
	for (size_t i = 0; i < back->nrules; i++) {
		const cr_rule *a = &fx_kb->rules[i], *b = &back->rules[i];
		assert_string_equal(a->id, b->id);
		assert_ptr_equal(b->theme, &back->themes[a->theme - fx_kb->themes]);
		for (size_t j = 0; j < b->nrecs; j++)
			assert_ptr_equal(b->recs[j], &back->recs[a->recs[j] - fx_kb->recs]);
		assert_true((a->when != NULL) == (b->when != NULL));
		assert_true((a->score != NULL) == (b->score != NULL));
	}
	assert_int_equal(back->ntasks_by_id, fx_kb->ntasks_by_id);
	for (size_t i = 0; i < back->ntasks_by_id; i++) {
		assert_int_equal(back->tasks_by_id[i]->id, fx_kb->tasks_by_id[i]->id);
		assert_ptr_equal(cr_kb_task(back, back->tasks_by_id[i]->id)->text, back->tasks_by_id[i]->text);
	}
	for (size_t i = 0; i < back->nquestionnaires; i++)
		for (size_t j = 0; j < back->questionnaires[i].nquestions; j++)
			assert_true((back->questionnaires[i].questions[j].ask_if != NULL) ==
				    (fx_kb->questionnaires[i].questions[j].ask_if != NULL));
}

static char *result_json(const cr_kb *kb, const char *file)
{
	const cr_questionnaire *q = cr_kb_questionnaire(kb, strncmp(file, "quick-", 6) == 0 ? "quick" : "standard");
	assert_non_null(q);
	cr_diags d = {0};
	cr_answers *as = NULL;
	char *path = cr_xprintf("%s/tests/data/answers/%s", CR_SOURCE_DIR, file);
	if (cr_answers_load(kb, q, path, &as, &d))
		fail_msg("%s: %s", path, d.v[0].msg);
	cr_result *r = NULL;
	assert_int_equal(cr_assess(kb, as, 0, &r, &d), CR_OK);
	char *json = cr_result_json(r, false);
	cr_result_free(r);
	cr_answers_free(as);
	cr_diags_clear(&d);
	free(path);
	return json;
}

/* Every persona's full result, as JSON, is the same from either base. */
static void test_personas_same(void **state)
{
	(void)state;
	DIR *dh = opendir(CR_SOURCE_DIR "/tests/data/answers");
	assert_non_null(dh);
	struct dirent *de;
	int n = 0;
	while ((de = readdir(dh)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		char *a = result_json(fx_kb, de->d_name), *b = result_json(back, de->d_name);
		if (strcmp(a, b) != 0)
			fail_msg("%s: the result differs between the YAML and the snapshot", de->d_name);
		free(a);
		free(b);
		n++;
	}
	closedir(dh);
	assert_true(n >= 19);
}

/* Every occupation's baseline (what occupation show and list print) is the same from either base. */
static void test_baselines_same(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_occ_baseline *a, *b;
	size_t na, nb;
	assert_int_equal(cr_catalogue_baselines(fx_kb, &a, &na, &d), CR_OK);
	assert_int_equal(cr_catalogue_baselines(back, &b, &nb, &d), CR_OK);
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		assert_string_equal(a[i].occ->code, b[i].occ->code);
		assert_int_equal(a[i].score, b[i].score);
		assert_int_equal(a[i].range_lo, b[i].range_lo);
		assert_int_equal(a[i].range_hi, b[i].range_hi);
		assert_string_equal(a[i].band, b[i].band);
		assert_int_equal(a[i].routineness, b[i].routineness);
		assert_int_equal(a[i].ai_usage, b[i].ai_usage);
		assert_int_equal(a[i].specialization, b[i].specialization);
		assert_int_equal(a[i].exposure, b[i].exposure);
		assert_int_equal(a[i].percentile, b[i].percentile);
	}
	free(a);
	free(b);
	cr_diags_clear(&d);
}

static void expect_rejected(const void *buf, size_t len, uint64_t key, const char *what)
{
	const char *why = NULL;
	cr_kb *kb = cr_kb_snapshot_read(buf, len, key, false, &why);
	if (kb) {
		cr_kb_free(kb);
		fail_msg("%s: accepted", what);
	}
	assert_non_null(why);
}

/* Truncated anywhere, a byte flipped anywhere, another key or format: rejected, never trusted. */
static void test_damage_rejected(void **state)
{
	(void)state;
	expect_rejected(snap, snap_len, KEY + 1, "another key");
	for (size_t cut = 0; cut < snap_len; cut += cut < 256 ? 1 : 4099)
		expect_rejected(snap, cut, KEY, "truncated");
	char *copy = cr_xmalloc(snap_len);
	for (size_t at = 0; at < snap_len; at += at < 256 ? 1 : 9973) {
		memcpy(copy, snap, snap_len);
		copy[at] ^= 0x5a;
		expect_rejected(copy, snap_len, KEY, "a byte flipped");
	}
	memcpy(copy, snap, snap_len);
	copy[8]++; /* the format number */
	expect_rejected(copy, snap_len, KEY, "another format");
	/*
	 * Damage that passes the checksum (resealed): the decoder's own checks
	 * reject what they can see and never read out of bounds (the ASan build
	 * and fuzz_snapshot say so); a flipped number may still read back.
	 */
	for (size_t at = 48; at < snap_len; at += 1009) {
		memcpy(copy, snap, snap_len);
		copy[at] ^= 0xff;
		cr_kb_snapshot_reseal(copy, snap_len);
		const char *why;
		cr_kb_free(cr_kb_snapshot_read(copy, snap_len, KEY, false, &why));
	}
	for (size_t cut = 48; cut < snap_len; cut += 7919) {
		memcpy(copy, snap, snap_len);
		cr_kb_snapshot_reseal(copy, cut);
		expect_rejected(copy, cut, KEY, "truncated and resealed");
	}
	free(copy);
}

/*
 * The arena a read takes, which the snapshot states (after the string table)
 * so the read maps it at once: exactly what a read of it hands out, so the
 * reserved block is neither short (the arena would grow page by page again)
 * nor long.
 */
static void test_arena_size(void **state)
{
	(void)state;
	uint64_t slen, stated;
	memcpy(&slen, snap + 48, sizeof slen);
	memcpy(&stated, snap + 48 + sizeof slen + slen, sizeof stated);
	const char *why = NULL;
	cr_kb *kb = cr_kb_snapshot_read(snap, snap_len, KEY, true, &why);
	assert_non_null(kb);
	assert_true(stated > 0);
	assert_int_equal(kb->arena.total, stated);
	cr_kb_free(kb);
	/* a hostile size (the checksum made to match) is refused, a wrong one only costs growth */
	char *copy = cr_xmalloc(snap_len);
	const uint64_t sizes[] = {UINT64_MAX, 16 * (uint64_t)snap_len + 1, 0, 100, stated * 3};
	for (size_t i = 0; i < CR_ARRAY_LEN(sizes); i++) {
		memcpy(copy, snap, snap_len);
		memcpy(copy + 48 + sizeof slen + slen, &sizes[i], sizeof sizes[i]);
		cr_kb_snapshot_reseal(copy, snap_len);
		kb = cr_kb_snapshot_read(copy, snap_len, KEY, false, &why);
		if (i < 2) {
			assert_null(kb);
			assert_string_equal(why, "bad arena size");
			continue;
		}
		assert_non_null(kb);
		assert_int_equal(kb->noccupations, fx_kb->noccupations);
		assert_string_equal(kb->occupations[kb->noccupations - 1].title, fx_kb->occupations[fx_kb->noccupations - 1].title);
		cr_kb_free(kb);
	}
	free(copy);
	/* copied strings take the table's bytes more, reserved as well */
	kb = cr_kb_snapshot_read(snap, snap_len, KEY, false, &why);
	assert_non_null(kb);
	assert_true(kb->arena.total <= stated + slen + 16);
	cr_kb_free(kb);
}

/* ---- the checksum ---------------------------------------------------------- */

/*
 * cr_hash64 as kb_snapshot.c describes it, one word at a time in plain C: the
 * SSE2 loop there must give the same value (and a build without SSE2 runs the
 * scalar loop, which this mirrors).
 */
static uint64_t ref_mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 32);
}

static uint64_t ref_word(const unsigned char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	return w;
}

static uint64_t ref_hash64(uint64_t h, const unsigned char *p, size_t n)
{
	static const uint64_t key[8] = {
		0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL, 0x082efa98ec4e6c89ULL,
		0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL, 0xc0ac29b7c97c50ddULL, 0x3f84d5b5b5470917ULL,
	};
	size_t len = n;
	if (n >= 256) {
		uint64_t acc[8];
		for (int i = 0; i < 8; i++)
			acc[i] = h ^ key[(i + 3) & 7];
		for (size_t s = 1; n >= 64; s++, p += 64, n -= 64) {
			for (int i = 0; i < 8; i++) {
				uint64_t w = ref_word(p + 8 * i), x = w ^ key[i];
				acc[i ^ 1] += w;
				acc[i] += (x & 0xffffffffu) * (x >> 32);
			}
			if (s % 16 == 0)
				for (int i = 0; i < 8; i++)
					acc[i] = (acc[i] ^ (acc[i] >> 47) ^ key[i]) * 0x9e3779b1u;
		}
		for (int i = 0; i < 8; i++)
			h = ref_mix(h, acc[i]);
	}
	uint64_t a = h, b = h ^ key[0], c = h ^ key[1], d = h ^ key[2];
	for (; n >= 32; p += 32, n -= 32) {
		a = ref_mix(a, ref_word(p));
		b = ref_mix(b, ref_word(p + 8));
		c = ref_mix(c, ref_word(p + 16));
		d = ref_mix(d, ref_word(p + 24));
	}
	for (; n >= 8; p += 8, n -= 8)
		a = ref_mix(a, ref_word(p));
	uint64_t w = 0;
	memcpy(&w, p, n);
	h = ref_mix(ref_mix(ref_mix(ref_mix(a, w ^ ((uint64_t)len << 3)), b), c), d);
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 32);
}

/* Every length and alignment the same as the reference; a flipped byte or two words swapped change it. */
static void test_hash(void **state)
{
	(void)state;
	size_t n = 3 * 1024 + 77;
	unsigned char *buf = cr_xmalloc(n + 8);
	for (size_t i = 0; i < n + 8; i++)
		buf[i] = (unsigned char)(i * 131 + (i >> 7));
	for (size_t len = 0; len <= n; len += len < 300 ? 1 : 61)
		for (size_t off = 0; off < 8; off += 3)
			assert_int_equal(cr_hash64(CR_FNV_INIT + off, buf + off, len),
					 ref_hash64(CR_FNV_INIT + off, buf + off, len));
	assert_int_equal(cr_hash64(CR_FNV_INIT, snap, snap_len), ref_hash64(CR_FNV_INIT, (const unsigned char *)snap, snap_len));
	uint64_t h = cr_hash64(CR_FNV_INIT, buf, n);
	for (size_t at = 0; at < n; at++) {
		buf[at] ^= 0x01;
		assert_true(cr_hash64(CR_FNV_INIT, buf, n) != h);
		buf[at] ^= 0x01;
	}
	unsigned char w[8];
	for (size_t at = 0; at + 16 <= n; at += 8) {
		if (memcmp(buf + at, buf + at + 8, 8) == 0)
			continue;
		memcpy(w, buf + at, 8); /* neighbouring words, which share a pair of lanes */
		memcpy(buf + at, buf + at + 8, 8);
		memcpy(buf + at + 8, w, 8);
		assert_true(cr_hash64(CR_FNV_INIT, buf, n) != h);
		memcpy(buf + at + 8, buf + at, 8);
		memcpy(buf + at, w, 8);
	}
	free(buf);
}

/* ---- through the cache folder -------------------------------------------- */

static enum cr_kb_cache_how load_via(const char *cache, const char *program)
{
	cr_diags d = {0};
	cr_kb *kb = NULL;
	enum cr_kb_cache_how how;
	assert_int_equal(cr_kb_cache_load(CR_SOURCE_DIR "/knowledge", CR_SOURCE_DIR "/questionnaires", cache, program, &kb,
					  &how, &d),
			 CR_OK);
	assert_int_equal(d.n, 0);
	assert_string_equal(kb->version, fx_kb->version);
	assert_int_equal(kb->noccupations, fx_kb->noccupations);
	cr_kb_free(kb);
	return how;
}

static void test_cache_rebuilds(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/cr-snapshot-XXXXXX";
	char *dir = mkdtemp(tmpl);
	assert_non_null(dir);
	char *cache = cr_xprintf("%s/cache/career-risk", dir);
	char *path = cr_kb_cache_path(CR_SOURCE_DIR "/knowledge", CR_SOURCE_DIR "/questionnaires", cache);

	assert_int_equal(load_via(cache, "test 1"), CR_KB_FROM_YAML); /* none yet: compiled */
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(cache, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(load_via(cache, "test 1"), CR_KB_FROM_SNAPSHOT);
	assert_int_equal(load_via(cache, "test 2"), CR_KB_FROM_YAML); /* another program's */
	assert_int_equal(load_via(cache, "test 2"), CR_KB_FROM_SNAPSHOT);

	/* truncated */
	assert_int_equal(truncate(path, sb.st_size / 2), 0);
	assert_int_equal(load_via(cache, "test 2"), CR_KB_FROM_YAML);
	assert_int_equal(load_via(cache, "test 2"), CR_KB_FROM_SNAPSHOT);
	/* bytes flipped past our header (in the core snapshot's body) and in it */
	const long at[] = {sb.st_size / 3, 70, 12};
	for (size_t i = 0; i < CR_ARRAY_LEN(at); i++) {
		FILE *f = fopen(path, "r+b");
		assert_non_null(f);
		fseek(f, at[i], SEEK_SET);
		int c = fgetc(f);
		fseek(f, at[i], SEEK_SET);
		fputc(c ^ 0x10, f);
		fclose(f);
		assert_int_equal(load_via(cache, "test 2"), CR_KB_FROM_YAML);
		assert_int_equal(load_via(cache, "test 2"), CR_KB_FROM_SNAPSHOT);
	}
	/* not a snapshot at all, and an empty file */
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs("hello", f);
	fclose(f);
	assert_int_equal(load_via(cache, "test 2"), CR_KB_FROM_YAML);
	assert_int_equal(truncate(path, 0), 0);
	assert_int_equal(load_via(cache, "test 2"), CR_KB_FROM_YAML);
	assert_int_equal(load_via(cache, "test 2"), CR_KB_FROM_SNAPSHOT);

	/* no temporary file left beside it */
	DIR *dh = opendir(cache);
	assert_non_null(dh);
	struct dirent *de;
	int files = 0;
	while ((de = readdir(dh)) != NULL)
		if (de->d_name[0] != '.') {
			files++;
			assert_null(strstr(de->d_name, ".tmp-"));
		}
	closedir(dh);
	assert_int_equal(files, 1);
	unlink(path);
	rmdir(cache);
	char *parent = cr_xprintf("%s/cache", dir);
	rmdir(parent);
	rmdir(dir);
	free(parent);
	free(path);
	free(cache);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_bytes), cmocka_unit_test(test_pointers_and_conditions),
		cmocka_unit_test(test_personas_same),   cmocka_unit_test(test_baselines_same),
		cmocka_unit_test(test_damage_rejected), cmocka_unit_test(test_cache_rebuilds),
		cmocka_unit_test(test_hash), cmocka_unit_test(test_arena_size),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
