/*
 * busy.c - waiting for a database another process is writing (see
 * cr_app_busy in app.h).
 *
 * SQLite's busy timeout alone made a second writer fail after 5 s, which
 * under load (or valgrind) lost an interactive answer. The store asks this
 * function instead, every ~100 ms of a wait, whether to keep waiting; the
 * policy (how long, what to say, Ctrl-C) is the face's, the store only waits.
 */
#include <stdio.h>
#include <stdlib.h>

#include "app.h"

/* $CAREER_RISK_BUSY_WAIT (whole seconds, 0 or more) or CR_BUSY_WAIT_S; tests shorten it. */
static long long bound_ms(void)
{
	const char *env = getenv("CAREER_RISK_BUSY_WAIT");
	char *end = NULL;
	long long s = env && *env ? strtoll(env, &end, 10) : -1;
	if (s < 0 || (end && *end))
		s = CR_BUSY_WAIT_S;
	return s * 1000;
}

bool cr_app_busy(void *ctx, long long waited_ms)
{
	cr_app *app = ctx;
	if (waited_ms < app->busy_last_ms)
		app->busy_said = false; /* a new wait: it is announced on its own */
	app->busy_last_ms = waited_ms;
	if (app->busy_cancel && *app->busy_cancel)
		return false;
	long long bound = app->busy_patient ? -1 : bound_ms();
	if (bound >= 0 && waited_ms >= bound)
		return false;
	if (!app->busy_said && waited_ms >= CR_BUSY_SAY_MS) {
		app->busy_said = true;
		if (bound < 0)
			fprintf(stderr, "career-risk: the database is busy (another career-risk is writing); waiting...%s\n",
				app->busy_cancel ? " (Ctrl-C stops waiting; this answer is then not saved)" : "");
		else
			fprintf(stderr, "career-risk: the database is busy (another career-risk is writing); waiting up "
				"to %lld s...\n", bound / 1000);
		fflush(stderr);
	}
	return true;
}
