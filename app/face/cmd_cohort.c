/*
 * cmd_cohort.c - `career-risk cohort list|delete`: the intake cohorts that
 * `batch --store` keeps in the profile database.
 *
 * A cohort is done once its batch marked it so. Until then it is unfinished:
 * its batch is still writing it, or stopped (killed, the machine went down)
 * and left the whole chunks it had stored. The database records no owner, so
 * nothing here can tell the two apart; both commands say so.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../core/cohort.h"
#include "../core/json.h"
#include "../core/util.h"
#include "../render/render.h"
#include "app.h"

#define COHORT_HELP                                                                                  \
	"The intake cohorts `career-risk batch --store` keeps in the profile database:\n"              \
	"each batch's results (never the answers), under the cohort's id. A cohort is\n"              \
	"done once its batch finished; an unfinished one was left by a batch that\n"                  \
	"stopped before finishing (killed, or the machine went down), or belongs to a\n"             \
	"batch still running: the database cannot tell which.\n"
const char cr_cohort_help[] = COHORT_HELP;
const char cr_cohort_delete_help[] =
	COHORT_HELP "\nDeleting removes the cohorts and all their results in one transaction; freed\n"
		    "space is overwritten and the write-ahead log emptied. --unfinished takes every\n"
		    "unfinished cohort; delete them once no batch is running, or that batch fails.\n"
		    "On a terminal it asks first; elsewhere it needs --yes.\n";

const char cr_cohort_show_help[] =
	COHORT_HELP "\nShows a stored cohort's summary as the batch's --summary would: key findings,\n"
		    "the figures overall and by each grouping column, the band legend, the most\n"
		    "common recommendations and roles, with every group of fewer than --min-group\n"
		    "people (default 10) merged or left out. Per group, rows that could not be\n"
		    "scored are not stored, so only the cohort's total of them is shown.\n";
const char cr_cohort_compare_help[] =
	COHORT_HELP "\nCompares two stored cohorts, the first the earlier wave: overall and for each\n"
		    "group shown by name in either wave, people, mean score and the share in each\n"
		    "band, then and now, and the change. A group below --min-group (default 10) in\n"
		    "a wave is not shown for that wave and no change is given for it, so nothing\n"
		    "either summary kept back is revealed by the comparison.\n";

static const char *plural(long long n)
{
	return n == 1 ? "" : "s";
}

/* ---- cohort list --------------------------------------------------------------------- */

enum cr_status cmd_cohort_list(cr_app *app, const cr_args *a)
{
	const cr_format *fmt = cr_app_format(app, "cohort list", cr_args_get(a, CR_OPT_FORMAT), CR_VIEW_COHORTS);
	if (!fmt)
		return CR_EUSAGE;
	cr_stored_cohorts l = {0};
	enum cr_status st;
	if ((st = cr_store_cohort_list(app->store, &l, &app->diags)))
		return st;
	/* the store's rows as the renderer's (render never includes the store) */
	cr_cohort_entry *rows = cr_xmalloc((l.n ? l.n : 1) * sizeof *rows);
	for (size_t i = 0; i < l.n; i++) {
		const cr_stored_cohort *c = &l.v[i];
		rows[i] = (cr_cohort_entry){c->id, c->name, c->source, c->questionnaire, c->kb_version, c->started_at,
					  c->finished_at, c->done, c->rows_read, c->rows_scored, c->rows_bad, c->results};
	}
	cr_render_opts ro = cr_app_render_opts(app, NULL);
	st = fmt->cohorts(stdout, &(cr_cohorts_view){cr_store_path(app->store), rows, l.n}, &ro);
	free(rows);
	cr_stored_cohorts_free(&l);
	return st;
}

/* ---- cohort delete ------------------------------------------------------------------- */

/* "cohort 3 'Spring pulse': 2,871 results (unfinished)" */
static char *describe(const cr_stored_cohort *c)
{
	char n[32];
	cr_render_count(n, sizeof n, c->results);
	return cr_xprintf("cohort %" PRId64 " '%s': %s result%s%s", c->id, c->name, n, plural(c->results),
			  c->done ? "" : " (unfinished)");
}

static const cr_stored_cohort *find(const cr_stored_cohorts *l, int64_t id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].id == id)
			return &l->v[i];
	return NULL;
}

/* Parses the ids given, each a whole number from 1, into *ids (no repeats). */
static enum cr_status parse_ids(cr_app *app, int argc, char **argv, int64_t **ids, size_t *n)
{
	*ids = cr_xcalloc((size_t)argc + 1, sizeof **ids);
	*n = 0;
	for (int i = 0; i < argc; i++) {
		char *end = NULL;
		errno = 0;
		long long v = strtoll(argv[i], &end, 10);
		if (errno || end == argv[i] || *end || v < 1)
			return cr_app_usage(app, "cohort delete", "'%s' is not a cohort id (a whole number, as "
								  "`career-risk cohort list` shows)", argv[i]);
		bool seen = false;
		for (size_t k = 0; k < *n; k++)
			seen |= (*ids)[k] == v;
		if (!seen)
			(*ids)[(*n)++] = v;
	}
	return CR_OK;
}

enum cr_status cmd_cohort_delete(cr_app *app, const cr_args *a)
{
	bool yes = cr_args_has(a, CR_OPT_YES), unfinished = cr_args_has(a, CR_OPT_UNFINISHED);
	enum cr_status st;
	if (unfinished && a->argc)
		return cr_app_usage(app, "cohort delete", "give cohort ids or --unfinished, not both");
	if (!unfinished && !a->argc)
		return cr_app_usage(app, "cohort delete", "give the ids of the cohorts to delete "
							  "(`career-risk cohort list` shows them), or --unfinished");
	int64_t *ids = NULL;
	size_t n = 0;
	cr_stored_cohorts all = {0}, gone = {0};
	char *question = NULL, *undone = NULL, total[32];
	cr_sb list = {0};
	long long results = 0;
	bool any_unfinished = false;
	if ((st = parse_ids(app, a->argc, a->argv, &ids, &n)))
		goto out;
	if ((st = cr_store_cohort_list(app->store, &all, &app->diags)))
		goto out;

	/* What would go: checked before asking, and again in the delete's own transaction. */
	if (unfinished) {
		ids = cr_xrealloc(ids, (all.n + 1) * sizeof *ids);
		for (size_t i = 0; i < all.n; i++)
			if (!all.v[i].done)
				ids[n++] = all.v[i].id;
		if (!n) {
			printf("No unfinished intake cohorts: nothing to delete.\n");
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const cr_stored_cohort *c = find(&all, ids[i]);
		if (!c) {
			st = cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no intake cohort %" PRId64 "; nothing was deleted",
					 ids[i]);
			cr_diag_hint(&app->diags, "`career-risk cohort list` shows the stored cohorts and their ids");
			goto out;
		}
		results += c->results;
		any_unfinished |= !c->done;
		if (i < 10)
			cr_sb_addf(&list, "%s%" PRId64, i ? ", " : "", c->id);
	}
	if (n > 10)
		cr_sb_addf(&list, " and %zu more", n - 10);
	cr_render_count(total, sizeof total, results);
	if (n == 1)
		question = cr_xprintf("Delete this intake cohort and its %s result%s for good?", total, plural(results));
	else
		question = cr_xprintf("Delete these %zu intake cohorts and their %s result%s for good?", n, total,
				      plural(results));
	undone = cr_xprintf("deleting intake cohort%s %s (%s result%s)", plural((long long)n), list.s, total,
			    plural(results));
	if (!yes && app->stdin_tty) {
		for (size_t i = 0; i < n; i++) {
			char *line = describe(find(&all, ids[i]));
			printf("  %s\n", line);
			free(line);
		}
		if (any_unfinished)
			cr_wrap(stdout, "An unfinished cohort may belong to a batch still running, which would then fail.", 0,
				app->width);
		fflush(stdout);
	}
	st = cr_app_confirm(app, yes, question, undone);
	if (st == CR_EUSAGE && any_unfinished)
		cr_diag_hint(&app->diags, "an unfinished cohort may belong to a batch still running, which would then fail; "
					  "`career-risk cohort list` shows them");
	else if (st == CR_EUSAGE)
		cr_diag_hint(&app->diags, "`career-risk cohort list` shows what each holds");
	else if (st == CR_ECANCEL)
		printf("Nothing was deleted.\n");
	if (st)
		goto out;

	st = cr_store_cohort_delete(app->store, ids, n, unfinished, &gone, &app->diags);
	if (gone.n) {
		results = 0;
		for (size_t i = 0; i < gone.n; i++)
			results += gone.v[i].results;
		cr_render_count(total, sizeof total, results);
		if (gone.n == 1) {
			char *line = describe(&gone.v[0]);
			printf("Deleted intake %s.\n", line);
			free(line);
		} else {
			printf("Deleted %zu intake cohorts and their %s result%s:\n", gone.n, total, plural(results));
			for (size_t i = 0; i < gone.n; i++) {
				char *line = describe(&gone.v[i]);
				printf("  %s\n", line);
				free(line);
			}
		}
	}
	/* --unfinished: a cohort whose batch was still running, and finished in between, is kept */
	for (size_t i = 0; st == CR_OK && i < n; i++)
		if (!find(&gone, ids[i]))
			printf("Cohort %" PRId64 " finished meanwhile (its batch was still running) and was kept.\n", ids[i]);
	if (st == CR_OK && gone.n)
		printf("The freed space was overwritten and the write-ahead log emptied, so no copy is\n"
		       "left in %s or its -wal file. Copies made outside career-risk (results\n"
		       "files, summaries, backups) are not touched.\n",
		       cr_store_path(app->store));
	if (st == CR_OK && ferror(stdout))
		st = CR_EIO;
out:
	cr_sb_free(&list);
	free(question);
	free(undone);
	free(ids);
	cr_stored_cohorts_free(&all);
	cr_stored_cohorts_free(&gone);
	return st;
}

/* ---- cohort show and cohort compare -------------------------------------------------- */

/* A stored cohort counted again from its results, as its batch counted it. */
typedef struct loaded {
	const cr_kb *kb;
	cr_stored_cohorts list;  /* the cohort's entry */
	cr_cohort *cohort;       /* owned */
} loaded;

static void loaded_begin(void *ctx, const char *const *groups, size_t n)
{
	loaded *l = ctx;
	l->cohort = cr_cohort_new(l->kb, groups, n);
}

static void loaded_each(void *ctx, const cr_stored_result *r)
{
	loaded *l = ctx;
	cr_cohort_person p = {r->score, r->routineness, r->ai_usage, r->specialization, r->exposure,
			      r->band, r->recommendations, r->roles};
	cr_cohort_add_person(l->cohort, &p, r->values);
}

static enum cr_status parse_id(cr_app *app, const char *cmd, const char *arg, int64_t *id)
{
	/* set on failure too: the compiler cannot see that cr_app_usage never returns CR_OK, and a
	 * -O3 build warned that callers might read *id unset */
	*id = 0;
	char *end = NULL;
	errno = 0;
	long long v = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || v < 1)
		return cr_app_usage(app, cmd, "'%s' is not a cohort id (a whole number, as `career-risk cohort list` shows)", arg);
	*id = v;
	return CR_OK;
}

static enum cr_status parse_min(cr_app *app, const char *cmd, const cr_args *a, int *min)
{
	const char *s = cr_args_get(a, CR_OPT_MIN_GROUP);
	*min = CR_COHORT_DEFAULT_MIN;
	if (!s)
		return CR_OK;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 2 || v > 1000000)
		return cr_app_usage(app, cmd, "--min-group takes a whole number of people from 2 up (got '%s')", s);
	*min = (int)v;
	return CR_OK;
}

/* Reads cohort `id` into *l; an unfinished cohort is refused, since its figures would be partial. */
static enum cr_status load(cr_app *app, int64_t id, loaded *l)
{
	*l = (loaded){.kb = app->kb};
	cr_store_cohort_reader rd = {loaded_begin, loaded_each, l};
	enum cr_status st = cr_store_cohort_read(app->store, id, &l->list, &rd, &app->diags);
	if (st)
		return st;
	if (!l->cohort) /* no result stored: no grouping column known */
		l->cohort = cr_cohort_new(app->kb, NULL, 0);
	const cr_stored_cohort *c = &l->list.v[0];
	if (!c->done) {
		st = cr_diag_add(&app->diags, CR_EDATA, NULL, 0, 0,
				 "cohort %lld is unfinished: its batch is still running or stopped, so its figures would be partial",
				 (long long)id);
		cr_diag_hint(&app->diags, "`career-risk cohort list` shows which cohorts are done");
		return st;
	}
	/* the rows that could not be scored were not stored: their count is the batch's */
	if (c->rows_bad > 0)
		cr_cohort_add_unscored_n(l->cohort, (uint64_t)c->rows_bad);
	return CR_OK;
}

static void loaded_free(loaded *l)
{
	cr_cohort_free(l->cohort);
	cr_stored_cohorts_free(&l->list);
}

static cr_cohort_entry entry_of(const cr_stored_cohort *c)
{
	return (cr_cohort_entry){c->id, c->name, c->source, c->questionnaire, c->kb_version, c->started_at,
				 c->finished_at, c->done, c->rows_read, c->rows_scored, c->rows_bad, c->results};
}

enum cr_status cmd_cohort_show(cr_app *app, const cr_args *a)
{
	const cr_format *fmt = cr_app_format(app, "cohort show", cr_args_get(a, CR_OPT_FORMAT), CR_VIEW_COHORT);
	if (!fmt)
		return CR_EUSAGE;
	int64_t id;
	int min;
	enum cr_status st;
	if ((st = parse_id(app, "cohort show", a->argv[0], &id)) || (st = parse_min(app, "cohort show", a, &min)))
		return st;
	loaded l;
	if (!(st = load(app, id, &l))) {
		cr_cohort_view *v = cr_cohort_publish(l.cohort, min);
		cr_cohort_entry e = entry_of(&l.list.v[0]);
		cr_render_opts ro = cr_app_render_opts(app, NULL);
		st = fmt->cohort(stdout, &(cr_cohort_show_view){&e, v}, &ro);
		cr_cohort_view_free(v);
	}
	loaded_free(&l);
	return st;
}

enum cr_status cmd_cohort_compare(cr_app *app, const cr_args *a)
{
	const cr_format *fmt = cr_app_format(app, "cohort compare", cr_args_get(a, CR_OPT_FORMAT), CR_VIEW_COHORT_COMPARE);
	if (!fmt)
		return CR_EUSAGE;
	int64_t id[2];
	int min;
	enum cr_status st;
	if ((st = parse_id(app, "cohort compare", a->argv[0], &id[0])) ||
	    (st = parse_id(app, "cohort compare", a->argv[1], &id[1])) || (st = parse_min(app, "cohort compare", a, &min)))
		return st;
	if (id[0] == id[1])
		return cr_app_usage(app, "cohort compare", "give two different cohorts (the earlier wave first)");
	loaded l[2] = {0};
	if (!(st = load(app, id[0], &l[0])) && !(st = load(app, id[1], &l[1]))) {
		cr_cohort_view *v[2] = {cr_cohort_publish(l[0].cohort, min), cr_cohort_publish(l[1].cohort, min)};
		cr_cohort_diff *df = cr_cohort_diff_new(v[0], v[1]);
		cr_cohort_entry e[2] = {entry_of(&l[0].list.v[0]), entry_of(&l[1].list.v[0])};
		cr_render_opts ro = cr_app_render_opts(app, NULL);
		st = fmt->cohort_compare(stdout, &(cr_cohort_compare_view){{&e[0], &e[1]}, df}, &ro);
		cr_cohort_diff_free(df);
		cr_cohort_view_free(v[0]);
		cr_cohort_view_free(v[1]);
	}
	loaded_free(&l[0]);
	loaded_free(&l[1]);
	return st;
}
