/*
 * amdahl.c — a program with a serial part: however many workers share the
 * rest, the serial part takes as long as ever, and it caps the speedup.
 * Measured for 1, 2, ... workers, next to what Amdahl's law predicts.
 *
 * Python: no seed: the tutorials promise "N times faster" for work with no
 *         serial part at all (catalog row 51, "beyond").
 * C:      the parent runs the serial part alone, then forks the workers for
 *         the parallel part: 840 chunks of work, a range of them each, their
 *         sums back through one pipe. 840 is divisible by 1 to 8, so up to
 *         8 workers every one gets the same share.
 *
 * Usage:  amdahl [-s SERIAL_PERCENT] [-j MAX_WORKERS] [-n UNITS] [--bench]
 *         defaults: -s 10, -j twice the online CPUs, -n 30000000 units of
 *         work (about 3 ns each); --bench: -n 200000000
 * Expect: serial part: 10% of the work (measured: 10.1%); the limit: 9.9x
 *          workers    seconds   speedup    Amdahl   on 2 cores
 *                1      0.090     1.01x     1.00x        1.00x
 *                2      0.049     1.85x     1.82x        1.82x
 *                3      0.064     1.44x     2.50x        1.82x
 *                4      0.058     1.57x     3.07x        1.82x
 * See also: granularity.c; chapter 07 (work with no serial part).
 * Try:    -s 0; -s 50 (two workers at best 1.33x); -s 100.
 * Look for: the speedup close to Amdahl's up to the core count; beyond it,
 *         fixed shares on too few cores cost a round.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define CHUNKS 840L                /* divisible by every worker count 1..8 */
#define MAX_WORKERS 64L
#define DEFAULT_UNITS 30000000L
#define BENCH_UNITS 200000000L
#define MAX_UNITS 100000000000L

/* ---- the work: chains of hashes (each step needs the one before, so the
 * compiler can neither vectorise nor skip them); a unit is one step. */

static uint64_t chain(uint64_t x, long units)
{
    for (long u = 0; u < units; u++) {
        x += 0x9e3779b97f4a7c15u;                  /* splitmix64 */
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
        x ^= x >> 31;
    }
    return x;
}

struct work {
    long serial_units, parallel_units;
};

/* Chunk c's share of the parallel units, and its result. */
static uint64_t chunk(const struct work *w, long c)
{
    long units = w->parallel_units * (c + 1) / CHUNKS - w->parallel_units * c / CHUNKS;
    return chain((uint64_t)c, units);
}

/* Chunks first..last-1, summed modulo 2^64: in any grouping, the same sum. */
static uint64_t chunks(const struct work *w, long first, long last)
{
    uint64_t sum = 0;
    for (long c = first; c < last; c++)
        sum += chunk(w, c);
    return sum;
}

/* ---- one run: the serial part here, then the parallel part in
 * `workers` processes (0: in this process, the sequential baseline). */


static uint64_t parallel_part(const struct work *w, long workers)
{
    int fd[2];
    if (pipe(fd) == -1)
        die_errno("pipe");
    pid_t pid[MAX_WORKERS];
    for (long k = 0; k < workers; k++) {
        fflush(stdout);            /* or the child inherits, and prints, our buffer */
        pid[k] = fork();
        if (pid[k] == -1)
            die_errno("fork");
        if (pid[k] == 0) {
            close(fd[0]);
            uint64_t part = chunks(w, CHUNKS * k / workers, CHUNKS * (k + 1) / workers);
            /* One pipe for all: a write of at most PIPE_BUF bytes is never
             * mixed with another's. */
            _exit(write(fd[1], &part, sizeof part) == (ssize_t)sizeof part ? 0 : 1);
        }
    }
    close(fd[1]);
    uint64_t sum = 0;
    uint64_t part;
    for (long k = 0; k < workers; k++) {
        if (read(fd[0], &part, sizeof part) != (ssize_t)sizeof part)   /* whole: see above */
            die("a worker ended without its sum");
        sum += part;
    }
    close(fd[0]);
    for (long k = 0; k < workers; k++) {
        int status;
        if (waitpid(pid[k], &status, 0) == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            die("worker %ld failed", k);
    }
    return sum;
}

/* Returns the run's result; its time in *seconds, the serial part's in
 * *serial_seconds. */
static uint64_t run(const struct work *w, long workers, double *seconds, double *serial_seconds)
{
    double start = now_seconds();
    uint64_t result = chain(UINT64_MAX, w->serial_units);      /* the serial part */
    *serial_seconds = now_seconds() - start;
    result += workers == 0 ? chunks(w, 0, CHUNKS) : parallel_part(w, workers);
    *seconds = now_seconds() - start;
    return result;
}

/* ---- the table */

static double amdahl(double serial, double workers)
{
    return 1 / (serial + (1 - serial) / workers);
}

static long serial_percent = 10;

static void on_option(int letter, const char *value)
{
    (void)letter;
    serial_percent = parse_long(value, 0, 100, "serial percent (-s)");
}

static const char usage[] =
    "[-s SERIAL_PERCENT] [-j MAX_WORKERS] [-n UNITS] [--bench]\n"
    "Work with a serial part, on 1 to MAX_WORKERS processes, against Amdahl's law.\n"
    "  -s SERIAL_PERCENT  share of the work only one process can do (0-100, default 10)\n"
    "  -j MAX_WORKERS     (1-64, default: twice the online CPUs)\n"
    "  -n UNITS           all the work, in steps of about 3 ns (1-100000000000,\n"
    "                     default 30000000)\n"
    "  --bench            -n 200000000 unless given, and BENCH lines\n";

int main(int argc, char *argv[])
{
    long cpus = online_cpus();
    struct options opt = {.usage = usage, .workers = 2 * cpus < MAX_WORKERS ? 2 * cpus : MAX_WORKERS,
                          .max_workers = MAX_WORKERS, .min_size = 1, .max_size = MAX_UNITS,
                          .extra_options = "s:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long units = opt.size ? opt.size : opt.bench ? BENCH_UNITS : DEFAULT_UNITS;
    struct work w = {units * serial_percent / 100, 0};     /* at most 10^13: fits */
    w.parallel_units = units - w.serial_units;

    double serial_seconds, sequential, seconds;
    uint64_t expected = run(&w, 0, &sequential, &serial_seconds);
    double s = serial_seconds / sequential;      /* the serial fraction, as measured */
    if (w.serial_units == 0 || w.parallel_units == 0)
        s = w.serial_units == 0 ? 0 : 1;         /* not the clock's noise */
    printf("serial part: %ld%% of the work (measured: %.1f%%); ", serial_percent, 100 * s);
    if (s > 0)
        printf("the limit: %.1fx\n", 1 / s);
    else
        printf("no limit\n");
    char on_cpus[32];
    snprintf(on_cpus, sizeof on_cpus, "on %ld cores", cpus);
    printf("%8s %10s %9s %9s %12s\n", "workers", "seconds", "speedup", "Amdahl", on_cpus);

    long right = 0;
    for (long j = 1; j <= opt.workers; j++) {
        right += run(&w, j, &seconds, &serial_seconds) == expected;
        printf("%8ld %10.3f %8.2fx %8.2fx %11.2fx\n", j, seconds, sequential / seconds,
               amdahl(s, (double)j), amdahl(s, (double)(j < cpus ? j : cpus)));
        if (opt.bench)
            printf("BENCH program=amdahl case=serial-%ld workers=%ld seconds=%.6f speedup=%.3f "
                   "amdahl=%.3f\n", serial_percent, j, seconds, sequential / seconds,
                   amdahl(s, (double)j));
    }
    check_long("runs whose result equals the sequential one", opt.workers, right);
    return check_status();
}
