/*
 * task.c — exercise 07-split-bbp: YOUR FILE.
 *
 * Split the BBP series over main.c's workers, and put their parts back
 * together. Today every worker gets terms / workers terms, so the last
 * terms % workers terms are summed by nobody; and the partial sums are
 * added as doubles, which hold 53 bits of the 64: the bits that main.c
 * computed exactly come back rounded.
 *
 * Check your work with:  make check EX=07-split-bbp
 */
#include <math.h>

#include "task.h"

#define TWO_TO_THE_64 18446744073709551616.0

void term_range(long w, long workers, long terms, long *first, long *last)
{
    /* TODO 1: every term in exactly one range. With `size` terms each,
     *         terms % workers terms at the end belong to nobody. Let
     *         range w run from terms * w / workers up to terms * (w + 1)
     *         / workers: the ranges meet, the last ends at terms, and
     *         their sizes differ by one at most. */
    long size = terms / workers;
    *first = w * size;
    *last = *first + size;
}

uint64_t combine(const uint64_t *partial, long workers)
{
    /* TODO 2: add in 64-bit integers, not in doubles. Fractions added with
     *         their whole part dropped: that is addition modulo 1, and in
     *         this fixed point, addition modulo 2^64, which uint64_t does
     *         by itself when it wraps around. The wrap is not an overflow
     *         to fear: it is the floor() below, done exactly.
     * TODO 3: then TWO_TO_THE_64 and <math.h> have no use left: remove
     *         them. */
    double sum = 0;
    for (long w = 0; w < workers; w++)
        sum += (double)partial[w] / TWO_TO_THE_64;
    sum -= floor(sum);             /* drop the whole part */
    return (uint64_t)(sum * TWO_TO_THE_64);
}
