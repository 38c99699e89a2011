/*
 * catalogue.h - the baseline of every occupation in the catalogue and where it
 * ranks: what `occupation list` prints, `occupation show` quotes and the
 * validation table correlates with published indices.
 *
 * The baseline is the assessment of a typical worker (cr_baseline_answers:
 * the occupation and its typical week, nothing else) by the same engine as
 * `career-risk assess`, in the questionnaire cr_baseline_questionnaire() names.
 *
 * Ownership: cr_catalogue_baselines() returns an array the caller frees with
 * free(); its entries point into the knowledge base and must not outlive it.
 */
#ifndef CR_CATALOGUE_H
#define CR_CATALOGUE_H

#include "diag.h"
#include "kb.h"

typedef struct cr_occ_baseline {
	const cr_occupation *occ;
	int score, range_lo, range_hi;
	const char *band; /* kb string */
	int routineness, ai_usage, specialization;
	int exposure;     /* -1 when the model does not compute it */
	/*
	 * Where it ranks: the percentage of all catalogue occupations whose
	 * baseline score is strictly lower, rounded down (so "more exposed than
	 * N%" is never overstated). Occupations with the same score share it;
	 * the lowest-scoring ones have 0.
	 */
	int percentile;
} cr_occ_baseline;

/* The questionnaire baselines are scored in: "standard", or the first loaded. */
const cr_questionnaire *cr_baseline_questionnaire(const cr_kb *kb);

/*
 * The baseline of every occupation, in catalogue (code) order, with its
 * percentile. *out has *n = kb->noccupations entries; caller frees *out.
 * Fails only when the knowledge base has no questionnaire.
 */
enum cr_status cr_catalogue_baselines(const cr_kb *kb, cr_occ_baseline **out, size_t *n, cr_diags *d);

/*
 * Computes the baselines once into kb's arena (kb->baselines), for the
 * compiled snapshot to keep; later cr_catalogue_baselines() calls copy them.
 * Nothing is kept when they cannot be computed (no questionnaire).
 */
void cr_catalogue_keep_baselines(cr_kb *kb);

/* The entry for occ in a cr_catalogue_baselines() array (binary search by code), or NULL. */
const cr_occ_baseline *cr_catalogue_find(const cr_occ_baseline *b, size_t n, const cr_occupation *occ);

/*
 * Spearman's rank correlation of a[i] and b[i], i < n: the Pearson correlation
 * of their ranks, ties sharing their mean rank. NaN when n < 3 or either side
 * is constant. For validating baselines against published indices.
 */
double cr_spearman(const double *a, const double *b, size_t n);

#endif
