/*
 * assess.c - the assessment engine (see assess.h and docs/methodology.md).
 *
 * Answers in, result out: the four dimensions, the facts the rules read, the
 * rules that fire and their theme limits, the score, its band and its range,
 * and the consistency checks. Advice (advice.c) and the prepared plan
 * (assess_plan.c) are apart; assess_private.h says what the three share.
 */
#include "assess.h"
#include "assess_private.h"

#include <ctype.h>
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
	} else if (have[0] && fq->kind == CR_V_STR && same(fq->str, "tried") && uses->kind != CR_V_SET) {
		/* tried but not for work: what AI is used for at work is not asked, and is nothing */
		have[1] = true;
		v[1] = 0;
	}
	bool never_ai = have[0] && v[0] == 0;
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
	else if (never_ai)
		shave[2] = true; /* never uses AI: not asked, and combines none with the domain (sv[2] is 0) */
	dm.specialization = blend(sv, sw, shave, 3, occ ? occ->specialization : 30);
	return dm;
}

/* ---- what the score reads, for the range (see inputs in assess_private.h) -- */

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

void cr_inputs_init(const cr_kb *kb, inputs *in)
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
	in->wide = cr_xcalloc(kb->schema.n + 1, sizeof *in->wide);
	in->nwide = 0;
	for (size_t f = 0; f < kb->schema.n; f++)
		if (in->w[f])
			in->wide[in->nwide++] = (int)f;
}

void cr_inputs_free(inputs *in)
{
	free(in->w);
	free(in->qid);
	free(in->wide);
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
static void find_missing(const inputs *in, const cr_answers *as, const cr_value *facts, const bufs *b,
			 cr_result *res)
{
	size_t n = 0;
	double sq = 0;
	for (size_t k = 0; k < in->nwide; k++) { /* the facts with a width, in the schema's order */
		size_t f = (size_t)in->wide[k];
		if (facts[f].kind != CR_V_NULL)
			continue;
		enum cr_missing_why why = CR_MISS_NOT_ASKED;
		/* the first question asking fact f: looked up once per questionnaire with a plan's buffers */
		size_t from = b ? (b->fact_qi[f] < 0 ? as->q->nquestions : (size_t)b->fact_qi[f]) : 0;
		for (size_t i = from; i < as->q->nquestions; i++) {
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
	res->range_missing = cr_round_int(sqrt(sq));
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
		/* "00".."99": static text so facts may point at it, and constant, since batch --jobs
		 * assesses on several threads at once */
#define G10(t) {t, '0', 0}, {t, '1', 0}, {t, '2', 0}, {t, '3', 0}, {t, '4', 0}, \
		{t, '5', 0}, {t, '6', 0}, {t, '7', 0}, {t, '8', 0}, {t, '9', 0}
		static const char groups[100][3] = {G10('0'), G10('1'), G10('2'), G10('3'), G10('4'),
						    G10('5'), G10('6'), G10('7'), G10('8'), G10('9')};
#undef G10
		int g = (c->occ->code[0] - '0') * 10 + (c->occ->code[1] - '0');
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
/* ti[i]: fired[i]'s theme's index in kb->themes (run_rules works it out as the rule fires) */
static void apply_themes(const cr_kb *kb, cr_fired *fired, const size_t *ti, size_t n)
{
	/* per theme: positive total, negative total, then their factors; summed in the order the rules fired */
	double stack[4 * 32 + 1];
	double *sum = kb->nthemes <= 32 ? stack : cr_xcalloc(4 * kb->nthemes + 1, sizeof *sum);
	memset(sum, 0, (4 * kb->nthemes + 1) * sizeof *sum);
	/*
	 * Per theme: the slots its rules' positive and negative effects after the
	 * bounds go to: its own 0 and 1, or for a core theme both the core's
	 * total, sum[4 * nthemes], one slot past the themes' (see below).
	 */
	size_t core_at = 4 * kb->nthemes;
	size_t tostack[2 * 32];
	size_t *to = kb->nthemes <= 32 ? tostack : cr_xcalloc(2 * kb->nthemes, sizeof *to);
	for (size_t i = 0; i < n; i++) {
		size_t t = ti[i];
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
		/* the totals are summed again below, after the bounds; the factors stay */
		sum[4 * t] = sum[4 * t + 1] = 0;
		bool is_core = th->max >= 100;
		to[2 * t] = is_core ? core_at : 4 * t;
		to[2 * t + 1] = is_core ? core_at : 4 * t + 1;
	}
	/*
	 * Each rule's effect after its theme's bounds, and at once each theme's
	 * positive and negative effects after them (in slots 0 and 1, while the
	 * factors are read from 2 and 3), and the core's total.
	 */
	for (size_t i = 0; i < n; i++) {
		size_t t = ti[i];
		if (t >= kb->nthemes) { /* a theme outside kb->themes (none the loader makes): no bounds */
			fired[i].limits = 0;
			if (fired[i].rule->theme->max >= 100)
				sum[core_at] += fired[i].effect;
			continue;
		}
		/*
		 * Selected, not branched on: whether a rule is held back, and whether
		 * its theme is the core, differ from rule to rule and row to row. An
		 * effect goes to the slot to[] gives, the core's total or its theme's
		 * (this once added +0 to the other, which left it as it was: these
		 * sums start at +0, so never become -0, the one value +0 changes).
		 */
		double nominal = fired[i].nominal;
		double k = sum[4 * t + 2 + (nominal > 0 ? 0 : 1)];
		double effect = nominal * k;
		fired[i].effect = effect;
		fired[i].limits = k < 1 && nominal != 0 ? CR_LIMIT_THEME : 0;
		sum[to[2 * t + (effect > 0 ? 0 : 1)]] += effect;
	}
	double core = sum[core_at];
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
			size_t t = ti[i];
			if (t < kb->nthemes && fired[i].effect < 0 && sum[4 * t + 2] < 1) {
				fired[i].effect *= sum[4 * t + 2];
				fired[i].limits |= CR_LIMIT_PROTECTION;
			}
		}
	}
	if (sum != stack)
		free(sum);
	if (to != tostack)
		free(to);
}

/*
 * The index of a choice fact's value v among its n choices; n when it has
 * none (null, or not a choice).
 */
static size_t choice_index(const char *const *choices, size_t n, const choicehash *h, const cr_value *v)
{
	if (v->kind != CR_V_STR)
		return n;
	size_t guess = h->slot[((uintptr_t)v->str >> h->shift) & 63];
	if (guess < n && choices[guess] == v->str)
		return guess;
	/* the answers' words are mostly the schema's own strings: their pointers first (the slot
	 * guessed, then the list), so that the strings themselves, scattered through the
	 * knowledge base, are read only when that fails */
	for (size_t c = 0; c < n; c++)
		if (choices[c] == v->str)
			return c;
	for (size_t c = 0; c < n; c++)
		if (choices[c][0] == v->str[0] && strcmp(choices[c], v->str) == 0)
			return c;
	return n;
}

/* Whether a guard passes; `choice` is the index of its fact's value for CR_GUARD_CHOICE. */
static bool guard_passes(const guard *gd, const cr_value *facts, size_t choice)
{
	const cr_value *v = &facts[gd->g.fact];
	switch (gd->g.kind) {
	case CR_GUARD_CHOICE: return choice < 64 && ((gd->g.mask >> choice) & 1);
	case CR_GUARD_TICKED: return v->kind == CR_V_SET && (v->bits & gd->g.mask);
	/* not NaN: no comparison holds for it, and a guard must be exactly its term (hot_rule.when) */
	case CR_GUARD_NUMBER: return v->kind == CR_V_NUM && !isnan(v->num) && cr_guard_compare(gd->g.cmp, v->num, gd->g.value);
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
	double x = v->num;
	if (x >= 0 && x <= NUM_SMALL && x == (double)(int)x) /* false for NaN */
		return ns->small[(int)x];
	if (isnan(x))
		return 2 * ns->n + 2;
	return number_interval(ns, x);
}

/*
 * Whether planned rule k of rs fires: its guards not already applied by the
 * index (only then is its planned entry read), then (unless the guards are
 * its whole condition) what of its condition they leave.
 */
static inline __attribute__((always_inline)) bool planned_holds(const ruleset *rs, size_t k, const cr_value *facts,
								 const size_t *choice)
{
	const hot_rule *h = &rs->hot[k];
	if (h->unindexed) {
		const planned *pr = &rs->v[k];
		for (unsigned j = 0; j < pr->ng; j++)
			if (!pr->gd[j].indexed && !guard_passes(&pr->gd[j], facts, choice[pr->gd[j].slot]))
				return false; /* the rule cannot fire */
	}
	/* a rule whose whole condition its guards are (when NULL) fires once they pass */
	return !h->when || cr_expr_holds(h->when, facts);
}

/*
 * Planned rule k of rs fires: writes the firing to *out and its theme's index
 * to *theme, ORs its warning into *warnings.
 */
static inline __attribute__((always_inline)) void fire_hot(const cr_kb *kb, const ruleset *rs, size_t k,
							    const cr_value *facts, cr_fired *out, size_t *theme,
							    unsigned *warnings)
{
	const hot_rule *h = &rs->hot[k];
	double eff = h->score ? cr_expr_number(h->score, facts) : h->score_const;
	const cr_rule *r = &kb->rules[h->rule];
	*out = (cr_fired){r, eff, eff, 0};
	*theme = h->theme != HOT_NO_THEME ? h->theme : (size_t)(r->theme - kb->themes);
	*warnings |= (1u << h->warning) & ~(1u << CR_WARN_NONE);
}

/* Evaluates planned rule k of rs (planned_holds, fire_hot): returns 1 when it fires, else 0. */
/* always inlined: called for some forty rules a row, its call cost as much as its work */
static inline __attribute__((always_inline)) size_t fire_planned(const cr_kb *kb, const ruleset *rs, size_t k,
								  const cr_value *facts, const size_t *choice,
								  cr_fired *out, size_t *theme, unsigned *warnings)
{
	if (!planned_holds(rs, k, facts, choice))
		return 0;
	fire_hot(kb, rs, k, facts, out, theme, warnings);
	return 1;
}

/*
 * run_rules with the plan's index: the candidates its rows leave (ANDed over
 * the guarded facts), those with something left to test tested, and every
 * one that fires written to fired[] and ti[], in order; returns how many.
 * nwords is rs->nwords (<= MAX_INDEX_WORDS: cr_assess_plan_new builds no
 * larger index), passed as a constant where run_rules can (1 or 2 words: up
 * to 128 live rules, as the knowledge base has), so that every loop over the
 * words is unrolled: looping over two words cost more than ANDing them.
 */
static inline __attribute__((always_inline)) size_t run_indexed(const cr_kb *kb, const ruleset *rs,
								 const cr_value *facts, const size_t *choice,
								 cr_fired *fired, size_t *ti, unsigned *warnings,
								 size_t nwords)
{
	size_t n = 0;
	/* the rules whose choice and number guards pass, from the index */
	uint64_t cand[MAX_INDEX_WORDS];
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
	for (size_t g = 0; g < rs->nticks; g++) {
		const tickslot *ts = &rs->ticks[g];
		const cr_value *v = &facts[ts->fact];
		const uint64_t *row = rs->index + ts->at + 64 * nwords; /* the rules no ticked choice decides */
		uint64_t pass[MAX_INDEX_WORDS];
		for (size_t w = 0; w < nwords; w++)
			pass[w] = row[w];
		for (uint64_t m = v->kind == CR_V_SET ? v->bits & ts->any : 0; m; m &= m - 1) {
			row = rs->index + ts->at + (size_t)__builtin_ctzll(m) * nwords;
			for (size_t w = 0; w < nwords; w++)
				pass[w] |= row[w];
		}
		for (size_t w = 0; w < nwords; w++)
			cand[w] &= pass[w];
	}
	/*
	 * Two passes: the candidates with something left to test (a guard the
	 * index does not apply, or a condition: rs->eval) are tested first,
	 * and then every candidate that fires is written, in order. One pass
	 * branched on whether each candidate had a test, which changed from
	 * rule to rule as each row's candidates did.
	 */
	uint64_t fires[MAX_INDEX_WORDS];
	for (size_t w = 0; w < nwords; w++) {
		uint64_t m = cand[w] & rs->eval[w];
		fires[w] = cand[w] & ~rs->eval[w];
		while (m) {
			size_t k = w * 64 + (size_t)__builtin_ctzll(m);
			uint64_t bit = m & -m;
			m &= m - 1;
			fires[w] |= planned_holds(rs, k, facts, choice) ? bit : 0;
		}
	}
	for (size_t w = 0; w < nwords; w++) {
		uint64_t m = fires[w];
		while (m) {
			size_t k = w * 64 + (size_t)__builtin_ctzll(m);
			m &= m - 1;
			if (k >= rs->n)
				break;
			fire_hot(kb, rs, k, facts, &fired[n], &ti[n], warnings);
			n++;
		}
	}
	return n;
}

/*
 * Evaluates the rules into fired[] (room for kb->nrules) and returns the sum
 * of effects; ORs 1 << each fired rule's warning into *warnings.
 */
static double run_rules(const cr_kb *kb, const ruleset *rs, const cr_value *facts, cr_fired *fired, size_t *nfired,
			unsigned *warnings)
{
	size_t n = 0;
	size_t choice[MAX_GUARD_FACTS];
	/* per fired rule: its theme's index, for apply_themes (a row fires a dozen; the stack's room
	   is for all the rules a plan can fire, so a batch row allocates nothing) */
	size_t tstack[512];
	size_t most = rs->v ? rs->n : kb->nrules;
	size_t *ti = most <= CR_ARRAY_LEN(tstack) ? tstack : cr_xcalloc(most, sizeof *ti);
	for (size_t g = 0; g < rs->ngfacts; g++)
		choice[g] = choice_index(rs->gchoices + rs->gchoice_at[g], rs->gchoice_at[g + 1] - rs->gchoice_at[g],
					 &rs->gchash[g], &facts[rs->gfacts[g]]);
	if (!rs->v) {
		for (size_t k = 0; k < kb->nrules; k++) {
			const cr_rule *r = &kb->rules[k];
			if (!cr_expr_holds(r->when, facts))
				continue;
			double eff = r->score ? cr_expr_number(r->score, facts) : r->score_const;
			ti[n] = (size_t)(r->theme - kb->themes);
			if (r->warning != CR_WARN_NONE)
				*warnings |= 1u << r->warning;
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
			n += fire_planned(kb, rs, k, facts, choice, &fired[n], &ti[n], warnings);
	} else if (rs->nwords == 1) {
		n = run_indexed(kb, rs, facts, choice, fired, ti, warnings, 1);
	} else if (rs->nwords == 2) {
		n = run_indexed(kb, rs, facts, choice, fired, ti, warnings, 2);
	} else {
		n = run_indexed(kb, rs, facts, choice, fired, ti, warnings, rs->nwords);
	}
	apply_themes(kb, fired, ti, n);
	if (ti != tstack)
		free(ti);
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
	return cr_round_int(cr_clamp(round(raw * 1e6) / 1e6, 0, 100));
}

/* Score of a set of answers, for sensitivity. */
int cr_assess_quick_score(const cr_kb *kb, const ruleset *rs, const cr_answers *as, cr_value *facts, cr_fired *scratch)
{
	cr_answers_facts(kb, as, facts);
	context c = resolve_context(kb, as, facts, NULL);
	dims dm = compute_dims(kb, facts, c.occ);
	set_derived(kb, facts, &c, &dm);
	size_t n;
	unsigned warnings = 0;
	return score_of(run_rules(kb, rs, facts, scratch, &n, &warnings));
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

/* ---- the assessment ------------------------------------------------------- */

cr_result *cr_assess_with(const cr_kb *kb, const ruleset *rs, const cr_answers *as, unsigned flags, bufs *b)
{
	cr_value *facts = b ? b->facts : cr_xcalloc(kb->schema.n + 1, sizeof *facts);
	cr_result *res = b ? &b->res : cr_xcalloc(1, sizeof *res);
	if (b) {
		memset(res, 0, sizeof *res);
		cr_bufs_look_up(b, kb, as->q);
	}
	res->kb = kb;
	res->q = as->q;
	bool dropped = cr_answers_facts(kb, as, facts);
	/* the answers cr_answers_facts left out: given, though their question's ask_if rules them out
	   (looked for only when it left one out: most rows answer as a session would ask) */
	res->unasked = b ? b->unasked : cr_xcalloc(as->q->nquestions + 1, sizeof *res->unasked);
	for (size_t i = 0; dropped && i < as->q->nquestions; i++) {
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
	res->routineness = cr_round_int(dm.routineness);
	res->ai_usage = cr_round_int(dm.ai_usage);
	res->specialization = cr_round_int(dm.specialization);
	res->exposure = cr_round_int(dm.exposure);

	res->fired = b ? b->fired : cr_xcalloc(kb->nrules + 1, sizeof *res->fired);
	res->raw = run_rules(kb, rs, facts, res->fired, &res->nfired, &res->warnings);
	res->score = score_of(res->raw);
	res->band = cr_band_of(kb, res->score);

	check_consistency(kb, facts, res, b);
	/*
	 * Uncertainty: a base half-width for what any questionnaire cannot see,
	 * widened by the facts the score uses that these answers leave unknown
	 * (skipped, left out or not in this questionnaire; independent, so their
	 * widths add in quadrature) and by each inconsistency.
	 */
	inputs own = {0};
	const inputs *in = b ? b->in : (cr_inputs_init(kb, &own), &own);
	res->missing = b ? b->missing : cr_xcalloc(kb->schema.n + 1, sizeof *res->missing);
	find_missing(in, as, facts, b, res);
	if (!b)
		cr_inputs_free(&own);
	res->range_base = 5;
	res->range_flags = 5 * (int)res->nflags;
	int half = res->range_base + res->range_missing + res->range_flags;
	res->range_half = half > 25 ? 25 : half;
	res->range_lo = res->score - res->range_half < 0 ? 0 : res->score - res->range_half;
	res->range_hi = res->score + res->range_half > 100 ? 100 : res->score + res->range_half;

	cr_advice_build(facts, as, res, b);
	cr_transitions_build(kb, facts, res, b);
	if (!(flags & CR_ASSESS_NO_SENSITIVITY) && !b)
		cr_sensitivity_build(kb, rs, as, res, facts);
	if (!b)
		free(facts);
	return res;
}

enum cr_status cr_result_check(const cr_result *r, cr_diags *d)
{
	/* raw is the sum of the effects, and a sum holding an infinity or a NaN is not finite; an effect
	   is its nominal times a factor, so it is not finite when its nominal is not: nothing to look for */
	if (isfinite(r->raw))
		return CR_OK;
	for (size_t i = 0; i < r->nfired; i++) {
		const cr_fired *f = &r->fired[i];
		if (isfinite(f->nominal) && isfinite(f->effect))
			continue;
		const cr_rule *ru = f->rule;
		cr_diag_add(d, CR_EFAIL, ru->loc.file, ru->loc.line, ru->loc.col,
			    "rule '%s' gave a score that is not a finite number (%s) for these answers: \"%s\"; nothing was scored",
			    ru->id, isnan(f->nominal) ? "a division by zero" : "an overflow", ru->score_text ? ru->score_text : "");
		cr_diag_hint(d, "the knowledge base needs fixing: `career-risk " CR_CMD_KB_CHECK "` names such rules");
		return CR_EFAIL;
	}
	if (!isfinite(r->raw)) {
		cr_diag_add(d, CR_EFAIL, NULL, 0, 0, "the rules' scores add up to a number that is not finite; nothing was scored");
		cr_diag_hint(d, "the knowledge base needs fixing: `career-risk " CR_CMD_KB_CHECK "` names such rules");
		return CR_EFAIL;
	}
	return CR_OK;
}

/* The result, or NULL with CR_EFAIL when a rule's score was not finite (cr_result_check). */
enum cr_status cr_assess_checked(cr_result **out, cr_diags *d)
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
	ruleset all = {.v = NULL}; /* every rule, no guards */
	*out = cr_assess_with(kb, &all, as, flags, NULL);
	return cr_assess_checked(out, d);
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
	free(r->goal_text);
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
	/*
	 * Plain words for a person: how many answers are missing and why, not the
	 * questions' ids (the JSON's range_reason lists those for a technical reader).
	 */
	cr_sb b = {0};
	cr_sb_addf(&b, "The likely range is %d points either way: %d for what no questionnaire can see", r->range_half,
		   r->range_base);
	if (r->nmissing) {
		size_t count[3] = {0};
		for (size_t i = 0; i < r->nmissing; i++)
			count[r->missing[i].why]++;
		cr_sb_addf(&b, "; %d for %zu answer%s the score uses that %s missing (", r->range_missing, r->nmissing,
			   r->nmissing == 1 ? "" : "s", r->nmissing == 1 ? "is" : "are");
		bool first = true;
		for (int why = 0; why < 3; why++)
			if (count[why]) {
				cr_sb_addf(&b, "%s%zu %s", first ? "" : ", ", count[why], missing_why[why]);
				first = false;
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

/* ---- reasons in the person's own terms ----------------------------------------- */

/* "(Publisher Year; ...)" for a list of source ids, so a quoted figure names its own sources. */
static void add_cites(const cr_kb *kb, cr_sb *b, const cr_strs *ids)
{
	size_t n = 0;
	for (size_t i = 0; i < ids->n; i++) {
		const cr_source *src = cr_kb_source(kb, ids->v[i]);
		if (!src)
			continue;
		cr_sb_addf(b, "%s%s %d", n++ ? "; " : " (", src->publisher ? src->publisher : src->title, src->year);
	}
	if (n)
		cr_sb_add(b, ")");
}

/* A number of jobs as the reasons write it: 315000 -> "315,000". */
static void add_jobs(cr_sb *b, double v)
{
	long long n = llround(v);
	if (n >= 1000000)
		cr_sb_addf(b, "%lld,%03lld,%03lld", n / 1000000, n / 1000 % 1000, n % 1000);
	else if (n >= 1000)
		cr_sb_addf(b, "%lld,%03lld", n / 1000, n % 1000);
	else
		cr_sb_addf(b, "%lld", n);
}

/* Adds the value of one placeholder; false when the person's answers leave it unknown. */
static bool add_field(const cr_result *r, cr_sb *b, const char *name, size_t len)
{
	const cr_kb *kb = r->kb;
#define IS(s) (len == sizeof(s) - 1 && memcmp(name, s, len) == 0)
	if (IS("sector.title") && r->sector) {
		cr_sb_add(b, r->sector->title);
	} else if (IS("sector.figure") && r->sector) {
		if (r->sector->nfigures == 0) {
			cr_sb_add(b, r->sector->summary);
			cr_sb_add(b, ".");
			add_cites(kb, b, &r->sector->sources);
			return true;
		}
		/* the figure's sentence, its full stop after the sources it names */
		const char *t = r->sector->figures[0].text;
		size_t tl = strlen(t);
		cr_sb_addf(b, "%.*s", (int)(tl && t[tl - 1] == '.' ? tl - 1 : tl), t);
		add_cites(kb, b, &r->sector->figures[0].sources);
		cr_sb_add(b, ".");
	} else if (IS("sector.summary") && r->sector) {
		cr_sb_add(b, r->sector->summary);
	} else if (IS("region.title") && r->region) {
		cr_sb_add(b, r->region->title);
	} else if (IS("region.summary") && r->region) {
		const char *t = r->region->summary;
		size_t tl = strlen(t);
		cr_sb_addf(b, "%.*s", (int)(tl && t[tl - 1] == '.' ? tl - 1 : tl), t);
		add_cites(kb, b, &r->region->sources);
		cr_sb_add(b, ".");
	} else if (IS("region.figures") && r->region) {
		/* the region's own tracker figures, or those of the region it belongs to, said so */
		const cr_region *g = r->region;
		for (int depth = 0; g && !(g->displaced > 0 && g->created >= 0) && depth < 8; depth++)
			g = g->parent ? cr_kb_region(kb, g->parent) : NULL;
		if (!g)
			return false;
		cr_sb_add(b, "trackers count about ");
		add_jobs(b, g->displaced);
		cr_sb_add(b, " AI-attributed displacements against ");
		add_jobs(b, g->created);
		cr_sb_addf(b, " new AI-related roles in %s to mid-2026", g->title);
		if (g != r->region)
			cr_sb_addf(b, ", the region that includes %s (the trackers give no figures for it alone)",
				   r->region->title);
		/* regions.yaml: displaced and created are the aijobimpact.org tracker's, as seed 002 reports them */
		static const char *const tracker[] = {"aijobimpact-2026", "seed-net-effects-2026"};
		add_cites(kb, b, &(cr_strs){(const char **)tracker, 2, NULL});
	} else {
		return false;
	}
#undef IS
	return true;
}

char *cr_fired_reason(const cr_result *r, const cr_fired *f)
{
	const char *t = f->rule->reason;
	if (!t)
		return NULL;
	cr_sb b = {0};
	for (const char *p = t; *p;) {
		const char *open = strchr(p, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		if (!open || !close) {
			cr_sb_add(&b, p);
			break;
		}
		cr_sb_addf(&b, "%.*s", (int)(open - p), p);
		if (!add_field(r, &b, open + 1, (size_t)(close - open - 1)))
			cr_sb_add(&b, open[1] == 's' ? "your sector" : "your region"); /* unknown: said plainly */
		p = close + 1;
	}
	return cr_sb_take(&b);
}

char *cr_fired_limit_describe(const cr_fired *f)
{
	/* said for a person: which limit, in words, never a theme's id */
	if (!f->limits)
		return NULL;
	if (f->limits == (CR_LIMIT_THEME | CR_LIMIT_PROTECTION))
		return cr_xprintf("on its own; less here because related reasons and protective reasons each count only so "
				  "far");
	if (f->limits & CR_LIMIT_THEME) {
		const char *t = f->rule->theme->title ? f->rule->theme->title : "the same thing";
		/* "Your employer's stance" reads mid-sentence as "your employer's stance" (not an acronym like "AI") */
		bool lower = isupper((unsigned char)t[0]) && t[1] && islower((unsigned char)t[1]);
		return cr_xprintf("on its own; less here because reasons about %c%s count only so far together",
				  lower ? tolower((unsigned char)t[0]) : t[0], t + 1);
	}
	return cr_xstrdup("on its own; less here because protective reasons can lower the score only so far");
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
