/*
 * framing.h — whole messages over a byte stream, for the programs of this
 * chapter. A pipe or a socket carries bytes, not messages: one write may
 * arrive as several reads, and several writes as one read. So each message
 * travels as a length (a 4-byte header) followed by exactly that many bytes.
 */
#ifndef FRAMING_H
#define FRAMING_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_MESSAGE (1L << 24)       /* 16 MiB: anything longer is a broken stream */

/* write() may write less than asked: into a pipe with room for only part
 * of the data, or when a signal arrives after some bytes went through. And
 * it may write nothing, failing with EINTR, when a signal arrives first.
 * Loop until all is written. Returns 0, or -1 with errno set (EPIPE: no
 * reader is left; we see it only if SIGPIPE is ignored). */
static inline int write_all(int fd, const void *data, size_t size)
{
    const char *p = data;
    while (size > 0) {
        ssize_t n = write(fd, p, size);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            return -1;
        p += n;
        size -= (size_t)n;
    }
    return 0;
}

/* How often read() returned only part of what was asked for: each time,
 * a program that trusted a single read() would have cut a message. */
static long short_reads;

/* read() returns whatever is there, up to the size asked: loop for the
 * rest. Returns the bytes read: `size`, or less only at end of stream
 * (0 = the stream ended before the first byte). -1 with errno on error. */
static inline ssize_t read_all(int fd, void *data, size_t size)
{
    char *p = data;
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, p + got, size - got);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            return -1;
        if (n == 0)
            break;                   /* end of stream: every write end is closed */
        got += (size_t)n;
        short_reads += got < size;
    }
    return (ssize_t)got;
}

/* One message: its length, then its bytes. */
static inline int send_msg(int fd, const void *data, uint32_t size)
{
    if (write_all(fd, &size, sizeof size) == -1)
        return -1;
    return write_all(fd, data, size);
}

/* Receives one message into a buffer it allocates (the caller frees it).
 * Returns its length; -1 at a clean end of stream (no message started);
 * dies if the stream breaks off inside a message or is garbled. */
static inline long recv_msg(int fd, char **data)
{
    uint32_t size;
    ssize_t got = read_all(fd, &size, sizeof size);
    if (got == -1)
        die_errno("recv_msg: read");
    if (got == 0)
        return -1;
    if (got != (ssize_t)sizeof size || size > MAX_MESSAGE)
        die("recv_msg: broken header (%zd bytes, length %lu)", got, (unsigned long)size);
    *data = malloc(size ? size : 1);
    if (!*data)
        die_errno("malloc");
    if (read_all(fd, *data, size) != (ssize_t)size)
        die("recv_msg: the stream ended inside a message of %lu bytes", (unsigned long)size);
    return (long)size;
}

#endif
