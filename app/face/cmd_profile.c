/* cmd_profile.c - `career-risk profile list|create|rename|delete|tag|untag`, `export` and `erase`. */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../render/report.h"
#include "app.h"

enum cr_status cmd_profile_list(cr_app *app, const cr_args *a)
{
	const cr_format *fmt = cr_app_format(app, "profile list", cr_args_get(a, CR_OPT_FORMAT), CR_VIEW_PROFILES);
	if (!fmt)
		return CR_EUSAGE;
	cr_profiles *l = NULL;
	enum cr_status st;
	const char *tag = cr_args_get(a, CR_OPT_TAG);
	if (tag && cr_store_check_tag(tag, &app->diags))
		return CR_EUSAGE;
	if ((st = cr_store_profiles_tagged(app->store, tag, &l, &app->diags)))
		return st;
	if (tag && !l->n) {
		/* an empty list would read as "no profiles at all" */
		cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no profile is tagged '%s'", tag);
		cr_diag_hint(&app->diags, "`career-risk profile tag NAME %s` tags one", tag);
		cr_profiles_free(l);
		return CR_ENOTFOUND;
	}
	cr_render_opts o = cr_app_render_opts(app, NULL);
	st = fmt->profiles(stdout, l, &o);
	cr_profiles_free(l);
	return st;
}

enum cr_status cmd_profile_create(cr_app *app, const cr_args *a)
{
	const char *name = a->argv[0];
	enum cr_status st;
	if ((st = cr_store_profile_create(app->store, name, &app->diags)))
		return st;
	/* the command to assess it: this run's options, with --profile the new name */
	cr_app as_new = *app;
	as_new.profile = name;
	char *cmd = cr_app_invocation(&as_new), *assess = cr_xprintf("%s assess", cmd);
	printf("Created profile '%s'.\n", name);
	cr_rep_say(stdout, 0, "Assess with ", assess, ".", app->width);
	free(assess);
	free(cmd);
	return ferror(stdout) ? CR_EIO : CR_OK;
}

enum cr_status cmd_profile_rename(cr_app *app, const cr_args *a)
{
	enum cr_status st;
	if ((st = cr_store_profile_rename(app->store, a->argv[0], a->argv[1], &app->diags)))
		return st;
	printf("Renamed profile '%s' to '%s'.\n", a->argv[0], a->argv[1]);
	return ferror(stdout) ? CR_EIO : CR_OK;
}

/* `profile tag NAME [TAG...]` and `profile untag NAME TAG...`: all the tags change in one transaction, or none. */
enum cr_status cmd_profile_tag(cr_app *app, const cr_args *a)
{
	bool add = !strcmp(a->sub, "tag");
	const char *name = a->argv[0];
	int64_t profile = 0;
	char *tags = NULL;
	enum cr_status st;
	if ((st = cr_store_profile(app->store, name, false, &profile, &app->diags)))
		return st;
	for (int i = 1; i < a->argc; i++)
		if ((st = cr_store_check_tag(a->argv[i], &app->diags)))
			return st;
	if (a->argc > 1 && (st = cr_store_begin(app->store, &app->diags)))
		return st;
	for (int i = 1; i < a->argc && !st; i++)
		st = cr_store_tag(app->store, profile, a->argv[i], add, &app->diags);
	if (a->argc > 1 && !st)
		st = cr_store_commit(app->store, &app->diags);
	if (st) {
		cr_store_rollback(app->store);
		return st;
	}
	if ((st = cr_store_tags_describe(app->store, profile, &tags, &app->diags)))
		return st;
	char *t = *tags ? cr_xprintf("%s's tags: %s.", name, tags) : cr_xprintf("%s has no tags.", name);
	cr_wrap_hang(stdout, "", t, 2, app->width);
	free(t);
	free(tags);
	return ferror(stdout) ? CR_EIO : CR_OK;
}

/* Erases profile `name` once confirmed, and says what went. */
static enum cr_status erase(cr_app *app, const char *name, bool yes)
{
	cr_progress *p = NULL;
	cr_erase_counts n;
	cr_diags look = {0};
	int64_t id = 0;
	enum cr_status st;
	/* a missing profile: nothing to erase (not the look-up's usual "create it" hint) */
	if ((st = cr_store_profile(app->store, name, false, &id, &look)) == CR_ENOTFOUND) {
		cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no profile named '%s': there is nothing to erase", name);
		cr_diag_hint(&app->diags, "`career-risk profile list` shows the profiles");
	} else {
		for (size_t i = 0; i < look.n; i++) { /* a bad name or a storage failure, as reported */
			const cr_diag *g = &look.v[i];
			cr_diag_add(&app->diags, g->status, g->file, g->line, g->col, "%s", g->msg);
			if (g->hint)
				cr_diag_hint(&app->diags, "%s", g->hint);
		}
	}
	cr_diags_clear(&look);
	if (st || (st = cr_store_progress(app->store, name, &p, &app->diags)))
		return st;
	size_t nanswers = 0;
	for (size_t i = 0; i < p->nsessions; i++)
		nanswers += p->sessions[i].nanswers;
	char *q = cr_xprintf("Erase profile '%s' for good: %zu session%s, %zu answer%s, %zu note%s and its plan?", name,
			     p->nsessions, p->nsessions == 1 ? "" : "s", nanswers, nanswers == 1 ? "" : "s", p->nnotes,
			     p->nnotes == 1 ? "" : "s");
	char *undone = cr_xprintf("erasing '%s'", name);
	st = cr_app_confirm(app, yes, q, undone);
	free(undone);
	free(q);
	cr_progress_free(p);
	if (st == CR_EUSAGE)
		cr_diag_hint(&app->diags, "`career-risk export --profile '%s' --output FILE` keeps a copy first", name);
	else if (st == CR_ECANCEL)
		printf("Nothing was erased.\n");
	if (st)
		return st;
	if ((st = cr_store_erase(app->store, name, &n, &app->diags)))
		return st;
	char *what = cr_xprintf("Erased profile '%s': %d session%s, %d answer%s, %d note%s, %d plan item%s and %d "
				"credit%s.", name, n.sessions, n.sessions == 1 ? "" : "s", n.answers,
				n.answers == 1 ? "" : "s", n.notes, n.notes == 1 ? "" : "s", n.items, n.items == 1 ? "" : "s",
				n.credits, n.credits == 1 ? "" : "s");
	cr_wrap(stdout, what, 0, app->width);
	free(what);
	/* the path on a line of its own: a long one would push the sentence past the width */
	printf("The freed space was overwritten, the write-ahead log emptied and the database\n"
	       "rebuilt, so no copy is left in the database file or its -wal file:\n"
	       "  %s\n"
	       "Copies made outside career-risk (exports, reports, backups) are not touched.\n",
	       cr_store_path(app->store));
	return ferror(stdout) ? CR_EIO : CR_OK;
}

enum cr_status cmd_profile_delete(cr_app *app, const cr_args *a)
{
	return erase(app, a->argv[0], cr_args_has(a, CR_OPT_YES));
}

enum cr_status cmd_erase(cr_app *app, const cr_args *a)
{
	return erase(app, app->profile, cr_args_has(a, CR_OPT_YES));
}

enum cr_status cmd_export(cr_app *app, const cr_args *a)
{
	const char *output = cr_args_get(a, CR_OPT_OUTPUT);
	enum cr_status st;
	cr_progress *p = NULL;
	if ((st = cr_app_progress(app, &p)))
		return st;
	cr_output out;
	if ((st = cr_app_output_open(app, output, &out))) {
		cr_progress_free(p);
		return st;
	}
	bool private = cr_output_private(&out); /* a file we made 0600; not a pipe or a device */
	char now[32];
	cr_app_now(now);
	char *by = cr_xprintf("career-risk %s", cr_app_version());
	st = cr_render_export_json(out.f, p, now, by);
	free(by);
	st = cr_app_output_close(app, &out, st);
	if (!st && output && strcmp(output, "-"))
		fprintf(stderr, "career-risk: wrote everything held about '%s' to %s%s\n", p->profile, output,
			private ? " (readable by you only)" : "");
	cr_progress_free(p);
	return st;
}
