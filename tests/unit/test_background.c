/*
 * test_background.c - a thread that runs a job when asked (core/background.h):
 * asks made while the job runs are met by one more run, not one each; a job
 * that says "no more" is not run again; stopping waits for a run in progress.
 * The job is held at a gate the test opens, so every step waits for a
 * condition, never for time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <semaphore.h>
#include <stdbool.h>

#include "background.h"

typedef struct gate {
	sem_t started; /* posted as each run begins */
	sem_t go;      /* a run ends once this is posted */
	int runs;      /* runs done: written by the job, read once the thread is stopped */
	int last;      /* the run after which the job says no more (0: never) */
} gate;

static bool gated_job(void *ctx)
{
	gate *g = ctx;
	sem_post(&g->started);
	sem_wait(&g->go);
	g->runs++;
	return g->runs != g->last;
}

static void gate_init(gate *g, int last)
{
	sem_init(&g->started, 0, 0);
	sem_init(&g->go, 0, 0);
	g->runs = 0;
	g->last = last;
}

static void gate_destroy(gate *g)
{
	sem_destroy(&g->started);
	sem_destroy(&g->go);
}

/* Four asks, three of them while the first run is held: two runs in all. */
static void test_asks_coalesce(void **state)
{
	(void)state;
	gate g;
	gate_init(&g, 0);
	cr_background *b = cr_background_start(gated_job, &g);
	assert_non_null(b);
	cr_background_ask(b);
	sem_wait(&g.started); /* the first run is under way, held at the gate */
	cr_background_ask(b);
	cr_background_ask(b);
	cr_background_ask(b);
	sem_post(&g.go);
	sem_wait(&g.started); /* one more run for the three */
	sem_post(&g.go);
	/* one more run, and a stop that may come before it ends: the stop waits for it */
	cr_background_ask(b);
	sem_wait(&g.started);
	sem_post(&g.go);
	cr_background_stop(b);
	assert_int_equal(g.runs, 3);
	gate_destroy(&g);
}

/* A job that says no more is not run again, however often it is asked; stopping still works. */
static void test_job_says_no_more(void **state)
{
	(void)state;
	gate g;
	gate_init(&g, 1);
	cr_background *b = cr_background_start(gated_job, &g);
	assert_non_null(b);
	cr_background_ask(b);
	sem_wait(&g.started);
	sem_post(&g.go);
	for (int i = 0; i < 5; i++)
		cr_background_ask(b);
	cr_background_stop(b);
	assert_int_equal(g.runs, 1);
	gate_destroy(&g);
}

/* Stopped without ever being asked: the job never ran. NULL (no thread could be made) is allowed. */
static void test_never_asked(void **state)
{
	(void)state;
	gate g;
	gate_init(&g, 0);
	cr_background *b = cr_background_start(gated_job, &g);
	assert_non_null(b);
	cr_background_stop(b);
	assert_int_equal(g.runs, 0);
	cr_background_ask(NULL);
	cr_background_stop(NULL);
	gate_destroy(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_asks_coalesce),
		cmocka_unit_test(test_job_says_no_more),
		cmocka_unit_test(test_never_asked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
