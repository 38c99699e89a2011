/* catalogue.c - baselines of the whole catalogue and their percentiles (see catalogue.h). */
#include "catalogue.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "assess.h"
#include "util.h"

const cr_questionnaire *cr_baseline_questionnaire(const cr_kb *kb)
{
	const cr_questionnaire *q = cr_kb_questionnaire(kb, "standard");
	return q ? q : kb->nquestionnaires ? &kb->questionnaires[0] : NULL;
}

static int by_score(const void *a, const void *b)
{
	int x = **(const int *const *)a, y = **(const int *const *)b;
	return (x > y) - (x < y);
}

enum cr_status cr_catalogue_baselines(const cr_kb *kb, cr_occ_baseline **out, size_t *n, cr_diags *d)
{
	*out = NULL;
	*n = 0;
	if (kb->baselines) { /* kept by cr_catalogue_keep_baselines, or read from the snapshot */
		*out = cr_xcalloc(kb->noccupations + 1, sizeof **out);
		memcpy(*out, kb->baselines, kb->noccupations * sizeof **out);
		*n = kb->noccupations;
		return CR_OK;
	}
	const cr_questionnaire *q = cr_baseline_questionnaire(kb);
	if (!q)
		return cr_diag_add(d, CR_EDATA, kb->qdir, 0, 0, "no questionnaire to score the baselines in");
	size_t m = kb->noccupations;
	cr_occ_baseline *b = cr_xcalloc(m + 1, sizeof *b);
	/* one prepared plan for all of them: the same results as cr_assess, without 682 set-ups */
	cr_assess_plan *plan = cr_assess_plan_new(kb, q);
	cr_assess_plan_keep_advice(plan, 1); /* advice is not needed here, and ranking it costs most */
	for (size_t i = 0; i < m; i++) {
		cr_answers *as = cr_baseline_answers(kb, q, &kb->occupations[i]);
		const cr_result *r = cr_assess_plan_run(plan, as);
		b[i] = (cr_occ_baseline){.occ = &kb->occupations[i], .score = r->score, .range_lo = r->range_lo,
					 .range_hi = r->range_hi, .band = r->band, .routineness = r->routineness,
					 .ai_usage = r->ai_usage, .specialization = r->specialization,
					 .exposure = r->exposure};
		cr_answers_free(as);
	}
	cr_assess_plan_free(plan);

	/* percentile: sort pointers to the scores, then each run of equal scores shares its start */
	const int **order = cr_xcalloc(m + 1, sizeof *order);
	for (size_t i = 0; i < m; i++)
		order[i] = &b[i].score;
	qsort(order, m, sizeof *order, by_score);
	for (size_t i = 0; i < m;) {
		size_t j = i;
		while (j < m && *order[j] == *order[i])
			j++;
		for (size_t k = i; k < j; k++) {
			cr_occ_baseline *e = (cr_occ_baseline *)((const char *)order[k] - offsetof(cr_occ_baseline, score));
			e->percentile = (int)(i * 100 / m); /* i occupations score strictly lower */
		}
		i = j;
	}
	free(order);
	*out = b;
	*n = m;
	return CR_OK;
}

static int by_code(const void *key, const void *elem)
{
	return strcmp(key, ((const cr_occ_baseline *)elem)->occ->code);
}

const cr_occ_baseline *cr_catalogue_find(const cr_occ_baseline *b, size_t n, const cr_occupation *occ)
{
	return bsearch(occ->code, b, n, sizeof *b, by_code);
}

/* ---- rank correlation ----------------------------------------------------- */

typedef struct keyed {
	double v;
	size_t i;
} keyed;

static int by_key(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/* r[i] = the rank of v[i] (1-based), ties sharing the mean of their ranks. */
static void ranks(const double *v, double *r, size_t n)
{
	keyed *k = cr_xcalloc(n + 1, sizeof *k);
	for (size_t i = 0; i < n; i++)
		k[i] = (keyed){v[i], i};
	qsort(k, n, sizeof *k, by_key);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && k[j + 1].v == k[i].v)
			j++;
		for (size_t m = i; m <= j; m++)
			r[k[m].i] = (double)(i + j) / 2 + 1;
		i = j + 1;
	}
	free(k);
}

double cr_spearman(const double *a, const double *b, size_t n)
{
	if (n < 3)
		return NAN;
	double *ra = cr_xcalloc(n, sizeof *ra), *rb = cr_xcalloc(n, sizeof *rb);
	ranks(a, ra, n);
	ranks(b, rb, n);
	double ma = 0, mb = 0, cov = 0, va = 0, vb = 0;
	for (size_t i = 0; i < n; i++)
		ma += ra[i] / (double)n, mb += rb[i] / (double)n;
	for (size_t i = 0; i < n; i++) {
		cov += (ra[i] - ma) * (rb[i] - mb);
		va += (ra[i] - ma) * (ra[i] - ma);
		vb += (rb[i] - mb) * (rb[i] - mb);
	}
	free(ra);
	free(rb);
	return va > 0 && vb > 0 ? cov / sqrt(va * vb) : NAN;
}

void cr_catalogue_keep_baselines(cr_kb *kb)
{
	cr_occ_baseline *b;
	size_t n;
	cr_diags d = {0};
	if (kb->baselines || cr_catalogue_baselines(kb, &b, &n, &d) != CR_OK) {
		cr_diags_clear(&d);
		return;
	}
	cr_occ_baseline *kept = cr_arena_alloc(&kb->arena, (n + 1) * sizeof *kept);
	memcpy(kept, b, n * sizeof *kept);
	free(b);
	kb->baselines = kept;
}
