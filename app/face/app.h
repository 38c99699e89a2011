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
#include <stdbool.h>
#include <stdio.h>

#include "../core/diag.h"
#include "../core/kb.h"
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
/* Where the data folders and the database are (see paths.c). */
enum cr_status cr_paths_data(cr_app *app, const char *root_or_kb);
char *cr_paths_db(void);

/* Usage error: records it and returns CR_EUSAGE. */
enum cr_status cr_app_usage(cr_app *app, const char *cmd, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
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

/* Commands. */
enum cr_status cmd_assess(cr_app *app, int argc, char **argv);
enum cr_status cmd_kb_check(cr_app *app, int argc, char **argv);
enum cr_status cmd_doctor(cr_app *app, int argc, char **argv);
enum cr_status cmd_occupation_show(cr_app *app, int argc, char **argv);
enum cr_status cmd_occupation_search(cr_app *app, int argc, char **argv);
enum cr_status cmd_questionnaire_list(cr_app *app, int argc, char **argv);
enum cr_status cmd_questionnaire_show(cr_app *app, int argc, char **argv);

#endif
