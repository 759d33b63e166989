/*
 * task.c — exercise 09-whole-lines: a reference solution.
 *
 * The traps:
 * - A line written in pieces is not a line. O_APPEND makes each write()
 *   land at the end of the file in one step, but only each write():
 *   between two of them every other process may append its own. The
 *   whole line goes out in one call.
 * - stdio does not fix it. fprintf on a FILE from fdopen buffers 4096
 *   bytes and flushes them whenever the buffer fills, in the middle of a
 *   line; setvbuf(_IOLBF) flushes at the newline, but a line longer than
 *   the buffer still leaves in two writes. A buffer of our own, written
 *   by us, is the one sure way.
 * - snprintf returns the length the line would have had. A result not
 *   below the buffer's size means the line was cut: stop, do not write a
 *   line without its newline (the next one would run into it).
 * - Do not loop on a short write: the second write would be a second
 *   piece. To a regular file a write is short only when the disk is full.
 * - ".%03ld": milliseconds of 5 print as .005, not .5.
 * - Atomic across processes holds here for a regular file opened with
 *   O_APPEND (Linux takes the file's lock for the whole write). Into a
 *   pipe, only writes of up to PIPE_BUF bytes are promised whole.
 */
#include <stdio.h>
#include <time.h>
#include <sys/types.h>             /* ssize_t */
#include <unistd.h>

#include "common.h"
#include "task.h"

#define LINE_MAX_BYTES 512

void log_line(int fd, const char *name, const char *level, const char *message)
{
    struct timespec now;
    struct tm local;
    if (clock_gettime(CLOCK_REALTIME, &now) != 0 || localtime_r(&now.tv_sec, &local) == NULL)
        die_errno("clock_gettime");

    char line[LINE_MAX_BYTES];
    size_t at = strftime(line, sizeof line, "%Y-%m-%d %H:%M:%S", &local);
    if (at == 0)
        die("strftime: no room for the time");
    int rest = snprintf(line + at, sizeof line - at, ".%03ld [%s %ld] %s %s\n",
                        now.tv_nsec / 1000000, name, (long)getpid(), level, message);
    if (rest < 0 || (size_t)rest >= sizeof line - at)
        die("log_line: a line longer than %d bytes", LINE_MAX_BYTES - 1);

    size_t length = at + (size_t)rest;
    ssize_t written = write(fd, line, length);     /* the one write: the whole line */
    if (written == -1)
        die_errno("write");
    if ((size_t)written != length)
        die("write: %zd of %zu bytes of a line", written, length);
}
