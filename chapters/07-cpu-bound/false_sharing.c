/*
 * false_sharing.c — threads that share nothing can still slow each other
 * down: when their variables sit in one cache line, the cores pass that
 * line back and forth on every write. Pi as the integral of 4/(1+x^2) from
 * 0 to 1, each thread adding its part into a slot of one array.
 *
 * Python: no seed: Python threads never run at once, and its numbers are
 *         objects far apart in memory (catalog row 47, "beyond").
 * C:      three layouts of the same sums: slots side by side in one array,
 *         slots padded to a cache line each, and a local variable written
 *         to the slot once at the end.
 *
 * Usage:  false_sharing [-j WORKERS] [-n STEPS] [--bench]
 *         defaults: -j online CPUs (at least 2), -n 20000000
 * Expect: pi ~ 3.141592653590 in every layout
 *         layout       threads   seconds   ns/step   vs padded
 *         adjacent           2     0.104     10.44        3.7x
 *         padded             2     0.028      2.84        1.0x
 *         local              2     0.019      1.87        0.7x
 *         (ns/step: each thread's time per step of its own share)
 * See also: chapter 05's increment_cost.c (partial sums per process).
 * Try:    -j 1 (one thread: nobody to share a line with); -j 4.
 * Look for: the same arithmetic, several times slower side by side.
 */
#include <pthread.h>
#include <stdalign.h>
#include <stdio.h>

#include "common.h"

#define MAX_THREADS 64L
#define CACHE_LINE 64              /* bytes; x86 and most ARM cores */
#define PI 3.14159265358979323846

/* The three layouts. `volatile` makes the compiler store the sum to its
 * slot on every step, as code does that updates a counter in a shared
 * structure; without it, it would keep the sum in a register, which is
 * exactly the third layout, written out. */
static volatile double adjacent[MAX_THREADS];           /* 8 slots per line */
static struct padded_slot {
    alignas(CACHE_LINE) volatile double sum;            /* a line each */
} padded[MAX_THREADS];
static double local_result[MAX_THREADS];

enum layout { ADJACENT, PADDED, LOCAL };
static const char *const layout_name[] = {"adjacent", "padded", "local"};

struct part {
    pthread_t thread;
    enum layout layout;
    long id, first, last, steps;
};

/* The midpoint rule: step i adds 4/(1+x^2) at x = (i + 0.5)/steps. */
static double term(long i, long steps)
{
    double x = ((double)i + 0.5) / (double)steps;
    return 4.0 / (1.0 + x * x);
}

static void *integrate(void *arg)
{
    const struct part *p = arg;
    if (p->layout == ADJACENT) {
        for (long i = p->first; i < p->last; i++)
            adjacent[p->id] += term(i, p->steps);
    } else if (p->layout == PADDED) {
        for (long i = p->first; i < p->last; i++)
            padded[p->id].sum += term(i, p->steps);
    } else {
        double sum = 0;
        for (long i = p->first; i < p->last; i++)
            sum += term(i, p->steps);
        local_result[p->id] = sum;
    }
    return NULL;
}

static double slot(enum layout layout, long id)
{
    return layout == ADJACENT ? adjacent[id] : layout == PADDED ? padded[id].sum
                                                                : local_result[id];
}

/* Runs the threads on one layout; returns pi, the slots added in order. */
static double pi_in_threads(enum layout layout, long threads, long steps, double *seconds)
{
    struct part part[MAX_THREADS];
    double start = now_seconds();
    for (long t = 0; t < threads; t++) {
        part[t] = (struct part){.layout = layout, .id = t, .steps = steps,
                                .first = steps * t / threads, .last = steps * (t + 1) / threads};
        int err = pthread_create(&part[t].thread, NULL, integrate, &part[t]);
        if (err != 0)
            die_code(err, "pthread_create");
    }
    double pi = 0;
    for (long t = 0; t < threads; t++) {
        int err = pthread_join(part[t].thread, NULL);
        if (err != 0)
            die_code(err, "pthread_join");
        pi += slot(layout, t);
    }
    *seconds = now_seconds() - start;
    return pi / (double)steps;
}

static const char usage[] =
    "[-j WORKERS] [-n STEPS] [--bench]\n"
    "Integrates 4/(1+x^2) in threads, their sums side by side, padded, or local.\n"
    "  -j WORKERS  (1-64, default: online CPUs, at least 2)\n"
    "  -n STEPS    (1-10000000000, default 20000000)\n"
    "  --bench     also print BENCH lines\n";

int main(int argc, char *argv[])
{
    long cpus = online_cpus();
    struct options opt = {.usage = usage, .workers = cpus < 2 ? 2 : cpus > MAX_THREADS ? MAX_THREADS : cpus,
                          .max_workers = MAX_THREADS, .size = 20000000, .min_size = 1,
                          .max_size = 10000000000};
    parse_options(argc, argv, &opt);
    long steps = opt.size, j = opt.workers;
    double pi[3], seconds[3];
    for (int l = ADJACENT; l <= LOCAL; l++)
        pi[l] = pi_in_threads((enum layout)l, j, steps, &seconds[l]);

    printf("pi ~ %.12f in every layout\n", pi[LOCAL]);
    printf("%-10s %9s %9s %9s %11s\n", "layout", "threads", "seconds", "ns/step", "vs padded");
    for (int l = ADJACENT; l <= LOCAL; l++) {
        printf("%-10s %9ld %9.3f %9.2f %10.1fx\n", layout_name[l], j, seconds[l],
               seconds[l] * 1e9 / (double)steps * (double)j, seconds[l] / seconds[PADDED]);
        if (opt.bench)
            printf("BENCH program=false_sharing case=%s workers=%ld seconds=%.6f "
                   "ns_per_step=%.4f\n", layout_name[l], j, seconds[l],
                   seconds[l] * 1e9 / (double)steps * (double)j);
    }
    /* == on finite, non-zero doubles: the same bits. */
    check_long("adjacent slots give the same pi, bit for bit", 1, pi[ADJACENT] == pi[LOCAL]);
    check_long("padded slots give the same pi, bit for bit", 1, pi[PADDED] == pi[LOCAL]);
    /* The midpoint rule misses by at most 1/(3 n^2) here; then rounding. */
    double tolerance = 1 / ((double)steps * (double)steps) + 1e-8;
    check_long("pi within the midpoint rule's error", 1,
               pi[LOCAL] - PI < tolerance && PI - pi[LOCAL] < tolerance);
    return check_status();
}
