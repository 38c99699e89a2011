/*
 * cmd_doctor.c - `career-risk doctor [--db FILE] [--format text|json]`:
 * examine a profile database and say what to do about each finding.
 *
 * The database is only read (cr_store_check): a doctor that changed the file
 * it examines could destroy the evidence, or the data. Exit 0 when nothing
 * needs fixing, 4 when something does, 5 when an explicit --db names no file.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/json.h"
#include "../core/util.h"
#include "../render/render.h"
#include "app.h"

static const char *const level_label[] = {"ok", "note", "PROBLEM"};
static const char *const level_id[] = {"ok", "note", "problem"};

/* "  LABEL    text wrapped at the terminal's width, later lines indented" */
static void print_item(FILE *out, const char *label, const char *text, int width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m) {
		fprintf(out, "  %-8s %s\n", label, text);
		return;
	}
	cr_wrap(m, text, 11, width);
	fclose(m);
	/* the first line's indent makes room for the label */
	fprintf(out, "  %-8s %s", label, len > 11 ? buf + 11 : "\n");
	free(buf);
}

static enum cr_status print_json(const char *path, const cr_checks *c, size_t problems)
{
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
	char *text = cr_j_emit(d, root, false);
	fy_document_destroy(d);
	fputs(text, stdout);
	fputc('\n', stdout);
	free(text);
	return CR_OK;
}

enum cr_status cmd_doctor(cr_app *app, const cr_args *a)
{
	const char *format = cr_args_get(a, CR_OPT_FORMAT);
	bool json = format && strcmp(format, "json") == 0;
	if (format && !json && strcmp(format, "text") != 0)
		return cr_app_usage(app, "doctor", "unknown format '%s' (text or json)", format);
	if (!app->db_path)
		app->db_path = app->db_opt ? cr_xstrdup(app->db_opt) : cr_paths_db();

	cr_checks checks = {0};
	enum cr_status st = cr_store_check(app->db_path, &checks, &app->diags);
	cr_app_word_checks(&checks); /* the store names commands by reference */
	if (st == CR_ENOTFOUND) {
		if (app->db_opt) {
			cr_diag_add(&app->diags, CR_ENOTFOUND, app->db_path, 0, 0, "no such file");
			cr_diag_hint(&app->diags, "check the path given with --db");
			return CR_ENOTFOUND;
		}
		printf("No profile database yet at %s.\n"
		       "career-risk creates it, readable by you only, the first time it saves an assessment.\n",
		       app->db_path);
		return CR_OK;
	}
	if (st)
		return st;
	size_t problems = 0;
	for (size_t i = 0; i < checks.n; i++)
		problems += checks.v[i].level == CR_CHECK_PROBLEM;
	if (json) {
		print_json(app->db_path, &checks, problems);
	} else {
		printf("Checking %s\n", app->db_path);
		for (size_t i = 0; i < checks.n; i++) {
			print_item(stdout, level_label[checks.v[i].level], checks.v[i].what, app->width);
			if (checks.v[i].fix)
				print_item(stdout, "", checks.v[i].fix, app->width);
		}
		if (problems)
			printf("%zu problem%s to fix; until then career-risk may refuse this database.\n", problems,
			       problems == 1 ? "" : "s");
		else
			printf("The database is healthy.\n");
	}
	cr_checks_free(&checks);
	if (problems) {
		cr_diag_add(&app->diags, CR_ESTORE, app->db_path, 0, 0, "%zu problem%s found", problems, problems == 1 ? "" : "s");
		return CR_ESTORE;
	}
	return CR_OK;
}
