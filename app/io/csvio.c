/* csvio.c - see csvio.h. */
#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK (256u << 10)
/* Raw bytes converted per fill when the export is not UTF-8: at most 4 UTF-8 bytes each, so a
 * converted chunk always fits the read buffer. */
#define RAW_CHUNK (READ_CHUNK / 4)
/* A field of up to this many bytes is copied in one fixed-size move (on_field). */
#define SHORT_FIELD 32

/* A record handed back by cr_csv_read_header (a data row read while looking for header rows). */
typedef struct held_record {
	char *text;  /* the fields, end to end as the reader had them (owned) */
	char **v;    /* n pointers into text (owned array) */
	size_t n;
	cr_csv_record rec;
} held_record;

struct cr_csv_reader {
	FILE *f;
	bool own;                 /* close f at the end */
	bool pipe;                /* not a regular file: read with read(2), what has arrived (reader_new) */
	char *name;
	struct csv_parser p;
	unsigned char *buf;
	size_t blen, bpos;
	bool eof, started, done, failed;
	volatile sig_atomic_t *cancel; /* a read interrupted by a signal stops when it is set */
	cr_csv_source source;     /* where bytes come from instead of f (cr_csv_set_source), or NULL */
	void *source_ctx;
	long long line;           /* physical line of the byte at bpos */
	bool after_cr;            /* the last byte fed was a CR (a LF next ends the same line) */
	long long offset;
	char sep;
	/* the record being read */
	char *rec;                /* its fields, each NUL-terminated */
	size_t rlen, rcap;
	size_t *offs;             /* where each field starts in rec */
	const char **fields;      /* fields_cap pointers, grown as records need (on_record) */
	size_t nf, fcap, fields_cap;
	bool oversized;
	long nul_field;           /* see cr_csv_record */
	bool buf_nul;             /* buf holds a NUL byte from bpos on (set when it is filled) */
	bool nul_fed;             /* a line fed since the last record ended held a NUL byte: only then
				     are the fields searched for one (one memchr a line, not one a field) */
	/* on_field's fast path holds while nf < fast_nf and rlen < fast_rlen: the pointer array's,
	   the buffer's and the record's bounds and nul_fed in two comparisons (fast_limits) */
	size_t fast_nf, fast_rlen;
	long long rec_line;
	long long number;
	bool ready;               /* a record is complete */
	cr_csv_record out;
	/* the export's encoding when it is not UTF-8: bytes are converted through iconv */
	char *encoding;           /* stated (cr_csv_set_encoding) or detected; NULL: UTF-8 */
	bool encoding_stated;
	iconv_t cd;
	unsigned char *raw;       /* bytes read, not yet converted */
	size_t rawlen;
	long long raw_offset;     /* bytes of the file converted so far (for messages) */
	bool raw_eof;             /* the file ended; raw may still hold bytes to convert */
	/* records read while looking for the header rows, handed out again first */
	held_record held[CR_CSV_MAX_HEADER_ROWS];
	size_t nheld, held_next;
};

/* libcsv grows a field's buffer through this; refusing past the bound stops a runaway quoted field. */
static void *bounded_realloc(void *p, size_t n)
{
	if (n > CR_CSV_MAX_FIELD + 64)
		return NULL;
	return realloc(p, n);
}

static int only_space(unsigned char c)
{
	return c == CSV_SPACE;
}

static cr_csv_reader *reader_new(FILE *f, bool own, const char *name)
{
	cr_csv_reader *r = cr_xcalloc(1, sizeof *r);
	r->f = f;
	r->own = own;
	/* A pipe or terminal is read with read(2), taking what has arrived: fread would wait for a
	 * whole buffer, so a slow export would show nothing, not even its header, until then. The
	 * stream is new here, so it holds no buffered bytes for read(2) to skip. */
	struct stat st;
	int fd = fileno(f);
	r->pipe = fd >= 0 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode);
	r->name = cr_xstrdup(name);
	r->buf = cr_xmalloc(READ_CHUNK);
	r->line = 1;
	r->sep = ',';
	r->cd = (iconv_t)-1;
	if (csv_init(&r->p, CSV_APPEND_NULL) != 0) {
		fputs("career-risk: out of memory starting the CSV reader\n", stderr);
		abort();
	}
	csv_set_realloc_func(&r->p, bounded_realloc);
	csv_set_blk_size(&r->p, 4096);
	return r;
}

cr_csv_reader *cr_csv_from_stream(FILE *f, const char *name)
{
	return reader_new(f, false, name);
}

enum cr_status cr_csv_open(const char *path, cr_csv_reader **out, cr_diags *d)
{
	if (strcmp(path, "-") == 0) {
		*out = reader_new(stdin, false, "(standard input)");
		return CR_OK;
	}
	FILE *f = fopen(path, "rb");
	if (!f)
		return cr_diag_add(d, errno == ENOENT ? CR_ENOTFOUND : CR_EDATA, path, 0, 0, "cannot read: %s",
				   strerror(errno));
	*out = reader_new(f, true, path);
	return CR_OK;
}

static void held_free(held_record *h)
{
	free(h->text);
	free(h->v);
	memset(h, 0, sizeof *h);
}

void cr_csv_close(cr_csv_reader *r)
{
	if (!r)
		return;
	csv_free(&r->p);
	if (r->own && r->f)
		fclose(r->f);
	free(r->name);
	free(r->buf);
	free(r->rec);
	free(r->offs);
	free(r->fields);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->encoding);
	free(r->raw);
	for (size_t i = 0; i < r->nheld; i++)
		held_free(&r->held[i]);
	free(r);
}

void cr_csv_set_cancel(cr_csv_reader *r, volatile sig_atomic_t *cancel)
{
	r->cancel = cancel;
}

char cr_csv_separator(const cr_csv_reader *r)
{
	return r->sep;
}

bool cr_csv_is_file(const cr_csv_reader *r)
{
	struct stat st;
	return fstat(fileno(r->f), &st) == 0 && S_ISREG(st.st_mode);
}

long long cr_csv_offset(const cr_csv_reader *r)
{
	return r->offset;
}

/*
 * Sets the bounds on_field's fast path checks, after fcap, rcap or nul_fed
 * change: a short field (up to SHORT_FIELD bytes) at rlen < fast_rlen has its
 * NUL and the copy's slack in rec and keeps the record under
 * CR_CSV_MAX_RECORD; nf < fast_nf has a slot in offs. A NUL fed closes the
 * path (fast_rlen 0) until the record ends, so field_any searches each field.
 */
static void fast_limits(cr_csv_reader *r)
{
	size_t room = r->rcap > 2 * SHORT_FIELD ? r->rcap - 2 * SHORT_FIELD : 0;
	size_t bound = CR_CSV_MAX_RECORD - SHORT_FIELD;
	r->fast_rlen = r->nul_fed ? 0 : room < bound ? room : bound;
	r->fast_nf = r->fcap;
}

/*
 * A field in every case (on_field's fast path takes the common one): past the
 * record's bounds, growing, a NUL byte, a long field. Kept out of line: inlined,
 * it made the compiler save six registers on entry to every field.
 */
__attribute__((noinline)) static void field_any(cr_csv_reader *r, const void *s, size_t len)
{
	if (r->nf >= CR_CSV_MAX_FIELDS || r->rlen + len + 1 > CR_CSV_MAX_RECORD) {
		r->oversized = true;
		return;
	}
	if (r->nf == r->fcap) {
		r->fcap = r->fcap ? r->fcap * 2 : 64;
		r->offs = cr_xrealloc(r->offs, r->fcap * sizeof *r->offs);
	}
	/* room for the field, its NUL and SHORT_FIELD bytes of slack for on_field's copy */
	if (r->rlen + len + 1 + SHORT_FIELD > r->rcap) {
		while (r->rlen + len + 1 + SHORT_FIELD > r->rcap)
			r->rcap = r->rcap ? r->rcap * 2 : 4096;
		r->rec = cr_xrealloc(r->rec, r->rcap);
	}
	fast_limits(r);
	if (r->nul_fed && len && r->nul_field < 0 && memchr(s, '\0', len))
		r->nul_field = (long)r->nf;
	if (len)
		memcpy(r->rec + r->rlen, s, len);
	r->rec[r->rlen + len] = '\0';
	r->offs[r->nf++] = r->rlen;
	r->rlen += len + 1;
}

/*
 * libcsv's callback for each field: appended to the record, NUL-terminated.
 * Most cells are short, and a short one is copied SHORT_FIELD bytes at a
 * time whatever its length: a few moves, where memcpy's branches on the
 * length mispredicted from one field to the next (19 times a row), and a
 * path that calls nothing saves no registers. The bytes past the field are
 * libcsv's own buffer (s is its entry_buf, of entry_size bytes, at least
 * csv_set_blk_size's) and land in the record's slack, overwritten by the
 * NUL and the next field. Anything else goes to field_any.
 */
static void on_field(void *s, size_t len, void *data)
{
	cr_csv_reader *r = data;
	if (len > SHORT_FIELD || r->nf >= r->fast_nf || r->rlen >= r->fast_rlen || s != r->p.entry_buf ||
	    r->p.entry_size < SHORT_FIELD) {
		field_any(r, s, len);
		return;
	}
	/* nf < fcap, which never passes CR_CSV_MAX_FIELDS: the bounds hold (fast_limits) */
	memcpy(r->rec + r->rlen, s, SHORT_FIELD);
	r->rec[r->rlen + len] = '\0';
	r->offs[r->nf++] = r->rlen;
	r->rlen += len + 1;
}

static void on_record(int c, void *data)
{
	(void)c;
	cr_csv_reader *r = data;
	/* a line holding nothing but spaces is no record */
	if (r->nf == 1 && r->rec[0] == '\0' && !r->oversized) {
		r->nf = 0;
		r->rlen = 0;
		return;
	}
	if (!r->nf && !r->oversized)
		return;
	if (r->nf + 1 > r->fields_cap) {
		r->fields_cap = r->nf + 1;
		r->fields = cr_xrealloc(r->fields, r->fields_cap * sizeof *r->fields);
	}
	for (size_t i = 0; i < r->nf; i++)
		r->fields[i] = r->rec + r->offs[i];
	r->fields[r->nf] = NULL;
	/* offs[0] is 0 (the record starts at rec), so offs[i] is fields[i] - fields[0] */
	r->out = (cr_csv_record){r->fields, r->nf, ++r->number, r->rec_line, r->oversized, false, r->nul_field, r->rlen,
				 r->offs};
	r->nul_fed = false; /* a record ends with its line: the next one's fields come from lines after it */
	fast_limits(r);
	r->ready = true;
}

/* Guesses the separator from the header line: whichever of , ; or tab appears most outside quotes. */
static void guess_separator(cr_csv_reader *r)
{
	size_t counts[3] = {0, 0, 0};
	bool quoted = false;
	for (size_t i = r->bpos; i < r->blen; i++) {
		unsigned char c = r->buf[i];
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted)
			counts[0] += c == ',', counts[1] += c == ';', counts[2] += c == '\t';
	}
	r->sep = counts[1] > counts[0] && counts[1] >= counts[2] ? ';' : counts[2] > counts[0] ? '\t' : ',';
	csv_set_delim(&r->p, (unsigned char)r->sep);
	if (r->sep == '\t')
		csv_set_space_func(&r->p, only_space);
}

/* After a read that failed, with its errno: CR_OK to read again, CR_ECANCEL, or the error. */
static enum cr_status read_failed(const cr_csv_reader *r, cr_diags *d)
{
	if (errno != EINTR)
		return cr_diag_add(d, CR_EDATA, r->name, 0, 0, "cannot read: %s", strerror(errno));
	/* interrupted (Ctrl-C on a pipe that waits for input): stop if asked to, else read on */
	return r->cancel && *r->cancel ? CR_ECANCEL : CR_OK;
}

/*
 * Reads up to cap bytes into dst, fewer only at the end of the input or when
 * a read was interrupted after some bytes came; *at_end says the input ended.
 */
enum cr_status cr_csv_read_raw(cr_csv_reader *r, unsigned char *dst, size_t cap, size_t *got, bool *at_end, cr_diags *d)
{
	enum cr_status st;
	size_t n = 0;
	*at_end = false;
	while (r->pipe) {
		ssize_t k = read(fileno(r->f), dst, cap);
		if (k >= 0) {
			*at_end = k == 0;
			*got = (size_t)k;
			return CR_OK;
		}
		if ((st = read_failed(r, d)))
			return st;
	}
	for (;;) {
		n += fread(dst + n, 1, cap - n, r->f);
		if (n == cap)
			break;
		if (!ferror(r->f)) {
			*at_end = true;
			break;
		}
		if ((st = read_failed(r, d)))
			return st;
		clearerr(r->f);
		if (n)
			break;
	}
	*got = n;
	return CR_OK;
}

/* The reader's next bytes: from its source when it has one, else from its stream. */
static enum cr_status read_some(cr_csv_reader *r, unsigned char *dst, size_t cap, size_t *got, bool *at_end,
				cr_diags *d)
{
	if (r->source)
		return r->source(r->source_ctx, dst, cap, got, at_end, d);
	return cr_csv_read_raw(r, dst, cap, got, at_end, d);
}

void cr_csv_set_source(cr_csv_reader *r, cr_csv_source source, void *ctx)
{
	r->source = source;
	r->source_ctx = ctx;
}

/*
 * Whether n bytes are UTF-8: every sequence well formed, except that one cut
 * by the end of a chunk (`cut_ok`) may be incomplete.
 */
static bool utf8_prefix_valid(const unsigned char *s, size_t n, bool cut_ok)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 && c >= 0xc2 ? 2 : (c & 0xf0) == 0xe0 ? 3
			   : (c & 0xf8) == 0xf0 && c <= 0xf4 ? 4 : 0;
		if (!len)
			return false;
		for (size_t k = 1; k < len; k++) {
			if (i + k == n)
				return cut_ok;
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
		}
		i += len;
	}
	return true;
}

/*
 * Whether bytes that are not UTF-8 can be Windows-1252, the encoding Excel
 * uses for "CSV (Comma delimited)" in Western European locales: it leaves
 * five byte values undefined, and a file holding one is something else.
 */
static bool could_be_cp1252(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == 0x81 || s[i] == 0x8d || s[i] == 0x8f || s[i] == 0x90 || s[i] == 0x9d)
			return false;
	return true;
}

/* Converts what raw holds (reading more first) into buf, as UTF-8. */
static enum cr_status convert_more(cr_csv_reader *r, cr_diags *d)
{
	enum cr_status st;
	if (!r->raw_eof && r->rawlen < RAW_CHUNK) {
		size_t got = 0;
		if ((st = read_some(r, r->raw + r->rawlen, RAW_CHUNK - r->rawlen, &got, &r->raw_eof, d)))
			return st;
		r->rawlen += got;
	}
	char *in = (char *)r->raw, *out = (char *)r->buf;
	size_t inleft = r->rawlen, outleft = READ_CHUNK;
	if (iconv(r->cd, &in, &inleft, &out, &outleft) == (size_t)-1 && errno != E2BIG &&
	    !(errno == EINVAL && !r->raw_eof)) {
		long long at = r->raw_offset + (long long)(r->rawlen - inleft);
		cr_diag_add(d, CR_EDATA, r->name, 0, 0, "byte %lld (0x%02x) is not %s text%s", at + 1,
			    inleft ? (unsigned)(unsigned char)*in : 0u, r->encoding,
			    errno == EINVAL ? ": the file ends inside a character" : "");
		cr_diag_hint(d, "state the export's encoding with " CR_FLAG_ENCODING " NAME (utf-8, cp1252, latin1, cp1250, "
				"macintosh...; `iconv --list` has them all), or save it again as \"CSV UTF-8\"");
		return CR_EDATA;
	}
	r->raw_offset += (long long)(r->rawlen - inleft);
	memmove(r->raw, in, inleft);
	r->rawlen = inleft;
	r->blen = READ_CHUNK - outleft;
	r->eof = r->raw_eof && !r->rawlen;
	return CR_OK;
}

/* Starts converting from `enc`; what buf holds from bpos on moves to raw. */
static enum cr_status start_iconv(cr_csv_reader *r, const char *enc, cr_diags *d)
{
	r->cd = iconv_open("UTF-8", enc);
	if (r->cd == (iconv_t)-1) {
		cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "unknown encoding '%s'", enc);
		cr_diag_hint(d, "name one iconv knows, as `iconv --list` shows them: cp1252, latin1, cp1250, macintosh, utf-16...");
		return CR_EUSAGE;
	}
	if (r->encoding != enc) {
		free(r->encoding);
		r->encoding = cr_xstrdup(enc);
	}
	r->raw = cr_xmalloc(READ_CHUNK);
	r->rawlen = r->blen - r->bpos;
	memcpy(r->raw, r->buf + r->bpos, r->rawlen);
	r->raw_eof = r->eof;
	r->raw_offset = (long long)r->bpos;
	r->bpos = r->blen = 0;
	enum cr_status st = convert_more(r, d);
	if (!st && r->blen >= 3 && memcmp(r->buf, "\xef\xbb\xbf", 3) == 0)
		r->bpos = 3; /* UTF-16LE and the like keep their byte-order mark as U+FEFF */
	return st;
}

static bool same_encoding(const char *a, const char *b)
{
	/* "UTF-8", "utf8", "Utf_8" */
	for (;; a++, b++) {
		while (*a == '-' || *a == '_')
			a++;
		while (*b == '-' || *b == '_')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if ((*a | 0x20) != (*b | 0x20))
			return false;
	}
}

/*
 * The first chunk: refuses what is no CSV text (a spreadsheet workbook,
 * UTF-16), skips a byte-order mark, and decides the encoding: UTF-8, the one
 * stated, or Windows-1252 when the bytes are not UTF-8 but can be that.
 */
static enum cr_status first_chunk(cr_csv_reader *r, cr_diags *d)
{
	const unsigned char *b = r->buf;
	static const unsigned char ole[8] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};
	if ((r->blen >= 4 && memcmp(b, "PK\x03\x04", 4) == 0) || (r->blen >= 8 && memcmp(b, ole, 8) == 0)) {
		bool xlsx = b[0] == 'P';
		cr_diag_add(d, CR_EDATA, r->name, 0, 0, "this is an Excel workbook (%s), not a CSV file",
			    xlsx ? ".xlsx: a zip archive" : ".xls: an OLE compound file");
		cr_diag_hint(d, "open it in Excel and choose File > Save As > \"CSV UTF-8 (Comma delimited) (*.csv)\" "
				"(Microsoft Forms: Responses > Open in Excel, then the same; LibreOffice: File > Save As > "
				"\"Text CSV\", character set Unicode (UTF-8)), and give that file to " CR_FLAG_INPUT);
		return CR_EDATA;
	}
	bool utf16 = r->blen >= 2 && ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff));
	if (utf16 && !r->encoding) {
		cr_diag_add(d, CR_EDATA, r->name, 1, 1, "the file is UTF-16 text; career-risk reads CSV in UTF-8");
		cr_diag_hint(d, "export again choosing \"CSV UTF-8\" (in Excel: Save As > CSV UTF-8)");
		return CR_EDATA;
	}
	if (r->blen >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
		r->bpos = 3;
	if (r->encoding && !same_encoding(r->encoding, "UTF-8"))
		return start_iconv(r, r->encoding, d);
	if (r->encoding || utf8_prefix_valid(b + r->bpos, r->blen - r->bpos, !r->eof))
		return CR_OK;
	if (!could_be_cp1252(b + r->bpos, r->blen - r->bpos)) {
		cr_diag_add(d, CR_EDATA, r->name, 0, 0, "the file is not UTF-8 text, nor Windows-1252");
		cr_diag_hint(d, "state its encoding with " CR_FLAG_ENCODING " NAME (latin1, cp1250, macintosh...; `iconv --list` "
				"has them all), or save it again as \"CSV UTF-8\"");
		return CR_EDATA;
	}
	cr_diag_add(d, CR_OK, r->name, 0, 0,
		    "the file is not UTF-8: read as Windows-1252, the encoding Excel uses for \"CSV (Comma delimited)\"");
	cr_diag_hint(d, "if accented letters come out wrong, state the encoding with " CR_FLAG_ENCODING " NAME");
	return start_iconv(r, "CP1252", d);
}

static enum cr_status fill(cr_csv_reader *r, cr_diags *d)
{
	enum cr_status st;
	r->blen = 0;
	r->bpos = 0;
	if (r->cd != (iconv_t)-1)
		return convert_more(r, d);
	if ((st = read_some(r, r->buf, READ_CHUNK, &r->blen, &r->eof, d)))
		return st;
	/* the encoding is decided on the first chunk: a whole one, however the input arrives */
	while (!r->started && !r->eof && r->blen < READ_CHUNK) {
		size_t got = 0;
		if ((st = read_some(r, r->buf + r->blen, READ_CHUNK - r->blen, &got, &r->eof, d)))
			return st;
		r->blen += got;
	}
	if (!r->started) {
		r->started = true;
		if ((st = first_chunk(r, d)))
			return st;
		guess_separator(r);
	}
	return CR_OK;
}

static enum cr_status parse_failed(cr_csv_reader *r, cr_diags *d)
{
	r->failed = true;
	int e = csv_error(&r->p);
	if (e == CSV_ENOMEM || e == CSV_ETOOBIG) {
		cr_diag_add(d, CR_EDATA, r->name, (int)r->rec_line, 0,
			    "record %lld has a field longer than %u KiB; is a quote left open?", r->number + 1,
			    CR_CSV_MAX_FIELD >> 10);
		cr_diag_hint(d, "a field that opens with \" runs until the next \"; check the quotes from line %lld on",
			     r->rec_line);
	} else {
		cr_diag_add(d, CR_EDATA, r->name, (int)r->rec_line, 0, "cannot parse record %lld: %s", r->number + 1,
			    csv_strerror(e));
	}
	return CR_EDATA;
}

enum cr_status cr_csv_next(cr_csv_reader *r, const cr_csv_record **rec, cr_diags *d)
{
	enum cr_status st;
	*rec = NULL;
	if (r->held_next < r->nheld) {
		*rec = &r->held[r->held_next++].rec;
		return CR_OK;
	}
	if (r->failed)
		return CR_EDATA;
	r->ready = false;
	r->nf = 0;
	r->rlen = 0;
	r->oversized = false;
	r->nul_field = -1;
	while (!r->ready) {
		if (r->bpos == r->blen) {
			if (r->done)
				return CR_OK;
			if (r->eof) {
				r->done = true;
				bool open_quote = r->p.quoted != 0;
				if (r->nf == 0 && r->p.entry_pos == 0 && !open_quote)
					r->rec_line = r->line;
				if (csv_fini(&r->p, on_field, on_record, r) != 0)
					return parse_failed(r, d);
				r->out.open_quote = open_quote;
				continue;
			}
			if ((st = fill(r, d)))
				return r->failed = true, st;
			/* one look for a NUL byte a buffer: the lines need one each only when it holds one */
			r->buf_nul = memchr(r->buf + r->bpos, '\0', r->blen - r->bpos) != NULL;
			continue;
		}
		/* Feed one physical line at a time, so each record knows the line it starts on. */
		const unsigned char *s = r->buf + r->bpos, *end = r->buf + r->blen;
		const unsigned char *t = memchr(s, '\n', (size_t)(end - s));
		const unsigned char *cr = memchr(s, '\r', (size_t)((t ? t : end) - s));
		/* A CRLF line is fed whole, with both (libcsv ends the record at the CR and skips the LF):
		 * fed apart, a survey export's every row took two calls of csv_parse and six of memchr. */
		if (cr && cr + 1 != t)
			t = cr; /* a lone CR, or one whose LF is not read yet: the line ends at the CR */
		else if (!t)
			t = end;
		bool terminated = t < end;
		size_t len = (size_t)(t - s) + terminated;
		if (r->nf == 0 && r->p.entry_pos == 0 && !r->p.quoted)
			r->rec_line = r->line;
		if (r->buf_nul && memchr(s, '\0', len)) {
			r->nul_fed = true;
			fast_limits(r);
		}
		if (csv_parse(&r->p, s, len, on_field, on_record, r) != len)
			return parse_failed(r, d);
		r->bpos += len;
		r->offset += (long long)len;
		if (len > 1)
			r->after_cr = false;
		if (terminated) {
			if (*t == '\r') {
				r->line++;
				r->after_cr = true;
			} else {
				if (!r->after_cr)
					r->line++;
				r->after_cr = false;
			}
		} else if (len) {
			r->after_cr = false;
		}
	}
	*rec = &r->out;
	return CR_OK;
}

void cr_csv_set_encoding(cr_csv_reader *r, const char *encoding)
{
	free(r->encoding);
	r->encoding = encoding ? cr_xstrdup(encoding) : NULL;
	r->encoding_stated = encoding != NULL;
}

const char *cr_csv_encoding(const cr_csv_reader *r)
{
	return r->encoding;
}

/* A copy of a record in one piece, its fields end to end as the reader's (bytes), to hand out again. */
static void hold(cr_csv_reader *r, const cr_csv_record *rec)
{
	held_record *h = &r->held[r->nheld++];
	h->n = rec->n;
	h->v = cr_xcalloc(rec->n + 1, sizeof *h->v);
	h->text = cr_xmalloc(rec->bytes + 1);
	if (rec->bytes)
		memcpy(h->text, rec->v[0], rec->bytes);
	for (size_t i = 0; i < rec->n; i++)
		h->v[i] = h->text + (rec->v[i] - rec->v[0]);
	h->rec = *rec;
	h->rec.v = (const char *const *)h->v;
	h->rec.offs = NULL; /* the reader's, overwritten by the next record */
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * How many header rows an export has, from its first three records:
 * Qualtrics writes three (short names, question texts, then {"ImportId":...}),
 * SurveyMonkey two (question texts, then "Response" or each option's label,
 * under a blank header where a question goes on over several columns).
 */
static size_t detect_header_rows(const held_record *h, size_t n)
{
	if (n >= 3 && h[2].n && starts_with(h[2].v[0], "{\"ImportId\""))
		return 3;
	if (n >= 2) {
		bool response = false, continued = false;
		for (size_t c = 0; c < h[1].n; c++)
			response |= strcmp(h[1].v[c], "Response") == 0 || strcmp(h[1].v[c], "Open-Ended Response") == 0;
		for (size_t c = 1; c < h[0].n && c < h[1].n; c++)
			continued |= !*h[0].v[c] && *h[1].v[c];
		if (response || continued)
			return 2;
	}
	return 1;
}

enum cr_status cr_csv_read_header(cr_csv_reader *r, size_t rows, cr_csv_header *out, cr_diags *d)
{
	memset(out, 0, sizeof *out);
	size_t want = rows ? rows : CR_CSV_MAX_HEADER_ROWS;
	if (want > CR_CSV_MAX_HEADER_ROWS)
		return cr_diag_add(d, CR_EUSAGE, NULL, 0, 0, "at most %d header rows", CR_CSV_MAX_HEADER_ROWS);
	while (r->nheld < want) {
		const cr_csv_record *rec;
		r->held_next = r->nheld; /* nothing held is handed out while looking */
		enum cr_status st = cr_csv_next(r, &rec, d);
		if (st)
			return st;
		if (!rec)
			break;
		hold(r, rec);
	}
	if (!r->nheld)
		return CR_OK;
	size_t n = rows ? rows : detect_header_rows(r->held, r->nheld);
	if (n > r->nheld) {
		cr_diag_add(d, CR_EDATA, r->name, 0, 0, "the file has %zu rows, fewer than the %zu header rows", r->nheld, n);
		return CR_EDATA;
	}
	/* a data row after them is the batch's to report; a header row must be whole text */
	for (size_t i = 0; i < n; i++) {
		const cr_csv_record *rec = &r->held[i].rec;
		if (rec->oversized)
			return cr_diag_add(d, CR_EDATA, r->name, (int)rec->line, 0, "%s row has more than %d columns",
					   i ? "a header" : "the header", CR_CSV_MAX_FIELDS);
		if (rec->nul_field >= 0) {
			cr_diag_add(d, CR_EDATA, r->name, (int)rec->line, 0,
				    "column %ld of the header row holds a NUL byte (binary data)", rec->nul_field + 1);
			cr_diag_hint(d, "export the survey again as CSV text; a NUL byte is not text");
			return CR_EDATA;
		}
	}
	out->nrows = n;
	out->n = r->held[0].n;
	out->line = r->held[0].rec.line;
	for (size_t i = 0; i < n; i++) {
		out->row[i] = cr_xcalloc(out->n + 1, sizeof *out->row[i]);
		for (size_t c = 0; c < out->n; c++)
			out->row[i][c] = c < r->held[i].n ? r->held[i].v[c] : "";
	}
	/* the header rows are not data; what follows them is handed out by cr_csv_next */
	r->held_next = n;
	return CR_OK;
}

void cr_csv_header_free(cr_csv_header *h)
{
	for (size_t i = 0; i < h->nrows; i++)
		free(h->row[i]);
	memset(h, 0, sizeof *h);
}

/* ---- writing ------------------------------------------------------------------ */

/* The characters that make a field need quotes anywhere in it (a space or tab only at either end). */
#define CSV_SPECIAL ",;\"\r\n\t"

void cr_csv_add(cr_sb *line, const char *field, bool first)
{
	if (!field) { /* nothing, after the separator */
		if (!first)
			cr_sb_addc(line, ',');
		return;
	}
	/* one scan finds both the length and, mostly, that no quotes are needed */
	size_t n = strcspn(field, CSV_SPECIAL);
	bool quote = field[n] != '\0';
	if (quote)
		n += strlen(field + n);
	else if (n) /* a tab is special anywhere: only a space at either end is left to test */
		quote = field[0] == ' ' || field[n - 1] == ' ';
	/*
	 * The separator, the field and its quotes written straight into the line
	 * (a batch writes some twenty fields a row), unless a quote inside must be
	 * doubled: that goes through libcsv below.
	 */
	if (!quote || !memchr(field, '"', n)) {
		size_t k = !first + n + 2 * (size_t)quote;
		if (line->len + k + 1 > line->cap)
			cr_sb_grow(line, k);
		char *p = line->s + line->len;
		if (!first)
			*p++ = ',';
		if (quote)
			*p++ = '"';
		memcpy(p, field, n);
		p += n;
		if (quote)
			*p++ = '"';
		*p = '\0'; /* an empty first field still leaves a valid empty string */
		line->len += k;
		return;
	}
	if (!first)
		cr_sb_addc(line, ',');
	/* csv_write encloses the field in quotes and doubles each quote in it */
	char stack[512];
	size_t need = csv_write(NULL, 0, field, n);
	char *buf = need <= sizeof stack ? stack : cr_xmalloc(need);
	csv_write(buf, need, field, n);
	cr_sb_addn(line, buf, need);
	if (buf != stack)
		free(buf);
}

/* 0-99 as cr_csv_add_int writes them: "0" to "9" (then a byte overwritten by the NUL), "10" to "99" */
#define D10(t) {t, '0'}, {t, '1'}, {t, '2'}, {t, '3'}, {t, '4'}, {t, '5'}, {t, '6'}, {t, '7'}, {t, '8'}, {t, '9'}
static const char two_digits[100][2] = {
	{'0', 0}, {'1', 0}, {'2', 0}, {'3', 0}, {'4', 0}, {'5', 0}, {'6', 0}, {'7', 0}, {'8', 0}, {'9', 0},
	D10('1'), D10('2'), D10('3'), D10('4'), D10('5'), D10('6'), D10('7'), D10('8'), D10('9'),
};
#undef D10

void cr_csv_add_int(cr_sb *line, long long v, bool first)
{
	/* digits by hand: snprintf costs more than the rest of a row's writing */
	if (line->len + 24 > line->cap) /* a separator, a sign, 20 digits and the NUL */
		cr_sb_grow(line, 24);
	char *p = line->s + line->len;
	if (!first)
		*p++ = ',';
	if (v >= 0 && v < 100) {
		/* a score, its range, a dimension: one or two digits, two bytes from a table, without
		 * a loop or a division (a one-digit number's second byte lands where the NUL goes) */
		unsigned u = (unsigned)v;
		memcpy(p, two_digits[u], 2);
		p += 1 + (u >= 10);
	} else {
		char buf[24];
		char *q = buf + sizeof buf;
		unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
		do
			*--q = (char)('0' + u % 10);
		while (u /= 10);
		if (v < 0)
			*--q = '-';
		size_t n = (size_t)(buf + sizeof buf - q);
		memcpy(p, q, n);
		p += n;
	}
	*p = '\0';
	line->len = (size_t)(p - line->s);
}
