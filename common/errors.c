/* errors.c — how a program of the suite reports a failure and stops. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static const char *name = "program";
static pid_t main_pid;

void set_program_name(const char *argv0)
{
    const char *slash = strrchr(argv0, '/');
    name = slash ? slash + 1 : argv0;
    main_pid = getpid();
}

const char *program_name(void)
{
    return name;
}

/* Prints "prog: message[: reason]" after flushing what stdout still holds,
 * so the two streams appear in the order they were written. */
static void report_failure(const char *fmt, va_list ap, const char *reason)
{
    fflush(stdout);
    fprintf(stderr, "%s: ", name);
    vfprintf(stderr, fmt, ap);
    if (reason)
        fprintf(stderr, ": %s", reason);
    fputc('\n', stderr);
}

/* A forked child must not run exit(): that would run the parent's atexit
 * handlers and flush stdio buffers it inherited a second time. */
static noreturn void stop(int status)
{
    if (main_pid != 0 && getpid() != main_pid)
        _exit(status);
    exit(status);
}

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_failure(fmt, ap, NULL);
    va_end(ap);
    stop(EXIT_FAILURE);
}

void die_errno(const char *fmt, ...)
{
    const char *reason = strerror(errno);   /* before anything can change errno */
    va_list ap;
    va_start(ap, fmt);
    report_failure(fmt, ap, reason);
    va_end(ap);
    stop(EXIT_FAILURE);
}

void die_code(int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_failure(fmt, ap, strerror(err));
    va_end(ap);
    stop(EXIT_FAILURE);
}

void usage_error(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "%s: ", name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (try '%s -h')\n", name);
    stop(2);
}
