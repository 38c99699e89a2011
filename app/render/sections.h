/*
 * sections.h - the sections of a result and of a report, defined once.
 *
 * Every renderer that shows a result (text, Markdown, HTML; an unsaved
 * result from `assess` and a stored report alike) names its sections through
 * this table, so one section reads the same in every format and a heading
 * cannot drift between them. The order is the order they appear in. What a
 * section holds comes from the result (cr_result, or its snapshot); the
 * renderers lay it out in their own way.
 */
#ifndef CR_SECTIONS_H
#define CR_SECTIONS_H

#include <stdio.h>

enum cr_section {
	CR_SEC_SCORE_OVER_TIME, /* a profile's scored sessions (reports only) */
	CR_SEC_DIMENSIONS,      /* the dimensions (HTML: their own section) */
	CR_SEC_CHANGED,         /* since the previous session (reports only); heading takes its number */
	CR_SEC_CHECK,           /* answers that contradict each other */
	CR_SEC_WATCH,           /* warnings about the answers or the occupation */
	CR_SEC_WHY,             /* every rule that fired and its effect */
	CR_SEC_REASONS,         /* the few rules that move the score most (the client summary) */
	CR_SEC_LEVERS,          /* the changes within reach that would lower the score most */
	CR_SEC_STEPS,           /* the prepared four-step plan */
	CR_SEC_TASKS_OWN,       /* the person's own tasks and AI */
	CR_SEC_TASKS_OCC,       /* the occupation's main tasks, when the person gave none */
	CR_SEC_PLAN,            /* the recommendations, as the action plan */
	CR_SEC_DONE,            /* plan items done and no longer recommended (reports only) */
	CR_SEC_GOALS,           /* the person's own goals (reports only) */
	CR_SEC_ROLES,           /* growing roles within reach */
	CR_SEC_ANSWERS,         /* the answers given, in their labels (reports only) */
	CR_SEC_NOTES,           /* counsellor notes (reports only, with --notes) */
	CR_SEC_SOURCES,         /* the sources cited */
	CR_SEC_COUNT
};

/* The section's heading, the same in every format. */
const char *cr_section_heading(enum cr_section s);

/* "## Heading" and a blank line: the Markdown form of a section's heading (render_markdown.c). */
void cr_md_heading(FILE *out, enum cr_section s);

#endif
