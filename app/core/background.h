/*
 * background.h - a thread that runs one job each time it is asked, beside
 * the thread that asks. Asks that come while the job runs are met by its
 * next run, so a caller asking often never queues work. For I/O that need
 * not hold up the caller: output.c's sync-behind (fdatasync of a large
 * output as it grows) and store_cohort.c's checkpointer (the write-ahead
 * log copied into the database beside the rows).
 *
 * The thread blocks every signal, so a stop signal still reaches the thread
 * that handles it. Whatever the job writes for the caller may be read once
 * cr_background_stop() has returned (it joins the thread).
 *
 * Ownership: cr_background_start() returns a handle the caller owns and
 * releases with cr_background_stop().
 */
#ifndef CR_BACKGROUND_H
#define CR_BACKGROUND_H

#include <stdbool.h>

typedef struct cr_background cr_background;

/*
 * A job: runs once per run asked for; returns false when it should not run
 * again (a disk error, a file that cannot be synced), true otherwise.
 */
typedef bool (*cr_background_job)(void *ctx);

/* Starts a thread for job(ctx); NULL when no thread can be made (the caller then does without). */
cr_background *cr_background_start(cr_background_job job, void *ctx);

/* Asks for one more run of the job and returns at once; NULL is allowed (nothing to ask). */
void cr_background_ask(cr_background *b);

/* Stops the thread, waiting for a run in progress, and frees b; NULL is allowed. */
void cr_background_stop(cr_background *b);

#endif
