/*
 * task_workers.c — workers pull tasks from a joinable queue with a timeout
 * and print under a lock; the parent waits until every task is done, then
 * sends one sentinel per worker.
 *
 * Python: worker_function with shared_queue.get(timeout=1), a print_lock,
 *         task_queue.join(), then one None per worker (seed B; row 21).
 * C:      queue_open_joinable, queue_get_timeout, queue_task_done and
 *         queue_join of queue.h; a process-shared mutex around printing.
 *
 * Usage:  task_workers [-j WORKERS] [-n TASKS] [-q pipe|shm]
 *         defaults: -j online CPUs, -n 20 tasks of 40 ms, -q pipe
 * Expect: [worker-1 4243] processed Task-0
 *         ...
 *         join returned: 10 of 10 tasks reported done
 *         [worker-2 4244] no task for 100 ms; waiting on
 *         ... the second half of the tasks, then:
 *         worker-1: 10 tasks, 4 timeouts  ...
 * See also: queue.h (the joinable part), pipeline.c.
 * Try:    -j 1; -q shm; move queue_task_done before the put of the result
 *         and see whether join can return before every result is in.
 * Look for: join returning only when the last task of a half is done.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <stdarg.h>
#include <stdio.h>

#include "common.h"
#include "process.h"
#include "queue.h"

#define MAX_WORKERS 32L
#define MAX_TASKS 1000L
#define TASK_MS 40                 /* the tutorial's time.sleep(0.1), shorter */
#define PATIENCE_MS 100            /* how long a get waits before saying so */
#define PAUSE_MS 400               /* the parent's pause between the halves */
#define SENTINEL (-1L)

struct task {
    long number;                   /* 0, 1, ... or SENTINEL */
    char name[32];                 /* "Task-7" */
};

struct progress {                  /* one per task done, then one per worker */
    long worker, task;             /* task SENTINEL: the worker's last report */
    long tasks_done, timeouts;
};

static struct queue tasks, reports;
static pthread_mutex_t *print_lock;    /* in shared memory, process-shared */

/* Every line, the parent's too, goes out whole and at once: the lock
 * keeps another process's line from starting in the middle of ours, and
 * the flush writes it while we still hold the lock. (Without the flush,
 * stdout to a pipe or file waits until its buffer is full: the lines would
 * come out in whatever order the buffers filled.) */
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lock(print_lock);
    vprintf(fmt, ap);
    fflush(stdout);
    unlock(print_lock);
    va_end(ap);
}

static int worker(long id)
{
    long done = 0, timeouts = 0;
    pid_t parent = getppid();
    struct task t;
    for (;;) {
        if (!queue_get_timeout(&tasks, &t, PATIENCE_MS)) {
            timeouts++;
            /* What the timeout is for: a worker that only waited would wait
             * for ever if the parent died before sending its sentinel. An
             * orphan is adopted by another process, so getppid() changes. */
            if (getppid() != parent)
                return 1;
            say("[worker-%ld %ld] no task for %d ms; waiting on\n", id, (long)getpid(),
                PATIENCE_MS);
            continue;
        }
        if (t.number == SENTINEL)
            break;
        sleep_ms(TASK_MS);         /* the work */
        say("[worker-%ld %ld] processed %s\n", id, (long)getpid(), t.name);
        queue_put(&reports, &(struct progress){.worker = id, .task = t.number});
        done++;
        queue_task_done(&tasks);   /* after the report: join then means "reported" */
    }
    queue_task_done(&tasks);       /* the sentinel was put too: it counts */
    queue_put(&reports, &(struct progress){id, SENTINEL, done, timeouts});
    return 0;
}

/* Takes every report there is now, without waiting; marks each task
 * done in times_done[] and prints the workers' last reports. */
static long take_reports(long *times_done, long tasks_total)
{
    long taken = 0;
    struct progress r;
    while (queue_get_timeout(&reports, &r, 0)) {
        if (r.task == SENTINEL)
            printf("worker-%ld: %ld tasks, %ld timeouts\n", r.worker, r.tasks_done, r.timeouts);
        else if (r.task >= 0 && r.task < tasks_total)
            times_done[r.task]++;
        taken += r.task != SENTINEL;
    }
    return taken;
}

static void put_tasks(long from, long to)
{
    for (long i = from; i < to; i++) {
        struct task t = {.number = i};
        snprintf(t.name, sizeof t.name, "Task-%ld", i);
        queue_put(&tasks, &t);
    }
}

/* The tasks in two halves, a pause between them. Returns how many tasks
 * had been reported done when the first join returned. */
static long give_tasks(long half, long total, long *times_done)
{
    put_tasks(0, half);
    queue_join(&tasks);
    long first = take_reports(times_done, total);
    say("join returned: %ld of %ld tasks reported done\n", first, half);
    sleep_ms(PAUSE_MS);            /* nothing to do: the workers' gets time out */
    put_tasks(half, total);
    queue_join(&tasks);
    say("join returned: all %ld tasks done; now one sentinel per worker\n", total);
    return first;
}

static pthread_mutex_t *shared_mutex(void)
{
    pthread_mutex_t *m = mmap(NULL, sizeof(pthread_mutex_t), PROT_READ | PROT_WRITE,
                              MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        die_errno("mmap");
    init_shared_mutex(m);
    return m;
}

static enum queue_kind kind = QUEUE_PIPE;

static void on_option(int letter, const char *value)
{
    (void)letter;
    kind = parse_queue_kind(value);
}

static const char usage[] =
    "[-j WORKERS] [-n TASKS] [-q pipe|shm]\n"
    "Workers take tasks with a timeout; the parent joins the queue, then stops them.\n"
    "  -j WORKERS  (1-32, default: online CPUs)\n"
    "  -n TASKS    tasks of 40 ms, given in two halves (2-1000, default 20)\n"
    "  -q KIND     the queue: pipe or shm (shared-memory ring), default pipe\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(), .max_workers = MAX_WORKERS,
                          .size = 20, .min_size = 2, .max_size = MAX_TASKS,
                          .extra_options = "q:", .on_extra = on_option};
    if (opt.workers > MAX_WORKERS)
        opt.workers = MAX_WORKERS;
    parse_options(argc, argv, &opt);

    queue_open_joinable(&tasks, kind, sizeof(struct task), (size_t)opt.size);
    queue_open(&reports, kind, sizeof(struct progress), (size_t)(opt.size + opt.workers));
    print_lock = shared_mutex();
    pid_t pid[MAX_WORKERS];
    for (long w = 0; w < opt.workers; w++)
        pid[w] = start_process(worker, w + 1);

    long times_done[MAX_TASKS] = {0}, half = opt.size / 2;
    long first = give_tasks(half, opt.size, times_done);
    for (long w = 0; w < opt.workers; w++)
        queue_put(&tasks, &(struct task){.number = SENTINEL});
    long exited_0 = 0, once = 0;
    for (long w = 0; w < opt.workers; w++)
        exited_0 += join_process(pid[w]) == 0;
    take_reports(times_done, opt.size);
    for (long i = 0; i < opt.size; i++)
        once += times_done[i] == 1;

    queue_close(&tasks);
    queue_close(&reports);
    pthread_mutex_destroy(print_lock);
    munmap(print_lock, sizeof(pthread_mutex_t));
    check_long("tasks reported when the first join returned", half, first);
    check_long("tasks done exactly once", opt.size, once);
    check_long("workers that exited 0", opt.workers, exited_0);
    return check_status();
}
