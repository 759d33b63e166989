/*
 * pi_digits.c — pi to 1000, 1500 and 2000 digits, one precision after the
 * other and then in three processes at once; every digit confirmed by a
 * second, unrelated method; whole-number arithmetic of our own throughout.
 *
 * Python: pool.map(pi, (1000, 1500, 2000)) on Pool(3) against map(), pi()
 *         summing the BBP series in Decimal (seed E, calc_pi.py and
 *         calc_pi2.py; catalog row 44).
 * C:      Machin's formula on a fixed-point number of base-10^9 limbs; fork
 *         per worker, its digits back through a pipe of its own, waitpid.
 *         (Not chapter 06's pool: its results hold 256 bytes at most.)
 * Usage:  pi_digits [-j WORKERS] [-n DIGITS] [--bench]
 *         defaults: -j 3, -n 2000 (precisions n/2, 3n/4 and n)
 * Expect:  2000 digits: 3.1415926535897932384626433832795028841971...59958133904780275900
 *         spigot, the check's method: 2000 digits in 0.008 s
 *         mode                 workers    seconds   speedup  efficiency
 *         sequential                 1      0.004     1.00x        100%
 *         processes                  3      0.007     0.55x         18%
 *         (too little work for 3 forks; --bench, 20000 digits: about 1.7x)
 * See also: bbp_digits.c (hex digits from any position, no digits before).
 * Try:    -j 2 (which worker gets two precisions, and what does that cost?);
 *         -j 1; --bench.
 * Look for: never 1.81x or more, with any number of workers: the largest
 *         precision is 55% of the work, and the run waits for it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "../03-pipes/framing.h"      /* write_all, read_all */

#define PRECISIONS 3               /* n/2, 3n/4 and n, as the tutorial's 1000/1500/2000 */
#define DEFAULT_DIGITS 2000L
#define BENCH_DIGITS 20000L
#define MAX_DIGITS 200000L
#define LIMB 1000000000u           /* each limb holds 9 decimal digits */
#define GUARD_LIMBS 2              /* 18 digits more than asked for: see machin_pi */
#define SPIGOT_GUARD 12            /* digits the spigot computes beyond those it keeps */

static const char known_digits[] =     /* as published: OEIS A000796 */
    "31415926535897932384626433832795028841971693993751";

/* calloc, or the end of the program. */
static void *zeroed(long count, size_t size)
{
    void *memory = calloc((size_t)count, size);
    if (!memory)
        die_errno("calloc");
    return memory;
}

/* ---- Method 1: Machin's formula, pi = 16 arctan(1/5) - 4 arctan(1/239).
 * A number is an array of limbs: limb[0] the integer part, then groups of
 * nine decimals, most significant first, like writing it down on paper. */

/* x /= d, schoolbook long division from the top limb; the limbs before
 * `top` are known to be zero. r * LIMB + limb < d * LIMB fits in 64 bits. */
static void divide(uint32_t *x, const uint32_t *from, long top, long limbs, uint32_t d)
{
    uint64_t r = 0;
    for (long i = top; i < limbs; i++) {
        uint64_t cur = r * LIMB + from[i];
        x[i] = (uint32_t)(cur / d);
        r = cur % d;
    }
}

/* sum += part or sum -= part, carrying (borrowing) from the last limb up. */
static void add(uint32_t *sum, const uint32_t *part, long top, long limbs, int sign)
{
    int64_t carry = 0;
    for (long i = limbs - 1; i >= 0 && (i >= top || carry != 0); i--) {
        int64_t v = (int64_t)sum[i] + carry + (i >= top ? sign * (int64_t)part[i] : 0);
        carry = v < 0 ? -1 : v >= LIMB ? 1 : 0;
        sum[i] = (uint32_t)(v - carry * (int64_t)LIMB);
    }
}

/* sum += sign * m * arctan(1/x), by arctan(1/x) = 1/x - 1/3x^3 + 1/5x^5 ...
 * `term` is m/x^(2k+1); the terms shrink, so their leading limbs become
 * zero, and `top` skips them: that halves the work. */
static void add_arctan(uint32_t *sum, uint32_t *term, uint32_t *part, long limbs, int sign,
                       uint32_t m, uint32_t x)
{
    memset(term, 0, (size_t)limbs * sizeof *term);
    term[0] = m;
    divide(term, term, 0, limbs, x);
    long top = 0;
    for (uint32_t k = 0; top < limbs; k++) {
        divide(part, term, top, limbs, 2 * k + 1);
        add(sum, part, top, limbs, k % 2 == 0 ? sign : -sign);
        divide(term, term, top, limbs, x * x);
        while (top < limbs && term[top] == 0)
            top++;
    }
}

/* The first `count` digits of pi ("31415..."), into digits[0..count-1].
 * The trap: every division drops its remainder, so the sum is off by up to
 * two units of the last limb per term, under a million units for 200000
 * digits. Hence two guard limbs, computed and never kept: the kept digits
 * are exact unless the 12 true digits after them are all 0s or all 9s. */
static void machin_pi(char *digits, long count)
{
    long limbs = 1 + (count - 1 + 8) / 9 + GUARD_LIMBS;
    uint32_t *sum = zeroed(3 * limbs, sizeof *sum);      /* sum, term, part */
    add_arctan(sum, sum + limbs, sum + 2 * limbs, limbs, +1, 16, 5);
    add_arctan(sum, sum + limbs, sum + 2 * limbs, limbs, -1, 4, 239);
    digits[0] = (char)('0' + sum[0]);
    for (long i = 1, at = 1; at < count; i++, at += 9) {   /* nine digits a limb */
        char nine[16];
        snprintf(nine, sizeof nine, "%09lu", (unsigned long)sum[i]);
        memcpy(digits + at, nine, (size_t)(count - at < 9 ? count - at : 9));
    }
    free(sum);
}

/* ---- Method 2, for the check: the Rabinowitz-Wagon spigot. It shares no
 * code and no idea with method 1. pi = 2 + 1/3 (2 + 2/5 (2 + 3/7 (2 + ...))):
 * pi written in a mixed radix whose every digit is 2. Multiply the fraction
 * by 10000 and carry from the right, each place keeping what its radix
 * (2i+1) holds: the carry out of the first place is the next four digits. */
static void spigot_pi(char *digits, long count)
{
    long blocks = (count + SPIGOT_GUARD + 3) / 4;
    long terms = 14 * (blocks + 1);        /* 13.3 halvings per 4 digits, and more */
    uint32_t *a = malloc((size_t)(terms + 1) * sizeof *a);
    long *block = malloc((size_t)(blocks + 1) * sizeof *block);
    if (!a || !block)
        die_errno("malloc");
    for (long i = 1; i <= terms; i++)
        a[i] = 2;
    block[0] = 2;                          /* the integer part, before carries */
    for (long b = 1; b <= blocks; b++) {
        uint64_t carry = 0;
        for (long i = terms; i >= 1; i--) {
            uint64_t x = (uint64_t)a[i] * 10000 + carry;
            a[i] = (uint32_t)(x % (uint64_t)(2 * i + 1));
            carry = x / (uint64_t)(2 * i + 1) * (uint64_t)i;
        }
        /* A block can come out as 10000 or more: the carry belongs to the
         * blocks before it (that is the "predigit" trouble of spigots). */
        block[b] = (long)carry;
        for (long k = b; k > 0 && block[k] >= 10000; k--) {
            block[k] -= 10000;
            block[k - 1]++;
        }
        /* The array now holds what is left, scaled up by 10000 per block:
         * 4 digits fewer to make need 14 places fewer (2^14 > 10^4). */
        terms -= 14;
    }
    digits[0] = (char)('0' + block[0]);
    for (long d = 1; d < count; d++) {
        long v = block[1 + (d - 1) / 4];
        for (long k = (d - 1) % 4; k < 3; k++)
            v /= 10;
        digits[d] = (char)('0' + v % 10);
    }
    free(a);
    free(block);
}

/* ---- The three precisions in processes. */

/* Worker w computes precisions w, w + workers, ... and writes each one's
 * digits to its own pipe. A pipe per worker: thousands of bytes are more
 * than PIPE_BUF, and two workers' writes to one pipe could interleave. */
static void compute_in_processes(char *digits[], const long precision[], long workers)
{
    pid_t pid[PRECISIONS];
    int from_worker[PRECISIONS];
    for (long w = 0; w < workers; w++) {
        int fd[2];
        if (pipe(fd) == -1)
            die_errno("pipe");
        fflush(stdout);           /* or the child inherits, and prints, our buffer */
        pid[w] = fork();
        if (pid[w] == -1)
            die_errno("fork");    /* started workers fail to write, and end */
        if (pid[w] == 0) {
            close(fd[0]);
            for (long k = 0; k < w; k++)     /* the earlier workers' pipes: not ours */
                close(from_worker[k]);
            for (long k = w; k < PRECISIONS; k++) {
                if (k % workers != w)
                    continue;                /* another worker's precision */
                machin_pi(digits[k], precision[k]);
                if (write_all(fd[1], digits[k], (size_t)precision[k]) == -1)
                    die_errno("worker %ld: write", w);
            }
            _exit(0);             /* not exit(): see chapter 02 */
        }
        close(fd[1]);
        from_worker[w] = fd[0];
    }
    /* Reading worker 0 to the end first is fine: a later worker whose pipe
     * is full only waits, its digits already made, until we get to it. */
    for (long w = 0; w < workers; w++) {
        for (long k = w; k < PRECISIONS; k++)
            if (k % workers == w &&     /* a pipe hands out what is there: loop */
                read_all(from_worker[w], digits[k], (size_t)precision[k]) != precision[k])
                die("worker %ld ended before sending its digits", w);
        close(from_worker[w]);
    }
    for (long w = 0; w < workers; w++) {
        int status;
        if (waitpid(pid[w], &status, 0) == -1)
            die_errno("waitpid");
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            die("worker %ld failed (wait status %d)", w, status);
    }
}

/* ---- Checks and output. */

static long same_digits(const char *a, const char *b, long count)
{
    long same = 0;
    for (long d = 0; d < count; d++)
        same += a[d] == b[d];
    return same;
}

/* Every digit twice: the processes' against the sequential run's, Machin's
 * against the spigot's; and the first 50 against the published ones. */
static void check_digits(char *const sequential[], char *const parallel[], const char *spigot,
                         const long precision[])
{
    long same = 0, total = 0;
    for (int k = 0; k < PRECISIONS; k++) {
        same += same_digits(parallel[k], sequential[k], precision[k]);
        total += precision[k];
    }
    check_long("digits from the processes equal to the sequential ones", total, same);
    for (int k = 0; k < PRECISIONS; k++) {
        char what[64];
        snprintf(what, sizeof what, "Machin's %ld digits confirmed by the spigot", precision[k]);
        check_long(what, precision[k], same_digits(sequential[k], spigot, precision[k]));
    }
    check_long("first 50 digits equal to the known ones", 50,
               same_digits(sequential[0], known_digits, 50));
}

static void print_digits(long count, const char *digits)
{
    printf("%5ld digits: %c.%.40s...%s\n", count, digits[0], digits + 1, digits + count - 20);
}

static const char usage[] =
    "[-j WORKERS] [-n DIGITS] [--bench]\n"
    "Pi to n/2, 3n/4 and n digits, one after the other and in processes.\n"
    "  -j WORKERS  processes, the precisions dealt out in turn (1-3, default 3)\n"
    "  -n DIGITS   the largest precision (100-200000, default 2000)\n"
    "  --bench     -n 20000 unless given, and BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = PRECISIONS, .max_workers = PRECISIONS,
                          .min_size = 100, .max_size = MAX_DIGITS};
    parse_options(argc, argv, &opt);
    long n = opt.size ? opt.size : opt.bench ? BENCH_DIGITS : DEFAULT_DIGITS;
    long precision[PRECISIONS] = {n / 2, 3 * n / 4, n};
    /* Seven strings of up to n digits: three per run, one for the spigot;
     * calloc's zeros end each one, for printing. */
    char *buffer = zeroed(2 * PRECISIONS + 1, (size_t)n + 1);
    char *sequential[PRECISIONS] = {NULL}, *parallel[PRECISIONS] = {NULL};
    char *spigot = buffer + (n + 1) * 2 * PRECISIONS;
    for (int k = 0; k < PRECISIONS; k++) {
        sequential[k] = buffer + k * (n + 1);
        parallel[k] = buffer + (PRECISIONS + k) * (n + 1);
    }
    struct report r = {.program = "pi_digits", .bench = opt.bench};

    double start = now_seconds();
    for (int k = 0; k < PRECISIONS; k++)
        machin_pi(sequential[k], precision[k]);
    report_add(&r, "sequential", 1, now_seconds() - start, 0);
    start = now_seconds();
    compute_in_processes(parallel, precision, opt.workers);
    report_add(&r, "processes", opt.workers, now_seconds() - start, 0);
    start = now_seconds();
    spigot_pi(spigot, n);
    double spigot_seconds = now_seconds() - start;

    for (int k = 0; k < PRECISIONS; k++)
        print_digits(precision[k], parallel[k]);
    printf("spigot, the check's method: %ld digits in %.3f s\n", n, spigot_seconds);
    report_print(&r);
    check_digits(sequential, parallel, spigot, precision);
    free(buffer);
    return check_status();
}
