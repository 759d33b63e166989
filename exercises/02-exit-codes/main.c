/*
 * main.c — the driver of exercise 02-exit-codes. DO NOT EDIT: your work
 * goes in task.c. Starts N workers that end in different ways and in the
 * reverse order of their start, and asks your reap_all() how each ended.
 *
 * Worker k (from 0): if k % 4 == 3 it is killed by SIGTERM; otherwise it
 * exits with code (k * 3) % 7. Worker k ends after (N - k) * 20 ms.
 *
 * Usage: program [-j WORKERS]
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

#define MAX_WORKERS 64

static int expected_code(int k)
{
    return k % 4 == 3 ? -SIGTERM : (k * 3) % 7;
}

static void worker(int k, int n)
{
    sleep_ms((long)(n - k) * 20);
    if (k % 4 == 3)
        raise(SIGTERM);
    _exit((k * 3) % 7);
}

static const char usage[] =
    "[-j WORKERS]\n"
    "Starts workers that end in different ways; your reap_all() reports.\n"
    "  -j WORKERS  (1-64, default 6)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 6, .max_workers = MAX_WORKERS};
    parse_options(argc, argv, &opt);
    int n = (int)opt.workers, code[MAX_WORKERS];
    pid_t pid[MAX_WORKERS];
    for (int k = 0; k < n; k++) {
        fflush(stdout);
        pid[k] = fork();
        if (pid[k] == -1)
            die_errno("fork");
        if (pid[k] == 0)
            worker(k, n);
        code[k] = -1000;
    }
    reap_all(pid, code, n);
    long right = 0;
    for (int k = 0; k < n; k++) {
        printf("worker %d: exitcode %d\n", k, code[k]);
        right += code[k] == expected_code(k);
    }
    check_long("workers reported right", n, right);
    return check_status();
}
