/*
 * kb_snapshot.h - a loaded knowledge base as one binary buffer, and back.
 *
 * Loading the YAML knowledge base (parsing, checking every reference,
 * compiling every condition) takes a few hundred milliseconds; reading the
 * same knowledge base from a snapshot takes a few. The snapshot holds every
 * field of cr_kb (kb.h lists them) with its strings in one table and its
 * pointers as indexes; conditions are kept as their text and compiled again
 * against the stored schema when read, which is fast and means the snapshot
 * never holds the expression tree's layout.
 *
 * The core knows no files: these functions work on buffers. Where a snapshot
 * lives, and the key it must match (a hash of the source files and the
 * program version), are the face's business (app/io/kb_cache.c).
 *
 * A snapshot is never trusted: cr_kb_snapshot_read checks the magic, the
 * format, the key, the length and a checksum of every byte, then every count,
 * index, enum and string reference as it rebuilds, and rejects the buffer
 * (returning NULL with a reason) at the first thing out of place.
 */
#ifndef CR_KB_SNAPSHOT_H
#define CR_KB_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kb.h"

/* Bumped whenever the layout changes (a field added to a struct kb.h snapshots, say). */
#define CR_KB_SNAPSHOT_FORMAT 6u /* 2: a recommendation's when and goals; 3: median wages, a role's soc; 4: baselines; 5: job titles; 6: the checksum's bulk loop, the read's arena size */

/*
 * A 64-bit hash of n bytes, continuing from h (start with CR_FNV_INIT): a long
 * buffer 64 bytes a step in eight lanes (XXH3's scheme), so hashing the 2.4 MB
 * knowledge base costs well under a millisecond. Not cryptographic: it detects
 * change and damage, not forgery.
 */
uint64_t cr_hash64(uint64_t h, const void *data, size_t n);

/*
 * Serialises kb into a new malloc'd buffer of *len bytes (caller frees *out),
 * stamped with key. The same kb always gives the same bytes.
 */
void cr_kb_snapshot_write(const cr_kb *kb, uint64_t key, char **out, size_t *len);

/*
 * Rebuilds a knowledge base from a snapshot written with the same key. Returns
 * a new cr_kb (free with cr_kb_free), or NULL with *why set to a static
 * phrase saying what was wrong ("stale", "bad checksum", ...). With borrow,
 * the kb's strings point into buf instead of copies (a megabyte not copied):
 * buf must then outlive the kb, which the caller ensures by handing it over
 * in kb->backing; without, buf may go as soon as this returns.
 */
cr_kb *cr_kb_snapshot_read(const void *buf, size_t len, uint64_t key, bool borrow, const char **why);

/* The key a snapshot says it was written with (its checksum unchecked); false when buf holds no header. */
bool cr_kb_snapshot_key(const void *buf, size_t len, uint64_t *key);

/*
 * Recomputes the checksum of a snapshot in place (when len holds a header), so
 * that a test or a fuzzer can hand the decoder damaged contents that pass the
 * checksum. Never used on a real snapshot.
 */
void cr_kb_snapshot_reseal(void *buf, size_t len);

#endif
