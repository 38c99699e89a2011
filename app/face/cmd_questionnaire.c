/* cmd_questionnaire.c - `career-risk questionnaire list|show|template`. */
#include <stdlib.h>
#include <string.h>

#include "../io/csvio.h"
#include "../core/kb.h"
#include "../core/util.h"
#include "../render/render.h"
#include "app.h"

enum cr_status cmd_questionnaire_list(cr_app *app, const cr_args *a)
{
	(void)a; /* no options or arguments of its own */
	for (size_t i = 0; i < app->kb->nquestionnaires; i++) {
		const cr_questionnaire *q = &app->kb->questionnaires[i];
		char *title = cr_vis(q->title, 0, 0); /* a knowledge-base text */
		printf("%-10s %2zu questions, ~%d min  %s\n", q->id, q->nquestions, q->minutes, title);
		free(title);
	}
	return CR_OK;
}

enum cr_status cmd_questionnaire_show(cr_app *app, const cr_args *a)
{
	const cr_questionnaire *q = cr_kb_questionnaire(app->kb, a->argv[0]);
	if (!q) {
		cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no questionnaire '%s'", a->argv[0]);
		cr_diag_hint(&app->diags, "`career-risk questionnaire list` shows them");
		return CR_ENOTFOUND;
	}
	/* wrapped at the terminal's width (80 when not a terminal), every continuation under its text */
	int w = app->width >= 40 ? app->width : 80;
	char *line = cr_xprintf("%s: %s (%zu questions, about %d minutes)", q->id, q->title, q->nquestions, q->minutes);
	cr_wrap_prefixed(stdout, "", line, w);
	free(line);
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		printf("\n%2zu. %s  [%s, %s%s]\n", i + 1, qq->id, cr_qtype_ids[qq->type], qq->optional ? "optional" : "required",
		       qq->ask_if_text ? ", conditional" : "");
		if (qq->ask_if_text)
			cr_wrap_prefixed(stdout, "    asked only if: ", qq->ask_if_text, w);
		cr_wrap(stdout, qq->text, 4, w);
		/* what an answer may be, where the type alone does not say */
		line = NULL;
		if (qq->type == CR_Q_SCALE)
			line = cr_xprintf("a whole number from %g (%s) to %g (%s)", qq->min, qq->low ? qq->low : "lowest", qq->max,
					  qq->high ? qq->high : "highest");
		else if (qq->type == CR_Q_NUMBER)
			line = cr_xprintf("a number from %g to %g%s%s", qq->min, qq->max, qq->unit ? " " : "",
					  qq->unit ? qq->unit : "");
		else if (qq->type == CR_Q_SPLIT)
			line = cr_xstrdup("a percentage for each part, adding up to 100");
		else if (qq->type == CR_Q_MULTI)
			line = cr_xstrdup("any of the choices");
		else if (qq->type == CR_Q_TEXT)
			line = cr_xprintf("text, at most %zu characters", qq->max_length);
		else if (qq->type == CR_Q_TASKS)
			line = cr_xstrdup("each of the occupation's main tasks: none, a little, a lot or most");
		if (line) {
			cr_wrap_prefixed(stdout, "    answer: ", line, w);
			free(line);
		}
		for (size_t j = 0; j < qq->nchoices; j++) {
			char prefix[64];
			snprintf(prefix, sizeof prefix, "      %-20s ", qq->choices[j].id);
			cr_wrap_prefixed(stdout, prefix, qq->choices[j].label, w);
		}
		cr_wrap_prefixed(stdout, "    why: ", qq->help, w);
	}
	return ferror(stdout) ? CR_EIO : CR_OK;
}

/* ---- template -------------------------------------------------------------------- */

/* Writes text as YAML comment lines of at most `width` columns, each starting with `lead` and "# ". */
static void comment(FILE *out, const char *lead, const char *text, int width)
{
	char *start = cr_xprintf("%s# ", lead);
	cr_wrap_lead(out, start, start, text, width);
	free(start);
}

static void template_yaml(FILE *out, const cr_kb *kb, const cr_questionnaire *q)
{
	(void)kb;
	char *title = cr_vis(q->title, 0, 0); /* a line break in it would end the comment */
	fprintf(out, "# Answers to the questionnaire '%s': %s\n", q->id, title);
	free(title);
	fprintf(out, "# Write each answer after its colon, then run\n"
		     "#   career-risk assess --questionnaire %s --answers THIS-FILE\n"
		     "# A choice is its id (or its label); a list is [id, id]; a split gives a percentage\n"
		     "# to each part, adding up to 100. Optional questions may stay empty.\n",
		q->id);
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		fprintf(out, "\n");
		comment(out, "", qq->text, 78);
		cr_sb how = {0};
		switch (qq->type) {
		case CR_Q_CHOICE: cr_sb_add(&how, "one of the choices below"); break;
		case CR_Q_MULTI: cr_sb_add(&how, "a list of any of the choices below, e.g. [a, b]; [] for none"); break;
		case CR_Q_SCALE:
			cr_sb_addf(&how, "a whole number from %g (%s) to %g (%s)", qq->min, qq->low ? qq->low : "lowest", qq->max,
				   qq->high ? qq->high : "highest");
			break;
		case CR_Q_NUMBER:
			cr_sb_addf(&how, "a number from %g to %g%s%s", qq->min, qq->max, qq->unit ? " " : "", qq->unit ? qq->unit : "");
			break;
		case CR_Q_SPLIT: cr_sb_add(&how, "a percentage for each part, adding up to 100"); break;
		case CR_Q_OCCUPATION: cr_sb_add(&how, "a job title or a SOC code, in quotes (e.g. \"43-9021\")"); break;
		case CR_Q_TEXT: cr_sb_addf(&how, "text, at most %zu characters", qq->max_length); break;
		case CR_Q_TASKS:
			cr_sb_add(&how, "a mapping of O*NET task id (your occupation's, `career-risk occupation show`) "
					"to none, a little, a lot or most, e.g. {\"9230\": a lot}");
			break;
		}
		cr_sb_addf(&how, "; %s", qq->optional ? "optional" : "required");
		if (qq->ask_if_text)
			cr_sb_addf(&how, ", only when %s", qq->ask_if_text);
		comment(out, "", how.s, 78);
		cr_sb_free(&how);
		if (qq->type == CR_Q_CHOICE || qq->type == CR_Q_MULTI) {
			for (size_t j = 0; j < qq->nchoices; j++) {
				char *line = cr_xprintf("  %-20s %s", qq->choices[j].id, qq->choices[j].label);
				comment(out, "", line, 78);
				free(line);
			}
		}
		if (qq->type == CR_Q_SPLIT) {
			fprintf(out, "%s:\n", qq->id);
			for (size_t j = 0; j < qq->nchoices; j++) {
				comment(out, "  ", qq->choices[j].label, 78);
				fprintf(out, "  %s:\n", qq->choices[j].id);
			}
		} else {
			fprintf(out, "%s:\n", qq->id);
		}
	}
}

/* The header row of an HR survey export that `career-risk batch` reads without a map. */
static void template_csv(FILE *out, const cr_questionnaire *q)
{
	cr_sb line = {0};
	bool first = true;
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		if (qq->type != CR_Q_SPLIT) {
			cr_csv_add(&line, qq->id, first);
			first = false;
			continue;
		}
		for (size_t j = 0; j < qq->nchoices; j++) {
			char *name = cr_xprintf("%s.%s", qq->id, qq->choices[j].id);
			cr_csv_add(&line, name, first);
			first = false;
			free(name);
		}
	}
	cr_sb_add(&line, "\r\n"); /* CSV's own line end (RFC 4180); survey tools and spreadsheets expect it */
	fwrite(line.s, 1, line.len, out);
	cr_sb_free(&line);
}

enum cr_status cmd_questionnaire_template(cr_app *app, const cr_args *a)
{
	const char *fmt = cr_args_has(a, CR_OPT_FORMAT) ? cr_args_get(a, CR_OPT_FORMAT) : "yaml";
	if (strcmp(fmt, "yaml") != 0 && strcmp(fmt, "csv") != 0)
		return cr_app_usage(app, "questionnaire template", "unknown format '%s' (yaml or csv)", fmt);
	const cr_questionnaire *q = cr_kb_questionnaire(app->kb, a->argv[0]);
	if (!q) {
		cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no questionnaire '%s'", a->argv[0]);
		cr_diag_hint(&app->diags, "`career-risk questionnaire list` shows them");
		return CR_ENOTFOUND;
	}
	if (strcmp(fmt, "csv") == 0)
		template_csv(stdout, q);
	else
		template_yaml(stdout, app->kb, q);
	return ferror(stdout) ? CR_EIO : CR_OK;
}
