/*
 * pool_api.h — what a program calls: submitting work, getting results,
 * closing. Included by pool.h, after the machinery it drives. Python's
 * multiprocessing.Pool, in C:
 *
 *   pool_open(&p, workers)                       Pool(workers)
 *   pool_map(&p, task, args, n, arg_size, results, result_size, chunksize)
 *                                                pool.map(f, items, chunksize)
 *   job = pool_submit(...the same...)            pool.map_async(...)
 *   job = pool_apply_async(&p, task, &arg, arg_size, result_size)
 *   pool_get(&p, job, &result, ms)               result.get(timeout)
 *   pool_next(&p, job, &i, &result, &status)     next() on pool.imap(...)
 *   pool_next_unordered(...)                     next() on imap_unordered
 *   pool_close, pool_join, pool_terminate        the same names
 *
 * A task is `int task(const void *arg, void *result)`: several arguments
 * are one struct (starmap), a function and its argument struct are a
 * closure (partial). It returns 0, or an error number of its own.
 */
#ifndef POOL_API_H
#define POOL_API_H

#include <stdlib.h>
#include <string.h>

static inline void *pool_alloc(size_t bytes)
{
    void *m = calloc(1, bytes ? bytes : 1);
    if (!m)
        die_errno("calloc");
    return m;
}

/* Python's rule for chunksize=None: about four chunks per worker. */
static inline long pool_auto_chunksize(const struct pool *p, long n)
{
    long chunks = 4 * p->size;
    return n > 0 ? (n + chunks - 1) / chunks : 1;
}

/* map_async: task(args[i], results[i]) for i in 0..n-1, in chunks of
 * `chunksize` tasks (0: automatic). `results` may be NULL: the job then
 * keeps its own. `args` must stay valid until the job is done. */
static inline struct pool_job *pool_submit(struct pool *p, int (*task)(const void *, void *),
                                           const void *args, long n, size_t arg_size,
                                           void *results, size_t result_size, long chunksize)
{
    if (p->closed)
        die("pool_submit: the pool is closed");
    if (arg_size > POOL_ARG_MAX || result_size > POOL_RESULT_MAX)
        die("pool_submit: arguments or results too large");
    struct pool_job *job = pool_alloc(sizeof *job);
    *job = (struct pool_job){.task = task, .args = args, .n = n, .arg_size = arg_size,
                             .result_size = result_size, .id = p->jobs_count,
                             .chunksize = chunksize > 0 ? chunksize : pool_auto_chunksize(p, n)};
    job->own_results = results ? NULL : pool_alloc((size_t)n * result_size);
    job->results = results ? results : job->own_results;
    job->status = pool_alloc((size_t)n * sizeof(int));
    job->handed_out = pool_alloc((size_t)n * sizeof(bool));
    for (long i = 0; i < n; i++)
        job->status[i] = POOL_PENDING;
    p->jobs = realloc(p->jobs, (size_t)(p->jobs_count + 1) * sizeof *p->jobs);
    if (!p->jobs)
        die_errno("realloc");
    p->jobs[p->jobs_count++] = job;
    pool_dispatch(p);
    return job;
}

/* apply_async: one task; its argument is copied, so it may be a temporary. */
static inline struct pool_job *pool_apply_async(struct pool *p, int (*task)(const void *, void *),
                                                const void *arg, size_t arg_size,
                                                size_t result_size)
{
    char *copy = pool_alloc(arg_size);
    memcpy(copy, arg, arg_size);
    struct pool_job *job = pool_submit(p, task, copy, 1, arg_size, NULL, result_size, 1);
    job->own_args = copy;
    return job;
}

/* Milliseconds left until `deadline` (seconds, monotonic); -1 for none. */
static inline int pool_ms_left(double deadline)
{
    if (deadline < 0)
        return -1;
    double left = (deadline - now_seconds()) * 1000;
    return left > 0 ? (int)left + 1 : 0;
}

static inline double pool_deadline(long ms)
{
    return ms < 0 ? -1 : now_seconds() + (double)ms / 1000;
}

/* Waits until task i of the job is done or `ms` pass (-1: no limit).
 * Returns false on timeout. A stopped pool finishes nothing more. */
static inline bool pool_wait_task(struct pool *p, struct pool_job *job, long i, long ms)
{
    double deadline = pool_deadline(ms);
    while (job->status[i] == POOL_PENDING && !p->stopped) {
        int left = pool_ms_left(deadline);
        if (left == 0)
            return false;
        pool_pump(p, left);
    }
    return job->status[i] != POOL_PENDING;
}

/* Waits until every task of the job is done; false on timeout. */
static inline bool pool_wait(struct pool *p, struct pool_job *job, long ms)
{
    double deadline = pool_deadline(ms);
    for (long i = 0; i < job->n; i++)
        if (!pool_wait_task(p, job, i, pool_ms_left(deadline)))
            return false;
    return true;
}

/* map: returns how many tasks did not end with status 0. */
static inline long pool_map(struct pool *p, int (*task)(const void *, void *), const void *args,
                            long n, size_t arg_size, void *results, size_t result_size,
                            long chunksize)
{
    struct pool_job *job = pool_submit(p, task, args, n, arg_size, results, result_size, chunksize);
    pool_wait(p, job, -1);
    long failed = 0;
    for (long i = 0; i < n; i++)
        failed += job->status[i] != 0;
    return failed;
}

/* AsyncResult.get(timeout) for a one-task job: POOL_TIMEOUT, or the task's
 * status (0, its own error, POOL_LOST, POOL_CANCELLED); the result is
 * copied to `result` when the status is 0. */
static inline int pool_get(struct pool *p, struct pool_job *job, void *result, long ms)
{
    if (!pool_wait_task(p, job, 0, ms))
        return POOL_TIMEOUT;
    if (job->status[0] == 0 && result)
        memcpy(result, job->results, job->result_size);
    return job->status[0];
}

/* next() on imap: the next result in order, waiting for it. False once
 * every result has been handed out. */
static inline bool pool_next(struct pool *p, struct pool_job *job, long *index, void *result,
                             int *status)
{
    if (job->next_out == job->n)
        return false;
    long i = *index = job->next_out++;
    pool_wait_task(p, job, i, -1);
    job->handed_out[i] = true;
    *status = job->status[i];
    memcpy(result, job->results + (size_t)i * job->result_size, job->result_size);
    return true;
}

/* The first finished task of the job not yet handed out, or -1. */
static inline long pool_first_finished(const struct pool_job *job)
{
    for (long i = 0; i < job->n; i++)
        if (!job->handed_out[i] && job->status[i] != POOL_PENDING)
            return i;
    return -1;
}

/* next() on imap_unordered: any finished result not yet handed out. A
 * stopped pool has no task left pending, so the wait always ends. */
static inline bool pool_next_unordered(struct pool *p, struct pool_job *job, long *index,
                                       void *result, int *status)
{
    if (job->next_out == job->n)
        return false;
    long i;
    while ((i = pool_first_finished(job)) < 0)
        pool_pump(p, -1);
    job->handed_out[i] = true;
    job->next_out++;
    *index = i;
    *status = job->status[i];
    memcpy(result, job->results + (size_t)i * job->result_size, job->result_size);
    return true;
}

/* close(): no more jobs. */
static inline void pool_close(struct pool *p)
{
    p->closed = true;
}

/* Stops and reaps every worker; tasks not done become POOL_CANCELLED. */
static inline void pool_stop_workers(struct pool *p, int signal_number)
{
    p->stopped = true;
    for (long i = 0; i < p->size; i++)
        if (p->w[i].pid != 0 && signal_number != 0)
            kill(p->w[i].pid, signal_number);
    for (long i = 0; i < p->size; i++) {
        struct pool_worker *w = &p->w[i];
        if (w->pid == 0)
            continue;
        close(w->tasks);           /* end of stream: an idle worker exits */
        while (waitpid(w->pid, NULL, 0) == -1 && errno == EINTR)
            ;
        close(w->results);
        free(w->in);
        w->in = NULL;
        w->pid = 0;
    }
    for (long j = 0; j < p->jobs_count; j++)
        for (long t = 0; t < p->jobs[j]->n; t++)
            if (p->jobs[j]->status[t] == POOL_PENDING)
                p->jobs[j]->status[t] = POOL_CANCELLED;
}

/* join(): after close, waits for every job, then lets the workers go. */
static inline void pool_join(struct pool *p)
{
    if (!p->closed)
        die("pool_join: close the pool first");
    for (long j = 0; j < p->jobs_count && !p->stopped; j++)
        pool_wait(p, p->jobs[j], -1);
    pool_stop_workers(p, 0);
}

/* terminate(): stops the workers at once, whatever they are doing. Safe to
 * call twice, or after join. */
static inline void pool_terminate(struct pool *p)
{
    p->closed = true;
    pool_stop_workers(p, SIGTERM);
}

/* Frees what the pool allocated; terminates it first if still running. */
static inline void pool_free(struct pool *p)
{
    pool_terminate(p);
    for (long j = 0; j < p->jobs_count; j++) {
        struct pool_job *job = p->jobs[j];
        free(job->own_results);
        free(job->own_args);
        free(job->status);
        free(job->handed_out);
        free(job);
    }
    free(p->jobs);
    p->jobs = NULL;
    p->jobs_count = 0;
}

/* "killed by signal 9" or "exited 3": how the last lost worker ended. */
static inline const char *pool_how_lost(const struct pool *p, char *buf, size_t size)
{
    int s = p->last_lost_status;
    if (WIFSIGNALED(s))
        snprintf(buf, size, "worker %ld killed by signal %d", (long)p->last_lost_pid, WTERMSIG(s));
    else
        snprintf(buf, size, "worker %ld exited %d", (long)p->last_lost_pid, WEXITSTATUS(s));
    return buf;
}

#endif
