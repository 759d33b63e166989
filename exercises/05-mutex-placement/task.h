/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

#include <pthread.h>

/* Yours to write in task.c. The driver calls it once, before it forks any
 * child. Return a mutex, unlocked and ready to use, that is one and the
 * same lock in this process and in every child forked afterwards. */
pthread_mutex_t *make_shared_lock(void);

/* Yours too: undo what make_shared_lock() did. The driver calls it once, at
 * the end, when every child has been reaped and nobody holds the lock. */
void free_shared_lock(pthread_mutex_t *lock);

#endif
