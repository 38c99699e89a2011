/* render_report.c - one session's report as text or Markdown (see report.h). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "report.h"
#include "sections.h"

#define TEXT_MAX_ADVICE 10

static void heading(FILE *out, const cr_render_opts *o, const char *title)
{
	if (o->color)
		fprintf(out, "\n\033[1m%s\033[0m\n", title);
	else
		fprintf(out, "\n%s\n", title);
}

static void dim_line(FILE *out, const char *label, int v, const cr_snapshot *prev, int was)
{
	char b[21];
	int n = (v + 2) / 5;
	for (int i = 0; i < 20; i++)
		b[i] = i < n ? '#' : '.';
	b[20] = '\0';
	if (prev)
		fprintf(out, "  %-17s [%s] %3d  (was %d)\n", label, b, v, was);
	else
		fprintf(out, "  %-17s [%s] %3d\n", label, b, v);
}

/* The notes up to and including the reported session, when notes are shown at all (--notes). */
static size_t notes_upto(const cr_report *r)
{
	size_t n = 0;
	for (size_t k = 0; r->notes && r->p && k < r->p->nnotes; k++)
		n += !r->session || r->p->notes[k].session <= r->session->num;
	return n;
}

static const char *horizon_words(const char *h)
{
	if (!h)
		return "";
	if (!strcmp(h, "week"))
		return "this week";
	if (!strcmp(h, "quarter"))
		return "this quarter";
	if (!strcmp(h, "year"))
		return "this year";
	return h;
}

static const char *const warning_text[][2] = {
	{"waiting", "Waiting: people who start learning only when cuts are announced find retraining places full."},
	{"hoarding", "Hoarding manual work: keeping tasks by hand to stay needed tends to get the whole process automated."},
	{"generic", "Staying generic: broad, common skills are what AI tools do best; depth and a niche protect."},
};

static const char *warning_of(const char *id)
{
	for (size_t i = 0; i < CR_ARRAY_LEN(warning_text); i++)
		if (!strcmp(warning_text[i][0], id))
			return warning_text[i][1];
	return id;
}

const char *cr_rep_skill(const cr_report *r, const char *id)
{
	const cr_skill *sk = r->kb && id ? cr_kb_skill(r->kb, id) : NULL;
	return sk ? sk->title : id;
}

char *cr_rep_rule_words(const cr_snap_rule *ru)
{
	if (!ru->reason)
		return cr_xstrdup(ru->id);
	const char *t = ru->reason;
	/* the core rules' reasons open alike; what follows is what the person needs */
	static const char lead[] = "Part of your score comes from ";
	bool cut = !strncmp(t, lead, sizeof lead - 1);
	if (cut)
		t += sizeof lead - 1;
	const char *end = strstr(t, ". ");
	size_t n = end ? (size_t)(end - t) + 1 : strlen(t);
	char *w = cr_xprintf("%.*s", (int)n, t);
	if (cut && w[0])
		w[0] = (char)toupper((unsigned char)w[0]);
	return w;
}

size_t cr_rep_top_rules(const cr_snapshot *s, size_t *idx, size_t max)
{
	size_t n = 0;
	while (n < max) {
		/* the largest |effect| not taken yet (a few dozen rules; ties keep the result's order) */
		size_t best = s->nrules;
		for (size_t i = 0; i < s->nrules; i++) {
			bool taken = cr_effect_is_zero(s->rules[i].effect);
			for (size_t k = 0; k < n && !taken; k++)
				taken = idx[k] == i;
			if (!taken && (best == s->nrules || fabs(s->rules[i].effect) > fabs(s->rules[best].effect)))
				best = i;
		}
		if (best == s->nrules)
			break;
		idx[n++] = best;
	}
	return n;
}

size_t cr_rep_zero_rules(const cr_snapshot *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nrules; i++)
		n += cr_effect_is_zero(s->rules[i].effect);
	return n;
}

char *cr_rep_change_words(const cr_rule_change *ch, int kind, int *sign)
{
	double delta = ch->after - ch->before;
	*sign = 0;
	if (cr_effect_is_zero(delta) || (kind == 0 && cr_effect_is_zero(ch->before)) ||
	    (kind == 1 && cr_effect_is_zero(ch->after)))
		return NULL;
	*sign = delta > 0 ? 1 : -1;
	char *words = ch->rule ? cr_rep_rule_words(ch->rule) : cr_xstrdup(ch->id);
	char *line;
	if (kind == 0)
		line = cr_xprintf("No longer applies: %s (it %s %.1f point%s)", words, ch->before > 0 ? "added" : "took off",
				  fabs(ch->before), fabs(ch->before) == 1.0 ? "" : "s");
	else if (kind == 1)
		line = cr_xprintf("Now applies: %s (%s %.1f point%s)", words, ch->after > 0 ? "adds" : "takes off",
				  fabs(ch->after), fabs(ch->after) == 1.0 ? "" : "s");
	else
		line = cr_xprintf("Counts %s: %s (%+.1f points, was %+.1f)", delta > 0 ? "more towards exposure" : "less towards exposure",
				  words, ch->after, ch->before);
	free(words);
	return line;
}

cr_rep_change *cr_rep_changes(const cr_report *r, size_t *n)
{
	const cr_comparison *c = r->cmp;
	*n = 0;
	if (!c)
		return NULL;
	cr_rep_change *v = cr_xcalloc(c->nwent + c->ncame + c->nchanged + 1, sizeof *v);
	for (int kind = 0; kind < 3; kind++) {
		const cr_rule_change *ch = kind == 0 ? c->went : kind == 1 ? c->came : c->changed;
		size_t m = kind == 0 ? c->nwent : kind == 1 ? c->ncame : c->nchanged;
		for (size_t i = 0; i < m; i++) {
			int sign;
			char *t = cr_rep_change_words(&ch[i], kind, &sign);
			if (!t)
				continue;
			/* insertion by size, largest first; equal sizes keep went, came, changed order */
			double size = fabs(ch[i].after - ch[i].before);
			size_t j = (*n)++;
			while (j > 0 && v[j - 1].size < size) {
				v[j] = v[j - 1];
				j--;
			}
			v[j] = (cr_rep_change){t, sign, size};
		}
	}
	return v;
}

void cr_rep_changes_free(cr_rep_change *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

char *cr_rep_wage_words(int from, int to)
{
	char a[32], b[32];
	if (to >= 0)
		cr_render_count(a, sizeof a, to);
	if (from >= 0)
		cr_render_count(b, sizeof b, from);
	if (to >= 0 && from >= 0)
		return cr_xprintf("median pay $%s a year (your occupation: $%s)", a, b);
	if (to >= 0)
		return cr_xprintf("median pay $%s a year", a);
	return NULL;
}

/*
 * "What changed since session N", in plain words, largest change first (the
 * summary the few largest); colour only for the changes listed.
 */
static void text_changes(FILE *out, const cr_report *r, const cr_render_opts *o, int w)
{
	const cr_comparison *c = r->cmp;
	if (!c || !r->prev_session)
		return;
	size_t n;
	cr_rep_change *v = cr_rep_changes(r, &n);
	size_t recs_went = r->full ? c->nrecs_went : 0, recs_came = r->full ? c->nrecs_came : 0;
	if (n || recs_came || recs_went) {
		char t[64];
		snprintf(t, sizeof t, "%s %d", cr_section_heading(CR_SEC_CHANGED), r->prev_session->num);
		heading(out, o, t);
	}
	size_t shown = r->full || n <= CR_REP_SUMMARY_CHANGES ? n : CR_REP_SUMMARY_CHANGES;
	for (size_t i = 0; i < shown; i++) {
		/* green when it lowers the exposure score, red when it raises it */
		const char *lead = !o->color ? "  - " : v[i].sign < 0 ? "  \033[32m-\033[0m " : "  \033[31m-\033[0m ";
		cr_wrap_hang(out, lead, v[i].text, 4, w);
	}
	if (shown < n) {
		char *more = cr_xprintf("and %zu smaller change%s (the full report, --full, lists them).", n - shown,
					n - shown == 1 ? "" : "s");
		cr_wrap(out, more, 4, w);
		free(more);
	}
	cr_rep_changes_free(v, n);
	for (size_t i = 0; i < recs_came; i++)
		cr_wrap_hang(out, "  - New advice: ", c->recs_came[i]->title, 4, w);
	for (size_t i = 0; i < recs_went; i++)
		cr_wrap_hang(out, "  - Advice no longer given: ", c->recs_went[i]->title, 4, w);
	if (!n && !recs_came && !recs_went)
		return;
	if (c->kb_changed)
		cr_wrap(out, "(The evidence behind the assessment was updated between the two sessions; part of the "
			     "difference may come from that.)", 2, w);
	if (c->model_changed)
		cr_wrap(out, "(The scoring model changed between the two sessions: the newer one also weighs "
			     "exposure to AI from your tasks, so part of the difference is the model's, not your "
			     "answers'.)", 2, w);
}

/* Growing roles: months, pay, the skills to add by name. */
static void text_roles(FILE *out, const cr_report *r, const cr_render_opts *o, int w)
{
	const cr_snapshot *s = r->snap;
	if (!s->ntrans)
		return;
	heading(out, o, cr_section_heading(CR_SEC_ROLES));
	for (size_t i = 0; i < s->ntrans; i++) {
		const cr_snap_trans *t = &s->trans[i];
		cr_sb b = {0};
		cr_sb_addf(&b, "%s: about %d-%d months to be productive", t->title, t->months_lo, t->months_hi);
		if (t->fit >= 0)
			cr_sb_addf(&b, "; %d%% of its skills already", t->fit);
		char *pay = cr_rep_wage_words(s->occ_wage, t->wage);
		if (pay)
			cr_sb_addf(&b, "; %s", pay);
		free(pay);
		cr_wrap_hang(out, "  - ", b.s, 4, w);
		cr_sb_free(&b);
		if (t->add.n) {
			cr_sb_add(&b, "skills to add: ");
			for (size_t j = 0; j < t->add.n; j++)
				cr_sb_addf(&b, "%s%s", j ? ", " : "", cr_rep_skill(r, t->add.v[j]));
			cr_wrap(out, b.s, 4, w);
			cr_sb_free(&b);
		}
	}
	bool pay = false;
	for (size_t i = 0; i < s->ntrans; i++)
		pay = pay || s->trans[i].wage >= 0;
	if (pay)
		cr_wrap(out, "(Pay: US national medians, BLS Occupational Employment and Wage Statistics, May 2024.)", 2, w);
}

enum cr_status cr_render_report_text(FILE *out, const cr_report *r, const cr_render_opts *o)
{
	const cr_snapshot *s = r->snap;
	const cr_comparison *c = r->cmp;
	int w = o->width >= 40 ? o->width : 80;
	if (w > 100)
		w = 100;
	char d[11], upper[32];
	snprintf(upper, sizeof upper, "%s", s->band);
	for (char *p = upper; *p; p++)
		*p = (char)toupper((unsigned char)*p);

	const char *form = r->full ? "full report" : "summary";
	if (r->session)
		fprintf(out, "career-risk %s: %s, session %d of %zu (%s, %s questionnaire)\n", form, r->profile,
			r->session->num, r->p->nsessions, cr_rep_date(r->session->finished_at, d),
			s->questionnaire ? s->questionnaire : "?");
	else
		fprintf(out, "career-risk %s (%s questionnaire, not saved)\n", form, s->questionnaire ? s->questionnaire : "?");
	char *hdr = NULL;
	if (s->occ_title) {
		hdr = cr_xprintf("Occupation: %s (%s), outlook %s", s->occ_title, s->occ_code ? s->occ_code : "",
				  s->occ_outlook ? s->occ_outlook : "unknown");
		cr_wrap_hang(out, "", hdr, 2, w);
		free(hdr);
	}
	if (s->sector_title) {
		hdr = cr_xprintf("Sector: %s, outlook %s", s->sector_title, s->sector_outlook ? s->sector_outlook : "unknown");
		cr_wrap_hang(out, "", hdr, 2, w);
		free(hdr);
	}
	if (s->region_title) {
		hdr = cr_xprintf("Region: %s, outlook %s", s->region_title, s->region_outlook ? s->region_outlook : "unknown");
		cr_wrap_hang(out, "", hdr, 2, w);
		free(hdr);
	}

	fputc('\n', out);
	fprintf(out, "  Exposure score  %d / 100   %s   likely range %d-%d\n", s->score, upper, s->range_lo, s->range_hi);
	if (c && r->prev_session) {
		if (c->score)
			fprintf(out, "  Since session %d: %s %d point%s", r->prev_session->num, c->score > 0 ? "up" : "down",
				abs(c->score), abs(c->score) == 1 ? "" : "s");
		else
			fprintf(out, "  Since session %d: unchanged", r->prev_session->num);
		if (c->band_changed)
			fprintf(out, " (%s -> %s)", r->prev->band, s->band);
		fputc('\n', out);
	}
	fprintf(out, "  (higher means more of the work is exposed to automation by AI)\n\n");
	const cr_snapshot *prev = c ? s : NULL; /* any non-NULL: show "was" */
	dim_line(out, "Task routineness", s->routineness, prev, c ? s->routineness - c->routineness : 0);
	dim_line(out, "AI tool usage", s->ai_usage, prev, c ? s->ai_usage - c->ai_usage : 0);
	dim_line(out, "Specialisation", s->specialization, prev, c ? s->specialization - c->specialization : 0);
	if (s->exposure >= 0)
		dim_line(out, "Exposure to AI", s->exposure, c && r->prev && r->prev->exposure >= 0 ? prev : NULL,
			 c ? s->exposure - c->exposure : 0); /* c->exposure is the change; "was" wants the old value */

	if (r->full && r->p && r->session && cr_progress_scored(r->p) >= 2) {
		heading(out, o, cr_section_heading(CR_SEC_SCORE_OVER_TIME));
		cr_rep_score_chart(out, r->p, r->session);
	}

	text_changes(out, r, o, w);

	if (s->consistency.n) {
		heading(out, o, cr_section_heading(CR_SEC_CHECK));
		for (size_t i = 0; i < s->consistency.n; i++) {
			cr_wrap_hang(out, "  ! ", s->consistency.v[i], 4, w);
		}
	}
	if (s->warnings.n) {
		heading(out, o, cr_section_heading(CR_SEC_WATCH));
		for (size_t i = 0; i < s->warnings.n; i++) {
			cr_wrap_hang(out, "  * ", warning_of(s->warnings.v[i]), 4, w);
		}
	}

	if (!r->full) {
		/* the client summary: the few reasons that move the score most, in words */
		size_t top[CR_REP_TOP_RULES];
		size_t n = cr_rep_top_rules(s, top, CR_REP_TOP_RULES);
		if (n) {
			heading(out, o, cr_section_heading(CR_SEC_REASONS));
			for (size_t i = 0; i < n; i++) {
				char *words = cr_rep_rule_words(&s->rules[top[i]]);
				char lead[32];
				snprintf(lead, sizeof lead, "  %+5.1f  ", s->rules[top[i]].effect);
				cr_wrap_hang(out, lead, words, 9, w);
				free(words);
			}
			size_t others = s->nrules - n;
			if (others) {
				char *more = cr_xprintf("%zu other reason%s checked add%s less; the full report (--full) lists "
							"every one with its sources.", others, others == 1 ? "" : "s",
							others == 1 ? "s" : "");
				cr_wrap(out, more, 9, w);
				free(more);
			}
		}
	} else {
		heading(out, o, cr_section_heading(CR_SEC_WHY));
		for (size_t i = 0; i < s->nrules; i++) {
			const cr_snap_rule *ru = &s->rules[i];
			if (cr_effect_is_zero(ru->effect))
				continue;
			fprintf(out, "  %+6.1f  %s\n", ru->effect, ru->id);
			if (ru->reason)
				cr_wrap(out, ru->reason, 10, w);
			if (ru->sources.n) {
				cr_sb b = {0};
				cr_sb_add(&b, "sources: ");
				for (size_t j = 0; j < ru->sources.n; j++)
					cr_sb_addf(&b, "%s%s", j ? ", " : "", ru->sources.v[j]);
				cr_wrap(out, b.s, 10, w);
				cr_sb_free(&b);
			}
		}
		size_t zero = cr_rep_zero_rules(s);
		if (zero) {
			char *line = cr_folded_rules_text(zero);
			cr_wrap(out, line, 10, w);
			free(line);
		}
		fprintf(out, "  = %d\n", s->score);
	}

	if (r->full && s->nsens) {
		heading(out, o, cr_section_heading(CR_SEC_LEVERS));
		for (size_t i = 0; i < s->nsens; i++) {
			char *line = cr_xprintf("%s: %d -> %d (%+d)", s->sens[i].change, s->score, s->sens[i].score_after,
						s->sens[i].delta);
			cr_wrap_hang(out, "  - ", line, 4, w);
			free(line);
		}
	}

	if (r->full && (s->ntasks_most || s->ntasks_least)) {
		heading(out, o, cr_section_heading(s->tasks_own ? CR_SEC_TASKS_OWN : CR_SEC_TASKS_OCC));
		for (int most = 1; most >= 0; most--) {
			const cr_snap_task *v = most ? s->tasks_most : s->tasks_least;
			size_t n = most ? s->ntasks_most : s->ntasks_least;
			if (n)
				fprintf(out, "  %s\n", most ? "Most exposed:" : "Least exposed:");
			for (size_t i = 0; i < n; i++) {
				const char *e = v[i].exposure ? v[i].exposure : "";
				char *line = cr_xprintf("%s (%s%s%s)", v[i].text,
							!strcmp(e, "E1") ? "AI does it" : !strcmp(e, "E2") ? "AI speeds it up" : "out of reach",
							v[i].time ? "; " : "", v[i].time ? v[i].time : "");
				cr_wrap_hang(out, "   - ", line, 5, w);
				free(line);
			}
		}
		if (s->task_note) {
			cr_wrap_hang(out, "  ", s->task_note, 2, w);
		}
	}

	if (s->nsteps) {
		heading(out, o, cr_section_heading(CR_SEC_STEPS));
		for (size_t i = 0; i < s->nsteps; i++) {
			const cr_snap_rec *a = cr_snapshot_rec(s, s->steps[i].rec);
			char *line = cr_xprintf("%d. %s: %s", s->steps[i].step, s->steps[i].title, a ? a->title : s->steps[i].rec);
			cr_wrap_hang(out, "  ", line, 5, w);
			free(line);
		}
	}

	if (!r->full && !s->nsteps && s->nrecs) {
		/* a result stored before the four-step plan: the summary's plan is the first few recommendations */
		heading(out, o, cr_section_heading(CR_SEC_PLAN));
		for (size_t i = 0; i < s->nrecs && i < CR_REP_TOP_RULES; i++) {
			char lead[16];
			snprintf(lead, sizeof lead, "  %zu. ", i + 1);
			cr_wrap_hang(out, lead, s->recs[i].title, 5, w);
		}
	}
	if (r->full && s->nrecs) {
		char plan[64];
		snprintf(plan, sizeof plan, "%s%s", cr_section_heading(CR_SEC_PLAN), r->p ? " (status today)" : "");
		heading(out, o, plan);
		static const char *const mark[] = {"[ ]", "[>]", "[x]", "[-]"};
		size_t n = s->nrecs < TEXT_MAX_ADVICE ? s->nrecs : TEXT_MAX_ADVICE;
		for (size_t i = 0; i < n; i++) {
			const cr_snap_rec *a = &s->recs[i];
			const cr_plan_item *it = cr_rep_item_for(r->p, a->id);
			char lead[32];
			if (it)
				snprintf(lead, sizeof lead, "  %s %3d  ", mark[it->status], it->num);
			else
				snprintf(lead, sizeof lead, "  %9zu. ", i + 1);
			cr_wrap_hang(out, lead, a->title, 11, w);
			char *meta = cr_xprintf("%s, %s effort, impact %d/5", horizon_words(a->horizon), a->effort ? a->effort : "?",
						a->impact);
			cr_wrap(out, meta, 11, w);
			free(meta);
			if (a->detail)
				cr_wrap(out, a->detail, 11, w);
			if (it && !(it->status == CR_ITEM_TODO && it->current)) {
				char *state = cr_rep_item_state(r->p, it);
				cr_wrap(out, state, 11, w);
				free(state);
			}
		}
		if (s->nrecs > n)
			fprintf(out, "  (%zu more in --format markdown, html or json)\n", s->nrecs - n);
		/* the counsellor's own items (`plan add`), after the recommendations; dropped ones not */
		for (size_t i = 0; r->p && i < r->p->nitems; i++) {
			const cr_plan_item *it = &r->p->items[i];
			if (it->kind != CR_KIND_CUSTOM || it->status == CR_ITEM_DROPPED)
				continue;
			char lead[32], *state = cr_rep_item_state(r->p, it);
			snprintf(lead, sizeof lead, "  %s %3d  ", mark[it->status], it->num);
			cr_wrap_hang(out, lead, it->title, 11, w);
			cr_wrap(out, state, 11, w);
			free(state);
		}
	}
	/* done items this session no longer recommends: credit where it is due */
	if (r->p && r->session) {
		bool any = false;
		for (size_t i = 0; i < r->p->ncredits; i++) {
			const cr_credit *cr = &r->p->credits[i];
			if (cr->session != r->session->num || cr->still_recommended)
				continue;
			const cr_plan_item *it = cr_progress_item(r->p, cr->item);
			if (!it)
				continue;
			if (!any)
				heading(out, o, cr_section_heading(CR_SEC_DONE));
			any = true;
			char lead[32];
			snprintf(lead, sizeof lead, "  [x] %3d  ", it->num);
			cr_wrap_hang(out, lead, it->title, 11, w);
		}
	}

	if (r->goals) {
		heading(out, o, cr_section_heading(CR_SEC_GOALS));
		cr_wrap(out, r->goals, 2, w);
	}
	text_roles(out, r, o, w);

	if (r->nanswers) {
		heading(out, o, cr_section_heading(CR_SEC_ANSWERS));
		for (size_t i = 0; i < r->nanswers; i++) {
			cr_wrap_hang(out, "  - ", r->answers[i].question, 4, w);
			cr_wrap(out, r->answers[i].answer, 6, w);
		}
	}

	if (notes_upto(r)) {
		heading(out, o, cr_section_heading(CR_SEC_NOTES));
		int shown = 0; /* the session whose heading was printed last; notes come grouped by session */
		for (size_t k = 0; k < r->p->nnotes; k++) {
			const cr_note *n = &r->p->notes[k];
			if (r->session && n->session > r->session->num)
				continue;
			if (n->session != shown)
				fprintf(out, "  Session %d\n", n->session);
			shown = n->session;
			fprintf(out, "    %s:\n", cr_rep_date(n->created_at, d));
			cr_wrap(out, n->body, 6, w);
		}
	}

	if (r->full && s->nsources) {
		heading(out, o, cr_section_heading(CR_SEC_SOURCES));
		for (size_t i = 0; i < s->nsources; i++) {
			const cr_snap_source *src = &s->sources[i];
			char *line = cr_xprintf("%s: %s (%d). %s. %s", src->id, src->publisher ? src->publisher : "", src->year,
						src->title ? src->title : "", src->url ? src->url : "");
			cr_wrap_hang(out, "  - ", line, 4, w);
			free(line);
		}
	}
	/* the knowledge base's version identifies the evidence for a technical reader: the full report only */
	if (r->full)
		fprintf(out, "\nKnowledge base %s; report made %s by career-risk %s.\n", s->kb_version ? s->kb_version : "?",
			cr_rep_date(r->generated_at, d), r->version ? r->version : "");
	else
		fprintf(out, "\nReport made %s by career-risk %s.\n", cr_rep_date(r->generated_at, d), r->version ? r->version : "");
	cr_wrap(out, "An estimate from answers and published evidence, not a prediction about a person.", 0, w);
	return ferror(out) ? CR_EIO : CR_OK;
}

/* Markdown-escapes text for a paragraph or a table cell. */
static void md(FILE *out, const char *s)
{
	cr_md_text(out, s);
}

enum cr_status cr_render_report_markdown(FILE *out, const cr_report *r)
{
	const cr_snapshot *s = r->snap;
	const cr_comparison *c = r->cmp;
	char d[11];
	fprintf(out, "# %s", r->full ? "AI exposure report" : "AI exposure summary");
	if (r->profile) {
		fprintf(out, ": ");
		md(out, r->profile);
	}
	fprintf(out, "\n\n");
	if (r->session)
		fprintf(out, "- **Session:** %d of %zu, %s (%s questionnaire)\n", r->session->num, r->p->nsessions,
			cr_rep_date(r->session->finished_at, d), s->questionnaire ? s->questionnaire : "?");
	fprintf(out, "- **Score:** %d / 100 (%s), likely range %d-%d\n", s->score, s->band, s->range_lo, s->range_hi);
	if (c && r->prev_session)
		fprintf(out, "- **Since session %d:** %+d points%s\n", r->prev_session->num, c->score,
			c->band_changed ? " (band changed)" : "");
	if (s->occ_title) {
		fprintf(out, "- **Occupation:** ");
		md(out, s->occ_title);
		fprintf(out, " (%s), outlook %s\n", s->occ_code ? s->occ_code : "", s->occ_outlook ? s->occ_outlook : "unknown");
	}
	if (s->sector_title) {
		fprintf(out, "- **Sector:** ");
		md(out, s->sector_title);
		fprintf(out, ", outlook %s\n", s->sector_outlook ? s->sector_outlook : "unknown");
	}
	if (s->region_title) {
		fprintf(out, "- **Region:** ");
		md(out, s->region_title);
		fprintf(out, ", outlook %s\n", s->region_outlook ? s->region_outlook : "unknown");
	}
	fprintf(out, "\n| Dimension | Score (0-100) |%s\n|---|---:|%s\n", c ? " Change |" : "", c ? "---:|" : "");
	const char *names[] = {"Task routineness (lower is safer)", "AI tool usage (higher is safer)",
			       "Specialisation (higher is safer)", "Exposure to AI (lower is safer)"};
	int vals[] = {s->routineness, s->ai_usage, s->specialization, s->exposure};
	int deltas[] = {c ? c->routineness : 0, c ? c->ai_usage : 0, c ? c->specialization : 0, c ? c->exposure : 0};
	for (int k = 0; k < (s->exposure >= 0 ? 4 : 3); k++) {
		if (c)
			fprintf(out, "| %s | %d | %+d |\n", names[k], vals[k], deltas[k]);
		else
			fprintf(out, "| %s | %d |\n", names[k], vals[k]);
	}
	fputc('\n', out);

	if (r->full && r->p && r->session && cr_progress_scored(r->p) >= 2) {
		cr_md_heading(out, CR_SEC_SCORE_OVER_TIME);
		fprintf(out, "| Session | Date | Score | Band | Routineness | AI use | Specialisation |\n"
			     "|---:|---|---:|---|---:|---:|---:|\n");
		for (size_t i = 0; i < r->p->nsessions; i++) {
			const cr_session_info *si = &r->p->sessions[i];
			if (!si->scored || si->id > r->session->id)
				continue;
			fprintf(out, "| %d | %s | %d | %s | %d | %d | %d |\n", si->num, cr_rep_date(si->finished_at, d), si->score,
				si->band ? si->band : "", si->routineness, si->ai_usage, si->specialization);
		}
		fputc('\n', out);
	}
	size_t nch = 0;
	cr_rep_change *ch = cr_rep_changes(r, &nch);
	size_t recs_came = r->full && c ? c->nrecs_came : 0, recs_went = r->full && c ? c->nrecs_went : 0;
	if (c && r->prev_session && (nch || recs_came || recs_went)) {
		/* plain words, largest first; the summary lists the few largest */
		fprintf(out, "## %s %d\n\n", cr_section_heading(CR_SEC_CHANGED), r->prev_session->num);
		size_t shown = r->full || nch <= CR_REP_SUMMARY_CHANGES ? nch : CR_REP_SUMMARY_CHANGES;
		for (size_t i = 0; i < shown; i++) {
			fprintf(out, "- ");
			md(out, ch[i].text);
			fputc('\n', out);
		}
		if (shown < nch)
			fprintf(out, "- and %zu smaller change%s (the full report lists them)\n", nch - shown,
				nch - shown == 1 ? "" : "s");
		for (size_t i = 0; i < recs_came; i++) {
			fprintf(out, "- New advice: ");
			md(out, c->recs_came[i]->title);
			fputc('\n', out);
		}
		for (size_t i = 0; i < recs_went; i++) {
			fprintf(out, "- Advice no longer given: ");
			md(out, c->recs_went[i]->title);
			fputc('\n', out);
		}
		if (c->kb_changed)
			fprintf(out, "\n*The evidence behind the assessment was updated between the two sessions; part of the "
				     "difference may come from that.*\n");
		if (c->model_changed)
			fprintf(out, "\n*The scoring model changed between the two sessions (it now weighs exposure to AI "
				     "from your tasks); part of the difference is the model's, not your answers'.*\n");
		fputc('\n', out);
	}
	cr_rep_changes_free(ch, nch);
	if (s->consistency.n) {
		cr_md_heading(out, CR_SEC_CHECK);
		for (size_t i = 0; i < s->consistency.n; i++) {
			fprintf(out, "- ");
			md(out, s->consistency.v[i]);
			fputc('\n', out);
		}
		fputc('\n', out);
	}
	if (s->warnings.n) {
		cr_md_heading(out, CR_SEC_WATCH);
		for (size_t i = 0; i < s->warnings.n; i++)
			fprintf(out, "- %s\n", warning_of(s->warnings.v[i]));
		fputc('\n', out);
	}
	if (!r->full) {
		/* the client summary: the few reasons that move the score most, in words */
		size_t top[CR_REP_TOP_RULES];
		size_t n = cr_rep_top_rules(s, top, CR_REP_TOP_RULES);
		cr_md_heading(out, CR_SEC_REASONS);
		for (size_t i = 0; i < n; i++) {
			char *words = cr_rep_rule_words(&s->rules[top[i]]);
			fprintf(out, "- **%+.1f** ", s->rules[top[i]].effect);
			md(out, words);
			fputc('\n', out);
			free(words);
		}
		if (s->nrules > n)
			fprintf(out, "\n%zu other reason%s checked add%s less; the full report lists every one with its "
				     "sources.\n", s->nrules - n, s->nrules - n == 1 ? "" : "s", s->nrules - n == 1 ? "s" : "");
		fputc('\n', out);
	} else {
		cr_md_heading(out, CR_SEC_WHY);
		fprintf(out, "| Effect | Rule | Reason | Sources |\n|---:|---|---|---|\n");
		for (size_t i = 0; i < s->nrules; i++) {
			const cr_snap_rule *ru = &s->rules[i];
			if (cr_effect_is_zero(ru->effect))
				continue;
			fprintf(out, "| %+.1f | `%s` | ", ru->effect, ru->id);
			md(out, ru->reason);
			fprintf(out, " | ");
			for (size_t j = 0; j < ru->sources.n; j++)
				fprintf(out, "%s%s", j ? ", " : "", ru->sources.v[j]);
			fprintf(out, " |\n");
		}
		size_t zero = cr_rep_zero_rules(s);
		if (zero) {
			char *line = cr_folded_rules_text(zero);
			fprintf(out, "\n%s\n", line);
			free(line);
		}
		fprintf(out, "\nTotal: **%d**\n\n", s->score);
	}
	if (r->full && s->nsens) {
		cr_md_heading(out, CR_SEC_LEVERS);
		for (size_t i = 0; i < s->nsens; i++) {
			fprintf(out, "- ");
			md(out, s->sens[i].change);
			fprintf(out, ": %d → %d (%+d)\n", s->score, s->sens[i].score_after, s->sens[i].delta);
		}
		fputc('\n', out);
	}
	if (s->nsteps) {
		cr_md_heading(out, CR_SEC_STEPS);
		for (size_t i = 0; i < s->nsteps; i++) {
			const cr_snap_rec *a = cr_snapshot_rec(s, s->steps[i].rec);
			fprintf(out, "%d. **", s->steps[i].step);
			md(out, s->steps[i].title);
			fprintf(out, ":** ");
			md(out, a ? a->title : s->steps[i].rec);
			fputc('\n', out);
		}
		fputc('\n', out);
	}
	if (!r->full && !s->nsteps && s->nrecs) {
		/* a result stored before the four-step plan: the summary's plan is the first few recommendations */
		cr_md_heading(out, CR_SEC_PLAN);
		for (size_t i = 0; i < s->nrecs && i < CR_REP_TOP_RULES; i++) {
			fprintf(out, "%zu. ", i + 1);
			md(out, s->recs[i].title);
			fputc('\n', out);
		}
		fputc('\n', out);
	}
	if (r->full && s->nrecs) {
		cr_md_heading(out, CR_SEC_PLAN);
		for (size_t i = 0; i < s->nrecs; i++) {
			const cr_snap_rec *a = &s->recs[i];
			const cr_plan_item *it = cr_rep_item_for(r->p, a->id);
			if (it)
				fprintf(out, "- [%c] **%d.** ", it->status == CR_ITEM_DONE ? 'x' : ' ', it->num);
			else
				fprintf(out, "%zu. ", i + 1);
			fprintf(out, "**");
			md(out, a->title);
			fprintf(out, "** (%s, %s effort, impact %d/5)", horizon_words(a->horizon), a->effort ? a->effort : "?",
				a->impact);
			if (it) {
				char *state = cr_rep_item_state(r->p, it);
				fprintf(out, " *");
				md(out, state);
				fprintf(out, "*");
				free(state);
			}
			if (a->detail) {
				fprintf(out, "  \n  ");
				md(out, a->detail);
			}
			fputc('\n', out);
		}
		/* the counsellor's own items (`plan add`), after the recommendations; dropped ones not */
		for (size_t i = 0; r->p && i < r->p->nitems; i++) {
			const cr_plan_item *it = &r->p->items[i];
			if (it->kind != CR_KIND_CUSTOM || it->status == CR_ITEM_DROPPED)
				continue;
			char *state = cr_rep_item_state(r->p, it);
			fprintf(out, "- [%c] **%d.** **", it->status == CR_ITEM_DONE ? 'x' : ' ', it->num);
			md(out, it->title);
			fprintf(out, "** *");
			md(out, state);
			fprintf(out, "*\n");
			free(state);
		}
		fputc('\n', out);
	}
	if (r->goals) {
		cr_md_heading(out, CR_SEC_GOALS);
		md(out, r->goals);
		fprintf(out, "\n\n");
	}
	if (s->ntrans) {
		cr_md_heading(out, CR_SEC_ROLES);
		fprintf(out, "| Role | Months to productivity | Median pay | Skills you have | Skills to add |\n"
			     "|---|---|---:|---|---|\n");
		for (size_t i = 0; i < s->ntrans; i++) {
			const cr_snap_trans *t = &s->trans[i];
			char pay[32] = "not known";
			if (t->wage >= 0) {
				char b[24];
				cr_render_count(b, sizeof b, t->wage);
				snprintf(pay, sizeof pay, "$%s", b);
			}
			fprintf(out, "| ");
			md(out, t->title);
			fprintf(out, " | %d-%d | %s | ", t->months_lo, t->months_hi, pay);
			if (t->fit >= 0)
				fprintf(out, "%d%%", t->fit);
			else
				fprintf(out, "not asked");
			fprintf(out, " | ");
			for (size_t j = 0; j < t->add.n; j++) {
				fprintf(out, "%s", j ? ", " : "");
				md(out, cr_rep_skill(r, t->add.v[j]));
			}
			fprintf(out, " |\n");
		}
		fprintf(out, "\nMedian pay: US national medians a year (U.S. Bureau of Labor Statistics, OEWS May 2024)");
		if (s->occ_wage >= 0) {
			char b[24];
			cr_render_count(b, sizeof b, s->occ_wage);
			fprintf(out, "; your occupation's: $%s", b);
		}
		fprintf(out, ".\n\n");
	}
	if (r->nanswers) {
		cr_md_heading(out, CR_SEC_ANSWERS);
		for (size_t i = 0; i < r->nanswers; i++) {
			fprintf(out, "- *");
			md(out, r->answers[i].question);
			fprintf(out, "* ");
			md(out, r->answers[i].answer);
			fputc('\n', out);
		}
		fputc('\n', out);
	}
	if (notes_upto(r)) {
		cr_md_heading(out, CR_SEC_NOTES);
		for (size_t k = 0; k < r->p->nnotes; k++) {
			const cr_note *n = &r->p->notes[k];
			if (r->session && n->session > r->session->num)
				continue;
			fprintf(out, "- *%s, session %d:* ", cr_rep_date(n->created_at, d), n->session);
			md(out, n->body);
			fputc('\n', out);
		}
		fputc('\n', out);
	}
	if (r->full && s->nsources) {
		cr_md_heading(out, CR_SEC_SOURCES);
		for (size_t i = 0; i < s->nsources; i++) {
			const cr_snap_source *src = &s->sources[i];
			fprintf(out, "- **%s**: ", src->id);
			md(out, src->publisher);
			fprintf(out, " (%d). *", src->year);
			md(out, src->title);
			fprintf(out, "*. <%s>\n", src->url ? src->url : "");
		}
		fputc('\n', out);
	}
	if (r->full) /* the knowledge base's version is for a technical reader */
		fprintf(out, "*Knowledge base %s; report made %s by career-risk %s. An estimate from answers and published "
			     "evidence, not a prediction about a person.*\n",
			s->kb_version ? s->kb_version : "?", cr_rep_date(r->generated_at, d), r->version ? r->version : "");
	else
		fprintf(out, "*Report made %s by career-risk %s. An estimate from answers and published evidence, not a "
			     "prediction about a person.*\n", cr_rep_date(r->generated_at, d), r->version ? r->version : "");
	return ferror(out) ? CR_EIO : CR_OK;
}
