/*
 * lock_contention.c — threads hitting a lock: one shared counter under a
 * mutex, the same counter as a C11 atomic, and per-thread partial sums
 * merged at the end. What does one increment cost in each?
 *
 * Python: a counter shared by threads or processes under a Lock (the seeds'
 *         "threads hitting a lock"; catalog row 3).
 * C:      pthread_mutex_lock/unlock; atomic_fetch_add from <stdatomic.h>;
 *         a private count per thread, added to the total once.
 *
 * Usage:  lock_contention [-j WORKERS] [-n INCREMENTS] [--bench]
 *         defaults: -j online CPUs, -n 40000000 increments in all
 * Expect: every total exact; the mutex far the slowest per increment,
 *         partial sums as cheap as one thread alone:
 *           mode        workers  seconds  speedup ...  ns/increment
 *           sequential        1    0.023    1.00x ...          0.58
 *           mutex             2    0.951    0.02x ...         23.78
 *           atomic            2    0.148    0.16x ...          3.69
 *           partial-sums      2    0.011    2.08x ...          0.28
 * See also: cpu_bound.c (work with nothing shared at all).
 * Try:    -j 1 (an uncontended lock is cheap: the cost is the contention);
 *         -j 8 on 2 cores.
 * Look for: exact totals; a shared increment costs far more than a private one.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "common.h"

#define DEFAULT_INCREMENTS 40000000L
#define MAX_INCREMENTS 1000000000L   /* about a minute under a contended mutex */
#define MAX_WORKERS 256L

/* The three shared counters, one per way of sharing. */
static long counter_mutexed;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_long counter_atomic;
static long counter_merged;          /* partial sums are added under counter_lock */

struct worker {
    pthread_t thread;
    long increments;
};

static void *add_with_mutex(void *arg)
{
    const struct worker *w = arg;
    for (long i = 0; i < w->increments; i++) {
        pthread_mutex_lock(&counter_lock);   /* fails only on a programming error */
        counter_mutexed++;
        pthread_mutex_unlock(&counter_lock);
    }
    return NULL;
}

static void *add_atomically(void *arg)
{
    const struct worker *w = arg;
    for (long i = 0; i < w->increments; i++)
        atomic_fetch_add(&counter_atomic, 1);  /* one indivisible read-modify-write */
    return NULL;
}

/* Counting privately touches nothing shared until the very end. `volatile`
 * keeps one real increment per iteration: without it the compiler would
 * replace the loop by a single addition and there would be nothing to time. */
static long count_privately(long increments)
{
    volatile long mine = 0;
    for (long i = 0; i < increments; i++)
        mine++;
    return mine;
}

static void *add_partial_sum(void *arg)
{
    const struct worker *w = arg;
    long mine = count_privately(w->increments);
    pthread_mutex_lock(&counter_lock);
    counter_merged += mine;
    pthread_mutex_unlock(&counter_lock);
    return NULL;
}

/* Runs `body` in `workers` threads sharing n increments; returns seconds. */
static double run_threads(void *(*body)(void *), long n, long workers)
{
    struct worker worker[MAX_WORKERS];
    double start = now_seconds();
    for (long w = 0; w < workers; w++) {
        worker[w].increments = n * (w + 1) / workers - n * w / workers;
        int err = pthread_create(&worker[w].thread, NULL, body, &worker[w]);
        if (err != 0)
            die_code(err, "pthread_create");
    }
    for (long w = 0; w < workers; w++) {
        int err = pthread_join(worker[w].thread, NULL);
        if (err != 0)
            die_code(err, "pthread_join");
    }
    return now_seconds() - start;
}

static void add_row(struct report *r, const char *mode, long workers, double seconds, long n)
{
    report_add(r, mode, workers, seconds, seconds * 1e9 / (double)n);
}

static const char usage[] =
    "[-j WORKERS] [-n INCREMENTS] [--bench]\n"
    "Times increments of a shared counter: mutex, atomic, partial sums.\n"
    "  -j WORKERS     threads (1-256, default: online CPUs)\n"
    "  -n INCREMENTS  increments in all, shared among the threads\n"
    "                 (1-1000000000, default 40000000)\n"
    "  --bench        also print BENCH lines for make bench\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(),
                          .max_workers = MAX_WORKERS, .size = DEFAULT_INCREMENTS,
                          .min_size = 1, .max_size = MAX_INCREMENTS};
    parse_options(argc, argv, &opt);
    long n = opt.size, workers = opt.workers;
    struct report r = {.program = "lock_contention", .bench = opt.bench,
                       .metric = "ns/increment", .metric_key = "ns_per_increment"};

    printf("increments: %ld\nworkers: %ld\n", n, workers);
    double start = now_seconds();
    long alone = count_privately(n);
    add_row(&r, "sequential", 1, now_seconds() - start, n);
    add_row(&r, "mutex", workers, run_threads(add_with_mutex, n, workers), n);
    add_row(&r, "atomic", workers, run_threads(add_atomically, n, workers), n);
    add_row(&r, "partial-sums", workers, run_threads(add_partial_sum, n, workers), n);
    report_print(&r);

    check_long("sequential count", n, alone);
    check_long("mutex counter", n, counter_mutexed);
    check_long("atomic counter", n, atomic_load(&counter_atomic));
    check_long("partial sums", n, counter_merged);
    return check_status();
}
