/* diag.c - see diag.h. */
#include "diag.h"

#include <stdlib.h>

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
		cr_sb_add(&b, g->file);
		if (g->line > 0) {
			cr_sb_addf(&b, ":%d", g->line);
			if (g->col > 0)
				cr_sb_addf(&b, ":%d", g->col);
		}
		cr_sb_add(&b, ": ");
	}
	if (g->status == CR_OK)
		cr_sb_add(&b, "warning: ");
	cr_sb_add(&b, g->msg);
	return cr_sb_take(&b);
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
