/* cmd_plan.c - `career-risk progress`, `plan list|start|done|drop|todo|add` and `note add|list|edit|delete`. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/assess.h"
#include "../core/util.h"
#include "../render/report.h"
#include "app.h"

#define CR_PLAN_NEW_MAX 8 /* new items one assessment adds to the plan */

enum cr_status cr_app_plan_sync(cr_app *app, long long profile, long long session, const cr_result *res)
{
	cr_plan_rec *recs = cr_xcalloc(res->nadvice + 1, sizeof *recs);
	size_t n = 0;
	for (size_t i = 0; i < res->nadvice; i++) {
		/*
		 * Advice only rules that always fire call for (writing a niche statement)
		 * goes in the plan, but marked: no answer can show it done, so no
		 * reassessment will credit it or call it "still called for".
		 */
		recs[n].id = res->advice[i].rec->id;
		recs[n].title = res->advice[i].rec->title;
		recs[n].horizon = cr_horizon_ids[res->advice[i].rec->horizon];
		recs[n].priority = res->advice[i].priority;
		recs[n].always = !res->advice[i].creditable || cr_rec_always(app->kb, res->advice[i].rec);
		n++;
	}
	/* the plan takes the most important new recommendations, as many as the text result shows */
	enum cr_status st = cr_store_plan_sync(app->store, profile, session, recs, n, CR_PLAN_NEW_MAX, &app->diags);
	free(recs);
	return st;
}

enum cr_status cmd_progress(cr_app *app, const cr_args *a)
{
	return cr_app_show_progress(app, a, "progress", CR_VIEW_PROGRESS);
}

enum cr_status cmd_plan_list(cr_app *app, const cr_args *a)
{
	(void)a; /* no options or arguments of its own */
	cr_progress *p = NULL;
	enum cr_status st;
	if ((st = cr_app_progress(app, &p)))
		return st;
	cr_render_opts o = {.color = !app->no_color, .width = app->width};
	char *cmd = cr_app_invocation(app);
	st = cr_render_plan_text(stdout, p, &o, cmd);
	free(cmd);
	cr_progress_free(p);
	return st;
}

/*
 * An item by its number or its recommendation id; NULL and a diagnostic when
 * there is none. `cmd` is this run's invocation (cr_app_invocation), for the hint;
 * `several`: other items were named too, none of which is changed.
 */
static const cr_plan_item *find_item(cr_app *app, const cr_progress *p, const char *arg, const char *cmd, bool several)
{
	char *end = NULL;
	errno = 0;
	long n = strtol(arg, &end, 10);
	const cr_plan_item *it = NULL;
	if (!errno && end && !*end && n > 0 && n < 1000000)
		it = cr_progress_item(p, (int)n);
	else
		it = cr_rep_item_for(p, arg);
	if (!it) {
		if (!p->nitems)
			cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "%s has no action plan yet", p->profile);
		else
			cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "%s's action plan has no item '%s'%s", p->profile,
				    arg, several ? "; nothing was changed" : "");
		if (p->nitems)
			cr_diag_hint(&app->diags, "`%s plan list` shows the items and their numbers", cmd);
		else
			cr_diag_hint(&app->diags, "the plan is made by an assessment: `%s assess`", cmd);
	}
	return it;
}

enum cr_status cmd_plan_set(cr_app *app, const cr_args *a)
{
	/* the sub-command: start, done, drop or todo */
	const char *verb = a->sub;
	enum cr_item_status to = !strcmp(verb, "start") ? CR_ITEM_DOING
				 : !strcmp(verb, "done") ? CR_ITEM_DONE
				 : !strcmp(verb, "drop") ? CR_ITEM_DROPPED
							 : CR_ITEM_TODO;
	enum cr_status st;
	cr_progress *p = NULL;
	int64_t profile = 0;
	const cr_plan_item **items = NULL;
	size_t n = 0;
	cr_sb said = {0};
	char *cmd = cr_app_invocation(app);
	if ((st = cr_app_progress(app, &p)) || (st = cr_store_profile(app->store, app->profile, false, &profile, &app->diags)))
		goto out;
	/* several items at once (`plan done 1 3`): every one is found before any changes, so a
	 * mistyped number changes nothing; an item named twice counts once */
	items = cr_xcalloc((size_t)a->argc, sizeof *items);
	for (int i = 0; i < a->argc; i++) {
		const cr_plan_item *it = find_item(app, p, a->argv[i], cmd, a->argc > 1);
		if (!it) {
			st = CR_ENOTFOUND;
			goto out;
		}
		bool seen = false;
		for (size_t k = 0; k < n; k++)
			seen |= items[k] == it;
		if (!seen)
			items[n++] = it;
	}
	/* all or none: the statuses change in one transaction, and are reported once it is saved */
	if ((st = cr_store_begin(app->store, &app->diags)))
		goto out;
	for (size_t i = 0; i < n && !st; i++) {
		const cr_plan_item *it = items[i];
		if (it->status == to) {
			cr_sb_addf(&said, "Item %d is already %s: %s\n", it->num, cr_item_status_ids[to], it->title);
			continue;
		}
		if ((st = cr_store_plan_set(app->store, profile, it->num, to, &app->diags)))
			break;
		switch (to) {
		case CR_ITEM_DOING: cr_sb_addf(&said, "Started item %d: %s\n", it->num, it->title); break;
		case CR_ITEM_DONE: cr_sb_addf(&said, "Done item %d: %s\n", it->num, it->title); break;
		case CR_ITEM_DROPPED: cr_sb_addf(&said, "Dropped item %d: %s\n", it->num, it->title); break;
		default: cr_sb_addf(&said, "Item %d is to do again: %s\n", it->num, it->title); break;
		}
		if (to == CR_ITEM_DONE && it->kind == CR_KIND_CUSTOM)
			cr_sb_add(&said, "\tIt is your own item: it stays done, and no assessment re-checks it.\n");
		else if (to == CR_ITEM_DONE && it->kind == CR_KIND_ALWAYS)
			cr_sb_add(&said, "\tEvery assessment recommends this whatever the answers, so none can show it "
					 "done: it stays done, and is not credited.\n");
		else if (to == CR_ITEM_DONE)
			cr_sb_add(&said, "\tThe next assessment credits it, and says whether the answers still call for it.\n");
		else if (to == CR_ITEM_DROPPED)
			cr_sb_addf(&said, "\t`%s plan todo %d` brings it back.\n", cmd, it->num);
	}
	if (!st)
		st = cr_store_commit(app->store, &app->diags);
	if (st) {
		cr_store_rollback(app->store);
		goto out;
	}
	/* each message hangs under its first line; a tab marks an explanation, indented by 2 */
	for (char *line = said.s, *nl; line && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		if (*line == '\t')
			cr_wrap_hang(stdout, "  ", line + 1, 2, app->width);
		else
			cr_wrap_hang(stdout, "", line, 2, app->width);
	}
	if (ferror(stdout))
		st = CR_EIO;
out:
	free(cmd);
	cr_sb_free(&said);
	free(items);
	cr_progress_free(p);
	return st;
}

/* Reads a note from stdin (`note add -`), at most CR_MAX_NOTE bytes. */
static enum cr_status read_note(cr_app *app, cr_sb *b)
{
	char buf[1024];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
		if (b->len + n > CR_MAX_NOTE) {
			cr_diag_add(&app->diags, CR_EUSAGE, NULL, 0, 0, "the note is longer than %d bytes", CR_MAX_NOTE);
			cr_diag_hint(&app->diags, "split it into several notes");
			return CR_EUSAGE;
		}
		cr_sb_addn(b, buf, n);
	}
	if (ferror(stdin)) {
		cr_diag_add(&app->diags, CR_EDATA, NULL, 0, 0, "cannot read the note from standard input");
		return CR_EDATA;
	}
	while (b->len && (b->s[b->len - 1] == '\n' || b->s[b->len - 1] == '\r'))
		b->s[--b->len] = '\0';
	return CR_OK;
}

/*
 * A note's text from the words of the command line (joined by spaces), or
 * from stdin when the only word is "-", into b; a blank one is a usage error
 * of `cmd`.
 */
static enum cr_status note_text(cr_app *app, const char *cmd, char **words, int n, cr_sb *b)
{
	enum cr_status st;
	if (n == 1 && !strcmp(words[0], "-")) {
		if ((st = read_note(app, b)))
			return st;
	} else {
		for (int i = 0; i < n; i++)
			cr_sb_addf(b, "%s%s", i ? " " : "", words[i]);
	}
	if (strspn(b->s ? b->s : "", " \t\r\n\v\f") == b->len)
		return cr_app_usage(app, cmd, "the %s is %s", strcmp(cmd, "plan add") ? "note" : "item",
				    b->len ? "blank" : "empty");
	return CR_OK;
}

/* A note's or an item's number as typed: 1 to 999999, else a usage error of `cmd`. */
static enum cr_status number_arg(cr_app *app, const char *cmd, const char *arg, int *out)
{
	char *end = NULL;
	errno = 0;
	long n = strtol(arg, &end, 10);
	if (errno || !end || *end || n < 1 || n > 999999)
		return cr_app_usage(app, cmd, "'%s' is not a note number: `note list` shows them", arg);
	*out = (int)n;
	return CR_OK;
}

/* The note numbered `num` in p, or NULL. */
static const cr_note *find_note(const cr_progress *p, int num)
{
	for (size_t i = 0; i < p->nnotes; i++)
		if (p->notes[i].num == num)
			return &p->notes[i];
	return NULL;
}

enum cr_status cmd_note_edit(cr_app *app, const cr_args *a)
{
	int num = 0;
	int64_t profile = 0;
	cr_sb b = {0};
	enum cr_status st;
	if (!(st = number_arg(app, "note edit", a->argv[0], &num)) &&
	    !(st = note_text(app, "note edit", a->argv + 1, a->argc - 1, &b)) &&
	    !(st = cr_store_profile(app->store, app->profile, false, &profile, &app->diags)) &&
	    !(st = cr_store_note_edit(app->store, profile, num, b.s, &app->diags)))
		printf("Changed note %d of %s.\n", num, app->profile);
	cr_sb_free(&b);
	return st ? st : ferror(stdout) ? CR_EIO : CR_OK;
}

enum cr_status cmd_note_delete(cr_app *app, const cr_args *a)
{
	int num = 0;
	cr_progress *p = NULL;
	enum cr_status st;
	int64_t profile = 0;
	if ((st = number_arg(app, "note delete", a->argv[0], &num)) || (st = cr_app_progress(app, &p)) ||
	    (st = cr_store_profile(app->store, app->profile, false, &profile, &app->diags)))
		goto out;
	const cr_note *n = find_note(p, num);
	if (!n) {
		cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "%s has no note %d", p->profile, num);
		char *cmd = cr_app_invocation(app);
		cr_diag_hint(&app->diags, "`%s note list` shows the notes and their numbers", cmd);
		free(cmd);
		st = CR_ENOTFOUND;
		goto out;
	}
	/* the question quotes the note's start, so the counsellor sees which one goes */
	char *start = cr_xstrndup(n->body, strcspn(n->body, "\n"));
	char *safe = cr_vis(start, 60, 0);
	char *q = cr_xprintf("Delete note %d of %s (session %d: \"%s\")?", num, p->profile, n->session, safe);
	char *undone = cr_xprintf("deleting note %d", num);
	st = cr_app_confirm(app, cr_args_has(a, CR_OPT_YES), q, undone);
	free(undone);
	free(q);
	free(safe);
	free(start);
	if (st == CR_ECANCEL)
		printf("Nothing was deleted.\n");
	if (!st && !(st = cr_store_note_delete(app->store, profile, num, &app->diags)))
		printf("Deleted note %d of %s; the other notes keep their numbers.\n", num, p->profile);
out:
	cr_progress_free(p);
	return st ? st : ferror(stdout) ? CR_EIO : CR_OK;
}

enum cr_status cmd_plan_add(cr_app *app, const cr_args *a)
{
	int64_t profile = 0;
	int num = 0;
	cr_sb b = {0};
	enum cr_status st;
	if (!(st = note_text(app, "plan add", a->argv, a->argc, &b)) &&
	    !(st = cr_store_profile(app->store, app->profile, false, &profile, &app->diags)) &&
	    !(st = cr_store_plan_add(app->store, profile, b.s, &num, &app->diags))) {
		char *t = cr_xprintf("Added item %d to %s's action plan: %s", num, app->profile, b.s);
		cr_wrap_hang(stdout, "", t, 2, app->width);
		free(t);
		char *cmd = cr_app_invocation(app), *done = cr_xprintf("%s plan done %d", cmd, num);
		cr_rep_say(stdout, 2, "It is closed like the others: ", done, ".", app->width);
		free(done);
		free(cmd);
	}
	cr_sb_free(&b);
	return st ? st : ferror(stdout) ? CR_EIO : CR_OK;
}

enum cr_status cmd_note_add(cr_app *app, const cr_args *a)
{
	const char *session = cr_args_get(a, CR_OPT_SESSION);
	enum cr_status st = CR_OK;
	cr_sb b = {0};
	if ((st = note_text(app, "note add", a->argv, a->argc, &b)))
		goto out;
	cr_progress *p = NULL;
	const cr_session_info *s = NULL;
	if ((st = cr_app_progress(app, &p)))
		goto out;
	if (session) {
		st = cr_app_session_arg(app, "note add", p, session, false, &s);
	} else if (!(s = cr_progress_latest(p))) {
		if (p->nsessions)
			s = &p->sessions[p->nsessions - 1];
		else
			st = cr_app_no_scored(app, p);
	}
	if (!st)
		st = cr_store_note_add(app->store, s->id, b.s, NULL, &app->diags);
	if (!st)
		printf("Added a note to session %d of %s; reports of that session show it.\n", s->num, p->profile);
	cr_progress_free(p);
out:
	cr_sb_free(&b);
	return st;
}

enum cr_status cmd_note_list(cr_app *app, const cr_args *a)
{
	(void)a; /* no options or arguments of its own */
	cr_progress *p = NULL;
	enum cr_status st;
	if ((st = cr_app_progress(app, &p)))
		return st;
	if (!p->nnotes) {
		char *cmd = cr_app_invocation(app);
		char *t = cr_xprintf("No notes for %s yet: ", p->profile), *c = cr_xprintf("%s note add TEXT", cmd);
		cr_rep_say(stdout, 0, t, c, " adds one to the latest session.", app->width);
		free(c);
		free(t);
		free(cmd);
	}
	/* the store gives them grouped by session: a heading per session, then each note by date */
	for (size_t i = 0; i < p->nnotes; i++) {
		char d[11];
		if (!i || p->notes[i].session != p->notes[i - 1].session)
			printf("%sSession %d\n", i ? "\n" : "", p->notes[i].session);
		printf("  %d. %s:\n", p->notes[i].num, cr_rep_date(p->notes[i].created_at, d));
		cr_wrap(stdout, p->notes[i].body, 4, app->width);
	}
	cr_progress_free(p);
	return ferror(stdout) ? CR_EIO : CR_OK;
}
