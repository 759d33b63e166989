/*
 * fork_buffer.c — the trap of buffered output and fork: lines printed
 * before fork, still in stdio's buffer, come out twice.
 *
 * Python: the same trap exists with sys.stdout; multiprocessing flushes
 *         for you before it starts a process (chapter README, "Traps").
 * C:      printf keeps output in a buffer inside the process; fork copies
 *         the process, buffer included; then each copy flushes its own.
 *
 * Usage:  fork_buffer [-n LINES]     default: 2 lines before fork
 * Expect: lines written before fork: 2
 *             | line 1 of 2, written before fork
 *             | ...
 *         copies that came out: 4
 * See also: fork_buffer_fixed.c (one line more: the fix).
 * Try:    -n 10; then `create_and_join | cat` with its fflush removed.
 * Look for: each line written once and printed twice.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "fork_buffer.h"

static long lines = 2;

/* The bug: the lines are still in the buffer when the process is copied.
 * The child flushes the copy it inherited along with its own line; the
 * parent flushes the original after the child has ended. */
static void experiment(void)
{
    print_marked_lines(lines);
    pid_t pid = fork();            /* NO fflush(stdout) first: the bug shown */
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        printf("[child] done\n");
        fflush(stdout);
        _exit(0);
    }
    if (waitpid(pid, NULL, 0) == -1)
        die_errno("waitpid");
    printf("[parent] done\n");
    fflush(stdout);
    _exit(0);
}

static const char usage[] =
    "[-n LINES]\n"
    "Prints lines, forks without fflush, and counts the copies that come out.\n"
    "  -n LINES  lines printed before fork (1-50, default 2)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = lines, .min_size = 1,
                          .max_size = MAX_LINES};
    parse_options(argc, argv, &opt);
    lines = opt.size;
    printf("lines written before fork: %ld\n", lines);
    long copies = count_copies(experiment);
    printf("copies that came out: %ld\n", copies);
    check_long("copies without fflush before fork", 2 * lines, copies);
    return check_status();
}
