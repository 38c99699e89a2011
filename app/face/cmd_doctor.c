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

enum cr_status cmd_doctor(cr_app *app, const cr_args *a)
{
	const cr_format *fmt = cr_app_format(app, "doctor", cr_args_get(a, CR_OPT_FORMAT), CR_VIEW_DOCTOR);
	if (!fmt)
		return CR_EUSAGE;
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
	/* the store's checks as the renderer's rows (render never includes the store) */
	cr_doctor_row *rows = cr_xmalloc((checks.n ? checks.n : 1) * sizeof *rows);
	for (size_t i = 0; i < checks.n; i++)
		rows[i] = (cr_doctor_row){(int)checks.v[i].level, checks.v[i].what, checks.v[i].fix};
	cr_render_opts ro = cr_app_render_opts(app, NULL);
	st = fmt->doctor(stdout, &(cr_doctor_view){app->db_path, rows, checks.n, problems}, &ro);
	free(rows);
	cr_checks_free(&checks);
	if (st)
		return st;
	if (problems) {
		cr_diag_add(&app->diags, CR_ESTORE, app->db_path, 0, 0, "%zu problem%s found", problems, problems == 1 ? "" : "s");
		return CR_ESTORE;
	}
	return CR_OK;
}
