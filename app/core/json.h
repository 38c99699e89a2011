/*
 * json.h - building JSON through libfyaml's emitter.
 *
 * The brief forbids hand-written format code, so JSON is built as a libfyaml
 * document and emitted in its type-preserving JSON mode. libfyaml decides a
 * plain scalar's JSON type by its text ("42" -> number, "true" -> boolean);
 * cr_j_str() makes sure a string stays a string whatever its text.
 * Nodes belong to their document; cr_j_emit() returns malloc'd text.
 */
#ifndef CR_JSON_H
#define CR_JSON_H

#include <libfyaml.h>
#include <stdbool.h>

struct fy_document *cr_j_doc(void);
struct fy_node *cr_j_map(struct fy_document *d);
struct fy_node *cr_j_seq(struct fy_document *d);
/* A string; NULL gives JSON null. */
struct fy_node *cr_j_str(struct fy_document *d, const char *s);
struct fy_node *cr_j_num(struct fy_document *d, double v);
/* A number written with as many digits as it takes to read back as exactly v (stored answers). */
struct fy_node *cr_j_num_exact(struct fy_document *d, double v);
struct fy_node *cr_j_int(struct fy_document *d, long long v);
struct fy_node *cr_j_bool(struct fy_document *d, bool v);
struct fy_node *cr_j_null(struct fy_document *d);
void cr_j_set(struct fy_node *map, const char *key, struct fy_node *value);
void cr_j_push(struct fy_node *seq, struct fy_node *value);
/* The figures every scored output shows (an assessment, a session in a report, a batch row). */
typedef struct cr_j_scores {
	int score;
	const char *band;
	int range_lo, range_hi, routineness, ai_usage, specialization;
	int exposure; /* < 0: not known (a result stored before the exposure dimension): null */
} cr_j_scores;
/* Sets them on map m, always in the same shape: score, band, range [lo, hi], dimensions {...}. */
void cr_j_set_scores(struct fy_document *d, struct fy_node *m, const cr_j_scores *s);
/* Emits the document with root `root`: pretty (2-space indent) or on one line. Caller frees. */
char *cr_j_emit(struct fy_document *d, struct fy_node *root, bool oneline);

#endif
