/*
 * kb_cache.c - the knowledge base loaded through its compiled snapshot (see kb_cache.h).
 */
#include "kb_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/catalogue.h"
#include "../core/kb_snapshot.h"
#include "../core/util.h"
#include "output.h"

#define MAX_SNAPSHOT (256u << 20) /* far above the shipped base's few megabytes */

/*
 * The file holds a short header of ours, then the core's snapshot:
 *
 *   "CRKBSTAT", the files' stat fingerprint, when the files were looked at
 *   (ns), the newest change time among them (ns), a hash of these 32 bytes
 *
 * Reading 2 MB of YAML only to hash it would cost more than the snapshot
 * saves, so a run first compares the fingerprint of every file's stat data
 * (name, size, inode, modification and change times: any write changes the
 * change time, which no one can set back). As in git's "racy" index, that is
 * trusted only when every file last changed RACY_NS before it was looked at:
 * a file written in the same clock tick as the look could keep its times.
 * Otherwise the texts are read and hashed (the core snapshot's key), and a
 * snapshot that still matches is kept, its header renewed once it can be.
 */
#define STAT_MAGIC "CRKBSTAT"
#define STAT_HEADER 40
#define RACY_NS 2000000000LL

typedef struct stat_head {
	uint64_t fingerprint;
	int64_t looked;  /* CLOCK_REALTIME when the files were stat'ed */
	int64_t newest;  /* the latest modification or change time among them */
} stat_head;

static int64_t ns_of(struct timespec t) { return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec; }

/* Fingerprints the listed files' stat data; false when one cannot be stat'ed (the load will say why). */
static bool stat_files(const char *program, const char *dir, const char *qdir, const cr_kb_files *f, stat_head *h)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	h->looked = ns_of(now);
	h->newest = 0;
	uint64_t x = CR_FNV_INIT;
	const char *parts[] = {"career-risk kb stat", program, dir, qdir};
	for (size_t i = 0; i < CR_ARRAY_LEN(parts); i++)
		x = cr_hash64(x, parts[i], strlen(parts[i]) + 1);
	const cr_kb_file *sets[] = {f->k, f->q};
	size_t ns[] = {f->nk, f->nq};
	for (size_t s = 0; s < 2; s++) {
		x = cr_hash64(x, &ns[s], sizeof ns[s]);
		for (size_t i = 0; i < ns[s]; i++) {
			struct stat sb;
			if (stat(sets[s][i].name, &sb) != 0)
				return false;
			int64_t v[] = {(int64_t)sb.st_dev, (int64_t)sb.st_ino, (int64_t)sb.st_size, ns_of(sb.st_mtim), ns_of(sb.st_ctim)};
			x = cr_hash64(x, sets[s][i].name, strlen(sets[s][i].name) + 1);
			x = cr_hash64(x, v, sizeof v);
			h->newest = v[3] > h->newest ? v[3] : h->newest;
			h->newest = v[4] > h->newest ? v[4] : h->newest;
		}
	}
	h->fingerprint = x;
	return true;
}

static bool stat_trusted(const stat_head *h) { return h->newest < h->looked - RACY_NS; }

static void put_head(char *p, const stat_head *h)
{
	memcpy(p, STAT_MAGIC, 8);
	memcpy(p + 8, &h->fingerprint, 8);
	memcpy(p + 16, &h->looked, 8);
	memcpy(p + 24, &h->newest, 8);
	uint64_t c = cr_hash64(CR_FNV_INIT, p, 32);
	memcpy(p + 32, &c, 8);
}

static bool get_head(const char *p, size_t len, stat_head *h)
{
	uint64_t c;
	if (len < STAT_HEADER || memcmp(p, STAT_MAGIC, 8) != 0)
		return false;
	memcpy(&c, p + 32, 8);
	if (c != cr_hash64(CR_FNV_INIT, p, 32))
		return false;
	memcpy(&h->fingerprint, p + 8, 8);
	memcpy(&h->looked, p + 16, 8);
	memcpy(&h->newest, p + 24, 8);
	return true;
}

/* What the snapshot must have been written for: this program, these folders, these files with these bytes. */
static uint64_t key_of(const char *dir, const char *qdir, const char *program, const cr_kb_files *f)
{
	uint64_t h = CR_FNV_INIT;
	const char *parts[] = {"career-risk kb snapshot", program, dir, qdir};
	for (size_t i = 0; i < CR_ARRAY_LEN(parts); i++)
		h = cr_hash64(h, parts[i], strlen(parts[i]) + 1);
	const cr_kb_file *sets[] = {f->k, f->q};
	size_t ns[] = {f->nk, f->nq};
	for (size_t s = 0; s < 2; s++) {
		h = cr_hash64(h, &ns[s], sizeof ns[s]);
		for (size_t i = 0; i < ns[s]; i++) {
			h = cr_hash64(h, sets[s][i].name, strlen(sets[s][i].name) + 1);
			h = cr_hash64(h, &sets[s][i].len, sizeof sets[s][i].len);
			h = cr_hash64(h, sets[s][i].text, sets[s][i].len);
		}
	}
	return h;
}

char *cr_kb_cache_path(const char *dir, const char *qdir, const char *cache_dir)
{
	/* named for the folders themselves, however they were spelt */
	char rk[PATH_MAX], rq[PATH_MAX];
	const char *k = realpath(dir, rk) ? rk : dir, *q = realpath(qdir, rq) ? rq : qdir;
	uint64_t h = cr_hash64(cr_hash64(CR_FNV_INIT, k, strlen(k) + 1), q, strlen(q) + 1);
	return cr_xprintf("%s/kb-%016llx.snap", cache_dir, (unsigned long long)h);
}

/*
 * Maps the snapshot file read-only (release with unmap), or NULL when it is not
 * there or not a plain file. Mapped, not read: its pages come straight from
 * the page cache, and the kb's strings point into them (kb->backing).
 */
static void *map_snapshot(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return NULL;
	struct stat sb;
	void *p = NULL;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 && (uint64_t)sb.st_size <= MAX_SNAPSHOT) {
		p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED)
			p = NULL;
		*len = (size_t)sb.st_size;
	}
	close(fd);
	return p;
}

static void unmap(void *p, size_t n)
{
	if (p)
		munmap(p, n);
}

/* Creates dir and its missing parents owner-only; true when it is a folder afterwards. */
static bool make_dirs(const char *dir)
{
	struct stat sb;
	if (stat(dir, &sb) == 0)
		return S_ISDIR(sb.st_mode);
	char *p = cr_xstrdup(dir);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			break;
		*s = '/';
	}
	free(p);
	return mkdir(dir, 0700) == 0 || (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode));
}

/* Writes our header and the snapshot under a temporary name renamed into place; any failure leaves the old file alone. */
static void write_file(const char *path, const char *cache_dir, const stat_head *h, const char *snap, size_t len)
{
	if (!make_dirs(cache_dir))
		return;
	char head[STAT_HEADER];
	put_head(head, h);
	cr_diags quiet = {0}; /* a cache that cannot be written is not the user's problem: the YAML loaded */
	cr_output_remove_stale(path);
	cr_output o = {0};
	if (cr_output_open(&o, path, 0, &quiet) == CR_OK) {
		bool ok = fwrite(head, 1, sizeof head, o.f) == sizeof head && fwrite(snap, 1, len, o.f) == len;
		cr_output_close(&o, ok ? CR_OK : CR_EIO, &quiet);
	}
	cr_diags_clear(&quiet);
}

enum cr_status cr_kb_cache_load(const char *dir, const char *qdir, const char *cache_dir, const char *program,
				cr_kb **out, enum cr_kb_cache_how *how, cr_diags *d)
{
	if (how)
		*how = CR_KB_FROM_YAML;
	if (!cache_dir)
		return cr_kb_load(dir, qdir, out, d);
	size_t errs0 = d->n;
	enum cr_status st = CR_EDATA;
	char *path = NULL, *buf = NULL; /* buf: the mapped file, until a kb holds it */
	size_t len = 0;
	cr_kb *kb = NULL;
	cr_kb_files f;
	if (cr_kb_list_files(dir, qdir, &f, d))
		goto out; /* a folder could not be listed: reported */
	stat_head now = {0}, was = {0};
	bool statted = stat_files(program, dir, qdir, &f, &now);
	path = cr_kb_cache_path(dir, qdir, cache_dir);
	buf = map_snapshot(path, &len);
	bool have_head = buf && get_head(buf, len, &was);
	const char *snap = buf ? buf + STAT_HEADER : NULL;
	size_t snap_len = have_head ? len - STAT_HEADER : 0;
	const char *why = NULL;
	uint64_t key;
	/* the fast way: the same files, unchanged since well before they were last looked at */
	if (statted && have_head && was.fingerprint == now.fingerprint && stat_trusted(&was) &&
	    cr_kb_snapshot_key(snap, snap_len, &key) && (kb = cr_kb_snapshot_read(snap, snap_len, key, true, &why)) != NULL)
		goto found;
	/* the sure way: the files' bytes */
	bool clean = cr_kb_files_read(&f, d) == CR_OK;
	key = key_of(dir, qdir, program, &f);
	if (clean && have_head && (kb = cr_kb_snapshot_read(snap, snap_len, key, true, &why)) != NULL) {
		/* still the same bytes: renew our header, so the next run takes the fast way */
		if (statted && (was.fingerprint != now.fingerprint || !stat_trusted(&was)) && stat_trusted(&now))
			write_file(path, cache_dir, &now, snap, snap_len);
		goto found;
	}
	/* as cr_kb_load: every file read is loaded, so each one's errors are reported */
	st = cr_kb_load_files(dir, qdir, f.k, f.nk, f.q, f.nq, &kb, d);
	if (st == CR_OK && (!clean || d->n > errs0)) { /* a file could not be read */
		cr_kb_free(kb);
		st = CR_EDATA;
	} else if (st == CR_OK) {
		*out = kb;
		if (statted) {
			cr_catalogue_keep_baselines(kb); /* compiled with the rest: later runs rank at once */
			char *w;
			size_t wlen;
			cr_kb_snapshot_write(kb, key, &w, &wlen);
			write_file(path, cache_dir, &now, w, wlen);
			free(w);
		}
	}
	goto out;
found:
	kb->backing = (struct cr_kb_backing){buf, len, unmap};
	buf = NULL;
	*out = kb;
	if (how)
		*how = CR_KB_FROM_SNAPSHOT;
	st = CR_OK;
out:
	unmap(buf, len);
	free(path);
	cr_kb_files_free(&f);
	return st;
}
