/*
 * pipe_queue.h — a process-safe FIFO queue made of one pipe. queue.h puts
 * it and the shared-memory ring (ring_queue.h) behind one API.
 *
 * Every record has the same size, at most PIPE_BUF bytes (4096 on Linux).
 * POSIX makes a write of at most PIPE_BUF bytes to a pipe atomic: its bytes
 * are never mixed with another writer's. Every put writes one whole record
 * and every get reads one whole record, so the pipe only ever holds whole
 * records, and any number of processes can put and get at once with no lock
 * of ours: the kernel's own lock on the pipe does the work. The price is one
 * system call per put and one per get. Python's multiprocessing.Queue is a
 * pipe too, with a lock and a feeder thread in front of it.
 */
#ifndef PIPE_QUEUE_H
#define PIPE_QUEUE_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <unistd.h>

#include "common.h"

struct pipe_queue {
    int read_end, write_end;
    size_t record_size;
};

static inline void pipe_queue_open(struct pipe_queue *q, size_t record_size)
{
    if (record_size == 0 || record_size > PIPE_BUF)
        die("pipe queue: records of %zu bytes; atomic writes stop at PIPE_BUF (%d)",
            record_size, PIPE_BUF);
    int fd[2];
    if (pipe(fd) == -1)
        die_errno("pipe");
    /* The read end does not block (see pipe_queue_get). The write end
     * does: a put into a full pipe waits until a get makes room. */
    int flags = fcntl(fd[0], F_GETFL);
    if (flags == -1 || fcntl(fd[0], F_SETFL, flags | O_NONBLOCK) == -1)
        die_errno("fcntl O_NONBLOCK");
    *q = (struct pipe_queue){.read_end = fd[0], .write_end = fd[1], .record_size = record_size};
}

/* One record, one write(). A write of at most PIPE_BUF bytes waits until
 * the whole record fits, then goes in at once: it is never cut short, and
 * a signal that comes while it waits makes it fail with EINTR having
 * written nothing, so trying again is right. */
static inline void pipe_queue_put(struct pipe_queue *q, const void *record)
{
    ssize_t n;
    while ((n = write(q->write_end, record, q->record_size)) == -1 && errno == EINTR)
        ;
    if (n == -1)
        die_errno("pipe queue: write");
    if ((size_t)n != q->record_size)
        die("pipe queue: wrote %zd of %zu bytes: not atomic", n, q->record_size);
}

/* Milliseconds left before `deadline` (seconds on the monotonic clock),
 * rounded up, never below 0. */
static inline int ms_until(double deadline)
{
    double left = (deadline - now_seconds()) * 1000;
    return left > 0 ? (int)left + 1 : 0;
}

/* Takes the oldest record into `record`. Waits at most `ms` milliseconds
 * (-1: as long as it takes). Returns false if none came in time.
 *
 * The trap: when several processes read one pipe, poll() saying "readable"
 * promises nothing. Between our poll() and our read(), another process may
 * take the record, and a blocking read() would then wait past our timeout,
 * perhaps for ever. So the read end is non-blocking: read() takes a record
 * or fails with EAGAIN at once, and only then do we wait in poll(). */
static inline bool pipe_queue_get(struct pipe_queue *q, void *record, long ms)
{
    double deadline = now_seconds() + (double)ms / 1000;
    for (;;) {
        ssize_t n = read(q->read_end, record, q->record_size);
        if (n == (ssize_t)q->record_size)
            return true;
        if (n == 0)        /* every process, us included, closed its write end */
            die("pipe queue: no writer is left: nothing can ever arrive");
        if (n > 0)         /* impossible while every write and read is one record */
            die("pipe queue: read %zd bytes, not one %zu-byte record", n, q->record_size);
        if (errno != EAGAIN && errno != EINTR)
            die_errno("pipe queue: read");
        int wait_ms = ms < 0 ? -1 : ms_until(deadline);
        if (wait_ms == 0)
            return false;
        struct pollfd p = {.fd = q->read_end, .events = POLLIN};
        if (poll(&p, 1, wait_ms) == -1 && errno != EINTR)
            die_errno("poll");
    }
}

static inline void pipe_queue_close(struct pipe_queue *q)
{
    close(q->read_end);
    close(q->write_end);
}

#endif
