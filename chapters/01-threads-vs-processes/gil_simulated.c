/*
 * gil_simulated.c — what Python threads feel: the work of cpu_bound.c done
 * by threads that must hold one global lock while they compute.
 *
 * Python: the Global Interpreter Lock; two threads running cpu_bound_task()
 *         take as long as one thread running it twice (seeds A and E "GIL";
 *         catalog row 2).
 * C:      a ticket lock built from pthread_mutex_t and pthread_cond_t,
 *         taken before each slice of work and dropped after it.
 *
 * Usage:  gil_simulated [-j WORKERS] [-n ITEMS] [-s SLICE] [--bench]
 *         defaults: -j online CPUs, -n 800000000, -s 1000000 (about 1 ms)
 * Expect: no speedup, whatever -j says; the threads took turns:
 *           mode      workers    seconds   speedup  efficiency
 *           sequential      1      0.850     1.00x        100%
 *           gil-threads     2      0.861     0.99x         49%
 *           GIL handoffs: 799 (slices: 800)
 * See also: cpu_bound.c, the same work without the lock.
 * Try:    -s 100 (switch 10000 times more often: what does it cost?);
 *         -j 1, -j 8 (time stays put).
 * Look for: gil-threads no faster than sequential, and the GIL changing hands.
 */
#include <pthread.h>
#include <stdio.h>

#include "common.h"
#include "work.h"

#define DEFAULT_SLICE 1000000L

/* The simulated GIL. CPython's GIL makes a thread that has run for its
 * interval let go and hand over to a waiting thread. A plain mutex would
 * not do that: the thread that unlocks it usually takes it straight back
 * before a sleeping waiter wakes up. A ticket lock serves threads in the
 * order they asked, so the lock really changes hands.
 * (pthread_mutex_lock and pthread_cond_wait on these default objects fail
 * only on a programming error, so their results go unchecked here.) */
struct gil {
    pthread_mutex_t mutex;
    pthread_cond_t turn_changed;
    unsigned long next_ticket, now_serving;
    long holder;                 /* which thread last held it */
    long handoffs;               /* how often it went to a different thread */
};

static struct gil gil = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, -1, 0};

static void gil_take(long thread)
{
    pthread_mutex_lock(&gil.mutex);
    unsigned long ticket = gil.next_ticket++;
    while (ticket != gil.now_serving)          /* a loop: wake-ups can be spurious */
        pthread_cond_wait(&gil.turn_changed, &gil.mutex);
    if (gil.holder != thread && gil.holder != -1)
        gil.handoffs++;
    gil.holder = thread;
    pthread_mutex_unlock(&gil.mutex);
}

static void gil_drop(void)
{
    pthread_mutex_lock(&gil.mutex);
    gil.now_serving++;
    pthread_cond_broadcast(&gil.turn_changed);  /* only the next ticket goes on */
    pthread_mutex_unlock(&gil.mutex);
}

struct worker {
    pthread_t thread;
    long id, first, last, slice;
    long sum;
};

/* Like a Python thread: compute only while holding the GIL, and let go
 * every `slice` items so the others get their turn. */
static void *thread_main(void *arg)
{
    struct worker *w = arg;
    for (long i = w->first; i < w->last; i += w->slice) {
        long end = w->last - i > w->slice ? i + w->slice : w->last;
        gil_take(w->id);
        w->sum += sum_range(i, end);
        gil_drop();
    }
    return NULL;
}

static long sum_under_gil(long n, long workers, long slice)
{
    struct worker worker[MAX_WORKERS];
    for (long w = 0; w < workers; w++) {
        worker[w] = (struct worker){.id = w, .first = chunk_start(n, workers, w),
                                    .last = chunk_start(n, workers, w + 1), .slice = slice};
        int err = pthread_create(&worker[w].thread, NULL, thread_main, &worker[w]);
        if (err != 0)
            die_code(err, "pthread_create");
    }
    long total = 0;
    for (long w = 0; w < workers; w++) {
        int err = pthread_join(worker[w].thread, NULL);
        if (err != 0)
            die_code(err, "pthread_join");
        total += worker[w].sum;
    }
    return total;
}

static long slice = DEFAULT_SLICE;

static void on_slice_option(int letter, const char *value)
{
    (void)letter;               /* 's' is our only extra option */
    slice = parse_long(value, 1, MAX_ITEMS, "slice (-s)");
}

static const char usage[] =
    "[-j WORKERS] [-n ITEMS] [-s SLICE] [--bench]\n"
    "Runs the work of cpu_bound in threads that share one global lock.\n"
    "  -j WORKERS  threads (1-256, default: online CPUs)\n"
    "  -n ITEMS    items to sum (1-10000000000, default 800000000)\n"
    "  -s SLICE    items computed per turn with the lock (1-10000000000,\n"
    "              default 1000000, about 1 ms)\n"
    "  --bench     also print BENCH lines for make bench\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(),
                          .max_workers = MAX_WORKERS, .size = DEFAULT_ITEMS,
                          .min_size = 1, .max_size = MAX_ITEMS,
                          .extra_options = "s:", .on_extra = on_slice_option};
    parse_options(argc, argv, &opt);
    long n = opt.size, workers = opt.workers;
    struct report r = {.program = "gil_simulated", .bench = opt.bench};

    printf("items: %ld\nworkers: %ld\nslice: %ld items\n", n, workers, slice);
    double start = now_seconds();
    long expected = sum_range(0, n);
    report_add(&r, "sequential", 1, now_seconds() - start, 0);

    start = now_seconds();
    long by_threads = sum_under_gil(n, workers, slice);
    report_add(&r, "gil-threads", workers, now_seconds() - start, 0);

    report_print(&r);
    printf("GIL handoffs: %ld (turns taken: %lu)\n", gil.handoffs, gil.next_ticket);
    check_long("gil-threads sum", expected, by_threads);
    return check_status();
}
