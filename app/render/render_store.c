/*
 * render_store.c - what the store says about itself: `doctor`'s checks and
 * `cohort list`'s cohorts, as text and JSON (see format.h). The face copies
 * the store's rows into the views, as render never includes the store.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/json.h"
#include "../core/util.h"
#include "format.h"

/* n with thousands separators ("1,234,567"); see render.h. */
void cr_render_count(char *buf, size_t size, long long n)
{
	char raw[32];
	snprintf(raw, sizeof raw, "%lld", n);
	size_t len = strlen(raw), o = 0;
	for (size_t i = 0; i < len && o + 2 < size; i++) {
		if (i && (len - i) % 3 == 0 && raw[i - 1] != '-')
			buf[o++] = ',';
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
}

/* ---- doctor ---- */

static const char *const level_label[] = {"ok", "note", "PROBLEM"};
static const char *const level_id[] = {"ok", "note", "problem"};

/* "  LABEL    text wrapped at the terminal's width, later lines under the text" */
static void print_item(FILE *out, const char *label, const char *text, int width)
{
	char lead[32];
	snprintf(lead, sizeof lead, "  %-8s ", label);
	cr_wrap_hang(out, lead, text, 11, width);
}

enum cr_status cr_render_doctor_json(FILE *out, const cr_doctor_view *c, const cr_render_opts *o)
{
	(void)o;
	const char *path = c->path;
	size_t problems = c->problems;
	struct fy_document *d = cr_j_doc();
	struct fy_node *root = cr_j_map(d), *list = cr_j_seq(d);
	cr_j_set(root, "database", cr_j_str(d, path));
	cr_j_set(root, "healthy", cr_j_bool(d, problems == 0));
	cr_j_set(root, "problems", cr_j_int(d, (long long)problems));
	for (size_t i = 0; i < c->n; i++) {
		struct fy_node *item = cr_j_map(d);
		cr_j_set(item, "level", cr_j_str(d, level_id[c->v[i].level]));
		cr_j_set(item, "finding", cr_j_str(d, c->v[i].what));
		cr_j_set(item, "fix", cr_j_str(d, c->v[i].fix));
		cr_j_push(list, item);
	}
	cr_j_set(root, "checks", list);
	return cr_render_json_doc(out, d, root);
}

enum cr_status cr_render_doctor_text(FILE *out, const cr_doctor_view *v, const cr_render_opts *o)
{
	fprintf(out, "Checking %s\n", v->path);
	for (size_t i = 0; i < v->n; i++) {
		print_item(out, level_label[v->v[i].level], v->v[i].what, o->width);
		if (v->v[i].fix)
			print_item(out, "", v->v[i].fix, o->width);
	}
	if (v->problems)
		fprintf(out, "%zu problem%s to fix; until then career-risk may refuse this database.\n", v->problems,
			v->problems == 1 ? "" : "s");
	else
		fprintf(out, "The database is healthy.\n");
	return ferror(out) ? CR_EIO : CR_OK;
}

/* ---- cohort list ---- */

/* What an unfinished cohort is, in one sentence (text and JSON). */
#define UNFINISHED_NOTE                                                                                     \
	"its batch stopped before finishing (killed, or the machine went down) or is still running: "      \
	"the database cannot tell which"

static const char *plural(long long n)
{
	return n == 1 ? "" : "s";
}

static void print_cohort(FILE *out, const cr_cohort_entry *c, int width)
{
	char results[32];
	cr_render_count(results, sizeof results, c->results);
	/* the name is a file name or --name: data, escaped (a newline in it shown, not obeyed) and as long
	 * as anyone made it, so wrapped */
	char *name = cr_vis(c->name, 0, 0);
	char *line = cr_xprintf("Cohort %lld  '%s'  %s", c->id, name, c->done ? "done" : "UNFINISHED");
	free(name);
	cr_wrap_hang(out, "", line, 2, width);
	free(line);
	line = cr_xprintf("source %s, questionnaire %s, knowledge base %s", c->source ? c->source : "standard input",
				c->questionnaire, c->kb_version);
	cr_wrap(out, line, 2, width);
	free(line);
	if (c->done) {
		fprintf(out, "  started %s, finished %s\n", c->started_at, c->finished_at ? c->finished_at : "?");
		char read[32], scored[32], bad[32];
		cr_render_count(read, sizeof read, c->rows_read);
		cr_render_count(scored, sizeof scored, c->rows_scored);
		cr_render_count(bad, sizeof bad, c->rows_bad);
		if (c->results == c->rows_scored)
			line = cr_xprintf("%s row%s read: %s scored and stored, %s could not be scored", read,
					  plural(c->rows_read), scored, bad);
		else
			line = cr_xprintf("%s row%s read: %s scored (%s stored), %s could not be scored", read,
					  plural(c->rows_read), scored, results, bad);
	} else {
		fprintf(out, "  started %s, not finished\n", c->started_at);
		line = cr_xprintf("%s. %s result%s stored; rows read, scored and bad were not counted.", UNFINISHED_NOTE,
				  results, plural(c->results));
	}
	cr_wrap(out, line, 2, width);
	free(line);
}

enum cr_status cr_render_cohorts_text(FILE *out, const cr_cohorts_view *l, const cr_render_opts *o)
{
	if (!l->n) {
		fprintf(out, "No intake cohorts stored in %s.\n"
		       "`career-risk batch --input FILE.csv --store` stores one.\n",
		       l->database);
		return ferror(out) ? CR_EIO : CR_OK;
	}
	size_t unfinished = 0;
	fprintf(out, "Intake cohorts in %s\n", l->database);
	for (size_t i = 0; i < l->n; i++) {
		fprintf(out, "\n");
		print_cohort(out, &l->v[i], o->width);
		unfinished += !l->v[i].done;
	}
	fprintf(out, "\n");
	char *line;
	if (unfinished)
		line = cr_xprintf("%zu cohort%s, %zu unfinished. Once no batch is running, `career-risk cohort delete "
				  "--unfinished` removes %s; `career-risk cohort delete ID` removes any one.",
				  l->n, plural((long long)l->n), unfinished, unfinished == 1 ? "it" : "them");
	else
		line = cr_xprintf("%zu cohort%s, all done. `career-risk cohort delete ID` removes one.", l->n,
				  plural((long long)l->n));
	cr_wrap(out, line, 0, o->width);
	free(line);
	return ferror(out) ? CR_EIO : CR_OK;
}

/* A count, or null when the batch did not finish (-1). */
static struct fy_node *count_or_null(struct fy_document *d, long long n)
{
	return n < 0 ? cr_j_null(d) : cr_j_int(d, n);
}

enum cr_status cr_render_cohorts_json(FILE *out, const cr_cohorts_view *l, const cr_render_opts *o)
{
	(void)o;
	struct fy_document *d = cr_j_doc();
	struct fy_node *root = cr_j_map(d), *list = cr_j_seq(d);
	size_t unfinished = 0;
	cr_j_set(root, "database", cr_j_str(d, l->database));
	for (size_t i = 0; i < l->n; i++) {
		const cr_cohort_entry *c = &l->v[i];
		struct fy_node *m = cr_j_map(d);
		cr_j_set(m, "id", cr_j_int(d, (long long)c->id));
		cr_j_set(m, "name", cr_j_str(d, c->name));
		cr_j_set(m, "source", cr_j_str(d, c->source));
		cr_j_set(m, "questionnaire", cr_j_str(d, c->questionnaire));
		cr_j_set(m, "kb_version", cr_j_str(d, c->kb_version));
		cr_j_set(m, "status", cr_j_str(d, c->done ? "done" : "unfinished"));
		cr_j_set(m, "started_at", cr_j_str(d, c->started_at));
		cr_j_set(m, "finished_at", cr_j_str(d, c->finished_at));
		cr_j_set(m, "rows_read", count_or_null(d, c->rows_read));
		cr_j_set(m, "rows_scored", count_or_null(d, c->rows_scored));
		cr_j_set(m, "rows_bad", count_or_null(d, c->rows_bad));
		cr_j_set(m, "results_stored", cr_j_int(d, (long long)c->results));
		cr_j_set(m, "note", cr_j_str(d, c->done ? NULL : UNFINISHED_NOTE));
		cr_j_push(list, m);
		unfinished += !c->done;
	}
	cr_j_set(root, "cohorts", list);
	cr_j_set(root, "unfinished", cr_j_int(d, (long long)unfinished));
	return cr_render_json_doc(out, d, root);
}

