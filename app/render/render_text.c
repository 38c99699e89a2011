/* render_text.c - the result for a person at a terminal (see render.h). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "render.h"
#include "sections.h"

#define TEXT_MAX_ADVICE 8

/* Columns in a UTF-8 string's first n bytes (continuation bytes do not count). */
static int columns(const char *p, int n)
{
	int cols = 0;
	for (int i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			cols++;
	return cols;
}

/*
 * The one word-wrapper of career-risk: every renderer's paragraphs, hanging
 * lists and labelled lines come through here, so width, UTF-8 columns and
 * escaping are decided once.
 *
 * The text wrapped here is data (knowledge-base texts, notes, answers): it goes
 * through cr_vis first, so an escape sequence or a bidi override in it is shown,
 * not obeyed; its line breaks stay line breaks. A word longer than the line
 * stands alone on it rather than being broken.
 */
void cr_wrap_lead(FILE *out, const char *prefix, const char *next, const char *text, int width)
{
	int first_cols = columns(prefix, (int)strlen(prefix)), next_cols = columns(next, (int)strlen(next));
	char *safe = cr_vis(text, 0, CR_VIS_KEEP_NL);
	const char *p = safe;
	bool first = true;
	while (*p) {
		if (!first)
			while (*p == ' ')
				p++; /* a wrapped line starts at a word; the first keeps its alignment */
		if (!*p)
			break;
		int avail = width - (first ? first_cols : next_cols);
		if (avail < 20)
			avail = 20;
		/* cols: the columns of p[0..len], counted as the line grows (counting
		 * them again from the line's start at each byte made wrapping a page
		 * cost as much as the rest of `occupation show`) */
		int len = 0, last_space = -1, cols = 0;
		while (p[len] && p[len] != '\n') {
			if (p[len] == ' ')
				last_space = len;
			cols += ((unsigned char)p[len] & 0xC0) != 0x80;
			if (cols > avail && last_space > 0) {
				len = last_space;
				break;
			}
			len++;
		}
		if (first)
			fprintf(out, "%s%.*s\n", prefix, len, p);
		else
			fprintf(out, "%s%.*s\n", next, len, p);
		first = false;
		p += len;
		if (*p == '\n')
			p++;
	}
	if (first)
		fprintf(out, "%s\n", prefix);
	free(safe);
}

void cr_wrap_hang(FILE *out, const char *prefix, const char *text, int indent, int width)
{
	char next[64];
	snprintf(next, sizeof next, "%*s", indent < 60 ? indent : 60, "");
	cr_wrap_lead(out, prefix, next, text, width);
}

void cr_wrap_prefixed(FILE *out, const char *prefix, const char *text, int width)
{
	cr_wrap_hang(out, prefix, text, columns(prefix, (int)strlen(prefix)), width);
}

void cr_md_text(FILE *out, const char *s)
{
	char *v = cr_vis(s, 0, CR_VIS_KEEP_NL);
	for (const char *p = v; *p; p++) {
		if (strchr("|*_`[]<>#\\", *p))
			fputc('\\', out);
		fputc(*p == '\n' ? ' ' : *p, out);
	}
	free(v);
}

void cr_html_text(FILE *out, const char *s)
{
	char *v = cr_vis(s, 0, CR_VIS_KEEP_NL);
	for (const char *p = v; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*p, out); break;
		}
	}
	free(v);
}

void cr_wrap(FILE *out, const char *text, int indent, int width)
{
	char prefix[64];
	if (indent > 60)
		indent = 60;
	snprintf(prefix, sizeof prefix, "%*s", indent, "");
	cr_wrap_hang(out, prefix, text, indent, width);
}

char *cr_folded_rules_text(size_t n)
{
	return n == 1 ? cr_xstrdup("1 other rule checked; it did not change the score.")
		      : cr_xprintf("%zu other rules checked, none changed the score.", n);
}

/* The first sentence of a text (up to its first ". "), for a short reason. Caller frees. */
static char *first_sentence(const char *text)
{
	const char *end = strstr(text, ". ");
	return end ? cr_xprintf("%.*s", (int)(end - text + 1), text) : cr_xstrdup(text);
}

static const char *band_color(const char *band)
{
	if (!strcmp(band, "low"))
		return "\033[32m";
	if (!strcmp(band, "moderate"))
		return "\033[36m";
	if (!strcmp(band, "elevated"))
		return "\033[33m";
	return "\033[31m";
}

static void bar(FILE *out, const char *label, int v, const char *note)
{
	char b[21];
	int n = (v + 2) / 5;
	for (int i = 0; i < 20; i++)
		b[i] = i < n ? '#' : '.';
	b[20] = '\0';
	fprintf(out, "  %-17s [%s] %3d  %s\n", label, b, v, note);
}

static void heading(FILE *out, const cr_render_opts *o, const char *title)
{
	if (o->color)
		fprintf(out, "\n\033[1m%s\033[0m\n", title);
	else
		fprintf(out, "\n%s\n", title);
}

enum cr_status cr_render_text(FILE *out, const cr_result *r, const cr_render_opts *o)
{
	const cr_kb *kb = r->kb;
	int w = o->width > 40 ? o->width : 80;
	if (w > 100)
		w = 100;
	char upper[32];
	snprintf(upper, sizeof upper, "%s", r->band);
	for (char *p = upper; *p; p++)
		*p = (char)toupper((unsigned char)*p);

	fprintf(out, "career-risk: your exposure to AI (%s questionnaire)\n", r->q->id);
	char *head;
	if (r->occ)
		head = cr_xprintf("%s (%s), outlook %s", r->occ->title, r->occ->code, cr_occ_outlook_ids[r->occ->outlook]);
	else
		head = cr_xstrdup("not given (the result leans on your answers alone)");
	cr_wrap_prefixed(out, "Occupation: ", head, w);
	free(head);
	if (r->sector) {
		head = cr_xprintf("%s, outlook %s", r->sector->title, cr_outlook_ids[r->sector->outlook]);
		cr_wrap_prefixed(out, "Sector: ", head, w);
		free(head);
	}
	if (r->region) {
		head = cr_xprintf("%s, outlook %s", r->region->title, cr_outlook_ids[r->region->outlook]);
		cr_wrap_prefixed(out, "Region: ", head, w);
		free(head);
	}

	fputc('\n', out);
	if (o->color)
		fprintf(out, "  Exposure score  \033[1m%d\033[0m / 100   %s\033[1m%s\033[0m   likely range %d-%d\n", r->score,
			band_color(r->band), upper, r->range_lo, r->range_hi);
	else
		fprintf(out, "  Exposure score  %d / 100   %s   likely range %d-%d\n", r->score, upper, r->range_lo,
			r->range_hi);
	fprintf(out, "  (higher means more of your work is exposed to automation by AI)\n");
	char *why = cr_range_describe(r);
	cr_wrap(out, why, 2, w);
	free(why);
	fputc('\n', out);
	bar(out, "Task routineness", r->routineness, "higher = more routine work");
	bar(out, "AI tool usage", r->ai_usage, "higher = more, deeper AI use");
	bar(out, "Specialisation", r->specialization, "higher = rarer, deeper niche");
	bar(out, "Exposure to AI", r->exposure, "higher = more tasks AI can do");

	if (r->nflags || r->nunasked) {
		heading(out, o, cr_section_heading(CR_SEC_CHECK));
		if (r->nflags)
			fprintf(out, "  Some answers do not sit well together, so the range above is wider:\n");
		for (size_t i = 0; i < r->nflags; i++) {
			cr_wrap_prefixed(out, "  ! ", r->flags[i].text, w);
		}
		for (size_t i = 0; i < r->nunasked; i++) {
			const cr_question *q = r->unasked[i];
			/* the question as the person read it, not its id or its condition */
			char *line = cr_xprintf("Not counted: your answer to \"%s\", a question your other answers rule "
						"out.", q->text);
			cr_wrap_prefixed(out, "  ! ", line, w);
			free(line);
		}
	}

	if (r->warnings) {
		heading(out, o, cr_section_heading(CR_SEC_WATCH));
		for (int i = 1; i < 4; i++)
			if (r->warnings & (1u << i)) {
				cr_wrap_prefixed(out, "  * ", cr_warning_text[i], w);
			}
	}

	heading(out, o, cr_section_heading(CR_SEC_WHY));
	size_t *order = cr_fired_order_new(r);
	size_t folded = 0; /* rules that fired but add nothing: one line, not a page of +0.0 */
	for (size_t k = 0; k < r->nfired; k++) {
		const cr_fired *f = &r->fired[order[k]];
		if (cr_effect_is_zero(f->effect)) {
			folded++;
			continue;
		}
		/* the reason first, in words; the rule's id only beside its sources, for whoever checks them */
		char *limit = cr_fired_limit_describe(f);
		char effect[32];
		snprintf(effect, sizeof effect, "  %+6.1f  ", f->effect);
		char *reason = cr_fired_reason(r, f);
		cr_wrap_prefixed(out, effect, reason, w);
		free(reason);
		if (limit) {
			char *line = cr_xprintf("(%+.3g %s)", f->nominal, limit);
			cr_wrap(out, line, 10, w);
			free(line);
		}
		free(limit);
		cr_sb b = {0};
		cr_sb_add(&b, "sources: ");
		for (size_t j = 0; j < f->rule->sources.n; j++)
			cr_sb_addf(&b, "%s%s", j ? ", " : "", f->rule->sources.v[j]);
		const char *base = strrchr(f->rule->loc.file, '/');
		cr_sb_addf(&b, " (rule %s, %s:%d)", f->rule->id, base ? base + 1 : f->rule->loc.file, f->rule->loc.line);
		cr_wrap(out, b.s, 10, w);
		cr_sb_free(&b);
	}
	if (folded) {
		char *line = cr_folded_rules_text(folded);
		cr_wrap(out, line, 10, w);
		free(line);
	}
	free(order);
	if (r->raw < 0 || r->raw > 100)
		fprintf(out, "  = %d  (the rules add up to %.1f; the score is kept within 0-100)\n", r->score, r->raw);
	else
		fprintf(out, "  = %d  (the rules add up to %.1f, rounded)\n", r->score, r->raw);

	if (r->nsens) {
		heading(out, o, cr_section_heading(CR_SEC_LEVERS));
		for (size_t i = 0; i < r->nsens; i++) {
			char *line = cr_xprintf("%s: %d -> %d (%d)", r->sens[i].change, r->score, r->sens[i].score_after,
						r->sens[i].delta);
			cr_wrap_prefixed(out, "  - ", line, w);
			free(line);
		}
	}

	bool any_step = false;
	for (int st = 0; st < 4; st++)
		any_step = any_step || r->plan[st] >= 0;
	if (any_step) {
		heading(out, o, cr_section_heading(CR_SEC_STEPS));
		for (int st = 0; st < 4; st++) {
			if (r->plan[st] < 0)
				continue;
			char num[16];
			snprintf(num, sizeof num, "  %d. ", st + 1);
			char *line = cr_xprintf("%s: %s", cr_plan_steps[st], r->advice[r->plan[st]].rec->title);
			cr_wrap_prefixed(out, num, line, w);
			free(line);
		}
	}

	if (r->ntasks) {
		heading(out, o, cr_section_heading(r->tasks_own ? CR_SEC_TASKS_OWN : CR_SEC_TASKS_OCC));
		static const char *const what[3] = {"out of reach", "AI does it", "AI speeds it up"};
		for (int most = 1; most >= 0; most--) {
			const cr_task_time *v[3];
			size_t n = cr_result_ranked_tasks(r, most, v, most ? 3 : 2);
			if (n)
				fprintf(out, "  %s\n", most ? "Most exposed:" : "Least exposed:");
			for (size_t i = 0; i < n; i++) {
				char *t = cr_task_short(v[i]->task->text, 110);
				char *line = cr_xprintf("%s (%s%s%s)", t, what[v[i]->task->exposure], v[i]->level >= 0 ? "; " : "",
							v[i]->level >= 0 ? cr_task_time_ids[v[i]->level] : "");
				cr_wrap_prefixed(out, "   - ", line, w);
				free(line);
				free(t);
			}
		}
	}

	if (r->nadvice) {
		heading(out, o, cr_section_heading(CR_SEC_PLAN));
		char *note = cr_task_note(r);
		if (note) {
			cr_wrap(out, note, 2, w);
			free(note);
		}
		for (size_t i = 0; i < r->ngoals; i++) {
			char *line = cr_xprintf("Your goal: %s", r->goals[i]);
			cr_wrap(out, line, 2, w);
			free(line);
		}
		size_t n = r->nadvice < TEXT_MAX_ADVICE ? r->nadvice : TEXT_MAX_ADVICE;
		static const char *const horizon[] = {"this week", "this quarter", "this year"};
		for (size_t i = 0; i < n; i++) {
			const cr_advice *a = &r->advice[i];
			char num[16];
			snprintf(num, sizeof num, "  %zu. ", i + 1);
			cr_wrap_prefixed(out, num, a->rec->title, w);
			char *meta = cr_xprintf("%s, %s effort, impact %d/5", horizon[a->rec->horizon],
						cr_effort_ids[a->rec->effort], a->rec->impact);
			cr_wrap(out, meta, 5, w);
			free(meta);
			/* why it is recommended, in the rule's own words (its first sentence), not its id */
			cr_fired by = {.rule = a->because};
			char *reason = cr_fired_reason(r, &by);
			char *because = first_sentence(reason);
			free(reason);
			char *line = cr_xprintf("Because: %s", because);
			cr_wrap(out, line, 5, w);
			free(line);
			free(because);
			const char *goal = cr_result_goal(r, a->serves_goal);
			if (goal) {
				line = cr_xprintf("Serves your goal: %s", goal);
				cr_wrap(out, line, 5, w);
				free(line);
			}
			cr_wrap(out, a->rec->detail, 5, w);
		}
		if (r->nadvice > n)
			fprintf(out, "  (%zu more in --format json or markdown)\n", r->nadvice - n);
	}

	if (r->ntrans) {
		heading(out, o, cr_section_heading(CR_SEC_ROLES));
		for (size_t i = 0; i < r->ntrans; i++) {
			const cr_transition *t = &r->trans[i];
			char *line = cr_xprintf("%s: about %d-%d months to be productive", t->role->title, t->role->months_lo,
						t->role->months_hi);
			if (t->fit >= 0) {
				char *more = cr_xprintf("%s; you have %d%% of its skills", line, t->fit);
				free(line);
				line = more;
			}
			if (t->role->median_wage >= 0) {
				/* pay to weigh the move by: the role's median and the person's own (BLS OEWS May 2024) */
				char a[32], b[32];
				cr_render_count(a, sizeof a, t->role->median_wage);
				if (r->occ && r->occ->median_wage >= 0)
					cr_render_count(b, sizeof b, r->occ->median_wage);
				char *more = r->occ && r->occ->median_wage >= 0
						     ? cr_xprintf("%s; median pay $%s a year (yours: $%s)", line, a, b)
						     : cr_xprintf("%s; median pay $%s a year", line, a);
				free(line);
				line = more;
			}
			cr_wrap_prefixed(out, "  - ", line, w);
			free(line);
			const char *goal = cr_result_goal(r, t->serves_goal);
			if (goal) {
				line = cr_xprintf("Serves your goal: %s", goal);
				cr_wrap(out, line, 4, w);
				free(line);
			}
			cr_wrap(out, t->role->summary, 4, w);
			if (t->nadd) {
				cr_sb b = {0};
				cr_sb_add(&b, "skills to add: ");
				for (size_t j = 0; j < t->nadd; j++) {
					const cr_skill *s = cr_kb_skill(kb, t->add[j]);
					cr_sb_addf(&b, "%s%s", j ? ", " : "", s ? s->title : t->add[j]);
				}
				cr_wrap(out, b.s, 4, w);
				cr_sb_free(&b);
			}
		}
	}

	for (size_t i = 0; i < r->ntrans; i++)
		if (r->trans[i].role->median_wage >= 0) {
			cr_wrap(out, "(Pay: US national medians, BLS Occupational Employment and Wage Statistics, May 2024.)", 2, w);
			break;
		}
	if (!r->ntrans) {
		/* say so, rather than leave the section out */
		heading(out, o, cr_section_heading(CR_SEC_ROLES));
		cr_wrap(out, cr_no_transition_text, 2, w);
	}

	heading(out, o, cr_section_heading(CR_SEC_SOURCES));
	/* wrapped: the knowledge base's folder is as long as where it was installed or checked out */
	char *src = cr_xprintf("Every rule above names its sources; the full list with links is in --format json or "
			       "markdown, and in %s/sources.yaml.", kb->dir);
	cr_wrap(out, src, 2, w);
	free(src);
	/* the knowledge base's version is for the technical outputs (json, markdown, the full report) */
	fprintf(out, "\nThis is an estimate from your answers and published evidence, not a\n"
		     "prediction about you; use it to decide what to learn next.\n");
	return ferror(out) ? CR_EIO : CR_OK;
}
