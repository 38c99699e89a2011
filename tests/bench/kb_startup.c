/*
 * kb_startup.c - where the knowledge base's start-up time goes, in process:
 * the median of several runs of each phase (listing and reading the YAML files,
 * hashing them, loading the YAML in full, writing and reading the snapshot in
 * memory, and the whole warm path through a snapshot file in a temporary
 * cache folder), in milliseconds of CPU time. tests/bench/startup.sh times the whole program.
 *
 *   cr-kb-startup [ROOT] [RUNS]     ROOT holds knowledge/ and questionnaires/
 *
 * Exit 0, or 2 when the knowledge base does not load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kb.h"
#include "kb_cache.h"
#include "kb_snapshot.h"
#include "util.h"

#ifndef CR_SOURCE_DIR
#define CR_SOURCE_DIR "."
#endif

/* CPU time, not wall clock: on a shared machine a millisecond's work can wait ten for a core. */
static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : CR_SOURCE_DIR;
	int runs = argc > 2 ? atoi(argv[2]) : 9;
	if (runs < 1 || runs > 1000)
		runs = 9;
	char *kdir = cr_xprintf("%s/knowledge", root), *qdir = cr_xprintf("%s/questionnaires", root);
	double *t_read = cr_xcalloc((size_t)runs, sizeof(double)), *t_hash = cr_xcalloc((size_t)runs, sizeof(double));
	double *t_snap = cr_xcalloc((size_t)runs, sizeof(double)), *t_yaml = cr_xcalloc((size_t)runs, sizeof(double));
	double *t_write = cr_xcalloc((size_t)runs, sizeof(double)), *t_warm = cr_xcalloc((size_t)runs, sizeof(double));
	char tmpl[] = "/tmp/cr-kb-startup-XXXXXX";
	const char *cache = mkdtemp(tmpl);
	size_t bytes = 0, snap_len = 0;
	int rc = 0;
	for (int i = 0; i < runs; i++) {
		cr_diags d = {0};
		double t0 = now_ms();
		cr_kb_files f;
		cr_kb_read_files(kdir, qdir, &f, &d);
		double t1 = now_ms();
		uint64_t h = CR_FNV_INIT;
		bytes = 0;
		for (size_t j = 0; j < f.nk; j++) {
			h = cr_hash64(h, f.k[j].text, f.k[j].len);
			bytes += f.k[j].len;
		}
		double t2 = now_ms();
		cr_kb *kb = NULL;
		if (cr_kb_load_files(kdir, qdir, f.k, f.nk, f.q, f.nq, &kb, &d) != CR_OK) {
			fprintf(stderr, "cr-kb-startup: the knowledge base in %s does not load\n", root);
			cr_kb_files_free(&f);
			cr_diags_clear(&d);
			rc = 2;
			goto out;
		}
		double t3 = now_ms();
		char *buf;
		cr_kb_snapshot_write(kb, h, &buf, &snap_len);
		double t4 = now_ms();
		const char *why;
		cr_kb *back = cr_kb_snapshot_read(buf, snap_len, h, false, &why);
		double t5 = now_ms();
		if (!back) {
			fprintf(stderr, "cr-kb-startup: the snapshot was rejected: %s\n", why);
			rc = 2;
		}
		/* the whole warm path as a run takes it: list, stat, map, check, decode (the snapshot is there after the first) */
		cr_kb *warm = NULL;
		double t6 = now_ms();
		if (cache && cr_kb_cache_load(kdir, qdir, cache, "cr-kb-startup", &warm, NULL, &d) == CR_OK)
			cr_kb_free(warm);
		t_warm[i] = now_ms() - t6;
		t_read[i] = t1 - t0;
		t_hash[i] = t2 - t1;
		t_yaml[i] = t3 - t2;
		t_write[i] = t4 - t3;
		t_snap[i] = t5 - t4;
		cr_kb_free(back);
		cr_kb_free(kb);
		free(buf);
		cr_kb_files_free(&f);
		cr_diags_clear(&d);
		if (rc)
			goto out;
	}
	printf("knowledge base: %zu bytes of YAML; snapshot %zu bytes; median of %d runs, CPU ms\n", bytes, snap_len, runs);
	printf("  list and read the YAML files   %8.2f\n", median(t_read, runs));
	printf("  hash them                      %8.2f\n", median(t_hash, runs));
	printf("  load the YAML (parse, check)   %8.2f\n", median(t_yaml, runs));
	printf("  write the snapshot (buffer)    %8.2f\n", median(t_write, runs));
	printf("  read the snapshot (buffer)     %8.2f\n", median(t_snap, runs));
	printf("  cr_kb_cache_load, warm         %8.2f  (list and stat the files, map, check and read the snapshot)\n",
	       runs > 1 ? median(t_warm + 1, runs - 1) : t_warm[0]);
out:
	free(t_read);
	free(t_hash);
	free(t_snap);
	free(t_yaml);
	free(t_write);
	free(t_warm);
	if (cache) {
		char *cmd = cr_xprintf("rm -rf '%s'", cache);
		if (system(cmd) != 0)
			fprintf(stderr, "cr-kb-startup: could not remove %s\n", cache);
		free(cmd);
	}
	free(kdir);
	free(qdir);
	return rc;
}
