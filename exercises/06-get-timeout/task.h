/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

#include <stddef.h>

/* The handle of a task submitted to a worker process: Python's
 * AsyncResult. The worker answers with one reply, the 8 bytes of a long,
 * written to its result pipe; main.c's workers often write it in pieces,
 * with pauses between them. main.c zeroes the handle, sets fd, and closes
 * fd at the end: leave it open. */
struct async_result {
    int fd;                        /* the read end of the task's result pipe */
    size_t have;                   /* bytes of the reply read so far */
    unsigned char bytes[sizeof(long)];     /* those bytes, in the order read */
};

enum get_status {
    GET_READY,                     /* *value holds the task's result */
    GET_TIMEOUT,                   /* not all of it came in time: ask again later */
    GET_LOST,                      /* the pipe ended before the whole reply: the worker died */
};

/* Yours to write in task.c. Python's AsyncResult.get(timeout=ms / 1000):
 * waits at most `ms` milliseconds (ms < 0: no limit) for the task's
 * result. A get after a timeout carries on where the last one stopped, and
 * a get after GET_READY returns the same value again. */
enum get_status result_get(struct async_result *r, long *value, long ms);

#endif
