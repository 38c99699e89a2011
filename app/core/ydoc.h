/*
 * ydoc.h - YAML and JSON documents through libfyaml, with positions.
 *
 * Every loader in the core reads its files through here, so every error can
 * name file:line:column. Files are read into memory first (bounded in size)
 * and parsed from there; aliases are refused, which also rules out
 * "billion laughs" expansion. A cr_ydoc owns its libfyaml document; nodes
 * taken from it live as long as it does.
 */
#ifndef CR_YDOC_H
#define CR_YDOC_H

#include <libfyaml.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

typedef struct cr_ydoc {
	struct fy_document *fyd; /* owned */
	char *text;              /* owned; the document points into it */
	char *file;              /* owned; the name errors are reported under */
} cr_ydoc;

/* Reads and parses a file of at most max_bytes. JSON is parsed as the YAML 1.2 subset it is. */
enum cr_status cr_ydoc_load(const char *path, size_t max_bytes, cr_ydoc **out, cr_diags *d);
/*
 * Reads a file of at most max_bytes into *text (NUL-terminated, malloc'd, the
 * caller frees) without parsing it; a failure is reported as a diagnostic.
 */
enum cr_status cr_ydoc_read(const char *path, size_t max_bytes, char **text, size_t *len, cr_diags *d);
/*
 * Parses text held in memory (len bytes; it need not be NUL-terminated);
 * `name` is used in messages. A NUL byte in the text is an error.
 */
enum cr_status cr_ydoc_parse(const char *name, const char *text, size_t len, cr_ydoc **out,
			     cr_diags *d);
void cr_ydoc_free(cr_ydoc *doc);
struct fy_node *cr_ydoc_root(const cr_ydoc *doc);

/* 1-based position of a node (for a mapping or sequence: of its first scalar). */
void cr_ynode_pos(struct fy_node *n, int *line, int *col);
/* Adds a CR_EDATA diagnostic at the node's position. */
enum cr_status cr_yerr(cr_diags *d, const cr_ydoc *doc, struct fy_node *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The node under `key` in a mapping, or NULL. */
struct fy_node *cr_ymap_get(struct fy_node *map, const char *key);
/* The scalar text of a node, or NULL when it is not a plain scalar. */
const char *cr_ynode_str(struct fy_node *n);
/* True when a scalar was written in quotes (a quoted "42" is text, not a number). */
bool cr_ynode_quoted(struct fy_node *n);
/*
 * Checks that every key of `map` is in the NULL-terminated `allowed` list, so a
 * misspelt key is an error rather than silently ignored.
 */
enum cr_status cr_ymap_check_keys(const cr_ydoc *doc, struct fy_node *map,
				  const char *const *allowed, cr_diags *d);

/*
 * Typed getters: each reports a precise error when the key is missing (and
 * `required`) or of the wrong type, and returns CR_OK when absent and optional.
 * Strings are returned as pointers into the document.
 */
enum cr_status cr_yget_str(const cr_ydoc *doc, struct fy_node *map, const char *key,
			   bool required, const char **out, cr_diags *d);
enum cr_status cr_yget_num(const cr_ydoc *doc, struct fy_node *map, const char *key,
			   bool required, double lo, double hi, double *out, bool *present,
			   cr_diags *d);
/* Parses a scalar as a finite number; false when it is not one. */
bool cr_ynode_num(struct fy_node *n, double *out);

#endif
