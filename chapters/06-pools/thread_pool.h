/*
 * thread_pool.h — pool.h's pool with threads in place of processes: the same
 * calls, prefixed tpool_, on the same task type; N threads started once.
 *
 * Python: multiprocessing.pool.ThreadPool and concurrent.futures'
 * ThreadPoolExecutor, in C:
 *   ThreadPool(n), ThreadPoolExecutor(n)        tpool_open(&p, n)
 *   map, map_async                              tpool_map, tpool_submit
 *   apply_async, executor.submit                tpool_apply_async
 *   .get(timeout), future.result(timeout)       tpool_get(&p, job, &result, ms)
 *   imap, imap_unordered (as_completed)         tpool_next, tpool_next_unordered
 *   close() + join(), shutdown(wait=True)       tpool_close + tpool_join
 *   terminate(), shutdown(cancel_futures=True)  tpool_terminate
 *
 * One mutex guards the pool and its jobs; idle threads sleep on one condition
 * variable, callers on another. A thread claims the next chunk of the oldest
 * job not all handed out, runs it unlocked, then publishes it under the lock.
 * Unlike the process pool: no pipes and no copies (a task reads its argument
 * in the caller's array and writes its result straight into the caller's
 * result array); no pump (the threads serve themselves, callers only wait);
 * a task that crashes takes the whole process down, the caller with it (no
 * TPOOL_LOST, no replacement: processes buy that isolation); and terminate
 * cannot stop a running task. Open, close, join, terminate and free from one
 * thread; the other calls from any.
 */
#ifndef THREAD_POOL_H
#define THREAD_POOL_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define TPOOL_MAX_WORKERS 64
/* A task's status besides its own return value (0 = done), as in pool.h. */
#define TPOOL_TIMEOUT (-1)         /* tpool_get: not done in time */
#define TPOOL_CANCELLED (-3)       /* the pool was terminated before it started */
#define TPOOL_PENDING (-4)         /* not done yet */

struct tpool_job {
    int (*task)(const void *arg, void *result);
    const char *args;              /* the caller's: valid until the job is done */
    char *results;                 /* the caller's, or own_results */
    size_t arg_size, result_size;
    long n, chunksize, claimed;    /* claimed: tasks handed to a thread so far */
    int *ran, *status;             /* per task: see tpool_worker */
    long *settled, settled_count;  /* the tasks in the order they ended */
    long next_out;                 /* the next for tpool_next(_unordered) */
    char *own_results, *own_args;  /* what the job allocated itself */
};

struct tpool {
    pthread_mutex_t lock;          /* guards the rest, but thread[] and running */
    pthread_cond_t work, done;     /* idle threads wait on work, callers on done */
    pthread_t thread[TPOOL_MAX_WORKERS];
    long size, running;            /* running: threads started, not yet joined */
    struct tpool_job **jobs;
    long jobs_count, next_job;     /* next_job: the first not fully claimed */
    bool closed, stopping;
};

/* A thread's life: claim a chunk under the lock (the jobs in the order they
 * came), run it unlocked, publish it under the lock. The thread running task t
 * writes ran[t] unlocked; status[t] is copied from it under the lock. A caller
 * reading a status under the lock then sees the result too: the unlock that
 * published it and the lock that read it order the two. A status written
 * unlocked while a caller reads it would be a data race (ThreadSanitizer says
 * so). Lock and wait calls on these default objects fail only on a programming
 * error: unchecked, as in chapter 01. */
static inline void *tpool_worker(void *arg)
{
    struct tpool *p = arg;
    pthread_mutex_lock(&p->lock);
    while (!p->stopping) {
        while (p->next_job < p->jobs_count &&
               p->jobs[p->next_job]->claimed == p->jobs[p->next_job]->n)
            p->next_job++;         /* all handed out */
        if (p->next_job == p->jobs_count && p->closed)
            break;                 /* nothing left, nothing to come */
        if (p->next_job == p->jobs_count) {
            pthread_cond_wait(&p->work, &p->lock);
            continue;
        }
        struct tpool_job *job = p->jobs[p->next_job];
        long first = job->claimed, left = job->n - job->claimed;
        long count = left < job->chunksize ? left : job->chunksize;
        job->claimed += count;
        pthread_mutex_unlock(&p->lock);
        for (long t = first; t < first + count; t++)
            job->ran[t] = job->task(job->args + (size_t)t * job->arg_size,
                                    job->results + (size_t)t * job->result_size);
        pthread_mutex_lock(&p->lock);
        for (long t = first; t < first + count; t++) {
            job->status[t] = job->ran[t];
            job->settled[job->settled_count++] = t;
        }
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static inline void tpool_open(struct tpool *p, long workers)
{
    if (workers < 1 || workers > TPOOL_MAX_WORKERS)
        die("tpool_open: %ld workers (1 to %d)", workers, TPOOL_MAX_WORKERS);
    *p = (struct tpool){.size = workers};
    /* The trap: a timed wait's deadline is on CLOCK_REALTIME unless told otherwise,
     * and setting the wall clock would stretch or cut every timeout. */
    pthread_condattr_t a;
    int err;
    if ((err = pthread_mutex_init(&p->lock, NULL)) != 0 ||
        (err = pthread_condattr_init(&a)) != 0 ||
        (err = pthread_condattr_setclock(&a, CLOCK_MONOTONIC)) != 0 ||
        (err = pthread_cond_init(&p->work, &a)) != 0 ||
        (err = pthread_cond_init(&p->done, &a)) != 0)
        die_code(err, "tpool_open");
    pthread_condattr_destroy(&a);
    for (; p->running < workers; p->running++)
        if ((err = pthread_create(&p->thread[p->running], NULL, tpool_worker, p)) != 0)
            die_code(err, "pthread_create");
}

static inline void *tpool_alloc(size_t bytes)
{
    void *m = calloc(1, bytes ? bytes : 1);
    if (!m)
        die_errno("calloc");
    return m;
}

/* map_async: task(args[i], results[i]) for i < n, in chunks of `chunksize` tasks
 * (0: about four chunks per worker, as pool_auto_chunksize). `results` NULL: the
 * job keeps its own. Tasks use both arrays in place, until the job is done. */
static inline struct tpool_job *tpool_submit(struct tpool *p, int (*task)(const void *, void *),
                                             const void *args, long n, size_t arg_size,
                                             void *results, size_t result_size, long chunksize)
{
    long automatic = n > 0 ? (n + 4 * p->size - 1) / (4 * p->size) : 1;
    struct tpool_job *job = tpool_alloc(sizeof *job);
    *job = (struct tpool_job){.task = task, .args = args, .n = n, .arg_size = arg_size,
                              .result_size = result_size,
                              .chunksize = chunksize > 0 ? chunksize : automatic};
    job->own_results = results ? NULL : tpool_alloc((size_t)n * result_size);
    job->results = results ? results : job->own_results;
    job->ran = tpool_alloc((size_t)n * sizeof(int));
    job->status = tpool_alloc((size_t)n * sizeof(int));
    job->settled = tpool_alloc((size_t)n * sizeof(long));
    for (long i = 0; i < n; i++)
        job->status[i] = TPOOL_PENDING;
    pthread_mutex_lock(&p->lock);
    if (p->closed)
        die("tpool_submit: the pool is closed");
    p->jobs = realloc(p->jobs, (size_t)(p->jobs_count + 1) * sizeof *p->jobs);
    if (!p->jobs)
        die_errno("realloc");
    p->jobs[p->jobs_count++] = job;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    return job;
}

/* apply_async: one task; its argument is copied, so it may be a temporary. */
static inline struct tpool_job *tpool_apply_async(struct tpool *p,
                                                  int (*task)(const void *, void *),
                                                  const void *arg, size_t arg_size,
                                                  size_t result_size)
{
    char *copy = tpool_alloc(arg_size);
    memcpy(copy, arg, arg_size);
    struct tpool_job *job = tpool_submit(p, task, copy, 1, arg_size, NULL, result_size, 1);
    job->own_args = copy;          /* no thread reads it: only tpool_free */
    return job;
}

/* Waits until every task of the job has ended, or `ms` pass (-1: no limit); false
 * on timeout. A wake-up proves nothing (spurious, another job): test again. */
static inline bool tpool_wait(struct tpool *p, struct tpool_job *job, long ms)
{
    double end = now_seconds() + (double)ms / 1000;   /* CLOCK_MONOTONIC, as `done` */
    struct timespec deadline = {(time_t)end, (long)((end - (double)(time_t)end) * 1e9)};
    bool in_time = true;
    pthread_mutex_lock(&p->lock);
    while (job->settled_count < job->n && in_time)
        in_time = (ms < 0 ? pthread_cond_wait(&p->done, &p->lock)
                          : pthread_cond_timedwait(&p->done, &p->lock, &deadline)) != ETIMEDOUT;
    bool all = job->settled_count == job->n;   /* it may have ended just in time */
    pthread_mutex_unlock(&p->lock);
    return all;
}

/* map: returns how many tasks did not end with status 0. Once the job is done,
 * no thread writes its statuses again: reading them needs no lock. */
static inline long tpool_map(struct tpool *p, int (*task)(const void *, void *), const void *args,
                             long n, size_t arg_size, void *results, size_t result_size,
                             long chunksize)
{
    struct tpool_job *job = tpool_submit(p, task, args, n, arg_size, results, result_size,
                                         chunksize);
    tpool_wait(p, job, -1);
    long failed = 0;
    for (long i = 0; i < n; i++)
        failed += job->status[i] != 0;
    return failed;
}

/* get(timeout) for a one-task job: TPOOL_TIMEOUT, or the task's status (0, its
 * own error, TPOOL_CANCELLED); with 0, the result is copied to `result`. */
static inline int tpool_get(struct tpool *p, struct tpool_job *job, void *result, long ms)
{
    if (!tpool_wait(p, job, ms))
        return TPOOL_TIMEOUT;
    if (job->status[0] == 0 && result)
        memcpy(result, job->results, job->result_size);
    return job->status[0];
}

/* The job's next result, waited for: in input order (imap) or in the order the
 * tasks ended (imap_unordered); false once all are out. One order or the other
 * on a job. No wait lasts for ever: terminate settles every task. */
static inline bool tpool_take(struct tpool *p, struct tpool_job *job, bool in_order,
                              long *index, void *result, int *status)
{
    long i = -1;
    pthread_mutex_lock(&p->lock);
    if (job->next_out < job->n) {
        while (in_order ? job->status[job->next_out] == TPOOL_PENDING
                        : job->settled_count == job->next_out)
            pthread_cond_wait(&p->done, &p->lock);
        *index = i = in_order ? job->next_out : job->settled[job->next_out];
        *status = job->status[i];
        job->next_out++;
    }
    pthread_mutex_unlock(&p->lock);
    if (i >= 0)
        memcpy(result, job->results + (size_t)i * job->result_size, job->result_size);
    return i >= 0;
}

static inline bool tpool_next(struct tpool *p, struct tpool_job *job, long *index, void *result,
                              int *status)
{
    return tpool_take(p, job, true, index, result, status);
}

static inline bool tpool_next_unordered(struct tpool *p, struct tpool_job *job, long *index,
                                        void *result, int *status)
{
    return tpool_take(p, job, false, index, result, status);
}

/* close(): no more jobs. Idle threads wake; each ends when nothing is left. */
static inline void tpool_close(struct tpool *p)
{
    pthread_mutex_lock(&p->lock);
    p->closed = true;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
}

/* join(): after close. A thread ends when nothing is left to claim and its last
 * chunk is published, so then every job is done. (Only the thread calling this
 * writes `closed`: it may read it unlocked.) */
static inline void tpool_join(struct tpool *p)
{
    if (!p->closed)
        die("tpool_join: close the pool first");
    for (; p->running > 0; p->running--) {
        int err = pthread_join(p->thread[p->running - 1], NULL);
        if (err != 0)
            die_code(err, "pthread_join");
    }
}

/* terminate(): where threads differ. A thread cannot be killed safely:
 * pthread_cancel stops it wherever it is, maybe holding a lock or memory no one
 * would release. So this stops handing out chunks, lets the running ones finish,
 * joins the threads, and marks every task not started TPOOL_CANCELLED (so do
 * Python's ThreadPool.terminate and shutdown(cancel_futures=True)). A task that
 * never returns makes it wait for ever. Safe twice, or after join. */
static inline void tpool_terminate(struct tpool *p)
{
    pthread_mutex_lock(&p->lock);
    p->closed = p->stopping = true;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    tpool_join(p);
    pthread_mutex_lock(&p->lock);
    for (long j = 0; j < p->jobs_count; j++)
        for (long t = 0; t < p->jobs[j]->n; t++)
            if (p->jobs[j]->status[t] == TPOOL_PENDING) {
                p->jobs[j]->status[t] = TPOOL_CANCELLED;
                p->jobs[j]->settled[p->jobs[j]->settled_count++] = t;
            }
    pthread_cond_broadcast(&p->done);
    pthread_mutex_unlock(&p->lock);
}

/* Terminates the pool if it still runs, then frees all it allocated. */
static inline void tpool_free(struct tpool *p)
{
    tpool_terminate(p);
    for (long j = 0; j < p->jobs_count; j++) {
        struct tpool_job *job = p->jobs[j];
        free(job->own_results);
        free(job->own_args);
        free(job->ran);
        free(job->status);
        free(job->settled);
        free(job);
    }
    free(p->jobs);
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->work);
    pthread_mutex_destroy(&p->lock);
}

#endif
