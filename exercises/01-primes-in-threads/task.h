/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

/* Given to you by main.c. */
long count_primes(long first, long last);   /* primes p with first <= p < last */
void report_worker(long worker, long first, long last, long primes);
                                            /* call once per worker, from its thread */

/* Yours to write in task.c: the number of primes below n, counted by
 * `workers` threads, each taking its own part of [0, n). */
long count_primes_in_threads(long n, long workers);

#endif
