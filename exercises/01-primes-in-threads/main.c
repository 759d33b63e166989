/*
 * main.c — the driver of exercise 01-primes-in-threads. DO NOT EDIT: your
 * work goes in task.c. This file counts the primes below n itself, asks
 * your count_primes_in_threads() to do it with threads, and compares.
 *
 * Usage: program [-j WORKERS] [-n N]
 */
#include <pthread.h>
#include <stdio.h>

#include "common.h"
#include "task.h"

#define MAX_WORKERS 64

long count_primes(long first, long last)
{
    long primes = 0;
    for (long x = first < 2 ? 2 : first; x < last; x++) {
        bool prime = true;
        for (long d = 2; d * d <= x && prime; d++)
            prime = x % d != 0;
        primes += prime;
    }
    return primes;
}

/* Numbers each thread the first time it reports: the main thread is 0. */
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t seen[MAX_WORKERS + 1];
static int seen_count;

static int thread_number(void)
{
    pthread_mutex_lock(&seen_lock);
    int i = 0;
    while (i < seen_count && !pthread_equal(seen[i], pthread_self()))
        i++;
    if (i == seen_count && seen_count <= MAX_WORKERS)
        seen[seen_count++] = pthread_self();
    pthread_mutex_unlock(&seen_lock);
    return i;
}

void report_worker(long worker, long first, long last, long primes)
{
    printf("worker %ld: [%ld, %ld) primes %ld, thread %d\n", worker, first, last,
           primes, thread_number());
}

static const char usage[] =
    "[-j WORKERS] [-n N]\n"
    "Counts the primes below N with your count_primes_in_threads().\n"
    "  -j WORKERS  threads (1-64, default 4)\n"
    "  -n N        count primes below N (1-10000000, default 200000)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_WORKERS,
                          .size = 200000, .min_size = 1, .max_size = 10000000};
    parse_options(argc, argv, &opt);
    thread_number();            /* the main thread is thread 0 */
    printf("workers: %ld\n", opt.workers);

    long expected = count_primes(0, opt.size);
    long got = count_primes_in_threads(opt.size, opt.workers);
    printf("primes below %ld: %ld\n", opt.size, got);
    check_long("primes", expected, got);
    return check_status();
}
