/*
 * task.c — exercise 04-ring-timeout: a reference solution.
 *
 * Three traps. The deadline is absolute and on CLOCK_MONOTONIC, the clock
 * main.c gave the condition variables: a deadline on another clock is
 * decades away or long past. The wait sits in a while loop: a wakeup is
 * only a hint (main.c even makes spurious ones), and with a broadcast every
 * consumer wakes for one value. And ETIMEDOUT is no reason to give up
 * without looking: the wait returns with the lock held again, and a put
 * may have landed between the deadline and that moment.
 */
#include <errno.h>
#include <time.h>

#include "common.h"
#include "task.h"

#define NS_PER_S 1000000000L

/* The moment `ms` milliseconds from now, on CLOCK_MONOTONIC. tv_nsec must
 * stay below one second, or pthread_cond_timedwait fails with EINVAL. */
static struct timespec monotonic_deadline(long ms)
{
    struct timespec t;
    if (clock_gettime(CLOCK_MONOTONIC, &t) == -1)
        die_errno("clock_gettime");
    t.tv_sec += ms / 1000;
    t.tv_nsec += ms % 1000 * 1000000L;
    if (t.tv_nsec >= NS_PER_S) {
        t.tv_sec++;
        t.tv_nsec -= NS_PER_S;
    }
    return t;
}

bool ring_get_timeout(struct ring *r, long *value, long ms)
{
    /* Once, before waiting: recomputed after each wakeup, it would move
     * away for ever while wakeups keep coming. */
    const struct timespec deadline = monotonic_deadline(ms);
    int err = pthread_mutex_lock(&r->lock);
    if (err != 0)
        die_code(err, "pthread_mutex_lock");
    while (r->count == 0 && err != ETIMEDOUT) {
        err = pthread_cond_timedwait(&r->not_empty, &r->lock, &deadline);
        if (err != 0 && err != ETIMEDOUT)
            die_code(err, "pthread_cond_timedwait");
    }
    /* Out of the loop: either a value is there, or time is up. Test the
     * ring, not err: both can be true at once. */
    bool got = r->count > 0;
    if (got)
        *value = ring_take(r);
    if ((err = pthread_mutex_unlock(&r->lock)) != 0)
        die_code(err, "pthread_mutex_unlock");
    return got;
}
