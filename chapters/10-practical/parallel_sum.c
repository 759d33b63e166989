/*
 * parallel_sum.c — one sum, split into chunks: workers sum the chunks in
 * parallel, the parent adds up their sums, and the total is the sequential
 * one to the last digit.
 *
 * Python: pool.map(process_chunk, chunks), then sum(results) (seed A,
 *         Example 1, parallel_sum; catalog row 57).
 * C:      an array made before fork, which the children read in place
 *         (copy-on-write: reading copies nothing); fork + one pipe, on which
 *         each worker writes (chunk index, chunk sum) records; the parent
 *         files them by chunk index and adds them. int32_t values, int64_t sums.
 *
 * Usage:  parallel_sum [-j WORKERS] [-n VALUES] [-c CHUNK] [--bench]
 *         defaults: -j online CPUs, -n 5000000 (50000000 with --bench),
 *         -c VALUES / (4 x WORKERS) rounded up: 4 chunks per worker
 * Expect: values: 5000000 int32_t, a permutation of 0..4999999 (19.1 MiB)
 *         32 bits: the running sum passes INT32_MAX (2147483647) at element 856
 *         chunks: 8 of 625000 values, on 2 workers
 *         sum: 12499997500000 (n(n-1)/2 = 12499997500000)
 *         mode                 workers    seconds   speedup  efficiency           GB/s
 *         sequential                 1      0.001     1.00x        100%          16.51
 *         chunks                     2      0.002     0.53x         26%           8.75
 * See also: chapter 08's amdahl.c (the same fork + pipe, for real work);
 *         rolling_stats.c (chunks whose edges matter).
 * Try:    -j 1 (one worker: what is left is the cost of fork and exit);
 *         -n 50000000 (fork copies the page tables of 190 MiB: it costs
 *         more than the sum); -c 1 (a record per value: the pipe is the work).
 * Look for: where 32 bits give up; and that a sum, under a nanosecond a
 *         value, is too little work to pay for a process.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "../03-pipes/framing.h"

#define DEFAULT_VALUES 5000000L
#define BENCH_VALUES 50000000L
#define MAX_VALUES 200000000L      /* 800 MB of int32_t */
#define MAX_WORKERS 64L
#define CHUNKS_PER_WORKER 4
#define RUNS 3                     /* each way: the fastest run is the one shown */
/* A prime above MAX_VALUES: i * STRIDE mod n then visits every residue once. */
#define STRIDE 2654435761u

_Static_assert(sizeof(long) >= sizeof(int64_t), "check_long must hold an int64_t sum");

/* Ctrl-C reaches us and every worker (they inherit this handler). Each
 * notes it: a worker stops after its current chunk, the parent reaps them
 * all, then dies of it (SA_RESETHAND made SIGINT deadly again). */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

static void stop_if_interrupted(void)    /* call only with no child alive */
{
    if (interrupted)
        raise(SIGINT);
}

/* ---- the data: value i is i * STRIDE mod n, a permutation of 0..n-1 in
 * scrambled order. So the sum is known in closed form, n(n-1)/2, and no
 * value needs more than 32 bits, while their sum does long before the end. */

struct job {
    const int32_t *values;
    long n, chunk, chunks;         /* chunk: values per chunk (the last may be short) */
};

static int32_t *make_values(long n)
{
    int32_t *v = calloc((size_t)n, sizeof *v);
    if (!v)
        die_errno("calloc %ld values", n);
    int32_t step = (int32_t)(STRIDE % (uint32_t)n), x = 0;
    for (long i = 0; i < n; i++) {     /* x = i * STRIDE mod n, one addition at a time */
        v[i] = x;
        x += step;                     /* below 2n: no overflow for n <= MAX_VALUES */
        if (x >= n)
            x -= (int32_t)n;
    }
    return v;
}

/* Where an `int` total would have gone wrong: the first element at which
 * the running sum passes INT32_MAX (signed overflow: undefined behaviour
 * in C, in practice a wrap to a large negative number). -1: never. */
static long int32_overflow_at(const int32_t *v, long n)
{
    int64_t sum = 0;
    for (long i = 0; i < n; i++)
        if ((sum += v[i]) > INT32_MAX)
            return i;
    return -1;
}

/* ---- the work: one chunk's sum, in 64 bits. */

static int64_t chunk_sum(const struct job *job, long c)
{
    long first = c * job->chunk, end = first + job->chunk < job->n ? first + job->chunk : job->n;
    int64_t sum = 0;
    for (long i = first; i < end; i++)
        sum += job->values[i];
    return sum;
}

static int64_t sequential_sum(const struct job *job)
{
    int64_t sum = 0;
    for (long c = 0; c < job->chunks; c++)
        sum += chunk_sum(job, c);
    return sum;
}

/* What a worker sends: 16 bytes, far below PIPE_BUF (4096 on Linux), so
 * one write() is never interleaved with another worker's on the shared pipe. */
struct record {
    long chunk;
    int64_t sum;
};

/* Worker w takes chunks w, w + workers, w + 2 x workers, ... It reads the
 * values it inherited: fork gave it the parent's pages marked copy-on-write,
 * and a page is copied only when one side writes it. Nobody writes them
 * now, so all the workers read the very memory the parent filled. (What
 * fork does copy is the page tables: a few bytes per 4 KiB page.) */
static noreturn void worker(const struct job *job, long w, long workers, int out)
{
    for (long c = w; c < job->chunks && !interrupted; c += workers) {
        struct record r = {c, chunk_sum(job, c)};
        if (write_all(out, &r, sizeof r) == -1)
            die_errno("worker %ld: write", w);
    }
    _exit(interrupted ? 1 : 0);
}

/* Files each record under its chunk index; counts the chunks heard of,
 * each once. Tags make order irrelevant: records come in any order. */
static long collect(int in, const struct job *job, int64_t *sums)
{
    bool *seen = calloc((size_t)job->chunks, sizeof *seen);
    if (!seen)
        die_errno("calloc");
    long received = 0;
    struct record r;
    while (read_all(in, &r, sizeof r) == (ssize_t)sizeof r)   /* 0 at end: every worker gone */
        if (r.chunk >= 0 && r.chunk < job->chunks && !seen[r.chunk]) {
            seen[r.chunk] = true;
            sums[r.chunk] = r.sum;
            received++;
        }
    free(seen);
    return received;
}

/* One parallel run: fork the workers, collect, reap, add the chunk sums in
 * chunk order (integers would give the same total in any order; doubles
 * would not, and the index is what would keep the order fixed). */
static int64_t parallel_sum(const struct job *job, long workers, long *received, long *failed)
{
    int64_t *sums = calloc((size_t)job->chunks, sizeof *sums);
    pid_t pid[MAX_WORKERS];
    int fd[2];
    if (!sums)
        die_errno("calloc");
    if (pipe(fd) == -1)
        die_errno("pipe");
    for (long w = 0; w < workers; w++) {
        fflush(stdout);            /* or the child inherits, and prints, our buffer */
        if ((pid[w] = fork()) == -1)
            die_errno("fork");
        if (pid[w] == 0) {
            close(fd[0]);
            worker(job, w, workers, fd[1]);
        }
    }
    close(fd[1]);                  /* ours too, or read_all would never see the end */
    *received += collect(fd[0], job, sums);
    close(fd[0]);
    for (long w = 0; w < workers; w++) {
        int status;
        while (waitpid(pid[w], &status, 0) == -1)
            if (errno != EINTR)
                die_errno("waitpid");
        *failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    stop_if_interrupted();         /* every worker reaped: now we may die of it */
    int64_t total = 0;
    for (long c = 0; c < job->chunks; c++)
        total += sums[c];
    free(sums);
    return total;
}

/* ---- the program: describe the job, time both ways, report, check. */

static void describe(const struct job *job, long workers)
{
    long overflow = int32_overflow_at(job->values, job->n);
    printf("values: %ld int32_t, a permutation of 0..%ld (%.1f MiB)\n", job->n, job->n - 1,
           (double)job->n * 4 / (1 << 20));
    if (overflow >= 0)
        printf("32 bits: the running sum passes INT32_MAX (%d) at element %ld\n", INT32_MAX,
               overflow);
    else
        printf("32 bits: enough for this sum (n(n-1)/2 fits up to n = 65536)\n");
    printf("chunks: %ld of %ld values, on %ld worker%s\n", job->chunks, job->chunk, workers,
           workers > 1 ? "s" : "");
}

struct outcome {
    int64_t sequential, parallel;  /* the last run's sums */
    long same, received, failed;   /* over all runs */
    double seconds[2];             /* the fastest run of each way */
};

/* RUNS rounds of sequential then parallel: the fastest of each is what the
 * table shows (the first touch of memory, a busy machine, slow the others). */
static struct outcome measure(const struct job *job, long workers)
{
    struct outcome o = {.seconds = {1e9, 1e9}};
    for (int run = 0; run < RUNS; run++) {
        double start = now_seconds();
        o.sequential = sequential_sum(job);
        double middle = now_seconds();
        stop_if_interrupted();
        o.parallel = parallel_sum(job, workers, &o.received, &o.failed);
        double end = now_seconds();
        o.same += o.parallel == o.sequential;
        if (middle - start < o.seconds[0])
            o.seconds[0] = middle - start;
        if (end - middle < o.seconds[1])
            o.seconds[1] = end - middle;
    }
    return o;
}

static long chunk_option;          /* -c, 0 until given */

static void on_option(int letter, const char *value)
{
    (void)letter;
    chunk_option = parse_long(value, 1, MAX_VALUES, "values per chunk (-c)");
}

static const char usage[] =
    "[-j WORKERS] [-n VALUES] [-c CHUNK] [--bench]\n"
    "Sum an array in chunks on worker processes; compare with the sequential sum.\n"
    "  -j WORKERS  (1-64, default: online CPUs)\n"
    "  -n VALUES   the array's length (1-200000000, default 5000000)\n"
    "  -c CHUNK    values per chunk (1-200000000, default: 4 chunks per worker)\n"
    "  --bench     -n 50000000 unless given, and BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(), .max_workers = MAX_WORKERS,
                          .min_size = 1, .max_size = MAX_VALUES, .extra_options = "c:",
                          .on_extra = on_option};
    if (opt.workers > MAX_WORKERS)
        opt.workers = MAX_WORKERS;
    parse_options(argc, argv, &opt);
    struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESETHAND};
    sigaction(SIGINT, &sa, NULL);
    long n = opt.size ? opt.size : opt.bench ? BENCH_VALUES : DEFAULT_VALUES, j = opt.workers;
    long per = CHUNKS_PER_WORKER * j, chunk = chunk_option ? chunk_option : (n + per - 1) / per;
    int32_t *values = make_values(n);
    struct job job = {values, n, chunk, (n + chunk - 1) / chunk};

    describe(&job, j);
    struct outcome o = measure(&job, j);
    int64_t closed_form = (int64_t)n * (n - 1) / 2;
    printf("sum: %lld (n(n-1)/2 = %lld)\n", (long long)o.parallel, (long long)closed_form);
    struct report r = {.program = "parallel_sum", .bench = opt.bench, .metric = "GB/s",
                       .metric_key = "gb_per_s"};
    report_add(&r, "sequential", 1, o.seconds[0], (double)n * 4 / o.seconds[0] / 1e9);
    report_add(&r, "chunks", j, o.seconds[1], (double)n * 4 / o.seconds[1] / 1e9);
    report_print(&r);
    putchar('\n');
    check_long("sequential sum, against n(n-1)/2", (long)closed_form, (long)o.sequential);
    check_long("parallel sum, against the sequential one", (long)o.sequential, (long)o.parallel);
    check_long("parallel runs with the sequential sum", RUNS, o.same);
    check_long("chunk sums received, each chunk once a run", RUNS * job.chunks, o.received);
    check_long("workers that failed", 0, o.failed);
    free(values);
    return check_status();
}
