/*
 * task.c — exercise 07-reproducible-pi: a reference solution.
 *
 * The traps:
 * - A generator per worker, seeded with the worker's number, draws a
 *   different set of points for every worker count: the program is
 *   "right" and still gives another pi for -j 3 than for -j 4. Here a
 *   point is a function of its number, not the next draw of a sequence
 *   (a counter-based generator): any worker can make any point, so the
 *   points are 0 .. n-1 however the work is split.
 * - n / workers points each drops n % workers points. Bounds computed as
 *   n * w / workers lose none: worker w stops where worker w + 1 starts,
 *   worker 0 starts at 0, the last stops at n, and the shares differ by
 *   at most one point.
 * - More workers than points: some shares are empty. That is fine, and
 *   the same bounds give it without a special case.
 * - n * w must not overflow a long: main.c allows at most 10^7 points
 *   and 64 workers.
 */
#include "task.h"

/* Where worker w's share begins; share `workers` would begin at n. */
static long share_start(long n, long workers, long w)
{
    return n * w / workers;
}

long count_inside(long worker, long workers, long n)
{
    long first = share_start(n, workers, worker);
    long last = share_start(n, workers, worker + 1);
    long inside = 0;
    for (long i = first; i < last; i++) {
        uint64_t x, y;
        point(i, &x, &y);          /* the same point, whichever worker asks */
        inside += inside_quarter_circle(x, y);
    }
    return inside;
}
