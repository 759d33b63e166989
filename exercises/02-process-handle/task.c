/*
 * task.c — exercise 02-process-handle: YOUR FILE.
 *
 * Python's is_alive(), join(timeout) and exitcode for a child process.
 * The starter asks kill(pid, 0) whether the child is alive, waits without
 * a timeout, and reads the exit code without looking for a signal.
 *
 * Check your work with:  make check EX=02-process-handle
 */
#include <signal.h>
#include <sys/wait.h>

#include "common.h"
#include "task.h"

bool proc_is_alive(struct proc *p)
{
    /* TODO 1: kill(pid, 0) only says the pid exists, and an ended child
     *         that nobody has reaped (a zombie) still has its pid. Ask
     *         waitpid with WNOHANG instead, and remember what it tells you. */
    return p->pid != 0 && !p->ended && kill(p->pid, 0) == 0;
}

bool proc_join(struct proc *p, long timeout_ms)
{
    /* TODO 2: honour timeout_ms (< 0 means wait as long as it takes). */
    (void)timeout_ms;
    if (!p->ended && waitpid(p->pid, &p->status, 0) == -1)
        die_errno("waitpid");
    p->ended = true;
    return true;
}

int proc_exitcode(const struct proc *p)
{
    /* TODO 3: a child killed by a signal has no exit code: Python reports
     *         minus the signal number. */
    if (!p->ended)
        return STILL_RUNNING;
    return WEXITSTATUS(p->status);
}
