/*
 * fork_buffer_fixed.c — the fix for fork_buffer.c: fflush(stdout) right
 * before fork, so the buffer is empty when the process is copied.
 *
 * Python: multiprocessing does this flush for you when a process starts
 *         (chapter README, "Traps").
 * C:      fflush(stdout); fork(): nothing is left to copy.
 *
 * Usage:  fork_buffer_fixed [-n LINES]     default: 2 lines before fork
 * Expect: lines written before fork: 2
 *             | line 1 of 2, written before fork
 *             | ...
 *         copies that came out: 2
 * See also: fork_buffer.c (the same without the fflush).
 * Try:    diff fork_buffer.c fork_buffer_fixed.c: one line of code.
 * Look for: each line printed once, before both processes' own lines.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "fork_buffer.h"

static long lines = 2;

/* The fix: empty the buffer before the process is copied. Every fork in
 * this suite has this fflush just before it. */
static void experiment(void)
{
    print_marked_lines(lines);
    fflush(stdout);                /* THE FIX: or the child inherits our buffer */
    pid_t pid = fork();
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
    "Prints lines, flushes, forks, and counts the copies that come out.\n"
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
    check_long("copies with fflush before fork", lines, copies);
    return check_status();
}
