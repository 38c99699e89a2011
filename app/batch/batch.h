/*
 * batch.h - scoring a whole workforce from a survey export (`career-risk batch`).
 *
 * cr_batch_run() streams the CSV export record by record: each row becomes
 * answers (intake.h), is assessed exactly as `career-risk assess` would assess
 * it (without the "what would change it most" list, which a workforce table
 * has no room for), and is written to the results file, counted into the
 * cohort and, with a store, saved in one transaction per chunk. Memory stays
 * the same whatever the number of rows. A row that cannot be scored goes to
 * the errors file with its record number, line, column and reason, and the
 * batch goes on, unless `strict` is set.
 *
 * Every file is written through app/io/output.h: under a temporary name
 * beside its destination, renamed into place only when complete, so a failed or cancelled batch never
 * leaves a half-written results file where a finished one was expected.
 * The library writes files only; progress goes through a callback and
 * problems through cr_diags.
 *
 * With opts.jobs > 1, that many threads score chunks of rows while the calling
 * thread reads the export and writes, counts and stores the results in input
 * order (batch.c says how). Progress is reported and signals are expected on
 * the calling thread.
 */
#ifndef CR_BATCH_H
#define CR_BATCH_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/diag.h"
#include "../core/intake.h"
#include "../core/kb.h"
#include "../store/store.h"

enum cr_batch_format { CR_BATCH_CSV, CR_BATCH_JSONL };
enum cr_summary_format { CR_SUMMARY_MARKDOWN, CR_SUMMARY_HTML };

#define CR_BATCH_FIRST_RECS 3  /* recommendations per person in the results */
#define CR_BATCH_ROLES 3       /* growing roles per person in the results */

typedef struct cr_batch_stats {
	long long rows_read;    /* data rows (records after the header) */
	long long rows_scored;
	long long rows_bad;
	long long problems;     /* lines in the errors file (a bad row may have several) */
	long long rows_skipped; /* rows a filter left out (survey previews, the map's `rows:`), not read */
	long long bytes_read;
	int64_t cohort_id;      /* with a store: the cohort written, else 0 */
	bool roster;            /* read as a roster: each person scored on their occupation's baseline */
	int stale_removed;      /* temporary files a stopped batch had left beside the outputs, removed */
	/* the first few bad rows, for the face to show */
	struct { long long record, line; char *column; char *problem; } shown[5];
	int nshown;
	/* columns of the export that answer no question (the first few, and how many) */
	char *ignored[6];
	int nignored;
} cr_batch_stats;
void cr_batch_stats_clear(cr_batch_stats *s);

typedef struct cr_batch_opts {
	const cr_kb *kb;
	const cr_questionnaire *q;
	const char *input;               /* a file, or "-" for standard input */
	const char *output;              /* results file, "-" for standard output, or NULL */
	enum cr_batch_format format;
	const char *errors;              /* errors file (always written when there is an input) */
	const char *summary;             /* cohort summary file, or NULL */
	enum cr_summary_format summary_format;
	const cr_intake_map *map;        /* or NULL */
	const cr_crosswalk *titles;      /* the organisation's job titles (--titles), or NULL */
	double min_confidence;           /* a job-title match below it is a bad row (CR_TITLE_MIN_CONFIDENCE) */
	size_t header_rows;              /* header rows; 0: as the export's shape says (cr_csv_read_header) */
	const char *encoding;            /* the export's encoding when not UTF-8, or NULL (cr_csv_set_encoding) */
	const char *const *group_by;     /* grouping columns; none: the department */
	size_t ngroup_by;
	const struct cr_batch_label { const char *column, *label; } *labels; /* grouping columns renamed in the summary */
	size_t nlabels;
	int min_group;                   /* smallest group the summary shows */
	bool strict;                     /* stop at the first bad row (CR_EDATA) */
	bool roster;                     /* read a roster (job titles, no survey) even if the header looks like a survey */
	bool excel;                      /* results CSV for Excel: UTF-8 BOM, the input's separator, CRLF */
	cr_store *store;                 /* save the results as an intake cohort, or NULL */
	const char *cohort_name;         /* its name (default: the input file's name) */
	/* called every few thousand rows and at the end, for a progress line */
	void (*progress)(const cr_batch_stats *s, void *ctx);
	void *progress_ctx;
	volatile sig_atomic_t *cancel;   /* when set (by a signal handler), stop: CR_ECANCEL, nothing kept */
	int jobs;                        /* threads scoring rows (0 or 1: none, the calling thread scores);
					    the outputs are the same byte for byte whatever the number */
} cr_batch_opts;

#define CR_BATCH_MAX_JOBS 64

enum cr_status cr_batch_run(const cr_batch_opts *o, cr_batch_stats *stats, cr_diags *d);

#endif
