/*
 * main.c — the driver of exercise 05-racy-counter. DO NOT EDIT: your work
 * goes in task.c. Maps one counter in shared memory, with a process-shared
 * mutex beside it, and starts PROCESSES children that each call your
 * add_one() INCREMENTS times, all at the same moment. The parent then
 * requires the total to be exactly PROCESSES * INCREMENTS.
 *
 * Usage: program [-j PROCESSES] [-n INCREMENTS]
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

#define MAX_PROCESSES 64L
#define WARM_UP 0.02               /* seconds the children spin before they add */
#define OWN_WORK 400               /* steps of a worker's own work per addition */

/* Memory that stays shared after fork, and a mutex in it that works
 * between processes (the other exercise of this chapter is about that). */
static struct shared_counter *map_counter(void)
{
    struct shared_counter *c = mmap(NULL, sizeof *c, PROT_READ | PROT_WRITE,
                                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (c == MAP_FAILED)
        die_errno("mmap");
    pthread_mutexattr_t a;
    int err;
    if ((err = pthread_mutexattr_init(&a)) != 0 ||
        (err = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) != 0 ||
        (err = pthread_mutex_init(&c->lock, &a)) != 0)
        die_code(err, "process-shared mutex");
    pthread_mutexattr_destroy(&a);
    c->value = 0;
    return c;
}

static void unmap_counter(struct shared_counter *c)
{
    int err = pthread_mutex_destroy(&c->lock);
    if (err != 0)
        die_code(err, "pthread_mutex_destroy");
    if (munmap(c, sizeof *c) == -1)
        die_errno("munmap");
}

/* What a worker does between two additions, standing in for real work:
 * a fraction of a microsecond of counting. So the workers run side by
 * side for tens of milliseconds, even on a machine busy with other
 * programs. It touches no shared memory: the counter sees only add_one. */
static void own_work(void)
{
    for (volatile int step = 0; step < OWN_WORK; step++)  /* volatile: kept */
        continue;
}

/* Every child starts adding at the same moment, start_at, and spins
 * until then: the scheduler sees that many busy processes and spreads them
 * over the CPUs. (Started one by one, a child can finish all its additions
 * before the next one even runs, and nothing races at all.) */
static noreturn void worker(struct shared_counter *c, double start_at, long times)
{
    while (now_seconds() < start_at)
        continue;                  /* busy on purpose */
    for (long i = 0; i < times; i++) {
        add_one(c);
        own_work();
    }
    _exit(0);
}

/* Starts the children, all to add from the same moment, and reaps them;
 * returns how many exited with status 0. */
static long run_workers(struct shared_counter *c, long processes, long times)
{
    pid_t pid[MAX_PROCESSES];
    /* time enough to fork them all, and for the scheduler to spread them */
    double start_at = now_seconds() + WARM_UP + 0.001 * (double)processes;
    for (long p = 0; p < processes; p++) {
        fflush(stdout);            /* or the child repeats what we buffered */
        pid[p] = fork();
        if (pid[p] == -1)
            die_errno("fork");
        if (pid[p] == 0)
            worker(c, start_at, times);
    }
    long finished = 0;
    for (long p = 0; p < processes; p++) {
        int status;
        if (waitpid(pid[p], &status, 0) == -1)
            die_errno("waitpid");
        finished += WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    return finished;
}

static const char usage[] =
    "[-j PROCESSES] [-n INCREMENTS]\n"
    "PROCESSES processes each call your add_one() INCREMENTS times on one counter.\n"
    "  -j PROCESSES  (1-64, default 4)\n"
    "  -n INCREMENTS per process (0-10000000, default 200000)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_PROCESSES,
                          .size = 200000, .min_size = 0, .max_size = 10000000};
    parse_options(argc, argv, &opt);
    long expected = opt.workers * opt.size;
    struct shared_counter *c = map_counter();
    printf("processes: %ld\nincrements each: %ld\n", opt.workers, opt.size);

    long finished = run_workers(c, opt.workers, opt.size);
    long total = c->value;
    printf("total: %ld\nexpected: %ld\nupdates lost: %ld\n", total, expected,
           expected - total);
    check_long("processes that finished", opt.workers, finished);
    check_long("total", expected, total);
    unmap_counter(c);
    return check_status();
}
