/* cmd_report.c - `career-risk report`, and the report every format renders (cr_app_report). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/util.h"
#include "../render/report.h"
#include "app.h"

#ifndef CR_VERSION
#define CR_VERSION "0.0.0"
#endif

enum cr_status cr_app_report(cr_app *app, const cr_progress *p, const cr_session_info *s, const char *result_json,
			     const cr_format *fmt, const char *paper, FILE *out)
{
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
		       .version = CR_VERSION};
	/* a file gets no colour and the standard width, whatever the terminal */
	cr_render_opts o = {.color = !app->no_color && out == stdout, .width = out == stdout ? app->width : 80};
	st = fmt->report(out, &r, &o);
out:
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
	st = cr_app_report(app, p, s, NULL, fmt, paper, out.f);
	st = cr_app_output_close(app, &out, st);
	if (!st && output && strcmp(output, "-"))
		fprintf(stderr, "career-risk: wrote the report of %s, session %d, to %s\n", p->profile, s->num, output);
out:
	cr_progress_free(p);
	return st;
}
