/*
 * cpu_map.c — the plainest parallel program: the same pure function over
 * many inputs, one after the other or on a pool of processes. Each task
 * sums the square roots of 0..n-1.
 *
 * Python: cpu_intensive_task(n), a sum of math.sqrt(i), over [1000000] * 4,
 *         sequentially then with a Pool (seed B; catalog row 46); seed C's
 *         workers sum i * i the same way.
 * C:      the loop, then pool_map of chapter 06's pool over the same tasks.
 *         Each task adds its terms in the same order in both runs, so the
 *         results are equal to the last bit.
 *
 * Usage:  cpu_map [-j WORKERS] [-n TERMS] [--bench]
 *         defaults: -j online CPUs, 16 tasks of 2000000 terms (20000000
 *         with --bench)
 * Expect: 16 tasks, each the sum of sqrt(i) for i < 2000000 = 1885617375.8495
 *         mode                 workers    seconds   speedup  efficiency        ns/term
 *         sequential                 1      0.060     1.00x        100%           1.89
 *         pool                       2      0.032     1.87x         93%           1.01
 * See also: chapter 06's pool_squares.c (pool_map); monte_carlo_pi.c.
 * Try:    -n 10 (tasks too small to pay for the pool: see chapter 08);
 *         -j 1; -j 16.
 * Look for: the same sums, bit for bit, nearly twice as fast on two cores.
 */
#include <math.h>
#include <stdio.h>

#include "common.h"
#include "../06-pools/pool.h"

#define TASKS 16
#define DEFAULT_TERMS 2000000L
#define BENCH_TERMS 20000000L

/* The tutorial's task. No formula gives this sum, so no compiler can skip
 * the loop; seed C's sum of i * i has one, and clang finds it: at -O2 it
 * turns that loop into n(n-1)(2n-1)/6, and a timing would measure nothing. */
static double sum_of_roots(long n)
{
    double sum = 0;
    for (long i = 0; i < n; i++)
        sum += sqrt((double)i);
    return sum;
}

static int root_task(const void *arg, void *result)
{
    *(double *)result = sum_of_roots(*(const long *)arg);
    return 0;
}

/* What the sum should be: the integral of sqrt(x) from 0 to n, corrected
 * at the ends (Euler-Maclaurin); zeta(-1/2) = -0.2078862250773545... */
static double expected_sum(long n)
{
    double x = (double)n;
    return 2.0 / 3 * x * sqrt(x) - sqrt(x) / 2 - 0.2078862250773545 + 1 / (24 * sqrt(x));
}

static const char usage[] =
    "[-j WORKERS] [-n TERMS] [--bench]\n"
    "16 tasks, each summing sqrt(i) for i < TERMS: a loop, then a process pool.\n"
    "  -j WORKERS  (1-64, default: online CPUs)\n"
    "  -n TERMS    (1-1000000000, default 2000000)\n"
    "  --bench     -n 20000000 unless given, and BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(), .max_workers = POOL_MAX_WORKERS,
                          .min_size = 1, .max_size = 1000000000};
    if (opt.workers > POOL_MAX_WORKERS)
        opt.workers = POOL_MAX_WORKERS;
    parse_options(argc, argv, &opt);
    long n = opt.size ? opt.size : opt.bench ? BENCH_TERMS : DEFAULT_TERMS;
    long terms[TASKS];
    double sequential[TASKS], parallel[TASKS];
    for (int t = 0; t < TASKS; t++)
        terms[t] = n;
    struct report r = {.program = "cpu_map", .bench = opt.bench, .metric = "ns/term",
                       .metric_key = "ns_per_term"};

    double start = now_seconds();
    for (int t = 0; t < TASKS; t++)
        root_task(&terms[t], &sequential[t]);
    report_add(&r, "sequential", 1, now_seconds() - start, 0);

    start = now_seconds();         /* the pool's whole life: forks included */
    struct pool pool;
    pool_open(&pool, opt.workers);
    long failed = pool_map(&pool, root_task, terms, TASKS, sizeof(long), parallel,
                           sizeof(double), 1);
    pool_close(&pool);
    pool_join(&pool);
    pool_free(&pool);
    report_add(&r, "pool", opt.workers, now_seconds() - start, 0);

    for (int k = 0; k < r.rows; k++)
        r.row[k].metric = r.row[k].seconds * 1e9 / ((double)TASKS * (double)n);
    printf("%d tasks, each the sum of sqrt(i) for i < %ld = %.4f\n", TASKS, n, sequential[0]);
    report_print(&r);
    long same = 0;                 /* == on finite, non-zero doubles: the same bits */
    for (int t = 0; t < TASKS; t++)
        same += parallel[t] == sequential[t];
    check_long("tasks that failed", 0, failed);
    check_long("pool's sums equal to the loop's, bit for bit", TASKS, same);
    if (n >= 1000) {        /* where the formula is good to 10^-12 */
        double expected = expected_sum(n);
        check_long("sum within 10^-8 of the formula's, relatively", 1,
                   fabs(sequential[0] - expected) <= 1e-8 * expected);
    }
    return check_status();
}
