/* test_output.c - the output module (app/io/output.c), in a temporary folder of its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "output.h"
#include "util.h"

static char dir[] = "/tmp/cr-output-XXXXXX";

static char *at(const char *name)
{
	return cr_xprintf("%s/%s", dir, name);
}

static void put(const char *name, const char *text, mode_t mode)
{
	char *p = at(name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(p, mode);
	free(p);
}

/* Number of entries in the folder whose name contains `part`. */
static int count(const char *part)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)))
		n += strstr(e->d_name, part) != NULL;
	closedir(d);
	return n;
}

static void test_same_file(void **state)
{
	(void)state;
	cr_diags d = {0};
	put("in.csv", "a\n", 0600);
	char *in = at("in.csv"), *alias = cr_xprintf("%s/./in.csv", dir), *hard = at("hard.csv"), *new1 = at("new.csv"),
	     *new2 = cr_xprintf("%s/../%s/new.csv", dir, strrchr(dir, '/') + 1), *other = at("other.csv");
	assert_int_equal(link(in, hard), 0);
	cr_output_other inputs[] = {{in, "the export"}, {NULL, "nothing"}, {"-", "standard input"}};
	assert_int_equal(cr_output_refuse_same(alias, "--output", inputs, 3, &d), CR_EUSAGE);
	assert_int_equal(cr_output_refuse_same(hard, "--output", inputs, 3, &d), CR_EUSAGE);
	assert_int_equal(d.n, 2);
	assert_non_null(strstr(d.v[0].msg, "--output is the export"));
	/* neither exists yet: the resolved folder and name decide */
	cr_output_other outs[] = {{new1, "the results"}};
	assert_int_equal(cr_output_refuse_same(new2, "--errors", outs, 1, &d), CR_EUSAGE);
	assert_int_equal(cr_output_refuse_same(other, "--errors", outs, 1, &d), CR_OK);
	assert_int_equal(cr_output_refuse_same("-", "--output", inputs, 1, &d), CR_OK);
	cr_diags_clear(&d);
	free(in), free(alias), free(hard), free(new1), free(new2), free(other);
}

static void test_replace_regular(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_output o;
	put("shared.txt", "old\n", 0644);
	char *p = at("shared.txt");
	assert_int_equal(cr_output_open(&o, p, 0, &d), CR_OK);
	assert_true(cr_output_private(&o));
	fputs("new\n", o.f);
	/* nothing at the destination changes before the commit */
	assert_int_equal(count("shared.txt.tmp-"), 1);
	assert_int_equal(cr_output_close(&o, CR_OK, &d), CR_OK);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 4);
	assert_int_equal(count(".tmp-"), 0);
	/* a failure (here: the caller's) leaves the file as it was, and no temporary file */
	assert_int_equal(cr_output_open(&o, p, 0, &d), CR_OK);
	fputs("half", o.f);
	assert_int_equal(cr_output_close(&o, CR_EDATA, &d), CR_EDATA);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, 4);
	assert_int_equal(count(".tmp-"), 0);
	assert_int_equal(d.n, 0);
	free(p);
}

/*
 * A large output is written behind (started on disk and dropped from the
 * cache step by step) and synced behind (its own thread asked to fdatasync
 * it every 32 MB), and still comes out whole, byte for byte: 40 MB, more than
 * two write-behind steps and one sync step, each line numbered so a lost or
 * repeated stretch shows.
 */
static void test_write_behind(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_output o;
	char *p = at("large.csv");
	assert_int_equal(cr_output_open(&o, p, 1 << 16, &d), CR_OK);
	const long lines = 40L << 20 >> 5; /* 32-byte lines */
	for (long i = 0; i < lines; i++)
		fprintf(o.f, "%010ld,abcdefghijklmnopqrst\n", i);
	assert_non_null(o.sync); /* its thread, asked once, at 32 MB */
	assert_int_equal(o.synced, 32L << 20);
	assert_int_equal(cr_output_finish(&o, &d), CR_OK);
	/* it ran, unless the file system cannot (then it stopped at once: started -1) */
	assert_true(o.started < 0 || (o.dropped > 0 && o.dropped <= o.written));
	assert_int_equal(o.written, lines * 32);
	assert_null(o.sync); /* stopped and joined before the final fsync */
	assert_int_equal(cr_output_commit(&o, &d), CR_OK);
	cr_output_abandon(&o);
	FILE *f = fopen(p, "r");
	assert_non_null(f);
	char line[64];
	long i = 0;
	while (fgets(line, sizeof line, f)) {
		char want[64];
		snprintf(want, sizeof want, "%010ld,abcdefghijklmnopqrst\n", i++);
		if (strcmp(line, want) != 0)
			fail_msg("line %ld reads %s", i, line);
	}
	fclose(f);
	assert_int_equal(i, lines);
	assert_int_equal(d.n, 0);
	unlink(p);
	/* given up while its syncer is running: the thread is stopped, the temporary file removed */
	assert_int_equal(cr_output_open(&o, p, 1 << 16, &d), CR_OK);
	for (long k = 0; k < lines; k++)
		fprintf(o.f, "%010ld,abcdefghijklmnopqrst\n", k);
	assert_non_null(o.sync);
	assert_int_equal(cr_output_close(&o, CR_EDATA, &d), CR_EDATA);
	assert_int_equal(count(".tmp-"), 0);
	assert_int_equal(access(p, F_OK), -1);
	assert_int_equal(d.n, 0);
	free(p);
}

static void test_refused_and_in_place(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_output o;
	put("target.txt", "keep\n", 0600);
	char *link = at("link.txt"), *fifo = at("fifo"), *missing = at("no/such/file");
	assert_int_equal(symlink("target.txt", link), 0);
	assert_int_equal(cr_output_open(&o, link, 0, &d), CR_EUSAGE);
	assert_non_null(strstr(d.v[0].msg, "symbolic link"));
	assert_int_equal(cr_output_open(&o, dir, 0, &d), CR_EUSAGE);
	assert_int_equal(cr_output_open(&o, missing, 0, &d), CR_EIO);
	assert_non_null(strstr(d.v[2].msg, "No such file or directory"));
	assert_non_null(d.v[2].hint);
	/* a FIFO opened for reading and writing here, so opening it to write does not wait */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	FILE *r = fopen(fifo, "r+");
	assert_non_null(r);
	assert_int_equal(cr_output_open(&o, fifo, 0, &d), CR_OK);
	assert_false(cr_output_private(&o));
	fputs("through\n", o.f);
	assert_int_equal(cr_output_close(&o, CR_OK, &d), CR_OK);
	char buf[16] = {0};
	assert_non_null(fgets(buf, sizeof buf, r));
	assert_string_equal(buf, "through\n");
	fclose(r);
	struct stat st;
	assert_int_equal(lstat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	cr_diags_clear(&d);
	free(link), free(fifo), free(missing);
}

static void test_write_failure_named(void **state)
{
	(void)state;
	cr_diags d = {0};
	cr_output o;
	/*
	 * A device is written in place; a copy of /dev/full (1, 7) fails every write
	 * with ENOSPC. As root a node of our own, so no bug here can remove the
	 * system's; without root /dev/full itself, which /dev protects.
	 */
	char *full = at("full");
	const char *path = mknod(full, S_IFCHR | 0600, makedev(1, 7)) == 0 ? full : geteuid() ? "/dev/full" : NULL;
	if (!path || access(path, W_OK) != 0) {
		free(full);
		skip();
	}
	assert_int_equal(cr_output_open(&o, path, 0, &d), CR_OK);
	fputs("x", o.f);
	assert_int_equal(cr_output_close(&o, CR_OK, &d), CR_EIO);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, path);
	assert_non_null(strstr(d.v[0].msg, "No space left on device"));
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	cr_diags_clear(&d);
	free(full);
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = cr_xprintf("rm -rf '%s'", dir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_file),
		cmocka_unit_test(test_replace_regular),
		cmocka_unit_test(test_write_behind),
		cmocka_unit_test(test_refused_and_in_place),
		cmocka_unit_test(test_write_failure_named),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
