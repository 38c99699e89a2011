/*
 * assess.c - the assessment engine (see assess.h and docs/methodology.md).
 */
#include "assess.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- dimensions ----------------------------------------------------------- */

/*
 * How routine each task kind is, 0-1: routine cognitive and routine manual
 * work are the kinds the task-based literature finds most automatable (Autor,
 * Levy and Murnane 2003; Arntz, Gregory and Zierahn 2016); non-routine manual
 * work in changing settings much less so; analytic, interpersonal and
 * creative work least.
 */
static const double task_routine_weight[CR_TASK_COUNT] = {1.00, 0.85, 0.15, 0.10, 0.10, 0.30};

/* Points for each choice of the AI-use questions (see docs/methodology.md). */
static const struct { const char *id; double pts; } ai_freq_pts[] = {
	{"never", 0}, {"tried", 10}, {"monthly", 30}, {"weekly", 65}, {"daily", 90}};
static const struct { const char *id; double pts; } ai_depth_pts[] = {
	{"none", 0}, {"consume", 25}, {"prompt", 50}, {"workflow", 80}, {"build", 100}};
static const struct { const char *id; double pts; } rarity_pts[] = {
	{"many", 10}, {"several", 35}, {"few", 70}, {"none", 95}};
static const struct { const char *id; double pts; } ai_domain_pts[] = {
	{"no", 0}, {"exploring", 50}, {"yes", 100}};

/* strcmp(a, b) == 0, without the call when the first characters already differ. */
static inline bool same(const char *a, const char *b)
{
	return a[0] == b[0] && strcmp(a, b) == 0;
}

#define LOOKUP_PTS(table, id, out)                                        \
	do {                                                              \
		for (size_t i_ = 0; i_ < CR_ARRAY_LEN(table); i_++)       \
			if (same((table)[i_].id, (id))) {                 \
				*(out) = (table)[i_].pts;                 \
				return true;                              \
			}                                                 \
		return false;                                             \
	} while (0)

static bool freq_pts(const char *id, double *out) { LOOKUP_PTS(ai_freq_pts, id, out); }
static bool depth_pts(const char *id, double *out) { LOOKUP_PTS(ai_depth_pts, id, out); }
static bool rar_pts(const char *id, double *out) { LOOKUP_PTS(rarity_pts, id, out); }
static bool dom_pts(const char *id, double *out) { LOOKUP_PTS(ai_domain_pts, id, out); }

/* The value of fact `index` (from kb->derived), or null when no questionnaire asks it. */
static const cr_value *fact(const cr_value *facts, int index)
{
	static const cr_value null_value = {.kind = CR_V_NULL};
	return index >= 0 ? &facts[index] : &null_value;
}

static double occ_routine(const cr_occupation *o)
{
	double r = 0;
	for (int t = 0; t < CR_TASK_COUNT; t++)
		r += o->tasks[t] * task_routine_weight[t];
	return r;
}

typedef struct dims {
	double routineness, ai_usage, specialization, exposure;
	bool tasks_known; /* from the person's own task mix */
} dims;

/*
 * Exposure of a six-kind split: each kind's share weighed by how exposed the
 * occupation's tasks of that kind are (Eloundou et al.'s beta, knowledge/tasks/);
 * a kind the occupation has no task of takes the occupation's overall figure,
 * and without an occupation the catalogue's mean for the kind stands in.
 */
static double split_exposure(const cr_kb *kb, const cr_occupation *occ, const double *share)
{
	double e = 0, sum = 0;
	for (int t = 0; t < CR_TASK_COUNT; t++) {
		double k = occ && occ->ntasks_all ? (occ->kind_exposure[t] >= 0 ? occ->kind_exposure[t] : occ->exposure)
						  : kb->kind_exposure[t];
		e += share[t] * k;
		sum += share[t];
	}
	return sum > 0 ? e / sum : 0;
}

/* Weighted mean over the components that were answered; `fallback` when none was. */
static double blend(const double *v, const double *w, const bool *have, size_t n, double fallback)
{
	double sum = 0, wsum = 0;
	for (size_t i = 0; i < n; i++)
		if (have[i]) {
			sum += v[i] * w[i];
			wsum += w[i];
		}
	return wsum > 0 ? sum / wsum : fallback;
}

static dims compute_dims(const cr_kb *kb, const cr_value *facts, const cr_occupation *occ)
{
	dims dm = {0};
	const cr_derived *dv = &kb->derived;
	/* Task routineness: the person's own mix, else the occupation's typical mix. */
	double r = 0, share[CR_TASK_COUNT];
	bool have_all = true;
	for (int t = 0; t < CR_TASK_COUNT; t++) {
		const cr_value *v = fact(facts, dv->tasks[t]);
		if (v->kind != CR_V_NUM) {
			have_all = false;
			break;
		}
		share[t] = v->num;
		r += v->num * task_routine_weight[t];
	}
	dm.tasks_known = have_all;
	if (!have_all)
		r = occ ? occ_routine(occ) : 50;
	/*
	 * Exposure: the person's own split reweighs the occupation's tasks by kind;
	 * without it, the occupation's figure over all its tasks (the person's own
	 * task answers, when given, are blended in by the caller).
	 */
	if (have_all)
		dm.exposure = split_exposure(kb, occ, share);
	else if (occ && occ->ntasks_all)
		dm.exposure = occ->exposure;
	else
		dm.exposure = occ ? split_exposure(kb, NULL, occ->tasks) : 50;
	dm.exposure = cr_clamp(dm.exposure, 0, 100);
	const cr_value *de = fact(facts, dv->data_entry);
	if (de->kind == CR_V_NUM)
		r = 0.75 * r + 0.25 * de->num; /* data entry is the most exposed routine task */
	dm.routineness = cr_clamp(r, 0, 100);

	/* AI usage: frequency, breadth, depth. */
	double v[3] = {0, 0, 0}, w[3] = {0.5, 0.2, 0.3};
	bool have[3] = {false, false, false};
	const cr_value *fq = fact(facts, dv->ai_frequency);
	const cr_value *uses = fact(facts, dv->ai_uses);
	const cr_value *dp = fact(facts, dv->ai_depth);
	if (fq->kind == CR_V_STR)
		have[0] = freq_pts(fq->str, &v[0]);
	if (uses->kind == CR_V_SET) {
		v[1] = fmin(cr_popcount64(uses->bits), 5) / 5.0 * 100;
		have[1] = true;
	}
	if (dp->kind == CR_V_STR)
		have[2] = depth_pts(dp->str, &v[2]);
	if (have[0] && v[0] == 0) {
		/* never uses AI: breadth and depth are zero, not unknown */
		have[1] = have[2] = true;
		if (uses->kind != CR_V_SET)
			v[1] = 0;
		if (dp->kind != CR_V_STR)
			v[2] = 0;
	}
	dm.ai_usage = blend(v, w, have, 3, occ ? occ->ai_use : 30);

	/* Specialisation: years in the niche, rarity, AI combined with the domain. */
	double sv[3] = {0, 0, 0}, sw[3] = {0.35, 0.40, 0.25};
	bool shave[3] = {false, false, false};
	const cr_value *yr = fact(facts, dv->years_niche);
	const cr_value *ra = fact(facts, dv->rarity);
	const cr_value *dom = fact(facts, dv->ai_domain);
	if (yr->kind == CR_V_NUM) {
		sv[0] = fmin(yr->num, 15) / 15 * 100;
		shave[0] = true;
	}
	if (ra->kind == CR_V_STR)
		shave[1] = rar_pts(ra->str, &sv[1]);
	if (dom->kind == CR_V_STR)
		shave[2] = dom_pts(dom->str, &sv[2]);
	dm.specialization = blend(sv, sw, shave, 3, occ ? occ->specialization : 30);
	return dm;
}

/*
 * Where one assessment's arrays live: on the heap, in a result the caller
 * frees with cr_result_free(); or in a plan's buffers, reused from one
 * assessment to the next (cr_assess_plan_run), so a batch allocates nothing
 * per row. Either way the same code fills them.
 */
#define OCC_SEEN 256

typedef struct bufs {
	cr_value *facts;          /* schema.n + 1 */
	cr_fired *fired;          /* nrules + 1 */
	cr_advice *advice;        /* every recommendation of every rule */
	cr_transition *trans;     /* nroles + 1 */
	const char **adds;        /* the transitions kept, times the most skills a role has */
	size_t max_role_skills;
	cr_flag *flags;           /* CR_MAX_FLAGS */
	int *rec_slot;            /* per kb recommendation: its place in advice + 1, or 0 (kept all zero between uses) */
	uint64_t *occ_from;       /* per occupation: bit r set when it is a usual way into role r (nroles <= 64) */
	uint64_t *role_mask;      /* per role: its skills as bits of the skills fact; 0 when not all map (count them) */
	int *role_fit;            /* per role, per number of its skills held (0..n): the fit percentage */
	struct { const char *code; const cr_occupation *occ; } occ_seen[OCC_SEEN]; /* codes looked up, by address */
	const cr_sector **occ_sector; /* per occupation: its sector (when occ_sector_known) */
	int *rec_rank;            /* per recommendation: its place among the ids in strcmp order */
	int *role_rank;           /* per role: likewise */
	size_t keep_advice;       /* 0: rank every recommendation; else only the first keep_advice are kept */
	uint8_t *occ_sector_known;
	size_t *role_fit_at;      /* per role: where its row of role_fit starts */
	uint8_t *occ_from_known;  /* per occupation: occ_from computed */
	const cr_question **unasked; /* questionnaire's nquestions */
	cr_task_time tasks[CR_MAX_OCC_TASKS];
	cr_missing *missing;      /* schema.n */
	const struct inputs *in;  /* the plan's: each fact's width for the range */
	cr_result res;
} bufs;

#define CR_MAX_FLAGS 8
#define KEEP_TRANSITIONS 5

/* ---- what the score reads, for the range ------------------------------------ */

/*
 * Each fact a person can be asked, with how far it can move the score when it
 * is unknown (its width, in points; 0 when nothing that scores reads it) and
 * the question that asks it. The inputs of the three dimensions carry their
 * weight in the core (the task split and the occupation 6, as the typical
 * profile that stands in is only a guess; AI frequency 4, half the AI-use
 * dimension; data entry 3; the other components 2); any other fact the largest
 * number of points a rule reading it gives (a rule that reads the sector's
 * outlook reads the sector), at most 6. Facts only zero-point rules read (the
 * consistency checks, ai_worry...) widen nothing.
 */
typedef struct inputs {
	unsigned char *w;     /* per schema fact */
	const char **qid;     /* per schema fact: the question asking it, first fact of a split only */
} inputs;

#define MAX_INPUT_WIDTH 6

static int source_fact(const cr_derived *dv, int f)
{
	if (f == dv->sector_outlook)
		return dv->sector;
	if (f == dv->region_outlook || f == dv->region_net_ratio)
		return dv->region;
	if (f == dv->occ_group || f == dv->occ_outlook || f == dv->occ_routine || f == dv->occ_ai_use ||
	    f == dv->occ_specialization || f == dv->occ_exposure)
		return dv->occupation;
	for (int t = 1; t < CR_TASK_COUNT; t++)
		if (f == dv->tasks[t])
			return dv->tasks[0];
	return f;
}

struct widen_ctx {
	const cr_derived *dv;
	unsigned char *w;
	int pts;
};

static void widen_fact(int f, void *ctx)
{
	struct widen_ctx *c = ctx;
	int g = source_fact(c->dv, f);
	if (g >= 0 && c->w[g] < c->pts)
		c->w[g] = (unsigned char)c->pts;
}

static void inputs_init(const cr_kb *kb, inputs *in)
{
	const cr_derived *dv = &kb->derived;
	in->w = cr_xcalloc(kb->schema.n + 1, sizeof *in->w);
	in->qid = cr_xcalloc(kb->schema.n + 1, sizeof *in->qid);
	for (size_t i = 0; i < kb->nquestionnaires; i++)
		for (size_t j = 0; j < kb->questionnaires[i].nquestions; j++) {
			const cr_question *q = &kb->questionnaires[i].questions[j];
			if (q->fact >= 0 && !in->qid[q->fact])
				in->qid[q->fact] = q->id;
		}
	const struct { int fact, w; } dims_in[] = {
		{dv->occupation, 6}, {dv->tasks[0], 6}, {dv->ai_frequency, 4}, {dv->data_entry, 3},
		{dv->ai_depth, 2},   {dv->ai_uses, 2},  {dv->years_niche, 2},  {dv->rarity, 2}, {dv->ai_domain, 2},
	};
	for (size_t i = 0; i < CR_ARRAY_LEN(dims_in); i++)
		if (dims_in[i].fact >= 0)
			in->w[dims_in[i].fact] = (unsigned char)dims_in[i].w;
	for (size_t i = 0; i < kb->nrules; i++) {
		const cr_rule *r = &kb->rules[i];
		if (r->score) /* the core and the ramps read the dimensions' inputs, weighted above */
			continue;
		double pts = fabs(r->score_const);
		if (pts == 0)
			continue;
		struct widen_ctx c = {dv, in->w, pts > MAX_INPUT_WIDTH ? MAX_INPUT_WIDTH : (int)ceil(pts)};
		cr_expr_facts(r->when, widen_fact, &c);
	}
	/* only facts a question asks; a split counts once, under its first part */
	for (size_t f = 0; f < kb->schema.n; f++)
		if (!in->qid[f])
			in->w[f] = 0;
}

static void inputs_free(inputs *in)
{
	free(in->w);
	free(in->qid);
}

static void note_unknown(int f, void *ctx)
{
	struct { const cr_value *facts; bool any; } *c = ctx;
	if (c->facts[f].kind == CR_V_NULL)
		c->any = true;
}

/*
 * The facts the score uses that these answers leave unknown, into
 * res->missing (room for schema.n), and the range's half-width from them. A
 * question whose ask_if rules it out under the other answers is not unknown:
 * its answer is implied (no depth of AI use for someone who never uses AI).
 */
static void find_missing(const cr_kb *kb, const inputs *in, const cr_answers *as, const cr_value *facts,
			 cr_result *res)
{
	size_t n = 0;
	double sq = 0;
	for (size_t f = 0; f < kb->schema.n; f++) {
		if (!in->w[f] || facts[f].kind != CR_V_NULL)
			continue;
		enum cr_missing_why why = CR_MISS_NOT_ASKED;
		for (size_t i = 0; i < as->q->nquestions; i++) {
			const cr_question *q = &as->q->questions[i];
			if (q->fact != (int)f)
				continue;
			why = as->a[i].state == CR_A_SKIPPED ? CR_MISS_SKIPPED : CR_MISS_OMITTED;
			if (q->ask_if && as->a[i].state != CR_A_SKIPPED) {
				struct { const cr_value *facts; bool any; } c = {facts, false};
				cr_expr_facts(q->ask_if, note_unknown, &c);
				if (!c.any && !cr_expr_holds(q->ask_if, facts))
					why = (enum cr_missing_why)-1; /* settled by the other answers */
			}
			break;
		}
		if ((int)why < 0)
			continue;
		res->missing[n++] = (cr_missing){in->qid[f], in->w[f], why};
		sq += (double)in->w[f] * in->w[f];
	}
	res->nmissing = n;
	res->range_missing = (int)lround(sqrt(sq));
}

/* ---- facts and rules ------------------------------------------------------ */

typedef struct context {
	const cr_occupation *occ;
	const cr_sector *sector;
	const cr_region *region;
	int skipped, answered;
} context;

static context resolve_context(const cr_kb *kb, const cr_answers *as, const cr_value *facts, bufs *b)
{
	context c = {0};
	const cr_derived *dv = &kb->derived;
	const cr_value *o = fact(facts, dv->occupation);
	if (o->kind == CR_V_STR) {
		/* with a plan, remembered by the code's address: an answer's code is the knowledge base's own string */
		size_t h = ((uintptr_t)o->str >> 4) % OCC_SEEN;
		if (b && b->occ_seen[h].code == o->str) {
			c.occ = b->occ_seen[h].occ;
		} else {
			c.occ = cr_kb_occupation(kb, o->str);
			if (b) {
				b->occ_seen[h].code = o->str;
				b->occ_seen[h].occ = c.occ;
			}
		}
	}
	const cr_value *s = fact(facts, dv->sector);
	if (s->kind == CR_V_STR)
		c.sector = cr_kb_sector(kb, s->str);
	if (!c.sector && c.occ) {
		size_t oi = (size_t)(c.occ - kb->occupations);
		if (b && b->occ_sector && oi < kb->noccupations) {
			if (!b->occ_sector_known[oi]) {
				b->occ_sector[oi] = cr_kb_sector(kb, c.occ->sector);
				b->occ_sector_known[oi] = 1;
			}
			c.sector = b->occ_sector[oi];
		} else {
			c.sector = cr_kb_sector(kb, c.occ->sector);
		}
	}
	const cr_value *r = fact(facts, dv->region);
	if (r->kind == CR_V_STR)
		c.region = cr_kb_region(kb, r->str);
	for (size_t i = 0; i < as->q->nquestions; i++) {
		if (as->a[i].state == CR_A_SKIPPED)
			c.skipped++;
		else if (as->a[i].state == CR_A_GIVEN)
			c.answered++;
	}
	return c;
}

static void set_derived(const cr_kb *kb, cr_value *facts, const context *c, const dims *dm)
{
	const cr_derived *dv = &kb->derived;
	/*
	 * Unrounded, so the core rules' points change smoothly with every answer:
	 * rounding here made the core move in steps while rules reading a task
	 * share moved smoothly, and the score could fall where it should rise.
	 * The result shows them rounded.
	 */
	facts[dv->routineness] = cr_vnum(dm->routineness);
	facts[dv->ai_usage] = cr_vnum(dm->ai_usage);
	facts[dv->specialization] = cr_vnum(dm->specialization);
	facts[dv->exposure] = cr_vnum(dm->exposure);
	facts[dv->skipped] = cr_vnum(c->skipped);
	if (c->occ) {
		static char groups[100][3]; /* "00".."99": static text so facts may point at it */
		int g = (c->occ->code[0] - '0') * 10 + (c->occ->code[1] - '0');
		groups[g][0] = c->occ->code[0];
		groups[g][1] = c->occ->code[1];
		facts[dv->occ_group] = cr_vstr(groups[g]);
		facts[dv->occ_outlook] = cr_vstr(cr_occ_outlook_ids[c->occ->outlook]);
		facts[dv->occ_routine] = cr_vnum(round(occ_routine(c->occ)));
		facts[dv->occ_ai_use] = cr_vnum(c->occ->ai_use);
		facts[dv->occ_specialization] = cr_vnum(c->occ->specialization);
		if (c->occ->ntasks_all)
			facts[dv->occ_exposure] = cr_vnum(c->occ->exposure);
	}
	if (c->sector) {
		facts[dv->sector_outlook] = cr_vstr(cr_outlook_ids[c->sector->outlook]);
		/* a sector taken from the occupation also answers rules on `sector` (cr_assess_plan_new knows) */
		if (dv->sector >= 0 && facts[dv->sector].kind == CR_V_NULL)
			facts[dv->sector] = cr_vstr(c->sector->id);
	}
	if (c->region) {
		facts[dv->region_outlook] = cr_vstr(cr_outlook_ids[c->region->outlook]);
		double ratio = cr_region_net_ratio(kb, c->region);
		if (ratio >= 0)
			facts[dv->region_net_ratio] = cr_vnum(round(ratio * 100) / 100);
	}
}

/*
 * Keeps each theme's total within its bounds, then bounds protection.
 *
 * Themes: when a theme's rules add up to more than its maximum, its positive
 * effects are scaled down in proportion (and likewise its negative effects
 * below its minimum), so the theme's total is clamp(sum, min, max) and the
 * reported effects still add up exactly to the score.
 *
 * Protection: protective context (a redeploying employer, judgment, a growing
 * occupation...) lowers exposure but cannot erase it. The themes whose totals
 * are negative together remove at most max_protection of what the core (the
 * three dimensions) gives; beyond that, the negative effects of those themes
 * are scaled so that each theme's total shrinks by the same factor.
 *
 * Both steps keep the score monotone: each theme's total never falls when one
 * of its rules' scores rises, and the score is core + the positive totals +
 * max(the negative totals, -max_protection x core), which never falls when
 * the core or any theme's total rises. So a rule set whose every rule moves
 * the right way with an answer gives a score that moves the right way too
 * (docs/methodology.md, "What is guaranteed").
 */
static void apply_themes(const cr_kb *kb, cr_fired *fired, size_t n)
{
	/* per theme: positive total, negative total, then their factors; summed in the order the rules fired */
	double stack[4 * 32];
	double *sum = kb->nthemes <= 32 ? stack : cr_xcalloc(4 * kb->nthemes, sizeof *sum);
	memset(sum, 0, 4 * kb->nthemes * sizeof *sum);
	for (size_t i = 0; i < n; i++) {
		size_t t = (size_t)(fired[i].rule->theme - kb->themes);
		if (t < kb->nthemes)
			sum[4 * t + (fired[i].nominal > 0 ? 0 : 1)] += fired[i].nominal;
	}
	for (size_t t = 0; t < kb->nthemes; t++) {
		const cr_theme *th = &kb->themes[t];
		double pos = sum[4 * t], neg = sum[4 * t + 1];
		double kpos = 1, kneg = 1;
		if (pos + neg > th->max && pos > 0)
			kpos = (th->max - neg) / pos;
		else if (pos + neg < th->min && neg < 0)
			kneg = (th->min - pos) / neg;
		sum[4 * t + 2] = cr_clamp(kpos, 0, 1);
		sum[4 * t + 3] = cr_clamp(kneg, 0, 1);
	}
	for (size_t i = 0; i < n; i++) {
		size_t t = (size_t)(fired[i].rule->theme - kb->themes);
		fired[i].limits = 0;
		if (t >= kb->nthemes)
			continue;
		double k = fired[i].nominal > 0 ? sum[4 * t + 2] : sum[4 * t + 3];
		fired[i].effect = fired[i].nominal * k;
		if (k < 1 && fired[i].nominal != 0)
			fired[i].limits |= CR_LIMIT_THEME;
	}
	/* each theme's positive and negative effects after its bounds */
	memset(sum, 0, 4 * kb->nthemes * sizeof *sum);
	double core = 0;
	for (size_t i = 0; i < n; i++) {
		size_t t = (size_t)(fired[i].rule->theme - kb->themes);
		if (fired[i].rule->theme->max >= 100)
			core += fired[i].effect;
		else if (t < kb->nthemes)
			sum[4 * t + (fired[i].effect > 0 ? 0 : 1)] += fired[i].effect;
	}
	double protect = 0;
	for (size_t t = 0; t < kb->nthemes; t++)
		if (kb->themes[t].max < 100 && sum[4 * t] + sum[4 * t + 1] < 0)
			protect += sum[4 * t] + sum[4 * t + 1];
	double floor = -kb->max_protection * core;
	if (protect < floor && protect < 0) {
		double k = floor / protect; /* each protective theme keeps this share of its total */
		for (size_t t = 0; t < kb->nthemes; t++) {
			double pos = sum[4 * t], neg = sum[4 * t + 1];
			/* neg' such that pos + neg' = k x (pos + neg): the theme's positive rules keep their effects */
			sum[4 * t + 2] = kb->themes[t].max < 100 && pos + neg < 0 && neg < 0 ? (k * (pos + neg) - pos) / neg : 1;
		}
		for (size_t i = 0; i < n; i++) {
			size_t t = (size_t)(fired[i].rule->theme - kb->themes);
			if (t < kb->nthemes && fired[i].effect < 0 && sum[4 * t + 2] < 1) {
				fired[i].effect *= sum[4 * t + 2];
				fired[i].limits |= CR_LIMIT_PROTECTION;
			}
		}
	}
	if (sum != stack)
		free(sum);
}

/* The rules to evaluate: every rule of the knowledge base, or those a plan kept (see cr_assess_plan_new). */
/*
 * A rule's guard (see cr_expr_guard): when it fails, the rule cannot fire and
 * is not evaluated. For a choice fact, `slot` says where run_rules() keeps the
 * bit of its value for this assessment.
 */
typedef struct guard {
	cr_guard g;
	int slot;      /* CR_GUARD_CHOICE: index into the values' bits */
	bool indexed;  /* the plan's index already applies it (see ruleset): not tested again */
} guard;

#define MAX_GUARD_FACTS 64
#define MAX_RULE_GUARDS 4

/* A rule a plan evaluates, with its guards, kept together in the order of the knowledge base. */
typedef struct planned {
	const cr_rule *rule;
	guard gd[MAX_RULE_GUARDS];
	unsigned char ng;     /* guards in gd */
	bool whole;           /* the guards are the whole condition: when they pass, the rule fires */
} planned;

#define MAX_INDEX_WORDS 16   /* rules a plan indexes: 64 per word */

typedef struct ruleset {
	const planned *v;     /* NULL: every rule of the knowledge base, unguarded */
	size_t n;
	const int *gfacts;    /* the choice facts guards read */
	size_t ngfacts;
	/*
	 * For each choice fact guards read and each of its values (and one more
	 * for none): the rules whose choice guards that value passes, as bits in
	 * nwords words. ANDed over the facts, they leave the rules worth a look.
	 * NULL: no index (check every rule's guards).
	 */
	const uint64_t *index;
	const size_t *index_at; /* per fact: where its rows start in index */
	size_t nwords;
	/*
	 * The same for the number facts guards compare with constants: the
	 * constants cut the number line into intervals (below the first, equal to
	 * it, between it and the next...; then "not a number" and NaN), and every
	 * value of one interval passes the same guards. A row per interval.
	 */
	const struct numslot *nums;
	size_t nnums;
} ruleset;

#define MAX_THRESHOLDS 24
typedef struct numslot {
	int fact;
	size_t n;                       /* thresholds, ascending */
	double t[MAX_THRESHOLDS];
	size_t at;                      /* where its rows start in the plan's index */
} numslot;

struct cr_assess_plan {
	const cr_kb *kb;
	const cr_questionnaire *q;
	planned *live;        /* the rules that can fire for q */
	planned *every;       /* every rule */
	int gfacts[MAX_GUARD_FACTS];
	uint64_t *index;
	size_t index_at[MAX_GUARD_FACTS];
	numslot nums[MAX_GUARD_FACTS];
	ruleset rs;       /* the rules of this questionnaire, guarded */
	ruleset all;      /* every rule, guarded (answers to another questionnaire) */
	inputs in;        /* each fact's width for the range */
	bufs b;
};

/* The bit of a choice fact's value among its choices; 0 when it has none (null, or not a choice). */
/* The index of a choice fact's value among its choices; nchoices when it has none (null, or not a choice). */
static size_t choice_index(const cr_kb *kb, const cr_value *facts, int f)
{
	const cr_value *v = &facts[f];
	const cr_factdef *d = &kb->schema.v[f];
	if (v->kind != CR_V_STR)
		return d->nchoices;
	for (size_t c = 0; c < d->nchoices; c++)
		if (d->choices[c] == v->str || (d->choices[c][0] == v->str[0] && strcmp(d->choices[c], v->str) == 0))
			return c;
	return d->nchoices;
}

/* Whether a guard passes; `choice` is the index of its fact's value for CR_GUARD_CHOICE. */
static bool guard_passes(const guard *gd, const cr_value *facts, size_t choice)
{
	const cr_value *v = &facts[gd->g.fact];
	switch (gd->g.kind) {
	case CR_GUARD_CHOICE: return choice < 64 && ((gd->g.mask >> choice) & 1);
	case CR_GUARD_TICKED: return v->kind == CR_V_SET && (v->bits & gd->g.mask);
	case CR_GUARD_NUMBER: return v->kind == CR_V_NUM && cr_guard_compare(gd->g.cmp, v->num, gd->g.value);
	case CR_GUARD_COUNT:
		return v->kind == CR_V_SET && cr_guard_compare(gd->g.cmp, cr_popcount64(v->bits), gd->g.value);
	case CR_GUARD_TEXT: return v->kind == CR_V_STR && same(v->str, gd->g.text) == (gd->g.cmp == CR_CMP_EQ);
	default: return v->kind != CR_V_NULL;
	}
}

/* The interval of the number line v falls in, for ns (see ruleset). */
static size_t number_class(const numslot *ns, const cr_value *v)
{
	if (v->kind != CR_V_NUM)
		return 2 * ns->n + 1;
	if (isnan(v->num))
		return 2 * ns->n + 2;
	for (size_t i = 0; i < ns->n; i++) {
		if (v->num < ns->t[i])
			return 2 * i;
		if (v->num == ns->t[i])
			return 2 * i + 1;
	}
	return 2 * ns->n;
}

/*
 * Evaluates one planned rule: its guards not already applied by the index,
 * then (unless the guards are its whole condition) its condition. Writes the
 * firing to *out and returns 1 when it fires, else 0.
 */
static size_t fire_planned(const planned *pr, const cr_value *facts, const size_t *choice, cr_fired *out)
{
	for (unsigned j = 0; j < pr->ng; j++)
		if (!pr->gd[j].indexed && !guard_passes(&pr->gd[j], facts, choice[pr->gd[j].slot]))
			return 0; /* the rule cannot fire */
	const cr_rule *r = pr->rule;
	/* a rule whose whole condition its guards are fires once they pass */
	if (!pr->whole && !cr_expr_holds(r->when, facts))
		return 0;
	double eff = r->score ? cr_expr_number(r->score, facts) : r->score_const;
	*out = (cr_fired){r, eff, eff, 0};
	return 1;
}

/* Evaluates the rules into fired[] (room for kb->nrules) and returns the sum of effects. */
static double run_rules(const cr_kb *kb, const ruleset *rs, const cr_value *facts, cr_fired *fired, size_t *nfired)
{
	size_t n = 0;
	size_t choice[MAX_GUARD_FACTS];
	for (size_t g = 0; g < rs->ngfacts; g++)
		choice[g] = choice_index(kb, facts, rs->gfacts[g]);
	if (!rs->v) {
		for (size_t k = 0; k < kb->nrules; k++) {
			const cr_rule *r = &kb->rules[k];
			if (!cr_expr_holds(r->when, facts))
				continue;
			double eff = r->score ? cr_expr_number(r->score, facts) : r->score_const;
			fired[n++] = (cr_fired){r, eff, eff, 0};
		}
	} else if (!rs->index) {
		/*
		 * No index (more live rules than it holds, or answers to another
		 * questionnaire): every rule's guards, one by one. No bit set here, so
		 * no buffer to size: a knowledge base of 20,000 rules (the loader's
		 * bound) walks the same path as one of 20.
		 */
		for (size_t k = 0; k < rs->n; k++)
			n += fire_planned(&rs->v[k], facts, choice, &fired[n]);
	} else {
		/* the rules whose choice and number guards pass, from the index */
		uint64_t cand[MAX_INDEX_WORDS];
		size_t nwords = rs->nwords; /* <= MAX_INDEX_WORDS: cr_assess_plan_new builds no larger index */
		for (size_t w = 0; w < nwords; w++)
			cand[w] = ~(uint64_t)0;
		for (size_t g = 0; g < rs->ngfacts; g++) {
			const uint64_t *row = rs->index + rs->index_at[g] + choice[g] * nwords;
			for (size_t w = 0; w < nwords; w++)
				cand[w] &= row[w];
		}
		for (size_t g = 0; g < rs->nnums; g++) {
			const numslot *ns = &rs->nums[g];
			const uint64_t *row = rs->index + ns->at + number_class(ns, &facts[ns->fact]) * nwords;
			for (size_t w = 0; w < nwords; w++)
				cand[w] &= row[w];
		}
		for (size_t w = 0; w < nwords; w++) {
			uint64_t m = cand[w];
			while (m) {
				size_t k = w * 64 + (size_t)__builtin_ctzll(m);
				m &= m - 1;
				if (k >= rs->n)
					break;
				n += fire_planned(&rs->v[k], facts, choice, &fired[n]);
			}
		}
	}
	apply_themes(kb, fired, n);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += fired[i].effect;
	*nfired = n;
	return sum;
}

const char *cr_band_of(const cr_kb *kb, double score)
{
	for (size_t i = 0; i < kb->nbands; i++)
		if (score < kb->bands[i].below)
			return kb->bands[i].id;
	return kb->nbands ? kb->bands[kb->nbands - 1].id : "unknown";
}

/*
 * The score from the sum of effects: kept within 0-100 and rounded. The sum is
 * first rounded to a millionth, so that two sums equal but for floating-point
 * noise (the same effects added in another order) round the same way.
 */
static int score_of(double raw)
{
	return (int)lround(cr_clamp(round(raw * 1e6) / 1e6, 0, 100));
}

/* Score of a set of answers, for sensitivity. */
static int quick_score(const cr_kb *kb, const ruleset *rs, const cr_answers *as, cr_value *facts, cr_fired *scratch)
{
	cr_answers_facts(kb, as, facts);
	context c = resolve_context(kb, as, facts, NULL);
	dims dm = compute_dims(kb, facts, c.occ);
	set_derived(kb, facts, &c, &dm);
	size_t n;
	return score_of(run_rules(kb, rs, facts, scratch, &n));
}

/* ---- consistency (validity) checks ----------------------------------------- */

static void check_consistency(const cr_kb *kb, const cr_value *facts, cr_result *res, const bufs *b)
{
	size_t n = 0;
	const cr_derived *dv = &kb->derived;
	const cr_value *rc = fact(facts, dv->tasks[CR_TASK_ROUTINE_COGNITIVE]);
	const cr_value *rm = fact(facts, dv->tasks[CR_TASK_ROUTINE_MANUAL]);
	const cr_value *de = fact(facts, dv->data_entry);
	const cr_value *fq = fact(facts, dv->ai_frequency);
	const cr_value *dp = fact(facts, dv->ai_depth);
	const cr_value *sen = fact(facts, dv->seniority);
	const cr_value *yr = fact(facts, dv->years_niche);
	const cr_value *ra = fact(facts, dv->rarity);
	res->flags = b ? b->flags : cr_xcalloc(CR_MAX_FLAGS, sizeof *res->flags);
	if (rc->kind == CR_V_NUM && rm->kind == CR_V_NUM && de->kind == CR_V_NUM &&
	    de->num > rc->num + rm->num + 20)
		res->flags[n++] = (cr_flag){"data-entry-vs-tasks",
			"You put more of your week into data entry than into all routine work together; data entry is routine work, so one of the two answers is probably off."};
	if (fq->kind == CR_V_STR && dp->kind == CR_V_STR && (same(fq->str, "never") || same(fq->str, "tried")) &&
	    (same(dp->str, "workflow") || same(dp->str, "build")))
		res->flags[n++] = (cr_flag){"ai-depth-vs-frequency",
			"You build or run AI workflows but rarely or never use AI tools; check how often you use them."};
	if (sen->kind == CR_V_STR && yr->kind == CR_V_NUM && same(sen->str, "entry") && yr->num >= 15)
		res->flags[n++] = (cr_flag){"seniority-vs-years",
			"You describe an entry-level role but fifteen or more years in your specialism."};
	if (ra->kind == CR_V_STR && yr->kind == CR_V_NUM && same(ra->str, "none") && yr->num < 1)
		res->flags[n++] = (cr_flag){"rarity-vs-years",
			"Nobody else could take over your work, yet you have been in your specialism under a year."};
	res->nflags = n;
}

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

static void build_advice(cr_result *res, const bufs *b)
{
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
	for (size_t i = 0; i < res->nfired; i++) {
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
		for (size_t j = 0; j < f->rule->nrecs; j++) {
			const cr_rec *rec = f->rule->recs[j];
			/* summed in this order, so that equal weights stay equal */
			double w = rec->impact * 2.0 - (double)rec->effort * 2 * effort_weight + urgency + warns +
				   (rec->horizon == CR_H_WEEK ? 0.5 : 0) - (rec->step == 4 ? move_penalty : 0);
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
				continue;
			}
			res->advice[res->nadvice++] = (cr_advice){rec, f->rule, w, 0};
		}
	}
	if (b) /* leave the marks clean for the next assessment */
		for (size_t k = 0; k < res->nadvice; k++)
			b->rec_slot[res->advice[k].rec - res->kb->recs] = 0;
	if (b) {
		/*
		 * advice_cmp's order, ties broken by each id's precomputed rank instead
		 * of strcmp. When only the first few are wanted, they are picked in one
		 * pass (each entry against the few kept so far) rather than sorting all.
		 */
		const int *rank = b->rec_rank;
		const cr_rec *recs = res->kb->recs;
		size_t keep = b->keep_advice && b->keep_advice < res->nadvice ? b->keep_advice : res->nadvice;
		size_t kept = 0;
		for (size_t i = 0; i < res->nadvice; i++) {
			cr_advice t = res->advice[i];
			int tr = rank[t.rec - recs];
			size_t j = kept;
			while (j > 0) {
				const cr_advice *x = &res->advice[j - 1];
				if (x->weight > t.weight || (x->weight == t.weight && rank[x->rec - recs] < tr))
					break;
				j--;
			}
			if (j >= keep)
				continue; /* not among the first `keep` */
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

const char *const cr_plan_steps[4] = {
	"Try AI on real work this week",
	"Map your tasks and offer to oversee their automation",
	"Build a niche where your field meets AI",
	"Keep a way out open: retrain early or move",
};

static int trans_cmp(const void *a, const void *b)
{
	const cr_transition *x = a, *y = b;
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

static void build_transitions(const cr_kb *kb, const cr_value *facts, cr_result *res, const bufs *b)
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
		int bit = cr_factdef_choice(&kb->schema.v[dv->skills], "domain-expertise");
		if (bit >= 0 && bit < 64)
			held |= (uint64_t)1 << bit;
	}
	cr_transition *all = b ? b->trans : cr_xcalloc(kb->nroles ? kb->nroles : 1, sizeof *all);
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
	for (size_t i = 0; i < kb->nroles; i++) {
		const cr_role *role = &kb->roles[i];
		bool from = false;
		if (cached)
			from = (b->occ_from[oi] >> i) & 1;
		else
			for (size_t j = 0; res->occ && j < role->from.n && !from; j++)
				from = code_has_prefix(res->occ->code, role->from.v[j]);
		int have = 0, fit = -1;
		if (known && b && b->role_mask && b->role_mask[i]) {
			have = cr_popcount64(held & b->role_mask[i]);
			fit = b->role_fit[b->role_fit_at[i] + (size_t)have];
		} else if (known) {
			for (size_t j = 0; j < role->skills.n; j++)
				if (role->skill_bits[j] >= 0 && (held & ((uint64_t)1 << role->skill_bits[j])))
					have++;
			fit = (int)lround(100.0 * have / (double)role->skills.n);
		}
		/* reachable: a usual way in from this occupation, or at least half the skills already */
		if (!from && fit < 50)
			continue;
		all[n++] = (cr_transition){role, fit, from, NULL, 0};
	}
	if (b) {
		/* trans_cmp's order, ties broken by each role id's precomputed rank instead of strcmp */
		for (size_t i = 1; i < n; i++) {
			cr_transition t = all[i];
			int tr = b->role_rank[t.role - kb->roles];
			size_t j = i;
			while (j > 0) {
				const cr_transition *x = &all[j - 1];
				int c = x->from_match != t.from_match ? (x->from_match ? -1 : 1)
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
	} else {
		small_sort(all, n, sizeof *all, trans_cmp);
	}
	size_t keep = n < KEEP_TRANSITIONS ? n : KEEP_TRANSITIONS;
	/* the skills to add, for the roles kept */
	for (size_t i = 0; i < keep; i++) {
		const cr_role *role = all[i].role;
		const char **add = b ? b->adds + i * b->max_role_skills : cr_xcalloc(role->skills.n + 1, sizeof *add);
		size_t nadd = 0;
		for (size_t j = 0; j < role->skills.n; j++)
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

static void build_sensitivity(const cr_kb *kb, const ruleset *rs, const cr_answers *as, cr_result *res,
			      cr_value *facts)
{
	res->sens = cr_xcalloc(CR_ARRAY_LEN(levers), sizeof *res->sens);
	cr_fired *scratch = cr_xcalloc(kb->nrules + 1, sizeof *scratch);
	for (size_t i = 0; i < CR_ARRAY_LEN(levers); i++) {
		cr_answers *copy = cr_answers_copy(as);
		if (apply_lever(&levers[i], copy)) {
			int after = quick_score(kb, rs, copy, facts, scratch);
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

/* ---- the person's own tasks ------------------------------------------------- */

/*
 * Fills res->tasks with the occupation's main tasks and, when the tasks
 * question was answered for them, the person's level on each. Returns the
 * exposure from those answers (0-100: the time-weighted mean beta of the
 * tasks, E1 1, E2 0.5, E0 0, each level weighed by cr_task_time_weight), or
 * -1 when there are none to go by (not asked, skipped, another occupation's
 * tasks, or no time on any): the occupation's mix or the person's split
 * then stands in (compute_dims).
 */
static double own_exposure(const cr_occupation *occ, const cr_answers *as, cr_result *res)
{
	res->ntasks = 0;
	res->tasks_own = false;
	if (!occ)
		return -1;
	for (size_t i = 0; i < occ->notasks && i < CR_MAX_OCC_TASKS; i++)
		res->tasks[res->ntasks++] = (cr_task_time){&occ->otasks[i], -1};
	const cr_answer *a = NULL;
	for (size_t i = 0; i < as->q->nquestions; i++)
		if (as->q->questions[i].type == CR_Q_TASKS && as->a[i].state == CR_A_GIVEN)
			a = &as->a[i];
	if (!a)
		return -1;
	double sum = 0, wsum = 0;
	bool any = false;
	for (size_t k = 0; k < (size_t)a->num; k++)
		for (size_t i = 0; i < res->ntasks; i++)
			if (res->tasks[i].task->id == a->task_ids[k]) {
				int lv = (int)a->parts[k];
				res->tasks[i].level = lv;
				any = true;
				sum += cr_task_time_weight[lv] * cr_task_beta(res->tasks[i].task->exposure);
				wsum += cr_task_time_weight[lv];
			}
	if (!any)
		return -1;
	/* tasks the person was shown but did not rate count as none */
	for (size_t i = 0; i < res->ntasks; i++)
		if (res->tasks[i].level < 0)
			res->tasks[i].level = 0;
	res->tasks_own = true;
	return wsum > 0 ? 100 * sum / wsum : -1;
}

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
			cr_sb_addf(&b, "%s '%s' is one AI already does: a language model alone halves the time it takes. "
				       "Start there: try an AI tool on it this week and keep the checking and the judgment "
				       "yourself.", whose, t);
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

/* ---- the assessment ------------------------------------------------------- */

static cr_result *assess(const cr_kb *kb, const ruleset *rs, const cr_answers *as, unsigned flags, bufs *b)
{
	cr_value *facts = b ? b->facts : cr_xcalloc(kb->schema.n + 1, sizeof *facts);
	cr_result *res = b ? &b->res : cr_xcalloc(1, sizeof *res);
	if (b)
		memset(res, 0, sizeof *res);
	res->kb = kb;
	res->q = as->q;
	cr_answers_facts(kb, as, facts);
	/* the answers cr_answers_facts left out: given, though their question's ask_if rules them out */
	res->unasked = b ? b->unasked : cr_xcalloc(as->q->nquestions + 1, sizeof *res->unasked);
	for (size_t i = 0; i < as->q->nquestions; i++) {
		const cr_question *q = &as->q->questions[i];
		if (as->a[i].state == CR_A_GIVEN && q->fact >= 0 && facts[q->fact].kind == CR_V_NULL)
			res->unasked[res->nunasked++] = q;
	}
	context c = resolve_context(kb, as, facts, b);
	dims dm = compute_dims(kb, facts, c.occ);
	res->tasks = b ? b->tasks : cr_xcalloc(CR_MAX_OCC_TASKS, sizeof *res->tasks);
	double own_exp = own_exposure(c.occ, as, res);
	if (own_exp >= 0)
		dm.exposure = own_exp;
	set_derived(kb, facts, &c, &dm);
	res->occ = c.occ;
	res->sector = c.sector;
	res->region = c.region;
	res->answered = c.answered - (int)res->nunasked;
	res->skipped = c.skipped;
	res->routineness = (int)lround(dm.routineness);
	res->ai_usage = (int)lround(dm.ai_usage);
	res->specialization = (int)lround(dm.specialization);
	res->exposure = (int)lround(dm.exposure);

	res->fired = b ? b->fired : cr_xcalloc(kb->nrules + 1, sizeof *res->fired);
	res->raw = run_rules(kb, rs, facts, res->fired, &res->nfired);
	res->score = score_of(res->raw);
	res->band = cr_band_of(kb, res->score);
	for (size_t i = 0; i < res->nfired; i++)
		if (res->fired[i].rule->warning != CR_WARN_NONE)
			res->warnings |= 1u << res->fired[i].rule->warning;

	check_consistency(kb, facts, res, b);
	/*
	 * Uncertainty: a base half-width for what any questionnaire cannot see,
	 * widened by the facts the score uses that these answers leave unknown
	 * (skipped, left out or not in this questionnaire; independent, so their
	 * widths add in quadrature) and by each inconsistency.
	 */
	inputs own = {0};
	const inputs *in = b ? b->in : (inputs_init(kb, &own), &own);
	res->missing = b ? b->missing : cr_xcalloc(kb->schema.n + 1, sizeof *res->missing);
	find_missing(kb, in, as, facts, res);
	if (!b)
		inputs_free(&own);
	res->range_base = 5;
	res->range_flags = 5 * (int)res->nflags;
	int half = res->range_base + res->range_missing + res->range_flags;
	res->range_half = half > 25 ? 25 : half;
	res->range_lo = res->score - res->range_half < 0 ? 0 : res->score - res->range_half;
	res->range_hi = res->score + res->range_half > 100 ? 100 : res->score + res->range_half;

	build_advice(res, b);
	build_transitions(kb, facts, res, b);
	if (!(flags & CR_ASSESS_NO_SENSITIVITY) && !b)
		build_sensitivity(kb, rs, as, res, facts);
	if (!b)
		free(facts);
	return res;
}

enum cr_status cr_result_check(const cr_result *r, cr_diags *d)
{
	for (size_t i = 0; i < r->nfired; i++) {
		const cr_fired *f = &r->fired[i];
		if (isfinite(f->nominal) && isfinite(f->effect))
			continue;
		const cr_rule *ru = f->rule;
		cr_diag_add(d, CR_EFAIL, ru->loc.file, ru->loc.line, ru->loc.col,
			    "rule '%s' gave a score that is not a finite number (%s) for these answers: \"%s\"; nothing was scored",
			    ru->id, isnan(f->nominal) ? "a division by zero" : "an overflow", ru->score_text ? ru->score_text : "");
		cr_diag_hint(d, "the knowledge base needs fixing: `career-risk kb check` names such rules");
		return CR_EFAIL;
	}
	if (!isfinite(r->raw)) {
		cr_diag_add(d, CR_EFAIL, NULL, 0, 0, "the rules' scores add up to a number that is not finite; nothing was scored");
		cr_diag_hint(d, "the knowledge base needs fixing: `career-risk kb check` names such rules");
		return CR_EFAIL;
	}
	return CR_OK;
}

/* The result, or NULL with CR_EFAIL when a rule's score was not finite (cr_result_check). */
static enum cr_status checked(cr_result **out, cr_diags *d)
{
	enum cr_status st = cr_result_check(*out, d);
	if (st) {
		cr_result_free(*out);
		*out = NULL;
	}
	return st;
}

enum cr_status cr_assess(const cr_kb *kb, const cr_answers *as, unsigned flags, cr_result **out, cr_diags *d)
{
	ruleset all = {NULL, 0, NULL, 0};
	*out = assess(kb, &all, as, flags, NULL);
	return checked(out, d);
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
				pass = v.kind == CR_V_NUM && cr_guard_compare(g->cmp, v.num, g->value);
		}
		if (pass)
			row[k / 64] |= (uint64_t)1 << (k % 64);
	}
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
		if (!pr->ng)
			pr->whole = false;
	}
	size_t nlive = 0;
	for (size_t i = 0; i < kb->nrules; i++)
		if (!cr_expr_never(kb->rules[i].when, live))
			p->live[nlive++] = p->every[i];
	free(elsewhere);
	free(here);
	free(live);
	p->rs = (ruleset){p->live, nlive, p->gfacts, ngfacts, NULL, NULL, 0, NULL, 0};
	p->all = (ruleset){p->every, kb->nrules, p->gfacts, ngfacts, NULL, NULL, 0, NULL, 0};
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
		p->index = cr_xcalloc(rows * nwords + 1, sizeof *p->index);
		for (size_t g = 0; g < nnums; g++)
			for (size_t c = 0; c < 2 * p->nums[g].n + 3; c++)
				number_row(p, nlive, &p->nums[g], c, p->index + p->nums[g].at + c * nwords);
		for (size_t k = 0; k < nlive; k++)
			for (unsigned j = 0; j < p->live[k].ng; j++) {
				guard *gd = &p->live[k].gd[j];
				gd->indexed = gd->g.kind == CR_GUARD_CHOICE || (gd->g.kind == CR_GUARD_NUMBER && num_slot(p, nnums, gd->g.fact));
			}
		p->rs.nums = p->nums;
		p->rs.nnums = nnums;
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
	inputs_init(kb, &p->in);
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
	return p;
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
	free(p->index);
	free(p->b.facts);
	free(p->b.fired);
	free(p->b.advice);
	free(p->b.trans);
	free(p->b.adds);
	free(p->b.flags);
	free(p->b.unasked);
	free(p->b.missing);
	inputs_free(&p->in);
	free(p->b.rec_slot);
	free(p->b.occ_from);
	free(p->b.occ_from_known);
	free(p->b.rec_rank);
	free(p->b.role_rank);
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
	*out = assess(p->kb, as->q == p->q ? &p->rs : &p->all, as, flags, NULL);
	return checked(out, d);
}

void cr_assess_plan_keep_advice(cr_assess_plan *p, size_t n)
{
	p->b.keep_advice = n;
}

const cr_result *cr_assess_plan_run(cr_assess_plan *p, const cr_answers *as)
{
	return assess(p->kb, as->q == p->q ? &p->rs : &p->all, as, CR_ASSESS_NO_SENSITIVITY, &p->b);
}

void cr_result_free(cr_result *r)
{
	if (!r)
		return;
	free(r->fired);
	free(r->advice);
	for (size_t i = 0; i < r->ntrans; i++)
		free(r->trans[i].add);
	free(r->trans);
	for (size_t i = 0; i < r->nsens; i++)
		free(r->sens[i].change);
	free(r->sens);
	free(r->flags);
	free(r->unasked);
	free(r->missing);
	free(r->tasks);
	free(r);
}

const char *const cr_warning_text[4] = {
	NULL,
	"Waiting: people who start learning only when cuts are announced find retraining places full.",
	"Hoarding manual work: keeping tasks by hand to stay needed tends to get the whole process automated.",
	"Staying generic: broad, common skills are what AI tools do best; depth and a niche protect."};

static const char *const missing_why[] = {"skipped", "not answered", "not in this questionnaire"};

char *cr_range_describe(const cr_result *r)
{
	cr_sb b = {0};
	cr_sb_addf(&b, "The likely range is +-%d: %d for what no questionnaire sees", r->range_half, r->range_base);
	if (r->nmissing) {
		cr_sb_addf(&b, "; %d for %zu answer%s the score uses that %s missing (", r->range_missing, r->nmissing,
			   r->nmissing == 1 ? "" : "s", r->nmissing == 1 ? "is" : "are");
		/* grouped by why each is missing */
		bool first_group = true;
		for (int why = 0; why < 3; why++) {
			bool any = false;
			for (size_t i = 0; i < r->nmissing; i++) {
				if ((int)r->missing[i].why != why)
					continue;
				cr_sb_addf(&b, "%s%s", any ? ", " : first_group ? "" : "; ", r->missing[i].id);
				any = true;
			}
			if (any) {
				cr_sb_addf(&b, ": %s", missing_why[why]);
				first_group = false;
			}
		}
		cr_sb_add(&b, ")");
	}
	if (r->nflags)
		cr_sb_addf(&b, "; %d for %zu answer%s that do%s not sit well together", r->range_flags, r->nflags,
			   r->nflags == 1 ? "" : "s", r->nflags == 1 ? "es" : "");
	if (r->range_half < r->range_base + r->range_missing + r->range_flags)
		cr_sb_add(&b, "; at most 25 in all");
	cr_sb_add(&b, ".");
	return b.s;
}

char *cr_fired_limit_describe(const cr_fired *f)
{
	if (!f->limits)
		return NULL;
	if (f->limits == (CR_LIMIT_THEME | CR_LIMIT_PROTECTION))
		return cr_xprintf("before the %s theme's limit and the protection limit", f->rule->theme->id);
	if (f->limits & CR_LIMIT_THEME)
		return cr_xprintf("before the %s theme's limit", f->rule->theme->id);
	return cr_xstrdup("before the protection limit");
}

size_t *cr_fired_order_new(const cr_result *r)
{
	size_t *o = cr_xcalloc(r->nfired + 1, sizeof *o);
	for (size_t i = 0; i < r->nfired; i++) {
		/* insertion sort: stable, a few dozen rules */
		size_t j = i;
		while (j > 0 && fabs(r->fired[o[j - 1]].effect) < fabs(r->fired[i].effect)) {
			o[j] = o[j - 1];
			j--;
		}
		o[j] = i;
	}
	return o;
}

cr_answers *cr_baseline_answers(const cr_kb *kb, const cr_questionnaire *q, const cr_occupation *occ)
{
	(void)kb;
	cr_answers *as = cr_answers_new(q);
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		cr_answer a = {0};
		if (qq->type == CR_Q_OCCUPATION) {
			a.state = CR_A_GIVEN;
			a.str = occ->code;
		} else if (qq->type == CR_Q_SPLIT) {
			bool ok = qq->nchoices == CR_TASK_COUNT;
			for (size_t p = 0; ok && p < qq->nchoices; p++) {
				ok = strcmp(qq->choices[p].id, cr_task_ids[p]) == 0;
				a.parts[p] = occ->tasks[p];
			}
			if (!ok)
				continue;
			a.state = CR_A_GIVEN;
		} else {
			continue;
		}
		cr_answers_set(as, i, &a);
	}
	return as;
}

void cr_assess_facts(const cr_kb *kb, const cr_answers *as, cr_value *facts)
{
	cr_answers_facts(kb, as, facts);
	context c = resolve_context(kb, as, facts, NULL);
	dims dm = compute_dims(kb, facts, c.occ);
	set_derived(kb, facts, &c, &dm);
}
