/* kb.c - look-ups in a loaded knowledge base (see kb.h). */
#include "kb.h"

#include <stdlib.h>
#include <string.h>

#define FIND(arr, n, field, key)                                  \
	do {                                                      \
		for (size_t i_ = 0; i_ < (n); i_++)               \
			if (strcmp((arr)[i_].field, (key)) == 0)  \
				return &(arr)[i_];                \
		return NULL;                                      \
	} while (0)

const cr_source *cr_kb_source(const cr_kb *kb, const char *id) { FIND(kb->sources, kb->nsources, id, id); }
const cr_index *cr_kb_index(const cr_kb *kb, const char *id) { FIND(kb->indices, kb->nindices, id, id); }
const cr_skill *cr_kb_skill(const cr_kb *kb, const char *id) { FIND(kb->skills, kb->nskills, id, id); }
const cr_sector *cr_kb_sector(const cr_kb *kb, const char *id) { FIND(kb->sectors, kb->nsectors, id, id); }
const cr_region *cr_kb_region(const cr_kb *kb, const char *id) { FIND(kb->regions, kb->nregions, id, id); }
const cr_rec *cr_kb_rec(const cr_kb *kb, const char *id) { FIND(kb->recs, kb->nrecs, id, id); }
const cr_role *cr_kb_role(const cr_kb *kb, const char *id) { FIND(kb->roles, kb->nroles, id, id); }
const cr_rule *cr_kb_rule(const cr_kb *kb, const char *id) { FIND(kb->rules, kb->nrules, id, id); }
const cr_theme *cr_kb_theme(const cr_kb *kb, const char *id) { FIND(kb->themes, kb->nthemes, id, id); }
const cr_questionnaire *cr_kb_questionnaire(const cr_kb *kb, const char *id)
{
	FIND(kb->questionnaires, kb->nquestionnaires, id, id);
}

static int code_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const cr_occupation *)elem)->code);
}

const cr_occ_task *cr_kb_task(const cr_kb *kb, long id)
{
	size_t lo = 0, hi = kb->ntasks_by_id;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		long m = kb->tasks_by_id[mid]->id;
		if (m == id)
			return kb->tasks_by_id[mid];
		if (m < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const cr_occupation *cr_kb_occupation(const cr_kb *kb, const char *code)
{
	return bsearch(code, kb->occupations, kb->noccupations, sizeof *kb->occupations, code_cmp);
}

const cr_question *cr_questionnaire_find(const cr_questionnaire *q, const char *id, size_t *index)
{
	for (size_t i = 0; i < q->nquestions; i++)
		if (strcmp(q->questions[i].id, id) == 0) {
			if (index)
				*index = i;
			return &q->questions[i];
		}
	return NULL;
}

double cr_region_net_ratio(const cr_kb *kb, const cr_region *r)
{
	for (int depth = 0; r && depth < 8; depth++) {
		if (r->displaced > 0 && r->created >= 0)
			return r->created / r->displaced;
		r = r->parent ? cr_kb_region(kb, r->parent) : NULL;
	}
	return -1;
}

const char *const cr_reason_fields[] = {"sector.title", "sector.figure", "sector.summary", "region.title",
					"region.figures", "region.summary", NULL};
static void count_fact(int fact, void *ctx)
{
	(void)fact;
	++*(size_t *)ctx;
}

bool cr_rec_always(const cr_kb *kb, const cr_rec *rec)
{
	for (size_t i = 0; i < kb->nrules; i++) {
		const cr_rule *r = &kb->rules[i];
		bool gives = false;
		for (size_t k = 0; k < r->nrecs && !gives; k++)
			gives = r->recs[k] == rec;
		if (!gives || !r->when)
			continue;
		size_t reads = 0;
		cr_expr_facts(r->when, count_fact, &reads);
		/* reading no fact, the condition is a constant: evaluated without any */
		if (!reads && cr_expr_holds(r->when, NULL))
			return true;
	}
	return false;
}
