/*
 * answers.h - a person's answers to one questionnaire.
 *
 * Answers are parsed from what a person types, from an answers file
 * (YAML or JSON: `question-id: answer`), from a CSV cell or from the JSON the
 * store keeps. Whatever the source, one parser per question type decides
 * what is valid, so every face accepts and rejects the same things.
 *
 * Ownership: a cr_answers owns its free-text strings; choice ids and
 * occupation codes point into the knowledge base, which must outlive it.
 */
#ifndef CR_ANSWERS_H
#define CR_ANSWERS_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "kb.h"
#include "ydoc.h"

#define CR_MAX_PARTS 12       /* parts of a split question */
#define CR_MAX_ANSWERS_FILE (1u << 20)
#define CR_MAX_ANSWER_BYTES 4096 /* one typed, piped or CSV answer, whatever its type */

enum cr_astate {
	CR_A_NONE = 0,  /* not answered (not reached, or not asked because of ask_if) */
	CR_A_SKIPPED,   /* the person chose to skip an optional question */
	CR_A_GIVEN,
};

typedef struct cr_answer {
	enum cr_astate state;
	double num;                  /* SCALE, NUMBER */
	const char *str;             /* CHOICE id, OCCUPATION code (both into the kb); TEXT (owned by cr_answers) */
	uint64_t bits;               /* MULTI: bit i = choice i */
	double parts[CR_MAX_PARTS];  /* SPLIT: percent per part; TASKS: level (index of cr_task_time_ids) per task */
	int32_t task_ids[CR_MAX_PARTS]; /* TASKS: the O*NET task ids, num of them */
} cr_answer;

typedef struct cr_answers {
	const cr_questionnaire *q;
	cr_answer *a; /* q->nquestions entries */
} cr_answers;

cr_answers *cr_answers_new(const cr_questionnaire *q);
/* A deep copy (free texts duplicated). */
cr_answers *cr_answers_copy(const cr_answers *as);
void cr_answers_free(cr_answers *as);
/* Stores an answer at question index qi, copying its free text. */
void cr_answers_set(cr_answers *as, size_t qi, const cr_answer *a);
void cr_answers_clear(cr_answers *as, size_t qi);

/*
 * Parses what a person typed for question q. On failure returns CR_EDATA and
 * sets *err (caller frees) to a sentence saying what is expected.
 * A TEXT answer's str points into `text`; cr_answers_set() copies it.
 */
enum cr_status cr_answer_parse(const cr_kb *kb, const cr_question *q, const char *text, cr_answer *out,
			       char **err);
/* A number as typed: spaces around it and a trailing '%' allowed; false unless it is all a finite number. */
bool cr_answer_number(const char *s, double *out);
/*
 * A SPLIT answer from its parts, already numbers (one CSV column per part):
 * the same checks as typed text (each 0-100, n parts, a sum of 100 +- 0.5).
 */
enum cr_status cr_answer_split(const cr_question *q, const double *parts, size_t n, cr_answer *out, char **err);
/* The same from a YAML/JSON node (an answers file, or the store's JSON). */
enum cr_status cr_answer_from_node(const cr_kb *kb, const cr_question *q, const cr_ydoc *doc,
				   struct fy_node *n, cr_answer *out, cr_diags *d);
/* Canonical JSON text of an answer, for the store (caller frees). */
char *cr_answer_to_json(const cr_question *q, const cr_answer *a);
/* Parses the store's JSON for question qi and sets it in `as`. */
enum cr_status cr_answers_set_json(const cr_kb *kb, cr_answers *as, size_t qi, const char *json, cr_diags *d);
/* How an answer reads back to the person ("Weekly", "40/30/10/10/5/5"); caller frees. */
char *cr_answer_describe(const cr_kb *kb, const cr_question *q, const cr_answer *a);

/* Loads an answers file: a mapping of question id to answer. */
enum cr_status cr_answers_load(const cr_kb *kb, const cr_questionnaire *q, const char *path, cr_answers **out,
			       cr_diags *d);
/* The same from a parsed document (an answers file already in memory). */
enum cr_status cr_answers_from_doc(const cr_kb *kb, const cr_questionnaire *q, const cr_ydoc *doc,
				   cr_answers **out, cr_diags *d);

/* Whether question qi is to be asked, given the answers so far (its ask_if). */
bool cr_question_applies(const cr_kb *kb, const cr_answers *as, size_t qi);
/* Like cr_question_applies, but true while a fact its condition reads is still unanswered
 * (for counting "Question 3 of N" before the deciding answer is known). */
bool cr_question_may_apply(const cr_kb *kb, const cr_answers *as, size_t qi);
/* Index of the first required, applicable question with no answer, or -1. */
long cr_answers_first_missing(const cr_kb *kb, const cr_answers *as);

/*
 * Fills facts[kb->schema.n] from the answers: question facts only; the
 * engine adds derived facts. Facts of questions not in this questionnaire
 * stay null, and so do answers to questions whose ask_if does not hold under
 * the other answers (a session would not have asked them). Returns whether
 * any was so left out (else every given answer's fact holds its value).
 */
bool cr_answers_facts(const cr_kb *kb, const cr_answers *as, cr_value *facts);

/*
 * Occupation look-up: the one job-title matcher, used by the interactive
 * question, `occupation search|show`, batch intake and `titles`. Each match
 * says how it was found and how sure it is (docs/hr-intake.md, "Job titles"):
 *   exact       the SOC code or the catalogue title, as typed (confidence 1)
 *   alias       a catalogue alias or an alias of knowledge/titles.yaml, as typed (0.95)
 *   normalised  equal to a title or alias once both are normalised (cr_title_normalise):
 *               0.9, or 0.5 when the normalised title names several occupations
 *   fuzzy       word by word, prefixes and typos tolerated: 0.8 x score/100 (0.55 x with a
 *               typo, 0.35 x when every word is a typo), x 0.7 when the next occupation
 *               scores within 5, x 0.7 when a word of the title had to be left out
 *   crosswalk   an organisation's own table (--titles): confidence 1; never made here
 */
enum cr_match_method { CR_MATCH_EXACT, CR_MATCH_ALIAS, CR_MATCH_NORMALISED, CR_MATCH_FUZZY, CR_MATCH_CROSSWALK };
extern const char *const cr_match_method_ids[5];
typedef struct cr_occ_match {
	const cr_occupation *occ;
	int score;         /* higher is better; 1000 exact code, title or alias; 900 normalised; fuzzy below 200 */
	const char *alias; /* the alias it matched through (a kb string), or NULL: by code or title */
	bool weak;         /* every query word matched only as a typo: a guess, not an answer */
	enum cr_match_method method;
	double confidence; /* 0-1, as above */
} cr_occ_match;
#define CR_OCC_SCORE_NORMALISED 900
#define CR_OCC_CONF_ALIAS 0.95
/*
 * A job title normalised as the matcher compares it (caller frees): lower
 * case, brackets and what follows " - ", a comma or " to " dropped, the
 * qualifier phrases and level words of knowledge/titles.yaml removed (unless
 * nothing else is left), its abbreviations written out, British spellings
 * made American and plurals singular: "Sr. Admin Asst. II (Nights)" ->
 * "administrative assistant".
 */
char *cr_title_normalise(const cr_kb *kb, const char *title);
/* Query words the search reads; a longer query is refused (cr_occ_query_words tells). */
#define CR_OCC_MAX_WORDS 12
/* Fills up to max matches, best first; returns how many. */
size_t cr_occ_search(const cr_kb *kb, const char *query, cr_occ_match *out, size_t max);
/* The same; *total (when not NULL) is how many matched in all, more than max when some were left out. */
size_t cr_occ_search_total(const cr_kb *kb, const char *query, cr_occ_match *out, size_t max, size_t *total);
/* How many words the search would read in query (CR_OCC_MAX_WORDS + 1 means "more than it reads"). */
size_t cr_occ_query_words(const char *query);

#endif
