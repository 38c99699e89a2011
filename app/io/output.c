/* output.c - see output.h. */
#define _GNU_SOURCE /* fopencookie */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/background.h"
#include "../core/util.h"

/* ---- is it one of the files we read? ----------------------------------------- */

/* Who a path is: its device and inode when it exists, else its folder resolved plus its name. */
typedef struct ident {
	bool exists;
	dev_t dev;
	ino_t ino;
	char *resolved; /* owned; NULL when the folder cannot be resolved (the open will say why) */
} ident;

static void identify(const char *path, ident *id)
{
	struct stat st;
	memset(id, 0, sizeof *id);
	if (stat(path, &st) == 0) { /* follows links: a link to the export is the export */
		id->exists = true;
		id->dev = st.st_dev;
		id->ino = st.st_ino;
		return;
	}
	char *dcopy = cr_xstrdup(path), *bcopy = cr_xstrdup(path);
	char *dir = realpath(dirname(dcopy), NULL);
	if (dir)
		id->resolved = cr_xprintf("%s/%s", strcmp(dir, "/") ? dir : "", basename(bcopy));
	free(dir);
	free(bcopy);
	free(dcopy);
}

static bool same(const ident *a, const ident *b)
{
	if (a->exists || b->exists)
		return a->exists && b->exists && a->dev == b->dev && a->ino == b->ino;
	return a->resolved && b->resolved && strcmp(a->resolved, b->resolved) == 0;
}

enum cr_status cr_output_refuse_same(const char *path, const char *what, const cr_output_other *others, size_t n,
				     cr_diags *d)
{
	if (!path || !strcmp(path, "-"))
		return CR_OK;
	enum cr_status st = CR_OK;
	ident me;
	identify(path, &me);
	for (size_t i = 0; i < n && !st; i++) {
		if (!others[i].path || !strcmp(others[i].path, "-"))
			continue;
		ident it;
		identify(others[i].path, &it);
		if (same(&me, &it)) {
			st = cr_diag_add(d, CR_EUSAGE, path, 0, 0, "%s is %s ('%s'): career-risk never writes over it", what,
					 others[i].what, others[i].path);
			cr_diag_hint(d, "give %s a file of its own", what);
		}
		free(it.resolved);
	}
	free(me.resolved);
	return st;
}

/* ---- writing -------------------------------------------------------------------- */

/*
 * Write-behind. A batch writes hundreds of megabytes that it will not read
 * again, and then fsyncs them all: the whole file would first fill the page
 * cache (new memory the system must find, pushing out what the user had
 * cached) and the final fsync would wait for all of it at once. So every
 * WB_STEP bytes written, the disk write of that step is started
 * (SYNC_FILE_RANGE_WRITE, which does not wait), and the step before it, whose
 * write was started a step ago and has mostly finished, is waited for and
 * dropped from the cache (POSIX_FADV_DONTNEED): the cache holds two steps of
 * the file, the same pages are used again, and the fsync at the end waits for
 * the last step only. The fsync stays the promise (cr_output_finish); this
 * only spreads the work. A disk error seen here fails the output as a write
 * error would; a file system that cannot do it just stops write-behind.
 */
#define WB_STEP (8LL << 20)

#ifdef SYNC_FILE_RANGE_WRITE
/* A write-behind call failed (errno): a disk error fails the output; anything else ends write-behind for it. */
static void write_behind_failed(cr_output *o)
{
	if ((errno == EIO || errno == ENOSPC) && !o->err)
		o->err = errno;
	o->started = -1; /* no more tries */
}
#endif

static void write_behind(cr_output *o)
{
#ifdef SYNC_FILE_RANGE_WRITE
	if (o->written - o->started < WB_STEP)
		return;
	if (sync_file_range(o->fd, o->started, o->written - o->started, SYNC_FILE_RANGE_WRITE) != 0) {
		write_behind_failed(o);
		return;
	}
	if (o->started > o->dropped) {
		long long n = o->started - o->dropped;
		if (sync_file_range(o->fd, o->dropped, n, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
							  SYNC_FILE_RANGE_WAIT_AFTER) != 0) {
			write_behind_failed(o);
			return;
		}
		posix_fadvise(o->fd, o->dropped, n, POSIX_FADV_DONTNEED);
		o->dropped = o->started;
	}
	o->started = o->written;
#else
	(void)o;
#endif
}

/*
 * Sync-behind. write_behind puts the data on the disk, but a disk (a virtual
 * disk's host too) keeps what it was given in a cache of its own until told to
 * flush it, and only fsync tells it: the final fsync of a 500 MB batch result
 * waited a quarter of a second for that flush alone, every core idle
 * (docs/performance.md). So each time a file has grown by SYNC_STEP bytes, a
 * thread of its own (core/background.h) fdatasyncs it while the writing goes
 * on, and the final fsync flushes only what came since; the thread only waits
 * on the disk. A disk error it sees fails the output, as write_behind's does;
 * a file system that cannot sync a file is left to the final fsync to report.
 */
#define SYNC_STEP (32LL << 20)

/* A large output's sync-behind: its thread, and what the thread needs and finds. */
struct cr_output_sync {
	cr_background *thread;
	int fd;
	int err; /* errno of a disk error, 0 if none: written by the thread, read once it is stopped */
};

static bool sync_job(void *ctx)
{
	struct cr_output_sync *s = ctx;
	if (fdatasync(s->fd) == 0)
		return true;
	if (errno == EIO || errno == ENOSPC || errno == EDQUOT)
		s->err = errno;
	return false; /* an error, or a file that cannot be synced: no more tries */
}

/* Asks for a sync of o's file once it has grown by SYNC_STEP, starting its thread the first time. */
static void sync_behind(cr_output *o)
{
	if (o->sync_off || o->written - o->synced < SYNC_STEP)
		return;
	o->synced = o->written;
	if (!o->sync) {
		struct cr_output_sync *s = cr_xcalloc(1, sizeof *s);
		s->fd = o->fd;
		if (!(s->thread = cr_background_start(sync_job, s))) {
			free(s);
			o->sync_off = true; /* no thread: the final fsync does it all, as without sync-behind */
			return;
		}
		o->sync = s;
	}
	cr_background_ask(o->sync->thread);
}

/* Stops o's sync-behind for good, waiting for a sync in progress; its disk error becomes o's. */
static void stop_syncer(cr_output *o)
{
	o->sync_off = true;
	if (!o->sync)
		return;
	cr_background_stop(o->sync->thread);
	if (o->sync->err && !o->err)
		o->err = o->sync->err;
	free(o->sync);
	o->sync = NULL;
}

/*
 * The stream over our descriptor keeps the errno of a failed write, which
 * stdio forgets by the time the last flush is checked: the message can then
 * say "No space left on device" rather than guess.
 */
static ssize_t cookie_write(void *cookie, const char *buf, size_t size)
{
	cr_output *o = cookie;
	size_t done = 0;
	while (done < size) {
		ssize_t w = write(o->fd, buf + done, size - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (!o->err)
				o->err = w < 0 ? errno : EIO;
			return (ssize_t)done; /* short, maybe 0: the error; fopencookie(3) forbids -1 */
		}
		done += (size_t)w;
	}
	o->written += (long long)done;
	if (o->tmp && o->started >= 0)
		write_behind(o);
	if (o->tmp)
		sync_behind(o);
	return (ssize_t)done;
}

static enum cr_status failed(cr_output *o, const char *doing, int err, cr_diags *d)
{
	cr_diag_add(d, CR_EIO, o->path, 0, 0, "cannot %s: %s", doing, strerror(err));
	if (err == ENOSPC || err == EDQUOT || err == EFBIG)
		cr_diag_hint(d, "free some space, or write somewhere else");
	else if (err == EACCES || err == EPERM || err == EROFS)
		cr_diag_hint(d, "write to a folder you may write to");
	else if (err == ENOENT || err == ENOTDIR)
		cr_diag_hint(d, "create the folder first, or check the path");
	else
		cr_diag_hint(d, "check the path and the disk, then run the command again");
	cr_output_abandon(o);
	return CR_EIO;
}

static enum cr_status refused(cr_output *o, const char *why, const char *hint, cr_diags *d)
{
	cr_diag_add(d, CR_EUSAGE, o->path, 0, 0, "%s", why);
	cr_diag_hint(d, "%s", hint);
	cr_output_abandon(o);
	return CR_EUSAGE;
}

static bool attach(cr_output *o, size_t bufsize)
{
	cookie_io_functions_t io = {.write = cookie_write};
	if (!(o->f = fopencookie(o, "w", io)))
		return false;
	if (bufsize) {
		o->buf = cr_xmalloc(bufsize);
		setvbuf(o->f, o->buf, _IOFBF, bufsize);
	}
	return true;
}

enum cr_status cr_output_open(cr_output *o, const char *path, size_t bufsize, cr_diags *d)
{
	memset(o, 0, sizeof *o);
	o->fd = -1;
	o->path = cr_xstrdup(path);
	if (!strcmp(path, "-")) {
		o->f = stdout; /* renderers colour and wrap for the terminal only when they see stdout */
		o->in_place = true;
		return CR_OK;
	}
	struct stat st;
	bool exists = lstat(path, &st) == 0;
	if (!exists && errno != ENOENT)
		return failed(o, "write the output", errno, d);
	if (exists && S_ISLNK(st.st_mode))
		return refused(o, "is a symbolic link: career-risk does not write through links or replace them",
			       "give the path of the file itself, or a new name", d);
	if (exists && S_ISDIR(st.st_mode))
		return refused(o, "is a folder", "give a file name inside it", d);
	if (exists && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) {
		/* a pipe or a device is written in place: there is nothing to replace and nothing to remove */
		o->in_place = true;
		if ((o->fd = open(path, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC)) < 0)
			return failed(o, "write the output", errno, d);
		struct stat now;
		if (fstat(o->fd, &now) != 0 || now.st_ino != st.st_ino || now.st_dev != st.st_dev)
			return refused(o, "changed while it was being opened", "run the command again", d);
		if (!attach(o, bufsize))
			return failed(o, "write the output", errno, d);
		return CR_OK;
	}
	if (exists && !S_ISREG(st.st_mode))
		return refused(o, "is neither a file, a pipe nor a character device", "give a file name", d);
	o->tmp = cr_xprintf("%s.tmp-XXXXXX", path);
	/* mkostemp creates it 0600: the result is owner-only even when the file it replaces was not */
	if ((o->fd = mkostemp(o->tmp, O_CLOEXEC)) < 0) {
		free(o->tmp);
		o->tmp = NULL;
		return failed(o, "write the output", errno, d);
	}
	/* held until the file is closed, or the process dies: see cr_output_remove_stale() */
	if (flock(o->fd, LOCK_EX | LOCK_NB) != 0 || !attach(o, bufsize))
		return failed(o, "write the output", errno, d);
	return CR_OK;
}

enum cr_status cr_output_finish(cr_output *o, cr_diags *d)
{
	if (!o->f)
		return CR_OK;
	if (o->f == stdout) { /* flushed now, so a batch fails before its cohort is marked done */
		bool bad = fflush(stdout) != 0 || ferror(stdout) != 0;
		int err = errno;
		o->f = NULL;
		return bad ? cr_output_stdout_failed(err, d) : CR_OK;
	}
	bool flushed = fflush(o->f) == 0;
	int flush_err = errno; /* what a failed flush said, before stopping the syncer can change errno */
	stop_syncer(o); /* before o->err is read: a disk error it saw is o's */
	bool bad = !flushed || ferror(o->f) != 0 || o->err != 0; /* o->err: also write- and sync-behind's */
	int err = o->err ? o->err : flush_err;
	/* a pipe or a terminal cannot be synced (EINVAL): only files are */
	if (!bad && o->tmp && fsync(o->fd) != 0) {
		bad = true;
		err = errno;
	}
	if (fclose(o->f) != 0 && !bad) {
		bad = true;
		err = o->err ? o->err : errno;
	}
	o->f = NULL;
	if (!bad && close(o->fd) != 0) {
		bad = true;
		err = errno;
	} else if (bad) {
		close(o->fd);
	}
	o->fd = -1;
	free(o->buf);
	o->buf = NULL;
	return bad ? failed(o, "write the output", err ? err : EIO, d) : CR_OK;
}

enum cr_status cr_output_commit(cr_output *o, cr_diags *d)
{
	if (!o->tmp)
		return CR_OK;
	if (rename(o->tmp, o->path) != 0)
		return failed(o, "put the file in place", errno, d);
	free(o->tmp);
	o->tmp = NULL;
	/* the rename itself is on disk only once the folder is synced */
	char *copy = cr_xstrdup(o->path);
	int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int err = dfd < 0 ? errno : fsync(dfd) != 0 ? errno : 0;
	if (dfd >= 0)
		close(dfd);
	free(copy);
	if (err && err != EINVAL) { /* some file systems cannot sync a folder, and say EINVAL */
		cr_diag_add(d, CR_EIO, o->path, 0, 0, "was written, but its folder could not be synced: %s", strerror(err));
		cr_diag_hint(d, "the disk reported an error: check it before relying on the file");
		return CR_EIO;
	}
	return CR_OK;
}

void cr_output_abandon(cr_output *o)
{
	if (!o->path) /* zeroed, or already abandoned: its fd 0 is not ours */
		return;
	stop_syncer(o); /* its thread uses the descriptor closed below */
	if (o->f && o->f != stdout)
		fclose(o->f);
	if (o->fd >= 0)
		close(o->fd);
	if (o->tmp)
		unlink(o->tmp); /* ours: made by mkostemp in cr_output_open; the destination is never removed */
	free(o->tmp);
	free(o->buf);
	free(o->path);
	memset(o, 0, sizeof *o);
	o->fd = -1;
}

enum cr_status cr_output_close(cr_output *o, enum cr_status st, cr_diags *d)
{
	if (!st && !(st = cr_output_finish(o, d)))
		st = cr_output_commit(o, d);
	else if (st == CR_EIO && o->f && o->f != stdout)
		failed(o, "write the output", o->err ? o->err : EIO, d); /* a renderer saw the stream fail: say why */
	cr_output_abandon(o);
	return st;
}

bool cr_output_private(const cr_output *o)
{
	return !o->in_place;
}

int cr_output_remove_stale(const char *path)
{
	char *pattern = cr_xprintf("%s.tmp-??????", path);
	glob_t g;
	int removed = 0;
	if (glob(pattern, GLOB_NOSORT | GLOB_NOESCAPE, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			int fd = open(g.gl_pathv[i], O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
			struct stat st;
			if (fd < 0)
				continue;
			if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
			    (st.st_mode & 077) == 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 && unlink(g.gl_pathv[i]) == 0)
				removed++;
			close(fd);
		}
		globfree(&g);
	}
	free(pattern);
	return removed;
}

/*
 * Whether standard output is a pipe or socket whose reader has gone: poll
 * reports POLLERR (a pipe) or POLLHUP (a socket) on its writing end. errno
 * alone cannot say, because later calls may have overwritten EPIPE.
 */
static bool stdout_reader_gone(int errno_now)
{
	if (errno_now == EPIPE)
		return true;
	struct pollfd p = {.fd = STDOUT_FILENO, .events = POLLOUT};
	return poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP));
}

enum cr_status cr_output_stdout_failed(int errno_now, cr_diags *d)
{
	/*
	 * `career-risk occupation show nurse | head -4`: the reader took what it
	 * wanted. Like other Unix tools, end quietly and successfully; SIGPIPE is
	 * ignored so that a session never dies between two database writes.
	 */
	if (stdout_reader_gone(errno_now)) {
		bool other = false;
		for (size_t i = 0; i < d->n; i++)
			other = other || d->v[i].status == CR_EIO;
		if (!other)
			return CR_OK;
	}
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].status == CR_EIO)
			return CR_EIO;
	/* errors a write can report; anything else in errno came from some other call */
	static const int write_errors[] = {ENOSPC, EPIPE, EIO, EFBIG, EDQUOT, EBADF, EROFS, ENXIO, EAGAIN, ECONNRESET};
	bool known = false;
	for (size_t i = 0; i < CR_ARRAY_LEN(write_errors); i++)
		known = known || errno_now == write_errors[i];
	if (known)
		cr_diag_add(d, CR_EIO, NULL, 0, 0, "cannot write to standard output: %s", strerror(errno_now));
	else
		cr_diag_add(d, CR_EIO, NULL, 0, 0, "cannot write to standard output (the system did not say why)");
	if (errno_now == EPIPE)
		cr_diag_hint(d, "the program reading the output stopped before the end");
	else
		cr_diag_hint(d, "check where the output goes: a full disk, or a program that stopped reading");
	return CR_EIO;
}
