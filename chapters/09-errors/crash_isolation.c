/*
 * crash_isolation.c — every task in a child process of its own; one task
 * writes through a NULL pointer and dies of SIGSEGV. The parent is not
 * taken down: waitpid tells it which task crashed and by which signal,
 * the other results come in, and (-r) the crashed task is tried again.
 *
 * Python: seed C counts fault isolation among the advantages of processes
 *         (catalog row 54). A crash in C is no exception to catch: the
 *         kernel ends the process.
 * C:      fork per task, a pipe per task for its result; waitpid(-1) with
 *         WIFSIGNALED, WTERMSIG and strsignal; in the child, SIGSEGV back to
 *         SIG_DFL and setrlimit(RLIMIT_CORE) to 0 before the crash.
 *
 * Usage:  crash_isolation [-j AT_ONCE] [-n TASKS] [-c INDEX] [-r] [-w MS]
 *         defaults: -j 4 children at a time, -n 10 tasks, -c 5 (the last
 *         task if there are fewer), no retry, -w 0 ms of sleep a task
 * Expect: task   4 [pid 14435]: exited 0, result 312512500
 *         task   5 [pid 14436]: killed by signal 11 (Segmentation fault), no result
 *         crashed: task 5, signal 11 (Segmentation fault)
 *         the parent is still here: 9 of 10 tasks done
 * See also: worker_errors.c (errors a worker survives); chapter 06's
 *         pool_survives.c (the same crash inside a pool: POOL_LOST).
 * Try:    -r (the retry succeeds: the crash comes on the first attempt
 *         only); -c 0 -j 1; a SAN=address,undefined build (same verdict).
 * Look for: the signal's number and name, and the other nine results.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "../03-pipes/framing.h"

#define DEFAULT_AT_ONCE 4L
#define MAX_AT_ONCE 64L
#define DEFAULT_TASKS 10L
#define MAX_TASKS 1000L
#define DEFAULT_CRASH 5L
#define UNIT 5000L                 /* task i sums 1 .. (i + 1) x UNIT */
#define MAX_TASK_MS 10000L

/* One attempt at one task, in one child. */
struct run {
    long task;
    int attempt;                   /* 1, or 2 for the retry (-r) */
    pid_t pid;
    bool ended;                    /* reaped (its pid may now be another's) */
    int answer;                    /* the read end of its result pipe */
    int status;                    /* from waitpid */
    bool has_result;
    long result;
};

static long crash_task = -1;       /* -c; -1: the default */
static bool retry;                 /* -r */
static long task_ms;               /* -w: a sleep before each task's work */

/* Ctrl-C reaches every process of the group. The children die of it (they
 * put back the default action); the parent notes it, starts no more, reaps
 * what runs, then dies of it too: SA_RESETHAND made it deadly again. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

/* ---- the child's side */
static long sum_to(long n)
{
    long sum = 0;
    for (long k = 1; k <= n; k++)
        sum += k;
    return sum;
}

/* The deliberate crash, and its two traps. A sanitizer build (SAN=address,
 * undefined) installs its own SIGSEGV handler, which prints a report and
 * exits 1: the parent would see "exited 1", not the signal. Putting back
 * SIG_DFL makes the child die by SIGSEGV in every build (UBSan still says
 * "store to null pointer" on stderr first). And where core dumps are on
 * (ulimit -c), the kernel would write a core file for it: a limit of 0
 * bytes says none. */
static noreturn void crash_now(void)
{
    struct sigaction default_action = {.sa_handler = SIG_DFL};
    struct rlimit no_core = {0, 0};
    if (sigaction(SIGSEGV, &default_action, NULL) == -1 || setrlimit(RLIMIT_CORE, &no_core) == -1)
        die_errno("child: preparing the crash");
    volatile int *nowhere = NULL;  /* volatile: the compiler may not drop the store */
    /* cppcheck-suppress nullPointer */
    *nowhere = 1;                  /* NOLINT(clang-analyzer-core.NullDereference) */
    _exit(99);                     /* never reached */
}

static noreturn void child(long task, int attempt, int answer)
{
    signal(SIGINT, SIG_DFL);       /* the parent's handler came with fork */
    sleep_ms(task_ms);
    if (task == crash_task && attempt == 1)
        crash_now();
    long result = sum_to((task + 1) * UNIT);
    _exit(write_all(answer, &result, sizeof result) == 0 ? 0 : 1);
}

/* ---- the parent's side: start a run, and finish it once reaped */
static void start(struct run *r)
{
    int pipe_fds[2];
    if (pipe(pipe_fds) == -1)
        die_errno("pipe");
    fflush(stdout);                /* as before every fork: leave no output to inherit */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        close(pipe_fds[0]);
        child(r->task, r->attempt, pipe_fds[1]);
    }
    close(pipe_fds[1]);            /* or a crashed child's pipe would never end */
    r->pid = pid;
    r->answer = pipe_fds[0];
}

/* The child has ended: its 8 bytes, if it wrote them, wait in the pipe
 * (they fit, so the child never blocked); a crashed child wrote none, and
 * the pipe just ends. */
static void finish(struct run *r, int status)
{
    r->status = status;
    r->ended = true;
    ssize_t got = read_all(r->answer, &r->result, sizeof r->result);
    if (got == -1)
        die_errno("read");
    r->has_result = got == (ssize_t)sizeof r->result;
    close(r->answer);
}

/* Runs `count` runs, at most `at_once` children at a time. waitpid(-1)
 * takes whichever child ends first. Returns how many children it reaped. */
static long run_all(struct run runs[], long count, long at_once)
{
    long next = 0, running = 0, reaped = 0;
    while (running > 0 || (next < count && !interrupted)) {
        if (next < count && running < at_once && !interrupted) {
            start(&runs[next++]);
            running++;
            continue;
        }
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid == -1 && errno == EINTR)
            continue;              /* Ctrl-C: start no more, reap the rest */
        if (pid == -1)
            die_errno("waitpid");
        for (long i = 0; i < next; i++)
            if (runs[i].pid == pid && !runs[i].ended)
                finish(&runs[i], status);
        running--;
        reaped++;
    }
    if (interrupted)
        raise(SIGINT);
    return reaped;
}

/* ---- reporting */
static bool crashed_by(const struct run *r, int signal_number)
{
    return WIFSIGNALED(r->status) && WTERMSIG(r->status) == signal_number;
}

static void print_run(const char *what, const struct run *r)
{
    printf("%s %3ld [pid %ld]: ", what, r->task, (long)r->pid);
    if (WIFSIGNALED(r->status))
        printf("killed by signal %d (%s)", WTERMSIG(r->status), strsignal(WTERMSIG(r->status)));
    else
        printf("exited %d", WEXITSTATUS(r->status));
    if (r->has_result)
        printf(", result %ld\n", r->result);
    else
        printf(", no result\n");
}

static bool right_result(const struct run *r)
{
    long n = (r->task + 1) * UNIT;
    return WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0 && r->has_result &&
           r->result == n * (n + 1) / 2;
}

/* The first round's verdicts: exactly one task crashed, the chosen one,
 * by SIGSEGV, and every other result is right. Returns the crashed one. */
static long check_first_round(const struct run runs[], long tasks)
{
    long segv = 0, crashed = -1, right_others = 0, done = 0;
    for (long i = 0; i < tasks; i++) {
        print_run("task", &runs[i]);
        segv += crashed_by(&runs[i], SIGSEGV);
        if (WIFSIGNALED(runs[i].status))
            crashed = i;
        right_others += i != crash_task && right_result(&runs[i]);
        done += right_result(&runs[i]);
    }
    if (crashed >= 0)
        printf("\ncrashed: task %ld, signal %d (%s)\n", crashed,
               WTERMSIG(runs[crashed].status), strsignal(WTERMSIG(runs[crashed].status)));
    printf("the parent is still here: %ld of %ld tasks done\n", done, tasks);
    check_long("tasks killed by SIGSEGV", 1, segv);
    check_long("the task that crashed", crash_task, crashed);
    check_long("other tasks with the right result", tasks - 1, right_others);
    return crashed;
}

static void on_option(int letter, const char *value)
{
    if (letter == 'c')
        crash_task = parse_long(value, 0, MAX_TASKS - 1, "task to crash (-c)");
    else if (letter == 'w')
        task_ms = parse_long(value, 0, MAX_TASK_MS, "milliseconds of sleep (-w)");
    else
        retry = true;
}

static const char usage[] =
    "[-j AT_ONCE] [-n TASKS] [-c INDEX] [-r] [-w MS]\n"
    "A child per task; task INDEX crashes (SIGSEGV) and the parent carries on.\n"
    "  -j AT_ONCE  children running at a time (1-64, default 4)\n"
    "  -n TASKS    (1-1000, default 10)\n"
    "  -c INDEX    the task that crashes, 0 to TASKS-1 (default 5, or the last)\n"
    "  -r          try the crashed task again (it crashes on attempt 1 only)\n"
    "  -w MS       each task sleeps MS milliseconds first (0-10000, default 0)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = DEFAULT_AT_ONCE, .max_workers = MAX_AT_ONCE,
                          .size = DEFAULT_TASKS, .min_size = 1, .max_size = MAX_TASKS,
                          .extra_options = "c:rw:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long tasks = opt.size, started = tasks;
    if (crash_task >= tasks)
        usage_error("task to crash (-c) must be below %ld, got %ld", tasks, crash_task);
    if (crash_task < 0)
        crash_task = DEFAULT_CRASH < tasks ? DEFAULT_CRASH : tasks - 1;
    struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESETHAND};
    sigaction(SIGINT, &sa, NULL);  /* no SA_RESTART: Ctrl-C cuts waitpid short */
    printf("%ld tasks, at most %ld children at a time; task %ld writes through a NULL pointer "
           "on its first attempt\n\n", tasks, opt.workers, crash_task);

    struct run runs[MAX_TASKS + 1];
    for (long i = 0; i < tasks; i++)
        runs[i] = (struct run){.task = i, .attempt = 1};
    long reaped = run_all(runs, tasks, opt.workers);
    long crashed = check_first_round(runs, tasks);
    if (retry && crashed >= 0) {   /* the same task once more: attempt 2 */
        struct run *again = &runs[tasks];
        *again = (struct run){.task = crashed, .attempt = 2};
        reaped += run_all(again, 1, 1);
        started++;
        putchar('\n');
        print_run("retry of task", again);
        check_long("the retried task with the right result", 1, right_result(again));
    }
    bool none_left = waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD;
    check_long("children reaped, one per run", started, reaped);
    check_long("children left unreaped", 0, none_left ? 0 : 1);
    return check_status();
}
