/*
 * main.c - career-risk's entry point: the command table and exit codes.
 *
 * Exit codes are enum cr_status (core/diag.h): 0 success, 1 internal error,
 * 2 usage, 3 bad input data, 4 storage failure, 5 not found, 6 cancelled
 * (answers saved), 7 output could not be written.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "face/app.h"
#include "render/render.h"

#ifndef CR_VERSION
#define CR_VERSION "0.0.0"
#endif

enum { NEEDS_KB = 1 << 0, NEEDS_DB = 1 << 1 };

typedef struct cmd_entry {
	const char *name;   /* first word */
	const char *sub;    /* second word, or NULL */
	const char *usage;
	const char *summary;
	unsigned flags;
	enum cr_status (*exec)(cr_app *app, int argc, char **argv);
} cmd_entry;

static const cmd_entry cmd_table[] = {
	{"assess", NULL, "assess [--questionnaire ID] [--answers FILE] [--format FMT] [--resume]",
	 "answer a questionnaire and get your exposure score, reasons and action plan; FMT is text, json, markdown or html; --no-save keeps nothing", NEEDS_KB, cmd_assess},
	{"kb", "check", "kb check [--strict] [DIR]", "check a knowledge base and its questionnaires; exit 0 when clean", 0, cmd_kb_check},
	{"doctor", NULL, "doctor [--format text|json]", "check the profile database and say what to fix", 0, cmd_doctor},
	{"occupation", "show", "occupation show CODE-OR-TITLE [--format text|json]",
	 "an occupation's record and the assessment of a typical worker in it", NEEDS_KB, cmd_occupation_show},
	{"occupation", "list", "occupation list [--format text|csv|json]",
	 "every occupation with its typical worker's score, band, dimensions and percentile", NEEDS_KB,
	 cmd_occupation_list},
	{"occupation", "search", "occupation search WORDS", "find occupations by title or alias (typos tolerated)", NEEDS_KB,
	 cmd_occupation_search},
	{"questionnaire", "list", "questionnaire list", "the questionnaires available", NEEDS_KB, cmd_questionnaire_list},
	{"questionnaire", "show", "questionnaire show ID", "a questionnaire's questions, with why each is asked", NEEDS_KB,
	 cmd_questionnaire_show},
	{"questionnaire", "template", "questionnaire template ID [--format yaml|csv]",
	 "a file to fill in: an answers file (yaml), or the header row of an HR survey export (csv)", NEEDS_KB,
	 cmd_questionnaire_template},
	{"profile", "list", "profile list [--format text|json]", "every profile with its last session, score and trend", 0,
	 cmd_profile_list},
	{"profile", "create", "profile create NAME", "add a profile (a client's, say)", 0, cmd_profile_create},
	{"profile", "rename", "profile rename OLD NEW", "rename a profile", 0, cmd_profile_rename},
	{"profile", "delete", "profile delete NAME [--yes]", "erase a profile and all it holds, for good", 0,
	 cmd_profile_delete},
	{"history", NULL, "history [--format text|json]", "a profile's sessions with score, band and change", 0, cmd_history},
	{"compare", NULL, "compare [A [B]] [--format text|json]",
	 "what changed between two sessions (default: the last two)", 0, cmd_compare},
	{"progress", NULL, "progress [--format text|json]", "score and dimensions over time, and the action plan", 0,
	 cmd_progress},
	{"plan", "list", "plan list", "the action plan, each item with its status and dates", 0, cmd_plan_list},
	{"plan", "start", "plan start ID...", "mark action-plan items as in progress", 0, cmd_plan_set},
	{"plan", "done", "plan done ID...", "mark items done; the next assessment credits them", 0, cmd_plan_set},
	{"plan", "drop", "plan drop ID...", "drop items from the plan", 0, cmd_plan_set},
	{"plan", "todo", "plan todo ID...", "put items back to do", 0, cmd_plan_set},
	{"note", "add", "note add [--session N] TEXT|-", "add a counsellor note to a session (default: the latest)", 0,
	 cmd_note_add},
	{"note", "list", "note list", "a profile's counsellor notes", 0, cmd_note_list},
	{"report", NULL, "report [--session N] [--format FMT] [--paper a4|letter] [--output FILE]",
	 "a session's report: text, markdown, html (prints on A4 or Letter) or json", 0, cmd_report},
	{"export", NULL, "export [--output FILE]", "everything held about a profile, as JSON", 0, cmd_export},
	{"erase", NULL, "erase [--yes]", "remove a profile and all it holds, for good, and say what went", 0, cmd_erase},
	{"batch", NULL,
	 "batch --input CSV --output CSV|JSONL [--summary MD|HTML] [OPTIONS]",
	 "score a whole workforce from an HR survey export, with a cohort summary; `career-risk batch --help` lists the OPTIONS", NEEDS_KB, cmd_batch},
	{"cohort", "list", "cohort list [--format text|json]",
	 "the intake cohorts `batch --store` kept, with those a stopped batch left unfinished", 0, cmd_cohort_list},
	{"cohort", "delete", "cohort delete ID...|--unfinished [--yes]",
	 "delete stored intake cohorts and all their results, for good", 0, cmd_cohort_delete},
};

/* Help must read well in an 80-column terminal: the usage at the left, the summary in a
 * column of its own, wrapped at word boundaries; a usage too long for the left column puts its
 * summary on the lines below. */
enum { HELP_LEFT = 32, HELP_WIDTH = 80 };

static void print_entry(FILE *out, const char *usage, const char *summary)
{
	if ((int)strlen(usage) + 2 > HELP_LEFT - 1) {
		fprintf(out, "  %s\n", usage);
		cr_wrap(out, summary, HELP_LEFT, HELP_WIDTH);
		return;
	}
	char prefix[HELP_LEFT + 1];
	snprintf(prefix, sizeof prefix, "  %-*s", HELP_LEFT - 2, usage);
	cr_wrap_prefixed(out, prefix, summary, HELP_WIDTH);
}

static void usage(FILE *out)
{
	fprintf(out, "usage: career-risk [--kb DIR] [--db FILE] [--profile NAME] COMMAND [ARGS]\n\n"
		     "How exposed is your work to AI, why, and what to do about it.\n"
		     "With no command on a terminal, starts an assessment.\n\ncommands:\n");
	for (size_t i = 0; i < CR_ARRAY_LEN(cmd_table); i++)
		print_entry(out, cmd_table[i].usage, cmd_table[i].summary);
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

void cr_app_help(FILE *out, const char *name)
{
	for (size_t i = 0; i < CR_ARRAY_LEN(cmd_table); i++) {
		char full[64];
		snprintf(full, sizeof full, "%s%s%s", cmd_table[i].name, cmd_table[i].sub ? " " : "",
			 cmd_table[i].sub ? cmd_table[i].sub : "");
		if (strcmp(full, name) == 0) {
			fprintf(out, "usage: career-risk %s\n", cmd_table[i].usage);
			cr_wrap(out, cmd_table[i].summary, 0, HELP_WIDTH);
		}
	}
}

enum cr_status cr_app_usage(cr_app *app, const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = cr_xvprintf(fmt, ap);
	va_end(ap);
	cr_diag_add(&app->diags, CR_EUSAGE, NULL, 0, 0, "%s", msg);
	cr_diag_hint(&app->diags, "`career-risk %s%s--help` shows how to use it", cmd, *cmd ? " " : "");
	free(msg);
	return CR_EUSAGE;
}

char *cr_app_invocation(const cr_app *app)
{
	cr_sb b = {0};
	cr_sb_addf(&b, "career-risk");
	const char *opt[] = {"--kb", "--db", "--profile"};
	const char *val[] = {app->kb_opt, app->db_opt,
			     strcmp(app->profile, CR_DEFAULT_PROFILE) != 0 ? app->profile : NULL};
	for (size_t i = 0; i < CR_ARRAY_LEN(opt); i++) {
		if (!val[i])
			continue;
		/* Single quotes, each ' inside written '\'' : what a POSIX shell reads back. */
		cr_sb_addf(&b, " %s '", opt[i]);
		for (const char *c = val[i]; *c; c++)
			cr_sb_addf(&b, *c == '\'' ? "'\\''" : "%c", *c);
		cr_sb_addf(&b, "'");
	}
	return b.s;
}

enum cr_status cr_app_bad_option(cr_app *app, const char *cmd, const char *optstring, char **argv)
{
	/* With opterr off, getopt returns '?' both for an option it does not know and for a known
	 * one used wrongly; optopt tells them apart (0 for an unknown long option; for a short one,
	 * whether optstring has it). */
	const char *arg = argv[optind - 1];
	bool long_opt = strncmp(arg, "--", 2) == 0;
	bool known = optopt >= 0x100 || (optopt != 0 && (long_opt || strchr(optstring, optopt)));
	if (!known)
		return cr_app_usage(app, cmd, "unknown option '%s'", arg);
	size_t n = strcspn(arg, "=");
	if (long_opt && arg[n] == '=')
		return cr_app_usage(app, cmd, "'%.*s' takes no value", (int)n, arg);
	return cr_app_usage(app, cmd, "'%s' needs a value", arg);
}

bool cr_app_global_opt(cr_app *app, int c, const char *arg)
{
	switch (c) {
	case 0x100: app->kb_opt = arg; return true;
	case 0x101: app->db_opt = arg; return true;
	case 0x102: app->profile = arg; return true;
	case 0x103: app->no_color = true; return true;
	default: return false;
	}
}

enum cr_status cr_app_load_kb(cr_app *app)
{
	enum cr_status st = cr_paths_data(app, app->kb_opt);
	if (st)
		return st;
	st = cr_kb_load(app->kb_dir, app->q_dir, &app->kb, &app->diags);
	if (st)
		cr_diag_add(&app->diags, st, app->kb_dir, 0, 0, "the knowledge base has errors; `career-risk kb check` lists them all");
	return st;
}

enum cr_status cr_app_open_store(cr_app *app)
{
	if (app->store)
		return CR_OK;
	if (app->db_opt && !*app->db_opt)
		return cr_app_usage(app, "", "--db needs a file name");
	if (!app->db_path)
		app->db_path = app->db_opt ? cr_xstrdup(app->db_opt) : cr_paths_db();
	struct stat st;
	if (stat(app->db_path, &st) == 0 && S_ISDIR(st.st_mode)) {
		cr_diag_add(&app->diags, CR_EUSAGE, app->db_path, 0, 0, "is a folder; --db takes the database file");
		cr_diag_hint(&app->diags, "for example --db '%s/profiles.db'", app->db_path);
		return CR_EUSAGE;
	}
	return cr_store_open_busy(app->db_path, cr_app_busy, app, &app->store, &app->diags);
}

/* Finds a command by its words; a unique prefix of the first word is accepted ("occ search").
 * NULL with *used == 0: a group's help was asked for and printed; otherwise an error. */
static const cmd_entry *cmd_find(cr_app *app, int argc, char **argv, int *used)
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
		const cmd_entry *e = &cmd_table[i];
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
				print_entry(stdout, cmd_table[i].usage, cmd_table[i].summary);
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

static bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

/*
 * Global options given after the command words (`career-risk assess --kb DIR`)
 * must be known before the set-up the command needs (loading the knowledge
 * base, opening the database), which happens before the command parses its
 * own options; the command's getopt applies them again, to the same effect.
 */
static void prescan_globals(cr_app *app, int argc, char **argv)
{
	static const struct { const char *name; int code; } takes_value[] = {
		{"--kb", 0x100}, {"--db", 0x101}, {"--profile", 0x102}};
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		for (size_t k = 0; k < CR_ARRAY_LEN(takes_value); k++) {
			size_t n = strlen(takes_value[k].name);
			if (strncmp(argv[i], takes_value[k].name, n) != 0)
				continue;
			if (argv[i][n] == '=')
				cr_app_global_opt(app, takes_value[k].code, argv[i] + n + 1);
			else if (!argv[i][n] && i + 1 < argc)
				cr_app_global_opt(app, takes_value[k].code, argv[++i]);
		}
		if (strcmp(argv[i], "--no-color") == 0)
			cr_app_global_opt(app, 0x103, NULL);
	}
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

	static const struct option opts[] = {CR_GLOBAL_LONGOPTS, {"version", no_argument, NULL, 'V'}, {0, 0, 0, 0}};
	int c;
	opterr = 0;
	static const char optstring[] = "+hV"; /* also read by cr_app_bad_option */
	while ((c = getopt_long(argc, argv, optstring, opts, NULL)) != -1) {
		if (cr_app_global_opt(&app, c, optarg))
			continue;
		if (c == 'h') {
			usage(stdout);
			goto out;
		}
		if (c == 'V') {
			printf("career-risk %s\n", CR_VERSION);
			goto out;
		}
		st = cr_app_bad_option(&app, "", optstring, argv);
		goto out;
	}
	const cmd_entry *cmd;
	int used = 0;
	int cargc = argc - optind;
	char **cargv = argv + optind;
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
	used = -1;
	if (!(cmd = cmd_find(&app, cargc, cargv, &used))) {
		st = used == 0 ? CR_OK : CR_EUSAGE;
		goto out;
	}
	prescan_globals(&app, cargc, cargv);
	/* A command's --help needs neither the knowledge base nor the database. */
	bool help = wants_help(cargc - used + 1, cargv + used - 1);
	if (!help && (cmd->flags & NEEDS_KB) && (st = cr_app_load_kb(&app)))
		goto out;
	if (!help && (cmd->flags & NEEDS_DB) && (st = cr_app_open_store(&app)))
		goto out;
	/* The command sees its own name as argv[0]; optind = 0 makes GNU getopt start afresh. */
	optind = 0;
	opterr = 0;
	st = cmd->exec(&app, cargc - used + 1, cargv + used - 1);
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
	print_diags(&app);
	cr_store_close(app.store);
	cr_kb_free(app.kb);
	free(app.kb_dir);
	free(app.q_dir);
	free(app.db_path);
	cr_diags_clear(&app.diags);
	return (int)st;
}
