/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

#include <pthread.h>
#include <stdbool.h>

/* A bounded FIFO ring of numbers. main.c maps it into memory that every
 * process shares (before fork) and makes its mutex and condition
 * variables process-shared. The condition variables measure the deadline
 * of a timed wait on CLOCK_MONOTONIC (pthread_condattr_setclock). */
#define RING_CAPACITY 8
struct ring {
    pthread_mutex_t lock;          /* guards everything below */
    pthread_cond_t not_empty;      /* every put broadcasts it */
    pthread_cond_t not_full;       /* every take signals it */
    long oldest, count;            /* the slot of the next take; values held */
    long slots[RING_CAPACITY];
};

/* Given to you by main.c. Call it with r->lock held, when r->count > 0:
 * removes the oldest value and returns it, and wakes a put that waits for
 * room. On an empty ring it takes nothing and returns RING_WAS_EMPTY, a
 * number that is never put (the driver then counts it against you). */
#define RING_WAS_EMPTY (-1L)
long ring_take(struct ring *r);

/* Yours to write in task.c. Python's queue.get(timeout=ms / 1000): waits
 * at most `ms` milliseconds for a value. Returns true with the value in
 * *value, or false if none came in time. */
bool ring_get_timeout(struct ring *r, long *value, long ms);

#endif
