/* batch.c - see batch.h. */
#include "batch.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/answers.h"
#include "../core/assess.h"
#include "../core/catalogue.h"
#include "../core/cohort.h"
#include "../core/json.h"
#include "../core/util.h"
#include "../io/output.h"
#include "../render/render.h"
#include "../io/csvio.h"

#define PROGRESS_EVERY 65536
#define MAX_VALUE_SHOWN 100   /* bytes of a bad cell copied into the errors file */
#define GROUPS_CACHE 1024     /* distinct combinations of group values whose JSON is remembered */
#define OUT_BUFFER (1u << 20) /* bytes buffered per output file */

void cr_batch_stats_clear(cr_batch_stats *s)
{
	for (int i = 0; i < s->nshown; i++) {
		free(s->shown[i].column);
		free(s->shown[i].problem);
	}
	for (int i = 0; i < s->nignored && i < (int)CR_ARRAY_LEN(s->ignored); i++)
		free(s->ignored[i]);
	memset(s, 0, sizeof *s);
}

/* ---- files written through app/io/output.h -------------------------------------- */

static bool out_write(cr_output *o, const cr_sb *line)
{
	return fwrite(line->s, 1, line->len, o->f) == line->len;
}

/* Why a write to o failed: what the system said to the write itself when known. */
static const char *why(const cr_output *o)
{
	return strerror(o->err ? o->err : errno);
}

/* ---- the run -------------------------------------------------------------------- */

/*
 * How a batch is run. The export is read into chunks of CHUNK_ROWS records
 * (copied out of the reader), workers score whole chunks into the chunk's own
 * buffers (result lines, error lines, the chunk's cohort counts, what the
 * store needs), and the main thread takes the chunks back strictly in input
 * order: it writes their lines, merges their counts into the cohort and
 * stores them. Everything that depends on the order happens there, so the
 * files, the summary and the store are the same byte for byte whatever the
 * number of workers. The workers read the chunks, one at a time and in
 * order, each then scoring the chunk it read: parsing the CSV was most of the
 * main thread's work, and with it the main thread bounded what two workers
 * could gain. A regular file they read themselves; a pipe's bytes are read by
 * the main thread and handed to the parser in blocks (feed_source), since a
 * stop signal must be able to interrupt a read that waits for input, and the
 * workers block those signals. With one job there are no threads: each chunk
 * is scored by the main thread as soon as it is read.
 */
#define CHUNK_ROWS 1024
#define FEED_BLOCKS 4          /* blocks of a pipe's bytes read ahead by the main thread */
#define FEED_BLOCK (256u << 10) /* the reader's own read size */
/* a chunk's own cohort never overflows, so merging it is exact (cr_cohort_merge) */
_Static_assert(CHUNK_ROWS < CR_COHORT_MAX_VALUES, "a chunk's cohort must hold every value it sees");
/* and at most this many bytes of fields (plus one record), so rows of up to CR_CSV_MAX_RECORD
 * bytes each keep the memory bounded as the one-record reader does */
#define CHUNK_BYTES (1u << 20)
/* rows of a chunk read into answers before any of them is scored (see score_chunk) */
#define STAGE_ROWS 64

#define GROW(arr, n, cap, more)                                                              \
	do {                                                                                 \
		if ((n) + (more) > (cap)) {                                                  \
			(cap) = ((n) + (more)) * 2;                                          \
			(arr) = cr_xrealloc((arr), (cap) * sizeof *(arr));                   \
		}                                                                            \
	} while (0)

typedef struct gcache_ent {
	char *key;  /* the values, each followed by 0x1f */
	size_t klen;
	char *json;
} gcache_ent;

/* One record of a chunk: its fields are offsets into the chunk's text. */
typedef struct crow {
	long long number, line;
	size_t field0, nfields; /* c->fields[field0 .. field0 + nfields): where each field starts, from text0 */
	size_t text0;           /* where the row's fields start in c->text */
	long nul_field;
	bool oversized, open_quote;
} crow;

/*
 * A scored row, kept for the store, which writes it in order. `r` is the
 * result's scalars; its advice and transitions (the only arrays the store
 * reads) are copied into the chunk's pools and pointed at when the row is
 * taken back; the other arrays are left empty.
 */
typedef struct kept {
	size_t row;
	cr_result r;
	size_t advice0, trans0;
} kept;

typedef struct chunk {
	/* the reader's part: records and their fields */
	crow *rows;
	size_t nrows, caprows;
	char *text;              /* every field, each NUL-terminated */
	size_t ntext, captext;
	size_t *fields;          /* offsets into text */
	size_t nfields, capfields;
	long long end_offset;    /* bytes of the input read when the chunk was full */
	/* the worker's part, in row order */
	cr_sb out, err;          /* lines for the results and the errors file */
	kept *kept;
	size_t nkept, capkept;
	cr_advice *advice;
	size_t nadvice, capadvice;
	cr_transition *trans;
	size_t ntrans, captrans;
	const char **adds;
	size_t nadds, capadds;
	/* the cohort's counts of the chunk's rows, scored and bad: with threads the chunk's own, merged
	 * into the run's in input order when taken back (cr_cohort_merge: the same figures as counting
	 * row by row, off the main thread); with one job the run's cohort itself. NULL: no summary. */
	cr_cohort *tally;
	bool own_tally;
	size_t done;             /* rows handled: all of them unless one stopped the batch */
	long long scored, bad, problems;
	struct { long long record, line; char *column, *problem; } shown[5]; /* its first bad rows (owned) */
	int nshown;
	enum cr_status st;       /* CR_OK, or why the row done-1 stopped the batch (in diags) */
	cr_diags diags;
	bool ready;              /* scored, waiting to be taken back (under the run's lock) */
} chunk;

typedef struct run run;

/*
 * A string of the knowledge base as the results write it, found once a run:
 * its length, and whether it makes a field need quotes. The lists of
 * recommendations and roles, the occupation's code and title, the band and
 * the other words from a fixed set are written from these, straight into
 * the line, where building each list and scanning it again for quoting took
 * a strlen, a strcspn and a memcpy a string, every row.
 */
typedef struct kstr {
	const char *s; /* a copy in the run's kstr_text, with KSTR_PAD bytes readable past its start */
	uint32_t len;
	bool special;  /* holds one of cr_csv_add's characters that need quotes anywhere (, ; CR LF tab) */
	bool slow;     /* empty, a quote inside or a space at either end: written through cr_csv_add */
} kstr;

/* A kstr of up to this many bytes is copied in one fixed-size move (add_kstrs). */
#define KSTR_PAD 64

/* One kstr for each of a kind's items: ids and titles (or codes and titles), in kb order (owned arrays). */
typedef struct kstrs {
	kstr *id, *title;
	size_t n;
} kstrs;

/*
 * A row read ahead of its scoring (see score_chunk): its record (the fields
 * in cells, into the chunk's text), its answers, and how the intake read it
 * (the title match and notes the results show, handed back to the intake
 * when the row is scored). All of it the worker's.
 */
typedef struct ahead {
	cr_csv_record rec;
	const char **cells;
	size_t capcells;
	cr_answers *as;
	cr_intake_reading reading;
} ahead;

/* What one worker owns: the intake's caches, the plan's buffers and the roster's baselines are its own. */
typedef struct worker {
	run *R;
	cr_intake *in;
	cr_assess_plan *plan;
	ahead *ahead;            /* the rows of a run read ahead (see score_chunk): STAGE_ROWS of them */
	cr_answers **baseline;   /* roster: the baseline answers of each occupation (kb order), made on first use */
	cr_sb tmp;               /* a field being built */
	/*
	 * Match confidences written lately and their text: a workforce's titles
	 * repeat, and with them a few confidences, so most rows skip the snprintf.
	 * Filled in turn; an empty text is an unused slot.
	 */
	struct { double v; char text[16]; size_t len; } conf[8];
	unsigned nextconf;
	pthread_t tid;
	bool started;
} worker;

struct run {
	const cr_batch_opts *o;
	cr_batch_stats *stats;
	cr_diags *d;
	size_t ngroups;
	const char *group_names[CR_INTAKE_MAX_GROUPS];
	long id_col;
	bool roster;             /* a roster (stats->roster, copied before the workers start, which read it) */
	char sep;                /* --excel: the export's separator, used in the results too */
	cr_intake *main_in;      /* the reader's (whoever reads): what every worker's says alike (headers), and the row filters */
	const cr_intake *in;     /* main_in, read only */
	cr_output out, err, sum; /* results, errors, summary: unused ones stay zeroed */
	cr_sb line;
	/* the results' strings (CSV only; see kstr) */
	kstrs recs, roles, occs, bands;  /* bands: ids only */
	kstr methods[CR_ARRAY_LEN(cr_match_method_ids)], warnings[CR_ARRAY_LEN(cr_warning_ids)], basis;
	char *kstr_text;         /* their bytes, each string with its NUL, and KSTR_PAD bytes after the last (owned) */
	cr_cohort *cohort;
	cr_store_cohort *writer;
	/* the JSON of recent combinations of group values, for the store */
	gcache_ent *gcache;
	size_t ngcache;
	cr_sb skey, srecs, sroles; /* a stored row's: its groups' key, its recommendations' and roles' ids */
	/* the chunks: a ring, filled at nfill, scored from nwork, taken back at ntake */
	chunk *ring;
	size_t nring;
	size_t nfill, nwork, ntake;
	/* the reader: used by the main thread with one job, else (worker_reads) by one worker at a
	 * time, which then scores the chunk it read, so parsing the CSV is off the main thread; the
	 * fields below under the lock */
	cr_csv_reader *rd;
	bool worker_reads;       /* with threads: the workers parse the export */
	bool filling;            /* a worker is reading the next chunk */
	bool end;                /* the reader is at the end of the input */
	enum cr_status rd_st;    /* the reader's error, reported once the chunks before it are taken back */
	cr_diags rd_diags;       /* its diagnostic */
	/* a pipe: the main thread reads its bytes into these blocks, in its read where a stop signal
	 * interrupts the wait, and the worker reading hands them to the parser (feed_source) */
	bool feeds;
	unsigned char *blk[FEED_BLOCKS]; /* FEED_BLOCK bytes each */
	size_t blen[FEED_BLOCKS];
	size_t bhead, btail;     /* blocks handed out, blocks read */
	size_t bpos;             /* bytes of block bhead handed out */
	bool feed_end;           /* the main thread read the end of the input */
	enum cr_status feed_st;  /* its read failed or was cancelled */
	cr_diags feed_diags;     /* why */
	bool stop;               /* workers: take no more chunks */
	pthread_t main_thread;   /* the only thread that reads the signal handler's flag (o->cancel) */
	atomic_bool cancel_seen; /* the flag as the main thread saw it, for the workers */
	worker *w;
	int nw;
	bool threads;
	pthread_mutex_t lock;
	pthread_cond_t work, ready;
};

/*
 * A cell of the export written back out (an id, a department, a bad value).
 * Those are typed by employees, and a spreadsheet would run one that starts
 * with = + - or @ as a formula; a leading apostrophe keeps it text (as OWASP
 * advises against CSV injection). Everything else is written as it came.
 */
static void add_echo(cr_sb *line, const char *field, bool first)
{
	char c = field ? *field : '\0';
	if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
		char *safe = cr_xprintf("'%s", field);
		cr_csv_add(line, safe, first);
		free(safe);
		return;
	}
	cr_csv_add(line, field, first);
}

/* A bad cell's text for the errors file: at most MAX_VALUE_SHOWN bytes, cut between characters. */
static char *shown_value(const char *v)
{
	size_t n = strlen(v);
	if (n <= MAX_VALUE_SHOWN)
		return cr_xstrdup(v);
	n = MAX_VALUE_SHOWN;
	while (n && ((unsigned char)v[n] & 0xc0) == 0x80)
		n--;
	char *s = cr_xstrndup(v, n);
	char *r = cr_xprintf("%s...", s);
	free(s);
	return r;
}

static const char *row_id(const run *R, const cr_csv_record *rec)
{
	return R->id_col >= 0 && (size_t)R->id_col < rec->n ? rec->v[R->id_col] : NULL;
}

/* One bad row: a line per problem for the errors file, counted, and the chunk's first few kept for the face. */
static enum cr_status bad_row(worker *W, chunk *c, size_t row, const cr_csv_record *rec, const cr_intake_problem *p,
			      size_t np)
{
	run *R = W->R;
	c->bad++;
	c->problems += (long long)np;
	(void)row;
	if (c->tally) { /* responded but not scored: counted in its groups (for coverage), as far as its cells can be trusted */
		const char *gv[CR_INTAKE_MAX_GROUPS];
		for (size_t g = 0; g < R->ngroups; g++) {
			size_t col = cr_intake_group_col(W->in, g);
			gv[g] = col < rec->n && !rec->oversized && !rec->open_quote ? rec->v[col] : NULL;
		}
		cr_cohort_add_unscored(c->tally, gv);
	}
	for (size_t i = 0; i < np; i++) {
		const char *col = p[i].col >= 0 ? cr_intake_col_at(W->in, (size_t)p[i].col)->header : "";
		char *value = p[i].col >= 0 && (size_t)p[i].col < rec->n ? shown_value(rec->v[p[i].col]) : cr_xstrdup("");
		const char *id = row_id(R, rec);
		cr_sb *b = &c->err;
		cr_csv_add_int(b, rec->number, true);
		cr_csv_add_int(b, rec->line, false);
		add_echo(b, col, false);
		add_echo(b, id && cr_utf8_valid(id) ? id : "", false);
		add_echo(b, cr_utf8_valid(value) ? value : "(not UTF-8)", false);
		cr_csv_add(b, p[i].msg, false);
		cr_sb_addc(b, '\n');
		free(value);
		if (c->nshown < (int)CR_ARRAY_LEN(c->shown)) {
			c->shown[c->nshown].record = rec->number;
			c->shown[c->nshown].line = rec->line;
			c->shown[c->nshown].column = cr_xstrdup(col);
			c->shown[c->nshown].problem = cr_xstrdup(p[i].msg);
			c->nshown++;
		}
	}
	if (R->o->strict) {
		const char *col = np && p[0].col >= 0 ? cr_intake_col_at(W->in, (size_t)p[0].col)->header : NULL;
		cr_diag_add(&c->diags, CR_EDATA, R->o->input, (int)rec->line, 0, "record %lld%s%s%s: %s", rec->number,
			    col ? ", column '" : "", col ? col : "", col ? "'" : "", np ? p[0].msg : "bad row");
		cr_diag_hint(&c->diags, CR_FLAG_STRICT " stops at the first bad row; without it every bad row is listed in %s and the rest are scored",
			     R->o->errors);
		return CR_EDATA;
	}
	return CR_OK;
}

/*
 * --excel: a results line as Excel opens it on a double-click: with the
 * export's separator (a semicolon where the comma is the decimal mark) and
 * CRLF. The line, b from `start` to its end, was built with commas by
 * cr_csv_add and is cut again field by field: a quoted field stays as it is
 * (its quoting holds for any separator), an unquoted one that holds the new
 * separator is quoted.
 */
static void excel_line(cr_sb *b, size_t start, char sep, cr_sb *tmp)
{
	tmp->len = 0;
	const char *p = b->s + start, *end = b->s + b->len;
	while (p < end && *p != '\n') {
		const char *f = p;
		if (*p == '"') {
			for (p++; p < end; p++)
				if (*p == '"' && (p + 1 >= end || p[1] != '"'))
					break;
				else if (*p == '"')
					p++;
			p++; /* the closing quote */
			cr_sb_addn(tmp, f, (size_t)(p - f));
		} else {
			while (p < end && *p != ',' && *p != '\n')
				p++;
			bool quote = memchr(f, sep, (size_t)(p - f)) != NULL;
			if (quote)
				cr_sb_addc(tmp, '"');
			cr_sb_addn(tmp, f, (size_t)(p - f));
			if (quote)
				cr_sb_addc(tmp, '"');
		}
		if (p < end && *p == ',') {
			cr_sb_addc(tmp, sep);
			p++;
		}
	}
	cr_sb_add(tmp, "\r\n");
	b->len = start;
	cr_sb_addn(b, tmp->s, tmp->len);
}

static void header_rows(run *R)
{
	if (R->out.f && R->o->format == CR_BATCH_CSV) {
		R->line.len = 0;
		cr_csv_add(&R->line, "record", true);
		cr_csv_add(&R->line, "employee_id", false);
		for (size_t g = 0; g < R->ngroups; g++)
			add_echo(&R->line, R->group_names[g], false);
		static const char *const cols[] = {"title_given", "occupation", "occupation_title", "match_method",
						   "match_confidence", "score", "band", "range_low", "range_high", "routineness",
						   "ai_usage", "specialization", "exposure", "recommendations", "roles", "warnings",
						   "checks", "basis", "recommendation_titles", "role_titles"};
		for (size_t i = 0; i < CR_ARRAY_LEN(cols); i++)
			cr_csv_add(&R->line, cols[i], false);
		cr_sb_add(&R->line, "\n");
		if (R->o->excel) {
			cr_sb tmp = {0};
			excel_line(&R->line, 0, R->sep, &tmp);
			cr_sb_free(&tmp);
			fputs("\xef\xbb\xbf", R->out.f); /* the BOM that makes Excel read UTF-8 */
		}
		out_write(&R->out, &R->line);
	}
	R->line.len = 0;
	static const char *const ecols[] = {"record", "line", "column", "employee_id", "value", "problem"};
	for (size_t i = 0; i < CR_ARRAY_LEN(ecols); i++)
		cr_csv_add(&R->line, ecols[i], i == 0);
	cr_sb_add(&R->line, "\n");
	out_write(&R->err, &R->line);
}

/* Space-separated ids of the first recommendations and roles (for the store; CSV writes them through add_kstrs), and of the checks. */
static void ids_recs(cr_sb *b, const cr_result *r)
{
	for (size_t i = 0; i < r->nadvice && i < CR_BATCH_FIRST_RECS; i++) {
		if (i)
			cr_sb_addc(b, ' ');
		cr_sb_add(b, r->advice[i].rec->id);
	}
}

static void ids_roles(cr_sb *b, const cr_result *r)
{
	for (size_t i = 0; i < r->ntrans && i < CR_BATCH_ROLES; i++) {
		if (i)
			cr_sb_addc(b, ' ');
		cr_sb_add(b, r->trans[i].role->id);
	}
}

/* What a score rests on: the person's answers, or (a roster) their occupation's typical worker. */
static const char *basis(const run *R)
{
	return R->roster ? "occupation baseline" : "answers";
}

static void ids_checks(cr_sb *b, const cr_result *r)
{
	for (size_t i = 0; i < r->nflags; i++) {
		if (i)
			cr_sb_addc(b, ' ');
		cr_sb_add(b, r->flags[i].id);
	}
}

/* How the intake read the row where it guessed ("approx:years_niche"), after the answers' own checks. */
static void intake_checks(cr_sb *b, const cr_intake *in)
{
	const char *const *notes;
	size_t n = cr_intake_row_notes(in, &notes);
	for (size_t i = 0; i < n; i++) {
		if (b->len)
			cr_sb_addc(b, ' ');
		cr_sb_add(b, notes[i]);
	}
}

/* Empties a string builder, leaving a valid empty string. */
static void sb_reset(cr_sb *b)
{
	b->len = 0;
	cr_sb_addn(b, "", 0);
}

/*
 * The results' strings (CSV results only: nothing else reads them), once a
 * run. A first pass counts their bytes, a second copies them into one block
 * with KSTR_PAD bytes to spare after the last, so a short one is copied in
 * one fixed-size move whatever its length (the bytes past it are the next
 * strings', or the spare ones).
 */
static void results_strings(run *R)
{
	const cr_kb *kb = R->o->kb;
	kstrs *k[] = {&R->recs, &R->roles, &R->occs, &R->bands};
	size_t n[] = {kb->nrecs, kb->nroles, kb->noccupations, kb->nbands};
	for (size_t i = 0; i < CR_ARRAY_LEN(k); i++) {
		k[i]->n = n[i];
		k[i]->id = cr_xcalloc(n[i] + 1, sizeof *k[i]->id);
		k[i]->title = cr_xcalloc(n[i] + 1, sizeof *k[i]->title);
	}
	size_t used = 0;
	for (int pass = 0; pass < 2; pass++) {
		if (pass)
			R->kstr_text = cr_xcalloc(1, used + KSTR_PAD), used = 0; /* the spare bytes zeroed: copied, never read */
		/* the string s as the kstr *to, counted in the first pass and copied in the second */
#define KSTR_OF(to, str)                                                                                           \
		do {                                                                                                      \
			const char *s_ = (str);                                                                           \
			size_t n_ = strlen(s_);                                                                           \
			if (pass) {                                                                                       \
				memcpy(R->kstr_text + used, s_, n_ + 1);                                                  \
				*(to) = (kstr){.s = R->kstr_text + used, .len = (uint32_t)n_,                             \
					       .special = s_[strcspn(s_, ",;\r\n\t")] != '\0',                             \
					       .slow = n_ == 0 || n_ > UINT32_MAX || strchr(s_, '"') || s_[0] == ' ' ||   \
						       s_[n_ - 1] == ' '};                                                \
			}                                                                                                 \
			used += n_ + 1;                                                                                   \
		} while (0)
		for (size_t i = 0; i < kb->nrecs; i++) {
			KSTR_OF(&R->recs.id[i], kb->recs[i].id);
			KSTR_OF(&R->recs.title[i], kb->recs[i].title);
		}
		for (size_t i = 0; i < kb->nroles; i++) {
			KSTR_OF(&R->roles.id[i], kb->roles[i].id);
			KSTR_OF(&R->roles.title[i], kb->roles[i].title);
		}
		for (size_t i = 0; i < kb->noccupations; i++) {
			KSTR_OF(&R->occs.id[i], kb->occupations[i].code);
			KSTR_OF(&R->occs.title[i], kb->occupations[i].title);
		}
		for (size_t i = 0; i < kb->nbands; i++)
			KSTR_OF(&R->bands.id[i], kb->bands[i].id);
		for (size_t i = 0; i < CR_ARRAY_LEN(cr_match_method_ids); i++)
			KSTR_OF(&R->methods[i], cr_match_method_ids[i]);
		for (size_t i = 1; i < CR_ARRAY_LEN(cr_warning_ids); i++) /* 0 is no warning: never written */
			KSTR_OF(&R->warnings[i], cr_warning_ids[i]);
		KSTR_OF(&R->basis, basis(R));
#undef KSTR_OF
	}
}

static void kstrs_free(kstrs *k)
{
	free(k->id);
	free(k->title);
}

static void add_kstrs(cr_sb *line, const kstr *const *items, size_t n, bool words, cr_sb *tmp);

/*
 * The bytes a field of n kb strings takes as add_kstrs writes it (the comma,
 * the items and their separators, and quotes when *quote), measured over
 * `count` items (n, or a fixed list's slots, the spare ones empty); *slow
 * when an item must go through cr_csv_add.
 */
static inline size_t kstrs_field_len(const kstr *const *items, size_t count, size_t n, bool words, bool *quote,
				     bool *slow)
{
	size_t len = n ? (n - 1) * (words ? 2 : 1) : 0;
	bool q = words && n > 1, sl = false;
	for (size_t i = 0; i < count; i++) {
		len += items[i]->len;
		q |= items[i]->special;
		sl |= items[i]->slow;
	}
	*quote = q;
	*slow = sl;
	return 1 + len + 2 * (size_t)q;
}

/*
 * add_kstrs's uncommon cases, out of line so that its common one saves no
 * registers for calls: the line to grow by k bytes (and the fixed-size move's
 * spare), or, when an item is slow, the joined text built in tmp and written
 * through cr_csv_add.
 */
__attribute__((noinline)) static void add_kstrs_any(cr_sb *line, const kstr *const *items, size_t n, bool words,
						    cr_sb *tmp, bool slow, size_t k)
{
	if (!slow) {
		cr_sb_grow(line, k + KSTR_PAD);
		add_kstrs(line, items, n, words, tmp);
		return;
	}
	sb_reset(tmp);
	for (size_t i = 0; i < n; i++) {
		if (i)
			cr_sb_addn(tmp, "; ", words ? 2 : 1);
		cr_sb_addn(tmp, items[i]->s, items[i]->len);
	}
	cr_csv_add(line, tmp->s, false);
}

/*
 * A field of n kb strings, ids separated by a space or (words) titles by
 * "; ", written as cr_csv_add writes the joined text: in quotes when an item
 * holds a character that needs them, or for two titles or more ("; " holds
 * one). The joined text has a quote inside or a space at either end only
 * when an item is slow: then the field is built in tmp and goes through
 * cr_csv_add itself.
 */
static void add_kstrs(cr_sb *line, const kstr *const *items, size_t n, bool words, cr_sb *tmp)
{
	bool quote, slow;
	size_t k = kstrs_field_len(items, n, n, words, &quote, &slow);
	if (slow || line->len + k + KSTR_PAD + 1 > line->cap) { /* room for a fixed-size move past the end */
		add_kstrs_any(line, items, n, words, tmp, slow, k);
		return;
	}
	char *p = line->s + line->len;
	*p++ = ',';
	if (quote)
		*p++ = '"';
	for (size_t i = 0; i < n; i++) {
		if (i) {
			if (words)
				*p++ = ';';
			*p++ = ' ';
		}
		/* the bytes copied past the string are overwritten by what follows it, or past the line's end */
		if (items[i]->len <= KSTR_PAD)
			memcpy(p, items[i]->s, KSTR_PAD);
		else
			memcpy(p, items[i]->s, items[i]->len);
		p += items[i]->len;
	}
	if (quote)
		*p++ = '"';
	*p = '\0';
	line->len += k;
}

/* A list of recommendations or roles in the results: at most this many (write_csv). */
#define KSTRS_FIXED CR_BATCH_FIRST_RECS
_Static_assert(CR_BATCH_ROLES == KSTRS_FIXED, "the roles' list is written as the recommendations' is");
_Static_assert(KSTRS_FIXED == 3, "write_csv fills its lists' three slots with kstr_none");

/* What fills a fixed list's slots past its items: no text, KSTR_PAD zero bytes readable. */
static const char kstr_zeros[KSTR_PAD];
static const kstr kstr_none = {.s = kstr_zeros, .len = 0};

/*
 * add_kstrs for a list of KSTRS_FIXED slots, items[n..] being &kstr_none:
 * every slot is copied and its separator's bytes written, the separator
 * counted only between two items, so nothing branches on how many there are.
 * A row's count of recommendations or roles differs from the last row's, and
 * add_kstrs's two loops' exits were mispredicted on it (88,000 times in
 * 20,000 rows). Written exactly as add_kstrs writes it, which takes the
 * uncommon cases (a slow item, a line to grow).
 */
static void add_kstrs_fixed(cr_sb *line, const kstr *const *items, size_t n, bool words, cr_sb *tmp)
{
	size_t sep = words ? 2 : 1;
	bool quote, slow;
	size_t k = kstrs_field_len(items, KSTRS_FIXED, n, words, &quote, &slow);
	/* the last slot's fixed-size move reaches KSTR_PAD bytes past its start, a separator's two bytes */
	if (slow || line->len + k + KSTR_PAD + 3 > line->cap) {
		add_kstrs(line, items, n, words, tmp);
		return;
	}
	char *p = line->s + line->len;
	p[0] = ',';
	p[1] = '"'; /* overwritten by the text when there are no quotes */
	p += 1 + (size_t)quote;
	for (size_t i = 0; i < KSTRS_FIXED; i++) {
		p[0] = words ? ';' : ' ';
		p[1] = ' ';
		p += 0 < i && i < n ? sep : 0;
		if (items[i]->len <= KSTR_PAD)
			memcpy(p, items[i]->s, KSTR_PAD);
		else
			memcpy(p, items[i]->s, items[i]->len);
		p += items[i]->len;
	}
	p[0] = '"';
	p += quote;
	*p = '\0';
	line->len += k;
}

/*
 * One kb string as a field, as add_kstrs writes a list of one, without its
 * loops and without a branch on the quotes: the opening quote is written
 * always and overwritten by the text when there are none, the closing one
 * lands where the NUL then goes.
 */
static void add_kstr(cr_sb *line, const kstr *k, cr_sb *tmp)
{
	if (k->slow || k->len > KSTR_PAD || line->len + 3 + KSTR_PAD + 1 > line->cap) {
		add_kstrs(line, &k, 1, false, tmp);
		return;
	}
	size_t q = k->special;
	char *p = line->s + line->len;
	p[0] = ',';
	p[1] = '"';
	memcpy(p + 1 + q, k->s, KSTR_PAD);
	p[1 + q + k->len] = '"';
	p[1 + 2 * q + k->len] = '\0';
	line->len += 1 + 2 * q + k->len;
}

/* Item p of a kb array `base` in its kstrs table k (every result's point into the kb's arrays). */
#define KSTR(k, base, p, field) (&(k).field[(size_t)((p) - (base))])

/*
 * The band's kstr, found by address (a result's band is the kb's string) in a
 * pass with no branch on it; NULL if none. The first band that matches is
 * kept through a mask: the select it replaces was compiled as a branch,
 * mispredicted as the band changed from row to row.
 */
static const kstr *band_kstr(const run *R, const char *band)
{
	size_t at = R->bands.n;
	for (size_t b = R->bands.n; b-- > 0;) {
		size_t hit = -(size_t)(R->o->kb->bands[b].id == band); /* all ones for the row's band */
		at = (b & hit) | (at & ~hit);
	}
	return at < R->bands.n ? &R->bands.id[at] : NULL;
}

static void write_csv(worker *W, cr_sb *b, const cr_csv_record *rec, const char *id, const char *const *gv,
		      const cr_result *r)
{
	const run *R = W->R;
	const cr_kb *kb = R->o->kb;
	size_t start = b->len;
	cr_csv_add_int(b, rec->number, true);
	add_echo(b, id, false);
	for (size_t g = 0; g < R->ngroups; g++)
		add_echo(b, gv[g], false);
	const cr_intake_title *t = cr_intake_last_title(W->in); /* this worker's row */
	add_echo(b, t ? t->given : "", false);
	if (r->occ) {
		add_kstr(b, KSTR(R->occs, kb->occupations, r->occ, id), &W->tmp);
		add_kstr(b, KSTR(R->occs, kb->occupations, r->occ, title), &W->tmp);
	} else {
		cr_sb_addn(b, ",,", 2);
	}
	if (t && t->occ) {
		add_kstr(b, &R->methods[t->method], &W->tmp);
		/* compared bit for bit, so -0.0 and 0.0 (printed apart) are never taken for each other */
		size_t k = 0;
		while (k < CR_ARRAY_LEN(W->conf) &&
		       !(W->conf[k].text[0] && memcmp(&W->conf[k].v, &t->confidence, sizeof t->confidence) == 0))
			k++;
		if (k == CR_ARRAY_LEN(W->conf)) {
			k = W->nextconf++ % CR_ARRAY_LEN(W->conf);
			snprintf(W->conf[k].text, sizeof W->conf[k].text, "%.2f", t->confidence);
			W->conf[k].v = t->confidence;
			W->conf[k].len = strlen(W->conf[k].text);
		}
		/* digits, a point, maybe a sign ("nan" or "inf" at worst): never quoted */
		cr_sb_addc(b, ',');
		cr_sb_addn(b, W->conf[k].text, W->conf[k].len);
	} else {
		cr_sb_addn(b, ",,", 2);
	}
	cr_csv_add_int(b, r->score, false);
	const kstr *band = band_kstr(R, r->band);
	if (band)
		add_kstr(b, band, &W->tmp);
	else
		cr_csv_add(b, r->band, false);
	cr_csv_add_int(b, r->range_lo, false);
	cr_csv_add_int(b, r->range_hi, false);
	cr_csv_add_int(b, r->routineness, false);
	cr_csv_add_int(b, r->ai_usage, false);
	cr_csv_add_int(b, r->specialization, false);
	cr_csv_add_int(b, r->exposure, false);
	/* the slots past the items hold kstr_none (add_kstrs_fixed) */
	const kstr *recs[KSTRS_FIXED] = {&kstr_none, &kstr_none, &kstr_none},
		   *rtitles[KSTRS_FIXED] = {&kstr_none, &kstr_none, &kstr_none};
	size_t nrecs = r->nadvice < KSTRS_FIXED ? r->nadvice : KSTRS_FIXED;
	for (size_t i = 0; i < nrecs; i++) {
		recs[i] = KSTR(R->recs, kb->recs, r->advice[i].rec, id);
		rtitles[i] = KSTR(R->recs, kb->recs, r->advice[i].rec, title);
	}
	const kstr *roles[KSTRS_FIXED] = {&kstr_none, &kstr_none, &kstr_none},
		   *otitles[KSTRS_FIXED] = {&kstr_none, &kstr_none, &kstr_none};
	size_t nroles = r->ntrans < KSTRS_FIXED ? r->ntrans : KSTRS_FIXED;
	for (size_t i = 0; i < nroles; i++) {
		roles[i] = KSTR(R->roles, kb->roles, r->trans[i].role, id);
		otitles[i] = KSTR(R->roles, kb->roles, r->trans[i].role, title);
	}
	add_kstrs_fixed(b, recs, nrecs, false, &W->tmp);
	add_kstrs_fixed(b, roles, nroles, false, &W->tmp);
	const kstr *warnings[CR_ARRAY_LEN(cr_warning_ids)];
	size_t nwarnings = 0;
	for (size_t w = 1; w < CR_ARRAY_LEN(cr_warning_ids); w++) /* 0 is no warning: never written */
		if (r->warnings & (1u << w))
			warnings[nwarnings++] = &R->warnings[w];
	add_kstrs(b, warnings, nwarnings, false, &W->tmp);
	sb_reset(&W->tmp);
	ids_checks(&W->tmp, r);
	intake_checks(&W->tmp, W->in); /* this worker's row */
	if (W->tmp.len) /* mostly none */
		cr_csv_add(b, W->tmp.s, false);
	else
		cr_sb_addc(b, ',');
	add_kstr(b, &R->basis, &W->tmp);
	add_kstrs_fixed(b, rtitles, nrecs, true, &W->tmp);
	add_kstrs_fixed(b, otitles, nroles, true, &W->tmp);
	cr_sb_addc(b, '\n');
	if (W->R->o->excel)
		excel_line(b, start, W->R->sep, &W->tmp);
}

/*
 * A string as JSON, exactly as libfyaml's emitter writes it in the rest of
 * the program (json.c): "text" for text that needs no escape, which is
 * almost every id, code and department, written here directly; anything
 * else (empty, spaces at either end, quotes, backslashes, control characters,
 * non-ASCII) goes
 * through libfyaml itself, so there is one way of escaping JSON, not two.
 * Building a libfyaml document for every row cost 75 us a row, 13 times the
 * rest of the batch.
 */
static void json_str(cr_sb *b, const char *s)
{
	if (!s) {
		cr_sb_addn(b, "null", 4);
		return;
	}
	const unsigned char *p = (const unsigned char *)s;
	while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
		p++;
	/* libfyaml trims a plain scalar's spaces at either end: such text goes through it too */
	if (!*p && p != (const unsigned char *)s && s[0] != ' ' && p[-1] != ' ') {
		cr_sb_addc(b, '"');
		cr_sb_addn(b, s, (size_t)(p - (const unsigned char *)s));
		cr_sb_addc(b, '"');
		return;
	}
	/* as one item of a sequence, "[...]", so it is written as inside the object */
	struct fy_document *doc = cr_j_doc();
	struct fy_node *seq = cr_j_seq(doc);
	cr_j_push(seq, cr_j_str(doc, s));
	char *t = cr_j_emit(doc, seq, true);
	fy_document_destroy(doc);
	size_t n = strlen(t);
	if (n >= 2)
		cr_sb_addn(b, t + 1, n - 2);
	free(t);
}

static void json_sep(cr_sb *b, bool first)
{
	if (!first)
		cr_sb_addn(b, ", ", 2);
}

static void json_key(cr_sb *b, const char *key, bool first)
{
	json_sep(b, first);
	json_str(b, key);
	cr_sb_addn(b, ": ", 2);
}

/* A number: the digits alone (cr_csv_add_int with no separator before them). */
static void json_int(cr_sb *b, long long v)
{
	cr_csv_add_int(b, v, true);
}

/* Ids or titles from the knowledge base as a JSON list: ["a", "b"], or [] when there are none. */
static void json_ids(cr_sb *b, const char *const *ids, size_t n)
{
	cr_sb_addc(b, '[');
	for (size_t i = 0; i < n; i++) {
		json_sep(b, i == 0);
		json_str(b, ids[i]);
	}
	cr_sb_addc(b, ']');
}

/* One result as a line of JSON: the keys, order and spacing libfyaml's one-line emitter gave it. */
static void write_jsonl(worker *W, cr_sb *b, const cr_csv_record *rec, const char *id, const char *const *gv,
			const cr_result *r)
{
	const run *R = W->R;
	cr_sb_addc(b, '{');
	json_key(b, "record", true);
	json_int(b, rec->number);
	json_key(b, "line", false);
	json_int(b, rec->line);
	json_key(b, "employee_id", false);
	json_str(b, id);
	json_key(b, "groups", false);
	cr_sb_addc(b, '{');
	for (size_t i = 0; i < R->ngroups; i++) {
		json_key(b, R->group_names[i], i == 0);
		json_str(b, gv[i]);
	}
	cr_sb_addc(b, '}');
	const cr_intake_title *t = cr_intake_last_title(W->in); /* this worker's row */
	json_key(b, "title_given", false);
	json_str(b, t && cr_utf8_valid(t->given) ? t->given : NULL);
	json_key(b, "occupation", false);
	json_str(b, r->occ ? r->occ->code : NULL);
	json_key(b, "occupation_title", false);
	json_str(b, r->occ ? r->occ->title : NULL);
	json_key(b, "match_method", false);
	json_str(b, t && t->occ ? cr_match_method_ids[t->method] : NULL);
	json_key(b, "match_confidence", false);
	if (t && t->occ) { /* two decimals, as cr_j_num writes them: 1, 0.9, 0.95 */
		char c[32];
		double v = (double)(long)(t->confidence * 100 + 0.5) / 100;
		if (v == (long long)v)
			snprintf(c, sizeof c, "%lld", (long long)v);
		else
			snprintf(c, sizeof c, "%.6g", v);
		cr_sb_add(b, c);
	} else {
		cr_sb_addn(b, "null", 4);
	}
	json_key(b, "basis", false);
	json_str(b, basis(R));
	/* as cr_j_set_scores writes them */
	json_key(b, "score", false);
	json_int(b, r->score);
	json_key(b, "band", false);
	json_str(b, r->band);
	json_key(b, "range", false);
	cr_sb_addc(b, '[');
	json_int(b, r->range_lo);
	json_sep(b, false);
	json_int(b, r->range_hi);
	cr_sb_addc(b, ']');
	json_key(b, "dimensions", false);
	cr_sb_addc(b, '{');
	json_key(b, "routineness", true);
	json_int(b, r->routineness);
	json_key(b, "ai_usage", false);
	json_int(b, r->ai_usage);
	json_key(b, "specialization", false);
	json_int(b, r->specialization);
	json_key(b, "exposure", false);
	if (r->exposure >= 0)
		json_int(b, r->exposure);
	else
		cr_sb_addn(b, "null", 4);
	cr_sb_addc(b, '}');
	const char *ids[64];
	size_t n = 0;
	for (size_t i = 0; i < r->nadvice && i < CR_BATCH_FIRST_RECS; i++)
		ids[n++] = r->advice[i].rec->id;
	json_key(b, "recommendations", false);
	json_ids(b, ids, n);
	n = 0;
	for (size_t i = 0; i < r->nadvice && i < CR_BATCH_FIRST_RECS; i++)
		ids[n++] = r->advice[i].rec->title;
	json_key(b, "recommendation_titles", false);
	json_ids(b, ids, n);
	n = 0;
	for (size_t i = 0; i < r->ntrans && i < CR_BATCH_ROLES; i++)
		ids[n++] = r->trans[i].role->id;
	json_key(b, "roles", false);
	json_ids(b, ids, n);
	n = 0;
	for (size_t i = 0; i < r->ntrans && i < CR_BATCH_ROLES; i++)
		ids[n++] = r->trans[i].role->title;
	json_key(b, "role_titles", false);
	json_ids(b, ids, n);
	n = 0;
	for (int w = 1; w < 4; w++)
		if (r->warnings & (1u << w))
			ids[n++] = cr_warning_ids[w];
	json_key(b, "warnings", false);
	json_ids(b, ids, n);
	json_key(b, "checks", false);
	cr_sb_addc(b, '[');
	for (size_t i = 0; i < r->nflags; i++) {
		json_sep(b, i == 0);
		json_str(b, r->flags[i].id);
	}
	const char *const *notes; /* how this worker's intake read the row where it guessed */
	for (size_t i = 0, nn = cr_intake_row_notes(W->in, &notes); i < nn; i++) {
		json_sep(b, r->nflags == 0 && i == 0);
		json_str(b, notes[i]);
	}
	cr_sb_addc(b, ']');
	cr_sb_addn(b, "}\n", 2);
}

/* The groups of a row as JSON for the store, remembered per combination (a workforce has few). */
static const char *groups_json(run *R, const char *const *gv)
{
	cr_sb *key = &R->skey;
	sb_reset(key);
	for (size_t g = 0; g < R->ngroups; g++) {
		cr_sb_add(key, gv[g]);
		cr_sb_addc(key, '\x1f');
	}
	for (size_t i = 0; i < R->ngcache; i++)
		if (R->gcache[i].klen == key->len && memcmp(R->gcache[i].key, key->s, key->len) == 0) {
			if (i) { /* move towards the front, so common combinations are found first */
				gcache_ent t = R->gcache[i];
				R->gcache[i] = R->gcache[i - 1];
				R->gcache[i - 1] = t;
				return R->gcache[i - 1].json;
			}
			return R->gcache[0].json;
		}
	struct fy_document *doc = cr_j_doc();
	struct fy_node *m = cr_j_map(doc);
	for (size_t g = 0; g < R->ngroups; g++)
		cr_j_set(m, R->group_names[g], cr_j_str(doc, gv[g]));
	char *json = cr_j_emit(doc, m, true);
	fy_document_destroy(doc);
	if (!R->gcache)
		R->gcache = cr_xcalloc(GROUPS_CACHE, sizeof *R->gcache);
	size_t slot = R->ngcache < GROUPS_CACHE ? R->ngcache++ : GROUPS_CACHE - 1;
	if (slot == GROUPS_CACHE - 1 && R->gcache[slot].key) {
		free(R->gcache[slot].key);
		free(R->gcache[slot].json);
	}
	R->gcache[slot].key = cr_xstrdup(key->s);
	R->gcache[slot].klen = key->len;
	R->gcache[slot].json = json;
	return json;
}

static enum cr_status store_row(run *R, long long record, const char *id, const char *const *gv, const cr_result *r)
{
	cr_sb *recs = &R->srecs, *roles = &R->sroles;
	sb_reset(recs);
	sb_reset(roles);
	ids_recs(recs, r);
	ids_roles(roles, r);
	cr_store_cohort_row row = {
		.record = record, .employee_id = id, .groups_json = groups_json(R, gv),
		.occupation = r->occ ? r->occ->code : NULL, .score = r->score, .range_low = r->range_lo,
		.range_high = r->range_hi, .routineness = r->routineness, .ai_usage = r->ai_usage,
		.specialization = r->specialization, .exposure = r->exposure, .band = r->band, .recommendations = recs->s,
		.roles = roles->s};
	return cr_store_cohort_put(R->writer, &row, R->d);
}

/* Keeps what the store reads of a scored row (see `kept`). */
static void keep_result(chunk *c, size_t row, const cr_result *r)
{
	GROW(c->kept, c->nkept, c->capkept, 1);
	kept *k = &c->kept[c->nkept++];
	k->row = row;
	k->r = *r;
	k->r.tasks = NULL, k->r.ntasks = 0;
	k->r.fired = NULL, k->r.nfired = 0;
	k->r.sens = NULL, k->r.nsens = 0;
	k->r.flags = NULL, k->r.nflags = 0;
	k->r.unasked = NULL, k->r.nunasked = 0;
	k->r.missing = NULL, k->r.nmissing = 0;
	k->r.advice = NULL;
	k->r.trans = NULL;
	k->advice0 = c->nadvice;
	if (r->nadvice) {
		GROW(c->advice, c->nadvice, c->capadvice, r->nadvice);
		memcpy(c->advice + c->nadvice, r->advice, r->nadvice * sizeof *r->advice);
		c->nadvice += r->nadvice;
	}
	k->trans0 = c->ntrans;
	if (r->ntrans)
		GROW(c->trans, c->ntrans, c->captrans, r->ntrans);
	for (size_t i = 0; i < r->ntrans; i++) {
		cr_transition t = r->trans[i];
		/* the skills to add: an offset into c->adds until the row is taken back */
		GROW(c->adds, c->nadds, c->capadds, t.nadd);
		if (t.nadd)
			memcpy(c->adds + c->nadds, t.add, t.nadd * sizeof *t.add);
		t.add = (const char **)(uintptr_t)c->nadds;
		c->nadds += t.nadd;
		c->trans[c->ntrans++] = t;
	}
}

/*
 * A roster row's answers: the baseline `occupation show` scores for the
 * occupation its title matched. Each worker keeps its own baselines (the
 * knowledge base is only read), so no thread waits for or writes another's.
 */
static const cr_answers *roster_answers(worker *W, const cr_answers *as)
{
	const cr_kb *kb = W->R->o->kb;
	const cr_questionnaire *q = as->q;
	for (size_t i = 0; i < q->nquestions; i++) {
		if (q->questions[i].type != CR_Q_OCCUPATION || as->a[i].state != CR_A_GIVEN || !as->a[i].str)
			continue;
		const cr_occupation *occ = cr_kb_occupation(kb, as->a[i].str);
		if (!occ)
			return NULL;
		size_t k = (size_t)(occ - kb->occupations);
		if (!W->baseline)
			W->baseline = cr_xcalloc(kb->noccupations + 1, sizeof *W->baseline);
		if (!W->baseline[k])
			W->baseline[k] = cr_baseline_answers(kb, cr_baseline_questionnaire(kb), occ);
		return W->baseline[k];
	}
	return NULL;
}

static enum cr_status score_row(worker *W, chunk *c, size_t row, const cr_csv_record *rec, const cr_answers *as)
{
	run *R = W->R;
	if (R->roster && !(as = roster_answers(W, as))) {
		cr_intake_problem p = {-1, (char *)"no occupation matched the job title"};
		return bad_row(W, c, row, rec, &p, 1);
	}
	/* assessed as `career-risk assess` would, into the plan's buffers: nothing allocated per row */
	const cr_result *r = cr_assess_plan_run(W->plan, as);
	enum cr_status st = cr_result_check(r, &c->diags); /* a rule's score not finite: the base is at fault */
	if (st)
		return st;
	const char *gv[CR_INTAKE_MAX_GROUPS];
	for (size_t g = 0; g < R->ngroups; g++)
		gv[g] = rec->v[cr_intake_group_col(W->in, g)];
	const char *id = row_id(R, rec);
	if (R->out.f) {
		if (R->o->format == CR_BATCH_JSONL)
			write_jsonl(W, &c->out, rec, id, gv, r);
		else
			write_csv(W, &c->out, rec, id, gv, r);
	}
	if (c->tally)
		cr_cohort_add(c->tally, r, gv);
	if (R->writer)
		keep_result(c, row, r);
	c->scored++;
	return CR_OK;
}

/* The record of row i of a chunk into a->rec, its fields in a->cells. */
static void chunk_record(ahead *a, const chunk *c, size_t i)
{
	const crow *cr = &c->rows[i];
	GROW(a->cells, 0, a->capcells, cr->nfields + 1);
	const char **cells = a->cells, *text = c->text + cr->text0;
	const size_t *at = c->fields + cr->field0;
	for (size_t f = 0; f < cr->nfields; f++)
		cells[f] = text + at[f];
	a->rec = (cr_csv_record){.v = a->cells, .n = cr->nfields, .number = cr->number, .line = cr->line,
				 .oversized = cr->oversized, .open_quote = cr->open_quote, .nul_field = cr->nul_field};
}

/*
 * Reads row i of a chunk (in a->rec) into a->as. Returns whether the row is
 * good; for a bad one, its problems: the intake's (until its next row), or
 * *own, whose message *msg the caller frees.
 */
static bool read_row(worker *W, ahead *a, const cr_intake_problem **p, size_t *np, cr_intake_problem *own, char **msg)
{
	const cr_csv_record *rec = &a->rec;
	*p = NULL;
	*np = 0;
	*msg = NULL;
	if (rec->oversized || rec->open_quote) {
		*msg = rec->open_quote
			? cr_xprintf("the file ends inside a quoted field of this row (opened on line %lld or after); "
				     "the rest of the file was read into it", rec->line)
			: cr_xprintf("the row is longer than %u KiB or has more than %d fields", CR_CSV_MAX_RECORD >> 10,
				     CR_CSV_MAX_FIELDS);
		*own = (cr_intake_problem){-1, *msg};
	} else if (rec->nul_field >= 0) {
		/* refused, never cut short: "E0000001<NUL>X" is not employee E0000001, nor "3<NUL>9" a 3 */
		bool known = (size_t)rec->nul_field < cr_intake_ncols(W->in);
		*msg = cr_xprintf("column %ld holds a NUL byte (binary data); the cell is not read cut short, "
				  "so the row is left out", rec->nul_field + 1);
		*own = (cr_intake_problem){known ? rec->nul_field : -1, *msg};
	} else {
		return cr_intake_row(W->in, rec->v, rec->n, a->as, p, np) == CR_OK;
	}
	*p = own;
	*np = 1;
	return false;
}

/*
 * Scores every row of a chunk into its buffers; stops at a row that stops the batch.
 *
 * In stages, a run of rows at a time: first the intake reads up to
 * STAGE_ROWS rows into answers, then each is scored and written. A row's
 * whole path (the columns' caches, then the rules, advice and cohort) touches
 * more than the first-level cache holds, so row by row each stage found its
 * lines evicted by the other; in stages each stage's lines serve the whole
 * run (docs/performance.md, "Rows that differ"). A run ends at a bad row,
 * whose problems the intake keeps only until its next row; the rows are
 * reported in order, and the rows after one that stops the batch are read
 * but never reported, as if never reached.
 */
static void score_chunk(worker *W, chunk *c)
{
	c->out.len = c->err.len = 0;
	c->nkept = c->nadvice = c->ntrans = c->nadds = 0;
	c->scored = c->bad = c->problems = 0;
	c->st = CR_OK;
	if (c->own_tally)
		cr_cohort_reset(c->tally);
	for (c->done = 0; c->done < c->nrows && !c->st;) {
		size_t first = c->done, n = 0;
		const cr_intake_problem *p = NULL;
		size_t np = 0;
		cr_intake_problem own;
		char *msg = NULL;
		bool bad = false;
		/* stage 1: the run's cells into answers, each row's reading moved out of the intake */
		while (n < STAGE_ROWS && first + n < c->nrows) {
			ahead *a = &W->ahead[n];
			chunk_record(a, c, first + n);
			if (!read_row(W, a, &p, &np, &own, &msg)) {
				bad = true;
				break;
			}
			cr_intake_swap_reading(W->in, &a->reading);
			n++;
		}
		/* stage 2: each row scored and written, its reading handed back for the results */
		for (size_t k = 0; k < n && !c->st; k++) {
			ahead *a = &W->ahead[k];
			c->done++;
			cr_intake_swap_reading(W->in, &a->reading);
			c->st = score_row(W, c, first + k, &a->rec, a->as);
		}
		if (bad && !c->st) {
			c->done++;
			c->st = bad_row(W, c, first + n, &W->ahead[n].rec, p, np);
		}
		free(msg);
	}
}

/* Appends from's diagnostics to to's, in order, and empties from (the strings change owner). */
static void diags_move(cr_diags *to, cr_diags *from)
{
	for (size_t i = 0; i < from->n; i++) {
		GROW(to->v, to->n, to->cap, 1);
		to->v[to->n++] = from->v[i];
	}
	from->n = 0;
}

static void progress_maybe(run *R, long long before, long long bytes)
{
	cr_batch_stats *s = R->stats;
	if (R->o->progress && before / PROGRESS_EVERY != s->rows_read / PROGRESS_EVERY) {
		s->bytes_read = bytes;
		R->o->progress(s, R->o->progress_ctx);
	}
}

/* Takes a scored chunk back, in input order: its lines written, its counts merged, its rows stored. */
static enum cr_status take_chunk(run *R, chunk *c)
{
	cr_batch_stats *s = R->stats;
	const cr_batch_opts *o = R->o;
	long long before = s->rows_read;
	if (c->err.len && !out_write(&R->err, &c->err))
		return cr_diag_add(R->d, CR_EIO, o->errors, 0, 0, "cannot write: %s", why(&R->err));
	if (R->out.f && c->out.len && !out_write(&R->out, &c->out))
		return cr_diag_add(R->d, CR_EIO, o->output, 0, 0, "cannot write the results: %s", why(&R->out));
	if (c->own_tally)
		cr_cohort_merge(R->cohort, c->tally);
	for (size_t k = 0; k < c->nkept; k++) {
		kept *kp = &c->kept[k];
		const crow *row = &c->rows[kp->row];
		const char *gv[CR_INTAKE_MAX_GROUPS];
		for (size_t g = 0; g < R->ngroups; g++)
			gv[g] = c->text + row->text0 + c->fields[row->field0 + cr_intake_group_col(R->in, g)];
		const char *id = R->id_col >= 0 && (size_t)R->id_col < row->nfields
					 ? c->text + row->text0 + c->fields[row->field0 + (size_t)R->id_col] : NULL;
		cr_result *r = &kp->r;
		r->advice = r->nadvice ? c->advice + kp->advice0 : NULL;
		r->trans = r->ntrans ? c->trans + kp->trans0 : NULL;
		for (size_t t = 0; t < r->ntrans; t++)
			r->trans[t].add = c->adds + (uintptr_t)r->trans[t].add;
		enum cr_status st = store_row(R, row->number, id, gv, r);
		if (st)
			return st;
	}
	s->rows_read += (long long)c->done;
	s->rows_scored += c->scored;
	s->rows_bad += c->bad;
	s->problems += c->problems;
	for (int i = 0; i < c->nshown; i++) {
		if (s->nshown < (int)CR_ARRAY_LEN(s->shown)) {
			s->shown[s->nshown].record = c->shown[i].record;
			s->shown[s->nshown].line = c->shown[i].line;
			s->shown[s->nshown].column = c->shown[i].column;
			s->shown[s->nshown].problem = c->shown[i].problem;
			s->nshown++;
		} else {
			free(c->shown[i].column);
			free(c->shown[i].problem);
		}
	}
	c->nshown = 0;
	if (c->st) {
		diags_move(R->d, &c->diags);
		return c->st;
	}
	progress_maybe(R, before, c->end_offset);
	return CR_OK;
}

/*
 * Whether a stop signal came. The handler's flag is read by the main thread
 * alone (a signal handler's volatile flag is not for other threads), which
 * passes it on to the workers.
 */
static bool cancelled(run *R)
{
	if (!R->threads || pthread_equal(pthread_self(), R->main_thread)) {
		if (!(R->o->cancel && *R->o->cancel))
			return false;
		atomic_store(&R->cancel_seen, true);
		return true;
	}
	return atomic_load(&R->cancel_seen);
}

/*
 * Reads up to CHUNK_ROWS records (or CHUNK_BYTES) into c. Returns CR_OK (c->nrows may be 0 at
 * the end of the input), or the reader's error, with its diagnostic in rd_diags
 * until the rows before it are taken back.
 */
static enum cr_status fill_chunk(run *R, cr_csv_reader *rd, chunk *c, cr_diags *rd_diags, bool *end)
{
	c->nrows = c->ntext = c->nfields = 0;
	while (c->nrows < CHUNK_ROWS && c->ntext < CHUNK_BYTES) {
		const cr_csv_record *rec;
		enum cr_status st = cr_csv_next(rd, &rec, rd_diags);
		if (st)
			return st;
		if (!rec) {
			*end = true;
			break;
		}
		/* a survey preview, or a row the map's filters leave out: counted by the reader's intake (main_in), here, once */
		if (!rec->oversized && rec->nul_field < 0 && cr_intake_skip(R->main_in, rec->v, rec->n)) {
			if (cancelled(R))
				break;
			continue;
		}
		GROW(c->rows, c->nrows, c->caprows, 1);
		GROW(c->fields, c->nfields, c->capfields, rec->n);
		crow *row = &c->rows[c->nrows++];
		*row = (crow){.number = rec->number, .line = rec->line, .field0 = c->nfields, .nfields = rec->n,
			      .text0 = c->ntext, .nul_field = rec->nul_field, .oversized = rec->oversized,
			      .open_quote = rec->open_quote};
		/* the reader's fields lie end to end: one copy, each field where it was in it */
		GROW(c->text, c->ntext, c->captext, rec->bytes);
		if (rec->bytes)
			memcpy(c->text + c->ntext, rec->v[0], rec->bytes);
		/* each field where it starts in the record: the reader's offsets in one move when it has them */
		size_t *to = c->fields + c->nfields;
		if (rec->offs && rec->n) {
			memcpy(to, rec->offs, rec->n * sizeof *to);
		} else {
			/* through a local: a store into c->fields could change rec->n, as far as the compiler knows */
			const char *v0 = rec->n ? rec->v[0] : NULL;
			for (size_t f = 0, n = rec->n; f < n; f++)
				to[f] = (size_t)(rec->v[f] - v0);
		}
		c->nfields += rec->n;
		c->ntext += rec->bytes;
		if (cancelled(R))
			break;
	}
	c->end_offset = cr_csv_offset(rd);
	return CR_OK;
}

/* Whether the next chunk may be read: nobody is reading, there is more, and its slot is free. */
static bool can_fill(run *R)
{
	return !R->filling && !R->end && !R->rd_st && !cancelled(R) && R->nfill - R->ntake < R->nring;
}

/*
 * The parser's bytes when the main thread reads a pipe: the blocks it read,
 * as many as fit in cap (fewer when no more are read yet, so the parser goes
 * on with what came), waiting only when there is nothing; the main thread's
 * failure or cancel once the blocks before it are handed out.
 */
static enum cr_status feed_source(void *ctx, unsigned char *dst, size_t cap, size_t *got, bool *at_end, cr_diags *d)
{
	run *R = ctx;
	enum cr_status st = CR_OK;
	size_t n = 0;
	*at_end = false;
	pthread_mutex_lock(&R->lock);
	while (n < cap) {
		if (R->bhead < R->btail) {
			size_t b = R->bhead % FEED_BLOCKS, k = R->blen[b] - R->bpos;
			if (k > cap - n)
				k = cap - n;
			memcpy(dst + n, R->blk[b] + R->bpos, k);
			n += k;
			R->bpos += k;
			if (R->bpos == R->blen[b]) {
				R->bhead++;
				R->bpos = 0;
				pthread_cond_signal(&R->ready); /* a block is free for the main thread's next read */
			}
			continue;
		}
		if (n)
			break;
		if (R->feed_st) {
			st = R->feed_st;
			diags_move(d, &R->feed_diags);
			break;
		}
		if (R->feed_end) {
			*at_end = true;
			break;
		}
		if (R->stop) { /* the run is ending: no more bytes will come */
			st = CR_ECANCEL;
			break;
		}
		pthread_cond_wait(&R->work, &R->lock);
	}
	pthread_mutex_unlock(&R->lock);
	*got = n;
	return st;
}

/*
 * A worker: scores the chunks the main thread read, or (worker_reads) reads
 * the next chunk itself, one worker at a time, and scores it. Reading stays
 * in input order: a chunk's slot and records are taken under the lock, and
 * the chunk is counted as filled only once it is whole.
 */
static void *worker_main(void *arg)
{
	worker *W = arg;
	run *R = W->R;
	pthread_mutex_lock(&R->lock);
	for (;;) {
		chunk *c = NULL;
		bool fill = false;
		while (!R->stop) {
			if (R->nwork < R->nfill) {
				c = &R->ring[R->nwork++ % R->nring];
				break;
			}
			if (R->worker_reads && can_fill(R)) {
				c = &R->ring[R->nfill % R->nring];
				fill = R->filling = true;
				break;
			}
			if (R->worker_reads && cancelled(R))
				pthread_cond_signal(&R->ready); /* the main thread may be waiting for a chunk nobody will read */
			pthread_cond_wait(&R->work, &R->lock);
		}
		if (R->stop)
			break;
		pthread_mutex_unlock(&R->lock);
		if (fill) {
			cr_diags fd = {0};
			bool end = false;
			enum cr_status st = fill_chunk(R, R->rd, c, &fd, &end);
			pthread_mutex_lock(&R->lock);
			R->filling = false;
			if (st) {
				R->rd_st = st;
				diags_move(&R->rd_diags, &fd);
			}
			cr_diags_clear(&fd);
			R->end |= end;
			pthread_cond_broadcast(&R->work); /* the next chunk may be read now */
			if (!c->nrows) {
				pthread_cond_signal(&R->ready); /* nothing more: the main thread may be waiting to finish */
				continue;
			}
			R->nfill++;
			R->nwork++; /* the chunk read is scored by its reader, while it is in the cache */
			pthread_mutex_unlock(&R->lock);
		}
		score_chunk(W, c);
		pthread_mutex_lock(&R->lock);
		c->ready = true;
		pthread_cond_signal(&R->ready);
	}
	pthread_mutex_unlock(&R->lock);
	return NULL;
}

/* Stops and joins the workers (they finish the chunk in hand). */
static void stop_workers(run *R)
{
	if (!R->threads)
		return;
	pthread_mutex_lock(&R->lock);
	R->stop = true;
	pthread_cond_broadcast(&R->work);
	pthread_mutex_unlock(&R->lock);
	for (int i = 0; i < R->nw; i++)
		if (R->w[i].started) {
			pthread_join(R->w[i].tid, NULL);
			R->w[i].started = false;
		}
	R->threads = false;
}

/*
 * Reads, scores and takes back every row. Returns the first failure in input
 * order: a row that stops the batch, a write, the store, the reader, or a
 * cancel (CR_ECANCEL, without a diagnostic).
 */
static enum cr_status run_rows(run *R)
{
	enum cr_status st = CR_OK;
	if (R->threads)
		pthread_mutex_lock(&R->lock);
	for (;;) {
		/* take back, in order, every chunk that is scored */
		while (R->ntake < R->nfill && R->ring[R->ntake % R->nring].ready) {
			chunk *c = &R->ring[R->ntake % R->nring];
			if (R->threads)
				pthread_mutex_unlock(&R->lock);
			st = take_chunk(R, c);
			if (!st && cancelled(R))
				st = CR_ECANCEL;
			if (R->threads)
				pthread_mutex_lock(&R->lock);
			c->ready = false;
			R->ntake++;
			if (st)
				goto out;
			if (R->worker_reads)
				pthread_cond_broadcast(&R->work); /* its slot is free for the next chunk */
		}
		if (R->feeds && !R->feed_end && !R->feed_st && R->btail - R->bhead < FEED_BLOCKS) {
			/* a pipe's next bytes, for the worker that parses them; the wait for them is here, in the
			 * thread the stop signals reach */
			size_t b = R->btail % FEED_BLOCKS, got = 0;
			bool at_end = false;
			cr_diags fd = {0};
			pthread_mutex_unlock(&R->lock);
			enum cr_status fst = cancelled(R) ? CR_ECANCEL : cr_csv_read_raw(R->rd, R->blk[b], FEED_BLOCK, &got, &at_end, &fd);
			pthread_mutex_lock(&R->lock);
			if (got) {
				R->blen[b] = got;
				R->btail++;
			}
			R->feed_end = at_end;
			if (fst) {
				R->feed_st = fst;
				diags_move(&R->feed_diags, &fd);
			}
			cr_diags_clear(&fd);
			pthread_cond_broadcast(&R->work);
			continue;
		}
		if (!R->worker_reads && can_fill(R)) {
			chunk *c = &R->ring[R->nfill % R->nring];
			if (R->threads)
				pthread_mutex_unlock(&R->lock);
			/* the only reader: R->end, rd_st and rd_diags are the main thread's alone */
			R->rd_st = fill_chunk(R, R->rd, c, &R->rd_diags, &R->end);
			if (!R->threads && c->nrows) {
				score_chunk(&R->w[0], c);
				c->ready = true;
			}
			if (R->threads)
				pthread_mutex_lock(&R->lock);
			if (c->nrows) {
				R->nfill++;
				if (R->threads)
					pthread_cond_signal(&R->work);
			}
			continue;
		}
		if (R->ntake == R->nfill && !R->filling && (R->end || R->rd_st || cancelled(R)))
			break; /* all read and taken back */
		if (!R->threads)
			break; /* cannot happen: every chunk is scored as it is read */
		pthread_cond_wait(&R->ready, &R->lock);
	}
	if (R->rd_st) {
		diags_move(R->d, &R->rd_diags);
		st = R->rd_st;
	} else if (cancelled(R)) {
		st = CR_ECANCEL;
	}
out:
	if (R->threads)
		pthread_mutex_unlock(&R->lock);
	return st;
}

/* An intake for the export's header rows (h), a roster's or a survey's. */
static enum cr_status new_intake(const run *R, const cr_csv_header *h, cr_intake **in, cr_diags *d)
{
	const cr_batch_opts *o = R->o;
	enum cr_status st = (R->roster ? cr_intake_new_roster_rows : cr_intake_new_rows)(
		o->kb, o->q, (const char *const *const *)h->row, h->nrows, h->n, o->map, o->group_by, o->ngroup_by, in, d);
	if (!st)
		cr_intake_set_titles(*in, o->titles, o->min_confidence);
	return st;
}

/*
 * The main thread's intake, which reads the header with the caller's
 * diagnostics and applies the row filters (cr_intake_skip) as rows are read,
 * so each left-out row is counted once whatever the number of workers; and
 * the workers: each with its own intake (its caches, its row's notes and
 * title), plan and answers, built from the same header rows, so they cannot
 * fail where the first did not.
 */
static enum cr_status start_workers(run *R, const cr_csv_header *h, int jobs)
{
	const cr_batch_opts *o = R->o;
	enum cr_status st = new_intake(R, h, &R->main_in, R->d);
	if (st)
		return st;
	R->in = R->main_in;
	R->nw = jobs;
	R->w = cr_xcalloc((size_t)jobs, sizeof *R->w);
	for (int i = 0; i < jobs; i++) {
		worker *W = &R->w[i];
		W->R = R;
		cr_diags wd = {0};
		st = new_intake(R, h, &W->in, &wd);
		if (st)
			diags_move(R->d, &wd); /* cannot happen: the same header was read once already */
		cr_diags_clear(&wd);
		if (st)
			return st;
		W->ahead = cr_xcalloc(STAGE_ROWS, sizeof *W->ahead);
		for (size_t k = 0; k < STAGE_ROWS; k++)
			W->ahead[k].as = cr_answers_new(o->q);
		/* a roster is scored in the questionnaire baselines are scored in, as `occupation show` does */
		W->plan = cr_assess_plan_new(o->kb, R->roster ? cr_baseline_questionnaire(o->kb) : o->q);
		/* results and the summary use each person's first few recommendations only */
		cr_assess_plan_keep_advice(W->plan, CR_BATCH_FIRST_RECS > CR_COHORT_FIRST_RECS ? CR_BATCH_FIRST_RECS
											 : CR_COHORT_FIRST_RECS);
	}
	return CR_OK;
}

static enum cr_status launch_threads(run *R)
{
	R->nring = R->nw > 1 ? 2 * (size_t)R->nw + 2 : 1;
	R->ring = cr_xcalloc(R->nring, sizeof *R->ring);
	for (size_t i = 0; R->cohort && i < R->nring; i++) {
		R->ring[i].own_tally = R->nw > 1;
		R->ring[i].tally = R->nw > 1 ? cr_cohort_new(R->o->kb, R->group_names, R->ngroups) : R->cohort;
	}
	if (R->nw == 1)
		return CR_OK;
	pthread_mutex_init(&R->lock, NULL);
	pthread_cond_init(&R->work, NULL);
	pthread_cond_init(&R->ready, NULL);
	R->threads = true;
	R->main_thread = pthread_self();
	/* the workers parse the export; a pipe's (or a terminal's) bytes, whose read may wait for
	 * input a stop signal must interrupt, are read by the main thread, which the signals reach */
	R->worker_reads = true;
	if ((R->feeds = !cr_csv_is_file(R->rd))) {
		for (int i = 0; i < FEED_BLOCKS; i++)
			R->blk[i] = cr_xmalloc(FEED_BLOCK);
		cr_csv_set_source(R->rd, feed_source, R);
	}
	/* the stop signals go to the main thread, whose read they interrupt: workers block them */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int err = 0;
	for (int i = 0; i < R->nw && !err; i++)
		if (!(err = pthread_create(&R->w[i].tid, NULL, worker_main, &R->w[i])))
			R->w[i].started = true;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		stop_workers(R);
		return cr_diag_add(R->d, CR_EIO, NULL, 0, 0, "cannot start %d scoring threads: %s", R->nw, strerror(err));
	}
	return CR_OK;
}

static void free_run(run *R)
{
	bool had_lock = R->ring && R->nw > 1;
	stop_workers(R);
	if (had_lock) {
		pthread_mutex_destroy(&R->lock);
		pthread_cond_destroy(&R->work);
		pthread_cond_destroy(&R->ready);
	}
	for (size_t i = 0; R->ring && i < R->nring; i++) {
		chunk *c = &R->ring[i];
		free(c->rows);
		free(c->text);
		free(c->fields);
		cr_sb_free(&c->out);
		cr_sb_free(&c->err);
		free(c->kept);
		free(c->advice);
		free(c->trans);
		free(c->adds);
		if (c->own_tally)
			cr_cohort_free(c->tally);
		for (int s = 0; s < c->nshown; s++) {
			free(c->shown[s].column);
			free(c->shown[s].problem);
		}
		cr_diags_clear(&c->diags);
	}
	free(R->ring);
	cr_diags_clear(&R->rd_diags);
	for (int i = 0; i < FEED_BLOCKS; i++)
		free(R->blk[i]);
	cr_diags_clear(&R->feed_diags);
	for (int i = 0; R->w && i < R->nw; i++) {
		for (size_t k = 0; R->w[i].ahead && k < STAGE_ROWS; k++) {
			ahead *a = &R->w[i].ahead[k];
			cr_answers_free(a->as);
			free(a->cells);
			for (size_t m = 0; m < a->reading.nnotes; m++)
				free(a->reading.notes[m]);
		}
		free(R->w[i].ahead);
		for (size_t k = 0; R->w[i].baseline && k < R->o->kb->noccupations; k++)
			cr_answers_free(R->w[i].baseline[k]);
		free(R->w[i].baseline);
		cr_assess_plan_free(R->w[i].plan);
		cr_intake_free(R->w[i].in);
		cr_sb_free(&R->w[i].tmp);
	}
	free(R->w);
	cr_intake_free(R->main_in);
	cr_sb_free(&R->line);
	cr_sb_free(&R->skey);
	cr_sb_free(&R->srecs);
	cr_sb_free(&R->sroles);
	kstrs_free(&R->recs);
	kstrs_free(&R->roles);
	kstrs_free(&R->occs);
	kstrs_free(&R->bands);
	free(R->kstr_text);
	for (size_t i = 0; i < R->ngcache; i++) {
		free(R->gcache[i].key);
		free(R->gcache[i].json);
	}
	free(R->gcache);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static enum cr_status write_summary(run *R)
{
	const cr_batch_opts *o = R->o;
	cr_cohort_view *v = cr_cohort_publish(R->cohort, o->min_group);
	cr_cohort_meta m = {strcmp(o->input, "-") ? base_name(o->input) : NULL, o->q->id, R->stats->rows_read,
			    R->stats->rows_scored, R->stats->rows_bad, R->stats->roster};
	enum cr_status st = o->summary_format == CR_SUMMARY_HTML ? cr_render_cohort_html(R->sum.f, v, &m)
								 : cr_render_cohort_markdown(R->sum.f, v, &m);
	cr_cohort_view_free(v);
	if (st)
		cr_diag_add(R->d, CR_EIO, o->summary, 0, 0, "cannot write the summary: %s", why(&R->sum));
	return st;
}

static enum cr_status read_header(run *R, cr_csv_reader *rd, int jobs)
{
	const cr_batch_opts *o = R->o;
	cr_csv_header h;
	enum cr_status st = cr_csv_read_header(rd, o->header_rows, &h, R->d); /* Qualtrics' 3 rows, SurveyMonkey's 2 */
	if (st)
		return st;
	if (!h.nrows) {
		cr_diag_add(R->d, CR_EDATA, o->input, 0, 0, "the file is empty: it needs a header row and a row per employee");
		cr_diag_hint(R->d, "`career-risk " CR_CMD_QUESTIONNAIRE_TEMPLATE " %s " CR_FLAG_FORMAT " csv` writes the header row", o->q->id);
		return CR_EDATA;
	}
	/* a roster: asked for, or a title column and no survey question (a map says it is a survey); a roster
	 * is an HRIS extract, with one header row */
	R->roster = R->stats->roster =
		o->roster || (!o->map && h.nrows == 1 && cr_intake_is_roster(o->q, (const char *const *)h.row[0], h.n));
	st = start_workers(R, &h, jobs);
	cr_csv_header_free(&h);
	return st;
}

enum cr_status cr_batch_run(const cr_batch_opts *o, cr_batch_stats *stats, cr_diags *d)
{
	run R = {.o = o, .stats = stats, .d = d};
	cr_csv_reader *rd = NULL;
	enum cr_status st;
	int jobs = o->jobs < 1 ? 1 : o->jobs > CR_BATCH_MAX_JOBS ? CR_BATCH_MAX_JOBS : o->jobs;
	memset(stats, 0, sizeof *stats);

	if ((st = cr_csv_open(o->input, &rd, d)))
		goto out;
	if (o->cancel)
		cr_csv_set_cancel(rd, o->cancel);
	cr_csv_set_encoding(rd, o->encoding); /* once, as the main thread reads: the workers see UTF-8 */
	if ((st = read_header(&R, rd, jobs))) {
		if (st == CR_ECANCEL)
			cr_diag_add(d, CR_ECANCEL, NULL, 0, 0, "cancelled before any row was read");
		goto out;
	}
	R.ngroups = cr_intake_ngroups(R.in);
	R.id_col = cr_intake_id_col(R.in);
	R.sep = cr_csv_separator(rd);
	for (size_t c = 0; c < cr_intake_ncols(R.in); c++) {
		const cr_intake_col *col = cr_intake_col_at(R.in, c);
		if (col->kind != CR_COL_IGNORED || col->group >= 0 || (long)c == R.id_col)
			continue;
		if (stats->nignored < (int)CR_ARRAY_LEN(stats->ignored))
			stats->ignored[stats->nignored] = cr_xstrdup(col->header);
		stats->nignored++;
	}
	for (size_t g = 0; g < R.ngroups; g++)
		R.group_names[g] = cr_intake_group_name(R.in, g);
	for (size_t i = 0; i < 3; i++) {
		const char *path = i == 0 ? o->output : i == 1 ? o->errors : o->summary;
		if (path && strcmp(path, "-") != 0)
			stats->stale_removed += cr_output_remove_stale(path);
	}
	/* a million rows take a hundred writes with this buffer, not fifty thousand */
	if ((o->output && (st = cr_output_open(&R.out, o->output, OUT_BUFFER, d))) ||
	    (st = cr_output_open(&R.err, o->errors, OUT_BUFFER, d)) ||
	    (o->summary && (st = cr_output_open(&R.sum, o->summary, OUT_BUFFER, d))))
		goto out;
	header_rows(&R);
	if (R.out.f && o->format == CR_BATCH_CSV)
		results_strings(&R);
	if (o->summary)
		R.cohort = cr_cohort_new(o->kb, R.group_names, R.ngroups);
	for (size_t i = 0; i < o->nlabels; i++) {
		size_t g = 0;
		while (g < R.ngroups && cr_strcasecmp(R.group_names[g], o->labels[i].column) != 0)
			g++;
		if (g == R.ngroups) {
			st = cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "a label is given for '%s', which is not a grouping column",
					 o->labels[i].column);
			cr_diag_hint(d, "the summary groups by %s%s", R.ngroups ? R.group_names[0] : "no column",
				     R.ngroups > 1 ? " and others" : "");
			goto out;
		}
		if (R.cohort)
			cr_cohort_set_label(R.cohort, g, o->labels[i].label);
	}
	if (o->store) {
		const char *name = o->cohort_name ? o->cohort_name
				   : strcmp(o->input, "-") ? base_name(o->input) : "standard input";
		if ((st = cr_store_cohort_begin(o->store, name, strcmp(o->input, "-") ? base_name(o->input) : NULL, o->q->id,
						o->kb->version, &R.writer, d)))
			goto out;
		stats->cohort_id = cr_store_cohort_id(R.writer);
	}
	R.rd = rd;
	if ((st = launch_threads(&R)))
		goto out;
	st = run_rows(&R);
	stop_workers(&R);
	if (st == CR_ECANCEL)
		cr_diag_add(d, CR_ECANCEL, NULL, 0, 0, "cancelled after %lld rows; no results were kept", stats->rows_read);
	if (st)
		goto out;
	stats->bytes_read = cr_csv_offset(rd);
	stats->rows_skipped = cr_intake_skipped(R.main_in, d);
	/* a signal after the last row still stops the batch, as long as nothing is final yet */
	if (o->cancel && *o->cancel) {
		st = cr_diag_add(d, CR_ECANCEL, NULL, 0, 0, "cancelled after %lld rows; no results were kept",
				 stats->rows_read);
		goto out;
	}
	if (R.sum.f && (st = write_summary(&R)))
		goto out;
	/*
	 * Every file safely on disk before the cohort is marked done, and only then
	 * renamed into place: a failure (a full disk) or a kill up to the cohort's
	 * commit leaves neither the cohort nor any file; after it, only the renames
	 * remain.
	 */
	if ((st = cr_output_finish(&R.err, d)) || (st = cr_output_finish(&R.out, d)) || (st = cr_output_finish(&R.sum, d)))
		goto out;
	if (R.writer && (st = cr_store_cohort_finish(R.writer, stats->rows_read, stats->rows_scored, stats->rows_bad, d)))
		goto out;
	if ((st = cr_output_commit(&R.err, d)) || (st = cr_output_commit(&R.out, d)) || (st = cr_output_commit(&R.sum, d)))
		goto out;
	if (o->progress)
		o->progress(stats, o->progress_ctx);
	if (!stats->rows_read) {
		st = cr_diag_add(d, CR_EDATA, o->input, 0, 0, "the file has a header but no rows to score");
	} else if (!stats->rows_scored) {
		st = cr_diag_add(d, CR_EDATA, o->input, 0, 0, "none of the %lld rows could be scored", stats->rows_read);
		cr_diag_hint(d, "%s says why, row by row", o->errors);
	}
out:
	stop_workers(&R);
	/* the errors file explains a failed batch; everything else is taken back */
	if (st && R.err.tmp && st != CR_ECANCEL && !cr_output_finish(&R.err, d))
		cr_output_commit(&R.err, d);
	cr_output_abandon(&R.err);
	cr_output_abandon(&R.out);
	cr_output_abandon(&R.sum);
	cr_store_cohort_free(R.writer); /* deletes the cohort unless it was finished */
	if (st && R.writer)
		stats->cohort_id = 0;
	cr_cohort_free(R.cohort);
	cr_csv_close(rd);
	free_run(&R);
	return st;
}
