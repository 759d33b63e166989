/*
 * pool_size.c — how many workers: as many as the machine has CPUs. The
 * same CPU-bound map on pools of 1, 2, 4, ... workers up to four times the
 * CPUs: the time stops falling at the CPU count, and the workers beyond it
 * only take turns on the same cores.
 *
 * Python: Pool() starts os.cpu_count() workers; Pool(processes=n) limits
 *         them (seeds A and B; catalog row 41).
 * C:      online_cpus() is sysconf(_SC_NPROCESSORS_ONLN); pool_map of
 *         pool.h on each pool size; getrusage(RUSAGE_CHILDREN) counts how
 *         often the kernel took a core away from a worker.
 *
 * Usage:  pool_size [-j MAX_WORKERS] [-n TASKS] [--bench]
 *         defaults: up to 4 x online CPUs, 64 tasks
 * Expect: online CPUs: 2, so a pool of 2 workers
 *         mode                 workers    seconds   speedup  efficiency    preemptions
 *         sequential                 1      0.159     1.00x        100%           0.00
 *         pool                       1      0.160     0.99x         99%           1.00
 *         pool                       2      0.085     1.86x         93%          18.00
 *         pool                       4      0.092     1.73x         43%          40.00
 *         pool                       8      0.083     1.90x         24%          62.00
 * See also: pool_rounds.c (when workers wait, more of them do help);
 *         chapter 01's cpu_bound.c.
 * Try:    taskset -c 0 pool_size (one core allowed, but two CPUs online:
 *         the count is not what this process may use); -n 7.
 * Look for: the speedup stops at the CPU count; the preemptions grow past it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "common.h"
#include "pool.h"

#define BLOCK 12000L               /* numbers per task */
#define MAX_TASKS 10000L

/* A task: how many primes in [k * BLOCK, (k + 1) * BLOCK), by trial
 * division. Pure CPU work, and a known total to check. */
static int count_primes(const void *arg, void *result)
{
    long first = *(const long *)arg * BLOCK, primes = 0;
    for (long x = first; x < first + BLOCK; x++) {
        bool prime = x >= 2;
        for (long d = 2; prime && d <= x / d; d++)
            prime = x % d != 0;
        primes += prime;
    }
    *(long *)result = primes;
    return 0;
}

/* Times the whole life of a pool of `workers` (start, map, join): a pool
 * too large pays for its extra forks too. *preempted gets the number of
 * times the kernel took the CPU from one of its workers. */
static double timed_pool(long workers, const long *blocks, long *primes, long n, long *preempted)
{
    struct rusage before, after;
    memset(primes, 0, (size_t)n * sizeof *primes);     /* nothing left from the loop */
    if (getrusage(RUSAGE_CHILDREN, &before) == -1)     /* counts only reaped children */
        die_errno("getrusage");
    double start = now_seconds();
    struct pool pool;
    pool_open(&pool, workers);
    long failed = pool_map(&pool, count_primes, blocks, n, sizeof(long), primes, sizeof(long), 0);
    pool_close(&pool);
    pool_join(&pool);
    double seconds = now_seconds() - start;
    pool_free(&pool);
    if (getrusage(RUSAGE_CHILDREN, &after) == -1)
        die_errno("getrusage");
    *preempted = after.ru_nivcsw - before.ru_nivcsw;   /* involuntary switches */
    if (failed != 0)
        primes[0] = -1;            /* the check below will see it */
    return seconds;
}

static long sum(const long *values, long n)
{
    long total = 0;
    for (long i = 0; i < n; i++)
        total += values[i];
    return total;
}

/* The pool sizes tried: 1, 2, 4, ..., with the CPU count among them. */
static long next_size(long workers, long cpus)
{
    return workers < cpus && 2 * workers > cpus ? cpus : 2 * workers;
}

static const char usage[] =
    "[-j MAX_WORKERS] [-n TASKS] [--bench]\n"
    "Counts primes on pools of 1, 2, 4, ... workers, up to MAX_WORKERS.\n"
    "  -j MAX_WORKERS  (1-64, default: 4 x online CPUs)\n"
    "  -n TASKS        (1-10000, default 64; task k counts the primes among\n"
    "                   the 12000 numbers from 12000 k)\n"
    "  --bench         also print BENCH lines\n";

int main(int argc, char *argv[])
{
    long cpus = online_cpus();
    struct options opt = {.usage = usage, .workers = 4 * cpus, .max_workers = POOL_MAX_WORKERS,
                          .size = 64, .min_size = 1, .max_size = MAX_TASKS};
    if (opt.workers > POOL_MAX_WORKERS)
        opt.workers = POOL_MAX_WORKERS;
    parse_options(argc, argv, &opt);
    printf("online CPUs: %ld, so a pool of %ld worker%s\n", cpus, cpus, cpus == 1 ? "" : "s");
    long n = opt.size, *blocks = pool_alloc((size_t)n * sizeof(long));
    long *primes = pool_alloc((size_t)n * sizeof(long));
    for (long k = 0; k < n; k++)
        blocks[k] = k;

    struct report r = {.program = "pool_size", .bench = opt.bench, .metric = "preemptions",
                       .metric_key = "preemptions"};
    double start = now_seconds();
    for (long k = 0; k < n; k++)
        count_primes(&blocks[k], &primes[k]);
    report_add(&r, "sequential", 1, now_seconds() - start, 0);
    long expected = sum(primes, n);
    if (n == 64)                   /* the default: a sieve counted them too */
        check_long("primes below 768000", 61582, expected);
    for (long w = 1; w <= opt.workers && r.rows < REPORT_ROWS; w = next_size(w, cpus)) {
        long preempted;
        double seconds = timed_pool(w, blocks, primes, n, &preempted);
        report_add(&r, "pool", w, seconds, (double)preempted);
        check_long("primes counted by the pool", expected, sum(primes, n));
    }
    report_print(&r);
    free(blocks);
    free(primes);
    return check_status();
}
