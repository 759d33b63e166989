/*
 * create_and_join.c — start a process that runs a function with an
 * argument, join it; then start N workers in a loop and join them all.
 *
 * Python: Process(target=fun, args=('Peter',)).start(), p.join() (seed E
 *         simple.py, seed A "Process"); workers started in a loop, each
 *         computing a sum of squares (seeds A and C; catalog rows 6, 13).
 * C:      fork: the child calls the function, then _exit; waitpid.
 *
 * Usage:  create_and_join [-j WORKERS] [-n LIMIT]     defaults: -j 4, -n 1000
 * Expect: [child 4242] hello Peter
 *         [worker 1 pid 4243] sum of squares below 1000 = 332833500
 *         ... one line per worker, in whatever order they finish ...
 *         joined: 4 workers, 4 exited 0
 * See also: join_or_not.c, process_struct.c.
 * Try:    -j 50; remove the fflush before fork and pipe the output to cat.
 * Look for: one line from each process, and the parent joining every one.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define MAX_WORKERS 64L

static void greet(const char *name)
{
    printf("[child %ld] hello %s\n", (long)getpid(), name);
}

/* Worker `id` sums k*k for k below id * limit (the work grows with id). */
static void sum_squares(long id, long limit)
{
    long below = id * limit, sum = 0;
    for (long k = 0; k < below; k++)
        sum += k * k;
    printf("[worker %ld pid %ld] sum of squares below %ld = %ld\n", id, (long)getpid(),
           below, sum);
}

/* Python's Process(target, args).start(): a child that runs the target
 * and ends. It must end with _exit: returning from here would send the
 * child on through the rest of main, as a second copy of the parent. */
static pid_t start_greeter(const char *name)
{
    fflush(stdout);                /* or the child inherits and repeats our buffer */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        greet(name);
        fflush(stdout);            /* _exit does not flush stdio */
        _exit(0);
    }
    return pid;
}

static pid_t start_worker(long id, long limit)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        sum_squares(id, limit);
        fflush(stdout);
        _exit(0);
    }
    return pid;
}

/* Python's p.join(): wait for this child and return its exit status, or
 * -1 if it did not exit normally. */
static int join(pid_t pid)
{
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die_errno("waitpid");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static const char usage[] =
    "[-j WORKERS] [-n LIMIT]\n"
    "Starts one greeting process, then WORKERS workers, and joins them.\n"
    "  -j WORKERS  workers (1-64, default 4); worker i sums squares below i*LIMIT\n"
    "  -n LIMIT    (1-40000, default 1000; the sums must fit a long)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_WORKERS,
                          .size = 1000, .min_size = 1, .max_size = 40000};
    parse_options(argc, argv, &opt);

    check_long("greeter exit status", 0, join(start_greeter("Peter")));

    pid_t pid[MAX_WORKERS];
    for (long w = 0; w < opt.workers; w++)
        pid[w] = start_worker(w + 1, opt.size);
    long exited_0 = 0;
    for (long w = 0; w < opt.workers; w++)
        exited_0 += join(pid[w]) == 0;
    printf("joined: %ld workers, %ld exited 0\n", opt.workers, exited_0);
    check_long("workers that exited 0", opt.workers, exited_0);
    return check_status();
}
