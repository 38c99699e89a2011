/*
 * kb_snapshot.c - a loaded knowledge base as one binary buffer, and back (see kb_snapshot.h).
 *
 * Layout (native byte order and widths: a snapshot is a cache on the machine
 * that wrote it, and the header's byte-order mark rejects another's):
 *
 *   header  magic "CRKBSNAP", format, byte-order mark, key, body length,
 *           body checksum (cr_hash64 of the body)
 *   body    string-table length, the table (NUL-terminated strings, each kept
 *           once), the bytes of arena a read takes (so it is mapped at once:
 *           cr_arena_reserve), then the records: every struct of kb.h field by field in
 *           a fixed order, a string as its offset in the table (NONE for
 *           NULL), an array as whether it is there, its count and its items,
 *           a pointer to another entry as that entry's index.
 *
 * put_* (writing) and get_* (reading) below mirror each other function by
 * function; a field added to a struct in kb.h is added to both, and the
 * format number bumped. Conditions are stored as their text and compiled
 * again when read (against the stored schema, exactly as the loader did).
 */
#include "catalogue.h"
#include "kb_snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAGIC "CRKBSNAP"
#define BOM 0x01020304u
#define NONE 0xffffffffu
#define HEADER 48 /* magic 8, format 4, bom 4, key 8, body length 8, checksum 8, reserved 8 */

static inline uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 32);
}

static inline uint64_t read64(const unsigned char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	return w;
}

/* Lane keys of the bulk loop (digits of pi, as in many hashes' constants): two equal words never meet the multiplier equally. */
static const uint64_t lane_key[8] = {
	0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL, 0x082efa98ec4e6c89ULL,
	0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL, 0xc0ac29b7c97c50ddULL, 0x3f84d5b5b5470917ULL,
};

/*
 * The bulk of a long buffer, 64 bytes a step into eight accumulators, as
 * XXH3 does (its "accumulate" and "scramble"): each word, keyed, adds the
 * product of its two 32-bit halves to its own lane and itself to the
 * neighbouring lane, so no word is ever lost (a product of zero still leaves
 * the word), and every 1 KiB the lanes are stirred so their high bits feed
 * the low ones. With SSE2 (every x86-64) two lanes go through each
 * instruction: about half an instruction a byte where one multiply-and-fold per
 * word cost 0.85, which made the checksum of the 1.8 MB snapshot the largest
 * single cost of a run's start. The scalar loop computes the same.
 * Returns h folded with the lanes; *pp and *np move past the bytes taken.
 */
#define STRIPE 64
#define STIR_EVERY 16 /* stripes: 1 KiB */
#define STIR_MUL 0x9e3779b1u

#ifdef __SSE2__
#include <emmintrin.h>

/* One stripe into the four pairs of lanes; written out, since -O2 leaves a loop of four rolled. */
#define LANES2(j)                                                                                              \
	do {                                                                                                   \
		__m128i d = _mm_loadu_si128((const __m128i *)(p + 16 * (j))), x = _mm_xor_si128(d, k##j);      \
		__m128i prod = _mm_mul_epu32(x, _mm_shuffle_epi32(x, _MM_SHUFFLE(0, 3, 0, 1))); /* lo * hi */   \
		a##j = _mm_add_epi64(a##j, _mm_add_epi64(prod, _mm_shuffle_epi32(d, _MM_SHUFFLE(1, 0, 3, 2)))); \
	} while (0)

/* x * STIR_MUL modulo 2^64, from two 32 x 32 bit products */
static inline __m128i stir2(__m128i a, __m128i k)
{
	const __m128i mul = _mm_set1_epi32((int)STIR_MUL);
	__m128i x = _mm_xor_si128(_mm_xor_si128(a, _mm_srli_epi64(a, 47)), k);
	__m128i lo = _mm_mul_epu32(x, mul), hi = _mm_mul_epu32(_mm_srli_epi64(x, 32), mul);
	return _mm_add_epi64(lo, _mm_slli_epi64(hi, 32));
}

static void hash_stripes(uint64_t acc[8], const unsigned char *p, size_t stripes)
{
	__m128i a0 = _mm_loadu_si128((const __m128i *)acc), a1 = _mm_loadu_si128((const __m128i *)(acc + 2)),
		a2 = _mm_loadu_si128((const __m128i *)(acc + 4)), a3 = _mm_loadu_si128((const __m128i *)(acc + 6));
	const __m128i k0 = _mm_loadu_si128((const __m128i *)lane_key), k1 = _mm_loadu_si128((const __m128i *)(lane_key + 2)),
		      k2 = _mm_loadu_si128((const __m128i *)(lane_key + 4)), k3 = _mm_loadu_si128((const __m128i *)(lane_key + 6));
	for (size_t s = 1; s <= stripes; s++, p += STRIPE) {
		LANES2(0);
		LANES2(1);
		LANES2(2);
		LANES2(3);
		if (s % STIR_EVERY == 0) {
			a0 = stir2(a0, k0);
			a1 = stir2(a1, k1);
			a2 = stir2(a2, k2);
			a3 = stir2(a3, k3);
		}
	}
	_mm_storeu_si128((__m128i *)acc, a0);
	_mm_storeu_si128((__m128i *)(acc + 2), a1);
	_mm_storeu_si128((__m128i *)(acc + 4), a2);
	_mm_storeu_si128((__m128i *)(acc + 6), a3);
}
#undef LANES2
#else
static void stir(uint64_t acc[8])
{
	for (int i = 0; i < 8; i++)
		acc[i] = (acc[i] ^ (acc[i] >> 47) ^ lane_key[i]) * STIR_MUL;
}

static void hash_stripes(uint64_t acc[8], const unsigned char *p, size_t stripes)
{
	for (size_t s = 1; s <= stripes; s++, p += STRIPE) {
		for (int i = 0; i < 8; i++) {
			uint64_t w = read64(p + 8 * i), x = w ^ lane_key[i];
			acc[i ^ 1] += w;
			acc[i] += (x & 0xffffffffu) * (x >> 32);
		}
		if (s % STIR_EVERY == 0)
			stir(acc);
	}
}
#endif

static uint64_t hash_bulk(uint64_t h, const unsigned char **pp, size_t *np)
{
	uint64_t acc[8];
	for (int i = 0; i < 8; i++)
		acc[i] = h ^ lane_key[(i + 3) & 7];
	size_t stripes = *np / STRIPE;
	hash_stripes(acc, *pp, stripes);
	for (int i = 0; i < 8; i++)
		h = mix(h, acc[i]);
	*pp += stripes * STRIPE;
	*np -= stripes * STRIPE;
	return h;
}

uint64_t cr_hash64(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t len = n;
	if (n >= 256) /* short keys (names, stat data) skip the lanes' set-up and fold */
		h = hash_bulk(h, &p, &n);
	/* four independent lanes, so the multiplications overlap */
	uint64_t a = h, b = h ^ 0x243f6a8885a308d3ULL, c = h ^ 0x13198a2e03707344ULL, d = h ^ 0xa4093822299f31d0ULL;
	while (n >= 32) {
		a = mix(a, read64(p));
		b = mix(b, read64(p + 8));
		c = mix(c, read64(p + 16));
		d = mix(d, read64(p + 24));
		p += 32;
		n -= 32;
	}
	while (n >= 8) {
		a = mix(a, read64(p));
		p += 8;
		n -= 8;
	}
	uint64_t w = 0;
	memcpy(&w, p, n);
	h = mix(mix(mix(mix(a, w ^ ((uint64_t)len << 3)), b), c), d);
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 32);
}

/* ---- writing ---------------------------------------------------------------- */

typedef struct writer {
	cr_sb body;    /* the records */
	cr_sb strs;    /* the string table */
	uint32_t *slot; /* open addressing: offset + 1 of each string kept, 0 for empty */
	size_t nslot, used;
} writer;

static void put_raw(writer *w, const void *p, size_t n) { cr_sb_addn(&w->body, p, n); }
static void put_u32(writer *w, uint32_t v) { put_raw(w, &v, sizeof v); }
static void put_int(writer *w, int v) { put_raw(w, &v, sizeof v); }
static void put_long(writer *w, long v) { int64_t x = v; put_raw(w, &x, sizeof x); }
static void put_dbl(writer *w, double v) { put_raw(w, &v, sizeof v); }
static void put_count(writer *w, size_t n) { put_u32(w, (uint32_t)n); }

static void grow_slots(writer *w)
{
	size_t n = w->nslot ? w->nslot * 2 : 4096;
	uint32_t *s = cr_xcalloc(n, sizeof *s);
	for (size_t i = 0; i < w->nslot; i++) {
		if (!w->slot[i])
			continue;
		const char *str = w->strs.s + w->slot[i] - 1;
		size_t j = cr_hash64(CR_FNV_INIT, str, strlen(str)) & (n - 1);
		while (s[j])
			j = (j + 1) & (n - 1);
		s[j] = w->slot[i];
	}
	free(w->slot);
	w->slot = s;
	w->nslot = n;
}

/* A string as its offset in the table, each distinct string stored once (file names repeat 20,000 times). */
static void put_str(writer *w, const char *s)
{
	if (!s) {
		put_u32(w, NONE);
		return;
	}
	if ((w->used + 1) * 2 > w->nslot)
		grow_slots(w);
	size_t len = strlen(s);
	size_t j = cr_hash64(CR_FNV_INIT, s, len) & (w->nslot - 1);
	while (w->slot[j]) {
		if (strcmp(w->strs.s + w->slot[j] - 1, s) == 0) {
			put_u32(w, w->slot[j] - 1);
			return;
		}
		j = (j + 1) & (w->nslot - 1);
	}
	uint32_t off = (uint32_t)w->strs.len;
	cr_sb_addn(&w->strs, s, len + 1);
	w->slot[j] = off + 1;
	w->used++;
	put_u32(w, off);
}

/* An array's header: whether the pointer is set, and its count. */
static void put_arr(writer *w, const void *p, size_t n)
{
	put_u32(w, p != NULL);
	put_count(w, n);
}

static void put_loc(writer *w, const cr_loc *l)
{
	put_str(w, l->file);
	put_int(w, l->line);
	put_int(w, l->col);
}

static void put_strs(writer *w, const cr_strs *s)
{
	put_arr(w, s->v, s->n);
	if (s->v)
		for (size_t i = 0; i < s->n; i++)
			put_str(w, s->v[i]);
	put_u32(w, s->locs != NULL);
	if (s->locs)
		for (size_t i = 0; i < s->n; i++)
			put_loc(w, &s->locs[i]);
}

static void put_schema(writer *w, const cr_schema *s)
{
	put_count(w, s->n);
	for (size_t i = 0; i < s->n; i++) {
		const cr_factdef *f = &s->v[i];
		put_str(w, f->name);
		put_int(w, (int)f->type);
		put_arr(w, f->choices, f->nchoices);
		if (f->choices)
			for (size_t j = 0; j < f->nchoices; j++)
				put_str(w, f->choices[j]);
	}
}

static void put_occupation(writer *w, const cr_occupation *o)
{
	put_str(w, o->code);
	put_str(w, o->title);
	put_str(w, o->sector);
	put_strs(w, &o->aliases);
	for (int t = 0; t < CR_TASK_COUNT; t++)
		put_dbl(w, o->tasks[t]);
	put_dbl(w, o->ai_use);
	put_dbl(w, o->specialization);
	put_dbl(w, o->ai_use_curated);
	put_arr(w, o->otasks, o->notasks);
	if (o->otasks)
		for (size_t i = 0; i < o->notasks; i++) {
			const cr_occ_task *t = &o->otasks[i];
			put_long(w, t->id);
			put_str(w, t->text);
			put_int(w, (int)t->kind);
			put_int(w, t->exposure);
			put_int(w, t->automation);
			put_loc(w, &t->loc);
		}
	put_int(w, o->ntasks_all);
	put_dbl(w, o->exposure);
	put_dbl(w, o->automation);
	for (int t = 0; t < CR_TASK_COUNT; t++)
		put_dbl(w, o->kind_exposure[t]);
	put_dbl(w, o->observed_coverage);
	put_strs(w, &o->task_sources);
	put_loc(w, &o->tasks_loc);
	put_int(w, (int)o->outlook);
	put_u32(w, o->has_onet);
	put_dbl(w, o->onet_repeat);
	put_dbl(w, o->onet_automation);
	put_dbl(w, o->onet_exact);
	put_dbl(w, o->onet_structured);
	put_int(w, o->median_wage);
	put_arr(w, o->exposures, o->nexposures);
	if (o->exposures)
		for (size_t i = 0; i < o->nexposures; i++) {
			put_str(w, o->exposures[i].index);
			put_str(w, o->exposures[i].source);
			put_dbl(w, o->exposures[i].value);
		}
	put_strs(w, &o->sources);
	put_loc(w, &o->loc);
}

/* tasks_by_id points into the occupations' main-task arrays: each pointer as (occupation, task). */
typedef struct task_home {
	uintptr_t base;
	size_t n, occ;
} task_home;

static int home_cmp(const void *a, const void *b)
{
	uintptr_t x = ((const task_home *)a)->base, y = ((const task_home *)b)->base;
	return (x > y) - (x < y);
}

static void put_tasks_by_id(writer *w, const cr_kb *kb)
{
	task_home *h = cr_xcalloc(kb->noccupations + 1, sizeof *h);
	size_t nh = 0;
	for (size_t i = 0; i < kb->noccupations; i++)
		if (kb->occupations[i].otasks && kb->occupations[i].notasks)
			h[nh++] = (task_home){(uintptr_t)kb->occupations[i].otasks, kb->occupations[i].notasks, i};
	qsort(h, nh, sizeof *h, home_cmp);
	put_arr(w, kb->tasks_by_id, kb->ntasks_by_id);
	for (size_t i = 0; kb->tasks_by_id && i < kb->ntasks_by_id; i++) {
		uintptr_t p = (uintptr_t)kb->tasks_by_id[i];
		size_t lo = 0, hi = nh; /* the last home whose base is <= p */
		while (hi - lo > 1) {
			size_t mid = (lo + hi) / 2;
			if (h[mid].base <= p)
				lo = mid;
			else
				hi = mid;
		}
		/* always found: every entry is a main task of some occupation (kb_load.c, read_tasks) */
		put_count(w, h[lo].occ);
		put_count(w, (p - h[lo].base) / sizeof(cr_occ_task));
	}
	free(h);
}

static void put_question(writer *w, const cr_question *q)
{
	put_str(w, q->id);
	put_str(w, q->text);
	put_str(w, q->help);
	put_int(w, (int)q->type);
	put_u32(w, q->optional);
	put_arr(w, q->choices, q->nchoices);
	if (q->choices)
		for (size_t i = 0; i < q->nchoices; i++) {
			put_str(w, q->choices[i].id);
			put_str(w, q->choices[i].label);
		}
	put_dbl(w, q->min);
	put_dbl(w, q->max);
	put_str(w, q->unit);
	put_str(w, q->low);
	put_str(w, q->high);
	put_count(w, q->max_length);
	put_str(w, q->ask_if_text);
	put_u32(w, q->ask_if != NULL);
	put_int(w, q->fact);
	put_loc(w, &q->loc);
}

static void put_kb(writer *w, const cr_kb *kb)
{
	put_str(w, kb->dir);
	put_str(w, kb->qdir);
	put_str(w, kb->version);
	put_count(w, kb->nfiles);
	put_dbl(w, kb->max_protection);
	for (int t = 0; t < CR_TASK_COUNT; t++)
		put_dbl(w, kb->kind_exposure[t]);
	put_strs(w, &kb->model_sources);
	put_schema(w, &kb->schema);
	const int *dv = (const int *)&kb->derived;
	for (size_t i = 0; i < sizeof kb->derived / sizeof(int); i++)
		put_int(w, dv[i]);

	put_arr(w, kb->sources, kb->nsources);
	for (size_t i = 0; kb->sources && i < kb->nsources; i++) {
		const cr_source *s = &kb->sources[i];
		put_str(w, s->id);
		put_str(w, s->title);
		put_str(w, s->publisher);
		put_str(w, s->url);
		put_str(w, s->note);
		put_int(w, s->year);
		put_loc(w, &s->loc);
	}
	put_arr(w, kb->indices, kb->nindices);
	for (size_t i = 0; kb->indices && i < kb->nindices; i++) {
		const cr_index *x = &kb->indices[i];
		put_str(w, x->id);
		put_str(w, x->who);
		put_str(w, x->measures);
		put_str(w, x->scale);
		put_str(w, x->source);
		put_loc(w, &x->loc);
	}
	put_arr(w, kb->skills, kb->nskills);
	for (size_t i = 0; kb->skills && i < kb->nskills; i++) {
		put_str(w, kb->skills[i].id);
		put_str(w, kb->skills[i].title);
		put_str(w, kb->skills[i].description);
		put_loc(w, &kb->skills[i].loc);
	}
	put_arr(w, kb->sectors, kb->nsectors);
	for (size_t i = 0; kb->sectors && i < kb->nsectors; i++) {
		const cr_sector *s = &kb->sectors[i];
		put_str(w, s->id);
		put_str(w, s->title);
		put_str(w, s->summary);
		put_strs(w, &s->naics);
		put_int(w, (int)s->outlook);
		put_arr(w, s->figures, s->nfigures);
		for (size_t j = 0; s->figures && j < s->nfigures; j++) {
			put_str(w, s->figures[j].text);
			put_strs(w, &s->figures[j].sources);
		}
		put_strs(w, &s->sources);
		put_loc(w, &s->loc);
	}
	put_arr(w, kb->regions, kb->nregions);
	for (size_t i = 0; kb->regions && i < kb->nregions; i++) {
		const cr_region *r = &kb->regions[i];
		put_str(w, r->id);
		put_str(w, r->title);
		put_str(w, r->summary);
		put_str(w, r->parent);
		put_int(w, (int)r->outlook);
		put_dbl(w, r->displaced);
		put_dbl(w, r->created);
		put_strs(w, &r->sources);
		put_loc(w, &r->loc);
	}
	put_arr(w, kb->occupations, kb->noccupations);
	for (size_t i = 0; kb->occupations && i < kb->noccupations; i++)
		put_occupation(w, &kb->occupations[i]);
	put_tasks_by_id(w, kb);
	put_arr(w, kb->roles, kb->nroles);
	for (size_t i = 0; kb->roles && i < kb->nroles; i++) {
		const cr_role *r = &kb->roles[i];
		put_str(w, r->id);
		put_str(w, r->title);
		put_str(w, r->summary);
		put_str(w, r->growth);
		put_strs(w, &r->skills);
		put_strs(w, &r->from);
		put_strs(w, &r->sources);
		put_int(w, r->months_lo);
		put_int(w, r->months_hi);
		put_str(w, r->soc);
		put_int(w, r->median_wage);
		put_u32(w, r->skill_bits != NULL);
		for (size_t j = 0; r->skill_bits && j < r->skills.n; j++)
			put_int(w, r->skill_bits[j]);
		put_loc(w, &r->loc);
	}
	put_arr(w, kb->recs, kb->nrecs);
	for (size_t i = 0; kb->recs && i < kb->nrecs; i++) {
		const cr_rec *r = &kb->recs[i];
		put_str(w, r->id);
		put_str(w, r->title);
		put_str(w, r->detail);
		put_int(w, (int)r->horizon);
		put_int(w, (int)r->effort);
		put_int(w, r->impact);
		put_int(w, r->step);
		put_str(w, r->when_text); /* `when` is compiled again from it, as a rule's condition is */
		put_strs(w, &r->goals);
		put_strs(w, &r->sources);
		put_loc(w, &r->loc);
	}
	put_arr(w, kb->bands, kb->nbands);
	for (size_t i = 0; kb->bands && i < kb->nbands; i++) {
		put_str(w, kb->bands[i].id);
		put_dbl(w, kb->bands[i].below);
	}
	put_arr(w, kb->themes, kb->nthemes);
	for (size_t i = 0; kb->themes && i < kb->nthemes; i++) {
		const cr_theme *t = &kb->themes[i];
		put_str(w, t->id);
		put_str(w, t->title);
		put_dbl(w, t->min);
		put_dbl(w, t->max);
		put_strs(w, &t->sources);
		put_loc(w, &t->loc);
	}
	put_arr(w, kb->questionnaires, kb->nquestionnaires);
	for (size_t i = 0; kb->questionnaires && i < kb->nquestionnaires; i++) {
		const cr_questionnaire *q = &kb->questionnaires[i];
		put_str(w, q->id);
		put_str(w, q->title);
		put_str(w, q->description);
		put_int(w, q->minutes);
		put_arr(w, q->questions, q->nquestions);
		for (size_t j = 0; q->questions && j < q->nquestions; j++)
			put_question(w, &q->questions[j]);
		put_loc(w, &q->loc);
	}
	/* rules last: their conditions are compiled against the schema, their pointers name themes and recs */
	put_arr(w, kb->rules, kb->nrules);
	for (size_t i = 0; kb->rules && i < kb->nrules; i++) {
		const cr_rule *r = &kb->rules[i];
		put_str(w, r->id);
		put_str(w, r->reason);
		put_int(w, r->theme ? (int)(r->theme - kb->themes) : -1);
		put_str(w, r->when_text);
		put_str(w, r->score_text);
		put_u32(w, r->when != NULL);
		put_u32(w, r->score != NULL);
		put_dbl(w, r->score_const);
		put_arr(w, r->recs, r->nrecs);
		for (size_t j = 0; r->recs && j < r->nrecs; j++)
			put_int(w, (int)(r->recs[j] - kb->recs));
		put_int(w, (int)r->warning);
		put_strs(w, &r->sources);
		put_loc(w, &r->loc);
		put_loc(w, &r->when_loc);
	}
	/* how people write job titles, and every title normalised (cr_title_index's work, kept) */
	put_arr(w, kb->title_rules, kb->ntitle_rules);
	for (size_t i = 0; kb->title_rules && i < kb->ntitle_rules; i++) {
		const cr_title_rule *t = &kb->title_rules[i];
		put_int(w, (int)t->kind);
		put_str(w, t->text);
		put_str(w, t->means);
		put_str(w, t->at_end);
		put_int(w, t->occ ? (int)(t->occ - kb->occupations) : -1);
		put_str(w, t->note);
		put_str(w, t->words);
		put_strs(w, &t->sources);
		put_loc(w, &t->loc);
	}
	put_arr(w, kb->title_keys, kb->ntitle_keys);
	for (size_t i = 0; kb->title_keys && i < kb->ntitle_keys; i++) {
		put_str(w, kb->title_keys[i].key);
		put_int(w, kb->title_keys[i].occ ? (int)(kb->title_keys[i].occ - kb->occupations) : -1);
	}
	/* the catalogue's baselines, when kept: occupations and bands by index */
	put_u32(w, kb->baselines != NULL);
	for (size_t i = 0; kb->baselines && i < kb->noccupations; i++) {
		const cr_occ_baseline *b = &kb->baselines[i];
		int band = -1;
		for (size_t k = 0; k < kb->nbands; k++)
			band = b->band == kb->bands[k].id ? (int)k : band;
		int v[] = {b->score, b->range_lo, b->range_hi, band, b->routineness, b->ai_usage, b->specialization,
			   b->exposure, b->percentile};
		for (size_t k = 0; k < CR_ARRAY_LEN(v); k++)
			put_int(w, v[k]);
	}
}

static void put_u64_at(char *p, uint64_t v) { memcpy(p, &v, sizeof v); }

void cr_kb_snapshot_write(const cr_kb *kb, uint64_t key, char **out, size_t *len)
{
	writer w = {0};
	put_kb(&w, kb);
	uint64_t slen = w.strs.len, arena = 0, blen = sizeof slen + slen + sizeof arena + w.body.len;
	char *buf = cr_xmalloc(HEADER + blen);
	memset(buf, 0, HEADER);
	memcpy(buf, MAGIC, 8);
	uint32_t fmt = CR_KB_SNAPSHOT_FORMAT, bom = BOM;
	memcpy(buf + 8, &fmt, 4);
	memcpy(buf + 12, &bom, 4);
	put_u64_at(buf + 16, key);
	put_u64_at(buf + 24, blen);
	char *b = buf + HEADER, *arena_at = b + sizeof slen + slen;
	memcpy(b, &slen, sizeof slen);
	if (slen)
		memcpy(b + sizeof slen, w.strs.s, slen);
	put_u64_at(arena_at, 0);
	if (w.body.len)
		memcpy(arena_at + sizeof arena, w.body.s, w.body.len);
	put_u64_at(buf + 32, cr_hash64(CR_FNV_INIT, b, blen));
	/*
	 * The arena a read takes (its strings borrowed, as kb_cache.c reads it),
	 * measured by reading it back once: the few milliseconds are spent when
	 * the YAML is compiled, and every later read maps that much at once.
	 */
	const char *why;
	cr_kb *back = cr_kb_snapshot_read(buf, HEADER + blen, key, true, &why);
	if (back) {
		put_u64_at(arena_at, back->arena.total);
		put_u64_at(buf + 32, cr_hash64(CR_FNV_INIT, b, blen));
		cr_kb_free(back);
	}
	cr_sb_free(&w.body);
	cr_sb_free(&w.strs);
	free(w.slot);
	*out = buf;
	*len = HEADER + blen;
}

bool cr_kb_snapshot_key(const void *buf, size_t len, uint64_t *key)
{
	if (len < HEADER || memcmp(buf, MAGIC, 8) != 0)
		return false;
	memcpy(key, (const char *)buf + 16, sizeof *key);
	return true;
}

void cr_kb_snapshot_reseal(void *buf, size_t len)
{
	if (len < HEADER)
		return;
	char *b = buf;
	uint64_t blen = len - HEADER;
	put_u64_at(b + 24, blen);
	put_u64_at(b + 32, cr_hash64(CR_FNV_INIT, b + HEADER, blen));
}

/* ---- reading ---------------------------------------------------------------- */

typedef struct reader {
	const unsigned char *p, *end;
	const char *strs; /* the string table, copied into the arena */
	size_t nstrs;
	cr_kb *kb;
	const char *why;  /* the first thing wrong, or NULL */
} reader;

static bool fail(reader *r, const char *why)
{
	if (!r->why)
		r->why = why;
	r->p = r->end; /* nothing more is read */
	return false;
}

static bool get_raw(reader *r, void *out, size_t n)
{
	if ((size_t)(r->end - r->p) < n) {
		memset(out, 0, n);
		return fail(r, "truncated");
	}
	memcpy(out, r->p, n);
	r->p += n;
	return true;
}

static uint32_t get_u32(reader *r) { uint32_t v; get_raw(r, &v, sizeof v); return v; }
static int get_int(reader *r) { int v; get_raw(r, &v, sizeof v); return v; }
static long get_long(reader *r) { int64_t v; get_raw(r, &v, sizeof v); return (long)v; }
static double get_dbl(reader *r) { double v; get_raw(r, &v, sizeof v); return v; }

static bool get_bool(reader *r)
{
	uint32_t v = get_u32(r);
	if (v > 1)
		fail(r, "bad flag");
	return v == 1;
}

/* An int in [lo, hi]. */
static int get_range(reader *r, int lo, int hi)
{
	int v = get_int(r);
	if (v < lo || v > hi) {
		fail(r, "value out of range");
		return lo;
	}
	return v;
}

/*
 * A count: every item is at least four bytes of the snapshot, so more than a
 * quarter of the bytes left is damage (and damage never makes a huge allocation).
 */
static size_t get_count(reader *r)
{
	uint32_t n = get_u32(r);
	if (n > (size_t)(r->end - r->p) / 4) {
		fail(r, "count larger than the snapshot");
		return 0;
	}
	return n;
}

static const char *get_str(reader *r)
{
	uint32_t off = get_u32(r);
	if (off == NONE)
		return NULL;
	if (off >= r->nstrs) {
		fail(r, "string out of range");
		return "";
	}
	return r->strs + off;
}

/* An array of n items of `size` bytes in the arena (n + 1, so an empty one is still a pointer), or NULL. */
static void *get_arr(reader *r, size_t size, size_t *n)
{
	bool there = get_bool(r);
	*n = get_count(r);
	if (!there && *n)
		fail(r, "items without an array"); /* the loader never leaves one */
	if (!there || r->why)
		return NULL;
	return cr_arena_alloc(&r->kb->arena, (*n + 1) * size);
}

static cr_loc get_loc(reader *r)
{
	cr_loc l;
	l.file = get_str(r);
	l.line = get_int(r);
	l.col = get_int(r);
	return l;
}

static cr_strs get_strs(reader *r)
{
	cr_strs s = {0};
	const char **v = get_arr(r, sizeof *v, &s.n);
	for (size_t i = 0; v && i < s.n; i++)
		v[i] = get_str(r);
	s.v = v;
	if (get_bool(r)) {
		cr_loc *l = cr_arena_alloc(&r->kb->arena, (s.n + 1) * sizeof *l);
		for (size_t i = 0; i < s.n; i++)
			l[i] = get_loc(r);
		s.locs = l;
	}
	return s;
}

static void get_schema(reader *r, cr_schema *s)
{
	size_t n = get_count(r);
	s->v = cr_arena_alloc(&r->kb->arena, (n + 1) * sizeof *s->v);
	s->n = s->cap = n;
	for (size_t i = 0; i < n && !r->why; i++) {
		cr_factdef *f = &s->v[i];
		f->name = get_str(r);
		f->type = (enum cr_ftype)get_range(r, CR_F_NUM, CR_F_SET);
		const char **c = get_arr(r, sizeof *c, &f->nchoices);
		for (size_t j = 0; c && j < f->nchoices; j++)
			c[j] = get_str(r);
		f->choices = c;
		if (!f->name)
			fail(r, "fact without a name");
		if (f->nchoices > CR_MAX_CHOICES)
			fail(r, "too many choices");
	}
}

/* A schema index, or -1. */
static int get_fact(reader *r)
{
	return get_range(r, -1, (int)r->kb->schema.n - 1);
}

static const cr_expr *compile(reader *r, const char *text, enum cr_expr_want want)
{
	if (!text) {
		fail(r, "condition without text");
		return NULL;
	}
	char *err = NULL;
	int col;
	const cr_expr *e = cr_expr_compile(text, &r->kb->schema, &r->kb->arena, want, &err, &col);
	if (!e) {
		free(err);
		fail(r, "condition does not compile");
	}
	return e;
}

static void get_occupation(reader *r, cr_occupation *o)
{
	o->code = get_str(r);
	o->title = get_str(r);
	o->sector = get_str(r);
	o->aliases = get_strs(r);
	for (int t = 0; t < CR_TASK_COUNT; t++)
		o->tasks[t] = get_dbl(r);
	o->ai_use = get_dbl(r);
	o->specialization = get_dbl(r);
	o->ai_use_curated = get_dbl(r);
	cr_occ_task *ts = get_arr(r, sizeof *ts, &o->notasks);
	for (size_t i = 0; ts && i < o->notasks; i++) {
		cr_occ_task *t = &ts[i];
		t->id = get_long(r);
		t->text = get_str(r);
		t->kind = (enum cr_task)get_range(r, 0, CR_TASK_COUNT - 1);
		t->exposure = get_range(r, 0, 2);
		t->automation = get_range(r, 0, 4);
		t->loc = get_loc(r);
	}
	o->otasks = ts;
	if (o->notasks > CR_MAX_OCC_TASKS)
		fail(r, "too many main tasks");
	o->ntasks_all = get_int(r);
	o->exposure = get_dbl(r);
	o->automation = get_dbl(r);
	for (int t = 0; t < CR_TASK_COUNT; t++)
		o->kind_exposure[t] = get_dbl(r);
	o->observed_coverage = get_dbl(r);
	o->task_sources = get_strs(r);
	o->tasks_loc = get_loc(r);
	o->outlook = (enum cr_occ_outlook)get_range(r, 0, 2);
	o->has_onet = get_bool(r);
	o->onet_repeat = get_dbl(r);
	o->onet_automation = get_dbl(r);
	o->onet_exact = get_dbl(r);
	o->onet_structured = get_dbl(r);
	o->median_wage = get_int(r);
	cr_exposure *ex = get_arr(r, sizeof *ex, &o->nexposures);
	for (size_t i = 0; ex && i < o->nexposures; i++) {
		ex[i].index = get_str(r);
		ex[i].source = get_str(r);
		ex[i].value = get_dbl(r);
	}
	o->exposures = ex;
	o->sources = get_strs(r);
	o->loc = get_loc(r);
	if (!o->code)
		fail(r, "occupation without a code");
}

static void get_tasks_by_id(reader *r)
{
	cr_kb *kb = r->kb;
	const cr_occ_task **v = get_arr(r, sizeof *v, &kb->ntasks_by_id);
	for (size_t i = 0; v && i < kb->ntasks_by_id && !r->why; i++) {
		size_t oi = get_u32(r), ti = get_u32(r);
		if (oi >= kb->noccupations || !kb->occupations[oi].otasks || ti >= kb->occupations[oi].notasks) {
			fail(r, "task index out of range");
			break;
		}
		v[i] = &kb->occupations[oi].otasks[ti];
		if (i && v[i]->id < v[i - 1]->id)
			fail(r, "tasks out of order");
	}
	kb->tasks_by_id = v;
}

static void get_question(reader *r, cr_question *q)
{
	q->id = get_str(r);
	q->text = get_str(r);
	q->help = get_str(r);
	q->type = (enum cr_qtype)get_range(r, CR_Q_CHOICE, CR_Q_TASKS);
	q->optional = get_bool(r);
	cr_choice *c = get_arr(r, sizeof *c, &q->nchoices);
	for (size_t i = 0; c && i < q->nchoices; i++) {
		c[i].id = get_str(r);
		c[i].label = get_str(r);
	}
	q->choices = c;
	q->min = get_dbl(r);
	q->max = get_dbl(r);
	q->unit = get_str(r);
	q->low = get_str(r);
	q->high = get_str(r);
	q->max_length = get_u32(r);
	q->ask_if_text = get_str(r);
	bool ask = get_bool(r);
	q->fact = get_fact(r);
	q->loc = get_loc(r);
	if (!q->id)
		fail(r, "question without an id");
	/* a split question's parts are the facts after its first */
	size_t parts = q->type == CR_Q_SPLIT ? q->nchoices : 1;
	if (q->fact >= 0 && (size_t)q->fact + parts > r->kb->schema.n)
		fail(r, "question facts out of range");
	if (q->nchoices > CR_MAX_CHOICES)
		fail(r, "too many choices");
	if (ask && !r->why)
		q->ask_if = compile(r, q->ask_if_text, CR_WANT_BOOL);
}

static void get_kb(reader *r)
{
	cr_kb *kb = r->kb;
	kb->dir = get_str(r);
	kb->qdir = get_str(r);
	kb->version = get_str(r);
	kb->nfiles = get_u32(r);
	kb->max_protection = get_dbl(r);
	for (int t = 0; t < CR_TASK_COUNT; t++)
		kb->kind_exposure[t] = get_dbl(r);
	kb->model_sources = get_strs(r);
	get_schema(r, &kb->schema);
	int *dv = (int *)&kb->derived;
	for (size_t i = 0; i < sizeof kb->derived / sizeof(int); i++)
		dv[i] = get_fact(r);
	if (!kb->dir || !kb->qdir || !kb->version)
		fail(r, "no folder names or version");

	kb->sources = get_arr(r, sizeof *kb->sources, &kb->nsources);
	for (size_t i = 0; kb->sources && i < kb->nsources; i++) {
		cr_source *s = &kb->sources[i];
		s->id = get_str(r);
		s->title = get_str(r);
		s->publisher = get_str(r);
		s->url = get_str(r);
		s->note = get_str(r);
		s->year = get_int(r);
		s->loc = get_loc(r);
	}
	kb->indices = get_arr(r, sizeof *kb->indices, &kb->nindices);
	for (size_t i = 0; kb->indices && i < kb->nindices; i++) {
		cr_index *x = &kb->indices[i];
		x->id = get_str(r);
		x->who = get_str(r);
		x->measures = get_str(r);
		x->scale = get_str(r);
		x->source = get_str(r);
		x->loc = get_loc(r);
	}
	kb->skills = get_arr(r, sizeof *kb->skills, &kb->nskills);
	for (size_t i = 0; kb->skills && i < kb->nskills; i++) {
		kb->skills[i].id = get_str(r);
		kb->skills[i].title = get_str(r);
		kb->skills[i].description = get_str(r);
		kb->skills[i].loc = get_loc(r);
	}
	kb->sectors = get_arr(r, sizeof *kb->sectors, &kb->nsectors);
	for (size_t i = 0; kb->sectors && i < kb->nsectors; i++) {
		cr_sector *s = &kb->sectors[i];
		s->id = get_str(r);
		s->title = get_str(r);
		s->summary = get_str(r);
		s->naics = get_strs(r);
		s->outlook = (enum cr_outlook)get_range(r, 0, 3);
		s->figures = get_arr(r, sizeof *s->figures, &s->nfigures);
		for (size_t j = 0; s->figures && j < s->nfigures; j++) {
			s->figures[j].text = get_str(r);
			s->figures[j].sources = get_strs(r);
		}
		s->sources = get_strs(r);
		s->loc = get_loc(r);
	}
	kb->regions = get_arr(r, sizeof *kb->regions, &kb->nregions);
	for (size_t i = 0; kb->regions && i < kb->nregions; i++) {
		cr_region *g = &kb->regions[i];
		g->id = get_str(r);
		g->title = get_str(r);
		g->summary = get_str(r);
		g->parent = get_str(r);
		g->outlook = (enum cr_outlook)get_range(r, 0, 3);
		g->displaced = get_dbl(r);
		g->created = get_dbl(r);
		g->sources = get_strs(r);
		g->loc = get_loc(r);
	}
	kb->occupations = get_arr(r, sizeof *kb->occupations, &kb->noccupations);
	for (size_t i = 0; kb->occupations && i < kb->noccupations && !r->why; i++) {
		get_occupation(r, &kb->occupations[i]);
		/* sorted by code: cr_kb_occupation searches them */
		if (i && !r->why && strcmp(kb->occupations[i - 1].code, kb->occupations[i].code) >= 0)
			fail(r, "occupations out of order");
	}
	get_tasks_by_id(r);
	kb->roles = get_arr(r, sizeof *kb->roles, &kb->nroles);
	for (size_t i = 0; kb->roles && i < kb->nroles && !r->why; i++) {
		cr_role *o = &kb->roles[i];
		o->id = get_str(r);
		o->title = get_str(r);
		o->summary = get_str(r);
		o->growth = get_str(r);
		o->skills = get_strs(r);
		o->from = get_strs(r);
		o->sources = get_strs(r);
		o->months_lo = get_int(r);
		o->months_hi = get_int(r);
		o->soc = get_str(r);
		o->median_wage = get_int(r);
		if (get_bool(r)) {
			int *bits = cr_arena_alloc(&kb->arena, (o->skills.n + 1) * sizeof *bits);
			for (size_t j = 0; j < o->skills.n && !r->why; j++)
				bits[j] = get_range(r, -1, CR_MAX_CHOICES - 1);
			o->skill_bits = bits;
		}
		o->loc = get_loc(r);
	}
	kb->recs = get_arr(r, sizeof *kb->recs, &kb->nrecs);
	for (size_t i = 0; kb->recs && i < kb->nrecs; i++) {
		cr_rec *c = &kb->recs[i];
		c->id = get_str(r);
		c->title = get_str(r);
		c->detail = get_str(r);
		c->horizon = (enum cr_horizon)get_range(r, 0, 2);
		c->effort = (enum cr_effort)get_range(r, 0, 2);
		c->impact = get_int(r);
		c->step = get_int(r);
		c->when_text = get_str(r);
		if (c->when_text)
			c->when = compile(r, c->when_text, CR_WANT_BOOL);
		c->goals = get_strs(r);
		c->sources = get_strs(r);
		c->loc = get_loc(r);
	}
	kb->bands = get_arr(r, sizeof *kb->bands, &kb->nbands);
	for (size_t i = 0; kb->bands && i < kb->nbands; i++) {
		kb->bands[i].id = get_str(r);
		kb->bands[i].below = get_dbl(r);
	}
	kb->themes = get_arr(r, sizeof *kb->themes, &kb->nthemes);
	for (size_t i = 0; kb->themes && i < kb->nthemes; i++) {
		cr_theme *t = &kb->themes[i];
		t->id = get_str(r);
		t->title = get_str(r);
		t->min = get_dbl(r);
		t->max = get_dbl(r);
		t->sources = get_strs(r);
		t->loc = get_loc(r);
	}
	kb->questionnaires = get_arr(r, sizeof *kb->questionnaires, &kb->nquestionnaires);
	for (size_t i = 0; kb->questionnaires && i < kb->nquestionnaires && !r->why; i++) {
		cr_questionnaire *q = &kb->questionnaires[i];
		q->id = get_str(r);
		q->title = get_str(r);
		q->description = get_str(r);
		q->minutes = get_int(r);
		q->questions = get_arr(r, sizeof *q->questions, &q->nquestions);
		for (size_t j = 0; q->questions && j < q->nquestions && !r->why; j++)
			get_question(r, &q->questions[j]);
		q->loc = get_loc(r);
		if (!q->id)
			fail(r, "questionnaire without an id");
	}
	kb->rules = get_arr(r, sizeof *kb->rules, &kb->nrules);
	for (size_t i = 0; kb->rules && i < kb->nrules && !r->why; i++) {
		cr_rule *u = &kb->rules[i];
		u->id = get_str(r);
		u->reason = get_str(r);
		int theme = get_range(r, -1, (int)kb->nthemes - 1);
		u->theme = theme >= 0 && kb->themes ? &kb->themes[theme] : NULL;
		u->when_text = get_str(r);
		u->score_text = get_str(r);
		bool when = get_bool(r), score = get_bool(r);
		u->score_const = get_dbl(r);
		const cr_rec **recs = get_arr(r, sizeof *recs, &u->nrecs);
		for (size_t j = 0; recs && j < u->nrecs && !r->why; j++) {
			int k = get_range(r, 0, (int)kb->nrecs - 1);
			recs[j] = kb->recs ? &kb->recs[k] : NULL;
			if (!recs[j])
				fail(r, "recommendation out of range");
		}
		u->recs = recs;
		u->warning = (enum cr_warning)get_range(r, 0, 3);
		u->sources = get_strs(r);
		u->loc = get_loc(r);
		u->when_loc = get_loc(r);
		if (!u->id)
			fail(r, "rule without an id");
		if (when && !r->why)
			u->when = compile(r, u->when_text, CR_WANT_BOOL);
		if (score && !r->why)
			u->score = compile(r, u->score_text, CR_WANT_NUM);
	}
	int nocc = (int)kb->noccupations;
	kb->title_rules = get_arr(r, sizeof *kb->title_rules, &kb->ntitle_rules);
	for (size_t i = 0; kb->title_rules && i < kb->ntitle_rules && !r->why; i++) {
		cr_title_rule *t = &kb->title_rules[i];
		t->kind = (enum cr_title_kind)get_range(r, CR_TITLE_ABBREV, CR_TITLE_ALIAS);
		t->text = get_str(r);
		t->means = get_str(r);
		t->at_end = get_str(r);
		int o = get_range(r, -1, nocc - 1);
		t->occ = o >= 0 ? &kb->occupations[o] : NULL;
		t->note = get_str(r);
		t->words = get_str(r);
		t->sources = get_strs(r);
		t->loc = get_loc(r);
		if (!t->text || !t->words)
			fail(r, "a title rule without its words");
	}
	kb->title_keys = get_arr(r, sizeof *kb->title_keys, &kb->ntitle_keys);
	for (size_t i = 0; kb->title_keys && i < kb->ntitle_keys && !r->why; i++) {
		kb->title_keys[i].key = get_str(r);
		int o = get_range(r, 0, nocc - 1);
		kb->title_keys[i].occ = r->why ? NULL : &kb->occupations[o];
		if (!kb->title_keys[i].key)
			fail(r, "a title key without its words");
	}
	if (get_bool(r) && !r->why) {
		cr_occ_baseline *b = cr_arena_alloc(&kb->arena, (kb->noccupations + 1) * sizeof *b);
		for (size_t i = 0; i < kb->noccupations && !r->why; i++) {
			b[i].occ = &kb->occupations[i];
			b[i].score = get_range(r, 0, 100);
			b[i].range_lo = get_range(r, 0, 100);
			b[i].range_hi = get_range(r, 0, 100);
			int band = get_range(r, 0, kb->nbands ? (int)kb->nbands - 1 : 0);
			b[i].band = kb->nbands ? kb->bands[band].id : NULL;
			b[i].routineness = get_range(r, 0, 100);
			b[i].ai_usage = get_range(r, 0, 100);
			b[i].specialization = get_range(r, 0, 100);
			b[i].exposure = get_range(r, -1, 100);
			b[i].percentile = get_range(r, 0, 100);
			if (!b[i].band)
				fail(r, "a baseline without a band");
		}
		kb->baselines = b;
	}
	if (!r->why && r->p != r->end)
		fail(r, "bytes after the end");
}

static uint64_t get_u64_at(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

cr_kb *cr_kb_snapshot_read(const void *buf, size_t len, uint64_t key, bool borrow, const char **why)
{
	const unsigned char *b = buf;
	uint32_t fmt, bom;
	if (len < HEADER || memcmp(b, MAGIC, 8) != 0) {
		*why = "not a snapshot";
		return NULL;
	}
	memcpy(&fmt, b + 8, 4);
	memcpy(&bom, b + 12, 4);
	if (fmt != CR_KB_SNAPSHOT_FORMAT || bom != BOM || get_u64_at(b + 40) != 0) { /* the reserved word is zero */
		*why = "another format";
		return NULL;
	}
	if (get_u64_at(b + 16) != key) {
		*why = "stale (written for other files or another version)";
		return NULL;
	}
	uint64_t blen = get_u64_at(b + 24);
	if (blen != len - HEADER) {
		*why = "truncated";
		return NULL;
	}
	if (get_u64_at(b + 32) != cr_hash64(CR_FNV_INIT, b + HEADER, blen)) {
		*why = "bad checksum";
		return NULL;
	}
	reader r = {.p = b + HEADER, .end = b + len};
	uint64_t slen = 0;
	get_raw(&r, &slen, sizeof slen);
	if (r.why || slen > (uint64_t)(r.end - r.p) || slen >= NONE || (slen && r.p[slen - 1] != '\0')) {
		*why = "bad string table";
		return NULL;
	}
	r.p += slen;
	uint64_t arena = 0;
	get_raw(&r, &arena, sizeof arena);
	if (r.why || arena > 16 * (uint64_t)len) { /* a size hint, yet never an absurd mapping */
		*why = "bad arena size";
		return NULL;
	}
	r.kb = cr_xcalloc(1, sizeof *r.kb);
	cr_arena_reserve(&r.kb->arena, arena + (borrow ? 0 : slen + 16));
	const unsigned char *table = b + HEADER + sizeof slen;
	if (borrow) {
		r.strs = slen ? (const char *)table : "";
	} else {
		char *strs = cr_arena_alloc(&r.kb->arena, slen + 1);
		memcpy(strs, table, slen);
		r.strs = strs;
	}
	r.nstrs = slen;
	get_kb(&r);
	if (r.why) {
		*why = r.why;
		cr_kb_free(r.kb);
		return NULL;
	}
	*why = NULL;
	return r.kb;
}
