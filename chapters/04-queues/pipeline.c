/*
 * pipeline.c — three stages joined by two queues: a producer, workers that
 * square what it makes, and a consumer. Each worker stops at a sentinel of
 * its own and says so downstream; the consumer stops when all have.
 *
 * Python: producer → input_queue → 4 workers → output_queue → consumer,
 *         the producer putting one None per worker (seed A Example 2;
 *         catalog row 25).
 * C:      two queues of queue.h; one sentinel per worker on the way in,
 *         one "worker done" record per worker on the way out.
 *
 * Usage:  pipeline [-j WORKERS] [-n ITEMS] [-q pipe|shm]
 *         defaults: -j 4, -n 20, -q pipe
 * Expect: [consumer 4250] worker 3: job 0 squared is 144
 *         ... one line per item, in whatever order they come ...
 *         [consumer 4250] 20 results from 4 workers (0 20 0 0), each item once
 *         (the producer is faster than any worker, so one may take them all)
 * See also: producer_consumer.c (one consumer, one sentinel), task_workers.c.
 * Try:    put one sentinel instead of one per worker: who hangs, and why?
 *         sleep_ms(5) in the producer's loop: how is the work split now?
 * Look for: the consumer needing no count: the workers' sentinels end it.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "process.h"
#include "queue.h"

#define MAX_WORKERS 32L
#define SENTINEL (-1L)
#define PRINT_AT_MOST 20L

struct job {
    long index;                    /* 0, 1, ... or SENTINEL */
    long item;
};

struct result {
    long index;                    /* the job's index, or SENTINEL: "worker done" */
    long worker;
    long square;
};

static struct queue jobs, results;
static long workers = 4, items;

/* The tutorial's random.randint(1, 100), made repeatable so that the
 * consumer can check every result: item i is a fixed scramble of i. */
static long item_of(long i)
{
    return 1 + (i * 37 + 11) % 100;
}

static int producer(long unused)
{
    (void)unused;
    for (long i = 0; i < items; i++)
        queue_put(&jobs, &(struct job){.index = i, .item = item_of(i)});
    for (long w = 0; w < workers; w++)     /* one each: a worker takes one and stops */
        queue_put(&jobs, &(struct job){.index = SENTINEL});
    return 0;
}

static int worker(long id)
{
    struct job j;
    for (queue_get(&jobs, &j); j.index != SENTINEL; queue_get(&jobs, &j))
        queue_put(&results, &(struct result){j.index, id, j.item * j.item});
    queue_put(&results, &(struct result){.index = SENTINEL, .worker = id});
    return 0;
}

/* Exits 0 if every item's square came exactly once. */
static int consumer(long unused)
{
    (void)unused;
    char *seen = calloc((size_t)items + 1, 1);
    long per_worker[MAX_WORKERS + 1] = {0}, finished = 0, got = 0, wrong = 0;
    if (!seen)
        die_errno("calloc");
    while (finished < workers) {
        struct result r;
        queue_get(&results, &r);
        if (r.index == SENTINEL) {
            finished++;
            continue;
        }
        bool right = r.index >= 0 && r.index < items && !seen[r.index] &&
                     r.square == item_of(r.index) * item_of(r.index);
        if (right)
            seen[r.index] = 1;
        if (got++ < PRINT_AT_MOST)
            printf("[consumer %ld] worker %ld: job %ld squared is %ld\n", (long)getpid(),
                   r.worker, r.index, r.square);
        wrong += !right;
        per_worker[r.worker >= 1 && r.worker <= workers ? r.worker : 0]++;
    }
    free(seen);
    printf("[consumer %ld] %ld results from %ld workers (", (long)getpid(), got, workers);
    for (long w = 1; w <= workers; w++)
        printf("%s%ld", w > 1 ? " " : "", per_worker[w]);
    printf("), %s\n", got == items && wrong == 0 ? "each item once" : "NOT each item once");
    return got == items && wrong == 0 ? 0 : 1;
}

static enum queue_kind kind = QUEUE_PIPE;

static void on_option(int letter, const char *value)
{
    (void)letter;
    kind = parse_queue_kind(value);
}

static const char usage[] =
    "[-j WORKERS] [-n ITEMS] [-q pipe|shm]\n"
    "A producer, WORKERS workers and a consumer, joined by two queues.\n"
    "  -j WORKERS  (1-32, default 4, as in the tutorial)\n"
    "  -n ITEMS    (0-1000000, default 20)\n"
    "  -q KIND     the queue: pipe or shm (shared-memory ring), default pipe\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_WORKERS,
                          .size = 20, .min_size = 0, .max_size = 1000000,
                          .extra_options = "q:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    workers = opt.workers;
    items = opt.size;

    queue_open(&jobs, kind, sizeof(struct job), 256);
    queue_open(&results, kind, sizeof(struct result), 256);
    pid_t stage[MAX_WORKERS + 2] = {0};
    stage[0] = start_process(producer, 0);
    for (long w = 1; w <= workers; w++)
        stage[w] = start_process(worker, w);
    stage[workers + 1] = start_process(consumer, 0);
    long exited_0 = 0;
    for (long s = 0; s < workers + 1; s++)
        exited_0 += join_process(stage[s]) == 0;
    int consumed = join_process(stage[workers + 1]);
    queue_close(&jobs);
    queue_close(&results);

    check_long("producer and workers that exited 0", workers + 1, exited_0);
    check_long("consumer got each item once (exit status)", 0, consumed);
    return check_status();
}
