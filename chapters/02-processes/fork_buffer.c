/*
 * fork_buffer.c — the trap of buffered output and fork: text printed
 * before fork, still in stdio's buffer, is printed twice. Then the fix.
 *
 * Python: the same trap exists with sys.stdout (chapter README, "Traps";
 *         Python flushes before starting a process for you).
 * C:      printf keeps output in a buffer inside the process; fork copies
 *         the buffer; both processes flush it. fflush(stdout) before fork.
 *
 * Usage:  fork_buffer
 * Expect: without fflush: 'written before fork' appears 2 times
 *         with fflush:    'written before fork' appears 1 time
 * See also: every fork in this suite: each has its fflush just before.
 * Try:    run the first case by hand: comment out the fflush in
 *         create_and_join.c and run `create_and_join | cat`.
 * Look for: the line written once but printed twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

static const char marker[] = "written before fork";

/* The experiment, in a process whose stdout is a pipe (so stdio buffers
 * whole blocks, as it does for any file or pipe). */
static void experiment(bool flush_first)
{
    printf("%s\n", marker);
    if (flush_first)
        fflush(stdout);
    pid_t pid = fork();            /* NOT flushed first: that is the bug shown */
    if (pid == -1)
        die_errno("fork");
    printf("[%s]\n", pid == 0 ? "child" : "parent");
    if (pid == 0)
        exit(0);                   /* exit (not _exit) flushes: the copy comes out */
    if (waitpid(pid, NULL, 0) == -1)
        die_errno("waitpid");
    exit(0);
}

/* Runs the experiment with its stdout captured; returns how many times the
 * marker came out. */
static long run_captured(bool flush_first)
{
    int fd[2];
    if (pipe(fd) == -1)
        die_errno("pipe");
    fflush(stdout);                /* our own buffer: see experiment() for why */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        close(fd[0]);
        if (dup2(fd[1], STDOUT_FILENO) == -1)
            die_errno("dup2");
        close(fd[1]);
        experiment(flush_first);
    }
    close(fd[1]);
    char out[256] = "";
    size_t got = 0;
    ssize_t n;                     /* read until the end: it may come in pieces */
    while ((n = read(fd[0], out + got, sizeof out - 1 - got)) > 0)
        got += (size_t)n;
    close(fd[0]);
    if (n == -1 || waitpid(pid, NULL, 0) == -1)
        die_errno("capture");
    out[got] = '\0';
    long count = 0;
    for (char *p = out; (p = strstr(p, marker)) != NULL; p++)
        count++;
    printf("%s: '%s' appears %ld %s\n", flush_first ? "with fflush   " : "without fflush",
           marker, count, count == 1 ? "time" : "times");
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
        printf("    | %s\n", line);
    return count;
}

static const char usage[] =
    "\n"
    "Shows output buffered before fork printed twice, and the fix.\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage};
    parse_options(argc, argv, &opt);
    check_long("copies without fflush", 2, run_captured(false));
    check_long("copies with fflush", 1, run_captured(true));
    return check_status();
}
