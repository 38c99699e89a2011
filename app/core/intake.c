/* intake.c - see intake.h. */
#define _GNU_SOURCE /* strverscmp, strcasestr */
#include "intake.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "ydoc.h"

/* ---- the map file ---------------------------------------------------------- */

#define MAP_MAX_FILE (1u << 20)

typedef struct map_entry {
	char *header;  /* as written in the map */
	char *target;  /* a question id, "split.part", "group" or "ignore" */
	int line, col; /* where, for messages */
} map_entry;

/* One translation of a `values:` block: the survey's own text or code, and what it means. */
typedef struct map_value {
	char *from;    /* as the export writes it ("1", "Strongly agree", "Daily") */
	char *to;      /* a choice id or label, a number, or "ignore" (as blank) */
	int line, col;
} map_value;

typedef struct map_values {
	char *qid;     /* the question whose cells it translates */
	map_value *v;
	size_t n;
	int line, col;
} map_values;

/* A row filter: keep only rows whose column holds one of the values, or drop those that do. */
typedef struct map_filter {
	char *header;
	char **values;
	size_t nvalues;
	bool keep;
	int line, col;
} map_filter;

struct cr_intake_map {
	char *path;
	char *questionnaire; /* optional: the questionnaire the map was written for */
	map_entry *v;
	size_t n;
	map_values *values;
	size_t nvalues;
	map_filter *filters;
	size_t nfilters;
	double split_tolerance; /* percentage points a split may miss 100 by and be rescaled; 0: none */
};

void cr_intake_map_free(cr_intake_map *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].header);
		free(m->v[i].target);
	}
	free(m->v);
	for (size_t i = 0; i < m->nvalues; i++) {
		for (size_t k = 0; k < m->values[i].n; k++) {
			free(m->values[i].v[k].from);
			free(m->values[i].v[k].to);
		}
		free(m->values[i].v);
		free(m->values[i].qid);
	}
	free(m->values);
	for (size_t i = 0; i < m->nfilters; i++) {
		for (size_t k = 0; k < m->filters[i].nvalues; k++)
			free(m->filters[i].values[k]);
		free(m->filters[i].values);
		free(m->filters[i].header);
	}
	free(m->filters);
	free(m->questionnaire);
	free(m->path);
	free(m);
}

static enum cr_status map_read(cr_ydoc *doc, const char *path, cr_intake_map **out, cr_diags *d);

enum cr_status cr_intake_map_load(const char *path, cr_intake_map **out, cr_diags *d)
{
	cr_ydoc *doc = NULL;
	enum cr_status st = cr_ydoc_load(path, MAP_MAX_FILE, &doc, d);
	return st ? st : map_read(doc, path, out, d);
}

enum cr_status cr_intake_map_parse(const char *name, const char *text, size_t len, cr_intake_map **out, cr_diags *d)
{
	cr_ydoc *doc = NULL;
	if (len > MAP_MAX_FILE)
		return cr_diag_add(d, CR_EDATA, name, 0, 0, "larger than %u bytes", MAP_MAX_FILE);
	enum cr_status st = cr_ydoc_parse(name, text, len, &doc, d);
	return st ? st : map_read(doc, name, out, d);
}

/* A scalar's text, trimmed, as a new string; NULL when the node is no scalar. */
static char *scalar_dup(struct fy_node *n)
{
	const char *s = n ? cr_ynode_str(n) : NULL;
	return s ? cr_str_trim(cr_xstrdup(s)) : NULL;
}

/* `values:`: question id -> {survey value: meaning}. */
static enum cr_status map_read_values(cr_ydoc *doc, struct fy_node *vals, cr_intake_map *m, cr_diags *d)
{
	enum cr_status st = CR_OK;
	if (!fy_node_is_mapping(vals)) {
		st = cr_yerr(d, doc, vals, "`values:` maps a question id to the survey's values and what each means");
		cr_diag_hint(d, "for example  ai_frequency: {\"1\": daily, \"2\": weekly}");
		return st;
	}
	size_t cap = 0;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(vals, &it)) != NULL) {
		struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
		char *qid = scalar_dup(k);
		if (!qid || !v || !fy_node_is_mapping(v)) {
			free(qid);
			st = cr_yerr(d, doc, k, "each entry of `values:` maps a question id to a mapping of the survey's values");
			cr_diag_hint(d, "for example  ai_frequency: {\"1\": daily, \"2\": weekly}");
			continue;
		}
		cr_xgrow((void **)&m->values, &cap, m->nvalues, sizeof *m->values);
		map_values *mv = &m->values[m->nvalues++];
		memset(mv, 0, sizeof *mv);
		mv->qid = qid;
		cr_ynode_pos(k, &mv->line, &mv->col);
		size_t vcap = 0;
		void *it2 = NULL;
		struct fy_node_pair *q;
		while ((q = fy_node_mapping_iterate(v, &it2)) != NULL) {
			char *from = scalar_dup(fy_node_pair_key(q)), *to = scalar_dup(fy_node_pair_value(q));
			if (!from || !to || !*to) {
				free(from);
				free(to);
				st = cr_yerr(d, doc, fy_node_pair_key(q),
					     "each value maps the survey's text or code to a choice id, a number or `ignore`");
				continue;
			}
			cr_xgrow((void **)&mv->v, &vcap, mv->n, sizeof *mv->v);
			map_value *e = &mv->v[mv->n++];
			e->from = from;
			e->to = to;
			cr_ynode_pos(fy_node_pair_key(q), &e->line, &e->col);
		}
	}
	return st;
}

/* `rows:` {keep: {COLUMN: VALUE or [VALUES]}, drop: {...}}. */
static enum cr_status map_read_rows(cr_ydoc *doc, struct fy_node *rows, cr_intake_map *m, cr_diags *d)
{
	static const char *const keys[] = {"keep", "drop", NULL};
	enum cr_status st;
	if (!fy_node_is_mapping(rows)) {
		st = cr_yerr(d, doc, rows, "`rows:` holds `keep:` and `drop:`, each mapping a column to the values that decide");
		cr_diag_hint(d, "for example  rows: {drop: {Status: \"Survey Preview\"}, keep: {Finished: \"True\"}}");
		return st;
	}
	if ((st = cr_ymap_check_keys(doc, rows, keys, d)))
		return st;
	size_t cap = 0;
	for (int keep = 0; keep < 2; keep++) {
		struct fy_node *f = cr_ymap_get(rows, keep ? "keep" : "drop");
		if (!f)
			continue;
		if (!fy_node_is_mapping(f)) {
			st = cr_yerr(d, doc, f, "`%s:` maps a column header to a value or a list of values", keep ? "keep" : "drop");
			continue;
		}
		void *it = NULL;
		struct fy_node_pair *p;
		while ((p = fy_node_mapping_iterate(f, &it)) != NULL) {
			struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
			char *h = scalar_dup(k);
			if (!h || !v) {
				free(h);
				st = cr_yerr(d, doc, k, "a row filter maps a column header to a value or a list of values");
				continue;
			}
			cr_xgrow((void **)&m->filters, &cap, m->nfilters, sizeof *m->filters);
			map_filter *mf = &m->filters[m->nfilters++];
			memset(mf, 0, sizeof *mf);
			mf->header = h;
			mf->keep = keep;
			cr_ynode_pos(k, &mf->line, &mf->col);
			bool seq = fy_node_is_sequence(v);
			int nv = seq ? fy_node_sequence_item_count(v) : 1;
			mf->values = cr_xcalloc((size_t)nv + 1, sizeof *mf->values);
			for (int i = 0; i < nv; i++) {
				char *val = scalar_dup(seq ? fy_node_sequence_get_by_index(v, i) : v);
				if (!val) {
					st = cr_yerr(d, doc, v, "a row filter's values are text, such as \"Survey Preview\"");
					break;
				}
				mf->values[mf->nvalues++] = val;
			}
		}
	}
	return st;
}

/* Reads a parsed map file; takes doc. */
static enum cr_status map_read(cr_ydoc *doc, const char *path, cr_intake_map **out, cr_diags *d)
{
	static const char *const keys[] = {"questionnaire", "columns", "values", "rows", "split_tolerance", NULL};
	enum cr_status st = CR_OK;
	cr_intake_map *m = cr_xcalloc(1, sizeof *m);
	m->path = cr_xstrdup(path);
	struct fy_node *root = cr_ydoc_root(doc);
	if (!root || !fy_node_is_mapping(root)) {
		st = cr_yerr(d, doc, root, "a map file is a mapping with `columns:` (survey header: question id)");
		goto out;
	}
	if ((st = cr_ymap_check_keys(doc, root, keys, d)))
		goto out;
	const char *qid = NULL;
	if ((st = cr_yget_str(doc, root, "questionnaire", false, &qid, d)))
		goto out;
	if (qid)
		m->questionnaire = cr_xstrdup(qid);
	bool present = false;
	if ((st = cr_yget_num(doc, root, "split_tolerance", false, 0, 10, &m->split_tolerance, &present, d)))
		goto out;
	struct fy_node *vals = cr_ymap_get(root, "values"), *rows = cr_ymap_get(root, "rows");
	if (vals && (st = map_read_values(doc, vals, m, d)))
		goto out;
	if (rows && (st = map_read_rows(doc, rows, m, d)))
		goto out;
	struct fy_node *cols = cr_ymap_get(root, "columns");
	if (!cols && (vals || rows || present))
		goto out; /* the headers are read as they are; the map says the rest */
	if (!cols || !fy_node_is_mapping(cols)) {
		st = cr_yerr(d, doc, cols ? cols : root, "`columns:` must map each survey column header to a question id");
		cr_diag_hint(d, "for example  \"Which department do you work in?\": department");
		goto out;
	}
	size_t cap = 0;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(cols, &it)) != NULL) {
		const char *h = cr_ynode_str(fy_node_pair_key(p));
		const char *t = cr_ynode_str(fy_node_pair_value(p));
		if (!h || !t || !*t) {
			st = cr_yerr(d, doc, fy_node_pair_key(p),
				     "each entry maps a column header to a question id, `group` or `ignore`");
			continue;
		}
		if (m->n >= CR_INTAKE_MAX_COLUMNS) {
			st = cr_yerr(d, doc, fy_node_pair_key(p), "more than %d columns", CR_INTAKE_MAX_COLUMNS);
			break;
		}
		cr_xgrow((void **)&m->v, &cap, m->n, sizeof *m->v);
		map_entry *e = &m->v[m->n++];
		e->header = cr_str_trim(cr_xstrdup(h));
		e->target = cr_str_trim(cr_xstrdup(t));
		cr_ynode_pos(fy_node_pair_key(p), &e->line, &e->col);
	}
out:
	cr_ydoc_free(doc);
	if (st) {
		cr_intake_map_free(m);
		return st;
	}
	*out = m;
	return CR_OK;
}

/* ---- the per-column cache of parsed cells --------------------------------- */

/*
 * Open addressing over (hash, text) keys. A full cache stops learning and
 * every further new value is parsed afresh, so memory stays bounded however
 * many distinct values a column holds.
 *
 * Each slot is one 64-byte line holding the hash, the parse and the key's
 * bytes themselves when the key is short (most cells are: a choice id, a
 * number, a label), so a lookup reads one line. Rows that differ touch a
 * different slot of each column's cache every row, and the old layout (a key
 * in a pool apart from its 48-byte entry) cost two or three first-level
 * misses a column where this costs one. A key longer than the slot's room
 * keeps its first bytes there, which tell most keys apart, and the whole of it
 * in the pool.
 */
#define CACHE_MAX_SLOTS 4096u   /* at most half of them used */
#define CACHE_MAX_POOL (64u << 10)
#define CACHE_MAX_KEY 200u
#define CACHE_INLINE 32u        /* keys of up to this many bytes live in their slot */
#define CACHE_PREFIX 24u        /* a longer key: its first bytes in the slot, then its offset in the pool */

typedef struct cache_ent {
	uint32_t hash;
	uint16_t len;    /* the key's bytes; 0 = empty slot (keys are never empty) */
	int8_t ok;       /* 1: parsed; 0: an error, in err; parse_cached's 2 and parse_title's method + 1 */
	bool long_start; /* a MULTI token: the part before the first separator of a label that holds one (multi_token) */
	const char *str; /* CHOICE, OCCUPATION: the id (into the knowledge base) */
	double num;      /* SCALE, NUMBER, a part: the number; a MULTI token: the choice index */
	union {
		char *err;                /* ok == 0: the problem (owned by the cache) */
		const cr_occupation *occ; /* OCCUPATION, ok > 0: str's occupation, so a title seen before is not looked up again */
	} u;
	char key[CACHE_INLINE];  /* len <= CACHE_INLINE: the key; else CACHE_PREFIX bytes of it and a uint32_t pool offset */
} cache_ent;

_Static_assert(sizeof(cache_ent) == 64, "a cache slot is one cache line");
_Static_assert(CACHE_MAX_KEY < UINT16_MAX, "a key's length fits the slot");

/*
 * What only learning a new key needs lives in the line before the slots, so
 * that the cache a row's lookups read is a pointer and a size, 16 bytes
 * beside the rest of the column's hot plan (colhot).
 */
typedef struct cache_meta {
	uint32_t used;
	uint32_t plen, pcap;
	char *pool;             /* keys longer than CACHE_INLINE */
} cache_meta;

typedef union cache_line {
	cache_ent ent;
	cache_meta meta;
} cache_line;

typedef struct cache {
	cache_ent *slots;       /* cap of them, 64-byte aligned, after the line holding the cache_meta */
	uint32_t cap;
} cache;

static cache_meta *cache_meta_of(const cache *c)
{
	return &((cache_line *)c->slots - 1)->meta;
}

static void cache_free(cache *c)
{
	if (!c->slots)
		return;
	for (uint32_t i = 0; i < c->cap; i++)
		if (c->slots[i].len && !c->slots[i].ok)
			free(c->slots[i].u.err);
	free(cache_meta_of(c)->pool);
	free((cache_line *)c->slots - 1);
	memset(c, 0, sizeof *c);
}

static uint32_t cache_pool_off(const cache_ent *e)
{
	uint32_t off;
	memcpy(&off, e->key + CACHE_PREFIX, sizeof off);
	return off;
}

/*
 * The hash of a cache's key: its length and its first and last eight bytes
 * (four, or three single bytes, when it is shorter, so a key of up to 16
 * bytes is hashed whole), read in a few loads where FNV-1a (cr_hash32) took a
 * multiply a byte and a branch on the length's end. Keys that share those
 * and their length only share a probe sequence: the cache compares the
 * whole key. Every cache here is keyed by it and nothing else reads it.
 */
static inline uint32_t key_hash(const char *s, size_t n)
{
	uint64_t a = 0, b = 0;
	if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
	} else if (n >= 4) {
		uint32_t x, y;
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		a = x;
		b = y;
	} else if (n) {
		a = (unsigned char)s[0] | (unsigned)(unsigned char)s[n / 2] << 8 | (unsigned)(unsigned char)s[n - 1] << 16;
	}
	uint64_t x = (a ^ (b * 0x9e3779b97f4a7c15ull) ^ n) * 0xff51afd7ed558ccdull;
	return (uint32_t)(x ^ (x >> 32));
}

/*
 * Inlined at its five callers: a row makes a dozen lookups, and the call
 * (its arguments, the saved registers, a branch predicted apart from its
 * caller's) cost more than the probe that finds the key in its first slot.
 */
static inline __attribute__((always_inline)) const cache_ent *cache_get(const cache *c, const char *s, size_t n, uint32_t h)
{
	if (!c->cap || !n || n > CACHE_MAX_KEY)
		return NULL;
	for (uint32_t i = h & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
		const cache_ent *e = &c->slots[i];
		if (!e->len)
			return NULL;
		if (e->hash != h || e->len != n)
			continue;
		if (n <= CACHE_INLINE ? memcmp(e->key, s, n) == 0
				      : memcmp(e->key, s, CACHE_PREFIX) == 0 &&
					memcmp(cache_meta_of(c)->pool + cache_pool_off(e) + CACHE_PREFIX, s + CACHE_PREFIX, n - CACHE_PREFIX) == 0)
			return e;
	}
}

/* A zeroed table of n slots after its cache_meta, each on its own line (an unaligned one only costs speed). */
static cache_ent *cache_slots_new(uint32_t n)
{
	size_t bytes = ((size_t)n + 1) * sizeof(cache_line);
	cache_line *s = aligned_alloc(64, bytes);
	if (s)
		memset(s, 0, bytes);
	else
		s = cr_xcalloc((size_t)n + 1, sizeof *s);
	return &s[1].ent;
}

static void cache_grow(cache *c)
{
	uint32_t ncap = c->cap ? c->cap * 2 : 64;
	cache_ent *ns = cache_slots_new(ncap);
	if (c->slots)
		((cache_line *)ns - 1)->meta = *cache_meta_of(c);
	for (uint32_t i = 0; i < c->cap; i++) {
		cache_ent *e = &c->slots[i];
		if (!e->len)
			continue;
		uint32_t j = e->hash & (ncap - 1);
		while (ns[j].len)
			j = (j + 1) & (ncap - 1);
		ns[j] = *e;
	}
	if (c->slots)
		free((cache_line *)c->slots - 1);
	c->slots = ns;
	c->cap = ncap;
}

/* Remembers a parse; takes `err` (freed here when there is no room). Returns the entry, or NULL when there was none. */
static cache_ent *cache_put(cache *c, const char *s, size_t n, uint32_t h, int ok, const char *str, double num, char *err)
{
	bool pooled = n > CACHE_INLINE;
	if (!n || n > CACHE_MAX_KEY) {
		free(err);
		return NULL;
	}
	if (!c->cap)
		cache_grow(c);
	cache_meta *m = cache_meta_of(c);
	if ((pooled && m->plen + n > CACHE_MAX_POOL) || ((m->used + 1) * 2 > c->cap && c->cap >= CACHE_MAX_SLOTS)) {
		free(err);
		return NULL;
	}
	if ((m->used + 1) * 2 > c->cap) {
		cache_grow(c);
		m = cache_meta_of(c);
	}
	uint32_t i = h & (c->cap - 1);
	while (c->slots[i].len)
		i = (i + 1) & (c->cap - 1);
	cache_ent *e = &c->slots[i];
	*e = (cache_ent){.hash = h, .len = (uint16_t)n, .ok = (int8_t)ok, .str = str, .num = num};
	if (ok)
		free(err); /* an entry that parsed has no problem to keep */
	else
		e->u.err = err;
	if (!pooled) {
		memcpy(e->key, s, n);
	} else {
		if (!m->pool) {
			m->pcap = 4096;
			m->pool = cr_xmalloc(m->pcap);
		}
		while (m->plen + n > m->pcap) {
			m->pcap *= 2;
			m->pool = cr_xrealloc(m->pool, m->pcap);
		}
		memcpy(m->pool + m->plen, s, n);
		memcpy(e->key, s, CACHE_PREFIX);
		memcpy(e->key + CACHE_PREFIX, &m->plen, sizeof m->plen);
		m->plen += (uint32_t)n;
	}
	m->used++;
	return e;
}

/* ---- the plan -------------------------------------------------------------- */

typedef struct colplan {
	cr_intake_col pub;
	char *option;          /* OPTION: the option's label as the export's second header row has it */
	const char **long_labels; /* MULTI: labels holding a separator, matched before splitting */
	size_t *long_index;
	size_t *long_len;      /* each long label's strlen, measured once rather than at every token of every cell */
	size_t *long_first;    /* the bytes before each long label's first separator: where a cell's token must end */
	size_t nlong;
} colplan;

/* What every row reads of each question, in one line for a questionnaire's few dozen (cr_question is ~300 bytes). */
struct qhot {
	uint8_t type;          /* enum cr_qtype */
	bool required;         /* its blank is a problem of the row when it applies (cr_intake_row's last loop) */
};

/*
 * What the row loop reads of every column, apart from the rest of its plan
 * and in column order: 32 bytes a column, two to a line, where a colplan (its
 * header, option, long labels) and the cache behind it were two lines a
 * column. Rows that differ evict each other's lines, so each line a row reads
 * is about one first-level miss: a 23-column export's walk was some 40 lines
 * and is 12. Filled from the plan once it is complete (plan_hot).
 */
typedef struct colhot {
	cache cache;           /* whole cells (CHOICE, OCCUPATION, SCALE, NUMBER, parts) or MULTI tokens */
	uint32_t qi;           /* pub.qi */
	uint32_t lo, hi;       /* direct NUMBER, SCALE: the whole numbers in the question's range (none when lo > hi) */
	uint8_t kind;          /* pub.kind */
	uint8_t type;          /* QUESTION, PART, OPTION: the question's type */
	uint8_t part;          /* pub.part (below CR_MAX_PARTS, or a choice's index below 64) */
	uint8_t direct : 1;    /* a cell found in the cache is the answer as it stands (see cr_intake_row) */
	uint8_t mapped : 1;    /* the map's `values:` translate some of the question's values (translate) */
	uint8_t check_text : 1; /* IGNORED: a grouping or id column, whose cells must be UTF-8 */
} colhot;

_Static_assert(sizeof(colhot) <= 32, "two columns a cache line");

/* A question's `values:` from the map, checked against it: what each survey value means. */
typedef struct vmap {
	char **from;           /* the survey's text or code (owned) */
	char **to;             /* what it means, as a cell would say it (owned); NULL: ignore, as blank */
	int *choice;           /* CHOICE, MULTI: the choice's index */
	size_t n;
} vmap;

/* A row filter: from the map's `rows:`, or the default that leaves out Qualtrics' previews. */
typedef struct filt {
	size_t col;
	char **values;         /* owned */
	size_t n;
	bool keep;             /* keep only rows with one of the values; else drop those with one */
	long long count;       /* rows it left out */
} filt;

/* A title or alias, folded to lower case, and the first occupation in the catalogue that has it. */
typedef struct occ_name {
	char *name;
	size_t occ;
} occ_name;

struct cr_intake {
	const cr_kb *kb;
	const cr_questionnaire *q;
	occ_name *occ_names;       /* sorted by name; built when a column answers an occupation question */
	size_t nocc_names;
	colplan *cols;
	colhot *hot;               /* per column, beside cols */
	size_t ncols;
	size_t groups[CR_INTAKE_MAX_GROUPS];
	size_t ngroups;
	long id_col;
	/* per question: which column answers it, or -1; for splits, the column of each part */
	long *qcol;
	struct qhot *qhot;         /* per question: what every row reads of it (plan_hot) */
	long (*partcol)[CR_MAX_PARTS];
	bool *has_parts;
	/* per row */
	cr_intake_problem problems[CR_INTAKE_MAX_PROBLEMS];
	size_t nproblems;
	double (*parts)[CR_MAX_PARTS];
	unsigned char *parts_seen; /* per question: how many part cells were not blank */
	bool *blank_multi;         /* per question: its cell was blank */
	cr_value *facts;           /* the row's facts, for the ask_if tests at its end (applies): schema.n + 1 */
	bool roster;               /* a roster (cr_intake_new_roster): no question is required */
	/* job titles: the organisation's crosswalk (borrowed, or NULL), the least confidence accepted, this row's match */
	const cr_crosswalk *xwalk;
	double min_confidence;
	cr_intake_title title;
	vmap *vals;                /* per question */
	long *optfirst;            /* per question: its first one-column-per-option column, or -1 */
	uint64_t *opt_bits;        /* per question, per row: the options ticked in its option columns */
	bool *opt_seen;
	filt *filters;
	size_t nfilters;
	/*
	 * The questions each of a row's closing loops is about, ascending (plan_hot):
	 * walking every question of the questionnaire three times over to find the
	 * few with option columns, parts or a required answer was a twentieth of
	 * the intake's instructions.
	 */
	uint32_t *opt_qs, *split_qs, *multi_qs, *req_qs;
	size_t nopt_qs, nsplit_qs, nmulti_qs, nreq_qs;
	/* the questions whose answer is a few fields (plain_qs), and the texts, splits and task lists (wide_qs) */
	uint32_t *plain_qs, *wide_qs;
	size_t nplain_qs, nwide_qs;
	double tolerance;          /* the map's split_tolerance */
	char *notes[CR_INTAKE_MAX_NOTES];
	size_t nnotes;
};

void cr_intake_free(cr_intake *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->ncols; i++) {
		free((char *)in->cols[i].pub.header);
		free(in->cols[i].option);
		cache_free(&in->hot[i].cache);
		free(in->cols[i].long_labels);
		free(in->cols[i].long_index);
		free(in->cols[i].long_len);
		free(in->cols[i].long_first);
	}
	for (size_t i = 0; i < in->nproblems; i++)
		free(in->problems[i].msg);
	for (size_t i = 0; i < in->nocc_names; i++)
		free(in->occ_names[i].name);
	free(in->occ_names);
	free(in->cols);
	free(in->hot);
	free(in->qhot);
	free(in->qcol);
	free(in->partcol);
	free(in->has_parts);
	free(in->parts);
	free(in->parts_seen);
	free(in->blank_multi);
	free(in->facts);
	for (size_t i = 0; in->vals && i < in->q->nquestions; i++) {
		for (size_t k = 0; k < in->vals[i].n; k++) {
			free(in->vals[i].from[k]);
			free(in->vals[i].to[k]);
		}
		free(in->vals[i].from);
		free(in->vals[i].to);
		free(in->vals[i].choice);
	}
	free(in->vals);
	free(in->optfirst);
	free(in->opt_bits);
	free(in->opt_seen);
	for (size_t i = 0; i < in->nfilters; i++) {
		for (size_t k = 0; k < in->filters[i].n; k++)
			free(in->filters[i].values[k]);
		free(in->filters[i].values);
	}
	free(in->filters);
	free(in->opt_qs);
	free(in->split_qs);
	free(in->multi_qs);
	free(in->req_qs);
	free(in->plain_qs);
	free(in->wide_qs);
	for (size_t i = 0; i < in->nnotes; i++)
		free(in->notes[i]);
	free(in);
}

/* The next character for loose comparison: ASCII in lower case, a curly apostrophe (U+2018, U+2019) as '. */
static unsigned char loose_char(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99)) {
		*s += 3;
		return '\'';
	}
	*s += 1;
	return (unsigned char)tolower(p[0]);
}

/*
 * Equal ignoring ASCII case, runs of white space ("Which  team?" == "which
 * team?") and the kind of apostrophe (survey tools and word processors turn
 * "don't" into "don’t").
 */
static bool loose_eq(const char *a, const char *b)
{
	while (isspace((unsigned char)*a))
		a++;
	while (isspace((unsigned char)*b))
		b++;
	for (;;) {
		bool sa = isspace((unsigned char)*a), sb = isspace((unsigned char)*b);
		if (sa || sb) {
			while (isspace((unsigned char)*a))
				a++;
			while (isspace((unsigned char)*b))
				b++;
			if (!*a && !*b)
				return true;
			if (!(sa && sb))
				return false;
			continue;
		}
		if (!*a || !*b)
			return !*a && !*b;
		if (loose_char(&a) != loose_char(&b))
			return false;
	}
}

/* loose_eq on the first n bytes of a. */
static bool loose_eqn(const char *a, size_t n, const char *b)
{
	char *t = cr_xstrndup(a, n);
	bool r = loose_eq(t, b);
	free(t);
	return r;
}

/* What a header or a map target names: a question, a part of a split, or nothing. */
static bool resolve(const cr_questionnaire *q, const char *name, enum cr_col_kind *kind, size_t *qi, size_t *part)
{
	for (size_t i = 0; i < q->nquestions; i++)
		if (loose_eq(name, q->questions[i].id)) {
			*kind = CR_COL_QUESTION;
			*qi = i;
			return true;
		}
	const char *dot = strchr(name, '.');
	if (dot) {
		for (size_t i = 0; i < q->nquestions; i++) {
			const cr_question *qq = &q->questions[i];
			size_t n = strlen(qq->id);
			if (qq->type != CR_Q_SPLIT || (size_t)(dot - name) != n)
				continue;
			char *head = cr_xstrndup(name, n);
			bool same = loose_eq(head, qq->id);
			free(head);
			if (!same)
				continue;
			for (size_t p = 0; p < qq->nchoices; p++)
				if (loose_eq(dot + 1, qq->choices[p].id)) {
					*kind = CR_COL_PART;
					*qi = i;
					*part = p;
					return true;
				}
		}
	}
	for (size_t i = 0; i < q->nquestions; i++)
		if (loose_eq(name, q->questions[i].text)) {
			*kind = CR_COL_QUESTION;
			*qi = i;
			return true;
		}
	return false;
}

static bool blank(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return !*s;
}

/* A part of a split question named by its label or id. */
static bool find_part(const cr_question *qq, const char *label, size_t *part)
{
	for (size_t p = 0; p < qq->nchoices; p++)
		if (loose_eq(label, qq->choices[p].id) || loose_eq(label, qq->choices[p].label)) {
			*part = p;
			return true;
		}
	return false;
}

/* "TEXT" + sep + "LABEL": a part of the split question whose text or id is TEXT. */
static bool resolve_part(const cr_questionnaire *q, const char *text, size_t tl, const char *label, size_t *qi,
			 size_t *part)
{
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		if (qq->type == CR_Q_SPLIT && (loose_eqn(text, tl, qq->text) || loose_eqn(text, tl, qq->id)) &&
		    find_part(qq, label, part)) {
			*qi = i;
			return true;
		}
	}
	return false;
}

/*
 * A header as survey tools write them: a question id or text (resolve), a
 * Qualtrics multiple choice's "TEXT - Selected Choice", a Google Forms grid's
 * "TEXT [ROW]" or a Qualtrics constant sum's "TEXT - PART" for one part of a
 * split.
 */
static bool resolve_header(const cr_questionnaire *q, const char *name, enum cr_col_kind *kind, size_t *qi,
			   size_t *part)
{
	if (resolve(q, name, kind, qi, part))
		return true;
	size_t n = strlen(name);
	static const char selected[] = " - Selected Choice";
	if (n > sizeof selected - 1 && cr_strcasecmp(name + n - (sizeof selected - 1), selected) == 0) {
		char *t = cr_xstrndup(name, n - (sizeof selected - 1));
		bool ok = resolve(q, t, kind, qi, part);
		free(t);
		if (ok)
			return true;
	}
	const char *br = n && name[n - 1] == ']' ? strrchr(name, '[') : NULL;
	if (br) {
		char *label = cr_xstrndup(br + 1, (size_t)(name + n - 1 - (br + 1)));
		bool ok = resolve_part(q, name, (size_t)(br - name), label, qi, part);
		free(label);
		if (ok) {
			*kind = CR_COL_PART;
			return true;
		}
	}
	for (const char *dash = strstr(name, " - "); dash; dash = strstr(dash + 1, " - "))
		if (resolve_part(q, name, (size_t)(dash - name), dash + 3, qi, part)) {
			*kind = CR_COL_PART;
			return true;
		}
	return false;
}

/* A cell holding nothing but digits (and spaces around them): a list position or a survey's code. */
static bool bare_number(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s))
		s++;
	while (isspace((unsigned char)*s))
		s++;
	return !*s;
}

/*
 * A number as people type it into a survey's free-text box: "3 years",
 * "~15", "about 15", "2+", "20-30%" (a range: its midpoint, *approx set),
 * "none", "2,5" (a decimal comma, as a German or French Excel writes it).
 * A comma followed by three digits ("1,500") is left alone: a thousands
 * separator or a decimal, nobody can tell.
 */
static bool lenient_number(const char *s, double *out, bool *approx)
{
	*approx = false;
	while (isspace((unsigned char)*s))
		s++;
	static const char *const zero[] = {"none", "nothing", "zero", "nil", NULL};
	for (int i = 0; zero[i]; i++)
		if (loose_eq(s, zero[i])) {
			*out = 0;
			return true;
		}
	static const char *const about[] = {"~", "about ", "approx. ", "approx ", "approximately ", "around ", "ca. ", "c. ", NULL};
	for (int i = 0; about[i]; i++)
		if (strncasecmp(s, about[i], strlen(about[i])) == 0) {
			s += strlen(about[i]);
			break;
		}
	double v[2];
	int nv = 0;
	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (!isdigit((unsigned char)*s))
			return false;
		char buf[64];
		size_t k = 0;
		while (k < sizeof buf - 1 && isdigit((unsigned char)*s))
			buf[k++] = *s++;
		if ((*s == '.' || *s == ',') && isdigit((unsigned char)s[1])) {
			size_t frac = 0;
			while (isdigit((unsigned char)s[1 + frac]))
				frac++;
			if (*s == ',' && frac == 3)
				return false;
			buf[k++] = '.';
			s++;
			while (k < sizeof buf - 1 && isdigit((unsigned char)*s))
				buf[k++] = *s++;
		}
		buf[k] = '\0';
		v[nv++] = strtod(buf, NULL);
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '%')
			s++;
		while (isspace((unsigned char)*s))
			s++;
		if (nv == 1 && (*s == '-' || strncmp(s, "\xe2\x80\x93", 3) == 0 || strncasecmp(s, "to ", 3) == 0)) {
			s += *s == '-' ? 1 : 3; /* a hyphen, an en dash or "to" */
			continue;
		}
		break;
	}
	if (*s == '+')
		s++;
	while (isspace((unsigned char)*s))
		s++;
	static const char *const units[] = {"years", "year", "yrs", "yr", "hours", "hour", "hrs", "hr", "h", "percent", NULL};
	for (int i = 0; *s && units[i]; i++) {
		size_t ul = strlen(units[i]);
		if (strncasecmp(s, units[i], ul) == 0 && !isalpha((unsigned char)s[ul])) {
			s += ul;
			break;
		}
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s)
		return false;
	if (nv == 2) {
		if (v[1] < v[0])
			return false;
		*out = (v[0] + v[1]) / 2;
		*approx = true;
	} else {
		*out = v[0];
	}
	return true;
}

/*
 * A multiple-choice question's labels that hold a separator, so "e-mails,
 * reports" stays one choice: its own, and the survey's own in the map's
 * `values:` (a Qualtrics label such as "Reports, e-mails").
 */
static void plan_long_labels(colplan *c, const cr_question *q, const vmap *v)
{
	for (size_t i = 0; i < q->nchoices + v->n; i++) {
		const char *label = i < q->nchoices ? q->choices[i].label : v->from[i - q->nchoices];
		if (!strpbrk(label, ",;") || (i >= q->nchoices && !v->to[i - q->nchoices]))
			continue;
		c->long_labels = cr_xrealloc(c->long_labels, (c->nlong + 1) * sizeof *c->long_labels);
		c->long_index = cr_xrealloc(c->long_index, (c->nlong + 1) * sizeof *c->long_index);
		c->long_len = cr_xrealloc(c->long_len, (c->nlong + 1) * sizeof *c->long_len);
		c->long_first = cr_xrealloc(c->long_first, (c->nlong + 1) * sizeof *c->long_first);
		c->long_len[c->nlong] = strlen(label);
		c->long_first[c->nlong] = strcspn(label, ",;");
		c->long_labels[c->nlong] = label;
		c->long_index[c->nlong++] = i < q->nchoices ? i : (size_t)v->choice[i - q->nchoices];
	}
}

static char *fold_ascii(const char *s)
{
	char *f = cr_xstrdup(s);
	for (char *p = f; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return f;
}

static int occ_name_cmp(const void *a, const void *b)
{
	const occ_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->occ > y->occ) - (x->occ < y->occ);
}

/*
 * Every title and alias of the catalogue, folded, for finding a job typed
 * exactly as the catalogue has it without the fuzzy search. Duplicates keep
 * the first occupation, as the search does.
 */
static void index_occupations(cr_intake *in)
{
	const cr_kb *kb = in->kb;
	size_t cap = 0, n = 0;
	for (size_t i = 0; i < kb->noccupations; i++)
		cap += 1 + kb->occupations[i].aliases.n;
	occ_name *v = cr_xcalloc(cap + 1, sizeof *v);
	for (size_t i = 0; i < kb->noccupations; i++) {
		const cr_occupation *o = &kb->occupations[i];
		v[n++] = (occ_name){fold_ascii(o->title), i};
		for (size_t a = 0; a < o->aliases.n; a++)
			v[n++] = (occ_name){fold_ascii(o->aliases.v[a]), i};
	}
	qsort(v, n, sizeof *v, occ_name_cmp);
	size_t u = 0;
	for (size_t i = 0; i < n; i++) {
		if (u && strcmp(v[u - 1].name, v[i].name) == 0) {
			free(v[i].name); /* sorted by occupation too: the first one stays */
			continue;
		}
		v[u++] = v[i];
	}
	in->occ_names = v;
	in->nocc_names = u;
}

/*
 * The occupation a cell names exactly (a SOC code, or a title or alias in any
 * case), or NULL. cr_occ_search ranks such a match (score 1000) above every
 * other and cr_answer_parse accepts it, taking the first in catalogue order,
 * so this gives the same answer without the search.
 */
static const cr_occupation *exact_occupation(const cr_intake *in, const char *cell)
{
	if (!in->occ_names || strlen(cell) >= 256)
		return NULL;
	char *t = cr_str_trim(cr_xstrdup(cell));
	char *f = fold_ascii(t);
	size_t best = SIZE_MAX;
	const cr_occupation *byc = cr_kb_occupation(in->kb, t);
	if (byc)
		best = (size_t)(byc - in->kb->occupations);
	occ_name key = {f, 0};
	size_t lo = 0, hi = in->nocc_names;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(in->occ_names[mid].name, key.name);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < in->nocc_names && strcmp(in->occ_names[lo].name, f) == 0 && in->occ_names[lo].occ < best)
		best = in->occ_names[lo].occ;
	free(f);
	free(t);
	return best == SIZE_MAX ? NULL : &in->kb->occupations[best];
}

static const char *col_name(const cr_intake *in, size_t c)
{
	return in->cols[c].pub.header;
}

/* A roster's job-title column, under the names HRIS extracts give it. */
static bool title_header(const char *h)
{
	static const char *const names[] = {"job title", "job_title", "jobtitle", "title", "position", "job"};
	for (size_t i = 0; i < CR_ARRAY_LEN(names); i++)
		if (loose_eq(h, names[i]))
			return true;
	return false;
}

static long occupation_question(const cr_questionnaire *q)
{
	for (size_t i = 0; i < q->nquestions; i++)
		if (q->questions[i].type == CR_Q_OCCUPATION)
			return (long)i;
	return -1;
}

bool cr_intake_is_roster(const cr_questionnaire *q, const char *const *headers, size_t n)
{
	bool title = false;
	for (size_t c = 0; c < n; c++) {
		enum cr_col_kind kind;
		size_t qi, part;
		const char *h = headers[c] ? headers[c] : "";
		if (!resolve(q, h, &kind, &qi, &part)) {
			title |= title_header(h);
			continue;
		}
		const cr_question *qq = &q->questions[qi];
		if (qq->type == CR_Q_OCCUPATION)
			title = true;
		else if (strcmp(qq->id, "employee_id") != 0 && strcmp(qq->id, "department") != 0)
			return false; /* a question other than who and where: a survey */
	}
	return title;
}

static enum cr_status intake_new(const cr_kb *kb, const cr_questionnaire *q, const char *const *const *rows, size_t nrows,
				 size_t n, const cr_intake_map *map, const char *const *group_by, size_t ngroup_by, bool roster,
				 cr_intake **out, cr_diags *d);

/* What a survey value means for question qi, or NULL; *ignore when the map says to read it as blank. */
static const char *translate(const cr_intake *in, size_t qi, const char *cell, bool *ignore, int *choice)
{
	const vmap *v = &in->vals[qi];
	*ignore = false;
	for (size_t k = 0; k < v->n; k++)
		if (loose_eq(v->from[k], cell)) {
			*ignore = !v->to[k];
			if (choice)
				*choice = v->choice[k];
			return v->to[k] ? v->to[k] : "";
		}
	return NULL;
}

/* Compiles the map's `values:`, each checked against its question as a cell would be. */
static void plan_values(cr_intake *in, const cr_intake_map *map, cr_diags *d)
{
	const cr_questionnaire *q = in->q;
	for (size_t i = 0; map && i < map->nvalues; i++) {
		const map_values *mv = &map->values[i];
		size_t qi = q->nquestions;
		for (size_t k = 0; k < q->nquestions && qi == q->nquestions; k++)
			if (loose_eq(mv->qid, q->questions[k].id))
				qi = k;
		if (qi == q->nquestions) {
			cr_diag_add(d, CR_EDATA, map->path, mv->line, mv->col, "'%s' is not a question of questionnaire '%s'",
				    mv->qid, q->id);
			cr_diag_hint(d, "`values:` is keyed by question id (`career-risk " CR_CMD_QUESTIONNAIRE_SHOW " %s`)", q->id);
			continue;
		}
		const cr_question *qq = &q->questions[qi];
		if (qq->type == CR_Q_SPLIT) {
			cr_diag_add(d, CR_EDATA, map->path, mv->line, mv->col, "'%s' is a split: its cells are percentages, "
				    "which `values:` does not translate", qq->id);
			continue;
		}
		vmap *v = &in->vals[qi];
		for (size_t k = 0; k < mv->n; k++) {
			const map_value *e = &mv->v[k];
			int choice = -1;
			const char *to = e->to;
			if (cr_strcasecmp(to, "ignore") == 0) {
				to = NULL;
			} else {
				cr_answer a;
				char *err = NULL;
				bool choosing = qq->type == CR_Q_CHOICE || qq->type == CR_Q_MULTI;
				enum cr_status st = choosing && bare_number(to) ? CR_EDATA : cr_answer_parse(in->kb, qq, to, &a, &err);
				if (st == CR_OK && qq->type == CR_Q_MULTI && __builtin_popcountll(a.bits) != 1)
					st = CR_EDATA;
				if (st != CR_OK) {
					cr_diag_add(d, CR_EDATA, map->path, e->line, e->col, "'%s' means nothing '%s' accepts%s%s", to,
						    qq->id, err ? ": " : "", err ? err : "");
					cr_diag_hint(d, choosing ? "name one choice by its id or label (`career-risk " CR_CMD_QUESTIONNAIRE_SHOW
							 " %s`), or `ignore` to read the value as blank"
							 : "give what a cell would hold (`career-risk " CR_CMD_QUESTIONNAIRE_SHOW " %s`), or `ignore`",
						     q->id);
					free(err);
					continue;
				}
				if (qq->type == CR_Q_MULTI)
					choice = __builtin_ctzll(a.bits);
				else if (qq->type == CR_Q_CHOICE)
					for (size_t c = 0; c < qq->nchoices; c++)
						if (a.str && strcmp(a.str, qq->choices[c].id) == 0)
							choice = (int)c;
			}
			v->from = cr_xrealloc(v->from, (v->n + 1) * sizeof *v->from);
			v->to = cr_xrealloc(v->to, (v->n + 1) * sizeof *v->to);
			v->choice = cr_xrealloc(v->choice, (v->n + 1) * sizeof *v->choice);
			v->from[v->n] = cr_xstrdup(e->from);
			/* a choice is kept as its id, so the cell's parse (and its cache) sees the same text each time */
			v->to[v->n] = !to ? NULL : choice >= 0 && qq->type == CR_Q_CHOICE ? cr_xstrdup(qq->choices[choice].id)
									   : cr_xstrdup(to);
			v->choice[v->n++] = choice;
		}
	}
}

/* The option of a multiple choice a second header row names: a values: entry, a label or an id; -1 ignore, -2 none. */
static int option_choice(const cr_intake *in, size_t qi, const char *label)
{
	const cr_question *qq = &in->q->questions[qi];
	bool ignore;
	int choice = -1;
	if (translate(in, qi, label, &ignore, &choice))
		return ignore ? -1 : choice;
	for (size_t c = 0; c < qq->nchoices; c++)
		if (loose_eq(label, qq->choices[c].label) || loose_eq(label, qq->choices[c].id))
			return (int)c;
	return -2;
}

/*
 * Row filters: the map's `rows:`, and, unless the map says how to read it, a
 * Status column's "Survey Preview" and "Survey Test" left out (Qualtrics
 * marks so the responses its authors made while building the survey; its
 * numeric export writes them 1 and 2).
 */
static void plan_filters(cr_intake *in, const cr_intake_map *map, const char *const *const *rows, size_t nrows,
			 bool qualtrics, cr_diags *d)
{
	bool status_named = false;
	for (size_t f = 0; map && f < map->nfilters; f++) {
		const map_filter *mf = &map->filters[f];
		long col = -1;
		for (size_t c = 0; c < in->ncols && col < 0; c++)
			for (size_t r = 0; r < nrows && col < 0; r++)
				if (loose_eq(rows[r][c], mf->header))
					col = (long)c;
		if (col < 0) {
			cr_diag_add(d, CR_EDATA, map->path, mf->line, mf->col, "no column of the file is headed '%s'", mf->header);
			cr_diag_hint(d, "a row filter names a column exactly as the export's header has it");
			continue;
		}
		status_named |= loose_eq(mf->header, "Status");
		in->filters = cr_xrealloc(in->filters, (in->nfilters + 1) * sizeof *in->filters);
		filt *ft = &in->filters[in->nfilters++];
		*ft = (filt){(size_t)col, cr_xcalloc(mf->nvalues + 1, sizeof(char *)), mf->nvalues, mf->keep, 0};
		for (size_t k = 0; k < mf->nvalues; k++)
			ft->values[k] = cr_xstrdup(mf->values[k]);
	}
	for (size_t c = 0; c < in->ncols && !status_named; c++) {
		if (!loose_eq(rows[0][c], "Status"))
			continue;
		static const char *const preview[] = {"Survey Preview", "Survey Test", "1", "2"};
		size_t nv = qualtrics ? 4 : 2;
		in->filters = cr_xrealloc(in->filters, (in->nfilters + 1) * sizeof *in->filters);
		filt *ft = &in->filters[in->nfilters++];
		*ft = (filt){c, cr_xcalloc(nv + 1, sizeof(char *)), nv, false, 0};
		for (size_t k = 0; k < nv; k++)
			ft->values[k] = cr_xstrdup(preview[k]);
		break;
	}
}

bool cr_intake_skip(cr_intake *in, const char *const *cells, size_t n)
{
	for (size_t f = 0; f < in->nfilters; f++) {
		filt *ft = &in->filters[f];
		if (ft->col >= n)
			continue; /* a short row is reported as such by cr_intake_row */
		bool hit = false;
		for (size_t k = 0; k < ft->n && !hit; k++)
			hit = loose_eq(cells[ft->col], ft->values[k]);
		if (hit != ft->keep) {
			ft->count++;
			return true;
		}
	}
	return false;
}

long long cr_intake_skipped(const cr_intake *in, cr_diags *d)
{
	long long total = 0;
	for (size_t f = 0; f < in->nfilters; f++) {
		const filt *ft = &in->filters[f];
		if (!ft->count)
			continue;
		total += ft->count;
		cr_sb b = {0};
		for (size_t k = 0; k < ft->n; k++) {
			cr_sb_addf(&b, "%s'", k ? (k + 1 == ft->n ? " or " : ", ") : "");
			cr_sb_add_vis(&b, ft->values[k], CR_ECHO_MAX, 0);
			cr_sb_add(&b, "'");
		}
		char *col = cr_vis(in->cols[ft->col].pub.header, CR_ECHO_MAX, 0);
		cr_diag_add(d, CR_OK, NULL, 0, 0, "left out %lld row%s whose '%s' %s %s", ft->count, ft->count == 1 ? "" : "s",
			    col, ft->keep ? "is not" : "is", b.s ? b.s : "");
		free(col);
		cr_sb_free(&b);
	}
	return total;
}

enum cr_status cr_intake_new(const cr_kb *kb, const cr_questionnaire *q, const char *const *headers, size_t n,
			     const cr_intake_map *map, const char *const *group_by, size_t ngroup_by, cr_intake **out,
			     cr_diags *d)
{
	const char *const *rows[1] = {headers};
	return intake_new(kb, q, rows, 1, n, map, group_by, ngroup_by, false, out, d);
}

enum cr_status cr_intake_new_roster(const cr_kb *kb, const cr_questionnaire *q, const char *const *headers, size_t n,
				    const cr_intake_map *map, const char *const *group_by, size_t ngroup_by, cr_intake **out,
				    cr_diags *d)
{
	const char *const *rows[1] = {headers};
	return cr_intake_new_roster_rows(kb, q, rows, 1, n, map, group_by, ngroup_by, out, d);
}

enum cr_status cr_intake_new_roster_rows(const cr_kb *kb, const cr_questionnaire *q, const char *const *const *rows,
					 size_t nrows, size_t n, const cr_intake_map *map, const char *const *group_by,
					 size_t ngroup_by, cr_intake **out, cr_diags *d)
{
	if (occupation_question(q) < 0)
		return cr_diag_add(d, CR_EDATA, NULL, 0, 0, "questionnaire '%s' asks no occupation, so a roster cannot be read with it",
				   q->id);
	return intake_new(kb, q, rows, nrows, n, map, group_by, ngroup_by, true, out, d);
}

/*
 * A cell of nothing but one to nine ASCII digits, as most numeric cells of an
 * export are, into *out: what cr_answer_number makes of it (strtod of a whole
 * number below 2^53 is exact), without its copy and trim, and without a
 * lookup in the column's cache, whose hundred-odd slots for 0 to 100 were a
 * 64-byte line each that rows that differ took turns to miss.
 */
#define SMALL_UINT_MAX 999999999u
static bool small_uint(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	size_t i = 0;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		if (i == 9)
			return false;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	if (!i || s[i])
		return false;
	*out = v;
	return true;
}

/* The row loop's copy of the finished plan (colhot, qhot). */
static void plan_hot(cr_intake *in)
{
	const cr_questionnaire *q = in->q;
	in->opt_qs = cr_xcalloc(q->nquestions + 1, sizeof *in->opt_qs);
	in->split_qs = cr_xcalloc(q->nquestions + 1, sizeof *in->split_qs);
	in->multi_qs = cr_xcalloc(q->nquestions + 1, sizeof *in->multi_qs);
	in->req_qs = cr_xcalloc(q->nquestions + 1, sizeof *in->req_qs);
	in->plain_qs = cr_xcalloc(q->nquestions + 1, sizeof *in->plain_qs);
	in->wide_qs = cr_xcalloc(q->nquestions + 1, sizeof *in->wide_qs);
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		in->qhot[i].type = (uint8_t)qq->type;
		/* a roster needs only its occupation, and needs it even where the questionnaire does not */
		in->qhot[i].required = in->roster ? qq->type == CR_Q_OCCUPATION : !qq->optional;
		if (in->optfirst[i] >= 0)
			in->opt_qs[in->nopt_qs++] = (uint32_t)i;
		if (in->has_parts[i])
			in->split_qs[in->nsplit_qs++] = (uint32_t)i;
		if (qq->type == CR_Q_MULTI)
			in->multi_qs[in->nmulti_qs++] = (uint32_t)i;
		if (in->qhot[i].required)
			in->req_qs[in->nreq_qs++] = (uint32_t)i;
		if (qq->type == CR_Q_TEXT || qq->type == CR_Q_SPLIT || qq->type == CR_Q_TASKS)
			in->wide_qs[in->nwide_qs++] = (uint32_t)i;
		else
			in->plain_qs[in->nplain_qs++] = (uint32_t)i;
	}
	for (size_t c = 0; c < in->ncols; c++) {
		const cr_intake_col *pc = &in->cols[c].pub;
		colhot *h = &in->hot[c];
		h->kind = (uint8_t)pc->kind;
		h->check_text = pc->kind == CR_COL_IGNORED && (pc->group >= 0 || (long)c == in->id_col);
		if (pc->kind == CR_COL_IGNORED)
			continue;
		enum cr_qtype t = q->questions[pc->qi].type;
		h->qi = (uint32_t)pc->qi;
		h->part = (uint8_t)pc->part;
		h->type = (uint8_t)t;
		/* the keys are then the cells as they stand: no map translation, no quotes to straighten that were not */
		h->mapped = in->vals[pc->qi].n > 0;
		h->direct = pc->kind == CR_COL_QUESTION && t != CR_Q_TEXT && t != CR_Q_SPLIT && t != CR_Q_MULTI &&
			    in->vals[pc->qi].n == 0;
		/* for whole numbers (small_uint): u >= ceil(min) iff u >= min, u <= floor(max) iff u <= max */
		double lo = ceil(q->questions[pc->qi].min), hi = floor(q->questions[pc->qi].max);
		h->lo = 1;
		h->hi = 0;
		if ((t == CR_Q_NUMBER || t == CR_Q_SCALE) && lo <= hi && hi >= 0 && lo <= SMALL_UINT_MAX) {
			h->lo = lo < 0 ? 0 : (uint32_t)lo;
			h->hi = hi > SMALL_UINT_MAX ? SMALL_UINT_MAX : (uint32_t)hi;
		}
	}
}

static bool row2_says_response(const char *s)
{
	return !*s || loose_eq(s, "Response") || loose_eq(s, "Open-Ended Response");
}

enum cr_status cr_intake_new_rows(const cr_kb *kb, const cr_questionnaire *q, const char *const *const *rows,
				  size_t nrows, size_t n, const cr_intake_map *map, const char *const *group_by,
				  size_t ngroup_by, cr_intake **out, cr_diags *d)
{
	return intake_new(kb, q, rows, nrows, n, map, group_by, ngroup_by, false, out, d);
}

static enum cr_status intake_new(const cr_kb *kb, const cr_questionnaire *q, const char *const *const *rows, size_t nrows,
				 size_t n, const cr_intake_map *map, const char *const *group_by, size_t ngroup_by, bool roster,
				 cr_intake **out, cr_diags *d)
{
	size_t errs0 = d->n;
	enum cr_status usage = CR_OK;
	if (n > CR_INTAKE_MAX_COLUMNS)
		return cr_diag_add(d, CR_EDATA, NULL, 0, 0, "the header has %zu columns; at most %d are read", n,
				   CR_INTAKE_MAX_COLUMNS);
	if (map && map->questionnaire && strcmp(map->questionnaire, q->id) != 0) {
		cr_diag_add(d, CR_EDATA, map->path, 0, 0, "the map is for questionnaire '%s', not '%s'", map->questionnaire,
			    q->id);
		cr_diag_hint(d, "pass " CR_FLAG_QUESTIONNAIRE " %s, or change `questionnaire:` in the map", map->questionnaire);
		return CR_EDATA;
	}
	/* Qualtrics: short names, then question texts, then {"ImportId":...}; other second rows name options */
	bool qualtrics = false;
	for (size_t c = 0; nrows >= 3 && c < n && !qualtrics; c++)
		qualtrics = strncmp(rows[2][c], "{\"ImportId\"", 11) == 0;
	cr_intake *in = cr_xcalloc(1, sizeof *in);
	in->min_confidence = CR_TITLE_MIN_CONFIDENCE;
	in->kb = kb;
	in->q = q;
	in->roster = roster;
	in->id_col = -1;
	in->cols = cr_xcalloc(n ? n : 1, sizeof *in->cols);
	in->hot = cr_xcalloc(n ? n : 1, sizeof *in->hot);
	in->ncols = n;
	in->qcol = cr_xcalloc(q->nquestions, sizeof *in->qcol);
	in->qhot = cr_xcalloc(q->nquestions ? q->nquestions : 1, sizeof *in->qhot);
	in->partcol = cr_xcalloc(q->nquestions, sizeof *in->partcol);
	in->has_parts = cr_xcalloc(q->nquestions, sizeof *in->has_parts);
	in->parts = cr_xcalloc(q->nquestions, sizeof *in->parts);
	in->parts_seen = cr_xcalloc(q->nquestions, sizeof *in->parts_seen);
	in->blank_multi = cr_xcalloc(q->nquestions, sizeof *in->blank_multi);
	in->facts = cr_xcalloc(kb->schema.n + 1, sizeof *in->facts);
	in->vals = cr_xcalloc(q->nquestions, sizeof *in->vals);
	in->optfirst = cr_xcalloc(q->nquestions, sizeof *in->optfirst);
	in->opt_bits = cr_xcalloc(q->nquestions, sizeof *in->opt_bits);
	in->opt_seen = cr_xcalloc(q->nquestions, sizeof *in->opt_seen);
	in->tolerance = map ? map->split_tolerance : 0;
	for (size_t i = 0; i < q->nquestions; i++) {
		in->qcol[i] = -1;
		in->optfirst[i] = -1;
		for (size_t p = 0; p < CR_MAX_PARTS; p++)
			in->partcol[i][p] = -1;
	}
	plan_values(in, map, d);
	bool *map_group = cr_xcalloc(n ? n : 1, sizeof *map_group);
	bool *map_used = cr_xcalloc(map && map->n ? map->n : 1, sizeof *map_used); /* entries that matched a column */

	const char *carried = "";
	for (size_t c = 0; c < n; c++) {
		colplan *cp = &in->cols[c];
		/*
		 * The column's names: its header, and with more header rows the
		 * second: Qualtrics' question text, or SurveyMonkey's "Response" or
		 * an option's label, under a blank header where a question goes on.
		 */
		const char *top = rows[0][c] ? rows[0][c] : "";
		const char *sub = nrows >= 2 && rows[1][c] ? rows[1][c] : "";
		bool continued = false;
		if (nrows >= 2 && !qualtrics && blank(top) && c > 0) {
			top = carried;
			continued = true;
		} else if (!blank(top)) {
			carried = top;
		}
		bool option_row = nrows >= 2 && !qualtrics && !row2_says_response(sub);
		cp->pub.header = continued || option_row ? cr_xprintf("%s / %s", top, sub)
				 : blank(top) && *sub ? cr_xstrdup(sub) : cr_xstrdup(top);
		cr_str_trim((char *)cp->pub.header);
		cp->pub.kind = CR_COL_IGNORED;
		cp->pub.group = -1;
		const char *names[2] = {top, qualtrics ? sub : ""};
		const char *name = cp->pub.header;
		const map_entry *me = NULL;
		for (size_t m = 0; map && m < map->n && !me; m++)
			for (size_t k = 0; k < 2 && !me; k++)
				if ((*names[k] && loose_eq(map->v[m].header, names[k])) || loose_eq(map->v[m].header, name)) {
					me = &map->v[m];
					map_used[m] = true;
				}
		if (me) {
			if (cr_strcasecmp(me->target, "ignore") == 0)
				continue;
			if (cr_strcasecmp(me->target, "group") == 0) {
				map_group[c] = true;
				continue;
			}
			if (!resolve(q, me->target, &cp->pub.kind, &cp->pub.qi, &cp->pub.part)) {
				cr_diag_add(d, CR_EDATA, map->path, me->line, me->col,
					    "'%s' is not a question of questionnaire '%s'", me->target, q->id);
				cr_diag_hint(d, "use a question id (`career-risk " CR_CMD_QUESTIONNAIRE_SHOW " %s`), a part such as "
						"tasks.analytic, `group` or `ignore`", q->id);
				continue;
			}
		} else {
			bool found = false;
			for (size_t k = 0; k < 2 && !found; k++)
				found = *names[k] && resolve_header(q, names[k], &cp->pub.kind, &cp->pub.qi, &cp->pub.part);
			if (!found && roster && *name && title_header(name)) {
				cp->pub.kind = CR_COL_QUESTION; /* a roster's "Job title": the occupation */
				cp->pub.qi = (size_t)occupation_question(q);
				found = true;
			}
			if (!found)
				continue;
		}
		const cr_question *qq = &q->questions[cp->pub.qi];
		if (option_row && cp->pub.kind == CR_COL_QUESTION) {
			/* SurveyMonkey: a column per option (or per part of a split), the option named below the question */
			if (qq->type == CR_Q_MULTI) {
				int ch = option_choice(in, cp->pub.qi, sub);
				if (ch == -1) {
					cp->pub.kind = CR_COL_IGNORED;
					continue;
				}
				if (ch == -2) {
					cr_diag_add(d, CR_EDATA, NULL, 2, (int)c + 1, "the option '%s' of '%s' is none of the choices of '%s'",
						    sub, top, qq->id);
					cr_diag_hint(d, "say which choice it is (or `ignore`) in the map: values: {%s: {\"%s\": CHOICE}}",
						     qq->id, sub);
					cp->pub.kind = CR_COL_IGNORED;
					continue;
				}
				if (in->qcol[cp->pub.qi] >= 0) {
					cr_diag_add(d, CR_EDATA, NULL, 1, (int)c + 1, "columns '%s' and '%s' both answer '%s'",
						    col_name(in, (size_t)in->qcol[cp->pub.qi]), name, qq->id);
					continue;
				}
				cp->pub.kind = CR_COL_OPTION;
				cp->pub.part = (size_t)ch;
				cp->option = cr_xstrdup(sub);
				if (in->optfirst[cp->pub.qi] < 0)
					in->optfirst[cp->pub.qi] = (long)c;
				continue;
			}
			if (qq->type == CR_Q_SPLIT && find_part(qq, sub, &cp->pub.part)) {
				cp->pub.kind = CR_COL_PART;
			} else if (continued) {
				cp->pub.kind = CR_COL_IGNORED; /* "Other (please specify)" beside a single choice */
				continue;
			}
		}
		if (cp->pub.kind == CR_COL_PART) {
			long *slot = &in->partcol[cp->pub.qi][cp->pub.part];
			if (*slot >= 0 || in->qcol[cp->pub.qi] >= 0) {
				cr_diag_add(d, CR_EDATA, NULL, 1, (int)c + 1, "columns '%s' and '%s' both answer %s.%s",
					    *slot >= 0 ? col_name(in, (size_t)*slot) : col_name(in, (size_t)in->qcol[cp->pub.qi]),
					    name, qq->id, qq->choices[cp->pub.part].id);
				continue;
			}
			*slot = (long)c;
			in->has_parts[cp->pub.qi] = true;
		} else {
			if (in->qcol[cp->pub.qi] >= 0 || in->has_parts[cp->pub.qi] || in->optfirst[cp->pub.qi] >= 0) {
				long other = in->qcol[cp->pub.qi] >= 0 ? in->qcol[cp->pub.qi] : in->optfirst[cp->pub.qi];
				for (size_t p = 0; other < 0 && p < qq->nchoices; p++)
					other = in->partcol[cp->pub.qi][p];
				cr_diag_add(d, CR_EDATA, NULL, 1, (int)c + 1, "columns '%s' and '%s' both answer '%s'",
					    col_name(in, (size_t)other), name, qq->id);
				continue;
			}
			in->qcol[cp->pub.qi] = (long)c;
			if (qq->type == CR_Q_MULTI)
				plan_long_labels(cp, qq, &in->vals[cp->pub.qi]);
			/* a multiple choice followed by blank headers is one column per option read as one cell */
			size_t more = 0;
			while (nrows == 1 && qq->type == CR_Q_MULTI && c + 1 + more < n && blank(rows[0][c + 1 + more]))
				more++;
			if (more) {
				cr_diag_add(d, CR_EDATA, NULL, 1, (int)c + 1, "'%s' is followed by %zu column%s with no header: "
					    "its options a column each, as SurveyMonkey exports them, of which only the first would be read",
					    name, more, more == 1 ? "" : "s");
				cr_diag_hint(d, "read the second header row, which names each option: " CR_FLAG_HEADER_ROWS " 2");
			}
		}
	}
	plan_filters(in, map, rows, nrows, qualtrics, d);
	for (size_t m = 0; map && m < map->n; m++)
		if (!map_used[m]) {
			cr_diag_add(d, CR_EDATA, map->path, map->v[m].line, map->v[m].col,
				    "no column of the file is headed '%s'", map->v[m].header);
			cr_diag_hint(d, "copy the header exactly as the first row of the export has it, or remove the entry");
		}
	/* Splits given part by part need every part; every required question needs a column. */
	size_t matched = 0;
	for (size_t c = 0; c < n; c++)
		matched += in->cols[c].pub.kind != CR_COL_IGNORED;
	if (!matched && n && errs0 == d->n) {
		cr_diag_add(d, CR_EDATA, NULL, 1, 0, "none of the %zu columns is a question of questionnaire '%s'", n, q->id);
		cr_diag_hint(d, "when the headers are the survey's own wording, map them to question ids with " CR_FLAG_MAP " FILE.yaml "
				"(see `career-risk " CR_CMD_BATCH " " CR_FLAG_HELP "`); `career-risk " CR_CMD_QUESTIONNAIRE_TEMPLATE " %s " CR_FLAG_FORMAT " csv` shows the "
				"headers read without a map",
			     q->id);
		goto done;
	}
	cr_sb missing = {0};
	const char *first_missing = NULL;
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		if (in->has_parts[i]) {
			cr_sb b = {0};
			for (size_t p = 0; p < qq->nchoices; p++)
				if (in->partcol[i][p] < 0)
					cr_sb_addf(&b, "%s%s.%s", b.len ? ", " : "", qq->id, qq->choices[p].id);
			if (b.len) {
				cr_diag_add(d, CR_EDATA, NULL, 1, 0, "the split '%s' is given part by part, but these columns are missing: %s",
					    qq->id, b.s);
				cr_diag_hint(d, "add the missing columns (a part nobody spends time on can be 0), or give '%s' in one column as \"40 20 20 10 5 5\"",
					     qq->id);
			}
			cr_sb_free(&b);
			continue;
		}
		if (in->qcol[i] < 0 && in->optfirst[i] < 0 && !qq->optional && (!roster || qq->type == CR_Q_OCCUPATION)) {
			cr_sb_addf(&missing, "%s%s", missing.len ? ", " : "", qq->id);
			if (!first_missing)
				first_missing = qq->id;
		}
	}
	if (missing.len) {
		cr_diag_add(d, CR_EDATA, NULL, 1, 0, "no column answers %s: %s",
			    strchr(missing.s, ',') ? "these required questions" : "the required question", missing.s);
		cr_diag_hint(d, "head the columns with question ids as `career-risk " CR_CMD_QUESTIONNAIRE_TEMPLATE " %s " CR_FLAG_FORMAT " csv` "
				"does (e.g. '%s'), or, when the headers are the survey's own wording, map them with " CR_FLAG_MAP " FILE.yaml",
			     q->id, first_missing);
	}
	cr_sb_free(&missing);
	/* The pseudonymous id. */
	for (size_t i = 0; i < q->nquestions; i++)
		if (strcmp(q->questions[i].id, "employee_id") == 0)
			in->id_col = in->qcol[i];
	for (size_t c = 0; in->id_col < 0 && c < n; c++)
		if (in->cols[c].pub.kind == CR_COL_IGNORED &&
		    (loose_eq(col_name(in, c), "employee_id") || (roster && loose_eq(col_name(in, c), "employee id"))))
			in->id_col = (long)c;
	/* Grouping columns: exactly those named with --group-by; else the department and the map's `group` columns. */
	const char *dflt[] = {"department"};
	if (ngroup_by) {
		memset(map_group, 0, n * sizeof *map_group);
	} else {
		group_by = dflt;
		ngroup_by = 1;
	}
	for (size_t g = 0; g < ngroup_by + n; g++) {
		long found = -1;
		if (g < ngroup_by) {
			for (size_t c = 0; c < n && found < 0; c++)
				if (loose_eq(col_name(in, c), group_by[g]))
					found = (long)c;
			for (size_t c = 0; c < n && found < 0; c++)
				if (in->cols[c].pub.kind == CR_COL_QUESTION &&
				    loose_eq(q->questions[in->cols[c].pub.qi].id, group_by[g]))
					found = (long)c;
			if (found < 0) {
				if (group_by == dflt)
					continue; /* no department column: no default grouping */
				cr_sb b = {0};
				for (size_t c = 0; c < n && c < 12; c++) {
					cr_sb_addf(&b, "%s'", c ? ", " : "");
					cr_sb_add_vis(&b, col_name(in, c), CR_ECHO_MAX, 0); /* a header is data */
					cr_sb_add(&b, "'");
				}
				cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "no column '%s' to group by", group_by[g]);
				cr_diag_hint(d, "the columns are: %s%s", b.s ? b.s : "(none)", n > 12 ? ", ..." : "");
				cr_sb_free(&b);
				usage = CR_EUSAGE;
				continue;
			}
		} else if (map_group[g - ngroup_by]) {
			found = (long)(g - ngroup_by);
		} else {
			continue;
		}
		if (in->cols[found].pub.group >= 0)
			continue;
		if (in->ngroups == CR_INTAKE_MAX_GROUPS) {
			cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "at most %d grouping columns", CR_INTAKE_MAX_GROUPS);
			usage = CR_EUSAGE;
			break;
		}
		in->cols[found].pub.group = (int)in->ngroups;
		in->groups[in->ngroups++] = (size_t)found;
	}
done:
	free(map_group);
	free(map_used);
	if (d->n > errs0) {
		cr_intake_free(in);
		return usage ? usage : CR_EDATA;
	}
	for (size_t i = 0; i < q->nquestions; i++)
		if (q->questions[i].type == CR_Q_OCCUPATION && in->qcol[i] >= 0 && !in->occ_names)
			index_occupations(in);
	plan_hot(in);
	*out = in;
	return CR_OK;
}

const cr_questionnaire *cr_intake_questionnaire(const cr_intake *in) { return in->q; }
size_t cr_intake_ncols(const cr_intake *in) { return in->ncols; }
const cr_intake_col *cr_intake_col_at(const cr_intake *in, size_t i) { return &in->cols[i].pub; }
size_t cr_intake_ngroups(const cr_intake *in) { return in->ngroups; }
size_t cr_intake_group_col(const cr_intake *in, size_t g) { return in->groups[g]; }
const char *cr_intake_group_name(const cr_intake *in, size_t g) { return in->cols[in->groups[g]].pub.header; }
long cr_intake_id_col(const cr_intake *in) { return in->id_col; }

/* ---- rows ------------------------------------------------------------------ */

static void problem(cr_intake *in, long col, char *msg)
{
	if (in->nproblems == CR_INTAKE_MAX_PROBLEMS) {
		free(msg);
		return;
	}
	/* one line each: an ambiguous occupation lists its candidates on separate lines */
	for (char *p = msg; *p; p++)
		if (*p == '\n')
			*p = ' ';
	in->problems[in->nproblems++] = (cr_intake_problem){col, msg};
}

static inline unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* The first n bytes of a and b are equal, ignoring ASCII case. */
static bool ncase_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i]))
			return false;
	return true;
}

static void note(cr_intake *in, char *id)
{
	if (in->nnotes == CR_INTAKE_MAX_NOTES) {
		free(id);
		return;
	}
	in->notes[in->nnotes++] = id;
}

size_t cr_intake_row_notes(const cr_intake *in, const char *const **notes)
{
	*notes = (const char *const *)in->notes;
	return in->nnotes;
}

/* Why a bare number is not read as a choice, and what to do: one line. */
static char *number_for_choice(const cr_question *q, const char *cell)
{
	return cr_xprintf("'%.20s' is a number, and a CSV cell never picks a choice by its place in the list (survey tools "
			  "number choices their own way, as Qualtrics' numeric export does): give the choice's id or label, "
			  "or declare the survey's codes in the map, values: {%s: {\"%.20s\": %s}}",
			  cell, q->id, cell, q->nchoices ? q->choices[0].id : "CHOICE");
}

/* A cell's parse found in the cache, into *a (all zero): a problem message (caller frees) or NULL. */
static char *cached_answer(cr_intake *in, const cr_question *q, const cache_ent *e, cr_answer *a)
{
	if (!e->ok)
		return cr_xstrdup(e->u.err);
	a->state = CR_A_GIVEN;
	a->str = e->str;
	a->num = e->num;
	if (e->ok == 2)
		note(in, cr_xprintf("approx:%s", q->id));
	return NULL;
}

/*
 * Parses a whole cell through the cache into *a, which is all zero (see
 * cr_intake_row); returns a problem message (caller frees) or NULL.
 */
static char *parse_cached(cr_intake *in, cache *ch, const cr_question *q, const char *cell, cr_answer *a)
{
	size_t n = strlen(cell);
	uint32_t h = key_hash(cell, n);
	const cache_ent *e = cache_get(ch, cell, n, h);
	if (e)
		return cached_answer(in, q, e, a);
	char *err = NULL;
	enum cr_status st = CR_OK;
	int ok = 1;
	const cr_occupation *o = q->type == CR_Q_OCCUPATION ? exact_occupation(in, cell) : NULL;
	if (o) {
		*a = (cr_answer){.state = CR_A_GIVEN, .str = o->code};
	} else if (q->type == CR_Q_CHOICE && bare_number(cell)) {
		st = CR_EDATA;
		err = number_for_choice(q, cell);
	} else {
		st = cr_answer_parse(in->kb, q, cell, a, &err);
		double v;
		bool approx;
		/* "3 years", "~15", "20-30%": the number, then the terminal's checks on it */
		if (st && (q->type == CR_Q_NUMBER || q->type == CR_Q_SCALE) && !cr_answer_number(cell, &v) &&
		    lenient_number(cell, &v, &approx)) {
			char num[64];
			char *err2 = NULL;
			snprintf(num, sizeof num, "%.10g", v);
			if (cr_answer_parse(in->kb, q, num, a, &err2) == CR_OK) {
				st = CR_OK;
				free(err);
				err = NULL;
				ok = approx ? 2 : 1;
			} else {
				free(err); /* its own range message says more than "not a number" */
				err = cr_xprintf("'%.40s' is read as %s: %s", cell, num, err2);
			}
			free(err2);
		}
	}
	if (ok == 2)
		note(in, cr_xprintf("approx:%s", q->id));
	cache_put(ch, cell, n, h, st == CR_OK ? ok : 0, a->str, a->num, st ? cr_xstrdup(err) : NULL);
	return st ? err : NULL;
}

/*
 * A job-title cell (an occupation question), through the cache: the
 * crosswalk first, then the catalogue's exact codes, titles and aliases, then
 * the matcher (cr_occ_search), whose best match must reach min_confidence or
 * the row goes to the errors file with the candidates, never scored on a
 * guess. Records the match in in->title. Returns a problem message or NULL.
 * The cache keeps the method as ok - 1 and the confidence as num.
 */
/* A job title found in the cache (see parse_title), as the cell `given`, into *a (all zero): a problem or NULL. */
static char *title_found(cr_intake *in, const cache_ent *e, const char *given, cr_answer *a)
{
	in->title = (cr_intake_title){.given = given};
	if (!e->ok)
		return cr_xstrdup(e->u.err);
	a->state = CR_A_GIVEN;
	a->str = e->str;
	in->title.occ = e->u.occ ? e->u.occ : cr_kb_occupation(in->kb, e->str);
	in->title.method = (enum cr_match_method)(e->ok - 1);
	in->title.confidence = e->num;
	return NULL;
}

static char *parse_title(cr_intake *in, cache *ch, const char *cell, cr_answer *a)
{
	size_t n = strlen(cell);
	uint32_t h = key_hash(cell, n);
	const cache_ent *e = cache_get(ch, cell, n, h);
	if (e)
		return title_found(in, e, cell, a);
	in->title = (cr_intake_title){.given = cell};
	const cr_occupation *o = cr_crosswalk_find(in->xwalk, cell);
	enum cr_match_method method = CR_MATCH_CROSSWALK;
	double conf = 1.0;
	char *err = NULL;
	if (!o && (o = exact_occupation(in, cell)) != NULL) {
		char *t = cr_str_trim(cr_xstrdup(cell));
		bool exact = strcmp(t, o->code) == 0 || cr_strcasecmp(t, o->title) == 0;
		free(t);
		method = exact ? CR_MATCH_EXACT : CR_MATCH_ALIAS;
		conf = exact ? 1.0 : CR_OCC_CONF_ALIAS;
	}
	if (!o) {
		cr_occ_match m[4];
		size_t k = cr_occ_search(in->kb, cell, m, CR_ARRAY_LEN(m));
		char *v = cr_vis(cell, CR_ECHO_MAX, 0);
		if (!k) {
			err = cr_xprintf("no occupation matches the job title '%s'; give a SOC code such as 43-9021 or add the title "
					 "to the organisation's title crosswalk", v);
		} else if (m[0].confidence < in->min_confidence) {
			cr_sb b = {0};
			cr_sb_addf(&b, "job title '%s' is not matched surely enough to score (confidence %.2f, below %.2f); candidates:",
				   v, m[0].confidence, in->min_confidence);
			for (size_t i = 0; i < k; i++)
				cr_sb_addf(&b, "%s %s %s (%s %.2f)", i ? ";" : "", m[i].occ->code, m[i].occ->title,
					   cr_match_method_ids[m[i].method], m[i].confidence);
			cr_sb_add(&b, "; add the title to the organisation's title crosswalk");
			err = cr_sb_take(&b);
		} else {
			o = m[0].occ;
			method = m[0].method;
			conf = m[0].confidence;
		}
		free(v);
	}
	cache_ent *put = cache_put(ch, cell, n, h, err ? 0 : 1 + (int)method, o ? o->code : NULL, conf,
				   err ? cr_xstrdup(err) : NULL);
	if (put && !err)
		put->u.occ = o;
	if (err)
		return err;
	*a = (cr_answer){.state = CR_A_GIVEN, .str = o->code};
	in->title.occ = o;
	in->title.method = method;
	in->title.confidence = conf;
	return NULL;
}

void cr_intake_set_titles(cr_intake *in, const cr_crosswalk *xwalk, double min_confidence)
{
	in->xwalk = xwalk;
	in->min_confidence = min_confidence;
}

const cr_intake_title *cr_intake_last_title(const cr_intake *in)
{
	return in->title.given ? &in->title : NULL;
}

enum { TOKEN_IGNORED = -1, TOKEN_UNKNOWN = -2, TOKEN_NUMBER = -3 };

/*
 * Whether a token, the part of a cell up to its next separator (trimmed),
 * is also how one of the column's long labels begins: its part before its
 * first separator, trimmed. A long label is matched only where its first
 * part stands, so a token that is none of them needs no look at the labels.
 */
static bool starts_long_label(const colplan *cp, const char *tok, size_t n)
{
	for (size_t i = 0; i < cp->nlong; i++) {
		const char *l = cp->long_labels[i];
		size_t k = strcspn(l, ",;");
		while (k && isspace((unsigned char)l[k - 1]))
			k--;
		if (k == n && ncase_eq(tok, l, n))
			return true;
	}
	return false;
}

/*
 * The choice index of one token of a multiple-choice cell (n bytes, hashed
 * as h by key_hash), through the cache: the map's translation of it, else
 * what the terminal's parser makes of it; TOKEN_IGNORED when the map says
 * to, TOKEN_NUMBER for an untranslated bare number, TOKEN_UNKNOWN when it is
 * none of the choices. *long_start: whether a long label may begin there
 * (starts_long_label), kept beside the index.
 */
static int multi_token(cr_intake *in, const colplan *cp, cache *ch, size_t qi, const cr_question *q, const char *tok,
		       size_t n, uint32_t h, bool *long_start)
{
	const cache_ent *e = cache_get(ch, tok, n, h);
	if (e) {
		*long_start = e->long_start;
		return (int)e->num;
	}
	char *t = cr_xstrndup(tok, n);
	cr_answer a;
	char *err = NULL;
	int idx = TOKEN_UNKNOWN, choice = -1;
	bool ignore;
	if (translate(in, qi, t, &ignore, &choice))
		idx = ignore ? TOKEN_IGNORED : choice;
	else if (bare_number(t))
		idx = TOKEN_NUMBER;
	/* one token at a time: the terminal's parser on a one-choice answer */
	else if (cr_strcasecmp(t, "none") != 0 && cr_answer_parse(in->kb, q, t, &a, &err) == CR_OK && a.bits)
		idx = __builtin_ctzll(a.bits);
	free(err);
	free(t);
	*long_start = starts_long_label(cp, tok, n);
	cache_ent *put = cache_put(ch, tok, n, h, 1, NULL, idx, NULL);
	if (put)
		put->long_start = *long_start;
	return idx;
}


/*
 * A multiple-choice cell: ids, labels or the map's values separated by
 * commas or semicolons, as typed at the terminal; labels that contain a
 * separator are recognised whole first. Returns a problem message or NULL.
 * Reads into *out, which is all zero (see cr_intake_row).
 *
 * Each token's end is found by strcspn, its hash from a few loads
 * (key_hash), and it is looked up once: its entry says whether a long
 * label may start there too, so the labels are compared only at such a
 * token (the part of a label before its first comma), not at every token of
 * every cell.
 *
 * Kept out of line: at -O3 with LTO it was inlined into cr_intake_row, whose
 * loop then grew past what the instruction cache kept from row to row (I1
 * misses 4.57M against 4.74M on 10,000 rows, docs/performance.md).
 */
__attribute__((noinline)) static char *parse_multi(cr_intake *in, const colplan *cp, cache *ch, size_t qi, const cr_question *q, const char *cell,
			 cr_answer *out)
{
	const char *p = cell;
	while (isspace((unsigned char)*p))
		p++;
	size_t len = strlen(p);
	while (len && isspace((unsigned char)p[len - 1]))
		len--;
	if (len == 4 && ncase_eq(p, "none", 4)) {
		out->state = CR_A_GIVEN;
		return NULL;
	}
	const char *end = p + len;
	uint64_t bits = 0;
	while (p < end) {
		while (p < end && (isspace((unsigned char)*p) || *p == ',' || *p == ';'))
			p++;
		if (p >= end)
			break;
		/* the token up to the next separator (after `end` there are only spaces); p[0] is not a space */
		const char *t = p + strcspn(p, ",;");
		if (t > end)
			t = end;
		size_t tl = (size_t)(t - p);
		while (isspace((unsigned char)p[tl - 1])) /* "a , b": the key is the token trimmed */
			tl--;
		bool long_start;
		int idx = multi_token(in, cp, ch, qi, q, p, tl, key_hash(p, tl), &long_start);
		size_t used = (size_t)(t - p);
		/*
		 * A label that matches here has its first separator where the
		 * token ends; and it is nearly always written as the label is, which
		 * memcmp tells at once, before the comparison in any case.
		 */
		for (size_t i = 0; long_start && i < cp->nlong; i++) {
			size_t ll = cp->long_len[i];
			if (cp->long_first[i] != used)
				continue;
			if (ll <= (size_t)(end - p) &&
			    (memcmp(p, cp->long_labels[i], ll) == 0 || ncase_eq(p, cp->long_labels[i], ll)) &&
			    (p + ll == end || p[ll] == ',' || p[ll] == ';' || isspace((unsigned char)p[ll]))) {
				idx = (int)cp->long_index[i];
				used = ll;
				break;
			}
		}
		if (idx == TOKEN_NUMBER) {
			char *num = cr_xstrndup(p, tl);
			char *err = number_for_choice(q, num);
			free(num);
			return err;
		}
		if (idx == TOKEN_UNKNOWN) {
			/* the terminal parser's own words for it */
			char *err = NULL;
			cr_answer a;
			if (cr_answer_parse(in->kb, q, cell, &a, &err) == CR_OK) {
				free(err);
				err = cr_xprintf("'%.*s' is not one of the choices", (int)(tl > 60 ? 60 : tl), p);
			}
			return err;
		}
		if (idx >= 0)
			bits |= (uint64_t)1 << idx;
		p += used;
	}
	out->state = CR_A_GIVEN;
	out->bits = bits;
	return NULL;
}

/*
 * cr_question_applies (answers.c), but with the facts of the answers worked out
 * once while they do not change (*have), rather than once for each question
 * asked about: a row whose blank multiple choice does not apply asks about it
 * twice (is it none ticked? is it a required answer missing?).
 */
static bool applies(cr_intake *in, const cr_answers *as, size_t qi, bool *have)
{
	const cr_question *q = &as->q->questions[qi];
	if (!q->ask_if)
		return true;
	if (!*have) {
		cr_answers_facts(in->kb, as, in->facts);
		*have = true;
	}
	return cr_expr_holds(q->ask_if, in->facts);
}

/*
 * Whether s is printable ASCII only (0x20 to 0x7f: no control character,
 * nothing to check as UTF-8), eight bytes at a time; *len is its length. A
 * word holds a byte below 0x20 or above 0x7f exactly when its top bit or
 * that of the byte minus 0x20 is set somewhere (a borrow only runs up from
 * such a byte). A tab, which free text may hold, says no too: it takes
 * cr_answer_parse's path.
 */
static bool plain_ascii(const char *s, size_t *len)
{
	const uint64_t spaces = 0x2020202020202020ull, tops = 0x8080808080808080ull;
	size_t n = strlen(s);
	uint64_t bad = 0, w;
	*len = n;
	if (n < 8) {
		for (size_t i = 0; i < n; i++)
			bad |= ((unsigned)(unsigned char)s[i] - 0x20u) | (unsigned char)s[i];
		return !(bad & 0x80);
	}
	for (size_t i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		bad |= w | (w - spaces);
	}
	memcpy(&w, s + n - 8, 8); /* the last bytes, overlapping the words before */
	bad |= w | (w - spaces);
	return !(bad & tops);
}

/* A copy of s with curly apostrophes made straight, or NULL when it has none. */
static char *straight_quotes(const char *s)
{
	/* one scan for their lead byte, not a strstr for each: this runs on nearly every cell */
	const char *c = strchr(s, '\xe2');
	while (c && !((unsigned char)c[1] == 0x80 && ((unsigned char)c[2] == 0x98 || (unsigned char)c[2] == 0x99)))
		c = strchr(c + 1, '\xe2');
	if (!c)
		return NULL;
	char *t = cr_xstrdup(s), *w = t;
	for (const char *r = s; *r;) {
		if ((unsigned char)r[0] == 0xe2 && (unsigned char)r[1] == 0x80 &&
		    ((unsigned char)r[2] == 0x98 || (unsigned char)r[2] == 0x99)) {
			*w++ = '\'';
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return t;
}

/* One column-per-option cell (SurveyMonkey): the option's label when ticked, blank when not. */
static char *option_cell(cr_intake *in, const colplan *cp, const char *cell)
{
	const cr_question *qq = &in->q->questions[cp->pub.qi];
	const cr_choice *ch = &qq->choices[cp->pub.part];
	size_t qi = cp->pub.qi;
	int choice = -1;
	bool ignore;
	if (loose_eq(cell, cp->option) || loose_eq(cell, ch->label) || loose_eq(cell, ch->id) ||
	    (translate(in, qi, cell, &ignore, &choice) && !ignore && choice == (int)cp->pub.part)) {
		in->opt_bits[qi] |= (uint64_t)1 << cp->pub.part;
		in->opt_seen[qi] = true;
		return NULL;
	}
	return cr_xprintf("'%.40s' is neither blank (not ticked) nor the option's label '%.60s' (ticked)", cell, cp->option);
}

enum cr_status cr_intake_row(cr_intake *in, const char *const *cells, size_t n, cr_answers *as,
			     const cr_intake_problem **problems, size_t *nproblems)
{
	const cr_questionnaire *q = in->q;
	for (size_t i = 0; i < in->nproblems; i++)
		free(in->problems[i].msg);
	in->nproblems = 0;
	in->title = (cr_intake_title){0};
	for (size_t i = 0; i < in->nnotes; i++)
		free(in->notes[i]);
	in->nnotes = 0;
	/*
	 * A fresh row: free texts go through cr_answers_clear, the rest is zeroed.
	 * Only a split's (or a task list's) answer fills its parts: the others
	 * are zero but for their first fields, which are zeroed whatever they
	 * hold (plain_qs: four stores, no test of the question's type). Of the
	 * rest only answers the last row gave or skipped are: an answer in state
	 * NONE is all zero already (it only ever becomes NONE by being zeroed),
	 * and zeroing every 176-byte answer of the questionnaire at once was a
	 * twentieth of a batch row's instructions.
	 */
	for (size_t k = 0; k < in->nplain_qs; k++) {
		cr_answer *a = &as->a[in->plain_qs[k]];
		a->state = CR_A_NONE;
		a->num = 0;
		a->str = NULL;
		a->bits = 0;
	}
	for (size_t k = 0; k < in->nwide_qs; k++) {
		size_t i = in->wide_qs[k];
		if (as->a[i].state == CR_A_NONE)
			continue;
		if (in->qhot[i].type == CR_Q_TEXT)
			cr_answers_clear(as, i);
		else
			as->a[i] = (cr_answer){0};
	}
	memset(in->parts_seen, 0, q->nquestions * sizeof *in->parts_seen);
	memset(in->blank_multi, 0, q->nquestions * sizeof *in->blank_multi);
	if (in->nopt_qs) {
		memset(in->opt_bits, 0, q->nquestions * sizeof *in->opt_bits);
		memset(in->opt_seen, 0, q->nquestions * sizeof *in->opt_seen);
	}
	if (n != in->ncols) {
		problem(in, -1, cr_xprintf("the row has %zu fields but the header has %zu; is a quote or a separator out of place?",
					   n, in->ncols));
		goto out;
	}
	for (size_t c = 0; c < n; c++) {
		colhot *h = &in->hot[c];
		if (h->kind == CR_COL_IGNORED) {
			/* grouping values and the id are shown in reports and results: they must be text */
			if (h->check_text && !cr_utf8_valid(cells[c]))
				problem(in, (long)c, cr_xstrdup("not valid UTF-8 text; save the export as CSV UTF-8"));
			continue;
		}
		size_t qi = h->qi;
		enum cr_qtype type = h->type;
		const char *cell = cells[c];
		if (h->kind == CR_COL_OPTION) {
			char *err = blank(cell) ? NULL : option_cell(in, &in->cols[c], cell);
			if (err)
				problem(in, (long)c, err);
			continue;
		}
		if (h->kind == CR_COL_PART) {
			double v = 0;
			uint32_t u;
			if (small_uint(cell, &u)) {
				v = u; /* ok: what cr_answer_number says of it */
				if (in->parts_seen[qi] != 0xff)
					in->parts_seen[qi]++;
			} else if (!blank(cell)) {
				size_t len = strlen(cell);
				uint32_t hash = key_hash(cell, len);
				const cache_ent *e = cache_get(&h->cache, cell, len, hash);
				int ok;
				if (e) {
					ok = e->ok;
					v = e->num;
				} else {
					bool approx = false;
					/* a part in its own cell, as in typed splits; or as people write numbers */
					ok = cr_answer_number(cell, &v) ? 1 : lenient_number(cell, &v, &approx) ? 1 + approx : 0;
					cache_put(&h->cache, cell, len, hash, ok, NULL, v, NULL);
				}
				if (!ok) {
					problem(in, (long)c, cr_xprintf("'%.40s' is not a percentage from 0 to 100", cell));
					in->parts_seen[qi] = 0xff;
					continue;
				}
				if (ok == 2)
					note(in, cr_xprintf("approx:%s.%s", q->questions[qi].id, q->questions[qi].choices[h->part].id));
				if (in->parts_seen[qi] != 0xff)
					in->parts_seen[qi]++;
			}
			in->parts[qi][h->part] = v;
			continue;
		}
		/*
		 * A choice, number, scale or job-title cell seen before as it stands:
		 * its answer (and a title's match) from the cache at once. Only where the map translates none of the
		 * question's values, so that the cell is what was parsed: the keys are
		 * cells after the map and with curly apostrophes made straight, never
		 * blank, so a cell found among them needed neither step, nor the blank
		 * test (three scans of some ten cells a row, for nothing).
		 */
		if (h->direct) {
			/* a whole number in range: what cr_answer_parse makes of it (trimmed, in range, whole for a scale) */
			uint32_t u;
			if (h->lo <= h->hi && small_uint(cell, &u) && u >= h->lo && u <= h->hi) {
				as->a[qi].state = CR_A_GIVEN; /* the rest is zero (see above) */
				as->a[qi].num = u;
				continue;
			}
			size_t len = strlen(cell);
			const cache_ent *e = cache_get(&h->cache, cell, len, key_hash(cell, len));
			if (e) {
				char *err = type == CR_Q_OCCUPATION ? title_found(in, e, cell, &as->a[qi])
								    : cached_answer(in, &q->questions[qi], e, &as->a[qi]);
				if (err)
					problem(in, (long)c, err);
				continue;
			}
		}
		const cr_question *qq = &q->questions[qi]; /* only here: the paths above need no more than hot has */
		/* the survey's own values, through the map; then curly apostrophes as straight ones */
		bool ignore = false;
		const char *tr = !h->mapped || type == CR_Q_MULTI || blank(cell) ? NULL : translate(in, qi, cell, &ignore, NULL);
		if (tr)
			cell = ignore ? "" : tr;
		if (blank(cell)) {
			in->blank_multi[qi] = type == CR_Q_MULTI; /* decided below, once the answers it may depend on are in */
			continue;
		}
		char *straight = type == CR_Q_TEXT ? NULL : straight_quotes(cell);
		if (straight)
			cell = straight;
		cr_answer a;
		char *err = NULL;
		switch (type) {
		case CR_Q_TEXT: {
			/*
			 * Free text that is printable ASCII, as an id or a department
			 * nearly always is, is what cr_answer_parse would take as it
			 * stands (no UTF-8 to check, no control character; it is not
			 * blank, see above) once it is within the question's length:
			 * the answers own a copy (cr_answers_set's rule), made here with
			 * its length known, into the answer that is all zero.
			 */
			size_t len;
			if (plain_ascii(cell, &len) && len <= qq->max_length && len <= CR_MAX_ANSWER_BYTES) {
				char *copy = cr_xmalloc(len + 1);
				memcpy(copy, cell, len + 1);
				as->a[qi].state = CR_A_GIVEN;
				as->a[qi].str = copy;
				break;
			}
			/* cr_answer_parse refuses text that is not UTF-8 (cr_utf8_invalid: the same test as cr_utf8_valid) */
			if (cr_answer_parse(in->kb, qq, cell, &a, &err) == CR_OK)
				cr_answers_set(as, qi, &a); /* copies the text */
			break;
		}
		case CR_Q_SPLIT:
			if (cr_answer_parse(in->kb, qq, cell, &a, &err) == CR_OK)
				cr_answers_set(as, qi, &a);
			break;
		/*
		 * These three read straight into the answer, which the row started
		 * all zero (each question has one column) and which holds no text to
		 * own: an answer is 176 bytes, and building one aside to copy it cost
		 * more than the lookup. A problem leaves it all zero again.
		 */
		case CR_Q_MULTI:
			if ((err = parse_multi(in, &in->cols[c], &h->cache, qi, qq, cell, &as->a[qi])))
				as->a[qi] = (cr_answer){0};
			break;
		case CR_Q_OCCUPATION:
			if ((err = parse_title(in, &h->cache, cell, &as->a[qi])))
				as->a[qi] = (cr_answer){0};
			in->title.given = cells[c]; /* as given: `cell` may be the map's translation or a copy freed below */
			break;
		default:
			if ((err = parse_cached(in, &h->cache, qq, cell, &as->a[qi])))
				as->a[qi] = (cr_answer){0};
			break;
		}
		free(straight);
		if (err)
			problem(in, (long)c, err);
	}
	/* Multiple choices a column per option: what was ticked, or a blank like a blank cell. */
	for (size_t k = 0; k < in->nopt_qs; k++) {
		size_t i = in->opt_qs[k];
		if (in->opt_seen[i])
			as->a[i] = (cr_answer){.state = CR_A_GIVEN, .bits = in->opt_bits[i]};
		else
			in->blank_multi[i] = true;
	}
	/* Splits given part by part: all blank is no answer; otherwise the terminal's checks. */
	for (size_t k = 0; k < in->nsplit_qs; k++) {
		size_t i = in->split_qs[k];
		if (!in->parts_seen[i] || in->parts_seen[i] == 0xff)
			continue;
		const cr_question *qq = &q->questions[i];
		double *parts = in->parts[i], sum = 0;
		for (size_t p = 0; p < qq->nchoices; p++)
			sum += parts[p];
		/* a week split a few points off 100 (rounding by hand), scaled when the map allows it */
		if (in->tolerance > 0 && sum > 0 && fabs(sum - 100) > 0.5 && fabs(sum - 100) <= in->tolerance) {
			for (size_t p = 0; p < qq->nchoices; p++)
				parts[p] = parts[p] * 100 / sum;
			note(in, cr_xprintf("rescaled:%s", qq->id));
		}
		/* straight into the answer, which is all zero (see above) and holds no text: a split's is 176 bytes to copy */
		char *err = NULL;
		if (cr_answer_split(qq, parts, qq->nchoices, &as->a[i], &err) != CR_OK) {
			as->a[i] = (cr_answer){0}; /* what it filled in before it failed */
			problem(in, in->partcol[i][0], cr_xprintf("%s: %s", qq->id, err));
		}
		free(err);
	}
	if (in->nproblems)
		goto out;
	/*
	 * A blank cell is no answer, as a question left out of an answers file is;
	 * but a blank multiple choice that applies means none ticked, which is how
	 * survey tools export it.
	 */
	bool have_facts = false; /* in->facts holds the facts of the answers as they stand (see applies) */
	for (size_t k = 0; k < in->nmulti_qs; k++) {
		size_t i = in->multi_qs[k];
		if (!in->blank_multi[i] || !applies(in, as, i, &have_facts))
			continue;
		cr_answer a = {.state = CR_A_GIVEN};
		cr_answers_set(as, i, &a);
		have_facts = false; /* an answer changed */
	}
	for (size_t k = 0; k < in->nreq_qs; k++) {
		size_t i = in->req_qs[k];
		const cr_question *qq = &q->questions[i];
		if (as->a[i].state != CR_A_NONE || !applies(in, as, i, &have_facts))
			continue;
		long col = in->qcol[i] >= 0 ? in->qcol[i] : in->optfirst[i] >= 0 ? in->optfirst[i] : in->partcol[i][0];
		problem(in, col, cr_xprintf("no answer to the required question '%s'", qq->id));
	}
out:
	*problems = in->problems;
	*nproblems = in->nproblems;
	return in->nproblems ? CR_EDATA : CR_OK;
}

/* ---- a starting map from an export's headers (--suggest-map) --------------- */

#define SUGGEST_MAX_VALUES 64 /* distinct values listed per question */
#define SUGGEST_MAX_VALUE 200 /* bytes of a value worth listing: longer ones are free text, not a code or a label */

/* Lower-case words of three letters or more: what two wordings of a question share. */
static size_t words(const char *s, char out[][24], size_t max)
{
	size_t n = 0;
	while (*s && n < max) {
		while (*s && !isalnum((unsigned char)*s))
			s++;
		size_t k = 0;
		char w[24];
		while (isalnum((unsigned char)*s)) {
			if (k < sizeof w - 1)
				w[k++] = (char)tolower((unsigned char)*s);
			s++;
		}
		w[k] = '\0';
		if (k >= 3)
			memcpy(out[n++], w, sizeof w);
	}
	return n;
}

/* How alike two wordings are: the share of the shorter one's words the other has, 0-1. */
static double likeness(const char *a, const char *b)
{
	char wa[48][24], wb[48][24];
	size_t na = words(a, wa, 48), nb = words(b, wb, 48), common = 0;
	if (!na || !nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (strcmp(wa[i], wb[j]) == 0) {
				common++;
				break;
			}
	return (double)common / (double)(na < nb ? na : nb);
}

struct cr_intake_suggest {
	const cr_kb *kb;
	const cr_questionnaire *q;
	size_t n;
	char **header;       /* per column: the map's key (the first header row, or the question's over its options) */
	char **target;       /* per column: question id, SPLIT.PART, or NULL (ignore); NULL header: listed already */
	long *qi;            /* per column: the question whose values are listed, or -1 */
	bool *options;       /* per column: a column per option (its label in the second row) */
	char ***values;      /* per question: distinct values seen */
	size_t *nvalues;
};

/* The question (or SPLIT.PART) a header names, exactly or loosely; NULL for none. */
static char *suggest_target(const cr_questionnaire *q, const char *name, bool *taken)
{
	enum cr_col_kind kind;
	size_t qi, part;
	if (resolve_header(q, name, &kind, &qi, &part))
		return kind == CR_COL_PART ? cr_xprintf("%s.%s", q->questions[qi].id, q->questions[qi].choices[part].id)
					   : cr_xstrdup(q->questions[qi].id);
	/* Google Forms' grid, reworded: "TEXT [PART]" */
	size_t n = strlen(name);
	const char *br = n && name[n - 1] == ']' ? strrchr(name, '[') : NULL;
	double best = 0.6;
	char *found = NULL;
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		if (br && qq->type == CR_Q_SPLIT) {
			char *text = cr_xstrndup(name, (size_t)(br - name)), *row = cr_xstrndup(br + 1, (size_t)(name + n - 2 - br));
			if (likeness(text, qq->text) >= 0.5)
				for (size_t p = 0; p < qq->nchoices; p++) {
					double l = likeness(row, qq->choices[p].label);
					if (l >= best) {
						best = l;
						free(found);
						found = cr_xprintf("%s.%s", qq->id, qq->choices[p].id);
					}
				}
			free(text);
			free(row);
			continue;
		}
		if (taken[i] || qq->type == CR_Q_SPLIT)
			continue;
		double l = likeness(name, qq->text);
		if (l >= best) {
			best = l;
			free(found);
			found = cr_xstrdup(qq->id);
		}
	}
	return found;
}

cr_intake_suggest *cr_intake_suggest_new(const cr_kb *kb, const cr_questionnaire *q, const char *const *const *rows,
					 size_t nrows, size_t n)
{
	cr_intake_suggest *s = cr_xcalloc(1, sizeof *s);
	s->kb = kb;
	s->q = q;
	s->n = n;
	s->header = cr_xcalloc(n + 1, sizeof *s->header);
	s->target = cr_xcalloc(n + 1, sizeof *s->target);
	s->qi = cr_xcalloc(n + 1, sizeof *s->qi);
	s->options = cr_xcalloc(n + 1, sizeof *s->options);
	s->values = cr_xcalloc(q->nquestions, sizeof *s->values);
	s->nvalues = cr_xcalloc(q->nquestions, sizeof *s->nvalues);
	bool *taken = cr_xcalloc(q->nquestions, sizeof *taken);
	bool qualtrics = false;
	for (size_t c = 0; nrows >= 3 && c < n && !qualtrics; c++)
		qualtrics = strncmp(rows[2][c], "{\"ImportId\"", 11) == 0;
	long carried = -1;
	for (size_t c = 0; c < n; c++) {
		s->qi[c] = -1;
		const char *top = rows[0][c], *sub = nrows >= 2 ? rows[1][c] : "";
		if (nrows >= 2 && !qualtrics && blank(top) && carried >= 0) {
			/* a question going on over columns: one option each, listed under values: */
			s->qi[c] = s->qi[carried];
			s->options[c] = s->options[carried] = !row2_says_response(sub);
			continue;
		}
		carried = (long)c;
		/* a header that is not text (a broken encoding) cannot be a map's key: left out, so ignored */
		if (!cr_utf8_valid(top))
			continue;
		s->header[c] = cr_str_trim(cr_xstrdup(top));
		char *t = suggest_target(q, top, taken);
		if (!t && qualtrics && *sub)
			t = suggest_target(q, sub, taken);
		s->target[c] = t;
		if (!t)
			continue;
		for (size_t i = 0; i < q->nquestions; i++)
			if (strcmp(q->questions[i].id, t) == 0) {
				taken[i] = true;
				if (q->questions[i].type == CR_Q_CHOICE || q->questions[i].type == CR_Q_MULTI ||
				    q->questions[i].type == CR_Q_SCALE)
					s->qi[c] = (long)i;
			}
		s->options[c] = nrows >= 2 && !qualtrics && !row2_says_response(sub) && s->qi[c] >= 0;
	}
	/* a column per option: each option's label is a value to say the meaning of */
	for (size_t c = 0; c < n; c++)
		if (s->options[c] && s->qi[c] >= 0)
			cr_intake_suggest_value(s, (size_t)s->qi[c], rows[1][c]);
	free(taken);
	return s;
}

void cr_intake_suggest_value(cr_intake_suggest *s, size_t qi, const char *value)
{
	char *v = cr_str_trim(cr_xstrdup(value));
	bool seen = !*v || s->nvalues[qi] >= SUGGEST_MAX_VALUES || strlen(v) > SUGGEST_MAX_VALUE || !cr_utf8_valid(v);
	for (size_t k = 0; k < s->nvalues[qi] && !seen; k++)
		seen = loose_eq(s->values[qi][k], v);
	if (seen) {
		free(v);
		return;
	}
	s->values[qi] = cr_xrealloc(s->values[qi], (s->nvalues[qi] + 1) * sizeof *s->values[qi]);
	s->values[qi][s->nvalues[qi]++] = v;
}

void cr_intake_suggest_row(cr_intake_suggest *s, const char *const *cells, size_t n)
{
	for (size_t c = 0; c < n && c < s->n; c++) {
		if (s->qi[c] < 0 || s->options[c])
			continue;
		const cr_question *qq = &s->q->questions[s->qi[c]];
		if (qq->type != CR_Q_MULTI) {
			cr_intake_suggest_value(s, (size_t)s->qi[c], cells[c]);
			continue;
		}
		/* ticks joined in one cell: the choices' own labels holding a separator first, then the rest */
		char *copy = cr_xstrdup(cells[c]), *save = NULL;
		for (size_t k = 0; k < qq->nchoices; k++) {
			if (!strpbrk(qq->choices[k].label, ",;"))
				continue;
			size_t ll = strlen(qq->choices[k].label);
			for (char *at = strcasestr(copy, qq->choices[k].label); at; at = strcasestr(at + ll, qq->choices[k].label)) {
				cr_intake_suggest_value(s, (size_t)s->qi[c], qq->choices[k].label);
				memset(at, ';', ll);
			}
		}
		for (char *t = strtok_r(copy, ",;", &save); t; t = strtok_r(NULL, ",;", &save))
			cr_intake_suggest_value(s, (size_t)s->qi[c], t);
		free(copy);
	}
}

/* What a survey value already means to the question (a choice id, a number), or NULL. */
static char *known_meaning(const cr_intake_suggest *s, const cr_question *qq, const char *v)
{
	if (bare_number(v) && qq->type != CR_Q_SCALE)
		return NULL; /* a code: only the analyst knows */
	for (size_t k = 0; k < qq->nchoices; k++)
		if (loose_eq(v, qq->choices[k].label) || loose_eq(v, qq->choices[k].id))
			return cr_xstrdup(qq->choices[k].id);
	cr_answer a;
	char *err = NULL;
	char *straight = straight_quotes(v);
	enum cr_status st = cr_answer_parse(s->kb, qq, straight ? straight : v, &a, &err);
	free(straight);
	free(err);
	if (st)
		return NULL;
	if (qq->type == CR_Q_MULTI)
		return __builtin_popcountll(a.bits) == 1 ? cr_xstrdup(qq->choices[__builtin_ctzll(a.bits)].id) : NULL;
	if (qq->type == CR_Q_CHOICE)
		return a.str ? cr_xstrdup(a.str) : NULL;
	return cr_xprintf("%g", a.num);
}

static struct fy_node *y_str(struct fy_document *doc, const char *s)
{
	struct fy_node *n = fy_node_create_scalar_copy(doc, s, strlen(s));
	if (!n) {
		fputs("career-risk: out of memory building YAML\n", stderr);
		abort();
	}
	return n;
}

/* "" written as such: a value the analyst has to fill in (a plain empty scalar reads as null). */
static struct fy_node *y_empty(struct fy_document *doc)
{
	struct fy_node *n = fy_node_build_from_string(doc, "\"\"", 2);
	if (!n) {
		fputs("career-risk: out of memory building YAML\n", stderr);
		abort();
	}
	return n;
}

static int version_cmp(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

char *cr_intake_suggest_yaml(const cr_intake_suggest *s)
{
	/* codes in their order (1, 2, ... 10), labels alphabetically */
	for (size_t i = 0; i < s->q->nquestions; i++)
		if (s->nvalues[i])
			qsort(s->values[i], s->nvalues[i], sizeof *s->values[i], version_cmp);
	struct fy_document *doc = fy_document_create(NULL);
	struct fy_node *root = fy_node_create_mapping(doc), *cols = fy_node_create_mapping(doc),
		       *vals = fy_node_create_mapping(doc);
	if (!doc || !root || !cols || !vals) {
		fputs("career-risk: out of memory building YAML\n", stderr);
		abort();
	}
	fy_node_mapping_append(root, y_str(doc, "questionnaire"), y_str(doc, s->q->id));
	for (size_t c = 0; c < s->n; c++) {
		if (!s->header[c] || !*s->header[c])
			continue;
		bool dup = false; /* a map key once: a header repeated in the export is listed once */
		for (size_t k = 0; k < c && !dup; k++)
			dup = s->header[k] && loose_eq(s->header[k], s->header[c]);
		if (!dup)
			fy_node_mapping_append(cols, y_str(doc, s->header[c]), y_str(doc, s->target[c] ? s->target[c] : "ignore"));
	}
	fy_node_mapping_append(root, y_str(doc, "columns"), cols);
	size_t listed = 0;
	for (size_t i = 0; i < s->q->nquestions; i++) {
		const cr_question *qq = &s->q->questions[i];
		bool unknown = false;
		char **meaning = cr_xcalloc(s->nvalues[i] + 1, sizeof *meaning);
		for (size_t k = 0; k < s->nvalues[i]; k++)
			unknown |= !(meaning[k] = known_meaning(s, qq, s->values[i][k]));
		/* a question whose every value is read as it is needs no values: block */
		if (unknown) {
			struct fy_node *m = fy_node_create_mapping(doc);
			for (size_t k = 0; k < s->nvalues[i]; k++)
				fy_node_mapping_append(m, y_str(doc, s->values[i][k]),
						       meaning[k] ? y_str(doc, meaning[k]) : y_empty(doc));
			fy_node_mapping_append(vals, y_str(doc, qq->id), m);
			listed++;
		}
		for (size_t k = 0; k < s->nvalues[i]; k++)
			free(meaning[k]);
		free(meaning);
	}
	if (listed)
		fy_node_mapping_append(root, y_str(doc, "values"), vals);
	else
		fy_node_free(vals);
	fy_document_set_root(doc, root);
	char *text = fy_emit_document_to_string(doc, FYECF_MODE_BLOCK | FYECF_WIDTH_INF | FYECF_INDENT_2);
	fy_document_destroy(doc);
	if (!text) {
		fputs("career-risk: out of memory emitting YAML\n", stderr);
		abort();
	}
	return text;
}

void cr_intake_suggest_free(cr_intake_suggest *s)
{
	if (!s)
		return;
	for (size_t c = 0; c < s->n; c++) {
		free(s->header[c]);
		free(s->target[c]);
	}
	for (size_t i = 0; i < s->q->nquestions; i++) {
		for (size_t k = 0; k < s->nvalues[i]; k++)
			free(s->values[i][k]);
		free(s->values[i]);
	}
	free(s->values);
	free(s->nvalues);
	free(s->header);
	free(s->target);
	free(s->qi);
	free(s->options);
	free(s);
}

/* ---- a row's reading, held by the caller (see intake.h) -------------------- */

void cr_intake_swap_reading(cr_intake *in, cr_intake_reading *r)
{
	cr_intake_reading mine = {.title = in->title, .nnotes = in->nnotes};
	memcpy(mine.notes, in->notes, in->nnotes * sizeof *in->notes);
	in->title = r->title;
	in->nnotes = r->nnotes;
	memcpy(in->notes, r->notes, r->nnotes * sizeof *r->notes);
	*r = mine;
}
