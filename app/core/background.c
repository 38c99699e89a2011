/* background.c - see background.h. */
#include "background.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "util.h"

struct cr_background {
	pthread_t tid;
	pthread_mutex_t lock;
	pthread_cond_t asked;
	cr_background_job job;
	void *ctx;
	unsigned long long nasked, ndone; /* runs asked for, and asked for by the time the last began; under lock */
	bool stop;                        /* under lock */
};

static void *background_main(void *arg)
{
	cr_background *b = arg;
	pthread_mutex_lock(&b->lock);
	for (;;) {
		while (!b->stop && b->ndone == b->nasked)
			pthread_cond_wait(&b->asked, &b->lock);
		if (b->stop)
			break;
		b->ndone = b->nasked; /* asks that come while it runs are met by the next run */
		pthread_mutex_unlock(&b->lock);
		bool again = b->job(b->ctx);
		pthread_mutex_lock(&b->lock);
		if (!again)
			break;
	}
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

cr_background *cr_background_start(cr_background_job job, void *ctx)
{
	cr_background *b = cr_xcalloc(1, sizeof *b);
	b->job = job;
	b->ctx = ctx;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->asked, NULL);
	/* the new thread inherits this mask: every signal blocked there */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int err = pthread_create(&b->tid, NULL, background_main, b);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		pthread_cond_destroy(&b->asked);
		pthread_mutex_destroy(&b->lock);
		free(b);
		return NULL;
	}
	return b;
}

void cr_background_ask(cr_background *b)
{
	if (!b)
		return;
	pthread_mutex_lock(&b->lock);
	b->nasked++;
	pthread_cond_signal(&b->asked);
	pthread_mutex_unlock(&b->lock);
}

void cr_background_stop(cr_background *b)
{
	if (!b)
		return;
	pthread_mutex_lock(&b->lock);
	b->stop = true;
	pthread_cond_signal(&b->asked);
	pthread_mutex_unlock(&b->lock);
	pthread_join(b->tid, NULL);
	pthread_cond_destroy(&b->asked);
	pthread_mutex_destroy(&b->lock);
	free(b);
}
