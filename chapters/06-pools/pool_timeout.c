/*
 * pool_timeout.c — a map with a deadline: when the results are not all
 * there in time, terminate the pool; the tasks already done keep their
 * results, the others are cancelled, and no worker is left running.
 *
 * Python: result = pool.map_async(slow, items); result.get(timeout=...)
 *         raises TimeoutError; pool.terminate() (seed A "Handle Timeouts";
 *         catalog row 39).
 * C:      pool_submit, pool_wait with a timeout, pool_terminate (SIGTERM to
 *         every worker, then waitpid for each).
 *
 * Usage:  pool_timeout [-j WORKERS] [-n TASKS] [-t DEADLINE_MS]
 *         defaults: -j 2, -n 8 tasks of 200 ms, -t 500
 * Expect: deadline of 500 ms: not all done; terminating
 *         done: 4, cancelled: 4, workers still running: 0
 *         with -t 2000: deadline of 2000 ms: all 8 done in 0.80 s
 * See also: pool_survives.c (the other ways a pool stops).
 * Try:    -t 0; -t 5000; -j 8.
 * Look for: nothing running after terminate, whatever the tasks were doing.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>

#include "common.h"
#include "pool.h"

#define TASK_MS 200
#define MAX_TASKS 1000L

static int slow_square(const void *arg, void *result)
{
    long x = *(const long *)arg;
    sleep_ms(TASK_MS);             /* a task that takes its time */
    *(long *)result = x * x;
    return 0;
}

static long deadline_ms = 500;

static void on_option(int letter, const char *value)
{
    (void)letter;
    deadline_ms = parse_long(value, 0, 600000, "deadline (-t)");
}

static const char usage[] =
    "[-j WORKERS] [-n TASKS] [-t DEADLINE_MS]\n"
    "Maps a 200 ms task with a deadline; terminates the pool when it passes.\n"
    "  -j WORKERS      (1-64, default 2)\n"
    "  -n TASKS        (1-1000, default 8)\n"
    "  -t DEADLINE_MS  (0-600000, default 500)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 2, .max_workers = POOL_MAX_WORKERS,
                          .size = 8, .min_size = 1, .max_size = MAX_TASKS,
                          .extra_options = "t:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long n = opt.size, in[MAX_TASKS], out[MAX_TASKS];
    for (long i = 0; i < n; i++)
        in[i] = i;

    struct pool pool;
    pool_open(&pool, opt.workers);
    double start = now_seconds();
    struct pool_job *job = pool_submit(&pool, slow_square, in, n, sizeof(long), out,
                                       sizeof(long), 1);
    bool in_time = pool_wait(&pool, job, deadline_ms);
    if (in_time)
        printf("deadline of %ld ms: all %ld done in %.2f s\n", deadline_ms, n,
               now_seconds() - start);
    else
        printf("deadline of %ld ms: not all done; terminating\n", deadline_ms);
    pid_t pid[POOL_MAX_WORKERS] = {0};   /* kept, to ask the kernel after */
    for (long w = 0; w < pool.size; w++)
        pid[w] = pool.w[w].pid;
    pool_terminate(&pool);         /* what get(timeout) callers do next */

    long done = 0, cancelled = 0, wrong = 0, running = 0;
    for (long i = 0; i < n; i++) {
        done += job->status[i] == 0;
        cancelled += job->status[i] == POOL_CANCELLED;
        wrong += job->status[i] == 0 && out[i] != i * i;
    }
    for (long w = 0; w < pool.size; w++)   /* reaped: the pid names nobody now */
        running += kill(pid[w], 0) == 0 || errno != ESRCH;
    printf("done: %ld, cancelled: %ld, workers still running: %ld\n", done, cancelled, running);
    pool_free(&pool);

    check_long("tasks either done or cancelled", n, done + cancelled);
    check_long("done tasks with a wrong result", 0, wrong);
    check_long("workers still running", 0, running);
    check_long("every task done, when the map finished in time", 1, !in_time || done == n);
    return check_status();
}
