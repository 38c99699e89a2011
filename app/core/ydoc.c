/* ydoc.c - see ydoc.h. */
#include "ydoc.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* libfyaml insists on an output function; collected errors are read back instead. */
static void diag_sink(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	(void)diag;
	(void)user;
	(void)buf;
	(void)len;
}

#define MAX_DEPTH 64 /* nesting of mappings and sequences: far beyond any real file */

/* The first alias (*name) under n, or the first node nested too deeply; NULL when neither. */
static struct fy_node *find_alias(struct fy_node *n, int depth, bool *too_deep)
{
	if (!n)
		return NULL;
	if (fy_node_is_alias(n))
		return n;
	if (depth > MAX_DEPTH) {
		*too_deep = true;
		return n;
	}
	struct fy_node *hit = NULL;
	void *it = NULL;
	if (fy_node_is_mapping(n)) {
		struct fy_node_pair *p;
		while (!hit && (p = fy_node_mapping_iterate(n, &it)) != NULL) {
			hit = find_alias(fy_node_pair_key(p), depth + 1, too_deep);
			if (!hit)
				hit = find_alias(fy_node_pair_value(p), depth + 1, too_deep);
		}
	} else if (fy_node_is_sequence(n)) {
		struct fy_node *c;
		while (!hit && (c = fy_node_sequence_iterate(n, &it)) != NULL)
			hit = find_alias(c, depth + 1, too_deep);
	}
	return hit;
}

enum cr_status cr_ydoc_parse(const char *name, const char *text, size_t len, cr_ydoc **out,
			     cr_diags *d)
{
	enum cr_status st = CR_OK;
	struct fy_diag_cfg dcfg;
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = diag_sink;
	dcfg.colorize = false;
	struct fy_diag *diag = fy_diag_create(&dcfg);
	if (!diag)
		return cr_diag_add(d, CR_EFAIL, name, 0, 0, "cannot start the YAML parser");
	fy_diag_set_collect_errors(diag, true);

	struct fy_parse_cfg pcfg;
	memset(&pcfg, 0, sizeof pcfg);
	pcfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG | FYPCF_DISABLE_ACCELERATORS;
	pcfg.diag = diag;
	/* libfyaml keeps pointing into the text: the document owns a copy. */
	char *copy = cr_xstrndup(text, len);
	struct fy_document *fyd = fy_document_build_from_string(&pcfg, copy, len);
	if (!fyd) {
		void *it = NULL;
		struct fy_diag_error *e;
		bool any = false;
		while ((e = fy_diag_errors_iterate(diag, &it)) != NULL) {
			cr_diag_add(d, CR_EDATA, name, e->line, e->column, "%s", e->msg);
			any = true;
			break; /* later errors are usually consequences of the first */
		}
		if (!any)
			cr_diag_add(d, CR_EDATA, name, 0, 0, "not a valid YAML or JSON document");
		cr_diag_hint(d, "fix the syntax at that position");
		free(copy);
		st = CR_EDATA;
		goto out;
	}
	if (!fy_document_root(fyd)) {
		fy_document_destroy(fyd);
		free(copy);
		st = cr_diag_add(d, CR_EDATA, name, 1, 1, "the document is empty");
		goto out;
	}
	cr_ydoc *doc = cr_xcalloc(1, sizeof *doc);
	doc->fyd = fyd;
	doc->text = copy;
	doc->file = cr_xstrdup(name);
	/* Aliases are refused: every value is written out where it is used, and no
	 * document can expand into a "billion laughs". */
	bool too_deep = false;
	struct fy_node *bad = find_alias(fy_document_root(fyd), 0, &too_deep);
	if (bad) {
		if (too_deep) {
			st = cr_yerr(d, doc, bad, "nested more than %d levels deep", MAX_DEPTH);
		} else {
			st = cr_yerr(d, doc, bad, "YAML aliases (*name) are not accepted");
			cr_diag_hint(d, "write the value out in full where it is used");
		}
		cr_ydoc_free(doc);
		goto out;
	}
	*out = doc;
out:
	fy_diag_destroy(diag);
	return st;
}

enum cr_status cr_ydoc_load(const char *path, size_t max_bytes, cr_ydoc **out, cr_diags *d)
{
	char *text = NULL;
	size_t len = 0;
	int rc = cr_file_read(path, max_bytes, &text, &len);
	if (rc == EFBIG) {
		cr_diag_add(d, CR_EDATA, path, 0, 0, "file is larger than the %zu-byte limit",
			    max_bytes);
		cr_diag_hint(d, "split it into several files");
		return CR_EDATA;
	}
	if (rc) {
		cr_diag_add(d, CR_EDATA, path, 0, 0, "cannot read: %s", strerror(rc));
		return CR_EDATA;
	}
	if (memchr(text, '\0', len)) {
		free(text);
		return cr_diag_add(d, CR_EDATA, path, 0, 0, "binary data (a NUL byte) in a text file");
	}
	enum cr_status st = cr_ydoc_parse(path, text, len, out, d);
	free(text);
	return st;
}

void cr_ydoc_free(cr_ydoc *doc)
{
	if (!doc)
		return;
	fy_document_destroy(doc->fyd);
	free(doc->text);
	free(doc->file);
	free(doc);
}

struct fy_node *cr_ydoc_root(const cr_ydoc *doc)
{
	return fy_document_root(doc->fyd);
}

static bool token_pos(struct fy_token *t, int *line, int *col)
{
	const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
	if (!m)
		return false;
	*line = m->line + 1;
	*col = m->column + 1;
	return true;
}

void cr_ynode_pos(struct fy_node *n, int *line, int *col)
{
	*line = 0;
	*col = 0;
	for (int depth = 0; n && depth < 64; depth++) {
		if (fy_node_is_scalar(n) || fy_node_is_alias(n)) {
			if (token_pos(fy_node_get_scalar_token(n), line, col))
				return;
		} else if (fy_node_is_mapping(n)) {
			void *it = NULL;
			struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
			if (p) {
				n = fy_node_pair_key(p);
				continue;
			}
		} else if (fy_node_is_sequence(n)) {
			void *it = NULL;
			struct fy_node *first = fy_node_sequence_iterate(n, &it);
			if (first) {
				n = first;
				continue;
			}
		}
		/* an empty collection has no position of its own: point at its key, else at its owner */
		struct fy_node *parent = fy_node_get_parent(n);
		if (parent && fy_node_is_mapping(parent)) {
			void *it = NULL;
			struct fy_node_pair *p;
			while ((p = fy_node_mapping_iterate(parent, &it)) != NULL)
				if (fy_node_pair_value(p) == n && token_pos(fy_node_get_scalar_token(fy_node_pair_key(p)), line, col))
					return;
		}
		n = parent;
	}
}

enum cr_status cr_yerr(cr_diags *d, const cr_ydoc *doc, struct fy_node *n, const char *fmt, ...)
{
	int line = 0, col = 0;
	if (n)
		cr_ynode_pos(n, &line, &col);
	va_list ap;
	va_start(ap, fmt);
	char *msg = cr_xvprintf(fmt, ap);
	va_end(ap);
	cr_diag_add(d, CR_EDATA, doc ? doc->file : NULL, line, col, "%s", msg);
	free(msg);
	return CR_EDATA;
}

struct fy_node *cr_ymap_get(struct fy_node *map, const char *key)
{
	if (!map || !fy_node_is_mapping(map))
		return NULL;
	return fy_node_mapping_lookup_by_string(map, key, FY_NT);
}

const char *cr_ynode_str(struct fy_node *n)
{
	if (!n || !fy_node_is_scalar(n) || fy_node_is_alias(n))
		return NULL;
	return fy_node_get_scalar0(n);
}

bool cr_ynode_quoted(struct fy_node *n)
{
	if (!n || !fy_node_is_scalar(n))
		return false;
	enum fy_node_style s = fy_node_get_style(n);
	return s == FYNS_SINGLE_QUOTED || s == FYNS_DOUBLE_QUOTED;
}

enum cr_status cr_ymap_check_keys(const cr_ydoc *doc, struct fy_node *map,
				  const char *const *allowed, cr_diags *d)
{
	enum cr_status st = CR_OK;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(map, &it)) != NULL) {
		struct fy_node *k = fy_node_pair_key(p);
		const char *key = cr_ynode_str(k);
		if (!key) {
			st = cr_yerr(d, doc, k, "a key must be a plain word");
			continue;
		}
		bool ok = false;
		for (size_t i = 0; allowed[i] && !ok; i++)
			ok = strcmp(key, allowed[i]) == 0;
		if (ok)
			continue;
		/* only an unknown key pays for the nearest spelling */
		const char *best = NULL;
		int bestd = 3;
		for (size_t i = 0; allowed[i]; i++) {
			int dist = cr_edit_distance(key, allowed[i], 3);
			if (dist < bestd) {
				bestd = dist;
				best = allowed[i];
			}
		}
		if (best)
			st = cr_yerr(d, doc, k, "unknown key '%s' (did you mean '%s'?)", key, best);
		else
			st = cr_yerr(d, doc, k, "unknown key '%s'", key);
	}
	return st;
}

enum cr_status cr_yget_str(const cr_ydoc *doc, struct fy_node *map, const char *key,
			   bool required, const char **out, cr_diags *d)
{
	struct fy_node *n = cr_ymap_get(map, key);
	*out = NULL;
	if (!n) {
		if (required)
			return cr_yerr(d, doc, map, "missing '%s'", key);
		return CR_OK;
	}
	const char *s = cr_ynode_str(n);
	if (!s)
		return cr_yerr(d, doc, n, "'%s' must be text", key);
	if (required && !*s)
		return cr_yerr(d, doc, n, "'%s' must not be empty", key);
	*out = s;
	return CR_OK;
}

bool cr_ynode_num(struct fy_node *n, double *out)
{
	const char *s = cr_ynode_str(n);
	if (!s || !*s || cr_ynode_quoted(n))
		return false;
	char *end = NULL;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || *end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

enum cr_status cr_yget_num(const cr_ydoc *doc, struct fy_node *map, const char *key,
			   bool required, double lo, double hi, double *out, bool *present,
			   cr_diags *d)
{
	struct fy_node *n = cr_ymap_get(map, key);
	if (present)
		*present = n != NULL;
	if (!n) {
		if (required)
			return cr_yerr(d, doc, map, "missing '%s'", key);
		return CR_OK;
	}
	double v;
	if (!cr_ynode_num(n, &v))
		return cr_yerr(d, doc, n, "'%s' must be a number", key);
	if (v < lo || v > hi)
		return cr_yerr(d, doc, n, "'%s' is %g; it must be between %g and %g", key, v, lo, hi);
	*out = v;
	return CR_OK;
}
