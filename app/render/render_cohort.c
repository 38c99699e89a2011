/*
 * render_cohort.c - the cohort summary of `career-risk batch`, as Markdown or
 * a self-contained HTML page (see render.h).
 *
 * It shows only what cr_cohort_publish() let through: every group has at
 * least the minimum number of people, and counts below it are left out.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../core/cohort.h"
#include "../core/json.h"
#include "../core/util.h"
#include "format.h"
#include "render.h"

#define TOP_RECS 10
#define TOP_ROLES 10

/* What a roster's figures rest on (plain text: the same in Markdown and HTML). */
#define ROSTER_BASIS                                                                                                  \
	"occupation baseline. The export is a roster of job titles without survey answers, so each person is "     \
	"scored as a typical worker in their occupation (what `career-risk occupation show` prints), with the "      \
	"baseline's wider range. Use the figures to see where exposure concentrates, not to judge anyone's own work."

static const char *const horizon_text[] = {"this week", "this quarter", "this year"};
static const char *const dim_text[] = {"task routineness", "AI tool usage", "specialisation", "exposure to AI"};

/* 1234567 -> "1,234,567" (into buf). */
static const char *count(char *buf, size_t size, uint64_t n)
{
	char raw[32];
	snprintf(raw, sizeof raw, "%" PRIu64, n);
	size_t len = strlen(raw), o = 0;
	for (size_t i = 0; i < len && o + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
	return buf;
}

static int pct(uint64_t part, uint64_t whole)
{
	return whole ? (int)((part * 100 + whole / 2) / whole) : 0;
}

/* A band id as a column title: "elevated" -> "Elevated". */
static void band_title(char *buf, size_t size, const char *id)
{
	snprintf(buf, size, "%s", id);
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
}

static size_t nbands(const cr_kb *kb)
{
	return kb->nbands < CR_COHORT_MAX_BANDS ? kb->nbands : CR_COHORT_MAX_BANDS;
}

static const char *skill_title(const cr_kb *kb, const char *id)
{
	const cr_skill *s = cr_kb_skill(kb, id);
	return s ? s->title : id;
}

/*
 * What each band means, for the legend. The words are those knowledge/model.yaml
 * gives beside each band; a band this table does not know is shown by its
 * score range alone.
 */
static const struct {
	const char *id, *meaning;
} band_meaning[] = {
	{"low", "mostly non-routine work, strong AI use or a rare niche"},
	{"moderate", "some exposed tasks; protective factors outweigh them"},
	{"elevated", "a large share of exposed tasks; act this quarter"},
	{"high", "routine, data-heavy work with few protective factors"},
};

static const char *meaning_of(const char *id)
{
	for (size_t i = 0; i < CR_ARRAY_LEN(band_meaning); i++)
		if (!strcmp(band_meaning[i].id, id))
			return band_meaning[i].meaning;
	return NULL;
}

/* Band b's scores: from the previous band's bound up to below its own. */
static void band_range(const cr_kb *kb, size_t b, int *lo, int *hi)
{
	*lo = b ? (int)kb->bands[b - 1].below : 0;
	*hi = (int)kb->bands[b].below - 1;
	if (*hi > 100)
		*hi = 100;
}

typedef void (*text_fn)(FILE *out, const char *s);

/* "elevated or high": band b and every band above it. */
static void bands_from(FILE *out, const cr_kb *kb, size_t b)
{
	for (size_t i = b; i < nbands(kb); i++)
		fprintf(out, "%s%s", i == b ? "" : i + 1 == nbands(kb) ? " or " : ", ", kb->bands[i].id);
}

/* One key finding as a sentence; esc writes text from data in the format's escaping. */
static void finding_text(FILE *out, const cr_kb *kb, const cr_cohort_finding *f, text_fn esc)
{
	char a[32], b[32];
	count(a, sizeof a, f->n);
	count(b, sizeof b, f->of);
	switch (f->kind) {
	case CR_FIND_AT_RISK:
		fprintf(out, "%d%% of the people scored (%s of %s) are in the ", cr_cohort_pct(f->n, f->of), a, b);
		bands_from(out, kb, f->band);
		fprintf(out, " band.");
		break;
	case CR_FIND_GROUP:
		fprintf(out, "By ");
		esc(out, f->dim);
		fprintf(out, ", ");
		esc(out, f->name);
		fprintf(out, " has the most people in the ");
		bands_from(out, kb, f->band);
		fprintf(out, " band: %s, %d%% of its %s.", a, cr_cohort_pct(f->n, f->of), b);
		break;
	case CR_FIND_REC:
		fprintf(out, "The most common recommendation is \"");
		esc(out, f->rec->title);
		fprintf(out, "\", among the first %d for %s people (%d%%).", CR_COHORT_FIRST_RECS, a, cr_cohort_pct(f->n, f->of));
		break;
	case CR_FIND_ROLE:
		fprintf(out, "The growing role within reach of most people is ");
		esc(out, f->role->title);
		fprintf(out, " (%s people, %d%%): a reskilling programme to plan.", a, cr_cohort_pct(f->n, f->of));
		break;
	case CR_FIND_UNSCORED:
		fprintf(out, "%s of %s rows (%d%%) could not be scored, so the figures may not represent everyone.", a, b,
			cr_cohort_pct(f->n, f->of));
		break;
	}
}

/* The coverage warning of a grouping column, as a sentence. */
static void uneven_text(FILE *out, const cr_cohort_view *v, const cr_cohort_dim *d, text_fn esc)
{
	const cr_cohort_stats *s = d->least_covered->s, *all = v->overall;
	fprintf(out, "Coverage is uneven across ");
	esc(out, d->label);
	fprintf(out, ": ");
	if (d->least_covered->name)
		esc(out, d->least_covered->name);
	else
		fprintf(out, "Other groups");
	fprintf(out, " had %d%% of its rows scored, against %d%% overall, so its figures may be the least representative.",
		cr_cohort_pct(s->n, s->n + s->unscored), cr_cohort_pct(all->n, all->n + all->unscored));
}

static void unscored_text(FILE *out, const cr_cohort_view *v)
{
	char a[32], b[32];
	/* one decimal: 10.3% is over the 10% line, and "10%" would not say so */
	fprintf(out, "%s of %s rows (%.1f%%) could not be scored, more than %d%%: the figures describe those who could be, "
		     "who may differ from those who could not.",
		count(a, sizeof a, v->overall->unscored), count(b, sizeof b, v->responded),
		100.0 * (double)v->overall->unscored / (double)v->responded, CR_COHORT_WARN_UNSCORED);
}

/* ---- Markdown ------------------------------------------------------------------ */

/*
 * The end of the sentence after the merged groups named (those of at least
 * the minimum): the rest counted, the small ones never named. Plain text, the
 * same in Markdown and HTML.
 */
static void other_groups_tail(FILE *out, const cr_cohort_dim *d, int min_group)
{
	size_t big_unnamed = d->nmerged - d->nmerged_small - d->nmerged_names;
	bool any = d->nmerged_names > 0;
	if (big_unnamed) {
		fprintf(out, " and %zu more", big_unnamed);
		any = true;
	}
	if (d->nmerged_small) {
		fprintf(out, "%s%zu group%s of fewer than %d people, not named", any ? (d->overflow ? ", " : " and ") : "",
			d->nmerged_small, d->nmerged_small == 1 ? "" : "s", min_group);
		any = true;
	}
	if (d->overflow)
		fprintf(out, "%s values past the first %d", any ? ", and" : "", CR_COHORT_MAX_VALUES);
}

static void md(FILE *out, const char *s)
{
	cr_md_text(out, s);
}

static void md_intro(FILE *out, const cr_cohort_view *v, const cr_cohort_meta *m)
{
	char a[32], b[32], c[32];
	fprintf(out, "# Workforce AI exposure: cohort summary\n\n");
	fprintf(out, "- **Source:** ");
	md(out, m->source ? m->source : "(standard input)");
	fprintf(out, ", questionnaire `%s`, knowledge base %s\n", m->questionnaire, v->kb->version);
	fprintf(out, "- **People scored:** %s of %s rows", count(a, sizeof a, (uint64_t)m->rows_scored),
		count(b, sizeof b, (uint64_t)m->rows_read));
	if (m->rows_bad)
		fprintf(out, " (%s could not be scored and are listed in the errors file)", count(c, sizeof c, (uint64_t)m->rows_bad));
	if (m->roster)
		fprintf(out, "\n- **Basis:** %s", ROSTER_BASIS);
	fprintf(out, "\n- **Privacy:** no group of fewer than %d people is shown. Smaller groups are merged into "
		     "\"Other groups\", and when that row would still be too small the next smallest groups join it, "
		     "so no group can be worked out from the others. Recommendations and roles that concern fewer than %d people are left out.\n\n",
		v->min_group, v->min_group);
	if (v->warn_unscored) {
		fprintf(out, "> **Warning:** ");
		unscored_text(out, v);
		fprintf(out, "\n\n");
	}
}

static void md_findings(FILE *out, const cr_cohort_view *v)
{
	if (!v->nfindings)
		return;
	fprintf(out, "## Key findings\n\n");
	for (size_t i = 0; i < v->nfindings; i++) {
		fprintf(out, "- ");
		finding_text(out, v->kb, &v->findings[i], md);
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void md_legend(FILE *out, const cr_kb *kb)
{
	fprintf(out, "### What the bands mean\n\n| Band | Scores | Meaning |\n|---|---|---|\n");
	for (size_t b = 0; b < nbands(kb); b++) {
		char t[64];
		int lo, hi;
		band_title(t, sizeof t, kb->bands[b].id);
		band_range(kb, b, &lo, &hi);
		const char *m = meaning_of(kb->bands[b].id);
		fprintf(out, "| %s | %d-%d | %s |\n", t, lo, hi, m ? m : "");
	}
	fprintf(out, "\nA score is an estimate with a range; the range of each person is in the results file.\n\n");
}

static void md_stats_header(FILE *out, const cr_kb *kb, const char *first)
{
	fprintf(out, "| %s | People | Responded | Mean score | Median | Middle half |", first);
	for (size_t b = 0; b < nbands(kb); b++) {
		char t[64];
		band_title(t, sizeof t, kb->bands[b].id);
		fprintf(out, " %s |", t);
	}
	fprintf(out, "\n|---|---:|---:|---:|---:|---:|");
	for (size_t b = 0; b < nbands(kb); b++)
		fprintf(out, "---:|");
	fputc('\n', out);
}

static void md_stats_row(FILE *out, const cr_kb *kb, const char *name, size_t merged, const cr_cohort_stats *s)
{
	char a[32];
	fprintf(out, "| ");
	if (name)
		md(out, name);
	else
		fprintf(out, "Other groups (%zu merged)", merged);
	char r[32];
	fprintf(out, " | %s | %s | %.1f | %d | %d-%d |", count(a, sizeof a, s->n), count(r, sizeof r, s->n + s->unscored),
		cr_cohort_mean(s), cr_cohort_percentile(s, 0.5),
		cr_cohort_percentile(s, 0.25), cr_cohort_percentile(s, 0.75));
	for (size_t b = 0; b < nbands(kb); b++)
		fprintf(out, " %d%% |", pct(s->bands[b], s->n));
	fputc('\n', out);
}

static void md_histogram(FILE *out, const cr_cohort_stats *s)
{
	uint64_t bins[10] = {0}, max = 0;
	for (int i = 0; i <= 100; i++)
		bins[i == 100 ? 9 : i / 10] += s->hist[i];
	for (int i = 0; i < 10; i++)
		if (bins[i] > max)
			max = bins[i];
	fprintf(out, "| Score | People | Share | |\n|---|---:|---:|---|\n");
	for (int i = 0; i < 10; i++) {
		char a[32];
		int width = max ? (int)((bins[i] * 30 + max - 1) / max) : 0;
		fprintf(out, "| %d-%d | ", i * 10, i == 9 ? 100 : i * 10 + 9);
		fprintf(out, "%s | %d%% | ", count(a, sizeof a, bins[i]), pct(bins[i], s->n));
		for (int w = 0; w < width; w++)
			fputs("█", out);
		fprintf(out, " |\n");
	}
	fputc('\n', out);
}

enum cr_status cr_render_cohort_markdown(FILE *out, const cr_cohort_view *v, const cr_cohort_meta *m)
{
	const cr_kb *kb = v->kb;
	char a[32];
	md_intro(out, v, m);
	if (v->suppressed) {
		fprintf(out, "Fewer than %d people were scored, so no figures are shown: any of them could single someone out.\n",
			v->min_group);
		return ferror(out) ? CR_EIO : CR_OK;
	}
	const cr_cohort_stats *all = v->overall;
	md_findings(out, v);
	fprintf(out, "## Overall\n\n\"People\" were scored; \"Responded\" adds the rows that could not be scored.\n\n");
	md_stats_header(out, kb, "Cohort");
	md_stats_row(out, kb, "Everyone", 1, all);
	fprintf(out, "\nMean dimensions (0-100): ");
	for (int i = 0; i < 4; i++) /* exposure only when the base has task data (mean -1: nobody has one) */
		if (cr_cohort_dim_mean(all, i) >= 0)
			fprintf(out, "%s%s %.0f", i ? ", " : "", dim_text[i], cr_cohort_dim_mean(all, i));
	fprintf(out, ".\n\n### Score distribution\n\n");
	md_histogram(out, all);
	md_legend(out, kb);

	for (size_t i = 0; i < v->ndims; i++) {
		const cr_cohort_dim *d = &v->dims[i];
		fprintf(out, "## By ");
		md(out, d->label);
		fprintf(out, "\n\n");
		md_stats_header(out, kb, "Group");
		for (size_t r = 0; r < d->nrows; r++)
			md_stats_row(out, kb, d->rows[r].name, d->rows[r].ngroups, d->rows[r].s);
		fputc('\n', out);
		if (d->uneven) {
			fprintf(out, "> **Warning:** ");
			uneven_text(out, v, d, md);
			fprintf(out, "\n\n");
		}
		if (d->nmerged || d->overflow) {
			fprintf(out, "\"Other groups\" holds ");
			for (size_t j = 0; j < d->nmerged_names; j++) {
				fprintf(out, "%s", j ? ", " : "");
				md(out, d->merged_names[j]);
			}
			other_groups_tail(out, d, v->min_group);
			fprintf(out, ".\n\n");
		}
	}

	fprintf(out, "## Most common recommendations\n\nCounted among each person's first %d recommendations.\n\n",
		CR_COHORT_FIRST_RECS);
	if (!v->nrecs) {
		fprintf(out, "No recommendation reaches %d people.\n\n", v->min_group);
	} else {
		fprintf(out, "| # | Recommendation | People | Share | First for | When | Effort |\n|---:|---|---:|---:|---:|---|---|\n");
		for (size_t i = 0; i < v->nrecs && i < TOP_RECS; i++) {
			const cr_cohort_rec *r = &v->recs[i];
			char f[32];
			fprintf(out, "| %zu | ", i + 1);
			md(out, r->rec->title);
			fprintf(out, " | %s | %d%% | %s | %s | %s |\n", count(a, sizeof a, r->n), pct(r->n, all->n),
				r->first ? count(f, sizeof f, r->first) : "-", horizon_text[r->rec->horizon], cr_effort_ids[r->rec->effort]);
		}
		fputc('\n', out);
	}

	fprintf(out, "## Growing roles within reach: reskilling programmes to plan\n\n"
		     "A role is within reach for someone whose occupation is a usual way into it, or who already has "
		     "half of its skills.\n\n");
	if (!v->nroles) {
		fprintf(out, "No growing role is within reach of %d people or more.\n\n", v->min_group);
	} else {
		fprintf(out, "| Role | People within reach | Through their occupation | Months to productivity | Skills most often missing |\n"
			     "|---|---:|---:|---:|---|\n");
		for (size_t i = 0; i < v->nroles && i < TOP_ROLES; i++) {
			const cr_cohort_role *r = &v->roles[i];
			char f[32];
			fprintf(out, "| ");
			md(out, r->role->title);
			fprintf(out, " | %s | %s | %d-%d | ", count(a, sizeof a, r->n), r->from ? count(f, sizeof f, r->from) : "-",
				r->role->months_lo, r->role->months_hi);
			for (int s = 0; s < 3 && r->missing[s]; s++) {
				fprintf(out, "%s", s ? ", " : "");
				md(out, skill_title(kb, r->missing[s]));
				fprintf(out, " (%d%%)", pct(r->nmissing[s], r->n));
			}
			fprintf(out, " |\n");
		}
		fputc('\n', out);
	}
	fprintf(out, "*Estimates from survey answers and published evidence, not predictions about any person. "
		     "A dash stands for a count below %d.*\n", v->min_group);
	return ferror(out) ? CR_EIO : CR_OK;
}

/* ---- HTML ------------------------------------------------------------------------ */

static void html(FILE *out, const char *s)
{
	cr_html_text(out, s);
}

static const char *const css =
	"body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}"
	"h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #d0d7de}"
	"table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}"
	"th,td{padding:.3rem .5rem;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
	".bar{display:inline-block;height:.8rem;background:#4f6d8f;vertical-align:middle}"
	".bands{display:flex;height:.9rem;min-width:8rem}.bands span{display:block;height:100%}"
	".b0{background:#2e7d32}.b1{background:#0288d1}.b2{background:#f9a825}.b3{background:#c62828}"
	".b4{background:#6a1b9a}.b5{background:#37474f}.b6{background:#8d6e63}.b7{background:#546e7a}"
	".note{color:#57606a;font-size:.9rem}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}"
	"dt{font-weight:600}dd{margin:0}"
	".warn{background:#fff8e1;border-left:4px solid #f9a825;padding:.4rem .6rem}"
	".swatch{display:inline-block;width:.8rem;height:.8rem;vertical-align:middle}"
	"@media print{body{margin:0}h2{break-after:avoid}table{break-inside:avoid}}";

static void html_stats_header(FILE *out, const cr_kb *kb, const char *first)
{
	fprintf(out, "<tr><th>%s</th><th class=n>People</th><th class=n>Responded</th><th class=n>Mean score</th>"
		     "<th class=n>Median</th><th class=n>Middle half</th>", first);
	for (size_t b = 0; b < nbands(kb); b++) {
		char t[64];
		band_title(t, sizeof t, kb->bands[b].id);
		fprintf(out, "<th class=n>");
		html(out, t);
		fprintf(out, "</th>");
	}
	fprintf(out, "<th>Bands</th></tr>\n");
}

static void html_stats_row(FILE *out, const cr_kb *kb, const char *name, size_t merged, const cr_cohort_stats *s)
{
	char a[32];
	fprintf(out, "<tr><td>");
	if (name)
		html(out, name);
	else
		fprintf(out, "<em>Other groups (%zu merged)</em>", merged);
	char r[32];
	fprintf(out, "</td><td class=n>%s</td><td class=n>%s</td><td class=n>%.1f</td><td class=n>%d</td><td class=n>%d&ndash;%d</td>",
		count(a, sizeof a, s->n), count(r, sizeof r, s->n + s->unscored), cr_cohort_mean(s), cr_cohort_percentile(s, 0.5), cr_cohort_percentile(s, 0.25),
		cr_cohort_percentile(s, 0.75));
	for (size_t b = 0; b < nbands(kb); b++)
		fprintf(out, "<td class=n>%d%%</td>", pct(s->bands[b], s->n));
	fprintf(out, "<td><div class=bands>");
	for (size_t b = 0; b < nbands(kb); b++)
		if (s->bands[b])
			fprintf(out, "<span class=b%zu style=\"width:%.1f%%\" title=\"%s %d%%\"></span>", b,
				s->n ? 100.0 * (double)s->bands[b] / (double)s->n : 0, kb->bands[b].id, pct(s->bands[b], s->n));
	fprintf(out, "</div></td></tr>\n");
}

enum cr_status cr_render_cohort_html(FILE *out, const cr_cohort_view *v, const cr_cohort_meta *m)
{
	const cr_kb *kb = v->kb;
	char a[32], b[32], c[32];
	fprintf(out, "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
		     "<meta name=viewport content=\"width=device-width,initial-scale=1\">\n"
		     "<title>Workforce AI exposure: cohort summary</title>\n<style>%s</style>\n</head>\n<body>\n", css);
	fprintf(out, "<h1>Workforce AI exposure: cohort summary</h1>\n<dl>\n<dt>Source</dt><dd>");
	html(out, m->source ? m->source : "(standard input)");
	fprintf(out, ", questionnaire <code>");
	html(out, m->questionnaire);
	fprintf(out, "</code>, knowledge base %s</dd>\n", v->kb->version);
	fprintf(out, "<dt>People scored</dt><dd>%s of %s rows", count(a, sizeof a, (uint64_t)m->rows_scored),
		count(b, sizeof b, (uint64_t)m->rows_read));
	if (m->rows_bad)
		fprintf(out, " (%s could not be scored and are listed in the errors file)", count(c, sizeof c, (uint64_t)m->rows_bad));
	if (m->roster)
		fprintf(out, "</dd>\n<dt>Basis</dt><dd>%s", ROSTER_BASIS);
	fprintf(out, "</dd>\n<dt>Privacy</dt><dd>No group of fewer than %d people is shown. Smaller groups are merged into "
		     "&ldquo;Other groups&rdquo;, and when that row would still be too small the next smallest groups join "
		     "it, so no group can be worked out from the others. Recommendations and roles that concern fewer than %d people "
		     "are left out.</dd>\n</dl>\n",
		v->min_group, v->min_group);
	if (v->warn_unscored) {
		fprintf(out, "<p class=warn><strong>Warning:</strong> ");
		unscored_text(out, v);
		fprintf(out, "</p>\n");
	}
	if (v->suppressed) {
		fprintf(out, "<p>Fewer than %d people were scored, so no figures are shown: any of them could single someone "
			     "out.</p>\n</body>\n</html>\n", v->min_group);
		return ferror(out) ? CR_EIO : CR_OK;
	}
	const cr_cohort_stats *all = v->overall;
	if (v->nfindings) {
		fprintf(out, "<h2>Key findings</h2>\n<ul>\n");
		for (size_t i = 0; i < v->nfindings; i++) {
			fprintf(out, "<li>");
			finding_text(out, kb, &v->findings[i], html);
			fprintf(out, "</li>\n");
		}
		fprintf(out, "</ul>\n");
	}
	fprintf(out, "<h2>Overall</h2>\n<p class=note>&ldquo;People&rdquo; were scored; &ldquo;Responded&rdquo; adds the "
		     "rows that could not be scored.</p>\n<table>\n");
	html_stats_header(out, kb, "Cohort");
	html_stats_row(out, kb, "Everyone", 1, all);
	fprintf(out, "</table>\n<p>Mean dimensions (0&ndash;100): ");
	for (int i = 0; i < 4; i++) /* exposure only when the base has task data (mean -1: nobody has one) */
		if (cr_cohort_dim_mean(all, i) >= 0)
			fprintf(out, "%s%s %.0f", i ? ", " : "", dim_text[i], cr_cohort_dim_mean(all, i));
	fprintf(out, ".</p>\n<h3>Score distribution</h3>\n<table>\n<tr><th>Score</th><th class=n>People</th>"
		     "<th class=n>Share</th><th></th></tr>\n");
	uint64_t bins[10] = {0}, max = 0;
	for (int i = 0; i <= 100; i++)
		bins[i == 100 ? 9 : i / 10] += all->hist[i];
	for (int i = 0; i < 10; i++)
		if (bins[i] > max)
			max = bins[i];
	for (int i = 0; i < 10; i++)
		fprintf(out, "<tr><td>%d&ndash;%d</td><td class=n>%s</td><td class=n>%d%%</td>"
			     "<td><span class=bar style=\"width:%.1frem\"></span></td></tr>\n",
			i * 10, i == 9 ? 100 : i * 10 + 9, count(a, sizeof a, bins[i]), pct(bins[i], all->n),
			max ? 20.0 * (double)bins[i] / (double)max : 0);
	fprintf(out, "</table>\n<h3>What the bands mean</h3>\n<table>\n<tr><th>Band</th><th>Scores</th><th>Meaning</th></tr>\n");
	for (size_t bd = 0; bd < nbands(kb); bd++) {
		char t[64];
		int lo, hi;
		band_title(t, sizeof t, kb->bands[bd].id);
		band_range(kb, bd, &lo, &hi);
		const char *mn = meaning_of(kb->bands[bd].id);
		fprintf(out, "<tr><td><span class=\"swatch b%zu\"></span> ", bd);
		html(out, t);
		fprintf(out, "</td><td>%d&ndash;%d</td><td>", lo, hi);
		html(out, mn ? mn : "");
		fprintf(out, "</td></tr>\n");
	}
	fprintf(out, "</table>\n<p class=note>A score is an estimate with a range; the range of each person is in the "
		     "results file.</p>\n");

	for (size_t i = 0; i < v->ndims; i++) {
		const cr_cohort_dim *d = &v->dims[i];
		fprintf(out, "<h2>By ");
		html(out, d->label);
		fprintf(out, "</h2>\n<table>\n");
		html_stats_header(out, kb, "Group");
		for (size_t r = 0; r < d->nrows; r++)
			html_stats_row(out, kb, d->rows[r].name, d->rows[r].ngroups, d->rows[r].s);
		fprintf(out, "</table>\n");
		if (d->uneven) {
			fprintf(out, "<p class=warn><strong>Warning:</strong> ");
			uneven_text(out, v, d, html);
			fprintf(out, "</p>\n");
		}
		if (d->nmerged || d->overflow) {
			fprintf(out, "<p class=note>&ldquo;Other groups&rdquo; holds ");
			for (size_t j = 0; j < d->nmerged_names; j++) {
				fprintf(out, "%s", j ? ", " : "");
				html(out, d->merged_names[j]);
			}
			other_groups_tail(out, d, v->min_group);
			fprintf(out, ".</p>\n");
		}
	}

	fprintf(out, "<h2>Most common recommendations</h2>\n<p class=note>Counted among each person&rsquo;s first %d "
		     "recommendations.</p>\n", CR_COHORT_FIRST_RECS);
	if (!v->nrecs) {
		fprintf(out, "<p>No recommendation reaches %d people.</p>\n", v->min_group);
	} else {
		fprintf(out, "<table>\n<tr><th class=n>#</th><th>Recommendation</th><th class=n>People</th><th class=n>Share</th>"
			     "<th class=n>First for</th><th>When</th><th>Effort</th></tr>\n");
		for (size_t i = 0; i < v->nrecs && i < TOP_RECS; i++) {
			const cr_cohort_rec *r = &v->recs[i];
			char f[32];
			fprintf(out, "<tr><td class=n>%zu</td><td>", i + 1);
			html(out, r->rec->title);
			fprintf(out, "</td><td class=n>%s</td><td class=n>%d%%</td><td class=n>%s</td><td>%s</td><td>%s</td></tr>\n",
				count(a, sizeof a, r->n), pct(r->n, all->n), r->first ? count(f, sizeof f, r->first) : "&ndash;",
				horizon_text[r->rec->horizon], cr_effort_ids[r->rec->effort]);
		}
		fprintf(out, "</table>\n");
	}

	fprintf(out, "<h2>Growing roles within reach: reskilling programmes to plan</h2>\n<p class=note>A role is within "
		     "reach for someone whose occupation is a usual way into it, or who already has half of its skills.</p>\n");
	if (!v->nroles) {
		fprintf(out, "<p>No growing role is within reach of %d people or more.</p>\n", v->min_group);
	} else {
		fprintf(out, "<table>\n<tr><th>Role</th><th class=n>People within reach</th><th class=n>Through their occupation</th>"
			     "<th class=n>Months to productivity</th><th>Skills most often missing</th></tr>\n");
		for (size_t i = 0; i < v->nroles && i < TOP_ROLES; i++) {
			const cr_cohort_role *r = &v->roles[i];
			char f[32];
			fprintf(out, "<tr><td>");
			html(out, r->role->title);
			fprintf(out, "</td><td class=n>%s</td><td class=n>%s</td><td class=n>%d&ndash;%d</td><td>",
				count(a, sizeof a, r->n), r->from ? count(f, sizeof f, r->from) : "&ndash;", r->role->months_lo,
				r->role->months_hi);
			for (int s = 0; s < 3 && r->missing[s]; s++) {
				fprintf(out, "%s", s ? ", " : "");
				html(out, skill_title(kb, r->missing[s]));
				fprintf(out, " (%d%%)", pct(r->nmissing[s], r->n));
			}
			fprintf(out, "</td></tr>\n");
		}
		fprintf(out, "</table>\n");
	}
	fprintf(out, "<p class=note>Estimates from survey answers and published evidence, not predictions about any person. "
		     "A dash stands for a count below %d.</p>\n</body>\n</html>\n", v->min_group);
	return ferror(out) ? CR_EIO : CR_OK;
}

/* ---- cohort show and cohort compare ---------------------------------------------- */

/* Text from data for a wrapped paragraph: written as it is, the wrapper escapes it. */
static void raw(FILE *out, const char *s)
{
	fputs(s ? s : "", out);
}

/* A stored cohort as the summary's introduction names it. */
static cr_cohort_meta meta_of(const cr_cohort_entry *c)
{
	return (cr_cohort_meta){c->source, c->questionnaire, c->rows_read, c->rows_scored, c->rows_bad};
}

/* "Cohort 3 'Spring pulse'" escaped for a terminal; caller frees. */
static char *cohort_title(const cr_cohort_entry *c)
{
	char *name = cr_vis(c->name, 60, 0);
	char *t = cr_xprintf("Cohort %lld '%s'", c->id, name);
	free(name);
	return t;
}

static void text_row(FILE *out, const cr_kb *kb, const char *name, size_t merged, const cr_cohort_stats *s)
{
	char a[32], label[64];
	char *vis = name ? cr_vis(name, 26, 0) : NULL;
	if (!name)
		snprintf(label, sizeof label, "Other groups (%zu)", merged);
	const char *shown = vis ? vis : label;
	size_t cols = 0; /* characters, not bytes: printf's width would count a UTF-8 name's bytes */
	for (const char *c = shown; *c; c++)
		cols += ((unsigned char)*c & 0xc0) != 0x80;
	fprintf(out, "  %s%*s %7s %6.1f %6d", shown, cols < 28 ? (int)(28 - cols) : 0, "", count(a, sizeof a, s->n),
		cr_cohort_mean(s), cr_cohort_percentile(s, 0.5));
	for (size_t b = 0; b < nbands(kb); b++)
		fprintf(out, " %5d%%", pct(s->bands[b], s->n));
	fputc('\n', out);
	free(vis);
}

static void text_header(FILE *out, const cr_kb *kb, const char *first)
{
	fprintf(out, "  %-28s %7s %6s %6s", first, "People", "Mean", "Median");
	for (size_t b = 0; b < nbands(kb); b++) {
		char t[64];
		band_title(t, sizeof t, kb->bands[b].id);
		fprintf(out, " %6.6s", t);
	}
	fputc('\n', out);
}

/* A sentence built by one of the shared writers, wrapped with a hanging indent. */
static void text_sentence(FILE *out, const char *prefix, int indent, int width, char *buf, size_t len)
{
	(void)len;
	cr_wrap_hang(out, prefix, buf, indent, width);
	free(buf);
}

enum cr_status cr_render_cohort_show_text(FILE *out, const cr_cohort_show_view *sv, const cr_render_opts *o)
{
	const cr_cohort_view *v = sv->v;
	const cr_kb *kb = v->kb;
	int width = o && o->width > 0 ? o->width : 80;
	char a[32], b[32];
	char *title = cohort_title(sv->c);
	fprintf(out, "%s\n", title);
	free(title);
	char *from = cr_xprintf("From %s, questionnaire %s, knowledge base %s.", sv->c->source ? sv->c->source : "standard input",
				sv->c->questionnaire, sv->c->kb_version);
	cr_wrap(out, from, 0, width); /* the wrapper escapes what came from data */
	free(from);
	fprintf(out, "%s of %s rows scored. No group of fewer than %d people is shown.\n",
		count(a, sizeof a, (uint64_t)sv->c->rows_scored), count(b, sizeof b, (uint64_t)sv->c->rows_read), v->min_group);
	if (v->warn_unscored) {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		unscored_text(m, v);
		fclose(m);
		text_sentence(out, "Warning: ", 9, width, buf, len);
	}
	if (v->suppressed) {
		fprintf(out, "\nFewer than %d people were scored, so no figures are shown.\n", v->min_group);
		return ferror(out) ? CR_EIO : CR_OK;
	}
	if (v->nfindings) {
		fprintf(out, "\nKey findings\n");
		for (size_t i = 0; i < v->nfindings; i++) {
			char *buf = NULL;
			size_t len = 0;
			FILE *m = open_memstream(&buf, &len);
			finding_text(m, kb, &v->findings[i], raw);
			fclose(m);
			text_sentence(out, "  - ", 4, width, buf, len);
		}
	}
	fprintf(out, "\n");
	text_header(out, kb, "Cohort");
	text_row(out, kb, "Everyone", 1, v->overall);
	for (size_t i = 0; i < v->ndims; i++) {
		const cr_cohort_dim *d = &v->dims[i];
		char *label = cr_vis(d->label, 60, 0);
		fprintf(out, "\nBy %s\n", label);
		free(label);
		text_header(out, kb, "Group");
		for (size_t r = 0; r < d->nrows; r++)
			text_row(out, kb, d->rows[r].name, d->rows[r].ngroups, d->rows[r].s);
	}
	fprintf(out, "\nBands:");
	for (size_t bd = 0; bd < nbands(kb); bd++) {
		int lo, hi;
		band_range(kb, bd, &lo, &hi);
		fprintf(out, " %s %d-%d%s", kb->bands[bd].id, lo, hi, bd + 1 < nbands(kb) ? "," : ".\n");
	}
	if (v->nrecs) {
		fprintf(out, "\nMost common recommendations (among each person's first %d)\n", CR_COHORT_FIRST_RECS);
		for (size_t i = 0; i < v->nrecs && i < 5; i++) {
			char *line = cr_xprintf("%s (%s people, %d%%)", v->recs[i].rec->title,
						count(a, sizeof a, v->recs[i].n), pct(v->recs[i].n, v->overall->n));
			char prefix[16];
			snprintf(prefix, sizeof prefix, "  %zu. ", i + 1);
			cr_wrap_hang(out, prefix, line, 5, width);
			free(line);
		}
	}
	if (v->nroles) {
		fprintf(out, "\nGrowing roles within reach\n");
		for (size_t i = 0; i < v->nroles && i < 5; i++) {
			char *line = cr_xprintf("%s (%s people, %d%%)", v->roles[i].role->title,
						count(a, sizeof a, v->roles[i].n), pct(v->roles[i].n, v->overall->n));
			cr_wrap_hang(out, "  - ", line, 4, width);
			free(line);
		}
	}
	return ferror(out) ? CR_EIO : CR_OK;
}

enum cr_status cr_render_cohort_show_markdown(FILE *out, const cr_cohort_show_view *sv, const cr_render_opts *o)
{
	(void)o;
	fprintf(out, "<!-- cohort %lld -->\n", sv->c->id);
	cr_cohort_meta m = meta_of(sv->c);
	return cr_render_cohort_markdown(out, sv->v, &m);
}

static struct fy_node *j_stats(struct fy_document *d, const cr_kb *kb, const cr_cohort_stats *s)
{
	struct fy_node *m = cr_j_map(d), *bands = cr_j_map(d);
	cr_j_set(m, "people", cr_j_int(d, (long long)s->n));
	cr_j_set(m, "responded", cr_j_int(d, (long long)(s->n + s->unscored)));
	cr_j_set(m, "mean", cr_j_num(d, cr_cohort_mean(s)));
	cr_j_set(m, "median", cr_j_int(d, cr_cohort_percentile(s, 0.5)));
	struct fy_node *q = cr_j_seq(d);
	cr_j_push(q, cr_j_int(d, cr_cohort_percentile(s, 0.25)));
	cr_j_push(q, cr_j_int(d, cr_cohort_percentile(s, 0.75)));
	cr_j_set(m, "middle_half", q);
	for (size_t b = 0; b < nbands(kb); b++)
		cr_j_set(bands, kb->bands[b].id, cr_j_int(d, pct(s->bands[b], s->n)));
	cr_j_set(m, "band_percent", bands);
	return m;
}

static struct fy_node *j_cohort(struct fy_document *d, const cr_cohort_entry *c)
{
	struct fy_node *m = cr_j_map(d);
	cr_j_set(m, "id", cr_j_int(d, c->id));
	cr_j_set(m, "name", cr_j_str(d, c->name));
	cr_j_set(m, "source", cr_j_str(d, c->source));
	cr_j_set(m, "questionnaire", cr_j_str(d, c->questionnaire));
	cr_j_set(m, "kb_version", cr_j_str(d, c->kb_version));
	cr_j_set(m, "finished_at", cr_j_str(d, c->finished_at));
	cr_j_set(m, "rows_read", cr_j_int(d, c->rows_read));
	cr_j_set(m, "rows_scored", cr_j_int(d, c->rows_scored));
	cr_j_set(m, "rows_bad", cr_j_int(d, c->rows_bad));
	return m;
}

static const char *const finding_ids[] = {"at_risk", "group", "recommendation", "role", "unscored"};

enum cr_status cr_render_cohort_show_json(FILE *out, const cr_cohort_show_view *sv, const cr_render_opts *o)
{
	(void)o;
	const cr_cohort_view *v = sv->v;
	const cr_kb *kb = v->kb;
	struct fy_document *d = cr_j_doc();
	struct fy_node *root = cr_j_map(d);
	cr_j_set(root, "cohort", j_cohort(d, sv->c));
	cr_j_set(root, "min_group", cr_j_int(d, v->min_group));
	cr_j_set(root, "suppressed", cr_j_bool(d, v->suppressed));
	struct fy_node *warn = cr_j_seq(d);
	if (v->warn_unscored)
		cr_j_push(warn, cr_j_str(d, "unscored"));
	for (size_t i = 0; i < v->ndims; i++)
		if (v->dims[i].uneven)
			cr_j_push(warn, cr_j_str(d, "uneven_coverage"));
	cr_j_set(root, "warnings", warn);
	struct fy_node *legend = cr_j_seq(d);
	for (size_t b = 0; b < nbands(kb); b++) {
		int lo, hi;
		band_range(kb, b, &lo, &hi);
		struct fy_node *m = cr_j_map(d), *r = cr_j_seq(d);
		cr_j_set(m, "band", cr_j_str(d, kb->bands[b].id));
		cr_j_push(r, cr_j_int(d, lo));
		cr_j_push(r, cr_j_int(d, hi));
		cr_j_set(m, "scores", r);
		cr_j_set(m, "meaning", cr_j_str(d, meaning_of(kb->bands[b].id)));
		cr_j_push(legend, m);
	}
	cr_j_set(root, "bands", legend);
	if (v->suppressed)
		return cr_render_json_doc(out, d, root);
	struct fy_node *finds = cr_j_seq(d);
	for (size_t i = 0; i < v->nfindings; i++) {
		const cr_cohort_finding *f = &v->findings[i];
		struct fy_node *m = cr_j_map(d);
		char *buf = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);
		finding_text(mem, kb, f, raw);
		fclose(mem);
		cr_j_set(m, "kind", cr_j_str(d, finding_ids[f->kind]));
		cr_j_set(m, "people", cr_j_int(d, (long long)f->n));
		cr_j_set(m, "of", cr_j_int(d, (long long)f->of));
		cr_j_set(m, "text", cr_j_str(d, buf));
		free(buf);
		cr_j_push(finds, m);
	}
	cr_j_set(root, "findings", finds);
	cr_j_set(root, "overall", j_stats(d, kb, v->overall));
	struct fy_node *groups = cr_j_seq(d);
	for (size_t i = 0; i < v->ndims; i++) {
		const cr_cohort_dim *dm = &v->dims[i];
		struct fy_node *g = cr_j_map(d), *rows = cr_j_seq(d);
		cr_j_set(g, "column", cr_j_str(d, dm->name));
		cr_j_set(g, "label", cr_j_str(d, dm->label));
		for (size_t r = 0; r < dm->nrows; r++) {
			struct fy_node *row = j_stats(d, kb, dm->rows[r].s);
			cr_j_set(row, "group", cr_j_str(d, dm->rows[r].name));
			cr_j_set(row, "groups_merged", cr_j_int(d, dm->rows[r].name ? 0 : (long long)dm->rows[r].ngroups));
			cr_j_push(rows, row);
		}
		cr_j_set(g, "rows", rows);
		cr_j_push(groups, g);
	}
	cr_j_set(root, "groups", groups);
	struct fy_node *recs = cr_j_seq(d);
	for (size_t i = 0; i < v->nrecs && i < TOP_RECS; i++) {
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "id", cr_j_str(d, v->recs[i].rec->id));
		cr_j_set(m, "title", cr_j_str(d, v->recs[i].rec->title));
		cr_j_set(m, "people", cr_j_int(d, (long long)v->recs[i].n));
		cr_j_push(recs, m);
	}
	cr_j_set(root, "recommendations", recs);
	struct fy_node *roles = cr_j_seq(d);
	for (size_t i = 0; i < v->nroles && i < TOP_ROLES; i++) {
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "id", cr_j_str(d, v->roles[i].role->id));
		cr_j_set(m, "title", cr_j_str(d, v->roles[i].role->title));
		cr_j_set(m, "people", cr_j_int(d, (long long)v->roles[i].n));
		cr_j_push(roles, m);
	}
	cr_j_set(root, "roles", roles);
	return cr_render_json_doc(out, d, root);
}

/* ---- compare ---- */

static bool both(const cr_cohort_change *c)
{
	return c->side[0].shown && c->side[1].shown;
}

/* "44.0 -> 46.2 (+2.2)" (decimals places, unit after each figure); a side not shown is `dash`, and then no change. */
typedef struct cell_fmt {
	int decimals;
	const char *unit;
	bool delta;
	const char *arrow, *dash;
} cell_fmt;

static void cell_num(FILE *out, const cr_cohort_change *c, double a, double b, const cell_fmt *f)
{
	if (c->side[0].shown)
		fprintf(out, "%.*f%s", f->decimals, a, f->unit);
	else
		fputs(f->dash, out);
	fputs(f->arrow, out);
	if (c->side[1].shown)
		fprintf(out, "%.*f%s", f->decimals, b, f->unit);
	else
		fputs(f->dash, out);
	if (f->delta && both(c))
		fprintf(out, " (%+.*f)", f->decimals, b - a);
}

static void change_name(FILE *out, const cr_cohort_change *c, text_fn esc)
{
	if (!c->name)
		fputs("Everyone", out);
	else
		esc(out, c->name);
}

enum cr_status cr_render_cohort_compare_text(FILE *out, const cr_cohort_compare_view *cv, const cr_render_opts *o)
{
	const cr_cohort_diff *df = cv->d;
	const cr_kb *kb = df->kb;
	int width = o && o->width > 0 ? o->width : 80;
	char *t = cr_xprintf("Cohort %lld '%s', then cohort %lld '%s'", cv->c[0]->id, cv->c[0]->name, cv->c[1]->id,
			     cv->c[1]->name);
	cr_wrap(out, t, 0, width); /* the wrapper escapes the names */
	free(t);
	fprintf(out, "Groups of fewer than %d people in a wave are not shown for that wave.\n", df->min_group);
	const char *dim = "";
	for (size_t i = 0; i < df->n; i++) {
		const cr_cohort_change *c = &df->v[i];
		if (c->dim && strcmp(c->dim, dim) != 0) {
			char *l = cr_vis(c->dim, 60, 0);
			fprintf(out, "\nBy %s\n", l);
			free(l);
			dim = c->dim;
		} else if (!c->dim) {
			fputc('\n', out);
		}
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		change_name(m, c, raw);
		fputs(": ", m);
		if (!c->side[0].shown && !c->side[1].shown) {
			fputs("not shown in either wave", m);
		} else {
			fputs("people ", m);
			cell_num(m, c, (double)c->side[0].n, (double)c->side[1].n, &(cell_fmt){0, "", false, " -> ", "not shown"});
			fputs("; mean score ", m);
			cell_num(m, c, c->side[0].mean, c->side[1].mean, &(cell_fmt){1, "", true, " -> ", "-"});
			for (size_t b = 0; b < nbands(kb); b++) {
				fprintf(m, "; %s ", kb->bands[b].id);
				cell_num(m, c, c->side[0].band_pct[b], c->side[1].band_pct[b], &(cell_fmt){0, "%", true, " -> ", "-"});
			}
		}
		fputc('.', m);
		fclose(m);
		cr_wrap_hang(out, c->dim ? "  " : "", buf, c->dim ? 4 : 2, width);
		free(buf);
	}
	return ferror(out) ? CR_EIO : CR_OK;
}

enum cr_status cr_render_cohort_compare_markdown(FILE *out, const cr_cohort_compare_view *cv, const cr_render_opts *o)
{
	(void)o;
	const cr_cohort_diff *df = cv->d;
	const cr_kb *kb = df->kb;
	fprintf(out, "# Cohort %lld (", cv->c[0]->id);
	md(out, cv->c[0]->name);
	fprintf(out, ") compared with cohort %lld (", cv->c[1]->id);
	md(out, cv->c[1]->name);
	fprintf(out, ")\n\nEach cell gives the first wave, then the second, and the change. A group of fewer than %d "
		     "people in a wave is not shown for that wave (a dash), and no change is given for it.\n",
		df->min_group);
	const char *dim = NULL;
	for (size_t i = 0; i < df->n; i++) {
		const cr_cohort_change *c = &df->v[i];
		if (i == 0 || (c->dim && (!dim || strcmp(c->dim, dim) != 0))) {
			fprintf(out, "\n## ");
			if (c->dim)
				fprintf(out, "By "), md(out, c->dim);
			else
				fprintf(out, "Overall");
			fprintf(out, "\n\n| Group | People | Mean score |");
			for (size_t b = 0; b < nbands(kb); b++) {
				char t[64];
				band_title(t, sizeof t, kb->bands[b].id);
				fprintf(out, " %s |", t);
			}
			fprintf(out, "\n|---|---|---|");
			for (size_t b = 0; b < nbands(kb); b++)
				fprintf(out, "---|");
			fputc('\n', out);
			dim = c->dim;
		}
		fprintf(out, "| ");
		change_name(out, c, md);
		fprintf(out, " | ");
		cell_num(out, c, (double)c->side[0].n, (double)c->side[1].n, &(cell_fmt){0, "", false, " → ", "–"});
		fprintf(out, " | ");
		cell_num(out, c, c->side[0].mean, c->side[1].mean, &(cell_fmt){1, "", true, " → ", "–"});
		for (size_t b = 0; b < nbands(kb); b++) {
			fprintf(out, " | ");
			cell_num(out, c, c->side[0].band_pct[b], c->side[1].band_pct[b], &(cell_fmt){0, "%", true, " → ", "–"});
		}
		fprintf(out, " |\n");
	}
	return ferror(out) ? CR_EIO : CR_OK;
}

static struct fy_node *j_side(struct fy_document *d, const cr_kb *kb, const cr_cohort_side *s)
{
	if (!s->shown)
		return cr_j_null(d);
	struct fy_node *m = cr_j_map(d), *bands = cr_j_map(d);
	cr_j_set(m, "people", cr_j_int(d, (long long)s->n));
	cr_j_set(m, "mean", cr_j_num(d, s->mean));
	cr_j_set(m, "median", cr_j_int(d, s->median));
	for (size_t b = 0; b < nbands(kb); b++)
		cr_j_set(bands, kb->bands[b].id, cr_j_int(d, s->band_pct[b]));
	cr_j_set(m, "band_percent", bands);
	return m;
}

enum cr_status cr_render_cohort_compare_json(FILE *out, const cr_cohort_compare_view *cv, const cr_render_opts *o)
{
	(void)o;
	const cr_cohort_diff *df = cv->d;
	const cr_kb *kb = df->kb;
	struct fy_document *d = cr_j_doc();
	struct fy_node *root = cr_j_map(d), *list = cr_j_seq(d);
	cr_j_set(root, "first", j_cohort(d, cv->c[0]));
	cr_j_set(root, "second", j_cohort(d, cv->c[1]));
	cr_j_set(root, "min_group", cr_j_int(d, df->min_group));
	for (size_t i = 0; i < df->n; i++) {
		const cr_cohort_change *c = &df->v[i];
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "column", cr_j_str(d, c->dim));
		cr_j_set(m, "group", cr_j_str(d, c->name));
		cr_j_set(m, "first", j_side(d, kb, &c->side[0]));
		cr_j_set(m, "second", j_side(d, kb, &c->side[1]));
		if (both(c)) {
			struct fy_node *ch = cr_j_map(d), *bands = cr_j_map(d);
			cr_j_set(ch, "people", cr_j_int(d, (long long)c->side[1].n - (long long)c->side[0].n));
			cr_j_set(ch, "mean", cr_j_num(d, c->side[1].mean - c->side[0].mean));
			cr_j_set(ch, "median", cr_j_int(d, c->side[1].median - c->side[0].median));
			for (size_t b = 0; b < nbands(kb); b++)
				cr_j_set(bands, kb->bands[b].id, cr_j_int(d, c->side[1].band_pct[b] - c->side[0].band_pct[b]));
			cr_j_set(ch, "band_points", bands);
			cr_j_set(m, "change", ch);
		} else {
			cr_j_set(m, "change", cr_j_null(d));
		}
		cr_j_push(list, m);
	}
	cr_j_set(root, "changes", list);
	return cr_render_json_doc(out, d, root);
}
