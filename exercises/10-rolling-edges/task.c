/*
 * task.c — exercise 10-rolling-edges: YOUR FILE.
 *
 * A rolling mean and standard deviation, computed in chunks, one chunk in
 * each worker process. Today a chunk reads only its own values, as if the
 * series began where the chunk begins: the first w - 1 outputs of every
 * chunk but the first come out "not full" although the values their
 * windows need are there, just in the chunk before.
 *
 * Check your work with:  make check EX=10-rolling-edges
 */
#include "task.h"

void chunk_input(long chunk, long chunks, long n, long w, long *first, long *last)
{
    /* TODO 1: a window that ends at the chunk's first output starts w - 1
     *         values earlier. Read from begin - (w - 1), not from begin.
     * TODO 2: not before value 0: chunk 0, and any chunk that begins
     *         less than w - 1 values into the series (a short chunk, or a
     *         long window, can reach back over several chunks), starts
     *         reading at 0. */
    (void)w;
    chunk_outputs(chunk, chunks, n, first, last);
}

void rolling_chunk(const int32_t *in, long first, long begin, long end, long w,
                   struct stats *out)
{
    /* TODO 3: add up every value read, from `first` on, not from `begin`:
     *         the ones before `begin` fill the first windows. Take a value
     *         out of the sums when it leaves the window, w values later.
     * TODO 4: write outputs only from `begin` on (the ones before belong
     *         to another chunk, which writes them itself). An output is
     *         not_full only when it has fewer than w values before it in
     *         the whole series, not in this chunk. */
    int64_t sum = 0, sum_sq = 0;
    for (long i = begin; i < end; i++) {
        int64_t v = in[i - first];
        sum += v;
        sum_sq += v * v;
        if (i - begin >= w) {
            int64_t gone = in[i - w - first];
            sum -= gone;
            sum_sq -= gone * gone;
        }
        out[i] = i - begin + 1 >= w ? window_stats(sum, sum_sq, w) : not_full;
    }
}
