/*
 * task.c — exercise 06-get-timeout: a reference solution.
 *
 * Three traps, each one a mode of the check:
 * - The deadline is fixed once, at the start. Each poll() waits for what
 *   is left of it. Passing `ms` to poll() again after EINTR, or after a
 *   piece of the reply, starts the wait over: with a signal every 5 ms, or
 *   a byte every 100 ms, a get(200) would never time out.
 * - Bytes read belong to the handle, not to this call. A timeout can fall
 *   between two pieces of a reply; the bytes already read are out of the
 *   pipe and exist nowhere else. The next get carries on from them.
 * - read() returning 0 is the end of the pipe: the worker is gone, and no
 *   more bytes will ever come. poll() keeps saying "readable" then (POLLHUP),
 *   so a loop that ignores it spins until its deadline, or for ever.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

/* What is left until `deadline` (seconds, monotonic), in whole
 * milliseconds rounded up, as poll() takes it; -1 (no limit) for none. */
static int ms_left(double deadline)
{
    if (deadline < 0)
        return -1;
    double left = (deadline - now_seconds()) * 1000;
    if (left <= 0)
        return 0;                  /* one last look, without waiting */
    return left < INT_MAX ? (int)left + 1 : INT_MAX;
}

enum get_status result_get(struct async_result *r, long *value, long ms)
{
    const double deadline = ms < 0 ? -1 : now_seconds() + (double)ms / 1000;
    while (r->have < sizeof r->bytes) {
        struct pollfd p = {.fd = r->fd, .events = POLLIN};
        int ready = poll(&p, 1, ms_left(deadline));
        if (ready == -1 && errno == EINTR)
            continue;              /* the time left is worked out again */
        if (ready == -1)
            die_errno("poll");
        if (ready == 0)
            return GET_TIMEOUT;    /* what was read stays in r for the next get */
        /* POLLIN, or POLLHUP at the end of the pipe: either way, read says. */
        ssize_t n = read(r->fd, r->bytes + r->have, sizeof r->bytes - r->have);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die_errno("read");
        if (n == 0)
            return GET_LOST;
        r->have += (size_t)n;
    }
    /* A whole reply, now or from an earlier get: the handle remembers. */
    memcpy(value, r->bytes, sizeof *value);
    return GET_READY;
}
