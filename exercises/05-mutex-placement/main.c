/*
 * main.c — the driver of exercise 05-mutex-placement. DO NOT EDIT: your
 * work goes in task.c. Asks your make_shared_lock() for a mutex, before
 * it forks, then finds out two things:
 *  1. Is it one lock in every process? A child takes it and holds it;
 *     meanwhile pthread_mutex_trylock() here must find it taken (EBUSY).
 *     A private copy would be free here, whatever the child did to its own.
 *  2. Does it protect? PROCESSES children, all starting at one moment,
 *     each add 1 to a counter in shared memory INCREMENTS times, holding
 *     the lock. The total must be exact.
 *
 * Usage: program [-j PROCESSES] [-n INCREMENTS]
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <errno.h>
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

struct shared_total {              /* mapped by the driver, shared after fork */
    volatile long value;           /* volatile: every ++ really loads and stores */
};

static void lock_or_die(pthread_mutex_t *lock)
{
    int err = pthread_mutex_lock(lock);
    if (err != 0)
        die_code(err, "pthread_mutex_lock");
}

static void unlock_or_die(pthread_mutex_t *lock)
{
    int err = pthread_mutex_unlock(lock);
    if (err != 0)
        die_code(err, "pthread_mutex_unlock");
}

/* Reads one byte; returns what read() did, restarted after a signal. */
static ssize_t read_byte(int fd, char *byte)
{
    ssize_t got;
    while ((got = read(fd, byte, 1)) == -1 && errno == EINTR)
        continue;
    return got;
}

/* ---- 1. one lock in every process? ---------------------------------- */

/* The child: takes the lock, says so through `held`, and holds it until
 * the parent closes `release` (then read() returns 0). */
static noreturn void hold_lock(pthread_mutex_t *lock, int held, int release)
{
    char byte = 'L';
    lock_or_die(lock);
    if (write(held, &byte, 1) != 1)
        die_errno("child: write");
    read_byte(release, &byte);
    unlock_or_die(lock);
    _exit(0);
}

/* True when a child's lock() is felt here: while the child holds the
 * lock, trylock() finds it taken. No timing is involved: the pipes order
 * every step. */
static bool seen_by_other_processes(pthread_mutex_t *lock)
{
    int held[2], release[2];
    if (pipe(held) == -1)
        die_errno("pipe");
    if (pipe(release) == -1)
        die_errno("pipe");
    fflush(stdout);                /* or the child repeats what we buffered */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        close(held[0]);
        close(release[1]);
        hold_lock(lock, held[1], release[0]);
    }
    close(held[1]);
    close(release[0]);

    char byte;
    bool child_holds = read_byte(held[0], &byte) == 1;  /* else it died trying */
    int err = child_holds ? pthread_mutex_trylock(lock) : 0;
    int unlock_err = 0;
    if (child_holds && err == 0)   /* a copy the child never touched: ours, */
        unlock_err = pthread_mutex_unlock(lock);   /* so we give it back */
    close(release[1]);             /* the child's read() returns 0: it lets go */
    close(held[0]);
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die_errno("waitpid");

    if (!child_holds || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("the child that was to hold the lock failed");
    if (err != 0 && err != EBUSY)
        die_code(err, "pthread_mutex_trylock");
    if (unlock_err != 0)
        die_code(unlock_err, "pthread_mutex_unlock");
    return err == EBUSY;
}

/* ---- 2. does it protect? --------------------------------------------- */

/* What a worker does between two additions, standing in for real work:
 * a fraction of a microsecond of counting. So the workers run side by
 * side for tens of milliseconds and contend for the lock, even on a
 * machine busy with other programs. */
static void own_work(void)
{
    for (volatile int step = 0; step < OWN_WORK; step++)  /* volatile: kept */
        continue;
}

/* Every child starts adding at the same moment, start_at, and spins
 * until then, so that the scheduler spreads them over the CPUs and they
 * really contend for the lock. */
static noreturn void worker(pthread_mutex_t *lock, struct shared_total *total,
                            double start_at, long times)
{
    while (now_seconds() < start_at)
        continue;                  /* busy on purpose */
    for (long i = 0; i < times; i++) {
        lock_or_die(lock);
        total->value++;
        unlock_or_die(lock);
        own_work();
    }
    _exit(0);
}

/* Starts the children, all to add from the same moment, and reaps them;
 * returns how many exited with status 0. */
static long run_workers(pthread_mutex_t *lock, struct shared_total *total,
                        long processes, long times)
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
            worker(lock, total, start_at, times);
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
    "Tests the mutex of your make_shared_lock() across processes.\n"
    "  -j PROCESSES  (1-64, default 4)\n"
    "  -n INCREMENTS per process (0-10000000, default 100000)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_PROCESSES,
                          .size = 100000, .min_size = 0, .max_size = 10000000};
    parse_options(argc, argv, &opt);
    pthread_mutex_t *lock = make_shared_lock();
    if (!lock)
        die("make_shared_lock() returned NULL");
    struct shared_total *total = mmap(NULL, sizeof *total, PROT_READ | PROT_WRITE,
                                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (total == MAP_FAILED)
        die_errno("mmap");
    total->value = 0;
    printf("processes: %ld\nincrements each: %ld\n", opt.workers, opt.size);

    bool seen = seen_by_other_processes(lock);
    printf("lock seen by other processes: %s\n", seen ? "yes" : "no");
    long finished = run_workers(lock, total, opt.workers, opt.size);
    long expected = opt.workers * opt.size;
    printf("total: %ld\nexpected: %ld\nupdates lost: %ld\n", total->value, expected,
           expected - total->value);
    check_long("lock seen by other processes", 1, seen);
    check_long("processes that finished", opt.workers, finished);
    check_long("total", expected, total->value);
    free_shared_lock(lock);
    if (munmap(total, sizeof *total) == -1)
        die_errno("munmap");
    return check_status();
}
