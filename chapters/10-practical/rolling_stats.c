/*
 * rolling_stats.c — a rolling mean and standard deviation over a long
 * series, in chunks on worker processes. A window needs the w - 1 values
 * before its last: chunks that read them (overlap) give the sequential
 * result bit for bit; chunks that start at their own first value get their
 * first w - 1 outputs wrong.
 *
 * Python: np.array_split(df, k), then pool.map of rolling(window=w).mean()
 *         and .std() over the chunks (seed B, "Integration with pandas";
 *         catalog row 63): the naive kind, NaN where a window is not full.
 * C:      the series made before fork, read by the children in place; each
 *         chunk's outputs written into its slice of a MAP_SHARED mapping;
 *         int64_t running sums of x and x^2; memcmp to compare the bits.
 *
 * Usage:  rolling_stats [-j WORKERS] [-n VALUES] [-w WINDOW] [-k CHUNKS] [--bench]
 *         defaults: -j online CPUs, -n 1000000 (10000000 with --bench),
 *         -w 50, -k 8
 * Expect: output 125000, the first of chunk 1:
 *           sequential  mean 4641.820000  std 12.543296
 *           overlap     mean 4641.820000  std 12.543296
 *           naive       mean nan  std nan
 *         check: naive chunks: outputs that differ, (k - 1)(w - 1) = 343 (expected 343) ok
 * See also: parallel_sum.c (chunks with no edges to care about).
 * Try:    -w 2 (one value of overlap); -k 1 (no edge: nothing goes wrong);
 *         -k 1000 -w 1000 (a million values, nearly all wrong without overlap).
 * Look for: the naive outputs that differ, all where a chunk starts; and
 *         the time: a window costs nanoseconds, a process far more.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#define DEFAULT_VALUES 1000000L
#define BENCH_VALUES 10000000L
#define MAX_VALUES 20000000L
#define DEFAULT_WINDOW 50L
#define MAX_WINDOW 10000L
#define DEFAULT_CHUNKS 8L
#define MAX_CHUNKS 100000L
#define MAX_WORKERS 64L
#define TOP 10000                  /* the walk stays in [0, TOP] */
#define RUNS 3                     /* each way: the fastest run is the one shown */
/* Ctrl-C reaches us and every worker (they inherit this handler): a worker
 * stops after its chunk, the parent reaps them all, then dies of it. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

/* ---- the series: a random walk, steps of -8..8 from a hash of the
 * index, reflected at 0 and TOP. Integers on purpose: see window_stats. */
static int32_t *make_series(long n)
{
    int32_t *x = calloc((size_t)n, sizeof *x), v = TOP / 2;
    if (!x)
        die_errno("calloc %ld values", n);
    for (long i = 0; i < n; i++) {
        uint64_t z = (uint64_t)i;  /* a hash of i: splitmix64's finaliser */
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        v += (int32_t)((z ^ (z >> 31)) % 17) - 8;
        v = v < 0 ? -v : v > TOP ? 2 * TOP - v : v;
        x[i] = v;
    }
    return x;
}

/* ---- one output: the mean and the sample standard deviation (n - 1, as
 * pandas) of the window that ends at value i. */
struct stats { double mean, std; };

/* Why the bits cannot differ: integer sums are exact however they were
 * reached (a running sum started anywhere), so a chunk holds the same two
 * integers as the sequential run at every output, and the same integers
 * through the same operations give the same double (IEEE 754 rounds each
 * one way only). With double values, a running sum would carry the
 * rounding errors of where it started: a chunk would differ in the last
 * bits. */
static struct stats window_stats(int64_t sum, int64_t sum_sq, long w)
{
    int64_t spread = (int64_t)w * sum_sq - sum * sum;     /* w^2 x the population variance */
    return (struct stats){(double)sum / (double)w,
                          sqrt((double)spread / ((double)w * (double)(w - 1)))};
}

/* Outputs begin..end-1, reading values from `from` on: begin - (w - 1) is
 * the overlap that fills the first window, begin the naive chunk. Where
 * fewer than w values were read: NaN (pandas' min_periods = w). */
static void rolling(const int32_t *x, long from, long begin, long end, long w, struct stats *out)
{
    int64_t sum = 0, sum_sq = 0;
    for (long i = from; i < end; i++) {
        sum += x[i];
        sum_sq += (int64_t)x[i] * x[i];
        if (i - from >= w) {       /* the value that leaves the window */
            sum -= x[i - w];
            sum_sq -= (int64_t)x[i - w] * x[i - w];
        }
        if (i >= begin)
            out[i] = i - from + 1 >= w ? window_stats(sum, sum_sq, w)
                                       : (struct stats){NAN, NAN};
    }
}

/* ---- chunks as np.array_split's: chunk c is [n c / k, n (c + 1) / k);
 * the sequential run is rolling() over the whole series. */
struct job { const int32_t *x; long n, w, chunks; };

static long chunk_begin(const struct job *job, long c)
{
    return job->n * c / job->chunks;
}

/* Worker `first` takes chunks first, first + workers, ..., each written
 * into its own slice of the mapping: no output is written twice, no lock. */
static noreturn void worker(const struct job *job, long first, long workers, bool overlap,
                            struct stats *out)
{
    for (long c = first; c < job->chunks && !interrupted; c += workers) {
        long begin = chunk_begin(job, c), end = chunk_begin(job, c + 1);
        long from = overlap ? (begin >= job->w - 1 ? begin - (job->w - 1) : 0) : begin;
        rolling(job->x, from, begin, end, job->w, out);
    }
    _exit(interrupted ? 1 : 0);
}

/* One parallel run; returns the workers that failed. The workers' writes
 * are done before they exit, so the parent sees them all once reaped. */
static long run_chunks(const struct job *job, long workers, bool overlap, struct stats *out)
{
    pid_t pid[MAX_WORKERS];
    long failed = 0;
    for (long p = 0; p < workers; p++) {
        fflush(stdout);            /* or the child inherits, and prints, our buffer */
        if ((pid[p] = fork()) == -1)
            die_errno("fork");
        if (pid[p] == 0)
            worker(job, p, workers, overlap, out);
    }
    for (long p = 0; p < workers; p++) {
        int status;
        while (waitpid(pid[p], &status, 0) == -1)
            if (errno != EINTR)
                die_errno("waitpid");
        failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    if (interrupted)               /* every worker reaped: now we may die of it */
        raise(SIGINT);
    return failed;
}

/* MAP_SHARED: the children's writes land in the pages we read, not in
 * copies of their own; MAP_ANONYMOUS: no name, nothing to leave behind. */
static struct stats *map_outputs(long n)
{
    struct stats *out = mmap(NULL, (size_t)n * sizeof *out, PROT_READ | PROT_WRITE,
                             MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (out == MAP_FAILED)
        die_errno("mmap");
    return out;
}

/* ---- timing (the fastest of RUNS) and comparing, bit for bit: as
 * integers, since NaN is not even == to itself, but its bits are. */
enum { SEQUENTIAL, OVERLAP, NAIVE, WAYS };

static double time_way(const struct job *job, int way, long workers, struct stats *out,
                       long *failed)
{
    double best = 1e9;
    for (int run = 0; run < RUNS; run++) {
        double start = now_seconds();
        if (way == SEQUENTIAL)
            rolling(job->x, 0, 0, job->n, job->w, out);
        else
            *failed += run_chunks(job, workers, way == OVERLAP, out);
        double t = now_seconds() - start;
        best = t < best ? t : best;
        if (interrupted)
            raise(SIGINT);
    }
    return best;
}

static uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

/* Outputs that differ from `expected`; `at_edges`: of those, how many lie
 * where naive chunking is wrong, the first w - 1 outputs of chunks 1.. */
static long differing(const struct job *job, const struct stats *expected,
                      const struct stats *got, long *at_edges)
{
    long differ = 0, c = 0;
    *at_edges = 0;
    for (long i = 0; i < job->n; i++) {
        while (c + 1 < job->chunks && i >= chunk_begin(job, c + 1))
            c++;
        if (bits(expected[i].mean) != bits(got[i].mean) ||
            bits(expected[i].std) != bits(got[i].std)) {
            differ++;
            *at_edges += c > 0 && i - chunk_begin(job, c) < job->w - 1;
        }
    }
    return differ;
}

static void print_sample(const struct job *job, struct stats *const out[WAYS])
{
    static const char *const name[WAYS] = {"sequential", "overlap", "naive"};
    long i = job->chunks > 1 ? chunk_begin(job, 1) : job->w - 1;
    printf(job->chunks > 1 ? "output %ld, the first of chunk 1:\n"
                           : "output %ld, the first full window (one chunk: no edge):\n", i);
    for (int way = 0; way < WAYS; way++)
        printf("  %-10s  mean %.6f  std %.6f\n", name[way], out[way][i].mean, out[way][i].std);
}

static void check_outputs(const struct job *job, struct stats *const out[WAYS], long failed)
{
    long ignored, wrong_overlap = differing(job, out[SEQUENTIAL], out[OVERLAP], &ignored);
    long edges, wrong_naive = differing(job, out[SEQUENTIAL], out[NAIVE], &edges);
    check_long("chunks with overlap: outputs that differ", 0, wrong_overlap);
    check_long("naive chunks: outputs that differ, (k - 1)(w - 1)",
               (job->chunks - 1) * (job->w - 1), wrong_naive);
    check_long("naive chunks: of those, in the first w - 1 of a chunk", wrong_naive, edges);
    check_long("workers that failed", 0, failed);
}

static long window = DEFAULT_WINDOW, chunks = DEFAULT_CHUNKS;

static void on_option(int letter, const char *value)
{
    if (letter == 'w')
        window = parse_long(value, 2, MAX_WINDOW, "window (-w)");
    else
        chunks = parse_long(value, 1, MAX_CHUNKS, "chunks (-k)");
}

static const char usage[] =
    "[-j WORKERS] [-n VALUES] [-w WINDOW] [-k CHUNKS] [--bench]\n"
    "Rolling mean and standard deviation in chunks: with overlap, and naively.\n"
    "  -j WORKERS  (1-64, default: online CPUs)\n"
    "  -n VALUES   the series' length (1-20000000, default 1000000)\n"
    "  -w WINDOW   values per window (2-10000, default 50)\n"
    "  -k CHUNKS   (1-100000, default 8); a chunk must hold a window: n / k >= w\n"
    "  --bench     -n 10000000 unless given, and BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = online_cpus(), .max_workers = MAX_WORKERS,
                          .min_size = 1, .max_size = MAX_VALUES, .extra_options = "w:k:",
                          .on_extra = on_option};
    opt.workers = opt.workers > MAX_WORKERS ? MAX_WORKERS : opt.workers;
    parse_options(argc, argv, &opt);
    long n = opt.size ? opt.size : opt.bench ? BENCH_VALUES : DEFAULT_VALUES, j = opt.workers;
    if (n / chunks < window)
        usage_error("window -w %ld longer than a chunk (-n %ld / -k %ld)", window, n, chunks);
    struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESETHAND};
    sigaction(SIGINT, &sa, NULL);
    int32_t *series = make_series(n);
    struct job job = {series, n, window, chunks};
    printf("series: %ld values, a random walk in [0, %d] (integer steps of -8..8)\n", n, TOP);
    printf("window: %ld; chunks: %ld of about %ld values, on %ld worker%s\n", window, chunks,
           n / chunks, j, j > 1 ? "s" : "");
    struct stats *out[WAYS] = {calloc((size_t)n, sizeof **out), map_outputs(n), map_outputs(n)};
    if (!out[SEQUENTIAL])
        die_errno("calloc");
    struct report r = {.program = "rolling_stats", .bench = opt.bench};
    static const char *const mode[WAYS] = {"sequential", "chunks-overlap", "chunks-naive"};
    long failed = 0;
    for (int way = 0; way < WAYS; way++)       /* each way's outputs stay in out[way] */
        report_add(&r, mode[way], way == SEQUENTIAL ? 1 : j,
                   time_way(&job, way, j, out[way], &failed), 0);
    print_sample(&job, out);
    report_print(&r);
    putchar('\n');
    check_outputs(&job, out, failed);
    free(out[SEQUENTIAL]);
    for (int way = OVERLAP; way < WAYS; way++)
        if (munmap(out[way], (size_t)n * sizeof **out) == -1)
            die_errno("munmap");
    free(series);
    if (interrupted)               /* a Ctrl-C that came during the last lines */
        raise(SIGINT);
    return check_status();
}
