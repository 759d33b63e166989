/*
 * task.c — exercise 05-racy-counter: a reference solution.
 *
 * c->value++ is a load, an add and a store. Two processes that load the
 * same value both store value + 1, and one addition is lost. While this
 * process holds the shared mutex, no other process can get between its
 * load and its store: to them, the three steps are one.
 */
#include <pthread.h>

#include "common.h"
#include "task.h"

void add_one(struct shared_counter *c)
{
    /* An error number comes back, errno is untouched: die_code, not
     * die_errno. */
    int err = pthread_mutex_lock(&c->lock);
    if (err != 0)
        die_code(err, "pthread_mutex_lock");
    c->value++;                    /* nobody between this load and store */
    err = pthread_mutex_unlock(&c->lock);
    if (err != 0)
        die_code(err, "pthread_mutex_unlock");
}

/*
 * The traps:
 * - volatile alone does not help: it makes every ++ really load and store,
 *   it does not keep another process out in between.
 * - A mutex of your own, declared in this file, does not help either:
 *   after fork each process has its own copy, and locks only that (the
 *   exercise 05-mutex-placement is about where a mutex must live).
 * - Locking around the whole loop would be exact too, but the loop is
 *   the driver's, and a lock held that long makes the processes take
 *   turns instead of working together.
 *
 * Also right, without a lock: one atomic read-modify-write instruction,
 *     __atomic_fetch_add(&c->value, 1, __ATOMIC_RELAXED);
 * (a GCC and clang builtin; C11's atomic_fetch_add wants an _Atomic
 * object, which value is not). The chapter's increment_cost.c measures
 * both.
 */
