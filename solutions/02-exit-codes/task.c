/*
 * task.c — exercise 02-exit-codes: a reference solution.
 *
 * waitpid(-1, ...) returns whichever child ended first, so the parent
 * reaps each one as soon as it can, whatever the order of the pids.
 */
#include <sys/wait.h>

#include "common.h"
#include "task.h"

static int python_exitcode(int status)
{
    if (WIFSIGNALED(status))
        return -WTERMSIG(status);      /* Python: minus the signal */
    return WEXITSTATUS(status);
}

void reap_all(const pid_t pid[], int code[], int n)
{
    for (int reaped = 0; reaped < n; reaped++) {
        int status;
        pid_t done = waitpid(-1, &status, 0);
        if (done == -1)
            die_errno("waitpid");
        for (int i = 0; i < n; i++)
            if (pid[i] == done)
                code[i] = python_exitcode(status);
    }
}
