/*
 * join_all_vs_each.c — start all, then join all: the total time is the
 * longest task. Start and join one at a time: the total is the sum.
 *
 * Python: p1.start(); p2.start(); p1.join(); p2.join() vs start/join in
 *         turn (seed E join_order.py; catalog row 8).
 * C:      fork N children, then waitpid each; or fork+waitpid N times.
 *
 * Usage:  join_all_vs_each [-j PROCESSES] [-n MS] [--bench]
 *         defaults: 3 processes; process k sleeps k*200 ms
 * Expect: one at a time: 1.2 s (0.2 + 0.4 + 0.6); all at once: 0.6 s:
 *           mode             workers    seconds   speedup
 *           start-join-each        3      1.203     1.00x
 *           start-all-join-all     3      0.602     2.00x
 * See also: join_or_not.c.
 * Try:    -j 8 -n 50 on 2 cores: the sleepers do not need a core, so the
 *         speedup passes the core count. CPU-bound work would not.
 * Look for: start-all time close to the longest sleep, not the sum.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define MAX_PROCESSES 32L

static pid_t start_sleeper(long k, long ms)
{
    fflush(stdout);                /* or the child inherits and repeats our buffer */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        sleep_ms(k * ms);
        _exit(0);
    }
    return pid;
}

static void join(pid_t pid)
{
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die_errno("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("a sleeper failed");
}

static double start_join_each(long n, long ms)
{
    double start = now_seconds();
    for (long k = 1; k <= n; k++)
        join(start_sleeper(k, ms));
    return now_seconds() - start;
}

static double start_all_join_all(long n, long ms)
{
    pid_t pid[MAX_PROCESSES];
    double start = now_seconds();
    for (long k = 1; k <= n; k++)
        pid[k - 1] = start_sleeper(k, ms);
    for (long k = 1; k <= n; k++)
        join(pid[k - 1]);
    return now_seconds() - start;
}

static const char usage[] =
    "[-j PROCESSES] [-n MS] [--bench]\n"
    "Times sleeping processes joined one by one, then all started first.\n"
    "  -j PROCESSES  (1-32, default 3); process k sleeps k*MS\n"
    "  -n MS         (1-1000, default 200)\n"
    "  --bench       also print BENCH lines for make bench\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 3, .max_workers = MAX_PROCESSES,
                          .size = 200, .min_size = 1, .max_size = 1000};
    parse_options(argc, argv, &opt);
    long n = opt.workers, ms = opt.size;
    struct report r = {.program = "join_all_vs_each", .bench = opt.bench};

    double each = start_join_each(n, ms), all = start_all_join_all(n, ms);
    report_add(&r, "start-join-each", n, each, 0);
    report_add(&r, "start-all-join-all", n, all, 0);
    report_print(&r);
    double sum = (double)(ms * n * (n + 1)) / 2000, longest = (double)(ms * n) / 1000;
    printf("sum of the sleeps: %.3f s, longest: %.3f s\n", sum, longest);
    /* Timing decides nothing exact: only a wide margin, to stay true on a
     * busy machine. Each total is at least its sleeps; all-at-once must be
     * well under the sum whenever there is more than one process. */
    check_long("one at a time took at least the sum", 1, each >= sum);
    check_long("all at once took less than 3/4 of the sum", n > 1, all < 0.75 * sum);
    return check_status();
}
