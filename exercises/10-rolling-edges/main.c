/*
 * main.c — the driver of exercise 10-rolling-edges. DO NOT EDIT: your
 * work goes in task.c. Makes a series of integers, computes its rolling
 * mean and standard deviation in one loop, then forks WORKERS processes
 * that share out CHUNKS chunks: for each one, a worker asks your
 * chunk_input() which values to read, copies exactly those, and lets your
 * rolling_chunk() write the chunk's outputs into memory every process
 * shares. The two results are then compared, bit for bit.
 *
 * Usage: program [-j WORKERS] [-n VALUES] [-w WINDOW] [-k CHUNKS]
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

#define MAX_WORKERS 64L
#define MAX_VALUES 2000000L
#define MAX_WINDOW 10000L
#define MAX_CHUNKS 100000L
#define SHOWN 20L                  /* chunks described, at most */
#define BAD_INPUT 3                /* a worker's exit code for a range it cannot read */

const struct stats not_full = {NAN, NAN};

/* Value i: integers below 1160, so every sum below is exact (in awk's
 * doubles as well: the check works the shown outputs out itself). */
static int32_t value_at(long i)
{
    return (int32_t)(i * 7919 % 1009 + i % 31 * 5);
}

void chunk_outputs(long chunk, long chunks, long n, long *begin, long *end)
{
    *begin = n * chunk / chunks;
    *end = n * (chunk + 1) / chunks;
}

/* The sample standard deviation (n - 1, as pandas): NaN for w = 1. */
struct stats window_stats(int64_t sum, int64_t sum_sq, long w)
{
    int64_t spread = (int64_t)w * sum_sq - sum * sum;     /* w^2 x the population variance */
    return (struct stats){(double)sum / (double)w,
                          sqrt((double)spread / ((double)w * (double)(w - 1)))};
}

/* The reference: one loop over the whole series, in this process. */
static void rolling_one_process(const int32_t *x, long n, long w, struct stats *out)
{
    int64_t sum = 0, sum_sq = 0;
    for (long i = 0; i < n; i++) {
        sum += x[i];
        sum_sq += (int64_t)x[i] * x[i];
        if (i >= w) {
            sum -= x[i - w];
            sum_sq -= (int64_t)x[i - w] * x[i - w];
        }
        out[i] = i + 1 >= w ? window_stats(sum, sum_sq, w) : not_full;
    }
}

/* Values first .. last - 1, in memory of their own: reading outside them
 * is an error valgrind and the address sanitizer see. */
static int32_t *copy_of(const int32_t *x, long first, long last)
{
    size_t size = (size_t)(last - first) * sizeof *x;
    int32_t *in = malloc(size);
    if (in)
        return memcpy(in, x + first, size);
    die_errno("malloc %zu bytes", size);
}

/* Worker p takes chunks p, p + workers, ...; each chunk reads a copy of
 * the values chunk_input() names (a range that does not hold the chunk's
 * outputs is refused: exit BAD_INPUT) and writes its own outputs. */
static noreturn void worker(const int32_t *x, long n, long w, long chunks, long p, long workers,
                            struct stats *out)
{
    for (long c = p; c < chunks; c += workers) {
        long begin, end, first, last;
        chunk_outputs(c, chunks, n, &begin, &end);
        chunk_input(c, chunks, n, w, &first, &last);
        if (first < 0 || first > begin || last < end || last > n)
            _exit(BAD_INPUT);
        int32_t *in = copy_of(x, first, last);
        rolling_chunk(in, first, begin, end, w, out);
        free(in);
    }
    _exit(0);
}

static uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static void print_stat(const char *name, double v)
{
    if (isnan(v))
        printf(" %s none", name);
    else
        printf(" %s %.6f", name, v);
}

static long window = 50, chunks = 8;

static void on_option(int letter, const char *value)
{
    if (letter == 'w')
        window = parse_long(value, 1, MAX_WINDOW, "window (-w)");
    else
        chunks = parse_long(value, 1, MAX_CHUNKS, "chunks (-k)");
}

static const char usage[] =
    "[-j WORKERS] [-n VALUES] [-w WINDOW] [-k CHUNKS]\n"
    "A rolling mean and std in CHUNKS chunks on WORKERS processes, through your\n"
    "chunk_input() and rolling_chunk(), compared with one loop.\n"
    "  -j WORKERS  (1-64, default 4)\n"
    "  -n VALUES   the series' length (1-2000000, default 100000)\n"
    "  -w WINDOW   values per window (1-10000, at most VALUES; default 50)\n"
    "  -k CHUNKS   (1-100000, at most VALUES; default 8)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_WORKERS,
                          .size = 100000, .min_size = 1, .max_size = MAX_VALUES,
                          .extra_options = "w:k:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long n = opt.size, w = window, k = chunks, workers = opt.workers;
    if (w > n)
        usage_error("window (-w) %ld longer than the series (-n %ld)", w, n);
    if (k > n)
        usage_error("more chunks (-k %ld) than values (-n %ld)", k, n);
    int32_t *x = malloc((size_t)n * sizeof *x);
    struct stats *reference = malloc((size_t)n * sizeof *reference);
    if (!x || !reference)
        die_errno("malloc");
    for (long i = 0; i < n; i++)
        x[i] = value_at(i);
    rolling_one_process(x, n, w, reference);

    size_t map_size = (size_t)n * sizeof(struct stats);
    struct stats *out = mmap(NULL, map_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                             -1, 0);
    if (out == MAP_FAILED)
        die_errno("mmap");
    memset(out, 0xff, map_size);   /* all bits set: a NaN no computation makes */
    printf("values: %ld\nwindow: %ld\nchunks: %ld\nworkers: %ld\n", n, w, k, workers);

    pid_t pid[MAX_WORKERS];
    for (long p = 0; p < workers; p++) {
        fflush(stdout);            /* or the child repeats what we buffered */
        if ((pid[p] = fork()) == -1)
            die_errno("fork");
        if (pid[p] == 0)
            worker(x, n, w, k, p, workers, out);
    }
    long finished = 0, refused = 0;
    for (long p = 0; p < workers; p++) {
        int status;
        if (waitpid(pid[p], &status, 0) == -1)
            die_errno("waitpid");
        finished += WIFEXITED(status) && WEXITSTATUS(status) == 0;
        refused += WIFEXITED(status) && WEXITSTATUS(status) == BAD_INPUT;
    }

    long right_inputs = 0;
    for (long c = 0; c < k; c++) {
        long begin, end, first, last;
        chunk_outputs(c, k, n, &begin, &end);
        chunk_input(c, k, n, w, &first, &last);
        right_inputs += first == (begin > w - 1 ? begin - (w - 1) : 0) && last == end;
        if (c < SHOWN) {
            printf("chunk %ld: outputs [%ld, %ld), input [%ld, %ld), first output", c, begin,
                   end, first, last);
            print_stat("mean", out[begin].mean);
            print_stat("std", out[begin].std);
            printf("\n");
        }
    }
    if (k > SHOWN)
        printf("(chunks %ld to %ld not shown)\n", SHOWN, k - 1);
    long differ = 0, unwritten = 0;
    for (long i = 0; i < n; i++) {
        differ += bits(out[i].mean) != bits(reference[i].mean) ||
                  bits(out[i].std) != bits(reference[i].std);
        unwritten += bits(out[i].mean) == UINT64_MAX && bits(out[i].std) == UINT64_MAX;
    }
    printf("outputs that differ from one process: %ld\noutputs never written: %ld\n", differ,
           unwritten);
    if (munmap(out, map_size) == -1)
        die_errno("munmap");
    free(reference);
    free(x);
    check_long("workers that finished", workers, finished);
    check_long("workers given an input range that misses outputs", 0, refused);
    check_long("chunks reading exactly their outputs and the w - 1 values before", k,
               right_inputs);
    check_long("outputs never written", 0, unwritten);
    check_long("outputs that differ from one process, bit for bit", 0, differ);
    return check_status();
}
