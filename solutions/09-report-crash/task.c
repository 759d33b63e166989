/*
 * task.c — exercise 09-report-crash: a reference solution.
 *
 * The traps:
 * - wait() gives the status of whichever child ended first. Filing it
 *   under runs[i] because it was the i-th call puts every status on the
 *   wrong task as soon as the children end out of order. The pid that
 *   waitpid returns says whose status it is.
 * - A wait status is not an exit code: it packs "exited with code N" and
 *   "killed by signal N" into one int. WEXITSTATUS of a killed child is
 *   meaningless (0 on Linux), so reading it alone turns a crash into a
 *   success. Ask WIFEXITED or WIFSIGNALED first.
 * - A child killed by a signal wrote no result: its pipe just ends. That
 *   is not "no output yet", it is "no output ever".
 * - waitpid can fail with EINTR if a signal handler runs while we wait
 *   (main.c installs none, but a program that catches Ctrl-C does): try
 *   again, do not give up on the children.
 * - strsignal's names are the C library's ("Segmentation fault",
 *   "Killed"); the number is the portable part, so print both.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "common.h"
#include "task.h"

struct outcome describe(int status)
{
    struct outcome o = {0};
    if (WIFEXITED(status)) {
        o.exited = true;
        o.number = WEXITSTATUS(status);
        snprintf(o.text, sizeof o.text, "exited %d", o.number);
    } else if (WIFSIGNALED(status)) {
        o.killed = true;
        o.number = WTERMSIG(status);
        const char *name = strsignal(o.number);
        snprintf(o.text, sizeof o.text, "killed by signal %d (%s)", o.number,
                 name ? name : "unknown");
    } else {                       /* stopped or continued: only with WUNTRACED */
        snprintf(o.text, sizeof o.text, "status %#x, neither exited nor killed", status);
    }
    return o;
}

void wait_all(struct run runs[], long count)
{
    long left = count;
    while (left > 0) {
        int status;
        pid_t pid = waitpid(-1, &status, 0);       /* whichever ends first */
        if (pid == -1 && errno == EINTR)
            continue;
        if (pid == -1)
            die_errno("waitpid (%ld children not reaped)", left);
        long i = 0;
        while (i < count && (runs[i].pid != pid || runs[i].reaped))
            i++;
        if (i == count)
            die("waitpid: pid %ld is none of our tasks", (long)pid);
        runs[i].status = status;
        runs[i].reaped = true;
        left--;
    }
}
