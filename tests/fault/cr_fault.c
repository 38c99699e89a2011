/*
 * cr_fault.c - fault injection for the end-to-end tests, as LD_PRELOAD.
 *
 * In the spirit of jq's src/inject_errors.c: the real binary runs unchanged
 * while this library, preloaded, makes file operations fail on demand, so the
 * tests can prove what career-risk does when the disk fills up, a write or a
 * sync fails, a file is read-only, or the process dies in the middle of a
 * transaction. Only files whose path contains CR_FAULT_MATCH are touched;
 * everything else passes straight through. Settings (environment):
 *
 *   CR_FAULT_MATCH=TEXT     which files: those whose path contains TEXT (required)
 *   CR_FAULT_WRITE=N:ERR    the first N writes succeed, later ones fail with ERR
 *                           (ENOSPC for a full disk, EIO, EDQUOT)
 *   CR_FAULT_SYNC=N:ERR     the same for fsync and fdatasync
 *   CR_FAULT_OPEN=ERR       opening for writing fails with ERR (EACCES, EROFS):
 *                           a read-only file or file system. O_EXCL creation
 *                           still reports an existing file as EEXIST, as the
 *                           kernel does before it checks permissions.
 *   CR_FAULT_ACCESS=ERR     access(path, W_OK) fails with ERR (EACCES, EROFS): a
 *                           folder this process may not write, asked before
 *                           anything is created in it (chmod 500, as root
 *                           would not see it)
 *   CR_FAULT_KILL=N         the process dies by SIGKILL just before write N+1
 *                           (N writes completed): a crash at an exact point
 *   CR_FAULT_KILL_RENAME=N  the same just before rename N+1 of a matching file
 *                           (either name matching): a crash as a finished
 *                           file is moved into place. Writes through stdio
 *                           (fwrite, fclose) call the kernel from inside libc
 *                           and are not seen here; their file's rename is.
 *   CR_FAULT_REPORT=FILE    at exit, writes how many writes, syncs and renames
 *                           of matching files there were (to choose N); only a
 *                           process that touched one reports, so the shell
 *                           tools a test runs beside career-risk do not
 *
 * Running as root defeats chmod-based tests; this library does not care who runs it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static const char *match;
static long write_ok = -1, sync_ok = -1, kill_after = -1, kill_rename = -1;
static int write_err, sync_err, open_err, access_err;
/* counted atomically: a batch's threads write and sync beside its main thread (output.c's
 * sync-behind, store_cohort.c's checkpointer) */
static long writes, syncs, renames;

static int errno_named(const char *s)
{
	static const struct { const char *name; int value; } t[] = {
		{"ENOSPC", ENOSPC}, {"EIO", EIO}, {"EDQUOT", EDQUOT}, {"EACCES", EACCES},
		{"EROFS", EROFS}, {"EPERM", EPERM}, {"EFBIG", EFBIG}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(s, t[i].name) == 0)
			return t[i].value;
	fprintf(stderr, "cr_fault: unknown error name '%s'\n", s);
	abort();
}

/* "N:ERR" */
static void count_and_errno(const char *s, long *n, int *err)
{
	char *end;
	*n = strtol(s, &end, 10);
	if (*end != ':') {
		fprintf(stderr, "cr_fault: expected N:ERR, got '%s'\n", s);
		abort();
	}
	*err = errno_named(end + 1);
}

__attribute__((constructor)) static void setup(void)
{
	const char *s;
	match = getenv("CR_FAULT_MATCH");
	if (!match || !*match) {
		match = NULL;
		return;
	}
	if ((s = getenv("CR_FAULT_WRITE")) && *s)
		count_and_errno(s, &write_ok, &write_err);
	if ((s = getenv("CR_FAULT_SYNC")) && *s)
		count_and_errno(s, &sync_ok, &sync_err);
	if ((s = getenv("CR_FAULT_OPEN")) && *s)
		open_err = errno_named(s);
	if ((s = getenv("CR_FAULT_ACCESS")) && *s)
		access_err = errno_named(s);
	if ((s = getenv("CR_FAULT_KILL")) && *s)
		kill_after = strtol(s, NULL, 10);
	if ((s = getenv("CR_FAULT_KILL_RENAME")) && *s)
		kill_rename = strtol(s, NULL, 10);
}

__attribute__((destructor)) static void report(void)
{
	const char *path = getenv("CR_FAULT_REPORT");
	if (!match || !path || !*path || (writes == 0 && syncs == 0 && renames == 0))
		return;
	FILE *f = fopen(path, "w");
	if (f) {
		fprintf(f, "%ld %ld %ld\n", writes, syncs, renames);
		fclose(f);
	}
}

static void *real(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);
	if (!f) {
		fprintf(stderr, "cr_fault: no %s\n", name);
		abort();
	}
	return f;
}

static int path_matches(const char *path)
{
	return match && path && strstr(path, match) != NULL;
}

static int fd_matches(int fd)
{
	if (!match || fd < 0)
		return 0;
	char link[64], path[PATH_MAX];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	int saved = errno;
	ssize_t n = readlink(link, path, sizeof path - 1);
	errno = saved;
	if (n <= 0)
		return 0;
	path[n] = '\0';
	return strstr(path, match) != NULL;
}

/* Decides the fate of one write to fd: 0 to go ahead, or -1 with errno set. */
static int before_write(int fd)
{
	if (!fd_matches(fd))
		return 0;
	long n = __atomic_fetch_add(&writes, 1, __ATOMIC_RELAXED); /* this write's number, from 0 */
	if (kill_after >= 0 && n >= kill_after)
		raise(SIGKILL);
	if (write_ok >= 0 && n >= write_ok) {
		__atomic_fetch_sub(&writes, 1, __ATOMIC_RELAXED); /* a failed write is not counted */
		errno = write_err;
		return -1;
	}
	return 0;
}

static int before_sync(int fd)
{
	if (!fd_matches(fd))
		return 0;
	long n = __atomic_fetch_add(&syncs, 1, __ATOMIC_RELAXED);
	if (sync_ok >= 0 && n >= sync_ok) {
		__atomic_fetch_sub(&syncs, 1, __ATOMIC_RELAXED);
		errno = sync_err;
		return -1;
	}
	return 0;
}

static int refuse_open(const char *path, int flags)
{
	if (!open_err || !path_matches(path) || (flags & O_ACCMODE) == O_RDONLY)
		return 0;
	if ((flags & O_CREAT) && (flags & O_EXCL)) {
		struct stat sb;
		if (stat(path, &sb) == 0) {
			errno = EEXIST;
			return -1;
		}
	}
	errno = open_err;
	return -1;
}

#define OPEN_LIKE(name)                                                              \
	int name(const char *path, int flags, ...)                                   \
	{                                                                            \
		mode_t mode = 0;                                                     \
		if (flags & (O_CREAT | O_TMPFILE)) {                                 \
			va_list ap;                                                  \
			va_start(ap, flags);                                         \
			mode = (mode_t)va_arg(ap, int);                              \
			va_end(ap);                                                  \
		}                                                                    \
		if (refuse_open(path, flags))                                        \
			return -1;                                                   \
		int (*f)(const char *, int, ...) = real(#name);                      \
		return f(path, flags, mode);                                         \
	}
OPEN_LIKE(open)
OPEN_LIKE(open64)

#define OPENAT_LIKE(name)                                                            \
	int name(int dirfd, const char *path, int flags, ...)                        \
	{                                                                            \
		mode_t mode = 0;                                                     \
		if (flags & (O_CREAT | O_TMPFILE)) {                                 \
			va_list ap;                                                  \
			va_start(ap, flags);                                         \
			mode = (mode_t)va_arg(ap, int);                              \
			va_end(ap);                                                  \
		}                                                                    \
		if (refuse_open(path, flags))                                        \
			return -1;                                                   \
		int (*f)(int, const char *, int, ...) = real(#name);                 \
		return f(dirfd, path, flags, mode);                                  \
	}
OPENAT_LIKE(openat)
OPENAT_LIKE(openat64)

ssize_t write(int fd, const void *buf, size_t n)
{
	if (before_write(fd))
		return -1;
	ssize_t (*f)(int, const void *, size_t) = real("write");
	return f(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	if (before_write(fd))
		return -1;
	ssize_t (*f)(int, const void *, size_t, off_t) = real("pwrite");
	return f(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	if (before_write(fd))
		return -1;
	ssize_t (*f)(int, const void *, size_t, off64_t) = real("pwrite64");
	return f(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	if (before_write(fd))
		return -1;
	ssize_t (*f)(int, const struct iovec *, int) = real("writev");
	return f(fd, iov, cnt);
}

int fsync(int fd)
{
	if (before_sync(fd))
		return -1;
	int (*f)(int) = real("fsync");
	return f(fd);
}

int fdatasync(int fd)
{
	if (before_sync(fd))
		return -1;
	int (*f)(int) = real("fdatasync");
	return f(fd);
}

int access(const char *path, int mode)
{
	if (access_err && (mode & W_OK) && path_matches(path)) {
		errno = access_err;
		return -1;
	}
	int (*f)(const char *, int) = real("access");
	return f(path, mode);
}

int rename(const char *from, const char *to)
{
	if (path_matches(from) || path_matches(to)) {
		if (kill_rename >= 0 && renames >= kill_rename)
			raise(SIGKILL);
		renames++;
	}
	int (*f)(const char *, const char *) = real("rename");
	return f(from, to);
}
