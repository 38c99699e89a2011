/* sections.c - the one table of section headings (see sections.h). */
#include "sections.h"

static const char *const headings[CR_SEC_COUNT] = {
	[CR_SEC_SCORE_OVER_TIME] = "Score over time",
	[CR_SEC_DIMENSIONS] = "Dimensions",
	[CR_SEC_CHANGED] = "What changed since session", /* followed by its number */
	[CR_SEC_CHECK] = "Check these answers first",
	[CR_SEC_WATCH] = "Watch out for",
	[CR_SEC_WHY] = "Why this score: every point, by rule",
	[CR_SEC_REASONS] = "The reasons that matter most",
	[CR_SEC_LEVERS] = "What would change it most",
	[CR_SEC_STEPS] = "Your four-step plan",
	[CR_SEC_TASKS_OWN] = "Your tasks and AI",
	[CR_SEC_TASKS_OCC] = "Your occupation's main tasks and AI",
	[CR_SEC_PLAN] = "Action plan",
	[CR_SEC_DONE] = "Done, and no longer needed",
	[CR_SEC_GOALS] = "Your goals",
	[CR_SEC_ROLES] = "Growing roles within reach",
	[CR_SEC_ANSWERS] = "Your answers",
	[CR_SEC_NOTES] = "Counsellor notes",
	[CR_SEC_SOURCES] = "Sources",
};

const char *cr_section_heading(enum cr_section s)
{
	return s < CR_SEC_COUNT && headings[s] ? headings[s] : "";
}
