/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

/* What a worker sends back through the pipe: one fixed-size record, sent
 * with one write(). It is far smaller than PIPE_BUF, so it arrives whole
 * even when other workers write at the same moment. */
struct result {
    long index;                    /* which value it answers: its place in the list */
    long square;                   /* that value, squared */
};

/* Yours to write in task.c: */
struct result make_result(long index, long square);
        /* the record the worker for the value at `index` sends */
void restore_order(const struct result *arrived, long n, long *ordered);
        /* arrived: the n records, in the order they came through the pipe
         * (each index 0..n-1 once). Fill ordered[0..n-1] with the squares,
         * in the order of the values. */

#endif
