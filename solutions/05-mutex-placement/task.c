/*
 * task.c — exercise 05-mutex-placement: a reference solution.
 *
 * A mutex that works between processes needs two things, and either one
 * alone is not enough:
 * - memory that stays shared after fork. A global, the heap or the stack
 *   is copied: each process would lock its own copy (the check's "lock
 *   seen by other processes: no", and lost updates);
 * - the attribute PTHREAD_PROCESS_SHARED. Without it the mutex may keep
 *   its bookkeeping private to one process. On Linux, a process that has
 *   to wait sleeps on a futex that only its own process can wake: in
 *   shared memory without the attribute, the processes end up waiting for
 *   ever (the check times out).
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <pthread.h>
#include <sys/mman.h>

#include "common.h"
#include "task.h"

pthread_mutex_t *make_shared_lock(void)
{
    /* Shared and anonymous: no file behind it, nothing to unlink, and the
     * children forked afterwards inherit the very same pages. It must be
     * made before fork: a mapping made in a child is that child's alone. */
    pthread_mutex_t *lock = mmap(NULL, sizeof(pthread_mutex_t), PROT_READ | PROT_WRITE,
                                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (lock == MAP_FAILED)
        die_errno("mmap");

    /* Copying PTHREAD_MUTEX_INITIALIZER into the mapping would place it
     * right and still leave it private: only attributes make it shared. */
    pthread_mutexattr_t attr;
    int err = pthread_mutexattr_init(&attr);
    if (err != 0)                  /* an error number; errno is untouched */
        die_code(err, "pthread_mutexattr_init");
    err = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    if (err != 0)                  /* where processes cannot share a mutex */
        die_code(err, "pthread_mutexattr_setpshared");
    err = pthread_mutex_init(lock, &attr);
    if (err != 0)
        die_code(err, "pthread_mutex_init");
    err = pthread_mutexattr_destroy(&attr);   /* the mutex keeps what it needs */
    if (err != 0)
        die_code(err, "pthread_mutexattr_destroy");
    return lock;
}

void free_shared_lock(pthread_mutex_t *lock)
{
    int err = pthread_mutex_destroy(lock);    /* EBUSY if someone held it */
    if (err != 0)
        die_code(err, "pthread_mutex_destroy");
    if (munmap(lock, sizeof(pthread_mutex_t)) == -1)   /* the length mapped */
        die_errno("munmap");
}
