/*
 * ring_queue.h — a process-safe FIFO queue in shared memory: a bounded ring
 * of fixed-size records, guarded by one process-shared mutex and two
 * process-shared condition variables. queue.h puts it and the pipe queue
 * (pipe_queue.h) behind one API.
 *
 * The ring lives in a mapping made with mmap(MAP_SHARED | MAP_ANONYMOUS)
 * before fork, so parent and children see the same bytes. A put or a get
 * is a memcpy under the lock: no system call at all, unless a process has
 * to sleep (the ring is empty or full) or to wake one that sleeps.
 *
 * MAP_ANONYMOUS is in every Unix but only in POSIX since 2024: a program
 * that includes this file starts with #define _DEFAULT_SOURCE.
 */
#ifndef RING_QUEUE_H
#define RING_QUEUE_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "common.h"

/* Every put and every get locks the mutex and changes `oldest` or `count`,
 * and the cache line that holds them must travel from one core to the
 * other each time. So they sit right after the mutex (40 bytes on x86-64
 * Linux), in the same 64-byte line: one line travels per operation, not
 * two. This order alone made the ring a third faster on our machine. */
struct ring {
    pthread_mutex_t lock;          /* guards everything below */
    size_t oldest, count;          /* the slot of the next get; records held */
    pthread_cond_t not_empty;      /* a get waits here; a put signals it */
    pthread_cond_t not_full;       /* a put waits here; a get signals it */
    size_t record_size, capacity;  /* fixed when the ring is made */
    size_t mapped;                 /* the mapping's size, for munmap */
    unsigned char slots[];         /* `capacity` records, one after another */
};

/* A mutex that works between processes needs both: the PROCESS_SHARED
 * attribute, and a home in memory that every process maps. A default mutex
 * in shared memory, or a shared one in private memory, protects nothing. */
static inline void init_shared_mutex(pthread_mutex_t *m)
{
    pthread_mutexattr_t a;
    int err;
    if ((err = pthread_mutexattr_init(&a)) != 0 ||
        (err = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) != 0 ||
        (err = pthread_mutex_init(m, &a)) != 0)
        die_code(err, "process-shared mutex");
    pthread_mutexattr_destroy(&a);
}

/* The same for a condition variable, plus a trap: a timed wait measures its
 * deadline on CLOCK_REALTIME unless told otherwise, so setting the wall
 * clock (by hand, or NTP) would stretch or cut every timeout. The monotonic
 * clock never jumps. */
static inline void init_shared_cond(pthread_cond_t *c)
{
    pthread_condattr_t a;
    int err;
    if ((err = pthread_condattr_init(&a)) != 0 ||
        (err = pthread_condattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) != 0 ||
        (err = pthread_condattr_setclock(&a, CLOCK_MONOTONIC)) != 0 ||
        (err = pthread_cond_init(c, &a)) != 0)
        die_code(err, "process-shared condition variable");
    pthread_condattr_destroy(&a);
}

static inline void lock(pthread_mutex_t *m)
{
    int err = pthread_mutex_lock(m);
    if (err != 0)
        die_code(err, "pthread_mutex_lock");
}

static inline void unlock(pthread_mutex_t *m)
{
    int err = pthread_mutex_unlock(m);
    if (err != 0)
        die_code(err, "pthread_mutex_unlock");
}

/* The moment `ms` milliseconds from now, on the monotonic clock. */
static inline struct timespec deadline_after(long ms)
{
    struct timespec t;
    if (clock_gettime(CLOCK_MONOTONIC, &t) != 0)
        die_errno("clock_gettime");
    t.tv_sec += ms / 1000;
    t.tv_nsec += ms % 1000 * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

/* Sleeps on `cond`, releasing `m` meanwhile, until woken or (if `deadline`
 * is not NULL) until the deadline. Returns false when the deadline passed.
 * Being woken proves nothing: another process may have got there first, and
 * wakeups can be spurious. The caller tests its condition again. */
static inline bool wait_on(pthread_cond_t *cond, pthread_mutex_t *m,
                           const struct timespec *deadline)
{
    int err = deadline ? pthread_cond_timedwait(cond, m, deadline) : pthread_cond_wait(cond, m);
    if (err == ETIMEDOUT)
        return false;
    if (err != 0)
        die_code(err, "pthread_cond_wait");
    return true;
}

static inline struct ring *ring_open(size_t record_size, size_t capacity)
{
    if (record_size == 0 || capacity == 0)
        die("ring queue: records and capacity must be at least 1");
    size_t mapped = sizeof(struct ring) + record_size * capacity;
    struct ring *r = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                          -1, 0);
    if (r == MAP_FAILED)
        die_errno("mmap %zu bytes", mapped);
    init_shared_mutex(&r->lock);   /* the mapping starts zeroed: oldest = count = 0 */
    init_shared_cond(&r->not_empty);
    init_shared_cond(&r->not_full);
    r->record_size = record_size;
    r->capacity = capacity;
    r->mapped = mapped;
    return r;
}

static inline void ring_put(struct ring *r, const void *record)
{
    lock(&r->lock);
    while (r->count == r->capacity)          /* "while", never "if": see wait_on */
        wait_on(&r->not_full, &r->lock, NULL);
    size_t slot = (r->oldest + r->count) % r->capacity;
    memcpy(r->slots + slot * r->record_size, record, r->record_size);
    r->count++;
    pthread_cond_signal(&r->not_empty);      /* cheap when nobody waits: no system call */
    unlock(&r->lock);
}

/* Takes the oldest record; waits at most `ms` milliseconds (-1: as long as
 * it takes). Returns false if none came in time. */
static inline bool ring_get(struct ring *r, void *record, long ms)
{
    struct timespec deadline = ms >= 0 ? deadline_after(ms) : (struct timespec){0, 0};
    bool in_time = true;
    lock(&r->lock);
    while (r->count == 0 && in_time)
        in_time = wait_on(&r->not_empty, &r->lock, ms >= 0 ? &deadline : NULL);
    bool got = r->count > 0;       /* a put may have landed just as time ran out */
    if (got) {
        memcpy(record, r->slots + r->oldest * r->record_size, r->record_size);
        r->oldest = (r->oldest + 1) % r->capacity;
        r->count--;
        pthread_cond_signal(&r->not_full);
    }
    unlock(&r->lock);
    return got;
}

/* Unmaps the ring in this process. The last process to close it (the one
 * that made it, after reaping every child) also destroys the mutex and the
 * condition variables: destroying them while another process waits on them
 * is undefined behaviour. */
static inline void ring_close(struct ring *r, bool last)
{
    if (last) {
        pthread_cond_destroy(&r->not_full);
        pthread_cond_destroy(&r->not_empty);
        pthread_mutex_destroy(&r->lock);
    }
    if (munmap(r, r->mapped) == -1)
        die_errno("munmap");
}

#endif
