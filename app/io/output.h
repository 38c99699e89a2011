/*
 * output.h - every file career-risk writes goes through here (report, export
 * and batch --output/--errors/--summary). docs/reliability.md, "Files
 * written", lists these promises with the tests that prove them:
 *
 * - An output is never the same file as one the command reads or as the
 *   profile database: cr_output_refuse_same() compares device and inode (so a
 *   second name, a link or `../x` is caught), and for a target not there yet
 *   its resolved folder and name.
 * - A new or regular file is written under PATH.tmp-XXXXXX beside it (created
 *   0600, whatever mode the old file had), flushed, fsynced, closed and only
 *   then renamed into place; the folder is fsynced after. Until the rename
 *   the old file is untouched, and on failure only the temporary file, ours,
 *   is removed. A large one is written behind as it grows (output.c,
 *   write_behind), so the cache holds a few megabytes of it, not all, and
 *   synced behind by a thread of its own (sync_behind), so the final fsync
 *   waits for the last few megabytes only.
 * - Standard output ("-"), a FIFO or a character device is written in
 *   place: never removed, never replaced.
 * - A symbolic link as the target is refused rather than followed or
 *   replaced: a link left in a shared folder must not send personal data
 *   elsewhere, and replacing it would remove something career-risk did not
 *   make. Folders on the way may be links.
 * - Every failure is a cr_diag naming the path and what the system said,
 *   with a hint; nothing here prints.
 *
 * Ownership: a cr_output owns its path copy, temporary name, buffer and
 * stream; cr_output_abandon() releases everything and accepts a zeroed or
 * finished output, so one cleanup path can always call it.
 */
#ifndef CR_OUTPUT_H
#define CR_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../core/diag.h"

typedef struct cr_output {
	char *path;    /* the destination as given (owned); "-" for standard output */
	char *tmp;     /* our temporary file beside it, while it exists (owned); NULL in place */
	FILE *f;       /* where to write; NULL once finished */
	int fd;        /* f's descriptor (not standard output's), -1 when none */
	int err;       /* errno of the first failed write, 0 if none */
	char *buf;     /* f's buffer when a size was asked for (owned) */
	bool in_place; /* standard output, a FIFO or a device: written directly */
	/* write-behind of a large temporary file (output.c, write_behind): bytes written, bytes whose
	 * write to disk was started, bytes dropped from the page cache once on disk */
	long long written, started, dropped;
	/* sync-behind (output.c, sync_behind): bytes written when a sync was last asked for; no more
	 * are asked for once finishing; the thread that syncs, once started (owned) */
	long long synced;
	bool sync_off;
	struct cr_output_sync *sync;
} cr_output;

/* A file an output must not be, and what to call it in a message ("the survey export"). */
typedef struct cr_output_other {
	const char *path;
	const char *what;
} cr_output_other;

/*
 * CR_OK when `path` ("-" always passes) is none of the n others (NULL or "-"
 * paths are skipped); else a usage error (CR_EUSAGE) saying which it is.
 * `what` names the output in the message ("--output").
 */
enum cr_status cr_output_refuse_same(const char *path, const char *what, const cr_output_other *others, size_t n,
				     cr_diags *d);

/*
 * Opens `path` for writing as described above; bufsize 0 keeps stdio's
 * buffer. CR_EUSAGE for a target that is a link, a folder, a block device or
 * a socket; CR_EIO when the system refuses. On failure nothing is left open
 * or created.
 */
enum cr_status cr_output_open(cr_output *o, const char *path, size_t bufsize, cr_diags *d);

/*
 * Flushes, fsyncs and closes what was written: for a regular file it is then
 * whole on disk under its temporary name, and not yet in place (see
 * cr_output_commit). On failure the temporary file is removed.
 */
enum cr_status cr_output_finish(cr_output *o, cr_diags *d);

/* Renames a finished temporary file into place and fsyncs its folder; nothing to do in place. */
enum cr_status cr_output_commit(cr_output *o, cr_diags *d);

/* Gives up: closes what is open and removes the temporary file, ours; the destination is not touched. */
void cr_output_abandon(cr_output *o);

/*
 * For a command with one output: when st is CR_OK, finishes and commits it;
 * otherwise (or when that fails) abandons it. Returns st, or the failure.
 */
enum cr_status cr_output_close(cr_output *o, enum cr_status st, cr_diags *d);

/* True when the output is a file career-risk created owner-only (not standard output, a FIFO or a device). */
bool cr_output_private(const cr_output *o);

/*
 * Removes PATH.tmp-XXXXXX files a killed run left beside `path`: ours (a
 * regular file of this user, mode 0600) and held by no live process (each
 * holds a lock on its own until it exits). Returns how many went.
 */
int cr_output_remove_stale(const char *path);

/*
 * What failed on standard output, for main's last check: errno_now is errno
 * after the failed flush. Records "cannot write to standard output: REASON"
 * with a hint, unless a diagnostic already says the output failed. A reader
 * that closed the pipe early (`| head`) is no failure: CR_OK, nothing said.
 */
enum cr_status cr_output_stdout_failed(int errno_now, cr_diags *d);

#endif
