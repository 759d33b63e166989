/*
 * task.c — exercise 09-whole-lines: YOUR FILE.
 *
 * One log line, appended to a file that other processes append to as
 * well. Today log_line() writes each field with a write() of its own and
 * lets the other processes run in between (sched_yield, as a busy machine
 * would): their fields land inside our line, and the file fills with
 * broken lines, every byte there but in the wrong order.
 *
 * Check your work with:  make check EX=09-whole-lines
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

static void put(int fd, const char *text)
{
    size_t len = strlen(text);
    if (write(fd, text, len) != (ssize_t)len)
        die_errno("write");
    sched_yield();                 /* another process may write now */
}

void log_line(int fd, const char *name, const char *level, const char *message)
{
    /* TODO 1: one write() is one piece in an O_APPEND file: the kernel
     *         puts it at the end in one step, and no other write lands
     *         inside it. Six write()s are six pieces, with room between
     *         them for everyone else's. Build the whole line first, in one
     *         buffer (snprintf), then write it with ONE write().
     * TODO 2: check what snprintf returns: a line longer than the buffer
     *         comes back cut, and its length is then not what was
     *         stored. Stop with die() rather than write half a line.
     * TODO 3: the time stays as it is: "%03ld" keeps the milliseconds at
     *         three digits (.005, not .5).
     * TODO 4: put() and its sched_yield() have no use left: delete them. */
    struct timespec now;
    struct tm local;
    char stamp[32], field[64];
    if (clock_gettime(CLOCK_REALTIME, &now) != 0 || !localtime_r(&now.tv_sec, &local))
        die_errno("clock_gettime");
    size_t len = strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
    snprintf(stamp + len, sizeof stamp - len, ".%03ld", now.tv_nsec / 1000000);
    put(fd, stamp);
    snprintf(field, sizeof field, " [%s", name);
    put(fd, field);
    snprintf(field, sizeof field, " %ld]", (long)getpid());
    put(fd, field);
    snprintf(field, sizeof field, " %s ", level);
    put(fd, field);
    put(fd, message);
    put(fd, "\n");
}
