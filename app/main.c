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

/* Option lists the table's rows share; each ends with {CR_OPT_N, 0}. */
#define OPTS(...) ((const cr_optdecl[]){__VA_ARGS__, {CR_OPT_N, 0}})
#define FORMAT_ONLY OPTS({CR_OPT_FORMAT, 'f'})
#define NO_ARGS_PROFILE " (the profile is chosen with --profile NAME)"

/*
 * The commands. A row declares everything main needs before running one: its
 * words, usage and help, the options it takes, how many arguments, and what
 * to set up (CR_NEEDS_KB loads the knowledge base, CR_NEEDS_DB opens the
 * profile database; commands that open it only sometimes, as assess without
 * --no-save, do so themselves).
 */
static const cr_command cmd_table[] = {
	{"assess", NULL, "assess [--questionnaire ID] [--answers FILE] [--format FMT] [--resume]",
	 "answer a questionnaire and get your exposure score, reasons and action plan; FMT is text, json, markdown or html; --no-save keeps nothing",
	 NULL, OPTS({CR_OPT_QUESTIONNAIRE, 'q'}, {CR_OPT_ANSWERS, 'a'}, {CR_OPT_FORMAT, 'f'}, {CR_OPT_NO_SAVE, 0}, {CR_OPT_RESUME, 0}),
	 0, 0, NULL, NULL, NULL, CR_NEEDS_KB, cmd_assess},
	{"kb", "check", "kb check [--strict] [DIR]", "check a knowledge base and its questionnaires; exit 0 when clean", NULL,
	 OPTS({CR_OPT_STRICT, 0}), 0, 1, NULL, "give at most one folder", NULL, 0, cmd_kb_check},
	{"doctor", NULL, "doctor [--format text|json]", "check the profile database and say what to fix", NULL, FORMAT_ONLY, 0,
	 0, NULL, NULL, " (the database is given with --db)", 0, cmd_doctor},
	{"occupation", "show", "occupation show CODE-OR-TITLE [--format text|json]",
	 "an occupation's record and the assessment of a typical worker in it", NULL, FORMAT_ONLY, 1, -1,
	 "give a SOC code or a title", NULL, NULL, CR_NEEDS_KB, cmd_occupation_show},
	{"occupation", "list", "occupation list [--format text|csv|json]",
	 "every occupation with its typical worker's score, band, dimensions and percentile", NULL, FORMAT_ONLY, 0, 0, NULL,
	 "takes no arguments; `occupation search WORDS` narrows", NULL, CR_NEEDS_KB, cmd_occupation_list},
	{"occupation", "search", "occupation search WORDS", "find occupations by title or alias (typos tolerated)", NULL, NULL,
	 1, -1, "give words to search for, e.g. `occupation search nurse`", NULL, NULL, CR_NEEDS_KB, cmd_occupation_search},
	{"questionnaire", "list", "questionnaire list", "the questionnaires available", NULL, NULL, 0, 0, NULL, NULL, NULL,
	 CR_NEEDS_KB, cmd_questionnaire_list},
	{"questionnaire", "show", "questionnaire show ID", "a questionnaire's questions, with why each is asked", NULL, NULL, 1,
	 1, "give a questionnaire id (`questionnaire list` shows them)", NULL, NULL, CR_NEEDS_KB, cmd_questionnaire_show},
	{"questionnaire", "template", "questionnaire template ID [--format yaml|csv]",
	 "a file to fill in: an answers file (yaml), or the header row of an HR survey export (csv)", NULL, FORMAT_ONLY, 1, 1,
	 "give a questionnaire id (`questionnaire list` shows them)", NULL, NULL, CR_NEEDS_KB, cmd_questionnaire_template},
	{"profile", "list", "profile list [--format text|json]", "every profile with its last session, score and trend", NULL,
	 FORMAT_ONLY, 0, 0, NULL, NULL, NULL, CR_NEEDS_DB, cmd_profile_list},
	{"profile", "create", "profile create NAME", "add a profile (a client's, say)", NULL, NULL, 1, 1,
	 "give one name, e.g. `profile create \"Alex Doe\"`", "give one name, e.g. `profile create \"Alex Doe\"`", NULL,
	 CR_NEEDS_DB, cmd_profile_create},
	{"profile", "rename", "profile rename OLD NEW", "rename a profile", NULL, NULL, 2, 2, "give the old name and the new one",
	 "give the old name and the new one", NULL, CR_NEEDS_DB, cmd_profile_rename},
	{"profile", "delete", "profile delete NAME [--yes]", "erase a profile and all it holds, for good", NULL,
	 OPTS({CR_OPT_YES, 'y'}), 1, 1, "give the name of the profile to delete", "give the name of the profile to delete",
	 NULL, CR_NEEDS_DB, cmd_profile_delete},
	{"history", NULL, "history [--format text|json]", "a profile's sessions with score, band and change", NULL, FORMAT_ONLY,
	 0, 0, NULL, NULL, NO_ARGS_PROFILE, CR_NEEDS_DB, cmd_history},
	{"compare", NULL, "compare [A [B]] [--format text|json]", "what changed between two sessions (default: the last two)",
	 NULL, FORMAT_ONLY, 0, 2, NULL, "give at most two session numbers", NULL, CR_NEEDS_DB, cmd_compare},
	{"progress", NULL, "progress [--format text|json]", "score and dimensions over time, and the action plan", NULL,
	 FORMAT_ONLY, 0, 0, NULL, NULL, NO_ARGS_PROFILE, CR_NEEDS_DB, cmd_progress},
	{"plan", "list", "plan list", "the action plan, each item with its status and dates", NULL, NULL, 0, 0, NULL, NULL, NULL,
	 CR_NEEDS_DB, cmd_plan_list},
#define PLAN_SET(verb, summary)                                                                                    \
	{"plan", verb, "plan " verb " ID...", summary, NULL, NULL, 1, -1,                                          \
	 "give the number of an item (`plan list` shows them)", NULL, NULL, CR_NEEDS_DB, cmd_plan_set}
	PLAN_SET("start", "mark action-plan items as in progress"),
	PLAN_SET("done", "mark items done; the next assessment credits them"),
	PLAN_SET("drop", "drop items from the plan"),
	PLAN_SET("todo", "put items back to do"),
	{"note", "add", "note add [--session N] TEXT|-", "add a counsellor note to a session (default: the latest)", NULL,
	 OPTS({CR_OPT_SESSION, 's'}), 1, -1, "give the note's text, or - to read it from standard input", NULL, NULL,
	 CR_NEEDS_DB, cmd_note_add},
	{"note", "list", "note list", "a profile's counsellor notes", NULL, NULL, 0, 0, NULL, NULL, NULL, CR_NEEDS_DB,
	 cmd_note_list},
	{"report", NULL, "report [--session N] [--format FMT] [--paper a4|letter] [--output FILE]",
	 "a session's report: text, markdown, html (prints on A4 or Letter) or json", NULL,
	 OPTS({CR_OPT_SESSION, 's'}, {CR_OPT_FORMAT, 'f'}, {CR_OPT_PAPER, 0}, {CR_OPT_OUTPUT, 'o'}), 0, 0, NULL, NULL,
	 " (a session is chosen with --session N)", CR_NEEDS_DB, cmd_report},
	{"export", NULL, "export [--output FILE]", "everything held about a profile, as JSON", NULL, OPTS({CR_OPT_OUTPUT, 'o'}),
	 0, 0, NULL, NULL, NO_ARGS_PROFILE, CR_NEEDS_DB, cmd_export},
	{"erase", NULL, "erase [--yes]", "remove a profile and all it holds, for good, and say what went", NULL,
	 OPTS({CR_OPT_YES, 'y'}), 0, 0, NULL, NULL, NO_ARGS_PROFILE, CR_NEEDS_DB, cmd_erase},
	{"batch", NULL, "batch --input CSV --output CSV|JSONL [--summary MD|HTML] [OPTIONS]",
	 "score a whole workforce from an HR survey export, with a cohort summary; `career-risk batch --help` lists the OPTIONS",
	 cr_batch_help,
	 OPTS({CR_OPT_QUESTIONNAIRE, 'q'}, {CR_OPT_INPUT, 'i'}, {CR_OPT_OUTPUT, 'o'}, {CR_OPT_FORMAT, 'f'},
	      {CR_OPT_SUMMARY, 's'}, {CR_OPT_MIN_GROUP, 'm'}, {CR_OPT_MAP, 0}, {CR_OPT_GROUP_BY, 'g'}, {CR_OPT_ERRORS, 'e'},
	      {CR_OPT_STRICT, 0}, {CR_OPT_STORE, 0}, {CR_OPT_COHORT, 0}, {CR_OPT_HEADER_ROWS, 0}, {CR_OPT_ENCODING, 0},
	      {CR_OPT_SUGGEST_MAP, 0}),
	 0, 0, NULL, NULL, NULL, CR_NEEDS_KB, cmd_batch},
	{"cohort", "list", "cohort list [--format text|json]",
	 "the intake cohorts `batch --store` kept, with those a stopped batch left unfinished", cr_cohort_help, FORMAT_ONLY, 0,
	 0, NULL, NULL, NULL, CR_NEEDS_DB, cmd_cohort_list},
	{"cohort", "delete", "cohort delete ID...|--unfinished [--yes]",
	 "delete stored intake cohorts and all their results, for good", cr_cohort_delete_help,
	 OPTS({CR_OPT_YES, 'y'}, {CR_OPT_UNFINISHED, 0}), 0, -1, NULL, NULL, NULL, CR_NEEDS_DB, cmd_cohort_delete},
};

/* The program's own options, before the command's words. */
static const cr_command program = {NULL, NULL, "", "", NULL, OPTS({CR_OPT_VERSION, 'V'}), 0, -1, NULL, NULL, NULL,
				   CR_OPTS_FIRST, NULL};

static void usage(FILE *out)
{
	fprintf(out, "usage: career-risk [--kb DIR] [--db FILE] [--profile NAME] COMMAND [ARGS]\n\n"
		     "How exposed is your work to AI, why, and what to do about it.\n"
		     "With no command on a terminal, starts an assessment.\n\ncommands:\n");
	for (size_t i = 0; i < CR_ARRAY_LEN(cmd_table); i++)
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
		if (!cr_str_has_prefix(cmd_table[i].name, w1))
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
	signal(SIGPIPE, SIG_IGN); /* a closed pipe becomes a write error we report */
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
	 * Check the last write: a full disk or a closed pipe is an error, not
	 * silence; and a command that returned CR_EIO because stdout failed
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
