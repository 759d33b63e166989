/*
 * main.c — the driver of exercise 06-chunked-map. DO NOT EDIT: your work
 * goes in task.c. Forks WORKERS worker processes once, each with a task
 * pipe and a result pipe of its own, then calls your chunked_map(), which
 * hands out chunks with send_chunk() and takes replies with next_reply().
 * Task i squares the argument 37 * i % 1009. The driver counts the chunks
 * sent, and the waits that began while a worker sat idle with tasks unsent.
 *
 * Usage: program [-j WORKERS] [-n TASKS] [-c CHUNKSIZE] [-r]
 *   -c 0  automatic chunksize (the default): about four chunks per worker
 *   -r    next_reply() waits until every busy worker has replied, then
 *         hands the replies out last sent first: out of order for certain
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

#define MAX_WORKERS 64
#define MAX_TASKS 100000L
#define NOT_FILLED (-1L)           /* no square is negative */

struct worker {
    pid_t pid;
    int tasks, results;            /* our ends of its two pipes */
    bool landed;                   /* -r: its reply is read, not handed out yet */
    long first, count;             /* the chunk it holds; count 0: idle */
    long sent_as;                  /* that chunk's number: 1, 2, ... in the order sent */
};
static struct worker pool[MAX_WORKERS];
static long workers, n_tasks, turn;        /* turn: where next_reply looks first */
static long *arg, *landing;        /* the arguments; replies land at their index */
static long *times_sent, *times_answered;
static long chunks_sent, largest_chunk, unsent, idle_waits;
static bool reverse;               /* -r */

/* ---- whole messages through a pipe (no signal handler here: no EINTR) ---- */

static void write_all(int fd, const void *data, size_t size)
{
    for (const char *p = data; size > 0;) {
        ssize_t n = write(fd, p, size);
        if (n == -1)
            die_errno("write");
        p += n;
        size -= (size_t)n;
    }
}

/* Returns `size`, or less at the end of the stream. */
static size_t read_all(int fd, void *data, size_t size)
{
    size_t got = 0;
    for (ssize_t n = 1; got < size && n > 0; got += (size_t)n)
        if ((n = read(fd, (char *)data + got, size - got)) == -1)
            die_errno("read");
    return got;
}

/* ---- the workers ------------------------------------------------------------ */

static long *numbers(long n)
{
    long *a = calloc((size_t)n + 1, sizeof *a);    /* + 1: never calloc(0) */
    if (!a)
        die_errno("calloc");
    return a;
}

/* A worker's life: read a chunk (first, count, then the arguments), square
 * each argument, write the reply (first, count, then the results); until
 * the end of its task pipe. */
static noreturn void work(int tasks, int results)
{
    long head[2], *buf = numbers(n_tasks);
    while (read_all(tasks, head, sizeof head) == sizeof head) {
        size_t bytes = (size_t)head[1] * sizeof(long);
        if (read_all(tasks, buf, bytes) != bytes)
            break;
        for (long k = 0; k < head[1]; k++)
            buf[k] *= buf[k];
        write_all(results, head, sizeof head);
        write_all(results, buf, bytes);
    }
    free(buf);
    _exit(0);
}

static long started;

static void start_workers(void)
{
    for (long w = 0; w < workers; w++, started++) {
        int tasks[2], results[2];
        if (pipe(tasks) == -1 || pipe(results) == -1)
            die_errno("pipe");
        fflush(stdout);            /* or the worker repeats what we buffered */
        pid_t pid = fork();
        if (pid == -1)
            die_errno("fork");
        if (pid == 0) {
            for (long k = 0; k < w; k++) {     /* only its own ends stay open */
                close(pool[k].tasks);
                close(pool[k].results);
            }
            close(tasks[1]);
            close(results[0]);
            work(tasks[0], results[1]);
        }
        close(tasks[0]);
        close(results[1]);
        pool[w] = (struct worker){.pid = pid, .tasks = tasks[1], .results = results[0]};
    }
}

/* Closes our ends: an idle worker reads the end of its task pipe and exits;
 * one still writing a reply nobody took ends with SIGPIPE. Reaps them all.
 * Run by exit(), so on every way out: die() and the end of main alike. */
static void stop_workers(void)
{
    for (long w = 0; w < started; w++) {
        close(pool[w].tasks);
        close(pool[w].results);
    }
    for (long w = 0; w < started; w++)
        waitpid(pool[w].pid, NULL, 0);     /* (dying already: no die() here) */
}

/* ---- what task.c calls ------------------------------------------------------ */

void send_chunk(long w, long first, long count)
{
    if (w < 0 || w >= workers)
        die("send_chunk: there is no worker %ld (they are 0 to %ld)", w, workers - 1);
    if (count < 1 || first < 0 || first > n_tasks - count)
        die("send_chunk: first %ld, count %ld: count must be 1 or more, and the tasks"
            " within 0 to %ld", first, count, n_tasks - 1);
    struct worker *k = &pool[w];
    if (k->count > 0)
        die("send_chunk: worker %ld is busy with tasks %ld to %ld: take its reply"
            " (next_reply) before you send it more", w, k->first, k->first + k->count - 1);
    /* The worker is idle, so it is reading: these writes end, however large
     * the chunk. Behind a busy worker they could wait for ever; see the
     * chapter, "The parent never blocks writing to a busy worker". */
    long head[2] = {first, count};
    write_all(k->tasks, head, sizeof head);
    write_all(k->tasks, arg + first, (size_t)count * sizeof(long));
    k->first = first;
    k->count = count;
    k->sent_as = ++chunks_sent;
    largest_chunk = count > largest_chunk ? count : largest_chunk;
    for (long i = first; i < first + count; i++)
        unsent -= times_sent[i]++ == 0;
}

/* Reads worker k's whole reply; its results land at their own index. */
static void land(struct worker *k)
{
    long head[2];
    size_t bytes = (size_t)k->count * sizeof(long);
    if (read_all(k->results, head, sizeof head) != sizeof head || head[0] != k->first ||
        head[1] != k->count || read_all(k->results, landing + k->first, bytes) != bytes)
        die("worker %ld: its reply is missing or wrong", (long)(k - pool));
    for (long i = k->first; i < k->first + k->count; i++)
        times_answered[i]++;
    k->landed = true;
}

/* A busy worker whose reply has come (poll), looking from `turn` on. */
static struct worker *first_ready(void)
{
    struct pollfd fds[MAX_WORKERS];
    for (long w = 0; w < workers; w++)
        fds[w] = (struct pollfd){.fd = pool[w].count > 0 ? pool[w].results : -1,
                                 .events = POLLIN};
    if (poll(fds, (nfds_t)workers, -1) == -1)
        die_errno("poll");
    long w = turn;
    while (fds[w].revents == 0)    /* poll returned > 0: one has some */
        w = (w + 1) % workers;
    turn = (w + 1) % workers;
    land(&pool[w]);
    return &pool[w];
}

/* -r: once every reply out has landed, the one whose chunk was sent last. */
static struct worker *last_sent(void)
{
    struct worker *last = NULL;
    bool any = false;
    for (long w = 0; w < workers; w++)
        any = any || pool[w].landed;
    for (long w = 0; w < workers && !any; w++)
        if (pool[w].count > 0)
            land(&pool[w]);
    for (long w = 0; w < workers; w++)
        if (pool[w].landed && (!last || pool[w].sent_as > last->sent_as))
            last = &pool[w];
    return last;
}

struct reply next_reply(void)
{
    long busy = 0;
    for (long w = 0; w < workers; w++)
        busy += pool[w].count > 0;
    if (busy == 0)
        die("next_reply: no worker holds a chunk, so no reply will come");
    if (busy < workers && unsent > 0)
        idle_waits++;              /* a worker idles while tasks wait */
    struct worker *k = reverse ? last_sent() : first_ready();
    struct reply r = {k - pool, k->first, k->count, landing + k->first};
    k->count = 0;
    k->landed = false;
    return r;
}

/* ---- the run ---------------------------------------------------------------- */

static long chunksize;             /* -c */

static void on_option(int letter, const char *value)
{
    if (letter == 'c')
        chunksize = parse_long(value, 0, MAX_TASKS, "chunksize (-c)");
    else
        reverse = true;
}

static const char usage[] =
    "[-j WORKERS] [-n TASKS] [-c CHUNKSIZE] [-r]\n"
    "Your chunked_map() hands out a map's tasks to worker processes in chunks.\n"
    "  -j WORKERS    worker processes (1-64, default 4)\n"
    "  -n TASKS      (0-100000, default 100)\n"
    "  -c CHUNKSIZE  tasks per chunk (0-100000, default 0: automatic)\n"
    "  -r            next_reply() hands out replies last sent first\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_WORKERS,
                          .size = 100, .min_size = 0, .max_size = MAX_TASKS,
                          .extra_options = "c:r", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long n = opt.size;
    n_tasks = unsent = n;
    workers = opt.workers;
    long size = chunksize > 0 ? chunksize : (n + 4 * workers - 1) / (4 * workers);
    long *results = numbers(n);
    arg = numbers(n);
    landing = numbers(n);
    times_sent = numbers(n);
    times_answered = numbers(n);
    for (long i = 0; i < n; i++) {
        arg[i] = 37 * i % 1009;
        results[i] = NOT_FILLED;
    }
    printf("tasks: %ld\nworkers: %ld\nchunksize: %ld%s\n", n, workers, size,
           chunksize > 0 ? "" : " (automatic)");
    if (atexit(stop_workers) != 0)
        die("atexit");
    start_workers();
    chunked_map(n, chunksize, workers, results);
    long not_taken = 0, once = 0, in_place = 0;
    for (long w = 0; w < workers; w++)
        not_taken += pool[w].count > 0;
    for (long i = 0; i < n; i++) {
        once += times_sent[i] == 1 && times_answered[i] == 1;
        in_place += results[i] == arg[i] * arg[i];
    }
    printf("result: finished\nchunks sent: %ld\nlargest chunk: %ld\n"
           "tasks answered exactly once: %ld of %ld\n"
           "waits with a worker idle and tasks unsent: %ld\nreplies not taken: %ld\nresults:",
           chunks_sent, largest_chunk, once, n, idle_waits, not_taken);
    for (long i = 0; i < n; i++)
        printf(" %ld", results[i]);
    printf("\n");
    check_long("chunks sent", n > 0 ? (n + size - 1) / size : 0, chunks_sent);
    check_long("largest chunk", n < size ? n : size, largest_chunk);
    check_long("tasks answered exactly once", n, once);
    check_long("results in their place", n, in_place);
    check_long("waits with a worker idle and tasks unsent", 0, idle_waits);
    check_long("replies not taken", 0, not_taken);
    free(results);
    free(arg);
    free(landing);
    free(times_sent);
    free(times_answered);
    return check_status();
}
