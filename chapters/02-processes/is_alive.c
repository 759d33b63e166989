/*
 * is_alive.c — is the child still running? Before start, after start,
 * after it ends, after join; and its exit code.
 *
 * Python: p.is_alive() and p.exitcode (seed E alive.py, seed A "Process
 *         Status"; catalog row 9).
 * C:      waitpid(pid, &status, WNOHANG): 0 while the child runs, its pid
 *         once it has ended (and then the child is reaped); WEXITSTATUS;
 *         waitid(WNOWAIT) to wait for the end and keep the zombie.
 *
 * Usage:  is_alive [-n CODE]      default: the child exits with code 3
 * Expect: before start:      alive: no
 *         after start:       alive: yes, exit code: none yet
 *         it has exited:     kill(pid, 0) says: exists (a zombie: state Z)
 *         checked with waitpid: alive: no, exit code: 3
 *         after join:        alive: no, exit code: 3
 * See also: terminate.c (a child killed by a signal).
 * Try:    -n 0 and -n 255. Why can an exit code not be 256?
 * Look for: kill(pid, 0) calling an exited child alive; waitpid knowing better.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

/* A small process handle, like Python's Process object. */
struct process {
    pid_t pid;                     /* 0 before start */
    bool ended;                    /* reaped: status is final */
    int status;                    /* the wait status, once ended */
};

/* Python's is_alive(). WNOHANG makes waitpid answer at once instead of
 * waiting. If the child has ended, this call also reaps it. */
static bool is_alive(struct process *p)
{
    if (p->pid == 0 || p->ended)
        return false;
    pid_t done = waitpid(p->pid, &p->status, WNOHANG);
    if (done == -1)
        die_errno("waitpid");
    p->ended = done == p->pid;
    return !p->ended;
}

static void join(struct process *p)
{
    if (!p->ended && waitpid(p->pid, &p->status, 0) == -1)
        die_errno("waitpid");
    p->ended = true;
}

/* Python's exitcode: None (-1000 here) while running, the code, or minus
 * the signal that killed it. */
#define STILL_RUNNING (-1000)
static int exit_code(const struct process *p)
{
    if (!p->ended)
        return STILL_RUNNING;
    return WIFEXITED(p->status) ? WEXITSTATUS(p->status) : -WTERMSIG(p->status);
}

static void show(const char *when, struct process *p)
{
    bool alive = is_alive(p);
    printf("%-22s alive: %s, exit code: ", when, alive ? "yes" : "no");
    if (exit_code(p) == STILL_RUNNING)
        printf("none yet\n");
    else
        printf("%d\n", exit_code(p));
}

/* Waits until the child has ended, but leaves it unreaped: WNOWAIT makes
 * waitid report the end and keep the zombie, so that show_kill_zero() has
 * one to look at. (A sleep would only make it likely; this makes it sure.) */
static void wait_until_ended(pid_t pid)
{
    siginfo_t info;
    while (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) == -1)
        if (errno != EINTR)
            die_errno("waitid");
}

/* kill(pid, 0) sends no signal; it only asks "may I signal this pid?". An
 * ended but unreaped child (a zombie) still has its pid, so the answer is
 * yes. It cannot tell "running" from "dead, not yet waited for". */
static bool show_kill_zero(pid_t pid)
{
    bool exists = kill(pid, 0) == 0;
    printf("%-22s kill(pid, 0) says: %s", "it has exited:", exists ? "exists" : "gone");
#ifdef __linux__
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    FILE *f = fopen(path, "r");
    if (f && fgets(line, sizeof line, f)) {
        char *close = strrchr(line, ')');
        if (close && close[1] == ' ')
            printf(" (state %c%s)", close[2], close[2] == 'Z' ? ": a zombie" : "");
    }
    if (f)
        fclose(f);
#endif
    putchar('\n');
    return exists;
}

static const char usage[] =
    "[-n CODE]\n"
    "Asks whether a child is alive before, during and after its life.\n"
    "  -n CODE  the child's exit code (0-255, default 3)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = 3, .min_size = 0, .max_size = 255};
    parse_options(argc, argv, &opt);
    int go[2];                     /* the child waits on this before it exits */
    if (pipe(go) == -1)
        die_errno("pipe");
    struct process p = {0};
    show("before start:", &p);

    fflush(stdout);                /* or the child inherits and repeats our buffer */
    p.pid = fork();
    if (p.pid == -1)
        die_errno("fork");
    if (p.pid == 0) {
        char byte;
        close(go[1]);
        while (read(go[0], &byte, 1) == -1 && errno == EINTR)
            ;                      /* returns 0 once the parent closes its end */
        _exit((int)opt.size);
    }
    close(go[0]);
    show("after start:", &p);
    close(go[1]);                  /* let it exit; it ends at once */
    wait_until_ended(p.pid);       /* now it is a zombie */
    bool exists = show_kill_zero(p.pid);
    bool alive_after = is_alive(&p);
    show("checked with waitpid:", &p);
    join(&p);
    show("after join:", &p);

    check_long("kill(pid, 0) finds the zombie", 1, exists);
    check_long("alive once it has exited", 0, alive_after);
    check_long("exit code", opt.size, exit_code(&p));
    return check_status();
}
