/*
 * task.c — exercise 07-split-bbp: a reference solution.
 *
 * The traps:
 * - terms / workers terms per range loses terms % workers of them, and a
 *   lost term changes the digits. Cutting at terms * w / workers loses
 *   none: each range ends where the next starts, the last ends at terms,
 *   and the sizes are terms / workers, some rounded up. (Also right: the
 *   first terms % workers ranges one term larger.) terms * w stays far
 *   below 2^63: main.c allows 10^7 + 1 terms and 64 workers.
 * - The partials are exact 64-bit fractions. A double keeps 53 bits, so
 *   adding through doubles rounds away the last 11 bits of each partial,
 *   and with them the equality with the sum of one process.
 * - Dropping the whole part of a sum is working modulo 1; with x standing
 *   for x / 2^64, that is modulo 2^64, which is exactly how unsigned
 *   arithmetic wraps. The wrap is the answer, not an overflow. (A signed
 *   int64_t would overflow, and that is undefined behaviour.)
 * - Because addition modulo 2^64 is exact, the order does not matter:
 *   any split of the terms, added in any order, gives the same bits.
 */
#include "task.h"

void term_range(long w, long workers, long terms, long *first, long *last)
{
    *first = terms * w / workers;
    *last = terms * (w + 1) / workers;     /* the start of the next range */
}

uint64_t combine(const uint64_t *partial, long workers)
{
    uint64_t sum = 0;
    for (long w = 0; w < workers; w++)
        sum += partial[w];                 /* wraps around 2^64: modulo 1 */
    return sum;
}
