/*
 * util.h - allocation, strings and bounded file reading shared by every layer.
 *
 * Who owns memory, for all of career-risk (stated here once; docs/architecture.md
 * points here):
 *   - A returned pointer is borrowed unless the function's name or its comment
 *     says otherwise: it points into what the function was given (the
 *     knowledge base, a result, a profile) and lives as long as that does
 *     (cr_kb_rule, cr_band_of, cr_questionnaire_find, cr_progress_latest).
 *   - The caller owns the pointer returned by a function whose name ends in
 *     _new, _copy, _take, _describe, _format or _emit, or by a cr_x* allocator
 *     (cr_xprintf, cr_xstrdup), and by the few others whose declaration says
 *     "caller frees" (cr_vis, cr_compare, cr_task_note, cr_baseline_answers);
 *     a function that fills a `char **out` or `T **out` says the same in its
 *     comment (cr_file_read, cr_intake_new). A string goes to free(), a struct
 *     to its type's _free, which accepts NULL: constructors and destructors
 *     come in pairs (cr_kb_load/cr_kb_free, cr_answers_new/cr_answers_free,
 *     cr_store_open/cr_store_close).
 *   - Memory from an arena (cr_arena_*) is the arena's: the knowledge base is
 *     one arena freed by cr_kb_free, and nothing pointing into it (results,
 *     answers, plans) may outlive it.
 *   - Out-of-memory is not recoverable: the cr_x* allocators print one line
 *     and abort, as git and tmux do, so callers never see NULL.
 */
#ifndef CR_UTIL_H
#define CR_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define CR_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Bits set in x. __builtin_popcountll compiles to a call into libgcc on
 * baseline x86-64 (no POPCNT instruction assumed); this stays inline, and
 * compilers turn it into POPCNT where the target has it.
 */
static inline int cr_popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555u);
	x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
	return (int)((x * 0x0101010101010101u) >> 56);
}

void *cr_xmalloc(size_t n);
void *cr_xcalloc(size_t n, size_t size);
void *cr_xrealloc(void *p, size_t n);
/* Grows *v (of *cap elements of size elem) so that index `need` fits. */
void cr_xgrow(void **v, size_t *cap, size_t need, size_t elem);
char *cr_xstrdup(const char *s);
char *cr_xstrndup(const char *s, size_t n);
char *cr_xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *cr_xvprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* A growable string. Zero-initialise; cr_sb_free() releases. */
typedef struct cr_sb {
	char *s;    /* always NUL-terminated once anything was appended */
	size_t len; /* bytes in s, excluding the NUL */
	size_t cap; /* bytes allocated */
} cr_sb;
/* Makes room for n more bytes and the NUL (the slow path of cr_sb_addn). */
void cr_sb_grow(cr_sb *b, size_t n);
/*
 * Appending is inline: a batch row is written in some fifty appends, and the
 * calls cost more than the copies.
 */
static inline void cr_sb_addn(cr_sb *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
		cr_sb_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}
static inline void cr_sb_add(cr_sb *b, const char *s) { cr_sb_addn(b, s, strlen(s)); }
static inline void cr_sb_addc(cr_sb *b, char c) { cr_sb_addn(b, &c, 1); }
void cr_sb_addf(cr_sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the string (owned by the caller) and resets b. Never NULL. */
char *cr_sb_take(cr_sb *b);
void cr_sb_free(cr_sb *b);

/*
 * Reads a whole file of at most max_bytes into a NUL-terminated buffer the
 * caller frees. Returns 0, or an errno value (EFBIG when over the bound).
 */
int cr_file_read(const char *path, size_t max_bytes, char **out, size_t *len);

/* 32-bit FNV-1a of n bytes: the hash of the in-memory tables (the intake's caches, the cohort's groups). */
static inline uint32_t cr_hash32(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* 64-bit FNV-1a, used for the knowledge base's version fingerprint. */
uint64_t cr_fnv1a(uint64_t h, const void *data, size_t n);
#define CR_FNV_INIT 0xcbf29ce484222325ULL

/* ASCII case-insensitive helpers (locale-independent on purpose). */
int cr_strcasecmp(const char *a, const char *b);
bool cr_str_has_prefix(const char *s, const char *prefix);
/* Trims ASCII white space at both ends, in place; returns s. */
char *cr_str_trim(char *s);
/* Damerau-free Levenshtein distance, capped at `cap` (returns cap when over). */
int cr_edit_distance(const char *a, const char *b, int cap);
/*
 * The offset of the first byte of s[0..len) that does not start valid UTF-8
 * (a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF,
 * or a sequence cut short), or len when all of it is valid.
 */
size_t cr_utf8_invalid(const char *s, size_t len);
double cr_clamp(double v, double lo, double hi);
/* True when s is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
bool cr_utf8_valid(const char *s);

/*
 * The one way text from data (notes, names, answers, CSV cells, knowledge-base
 * texts, file names) is made safe to show on a terminal, in the spirit of
 * tmux's utf8_stravis and vis(3): so no byte of it can move the cursor, retitle
 * the window or reorder what follows. Printable UTF-8 is kept as it is;
 * controls become C-style escapes ("\n", "\t", "\r", "\x1b", "\x7f"), C1
 * controls and invisible format characters (bidi overrides and isolates such
 * as U+202E, zero-width characters, U+FEFF, line and paragraph separators)
 * become "\u202E", and a byte that is not valid UTF-8 becomes "\xff".
 * Backslashes are kept as they are: the escapes are for reading, not for
 * parsing back.
 *
 * max_chars, when not 0, keeps at most that many characters of s and adds
 * "…" when more were cut, so a 100 KB key is not echoed whole.
 */
enum {
	CR_VIS_KEEP_NL = 1, /* a '\n' stays a line break (wrapped paragraphs); otherwise "\n" */
};
/* Appends the escaped form of s to b. */
void cr_sb_add_vis(cr_sb *b, const char *s, size_t max_chars, unsigned flags);
/* The escaped form of s (NULL gives ""); caller frees. */
char *cr_vis(const char *s, size_t max_chars, unsigned flags);
/* True when cr_vis would change nothing in s (no flags, no limit). */
bool cr_vis_clean(const char *s);
/* How long an echo of data in a message may be, in characters. */
#define CR_ECHO_MAX 60


#endif
