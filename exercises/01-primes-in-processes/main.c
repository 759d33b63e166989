/*
 * main.c — the driver of exercise 01-primes-in-processes. DO NOT EDIT:
 * your work goes in task.c. This file counts the primes below n itself,
 * asks your count_primes_in_processes() to do it with child processes,
 * and compares. It also checks that you reaped every child.
 *
 * Usage: program [-j WORKERS] [-n N]
 */
#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

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

void report_worker(long worker, long first, long last, long primes)
{
    printf("worker %ld: [%ld, %ld) primes %ld, pid %ld\n", worker, first, last,
           primes, (long)getpid());
    fflush(stdout);             /* a child that calls _exit() flushes nothing */
}

/* Children that task.c left behind: zombies, or still running. */
static long unreaped_children(void)
{
    long left = 0;
    pid_t pid;
    while ((pid = waitpid(-1, NULL, WNOHANG)) != 0) {
        if (pid == -1)
            return left;        /* ECHILD: no child at all, as it should be */
        left++;
    }
    left++;                     /* one still runs: wait for all, then count */
    while (wait(NULL) != -1 || errno == EINTR)
        left += errno != EINTR;
    return left;
}

static const char usage[] =
    "[-j WORKERS] [-n N]\n"
    "Counts the primes below N with your count_primes_in_processes().\n"
    "  -j WORKERS  processes (1-64, default 4)\n"
    "  -n N        count primes below N (1-10000000, default 200000)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = 64,
                          .size = 200000, .min_size = 1, .max_size = 10000000};
    parse_options(argc, argv, &opt);
    printf("parent pid: %ld\nworkers: %ld\n", (long)getpid(), opt.workers);
    fflush(stdout);             /* before any fork in task.c */

    long expected = count_primes(0, opt.size);
    long got = count_primes_in_processes(opt.size, opt.workers);
    printf("primes below %ld: %ld\n", opt.size, got);
    check_long("primes", expected, got);
    check_long("children left unreaped", 0, unreaped_children());
    return check_status();
}
