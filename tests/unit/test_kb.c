/* test_kb.c - loading the shipped knowledge base, and precise errors on broken files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kb.h"
#include "util.h"

static void test_shipped_base_loads(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_kb *kb = NULL;
	enum cr_status st = cr_kb_load(CR_SOURCE_DIR "/knowledge", CR_SOURCE_DIR "/questionnaires", &kb, &d);
	for (size_t i = 0; i < d.n; i++) {
		char *s = cr_diag_format(&d.v[i]);
		print_error("%s\n", s);
		free(s);
	}
	assert_int_equal(st, CR_OK);
	assert_true(kb->nsources >= 25);
	assert_true(kb->nsectors >= 15);
	assert_true(kb->nregions >= 6);
	assert_true(kb->noccupations >= 300);
	assert_true(kb->nroles >= 25);
	assert_true(kb->nrules >= 80);
	assert_true(kb->nrecs >= 50);
	assert_non_null(cr_kb_questionnaire(kb, "standard"));
	assert_non_null(cr_kb_questionnaire(kb, "quick"));
	assert_non_null(cr_kb_questionnaire(kb, "intake"));
	/* look-ups */
	const cr_occupation *o = cr_kb_occupation(kb, "43-9021");
	assert_non_null(o);
	double sum = 0;
	for (int t = 0; t < CR_TASK_COUNT; t++)
		sum += o->tasks[t];
	assert_float_equal(sum, 100, 0.5);
	/* every rule keeps where it came from */
	const cr_rule *r = cr_kb_rule(kb, "core-routineness");
	assert_non_null(r);
	assert_non_null(strstr(r->loc.file, "core.yaml"));
	assert_true(r->loc.line > 0);
	assert_string_equal(r->when_text, "true");
	cr_kb_free(kb);
	cr_diags_clear(&d);
}

/* A minimal, valid base written to a temporary folder, with one file replaced per case. */
static const char *const good_files[][2] = {
	{"sources.yaml", "sources:\n  - id: s1\n    title: T\n    publisher: P\n    year: 2020\n    url: https://example.org/\n"},
	{"skills.yaml", "skills:\n  - id: writing\n    title: Writing\n"},
	{"sectors.yaml", "sectors:\n  - id: finance\n    title: Finance\n    outlook: negative\n    summary: S\n    sources: [s1]\n"},
	{"regions.yaml", "regions:\n  - id: europe\n    title: Europe\n    outlook: mixed\n    summary: S\n    sources: [s1]\n"},
	{"occupations.yaml", "occupations:\n  - code: \"43-9021\"\n    title: Data Entry Keyers\n    sector: finance\n"
			     "    tasks: {routine_cognitive: 60, routine_manual: 10, analytic: 5, interpersonal: 10, creative: 0, nonroutine_manual: 15}\n"
			     "    ai_use: 20\n    specialization: 10\n    outlook: declining\n    sources: [s1]\n"},
	{"roles.yaml", "roles:\n  - id: prompt-engineer\n    title: Prompt engineer\n    summary: S\n    skills: [writing]\n"
		       "    from: [\"43-\"]\n    months: [3, 9]\n    sources: [s1]\n"},
	{"recs.yaml", "recommendations:\n  - id: try-ai\n    title: Try AI\n    detail: D\n    horizon: week\n    effort: low\n"
		      "    impact: 3\n    sources: [s1]\n"},
	{"model.yaml", "model:\n  bands:\n    - {id: low, below: 50}\n    - {id: high, below: 101}\n"
		       "  themes:\n    - {id: rules, title: T, min: -10, max: 100, sources: [s1]}\n"
		       "  max_protection: 0.5\n  sources: [s1]\n"},
	{"rules.yaml", "rules:\n  - id: core\n    when: \"true\"\n    score: \"0.5 * routineness\"\n    reason: R\n    sources: [s1]\n"
		       "  - id: de\n    when: \"ai_frequency == 'never'\"\n    score: 5\n    reason: R\n    recommend: [try-ai]\n    sources: [s1]\n"},
};
static const char *const good_questionnaire =
	"id: quick\ntitle: Quick\nquestions:\n"
	"  - id: occupation\n    type: occupation\n    text: Job?\n    help: H\n"
	"  - id: ai_frequency\n    type: choice\n    text: AI?\n    help: H\n    choices:\n"
	"      - {id: never, label: Never}\n      - {id: daily, label: Daily}\n";

static void write_file(const char *dir, const char *name, const char *text)
{
	char *p = cr_xprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

/* Loads the minimal base with file `name` replaced by `text`; returns the first diagnostic, formatted. */
static char *load_with(const char *name, const char *text, const char *qtext)
{
	char tmpl[] = "/tmp/cr-kbtest-XXXXXX";
	char *root = mkdtemp(tmpl);
	assert_non_null(root);
	char *kdir = cr_xprintf("%s/knowledge", root), *qdir = cr_xprintf("%s/questionnaires", root);
	mkdir(kdir, 0700);
	mkdir(qdir, 0700);
	for (size_t i = 0; i < sizeof good_files / sizeof good_files[0]; i++)
		write_file(kdir, good_files[i][0], name && strcmp(name, good_files[i][0]) == 0 ? text : good_files[i][1]);
	write_file(qdir, "quick.yaml", qtext ? qtext : good_questionnaire);
	cr_diags d = {0};
	cr_kb *kb = NULL;
	enum cr_status st = cr_kb_load(kdir, qdir, &kb, &d);
	char *out = NULL;
	if (st == CR_OK) {
		out = cr_xstrdup("OK");
		cr_kb_free(kb);
	} else {
		out = cr_diag_format(&d.v[0]);
		/* the message without the temporary folder */
		char *slash = strstr(out, "/knowledge/");
		if (!slash)
			slash = strstr(out, "/questionnaires/");
		if (slash) {
			char *rest = cr_xstrdup(strchr(slash + 1, '/') + 1);
			free(out);
			out = rest;
		}
	}
	cr_diags_clear(&d);
	char *cmd = cr_xprintf("rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(kdir);
	free(qdir);
	return out;
}

static void test_minimal_base_loads(void **state)
{
	(void)state;
	char *msg = load_with(NULL, NULL, NULL);
	assert_string_equal(msg, "OK");
	free(msg);
}

/* Each kind of broken file is reported at its file:line:column with what is wrong. */
static void test_broken_files(void **state)
{
	(void)state;
	static const struct { const char *file, *text, *want; } cases[] = {
		{"rules.yaml", "rules:\n  - id: r\n    when: \"data_entyr > 5\"\n    score: 1\n    reason: R\n    sources: [s1]\n",
		 "rules.yaml:3:12: in when of rule 'r': unknown fact 'data_entyr'"},
		{"rules.yaml", "rules:\n  - id: r\n    when: \"ai_frequency == 'dayly'\"\n    score: 1\n    reason: R\n    sources: [s1]\n",
		 "rules.yaml:3:28: in when of rule 'r': 'dayly' is not a choice of ai_frequency"},
		{"rules.yaml", "rules:\n  - id: r\n    when: \"true\"\n    score: 1\n    reason: R\n    sources: [nope]\n",
		 "rules.yaml:6:15: unknown source 'nope'"},
		{"rules.yaml", "rules:\n  - id: r\n    when: \"true\"\n    score: 1\n    reason: R\n    recommend: [ghost]\n    sources: [s1]\n",
		 "rules.yaml:6:17: unknown recommendation 'ghost'"},
		{"rules.yaml", "rules:\n  - id: r\n    wen: \"true\"\n    score: 1\n    reason: R\n    sources: [s1]\n",
		 "rules.yaml:3:5: unknown key 'wen' (did you mean 'when'?)"},
		{"rules.yaml", "rules:\n  - id: r\n    when: \"true\"\n    score: 1\n    reason: R\n    sources: [s1]\n"
			       "  - id: r\n    when: \"true\"\n    score: 2\n    reason: R\n    sources: [s1]\n",
		 "rules.yaml:7:5: duplicate rule 'r'"},
		{"rules.yaml", "rules:\n  - id: r\n    when: \"true\"\n    score: [1\n",
		 "rules.yaml:5:1: flow sequence without a closing bracket"},
		{"occupations.yaml", "occupations:\n  - code: \"43-9021\"\n    title: T\n    sector: finance\n"
				     "    tasks: {routine_cognitive: 60, routine_manual: 10, analytic: 5, interpersonal: 10, creative: 0, nonroutine_manual: 5}\n"
				     "    ai_use: 20\n    specialization: 10\n    outlook: declining\n    sources: [s1]\n",
		 "occupations.yaml:5:13: task shares of 43-9021 sum to 90, not 100"},
		{"occupations.yaml", "occupations:\n  - code: \"4399021\"\n    title: T\n    sector: finance\n"
				     "    tasks: {routine_cognitive: 60, routine_manual: 10, analytic: 5, interpersonal: 10, creative: 0, nonroutine_manual: 15}\n"
				     "    ai_use: 20\n    specialization: 10\n    outlook: declining\n    sources: [s1]\n",
		 "occupations.yaml:2:12: '4399021' is not a SOC 2018 code"},
		{"sectors.yaml", "sectors:\n  - id: finance\n    title: Finance\n    outlook: gloomy\n    summary: S\n    sources: [s1]\n",
		 "sectors.yaml:4:14: 'outlook' must be one of: negative, mixed, neutral, positive (found 'gloomy')"},
		{"sources.yaml", "sources:\n  - id: s1\n    title: T\n    publisher: P\n    year: 20x0\n    url: https://example.org/\n",
		 "sources.yaml:5:11: 'year' must be a number"},
		{"roles.yaml", "roles:\n  - id: prompt-engineer\n    title: P\n    summary: S\n    skills: [juggling]\n"
			       "    from: [\"43-\"]\n    months: [3, 9]\n    sources: [s1]\n",
		 "roles.yaml:5:14: unknown skill 'juggling'"},
		{"model.yaml", "model:\n  bands:\n    - {id: low, below: 50}\n    - {id: high, below: 40}\n"
			       "  themes:\n    - {id: rules, title: T, min: -10, max: 100, sources: [s1]}\n  max_protection: 0.5\n  sources: [s1]\n",
		 "model.yaml:4:8: bands must rise"},
		{"rules.yaml", "rules:\n  - id: r\n    theme: ghosts\n    when: \"true\"\n    score: 1\n    reason: R\n    sources: [s1]\n",
		 "rules.yaml:3:12: rule 'r' is in theme 'ghosts', which the model's themes do not declare"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *msg = load_with(cases[i].file, cases[i].text, NULL);
		if (strncmp(msg, cases[i].want, strlen(cases[i].want)) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, msg, cases[i].want);
		free(msg);
	}
}

static void test_broken_questionnaire(void **state)
{
	(void)state;
	char *msg = load_with(NULL, NULL,
			      "id: quick\ntitle: Q\nquestions:\n  - id: occupation\n    type: occupation\n    text: J\n    help: H\n"
			      "  - id: x\n    type: choice\n    text: X\n    help: H\n    ask_if: \"occupation == \"\n"
			      "    choices:\n      - {id: a, label: A}\n");
	assert_string_equal(msg, "quick.yaml:12:28: in ask_if of 'x': the expression ends too early");
	free(msg);
	msg = load_with(NULL, NULL, "id: quick\ntitle: Q\nquestions:\n  - id: occupation\n    type: occupaton\n    text: J\n    help: H\n");
	assert_non_null(strstr(msg, "quick.yaml:5:11: 'type' must be one of"));
	free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_base_loads),
		cmocka_unit_test(test_minimal_base_loads),
		cmocka_unit_test(test_broken_files),
		cmocka_unit_test(test_broken_questionnaire),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
