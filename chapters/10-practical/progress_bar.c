/*
 * progress_bar.c — workers process items and count each one done in shared
 * memory; the parent watches the count and draws a progress bar on stderr,
 * but only when stderr is a terminal: in a pipe or a log file, a bar is
 * just noise.
 *
 * Python: tqdm(total=...) updated once per result of pool.imap (seed B,
 *         "Custom Process Pool with Progress Tracking"; catalog row 60).
 * C:      an atomic_long in a MAP_SHARED mapping made before fork, which
 *         each worker increments (atomic_fetch_add) and the parent reads
 *         (atomic_load) between timed sleeps; isatty(STDERR_FILENO); '\r'
 *         to redraw the line in place; waitpid with WNOHANG.
 *
 * Usage:  progress_bar [-j WORKERS] [-n ITEMS] [-t MS]
 *         defaults: -j 4, -n 1000 items of -t 2 ms each (a sleep): 0.5 s
 * Expect: (on stderr, in a terminal: [################..............]  55%  550/1000)
 *         items: 1000 on 4 workers, 2 ms each
 *         progress: no bar (stderr is not a terminal): one line at the end
 *         seconds: 0.561 (ideal 0.500)
 *         worker 0: 251 items
 *         check: items done, the workers' own counts added up = 1000 (expected 1000) ok
 * See also: chapter 05's increment_cost.c (what an atomic increment costs);
 *         parallel_sum.c.
 * Try:    run it as it is, then with 2>/dev/null, then piped: 2>&1 | cat;
 *         -t 0 (the items cost nothing: does the bar have time to move?).
 * Look for: the bar in a terminal only, and the counts that add up.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define DEFAULT_WORKERS 4L
#define MAX_WORKERS 64L
#define DEFAULT_ITEMS 1000L
#define MAX_ITEMS 1000000L
#define DEFAULT_ITEM_MS 2L
#define MAX_ITEM_MS 1000L
#define DRAW_MS 80                 /* between redraws: about 12 a second, as tqdm */
#define BAR_WIDTH 30

/* Ctrl-C reaches us and every worker (they inherit this handler). A worker
 * stops after its current item; the parent also tells them through
 * `stop`, in case the signal came to it alone (kill PID), then reaps
 * them all and dies of it: SA_RESETHAND made SIGINT deadly again. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

/* One mapping for all, made before fork: MAP_SHARED, so the workers' writes
 * land in the very pages the parent reads (MAP_PRIVATE would give each a
 * copy on its first write); MAP_ANONYMOUS, so it has no name that could be
 * left behind. The atomics must be lock-free: an instruction on memory
 * works between processes, a lock hidden inside this process would not. */
struct shared {
    atomic_long next;              /* the next item to hand out */
    atomic_long done;              /* items finished: what the bar shows */
    atomic_int stop;               /* the parent's "stop now" */
    long per_worker[MAX_WORKERS];  /* slot w: written by worker w alone, at its end */
    unsigned char times_done[];    /* per item: how often it was processed (1!) */
};

static struct shared *map_shared(long items)
{
    size_t bytes = sizeof(struct shared) + (size_t)items;
    struct shared *s = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (s == MAP_FAILED)
        die_errno("mmap %zu bytes", bytes);
    atomic_init(&s->next, 0);      /* the pages come zeroed: this only says so */
    atomic_init(&s->done, 0);
    atomic_init(&s->stop, 0);
    if (!atomic_is_lock_free(&s->done))
        die("atomic_long is not lock-free here: it would not work between processes");
    return s;
}

/* ---- a worker: takes the next item until none is left, as imap hands
 * them out one by one; after each, one more done for the bar. */
static noreturn void worker(struct shared *s, long w, long items, long item_ms)
{
    long mine = 0, i;
    while (!interrupted && !atomic_load(&s->stop) && (i = atomic_fetch_add(&s->next, 1)) < items) {
        sleep_ms(item_ms);         /* the item's "work" */
        s->times_done[i]++;        /* item i is ours alone: fetch_add gave it to us */
        mine++;
        atomic_fetch_add(&s->done, 1);
    }
    s->per_worker[w] = mine;
    _exit(0);
}

/* ---- the parent's side: the bar, built whole and written in one call,
 * starting with '\r' (back to the start of the line: the new bar covers
 * the old; it is never longer, so nothing of the old one shows). */
static void draw_bar(long done, long items)
{
    char bar[BAR_WIDTH + 1];
    long filled = done * BAR_WIDTH / items;
    memset(bar, '#', (size_t)filled);
    memset(bar + filled, '.', (size_t)(BAR_WIDTH - filled));
    bar[BAR_WIDTH] = '\0';
    fprintf(stderr, "\r[%s] %3ld%%  %ld/%ld", bar, done * 100 / items, done, items);
}

/* Reaps every worker that has ended (WNOHANG: never waits); returns how
 * many, and counts those that did not exit 0. */
static long reap_ended(long *failed)
{
    long reaped = 0;
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        reaped++;
        *failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    if (pid == -1 && errno != ECHILD && errno != EINTR)
        die_errno("waitpid");
    return reaped;
}

/* Sleep, look, draw, until every worker is reaped. The count is read with
 * atomic_load: the workers change it all the time. Returns the draws. */
static long watch(struct shared *s, long workers, long items, bool bar, long *failed)
{
    long alive = workers, draws = 0;
    while (alive > 0) {
        sleep_ms(DRAW_MS);         /* a timed sleep: the parent takes no CPU meanwhile */
        if (interrupted)
            atomic_store(&s->stop, 1);
        alive -= reap_ended(failed);
        if (bar && !interrupted) {
            draw_bar(atomic_load(&s->done), items);
            draws++;
        }
    }
    if (bar)
        fputc('\n', stderr);       /* keep the last bar; what follows goes below it */
    if (interrupted)               /* every worker reaped: now die of it */
        raise(SIGINT);
    if (!bar)
        fprintf(stderr, "done: %ld of %ld items\n", atomic_load(&s->done), items);
    return draws;
}

static void start_workers(struct shared *s, long workers, long items, long item_ms)
{
    for (long w = 0; w < workers; w++) {
        fflush(stdout);            /* or the child inherits, and prints, our buffer */
        pid_t pid = fork();
        if (pid == -1) {           /* stop the ones started, reap them, then give up */
            atomic_store(&s->stop, 1);
            while (wait(NULL) > 0 || errno == EINTR)
                ;
            die_errno("fork");
        }
        if (pid == 0)
            worker(s, w, items, item_ms);
    }
}

/* ---- the checks: the shared counter, the workers' own counts, and each
 * item done once. */
static void check_counts(const struct shared *s, long workers, long items, long failed)
{
    long sum = 0, once = 0;
    for (long w = 0; w < workers; w++) {
        printf("worker %ld: %ld items\n", w, s->per_worker[w]);
        sum += s->per_worker[w];
    }
    for (long i = 0; i < items; i++)
        once += s->times_done[i] == 1;
    check_long("items done, the shared counter", items, atomic_load(&s->done));
    check_long("items done, the workers' own counts added up", items, sum);
    check_long("items done exactly once", items, once);
    check_long("workers that failed", 0, failed);
}

static long item_ms = DEFAULT_ITEM_MS;

static void on_option(int letter, const char *value)
{
    (void)letter;
    item_ms = parse_long(value, 0, MAX_ITEM_MS, "milliseconds per item (-t)");
}

static const char usage[] =
    "[-j WORKERS] [-n ITEMS] [-t MS]\n"
    "Workers process items; a progress bar on stderr when it is a terminal.\n"
    "  -j WORKERS  (1-64, default 4)\n"
    "  -n ITEMS    (1-1000000, default 1000)\n"
    "  -t MS       each item's time, a sleep (0-1000, default 2)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = DEFAULT_WORKERS, .max_workers = MAX_WORKERS,
                          .size = DEFAULT_ITEMS, .min_size = 1, .max_size = MAX_ITEMS,
                          .extra_options = "t:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESETHAND};
    sigaction(SIGINT, &sa, NULL);
    long items = opt.size, workers = opt.workers, failed = 0;
    bool bar = isatty(STDERR_FILENO);
    struct shared *s = map_shared(items);

    printf("items: %ld on %ld worker%s, %ld ms each\n", items, workers, workers > 1 ? "s" : "",
           item_ms);
    if (bar)
        printf("progress: a bar on stderr (a terminal), redrawn every %d ms\n", DRAW_MS);
    else
        printf("progress: no bar (stderr is not a terminal): one line at the end\n");
    double start = now_seconds();
    start_workers(s, workers, items, item_ms);
    long draws = watch(s, workers, items, bar, &failed);
    long rounds = (items + workers - 1) / workers;    /* items a worker does, at most */
    printf("seconds: %.3f (ideal %.3f)", now_seconds() - start, (double)(rounds * item_ms) / 1000);
    if (bar)
        printf(", the bar drawn %ld times", draws);
    putchar('\n');
    check_counts(s, workers, items, failed);
    if (munmap(s, sizeof *s + (size_t)items) == -1)
        die_errno("munmap");
    return check_status();
}
