/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

/* Given to you by main.c. */
long count_primes(long first, long last);   /* primes p with first <= p < last */
void report_worker(long worker, long first, long last, long primes);
                                            /* call once per worker, in its process */

/* Yours to write in task.c: the number of primes below n, counted by
 * `workers` child processes, each taking its own part of [0, n). Every
 * child must be reaped before it returns. */
long count_primes_in_processes(long n, long workers);

#endif
