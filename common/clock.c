/* clock.c — time and the machine. */
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

double now_seconds(void)
{
    /* CLOCK_MONOTONIC never jumps when the wall clock is set. */
    struct timespec t;
    if (clock_gettime(CLOCK_MONOTONIC, &t) != 0)
        die_errno("clock_gettime");
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void sleep_ms(long ms)
{
    struct timespec left = {ms / 1000, (ms % 1000) * 1000000L};
    /* A signal handler cuts nanosleep short with EINTR; it tells us how
     * much time was left, so sleep again for the rest. */
    while (nanosleep(&left, &left) != 0)
        if (errno != EINTR)
            die_errno("nanosleep");
}

long online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? n : 1;
}
