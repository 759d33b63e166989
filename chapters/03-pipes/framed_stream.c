/*
 * framed_stream.c — a stream of messages through a pipe, each framed by its
 * length, read until the end of the stream.
 *
 * Python: conn.send() in a loop, conn.recv() until EOFError (seed C
 *         sender/receiver; catalog row 18).
 * C:      pipe, fork; send_msg/recv_msg of framing.h (write_all/read_all:
 *         partial writes and reads, EINTR); close of every unused end.
 *
 * Usage:  framed_stream [-n MESSAGES] [-s MAX_BYTES] [-k]
 *         defaults: -n 3000 messages of 0 to 200000 bytes (-s)
 * Expect: every message whole, then the end of the stream:
 *           messages received: 3000 of 3000, 299855711 bytes in 0.646 s
 *           short reads: 3137 (a single read() would have cut a message)
 *           end of stream: yes
 *         with -k the parent keeps its write end, and the end never comes:
 *           end of stream: no (no data for 1 s: a write end is still open)
 * See also: framing.h (the framing itself), send_structs.c.
 * Try:    -s 100 (small messages: do short reads still happen?); -k.
 * Look for: many short reads, yet every message whole; then -k hanging.
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "common.h"
#include "framing.h"

#define DEFAULT_MESSAGES 3000L
#define DEFAULT_MAX_BYTES 200000L
#define HANG_MS 1000               /* with -k: how long we wait for data */

/* Message i: a length and bytes that both sides can work out from i. */
static uint32_t message_length(long i, long max_bytes)
{
    unsigned long x = (unsigned long)i * 2654435761UL;   /* Knuth's hash */
    return (uint32_t)((x >> 8) % (unsigned long)(max_bytes + 1));
}

static void fill_message(char *buf, long i, uint32_t length)
{
    for (uint32_t j = 0; j < length; j++)
        buf[j] = (char)(i + j);
}

static void sender(int to_receiver, long messages, long max_bytes)
{
    char *buf = malloc((size_t)max_bytes + 1);
    if (!buf)
        die_errno("malloc");
    for (long i = 0; i < messages; i++) {
        uint32_t length = message_length(i, max_bytes);
        fill_message(buf, i, length);
        if (send_msg(to_receiver, buf, length) == -1)
            die_errno("sender: write");
    }
    free(buf);
    close(to_receiver);            /* our end of the stream */
    _exit(0);
}

/* Counts the messages that arrive whole and as sent, until the end of the
 * stream (*ended = true) or, when patience_ms >= 0, until no data came for
 * that long (*ended = false). */
static long receive_all(int from_sender, long max_bytes, long *bytes, bool *ended,
                        int patience_ms)
{
    char *expected = malloc((size_t)max_bytes + 1), *got;
    if (!expected)
        die_errno("malloc");
    struct pollfd p = {.fd = from_sender, .events = POLLIN};
    long count = 0;
    *bytes = 0;
    for (;;) {
        int ready = poll(&p, 1, patience_ms);   /* the end of stream counts as ready */
        if (ready == -1 && errno == EINTR)
            continue;
        if (ready == -1)
            die_errno("poll");
        if (ready == 0) {
            *ended = false;        /* nothing for patience_ms: we gave up */
            break;
        }
        long length = recv_msg(from_sender, &got);
        if (length == -1) {
            *ended = true;         /* every write end is closed */
            break;
        }
        uint32_t want = message_length(count, max_bytes);
        fill_message(expected, count, want);
        if (length == (long)want && memcmp(got, expected, want) == 0)
            count++;
        else
            printf("message %ld: %ld bytes, not as sent\n", count, length);
        *bytes += length;
        free(got);
    }
    free(expected);
    return count;
}

static long max_bytes = DEFAULT_MAX_BYTES;
static bool keep_write_end;

static void on_option(int letter, const char *value)
{
    if (letter == 'k')
        keep_write_end = true;
    else
        max_bytes = parse_long(value, 0, 1000000, "message size (-s)");
}

static const char usage[] =
    "[-n MESSAGES] [-s MAX_BYTES] [-k]\n"
    "Sends length-prefixed messages through a pipe, reads them to the end.\n"
    "  -n MESSAGES   messages to send (0-1000000, default 3000)\n"
    "  -s MAX_BYTES  largest message (0-1000000, default 200000)\n"
    "  -k            the parent keeps its write end open: no end of stream\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = DEFAULT_MESSAGES, .min_size = 0,
                          .max_size = 1000000, .extra_options = "s:k",
                          .on_extra = on_option};
    parse_options(argc, argv, &opt);
    int fd[2];
    if (pipe(fd) == -1)
        die_errno("pipe");
    fflush(stdout);                /* or the child prints our buffer again */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        close(fd[0]);              /* the sender only writes */
        sender(fd[1], opt.size, max_bytes);
    }
    if (!keep_write_end)
        close(fd[1]);              /* else we hold a write end: no EOF, ever */

    long bytes;
    bool ended;
    double start = now_seconds();
    long count = receive_all(fd[0], max_bytes, &bytes, &ended, keep_write_end ? HANG_MS : -1);
    double seconds = now_seconds() - start;
    close(fd[0]);
    if (keep_write_end)
        close(fd[1]);
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die_errno("waitpid");

    printf("messages received: %ld of %ld, %ld bytes in %.3f s\n", count, opt.size, bytes, seconds);
    printf("short reads: %ld (a single read() would have cut a message)\n", short_reads);
    printf("end of stream: %s\n", ended ? "yes" : "no (no data for 1 s: a write end is still open)");
    check_long("messages whole and in order", opt.size, count);
    check_long("sender exit status", 0, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    check_long("end of stream seen", !keep_write_end, ended);
    return check_status();
}
