/*
 * format.c - the table of output formats and the one lookup (see format.h).
 *
 * The adapters below give the older renderers, whose signatures predate the
 * table (JSON takes no options, text takes the invocation apart), the one
 * shape a row holds; a new format's file writes that shape directly.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "format.h"

static enum cr_status result_json(FILE *out, const cr_result *r, const cr_render_opts *o)
{
	(void)o;
	return cr_render_json(out, r);
}

static enum cr_status result_markdown(FILE *out, const cr_result *r, const cr_render_opts *o)
{
	(void)o;
	return cr_render_markdown(out, r);
}

static enum cr_status report_json(FILE *out, const cr_report *r, const cr_render_opts *o)
{
	(void)o;
	return cr_render_report_json(out, r);
}

static enum cr_status report_markdown(FILE *out, const cr_report *r, const cr_render_opts *o)
{
	(void)o;
	return cr_render_report_markdown(out, r);
}

static enum cr_status report_html(FILE *out, const cr_report *r, const cr_render_opts *o)
{
	(void)o;
	return cr_render_report_html(out, r);
}

static enum cr_status history_text(FILE *out, const cr_progress *p, const cr_render_opts *o)
{
	return cr_render_history_text(out, p, o, o->cmd);
}

static enum cr_status history_json(FILE *out, const cr_progress *p, const cr_render_opts *o)
{
	(void)o;
	return cr_render_history_json(out, p);
}

static enum cr_status compare_json(FILE *out, const cr_compare_view *v, const cr_render_opts *o)
{
	(void)o;
	return cr_render_compare_json(out, v);
}

static enum cr_status progress_text(FILE *out, const cr_progress *p, const cr_render_opts *o)
{
	return cr_render_progress_text(out, p, o, o->cmd);
}

static enum cr_status progress_json(FILE *out, const cr_progress *p, const cr_render_opts *o)
{
	(void)o;
	return cr_render_progress_json(out, p);
}

static enum cr_status profiles_json(FILE *out, const cr_profiles *l, const cr_render_opts *o)
{
	(void)o;
	return cr_render_profiles_json(out, l);
}

/*
 * The order of the rows is the order usage errors list them in. HTML has no
 * result view of its own: assess shows the report of the result instead, so
 * an unsaved result and a stored report are the same page.
 */
static const cr_format formats[] = {
	{.name = "text", .result = cr_render_text, .report = cr_render_report_text, .history = history_text,
	 .compare = cr_render_compare_text, .progress = progress_text, .profiles = cr_render_profiles_text,
	 .occupation = cr_render_occupation_text, .occupations = cr_render_occupations_text,
	 .doctor = cr_render_doctor_text, .cohorts = cr_render_cohorts_text, .cohort = cr_render_cohort_show_text,
	 .cohort_compare = cr_render_cohort_compare_text, .questionnaires = cr_render_questionnaires_text,
	 .questionnaire = cr_render_questionnaire_text},
	{.name = "json", .result = result_json, .report = report_json, .history = history_json, .compare = compare_json,
	 .progress = progress_json, .profiles = profiles_json, .occupation = cr_render_occupation_json,
	 .occupations = cr_render_occupations_json, .doctor = cr_render_doctor_json, .cohorts = cr_render_cohorts_json,
	 .cohort = cr_render_cohort_show_json, .cohort_compare = cr_render_cohort_compare_json},
	{.name = "markdown", .alias = "md", .result = result_markdown, .report = report_markdown,
	 .cohort = cr_render_cohort_show_markdown, .cohort_compare = cr_render_cohort_compare_markdown},
	{.name = "html", .report = report_html},
	{.name = "csv", .occupations = cr_render_occupations_csv, .answers_template = cr_render_template_csv},
	{.name = "yaml", .answers_template = cr_render_template_yaml},
};

const cr_format *cr_formats(size_t *n)
{
	*n = CR_ARRAY_LEN(formats);
	return formats;
}

bool cr_format_has(const cr_format *f, enum cr_view view)
{
	switch (view) {
	case CR_VIEW_RESULT: return f->result != NULL;
	case CR_VIEW_REPORT: return f->report != NULL;
	case CR_VIEW_HISTORY: return f->history != NULL;
	case CR_VIEW_COMPARE: return f->compare != NULL;
	case CR_VIEW_PROGRESS: return f->progress != NULL;
	case CR_VIEW_PROFILES: return f->profiles != NULL;
	case CR_VIEW_OCCUPATION: return f->occupation != NULL;
	case CR_VIEW_OCCUPATIONS: return f->occupations != NULL;
	case CR_VIEW_DOCTOR: return f->doctor != NULL;
	case CR_VIEW_COHORTS: return f->cohorts != NULL;
	case CR_VIEW_QUESTIONNAIRES: return f->questionnaires != NULL;
	case CR_VIEW_QUESTIONNAIRE: return f->questionnaire != NULL;
	case CR_VIEW_TEMPLATE: return f->answers_template != NULL;
	case CR_VIEW_COHORT: return f->cohort != NULL;
	case CR_VIEW_COHORT_COMPARE: return f->cohort_compare != NULL;
	case CR_VIEW_COUNT: break;
	}
	return false;
}

const cr_format *cr_format_find(const char *name, enum cr_view view, char **why)
{
	for (size_t i = 0; i < CR_ARRAY_LEN(formats); i++) {
		const cr_format *f = &formats[i];
		if ((!strcmp(name, f->name) || (f->alias && !strcmp(name, f->alias))) && cr_format_has(f, view))
			return f;
	}
	/* "(text, json, markdown or html)": the formats that offer this view, in table order */
	size_t n = 0, k = 0;
	for (size_t i = 0; i < CR_ARRAY_LEN(formats); i++)
		n += cr_format_has(&formats[i], view);
	cr_sb b = {0};
	char *e = cr_vis(name, CR_ECHO_MAX, 0); /* the value is the user's: shown, never obeyed */
	cr_sb_addf(&b, "unknown format '%s' (", e);
	free(e);
	for (size_t i = 0; i < CR_ARRAY_LEN(formats); i++) {
		if (!cr_format_has(&formats[i], view))
			continue;
		k++;
		cr_sb_addf(&b, "%s%s", k == 1 ? "" : k == n ? " or " : ", ", formats[i].name);
	}
	cr_sb_add(&b, ")");
	*why = cr_sb_take(&b);
	return NULL;
}
