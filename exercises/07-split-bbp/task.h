/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

#include <stdint.h>

/* Yours to write in task.c, both.
 *
 * term_range: worker w's range of the terms 0 .. terms - 1 of the series:
 * it will sum terms *first .. *last - 1. Ranges in the order of the
 * workers: worker 0 starts at 0, each next one starts where the one
 * before ended, the last one ends at terms; and no range holds more than
 * one term more than another. Some may be empty (more workers than
 * terms). main.c asks once for each w = 0 .. workers - 1, then judges
 * the cut. */
void term_range(long w, long workers, long terms, long *first, long *last);

/* combine: the workers' partial sums added into the whole. Each one is a
 * fraction in 64-bit fixed point: the number x stands for x / 2^64, a
 * fraction in [0, 1). The result is the same kind of fraction: the sum of
 * the partials without its whole part (the digits of pi after the
 * position are in the fraction; the whole part is of no use). */
uint64_t combine(const uint64_t *partial, long workers);

#endif
