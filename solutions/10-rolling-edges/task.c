/*
 * task.c — exercise 10-rolling-edges: a reference solution.
 *
 * The traps:
 * - The naive cut (np.array_split, then rolling() on each piece): a chunk
 *   that starts at its own first value has no history, and its first
 *   w - 1 outputs come out not full, or, worse, computed over the values
 *   it has. A chunk must read the w - 1 values before it as well: the
 *   overlap. They are read twice, once by each neighbour; outputs are
 *   still written once, each by the chunk that owns it.
 * - Clip at 0. A short chunk, or a long window, reaches back over several
 *   chunks, and for the first ones past value 0: there, begin - (w - 1)
 *   is negative, and the windows are honestly not full.
 * - "Not full" is a fact about the series, not the chunk: output i has
 *   i + 1 values behind it in all. With the input clipped at 0, counting
 *   from `first` gives the same answer, but only because of the clip.
 * - w = 1: no overlap at all, and every window is full at once.
 * - Bit for bit: the sums are integers, so they are exact however they
 *   were reached, and window_stats turns the same integers into the same
 *   doubles. Running sums of doubles started at different places would
 *   differ in their last bits, and the comparison would fail on rounding.
 */
#include "task.h"

void chunk_input(long chunk, long chunks, long n, long w, long *first, long *last)
{
    long begin, end;
    chunk_outputs(chunk, chunks, n, &begin, &end);
    long history = w - 1;          /* the values before `begin` its first window holds */
    *first = begin > history ? begin - history : 0;
    *last = end;
}

void rolling_chunk(const int32_t *in, long first, long begin, long end, long w,
                   struct stats *out)
{
    int64_t sum = 0, sum_sq = 0;
    for (long at = first; at < end; at++) {
        int64_t x = in[at - first];
        sum += x;
        sum_sq += x * x;
        long leaving = at - w;     /* the value that has just left the window */
        if (leaving >= first) {
            int64_t old = in[leaving - first];
            sum -= old;
            sum_sq -= old * old;
        }
        if (at < begin)
            continue;              /* history: another chunk's output */
        out[at] = at + 1 >= w ? window_stats(sum, sum_sq, w) : not_full;
    }
}
