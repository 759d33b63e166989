/*
 * pool.h — a process pool: N workers forked once, each with a task pipe
 * and a result pipe of its own; the parent hands out chunks of tasks and
 * collects results tagged with their index. This file is the parent's
 * machinery; pool_worker.h is the worker's side; pool_api.h, included at
 * the end, is what programs call (Python's Pool, name for name).
 *
 * There is no thread in the parent. Work moves when the caller waits: get,
 * next and join run pool_pump, one loop of poll() over the result pipes,
 * until what they wait for is there or their deadline passes.
 *
 * A worker may die in the middle of a task (killed, or crashing). Its
 * result pipe then reaches end of stream; the pool reaps it, marks the
 * task it was running POOL_LOST, and starts a replacement. The rest go on.
 */
#ifndef POOL_H
#define POOL_H

#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "common.h"
#include "pool_worker.h"

#define POOL_MAX_WORKERS 64
#define POOL_IN_FLIGHT 64          /* chunks a worker holds: one running, the rest queued */

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
    long id, n, chunksize, dispatched, next_out;
    bool *handed_out;              /* for pool_next_unordered */
    char *own_results, *own_args;  /* what the job allocated itself */
};

struct pool {
    long size;
    struct pool_worker {
        pid_t pid;                 /* 0: no worker in this slot */
        int tasks, results;        /* the parent's ends of its two pipes */
        long head, held;           /* the chunks it holds: a ring; q[head] runs */
        struct in_flight {
            long job, first, count;
            size_t bytes;          /* what the chunk took in the task pipe */
            bool unsent;           /* the write failed: the worker was dead */
        } q[POOL_IN_FLIGHT];
        size_t queued_bytes;       /* of the chunks waiting behind q[head] */
        char *in;                  /* bytes of replies read, not yet taken apart */
        size_t in_len, in_cap;
    } w[POOL_MAX_WORKERS];
    struct pool_job **jobs;
    long jobs_count, next_job;     /* next_job: the first job not fully handed out */
    long turn;                     /* the worker pool_dispatch looks at first */
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
    for (long h = 0; h < w->held; h++) {
        const struct in_flight *f = &w->q[(w->head + h) % POOL_IN_FLIGHT];
        struct pool_job *job = p->jobs[f->job];
        if (h > 0 || f->unsent) {
            p->retry[p->retries++] = (struct retry){f->job, f->first, f->count};
            continue;
        }
        for (long t = f->first; t < f->first + f->count; t++)
            job->status[t] = POOL_LOST;
    }
    close(w->tasks);
    close(w->results);
    free(w->in);
    p->last_lost_pid = w->pid;
    p->last_lost_status = status;
    p->workers_lost++;
    w->pid = 0;
    if (!p->stopped)
        pool_start_worker(p, i);
}

/* Sends a chunk to worker w if there is room for it; false if not.
 *
 * The trap: the parent must never block writing to a busy worker. The
 * worker, once done, blocks writing its reply until the parent reads it,
 * and a parent stuck in write() never reads: both wait for ever. An idle
 * worker (nothing held) is reading, so its chunk may be of any size. Behind
 * a busy worker, the chunks queued in its pipe may take PIPE_BUF bytes in
 * all. A worker reads its whole chunk before it runs it, and replies only
 * after that; so such a write waits, if at all, only while the worker is
 * still reading: never for a reply the parent has not read. */
static inline bool pool_send_chunk(struct pool *p, struct pool_worker *w, long job_id,
                                   long first, long count)
{
    struct pool_job *job = p->jobs[job_id];
    size_t bytes = sizeof(struct chunk) + (size_t)count * job->arg_size;
    if (w->held == POOL_IN_FLIGHT || (w->held > 0 && w->queued_bytes + bytes > PIPE_BUF))
        return false;
    w->q[(w->head + w->held) % POOL_IN_FLIGHT] = (struct in_flight){job_id, first, count, bytes, false};
    if (w->held++ > 0)
        w->queued_bytes += bytes;
    /* The header and the arguments in one system call. A failed write
     * (EPIPE) means the worker was already dead: its result pipe will say
     * so, and pool_worker_died hands the unsent chunk out again. */
    struct chunk c = {job_id, first, count, job->task, job->arg_size, job->result_size};
    struct iovec part[2] = {{&c, sizeof c},
                            {(char *)job->args + (size_t)first * job->arg_size,
                             (size_t)count * job->arg_size}};
    ssize_t n;
    while ((n = writev(w->tasks, part, 2)) == -1 && errno == EINTR)
        ;
    if (n == -1)
        w->q[(w->head + w->held - 1) % POOL_IN_FLIGHT].unsent = true;
    else if ((size_t)n < bytes)    /* cut short by a signal handler: the rest */
        pool_write_rest(w->tasks, part, 2, (size_t)n);
    return true;
}

/* The next chunk for worker w, if it has room: first one a dead worker
 * never started, then the jobs in the order given. */
static inline bool pool_give_one(struct pool *p, struct pool_worker *w)
{
    if (p->retries > 0) {
        struct retry r = p->retry[p->retries - 1];
        if (!pool_send_chunk(p, w, r.job, r.first, r.count))
            return false;
        p->retries--;
        return true;
    }
    while (p->next_job < p->jobs_count &&      /* skip empty jobs */
           p->jobs[p->next_job]->dispatched == p->jobs[p->next_job]->n)
        p->next_job++;
    if (p->next_job == p->jobs_count)
        return false;
    struct pool_job *job = p->jobs[p->next_job];
    long count = job->n - job->dispatched;
    count = count < job->chunksize ? count : job->chunksize;
    if (!pool_send_chunk(p, w, job->id, job->dispatched, count))
        return false;
    job->dispatched += count;
    if (job->dispatched == job->n)
        p->next_job++;
    return true;
}

/* Hands out chunks, each to the worker that holds the fewest (ties: the
 * next in turn), until that worker has no room or nothing is left. So idle
 * workers are served first, and the work spreads evenly: filling one
 * worker first would queue every task behind one process. */
static inline void pool_dispatch(struct pool *p)
{
    for (;;) {
        struct pool_worker *idlest = NULL;
        for (long k = 0; k < p->size; k++) {
            struct pool_worker *w = &p->w[(p->turn + k) % p->size];
            if (w->pid != 0 && (!idlest || w->held < idlest->held))
                idlest = w;
        }
        if (!idlest || !pool_give_one(p, idlest))
            return;
        p->turn = (p->turn + 1) % p->size;
    }
}

/* Takes apart every whole reply in w's buffer into its job; each frees the
 * oldest chunk of the ring (replies come back in the order sent). */
static inline void pool_take_replies(struct pool *p, struct pool_worker *w)
{
    size_t at = 0;
    while (w->in_len - at >= sizeof(struct reply)) {
        struct reply r;
        memcpy(&r, w->in + at, sizeof r);
        struct pool_job *job = p->jobs[r.job];
        size_t statuses = (size_t)r.count * sizeof(int);
        if (w->in_len - at < reply_bytes(r.count, job->result_size))
            break;                 /* the rest of it is still on its way */
        memcpy(job->status + r.first, w->in + at + sizeof r, statuses);
        memcpy(job->results + (size_t)r.first * job->result_size,
               w->in + at + sizeof r + statuses, (size_t)r.count * job->result_size);
        at += reply_bytes(r.count, job->result_size);
        w->head = (w->head + 1) % POOL_IN_FLIGHT;
        if (--w->held > 0)         /* the next chunk is the running one now */
            w->queued_bytes -= w->q[w->head].bytes;
    }
    memmove(w->in, w->in + at, w->in_len - at);
    w->in_len -= at;
}

/* Reads all worker i has sent, often many replies; false if it is gone. */
static inline bool pool_read_replies(struct pool *p, long i)
{
    struct pool_worker *w = &p->w[i];
    if (w->in_cap - w->in_len < 65536) {
        w->in_cap = w->in_cap ? 2 * w->in_cap : 65536;
        w->in = realloc(w->in, w->in_cap);
        if (!w->in)
            die_errno("realloc");
    }
    ssize_t n = read(w->results, w->in + w->in_len, w->in_cap - w->in_len);
    if (n == -1 && errno == EINTR)
        return true;
    if (n <= 0)
        return false;
    w->in_len += (size_t)n;
    pool_take_replies(p, w);
    return true;
}

/* One round: hand out work, wait at most `ms` (-1: until something comes)
 * for replies, take every reply that is there, hand out more. */
static inline void pool_pump(struct pool *p, int ms)
{
    struct pollfd fds[POOL_MAX_WORKERS];
    if (p->stopped)                /* no worker left to wait for */
        return;
    pool_dispatch(p);
    for (long i = 0; i < p->size; i++)
        fds[i] = (struct pollfd){.fd = p->w[i].pid ? p->w[i].results : -1, .events = POLLIN};
    int ready = poll(fds, (nfds_t)p->size, ms);
    if (ready == -1 && errno != EINTR)
        die_errno("poll");
    for (long i = 0; i < p->size && ready > 0; i++)
        if (fds[i].revents != 0 && !pool_read_replies(p, i))
            pool_worker_died(p, i);
    pool_dispatch(p);
}

#include "pool_api.h"

#endif
