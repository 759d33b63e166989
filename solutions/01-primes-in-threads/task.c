/*
 * task.c — exercise 01-primes-in-threads: a reference solution.
 *
 * Each worker gets a struct of its own. Passing every thread the address
 * of one loop variable would be a race: the loop may change it before the
 * thread reads it.
 */
#include <pthread.h>
#include <stdlib.h>

#include "common.h"
#include "task.h"

struct job {
    pthread_t thread;
    long worker, first, last;
    long primes;                 /* the thread's result, read after the join */
};

static void *count_job(void *arg)
{
    struct job *job = arg;
    job->primes = count_primes(job->first, job->last);
    report_worker(job->worker, job->first, job->last, job->primes);
    return NULL;
}

long count_primes_in_threads(long n, long workers)
{
    struct job *jobs = calloc((size_t)workers, sizeof *jobs);
    if (!jobs)
        die_errno("calloc");
    for (long w = 0; w < workers; w++) {
        /* n*w/workers: the ranges cover [0, n) with no gap even when
         * workers does not divide n; n/workers*w would miss the remainder */
        jobs[w] = (struct job){.worker = w, .first = n * w / workers,
                               .last = n * (w + 1) / workers};
        int err = pthread_create(&jobs[w].thread, NULL, count_job, &jobs[w]);
        if (err != 0)
            die_code(err, "pthread_create");
    }
    long primes = 0;
    for (long w = 0; w < workers; w++) {
        int err = pthread_join(jobs[w].thread, NULL);
        if (err != 0)
            die_code(err, "pthread_join");
        primes += jobs[w].primes;
    }
    free(jobs);
    return primes;
}
