/*
 * task.c — exercise 04-ring-timeout: YOUR FILE.
 *
 * Python's queue.get(timeout=...) on a ring in shared memory. Today the
 * get never waits: it takes a value if the ring holds one, and otherwise
 * gives up at once, so it misses every value that comes a moment later.
 *
 * Check your work with:  make check EX=04-ring-timeout
 */
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "common.h"
#include "task.h"

bool ring_get_timeout(struct ring *r, long *value, long ms)
{
    /* TODO 1: work out the moment to give up: `ms` milliseconds from now,
     *         as a struct timespec on the clock the ring's condition
     *         variables use (see task.h). Work it out once, here: a wakeup
     *         must not push it further away. */
    (void)ms;

    int err = pthread_mutex_lock(&r->lock);
    if (err != 0)
        die_code(err, "pthread_mutex_lock");

    /* TODO 2: while the ring is empty, sleep on r->not_empty until that
     *         moment (pthread_cond_timedwait). It returns 0 when woken,
     *         ETIMEDOUT when the moment has passed, anything else is an
     *         error. Being woken proves nothing: another consumer may have
     *         taken the value first, or the wakeup came for no reason. */

    /* TODO 3: whatever the wait said, look at the ring once more before
     *         you give up: a value that came just as time ran out is yours.
     *         (The lines below take a value if there is one.) */
    bool taken = false;
    if (r->count > 0) {
        *value = ring_take(r);
        taken = true;
    }

    err = pthread_mutex_unlock(&r->lock);
    if (err != 0)
        die_code(err, "pthread_mutex_unlock");
    return taken;
}
