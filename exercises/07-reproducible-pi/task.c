/*
 * task.c — exercise 07-reproducible-pi: YOUR FILE.
 *
 * Monte Carlo pi, one share of the points per worker process. Today each
 * worker draws n / workers points from a small generator of its own,
 * seeded with its number. So the estimate changes whenever -j does, the
 * n % workers points of the remainder are never drawn, and not one of
 * the points is main.c's point(i): main.c sees none of them looked at.
 *
 * Check your work with:  make check EX=07-reproducible-pi
 */
#include "task.h"

/* xorshift64: the generator's next state, which is also its output. A
 * state that is not 0 never becomes 0. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t s = *state;
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    *state = s;
    return s;
}

long count_inside(long worker, long workers, long n)
{
    /* TODO 1: the share. n / workers points each leaves n % workers of
     *         them to nobody (10 points on 4 workers: 2 are lost). Give
     *         worker w the points from n * w / workers up to, but not
     *         including, n * (w + 1) / workers: one share ends where the
     *         next begins, and the last one ends at n.
     * TODO 2: the points. A generator seeded per worker makes a different
     *         set of points for every -j. Point i is point(i, &x, &y):
     *         the same coordinates whichever worker asks for it.
     * TODO 3: then the generator has no use left: delete next_random. */
    uint64_t state = 0x9e3779b97f4a7c15u * (uint64_t)(worker + 1);   /* odd: never 0 */
    long inside = 0;
    for (long k = 0; k < n / workers; k++) {
        uint64_t r = next_random(&state);
        inside += inside_quarter_circle(r >> 33, (r >> 2) & 0x7fffffffu);
    }
    return inside;
}
