/*
 * intake.h - survey rows into answers: the columns of an HR export mapped to questions.
 *
 * An HR survey tool exports one row per employee. cr_intake_new() reads the
 * header row once and decides what each column holds: a question (by its id,
 * by its text, or through a map file), one part of a split question
 * ("tasks.analytic"), a grouping column for the cohort report, or nothing
 * career-risk uses. cr_intake_row() then turns each row's cells into answers
 * with the parser the terminal uses (cr_answer_parse), so a CSV cell accepts
 * what a person could type. Two additions suit survey exports: a
 * multiple-choice cell may name choices by labels that themselves contain
 * commas, and a blank multiple-choice cell means "none ticked" when the
 * question applies. Parsed cells are remembered per column, within a fixed
 * bound, because a workforce repeats the same job titles and choices
 * thousands of times.
 *
 * Ownership: a cr_intake copies what it keeps from the header and the map and
 * points into the knowledge base, which must outlive it. Problems returned by
 * cr_intake_row() belong to the cr_intake and last until the next row.
 */
#ifndef CR_INTAKE_H
#define CR_INTAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "answers.h"
#include "crosswalk.h"
#include "diag.h"
#include "kb.h"

#define CR_INTAKE_MAX_COLUMNS 1024     /* columns in one export */
#define CR_INTAKE_MAX_GROUPS 8         /* grouping columns */
#define CR_INTAKE_MAX_PROBLEMS 32      /* problems reported for one row */
#define CR_INTAKE_MAX_NOTES 8          /* notes on how one row was read */

/*
 * A map file, for exports whose headers are the survey's own wording:
 *
 *   questionnaire: intake            # optional: the questionnaire it is written for
 *   columns:
 *     "Employee reference": employee_id
 *     "Week split: analysis (%)": tasks.analytic     # one part of a split
 *     "Site": group                  # a grouping column for the cohort summary
 *     "Timestamp": ignore
 *
 * Headers are matched ignoring case and runs of spaces; every entry must match
 * a column of the file, so a typo is an error rather than a silent gap.
 */
typedef struct cr_intake_map cr_intake_map;
enum cr_status cr_intake_map_load(const char *path, cr_intake_map **out, cr_diags *d);
/* The same from text in memory; `name` is used in messages. */
enum cr_status cr_intake_map_parse(const char *name, const char *text, size_t len, cr_intake_map **out, cr_diags *d);
void cr_intake_map_free(cr_intake_map *m);

enum cr_col_kind {
	CR_COL_IGNORED,  /* not a question: kept only when it is a grouping column */
	CR_COL_QUESTION, /* the whole answer to one question */
	CR_COL_PART,     /* one part of a split question */
	CR_COL_OPTION,   /* one option of a multiple choice, a column each (SurveyMonkey): part is the choice */
};

typedef struct cr_intake_col {
	const char *header;    /* as in the file, trimmed (owned by the cr_intake) */
	enum cr_col_kind kind;
	size_t qi;             /* QUESTION, PART: the question's index */
	size_t part;           /* PART: the part's index */
	int group;             /* index among the grouping columns, or -1 */
} cr_intake_col;

typedef struct cr_intake cr_intake;

/*
 * Plans how to read rows whose header is `headers`. `group_by` names grouping
 * columns (a header, or the id of the question a column answers); when it is
 * empty, the grouping columns are the one answering a `department` question
 * and those the map marks `group`.
 * Fails with CR_EDATA when the header cannot work: a question answered by two
 * columns, a split with some parts missing, a required question with no
 * column, a map entry for a header that is not in the file. A --group-by name
 * that matches no column is CR_EUSAGE.
 */
enum cr_status cr_intake_new(const cr_kb *kb, const cr_questionnaire *q, const char *const *headers, size_t n,
			     const cr_intake_map *map, const char *const *group_by, size_t ngroup_by, cr_intake **out,
			     cr_diags *d);
/*
 * The same for a roster: an HRIS extract with a job-title column (the
 * occupation question's id or text, or "Job title", "Title", "Position")
 * and no survey answers. Only the occupation is needed from each row; a
 * blank title is a problem of the row.
 */
enum cr_status cr_intake_new_roster(const cr_kb *kb, const cr_questionnaire *q, const char *const *headers, size_t n,
				    const cr_intake_map *map, const char *const *group_by, size_t ngroup_by, cr_intake **out,
				    cr_diags *d);
/* Whether a header looks like a roster's: a job-title column and no column answering a question other than
 * the occupation, the department and the employee id. */
bool cr_intake_is_roster(const cr_questionnaire *q, const char *const *headers, size_t n);
/*
 * The same for an export with more than one header row (rows[r][c], nrows of
 * n columns each; see cr_csv_read_header):
 * - Qualtrics (a third row of {"ImportId":...}): a column is found by its
 *   short name (row 1) or its question text (row 2, "TEXT - Selected Choice"
 *   for a multiple choice, "TEXT - PART" for a part of a split);
 * - SurveyMonkey and the like: a second row holding "Response" or an
 *   option's label, a question going on over columns with blank headers; a
 *   multiple choice comes as one column per option (CR_COL_OPTION: a cell
 *   holds the option's label when ticked, nothing otherwise), a split as one
 *   column per part.
 * Headers are also matched as Google Forms writes a grid: "TEXT [PART]".
 * The map's `rows:` filters are planned here; so is the default one that
 * leaves out a Status column's "Survey Preview" and "Survey Test" rows.
 */
enum cr_status cr_intake_new_rows(const cr_kb *kb, const cr_questionnaire *q, const char *const *const *rows,
				  size_t nrows, size_t n, const cr_intake_map *map, const char *const *group_by,
				  size_t ngroup_by, cr_intake **out, cr_diags *d);
/* A roster read from more than one header row. */
enum cr_status cr_intake_new_roster_rows(const cr_kb *kb, const cr_questionnaire *q, const char *const *const *rows,
					 size_t nrows, size_t n, const cr_intake_map *map, const char *const *group_by,
					 size_t ngroup_by, cr_intake **out, cr_diags *d);
void cr_intake_free(cr_intake *in);

/*
 * Whether a row is left out by a row filter (the map's `rows:`, or the
 * Status column's previews); counted per filter.
 */
bool cr_intake_skip(cr_intake *in, const char *const *cells, size_t n);
/* Rows left out so far, in all; each filter that left some out adds a warning to d saying which and why. */
long long cr_intake_skipped(const cr_intake *in, cr_diags *d);

const cr_questionnaire *cr_intake_questionnaire(const cr_intake *in);
size_t cr_intake_ncols(const cr_intake *in);
const cr_intake_col *cr_intake_col_at(const cr_intake *in, size_t i);
/* Grouping columns, in the order given: their column index and the name to show. */
size_t cr_intake_ngroups(const cr_intake *in);
size_t cr_intake_group_col(const cr_intake *in, size_t g);
const char *cr_intake_group_name(const cr_intake *in, size_t g);
/* The column holding the pseudonymous employee id (question `employee_id`), or -1. */
long cr_intake_id_col(const cr_intake *in);

typedef struct cr_intake_problem {
	long col;        /* column index, or -1 for the row as a whole */
	char *msg;       /* what is wrong and what is expected (owned by the cr_intake) */
} cr_intake_problem;

/*
 * Reads one row's cells (NUL-terminated, n of them) into `as`, which must be
 * for this questionnaire and is cleared first (an answer in state CR_A_NONE is
 * taken to be all zero already, as cr_answers_new and cr_intake_row leave it).
 * Returns CR_OK, or CR_EDATA with every problem found in *problems (at most
 * CR_INTAKE_MAX_PROBLEMS).
 */
enum cr_status cr_intake_row(cr_intake *in, const char *const *cells, size_t n, cr_answers *as,
			     const cr_intake_problem **problems, size_t *nproblems);

/*
 * Job titles (docs/hr-intake.md, "Job titles"): a cell answering an occupation
 * question is looked up in the organisation's crosswalk (borrowed; it must
 * outlive the cr_intake; NULL for none), then matched (cr_occ_search); a best
 * match below min_confidence (default CR_TITLE_MIN_CONFIDENCE) is a problem
 * of the row that lists the candidates, so a guess is never scored.
 */
#define CR_TITLE_MIN_CONFIDENCE 0.6
void cr_intake_set_titles(cr_intake *in, const cr_crosswalk *xwalk, double min_confidence);
/* How the last row's job title was matched. */
typedef struct cr_intake_title {
	const char *given;        /* the cell as given (the row's, valid until the next row) */
	const cr_occupation *occ; /* NULL when it did not match */
	enum cr_match_method method;
	double confidence;
} cr_intake_title;
/* The last row's job-title match, or NULL when the row had no job-title cell. */
const cr_intake_title *cr_intake_last_title(const cr_intake *in);

/*
 * How the last row was read where it took a guess, as check ids for the
 * results' `checks`: "approx:QUESTION" (a range such as "20-30%" read as its
 * midpoint), "rescaled:SPLIT" (a split within the map's split_tolerance of
 * 100, scaled to 100). Owned by the cr_intake, until the next row.
 */
size_t cr_intake_row_notes(const cr_intake *in, const char *const **notes);

/*
 * A starting map for an export (`batch --suggest-map`): each column's
 * question, matched exactly or loosely (the share of words two wordings
 * share; Google's "TEXT [ROW]" to a split's part), `ignore` for the rest; and
 * under `values:` the distinct values of each choice column, with the choice
 * each already means, or "" where the analyst must say (codes, reworded
 * labels). Feed it the header rows, then every row; cr_intake_suggest_yaml()
 * returns the map as YAML (caller frees).
 */
typedef struct cr_intake_suggest cr_intake_suggest;
cr_intake_suggest *cr_intake_suggest_new(const cr_kb *kb, const cr_questionnaire *q, const char *const *const *rows,
					 size_t nrows, size_t n);
void cr_intake_suggest_row(cr_intake_suggest *s, const char *const *cells, size_t n);
void cr_intake_suggest_value(cr_intake_suggest *s, size_t qi, const char *value);
char *cr_intake_suggest_yaml(const cr_intake_suggest *s);
void cr_intake_suggest_free(cr_intake_suggest *s);

/*
 * A row's reading as the two functions above report it (its title match and
 * its notes), moved out of the cr_intake so a caller can read several rows
 * before scoring them (the batch scores a run of rows in stages).
 * cr_intake_swap_reading() exchanges *r with the cr_intake's: afterwards
 * cr_intake_last_title() and cr_intake_row_notes() report what *r held, and
 * *r holds the row the cr_intake had. Each note is owned by whichever holds
 * it: the cr_intake frees its own at the next row; the caller frees those
 * left in *r (a zeroed cr_intake_reading holds none).
 */
typedef struct cr_intake_reading {
	cr_intake_title title;
	char *notes[CR_INTAKE_MAX_NOTES];
	size_t nnotes;
} cr_intake_reading;
void cr_intake_swap_reading(cr_intake *in, cr_intake_reading *r);

#endif
