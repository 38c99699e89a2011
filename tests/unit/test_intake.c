/*
 * test_intake.c - survey rows into answers (app/core/intake.c), and the proof
 * that a batch row scores exactly as the same answers do one at a time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "assess.h"
#include "intake.h"
#include "util.h"
#include "fixture.h"

static const cr_questionnaire *intake;

static int setup(void **state)
{
	if (fx_kb_setup(state) != 0)
		return -1;
	intake = cr_kb_questionnaire(fx_kb, "intake");
	return intake ? 0 : -1;
}

/* The header `questionnaire template ID --format csv` writes: ids, and splits part by part. */
static size_t template_header(const cr_questionnaire *q, char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		if (qq->type != CR_Q_SPLIT) {
			assert_true(n < max);
			out[n++] = cr_xstrdup(qq->id);
			continue;
		}
		for (size_t p = 0; p < qq->nchoices; p++) {
			assert_true(n < max);
			out[n++] = cr_xprintf("%s.%s", qq->id, qq->choices[p].id);
		}
	}
	return n;
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
}

static long col_of(const cr_intake *in, const char *header)
{
	for (size_t c = 0; c < cr_intake_ncols(in); c++)
		if (strcmp(cr_intake_col_at(in, c)->header, header) == 0)
			return (long)c;
	fail_msg("no column %s", header);
	return -1;
}

/* A valid intake row, cell by cell in template order. */
static const char *const good_row[] = {
	"E0042", "Finance", "accountant", "40", "0", "35", "15", "5", "5", "25", "weekly", "writing, analysis",
	"prompt", "8", "several", "exploring", "4", "yes", "senior", "6", "data-literacy, financial-analysis"};

typedef struct fixture {
	cr_intake *in;
	cr_answers *as;
	char *cells[64];
	size_t n;
} fixture;

static void fixture_open(fixture *f, const char *const *group_by, size_t ngroup)
{
	char *hdr[64];
	size_t n = template_header(intake, hdr, 64);
	assert_int_equal(n, CR_ARRAY_LEN(good_row));
	cr_diags d = {0};
	enum cr_status st = cr_intake_new(fx_kb, intake, (const char *const *)hdr, n, NULL, group_by, ngroup, &f->in, &d);
	if (st)
		fail_msg("%s", d.v[0].msg);
	free_strs(hdr, n);
	f->as = cr_answers_new(intake);
	f->n = n;
	for (size_t i = 0; i < n; i++)
		f->cells[i] = cr_xstrdup(good_row[i]);
	cr_diags_clear(&d);
}

static void fixture_set(fixture *f, const char *header, const char *cell)
{
	long c = col_of(f->in, header);
	free(f->cells[c]);
	f->cells[c] = cr_xstrdup(cell);
}

static enum cr_status fixture_row(fixture *f, const cr_intake_problem **p, size_t *np)
{
	return cr_intake_row(f->in, (const char *const *)f->cells, f->n, f->as, p, np);
}

static void fixture_close(fixture *f)
{
	free_strs(f->cells, f->n);
	cr_answers_free(f->as);
	cr_intake_free(f->in);
}

static const cr_answer *answer(const fixture *f, const char *qid)
{
	size_t qi;
	assert_non_null(cr_questionnaire_find(intake, qid, &qi));
	return &f->as->a[qi];
}

/* ---- the header ------------------------------------------------------------------ */

static void test_header_by_id_part_and_text(void **state)
{
	(void)state;
	char *hdr[64];
	size_t n = template_header(intake, hdr, 64);
	/* a survey's own wording for one question (its text, with other case and spacing), and extra columns */
	const cr_question *judg = cr_questionnaire_find(intake, "judgment", NULL);
	for (size_t i = 0; i < n; i++)
		if (strcmp(hdr[i], "judgment") == 0) {
			free(hdr[i]);
			hdr[i] = cr_xprintf("  %s", judg->text);
			for (char *p = hdr[i]; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					*p = (char)(*p - 'a' + 'A');
		}
	hdr[n++] = cr_xstrdup("Timestamp");
	hdr[n++] = cr_xstrdup("Site");
	cr_intake *in = NULL;
	cr_diags d = {0};
	assert_int_equal(cr_intake_new(fx_kb, intake, (const char *const *)hdr, n, NULL, NULL, 0, &in, &d), CR_OK);
	assert_int_equal(cr_intake_col_at(in, (size_t)col_of(in, "tasks.analytic"))->kind, CR_COL_PART);
	assert_int_equal(cr_intake_col_at(in, (size_t)col_of(in, "ai_uses"))->kind, CR_COL_QUESTION);
	const cr_intake_col *jc = NULL;
	for (size_t c = 0; c < cr_intake_ncols(in); c++)
		if (strstr(cr_intake_col_at(in, c)->header, "DECISIONS"))
			jc = cr_intake_col_at(in, c);
	assert_non_null(jc);
	assert_int_equal(jc->kind, CR_COL_QUESTION);
	assert_string_equal(intake->questions[jc->qi].id, "judgment");
	assert_int_equal(cr_intake_col_at(in, (size_t)col_of(in, "Timestamp"))->kind, CR_COL_IGNORED);
	/* grouped by department unless told otherwise; the id column is known */
	assert_int_equal(cr_intake_ngroups(in), 1);
	assert_string_equal(cr_intake_group_name(in, 0), "department");
	assert_int_equal(cr_intake_id_col(in), col_of(in, "employee_id"));
	cr_intake_free(in);

	const char *by[] = {"site", "department"};
	assert_int_equal(cr_intake_new(fx_kb, intake, (const char *const *)hdr, n, NULL, by, 2, &in, &d), CR_OK);
	assert_int_equal(cr_intake_ngroups(in), 2);
	assert_string_equal(cr_intake_group_name(in, 0), "Site");
	cr_intake_free(in);
	free_strs(hdr, n);
	assert_int_equal(d.n, 0);
}

static void test_header_errors(void **state)
{
	(void)state;
	char *hdr[70];
	size_t n = template_header(intake, hdr, 64);
	cr_intake *in = NULL;
	cr_diags d = {0};

	/* a question answered twice */
	hdr[n++] = cr_xstrdup("AI_FREQUENCY");
	assert_int_equal(cr_intake_new(fx_kb, intake, (const char *const *)hdr, n, NULL, NULL, 0, &in, &d), CR_EDATA);
	assert_non_null(strstr(d.v[0].msg, "both answer 'ai_frequency'"));
	free(hdr[--n]);
	cr_diags_clear(&d);

	/* a split given part by part with parts missing */
	for (size_t i = 0; i < n; i++)
		if (strcmp(hdr[i], "tasks.creative") == 0) {
			free(hdr[i]);
			hdr[i] = cr_xstrdup("creative stuff");
		}
	assert_int_equal(cr_intake_new(fx_kb, intake, (const char *const *)hdr, n, NULL, NULL, 0, &in, &d), CR_EDATA);
	assert_non_null(strstr(d.v[0].msg, "missing: tasks.creative"));
	cr_diags_clear(&d);

	/* required questions without a column, in one message */
	assert_int_equal(cr_intake_new(fx_kb, intake, (const char *const *)hdr + 3, 3, NULL, NULL, 0, &in, &d), CR_EDATA);
	bool listed = false;
	for (size_t i = 0; i < d.n; i++)
		listed |= strstr(d.v[i].msg, "these required questions: employee_id, department, occupation") != NULL;
	assert_true(listed);
	cr_diags_clear(&d);

	/* headers that are the survey's own wording and no map */
	const char *const wording[] = {"Employee reference", "Your team", "Job title"};
	assert_int_equal(cr_intake_new(fx_kb, intake, wording, 3, NULL, NULL, 0, &in, &d), CR_EDATA);
	assert_non_null(strstr(d.v[0].msg, "none of the 3 columns is a question"));
	assert_non_null(strstr(d.v[0].hint, CR_FLAG_MAP)); /* the face words it as --map */
	cr_diags_clear(&d);

	/* grouping by a column that is not there is a usage error */
	for (size_t i = 0; i < n; i++)
		if (strcmp(hdr[i], "creative stuff") == 0) {
			free(hdr[i]);
			hdr[i] = cr_xstrdup("tasks.creative");
		}
	const char *by[] = {"region"};
	assert_int_equal(cr_intake_new(fx_kb, intake, (const char *const *)hdr, n, NULL, by, 1, &in, &d), CR_EUSAGE);
	assert_non_null(strstr(d.v[0].msg, "no column 'region' to group by"));
	cr_diags_clear(&d);
	free_strs(hdr, n);
}

static void test_map_file(void **state)
{
	(void)state;
	static const char map_text[] =
		"questionnaire: intake\n"
		"columns:\n"
		"  \"Employee reference\": employee_id\n"
		"  \"Team\": department\n"
		"  \"Job title\": occupation\n"
		"  \"Week split\": tasks\n"
		"  \"Share of week on data entry (%)\": data_entry\n"
		"  \"AI use\": ai_frequency\n"
		"  \"AI for\": ai_uses\n"
		"  \"AI depth\": ai_depth\n"
		"  \"Years\": years_niche\n"
		"  \"Cover\": rarity\n"
		"  \"AI + domain\": ai_domain\n"
		"  \"Judgment\": judgment\n"
		"  \"Regulated\": regulated\n"
		"  \"Grade\": seniority\n"
		"  \"Learning\": learning_hours\n"
		"  \"Skills\": skills\n"
		"  \"Site\": group\n"
		"  \"Timestamp\": ignore\n";
	const char *const hdr[] = {"Timestamp", "employee REFERENCE", "Team", "Site", "Job title", "Week split",
				   "Share of week on data entry (%)", "AI use", "AI for", "AI depth", "Years", "Cover",
				   "AI + domain", "Judgment", "Regulated", "Grade", "Learning", "Skills"};
	cr_intake_map *m = NULL;
	cr_intake *in = NULL;
	cr_diags d = {0};
	assert_int_equal(cr_intake_map_parse("map.yaml", map_text, sizeof map_text - 1, &m, &d), CR_OK);
	assert_int_equal(cr_intake_new(fx_kb, intake, hdr, CR_ARRAY_LEN(hdr), m, NULL, 0, &in, &d), CR_OK);
	/* the department and the map's `group` columns */
	assert_int_equal(cr_intake_ngroups(in), 2);
	assert_string_equal(cr_intake_group_name(in, 0), "Team");
	assert_string_equal(cr_intake_group_name(in, 1), "Site");
	/* the split in one cell, as typed at the terminal */
	const char *const row[] = {"2024-05-01 10:00", "E7", "Legal", "Leeds", "paralegal", "50 0 30 10 5 5", "40",
				   "Every working day", "writing; research;", "workflow", "3", "few", "yes", "3",
				   "unsure", "mid", "2", ""};
	cr_answers *as = cr_answers_new(intake);
	const cr_intake_problem *p;
	size_t np;
	assert_int_equal(cr_intake_row(in, row, CR_ARRAY_LEN(row), as, &p, &np), CR_OK);
	size_t qi;
	cr_questionnaire_find(intake, "tasks", &qi);
	assert_true(as->a[qi].parts[0] == 50 && as->a[qi].parts[2] == 30);
	cr_questionnaire_find(intake, "ai_frequency", &qi);
	assert_string_equal(as->a[qi].str, "daily");
	cr_questionnaire_find(intake, "skills", &qi);
	assert_int_equal(as->a[qi].state, CR_A_GIVEN); /* blank: none ticked */
	assert_true(as->a[qi].bits == 0);
	cr_answers_free(as);
	cr_intake_free(in);

	/* a map entry that matches no column is an error at its line */
	const char *const fewer[] = {"Employee reference", "Team"};
	assert_int_equal(cr_intake_new(fx_kb, intake, fewer, 2, m, NULL, 0, &in, &d), CR_EDATA);
	bool found = false;
	for (size_t i = 0; i < d.n; i++)
		if (strstr(d.v[i].msg, "no column of the file is headed 'Job title'")) {
			found = true;
			assert_int_equal(d.v[i].line, 5);
		}
	assert_true(found);
	cr_diags_clear(&d);
	/* a map written for another questionnaire */
	assert_int_equal(cr_intake_new(fx_kb, fx_std, hdr, CR_ARRAY_LEN(hdr), m, NULL, 0, &in, &d), CR_EDATA);
	assert_non_null(strstr(d.v[0].msg, "the map is for questionnaire 'intake'"));
	cr_diags_clear(&d);
	cr_intake_map_free(m);

	static const char bad_target[] = "columns:\n  \"Team\": departement\n";
	assert_int_equal(cr_intake_map_parse("bad.yaml", bad_target, sizeof bad_target - 1, &m, &d), CR_OK);
	assert_int_equal(cr_intake_new(fx_kb, intake, hdr, CR_ARRAY_LEN(hdr), m, NULL, 0, &in, &d), CR_EDATA);
	assert_non_null(strstr(d.v[0].msg, "'departement' is not a question"));
	assert_int_equal(d.v[0].line, 2);
	cr_diags_clear(&d);
	cr_intake_map_free(m);
}

/* ---- rows ------------------------------------------------------------------------- */

/*
 * A cell accepts exactly what the terminal accepts: for each of these, the row
 * parses iff cr_answer_parse accepts the text, to the same answer, and a
 * rejection carries the terminal's own message. Each is tried twice, so the
 * second goes through the column's cache. One exception: a bare number in a
 * choice column, which the terminal reads as the choice's place in the list
 * it shows, is refused in a CSV cell, where it is the survey tool's own code
 * (Qualtrics' numeric export: its 1 may be "Daily", our 1 is "never").
 */
static void test_cells_as_at_the_terminal(void **state)
{
	(void)state;
	static const struct { const char *qid, *cell; } cases[] = {
		{"ai_frequency", "daily"}, {"ai_frequency", "DAILY"}, {"ai_frequency", "Every working day"},
		{"ai_frequency", "5"}, {"ai_frequency", "6"}, {"ai_frequency", "dayly"}, {"ai_frequency", " weekly "},
		{"judgment", "3"}, {"judgment", "3.5"}, {"judgment", "0"}, {"judgment", "five"},
		{"data_entry", "12.5"}, {"data_entry", "40%"}, {"data_entry", "101"}, {"data_entry", "-1"}, {"data_entry", "1e2"},
		{"years_niche", "lots"}, {"learning_hours", "0"},
		/* whole numbers are read without the cache: at and past each end of the range, leading zeros, too many digits */
		{"data_entry", "0"}, {"data_entry", "100"}, {"data_entry", "007"}, {"data_entry", "0000000100"},
		{"years_niche", "50"}, {"years_niche", "51"}, {"judgment", "1"}, {"judgment", "5"}, {"judgment", "6"},
		{"judgment", "999999999"}, {"judgment", "1000000000"}, {"learning_hours", "12"}, {"data_entry", "4 0"},
		{"occupation", "43-9021"}, {"occupation", "data entry clerk"}, {"occupation", "Registered Nurses"},
		{"occupation", "progammer"}, {"occupation", "chief vibes officer"}, {"occupation", "analyst"},
		{"regulated", "unsure"}, {"regulated", "maybe"}, {"rarity", "Nobody: it would take hiring someone or months of training"},
		{"department", "R&D, Innovation"}, {"department", "x\x01y"},
		/* free text read without the parser when it is printable ASCII: at and past its bounds, and what is not */
		{"employee_id", "E1"}, {"employee_id", "E0000001"}, {"employee_id", "E00000012"}, {"department", "  padded  "},
		{"employee_id", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},  /* 64, its max_length */
		{"employee_id", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, /* 65 */
		{"department", "Sales\tOps"}, {"department", "\xc3\x9cmlaut GmbH"}, {"department", "Caf\xc3\xa9 & Bar team"},
		{"department", "bad \xff byte"}, {"department", "x\x7fy"}, {"department", "eight ch\x1f"}, {"department", "\x1f"},
	};
	fixture f;
	fixture_open(&f, NULL, 0);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < CR_ARRAY_LEN(cases); i++) {
			const cr_question *q = cr_questionnaire_find(intake, cases[i].qid, NULL);
			cr_answer want;
			char *err = NULL;
			enum cr_status wst = cr_answer_parse(fx_kb, q, cases[i].cell, &want, &err);
			fixture_set(&f, cases[i].qid, cases[i].cell);
			const cr_intake_problem *p;
			size_t np;
			enum cr_status got = fixture_row(&f, &p, &np);
			if (q->type == CR_Q_CHOICE && strspn(cases[i].cell, "0123456789") == strlen(cases[i].cell)) {
				assert_int_equal(got, CR_EDATA);
				assert_int_equal(np, 1);
				assert_non_null(strstr(p[0].msg, "never picks a choice by its place in the list"));
				assert_non_null(strstr(p[0].msg, "values: {ai_frequency: {"));
				free(err);
				fixture_set(&f, cases[i].qid, good_row[col_of(f.in, cases[i].qid)]);
				continue;
			}
			if (wst != got)
				fail_msg("%s = '%s': terminal %d, CSV %d", cases[i].qid, cases[i].cell, wst, got);
			if (wst == CR_OK) {
				const cr_answer *a = answer(&f, cases[i].qid);
				assert_int_equal(a->state, CR_A_GIVEN);
				if (q->type == CR_Q_TEXT)
					assert_string_equal(a->str, want.str);
				else
					assert_true(a->str == want.str && a->num == want.num);
			} else {
				assert_int_equal(np, 1);
				assert_int_equal(p[0].col, col_of(f.in, cases[i].qid));
				/* one line: an ambiguous job lists its candidates on one line */
				for (char *s = err; *s; s++)
					if (*s == '\n')
						*s = ' ';
				/* a job title the batch will not guess: its own message, with the candidates */
				if (q->type == CR_Q_OCCUPATION)
					assert_true(strstr(p[0].msg, "job title") && (strstr(p[0].msg, "candidates") || strstr(p[0].msg, "no occupation")));
				else
					assert_string_equal(p[0].msg, err);
			}
			free(err);
			fixture_set(&f, cases[i].qid, good_row[col_of(f.in, cases[i].qid)]);
		}
	fixture_close(&f);
}

static void test_multiple_choice_cells(void **state)
{
	(void)state;
	fixture f;
	fixture_open(&f, NULL, 0);
	const cr_question *uses = cr_questionnaire_find(intake, "ai_uses", NULL);
	const cr_intake_problem *p;
	size_t np;
	/* labels holding commas, Microsoft Forms' trailing semicolon, ids and labels mixed, a curly apostrophe */
	fixture_set(&f, "ai_uses",
		    "Writing or editing text: e-mails, reports, summaries;Checking work: my own, colleagues\xe2\x80\x99 or the AI's;"
		    "coding, research");
	assert_int_equal(fixture_row(&f, &p, &np), CR_OK);
	uint64_t want = 0;
	for (size_t i = 0; i < uses->nchoices; i++)
		if (!strcmp(uses->choices[i].id, "writing") || !strcmp(uses->choices[i].id, "review") ||
		    !strcmp(uses->choices[i].id, "coding") || i == 1)
			want |= (uint64_t)1 << i;
	assert_true(answer(&f, "ai_uses")->bits == want);
	/* a bare number is no place in the list: refused, never read as the second choice */
	fixture_set(&f, "ai_uses", "writing, 2");
	assert_int_equal(fixture_row(&f, &p, &np), CR_EDATA);
	assert_non_null(strstr(p[0].msg, "'2' is a number"));
	/* "none" and blank are none ticked, when the question applies */
	fixture_set(&f, "ai_uses", "None");
	assert_int_equal(fixture_row(&f, &p, &np), CR_OK);
	assert_int_equal(answer(&f, "ai_uses")->state, CR_A_GIVEN);
	assert_true(answer(&f, "ai_uses")->bits == 0);
	fixture_set(&f, "ai_uses", "  ");
	assert_int_equal(fixture_row(&f, &p, &np), CR_OK);
	assert_int_equal(answer(&f, "ai_uses")->state, CR_A_GIVEN);
	/* ...and no answer when it is not asked: someone who never uses AI */
	fixture_set(&f, "ai_frequency", "never");
	fixture_set(&f, "ai_depth", "");
	assert_int_equal(fixture_row(&f, &p, &np), CR_OK);
	assert_int_equal(answer(&f, "ai_uses")->state, CR_A_NONE);
	assert_int_equal(answer(&f, "ai_depth")->state, CR_A_NONE);
	/* a choice that does not exist: the terminal's message */
	fixture_set(&f, "ai_frequency", "weekly");
	fixture_set(&f, "ai_depth", "prompt");
	fixture_set(&f, "ai_uses", "writing, astrology");
	assert_int_equal(fixture_row(&f, &p, &np), CR_EDATA);
	assert_int_equal(np, 1);
	assert_non_null(strstr(p[0].msg, "'astrology' is not one of the choices"));
	/* a required question left blank, when it applies */
	fixture_set(&f, "ai_uses", "writing");
	fixture_set(&f, "ai_depth", "");
	assert_int_equal(fixture_row(&f, &p, &np), CR_EDATA);
	assert_string_equal(p[0].msg, "no answer to the required question 'ai_depth'");
	assert_int_equal(p[0].col, col_of(f.in, "ai_depth"));
	fixture_close(&f);
}

/*
 * A multiple-choice cell token by token, each read twice (parsed, then found
 * in the cache): a long label (one holding a separator, here the map's
 * "Reports, e-mails") is matched where its first part stands, and that part
 * alone is its own value; labels in any case; spaces before separators;
 * tokens of every length the cache's hash reads differently; tokens whose
 * hashes are equal.
 */
static void test_multiple_choice_tokens(void **state)
{
	(void)state;
	static const char map_text[] = "values:\n"
				       "  ai_uses: {\"Reports\": analysis, \"Reports, e-mails\": writing, \"n/a\": ignore}\n";
	cr_intake_map *m = NULL;
	cr_diags d = {0};
	assert_int_equal(cr_intake_map_parse("map.yaml", map_text, sizeof map_text - 1, &m, &d), CR_OK);
	char *hdr[64];
	size_t n = template_header(intake, hdr, 64);
	fixture f = {.n = n};
	assert_int_equal(cr_intake_new(fx_kb, intake, (const char *const *)hdr, n, m, NULL, 0, &f.in, &d), CR_OK);
	free_strs(hdr, n);
	f.as = cr_answers_new(intake);
	for (size_t i = 0; i < n; i++)
		f.cells[i] = cr_xstrdup(good_row[i]);
	static const struct { const char *cell, *ids, *err; } cases[] = {
		{"Reports, e-mails", "writing", NULL},
		{"Reports, coding", "analysis coding", NULL},
		{"reports , CODING ;research", "analysis coding research", NULL},
		{"Reports, e-mails, Reports", "writing analysis", NULL},
		{"WRITING OR EDITING TEXT: E-MAILS, REPORTS, SUMMARIES,review", "writing review", NULL},
		{"Writing or editing text: e-mails, reports, summaries;Checking work: my own, colleagues' or the AI's",
		 "writing review", NULL},
		{"n/a, images", "images", NULL},
		{"images;planning;customers", "images planning customers", NULL},
		{"Writing or editing text: e-mails", NULL, ""},
		{"a, writing", NULL, "'a' is not one of the choices"},
		{"writing, abc", NULL, "'abc' is not one of the choices"},
		{"writing, abcdefg", NULL, "'abcdefg' is not one of the choices"},
		{"xxxxxxxx1yyyyyyyy", NULL, "'xxxxxxxx1yyyyyyyy' is not one of the choices"},
		{"xxxxxxxx2yyyyyyyy", NULL, "'xxxxxxxx2yyyyyyyy' is not one of the choices"},
		{"writing, 12", NULL, "'12' is a number"},
	};
	const cr_question *uses = cr_questionnaire_find(intake, "ai_uses", NULL);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < CR_ARRAY_LEN(cases); i++) {
			fixture_set(&f, "ai_uses", cases[i].cell);
			const cr_intake_problem *p;
			size_t np;
			enum cr_status st = fixture_row(&f, &p, &np);
			if (cases[i].err) {
				if (st != CR_EDATA)
					fail_msg("'%s' read without a problem", cases[i].cell);
				assert_int_equal(np, 1);
				assert_int_equal(p[0].col, col_of(f.in, "ai_uses"));
				assert_non_null(strstr(p[0].msg, cases[i].err));
				continue;
			}
			if (st != CR_OK)
				fail_msg("'%s': %s", cases[i].cell, p[0].msg);
			uint64_t want = 0;
			for (size_t c = 0; c < uses->nchoices; c++) {
				char pad[64];
				snprintf(pad, sizeof pad, " %s ", uses->choices[c].id);
				char ids[128];
				snprintf(ids, sizeof ids, " %s ", cases[i].ids);
				if (strstr(ids, pad))
					want |= (uint64_t)1 << c;
			}
			if (answer(&f, "ai_uses")->bits != want)
				fail_msg("'%s': bits %llx, not %llx", cases[i].cell, (unsigned long long)answer(&f, "ai_uses")->bits,
					 (unsigned long long)want);
		}
	fixture_close(&f);
	cr_intake_map_free(m);
	cr_diags_clear(&d);
}

static void test_split_parts(void **state)
{
	(void)state;
	fixture f;
	fixture_open(&f, NULL, 0);
	const cr_intake_problem *p;
	size_t np;
	/* a part left blank is 0; a percent sign is allowed */
	fixture_set(&f, "tasks.routine_manual", "");
	fixture_set(&f, "tasks.routine_cognitive", "40%");
	assert_int_equal(fixture_row(&f, &p, &np), CR_OK);
	const cr_answer *a = answer(&f, "tasks");
	assert_true(a->parts[0] == 40 && a->parts[1] == 0 && a->parts[2] == 35);
	/* parts that do not add up: the terminal's message, at the first part's column */
	fixture_set(&f, "tasks.analytic", "30");
	assert_int_equal(fixture_row(&f, &p, &np), CR_EDATA);
	assert_int_equal(np, 1);
	assert_string_equal(p[0].msg, "tasks: the parts must add up to 100; these add up to 95");
	assert_int_equal(p[0].col, col_of(f.in, "tasks.routine_cognitive"));
	/* not a number */
	fixture_set(&f, "tasks.analytic", "a lot");
	assert_int_equal(fixture_row(&f, &p, &np), CR_EDATA);
	assert_int_equal(p[0].col, col_of(f.in, "tasks.analytic"));
	assert_non_null(strstr(p[0].msg, "is not a percentage"));
	/* a whole number (read without the cache), leading zeros and all, and the same through the cache */
	fixture_set(&f, "tasks.analytic", "035");
	fixture_set(&f, "tasks.routine_cognitive", "40.0");
	assert_int_equal(fixture_row(&f, &p, &np), CR_OK);
	a = answer(&f, "tasks");
	assert_true(a->parts[0] == 40 && a->parts[1] == 0 && a->parts[2] == 35);
	fixture_set(&f, "tasks.routine_cognitive", "0000000040"); /* ten digits: the general path */
	fixture_set(&f, "tasks.analytic", "35");
	assert_int_equal(fixture_row(&f, &p, &np), CR_OK);
	a = answer(&f, "tasks");
	assert_true(a->parts[0] == 40 && a->parts[2] == 35);
	fixture_set(&f, "tasks.analytic", "36");
	assert_int_equal(fixture_row(&f, &p, &np), CR_EDATA);
	assert_string_equal(p[0].msg, "tasks: the parts must add up to 100; these add up to 101");
	/* all blank: the split is not answered, and it is required */
	static const char *const parts[] = {"tasks.routine_cognitive", "tasks.routine_manual", "tasks.analytic",
					    "tasks.interpersonal", "tasks.creative", "tasks.nonroutine_manual"};
	for (size_t i = 0; i < CR_ARRAY_LEN(parts); i++)
		fixture_set(&f, parts[i], "");
	assert_int_equal(fixture_row(&f, &p, &np), CR_EDATA);
	assert_string_equal(p[0].msg, "no answer to the required question 'tasks'");
	fixture_close(&f);
}

static void test_row_problems(void **state)
{
	(void)state;
	fixture f;
	fixture_open(&f, NULL, 0);
	const cr_intake_problem *p;
	size_t np;
	/* a row with a field too few: nothing else is read from it */
	assert_int_equal(cr_intake_row(f.in, (const char *const *)f.cells, f.n - 1, f.as, &p, &np), CR_EDATA);
	assert_int_equal(np, 1);
	assert_int_equal(p[0].col, -1);
	assert_non_null(strstr(p[0].msg, "the row has 20 fields but the header has 21"));
	/* every problem of a row, each at its column */
	fixture_set(&f, "employee_id", "");
	fixture_set(&f, "judgment", "9");
	fixture_set(&f, "department", "Caf\xc3");
	assert_int_equal(fixture_row(&f, &p, &np), CR_EDATA);
	assert_int_equal(np, 2);
	assert_int_equal(p[0].col, col_of(f.in, "department"));
	assert_non_null(strstr(p[0].msg, "UTF-8"));
	assert_int_equal(p[1].col, col_of(f.in, "judgment"));
	fixture_set(&f, "judgment", "4");
	fixture_set(&f, "department", "Café");
	assert_int_equal(fixture_row(&f, &p, &np), CR_EDATA);
	assert_int_equal(np, 1);
	assert_string_equal(p[0].msg, "no answer to the required question 'employee_id'");
	/* the same row, fixed, scores; answers from the row before are gone */
	fixture_set(&f, "employee_id", "E1");
	assert_int_equal(fixture_row(&f, &p, &np), CR_OK);
	assert_string_equal(answer(&f, "department")->str, "Café");
	fixture_close(&f);
}

/*
 * A job typed exactly as the catalogue has it (code, title or alias, in any
 * case, with spaces around) is found without the fuzzy search: the same
 * occupation cr_answer_parse finds, for a sample of the whole catalogue.
 */
static void test_exact_jobs_as_the_search_finds_them(void **state)
{
	(void)state;
	fixture f;
	fixture_open(&f, NULL, 0);
	const cr_question *oq = cr_questionnaire_find(intake, "occupation", NULL);
	size_t checked = 0;
	for (size_t i = 0; i < fx_kb->noccupations; i += 5) {
		const cr_occupation *o = &fx_kb->occupations[i];
		for (long v = -2; v < (long)o->aliases.n; v++) {
			const char *base = v == -2 ? o->code : v == -1 ? o->title : o->aliases.v[v];
			char *forms[3] = {cr_xstrdup(base), cr_xprintf("  %s ", base), cr_xstrdup(base)};
			for (char *p = forms[2]; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					*p = (char)(*p - 'a' + 'A');
			for (int k = 0; k < 3; k++) {
				cr_answer want;
				char *err = NULL;
				enum cr_status wst = cr_answer_parse(fx_kb, oq, forms[k], &want, &err);
				fixture_set(&f, "occupation", forms[k]);
				const cr_intake_problem *p;
				size_t np;
				enum cr_status got = fixture_row(&f, &p, &np);
				if (wst != got || (wst == CR_OK && answer(&f, "occupation")->str != want.str))
					fail_msg("'%s': search gives %s, the batch %s", forms[k], wst ? "an error" : want.str,
						 got ? "an error" : answer(&f, "occupation")->str);
				free(err);
				free(forms[k]);
				checked++;
			}
		}
	}
	assert_true(checked > 1000);
	fixture_close(&f);
}

/* More distinct values than a column's cache holds: all still parsed, none confused. */
static void test_cache_beyond_its_bound(void **state)
{
	(void)state;
	fixture f;
	fixture_open(&f, NULL, 0);
	const cr_intake_problem *p;
	size_t np;
	for (int i = 0; i < 20000; i++) {
		char v[32];
		snprintf(v, sizeof v, "%d.%03d", i % 101 == 100 ? 100 : i % 100, i % 1000);
		fixture_set(&f, "data_entry", v);
		enum cr_status st = fixture_row(&f, &p, &np);
		double want = strtod(v, NULL);
		if (want > 100) {
			assert_int_equal(st, CR_EDATA);
			continue;
		}
		assert_int_equal(st, CR_OK);
		assert_true(answer(&f, "data_entry")->num == want);
	}
	fixture_close(&f);
}

/*
 * Keys longer than a cache slot holds whole (32 bytes): the first 24 bytes in
 * the slot, the rest in the pool. Cells that share those 24 bytes, or all but
 * their last, or are a prefix of one another, are each still their own value,
 * whether parsed or found; enough of them to fill the pool's bound. Then
 * keys whose hashes are equal.
 */
static void test_cache_long_keys(void **state)
{
	(void)state;
	fixture f;
	fixture_open(&f, NULL, 0);
	const cr_intake_problem *p;
	size_t np;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < 3000; i++) {
			char v[64];
			/* 24 to 40 bytes: zeros, then the number; i and i + 1 differ only in their last bytes */
			int width = 24 + i % 17;
			snprintf(v, sizeof v, "%0*d.%d", width - 2, i % 100, i % 10);
			fixture_set(&f, "data_entry", v);
			assert_int_equal(fixture_row(&f, &p, &np), CR_OK);
			assert_true(answer(&f, "data_entry")->num == strtod(v, NULL));
		}
	/*
	 * Pairs of cells whose cache hashes are equal (the same length, first and last eight bytes): a
	 * short pair, kept whole in their slots, and a long pair sharing their first 24 bytes too.
	 */
	static const char *const same_key_hash[][2] = {
		{"000000001.200000005", "000000002.300000005"},
		{"0000000000000000000000001.200000005", "0000000000000000000000002.300000005"},
	};
	for (size_t k = 0; k < CR_ARRAY_LEN(same_key_hash); k++)
		for (int pass = 0; pass < 4; pass++) {
			const char *v = same_key_hash[k][pass % 2];
			fixture_set(&f, "data_entry", v);
			assert_int_equal(fixture_row(&f, &p, &np), CR_OK);
			assert_true(answer(&f, "data_entry")->num == strtod(v, NULL));
		}
	/*
	 * Pairs of cells of one length whose 32-bit FNV-1a hashes are equal (found by search when the
	 * cache used that hash; key_hash, which replaced it, is met by the pairs above): a short pair,
	 * kept whole in their slots, and a long pair sharing their first 24 bytes. Each keeps its own
	 * value, parsed and found.
	 */
	static const char *const same_hash[][2] = {
		{"00.0132789", "00.0729192"},
		{"000000000000000000000000000000001.049599", "000000000000000000000000000000001.212382"},
	};
	for (size_t k = 0; k < CR_ARRAY_LEN(same_hash); k++) {
		assert_int_equal(strlen(same_hash[k][0]), strlen(same_hash[k][1]));
		assert_int_equal(cr_hash32(same_hash[k][0], strlen(same_hash[k][0])),
				 cr_hash32(same_hash[k][1], strlen(same_hash[k][1])));
		for (int pass = 0; pass < 4; pass++) {
			const char *v = same_hash[k][pass % 2];
			fixture_set(&f, "data_entry", v);
			assert_int_equal(fixture_row(&f, &p, &np), CR_OK);
			assert_true(answer(&f, "data_entry")->num == strtod(v, NULL));
		}
	}
	fixture_close(&f);
}

/* ---- the same results as one assessment at a time ----------------------------------- */

/* How an answer is written in a CSV cell (split parts each in their own column). */
static void cell_of(const cr_question *q, const cr_answer *a, size_t part, cr_sb *b)
{
	b->len = 0;
	cr_sb_addn(b, "", 0);
	if (a->state != CR_A_GIVEN)
		return;
	switch (q->type) {
	case CR_Q_CHOICE: cr_sb_add(b, a->str); break;
	case CR_Q_OCCUPATION: cr_sb_add(b, a->str); break;
	case CR_Q_TEXT: cr_sb_add(b, a->str); break;
	case CR_Q_SCALE:
	case CR_Q_NUMBER: cr_sb_addf(b, "%.17g", a->num); break;
	case CR_Q_SPLIT: cr_sb_addf(b, "%.17g", a->parts[part]); break;
	case CR_Q_TASKS: break; /* not in the intake questionnaire */
	case CR_Q_MULTI:
		for (size_t i = 0; i < q->nchoices; i++)
			if (a->bits & ((uint64_t)1 << i))
				cr_sb_addf(b, "%s%s", b->len ? ", " : "", q->choices[i].id);
		if (!b->len)
			cr_sb_add(b, "none");
		break;
	}
}

/* Every field of two results, as a line of text each, so a difference shows itself. */
static char *describe(const cr_result *r)
{
	cr_sb b = {0};
	cr_sb_addf(&b, "score %d band %s range %d-%d raw %.17g dims %d/%d/%d occ %s answered %d skipped %d warnings %u\n",
		   r->score, r->band, r->range_lo, r->range_hi, r->raw, r->routineness, r->ai_usage, r->specialization,
		   r->occ ? r->occ->code : "-", r->answered, r->skipped, r->warnings);
	for (size_t i = 0; i < r->nfired; i++)
		cr_sb_addf(&b, "rule %s %.17g %.17g\n", r->fired[i].rule->id, r->fired[i].nominal, r->fired[i].effect);
	for (size_t i = 0; i < r->nadvice; i++)
		cr_sb_addf(&b, "advice %d %s %.17g %s\n", r->advice[i].priority, r->advice[i].rec->id, r->advice[i].weight,
			   r->advice[i].because->id);
	for (size_t i = 0; i < r->ntrans; i++) {
		cr_sb_addf(&b, "role %s fit %d from %d add", r->trans[i].role->id, r->trans[i].fit, r->trans[i].from_match);
		for (size_t j = 0; j < r->trans[i].nadd; j++)
			cr_sb_addf(&b, " %s", r->trans[i].add[j]);
		cr_sb_add(&b, "\n");
	}
	for (size_t i = 0; i < r->nflags; i++)
		cr_sb_addf(&b, "check %s\n", r->flags[i].id);
	return cr_sb_take(&b);
}

/*
 * Each persona answers file, written as a CSV row of the standard
 * questionnaire and read back through the batch's intake, gives the same
 * answers, and the batch's assessment (a plan, no allocation) gives the same
 * result as `career-risk assess` does for the file.
 */
/*
 * Exports as survey tools write them: SurveyMonkey's second header row with a
 * column per option, the map's values: (codes and an ignored option), numbers
 * as people write them (with the row's notes), and the map's row filters.
 */
static void test_survey_tool_shapes(void **state)
{
	(void)state;
	static const char map_text[] = "values:\n"
				       "  ai_frequency: {\"1\": daily, \"2\": \"Every week, but not every day\"}\n"
				       "  ai_uses: {\"Other (please specify)\": ignore}\n"
				       "  department: {Fin: Finance, \"n/a\": ignore}\n"
				       "  judgment: {\"Strongly agree\": 5}\n"
				       "rows:\n"
				       "  drop: {department: [Test, Preview]}\n";
	cr_intake_map *m = NULL;
	cr_diags d = {0};
	assert_int_equal(cr_intake_map_parse("map.yaml", map_text, sizeof map_text - 1, &m, &d), CR_OK);
	/* the template's header, with ai_uses as SurveyMonkey writes it: three columns, labels below */
	char *hdr[64];
	size_t n = template_header(intake, hdr, 64), k = 0, uses = 0;
	const char *row0[64], *row1[64], *cells[64];
	for (size_t c = 0; c < n; c++) {
		if (strcmp(hdr[c], "ai_uses") == 0) {
			uses = k;
			const char *opt[] = {"Writing or editing text: e-mails, reports, summaries",
					     "Looking things up or summarising documents", "Other (please specify)"};
			for (size_t o = 0; o < 3; o++, k++) {
				row0[k] = o ? "" : hdr[c];
				row1[k] = opt[o];
				cells[k] = "";
			}
			continue;
		}
		row0[k] = hdr[c];
		row1[k] = "Response";
		cells[k++] = good_row[c];
	}
	const char *const *rows[2] = {row0, row1};
	cr_intake *in = NULL;
	assert_int_equal(cr_intake_new_rows(fx_kb, intake, rows, 2, k, m, NULL, 0, &in, &d), CR_OK);
	assert_int_equal(cr_intake_col_at(in, uses)->kind, CR_COL_OPTION);
	assert_int_equal(cr_intake_col_at(in, uses + 1)->kind, CR_COL_OPTION);
	assert_int_equal(cr_intake_col_at(in, uses + 2)->kind, CR_COL_IGNORED);
	size_t qi;
	const cr_question *qu = cr_questionnaire_find(intake, "ai_uses", &qi);
	cr_answers *as = cr_answers_new(intake);
	const cr_intake_problem *p;
	size_t np;
	/* ticks: each column holds its option's label; the second option (research) is the second choice */
	cells[uses] = "Writing or editing text: e-mails, reports, summaries";
	cells[uses + 1] = "Looking things up or summarising documents";
	cells[uses + 2] = "something else";
	assert_int_equal(cr_intake_row(in, cells, k, as, &p, &np), CR_OK);
	assert_true(as->a[qi].bits == 3u);
	assert_string_equal(qu->choices[1].id, "research");
	/* nothing ticked: none, as a blank one-cell answer */
	cells[uses] = cells[uses + 1] = "";
	assert_int_equal(cr_intake_row(in, cells, k, as, &p, &np), CR_OK);
	assert_int_equal(as->a[qi].state, CR_A_GIVEN);
	assert_true(as->a[qi].bits == 0);
	/* a cell that is neither blank nor the option's label */
	cells[uses] = "yes";
	assert_int_equal(cr_intake_row(in, cells, k, as, &p, &np), CR_EDATA);
	assert_non_null(strstr(p[0].msg, "neither blank"));
	cells[uses] = "";
	/* codes through values:, an untranslated one refused */
	size_t fi;
	const cr_question *qf = cr_questionnaire_find(intake, "ai_frequency", &fi);
	long fcol = -1, de = -1, yrs = -1, lh = -1, dept = -1;
	for (size_t c = 0; c < k; c++) {
		const char *h = cr_intake_col_at(in, c)->header;
		fcol = strcmp(h, "ai_frequency") ? fcol : (long)c;
		de = strcmp(h, "data_entry") ? de : (long)c;
		yrs = strcmp(h, "years_niche") ? yrs : (long)c;
		lh = strcmp(h, "learning_hours") ? lh : (long)c;
		dept = strcmp(h, "department") ? dept : (long)c;
	}
	cells[fcol] = "1";
	assert_int_equal(cr_intake_row(in, cells, k, as, &p, &np), CR_OK);
	assert_string_equal(as->a[fi].str, "daily");
	cells[fcol] = "2";
	assert_int_equal(cr_intake_row(in, cells, k, as, &p, &np), CR_OK);
	assert_string_equal(as->a[fi].str, "weekly");
	cells[fcol] = "3";
	assert_int_equal(cr_intake_row(in, cells, k, as, &p, &np), CR_EDATA);
	assert_non_null(strstr(p[0].msg, "never picks a choice by its place"));
	(void)qf;
	cells[fcol] = "weekly";
	/* numbers as people write them; a range flagged */
	size_t di, yi, li;
	cr_questionnaire_find(intake, "data_entry", &di);
	cr_questionnaire_find(intake, "years_niche", &yi);
	cr_questionnaire_find(intake, "learning_hours", &li);
	cells[de] = "20-30%";
	cells[yrs] = "3 years";
	cells[lh] = "2,5";
	assert_int_equal(cr_intake_row(in, cells, k, as, &p, &np), CR_OK);
	assert_true(as->a[di].num == 25 && as->a[yi].num == 3 && as->a[li].num == 2.5);
	const char *const *notes;
	assert_int_equal(cr_intake_row_notes(in, &notes), 1);
	assert_string_equal(notes[0], "approx:data_entry");
	cells[de] = "~15";
	cells[yrs] = "2+";
	cells[lh] = "none";
	assert_int_equal(cr_intake_row(in, cells, k, as, &p, &np), CR_OK);
	assert_true(as->a[di].num == 15 && as->a[yi].num == 2 && as->a[li].num == 0);
	assert_int_equal(cr_intake_row_notes(in, &notes), 0);
	cells[lh] = "1,500"; /* a thousands separator or a decimal: nobody can tell */
	assert_int_equal(cr_intake_row(in, cells, k, as, &p, &np), CR_EDATA);
	cells[lh] = "6";
	/* a text and a scale translated; a value the map ignores is blank */
	size_t dpi, ji;
	cr_questionnaire_find(intake, "department", &dpi);
	cr_questionnaire_find(intake, "judgment", &ji);
	long jcol = -1;
	for (size_t c = 0; c < k; c++)
		jcol = strcmp(cr_intake_col_at(in, c)->header, "judgment") ? jcol : (long)c;
	cells[dept] = "FIN";
	cells[jcol] = "strongly  agree";
	assert_int_equal(cr_intake_row(in, cells, k, as, &p, &np), CR_OK);
	assert_string_equal(as->a[dpi].str, "Finance");
	assert_true(as->a[ji].num == 5);
	cells[dept] = "n/a"; /* read as blank: the department is required */
	assert_int_equal(cr_intake_row(in, cells, k, as, &p, &np), CR_EDATA);
	assert_non_null(strstr(p[0].msg, "required question 'department'"));
	cells[dept] = "Finance";
	cells[jcol] = "4";
	/* the map's row filter: counted, and said */
	assert_false(cr_intake_skip(in, cells, k));
	cells[dept] = "test";
	assert_true(cr_intake_skip(in, cells, k));
	cr_diags w = {0};
	assert_int_equal(cr_intake_skipped(in, &w), 1);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.v[0].status, CR_OK);
	cr_diags_clear(&w);
	cr_answers_free(as);
	cr_intake_free(in);
	cr_intake_map_free(m);
	free_strs(hdr, n);
	cr_diags_clear(&d);
}

static void test_batch_scores_as_assess(void **state)
{
	(void)state;
	static const char *const personas[] = {
		"accountant.yaml", "customer-service-representative.yaml", "data-entry-clerk.yaml",
		"junior-software-developer.yaml", "registered-nurse.yaml", "truck-driver.yaml", "loan-officer.yaml",
		"marketing-manager.yaml", "teacher.yaml", "tax-specialist.yaml", "warehouse-worker.yaml",
		"plumber-specialist.yaml", "junior-web-developer-generic.yaml"};
	char *hdr[96];
	size_t n = template_header(fx_std, hdr, 96);
	cr_intake *in = NULL;
	cr_diags d = {0};
	assert_int_equal(cr_intake_new(fx_kb, fx_std, (const char *const *)hdr, n, NULL, NULL, 0, &in, &d), CR_OK);
	cr_assess_plan *plan = cr_assess_plan_new(fx_kb, fx_std);
	cr_answers *got = cr_answers_new(fx_std);
	size_t tested = 0;
	for (size_t k = 0; k < CR_ARRAY_LEN(personas); k++) {
		char *path = cr_xprintf("%s/tests/data/answers/%s", CR_SOURCE_DIR, personas[k]);
		cr_answers *want = NULL;
		if (cr_answers_load(fx_kb, fx_std, path, &want, &d) != CR_OK) {
			/* a persona another change removed is not this test's business */
			cr_diags_clear(&d);
			free(path);
			continue;
		}
		tested++;
		/* the row */
		char *cells[96];
		cr_sb b = {0};
		for (size_t c = 0; c < n; c++) {
			const cr_intake_col *col = cr_intake_col_at(in, c);
			cell_of(&fx_std->questions[col->qi], &want->a[col->qi], col->kind == CR_COL_PART ? col->part : 0, &b);
			cells[c] = cr_xstrdup(b.s);
		}
		cr_sb_free(&b);
		const cr_intake_problem *p;
		size_t np;
		if (cr_intake_row(in, (const char *const *)cells, n, got, &p, &np) != CR_OK)
			fail_msg("%s: %s", personas[k], p[0].msg);
		for (size_t qi = 0; qi < fx_std->nquestions; qi++) {
			const cr_answer *x = &want->a[qi], *y = &got->a[qi];
			const cr_question *q = &fx_std->questions[qi];
			/* a question the persona leaves out is blank in the row: none ticked for a multiple choice */
			if (x->state == CR_A_NONE && q->type == CR_Q_MULTI && y->state == CR_A_GIVEN && !y->bits)
				fail_msg("%s: '%s' unanswered in the file but 'none' in the row", personas[k], q->id);
			assert_int_equal(x->state, y->state);
			if (x->state != CR_A_GIVEN)
				continue;
			if (q->type == CR_Q_TEXT)
				assert_string_equal(x->str, y->str);
			else
				assert_true(x->str == y->str);
			assert_true(x->num == y->num && x->bits == y->bits);
			assert_memory_equal(x->parts, y->parts, sizeof x->parts);
		}
		cr_result *one = NULL, *one_nosens = NULL;
		assert_int_equal(cr_assess(fx_kb, want, 0, &one, &d), CR_OK);
		assert_int_equal(cr_assess(fx_kb, want, CR_ASSESS_NO_SENSITIVITY, &one_nosens, &d), CR_OK);
		cr_result *planned = NULL;
		assert_int_equal(cr_assess_planned(plan, got, 0, &planned, &d), CR_OK);
		const cr_result *run = cr_assess_plan_run(plan, got);
		char *a = describe(one), *bb = describe(planned), *c = describe(one_nosens), *e = describe(run);
		assert_string_equal(a, bb);
		assert_string_equal(c, e);
		/* keeping only the first few recommendations keeps exactly those, in order */
		size_t full = run->nadvice;
		const cr_rec *first[4] = {0};
		for (size_t i = 0; i < full && i < 4; i++)
			first[i] = run->advice[i].rec;
		for (size_t keep = 1; keep <= 4; keep++) {
			cr_assess_plan_keep_advice(plan, keep);
			const cr_result *top = cr_assess_plan_run(plan, got);
			assert_int_equal(top->nadvice, full < keep ? full : keep);
			for (size_t i = 0; i < top->nadvice; i++) {
				assert_ptr_equal(top->advice[i].rec, first[i]);
				assert_int_equal(top->advice[i].priority, (int)i + 1);
			}
		}
		cr_assess_plan_keep_advice(plan, 0);
		assert_int_equal(cr_assess_plan_run(plan, got)->nadvice, full);
		assert_true(full > 4); /* the personas get more advice than is kept, so the choice is exercised */
		assert_int_equal(one->nsens, planned->nsens);
		for (size_t i = 0; i < one->nsens; i++) {
			assert_string_equal(one->sens[i].change, planned->sens[i].change);
			assert_int_equal(one->sens[i].score_after, planned->sens[i].score_after);
		}
		free(a);
		free(bb);
		free(c);
		free(e);
		cr_result_free(one);
		cr_result_free(one_nosens);
		cr_result_free(planned);
		cr_answers_free(want);
		free_strs(cells, n);
		free(path);
	}
	assert_true(tested >= 6);
	cr_answers_free(got);
	cr_assess_plan_free(plan);
	cr_intake_free(in);
	free_strs(hdr, n);
	cr_diags_clear(&d);
}

static uint64_t rng_state = 88172645463325252u;
static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

/* Random answers to q: every type, some questions left out, numbers often on round values (where rules draw lines). */
static void random_answers(const cr_questionnaire *q, cr_answers *as)
{
	for (size_t i = 0; i < q->nquestions; i++) {
		const cr_question *qq = &q->questions[i];
		cr_answers_clear(as, i);
		if (rnd(10) == 0 || qq->type == CR_Q_TEXT)
			continue;
		cr_answer a = {.state = CR_A_GIVEN};
		switch (qq->type) {
		case CR_Q_CHOICE: a.str = qq->choices[rnd((uint32_t)qq->nchoices)].id; break;
		case CR_Q_MULTI: a.bits = ((uint64_t)rnd(1u << 30) << 30 | rnd(1u << 30)) & ((1ull << qq->nchoices) - 1); break;
		case CR_Q_OCCUPATION: a.str = fx_kb->occupations[rnd((uint32_t)fx_kb->noccupations)].code; break;
		case CR_Q_SPLIT: {
			uint32_t left = 20; /* twenty steps of 5% */
			for (size_t p = 0; p + 1 < qq->nchoices; p++) {
				uint32_t take = rnd(left + 1);
				a.parts[p] = 5.0 * take;
				left -= take;
			}
			a.parts[qq->nchoices - 1] = 5.0 * left;
			break;
		}
		default: { /* scale, number */
			double span = qq->max - qq->min;
			a.num = rnd(2) ? qq->min + rnd((uint32_t)span + 1) : qq->min + span * rnd(1001) / 1000.0;
			break;
		}
		}
		as->a[i] = a;
	}
}

/*
 * The plan (its guards, its indexes of rules by choice and by number) gives
 * exactly what evaluating every rule gives, on 1,500 random answers to each questionnaire.
 */
static void test_plan_matches_every_rule(void **state)
{
	(void)state;
	const cr_questionnaire *qs[] = {intake, fx_std};
	for (size_t k = 0; k < CR_ARRAY_LEN(qs); k++) {
		cr_assess_plan *plan = cr_assess_plan_new(fx_kb, qs[k]);
		cr_answers *as = cr_answers_new(qs[k]);
		cr_diags d = {0};
		for (int n = 0; n < 1500; n++) {
			random_answers(qs[k], as);
			cr_result *full = NULL;
			assert_int_equal(cr_assess(fx_kb, as, CR_ASSESS_NO_SENSITIVITY, &full, &d), CR_OK);
			char *want = describe(full), *got = describe(cr_assess_plan_run(plan, as));
			if (strcmp(want, got) != 0)
				fail_msg("questionnaire %s, answers %d: every rule gives\n%s\nthe plan gives\n%s", qs[k]->id, n,
					 want, got);
			free(want);
			free(got);
			cr_result_free(full);
		}
		cr_answers_free(as);
		cr_assess_plan_free(plan);
		cr_diags_clear(&d);
	}
}

/* The plan skips only rules that cannot fire: for the intake, every rule reading a question it does not ask. */
static void test_plan_keeps_every_rule_that_can_fire(void **state)
{
	(void)state;
	cr_assess_plan *p = cr_assess_plan_new(fx_kb, fx_std);
	assert_int_equal(cr_assess_plan_rules(p), fx_kb->nrules); /* the standard questionnaire asks everything */
	cr_assess_plan_free(p);
	p = cr_assess_plan_new(fx_kb, intake);
	assert_true(cr_assess_plan_rules(p) < fx_kb->nrules);
	assert_true(cr_assess_plan_rules(p) > fx_kb->nrules / 2);
	cr_assess_plan_free(p);
}

/*
 * A row's reading held outside the cr_intake (the batch reads a run of rows
 * before scoring them): swapped out, the intake reports no title and no
 * notes; swapped back after other rows, it reports that row's again.
 */
static void test_reading_swapped_out_and_back(void **state)
{
	(void)state;
	fixture f;
	fixture_open(&f, NULL, 0);
	const cr_intake_problem *p;
	size_t np;
	const char *const *notes;
	cr_intake_reading a = {0}, b = {0};
	fixture_set(&f, "data_entry", "20-30%");
	assert_int_equal(fixture_row(&f, &p, &np), CR_OK);
	cr_intake_swap_reading(f.in, &a);
	assert_null(cr_intake_last_title(f.in));
	assert_int_equal(cr_intake_row_notes(f.in, &notes), 0);
	fixture_set(&f, "data_entry", "20");
	assert_int_equal(fixture_row(&f, &p, &np), CR_OK);
	cr_intake_swap_reading(f.in, &b);
	/* the first row back: its note and its title */
	cr_intake_swap_reading(f.in, &a);
	assert_int_equal(cr_intake_row_notes(f.in, &notes), 1);
	assert_string_equal(notes[0], "approx:data_entry");
	const cr_intake_title *t = cr_intake_last_title(f.in);
	assert_non_null(t);
	assert_string_equal(t->given, "accountant");
	assert_non_null(t->occ);
	/* the second: no note; b now holds the first row's note, which b's holder frees */
	cr_intake_swap_reading(f.in, &b);
	assert_int_equal(cr_intake_row_notes(f.in, &notes), 0);
	assert_non_null(cr_intake_last_title(f.in));
	assert_int_equal(b.nnotes, 1);
	assert_string_equal(b.notes[0], "approx:data_entry");
	/* a holds the intake's empty reading; the intake frees what it holds */
	assert_int_equal(a.nnotes, 0);
	free(b.notes[0]);
	fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_by_id_part_and_text),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_map_file),
		cmocka_unit_test(test_cells_as_at_the_terminal),
		cmocka_unit_test(test_multiple_choice_cells),
		cmocka_unit_test(test_multiple_choice_tokens),
		cmocka_unit_test(test_split_parts),
		cmocka_unit_test(test_survey_tool_shapes),
		cmocka_unit_test(test_row_problems),
		cmocka_unit_test(test_exact_jobs_as_the_search_finds_them),
		cmocka_unit_test(test_cache_beyond_its_bound),
		cmocka_unit_test(test_cache_long_keys),
		cmocka_unit_test(test_batch_scores_as_assess),
		cmocka_unit_test(test_plan_keeps_every_rule_that_can_fire),
		cmocka_unit_test(test_reading_swapped_out_and_back),
		cmocka_unit_test(test_plan_matches_every_rule),
	};
	return cmocka_run_group_tests(tests, setup, fx_kb_teardown);
}
