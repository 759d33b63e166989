/*
 * creation_cost.c — what it costs to start a worker and wait for it to end,
 * six ways, from a thread to a fresh program: microseconds per start + join,
 * the median and the fastest of many.
 *
 * Python: Process(target=f).start() and join() under the 'fork' and the
 *         'spawn' start methods, and Thread for comparison (seeds A and C:
 *         process creation has overhead; catalog row 50).
 * C:      pthread_create + pthread_join; fork + waitpid, also after touching
 *         a large allocation; vfork + _exit; posix_spawn, and fork + execvp, of
 *         this very program in a do-nothing mode: what 'spawn' does.
 *
 * Usage:  creation_cost [-n STARTS] [-m MIB] [--bench]
 *         defaults: -n 200 starts each way (2000 with --bench), -m 16
 * Expect: way                      starts  median (us)   min (us)  min vs thread
 *         pthread_create + join       200         16.2       15.7           1.0x
 *         fork + waitpid              200        137.7      134.0           8.5x
 *         fork, 16 MiB touched        200        722.8      682.8          43.6x
 *         vfork + _exit               200         43.4       23.5           1.5x
 *         posix_spawn of itself       200        516.6      465.3          29.7x
 *         fork + exec of itself       200        620.6      573.8          36.6x
 * See also: chapter 02's create_and_join.c (one fork, taken apart);
 *         moving_data.c (the other cost: data between processes).
 * Try:    -m 256 (fork copies page tables: the bigger the parent, the slower);
 *         taskset -c 0 (all on one core: no other CPU to wake up).
 * Look for: how many thread starts make one fork, and how many forks one exec.
 */
#define _DEFAULT_SOURCE            /* vfork: no longer in POSIX 2008, glibc hides it */
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define DEFAULT_STARTS 200L
#define BENCH_STARTS 2000L
#define MAX_STARTS 100000L
#define DEFAULT_TOUCHED_MIB 16L
#define MAX_TOUCHED_MIB 1024L
#define CHILD_FLAG "--child"       /* not in the usage: how we run ourselves */

extern char **environ;             /* POSIX 2008 leaves its declaration to us */

/* The exec'd child: this program (argv[0], searched in PATH if it has no
 * slash, as the shell did) with CHILD_FLAG: main() returns 0 at once. */
static char child_flag[] = CHILD_FLAG;
static char *child_argv[] = {NULL, child_flag, NULL};    /* [0] is set in main */

/* Ctrl-C reaches us and every child. Dying at once, we could go before a
 * child still tearing down its copy of our memory: it would outlive us,
 * unreaped. So we note it, finish the start + join (reaping that child),
 * then die of it: SA_RESETHAND has made SIGINT deadly again. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

/* ---- the ways: each starts a worker that ends at once and waits for it;
 * 1 when the worker ended as it should, else 0. */
static int reaped_with_status_0(pid_t pid)
{
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die_errno("waitpid");
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void *return_at_once(void *arg)
{
    return arg;
}

static int thread_and_join(void)
{
    pthread_t thread;
    int token;
    void *back;
    int err = pthread_create(&thread, NULL, return_at_once, &token);
    if (err != 0)
        die_code(err, "pthread_create");
    if ((err = pthread_join(thread, &back)) != 0)
        die_code(err, "pthread_join");
    return back == &token;
}

/* fork copies no page of memory: it copies the page tables that map them,
 * and marks every page copy-on-write in both processes. So its cost grows
 * with how much memory the parent has touched (the -m row). */
static int fork_and_exit(void)
{
    fflush(stdout);                /* as before every fork: leave no output to inherit */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0)
        _exit(0);
    return reaped_with_status_0(pid);
}

/* vfork copies not even the page tables: the child borrows the parent's
 * memory, stack included, and the parent sleeps until the child calls
 * _exit or exec. The trap: the child may do nothing else. Returning from
 * this function would wreck the parent's stack frame, exit() would flush
 * the parent's stdio buffers, and any assignment but to pid changes the
 * parent's memory. POSIX 2008 dropped vfork for that, and clang-tidy flags
 * it on sight (hence the NOLINT); posix_spawn is its safe heir. */
static int vfork_and_exit(void)
{
    pid_t pid = vfork();           /* NOLINT(clang-analyzer-security.insecureAPI.vfork) */
    if (pid == -1)
        die_errno("vfork");
    if (pid == 0)
        _exit(0);
    return reaped_with_status_0(pid);
}

/* posix_spawn starts a program in a new process in one call. glibc makes
 * it a clone that shares our memory, like vfork, then an exec: no page
 * table is copied, whatever our size. It returns an error number (a failed
 * exec's too, in glibc) rather than setting errno. */
static int spawn_and_wait(void)
{
    pid_t pid;
    int err = posix_spawnp(&pid, child_argv[0], NULL, NULL, child_argv, environ);
    if (err != 0)
        die_code(err, "posix_spawnp %s", child_argv[0]);
    return reaped_with_status_0(pid);
}

/* The classic pair: a copy of us, at once replaced by a new program. exec
 * throws away the copy fork made, then loads the program and its shared
 * libraries, and runs it up to main(), which returns at once. */
static int fork_exec_and_wait(void)
{
    fflush(stdout);                /* as before every fork: leave no output to inherit */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        execvp(child_argv[0], child_argv);
        _exit(127);                /* the exec failed: the shell's code for it */
    }
    return reaped_with_status_0(pid);
}

struct way {
    const char *name, *bench_case;
    int (*start_and_join)(void);
    bool touch_first;              /* the -m row: fork after touching MIB of memory */
};

static const struct way ways[] = {
    {"pthread_create + join", "thread", thread_and_join, false},
    {"fork + waitpid", "fork", fork_and_exit, false},
    {NULL, NULL, fork_and_exit, true},     /* named in print_rows: the name holds -m */
    {"vfork + _exit", "vfork", vfork_and_exit, false},
    {"posix_spawn of itself", "posix_spawn", spawn_and_wait, false},
    {"fork + exec of itself", "fork_exec", fork_exec_and_wait, false},
};
#define WAYS (sizeof ways / sizeof ways[0])

/* malloc only reserves addresses: a page exists once written. One byte a
 * page, through volatile, or the compiler drops writes that nothing reads.
 * (Where transparent huge pages are on for all memory, the kernel maps 2
 * MiB at a time, and fork copies 512 times fewer entries.) */
static char *touch_memory(long mib)
{
    size_t bytes = (size_t)mib << 20, page = (size_t)sysconf(_SC_PAGESIZE);
    char *touched = malloc(bytes);
    if (!touched)
        die_errno("malloc %ld MiB", mib);
    for (size_t i = 0; i < bytes; i += page)
        ((volatile char *)touched)[i] = 1;
    return touched;
}

struct timing {
    long starts, ended_well;
    double median_us, min_us, seconds;
};

/* Times each start + join alone, then sorts the times: the median is what
 * a start costs here, the minimum the floor of this machine. */
static struct timing time_way(const struct way *way, long starts)
{
    double *us = malloc((size_t)starts * sizeof *us);
    if (!us)
        die_errno("malloc");
    struct timing t = {.starts = 0, .ended_well = 0};
    double begin = now_seconds();
    for (long i = 0; i < starts && !(i > 0 && interrupted); i++) {   /* at least one */
        double start = now_seconds();
        t.ended_well += way->start_and_join();
        us[t.starts++] = (now_seconds() - start) * 1e6;
    }
    t.seconds = now_seconds() - begin;
    t.median_us = median_sorting(us, t.starts);
    t.min_us = us[0];              /* sorted: the fastest */
    free(us);
    return t;
}

/* Every way in turn. The -m row's memory is touched just before it and
 * freed after it (malloc gives so large a block back to the kernel). */
static void time_every_way(struct timing t[], long starts, long mib)
{
    for (size_t w = 0; w < WAYS; w++) {
        char *touched = ways[w].touch_first ? touch_memory(mib) : NULL;
        t[w] = time_way(&ways[w], starts);
        free(touched);
        if (interrupted)           /* every child is reaped: now die of it */
            raise(SIGINT);
    }
}

/* The table, or (bench) the BENCH lines. The -m row's name holds its MiB. */
static void print_rows(const struct timing t[], long mib, bool bench)
{
    if (!bench)
        printf("%-24s %6s %12s %10s %14s\n", "way", "starts", "median (us)", "min (us)",
               "min vs thread");
    for (size_t w = 0; w < WAYS; w++) {
        char name[40];
        if (ways[w].touch_first)
            snprintf(name, sizeof name, bench ? "fork_%ldmib" : "fork, %ld MiB touched", mib);
        else
            snprintf(name, sizeof name, "%s", bench ? ways[w].bench_case : ways[w].name);
        double ratio = t[w].min_us / t[0].min_us;  /* the floors: steadier than medians */
        if (bench)
            printf("BENCH program=creation_cost case=%s workers=1 seconds=%.6f starts=%ld "
                   "median_us=%.2f min_us=%.2f min_vs_thread=%.2f\n", name, t[w].seconds,
                   t[w].starts, t[w].median_us, t[w].min_us, ratio);
        else
            printf("%-24s %6ld %12.1f %10.1f %13.1fx\n", name, t[w].starts, t[w].median_us,
                   t[w].min_us, ratio);
    }
}

static long touched_mib = DEFAULT_TOUCHED_MIB;

static void on_option(int letter, const char *value)
{
    (void)letter;
    touched_mib = parse_long(value, 1, MAX_TOUCHED_MIB, "memory to touch (-m)");
}

static const char usage[] =
    "[-n STARTS] [-m MIB] [--bench]\n"
    "Microseconds per start + join: a thread, fork, vfork, posix_spawn, fork + exec.\n"
    "  -n STARTS  each way (1-100000, default 200; 2000 with --bench)\n"
    "  -m MIB     memory the parent touches for the second fork row (1-1024, default 16)\n"
    "  --bench    -n 2000 unless given, and BENCH lines\n";

int main(int argc, char *argv[])
{
    if (argc == 2 && strcmp(argv[1], CHILD_FLAG) == 0)
        return 0;                  /* the exec'd child: start, and end at once */
    struct options opt = {.usage = usage, .size = 0, .min_size = 1, .max_size = MAX_STARTS,
                          .extra_options = "m:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESETHAND | SA_RESTART};
    sigaction(SIGINT, &sa, NULL);
    long starts = opt.size ? opt.size : opt.bench ? BENCH_STARTS : DEFAULT_STARTS;
    child_argv[0] = argv[0];

    struct timing t[WAYS];
    time_every_way(t, starts, touched_mib);
    printf("exec'd program: %s %s (does nothing, exits 0)\n\n", child_argv[0], CHILD_FLAG);
    print_rows(t, touched_mib, false);
    putchar('\n');
    if (opt.bench) {
        print_rows(t, touched_mib, true);
        putchar('\n');
    }

    long ways_timed = 0, children_ok = 0;
    for (size_t w = 0; w < WAYS; w++) {
        ways_timed += t[w].starts == starts;
        children_ok += w > 0 ? t[w].ended_well : 0;   /* row 0: threads */
    }
    check_long("ways timed, -n starts each", (long)WAYS, ways_timed);
    check_long("threads joined, each with its own result", starts, t[0].ended_well);
    check_long("children reaped with exit status 0", ((long)WAYS - 1) * starts, children_ok);
    return check_status();
}
