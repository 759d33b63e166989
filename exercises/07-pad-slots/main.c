/*
 * main.c — the driver of exercise 07-pad-slots. DO NOT EDIT: your work
 * goes in task.c. Integrates 4/(1+x^2) from 0 to 1 by the midpoint rule in
 * THREADS threads, thread t adding every step of its part into your slot
 * t, as the chapter's false_sharing.c does. Then it looks at where your
 * slots lie, and compares pi with the same parts added up by this thread
 * alone. For your interest only, it times the threads on your slots and
 * on doubles side by side; the check never reads a time.
 *
 * Usage: program [-j THREADS] [-n STEPS]
 */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "common.h"
#include "task.h"

#define MAX_STEPS 1000000000L
#define PI 3.14159265358979323846

/* The comparison: the sums side by side, eight to a cache line. */
static volatile double adjacent[MAX_THREADS];

static volatile double *adjacent_sum(long t)
{
    return &adjacent[t];
}

/* The midpoint rule: step i adds 4/(1+x^2) at x = (i + 0.5)/steps. */
static double term(long i, long steps)
{
    double x = ((double)i + 0.5) / (double)steps;
    return 4.0 / (1.0 + x * x);
}

/* Thread t of `threads` takes steps [part_start(t), part_start(t + 1)). */
static long part_start(long steps, long threads, long t)
{
    return steps * t / threads;    /* at most 10^9 * 64: no overflow */
}

struct part {
    pthread_t thread;
    /* volatile: a store on every step, as a counter in a shared structure gets. */
    volatile double *sum;
    long first, last, steps;
};

static void *integrate(void *arg)
{
    const struct part *p = arg;
    for (long i = p->first; i < p->last; i++)
        *p->sum += term(i, p->steps);
    return NULL;
}

/* The threads, thread t adding into sum_of(t); pi from the sums added in
 * the order of the threads. */
static double pi_in_threads(volatile double *(*sum_of)(long), long threads, long steps,
                            double *seconds)
{
    struct part part[MAX_THREADS];
    double start = now_seconds();
    for (long t = 0; t < threads; t++) {
        part[t] = (struct part){.sum = sum_of(t), .steps = steps,
                                .first = part_start(steps, threads, t),
                                .last = part_start(steps, threads, t + 1)};
        *part[t].sum = 0;
        int err = pthread_create(&part[t].thread, NULL, integrate, &part[t]);
        if (err != 0)
            die_code(err, "pthread_create");
    }
    double pi = 0;
    for (long t = 0; t < threads; t++) {
        int err = pthread_join(part[t].thread, NULL);
        if (err != 0)
            die_code(err, "pthread_join");
        pi += *part[t].sum;
    }
    *seconds = now_seconds() - start;
    return pi / (double)steps;
}

/* The same parts, one after the other, in this thread: the same roundings
 * in the same order, so the same bits as the threads must give. */
static double pi_one_thread(long threads, long steps)
{
    double pi = 0;
    for (long t = 0; t < threads; t++) {
        double sum = 0;
        for (long i = part_start(steps, threads, t); i < part_start(steps, threads, t + 1); i++)
            sum += term(i, steps);
        pi += sum;
    }
    return pi / (double)steps;
}

/* Where your slots lie, all MAX_THREADS of them, whatever -j. */
struct layout {
    long at_line_start;            /* sums at an address that is a multiple of 64 */
    long smallest_distance;        /* bytes between two neighbouring sums */
    long odd_distances;            /* distances that are not a multiple of 64 */
};

static struct layout measure_layout(void)
{
    struct layout l = {.smallest_distance = LONG_MAX};
    for (long t = 0; t < MAX_THREADS; t++) {
        uintptr_t at = (uintptr_t)slot_sum(t);
        l.at_line_start += at % CACHE_LINE == 0;
        if (t == 0)
            continue;
        long distance = (long)((intptr_t)at - (intptr_t)slot_sum(t - 1));   /* < 0 if backwards */
        if (distance < l.smallest_distance)
            l.smallest_distance = distance;
        l.odd_distances += distance % CACHE_LINE != 0;
    }
    return l;
}

static const char usage[] =
    "[-j THREADS] [-n STEPS]\n"
    "Integrates 4/(1+x^2) in threads, each adding into its slot of task.c.\n"
    "  -j THREADS  (1-64, default 4)\n"
    "  -n STEPS    (1-1000000000, default 20000000)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_THREADS,
                          .size = 20000000, .min_size = 1, .max_size = MAX_STEPS};
    parse_options(argc, argv, &opt);
    long threads = opt.workers, steps = opt.size;

    printf("threads: %ld\nsteps: %ld\n", threads, steps);
    struct layout l = measure_layout();
    printf("slot size: %zu bytes\nslot alignment: %zu bytes\n", slot_size, slot_align);
    printf("sums at the start of a cache line: %ld of %d\n", l.at_line_start, MAX_THREADS);
    printf("smallest distance between neighbouring sums: %ld bytes\n", l.smallest_distance);
    printf("distances not a multiple of %d bytes: %ld\n", CACHE_LINE, l.odd_distances);

    double yours_seconds, adjacent_seconds;
    double reference = pi_one_thread(threads, steps);
    double pi = pi_in_threads(slot_sum, threads, steps, &yours_seconds);
    (void)pi_in_threads(adjacent_sum, threads, steps, &adjacent_seconds);
    printf("pi, one thread: %.17g\npi: %.17g\n", reference, pi);   /* 17 digits: every bit */
    printf("seconds on your slots: %.3f\nseconds on adjacent doubles: %.3f "
           "(for your interest: the check ignores times)\n", yours_seconds, adjacent_seconds);

    check_long("slot alignment a multiple of a cache line", 1,
               slot_align >= CACHE_LINE && slot_align % CACHE_LINE == 0);
    check_long("slot size a multiple of a cache line", 1,
               slot_size >= CACHE_LINE && slot_size % CACHE_LINE == 0);
    check_long("sums at the start of a cache line", MAX_THREADS, l.at_line_start);
    check_long("neighbouring sums a cache line or more apart", 1,
               l.smallest_distance >= CACHE_LINE && l.odd_distances == 0);
    /* == on finite, non-zero doubles: the same bits. */
    check_long("pi from your slots equal to one thread's, bit for bit", 1, pi == reference);
    /* The midpoint rule misses by at most 1/(3 n^2) here; then rounding. */
    double tolerance = 1 / ((double)steps * (double)steps) + 1e-8;
    check_long("pi within the midpoint rule's error", 1,
               pi - PI < tolerance && PI - pi < tolerance);
    return check_status();
}
