/*
 * main.c — the driver of exercise 04-ring-timeout. DO NOT EDIT: your work
 * goes in task.c. Consumer processes call your ring_get_timeout() on a ring
 * in shared memory; the parent puts values and, while it waits for the
 * consumers, wakes them every 20 ms for nothing (a spurious wakeup).
 *
 * Usage: program [-m MODE] [-j CONSUMERS] [-n VALUES] [-t MS]
 *   -m empty  one get on a ring that stays empty: false after MS ms
 *   -m late   one get; a value comes MS/20 ms after the consumer started
 *   -m edge   one get; the parent holds the lock from MS/2 to 3*MS/2, then
 *             puts a value: past the get's deadline, yet it must return it
 *   -m many   CONSUMERS get until a get times out; the parent puts 1..VALUES
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

#define MAX_CONSUMERS 64
#define THE_VALUE 42               /* what -m late and -m edge put */
#define TICK_MS 20                 /* the parent looks (and wakes the getters) this often */
#define GRACE_MS 3000              /* nothing moved for 2 timeouts and this long: stuck */
#define SLACK_MS 1800              /* a busy machine wakes a sleeper late, but not by seconds */

enum mode { EMPTY, LATE, EDGE, MANY };
static const char *const mode_name[] = {"empty", "late", "edge", "many"};

struct tally {                     /* one consumer's, written by it alone */
    long got, sum, last_ms;        /* values got, their sum; how long its last call took */
    bool last_returned;            /* and what that call returned */
};

struct shared {                    /* one mapping, made before fork */
    struct ring ring;
    long consumers_left;           /* under ring.lock: consumers still getting */
    struct tally tally[MAX_CONSUMERS];
    long times_got[];              /* under ring.lock: how often each value was got */
};

static void must(int err, const char *call)    /* pthread calls return an error number */
{
    if (err != 0)
        die_code(err, "%s", call);
}

/* Process-shared: the attribute, and a home in memory every process maps.
 * The clock: timed waits use CLOCK_REALTIME unless told otherwise, and it
 * jumps when someone sets the time. */
static void init_ring(struct ring *r)
{
    pthread_mutexattr_t ma;
    pthread_condattr_t ca;
    int err;
    if ((err = pthread_mutexattr_init(&ma)) != 0 ||
        (err = pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED)) != 0 ||
        (err = pthread_mutex_init(&r->lock, &ma)) != 0)
        die_code(err, "process-shared mutex");
    pthread_mutexattr_destroy(&ma);
    if ((err = pthread_condattr_init(&ca)) != 0 ||
        (err = pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED)) != 0 ||
        (err = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC)) != 0 ||
        (err = pthread_cond_init(&r->not_empty, &ca)) != 0 ||
        (err = pthread_cond_init(&r->not_full, &ca)) != 0)
        die_code(err, "process-shared condition variable");
    pthread_condattr_destroy(&ca);
}

long ring_take(struct ring *r)
{
    if (r->count <= 0)
        return RING_WAS_EMPTY;
    long value = r->slots[r->oldest];
    r->oldest = (r->oldest + 1) % RING_CAPACITY;
    r->count--;
    must(pthread_cond_signal(&r->not_full), "signal");
    return value;
}

/* With the lock held and room in the ring. A broadcast, not a signal:
 * every waiting consumer wakes, and all but one find the ring empty again. */
static void store(struct ring *r, long value)
{
    r->slots[(r->oldest + r->count) % RING_CAPACITY] = value;
    r->count++;
    must(pthread_cond_broadcast(&r->not_empty), "broadcast");
}

/* A consumer: calls your function once, or (-m many) until it returns
 * false, timing each call; marks each value 1..n it gets. */
static void consume(struct shared *s, long me, long ms, bool until_timeout, long n)
{
    struct tally *t = &s->tally[me];
    do {
        long value = RING_WAS_EMPTY;
        double start = now_seconds();
        t->last_returned = ring_get_timeout(&s->ring, &value, ms);
        t->last_ms = (long)((now_seconds() - start) * 1000);
        if (t->last_returned) {
            t->got++;
            t->sum += value;
            must(pthread_mutex_lock(&s->ring.lock), "lock");
            s->times_got[value >= 1 && value <= n ? value : 0]++;
            must(pthread_mutex_unlock(&s->ring.lock), "unlock");
        }
    } while (t->last_returned && until_timeout);
    must(pthread_mutex_lock(&s->ring.lock), "lock");
    s->consumers_left--;
    must(pthread_cond_broadcast(&s->ring.not_full), "broadcast");
    must(pthread_mutex_unlock(&s->ring.lock), "unlock");  /* a put waiting for room may give up */
}

static long consumers;
static unsigned patience;          /* seconds: twice a timeout, and GRACE_MS */
static pid_t consumer[MAX_CONSUMERS];
static volatile sig_atomic_t reaped[MAX_CONSUMERS];

static void start_consumers(struct shared *s, long ms, bool until_timeout, long n)
{
    for (long i = 0; i < consumers; i++) {
        fflush(stdout);            /* or the child repeats what we buffered */
        if ((consumer[i] = fork()) == -1)
            die_errno("fork");
        if (consumer[i] == 0) {
            consume(s, i, ms, until_timeout, n);
            _exit(0);
        }
    }
}

/* The watchdog. A get that never returns, or a consumer that died holding
 * the ring's lock, would leave this process waiting for ever. So when
 * nothing has moved for `patience` seconds, SIGALRM comes: kill and reap
 * the consumers, say so, stop (all four calls are async-signal-safe). */
static void on_stuck(int sig)
{
    static const char said[] = "result: hang (stuck for seconds: a get that never returns,"
                               " or a consumer that died holding the ring's lock)\n";
    (void)sig;
    for (long i = 0; i < consumers; i++)   /* not kill(0): that is the process group */
        if (consumer[i] > 0 && !reaped[i] && kill(consumer[i], SIGKILL) == 0)
            waitpid(consumer[i], NULL, 0);
    (void)!write(STDOUT_FILENO, said, sizeof said - 1);  /* nothing to do if it fails */
    _exit(1);
}

/* The parent's put: waits while the ring is full, unless no consumer is
 * left to make room. Returns false then, having put nothing. */
static bool put(struct shared *s, long value)
{
    struct ring *r = &s->ring;
    alarm(patience);               /* a put is progress */
    must(pthread_mutex_lock(&r->lock), "lock");
    while (r->count == RING_CAPACITY && s->consumers_left > 0)
        must(pthread_cond_wait(&r->not_full, &r->lock), "wait");
    bool room = r->count < RING_CAPACITY;
    if (room)
        store(r, value);
    must(pthread_mutex_unlock(&r->lock), "unlock");
    return room;
}

/* The parent's part, just after it started the consumers: returns values put. */
static long produce(struct shared *s, enum mode mode, long ms, long n)
{
    if (mode == LATE) {
        sleep_ms(ms / 20);
        return put(s, THE_VALUE);
    }
    if (mode == EDGE) {
        sleep_ms(ms / 2);
        must(pthread_mutex_lock(&s->ring.lock), "lock");
        sleep_ms(ms);              /* the get's deadline passes while we hold the lock */
        store(&s->ring, THE_VALUE);
        must(pthread_mutex_unlock(&s->ring.lock), "unlock");
        return 1;
    }
    long v = 1;
    while (v <= n && put(s, v))    /* -m many; n is 0 with -m empty */
        v++;
    return v - 1;
}

/* Waits for the consumers, waking the waiting ones every TICK_MS with
 * nothing to take (a broadcast without the lock is allowed). */
static void join_consumers(struct shared *s)
{
    alarm(patience);
    for (long left = consumers; left > 0;) {
        must(pthread_cond_broadcast(&s->ring.not_empty), "broadcast");
        sleep_ms(TICK_MS);
        for (long i = 0; i < consumers; i++) {
            pid_t done = reaped[i] ? 0 : waitpid(consumer[i], NULL, WNOHANG);
            if (done == -1)
                die_errno("waitpid");
            reaped[i] = reaped[i] || done == consumer[i];
            left -= done == consumer[i];
        }
    }
    alarm(0);
}

static void report_one_get(enum mode mode, const struct tally *t, long ms)
{
    long value = t->got == 1 ? t->sum : RING_WAS_EMPTY;
    printf("returned: %s\nvalue: %ld\nwaited ms: %ld\n", t->last_returned ? "true" : "false",
           value, t->last_ms);
    check_long("the value returned (-1: none)", mode == EMPTY ? RING_WAS_EMPTY : THE_VALUE, value);
    if (mode == EMPTY)
        check_long("it waited 3/4 of its timeout to its timeout + 1.8 s", 1,
                   t->last_ms >= ms * 3 / 4 && t->last_ms <= ms + SLACK_MS);
    if (mode == LATE)
        check_long("it returned before half its timeout", 1, t->last_ms < ms / 2);
}

static void report_many(const struct shared *s, long ms, long n, long put)
{
    long got = 0, sum = 0, once = 0, timed_out = 0;
    for (long i = 0; i < consumers; i++) {
        got += s->tally[i].got;
        sum += s->tally[i].sum;
        timed_out += !s->tally[i].last_returned && s->tally[i].last_ms >= ms * 3 / 4;
    }
    for (long v = 1; v <= n; v++)
        once += s->times_got[v] == 1;
    printf("values put: %ld of %ld\nvalues got: %ld\nsum of values got: %ld\n"
           "values got exactly once: %ld\nconsumers ended by a timeout: %ld of %ld\n",
           put, n, got, sum, once, timed_out, consumers);
    check_long("values put", n, put);
    check_long("values got", n, got);
    check_long("sum of values got", n * (n + 1) / 2, sum);
    check_long("values got exactly once", n, once);
    check_long("consumers ended by a timeout", consumers, timed_out);
}

static enum mode mode = MANY;
static long timeout_ms;            /* 0: the mode's default */

static void on_option(int letter, const char *value)
{
    if (letter == 't') {
        timeout_ms = parse_long(value, 1, 10000, "timeout (-t)");
        return;
    }
    for (mode = EMPTY; mode <= MANY; mode++)
        if (strcmp(value, mode_name[mode]) == 0)
            return;
    usage_error("mode (-m) must be empty, late, edge or many, got '%s'", value);
}

static const char usage[] =
    "[-m MODE] [-j CONSUMERS] [-n VALUES] [-t MS]\n"
    "Consumer processes call your ring_get_timeout() on a ring in shared memory.\n"
    "  -m MODE       empty, late, edge or many (default many; see main.c)\n"
    "  -j CONSUMERS  consumer processes with -m many (1-64, default 4)\n"
    "  -n VALUES     values put with -m many (0-1000000, default 1000)\n"
    "  -t MS         each get's timeout (1-10000, default 200; 2000 with -m late)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_CONSUMERS,
                          .size = 1000, .min_size = 0, .max_size = 1000000,
                          .extra_options = "m:t:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long ms = timeout_ms ? timeout_ms : mode == LATE ? 2000 : 200;
    long n = mode == MANY ? opt.size : 0;
    consumers = mode == MANY ? opt.workers : 1;
    printf("mode: %s\nconsumers: %ld\ntimeout ms: %ld\n", mode_name[mode], consumers, ms);
    if (signal(SIGALRM, on_stuck) == SIG_ERR)
        die_errno("signal");
    size_t size = sizeof(struct shared) + (size_t)(n + 1) * sizeof(long);
    struct shared *s = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (s == MAP_FAILED)
        die_errno("mmap");
    init_ring(&s->ring);           /* the mapping starts zeroed: an empty ring */
    s->consumers_left = consumers;
    patience = (unsigned)((2 * ms + GRACE_MS) / 1000 + 1);
    alarm(patience);
    start_consumers(s, ms, mode == MANY, n);
    long put = produce(s, mode, ms, n);
    join_consumers(s);
    printf("result: finished\n");
    if (mode == MANY)
        report_many(s, ms, n, put);
    else
        report_one_get(mode, &s->tally[0], ms);
    pthread_cond_destroy(&s->ring.not_full);
    pthread_cond_destroy(&s->ring.not_empty);
    pthread_mutex_destroy(&s->ring.lock);
    if (munmap(s, size) == -1)
        die_errno("munmap");
    return check_status();
}
