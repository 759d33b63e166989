/*
 * counter_global.c — the counter that does not count: each process adds
 * to a global variable, and the parent's copy stays 0.
 *
 * Python: a global counter += 1 in each Process; the parent prints 0
 *         (seed B "INCORRECT"; catalog row 27).
 * C:      fork copies the whole address space, globals included (copy on
 *         write); each child changes only its own copy.
 *
 * Usage:  counter_global [-j PROCESSES] [-n INCREMENTS]   defaults: -j 4, -n 1000
 * Expect: [process-1 4243] my counter: 1000
 *         ... one line per process ...
 *         parent's counter after join: 0 (the children added 4000 in all,
 *         each to its own copy)
 * See also: counter_shared.c (the fix); chapter 02's separate_memory.c.
 * Try:    print &counter in the parent and in a child: the same address,
 *         two different values.
 * Look for: the 0.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define MAX_PROCESSES 64L

static long counter;               /* each process has its own after fork */

static void increment(long process, long times)
{
    for (long i = 0; i < times; i++)
        counter++;
    printf("[process-%ld %ld] my counter: %ld\n", process, (long)getpid(), counter);
}

static pid_t start(long process, long times)
{
    fflush(stdout);                /* or the child repeats what we buffered */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        increment(process, times);
        fflush(stdout);            /* _exit does not flush stdio */
        _exit(counter == times ? 0 : 1);
    }
    return pid;
}

static const char usage[] =
    "[-j PROCESSES] [-n INCREMENTS]\n"
    "Each process adds to its own copy of a global counter; the parent's stays 0.\n"
    "  -j PROCESSES  (1-64, default 4)\n"
    "  -n INCREMENTS per process (0-100000000, default 1000)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_PROCESSES,
                          .size = 1000, .min_size = 0, .max_size = 100000000};
    parse_options(argc, argv, &opt);

    pid_t pid[MAX_PROCESSES];
    for (long p = 0; p < opt.workers; p++)
        pid[p] = start(p + 1, opt.size);
    long counted_right = 0;        /* children whose own copy reached -n */
    for (long p = 0; p < opt.workers; p++) {
        int status;
        if (waitpid(pid[p], &status, 0) == -1)
            die_errno("waitpid");
        counted_right += WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    printf("parent's counter after join: %ld (the children added %ld in all, "
           "each to its own copy)\n", counter, opt.workers * opt.size);
    check_long("parent's counter", 0, counter);
    check_long("children whose own copy counted to -n", opt.workers, counted_right);
    return check_status();
}
