/* cmd_questionnaire.c - `career-risk questionnaire list|show|template`. */
#include "../core/kb.h"
#include "../render/format.h"
#include "app.h"

enum cr_status cmd_questionnaire_list(cr_app *app, const cr_args *a)
{
	(void)a; /* no options or arguments of its own */
	const cr_format *fmt = cr_app_format(app, "questionnaire list", NULL, CR_VIEW_QUESTIONNAIRES);
	cr_render_opts o = cr_app_render_opts(app, NULL);
	return fmt ? fmt->questionnaires(stdout, app->kb, &o) : CR_EUSAGE;
}

/* The questionnaire a command names, or NULL with the diagnostic. */
static const cr_questionnaire *questionnaire(cr_app *app, const char *id)
{
	const cr_questionnaire *q = cr_kb_questionnaire(app->kb, id);
	if (!q) {
		cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no questionnaire '%s'", id);
		cr_diag_hint(&app->diags, "`career-risk questionnaire list` shows them");
	}
	return q;
}

enum cr_status cmd_questionnaire_show(cr_app *app, const cr_args *a)
{
	const cr_format *fmt = cr_app_format(app, "questionnaire show", NULL, CR_VIEW_QUESTIONNAIRE);
	const cr_questionnaire *q = questionnaire(app, a->argv[0]);
	cr_render_opts o = cr_app_render_opts(app, NULL);
	return !fmt ? CR_EUSAGE : !q ? CR_ENOTFOUND : fmt->questionnaire(stdout, q, &o);
}

enum cr_status cmd_questionnaire_template(cr_app *app, const cr_args *a)
{
	/* no --format: the answers file, which is what a person fills in */
	const char *name = cr_args_has(a, CR_OPT_FORMAT) ? cr_args_get(a, CR_OPT_FORMAT) : "yaml";
	const cr_format *fmt = cr_app_format(app, "questionnaire template", name, CR_VIEW_TEMPLATE);
	if (!fmt)
		return CR_EUSAGE;
	const cr_questionnaire *q = questionnaire(app, a->argv[0]);
	cr_render_opts o = cr_app_render_opts(app, NULL);
	return q ? fmt->answers_template(stdout, q, &o) : CR_ENOTFOUND;
}
