/* render_markdown.c - the result as a Markdown report (see render.h). */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "render.h"
#include "sections.h"

/* Markdown-escapes the characters that would start formatting inside table cells and text. */
static void md(FILE *out, const char *s)
{
	cr_md_text(out, s);
}

void cr_md_heading(FILE *out, enum cr_section s)
{
	fprintf(out, "## %s\n\n", cr_section_heading(s));
}

enum cr_status cr_render_markdown(FILE *out, const cr_result *r)
{
	const cr_kb *kb = r->kb;
	static const char *const horizon[] = {"this week", "this quarter", "this year"};
	fprintf(out, "# AI exposure assessment\n\n");
	fprintf(out, "- **Score:** %d / 100 (%s), likely range %d-%d. ", r->score, r->band, r->range_lo, r->range_hi);
	char *why = cr_range_describe(r);
	md(out, why);
	free(why);
	fputc('\n', out);
	if (r->occ) {
		fprintf(out, "- **Occupation:** ");
		md(out, r->occ->title);
		fprintf(out, " (%s), outlook %s\n", r->occ->code, cr_occ_outlook_ids[r->occ->outlook]);
	}
	if (r->sector)
		fprintf(out, "- **Sector:** %s, outlook %s\n", r->sector->title, cr_outlook_ids[r->sector->outlook]);
	if (r->region)
		fprintf(out, "- **Region:** %s, outlook %s\n", r->region->title, cr_outlook_ids[r->region->outlook]);
	fprintf(out, "- **Questionnaire:** %s (%d answered, %d skipped); knowledge base %s\n\n", r->q->id, r->answered,
		r->skipped, kb->version);
	fprintf(out, "| Dimension | Score (0-100) |\n|---|---|\n| Task routineness | %d |\n| AI tool usage | %d |\n"
		     "| Specialisation | %d |\n| Exposure to AI | %d |\n\n", r->routineness, r->ai_usage, r->specialization,
		r->exposure);
	if (r->nflags || r->nunasked) {
		cr_md_heading(out, CR_SEC_CHECK);
		for (size_t i = 0; i < r->nflags; i++)
			fprintf(out, "- %s\n", r->flags[i].text);
		for (size_t i = 0; i < r->nunasked; i++) {
			fprintf(out, "- Not counted: your answer to \"");
			md(out, r->unasked[i]->text);
			fprintf(out, "\", a question your other answers rule out.\n");
		}
		fputc('\n', out);
	}
	if (r->warnings) {
		/* the known mistakes, as the text and HTML reports show them */
		cr_md_heading(out, CR_SEC_WATCH);
		for (int i = 1; i < 4; i++)
			if (r->warnings & (1u << i))
				fprintf(out, "- %s\n", cr_warning_text[i]);
		fputc('\n', out);
	}
	cr_md_heading(out, CR_SEC_WHY);
	fprintf(out, "Largest effect first.\n\n| Effect | Rule | Reason | Sources |\n|---:|---|---|---|\n");
	size_t *order = cr_fired_order_new(r);
	size_t folded = 0; /* fired but adding nothing: one line under the table */
	for (size_t k = 0; k < r->nfired; k++) {
		const cr_fired *f = &r->fired[order[k]];
		const cr_rule *ru = f->rule;
		if (cr_effect_is_zero(f->effect)) {
			folded++;
			continue;
		}
		fprintf(out, "| %+.1f | `%s` | ", f->effect, ru->id);
		char *limit = cr_fired_limit_describe(f);
		if (limit)
			fprintf(out, "(%+.3g %s) ", f->nominal, limit);
		free(limit);
		char *reason = cr_fired_reason(r, f);
		md(out, reason);
		free(reason);
		fprintf(out, " | ");
		for (size_t j = 0; j < ru->sources.n; j++)
			fprintf(out, "%s[%s](#src-%s)", j ? ", " : "", ru->sources.v[j], ru->sources.v[j]);
		fprintf(out, " |\n");
	}
	if (folded) {
		char *line = cr_folded_rules_text(folded);
		fprintf(out, "\n%s\n", line);
		free(line);
	}
	free(order);
	fprintf(out, "\nTotal: **%d**", r->score);
	if (r->raw < 0 || r->raw > 100)
		fprintf(out, " (the rules add up to %.1f; the score is kept within 0-100)", r->raw);
	else
		fprintf(out, " (the rules add up to %.1f, rounded)", r->raw);
	fprintf(out, "\n\n");
	if (r->nsens) {
		cr_md_heading(out, CR_SEC_LEVERS);
		for (size_t i = 0; i < r->nsens; i++)
			fprintf(out, "- %s: %d → %d (%d)\n", r->sens[i].change, r->score, r->sens[i].score_after, r->sens[i].delta);
		fputc('\n', out);
	}
	bool any_step = false;
	for (int st = 0; st < 4; st++)
		any_step = any_step || r->plan[st] >= 0;
	if (any_step) {
		cr_md_heading(out, CR_SEC_STEPS);
		for (int st = 0; st < 4; st++) {
			if (r->plan[st] < 0)
				continue;
			fprintf(out, "%d. **%s:** ", st + 1, cr_plan_steps[st]);
			md(out, r->advice[r->plan[st]].rec->title);
			fputc('\n', out);
		}
		fputc('\n', out);
	}
	if (r->ntasks) {
		cr_md_heading(out, r->tasks_own ? CR_SEC_TASKS_OWN : CR_SEC_TASKS_OCC);
		static const char *const what[3] = {"out of AI's reach (E0)", "AI does it (E1)", "AI speeds it up (E2)"};
		for (int most = 1; most >= 0; most--) {
			const cr_task_time *v[3];
			size_t n = cr_result_ranked_tasks(r, most, v, most ? 3 : 2);
			if (n)
				fprintf(out, "%s\n\n", most ? "**Most exposed:**" : "**Least exposed:**");
			for (size_t i = 0; i < n; i++) {
				fprintf(out, "- ");
				md(out, v[i]->task->text);
				fprintf(out, " (%s%s%s)\n", what[v[i]->task->exposure], v[i]->level >= 0 ? "; " : "",
					v[i]->level >= 0 ? cr_task_time_ids[v[i]->level] : "");
			}
			if (n)
				fputc('\n', out);
		}
	}
	if (r->nadvice) {
		cr_md_heading(out, CR_SEC_PLAN);
		char *note = cr_task_note(r);
		if (note) {
			md(out, note);
			fprintf(out, "\n\n");
			free(note);
		}
		for (size_t i = 0; i < r->ngoals; i++) {
			fprintf(out, "Your goal: ");
			md(out, r->goals[i]);
			fprintf(out, "%s", i + 1 < r->ngoals ? "  \n" : "\n\n");
		}
		for (size_t i = 0; i < r->nadvice; i++) {
			const cr_advice *a = &r->advice[i];
			fprintf(out, "%zu. **", a->priority == 0 ? i + 1 : (size_t)a->priority);
			md(out, a->rec->title);
			fprintf(out, "** (%s, %s effort, impact %d/5)  \n   ", horizon[a->rec->horizon], cr_effort_ids[a->rec->effort],
				a->rec->impact);
			const char *goal = cr_result_goal(r, a->serves_goal);
			if (goal) {
				fprintf(out, "Serves your goal: ");
				md(out, goal);
				fprintf(out, ".  \n   ");
			}
			md(out, a->rec->detail);
			fputc('\n', out);
		}
		fputc('\n', out);
	}
	if (r->ntrans) {
		cr_md_heading(out, CR_SEC_ROLES);
		fprintf(out, "| Role | Months to productivity | Skills you have | Skills to add |\n|---|---|---|---|\n");
		for (size_t i = 0; i < r->ntrans; i++) {
			const cr_transition *t = &r->trans[i];
			fprintf(out, "| %s | %d-%d | ", t->role->title, t->role->months_lo, t->role->months_hi);
			if (t->fit >= 0)
				fprintf(out, "%d%%", t->fit);
			else
				fprintf(out, "not asked");
			fprintf(out, " | ");
			for (size_t j = 0; j < t->nadd; j++)
				fprintf(out, "%s%s", j ? ", " : "", t->add[j]);
			fprintf(out, " |\n");
		}
		fputc('\n', out);
	}
	if (!r->ntrans) {
		cr_md_heading(out, CR_SEC_ROLES);
		md(out, cr_no_transition_text);
		fprintf(out, "\n\n");
	}
	cr_md_heading(out, CR_SEC_SOURCES);
	for (size_t i = 0; i < kb->nsources; i++) {
		const cr_source *s = &kb->sources[i];
		bool used = false;
		for (size_t k = 0; k < r->nfired && !used; k++)
			for (size_t j = 0; j < r->fired[k].rule->sources.n && !used; j++)
				used = strcmp(r->fired[k].rule->sources.v[j], s->id) == 0;
		if (!used)
			continue;
		fprintf(out, "- <a id=\"src-%s\"></a>**%s**: ", s->id, s->id);
		md(out, s->publisher);
		fprintf(out, " (%d). *", s->year);
		md(out, s->title);
		fprintf(out, "*. <%s>\n", s->url);
	}
	fprintf(out, "\n*An estimate from answers and published evidence, not a prediction about a person.*\n");
	return ferror(out) ? CR_EIO : CR_OK;
}
