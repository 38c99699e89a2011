/*
 * csvio.h - CSV in and out through libcsv, one record at a time.
 *
 * The reader streams: it holds one read buffer and one record, so memory is
 * the same for ten rows or ten million. It accepts what survey tools export:
 * a UTF-8 byte-order mark, CRLF, LF or CR line ends, quoted fields with
 * separators, quotes and line breaks inside, and a comma, semicolon or tab
 * as separator (guessed from the header line). Each record carries its
 * number (the header is record 1, as in a spreadsheet) and the physical line
 * it starts on, so a problem can be found in an editor.
 *
 * Bounds: a field of more than CR_CSV_MAX_FIELD bytes stops the reading (it
 * is almost always a quote left open, which swallows the rest of the file);
 * a record with more than CR_CSV_MAX_FIELDS fields or CR_CSV_MAX_RECORD bytes
 * is returned marked `oversized`, with its fields cut, so the caller can
 * report it and go on.
 *
 * Ownership: a record and its fields belong to the reader and last until the
 * next call to cr_csv_next().
 */
#ifndef CR_CSVIO_H
#define CR_CSVIO_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../core/diag.h"
#include "../core/util.h"

#define CR_CSV_MAX_FIELD (64u << 10)
#define CR_CSV_MAX_FIELDS 1024
#define CR_CSV_MAX_RECORD (1u << 20)

typedef struct cr_csv_record {
	const char *const *v;  /* n NUL-terminated fields */
	size_t n;
	long long number;      /* 1-based record number; the header is record 1 */
	long long line;        /* 1-based physical line where the record starts */
	bool oversized;        /* more fields or bytes than the bounds; fields were dropped */
	bool open_quote;       /* the file ended inside a quoted field: the rest of it is in this record */
	long nul_field;        /* the first field holding a NUL byte (0-based), or -1: its C string
				  would stop there (E0000001<NUL>X read as E0000001), so the
				  caller refuses the record rather than read it cut short */
	size_t bytes;          /* the fields lie one after another from v[0], each with its NUL,
				  bytes in all (0 when there are none): the record can be copied in one piece */
	const size_t *offs;    /* where each field starts counted from v[0] (v[i] - v[0]), n of them, valid
				  as long as v; or NULL (then take v[i] - v[0]): a copy's fields placed in one move */
} cr_csv_record;

typedef struct cr_csv_reader cr_csv_reader;

/* Opens a file, or standard input for "-". */
enum cr_status cr_csv_open(const char *path, cr_csv_reader **out, cr_diags *d);
/* Reads from an open stream (not closed by cr_csv_close); `name` is used in messages. */
cr_csv_reader *cr_csv_from_stream(FILE *f, const char *name);
/*
 * The next record: CR_OK with *rec set, CR_OK with *rec NULL at the end of
 * the input, or CR_EDATA / CR_EIO with a diagnostic.
 */
enum cr_status cr_csv_next(cr_csv_reader *r, const cr_csv_record **rec, cr_diags *d);
/* A read interrupted by a signal returns CR_ECANCEL (without a diagnostic) when *cancel is set. */
void cr_csv_set_cancel(cr_csv_reader *r, volatile sig_atomic_t *cancel);
/*
 * The export's encoding, when it is not UTF-8 (NULL or "utf-8" for UTF-8):
 * bytes are converted through iconv as they are read. Without it, a file
 * whose first chunk is not UTF-8 is read as Windows-1252 (with a warning)
 * when it can be that, and refused otherwise. Call before the first read.
 */
void cr_csv_set_encoding(cr_csv_reader *r, const char *encoding);
/* The encoding converted from (stated or detected), or NULL for UTF-8. */
const char *cr_csv_encoding(const cr_csv_reader *r);

#define CR_CSV_MAX_HEADER_ROWS 3

/*
 * The header rows of an export, from the reader's first records: `rows` of
 * them, or, when rows is 0, as many as the export's shape says (Qualtrics 3,
 * SurveyMonkey 2, else 1). Records read past them are handed out again by
 * cr_csv_next. row[i][c] points into the reader (valid until it is closed),
 * "" where a row is shorter than the first; nrows is 0 for an empty file.
 */
typedef struct cr_csv_header {
	size_t nrows;
	size_t n;                                 /* columns: the first row's fields */
	const char **row[CR_CSV_MAX_HEADER_ROWS]; /* owned arrays of borrowed strings */
	long long line;                           /* where the first row starts */
} cr_csv_header;
enum cr_status cr_csv_read_header(cr_csv_reader *r, size_t rows, cr_csv_header *out, cr_diags *d);
void cr_csv_header_free(cr_csv_header *h);

/*
 * Where the reader's bytes come from from now on, instead of its stream (NULL: the stream again):
 * `source` reads up to cap bytes into dst, as cr_csv_read_raw does (fewer only at the end of the
 * input, with *at_end, or when it has no more yet), and returns CR_OK or a failure (CR_ECANCEL, or
 * another status with its diagnostic added to d). The batch parses a pipe in its workers this way
 * while its main thread reads the pipe (cr_csv_read_raw), where a stop signal interrupts the read.
 */
typedef enum cr_status (*cr_csv_source)(void *ctx, unsigned char *dst, size_t cap, size_t *got, bool *at_end,
					cr_diags *d);
void cr_csv_set_source(cr_csv_reader *r, cr_csv_source source, void *ctx);
/*
 * Reads up to cap raw bytes of the reader's stream into dst, fewer only at the end of the input
 * (*at_end) or when a read interrupted by a signal had read some; CR_ECANCEL when a read is
 * interrupted while the cancel flag is set (cr_csv_set_cancel), CR_EDATA with a diagnostic when
 * it fails. The bytes are not parsed: they are for a source (above).
 */
enum cr_status cr_csv_read_raw(cr_csv_reader *r, unsigned char *dst, size_t cap, size_t *got, bool *at_end, cr_diags *d);
/* Whether the reader reads a regular file (not a pipe, FIFO or terminal, whose reads can wait). */
bool cr_csv_is_file(const cr_csv_reader *r);
/* The separator in use (known once the first record was read). */
char cr_csv_separator(const cr_csv_reader *r);
/* Bytes consumed so far (for progress). */
long long cr_csv_offset(const cr_csv_reader *r);
void cr_csv_close(cr_csv_reader *r);

/*
 * Appends one field to a line being built, quoting it (through libcsv) only
 * when it needs quotes: a separator, a quote, a line break, or white space
 * at either end. `first` leaves out the separator.
 */
void cr_csv_add(cr_sb *line, const char *field, bool first);
/* The same for a number, which never needs quotes. */
void cr_csv_add_int(cr_sb *line, long long v, bool first);

#endif
