/*
 * task.c — exercise 01-primes-in-processes: YOUR FILE.
 *
 * Count the primes below n with `workers` child processes. Today this runs
 * everything in the parent, so its count is right but the check fails:
 * there is one worker, and its pid is the parent's.
 *
 * Check your work with:  make check EX=01-primes-in-processes
 */
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

long count_primes_in_processes(long n, long workers)
{
    /* TODO 1: make a pipe: the children will write their counts into it.
     * TODO 2: fork `workers` children. Child w counts its own range of
     *         [0, n) with count_primes(), calls report_worker(), writes its
     *         count into the pipe and ends with _exit(0).
     * TODO 3: in the parent, close the write end, read `workers` counts and
     *         add them up, close the read end, and reap every child with
     *         waitpid, checking that each exited with status 0. */
    (void)workers;
    long primes = count_primes(0, n);
    report_worker(0, 0, n, primes);
    return primes;
}
