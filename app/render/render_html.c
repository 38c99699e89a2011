/*
 * render_html.c - one session's report as a self-contained HTML page (see report.h).
 *
 * One file, nothing fetched: the CSS is inline and the charts are inline SVG
 * whose labels are real text (they print, and they can be searched). The page
 * is at most 180 mm wide, the printable width of both A4 and Letter with
 * 15 mm margins, and sections avoid breaking across pages. Every text that
 * came from a person or a file is escaped.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "report.h"
#include "sections.h"

/* Escapes text for HTML content and attribute values. */
static void h(FILE *out, const char *s)
{
	cr_html_text(out, s);
}

/* Only http(s) links become links; anything else (javascript:, data:) is shown as text. */
static bool safe_url(const char *u)
{
	return u && (!strncmp(u, "https://", 8) || !strncmp(u, "http://", 7));
}

static const char css[] =
	":root{--ink:#1d2433;--muted:#5b6475;--line:#d7dbe3;--low:#2e7d32;--moderate:#00838f;"
	"--elevated:#b26a00;--high:#c62828;--s1:#3949ab;--s2:#00897b;--s3:#8e24aa}\n"
	"*{box-sizing:border-box}\n"
	"html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:var(--ink);"
	"max-width:180mm;margin:24px auto;padding:0 12px}\n"
	"h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.4em 0 .5em;border-bottom:1px solid var(--line);"
	"padding-bottom:.2em;break-after:avoid}\n"
	".meta{color:var(--muted);margin:0}\n"
	".summary{display:flex;gap:16px;align-items:stretch;margin-top:1em;flex-wrap:wrap}\n"
	".score{border:2px solid currentColor;border-radius:8px;padding:10px 16px;min-width:150px;text-align:center}\n"
	".score .n{font-size:2.6em;font-weight:700;line-height:1}.score .b{text-transform:uppercase;font-weight:600;"
	"letter-spacing:.05em}\n"
	".facts{flex:1;min-width:220px}.facts p{margin:.15em 0}\n"
	".low{color:var(--low)}.moderate{color:var(--moderate)}.elevated{color:var(--elevated)}.high{color:var(--high)}\n"
	"section.keep{break-inside:avoid;page-break-inside:avoid}\n"
	".legend{font-size:.85em;margin:.3em 0 0}.legend span{margin-right:1.2em;white-space:nowrap}\n"
	"table{border-collapse:collapse;width:100%;font-size:.92em}th,td{border-bottom:1px solid var(--line);"
	"padding:4px 6px;text-align:left;vertical-align:top}th{background:#f3f5f8}tr{break-inside:avoid}\n"
	"td.num,th.num{text-align:right;white-space:nowrap}tr.total td{border-top:2px solid var(--ink)}\n"
	"svg{width:100%;height:auto;display:block}svg text{font-family:inherit;fill:var(--ink)}\n"
	".plan{list-style:none;padding:0;margin:0}.plan li{padding:6px 0;border-bottom:1px solid var(--line);"
	"break-inside:avoid}\n"
	".pill{display:inline-block;font-size:.72em;font-weight:700;text-transform:uppercase;border:1px solid;"
	"border-radius:3px;padding:0 .35em;margin-right:.5em;vertical-align:.12em;white-space:nowrap}\n"
	".pill.todo{color:var(--muted)}.pill.doing{color:var(--moderate)}.pill.done{color:var(--low)}"
	".pill.dropped{color:var(--muted);text-decoration:line-through}\n"
	".state{color:var(--muted);font-size:.9em}.detail{margin:.2em 0 0 0;font-size:.92em}\n"
	".note{border-left:3px solid var(--s1);padding:2px 10px;margin:6px 0;white-space:pre-wrap}\n"
	".bad{color:var(--high)}.good{color:var(--low)}\n"
	"footer{margin-top:2em;color:var(--muted);font-size:.85em;border-top:1px solid var(--line);padding-top:.5em}\n"
	"a{color:var(--s1)}\n"
	".reasons{list-style:none;padding:0;margin:0}.reasons li{display:flex;gap:10px;padding:3px 0}"
	".reasons .num{min-width:3.2em;text-align:right;font-weight:700}\n"
	".answers{columns:2;column-gap:8mm;font-size:.8em;line-height:1.3;margin:0}.answers div{break-inside:avoid;padding:1px 0 3px}"
	".answers dt{color:var(--muted)}.answers dd{margin:0 0 0 .8em}\n"
	"body.summary-form .dims svg{width:50%}\n"
	"@media print{body.summary-form{font-size:9pt}body.summary-form h2{margin:.7em 0 .3em}"
	"body.summary-form footer{margin-top:.8em}}\n"
	".goals{border-left:3px solid var(--s2);padding:2px 10px;white-space:pre-wrap}\n"
	"@media print{body{font-size:10pt;margin:0;padding:0;max-width:none}a{color:inherit;text-decoration:none}"
	"h2{margin-top:1em}}\n";

/* Opens a section with its heading from the one table (sections.h); `keep`: not split across pages. */
static void section_open(FILE *out, bool keep, enum cr_section s)
{
	fprintf(out, "<section%s><h2>%s</h2>\n", keep ? " class=\"keep\"" : "", cr_section_heading(s));
}

static const char *band_class(const char *b)
{
	if (b && (!strcmp(b, "low") || !strcmp(b, "moderate") || !strcmp(b, "elevated") || !strcmp(b, "high")))
		return b;
	return "high";
}

static const char *horizon_words(const char *hz)
{
	if (!hz)
		return "";
	return !strcmp(hz, "week") ? "this week" : !strcmp(hz, "quarter") ? "this quarter" : !strcmp(hz, "year") ? "this year" : hz;
}

/* The scored sessions up to the reported one, oldest first; at most 24 (the newest). */
static size_t series(const cr_report *r, const cr_session_info **v, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; r->p && i < r->p->nsessions; i++) {
		const cr_session_info *s = &r->p->sessions[i];
		if (!s->scored || (r->session && s->id > r->session->id))
			continue;
		if (n == max) {
			memmove(v, v + 1, (max - 1) * sizeof *v);
			n--;
		}
		v[n++] = s;
	}
	return n;
}

#define CW 640.0 /* chart width in SVG units */
#define PX0 56.0
#define PX1 580.0

static double xpos(size_t i, size_t n)
{
	return n <= 1 ? (PX0 + PX1) / 2 : PX0 + (PX1 - PX0) * (double)i / (double)(n - 1);
}

/* The y axis from 0 to 100 between y0 (bottom) and y1 (top), with grid lines every 25. */
static void axis(FILE *out, double y0, double y1)
{
	for (int v = 0; v <= 100; v += 25) {
		double y = y0 - (y0 - y1) * v / 100.0;
		fprintf(out, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#d7dbe3\" stroke-width=\"1\"/>", PX0,
			y, PX1, y);
		fprintf(out, "<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%d</text>", PX0 - 6, y + 4, v);
	}
}

/* An ISO date's year, month and day as written ("2025", "06", "10"); false when it is not one. */
static bool iso_ok(const char *iso)
{
	return iso && strlen(iso) >= 10 && iso[4] == '-' && iso[7] == '-';
}

static const char *when(const cr_session_info *s)
{
	return s->finished_at ? s->finished_at : s->started_at;
}

/* Whether the sessions charted fall in more than one year (then each label gives its year). */
static bool several_years(const cr_session_info **v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (!iso_ok(when(v[i])) || !iso_ok(when(v[0])) || strncmp(when(v[i]), when(v[0]), 4) != 0)
			return true;
	return false;
}

#define CHAR_W 6.6   /* the width of a character at font-size 11, near enough for system sans fonts */
#define LABEL_GAP 10 /* at least this much space between two labels */

/*
 * The sessions whose x-axis label is shown (show[i]): every k-th, so that labels
 * `label_w` wide do not touch, and always the first and the last (the one
 * before the last gives way when they would meet).
 */
static void thin_labels(size_t n, double label_w, bool *show)
{
	double step = n > 1 ? (PX1 - PX0) / (double)(n - 1) : PX1 - PX0;
	size_t k = 1;
	while (k < n && step * (double)k < label_w + LABEL_GAP)
		k++;
	size_t last = 0;
	for (size_t i = 0; i < n; i++)
		show[i] = i % k == 0;
	for (size_t i = 0; i + 1 < n; i++)
		if (show[i])
			last = i;
	if (n > 1) {
		show[n - 1] = true;
		if (last && step * (double)(n - 1 - last) < label_w + LABEL_GAP)
			show[last] = false;
	}
}

/*
 * Session labels under the x axis, two lines each: "#N" and the date, MM-DD when every
 * session charted is in one year (the caption names it), else YYYY-MM-DD.
 */
static void x_labels(FILE *out, const cr_session_info **v, size_t n, double y)
{
	bool years = several_years(v, n);
	bool show[24];
	thin_labels(n, CHAR_W * (years ? 10 : 5), show);
	for (size_t i = 0; i < n; i++) {
		if (!show[i])
			continue;
		const char *iso = when(v[i]);
		fprintf(out, "<text class=\"x-label\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">#%d"
			     "<tspan x=\"%.1f\" dy=\"13\">%.*s</tspan></text>",
			xpos(i, n), y, v[i]->num, xpos(i, n), iso_ok(iso) ? (years ? 10 : 5) : 0,
			iso_ok(iso) ? (years ? iso : iso + 5) : "");
	}
}

/* " Dates in 2025." when every session charted is in that year, else "". */
static void year_note(FILE *out, const cr_session_info **v, size_t n)
{
	if (n && !several_years(v, n) && iso_ok(when(v[0])))
		fprintf(out, " Dates in %.4s.", when(v[0]));
}

/* Score by session: the bands as background, the likely range as a whisker, the score as a line. */
static void score_chart(FILE *out, const cr_report *r)
{
	const cr_session_info *v[24];
	size_t n = series(r, v, 24);
	if (!n)
		return;
	const double y0 = 200, y1 = 20, H = 262; /* under the axis: two lines of labels, then the caption */
	section_open(out, true, CR_SEC_SCORE_OVER_TIME);
	fprintf(out, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		     "aria-label=\"Exposure score by session\">", CW, H);
	fprintf(out, "<title>Exposure score by session (0-100, lower is safer)</title>");
	static const struct {
		int lo, hi;
		const char *fill, *name;
	} bands[] = {{0, 30, "#e8f5e9", "low"}, {30, 50, "#e0f2f1", "moderate"}, {50, 70, "#fff3e0", "elevated"},
		     {70, 100, "#ffebee", "high"}};
	for (size_t b = 0; b < 4; b++) {
		double ya = y0 - (y0 - y1) * bands[b].hi / 100.0, yb = y0 - (y0 - y1) * bands[b].lo / 100.0;
		fprintf(out, "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" fill=\"%s\"/>", PX0, ya, PX1 - PX0, yb - ya,
			bands[b].fill);
		fprintf(out, "<text x=\"%.0f\" y=\"%.1f\" font-size=\"10\" fill=\"#5b6475\">%s</text>", PX1 + 6, ya + 12,
			bands[b].name);
	}
	axis(out, y0, y1);
	for (size_t i = 0; i < n; i++) {
		double x = xpos(i, n), ylo = y0 - (y0 - y1) * v[i]->range_lo / 100.0, yhi = y0 - (y0 - y1) * v[i]->range_hi / 100.0;
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#5b6475\" stroke-width=\"2\"/>", x, ylo,
			x, yhi);
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#5b6475\"/>", x - 5, ylo, x + 5, ylo);
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#5b6475\"/>", x - 5, yhi, x + 5, yhi);
	}
	if (n > 1) {
		fprintf(out, "<polyline fill=\"none\" stroke=\"#1d2433\" stroke-width=\"2.5\" points=\"");
		for (size_t i = 0; i < n; i++)
			fprintf(out, "%s%.1f,%.1f", i ? " " : "", xpos(i, n), y0 - (y0 - y1) * v[i]->score / 100.0);
		fprintf(out, "\"/>");
	}
	/*
	 * Each score is written beside its point, the last to the left of it (clear of the
	 * band names), the others to the right; a label that would overlap one already
	 * written is left out (the point keeps its value as a tooltip). The last is placed
	 * first, so it is always written.
	 */
	double box[24][4]; /* x0, y0, x1, y1 of each label written */
	size_t nbox = 0;
	for (size_t k = 0; k < n; k++) {
		size_t i = k == 0 ? n - 1 : k - 1;
		double x = xpos(i, n), y = y0 - (y0 - y1) * v[i]->score / 100.0;
		bool last = n > 1 && i == n - 1;
		double w = 7.5 * (v[i]->score >= 100 ? 3 : v[i]->score >= 10 ? 2 : 1);
		double bx0 = last ? x - 8 - w : x + 8, by1 = y - 8, by0 = by1 - 12;
		bool clash = false;
		for (size_t b = 0; b < nbox && !clash; b++)
			clash = bx0 < box[b][2] + 2 && bx0 + w + 2 > box[b][0] && by0 < box[b][3] && by1 > box[b][1];
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#1d2433\"><title>#%d: %d</title></circle>", x, y,
			v[i]->num, v[i]->score);
		if (clash)
			continue;
		box[nbox][0] = bx0, box[nbox][1] = by0, box[nbox][2] = bx0 + w, box[nbox][3] = by1;
		nbox++;
		fprintf(out, "<text class=\"score-label\" x=\"%.1f\" y=\"%.1f\" font-size=\"12\" font-weight=\"700\" "
			     "text-anchor=\"%s\">%d</text>", last ? x - 8 : x + 8, y - 8, last ? "end" : "start", v[i]->score);
	}
	x_labels(out, v, n, y0 + 18);
	fprintf(out, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" fill=\"#5b6475\">Score with its likely range; "
		     "lower is safer.", PX0, H - 8);
	year_note(out, v, n);
	fprintf(out, "</text>");
	fprintf(out, "</svg></section>\n");
}

static const struct {
	const char *name, *color, *dash;
} dims[4] = {{"Task routineness (lower is safer)", "#3949ab", ""},
	     {"AI tool usage (higher is safer)", "#00897b", "6 4"},
	     {"Specialisation (higher is safer)", "#8e24aa", "2 3"},
	     {"Exposure to AI (lower is safer)", "#e65100", "8 3 2 3"}}; /* dash-dot: told apart from the dotted line */

/* Dimension k of a session; exposure is -1 in a session scored before model 2. */
static int dim_of(const cr_session_info *s, int k)
{
	return k == 0 ? s->routineness : k == 1 ? s->ai_usage : k == 2 ? s->specialization : s->exposure;
}

/* This session's dimensions as bars, with the previous session's value as a marker. */
static void dim_bars(FILE *out, const cr_report *r)
{
	const cr_snapshot *s = r->snap;
	int val[4] = {s->routineness, s->ai_usage, s->specialization, s->exposure};
	int nd = s->exposure >= 0 ? 4 : 3; /* a result stored before model 2 has no exposure */
	const double L = 250, R = 600, H = 40 * nd + 30;
	fprintf(out, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"Dimensions\">"
		     "<title>The dimensions, 0-100</title>", CW, H);
	for (int k = 0; k < nd; k++) {
		double y = 10 + k * 40;
		fprintf(out, "<text x=\"0\" y=\"%.0f\" font-size=\"13\">%s</text>", y + 17, dims[k].name);
		fprintf(out, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"22\" fill=\"#f3f5f8\" stroke=\"#d7dbe3\"/>", L, y,
			R - L);
		fprintf(out, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.1f\" height=\"22\" fill=\"%s\"/>", L, y, (R - L) * val[k] / 100.0,
			dims[k].color);
		fprintf(out, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"13\" font-weight=\"700\">%d</text>", R + 8, y + 16, val[k]);
		if (r->prev && (k < 3 || r->prev->exposure >= 0)) {
			int was = k == 0 ? r->prev->routineness : k == 1 ? r->prev->ai_usage : k == 2 ? r->prev->specialization
											: r->prev->exposure;
			double x = L + (R - L) * was / 100.0;
			fprintf(out, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#1d2433\" stroke-width=\"2\" "
				     "stroke-dasharray=\"3 2\"/>", x, y - 3, x, y + 25);
		}
	}
	fprintf(out, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" fill=\"#5b6475\">%s</text>", L, H - 4,
		r->prev ? "Dashed mark: the previous session's value." : "0 on the left, 100 on the right.");
	fprintf(out, "</svg>\n");
}

/*
 * The dimensions by session, one line each (colour and dash, so it reads in grey too).
 * Exposure is drawn only through the sessions that have it (scored under model 2): a
 * session without it is a gap in its line, never a point at 0.
 */
static void dim_chart(FILE *out, const cr_report *r)
{
	const cr_session_info *v[24];
	size_t n = series(r, v, 24);
	if (n < 2)
		return;
	const double y0 = 190, y1 = 15, H = 232;
	fprintf(out, "<section class=\"keep\"><h2>Dimensions over time</h2>\n<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		     "aria-label=\"Dimensions by session\">"
		     "<title>The dimensions by session</title>", CW, H);
	axis(out, y0, y1);
	size_t with_exposure = 0;
	for (size_t i = 0; i < n; i++)
		with_exposure += v[i]->exposure >= 0;
	int nd = with_exposure ? 4 : 3;
	for (int k = 0; k < nd; k++) {
		/* one polyline per run of sessions that have the value (a single one is just its point) */
		for (size_t i = 0; i < n; i++) {
			if (dim_of(v[i], k) < 0 || (i && dim_of(v[i - 1], k) >= 0))
				continue;
			size_t end = i;
			while (end + 1 < n && dim_of(v[end + 1], k) >= 0)
				end++;
			if (end == i)
				continue;
			fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s%s%s points=\"", dims[k].color,
				*dims[k].dash ? " stroke-dasharray=\"" : "", dims[k].dash, *dims[k].dash ? "\"" : "");
			for (size_t j = i; j <= end; j++)
				fprintf(out, "%s%.1f,%.1f", j > i ? " " : "", xpos(j, n), y0 - (y0 - y1) * dim_of(v[j], k) / 100.0);
			fprintf(out, "\"/>");
		}
		for (size_t i = 0; i < n; i++)
			if (dim_of(v[i], k) >= 0)
				fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>", xpos(i, n),
					y0 - (y0 - y1) * dim_of(v[i], k) / 100.0, dims[k].color);
	}
	x_labels(out, v, n, y0 + 18);
	fprintf(out, "</svg>\n<p class=\"legend\">");
	static const char *const line_word[] = {"solid", "dashed", "dotted", "dash-dot"};
	for (int k = 0; k < nd; k++)
		fprintf(out, "<span style=\"color:%s\">&#9472;&#9472; %s</span>", dims[k].color, dims[k].name);
	fprintf(out, "<br>Lines: routineness %s, AI tool usage %s, specialisation %s", line_word[0], line_word[1],
		line_word[2]);
	if (nd == 4)
		fprintf(out, ", exposure to AI %s", line_word[3]);
	fprintf(out, ".");
	if (with_exposure && with_exposure < n) /* say why the line starts late, so it does not look like data lost */
		fprintf(out, " Exposure to AI is charted from the first session scored with task data (model 2); "
			     "earlier sessions did not measure it.");
	year_note(out, v, n);
	fprintf(out, "</p>\n");
	fprintf(out, "</section>\n");
}

static const char *const warning_text[][2] = {
	{"waiting", "Waiting: people who start learning only when cuts are announced find retraining places full."},
	{"hoarding", "Hoarding manual work: keeping tasks by hand to stay needed tends to get the whole process automated."},
	{"generic", "Staying generic: broad, common skills are what AI tools do best; depth and a niche protect."},
};

enum cr_status cr_render_report_html(FILE *out, const cr_report *r)
{
	const cr_snapshot *s = r->snap;
	const cr_comparison *c = r->cmp;
	char d[11];
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		     "<meta name=\"generator\" content=\"career-risk ");
	h(out, r->version);
	const char *title = r->full ? "AI exposure report" : "AI exposure summary";
	fprintf(out, "\">\n<title>%s", title);
	if (r->profile) {
		fprintf(out, ": ");
		h(out, r->profile);
	}
	if (r->session)
		fprintf(out, ", session %d", r->session->num);
	fprintf(out, "</title>\n<style>\n");
	if (r->paper && !strcmp(r->paper, "a4"))
		fprintf(out, "@page{size:A4;margin:15mm}\n");
	else if (r->paper && !strcmp(r->paper, "letter"))
		fprintf(out, "@page{size:letter;margin:15mm}\n");
	else
		fprintf(out, "@page{margin:15mm}\n");
	fputs(css, out);
	fprintf(out, "</style>\n</head>\n<body%s>\n<header>\n<h1>%s", r->full ? "" : " class=\"summary-form\"", title);
	if (r->profile) {
		fprintf(out, ": ");
		h(out, r->profile);
	}
	fprintf(out, "</h1>\n<p class=\"meta\">");
	if (r->session)
		fprintf(out, "Session %d of %zu, %s. ", r->session->num, r->p->nsessions, cr_rep_date(r->session->finished_at, d));
	fprintf(out, "Questionnaire ");
	h(out, s->questionnaire);
	fprintf(out, "; %d questions answered, %d skipped.</p>\n</header>\n", s->answered, s->skipped);

	/* summary */
	fprintf(out, "<section class=\"summary keep\">\n<div class=\"score %s\"><div class=\"n\">%d</div>"
		     "<div>out of 100</div><div class=\"b\">%s</div></div>\n<div class=\"facts\">\n",
		band_class(s->band), s->score, band_class(s->band));
	fprintf(out, "<p><strong>Likely range:</strong> %d to %d. Higher means more of the work is exposed to automation "
		     "by AI.</p>\n", s->range_lo, s->range_hi);
	if (c && r->prev_session)
		fprintf(out, "<p><strong>Since session %d:</strong> %s %d point%s%s.</p>\n", r->prev_session->num,
			c->score > 0 ? "up" : c->score < 0 ? "down" : "unchanged at", c->score ? abs(c->score) : s->score,
			abs(c->score) == 1 ? "" : "s", c->band_changed ? " (the band changed)" : "");
	if (s->occ_title) {
		fprintf(out, "<p><strong>Occupation:</strong> ");
		h(out, s->occ_title);
		fprintf(out, " (");
		h(out, s->occ_code);
		fprintf(out, "), outlook ");
		h(out, s->occ_outlook);
		fprintf(out, "</p>\n");
	}
	if (s->sector_title) {
		fprintf(out, "<p><strong>Sector:</strong> ");
		h(out, s->sector_title);
		fprintf(out, ", outlook ");
		h(out, s->sector_outlook);
		fprintf(out, "</p>\n");
	}
	if (s->region_title) {
		fprintf(out, "<p><strong>Region:</strong> ");
		h(out, s->region_title);
		fprintf(out, ", outlook ");
		h(out, s->region_outlook);
		fprintf(out, "</p>\n");
	}
	fprintf(out, "</div>\n</section>\n");
	fprintf(out, "<section class=\"keep dims\"><h2>%s</h2>\n", cr_section_heading(CR_SEC_DIMENSIONS));
	dim_bars(out, r);
	fprintf(out, "</section>\n");
	if (r->full) {
		score_chart(out, r);
		dim_chart(out, r);
	}

	size_t nch = 0;
	cr_rep_change *ch = cr_rep_changes(r, &nch);
	size_t recs_came = r->full && c ? c->nrecs_came : 0, recs_went = r->full && c ? c->nrecs_went : 0;
	if (c && r->prev_session && (nch || recs_came || recs_went)) {
		/* plain words, largest first (the summary the few largest); colour only on real changes */
		fprintf(out, "<section><h2>%s %d</h2>\n<ul>\n", cr_section_heading(CR_SEC_CHANGED), r->prev_session->num);
		size_t shown = r->full || nch <= CR_REP_SUMMARY_CHANGES ? nch : CR_REP_SUMMARY_CHANGES;
		for (size_t i = 0; i < shown; i++) {
			fprintf(out, "<li class=\"%s\">", ch[i].sign < 0 ? "good" : "bad");
			h(out, ch[i].text);
			fprintf(out, "</li>\n");
		}
		if (shown < nch)
			fprintf(out, "<li>and %zu smaller change%s (the full report lists them)</li>\n", nch - shown,
				nch - shown == 1 ? "" : "s");
		for (size_t i = 0; i < recs_came; i++) {
			fprintf(out, "<li>New advice: ");
			h(out, c->recs_came[i]->title);
			fprintf(out, "</li>\n");
		}
		for (size_t i = 0; i < recs_went; i++) {
			fprintf(out, "<li>Advice no longer given: ");
			h(out, c->recs_went[i]->title);
			fprintf(out, "</li>\n");
		}
		fprintf(out, "</ul>\n");
		if (c->kb_changed)
			fprintf(out, "<p class=\"state\">The evidence behind the assessment was updated between the two "
				     "sessions; part of the difference may come from that.</p>\n");
		if (c->model_changed)
			fprintf(out, "<p class=\"state\">The scoring model changed between the two sessions (it now weighs "
				     "exposure to AI from your tasks); part of the difference is the model's, not your "
				     "answers'.</p>\n");
		fprintf(out, "</section>\n");
	}
	cr_rep_changes_free(ch, nch);

	if (s->consistency.n || s->warnings.n) {
		section_open(out, false, CR_SEC_CHECK);
		fprintf(out, "<ul>\n");
		for (size_t i = 0; i < s->consistency.n; i++) {
			fprintf(out, "<li>");
			h(out, s->consistency.v[i]);
			fprintf(out, "</li>\n");
		}
		for (size_t i = 0; i < s->warnings.n; i++) {
			const char *t = s->warnings.v[i];
			for (size_t k = 0; k < CR_ARRAY_LEN(warning_text); k++)
				if (!strcmp(warning_text[k][0], t))
					t = warning_text[k][1];
			fprintf(out, "<li>");
			h(out, t);
			fprintf(out, "</li>\n");
		}
		fprintf(out, "</ul>\n</section>\n");
	}

	if (!r->full) {
		/* the client summary: the few reasons that move the score most, in words */
		size_t top[CR_REP_TOP_RULES];
		size_t n = cr_rep_top_rules(s, top, CR_REP_TOP_RULES);
		section_open(out, true, CR_SEC_REASONS);
		fprintf(out, "<ul class=\"reasons\">\n");
		for (size_t i = 0; i < n; i++) {
			char *words = cr_rep_rule_words(&s->rules[top[i]]);
			fprintf(out, "<li><span class=\"num\">%+.1f</span><span>", s->rules[top[i]].effect);
			h(out, words);
			fprintf(out, "</span></li>\n");
			free(words);
		}
		fprintf(out, "</ul>\n");
		if (s->nrules > n)
			fprintf(out, "<p class=\"state\">%zu other reason%s checked add%s less; the full report lists every one "
				     "with its sources.</p>\n", s->nrules - n, s->nrules - n == 1 ? "" : "s",
				s->nrules - n == 1 ? "s" : "");
		fprintf(out, "</section>\n");
	} else {
		section_open(out, false, CR_SEC_WHY);
		fprintf(out, "<table>\n<thead><tr>"
			     "<th class=\"num\">Effect</th><th>Rule and reason</th><th>Sources</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < s->nrules; i++) {
			const cr_snap_rule *ru = &s->rules[i];
			if (cr_effect_is_zero(ru->effect))
				continue;
			fprintf(out, "<tr><td class=\"num\">%+.1f</td><td><code>", ru->effect);
			h(out, ru->id);
			fprintf(out, "</code><br>");
			h(out, ru->reason);
			fprintf(out, "</td><td>");
			for (size_t j = 0; j < ru->sources.n; j++) {
				fprintf(out, "%s<a href=\"#src-", j ? ", " : "");
				h(out, ru->sources.v[j]);
				fprintf(out, "\">");
				h(out, ru->sources.v[j]);
				fprintf(out, "</a>");
			}
			fprintf(out, "</td></tr>\n");
		}
		size_t zero = cr_rep_zero_rules(s);
		if (zero) {
			char *line = cr_folded_rules_text(zero);
			fprintf(out, "<tr><td></td><td colspan=\"2\" class=\"state\">");
			h(out, line);
			fprintf(out, "</td></tr>\n");
			free(line);
		}
		/* the total is the table's last row, not a <tfoot>: printing repeats a footer on every page */
		fprintf(out, "<tr class=\"total\"><td class=\"num\"><strong>%d</strong></td><td colspan=\"2\">the score "
			     "(the sum, kept within 0-100)</td></tr>\n</tbody>\n</table>\n</section>\n", s->score);

	}

	if (r->full && s->nsens) {
		section_open(out, false, CR_SEC_LEVERS);
		fprintf(out, "<ul>\n");
		for (size_t i = 0; i < s->nsens; i++) {
			fprintf(out, "<li>");
			h(out, s->sens[i].change);
			fprintf(out, ": %d &rarr; %d (%+d)</li>\n", s->score, s->sens[i].score_after, s->sens[i].delta);
		}
		fprintf(out, "</ul>\n</section>\n");
	}

	if (r->full && (s->ntasks_most || s->ntasks_least)) {
		section_open(out, true, s->tasks_own ? CR_SEC_TASKS_OWN : CR_SEC_TASKS_OCC);
		for (int most = 1; most >= 0; most--) {
			const cr_snap_task *v = most ? s->tasks_most : s->tasks_least;
			size_t n = most ? s->ntasks_most : s->ntasks_least;
			if (!n)
				continue;
			fprintf(out, "<p>%s</p>\n<ul>\n", most ? "Most exposed:" : "Least exposed:");
			for (size_t i = 0; i < n; i++) {
				const char *e = v[i].exposure ? v[i].exposure : "";
				fprintf(out, "<li>");
				h(out, v[i].text);
				fprintf(out, " (%s", !strcmp(e, "E1") ? "AI does it" : !strcmp(e, "E2") ? "AI speeds it up" : "out of AI's reach");
				if (v[i].time) {
					fprintf(out, "; ");
					h(out, v[i].time);
				}
				fprintf(out, ")</li>\n");
			}
			fprintf(out, "</ul>\n");
		}
		if (s->task_note) {
			fprintf(out, "<p><strong>Start here:</strong> ");
			h(out, s->task_note);
			fprintf(out, "</p>\n");
		}
		fprintf(out, "</section>\n");
	}

	if (s->nsteps) {
		section_open(out, true, CR_SEC_STEPS);
		fprintf(out, "<ol>\n");
		for (size_t i = 0; i < s->nsteps; i++) {
			const cr_snap_rec *a = cr_snapshot_rec(s, s->steps[i].rec);
			fprintf(out, "<li value=\"%d\"><strong>", s->steps[i].step);
			h(out, s->steps[i].title);
			fprintf(out, ":</strong> ");
			h(out, a ? a->title : s->steps[i].rec);
			fprintf(out, "</li>\n");
		}
		fprintf(out, "</ol>\n</section>\n");
	}

	if (!r->full && !s->nsteps && s->nrecs) {
		/* a result stored before the four-step plan: the summary's plan is the first few recommendations */
		section_open(out, true, CR_SEC_PLAN);
		fprintf(out, "<ol>\n");
		for (size_t i = 0; i < s->nrecs && i < CR_REP_TOP_RULES; i++) {
			fprintf(out, "<li>");
			h(out, s->recs[i].title);
			fprintf(out, "</li>\n");
		}
		fprintf(out, "</ol>\n</section>\n");
	}
	if (r->full && s->nrecs) {
		static const char *const word[] = {"to do", "doing", "done", "dropped"};
		static const char *const cls[] = {"todo", "doing", "done", "dropped"};
		fprintf(out, "<section><h2>%s%s</h2>\n", cr_section_heading(CR_SEC_PLAN), r->p ? " (status today)" : "");
		for (size_t i = 0; i < s->goals.n; i++) { /* the person's goals, read back */
			fprintf(out, "<p class=\"goal\">Your goal: ");
			h(out, s->goals.v[i]);
			fprintf(out, "</p>\n");
		}
		fprintf(out, "<ul class=\"plan\">\n");
		for (size_t i = 0; i < s->nrecs; i++) {
			const cr_snap_rec *a = &s->recs[i];
			const cr_plan_item *it = cr_rep_item_for(r->p, a->id);
			fprintf(out, "<li>");
			if (it)
				fprintf(out, "<span class=\"pill %s\">%s</span>", cls[it->status], word[it->status]);
			fprintf(out, "<strong>");
			if (it)
				fprintf(out, "%d. ", it->num);
			h(out, a->title);
			fprintf(out, "</strong> <span class=\"state\">(%s, %s effort, impact %d/5)</span>\n", horizon_words(a->horizon),
				a->effort ? a->effort : "?", a->impact);
			if (a->serves_goal) {
				fprintf(out, "<div class=\"detail\">Serves your goal: ");
				h(out, a->serves_goal);
				fprintf(out, "</div>");
			}
			if (a->detail) {
				fprintf(out, "<div class=\"detail\">");
				h(out, a->detail);
				fprintf(out, "</div>");
			}
			if (it && !(it->status == CR_ITEM_TODO && it->current)) {
				char *state = cr_rep_item_state(r->p, it);
				fprintf(out, "<div class=\"detail state\">");
				h(out, state);
				fprintf(out, "</div>");
				free(state);
			}
			fprintf(out, "</li>\n");
		}
		/* the counsellor's own items (`plan add`), after the recommendations; dropped ones not */
		for (size_t i = 0; r->p && i < r->p->nitems; i++) {
			const cr_plan_item *it = &r->p->items[i];
			if (it->kind != CR_KIND_CUSTOM || it->status == CR_ITEM_DROPPED)
				continue;
			char *state = cr_rep_item_state(r->p, it);
			fprintf(out, "<li><span class=\"pill %s\">%s</span><strong>%d. ", cls[it->status], word[it->status], it->num);
			h(out, it->title);
			fprintf(out, "</strong>\n<div class=\"detail state\">");
			h(out, state);
			fprintf(out, "</div></li>\n");
			free(state);
		}
		/* done items this session no longer recommends */
		for (size_t i = 0; r->p && r->session && i < r->p->ncredits; i++) {
			const cr_credit *cr = &r->p->credits[i];
			const cr_plan_item *it = cr->session == r->session->num && !cr->still_recommended
							 ? cr_progress_item(r->p, cr->item)
							 : NULL;
			if (!it)
				continue;
			fprintf(out, "<li><span class=\"pill done\">done</span><strong>%d. ", it->num);
			h(out, it->title);
			fprintf(out, "</strong><div class=\"detail state\">");
			char *state = cr_rep_item_state(r->p, it);
			h(out, state);
			free(state);
			fprintf(out, "</div></li>\n");
		}
		fprintf(out, "</ul>\n</section>\n");
	}

	if (r->goals) {
		section_open(out, true, CR_SEC_GOALS);
		fprintf(out, "<div class=\"goals\">");
		h(out, r->goals);
		fprintf(out, "</div>\n</section>\n");
	}

	if (s->ntrans) {
		bool pay = false;
		for (size_t i = 0; i < s->ntrans; i++)
			pay = pay || s->trans[i].wage >= 0;
		section_open(out, false, CR_SEC_ROLES);
		fprintf(out, "<table>\n<thead><tr><th>Role</th>"
			     "<th class=\"num\">Months</th>%s<th class=\"num\">Skills held</th><th>Skills to add</th></tr>"
			     "</thead>\n<tbody>\n", pay ? "<th class=\"num\">Median pay</th>" : "");
		for (size_t i = 0; i < s->ntrans; i++) {
			const cr_snap_trans *t = &s->trans[i];
			fprintf(out, "<tr><td>");
			h(out, t->title);
			fprintf(out, "</td><td class=\"num\">%d-%d</td>", t->months_lo, t->months_hi);
			if (pay) {
				char b[32];
				if (t->wage >= 0) {
					cr_render_count(b, sizeof b, t->wage);
					fprintf(out, "<td class=\"num\">$%s</td>", b);
				} else {
					fprintf(out, "<td class=\"num\">not known</td>");
				}
			}
			fprintf(out, "<td class=\"num\">");
			if (t->fit >= 0)
				fprintf(out, "%d%%", t->fit);
			else
				fprintf(out, "not asked");
			fprintf(out, "</td><td>");
			for (size_t j = 0; j < t->add.n; j++) {
				fprintf(out, "%s", j ? ", " : "");
				h(out, cr_rep_skill(r, t->add.v[j]));
			}
			fprintf(out, "</td></tr>\n");
		}
		fprintf(out, "</tbody>\n</table>\n");
		if (pay) {
			char b[32];
			fprintf(out, "<p class=\"state\">Median pay: US national medians a year, U.S. Bureau of Labor Statistics, "
				     "OEWS May 2024");
			if (s->occ_wage >= 0) {
				cr_render_count(b, sizeof b, s->occ_wage);
				fprintf(out, "; your occupation's: $%s", b);
			}
			fprintf(out, ".</p>\n");
		}
		fprintf(out, "</section>\n");
	}

	if (r->nanswers) {
		section_open(out, false, CR_SEC_ANSWERS);
		/* two columns of question and answer: the whole questionnaire in under a page */
		fprintf(out, "<dl class=\"answers\">\n");
		for (size_t i = 0; i < r->nanswers; i++) {
			fprintf(out, "<div><dt>");
			h(out, r->answers[i].question);
			fprintf(out, "</dt><dd>");
			h(out, r->answers[i].answer);
			fprintf(out, "</dd></div>\n");
		}
		fprintf(out, "</dl>\n</section>\n");
	}

	size_t nnotes = 0;
	for (size_t k = 0; r->notes && r->p && k < r->p->nnotes; k++) /* private unless --notes */
		nnotes += !r->session || r->p->notes[k].session <= r->session->num;
	if (nnotes) {
		section_open(out, false, CR_SEC_NOTES);
		for (size_t k = 0; k < r->p->nnotes; k++) {
			const cr_note *n = &r->p->notes[k];
			if (r->session && n->session > r->session->num)
				continue;
			fprintf(out, "<p class=\"state\">%s, session %d</p>\n<div class=\"note\">", cr_rep_date(n->created_at, d),
				n->session);
			h(out, n->body);
			fprintf(out, "</div>\n");
		}
		fprintf(out, "</section>\n");
	}

	if (r->full && s->nsources) {
		section_open(out, false, CR_SEC_SOURCES);
		fprintf(out, "<ul>\n");
		for (size_t i = 0; i < s->nsources; i++) {
			const cr_snap_source *src = &s->sources[i];
			fprintf(out, "<li id=\"src-");
			h(out, src->id);
			fprintf(out, "\"><strong>");
			h(out, src->id);
			fprintf(out, "</strong>: ");
			h(out, src->publisher);
			fprintf(out, " (%d). <em>", src->year);
			h(out, src->title);
			fprintf(out, "</em>. ");
			if (safe_url(src->url)) {
				fprintf(out, "<a href=\"");
				h(out, src->url);
				fprintf(out, "\">");
				h(out, src->url);
				fprintf(out, "</a>");
			} else {
				h(out, src->url);
			}
			fprintf(out, "</li>\n");
		}
		fprintf(out, "</ul>\n</section>\n");
	}
	/* the knowledge base's version is for a technical reader: the full report only */
	if (r->full) {
		fprintf(out, "<footer>Knowledge base ");
		h(out, s->kb_version);
		fprintf(out, "; report made %s by career-risk ", cr_rep_date(r->generated_at, d));
	} else {
		fprintf(out, "<footer>Report made %s by career-risk ", cr_rep_date(r->generated_at, d));
	}
	h(out, r->version);
	fprintf(out, ". An estimate from answers and published evidence, not a prediction about a person.</footer>\n"
		     "</body>\n</html>\n");
	return ferror(out) ? CR_EIO : CR_OK;
}
