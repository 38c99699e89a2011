/* intake.c - see intake.h. */
#include "intake.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "ydoc.h"

/* ---- the map file ---------------------------------------------------------- */

#define MAP_MAX_FILE (1u << 20)

typedef struct map_entry {
	char *header;  /* as written in the map */
	char *target;  /* a question id, "split.part", "group" or "ignore" */
	int line, col; /* where, for messages */
} map_entry;

struct cr_intake_map {
	char *path;
	char *questionnaire; /* optional: the questionnaire the map was written for */
	map_entry *v;
	size_t n;
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

/* Reads a parsed map file; takes doc. */
static enum cr_status map_read(cr_ydoc *doc, const char *path, cr_intake_map **out, cr_diags *d)
{
	static const char *const keys[] = {"questionnaire", "columns", NULL};
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
	struct fy_node *cols = cr_ymap_get(root, "columns");
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
 */
#define CACHE_MAX_SLOTS 4096u   /* at most half of them used */
#define CACHE_MAX_POOL (64u << 10)
#define CACHE_MAX_KEY 200u

typedef struct cache_ent {
	uint32_t hash;
	uint32_t off;   /* key in the pool; 0 = empty slot (the pool starts with a NUL) */
	uint32_t len;
	int ok;          /* 1: parsed; 0: an error, in err */
	const char *str; /* CHOICE, OCCUPATION: the id (into the knowledge base) */
	double num;      /* SCALE, NUMBER, a part: the number; a MULTI token: the choice index */
	char *err;
} cache_ent;

typedef struct cache {
	cache_ent *slots;
	uint32_t cap, used;
	char *pool;
	uint32_t plen, pcap;
} cache;

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void cache_free(cache *c)
{
	for (uint32_t i = 0; i < c->cap; i++)
		free(c->slots[i].err);
	free(c->slots);
	free(c->pool);
	memset(c, 0, sizeof *c);
}

static const cache_ent *cache_get(const cache *c, const char *s, size_t n, uint32_t h)
{
	if (!c->cap)
		return NULL;
	for (uint32_t i = h & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
		const cache_ent *e = &c->slots[i];
		if (!e->off)
			return NULL;
		if (e->hash == h && e->len == n && memcmp(c->pool + e->off, s, n) == 0)
			return e;
	}
}

static void cache_grow(cache *c)
{
	uint32_t ncap = c->cap ? c->cap * 2 : 64;
	cache_ent *ns = cr_xcalloc(ncap, sizeof *ns);
	for (uint32_t i = 0; i < c->cap; i++) {
		cache_ent *e = &c->slots[i];
		if (!e->off)
			continue;
		uint32_t j = e->hash & (ncap - 1);
		while (ns[j].off)
			j = (j + 1) & (ncap - 1);
		ns[j] = *e;
	}
	free(c->slots);
	c->slots = ns;
	c->cap = ncap;
}

/* Remembers a parse; takes `err` (freed here when there is no room). */
static void cache_put(cache *c, const char *s, size_t n, uint32_t h, int ok, const char *str, double num, char *err)
{
	if (n > CACHE_MAX_KEY || c->plen + n + 1 > CACHE_MAX_POOL ||
	    (c->cap && (c->used + 1) * 2 > c->cap && c->cap >= CACHE_MAX_SLOTS)) {
		free(err);
		return;
	}
	if (!c->cap || (c->used + 1) * 2 > c->cap)
		cache_grow(c);
	if (!c->pool) {
		c->pcap = 4096;
		c->pool = cr_xmalloc(c->pcap);
		c->pool[0] = '\0';
		c->plen = 1;
	}
	while (c->plen + n + 1 > c->pcap) {
		c->pcap *= 2;
		c->pool = cr_xrealloc(c->pool, c->pcap);
	}
	memcpy(c->pool + c->plen, s, n);
	c->pool[c->plen + n] = '\0';
	uint32_t i = h & (c->cap - 1);
	while (c->slots[i].off)
		i = (i + 1) & (c->cap - 1);
	c->slots[i] = (cache_ent){h, c->plen, (uint32_t)n, ok, str, num, err};
	c->plen += (uint32_t)n + 1;
	c->used++;
}

/* ---- the plan -------------------------------------------------------------- */

typedef struct colplan {
	cr_intake_col pub;
	cache cache;           /* whole cells (CHOICE, OCCUPATION, SCALE, NUMBER, parts) or MULTI tokens */
	const char **long_labels; /* MULTI: labels holding a separator, matched before splitting */
	size_t *long_index;
	size_t nlong;
} colplan;

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
	size_t ncols;
	size_t groups[CR_INTAKE_MAX_GROUPS];
	size_t ngroups;
	long id_col;
	/* per question: which column answers it, or -1; for splits, the column of each part */
	long *qcol;
	long (*partcol)[CR_MAX_PARTS];
	bool *has_parts;
	/* per row */
	cr_intake_problem problems[CR_INTAKE_MAX_PROBLEMS];
	size_t nproblems;
	double (*parts)[CR_MAX_PARTS];
	unsigned char *parts_seen; /* per question: how many part cells were not blank */
	bool *blank_multi;         /* per question: its cell was blank */
	bool roster;               /* a roster (cr_intake_new_roster): no question is required */
	/* job titles: the organisation's crosswalk (borrowed, or NULL), the least confidence accepted, this row's match */
	const cr_crosswalk *xwalk;
	double min_confidence;
	cr_intake_title title;
};

void cr_intake_free(cr_intake *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->ncols; i++) {
		free((char *)in->cols[i].pub.header);
		cache_free(&in->cols[i].cache);
		free(in->cols[i].long_labels);
		free(in->cols[i].long_index);
	}
	for (size_t i = 0; i < in->nproblems; i++)
		free(in->problems[i].msg);
	for (size_t i = 0; i < in->nocc_names; i++)
		free(in->occ_names[i].name);
	free(in->occ_names);
	free(in->cols);
	free(in->qcol);
	free(in->partcol);
	free(in->has_parts);
	free(in->parts);
	free(in->parts_seen);
	free(in->blank_multi);
	free(in);
}

/* Equal ignoring ASCII case and runs of white space ("Which  team?" == "which team?"). */
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
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		a++;
		b++;
	}
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

/* A multiple-choice question's labels that hold a separator, so "e-mails, reports" stays one choice. */
static void plan_long_labels(colplan *c, const cr_question *q)
{
	for (size_t i = 0; i < q->nchoices; i++) {
		if (!strpbrk(q->choices[i].label, ",;"))
			continue;
		c->long_labels = cr_xrealloc(c->long_labels, (c->nlong + 1) * sizeof *c->long_labels);
		c->long_index = cr_xrealloc(c->long_index, (c->nlong + 1) * sizeof *c->long_index);
		c->long_labels[c->nlong] = q->choices[i].label;
		c->long_index[c->nlong++] = i;
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

static enum cr_status intake_new(const cr_kb *kb, const cr_questionnaire *q, const char *const *headers, size_t n,
				 const cr_intake_map *map, const char *const *group_by, size_t ngroup_by, bool roster,
				 cr_intake **out, cr_diags *d);

enum cr_status cr_intake_new(const cr_kb *kb, const cr_questionnaire *q, const char *const *headers, size_t n,
			     const cr_intake_map *map, const char *const *group_by, size_t ngroup_by, cr_intake **out,
			     cr_diags *d)
{
	return intake_new(kb, q, headers, n, map, group_by, ngroup_by, false, out, d);
}

enum cr_status cr_intake_new_roster(const cr_kb *kb, const cr_questionnaire *q, const char *const *headers, size_t n,
				    const cr_intake_map *map, const char *const *group_by, size_t ngroup_by, cr_intake **out,
				    cr_diags *d)
{
	if (occupation_question(q) < 0)
		return cr_diag_add(d, CR_EDATA, NULL, 0, 0, "questionnaire '%s' asks no occupation, so a roster cannot be read with it",
				   q->id);
	return intake_new(kb, q, headers, n, map, group_by, ngroup_by, true, out, d);
}

static enum cr_status intake_new(const cr_kb *kb, const cr_questionnaire *q, const char *const *headers, size_t n,
				 const cr_intake_map *map, const char *const *group_by, size_t ngroup_by, bool roster,
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
	cr_intake *in = cr_xcalloc(1, sizeof *in);
	in->min_confidence = CR_TITLE_MIN_CONFIDENCE;
	in->kb = kb;
	in->q = q;
	in->roster = roster;
	in->id_col = -1;
	in->cols = cr_xcalloc(n ? n : 1, sizeof *in->cols);
	in->ncols = n;
	in->qcol = cr_xcalloc(q->nquestions, sizeof *in->qcol);
	in->partcol = cr_xcalloc(q->nquestions, sizeof *in->partcol);
	in->has_parts = cr_xcalloc(q->nquestions, sizeof *in->has_parts);
	in->parts = cr_xcalloc(q->nquestions, sizeof *in->parts);
	in->parts_seen = cr_xcalloc(q->nquestions, sizeof *in->parts_seen);
	in->blank_multi = cr_xcalloc(q->nquestions, sizeof *in->blank_multi);
	for (size_t i = 0; i < q->nquestions; i++) {
		in->qcol[i] = -1;
		for (size_t p = 0; p < CR_MAX_PARTS; p++)
			in->partcol[i][p] = -1;
	}
	bool *map_group = cr_xcalloc(n ? n : 1, sizeof *map_group);
	bool *map_used = cr_xcalloc(map && map->n ? map->n : 1, sizeof *map_used); /* entries that matched a column */

	for (size_t c = 0; c < n; c++) {
		colplan *cp = &in->cols[c];
		cp->pub.header = cr_str_trim(cr_xstrdup(headers[c] ? headers[c] : ""));
		cp->pub.kind = CR_COL_IGNORED;
		cp->pub.group = -1;
		const char *name = cp->pub.header;
		const map_entry *me = NULL;
		for (size_t m = 0; map && m < map->n && !me; m++)
			if (loose_eq(map->v[m].header, name)) {
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
		} else if (roster && *name && title_header(name) && !resolve(q, name, &cp->pub.kind, &cp->pub.qi, &cp->pub.part)) {
			cp->pub.kind = CR_COL_QUESTION; /* a roster's "Job title": the occupation */
			cp->pub.qi = (size_t)occupation_question(q);
		} else if (!*name || !resolve(q, name, &cp->pub.kind, &cp->pub.qi, &cp->pub.part)) {
			continue;
		}
		const cr_question *qq = &q->questions[cp->pub.qi];
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
			if (in->qcol[cp->pub.qi] >= 0 || in->has_parts[cp->pub.qi]) {
				long other = in->qcol[cp->pub.qi];
				for (size_t p = 0; other < 0 && p < qq->nchoices; p++)
					other = in->partcol[cp->pub.qi][p];
				cr_diag_add(d, CR_EDATA, NULL, 1, (int)c + 1, "columns '%s' and '%s' both answer '%s'",
					    col_name(in, (size_t)other), name, qq->id);
				continue;
			}
			in->qcol[cp->pub.qi] = (long)c;
			if (qq->type == CR_Q_MULTI)
				plan_long_labels(cp, qq);
		}
	}
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
		if (in->qcol[i] < 0 && !qq->optional && (!roster || qq->type == CR_Q_OCCUPATION)) {
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

static bool blank(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return !*s;
}

/* Parses a whole cell through the cache; returns a problem message (caller frees) or NULL. */
static char *parse_cached(cr_intake *in, colplan *cp, const cr_question *q, const char *cell, cr_answer *a)
{
	size_t n = strlen(cell);
	uint32_t h = hash_bytes(cell, n);
	const cache_ent *e = cache_get(&cp->cache, cell, n, h);
	if (e) {
		if (!e->ok)
			return cr_xstrdup(e->err);
		*a = (cr_answer){.state = CR_A_GIVEN, .str = e->str, .num = e->num};
		return NULL;
	}
	char *err = NULL;
	enum cr_status st = CR_OK;
	const cr_occupation *o = q->type == CR_Q_OCCUPATION ? exact_occupation(in, cell) : NULL;
	if (o)
		*a = (cr_answer){.state = CR_A_GIVEN, .str = o->code};
	else
		st = cr_answer_parse(in->kb, q, cell, a, &err);
	cache_put(&cp->cache, cell, n, h, st == CR_OK, a->str, a->num, st ? cr_xstrdup(err) : NULL);
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
static char *parse_title(cr_intake *in, colplan *cp, const char *cell, cr_answer *a)
{
	size_t n = strlen(cell);
	uint32_t h = hash_bytes(cell, n);
	const cache_ent *e = cache_get(&cp->cache, cell, n, h);
	in->title = (cr_intake_title){.given = cell};
	if (e) {
		if (!e->ok)
			return cr_xstrdup(e->err);
		*a = (cr_answer){.state = CR_A_GIVEN, .str = e->str};
		in->title.occ = cr_kb_occupation(in->kb, e->str);
		in->title.method = (enum cr_match_method)(e->ok - 1);
		in->title.confidence = e->num;
		return NULL;
	}
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
	cache_put(&cp->cache, cell, n, h, err ? 0 : 1 + (int)method, o ? o->code : NULL, conf, err ? cr_xstrdup(err) : NULL);
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

/* The choice index of one token of a multiple-choice cell, through the cache; -1 when it is none. */
static int multi_token(cr_intake *in, colplan *cp, const cr_question *q, const char *tok, size_t n)
{
	uint32_t h = hash_bytes(tok, n);
	const cache_ent *e = cache_get(&cp->cache, tok, n, h);
	if (e)
		return e->ok ? (int)e->num : -1;
	char *t = cr_xstrndup(tok, n);
	cr_answer a;
	char *err = NULL;
	int idx = -1;
	/* one token at a time: the terminal's parser on a one-choice answer */
	if (cr_strcasecmp(t, "none") != 0 && cr_answer_parse(in->kb, q, t, &a, &err) == CR_OK && a.bits)
		idx = __builtin_ctzll(a.bits);
	free(err);
	free(t);
	cache_put(&cp->cache, tok, n, h, idx >= 0, NULL, idx, idx >= 0 ? NULL : cr_xstrdup("no such choice"));
	return idx;
}

/*
 * A multiple-choice cell: ids, labels or list numbers separated by commas or
 * semicolons, as typed at the terminal; labels that contain a separator are
 * recognised whole first. Returns a problem message or NULL.
 */
static char *parse_multi(cr_intake *in, colplan *cp, const cr_question *q, const char *cell, cr_answer *out)
{
	memset(out, 0, sizeof *out);
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
	while (p < end) {
		while (p < end && (isspace((unsigned char)*p) || *p == ',' || *p == ';'))
			p++;
		if (p >= end)
			break;
		int idx = -1;
		size_t used = 0;
		for (size_t i = 0; i < cp->nlong; i++) {
			size_t ll = strlen(cp->long_labels[i]);
			if (ll <= (size_t)(end - p) && ncase_eq(p, cp->long_labels[i], ll) &&
			    (p + ll == end || p[ll] == ',' || p[ll] == ';' || isspace((unsigned char)p[ll]))) {
				idx = (int)cp->long_index[i];
				used = ll;
				break;
			}
		}
		if (idx < 0) {
			const char *t = p;
			while (t < end && *t != ',' && *t != ';')
				t++;
			size_t tl = (size_t)(t - p);
			while (tl && isspace((unsigned char)p[tl - 1]))
				tl--;
			idx = multi_token(in, cp, q, p, tl);
			if (idx < 0) {
				/* the terminal parser's own words for it */
				char *err = NULL;
				cr_answer a;
				if (cr_answer_parse(in->kb, q, cell, &a, &err) == CR_OK) {
					free(err);
					err = cr_xprintf("'%.*s' is not one of the choices", (int)(tl > 60 ? 60 : tl), p);
				}
				return err;
			}
			used = (size_t)(t - p);
		}
		out->bits |= (uint64_t)1 << idx;
		p += used;
	}
	out->state = CR_A_GIVEN;
	return NULL;
}

enum cr_status cr_intake_row(cr_intake *in, const char *const *cells, size_t n, cr_answers *as,
			     const cr_intake_problem **problems, size_t *nproblems)
{
	const cr_questionnaire *q = in->q;
	for (size_t i = 0; i < in->nproblems; i++)
		free(in->problems[i].msg);
	in->nproblems = 0;
	in->title = (cr_intake_title){0};
	/* a fresh row: free texts go through cr_answers_clear, the rest is zeroed at once */
	for (size_t i = 0; i < q->nquestions; i++)
		if (q->questions[i].type == CR_Q_TEXT)
			cr_answers_clear(as, i);
	memset(as->a, 0, q->nquestions * sizeof *as->a);
	memset(in->parts_seen, 0, q->nquestions * sizeof *in->parts_seen);
	memset(in->blank_multi, 0, q->nquestions * sizeof *in->blank_multi);
	if (n != in->ncols) {
		problem(in, -1, cr_xprintf("the row has %zu fields but the header has %zu; is a quote or a separator out of place?",
					   n, in->ncols));
		goto out;
	}
	for (size_t c = 0; c < n; c++) {
		colplan *cp = &in->cols[c];
		if (cp->pub.kind == CR_COL_IGNORED) {
			/* grouping values and the id are shown in reports and results: they must be text */
			if ((cp->pub.group >= 0 || (long)c == in->id_col) && !cr_utf8_valid(cells[c]))
				problem(in, (long)c, cr_xstrdup("not valid UTF-8 text; save the export as CSV UTF-8"));
			continue;
		}
		const cr_question *qq = &q->questions[cp->pub.qi];
		const char *cell = cells[c];
		if (cp->pub.kind == CR_COL_PART) {
			double v = 0;
			if (!blank(cell)) {
				size_t len = strlen(cell);
				uint32_t h = hash_bytes(cell, len);
				const cache_ent *e = cache_get(&cp->cache, cell, len, h);
				bool ok;
				if (e) {
					ok = e->ok;
					v = e->num;
				} else {
					ok = cr_answer_number(cell, &v); /* a part in its own cell, as in typed splits */
					cache_put(&cp->cache, cell, len, h, ok, NULL, v, NULL);
				}
				if (!ok) {
					problem(in, (long)c, cr_xprintf("'%.40s' is not a percentage from 0 to 100", cell));
					in->parts_seen[cp->pub.qi] = 0xff;
					continue;
				}
				if (in->parts_seen[cp->pub.qi] != 0xff)
					in->parts_seen[cp->pub.qi]++;
			}
			in->parts[cp->pub.qi][cp->pub.part] = v;
			continue;
		}
		if (blank(cell)) {
			in->blank_multi[cp->pub.qi] = qq->type == CR_Q_MULTI; /* decided below, once the answers it may depend on are in */
			continue;
		}
		cr_answer a;
		char *err = NULL;
		switch (qq->type) {
		case CR_Q_TEXT:
		case CR_Q_SPLIT: {
			enum cr_status st = cr_answer_parse(in->kb, qq, cell, &a, &err);
			if (st == CR_OK && qq->type == CR_Q_TEXT && !cr_utf8_valid(cell)) {
				err = cr_xstrdup("not valid UTF-8 text; save the export as CSV UTF-8");
				st = CR_EDATA;
			}
			if (st == CR_OK)
				cr_answers_set(as, cp->pub.qi, &a); /* copies the text */
			break;
		}
		case CR_Q_MULTI:
			if (!(err = parse_multi(in, cp, qq, cell, &a)))
				as->a[cp->pub.qi] = a; /* no text to own, and the row started cleared */
			break;
		case CR_Q_OCCUPATION:
			if (!(err = parse_title(in, cp, cell, &a)))
				as->a[cp->pub.qi] = a;
			break;
		default:
			if (!(err = parse_cached(in, cp, qq, cell, &a)))
				as->a[cp->pub.qi] = a;
			break;
		}
		if (err)
			problem(in, (long)c, err);
	}
	/* Splits given part by part: all blank is no answer; otherwise the terminal's checks. */
	for (size_t i = 0; i < q->nquestions; i++) {
		if (!in->has_parts[i] || !in->parts_seen[i] || in->parts_seen[i] == 0xff)
			continue;
		cr_answer a;
		char *err = NULL;
		if (cr_answer_split(&q->questions[i], in->parts[i], q->questions[i].nchoices, &a, &err) == CR_OK)
			cr_answers_set(as, i, &a);
		else
			problem(in, in->partcol[i][0], cr_xprintf("%s: %s", q->questions[i].id, err));
		free(err);
	}
	if (in->nproblems)
		goto out;
	/*
	 * A blank cell is no answer, as a question left out of an answers file is;
	 * but a blank multiple choice that applies means none ticked, which is how
	 * survey tools export it.
	 */
	for (size_t i = 0; i < q->nquestions; i++) {
		if (!in->blank_multi[i] || q->questions[i].type != CR_Q_MULTI || !cr_question_applies(in->kb, as, i))
			continue;
		cr_answer a = {.state = CR_A_GIVEN};
		cr_answers_set(as, i, &a);
	}
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		if ((qq->optional && !(in->roster && qq->type == CR_Q_OCCUPATION)) || as->a[i].state != CR_A_NONE ||
		    (in->roster && qq->type != CR_Q_OCCUPATION) || !cr_question_applies(in->kb, as, i))
			continue;
		long col = in->qcol[i] >= 0 ? in->qcol[i] : in->partcol[i][0];
		problem(in, col, cr_xprintf("no answer to the required question '%s'", qq->id));
	}
out:
	*problems = in->problems;
	*nproblems = in->nproblems;
	return in->nproblems ? CR_EDATA : CR_OK;
}
