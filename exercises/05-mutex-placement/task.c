/*
 * task.c — exercise 05-mutex-placement: YOUR FILE.
 *
 * Make a mutex that several processes can share. Today make_shared_lock()
 * hands out an ordinary global mutex: after fork, each process has its own
 * copy of it, and locking your copy keeps nobody else out.
 *
 * Check your work with:  make check EX=05-mutex-placement
 */
#define _DEFAULT_SOURCE            /* for MAP_ANONYMOUS (in POSIX only since 2024) */
#include <sys/mman.h>

#include "common.h"
#include "task.h"                  /* which includes <pthread.h> */

static pthread_mutex_t private_lock = PTHREAD_MUTEX_INITIALIZER;

pthread_mutex_t *make_shared_lock(void)
{
    /* TODO 1: put the mutex in memory that stays shared after fork: a
     *         mapping of its own, the size of one pthread_mutex_t, shared
     *         between processes and backed by no file.
     * TODO 2: initialise it with attributes that say "shared between
     *         processes"; by default a mutex serves one process only.
     *         Every pthread call returns an error number: check each one
     *         and stop with die_code() (common.h) if it is not 0. */
    return &private_lock;
}

void free_shared_lock(pthread_mutex_t *lock)
{
    /* TODO 3: destroy the mutex, then unmap its memory. */
    (void)lock;
}
