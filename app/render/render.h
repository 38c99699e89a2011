/*
 * render.h - a result as text (80 columns), JSON or Markdown.
 *
 * Renderers only format: every number and sentence comes from the result
 * and the knowledge base. They write to a stream and report a failed write
 * (disk full, closed pipe) as CR_EIO.
 */
#ifndef CR_RENDER_H
#define CR_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "../core/assess.h"

typedef struct cr_render_opts {
	bool color; /* ANSI colour: only on a terminal, never with NO_COLOR */
	int width;  /* wrap width in columns */
	const char *cmd; /* "career-risk" with this run's options, for the commands text suggests
			  * (cr_app_invocation); borrowed from the caller */
} cr_render_opts;

enum cr_status cr_render_text(FILE *out, const cr_result *r, const cr_render_opts *o);
enum cr_status cr_render_markdown(FILE *out, const cr_result *r);
enum cr_status cr_render_json(FILE *out, const cr_result *r);
struct fy_document;
struct fy_node;
/* Writes a JSON document, then frees it, and a final newline; CR_EIO when writing failed. */
enum cr_status cr_render_json_doc(FILE *out, struct fy_document *d, struct fy_node *root);
/* The result as JSON text (pretty or one line); caller frees. */
char *cr_result_json(const cr_result *r, bool oneline);

/*
 * The word-wrapper (render_text.c): `prefix` then `text` wrapped so that no line
 * passes width columns, each line after the first starting with `next` (spaces
 * for a hanging indent, "# " for YAML comments). cr_wrap_hang, cr_wrap and
 * cr_wrap_prefixed are its common shapes, not other wrappers.
 */
void cr_wrap_lead(FILE *out, const char *prefix, const char *next, const char *text, int width);
/* The lines after the first indented by `indent` spaces. */
void cr_wrap_hang(FILE *out, const char *prefix, const char *text, int indent, int width);
/* Every line indented by indent spaces. */
void cr_wrap(FILE *out, const char *text, int indent, int width);
/* `prefix` before the first line and its width of spaces before the others. */
void cr_wrap_prefixed(FILE *out, const char *prefix, const char *text, int width);
/*
 * Data as Markdown text and as HTML text: first made safe for a terminal by
 * cr_vis (util.h), since both are printed to stdout too, then escaped for the
 * format (Markdown: the characters that start formatting, line breaks as
 * spaces; HTML: & < > " ').
 */
void cr_md_text(FILE *out, const char *s);
/*
 * A rule's effect as shown (one decimal) is 0.0: it fired but adds nothing,
 * and is folded into one line (cr_folded_rules_text) rather than listed.
 */
static inline bool cr_effect_is_zero(double effect) { return effect > -0.05 && effect < 0.05; }
/* "12 other rules checked, none changed the score." for n folded rules (render_text.c); caller frees. */
char *cr_folded_rules_text(size_t n);
/* n with thousands separators ("1,234,567") into buf (render_store.c). */
void cr_render_count(char *buf, size_t size, long long n);
void cr_html_text(FILE *out, const char *s);

/* The cohort summary of `career-risk batch` (render_cohort.c): Markdown, or one self-contained HTML page. */
struct cr_cohort_view;
typedef struct cr_cohort_meta {
	const char *source;        /* the input file's name; NULL for standard input */
	const char *questionnaire;
	long long rows_read, rows_scored, rows_bad;
	bool roster;               /* a roster: every score is an occupation's baseline, not answers */
} cr_cohort_meta;
enum cr_status cr_render_cohort_markdown(FILE *out, const struct cr_cohort_view *v, const cr_cohort_meta *m);
enum cr_status cr_render_cohort_html(FILE *out, const struct cr_cohort_view *v, const cr_cohort_meta *m);

#endif
