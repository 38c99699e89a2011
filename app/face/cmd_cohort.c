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
