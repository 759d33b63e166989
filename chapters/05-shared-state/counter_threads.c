/*
 * counter_threads.c — the lost update of counter_shared.c, with threads:
 * the same race, where ThreadSanitizer can see it. Races on purpose.
 *
 * Python: a counter shared without a lock (catalog row 29). Threads
 *         share a process's memory, so the race needs no mmap at all.
 * C:      pthread_create; counter++ from every thread, without and then
 *         with a mutex.
 *
 * Usage:  counter_threads [-j THREADS] [-n INCREMENTS]   defaults: -j 4, -n 1000000
 * Expect: unlocked: 3165422 of 4000000 (834578 updates lost)
 *         locked:   4000000 of 4000000 (exact)
 * See also: counter_shared.c (the processes' version).
 * Try:    make SAN=thread, then run build-san-thread/chapters/05-shared-state/counter_threads:
 *         ThreadSanitizer names the two lines that race.
 * Look for: ThreadSanitizer's "data race" report on counter++.
 */
#include <pthread.h>
#include <stdio.h>

#include "common.h"

#define MAX_THREADS 64L

static volatile long counter;      /* volatile: every ++ really loads and stores */
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long increments;

static void *add_unlocked(void *unused)
{
    (void)unused;
    for (long i = 0; i < increments; i++)
        counter++;                 /* the race: load, add, store */
    return NULL;
}

static void *add_locked(void *unused)
{
    (void)unused;
    for (long i = 0; i < increments; i++) {
        pthread_mutex_lock(&counter_lock);   /* fails only on a programming error */
        counter++;
        pthread_mutex_unlock(&counter_lock);
    }
    return NULL;
}

static long run(void *(*add)(void *), long threads)
{
    pthread_t t[MAX_THREADS];
    counter = 0;
    for (long i = 0; i < threads; i++) {
        int err = pthread_create(&t[i], NULL, add, NULL);
        if (err != 0)
            die_code(err, "pthread_create");
    }
    for (long i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    return counter;
}

static const char usage[] =
    "[-j THREADS] [-n INCREMENTS]\n"
    "THREADS threads each add INCREMENTS to one counter, without and with a lock.\n"
    "  -j THREADS    (1-64, default 4)\n"
    "  -n INCREMENTS per thread (0-100000000, default 1000000)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_THREADS,
                          .size = 1000000, .min_size = 0, .max_size = 100000000};
    parse_options(argc, argv, &opt);
    increments = opt.size;
    long expected = opt.workers * opt.size;

    long unlocked = run(add_unlocked, opt.workers);
    printf("unlocked: %ld of %ld (%ld updates lost)\n", unlocked, expected, expected - unlocked);
    long locked = run(add_locked, opt.workers);
    printf("locked:   %ld of %ld (%s)\n", locked, expected, locked == expected ? "exact" : "WRONG");
    check_long("locked total", expected, locked);
    return check_status();
}
