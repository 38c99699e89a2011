/* cmd_batch.c - `career-risk batch`: score a workforce from an HR survey export. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../batch/batch.h"
#include "../batch/suggest.h"
#include "../io/csvio.h"
#include "../core/cohort.h"
#include "../core/intake.h"
#include "../core/util.h"
#include "../io/crosswalk_csv.h"
#include "app.h"

#define CMD "batch"

/*
 * Set by SIGINT, SIGTERM or SIGHUP (Ctrl-C, `kill`, a closed terminal): the
 * batch stops after the row in hand and keeps nothing, its temporary files
 * and its cohort taken back. The handler only sets this flag.
 */
static volatile sig_atomic_t batch_cancel;

static void on_signal(int sig)
{
	(void)sig;
	batch_cancel = 1;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && cr_strcasecmp(s + n - m, suffix) == 0;
}

/* "results.csv" -> "results.errors.csv" (beside it). */
static char *errors_beside(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');
	size_t stem = dot && (!slash || dot > slash + 1) ? (size_t)(dot - path) : strlen(path);
	return cr_xprintf("%.*s.errors.csv", (int)stem, path);
}

typedef struct progress_ctx {
	bool tty; /* stderr is a terminal: a progress line is shown */
	bool shown;
} progress_ctx;

static void progress(const cr_batch_stats *s, void *ctx)
{
	progress_ctx *p = ctx;
	if (!p->tty)
		return;
	char a[32], b[32];
	cr_render_count(a, sizeof a, s->rows_read);
	cr_render_count(b, sizeof b, s->rows_bad);
	fprintf(stderr, "\rcareer-risk: %s rows read, %s could not be scored...", a, b);
	fflush(stderr);
	p->shown = true;
}

const char cr_batch_help[] =
	      "Reads an HR survey export (CSV: one row per employee, a header row) and\n"
	      "scores every row as `career-risk assess` would. Bad rows are listed in an\n"
	      "errors file with their record number, line, column and reason; the rest\n"
	      "are scored.\n"
	      "\n"
	      "  --input FILE.csv        the export; - reads standard input\n"
	      "  --output FILE           results, one row per employee: .csv or .jsonl;\n"
	      "                          - writes CSV to standard output\n"
	      "  --format csv|jsonl      the results format, whatever the file is called\n"
	      "  --summary FILE          cohort summary for leadership: .md or .html\n"
	      "  --min-group N           the smallest group the summary shows (default 10);\n"
	      "                          smaller ones are merged, so nobody can be singled out\n"
	      "  --group-by COLUMN       group the summary by these columns (repeat, or\n"
	      "                          COLUMN,COLUMN); default: the department\n"
	      "  --group-label COLUMN=LABEL  show a grouping column under another name in\n"
	      "                          the summary (repeat for each column)\n"
	      "  --map FILE.yaml         which column answers which question, when the\n"
	      "                          headers are the survey's own wording\n"
	      "  --titles FILE.csv       the organisation's own job titles (columns title,soc),\n"
	      "                          before any matching; `career-risk titles` drafts it\n"
	      "  --min-confidence X      a job title matched less surely than X (0-1,\n"
	      "                          default 0.6) goes to the errors file for review\n"
	      "  --header-rows N         header rows before the data (default: 3 for a\n"
	      "                          Qualtrics export, 2 for SurveyMonkey, else 1)\n"
	      "  --encoding NAME         the export's encoding when not UTF-8 (cp1252,\n"
	      "                          latin1...; a Windows-1252 file is recognised)\n"
	      "  --suggest-map FILE      write a starting map for the export instead of\n"
	      "                          scoring it: each column's question, and the\n"
	      "                          values of choice columns to say the meaning of\n"
	      "  --questionnaire ID      the questions the export answers (default intake)\n"
	      "  --errors FILE           where bad rows go (default: beside the results,\n"
	      "                          NAME.errors.csv)\n"
	      "  --strict                stop at the first bad row (exit 3)\n"
	      "  --roster                the export is a roster (job titles, department...,\n"
	      "                          no answers): score each person on their\n"
	      "                          occupation's baseline; found by itself when a\n"
	      "                          title column is the only question answered\n"
	      "  --excel                 results CSV for Excel: UTF-8 BOM, the export's\n"
	      "                          separator, CRLF line ends\n"
	      "  --store [--cohort NAME] keep the results in the database as an intake cohort\n"
	      "  --jobs N                score on N threads (default 1); the outputs are the\n"
	      "                          same byte for byte whatever N\n"
	      "\n"
	      "Headers are question ids, as `career-risk questionnaire template intake\n"
	      "--format csv` writes them (a split such as tasks may come as one column per\n"
	      "part, tasks.analytic and so on), or question texts. A map file says the rest:\n"
	      "\n"
	      "  columns:\n"
	      "    \"Employee reference\": employee_id\n"
	      "    \"Week split: analysis (%)\": tasks.analytic\n"
	      "    \"Site\": group        # also a grouping column of the summary\n"
	      "    \"Timestamp\": ignore\n"
	      "\n"
	      "A cell takes what the prompt takes: a choice's id or label (a survey's own\n"
	      "labels and codes through the map's values:, never a bare number); several\n"
	      "choices separated by commas or semicolons, or a column per option (blank:\n"
	      "none ticked); numbers as people write them (\"3 years\", \"20-30%\", \"2,5\").\n"
	      "Rows whose Status is \"Survey Preview\" are left out. See docs/hr-intake.md.\n";

enum cr_status cmd_batch(cr_app *app, const cr_args *args)
{
	cr_batch_opts o = {.kb = app->kb, .min_group = CR_COHORT_DEFAULT_MIN, .progress = progress};
	const char *qid = "intake", *format = cr_args_get(args, CR_OPT_FORMAT), *map_path = cr_args_get(args, CR_OPT_MAP);
	const char *group_by[CR_INTAKE_MAX_GROUPS];
	size_t ngroup = 0;
	struct cr_batch_label labels[CR_INTAKE_MAX_GROUPS];
	char *labels_buf[CR_INTAKE_MAX_GROUPS] = {0};
	size_t nlabels = 0;
	char *groups_buf[CR_INTAKE_MAX_GROUPS] = {0};
	size_t nbuf = 0;
	bool store = cr_args_has(args, CR_OPT_STORE);
	char *errors_path = NULL;
	cr_intake_map *map = NULL;
	cr_crosswalk *xwalk = NULL;
	const char *titles_path = cr_args_get(args, CR_OPT_TITLES);
	cr_batch_stats stats = {0};
	enum cr_status st = CR_OK;
	if (cr_args_has(args, CR_OPT_QUESTIONNAIRE))
		qid = cr_args_get(args, CR_OPT_QUESTIONNAIRE);
	o.input = cr_args_get(args, CR_OPT_INPUT);
	o.output = cr_args_get(args, CR_OPT_OUTPUT);
	o.summary = cr_args_get(args, CR_OPT_SUMMARY);
	o.errors = cr_args_get(args, CR_OPT_ERRORS);
	o.strict = cr_args_has(args, CR_OPT_STRICT);
	o.roster = cr_args_has(args, CR_OPT_ROSTER);
	o.excel = cr_args_has(args, CR_OPT_EXCEL);
	o.cohort_name = cr_args_get(args, CR_OPT_COHORT);
	o.min_confidence = CR_TITLE_MIN_CONFIDENCE;
	const char *min_conf = cr_args_get(args, CR_OPT_MIN_CONFIDENCE);
	if (min_conf) {
		char *end;
		errno = 0;
		double v = strtod(min_conf, &end);
		if (errno || *end || end == min_conf || !(v >= 0 && v <= 1)) {
			st = cr_app_usage(app, CMD, "--min-confidence takes a number from 0 to 1 (got '%s')", min_conf);
			goto out;
		}
		o.min_confidence = v;
	}
	o.encoding = cr_args_get(args, CR_OPT_ENCODING);
	const char *header_rows = cr_args_get(args, CR_OPT_HEADER_ROWS);
	if (header_rows) {
		char *end;
		errno = 0;
		long v = strtol(header_rows, &end, 10);
		if (errno || *end || end == header_rows || v < 1 || v > CR_CSV_MAX_HEADER_ROWS) {
			st = cr_app_usage(app, CMD, "--header-rows takes 1 to %d (got '%s')", CR_CSV_MAX_HEADER_ROWS, header_rows);
			goto out;
		}
		o.header_rows = (size_t)v;
	}
	const char *min_group = cr_args_get(args, CR_OPT_MIN_GROUP);
	if (min_group) {
		char *end;
		errno = 0;
		long v = strtol(min_group, &end, 10);
		if (errno || *end || end == min_group || v < 2 || v > 1000000) {
			st = cr_app_usage(app, CMD, "--min-group takes a whole number of people from 2 up (got '%s')", min_group);
			goto out;
		}
		o.min_group = (int)v;
	}
	const char *jobs = cr_args_get(args, CR_OPT_JOBS);
	o.jobs = 1;
	if (jobs) {
		char *end;
		errno = 0;
		long v = strtol(jobs, &end, 10);
		if (errno || *end || end == jobs || v < 1 || v > CR_BATCH_MAX_JOBS) {
			st = cr_app_usage(app, CMD, "--jobs takes a number of threads from 1 to %d (got '%s')", CR_BATCH_MAX_JOBS,
					  jobs);
			goto out;
		}
		o.jobs = (int)v;
	}
	/* repeatable, and each may list several: --group-by site,grade; one more than the
	 * summary can group by is a usage error, never a column silently dropped */
	for (size_t i = 0; i < args->nall[CR_OPT_GROUP_BY]; i++) {
		if (nbuf == CR_INTAKE_MAX_GROUPS) {
			st = cr_app_usage(app, CMD, "at most %d grouping columns", CR_INTAKE_MAX_GROUPS);
			goto out;
		}
		char *copy = groups_buf[nbuf++] = cr_xstrdup(args->all[CR_OPT_GROUP_BY][i]), *save = NULL;
		for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			cr_str_trim(t);
			if (!*t)
				continue;
			if (ngroup == CR_INTAKE_MAX_GROUPS) {
				st = cr_app_usage(app, CMD, "at most %d grouping columns", CR_INTAKE_MAX_GROUPS);
				goto out;
			}
			group_by[ngroup++] = t;
		}
	}
	/* --group-label department=Department: the column as given, an '=', the name to show */
	for (size_t i = 0; i < args->nall[CR_OPT_GROUP_LABEL]; i++) {
		const char *arg = args->all[CR_OPT_GROUP_LABEL][i];
		if (nlabels == CR_INTAKE_MAX_GROUPS) {
			st = cr_app_usage(app, CMD, "at most %d group labels, one per grouping column", CR_INTAKE_MAX_GROUPS);
			goto out;
		}
		char *copy = labels_buf[nlabels] = cr_xstrdup(arg), *eq = strchr(copy, '=');
		if (eq)
			*eq = '\0';
		char *col = copy, *label = eq ? eq + 1 : NULL;
		if (eq) {
			cr_str_trim(col);
			cr_str_trim(label);
		}
		if (!eq || !*col || !*label) {
			st = cr_app_usage(app, CMD, "--group-label takes COLUMN=LABEL, e.g. --group-label dept=Department (got '%s')",
					  arg);
			goto out;
		}
		labels[nlabels++] = (struct cr_batch_label){col, label};
	}
	o.labels = labels;
	o.nlabels = nlabels;
	if (!o.input) {
		st = cr_app_usage(app, CMD, "give the survey export with --input FILE.csv (or - for standard input)");
		goto out;
	}
	const char *suggest = cr_args_get(args, CR_OPT_SUGGEST_MAP);
	if (suggest) {
		if (o.output || o.summary || store || map_path) {
			st = cr_app_usage(app, CMD, "--suggest-map writes a map instead of scoring: leave out --output, --summary, --store and --map");
			goto out;
		}
		cr_output_other others[1] = {{o.input, "the survey export (--input)"}};
		if ((st = cr_output_refuse_same(suggest, "--suggest-map", others, 1, &app->diags)))
			goto out;
		o.q = cr_kb_questionnaire(app->kb, qid);
		if (!o.q) {
			st = cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no questionnaire '%s'", qid);
			goto out;
		}
		static const char intro[] =
			"# A starting map for `career-risk batch --map`, written by --suggest-map from the export's headers.\n"
			"# Check each column's question (ignore: not used); under values:, say what each \"\" means\n"
			"# (a choice id, a number, or ignore). docs/hr-intake.md, \"Map files\", says the rest.\n";
		st = cr_batch_suggest_map(app->kb, o.q, o.input, o.header_rows, o.encoding, suggest, intro, &app->diags);
		if (!st && strcmp(suggest, "-"))
			fprintf(stderr, "career-risk: a starting map in %s; fill in its \"\" values, check it, then pass it with --map\n",
				suggest);
		goto out;
	}
	if (!o.output && !o.summary && !store) {
		st = cr_app_usage(app, CMD, "say where the results go: --output FILE.csv|FILE.jsonl, --summary FILE.md|FILE.html, or --store");
		goto out;
	}
	if (o.cohort_name && !store) {
		st = cr_app_usage(app, CMD, "--cohort names the cohort saved with --store; add --store");
		goto out;
	}
	/* The results format: --format, else the output's extension. */
	o.format = CR_BATCH_CSV;
	if (format) {
		if (!strcmp(format, "jsonl") || !strcmp(format, "ndjson"))
			o.format = CR_BATCH_JSONL;
		else if (strcmp(format, "csv") != 0) {
			st = cr_app_usage(app, CMD, "unknown format '%s' (csv or jsonl)", format);
			goto out;
		}
	} else if (o.output && (ends_with(o.output, ".jsonl") || ends_with(o.output, ".ndjson"))) {
		o.format = CR_BATCH_JSONL;
	} else if (o.output && strcmp(o.output, "-") != 0 && !ends_with(o.output, ".csv")) {
		st = cr_app_usage(app, CMD, "cannot tell the format of '%s': name it .csv or .jsonl, or pass --format csv|jsonl",
				  o.output);
		goto out;
	}
	if (o.excel && (o.format != CR_BATCH_CSV || !o.output)) {
		st = cr_app_usage(app, CMD, "--excel shapes a CSV results file: add --output FILE.csv");
		goto out;
	}
	if (o.summary) {
		if (ends_with(o.summary, ".html") || ends_with(o.summary, ".htm"))
			o.summary_format = CR_SUMMARY_HTML;
		else if (ends_with(o.summary, ".md") || ends_with(o.summary, ".markdown"))
			o.summary_format = CR_SUMMARY_MARKDOWN;
		else {
			st = cr_app_usage(app, CMD, "the summary is Markdown or HTML: name it .md or .html (got '%s')", o.summary);
			goto out;
		}
	}
	if (!o.errors) {
		const char *base = o.output && strcmp(o.output, "-") ? o.output
				   : strcmp(o.input, "-")          ? o.input
				   : o.summary                     ? o.summary
								   : "career-risk-batch";
		o.errors = errors_path = errors_beside(base);
	}
	/*
	 * Never write over the survey export, the map, the database or one output
	 * over another: compared as files (device and inode, or the resolved path
	 * of one not there yet), so `--output ./exp.csv` is caught as `exp.csv` is.
	 */
	{
		cr_output_other others[3 + CR_APP_DB_FILES + 3];
		char *own[CR_APP_DB_FILES];
		size_t n = 0;
		others[n++] = (cr_output_other){o.input, "the survey export (--input)"};
		others[n++] = (cr_output_other){map_path, "the column map (--map)"};
		others[n++] = (cr_output_other){titles_path, "the titles crosswalk (--titles)"};
		n += cr_app_db_files(app, others + n, own);
		const struct { const char *path, *opt, *what; } outs[] = {
			{o.output, "--output", "the results file (--output)"},
			{o.errors, "--errors", "the errors file (--errors)"},
			{o.summary, "--summary", "the summary (--summary)"}};
		for (size_t i = 0; i < CR_ARRAY_LEN(outs) && !st; i++) {
			st = cr_output_refuse_same(outs[i].path, outs[i].opt, others, n, &app->diags);
			others[n++] = (cr_output_other){outs[i].path, outs[i].what}; /* and not the next one's */
		}
		for (size_t i = 0; i < CR_APP_DB_FILES; i++)
			free(own[i]);
		if (st)
			goto out;
	}
	if (!strcmp(o.input, "-") && o.output && !strcmp(o.output, "-") && app->stdin_tty) {
		st = cr_app_usage(app, CMD, "--input - reads the export from standard input, which is a terminal here");
		goto out;
	}

	o.q = cr_kb_questionnaire(app->kb, qid);
	if (!o.q) {
		st = cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no questionnaire '%s'", qid);
		cr_diag_hint(&app->diags, "`career-risk questionnaire list` shows them");
		goto out;
	}
	if (map_path && (st = cr_intake_map_load(map_path, &map, &app->diags)))
		goto out;
	o.map = map;
	if (titles_path && (st = cr_crosswalk_load(titles_path, app->kb, &xwalk, &app->diags)))
		goto out;
	o.titles = xwalk;
	o.group_by = group_by;
	o.ngroup_by = ngroup;
	if (store) {
		/* a read-only database is refused before a row is read, not after the whole file */
		if ((st = cr_app_open_store(app)) || (st = cr_store_writable(app->store, &app->diags)))
			goto out;
		o.store = app->store;
	}

	progress_ctx pc = {.tty = isatty(STDERR_FILENO) == 1};
	o.progress_ctx = &pc;
	batch_cancel = 0;
	o.cancel = &batch_cancel;
	/* no SA_RESTART: a read waiting for the export returns EINTR and sees the flag */
	static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa = {.sa_handler = on_signal}, old[CR_ARRAY_LEN(stop_signals)];
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < CR_ARRAY_LEN(stop_signals); i++)
		sigaddset(&sa.sa_mask, stop_signals[i]);
	for (size_t i = 0; i < CR_ARRAY_LEN(stop_signals); i++)
		sigaction(stop_signals[i], &sa, &old[i]);
	st = cr_batch_run(&o, &stats, &app->diags);
	for (size_t i = 0; i < CR_ARRAY_LEN(stop_signals); i++)
		sigaction(stop_signals[i], &old[i], NULL);
	if (pc.shown)
		fprintf(stderr, "\r\033[K");

	if (stats.rows_read || st == CR_OK)
		fprintf(stderr, stats.roster ? "career-risk: roster mode: no survey answers, so each person is scored on their "
					       "occupation's baseline (basis 'occupation baseline', wider ranges)\n"
					     : "career-risk: survey mode: each person is scored on their answers\n");
	if (stats.stale_removed)
		fprintf(stderr, "career-risk: removed %d temporary file%s a stopped batch had left beside the outputs\n",
			stats.stale_removed, stats.stale_removed == 1 ? "" : "s");
	if (stats.nignored) {
		fprintf(stderr, "career-risk: columns not used: ");
		for (int i = 0; i < stats.nignored && i < (int)CR_ARRAY_LEN(stats.ignored); i++) {
			char *h = cr_vis(stats.ignored[i], CR_ECHO_MAX, 0); /* a header is data */
			fprintf(stderr, "%s'%s'", i ? ", " : "", h);
			free(h);
		}
		if (stats.nignored > (int)CR_ARRAY_LEN(stats.ignored))
			fprintf(stderr, " and %d more", stats.nignored - (int)CR_ARRAY_LEN(stats.ignored));
		fprintf(stderr, "\n");
	}
	if (st == CR_OK || (st == CR_EDATA && stats.rows_read && !o.strict)) {
		char a[32], b[32], e[32];
		cr_render_count(a, sizeof a, stats.rows_scored);
		cr_render_count(b, sizeof b, stats.rows_read);
		cr_render_count(e, sizeof e, stats.rows_bad);
		fprintf(stderr, "career-risk: scored %s of %s rows", a, b);
		if (stats.rows_bad)
			fprintf(stderr, "; %s could not be scored, listed in %s", e, o.errors);
		fprintf(stderr, "\n");
		for (int i = 0; i < stats.nshown; i++) {
			/* the header and the problem (which may quote a cell) are data: escaped */
			char *col = cr_vis(stats.shown[i].column, CR_ECHO_MAX, 0);
			char *problem = cr_vis(stats.shown[i].problem, CR_DIAG_MSG_MAX, 0);
			fprintf(stderr, "  record %lld (line %lld)%s%s%s: %s\n", stats.shown[i].record, stats.shown[i].line,
				*col ? ", column '" : "", col, *col ? "'" : "", problem);
			free(col);
			free(problem);
		}
		if (stats.problems > stats.nshown)
			fprintf(stderr, "  ... and more in %s\n", o.errors);
		if (st == CR_OK) {
			if (o.output && strcmp(o.output, "-"))
				fprintf(stderr, "career-risk: results in %s\n", o.output);
			if (o.summary)
				fprintf(stderr, "career-risk: cohort summary in %s (groups of at least %d people)\n", o.summary,
					o.min_group);
			if (stats.cohort_id)
				fprintf(stderr, "career-risk: stored as intake cohort %" PRId64 " in %s\n", stats.cohort_id,
					app->db_path);
		}
	}
out:
	cr_batch_stats_clear(&stats);
	cr_intake_map_free(map);
	cr_crosswalk_free(xwalk);
	free(errors_path);
	for (size_t i = 0; i < nbuf; i++)
		free(groups_buf[i]);
	for (size_t i = 0; i < CR_INTAKE_MAX_GROUPS; i++)
		free(labels_buf[i]);
	return st;
}
