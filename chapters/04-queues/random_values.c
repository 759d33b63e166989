/*
 * random_values.c — each of four processes puts one random number into a
 * queue; the parent joins them all, and only then gets the numbers.
 *
 * Python: four Process(target=rand_val, args=(queue,)), each doing
 *         queue.put(random.random()); after join, [queue.get() for _ in
 *         processes] (seed E simple_queue.py; catalog row 22).
 * C:      queue_put in each child; join_process for all; queue_get.
 *
 * Usage:  random_values [-j PROCESSES] [-q pipe|shm]   defaults: -j 4, -q pipe
 * Expect: [process-1 4243] drew 0.713280 from seed 32373340802649
 *         ... one line per process, in whatever order they run ...
 *         got after join: 0.713280 (process-1), 0.049917 (process-3), ...
 * See also: share_words.c; chapter 03's pipe_deadlock.c: joining before
 *         getting is safe only while everything put fits in the queue.
 * Try:    run it twice: different numbers. Why? (Look at draw_seed.)
 * Look for: the values arriving in the order the processes put them.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <stdint.h>
#include <stdio.h>

#include "common.h"
#include "process.h"
#include "queue.h"

#define MAX_PROCESSES 64L

struct draw {
    long process;                  /* 1, 2, ... */
    long pid;
    uint64_t seed;
    double value;
};

static struct queue q;             /* opened before fork: every process shares it */

/* splitmix64: a good 64-bit mix of its input; the top 53 bits make a
 * double in [0, 1), like Python's random.random(). */
static double random_from(uint64_t seed)
{
    uint64_t z = seed + 0x9E3779B97F4A7C15u;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1p-53;
}

/* A forked child starts with its parent's memory, so a generator seeded
 * before fork would give every child the same "random" number. Each child
 * seeds its own, from what differs: its pid and the time. */
static uint64_t draw_seed(void)
{
    return ((uint64_t)getpid() << 32) ^ (uint64_t)(now_seconds() * 1e6);
}

static int rand_val(long process)
{
    struct draw d = {.process = process, .pid = getpid(), .seed = draw_seed()};
    d.value = random_from(d.seed);
    printf("[process-%ld %ld] drew %f from seed %llu\n", process, d.pid, d.value,
           (unsigned long long)d.seed);
    queue_put(&q, &d);
    return 0;
}

/* A draw is right if it comes from the child we started under that number
 * and its value is what its seed gives: it came through the queue intact. */
static bool right(const struct draw *d, const pid_t *pid, long processes, bool *seen)
{
    bool ok = d->process >= 1 && d->process <= processes && !seen[d->process - 1] &&
              d->pid == pid[d->process - 1] && d->value == random_from(d->seed);
    if (ok)
        seen[d->process - 1] = true;
    return ok;
}

static enum queue_kind kind = QUEUE_PIPE;

static void on_option(int letter, const char *value)
{
    (void)letter;
    kind = parse_queue_kind(value);
}

static const char usage[] =
    "[-j PROCESSES] [-q pipe|shm]\n"
    "Each process puts one random number in a queue; the parent gets them after join.\n"
    "  -j PROCESSES  (1-64, default 4)\n"
    "  -q KIND       the queue: pipe or shm (shared-memory ring), default pipe\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_PROCESSES,
                          .extra_options = "q:", .on_extra = on_option};
    parse_options(argc, argv, &opt);

    /* Every draw fits in the queue, so the children can put and exit
     * before anyone gets: joining first is safe here (see "See also"). */
    queue_open(&q, kind, sizeof(struct draw), (size_t)opt.workers);
    pid_t pid[MAX_PROCESSES];
    for (long p = 0; p < opt.workers; p++)
        pid[p] = start_process(rand_val, p + 1);
    long exited_0 = 0;
    for (long p = 0; p < opt.workers; p++)
        exited_0 += join_process(pid[p]) == 0;

    bool seen[MAX_PROCESSES] = {false};
    long intact = 0;
    printf("got after join:");
    for (long p = 0; p < opt.workers; p++) {
        struct draw d;
        queue_get(&q, &d);
        printf("%s %f (process-%ld)", p ? "," : "", d.value, d.process);
        intact += right(&d, pid, opt.workers, seen);
    }
    printf("\n");
    struct draw extra;
    long left_over = queue_get_timeout(&q, &extra, 0);
    queue_close(&q);

    check_long("processes that exited 0", opt.workers, exited_0);
    check_long("draws from distinct processes, intact", opt.workers, intact);
    check_long("records left in the queue", 0, left_over);
    return check_status();
}
