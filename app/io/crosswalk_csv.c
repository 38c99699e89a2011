/* crosswalk_csv.c - reads an organisation's job-title crosswalk from CSV (crosswalk_csv.h). */
#include "crosswalk_csv.h"

#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "csvio.h"

#define MAX_ERRORS 20 /* reported before the rest of a bad file is left unread */

static long column(const cr_csv_record *h, const char *name)
{
	for (size_t i = 0; i < h->n; i++) {
		char *t = cr_str_trim(cr_xstrdup(h->v[i]));
		bool eq = cr_strcasecmp(t, name) == 0;
		free(t);
		if (eq)
			return (long)i;
	}
	return -1;
}

enum cr_status cr_crosswalk_load(const char *path, const cr_kb *kb, cr_crosswalk **out, cr_diags *d)
{
	cr_csv_reader *rd = NULL;
	enum cr_status st = cr_csv_open(path, &rd, d);
	if (st)
		return st;
	const cr_csv_record *rec = NULL;
	if ((st = cr_csv_next(rd, &rec, d)) || !rec) {
		cr_csv_close(rd);
		if (st)
			return st;
		cr_diag_add(d, CR_EDATA, path, 0, 0, "the titles crosswalk is empty: it needs a header row with title and soc");
		return CR_EDATA;
	}
	long tc = column(rec, "title"), sc = column(rec, "soc");
	if (tc < 0 || sc < 0) {
		cr_diag_add(d, CR_EDATA, path, (int)rec->line, 0, "the titles crosswalk's header has no '%s' column",
			    tc < 0 ? "title" : "soc");
		cr_diag_hint(d, "the header row must name a title column and a soc column, e.g. title,soc");
		cr_csv_close(rd);
		return CR_EDATA;
	}
	cr_crosswalk *x = cr_crosswalk_new();
	int errors = 0;
	while (errors < MAX_ERRORS && (st = cr_csv_next(rd, &rec, d)) == CR_OK && rec) {
		if (rec->oversized || rec->nul_field >= 0) {
			cr_diag_add(d, CR_EDATA, path, (int)rec->line, 0, "record %lld is too long or holds a NUL byte", rec->number);
			errors++;
			continue;
		}
		const char *title = (size_t)tc < rec->n ? rec->v[tc] : "", *soc = (size_t)sc < rec->n ? rec->v[sc] : "";
		/* `career-risk titles` writes a title that starts with = + - @ after an apostrophe (CSV injection) */
		if (title[0] == '\'' && title[1] && strchr("=+-@\t\r", title[1]))
			title++;
		char *t = cr_str_trim(cr_xstrdup(title)), *s = cr_str_trim(cr_xstrdup(soc));
		if (!*t && *s) {
			cr_diag_add(d, CR_EDATA, path, (int)rec->line, (int)tc + 1, "code %s has no title", s);
			errors++;
		} else if (*t && *s) {
			const cr_occupation *o = cr_kb_occupation(kb, s), *prev = NULL;
			if (!o) {
				char *v = cr_vis(s, CR_ECHO_MAX, 0);
				cr_diag_add(d, CR_EDATA, path, (int)rec->line, (int)sc + 1, "'%s' is not a SOC code of the catalogue", v);
				cr_diag_hint(d, "a code such as 43-9021 from knowledge/occupations/; `career-risk " CR_CMD_OCCUPATION_SEARCH
						" TITLE` finds one");
				free(v);
				errors++;
			} else if ((prev = cr_crosswalk_add(x, t, o)) != NULL) {
				char *v = cr_vis(t, CR_ECHO_MAX, 0);
				cr_diag_add(d, CR_EDATA, path, (int)rec->line, (int)sc + 1, "'%s' is mapped to %s here and to %s above", v,
					    o->code, prev->code);
				free(v);
				errors++;
			}
		}
		free(t);
		free(s);
	}
	cr_csv_close(rd);
	if (st || errors) {
		cr_crosswalk_free(x);
		return st ? st : CR_EDATA;
	}
	*out = x;
	return CR_OK;
}
