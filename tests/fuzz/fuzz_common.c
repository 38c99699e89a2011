/* fuzz_common.c - see fuzz.h. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "util.h"

void fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz: invariant broken: %s\n", what);
	abort();
}

cr_kb_file fuzz_read(const char *relpath)
{
	char *path = cr_xprintf("%s/%s", CR_SOURCE_DIR, relpath);
	char *text = NULL;
	size_t len = 0;
	if (cr_file_read(path, CR_KB_MAX_FILE, &text, &len) != 0) {
		fprintf(stderr, "fuzz: cannot read %s\n", path);
		abort();
	}
	return (cr_kb_file){.name = path, .text = text, .len = len}; /* kept for the whole run */
}

cr_kb *fuzz_shipped_kb(void)
{
	cr_diags d = {0};
	cr_kb *kb = NULL;
	if (cr_kb_load(CR_SOURCE_DIR "/knowledge", CR_SOURCE_DIR "/questionnaires", &kb, &d) != CR_OK) {
		for (size_t i = 0; i < d.n; i++) {
			char *s = cr_diag_format(&d.v[i]);
			fprintf(stderr, "fuzz: %s\n", s);
			free(s);
		}
		abort();
	}
	cr_diags_clear(&d);
	return kb;
}

void fuzz_exercise_result(const cr_result *r)
{
	if (r->score < 0 || r->score > 100)
		fuzz_fail("score outside 0-100");
	if (r->range_lo > r->score || r->range_hi < r->score)
		fuzz_fail("score outside its range");
	if (!r->band)
		fuzz_fail("no band");
	char *json = cr_result_json(r, true);
	if (!json || json[0] != '{')
		fuzz_fail("result JSON is not an object");
	free(json);
	FILE *sink = fopen("/dev/null", "w");
	if (!sink)
		abort();
	cr_render_opts o = {.color = true, .width = 40};
	cr_render_text(sink, r, &o);
	cr_render_markdown(sink, r);
	cr_render_json(sink, r);
	fclose(sink);
}

void fuzz_exercise_kb(const cr_kb *kb)
{
	for (size_t qi = 0; qi < kb->nquestionnaires && qi < 3; qi++) {
		const cr_questionnaire *q = &kb->questionnaires[qi];
		for (size_t oi = 0; oi < kb->noccupations && oi < 2; oi++) {
			cr_answers *as = cr_baseline_answers(kb, q, &kb->occupations[oi]);
			cr_diags d = {0};
			cr_result *r = NULL;
			if (cr_assess(kb, as, 0, &r, &d) == CR_OK)
				fuzz_exercise_result(r);
			else if (d.n == 0)
				fuzz_fail("cr_assess failed without saying why");
			cr_result_free(r);
			cr_answers_free(as);
			cr_diags_clear(&d);
		}
	}
}
