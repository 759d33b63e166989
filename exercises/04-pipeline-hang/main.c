/*
 * main.c — the driver of exercise 04-pipeline-hang. DO NOT EDIT: your work
 * goes in task.c. Three stages, each a process, joined by two pipes:
 *
 *     generator --numbers--> squarer --squares--> summer
 *
 * The generator writes 1..N; the squarer reads numbers until the end of
 * its input and writes their squares; the summer reads squares until the
 * end of its input and prints their sum. Each process, the parent too,
 * first calls your close_unused_ends() and then says which ends it holds.
 * A stage that never sees the end of its input waits for ever: the parent
 * gives the pipeline 3 s, then kills every stage and says so.
 *
 * Usage: program [-n N]
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

#define STAGES 3                   /* GENERATOR, SQUARER, SUMMER */
#define HANG_AFTER_MS 3000         /* the pipeline needs well under a second */

static const char *const role_name[] = {"generator", "squarer", "summer", "parent"};

/* One number, one write(): 8 bytes, far below PIPE_BUF, never cut short. */
static void put(int fd, long x)
{
    if (write(fd, &x, sizeof x) != (ssize_t)sizeof x)
        die_errno("write");
}

/* One number; false at the end of the stream, which comes only once every
 * write end of the pipe is closed, in every process. (Every write was one
 * whole number, so every read returns one.) */
static bool get(int fd, long *x)
{
    ssize_t got = read(fd, x, sizeof *x);
    if (got == -1)
        die_errno("read");
    if (got != 0 && got != (ssize_t)sizeof *x)
        die("read %zd bytes: not one number", got);
    return got != 0;
}

/* Which of the four ends this process holds: fcntl(F_GETFD) fails (EBADF)
 * on a descriptor that is not open. */
static void show_open_ends(enum role role, const struct pipeline *p)
{
    const struct { const char *name; int fd; } end[] = {
        {"numbers read", p->numbers[0]}, {"numbers write", p->numbers[1]},
        {"squares read", p->squares[0]}, {"squares write", p->squares[1]}};
    int shown = 0;
    printf("[%s %ld] open ends:", role_name[role], (long)getpid());
    for (int i = 0; i < 4; i++)
        if (fcntl(end[i].fd, F_GETFD) != -1)
            printf("%s %s", shown++ ? "," : "", end[i].name);
    printf("%s\n", shown ? "" : " none");
    fflush(stdout);                /* a stage killed later must not lose this line */
}

/* A stage's work; returns its exit status. */
static int run_stage(enum role role, const struct pipeline *p, long n)
{
    long x, count = 0, sum = 0;
    if (role == GENERATOR) {
        for (x = 1; x <= n; x++)
            put(p->numbers[1], x);
        return 0;
    }
    if (role == SQUARER) {
        while (get(p->numbers[0], &x))
            put(p->squares[1], x * x);
        return 0;
    }
    while (get(p->squares[0], &x)) {
        sum += x;
        count++;
    }
    printf("[summer %ld] got %ld squares\nsum: %ld\n", (long)getpid(), count, sum);
    check_long("sum of the squares of 1..n", n * (n + 1) * (2 * n + 1) / 6, sum);
    return check_status();
}

static pid_t start_stage(enum role role, const struct pipeline *p, long n)
{
    fflush(stdout);                /* or the child repeats what we buffered */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        close_unused_ends(role, p);
        show_open_ends(role, p);
        int status = run_stage(role, p, n);
        fflush(stdout);
        _exit(status);             /* closes its ends: the next stage's end of stream */
    }
    return pid;
}

/* Waits for the stages, HANG_AFTER_MS at most in all (waitpid with WNOHANG
 * every 10 ms, as in chapter 02), then kills and reaps any still running.
 * Returns true if every stage ended by itself. */
static bool join_stages(const pid_t *pid, int *status)
{
    bool ended[STAGES] = {false};
    int left = STAGES;
    double give_up = now_seconds() + HANG_AFTER_MS / 1000.0;
    while (left > 0 && now_seconds() < give_up) {
        sleep_ms(10);
        for (int i = 0; i < STAGES; i++) {
            pid_t done = ended[i] ? 0 : waitpid(pid[i], &status[i], WNOHANG);
            if (done == -1)
                die_errno("waitpid");
            ended[i] = ended[i] || done == pid[i];
            left -= done == pid[i];
        }
    }
    for (int i = 0; i < STAGES; i++)
        if (!ended[i] && (kill(pid[i], SIGKILL) == -1 || waitpid(pid[i], &status[i], 0) == -1))
            die_errno("kill and reap the %s", role_name[i]);
    return left == 0;
}

/* The ends the parent still holds (you should have closed them all), so
 * that this process leaves no descriptor open, whatever task.c did. */
static void close_leftovers(const struct pipeline *p)
{
    const int fd[] = {p->numbers[0], p->numbers[1], p->squares[0], p->squares[1]};
    for (int i = 0; i < 4; i++)
        if (fcntl(fd[i], F_GETFD) != -1 && close(fd[i]) == -1)
            die_errno("close");
}

static void report(bool finished, const int *status)
{
    printf("result: %s\n", finished ? "finished" : "hang (a stage never saw the end of its input)");
    check_long("every stage ended by itself", 1, finished);
    for (int i = 0; i < STAGES; i++) {
        char what[40];
        int code = WIFEXITED(status[i]) ? WEXITSTATUS(status[i]) : -WTERMSIG(status[i]);
        if (code >= 0)
            printf("%s: exit %d\n", role_name[i], code);
        else
            printf("%s: killed by signal %d\n", role_name[i], -code);
        snprintf(what, sizeof what, "%s's exitcode", role_name[i]);
        check_long(what, 0, code);
    }
}

static const char usage[] =
    "[-n N]\n"
    "A pipeline of three processes: generator (1..N) -> squarer -> summer.\n"
    "  -n N  numbers to send (0-1000000, default 1000)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = 1000, .min_size = 0, .max_size = 1000000};
    parse_options(argc, argv, &opt);
    struct pipeline p;
    if (pipe(p.numbers) == -1 || pipe(p.squares) == -1)
        die_errno("pipe");
    pid_t pid[STAGES];
    pid[GENERATOR] = start_stage(GENERATOR, &p, opt.size);
    pid[SQUARER] = start_stage(SQUARER, &p, opt.size);
    pid[SUMMER] = start_stage(SUMMER, &p, opt.size);
    close_unused_ends(PARENT, &p);
    show_open_ends(PARENT, &p);

    int status[STAGES];
    bool finished = join_stages(pid, status);
    close_leftovers(&p);
    report(finished, status);
    return check_status();
}
