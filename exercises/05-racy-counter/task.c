/*
 * task.c — exercise 05-racy-counter: YOUR FILE.
 *
 * Add one to a counter that several processes share. Today add_one() does
 * a plain c->value++: right in one process, but when two or more run at
 * once, some of their additions vanish.
 *
 * Check your work with:  make check EX=05-racy-counter
 */
#include "common.h"
#include "task.h"                  /* which includes <pthread.h> */

void add_one(struct shared_counter *c)
{
    /* TODO 1: ++ is three steps: load the value, add 1, store it. Another
     *         process can load the same value between your load and your
     *         store. Hold c->lock (the driver set it up for exactly this)
     *         from before the load until after the store.
     * TODO 2: pthread functions return an error number instead of setting
     *         errno: check it, and stop with die_code() (common.h) when it
     *         is not 0. */
    c->value++;
}
