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

/* One answer as the person gave it: the question's text and the answer in its labels. */
typedef struct cr_rep_answer {
	const char *question, *answer;
} cr_rep_answer;

/*
 * One session's report, with what the profile's history adds to it. Two forms:
 * the client summary (the default: score and range, the reasons that matter,
 * the plan, goals and answers, one or two pages) and the full technical report
 * (every rule, source and the knowledge base's version). Counsellor notes are
 * private: shown in either form only when `notes` is set.
 */
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
	bool full;                      /* the full technical report (--full); else the client summary */
	bool notes;                     /* show counsellor notes (--notes) */
	const cr_kb *kb;                /* for labels (skill names); NULL shows ids */
	const cr_rep_answer *answers;   /* the session's answers in the questionnaire's order, goals apart; may be NULL */
	size_t nanswers;
	const char *goals;              /* the person's answer to the goals question, or NULL */
} cr_report;

/* Form flags of cr_app_report (face) and what a report shows. */
enum { CR_REPORT_FULL = 1u << 0, CR_REPORT_NOTES = 1u << 1 };

/* A skill's name from the knowledge base, or its id when r->kb does not know it. */
const char *cr_rep_skill(const cr_report *r, const char *id);
/*
 * A rule's reason in a few words for a person (its first sentence, without
 * "Part of your score comes from"), or its id when it has none; caller frees.
 */
char *cr_rep_rule_words(const cr_snap_rule *ru);
/*
 * The rules of the result that matter most: indexes into s->rules by largest
 * absolute effect, those that add nothing left out; at most max. Returns how many.
 */
#define CR_REP_TOP_RULES 4 /* reasons the client summary shows */
size_t cr_rep_top_rules(const cr_snapshot *s, size_t *idx, size_t max);
/*
 * One rule's change between two sessions in plain words ("No longer applies:
 * You have never used AI tools at work. (it added 1.8 points)"); kind 0: it
 * went, 1: it came, 2: its effect changed. *sign is +1 when the change raises
 * the score, -1 when it lowers it, 0 when it is too small to show (then NULL is
 * returned and nothing is listed). Caller frees.
 */
char *cr_rep_change_words(const cr_rule_change *ch, int kind, int *sign);
/* One line of what changed, in the order a report lists them (cr_rep_changes). */
typedef struct cr_rep_change {
	char *text; /* owned */
	int sign;   /* +1 raises the score, -1 lowers it */
	double size;
} cr_rep_change;
/*
 * Every rule change of r->cmp worth showing (zero-size ones left out), largest
 * first; free with cr_rep_changes_free.
 */
cr_rep_change *cr_rep_changes(const cr_report *r, size_t *n);
void cr_rep_changes_free(cr_rep_change *v, size_t n);
#define CR_REP_SUMMARY_CHANGES 5 /* changes the client summary lists; the full report lists all */
/*
 * Median pay for a growing role in words ("median pay $79,880 a year; yours
 * $62,000"): to is the role's median, from the person's occupation's; -1 when
 * unknown. NULL when neither is known. Caller frees.
 */
char *cr_rep_wage_words(int from, int to);
/* How many of s's rules add nothing (shown as 0.0): folded into one line. */
size_t cr_rep_zero_rules(const cr_snapshot *s);

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
