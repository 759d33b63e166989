/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

#include <stdint.h>

/* Output i is the mean and the sample standard deviation of the window
 * of w values that ends at value i: values i - w + 1 .. i. */
struct stats {
    double mean, std;
};

/* Given to you by main.c. Chunk c's outputs are [begin, end), with
 * begin = n * c / chunks and end = n * (c + 1) / chunks. */
void chunk_outputs(long chunk, long chunks, long n, long *begin, long *end);

/* Given to you by main.c: output i from the sum and the sum of squares
 * of its full window, as integers (exact, whoever added them up). */
struct stats window_stats(int64_t sum, int64_t sum_sq, long w);

/* Given to you by main.c: what an output holds when its window is not
 * full (outputs 0 .. w - 2 have fewer than w values behind them). */
extern const struct stats not_full;

/* Yours to write in task.c: [*first, *last), the values chunk `chunk`
 * must read to compute its own outputs. main.c calls it, then gives the
 * chunk a copy of exactly those values, and nothing else. */
void chunk_input(long chunk, long chunks, long n, long w, long *first, long *last);

/* Yours to write in task.c: outputs begin .. end - 1, written to
 * out[begin] .. out[end - 1], equal bit for bit to what one loop over
 * the whole series gives. in[k] is value first + k, for first + k up to
 * end - 1 ([first, end) is what your chunk_input asked for). */
void rolling_chunk(const int32_t *in, long first, long begin, long end, long w,
                   struct stats *out);

#endif
