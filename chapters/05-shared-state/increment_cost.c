/*
 * increment_cost.c — three ways for processes to count together in shared
 * memory, and what one increment costs in each: a process-shared mutex, a
 * C11 atomic, and a partial sum per process added up at the end.
 *
 * Python: Value('i') with its lock, the only way Python offers (catalog
 *         row 33; chapter 01's lock_contention.c does the same with threads).
 * C:      pthread_mutex_t with PTHREAD_PROCESS_SHARED; atomic_fetch_add on
 *         an atomic_long in the mapping (a lock-free atomic works between
 *         processes: it is an instruction on memory, not a lock the process
 *         owns); one slot per process, a cache line apart.
 *
 * Usage:  increment_cost [-j PROCESSES] [-n INCREMENTS] [--bench]
 *         defaults: -j online CPUs, -n 50000000 increments in all
 * Expect: mode                 workers    seconds   speedup  efficiency   ns/increment
 *         one-process                1      0.012     1.00x        100%           0.23
 *         mutex                      2      1.079     0.01x          1%          21.58
 *         atomic                     2      0.343     0.03x          2%           6.87
 *         partial-sums               2      0.006     1.93x         96%           0.12
 * See also: counter_shared.c; chapter 01's lock_contention.c.
 * Try:    -j 1 (no contention: how cheap are the mutex and the atomic alone?)
 * Look for: the cost of sharing one cache line, whatever guards it.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define MAX_PROCESSES 64L
#define CACHE_LINE 64

struct shared {                    /* one mapping, shared by every process */
    pthread_mutex_t lock;
    long locked_count;
    atomic_long atomic_count;
    struct {                       /* one per process, each on its own line */
        _Alignas(CACHE_LINE) volatile long count;  /* volatile: the loop stays a loop */
    } slot[MAX_PROCESSES];
};

static struct shared *s;

static void add_under_mutex(long p, long n)
{
    (void)p;
    for (long i = 0; i < n; i++) {
        pthread_mutex_lock(&s->lock);      /* fails only on a programming error */
        s->locked_count++;
        pthread_mutex_unlock(&s->lock);
    }
}

static void add_atomically(long p, long n)
{
    (void)p;
    for (long i = 0; i < n; i++)
        atomic_fetch_add_explicit(&s->atomic_count, 1, memory_order_relaxed);
}

static void add_to_own_slot(long p, long n)
{
    for (long i = 0; i < n; i++)
        s->slot[p].count++;
}

/* `processes` children each call add(p, total / processes); returns the
 * seconds from the first fork to the last wait. */
static double timed(void (*add)(long, long), long processes, long total)
{
    pid_t pid[MAX_PROCESSES];
    fflush(stdout);                /* or the children repeat what we buffered */
    double start = now_seconds();
    for (long p = 0; p < processes; p++) {
        pid[p] = fork();
        if (pid[p] == -1)
            die_errno("fork");
        if (pid[p] == 0) {
            add(p, total / processes);
            _exit(0);
        }
    }
    for (long p = 0; p < processes; p++)
        if (waitpid(pid[p], NULL, 0) == -1)
            die_errno("waitpid");
    return now_seconds() - start;
}

static long sum_of_slots(long processes)
{
    long sum = 0;
    for (long p = 0; p < processes; p++)
        sum += s->slot[p].count;
    return sum;
}

static void map_shared(void)
{
    s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (s == MAP_FAILED)
        die_errno("mmap");
    pthread_mutexattr_t a;         /* as counter_shared.c explains */
    int err;
    if ((err = pthread_mutexattr_init(&a)) != 0 ||
        (err = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) != 0 ||
        (err = pthread_mutex_init(&s->lock, &a)) != 0)
        die_code(err, "process-shared mutex");
    pthread_mutexattr_destroy(&a);
    atomic_init(&s->atomic_count, 0);
    if (!atomic_is_lock_free(&s->atomic_count))    /* then it is a lock of this process */
        die("atomic_long is not lock-free here: it would not work between processes");
}

static const char usage[] =
    "[-j PROCESSES] [-n INCREMENTS] [--bench]\n"
    "Processes count together under a shared mutex, with an atomic, in partial sums.\n"
    "  -j PROCESSES  (1-64, default: online CPUs)\n"
    "  -n INCREMENTS in all, split among the processes (1-1000000000, default 50000000)\n"
    "  --bench       also print BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(), .max_workers = MAX_PROCESSES,
                          .size = 50000000, .min_size = 1, .max_size = 1000000000};
    if (opt.workers > MAX_PROCESSES)
        opt.workers = MAX_PROCESSES;
    parse_options(argc, argv, &opt);
    map_shared();
    long j = opt.workers, total = opt.size / j * j;    /* a multiple of j */
    struct report r = {.program = "increment_cost", .bench = opt.bench,
                       .metric = "ns/increment", .metric_key = "ns_per_increment"};

    double t = timed(add_to_own_slot, 1, total);   /* the baseline: no sharing at all */
    long alone = s->slot[0].count;
    s->slot[0].count = 0;
    report_add(&r, "one-process", 1, t, t * 1e9 / (double)total);
    t = timed(add_under_mutex, j, total);
    report_add(&r, "mutex", j, t, t * 1e9 / (double)total);
    t = timed(add_atomically, j, total);
    report_add(&r, "atomic", j, t, t * 1e9 / (double)total);
    t = timed(add_to_own_slot, j, total);
    report_add(&r, "partial-sums", j, t, t * 1e9 / (double)total);
    report_print(&r);

    check_long("one process alone", total, alone);
    check_long("under the mutex", total, s->locked_count);
    check_long("atomic", total, atomic_load(&s->atomic_count));
    check_long("partial sums added up", total, sum_of_slots(j));
    pthread_mutex_destroy(&s->lock);
    munmap(s, sizeof *s);
    return check_status();
}
