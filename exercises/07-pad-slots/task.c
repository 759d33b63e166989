/*
 * task.c — exercise 07-pad-slots: YOUR FILE.
 *
 * The slots main.c's threads add into, one per thread. Today a slot is a
 * bare double, so the array packs eight of them into every 64-byte cache
 * line. The threads share no variable, yet neighbours share a line, and
 * each store by one thread takes that line away from the other cores
 * (false sharing). Give every slot a cache line of its own.
 *
 * Check your work with:  make check EX=07-pad-slots
 */
#include <stdalign.h>

#include "task.h"

/* TODO 1: start every slot on a line of its own: alignas(CACHE_LINE) on
 *         the member. Aligning the array instead (alignas on `slots`)
 *         moves slot 0 to a line start and leaves the others 8 bytes
 *         apart, as they are now.
 * TODO 2: make a slot fill its line, so that the next one begins on the
 *         next line: sizeof(struct slot) a multiple of CACHE_LINE. After
 *         TODO 1, see what sizeof says; a pad array says it out loud.
 * TODO 3: let the compiler hold the layout to it: static_assert (from
 *         <assert.h>) that the size and the alignment are multiples of
 *         CACHE_LINE, so that a later edit cannot undo them unseen. */
struct slot {
    double sum;                    /* one thread's running sum */
};

static struct slot slots[MAX_THREADS];

/* What main.c learns of your layout. Leave these lines as they are. */
const size_t slot_size = sizeof(struct slot);
const size_t slot_align = alignof(struct slot);

volatile double *slot_sum(long t)
{
    return &slots[t].sum;
}
