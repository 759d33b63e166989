/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

#include <stddef.h>
#include <sys/types.h>

/* Reads exactly `size` bytes from fd into buf, unless the stream ends
 * first. Returns the number of bytes read: `size`, or fewer only at the
 * end of the stream. Returns -1 on an error other than EINTR. */
ssize_t read_fully(int fd, void *buf, size_t size);

/* Receives one message: a 4-byte length (a uint32_t, as the sender's
 * machine stores it), then that many bytes, into buf (room for `room`).
 * Returns the message's length; END_OF_STREAM if the stream ended before
 * the message began; BROKEN_STREAM if it ended inside the message, failed,
 * or announced more than `room` bytes. */
#define END_OF_STREAM (-1L)
#define BROKEN_STREAM (-2L)
long receive_message(int fd, char *buf, size_t room);

#endif
