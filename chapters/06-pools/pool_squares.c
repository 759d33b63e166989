/*
 * pool_squares.c — a pool of worker processes maps a function over inputs;
 * the results come back in the order of the inputs.
 *
 * Python: with Pool(4) as pool: pool.map(square, range(10)) (seed A "Pool";
 *         catalog row 34).
 * C:      pool_open, pool_map, pool_close, pool_join of pool.h: workers
 *         forked once, tasks and results through a pipe pair per worker.
 *
 * Usage:  pool_squares [-j WORKERS] [-n INPUTS]   defaults: -j 4, -n 10
 * Expect: squares: 0 1 4 9 16 25 36 49 64 81
 *         tasks run by: 4 workers (pids 4243 4244 4245 4246)
 * See also: pool.h; pool_methods.c.
 * Try:    -j 1; -n 1000000 (chunks: see pool_chunksize.c).
 * Look for: the order of the results: the order of the inputs, always.
 */
#include <stdio.h>
#include <unistd.h>

#include "common.h"
#include "pool.h"

#define MAX_INPUTS 10000000L
#define PRINT_AT_MOST 20L

struct square_result {
    long square;
    long pid;                      /* which worker ran it */
};

/* A task: it takes a pointer to its argument and one to its result. */
static int square(const void *arg, void *result)
{
    long x = *(const long *)arg;
    struct square_result *r = result;
    r->square = x * x;
    r->pid = (long)getpid();
    return 0;
}

/* The distinct worker pids among the results (at most `workers`). */
static long distinct_pids(const struct square_result *r, long n, long *pids, long max)
{
    long found = 0;
    for (long i = 0; i < n; i++) {
        long k = 0;
        while (k < found && pids[k] != r[i].pid)
            k++;
        if (k == found && found < max)
            pids[found++] = r[i].pid;
    }
    return found;
}

static const char usage[] =
    "[-j WORKERS] [-n INPUTS]\n"
    "Squares 0..INPUTS-1 in a pool of worker processes.\n"
    "  -j WORKERS  (1-64, default 4, as in the tutorial)\n"
    "  -n INPUTS   (0-10000000, default 10)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = POOL_MAX_WORKERS,
                          .size = 10, .min_size = 0, .max_size = MAX_INPUTS};
    parse_options(argc, argv, &opt);
    long n = opt.size;
    long *inputs = pool_alloc((size_t)n * sizeof(long));
    struct square_result *results = pool_alloc((size_t)n * sizeof *results);
    for (long i = 0; i < n; i++)
        inputs[i] = i;

    struct pool pool;
    pool_open(&pool, opt.workers);
    long failed = pool_map(&pool, square, inputs, n, sizeof(long), results, sizeof *results, 0);
    pool_close(&pool);
    pool_join(&pool);

    long right = 0, pids[POOL_MAX_WORKERS];
    printf("squares:");
    for (long i = 0; i < n; i++) {
        if (i < PRINT_AT_MOST)
            printf(" %ld", results[i].square);
        right += results[i].square == i * i;
    }
    long used = distinct_pids(results, n, pids, POOL_MAX_WORKERS);
    printf("%s\ntasks run by: %ld worker%s (pids", n > PRINT_AT_MOST ? " ..." : "", used,
           used == 1 ? "" : "s");
    for (long k = 0; k < used; k++)
        printf(" %ld", pids[k]);
    printf(")\n");
    check_long("tasks that failed", 0, failed);
    check_long("squares in input order", n, right);
    check_long("workers started (none lost)", opt.workers, pool.workers_started);
    pool_free(&pool);
    free(inputs);
    free(results);
    return check_status();
}
