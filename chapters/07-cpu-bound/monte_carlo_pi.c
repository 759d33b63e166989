/*
 * monte_carlo_pi.c — pi from random points in a square: the share that
 * falls inside the quarter circle is pi/4. Sequentially, in N processes and
 * in N threads, with the very same points: the three estimates are equal
 * to the last bit, whatever the number of workers.
 *
 * Python: pi(100_000_000) with random() for each coordinate, then the
 *         points split over a Pool (seed E monte_carlo_pi.py and
 *         monte_carlo_pi_mul.py; catalog row 43).
 * C:      point i's coordinates are a hash of i (splitmix64), not the next
 *         draw of a generator: any worker can make any point, so the work
 *         splits into ranges of i with nothing shared. fork + a pipe per
 *         process; pthread_create + a slot per thread.
 *
 * Usage:  monte_carlo_pi [-j WORKERS] [-n POINTS] [--bench]
 *         defaults: -j online CPUs, -n 100000000 (the tutorial's)
 * Expect: pi ~ 3.1414347200 from 78535868 of 100000000 points, in every mode
 *         mode                 workers    seconds   speedup  efficiency       ns/point
 *         sequential                 1      0.114     1.00x        100%           1.14
 *         processes                  2      0.058     1.97x         98%           0.58
 *         threads                    2      0.057     2.00x        100%           0.57
 * See also: chapter 01's cpu_bound.c (the same hash, as plain work);
 *         chapter 04's random_values.c (seeds per process).
 * Try:    -j 1, -j 3, -j 8: the estimate does not move by one bit; -n 1000;
 *         `make NATIVE=1` (vector instructions of this CPU; plain `make` goes back).
 * Look for: one estimate, three ways, and the time per point.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define MAX_WORKERS 256L
#define MAX_POINTS 100000000000L   /* about two minutes on one core */
#define PI 3.14159265358979323846

/* Point i of the square, as two 31-bit coordinates cut from one 64-bit
 * hash of i: bits 33..63 for x, bits 2..32 for y. splitmix64's mixer
 * makes every bit of the hash depend on every bit of i, so consecutive
 * points look unrelated. Integer coordinates keep the test exact: no
 * rounding that could differ between two ways of computing it. */
static inline uint64_t splitmix64(uint64_t i)
{
    uint64_t z = i * 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* How many of points first..last-1 fall inside the quarter circle of
 * radius 2^31: x^2 + y^2 < 2^62 (no overflow: each square is below 2^62).
 * noinline: every mode runs this same machine code (see chapter 01). */
__attribute__((noinline)) static long points_inside(long first, long last)
{
    long inside = 0;
    for (long i = first; i < last; i++) {
        uint64_t h = splitmix64((uint64_t)i);
        uint64_t x = h >> 33, y = (h >> 2) & 0x7fffffffu;
        inside += x * x + y * y < (uint64_t)1 << 62;
    }
    return inside;
}

/* Worker w of `workers` takes points [n*w/workers, n*(w+1)/workers). */
static long range_start(long n, long workers, long w)
{
    return n * w / workers;        /* at most 10^11 * 256: no overflow */
}

/* ---- processes: each sends its count through the pipe, in one write. */

static long inside_in_processes(long n, long workers)
{
    int fd[2];
    if (pipe(fd) == -1)
        die_errno("pipe");
    fflush(stdout);                /* or each child repeats what we buffered */
    for (long w = 0; w < workers; w++) {
        pid_t pid = fork();
        if (pid == -1)
            die_errno("fork");
        if (pid == 0) {
            close(fd[0]);
            long inside = points_inside(range_start(n, workers, w),
                                        range_start(n, workers, w + 1));
            /* At most PIPE_BUF bytes: one write, never mixed with another. */
            _exit(write(fd[1], &inside, sizeof inside) == (ssize_t)sizeof inside ? 0 : 1);
        }
    }
    close(fd[1]);                  /* so the read below can see the end */
    long total = 0, got = 0, inside;
    while (read(fd[0], &inside, sizeof inside) == (ssize_t)sizeof inside) {
        total += inside;
        got++;
    }
    close(fd[0]);
    for (long w = 0; w < workers; w++)
        if (wait(NULL) == -1)
            die_errno("wait");
    if (got != workers)
        die("%ld of %ld workers sent their count", got, workers);
    return total;
}

/* ---- threads: each writes its count into its own slot. */

struct worker {
    pthread_t thread;
    long first, last, inside;
};

static void *thread_main(void *arg)
{
    struct worker *w = arg;
    w->inside = points_inside(w->first, w->last);
    return NULL;
}

static long inside_in_threads(long n, long workers)
{
    struct worker worker[MAX_WORKERS];
    for (long w = 0; w < workers; w++) {
        worker[w] = (struct worker){.first = range_start(n, workers, w),
                                    .last = range_start(n, workers, w + 1)};
        int err = pthread_create(&worker[w].thread, NULL, thread_main, &worker[w]);
        if (err != 0)
            die_code(err, "pthread_create");
    }
    long total = 0;
    for (long w = 0; w < workers; w++) {
        int err = pthread_join(worker[w].thread, NULL);
        if (err != 0)
            die_code(err, "pthread_join");
        total += worker[w].inside;
    }
    return total;
}

static const char usage[] =
    "[-j WORKERS] [-n POINTS] [--bench]\n"
    "Estimates pi from POINTS points, sequentially, in processes and in threads.\n"
    "  -j WORKERS  (1-256, default: online CPUs)\n"
    "  -n POINTS   (1-100000000000, default 100000000)\n"
    "  --bench     also print BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(), .max_workers = MAX_WORKERS,
                          .size = 100000000, .min_size = 1, .max_size = MAX_POINTS};
    parse_options(argc, argv, &opt);
    long n = opt.size, j = opt.workers;
    struct report r = {.program = "monte_carlo_pi", .bench = opt.bench, .metric = "ns/point",
                       .metric_key = "ns_per_point"};

    double start = now_seconds();
    long sequential = points_inside(0, n);
    report_add(&r, "sequential", 1, now_seconds() - start, 0);
    start = now_seconds();
    long processes = inside_in_processes(n, j);
    report_add(&r, "processes", j, now_seconds() - start, 0);
    start = now_seconds();
    long threads = inside_in_threads(n, j);
    report_add(&r, "threads", j, now_seconds() - start, 0);
    for (int k = 0; k < r.rows; k++)
        r.row[k].metric = r.row[k].seconds * 1e9 / (double)n;

    double pi = 4.0 * (double)sequential / (double)n;
    printf("pi ~ %.10f from %ld of %ld points, in every mode\n", pi, sequential, n);
    report_print(&r);
    check_long("points inside, processes = sequential", sequential, processes);
    check_long("points inside, threads = sequential", sequential, threads);
    /* The estimate's standard error is 4 sqrt(p (1 - p) / n), p = pi/4:
     * a hash that made poor points would miss by far more than 6 of them. */
    double error = 4 * sqrt(PI / 4 * (1 - PI / 4) / (double)n);
    if (n == 100000000)            /* the default: this hash's known count */
        check_long("points inside of the default 100000000", 78535868, sequential);
    check_long("estimate within 6 standard errors of pi", 1, fabs(pi - PI) < 6 * error);
    return check_status();
}
