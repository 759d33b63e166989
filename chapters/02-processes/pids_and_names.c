/*
 * pids_and_names.c — each process's pid and its parent's pid, and names:
 * one the program keeps for each child, and one the kernel shows in ps.
 *
 * Python: os.getpid(), os.getppid() (seed E process_id.py); Process(name=
 *         'worker 1') and the default names Process-1, Process-2, ... (seed
 *         E naming_workers.py; catalog rows 10, 11).
 * C:      getpid, getppid; prctl(PR_SET_NAME) on Linux, read back from
 *         /proc/PID/comm, which is what ps and top print.
 *
 * Usage:  pids_and_names [-j CHILDREN]     default: 3 children
 * Expect: [main] pid 4242
 *         [Process-1 4243] parent pid 4242, kernel name Process-1
 *         [service 4244] parent pid 4242, kernel name service
 *         ... and the parent reads each child's name the way ps would:
 *         ps would show 4243 as: Process-1
 * See also: process_struct.c.
 * Try:    while it runs, `ps -o pid,ppid,comm` in another terminal (use
 *         -j 3 and add a sleep in child() to have time).
 * Look for: every child's parent pid equal to main's pid, and its name in ps.
 */
#define _GNU_SOURCE                /* prctl(PR_SET_NAME) is Linux's */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "common.h"

#define MAX_CHILDREN 32L
#define NAME_SIZE 32               /* the kernel keeps only the first 15 characters */

struct child {
    char name[NAME_SIZE];          /* the name this program keeps for it */
    pid_t pid;
    int ready[2];                  /* the child writes a byte once it is named */
    int done[2];                   /* closed by the parent: the child may exit */
};

static void set_kernel_name(const char *name)
{
#ifdef __linux__
    if (prctl(PR_SET_NAME, name) == -1)
        die_errno("prctl(PR_SET_NAME)");
#else
    (void)name;                    /* elsewhere ps shows the program's name */
#endif
}

/* The child: names itself, reports, tells the parent it is ready, and
 * waits for the parent's word (the end of the `done` pipe) to exit. */
static void child(struct child *c, pid_t parent)
{
    set_kernel_name(c->name);
    printf("[%s %ld] parent pid %ld\n", c->name, (long)getpid(), (long)getppid());
    fflush(stdout);
    close(c->ready[0]);
    close(c->done[1]);
    if (write(c->ready[1], "!", 1) != 1)
        die_errno("write");
    char byte;
    while (read(c->done[0], &byte, 1) == -1 && errno == EINTR)
        ;
    _exit(getppid() == parent ? 0 : 1);
}

/* What ps would print as the child's command name. */
static void kernel_name_of(pid_t pid, char *name, size_t size)
{
    snprintf(name, size, "(unknown here)");
#ifdef __linux__
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/comm", (long)pid);
    FILE *f = fopen(path, "r");    /* if we cannot, the check will say so */
    if (f) {
        if (fgets(name, (int)size, f))
            name[strcspn(name, "\n")] = '\0';
        fclose(f);
    }
#else
    (void)pid;
#endif
}

/* Starts c[i]. The child closes the ends it inherited from the children
 * started before it: a stray copy of a sibling's done[1] would keep that
 * sibling waiting for an end of file that never comes (chapter 03). */
static void start(struct child c[], long i)
{
    if (pipe(c[i].ready) == -1 || pipe(c[i].done) == -1)
        die_errno("pipe");
    pid_t parent = getpid();
    fflush(stdout);                /* or the child inherits and repeats our buffer */
    c[i].pid = fork();
    if (c[i].pid == -1)
        die_errno("fork");
    if (c[i].pid == 0) {
        for (long j = 0; j < i; j++) {
            close(c[j].ready[0]);
            close(c[j].done[1]);
        }
        child(&c[i], parent);
    }
    close(c[i].ready[1]);
    close(c[i].done[0]);
}

static const char usage[] =
    "[-j CHILDREN]\n"
    "Starts named children; each prints its pid and its parent's pid.\n"
    "  -j CHILDREN  (1-32, default 3); the second one is named 'service'\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 3, .max_workers = MAX_CHILDREN};
    parse_options(argc, argv, &opt);
    printf("[main] pid %ld\n", (long)getpid());
    struct child c[MAX_CHILDREN] = {0};
    long named_in_ps = 0, exited_0 = 0;
    for (long i = 0; i < opt.workers; i++) {
        /* Python's default name, Process-N; the second child gets its own */
        if (i == 1)
            snprintf(c[i].name, NAME_SIZE, "service");
        else
            snprintf(c[i].name, NAME_SIZE, "Process-%ld", i + 1);
        start(c, i);
    }
    for (long i = 0; i < opt.workers; i++) {
        char byte, seen[64];
        if (read(c[i].ready[0], &byte, 1) != 1)      /* it has named itself */
            die("child %ld did not start", i + 1);
        kernel_name_of(c[i].pid, seen, sizeof seen);
        printf("ps would show %ld as: %s\n", (long)c[i].pid, seen);
        named_in_ps += strcmp(seen, c[i].name) == 0;
        close(c[i].ready[0]);
        close(c[i].done[1]);       /* now it may exit */
    }
    for (long i = 0; i < opt.workers; i++) {
        int status;
        if (waitpid(c[i].pid, &status, 0) == -1)
            die_errno("waitpid");
        exited_0 += WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    check_long("children whose parent pid was main's", opt.workers, exited_0);
#ifdef __linux__
    check_long("children with their name in ps", opt.workers, named_in_ps);
#endif
    return check_status();
}
