/* cmd_report.c - `career-risk report`, and what the progress commands share (see app.h). */
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

const char *cr_app_version(void)
{
	return CR_VERSION;
}

void cr_app_now(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, 32, "unknown");
}

enum cr_status cr_app_progress(cr_app *app, cr_progress **out)
{
	enum cr_status st = cr_app_open_store(app);
	if (st)
		return st;
	return cr_store_progress(app->store, app->profile, out, &app->diags);
}

enum cr_status cr_app_session_arg(cr_app *app, const char *cmd, const cr_progress *p, const char *arg, bool scored,
				  const cr_session_info **out)
{
	char *end = NULL;
	errno = 0;
	long n = strtol(arg, &end, 10);
	if (arg[0] == '#')
		n = strtol(arg + 1, &end, 10);
	if (errno || !end || *end || n <= 0 || n > 1000000) {
		char *inv = cr_app_invocation(app);
		enum cr_status st = cr_app_usage(app, cmd, "'%s' is not a session number (1, 2, ...; `%s history` lists them)",
						 arg, inv);
		free(inv);
		return st;
	}
	const cr_session_info *s = cr_progress_session(p, (int)n);
	char *inv = cr_app_invocation(app);
	enum cr_status st = CR_OK;
	if (!s) {
		st = cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "%s has no session %ld", p->profile, n);
		cr_diag_hint(&app->diags, "`%s history` lists the sessions", inv);
	} else if (scored && !s->scored) {
		st = cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "session %ld of %s has no result (it is %s)", n,
				 p->profile, strcmp(s->status, "open") == 0 ? "unfinished" : s->status);
		cr_diag_hint(&app->diags, "finish it with `%s assess --resume`, or pick a scored session from `%s history`",
			     inv, inv);
	}
	free(inv);
	if (st)
		return st;
	*out = s;
	return CR_OK;
}

enum cr_status cr_app_no_scored(cr_app *app, const cr_progress *p)
{
	char *cmd = cr_app_invocation(app);
	cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "%s has no scored assessment yet", p->profile);
	cr_diag_hint(&app->diags, "`%s assess` runs one", cmd);
	free(cmd);
	return CR_ENOTFOUND;
}

size_t cr_app_db_files(cr_app *app, cr_output_other v[CR_APP_DB_FILES], char *own[CR_APP_DB_FILES])
{
	static const char *const suffix[CR_APP_DB_FILES] = {"", "-wal", "-shm", "-journal"};
	static const char *const what[CR_APP_DB_FILES] = {"the profile database", "the profile database's write-ahead log",
							  "the profile database's shared memory",
							  "the profile database's journal"};
	char *db = app->db_path ? NULL : app->db_opt ? cr_xstrdup(app->db_opt) : cr_paths_db();
	const char *path = app->db_path ? app->db_path : db;
	for (size_t i = 0; i < CR_APP_DB_FILES; i++) {
		own[i] = path ? cr_xprintf("%s%s", path, suffix[i]) : NULL;
		v[i] = (cr_output_other){own[i], what[i]};
	}
	free(db);
	return CR_APP_DB_FILES;
}

enum cr_status cr_app_output_open(cr_app *app, const char *path, cr_output *o)
{
	cr_output_other db[CR_APP_DB_FILES];
	char *own[CR_APP_DB_FILES];
	size_t n = cr_app_db_files(app, db, own);
	enum cr_status st = cr_output_refuse_same(path ? path : "-", "--output", db, n, &app->diags);
	for (size_t i = 0; i < n; i++)
		free(own[i]);
	if (st)
		return st;
	if (path && strcmp(path, "-"))
		cr_output_remove_stale(path); /* a killed run's temporary file, held by no one now */
	return cr_output_open(o, path ? path : "-", 0, &app->diags);
}

enum cr_status cr_app_output_close(cr_app *app, cr_output *o, enum cr_status st)
{
	return cr_output_close(o, st, &app->diags);
}

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

const cr_format *cr_app_format(cr_app *app, const char *cmd, const char *name, enum cr_view view)
{
	char *why = NULL;
	const cr_format *f = cr_format_find(name, view, &why);
	if (!f)
		cr_app_usage(app, cmd, "%s", why);
	free(why);
	return f;
}

cr_render_opts cr_app_render_opts(const cr_app *app, const char *cmd)
{
	return (cr_render_opts){.color = !app->no_color, .width = app->width, .cmd = cmd};
}

enum cr_status cmd_report(cr_app *app, int argc, char **argv)
{
	static const struct option opts[] = {CR_GLOBAL_LONGOPTS,
					     {"session", required_argument, NULL, 's'},
					     {"format", required_argument, NULL, 'f'},
					     {"paper", required_argument, NULL, 'p'},
					     {"output", required_argument, NULL, 'o'},
					     {0, 0, 0, 0}};
	const char *session = NULL, *paper = NULL, *output = NULL, *format = "text";
	int c;
	static const char optstring[] = "hs:f:o:"; /* also read by cr_app_bad_option */
	while ((c = getopt_long(argc, argv, optstring, opts, NULL)) != -1) {
		if (cr_app_global_opt(app, c, optarg))
			continue;
		switch (c) {
		case 'h': cr_app_help(stdout, "report"); return CR_OK;
		case 's': session = optarg; break;
		case 'f': format = optarg; break;
		case 'p':
			if (strcmp(optarg, "a4") && strcmp(optarg, "letter"))
				return cr_app_usage(app, "report", "unknown paper '%s' (a4 or letter)", optarg);
			paper = optarg;
			break;
		case 'o': output = optarg; break;
		default: return cr_app_bad_option(app, "report", optstring, argv);
		}
	}
	if (optind < argc)
		return cr_app_usage(app, "report", "unexpected argument '%s' (a session is chosen with --session N)", argv[optind]);
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
