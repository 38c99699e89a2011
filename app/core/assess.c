/*
 * assess.c - the assessment engine (see assess.h and docs/methodology.md).
 */
#include "assess.h"

#include <math.h>
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
			if (strcmp((table)[i_].id, (id)) == 0) {          \
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
	double routineness, ai_usage, specialization;
	bool tasks_known; /* from the person's own task mix */
} dims;

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
	double r = 0;
	bool have_all = true;
	for (int t = 0; t < CR_TASK_COUNT; t++) {
		const cr_value *v = fact(facts, dv->tasks[t]);
		if (v->kind != CR_V_NUM) {
			have_all = false;
			break;
		}
		r += v->num * task_routine_weight[t];
	}
	dm.tasks_known = have_all;
	if (!have_all)
		r = occ ? occ_routine(occ) : 50;
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
		v[1] = fmin(__builtin_popcountll(uses->bits), 5) / 5.0 * 100;
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

/* ---- facts and rules ------------------------------------------------------ */

typedef struct context {
	const cr_occupation *occ;
	const cr_sector *sector;
	const cr_region *region;
	int skipped, answered;
} context;

static context resolve_context(const cr_kb *kb, const cr_answers *as, const cr_value *facts)
{
	context c = {0};
	const cr_derived *dv = &kb->derived;
	const cr_value *o = fact(facts, dv->occupation);
	if (o->kind == CR_V_STR)
		c.occ = cr_kb_occupation(kb, o->str);
	const cr_value *s = fact(facts, dv->sector);
	if (s->kind == CR_V_STR)
		c.sector = cr_kb_sector(kb, s->str);
	if (!c.sector && c.occ)
		c.sector = cr_kb_sector(kb, c.occ->sector);
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
	facts[dv->routineness] = cr_vnum(round(dm->routineness));
	facts[dv->ai_usage] = cr_vnum(round(dm->ai_usage));
	facts[dv->specialization] = cr_vnum(round(dm->specialization));
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
	}
	if (c->sector) {
		facts[dv->sector_outlook] = cr_vstr(cr_outlook_ids[c->sector->outlook]);
		/* a sector taken from the occupation also answers rules on `sector` */
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
 * Keeps each theme's total within its bounds. When a theme's rules add up to
 * more than its maximum, its positive effects are scaled down in proportion
 * (and likewise its negative effects below its minimum), so the reported
 * effects still add up exactly to the score.
 */
static void apply_themes(const cr_kb *kb, cr_fired *fired, size_t n)
{
	for (size_t t = 0; t < kb->nthemes; t++) {
		const cr_theme *th = &kb->themes[t];
		double pos = 0, neg = 0;
		for (size_t i = 0; i < n; i++)
			if (fired[i].rule->theme == th) {
				if (fired[i].nominal > 0)
					pos += fired[i].nominal;
				else
					neg += fired[i].nominal;
			}
		double kpos = 1, kneg = 1;
		if (pos + neg > th->max && pos > 0)
			kpos = (th->max - neg) / pos;
		else if (pos + neg < th->min && neg < 0)
			kneg = (th->min - pos) / neg;
		kpos = cr_clamp(kpos, 0, 1);
		kneg = cr_clamp(kneg, 0, 1);
		for (size_t i = 0; i < n; i++)
			if (fired[i].rule->theme == th)
				fired[i].effect = fired[i].nominal * (fired[i].nominal > 0 ? kpos : kneg);
	}
	/*
	 * Protective context (a redeploying employer, judgment, a growing
	 * occupation...) lowers exposure but cannot erase it: together the
	 * negative effects outside the core remove at most max_protection of
	 * what the core (the three dimensions) gives.
	 */
	double core = 0, protect = 0;
	for (size_t i = 0; i < n; i++) {
		if (fired[i].rule->theme->max >= 100)
			core += fired[i].effect;
		else if (fired[i].effect < 0)
			protect += fired[i].effect;
	}
	double floor = -kb->max_protection * core;
	if (protect < floor && protect < 0) {
		double k = floor / protect;
		for (size_t i = 0; i < n; i++)
			if (fired[i].rule->theme->max < 100 && fired[i].effect < 0)
				fired[i].effect *= k;
	}
}

/* Evaluates every rule into fired[] (room for kb->nrules) and returns the sum of effects. */
static double run_rules(const cr_kb *kb, const cr_value *facts, cr_fired *fired, size_t *nfired)
{
	size_t n = 0;
	for (size_t i = 0; i < kb->nrules; i++) {
		const cr_rule *r = &kb->rules[i];
		if (!cr_expr_holds(r->when, facts))
			continue;
		double eff = r->score ? cr_expr_number(r->score, facts) : r->score_const;
		fired[n++] = (cr_fired){r, eff, eff};
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

/* Score of a set of answers, for sensitivity. */
static int quick_score(const cr_kb *kb, const cr_answers *as, cr_value *facts, cr_fired *scratch)
{
	cr_answers_facts(kb, as, facts);
	context c = resolve_context(kb, as, facts);
	dims dm = compute_dims(kb, facts, c.occ);
	set_derived(kb, facts, &c, &dm);
	size_t n;
	return (int)lround(cr_clamp(run_rules(kb, facts, scratch, &n), 0, 100));
}

/* ---- consistency (validity) checks ----------------------------------------- */

static void check_consistency(const cr_kb *kb, const cr_value *facts, cr_result *res)
{
	static cr_flag flags[8];
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
	res->flags = cr_xcalloc(CR_ARRAY_LEN(flags), sizeof *res->flags);
	if (rc->kind == CR_V_NUM && rm->kind == CR_V_NUM && de->kind == CR_V_NUM &&
	    de->num > rc->num + rm->num + 20)
		res->flags[n++] = (cr_flag){"data-entry-vs-tasks",
			"You put more of your week into data entry than into all routine work together; data entry is routine work, so one of the two answers is probably off."};
	if (fq->kind == CR_V_STR && dp->kind == CR_V_STR && (strcmp(fq->str, "never") == 0 || strcmp(fq->str, "tried") == 0) &&
	    (strcmp(dp->str, "workflow") == 0 || strcmp(dp->str, "build") == 0))
		res->flags[n++] = (cr_flag){"ai-depth-vs-frequency",
			"You build or run AI workflows but rarely or never use AI tools; check how often you use them."};
	if (sen->kind == CR_V_STR && yr->kind == CR_V_NUM && strcmp(sen->str, "entry") == 0 && yr->num >= 15)
		res->flags[n++] = (cr_flag){"seniority-vs-years",
			"You describe an entry-level role but fifteen or more years in your specialism."};
	if (ra->kind == CR_V_STR && yr->kind == CR_V_NUM && strcmp(ra->str, "none") == 0 && yr->num < 1)
		res->flags[n++] = (cr_flag){"rarity-vs-years",
			"Nobody else could take over your work, yet you have been in your specialism under a year."};
	res->nflags = n;
}

/* ---- advice --------------------------------------------------------------- */

static int advice_cmp(const void *a, const void *b)
{
	const cr_advice *x = a, *y = b;
	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return strcmp(x->rec->id, y->rec->id);
}

static void build_advice(cr_result *res)
{
	size_t cap = 0;
	for (size_t i = 0; i < res->nfired; i++)
		cap += res->fired[i].rule->nrecs;
	res->advice = cr_xcalloc(cap ? cap : 1, sizeof *res->advice);
	for (size_t i = 0; i < res->nfired; i++) {
		const cr_fired *f = &res->fired[i];
		for (size_t j = 0; j < f->rule->nrecs; j++) {
			const cr_rec *rec = f->rule->recs[j];
			/*
			 * Impact counts most and effort against it. Urgency comes from the
			 * rule that recommends it: how much of its theme's room its effect
			 * takes (a core rule adding 37 of 100 points is less pressing than
			 * a context rule at its theme's limit), and whether it warns of
			 * one of the known mistakes.
			 */
			double room = f->rule->theme->max > 0 ? f->rule->theme->max : 1;
			double urgency = f->effect > 0 ? 4 * fmin(f->effect / room, 1) : 0;
			/* effort is worth more to someone more exposed: a career move ranks high at 90, low at 20 */
			double effort_weight = 1.5 - cr_clamp(res->raw, 0, 100) / 100;
			double w = rec->impact * 2.0 - (double)rec->effort * 2 * effort_weight + urgency +
				   (f->rule->warning ? 1.5 : 0) + (rec->horizon == CR_H_WEEK ? 0.5 : 0);
			size_t k;
			for (k = 0; k < res->nadvice; k++)
				if (res->advice[k].rec == rec)
					break;
			if (k < res->nadvice) {
				if (w > res->advice[k].weight)
					res->advice[k].weight = w;
				continue;
			}
			res->advice[res->nadvice++] = (cr_advice){rec, f->rule, w, 0};
		}
	}
	qsort(res->advice, res->nadvice, sizeof *res->advice, advice_cmp);
	for (size_t k = 0; k < res->nadvice; k++)
		res->advice[k].priority = (int)k + 1;
}

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

static void build_transitions(const cr_kb *kb, const cr_value *facts, cr_result *res)
{
	const cr_derived *dv = &kb->derived;
	const cr_value *skills = fact(facts, dv->skills);
	const cr_factdef *sdef = dv->skills >= 0 ? &kb->schema.v[dv->skills] : NULL;
	cr_transition *all = cr_xcalloc(kb->nroles ? kb->nroles : 1, sizeof *all);
	size_t n = 0;
	for (size_t i = 0; i < kb->nroles; i++) {
		const cr_role *role = &kb->roles[i];
		bool from = false;
		for (size_t j = 0; res->occ && j < role->from.n; j++)
			if (cr_str_has_prefix(res->occ->code, role->from.v[j]))
				from = true;
		int have = 0;
		const char **add = cr_xcalloc(role->skills.n + 1, sizeof *add);
		size_t nadd = 0;
		for (size_t j = 0; j < role->skills.n; j++) {
			int bit = sdef ? cr_factdef_choice(sdef, role->skills.v[j]) : -1;
			if (skills->kind == CR_V_SET && bit >= 0 && (skills->bits & ((uint64_t)1 << bit)))
				have++;
			else
				add[nadd++] = role->skills.v[j];
		}
		int fit = skills->kind == CR_V_SET ? (int)lround(100.0 * have / (double)role->skills.n) : -1;
		/* reachable: a usual way in from this occupation, or at least half the skills already */
		if (!from && fit < 50) {
			free(add);
			continue;
		}
		all[n++] = (cr_transition){role, fit, from, add, nadd};
	}
	qsort(all, n, sizeof *all, trans_cmp);
	size_t keep = n < 5 ? n : 5;
	for (size_t i = keep; i < n; i++)
		free(all[i].add);
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

static void build_sensitivity(const cr_kb *kb, const cr_answers *as, cr_result *res, cr_value *facts)
{
	res->sens = cr_xcalloc(CR_ARRAY_LEN(levers), sizeof *res->sens);
	cr_fired *scratch = cr_xcalloc(kb->nrules + 1, sizeof *scratch);
	for (size_t i = 0; i < CR_ARRAY_LEN(levers); i++) {
		cr_answers *copy = cr_answers_copy(as);
		if (apply_lever(&levers[i], copy)) {
			int after = quick_score(kb, copy, facts, scratch);
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

/* ---- the assessment ------------------------------------------------------- */

enum cr_status cr_assess(const cr_kb *kb, const cr_answers *as, unsigned flags, cr_result **out, cr_diags *d)
{
	(void)d;
	cr_value *facts = cr_xcalloc(kb->schema.n + 1, sizeof *facts);
	cr_result *res = cr_xcalloc(1, sizeof *res);
	res->kb = kb;
	res->q = as->q;
	cr_answers_facts(kb, as, facts);
	context c = resolve_context(kb, as, facts);
	dims dm = compute_dims(kb, facts, c.occ);
	set_derived(kb, facts, &c, &dm);
	res->occ = c.occ;
	res->sector = c.sector;
	res->region = c.region;
	res->answered = c.answered;
	res->skipped = c.skipped;
	res->routineness = (int)lround(dm.routineness);
	res->ai_usage = (int)lround(dm.ai_usage);
	res->specialization = (int)lround(dm.specialization);

	res->fired = cr_xcalloc(kb->nrules + 1, sizeof *res->fired);
	res->raw = run_rules(kb, facts, res->fired, &res->nfired);
	res->score = (int)lround(cr_clamp(res->raw, 0, 100));
	res->band = cr_band_of(kb, res->score);
	for (size_t i = 0; i < res->nfired; i++)
		if (res->fired[i].rule->warning != CR_WARN_NONE)
			res->warnings |= 1u << res->fired[i].rule->warning;

	check_consistency(kb, facts, res);
	/*
	 * Uncertainty: a base half-width for what any questionnaire cannot see,
	 * widened by each skipped question, each inconsistency, an unknown
	 * occupation and a task mix taken from the occupation rather than the person.
	 */
	int half = 5 + 2 * res->skipped + 5 * (int)res->nflags + (res->occ ? 0 : 6) + (dm.tasks_known ? 0 : 6);
	if (half > 25)
		half = 25;
	res->range_lo = res->score - half < 0 ? 0 : res->score - half;
	res->range_hi = res->score + half > 100 ? 100 : res->score + half;

	build_advice(res);
	build_transitions(kb, facts, res);
	if (!(flags & CR_ASSESS_NO_SENSITIVITY))
		build_sensitivity(kb, as, res, facts);
	free(facts);
	*out = res;
	return CR_OK;
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
	free(r);
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
	context c = resolve_context(kb, as, facts);
	dims dm = compute_dims(kb, facts, c.occ);
	set_derived(kb, facts, &c, &dm);
}
