/* diag.c - see diag.h. */
#include "diag.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum cr_status cr_diag_add(cr_diags *d, enum cr_status st, const char *file, int line, int col,
			   const char *fmt, ...)
{
	cr_xgrow((void **)&d->v, &d->cap, d->n, sizeof *d->v);
	cr_diag *g = &d->v[d->n++];
	va_list ap;
	va_start(ap, fmt);
	g->msg = cr_xvprintf(fmt, ap);
	va_end(ap);
	g->status = st;
	g->file = file ? cr_xstrdup(file) : NULL;
	g->line = line;
	g->col = col;
	g->hint = NULL;
	return st;
}

void cr_diag_hint(cr_diags *d, const char *fmt, ...)
{
	if (!d->n)
		return;
	cr_diag *g = &d->v[d->n - 1];
	free(g->hint);
	va_list ap;
	va_start(ap, fmt);
	g->hint = cr_xvprintf(fmt, ap);
	va_end(ap);
}

enum cr_status cr_diags_status(const cr_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].status != CR_OK)
			return d->v[i].status;
	return CR_OK;
}

char *cr_diag_format(const cr_diag *g)
{
	cr_sb b = {0};
	if (g->file) {
		cr_sb_add_vis(&b, g->file, 0, 0);
		if (g->line > 0) {
			cr_sb_addf(&b, ":%d", g->line);
			if (g->col > 0)
				cr_sb_addf(&b, ":%d", g->col);
		}
		cr_sb_add(&b, ": ");
	}
	if (g->status == CR_OK)
		cr_sb_add(&b, "warning: ");
	cr_sb_add_vis(&b, g->msg, CR_DIAG_MSG_MAX, CR_VIS_KEEP_NL);
	return cr_sb_take(&b);
}

char *cr_diag_format_hint(const cr_diag *g)
{
	return g->hint ? cr_vis(g->hint, CR_DIAG_MSG_MAX, CR_VIS_KEEP_NL) : NULL;
}

/* A diagnostic's kind: status, file, and message with quoted parts and digits left out. */
static uint64_t diag_kind(const cr_diag *g)
{
	uint64_t h = cr_fnv1a(CR_FNV_INIT, &g->status, sizeof g->status);
	if (g->file)
		h = cr_fnv1a(h, g->file, strlen(g->file) + 1);
	char quote = 0;
	for (const char *p = g->msg; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '\'' || *p == '"' || *p == '`') {
			quote = *p;
			continue;
		}
		if (*p >= '0' && *p <= '9')
			continue;
		h = cr_fnv1a(h, p, 1);
	}
	return h;
}

typedef struct kind_at {
	uint64_t kind;
	size_t i;
} kind_at;

static int kind_at_cmp(const void *a, const void *b)
{
	const kind_at *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

void cr_diags_limit(const cr_diags *d, size_t keep, size_t *more)
{
	if (!d->n)
		return;
	/* sorted by kind, then by position: O(n log n) for 50,000 diagnostics */
	kind_at *k = cr_xcalloc(d->n, sizeof *k);
	for (size_t i = 0; i < d->n; i++) {
		k[i] = (kind_at){diag_kind(&d->v[i]), i};
		more[i] = 0;
	}
	qsort(k, d->n, sizeof *k, kind_at_cmp);
	for (size_t a = 0, b; a < d->n; a = b) {
		for (b = a; b < d->n && k[b].kind == k[a].kind; b++)
			;
		if (b - a <= keep)
			continue;
		for (size_t j = a + keep; j < b; j++)
			more[k[j].i] = CR_DIAG_HIDDEN;
		more[k[a + keep - 1].i] = b - a - keep;
	}
	free(k);
}

void cr_diags_clear(cr_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
		free(d->v[i].hint);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

const char *cr_status_name(enum cr_status st)
{
	switch (st) {
	case CR_OK: return "success";
	case CR_EFAIL: return "internal error";
	case CR_EUSAGE: return "usage error";
	case CR_EDATA: return "data error";
	case CR_ESTORE: return "storage error";
	case CR_ENOTFOUND: return "not found";
	case CR_ECANCEL: return "cancelled";
	case CR_EIO: return "output error";
	}
	return "error";
}
