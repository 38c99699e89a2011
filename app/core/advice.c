/*
 * advice.c - what the person can do about the score (see assess_private.h).
 *
 * Once the engine has fired the rules, the recommendations they name are
 * ranked by impact, effort and the rule's weight and tagged with the seeds'
 * four steps (res->plan); the growing roles within reach are ranked by how
 * the person's occupation and skills fit them; and, for a full assessment,
 * each lever within the person's reach (a choice they could make) is re-scored
 * with the engine to find the few changes that would lower the score most.
 * Apart from the engine because it reads the result rather than making it: a
 * change to how advice is ranked cannot move a score.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assess_private.h"
#include "util.h"

/* ---- advice --------------------------------------------------------------- */

/*
 * Insertion sort, for the short lists of one assessment (a few dozen entries,
 * where it beats qsort). The orders used are total, ties broken by id, so the
 * result is the one qsort would give.
 */
static void small_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	char tmp[128];
	char *b = base;
	if (size > sizeof tmp) {
		qsort(base, n, size, cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		size_t j = i;
		memcpy(tmp, b + i * size, size);
		while (j > 0 && cmp(b + (j - 1) * size, tmp) > 0) {
			memcpy(b + j * size, b + (j - 1) * size, size);
			j--;
		}
		if (j != i)
			memcpy(b + j * size, tmp, size);
	}
}

static int advice_cmp(const void *a, const void *b)
{
	const cr_advice *x = a, *y = b;
	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return strcmp(x->rec->id, y->rec->id);
}

/* ---- the person's goals ------------------------------------------------------ */

/*
 * Goals are free text ("Become a clinical nurse specialist and help the ward
 * use the new documentation tools safely"), matched to recommendations and
 * roles by word stems: lower-cased letters, a common suffix cut off
 * (specialist, specialism -> special; managers, management -> manag), words
 * that say nothing about a goal dropped. A recommendation serves a goal when
 * every word of one of its `goals` phrases (recommendations.yaml) is in it; a
 * role, when the words of its title are. Crude, but it never invents a match: a goal nothing matches is
 * printed back as the person wrote it, with no item claiming to serve it.
 */
#define STEM_MAX 24
#define GOAL_WORDS 24

static const char *const goal_stop[] = {
	"the", "and", "for", "with", "into", "from", "more", "less", "better", "being", "become", "becoming",
	"would", "like", "want", "have", "work", "working", "years", "year", "time", "able", "make", "keep",
	"stay", "still", "some", "that", "this", "then", "than", "them", "they", "their", "there", "what",
	"when", "where", "which", "while", "about", "also", "just", "very", "much", "help", "helping", "good",
	"great", "role", "job", "jobs", "life", "two", "three", "new", "use", "using", "get", "our", "can",
	"your", "you", "own", "all", "any", "day", "days", "way", "one", "out", "not", "who", "how", "people", NULL};

/* Cuts word w (lower-case letters, NUL-terminated, in place) to its stem. */
static void stem(char *w)
{
	static const char *const suf[] = {"ations", "ation", "ments", "ment", "ists", "isms", "ings", "ist", "ism",
					   "ing", "ise", "ize", "ers", "er", "ies", "es", "ed", "al", "s", NULL};
	size_t n = strlen(w);
	for (size_t i = 0; suf[i]; i++) {
		size_t k = strlen(suf[i]);
		if (n < k + 3 || strcmp(w + n - k, suf[i]) != 0)
			continue;
		if (suf[i][0] == 'e' && suf[i][1] == 'r' && w[n - k - 1] == 'e')
			continue; /* career, engineer: not a -er of their own */
		n -= k;
		if (strcmp(suf[i], "ies") == 0)
			w[n++] = 'y';
		w[n] = '\0';
		break;
	}
	if (n > 3 && w[n - 1] == 'e')
		w[--n] = '\0';
}

/* The stems of text's words, at most max; returns how many. */
static size_t stems_of(const char *text, size_t len, char (*out)[STEM_MAX], size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < len && n < max;) {
		while (i < len && !((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z'))
			i++;
		char w[STEM_MAX];
		size_t k = 0;
		for (; i < len && (text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z'; i++)
			if (k + 1 < sizeof w)
				w[k++] = (char)(text[i] | 0x20);
		w[k] = '\0';
		bool stop = k < 3;
		for (size_t j = 0; !stop && goal_stop[j]; j++)
			stop = strcmp(w, goal_stop[j]) == 0;
		if (stop)
			continue;
		stem(w);
		memcpy(out[n++], w, sizeof w);
	}
	return n;
}

static bool has_stem(char (*v)[STEM_MAX], size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], w) == 0)
			return true;
	return false;
}

/*
 * Copies the answer to `goals` into buf (cap bytes) cut into phrases, and
 * points res->goals at them. A phrase ends at '.', ';', ',' or a line break
 * (not at "and": "controls and AI audit" is one goal); empty ones are dropped.
 */
static void read_goals(const cr_answers *as, const bufs *b, cr_result *res, char *buf, size_t cap)
{
	size_t qi = 0;
	const cr_question *q;
	if (b) /* with a plan, the question was looked up once for the questionnaire */
		q = b->goals_qi >= 0 ? &as->q->questions[qi = (size_t)b->goals_qi] : NULL;
	else
		q = cr_questionnaire_find(as->q, "goals", &qi);
	if (!q || q->type != CR_Q_TEXT || as->a[qi].state != CR_A_GIVEN || !as->a[qi].str)
		return;
	snprintf(buf, cap, "%s", as->a[qi].str);
	for (char *p = buf; *p;) {
		char *end = p + strcspn(p, ".;,\n\r");
		char stop = *end;
		*end = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "and ", 4) == 0) /* "...; and travel" */
			p += 4;
		for (char *e = end; e > p && (e[-1] == ' ' || e[-1] == '\t');)
			*--e = '\0';
		if (*p && res->ngoals < CR_MAX_GOALS)
			res->goals[res->ngoals++] = p;
		if (!stop)
			break;
		p = end + 1;
	}
}

/*
 * The goal (index) that recommendation rec serves, or -1: every word of one of
 * its `goals` phrases is in the goal. Only those phrases count, not the title:
 * a title's words match by accident ("a question from your last shift" is not
 * about becoming a shift supervisor).
 */
static int rec_goal(const cr_rec *rec, char (*g)[GOAL_WORDS][STEM_MAX], const size_t *ng, size_t ngoals)
{
	for (size_t k = 0; k < ngoals; k++) {
		for (size_t i = 0; i < rec->goals.n; i++) {
			char kw[4][STEM_MAX];
			size_t nkw = stems_of(rec->goals.v[i], strlen(rec->goals.v[i]), kw, 4);
			bool all = nkw > 0;
			for (size_t j = 0; j < nkw && all; j++)
				all = has_stem(g[k], ng[k], kw[j]);
			if (all)
				return (int)k;
		}
	}
	return -1;
}

/* The goal (index) that a role serves (a word of its title in the goal), or -1. */
static int role_goal(const cr_role *role, const cr_result *res)
{
	char tw[8][STEM_MAX];
	size_t nt = stems_of(role->title, strlen(role->title), tw, 8);
	for (size_t k = 0; k < res->ngoals; k++) {
		char g[GOAL_WORDS][STEM_MAX];
		size_t ng = stems_of(res->goals[k], strlen(res->goals[k]), g, GOAL_WORDS);
		size_t hit = 0;
		for (size_t j = 0; j < nt; j++)
			hit += has_stem(g, ng, tw[j]);
		/* every word of a one- or two-word title, or two of a longer one ("AI product manager") */
		if (nt && hit >= (nt < 2 ? nt : 2))
			return (int)k;
	}
	return -1;
}

const char *cr_result_goal(const cr_result *r, int serves_goal)
{
	return serves_goal >= 0 && (size_t)serves_goal < r->ngoals ? r->goals[serves_goal] : NULL;
}

/* A rule whose condition is `true`: it fires for everyone (the core rules). */
bool cr_rule_always_fires(const cr_rule *r)
{
	return !r->when_text || same(r->when_text, "true"); /* asked for every recommendation of every fired rule */
}

/* Answered "I want to stay in my present role and make it stronger". */
static bool wants_to_stay(const cr_kb *kb, const cr_value *facts)
{
	const cr_value *v = fact(facts, kb->derived.change_openness);
	return v->kind == CR_V_STR && strcmp(v->str, "stay") == 0;
}

/*
 * What the recommendations' walk reads, laid out once per plan. The walk
 * took each fired rule's array of pointers and then each cr_rec (a large
 * struct among texts) for four small numbers, and with rows that differ those
 * lines were gone from the first-level cache by the next row: some forty
 * misses a row. Here a rule's recommendations are a run of 8-byte entries in
 * one block, so a fired rule's are usually one line, and the marks of the
 * recommendations taken (`slot`) are bytes beside them.
 */
enum { ADV_WEEK = 1, ADV_WHEN = 2, HELD_WORDS = 8 };

typedef struct adv_ent {
	uint16_t ri;           /* index into kb->recs */
	uint16_t rank;         /* the id's place in strcmp order (bufs.rec_rank) */
	int8_t impact, effort; /* the rec's, as the weight reads them */
	uint8_t step;
	uint8_t flags;         /* ADV_WEEK: horizon a week; ADV_WHEN: has a `when` */
} adv_ent;

/* A rule that recommends a recommendation, as advice_first reads it for the few it keeps. */
typedef struct adv_by {
	uint32_t r;            /* its index in kb->rules */
	uint32_t creditable;   /* !cr_rule_always_fires() */
} adv_by;

typedef struct adv_rule {
	double room;           /* its theme's max (1 when not above 0): the urgency's divisor */
	double warns;          /* 1.5 when it warns of a known mistake, else 0 */
	double top;            /* the most impact * 2 + the week's 0.5 of its recommendations */
	double effort_lo;      /* twice the least effort of its recommendations */
	uint16_t at;           /* its first entry */
	uint8_t n;             /* its recommendations */
	uint8_t creditable;    /* !cr_rule_always_fires() */
} adv_rule;

/*
 * A role as the roles walk reads it for a role within reach (in one 8-byte
 * entry, not three arrays of the plan's): whether the skills held reach half
 * of its skills is a count compared with `need` (advice_tab.need), so the fit
 * itself (a byte of `fit`) is read only for a role within reach; and the
 * tie-breaks of the ranking (the shortest move, then the id) are one key.
 */
typedef struct adv_role {
	uint32_t later;        /* INT32_MAX - (months_lo * 256 + the id's rank): trans_cmp's last two tests in one, larger first */
	uint16_t fit_at;       /* its row of fit: the fit for 0..n skills held; of bits: its n skills' bits */
	uint8_t need;          /* the fewest skills held whose fit is at least 50 (n + 1: none) */
	uint8_t n;             /* its skills */
} adv_role;

/* The stems of a result's goals, kept off the stack (see cr_advice_build). */
typedef struct goal_words {
	char w[CR_MAX_GOALS][GOAL_WORDS][STEM_MAX];
	size_t n[CR_MAX_GOALS];
} goal_words;

struct advice_tab {
	goal_words gw;         /* the goals' stems, for a plan's assessments one at a time */
	adv_rule *rules;       /* per kb rule */
	adv_ent *ents;         /* each rule's recommendations, in its order */
	uint8_t *slot;         /* per recommendation: its place in the advice + 1, or 0 (all 0 between uses) */
	uint32_t *by_at;       /* per recommendation: where its rules start in by (nrecs + 1) */
	struct adv_by *by;     /* the kb rules that recommend each recommendation */
	uint32_t *fpos;        /* per kb rule: its place in the result's fired while advice_first runs, else ADV_UNFIRED */
	uint32_t *fpos_set;    /* the kb rules whose fpos advice_first set (room for nrules + 1), to put back */
	adv_role *roles;       /* per kb role; NULL when a field would not fit (the walk reads bufs' tables) */
	uint8_t *fit;          /* bufs.role_fit as bytes (0-100) */
	int8_t *bits;          /* each role's skill_bits as bytes (-1: not a choice of the skills fact), as fit */
	/* per skill bit, 8 words whose byte i is 1 when role i's mask has it (nroles <= 64, every role a mask; else NULL) */
	uint64_t *held_inc;
	uint64_t need[HELD_WORDS]; /* with held_inc: byte i role i's `need`, ROLE_NEVER when no count reaches 50 */
};

#define ADV_UNFIRED UINT32_MAX /* advice_tab.fpos of a rule that did not fire */

/* a count of skills held no role's fit reaches: above any count (<= 64), below a byte's high bit */
#define ROLE_NEVER 127

/* The roles' part of t (t->roles stays NULL when one does not fit its fields). */
static void role_tab_new(struct advice_tab *t, const cr_kb *kb, const bufs *b)
{
	size_t nfit = 0;
	if (!b->role_mask || !b->role_fit || !b->role_fit_at || !b->role_rank || kb->nroles > 256)
		return;
	for (size_t i = 0; i < kb->nroles; i++) {
		const cr_role *role = &kb->roles[i];
		if (role->skills.n > 254 || role->months_lo < -(1 << 22) || role->months_lo >= (1 << 22))
			return;
		for (size_t j = 0; j < role->skills.n; j++)
			if (role->skill_bits[j] < -1 || role->skill_bits[j] > 63)
				return;
		nfit += role->skills.n + 1;
	}
	if (nfit > UINT16_MAX)
		return;
	t->roles = cr_xcalloc(kb->nroles + 1, sizeof *t->roles);
	t->fit = cr_xcalloc(nfit + 1, 1);
	t->bits = cr_xcalloc(nfit + 1, 1);
	for (size_t i = 0, at = 0; i < kb->nroles; i++) {
		const cr_role *role = &kb->roles[i];
		size_t n = role->skills.n, need = n + 1;
		for (size_t h = n + 1; h-- > 0;) {
			int fit = b->role_fit[b->role_fit_at[i] + h];
			t->fit[at + h] = (uint8_t)fit; /* lround(100 * h / n): 0-100 */
			if (fit >= 50)
				need = h; /* the fit grows with h */
		}
		for (size_t j = 0; j < n; j++)
			t->bits[at + j] = (int8_t)role->skill_bits[j];
		t->roles[i] = (adv_role){(uint32_t)((int64_t)INT32_MAX - (role->months_lo * 256 + b->role_rank[i])),
					 (uint16_t)at, (uint8_t)need, (uint8_t)n};
		at += n + 1;
	}
	bool masked = kb->nroles <= 64;
	for (size_t i = 0; masked && i < kb->nroles; i++)
		masked = b->role_mask[i] != 0;
	if (masked) { /* else the roles walk of cr_transitions_build, which counts a role's skills one by one */
		t->held_inc = cr_xcalloc(64 * HELD_WORDS, sizeof *t->held_inc);
		memset(t->need, ROLE_NEVER, sizeof t->need);
		for (size_t i = 0; i < kb->nroles; i++) {
			for (uint64_t m = b->role_mask[i]; m; m &= m - 1)
				((uint8_t *)(t->held_inc + (size_t)__builtin_ctzll(m) * HELD_WORDS))[i] = 1;
			if (t->roles[i].need < ROLE_NEVER)
				((uint8_t *)t->need)[i] = t->roles[i].need;
		}
	}
}

struct advice_tab *cr_advice_tab_new(const cr_kb *kb, const bufs *b)
{
	size_t nents = 0;
	const int *rec_rank = b->rec_rank;
	if (!rec_rank || kb->nrecs > 254)
		return NULL;
	for (size_t i = 0; i < kb->nrules; i++) {
		const cr_rule *r = &kb->rules[i];
		if (r->nrecs > 255)
			return NULL;
		for (size_t j = 0; j < r->nrecs; j++) {
			const cr_rec *rec = r->recs[j];
			if (rec < kb->recs || rec >= kb->recs + kb->nrecs || rec->impact < INT8_MIN || rec->impact > INT8_MAX ||
			    rec->step < 0 || rec->step > UINT8_MAX || (int)rec->effort > INT8_MAX)
				return NULL;
		}
		nents += r->nrecs;
	}
	if (nents > UINT16_MAX)
		return NULL;
	/* one block: the rules' runs, the entries and the marks, in the order the walk reads them */
	size_t ra = (kb->nrules + 1) * sizeof(adv_rule), ea = (nents + 1) * sizeof(adv_ent);
	struct advice_tab *t = cr_xcalloc(1, sizeof *t + ra + ea + kb->nrecs + 1);
	t->rules = (adv_rule *)(t + 1);
	t->ents = (adv_ent *)((char *)t->rules + ra);
	t->slot = (uint8_t *)t->ents + ea;
	t->by_at = cr_xcalloc(kb->nrecs + 2, sizeof *t->by_at);
	t->by = cr_xcalloc(nents + 1, sizeof *t->by);
	t->fpos = cr_xcalloc(kb->nrules + 1, sizeof *t->fpos);
	t->fpos_set = cr_xcalloc(kb->nrules + 1, sizeof *t->fpos_set);
	for (size_t i = 0; i < kb->nrules; i++)
		t->fpos[i] = ADV_UNFIRED;
	size_t at = 0;
	for (size_t i = 0; i < kb->nrules; i++) {
		const cr_rule *r = &kb->rules[i];
		adv_rule *ar = &t->rules[i];
		*ar = (adv_rule){.room = r->theme->max > 0 ? r->theme->max : 1, .warns = r->warning ? 1.5 : 0, .top = -INFINITY,
				 .effort_lo = INFINITY, .at = (uint16_t)at, .n = (uint8_t)r->nrecs,
				 .creditable = !cr_rule_always_fires(r)};
		for (size_t j = 0; j < r->nrecs; j++) {
			const cr_rec *rec = r->recs[j];
			size_t ri = (size_t)(rec - kb->recs);
			t->ents[at++] = (adv_ent){(uint16_t)ri, (uint16_t)rec_rank[ri], (int8_t)rec->impact, (int8_t)rec->effort,
						  (uint8_t)rec->step,
						  (uint8_t)((rec->horizon == CR_H_WEEK ? ADV_WEEK : 0) | (rec->when ? ADV_WHEN : 0))};
			ar->top = fmax(ar->top, rec->impact * 2.0 + (rec->horizon == CR_H_WEEK ? 0.5 : 0));
			ar->effort_lo = fmin(ar->effort_lo, (double)rec->effort * 2);
			t->by_at[ri + 2]++;
		}
	}
	/* each recommendation's rules: counted above one place on, so that filling moves each start to its place */
	for (size_t ri = 2; ri < kb->nrecs + 2; ri++)
		t->by_at[ri] += t->by_at[ri - 1];
	for (size_t i = 0; i < kb->nrules; i++)
		for (size_t j = 0; j < kb->rules[i].nrecs; j++)
			t->by[t->by_at[(size_t)(kb->rules[i].recs[j] - kb->recs) + 1]++] =
				(adv_by){(uint32_t)i, t->rules[i].creditable};
	role_tab_new(t, kb, b);
	return t;
}

void cr_advice_tab_free(struct advice_tab *t)
{
	if (!t)
		return;
	free(t->roles);
	free(t->fit);
	free(t->bits);
	free(t->held_inc);
	free(t->by_at);
	free(t->by);
	free(t->fpos);
	free(t->fpos_set);
	free(t); /* the rules' runs, entries and marks are in its block */
}

/*
 * A recommendation's weight, for both walks in cr_advice_build (the plan's
 * table and the knowledge base's recommendations): impact counts most and
 * effort against it, then the urgency and warning of the rule that fired it,
 * a week's horizon, the penalty of a move (step 4) and a stated goal. Summed
 * in this order, so that equal weights stay equal whichever walk made them.
 */
static inline double rec_weight(int impact, int effort, bool week, int step, int goal, double effort_weight, double urgency,
				double warns, double move_penalty)
{
	return impact * 2.0 - (double)effort * 2 * effort_weight + urgency + warns + (week ? 0.5 : 0) -
	       (step == 4 ? move_penalty : 0) + (goal >= 0 ? 4 : 0);
}

/*
 * The batch's pick (keep_advice set, no goals stated): the first `keep`
 * recommendations in advice_cmp's order, with what the walks below give them
 * (a recommendation's weight the largest of its rules', `because` the first
 * fired rule recommending it, creditable when any such rule is), into
 * res->advice; returns how many. The walks below wrote every entry of every
 * fired rule (fifty a row) with a mark to merge it, then picked the few, and
 * branched on each row's weights throughout. Here an entry is only weighed
 * and compared with the last of the few kept so far, and a whole rule is
 * passed over when even its best recommendation could not reach them. A
 * recommendation's weight is only raised by another rule, so whichever order
 * the rules are walked in, the few kept are those the full ranking puts first;
 * `because` and creditable are then read for those few from the rules that
 * recommend them (tab->by) and where each fired (tab->fpos). A `when` is
 * tested only when its recommendation would be kept, as in the pick below.
 */
enum { ADV_KEEP_MAX = 8 };

typedef struct adv_top {
	double w;
	uint16_t ri, rank;
} adv_top;

/* a before b in advice_cmp's order (the rank stands for the id) */
static inline bool top_before(double w, unsigned rank, const adv_top *b)
{
	return w > b->w || (w == b->w && rank < b->rank);
}

static size_t advice_first(const cr_value *facts, cr_result *res, struct advice_tab *tab, size_t keep,
			   double effort_weight, double penalty)
{
	const cr_kb *kb = res->kb;
	adv_top top[ADV_KEEP_MAX];
	size_t n = 0;
	/* the weight of the last of `keep` kept: an entry below it cannot enter (-inf until `keep` are kept) */
	double floor = -INFINITY;
	uint16_t failed[32]; /* recommendations whose `when` did not hold (when more fail, they are tested again) */
	size_t nfailed = 0;
	/* backwards, so that a rule's place in fpos is its first firing's */
	for (size_t i = res->nfired; i-- > 0;) {
		const cr_fired *f = &res->fired[i];
		size_t r = (size_t)(f->rule - kb->rules);
		const adv_rule *ar = &tab->rules[r];
		tab->fpos[r] = (uint32_t)i;
		tab->fpos_set[i] = (uint32_t)r;
		double q = f->effect / ar->room;
		double urgency = f->effect > 0 ? 4 * (q < 1 ? q : 1) : 0; /* fmin(q, 1), a NaN q included */
		/* none of its recommendations weighs more (the margin covers the sums' rounding) */
		if (urgency + ar->warns + ar->top - ar->effort_lo * effort_weight + 1e-6 < floor)
			continue;
		for (const adv_ent *e = tab->ents + ar->at, *end = e + ar->n; e < end; e++) {
			double w = rec_weight(e->impact, e->effort, e->flags & ADV_WEEK, e->step, -1, effort_weight, urgency,
					      ar->warns, penalty);
			if (w < floor)
				continue; /* most entries, once the few are kept */
			size_t p = 0;
			while (p < n && top[p].ri != e->ri)
				p++;
			if (p < n) { /* kept already: recommended by another rule too; the larger weight counts */
				if (w > top[p].w) {
					adv_top t = top[p];
					t.w = w;
					for (; p > 0 && top_before(t.w, t.rank, &top[p - 1]); p--)
						top[p] = top[p - 1];
					top[p] = t;
				}
			} else {
				if (n == keep && !top_before(w, e->rank, &top[n - 1]))
					continue;
				if (e->flags & ADV_WHEN) {
					size_t k = 0;
					while (k < nfailed && failed[k] != e->ri)
						k++;
					if (k < nfailed)
						continue;
					if (!cr_expr_holds(kb->recs[e->ri].when, facts)) {
						/* the answers already do what it asks, or it does not fit the work */
						if (nfailed < CR_ARRAY_LEN(failed))
							failed[nfailed++] = e->ri;
						continue;
					}
				}
				p = n < keep ? n++ : n - 1;
				for (; p > 0 && top_before(w, e->rank, &top[p - 1]); p--)
					top[p] = top[p - 1];
				top[p] = (adv_top){w, e->ri, e->rank};
			}
			if (n == keep)
				floor = top[n - 1].w;
		}
	}
	/*
	 * Each kept one's first firing rule and whether any firing rule can be
	 * credited, over all its rules (a place of ADV_UNFIRED is above any
	 * other), with no branch on which of them fired: that branch went
	 * either way, rule by rule and row by row.
	 */
	for (size_t k = 0; k < n; k++) {
		size_t ri = top[k].ri;
		uint32_t first = ADV_UNFIRED;
		bool creditable = false;
		for (uint32_t j = tab->by_at[ri]; j < tab->by_at[ri + 1]; j++) {
			const adv_by *by = &tab->by[j];
			uint32_t at = tab->fpos[by->r];
			first = at < first ? at : first;
			creditable |= (at != ADV_UNFIRED) & (by->creditable != 0);
		}
		res->advice[k] = (cr_advice){&kb->recs[ri], res->fired[first].rule, top[k].w, 0, -1, creditable};
	}
	for (size_t i = 0; i < res->nfired; i++) /* leave the places clean for the next assessment */
		tab->fpos[tab->fpos_set[i]] = ADV_UNFIRED;
	return n;
}

void cr_advice_build(const cr_value *facts, const cr_answers *as, cr_result *res, bufs *b)
{
	if (b) {
		res->goal_text = b->goal_text;
		read_goals(as, b, res, b->goal_text, sizeof b->goal_text);
	} else {
		res->goal_text = cr_xcalloc(CR_MAX_TEXT_ANSWER + 1, 1);
		read_goals(as, NULL, res, res->goal_text, CR_MAX_TEXT_ANSWER + 1);
	}
	struct advice_tab *tab = b ? b->adv : NULL;
	/*
	 * The goals' stems (3.5 KB) in the plan's table or on the heap, and only
	 * when there are goals: as an array on the stack they put this function's
	 * other locals 3.5 KB below its caller's, on lines no other call of a row
	 * touches, so each row missed them again.
	 */
	goal_words *g = !res->ngoals ? NULL : tab ? &tab->gw : cr_xcalloc(1, sizeof *g);
	char (*gw)[GOAL_WORDS][STEM_MAX] = g ? g->w : NULL;
	size_t *ngw = g ? g->n : NULL;
	for (size_t k = 0; k < res->ngoals; k++)
		ngw[k] = stems_of(res->goals[k], strlen(res->goals[k]), gw[k], GOAL_WORDS);
	/*
	 * "Stay in my present role": growth within it comes first, so career moves
	 * (step 4) drop below everything else rather than by a few points.
	 */
	double stay_penalty = wants_to_stay(res->kb, facts) ? 20 : 0;
	if (b) {
		res->advice = b->advice;
	} else {
		size_t cap = 0;
		for (size_t i = 0; i < res->nfired; i++)
			cap += res->fired[i].rule->nrecs;
		res->advice = cr_xcalloc(cap ? cap : 1, sizeof *res->advice);
	}
	/* effort is worth more to someone more exposed: a career move ranks high at 90, low at 20 */
	double effort_weight = 1.5 - cr_clamp(res->raw, 0, 100) / 100;
	/*
	 * Retraining and moving (step 4 of the plan) answer exposure; below the
	 * elevated band they are insurance, not the first thing to do, so they
	 * lose up to 8 points of weight, in proportion to how far below 50 the
	 * score is (about 5 at 19, 7 at 7, none from 50).
	 */
	double move_penalty = 8 * fmax(0, (50 - cr_clamp(res->raw, 0, 100)) / 50);
	/*
	 * When only the first few are kept (a batch), a recommendation's `when`
	 * is tested only once it would enter those few (see the pick below),
	 * not for every recommendation of every fired rule: it is the
	 * recommendation's own condition, so it holds for all of its entries or
	 * none, and its weight does not depend on it.
	 */
	bool lazy_when = b && b->keep_advice;
	bool first = tab && lazy_when && !res->ngoals && b->keep_advice <= ADV_KEEP_MAX && isfinite(effort_weight);
	if (first)
		res->nadvice = advice_first(facts, res, tab, b->keep_advice, effort_weight, move_penalty + stay_penalty);
	for (size_t i = 0; tab && !first && i < res->nfired; i++) {
		/* the loop below, reading the plan's entries instead of the kb's recommendations */
		const cr_fired *f = &res->fired[i];
		double room = f->rule->theme->max > 0 ? f->rule->theme->max : 1;
		double urgency = f->effect > 0 ? 4 * fmin(f->effect / room, 1) : 0;
		double warns = f->rule->warning ? 1.5 : 0;
		const adv_rule *ar = &tab->rules[f->rule - res->kb->rules];
		bool creditable = ar->creditable;
		for (const adv_ent *e = tab->ents + ar->at, *end = e + ar->n; e < end; e++) {
			const cr_rec *rec = &res->kb->recs[e->ri];
			if (!lazy_when && (e->flags & ADV_WHEN) && !cr_expr_holds(rec->when, facts))
				continue;
			int goal = res->ngoals ? rec_goal(rec, gw, ngw, res->ngoals) : -1; /* most rows state none */
			double w = rec_weight(e->impact, e->effort, e->flags & ADV_WEEK, e->step, goal, effort_weight, urgency, warns,
					      move_penalty + stay_penalty);
			size_t k = tab->slot[e->ri] ? (size_t)tab->slot[e->ri] - 1 : res->nadvice;
			if (k < res->nadvice) {
				if (w > res->advice[k].weight)
					res->advice[k].weight = w;
				res->advice[k].creditable |= creditable;
				continue;
			}
			tab->slot[e->ri] = (uint8_t)(k + 1);
			/* priority holds the id's rank until the pick below sets it */
			res->advice[res->nadvice++] = (cr_advice){rec, f->rule, w, e->rank, goal, creditable};
		}
	}
	for (size_t i = 0; !tab && i < res->nfired; i++) {
		const cr_fired *f = &res->fired[i];
		/*
		 * Impact counts most and effort against it. Urgency comes from the
		 * rule that recommends it: how much of its theme's room its effect
		 * takes (a core rule adding 37 of 100 points is less pressing than
		 * a context rule at its theme's limit), and whether it warns of
		 * one of the known mistakes.
		 */
		double room = f->rule->theme->max > 0 ? f->rule->theme->max : 1;
		double urgency = f->effect > 0 ? 4 * fmin(f->effect / room, 1) : 0;
		double warns = f->rule->warning ? 1.5 : 0;
		bool creditable = !(b ? b->rule_always[f->rule - res->kb->rules] : cr_rule_always_fires(f->rule));
		for (size_t j = 0; j < f->rule->nrecs; j++) {
			const cr_rec *rec = f->rule->recs[j];
			/* the answers already do what it asks, or it does not fit the work */
			if (!lazy_when && rec->when && !cr_expr_holds(rec->when, facts))
				continue;
			int goal = rec_goal(rec, gw, ngw, res->ngoals);
			double w = rec_weight(rec->impact, (int)rec->effort, rec->horizon == CR_H_WEEK, rec->step, goal, effort_weight,
					      urgency, warns, move_penalty + stay_penalty);
			size_t k;
			size_t ri = (size_t)(rec - res->kb->recs);
			if (b && ri < res->kb->nrecs) {
				k = b->rec_slot[ri] ? (size_t)b->rec_slot[ri] - 1 : res->nadvice;
				if (k == res->nadvice)
					b->rec_slot[ri] = (int)k + 1;
			} else {
				for (k = 0; k < res->nadvice; k++)
					if (res->advice[k].rec == rec)
						break;
			}
			if (k < res->nadvice) {
				if (w > res->advice[k].weight)
					res->advice[k].weight = w;
				res->advice[k].creditable |= creditable;
				continue;
			}
			res->advice[res->nadvice++] = (cr_advice){rec, f->rule, w, b && ri < res->kb->nrecs ? b->rec_rank[ri] : 0,
								  goal, creditable};
		}
	}
	if (first) {
		/* advice_first kept them in order */
	} else if (b) {
		/*
		 * advice_cmp's order, ties broken by each id's precomputed rank (held in
		 * priority until the end) instead of strcmp. When only the first few are wanted, they are picked in one
		 * pass (each entry against the few kept so far) rather than sorting all.
		 * With lazy_when, the entries include recommendations whose `when` was
		 * not tested: one is tested when it would be kept, and skipped when it
		 * does not hold, so the kept ones are those the eager test gives (an
		 * entry that would not be kept changes nothing, whether it holds or not).
		 */
		const cr_rec *recs = res->kb->recs;
		size_t keep = lazy_when ? b->keep_advice
			    : b->keep_advice && b->keep_advice < res->nadvice ? b->keep_advice : res->nadvice;
		size_t kept = 0;
		for (size_t i = 0; i < res->nadvice; i++) {
			/* entry i is as the loop above left it: the shifts below write at most up to i - 1 */
			const cr_advice *ti = &res->advice[i];
			if (tab) /* leave the marks clean for the next assessment */
				tab->slot[ti->rec - recs] = 0;
			else
				b->rec_slot[ti->rec - recs] = 0;
			if (kept && kept == keep) {
				/* the first test of the walk below, made before copying the entry: most fail it */
				const cr_advice *x = &res->advice[kept - 1];
				if (x->weight > ti->weight || (x->weight == ti->weight && x->priority < ti->priority))
					continue; /* not among the first `keep` */
			}
			cr_advice t = *ti;
			size_t j = kept;
			while (j > 0) {
				const cr_advice *x = &res->advice[j - 1];
				if (x->weight > t.weight || (x->weight == t.weight && x->priority < t.priority))
					break;
				j--;
			}
			if (j >= keep)
				continue; /* not among the first `keep` */
			if (lazy_when && t.rec->when && !cr_expr_holds(t.rec->when, facts))
				continue; /* the answers already do what it asks, or it does not fit the work */
			/* entries i > kept are never read again, so the kept ones shift into them */
			size_t end = kept < keep ? kept : keep - 1;
			memmove(&res->advice[j + 1], &res->advice[j], (end - j) * sizeof *res->advice);
			res->advice[j] = t;
			if (kept < keep)
				kept++;
		}
		res->nadvice = kept;
	} else {
		small_sort(res->advice, res->nadvice, sizeof *res->advice, advice_cmp);
	}
	for (size_t k = 0; k < res->nadvice; k++)
		res->advice[k].priority = (int)k + 1;
	/* the plan: the first (highest-ranked) recommendation of each step */
	if (g && !tab)
		free(g);
	for (int st = 0; st < 4; st++)
		res->plan[st] = -1;
	for (size_t k = 0; k < res->nadvice; k++) {
		int st = res->advice[k].rec->step;
		if (st >= 1 && st <= 4 && res->plan[st - 1] < 0)
			res->plan[st - 1] = (int)k;
	}
}

const char *const cr_no_transition_text =
	"None yet: no growing role in the knowledge base lists your occupation as a usual way in, and you "
	"hold under half of any role's skills. Instead, start from your own field: find where AI tools meet "
	"your work (step 3 of the plan), list the skills you would add, and talk to people in growing roles "
	"near your occupation about how they moved.";

/*
 * Short labels, not instructions: the line goes on with the person's own
 * action ("First-hand practice: Ask an AI assistant about..."), which must not
 * repeat it, and a daily AI user's first step is not "try AI" (test_advice_matrix).
 */
const char *const cr_plan_steps[4] = {
	"First-hand practice",
	"Steering the change",
	"Depth others lack",
	"Insurance for later",
};

static int trans_cmp(const void *a, const void *b)
{
	const cr_transition *x = a, *y = b;
	if ((x->serves_goal >= 0) != (y->serves_goal >= 0))
		return x->serves_goal >= 0 ? -1 : 1;
	if (x->from_match != y->from_match)
		return x->from_match ? -1 : 1;
	if (x->fit != y->fit)
		return y->fit - x->fit;
	if (x->role->months_lo != y->role->months_lo)
		return x->role->months_lo - y->role->months_lo;
	return strcmp(x->role->id, y->role->id);
}

/* A SOC code starts with a code or prefix ("43-", "43-9021"); cr_str_has_prefix without the calls. */
static bool code_has_prefix(const char *code, const char *prefix)
{
	while (*prefix)
		if (*code++ != *prefix++)
			return false;
	return true;
}

/* The share of a role's skills the person holds (0-100), counted skill by skill (held: the skills fact's bits). */
static int skills_fit(const cr_role *role, uint64_t held)
{
	int have = 0;
	for (size_t j = 0; j < role->skills.n; j++)
		if (role->skill_bits[j] >= 0 && (held & ((uint64_t)1 << role->skill_bits[j])))
			have++;
	return (int)lround(100.0 * have / (double)role->skills.n);
}

/*
 * The batch's roles walk (see cr_transitions_build): the first
 * KEEP_TRANSITIONS of the roles reachable from the occupation (`from_bits`)
 * or with at least half their skills held, in trans_cmp's order (no goals:
 * a usual way in first, then the fit, then the shortest move and the id),
 * into all[]; returns how many. The reachable roles are found as a mask
 * of bits, eight roles a word, and only their keys are made (a row reaches
 * a few of the thirty-odd): a role's place in that order is one 64-bit key,
 * and the first few are picked by the largest key, a pass over the reachable
 * ones each. The per-role tests and the insertion sort this replaces
 * branched on each row's own skills, and with rows that differ those
 * branches were mispredicted (about a seventh of a batch row's time).
 */
static size_t best_roles(const cr_kb *kb, const struct advice_tab *tab, uint64_t from_bits, uint64_t held, bool stay,
			 cr_transition *all)
{
	const adv_role *rt = tab->roles;
	const uint8_t *fits = tab->fit;
	uint64_t key[64]; /* nroles <= 64 here: from_bits has a bit per role */
	uint8_t at[64];   /* key[j]'s role */
	size_t reach = 0;
	/*
	 * How many of each role's skills are held, a byte per role, added up
	 * over the few skills held (eight words for each) rather than a
	 * popcount of each role's mask: a row holds a handful of skills, and
	 * the popcount without the machine's instruction took a dozen each of
	 * the thirty-odd roles. No byte passes 64, so the words add bytewise.
	 */
	uint64_t cnt[HELD_WORDS] = {0};
	for (uint64_t m = held; m; m &= m - 1) {
		const uint64_t *inc = tab->held_inc + (size_t)__builtin_ctzll(m) * HELD_WORDS;
		for (size_t w = 0; w < HELD_WORDS; w++)
			cnt[w] += inc[w];
	}
	uint8_t has[8 * HELD_WORDS];
	memcpy(has, cnt, sizeof has);
	/*
	 * The roles whose fit reaches 50, eight at a time: byte i of cnt is
	 * role i's count and byte i of tab->need the count that reaches it, both
	 * below 128, so (count | 0x80) - need keeps the byte's high bit exactly
	 * when count >= need, and no byte borrows from the next. The multiply
	 * gathers the eight high bits (moved down to bit 0 of each byte) into
	 * the top byte, role by role. A loop of tests per role branched on each
	 * row's own counts, or (as selects) spent thirty-odd instructions on
	 * each of the thirty-odd roles when a row reaches a handful.
	 */
	const uint64_t high = 0x8080808080808080u;
	uint64_t by_fit = 0;
	for (size_t w = 0; w < HELD_WORDS; w++) {
		uint64_t ge = (((cnt[w] | high) - tab->need[w]) & high) >> 7;
		by_fit |= (ge * 0x0102040810204080u >> 56) << (8 * w);
	}
	/* someone staying is shown the roles their occupation leads to */
	uint64_t ok = stay ? from_bits : from_bits | by_fit;
	for (uint64_t m = ok; m; m &= m - 1) {
		size_t i = (size_t)__builtin_ctzll(m);
		uint64_t from = (from_bits >> i) & 1;
		unsigned fit = fits[rt[i].fit_at + has[i]];
		/* reachable, way in, fit (0-100), then the shorter move and the id (later < 2^32) */
		key[reach] = (uint64_t)1 << 42 | from << 41 | (uint64_t)fit << 33 | rt[i].later;
		at[reach++] = (uint8_t)i;
	}
	size_t take = reach < KEEP_TRANSITIONS ? reach : KEEP_TRANSITIONS;
	for (size_t t = 0; t < take; t++) {
		uint64_t best = 0;
		size_t bj = 0;
		for (size_t j = 0; j < reach; j++) {
			bool more = key[j] > best;
			best = more ? key[j] : best;
			bj = more ? j : bj;
		}
		key[bj] = 0;
		all[t] = (cr_transition){&kb->roles[at[bj]], (int)((best >> 33) & 0xff), (best >> 41) & 1, NULL, 0, -1};
	}
	return take;
}

void cr_transitions_build(const cr_kb *kb, const cr_value *facts, cr_result *res, const bufs *b)
{
	const cr_derived *dv = &kb->derived;
	const cr_value *skills = fact(facts, dv->skills);
	bool known = skills->kind == CR_V_SET;
	/*
	 * Five or more years in a specialism is domain expertise, whether or not
	 * the person ticked it (a nurse of nine years rarely thinks to): it counts
	 * as held, as the five years of niche-plus-ai do.
	 */
	uint64_t held = known ? skills->bits : 0;
	const cr_value *yr = fact(facts, dv->years_niche);
	if (yr->kind == CR_V_NUM && yr->num >= 5 && dv->skills >= 0) {
		int bit = b ? b->expertise_bit : cr_factdef_choice(&kb->schema.v[dv->skills], "domain-expertise");
		if (bit >= 0 && bit < 64)
			held |= (uint64_t)1 << bit;
	}
	cr_transition *all = b ? b->trans : cr_xcalloc(kb->nroles ? kb->nroles : 1, sizeof *all);
	bool stay = wants_to_stay(kb, facts);
	size_t n = 0;
	/* which roles the occupation is a usual way into: worked out once per occupation with a plan */
	size_t oi = res->occ ? (size_t)(res->occ - kb->occupations) : 0;
	bool cached = b && b->occ_from && res->occ && oi < kb->noccupations;
	if (cached && !b->occ_from_known[oi]) {
		uint64_t m = 0;
		for (size_t i = 0; i < kb->nroles; i++)
			for (size_t j = 0; j < kb->roles[i].from.n; j++)
				if (code_has_prefix(res->occ->code, kb->roles[i].from.v[j])) {
					m |= (uint64_t)1 << i;
					break;
				}
		b->occ_from[oi] = m;
		b->occ_from_known[oi] = 1;
	}
	/*
	 * The batch's common case (a plan's buffers, the occupation's roles worked
	 * out, the skills answered, no goals: then no role serves a goal) walks the
	 * roles with none of the tests below that do not change from role to role,
	 * from the plan's compact role entries (see adv_role), and skips a role's
	 * fit when being stay-put already rules it out. It keeps the same roles,
	 * in the same order, with the same fit.
	 */
	bool fast = cached && known && b->role_mask && !res->ngoals;
	const adv_role *rt = fast && b->adv && b->adv->held_inc ? b->adv->roles : NULL;
	/* read once: the stores into `all` below could alias them, so the compiler would read them per role */
	const uint64_t from_bits = rt ? b->occ_from[oi] : 0;
	if (rt)
		n = best_roles(kb, b->adv, from_bits, held, stay, all);
	for (size_t i = 0; !rt && i < kb->nroles; i++) {
		const cr_role *role = &kb->roles[i];
		bool from = false;
		if (cached)
			from = (b->occ_from[oi] >> i) & 1;
		else
			for (size_t j = 0; res->occ && j < role->from.n && !from; j++)
				from = code_has_prefix(res->occ->code, role->from.v[j]);
		int fit = -1;
		if (known && b && b->role_mask && b->role_mask[i])
			fit = b->role_fit[b->role_fit_at[i] + (size_t)cr_popcount64(held & b->role_mask[i])];
		else if (known)
			fit = skills_fit(role, held);
		/* reachable: a usual way in from this occupation, or at least half the skills already; or a stated goal */
		int goal = res->ngoals ? role_goal(role, res) : -1;
		if (!from && fit < 50 && goal < 0)
			continue;
		/* someone staying in their role is shown the roles their goals name or their occupation leads to */
		if (stay && !from && goal < 0)
			continue;
		all[n++] = (cr_transition){role, fit, from, NULL, 0, goal};
	}
	if (b && !rt) {
		/* trans_cmp's order, ties broken by each role id's precomputed rank instead of strcmp */
		for (size_t i = 1; i < n; i++) {
			cr_transition t = all[i];
			int tr = b->role_rank[t.role - kb->roles];
			size_t j = i;
			while (j > 0) {
				const cr_transition *x = &all[j - 1];
				int c = (x->serves_goal >= 0) != (t.serves_goal >= 0) ? (x->serves_goal >= 0 ? -1 : 1)
					: x->from_match != t.from_match ? (x->from_match ? -1 : 1)
					: x->fit != t.fit		 ? t.fit - x->fit
					: x->role->months_lo != t.role->months_lo ? x->role->months_lo - t.role->months_lo
										: b->role_rank[x->role - kb->roles] - tr;
				if (c <= 0)
					break;
				all[j] = *x;
				j--;
			}
			all[j] = t;
		}
	} else if (!rt) { /* best_roles gave them in this order: sorting them again moved nothing, in 120 instructions a row */
		small_sort(all, n, sizeof *all, trans_cmp);
	}
	size_t keep = n < KEEP_TRANSITIONS ? n : KEEP_TRANSITIONS;
	/* the skills to add, for the roles kept */
	for (size_t i = 0; i < keep; i++) {
		const cr_role *role = all[i].role;
		const char **add = b ? b->adds + i * b->max_role_skills : cr_xcalloc(role->skills.n + 1, sizeof *add);
		size_t nadd = 0;
		if (rt) {
			/* the loop below, the skills' bits read from the plan's bytes */
			const adv_role *ar = &rt[role - kb->roles];
			const int8_t *bits = b->adv->bits + ar->fit_at;
			/*
			 * written each time, kept when not held: no branch on the row's skills
			 * (every skill is a bit here: a role with one that is not leaves rt NULL)
			 */
			for (size_t j = 0; j < ar->n; j++) {
				add[nadd] = role->skills.v[j];
				nadd += !((held >> (bits[j] & 63)) & 1);
			}
		}
		for (size_t j = 0; !rt && j < role->skills.n; j++)
			if (role->skill_bits[j] < 0 || !(held & ((uint64_t)1 << role->skill_bits[j])))
				add[nadd++] = role->skills.v[j];
		all[i].add = add;
		all[i].nadd = nadd;
	}
	res->trans = all;
	res->ntrans = keep;
}

/* A change within the person's reach: set question `qid` to choice `to` (or a number). */
typedef struct lever {
	const char *qid;
	const char *to;       /* choice id, or NULL for a numeric change */
	const char *change;   /* what the person would do */
	const char *const *only_from; /* apply only when the current answer is one of these (NULL: any other) */
} lever;

static const char *const below_weekly[] = {"never", "tried", "monthly", NULL};
static const char *const below_daily[] = {"never", "tried", "monthly", "weekly", NULL};
static const char *const below_prompt[] = {"none", "consume", NULL};
static const char *const below_workflow[] = {"none", "consume", "prompt", NULL};
static const char *const not_yes[] = {"no", "exploring", NULL};
static const char *const stale[] = {"year", "longer", "never", NULL};
static const char *const hoards[] = {"yes", "sometimes", NULL};
static const char *const common[] = {"many", "several", NULL};

static const lever levers[] = {
	{"ai_frequency", "weekly", "using AI tools at least weekly", below_weekly},
	{"ai_frequency", "daily", "using AI tools every working day", below_daily},
	{"ai_depth", "prompt", "writing your own prompts and checking the output", below_prompt},
	{"ai_depth", "workflow", "setting up a repeatable AI workflow for your team", below_workflow},
	{"ai_domain", "yes", "combining AI tools with your specialist knowledge", not_yes},
	{"rarity", "few", "building expertise only a few colleagues share", common},
	{"last_learned", "month", "learning a new work tool or skill this month", stale},
	{"manual_preference", "no", "handing repeatable tasks to tools and overseeing them", hoards},
	{"data_entry", NULL, "automating half of your data entry", NULL},
	{"learning_hours", NULL, "spending 8 hours a month on learning", NULL},
	{"tasks", NULL, "moving a fifth of your week from routine work to analysis", NULL},
};

static bool in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/*
 * Someone who starts using AI tools regularly has a depth and a breadth of use
 * too, which the questionnaire did not ask while they used none. Leaving them
 * unknown would let frequency alone stand for the whole dimension and
 * overstate the change, so assume the most modest use: AI features built into
 * their software, for one kind of task (the first listed, writing, which the
 * Work Trend Index finds the most common use).
 */
static void assume_first_use(cr_answers *as)
{
	size_t qi;
	const cr_question *q = cr_questionnaire_find(as->q, "ai_depth", &qi);
	if (q && q->type == CR_Q_CHOICE && as->a[qi].state != CR_A_GIVEN) {
		for (size_t i = 0; i < q->nchoices; i++)
			if (strcmp(q->choices[i].id, "consume") == 0) {
				as->a[qi] = (cr_answer){.state = CR_A_GIVEN, .str = q->choices[i].id};
			}
	}
	q = cr_questionnaire_find(as->q, "ai_uses", &qi);
	if (q && q->type == CR_Q_MULTI && (as->a[qi].state != CR_A_GIVEN || !as->a[qi].bits))
		as->a[qi] = (cr_answer){.state = CR_A_GIVEN, .bits = 1};
}

/* Applies a lever to `as`; false when it does not apply to these answers. */
static bool apply_lever(const lever *lv, cr_answers *as)
{
	size_t qi;
	const cr_question *q = cr_questionnaire_find(as->q, lv->qid, &qi);
	if (!q)
		return false;
	cr_answer *a = &as->a[qi];
	if (lv->to) {
		if (q->type != CR_Q_CHOICE)
			return false;
		if (a->state != CR_A_GIVEN || strcmp(a->str, lv->to) == 0 || (lv->only_from && !in_list(a->str, lv->only_from)))
			return false;
		for (size_t i = 0; i < q->nchoices; i++)
			if (strcmp(q->choices[i].id, lv->to) == 0) {
				a->str = q->choices[i].id;
				if (strcmp(lv->qid, "ai_frequency") == 0)
					assume_first_use(as);
				return true;
			}
		return false;
	}
	if (a->state != CR_A_GIVEN)
		return false;
	if (strcmp(lv->qid, "data_entry") == 0 && q->type == CR_Q_NUMBER && a->num >= 20) {
		a->num = round(a->num / 2);
		return true;
	}
	if (strcmp(lv->qid, "learning_hours") == 0 && q->type == CR_Q_NUMBER && a->num < 8) {
		a->num = 8;
		return true;
	}
	if (strcmp(lv->qid, "tasks") == 0 && q->type == CR_Q_SPLIT) {
		int rc = -1, an = -1;
		for (size_t i = 0; i < q->nchoices; i++) {
			if (strcmp(q->choices[i].id, "routine_cognitive") == 0)
				rc = (int)i;
			if (strcmp(q->choices[i].id, "analytic") == 0)
				an = (int)i;
		}
		if (rc < 0 || an < 0 || a->parts[rc] < 20)
			return false;
		a->parts[rc] -= 20;
		a->parts[an] += 20;
		return true;
	}
	return false;
}

static int sens_cmp(const void *a, const void *b)
{
	const cr_sensitivity *x = a, *y = b;
	if (x->delta != y->delta)
		return x->delta - y->delta;
	return strcmp(x->change, y->change);
}

void cr_sensitivity_build(const cr_kb *kb, const ruleset *rs, const cr_answers *as, cr_result *res,
			      cr_value *facts)
{
	res->sens = cr_xcalloc(CR_ARRAY_LEN(levers), sizeof *res->sens);
	cr_fired *scratch = cr_xcalloc(kb->nrules + 1, sizeof *scratch);
	for (size_t i = 0; i < CR_ARRAY_LEN(levers); i++) {
		cr_answers *copy = cr_answers_copy(as);
		if (apply_lever(&levers[i], copy)) {
			int after = cr_assess_quick_score(kb, rs, copy, facts, scratch);
			if (after < res->score) {
				/* keep only the strongest lever per question */
				size_t k;
				for (k = 0; k < res->nsens; k++)
					if (strcmp(res->sens[k].question, levers[i].qid) == 0)
						break;
				if (k == res->nsens || after - res->score < res->sens[k].delta) {
					if (k == res->nsens)
						res->nsens++;
					else
						free(res->sens[k].change);
					res->sens[k] = (cr_sensitivity){cr_xstrdup(levers[i].change), levers[i].qid, after,
									after - res->score};
				}
			}
		}
		cr_answers_free(copy);
	}
	free(scratch);
	qsort(res->sens, res->nsens, sizeof *res->sens, sens_cmp);
	if (res->nsens > 5) {
		for (size_t i = 5; i < res->nsens; i++)
			free(res->sens[i].change);
		res->nsens = 5;
	}
}

/* ---- the person's tasks, put to advice --------------------------------------- */

static double task_key(const cr_task_time *t, bool most)
{
	/*
	 * Larger ranks first. Most exposed: beta, then the person's time, then
	 * automation. Least exposed: the lowest beta and automation, and among
	 * equals the task the person spends most time on (the work that protects).
	 */
	double b = cr_task_beta(t->task->exposure) * 100, time = (t->level < 0 ? 1 : t->level) * 10;
	return most ? b + time + t->task->automation : -b + time - t->task->automation;
}

size_t cr_result_ranked_tasks(const cr_result *r, bool most, const cr_task_time **out, size_t max)
{
	const cr_task_time *top[3];
	size_t ntop = most ? 0 : cr_result_ranked_tasks(r, true, top, 3);
	size_t n = 0;
	for (size_t i = 0; i < r->ntasks; i++) {
		const cr_task_time *t = &r->tasks[i];
		if (t->level == 0 || (most && t->task->exposure == 0) || (!most && t->task->exposure == 1))
			continue;
		bool dup = false;
		for (size_t k = 0; k < ntop; k++)
			dup |= top[k] == t;
		if (dup)
			continue;
		/* insertion into the first max, stable: ties keep the occupation's order */
		size_t pos = n;
		while (pos > 0 && task_key(out[pos - 1], most) < task_key(t, most))
			pos--;
		if (pos >= max)
			continue;
		if (n < max)
			n++;
		for (size_t k = n - 1; k > pos; k--)
			out[k] = out[k - 1];
		out[pos] = t;
	}
	return n;
}

char *cr_task_short(const char *text, size_t max)
{
	size_t len = strlen(text);
	if (len && text[len - 1] == '.')
		len--;
	if (len <= max)
		return cr_xprintf("%.*s", (int)len, text);
	size_t cut = max;
	while (cut > 0 && text[cut] != ' ')
		cut--;
	if (cut == 0)
		cut = max;
	while (cut > 0 && (text[cut - 1] == ',' || text[cut - 1] == ' ' || text[cut - 1] == ';'))
		cut--;
	return cr_xprintf("%.*s...", (int)cut, text);
}

char *cr_task_note(const cr_result *r)
{
	const cr_task_time *most[1], *least[1];
	size_t nm = cr_result_ranked_tasks(r, true, most, 1), nl = cr_result_ranked_tasks(r, false, least, 1);
	if (!nm && !nl)
		return NULL;
	cr_sb b = {0};
	const char *whose = r->tasks_own ? "Your task" : "Your occupation's task";
	if (nm) {
		char *t = cr_task_short(most[0]->task->text, 60);
		if (most[0]->task->exposure == 1)
			cr_sb_addf(&b, "%s '%s' is one AI already does: a language model alone halves the time it takes. %s",
				   whose, t,
				   /* someone who already works with AI is not told to start */
				   r->ai_usage >= 50 ? "Make it one you hand to AI, and keep the checking and the judgment yourself."
						     : "Start there: try an AI tool on it this week and keep the checking and the "
						       "judgment yourself.");
		else
			cr_sb_addf(&b, "%s '%s' is one AI speeds up once it is built into your tools. Learn the tools that "
				       "do it, and offer to set them up for your team.", whose, t);
		free(t);
	}
	if (nl && least[0]->task->exposure == 0) {
		char *t = cr_task_short(least[0]->task->text, 60);
		cr_sb_addf(&b, "%s'%s' is out of AI's reach today: it is the part of your work to grow.", b.len ? " " : "", t);
		free(t);
	}
	return cr_sb_take(&b);
}
