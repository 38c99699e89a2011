/* json.c - see json.h. */
#include "json.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static struct fy_node *checked(struct fy_node *n)
{
	if (!n) {
		fputs("career-risk: out of memory building JSON\n", stderr);
		abort();
	}
	return n;
}

struct fy_document *cr_j_doc(void)
{
	struct fy_document *d = fy_document_create(NULL);
	if (!d) {
		fputs("career-risk: out of memory building JSON\n", stderr);
		abort();
	}
	return d;
}

struct fy_node *cr_j_map(struct fy_document *d) { return checked(fy_node_create_mapping(d)); }
struct fy_node *cr_j_seq(struct fy_document *d) { return checked(fy_node_create_sequence(d)); }

/* True when a plain scalar of this text would be emitted as something other than a string. */
static bool looks_typed(const char *s)
{
	if (!*s)
		return false;
	if (!strcmp(s, "true") || !strcmp(s, "false") || !strcmp(s, "null") || !strcmp(s, "~") ||
	    !strcmp(s, "True") || !strcmp(s, "False") || !strcmp(s, "Null") || !strcmp(s, "NULL") ||
	    !strcmp(s, "TRUE") || !strcmp(s, "FALSE"))
		return true;
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	bool digit = false;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p))
			digit = true;
		else if (!strchr(".eExXoO_abcdefABCDEF+-", *p))
			return false;
	}
	return digit || !strcmp(s, ".inf") || !strcmp(s, ".nan");
}

struct fy_node *cr_j_str(struct fy_document *d, const char *s)
{
	if (!s)
		return cr_j_null(d);
	if (looks_typed(s)) {
		/*
		 * A created scalar has no quoting style, so "42" would come out as
		 * a number. Such text holds no quote or escape: parse it as a
		 * single-quoted YAML scalar and copy that node, style and all.
		 */
		char *q = cr_xprintf("'%s'", s);
		/* built inside d, which takes q; cheaper than a document of its own (no parser set-up per call) */
		struct fy_node *n = fy_node_build_from_malloc_string(d, q, FY_NT);
		if (!n)
			free(q);
		return checked(n);
	}
	return checked(fy_node_create_scalar_copy(d, s, strlen(s)));
}

struct fy_node *cr_j_num_exact(struct fy_document *d, double v)
{
	char buf[64];
	/* the fewest digits that read back as exactly v */
	for (int prec = 6; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return checked(fy_node_create_scalar_copy(d, buf, strlen(buf)));
}

struct fy_node *cr_j_num(struct fy_document *d, double v)
{
	char buf[64];
	/* range first: converting a double beyond long long's range is undefined */
	if (v > -1e15 && v < 1e15 && v == (long long)v)
		snprintf(buf, sizeof buf, "%lld", (long long)v);
	else
		snprintf(buf, sizeof buf, "%.6g", v);
	return checked(fy_node_create_scalar_copy(d, buf, strlen(buf)));
}

struct fy_node *cr_j_int(struct fy_document *d, long long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", v);
	return checked(fy_node_create_scalar_copy(d, buf, strlen(buf)));
}

struct fy_node *cr_j_bool(struct fy_document *d, bool v)
{
	return checked(fy_node_create_scalar(d, v ? "true" : "false", FY_NT));
}

struct fy_node *cr_j_null(struct fy_document *d)
{
	return checked(fy_node_create_scalar(d, "null", FY_NT));
}

void cr_j_set(struct fy_node *map, const char *key, struct fy_node *value)
{
	struct fy_document *d = fy_node_document(map);
	if (fy_node_mapping_append(map, cr_j_str(d, key), value) != 0) {
		fputs("career-risk: cannot build JSON\n", stderr);
		abort();
	}
}

void cr_j_push(struct fy_node *seq, struct fy_node *value)
{
	if (fy_node_sequence_append(seq, value) != 0) {
		fputs("career-risk: cannot build JSON\n", stderr);
		abort();
	}
}

void cr_j_set_scores(struct fy_document *d, struct fy_node *m, const cr_j_scores *s)
{
	cr_j_set(m, "score", cr_j_int(d, s->score));
	cr_j_set(m, "band", cr_j_str(d, s->band));
	struct fy_node *range = cr_j_seq(d);
	cr_j_push(range, cr_j_int(d, s->range_lo));
	cr_j_push(range, cr_j_int(d, s->range_hi));
	cr_j_set(m, "range", range);
	struct fy_node *dims = cr_j_map(d);
	cr_j_set(dims, "routineness", cr_j_int(d, s->routineness));
	cr_j_set(dims, "ai_usage", cr_j_int(d, s->ai_usage));
	cr_j_set(dims, "specialization", cr_j_int(d, s->specialization));
	cr_j_set(dims, "exposure", s->exposure >= 0 ? cr_j_int(d, s->exposure) : cr_j_null(d));
	cr_j_set(m, "dimensions", dims);
}

char *cr_j_emit(struct fy_document *d, struct fy_node *root, bool oneline)
{
	fy_document_set_root(d, root);
	enum fy_emitter_cfg_flags flags = FYECF_MODE_JSON_TP | FYECF_WIDTH_INF | FYECF_INDENT_2;
	if (oneline)
		flags = FYECF_MODE_JSON_ONELINE | FYECF_WIDTH_INF | FYECF_NO_ENDING_NEWLINE;
	char *s = fy_emit_document_to_string(d, flags);
	if (!s) {
		fputs("career-risk: cannot emit JSON\n", stderr);
		abort();
	}
	return s;
}
