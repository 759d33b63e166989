/*
 * task.c — exercise 01-primes-in-processes: a reference solution.
 *
 * The children cannot store their counts in the parent's variables: after
 * fork each has its own copy of memory. So each one writes its count into
 * a pipe that all of them share with the parent.
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

static void count_in_child(int to_parent, long worker, long first, long last)
{
    long primes = count_primes(first, last);
    report_worker(worker, first, last, primes);
    /* sizeof(long) is far below PIPE_BUF: the write is atomic, so counts
     * from different children never mix, and the parent reads whole ones */
    if (write(to_parent, &primes, sizeof primes) != (ssize_t)sizeof primes)
        die_errno("worker %ld: write", worker);
    _exit(0);                    /* not exit(): the parent's stdio is not ours */
}

long count_primes_in_processes(long n, long workers)
{
    int fd[2];
    if (pipe(fd) == -1)
        die_errno("pipe");
    pid_t *pid = calloc((size_t)workers, sizeof *pid);
    if (!pid)
        die_errno("calloc");
    for (long w = 0; w < workers; w++) {
        pid[w] = fork();
        if (pid[w] == -1)
            die_errno("fork");
        if (pid[w] == 0) {
            close(fd[0]);
            count_in_child(fd[1], w, n * w / workers, n * (w + 1) / workers);
        }
    }
    close(fd[1]);                /* else the read end would never see EOF */

    long primes = 0, count;
    for (long w = 0; w < workers; w++) {
        if (read(fd[0], &count, sizeof count) != (ssize_t)sizeof count)
            die("a worker sent no count");
        primes += count;
    }
    close(fd[0]);

    for (long w = 0; w < workers; w++) {
        int status;
        if (waitpid(pid[w], &status, 0) == -1)
            die_errno("waitpid");
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            die("worker %ld failed", w);
    }
    free(pid);
    return primes;
}
