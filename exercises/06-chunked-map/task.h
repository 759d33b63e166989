/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

/* main.c forks the pool's workers, numbered 0 .. workers - 1, before it
 * calls you, and gives you two calls to drive them. Tasks are numbered
 * 0 .. n - 1; task i squares main.c's argument number i. */

/* Sends tasks first .. first + count - 1 to `worker` as one chunk: a
 * header and their arguments, in one message. Only to an idle worker, one
 * that holds no chunk whose reply you have not taken yet. main.c stops the
 * program with a message if the worker is busy, if count < 1, or if the
 * tasks are not all within 0 .. n - 1. */
void send_chunk(long worker, long first, long count);

/* What a worker sends back for one chunk. */
struct reply {
    long worker;                   /* who sent it: idle again from now on */
    long first, count;             /* the tasks it answers: first .. first + count - 1 */
    const long *results;           /* results[k] is the result of task first + k;
                                    * valid until your next call of next_reply() */
};

/* Waits for a reply from a busy worker and returns it. Replies come in
 * any order, not in the order you sent the chunks. main.c stops the
 * program with a message if no worker is busy (there is nothing to wait
 * for). */
struct reply next_reply(void);

/* Yours to write in task.c: Python's pool.map(f, range(n), chunksize).
 * Cut the n tasks into chunks of `chunksize` tasks (0: automatic, about
 * four chunks per worker), keep every worker busy while chunks remain,
 * and put the result of task i in results[i]. Return when every result is
 * in its place. */
void chunked_map(long n, long chunksize, long workers, long *results);

#endif
