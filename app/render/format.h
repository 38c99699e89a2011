/*
 * format.h - the output formats: one table (format.c), one lookup by name.
 *
 * A format is a row: its name and, for each view a command can show, the
 * function that renders that view in this format, or NULL when the format
 * does not offer it. Commands never choose a renderer themselves: they look
 * the --format value up with cr_format_find for the view they show and call
 * the row's function, so adding a format is one new render_*.c file and one
 * row in format.c (docs/architecture.md, "Adding an output format").
 *
 * Every view function has the same shape: the stream, the view's data, the
 * options (colour, width, the invocation for suggested commands), and it
 * returns CR_EIO when writing fails. Formats that ignore an option just do.
 */
#ifndef CR_FORMAT_H
#define CR_FORMAT_H

#include "../core/answers.h"
#include "../core/catalogue.h"
#include "report.h"

/* `occupation show`: an occupation's record and the engine's baseline for a typical worker. */
typedef struct cr_occupation_view {
	const cr_occupation *o;
	const cr_result *baseline;   /* the typical worker's result (baseline->kb is the knowledge base) */
	const cr_occ_baseline *rank; /* its place among every occupation, or NULL */
	size_t nocc;                 /* how many occupations the rank is among */
} cr_occupation_view;

/* `occupation list`: every occupation's baseline. */
typedef struct cr_occupations_view {
	const cr_kb *kb;
	const cr_occ_baseline *v;
	size_t n;
} cr_occupations_view;

/*
 * `doctor`: what was found in the database at path. Render never includes the
 * store, so the face copies the store's checks into these rows (borrowed).
 */
typedef struct cr_doctor_row {
	int level;        /* 0 ok, 1 note, 2 problem (the store's cr_check_level order) */
	const char *what; /* one sentence: what was found */
	const char *fix;  /* what to do about it, or NULL */
} cr_doctor_row;
typedef struct cr_doctor_view {
	const char *path;
	const cr_doctor_row *v;
	size_t n, problems;
} cr_doctor_view;

/* `cohort list`: the intake cohorts stored, copied from the store's rows (borrowed). */
typedef struct cr_cohort_entry {
	long long id;
	const char *name, *source; /* source NULL: standard input */
	const char *questionnaire, *kb_version, *started_at, *finished_at;
	bool done;
	long long rows_read, rows_scored, rows_bad; /* -1 when unfinished */
	long long results;
} cr_cohort_entry;
typedef struct cr_cohorts_view {
	const char *database;
	const cr_cohort_entry *v;
	size_t n;
} cr_cohorts_view;

/* `cohort show`: a stored cohort's figures, as cr_cohort_publish() lets them be shown (core/cohort.h). */
struct cr_cohort_view;
struct cr_cohort_diff;
typedef struct cr_cohort_show_view {
	const cr_cohort_entry *c;       /* the stored cohort */
	const struct cr_cohort_view *v;
} cr_cohort_show_view;
/* `cohort compare A B`: two stored cohorts, the earlier wave first, and what changed. */
typedef struct cr_cohort_compare_view {
	const cr_cohort_entry *c[2];
	const struct cr_cohort_diff *d;
} cr_cohort_compare_view;

/* What a command shows; one column of the table each. */
enum cr_view {
	CR_VIEW_RESULT,      /* assess: a result */
	CR_VIEW_REPORT,      /* report, and assess in a format without a result view */
	CR_VIEW_HISTORY,     /* history */
	CR_VIEW_COMPARE,     /* compare */
	CR_VIEW_PROGRESS,    /* progress */
	CR_VIEW_PROFILES,    /* profile list */
	CR_VIEW_OCCUPATION,  /* occupation show */
	CR_VIEW_OCCUPATIONS, /* occupation list */
	CR_VIEW_DOCTOR,      /* doctor */
	CR_VIEW_COHORTS,     /* cohort list */
	CR_VIEW_QUESTIONNAIRES, /* questionnaire list */
	CR_VIEW_QUESTIONNAIRE,  /* questionnaire show */
	CR_VIEW_TEMPLATE,       /* questionnaire template: a file to fill in */
	CR_VIEW_COHORT,      /* cohort show */
	CR_VIEW_COHORT_COMPARE, /* cohort compare */
	CR_VIEW_COUNT
};

typedef struct cr_format {
	const char *name;
	const char *alias; /* another accepted name ("md"), or NULL */
	enum cr_status (*result)(FILE *out, const cr_result *r, const cr_render_opts *o);
	enum cr_status (*report)(FILE *out, const cr_report *r, const cr_render_opts *o);
	enum cr_status (*history)(FILE *out, const cr_progress *p, const cr_render_opts *o);
	enum cr_status (*compare)(FILE *out, const cr_compare_view *v, const cr_render_opts *o);
	enum cr_status (*progress)(FILE *out, const cr_progress *p, const cr_render_opts *o);
	enum cr_status (*profiles)(FILE *out, const cr_profiles *l, const cr_render_opts *o);
	enum cr_status (*occupation)(FILE *out, const cr_occupation_view *v, const cr_render_opts *o);
	enum cr_status (*occupations)(FILE *out, const cr_occupations_view *v, const cr_render_opts *o);
	enum cr_status (*doctor)(FILE *out, const cr_doctor_view *v, const cr_render_opts *o);
	enum cr_status (*cohorts)(FILE *out, const cr_cohorts_view *v, const cr_render_opts *o);
	enum cr_status (*questionnaires)(FILE *out, const cr_kb *kb, const cr_render_opts *o);
	enum cr_status (*questionnaire)(FILE *out, const cr_questionnaire *q, const cr_render_opts *o);
	enum cr_status (*answers_template)(FILE *out, const cr_questionnaire *q, const cr_render_opts *o);
	enum cr_status (*cohort)(FILE *out, const cr_cohort_show_view *v, const cr_render_opts *o);
	enum cr_status (*cohort_compare)(FILE *out, const cr_cohort_compare_view *v, const cr_render_opts *o);
} cr_format;

/*
 * The format called `name` that offers `view`. NULL when there is none, with
 * *why (caller frees) saying so and naming the formats that offer the view:
 * "unknown format 'xml' (text or json)". Render never prints; the face words
 * the usage error.
 */
const cr_format *cr_format_find(const char *name, enum cr_view view, char **why);
/* Whether f offers view. */
bool cr_format_has(const cr_format *f, enum cr_view view);
/* The table itself, for tests that render every view of every format. */
const cr_format *cr_formats(size_t *n);

/* The questionnaire views (render_questionnaire.c): the list, one questionnaire with why each
 * question is asked, and the files to fill in (an answers file, an HR export's header row). */
enum cr_status cr_render_questionnaires_text(FILE *out, const cr_kb *kb, const cr_render_opts *o);
enum cr_status cr_render_questionnaire_text(FILE *out, const cr_questionnaire *q, const cr_render_opts *o);
enum cr_status cr_render_template_yaml(FILE *out, const cr_questionnaire *q, const cr_render_opts *o);
enum cr_status cr_render_template_csv(FILE *out, const cr_questionnaire *q, const cr_render_opts *o);

/* The occupation views (render_occupation.c, render_csv.c). */
enum cr_status cr_render_occupation_text(FILE *out, const cr_occupation_view *v, const cr_render_opts *o);
enum cr_status cr_render_occupation_json(FILE *out, const cr_occupation_view *v, const cr_render_opts *o);
enum cr_status cr_render_occupations_text(FILE *out, const cr_occupations_view *v, const cr_render_opts *o);
enum cr_status cr_render_occupations_json(FILE *out, const cr_occupations_view *v, const cr_render_opts *o);
enum cr_status cr_render_occupations_csv(FILE *out, const cr_occupations_view *v, const cr_render_opts *o);

/* `occupation search`'s matches (render_occupation.c); no --format, so no view of the table. */
enum cr_status cr_render_matches(FILE *out, const cr_occ_match *m, size_t n, size_t total, bool code,
				 const char *indent, int width);

/* doctor and cohort list (render_store.c: the views of what the store holds about itself). */
enum cr_status cr_render_doctor_text(FILE *out, const cr_doctor_view *v, const cr_render_opts *o);
enum cr_status cr_render_doctor_json(FILE *out, const cr_doctor_view *v, const cr_render_opts *o);
enum cr_status cr_render_cohorts_text(FILE *out, const cr_cohorts_view *v, const cr_render_opts *o);
enum cr_status cr_render_cohorts_json(FILE *out, const cr_cohorts_view *v, const cr_render_opts *o);
/* cohort show and compare (render_cohort.c). */
enum cr_status cr_render_cohort_show_text(FILE *out, const cr_cohort_show_view *v, const cr_render_opts *o);
enum cr_status cr_render_cohort_show_markdown(FILE *out, const cr_cohort_show_view *v, const cr_render_opts *o);
enum cr_status cr_render_cohort_show_json(FILE *out, const cr_cohort_show_view *v, const cr_render_opts *o);
enum cr_status cr_render_cohort_compare_text(FILE *out, const cr_cohort_compare_view *v, const cr_render_opts *o);
enum cr_status cr_render_cohort_compare_markdown(FILE *out, const cr_cohort_compare_view *v, const cr_render_opts *o);
enum cr_status cr_render_cohort_compare_json(FILE *out, const cr_cohort_compare_view *v, const cr_render_opts *o);

#endif
