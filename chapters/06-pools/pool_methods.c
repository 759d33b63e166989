/*
 * pool_methods.c — the pool's ways of asking, side by side: map waits for
 * everything, map_async returns at once, imap hands results over in order
 * as they come, imap_unordered as they finish, apply_async one by one.
 *
 * Python: pool.map, pool.map_async, pool.imap, pool.imap_unordered,
 *         pool.apply_async (seed A "Pool methods"; catalog row 35).
 * C:      pool_map; pool_submit then pool_wait; pool_next;
 *         pool_next_unordered; pool_apply_async then pool_get.
 *
 * Usage:  pool_methods [-j WORKERS]   default: -j 2
 * Expect: method            first result   all results   order
 *         map                    360 ms        360 ms    0 1 2 3 4 5
 *         map_async                0 ms        361 ms    0 1 2 3 4 5
 *         imap                   120 ms        360 ms    0 1 2 3 4 5
 *         imap_unordered          60 ms        360 ms    1 0 3 2 5 4
 *         apply_async            120 ms        360 ms    0 1 2 3 4 5
 * See also: pool_api.h.
 * Try:    -j 6 (a worker per task); -j 1.
 * Look for: when the first result is in your hands.
 */
#include <stdio.h>

#include "common.h"
#include "pool.h"

#define TASKS 6L

/* Task i sleeps 120 ms if i is even, 60 ms if odd, then squares i. */
static int uneven_square(const void *arg, void *result)
{
    long i = *(const long *)arg;
    sleep_ms(i % 2 == 0 ? 120 : 60);
    *(long *)result = i * i;
    return 0;
}

static const long inputs[TASKS] = {0, 1, 2, 3, 4, 5};
static double started;

static double ms_since_start(void)
{
    return (now_seconds() - started) * 1000;
}

/* Prints a row; returns 1 if every result is right and each came once. */
static long row(const char *method, double first_ms, double all_ms, const long *order,
                long *results)
{
    long seen = 0, mask = 0;
    printf("%-16s %8.0f ms %10.0f ms   ", method, first_ms, all_ms);
    for (long k = 0; k < TASKS; k++) {
        printf(" %ld", order[k]);
        if (order[k] >= 0 && order[k] < TASKS && !(mask & 1L << order[k]) &&
            results[k] == order[k] * order[k])
            mask |= 1L << order[k], seen++;
    }
    printf("\n");
    for (long k = 0; k < TASKS; k++)
        results[k] = -1;           /* the next method must fill them itself */
    return seen == TASKS;
}

/* imap or imap_unordered: takes results as the iterator gives them. */
static long iterate(struct pool *p, bool ordered, const char *method)
{
    long order[TASKS], results[TASKS], k = 0, i;
    double first = 0;
    int status;
    started = now_seconds();
    struct pool_job *job = pool_submit(p, uneven_square, inputs, TASKS, sizeof(long), NULL,
                                       sizeof(long), 1);
    while (k < TASKS && (ordered ? pool_next(p, job, &i, &results[k], &status)
                                 : pool_next_unordered(p, job, &i, &results[k], &status))) {
        first = k == 0 ? ms_since_start() : first;
        order[k++] = status == 0 ? i : -1;
    }
    return row(method, first, ms_since_start(), order, results);
}

static const char usage[] =
    "[-j WORKERS]\n"
    "map, map_async, imap, imap_unordered and apply_async on six uneven tasks.\n"
    "  -j WORKERS  (1-64, default 2)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 2, .max_workers = POOL_MAX_WORKERS};
    parse_options(argc, argv, &opt);
    struct pool pool;
    pool_open(&pool, opt.workers);
    const long in_order[TASKS] = {0, 1, 2, 3, 4, 5};
    long results[TASKS] = {-1, -1, -1, -1, -1, -1}, right = 0;
    printf("%-16s %11s %13s   %s\n", "method", "first result", "all results", "order");

    started = now_seconds();       /* map: nothing until everything */
    pool_map(&pool, uneven_square, inputs, TASKS, sizeof(long), results, sizeof(long), 1);
    right += row("map", ms_since_start(), ms_since_start(), in_order, results);

    started = now_seconds();       /* map_async: the call returns at once */
    struct pool_job *job = pool_submit(&pool, uneven_square, inputs, TASKS, sizeof(long),
                                       results, sizeof(long), 1);
    double returned = ms_since_start();
    pool_wait(&pool, job, -1);
    right += row("map_async", returned, ms_since_start(), in_order, results);

    right += iterate(&pool, true, "imap");
    right += iterate(&pool, false, "imap_unordered");

    started = now_seconds();       /* apply_async: a handle per task */
    struct pool_job *handle[TASKS];
    for (long i = 0; i < TASKS; i++)
        handle[i] = pool_apply_async(&pool, uneven_square, &inputs[i], sizeof(long), sizeof(long));
    double first = 0;
    for (long i = 0; i < TASKS; i++) {
        if (pool_get(&pool, handle[i], &results[i], -1) != 0)
            results[i] = -1;
        first = i == 0 ? ms_since_start() : first;
    }
    right += row("apply_async", first, ms_since_start(), in_order, results);

    pool_close(&pool);
    pool_join(&pool);
    pool_free(&pool);
    check_long("methods whose every result was right, once", 5, right);
    return check_status();
}
