/*
 * process.h — Python's Process(target=f, args=(n,)).start() and join(), as
 * chapter 02 writes them out in full (create_and_join.c), kept here so that
 * the programs of this chapter show only their queues.
 *
 * The child inherits a copy of every global variable, the queues among
 * them (a queue opened before fork is shared: see queue.h), so a target
 * needs no more than a number: which worker it is, or how many items.
 */
#ifndef PROCESS_H
#define PROCESS_H

#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

/* Starts a process that runs target(arg) and exits with what it returns. */
static inline pid_t start_process(int (*target)(long), long arg)
{
    fflush(stdout);                /* or the child repeats what we buffered */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        int status = target(arg);
        fflush(stdout);            /* _exit does not flush stdio */
        _exit(status);
    }
    return pid;
}

/* Waits for the process to end; returns its exit status, or -1 if a
 * signal ended it. */
static inline int join_process(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) == -1)
        if (errno != EINTR)
            die_errno("waitpid");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#endif
