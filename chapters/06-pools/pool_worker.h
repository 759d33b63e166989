/*
 * pool_worker.h — the two ends of a pool worker's pipes: what travels on
 * them, and the loop a worker runs. pool.h is the parent's side.
 *
 * A worker reads chunks of tasks from its task pipe and writes their
 * results to its result pipe. A chunk is a header and `count` arguments
 * of `arg_size` bytes; a reply is a header, `count` statuses and `count`
 * results of `result_size` bytes. One writer and one reader per pipe, so
 * no message needs to be atomic: chapter 03's write_all and read_all do.
 *
 * The header carries the task function itself, as a pointer. That works
 * because a forked worker is the same program at the same addresses. After
 * exec, or between two different programs, the pointer would mean nothing:
 * Python pickles a function by its name for the same reason, and cannot
 * send a lambda.
 */
#ifndef POOL_WORKER_H
#define POOL_WORKER_H

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "common.h"

#define POOL_ARG_MAX 256           /* bytes of one task's argument, at most */
#define POOL_RESULT_MAX 256        /* bytes of one task's result, at most */

/* A task: reads its argument, writes its result; returns 0 when it worked,
 * or an error number of its own, which the caller gets back. */
struct chunk {                     /* parent -> worker, then the arguments */
    long job, first, count;        /* tasks first .. first + count - 1 of a job */
    int (*task)(const void *arg, void *result);
    size_t arg_size, result_size;
};

struct reply {                     /* worker -> parent: this header, then */
    long job, first, count;        /* `count` statuses (int), then `count` results */
};

static inline size_t reply_bytes(long count, size_t result_size)
{
    return sizeof(struct reply) + (size_t)count * (sizeof(int) + result_size);
}

/* write_all and read_all, as chapter 03 writes them out (framing.h). */
static inline int pool_write_all(int fd, const void *data, size_t size)
{
    const char *p = data;
    while (size > 0) {
        ssize_t n = write(fd, p, size);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            return -1;
        p += n;
        size -= (size_t)n;
    }
    return 0;
}

/* After a writev() that wrote only `done` bytes: the rest, part by part. */
static inline void pool_write_rest(int fd, const struct iovec *part, int parts, size_t done)
{
    for (int k = 0; k < parts; k++) {
        if (done >= part[k].iov_len) {
            done -= part[k].iov_len;
            continue;
        }
        if (pool_write_all(fd, (char *)part[k].iov_base + done, part[k].iov_len - done) == -1)
            return;
        done = 0;
    }
}

/* Returns `size`, or less only at the end of the stream; -1 on error. */
static inline ssize_t pool_read_all(int fd, void *data, size_t size)
{
    char *p = data;
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, p + got, size - got);
        if (n == -1 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0 ? (ssize_t)got : -1;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/* The worker's whole life: run chunks until the parent closes the task
 * pipe (end of stream: the pool is closing), then exit. */
static inline noreturn void worker_loop(int tasks, int results)
{
    struct chunk c;
    char *args = NULL, *reply = NULL;
    size_t room = 0;
    while (pool_read_all(tasks, &c, sizeof c) == (ssize_t)sizeof c) {
        size_t need = (size_t)c.count * c.arg_size + reply_bytes(c.count, c.result_size);
        if (need > room || !args) {
            free(args);
            room = need;
            args = malloc(room ? room : 1);
            if (!args)
                die_errno("worker: malloc");
        }
        size_t arg_bytes = (size_t)c.count * c.arg_size;
        if (pool_read_all(tasks, args, arg_bytes) != (ssize_t)arg_bytes)
            break;                 /* the parent went away mid-chunk */
        reply = args + arg_bytes;
        struct reply header = {c.job, c.first, c.count};
        char *statuses = reply + sizeof header;
        char *results_out = statuses + (size_t)c.count * sizeof(int);
        memcpy(reply, &header, sizeof header);
        for (long i = 0; i < c.count; i++) {
            /* The task writes to an aligned result of its own; the reply
             * packs results end to end, where a long might be misaligned. */
            _Alignas(max_align_t) unsigned char result[POOL_RESULT_MAX] = {0};
            int status = c.task(args + (size_t)i * c.arg_size, result);
            memcpy(statuses + (size_t)i * sizeof status, &status, sizeof status);
            memcpy(results_out + (size_t)i * c.result_size, result, c.result_size);
        }
        if (pool_write_all(results, reply, reply_bytes(c.count, c.result_size)) == -1)
            break;                 /* the parent went away: nobody wants it */
    }
    free(args);
    _exit(0);
}

#endif
