/* cohort.c - see cohort.h. */
#include "cohort.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_DIMS 8
#define MERGED_NAMES 12

typedef struct group {
	char *key;   /* folded for matching: trimmed, lower case, runs of space as one */
	char *name;  /* as first seen, trimmed */
	cr_cohort_stats s;
} group;

/*
 * A value as it came (not trimmed, not folded) and the group it went to:
 * the same bytes always go to the same group (groups are only added, until
 * cr_cohort_reset, which empties this too), so a value seen before skips
 * the trimming, folding and lookup of find_group. Direct-mapped by hash.
 */
#define RAW_SLOTS 256
#define RAW_MAX 47 /* longer values are not kept here */
typedef struct rawent {
	uint32_t hash;
	int32_t gi;              /* index into v, or -1: the overflow group */
	unsigned char len;       /* 0 with used false: an empty slot */
	bool used;
	char raw[RAW_MAX + 1];
} rawent;

typedef struct dim {
	char *name;
	char *label;       /* shown instead of the name, or NULL */
	group *v;          /* in order of first appearance */
	size_t n, cap;
	uint32_t *slots;   /* open addressing: index + 1 into v; 0 = empty */
	uint32_t nslots;
	group overflow;    /* values past CR_COHORT_MAX_VALUES */
	rawent *raw;       /* RAW_SLOTS, allocated at the first value; NULL before */
} dim;

struct cr_cohort {
	const cr_kb *kb;
	cr_cohort_stats all;
	dim dims[MAX_DIMS];
	size_t ndims;
	/*
	 * The counts a row adds to, each recommendation's and each role's side
	 * by side, so that a row's few increments touch a line each rather than
	 * one per array (five arrays and a block per role before; with rows that
	 * differ, those lines were gone from the first-level cache by the next).
	 */
	uint64_t *rec_cnt;             /* per kb->recs index k: [2k] people with it among their first three, [2k + 1] first */
	uint64_t *role_cnt;            /* per kb->roles index k, the row at k * role_stride: [0] people it is within
					  reach of, [1] of them through their occupation, [2 + s] missing the role's skill s */
	size_t role_stride;            /* 2 + the most skills a role has: a row is found without reading where */
	size_t nbands;                 /* the bands counted: kb->nbands, at most CR_COHORT_MAX_BANDS */
	uint8_t band_first[CR_COHORT_MAX_BANDS]; /* per band, the first band with the same id text (itself
						    but in a base that repeats one), where a row of it is counted */
};

double cr_cohort_mean(const cr_cohort_stats *s)
{
	return s->n ? (double)s->sum_score / (double)s->n : 0;
}

double cr_cohort_dim_mean(const cr_cohort_stats *s, int d)
{
	if (d == 3) /* averaged over those who have one, so a missing exposure does not read as 0 */
		return s->n_exposure ? (double)s->sum_dims[3] / (double)s->n_exposure : -1;
	return s->n && d >= 0 && d < 3 ? (double)s->sum_dims[d] / (double)s->n : 0;
}

int cr_cohort_percentile(const cr_cohort_stats *s, double p)
{
	if (!s->n)
		return 0;
	/* the smallest score with at least ceil(p * n) people at or below it */
	uint64_t need = (uint64_t)(p * (double)s->n);
	if ((double)need < p * (double)s->n)
		need++;
	if (need < 1)
		need = 1;
	uint64_t seen = 0;
	for (int i = 0; i <= 100; i++) {
		seen += s->hist[i];
		if (seen >= need)
			return i;
	}
	return 100;
}

static void stats_merge(cr_cohort_stats *into, const cr_cohort_stats *s)
{
	into->n += s->n;
	into->sum_score += s->sum_score;
	for (int i = 0; i < 4; i++)
		into->sum_dims[i] += s->sum_dims[i];
	into->n_exposure += s->n_exposure;
	for (int i = 0; i <= 100; i++)
		into->hist[i] += s->hist[i];
	for (int i = 0; i < CR_COHORT_MAX_BANDS; i++)
		into->bands[i] += s->bands[i];
	into->unscored += s->unscored;
}

cr_cohort *cr_cohort_new(const cr_kb *kb, const char *const *dims, size_t ndims)
{
	cr_cohort *c = cr_xcalloc(1, sizeof *c);
	c->kb = kb;
	c->ndims = ndims < MAX_DIMS ? ndims : MAX_DIMS;
	for (size_t i = 0; i < c->ndims; i++) {
		c->dims[i].name = cr_xstrdup(dims[i]);
		c->dims[i].overflow.name = cr_xstrdup("");
	}
	c->rec_cnt = cr_xcalloc(2 * kb->nrecs + 1, sizeof *c->rec_cnt);
	c->role_stride = 2;
	for (size_t i = 0; i < kb->nroles; i++)
		if (2 + kb->roles[i].skills.n > c->role_stride)
			c->role_stride = 2 + kb->roles[i].skills.n;
	c->role_cnt = cr_xcalloc(kb->nroles * c->role_stride + 1, sizeof *c->role_cnt);
	c->nbands = kb->nbands < CR_COHORT_MAX_BANDS ? kb->nbands : CR_COHORT_MAX_BANDS;
	for (size_t b = 0; b < c->nbands; b++) {
		size_t f = 0;
		while (strcmp(kb->bands[f].id, kb->bands[b].id) != 0)
			f++;
		c->band_first[b] = (uint8_t)f;
	}
	return c;
}

void cr_cohort_free(cr_cohort *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->ndims; i++) {
		dim *d = &c->dims[i];
		for (size_t j = 0; j < d->n; j++) {
			free(d->v[j].key);
			free(d->v[j].name);
		}
		free(d->v);
		free(d->slots);
		free(d->raw);
		free(d->name);
		free(d->label);
		free(d->overflow.name);
	}
	free(c->role_cnt);
	free(c->rec_cnt);
	free(c);
}

uint64_t cr_cohort_size(const cr_cohort *c)
{
	return c->all.n;
}

void cr_cohort_set_label(cr_cohort *c, size_t i, const char *label)
{
	if (i >= c->ndims)
		return;
	free(c->dims[i].label);
	c->dims[i].label = label && *label ? cr_xstrdup(label) : NULL;
}

int cr_cohort_pct(uint64_t part, uint64_t whole)
{
	return whole ? (int)((part * 100 + whole / 2) / whole) : 0;
}

/* The display form of a value: trimmed, at most CR_COHORT_MAX_NAME bytes, cut between characters. */
static const char *display_span(const char *v, size_t *len)
{
	while (*v && isspace((unsigned char)*v))
		v++;
	size_t n = strlen(v);
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	if (n > CR_COHORT_MAX_NAME) {
		n = CR_COHORT_MAX_NAME;
		while (n && ((unsigned char)v[n] & 0xc0) == 0x80)
			n--;
	}
	*len = n;
	return v;
}

/* The key a value is matched by: lower case, runs of space as one (into key, CR_COHORT_MAX_NAME + 1 bytes). */
static void fold(const char *name, size_t n, char *key)
{
	size_t k = 0;
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (isspace(c)) {
			space = true;
			continue;
		}
		if (space && k)
			key[k++] = ' ';
		space = false;
		key[k++] = (char)tolower(c);
	}
	key[k] = '\0';
}

static void rehash(dim *d, uint32_t nslots)
{
	free(d->slots);
	d->slots = cr_xcalloc(nslots, sizeof *d->slots);
	d->nslots = nslots;
	for (size_t j = 0; j < d->n; j++) {
		uint32_t i = cr_hash32(d->v[j].key, strlen(d->v[j].key)) & (nslots - 1);
		while (d->slots[i])
			i = (i + 1) & (nslots - 1);
		d->slots[i] = (uint32_t)j + 1;
	}
}

/* The group of a folded key (name: its display form, len bytes), created on first sight; the
 * overflow group once a column has too many. */
static group *find_key(dim *d, const char *key, const char *name, size_t len)
{
	uint32_t h = cr_hash32(key, strlen(key));
	if (d->nslots) {
		for (uint32_t i = h & (d->nslots - 1); d->slots[i]; i = (i + 1) & (d->nslots - 1)) {
			group *g = &d->v[d->slots[i] - 1];
			if (strcmp(g->key, key) == 0)
				return g;
		}
	}
	if (d->n >= CR_COHORT_MAX_VALUES)
		return &d->overflow;
	cr_xgrow((void **)&d->v, &d->cap, d->n, sizeof *d->v);
	d->v[d->n] = (group){.key = cr_xstrdup(key), .name = cr_xstrndup(name, len)};
	d->n++;
	if (d->n * 2 > d->nslots)
		rehash(d, d->nslots ? d->nslots * 2 : 64);
	else {
		uint32_t i = h & (d->nslots - 1);
		while (d->slots[i])
			i = (i + 1) & (d->nslots - 1);
		d->slots[i] = (uint32_t)d->n;
	}
	return &d->v[d->n - 1];
}

/* The group of a value, created on first sight; the overflow group once a column has too many. */
static group *find_group(dim *d, const char *value)
{
	size_t len;
	const char *name = display_span(value ? value : "", &len);
	if (!len) {
		name = "(not given)";
		len = strlen(name);
	}
	char key[CR_COHORT_MAX_NAME + 1];
	fold(name, len, key);
	return find_key(d, key, name, len);
}

/* find_group, through the values seen before (see rawent): the batch counts one per row and column. */
static group *find_group_seen(dim *d, const char *value)
{
	const char *v = value ? value : ""; /* as find_group takes it */
	size_t n = strlen(v);
	if (n > RAW_MAX)
		return find_group(d, value);
	uint32_t h = cr_hash32(v, n);
	if (!d->raw)
		d->raw = cr_xcalloc(RAW_SLOTS, sizeof *d->raw);
	rawent *e = &d->raw[h & (RAW_SLOTS - 1)];
	if (e->used && e->hash == h && e->len == n && memcmp(e->raw, v, n) == 0)
		return e->gi < 0 ? &d->overflow : &d->v[e->gi];
	group *g = find_group(d, value);
	e->used = true;
	e->hash = h;
	e->len = (unsigned char)n;
	memcpy(e->raw, v, n);
	e->gi = g == &d->overflow ? -1 : (int32_t)(g - d->v);
	return g;
}

/*
 * Where a result's band is counted: the first band whose id it is, or
 * CR_COHORT_MAX_BANDS for none. A result's band is the kb's own string, found by
 * address in a pass with no branch on it; one read back from the store is
 * compared by text.
 */
static size_t band_index(const cr_cohort *c, const char *band)
{
	size_t at = CR_COHORT_MAX_BANDS;
	for (size_t b = c->nbands; b-- > 0;) {
		/* through a mask: the select was compiled as a branch, mispredicted as the band changed row to row */
		size_t hit = -(size_t)(c->kb->bands[b].id == band);
		at = ((size_t)c->band_first[b] & hit) | (at & ~hit);
	}
	for (size_t b = 0; at == CR_COHORT_MAX_BANDS && b < c->nbands; b++)
		if (strcmp(c->kb->bands[b].id, band) == 0)
			at = b;
	return at;
}

/* A scored row into s, in its band (band_index). */
static void stats_add(cr_cohort_stats *s, const cr_result *r, size_t band)
{
	int score = r->score < 0 ? 0 : r->score > 100 ? 100 : r->score;
	s->n++;
	s->sum_score += (uint64_t)score;
	s->sum_dims[0] += (uint64_t)r->routineness;
	s->sum_dims[1] += (uint64_t)r->ai_usage;
	s->sum_dims[2] += (uint64_t)r->specialization;
	bool exposure = r->exposure >= 0; /* counted without a branch: rows with and without one mix */
	s->sum_dims[3] += exposure ? (uint64_t)r->exposure : 0;
	s->n_exposure += exposure;
	s->hist[score]++;
	if (band < CR_COHORT_MAX_BANDS)
		s->bands[band]++;
}

void cr_cohort_add(cr_cohort *c, const cr_result *r, const char *const *values)
{
	const cr_kb *kb = c->kb;
	size_t band = band_index(c, r->band);
	stats_add(&c->all, r, band);
	for (size_t i = 0; i < c->ndims; i++)
		stats_add(&find_group_seen(&c->dims[i], values ? values[i] : NULL)->s, r, band);
	for (size_t i = 0; i < r->nadvice; i++) {
		const cr_advice *a = &r->advice[i];
		if (a->priority < 1 || a->priority > CR_COHORT_FIRST_RECS)
			continue;
		size_t k = (size_t)(a->rec - kb->recs);
		if (k >= kb->nrecs)
			continue;
		c->rec_cnt[2 * k]++;
		if (a->priority == 1)
			c->rec_cnt[2 * k + 1]++;
	}
	for (size_t i = 0; i < r->ntrans; i++) {
		const cr_transition *t = &r->trans[i];
		size_t k = (size_t)(t->role - kb->roles);
		if (k >= kb->nroles)
			continue;
		uint64_t *row = c->role_cnt + k * c->role_stride;
		row[0]++;
		if (t->from_match)
			row[1]++;
		/*
		 * The skills to add are the role's own strings in the role's order
		 * (advice.c): one pass over the role's skills counts them, branching on
		 * nothing but the role's length, where looking each up branched on
		 * where it was. One not met in that order (another order, or the same
		 * text elsewhere) is looked for by address, then by text, as before.
		 */
		size_t n = t->role->skills.n, j = 0;
		const char *const *v = t->role->skills.v;
		for (size_t s = 0; s < n; s++) {
			const char *want = j < t->nadd ? t->add[j] : NULL;
			bool hit = want == v[s];
			row[2 + s] += hit;
			j += hit;
		}
		for (; j < t->nadd; j++) {
			size_t s = 0;
			while (s < n && t->add[j] != v[s])
				s++;
			for (size_t x = 0; s == n && x < n; x++)
				if (strcmp(t->add[j], v[x]) == 0)
					s = x;
			if (s < n)
				row[2 + s]++;
		}
	}
}

void cr_cohort_add_unscored(cr_cohort *c, const char *const *values)
{
	c->all.unscored++;
	for (size_t i = 0; i < c->ndims; i++)
		find_group_seen(&c->dims[i], values ? values[i] : NULL)->s.unscored++;
}

void cr_cohort_add_unscored_n(cr_cohort *c, uint64_t n)
{
	c->all.unscored += n;
}

void cr_cohort_merge(cr_cohort *into, const cr_cohort *from)
{
	const cr_kb *kb = into->kb;
	stats_merge(&into->all, &from->all);
	for (size_t i = 0; i < into->ndims && i < from->ndims; i++) {
		const dim *fd = &from->dims[i];
		/* in from's order of first appearance, so a group new to into is appended where its first
		 * person would have put it, under the name that person gave it */
		for (size_t j = 0; j < fd->n; j++) {
			const group *g = &fd->v[j];
			stats_merge(&find_key(&into->dims[i], g->key, g->name, strlen(g->name))->s, &g->s);
		}
		stats_merge(&into->dims[i].overflow.s, &fd->overflow.s);
	}
	for (size_t k = 0; k < 2 * kb->nrecs; k++)
		into->rec_cnt[k] += from->rec_cnt[k];
	for (size_t k = 0; k < kb->nroles * into->role_stride; k++) /* the same knowledge base: the same rows */
		into->role_cnt[k] += from->role_cnt[k];
}

void cr_cohort_reset(cr_cohort *c)
{
	const cr_kb *kb = c->kb;
	memset(&c->all, 0, sizeof c->all);
	for (size_t i = 0; i < c->ndims; i++) {
		dim *d = &c->dims[i];
		for (size_t j = 0; j < d->n; j++) {
			free(d->v[j].key);
			free(d->v[j].name);
		}
		d->n = 0;
		if (d->slots)
			memset(d->slots, 0, d->nslots * sizeof *d->slots);
		if (d->raw) /* its group indexes are gone */
			memset(d->raw, 0, RAW_SLOTS * sizeof *d->raw);
		memset(&d->overflow.s, 0, sizeof d->overflow.s);
	}
	memset(c->rec_cnt, 0, 2 * kb->nrecs * sizeof *c->rec_cnt);
	memset(c->role_cnt, 0, kb->nroles * c->role_stride * sizeof *c->role_cnt);
}

/* The next space-separated word of *s, copied into buf (size bytes); false at the end. */
static bool next_word(const char **s, char *buf, size_t size)
{
	const char *p = *s;
	while (*p == ' ')
		p++;
	if (!*p)
		return false;
	size_t n = strcspn(p, " ");
	snprintf(buf, size, "%.*s", (int)n, p);
	*s = p + n;
	return true;
}

void cr_cohort_add_person(cr_cohort *c, const cr_cohort_person *e, const char *const *values)
{
	/*
	 * Through cr_cohort_add with a result holding what was stored, so a
	 * stored cohort is counted by exactly the code that counted its batch.
	 */
	cr_advice advice[CR_COHORT_FIRST_RECS];
	cr_transition trans[8];
	cr_result r = {.kb = c->kb, .score = e->score, .band = e->band ? e->band : "", .routineness = e->routineness,
		       .ai_usage = e->ai_usage, .specialization = e->specialization, .exposure = e->exposure,
		       .advice = advice, .trans = trans};
	char id[128];
	const char *p = e->recs ? e->recs : "";
	while (r.nadvice < CR_COHORT_FIRST_RECS && next_word(&p, id, sizeof id)) {
		const cr_rec *rec = cr_kb_rec(c->kb, id);
		if (rec) {
			advice[r.nadvice] = (cr_advice){.rec = rec, .priority = (int)r.nadvice + 1};
			r.nadvice++;
		}
	}
	p = e->roles ? e->roles : "";
	while (r.ntrans < CR_ARRAY_LEN(trans) && next_word(&p, id, sizeof id)) {
		const cr_role *role = cr_kb_role(c->kb, id);
		if (role)
			trans[r.ntrans++] = (cr_transition){.role = role};
	}
	cr_cohort_add(c, &r, values);
}

/* ---- what may be shown ------------------------------------------------------ */

static int by_size_asc(const void *a, const void *b)
{
	const group *x = *(const group *const *)a, *y = *(const group *const *)b;
	if (x->s.n != y->s.n)
		return x->s.n < y->s.n ? -1 : 1;
	return strcmp(y->key, x->key); /* ties: the later name merges first, so the order is stable */
}

static int row_cmp(const void *a, const void *b)
{
	const cr_cohort_row *x = a, *y = b;
	if (x->s->n != y->s->n)
		return x->s->n > y->s->n ? -1 : 1;
	return cr_strcasecmp(x->name, y->name);
}

static void publish_dim(const cr_cohort *c, const dim *d, uint64_t k, cr_cohort_dim *out)
{
	out->name = d->name;
	out->label = d->label ? d->label : d->name;
	out->ngroups = d->n + (d->overflow.s.n ? 1 : 0);
	out->overflow = d->overflow.s.n > 0;
	group **order = cr_xcalloc(d->n + 1, sizeof *order);
	size_t n = 0;
	for (size_t j = 0; j < d->n; j++)
		if (d->v[j].s.n || d->v[j].s.unscored) /* a group none of whose rows scored is merged too */
			order[n++] = &d->v[j];
	qsort(order, n, sizeof *order, by_size_asc);
	/* Merge every small group, then the next smallest ones until the merged row is big enough. */
	memset(&out->merged, 0, sizeof out->merged);
	stats_merge(&out->merged, &d->overflow.s);
	size_t merged = 0, from = 0;
	while (from < n && order[from]->s.n < k)
		stats_merge(&out->merged, &order[from++]->s);
	merged = from;
	while (out->merged.n > 0 && out->merged.n < k && from < n)
		stats_merge(&out->merged, &order[from++]->s);
	merged = from;
	out->rows = cr_xcalloc(n - merged + 2, sizeof *out->rows);
	for (size_t j = merged; j < n; j++)
		out->rows[out->nrows++] = (cr_cohort_row){order[j]->name, &order[j]->s, 1};
	qsort(out->rows, out->nrows, sizeof *out->rows, row_cmp);
	if (out->merged.n) {
		if (out->merged.n < k) {
			/* everything merged and still too small: the cohort itself is; nothing is shown */
			out->nrows = 0;
		} else {
			out->rows[out->nrows++] = (cr_cohort_row){NULL, &out->merged, merged + (d->overflow.s.n ? 1 : 0)};
		}
		out->nmerged = merged;
		out->merged_names = cr_xcalloc(MERGED_NAMES, sizeof *out->merged_names);
		for (size_t j = 0; j < merged; j++) {
			if (order[j]->s.n < k)
				out->nmerged_small++; /* "Board (1 person) is in there" would single them out */
			else if (out->nmerged_names < MERGED_NAMES)
				out->merged_names[out->nmerged_names++] = order[j]->name;
		}
	}
	(void)c;
	free(order);
	/* coverage: the share scored of each row shown, against the others' */
	int lo = 101, hi = -1;
	for (size_t r = 0; r < out->nrows; r++) {
		const cr_cohort_stats *s = out->rows[r].s;
		int p = cr_cohort_pct(s->n, s->n + s->unscored);
		if (p < lo) {
			lo = p;
			out->least_covered = &out->rows[r];
		}
		if (p > hi)
			hi = p;
	}
	out->uneven = out->nrows >= 2 && hi - lo > CR_COHORT_WARN_UNEVEN;
	if (!out->uneven)
		out->least_covered = NULL;
}

/* The first band counted as "at risk": the upper half of the bands (elevated and high of four). */
static size_t risk_band(const cr_kb *kb)
{
	size_t nb = kb->nbands < CR_COHORT_MAX_BANDS ? kb->nbands : CR_COHORT_MAX_BANDS;
	return (nb + 1) / 2;
}

static uint64_t at_risk(const cr_kb *kb, const cr_cohort_stats *s)
{
	uint64_t n = 0;
	for (size_t b = risk_band(kb); b < kb->nbands && b < CR_COHORT_MAX_BANDS; b++)
		n += s->bands[b];
	return n;
}

/*
 * The key findings, from the published figures only: the share at risk, the
 * named group with the most people at risk in each grouping column, the most
 * common recommendation, the role within reach of most, and a warning when
 * many rows could not be scored. A group's count at risk is shown only when
 * it reaches the minimum, like every other count.
 */
static void find(cr_cohort_view *v)
{
	const cr_kb *kb = v->kb;
	uint64_t k = (uint64_t)v->min_group;
	size_t band = risk_band(kb);
	const cr_cohort_stats *all = v->overall;
#define ADD(...)                                                                 \
	do {                                                                     \
		if (v->nfindings < CR_COHORT_MAX_FINDINGS)                       \
			v->findings[v->nfindings++] = (cr_cohort_finding){__VA_ARGS__}; \
	} while (0)
	uint64_t risk = at_risk(kb, all);
	if (band < kb->nbands && (risk >= k || risk == 0))
		ADD(.kind = CR_FIND_AT_RISK, .n = risk, .of = all->n, .band = band);
	/* the unscored warning and the advice outrank a second grouping column */
	size_t reserve = (v->warn_unscored ? 1 : 0) + (v->nrecs ? 1 : 0) + (v->nroles ? 1 : 0);
	for (size_t i = 0; i < v->ndims && v->nfindings + reserve < CR_COHORT_MAX_FINDINGS; i++) {
		const cr_cohort_dim *d = &v->dims[i];
		const cr_cohort_row *best = NULL;
		uint64_t bn = 0;
		for (size_t r = 0; r < d->nrows; r++) {
			uint64_t n = at_risk(kb, d->rows[r].s);
			if (d->rows[r].name && n >= k && n > bn) { /* the merged row is no group to name */
				best = &d->rows[r];
				bn = n;
			}
		}
		if (best && d->nrows >= 2)
			ADD(.kind = CR_FIND_GROUP, .n = bn, .of = best->s->n, .band = band, .dim = d->label, .name = best->name);
	}
	if (v->nrecs)
		ADD(.kind = CR_FIND_REC, .n = v->recs[0].n, .of = all->n, .rec = v->recs[0].rec);
	if (v->nroles)
		ADD(.kind = CR_FIND_ROLE, .n = v->roles[0].n, .of = all->n, .role = v->roles[0].role);
	if (v->warn_unscored)
		ADD(.kind = CR_FIND_UNSCORED, .n = all->unscored, .of = all->n + all->unscored);
#undef ADD
}

static int rec_cmp(const void *a, const void *b)
{
	const cr_cohort_rec *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	if (x->first != y->first)
		return x->first > y->first ? -1 : 1;
	return strcmp(x->rec->id, y->rec->id);
}

static int role_cmp(const void *a, const void *b)
{
	const cr_cohort_role *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->role->id, y->role->id);
}

cr_cohort_view *cr_cohort_publish(const cr_cohort *c, int min_group)
{
	const cr_kb *kb = c->kb;
	uint64_t k = min_group < 2 ? 2 : (uint64_t)min_group;
	cr_cohort_view *v = cr_xcalloc(1, sizeof *v);
	v->kb = kb;
	v->min_group = (int)k;
	v->overall = &c->all;
	v->suppressed = c->all.n < k;
	v->responded = c->all.n + c->all.unscored;
	/* the overall count unscored is shown whatever the groups: it concerns rows, not a group */
	v->warn_unscored = v->responded && c->all.unscored * 100 > (uint64_t)CR_COHORT_WARN_UNSCORED * v->responded;
	v->dims = cr_xcalloc(c->ndims + 1, sizeof *v->dims);
	if (v->suppressed)
		return v;
	v->ndims = c->ndims;
	for (size_t i = 0; i < c->ndims; i++)
		publish_dim(c, &c->dims[i], k, &v->dims[i]);
	v->recs = cr_xcalloc(kb->nrecs + 1, sizeof *v->recs);
	for (size_t i = 0; i < kb->nrecs; i++)
		if (c->rec_cnt[2 * i] >= k)
			v->recs[v->nrecs++] = (cr_cohort_rec){&kb->recs[i], c->rec_cnt[2 * i],
							      c->rec_cnt[2 * i + 1] >= k ? c->rec_cnt[2 * i + 1] : 0};
	qsort(v->recs, v->nrecs, sizeof *v->recs, rec_cmp);
	v->roles = cr_xcalloc(kb->nroles + 1, sizeof *v->roles);
	for (size_t i = 0; i < kb->nroles; i++) {
		const uint64_t *row = c->role_cnt + i * c->role_stride;
		if (row[0] < k)
			continue;
		const cr_role *role = &kb->roles[i];
		cr_cohort_role *r = &v->roles[v->nroles++];
		*r = (cr_cohort_role){role, row[0], row[1] >= k ? row[1] : 0, {0}, {0}};
		/* the three skills most often missing, each only when at least k people miss it */
		for (size_t s = 0; s < role->skills.n; s++) {
			uint64_t m = row[2 + s];
			if (m < k)
				continue;
			for (int slot = 0; slot < 3; slot++) {
				if (r->missing[slot] && r->nmissing[slot] >= m)
					continue;
				for (int mv = 2; mv > slot; mv--) {
					r->missing[mv] = r->missing[mv - 1];
					r->nmissing[mv] = r->nmissing[mv - 1];
				}
				r->missing[slot] = role->skills.v[s];
				r->nmissing[slot] = m;
				break;
			}
		}
	}
	qsort(v->roles, v->nroles, sizeof *v->roles, role_cmp);
	find(v);
	return v;
}

void cr_cohort_view_free(cr_cohort_view *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->ndims; i++) {
		free(v->dims[i].rows);
		free(v->dims[i].merged_names);
	}
	free(v->dims);
	free(v->recs);
	free(v->roles);
	free(v);
}

/* ---- two waves ------------------------------------------------------------------ */

static cr_cohort_side side_of(const cr_kb *kb, const cr_cohort_stats *s)
{
	cr_cohort_side o = {.shown = true, .n = s->n, .mean = cr_cohort_mean(s), .median = cr_cohort_percentile(s, 0.5)};
	for (size_t b = 0; b < kb->nbands && b < CR_COHORT_MAX_BANDS; b++)
		o.band_pct[b] = cr_cohort_pct(s->bands[b], s->n);
	return o;
}

static const cr_cohort_dim *dim_named(const cr_cohort_view *v, const char *name)
{
	for (size_t i = 0; i < v->ndims; i++)
		if (cr_strcasecmp(v->dims[i].name, name) == 0)
			return &v->dims[i];
	return NULL;
}

static const cr_cohort_row *named_row(const cr_cohort_dim *d, const char *name)
{
	for (size_t r = 0; d && r < d->nrows; r++)
		if (d->rows[r].name && cr_strcasecmp(d->rows[r].name, name) == 0)
			return &d->rows[r];
	return NULL;
}

static cr_cohort_change *change_add(cr_cohort_diff *d, size_t *cap, const char *column, const char *name)
{
	cr_xgrow((void **)&d->v, cap, d->n, sizeof *d->v);
	d->v[d->n] = (cr_cohort_change){.dim = column, .name = name};
	return &d->v[d->n++];
}

cr_cohort_diff *cr_cohort_diff_new(const cr_cohort_view *a, const cr_cohort_view *b)
{
	cr_cohort_diff *d = cr_xcalloc(1, sizeof *d);
	size_t cap = 0;
	const cr_kb *kb = d->kb = a->kb;
	d->min_group = a->min_group > b->min_group ? a->min_group : b->min_group;
	cr_cohort_change *all = change_add(d, &cap, NULL, NULL);
	if (!a->suppressed)
		all->side[0] = side_of(kb, a->overall);
	if (!b->suppressed)
		all->side[1] = side_of(kb, b->overall);
	/* the first wave's columns, in its order; a column only one wave has is not compared */
	for (size_t i = 0; i < a->ndims; i++) {
		const cr_cohort_dim *da = &a->dims[i], *db = dim_named(b, da->name);
		if (!db)
			continue;
		for (size_t r = 0; r < da->nrows; r++) {
			if (!da->rows[r].name)
				continue;
			const cr_cohort_row *rb = named_row(db, da->rows[r].name);
			cr_cohort_change *c = change_add(d, &cap, da->label, da->rows[r].name);
			c->side[0] = side_of(kb, da->rows[r].s);
			if (rb)
				c->side[1] = side_of(kb, rb->s);
		}
		for (size_t r = 0; r < db->nrows; r++)
			if (db->rows[r].name && !named_row(da, db->rows[r].name))
				change_add(d, &cap, da->label, db->rows[r].name)->side[1] = side_of(kb, db->rows[r].s);
	}
	return d;
}

void cr_cohort_diff_free(cr_cohort_diff *d)
{
	if (!d)
		return;
	free(d->v);
	free(d);
}
