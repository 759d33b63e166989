/*
 * main.c — the driver of exercise 09-report-crash. DO NOT EDIT: your work
 * goes in task.c. Forks one child per task, each with a pipe for its
 * result, all at once; task i ends after (TASKS - i) x 15 ms, so the
 * last one started ends first. Most tasks send a sum and exit 0; three
 * end otherwise:
 *   task 2 writes through a NULL pointer (SIGSEGV),
 *   task 3 calls exit(3) without a result,
 *   task 4 is killed by SIGKILL (it sends it to itself).
 * Then your wait_all() reaps them, your describe() says how each ended,
 * and main.c compares with what it knows each task did.
 *
 * Usage: program [-n TASKS]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

#define MAX_TASKS 64L
#define UNIT 1000L                 /* task i sums 1 .. (i + 1) x UNIT */
#define STEP_MS 15L
enum { CRASHES = 2, EXITS_3 = 3, KILLED = 4 };

static long sum_to(long n)
{
    long sum = 0;
    for (long k = 1; k <= n; k++)
        sum += k;
    return sum;
}

/* The crash, as chapter 09's crash_isolation does it: SIGSEGV's default
 * action back (a sanitizer build catches it otherwise, and exits 1), no
 * core file, then a store through NULL. */
static noreturn void crash_now(void)
{
    struct sigaction default_action = {.sa_handler = SIG_DFL};
    struct rlimit no_core = {0, 0};
    if (sigaction(SIGSEGV, &default_action, NULL) == -1 || setrlimit(RLIMIT_CORE, &no_core) == -1)
        die_errno("task %d: preparing the crash", CRASHES);
    volatile int *nowhere = NULL;  /* volatile: the compiler may not drop the store */
    /* cppcheck-suppress nullPointer */
    *nowhere = 1;                  /* NOLINT(clang-analyzer-core.NullDereference) */
    _exit(99);                     /* never reached */
}

static noreturn void child(long task, long tasks, int answer)
{
    sleep_ms((tasks - task) * STEP_MS);
    if (task == CRASHES)
        crash_now();
    if (task == EXITS_3)
        _exit(3);
    if (task == KILLED) {
        raise(SIGKILL);
        _exit(98);                 /* never reached */
    }
    long result = sum_to((task + 1) * UNIT);
    _exit(write(answer, &result, sizeof result) == (ssize_t)sizeof result ? 0 : 1);
}

/* What main.c knows task i did, as the outcome describe() must give. */
static struct outcome expected(long task)
{
    struct outcome o = {.exited = true};
    if (task == CRASHES || task == KILLED) {
        o = (struct outcome){.killed = true, .number = task == CRASHES ? SIGSEGV : SIGKILL};
        snprintf(o.text, sizeof o.text, "killed by signal %d (%s)", o.number,
                 strsignal(o.number));
    } else {
        o.number = task == EXITS_3 ? 3 : 0;
        snprintf(o.text, sizeof o.text, "exited %d", o.number);
    }
    return o;
}

static bool same(const struct outcome *a, const struct outcome *b)
{
    return a->exited == b->exited && a->killed == b->killed && a->number == b->number &&
           strcmp(a->text, b->text) == 0;
}

static const char usage[] =
    "[-n TASKS]\n"
    "A child per task; task 2 crashes, task 3 exits 3, task 4 is killed by\n"
    "SIGKILL. Your wait_all() reaps them, your describe() reports.\n"
    "  -n TASKS    (1-64, default 8)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = 8, .min_size = 1, .max_size = MAX_TASKS};
    parse_options(argc, argv, &opt);
    long tasks = opt.size;
    struct run runs[MAX_TASKS];
    int answer[MAX_TASKS];
    printf("tasks: %ld\n", tasks);
    for (long i = 0; i < tasks; i++) {
        int fds[2];
        if (pipe(fds) == -1)
            die_errno("pipe");
        fflush(stdout);            /* or the child repeats what we buffered */
        pid_t pid = fork();
        if (pid == -1)
            die_errno("fork");
        if (pid == 0) {
            for (long k = 0; k < i; k++)
                close(answer[k]);  /* the earlier tasks' read ends: not ours */
            close(fds[0]);
            child(i, tasks, fds[1]);
        }
        close(fds[1]);             /* or a pipe would never end */
        answer[i] = fds[0];
        runs[i] = (struct run){.task = i, .pid = pid, .status = -1};
    }

    wait_all(runs, tasks);
    bool none_left = waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD;

    long reaped = 0, described = 0, results = 0, crash_seen = 0;
    for (long i = 0; i < tasks; i++) {
        struct outcome got = describe(runs[i].status), want = expected(i);
        long result;
        /* Every child has ended: its 8 bytes, if it sent them, are in the
         * pipe (they fit, it never blocked); a child that sent none left
         * an empty pipe that just ends. */
        ssize_t n = read(answer[i], &result, sizeof result);
        close(answer[i]);
        bool has_result = n == (ssize_t)sizeof result;
        printf("task %2ld [pid %ld]: %.80s, ", i, (long)runs[i].pid, got.text);
        if (has_result)
            printf("result %ld\n", result);
        else
            printf("no result\n");
        reaped += runs[i].reaped;
        described += same(&got, &want);
        crash_seen += i == CRASHES && got.killed && got.number == SIGSEGV;
        bool should_have = want.exited && want.number == 0;
        results += has_result == should_have &&
                   (!has_result || result == sum_to((i + 1) * UNIT));
    }
    printf("children left unreaped: %d\n", none_left ? 0 : 1);
    check_long("tasks reaped", tasks, reaped);
    check_long("children left unreaped", 0, none_left ? 0 : 1);
    check_long("tasks described as they ended", tasks, described);
    check_long("results where a task exited 0, none elsewhere", tasks, results);
    if (tasks > CRASHES)
        check_long("the crash reported as SIGSEGV", 1, crash_seen);
    return check_status();
}
