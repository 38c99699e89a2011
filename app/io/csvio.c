/* csvio.c - see csvio.h. */
#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define READ_CHUNK (256u << 10)

struct cr_csv_reader {
	FILE *f;
	bool own;                 /* close f at the end */
	char *name;
	struct csv_parser p;
	unsigned char *buf;
	size_t blen, bpos;
	bool eof, started, done, failed;
	volatile sig_atomic_t *cancel; /* a read interrupted by a signal stops when it is set */
	long long line;           /* physical line of the byte at bpos */
	bool after_cr;            /* the last byte fed was a CR (a LF next ends the same line) */
	long long offset;
	char sep;
	/* the record being read */
	char *rec;                /* its fields, each NUL-terminated */
	size_t rlen, rcap;
	size_t *offs;             /* where each field starts in rec */
	const char **fields;
	size_t nf, fcap;
	bool oversized;
	long nul_field;           /* see cr_csv_record */
	long long rec_line;
	long long number;
	bool ready;               /* a record is complete */
	cr_csv_record out;
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
	r->name = cr_xstrdup(name);
	r->buf = cr_xmalloc(READ_CHUNK);
	r->line = 1;
	r->sep = ',';
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

long long cr_csv_offset(const cr_csv_reader *r)
{
	return r->offset;
}

static void on_field(void *s, size_t len, void *data)
{
	cr_csv_reader *r = data;
	if (r->nf >= CR_CSV_MAX_FIELDS || r->rlen + len + 1 > CR_CSV_MAX_RECORD) {
		r->oversized = true;
		return;
	}
	if (r->nf == r->fcap) {
		r->fcap = r->fcap ? r->fcap * 2 : 64;
		r->offs = cr_xrealloc(r->offs, r->fcap * sizeof *r->offs);
	}
	if (r->rlen + len + 1 > r->rcap) {
		while (r->rlen + len + 1 > r->rcap)
			r->rcap = r->rcap ? r->rcap * 2 : 4096;
		r->rec = cr_xrealloc(r->rec, r->rcap);
	}
	if (len && r->nul_field < 0 && memchr(s, '\0', len))
		r->nul_field = (long)r->nf;
	if (len)
		memcpy(r->rec + r->rlen, s, len);
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
	r->fields = cr_xrealloc(r->fields, (r->nf + 1) * sizeof *r->fields);
	for (size_t i = 0; i < r->nf; i++)
		r->fields[i] = r->rec + r->offs[i];
	r->fields[r->nf] = NULL;
	r->out = (cr_csv_record){r->fields, r->nf, ++r->number, r->rec_line, r->oversized, false, r->nul_field};
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

static enum cr_status fill(cr_csv_reader *r, cr_diags *d)
{
	r->blen = 0;
	r->bpos = 0;
	for (;;) {
		r->blen += fread(r->buf + r->blen, 1, READ_CHUNK - r->blen, r->f);
		if (r->blen == READ_CHUNK)
			break;
		if (!ferror(r->f)) {
			r->eof = true;
			break;
		}
		if (errno != EINTR)
			return cr_diag_add(d, CR_EDATA, r->name, 0, 0, "cannot read: %s", strerror(errno));
		/* interrupted (Ctrl-C on a pipe that waits for input): stop if asked to, else read on */
		clearerr(r->f);
		if (r->cancel && *r->cancel)
			return CR_ECANCEL;
		if (r->blen)
			break;
	}
	if (!r->started) {
		r->started = true;
		if (r->blen >= 2 && ((r->buf[0] == 0xff && r->buf[1] == 0xfe) || (r->buf[0] == 0xfe && r->buf[1] == 0xff))) {
			cr_diag_add(d, CR_EDATA, r->name, 1, 1, "the file is UTF-16 text; career-risk reads CSV in UTF-8");
			cr_diag_hint(d, "export again choosing \"CSV UTF-8\" (in Excel: Save As > CSV UTF-8)");
			return CR_EDATA;
		}
		if (r->blen >= 3 && r->buf[0] == 0xef && r->buf[1] == 0xbb && r->buf[2] == 0xbf)
			r->bpos = 3;
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
			continue;
		}
		/* Feed one physical line at a time, so each record knows the line it starts on. */
		const unsigned char *s = r->buf + r->bpos, *end = r->buf + r->blen;
		const unsigned char *t = memchr(s, '\n', (size_t)(end - s));
		const unsigned char *cr = memchr(s, '\r', (size_t)((t ? t : end) - s));
		if (cr)
			t = cr; /* CRLF, or a lone CR: the line ends at the CR */
		else if (!t)
			t = end;
		bool terminated = t < end;
		size_t len = (size_t)(t - s) + terminated;
		if (r->nf == 0 && r->p.entry_pos == 0 && !r->p.quoted)
			r->rec_line = r->line;
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

/* ---- writing ------------------------------------------------------------------ */

static bool needs_quotes(const char *s, size_t n)
{
	if (!n)
		return false;
	if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
		return true;
	return strpbrk(s, ",;\"\r\n\t") != NULL;
}

void cr_csv_add(cr_sb *line, const char *field, bool first)
{
	if (!first)
		cr_sb_addc(line, ',');
	if (!field)
		return;
	size_t n = strlen(field);
	if (!needs_quotes(field, n)) {
		cr_sb_addn(line, field, n);
		return;
	}
	char stack[512];
	size_t need = csv_write(NULL, 0, field, n);
	char *buf = need <= sizeof stack ? stack : cr_xmalloc(need);
	csv_write(buf, need, field, n);
	cr_sb_addn(line, buf, need);
	if (buf != stack)
		free(buf);
}

void cr_csv_add_int(cr_sb *line, long long v, bool first)
{
	/* digits by hand: snprintf costs more than the rest of a row's writing */
	char buf[32];
	char *p = buf + sizeof buf;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	if (!first)
		*--p = ',';
	cr_sb_addn(line, p, (size_t)(buf + sizeof buf - p));
}
