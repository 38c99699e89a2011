/* cmd_questionnaire.c - `career-risk questionnaire list|show`. */
#include <string.h>

#include "../core/kb.h"
#include "../render/render.h"
#include "app.h"

static enum cr_status no_options(cr_app *app, int argc, char **argv, const char *name)
{
	static const struct option opts[] = {CR_GLOBAL_LONGOPTS, {0, 0, 0, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cr_app_global_opt(app, c, optarg))
			continue;
		if (c == 'h') {
			cr_app_help(stdout, name);
			return CR_ECANCEL; /* help shown: nothing more to do */
		}
		return cr_app_usage(app, name, "unknown option '%s'", argv[optind - 1]);
	}
	return CR_OK;
}

enum cr_status cmd_questionnaire_list(cr_app *app, int argc, char **argv)
{
	enum cr_status st = no_options(app, argc, argv, "questionnaire list");
	if (st)
		return st == CR_ECANCEL ? CR_OK : st;
	for (size_t i = 0; i < app->kb->nquestionnaires; i++) {
		const cr_questionnaire *q = &app->kb->questionnaires[i];
		printf("%-10s %2zu questions, ~%d min  %s\n", q->id, q->nquestions, q->minutes, q->title);
	}
	return CR_OK;
}

enum cr_status cmd_questionnaire_show(cr_app *app, int argc, char **argv)
{
	enum cr_status st = no_options(app, argc, argv, "questionnaire show");
	if (st)
		return st == CR_ECANCEL ? CR_OK : st;
	if (optind >= argc)
		return cr_app_usage(app, "questionnaire show", "give a questionnaire id (`questionnaire list` shows them)");
	const cr_questionnaire *q = cr_kb_questionnaire(app->kb, argv[optind]);
	if (!q) {
		cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no questionnaire '%s'", argv[optind]);
		cr_diag_hint(&app->diags, "`career-risk questionnaire list` shows them");
		return CR_ENOTFOUND;
	}
	printf("%s: %s (%zu questions, about %d minutes)\n", q->id, q->title, q->nquestions, q->minutes);
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		printf("\n%2zu. %s  [%s, %s%s]\n", i + 1, qq->id, cr_qtype_ids[qq->type], qq->optional ? "optional" : "required",
		       qq->ask_if_text ? ", conditional" : "");
		if (qq->ask_if_text)
			printf("    asked only if: %s\n", qq->ask_if_text);
		cr_wrap(stdout, qq->text, 4, app->width);
		for (size_t j = 0; j < qq->nchoices; j++)
			printf("      %-20s %s\n", qq->choices[j].id, qq->choices[j].label);
		printf("    why: ");
		cr_wrap(stdout, qq->help, 0, app->width - 9);
	}
	return ferror(stdout) ? CR_EIO : CR_OK;
}
