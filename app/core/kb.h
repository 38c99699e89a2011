/*
 * kb.h - the knowledge base and questionnaires, as loaded from YAML.
 *
 * cr_kb_load() reads every knowledge/ *.yaml file and every questionnaire,
 * checks references, builds the fact schema and compiles every condition.
 * Everything in a cr_kb, strings included, belongs to its arena and lives
 * until cr_kb_free(); results and answers point into it and must not
 * outlive it. Every entry keeps the file and line it came from, so errors
 * and explanations can point at it.
 *
 * A field added to any struct below (or to cr_schema/cr_factdef in facts.h)
 * must also be added to the snapshot, app/core/kb_snapshot.c: in put_* and
 * the matching get_*, with CR_KB_SNAPSHOT_FORMAT bumped. Otherwise a run that
 * starts from a snapshot sees the field zeroed. tests/unit/test_snapshot.c
 * compares a YAML-loaded base with one read back from its snapshot.
 */
#ifndef CR_KB_H
#define CR_KB_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "expr.h"
#include "facts.h"

#define CR_KB_MAX_FILE (4u << 20)  /* bytes in one knowledge or questionnaire file */
#define CR_KB_MAX_FILES 256         /* files in one knowledge base */
#define CR_KB_MAX_ENTRIES 20000     /* entries in one section */
#define CR_MAX_OCC_TASKS 12         /* main tasks listed for one occupation (the questionnaire shows them all; CR_MAX_PARTS) */

typedef struct cr_loc {
	const char *file; /* arena-owned */
	int line;
	int col;
} cr_loc;

typedef struct cr_strs {
	const char **v;
	size_t n;
	const cr_loc *locs; /* where each item was written (kb check points at it); NULL when not kept */
} cr_strs;

typedef struct cr_source {
	const char *id, *title, *publisher, *url, *note;
	int year;
	cr_loc loc;
} cr_source;

/*
 * A published occupation-level index the catalogue holds values of (sources.yaml
 * `indices:`): whose estimate it is and what it measures, in words a reader
 * can be shown beside our score.
 */
typedef struct cr_index {
	const char *id;       /* as in an occupation's exposure list: "eloundou-gpt4-beta" */
	const char *who;      /* "Eloundou et al. (GPT-4 rating)" */
	const char *measures; /* one phrase, with its scale */
	const char *scale;    /* "0-1" */
	const char *source;   /* a source id */
	cr_loc loc;
} cr_index;

typedef struct cr_skill {
	const char *id, *title, *description;
	cr_loc loc;
} cr_skill;

typedef struct cr_figure {
	const char *text;
	cr_strs sources;
} cr_figure;

/* Outlooks of sectors and regions, from worst to best. */
enum cr_outlook { CR_OUT_NEGATIVE, CR_OUT_MIXED, CR_OUT_NEUTRAL, CR_OUT_POSITIVE };
extern const char *const cr_outlook_ids[4];

typedef struct cr_sector {
	const char *id, *title, *summary;
	cr_strs naics;
	enum cr_outlook outlook;
	cr_figure *figures;
	size_t nfigures;
	cr_strs sources;
	cr_loc loc;
} cr_sector;

typedef struct cr_region {
	const char *id, *title, *summary, *parent;
	enum cr_outlook outlook;
	double displaced, created; /* < 0 when not known */
	cr_strs sources;
	cr_loc loc;
} cr_region;

/* The six task kinds of the task-based view (Autor, Levy and Murnane 2003). */
enum cr_task {
	CR_TASK_ROUTINE_COGNITIVE,
	CR_TASK_ROUTINE_MANUAL,
	CR_TASK_ANALYTIC,
	CR_TASK_INTERPERSONAL,
	CR_TASK_CREATIVE,
	CR_TASK_NONROUTINE_MANUAL,
	CR_TASK_COUNT
};
extern const char *const cr_task_ids[CR_TASK_COUNT];

typedef struct cr_exposure {
	const char *index, *source;
	double value;
} cr_exposure;

enum cr_occ_outlook { CR_OCC_DECLINING, CR_OCC_STABLE, CR_OCC_GROWING };
extern const char *const cr_occ_outlook_ids[3];

/*
 * One O*NET task statement of an occupation, as knowledge/tasks/ lists it
 * (written by knowledge/src/gen_tasks.py): its exposure to LLMs (E0, E1, E2)
 * and automation level (T0-T4) are Eloundou et al.'s (2024) GPT-4 labels.
 */
typedef struct cr_occ_task {
	long id;            /* O*NET task id, unique in the knowledge base */
	const char *text;   /* the O*NET statement */
	enum cr_task kind;  /* which of the six task kinds (the generator's classification) */
	int exposure;       /* 0, 1, 2 for E0, E1, E2 */
	int automation;     /* 0-4 for T0-T4 */
	cr_loc loc;
} cr_occ_task;

/* A task's share of "exposed" time, Eloundou et al.'s beta: E1 counts fully, E2 half. */
static inline double cr_task_beta(int exposure) { return exposure == 1 ? 1.0 : exposure == 2 ? 0.5 : 0.0; }

typedef struct cr_occupation {
	const char *code, *title, *sector;
	cr_strs aliases;
	double tasks[CR_TASK_COUNT]; /* percent, sums to 100 */
	double ai_use, specialization; /* ai_use: the observed figure where knowledge/tasks/ has one, else curated */
	double ai_use_curated;         /* the catalogue's own figure */
	int median_wage;               /* median annual pay, US dollars (wages.yaml, BLS OEWS May 2024); -1 when unknown */
	/* Task-level knowledge (knowledge/tasks/); ntasks_all == 0 when the occupation has none. */
	const cr_occ_task *otasks;     /* the main tasks the standard questionnaire lists */
	size_t notasks;
	int ntasks_all;                /* how many O*NET tasks the figures below cover */
	double exposure;               /* 0-100: 100 x mean beta over all its tasks */
	double automation;             /* 0-100: 100 x mean T/4 over all its tasks */
	double kind_exposure[CR_TASK_COUNT]; /* 0-100 per task kind; < 0 when it has no task of that kind */
	double observed_coverage;      /* Microsoft's coverage_user, 0-1; < 0 when not covered */
	cr_strs task_sources;          /* what its task entry cites */
	cr_loc tasks_loc;              /* where its task entry is */
	enum cr_occ_outlook outlook;
	bool has_onet;
	double onet_repeat, onet_automation, onet_exact, onet_structured;
	cr_exposure *exposures;
	size_t nexposures;
	cr_strs sources;
	cr_loc loc;
} cr_occupation;

typedef struct cr_role {
	const char *id, *title, *summary, *growth;
	const char *soc;       /* the SOC 2018 code its pay is reported under (roles.yaml `soc:`), or NULL */
	int median_wage;       /* that code's median annual pay, US dollars (wages.yaml, BLS OEWS); -1 when unknown */
	cr_strs skills, from, sources;
	int months_lo, months_hi;
	const int *skill_bits; /* per skill: its bit in the `skills` fact, or -1 (set once the schema is known) */
	cr_loc loc;
} cr_role;

enum cr_horizon { CR_H_WEEK, CR_H_QUARTER, CR_H_YEAR };
enum cr_effort { CR_EFFORT_LOW, CR_EFFORT_MEDIUM, CR_EFFORT_HIGH };
extern const char *const cr_horizon_ids[3];
extern const char *const cr_effort_ids[3];

typedef struct cr_rec {
	const char *id, *title, *detail;
	enum cr_horizon horizon;
	enum cr_effort effort;
	int impact; /* 1-5 */
	int step;   /* the seeds' four-step plan it belongs to, 1-4; 0 for none */
	/*
	 * When the answers already do what it asks (a daily AI user told to try
	 * AI) or it does not fit the work (a cashier told to draft e-mails), it is
	 * not offered: offered only while `when` holds (NULL: always). Compiled
	 * after the rules' schema exists, like a rule's condition.
	 */
	const cr_expr *when;
	const char *when_text;
	cr_strs goals; /* words of a person's goals it serves ("specialist", "manager"); may be empty */
	cr_strs sources;
	cr_loc loc;
} cr_rec;

enum cr_warning { CR_WARN_NONE, CR_WARN_WAITING, CR_WARN_HOARDING, CR_WARN_GENERIC };
extern const char *const cr_warning_ids[4];

/*
 * A theme groups rules that draw on correlated evidence (the employer, the
 * market, human skills...). Their effects add up, but the theme's total is
 * kept within [min, max] so that several rules reading the same signal
 * cannot stack without limit; see docs/methodology.md.
 */
typedef struct cr_theme {
	const char *id, *title;
	double min, max;
	cr_strs sources;
	cr_loc loc;
} cr_theme;

typedef struct cr_rule {
	const char *id, *reason;
	const cr_theme *theme;
	const char *when_text, *score_text; /* the author's text, kept for explanations */
	const cr_expr *when;
	const cr_expr *score; /* NULL when the score is the constant below */
	double score_const;
	const cr_rec **recs;
	size_t nrecs;
	enum cr_warning warning;
	cr_strs sources;
	cr_loc loc;
	cr_loc when_loc; /* where the condition's text starts */
} cr_rule;

typedef struct cr_band {
	const char *id;
	double below;
} cr_band;

/*
 * CR_Q_TASKS: the main tasks of the occupation answered before it (its
 * knowledge/tasks/ list), each with how much of the week it takes; it carries
 * no fact of its own, the engine reads it for the exposure dimension.
 */
enum cr_qtype { CR_Q_CHOICE, CR_Q_MULTI, CR_Q_SCALE, CR_Q_NUMBER, CR_Q_SPLIT, CR_Q_OCCUPATION, CR_Q_TEXT, CR_Q_TASKS };
extern const char *const cr_qtype_ids[8];

/* How much of the week a task takes, as a tasks answer gives it (index: 0 none ... 3 most). */
extern const char *const cr_task_time_ids[4];
/* Relative weight of each level in the person's time (none 0, a little 1, a lot 3, most 6). */
extern const double cr_task_time_weight[4];

typedef struct cr_choice {
	const char *id, *label;
} cr_choice;

#define CR_MAX_TEXT_ANSWER 2000 /* bytes in a free-text answer */

typedef struct cr_question {
	const char *id, *text, *help;
	enum cr_qtype type;
	bool optional;
	cr_choice *choices; /* CHOICE, MULTI: the choices; SPLIT: the parts */
	size_t nchoices;
	double min, max;    /* SCALE, NUMBER */
	const char *unit, *low, *high;
	size_t max_length;  /* TEXT */
	const char *ask_if_text;
	const cr_expr *ask_if;
	int fact;           /* schema index (SPLIT: of the first part; parts follow in order) */
	cr_loc loc;
} cr_question;

typedef struct cr_questionnaire {
	const char *id, *title, *description;
	int minutes;
	cr_question *questions;
	size_t nquestions;
	cr_loc loc;
} cr_questionnaire;

/*
 * Schema indexes the engine reads, fixed when the schema is built so that
 * scoring never looks a fact up by name (-1 when no questionnaire asks it).
 */
typedef struct cr_derived {
	int routineness, ai_usage, specialization, exposure;
	int occ_group, occ_outlook, occ_routine, occ_ai_use, occ_specialization, occ_exposure;
	int sector_outlook, region_outlook, region_net_ratio, skipped;
	/* questions the engine reads */
	int tasks[CR_TASK_COUNT];
	int occupation, sector, region, data_entry, ai_frequency, ai_uses, ai_depth;
	int years_niche, rarity, ai_domain, seniority, skills;
	int change_openness; /* advice only: 'stay' ranks career moves last */
} cr_derived;

/*
 * How people write job titles (knowledge/titles.yaml), read by the one title
 * matcher (cr_occ_search): abbreviations it expands ("RN", "Asst."), level
 * words it drops ("Sr.", "II"), qualifier phrases it drops ("ICU", "nights")
 * and extra aliases of occupations (O*NET alternate titles the catalogue's
 * own aliases lack). Each entry cites its sources.
 */
enum cr_title_kind { CR_TITLE_ABBREV, CR_TITLE_LEVEL, CR_TITLE_QUALIFIER, CR_TITLE_ALIAS };
typedef struct cr_title_rule {
	enum cr_title_kind kind;
	const char *text;         /* the abbreviation, level word, qualifier or alias, as written */
	const char *means;        /* ABBREV: the words it stands for; otherwise NULL */
	const char *at_end;       /* ABBREV: what it stands for as a title's last word ("Network Admin"), or NULL */
	const cr_occupation *occ; /* ALIAS: the occupation it names; otherwise NULL */
	const char *note;         /* why, or NULL */
	const char *words;        /* text as the matcher compares it: its normalised words, space-separated (cr_title_index) */
	cr_strs sources;
	cr_loc loc;
} cr_title_rule;
/* One catalogue title or alias in normalised form (cr_title_normalise), for the matcher. */
typedef struct cr_title_key {
	const char *key;          /* normalised words, space-separated (arena) */
	const cr_occupation *occ;
} cr_title_key;

typedef struct cr_kb {
	cr_arena arena;
	const char *dir;      /* knowledge directory */
	const char *qdir;     /* questionnaire directory */
	const char *version;  /* "kb-" and a fingerprint of every file's bytes */
	cr_source *sources;   size_t nsources;
	cr_index *indices;    size_t nindices;  /* published indices, in file order */
	cr_skill *skills;     size_t nskills;
	cr_sector *sectors;   size_t nsectors;
	cr_region *regions;   size_t nregions;
	cr_occupation *occupations; size_t noccupations; /* sorted by code */
	cr_role *roles;       size_t nroles;
	cr_rule *rules;       size_t nrules;
	cr_rec *recs;         size_t nrecs;
	cr_band *bands;       size_t nbands;
	cr_theme *themes;     size_t nthemes;
	cr_title_rule *title_rules; size_t ntitle_rules; /* knowledge/titles.yaml, in file order */
	cr_title_key *title_keys; size_t ntitle_keys;    /* every title and alias normalised, sorted by key */
	double max_protection; /* protective context lowers the core score by at most this share */
	double kind_exposure[CR_TASK_COUNT]; /* per task kind: mean over the occupations that have such tasks (0-100) */
	const cr_occ_task **tasks_by_id; size_t ntasks_by_id; /* every main task, sorted by id (cr_kb_task) */
	cr_questionnaire *questionnaires; size_t nquestionnaires;
	/*
	 * Every occupation's baseline, in catalogue order, once computed
	 * (cr_catalogue_keep_baselines; the compiled snapshot keeps them, so that
	 * `occupation show` ranks one occupation without assessing all 682);
	 * NULL until then, and cr_catalogue_baselines computes them afresh.
	 */
	const struct cr_occ_baseline *baselines;
	cr_strs model_sources;
	cr_schema schema;
	cr_derived derived;
	size_t nfiles;
	/*
	 * Not knowledge and not in the snapshot: memory outside the arena the kb's
	 * strings point into (a mapped snapshot, kb_snapshot.h), released by
	 * cr_kb_free with release(p, n); all zero when there is none.
	 */
	struct cr_kb_backing {
		void *p;
		size_t n;
		void (*release)(void *p, size_t n);
	} backing;
} cr_kb;

/*
 * Loads a knowledge base from `dir` and questionnaires from `qdir`. Returns
 * CR_OK, or CR_EDATA with every problem found in `d` (loading goes on past the
 * first error so that `kb check` can list them all). *out is set only on CR_OK.
 */
enum cr_status cr_kb_load(const char *dir, const char *qdir, cr_kb **out, cr_diags *d);
void cr_kb_free(cr_kb *kb);

/* One file held in memory: what cr_kb_load reads, and what a fuzzer feeds. */
typedef struct cr_kb_file {
	const char *name; /* used in messages and, relative to its folder, in the version */
	const char *text; /* len bytes; need not be NUL-terminated */
	size_t len;
} cr_kb_file;
/*
 * The loader behind cr_kb_load, from files already in memory (knowledge files
 * in load order, then questionnaires); dir and qdir name the folders, or NULL.
 * The files are copied: they need not outlive the call.
 */
enum cr_status cr_kb_load_files(const char *dir, const char *qdir, const cr_kb_file *files, size_t nfiles,
				const cr_kb_file *qfiles, size_t nq, cr_kb **out, cr_diags *d);

/*
 * Every knowledge and questionnaire file cr_kb_load would read, in its load
 * order (a directory scan, sorted), read into memory. The arrays, names and
 * texts belong to the cr_kb_files; cr_kb_files_free releases them. Returns
 * CR_OK, or CR_EDATA with the problems in d: a folder that cannot be listed
 * leaves both arrays NULL, a file that cannot be read is left out.
 */
typedef struct cr_kb_files {
	cr_kb_file *k, *q;
	size_t nk, nq;
} cr_kb_files;
enum cr_status cr_kb_read_files(const char *dir, const char *qdir, cr_kb_files *out, cr_diags *d);
/* The two halves of cr_kb_read_files: the directory scan alone (texts NULL), then reading what it listed. */
enum cr_status cr_kb_list_files(const char *dir, const char *qdir, cr_kb_files *out, cr_diags *d);
enum cr_status cr_kb_files_read(cr_kb_files *f, cr_diags *d);
void cr_kb_files_free(cr_kb_files *f);

const cr_source *cr_kb_source(const cr_kb *kb, const char *id);
const cr_index *cr_kb_index(const cr_kb *kb, const char *id);
const cr_skill *cr_kb_skill(const cr_kb *kb, const char *id);
const cr_sector *cr_kb_sector(const cr_kb *kb, const char *id);
const cr_region *cr_kb_region(const cr_kb *kb, const char *id);
const cr_rec *cr_kb_rec(const cr_kb *kb, const char *id);
/*
 * Whether every set of answers brings the recommendation: a rule giving it
 * holds whatever the answers (its condition reads no fact, as `when: "true"`).
 * No answer can then show it done, so a plan never credits it.
 */
bool cr_rec_always(const cr_kb *kb, const cr_rec *rec);
const cr_role *cr_kb_role(const cr_kb *kb, const char *id);
const cr_rule *cr_kb_rule(const cr_kb *kb, const char *id);
const cr_theme *cr_kb_theme(const cr_kb *kb, const char *id);
/* A task by O*NET id, from any occupation's main list (binary search); NULL when none. */
const cr_occ_task *cr_kb_task(const cr_kb *kb, long id);
/*
 * Fills kb->title_keys: every occupation's title and aliases and the aliases
 * of knowledge/titles.yaml, normalised (cr_title_normalise), sorted. The
 * loader calls it once the occupations and title rules are read; anything
 * that builds a cr_kb another way must call it too.
 */
void cr_title_index(cr_kb *kb);
/* By exact SOC code (binary search). */
const cr_occupation *cr_kb_occupation(const cr_kb *kb, const char *code);
const cr_questionnaire *cr_kb_questionnaire(const cr_kb *kb, const char *id);
const cr_question *cr_questionnaire_find(const cr_questionnaire *q, const char *id, size_t *index);

/*
 * The placeholders a rule's reason may hold ("{sector.figure}"), filled with
 * the person's own sector and region when it is shown (cr_fired_reason);
 * loading refuses any other. NULL-terminated.
 */
extern const char *const cr_reason_fields[];

/* Region figures, looking through to the parent when a country has none. */
double cr_region_net_ratio(const cr_kb *kb, const cr_region *r);

#endif
