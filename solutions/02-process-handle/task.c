/*
 * task.c — exercise 02-process-handle: a reference solution.
 *
 * waitpid with WNOHANG is both the question "has it ended?" and, when the
 * answer is yes, the reaping. So the handle remembers the status the first
 * time it sees it: the child can be reaped only once.
 */
#include <sys/wait.h>

#include "common.h"
#include "task.h"

/* Asks once, without waiting; true if the child has ended (now reaped). */
static bool check_ended(struct proc *p)
{
    if (!p->ended) {
        pid_t done = waitpid(p->pid, &p->status, WNOHANG);
        if (done == -1)
            die_errno("waitpid");
        p->ended = done == p->pid;
    }
    return p->ended;
}

bool proc_is_alive(struct proc *p)
{
    return p->pid != 0 && !check_ended(p);
}

/* The portable join with a timeout: ask every 5 ms. (On Linux,
 * pidfd_open + poll waits without waking up; see terminate.c.) */
bool proc_join(struct proc *p, long timeout_ms)
{
    if (timeout_ms < 0) {
        if (!p->ended && waitpid(p->pid, &p->status, 0) == -1)
            die_errno("waitpid");
        p->ended = true;
        return true;
    }
    double deadline = now_seconds() + (double)timeout_ms / 1000;
    while (!check_ended(p)) {
        if (now_seconds() >= deadline)
            return false;
        sleep_ms(5);
    }
    return true;
}

int proc_exitcode(const struct proc *p)
{
    if (!p->ended)
        return STILL_RUNNING;
    if (WIFSIGNALED(p->status))
        return -WTERMSIG(p->status);
    return WEXITSTATUS(p->status);
}
