/*
 * cohort.h - a workforce's results in aggregate, and the part that is safe to show.
 *
 * cr_cohort_add() folds each scored person into fixed-size counters (a
 * 0-100 score histogram, band counts, dimension sums) overall and for each
 * value of each grouping column, and counts their first recommendations and
 * the growing roles within their reach. Memory depends on the number of
 * distinct group values (bounded by CR_COHORT_MAX_VALUES per column), never
 * on the number of people.
 *
 * cr_cohort_publish() decides what a report may show so that no individual
 * can be singled out: every group shown has at least `min_group` people.
 * Smaller groups are merged into one "other groups" row; when that merged row
 * would itself be smaller than the minimum, the next smallest groups join it
 * until it is not, so that no suppressed group can be recovered by subtracting
 * the groups shown from the total (complementary suppression). When the whole
 * cohort is below the minimum nothing but that fact is shown. Recommendation
 * and role counts below the minimum are left out too.
 *
 * Ownership: a cr_cohort owns its group names; a view points into the cohort
 * and into the knowledge base and must not outlive either.
 */
#ifndef CR_COHORT_H
#define CR_COHORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "assess.h"
#include "kb.h"

#define CR_COHORT_MAX_VALUES 2000 /* distinct values of one grouping column counted apart */
#define CR_COHORT_MAX_BANDS 8
#define CR_COHORT_MAX_NAME 120    /* bytes of a group value kept (longer ones are cut at a character) */
#define CR_COHORT_FIRST_RECS 3    /* recommendations counted per person: their first three */
#define CR_COHORT_DEFAULT_MIN 10

typedef struct cr_cohort_stats {
	uint64_t n;
	uint64_t sum_score;
	uint64_t sum_dims[4];                 /* routineness, AI usage, specialisation, exposure */
	uint64_t n_exposure;                  /* people with an exposure (a base without task data gives none) */
	/* beside the counts above, which every person adds to too: one line fewer a person than after hist */
	uint64_t bands[CR_COHORT_MAX_BANDS];  /* people per band, in the knowledge base's band order */
	uint32_t hist[101];                   /* people per score */
	uint64_t unscored;                    /* rows that responded but could not be scored (not in n) */
} cr_cohort_stats;

double cr_cohort_mean(const cr_cohort_stats *s);
/* Mean of dimension dim (0-3, as sum_dims); -1 for exposure (3) when nobody has one. */
double cr_cohort_dim_mean(const cr_cohort_stats *s, int dim);
/* The score at or below which a share p (0-1) of the people fall (p = 0.5: the median). */
int cr_cohort_percentile(const cr_cohort_stats *s, double p);

typedef struct cr_cohort cr_cohort;

/* A cohort grouped by the named columns (ndims at most 8). */
cr_cohort *cr_cohort_new(const cr_kb *kb, const char *const *dims, size_t ndims);
void cr_cohort_free(cr_cohort *c);
/* Adds one scored person; values[i] is their value in grouping column i (NULL or blank: not given). */
void cr_cohort_add(cr_cohort *c, const cr_result *r, const char *const *values);
/* Counts one row that responded but could not be scored, in each of its groups (values as above). */
void cr_cohort_add_unscored(cr_cohort *c, const char *const *values);
/* Counts n rows that could not be scored and whose groups are not known (a stored cohort keeps only the count). */
void cr_cohort_add_unscored_n(cr_cohort *c, uint64_t n);
/*
 * Adds everything counted in `from` (a cohort of the same knowledge base and grouping columns)
 * into `into`, as if from's people had been added to it one by one after its own: groups new to
 * into are appended in from's order of first appearance, under from's names. Exact when from has
 * no overflow group (fewer than CR_COHORT_MAX_VALUES values per column): the batch counts each
 * chunk of rows into a cohort of its own in a worker and merges the chunks in input order.
 */
void cr_cohort_merge(cr_cohort *into, const cr_cohort *from);
/* Empties a cohort's counts and groups, keeping its columns, labels and buffers (to count again). */
void cr_cohort_reset(cr_cohort *c);
uint64_t cr_cohort_size(const cr_cohort *c);
/* The name grouping column i is shown under (a copy is kept; NULL or blank: its own name). */
void cr_cohort_set_label(cr_cohort *c, size_t i, const char *label);

/*
 * A person as a stored cohort keeps them (`cohort show`, `cohort compare`):
 * the scores, the band and the ids of the first recommendations and roles.
 * Whether a role is reached through the occupation and which skills are
 * missing are not stored, so those counts stay empty.
 */
typedef struct cr_cohort_person {
	int score, routineness, ai_usage, specialization, exposure; /* exposure -1: none */
	const char *band;
	const char *recs;   /* recommendation ids, space-separated, first first */
	const char *roles;  /* growing role ids, space-separated, best first */
} cr_cohort_person;
/* Adds one stored person; ids the knowledge base no longer has are not counted. */
void cr_cohort_add_person(cr_cohort *c, const cr_cohort_person *e, const char *const *values);

typedef struct cr_cohort_row {
	const char *name;            /* the group's value; NULL for the merged row */
	const cr_cohort_stats *s;
	size_t ngroups;              /* groups in this row: 1, or how many were merged */
} cr_cohort_row;

typedef struct cr_cohort_dim {
	const char *name;            /* the grouping column */
	const char *label;           /* the name to show it under (the column's unless relabelled) */
	bool uneven;                 /* coverage differs across the groups shown (see CR_COHORT_WARN_UNEVEN) */
	const cr_cohort_row *least_covered; /* when uneven: the row with the smallest share scored */
	cr_cohort_row *rows;         /* largest first; the merged row, if any, last */
	size_t nrows;
	size_t ngroups;              /* distinct values seen */
	bool overflow;               /* more than CR_COHORT_MAX_VALUES values: the rest were merged */
	cr_cohort_stats merged;      /* backing store of the merged row */
	size_t nmerged;              /* groups merged into the "other groups" row (values past the bound aside) */
	const char **merged_names;   /* the groups merged that hold at least min_group people (the first few);
					a smaller one is never named: its name would say who is in it */
	size_t nmerged_names;
	size_t nmerged_small;        /* groups merged that hold fewer than min_group people (counted, not named) */
} cr_cohort_dim;

typedef struct cr_cohort_rec {
	const cr_rec *rec;
	uint64_t n;                  /* people with it among their first three */
	uint64_t first;              /* people with it first */
} cr_cohort_rec;

typedef struct cr_cohort_role {
	const cr_role *role;
	uint64_t n;                  /* people for whom it is within reach */
	uint64_t from;               /* of them, people whose occupation is a usual way in */
	const char *missing[3];      /* the skills they most often lack (skill ids) */
	uint64_t nmissing[3];
} cr_cohort_role;

#define CR_COHORT_WARN_UNSCORED 10 /* % of rows unscored above which the summary warns */
#define CR_COHORT_WARN_UNEVEN 15   /* points between groups' shares scored above which it warns */
#define CR_COHORT_MAX_FINDINGS 5

/*
 * A key finding: a fact read off the published figures, worded by the
 * renderers. Every count in it is one the view shows (at least min_group).
 */
enum cr_finding_kind {
	CR_FIND_AT_RISK,    /* n of `of` people are in band `band` or above */
	CR_FIND_GROUP,      /* the group `name` of column `dim` has the most people (n of its `of`) in band `band` or above */
	CR_FIND_REC,        /* recommendation `rec` is among the first three for n of `of` people */
	CR_FIND_ROLE,       /* role `role` is within reach of n of `of` people: a reskilling target */
	CR_FIND_UNSCORED,   /* n of `of` rows could not be scored (more than CR_COHORT_WARN_UNSCORED %) */
};
typedef struct cr_cohort_finding {
	enum cr_finding_kind kind;
	uint64_t n, of;
	size_t band;                 /* AT_RISK, GROUP: the first band counted, an index into kb->bands */
	const char *dim, *name;      /* GROUP: the column's label and the group */
	const cr_rec *rec;           /* REC */
	const cr_role *role;         /* ROLE */
} cr_cohort_finding;

/* A share in whole per cent, rounded half up (0 when whole is 0). */
int cr_cohort_pct(uint64_t part, uint64_t whole);

typedef struct cr_cohort_view {
	const cr_kb *kb;
	int min_group;
	bool suppressed;             /* the cohort is smaller than min_group: show nothing else */
	const cr_cohort_stats *overall;
	cr_cohort_dim *dims;
	size_t ndims;
	cr_cohort_rec *recs;         /* most common first; only counts >= min_group */
	size_t nrecs;
	cr_cohort_role *roles;       /* most often within reach first; only counts >= min_group */
	size_t nroles;
	uint64_t responded;          /* rows read: scored and unscored */
	bool warn_unscored;          /* more than CR_COHORT_WARN_UNSCORED % of rows could not be scored */
	cr_cohort_finding findings[CR_COHORT_MAX_FINDINGS];
	size_t nfindings;
} cr_cohort_view;

/*
 * Two waves side by side (`cohort compare A B`): overall, then each group
 * shown by name in either wave of a grouping column both have. A side that
 * the wave did not show (a group below the minimum, merged or absent; a
 * whole cohort below it) is marked not shown and carries no figure, so a
 * comparison never reveals what either summary suppressed. Merged rows are
 * not compared: they hold different groups in each wave.
 */
typedef struct cr_cohort_side {
	bool shown;
	uint64_t n;
	double mean;
	int median;
	int band_pct[CR_COHORT_MAX_BANDS];   /* share of people per band, whole per cent */
} cr_cohort_side;
typedef struct cr_cohort_change {
	const char *dim;             /* the grouping column's label; NULL: everyone */
	const char *name;            /* the group; NULL: everyone */
	cr_cohort_side side[2];      /* the first wave, the second */
} cr_cohort_change;
typedef struct cr_cohort_diff {
	const cr_kb *kb;
	int min_group;
	cr_cohort_change *v;
	size_t n;
} cr_cohort_diff;
/* Compares two views published with the same minimum; points into both, which must outlive it. Caller frees. */
cr_cohort_diff *cr_cohort_diff_new(const struct cr_cohort_view *a, const struct cr_cohort_view *b);
void cr_cohort_diff_free(cr_cohort_diff *d);

/* What a report may show with groups of at least min_group people (>= 2). Caller frees the view. */
cr_cohort_view *cr_cohort_publish(const cr_cohort *c, int min_group);
void cr_cohort_view_free(cr_cohort_view *v);

#endif
