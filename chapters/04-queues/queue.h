/*
 * queue.h — one small queue API over two implementations, so that every
 * program of this chapter runs on either (-q pipe or -q shm):
 *
 *   pipe  pipe_queue.h  records written and read whole through a pipe;
 *                       the kernel keeps writes of up to PIPE_BUF atomic
 *   shm   ring_queue.h  a bounded ring in shared memory, a process-shared
 *                       mutex and two process-shared condition variables
 *
 * A queue carries records of one fixed size, given when it is opened. Open
 * it before fork: the children inherit it (the pipe's descriptors, or the
 * mapping of the ring), and every process can then put and get.
 *
 *   queue_open(&q, kind, record_size, capacity)   Python: Queue(maxsize)
 *   queue_put(&q, &record)         blocks while the queue is full
 *   queue_get(&q, &record)         blocks while it is empty
 *   queue_get_timeout(&q, &record, ms)   false if nothing came in time
 *   queue_close(&q)                this process is done with the queue
 *
 * A joinable queue (queue_open_joinable; Python: JoinableQueue) also
 * counts the records put but not yet marked done: a consumer calls
 * queue_task_done(&q) once per record it got, when it has finished with it,
 * and queue_join(&q) waits until that count is 0.
 */
#ifndef QUEUE_H
#define QUEUE_H

#include <string.h>
#include <unistd.h>

#include "common.h"
#include "pipe_queue.h"
#include "ring_queue.h"

enum queue_kind { QUEUE_PIPE, QUEUE_SHM };

/* What a joinable queue adds, in shared memory of its own. */
struct task_count {
    pthread_mutex_t lock;
    pthread_cond_t all_done;       /* broadcast when unfinished drops to 0 */
    long unfinished;               /* records put, not yet marked done */
};

struct queue {
    enum queue_kind kind;
    struct pipe_queue pipe;        /* kind QUEUE_PIPE */
    struct ring *ring;             /* kind QUEUE_SHM */
    struct task_count *tasks;      /* joinable queues only, else NULL */
    pid_t opener;                  /* the process that opened it */
};

/* -q pipe or -q shm; anything else is a usage error. */
static inline enum queue_kind parse_queue_kind(const char *text)
{
    if (strcmp(text, "pipe") == 0)
        return QUEUE_PIPE;
    if (strcmp(text, "shm") == 0)
        return QUEUE_SHM;
    usage_error("queue (-q) must be pipe or shm, got '%s'", text);
}

static inline const char *queue_kind_name(enum queue_kind kind)
{
    return kind == QUEUE_PIPE ? "pipe" : "shm";
}

/* capacity: records the queue holds before a put blocks. The shared-memory
 * ring has exactly that many slots; the pipe holds what the kernel gives a
 * pipe (64 KiB on Linux: 8192 records of 8 bytes, 16 of 4096). */
static inline void queue_open(struct queue *q, enum queue_kind kind, size_t record_size,
                              size_t capacity)
{
    *q = (struct queue){.kind = kind, .opener = getpid()};
    if (kind == QUEUE_PIPE)
        pipe_queue_open(&q->pipe, record_size);
    else
        q->ring = ring_open(record_size, capacity);
}

static inline void queue_open_joinable(struct queue *q, enum queue_kind kind,
                                       size_t record_size, size_t capacity)
{
    queue_open(q, kind, record_size, capacity);
    q->tasks = mmap(NULL, sizeof *q->tasks, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (q->tasks == MAP_FAILED)
        die_errno("mmap");
    init_shared_mutex(&q->tasks->lock);
    init_shared_cond(&q->tasks->all_done);
}

static inline void queue_put(struct queue *q, const void *record)
{
    if (q->tasks) {                /* count it before anyone can get it */
        lock(&q->tasks->lock);
        q->tasks->unfinished++;
        unlock(&q->tasks->lock);
    }
    if (q->kind == QUEUE_PIPE)
        pipe_queue_put(&q->pipe, record);
    else
        ring_put(q->ring, record);
}

static inline bool queue_get_timeout(struct queue *q, void *record, long ms)
{
    return q->kind == QUEUE_PIPE ? pipe_queue_get(&q->pipe, record, ms)
                                 : ring_get(q->ring, record, ms);
}

static inline void queue_get(struct queue *q, void *record)
{
    if (!queue_get_timeout(q, record, -1))   /* with no deadline, it cannot fail */
        die("queue_get: returned without a record");
}

/* One record got from a joinable queue is finished with. Sentinels count
 * too: they were put like any other record. */
static inline void queue_task_done(struct queue *q)
{
    if (!q->tasks)
        die("queue_task_done: the queue is not joinable");
    lock(&q->tasks->lock);
    if (q->tasks->unfinished == 0)
        die("queue_task_done: called more times than records were put");
    if (--q->tasks->unfinished == 0)
        pthread_cond_broadcast(&q->tasks->all_done);   /* every joiner wakes */
    unlock(&q->tasks->lock);
}

/* Waits until every record put so far has been marked done. */
static inline void queue_join(struct queue *q)
{
    if (!q->tasks)
        die("queue_join: the queue is not joinable");
    lock(&q->tasks->lock);
    while (q->tasks->unfinished > 0)
        wait_on(&q->tasks->all_done, &q->tasks->lock, NULL);
    unlock(&q->tasks->lock);
}

/* This process is done with the queue. The process that opened it closes
 * it last, after reaping every child that used it; it alone destroys the
 * shared mutexes and condition variables. A child may simply _exit: the
 * kernel closes its descriptors and unmaps its memory. */
static inline void queue_close(struct queue *q)
{
    bool last = getpid() == q->opener;
    if (q->kind == QUEUE_PIPE)
        pipe_queue_close(&q->pipe);
    else
        ring_close(q->ring, last);
    if (q->tasks) {
        if (last) {
            pthread_cond_destroy(&q->tasks->all_done);
            pthread_mutex_destroy(&q->tasks->lock);
        }
        if (munmap(q->tasks, sizeof *q->tasks) == -1)
            die_errno("munmap");
    }
}

#endif
