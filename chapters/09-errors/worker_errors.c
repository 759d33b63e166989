/*
 * worker_errors.c — items that fail inside the workers: each error comes
 * back to the parent as a value, with its item's index and a message, the
 * worker goes on with the next item, and every other item is still done.
 *
 * Python: pool.map(worker_with_error_handling, range(20)), where an item
 *         divisible by 7 raises ValueError, caught in the worker and returned
 *         as a string (seed B, robust_multiprocessing_example; seed A,
 *         "Exception Handling"; catalog row 53).
 * C:      chapter 06's pool (pool_submit, pool_pump); the task packs what
 *         happened into a struct outcome {index, error, value or message}
 *         and returns 0: a failed item is data, not a failed worker.
 *
 * Usage:  worker_errors [-j WORKERS] [-n ITEMS] [-w MS]
 *         defaults: -j 4 workers, -n 20 items (0 to 19), -w 0 ms of work each
 * Expect: item   6 [worker 14413]: 12
 *         item   7 [worker 14414]: error: item 7 caused an error (a multiple of 7)
 *         successes: 17
 *         errors: 3 (items 0 7 14)
 * See also: crash_isolation.c (a worker that does not survive its item);
 *         chapter 06's pool_survives.c.
 * Try:    -j 1 (one worker meets all three errors and goes on); -n 100;
 *         -w 200, and Ctrl-C while it runs.
 * Look for: item 0 among the errors (0 % 7 == 0), and no item missing.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "../06-pools/pool.h"

#define DEFAULT_WORKERS 4L
#define DEFAULT_ITEMS 20L
#define MAX_ITEMS 1000L
#define MAX_ITEM_MS 10000L
#define MESSAGE_BYTES 96

static long item_ms;               /* -w: how long each item's work takes */

/* What one item came to: Python's list held an int or an error string, told
 * apart by isinstance; here a status says which half of the struct holds. */
struct outcome {
    long index;                    /* the item's: so a result cannot go astray */
    int error;                     /* 0: value is the result; else an errno code */
    long value;
    long worker;                   /* the pid of the process that ran it */
    char message[MESSAGE_BYTES];   /* when error != 0: what went wrong */
};

/* ---- the work, written as if there were no processes: doubles the item,
 * and fails on a multiple of 7, 0 included, saying why. */
static int double_item(long item, long *result, char *why, size_t size)
{
    sleep_ms(item_ms);             /* the work, simulated */
    if (item % 7 == 0) {
        snprintf(why, size, "item %ld caused an error (a multiple of 7)", item);
        return EINVAL;             /* ValueError, as near as errno gets */
    }
    *result = 2 * item;
    return 0;
}

/* The task the pool runs: the Python worker's try/except. Whatever
 * double_item does, the outcome is packed as a value and the task returns
 * 0; had it returned the error number, the pool would carry that number
 * back, but not the message. And had the worker only printed the error
 * (seed A), the parent would never know which item failed. */
static int item_or_error(const void *arg, void *result)
{
    long item = *(const long *)arg;
    struct outcome *o = result;
    *o = (struct outcome){.index = item, .worker = (long)getpid()};
    o->error = double_item(item, &o->value, o->message, sizeof o->message);
    return 0;
}

/* ---- the parent. Ctrl-C reaches every process of the group: the workers,
 * with SIGINT's default action, die at once; the parent notes it, stops
 * waiting, terminates and reaps the pool, then dies of SIGINT itself. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

/* Every item through the pool, one at a time (chunksize 1), so that each
 * worker gets some; `out` receives the outcomes in item order. Returns how
 * many tasks the pool saw end with status 0 (none lost with a worker). */
static long run_items(long workers, long n, struct outcome out[])
{
    long *items = pool_alloc((size_t)n * sizeof *items), done = 0;
    for (long i = 0; i < n; i++) {
        items[i] = i;
        out[i].index = -1;         /* "never came back", until it does */
    }
    struct pool p;
    pool_open(&p, workers);
    struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESETHAND};
    sigaction(SIGINT, &sa, NULL);  /* after the fork: the workers keep the default */
    struct pool_job *job = pool_submit(&p, item_or_error, items, n, sizeof *items, out,
                                       sizeof *out, 1);
    for (long i = 0; i < n && !interrupted; i++) {
        while (job->status[i] == POOL_PENDING && !interrupted)
            pool_pump(&p, -1);     /* poll() returns early (EINTR) on Ctrl-C */
        done += job->status[i] == 0;
    }
    pool_close(&p);
    if (interrupted)
        pool_terminate(&p);        /* SIGTERM to every worker, each one reaped */
    pool_join(&p);
    pool_free(&p);
    free(items);
    if (interrupted)
        raise(SIGINT);             /* SA_RESETHAND made it deadly again */
    return done;
}

/* Each item's outcome, in order, then the summary. */
static void print_outcomes(const struct outcome out[], long n)
{
    long errors = 0;
    for (long i = 0; i < n; i++) {
        printf("item %3ld [worker %ld]: ", i, out[i].worker);
        if (out[i].error)
            printf("error: %s\n", out[i].message);
        else
            printf("%ld\n", out[i].value);
        errors += out[i].error != 0;
    }
    printf("\nsuccesses: %ld\nerrors: %ld (items", n - errors, errors);
    for (long i = 0; i < n; i++)
        if (out[i].error)
            printf(" %ld", i);
    printf(")\n");
}

/* The verdicts: exactly the multiples of 7 failed, every other result is
 * 2 x its item, and every item came back once, from a worker. */
static void check_outcomes(const struct outcome out[], long n, long done)
{
    long multiples = (n + 6) / 7, failed_multiples = 0, failed_others = 0, right = 0;
    long in_place = 0, from_workers = 0;
    for (long i = 0; i < n; i++) {
        failed_multiples += out[i].error != 0 && i % 7 == 0;
        failed_others += out[i].error != 0 && i % 7 != 0;
        right += out[i].error == 0 && out[i].value == 2 * i;
        in_place += out[i].index == i;
        from_workers += out[i].worker != 0 && out[i].worker != (long)getpid();
    }
    check_long("items the pool finished (none lost)", n, done);
    check_long("outcomes, each in its item's place", n, in_place);
    check_long("outcomes that came from a worker, not the parent", n, from_workers);
    check_long("multiples of 7 that failed", multiples, failed_multiples);
    check_long("other items that failed", 0, failed_others);
    check_long("results equal to 2 x item", n - multiples, right);
}

static void on_option(int letter, const char *value)
{
    (void)letter;
    item_ms = parse_long(value, 0, MAX_ITEM_MS, "milliseconds of work (-w)");
}

static const char usage[] =
    "[-j WORKERS] [-n ITEMS] [-w MS]\n"
    "Items 0..ITEMS-1 doubled in a pool; multiples of 7 fail, reported as values.\n"
    "  -j WORKERS  (1-64, default 4)\n"
    "  -n ITEMS    (1-1000, default 20)\n"
    "  -w MS       milliseconds of work each item takes (0-10000, default 0)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = DEFAULT_WORKERS,
                          .max_workers = POOL_MAX_WORKERS, .size = DEFAULT_ITEMS,
                          .min_size = 1, .max_size = MAX_ITEMS,
                          .extra_options = "w:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    struct outcome *out = pool_alloc((size_t)opt.size * sizeof *out);
    printf("%ld items on %ld workers; every multiple of 7 fails\n\n", opt.size, opt.workers);
    long done = run_items(opt.workers, opt.size, out);
    print_outcomes(out, opt.size);
    check_outcomes(out, opt.size, done);
    free(out);
    return check_status();
}
