/*
 * pool_rounds.c — tasks run in rounds: with W workers, W slow tasks take
 * one task's time, and W + 1 take two, because one worker must run two
 * tasks one after the other while the others wait with nothing to do.
 *
 * Python: Pool() sized by cpu_count(); map(square, values) where square
 *         sleeps 2 s: 4 values on 4 cores take 2 s, 5 values take 4 s
 *         (seed E worker_pool.py; catalog row 36).
 * C:      pool_map of pool.h; each task returns its worker's pid, so the
 *         program counts the tasks of the busiest worker: the rounds.
 *
 * Usage:  pool_rounds [-j WORKERS] [-t TASK_MS] [--bench]
 *         defaults: -j online CPUs, tasks of 250 ms
 * Expect: 2 workers (online CPUs: 2), tasks of 250 ms
 *          2 tasks: 4 16   0.25 s = 1.0 rounds (busiest worker ran 1)
 *          3 tasks: 4 16 36   0.50 s = 2.0 rounds (busiest worker ran 2)
 * See also: pool_squares.c; pool_size.c (how many workers to start).
 * Try:    -j 1; -j 8 (sleeping tasks need no core: do 8 workers on 2 cores
 *         still take one round for 8 tasks?); -t 1000.
 * Look for: the extra task costs as much as all the others together.
 */
#include <stdio.h>
#include <unistd.h>

#include "common.h"
#include "pool.h"

struct timed_square {
    long square;
    long pid;                      /* the worker that ran it */
};

static long task_ms = 250;

/* A square that takes task_ms: the tutorial's time.sleep(2), scaled. The
 * workers are forked after task_ms is set, so they see its value. */
static int slow_square(const void *arg, void *result)
{
    long x = *(const long *)arg;
    struct timed_square *r = result;
    sleep_ms(task_ms);
    r->square = x * x;
    r->pid = (long)getpid();
    return 0;
}

/* How many tasks the busiest worker ran: the rounds the map took. */
static long busiest_worker(const struct timed_square *r, long n)
{
    long most = 0;
    for (long i = 0; i < n; i++) {
        long same = 0;
        for (long k = 0; k < n; k++)
            same += r[k].pid == r[i].pid;
        most = same > most ? same : most;
    }
    return most;
}

/* Maps slow_square over 2, 4, 6, ...: n values. Prints the squares, the
 * time in seconds and in rounds of task_ms; checks both. */
static void map_and_count_rounds(struct pool *p, long n, bool bench)
{
    long values[POOL_MAX_WORKERS + 1];
    struct timed_square results[POOL_MAX_WORKERS + 1];
    for (long i = 0; i < n; i++)
        values[i] = 2 * (i + 1);
    double start = now_seconds();
    long failed = pool_map(p, slow_square, values, n, sizeof values[0], results,
                           sizeof results[0], 0);
    double seconds = now_seconds() - start;

    long right = 0;
    printf("%2ld task%s:", n, n == 1 ? "" : "s");
    for (long i = 0; i < n; i++) {
        printf(" %ld", results[i].square);
        right += results[i].square == values[i] * values[i];
    }
    long busiest = busiest_worker(results, n);
    printf("   %.2f s = %.1f rounds (busiest worker ran %ld)\n", seconds,
           seconds * 1000 / (double)task_ms, busiest);
    if (bench)
        printf("BENCH program=pool_rounds case=tasks-%ld workers=%ld seconds=%.6f\n", n,
               p->size, seconds);
    check_long("tasks that failed", 0, failed);
    check_long("squares in input order", n, right);
    /* Every chunk goes to the worker that holds the fewest: n tasks on W
     * workers make ceil(n / W) rounds, whatever the timing. */
    check_long("rounds: tasks of the busiest worker", (n + p->size - 1) / p->size, busiest);
}

static void on_option(int letter, const char *value)
{
    (void)letter;
    task_ms = parse_long(value, 1, 10000, "task time (-t)");
}

static const char usage[] =
    "[-j WORKERS] [-t TASK_MS] [--bench]\n"
    "Maps a slow square over WORKERS values, then over one more.\n"
    "  -j WORKERS  (1-64, default: online CPUs)\n"
    "  -t TASK_MS  (1-10000, default 250)\n"
    "  --bench     also print BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(),
                          .max_workers = POOL_MAX_WORKERS, .extra_options = "t:",
                          .on_extra = on_option};
    if (opt.workers > POOL_MAX_WORKERS)
        opt.workers = POOL_MAX_WORKERS;
    parse_options(argc, argv, &opt);
    printf("%ld worker%s (online CPUs: %ld), tasks of %ld ms\n", opt.workers,
           opt.workers == 1 ? "" : "s", online_cpus(), task_ms);

    struct pool pool;
    pool_open(&pool, opt.workers);
    map_and_count_rounds(&pool, opt.workers, opt.bench);
    map_and_count_rounds(&pool, opt.workers + 1, opt.bench);
    pool_close(&pool);
    pool_join(&pool);
    pool_free(&pool);
    return check_status();
}
