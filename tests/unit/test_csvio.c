/* test_csvio.c - the streaming CSV reader and writer (app/io/csvio.c). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"

/* Reads every record of `text` (len bytes); returns the status of the last cr_csv_next. */
typedef struct rec_copy {
	char *fields[16];
	size_t n;
	long long number, line;
	bool oversized, open_quote;
	long nul_field;
	bool contiguous; /* rec->bytes spans the fields end to end, as it says */
	bool offs_right; /* rec->offs is given and each is v[i] - v[0], as batch copies them */
} rec_copy;

static enum cr_status read_all(const char *text, size_t len, rec_copy *out, size_t max, size_t *n, cr_diags *d)
{
	FILE *f = fmemopen((void *)text, len, "rb");
	assert_non_null(f);
	cr_csv_reader *r = cr_csv_from_stream(f, "test.csv");
	enum cr_status st;
	const cr_csv_record *rec;
	*n = 0;
	while ((st = cr_csv_next(r, &rec, d)) == CR_OK && rec) {
		assert_true(*n < max);
		rec_copy *c = &out[(*n)++];
		memset(c, 0, sizeof *c);
		c->n = rec->n;
		for (size_t i = 0; i < rec->n && i < 16; i++)
			c->fields[i] = cr_xstrdup(rec->v[i]);
		c->number = rec->number;
		c->line = rec->line;
		c->oversized = rec->oversized;
		c->open_quote = rec->open_quote;
		c->nul_field = rec->nul_field;
		assert_true(rec->n == 0 || rec->bytes > 0);
		if (rec->n) {
			const char *last = rec->v[rec->n - 1];
			size_t lastlen = strlen(last) + 1;
			/* a field cut by a NUL byte only reads shorter than its room */
			c->contiguous = last + lastlen <= rec->v[0] + rec->bytes;
			for (size_t i = 1; i < rec->n; i++)
				c->contiguous &= rec->v[i] > rec->v[i - 1] && rec->v[i][-1] == '\0';
			c->offs_right = rec->offs != NULL;
			for (size_t i = 0; i < rec->n && c->offs_right; i++)
				c->offs_right = rec->offs[i] == (size_t)(rec->v[i] - rec->v[0]);
		}
	}
	cr_csv_close(r);
	fclose(f);
	return st;
}

static void free_recs(rec_copy *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < v[i].n && j < 16; j++)
			free(v[i].fields[j]);
}

/*
 * A NUL byte is found in the field that holds it, also inside a quoted field
 * that goes on over lines, and only there: the records after it are clean.
 * Records read from the file lie end to end (bytes), for a one-piece copy.
 */
static void test_nul_fields(void **state)
{
	(void)state;
	static const char text[] = "id,dept,comment\n"
				   "E1,Fin\0ance,ok\n"
				   "E2,Sales,\"first line\nsecond \0 line\nthird\"\n"
				   "E3,Ops,\"a\nb\"\n"
				   "E4,\"Le\ngal\",x\0\n"
				   "E5,HR,fine\n";
	rec_copy v[8];
	size_t n;
	cr_diags d = {0};
	assert_int_equal(read_all(text, sizeof text - 1, v, 8, &n, &d), CR_OK);
	assert_int_equal(n, 6);
	static const long want[] = {-1, 1, 2, -1, 2, -1};
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(v[i].nul_field, want[i]);
		assert_true(v[i].contiguous);
		assert_true(v[i].offs_right);
	}
	assert_string_equal(v[3].fields[2], "a\nb");
	assert_string_equal(v[5].fields[2], "fine");
	free_recs(v, n);
	cr_diags_clear(&d);
}

/* A survey tool's export: byte-order mark, CRLF, quotes holding separators, quotes and line breaks. */
static void test_survey_export(void **state)
{
	(void)state;
	static const char text[] = "\xef\xbb\xbf" "id,dept,comment\r\n"
				   "E1,Finance,\"plain\"\r\n"
				   "E2,\"Sales, Marketing\",\"said \"\"hi\"\"\r\nthen left\"\r\n"
				   "\r\n"
				   "E3,Ops,last\r\n";
	rec_copy v[8];
	size_t n;
	cr_diags d = {0};
	assert_int_equal(read_all(text, sizeof text - 1, v, 8, &n, &d), CR_OK);
	assert_int_equal(n, 4);
	assert_string_equal(v[0].fields[0], "id"); /* the byte-order mark is not part of the first header */
	assert_int_equal(v[0].number, 1);
	assert_int_equal(v[0].line, 1);
	assert_string_equal(v[1].fields[2], "plain");
	assert_int_equal(v[1].line, 2);
	assert_string_equal(v[2].fields[1], "Sales, Marketing");
	assert_string_equal(v[2].fields[2], "said \"hi\"\r\nthen left");
	assert_int_equal(v[2].number, 3);
	assert_int_equal(v[2].line, 3);
	/* record 4 starts on line 6: the quoted line break and the blank line both count */
	assert_string_equal(v[3].fields[0], "E3");
	assert_int_equal(v[3].number, 4);
	assert_int_equal(v[3].line, 6);
	free_recs(v, n);
	cr_diags_clear(&d);
}

/* LF and lone CR line ends; a last line without one. */
static void test_line_ends(void **state)
{
	(void)state;
	static const char lf[] = "a,b\n1,2\n\n3,4";
	static const char cr[] = "a,b\r1,2\r3,4\r";
	rec_copy v[8];
	size_t n;
	cr_diags d = {0};
	assert_int_equal(read_all(lf, sizeof lf - 1, v, 8, &n, &d), CR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(v[2].fields[1], "4");
	assert_int_equal(v[2].line, 4);
	free_recs(v, n);
	assert_int_equal(read_all(cr, sizeof cr - 1, v, 8, &n, &d), CR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(v[1].line, 2);
	assert_int_equal(v[2].line, 3);
	assert_string_equal(v[2].fields[0], "3");
	free_recs(v, n);
	cr_diags_clear(&d);
}

/* European spreadsheets write semicolons; in tab-separated exports a tab separates and is not space. */
static void test_separator_guess(void **state)
{
	(void)state;
	static const char semi[] = "id;dept;share\n1;\"A;B\";12,5\n";
	static const char tab[] = "id\tdept\tsite\n1\t North \t\tNew York\n";
	rec_copy v[4];
	size_t n;
	cr_diags d = {0};
	assert_int_equal(read_all(semi, sizeof semi - 1, v, 4, &n, &d), CR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[1].n, 3);
	assert_string_equal(v[1].fields[1], "A;B");
	assert_string_equal(v[1].fields[2], "12,5");
	free_recs(v, n);
	assert_int_equal(read_all(tab, sizeof tab - 1, v, 4, &n, &d), CR_OK);
	assert_int_equal(v[1].n, 4);
	assert_string_equal(v[1].fields[1], "North"); /* unquoted fields lose the spaces around them */
	assert_string_equal(v[1].fields[2], "");
	assert_string_equal(v[1].fields[3], "New York");
	free_recs(v, n);
	cr_diags_clear(&d);
}

/* A quote left open at the end swallows the rest of the file into one row, which says so. */
static void test_open_quote_at_end(void **state)
{
	(void)state;
	static const char text[] = "a,b\n1,\"oops\n2,3\n";
	rec_copy v[4];
	size_t n;
	cr_diags d = {0};
	assert_int_equal(read_all(text, sizeof text - 1, v, 4, &n, &d), CR_OK);
	assert_int_equal(n, 2);
	assert_true(v[1].open_quote);
	assert_false(v[0].open_quote);
	assert_int_equal(v[1].line, 2);
	free_recs(v, n);
	cr_diags_clear(&d);
}

/* Bounds: too many fields marks the record and reading goes on; a runaway field stops it. */
static void test_bounds(void **state)
{
	(void)state;
	cr_sb b = {0};
	cr_sb_add(&b, "a,b\n");
	for (int i = 0; i < CR_CSV_MAX_FIELDS + 10; i++)
		cr_sb_add(&b, i ? ",x" : "x");
	cr_sb_add(&b, "\n1,2\n");
	rec_copy v[4];
	size_t n;
	cr_diags d = {0};
	assert_int_equal(read_all(b.s, b.len, v, 4, &n, &d), CR_OK);
	assert_int_equal(n, 3);
	assert_true(v[1].oversized);
	assert_false(v[2].oversized);
	assert_string_equal(v[2].fields[1], "2");
	free_recs(v, n);
	cr_sb_free(&b);

	cr_sb_add(&b, "a,b\n1,\"");
	for (unsigned i = 0; i < CR_CSV_MAX_FIELD + 100; i++)
		cr_sb_addc(&b, 'y');
	cr_sb_add(&b, "\"\n");
	assert_int_equal(read_all(b.s, b.len, v, 4, &n, &d), CR_EDATA);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].msg, "is a quote left open?"));
	assert_int_equal(d.v[0].line, 2);
	free_recs(v, n);
	cr_sb_free(&b);
	cr_diags_clear(&d);
}

static void test_utf16_refused(void **state)
{
	(void)state;
	static const char text[] = "\xff\xfe" "i\0d\0\n\0";
	rec_copy v[2];
	size_t n;
	cr_diags d = {0};
	assert_int_equal(read_all(text, sizeof text - 1, v, 2, &n, &d), CR_EDATA);
	assert_non_null(strstr(d.v[0].msg, "UTF-16"));
	assert_non_null(d.v[0].hint);
	cr_diags_clear(&d);
}

/* Workbooks are refused by their first bytes, whatever the file is called. */
static void test_workbooks_refused(void **state)
{
	(void)state;
	static const char xlsx[] = "PK\x03\x04\x14\x00\x06\x00rest of a zip";
	static const char xls[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest of an OLE file";
	rec_copy v[2];
	size_t n;
	cr_diags d = {0};
	assert_int_equal(read_all(xlsx, sizeof xlsx - 1, v, 2, &n, &d), CR_EDATA);
	assert_non_null(strstr(d.v[0].msg, ".xlsx"));
	assert_non_null(strstr(d.v[0].hint, "CSV UTF-8"));
	cr_diags_clear(&d);
	assert_int_equal(read_all(xls, sizeof xls - 1, v, 2, &n, &d), CR_EDATA);
	assert_non_null(strstr(d.v[0].msg, ".xls:"));
	cr_diags_clear(&d);
}

/* Windows-1252 is recognised and converted, with a warning; a stated encoding is converted silently. */
static void test_encodings(void **state)
{
	(void)state;
	static const char cp1252[] = "id;dept\r\nE1;Gesch\xe4\x66tsf\xfchrung \x80\r\n";
	rec_copy v[4];
	size_t n;
	cr_diags d = {0};
	assert_int_equal(read_all(cp1252, sizeof cp1252 - 1, v, 4, &n, &d), CR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[1].fields[1], "Gesch\xc3\xa4\x66tsf\xc3\xbchrung \xe2\x82\xac");
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].status, CR_OK);
	assert_non_null(strstr(d.v[0].msg, "Windows-1252"));
	free_recs(v, n);
	cr_diags_clear(&d);
	/* stated: latin1 reads 0x80 as a control character, not the euro sign */
	FILE *f = fmemopen((void *)cp1252, sizeof cp1252 - 1, "rb");
	cr_csv_reader *r = cr_csv_from_stream(f, "t.csv");
	cr_csv_set_encoding(r, "latin1");
	const cr_csv_record *rec;
	assert_int_equal(cr_csv_next(r, &rec, &d), CR_OK);
	assert_int_equal(cr_csv_next(r, &rec, &d), CR_OK);
	assert_string_equal(rec->v[1], "Gesch\xc3\xa4\x66tsf\xc3\xbchrung \xc2\x80");
	assert_int_equal(d.n, 0);
	assert_string_equal(cr_csv_encoding(r), "latin1");
	cr_csv_close(r);
	fclose(f);
	/* neither UTF-8 nor Windows-1252 (0x81 is undefined there): one message, nothing read */
	static const char odd[] = "id\nE\x81\n";
	assert_int_equal(read_all(odd, sizeof odd - 1, v, 4, &n, &d), CR_EDATA);
	assert_non_null(strstr(d.v[0].msg, "not UTF-8 text, nor Windows-1252"));
	cr_diags_clear(&d);
	/* an encoding iconv does not know */
	f = fmemopen((void *)cp1252, sizeof cp1252 - 1, "rb");
	r = cr_csv_from_stream(f, "t.csv");
	cr_csv_set_encoding(r, "no-such-encoding");
	assert_int_equal(cr_csv_next(r, &rec, &d), CR_EUSAGE);
	cr_diags_clear(&d);
	cr_csv_close(r);
	fclose(f);
}

/* How many header rows: Qualtrics' three, SurveyMonkey's two, one otherwise; the rows after are data. */
static void test_header_rows(void **state)
{
	(void)state;
	static const struct { const char *text; size_t rows, want, first_data; } cases[] = {
		{"Status,Q1\r\nResponse Type,How often?\r\n{\"ImportId\":\"status\"},{\"ImportId\":\"QID1\"}\r\n"
		 "IP Address,Daily\r\n", 0, 3, 4},
		{"Respondent ID,Which uses?,,\nResponse,Writing,Research,Other\n11,Writing,,\n", 0, 2, 3},
		{"id,dept\nE1,Finance\nE2,IT\n", 0, 1, 2},
		{"id,dept\nE1,Finance\nE2,IT\n", 2, 2, 3},
		{"id,dept\n", 0, 1, 0},
	};
	for (size_t i = 0; i < CR_ARRAY_LEN(cases); i++) {
		FILE *f = fmemopen((void *)cases[i].text, strlen(cases[i].text), "rb");
		cr_csv_reader *r = cr_csv_from_stream(f, "t.csv");
		cr_diags d = {0};
		cr_csv_header h;
		assert_int_equal(cr_csv_read_header(r, cases[i].rows, &h, &d), CR_OK);
		assert_int_equal(h.nrows, cases[i].want);
		assert_int_equal(h.line, 1);
		const cr_csv_record *rec;
		assert_int_equal(cr_csv_next(r, &rec, &d), CR_OK);
		if (cases[i].first_data) {
			assert_non_null(rec);
			assert_int_equal(rec->number, cases[i].first_data);
			/* a row read while looking for the header comes back in one piece too, as batch copies it */
			assert_true(rec->n > 0 && rec->bytes > 0);
			const char *last = rec->v[rec->n - 1];
			assert_true(last + strlen(last) + 1 <= rec->v[0] + rec->bytes);
			/* its offsets, when it gives them, are its own: not the reader's, which moved on */
			for (size_t k = 0; rec->offs && k < rec->n; k++)
				assert_int_equal(rec->offs[k], (size_t)(rec->v[k] - rec->v[0]));
		} else {
			assert_null(rec);
		}
		cr_csv_header_free(&h);
		cr_csv_close(r);
		fclose(f);
	}
	/* more header rows than the file has */
	static const char one[] = "id,dept\n";
	FILE *f = fmemopen((void *)one, sizeof one - 1, "rb");
	cr_csv_reader *r = cr_csv_from_stream(f, "t.csv");
	cr_diags d = {0};
	cr_csv_header h;
	assert_int_equal(cr_csv_read_header(r, 3, &h, &d), CR_EDATA);
	cr_diags_clear(&d);
	cr_csv_close(r);
	fclose(f);
}

/* What the writer quotes reads back as it was. */
static void test_write_read_back(void **state)
{
	(void)state;
	static const char *const fields[] = {"plain", "", "a,b", "say \"no\"", "two\nlines", " padded ", "semi;colon", "-5"};
	cr_sb line = {0};
	for (size_t i = 0; i < CR_ARRAY_LEN(fields); i++)
		cr_csv_add(&line, fields[i], i == 0);
	cr_csv_add_int(&line, -1234567, false);
	cr_csv_add_int(&line, 0, false);
	cr_sb_add(&line, "\r\n");
	assert_non_null(strstr(line.s, "plain,,\"a,b\""));
	rec_copy v[2];
	size_t n;
	cr_diags d = {0};
	assert_int_equal(read_all(line.s, line.len, v, 2, &n, &d), CR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].n, CR_ARRAY_LEN(fields) + 2);
	for (size_t i = 0; i < CR_ARRAY_LEN(fields); i++)
		assert_string_equal(v[0].fields[i], fields[i]);
	assert_string_equal(v[0].fields[CR_ARRAY_LEN(fields)], "-1234567");
	assert_string_equal(v[0].fields[CR_ARRAY_LEN(fields) + 1], "0");
	free_recs(v, n);
	cr_sb_free(&line);
	cr_diags_clear(&d);
}

/*
 * The exact bytes of each field's shape, on both of cr_csv_add's paths: a
 * field short enough to be appended in one piece, and a longer one (libcsv's
 * csv_write for a quote inside). Quoting encloses the field and doubles its
 * quotes; nothing else changes, so the batch's results stay byte for byte.
 */
static void test_write_exact_bytes(void **state)
{
	(void)state;
	cr_sb line = {0};
	cr_csv_add(&line, NULL, true); /* a missing first field appends nothing at all */
	assert_null(line.s);
	cr_csv_add(&line, "", true); /* an empty one, an empty string */
	assert_int_equal(line.len, 0);
	assert_non_null(line.s);
	assert_string_equal(line.s, "");
	cr_csv_add(&line, "plain", false);
	cr_csv_add(&line, NULL, false);
	cr_csv_add(&line, "Data annotator; AI training specialist", false);
	cr_csv_add(&line, "say \"no\"", false);
	cr_csv_add(&line, " padded", false);
	cr_csv_add(&line, "tab\tin", false);
	assert_string_equal(line.s, ",plain,,\"Data annotator; AI training specialist\",\"say \"\"no\"\"\",\" padded\","
				    "\"tab\tin\"");
	/* 300 bytes: past the one-piece buffer */
	char big[301];
	memset(big, 'x', 300);
	big[300] = '\0';
	struct { char at; const char *prefix, *suffix; size_t extra; } cases[] = {
		{'x', "", "", 0},           /* plain: as it is */
		{';', "\"", "\"", 2},       /* a separator: enclosed */
		{'"', "\"", "\"", 3},       /* a quote: enclosed and doubled */
	};
	for (size_t i = 0; i < CR_ARRAY_LEN(cases); i++) {
		big[150] = cases[i].at;
		cr_sb one = {0};
		cr_csv_add(&one, big, true);
		assert_int_equal(one.len, 300 + cases[i].extra);
		assert_memory_equal(one.s, cases[i].prefix, strlen(cases[i].prefix));
		assert_memory_equal(one.s + one.len - strlen(cases[i].suffix), cases[i].suffix, strlen(cases[i].suffix));
		if (cases[i].at == '"')
			assert_memory_equal(one.s + 151, "\"\"", 2);
		cr_sb_free(&one);
	}
	cr_sb_free(&line);
}

/*
 * Fields of every length around the reader's fixed-size copy of a short
 * field (32 bytes), plain and quoted, with quotes, a tab, a separator and
 * spaces at the ends, empty ones, long ones, and so many in a record that
 * its buffer grows while short fields are being copied: each comes back
 * exactly, the fields end to end as rec->bytes says.
 */
static void test_field_lengths(void **state)
{
	(void)state;
	cr_sb text = {0};
	size_t nrec = 0;
	for (size_t len = 0; len <= 80; len++) {
		/* a row: the length plain, then quoted with a quote inside, a tab, a comma and spaces at the ends */
		char plain[128], shaped[128];
		for (size_t i = 0; i < len; i++)
			plain[i] = (char)('a' + (i * 7 + len) % 26);
		plain[len] = '\0';
		memcpy(shaped, plain, len + 1);
		if (len >= 2)
			shaped[0] = ' ', shaped[len - 1] = ' ';
		if (len >= 6)
			shaped[2] = '"', shaped[3] = '\t', shaped[4] = ',';
		cr_sb_addf(&text, "%zu,%s,\"", len, plain);
		for (size_t i = 0; i < len; i++) {
			if (shaped[i] == '"')
				cr_sb_addc(&text, '"');
			cr_sb_addc(&text, shaped[i]);
		}
		cr_sb_add(&text, "\",,x\n");
		nrec++;
	}
	/* one record of 400 short fields (about 8 KB): the record's buffer grows under them */
	for (int i = 0; i < 400; i++)
		cr_sb_addf(&text, "%s%020d", i ? "," : "", i);
	cr_sb_add(&text, "\n");
	nrec++;
	/* a last field that ends the input with no line end: at the read buffer's very end */
	cr_sb_add(&text, "end,last");
	nrec++;
	rec_copy *v = cr_xcalloc(nrec, sizeof *v);
	size_t n;
	cr_diags d = {0};
	assert_int_equal(read_all(text.s, text.len, v, nrec, &n, &d), CR_OK);
	assert_int_equal(n, nrec);
	for (size_t len = 0; len <= 80; len++) {
		rec_copy *c = &v[len];
		assert_int_equal(c->n, 5);
		assert_true(c->contiguous);
		assert_true(c->offs_right);
		assert_int_equal(strlen(c->fields[1]), len);
		assert_int_equal(strlen(c->fields[2]), len);
		assert_string_equal(c->fields[3], "");
		assert_string_equal(c->fields[4], "x");
		for (size_t i = 0; i < len; i++)
			assert_int_equal(c->fields[1][i], 'a' + (i * 7 + len) % 26);
		if (len >= 6)
			assert_memory_equal(c->fields[2] + 2, "\"\t,", 3);
		if (len >= 2)
			assert_true(c->fields[2][0] == ' ' && c->fields[2][len - 1] == ' ');
	}
	rec_copy *wide = &v[81];
	assert_int_equal(wide->n, 400);
	assert_true(wide->contiguous);
	assert_true(wide->offs_right);
	assert_true(v[82].offs_right);
	assert_string_equal(wide->fields[15], "00000000000000000015");
	assert_string_equal(v[82].fields[1], "last");
	free_recs(v, n);
	free(v);
	cr_sb_free(&text);
	cr_diags_clear(&d);
}

/* Numbers as cr_csv_add_int writes them: the same digits as printf, one or two of them without its loop. */
static void test_write_ints(void **state)
{
	(void)state;
	static const long long vals[] = {0, 1, 9, 10, 11, 42, 99, 100, 101, 999, 1000, 123456, -1, -9, -10, -99, -100,
					 LLONG_MAX, LLONG_MIN};
	cr_sb line = {0}, want = {0};
	for (size_t i = 0; i < CR_ARRAY_LEN(vals); i++) {
		cr_csv_add_int(&line, vals[i], i == 0);
		cr_sb_addf(&want, "%s%lld", i ? "," : "", vals[i]);
		assert_int_equal(line.len, want.len);
		assert_string_equal(line.s, want.s);
	}
	/* every number the two-digit table writes, and its neighbours */
	for (long long v = -2; v <= 102; v++) {
		cr_csv_add_int(&line, v, false);
		cr_sb_addf(&want, ",%lld", v);
		assert_int_equal(line.len, want.len);
		assert_string_equal(line.s, want.s);
	}
	cr_sb_free(&line);
	cr_sb_free(&want);
}

/* An export of `rows` records after its header, each with a quoted cell holding a doubled
 * quote and a line break, appended to b. */
static void quoted_export(cr_sb *b, int rows)
{
	cr_sb_add(b, "id,text\r\n");
	for (int i = 0; i < rows; i++)
		cr_sb_addf(b, "%d,\"row %d, with a quote \"\" and\r\na line break\"\r\n", i, i);
}

/* Records longer than one read buffer, split anywhere, come out whole. */
static void test_across_buffers(void **state)
{
	(void)state;
	cr_sb b = {0};
	quoted_export(&b, 3000);
	rec_copy *v = cr_xcalloc(3001, sizeof *v);
	size_t n;
	cr_diags d = {0};
	assert_int_equal(read_all(b.s, b.len, v, 3001, &n, &d), CR_OK);
	assert_int_equal(n, 3001);
	for (int i = 0; i < 3000; i++) {
		char want[64];
		snprintf(want, sizeof want, "row %d, with a quote \" and\r\na line break", i);
		assert_string_equal(v[i + 1].fields[1], want);
		assert_int_equal(v[i + 1].number, i + 2);
		assert_int_equal(v[i + 1].line, 2 + 2 * i);
	}
	free_recs(v, n);
	free(v);
	cr_sb_free(&b);
	cr_diags_clear(&d);
}

/* A source handing out a text in pieces of varying size, as the batch's pipe feed does. */
typedef struct piece_source {
	const char *text;
	size_t len, pos, calls;
	size_t fail_at;           /* after this many bytes: fail with `fail` (0: never) */
	enum cr_status fail;
} piece_source;

static enum cr_status pieces(void *ctx, unsigned char *dst, size_t cap, size_t *got, bool *at_end, cr_diags *d)
{
	piece_source *p = ctx;
	size_t n = 1 + (p->calls++ * 7919) % 9000; /* 1 byte to 9 KB: fewer than asked */
	if (n > cap)
		n = cap;
	if (n > p->len - p->pos)
		n = p->len - p->pos;
	if (p->fail_at && p->pos + n > p->fail_at)
		n = p->fail_at - p->pos;
	memcpy(dst, p->text + p->pos, n);
	p->pos += n;
	*got = n;
	*at_end = p->pos == p->len;
	if (!n && p->fail_at && p->pos == p->fail_at) {
		if (p->fail != CR_ECANCEL)
			cr_diag_add(d, p->fail, "pipe", 0, 0, "cannot read: the source failed");
		return p->fail;
	}
	return CR_OK;
}

/* Bytes from a source (cr_csv_set_source) read as the same records as from a stream; its failure stops the reader. */
static void test_source(void **state)
{
	(void)state;
	cr_sb b = {0};
	cr_sb_add(&b, "\xef\xbb\xbf");
	quoted_export(&b, 12000); /* past the first 256 KiB, which is read whole */
	rec_copy *v = cr_xcalloc(12001, sizeof *v);
	size_t n;
	cr_diags d = {0};
	assert_int_equal(read_all(b.s, b.len, v, 12001, &n, &d), CR_OK);
	assert_int_equal(n, 12001);
	for (int fail = 0; fail < 3; fail++) {
		FILE *f = fopen("/dev/null", "rb");
		assert_non_null(f);
		cr_csv_reader *r = cr_csv_from_stream(f, "pipe");
		piece_source src = {b.s, b.len, 0, 0, fail ? b.len / 2 : 0, fail == 1 ? CR_EDATA : CR_ECANCEL};
		cr_csv_set_source(r, pieces, &src);
		const cr_csv_record *rec;
		enum cr_status st;
		size_t i = 0;
		while ((st = cr_csv_next(r, &rec, &d)) == CR_OK && rec) {
			assert_true(i < n);
			assert_int_equal(rec->n, v[i].n);
			for (size_t k = 0; k < rec->n; k++)
				assert_string_equal(rec->v[k], v[i].fields[k]);
			assert_int_equal(rec->number, v[i].number);
			assert_int_equal(rec->line, v[i].line);
			i++;
		}
		if (!fail) {
			assert_int_equal(st, CR_OK);
			assert_int_equal(i, n);
			assert_int_equal(cr_csv_offset(r), (long long)b.len - 3); /* all but the BOM */
			assert_true(src.calls > 10);
		} else {
			assert_int_equal(st, fail == 1 ? CR_EDATA : CR_ECANCEL);
			assert_true(i > 4000 && i < n); /* the records before the failure, whole */
			assert_int_equal(d.n, fail == 1 ? 1 : 0);
			cr_diags_clear(&d);
			d = (cr_diags){0};
		}
		cr_csv_close(r);
		fclose(f);
	}
	free_recs(v, n);
	free(v);
	cr_sb_free(&b);
	cr_diags_clear(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_survey_export),
		cmocka_unit_test(test_nul_fields),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_separator_guess),
		cmocka_unit_test(test_open_quote_at_end),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_utf16_refused),
		cmocka_unit_test(test_workbooks_refused),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_header_rows),
		cmocka_unit_test(test_write_read_back),
		cmocka_unit_test(test_write_exact_bytes),
		cmocka_unit_test(test_across_buffers),
		cmocka_unit_test(test_field_lengths),
		cmocka_unit_test(test_write_ints),
		cmocka_unit_test(test_source),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
