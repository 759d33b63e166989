/*
 * task.c — exercise 07-pad-slots: a reference solution.
 *
 * A core owns memory a cache line at a time. Two threads storing into
 * the same 64-byte line make it travel between their cores on every
 * store, though neither reads what the other wrote: false sharing. One
 * slot per line ends it, which takes two things:
 * - alignment: each slot starts at a multiple of 64. alignas on the member
 *   does that for every element of any array of slots (and makes the
 *   compiler place a static array to match). alignas on the array only
 *   would align slot 0 and leave the others 8 bytes apart.
 * - size: a multiple of 64, so that slot t + 1 starts on the next line.
 *   C rounds a struct's size up to a multiple of its alignment, so the
 *   alignas alone already gives 64 bytes; the pad array below says so in
 *   the source instead of leaving it to that rule.
 * Padding without alignment is the subtle trap: 64-byte slots whose array
 * starts in the middle of a line straddle two lines each. It may look
 * fine on one build and not on the next, as the linker moves the array.
 * The price: 64 bytes where 8 would do. Worth it for a handful of hot
 * counters, not for a million of them.
 */
#include <assert.h>
#include <stdalign.h>

#include "task.h"

struct slot {
    alignas(CACHE_LINE) double sum;
    char pad[CACHE_LINE - sizeof(double)];     /* the rest of the line: nobody's */
};

static_assert(sizeof(struct slot) % CACHE_LINE == 0, "a slot fills whole lines");
static_assert(alignof(struct slot) % CACHE_LINE == 0, "a slot starts a line");

static struct slot slots[MAX_THREADS];         /* aligned by the member's alignas */

const size_t slot_size = sizeof(struct slot), slot_align = alignof(struct slot);

/* Thread t's sum: the first 8 bytes of a line that no other thread touches. */
volatile double *slot_sum(long t)
{
    return &slots[t].sum;          /* main.c keeps t below MAX_THREADS */
}
