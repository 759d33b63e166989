/*
 * process_struct.c — Python's "subclass Process and override run()", in C:
 * a struct with a run function pointer, embedded as the first member of
 * each kind of worker, and two small functions to start and join one.
 *
 * Python: class Worker(Process): def run(self): ... (seeds A and E,
 *         "subclassing Process"; catalog row 12).
 * C:      struct process { run, name, pid }; a worker struct that begins
 *         with one; process_start (fork, call run, _exit with its result)
 *         and process_join (waitpid, the exit code).
 *
 * Usage:  process_struct [-n COUNT]     default: count down from 5
 * Expect: [countdown 4243] 5 4 3 2 1 liftoff
 *         [greeter 4244] hello, Ada
 *         countdown exit code: 5 (its count), greeter exit code: 0
 * See also: create_and_join.c (the same without the struct).
 * Try:    add a third kind of process: a struct, a run function, nothing
 *         else to change.
 * Look for: two kinds of process started and joined by the same two calls.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

/* The "base class". run() executes in the child; its return value becomes
 * the child's exit code, which process_join() hands back to the parent. */
struct process {
    const char *name;
    int (*run)(struct process *self);
    pid_t pid;
};

static void process_start(struct process *p)
{
    fflush(stdout);                /* or the child inherits and repeats our buffer */
    p->pid = fork();
    if (p->pid == -1)
        die_errno("fork");
    if (p->pid == 0) {
        int code = p->run(p);
        fflush(stdout);            /* _exit does not flush stdio */
        _exit(code);
    }
}

/* Returns the exit code, or minus the signal that killed it, as Python. */
static int process_join(struct process *p)
{
    int status;
    if (waitpid(p->pid, &status, 0) == -1)
        die_errno("waitpid");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

/* ---- two "subclasses": each begins with a struct process, so a pointer
 * to one is also a pointer to its base (C guarantees the first member
 * sits at the start of the struct). */

struct countdown {
    struct process base;
    long from;
};

static int countdown_run(struct process *self)
{
    struct countdown *c = (struct countdown *)self;
    printf("[%s %ld]", self->name, (long)getpid());
    for (long i = c->from; i > 0; i--)
        printf(" %ld", i);
    printf(" liftoff\n");
    return (int)c->from;
}

struct greeter {
    struct process base;
    const char *whom;
};

static int greeter_run(struct process *self)
{
    struct greeter *g = (struct greeter *)self;
    printf("[%s %ld] hello, %s\n", self->name, (long)getpid(), g->whom);
    return 0;
}

static const char usage[] =
    "[-n COUNT]\n"
    "Starts two kinds of process through one small 'process' struct.\n"
    "  -n COUNT  the countdown's start, and its exit code (1-100, default 5)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = 5, .min_size = 1, .max_size = 100};
    parse_options(argc, argv, &opt);
    struct countdown countdown = {{"countdown", countdown_run, 0}, opt.size};
    struct greeter greeter = {{"greeter", greeter_run, 0}, "Ada"};
    struct process *all[] = {&countdown.base, &greeter.base};

    for (int i = 0; i < 2; i++)
        process_start(all[i]);
    int code[2];
    for (int i = 0; i < 2; i++)
        code[i] = process_join(all[i]);
    printf("countdown exit code: %d (its count), greeter exit code: %d\n", code[0], code[1]);
    check_long("countdown exit code", opt.size, code[0]);
    check_long("greeter exit code", 0, code[1]);
    return check_status();
}
