/*
 * test_cohort.c - the cohort summary's figures, and what it may show:
 * no group below the minimum, and no suppressed group recoverable from the rest.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cohort.h"
#include "util.h"
#include "fixture.h"


/* A scored person: a score, and the first recommendations and roles given. */
typedef struct person {
	cr_result r;
	cr_advice advice[3];
	cr_transition trans[2];
	const char *add[4];
} person;

static void make(person *p, int score, size_t rec0, size_t role0)
{
	memset(p, 0, sizeof *p);
	p->r.kb = fx_kb;
	p->r.score = score;
	p->r.band = cr_band_of(fx_kb, score);
	p->r.routineness = score;
	p->r.ai_usage = 100 - score;
	p->r.specialization = 50;
	p->r.exposure = score;
	for (size_t i = 0; i < 3; i++)
		p->advice[i] = (cr_advice){&fx_kb->recs[(rec0 + i) % fx_kb->nrecs], NULL, 0, (int)i + 1};
	p->r.advice = p->advice;
	p->r.nadvice = 3;
	const cr_role *role = &fx_kb->roles[role0 % fx_kb->nroles];
	p->add[0] = role->skills.v[0];
	p->trans[0] = (cr_transition){role, 50, true, p->add, 1};
	p->r.trans = p->trans;
	p->r.ntrans = 1;
}

static uint64_t row_total(const cr_cohort_dim *d)
{
	uint64_t n = 0;
	for (size_t i = 0; i < d->nrows; i++)
		n += d->rows[i].s->n;
	return n;
}

static const cr_cohort_row *row_named(const cr_cohort_dim *d, const char *name)
{
	for (size_t i = 0; i < d->nrows; i++)
		if (d->rows[i].name && strcmp(d->rows[i].name, name) == 0)
			return &d->rows[i];
	return NULL;
}

static void add_group(cr_cohort *c, const char *dept, const char *site, int n, int score)
{
	for (int i = 0; i < n; i++) {
		person p;
		make(&p, score, (size_t)i, (size_t)i);
		const char *v[2] = {dept, site};
		cr_cohort_add(c, &p.r, v);
	}
}

/* Mean, median, quartiles and bands from the histogram. */
static void test_figures(void **state)
{
	(void)state;
	const char *dims[] = {"department"};
	cr_cohort *c = cr_cohort_new(fx_kb, dims, 1);
	static const int scores[] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 35, 45};
	for (size_t i = 0; i < CR_ARRAY_LEN(scores); i++) {
		person p;
		make(&p, scores[i], i, i);
		if (i == CR_ARRAY_LEN(scores) - 1)
			p.r.exposure = -1; /* scored without task data: left out of the exposure mean, not a 0 */
		const char *v[] = {"Finance"};
		cr_cohort_add(c, &p.r, v);
	}
	cr_cohort_view *v = cr_cohort_publish(c, 10);
	assert_false(v->suppressed);
	const cr_cohort_stats *s = v->overall;
	assert_int_equal(s->n, 12);
	assert_true(cr_cohort_mean(s) > 52.49 && cr_cohort_mean(s) < 52.51); /* 630 / 12 */
	assert_int_equal(cr_cohort_percentile(s, 0.5), 45);  /* the 6th of 12 */
	assert_int_equal(cr_cohort_percentile(s, 0.25), 30);
	assert_int_equal(cr_cohort_percentile(s, 0.75), 70);
	uint64_t banded = 0;
	for (size_t b = 0; b < fx_kb->nbands; b++)
		banded += s->bands[b];
	assert_int_equal(banded, 12);
	assert_int_equal(s->bands[0], 2); /* below 30: 10 and 20 */
	assert_true(cr_cohort_dim_mean(s, 1) > 47.49 && cr_cohort_dim_mean(s, 1) < 47.51);
	assert_int_equal(s->n_exposure, 11);
	assert_true(cr_cohort_dim_mean(s, 3) > 53.17 && cr_cohort_dim_mean(s, 3) < 53.19); /* 585 / 11 */
	assert_true(cr_cohort_dim_mean(&(cr_cohort_stats){.n = 3}, 3) < 0);               /* nobody has one */
	assert_int_equal(v->dims[0].nrows, 1);
	assert_string_equal(v->dims[0].rows[0].name, "Finance");
	cr_cohort_view_free(v);
	cr_cohort_free(c);
}

/* Spelling differences of a value are one group; a blank value is a group of its own. */
static void test_group_values(void **state)
{
	(void)state;
	const char *dims[] = {"department"};
	cr_cohort *c = cr_cohort_new(fx_kb, dims, 1);
	add_group(c, "Customer  Service", NULL, 6, 50);
	add_group(c, " customer service ", NULL, 6, 50);
	add_group(c, "", NULL, 10, 50);
	add_group(c, NULL, NULL, 2, 50);
	cr_cohort_view *v = cr_cohort_publish(c, 10);
	const cr_cohort_row *r = row_named(&v->dims[0], "Customer  Service");
	assert_non_null(r);
	assert_int_equal(r->s->n, 12);
	assert_non_null(row_named(&v->dims[0], "(not given)"));
	assert_int_equal(row_named(&v->dims[0], "(not given)")->s->n, 12);
	cr_cohort_view_free(v);
	cr_cohort_free(c);
}

/* Small groups are merged; when they are too few together, the next smallest joins them. */
static void test_small_groups_merged(void **state)
{
	(void)state;
	const char *dims[] = {"department", "site"};
	cr_cohort *c = cr_cohort_new(fx_kb, dims, 2);
	add_group(c, "Finance", "Leeds", 50, 40);
	add_group(c, "Sales", "Leeds", 30, 60);
	add_group(c, "Legal", "Leeds", 12, 70);
	add_group(c, "Board", "Leeds", 3, 90);     /* too small */
	add_group(c, "Audit", "Dublin", 4, 20);    /* too small: with Board, still only 7 */
	cr_cohort_view *v = cr_cohort_publish(c, 10);
	const cr_cohort_dim *dep = &v->dims[0];
	assert_null(row_named(dep, "Board"));
	assert_null(row_named(dep, "Audit"));
	assert_null(row_named(dep, "Legal"));       /* joined the merged row so it reaches 10 */
	const cr_cohort_row *other = &dep->rows[dep->nrows - 1];
	assert_null(other->name);
	assert_int_equal(other->s->n, 19);
	assert_int_equal(other->ngroups, 3);
	assert_int_equal(dep->nmerged, 3);
	/* issue 12, D14: Board (3) and Audit (4) are never named; Legal (12) may be */
	assert_int_equal(dep->nmerged_small, 2);
	assert_int_equal(dep->nmerged_names, 1);
	assert_string_equal(dep->merged_names[0], "Legal");
	assert_non_null(row_named(dep, "Finance"));
	assert_non_null(row_named(dep, "Sales"));
	assert_int_equal(row_total(dep), 99);
	/* a single small site is never shown, nor left as the only group missing from the total */
	const cr_cohort_dim *site = &v->dims[1];
	assert_null(row_named(site, "Dublin"));
	assert_int_equal(row_total(site), 99);
	for (size_t i = 0; i < site->nrows; i++)
		assert_true(site->rows[i].s->n >= 10);
	cr_cohort_view_free(v);

	/* a higher minimum merges more */
	v = cr_cohort_publish(c, 40);
	dep = &v->dims[0];
	for (size_t i = 0; i < dep->nrows; i++)
		assert_true(dep->rows[i].s->n >= 40);
	assert_non_null(row_named(dep, "Finance"));
	assert_null(row_named(dep, "Sales"));
	cr_cohort_view_free(v);
	cr_cohort_free(c);
}

/* A cohort smaller than the minimum shows nothing. */
static void test_whole_cohort_too_small(void **state)
{
	(void)state;
	const char *dims[] = {"department"};
	cr_cohort *c = cr_cohort_new(fx_kb, dims, 1);
	add_group(c, "Finance", NULL, 9, 40);
	cr_cohort_view *v = cr_cohort_publish(c, 10);
	assert_true(v->suppressed);
	assert_int_equal(v->ndims, 0);
	assert_int_equal(v->nrecs, 0);
	assert_int_equal(v->nroles, 0);
	cr_cohort_view_free(v);
	cr_cohort_free(c);
}

/*
 * Over many random cohorts: every row shown has at least the minimum, the rows
 * add up to the total, and a merged row always holds at least two groups, so
 * subtracting the rows shown from the total never isolates one group.
 */
static void test_never_below_minimum(void **state)
{
	(void)state;
	uint64_t seed = 42;
	for (int trial = 0; trial < 300; trial++) {
		const char *dims[] = {"g"};
		cr_cohort *c = cr_cohort_new(fx_kb, dims, 1);
		int ngroups = 1 + (int)((seed = seed * 6364136223846793005ULL + 1442695040888963407ULL) >> 33) % 12;
		int k = 2 + (int)((seed = seed * 6364136223846793005ULL + 1442695040888963407ULL) >> 33) % 20;
		uint64_t total = 0;
		for (int g = 0; g < ngroups; g++) {
			int n = 1 + (int)((seed = seed * 6364136223846793005ULL + 1442695040888963407ULL) >> 33) % 40;
			char name[32];
			snprintf(name, sizeof name, "group %d", g);
			add_group(c, name, NULL, n, 50);
			total += (uint64_t)n;
		}
		cr_cohort_view *v = cr_cohort_publish(c, k);
		if (total < (uint64_t)k) {
			assert_true(v->suppressed);
		} else {
			const cr_cohort_dim *d = &v->dims[0];
			assert_int_equal(row_total(d), total);
			for (size_t i = 0; i < d->nrows; i++) {
				assert_true(d->rows[i].s->n >= (uint64_t)k);
				if (!d->rows[i].name)
					assert_true(d->rows[i].ngroups >= 2);
			}
		}
		cr_cohort_view_free(v);
		cr_cohort_free(c);
	}
}

/* Recommendations and roles concerning fewer than the minimum are left out; the rest are ranked. */
static void test_recommendations_and_roles(void **state)
{
	(void)state;
	const char *dims[] = {"department"};
	cr_cohort *c = cr_cohort_new(fx_kb, dims, 1);
	/* 30 people with recommendations 0, 1, 2 and role 0; 4 people with 5, 6, 7 and role 3 */
	for (int i = 0; i < 34; i++) {
		person p;
		make(&p, 50, i < 30 ? 0 : 5, i < 30 ? 0 : 3);
		const char *v[] = {"Ops"};
		cr_cohort_add(c, &p.r, v);
	}
	cr_cohort_view *v = cr_cohort_publish(c, 10);
	assert_int_equal(v->nrecs, 3);
	for (size_t i = 0; i < v->nrecs; i++)
		assert_int_equal(v->recs[i].n, 30);
	assert_true(v->recs[0].rec == &fx_kb->recs[0]); /* first for 30: ranked first */
	assert_int_equal(v->recs[0].first, 30);
	assert_int_equal(v->nroles, 1);
	assert_true(v->roles[0].role == &fx_kb->roles[0]);
	assert_int_equal(v->roles[0].n, 30);
	assert_int_equal(v->roles[0].from, 30);
	assert_string_equal(v->roles[0].missing[0], fx_kb->roles[0].skills.v[0]);
	assert_int_equal(v->roles[0].nmissing[0], 30);
	cr_cohort_view_free(v);
	cr_cohort_free(c);
}

/*
 * The skills a role's people lack are counted whether the advice lists them
 * in the role's order (as it does), in another, or as the same text at
 * another address (as read back); a band given as text counts as the band.
 */
static void test_skills_any_order(void **state)
{
	(void)state;
	size_t k = 0;
	while (k < fx_kb->nroles && fx_kb->roles[k].skills.n < 3)
		k++;
	assert_true(k < fx_kb->nroles);
	const cr_role *role = &fx_kb->roles[k];
	const char *const *sk = (const char *const *)role->skills.v;
	char *copy = cr_xstrdup(sk[1]);
	char *band = cr_xstrdup(cr_band_of(fx_kb, 50));
	cr_cohort *c = cr_cohort_new(fx_kb, NULL, 0);
	/* 10 lack 2 then 0; 10 lack 1 (a copy of its text); 10 lack 0, 1, 2 in order; 5 lack 2 */
	struct { const char *add[3]; size_t nadd; int n; } who[] = {
		{{sk[2], sk[0]}, 2, 10}, {{copy}, 1, 10}, {{sk[0], sk[1], sk[2]}, 3, 10}, {{sk[2]}, 1, 5}};
	for (size_t w = 0; w < CR_ARRAY_LEN(who); w++)
		for (int i = 0; i < who[w].n; i++) {
			person p;
			make(&p, 50, 0, k);
			p.r.band = band;
			memcpy(p.add, who[w].add, sizeof who[w].add);
			p.trans[0].nadd = who[w].nadd;
			cr_cohort_add(c, &p.r, NULL);
		}
	cr_cohort_view *v = cr_cohort_publish(c, 10);
	assert_int_equal(v->nroles, 1);
	assert_ptr_equal(v->roles[0].role, role);
	assert_int_equal(v->roles[0].n, 35);
	assert_string_equal(v->roles[0].missing[0], sk[2]);
	assert_int_equal(v->roles[0].nmissing[0], 25);
	assert_int_equal(v->roles[0].nmissing[1], 20);
	assert_int_equal(v->roles[0].nmissing[2], 20);
	bool one = strcmp(v->roles[0].missing[1], sk[1]) == 0 || strcmp(v->roles[0].missing[2], sk[1]) == 0;
	bool zero = strcmp(v->roles[0].missing[1], sk[0]) == 0 || strcmp(v->roles[0].missing[2], sk[0]) == 0;
	assert_true(one && zero);
	uint64_t banded = 0;
	for (size_t b = 0; b < fx_kb->nbands && b < CR_COHORT_MAX_BANDS; b++)
		banded += v->overall->bands[b];
	assert_int_equal(banded, 35);
	cr_cohort_view_free(v);
	cr_cohort_free(c);
	free(copy);
	free(band);
}

/* More distinct values than are counted apart: the rest are counted together, and merged. */
static void test_too_many_values(void **state)
{
	(void)state;
	const char *dims[] = {"employee"};
	cr_cohort *c = cr_cohort_new(fx_kb, dims, 1);
	for (int i = 0; i < CR_COHORT_MAX_VALUES + 500; i++) {
		char name[32];
		snprintf(name, sizeof name, "E%05d", i);
		add_group(c, name, NULL, 1, 50);
	}
	assert_int_equal(cr_cohort_size(c), CR_COHORT_MAX_VALUES + 500);
	cr_cohort_view *v = cr_cohort_publish(c, 10);
	const cr_cohort_dim *d = &v->dims[0];
	assert_true(d->overflow);
	assert_int_equal(d->nrows, 1); /* one merged row: nobody alone */
	assert_null(d->rows[0].name);
	assert_int_equal(row_total(d), CR_COHORT_MAX_VALUES + 500);
	cr_cohort_view_free(v);
	cr_cohort_free(c);
}

/*
 * A value seen before goes where it went the first time (the cohort keeps the values seen with
 * their group): a group's own values to it, a value past the bound to the overflow every time,
 * and after a reset, to the group first seen since, under the name it was seen by then.
 */
static void test_values_seen_before(void **state)
{
	(void)state;
	const char *dims[] = {"employee"};
	cr_cohort *c = cr_cohort_new(fx_kb, dims, 1);
	add_group(c, "Sales", NULL, 3, 50);
	add_group(c, " sales ", NULL, 2, 50);
	for (int i = 1; i < CR_COHORT_MAX_VALUES; i++) {
		char name[32];
		snprintf(name, sizeof name, "E%05d", i);
		add_group(c, name, NULL, 1, 50);
	}
	add_group(c, "late", NULL, 4, 50);   /* past the bound: the overflow, each time */
	add_group(c, "Sales", NULL, 5, 50);  /* its group, as the first time */
	add_group(c, "SALES", NULL, 1, 50);
	cr_cohort_view *v = cr_cohort_publish(c, 1);
	assert_true(v->dims[0].overflow);
	assert_int_equal(row_named(&v->dims[0], "Sales")->s->n, 11);
	assert_null(row_named(&v->dims[0], "late"));
	assert_int_equal(row_total(&v->dims[0]), cr_cohort_size(c));
	cr_cohort_view_free(v);
	cr_cohort_reset(c);
	add_group(c, "late", NULL, 2, 50); /* a group of its own now */
	add_group(c, " SALES", NULL, 1, 50);
	add_group(c, "Sales", NULL, 2, 50);
	v = cr_cohort_publish(c, 1);
	assert_false(v->dims[0].overflow);
	assert_int_equal(v->dims[0].nrows, 2);
	assert_int_equal(row_named(&v->dims[0], "late")->s->n, 2);
	assert_int_equal(row_named(&v->dims[0], "SALES")->s->n, 3);
	assert_null(row_named(&v->dims[0], "Sales"));
	cr_cohort_view_free(v);
	cr_cohort_free(c);
}

static const cr_cohort_finding *finding(const cr_cohort_view *v, enum cr_finding_kind kind)
{
	for (size_t i = 0; i < v->nfindings; i++)
		if (v->findings[i].kind == kind)
			return &v->findings[i];
	return NULL;
}

/*
 * Key findings are read off the published figures: the share in the upper
 * bands, the named group with most people there, the first recommendation
 * and role; never a group below the minimum, never the merged row.
 */
static void test_findings(void **state)
{
	(void)state;
	const char *dims[] = {"department"};
	cr_cohort *c = cr_cohort_new(fx_kb, dims, 1);
	cr_cohort_set_label(c, 0, "Department");
	add_group(c, "Finance", NULL, 40, 80);  /* high */
	add_group(c, "Sales", NULL, 20, 60);    /* elevated */
	for (int i = 0; i < 30; i++) {          /* low, all with the same advice and role */
		person p;
		make(&p, 10, 0, 0);
		const char *g[] = {"Legal"};
		cr_cohort_add(c, &p.r, g);
	}
	add_group(c, "Board", NULL, 5, 95);     /* high, but too small to name */
	cr_cohort_view *v = cr_cohort_publish(c, 10);
	assert_true(v->nfindings >= 3 && v->nfindings <= CR_COHORT_MAX_FINDINGS);
	size_t risk = (fx_kb->nbands + 1) / 2;

	const cr_cohort_finding *f = finding(v, CR_FIND_AT_RISK);
	assert_non_null(f);
	assert_int_equal(f->band, risk);
	assert_int_equal(f->n, 65); /* 40 + 20 + 5 */
	assert_int_equal(f->of, 95);

	f = finding(v, CR_FIND_GROUP);
	assert_non_null(f);
	assert_string_equal(f->name, "Finance");
	assert_string_equal(f->dim, "Department"); /* the label, not the column */
	assert_int_equal(f->n, 40);
	assert_int_equal(f->of, 40);

	f = finding(v, CR_FIND_REC);
	assert_non_null(f);
	assert_true(f->rec == v->recs[0].rec);
	assert_int_equal(f->n, v->recs[0].n);
	f = finding(v, CR_FIND_ROLE);
	assert_non_null(f);
	assert_true(f->role == v->roles[0].role);
	assert_null(finding(v, CR_FIND_UNSCORED)); /* every row scored */
	assert_string_equal(v->dims[0].label, "Department");
	assert_string_equal(v->dims[0].name, "department");
	cr_cohort_view_free(v);

	/* a minimum above every group: no group is named, only the merged row could have been */
	v = cr_cohort_publish(c, 60);
	assert_null(finding(v, CR_FIND_GROUP));
	assert_non_null(finding(v, CR_FIND_AT_RISK));
	cr_cohort_view_free(v);
	cr_cohort_free(c);
}

/* Rows that responded but could not be scored: counted per group, warned about above 10%. */
static void test_unscored_and_coverage(void **state)
{
	(void)state;
	const char *dims[] = {"site"};
	cr_cohort *c = cr_cohort_new(fx_kb, dims, 1);
	add_group(c, "Leeds", NULL, 40, 50);
	add_group(c, "Dublin", NULL, 20, 50);
	for (int i = 0; i < 2; i++) {
		const char *v[] = {"leeds"}; /* spelt differently: the same group */
		cr_cohort_add_unscored(c, v);
	}
	for (int i = 0; i < 10; i++) {
		const char *v[] = {"Dublin"};
		cr_cohort_add_unscored(c, v);
	}
	const char *nowhere[] = {"Cork"}; /* a group none of whose rows scored */
	cr_cohort_add_unscored(c, nowhere);
	cr_cohort_view *v = cr_cohort_publish(c, 10);
	assert_int_equal(v->responded, 73);
	assert_int_equal(v->overall->n, 60);
	assert_int_equal(v->overall->unscored, 13);
	assert_true(v->warn_unscored); /* 13 of 73: 18% */
	const cr_cohort_finding *f = finding(v, CR_FIND_UNSCORED);
	assert_non_null(f);
	assert_int_equal(f->n, 13);
	assert_int_equal(f->of, 73);
	const cr_cohort_dim *d = &v->dims[0];
	assert_null(row_named(d, "Cork")); /* nothing scored: never a row of its own */
	assert_int_equal(row_named(d, "Leeds")->s->unscored, 2);
	assert_int_equal(row_named(d, "Dublin")->s->unscored, 10);
	assert_true(d->uneven); /* 95% against 67% */
	assert_non_null(d->least_covered);
	assert_string_equal(d->least_covered->name, "Dublin");
	cr_cohort_view_free(v);
	cr_cohort_free(c);

	/* a few unscored rows spread evenly: no warning */
	c = cr_cohort_new(fx_kb, dims, 1);
	add_group(c, "Leeds", NULL, 40, 50);
	add_group(c, "Dublin", NULL, 40, 50);
	const char *leeds[] = {"Leeds"}, *dublin[] = {"Dublin"};
	cr_cohort_add_unscored(c, leeds);
	cr_cohort_add_unscored(c, dublin);
	v = cr_cohort_publish(c, 10);
	assert_false(v->warn_unscored);
	assert_false(v->dims[0].uneven);
	assert_null(v->dims[0].least_covered);
	assert_null(finding(v, CR_FIND_UNSCORED));
	cr_cohort_view_free(v);
	cr_cohort_free(c);
}

/* Two published views show the same figures, groups (by name) and counts. */
static void assert_views_equal(const cr_cohort_view *a, const cr_cohort_view *b)
{
	assert_memory_equal(a->overall, b->overall, sizeof *a->overall);
	assert_int_equal(a->responded, b->responded);
	assert_int_equal(a->ndims, b->ndims);
	for (size_t i = 0; i < a->ndims; i++) {
		const cr_cohort_dim *x = &a->dims[i], *y = &b->dims[i];
		assert_int_equal(x->nrows, y->nrows);
		assert_int_equal(x->ngroups, y->ngroups);
		assert_int_equal(x->overflow, y->overflow);
		assert_int_equal(x->nmerged, y->nmerged);
		assert_int_equal(x->nmerged_small, y->nmerged_small);
		assert_int_equal(x->nmerged_names, y->nmerged_names);
		for (size_t k = 0; k < x->nmerged_names; k++)
			assert_string_equal(x->merged_names[k], y->merged_names[k]);
		for (size_t r = 0; r < x->nrows; r++) {
			if (x->rows[r].name || y->rows[r].name)
				assert_string_equal(x->rows[r].name ? x->rows[r].name : "(merged)",
						    y->rows[r].name ? y->rows[r].name : "(merged)");
			assert_int_equal(x->rows[r].ngroups, y->rows[r].ngroups);
			assert_memory_equal(x->rows[r].s, y->rows[r].s, sizeof *x->rows[r].s);
		}
	}
	assert_int_equal(a->nrecs, b->nrecs);
	for (size_t i = 0; i < a->nrecs; i++) {
		assert_ptr_equal(a->recs[i].rec, b->recs[i].rec);
		assert_int_equal(a->recs[i].n, b->recs[i].n);
		assert_int_equal(a->recs[i].first, b->recs[i].first);
	}
	assert_int_equal(a->nroles, b->nroles);
	for (size_t i = 0; i < a->nroles; i++) {
		assert_ptr_equal(a->roles[i].role, b->roles[i].role);
		assert_int_equal(a->roles[i].n, b->roles[i].n);
		assert_int_equal(a->roles[i].from, b->roles[i].from);
		for (size_t k = 0; k < 3; k++) {
			assert_int_equal(a->roles[i].nmissing[k], b->roles[i].nmissing[k]);
			if (a->roles[i].missing[k] || b->roles[i].missing[k])
				assert_string_equal(a->roles[i].missing[k], b->roles[i].missing[k]);
		}
	}
	assert_int_equal(a->nfindings, b->nfindings);
	for (size_t i = 0; i < a->nfindings; i++) { /* dim and name point into each cohort's own strings */
		const cr_cohort_finding *x = &a->findings[i], *y = &b->findings[i];
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->n, y->n);
		assert_int_equal(x->of, y->of);
		assert_int_equal(x->band, y->band);
		assert_ptr_equal(x->rec, y->rec);
		assert_ptr_equal(x->role, y->role);
		assert_string_equal(x->dim ? x->dim : "", y->dim ? y->dim : "");
		assert_string_equal(x->name ? x->name : "", y->name ? y->name : "");
	}
}

/*
 * The batch counts each chunk of rows into a cohort of its own (in a worker)
 * and merges the chunks in input order: the same figures as counting row by
 * row, including which spelling names a group (the first seen) and which
 * values land in the overflow group once a column has CR_COHORT_MAX_VALUES.
 */
static void test_merge_in_chunks(void **state)
{
	(void)state;
	const char *dims[] = {"department", "employee"};
	static const char *const depts[] = {"Sales", " sales", "SALES", "Legal  team", "legal team", "", NULL, "Board",
					    "Finance", "finance "};
	cr_cohort *whole = cr_cohort_new(fx_kb, dims, 2), *merged = cr_cohort_new(fx_kb, dims, 2),
		  *part = cr_cohort_new(fx_kb, dims, 2);
	uint32_t seed = 12345;
	const int rows = 3 * CR_COHORT_MAX_VALUES, chunk = 700;
	for (int i = 0; i < rows; i++) {
		seed = seed * 1103515245u + 12345u;
		char emp[32];
		/* most employees once; from near the bound on, a few teams often, some of which make it
		 * into the column's groups (shown as rows of their own) and some not (the overflow) */
		if ((seed >> 8) % 4 || i < CR_COHORT_MAX_VALUES * 9 / 10)
			snprintf(emp, sizeof emp, "E%05d", i);
		else
			snprintf(emp, sizeof emp, "Team %u", (seed >> 16) % 50);
		const char *v[2] = {depts[(seed >> 12) % CR_ARRAY_LEN(depts)], emp};
		if ((seed >> 20) % 7 == 0) {
			cr_cohort_add_unscored(whole, v);
			cr_cohort_add_unscored(part, v);
		} else {
			person p;
			make(&p, (int)((seed >> 4) % 101), (seed >> 9) % fx_kb->nrecs, (seed >> 13) % fx_kb->nroles);
			cr_cohort_add(whole, &p.r, v);
			cr_cohort_add(part, &p.r, v);
		}
		if ((i + 1) % chunk == 0 || i + 1 == rows) {
			cr_cohort_merge(merged, part);
			cr_cohort_reset(part);
		}
	}
	assert_int_equal(cr_cohort_size(merged), cr_cohort_size(whole));
	assert_int_equal(cr_cohort_size(part), 0);
	for (int min = 2; min <= 20; min += 9) {
		cr_cohort_view *a = cr_cohort_publish(whole, min), *b = cr_cohort_publish(merged, min);
		assert_true(a->dims[1].overflow);
		size_t teams = 0; /* some teams are rows of their own, the others are in the overflow */
		for (size_t r = 0; r < a->dims[1].nrows; r++)
			teams += a->dims[1].rows[r].name && strncmp(a->dims[1].rows[r].name, "Team ", 5) == 0;
		assert_true(teams > 0 && teams < 50);
		assert_views_equal(a, b);
		cr_cohort_view_free(a);
		cr_cohort_view_free(b);
	}
	cr_cohort_free(whole);
	cr_cohort_free(merged);
	cr_cohort_free(part);
}

/* A stored row counts as the result it was stored from; ids the base does not have are skipped. */
static void test_stored_entry(void **state)
{
	(void)state;
	const char *dims[] = {"department"};
	cr_cohort *c = cr_cohort_new(fx_kb, dims, 1);
	char recs[256], roles[256];
	snprintf(recs, sizeof recs, "%s no-such-rec %s", fx_kb->recs[0].id, fx_kb->recs[1].id);
	snprintf(roles, sizeof roles, "%s", fx_kb->roles[0].id);
	for (int i = 0; i < 12; i++) {
		cr_cohort_person e = {.score = 72, .routineness = 60, .ai_usage = 20, .specialization = 40, .exposure = -1,
				     .band = cr_band_of(fx_kb, 72), .recs = recs, .roles = roles};
		const char *v[] = {"Ops"};
		cr_cohort_add_person(c, &e, v);
	}
	cr_cohort_view *v = cr_cohort_publish(c, 10);
	assert_int_equal(v->overall->n, 12);
	assert_int_equal(v->overall->hist[72], 12);
	assert_int_equal(v->overall->n_exposure, 0);
	assert_int_equal(v->overall->bands[fx_kb->nbands - 1], 12);
	assert_int_equal(v->nrecs, 2);
	assert_true(v->recs[0].rec == &fx_kb->recs[0]);
	assert_int_equal(v->recs[0].first, 12);
	assert_int_equal(v->nroles, 1);
	assert_int_equal(v->roles[0].from, 0); /* not stored: not counted */
	cr_cohort_view_free(v);
	cr_cohort_free(c);
}

static const cr_cohort_change *change_named(const cr_cohort_diff *d, const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].name && strcmp(d->v[i].name, name) == 0)
			return &d->v[i];
	return NULL;
}

/* Two waves: a group small in one wave has no figure there; merged rows are not compared. */
static void test_compare_waves(void **state)
{
	(void)state;
	const char *dims[] = {"department"};
	cr_cohort *a = cr_cohort_new(fx_kb, dims, 1), *b = cr_cohort_new(fx_kb, dims, 1);
	add_group(a, "Finance", NULL, 40, 40);
	add_group(a, "Legal", NULL, 20, 60);
	add_group(a, "Board", NULL, 12, 90);
	add_group(b, "finance", NULL, 30, 60); /* spelt otherwise: the same group */
	add_group(b, "Legal", NULL, 4, 60);    /* too small in the second wave */
	add_group(b, "Sales", NULL, 25, 20);   /* new in the second wave */
	add_group(b, "Board", NULL, 12, 90);   /* merged with Legal so that it is not alone: not shown */
	cr_cohort_view *va = cr_cohort_publish(a, 10), *vb = cr_cohort_publish(b, 10);
	cr_cohort_diff *d = cr_cohort_diff_new(va, vb);
	assert_null(d->v[0].name); /* everyone first */
	assert_true(d->v[0].side[0].shown && d->v[0].side[1].shown);
	assert_int_equal(d->v[0].side[0].n, 72);
	assert_int_equal(d->v[0].side[1].n, 71);
	const cr_cohort_change *f = change_named(d, "Finance");
	assert_non_null(f);
	assert_true(f->side[0].shown && f->side[1].shown);
	assert_true(f->side[0].mean > 39.9 && f->side[0].mean < 40.1);
	assert_true(f->side[1].mean > 59.9 && f->side[1].mean < 60.1);
	assert_string_equal(f->dim, "department");
	const cr_cohort_change *l = change_named(d, "Legal");
	assert_non_null(l);
	assert_true(l->side[0].shown);
	assert_false(l->side[1].shown); /* 4 people: nothing of them */
	assert_int_equal(l->side[1].n, 0);
	const cr_cohort_change *s = change_named(d, "Sales");
	assert_non_null(s);
	assert_false(s->side[0].shown);
	assert_true(s->side[1].shown);
	const cr_cohort_change *bo = change_named(d, "Board");
	assert_non_null(bo);
	assert_true(bo->side[0].shown);
	assert_false(bo->side[1].shown); /* shown in the first wave, merged in the second */
	for (size_t i = 0; i < d->n; i++) /* the merged rows are no group to compare */
		assert_true(i == 0 || d->v[i].name != NULL);
	cr_cohort_diff_free(d);
	cr_cohort_view_free(va);
	cr_cohort_view_free(vb);

	/* a whole wave below the minimum: no figure of it at all */
	va = cr_cohort_publish(a, 100);
	vb = cr_cohort_publish(b, 10);
	d = cr_cohort_diff_new(va, vb);
	assert_false(d->v[0].side[0].shown);
	assert_int_equal(d->min_group, 100);
	for (size_t i = 0; i < d->n; i++)
		assert_false(d->v[i].side[0].shown);
	cr_cohort_diff_free(d);
	cr_cohort_view_free(va);
	cr_cohort_view_free(vb);
	cr_cohort_free(a);
	cr_cohort_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_group_values),
		cmocka_unit_test(test_small_groups_merged),
		cmocka_unit_test(test_whole_cohort_too_small),
		cmocka_unit_test(test_never_below_minimum),
		cmocka_unit_test(test_recommendations_and_roles),
		cmocka_unit_test(test_skills_any_order),
		cmocka_unit_test(test_too_many_values),
		cmocka_unit_test(test_values_seen_before),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_unscored_and_coverage),
		cmocka_unit_test(test_merge_in_chunks),
		cmocka_unit_test(test_stored_entry),
		cmocka_unit_test(test_compare_waves),
	};
	return cmocka_run_group_tests(tests, fx_kb_setup, fx_kb_teardown);
}
