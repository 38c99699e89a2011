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

/* Options every command accepts, and the handler for them. */
#define CR_GLOBAL_LONGOPTS                                  \
	{"kb", required_argument, NULL, 0x100},             \
	{"db", required_argument, NULL, 0x101},             \
	{"profile", required_argument, NULL, 0x102},        \
	{"no-color", no_argument, NULL, 0x103},             \
	{"help", no_argument, NULL, 'h'}
/* Returns true when c was a global option (and applied it). */
bool cr_app_global_opt(cr_app *app, int c, const char *arg);

/* Resolves data folders and loads the knowledge base into app->kb. */
enum cr_status cr_app_load_kb(cr_app *app);
/* Resolves the database path and opens app->store. */
enum cr_status cr_app_open_store(cr_app *app);
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

/* Usage error: records it and returns CR_EUSAGE. */
enum cr_status cr_app_usage(cr_app *app, const char *cmd, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "career-risk" with the --kb, --db and --profile this run was given, shell-quoted, for the
 * commands a message suggests: copied as printed, they act on the same profile. Caller frees. */
char *cr_app_invocation(const cr_app *app);
/* An option getopt_long refused (it returned '?'): says whether it is unknown, lacks its
 * value or has one it does not take; OPTSTRING is the one given to getopt_long. */
enum cr_status cr_app_bad_option(cr_app *app, const char *cmd, const char *optstring, char **argv);
/* Prints a command's help. */
void cr_app_help(FILE *out, const char *name);

/* The interactive or piped questionnaire (session.c). */
struct cr_answers;
typedef struct cr_session_opts {
	const cr_questionnaire *q;
	cr_store *store;    /* NULL with --no-save */
	long long session;  /* the store's session id when store is set */
	bool resume;        /* answers were loaded from an unfinished session */
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

/* What the profile, history, plan and report commands share (cmd_report.c). */
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
/* Opens the store and loads everything about app->profile. */
enum cr_status cr_app_progress(cr_app *app, cr_progress **out);
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
			     const cr_format *fmt, const char *paper, FILE *out);

/* Commands. */
enum cr_status cmd_assess(cr_app *app, int argc, char **argv);
enum cr_status cmd_kb_check(cr_app *app, int argc, char **argv);
enum cr_status cmd_doctor(cr_app *app, int argc, char **argv);
enum cr_status cmd_occupation_show(cr_app *app, int argc, char **argv);
enum cr_status cmd_occupation_search(cr_app *app, int argc, char **argv);
enum cr_status cmd_occupation_list(cr_app *app, int argc, char **argv);
enum cr_status cmd_questionnaire_list(cr_app *app, int argc, char **argv);
enum cr_status cmd_questionnaire_show(cr_app *app, int argc, char **argv);
enum cr_status cmd_profile_list(cr_app *app, int argc, char **argv);
enum cr_status cmd_profile_create(cr_app *app, int argc, char **argv);
enum cr_status cmd_profile_rename(cr_app *app, int argc, char **argv);
enum cr_status cmd_profile_delete(cr_app *app, int argc, char **argv);
enum cr_status cmd_history(cr_app *app, int argc, char **argv);
enum cr_status cmd_compare(cr_app *app, int argc, char **argv);
enum cr_status cmd_progress(cr_app *app, int argc, char **argv);
enum cr_status cmd_plan_list(cr_app *app, int argc, char **argv);
enum cr_status cmd_plan_set(cr_app *app, int argc, char **argv);
enum cr_status cmd_note_add(cr_app *app, int argc, char **argv);
enum cr_status cmd_note_list(cr_app *app, int argc, char **argv);
enum cr_status cmd_report(cr_app *app, int argc, char **argv);
enum cr_status cmd_export(cr_app *app, int argc, char **argv);
enum cr_status cmd_erase(cr_app *app, int argc, char **argv);
struct cr_result;
/* After a saved assessment: the plan takes in its recommendations and credits done items (cmd_plan.c). */
enum cr_status cr_app_plan_sync(cr_app *app, long long profile, long long session, const struct cr_result *res);
enum cr_status cmd_questionnaire_template(cr_app *app, int argc, char **argv);
enum cr_status cmd_batch(cr_app *app, int argc, char **argv);
enum cr_status cmd_cohort_list(cr_app *app, int argc, char **argv);
enum cr_status cmd_cohort_delete(cr_app *app, int argc, char **argv);

#endif
