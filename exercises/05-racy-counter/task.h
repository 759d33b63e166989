/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

#include <pthread.h>

/* One counter in memory that every process shares (the driver maps it
 * with mmap(MAP_SHARED) before it forks), and beside it a mutex, ready to
 * use: the driver initialised it with PTHREAD_PROCESS_SHARED. */
struct shared_counter {
    pthread_mutex_t lock;
    volatile long value;         /* volatile: every ++ really loads and stores */
};

/* Yours to write in task.c: add 1 to c->value. Several processes call it
 * at the same time, each many times; not one of their additions may be
 * lost. */
void add_one(struct shared_counter *c);

#endif
