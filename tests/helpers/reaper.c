/*
 * reaper.c — runs a command, then finds and kills every process it left
 * running. The tests run each program under it.
 *
 * Usage:  reaper REPORT_FILE COMMAND [ARG...]
 * Exit:   COMMAND's exit status, or 128 + the signal that killed it.
 * REPORT_FILE gets one "leftover: PID NAME" line per process left running.
 *
 * On Linux the reaper makes itself a "child subreaper": a process orphaned
 * anywhere below it is re-parented to it instead of to init. So once the
 * command has exited, every child the reaper still has is a descendant the
 * command failed to reap. Elsewhere the count is always 0 (not checked).
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

/* Kills every live child of ours, listing it in `report` unless NULL. */
static void kill_live_children(FILE *report)
{
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
        char state;
        int ppid;
        if (!close || sscanf(close + 1, " %c %d", &state, &ppid) != 2)
            continue;
        if (ppid != getpid() || state == 'Z')
            continue;
        *close = '\0';
        if (report)
            fprintf(report, "leftover: %s %s\n", e->d_name, strchr(line, '(') + 1);
        kill(atoi(e->d_name), SIGKILL);
    }
    closedir(proc);
#else
    (void)report;
#endif
}

int main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    if (argc < 3)
        usage_error("usage: reaper REPORT_FILE COMMAND [ARG...]");
#ifdef __linux__
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
        die_errno("prctl(PR_SET_CHILD_SUBREAPER)");
#endif
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        execvp(argv[2], &argv[2]);
        die_errno("cannot run %s", argv[2]);   /* exits 1 in the child */
    }
    int status;
    while (waitpid(pid, &status, 0) == -1)
        if (errno != EINTR)
            die_errno("waitpid");

    FILE *report = fopen(argv[1], "w");
    if (!report)
        die_errno("%s", argv[1]);
    kill_live_children(report);
    if (fclose(report) != 0)
        die_errno("%s", argv[1]);
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
