/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

#include <stdbool.h>
#include <sys/types.h>

/* One task, run by main.c in a child process of its own. main.c fills in
 * task and pid; wait_all fills in status and reaped. */
struct run {
    long task;
    pid_t pid;
    int status;                    /* the wait status, as waitpid gives it */
    bool reaped;
};

/* Yours to write in task.c: wait for every child of runs[0 .. count-1]
 * (they end in any order, not the order they were started), and store
 * each child's wait status in the run of that child, with reaped = true.
 * They are this process's only children. Return when every one is
 * reaped. */
void wait_all(struct run runs[], long count);

/* How a child ended, read from its wait status. */
struct outcome {
    bool exited;                   /* it called exit or _exit: number is the code */
    bool killed;                   /* a signal ended it: number is the signal */
    int number;
    /* "exited 3", or "killed by signal 11 (Segmentation fault)": the
     * signal's number, then strsignal()'s name for it in brackets. */
    char text[80];
};

/* Yours to write in task.c. */
struct outcome describe(int status);

#endif
