/*
 * kb_load.c - reads the knowledge base and questionnaires (see kb.h).
 *
 * Files are parsed first; sections are then read in dependency order
 * (sources before anything that cites them, questionnaires before the rules
 * whose conditions name their questions), so every reference is checked
 * the moment it is read and reported at its own file:line:column.
 */
#include "kb.h"

#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"
#include "ydoc.h"

const char *const cr_outlook_ids[4] = {"negative", "mixed", "neutral", "positive"};
const char *const cr_task_ids[CR_TASK_COUNT] = {"routine_cognitive", "routine_manual", "analytic",
						"interpersonal", "creative", "nonroutine_manual"};
static const char *const cr_task_ids_null[CR_TASK_COUNT + 1] = {"routine_cognitive", "routine_manual", "analytic",
								  "interpersonal", "creative", "nonroutine_manual", NULL};
const char *const cr_occ_outlook_ids[3] = {"declining", "stable", "growing"};
const char *const cr_horizon_ids[3] = {"week", "quarter", "year"};
const char *const cr_effort_ids[3] = {"low", "medium", "high"};
const char *const cr_warning_ids[4] = {"none", "waiting", "hoarding", "generic"};
const char *const cr_qtype_ids[8] = {"choice", "multi", "scale", "number", "split", "occupation", "text", "tasks"};
const char *const cr_task_time_ids[4] = {"none", "a little", "a lot", "most"};
/*
 * A person says how much of the week each listed task takes in four words;
 * as shares of time they are roughly 0, 1, 3 and 6 to 1 (a little: an hour
 * or two a week; a lot: a day or so; most: half the week or more).
 */
const double cr_task_time_weight[4] = {0, 1, 3, 6};

enum section { S_SOURCES, S_INDICES, S_SKILLS, S_SECTORS, S_REGIONS, S_OCCUPATIONS, S_TASKS, S_WAGES, S_ROLES, S_RECS, S_MODEL,
	       S_RULES, S_TITLES, S_COUNT };
static const char *const section_names[S_COUNT + 1] = {
	"sources", "indices", "skills", "sectors", "regions", "occupations", "tasks", "wages", "roles", "recommendations", "model",
	"rules", "titles", NULL};

/* A median annual wage by SOC code (wages.yaml), held while roles are read; arena-owned. */
typedef struct wage {
	char code[8];
	int median;
} wage;

/* One section of one file, waiting to be read in dependency order. */
typedef struct pending {
	cr_ydoc *doc;
	struct fy_node *node;
} pending;

typedef struct loader {
	cr_kb *kb;
	cr_diags *d;
	cr_ydoc **docs;
	const char **names; /* each document's file name, arena-owned so locations outlive it */
	size_t ndocs, capdocs, capnames;
	pending *sec[S_COUNT];
	size_t nsec[S_COUNT], capsec[S_COUNT];
	uint64_t fingerprint;
	/*
	 * A file that does not parse leaves its sections' tables short: a
	 * reference into them is not checked (it would fail for the file's
	 * error, not its own), only counted, and one note says so.
	 */
	const char *broken[S_COUNT]; /* the first unparsable file that holds the section, or NULL */
	size_t unchecked[S_COUNT];   /* references into the section left unchecked */
	int partial_schema;          /* section whose short table left questions out (S_COUNT: none) */
	size_t unchecked_conditions; /* conditions not compiled because of it */
	wage *wages;                 /* wages.yaml, sorted by code (read_wages), for occupations and roles */
	size_t nwages;
	/*
	 * Files that hold only `tasks:` (knowledge/tasks/) are parsed when the
	 * tasks are read, one at a time, each freed before the next: their
	 * 8,000 task lines are most of the knowledge base's nodes, and holding
	 * them all at once cost start-up time in page faults.
	 */
	const cr_kb_file **deferred;
	size_t ndeferred, capdeferred;
} loader;

/* Whether a reference into section s goes unchecked because a file of it did not parse (and counts it). */
static bool unchecked_ref(loader *L, enum section s)
{
	if (!L->broken[s])
		return false;
	L->unchecked[s]++;
	return true;
}

/* ---- small readers -------------------------------------------------------- */

static cr_loc loc_of(loader *L, const cr_ydoc *doc, struct fy_node *n)
{
	cr_loc l = {.file = NULL};
	cr_ynode_pos(n, &l.line, &l.col);
	/* File names are interned once per document, in docs order. */
	for (size_t i = 0; i < L->ndocs; i++)
		if (L->docs[i] == doc)
			l.file = L->names[i];
	return l;
}

static const char *astr(loader *L, const char *s)
{
	return cr_arena_strdup(&L->kb->arena, s);
}

static bool valid_id(const char *s)
{
	if (!*s)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

/* Reads a sequence of words (or one word) under key into arena strings. */
static enum cr_status get_strs(loader *L, const cr_ydoc *doc, struct fy_node *map, const char *key,
			       bool required, cr_strs *out)
{
	struct fy_node *n = cr_ymap_get(map, key);
	out->v = NULL;
	out->n = 0;
	out->locs = NULL;
	if (!n) {
		if (required)
			return cr_yerr(L->d, doc, map, "missing '%s'", key);
		return CR_OK;
	}
	if (cr_ynode_str(n)) {
		out->v = cr_arena_alloc(&L->kb->arena, sizeof *out->v);
		out->v[0] = astr(L, cr_ynode_str(n));
		cr_loc *locs = cr_arena_alloc(&L->kb->arena, sizeof *locs);
		locs[0] = loc_of(L, doc, n);
		out->locs = locs;
		out->n = 1;
		return CR_OK;
	}
	if (!fy_node_is_sequence(n))
		return cr_yerr(L->d, doc, n, "'%s' must be a list of words", key);
	int count = fy_node_sequence_item_count(n);
	if (required && count == 0)
		return cr_yerr(L->d, doc, n, "'%s' must not be empty", key);
	out->v = cr_arena_alloc(&L->kb->arena, (size_t)(count ? count : 1) * sizeof *out->v);
	cr_loc *locs = cr_arena_alloc(&L->kb->arena, (size_t)(count ? count : 1) * sizeof *locs);
	out->locs = locs;
	void *it = NULL;
	struct fy_node *item;
	while ((item = fy_node_sequence_iterate(n, &it)) != NULL) {
		const char *s = cr_ynode_str(item);
		if (!s || !*s)
			return cr_yerr(L->d, doc, item, "each item of '%s' must be a word", key);
		locs[out->n] = loc_of(L, doc, item);
		out->v[out->n++] = astr(L, s);
	}
	return CR_OK;
}

/* Checks that every id in a list names a source; sources are read first. */
static enum cr_status check_sources(loader *L, const cr_ydoc *doc, struct fy_node *map,
				    const char *key, const cr_strs *ids, bool required)
{
	enum cr_status st = CR_OK;
	struct fy_node *n = cr_ymap_get(map, key);
	if (required && ids->n == 0)
		return cr_yerr(L->d, doc, n ? n : map, "every entry must cite at least one source in '%s'", key);
	for (size_t i = 0; i < ids->n; i++) {
		if (!cr_kb_source(L->kb, ids->v[i]) && !unchecked_ref(L, S_SOURCES)) {
			struct fy_node *at = n && fy_node_is_sequence(n) ? fy_node_sequence_get_by_index(n, (int)i) : n;
			st = cr_yerr(L->d, doc, at ? at : map, "unknown source '%s'", ids->v[i]);
			cr_diag_hint(L->d, "add it to the sources list (knowledge/sources.yaml) or fix the id");
		}
	}
	return st;
}

static enum cr_status get_enum(loader *L, const cr_ydoc *doc, struct fy_node *map, const char *key,
			       const char *const *ids, size_t nids, bool required, int dflt, int *out)
{
	const char *s;
	*out = dflt;
	if (cr_yget_str(doc, map, key, required, &s, L->d))
		return CR_EDATA;
	if (!s)
		return CR_OK;
	for (size_t i = 0; i < nids; i++) {
		if (strcmp(s, ids[i]) == 0) {
			*out = (int)i;
			return CR_OK;
		}
	}
	cr_sb b = {0};
	for (size_t i = 0; i < nids; i++)
		cr_sb_addf(&b, "%s%s", i ? ", " : "", ids[i]);
	enum cr_status st = cr_yerr(L->d, doc, cr_ymap_get(map, key), "'%s' must be one of: %s (found '%s')", key, b.s, s);
	cr_sb_free(&b);
	return st;
}

/* Iterates the entries of a section: a sequence of mappings. */
#define EACH_ENTRY(L, p, item)                                                                  \
	for (void *it_ = NULL; ((item) = fy_node_sequence_iterate((p)->node, &it_)) != NULL;)

static size_t section_count(loader *L, enum section s)
{
	size_t n = 0;
	for (size_t i = 0; i < L->nsec[s]; i++)
		n += (size_t)fy_node_sequence_item_count(L->sec[s][i].node);
	return n;
}

static bool entry_ok(loader *L, const cr_ydoc *doc, struct fy_node *item, const char *const *keys)
{
	if (!fy_node_is_mapping(item)) {
		cr_yerr(L->d, doc, item, "each entry must be a mapping of keys to values");
		return false;
	}
	return cr_ymap_check_keys(doc, item, keys, L->d) == CR_OK;
}

static enum cr_status get_id(loader *L, const cr_ydoc *doc, struct fy_node *item, const char **out)
{
	const char *id;
	if (cr_yget_str(doc, item, "id", true, &id, L->d))
		return CR_EDATA;
	if (!valid_id(id))
		return cr_yerr(L->d, doc, cr_ymap_get(item, "id"),
			       "id '%s' must be lower-case letters, digits and '-'", id);
	*out = astr(L, id);
	return CR_OK;
}

/* Where an earlier entry is, said briefly: "line 4" in the same file, else "file:4". */
static void dup_error(loader *L, const cr_ydoc *doc, struct fy_node *item, const char *what, const char *id,
		      const cr_loc *first)
{
	const char *here = loc_of(L, doc, item).file;
	if (here && first->file && strcmp(here, first->file) == 0)
		cr_yerr(L->d, doc, item, "duplicate %s '%s' (first at line %d)", what, id, first->line);
	else
		cr_yerr(L->d, doc, item, "duplicate %s '%s' (first at %s:%d)", what, id, first->file, first->line);
}

#define DUP_CHECK(L, doc, item, arr, n, field, what)                                             \
	do {                                                                                     \
		for (size_t j_ = 0; j_ < (n); j_++)                                              \
			if (strcmp((arr)[j_].field, (arr)[n].field) == 0) {                      \
				dup_error(L, doc, item, what, (arr)[n].field, &(arr)[j_].loc);   \
				ok = false;                                                      \
				break;                                                           \
			}                                                                        \
	} while (0)

/*
 * An entry with an error keeps its id (its other fields empty), so that each
 * reference to it does not report the same mistake again: the load fails on
 * the first report anyway.
 */
#define OR_EMPTY(s) ((s) ? astr(L, (s)) : "")

/* ---- sections ------------------------------------------------------------- */

static void read_sources(loader *L)
{
	static const char *const keys[] = {"id", "title", "publisher", "year", "url", "note", NULL};
	cr_kb *kb = L->kb;
	kb->sources = cr_arena_alloc(&kb->arena, (section_count(L, S_SOURCES) + 1) * sizeof *kb->sources);
	for (size_t f = 0; f < L->nsec[S_SOURCES]; f++) {
		pending *p = &L->sec[S_SOURCES][f];
		struct fy_node *item;
		EACH_ENTRY(L, p, item) {
			if (!entry_ok(L, p->doc, item, keys))
				continue;
			cr_source *s = &kb->sources[kb->nsources];
			memset(s, 0, sizeof *s); /* a slot an earlier, rejected entry may have half-filled */
			const char *title, *pub, *url, *note;
			double year = 0;
			if (get_id(L, p->doc, item, &s->id) != CR_OK)
				continue;
			cr_yget_str(p->doc, item, "title", true, &title, L->d);
			cr_yget_str(p->doc, item, "publisher", true, &pub, L->d);
			cr_yget_str(p->doc, item, "url", true, &url, L->d);
			cr_yget_str(p->doc, item, "note", false, &note, L->d);
			cr_yget_num(p->doc, item, "year", true, 1900, 2100, &year, NULL, L->d);
			if (url && !cr_str_has_prefix(url, "https://") && !cr_str_has_prefix(url, "http://"))
				cr_yerr(L->d, p->doc, cr_ymap_get(item, "url"), "url must start with https:// or http://");
			s->title = OR_EMPTY(title);
			s->publisher = OR_EMPTY(pub);
			s->url = OR_EMPTY(url);
			s->note = note ? astr(L, note) : NULL;
			s->year = (int)year;
			s->loc = loc_of(L, p->doc, item);
			bool ok = true;
			DUP_CHECK(L, p->doc, item, kb->sources, kb->nsources, id, "source");
			if (ok)
				kb->nsources++;
		}
	}
}

/* Published indices (sources.yaml `indices:`): read after sources, which they cite. */
static void read_indices(loader *L)
{
	static const char *const keys[] = {"id", "who", "measures", "scale", "source", NULL};
	cr_kb *kb = L->kb;
	kb->indices = cr_arena_alloc(&kb->arena, (section_count(L, S_INDICES) + 1) * sizeof *kb->indices);
	for (size_t f = 0; f < L->nsec[S_INDICES]; f++) {
		pending *p = &L->sec[S_INDICES][f];
		struct fy_node *item;
		EACH_ENTRY(L, p, item) {
			if (!entry_ok(L, p->doc, item, keys))
				continue;
			cr_index *x = &kb->indices[kb->nindices];
			memset(x, 0, sizeof *x); /* a slot an earlier, rejected entry may have half-filled */
			const char *who, *measures, *scale, *source;
			if (get_id(L, p->doc, item, &x->id) != CR_OK)
				continue;
			bool ok = !cr_yget_str(p->doc, item, "who", true, &who, L->d);
			ok &= !cr_yget_str(p->doc, item, "measures", true, &measures, L->d);
			ok &= !cr_yget_str(p->doc, item, "scale", true, &scale, L->d);
			ok &= !cr_yget_str(p->doc, item, "source", true, &source, L->d);
			if (ok && !cr_kb_source(kb, source) && !unchecked_ref(L, S_SOURCES)) {
				cr_yerr(L->d, p->doc, cr_ymap_get(item, "source"), "unknown source '%s'", source);
				ok = false;
			}
			x->who = OR_EMPTY(ok ? who : NULL);
			x->measures = OR_EMPTY(ok ? measures : NULL);
			x->scale = OR_EMPTY(ok ? scale : NULL);
			x->source = OR_EMPTY(ok ? source : NULL);
			x->loc = loc_of(L, p->doc, item);
			DUP_CHECK(L, p->doc, item, kb->indices, kb->nindices, id, "index");
			/* a rejected entry keeps its id too, so exposures citing it are not reported again */
			kb->nindices++;
		}
	}
}

static void read_skills(loader *L)
{
	static const char *const keys[] = {"id", "title", "description", NULL};
	cr_kb *kb = L->kb;
	kb->skills = cr_arena_alloc(&kb->arena, (section_count(L, S_SKILLS) + 1) * sizeof *kb->skills);
	for (size_t f = 0; f < L->nsec[S_SKILLS]; f++) {
		pending *p = &L->sec[S_SKILLS][f];
		struct fy_node *item;
		EACH_ENTRY(L, p, item) {
			if (!entry_ok(L, p->doc, item, keys))
				continue;
			cr_skill *s = &kb->skills[kb->nskills];
			memset(s, 0, sizeof *s); /* a slot an earlier, rejected entry may have half-filled */
			const char *title, *desc;
			if (get_id(L, p->doc, item, &s->id) != CR_OK)
				continue;
			cr_yget_str(p->doc, item, "title", true, &title, L->d);
			cr_yget_str(p->doc, item, "description", false, &desc, L->d);
			bool ok = true;
			s->title = OR_EMPTY(title);
			s->description = desc ? astr(L, desc) : NULL;
			s->loc = loc_of(L, p->doc, item);
			DUP_CHECK(L, p->doc, item, kb->skills, kb->nskills, id, "skill");
			if (ok)
				kb->nskills++;
		}
	}
}

static void read_sectors(loader *L)
{
	static const char *const keys[] = {"id", "title", "naics", "outlook", "summary", "figures", "sources", NULL};
	static const char *const fkeys[] = {"text", "sources", NULL};
	cr_kb *kb = L->kb;
	kb->sectors = cr_arena_alloc(&kb->arena, (section_count(L, S_SECTORS) + 1) * sizeof *kb->sectors);
	for (size_t f = 0; f < L->nsec[S_SECTORS]; f++) {
		pending *p = &L->sec[S_SECTORS][f];
		struct fy_node *item;
		EACH_ENTRY(L, p, item) {
			if (!entry_ok(L, p->doc, item, keys))
				continue;
			cr_sector *s = &kb->sectors[kb->nsectors];
			memset(s, 0, sizeof *s); /* a slot an earlier, rejected entry may have half-filled */
			const char *title, *summary;
			int outlook;
			if (get_id(L, p->doc, item, &s->id) != CR_OK)
				continue;
			cr_yget_str(p->doc, item, "title", true, &title, L->d);
			cr_yget_str(p->doc, item, "summary", true, &summary, L->d);
			get_enum(L, p->doc, item, "outlook", cr_outlook_ids, 4, true, 0, &outlook);
			get_strs(L, p->doc, item, "naics", false, &s->naics);
			if (get_strs(L, p->doc, item, "sources", true, &s->sources) == CR_OK)
				check_sources(L, p->doc, item, "sources", &s->sources, true);
			struct fy_node *figs = cr_ymap_get(item, "figures");
			if (figs && !fy_node_is_sequence(figs)) {
				cr_yerr(L->d, p->doc, figs, "'figures' must be a list");
			} else if (figs) {
				int nf = fy_node_sequence_item_count(figs);
				s->figures = cr_arena_alloc(&kb->arena, (size_t)(nf + 1) * sizeof *s->figures);
				void *it = NULL;
				struct fy_node *fig;
				while ((fig = fy_node_sequence_iterate(figs, &it)) != NULL) {
					if (!entry_ok(L, p->doc, fig, fkeys))
						continue;
					cr_figure *g = &s->figures[s->nfigures];
					const char *text;
					if (cr_yget_str(p->doc, fig, "text", true, &text, L->d) ||
					    get_strs(L, p->doc, fig, "sources", true, &g->sources) ||
					    check_sources(L, p->doc, fig, "sources", &g->sources, true))
						continue;
					g->text = astr(L, text);
					s->nfigures++;
				}
			}
			bool ok = true;
			s->title = OR_EMPTY(title);
			s->summary = OR_EMPTY(summary);
			s->outlook = (enum cr_outlook)outlook;
			s->loc = loc_of(L, p->doc, item);
			DUP_CHECK(L, p->doc, item, kb->sectors, kb->nsectors, id, "sector");
			if (ok)
				kb->nsectors++;
		}
	}
}

static void read_regions(loader *L)
{
	static const char *const keys[] = {"id", "title", "parent", "displaced", "created", "outlook", "summary", "sources", NULL};
	cr_kb *kb = L->kb;
	kb->regions = cr_arena_alloc(&kb->arena, (section_count(L, S_REGIONS) + 1) * sizeof *kb->regions);
	for (size_t f = 0; f < L->nsec[S_REGIONS]; f++) {
		pending *p = &L->sec[S_REGIONS][f];
		struct fy_node *item;
		EACH_ENTRY(L, p, item) {
			if (!entry_ok(L, p->doc, item, keys))
				continue;
			cr_region *r = &kb->regions[kb->nregions];
			memset(r, 0, sizeof *r); /* a slot an earlier, rejected entry may have half-filled */
			const char *title, *summary, *parent;
			int outlook;
			bool has_d = false, has_c = false;
			r->displaced = r->created = -1;
			if (get_id(L, p->doc, item, &r->id) != CR_OK)
				continue;
			bool ok = cr_yget_str(p->doc, item, "title", true, &title, L->d) == CR_OK;
			ok &= cr_yget_str(p->doc, item, "summary", true, &summary, L->d) == CR_OK;
			ok &= cr_yget_str(p->doc, item, "parent", false, &parent, L->d) == CR_OK;
			ok &= get_enum(L, p->doc, item, "outlook", cr_outlook_ids, 4, true, 0, &outlook) == CR_OK;
			ok &= cr_yget_num(p->doc, item, "displaced", false, 0, 1e10, &r->displaced, &has_d, L->d) == CR_OK;
			ok &= cr_yget_num(p->doc, item, "created", false, 0, 1e10, &r->created, &has_c, L->d) == CR_OK;
			ok &= get_strs(L, p->doc, item, "sources", true, &r->sources) == CR_OK;
			ok = ok && check_sources(L, p->doc, item, "sources", &r->sources, true) == CR_OK;
			if (ok && has_d != has_c)
				cr_yerr(L->d, p->doc, item, "give both 'displaced' and 'created', or neither");
			ok = true;
			r->title = OR_EMPTY(title);
			r->summary = OR_EMPTY(summary);
			r->parent = parent ? astr(L, parent) : NULL;
			r->outlook = (enum cr_outlook)outlook;
			r->loc = loc_of(L, p->doc, item);
			DUP_CHECK(L, p->doc, item, kb->regions, kb->nregions, id, "region");
			if (ok)
				kb->nregions++;
		}
	}
	for (size_t i = 0; i < kb->nregions; i++) {
		const cr_region *r = &kb->regions[i];
		if (r->parent && !cr_kb_region(kb, r->parent) && !unchecked_ref(L, S_REGIONS))
			cr_diag_add(L->d, CR_EDATA, r->loc.file, r->loc.line, r->loc.col,
				    "region '%s' names unknown parent '%s'", r->id, r->parent);
	}
}

static bool valid_soc(const char *s)
{
	/* "NN-NNNN" */
	if (strlen(s) != 7 || s[2] != '-')
		return false;
	for (int i = 0; i < 7; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

static int occ_cmp(const void *a, const void *b)
{
	return strcmp(((const cr_occupation *)a)->code, ((const cr_occupation *)b)->code);
}

static void read_occupations(loader *L)
{
	static const char *const keys[] = {"code", "title", "aliases", "sector", "tasks", "ai_use", "specialization",
					   "outlook", "onet", "exposure", "sources", NULL};
	static const char *const onet_keys[] = {"repeat", "automation", "exact", "structured", NULL};
	static const char *const exp_keys[] = {"index", "value", "source", NULL};
	cr_kb *kb = L->kb;
	kb->occupations = cr_arena_alloc(&kb->arena, (section_count(L, S_OCCUPATIONS) + 1) * sizeof *kb->occupations);
	for (size_t f = 0; f < L->nsec[S_OCCUPATIONS]; f++) {
		pending *p = &L->sec[S_OCCUPATIONS][f];
		struct fy_node *item;
		EACH_ENTRY(L, p, item) {
			if (!entry_ok(L, p->doc, item, keys))
				continue;
			cr_occupation *o = &kb->occupations[kb->noccupations];
			memset(o, 0, sizeof *o); /* a slot an earlier, rejected entry may have half-filled */
			const char *code, *title, *sector;
			int outlook;
			bool ok = cr_yget_str(p->doc, item, "code", true, &code, L->d) == CR_OK;
			if (ok && !valid_soc(code)) {
				cr_yerr(L->d, p->doc, cr_ymap_get(item, "code"), "'%s' is not a SOC 2018 code (NN-NNNN)", code);
				ok = false;
			}
			ok &= cr_yget_str(p->doc, item, "title", true, &title, L->d) == CR_OK;
			ok &= cr_yget_str(p->doc, item, "sector", true, &sector, L->d) == CR_OK;
			if (ok && !cr_kb_sector(kb, sector)) {
				if (!unchecked_ref(L, S_SECTORS))
					cr_yerr(L->d, p->doc, cr_ymap_get(item, "sector"), "unknown sector '%s'", sector);
				ok = false;
			}
			ok &= get_strs(L, p->doc, item, "aliases", false, &o->aliases) == CR_OK;
			ok &= cr_yget_num(p->doc, item, "ai_use", true, 0, 100, &o->ai_use, NULL, L->d) == CR_OK;
			ok &= cr_yget_num(p->doc, item, "specialization", true, 0, 100, &o->specialization, NULL, L->d) == CR_OK;
			ok &= get_enum(L, p->doc, item, "outlook", cr_occ_outlook_ids, 3, true, 0, &outlook) == CR_OK;
			ok &= get_strs(L, p->doc, item, "sources", true, &o->sources) == CR_OK;
			ok = ok && check_sources(L, p->doc, item, "sources", &o->sources, true) == CR_OK;
			struct fy_node *tasks = cr_ymap_get(item, "tasks");
			if (!tasks || !fy_node_is_mapping(tasks)) {
				cr_yerr(L->d, p->doc, tasks ? tasks : item, "'tasks' must map each task kind to a percentage");
				ok = false;
			} else {
				static const char *const task_keys[CR_TASK_COUNT + 1] = {
					"routine_cognitive", "routine_manual", "analytic", "interpersonal", "creative",
					"nonroutine_manual", NULL};
				ok &= cr_ymap_check_keys(p->doc, tasks, task_keys, L->d) == CR_OK;
				double sum = 0;
				for (int t = 0; t < CR_TASK_COUNT; t++) {
					ok &= cr_yget_num(p->doc, tasks, cr_task_ids[t], true, 0, 100, &o->tasks[t], NULL, L->d) == CR_OK;
					sum += o->tasks[t];
				}
				if (ok && (sum < 99.5 || sum > 100.5)) {
					cr_yerr(L->d, p->doc, tasks, "task shares of %s sum to %g, not 100", code, sum);
					ok = false;
				}
			}
			struct fy_node *onet = cr_ymap_get(item, "onet");
			if (onet) {
				if (!fy_node_is_mapping(onet) || cr_ymap_check_keys(p->doc, onet, onet_keys, L->d)) {
					cr_yerr(L->d, p->doc, onet, "'onet' must map repeat, automation, exact, structured to 0-1");
					ok = false;
				} else {
					ok &= cr_yget_num(p->doc, onet, "repeat", true, 0, 1, &o->onet_repeat, NULL, L->d) == CR_OK;
					ok &= cr_yget_num(p->doc, onet, "automation", true, 0, 1, &o->onet_automation, NULL, L->d) == CR_OK;
					ok &= cr_yget_num(p->doc, onet, "exact", true, 0, 1, &o->onet_exact, NULL, L->d) == CR_OK;
					ok &= cr_yget_num(p->doc, onet, "structured", true, 0, 1, &o->onet_structured, NULL, L->d) == CR_OK;
					o->has_onet = true;
				}
			}
			struct fy_node *exp = cr_ymap_get(item, "exposure");
			if (exp && !fy_node_is_sequence(exp)) {
				cr_yerr(L->d, p->doc, exp, "'exposure' must be a list");
				ok = false;
			} else if (exp) {
				int ne = fy_node_sequence_item_count(exp);
				o->exposures = cr_arena_alloc(&kb->arena, (size_t)(ne + 1) * sizeof *o->exposures);
				void *it = NULL;
				struct fy_node *e;
				while ((e = fy_node_sequence_iterate(exp, &it)) != NULL) {
					const char *index, *source;
					cr_exposure *x = &o->exposures[o->nexposures];
					if (!entry_ok(L, p->doc, e, exp_keys) ||
					    cr_yget_str(p->doc, e, "index", true, &index, L->d) ||
					    cr_yget_str(p->doc, e, "source", true, &source, L->d) ||
					    cr_yget_num(p->doc, e, "value", true, 0, 1, &x->value, NULL, L->d)) {
						ok = false;
						continue;
					}
					if (!cr_kb_source(kb, source)) {
						if (!unchecked_ref(L, S_SOURCES))
							cr_yerr(L->d, p->doc, cr_ymap_get(e, "source"), "unknown source '%s'", source);
						ok = false;
						continue;
					}
					/* the index must be declared, so the program can say whose it is */
					if (!cr_kb_index(kb, index)) {
						if (!unchecked_ref(L, S_INDICES)) {
							cr_yerr(L->d, p->doc, cr_ymap_get(e, "index"), "unknown index '%s'", index);
							cr_diag_hint(L->d, "declare it under indices: in knowledge/sources.yaml");
						}
						ok = false;
						continue;
					}
					x->index = astr(L, index);
					x->source = astr(L, source);
					o->nexposures++;
				}
			}
			if (!ok)
				continue;
			o->code = astr(L, code);
			o->title = astr(L, title);
			o->sector = astr(L, sector);
			o->outlook = (enum cr_occ_outlook)outlook;
			o->loc = loc_of(L, p->doc, item);
			DUP_CHECK(L, p->doc, item, kb->occupations, kb->noccupations, code, "occupation");
			if (ok)
				kb->noccupations++;
		}
	}
	qsort(kb->occupations, kb->noccupations, sizeof *kb->occupations, occ_cmp);
}


static int task_id_cmp(const void *a, const void *b)
{
	long x = **(const long *const *)a, y = **(const long *const *)b;
	return x < y ? -1 : x > y;
}

/*
 * The task-level knowledge (knowledge/tasks/, see knowledge/src/gen_tasks.py):
 * per occupation, its main tasks and the figures over all its tasks. Read
 * after the occupations, which it attaches to; every occupation must have an
 * entry, and every task id must be unique across the knowledge base.
 */
static cr_ydoc *load_doc(loader *L, const cr_kb_file *f);
static void mark_broken(loader *L, const cr_kb_file *f);
static void split_sections(loader *L, cr_ydoc *doc);

/*
 * One main task as knowledge/tasks/ writes it: "ID EXPOSURE AUTOMATION KIND: STATEMENT"
 * ("9328 E1 T3 creative: Translate messages ..."). One scalar a task, not a mapping:
 * libfyaml builds a tenth of the nodes, which keeps start-up fast. *text points into s.
 */
static bool parse_task_line(const char *s, long *id, int *e, int *a, int *kind, const char **text, char **err)
{
	static const char *const form = "write each task as \"ID EXPOSURE AUTOMATION KIND: statement\", "
					"e.g. \"9328 E1 T3 creative: Translate messages\"";
	if (!s) {
		*err = cr_xstrdup(form);
		return false;
	}
	char *end;
	errno = 0;
	*id = strtol(s, &end, 10);
	if (end == s || *end != ' ' || *id <= 0 || errno) {
		*err = cr_xprintf("a task starts with its O*NET task id, a positive whole number; %s", form);
		return false;
	}
	const char *p = end + 1;
	if (p[0] != 'E' || p[1] < '0' || p[1] > '2' || p[2] != ' ') {
		*err = cr_xprintf("task %ld: the exposure must be E0, E1 or E2 (found '%.2s')", *id, p);
		return false;
	}
	*e = p[1] - '0';
	p += 3;
	if (p[0] != 'T' || p[1] < '0' || p[1] > '4' || p[2] != ' ') {
		*err = cr_xprintf("task %ld: the automation level must be T0 to T4 (found '%.2s')", *id, p);
		return false;
	}
	*a = p[1] - '0';
	p += 3;
	const char *colon = strchr(p, ':');
	*kind = -1;
	for (int k = 0; colon && k < CR_TASK_COUNT; k++)
		if ((size_t)(colon - p) == strlen(cr_task_ids[k]) && strncmp(p, cr_task_ids[k], (size_t)(colon - p)) == 0)
			*kind = k;
	if (*kind < 0) {
		cr_sb b = {0};
		for (int k = 0; k < CR_TASK_COUNT; k++)
			cr_sb_addf(&b, "%s%s", k ? ", " : "", cr_task_ids[k]);
		*err = cr_xprintf("task %ld: the kind, then ':', must be one of %s", *id, b.s);
		cr_sb_free(&b);
		return false;
	}
	*text = colon + 1;
	while (**text == ' ')
		(*text)++;
	if (!**text) {
		*err = cr_xprintf("task %ld has no statement after the ':'", *id);
		return false;
	}
	return true;
}

static void read_tasks(loader *L)
{
	static const char *const keys[] = {"occupation", "onet", "borrowed", "all", "observed", "sources", "main", NULL};
	static const char *const all_keys[] = {"count", "exposure", "automation", "kinds", NULL};
	static const char *const obs_keys[] = {"coverage", "ai_use", NULL};
	cr_kb *kb = L->kb;
	const long **ids = NULL; /* every task id read, to find duplicates */
	const cr_loc **id_locs = NULL;
	size_t nids = 0, capids = 0, caplocs = 0;
	bool *seen = cr_xcalloc(kb->noccupations + 1, sizeof *seen);
	for (size_t i = 0; i < kb->noccupations; i++) {
		cr_occupation *o = &kb->occupations[i];
		o->ai_use_curated = o->ai_use;
		o->observed_coverage = -1;
		for (int t = 0; t < CR_TASK_COUNT; t++)
			o->kind_exposure[t] = -1;
	}
	size_t next_deferred = 0;
	cr_ydoc *deferred_doc = NULL; /* the task-only file being read, freed once read */
	for (size_t f = 0;; f++) {
		if (deferred_doc) {
			for (size_t i = 0; i < L->ndocs; i++)
				if (L->docs[i] == deferred_doc)
					L->docs[i] = NULL; /* its name stays in L->names for the locations */
			cr_ydoc_free(deferred_doc);
			deferred_doc = NULL;
		}
		while (f == L->nsec[S_TASKS] && next_deferred < L->ndeferred) {
			const cr_kb_file *file = L->deferred[next_deferred++];
			size_t before = L->d->n;
			cr_ydoc *doc = load_doc(L, file);
			if (!doc) {
				if (L->d->n > before)
					mark_broken(L, file);
				continue;
			}
			split_sections(L, doc);
			deferred_doc = doc;
		}
		if (f >= L->nsec[S_TASKS])
			break;
		pending *p = &L->sec[S_TASKS][f];
		struct fy_node *item;
		EACH_ENTRY(L, p, item) {
			if (!entry_ok(L, p->doc, item, keys))
				continue;
			const char *code;
			if (cr_yget_str(p->doc, item, "occupation", true, &code, L->d))
				continue;
			cr_occupation *o = (cr_occupation *)cr_kb_occupation(kb, code);
			if (!o) {
				/*
				 * Unchecked when the occupations' own file, or a section they cite
				 * (sectors, sources), did not parse: the occupation may be one
				 * left out for that error, and saying so again per task entry
				 * would bury it.
				 */
				if (!unchecked_ref(L, S_OCCUPATIONS) && !L->broken[S_SECTORS] && !L->broken[S_SOURCES])
					cr_yerr(L->d, p->doc, cr_ymap_get(item, "occupation"), "unknown occupation '%s'", code);
				continue;
			}
			size_t oi = (size_t)(o - kb->occupations);
			if (seen[oi]) {
				cr_yerr(L->d, p->doc, item, "duplicate task entry for occupation '%s' (first at %s:%d)", code,
					o->tasks_loc.file, o->tasks_loc.line);
				continue;
			}
			seen[oi] = true;
			o->tasks_loc = loc_of(L, p->doc, item);
			cr_strs srcs = {0};
			bool ok = get_strs(L, p->doc, item, "sources", true, &srcs) == CR_OK;
			ok = ok && check_sources(L, p->doc, item, "sources", &srcs, true) == CR_OK;
			struct fy_node *all = cr_ymap_get(item, "all");
			if (!all || !fy_node_is_mapping(all) || cr_ymap_check_keys(p->doc, all, all_keys, L->d)) {
				cr_yerr(L->d, p->doc, all ? all : item, "'all' must map count, exposure, automation and kinds");
				continue;
			}
			double cnt, ex, au;
			ok &= cr_yget_num(p->doc, all, "count", true, 1, 100000, &cnt, NULL, L->d) == CR_OK;
			ok &= cr_yget_num(p->doc, all, "exposure", true, 0, 100, &ex, NULL, L->d) == CR_OK;
			ok &= cr_yget_num(p->doc, all, "automation", true, 0, 100, &au, NULL, L->d) == CR_OK;
			struct fy_node *kinds = cr_ymap_get(all, "kinds");
			if (kinds && fy_node_is_mapping(kinds) && cr_ymap_check_keys(p->doc, kinds, cr_task_ids_null, L->d) == CR_OK) {
				for (int t = 0; t < CR_TASK_COUNT; t++)
					ok &= cr_yget_num(p->doc, kinds, cr_task_ids[t], false, 0, 100, &o->kind_exposure[t], NULL, L->d) == CR_OK;
			} else {
				cr_yerr(L->d, p->doc, kinds ? kinds : all, "'kinds' must map task kinds to their exposure, 0-100");
				ok = false;
			}
			struct fy_node *obs = cr_ymap_get(item, "observed");
			if (obs) {
				double cov, use;
				if (!fy_node_is_mapping(obs) || cr_ymap_check_keys(p->doc, obs, obs_keys, L->d) ||
				    cr_yget_num(p->doc, obs, "coverage", true, 0, 1, &cov, NULL, L->d) ||
				    cr_yget_num(p->doc, obs, "ai_use", true, 0, 100, &use, NULL, L->d)) {
					cr_yerr(L->d, p->doc, obs, "'observed' must map coverage (0-1) and ai_use (0-100)");
					ok = false;
				} else {
					o->observed_coverage = cov;
					o->ai_use = use; /* observed use replaces the curated judgement (gen_tasks.py) */
				}
			}
			struct fy_node *main = cr_ymap_get(item, "main");
			if (!main || !fy_node_is_sequence(main) || fy_node_sequence_item_count(main) == 0) {
				cr_yerr(L->d, p->doc, main ? main : item, "'main' must list the occupation's main tasks");
				continue;
			}
			int nm = fy_node_sequence_item_count(main);
			if (nm > CR_MAX_OCC_TASKS) {
				cr_yerr(L->d, p->doc, main, "more than %d main tasks", CR_MAX_OCC_TASKS);
				continue;
			}
			cr_occ_task *ts = cr_arena_alloc(&kb->arena, (size_t)nm * sizeof *ts);
			size_t nt = 0;
			void *it = NULL;
			struct fy_node *tn;
			while ((tn = fy_node_sequence_iterate(main, &it)) != NULL) {
				cr_occ_task *t = &ts[nt];
				char *terr = NULL;
				long id;
				int kind, e, a;
				const char *text;
				if (!parse_task_line(cr_ynode_str(tn), &id, &e, &a, &kind, &text, &terr)) {
					cr_yerr(L->d, p->doc, tn, "%s", terr);
					free(terr);
					ok = false;
					continue;
				}
				bool dup = false;
				for (size_t k = 0; k < nt; k++)
					if (ts[k].id == id) {
						cr_yerr(L->d, p->doc, tn, "task id %ld listed twice for occupation '%s' (first at line %d)", id,
							code, ts[k].loc.line);
						dup = true;
					}
				if (dup) {
					ok = false;
					continue;
				}
				t->id = id;
				t->text = astr(L, text);
				t->kind = (enum cr_task)kind;
				t->exposure = e;
				t->automation = a;
				t->loc = loc_of(L, p->doc, tn);
				cr_xgrow((void **)&ids, &capids, nids, sizeof *ids);
				cr_xgrow((void **)&id_locs, &caplocs, nids, sizeof *id_locs);
				ids[nids] = &t->id;
				id_locs[nids++] = &t->loc;
				nt++;
			}
			if (!ok)
				continue;
			o->otasks = ts;
			o->notasks = nt;
			o->task_sources = srcs;
			o->ntasks_all = (int)cnt;
			o->exposure = ex;
			o->automation = au;
		}
	}
	/* Duplicate task ids: sorted, so neighbours share an id (the pointers say where each was). */
	if (nids > 1) {
		const long **sorted = cr_xcalloc(nids, sizeof *sorted);
		memcpy(sorted, ids, nids * sizeof *sorted);
		qsort(sorted, nids, sizeof *sorted, task_id_cmp);
		/* kept for cr_kb_task(): the tasks themselves, in id order */
		kb->tasks_by_id = cr_arena_alloc(&kb->arena, nids * sizeof *kb->tasks_by_id);
		for (size_t i = 0; i < nids; i++)
			kb->tasks_by_id[i] = (const cr_occ_task *)((const char *)sorted[i] - offsetof(cr_occ_task, id));
		kb->ntasks_by_id = nids;
		for (size_t i = 1; i < nids; i++)
			if (*sorted[i] == *sorted[i - 1]) {
				const cr_occ_task *a = (const cr_occ_task *)((const char *)sorted[i - 1] - offsetof(cr_occ_task, id));
				const cr_occ_task *b = (const cr_occ_task *)((const char *)sorted[i] - offsetof(cr_occ_task, id));
				/*
				 * An occupation that borrows its group's tasks (an "All Other" code)
				 * lists the same O*NET task as its sibling: one id may appear twice
				 * only as the same statement with the same labels (a repeat within
				 * one occupation is caught as it is read).
				 */
				if (strcmp(a->text, b->text) == 0 && a->kind == b->kind && a->exposure == b->exposure &&
				    a->automation == b->automation)
					continue;
				const cr_occ_task *later = a->loc.line > b->loc.line ? a : b;
				const cr_occ_task *first = later == a ? b : a;
				cr_diag_add(L->d, CR_EDATA, later->loc.file, later->loc.line, later->loc.col,
					    "duplicate task id %ld (first at %s:%d)", later->id, first->loc.file, first->loc.line);
			}
		free(sorted);
	}
	/* Every occupation needs its tasks (the exposure dimension reads them); only when the section exists at all. */
	if (L->nsec[S_TASKS] && !L->broken[S_TASKS])
		for (size_t i = 0; i < kb->noccupations; i++)
			if (!seen[i]) {
				const cr_occupation *o = &kb->occupations[i];
				cr_diag_add(L->d, CR_EDATA, o->loc.file, o->loc.line, o->loc.col,
					    "occupation '%s' has no task entry in knowledge/tasks/", o->code);
				cr_diag_hint(L->d, "regenerate with python3 knowledge/src/gen_tasks.py");
			}
	/* The catalogue's mean exposure of each task kind: what a split is weighed by when no occupation is known. */
	for (int t = 0; t < CR_TASK_COUNT; t++) {
		double sum = 0;
		size_t n = 0;
		for (size_t i = 0; i < kb->noccupations; i++)
			if (kb->occupations[i].kind_exposure[t] >= 0) {
				sum += kb->occupations[i].kind_exposure[t];
				n++;
			}
		kb->kind_exposure[t] = n ? sum / (double)n : 0;
	}
	free(seen);
	free(ids);
	free(id_locs);
}

static int wage_cmp(const void *a, const void *b)
{
	return strcmp(((const wage *)a)->code, ((const wage *)b)->code);
}

/* The median wage of a SOC code, or -1 when wages.yaml has none. */
static int wage_of(const loader *L, const char *code)
{
	wage key = {{0}, 0};
	snprintf(key.code, sizeof key.code, "%s", code);
	const wage *w = L->nwages ? bsearch(&key, L->wages, L->nwages, sizeof *L->wages, wage_cmp) : NULL;
	return w ? w->median : -1;
}

/*
 * wages.yaml (knowledge/src/gen_wages.py): "CODE MEDIAN" scalars, one a code. Each
 * occupation takes its code's median here; each role its `soc:` code's in read_roles.
 */
static void read_wages(loader *L)
{
	cr_kb *kb = L->kb;
	L->wages = cr_arena_alloc(&kb->arena, (section_count(L, S_WAGES) + 1) * sizeof *L->wages);
	for (size_t f = 0; f < L->nsec[S_WAGES]; f++) {
		pending *p = &L->sec[S_WAGES][f];
		struct fy_node *item;
		EACH_ENTRY(L, p, item) {
			const char *t = cr_ynode_str(item);
			char code[16];
			int median, used = 0;
			if (!t || sscanf(t, "%15s %d%n", code, &median, &used) != 2 || t[used] || !valid_soc(code) ||
			    median < 1000 || median > 1000000) {
				cr_yerr(L->d, p->doc, item, "a wage is \"CODE MEDIAN\" (\"13-2011 81680\": a SOC code and US dollars a year)");
				continue;
			}
			wage *w = &L->wages[L->nwages];
			memcpy(w->code, code, 8);
			w->median = median;
			L->nwages++;
		}
	}
	qsort(L->wages, L->nwages, sizeof *L->wages, wage_cmp);
	for (size_t i = 1; i < L->nwages; i++)
		if (!strcmp(L->wages[i].code, L->wages[i - 1].code))
			cr_diag_add(L->d, CR_EDATA, L->nsec[S_WAGES] ? L->sec[S_WAGES][0].doc->file : NULL, 0, 0,
				    "the wage of %s is given twice", L->wages[i].code);
	for (size_t i = 0; i < kb->noccupations; i++)
		kb->occupations[i].median_wage = wage_of(L, kb->occupations[i].code);
}

static void read_roles(loader *L)
{
	static const char *const keys[] = {"id", "title", "soc", "summary", "skills", "from", "months", "growth", "sources", NULL};
	cr_kb *kb = L->kb;
	kb->roles = cr_arena_alloc(&kb->arena, (section_count(L, S_ROLES) + 1) * sizeof *kb->roles);
	for (size_t f = 0; f < L->nsec[S_ROLES]; f++) {
		pending *p = &L->sec[S_ROLES][f];
		struct fy_node *item;
		EACH_ENTRY(L, p, item) {
			if (!entry_ok(L, p->doc, item, keys))
				continue;
			cr_role *r = &kb->roles[kb->nroles];
			memset(r, 0, sizeof *r); /* a slot an earlier, rejected entry may have half-filled */
			const char *title, *summary, *growth, *soc;
			bool ok = get_id(L, p->doc, item, &r->id) == CR_OK;
			ok &= cr_yget_str(p->doc, item, "soc", false, &soc, L->d) == CR_OK;
			if (ok && soc && !valid_soc(soc)) {
				cr_yerr(L->d, p->doc, cr_ymap_get(item, "soc"), "'%s' is not a SOC 2018 detailed code like \"15-2051\"", soc);
				cr_diag_hint(L->d, "give the code of the occupation whose pay the role is reported under, or leave soc out");
				ok = false;
			}
			ok &= cr_yget_str(p->doc, item, "title", true, &title, L->d) == CR_OK;
			ok &= cr_yget_str(p->doc, item, "summary", true, &summary, L->d) == CR_OK;
			ok &= cr_yget_str(p->doc, item, "growth", false, &growth, L->d) == CR_OK;
			ok &= get_strs(L, p->doc, item, "skills", true, &r->skills) == CR_OK;
			ok &= get_strs(L, p->doc, item, "from", true, &r->from) == CR_OK;
			ok &= get_strs(L, p->doc, item, "sources", true, &r->sources) == CR_OK;
			ok = ok && check_sources(L, p->doc, item, "sources", &r->sources, true) == CR_OK;
			for (size_t i = 0; ok && i < r->skills.n; i++)
				if (!cr_kb_skill(kb, r->skills.v[i])) {
					if (!unchecked_ref(L, S_SKILLS))
						cr_yerr(L->d, p->doc, cr_ymap_get(item, "skills"), "unknown skill '%s'", r->skills.v[i]);
					ok = false;
				}
			for (size_t i = 0; ok && i < r->from.n; i++) {
				const char *c = r->from.v[i];
				size_t n = strlen(c);
				bool prefix = n >= 3 && n < 7 && c[n - 1] != '\0';
				if (!valid_soc(c) && !(prefix && c[0] >= '0' && c[0] <= '9' && c[1] >= '0' && c[1] <= '9' && c[2] == '-')) {
					cr_yerr(L->d, p->doc, cr_ymap_get(item, "from"), "'%s' is neither a SOC code nor a prefix like \"43-\"", c);
					ok = false;
				}
			}
			struct fy_node *m = cr_ymap_get(item, "months");
			double lo, hi;
			if (!m || !fy_node_is_sequence(m) || fy_node_sequence_item_count(m) != 2 ||
			    !cr_ynode_num(fy_node_sequence_get_by_index(m, 0), &lo) ||
			    !cr_ynode_num(fy_node_sequence_get_by_index(m, 1), &hi) || lo < 0 || hi < lo || hi > 120) {
				cr_yerr(L->d, p->doc, m ? m : item, "'months' must be [low, high], 0 to 120 months");
				ok = false;
			}
			if (!ok)
				continue;
			r->months_lo = (int)lo;
			r->months_hi = (int)hi;
			r->title = astr(L, title);
			r->summary = astr(L, summary);
			r->growth = growth ? astr(L, growth) : NULL;
			r->soc = soc ? astr(L, soc) : NULL;
			r->median_wage = soc ? wage_of(L, soc) : -1;
			r->loc = loc_of(L, p->doc, item);
			DUP_CHECK(L, p->doc, item, kb->roles, kb->nroles, id, "role");
			if (ok)
				kb->nroles++;
		}
	}
}

/*
 * How people write job titles (knowledge/titles.yaml): each entry is one of
 * `abbreviation:` (with `means:`), `level:`, `qualifier:` or `alias:` (with
 * `code:`), and cites its sources. Read after the occupations, which aliases
 * name; then every title and alias is normalised once for the matcher.
 */
static void read_titles(loader *L)
{
	static const char *const keys[] = {"abbreviation", "means", "at_end", "level", "qualifier", "alias", "code", "note", "sources", NULL};
	static const char *const kinds[] = {"abbreviation", "level", "qualifier", "alias"};
	cr_kb *kb = L->kb;
	kb->title_rules = cr_arena_alloc(&kb->arena, (section_count(L, S_TITLES) + 1) * sizeof *kb->title_rules);
	for (size_t f = 0; f < L->nsec[S_TITLES]; f++) {
		pending *p = &L->sec[S_TITLES][f];
		struct fy_node *item;
		EACH_ENTRY(L, p, item) {
			if (!entry_ok(L, p->doc, item, keys))
				continue;
			cr_title_rule *t = &kb->title_rules[kb->ntitle_rules];
			memset(t, 0, sizeof *t);
			int found = 0;
			const char *text = NULL, *means = NULL, *at_end = NULL, *code = NULL, *note = NULL;
			for (int k = 0; k < 4; k++)
				if (cr_ymap_get(item, kinds[k])) {
					found++;
					t->kind = (enum cr_title_kind)k;
				}
			if (found != 1) {
				cr_yerr(L->d, p->doc, item, "a title entry has exactly one of abbreviation:, level:, qualifier:, alias:");
				continue;
			}
			bool ok = cr_yget_str(p->doc, item, kinds[t->kind], true, &text, L->d) == CR_OK;
			ok &= cr_yget_str(p->doc, item, "means", t->kind == CR_TITLE_ABBREV, &means, L->d) == CR_OK;
			ok &= cr_yget_str(p->doc, item, "at_end", false, &at_end, L->d) == CR_OK;
			ok &= cr_yget_str(p->doc, item, "code", t->kind == CR_TITLE_ALIAS, &code, L->d) == CR_OK;
			ok &= cr_yget_str(p->doc, item, "note", false, &note, L->d) == CR_OK;
			ok &= get_strs(L, p->doc, item, "sources", true, &t->sources) == CR_OK;
			ok = ok && check_sources(L, p->doc, item, "sources", &t->sources, true) == CR_OK;
			if (!ok)
				continue;
			if ((means || at_end) && t->kind != CR_TITLE_ABBREV) {
				cr_yerr(L->d, p->doc, cr_ymap_get(item, "means"), "'means' and 'at_end' belong to an abbreviation");
				continue;
			}
			if (code && t->kind != CR_TITLE_ALIAS) {
				cr_yerr(L->d, p->doc, cr_ymap_get(item, "code"), "'code' belongs to an alias");
				continue;
			}
			if (!*text || (means && !*means) || (at_end && !*at_end)) {
				cr_yerr(L->d, p->doc, item, "a title entry's words must not be empty");
				continue;
			}
			if (code && !(t->occ = cr_kb_occupation(kb, code))) {
				/* unchecked when an occupation may have been left out for its file's error (as tasks do) */
				if (!unchecked_ref(L, S_OCCUPATIONS) && !L->broken[S_SECTORS] && !L->broken[S_SOURCES]) {
					cr_yerr(L->d, p->doc, cr_ymap_get(item, "code"), "unknown occupation '%s'", code);
					cr_diag_hint(L->d, "use a SOC code from knowledge/occupations/");
				}
				continue;
			}
			t->text = astr(L, text);
			t->means = means ? astr(L, means) : NULL;
			t->at_end = at_end ? astr(L, at_end) : NULL;
			t->note = note ? astr(L, note) : NULL;
			t->loc = loc_of(L, p->doc, item);
			for (size_t j = 0; j < kb->ntitle_rules; j++)
				if (kb->title_rules[j].kind == t->kind && cr_strcasecmp(kb->title_rules[j].text, t->text) == 0) {
					dup_error(L, p->doc, item, kinds[t->kind], t->text, &kb->title_rules[j].loc);
					ok = false;
					break;
				}
			if (ok)
				kb->ntitle_rules++;
		}
	}
	cr_title_index(kb);
}

static void read_recs(loader *L)
{
	static const char *const keys[] = {"id", "title", "detail", "horizon", "effort", "impact", "step", "when", "goals", "sources", NULL};
	cr_kb *kb = L->kb;
	kb->recs = cr_arena_alloc(&kb->arena, (section_count(L, S_RECS) + 1) * sizeof *kb->recs);
	for (size_t f = 0; f < L->nsec[S_RECS]; f++) {
		pending *p = &L->sec[S_RECS][f];
		struct fy_node *item;
		EACH_ENTRY(L, p, item) {
			if (!entry_ok(L, p->doc, item, keys))
				continue;
			cr_rec *r = &kb->recs[kb->nrecs];
			memset(r, 0, sizeof *r); /* a slot an earlier, rejected entry may have half-filled */
			const char *title, *detail;
			int horizon, effort;
			double impact = 1;
			if (get_id(L, p->doc, item, &r->id) != CR_OK)
				continue;
			cr_yget_str(p->doc, item, "title", true, &title, L->d);
			cr_yget_str(p->doc, item, "detail", true, &detail, L->d);
			get_enum(L, p->doc, item, "horizon", cr_horizon_ids, 3, true, 0, &horizon);
			get_enum(L, p->doc, item, "effort", cr_effort_ids, 3, true, 0, &effort);
			cr_yget_num(p->doc, item, "impact", true, 1, 5, &impact, NULL, L->d);
			double step = 0; /* optional: the plan step (docs/knowledge-base.md) */
			cr_yget_num(p->doc, item, "step", false, 1, 4, &step, NULL, L->d);
			get_strs(L, p->doc, item, "goals", false, &r->goals); /* its `when` is compiled with the rules */
			if (get_strs(L, p->doc, item, "sources", true, &r->sources) == CR_OK)
				check_sources(L, p->doc, item, "sources", &r->sources, true);
			bool ok = true;
			r->title = OR_EMPTY(title);
			r->detail = OR_EMPTY(detail);
			r->horizon = (enum cr_horizon)horizon;
			r->effort = (enum cr_effort)effort;
			r->impact = (int)impact;
			r->step = (int)step;
			r->loc = loc_of(L, p->doc, item);
			DUP_CHECK(L, p->doc, item, kb->recs, kb->nrecs, id, "recommendation");
			if (ok)
				kb->nrecs++;
		}
	}
}

static void read_model(loader *L)
{
	static const char *const keys[] = {"bands", "themes", "max_protection", "sources", NULL};
	static const char *const bkeys[] = {"id", "below", NULL};
	static const char *const tkeys[] = {"id", "title", "min", "max", "sources", NULL};
	cr_kb *kb = L->kb;
	if (L->nsec[S_MODEL] == 0) {
		cr_diag_add(L->d, CR_EDATA, L->kb->dir, 0, 0, "no 'model' section (the score's bands)");
		cr_diag_hint(L->d, "keep exactly one `model:` with its bands, as in knowledge/model.yaml "
			     "(docs/knowledge-base.md, \"model\")");
		return;
	}
	if (L->nsec[S_MODEL] > 1) {
		pending *first = &L->sec[S_MODEL][0], *second = &L->sec[S_MODEL][1];
		cr_loc at = loc_of(L, first->doc, first->node);
		cr_yerr(L->d, second->doc, second->node, "a second 'model' section (the first is at %s:%d)", at.file, at.line);
		cr_diag_hint(L->d, "keep exactly one `model:` with its bands, as in knowledge/model.yaml "
			     "(docs/knowledge-base.md, \"model\")");
		return;
	}
	pending *p = &L->sec[S_MODEL][0];
	if (!fy_node_is_mapping(p->node)) {
		cr_yerr(L->d, p->doc, p->node, "'model' must be a mapping");
		return;
	}
	if (cr_ymap_check_keys(p->doc, p->node, keys, L->d))
		return;
	if (cr_yget_num(p->doc, p->node, "max_protection", true, 0, 1, &kb->max_protection, NULL, L->d))
		return;
	if (get_strs(L, p->doc, p->node, "sources", true, &kb->model_sources) ||
	    check_sources(L, p->doc, p->node, "sources", &kb->model_sources, true))
		return;
	struct fy_node *bands = cr_ymap_get(p->node, "bands");
	if (!bands || !fy_node_is_sequence(bands) || fy_node_sequence_item_count(bands) < 2) {
		cr_yerr(L->d, p->doc, bands ? bands : p->node, "'bands' must list at least two bands");
		return;
	}
	kb->bands = cr_arena_alloc(&kb->arena, (size_t)fy_node_sequence_item_count(bands) * sizeof *kb->bands);
	void *it = NULL;
	struct fy_node *b;
	double prev = 0;
	while ((b = fy_node_sequence_iterate(bands, &it)) != NULL) {
		cr_band *band = &kb->bands[kb->nbands];
		memset(band, 0, sizeof *band); /* a slot an earlier, rejected entry may have half-filled */
		const char *id;
		if (!entry_ok(L, p->doc, b, bkeys) || cr_yget_str(p->doc, b, "id", true, &id, L->d) ||
		    cr_yget_num(p->doc, b, "below", true, 1, 101, &band->below, NULL, L->d))
			return;
		if (band->below <= prev) {
			cr_yerr(L->d, p->doc, b, "bands must rise: 'below' %g follows %g", band->below, prev);
			return;
		}
		prev = band->below;
		band->id = astr(L, id);
		kb->nbands++;
	}
	if (prev <= 100)
		cr_yerr(L->d, p->doc, bands, "the last band must cover a score of 100 (below: 101)");
	struct fy_node *themes = cr_ymap_get(p->node, "themes");
	if (!themes || !fy_node_is_sequence(themes) || fy_node_sequence_item_count(themes) < 1) {
		cr_yerr(L->d, p->doc, themes ? themes : p->node, "'themes' must list the rule themes and their bounds");
		return;
	}
	kb->themes = cr_arena_alloc(&kb->arena, (size_t)fy_node_sequence_item_count(themes) * sizeof *kb->themes);
	it = NULL;
	struct fy_node *t;
	while ((t = fy_node_sequence_iterate(themes, &it)) != NULL) {
		cr_theme *th = &kb->themes[kb->nthemes];
		memset(th, 0, sizeof *th); /* a slot an earlier, rejected entry may have half-filled */
		const char *id, *title;
		if (!entry_ok(L, p->doc, t, tkeys) || get_id(L, p->doc, t, &th->id) ||
		    cr_yget_str(p->doc, t, "title", true, &title, L->d) ||
		    cr_yget_num(p->doc, t, "min", true, -100, 0, &th->min, NULL, L->d) ||
		    cr_yget_num(p->doc, t, "max", true, 0, 100, &th->max, NULL, L->d) ||
		    get_strs(L, p->doc, t, "sources", true, &th->sources) ||
		    check_sources(L, p->doc, t, "sources", &th->sources, true))
			continue;
		(void)id;
		th->title = astr(L, title);
		th->loc = loc_of(L, p->doc, t);
		bool ok = true;
		DUP_CHECK(L, p->doc, t, kb->themes, kb->nthemes, id, "theme");
		if (ok)
			kb->nthemes++;
	}
}

/* ---- questionnaires ------------------------------------------------------- */

static enum cr_status read_choices(loader *L, const cr_ydoc *doc, struct fy_node *q, const char *key,
				   cr_question *out)
{
	static const char *const ckeys[] = {"id", "label", NULL};
	struct fy_node *n = cr_ymap_get(q, key);
	if (!n || !fy_node_is_sequence(n) || fy_node_sequence_item_count(n) < 1)
		return cr_yerr(L->d, doc, n ? n : q, "'%s' must be a list of {id, label}", key);
	int count = fy_node_sequence_item_count(n);
	if (count > CR_MAX_CHOICES)
		return cr_yerr(L->d, doc, n, "at most %d choices", CR_MAX_CHOICES);
	out->choices = cr_arena_alloc(&L->kb->arena, (size_t)count * sizeof *out->choices);
	void *it = NULL;
	struct fy_node *c;
	while ((c = fy_node_sequence_iterate(n, &it)) != NULL) {
		const char *id, *label;
		if (!entry_ok(L, doc, c, ckeys) || cr_yget_str(doc, c, "id", true, &id, L->d) ||
		    cr_yget_str(doc, c, "label", true, &label, L->d))
			return CR_EDATA;
		if (!valid_id(id))
			return cr_yerr(L->d, doc, c, "choice id '%s' must be lower-case letters, digits, '-' and '_'", id);
		for (size_t i = 0; i < out->nchoices; i++)
			if (strcmp(out->choices[i].id, id) == 0)
				return cr_yerr(L->d, doc, c, "duplicate choice '%s'", id);
		if (strcmp(id, "skip") == 0 || strcmp(id, "back") == 0)
			return cr_yerr(L->d, doc, c, "'%s' is a session command and cannot be a choice", id);
		out->choices[out->nchoices].id = astr(L, id);
		out->choices[out->nchoices].label = astr(L, label);
		out->nchoices++;
	}
	return CR_OK;
}

/* choices_from: the choices come from a section of the knowledge base. */
static enum cr_status choices_from(loader *L, const cr_ydoc *doc, struct fy_node *at, const char *from,
				   cr_question *q)
{
	cr_kb *kb = L->kb;
	size_t n = strcmp(from, "sectors") == 0 ? kb->nsectors
		   : strcmp(from, "regions") == 0 ? kb->nregions
		   : strcmp(from, "skills") == 0 ? kb->nskills : (size_t)-1;
	if (n == (size_t)-1)
		return cr_yerr(L->d, doc, at, "choices_from must be sectors, regions or skills");
	enum section s = strcmp(from, "sectors") == 0 ? S_SECTORS : strcmp(from, "regions") == 0 ? S_REGIONS : S_SKILLS;
	if (unchecked_ref(L, s)) {
		/* the choices would be the short table's: leave the question out, and the conditions that read it */
		L->partial_schema = s;
		return CR_EDATA;
	}
	if (n == 0 || n > CR_MAX_CHOICES)
		return cr_yerr(L->d, doc, at, "the knowledge base has %zu %s; a question takes 1 to %d", n, from, CR_MAX_CHOICES);
	q->choices = cr_arena_alloc(&kb->arena, n * sizeof *q->choices);
	for (size_t i = 0; i < n; i++) {
		cr_choice *c = &q->choices[i];
		if (strcmp(from, "sectors") == 0) {
			c->id = kb->sectors[i].id;
			c->label = kb->sectors[i].title;
		} else if (strcmp(from, "regions") == 0) {
			c->id = kb->regions[i].id;
			c->label = kb->regions[i].title;
		} else {
			c->id = kb->skills[i].id;
			c->label = kb->skills[i].title;
		}
	}
	q->nchoices = n;
	return CR_OK;
}

static const char **choice_ids(loader *L, const cr_question *q)
{
	const char **ids = cr_arena_alloc(&L->kb->arena, (q->nchoices + 1) * sizeof *ids);
	for (size_t i = 0; i < q->nchoices; i++)
		ids[i] = q->choices[i].id;
	return ids;
}

/* Registers a question's facts in the schema; a clash with another questionnaire is an error. */
static bool add_question_facts(loader *L, const cr_ydoc *doc, struct fy_node *qn, cr_question *q)
{
	cr_kb *kb = L->kb;
	int idx;
	switch (q->type) {
	case CR_Q_SPLIT:
		for (size_t i = 0; i < q->nchoices; i++) {
			char *name = cr_xprintf("%s.%s", q->id, q->choices[i].id);
			int f = cr_schema_add(&kb->schema, &kb->arena, name, CR_F_NUM, NULL, 0);
			free(name);
			if (f < 0 || (i > 0 && f != q->fact + (int)i)) {
				cr_yerr(L->d, doc, qn, "split '%s' must list the same parts, in the same order, in every questionnaire", q->id);
				return false;
			}
			if (i == 0)
				q->fact = f;
		}
		return true;
	case CR_Q_CHOICE:
	case CR_Q_MULTI:
		idx = cr_schema_add(&kb->schema, &kb->arena, q->id, q->type == CR_Q_MULTI ? CR_F_SET : CR_F_STR,
				    choice_ids(L, q), q->nchoices);
		break;
	case CR_Q_OCCUPATION:
	case CR_Q_TEXT:
		idx = cr_schema_add(&kb->schema, &kb->arena, q->id, CR_F_STR, NULL, 0);
		break;
	case CR_Q_TASKS:
		return true; /* no fact: the engine reads the answer itself (assess.c, exposure) */
	default:
		idx = cr_schema_add(&kb->schema, &kb->arena, q->id, CR_F_NUM, NULL, 0);
		break;
	}
	if (idx < 0) {
		cr_yerr(L->d, doc, qn, "question '%s' has another type or other choices in another questionnaire", q->id);
		return false;
	}
	q->fact = idx;
	return true;
}

typedef struct qpending {
	cr_ydoc *doc;
	struct fy_node *node;
} qpending;

static void read_questionnaire(loader *L, cr_ydoc *doc, cr_questionnaire *out, bool *ok_out)
{
	static const char *const keys[] = {"id", "title", "description", "minutes", "questions", NULL};
	static const char *const qkeys[] = {"id", "type", "text", "help", "optional", "choices", "choices_from", "parts",
					    "min", "max", "unit", "low", "high", "max_length", "ask_if", NULL};
	cr_kb *kb = L->kb;
	struct fy_node *root = cr_ydoc_root(doc);
	*ok_out = false;
	if (!fy_node_is_mapping(root)) {
		cr_yerr(L->d, doc, root, "a questionnaire must be a mapping with id, title and questions");
		return;
	}
	if (cr_ymap_check_keys(doc, root, keys, L->d))
		return;
	const char *id, *title, *desc;
	double minutes = 0;
	bool ok = get_id(L, doc, root, &out->id) == CR_OK;
	id = out->id;
	ok &= cr_yget_str(doc, root, "title", true, &title, L->d) == CR_OK;
	ok &= cr_yget_str(doc, root, "description", false, &desc, L->d) == CR_OK;
	ok &= cr_yget_num(doc, root, "minutes", false, 1, 120, &minutes, NULL, L->d) == CR_OK;
	struct fy_node *qs = cr_ymap_get(root, "questions");
	if (!qs || !fy_node_is_sequence(qs) || fy_node_sequence_item_count(qs) < 1) {
		cr_yerr(L->d, doc, qs ? qs : root, "'questions' must be a non-empty list");
		return;
	}
	if (!ok)
		return;
	out->title = astr(L, title);
	out->description = desc ? astr(L, desc) : NULL;
	out->minutes = (int)minutes;
	out->loc = loc_of(L, doc, root);
	int nq = fy_node_sequence_item_count(qs);
	if (nq > 200) {
		cr_yerr(L->d, doc, qs, "at most 200 questions");
		return;
	}
	out->questions = cr_arena_alloc(&kb->arena, (size_t)nq * sizeof *out->questions);
	void *it = NULL;
	struct fy_node *qn;
	while ((qn = fy_node_sequence_iterate(qs, &it)) != NULL) {
		if (!entry_ok(L, doc, qn, qkeys)) {
			ok = false;
			continue;
		}
		cr_question *q = &out->questions[out->nquestions];
		memset(q, 0, sizeof *q); /* a slot an earlier, rejected entry may have half-filled */
		const char *text, *help, *from, *unit, *low, *high, *optional;
		int type;
		bool qok = get_id(L, doc, qn, &q->id) == CR_OK;
		if (qok && strchr(q->id, '-')) {
			cr_yerr(L->d, doc, cr_ymap_get(qn, "id"), "question ids use '_' (they are fact names in conditions)");
			qok = false;
		}
		qok &= cr_yget_str(doc, qn, "text", true, &text, L->d) == CR_OK;
		qok &= cr_yget_str(doc, qn, "help", true, &help, L->d) == CR_OK;
		qok &= get_enum(L, doc, qn, "type", cr_qtype_ids, 8, true, 0, &type) == CR_OK;
		qok &= cr_yget_str(doc, qn, "choices_from", false, &from, L->d) == CR_OK;
		qok &= cr_yget_str(doc, qn, "unit", false, &unit, L->d) == CR_OK;
		qok &= cr_yget_str(doc, qn, "low", false, &low, L->d) == CR_OK;
		qok &= cr_yget_str(doc, qn, "high", false, &high, L->d) == CR_OK;
		qok &= cr_yget_str(doc, qn, "optional", false, &optional, L->d) == CR_OK;
		if (optional && strcmp(optional, "true") && strcmp(optional, "false")) {
			cr_yerr(L->d, doc, cr_ymap_get(qn, "optional"), "'optional' must be true or false");
			qok = false;
		}
		if (!qok) {
			ok = false;
			continue;
		}
		q->type = (enum cr_qtype)type;
		q->text = astr(L, text);
		q->help = astr(L, help);
		q->optional = optional && strcmp(optional, "true") == 0;
		q->unit = unit ? astr(L, unit) : NULL;
		q->low = low ? astr(L, low) : NULL;
		q->high = high ? astr(L, high) : NULL;
		q->loc = loc_of(L, doc, qn);
		q->fact = -1;
		bool has_min = false, has_max = false;
		switch (q->type) {
		case CR_Q_CHOICE:
		case CR_Q_MULTI:
			if (from && cr_ymap_get(qn, "choices"))
				qok = cr_yerr(L->d, doc, qn, "give 'choices' or 'choices_from', not both") == CR_OK;
			else if (from)
				qok = choices_from(L, doc, cr_ymap_get(qn, "choices_from"), from, q) == CR_OK;
			else
				qok = read_choices(L, doc, qn, "choices", q) == CR_OK;
			break;
		case CR_Q_SPLIT:
			qok = read_choices(L, doc, qn, "parts", q) == CR_OK;
			if (qok && q->nchoices < 2)
				qok = cr_yerr(L->d, doc, qn, "a split needs at least two parts") == CR_OK;
			break;
		case CR_Q_SCALE:
		case CR_Q_NUMBER:
			qok = cr_yget_num(doc, qn, "min", q->type == CR_Q_NUMBER, -1e9, 1e9, &q->min, &has_min, L->d) == CR_OK &&
			      cr_yget_num(doc, qn, "max", q->type == CR_Q_NUMBER, -1e9, 1e9, &q->max, &has_max, L->d) == CR_OK;
			if (q->type == CR_Q_SCALE) {
				if (!has_min)
					q->min = 1;
				if (!has_max)
					q->max = 5;
			}
			if (qok && q->max <= q->min)
				qok = cr_yerr(L->d, doc, qn, "'max' must be above 'min'") == CR_OK;
			break;
		case CR_Q_TEXT: {
			double ml = 200;
			qok = cr_yget_num(doc, qn, "max_length", false, 1, CR_MAX_TEXT_ANSWER, &ml, NULL, L->d) == CR_OK;
			q->max_length = (size_t)ml;
			break;
		}
		case CR_Q_OCCUPATION:
		case CR_Q_TASKS:
			break;
		}
		for (size_t j = 0; qok && j < out->nquestions; j++)
			if (strcmp(out->questions[j].id, q->id) == 0)
				qok = cr_yerr(L->d, doc, qn, "duplicate question '%s' in questionnaire '%s'", q->id, id) == CR_OK;
		if (qok)
			qok = add_question_facts(L, doc, qn, q);
		if (!qok) {
			ok = false;
			continue;
		}
		out->nquestions++;
	}
	*ok_out = ok;
}

/* ask_if conditions are compiled once every questionnaire's facts are known. */
static void compile_ask_ifs(loader *L, cr_questionnaire *qn, cr_ydoc *doc)
{
	struct fy_node *qs = cr_ymap_get(cr_ydoc_root(doc), "questions");
	for (size_t i = 0; i < qn->nquestions; i++) {
		cr_question *q = &qn->questions[i];
		struct fy_node *node = NULL;
		/* find this question's node again by id */
		void *it = NULL;
		struct fy_node *n;
		while ((n = fy_node_sequence_iterate(qs, &it)) != NULL) {
			const char *id = cr_ynode_str(cr_ymap_get(n, "id"));
			if (id && strcmp(id, q->id) == 0) {
				node = n;
				break;
			}
		}
		struct fy_node *cond = node ? cr_ymap_get(node, "ask_if") : NULL;
		if (!cond)
			continue;
		const char *text = cr_ynode_str(cond);
		if (!text) {
			cr_yerr(L->d, doc, cond, "'ask_if' must be a condition in quotes");
			continue;
		}
		char *err;
		int col;
		q->ask_if = cr_expr_compile(text, &L->kb->schema, &L->kb->arena, CR_WANT_BOOL, &err, &col);
		if (!q->ask_if && L->partial_schema != S_COUNT) {
			L->unchecked_conditions++;
			free(err);
			continue;
		}
		if (!q->ask_if) {
			int line, c0;
			cr_ynode_pos(cond, &line, &c0);
			cr_diag_add(L->d, CR_EDATA, doc->file, line, c0 + col - 1,
				    "in ask_if of '%s': %s", q->id, err);
			free(err);
			continue;
		}
		q->ask_if_text = astr(L, text);
	}
}

/* ---- derived facts and rules ---------------------------------------------- */

static void add_derived(loader *L)
{
	cr_kb *kb = L->kb;
	cr_schema *s = &kb->schema;
	cr_arena *a = &kb->arena;
	cr_derived *dv = &kb->derived;
	dv->routineness = cr_schema_add(s, a, "routineness", CR_F_NUM, NULL, 0);
	dv->ai_usage = cr_schema_add(s, a, "ai_usage", CR_F_NUM, NULL, 0);
	dv->specialization = cr_schema_add(s, a, "specialization", CR_F_NUM, NULL, 0);
	dv->exposure = cr_schema_add(s, a, "exposure", CR_F_NUM, NULL, 0);
	dv->occ_group = cr_schema_add(s, a, "occupation.group", CR_F_STR, NULL, 0);
	dv->occ_outlook = cr_schema_add(s, a, "occupation.outlook", CR_F_STR, cr_occ_outlook_ids, 3);
	dv->occ_routine = cr_schema_add(s, a, "occupation.routine", CR_F_NUM, NULL, 0);
	dv->occ_ai_use = cr_schema_add(s, a, "occupation.ai_use", CR_F_NUM, NULL, 0);
	dv->occ_specialization = cr_schema_add(s, a, "occupation.specialization", CR_F_NUM, NULL, 0);
	dv->occ_exposure = cr_schema_add(s, a, "occupation.exposure", CR_F_NUM, NULL, 0);
	dv->sector_outlook = cr_schema_add(s, a, "sector.outlook", CR_F_STR, cr_outlook_ids, 4);
	dv->region_outlook = cr_schema_add(s, a, "region.outlook", CR_F_STR, cr_outlook_ids, 4);
	dv->region_net_ratio = cr_schema_add(s, a, "region.net_ratio", CR_F_NUM, NULL, 0);
	dv->skipped = cr_schema_add(s, a, "skipped", CR_F_NUM, NULL, 0);
	for (int t = 0; t < CR_TASK_COUNT; t++) {
		char name[64];
		snprintf(name, sizeof name, "tasks.%s", cr_task_ids[t]);
		dv->tasks[t] = cr_schema_find(s, name);
	}
	static const struct { const char *name; size_t off; } inputs[] = {
		{"occupation", offsetof(cr_derived, occupation)}, {"sector", offsetof(cr_derived, sector)},
		{"region", offsetof(cr_derived, region)}, {"data_entry", offsetof(cr_derived, data_entry)},
		{"ai_frequency", offsetof(cr_derived, ai_frequency)}, {"ai_uses", offsetof(cr_derived, ai_uses)},
		{"ai_depth", offsetof(cr_derived, ai_depth)}, {"years_niche", offsetof(cr_derived, years_niche)},
		{"rarity", offsetof(cr_derived, rarity)}, {"ai_domain", offsetof(cr_derived, ai_domain)},
		{"seniority", offsetof(cr_derived, seniority)}, {"skills", offsetof(cr_derived, skills)},
		{"change_openness", offsetof(cr_derived, change_openness)},
	};
	for (size_t i = 0; i < CR_ARRAY_LEN(inputs); i++)
		*(int *)((char *)dv + inputs[i].off) = cr_schema_find(s, inputs[i].name);
	int *all[] = {&dv->routineness, &dv->ai_usage, &dv->specialization, &dv->exposure, &dv->occ_group,
		      &dv->occ_outlook, &dv->occ_routine, &dv->occ_ai_use, &dv->occ_specialization, &dv->occ_exposure, &dv->sector_outlook,
		      &dv->region_outlook, &dv->region_net_ratio, &dv->skipped};
	for (size_t i = 0; i < CR_ARRAY_LEN(all); i++)
		if (*all[i] < 0)
			cr_diag_add(L->d, CR_EDATA, kb->qdir, 0, 0,
				    "a question is named like the derived fact '%s'; rename the question", s->v[i].name);
	/* Each role's skills as bits of the `skills` fact, so scoring never compares skill names. */
	const cr_factdef *sdef = dv->skills >= 0 ? &s->v[dv->skills] : NULL;
	for (size_t i = 0; i < kb->nroles; i++) {
		cr_role *r = &kb->roles[i];
		int *bits = cr_arena_alloc(a, (r->skills.n + 1) * sizeof *bits);
		for (size_t j = 0; j < r->skills.n; j++)
			bits[j] = sdef && sdef->type == CR_F_SET ? cr_factdef_choice(sdef, r->skills.v[j]) : -1;
		r->skill_bits = bits;
	}
}

static const cr_expr *compile_at_of(loader *L, const cr_ydoc *doc, struct fy_node *n, const char *what,
				    const char *kind, const char *rule, enum cr_expr_want want)
{
	const char *text = cr_ynode_str(n);
	char *err;
	int col;
	const cr_expr *e = cr_expr_compile(text, &L->kb->schema, &L->kb->arena, want, &err, &col);
	if (!e && L->partial_schema != S_COUNT) {
		L->unchecked_conditions++; /* the facts it names may be the questions left out */
		free(err);
	} else if (!e) {
		int line, c0;
		cr_ynode_pos(n, &line, &c0);
		cr_diag_add(L->d, CR_EDATA, doc->file, line, c0 + col - 1,
			    "in %s of %s '%s': %s", what, kind, rule, err);
		free(err);
	}
	return e;
}

static const cr_expr *compile_at(loader *L, const cr_ydoc *doc, struct fy_node *n, const char *what,
				 const char *rule, enum cr_expr_want want)
{
	return compile_at_of(L, doc, n, what, "rule", rule, want);
}

/*
 * A recommendation's `when` (read_recs kept only its id: the facts it names
 * exist once the questionnaires are read), compiled against the schema.
 */
static void compile_rec_whens(loader *L)
{
	cr_kb *kb = L->kb;
	for (size_t f = 0; f < L->nsec[S_RECS]; f++) {
		pending *p = &L->sec[S_RECS][f];
		struct fy_node *item;
		EACH_ENTRY(L, p, item) {
			struct fy_node *wn = fy_node_is_mapping(item) ? cr_ymap_get(item, "when") : NULL;
			struct fy_node *idn = wn ? cr_ymap_get(item, "id") : NULL;
			const char *id = idn ? cr_ynode_str(idn) : NULL;
			cr_rec *r = id ? (cr_rec *)cr_kb_rec(kb, id) : NULL;
			int line, col;
			cr_ynode_pos(item, &line, &col);
			if (!r || r->when || r->loc.line != line || strcmp(r->loc.file, p->doc->file) != 0)
				continue; /* no condition, or an entry rejected (and reported) by read_recs */
			if (!cr_ynode_str(wn)) {
				cr_yerr(L->d, p->doc, wn, "recommendation '%s' needs its 'when' as a condition in quotes", id);
				continue;
			}
			r->when = compile_at_of(L, p->doc, wn, "when", "recommendation", id, CR_WANT_BOOL);
			r->when_text = astr(L, cr_ynode_str(wn));
		}
	}
}

static void read_rules(loader *L)
{
	static const char *const keys[] = {"id", "when", "score", "reason", "recommend", "warning", "theme", "sources", NULL};
	cr_kb *kb = L->kb;
	kb->rules = cr_arena_alloc(&kb->arena, (section_count(L, S_RULES) + 1) * sizeof *kb->rules);
	for (size_t f = 0; f < L->nsec[S_RULES]; f++) {
		pending *p = &L->sec[S_RULES][f];
		struct fy_node *item;
		EACH_ENTRY(L, p, item) {
			if (!entry_ok(L, p->doc, item, keys))
				continue;
			cr_rule *r = &kb->rules[kb->nrules];
			memset(r, 0, sizeof *r); /* a slot an earlier, rejected entry may have half-filled */
			const char *when = NULL, *reason = NULL;
			int warning;
			cr_strs recs;
			bool ok = get_id(L, p->doc, item, &r->id) == CR_OK;
			ok &= cr_yget_str(p->doc, item, "when", true, &when, L->d) == CR_OK;
			ok &= cr_yget_str(p->doc, item, "reason", true, &reason, L->d) == CR_OK;
			ok &= get_enum(L, p->doc, item, "warning", cr_warning_ids, 4, false, 0, &warning) == CR_OK;
			ok &= get_strs(L, p->doc, item, "recommend", false, &recs) == CR_OK;
			bool have_sources = get_strs(L, p->doc, item, "sources", true, &r->sources) == CR_OK;
			ok &= have_sources;
			/* every independent problem of the entry, not just the first: each needs fixing */
			if (have_sources)
				ok &= check_sources(L, p->doc, item, "sources", &r->sources, true) == CR_OK;
			if (!r->id)
				continue; /* the messages below name the rule */
			for (const char *o = reason ? strchr(reason, '{') : NULL; o; o = strchr(o + 1, '{')) {
				const char *c = strchr(o, '}');
				bool known = false;
				for (size_t i = 0; c && cr_reason_fields[i]; i++)
					known |= strlen(cr_reason_fields[i]) == (size_t)(c - o - 1) &&
						 memcmp(cr_reason_fields[i], o + 1, (size_t)(c - o - 1)) == 0;
				if (!known) {
					cr_yerr(L->d, p->doc, cr_ymap_get(item, "reason"),
						"the reason of rule '%s' has '{%.*s', which is not a placeholder it can fill",
						r->id, c ? (int)(c - o) : 20, o + 1);
					cr_diag_hint(L->d, "use {sector.title}, {sector.figure}, {sector.summary}, {region.title}, "
							   "{region.figures} or {region.summary} (docs/knowledge-base.md)");
					ok = false;
					break;
				}
			}
			if (when) {
				r->when = compile_at(L, p->doc, cr_ymap_get(item, "when"), "when", r->id, CR_WANT_BOOL);
				ok &= r->when != NULL;
			}
			struct fy_node *sn = cr_ymap_get(item, "score");
			if (!sn || !cr_ynode_str(sn)) {
				cr_yerr(L->d, p->doc, sn ? sn : item, "rule '%s' needs a 'score': a number or an expression", r->id);
				ok = false;
			} else if (cr_ynode_num(sn, &r->score_const)) {
				if (r->score_const < -100 || r->score_const > 100) {
					cr_yerr(L->d, p->doc, sn, "a score of %g is outside -100..100", r->score_const);
					ok = false;
				}
				r->score_text = astr(L, cr_ynode_str(sn));
			} else {
				r->score = compile_at(L, p->doc, sn, "score", r->id, CR_WANT_NUM);
				r->score_text = astr(L, cr_ynode_str(sn));
				ok &= r->score != NULL;
			}
			if (!recs.v)
				recs.n = 0; /* 'recommend' was not a list: reported above */
			r->recs = cr_arena_alloc(&kb->arena, (recs.n + 1) * sizeof *r->recs);
			for (size_t i = 0; i < recs.n; i++) {
				const cr_rec *rec = cr_kb_rec(kb, recs.v[i]);
				if (!rec && unchecked_ref(L, S_RECS)) {
					ok = false;
					continue;
				}
				if (!rec) {
					struct fy_node *rn = cr_ymap_get(item, "recommend");
					cr_yerr(L->d, p->doc, fy_node_is_sequence(rn) ? fy_node_sequence_get_by_index(rn, (int)i) : rn,
						"unknown recommendation '%s'", recs.v[i]);
					ok = false;
					continue;
				}
				r->recs[r->nrecs++] = rec;
			}
			if (!ok)
				continue;
			/* the theme: given, or the name of the rule's file ("rules/tasks.yaml" -> tasks) */
			const char *theme;
			char stem[64] = "";
			if (cr_yget_str(p->doc, item, "theme", false, &theme, L->d))
				continue;
			if (!theme) {
				const char *base = strrchr(p->doc->file, '/');
				snprintf(stem, sizeof stem, "%s", base ? base + 1 : p->doc->file);
				char *dot = strrchr(stem, '.');
				if (dot)
					*dot = '\0';
				theme = stem;
			}
			r->theme = cr_kb_theme(kb, theme);
			if (!r->theme) {
				cr_yerr(L->d, p->doc, cr_ymap_get(item, "theme") ? cr_ymap_get(item, "theme") : item,
					"rule '%s' is in theme '%s', which the model's themes do not declare", r->id, theme);
				cr_diag_hint(L->d, "add the theme and its bounds under model: themes:, or give the rule a `theme:`");
				continue;
			}
			r->when_text = astr(L, when);
			r->when_loc = loc_of(L, p->doc, cr_ymap_get(item, "when"));
			r->reason = astr(L, reason);
			r->warning = (enum cr_warning)warning;
			r->loc = loc_of(L, p->doc, item);
			DUP_CHECK(L, p->doc, item, kb->rules, kb->nrules, id, "rule");
			if (ok)
				kb->nrules++;
		}
	}
}

/* ---- files ---------------------------------------------------------------- */

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_yaml(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && ((n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0));
}

/* Collects YAML files under dir (recursively, depth-bounded), sorted for a stable load order. */
static enum cr_status list_files(const char *dir, int depth, char ***files, size_t *n, size_t *cap, cr_diags *d)
{
	DIR *dh = opendir(dir);
	if (!dh)
		return cr_diag_add(d, CR_EDATA, dir, 0, 0, "cannot open the folder: %s", strerror(errno));
	enum cr_status st = CR_OK;
	struct dirent *de;
	while ((de = readdir(dh)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *path = cr_xprintf("%s/%s", dir, de->d_name);
		struct stat sb;
		if (stat(path, &sb) != 0) {
			free(path);
			continue;
		}
		if (S_ISDIR(sb.st_mode) && depth < 4) {
			st = list_files(path, depth + 1, files, n, cap, d);
			free(path);
			if (st)
				break;
		} else if (S_ISREG(sb.st_mode) && is_yaml(de->d_name)) {
			if (*n >= CR_KB_MAX_FILES) {
				free(path);
				st = cr_diag_add(d, CR_EDATA, dir, 0, 0, "more than %d files", CR_KB_MAX_FILES);
				break;
			}
			cr_xgrow((void **)files, cap, *n, sizeof **files);
			(*files)[(*n)++] = path;
		} else {
			free(path);
		}
	}
	closedir(dh);
	return st;
}

static void fingerprint(loader *L, const cr_kb_file *f, const char *base)
{
	/* the name relative to its folder, so a moved base keeps its version */
	const char *rel = f->name;
	size_t blen = base ? strlen(base) : 0;
	if (blen && strncmp(rel, base, blen) == 0)
		rel += blen;
	L->fingerprint = cr_fnv1a(L->fingerprint, rel, strlen(rel) + 1);
	L->fingerprint = cr_fnv1a(L->fingerprint, f->text, f->len);
}

static cr_ydoc *load_doc(loader *L, const cr_kb_file *f)
{
	cr_ydoc *doc = NULL;
	if (f->len > CR_KB_MAX_FILE) {
		cr_diag_add(L->d, CR_EDATA, f->name, 0, 0, "file is larger than the %u-byte limit", CR_KB_MAX_FILE);
		cr_diag_hint(L->d, "split it into several files");
		return NULL;
	}
	if (cr_ydoc_parse(f->name, f->text, f->len, &doc, L->d) != CR_OK)
		return NULL;
	cr_xgrow((void **)&L->docs, &L->capdocs, L->ndocs, sizeof *L->docs);
	cr_xgrow((void **)&L->names, &L->capnames, L->ndocs, sizeof *L->names);
	L->names[L->ndocs] = cr_arena_strdup(&L->kb->arena, doc->file);
	L->docs[L->ndocs++] = doc;
	return doc;
}

/*
 * A file that did not parse: which sections it meant to hold, read from the
 * text (a section name at the start of a line, then ':'), so the references
 * into them go unchecked rather than fail by the hundred.
 */
static void mark_broken(loader *L, const cr_kb_file *f)
{
	const char *p = f->text, *end = f->text + f->len;
	while (p < end) {
		for (int s = 0; s < S_COUNT; s++) {
			size_t n = strlen(section_names[s]);
			if ((size_t)(end - p) > n && memcmp(p, section_names[s], n) == 0 && p[n] == ':' && !L->broken[s])
				L->broken[s] = cr_arena_strdup(&L->kb->arena, f->name);
		}
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
}

/* Appends to the hint of diagnostic i (the broken file's error) what its error left unchecked. */
static void note_unchecked(loader *L, size_t i, const char *file)
{
	cr_sb b = {0};
	for (int s = 0; s < S_COUNT; s++)
		if (L->unchecked[s] && strcmp(L->broken[s], file) == 0)
			cr_sb_addf(&b, "%s%zu reference%s to %s", b.s ? ", " : "", L->unchecked[s], L->unchecked[s] == 1 ? "" : "s",
				   section_names[s]);
	if (L->partial_schema != S_COUNT && L->unchecked_conditions && strcmp(L->broken[L->partial_schema], file) == 0)
		cr_sb_addf(&b, "%s%zu condition%s", b.s ? " and " : "", L->unchecked_conditions,
			   L->unchecked_conditions == 1 ? "" : "s");
	if (!b.s)
		return;
	cr_diag *g = &L->d->v[i];
	char *hint = cr_xprintf("%s%snot checked until it parses: %s", g->hint ? g->hint : "", g->hint ? "; " : "", b.s);
	free(g->hint);
	g->hint = hint;
	cr_sb_free(&b);
}

/*
 * Whether a file holds the tasks section and nothing else, judged from its
 * text: every line that starts in the first column is a comment, a blank or
 * "tasks:". Anything else (another section, an unknown key, a stray value)
 * is parsed with the rest, so its errors read as before.
 */
static bool tasks_only(const cr_kb_file *f)
{
	const char *p = f->text, *end = f->text + f->len;
	bool found = false;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (p < le && *p != '#' && *p != ' ' && *p != '-' && *p != '\r') {
			if ((size_t)(le - p) >= 6 && memcmp(p, "tasks:", 6) == 0 && !found)
				found = true;
			else
				return false;
		}
		p = nl ? nl + 1 : end;
	}
	return found;
}

static void split_sections(loader *L, cr_ydoc *doc)
{
	struct fy_node *root = cr_ydoc_root(doc);
	if (!fy_node_is_mapping(root)) {
		cr_yerr(L->d, doc, root, "a knowledge file must be a mapping of sections (sources:, rules:, ...)");
		return;
	}
	if (cr_ymap_check_keys(doc, root, section_names, L->d))
		return;
	for (int s = 0; s < S_COUNT; s++) {
		struct fy_node *n = cr_ymap_get(root, section_names[s]);
		if (!n)
			continue;
		if (s != S_MODEL && !fy_node_is_sequence(n)) {
			cr_yerr(L->d, doc, n, "'%s' must be a list", section_names[s]);
			continue;
		}
		if (s != S_MODEL && fy_node_sequence_item_count(n) > CR_KB_MAX_ENTRIES) {
			cr_yerr(L->d, doc, n, "more than %d entries", CR_KB_MAX_ENTRIES);
			continue;
		}
		cr_xgrow((void **)&L->sec[s], &L->capsec[s], L->nsec[s], sizeof *L->sec[s]);
		L->sec[s][L->nsec[s]++] = (pending){doc, n};
	}
}

enum cr_status cr_kb_load_files(const char *dir, const char *qdir, const cr_kb_file *files, size_t nfiles,
				const cr_kb_file *qfiles, size_t nq, cr_kb **out, cr_diags *d)
{
	size_t errs0 = d->n;
	loader L = {.d = d, .fingerprint = CR_FNV_INIT, .partial_schema = S_COUNT};
	cr_kb *kb = cr_xcalloc(1, sizeof *kb);
	L.kb = kb;
	kb->dir = cr_arena_strdup(&kb->arena, dir ? dir : "knowledge");
	kb->qdir = cr_arena_strdup(&kb->arena, qdir ? qdir : "questionnaires");
	cr_ydoc **qdocs = NULL;

	if (!nfiles) {
		cr_diag_add(d, CR_EDATA, kb->dir, 0, 0, "no .yaml files: is this a knowledge folder?");
		goto out;
	}
	if (!nq) {
		cr_diag_add(d, CR_EDATA, kb->qdir, 0, 0, "no questionnaire .yaml files");
		goto out;
	}
	if (nfiles > CR_KB_MAX_FILES || nq > CR_KB_MAX_FILES) {
		cr_diag_add(d, CR_EDATA, nfiles > CR_KB_MAX_FILES ? kb->dir : kb->qdir, 0, 0, "more than %d files",
			    CR_KB_MAX_FILES);
		goto out;
	}
	/* the diagnostic each unparsable file ended with, to note what it left unchecked */
	size_t *broken_diag = cr_xcalloc(nfiles, sizeof *broken_diag);
	for (size_t i = 0; i < nfiles; i++) {
		fingerprint(&L, &files[i], dir);
		if (tasks_only(&files[i])) {
			cr_xgrow((void **)&L.deferred, &L.capdeferred, L.ndeferred, sizeof *L.deferred);
			L.deferred[L.ndeferred++] = &files[i];
			continue;
		}
		size_t before = d->n;
		cr_ydoc *doc = load_doc(&L, &files[i]);
		if (doc) {
			split_sections(&L, doc);
		} else if (d->n > before) {
			mark_broken(&L, &files[i]);
			broken_diag[i] = d->n;
		}
	}
	kb->nfiles = nfiles;
	read_sources(&L);
	read_indices(&L);
	read_skills(&L);
	read_sectors(&L);
	read_regions(&L);
	read_occupations(&L);
	read_tasks(&L);
	read_wages(&L);
	read_roles(&L);
	read_titles(&L);
	read_recs(&L);
	read_model(&L);

	kb->questionnaires = cr_arena_alloc(&kb->arena, nq * sizeof *kb->questionnaires);
	qdocs = cr_xcalloc(nq, sizeof *qdocs);
	for (size_t i = 0; i < nq; i++) {
		fingerprint(&L, &qfiles[i], qdir);
		cr_ydoc *doc = load_doc(&L, &qfiles[i]);
		if (!doc)
			continue;
		bool ok;
		cr_questionnaire *q = &kb->questionnaires[kb->nquestionnaires];
		memset(q, 0, sizeof *q); /* a slot an earlier, rejected entry may have half-filled */
		read_questionnaire(&L, doc, q, &ok);
		if (!ok)
			continue;
		for (size_t j = 0; j < kb->nquestionnaires; j++)
			if (strcmp(kb->questionnaires[j].id, q->id) == 0) {
				cr_yerr(d, doc, cr_ydoc_root(doc), "duplicate questionnaire id '%s'", q->id);
				ok = false;
			}
		if (ok)
			qdocs[kb->nquestionnaires++] = doc;
	}
	add_derived(&L);
	for (size_t i = 0; i < kb->nquestionnaires; i++)
		compile_ask_ifs(&L, &kb->questionnaires[i], qdocs[i]);
	read_rules(&L);
	compile_rec_whens(&L);
	for (size_t i = 0; i < nfiles; i++)
		if (broken_diag[i])
			note_unchecked(&L, broken_diag[i] - 1, files[i].name);
	free(broken_diag);
	if (d->n == errs0 && kb->nrules == 0)
		cr_diag_add(d, CR_EDATA, kb->dir, 0, 0, "no rules: the score is the sum of the rules that fire");
	kb->version = cr_arena_alloc(&kb->arena, 24);
	snprintf((char *)kb->version, 24, "kb-%016llx", (unsigned long long)L.fingerprint);
out:
	free(qdocs);
	for (size_t i = 0; i < L.ndocs; i++)
		cr_ydoc_free(L.docs[i]);
	free(L.docs);
	free(L.names);
	free(L.deferred);
	for (int s = 0; s < S_COUNT; s++)
		free(L.sec[s]);
	if (d->n > errs0) {
		cr_kb_free(kb);
		return CR_EDATA;
	}
	*out = kb;
	return CR_OK;
}

/* Frees a list of files: each text and each name. */
static void free_all(cr_kb_file *f, size_t n)
{
	for (size_t i = 0; f && i < n; i++) {
		free((char *)f[i].text);
		free((char *)f[i].name);
	}
	free(f);
}

/* The listed paths as files not read yet; takes the paths (and frees the array). */
static cr_kb_file *as_files(char **paths, size_t n)
{
	cr_kb_file *f = cr_xcalloc(n ? n : 1, sizeof *f);
	for (size_t i = 0; i < n; i++)
		f[i].name = paths[i];
	free(paths);
	return f;
}

enum cr_status cr_kb_list_files(const char *dir, const char *qdir, cr_kb_files *out, cr_diags *d)
{
	char **files = NULL, **qfiles = NULL;
	size_t nfiles = 0, capf = 0, nq = 0, capq = 0;
	memset(out, 0, sizeof *out);
	if (list_files(dir, 0, &files, &nfiles, &capf, d) || list_files(qdir, 0, &qfiles, &nq, &capq, d)) {
		for (size_t i = 0; i < nfiles; i++)
			free(files[i]);
		for (size_t i = 0; i < nq; i++)
			free(qfiles[i]);
		free(files);
		free(qfiles);
		return CR_EDATA;
	}
	qsort(files, nfiles, sizeof *files, str_cmp);
	qsort(qfiles, nq, sizeof *qfiles, str_cmp);
	out->k = as_files(files, nfiles);
	out->nk = nfiles;
	out->q = as_files(qfiles, nq);
	out->nq = nq;
	return CR_OK;
}

/* Reads each listed file into memory; one that cannot be read is reported and left out. */
static void read_list(cr_kb_file *f, size_t *n, cr_diags *d)
{
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		char *text;
		size_t len;
		if (cr_ydoc_read(f[i].name, CR_KB_MAX_FILE, &text, &len, d)) {
			free((char *)f[i].name);
			continue;
		}
		f[kept].name = f[i].name;
		f[kept].text = text;
		f[kept].len = len;
		kept++;
	}
	*n = kept;
}

enum cr_status cr_kb_files_read(cr_kb_files *f, cr_diags *d)
{
	size_t errs0 = d->n;
	read_list(f->k, &f->nk, d);
	read_list(f->q, &f->nq, d);
	return d->n > errs0 ? CR_EDATA : CR_OK;
}

enum cr_status cr_kb_read_files(const char *dir, const char *qdir, cr_kb_files *out, cr_diags *d)
{
	if (cr_kb_list_files(dir, qdir, out, d))
		return CR_EDATA;
	return cr_kb_files_read(out, d);
}

void cr_kb_files_free(cr_kb_files *f)
{
	free_all(f->k, f->nk);
	free_all(f->q, f->nq);
	memset(f, 0, sizeof *f);
}

enum cr_status cr_kb_load(const char *dir, const char *qdir, cr_kb **out, cr_diags *d)
{
	size_t errs0 = d->n;
	cr_kb_files f;
	cr_kb_read_files(dir, qdir, &f, d);
	enum cr_status st = CR_EDATA;
	if (f.k || f.q) { /* listed: load what was read, so every file's errors are reported, not just the first */
		cr_kb *kb = NULL;
		st = cr_kb_load_files(dir, qdir, f.k, f.nk, f.q, f.nq, &kb, d);
		if (st == CR_OK && d->n > errs0) { /* a file could not be read */
			cr_kb_free(kb);
			st = CR_EDATA;
		} else if (st == CR_OK) {
			*out = kb;
		}
	}
	cr_kb_files_free(&f);
	return st;
}

void cr_kb_free(cr_kb *kb)
{
	if (!kb)
		return;
	cr_arena_free(&kb->arena);
	if (kb->backing.release)
		kb->backing.release(kb->backing.p, kb->backing.n);
	free(kb);
}
