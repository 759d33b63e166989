/*
 * bbp_digits.c — hexadecimal digits of pi from any position on, without
 * computing a single digit before it, and split across workers that never
 * talk to each other: each sums its own range of the series' terms.
 *
 * Python: pi digits from the Bailey-Borwein-Plouffe series, summed term by
 *         term in Decimal (seed E's calc_pi.py; catalog row 45). Its terms
 *         are independent: that is what lets the work split.
 * C:      16^p x pi mod 1, in 64-bit fixed point: the fraction's bits are
 *         an unsigned integer, so adding modulo 1 is adding modulo 2^64,
 *         which C's unsigned arithmetic does by itself. chapter 06's
 *         pool_map over ranges of terms; the parent adds their sums.
 *
 * Usage:  bbp_digits [-p POSITION] [-j WORKERS] [--bench]
 *         defaults: -p 1000000 (10000000 with --bench), -j online CPUs
 * Expect: hex digits of pi after position 1000000: 6C65E52C
 *         mode                 workers    seconds   speedup  efficiency        ns/term
 *         sequential                 1      0.210     1.00x        100%         209.86
 *         pool                       2      0.108     1.94x         97%         108.19
 * See also: pi_digits.c (decimal digits, all of them); monte_carlo_pi.c.
 * Try:    -p 0 (the digits everyone knows); -p 10000000 (ten times the
 *         terms: how much longer, and why a little more than ten?); -j 4.
 * Look for: the same bits from every split, and the time per term.
 */
#include <stdint.h>
#include <stdio.h>

#include "common.h"
#include "../06-pools/pool.h"

#define DEFAULT_POSITION 1000000L
#define BENCH_POSITION 10000000L
/* Beyond this, 8k + 6 passes 2^32 and a product of two residues in
 * power_mod could pass 2^64; and the rounding of p + 1 terms could reach
 * the 8th digit. (A run at this limit takes several minutes.) */
#define MAX_POSITION 500000000L
#define RANGES_PER_WORKER 8

/* Published digits to check against: pi = 3.243F6A88... in hex, and
 * Bailey's table ("The BBP algorithm for pi", 2006). The table numbers
 * the digits from 1, so its digits "at position 10^6", 26C65E52CB..., are
 * the ones after our position 999999; after 10^6 come 6C65E52C. */
static const struct {
    long position;
    uint32_t digits;
} known[] = {{0, 0x243F6A88u}, {999999, 0x26C65E52u}, {1000000, 0x6C65E52Cu},
             {9999999, 0x17AF5863u}, {10000000, 0x7AF5863Eu}};

/* The series' four fractions in each term: 4/(8k+1) - 2/(8k+4) - 1/(8k+5) - 1/(8k+6). */
static const int weight[4] = {4, -2, -1, -1}, offset[4] = {1, 4, 5, 6};

/* 16^e mod m. m < 2^32, so each product of two residues fits in 64 bits. */
static uint64_t power_mod(long e, uint64_t m)
{
    uint64_t result = 1 % m, base = 16 % m;
    for (; e > 0; e >>= 1) {
        if (e & 1)
            result = result * base % m;
        base = base * base % m;
    }
    return result;
}

/* r/m (r < m < 2^32) as 64 bits of binary fraction, rounded down: two long
 * divisions by hand, 32 bits each, as on paper but in base 2^32. */
static uint64_t fraction(uint64_t r, uint64_t m)
{
    uint64_t high = (r << 32) / m, rest = (r << 32) % m;
    return high << 32 | (rest << 32) / m;
}

/* The BBP series, times 16^p, keeping only the fraction:
 *   pi = sum over k of 16^-k (4/(8k+1) - 2/(8k+4) - 1/(8k+5) - 1/(8k+6)).
 * For k <= p the factor 16^(p-k) is whole, and only its remainder modulo
 * 8k+j matters to the fraction. Terms first..last-1 of those; the sum
 * wraps around 2^64, that is, it is taken modulo 1. */
static uint64_t head_terms(long p, long first, long last)
{
    uint64_t sum = 0;
    for (long k = first; k < last; k++)
        for (int j = 0; j < 4; j++) {
            uint64_t m = 8 * (uint64_t)k + (uint64_t)offset[j];
            sum += (uint64_t)weight[j] * fraction(power_mod(p - k, m), m);
        }
    return sum;
}

/* For k > p the terms are 16^-(k-p) / (8k+j): below 2^-64 after 16 of them. */
static uint64_t tail_terms(long p)
{
    uint64_t sum = 0;
    for (long k = p + 1; k <= p + 16; k++) {
        uint64_t power = (uint64_t)1 << (64 - 4 * (k - p));    /* 16^-(k-p), in 2^-64 units */
        for (int j = 0; j < 4; j++)
            sum += (uint64_t)weight[j] * (power / (8 * (uint64_t)k + (uint64_t)offset[j]));
    }
    return sum;
}

/* ---- the pool: a task sums terms [range.first, range.last). */

struct range {
    long position, first, last;
};

static int range_task(const void *arg, void *result)
{
    const struct range *r = arg;
    *(uint64_t *)result = head_terms(r->position, r->first, r->last);
    return 0;
}

/* The head's p + 1 terms cut into 8 ranges per worker. The terms do not
 * all cost the same: a smaller k has a larger exponent p - k, so more
 * squarings in power_mod. With one range each, the worker holding the
 * first half would finish last; with 8 each, whoever is free takes the
 * next range, and the workers end together. */
static uint64_t head_on_pool(long p, long workers, long *failed)
{
    struct range ranges[RANGES_PER_WORKER * POOL_MAX_WORKERS];
    uint64_t partial[RANGES_PER_WORKER * POOL_MAX_WORKERS], sum = 0;
    long n = RANGES_PER_WORKER * workers;
    for (long i = 0; i < n; i++)
        ranges[i] = (struct range){p, (p + 1) * i / n, (p + 1) * (i + 1) / n};
    struct pool pool;
    pool_open(&pool, workers);
    *failed = pool_map(&pool, range_task, ranges, n, sizeof *ranges, partial, sizeof *partial, 1);
    pool_close(&pool);
    pool_join(&pool);
    pool_free(&pool);
    for (long i = 0; i < n; i++)
        sum += partial[i];         /* modulo 2^64: any order, the same bits */
    return sum;
}

/* The first 8 hex digits are the top 32 bits. Rounding made the sum too
 * small or too large by less than 8 units of 2^-64 per term: if the bits
 * below them are that close to a carry, the 8th digit may be off by one. */
static uint32_t top_digits(uint64_t x, long p, bool *sure)
{
    uint64_t error = 8 * ((uint64_t)p + 17), low = x & 0xffffffffu;
    *sure = low > error && low < ((uint64_t)1 << 32) - error;
    return (uint32_t)(x >> 32);
}

/* A check on digits, with the digits in hex in its line. */
static void check_hex(const char *what, uint32_t expected, uint32_t got)
{
    char line[80];
    snprintf(line, sizeof line, "%s %08X", what, (unsigned)expected);
    check_long(line, 1, got == expected);
}

static long position = -1;

static void on_option(int letter, const char *value)
{
    (void)letter;
    position = parse_long(value, 0, MAX_POSITION, "position (-p)");
}

static const char usage[] =
    "[-p POSITION] [-j WORKERS] [--bench]\n"
    "8 hex digits of pi after the first POSITION, by the BBP formula: sequentially,\n"
    "then on a process pool, 8 ranges of the series' terms per worker.\n"
    "  -p POSITION  hex digits to skip (0-500000000, default 1000000)\n"
    "  -j WORKERS   (1-64, default: online CPUs)\n"
    "  --bench      -p 10000000 unless given, and BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(), .max_workers = POOL_MAX_WORKERS,
                          .extra_options = "p:", .on_extra = on_option};
    if (opt.workers > POOL_MAX_WORKERS)
        opt.workers = POOL_MAX_WORKERS;
    parse_options(argc, argv, &opt);
    long p = position >= 0 ? position : opt.bench ? BENCH_POSITION : DEFAULT_POSITION;
    struct report r = {.program = "bbp_digits", .bench = opt.bench, .metric = "ns/term",
                       .metric_key = "ns_per_term"};

    double start = now_seconds();
    uint64_t sequential = head_terms(p, 0, p + 1) + tail_terms(p);
    report_add(&r, "sequential", 1, now_seconds() - start, 0);
    start = now_seconds();         /* the pool's whole life: forks included */
    long failed;
    uint64_t parallel = head_on_pool(p, opt.workers, &failed) + tail_terms(p);
    report_add(&r, "pool", opt.workers, now_seconds() - start, 0);
    for (int k = 0; k < r.rows; k++)
        r.row[k].metric = r.row[k].seconds * 1e9 / (double)(p + 1);

    bool sure;
    uint32_t digits = top_digits(parallel, p, &sure);
    printf("hex digits of pi after position %ld: %08X\n", p, (unsigned)digits);
    if (!sure)
        printf("(the bits after them are too close to a carry: the last digit may be off by one)\n");
    report_print(&r);
    check_long("tasks that failed", 0, failed);
    check_long("the pool's fraction equal to the loop's, bit for bit", 1, parallel == sequential);
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].position == p)
            check_hex("digits equal to the published", known[i].digits, digits);
    check_hex("the method after position 0 gives", known[0].digits,
              top_digits(head_terms(0, 0, 1) + tail_terms(0), 0, &sure));
    return check_status();
}
