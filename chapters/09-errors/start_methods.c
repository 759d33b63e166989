/*
 * start_methods.c — the same worker started three ways: fork, fork + exec
 * of this very program, posix_spawn; what each costs; and the hazard of
 * fork in a program that already runs threads, shown without hanging.
 *
 * Python: multiprocessing.set_start_method('fork' | 'spawn' | 'forkserver')
 *         and the `if __name__ == "__main__":` guard that 'spawn' needs
 *         (seeds A and D; catalog row 56).
 * C:      fork; fork + execvp(argv[0], "--worker K"); posix_spawnp with
 *         file actions; the answer through a pipe. Then pthread_create, a
 *         lock held by that thread, fork, pthread_mutex_timedlock in the child.
 *
 * Usage:  start_methods [-n STARTS] [--bench]   (defaults: -n 20; 500 with --bench)
 * Expect: way                    starts  median (us)  right
 *         fork                       20        188.2     20
 *         fork + exec                20        665.4     20
 *         posix_spawn                20        534.8     20
 *           child:  pthread_mutex_timedlock gave up after 300 ms: the lock is
 *                   still held, by a thread that does not exist in the child
 * See also: chapter 08's creation_cost.c (more ways to start, and their costs).
 * Try:    -n 500; strace -f -e trace=clone,clone3,execve ./start_methods -n 1
 * Look for: how many forks one exec costs, and the child's verdict on the lock.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define DEFAULT_STARTS 20L
#define BENCH_STARTS 500L
#define MAX_STARTS 10000L
#define RANGE 1000L                /* worker K sums k*k for k in [K*RANGE, (K+1)*RANGE) */
#define WORKER_FLAG "--worker"     /* not in the usage: how we run ourselves */
#define CHILD_DEADLINE_MS 300L     /* how long the hazard's child tries the lock */
#define CHILD_WAIT_MS 10000L       /* how long we wait for that child, at most */
#define LOCK_STILL_HELD 3          /* the child's exit status when it gave up */

extern char **environ;             /* POSIX 2008 leaves its declaration to us */
/* The exec'd worker: argv[0] (searched in PATH if it has no slash) --worker K */
static char worker_flag[] = WORKER_FLAG, worker_number[24];
static char *worker_argv[] = {"start_methods", worker_flag, worker_number, NULL}; /* [0]: main */

/* Ctrl-C reaches us and every child. We note it, finish the start + join
 * under way (reaping that child), then die of it (SA_RESETHAND). */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

/* ---- the worker, however it was started: the sum of k*k over its range,
 * as a line of text on `out` (an exit status holds only 0..255). */
static noreturn void worker(long k, int out)
{
    long sum = 0;
    for (long i = k * RANGE; i < (k + 1) * RANGE; i++)
        sum += i * i;
    char line[32];
    int length = snprintf(line, sizeof line, "%ld\n", sum);
    _exit(write(out, line, (size_t)length) == length ? 0 : 1);
}

static long expected_sum(long k)   /* by 0^2 + ... + (n-1)^2 = (n-1) n (2n-1) / 6 */
{
    long a = k * RANGE, b = (k + 1) * RANGE;
    return (b - 1) * b * (2 * b - 1) / 6 - (a - 1) * a * (2 * a - 1) / 6;
}

/* ---- the three ways, each starting worker k with the pipe `fd` for its
 * answer. fork: the child is a copy of us at this very line, memory, open
 * files and all, and runs on from here: into worker(). Python's 'fork'. */
static pid_t start_by_fork(long k, const int fd[2])
{
    fflush(stdout);                /* as before every fork: leave no output to inherit */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        close(fd[0]);
        worker(k, fd[1]);
    }
    return pid;
}

/* fork + exec: the copy is at once replaced by a fresh run of this program,
 * from main(), told by its arguments to be worker k; its stdout is the
 * pipe. Python's 'spawn': a fresh interpreter that re-imports our module. */
static pid_t start_by_fork_exec(long k, const int fd[2])
{
    snprintf(worker_number, sizeof worker_number, "%ld", k);
    fflush(stdout);                /* as before every fork: leave no output to inherit */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        if (dup2(fd[1], STDOUT_FILENO) == -1)
            _exit(126);
        close(fd[0]);
        close(fd[1]);              /* fd 1 stays: the only write end the worker has */
        execvp(worker_argv[0], worker_argv);
        _exit(127);                /* the exec failed: the shell's code for it */
    }
    return pid;
}

/* posix_spawn: the same in one call. The file actions are what the child
 * above did between fork and exec; glibc runs them in a child that shares
 * our memory (no copy at all) until the exec. Errors come back as numbers. */
static pid_t start_by_posix_spawn(long k, const int fd[2])
{
    snprintf(worker_number, sizeof worker_number, "%ld", k);
    posix_spawn_file_actions_t actions;
    pid_t pid = -1;
    int err = posix_spawn_file_actions_init(&actions);
    if (err == 0 && (err = posix_spawn_file_actions_adddup2(&actions, fd[1], STDOUT_FILENO)) == 0 &&
        (err = posix_spawn_file_actions_addclose(&actions, fd[0])) == 0 &&
        (err = posix_spawn_file_actions_addclose(&actions, fd[1])) == 0)
        err = posix_spawnp(&pid, worker_argv[0], &actions, NULL, worker_argv, environ);
    if (err != 0)
        die_code(err, "posix_spawnp %s", worker_argv[0]);
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

/* Start, then join: the answer, then the reaping. The worker's result, or
 * -1 if it did not end well. */
static long start_and_join(pid_t (*start)(long, const int[2]), long k)
{
    int fd[2];
    if (pipe(fd) == -1)
        die_errno("pipe");
    pid_t pid = start(k, fd);
    close(fd[1]);                  /* or a dead worker's end of file would never come */
    char line[32];                 /* one write of under PIPE_BUF bytes: one read */
    ssize_t length = read(fd[0], line, sizeof line - 1);
    close(fd[0]);
    line[length > 0 ? length : 0] = '\0';
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die_errno("waitpid");
    bool ended_well = length > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return ended_well ? strtol(line, NULL, 10) : -1;
}

/* Worker k for k = 0..starts-1, one at a time, each start + join timed;
 * prints the way's row (and BENCH line) and returns how many were right. */
static long time_way(const char *name, const char *bench_case,
                     pid_t (*start)(long, const int[2]), long starts, bool bench)
{
    static double us[MAX_STARTS];
    long right = 0, n = 0;
    double begin = now_seconds();
    for (long k = 0; k < starts && !interrupted; k++) {
        double t0 = now_seconds();
        right += start_and_join(start, k) == expected_sum(k);
        us[n++] = (now_seconds() - t0) * 1e6;
    }
    double seconds = now_seconds() - begin;
    if (interrupted)               /* every child is reaped: now die of it */
        raise(SIGINT);
    double median = median_sorting(us, n);
    printf("%-22s %6ld %12.1f %6ld\n", name, n, median, right);
    if (bench)
        printf("BENCH program=start_methods case=%s workers=1 seconds=%.6f starts=%ld "
               "median_us=%.2f\n", bench_case, seconds, n, median);
    return right;
}

/* ---- the hazard. `library_lock` stands for a lock inside a library that
 * some thread may hold at any moment: malloc's, stdio's, the resolver's. */
static pthread_mutex_t library_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;   /* main holds it while it forks */

/* The helper thread takes the lock, then sleeps inside it, at the gate,
 * until the fork is done: so the fork falls inside the lock, surely. */
static void *hold_the_lock(void *arg)
{
    pthread_mutex_lock(&library_lock);
    pthread_mutex_lock(&gate);
    pthread_mutex_unlock(&gate);
    pthread_mutex_unlock(&library_lock);
    return arg;
}

/* In the child, only the thread that called fork exists: the helper that
 * would unlock is not there, but its lock was copied, locked. A plain
 * pthread_mutex_lock would wait for ever; we give up after CHILD_DEADLINE_MS.
 * The deadline is on CLOCK_REALTIME, as POSIX has timedlock. (Strictly, such
 * a child may call only async-signal-safe functions until it execs.) */
static noreturn void child_tries_the_lock(void)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    long ns = deadline.tv_nsec + CHILD_DEADLINE_MS * 1000000L;
    deadline = (struct timespec){deadline.tv_sec + ns / 1000000000L, ns % 1000000000L};
    int err = pthread_mutex_timedlock(&library_lock, &deadline);
    _exit(err == ETIMEDOUT ? LOCK_STILL_HELD : err == 0 ? 0 : 1);
}

static long show_fork_hazard(void)   /* 1 if the child found the lock held for good */
{
    pthread_t helper;
    pthread_mutex_lock(&gate);
    int err = pthread_create(&helper, NULL, hold_the_lock, NULL);
    if (err != 0)
        die_code(err, "pthread_create");
    while (pthread_mutex_trylock(&library_lock) == 0) {    /* till the helper holds it */
        pthread_mutex_unlock(&library_lock);
        sleep_ms(1);
    }
    fflush(stdout);                /* as before every fork: leave no output to inherit */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0)
        child_tries_the_lock();
    pthread_mutex_unlock(&gate);   /* the helper may let go now */
    if ((err = pthread_join(helper, NULL)) != 0)
        die_code(err, "pthread_join");
    pthread_mutex_lock(&library_lock);         /* here the helper's unlock counts */
    pthread_mutex_unlock(&library_lock);
    printf("fork while another thread holds a lock:\n"
           "  parent: the helper thread unlocked it; we locked it at once\n");
    int status;                    /* waitpid with a deadline: the child cannot hang us */
    pid_t done;
    for (long ms = 0; (done = waitpid(pid, &status, WNOHANG)) == 0 && ms < CHILD_WAIT_MS; ms += 5)
        sleep_ms(5);
    if (done == 0 && kill(pid, SIGKILL) == 0)   /* too late: kill it, reap it */
        done = waitpid(pid, &status, 0);
    if (done == -1)
        die_errno("waitpid");
    bool held = WIFEXITED(status) && WEXITSTATUS(status) == LOCK_STILL_HELD;
    if (held)
        printf("  child:  pthread_mutex_timedlock gave up after %ld ms: the lock is\n"
               "          still held, by a thread that does not exist in the child\n",
               CHILD_DEADLINE_MS);
    else
        printf("  child:  wait status %d: it did not find the lock held\n", status);
    printf("rule: fork before starting threads, or exec at once after fork (posix_spawn\n"
           "      does both); pthread_atfork cannot reach the locks inside libraries\n");
    return held;
}

static const char usage[] =
    "[-n STARTS] [--bench]\n"
    "One worker started by fork, fork + exec, posix_spawn; then fork among threads.\n"
    "  -n STARTS  each way (1-10000, default 20; 500 with --bench)\n"
    "  --bench    -n 500 unless given, and BENCH lines\n";

int main(int argc, char *argv[])
{
    /* The exec'd worker. Python's 'spawn' starts a fresh interpreter that
     * imports our main module again, running all its top-level code: that
     * would start workers again, for ever, but for the __main__ guard. C
     * has no top-level code: exec starts the program at main(), and file-
     * scope variables are only initialised, never run. This test of argv
     * is not a guard; it is how the worker learns its task (spawn pickles
     * the function and its arguments for the same reason). */
    if (argc == 3 && strcmp(argv[1], WORKER_FLAG) == 0) {
        set_program_name(argv[0]);
        worker(parse_long(argv[2], 0, MAX_STARTS, "worker number"), STDOUT_FILENO);
    }
    struct options opt = {.usage = usage, .size = 0, .min_size = 1, .max_size = MAX_STARTS};
    parse_options(argc, argv, &opt);
    struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESETHAND | SA_RESTART};
    sigaction(SIGINT, &sa, NULL);
    long starts = opt.size ? opt.size : opt.bench ? BENCH_STARTS : DEFAULT_STARTS;
    worker_argv[0] = argv[0];

    printf("worker K: the sum of k*k for k in [%ldK, %ldK + %ld), back through a pipe;\n"
           "exec'd: %s %s K\n\n", RANGE, RANGE, RANGE, worker_argv[0], WORKER_FLAG);
    printf("%-22s %6s %12s %6s\n", "way", "starts", "median (us)", "right");
    long right = 0;                /* first, while we run no thread: see below */
    right += time_way("fork", "fork", start_by_fork, starts, opt.bench);
    right += time_way("fork + exec", "fork_exec", start_by_fork_exec, starts, opt.bench);
    right += time_way("posix_spawn", "posix_spawn", start_by_posix_spawn, starts, opt.bench);
    putchar('\n');
    long held = show_fork_hazard();
    if (interrupted)               /* the hazard's child is reaped: now die of it */
        raise(SIGINT);
    check_long("results right, every way", 3 * starts, right);
    check_long("child found the lock held for good (1 = yes)", 1, held);
    return check_status();
}
