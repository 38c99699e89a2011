/* render_report.c - one session's report as text or Markdown (see report.h). */
#include <ctype.h>
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

/* The notes up to and including the reported session. */
static size_t notes_upto(const cr_report *r)
{
	size_t n = 0;
	for (size_t k = 0; r->p && k < r->p->nnotes; k++)
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

	if (r->session)
		fprintf(out, "career-risk report: %s, session %d of %zu (%s, %s questionnaire)\n", r->profile, r->session->num,
			r->p->nsessions, cr_rep_date(r->session->finished_at, d), s->questionnaire ? s->questionnaire : "?");
	else
		fprintf(out, "career-risk report (%s questionnaire, not saved)\n", s->questionnaire ? s->questionnaire : "?");
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
			 c ? c->exposure : 0);

	if (r->p && r->session && cr_progress_scored(r->p) >= 2) {
		heading(out, o, cr_section_heading(CR_SEC_SCORE_OVER_TIME));
		cr_rep_score_chart(out, r->p, r->session);
	}

	if (c && (c->nwent || c->ncame || c->nrecs_came || c->nrecs_went)) {
		char t[64];
		snprintf(t, sizeof t, "%s %d", cr_section_heading(CR_SEC_CHANGED), r->prev_session->num);
		heading(out, o, t);
		for (size_t i = 0; i < c->nwent; i++)
			fprintf(out, "  no longer applies  %+6.1f  %s\n", c->went[i].before, c->went[i].id);
		for (size_t i = 0; i < c->ncame; i++)
			fprintf(out, "  now applies        %+6.1f  %s\n", c->came[i].after, c->came[i].id);
		for (size_t i = 0; i < c->nrecs_came; i++) {
			cr_wrap_hang(out, "  new advice: ", c->recs_came[i]->title, 14, w);
		}
		if (c->kb_changed)
			cr_wrap(out, "(The knowledge base changed between the two sessions; part of the difference may come "
				     "from updated evidence.)", 2, w);
		if (c->model_changed)
			cr_wrap(out, "(The scoring model changed between the two sessions: the newer one also weighs "
				     "exposure to AI from your tasks, so part of the difference is the model's, not your "
				     "answers'.)", 2, w);
	}

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

	heading(out, o, cr_section_heading(CR_SEC_WHY));
	for (size_t i = 0; i < s->nrules; i++) {
		const cr_snap_rule *ru = &s->rules[i];
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
	fprintf(out, "  = %d\n", s->score);

	if (s->nsens) {
		heading(out, o, cr_section_heading(CR_SEC_LEVERS));
		for (size_t i = 0; i < s->nsens; i++) {
			char *line = cr_xprintf("%s: %d -> %d (%+d)", s->sens[i].change, s->score, s->sens[i].score_after,
						s->sens[i].delta);
			cr_wrap_hang(out, "  - ", line, 4, w);
			free(line);
		}
	}

	if (s->ntasks_most || s->ntasks_least) {
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

	if (s->nrecs) {
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

	if (s->ntrans) {
		heading(out, o, cr_section_heading(CR_SEC_ROLES));
		for (size_t i = 0; i < s->ntrans; i++) {
			const cr_snap_trans *t = &s->trans[i];
			char *line = t->fit >= 0 ? cr_xprintf("%s: about %d-%d months to be productive; %d%% of its skills already",
							      t->title, t->months_lo, t->months_hi, t->fit)
						 : cr_xprintf("%s: about %d-%d months to be productive", t->title, t->months_lo,
							      t->months_hi);
			cr_wrap_hang(out, "  - ", line, 4, w);
			free(line);
			if (t->add.n) {
				cr_sb b = {0};
				cr_sb_add(&b, "skills to add: ");
				for (size_t j = 0; j < t->add.n; j++)
					cr_sb_addf(&b, "%s%s", j ? ", " : "", t->add.v[j]);
				cr_wrap(out, b.s, 4, w);
				cr_sb_free(&b);
			}
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

	if (s->nsources) {
		heading(out, o, cr_section_heading(CR_SEC_SOURCES));
		for (size_t i = 0; i < s->nsources; i++) {
			const cr_snap_source *src = &s->sources[i];
			char *line = cr_xprintf("%s: %s (%d). %s. %s", src->id, src->publisher ? src->publisher : "", src->year,
						src->title ? src->title : "", src->url ? src->url : "");
			cr_wrap_hang(out, "  - ", line, 4, w);
			free(line);
		}
	}
	fprintf(out, "\nKnowledge base %s; report made %s by career-risk %s.\n", s->kb_version ? s->kb_version : "?",
		cr_rep_date(r->generated_at, d), r->version ? r->version : "");
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
	fprintf(out, "# AI exposure report");
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

	if (r->p && r->session && cr_progress_scored(r->p) >= 2) {
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
	if (c && (c->nwent || c->ncame || c->nchanged || c->nrecs_came || c->nrecs_went)) {
		fprintf(out, "## %s %d\n\n", cr_section_heading(CR_SEC_CHANGED), r->prev_session->num);
		for (size_t i = 0; i < c->nwent; i++)
			fprintf(out, "- No longer applies: `%s` (%+.1f)\n", c->went[i].id, c->went[i].before);
		for (size_t i = 0; i < c->ncame; i++)
			fprintf(out, "- Now applies: `%s` (%+.1f)\n", c->came[i].id, c->came[i].after);
		for (size_t i = 0; i < c->nchanged; i++)
			fprintf(out, "- Changed: `%s` (%+.1f, was %+.1f)\n", c->changed[i].id, c->changed[i].after,
				c->changed[i].before);
		for (size_t i = 0; i < c->nrecs_came; i++) {
			fprintf(out, "- New advice: ");
			md(out, c->recs_came[i]->title);
			fputc('\n', out);
		}
		for (size_t i = 0; i < c->nrecs_went; i++) {
			fprintf(out, "- Advice no longer given: ");
			md(out, c->recs_went[i]->title);
			fputc('\n', out);
		}
		if (c->kb_changed)
			fprintf(out, "\n*The knowledge base changed between the two sessions; part of the difference may come "
				     "from updated evidence.*\n");
		if (c->model_changed)
			fprintf(out, "\n*The scoring model changed between the two sessions (it now weighs exposure to AI "
				     "from your tasks); part of the difference is the model's, not your answers'.*\n");
		fputc('\n', out);
	}
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
	cr_md_heading(out, CR_SEC_WHY);
	fprintf(out, "| Effect | Rule | Reason | Sources |\n|---:|---|---|---|\n");
	for (size_t i = 0; i < s->nrules; i++) {
		const cr_snap_rule *ru = &s->rules[i];
		fprintf(out, "| %+.1f | `%s` | ", ru->effect, ru->id);
		md(out, ru->reason);
		fprintf(out, " | ");
		for (size_t j = 0; j < ru->sources.n; j++)
			fprintf(out, "%s%s", j ? ", " : "", ru->sources.v[j]);
		fprintf(out, " |\n");
	}
	fprintf(out, "\nTotal: **%d**\n\n", s->score);
	if (s->nsens) {
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
	if (s->nrecs) {
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
	if (s->ntrans) {
		cr_md_heading(out, CR_SEC_ROLES);
		fprintf(out, "| Role | Months to productivity | Skills you have | Skills to add |\n"
			     "|---|---|---|---|\n");
		for (size_t i = 0; i < s->ntrans; i++) {
			const cr_snap_trans *t = &s->trans[i];
			fprintf(out, "| ");
			md(out, t->title);
			fprintf(out, " | %d-%d | ", t->months_lo, t->months_hi);
			if (t->fit >= 0)
				fprintf(out, "%d%%", t->fit);
			else
				fprintf(out, "not asked");
			fprintf(out, " | ");
			for (size_t j = 0; j < t->add.n; j++)
				fprintf(out, "%s%s", j ? ", " : "", t->add.v[j]);
			fprintf(out, " |\n");
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
	if (s->nsources) {
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
	fprintf(out, "*Knowledge base %s; report made %s by career-risk %s. An estimate from answers and published "
		     "evidence, not a prediction about a person.*\n",
		s->kb_version ? s->kb_version : "?", cr_rep_date(r->generated_at, d), r->version ? r->version : "");
	return ferror(out) ? CR_EIO : CR_OK;
}
