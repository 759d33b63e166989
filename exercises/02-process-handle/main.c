/*
 * main.c — the driver of exercise 02-process-handle. DO NOT EDIT: your
 * work goes in task.c. Runs three children through your is_alive, join
 * with a timeout and exitcode, and says what each call answered.
 *
 * Usage: program [-n CODE]     the exit code of the first child (0-255)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

static void start(struct proc *p, long sleep_for_ms, int code)
{
    *p = (struct proc){0};
    fflush(stdout);
    p->pid = fork();
    if (p->pid == -1)
        die_errno("fork");
    if (p->pid == 0) {
        sleep_ms(sleep_for_ms);
        _exit(code);
    }
}

/* Waits until the child has ended but leaves it unreaped (WNOWAIT): a
 * zombie, for your proc_is_alive() to tell apart from a running child. */
static void wait_until_ended(const struct proc *p)
{
    siginfo_t info;
    while (waitid(P_PID, (id_t)p->pid, &info, WEXITED | WNOWAIT) == -1)
        if (errno != EINTR)
            die_errno("waitid");
}

static void say(const char *what, long got, long expected)
{
    printf("%-40s %ld\n", what, got);
    check_long(what, expected, got);
}

static const char usage[] =
    "[-n CODE]\n"
    "Drives your process handle through three children.\n"
    "  -n CODE  the exit code of the quick child (0-255, default 7)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = 7, .min_size = 0, .max_size = 255};
    parse_options(argc, argv, &opt);
    struct proc quick, slow, killed;

    start(&quick, 50, (int)opt.size);        /* ends by itself after 50 ms */
    say("quick: alive just after start", proc_is_alive(&quick), 1);
    say("quick: exitcode while running", proc_exitcode(&quick), STILL_RUNNING);
    wait_until_ended(&quick);                /* it has ended: a zombie now */
    say("quick: alive once it has ended", proc_is_alive(&quick), 0);
    say("quick: join(1000) returned", proc_join(&quick, 1000), 1);
    say("quick: exitcode", proc_exitcode(&quick), opt.size);

    start(&slow, 5000, 0);                   /* would run 5 s */
    double t = now_seconds();
    say("slow: join(200) returned", proc_join(&slow, 200), 0);
    say("slow: join(200) took at least 150 ms", now_seconds() - t >= 0.15, 1);
    say("slow: join(200) took less than 2 s", now_seconds() - t < 2, 1);
    say("slow: alive after the timeout", proc_is_alive(&slow), 1);
    kill(slow.pid, SIGTERM);
    say("slow: join() after SIGTERM returned", proc_join(&slow, -1), 1);
    say("slow: exitcode", proc_exitcode(&slow), -SIGTERM);

    start(&killed, 5000, 0);
    kill(killed.pid, SIGKILL);
    say("killed: join(2000) returned", proc_join(&killed, 2000), 1);
    say("killed: alive after join", proc_is_alive(&killed), 0);
    say("killed: exitcode", proc_exitcode(&killed), -SIGKILL);
    return check_status();
}
