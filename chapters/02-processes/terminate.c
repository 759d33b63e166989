/*
 * terminate.c — stopping a process: SIGTERM, a join with a timeout, and
 * SIGKILL for a process that will not stop; then how each one ended.
 *
 * Python: p.terminate(), p.join(timeout), p.kill(), p.exitcode (negative:
 *         the signal) (seed A "Starting and Stopping"; catalog row 14).
 * C:      kill(pid, SIGTERM); a join with a timeout: on Linux pidfd_open
 *         and poll (the pidfd becomes readable when the process ends),
 *         elsewhere waitpid(WNOHANG) every 10 ms; kill(pid, SIGKILL).
 *
 * Usage:  terminate [-n MS] [-P]     defaults: stop each child after 300 ms
 * Expect: join with a timeout: pidfd_open + poll
 *         obeys SIGTERM    -> ended by signal 15, exitcode -15
 *         cleans up first  -> exited 0 after its clean-up, exitcode 0
 *         ignores SIGTERM  -> still running after the timeout: SIGKILL;
 *                             ended by signal 9, exitcode -9
 * See also: is_alive.c.
 * Try:    -P (the portable way to wait with a timeout); compare the code.
 * Look for: the three endings, each with the exit code Python would report.
 */
#define _GNU_SOURCE                /* syscall(SYS_pidfd_open): Linux 5.3+ */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include "common.h"

#define JOIN_TIMEOUT_MS 500
static bool portable_join;         /* -P: do not use pidfd_open */
static const char *join_method = "waitpid(WNOHANG) every 10 ms";

/* Python's join(timeout): true if the child ended (and is reaped) within
 * `ms`, false if it is still running. */
static bool join_timeout(pid_t pid, int *status, long ms)
{
#if defined(__linux__) && defined(SYS_pidfd_open)
    int pidfd = portable_join ? -1 : (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd != -1) {
        join_method = "pidfd_open + poll";
        struct pollfd p = {.fd = pidfd, .events = POLLIN};
        int ready;
        while ((ready = poll(&p, 1, (int)ms)) == -1 && errno == EINTR)
            ;                      /* a real program would shorten ms here */
        close(pidfd);
        if (ready == -1)
            die_errno("poll");
        if (ready == 0)
            return false;
        if (waitpid(pid, status, 0) == -1)     /* it has ended: no wait now */
            die_errno("waitpid");
        return true;
    }
#endif
    for (long waited = 0;; waited += 10) {     /* the portable way: poll waitpid */
        pid_t done = waitpid(pid, status, WNOHANG);
        if (done == -1)
            die_errno("waitpid");
        if (done == pid)
            return true;
        if (waited >= ms)
            return false;
        sleep_ms(10);
    }
}

static volatile sig_atomic_t asked_to_stop;

static void on_sigterm(int sig)
{
    (void)sig;
    asked_to_stop = 1;             /* only set a flag: the loop does the rest */
}

/* The long task each child runs: up to 20 s of small steps. It tells the
 * parent when its signal handling is in place (one byte on `ready`), so
 * that SIGTERM can never arrive before the child has chosen what to do. */
static void long_task(const char *kind, int ready)
{
    if (strcmp(kind, "ignores SIGTERM") == 0) {
        signal(SIGTERM, SIG_IGN);
    } else if (strcmp(kind, "cleans up first") == 0) {
        struct sigaction sa = {.sa_handler = on_sigterm};
        sigemptyset(&sa.sa_mask);
        if (sigaction(SIGTERM, &sa, NULL) == -1)
            die_errno("sigaction");
    }
    if (write(ready, "!", 1) != 1)
        die_errno("write");
    close(ready);
    for (int step = 0; step < 2000 && !asked_to_stop; step++)
        sleep_ms(10);
    _exit(0);                      /* reached only by "cleans up first" */
}

/* Starts a child running long_task(kind), stops it, and returns Python's
 * exitcode for it: the exit status, or minus the signal that ended it. */
static int run_and_stop(const char *kind, long after_ms)
{
    int ready[2];
    if (pipe(ready) == -1)
        die_errno("pipe");
    fflush(stdout);                /* or the child inherits and repeats our buffer */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        close(ready[0]);
        long_task(kind, ready[1]);
    }
    close(ready[1]);
    char byte;
    if (read(ready[0], &byte, 1) != 1)
        die("the child did not start");
    close(ready[0]);
    sleep_ms(after_ms);
    if (kill(pid, SIGTERM) == -1)              /* p.terminate() */
        die_errno("kill");
    int status;
    printf("%-16s -> ", kind);
    if (!join_timeout(pid, &status, JOIN_TIMEOUT_MS)) {       /* p.join(0.5) */
        printf("still running after the timeout: SIGKILL;\n%20s", "");
        if (kill(pid, SIGKILL) == -1)          /* p.kill(): cannot be ignored */
            die_errno("kill");
        if (waitpid(pid, &status, 0) == -1)
            die_errno("waitpid");
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    if (WIFSIGNALED(status))
        printf("ended by signal %d, exitcode %d\n", WTERMSIG(status), code);
    else
        printf("exited %d after its clean-up, exitcode %d\n", code, code);
    return code;
}

static void on_portable(int letter, const char *value)
{
    (void)letter;
    (void)value;
    portable_join = true;
}

static const char usage[] =
    "[-n MS] [-P]\n"
    "Stops three children that take SIGTERM three ways, and reports the ends.\n"
    "  -n MS  how long each child runs before SIGTERM (1-2000, default 300)\n"
    "  -P     join with a timeout the portable way, not with pidfd_open\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = 300, .min_size = 1, .max_size = 2000,
                          .extra_options = "P", .on_extra = on_portable};
    parse_options(argc, argv, &opt);
    check_long("obeys SIGTERM: exitcode", -SIGTERM, run_and_stop("obeys SIGTERM", opt.size));
    check_long("cleans up first: exitcode", 0, run_and_stop("cleans up first", opt.size));
    check_long("ignores SIGTERM: exitcode", -SIGKILL, run_and_stop("ignores SIGTERM", opt.size));
    printf("join with a timeout: %s\n", join_method);
    return check_status();
}
