/*
 * main.c — the driver of exercise 07-reproducible-pi. DO NOT EDIT: your
 * work goes in task.c. Counts the points inside the quarter circle itself,
 * in one loop over every point, then forks WORKERS processes that each
 * call your count_inside() once, adds their counts and compares. While
 * your workers run, it counts their calls of point() and marks, in memory
 * they all share, the points those calls asked for.
 *
 * Usage: program [-j WORKERS] [-n POINTS]
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

#define MAX_WORKERS 64L
#define MAX_POINTS 10000000L

static long n_points;              /* -n */
static unsigned char *asked_for;   /* shared: asked_for[i] is 1 once point i was */
static long calls;                 /* this process's calls of point() */

/* The hash behind the points, splitmix64 as in the chapter's
 * monte_carlo_pi.c: every bit of the result depends on every bit of i. */
static uint64_t splitmix64(uint64_t i)
{
    uint64_t z = i * 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Point i: 31 bits of the hash for x, 31 others for y. */
static void coordinates(long i, uint64_t *x, uint64_t *y)
{
    uint64_t h = splitmix64((uint64_t)i);
    *x = h >> 33;
    *y = (h >> 2) & 0x7fffffffu;
}

void point(long i, uint64_t *x, uint64_t *y)
{
    if (i < 0 || i >= n_points)
        die("point(%ld): there are %ld points, numbered from 0", i, n_points);
    calls++;
    asked_for[i] = 1;
    coordinates(i, x, y);
}

/* x^2 + y^2 < 2^62, in integers: exact, no rounding to differ anywhere. */
bool inside_quarter_circle(uint64_t x, uint64_t y)
{
    return x * x + y * y < (uint64_t)1 << 62;
}

/* The reference: every point, in order, in this process alone. It does
 * not go through point(), so it neither counts nor marks anything. */
static long inside_one_process(long n)
{
    long inside = 0;
    for (long i = 0; i < n; i++) {
        uint64_t x, y;
        coordinates(i, &x, &y);
        inside += inside_quarter_circle(x, y);
    }
    return inside;
}

/* What a worker sends back: 24 bytes, less than PIPE_BUF, so one write
 * arrives whole and never mixed with another worker's. */
struct tally {
    long worker, inside, calls;
};

static noreturn void run_worker(int fd, long w, long workers)
{
    calls = 0;
    struct tally t = {.worker = w, .inside = count_inside(w, workers, n_points)};
    t.calls = calls;
    _exit(write(fd, &t, sizeof t) == (ssize_t)sizeof t ? 0 : 1);
}

/* Forks the workers, reads their tallies (tally[w].worker stays -1 for
 * one that sent nothing), reaps them all; returns how many exited 0. */
static long run_workers(long workers, struct tally *tally)
{
    pid_t pid[MAX_WORKERS];
    int fd[2];
    if (pipe(fd) == -1)
        die_errno("pipe");
    for (long w = 0; w < workers; w++) {
        fflush(stdout);            /* or the child repeats what we buffered */
        pid[w] = fork();
        if (pid[w] == -1)
            die_errno("fork");
        if (pid[w] == 0) {
            close(fd[0]);
            run_worker(fd[1], w, workers);
        }
    }
    close(fd[1]);                  /* so the reads below see the end */
    for (long w = 0; w < workers; w++)
        tally[w] = (struct tally){.worker = -1};
    struct tally t;
    while (read(fd[0], &t, sizeof t) == (ssize_t)sizeof t)
        if (t.worker >= 0 && t.worker < workers)
            tally[t.worker] = t;
    close(fd[0]);
    long finished = 0;
    for (long w = 0; w < workers; w++) {
        int status;
        if (waitpid(pid[w], &status, 0) == -1)
            die_errno("waitpid");
        finished += WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    return finished;
}

static const char usage[] =
    "[-j WORKERS] [-n POINTS]\n"
    "Counts the points inside the quarter circle with your count_inside(),\n"
    "one call in each of WORKERS processes, and compares with one loop.\n"
    "  -j WORKERS  (1-64, default 4)\n"
    "  -n POINTS   (0-10000000, default 1000000)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_WORKERS,
                          .size = 1000000, .min_size = 0, .max_size = MAX_POINTS};
    parse_options(argc, argv, &opt);
    long n = n_points = opt.size, workers = opt.workers;
    size_t map_size = n > 0 ? (size_t)n : 1;
    asked_for = mmap(NULL, map_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (asked_for == MAP_FAILED)
        die_errno("mmap");         /* the mapping comes zeroed: nothing asked for yet */
    printf("points: %ld\nworkers: %ld\n", n, workers);

    long reference = inside_one_process(n);
    struct tally tally[MAX_WORKERS];
    long finished = run_workers(workers, tally);
    long inside = 0, looked_at = 0, never = 0;
    for (long w = 0; w < workers; w++) {
        if (tally[w].worker < 0) {
            printf("worker %ld: sent nothing\n", w);
            continue;
        }
        printf("worker %ld: inside %ld, points looked at %ld\n", w, tally[w].inside,
               tally[w].calls);
        inside += tally[w].inside;
        looked_at += tally[w].calls;
    }
    for (long i = 0; i < n; i++)
        never += asked_for[i] == 0;
    if (munmap(asked_for, map_size) == -1)
        die_errno("munmap");

    printf("inside, one process: %ld\ninside: %ld\n", reference, inside);
    printf("points looked at: %ld\npoints never looked at: %ld\n", looked_at, never);
    if (n > 0)
        printf("pi ~ %.10f from %ld of %ld points\n", 4.0 * (double)inside / (double)n,
               inside, n);
    else
        printf("pi ~ nothing to estimate from 0 points\n");
    check_long("workers that finished", workers, finished);
    check_long("inside, the same as in one process", reference, inside);
    /* n calls in all and no point missed: each point exactly once. */
    check_long("points looked at (calls of point())", n, looked_at);
    check_long("points never looked at", 0, never);
    return check_status();
}
