/*
 * pool_survives.c — a pool that survives its workers: one task kills its
 * own worker half-way (or crashes it); the pool notices, reports that task
 * as lost, starts a new worker, and every other task completes. Then the
 * ways to shut a pool down, each of which must never hang.
 *
 * Python: a Pool whose worker dies mid-task waits for ever in map() or
 *         get() (catalog rows 34, 39). Ours does not.
 * C:      end of stream on the dead worker's result pipe; waitpid; a fresh
 *         fork into the same slot; pool_close + pool_join, pool_terminate,
 *         called twice, and while tasks still run.
 *
 * Usage:  pool_survives [-j WORKERS] [-n ROUNDS] [-m kill|crash]
 *         defaults: -j 2, -n 3 rounds, -m kill
 * Expect: round 1: task 5 lost (worker 4250 killed by signal 9); 11 of 12 done
 *         round 1: workers started 3 (2 + 1 replacement)
 *         ...
 *         shutdowns: 3 join, 3 terminate while running, 3 twice: none hung
 * See also: pool.h (pool_worker_died), pool_timeout.c.
 * Try:    -m crash; -j 1 (the only worker dies: who runs the rest?).
 * Look for: the lost task named, and the other eleven done.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "pool.h"

#define TASKS 12L
#define DOOMED 5L                  /* the task that ends its worker */
#define TASK_MS 20

static bool crash;                 /* -m crash: SIGSEGV instead of SIGKILL */

static int slow_double(const void *arg, void *result)
{
    long x = *(const long *)arg;
    if (x == DOOMED) {
        if (crash) {
            /* A real crash, on purpose: the analysers are told so. */
            volatile long *nowhere = NULL;
            /* cppcheck-suppress nullPointer */
            *nowhere = x;          /* NOLINT(clang-analyzer-core.NullDereference) */
        }
        raise(SIGKILL);
    }
    sleep_ms(TASK_MS);
    *(long *)result = 2 * x;
    return 0;
}

/* One round: twelve tasks, one of which takes its worker down with it.
 * Returns 1 if the round went as promised. */
static long one_round(long round, long workers)
{
    long in[TASKS], out[TASKS] = {0};
    for (long i = 0; i < TASKS; i++)
        in[i] = i;
    struct pool p;
    pool_open(&p, workers);
    struct pool_job *job = pool_submit(&p, slow_double, in, TASKS, sizeof(long), out,
                                       sizeof(long), 1);
    pool_wait(&p, job, -1);
    long done = 0, lost = -1;
    for (long i = 0; i < TASKS; i++) {
        done += job->status[i] == 0 && out[i] == 2 * i;
        if (job->status[i] == POOL_LOST)
            lost = i;
    }
    char how[80];
    printf("round %ld: task %ld lost (%s); %ld of %ld done\n", round, lost,
           pool_how_lost(&p, how, sizeof how), done, TASKS);
    printf("round %ld: workers started %ld (%ld + %ld replacement)\n", round,
           p.workers_started, workers, p.workers_started - workers);
    bool ok = lost == DOOMED && done == TASKS - 1 && p.workers_lost == 1 &&
              p.workers_started == workers + 1;
    pool_close(&p);
    pool_join(&p);
    pool_free(&p);
    return ok;
}

/* The three shutdowns, with tasks still running where it matters. */
static long shutdowns(long workers, long rounds)
{
    long in[TASKS], clean = 0;
    for (long i = 0; i < TASKS; i++)
        in[i] = i + DOOMED + 1;    /* no doomed task here */
    for (long r = 0; r < rounds; r++) {
        struct pool p;
        pool_open(&p, workers);    /* close + join: waits for the work */
        struct pool_job *job = pool_submit(&p, slow_double, in, TASKS, sizeof(long), NULL,
                                           sizeof(long), 1);
        pool_close(&p);
        pool_join(&p);
        long finished = 0;
        for (long i = 0; i < TASKS; i++)
            finished += job->status[i] == 0;
        clean += finished == TASKS;
        pool_free(&p);

        pool_open(&p, workers);    /* terminate while the tasks run */
        job = pool_submit(&p, slow_double, in, TASKS, sizeof(long), NULL, sizeof(long), 1);
        pool_pump(&p, TASK_MS / 2);
        pool_terminate(&p);
        clean += job->status[TASKS - 1] == POOL_CANCELLED;
        pool_terminate(&p);        /* twice: nothing left to do, and no hang */
        pool_join(&p);             /* and a join after it */
        pool_free(&p);
    }
    printf("shutdowns: %ld join, %ld terminate while running, %ld twice: none hung\n",
           rounds, rounds, rounds);
    return clean;
}

static void on_option(int letter, const char *value)
{
    (void)letter;
    if (strcmp(value, "kill") != 0 && strcmp(value, "crash") != 0)
        usage_error("mode (-m) must be kill or crash, got '%s'", value);
    crash = strcmp(value, "crash") == 0;
}

static const char usage[] =
    "[-j WORKERS] [-n ROUNDS] [-m kill|crash]\n"
    "A worker dies mid-task each round; the pool reports it and goes on.\n"
    "  -j WORKERS  (1-64, default 2)\n"
    "  -n ROUNDS   (1-1000, default 3)\n"
    "  -m MODE     kill: the task raises SIGKILL; crash: it writes through NULL\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 2, .max_workers = POOL_MAX_WORKERS,
                          .size = 3, .min_size = 1, .max_size = 1000,
                          .extra_options = "m:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long good = 0;
    for (long r = 1; r <= opt.size; r++)
        good += one_round(r, opt.workers);
    check_long("rounds where only the doomed task was lost", opt.size, good);
    check_long("shutdowns that ended as promised", 2 * opt.size, shutdowns(opt.workers, opt.size));
    return check_status();
}
