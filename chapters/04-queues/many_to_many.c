/*
 * many_to_many.c — the promises of a process-safe queue, put to the test:
 * several producers and several consumers at once, and every record
 * arrives exactly once, whole, and in its producer's order.
 *
 * Python: what multiprocessing.Queue promises and the tutorials rely on
 *         (catalog row 26: two implementations side by side).
 * C:      queue.h on a pipe (atomic writes of up to PIPE_BUF bytes, no lock
 *         of ours) and on the shared-memory ring (a process-shared mutex).
 *
 * Usage:  many_to_many [-j WORKERS] [-n RECORDS] [-s BYTES] [-q pipe|shm]
 *         defaults: 4 producers and 4 consumers, 20000 records each of 64
 *         bytes, both queues
 * Expect: queue    records   seconds   once   whole  in order
 *         pipe       80000     0.110   yes    yes    yes
 *         shm        80000     0.031   yes    yes    yes
 * See also: queue.h; chapter 03's README on PIPE_BUF.
 * Try:    -s 4096 (PIPE_BUF: still whole); -j 16; -s 65536 -q shm.
 * Look for: "whole" staying yes with the largest records a pipe allows.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "process.h"
#include "queue.h"

#define MAX_WORKERS 16L
#define HEADER_BYTES (2 * sizeof(long))
#define MAX_RECORD 65536L
#define SENTINEL (-1L)

struct tally {                     /* what a consumer reports at the end */
    long count[MAX_WORKERS], seq_sum[MAX_WORKERS];
    long torn, out_of_order;
};

struct outcome {                   /* what one run on one queue found */
    double seconds;
    long exited_0, whole_producers, torn, out_of_order;
};

static struct queue records, tallies;
static long workers = 4, per_producer = 20000, record_size = 64;

/* A record: the producer's number, its sequence number, then a payload
 * that both ends compute from those two, so a torn record shows. The
 * arithmetic is unsigned: in a torn record, seq may be any garbage, and
 * signed overflow would be undefined behaviour. */
static unsigned char payload_byte(long producer, long seq, long k)
{
    return (unsigned char)((unsigned long)producer * 31 + (unsigned long)seq * 7 +
                           (unsigned long)k);
}

static int producer(long id)
{
    unsigned char *r = malloc((size_t)record_size);
    if (!r)
        die_errno("malloc");
    for (long seq = 0; seq < per_producer; seq++) {
        long head[2] = {id, seq};
        memcpy(r, head, HEADER_BYTES);
        for (long k = HEADER_BYTES; k < record_size; k++)
            r[k] = payload_byte(id, seq, k);
        queue_put(&records, r);
    }
    free(r);
    return 0;
}

/* Takes records until its sentinel; checks each; reports a tally. */
static int consumer(long unused)
{
    (void)unused;
    unsigned char *r = malloc((size_t)record_size);
    long last_seq[MAX_WORKERS];
    struct tally t = {.torn = 0};
    if (!r)
        die_errno("malloc");
    for (long p = 0; p < workers; p++)
        last_seq[p] = -1;
    for (;;) {
        long head[2];
        queue_get(&records, r);
        memcpy(head, r, HEADER_BYTES);
        if (head[0] == SENTINEL)
            break;
        bool whole = head[0] >= 0 && head[0] < workers;
        for (long k = HEADER_BYTES; whole && k < record_size; k++)
            whole = r[k] == payload_byte(head[0], head[1], k);
        if (!whole) {
            t.torn++;
            continue;
        }
        t.out_of_order += head[1] <= last_seq[head[0]];   /* FIFO: a producer's records in order */
        last_seq[head[0]] = head[1];
        t.count[head[0]]++;
        t.seq_sum[head[0]] += head[1];
    }
    free(r);
    queue_put(&tallies, &t);
    return 0;
}

/* The producers are done: one sentinel per consumer stops them all. */
static void stop_consumers(void)
{
    static unsigned char sentinel[MAX_RECORD];     /* the rest stays zero */
    long producer = SENTINEL;
    memcpy(sentinel, &producer, sizeof producer);
    for (long w = 0; w < workers; w++)
        queue_put(&records, sentinel);
}

/* Adds up the consumers' tallies: the producers each of whose records came
 * exactly once (their count and the sum of their sequence numbers right),
 * the torn records, the records out of order. */
static void add_tallies(struct outcome *o)
{
    struct tally sum = {.torn = 0}, t;
    for (long w = 0; w < workers; w++) {
        queue_get(&tallies, &t);
        for (long p = 0; p < workers; p++) {
            sum.count[p] += t.count[p];
            sum.seq_sum[p] += t.seq_sum[p];
        }
        sum.torn += t.torn;
        sum.out_of_order += t.out_of_order;
    }
    for (long p = 0; p < workers; p++)
        o->whole_producers += sum.count[p] == per_producer &&
                              sum.seq_sum[p] == per_producer * (per_producer - 1) / 2;
    o->torn = sum.torn;
    o->out_of_order = sum.out_of_order;
}

static struct outcome run(enum queue_kind kind)
{
    struct outcome o = {.seconds = now_seconds()};
    queue_open(&records, kind, (size_t)record_size, 1024);
    queue_open(&tallies, kind, sizeof(struct tally), (size_t)workers);
    pid_t pid[2 * MAX_WORKERS];
    for (long w = 0; w < workers; w++) {
        pid[w] = start_process(consumer, w);
        pid[workers + w] = start_process(producer, w);
    }
    for (long w = 0; w < workers; w++)
        o.exited_0 += join_process(pid[workers + w]) == 0;
    stop_consumers();
    add_tallies(&o);               /* before joining the consumers: see ordered_results.c */
    for (long w = 0; w < workers; w++)
        o.exited_0 += join_process(pid[w]) == 0;
    o.seconds = now_seconds() - o.seconds;
    queue_close(&records);
    queue_close(&tallies);
    return o;
}

static void check_outcome(enum queue_kind kind, const struct outcome *o)
{
    char what[100];
    const char *name = queue_kind_name(kind);
    snprintf(what, sizeof what, "%s: processes that exited 0", name);
    check_long(what, 2 * workers, o->exited_0);
    snprintf(what, sizeof what, "%s: producers whose records all came exactly once", name);
    check_long(what, workers, o->whole_producers);
    snprintf(what, sizeof what, "%s: torn records", name);
    check_long(what, 0, o->torn);
    snprintf(what, sizeof what, "%s: records out of their producer's order", name);
    check_long(what, 0, o->out_of_order);
}

static bool only_one;              /* -q given: that queue alone */
static enum queue_kind only;

static void on_option(int letter, const char *value)
{
    if (letter == 'q') {
        only_one = true;
        only = parse_queue_kind(value);
    } else {
        record_size = parse_long(value, (long)HEADER_BYTES, MAX_RECORD, "record size (-s)");
    }
}

static const char usage[] =
    "[-j WORKERS] [-n RECORDS] [-s BYTES] [-q pipe|shm]\n"
    "WORKERS producers and WORKERS consumers share one queue; every record is checked.\n"
    "  -j WORKERS  producers, and as many consumers (1-16, default 4)\n"
    "  -n RECORDS  records per producer (1-1000000, default 20000)\n"
    "  -s BYTES    record size (16-65536, default 64; the pipe takes at most PIPE_BUF)\n"
    "  -q KIND     one queue only: pipe or shm (default: both)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = workers, .max_workers = MAX_WORKERS,
                          .size = per_producer, .min_size = 1, .max_size = 1000000,
                          .extra_options = "q:s:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    workers = opt.workers;
    per_producer = opt.size;
    bool pipe_too = !only_one || only == QUEUE_PIPE;
    if (pipe_too && record_size > PIPE_BUF)
        usage_error("records of %ld bytes are over PIPE_BUF (%d) for the pipe: add -q shm",
                    record_size, PIPE_BUF);

    struct outcome o[2] = {{.seconds = 0}, {.seconds = 0}};
    printf("%-6s %9s %9s   %-5s  %-5s  %s\n", "queue", "records", "seconds", "once", "whole",
           "in order");
    for (int k = QUEUE_PIPE; k <= QUEUE_SHM; k++) {
        if (only_one && k != (int)only)
            continue;
        o[k] = run(k);
        printf("%-6s %9ld %9.3f   %-5s  %-5s  %s\n", queue_kind_name(k), workers * per_producer,
               o[k].seconds, o[k].whole_producers == workers ? "yes" : "no",
               o[k].torn == 0 ? "yes" : "no", o[k].out_of_order == 0 ? "yes" : "no");
    }
    for (int k = QUEUE_PIPE; k <= QUEUE_SHM; k++)
        if (!only_one || k == (int)only)
            check_outcome(k, &o[k]);
    return check_status();
}
