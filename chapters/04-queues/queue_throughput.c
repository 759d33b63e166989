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
 *         pipe          1020000          980             18.3
 *         shm          10400000           96              9.6
 *         shm vs pipe: 10.2x the messages per second
 * See also: queue.h, pipe_queue.h, ring_queue.h.
 * Try:    taskset -c 0 (both processes on one core); -n 10000000.
 * Look for: the price of one system call per message.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>

#include "common.h"
#include "queue.h"

#define DEFAULT_MESSAGES 1000000L
#define RING_SLOTS 8192            /* what a 64 KiB pipe holds of 8-byte records */
#define ROUND_TRIP_SHARE 20        /* round trips: one per 20 messages */

static void join(pid_t pid)
{
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die_errno("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("a child failed (wait status %d)", status);
}

/* A child puts 0, 1, 2, ... as fast as it can; we get them and check each.
 * Returns the seconds it took; *in_order counts messages that came right. */
static double stream(enum queue_kind kind, long messages, long *in_order)
{
    struct queue q;
    queue_open(&q, kind, sizeof(uint64_t), RING_SLOTS);
    fflush(stdout);                /* or the child repeats what we buffered */
    double start = now_seconds();
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        for (uint64_t i = 0; i < (uint64_t)messages; i++)
            queue_put(&q, &i);
        _exit(0);
    }
    *in_order = 0;
    for (uint64_t i = 0; i < (uint64_t)messages; i++) {
        uint64_t got;
        queue_get(&q, &got);
        *in_order += got == i;
    }
    double seconds = now_seconds() - start;
    join(pid);
    queue_close(&q);
    return seconds;
}

/* Ping-pong: we put a message, a child gets it and puts it back on a
 * second queue, we get it. Both sides sleep between messages, so each
 * round trip pays for two wake-ups. Returns seconds per round trip. */
static double round_trip(enum queue_kind kind, long trips, long *echoed)
{
    struct queue ping, pong;
    queue_open(&ping, kind, sizeof(uint64_t), RING_SLOTS);
    queue_open(&pong, kind, sizeof(uint64_t), RING_SLOTS);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        for (long i = 0; i < trips; i++) {
            uint64_t m;
            queue_get(&ping, &m);
            queue_put(&pong, &m);
        }
        _exit(0);
    }
    *echoed = 0;
    double start = now_seconds();
    for (uint64_t i = 0; i < (uint64_t)trips; i++) {
        uint64_t back;
        queue_put(&ping, &i);
        queue_get(&pong, &back);
        *echoed += back == i;
    }
    double seconds = now_seconds() - start;
    join(pid);
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

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = DEFAULT_MESSAGES, .min_size = 1000,
                          .max_size = 100000000, .extra_options = "q:",
                          .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long trips = opt.size / ROUND_TRIP_SHARE;

    double rate[2] = {0, 0};
    printf("%-6s %14s %12s %16s\n", "queue", "messages/s", "ns/message", "round trip (us)");
    for (int k = QUEUE_PIPE; k <= QUEUE_SHM; k++) {
        if (only_one && k != (int)only)
            continue;
        long in_order, echoed;
        double seconds = stream(k, opt.size, &in_order);
        double trip = round_trip(k, trips, &echoed);
        rate[k] = (double)opt.size / seconds;
        printf("%-6s %14.0f %12.1f %16.2f\n", queue_kind_name(k), rate[k],
               1e9 * seconds / (double)opt.size, trip * 1e6);
        if (opt.bench)
            printf("BENCH program=queue_throughput case=%s workers=2 seconds=%.6f "
                   "messages_per_s=%.0f round_trip_us=%.3f\n",
                   queue_kind_name(k), seconds, rate[k], trip * 1e6);
        check_long("messages received in order", opt.size, in_order);
        check_long("round trips echoed", trips, echoed);
    }
    if (rate[QUEUE_PIPE] > 0 && rate[QUEUE_SHM] > 0)
        printf("shm vs pipe: %.1fx the messages per second\n", rate[QUEUE_SHM] / rate[QUEUE_PIPE]);
    return check_status();
}
