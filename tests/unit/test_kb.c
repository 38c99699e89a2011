/* test_kb.c - loading and checking knowledge bases: the shipped one, a minimal one, and a corpus of broken ones. */
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

#include <dirent.h>

#include "kb.h"
#include "kb_lint.h"
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

/*
 * The catalogue covers the whole civilian economy: each of the 22 SOC 2018
 * major groups that are not military (11, 13, ... 53: the odd numbers; 55 is
 * the armed forces) has occupations, so anyone can find a starting point.
 */
static void test_every_soc_major_group(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_kb *kb = NULL;
	assert_int_equal(cr_kb_load(CR_SOURCE_DIR "/knowledge", CR_SOURCE_DIR "/questionnaires", &kb, &d), CR_OK);
	size_t per_group[100] = {0};
	for (size_t i = 0; i < kb->noccupations; i++)
		per_group[atoi(kb->occupations[i].code)]++;
	int groups = 0;
	for (int g = 11; g <= 53; g += 2) {
		if (!per_group[g])
			print_error("SOC major group %d has no occupation\n", g);
		groups += per_group[g] > 0;
	}
	assert_int_equal(groups, 22);
	cr_kb_free(kb);
	cr_diags_clear(&d);
}

/* ---- the minimal base and the broken-base corpus (tests/data/kb-broken) ---- */

#define MINIMAL CR_SOURCE_DIR "/tests/data/kb-minimal"
#define CORPUS CR_SOURCE_DIR "/tests/data/kb-broken"

/* Runs a shell command (cp, rm) that must succeed; takes and frees cmd. */
static void sh(char *cmd)
{
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* A copy of the minimal base in a new temporary folder; caller removes it with drop_base(). */
static char *copy_base(void)
{
	char tmpl[] = "/tmp/cr-kbtest-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	sh(cr_xprintf("cp -r '%s/knowledge' '%s/questionnaires' '%s/'", MINIMAL, MINIMAL, tmpl));
	return cr_xstrdup(tmpl);
}

static void drop_base(char *root)
{
	sh(cr_xprintf("rm -rf '%s'", root));
	free(root);
}

static void write_file(const char *root, const char *rel, const char *text)
{
	char *p = cr_xprintf("%s/%s", root, rel);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

/* Loads and lints a base; every diagnostic, formatted, with the root taken out of paths. */
static enum cr_status check_base(const char *root, cr_lint_stats *stats, char ***msgs, size_t *nmsgs)
{
	cr_diags d = {0};
	cr_kb *kb = NULL;
	char *kdir = cr_xprintf("%s/knowledge", root), *qdir = cr_xprintf("%s/questionnaires", root);
	enum cr_status st = cr_kb_load(kdir, qdir, &kb, &d);
	cr_lint_stats local;
	if (st == CR_OK)
		st = cr_kb_lint(kb, stats ? stats : &local, &d);
	*msgs = cr_xcalloc(d.n + 1, sizeof **msgs);
	*nmsgs = d.n;
	size_t rootlen = strlen(root);
	for (size_t i = 0; i < d.n; i++) {
		char *s = cr_diag_format(&d.v[i]);
		(*msgs)[i] = strncmp(s, root, rootlen) == 0 && s[rootlen] == '/' ? cr_xstrdup(s + rootlen + 1) : cr_xstrdup(s);
		free(s);
	}
	cr_kb_free(kb);
	cr_diags_clear(&d);
	free(kdir);
	free(qdir);
	return st;
}

static void free_msgs(char **msgs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(msgs[i]);
	free(msgs);
}

static void test_minimal_base_is_clean(void **state)
{
	(void)state;
	char **msgs;
	size_t n;
	cr_lint_stats stats;
	enum cr_status st = check_base(MINIMAL, &stats, &msgs, &n);
	for (size_t i = 0; i < n; i++)
		print_error("%s\n", msgs[i]);
	assert_int_equal(st, CR_OK);
	assert_int_equal(n, 0); /* no warning either */
	assert_int_equal(stats.rules_fired, 2);
	assert_int_equal(stats.recs_given, 1);
	free_msgs(msgs, n);
}

/* The value of the nth (0-based) header `# key: value` of a corpus file, or NULL; caller frees. */
static char *header_n(const char *text, const char *key, int nth)
{
	char *want = cr_xprintf("# %s: ", key);
	const char *p = strstr(text, want);
	for (; p && nth > 0; nth--)
		p = strstr(p + 1, want);
	char *out = NULL;
	if (p) {
		p += strlen(want);
		out = cr_xstrndup(p, strcspn(p, "\n"));
	}
	free(want);
	return out;
}

static char *header(const char *text, const char *key)
{
	return header_n(text, key, 0);
}

/* Each case of the corpus fails (or warns) with its expected diagnostic, in-process. */
static void test_broken_corpus(void **state)
{
	(void)state;
	DIR *dh = opendir(CORPUS);
	assert_non_null(dh);
	struct dirent *de;
	size_t cases = 0;
	while ((de = readdir(dh)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		char *path = cr_xprintf("%s/%s", CORPUS, de->d_name);
		char *text;
		size_t tlen;
		assert_int_equal(cr_file_read(path, 1 << 20, &text, &tlen), 0);
		char *replaces = header(text, "replaces"), *removes = header(text, "removes");
		char *expect = header(text, "expect"), *option = header(text, "option"), *exit_s = header(text, "exit");
		if (!expect || (!replaces && !removes))
			fail_msg("%s: needs '# expect:' and '# replaces:' or '# removes:'", de->d_name);
		char *root = copy_base();
		if (replaces)
			write_file(root, replaces, text);
		else
			sh(cr_xprintf("rm '%s/%s'", root, removes));
		char **msgs;
		size_t n;
		enum cr_status st = check_base(root, NULL, &msgs, &n);
		/* --strict turns warnings into a failure; in-process, a warning is enough */
		enum cr_status want = exit_s || option ? CR_OK : CR_EDATA;
		if (exit_s)
			want = (enum cr_status)atoi(exit_s);
		if (st != want)
			fail_msg("%s: status %d, want %d", de->d_name, st, want);
		/* every `# expect:` line names a diagnostic it must give */
		char *e;
		for (int k = 0; (e = header_n(text, "expect", k)) != NULL; k++) {
			bool found = false;
			for (size_t i = 0; i < n; i++)
				found |= strncmp(msgs[i], e, strlen(e)) == 0;
			if (!found) {
				for (size_t i = 0; i < n; i++)
					print_error("  got: %s\n", msgs[i]);
				fail_msg("%s: no diagnostic '%s'", de->d_name, e);
			}
			free(e);
		}
		/* `# problems: N`: that many errors in all, no follow-on ones */
		char *problems = header(text, "problems");
		if (problems) {
			size_t errors = 0;
			for (size_t i = 0; i < n; i++)
				errors += strstr(msgs[i], "warning: ") == NULL;
			if (errors != (size_t)atoi(problems)) {
				for (size_t i = 0; i < n; i++)
					print_error("  got: %s\n", msgs[i]);
				fail_msg("%s: %zu errors, want %s", de->d_name, errors, problems);
			}
			free(problems);
		}
		free_msgs(msgs, n);
		drop_base(root);
		free(replaces);
		free(removes);
		free(expect);
		free(option);
		free(exit_s);
		free(text);
		free(path);
		cases++;
	}
	closedir(dh);
	assert_true(cases >= 30);
}

/* The search is deterministic and finds a narrow condition, confirmed by the full assessment. */
static void test_lint_search(void **state)
{
	(void)state;
	char *root = copy_base();
	write_file(root, "knowledge/rules.yaml",
		   "rules:\n"
		   "  - id: core\n    when: \"true\"\n    score: \"0.5 * routineness\"\n    reason: R\n    sources: [s1]\n"
		   "  - id: de\n    when: \"ai_frequency == 'never'\"\n    score: 5\n    reason: R\n    recommend: [try-ai]\n"
		   "    sources: [s1]\n"
		   "  - id: narrow\n    when: \"ai_frequency == 'daily' and count(ai_uses) == 1 and 'coding' in ai_uses and "
		   "occupation == '43-9021' and routineness > 40\"\n    score: 1\n    reason: R\n    sources: [s1]\n");
	char **msgs;
	size_t n;
	cr_lint_stats a, b;
	assert_int_equal(check_base(root, &a, &msgs, &n), CR_OK);
	free_msgs(msgs, n);
	assert_int_equal(a.rules_fired, 3);
	assert_int_equal(check_base(root, &b, &msgs, &n), CR_OK);
	free_msgs(msgs, n);
	assert_int_equal(a.answer_sets, b.answer_sets);
	drop_base(root);
}

/* Every rule of the shipped base fires, every recommendation is given, and nothing warns. */
static void test_shipped_base_is_sound(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_kb *kb = NULL;
	assert_int_equal(cr_kb_load(CR_SOURCE_DIR "/knowledge", CR_SOURCE_DIR "/questionnaires", &kb, &d), CR_OK);
	cr_lint_stats stats;
	enum cr_status st = cr_kb_lint(kb, &stats, &d);
	for (size_t i = 0; i < d.n; i++) {
		char *s = cr_diag_format(&d.v[i]);
		print_error("%s\n", s);
		free(s);
	}
	assert_int_equal(st, CR_OK);
	assert_int_equal(d.n, 0);
	assert_int_equal(stats.rules_fired, kb->nrules);
	assert_int_equal(stats.recs_given, kb->nrecs);
	cr_kb_free(kb);
	cr_diags_clear(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_base_loads),
		cmocka_unit_test(test_every_soc_major_group),
		cmocka_unit_test(test_minimal_base_is_clean),
		cmocka_unit_test(test_broken_corpus),
		cmocka_unit_test(test_lint_search),
		cmocka_unit_test(test_shipped_base_is_sound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
