/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

#include <stdbool.h>
#include <stdint.h>

/* Given to you by main.c. The points are numbered 0 .. n - 1. point()
 * gives point i's coordinates, each below 2^31: a hash of i, so the same
 * two numbers in every process, whoever asks and whenever. main.c counts
 * your calls and notes which points they asked for; asking for a point
 * outside 0 .. n - 1 stops the worker with a message. */
void point(long i, uint64_t *x, uint64_t *y);

/* Whether (x, y) lies inside the quarter circle of radius 2^31. */
bool inside_quarter_circle(uint64_t x, uint64_t y);

/* Yours to write in task.c. main.c forks `workers` processes and calls
 * this once in each, with worker = 0 .. workers - 1, then adds the counts
 * they return. Between them the workers must look at every point
 * 0 .. n - 1 exactly once, through point(), and return how many of the
 * points they looked at fall inside the quarter circle. */
long count_inside(long worker, long workers, long n);

#endif
