/*
 * render_questionnaire.c - the questionnaire views: the list, one
 * questionnaire with what each answer may be and why it is asked, and the
 * files to fill in: an answers file (YAML, every question as a comment
 * above its key) and the header row of an HR survey export (CSV).
 */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../io/csvio.h"
#include "format.h"

enum cr_status cr_render_questionnaires_text(FILE *out, const cr_kb *kb, const cr_render_opts *o)
{
	(void)o;
	for (size_t i = 0; i < kb->nquestionnaires; i++) {
		const cr_questionnaire *q = &kb->questionnaires[i];
		char *title = cr_vis(q->title, 0, 0); /* a knowledge-base text */
		fprintf(out, "%-10s %2zu questions, ~%d min  %s\n", q->id, q->nquestions, q->minutes, title);
		free(title);
	}
	return ferror(out) ? CR_EIO : CR_OK;
}

enum cr_status cr_render_questionnaire_text(FILE *out, const cr_questionnaire *q, const cr_render_opts *o)
{
	/* wrapped at the terminal's width (80 when not a terminal), every continuation under its text */
	int w = o->width >= 40 ? o->width : 80;
	char *line = cr_xprintf("%s: %s (%zu questions, about %d minutes)", q->id, q->title, q->nquestions, q->minutes);
	cr_wrap_prefixed(out, "", line, w);
	free(line);
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		fprintf(out, "\n%2zu. %s  [%s, %s%s]\n", i + 1, qq->id, cr_qtype_ids[qq->type], qq->optional ? "optional" : "required",
		       qq->ask_if_text ? ", conditional" : "");
		if (qq->ask_if_text)
			cr_wrap_prefixed(out, "    asked only if: ", qq->ask_if_text, w);
		cr_wrap(out, qq->text, 4, w);
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
			cr_wrap_prefixed(out, "    answer: ", line, w);
			free(line);
		}
		for (size_t j = 0; j < qq->nchoices; j++) {
			char prefix[64];
			snprintf(prefix, sizeof prefix, "      %-20s ", qq->choices[j].id);
			cr_wrap_prefixed(out, prefix, qq->choices[j].label, w);
		}
		cr_wrap_prefixed(out, "    why: ", qq->help, w);
	}
	return ferror(out) ? CR_EIO : CR_OK;
}


/* Writes text as YAML comment lines of at most `width` columns, each starting with `lead` and "# ". */
static void comment(FILE *out, const char *lead, const char *text, int width)
{
	char *start = cr_xprintf("%s# ", lead);
	cr_wrap_lead(out, start, start, text, width);
	free(start);
}

enum cr_status cr_render_template_yaml(FILE *out, const cr_questionnaire *q, const cr_render_opts *o)
{
	(void)o;
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
	return ferror(out) ? CR_EIO : CR_OK;
}

/* The header row of an HR survey export that `career-risk batch` reads without a map. */
enum cr_status cr_render_template_csv(FILE *out, const cr_questionnaire *q, const cr_render_opts *o)
{
	(void)o;
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
	return ferror(out) ? CR_EIO : CR_OK;
}
