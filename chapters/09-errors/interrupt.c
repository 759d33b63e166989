/*
 * interrupt.c — Ctrl-C during a parallel run: every worker stops after its
 * current item and says how far it got, the parent reaps them all, says how
 * much was done, and dies of SIGINT itself, so that whoever started it knows.
 *
 * Python: KeyboardInterrupt caught around pool.map, then the pool
 *         terminated (seed A "Starting and Stopping", seed B's robust
 *         example; catalog row 55).
 * C:      sigaction(SIGINT) without SA_RESTART; SIGINT blocked (sigprocmask)
 *         but in pselect, polled between items (sigpending); kill(pid, SIGINT)
 *         to forward it; signal(SIGINT, SIG_DFL) + raise(SIGINT): status 130.
 *
 * Usage:  interrupt [-j WORKERS] [-n ITEMS] [-t MS]    (-t: SIGINT to itself)
 *         defaults: -j online CPUs, -n 2000 items of about 60 us each
 * Expect: (with -n 100000000 -t 300)
 *         SIGINT: forwarded to 2 workers; each stops after its current item
 *         worker      pid      items       done  ended
 *              0      518   50000000       4953  exit 0
 *              1      519   50000000       4985  exit 0
 *         interrupted: 9938 of 100000000 items done
 * See also: chapter 02's terminate.c (stopping one child from outside).
 * Try:    -n 100000000 and Ctrl-C; or kill -INT PID from another shell;
 *         Ctrl-C in bash -c './interrupt -n 100000000; echo after': no after.
 * Look for: every worker's count, and the exit status: 130 (128 + SIGINT).
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define DEFAULT_ITEMS 2000L
#define MAX_ITEMS 100000000L
#define MAX_WORKERS 64L
#define STEPS_PER_ITEM 20000       /* hash steps: about 60 us an item */
#define MAX_DELAY_MS 600000L

static volatile sig_atomic_t interrupted;   /* the one type a handler may set */
static sigset_t usual_mask;        /* ours without SIGINT blocked: pselect's */

static void on_interrupt(int sig)
{
    interrupted = sig;             /* just note it: the loops do the rest */
}

/* -t: SIGALRM stands for someone typing `kill -INT PID` in another shell:
 * SIGINT to the parent alone, not to its process group as Ctrl-C does. */
static void on_alarm(int sig)
{
    (void)sig;
    kill(getpid(), SIGINT);        /* kill is async-signal-safe */
}

/* No SA_RESTART: a blocking call that SIGINT cuts short must fail with
 * EINTR, so that the parent looks at the flag. With SA_RESTART a read()
 * would go straight back to sleep, and a parent signalled alone would wait
 * for workers that nobody told to stop. (pselect never restarts anyway;
 * the price: a loop on EINTR around waitpid, for -t's SIGALRM.) Then
 * SIGINT is blocked: it waits, pending, until pselect or sigpending. */
static void install_handlers(long alarm_ms)
{
    struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = 0};
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, NULL) == -1)
        die_errno("sigaction SIGINT");
    sigset_t sigint;
    sigemptyset(&sigint);
    sigaddset(&sigint, SIGINT);
    sigprocmask(SIG_BLOCK, &sigint, &usual_mask);
    if (alarm_ms == 0)
        return;
    sa.sa_handler = on_alarm;
    struct itimerval timer = {.it_value = {alarm_ms / 1000, alarm_ms % 1000 * 1000}};
    if (sigaction(SIGALRM, &sa, NULL) == -1 || setitimer(ITIMER_REAL, &timer, NULL) == -1)
        die_errno("setitimer");
}

/* ---- the work: item i, a chain of hashes from i, each step needing the last */
static long item_value(long i)
{
    uint64_t x = (uint64_t)i;
    for (int s = 0; s < STEPS_PER_ITEM; s++) {
        x += 0x9e3779b97f4a7c15u;                  /* splitmix64 */
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
        x ^= x >> 31;
    }
    return (long)(x % 1000);
}

struct tally { long worker, done, total; };   /* what a worker did */

/* Has SIGINT come? Blocked, it waits for us to ask between items: no
 * handler cuts into the work (and ThreadSanitizer, which holds a handler
 * back until its next intercepted call, never runs one in a pure loop). */
static bool sigint_came(void)
{
    sigset_t pending;
    return interrupted || (sigpending(&pending) == 0 && sigismember(&pending, SIGINT) == 1);
}

/* Items first..first+count-1, stopping at a clean point: between items. */
static struct tally do_items(long worker, long first, long count)
{
    struct tally t = {worker, 0, 0};         /* items of value 0..999 */
    while (t.done < count && !sigint_came())
        t.total += item_value(first + t.done++);
    return t;
}

/* ---- the parallel run: one pipe for every worker's tally */
struct worker {
    pid_t pid;
    int status;                    /* waitpid's, once reaped */
    long first, count;
    struct tally tally;
    bool reported, reaped;
};

struct run {
    long workers, items, signalled;          /* signalled: by forward_interrupt */
    struct worker w[MAX_WORKERS];
};

/* The worker's whole life: its items, then its tally (24 bytes, at most
 * PIPE_BUF: written whole, never mixed with another worker's), then _exit.
 * It inherited SIGINT blocked: one sent to it waits for sigint_came(). */
static noreturn void worker(long k, const struct run *r, int out)
{
    struct tally t = do_items(k, r->w[k].first, r->w[k].count);
    _exit(write(out, &t, sizeof t) == (ssize_t)sizeof t ? 0 : 1);
}

/* After Ctrl-C the workers have SIGINT already: the terminal sends it to
 * the whole foreground process group. But `kill -INT PID` (or -t) reaches
 * the parent alone: then this is the workers' only news of it. An unreaped
 * worker is at worst a zombie: its pid is no one else's yet. (kill(0, ...)
 * would signal our whole group: us, and in `interrupt | tee log`, tee.) */
static void forward_interrupt(struct run *r)
{
    for (long k = 0; k < r->workers; k++)
        r->signalled += kill(r->w[k].pid, SIGINT) == 0;
    printf("SIGINT: forwarded to %ld workers; each stops after its current item\n",
           r->signalled);
}

/* Reads tallies until every worker has closed the pipe (by exiting). The
 * trap: SIGINT landing between a check of the flag and a blocking read()
 * would go unseen until some worker wrote. So SIGINT stays blocked but in
 * pselect, which unblocks it and waits in one atomic step. The tick is
 * for ThreadSanitizer, which runs a handler late: at its next call. */
static void collect_tallies(struct run *r, int in)
{
    const struct timespec tick = {0, 100000000};       /* 100 ms */
    for (;;) {
        if (interrupted && r->signalled == 0)
            forward_interrupt(r);
        fd_set readable;
        FD_ZERO(&readable);
        FD_SET(in, &readable);
        int ready = pselect(in + 1, &readable, NULL, NULL, &tick, &usual_mask);
        if (ready == -1 && errno != EINTR)
            die_errno("pselect");
        if (ready <= 0)
            continue;
        struct tally t;
        ssize_t got = read(in, &t, sizeof t);
        if (got == 0)
            return;                /* every write end closed: all workers gone */
        if (got != (ssize_t)sizeof t || (unsigned long)t.worker >= (unsigned long)r->workers)
            die("a garbled tally (%zd bytes)", got);     /* (a negative worker too) */
        r->w[t.worker].tally = t;
        r->w[t.worker].reported = true;
    }
}

/* Returns how many workers were reaped. */
static long run_parallel(struct run *r)
{
    int fd[2];
    if (pipe(fd) == -1)
        die_errno("pipe");
    for (long k = 0; k < r->workers; k++) {
        r->w[k].first = r->items * k / r->workers;
        r->w[k].count = r->items * (k + 1) / r->workers - r->w[k].first;
        fflush(stdout);            /* or the worker inherits, and prints, our buffer */
        if ((r->w[k].pid = fork()) == -1)
            die_errno("fork");
        if (r->w[k].pid == 0) {
            close(fd[0]);
            worker(k, r, fd[1]);
        }
    }
    close(fd[1]);                  /* or the pipe's end would never come */
    collect_tallies(r, fd[0]);
    close(fd[0]);
    long reaped = 0;
    for (long k = 0; k < r->workers; k++) {
        pid_t got;
        while ((got = waitpid(r->w[k].pid, &r->w[k].status, 0)) == -1 && errno == EINTR)
            ;
        reaped += r->w[k].reaped = got == r->w[k].pid;
    }
    return reaped;
}

static long print_workers(const struct run *r)   /* returns the items done */
{
    long done = 0;
    printf("%6s %8s %10s %10s  %s\n", "worker", "pid", "items", "done", "ended");
    for (long k = 0; k < r->workers; k++) {
        const struct worker *w = &r->w[k];
        char ended[32] = "not reaped";
        if (w->reaped)
            snprintf(ended, sizeof ended, WIFSIGNALED(w->status) ? "signal %d" : "exit %d",
                     WIFSIGNALED(w->status) ? WTERMSIG(w->status) : WEXITSTATUS(w->status));
        char did[24] = "?";        /* it died before it could tell: count nothing */
        if (w->reported)
            snprintf(did, sizeof did, "%ld", w->tally.done);
        printf("%6ld %8ld %10ld %10s  %s\n", k, (long)w->pid, w->count, did, ended);
        done += w->reported ? w->tally.done : 0;
    }
    return done;
}

/* After SIGINT, every worker reaped: say how far the run got, check it, and
 * die of SIGINT. exit(130) gives the same $?, but a shell running a script
 * learns from wait() that we *exited*, takes it that we dealt with Ctrl-C,
 * and runs the next command; a death by SIGINT stops the script too. */
static noreturn void stop_interrupted(long done, long items, long workers, long reaped)
{
    printf("interrupted: %ld of %ld items done\n", done, items);
    check_long("items done, within 0..total (1 = yes)", 1, done >= 0 && done <= items);
    check_long("workers reaped", workers, reaped);
    if (check_status() != 0)
        exit(1);
    fflush(stdout);                /* death by a signal flushes no stdio buffer */
    signal(SIGINT, SIG_DFL);
    raise(SIGINT);                 /* pending, if it was not already */
    sigprocmask(SIG_SETMASK, &usual_mask, NULL);    /* unblocked: we die of it here */
    _exit(130);                    /* not reached */
}

static long alarm_ms;

static void on_option(int letter, const char *value)
{
    (void)letter;
    alarm_ms = parse_long(value, 1, MAX_DELAY_MS, "delay (-t)");
}

static const char usage[] =
    "[-j WORKERS] [-n ITEMS] [-t MS]\n"
    "A parallel run that Ctrl-C stops cleanly: workers stop, all are reaped, exit 130.\n"
    "  -j WORKERS  (1-64, default: the online CPUs)\n"
    "  -n ITEMS    items of work, about 60 us each (1-100000000, default 2000)\n"
    "  -t MS       SIGINT to ourselves after MS ms, as from kill -INT PID (1-600000)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(), .max_workers = MAX_WORKERS,
                          .size = DEFAULT_ITEMS, .min_size = 1, .max_size = MAX_ITEMS,
                          .extra_options = "t:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    static struct run r;           /* 64 workers' records: not on the stack */
    r = (struct run){.workers = opt.workers < MAX_WORKERS ? opt.workers : MAX_WORKERS,
                     .items = opt.size};
    install_handlers(alarm_ms);
    printf("items: %ld, workers: %ld\n", r.items, r.workers);

    double start = now_seconds();
    long reaped = run_parallel(&r);
    double parallel = now_seconds() - start;
    long done = print_workers(&r);
    if (sigint_came())             /* every worker is reaped: say so, and die of it */
        stop_interrupted(done, r.items, r.workers, reaped);
    start = now_seconds();
    struct tally sequential = do_items(0, 0, r.items);    /* only to check the total */
    setitimer(ITIMER_REAL, &(struct itimerval){{0, 0}, {0, 0}}, NULL);  /* -t: too late now */
    if (sigint_came())             /* during the check: the run itself was done */
        stop_interrupted(done, r.items, r.workers, reaped);
    printf("parallel: %.3f s, sequential: %.3f s\n", parallel, now_seconds() - start);

    long total = 0, exited_0 = 0;
    for (const struct worker *w = r.w; w < r.w + r.workers; w++) {
        total += w->tally.total;
        exited_0 += w->reaped && WIFEXITED(w->status) && WEXITSTATUS(w->status) == 0;
    }
    printf("total: %ld (sequential: %ld)\n", total, sequential.total);
    check_long("items done", r.items, done);
    check_long("total equal to the sequential one", sequential.total, total);
    check_long("workers reaped, each with exit status 0", r.workers, exited_0);
    return check_status();
}
