/*
 * task.c — exercise 06-chunked-map: a reference solution.
 *
 * pool.map(f, items, chunksize) is three things:
 * - Chunks: tasks cut in order into runs of `chunksize`, the last one
 *   perhaps shorter, so ceil(n / chunksize) chunks in all. Chunksize 0 is
 *   Python's rule, ceil(n / (4 * workers)): a chunk's round trip is paid
 *   once for many tasks, and four chunks per worker still let a worker
 *   that finishes early take more.
 * - Every worker busy: each starts with a chunk, and a reply means its
 *   worker is idle, so it gets the next chunk before we wait again. One
 *   chunk out per worker also keeps clear of the chapter's deadlock: we
 *   never write to a worker that may be blocked writing a reply to us.
 * - Results filed by index: a reply names its first task, and result k of
 *   the reply belongs at first + k, whatever the order of arrival.
 */
#include <stdbool.h>

#include "task.h"

/* Sends the next chunk, if one is left, to `worker` (idle); true if sent. */
static bool give_next_chunk(long worker, long *next, long n, long size)
{
    if (*next == n)
        return false;
    long count = n - *next < size ? n - *next : size;   /* the last may be short */
    send_chunk(worker, *next, count);
    *next += count;
    return true;
}

void chunked_map(long n, long chunksize, long workers, long *results)
{
    long per_round = 4 * workers;
    long size = chunksize > 0 ? chunksize : (n + per_round - 1) / per_round;
    long next = 0;                 /* the first task not sent yet */
    long out = 0;                  /* chunks sent whose reply we have not taken */

    for (long w = 0; w < workers; w++)     /* more workers than chunks: some wait */
        out += give_next_chunk(w, &next, n, size);
    while (out > 0) {
        struct reply r = next_reply();
        out--;
        for (long k = 0; k < r.count; k++)
            results[r.first + k] = r.results[k];
        out += give_next_chunk(r.worker, &next, n, size);    /* before waiting again */
    }
}
