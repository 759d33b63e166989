/*
 * pool.h — a process pool: N workers forked once, each with a task pipe
 * and a result pipe of its own; the parent hands out chunks of tasks and
 * collects results tagged with their index. pool_worker.h is the worker's
 * side. Python's multiprocessing.Pool, in C:
 *
 *   pool_open(&p, workers)                       Pool(workers)
 *   pool_map(&p, task, args, n, arg_size, results, result_size, chunksize)
 *                                                pool.map(f, items, chunksize)
 *   job = pool_submit(...same...)                pool.map_async(...)
 *   job = pool_apply_async(&p, task, &arg, arg_size, result_size)
 *   pool_get(&p, job, &result, ms)               result.get(timeout)
 *   pool_next(&p, job, &i, &result, &status)     next(imap iterator)
 *   pool_next_unordered(...)                     next(imap_unordered)
 *   pool_close, pool_join, pool_terminate        the same names
 *
 * There is no thread in the parent. Work moves when the caller waits: get,
 * next and join run pool_pump, one loop of poll() over the result pipes,
 * until what they wait for is there or their deadline passes.
 *
 * A worker may die in the middle of a task (killed, or crashing). Its
 * result pipe then reaches end of stream; the pool reaps it, marks the
 * tasks it held POOL_LOST, and starts a replacement. The rest go on.
 */
#ifndef POOL_H
#define POOL_H

#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/wait.h>

#include "common.h"
#include "pool_worker.h"

#define POOL_MAX_WORKERS 64
#define POOL_IN_FLIGHT 2           /* chunks a worker holds: one running, one ready */

/* What a task's status can be besides its own return value (0 = done). */
#define POOL_TIMEOUT (-1)          /* pool_get: not done in time */
#define POOL_LOST (-2)             /* its worker died while it held the task */
#define POOL_CANCELLED (-3)        /* the pool was terminated before it ran */
#define POOL_PENDING (-4)          /* not done yet */

struct pool_job {
    int (*task)(const void *arg, void *result);
    const char *args;              /* the caller's n arguments: valid until done */
    char *results;                 /* n results: the caller's, or own_results */
    int *status;                   /* n statuses, POOL_PENDING until done */
    size_t arg_size, result_size;
    long id, n, chunksize, dispatched, done, next_out;
    bool *handed_out;              /* for pool_next_unordered */
    char *own_results, *own_args;  /* what the job allocated itself */
};

struct pool {
    long size;
    struct pool_worker {
        pid_t pid;                 /* 0: no worker in this slot */
        int tasks, results;        /* the parent's ends of its two pipes */
        long held, job[POOL_IN_FLIGHT], first[POOL_IN_FLIGHT], count[POOL_IN_FLIGHT];
    } w[POOL_MAX_WORKERS];
    struct pool_job **jobs;
    long jobs_count, next_job;     /* next_job: the first job not fully handed out */
    struct retry {                 /* chunks a dead worker held but never started */
        long job, first, count;
    } retry[POOL_MAX_WORKERS * POOL_IN_FLIGHT];
    long retries;
    bool closed, stopped;
    long workers_started, workers_lost;
    pid_t last_lost_pid;           /* the last worker that died, and how */
    int last_lost_status;
};

/* Forks worker `i`. The child closes every pipe end that is not its own:
 * a worker that kept another worker's task pipe open would keep that worker
 * from ever seeing the end of its stream, and pool_join would hang. */
static inline void pool_start_worker(struct pool *p, long i)
{
    int tasks[2], results[2];
    if (pipe(tasks) == -1 || pipe(results) == -1)
        die_errno("pipe");
    fflush(stdout);                /* or the worker repeats what we buffered */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        for (long k = 0; k < p->size; k++)
            if (k != i && p->w[k].pid != 0) {
                close(p->w[k].tasks);
                close(p->w[k].results);
            }
        close(tasks[1]);
        close(results[0]);
        worker_loop(tasks[0], results[1]);
    }
    close(tasks[0]);
    close(results[1]);
    p->w[i] = (struct pool_worker){.pid = pid, .tasks = tasks[1], .results = results[0]};
    p->workers_started++;
}

static inline void pool_open(struct pool *p, long workers)
{
    if (workers < 1 || workers > POOL_MAX_WORKERS)
        die("pool_open: %ld workers (1 to %d)", workers, POOL_MAX_WORKERS);
    *p = (struct pool){.size = workers};
    /* Writing to the pipe of a worker that died raises SIGPIPE, which would
     * kill the parent. Ignored, the write fails with EPIPE instead, and the
     * pool finds out about the death from the result pipe. */
    signal(SIGPIPE, SIG_IGN);
    for (long i = 0; i < workers; i++)
        pool_start_worker(p, i);
}

/* A worker's result pipe ended: it died. Reap it; the chunk it was
 * running (the first it held: a worker reads its next chunk only after
 * replying to the last) is lost, whole; the chunks queued behind it were
 * never started, and go back to be handed out again. Then a new worker. */
static inline void pool_worker_died(struct pool *p, long i)
{
    struct pool_worker *w = &p->w[i];
    int status;
    while (waitpid(w->pid, &status, 0) == -1)
        if (errno != EINTR)
            die_errno("waitpid");
    if (w->held > 0) {
        struct pool_job *job = p->jobs[w->job[0]];
        for (long t = w->first[0]; t < w->first[0] + w->count[0]; t++)
            job->status[t] = POOL_LOST;
        job->done += w->count[0];
    }
    for (long h = 1; h < w->held; h++)
        p->retry[p->retries++] = (struct retry){w->job[h], w->first[h], w->count[h]};
    close(w->tasks);
    close(w->results);
    p->last_lost_pid = w->pid;
    p->last_lost_status = status;
    p->workers_lost++;
    w->pid = 0;
    if (!p->stopped)
        pool_start_worker(p, i);
}

/* Hands out chunks to every worker with room, jobs in the order given.
 *
 * The trap: the parent must never block writing to a busy worker. The
 * worker, once done, blocks writing its reply until the parent reads it,
 * and a parent stuck in write() never reads: both wait for ever. An idle
 * worker (held == 0) is reading, so its chunk may be of any size. A second
 * chunk goes only if it fits in PIPE_BUF bytes: the worker has read its
 * first chunk whole, so the pipe is empty and such a write cannot block. */
static inline bool pool_send_chunk(struct pool *p, struct pool_worker *w, long job_id,
                                   long first, long count)
{
    struct pool_job *job = p->jobs[job_id];
    if (w->held > 0 && sizeof(struct chunk) + (size_t)count * job->arg_size > PIPE_BUF)
        return false;
    struct chunk c = {job_id, first, count, job->task, job->arg_size, job->result_size};
    w->job[w->held] = job_id;
    w->first[w->held] = first;
    w->count[w->held++] = count;
    /* A failed write (EPIPE) means the worker is dead: its result pipe
     * will say so, and pool_worker_died deals with the chunk. */
    if (pool_write_all(w->tasks, &c, sizeof c) == 0)
        pool_write_all(w->tasks, job->args + (size_t)first * job->arg_size,
                       (size_t)count * job->arg_size);
    return true;
}

static inline void pool_dispatch(struct pool *p)
{
    for (long i = 0; i < p->size; i++) {
        struct pool_worker *w = &p->w[i];
        while (w->pid != 0 && w->held < POOL_IN_FLIGHT && p->retries > 0) {
            struct retry r = p->retry[p->retries - 1];
            if (!pool_send_chunk(p, w, r.job, r.first, r.count))
                break;
            p->retries--;
        }
        while (w->pid != 0 && w->held < POOL_IN_FLIGHT && p->next_job < p->jobs_count) {
            struct pool_job *job = p->jobs[p->next_job];
            long count = job->n - job->dispatched;
            count = count < job->chunksize ? count : job->chunksize;
            if (!pool_send_chunk(p, w, job->id, job->dispatched, count))
                break;
            job->dispatched += count;
            if (job->dispatched == job->n)
                p->next_job++;
        }
    }
}

/* Reads one reply from worker i into its job. Returns false if the worker
 * is gone instead (end of stream, or a reply cut short). */
static inline bool pool_read_reply(struct pool *p, long i)
{
    struct pool_worker *w = &p->w[i];
    struct reply r;
    if (pool_read_all(w->results, &r, sizeof r) != (ssize_t)sizeof r)
        return false;
    struct pool_job *job = p->jobs[r.job];
    size_t statuses = (size_t)r.count * sizeof(int), results = (size_t)r.count * job->result_size;
    if (pool_read_all(w->results, job->status + r.first, statuses) != (ssize_t)statuses ||
        pool_read_all(w->results, job->results + (size_t)r.first * job->result_size,
                      results) != (ssize_t)results)
        return false;
    job->done += r.count;
    w->held--;                     /* replies come back in the order sent */
    for (long h = 0; h < w->held; h++) {
        w->job[h] = w->job[h + 1];
        w->first[h] = w->first[h + 1];
        w->count[h] = w->count[h + 1];
    }
    return true;
}

/* One round: hand out work, wait at most `ms` (-1: until something comes)
 * for replies, take every reply that is there. */
static inline void pool_pump(struct pool *p, int ms)
{
    struct pollfd fds[POOL_MAX_WORKERS];
    pool_dispatch(p);
    for (long i = 0; i < p->size; i++)
        fds[i] = (struct pollfd){.fd = p->w[i].pid ? p->w[i].results : -1, .events = POLLIN};
    int ready = poll(fds, (nfds_t)p->size, ms);
    if (ready == -1 && errno != EINTR)
        die_errno("poll");
    for (long i = 0; i < p->size && ready > 0; i++)
        if (fds[i].revents != 0 && !pool_read_reply(p, i))
            pool_worker_died(p, i);
    pool_dispatch(p);
}

#include "pool_api.h"

#endif
