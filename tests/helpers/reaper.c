/*
 * reaper.c — runs a command the way the tests need: in a process group of
 * its own, with only stdin, stdout and stderr open; optionally interrupts it
 * like Ctrl-C; then finds and kills every process it left running.
 *
 * Usage:  reaper [-i MS] REPORT_FILE COMMAND [ARG...]
 *   -i MS   MS milliseconds after the start, send SIGINT to the command's
 *           process group (what Ctrl-C in a terminal does) and give it one
 *           second to exit.
 * Exit:   COMMAND's exit status, or 128 + the signal that killed it.
 * REPORT_FILE gets "pid: PID" (the command's), then one line per problem:
 *   "leftover: PID NAME"   a process still running after the command exited
 *   "hang: ..."            still running a second after SIGINT (then killed)
 *   "early: ..."           with -i, the command ended before SIGINT was sent
 *
 * On Linux the reaper makes itself a "child subreaper": a process orphaned
 * anywhere below it is re-parented to it instead of to init. So once the
 * command has exited, every child the reaper still has is a descendant the
 * command failed to reap. (Elsewhere leftovers go unseen.)
 */
#include <ctype.h>
#include <dirent.h>
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

#define GRACE_MS 1000           /* how long a program may take to obey SIGINT */
#define LEFTOVER_GRACE_MS 300   /* how long its children may take to finish dying */

/* Counts the live children of ours (zombies are not live); with `kill_them`,
 * also kills each, listing it in `report` unless NULL. */
static int live_children(FILE *report, bool kill_them)
{
    int live = 0;
#ifdef __linux__
    DIR *proc = opendir("/proc");
    if (!proc)
        die_errno("opendir /proc");
    struct dirent *e;
    while ((e = readdir(proc)) != NULL) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        char path[300], line[512];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;                  /* it has just gone */
        char *ok = fgets(line, sizeof line, f);
        fclose(f);
        /* "pid (name) state ppid ...": the name may hold spaces and ')' */
        char *close = ok ? strrchr(line, ')') : NULL;
        if (!close || close[1] != ' ' || close[2] == '\0')
            continue;
        char state = close[2];
        long ppid = strtol(close + 3, NULL, 10);
        if (ppid != (long)getpid() || state == 'Z')
            continue;
        live++;
        if (!kill_them)
            continue;
        *close = '\0';
        if (report)
            fprintf(report, "leftover: %s %s\n", e->d_name, strchr(line, '(') + 1);
        kill((pid_t)strtol(e->d_name, NULL, 10), SIGKILL);
    }
    closedir(proc);
#else
    (void)report;
    (void)kill_them;
#endif
    return live;
}

static void kill_live_children(FILE *report)
{
    live_children(report, true);
}

/* A child that got the same SIGINT as the command may still be dying (its
 * memory being torn down, or not yet scheduled on a loaded machine) when
 * the command is gone. Left running means still running a moment later. */
static void let_dying_children_go(void)
{
    for (int tries = 0; tries < LEFTOVER_GRACE_MS / 5 && live_children(NULL, false) > 0; tries++)
        sleep_ms(5);
}

static volatile sig_atomic_t told_to_stop;

static void on_stop(int sig)
{
    told_to_stop = sig;
}

/* Waits for `pid` at most `ms` milliseconds (forever if ms < 0); true if it
 * exited. A SIGTERM to us (from timeout(1)) ends the wait early. */
static bool wait_for(pid_t pid, int *status, long ms)
{
    for (long waited = 0; ms < 0 || waited < ms; waited += 5) {
        pid_t done = waitpid(pid, status, ms < 0 ? 0 : WNOHANG);
        if (done == pid)
            return true;
        if (done == -1 && errno != EINTR)
            die_errno("waitpid");
        if (told_to_stop)
            return false;
        if (ms >= 0)
            sleep_ms(5);
    }
    /* One last look: a command that ended in the last sleep must count as
     * ended, not as one that obeyed the SIGINT our caller sends next. */
    return waitpid(pid, status, WNOHANG) == pid;
}

static noreturn void run_command(char *argv[])
{
    /* Its own process group, as a shell gives each job, so that SIGINT can
     * go to the command and all its children at once. */
    setpgid(0, 0);
    /* Only fds 0-2: what the test harness (make's jobserver, say) had open
     * must not look like a leak of the program's. */
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
    execvp(argv[0], argv);
    die_errno("cannot run %s", argv[0]);       /* exits 1 in the child */
}

int main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    long interrupt_ms = -1;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "-i") == 0) {
        interrupt_ms = parse_long(argv[2], 0, 60000, "interrupt delay (-i)");
        first = 3;
    }
    if (argc - first < 2)
        usage_error("usage: reaper [-i MS] REPORT_FILE COMMAND [ARG...]");
    FILE *report = fopen(argv[first], "w");
    if (!report)
        die_errno("%s", argv[first]);
#ifdef __linux__
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
        die_errno("prctl(PR_SET_CHILD_SUBREAPER)");
#endif
    struct sigaction sa = {.sa_handler = on_stop};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    fflush(stdout);
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0)
        run_command(&argv[first + 1]);
    setpgid(pid, pid);                 /* also here: whichever runs first */
    fprintf(report, "pid: %ld\n", (long)pid);

    int status = 0;
    bool exited;
    if (interrupt_ms < 0) {
        exited = wait_for(pid, &status, -1);
    } else if ((exited = wait_for(pid, &status, interrupt_ms))) {
        fprintf(report, "early: exited before SIGINT\n");
    } else if (!told_to_stop) {
        kill(-pid, SIGINT);
        exited = wait_for(pid, &status, GRACE_MS);
        if (!exited && !told_to_stop)
            fprintf(report, "hang: still running %d ms after SIGINT\n", GRACE_MS);
    }
    if (!exited) {                     /* a hang, or timeout(1) told us to stop */
        kill(-pid, SIGKILL);
        wait_for(pid, &status, -1);
    }

    let_dying_children_go();
    kill_live_children(report);
    if (fclose(report) != 0)
        die_errno("%s", argv[first]);
    /* Reap everything. Killing a leftover re-parents its own children to
     * us, so keep killing until we have no child at all. */
    for (;;) {
        pid_t gone = waitpid(-1, NULL, WNOHANG);
        if (gone == -1)
            break;                     /* ECHILD: nothing is left */
        if (gone == 0) {
            kill_live_children(NULL);
            sleep_ms(1);
        }
    }
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
