/*
 * main.c — the driver of exercise 06-get-timeout. DO NOT EDIT: your work
 * goes in task.c. Submits tasks to worker processes, a process and a
 * result pipe per task, and waits for their results with your
 * result_get(). Task k squares 3 000 000 000 + k; its worker writes the 8
 * bytes of the result in pieces, with pauses between them. Meanwhile a
 * timer interrupts this process with a signal every 5 ms, so a poll() or
 * read() that is waiting fails with EINTR.
 *
 * Usage: program [-m MODE] [-j TASKS]
 *   -m slow     the whole reply after 3 s: get(200) times out, get(-1) returns it
 *   -m split    3 bytes at 100 ms, 3 at 600 ms, 2 at 1100 ms: get(200) times out
 *               holding 3 bytes, get(-1) must still return the whole value
 *   -m trickle  a byte every 100 ms: get(200) must time out, though bytes come
 *   -m lost     3 bytes at 100 ms, then the worker exits: get(-1) says lost
 *   -m many     TASKS tasks, each trickling its reply: get(10) on each in turn
 *               until every one is ready, then get(0) on each once more
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

_Static_assert(sizeof(long) == 8, "a reply is the 8 bytes of a long");

#define MAX_TASKS 32
#define FIRST_MS 200               /* the first get's timeout in slow, split, trickle */
#define SLACK_MS 1800              /* a busy machine wakes a sleeper late, but not by seconds */
#define TICK_MS 5                  /* the timer's signal: every 5 ms */
#define PATIENCE_MS 8000           /* every mode is over in 4 s: after 8, a get hangs */
#define NOT_SET (-1L)

enum mode { SLOW, SPLIT, TRICKLE, LOST, MANY };
static const char *const mode_name[] = {"slow", "split", "trickle", "lost", "many"};

struct plan {                      /* how a worker sends its reply */
    long start_ms, step_ms;        /* the first piece after start_ms, then one every step_ms */
    size_t piece;                  /* bytes in a piece (the last may have fewer) */
    bool dies;                     /* exits after its first piece */
};
static const struct plan plans[] = {
    [SLOW] = {3000, 0, 8, false},
    [SPLIT] = {100, 500, 3, false},
    [TRICKLE] = {0, 100, 1, false},
    [LOST] = {100, 0, 3, true},
};

static struct async_result handle[MAX_TASKS];
static pid_t worker_pid[MAX_TASKS];
static long tasks;                 /* submitted so far */
static volatile sig_atomic_t ticks;         /* the timer's signals so far */

static long value_of(long k)
{
    long x = 3000000000L + k;
    return x * x;
}

/* The worker of task k: writes the result's bytes as the plan says. */
static noreturn void work(int fd, long k, const struct plan *p)
{
    long value = value_of(k);
    const unsigned char *bytes = (const unsigned char *)&value;
    sleep_ms(p->start_ms);
    for (size_t at = 0; at < sizeof value; at += p->piece) {
        if (at > 0)
            sleep_ms(p->step_ms);
        size_t piece = sizeof value - at < p->piece ? sizeof value - at : p->piece;
        if (write(fd, bytes + at, piece) != (ssize_t)piece)
            die_errno("worker: write");
        if (p->dies)
            break;
    }
    _exit(0);
}

/* Python's apply_async: a worker process for task k, and the handle of its
 * result. The worker keeps only its own pipe's write end. */
static struct async_result *submit(long k, const struct plan *p)
{
    int fd[2];
    if (pipe(fd) == -1)
        die_errno("pipe");
    fflush(stdout);                /* or the worker repeats what we buffered */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        for (long i = 0; i < tasks; i++)
            close(handle[i].fd);
        close(fd[0]);
        work(fd[1], k, p);
    }
    close(fd[1]);
    handle[tasks] = (struct async_result){.fd = fd[0]};
    worker_pid[tasks] = pid;
    return &handle[tasks++];
}

/* Closes our ends, kills what still runs (a worker a get gave up on),
 * reaps every worker. */
static void stop_workers(void)
{
    for (long i = 0; i < tasks; i++) {
        close(handle[i].fd);
        kill(worker_pid[i], SIGKILL);
        waitpid(worker_pid[i], NULL, 0);
    }
}

/* The timer's signal. It interrupts whatever waits, and it is also the
 * watchdog: a get that never returns would leave this process waiting for
 * ever, so after PATIENCE_MS, kill and reap the workers, say so, stop.
 * (kill, waitpid, write and _exit are async-signal-safe.) */
static void on_tick(int sig)
{
    static const char said[] = "result: hang (a get still waiting after 8 s)\n";
    (void)sig;
    if (++ticks < PATIENCE_MS / TICK_MS)
        return;
    for (long i = 0; i < tasks; i++)
        if (kill(worker_pid[i], SIGKILL) == 0)
            waitpid(worker_pid[i], NULL, 0);
    (void)!write(STDOUT_FILENO, said, sizeof said - 1);     /* nothing to do if it fails */
    _exit(1);
}

/* Every TICK_MS, or never again (ms 0). No SA_RESTART: a waiting call
 * returns EINTR. */
static void tick_every(long ms)
{
    struct sigaction sa = {.sa_handler = on_tick};
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGALRM, &sa, NULL) == -1)
        die_errno("sigaction");
    struct itimerval t = {{0, ms * 1000}, {0, ms * 1000}};
    if (setitimer(ITIMER_REAL, &t, NULL) == -1)
        die_errno("setitimer");
}

static const char *status_name(enum get_status s)
{
    static const char *const name[] = {[GET_READY] = "ready", [GET_TIMEOUT] = "timeout",
                                       [GET_LOST] = "lost"};
    return s == GET_READY || s == GET_TIMEOUT || s == GET_LOST ? name[s] : "not a status";
}

/* slow, split, trickle: get(200), then get(-1). lost: get(-1) alone. */
static void one_task(enum mode mode)
{
    struct async_result *r = submit(1, &plans[mode]);
    long first_value = NOT_SET, value = NOT_SET, waited = 0;
    enum get_status first = GET_TIMEOUT;
    if (mode != LOST) {
        double start = now_seconds();
        first = result_get(r, &first_value, FIRST_MS);
        waited = (long)((now_seconds() - start) * 1000);
    }
    enum get_status last = result_get(r, &value, -1);
    tick_every(0);
    stop_workers();
    printf("result: finished\n");
    if (mode != LOST) {
        printf("get(%d): %s\nget(%d) waited ms: %ld\n", FIRST_MS, status_name(first), FIRST_MS,
               waited);
        check_long("get(200) timed out", 1, first == GET_TIMEOUT);
        check_long("it waited 3/4 of its timeout to its timeout + 1.8 s", 1,
                   waited >= FIRST_MS * 3 / 4 && waited <= FIRST_MS + SLACK_MS);
    }
    printf("get(-1): %s\n", status_name(last));
    if (mode == LOST) {
        check_long("get(-1) said lost", 1, last == GET_LOST);
        return;
    }
    printf("value: %ld\nexpected value: %ld\n", last == GET_READY ? value : NOT_SET, value_of(1));
    check_long("get(-1) returned the value", 1, last == GET_READY && value == value_of(1));
}

/* many: every task's reply trickles in at its own pace. */
static void many_tasks(long n)
{
    long value[MAX_TASKS], right = 0, again = 0, timeouts = 0, left = n;
    bool done[MAX_TASKS] = {false};
    for (long k = 1; k <= n; k++) {
        struct plan p = {15 * k % 40, 10 + 7 * k % 25, (size_t)(1 + k % 3), false};
        submit(k, &p);
        value[k - 1] = NOT_SET;
    }
    while (left > 0) {             /* get(10) on each in turn until all are in */
        for (long i = 0; i < n; i++) {
            if (done[i])
                continue;
            enum get_status s = result_get(&handle[i], &value[i], 10);
            timeouts += s == GET_TIMEOUT;
            right += s == GET_READY && value[i] == value_of(i + 1);
            done[i] = s != GET_TIMEOUT;    /* ready, or lost: no use asking again */
            left -= done[i];
        }
    }
    for (long i = 0; i < n; i++) {
        long v = NOT_SET;          /* a get after ready: the same value, at once */
        again += result_get(&handle[i], &v, 0) == GET_READY && v == value_of(i + 1);
    }
    tick_every(0);
    stop_workers();
    printf("result: finished\nvalues right: %ld of %ld\ngets that timed out: %ld\n"
           "gets again after ready, same value: %ld of %ld\n", right, n, timeouts, again, n);
    check_long("values right", n, right);
    check_long("gets again after ready that returned the same value", n, again);
}

static enum mode mode = SLOW;

static void on_option(int letter, const char *value)
{
    (void)letter;
    for (mode = SLOW; mode <= MANY; mode++)
        if (strcmp(value, mode_name[mode]) == 0)
            return;
    usage_error("mode (-m) must be slow, split, trickle, lost or many, got '%s'", value);
}

static const char usage[] =
    "[-m MODE] [-j TASKS]\n"
    "Waits for the results of worker processes with your result_get().\n"
    "  -m MODE   slow, split, trickle, lost or many (default slow; see main.c)\n"
    "  -j TASKS  tasks with -m many (1-32, default 4)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_TASKS,
                          .extra_options = "m:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    printf("mode: %s\ntasks: %ld\n", mode_name[mode], mode == MANY ? opt.workers : 1);
    tick_every(TICK_MS);
    if (mode == MANY)
        many_tasks(opt.workers);
    else
        one_task(mode);
    return check_status();
}
