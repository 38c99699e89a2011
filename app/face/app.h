/*
 * app.h - the command-line face: one context threaded through every command.
 *
 * Commands live in a table (main.c); each declares what it needs (the
 * knowledge base, the database) so set-up and error reporting happen in one
 * place. Commands return a cr_status, which is also the exit code.
 */
#ifndef CR_APP_H
#define CR_APP_H

#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "../core/diag.h"
#include "../core/kb.h"
#include "../io/output.h"
#include "../render/format.h"
#include "../store/store.h"

#define CR_DEFAULT_PROFILE "me"

typedef struct cr_app {
	const char *argv0;
	const char *kb_opt;      /* --kb: a data root or a knowledge folder */
	const char *db_opt;      /* --db: the database file */
	const char *profile;     /* --profile NAME; CR_DEFAULT_PROFILE when not given */
	bool no_color;           /* --no-color, or NO_COLOR set */
	bool stdin_tty;          /* stdin is a terminal: prompts, line editing */
	bool stdout_tty;         /* stdout is a terminal: colour, width */
	int width;               /* terminal columns for wrapping */
	char *kb_dir;            /* resolved knowledge folder (owned) */
	char *q_dir;             /* resolved questionnaire folder (owned) */
	char *db_path;           /* resolved database path (owned) */
	cr_kb *kb;               /* loaded for commands that need it (owned) */
	cr_store *store;         /* opened for commands that need it (owned) */
	bool busy_patient;       /* a questionnaire session: wait for a busy database as long as it takes */
	volatile sig_atomic_t *busy_cancel; /* when set and nonzero (Ctrl-C), stop waiting (busy.c) */
	bool busy_said;          /* the current wait for a busy database was announced */
	long long busy_last_ms;  /* how long the current wait had lasted at the last call */
	cr_diags diags;          /* what went wrong, printed once by main() */
} cr_app;

/*
 * Options, declared once each: a command's table row lists those it accepts
 * (main.c), main parses them once with getopt_long built from that list and
 * hands the command a cr_args; the first CR_OPT_GLOBAL_N every command takes.
 */
enum cr_opt {
	CR_OPT_KB, CR_OPT_DB, CR_OPT_PROFILE, CR_OPT_NO_COLOR, CR_OPT_HELP, /* every command's */
	CR_OPT_VERSION, /* the program's alone */
	CR_OPT_FORMAT, CR_OPT_QUESTIONNAIRE, CR_OPT_ANSWERS, CR_OPT_NO_SAVE, CR_OPT_RESUME, CR_OPT_STRICT,
	CR_OPT_SESSION, CR_OPT_PAPER, CR_OPT_OUTPUT, CR_OPT_YES, CR_OPT_UNFINISHED, CR_OPT_INPUT, CR_OPT_SUMMARY,
	CR_OPT_MIN_GROUP, CR_OPT_MAP, CR_OPT_GROUP_BY, CR_OPT_ERRORS, CR_OPT_STORE, CR_OPT_COHORT,
	CR_OPT_GROUP_LABEL, CR_OPT_ROSTER, CR_OPT_EXCEL, CR_OPT_TAG, CR_OPT_FULL, CR_OPT_NOTES, CR_OPT_JOBS,
	CR_OPT_TITLES, CR_OPT_MIN_CONFIDENCE, CR_OPT_COLUMN,
	CR_OPT_HEADER_ROWS, CR_OPT_ENCODING, CR_OPT_SUGGEST_MAP, /* batch: exports as survey tools write them */
	CR_OPT_N
};
#define CR_OPT_GLOBAL_N (CR_OPT_HELP + 1)
/* An option a command accepts: which, and its short letter (0: long only). */
typedef struct cr_optdecl {
	enum cr_opt id;
	char letter;
} cr_optdecl;
/* The long name (without "--") and whether it takes a value. */
const char *cr_opt_name(enum cr_opt id);
bool cr_opt_has_value(enum cr_opt id);

/* What main parsed for a command; the strings point into argv. */
typedef struct cr_args {
	const char *name;     /* the command's words: "plan done" (owned) */
	const char *sub;      /* its second word ("done"), or NULL */
	int argc;             /* positional arguments, in order, options removed */
	char **argv;
	const char *val[CR_OPT_N];    /* the last value given, or NULL; "" for a flag given */
	const char **all[CR_OPT_N];   /* every value given, in order (a repeated option); owned */
	size_t nall[CR_OPT_N];
} cr_args;
/* Whether option id was given; its (last) value. */
static inline bool cr_args_has(const cr_args *a, enum cr_opt id) { return a->val[id] != NULL; }
static inline const char *cr_args_get(const cr_args *a, enum cr_opt id) { return a->val[id]; }
void cr_args_free(cr_args *a);

/* A command's row in the table (main.c). */
/* CR_OPTS_FIRST: options stop at the first argument (the program's own, before the command).
 * CR_HIDDEN: for programs, not people (`__complete`): left out of help, completion and prefix matching. */
enum { CR_NEEDS_KB = 1 << 0, CR_NEEDS_DB = 1 << 1, CR_OPTS_FIRST = 1 << 2, CR_HIDDEN = 1 << 3 };
typedef struct cr_command {
	const char *name;          /* first word */
	const char *sub;           /* second word, or NULL */
	const char *usage;
	const char *summary;       /* one sentence, for the command list and help */
	const char *help;          /* more for `CMD --help`, or NULL */
	const cr_optdecl *opts;    /* its own options, ended by {CR_OPT_N, 0}; NULL for none */
	int min_args, max_args;    /* positional arguments; max -1: any number */
	const char *few;           /* the usage error when fewer than min_args */
	const char *many;          /* the usage error when more than max_args, or NULL: "unexpected argument" */
	const char *many_note;     /* added to "unexpected argument 'X'": " (the profile is ...)" */
	unsigned flags;            /* CR_NEEDS_KB, CR_NEEDS_DB: main loads/opens them before exec */
	enum cr_status (*exec)(cr_app *app, const cr_args *a);
} cr_command;
/*
 * Parses a command's options and arguments (argv[0] is its last word) into
 * *a, applying the global ones to app, and checks the argument count: CR_OK,
 * or CR_EUSAGE with a diagnostic. --help (or --version) ends the parse with
 * CR_OK and cr_args_has(a, CR_OPT_HELP), arguments unchecked. Free a with
 * cr_args_free() whatever it returned.
 */
enum cr_status cr_args_parse(cr_app *app, const cr_command *c, int argc, char **argv, cr_args *a);
/* The command table (main.c), in help order; *n is set to its length. */
const cr_command *cr_app_commands(size_t *n);

/* Resolves data folders and loads the knowledge base into app->kb. */
enum cr_status cr_app_load_kb(cr_app *app);
/* Resolves the database path and opens app->store. */
enum cr_status cr_app_open_store(cr_app *app);
/*
 * For a command that writes only once it has something to save (an
 * interactive assess): opens app->store when the database exists and refuses
 * one it cannot write (cr_store_writable). When there is no database yet it
 * creates nothing, not even a folder, and sets *later: cr_app_open_store
 * creates it when the first thing is saved. A place where it could not be
 * created is refused now all the same (cr_store_creatable).
 */
enum cr_status cr_app_open_store_writable(cr_app *app, bool *later);
/*
 * The store's busy function (cr_store_busy_fn; ctx is the cr_app), busy.c:
 * how long a command waits for a database another process is writing. It
 * says so once on stderr after CR_BUSY_SAY_MS; a questionnaire session
 * (busy_patient) then waits until the database is free or Ctrl-C sets
 * *busy_cancel; anything else waits up to $CAREER_RISK_BUSY_WAIT seconds
 * (default CR_BUSY_WAIT_S) and then fails with "database is locked" (exit 4).
 */
#define CR_BUSY_SAY_MS 1000
#define CR_BUSY_WAIT_S 60
bool cr_app_busy(void *ctx, long long waited_ms);
/* Where the data folders and the database are (see paths.c). */
enum cr_status cr_paths_data(cr_app *app, const char *root_or_kb);
char *cr_paths_db(void);
/*
 * The folder for the knowledge base's compiled snapshot: $XDG_CACHE_HOME/career-risk,
 * else ~/.cache/career-risk; NULL (no snapshot) without a home. Caller frees.
 */
char *cr_paths_cache(void);
/* This build's identity for the snapshot's key: the version and the executable's inode, size and time. Caller frees. */
char *cr_paths_program(void);

/*
 * The command and option references core and store put in messages
 * (core/diag.h, CR_REF) worded with today's names: a new string (caller frees),
 * or NULL when s has none; and the same done in place to every message and
 * hint of d, and to every finding of a database check.
 */
char *cr_app_word_refs(const char *s);
void cr_app_word_diags(cr_diags *d);
void cr_app_word_checks(cr_checks *c);

/* Usage error: records it and returns CR_EUSAGE. */
enum cr_status cr_app_usage(cr_app *app, const char *cmd, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "career-risk" with the --kb, --db and --profile this run was given, shell-quoted, for the
 * commands a message suggests: copied as printed, they act on the same profile. Caller frees. */
char *cr_app_invocation(const cr_app *app);
/* Prints a command's help: usage, summary, its options and its longer help. */
void cr_app_help(FILE *out, const cr_command *c);
/* One line of the command list: the usage, and the summary in a column of its own. */
void cr_app_help_line(FILE *out, const char *usage, const char *summary);

/* The interactive or piped questionnaire (session.c). */
struct cr_answers;
typedef struct cr_session_opts {
	const cr_questionnaire *q;
	cr_store *store;    /* NULL with --no-save */
	long long session;  /* the store's session id when store is set */
	bool resume;        /* answers were loaded from an unfinished session */
	/*
	 * A saved session not begun yet (store NULL, session 0): nothing is written
	 * until an answer is, so leaving at the first question leaves the database
	 * (or its absence) as it was. begin(app, begin_ctx, &store, &session) opens
	 * or creates the database, the profile and the session inside a write
	 * transaction, which the first answer joins and commits (one commit: the
	 * answer is on disk before it is acknowledged). NULL when store is set, or
	 * with --no-save.
	 */
	enum cr_status (*begin)(cr_app *app, void *ctx, cr_store **store, long long *session);
	void *begin_ctx;
} cr_session_opts;
enum cr_status cr_session_run(cr_app *app, const cr_session_opts *o, struct cr_answers *as);
/* Asks a yes/no question at the terminal. */
bool cr_session_confirm(cr_app *app, const char *question, bool dflt);
/*
 * Before something that cannot be undone (`erase`, `profile delete`, `cohort
 * delete`): with `yes` (--yes given), CR_OK; on a terminal, asks `question`
 * (default no): CR_OK, or CR_ECANCEL when declined; elsewhere refuses with a
 * usage error "UNDONE cannot be undone; add --yes to confirm it" (CR_EUSAGE),
 * to which the caller may add a hint.
 */
enum cr_status cr_app_confirm(cr_app *app, bool yes, const char *question, const char *undone);

/* What the profile, history, plan and report commands share (app.c; the report itself: cmd_report.c). */
/*
 * The --format value `name` for the view `cmd` shows (render/format.h); NULL
 * after recording the usage error that names the formats offering the view.
 */
const cr_format *cr_app_format(cr_app *app, const char *cmd, const char *name, enum cr_view view);
/* The render options of this run on stdout (colour, width; cmd is the caller's, borrowed). */
cr_render_opts cr_app_render_opts(const cr_app *app, const char *cmd);
const char *cr_app_version(void);
/* The time now as ISO 8601 UTC. */
void cr_app_now(char buf[32]);
/* Everything about app->profile; the command declares CR_NEEDS_DB. */
enum cr_status cr_app_progress(cr_app *app, cr_progress **out);
/*
 * history and progress: app->profile's progress on stdout in the --format the
 * command was given, through the format table's history or progress entry
 * (`view` picks which; `cmd` names the command in usage errors).
 */
enum cr_status cr_app_show_progress(cr_app *app, const cr_args *a, const char *cmd, enum cr_view view);
/* A session by the number a person typed; `scored` requires a result. */
enum cr_status cr_app_session_arg(cr_app *app, const char *cmd, const cr_progress *p, const char *arg, bool scored,
				  const cr_session_info **out);
/* Records "no scored assessment yet" and returns CR_ENOTFOUND. */
enum cr_status cr_app_no_scored(cr_app *app, const cr_progress *p);
/*
 * --output through app/io/output.h: NULL or "-" is standard output; the
 * profile database and its journal files are refused (CR_EUSAGE). o is
 * filled on CR_OK; cr_app_output_close() then finishes it (st CR_OK) or
 * abandons it, and returns st or the failure, always with a diagnostic.
 */
enum cr_status cr_app_output_open(cr_app *app, const char *path, cr_output *o);
enum cr_status cr_app_output_close(cr_app *app, cr_output *o, enum cr_status st);
/* The database (--db, or the default) and its journal files, which no output may be: fills v; own[i] are freed by the caller. */
#define CR_APP_DB_FILES 4
size_t cr_app_db_files(cr_app *app, cr_output_other v[CR_APP_DB_FILES], char *own[CR_APP_DB_FILES]);
/*
 * Renders the report of session s of p (p and s NULL for an unsaved result,
 * given as result_json; otherwise result_json NULL uses the stored one).
 */
enum cr_status cr_app_report(cr_app *app, const cr_progress *p, const cr_session_info *s, const char *result_json,
			     const cr_format *fmt, const char *paper, unsigned form, FILE *out);

/* Every command's function (app/face/cmd_*.c), declared from its row in commands.h. */
#define CR_COMMAND(fn, ...) enum cr_status fn(cr_app *app, const cr_args *a);
#include "commands.h"
#undef CR_COMMAND
struct cr_result;
/* After a saved assessment: the plan takes in its recommendations and credits done items (cmd_plan.c). */
enum cr_status cr_app_plan_sync(cr_app *app, long long profile, long long session, const struct cr_result *res);
/* The longer help of `batch --help` and the `cohort` commands' (the rows in commands.h point at them). */
extern const char cr_batch_help[], cr_cohort_help[], cr_cohort_delete_help[];
extern const char cr_cohort_show_help[], cr_cohort_compare_help[];
/* The longer help of `career-risk titles` (cmd_titles.c). */
extern const char cr_titles_help[];

#endif
