/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

#include <stddef.h>

#define CACHE_LINE 64              /* bytes; x86 and most ARM cores */
#define MAX_THREADS 64

/* One thread's slot. Its layout is yours: task.c defines it, and keeps an
 * array of MAX_THREADS of them. main.c never sees inside a slot: it asks
 * the three things below. */
struct slot;

/* sizeof and alignof of your struct slot, as task.c computes them. */
extern const size_t slot_size, slot_align;

/* Where thread t (0 .. MAX_THREADS - 1) keeps its running sum: a double
 * inside slot t. main.c's thread t adds every step of its part to it. */
volatile double *slot_sum(long t);

#endif
