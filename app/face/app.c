/*
 * app.c - the cr_app_* helpers every command shares (app.h): parsing a
 * command's options from its declaration, help, usage errors, and the set-up
 * main does before a command runs (knowledge base, database).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../core/util.h"
#include "../io/kb_cache.h"
#include "../render/render.h"
#include "../render/report.h"
#include "app.h"

#ifndef CR_VERSION
#define CR_VERSION "0.0.0"
#endif

/* Every option once: its long name and whether it takes a value (enum cr_opt order). */
static const struct {
	const char *name;
	bool value;
	const char *meta; /* the value's name in help */
} opt_info[CR_OPT_N] = {
	[CR_OPT_KB] = {"kb", true, "DIR"},
	[CR_OPT_DB] = {"db", true, "FILE"},
	[CR_OPT_PROFILE] = {"profile", true, "NAME"},
	[CR_OPT_NO_COLOR] = {"no-color", false, NULL},
	[CR_OPT_HELP] = {"help", false, NULL},
	[CR_OPT_VERSION] = {"version", false, NULL},
	[CR_OPT_FORMAT] = {"format", true, "FMT"},
	[CR_OPT_QUESTIONNAIRE] = {"questionnaire", true, "ID"},
	[CR_OPT_ANSWERS] = {"answers", true, "FILE"},
	[CR_OPT_NO_SAVE] = {"no-save", false, NULL},
	[CR_OPT_RESUME] = {"resume", false, NULL},
	[CR_OPT_STRICT] = {"strict", false, NULL},
	[CR_OPT_SESSION] = {"session", true, "N"},
	[CR_OPT_PAPER] = {"paper", true, "SIZE"},
	[CR_OPT_OUTPUT] = {"output", true, "FILE"},
	[CR_OPT_YES] = {"yes", false, NULL},
	[CR_OPT_UNFINISHED] = {"unfinished", false, NULL},
	[CR_OPT_INPUT] = {"input", true, "FILE"},
	[CR_OPT_SUMMARY] = {"summary", true, "FILE"},
	[CR_OPT_FULL] = {"full", false, NULL},
	[CR_OPT_NOTES] = {"notes", false, NULL},
	[CR_OPT_MIN_GROUP] = {"min-group", true, "N"},
	[CR_OPT_MAP] = {"map", true, "FILE"},
	[CR_OPT_GROUP_BY] = {"group-by", true, "COLUMN"},
	[CR_OPT_ERRORS] = {"errors", true, "FILE"},
	[CR_OPT_STORE] = {"store", false, NULL},
	[CR_OPT_COHORT] = {"cohort", true, "NAME"},
	[CR_OPT_GROUP_LABEL] = {"group-label", true, "COLUMN=LABEL"},
	[CR_OPT_ROSTER] = {"roster", false, NULL},
	[CR_OPT_EXCEL] = {"excel", false, NULL},
	[CR_OPT_TAG] = {"tag", true, "TAG"},
	[CR_OPT_JOBS] = {"jobs", true, "N"},
	[CR_OPT_TITLES] = {"titles", true, "FILE"},
	[CR_OPT_MIN_CONFIDENCE] = {"min-confidence", true, "X"},
	[CR_OPT_COLUMN] = {"column", true, "NAME"},
	[CR_OPT_HEADER_ROWS] = {"header-rows", true, "N"},
	[CR_OPT_ENCODING] = {"encoding", true, "NAME"},
	[CR_OPT_SUGGEST_MAP] = {"suggest-map", true, "FILE"},
};

const char *cr_opt_name(enum cr_opt id)
{
	return opt_info[id].name;
}

bool cr_opt_has_value(enum cr_opt id)
{
	return opt_info[id].value;
}

/* getopt_long's code for a long-only option: above every char, so never a short letter. */
enum { OPT_CODE_BASE = 0x100 };

/* The options every command takes, before its own. */
static const cr_optdecl global_opts[] = {
	{CR_OPT_KB, 0}, {CR_OPT_DB, 0}, {CR_OPT_PROFILE, 0}, {CR_OPT_NO_COLOR, 0}, {CR_OPT_HELP, 'h'}};

static size_t decl_count(const cr_optdecl *d)
{
	size_t n = 0;
	while (d && d[n].id != CR_OPT_N)
		n++;
	return n;
}

/* The option refused by getopt_long ('?' returned, opterr off): unknown, missing its value,
 * or given one it does not take. Named as typed, never by its value. */
static enum cr_status bad_option(cr_app *app, const char *cmd, const char *optstring, char **argv)
{
	const char *arg = argv[optind - 1];
	bool long_opt = strncmp(arg, "--", 2) == 0;
	size_t n = strcspn(arg, "=");
	if (!long_opt || optopt > 0) {
		/* optopt is the refused short letter, or the code of a known long option */
		bool known = optopt >= OPT_CODE_BASE || (optopt > 0 && optopt != ':' && optopt != '+' && strchr(optstring, optopt));
		if (!known)
			return cr_app_usage(app, cmd, "unknown option '-%c'", optopt);
		if (long_opt && arg[n] == '=')
			return cr_app_usage(app, cmd, "'%.*s' takes no value", (int)n, arg);
		if (long_opt)
			return cr_app_usage(app, cmd, "'%s' needs a value", arg);
		return cr_app_usage(app, cmd, "'-%c' needs a value", optopt);
	}
	return cr_app_usage(app, cmd, "unknown option '%.*s'", (int)n, arg);
}

static void add_value(cr_args *a, enum cr_opt id, const char *v)
{
	a->all[id] = cr_xrealloc(a->all[id], (a->nall[id] + 1) * sizeof *a->all[id]);
	a->all[id][a->nall[id]++] = v;
	a->val[id] = v;
}

enum cr_status cr_args_parse(cr_app *app, const cr_command *c, int argc, char **argv, cr_args *a)
{
	char full[64];
	snprintf(full, sizeof full, "%s%s%s", c->name ? c->name : "", c->sub ? " " : "", c->sub ? c->sub : "");
	*a = (cr_args){.name = c->name ? cr_xstrdup(full) : NULL, .sub = c->sub};
	const cr_optdecl *own = c->opts;
	size_t nown = decl_count(own), ng = CR_ARRAY_LEN(global_opts), nopt = ng + nown;
	struct option *lo = cr_xcalloc(nopt + 1, sizeof *lo);
	cr_optdecl *decl = cr_xcalloc(nopt, sizeof *decl);
	/* "+": the program's own options stop at the command word; a command's options may
	 * follow its arguments (`profile create bob --yes`) */
	char optstring[2 + 2 * (CR_ARRAY_LEN(global_opts) + CR_OPT_N) + 1];
	size_t k = 0;
	if (c->flags & CR_OPTS_FIRST)
		optstring[k++] = '+';
	for (size_t i = 0; i < nopt; i++) {
		decl[i] = i < ng ? global_opts[i] : own[i - ng];
		bool v = opt_info[decl[i].id].value;
		lo[i] = (struct option){opt_info[decl[i].id].name, v ? required_argument : no_argument, NULL,
					decl[i].letter ? decl[i].letter : OPT_CODE_BASE + (int)decl[i].id};
		if (decl[i].letter) {
			optstring[k++] = decl[i].letter;
			if (v)
				optstring[k++] = ':';
		}
	}
	optstring[k] = '\0';
	enum cr_status st = CR_OK;
	int code;
	optind = 0; /* GNU getopt starts afresh */
	opterr = 0;
	while ((code = getopt_long(argc, argv, optstring, lo, NULL)) != -1) {
		size_t i = 0;
		while (i < nopt && lo[i].val != code)
			i++;
		if (i == nopt) {
			st = bad_option(app, a->name ? a->name : "", optstring, argv);
			goto out;
		}
		enum cr_opt id = decl[i].id;
		add_value(a, id, optarg ? optarg : "");
		switch (id) {
		case CR_OPT_KB: app->kb_opt = optarg; break;
		case CR_OPT_DB: app->db_opt = optarg; break;
		case CR_OPT_PROFILE: app->profile = optarg; break;
		case CR_OPT_NO_COLOR: app->no_color = true; break;
		case CR_OPT_HELP: case CR_OPT_VERSION: goto out; /* nothing after it matters */
		default: break;
		}
	}
	a->argc = argc - optind;
	a->argv = argv + optind;
	if (!c->name)
		goto out; /* the program's own options: the command's words follow */
	if (a->argc < c->min_args)
		st = cr_app_usage(app, a->name, "%s", c->few ? c->few : "missing argument");
	else if (c->max_args >= 0 && a->argc > c->max_args)
		st = c->many ? cr_app_usage(app, a->name, "%s", c->many)
			     : cr_app_usage(app, a->name, "unexpected argument '%s'%s", a->argv[c->max_args],
					    c->many_note ? c->many_note : "");
out:
	free(lo);
	free(decl);
	return st;
}

void cr_args_free(cr_args *a)
{
	for (size_t i = 0; i < CR_OPT_N; i++)
		free(a->all[i]);
	free((char *)a->name);
	*a = (cr_args){0};
}

/* Help must read well in an 80-column terminal: the usage at the left, the summary in a
 * column of its own, wrapped at word boundaries; a usage too long for the left column puts its
 * summary on the lines below. */
enum { HELP_LEFT = 32, HELP_WIDTH = 80 };

void cr_app_help_line(FILE *out, const char *usage, const char *summary)
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

void cr_app_help(FILE *out, const cr_command *c)
{
	cr_wrap_prefixed(out, "usage: career-risk ", c->usage, HELP_WIDTH);
	cr_wrap(out, c->summary, 0, HELP_WIDTH);
	/* the options as declared, so help and parser cannot disagree */
	cr_sb b = {0};
	for (const cr_optdecl *d = c->opts; d && d->id != CR_OPT_N; d++) {
		/* --name=VALUE: one word, so wrapping never parts an option from its value */
		cr_sb_addf(&b, "%s--%s", b.len ? ", " : "", opt_info[d->id].name);
		if (opt_info[d->id].value)
			cr_sb_addf(&b, "=%s", opt_info[d->id].meta);
	}
	if (b.len)
		cr_wrap_prefixed(out, "options: ", b.s, HELP_WIDTH);
	cr_sb_free(&b);
	if (c->help)
		fprintf(out, "\n%s", c->help);
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

enum cr_status cr_app_load_kb(cr_app *app)
{
	enum cr_status st = cr_paths_data(app, app->kb_opt);
	if (st)
		return st;
	/* through the compiled snapshot (app/io/kb_cache.h); `kb check` alone always reads the YAML */
	char *cache = cr_paths_cache();
	char *program = cr_paths_program();
	st = cr_kb_cache_load(app->kb_dir, app->q_dir, cache, program, &app->kb, NULL, &app->diags);
	free(cache);
	free(program);
	if (st)
		cr_diag_add(&app->diags, st, app->kb_dir, 0, 0, "the knowledge base has errors; `career-risk kb check` lists them all");
	return st;
}

/* Sets app->db_path (--db, else the XDG default); refuses an empty --db and a folder. */
static enum cr_status db_path(cr_app *app)
{
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
	return CR_OK;
}

enum cr_status cr_app_open_store(cr_app *app)
{
	if (app->store)
		return CR_OK;
	enum cr_status st = db_path(app);
	return st ? st : cr_store_open_busy(app->db_path, cr_app_busy, app, &app->store, &app->diags);
}

enum cr_status cr_app_open_store_writable(cr_app *app, bool *later)
{
	*later = false;
	if (app->store)
		return cr_store_writable(app->store, &app->diags);
	enum cr_status st = db_path(app);
	if (st)
		return st;
	struct stat sb;
	/* only a database that is not there at all waits; anything else at the path (a link, a
	 * file of the wrong kind, a folder that cannot be read) gets cr_store_open's own answer */
	if (lstat(app->db_path, &sb) != 0 && errno == ENOENT) {
		*later = true;
		return cr_store_creatable(app->db_path, &app->diags);
	}
	if ((st = cr_store_open_busy(app->db_path, cr_app_busy, app, &app->store, &app->diags)))
		return st;
	return cr_store_writable(app->store, &app->diags);
}

enum cr_status cr_app_confirm(cr_app *app, bool yes, const char *question, const char *undone)
{
	if (yes)
		return CR_OK;
	if (!app->stdin_tty) {
		cr_diag_add(&app->diags, CR_EUSAGE, NULL, 0, 0, "%s cannot be undone; add --yes to confirm it", undone);
		return CR_EUSAGE;
	}
	return cr_session_confirm(app, question, false) ? CR_OK : CR_ECANCEL;
}

enum cr_status cr_app_progress(cr_app *app, cr_progress **out)
{
	/* commands that read progress declare CR_NEEDS_DB: main opened the store */
	return cr_store_progress(app->store, app->profile, out, &app->diags);
}

enum cr_status cr_app_show_progress(cr_app *app, const cr_args *a, const char *cmd, enum cr_view view)
{
	const cr_format *fmt = cr_app_format(app, cmd, cr_args_get(a, CR_OPT_FORMAT), view);
	if (!fmt)
		return CR_EUSAGE;
	cr_progress *p = NULL;
	enum cr_status st;
	if ((st = cr_app_progress(app, &p)))
		return st;
	char *inv = cr_app_invocation(app);
	cr_render_opts o = cr_app_render_opts(app, inv);
	st = (view == CR_VIEW_HISTORY ? fmt->history : fmt->progress)(stdout, p, &o);
	free(inv);
	cr_progress_free(p);
	return st;
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

const char *cr_app_version(void)
{
	return CR_VERSION;
}

const cr_format *cr_app_format(cr_app *app, const char *cmd, const char *name, enum cr_view view)
{
	char *why = NULL;
	const cr_format *f = cr_format_find(name ? name : "text", view, &why); /* no --format: text */
	if (!f)
		cr_app_usage(app, cmd, "%s", why);
	free(why);
	return f;
}

cr_render_opts cr_app_render_opts(const cr_app *app, const char *cmd)
{
	return (cr_render_opts){.color = !app->no_color, .width = app->width, .cmd = cmd};
}

void cr_app_now(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, 32, "unknown");
}

/* How the face words each reference core, store and batch put in their messages
 * (core/diag.h): a command's words, or an option's name from the option table. */
static const struct {
	char letter;
	const char *words; /* a command's words; NULL for an option */
	enum cr_opt opt;
} refs[] = {
	{'p', "profile list", CR_OPT_N}, {'c', "profile create", CR_OPT_N}, {'l', "plan list", CR_OPT_N},
	{'h', "cohort list", CR_OPT_N}, {'k', "kb check", CR_OPT_N}, {'s', "questionnaire show", CR_OPT_N},
	{'t', "questionnaire template", CR_OPT_N}, {'o', "occupation search", CR_OPT_N}, {'d', "doctor", CR_OPT_N},
	{'b', "batch", CR_OPT_N}, {'D', NULL, CR_OPT_DB}, {'Q', NULL, CR_OPT_QUESTIONNAIRE}, {'M', NULL, CR_OPT_MAP},
	{'F', NULL, CR_OPT_FORMAT}, {'H', NULL, CR_OPT_HELP}, {'S', NULL, CR_OPT_STRICT}, {'T', NULL, CR_OPT_STORE},
	{'U', NULL, CR_OPT_UNFINISHED}, {'P', NULL, CR_OPT_PROFILE}, {'R', NULL, CR_OPT_RESUME},
	{'x', "cohort delete", CR_OPT_N}, {'a', "assess", CR_OPT_N}, {'n', "note list", CR_OPT_N},
	{'Y', NULL, CR_OPT_ENCODING}, {'Z', NULL, CR_OPT_HEADER_ROWS}, {'V', NULL, CR_OPT_INPUT},
};

char *cr_app_word_refs(const char *s)
{
	if (!s || !strchr(s, CR_REF_MARK))
		return NULL;
	cr_sb b = {0};
	for (const char *c = s; *c; c++) {
		if (*c != CR_REF_MARK || !c[1]) {
			cr_sb_addf(&b, "%c", *c);
			continue;
		}
		size_t i = 0;
		while (i < CR_ARRAY_LEN(refs) && refs[i].letter != c[1])
			i++;
		if (i == CR_ARRAY_LEN(refs))
			cr_sb_addf(&b, "?"); /* a reference the face does not know: a bug, shown, not hidden */
		else if (refs[i].words)
			cr_sb_addf(&b, "%s", refs[i].words);
		else
			cr_sb_addf(&b, "--%s", cr_opt_name(refs[i].opt));
		c++;
	}
	return b.s;
}

/* Replaces *s by its worded form when it holds a reference. */
static void word_in_place(char **s)
{
	char *w = cr_app_word_refs(*s);
	if (w) {
		free(*s);
		*s = w;
	}
}

void cr_app_word_diags(cr_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		word_in_place(&d->v[i].msg);
		word_in_place(&d->v[i].hint);
	}
}

void cr_app_word_checks(cr_checks *c)
{
	for (size_t i = 0; i < c->n; i++) {
		word_in_place(&c->v[i].what);
		word_in_place(&c->v[i].fix);
	}
}
