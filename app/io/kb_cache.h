/*
 * kb_cache.h - the knowledge base loaded through its compiled snapshot.
 *
 * Every run lists and reads the YAML files (a directory scan, so an added or
 * removed file counts) and hashes their names and bytes with the program's
 * identity into a key. A snapshot in the cache folder written with that key
 * is read instead of parsing the YAML (app/core/kb_snapshot.h checks it byte
 * for byte); when there is none, or it is stale or damaged, the YAML is loaded
 * as always and a new snapshot written: under a temporary name (0600) renamed
 * into place by app/io/output.c, so a process killed while writing, or two
 * compiling at once, never leave a half-written snapshot under the name read.
 *
 * The snapshot is only ever a copy: failing to read or write it is never an
 * error (the YAML was loaded), and diagnostics are the loader's own.
 */
#ifndef CR_KB_CACHE_H
#define CR_KB_CACHE_H

#include <stdbool.h>

#include "../core/diag.h"
#include "../core/kb.h"

/* What cr_kb_cache_load did, for tests and the start-up benchmark. */
enum cr_kb_cache_how {
	CR_KB_FROM_YAML,     /* no usable snapshot: loaded the YAML (and wrote one if it could) */
	CR_KB_FROM_SNAPSHOT, /* read the snapshot */
};

/*
 * Loads the knowledge base of dir and qdir as cr_kb_load does (same result,
 * same diagnostics), through a snapshot in cache_dir (created 0700 when
 * missing; NULL: no snapshot, plain cr_kb_load). program names this build
 * (its version and whatever else tells one binary from another): a snapshot
 * another program wrote is stale. *how (may be NULL) says which way it went.
 */
enum cr_status cr_kb_cache_load(const char *dir, const char *qdir, const char *cache_dir, const char *program,
				cr_kb **out, enum cr_kb_cache_how *how, cr_diags *d);

/* The snapshot file for dir and qdir in cache_dir; caller frees. */
char *cr_kb_cache_path(const char *dir, const char *qdir, const char *cache_dir);

#endif
