/*
 * main.c — the driver of exercise 03-framing. DO NOT EDIT: your work goes
 * in task.c. A child sends framed messages through a pipe, some far larger
 * than the pipe; the parent receives them with your receive_message(),
 * while a timer interrupts it with a signal every millisecond.
 *
 * Usage: program [-n MESSAGES] [-s MAX_BYTES] [-t]
 *   -t  the sender stops half-way through its last message
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

static long max_bytes = 200000;
static bool truncate_last;

static uint32_t length_of(long i)
{
    return (uint32_t)(((unsigned long)i * 2654435761UL >> 8) % (unsigned long)(max_bytes + 1));
}

static void fill(char *buf, long i, uint32_t length)
{
    for (uint32_t j = 0; j < length; j++)
        buf[j] = (char)(i * 7 + j);
}

static void put(int fd, const void *data, size_t size)
{
    const char *p = data;
    while (size > 0) {
        ssize_t n = write(fd, p, size);
        if (n == -1)
            die_errno("sender: write");
        p += n;
        size -= (size_t)n;
    }
}

static void sender(int fd, long messages)
{
    char *buf = malloc((size_t)max_bytes + 1);
    if (!buf)
        die_errno("malloc");
    for (long i = 0; i < messages; i++) {
        uint32_t length = length_of(i);
        fill(buf, i, length);
        put(fd, &length, sizeof length);
        bool last = i == messages - 1;
        put(fd, buf, truncate_last && last ? length / 2 : length);
    }
    _exit(0);
}

static void on_tick(int sig)
{
    (void)sig;                  /* its only effect: interrupting read() */
}

/* A signal every millisecond, without SA_RESTART: a read() that is waiting
 * when it comes fails with EINTR. */
static void start_ticking(void)
{
    struct sigaction sa = {.sa_handler = on_tick};
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGALRM, &sa, NULL) == -1)
        die_errno("sigaction");
    struct itimerval every_ms = {{0, 1000}, {0, 1000}};
    if (setitimer(ITIMER_REAL, &every_ms, NULL) == -1)
        die_errno("setitimer");
}

static void on_option(int letter, const char *value)
{
    if (letter == 't')
        truncate_last = true;
    else
        max_bytes = parse_long(value, 0, 1000000, "message size (-s)");
}

static const char usage[] =
    "[-n MESSAGES] [-s MAX_BYTES] [-t]\n"
    "Receives framed messages from a child with your receive_message().\n"
    "  -n MESSAGES   messages (1-100000, default 200)\n"
    "  -s MAX_BYTES  largest message (0-1000000, default 200000)\n"
    "  -t            the sender stops half-way through its last message\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = 200, .min_size = 1, .max_size = 100000,
                          .extra_options = "s:t", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    int fd[2];
    if (pipe(fd) == -1)
        die_errno("pipe");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        close(fd[0]);
        sender(fd[1], opt.size);
    }
    close(fd[1]);
    start_ticking();

    char *buf = malloc((size_t)max_bytes + 1), *want = malloc((size_t)max_bytes + 1);
    if (!buf || !want)
        die_errno("malloc");
    long whole = 0, got;
    while ((got = receive_message(fd[0], buf, (size_t)max_bytes + 1)) >= 0) {
        fill(want, whole, length_of(whole));
        if (got != (long)length_of(whole) || memcmp(buf, want, (size_t)got) != 0)
            break;
        whole++;
    }
    struct itimerval stop = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &stop, NULL);
    close(fd[0]);
    free(buf);
    free(want);
    if (waitpid(pid, NULL, 0) == -1)
        die_errno("waitpid");

    const char *end = got == END_OF_STREAM ? "clean" : got == BROKEN_STREAM ? "broken" : "wrong message";
    printf("messages whole: %ld of %ld\nend: %s\n", whole, opt.size, end);
    check_long("messages whole", truncate_last ? opt.size - 1 : opt.size, whole);
    check_long("end reported as broken", truncate_last, got == BROKEN_STREAM);
    check_long("end reported as clean", !truncate_last, got == END_OF_STREAM);
    return check_status();
}
