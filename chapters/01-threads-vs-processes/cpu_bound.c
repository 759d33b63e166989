/*
 * cpu_bound.c — one CPU-bound loop, run sequentially, in N threads and in
 * N processes. In C both threads and processes run in parallel.
 *
 * Python: cpu_bound_task() run twice, then in two threads, then in two
 *         processes (seed A "The GIL problem"; seed B benchmark_methods;
 *         catalog rows 1 and 4).
 * C:      pthread_create/pthread_join; fork/_exit/waitpid, and a pipe that
 *         carries each process's partial sum back to the parent.
 *
 * Usage:  cpu_bound [-j WORKERS] [-n ITEMS] [--bench]
 *         defaults: -j the number of online CPUs, -n 800000000
 * Expect: on 2 cores, both parallel modes close to 2x:
 *           mode      workers    seconds   speedup  efficiency
 *           sequential      1      0.850     1.00x        100%
 *           threads         2      0.428     1.99x         99%
 *           processes       2      0.430     1.98x         99%
 * See also: gil_simulated.c, the same work with one global lock around it;
 *         work.h, the work itself.
 * Try:    -j 1; then -j 4 and -j 8 on a 2-core machine: why does efficiency
 *         fall while the speedup stays near 2?
 * Look for: threads AND processes near N times faster than sequential.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "work.h"

/* ---- threads: share the address space, so a worker just stores its sum. */

struct worker {
    pthread_t thread;
    long first, last;
    long sum;
};

static void *thread_main(void *arg)
{
    struct worker *w = arg;
    w->sum = sum_range(w->first, w->last);
    return NULL;
}

static long sum_in_threads(long n, long workers)
{
    struct worker worker[MAX_WORKERS];
    for (long w = 0; w < workers; w++) {
        worker[w].first = chunk_start(n, workers, w);
        worker[w].last = chunk_start(n, workers, w + 1);
        int err = pthread_create(&worker[w].thread, NULL, thread_main, &worker[w]);
        if (err != 0)
            die_code(err, "pthread_create");
    }
    long total = 0;
    for (long w = 0; w < workers; w++) {
        int err = pthread_join(worker[w].thread, NULL);
        if (err != 0)
            die_code(err, "pthread_join");
        total += worker[w].sum;
    }
    return total;
}

/* ---- processes: each has its own copy of memory, so a child's sum must
 * be sent back. Chapter 03 is about pipes; here we need only this much. */

struct partial {
    long worker, sum;
};
/* A write of at most PIPE_BUF bytes to a pipe is atomic: records from
 * different children never interleave, and each read returns a whole one. */
_Static_assert(sizeof(struct partial) <= 512, "a record must fit PIPE_BUF");

static void child(int to_parent, long n, long workers, long w)
{
    struct partial p = {w, sum_range(chunk_start(n, workers, w),
                                     chunk_start(n, workers, w + 1))};
    if (write(to_parent, &p, sizeof p) != (ssize_t)sizeof p)
        die_errno("worker %ld: write", w);
    _exit(0);                   /* not exit(): see the chapter README */
}

static long sum_in_processes(long n, long workers)
{
    pid_t pid[MAX_WORKERS];
    int fd[2];
    if (pipe(fd) == -1)
        die_errno("pipe");
    for (long w = 0; w < workers; w++) {
        fflush(stdout);         /* or each child inherits, and prints, our buffer */
        pid[w] = fork();
        if (pid[w] == -1)
            die_errno("fork");  /* started children finish and are adopted */
        if (pid[w] == 0) {
            close(fd[0]);
            child(fd[1], n, workers, w);
        }
    }
    close(fd[1]);               /* the children hold the only write ends now */

    long total = 0;
    struct partial p;
    for (long w = 0; w < workers; w++) {
        if (read(fd[0], &p, sizeof p) != (ssize_t)sizeof p)
            die("a worker sent no result");
        total += p.sum;
    }
    close(fd[0]);

    for (long w = 0; w < workers; w++) {
        int status;
        if (waitpid(pid[w], &status, 0) == -1)
            die_errno("waitpid");
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            die("worker %ld failed (wait status %d)", w, status);
    }
    return total;
}

static const char usage[] =
    "[-j WORKERS] [-n ITEMS] [--bench]\n"
    "Sums a scrambled sequence sequentially, in threads and in processes.\n"
    "  -j WORKERS  threads and processes (1-256, default: online CPUs)\n"
    "  -n ITEMS    items to sum (1-10000000000, default 800000000)\n"
    "  --bench     also print BENCH lines for make bench\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(),
                          .max_workers = MAX_WORKERS, .size = DEFAULT_ITEMS,
                          .min_size = 1, .max_size = MAX_ITEMS};
    parse_options(argc, argv, &opt);
    long n = opt.size, workers = opt.workers;
    struct report r = {.program = "cpu_bound", .bench = opt.bench};

    printf("items: %ld\nworkers: %ld (online CPUs: %ld)\n", n, workers, online_cpus());
    double start = now_seconds();
    long expected = sum_range(0, n);
    report_add(&r, "sequential", 1, now_seconds() - start, 0);

    start = now_seconds();
    long by_threads = sum_in_threads(n, workers);
    report_add(&r, "threads", workers, now_seconds() - start, 0);

    start = now_seconds();
    long by_processes = sum_in_processes(n, workers);
    report_add(&r, "processes", workers, now_seconds() - start, 0);

    report_print(&r);
    check_long("threads sum", expected, by_threads);
    check_long("processes sum", expected, by_processes);
    return check_status();
}
