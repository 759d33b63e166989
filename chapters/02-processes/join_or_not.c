/*
 * join_or_not.c — what join changes: the order in which parent and child
 * finish.
 *
 * Python: p.start(); p.join() vs p.start() alone (seed E joining.py;
 *         catalog row 7).
 * C:      waitpid right after fork, or only at the very end.
 *
 * Usage:  join_or_not [-J] [-n MS]     defaults: join, child sleeps 500 ms
 * Expect: starting main / starting fun / finishing fun / finishing main;
 *         with -J, "finishing main" comes before "finishing fun" (and may
 *         come before "starting fun"); the parent still reaps the child.
 * See also: join_all_vs_each.c.
 * Try:    -J and compare the order of the last two lines.
 * Look for: "finishing main" before "finishing fun" only with -J.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

static void fun(long ms)
{
    printf("[child %ld] starting fun\n", (long)getpid());
    fflush(stdout);
    sleep_ms(ms);
    printf("[child %ld] finishing fun\n", (long)getpid());
    fflush(stdout);
}

static bool join_it = true;

static void on_no_join(int letter, const char *value)
{
    (void)letter;
    (void)value;
    join_it = false;
}

static const char usage[] =
    "[-J] [-n MS]\n"
    "Starts a child that sleeps, and joins it at once (or, with -J, not).\n"
    "  -J     do not join: main's own code finishes first\n"
    "  -n MS  how long the child sleeps (100-5000, default 500)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = 500, .min_size = 100, .max_size = 5000,
                          .extra_options = "J", .on_extra = on_no_join};
    parse_options(argc, argv, &opt);
    double start = now_seconds();
    printf("[main %ld] starting main\n", (long)getpid());
    fflush(stdout);                /* or the child inherits and repeats our buffer */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        fun(opt.size);
        _exit(0);
    }
    if (join_it && waitpid(pid, NULL, 0) == -1)
        die_errno("waitpid");
    double finished = now_seconds() - start;
    printf("[main %ld] finishing main\n", (long)getpid());
    fflush(stdout);

    /* Python joins every non-daemon child when the main program ends. C
     * does nothing of the kind: without this wait the child would be an
     * orphan, adopted by init, still running after we are gone. */
    if (!join_it && waitpid(pid, NULL, 0) == -1)
        die_errno("waitpid");
    printf("main finished %s the child (%.2f s after start)\n",
           finished * 1000 >= (double)opt.size ? "after" : "before", finished);
    check_long("main finished after the child", join_it, finished * 1000 >= (double)opt.size);
    return check_status();
}
