/* suggest.c - see suggest.h. */
#include "suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/intake.h"
#include "../io/csvio.h"
#include "../io/output.h"

enum cr_status cr_batch_suggest_map(const cr_kb *kb, const cr_questionnaire *q, const char *input, size_t header_rows,
				    const char *encoding, const char *out_path, const char *intro, cr_diags *d)
{
	cr_csv_reader *rd = NULL;
	cr_intake_suggest *s = NULL;
	cr_output out = {0};
	char *yaml = NULL;
	cr_csv_header h = {0};
	enum cr_status st = cr_csv_open(input, &rd, d);
	if (st)
		return st;
	cr_csv_set_encoding(rd, encoding);
	if ((st = cr_csv_read_header(rd, header_rows, &h, d)))
		goto out;
	if (!h.nrows) {
		st = cr_diag_add(d, CR_EDATA, input, 0, 0, "the file is empty: there are no headers to map");
		goto out;
	}
	s = cr_intake_suggest_new(kb, q, (const char *const *const *)h.row, h.nrows, h.n);
	for (;;) {
		const cr_csv_record *rec;
		if ((st = cr_csv_next(rd, &rec, d)))
			goto out;
		if (!rec)
			break;
		if (!rec->oversized && rec->nul_field < 0)
			cr_intake_suggest_row(s, rec->v, rec->n);
	}
	yaml = cr_intake_suggest_yaml(s);
	if (strcmp(out_path, "-") == 0) {
		if (fputs(intro, stdout) == EOF || fputs(yaml, stdout) == EOF || fflush(stdout) == EOF)
			st = cr_diag_add(d, CR_EIO, NULL, 0, 0, "cannot write the map to standard output");
		goto out;
	}
	if ((st = cr_output_open(&out, out_path, 1u << 16, d)))
		goto out;
	if (fputs(intro, out.f) == EOF || fputs(yaml, out.f) == EOF) {
		st = cr_diag_add(d, CR_EIO, out_path, 0, 0, "cannot write the map");
		goto out;
	}
	if ((st = cr_output_finish(&out, d)) || (st = cr_output_commit(&out, d)))
		goto out;
out:
	cr_output_abandon(&out);
	free(yaml);
	cr_intake_suggest_free(s);
	cr_csv_header_free(&h);
	cr_csv_close(rd);
	return st;
}
