/*
 * task.c — exercise 09-report-crash: YOUR FILE.
 *
 * Wait for the children that ran the tasks, and say how each one ended.
 * Today wait_all() takes whichever child ends next and files its status
 * under the next task in the list, so statuses land on the wrong tasks;
 * and describe() reads every status as an exit code, so a child killed
 * by SIGSEGV or SIGKILL is reported as "exited 0", a success.
 *
 * Check your work with:  make check EX=09-report-crash
 */
#include <stdio.h>
#include <sys/wait.h>

#include "common.h"
#include "task.h"

void wait_all(struct run runs[], long count)
{
    /* TODO 1: wait() returns the pid of the child that ended first, which
     *         is not runs[i]'s child: the tasks end in any order. Either
     *         wait for each child by its own pid (waitpid(runs[i].pid,
     *         ...)), or take them as they come (waitpid(-1, ...)) and look
     *         the pid that came back up in runs[]. */
    for (long i = 0; i < count; i++) {
        if (wait(&runs[i].status) == -1)
            die_errno("wait");
        runs[i].reaped = true;
    }
}

struct outcome describe(int status)
{
    /* TODO 2: a status is not an exit code. WIFEXITED(status) says the
     *         child exited; only then is WEXITSTATUS(status) its code.
     *         WIFSIGNALED(status) says a signal ended it; WTERMSIG(status)
     *         is that signal, and WEXITSTATUS means nothing (here, 0).
     * TODO 3: the text: "exited N", or "killed by signal N (NAME)" with
     *         NAME from strsignal(N) (<string.h>), as task.h says. */
    struct outcome o = {.exited = true, .number = WEXITSTATUS(status)};
    snprintf(o.text, sizeof o.text, "exited %d", o.number);
    return o;
}
