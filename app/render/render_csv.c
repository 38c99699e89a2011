/*
 * render_csv.c - the csv format: one row per record, a header row first, for
 * spreadsheets. It offers only the views that are tables (format.c).
 */
#include "../io/csvio.h"
#include "../core/util.h"
#include "format.h"

/* A header row and one row per occupation; exposure is empty where the model does not compute it. */
enum cr_status cr_render_occupations_csv(FILE *out, const cr_occupations_view *v, const cr_render_opts *o)
{
	(void)o;
	const cr_occ_baseline *b = v->v;
	size_t n = v->n;
	static const char *const cols[] = {"code", "title", "score", "band", "range_low", "range_high", "routineness",
					   "ai_usage", "specialization", "exposure", "percentile"};
	cr_sb line = {0};
	for (size_t c = 0; c < CR_ARRAY_LEN(cols); c++)
		cr_csv_add(&line, cols[c], c == 0);
	fprintf(out, "%s\n", line.s);
	for (size_t i = 0; i < n; i++) {
		const cr_occ_baseline *e = &b[i];
		line.len = 0;
		line.s[0] = '\0';
		cr_csv_add(&line, e->occ->code, true);
		cr_csv_add(&line, e->occ->title, false);
		cr_csv_add_int(&line, e->score, false);
		cr_csv_add(&line, e->band, false);
		cr_csv_add_int(&line, e->range_lo, false);
		cr_csv_add_int(&line, e->range_hi, false);
		cr_csv_add_int(&line, e->routineness, false);
		cr_csv_add_int(&line, e->ai_usage, false);
		cr_csv_add_int(&line, e->specialization, false);
		if (e->exposure >= 0)
			cr_csv_add_int(&line, e->exposure, false);
		else
			cr_csv_add(&line, "", false);
		cr_csv_add_int(&line, e->percentile, false);
		fprintf(out, "%s\n", line.s);
	}
	cr_sb_free(&line);
	return ferror(out) ? CR_EIO : CR_OK;
}

