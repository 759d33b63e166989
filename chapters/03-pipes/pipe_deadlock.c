/*
 * pipe_deadlock.c — the full-pipe deadlock: a parent that waits for its
 * child before reading the child's output waits forever once that output
 * no longer fits in the pipe.
 *
 * Python: "joining processes that use queues": a process that has put
 *         data on a Queue does not end until the data is taken, so
 *         join() before get() can hang (seeds A and C; catalog row 18).
 * C:      waitpid before read vs read until EOF, then waitpid; the
 *         pipe's capacity from fcntl(F_GETPIPE_SZ) on Linux.
 *
 * Usage:  pipe_deadlock [-n BYTES]     default: 1048576 (1 MiB)
 * Expect: pipe capacity: 65536 bytes; the child sends 1048576 bytes
 *         wait, then read: child still running after 1.0 s, blocked in
 *                          write(): a deadlock (we read to break it)
 *         read, then wait: 1048576 bytes read, then the child exited 0
 * See also: framed_stream.c (reading to the end of a stream).
 * Try:    -n 1000: small output fits in the pipe, and waiting first works,
 *         which is why this bug hides until the data grows.
 * Look for: wait-then-read stuck while read-then-wait just works.
 */
#define _GNU_SOURCE                /* F_GETPIPE_SZ, a Linux fcntl */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>

#include "common.h"
#include "framing.h"

#define PATIENCE_MS 1000           /* a child still running by then is stuck */

static long pipe_capacity(int fd)
{
#ifdef F_GETPIPE_SZ
    long size = fcntl(fd, F_GETPIPE_SZ);
    if (size == -1)
        die_errno("fcntl(F_GETPIPE_SZ)");
    return size;
#else
    (void)fd;
    return 65536;                  /* typical; this system cannot tell us */
#endif
}

/* Starts a child that writes `bytes` bytes into a new pipe and exits. */
static pid_t start_writer(long bytes, int *read_end)
{
    int fd[2];
    if (pipe(fd) == -1)
        die_errno("pipe");
    fflush(stdout);                /* or the child prints our buffer again */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        close(fd[0]);
        char chunk[4096] = {0};
        for (long left = bytes; left > 0; left -= (long)sizeof chunk)
            if (write_all(fd[1], chunk, left < (long)sizeof chunk ? (size_t)left : sizeof chunk) == -1)
                die_errno("writer: write");
        _exit(0);
    }
    close(fd[1]);
    *read_end = fd[0];
    return pid;
}

static long read_to_end(int fd)
{
    char chunk[4096];
    long total = 0;
    ssize_t n;
    while ((n = read_all(fd, chunk, sizeof chunk)) > 0)
        total += n;
    if (n == -1)
        die_errno("read");
    return total;
}

/* Reaps `pid`; true if it exited with status 0. */
static bool reap(pid_t pid)
{
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die_errno("waitpid");
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The wrong order. Returns true if the child was stuck: it can finish only
 * once we read, and we read only once it has finished. */
static bool wait_then_read(long bytes)
{
    int fd;
    pid_t pid = start_writer(bytes, &fd);
    bool stuck = true;
    for (long waited = 0; waited < PATIENCE_MS && stuck; waited += 10) {
        pid_t done = waitpid(pid, NULL, WNOHANG);    /* waitpid(pid, ..., 0) would hang */
        if (done == -1)
            die_errno("waitpid");
        stuck = done == 0;
        if (stuck)
            sleep_ms(10);
    }
    if (stuck)
        printf("wait, then read: child still running after %.1f s, blocked in\n"
               "                 write(): a deadlock (we read to break it)\n", PATIENCE_MS / 1000.0);
    else
        printf("wait, then read: the child exited: all its output fitted in the pipe\n");
    read_to_end(fd);               /* unblocks the child, if it was stuck */
    close(fd);
    if (stuck)
        reap(pid);
    return stuck;
}

/* The right order: read until EOF (the child's exit closes its end), then
 * reap. Returns the bytes read. */
static long read_then_wait(long bytes, bool *exited_ok)
{
    int fd;
    pid_t pid = start_writer(bytes, &fd);
    long got = read_to_end(fd);
    close(fd);
    *exited_ok = reap(pid);
    printf("read, then wait: %ld bytes read, then the child exited %s\n", got,
           *exited_ok ? "0" : "with an error");
    return got;
}

static const char usage[] =
    "[-n BYTES]\n"
    "Shows why a parent must read its child's output before waiting for it.\n"
    "  -n BYTES  how much the child writes (0-100000000, default 1048576)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = 1048576, .min_size = 0,
                          .max_size = 100000000};
    parse_options(argc, argv, &opt);
    int probe[2];
    if (pipe(probe) == -1)
        die_errno("pipe");
    long capacity = pipe_capacity(probe[0]);
    close(probe[0]);
    close(probe[1]);
    printf("pipe capacity: %ld bytes; the child sends %ld bytes\n", capacity, opt.size);

    bool stuck = wait_then_read(opt.size), exited_ok;
    long got = read_then_wait(opt.size, &exited_ok);
    check_long("deadlock when the output exceeds the pipe", opt.size > capacity, stuck);
    check_long("bytes read, reading first", opt.size, got);
    check_long("child exit status, reading first", 1, exited_ok);
    return check_status();
}
