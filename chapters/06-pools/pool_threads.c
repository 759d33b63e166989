/*
 * pool_threads.c — the same work on a pool of processes (pool.h) and on a
 * pool of threads (thread_pool.h): both speed CPU-bound work up as far as
 * the cores allow, and a task costs less on threads, which share memory.
 *
 * Python: multiprocessing.pool.ThreadPool and ThreadPoolExecutor against
 *         Pool (catalog rows 40 and 42, and chapter 01's rows 1 and 4).
 *         Under the GIL a Python thread pool does not speed up CPU-bound
 *         work; in C it does.
 * C:      pool_map and tpool_map on the same tasks; then tpool_get with a
 *         timeout, tpool_next, tpool_next_unordered and tpool_terminate.
 *
 * Usage:  pool_threads [-j WORKERS] [-n TASKS] [--bench]
 *         defaults: -j online CPUs, -n 100000 (200000 with --bench); the
 *         CPU-bound map counts the primes below 20 x TASKS
 * Expect: mode                 workers    seconds   speedup  efficiency        us/task
 *         sequential                 1      0.150     1.00x        100%        2351.48
 *         ... (and the 1-worker rows)
 *         processes                  2      0.082     1.84x         92%        1278.79
 *         threads                    2      0.077     1.96x         98%        1202.22
 *         pool         chunksize   seconds   us/task
 *         processes            1     0.093     0.930
 *         threads              1     0.007     0.066
 *         ... (and the automatic chunks' rows)
 * See also: thread_pool.h, pool.h; chapter 01's cpu_bound.c.
 * Try:    -j 1; -j 8 on 2 cores; -n 500000 --bench.
 * Look for: threads' lower cost per task, and both pools near N times faster.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "pool.h"
#include "thread_pool.h"

#define DEFAULT_TASKS 100000L
#define BENCH_TASKS 200000L
#define MAX_TASKS 500000L
#define LIMIT_PER_TASK 20          /* the CPU-bound map: primes below 20 x TASKS */
#define RANGES 64L                 /* ... counted in 64 tasks */
#define DEMO_TASKS 8L

/* ---- the CPU-bound map: primes counted in ranges, by trial division. */

struct range {
    long first, last;
};

static bool is_prime(long x)
{
    if (x < 2 || (x % 2 == 0 && x != 2))
        return false;
    for (long d = 3; d * d <= x; d += 2)
        if (x % d == 0)
            return false;
    return true;
}

static int count_primes(const void *arg, void *result)
{
    const struct range *r = arg;
    long count = 0;
    for (long x = r->first; x < r->last; x++)
        count += is_prime(x);
    *(long *)result = count;
    return 0;
}

/* Maps count_primes over the ranges on a new pool of `workers` processes or
 * threads, closed and joined at the end; returns the seconds of the map. */
static double primes_on_pool(bool threads, long workers, const struct range *ranges, long *counts)
{
    double start, seconds;
    memset(counts, 0, RANGES * sizeof *counts);
    if (threads) {
        struct tpool tp;
        tpool_open(&tp, workers);
        start = now_seconds();
        tpool_map(&tp, count_primes, ranges, RANGES, sizeof *ranges, counts, sizeof *counts, 1);
        seconds = now_seconds() - start;
        tpool_close(&tp);
        tpool_join(&tp);
        tpool_free(&tp);
    } else {
        struct pool pp;
        pool_open(&pp, workers);
        start = now_seconds();
        pool_map(&pp, count_primes, ranges, RANGES, sizeof *ranges, counts, sizeof *counts, 1);
        seconds = now_seconds() - start;
        pool_close(&pp);
        pool_join(&pp);
        pool_free(&pp);
    }
    return seconds;
}

/* The loop, then each pool with 1 and N workers. The trap: fork() in a program
 * that runs threads copies only the thread that calls it, and a lock another
 * thread held at that moment stays locked in the child for ever. So each
 * thread pool here is joined before the next process pool forks. */
static void cpu_bound(long limit, long workers, bool bench)
{
    struct range ranges[RANGES];
    long expected[RANGES], counts[RANGES], total = 0;
    struct report r = {.program = "pool_threads", .bench = bench, .metric = "us/task",
                       .metric_key = "us_per_task"};
    for (long k = 0; k < RANGES; k++)
        ranges[k] = (struct range){limit * k / RANGES, limit * (k + 1) / RANGES};
    double start = now_seconds();
    for (long k = 0; k < RANGES; k++)
        count_primes(&ranges[k], &expected[k]);
    double seconds = now_seconds() - start;
    report_add(&r, "sequential", 1, seconds, seconds * 1e6 / RANGES);
    for (long k = 0; k < RANGES; k++)
        total += expected[k];
    printf("primes below %ld: %ld (counted in %ld tasks)\n", limit, total, RANGES);

    for (int run = 0; run < 4; run++) {       /* processes 1, N; threads 1, N */
        long w = run % 2 == 0 ? 1 : workers, same = 0;
        if (run % 2 == 1 && workers == 1)
            continue;
        const char *mode = run >= 2 ? "threads" : "processes";
        seconds = primes_on_pool(run >= 2, w, ranges, counts);
        report_add(&r, mode, w, seconds, seconds * 1e6 / RANGES);
        for (long k = 0; k < RANGES; k++)
            same += counts[k] == expected[k];
        char what[80];
        snprintf(what, sizeof what, "%s, %ld worker(s): ranges counted as the loop did", mode, w);
        check_long(what, RANGES, same);
    }
    report_print(&r);
}

/* ---- the cost of a trivial task on each pool. */

static int add_one(const void *arg, void *result)
{
    *(long *)result = *(const long *)arg + 1;
    return 0;
}

/* Maps add_one over in[] on the process pool `pp`, or else on the thread
 * pool `tp`, and prints a row; returns how many results are right. */
static long cost_row(struct pool *pp, struct tpool *tp, const long *in, long *out, long n,
                     long chunksize, bool bench)
{
    memset(out, 0, (size_t)n * sizeof *out);   /* nothing left from the last run */
    double start = now_seconds();
    if (pp)                        /* a failed task leaves its 0: counted wrong below */
        pool_map(pp, add_one, in, n, sizeof(long), out, sizeof(long), chunksize);
    else
        tpool_map(tp, add_one, in, n, sizeof(long), out, sizeof(long), chunksize);
    double seconds = now_seconds() - start;
    long right = 0;
    for (long i = 0; i < n; i++)
        right += out[i] == in[i] + 1;
    const char *kind = pp ? "processes" : "threads", *chunk = chunksize ? "1" : "auto";
    printf("%-12s %9s %9.3f %9.3f\n", kind, chunk, seconds, seconds * 1e6 / (double)n);
    if (bench)
        printf("BENCH program=pool_threads case=%s-chunksize-%s workers=%ld seconds=%.6f "
               "us_per_task=%.4f\n", kind, chunk, pp ? pp->size : tp->size, seconds,
               seconds * 1e6 / (double)n);
    return right;
}

static void task_cost(long n, long workers, bool bench)
{
    long *in = pool_alloc((size_t)n * sizeof(long)), *out = pool_alloc((size_t)n * sizeof(long));
    long right[4];
    for (long i = 0; i < n; i++)
        in[i] = 3 * i;
    printf("\na trivial task (x + 1), %ld tasks:\n%-12s %9s %9s %9s\n", n, "pool", "chunksize",
           "seconds", "us/task");
    struct pool pp;
    pool_open(&pp, workers);       /* it forks: no thread pool is running */
    right[0] = cost_row(&pp, NULL, in, out, n, 1, bench);
    right[1] = cost_row(&pp, NULL, in, out, n, 0, bench);
    pool_close(&pp);
    pool_join(&pp);
    pool_free(&pp);
    struct tpool tp;
    tpool_open(&tp, workers);
    right[2] = cost_row(NULL, &tp, in, out, n, 1, bench);
    right[3] = cost_row(NULL, &tp, in, out, n, 0, bench);
    tpool_close(&tp);
    tpool_join(&tp);
    tpool_free(&tp);
    check_long("processes, chunksize 1: results right", n, right[0]);
    check_long("processes, automatic chunksize: results right", n, right[1]);
    check_long("threads, chunksize 1: results right", n, right[2]);
    check_long("threads, automatic chunksize: results right", n, right[3]);
    free(in);
    free(out);
}

/* ---- the thread pool's other calls, on tasks the caller holds back. */

static atomic_bool gate_open;      /* the caller's: the threads read it in place */
static atomic_long tasks_started;

/* Squares x once the gate is open; odd x sooner than even, so that the
 * order in which tasks end differs from the input order. */
static int held_square(const void *arg, void *result)
{
    long x = *(const long *)arg;
    atomic_fetch_add(&tasks_started, 1);
    while (!atomic_load(&gate_open))
        sleep_ms(1);
    sleep_ms(x % 2 ? 2 : 6);
    *(long *)result = x * x;
    return 0;
}

/* Takes every result of a job with tpool_next (in order) or
 * tpool_next_unordered; prints the order; returns how many were right and
 * came once. */
static long take_all(struct tpool *tp, struct tpool_job *job, bool in_order, const char *label)
{
    long i, result, right = 0, seen[DEMO_TASKS] = {0};
    int status;
    printf("%s:", label);
    while (in_order ? tpool_next(tp, job, &i, &result, &status)
                    : tpool_next_unordered(tp, job, &i, &result, &status)) {
        printf(" %ld", i);
        right += status == 0 && result == i * i && seen[i]++ == 0;
    }
    printf("\n");
    return right;
}

static void thread_pool_calls(void)
{
    static const long x[DEMO_TASKS] = {0, 1, 2, 3, 4, 5, 6, 7};
    long squared = 0;
    struct tpool tp;
    tpool_open(&tp, 2);
    printf("\nthe thread pool's calls (2 threads):\n");
    struct tpool_job *job = tpool_apply_async(&tp, held_square, &(long){7}, sizeof(long),
                                              sizeof(long));
    int early = tpool_get(&tp, job, &squared, 10);     /* the gate is still shut */
    atomic_store(&gate_open, true);
    int late = tpool_get(&tp, job, &squared, -1);
    printf("get(10 ms) on a held task: %d (TPOOL_TIMEOUT); let go, get(): %d, 7^2 = %ld\n",
           early, late, squared);
    job = tpool_submit(&tp, held_square, x, DEMO_TASKS, sizeof(long), NULL, sizeof(long), 1);
    long in_order = take_all(&tp, job, true, "imap order");
    job = tpool_submit(&tp, held_square, x, DEMO_TASKS, sizeof(long), NULL, sizeof(long), 1);
    long unordered = take_all(&tp, job, false, "imap_unordered order");

    atomic_store(&gate_open, false);           /* terminate while two tasks run */
    atomic_store(&tasks_started, 0);
    job = tpool_submit(&tp, held_square, x, DEMO_TASKS, sizeof(long), NULL, sizeof(long), 1);
    while (atomic_load(&tasks_started) < 2)
        sleep_ms(1);
    atomic_store(&gate_open, true);
    tpool_terminate(&tp);
    tpool_terminate(&tp);                      /* twice: nothing more to do */
    tpool_join(&tp);                           /* after terminate: returns at once */
    long done = 0, cancelled = 0, first_two = 0, i, result;
    int status;
    while (tpool_next(&tp, job, &i, &result, &status)) {   /* after terminate too */
        done += status == 0;
        cancelled += status == TPOOL_CANCELLED;
        first_two += i < 2 && status == 0;
    }
    printf("terminate while tasks 0 and 1 run: %ld done, %ld cancelled\n", done, cancelled);
    tpool_free(&tp);
    check_long("get(10 ms) on a held task (TPOOL_TIMEOUT)", TPOOL_TIMEOUT, early);
    check_long("get() once let go: 7^2", 49, late == 0 ? squared : late);
    check_long("imap: results right, in order, once", DEMO_TASKS, in_order);
    check_long("imap_unordered: results right, once", DEMO_TASKS, unordered);
    check_long("terminate: tasks 0 and 1, running, done", 2, first_two);
    check_long("terminate: tasks done or cancelled", DEMO_TASKS, done + cancelled);
}

static const char usage[] =
    "[-j WORKERS] [-n TASKS] [--bench]\n"
    "A process pool and a thread pool on the same tasks: the speedup of a\n"
    "CPU-bound map, the cost of a trivial task, and the thread pool's calls.\n"
    "  -j WORKERS  (1-64, default: online CPUs)\n"
    "  -n TASKS    trivial tasks; the CPU-bound map counts the primes below\n"
    "              20 x TASKS (1-500000, default 100000, 200000 with --bench)\n"
    "  --bench     also print BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(), .max_workers = POOL_MAX_WORKERS,
                          .size = 0, .min_size = 1, .max_size = MAX_TASKS};
    if (opt.workers > POOL_MAX_WORKERS)
        opt.workers = POOL_MAX_WORKERS;
    parse_options(argc, argv, &opt);
    long n = opt.size ? opt.size : opt.bench ? BENCH_TASKS : DEFAULT_TASKS;
    printf("workers: %ld (online CPUs: %ld)\n", opt.workers, online_cpus());
    cpu_bound(LIMIT_PER_TASK * n, opt.workers, opt.bench);
    task_cost(n, opt.workers, opt.bench);
    thread_pool_calls();
    return check_status();
}
