/*
 * task.c — exercise 06-chunked-map: YOUR FILE.
 *
 * Python's pool.map(f, range(n), chunksize) over the workers main.c has
 * forked. Today the map ignores chunksize: it sends one task at a time,
 * always to worker 0, waits for the reply, and files the results in the
 * order they arrive. The other workers never get anything to do.
 *
 * Check your work with:  make check EX=06-chunked-map
 */
#include "task.h"

void chunked_map(long n, long chunksize, long workers, long *results)
{
    /* TODO 1: the size of a chunk. chunksize 0 means automatic, Python's
     *         rule: about four chunks per worker, that is n / (4 * workers)
     *         rounded up. Every chunk holds that many tasks, in order,
     *         except perhaps the last. */
    (void)chunksize;
    (void)workers;

    /* TODO 2: keep every worker busy. Give each worker a chunk to start
     *         with (while chunks remain); then, each time a reply comes,
     *         its worker is idle: give it the next chunk at once. Wait
     *         with next_reply() only while some chunk is out. */
    long filled = 0;
    for (long i = 0; i < n; i++) {
        send_chunk(0, i, 1);
        struct reply r = next_reply();

        /* TODO 3: replies come in any order, so the order of arrival says
         *         nothing. A reply says which tasks it answers: put each
         *         result at its own task's index. */
        for (long k = 0; k < r.count; k++)
            results[filled++] = r.results[k];
    }
}
