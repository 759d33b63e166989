/*
 * pool_functions.c — tasks with several arguments, and different functions
 * in one pool: C's answer to starmap and to functools.partial.
 *
 * Python: pool.starmap(power, [(2, 2), (4, 3), (5, 5)]) (seed E
 *         multi_args.py; catalog row 37); inc(4), dec(2), add(3, 4) sent
 *         to one pool, with partial for the bound arguments (seed E
 *         multiple_functions.py, seed B; row 38).
 * C:      the arguments of one task are one struct; a task is a function
 *         pointer and its argument struct: together, a closure.
 *
 * Usage:  pool_functions [-j WORKERS]   default: -j 3
 * Expect: power: 2^2 = 4, 4^3 = 64, 5^5 = 3125
 *         inc(4) = 5, dec(2) = 1, add(3, 4) = 7
 * See also: pool_squares.c (one argument); pool_worker.h (why a function
 *         pointer can travel to a forked worker).
 * Try:    add a fourth function, mul(6, 7), to the second part.
 * Look for: three different functions answered by the same workers.
 */
#include <stdio.h>

#include "common.h"
#include "pool.h"

struct power_args {                /* starmap's tuple, as a struct */
    long base, exponent;
};

static int power(const void *arg, void *result)
{
    const struct power_args *a = arg;
    long r = 1;
    for (long i = 0; i < a->exponent; i++)
        r *= a->base;
    *(long *)result = r;
    return 0;
}

/* Three functions with different arguments: each takes a struct of its
 * own, and a task carries whichever struct its function wants. */
struct two_numbers {
    long a, b;
};

static int inc(const void *arg, void *result)
{
    *(long *)result = ((const struct two_numbers *)arg)->a + 1;
    return 0;
}

static int dec(const void *arg, void *result)
{
    *(long *)result = ((const struct two_numbers *)arg)->a - 1;
    return 0;
}

static int add(const void *arg, void *result)
{
    const struct two_numbers *n = arg;
    *(long *)result = n->a + n->b;
    return 0;
}

static const char usage[] =
    "[-j WORKERS]\n"
    "starmap of power over three pairs; then inc, dec and add in one pool.\n"
    "  -j WORKERS  (1-64, default 3)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 3, .max_workers = POOL_MAX_WORKERS};
    parse_options(argc, argv, &opt);
    struct pool pool;
    pool_open(&pool, opt.workers);

    const struct power_args pairs[] = {{2, 2}, {4, 3}, {5, 5}};
    long powers[3];
    long failed = pool_map(&pool, power, pairs, 3, sizeof pairs[0], powers, sizeof(long), 1);
    printf("power: 2^2 = %ld, 4^3 = %ld, 5^5 = %ld\n", powers[0], powers[1], powers[2]);

    /* Each call is a function and its bound arguments, like partial(f, x). */
    struct pool_job *job[3] = {
        pool_apply_async(&pool, inc, &(struct two_numbers){4, 0}, sizeof(struct two_numbers), sizeof(long)),
        pool_apply_async(&pool, dec, &(struct two_numbers){2, 0}, sizeof(struct two_numbers), sizeof(long)),
        pool_apply_async(&pool, add, &(struct two_numbers){3, 4}, sizeof(struct two_numbers), sizeof(long)),
    };
    long r[3] = {0};
    for (int k = 0; k < 3; k++)
        failed += pool_get(&pool, job[k], &r[k], -1) != 0;
    printf("inc(4) = %ld, dec(2) = %ld, add(3, 4) = %ld\n", r[0], r[1], r[2]);
    pool_close(&pool);
    pool_join(&pool);
    pool_free(&pool);

    check_long("tasks that failed", 0, failed);
    check_long("2^2 + 4^3 + 5^5 (4 + 64 + 3125)", 3193, powers[0] + powers[1] + powers[2]);
    check_long("inc(4)", 5, r[0]);
    check_long("dec(2)", 1, r[1]);
    check_long("add(3, 4)", 7, r[2]);
    return check_status();
}
