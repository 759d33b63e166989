/*
 * pool_chunksize.c — what a pool costs per task, and how chunks pay it
 * once for many tasks: a trivial task mapped with chunksize 1, 10, 100,
 * 1000 and automatic, in microseconds per task.
 *
 * Python: pool.map(f, items, chunksize=...) and its automatic chunksize
 *         (about four chunks per worker) (catalog row 42).
 * C:      pool_map of pool.h with each chunksize; every result checked.
 *
 * Usage:  pool_chunksize [-j WORKERS] [-n TASKS] [--bench]
 *         defaults: -j online CPUs, -n 200000 tasks
 * Expect: chunksize   seconds   us/task   (the loop alone: 0.003 us/task, sum ...)
 *                1     0.254     1.271
 *         check: results right = 200000 (expected 200000) ok
 *               10     0.033     0.166
 *         ... 100, 1000, then auto: 0.015 to 0.03 us/task
 * See also: pool.h (pool_dispatch), pool_squares.c.
 * Try:    -j 1; -n 2000000; a task that takes 10 us (how much does chunking
 *         matter then?).
 * Look for: the cost of one round trip per task, and chunks sharing it.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "pool.h"

#define MAX_TASKS 100000000L

static int add_one(const void *arg, void *result)
{
    *(long *)result = *(const long *)arg + 1;
    return 0;
}

/* Maps add_one over `n` inputs; returns the seconds; *right counts the
 * results that are right. */
static double timed_map(struct pool *p, const long *in, long *out, long n, long chunksize,
                        long *right)
{
    memset(out, 0, (size_t)n * sizeof *out);   /* no answer left from the last run */
    double start = now_seconds();
    long failed = pool_map(p, add_one, in, n, sizeof(long), out, sizeof(long), chunksize);
    double seconds = now_seconds() - start;
    *right = 0;
    for (long i = 0; i < n; i++)
        *right += out[i] == in[i] + 1;
    *right -= failed;
    return seconds;
}

static const char usage[] =
    "[-j WORKERS] [-n TASKS] [--bench]\n"
    "Per-task cost of a process pool at several chunk sizes.\n"
    "  -j WORKERS  (1-64, default: online CPUs)\n"
    "  -n TASKS    (1-100000000, default 200000)\n"
    "  --bench     also print BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(), .max_workers = POOL_MAX_WORKERS,
                          .size = 200000, .min_size = 1, .max_size = MAX_TASKS};
    if (opt.workers > POOL_MAX_WORKERS)
        opt.workers = POOL_MAX_WORKERS;
    parse_options(argc, argv, &opt);
    long n = opt.size, *in = pool_alloc((size_t)n * sizeof(long));
    long *out = pool_alloc((size_t)n * sizeof(long));
    for (long i = 0; i < n; i++)
        in[i] = i * 3;

    double start = now_seconds();              /* the work itself, no pool */
    long dummy = 0;
    for (long i = 0; i < n; i++)
        add_one(&in[i], &out[i]), dummy += out[i];
    double alone = now_seconds() - start;
    printf("%9s %9s %9s   (the loop alone: %.3f us/task, sum %ld)\n", "chunksize", "seconds",
           "us/task", alone * 1e6 / (double)n, dummy);

    struct pool pool;
    pool_open(&pool, opt.workers);
    const long sizes[] = {1, 10, 100, 1000, 0};
    for (int k = 0; k < 5; k++) {
        long right, chunk = sizes[k];
        double seconds = timed_map(&pool, in, out, n, chunk, &right);
        char label[32];
        snprintf(label, sizeof label, chunk ? "%ld" : "auto", chunk);
        printf("%9s %9.3f %9.3f\n", label, seconds, seconds * 1e6 / (double)n);
        if (opt.bench)
            printf("BENCH program=pool_chunksize case=chunksize-%s workers=%ld seconds=%.6f "
                   "us_per_task=%.4f\n", label, opt.workers, seconds, seconds * 1e6 / (double)n);
        check_long(chunk ? "results right" : "results right (automatic chunksize)", n, right);
    }
    pool_close(&pool);
    pool_join(&pool);
    pool_free(&pool);
    free(in);
    free(out);
    return check_status();
}
