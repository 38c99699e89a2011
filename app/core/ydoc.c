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

/* 1-based line and column of byte `at` in text (columns count bytes). */
static void text_pos(const char *text, size_t at, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < at; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

#define MAX_DEPTH 64 /* nesting of mappings and sequences: far beyond any real file */

/* What check_tree() found wrong with a document, if anything. */
enum tree_problem { TREE_OK, TREE_ALIAS, TREE_DEEP, TREE_DUPLICATE };
typedef struct tree_check {
	enum tree_problem what;
	struct fy_node *at;    /* the alias, the node too deep, or a key's second occurrence */
	struct fy_node *first; /* TREE_DUPLICATE: the key's first occurrence */
} tree_check;

typedef struct keyref {
	const char *s;
	size_t len, index;
	struct fy_node *node;
} keyref;

static int keyref_cmp(const void *a, const void *b)
{
	const keyref *x = a, *y = b;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	int c = memcmp(x->s, y->s, x->len);
	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

static bool same_key(const keyref *x, const keyref *y)
{
	return x->len == y->len && memcmp(x->s, y->s, x->len) == 0;
}

/*
 * A key given twice in mapping m: the second occurrence that comes first in
 * the file. libfyaml's own check compares every key with every other (a
 * 50,000-key file took 50 s), so the document is built allowing duplicates
 * and they are found here by sorting, in n log n.
 */
static bool duplicate_key(struct fy_node *m, tree_check *tc)
{
	size_t n = (size_t)fy_node_mapping_item_count(m);
	if (n < 2)
		return false;
	keyref *k = cr_xcalloc(n, sizeof *k);
	size_t nk = 0;
	void *it = NULL;
	struct fy_node_pair *p;
	for (size_t i = 0; (p = fy_node_mapping_iterate(m, &it)) != NULL; i++) {
		struct fy_node *key = fy_node_pair_key(p);
		size_t len = 0;
		const char *s = key && fy_node_is_scalar(key) ? fy_node_get_scalar(key, &len) : NULL;
		if (s) /* a null or complex key is for the reader of the mapping to refuse */
			k[nk++] = (keyref){s, len, i, key};
	}
	qsort(k, nk, sizeof *k, keyref_cmp);
	/* equal keys sort together, each run in file order: its second entry is a repeat */
	const keyref *second = NULL, *first = NULL;
	for (size_t i = 1; i < nk; i++) {
		bool run_start = i < 2 || !same_key(&k[i - 2], &k[i - 1]);
		if (run_start && same_key(&k[i - 1], &k[i]) && (!second || k[i].index < second->index)) {
			second = &k[i];
			first = &k[i - 1];
		}
	}
	if (second)
		*tc = (tree_check){TREE_DUPLICATE, second->node, first->node};
	free(k);
	return second != NULL;
}

/* A problem under n: an alias (*name), a node nested too deeply, a key given twice (each mapping's keys before what they hold). */
static bool check_tree(struct fy_node *n, int depth, tree_check *tc)
{
	if (!n)
		return false;
	if (fy_node_is_alias(n)) {
		*tc = (tree_check){TREE_ALIAS, n, NULL};
		return true;
	}
	if (depth > MAX_DEPTH) {
		*tc = (tree_check){TREE_DEEP, n, NULL};
		return true;
	}
	void *it = NULL;
	if (fy_node_is_mapping(n)) {
		if (duplicate_key(n, tc))
			return true;
		struct fy_node_pair *p;
		while ((p = fy_node_mapping_iterate(n, &it)) != NULL)
			if (check_tree(fy_node_pair_key(p), depth + 1, tc) || check_tree(fy_node_pair_value(p), depth + 1, tc))
				return true;
	} else if (fy_node_is_sequence(n)) {
		struct fy_node *c;
		while ((c = fy_node_sequence_iterate(n, &it)) != NULL)
			if (check_tree(c, depth + 1, tc))
				return true;
	}
	return false;
}

/* True when a line of text starts with s (a document marker such as "---"). */
static bool line_starts(const char *text, size_t len, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i + n <= len; i++)
		if ((i == 0 || text[i - 1] == '\n') && memcmp(text + i, s, n) == 0)
			return true;
	return false;
}

/*
 * libfyaml builds the first document and ignores the rest, so answers after a
 * second `---` would vanish without a word. Finds where a second document
 * starts (1-based line and column), or returns false. The event scan runs only
 * when a line starts with a document marker.
 */
static bool second_document(const char *text, size_t len, int *line, int *col)
{
	if (!line_starts(text, len, "---") && !line_starts(text, len, "..."))
		return false;
	struct fy_parse_cfg cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.flags = FYPCF_QUIET;
	struct fy_parser *fyp = fy_parser_create(&cfg);
	if (!fyp)
		return false;
	bool found = false;
	int docs = 0;
	if (fy_parser_set_string(fyp, text, len) == 0) {
		struct fy_event *e;
		while (!found && (e = fy_parser_parse(fyp)) != NULL) {
			struct fy_token *t = NULL;
			if (e->type == FYET_DOCUMENT_START && ++docs == 2)
				t = e->document_start.document_start; /* NULL after `...`: the first scalar then */
			else if (docs == 2 && e->type == FYET_SCALAR)
				t = e->scalar.value;
			if (docs == 2 && (t || e->type == FYET_DOCUMENT_END)) {
				const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
				*line = m ? m->line + 1 : 0;
				*col = m ? m->column + 1 : 0;
				found = true;
			}
			fy_parser_event_free(fyp, e);
		}
	}
	fy_parser_destroy(fyp);
	return found;
}

/*
 * The encoding a file in UTF-16 or UTF-32 is in, from its byte-order mark or,
 * without one, from where its first character's zero bytes fall (as YAML 1.2
 * section 5.2 detects it), or NULL for anything else. UTF-32 is tried first:
 * its little-endian mark FF FE 00 00 starts with UTF-16's FF FE.
 */
static const char *wide_encoding(const unsigned char *t, size_t len)
{
	if (len >= 4 && t[0] == 0 && t[1] == 0 && ((t[2] == 0xfe && t[3] == 0xff) || (t[2] == 0 && t[3] != 0)))
		return "UTF-32";
	if (len >= 4 && ((t[0] == 0xff && t[1] == 0xfe && t[2] == 0 && t[3] == 0) ||
			 (t[0] != 0 && t[1] == 0 && t[2] == 0 && t[3] == 0)))
		return "UTF-32";
	if (len >= 2 && ((t[0] == 0xff && t[1] == 0xfe) || (t[0] == 0xfe && t[1] == 0xff) ||
			 (t[0] == 0 && t[1] != 0) || (t[0] != 0 && t[1] == 0)))
		return "UTF-16";
	return NULL;
}

enum cr_status cr_ydoc_parse(const char *name, const char *text, size_t len, cr_ydoc **out,
			     cr_diags *d)
{
	enum cr_status st = CR_OK;
	/*
	 * The text must be what YAML allows before libfyaml sees it: a NUL would
	 * end it early for every string read from it, and libfyaml 0.7 loops
	 * forever on some invalid UTF-8 (a directive line `%` followed by 0xFF).
	 */
	/* before the NUL check: UTF-16 and UTF-32 text is mostly zero bytes */
	const char *wide = wide_encoding((const unsigned char *)text, len);
	if (wide) {
		cr_diag_add(d, CR_EDATA, name, 1, 1, "the file is %s text, not UTF-8", wide);
		cr_diag_hint(d, "save it as UTF-8 (in most editors: Save As, then choose the UTF-8 encoding)");
		return CR_EDATA;
	}
	size_t bad_at = cr_utf8_invalid(text, len);
	for (size_t i = 0; i < bad_at; i++) {
		unsigned char c = (unsigned char)text[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
			int line, col;
			text_pos(text, i, &line, &col);
			if (c == 0)
				cr_diag_add(d, CR_EDATA, name, line, col, "binary data (a NUL byte) in a text file");
			else
				cr_diag_add(d, CR_EDATA, name, line, col, "a control character (byte 0x%02X) in a text file", c);
			cr_diag_hint(d, "save the file as plain UTF-8 text without control characters (an editor that shows invisible characters helps)");
			return CR_EDATA;
		}
	}
	if (bad_at < len) {
		int line, col;
		text_pos(text, bad_at, &line, &col);
		cr_diag_add(d, CR_EDATA, name, line, col, "not UTF-8 text (byte 0x%02X)", (unsigned char)text[bad_at]);
		cr_diag_hint(d, "save the file as UTF-8 (a file from a spreadsheet or an old editor may be Latin-1 or UTF-16)");
		return CR_EDATA;
	}
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
	/* duplicate keys are found by check_tree(); no accelerators: their hash tables cost a
	 * malloc per mapping, most of the load time of the task data (knowledge/tasks/), and
	 * every mapping we read is small */
	pcfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG | FYPCF_ALLOW_DUPLICATE_KEYS | FYPCF_DISABLE_ACCELERATORS;
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
		if (!any) {
			cr_diag_add(d, CR_EDATA, name, 0, 0, "no YAML or JSON document in the file (is it empty, or only comments?)");
			cr_diag_hint(d, "write the entries out as the documentation shows");
		} else {
			cr_diag_hint(d, "fix the syntax at that position");
		}
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
	int line, col;
	if (second_document(copy, len, &line, &col)) {
		fy_document_destroy(fyd);
		free(copy);
		st = cr_diag_add(d, CR_EDATA, name, line, col, "a second document starts here: a file holds one document");
		cr_diag_hint(d, "remove the `---` line, or split the file in two");
		goto out;
	}
	cr_ydoc *doc = cr_xcalloc(1, sizeof *doc);
	doc->fyd = fyd;
	doc->text = copy;
	doc->file = cr_xstrdup(name);
	/* Aliases are refused: every value is written out where it is used, and no
	 * document can expand into a "billion laughs". */
	tree_check tc = {0};
	if (check_tree(fy_document_root(fyd), 0, &tc)) {
		if (tc.what == TREE_DEEP) {
			st = cr_yerr(d, doc, tc.at, "nested more than %d levels deep", MAX_DEPTH);
		} else if (tc.what == TREE_ALIAS) {
			st = cr_yerr(d, doc, tc.at, "YAML aliases (*name) are not accepted");
			cr_diag_hint(d, "write the value out in full where it is used");
		} else {
			int first_line = 0, first_col = 0;
			cr_ynode_pos(tc.first, &first_line, &first_col);
			char *key = cr_vis(cr_ynode_str(tc.at), CR_ECHO_MAX, 0); /* cut at a character, escaped */
			st = cr_yerr(d, doc, tc.at, "duplicate key '%s'", key);
			free(key);
			cr_diag_hint(d, "it is already given at line %d; keep one of the two", first_line);
		}
		cr_ydoc_free(doc);
		goto out;
	}
	*out = doc;
out:
	fy_diag_destroy(diag);
	return st;
}

enum cr_status cr_ydoc_read(const char *path, size_t max_bytes, char **text, size_t *len, cr_diags *d)
{
	int rc = cr_file_read(path, max_bytes, text, len);
	if (rc == EFBIG) {
		cr_diag_add(d, CR_EDATA, path, 0, 0, "file is larger than the %zu-byte limit",
			    max_bytes);
		cr_diag_hint(d, "split it into several files");
		return CR_EDATA;
	}
	if (rc) {
		/* a file that is not there is "not found" (5), as a missing --input is (csvio.c) */
		enum cr_status st = rc == ENOENT ? CR_ENOTFOUND : CR_EDATA;
		cr_diag_add(d, st, path, 0, 0, "cannot read: %s", strerror(rc));
		if (rc == ENOENT)
			cr_diag_hint(d, "check the file's name and folder");
		return st;
	}
	return CR_OK;
}

enum cr_status cr_ydoc_load(const char *path, size_t max_bytes, cr_ydoc **out, cr_diags *d)
{
	char *text = NULL;
	size_t len = 0;
	enum cr_status st = cr_ydoc_read(path, max_bytes, &text, &len, d);
	if (st)
		return st;
	st = cr_ydoc_parse(path, text, len, out, d);
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
		/* an empty collection: point at the key it is the value of, else at its owner */
		struct fy_node *parent = fy_node_get_parent(n);
		if (parent && fy_node_is_mapping(parent)) {
			void *it = NULL;
			struct fy_node_pair *p;
			while ((p = fy_node_mapping_iterate(parent, &it)) != NULL)
				if (fy_node_pair_value(p) == n && fy_node_pair_key(p) && fy_node_pair_key(p) != n)
					break;
			if (p) {
				n = fy_node_pair_key(p);
				continue;
			}
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
	/* An escaped NUL ("a\u0000b") would cut the text short without a word: not text. */
	size_t len = 0;
	const char *raw = fy_node_get_scalar(n, &len);
	if (!raw || memchr(raw, '\0', len))
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
		char *e = cr_vis(key, CR_ECHO_MAX, 0); /* data: escaped, and cut short */
		if (best)
			st = cr_yerr(d, doc, k, "unknown key '%s' (did you mean '%s'?)", e, best);
		else
			st = cr_yerr(d, doc, k, "unknown key '%s'", e);
		free(e);
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
