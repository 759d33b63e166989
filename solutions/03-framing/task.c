/*
 * task.c — exercise 03-framing: a reference solution.
 *
 * read_fully loops: a pipe hands out what it holds (at most 64 KiB here),
 * so a large message always takes several reads, and a signal that arrives
 * while read() waits makes it fail with EINTR before it read anything.
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "task.h"

ssize_t read_fully(int fd, void *buf, size_t size)
{
    char *p = buf;
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, p + got, size - got);
        if (n == -1 && errno == EINTR)
            continue;               /* interrupted before any byte: again */
        if (n == -1)
            return -1;
        if (n == 0)
            break;                  /* end of stream: return what we have */
        got += (size_t)n;
    }
    return (ssize_t)got;
}

long receive_message(int fd, char *buf, size_t room)
{
    uint32_t length;
    ssize_t got = read_fully(fd, &length, sizeof length);
    if (got == 0)
        return END_OF_STREAM;       /* the stream ended between messages */
    if (got != (ssize_t)sizeof length || length > room)
        return BROKEN_STREAM;       /* a cut header, an error, or nonsense */
    if (read_fully(fd, buf, length) != (ssize_t)length)
        return BROKEN_STREAM;       /* the stream ended inside the message */
    return (long)length;
}
