/*
 * counter_shared.c — one counter in shared memory, incremented by many
 * processes: with no lock, updates get lost; with a mutex in private
 * memory, they still do; with a process-shared mutex in the shared
 * mapping, the total is exact, every time.
 *
 * Python: Value('i', 0) and `with counter.get_lock(): counter.value += 1`
 *         in 30 processes (seed E counter.py, seed B; catalog rows 28-29);
 *         threading.Lock cannot be pickled, multiprocessing.Lock can
 *         (seed A Challenge 1; row 30).
 * C:      mmap(MAP_SHARED | MAP_ANONYMOUS) before fork; a pthread mutex with
 *         PTHREAD_PROCESS_SHARED, living in that mapping.
 *
 * Usage:  counter_shared [-j PROCESSES] [-n INCREMENTS] [-m MODE]
 *         defaults: -j 30, -n 100000 each, every mode
 * Expect: no lock:          2465517 of 3000000 (534483 updates lost) in 0.003 s
 *         check: no lock: at most the total (1 = yes) = 1 (expected 1) ok
 *         private mutex:    2009852 of 3000000 (990148 updates lost) in 0.012 s
 *         ...
 *         shared mutex:     3000000 of 3000000 (exact) in 0.089 s
 * See also: counter_global.c (no sharing at all), counter_threads.c (the
 *         race, where ThreadSanitizer can see it).
 * Try:    -j 1 (nothing lost: the race needs two processes at once);
 *         taskset -c 0 (one core: exact here. Is the race gone?)
 * Look for: the lost updates, and what the lock costs to get them back.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define MAX_PROCESSES 256L

struct shared_counter {            /* lives in memory every process maps */
    pthread_mutex_t lock;
    volatile long value;           /* volatile: every ++ really loads and stores */
};

static struct shared_counter *counter;

/* A mutex in ordinary memory: after fork, each process has its own copy at
 * the same address. Locking it excludes nobody else. (Python refuses to
 * pickle a threading.Lock for this reason; C lets you make the mistake.) */
static pthread_mutex_t private_lock = PTHREAD_MUTEX_INITIALIZER;

/* Memory that stays shared after fork: the children write the very pages
 * the parent reads. Anything else (globals, the heap, the stack) is copied. */
static struct shared_counter *map_shared_counter(void)
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
    return c;
}

/* value++ is three steps: load, add, store. Two processes that load the
 * same value both store value + 1: one increment is lost. */
static void add_unlocked(long times)
{
    for (long i = 0; i < times; i++)
        counter->value++;
}

static void add_under(pthread_mutex_t *lock, long times)
{
    for (long i = 0; i < times; i++) {
        pthread_mutex_lock(lock);  /* fails only on a programming error */
        counter->value++;
        pthread_mutex_unlock(lock);
    }
}

static void add_under_private_mutex(long times)
{
    add_under(&private_lock, times);
}

static void add_under_shared_mutex(long times)
{
    add_under(&counter->lock, times);
}

/* Starts `processes` children that each call add(times), all at once,
 * waits for them; returns the seconds from the start to the last exit.
 * The starting gate: each child first waits to read from a pipe, and the
 * parent closes its write end once every child exists. Every read then
 * returns 0 (end of stream) at the same moment. Without the gate, each
 * child would be done before the next one was even forked: no race. */
static double run(void (*add)(long), long processes, long times)
{
    pid_t pid[MAX_PROCESSES];
    int gate[2];
    if (pipe(gate) == -1)
        die_errno("pipe");
    counter->value = 0;
    fflush(stdout);                /* or the children repeat what we buffered */
    for (long p = 0; p < processes; p++) {
        pid[p] = fork();
        if (pid[p] == -1)
            die_errno("fork");
        if (pid[p] == 0) {
            char c;
            close(gate[1]);
            while (read(gate[0], &c, 1) == -1 && errno == EINTR)
                ;                  /* returns 0 when the gate opens */
            add(times);
            _exit(0);
        }
    }
    close(gate[0]);
    double start = now_seconds();
    close(gate[1]);                /* open the gate: every child starts now */
    for (long p = 0; p < processes; p++)
        if (waitpid(pid[p], NULL, 0) == -1)
            die_errno("waitpid");
    return now_seconds() - start;
}

/* Prints the count a mode reached, and checks what that mode promises:
 * exact under the shared mutex; in the others, updates may be lost (how
 * many is luck), but nothing is ever counted that was not added. */
static void show_count(const char *mode, long expected, double seconds, bool must_be_exact)
{
    long got = counter->value;
    printf("%-17s %ld of %ld ", mode, got, expected);
    if (got == expected)
        printf("(exact) in %.3f s\n", seconds);
    else
        printf("(%ld updates lost) in %.3f s\n", expected - got, seconds);
    char what[80];
    snprintf(what, sizeof what, "%s %s", mode, must_be_exact ? "total" : "at most the total (1 = yes)");
    check_long(what, must_be_exact ? expected : 1, must_be_exact ? got : got <= expected);
}

static const char *mode = "all";

static void on_option(int letter, const char *value)
{
    (void)letter;
    if (strcmp(value, "all") != 0 && strcmp(value, "none") != 0 &&
        strcmp(value, "private") != 0 && strcmp(value, "shared") != 0)
        usage_error("mode (-m) must be all, none, private or shared, got '%s'", value);
    mode = value;
}

static bool wanted(const char *m)
{
    return strcmp(mode, "all") == 0 || strcmp(mode, m) == 0;
}

static const char usage[] =
    "[-j PROCESSES] [-n INCREMENTS] [-m MODE]\n"
    "PROCESSES processes each add INCREMENTS to one counter in shared memory.\n"
    "  -j PROCESSES  (1-256, default 30, as in the tutorial)\n"
    "  -n INCREMENTS per process (0-10000000, default 100000)\n"
    "  -m MODE       none (no lock), private (a mutex in private memory),\n"
    "                shared (a process-shared mutex in shared memory), or all (default)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 30, .max_workers = MAX_PROCESSES,
                          .size = 100000, .min_size = 0, .max_size = 10000000,
                          .extra_options = "m:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long expected = opt.workers * opt.size;
    counter = map_shared_counter();

    if (wanted("none"))
        show_count("no lock:", expected, run(add_unlocked, opt.workers, opt.size), false);
    if (wanted("private"))
        show_count("private mutex:", expected,
                   run(add_under_private_mutex, opt.workers, opt.size), false);
    if (wanted("shared"))
        show_count("shared mutex:", expected,
                   run(add_under_shared_mutex, opt.workers, opt.size), true);
    pthread_mutex_destroy(&counter->lock);
    munmap(counter, sizeof *counter);
    return check_status();
}
