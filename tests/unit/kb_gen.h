/*
 * kb_gen.h - random rules and random answers over a loaded knowledge base,
 * for the tests that compare the prepared plan (cr_assess_plan_*) with plain
 * evaluation (cr_assess): tests/unit/test_plan.c draws from a fixed-seed
 * generator, tests/fuzz/fuzz_plan.c from the fuzzer's bytes.
 *
 * Rules are written as YAML text naming the base's own facts, choices,
 * themes, recommendations and a source, so they load beside it with
 * cr_kb_load_files. Conditions mix what the plan treats differently: choice
 * and number guards (indexed), text and count guards (tested rule by rule),
 * `or` and `not` (no guard: the whole condition is evaluated).
 *
 * Header-only (static functions) so that both test programs build it with
 * their own flags; nothing here is part of career-risk.
 */
#ifndef CR_KB_GEN_H
#define CR_KB_GEN_H

#include <ftw.h> /* the includer defines _XOPEN_SOURCE 700 before any header */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "kb.h"
#include "util.h"

/* Each program uses some of these: unused ones are not an error. */
#define KBGEN_FN static __attribute__((unused))

/* ---- a knowledge folder, read into memory -------------------------------- */

static char **kbgen_paths;
static size_t kbgen_npaths, kbgen_cappaths;

KBGEN_FN int kbgen_collect(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	size_t n = strlen(path);
	if (type == FTW_F && n > 5 && strcmp(path + n - 5, ".yaml") == 0) {
		cr_xgrow((void **)&kbgen_paths, &kbgen_cappaths, kbgen_npaths, sizeof *kbgen_paths);
		kbgen_paths[kbgen_npaths++] = cr_xstrdup(path);
	}
	return 0;
}

KBGEN_FN int kbgen_path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Every .yaml file under dir, in the order cr_kb_load reads them, for
 * cr_kb_load_files; `extra` (a knowledge file's text, not copied) appended as
 * dir/rules/zz-generated.yaml when not NULL. NULL when dir cannot be read.
 * Free with kbgen_free_files().
 */
KBGEN_FN cr_kb_file *kbgen_read_dir(const char *dir, const char *extra, size_t *n)
{
	kbgen_npaths = 0;
	cr_kb_file *f = NULL;
	if (nftw(dir, kbgen_collect, 16, FTW_PHYS) != 0)
		goto out;
	qsort(kbgen_paths, kbgen_npaths, sizeof *kbgen_paths, kbgen_path_cmp);
	f = cr_xcalloc(kbgen_npaths + 2, sizeof *f);
	*n = 0;
	for (size_t i = 0; i < kbgen_npaths; i++) {
		char *text;
		size_t len;
		if (cr_file_read(kbgen_paths[i], 4u << 20, &text, &len) != 0) {
			free(kbgen_paths[i]);
			continue;
		}
		f[(*n)++] = (cr_kb_file){kbgen_paths[i], text, len};
	}
	if (extra)
		f[(*n)++] = (cr_kb_file){cr_xprintf("%s/rules/zz-generated.yaml", dir), extra, strlen(extra)};
out:
	free(kbgen_paths); /* the names now belong to f[] */
	kbgen_paths = NULL;
	kbgen_cappaths = 0;
	return f;
}

/* Frees what kbgen_read_dir returned; the last file's text too unless it was the caller's `extra`. */
KBGEN_FN void kbgen_free_files(cr_kb_file *f, size_t n, bool extra)
{
	for (size_t i = 0; f && i < n; i++) {
		free((char *)f[i].name);
		if (!(extra && i + 1 == n))
			free((char *)f[i].text);
	}
	free(f);
}

/* ---- rules and answers ------------------------------------------------------ */

/* Returns the next random number; the generator's state is ctx. */
typedef uint32_t (*kbgen_draw)(void *ctx);

/* Constants shared between rules, so number guards share thresholds (the plan's number index). */
static const double kbgen_numbers[] = {0, 1, 2, 3, 5, 10, 25, 40, 50, 60, 75, 100};

KBGEN_FN void kbgen_atom(const cr_kb *kb, kbgen_draw draw, void *ctx, cr_sb *b)
{
	static const char *const cmps[] = {"<", "<=", "==", "!=", ">=", ">"};
	const cr_factdef *f = &kb->schema.v[draw(ctx) % kb->schema.n];
	double num = kbgen_numbers[draw(ctx) % CR_ARRAY_LEN(kbgen_numbers)];
	switch (f->type) {
	case CR_F_NUM:
		cr_sb_addf(b, "%s %s %g", f->name, cmps[draw(ctx) % CR_ARRAY_LEN(cmps)], num);
		break;
	case CR_F_STR:
		if (!f->nchoices) {
			cr_sb_addf(b, "%s %s 'x%u'", f->name, draw(ctx) % 2 ? "==" : "!=", draw(ctx) % 3);
		} else if (draw(ctx) % 3 == 0) {
			cr_sb_addf(b, "%s in ['%s', '%s']", f->name, f->choices[draw(ctx) % f->nchoices],
				   f->choices[draw(ctx) % f->nchoices]);
		} else {
			cr_sb_addf(b, "%s %s '%s'", f->name, draw(ctx) % 4 ? "==" : "!=", f->choices[draw(ctx) % f->nchoices]);
		}
		break;
	case CR_F_SET:
		if (f->nchoices && draw(ctx) % 2)
			cr_sb_addf(b, "'%s' in %s", f->choices[draw(ctx) % f->nchoices], f->name);
		else
			cr_sb_addf(b, "count(%s) %s %u", f->name, cmps[draw(ctx) % CR_ARRAY_LEN(cmps)], draw(ctx) % 5);
		break;
	}
}

/* A condition: mostly a conjunction (guards), sometimes `or` or `not`, or guards and an `or`. */
KBGEN_FN void kbgen_condition(const cr_kb *kb, kbgen_draw draw, void *ctx, cr_sb *b)
{
	unsigned n = 1 + draw(ctx) % 3, form = draw(ctx) % 8;
	if (form == 0) {
		cr_sb_add(b, "true");
		return;
	}
	if (form == 1)
		cr_sb_add(b, "not (");
	for (unsigned i = 0; i < n; i++) {
		if (i)
			cr_sb_add(b, form == 2 ? " or " : " and ");
		kbgen_atom(kb, draw, ctx, b);
	}
	if (form == 1)
		cr_sb_add(b, ")");
	if (form == 3) { /* guards and one term that is not one: the plan evaluates only that term (rest_of) */
		cr_sb_add(b, " and (");
		kbgen_atom(kb, draw, ctx, b);
		cr_sb_add(b, " or ");
		kbgen_atom(kb, draw, ctx, b);
		cr_sb_add(b, ")");
	}
}

/*
 * A knowledge file of nrules rules (ids gen-0, gen-1...) over kb's schema.
 * Caller frees.
 */
KBGEN_FN char *kbgen_rules(const cr_kb *kb, size_t nrules, kbgen_draw draw, void *ctx)
{
	cr_sb b = {0};
	cr_sb_add(&b, "rules:\n");
	for (size_t i = 0; i < nrules; i++) {
		cr_sb_addf(&b, "  - id: gen-%zu\n    when: \"", i);
		kbgen_condition(kb, draw, ctx, &b);
		cr_sb_add(&b, "\"\n");
		unsigned s = draw(ctx) % 10;
		if (s == 0)
			cr_sb_add(&b, "    score: \"0.05 * routineness - 0.02 * ai_usage\"\n");
		else
			cr_sb_addf(&b, "    score: %d\n", (int)(s % 7) - 3);
		cr_sb_add(&b, "    reason: \"A generated rule.\"\n");
		if (kb->nrecs && draw(ctx) % 3 == 0)
			cr_sb_addf(&b, "    recommend: [%s]\n", kb->recs[draw(ctx) % kb->nrecs].id);
		if (kb->nthemes)
			cr_sb_addf(&b, "    theme: %s\n", kb->themes[draw(ctx) % kb->nthemes].id);
		cr_sb_addf(&b, "    sources: [%s]\n", kb->sources[0].id);
	}
	return cr_sb_take(&b);
}

/* Random answers to q, each question answered, skipped or left out; what does not parse stays out. */
KBGEN_FN cr_answers *kbgen_answers(const cr_kb *kb, const cr_questionnaire *q, kbgen_draw draw, void *ctx)
{
	cr_answers *as = cr_answers_new(q);
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		if (draw(ctx) % 6 == 0)
			continue;
		char text[256] = "";
		cr_answer a;
		char *err = NULL;
		enum cr_status st = CR_EDATA;
		switch (qq->type) {
		case CR_Q_CHOICE:
			snprintf(text, sizeof text, "%s", qq->choices[draw(ctx) % qq->nchoices].id);
			break;
		case CR_Q_MULTI:
			snprintf(text, sizeof text, "%s, %s", qq->choices[draw(ctx) % qq->nchoices].id,
				 qq->choices[draw(ctx) % qq->nchoices].id);
			break;
		case CR_Q_SCALE:
		case CR_Q_NUMBER:
			snprintf(text, sizeof text, "%g", qq->min + (double)(draw(ctx) % (unsigned)(qq->max - qq->min + 1)));
			break;
		case CR_Q_OCCUPATION:
			if (kb->noccupations)
				snprintf(text, sizeof text, "%s", kb->occupations[draw(ctx) % kb->noccupations].code);
			break;
		case CR_Q_TEXT:
			snprintf(text, sizeof text, "x%u", draw(ctx) % 3);
			break;
		case CR_Q_SPLIT: {
			double parts[CR_MAX_CHOICES] = {0};
			unsigned left = 100;
			for (size_t p = 0; p + 1 < qq->nchoices; p++) {
				unsigned v = draw(ctx) % (left + 1);
				parts[p] = v;
				left -= v;
			}
			parts[qq->nchoices - 1] = left;
			st = cr_answer_split(qq, parts, qq->nchoices, &a, &err);
			break;
		}
		default:
			break; /* a task list depends on the occupation: left out */
		}
		if (text[0])
			st = cr_answer_parse(kb, qq, text, &a, &err);
		if (st == CR_OK)
			cr_answers_set(as, i, &a);
		free(err);
	}
	return as;
}

/*
 * The parts of a result the plan must reproduce, as text, so two results
 * compare with one string comparison and a difference prints readably.
 * Caller frees.
 */
KBGEN_FN char *kbgen_describe(const cr_result *r)
{
	cr_sb b = {0};
	cr_sb_addf(&b, "score %d band %s range %d-%d raw %.17g dims %d/%d/%d/%d occ %s answered %d skipped %d warnings %u\n",
		   r->score, r->band, r->range_lo, r->range_hi, r->raw, r->routineness, r->ai_usage, r->specialization,
		   r->exposure, r->occ ? r->occ->code : "-", r->answered, r->skipped, r->warnings);
	for (size_t i = 0; i < r->nfired; i++)
		cr_sb_addf(&b, "rule %s %.17g %.17g %u\n", r->fired[i].rule->id, r->fired[i].nominal, r->fired[i].effect,
			   r->fired[i].limits);
	for (size_t i = 0; i < r->nadvice; i++)
		cr_sb_addf(&b, "advice %d %s %.17g %s\n", r->advice[i].priority, r->advice[i].rec->id, r->advice[i].weight,
			   r->advice[i].because->id);
	for (size_t i = 0; i < r->ntrans; i++)
		cr_sb_addf(&b, "role %s fit %d\n", r->trans[i].role->id, r->trans[i].fit);
	for (size_t i = 0; i < r->nflags; i++)
		cr_sb_addf(&b, "check %s\n", r->flags[i].id);
	for (size_t i = 0; i < r->nmissing; i++)
		cr_sb_addf(&b, "missing %s %d\n", r->missing[i].id, r->missing[i].width);
	cr_sb_addf(&b, "plan %d %d %d %d\n", r->plan[0], r->plan[1], r->plan[2], r->plan[3]);
	return cr_sb_take(&b);
}

#endif
