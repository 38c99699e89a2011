/* cmd_history.c - `career-risk history` and `career-risk compare [A [B]]`. */
#include <stdlib.h>
#include <string.h>

#include "../render/report.h"
#include "app.h"

enum cr_status cmd_history(cr_app *app, const cr_args *a)
{
	return cr_app_show_progress(app, a, "history", CR_VIEW_HISTORY);
}

enum cr_status cmd_compare(cr_app *app, const cr_args *args)
{
	const char *format = cr_args_get(args, CR_OPT_FORMAT);
	const cr_format *fmt = cr_app_format(app, "compare", format, CR_VIEW_COMPARE);
	if (!fmt)
		return CR_EUSAGE;
	enum cr_status st;
	int nargs = args->argc;
	cr_progress *p = NULL;
	cr_snapshot *a = NULL, *b = NULL;
	cr_comparison *c = NULL;
	const cr_session_info *sa = NULL, *sb = NULL;
	if ((st = cr_app_progress(app, &p)))
		return st;
	/* no numbers: the newest scored session and the one before; one number: it and the newest */
	if (nargs == 2) {
		if ((st = cr_app_session_arg(app, "compare", p, args->argv[0], true, &sa)) ||
		    (st = cr_app_session_arg(app, "compare", p, args->argv[1], true, &sb)))
			goto out;
		if (sa == sb) {
			st = cr_app_usage(app, "compare", "session %d cannot be compared with itself; give two different "
					  "sessions", sa->num);
			goto out;
		}
	} else {
		sb = cr_progress_latest(p);
		if (nargs == 1 && (st = cr_app_session_arg(app, "compare", p, args->argv[0], true, &sa)))
			goto out;
		if (nargs == 0)
			sa = cr_progress_previous(p, sb);
		if (nargs == 1 && sa == sb && cr_progress_scored(p) >= 2) {
			/* one number is compared with the newest: the newest itself makes no pair */
			st = cr_app_usage(app, "compare", "session %d is the newest: give an earlier one to compare with it, "
					  "or two numbers", sa->num);
			goto out;
		}
		if (!sb || !sa || sa == sb) {
			cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "%s needs two scored sessions to compare (%zu so far)",
				    p->profile, cr_progress_scored(p));
			char *cmd = cr_app_invocation(app);
			cr_diag_hint(&app->diags, "`%s history` lists them; `%s assess` adds one", cmd, cmd);
			free(cmd);
			st = CR_ENOTFOUND;
			goto out;
		}
	}
	char na[32], nb[32];
	snprintf(na, sizeof na, "session %d", sa->num);
	snprintf(nb, sizeof nb, "session %d", sb->num);
	if ((st = cr_snapshot_parse(na, sa->result_json, &a, &app->diags)) ||
	    (st = cr_snapshot_parse(nb, sb->result_json, &b, &app->diags)))
		goto out;
	c = cr_compare(a, b);
	cr_compare_view v = {p, sa, sb, a, b, c};
	cr_render_opts o = cr_app_render_opts(app, NULL);
	st = fmt->compare(stdout, &v, &o);
out:
	cr_comparison_free(c);
	cr_snapshot_free(a);
	cr_snapshot_free(b);
	cr_progress_free(p);
	return st;
}
