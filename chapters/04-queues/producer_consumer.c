/*
 * producer_consumer.c — one process puts items into a queue and then a
 * sentinel; another takes items until it meets the sentinel.
 *
 * Python: queue.put(item) in a loop, then queue.put(None); a consumer that
 *         stops when get() returns None (seed A "Queue", seed C producer
 *         and consumer; catalog row 20).
 * C:      queue_put / queue_get of queue.h, on a pipe or a shared-memory
 *         ring (-q); a record whose number is -1 is the sentinel.
 *
 * Usage:  producer_consumer [-n ITEMS] [-q pipe|shm]   defaults: -n 10, -q pipe
 * Expect: queue: pipe
 *         [producer 4242] put 10 items, then the sentinel
 *         [consumer 4243] got item 0: 0
 *         ... items 1 to 9, in the order they were put ...
 *         [consumer 4243] met the sentinel after 10 items, sum of squares 285
 * See also: queue.h, process.h, pipeline.c (several consumers: one sentinel each).
 * Try:    -n 100000 -q shm, then -q pipe; comment out the sentinel's put.
 * Look for: the consumer stopping at the sentinel, not at a count it knew.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <stdio.h>

#include "common.h"
#include "process.h"
#include "queue.h"

#define SENTINEL (-1L)
#define PRINT_AT_MOST 20L          /* items the consumer prints one by one */

struct item {
    long number;                   /* 0, 1, 2, ... or SENTINEL */
    long value;
};

static struct queue q;             /* opened before fork: every process shares it */

static int producer(long items)
{
    for (long i = 0; i < items; i++)
        queue_put(&q, &(struct item){.number = i, .value = i * i});
    queue_put(&q, &(struct item){.number = SENTINEL});
    printf("[producer %ld] put %ld items, then the sentinel\n", (long)getpid(), items);
    return 0;
}

/* Returns 0 if every item came, in the order it was put, else 1. */
static int consumer(long items)
{
    long count = 0, sum = 0, out_of_order = 0;
    struct item it;
    for (queue_get(&q, &it); it.number != SENTINEL; queue_get(&q, &it)) {
        if (count < PRINT_AT_MOST)
            printf("[consumer %ld] got item %ld: %ld\n", (long)getpid(), it.number, it.value);
        out_of_order += it.number != count || it.value != count * count;
        sum += it.value;
        count++;
    }
    printf("[consumer %ld] met the sentinel after %ld items, sum of squares %ld\n",
           (long)getpid(), count, sum);
    return count == items && out_of_order == 0 ? 0 : 1;
}

static enum queue_kind kind = QUEUE_PIPE;

static void on_option(int letter, const char *value)
{
    (void)letter;
    kind = parse_queue_kind(value);
}

static const char usage[] =
    "[-n ITEMS] [-q pipe|shm]\n"
    "A producer puts ITEMS items and a sentinel; a consumer gets until the sentinel.\n"
    "  -n ITEMS  items to send (0-1000000, default 10)\n"
    "  -q KIND   the queue: pipe or shm (shared-memory ring), default pipe\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = 10, .min_size = 0, .max_size = 1000000,
                          .extra_options = "q:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    printf("queue: %s\n", queue_kind_name(kind));

    queue_open(&q, kind, sizeof(struct item), 64);
    pid_t consumer_pid = start_process(consumer, opt.size);
    pid_t producer_pid = start_process(producer, opt.size);
    int produced = join_process(producer_pid), consumed = join_process(consumer_pid);
    queue_close(&q);

    check_long("producer exit status", 0, produced);
    check_long("consumer got every item, in order (exit status)", 0, consumed);
    return check_status();
}
