/*
 * cmd_complete.c - `career-risk __complete N WORD...`: the words the shell may
 * put at word N of a command line, one per line, for bash completion
 * (app/completion/career-risk.bash, installed with the rest).
 *
 * The candidates come from the same tables main parses with (the command
 * table, the options, the output formats) and from the user's own data
 * (profile names, questionnaire ids), so completion can never offer what
 * the program would refuse, nor miss what it accepts. A word whose value is a
 * file prints the single line "__files__": the shell completes file names.
 * Completion must never disturb the terminal or the data: nothing goes to
 * stderr, the exit status is always 0, and the database is read only when it
 * already exists (completing never creates one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/progress.h"
#include "../core/util.h"
#include "../render/format.h"
#include "../store/store.h"
#include "app.h"

#define FILES "__files__"

static void offer(const char *word, const char *cur)
{
	if (cr_str_has_prefix(word, cur))
		printf("%s\n", word);
}

static void offer_profiles(cr_app *app, const char *cur)
{
	char *path = app->db_opt ? cr_xstrdup(app->db_opt) : cr_paths_db();
	struct stat st;
	bool exists = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	cr_profiles *l = NULL;
	if (!exists || cr_app_open_store(app) != CR_OK || cr_store_profiles(app->store, &l, &app->diags) != CR_OK)
		return;
	for (size_t i = 0; i < l->n; i++)
		offer(l->v[i].name, cur);
	cr_profiles_free(l);
}

static void offer_questionnaires(cr_app *app, const char *cur)
{
	if (cr_app_load_kb(app) != CR_OK)
		return;
	for (size_t i = 0; i < app->kb->nquestionnaires; i++)
		offer(app->kb->questionnaires[i].id, cur);
}

/* The value of option id, at the word being completed. */
static void offer_value(cr_app *app, enum cr_opt id, const char *cur)
{
	switch (id) {
	case CR_OPT_PROFILE: offer_profiles(app, cur); break;
	case CR_OPT_QUESTIONNAIRE: offer_questionnaires(app, cur); break;
	case CR_OPT_PAPER: offer("a4", cur); offer("letter", cur); break;
	case CR_OPT_FORMAT: {
		size_t n;
		const cr_format *f = cr_formats(&n);
		for (size_t i = 0; i < n; i++)
			offer(f[i].name, cur);
		break;
	}
	case CR_OPT_KB: case CR_OPT_DB: case CR_OPT_ANSWERS: case CR_OPT_OUTPUT: case CR_OPT_INPUT:
	case CR_OPT_SUMMARY: case CR_OPT_MAP: case CR_OPT_ERRORS:
		printf("%s\n", FILES);
		break;
	default: break;
	}
}

/* An option word ("--format", "--format=x", "-f") as its id; CR_OPT_N when unknown. */
static enum cr_opt option_of(const char *w, const cr_command *c)
{
	if (strncmp(w, "--", 2) == 0) {
		size_t n = strcspn(w + 2, "=");
		for (int i = 0; i < CR_OPT_N; i++)
			if (strlen(cr_opt_name(i)) == n && strncmp(cr_opt_name(i), w + 2, n) == 0)
				return (enum cr_opt)i;
		return CR_OPT_N;
	}
	for (const cr_optdecl *d = c ? c->opts : NULL; d && d->id != CR_OPT_N; d++)
		if (d->letter && w[1] == d->letter && !w[2])
			return d->id;
	return CR_OPT_N;
}

/* The row for the command words seen so far; NULL while they name none. */
static const cr_command *command_of(const char *const *pos, size_t npos)
{
	size_t n;
	const cr_command *t = cr_app_commands(&n);
	for (size_t i = 0; npos && i < n; i++) {
		if (strcmp(t[i].name, pos[0]) != 0)
			continue;
		if (!t[i].sub)
			return &t[i];
		if (npos > 1 && strcmp(t[i].sub, pos[1]) == 0)
			return &t[i];
	}
	return NULL;
}

enum cr_status cmd_complete(cr_app *app, const cr_args *a)
{
	int at = atoi(a->argv[0]);
	char **w = a->argv + 1;
	int nw = a->argc - 1;
	if (at < 0 || at > nw)
		return CR_OK;
	const char *cur = at < nw ? w[at] : "";
	const char *pos[3];
	size_t npos = 0;
	const cr_command *c = NULL;
	for (int i = 0; i < at; i++) {
		if (w[i][0] == '-' && w[i][1]) {
			enum cr_opt id = option_of(w[i], c);
			if (id == CR_OPT_N || !cr_opt_has_value(id) || strchr(w[i], '='))
				continue;
			if (i + 1 == at) {
				offer_value(app, id, cur);
				goto out;
			}
			/* the value, kept where it decides what is offered later */
			const char *v = w[++i];
			if (id == CR_OPT_KB)
				app->kb_opt = v;
			else if (id == CR_OPT_DB)
				app->db_opt = v;
			continue;
		}
		if (npos < CR_ARRAY_LEN(pos))
			pos[npos++] = w[i];
		if (!c)
			c = command_of(pos, npos);
	}
	size_t n;
	const cr_command *t = cr_app_commands(&n);
	if (cur[0] == '-') {
		for (int i = 0; i < CR_OPT_N; i++) {
			bool takes = i <= CR_OPT_HELP || (i == CR_OPT_VERSION && npos == 0);
			for (const cr_optdecl *d = c ? c->opts : NULL; d && d->id != CR_OPT_N && !takes; d++)
				takes = (int)d->id == i;
			if (takes) {
				char *o = cr_xprintf("--%s", cr_opt_name(i));
				offer(o, cur);
				free(o);
			}
		}
	} else if (npos == 0) {
		for (size_t i = 0; i < n; i++)
			if (!(t[i].flags & CR_HIDDEN) && (i == 0 || strcmp(t[i].name, t[i - 1].name) != 0))
				offer(t[i].name, cur);
	} else if (!c) {
		for (size_t i = 0; npos == 1 && i < n; i++)
			if (!(t[i].flags & CR_HIDDEN) && t[i].sub && strcmp(t[i].name, pos[0]) == 0)
				offer(t[i].sub, cur);
	} else if (strcmp(c->name, "questionnaire") == 0 && c->sub && strcmp(c->sub, "list") != 0) {
		offer_questionnaires(app, cur);
	} else if (strcmp(c->name, "profile") == 0 && c->sub && strcmp(c->sub, "create") != 0 &&
		   strcmp(c->sub, "list") != 0) {
		offer_profiles(app, cur);
	} else if (strcmp(c->name, "kb") == 0) {
		printf("%s\n", FILES);
	}
out:
	cr_diags_clear(&app->diags); /* completion says nothing on the terminal */
	return CR_OK;
}
