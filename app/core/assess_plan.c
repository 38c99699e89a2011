/*
 * assess_plan.c - the prepared assessment of many answer sets (cr_assess_plan_*, see assess.h).
 *
 * For one questionnaire, once: the rules that can fire at all (a rule reading
 * a fact only another questionnaire asks never can), each with the quick
 * tests (guards) its condition must pass, and, for up to 1,024 live rules, an
 * index from the values of the facts the guards read (a choice, a number's
 * interval, the choices ticked of a multiple choice) to the rules worth a
 * look; and buffers sized for any answers, so a batch of thousands of rows
 * allocates nothing per row. The engine (assess.c) evaluates the rules; this
 * file only decides which, and the results are the same as cr_assess() gives
 * (tests/unit/test_plan.c, tests/fuzz/fuzz_plan.c).
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "assess_private.h"
#include "util.h"

struct cr_assess_plan {
	const cr_kb *kb;
	const cr_questionnaire *q;
	planned *live;        /* the rules that can fire for q */
	planned *every;       /* every rule */
	hot_rule *live_hot;   /* per entry of live: its hot fields (see hot_rule) */
	hot_rule *every_hot;  /* likewise for every */
	int gfacts[MAX_GUARD_FACTS];
	const char **gchoices;  /* the gfacts' choices, end to end (see ruleset) */
	size_t gchoice_at[MAX_GUARD_FACTS + 1];
	choicehash gchash[MAX_GUARD_FACTS];
	uint64_t *index;
	uint64_t *eval;       /* see ruleset */
	size_t index_at[MAX_GUARD_FACTS];
	numslot nums[MAX_GUARD_FACTS];
	tickslot ticks[MAX_GUARD_FACTS];
	ruleset rs;       /* the rules of this questionnaire, guarded */
	ruleset all;      /* every rule, guarded (answers to another questionnaire) */
	inputs in;        /* each fact's width for the range */
	bufs b;
};

/* Fills h for the n choices (see choicehash): the shift that leaves the fewest of them sharing a slot. */
static void choice_hash(const char *const *choices, size_t n, choicehash *h)
{
	size_t best = SIZE_MAX;
	for (unsigned shift = 0; shift < 16 && best; shift++) {
		uint64_t used = 0;
		size_t shared = 0;
		for (size_t c = 0; c < n; c++) {
			uint64_t bit = (uint64_t)1 << (((uintptr_t)choices[c] >> shift) & 63);
			shared += (used & bit) != 0;
			used |= bit;
		}
		if (shared < best) {
			best = shared;
			h->shift = (unsigned char)shift;
		}
	}
	memset(h->slot, 0, sizeof h->slot);
	/* from the last: a slot keeps the first choice that hashes there, as the search would find it */
	for (size_t c = n; c-- > 0;)
		h->slot[((uintptr_t)choices[c] >> h->shift) & 63] = (unsigned char)c;
}

static void mark_facts(const cr_question *q, bool *mark)
{
	if (q->fact < 0)
		return;
	size_t n = q->type == CR_Q_SPLIT ? q->nchoices : 1;
	for (size_t p = 0; p < n; p++)
		mark[q->fact + (int)p] = true;
}

/* For n entries of `size` bytes whose id string is at `off`: each one's rank when the ids are sorted by strcmp. */
static int *id_ranks(size_t n, const void *base, size_t size, size_t off)
{
	const char **ids = cr_xcalloc(n + 1, sizeof *ids);
	size_t *order = cr_xcalloc(n + 1, sizeof *order);
	int *rank = cr_xcalloc(n + 1, sizeof *rank);
	for (size_t i = 0; i < n; i++) {
		ids[i] = *(const char *const *)((const char *)base + i * size + off);
		order[i] = i;
	}
	for (size_t i = 1; i < n; i++) /* insertion sort: a few dozen ids, once per plan */
		for (size_t j = i; j > 0 && strcmp(ids[order[j - 1]], ids[order[j]]) > 0; j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		rank[order[i]] = (int)i;
	free(ids);
	free(order);
	return rank;
}

static const numslot *num_slot(const cr_assess_plan *p, size_t nnums, int fact)
{
	for (size_t i = 0; i < nnums; i++)
		if (p->nums[i].fact == fact)
			return &p->nums[i];
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The number facts the live rules' guards compare, with their constants; facts with too many are left out. */
static size_t plan_numbers(cr_assess_plan *p, size_t nlive)
{
	size_t n = 0;
	bool full[MAX_GUARD_FACTS] = {0};
	for (size_t k = 0; k < nlive; k++)
		for (unsigned j = 0; j < p->live[k].ng; j++) {
			const cr_guard *g = &p->live[k].gd[j].g;
			if (g->kind != CR_GUARD_NUMBER)
				continue;
			size_t i = 0;
			while (i < n && p->nums[i].fact != g->fact)
				i++;
			if (i == n) {
				if (n == MAX_GUARD_FACTS)
					continue; /* tested rule by rule */
				p->nums[n++] = (numslot){.fact = g->fact};
			}
			numslot *ns = &p->nums[i];
			size_t t = 0;
			while (t < ns->n && ns->t[t] != g->value)
				t++;
			if (t < ns->n)
				continue;
			if (ns->n == MAX_THRESHOLDS || !isfinite(g->value))
				full[i] = true;
			else
				ns->t[ns->n++] = g->value;
		}
	/* a fact whose constants do not all fit is tested rule by rule */
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (!full[i]) {
			p->nums[kept] = p->nums[i];
			qsort(p->nums[kept].t, p->nums[kept].n, sizeof *p->nums[kept].t, cmp_double);
			for (int x = 0; x <= NUM_SMALL; x++) /* at most 2 * MAX_THRESHOLDS: fits a byte */
				p->nums[kept].small[x] = (unsigned char)number_interval(&p->nums[kept], x);
			kept++;
		}
	return kept;
}

/* Row c of ns's index: the live rules whose guards on ns's fact pass for values of interval c. */
static void number_row(const cr_assess_plan *p, size_t nlive, const numslot *ns, size_t c, uint64_t *row)
{
	cr_value v = {.kind = CR_V_NUM};
	size_t m = ns->n;
	if (c == 2 * m + 1)
		v.kind = CR_V_NULL;
	else if (c == 2 * m + 2)
		v.num = NAN;
	else if (c % 2 == 1)
		v.num = ns->t[c / 2];
	else if (c == 0)
		v.num = ns->t[0] - 1;
	else if (c == 2 * m)
		v.num = ns->t[m - 1] + 1;
	else
		v.num = ns->t[c / 2 - 1] + (ns->t[c / 2] - ns->t[c / 2 - 1]) / 2;
	for (size_t k = 0; k < nlive; k++) {
		bool pass = true;
		for (unsigned j = 0; j < p->live[k].ng && pass; j++) {
			const cr_guard *g = &p->live[k].gd[j].g;
			if (g->kind == CR_GUARD_NUMBER && g->fact == ns->fact)
				pass = v.kind == CR_V_NUM && !isnan(v.num) && cr_guard_compare(g->cmp, v.num, g->value);
		}
		if (pass)
			row[k / 64] |= (uint64_t)1 << (k % 64);
	}
}

/* The multiple-choice facts the live rules' ticked guards read ('a' in x); beyond MAX_GUARD_FACTS, tested rule by rule. */
static size_t plan_ticks(cr_assess_plan *p, size_t nlive)
{
	size_t n = 0;
	for (size_t k = 0; k < nlive; k++)
		for (unsigned j = 0; j < p->live[k].ng; j++) {
			const cr_guard *g = &p->live[k].gd[j].g;
			if (g->kind != CR_GUARD_TICKED)
				continue;
			size_t i = 0;
			while (i < n && p->ticks[i].fact != g->fact)
				i++;
			if (i == n && n < MAX_GUARD_FACTS)
				p->ticks[n++] = (tickslot){.fact = g->fact};
		}
	return n;
}

/*
 * Fills ts's rows (see ruleset): each live rule's first ticked guard on ts's
 * fact is indexed (a second one on the same fact is tested rule by rule);
 * a rule with none passes whatever is ticked.
 */
static void tick_rows(cr_assess_plan *p, size_t nlive, size_t nwords, tickslot *ts)
{
	uint64_t *rows = p->index + ts->at;
	for (size_t k = 0; k < nlive; k++) {
		guard *gd = NULL;
		for (unsigned j = 0; j < p->live[k].ng && !gd; j++)
			if (p->live[k].gd[j].g.kind == CR_GUARD_TICKED && p->live[k].gd[j].g.fact == ts->fact)
				gd = &p->live[k].gd[j];
		uint64_t bit = (uint64_t)1 << (k % 64);
		if (!gd) {
			rows[64 * nwords + k / 64] |= bit;
			continue;
		}
		gd->indexed = true;
		ts->any |= gd->g.mask;
		for (size_t c = 0; c < 64; c++)
			if ((gd->g.mask >> c) & 1)
				rows[c * nwords + k / 64] |= bit;
	}
}

/*
 * What of a planned rule's condition is left to evaluate once its guards
 * have passed (by the index or one by one): the one term of its `and` that is
 * not a guard, when there is one (`years_niche < 10 and (ai_domain == 'no' or
 * ...)`: the `or`), so that the terms the index decided are not tested again;
 * else the whole condition. Whole when a guard was left out for want of room.
 */
static const cr_expr *rest_of(const cr_kb *kb, const planned *pr)
{
	cr_guard g[MAX_RULE_GUARDS];
	bool all;
	if (!pr->ng || cr_expr_guards(pr->rule->when, &kb->schema, g, MAX_RULE_GUARDS, &all) != pr->ng)
		return pr->rule->when;
	return cr_expr_rest(pr->rule->when, &kb->schema, MAX_RULE_GUARDS);
}

/* The hot fields of n planned rules (see hot_rule), once their guards and flags are final; the caller frees. */
static hot_rule *hot_rules(const cr_kb *kb, const planned *v, size_t n)
{
	hot_rule *h = cr_xcalloc(n + 1, sizeof *h);
	for (size_t k = 0; k < n; k++) {
		const cr_rule *r = v[k].rule;
		size_t t = (size_t)(r->theme - kb->themes);
		h[k] = (hot_rule){
			.when = v[k].whole ? NULL : rest_of(kb, &v[k]),
			.score = r->score,
			.score_const = r->score_const,
			.rule = (uint32_t)(r - kb->rules), /* the loader takes at most 20,000 rules */
			.theme = r->theme && t < kb->nthemes && t < HOT_NO_THEME ? (uint16_t)t : HOT_NO_THEME,
			.unindexed = v[k].unindexed,
			.warning = (uint8_t)r->warning,
		};
	}
	return h;
}

cr_assess_plan *cr_assess_plan_new(const cr_kb *kb, const cr_questionnaire *q)
{
	cr_assess_plan *p = cr_xcalloc(1, sizeof *p);
	p->kb = kb;
	p->q = q;
	/* A fact some questionnaire asks, but not this one, is always null here... */
	bool *elsewhere = cr_xcalloc(kb->schema.n + 1, sizeof *elsewhere);
	bool *here = cr_xcalloc(kb->schema.n + 1, sizeof *here);
	bool *live = cr_xcalloc(kb->schema.n + 1, sizeof *live);
	for (size_t i = 0; i < kb->nquestionnaires; i++)
		for (size_t j = 0; j < kb->questionnaires[i].nquestions; j++)
			mark_facts(&kb->questionnaires[i].questions[j], elsewhere);
	for (size_t j = 0; j < q->nquestions; j++)
		mark_facts(&q->questions[j], here);
	for (size_t f = 0; f < kb->schema.n; f++)
		live[f] = here[f] || !elsewhere[f];
	/* ...unless the engine fills it in: set_derived() takes the sector from the occupation. */
	if (kb->derived.sector >= 0)
		live[kb->derived.sector] = true;
	/* Each rule's guard: a quick test that must pass before its condition is worth evaluating. */
	size_t ngfacts = 0;
	p->every = cr_xcalloc(kb->nrules + 1, sizeof *p->every);
	p->live = cr_xcalloc(kb->nrules + 1, sizeof *p->live);
	for (size_t i = 0; i < kb->nrules; i++) {
		planned *pr = &p->every[i];
		pr->rule = &kb->rules[i];
		cr_guard g[MAX_RULE_GUARDS];
		size_t n = cr_expr_guards(kb->rules[i].when, &kb->schema, g, MAX_RULE_GUARDS, &pr->whole);
		for (size_t j = 0; j < n; j++) {
			size_t slot = 0;
			if (g[j].kind == CR_GUARD_CHOICE) {
				while (slot < ngfacts && p->gfacts[slot] != g[j].fact)
					slot++;
				if (slot == ngfacts && ngfacts == MAX_GUARD_FACTS) {
					pr->whole = false; /* no room: this one is left to the full evaluation */
					continue;
				}
				if (slot == ngfacts)
					p->gfacts[ngfacts++] = g[j].fact;
			}
			pr->gd[pr->ng++] = (guard){g[j], (int)slot};
		}
		/*
		 * With no guard, "the guards are the whole condition" says the rule
		 * always fires: true of `when: "true"` (the core rules), which then
		 * skips its evaluation every row; anything else is evaluated.
		 */
		if (!pr->ng)
			pr->whole = cr_expr_is_true(kb->rules[i].when);
	}
	size_t nlive = 0;
	for (size_t i = 0; i < kb->nrules; i++)
		if (!cr_expr_never(kb->rules[i].when, live))
			p->live[nlive++] = p->every[i];
	free(elsewhere);
	free(here);
	free(live);
	size_t nch = 0;
	for (size_t g = 0; g < ngfacts; g++) {
		p->gchoice_at[g] = nch;
		nch += kb->schema.v[p->gfacts[g]].nchoices;
	}
	p->gchoice_at[ngfacts] = nch;
	p->gchoices = cr_xcalloc(nch + 1, sizeof *p->gchoices);
	for (size_t g = 0; g < ngfacts; g++)
		for (size_t c = 0; c < kb->schema.v[p->gfacts[g]].nchoices; c++)
			p->gchoices[p->gchoice_at[g] + c] = kb->schema.v[p->gfacts[g]].choices[c];
	for (size_t g = 0; g < ngfacts; g++)
		choice_hash(p->gchoices + p->gchoice_at[g], p->gchoice_at[g + 1] - p->gchoice_at[g], &p->gchash[g]);
	p->rs = (ruleset){.v = p->live, .n = nlive, .gfacts = p->gfacts, .ngfacts = ngfacts, .gchoices = p->gchoices,
			  .gchoice_at = p->gchoice_at, .gchash = p->gchash};
	p->all = (ruleset){.v = p->every, .n = kb->nrules, .gfacts = p->gfacts, .ngfacts = ngfacts, .gchoices = p->gchoices,
			   .gchoice_at = p->gchoice_at, .gchash = p->gchash};
	/* The index of the live rules by the values of the choice facts their guards read. */
	size_t nwords = (nlive + 63) / 64;
	if (nwords && nwords <= MAX_INDEX_WORDS) {
		size_t nnums = plan_numbers(p, nlive);
		size_t rows = 0;
		for (size_t g = 0; g < ngfacts; g++) {
			p->index_at[g] = rows * nwords;
			rows += kb->schema.v[p->gfacts[g]].nchoices + 1;
		}
		for (size_t g = 0; g < nnums; g++) {
			p->nums[g].at = rows * nwords;
			rows += 2 * p->nums[g].n + 3;
		}
		size_t nticks = plan_ticks(p, nlive);
		for (size_t g = 0; g < nticks; g++) {
			p->ticks[g].at = rows * nwords;
			rows += 64 + 1;
		}
		p->index = cr_xcalloc(rows * nwords + 1, sizeof *p->index);
		for (size_t g = 0; g < nnums; g++)
			for (size_t c = 0; c < 2 * p->nums[g].n + 3; c++)
				number_row(p, nlive, &p->nums[g], c, p->index + p->nums[g].at + c * nwords);
		for (size_t k = 0; k < nlive; k++)
			for (unsigned j = 0; j < p->live[k].ng; j++) {
				guard *gd = &p->live[k].gd[j];
				gd->indexed = gd->g.kind == CR_GUARD_CHOICE || (gd->g.kind == CR_GUARD_NUMBER && num_slot(p, nnums, gd->g.fact));
			}
		for (size_t g = 0; g < nticks; g++) /* after the line above, which leaves ticked guards unindexed */
			tick_rows(p, nlive, nwords, &p->ticks[g]);
		p->rs.nums = p->nums;
		p->rs.nnums = nnums;
		p->rs.ticks = p->ticks;
		p->rs.nticks = nticks;
		for (size_t g = 0; g < ngfacts; g++) {
			size_t nc = kb->schema.v[p->gfacts[g]].nchoices;
			for (size_t c = 0; c <= nc; c++) {
				uint64_t *row = p->index + p->index_at[g] + c * nwords;
				for (size_t k = 0; k < nlive; k++) {
					bool pass = true;
					for (unsigned j = 0; j < p->live[k].ng; j++) {
						const guard *gd = &p->live[k].gd[j];
						if (gd->g.kind == CR_GUARD_CHOICE && (size_t)gd->slot == g)
							pass = pass && c < nc && c < 64 && ((gd->g.mask >> c) & 1);
					}
					if (pass)
						row[k / 64] |= (uint64_t)1 << (k % 64);
				}
			}
		}
		p->rs.index = p->index;
		p->rs.index_at = p->index_at;
		p->rs.nwords = nwords;
	}
	for (size_t k = 0; k < nlive; k++)
		for (unsigned j = 0; j < p->live[k].ng; j++)
			p->live[k].unindexed |= !p->live[k].gd[j].indexed;
	for (size_t i = 0; i < kb->nrules; i++)
		p->every[i].unindexed = p->every[i].ng > 0; /* `all` has no index */
	p->live_hot = hot_rules(kb, p->live, nlive);
	p->every_hot = hot_rules(kb, p->every, kb->nrules);
	p->rs.hot = p->live_hot;
	p->all.hot = p->every_hot;
	if (p->rs.index) {
		p->eval = cr_xcalloc(p->rs.nwords, sizeof *p->eval);
		for (size_t k = 0; k < nlive; k++)
			if (p->live_hot[k].unindexed || p->live_hot[k].when)
				p->eval[k / 64] |= (uint64_t)1 << (k % 64);
		p->rs.eval = p->eval;
	}
	/* Buffers for cr_assess_plan_run(), sized for any answers. */
	size_t nadvice = 0, max_skills = 0;
	for (size_t i = 0; i < kb->nrules; i++)
		nadvice += kb->rules[i].nrecs;
	for (size_t i = 0; i < kb->nroles; i++)
		if (kb->roles[i].skills.n > max_skills)
			max_skills = kb->roles[i].skills.n;
	p->b.facts = cr_xcalloc(kb->schema.n + 1, sizeof *p->b.facts);
	p->b.fired = cr_xcalloc(kb->nrules + 1, sizeof *p->b.fired);
	p->b.advice = cr_xcalloc(nadvice + 1, sizeof *p->b.advice);
	p->b.trans = cr_xcalloc(kb->nroles + 1, sizeof *p->b.trans);
	p->b.max_role_skills = max_skills + 1;
	p->b.adds = cr_xcalloc(KEEP_TRANSITIONS * p->b.max_role_skills, sizeof *p->b.adds);
	p->b.flags = cr_xcalloc(CR_MAX_FLAGS, sizeof *p->b.flags);
	size_t maxq = 0; /* cr_assess_plan_run() also takes answers to another questionnaire */
	for (size_t i = 0; i < kb->nquestionnaires; i++)
		if (kb->questionnaires[i].nquestions > maxq)
			maxq = kb->questionnaires[i].nquestions;
	p->b.unasked = cr_xcalloc(maxq + q->nquestions + 1, sizeof *p->b.unasked);
	p->b.missing = cr_xcalloc(kb->schema.n + 1, sizeof *p->b.missing);
	p->b.fact_qi = cr_xcalloc(kb->schema.n + 1, sizeof *p->b.fact_qi);
	p->b.looked_up = NULL;
	p->b.expertise_bit = kb->derived.skills >= 0 ? cr_factdef_choice(&kb->schema.v[kb->derived.skills], "domain-expertise") : -1;
	cr_inputs_init(kb, &p->in);
	p->b.in = &p->in;
	p->b.rec_slot = cr_xcalloc(kb->nrecs + 1, sizeof *p->b.rec_slot);
	if (kb->nroles <= 64) {
		p->b.occ_from = cr_xcalloc(kb->noccupations + 1, sizeof *p->b.occ_from);
		p->b.occ_from_known = cr_xcalloc(kb->noccupations + 1, sizeof *p->b.occ_from_known);
	}
	/* Each role's skills as one mask, when they map to distinct bits, and its fit for each count held. */
	size_t nfit = 0;
	for (size_t i = 0; i < kb->nroles; i++)
		nfit += kb->roles[i].skills.n + 1;
	p->b.rec_rank = id_ranks(kb->nrecs, kb->recs, sizeof *kb->recs, offsetof(cr_rec, id));
	p->b.rule_always = cr_xcalloc(kb->nrules + 1, sizeof *p->b.rule_always);
	for (size_t i = 0; i < kb->nrules; i++)
		p->b.rule_always[i] = cr_rule_always_fires(&kb->rules[i]);
	p->b.role_rank = id_ranks(kb->nroles, kb->roles, sizeof *kb->roles, offsetof(cr_role, id));
	p->b.occ_sector = cr_xcalloc(kb->noccupations + 1, sizeof *p->b.occ_sector);
	p->b.occ_sector_known = cr_xcalloc(kb->noccupations + 1, sizeof *p->b.occ_sector_known);
	p->b.role_mask = cr_xcalloc(kb->nroles + 1, sizeof *p->b.role_mask);
	p->b.role_fit = cr_xcalloc(nfit + 1, sizeof *p->b.role_fit);
	p->b.role_fit_at = cr_xcalloc(kb->nroles + 1, sizeof *p->b.role_fit_at);
	for (size_t i = 0, at = 0; i < kb->nroles; i++) {
		const cr_role *role = &kb->roles[i];
		uint64_t m = 0;
		bool distinct = role->skills.n > 0;
		for (size_t j = 0; j < role->skills.n && distinct; j++) {
			int bit = role->skill_bits[j];
			distinct = bit >= 0 && bit < 64 && !(m & ((uint64_t)1 << bit));
			if (distinct)
				m |= (uint64_t)1 << bit;
		}
		p->b.role_mask[i] = distinct ? m : 0;
		p->b.role_fit_at[i] = at;
		for (size_t h = 0; h <= role->skills.n; h++)
			p->b.role_fit[at + h] = role->skills.n ? (int)lround(100.0 * (double)h / (double)role->skills.n) : 0;
		at += role->skills.n + 1;
	}
	p->b.adv = cr_advice_tab_new(kb, &p->b);
	return p;
}

void cr_bufs_look_up(bufs *b, const cr_kb *kb, const cr_questionnaire *q)
{
	if (b->looked_up == q)
		return;
	size_t qi;
	b->goals_qi = cr_questionnaire_find(q, "goals", &qi) ? (long)qi : -1;
	for (size_t f = 0; f < kb->schema.n; f++)
		b->fact_qi[f] = -1;
	for (size_t i = q->nquestions; i-- > 0;) /* backwards, so the first question asking a fact is kept */
		if (q->questions[i].fact >= 0 && (size_t)q->questions[i].fact < kb->schema.n)
			b->fact_qi[q->questions[i].fact] = (long)i;
	b->looked_up = q;
}

size_t cr_assess_plan_rules(const cr_assess_plan *p)
{
	return p->rs.n;
}

void cr_assess_plan_free(cr_assess_plan *p)
{
	if (!p)
		return;
	free(p->live);
	free(p->every);
	free(p->live_hot);
	free(p->every_hot);
	free(p->gchoices);
	free(p->index);
	free(p->eval);
	free(p->b.facts);
	free(p->b.fired);
	free(p->b.advice);
	free(p->b.trans);
	free(p->b.adds);
	free(p->b.flags);
	free(p->b.unasked);
	free(p->b.missing);
	free(p->b.fact_qi);
	cr_inputs_free(&p->in);
	free(p->b.rec_slot);
	free(p->b.occ_from);
	free(p->b.occ_from_known);
	free(p->b.rec_rank);
	free(p->b.rule_always);
	free(p->b.role_rank);
	cr_advice_tab_free(p->b.adv);
	free(p->b.occ_sector);
	free(p->b.occ_sector_known);
	free(p->b.role_mask);
	free(p->b.role_fit);
	free(p->b.role_fit_at);
	free(p);
}

enum cr_status cr_assess_planned(const cr_assess_plan *p, const cr_answers *as, unsigned flags, cr_result **out,
				 cr_diags *d)
{
	*out = cr_assess_with(p->kb, as->q == p->q ? &p->rs : &p->all, as, flags, NULL);
	return cr_assess_checked(out, d);
}

void cr_assess_plan_keep_advice(cr_assess_plan *p, size_t n)
{
	p->b.keep_advice = n;
}

const cr_result *cr_assess_plan_run(cr_assess_plan *p, const cr_answers *as)
{
	return cr_assess_with(p->kb, as->q == p->q ? &p->rs : &p->all, as, CR_ASSESS_NO_SENSITIVITY, &p->b);
}
