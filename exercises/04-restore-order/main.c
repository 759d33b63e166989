/*
 * main.c — the driver of exercise 04-restore-order. DO NOT EDIT: your work
 * goes in task.c. One worker process per value squares it and sends the
 * result through a pipe with your make_result(). The results arrive in the
 * order the workers finish; your restore_order() puts them back in the
 * order of the values, as Python's pool.map() does.
 *
 * Usage: program [-n VALUES] [-r]
 *   without -n  the tutorial's values: 2 4 6 3 5 8 9 7
 *   -n VALUES   VALUES values instead: value k is 37 * k % 101 (k = 0, 1, ...)
 *   -r          the workers run one at a time, the last value first, so the
 *               results are sure to arrive in reverse order
 */
#include <limits.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

#define MAX_VALUES 100
#define NOT_FILLED (-1L)           /* no square is negative */

_Static_assert(sizeof(struct result) <= PIPE_BUF, "a record must fit in one atomic write");

static const long tutorial[] = {2, 4, 6, 3, 5, 8, 9, 7};
static bool one_at_a_time;         /* -r */

/* A stand-in for work of uneven length: 0 to 70 ms, scrambled by index. */
static long pause_ms(long index)
{
    return (index * 5 + 3) % 8 * 10;
}

/* The worker for the value at `index`: one record, in one write(). */
static void worker(int out, long index, long value)
{
    if (!one_at_a_time)
        sleep_ms(pause_ms(index));
    struct result r = make_result(index, value * value);
    if (write(out, &r, sizeof r) != (ssize_t)sizeof r)
        die_errno("worker %ld: write", index);
}

static pid_t start_worker(const int fd[2], long index, long value)
{
    fflush(stdout);                /* or the child repeats what we buffered */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        close(fd[0]);
        worker(fd[1], index, value);
        _exit(0);
    }
    return pid;
}

/* Reaps one worker; true if it exited with status 0. */
static bool join(pid_t pid)
{
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die_errno("waitpid");
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Reads records until the end of the stream (every write end closed):
 * each read returns one whole record, as every write was one record. */
static long receive(int fd, struct result *arrived, long room)
{
    long count = 0;
    struct result r;
    ssize_t got;
    while ((got = read(fd, &r, sizeof r)) > 0) {
        if (got != (ssize_t)sizeof r)
            die("read %zd bytes: not one %zu-byte record", got, sizeof r);
        if (count < room)
            arrived[count] = r;
        count++;
    }
    if (got == -1)
        die_errno("read");
    return count;
}

static void print_list(const char *label, const long *x, long n)
{
    printf("%s:", label);
    for (long i = 0; i < n; i++)
        printf(" %ld", x[i]);
    printf("\n");
}

static void on_option(int letter, const char *value)
{
    (void)letter;
    (void)value;
    one_at_a_time = true;
}

static const char usage[] =
    "[-n VALUES] [-r]\n"
    "Squares values in worker processes; your task.c restores the order of the results.\n"
    "  -n VALUES  VALUES values, value k = 37 * k % 101 (1-100; default: 2 4 6 3 5 8 9 7)\n"
    "  -r         one worker at a time, the last value first: results in reverse order\n";

/* Starts a worker per value and collects their records, in the order they
 * arrive, into `arrived`; reaps every worker. */
static void run_workers(const long *values, long n, struct result *arrived)
{
    int fd[2];
    pid_t pid[MAX_VALUES];
    long failed = 0;
    if (pipe(fd) == -1)
        die_errno("pipe");
    for (long i = 0; i < n; i++) {
        long k = one_at_a_time ? n - 1 - i : i;
        pid[k] = start_worker(fd, k, values[k]);
        if (one_at_a_time)         /* its record is in the pipe before the next starts */
            failed += !join(pid[k]);
    }
    close(fd[1]);                  /* ours too, or the end of the stream never comes */
    long count = receive(fd[0], arrived, n);
    close(fd[0]);
    for (long k = 0; k < n && !one_at_a_time; k++)
        failed += !join(pid[k]);
    if (count != n || failed > 0)
        die("%ld results from %ld workers, %ld of which failed", count, n, failed);
}

/* Records whose index is outside 0..n-1 or came twice. restore_order may
 * trust the indices only when there is none: a bad one would write outside
 * ordered[]. */
static long bad_indices(const struct result *arrived, long n)
{
    bool seen[MAX_VALUES] = {false};
    long bad = 0;
    for (long k = 0; k < n; k++) {
        long i = arrived[k].index;
        bool fits = i >= 0 && i < n && !seen[i];
        if (fits)
            seen[i] = true;
        bad += !fits;
    }
    return bad;
}

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = 0, .min_size = 1, .max_size = MAX_VALUES,
                          .extra_options = "r", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long n = opt.size ? opt.size : (long)(sizeof tutorial / sizeof tutorial[0]);
    long values[MAX_VALUES] = {0}, squares[MAX_VALUES] = {0}, ordered[MAX_VALUES];
    for (long k = 0; k < n; k++)
        values[k] = opt.size ? 37 * k % 101 : tutorial[k];
    print_list("values", values, n);

    struct result arrived[MAX_VALUES];
    run_workers(values, n, arrived);
    for (long i = 0; i < n; i++) {
        squares[i] = arrived[i].square;
        ordered[i] = NOT_FILLED;
    }
    print_list("arrived", squares, n);
    long bad = bad_indices(arrived, n);
    if (bad == 0) {
        restore_order(arrived, n, ordered);
        print_list("squares", ordered, n);
    } else {
        printf("squares: not restored: %ld records with an index out of range or repeated\n", bad);
    }
    check_long("records whose index is out of range or repeated", 0, bad);

    long misplaced = 0;
    for (long k = 0; k < n; k++)
        misplaced += ordered[k] != values[k] * values[k];
    check_long("squares out of place", 0, misplaced);
    return check_status();
}
