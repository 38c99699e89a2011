/*
 * cmd_report.c - `career-risk report`, and the report every format renders (cr_app_report).
 * The client summary by default; --full for the technical report; counsellor notes only with --notes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/answers.h"
#include "../core/util.h"
#include "../render/report.h"
#include "app.h"

#ifndef CR_VERSION
#define CR_VERSION "0.0.0"
#endif

/*
 * A question as a report lists it: up to its question mark, without the
 * examples in brackets ("About what share of your week goes to entering,
 * copying or reformatting data?"). Caller frees.
 */
static char *question_short(const char *text)
{
	const char *mark = strchr(text, '?');
	size_t n = mark ? (size_t)(mark - text) + 1 : strlen(text);
	cr_sb b = {0};
	int depth = 0;
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '(')
			depth++;
		else if (text[i] == ')' && depth > 0)
			depth--;
		else if (!depth && !(text[i] == ' ' && i + 1 < n && text[i + 1] == '('))
			cr_sb_addc(&b, text[i]);
	}
	return b.s ? cr_sb_take(&b) : cr_xstrdup(text);
}

/*
 * The session's answers as the person reads them: each question's text and the
 * answer in its labels, in the questionnaire's order, from the knowledge base
 * loaded now (a question it no longer has, or an answer it no longer accepts,
 * is left out rather than shown as an id). The goals question is handed back
 * apart in *goals. Allocates *out, every string in it and *goals: free with
 * answers_free.
 */
static void answers_read(const cr_kb *kb, const cr_session_info *s, cr_rep_answer **out, size_t *n, char **goals)
{
	*out = NULL;
	*n = 0;
	*goals = NULL;
	const cr_questionnaire *q = kb && s && s->questionnaire ? cr_kb_questionnaire(kb, s->questionnaire) : NULL;
	if (!q || !s->nanswers)
		return;
	cr_answers *as = cr_answers_new(q);
	cr_diags quiet = {0}; /* a stored answer the knowledge base no longer takes is left out, not an error */
	for (size_t i = 0; i < s->nanswers; i++) {
		size_t qi;
		if (cr_questionnaire_find(q, s->answers[i].question, &qi))
			(void)cr_answers_set_json(kb, as, qi, s->answers[i].json, &quiet);
	}
	cr_diags_clear(&quiet);
	*out = cr_xcalloc(q->nquestions + 1, sizeof **out);
	for (size_t qi = 0; qi < q->nquestions; qi++) {
		const cr_question *qu = &q->questions[qi];
		const cr_answer *a = &as->a[qi];
		if (a->state != CR_A_GIVEN)
			continue;
		if (!strcmp(qu->id, "goals") && qu->type == CR_Q_TEXT) {
			*goals = cr_xstrdup(a->str);
			continue;
		}
		cr_sb b = {0};
		if (qu->type == CR_Q_SPLIT) {
			/* the parts by name, not "40/30/10/10/5/5" */
			for (size_t k = 0; k < qu->nchoices; k++) {
				/* a part's label up to its colon: "Routine information work", not its examples */
				const char *l = qu->choices[k].label, *colon = strchr(l, ':');
				if (a->parts[k] > 0)
					cr_sb_addf(&b, "%s%.*s %g%%", b.len ? ", " : "", (int)(colon ? colon - l : (long)strlen(l)), l,
						   a->parts[k]);
			}
		} else if (qu->type == CR_Q_SCALE) {
			cr_sb_addf(&b, "%g on a scale of %g to %g", a->num, qu->min, qu->max);
			if (qu->high && a->num >= qu->max)
				cr_sb_addf(&b, " (%s)", qu->high);
			else if (qu->low && a->num <= qu->min)
				cr_sb_addf(&b, " (%s)", qu->low);
		} else if (qu->type == CR_Q_TASKS) {
			cr_sb_addf(&b, "time given for %d of the occupation's main tasks", (int)a->num);
		} else {
			char *t = cr_answer_describe(kb, qu, a);
			cr_sb_add(&b, t);
			free(t);
		}
		(*out)[*n].question = question_short(qu->text);
		(*out)[*n].answer = cr_sb_take(&b);
		++*n;
	}
	cr_answers_free(as);
}

static void answers_free(cr_rep_answer *v, size_t n, char *goals)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)v[i].question);
		free((char *)v[i].answer);
	}
	free(v);
	free(goals);
}

enum cr_status cr_app_report(cr_app *app, const cr_progress *p, const cr_session_info *s, const char *result_json,
			     const cr_format *fmt, const char *paper, unsigned form, FILE *out)
{
	cr_rep_answer *answers = NULL;
	size_t nanswers = 0;
	char *goals = NULL;
	cr_snapshot *snap = NULL, *prev = NULL;
	cr_comparison *cmp = NULL;
	char now[32];
	enum cr_status st;
	char name[64];
	snprintf(name, sizeof name, "session %d", s ? s->num : 0);
	if (!result_json)
		result_json = s->result_json;
	if ((st = cr_snapshot_parse(name, result_json, &snap, &app->diags)))
		goto out;
	const cr_session_info *ps = p ? cr_progress_previous(p, s) : NULL;
	if (ps) {
		snprintf(name, sizeof name, "session %d", ps->num);
		if ((st = cr_snapshot_parse(name, ps->result_json, &prev, &app->diags)))
			goto out;
		cmp = cr_compare(prev, snap);
	}
	cr_app_now(now);
	cr_report r = {.profile = p ? p->profile : NULL, .p = p, .session = s, .snap = snap, .result_json = result_json,
		       .prev_session = ps, .prev = prev, .cmp = cmp, .paper = paper, .generated_at = now,
		       .version = CR_VERSION, .full = form & CR_REPORT_FULL, .notes = form & CR_REPORT_NOTES,
		       .kb = app->kb};
	answers_read(app->kb, s, &answers, &nanswers, &goals);
	r.answers = answers;
	r.nanswers = nanswers;
	r.goals = goals;
	/* a file gets no colour and the standard width, whatever the terminal */
	cr_render_opts o = {.color = !app->no_color && out == stdout, .width = out == stdout ? app->width : 80};
	st = fmt->report(out, &r, &o);
out:
	answers_free(answers, nanswers, goals);
	cr_comparison_free(cmp);
	cr_snapshot_free(prev);
	cr_snapshot_free(snap);
	return st;
}

enum cr_status cmd_report(cr_app *app, const cr_args *a)
{
	const char *session = cr_args_get(a, CR_OPT_SESSION), *paper = cr_args_get(a, CR_OPT_PAPER);
	const char *output = cr_args_get(a, CR_OPT_OUTPUT), *format = cr_args_get(a, CR_OPT_FORMAT);
	if (paper && strcmp(paper, "a4") && strcmp(paper, "letter"))
		return cr_app_usage(app, "report", "unknown paper '%s' (a4 or letter)", paper);
	const cr_format *fmt = cr_app_format(app, "report", format, CR_VIEW_REPORT);
	if (!fmt)
		return CR_EUSAGE;
	cr_progress *p = NULL;
	const cr_session_info *s = NULL;
	cr_output out = {.fd = -1};
	enum cr_status st = cr_app_progress(app, &p);
	if (st)
		goto out;
	if (session)
		st = cr_app_session_arg(app, "report", p, session, true, &s);
	else if (!(s = cr_progress_latest(p)))
		st = cr_app_no_scored(app, p);
	if (st)
		goto out;
	if ((st = cr_app_output_open(app, output, &out)))
		goto out;
	unsigned form = (cr_args_has(a, CR_OPT_FULL) ? CR_REPORT_FULL : 0) | (cr_args_has(a, CR_OPT_NOTES) ? CR_REPORT_NOTES : 0);
	st = cr_app_report(app, p, s, NULL, fmt, paper, form, out.f);
	st = cr_app_output_close(app, &out, st);
	if (!st && output && strcmp(output, "-"))
		fprintf(stderr, "career-risk: wrote the report of %s, session %d, to %s\n", p->profile, s->num, output);
out:
	cr_progress_free(p);
	return st;
}
