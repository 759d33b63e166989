/*
 * granularity.c — how big must a task be before a pool pays? The same
 * tasks, sequentially and on a pool, for task sizes doubling from a few
 * nanoseconds up: small tasks are slower on the pool, large ones faster,
 * and the program finds the size where that turns.
 *
 * Python: seed A's challenge: quick tasks take longer on a Pool than in a
 *         loop, expensive ones less (catalog row 48).
 * C:      chapter 06's pool, its whole life timed (open, map with automatic
 *         chunks, close, join), as Python's `with Pool() as p: p.map(...)`.
 *
 * Usage:  granularity [-j WORKERS] [-n TASKS] [-u MAX_UNITS] [--bench]
 *         defaults: -j online CPUs, -n 200 tasks, sizes of 1 to 16384 units
 *         of work (about 3 ns each); --bench: 2000 tasks, up to 65536 units
 * Expect:    units    us/task   sequential s       pool s   speedup
 *                1      0.002       0.000000     0.000523     0.00x
 *              ...
 *             2048      5.923       0.001185     0.001273     0.93x
 *             4096     12.165       0.002433     0.002044     1.19x  <- the pool wins
 *             8192     24.688       0.004938     0.002936     1.68x
 *            16384     48.446       0.009689     0.005384     1.80x
 *         the pool wins from 4096 units a task (12.165 us), with 200 tasks
 * See also: chapter 06's pool_chunksize.c (the cost of one task on the pool);
 *         creation_cost.c (the cost of the pool's forks).
 * Try:    -n 20 and -n 20000 (does the crossover move, and why?); -j 1.
 * Look for: the row where the speedup passes 1, and how it follows the
 *         number of tasks.
 */
#include <stdint.h>
#include <stdio.h>

#include "common.h"
#include "../06-pools/pool.h"

#define MAX_TASKS 100000L
#define DEFAULT_TASKS 200L
#define DEFAULT_UNITS 16384L
#define BENCH_TASKS 2000L
#define BENCH_UNITS 65536L
#define MAX_UNITS (1L << 24)
#define MAX_SIZES 32

/* ---- the work: a chain of hashes, each step waiting for the one before,
 * so no compiler can vectorise it or skip it, and its time is linear in
 * the units. */

struct task {
    long index, units;
};

static uint64_t mix(uint64_t z)    /* splitmix64's finaliser */
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static int chain_task(const void *arg, void *result)
{
    const struct task *t = arg;
    uint64_t x = (uint64_t)t->index;
    for (long u = 0; u < t->units; u++)
        x = mix(x + 0x9e3779b97f4a7c15u);
    *(uint64_t *)result = x;
    return 0;
}

/* ---- one size: the loop, then the pool, on the same tasks. */

struct row {
    long units;
    double sequential, pool;       /* seconds */
    long same;                     /* pool results equal to the loop's */
};

static struct row measure(long units, long n, long workers, struct task *tasks,
                          uint64_t *expected, uint64_t *got)
{
    struct row r = {.units = units};
    for (long i = 0; i < n; i++) {
        tasks[i] = (struct task){i, units};
        got[i] = 0;
    }
    double start = now_seconds();
    for (long i = 0; i < n; i++)
        chain_task(&tasks[i], &expected[i]);
    r.sequential = now_seconds() - start;

    start = now_seconds();         /* the pool's whole life: forks included */
    struct pool pool;
    pool_open(&pool, workers);
    long failed = pool_map(&pool, chain_task, tasks, n, sizeof *tasks, got, sizeof *got, 0);
    pool_close(&pool);
    pool_join(&pool);
    pool_free(&pool);
    r.pool = now_seconds() - start;
    for (long i = 0; i < n; i++)
        r.same += got[i] == expected[i];
    r.same -= failed;
    return r;
}

/* The crossover: the smallest size from which the pool wins at every
 * larger size too (one lucky row among losing ones is not a crossover).
 * -1 if the pool never wins, as with one worker. */
static int crossover(const struct row *rows, int count)
{
    int from = -1;
    for (int k = count - 1; k >= 0 && rows[k].pool < rows[k].sequential; k--)
        from = k;
    return from;
}

static void print_rows(const struct row *rows, int count, long n, long workers, bool bench)
{
    int from = crossover(rows, count);
    printf("%8s %10s %14s %12s %9s\n", "units", "us/task", "sequential s", "pool s", "speedup");
    for (int k = 0; k < count; k++) {
        const struct row *r = &rows[k];
        printf("%8ld %10.3f %14.6f %12.6f %8.2fx%s\n", r->units, r->sequential * 1e6 / (double)n,
               r->sequential, r->pool, r->sequential / r->pool,
               k == from ? "  <- the pool wins" : "");
        if (bench)
            printf("BENCH program=granularity case=units-%ld workers=%ld seconds=%.6f "
                   "sequential_seconds=%.6f speedup=%.3f us_per_task=%.4f\n", r->units, workers,
                   r->pool, r->sequential, r->sequential / r->pool,
                   r->sequential * 1e6 / (double)n);
    }
    if (from < 0)
        printf("the pool never wins here, with %ld tasks on %ld worker%s\n", n, workers,
               workers == 1 ? "" : "s");
    else
        printf("the pool wins from %ld units a task (%.3f us), with %ld tasks\n",
               rows[from].units, rows[from].sequential * 1e6 / (double)n, n);
}

static long max_units = 0;

static void on_option(int letter, const char *value)
{
    (void)letter;
    max_units = parse_long(value, 1, MAX_UNITS, "largest task, in units (-u)");
}

static const char usage[] =
    "[-j WORKERS] [-n TASKS] [-u MAX_UNITS] [--bench]\n"
    "The same tasks in a loop and on a pool, for task sizes 1, 2, 4, ... units\n"
    "(a unit is a few nanoseconds of work): where does the pool start to win?\n"
    "  -j WORKERS    (1-64, default: online CPUs)\n"
    "  -n TASKS      tasks at each size (1-100000, default 200)\n"
    "  -u MAX_UNITS  the largest size (1-16777216, default 16384)\n"
    "  --bench       2000 tasks up to 65536 units unless given, and BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(), .max_workers = POOL_MAX_WORKERS,
                          .min_size = 1, .max_size = MAX_TASKS, .extra_options = "u:",
                          .on_extra = on_option};
    if (opt.workers > POOL_MAX_WORKERS)
        opt.workers = POOL_MAX_WORKERS;
    parse_options(argc, argv, &opt);
    long n = opt.size ? opt.size : opt.bench ? BENCH_TASKS : DEFAULT_TASKS;
    long largest = max_units ? max_units : opt.bench ? BENCH_UNITS : DEFAULT_UNITS;
    struct task *tasks = pool_alloc((size_t)n * sizeof *tasks);
    uint64_t *expected = pool_alloc((size_t)n * sizeof *expected);
    uint64_t *got = pool_alloc((size_t)n * sizeof *got);

    struct row rows[MAX_SIZES];
    int count = 0;
    for (long units = 1; units <= largest; units *= 2)
        rows[count++] = measure(units, n, opt.workers, tasks, expected, got);
    print_rows(rows, count, n, opt.workers, opt.bench);

    long same = 0;
    for (int k = 0; k < count; k++)
        same += rows[k].same;
    check_long("pool results equal to the loop's, at every size", n * count, same);
    free(tasks);
    free(expected);
    free(got);
    return check_status();
}
