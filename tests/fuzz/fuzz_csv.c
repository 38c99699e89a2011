/*
 * fuzz_csv.c - a survey export (CSV) through the CSV reader and the column mapping.
 *
 * The input is a CSV file, read as `career-risk batch` reads it: the reader
 * (cr_csv_from_stream, over fmemopen) gives the header to cr_intake_new()
 * against the shipped `intake` questionnaire, then each row to
 * cr_intake_row(), skipping rows the reader marked oversized or cut by an
 * open quote, as batch.c does. Accepted rows are scored with the batch's
 * assessment plan, and the first one is checked against cr_assess() (the
 * batch never renders a row, so neither does this).
 *
 * The reader fills a 64 KiB buffer at a time, so with inputs of a few KiB its
 * buffer boundaries would never be reached. Each input is therefore read a
 * second time through a stream that hands it over a few bytes at a time,
 * interrupted (EINTR) in between, which makes the reader stop filling its
 * buffer there; the records, their numbers and lines must come out the same.
 *
 * The input is then read a third time as the batch reads an export in a
 * survey tool's shape: cr_csv_read_header() decides the header rows
 * (Qualtrics, SurveyMonkey), cr_intake_new_rows() maps them, and every row
 * goes through the row filters (cr_intake_skip) and cr_intake_row(), with the
 * same checks on problems and notes.
 *
 * Every record is also written back with the batch's CSV writer (cr_csv_add,
 * which quotes only what needs quotes), after a record number as every line
 * of the results and errors files starts, and must read back unchanged.
 */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "csvio.h"
#include "fuzz.h"
#include "intake.h"
#include "util.h"

static cr_kb *kb;
static const cr_questionnaire *q;
static cr_assess_plan *plan;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	kb = fuzz_shipped_kb();
	q = cr_kb_questionnaire(kb, "intake");
	if (!q)
		fuzz_fail("the shipped knowledge has no 'intake' questionnaire");
	plan = cr_assess_plan_new(kb, q);
	return 0;
}

/* Fields in a form that shows every byte and where each field ends. */
static void log_fields(cr_sb *log, const char *const *v, size_t from, size_t n)
{
	for (size_t i = from; i < n; i++) {
		char len[32];
		snprintf(len, sizeof len, "%zu:", strlen(v[i]));
		cr_sb_add(log, len);
		cr_sb_add(log, v[i]);
		cr_sb_addc(log, '\n');
	}
}

/* Appends what the reader gave for one record to a log, to compare two readings. */
static void log_record(cr_sb *log, const cr_csv_record *rec)
{
	char head[96];
	snprintf(head, sizeof head, "#%lld line %lld n %zu%s%s\n", rec->number, rec->line, rec->n,
		 rec->oversized ? " oversized" : "", rec->open_quote ? " open-quote" : "");
	cr_sb_add(log, head);
	log_fields(log, rec->v, 0, rec->n);
}

/* The lines the writer made (`echo`) must read back as the fields they were made of (`want`). */
static void check_written(const cr_sb *echo, const cr_sb *want)
{
	if (!echo->len)
		return;
	FILE *f = fmemopen(echo->s, echo->len, "rb");
	if (!f)
		abort();
	cr_csv_reader *rd = cr_csv_from_stream(f, "written.csv");
	cr_diags d = {0};
	cr_sb got = {0};
	const cr_csv_record *rec;
	while (cr_csv_next(rd, &rec, &d) == CR_OK && rec)
		log_fields(&got, rec->v, 1, rec->n);
	if (d.n || got.len != want->len || memcmp(got.s, want->s, got.len) != 0) {
		fprintf(stderr, "fuzz: written:\n%.*s\nfuzz: read back:\n%.*s\n", (int)want->len, want->s, (int)got.len,
			got.s ? got.s : "");
		fuzz_fail("fields written by cr_csv_add do not read back the same");
	}
	cr_sb_free(&got);
	cr_diags_clear(&d);
	cr_csv_close(rd);
	fclose(f);
}

/* What every record must satisfy, whatever the input. */
static void check_record(const cr_csv_record *rec, long long prev_number, long long prev_line, long long lines)
{
	if (rec->number != prev_number + 1)
		fuzz_fail("record numbers must count up by one");
	if (rec->line <= prev_line || rec->line > lines)
		fuzz_fail("a record must start on a later line than the one before, inside the file");
	if (rec->n > CR_CSV_MAX_FIELDS || (!rec->oversized && rec->n == 0))
		fuzz_fail("a record has no fields, or more than the bound");
	if (rec->v[rec->n] != NULL)
		fuzz_fail("the field list is not NULL-terminated");
	size_t bytes = 0;
	for (size_t i = 0; i < rec->n; i++)
		bytes += strlen(rec->v[i]) + 1;
	if (bytes > CR_CSV_MAX_RECORD)
		fuzz_fail("a record holds more bytes than the bound");
}

static void check_result(const cr_result *r)
{
	if (r->score < 0 || r->score > 100 || r->range_lo > r->score || r->range_hi < r->score || !r->band)
		fuzz_fail("a batch score outside 0-100 or its range, or without a band");
}

/* The first accepted row: the batch's plan must give what `career-risk assess` gives. */
static void check_against_assess(const cr_result *planned, const cr_answers *as)
{
	cr_diags d = {0};
	cr_result *r = NULL;
	if (cr_assess(kb, as, 0, &r, &d) != CR_OK)
		fuzz_fail("a row the batch scored cannot be assessed");
	if (r->score != planned->score || r->range_lo != planned->range_lo || r->range_hi != planned->range_hi ||
	    strcmp(r->band, planned->band) != 0 || r->routineness != planned->routineness ||
	    r->ai_usage != planned->ai_usage || r->specialization != planned->specialization)
		fuzz_fail("the batch plan scores a row differently from cr_assess");
	cr_result_free(r);
	cr_diags_clear(&d);
}

/*
 * Reads the whole stream as cr_batch_run() does. With `full`, the header is
 * mapped and every row read into answers and scored; either way every record
 * goes to `log`. Returns the separator the reader chose.
 */
static char read_export(FILE *f, long long lines, bool full, cr_sb *log)
{
	cr_csv_reader *rd = cr_csv_from_stream(f, "fuzz.csv");
	cr_diags d = {0};
	cr_intake *in = NULL;
	cr_answers *as = NULL;
	bool header = true, checked = false;
	long long prev_number = 0, prev_line = 0;
	cr_sb echo = {0}, want = {0}; /* records written back, and the fields they hold */
	for (;;) {
		const cr_csv_record *rec = NULL;
		size_t before = d.n;
		enum cr_status st = cr_csv_next(rd, &rec, &d);
		if (st != CR_OK) {
			if (st != CR_EDATA || d.n == before)
				fuzz_fail("a CSV the reader refuses must say why, as a data error");
			cr_sb_add(log, "refused\n");
			break;
		}
		if (!rec)
			break;
		check_record(rec, prev_number, prev_line, lines);
		prev_number = rec->number;
		prev_line = rec->line;
		log_record(log, rec);
		if (!full)
			continue;
		if (!rec->oversized) {
			cr_csv_add_int(&echo, rec->number, true);
			for (size_t i = 0; i < rec->n; i++)
				cr_csv_add(&echo, rec->v[i], false);
			cr_sb_addc(&echo, '\n');
			log_fields(&want, rec->v, 0, rec->n);
		}
		if (header) {
			header = false;
			if (rec->oversized)
				continue; /* batch refuses a header of more than CR_CSV_MAX_FIELDS columns */
			before = d.n;
			st = cr_intake_new(kb, q, rec->v, rec->n, NULL, NULL, 0, &in, &d);
			if (st != CR_OK) {
				if (st != CR_EDATA || d.n == before)
					fuzz_fail("a header that cannot be mapped must say why, as a data error");
				continue; /* batch stops here; the rest is still read, for the log */
			}
			if (cr_intake_ncols(in) != rec->n)
				fuzz_fail("the mapping does not have a column for each header");
			as = cr_answers_new(q);
			continue;
		}
		if (!in || rec->oversized || rec->open_quote)
			continue; /* batch reports these without reading their cells */
		const cr_intake_problem *p = NULL;
		size_t np = 0;
		st = cr_intake_row(in, rec->v, rec->n, as, &p, &np);
		if (st != CR_OK) {
			if (st != CR_EDATA || np == 0 || np > CR_INTAKE_MAX_PROBLEMS)
				fuzz_fail("a bad row must come with its problems, as a data error");
			for (size_t i = 0; i < np; i++) {
				if (!p[i].msg || !*p[i].msg)
					fuzz_fail("a problem without a message");
				if (p[i].col < -1 || p[i].col >= (long)rec->n)
					fuzz_fail("a problem names a column the row does not have");
				if (p[i].col >= 0 && !cr_intake_col_at(in, (size_t)p[i].col)->header)
					fuzz_fail("a problem's column has no header");
			}
			continue;
		}
		/* what score_row() reads from the row besides the answers */
		for (size_t g = 0; g < cr_intake_ngroups(in); g++)
			if (cr_intake_group_col(in, g) >= rec->n || !cr_utf8_valid(rec->v[cr_intake_group_col(in, g)]))
				fuzz_fail("a grouping value outside the row, or not UTF-8");
		long idc = cr_intake_id_col(in);
		if (idc >= (long)rec->n || (idc >= 0 && !cr_utf8_valid(rec->v[idc])))
			fuzz_fail("the employee id outside the row, or not UTF-8");
		const cr_result *r = cr_assess_plan_run(plan, as);
		check_result(r);
		if (!checked) {
			check_against_assess(r, as);
			checked = true;
		}
	}
	check_written(&echo, &want);
	cr_sb_free(&echo);
	cr_sb_free(&want);
	char sep = cr_csv_separator(rd);
	cr_answers_free(as);
	cr_intake_free(in);
	cr_csv_close(rd);
	cr_diags_clear(&d);
	return sep;
}

/* Reads the input as batch.c does, header rows and all: nothing may crash, problems must be said. */
static void read_shaped(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f)
		abort();
	cr_csv_reader *rd = cr_csv_from_stream(f, "fuzz.csv");
	cr_diags d = {0};
	cr_csv_header h;
	cr_intake *in = NULL;
	enum cr_status st = cr_csv_read_header(rd, 0, &h, &d);
	if (st != CR_OK) {
		if (st != CR_EDATA || !d.n)
			fuzz_fail("header rows the reader refuses must say why, as a data error");
		goto out;
	}
	if (!h.nrows)
		goto out;
	if (h.nrows > CR_CSV_MAX_HEADER_ROWS)
		fuzz_fail("more header rows than the bound");
	size_t before = d.n;
	st = cr_intake_new_rows(kb, q, (const char *const *const *)h.row, h.nrows, h.n, NULL, NULL, 0, &in, &d);
	cr_csv_header_free(&h);
	if (st != CR_OK) {
		if (st != CR_EDATA || d.n == before)
			fuzz_fail("header rows that cannot be mapped must say why, as a data error");
		goto out;
	}
	cr_answers *as = cr_answers_new(q);
	const cr_csv_record *rec;
	while (cr_csv_next(rd, &rec, &d) == CR_OK && rec) {
		if (rec->oversized || rec->open_quote || rec->nul_field >= 0 || cr_intake_skip(in, rec->v, rec->n))
			continue;
		const cr_intake_problem *p = NULL;
		size_t np = 0;
		if (cr_intake_row(in, rec->v, rec->n, as, &p, &np) != CR_OK) {
			if (np == 0 || np > CR_INTAKE_MAX_PROBLEMS)
				fuzz_fail("a bad row must come with its problems");
			for (size_t i = 0; i < np; i++)
				if (!p[i].msg || !*p[i].msg || p[i].col < -1 || p[i].col >= (long)rec->n)
					fuzz_fail("a problem without a message, or naming a column the row does not have");
			continue;
		}
		const char *const *notes;
		size_t nn = cr_intake_row_notes(in, &notes);
		for (size_t i = 0; i < nn; i++)
			if (!notes[i] || !strchr(notes[i], ':'))
				fuzz_fail("a row note is not a check id such as approx:QUESTION");
		check_result(cr_assess_plan_run(plan, as));
	}
	cr_intake_skipped(in, &d);
	cr_answers_free(as);
out:
	cr_intake_free(in);
	cr_csv_close(rd);
	cr_diags_clear(&d);
	fclose(f);
}

/* A stream that gives `step` bytes at a time and fails with EINTR between them. */
typedef struct trickle {
	const uint8_t *data;
	size_t size, pos, step;
	bool interrupt;
} trickle;

static ssize_t trickle_read(void *cookie, char *buf, size_t n)
{
	trickle *t = cookie;
	if (t->interrupt && t->pos < t->size) {
		t->interrupt = false;
		errno = EINTR;
		return -1;
	}
	/* the first piece holds at least what the reader looks at once (byte-order mark, UTF-16) */
	size_t step = t->pos ? t->step : t->step + 3;
	size_t k = t->size - t->pos < step ? t->size - t->pos : step;
	if (k > n)
		k = n;
	memcpy(buf, t->data + t->pos, k);
	t->pos += k;
	t->interrupt = true;
	return (ssize_t)k;
}

/* Shows where two logs part, then fails. */
static void logs_differ(const cr_sb *a, const cr_sb *b)
{
	size_t i = 0;
	while (i < a->len && i < b->len && a->s[i] == b->s[i])
		i++;
	size_t from = i > 80 ? i - 80 : 0;
	fprintf(stderr, "fuzz: read whole:     ...%.*s\n", (int)((a->len < i + 80 ? a->len : i + 80) - from), a->s + from);
	fprintf(stderr, "fuzz: read in pieces: ...%.*s\n", (int)((b->len < i + 80 ? b->len : i + 80) - from), b->s + from);
	fuzz_fail("the records differ when the input arrives in pieces");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0; /* fmemopen wants a buffer; an empty export is a unit test */
	/* physical lines: a record's line may be at most one past the last line end */
	long long lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n' ? (i == 0 || data[i - 1] != '\r') : data[i] == '\r';
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f)
		abort();
	cr_sb whole = {0}, pieces = {0};
	char sep = read_export(f, lines, true, &whole);
	fclose(f);

	trickle t = {.data = data, .size = size, .step = 1 + size % 5};
	f = fopencookie(&t, "rb", (cookie_io_functions_t){.read = trickle_read});
	if (!f)
		abort();
	char sep2 = read_export(f, lines, false, &pieces);
	fclose(f);
	/* the separator is guessed from the first buffer, so a short first piece may guess otherwise */
	if (sep == sep2 && (whole.len != pieces.len || (whole.len && memcmp(whole.s, pieces.s, whole.len) != 0)))
		logs_differ(&whole, &pieces);
	cr_sb_free(&whole);
	cr_sb_free(&pieces);
	read_shaped(data, size);
	return 0;
}
