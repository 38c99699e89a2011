/*
 * report.h - profiles, history, comparisons, progress and reports.
 *
 * Like render.h, these only format: the numbers come from the store (a
 * cr_progress) and from stored results read back as snapshots, so a report
 * of an old session says what was said then. Text fits the width given
 * (80 columns by default) and uses colour only when asked; HTML is one
 * self-contained file (inline CSS and SVG, no network) that prints on A4
 * and Letter. Each returns CR_EIO when writing fails.
 */
#ifndef CR_REPORT_H
#define CR_REPORT_H

#include <stdio.h>

#include "../core/progress.h"
#include "render.h"

/* One session's report, with what the profile's history adds to it. */
typedef struct cr_report {
	const char *profile;            /* NULL for an unsaved assessment */
	const cr_progress *p;           /* the profile's history; NULL for an unsaved assessment */
	const cr_session_info *session; /* the session reported on; NULL for an unsaved assessment */
	const cr_snapshot *snap;        /* its result */
	const char *result_json;        /* the same result as the engine wrote it */
	const cr_session_info *prev_session; /* the scored session before it, or NULL */
	const cr_snapshot *prev;        /* its result, or NULL */
	const cr_comparison *cmp;       /* previous -> this one, or NULL */
	const char *paper;              /* HTML: "a4" or "letter" fixes the page size; NULL lets the printer choose */
	const char *generated_at;       /* ISO 8601 UTC */
	const char *version;            /* career-risk's version */
} cr_report;

enum cr_status cr_render_report_text(FILE *out, const cr_report *r, const cr_render_opts *o);
enum cr_status cr_render_report_markdown(FILE *out, const cr_report *r);
enum cr_status cr_render_report_html(FILE *out, const cr_report *r);
enum cr_status cr_render_report_json(FILE *out, const cr_report *r);

enum cr_status cr_render_profiles_text(FILE *out, const cr_profiles *l, const cr_render_opts *o);
enum cr_status cr_render_profiles_json(FILE *out, const cr_profiles *l);
/*
 * The text renderers that suggest commands take `cmd`: "career-risk" with the
 * options of this run (cr_app_invocation), so a suggestion copied as printed
 * acts on the same database and profile.
 */
enum cr_status cr_render_history_text(FILE *out, const cr_progress *p, const cr_render_opts *o, const char *cmd);
enum cr_status cr_render_history_json(FILE *out, const cr_progress *p);

/* What changed from session sa (result a) to session sb (result b). */
typedef struct cr_compare_view {
	const cr_progress *p;
	const cr_session_info *sa, *sb;
	const cr_snapshot *a, *b;
	const cr_comparison *c;
} cr_compare_view;
enum cr_status cr_render_compare_text(FILE *out, const cr_compare_view *v, const cr_render_opts *o);
enum cr_status cr_render_compare_json(FILE *out, const cr_compare_view *v);

/* The score and dimensions over time (a chart), the plan and what was credited. */
enum cr_status cr_render_progress_text(FILE *out, const cr_progress *p, const cr_render_opts *o, const char *cmd);
enum cr_status cr_render_progress_json(FILE *out, const cr_progress *p);
/*
 * After `assess` saved a session: what it credited of the items marked done
 * before it, or where to find the plan it made; o->cmd prefixes the commands.
 */
enum cr_status cr_render_saved_note(FILE *out, const cr_progress *p, const cr_render_opts *o);
/* The action plan alone. */
enum cr_status cr_render_plan_text(FILE *out, const cr_progress *p, const cr_render_opts *o, const char *cmd);

/* Everything held about a person, as one JSON document (`career-risk export`). */
enum cr_status cr_render_export_json(FILE *out, const cr_progress *p, const char *exported_at, const char *version);

/* Shared by the report renderers (render_progress.c). */
const char *cr_rep_date(const char *iso, char buf[11]);
/* "the last session" credit line for an item, or NULL; caller frees. */
char *cr_rep_item_state(const cr_progress *p, const cr_plan_item *it);
/* The score chart of the scored sessions up to `upto` (NULL: all); returns how many it shows. */
size_t cr_rep_score_chart(FILE *out, const cr_progress *p, const cr_session_info *upto);
/* A sentence on what a session credited (caller frees). */
char *cr_rep_credit_summary(int session, size_t credited, size_t resolved);
/* The plan item for a recommendation id, or NULL. */
const cr_plan_item *cr_rep_item_for(const cr_progress *p, const char *rec_id);
/*
 * Display columns of the UTF-8 text s[0..n), whatever the locale: East Asian wide
 * characters (CJK, Hangul, fullwidth forms, most emoji) count 2, combining marks 0.
 */
int cr_rep_columns(const char *s, size_t n);
/*
 * Writes `indent` spaces, BEFORE, `COMMAND` in backquotes and AFTER as one line when it
 * fits in w columns; otherwise BEFORE wrapped, the command on a line of its own (never
 * broken, so it can be copied; a one-word AFTER such as "." stays with it) and AFTER
 * wrapped, all indented by `indent`.
 */
void cr_rep_say(FILE *out, int indent, const char *before, const char *command, const char *after, int w);

#endif
