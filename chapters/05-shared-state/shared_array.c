/*
 * shared_array.c — an array in shared memory, filled by several processes,
 * each writing its own slice; the parent reads the result in place.
 *
 * Python: Array('i', n) handed to several Processes, each filling part of it
 *         (seed E "Value or Array"; catalog row 31).
 * C:      one mmap(MAP_SHARED | MAP_ANONYMOUS) of n longs before fork; no
 *         lock: no two processes ever write the same element.
 *
 * Usage:  shared_array [-j PROCESSES] [-n ELEMENTS]   defaults: -j 4, -n 10
 * Expect: [process-1 4243] filled [0, 2)
 *         ... one line per process ...
 *         array: 0 1 4 9 16 25 36 49 64 81
 *         sum: 285 (expected 285)
 * See also: counter_shared.c (where processes DO write the same place).
 * Try:    -j 12 -n 10 (more processes than elements: some get nothing).
 * Look for: the parent reading what the children wrote, with no message sent.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define MAX_PROCESSES 64L
#define PRINT_AT_MOST 20L

static long *array;                /* in shared memory: see main */

/* Process p of `processes` gets elements [first, last): slices that differ
 * in size by at most one, covering [0, n) exactly. */
static void slice(long p, long processes, long n, long *first, long *last)
{
    *first = n * p / processes;
    *last = n * (p + 1) / processes;
}

static void fill(long p, long processes, long n)
{
    long first, last;
    slice(p, processes, n, &first, &last);
    for (long i = first; i < last; i++) {
        array[i] = i * i;
    }
    printf("[process-%ld %ld] filled [%ld, %ld)\n", p + 1, (long)getpid(), first, last);
}

static long *map_shared_longs(long n)
{
    long *a = mmap(NULL, (size_t)n * sizeof(long), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (a == MAP_FAILED)
        die_errno("mmap");
    return a;                      /* zero-filled, like Array('i', n) */
}

static const char usage[] =
    "[-j PROCESSES] [-n ELEMENTS]\n"
    "PROCESSES processes fill slices of one shared array with squares.\n"
    "  -j PROCESSES  (1-64, default 4)\n"
    "  -n ELEMENTS   (1-1000000, default 10)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_PROCESSES,
                          .size = 10, .min_size = 1, .max_size = 1000000};
    parse_options(argc, argv, &opt);
    array = map_shared_longs(opt.size);

    pid_t pid[MAX_PROCESSES];
    for (long p = 0; p < opt.workers; p++) {
        fflush(stdout);            /* or the child repeats what we buffered */
        pid[p] = fork();
        if (pid[p] == -1)
            die_errno("fork");
        if (pid[p] == 0) {
            fill(p, opt.workers, opt.size);
            fflush(stdout);        /* _exit does not flush stdio */
            _exit(0);
        }
    }
    for (long p = 0; p < opt.workers; p++)
        if (waitpid(pid[p], NULL, 0) == -1)
            die_errno("waitpid");

    long sum = 0, expected = 0;
    for (long i = 0; i < opt.size; i++) {
        sum += array[i];
        expected += i * i;
    }
    printf("array:");
    for (long i = 0; i < opt.size && i < PRINT_AT_MOST; i++)
        printf(" %ld", array[i]);
    printf("%s\nsum: %ld (expected %ld)\n", opt.size > PRINT_AT_MOST ? " ..." : "", sum, expected);
    check_long("sum of squares", expected, sum);
    munmap(array, (size_t)opt.size * sizeof(long));
    return check_status();
}
