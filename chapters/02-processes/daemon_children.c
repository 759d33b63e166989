/*
 * daemon_children.c — a child that dies with its parent, and one that
 * outlives it: orphaned, then adopted.
 *
 * Python: Process(daemon=True): terminated when the parent exits; a
 *         non-daemon child: the parent waits for it at exit (seed A
 *         "Daemon processes"; catalog row 15).
 * C:      prctl(PR_SET_PDEATHSIG, SIGKILL) on Linux: the kernel kills the
 *         child when its parent dies, however the parent dies. Without it,
 *         a child whose parent dies is an orphan, adopted by init or by the
 *         nearest "child subreaper" (prctl(PR_SET_CHILD_SUBREAPER)).
 *
 * Usage:  daemon_children
 * Expect: parent 4243 started daemon 4244 and plain child 4245, and exits
 *         daemon child:  died with its parent (signal 9)
 *         plain child:   still running, orphaned; its parent is now 4242 (us)
 *         plain child:   told to finish, reaped: exit status 0
 * See also: terminate.c.
 * Try:    remove the prctl(PR_SET_PDEATHSIG) line: the daemon child then
 *         outlives its parent too.
 * Look for: one child gone with its parent, the other adopted by us.
 */
#define _GNU_SOURCE                /* prctl is Linux's */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "common.h"

#ifdef __linux__
/* The daemon child: asks the kernel for SIGKILL when its parent dies, then
 * says it is ready (one byte on `ready`). */
static void daemon_child(pid_t parent, int ready)
{
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
        die_errno("prctl(PR_SET_PDEATHSIG)");
    if (getppid() != parent)       /* the parent died before the prctl: go now */
        _exit(1);
    if (write(ready, "!", 1) != 1)
        die_errno("write");
    sleep_ms(20000);               /* far longer than the demonstration */
    _exit(0);
}

/* The plain child: runs until we close `release`, then exits 0. */
static void plain_child(int release)
{
    char byte;
    while (read(release, &byte, 1) == -1 && errno == EINTR)
        ;
    _exit(0);
}

/* The middle process: starts both children, tells us their pids, exits. */
static void parent(int to_us, int release)
{
    pid_t pids[2], me = getpid();
    int ready[2];
    char byte;
    if (pipe(ready) == -1)
        die_errno("pipe");
    fflush(stdout);                /* empty here, but a copied buffer would print twice */
    pids[0] = fork();
    if (pids[0] == 0)
        daemon_child(me, ready[1]);
    if (pids[0] == -1 || read(ready[0], &byte, 1) != 1)   /* its prctl is done */
        die("the daemon child did not start");
    fflush(stdout);
    pids[1] = fork();
    if (pids[1] == 0)
        plain_child(release);
    if (pids[0] == -1 || pids[1] == -1)
        die_errno("fork");
    if (write(to_us, pids, sizeof pids) != (ssize_t)sizeof pids)
        die_errno("write");
    _exit(0);                      /* without waiting for either child */
}

/* The parent pid of `pid`, from /proc/PID/stat ("pid (name) state ppid"). */
static long parent_of(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;                 /* gone already: the check will say so */
    bool read_it = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    char *close = read_it ? strrchr(line, ')') : NULL;
    return close ? strtol(close + 3, NULL, 10) : -1;
}

/* Starts the middle process (the children's parent), reads the pids of
 * its two children, and waits until it has exited. Returns the write end
 * of the pipe the plain child waits on; closing it lets that child end. */
static int start_family(pid_t kids[2])
{
    int news[2], release[2];
    if (pipe(news) == -1 || pipe(release) == -1)
        die_errno("pipe");
    fflush(stdout);                /* or the child inherits and repeats our buffer */
    pid_t middle = fork();
    if (middle == -1)
        die_errno("fork");
    if (middle == 0) {
        close(news[0]);
        close(release[1]);
        parent(news[1], release[0]);
    }
    close(news[1]);
    close(release[0]);
    if (read(news[0], kids, 2 * sizeof kids[0]) != (ssize_t)(2 * sizeof kids[0]))
        die("the parent did not report its children");
    close(news[0]);
    int status;
    if (waitpid(middle, &status, 0) == -1)     /* the parent has exited */
        die_errno("waitpid");
    printf("parent %ld started daemon %ld and plain child %ld, and exits\n",
           (long)middle, (long)kids[0], (long)kids[1]);
    return release[1];
}

/* The daemon was killed as its parent died; we adopted it and reap it. */
static void reap_daemon(pid_t pid)
{
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die_errno("waitpid");
    int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    printf("daemon child:  died with its parent (signal %d)\n", sig);
    check_long("daemon child's signal", SIGKILL, sig);
}

/* The plain child outlived its parent. We adopted it; we tell it to end
 * and reap it, so that no orphan of ours outlives this program. */
static void finish_plain(pid_t pid, int release)
{
    int status;
    long adopter = parent_of(pid);
    pid_t ended = waitpid(pid, &status, WNOHANG);  /* 0: it still runs */
    if (ended == -1)
        die_errno("waitpid");
    bool running = ended == 0;
    printf("plain child:   %s, orphaned; its parent is now %ld%s\n",
           running ? "still running" : "gone", adopter, adopter == getpid() ? " (us)" : "");
    check_long("plain child still running", 1, running);
    check_long("plain child adopted by us", getpid(), adopter);
    close(release);                /* let it finish, and reap it */
    if (running && waitpid(pid, &status, 0) == -1)
        die_errno("waitpid");
    printf("plain child:   told to finish, reaped: exit status %d\n",
           WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    check_long("plain child's exit status", 0, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(int argc, char *argv[])
{
    struct options opt = {.usage = "\nStarts a daemon child and a plain one, then lets their parent exit.\n"};
    parse_options(argc, argv, &opt);
    /* Orphans below us are adopted by us, not by init: we can watch them
     * and clean up after them (and so can the test that runs us). */
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
        die_errno("prctl(PR_SET_CHILD_SUBREAPER)");
    pid_t kids[2];
    int release = start_family(kids);
    reap_daemon(kids[0]);
    finish_plain(kids[1], release);
    return check_status();
}
#else
int main(int argc, char *argv[])
{
    struct options opt = {.usage = "\nNeeds Linux (prctl).\n"};
    parse_options(argc, argv, &opt);
    printf("This demonstration needs Linux's prctl(PR_SET_PDEATHSIG). Elsewhere a\n"
           "parent must stop its 'daemon' children itself before it exits.\n");
    check_long("nothing to show here", 0, 0);
    return check_status();
}
#endif
