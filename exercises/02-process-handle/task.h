/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

#include <stdbool.h>
#include <sys/types.h>

/* A handle on a child process, like Python's Process object. main.c
 * starts the child and fills in pid; ended and status start false and 0. */
struct proc {
    pid_t pid;
    bool ended;                  /* reaped: status holds its wait status */
    int status;
};

#define STILL_RUNNING (-1000)    /* Python's exitcode None */

/* Yours to write in task.c: */
bool proc_is_alive(struct proc *p);          /* Python's p.is_alive() */
bool proc_join(struct proc *p, long timeout_ms);
        /* Python's p.join(timeout): true once the child has ended and is
         * reaped; false if it still runs after timeout_ms (< 0: no limit) */
int proc_exitcode(const struct proc *p);
        /* Python's p.exitcode: STILL_RUNNING, the exit code, or minus the
         * signal that ended it */

#endif
