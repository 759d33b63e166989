/*
 * executor.c — futures: submit a task, get a handle back at once, ask the
 * handle for its result later, or take the results as they complete. The
 * work: the largest prime factor of six 12-digit numbers.
 *
 * Python: with ProcessPoolExecutor(max_workers=4) as executor:
 *         executor.map(find_largest_prime_factor, NUMBERS); also submit,
 *         future.result() and as_completed (seed D; catalog row 40).
 * C:      a future is a one-task job of pool.h: pool_apply_async submits,
 *         pool_get is result(timeout), and as_completed is a loop that
 *         pumps the pool until some future it has not yet returned is done.
 *
 * Usage:  executor [-j WORKERS] [-f NUMBER]... [--bench]
 *         defaults: -j online CPUs, the tutorial's six numbers
 * Expect: number               largest prime factor   completed
 *         100913100913                       100913   1st
 *         100913100919                     20607127   2nd
 *         ... (4 more)
 *         100913100931                 100913100931   6th
 *         sequential 0.001 s; futures, 2 workers 0.002 s (0.7x)
 *         --bench: sequential 0.297 s; futures, 2 workers 0.160 s (1.9x)
 * See also: pool_functions.c (apply_async); pool_methods.c (imap_unordered,
 *         the same idea on one job).
 * Try:    -f 1000000000000000003 (a prime of 19 digits: how long, and why
 *         does it not matter how many workers there are?); --bench.
 * Look for: the completed column follows each worker's queue more than the
 *         work: every future is handed out at submit. Put the prime first
 *         with -f and it completes 1st.
 */
#include <stdio.h>

#include "common.h"
#include "pool.h"

#define MAX_NUMBERS 16

/* The tutorial's numbers, and six of the same pattern with 16 digits,
 * five of them prime, for --bench: each of those takes a while. */
static const struct known {
    long number, largest_factor;
} tutorial[] = {
    {100913100913, 100913},      {100913100919, 20607127},
    {100913100921, 487502903},   {100913100923, 2543237},
    {100913100929, 3479762101},  {100913100931, 100913100931},
}, bench[] = {
    {1009131009131019, 336377003043673},  {1009131009131027, 1009131009131027},
    {1009131009131057, 1009131009131057}, {1009131009131173, 1009131009131173},
    {1009131009131209, 1009131009131209}, {1009131009131243, 1009131009131243},
};

/* Divide out each factor f as long as it divides n; the last one found is
 * the largest. The tutorial's loop goes on until n is 1: for a prime n it
 * counts all the way to n, about 10^11 steps for these numbers (hours in
 * Python). It can stop at f * f > n: by then every factor up to f has been
 * divided out, so what is left of n has no factor below its square root;
 * it is 1, or itself a prime, and then the largest factor. At most 1.6 x 10^5
 * steps here (2, then the odd f up to 317 668). */
static long largest_prime_factor(long n)
{
    long largest = 1;
    for (long f = 2; f <= n / f; f += f == 2 ? 1 : 2) {
        if (n % f != 0)
            continue;
        largest = f;
        while (n % f == 0)
            n /= f;
    }
    return n > 1 ? n : largest;
}

static int factor_task(const void *arg, void *result)
{
    *(long *)result = largest_prime_factor(*(const long *)arg);
    return 0;
}

/* as_completed: the index of the next future to finish that has not been
 * returned before. pool_pump hands out work and takes in replies; a task
 * whose worker dies ends POOL_LOST, never stays pending, so the loop ends. */
static long next_completed(struct pool *p, struct pool_job **future, long n, bool *returned)
{
    for (;;) {
        for (long i = 0; i < n; i++)
            if (!returned[i] && future[i]->status[0] != POOL_PENDING) {
                returned[i] = true;
                return i;
            }
        pool_pump(p, -1);
    }
}

static const char *ordinal(long k)
{
    static char text[16];
    const char *suffix = k % 10 == 1 && k != 11 ? "st" : k % 10 == 2 && k != 12 ? "nd"
                       : k % 10 == 3 && k != 13 ? "rd" : "th";
    snprintf(text, sizeof text, "%ld%s", k, suffix);
    return text;
}

/* Submits every number, then takes the results as they complete; returns
 * the seconds. order[i] is the place in which number i completed. */
static double factor_with_futures(long workers, const long *numbers, long n, long *largest,
                                  long *order)
{
    struct pool pool;
    struct pool_job *future[MAX_NUMBERS];
    bool returned[MAX_NUMBERS] = {false};
    double start = now_seconds();
    pool_open(&pool, workers);
    for (long i = 0; i < n; i++)     /* submit: returns at once */
        future[i] = pool_apply_async(&pool, factor_task, &numbers[i], sizeof(long), sizeof(long));
    for (long k = 1; k <= n; k++) {
        long i = next_completed(&pool, future, n, returned);
        order[i] = k;
        if (pool_get(&pool, future[i], &largest[i], -1) != 0)   /* future.result() */
            largest[i] = -1;
    }
    pool_close(&pool);
    pool_join(&pool);
    double seconds = now_seconds() - start;
    pool_free(&pool);
    return seconds;
}

static long numbers[MAX_NUMBERS], count;

static void on_option(int letter, const char *value)
{
    (void)letter;
    if (count == MAX_NUMBERS)
        usage_error("at most %d numbers (-f)", MAX_NUMBERS);
    numbers[count++] = parse_long(value, 2, 4000000000000000000L, "number (-f)");
}

/* The expected factor of `number` if it is one of ours, else 0. */
static long known_factor(long number)
{
    for (size_t i = 0; i < sizeof tutorial / sizeof tutorial[0]; i++)
        if (tutorial[i].number == number)
            return tutorial[i].largest_factor;
    for (size_t i = 0; i < sizeof bench / sizeof bench[0]; i++)
        if (bench[i].number == number)
            return bench[i].largest_factor;
    return 0;
}

static const char usage[] =
    "[-j WORKERS] [-f NUMBER]... [--bench]\n"
    "Largest prime factors, sequentially and with futures on a process pool.\n"
    "  -j WORKERS  (1-64, default: online CPUs)\n"
    "  -f NUMBER   factor NUMBER (2-4000000000000000000) instead; up to 16 times\n"
    "  --bench     six 16-digit numbers instead, and BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(), .max_workers = POOL_MAX_WORKERS,
                          .extra_options = "f:", .on_extra = on_option};
    if (opt.workers > POOL_MAX_WORKERS)
        opt.workers = POOL_MAX_WORKERS;
    parse_options(argc, argv, &opt);
    if (count == 0)                /* no -f: the tutorial's six, or --bench's */
        for (; count < 6; count++)
            numbers[count] = opt.bench ? bench[count].number : tutorial[count].number;

    long sequential[MAX_NUMBERS] = {0}, parallel[MAX_NUMBERS] = {0}, order[MAX_NUMBERS] = {0};
    double start = now_seconds();
    for (long i = 0; i < count; i++)
        sequential[i] = largest_prime_factor(numbers[i]);
    double seq_seconds = now_seconds() - start;
    double pool_seconds = factor_with_futures(opt.workers, numbers, count, parallel, order);

    printf("%-20s %20s   completed\n", "number", "largest prime factor");
    for (long i = 0; i < count; i++)
        printf("%-20ld %20ld   %s\n", numbers[i], parallel[i], ordinal(order[i]));
    printf("sequential %.3f s; futures, %ld worker%s %.3f s (%.1fx)\n", seq_seconds, opt.workers,
           opt.workers == 1 ? "" : "s", pool_seconds, seq_seconds / pool_seconds);
    if (opt.bench)
        printf("BENCH program=executor case=largest-factor workers=%ld seconds=%.6f "
               "sequential_seconds=%.6f speedup=%.3f\n", opt.workers, pool_seconds, seq_seconds,
               seq_seconds / pool_seconds);
    long same = 0, known = 0, known_right = 0;
    for (long i = 0; i < count; i++) {
        same += parallel[i] == sequential[i];
        known += known_factor(numbers[i]) != 0;
        known_right += known_factor(numbers[i]) == parallel[i];
    }
    check_long("factors from the futures equal to the sequential ones", count, same);
    check_long("factors right, of the numbers known here", known, known_right);
    return check_status();
}
