/*
 * kb_lint.c - the whole-base checks of `kb check` (see kb_lint.h).
 *
 * The first question, can each rule fire and each question be asked, is
 * settled by searching through answers (kb_search.c); the rest are checks of
 * references across the catalogue and reports of what the search found.
 */
#include "kb_lint.h"
#include "kb_search.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "assess.h"
#include "util.h"

/* ---- reports ----------------------------------------------------------------- */

static void add_error(cr_lint *L, const cr_loc *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add_error(cr_lint *L, const cr_loc *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = cr_xvprintf(fmt, ap);
	va_end(ap);
	cr_diag_add(L->d, CR_EDATA, at->file, at->line, at->col, "%s", msg);
	L->stats->errors++;
	free(msg);
}

/* Marks the facts question q sets (a split sets one per part). */
static void question_facts(const cr_question *q, bool *out)
{
	size_t n = q->type == CR_Q_SPLIT ? q->nchoices : 1;
	for (size_t p = 0; q->fact >= 0 && p < n; p++)
		out[(size_t)q->fact + p] = true;
}

/* A hint for a rule that never fires: does any one questionnaire ask every question it reads? */
static char *never_fires_hint(const cr_lint *L, const cr_rule *rule)
{
	const cr_kb *kb = L->kb;
	size_t nf = kb->schema.n + 1;
	bool *want = cr_xcalloc(nf, sizeof *want), *asked_somewhere = cr_xcalloc(nf, sizeof *asked_somewhere);
	bool *here = cr_xcalloc(nf, sizeof *here);
	cr_expr_facts(rule->when, cr_lint_mark_fact, want);
	for (size_t qn = 0; qn < kb->nquestionnaires; qn++)
		for (size_t i = 0; i < kb->questionnaires[qn].nquestions; i++)
			question_facts(&kb->questionnaires[qn].questions[i], asked_somewhere);
	bool covered = false;
	for (size_t qn = 0; qn < kb->nquestionnaires && !covered; qn++) {
		memset(here, 0, nf * sizeof *here);
		for (size_t i = 0; i < kb->questionnaires[qn].nquestions; i++)
			question_facts(&kb->questionnaires[qn].questions[i], here);
		covered = true;
		/* facts no question sets are derived by the engine and known in every questionnaire */
		for (size_t f = 0; f < kb->schema.n; f++)
			if (want[f] && asked_somewhere[f] && !here[f])
				covered = false;
	}
	cr_sb b = {0};
	if (!covered) {
		cr_sb_add(&b, "no single questionnaire asks all of ");
		size_t n = 0;
		for (size_t f = 0; f < kb->schema.n; f++)
			if (want[f] && asked_somewhere[f])
				cr_sb_addf(&b, "%s%s", n++ ? ", " : "", kb->schema.v[f].name);
		cr_sb_add(&b, "; an assessment answers one questionnaire, so it never has them all");
	} else {
		cr_sb_add(&b, "look for comparisons that contradict each other (such as `data_entry >= 50 and "
			      "data_entry < 10`), a value beyond a question's min or max, or a question that is "
			      "not asked for such answers (its ask_if)");
	}
	free(here);
	free(asked_somewhere);
	free(want);
	return cr_sb_take(&b);
}

static void report_rules_and_questions(cr_lint *L)
{
	const cr_kb *kb = L->kb;
	for (size_t i = 0; i < kb->nrules; i++) {
		const cr_rule *r = &kb->rules[i];
		if (L->witness[i])
			continue;
		add_error(L, &r->when_loc, "rule '%s' never fires: no answers to any questionnaire make \"%s\" hold "
			  "(tried %zu answer sets)", r->id, r->when_text, L->stats->answer_sets);
		char *hint = never_fires_hint(L, r);
		cr_diag_hint(L->d, "%s", hint);
		free(hint);
	}
	for (size_t qn = 0; qn < kb->nquestionnaires; qn++) {
		const cr_questionnaire *q = &kb->questionnaires[qn];
		for (size_t i = 0; i < q->nquestions; i++) {
			const cr_question *qq = &q->questions[i];
			if (L->asked[qn][i])
				continue;
			add_error(L, &qq->loc, "question '%s' is never asked: no answers to the other questions make "
				  "its ask_if \"%s\" hold", qq->id, qq->ask_if_text ? qq->ask_if_text : "");
			cr_diag_hint(L->d, "an ask_if may read only questions of the same questionnaire; check its "
				     "comparisons and choices");
		}
	}
}

/* Runs each witness through the full assessment; returns which recommendations were given. */
static bool *confirm(cr_lint *L)
{
	const cr_kb *kb = L->kb;
	bool *given = cr_xcalloc(kb->nrecs + 1, sizeof *given);
	for (size_t i = 0; i < kb->nrules; i++) {
		if (!L->witness[i])
			continue;
		cr_result *res = NULL;
		cr_diags own = {0}; /* a score not finite is reported above, once, as the base's fault */
		enum cr_status st = cr_assess(kb, L->witness[i], CR_ASSESS_NO_SENSITIVITY, &res, &own);
		for (size_t k = 0; st && !L->nnonfinite && k < own.n; k++) {
			const cr_diag *g = &own.v[k];
			cr_diag_add(L->d, g->status, g->file, g->line, g->col, "%s", g->msg);
			L->stats->errors++;
		}
		cr_diags_clear(&own);
		if (st != CR_OK)
			continue;
		bool fired = false;
		for (size_t f = 0; f < res->nfired; f++)
			fired |= res->fired[f].rule == &kb->rules[i];
		if (!fired) {
			/* the search and the engine disagree: a bug in career-risk, not in the base */
			cr_diag_add(L->d, CR_EFAIL, kb->rules[i].loc.file, kb->rules[i].loc.line, kb->rules[i].loc.col,
				    "rule '%s' fired in kb check's search but not in the assessment", kb->rules[i].id);
			L->stats->errors++;
		} else {
			L->stats->rules_fired++;
		}
		for (size_t k = 0; k < res->nadvice; k++)
			given[res->advice[k].rec - kb->recs] = true;
		cr_result_free(res);
	}
	return given;
}

static void report_recs(cr_lint *L, const bool *given)
{
	const cr_kb *kb = L->kb;
	/* with a score not finite the witnesses could not be assessed: "never given" would be noise */
	if (L->nnonfinite)
		return;
	for (size_t k = 0; k < kb->nrecs; k++) {
		const cr_rec *rec = &kb->recs[k];
		if (given[k]) {
			L->stats->recs_given++;
			continue;
		}
		cr_sb b = {0};
		size_t n = 0;
		for (size_t i = 0; i < kb->nrules; i++)
			for (size_t j = 0; j < kb->rules[i].nrecs; j++)
				if (kb->rules[i].recs[j] == rec)
					cr_sb_addf(&b, "%s'%s'", n++ ? ", " : "", kb->rules[i].id);
		if (!n) {
			add_error(L, &rec->loc, "recommendation '%s' is never given: no rule recommends it", rec->id);
			cr_diag_hint(L->d, "name it in the 'recommend' list of the rule it follows from, or remove it");
		} else {
			if (n == 1)
				add_error(L, &rec->loc, "recommendation '%s' is never given: the one rule that "
					  "recommends it, %s, never fires", rec->id, b.s);
			else
				add_error(L, &rec->loc, "recommendation '%s' is never given: the rules that recommend it "
					  "(%s) never fire", rec->id, b.s);
			if (rec->when) /* the search found the rules' witnesses, not answers that also meet the `when` */
				cr_diag_hint(L->d, "its `when` (%s) may not hold when %s: loosen it, or recommend it from a rule "
					     "whose answers meet it", rec->when_text, n == 1 ? "that rule fires" : "those rules fire");
			else
				cr_diag_hint(L->d, "fix the condition%s of %s, or recommend it from a rule that fires",
					     n == 1 ? "" : "s", n == 1 ? "that rule" : "those rules");
		}
		cr_sb_free(&b);
	}
}

/* ---- references that only the whole catalogue can settle -------------------- */

/*
 * A region whose `parent` links lead back to it: figures looked up through the
 * parents (cr_region_net_ratio) would go round until their depth bound. Each
 * cycle is reported once, at its region that comes first in the base.
 */
static void check_region_cycles(cr_lint *L)
{
	const cr_kb *kb = L->kb;
	for (size_t i = 0; i < kb->nregions; i++) {
		const cr_region *r = &kb->regions[i], *p = r;
		bool cycle = false, first = true;
		for (size_t step = 0; step < kb->nregions && p && p->parent && !cycle; step++) {
			p = cr_kb_region(kb, p->parent);
			cycle = p == r;
			first &= !p || p >= r; /* an earlier region of the cycle reports it */
		}
		if (!cycle || !first)
			continue;
		cr_sb b = {0};
		cr_sb_add(&b, r->id);
		for (p = cr_kb_region(kb, r->parent); p; p = p == r ? NULL : cr_kb_region(kb, p->parent))
			cr_sb_addf(&b, " -> %s", p->id);
		add_error(L, &r->loc, "region '%s' is its own ancestor through 'parent': %s", r->id, b.s);
		cr_diag_hint(L->d, "a region's parent is a larger region (a country's is its continent); remove one 'parent' of the cycle");
		cr_sb_free(&b);
	}
}

static void check_roles(cr_lint *L)
{
	const cr_kb *kb = L->kb;
	for (size_t i = 0; i < kb->nroles; i++) {
		const cr_role *role = &kb->roles[i];
		for (size_t j = 0; j < role->from.n; j++) {
			const char *code = role->from.v[j];
			bool found = false;
			for (size_t o = 0; o < kb->noccupations && !found; o++)
				found = cr_str_has_prefix(kb->occupations[o].code, code);
			if (found)
				continue;
			const cr_loc *at = role->from.locs ? &role->from.locs[j] : &role->loc;
			add_error(L, at, "growing role '%s': '%s' in 'from' matches no occupation in the catalogue",
				  role->id, code);
			cr_diag_hint(L->d, "use the SOC code or code prefix of an occupation it is reachable from; "
				     "`career-risk " CR_CMD_OCCUPATION_SEARCH " WORDS` finds codes");
		}
	}
}

static void check_sectors(cr_lint *L)
{
	const cr_kb *kb = L->kb;
	for (size_t s = 0; s < kb->nsectors; s++) {
		bool used = false;
		for (size_t o = 0; o < kb->noccupations && !used; o++)
			used = strcmp(kb->occupations[o].sector, kb->sectors[s].id) == 0;
		if (used)
			continue;
		add_error(L, &kb->sectors[s].loc, "sector '%s' has no occupation: no catalogue entry has 'sector: %s'",
			  kb->sectors[s].id, kb->sectors[s].id);
		cr_diag_hint(L->d, "set it as the sector of the occupations that work mostly in it, or remove it");
	}
}

typedef struct name_ref {
	const char *name;
	const cr_occupation *occ;
	const cr_loc *loc;
} name_ref;

static int name_cmp(const void *a, const void *b)
{
	const name_ref *x = a, *y = b;
	int c = cr_strcasecmp(x->name, y->name);
	if (c)
		return c;
	/* then in file order, so the later entry is the one reported */
	c = strcmp(x->loc->file ? x->loc->file : "", y->loc->file ? y->loc->file : "");
	return c ? c : (x->loc->line > y->loc->line) - (x->loc->line < y->loc->line);
}

/* No title or alias may name two occupations: search would have to guess. */
static void check_names(cr_lint *L)
{
	const cr_kb *kb = L->kb;
	size_t n = 0, cap = 0;
	name_ref *v = NULL;
	for (size_t o = 0; o < kb->noccupations; o++) {
		const cr_occupation *occ = &kb->occupations[o];
		cr_xgrow((void **)&v, &cap, n, sizeof *v);
		v[n++] = (name_ref){occ->title, occ, &occ->loc};
		for (size_t a = 0; a < occ->aliases.n; a++) {
			cr_xgrow((void **)&v, &cap, n, sizeof *v);
			v[n++] = (name_ref){occ->aliases.v[a], occ, occ->aliases.locs ? &occ->aliases.locs[a] : &occ->loc};
		}
	}
	if (n)
		qsort(v, n, sizeof *v, name_cmp);
	for (size_t i = 1; i < n; i++) {
		if (cr_strcasecmp(v[i - 1].name, v[i].name) != 0 || v[i - 1].occ == v[i].occ)
			continue;
		const cr_loc *first = v[i - 1].loc;
		char *where = first->file && v[i].loc->file && strcmp(first->file, v[i].loc->file) == 0
				      ? cr_xprintf("line %d", first->line)
				      : cr_xprintf("%s:%d", first->file ? first->file : "?", first->line);
		add_error(L, v[i].loc, "'%s' names two occupations: %s %s, and %s %s (%s)", v[i].name, v[i].occ->code,
			  v[i].occ->title, v[i - 1].occ->code, v[i - 1].occ->title, where);
		free(where);
		cr_diag_hint(L->d, "keep the alias on the occupation most people with that title are in");
	}
	free(v);
}

static void cite(const cr_kb *kb, bool *cited, const cr_strs *ids)
{
	for (size_t i = 0; i < ids->n; i++) {
		const cr_source *s = cr_kb_source(kb, ids->v[i]);
		if (s)
			cited[s - kb->sources] = true;
	}
}

static void check_sources_cited(cr_lint *L)
{
	const cr_kb *kb = L->kb;
	bool *cited = cr_xcalloc(kb->nsources + 1, sizeof *cited);
	for (size_t i = 0; i < kb->nsectors; i++) {
		cite(kb, cited, &kb->sectors[i].sources);
		for (size_t f = 0; f < kb->sectors[i].nfigures; f++)
			cite(kb, cited, &kb->sectors[i].figures[f].sources);
	}
	for (size_t i = 0; i < kb->nregions; i++)
		cite(kb, cited, &kb->regions[i].sources);
	for (size_t i = 0; i < kb->noccupations; i++) {
		const cr_occupation *o = &kb->occupations[i];
		cite(kb, cited, &o->sources);
		cite(kb, cited, &o->task_sources);
		for (size_t e = 0; e < o->nexposures; e++) {
			cr_strs one = {&o->exposures[e].source, 1, NULL};
			cite(kb, cited, &one);
		}
	}
	for (size_t i = 0; i < kb->nroles; i++)
		cite(kb, cited, &kb->roles[i].sources);
	for (size_t i = 0; i < kb->nrules; i++)
		cite(kb, cited, &kb->rules[i].sources);
	for (size_t i = 0; i < kb->nrecs; i++)
		cite(kb, cited, &kb->recs[i].sources);
	cite(kb, cited, &kb->model_sources);
	for (size_t i = 0; i < kb->ntitle_rules; i++)
		cite(kb, cited, &kb->title_rules[i].sources);
	for (size_t i = 0; i < kb->nsources; i++) {
		if (cited[i])
			continue;
		const cr_source *s = &kb->sources[i];
		cr_diag_add(L->d, CR_OK, s->loc.file, s->loc.line, s->loc.col, "source '%s' is cited by no entry", s->id);
		cr_diag_hint(L->d, "cite it where it supports a figure, rule or recommendation, or remove it");
		L->stats->warnings++;
	}
	free(cited);
}

enum cr_status cr_kb_lint(const cr_kb *kb, cr_lint_stats *stats, cr_diags *d)
{
	cr_lint L = {.kb = kb, .d = d, .stats = stats};
	memset(stats, 0, sizeof *stats);
	L.facts = cr_xcalloc(kb->schema.n + 1, sizeof *L.facts);
	L.witness = cr_xcalloc(kb->nrules + 1, sizeof *L.witness);
	L.nonfinite = cr_xcalloc(kb->nrules + 1, sizeof *L.nonfinite);
	L.asked = cr_xcalloc(kb->nquestionnaires + 1, sizeof *L.asked);
	for (size_t qn = 0; qn < kb->nquestionnaires; qn++) {
		const cr_questionnaire *q = &kb->questionnaires[qn];
		L.asked[qn] = cr_xcalloc(q->nquestions + 1, sizeof **L.asked);
		for (size_t i = 0; i < q->nquestions; i++) {
			/* a question without an ask_if is always asked */
			L.asked[qn][i] = q->questions[i].ask_if == NULL;
			L.nunasked += !L.asked[qn][i];
		}
	}

	check_roles(&L);
	check_region_cycles(&L);
	check_sectors(&L);
	check_names(&L);
	cr_kb_search(&L);
	report_rules_and_questions(&L);
	bool *given = confirm(&L);
	report_recs(&L, given);
	check_sources_cited(&L);

	free(given);
	for (size_t i = 0; i < kb->nrules; i++)
		cr_answers_free(L.witness[i]);
	for (size_t qn = 0; qn < kb->nquestionnaires; qn++)
		free(L.asked[qn]);
	free(L.asked);
	free(L.witness);
	free(L.nonfinite);
	free(L.facts);
	return stats->errors ? CR_EDATA : CR_OK;
}
