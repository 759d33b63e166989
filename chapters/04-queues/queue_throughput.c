/*
 * queue_throughput.c — the two queues side by side: how many 8-byte
 * messages per second one producer gets through to one consumer, and how
 * long one message takes to go there and back.
 *
 * Python: multiprocessing.Queue's put() and get() (seeds A, C, E use it;
 *         catalog row 26 asks what it costs).
 * C:      queue.h over a pipe (one write() per put, one read() per get) and
 *         over a ring in shared memory (a memcpy under a process-shared
 *         mutex; a system call only to sleep or to wake a sleeper).
 *
 * Usage:  queue_throughput [-n MESSAGES] [-q pipe|shm] [--bench]
 *         defaults: -n 1000000, both queues
 * Expect: queue      messages/s   ns/message  round trip (us)
 *         pipe          3448113        290.0            44.84
 *         shm          10352476         96.6            45.18
 *         shm vs pipe: 3.0x the messages per second
 * See also: queue.h, pipe_queue.h, ring_queue.h.
 * Try:    taskset -c 0 (both processes on one core); -n 10000000.
 * Look for: the price of one system call per message.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <stdint.h>
#include <stdio.h>

#include "common.h"
#include "process.h"
#include "queue.h"

#define DEFAULT_MESSAGES 1000000L
#define RING_SLOTS 8192            /* what a 64 KiB pipe holds of 8-byte records */
#define ROUND_TRIP_SHARE 20        /* round trips: one per 20 messages */

static struct queue ping, pong;    /* opened before each fork: shared with the child */
static long children_failed;

/* The producer: 0, 1, 2, ... as fast as it can. */
static int produce(long messages)
{
    for (uint64_t i = 0; i < (uint64_t)messages; i++)
        queue_put(&ping, &i);
    return 0;
}

/* The echo: each message straight back on the other queue. */
static int echo(long trips)
{
    for (long i = 0; i < trips; i++) {
        uint64_t m;
        queue_get(&ping, &m);
        queue_put(&pong, &m);
    }
    return 0;
}

/* A child streams messages to us; we get them and check each. Returns
 * the seconds it took; *in_order counts messages that came right. */
static double stream(enum queue_kind kind, long messages, long *in_order)
{
    queue_open(&ping, kind, sizeof(uint64_t), RING_SLOTS);
    double start = now_seconds();
    pid_t pid = start_process(produce, messages);
    *in_order = 0;
    for (uint64_t i = 0; i < (uint64_t)messages; i++) {
        uint64_t got;
        queue_get(&ping, &got);
        *in_order += got == i;
    }
    double seconds = now_seconds() - start;
    children_failed += join_process(pid) != 0;
    queue_close(&ping);
    return seconds;
}

/* Ping-pong: we put a message, the echo gets it and puts it back, we get
 * it. Both sides sleep between messages, so each round trip pays for two
 * wake-ups. Returns seconds per round trip. */
static double round_trip(enum queue_kind kind, long trips, long *echoed)
{
    queue_open(&ping, kind, sizeof(uint64_t), RING_SLOTS);
    queue_open(&pong, kind, sizeof(uint64_t), RING_SLOTS);
    pid_t pid = start_process(echo, trips);
    *echoed = 0;
    double start = now_seconds();
    for (uint64_t i = 0; i < (uint64_t)trips; i++) {
        uint64_t back;
        queue_put(&ping, &i);
        queue_get(&pong, &back);
        *echoed += back == i;
    }
    double seconds = now_seconds() - start;
    children_failed += join_process(pid) != 0;
    queue_close(&ping);
    queue_close(&pong);
    return seconds / (double)trips;
}

static bool only_one;              /* -q given: measure that queue alone */
static enum queue_kind only;

static void on_option(int letter, const char *value)
{
    (void)letter;
    only_one = true;
    only = parse_queue_kind(value);
}

static const char usage[] =
    "[-n MESSAGES] [-q pipe|shm] [--bench]\n"
    "Messages per second through each queue, one producer to one consumer.\n"
    "  -n MESSAGES  8-byte messages per queue (1000-100000000, default 1000000);\n"
    "               the round trips are 1 in 20 of that\n"
    "  -q KIND      measure one queue only: pipe or shm (default: both)\n"
    "  --bench      also print BENCH lines\n";

/* What one queue did: the figures, and the counts its checks need. */
struct measured {
    double seconds, rate, trip;
    long in_order, echoed;
};

static struct measured measure(enum queue_kind kind, long messages, long trips)
{
    struct measured m;
    m.seconds = stream(kind, messages, &m.in_order);
    m.trip = round_trip(kind, trips, &m.echoed);
    m.rate = (double)messages / m.seconds;
    printf("%-6s %14.0f %12.1f %16.2f\n", queue_kind_name(kind), m.rate,
           1e9 * m.seconds / (double)messages, m.trip * 1e6);
    return m;
}

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = DEFAULT_MESSAGES, .min_size = 1000,
                          .max_size = 100000000, .extra_options = "q:",
                          .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long trips = opt.size / ROUND_TRIP_SHARE;

    struct measured m[2] = {{0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}};
    printf("%-6s %14s %12s %16s\n", "queue", "messages/s", "ns/message", "round trip (us)");
    for (int k = QUEUE_PIPE; k <= QUEUE_SHM; k++)
        if (!only_one || k == (int)only)
            m[k] = measure(k, opt.size, trips);
    if (!only_one)
        printf("shm vs pipe: %.1fx the messages per second\n", m[QUEUE_SHM].rate / m[QUEUE_PIPE].rate);
    for (int k = QUEUE_PIPE; k <= QUEUE_SHM && opt.bench; k++)
        if (!only_one || k == (int)only)
            printf("BENCH program=queue_throughput case=%s workers=2 seconds=%.6f "
                   "messages_per_s=%.0f round_trip_us=%.3f\n",
                   queue_kind_name(k), m[k].seconds, m[k].rate, m[k].trip * 1e6);
    for (int k = QUEUE_PIPE; k <= QUEUE_SHM; k++) {
        if (only_one && k != (int)only)
            continue;
        check_long(k == QUEUE_PIPE ? "pipe: messages in order" : "shm: messages in order",
                   opt.size, m[k].in_order);
        check_long(k == QUEUE_PIPE ? "pipe: round trips echoed" : "shm: round trips echoed",
                   trips, m[k].echoed);
    }
    check_long("children that failed", 0, children_failed);
    return check_status();
}
