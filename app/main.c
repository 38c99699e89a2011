/*
 * main.c - career-risk's entry point: the command table and exit codes.
 *
 * Exit codes are enum cr_status (core/diag.h): 0 success, 1 internal error,
 * 2 usage, 3 bad input data, 4 storage failure, 5 not found, 6 cancelled
 * (answers saved), 7 output could not be written.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "face/app.h"

#ifndef CR_VERSION
#define CR_VERSION "0.0.0"
#endif

/* The commands: the rows of face/commands.h (app.h declared their functions). */
static const cr_command cmd_table[] = {
#define CR_COMMAND(fn, ...) {__VA_ARGS__, fn},
#include "face/commands.h"
#undef CR_COMMAND
};

const cr_command *cr_app_commands(size_t *n)
{
	*n = CR_ARRAY_LEN(cmd_table);
	return cmd_table;
}

/* The program's own options, before the command's words. */
static const cr_command program = {NULL, NULL, "", "", NULL, OPTS({CR_OPT_VERSION, 'V'}), 0, -1, NULL, NULL, NULL,
				   CR_OPTS_FIRST, NULL};

static void usage(FILE *out)
{
	fprintf(out, "usage: career-risk [--kb DIR] [--db FILE] [--profile NAME] COMMAND [ARGS]\n\n"
		     "How exposed is your work to AI, why, and what to do about it.\n"
		     "With no command on a terminal, starts an assessment.\n\ncommands:\n");
	for (size_t i = 0; i < CR_ARRAY_LEN(cmd_table); i++)
		if (!(cmd_table[i].flags & CR_HIDDEN))
			cr_app_help_line(out, cmd_table[i].usage, cmd_table[i].summary);
	fprintf(out, "\noptions for every command:\n"
		     "  --kb DIR         knowledge base (a folder with knowledge/ and questionnaires/)\n"
		     "  --db FILE        profile database\n"
		     "                   (default $XDG_DATA_HOME/career-risk/profiles.db)\n"
		     "  --profile NAME   whose profile (default '%s')\n"
		     "  --no-color       no colour (also when NO_COLOR is set)\n"
		     "  --help, --version\n\n"
		     "exit codes: 0 ok, 1 internal error, 2 usage, 3 bad input data, 4 storage error,\n"
		     "            5 not found, 6 cancelled (answers saved),\n"
		     "            7 output could not be written\n",
		CR_DEFAULT_PROFILE);
}

/* Finds a command by its words; a unique prefix of the first word is accepted ("occ search").
 * NULL with *used == 0: a group's help was asked for and printed; otherwise an error. */
static const cr_command *cmd_find(cr_app *app, int argc, char **argv, int *used)
{
	const char *w1 = argv[0], *w2 = argc > 1 ? argv[1] : NULL;
	const char *match = NULL;
	for (size_t i = 0; i < CR_ARRAY_LEN(cmd_table); i++) {
		bool hidden = cmd_table[i].flags & CR_HIDDEN; /* named in full only */
		if (hidden ? strcmp(cmd_table[i].name, w1) != 0 : !cr_str_has_prefix(cmd_table[i].name, w1))
			continue;
		if (match && strcmp(match, cmd_table[i].name) != 0) {
			cr_app_usage(app, "", "'%s' is ambiguous: %s or %s?", w1, match, cmd_table[i].name);
			return NULL;
		}
		match = cmd_table[i].name;
	}
	if (!match) {
		cr_app_usage(app, "", "unknown command '%s'", w1);
		return NULL;
	}
	for (size_t i = 0; i < CR_ARRAY_LEN(cmd_table); i++) {
		const cr_command *e = &cmd_table[i];
		if (strcmp(e->name, match) != 0)
			continue;
		if (!e->sub) {
			*used = 1;
			return e;
		}
		if (w2 && strcmp(e->sub, w2) == 0) {
			*used = 2;
			return e;
		}
	}
	if (w2 && (strcmp(w2, "--help") == 0 || strcmp(w2, "-h") == 0)) {
		/* `career-risk plan --help`: the usage of each of the group's commands. */
		printf("usage:\n");
		for (size_t i = 0; i < CR_ARRAY_LEN(cmd_table); i++)
			if (strcmp(cmd_table[i].name, match) == 0)
				cr_app_help_line(stdout, cmd_table[i].usage, cmd_table[i].summary);
		*used = 0;
		return NULL;
	}
	cr_sb b = {0};
	for (size_t i = 0; i < CR_ARRAY_LEN(cmd_table); i++)
		if (strcmp(cmd_table[i].name, match) == 0 && cmd_table[i].sub)
			cr_sb_addf(&b, "%s%s", b.len ? ", " : "", cmd_table[i].sub);
	if (w2 && w2[0] != '-')
		cr_app_usage(app, match, "'%s %s' is not a command; '%s' needs one of: %s", match, w2, match,
			     b.s ? b.s : "");
	else
		cr_app_usage(app, match, "'%s' needs one of: %s", match, b.s ? b.s : "");
	cr_sb_free(&b);
	return NULL;
}

/*
 * Every diagnostic goes through cr_diag_format, which escapes data (an
 * escape sequence in a key or a value is shown, not obeyed); a flood of alike
 * ones (50,000 unknown keys) shows the first few and "and N more like this".
 */
static void print_diags(const cr_app *app)
{
	size_t *more = cr_xcalloc(app->diags.n ? app->diags.n : 1, sizeof *more);
	cr_diags_limit(&app->diags, CR_DIAG_KEEP_ALIKE, more);
	for (size_t i = 0; i < app->diags.n; i++) {
		if (more[i] == CR_DIAG_HIDDEN)
			continue;
		const cr_diag *g = &app->diags.v[i];
		char *line = cr_diag_format(g), *hint = cr_diag_format_hint(g);
		fprintf(stderr, "career-risk: %s\n", line);
		if (hint)
			fprintf(stderr, "  hint: %s\n", hint);
		if (more[i]) {
			char n[32];
			cr_render_count(n, sizeof n, (long long)more[i]);
			fprintf(stderr, "career-risk: and %s more like this\n", n);
		}
		free(line);
		free(hint);
	}
	free(more);
}

int main(int argc, char **argv)
{
	cr_app app = {.argv0 = argv[0], .profile = CR_DEFAULT_PROFILE, .width = 80};
	enum cr_status st = CR_OK;
	int write_errno = 0;
	/* Everything created from here on (database, WAL, history) is owner-only. */
	umask(077);
	signal(SIGPIPE, SIG_IGN); /* a closed pipe becomes a write error, checked at the end */
	app.stdin_tty = isatty(STDIN_FILENO);
	app.stdout_tty = isatty(STDOUT_FILENO);
	const char *nc = getenv("NO_COLOR");
	app.no_color = (nc && *nc) || !app.stdout_tty;
	struct winsize ws;
	if (app.stdout_tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		app.width = ws.ws_col;

	/* the program's own options, then the command's words and its options */
	cr_args top = {0}, args = {0};
	if ((st = cr_args_parse(&app, &program, argc, argv, &top)))
		goto out;
	if (cr_args_has(&top, CR_OPT_HELP)) {
		usage(stdout);
		goto out;
	}
	if (cr_args_has(&top, CR_OPT_VERSION)) {
		printf("career-risk %s\n", CR_VERSION);
		goto out;
	}
	int cargc = top.argc;
	char **cargv = top.argv;
	if (cargc == 0) {
		if (!app.stdin_tty) {
			usage(stderr);
			st = CR_EUSAGE;
			goto out;
		}
		static char *dflt[] = {"assess", NULL};
		cargv = dflt;
		cargc = 1;
	}
	const cr_command *cmd;
	int used = -1;
	if (!(cmd = cmd_find(&app, cargc, cargv, &used))) {
		st = used == 0 ? CR_OK : CR_EUSAGE;
		goto out;
	}
	/* the command's parser sees its last word as argv[0] */
	if ((st = cr_args_parse(&app, cmd, cargc - used + 1, cargv + used - 1, &args)))
		goto out;
	/* a command's --help needs neither the knowledge base nor the database */
	if (cr_args_has(&args, CR_OPT_HELP)) {
		cr_app_help(stdout, cmd);
		goto out;
	}
	if ((cmd->flags & CR_NEEDS_KB) && (st = cr_app_load_kb(&app)))
		goto out;
	if ((cmd->flags & CR_NEEDS_DB) && (st = cr_app_open_store(&app)))
		goto out;
	st = cmd->exec(&app, &args);
	write_errno = errno; /* a failed write to stdout set it last, unless the flush below fails again */
out:
	/*
	 * Check the last write: a full disk is an error, not silence (a reader
	 * that stopped early, as `| head` does, is not); and a command that returned CR_EIO because stdout failed
	 * (renderers check ferror) gets its message here, naming the reason.
	 */
	errno = 0;
	if (fflush(stdout) != 0)
		write_errno = errno;
	if ((ferror(stdout) && st == CR_OK) || st == CR_EIO)
		st = cr_output_stdout_failed(write_errno, &app.diags);
	cr_app_word_diags(&app.diags); /* core and store name commands by reference */
	print_diags(&app);
	cr_store_close(app.store);
	cr_kb_free(app.kb);
	free(app.kb_dir);
	free(app.q_dir);
	free(app.db_path);
	cr_diags_clear(&app.diags);
	cr_args_free(&args);
	cr_args_free(&top);
	return (int)st;
}
