/*
 * adaptive_workers.c — how many workers this machine can take: one per
 * CPU, unless the memory available cannot hold that many workers' budgets.
 * The decision, its inputs, then a small job run with that many workers.
 *
 * Python: min(multiprocessing.cpu_count(), max(1, int(available_gb / 0.5)))
 *         with psutil.virtual_memory().available (seed B, "Dynamic worker
 *         adjustment based on system load"; catalog row 62).
 * C:      online_cpus() (sysconf(_SC_NPROCESSORS_ONLN)); MemAvailable read
 *         from /proc/meminfo, else sysconf(_SC_AVPHYS_PAGES) x the page
 *         size; fork that many workers, their sums back through one pipe.
 *
 * Usage:  adaptive_workers [-b MIB] [-j MAX_WORKERS] [--bench]
 *         defaults: -b 256 MiB per worker, no cap on the workers
 * Expect: online CPUs: 2
 *         available memory: 23683 MiB
 *         memory source: MemAvailable in /proc/meminfo
 *         budget per worker: 256 MiB
 *         memory allows: 92 workers
 *         cap (-j): none
 *         workers: 2 (the CPUs decide)
 *         job: 2 workers x 2097152 numbers (16384 KiB each), stored and summed: 0..4194303, 0.015 s
 * See also: worker_memory.c (what a worker really uses); chapter 06's
 *         pool_size.c (why not more workers than CPUs).
 * Try:    -b 100000000 (more than there is); -b 1; -j 1; with a large
 *         file just read, compare MemFree and MemAvailable in /proc/meminfo.
 * Look for: which limit decides, and the budget at which it changes hands.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "../03-pipes/framing.h"

#define DEFAULT_BUDGET_MIB 256L
#define MAX_BUDGET_MIB (1L << 30)  /* 1 PiB: any machine's memory is less */
#define MAX_CAP 1024L
#define SHARE_DIVISOR 16L          /* the job touches 1/16 of a worker's budget */
#define MAX_SHARE_MIB 16L          /* and at most this: the default run stays quick */

/* Ctrl-C goes to the parent and every worker. Dying at once, the parent
 * could go before a worker still unmapping its memory: it would outlive
 * it, unreaped. So the parent notes it, starts no more workers, reaps
 * those it started (their shares are small: they finish), then dies of
 * it: SA_RESETHAND has made SIGINT deadly again. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

/* ---- the inputs. Available memory: not MemFree. Linux keeps memory
 * busy as page cache (the files read lately), so on a machine that has run
 * a while MemFree is small, though most of the cache is dropped the moment
 * a program asks for memory. MemAvailable (Linux 3.14 on) is the kernel's
 * estimate of what new work can have without swapping: free memory plus
 * the cache and slab it can reclaim, less its reserves. psutil's
 * virtual_memory().available reads that same line. */
static long meminfo_available_kb(void)
{
    FILE *meminfo = fopen("/proc/meminfo", "r");
    if (!meminfo)
        return -1;
    char line[256];
    long kb = -1;
    while (kb == -1 && fgets(line, sizeof line, meminfo))
        if (strncmp(line, "MemAvailable:", 13) == 0)
            kb = strtol(line + 13, NULL, 10);       /* "MemAvailable:  7590012 kB" */
    fclose(meminfo);
    return kb;
}

/* Without /proc (or before Linux 3.14): free pages times the page size.
 * _SC_AVPHYS_PAGES is no POSIX name, but glibc and the BSDs have it; it
 * counts free pages only, MemFree's figure, so it underestimates. */
static long available_mib(const char **source)
{
    long kb = meminfo_available_kb();
    if (kb >= 0) {
        *source = "MemAvailable in /proc/meminfo";
        return kb / 1024;
    }
#ifdef _SC_AVPHYS_PAGES
    long pages = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages == -1 || page == -1)
        die_errno("sysconf");
    *source = "sysconf(_SC_AVPHYS_PAGES) x page size (no /proc/meminfo: free pages only)";
    return pages / (1048576 / page);              /* pages per MiB: no overflow */
#else
    die("no /proc/meminfo and no _SC_AVPHYS_PAGES: no way to know the memory here");
#endif
}

/* ---- the decision: workers = min(CPUs, available / budget, cap), and
 * at least 1, whatever the budget: a worker over budget may still fit
 * (the budget is a guess), none at all does no work. */
struct decision {
    long cpus, available_mib, budget_mib, memory_allows, cap;    /* cap 0: none */
    long workers;
    const char *why;
};

static void decide(struct decision *d)
{
    d->memory_allows = d->available_mib / d->budget_mib;
    d->workers = d->cpus < d->memory_allows ? d->cpus : d->memory_allows;
    d->why = d->cpus < d->memory_allows   ? "the CPUs decide"
             : d->cpus > d->memory_allows ? "the memory decides"
                                          : "CPUs and memory agree";
    if (d->cap > 0 && d->cap < d->workers) {
        d->workers = d->cap;
        d->why = "the -j cap decides";
    }
    if (d->workers == 0) {
        d->workers = 1;
        d->why = "the memory would allow none: 1 all the same";
    }
}

/* The same rule another way, for the self-check: from 1 worker up, one
 * more for as long as every limit still holds. */
static long count_up(const struct decision *d)
{
    long w = 1;
    while (w < d->cpus && (w + 1) * d->budget_mib <= d->available_mib &&
           (d->cap == 0 || w < d->cap))
        w++;
    return w;
}

static void print_decision(const struct decision *d, const char *source)
{
    printf("online CPUs: %ld\n", d->cpus);
    printf("available memory: %ld MiB\n", d->available_mib);
    printf("memory source: %s\n", source);
    printf("budget per worker: %ld MiB\n", d->budget_mib);
    printf("memory allows: %ld worker%s\n", d->memory_allows, d->memory_allows == 1 ? "" : "s");
    if (d->cap > 0)
        printf("cap (-j): %ld\n", d->cap);
    else
        printf("cap (-j): none\n");
    printf("workers: %ld (%s)\n", d->workers, d->why);
}

/* ---- the job, to show the choice in use: worker k writes its share of
 * the numbers 0..N-1 into memory of its own (a page is there once written:
 * through volatile, or the compiler could sum without storing), then adds
 * them up. Their sums together: N(N-1)/2. */
struct answer {
    long worker, sum;
};

static noreturn void worker(long k, long count, int out)
{
    long *share = malloc((size_t)count * sizeof *share);
    if (!share)
        die_errno("worker %ld: malloc", k);
    for (long i = 0; i < count; i++)
        ((volatile long *)share)[i] = k * count + i;
    struct answer a = {k, 0};
    for (long i = 0; i < count; i++)
        a.sum += share[i];
    free(share);
    /* One pipe for all: a write of at most PIPE_BUF bytes is never mixed
     * with another worker's. */
    _exit(write_all(out, &a, sizeof a) == 0 ? 0 : 1);
}

struct job {
    long count;                    /* numbers per worker */
    long sum, answers, exited_0;
};

/* A worker's numbers: 1/16 of its budget, at most 16 MiB of them. */
static long numbers_per_worker(long budget_mib)
{
    long share_kib = budget_mib * 1024 / SHARE_DIVISOR;
    if (share_kib > MAX_SHARE_MIB * 1024)
        share_kib = MAX_SHARE_MIB * 1024;
    return share_kib * 1024 / (long)sizeof(long);
}

/* 0 + 1 + ... + (n - 1), halving the even one of n and n - 1 first. */
static long triangle(long n)
{
    return n % 2 == 0 ? n / 2 * (n - 1) : (n - 1) / 2 * n;
}

static void run_job(struct job *job, long workers)
{
    int fd[2];
    pid_t *pid = malloc((size_t)workers * sizeof *pid);
    long started = 0;
    if (!pid)
        die_errno("malloc");
    if (pipe(fd) == -1)
        die_errno("pipe");
    for (; started < workers && !interrupted; started++) {
        fflush(stdout);            /* or the child inherits, and prints, our buffer */
        if ((pid[started] = fork()) == -1)
            die_errno("fork");
        if (pid[started] == 0) {
            close(fd[0]);
            worker(started, job->count, fd[1]);
        }
    }
    close(fd[1]);                  /* or the end of the answers would never come */
    struct answer a;
    while (read_all(fd[0], &a, sizeof a) == (ssize_t)sizeof a) {
        job->sum += a.sum;
        job->answers++;
    }
    close(fd[0]);
    for (long k = 0; k < started; k++) {
        int status;                /* SA_RESTART: no EINTR here */
        if (waitpid(pid[k], &status, 0) == -1)
            die_errno("waitpid");
        job->exited_0 += WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    free(pid);
}

static long budget_mib = DEFAULT_BUDGET_MIB;

static void on_option(int letter, const char *value)
{
    (void)letter;
    budget_mib = parse_long(value, 1, MAX_BUDGET_MIB, "budget per worker (-b)");
}

static const char usage[] =
    "[-b MIB] [-j MAX_WORKERS] [--bench]\n"
    "Workers = min(online CPUs, available memory / budget per worker), at least 1.\n"
    "  -b MIB          budget per worker (1-1073741824, default 256)\n"
    "  -j MAX_WORKERS  a cap on the workers (1-1024, default none)\n"
    "  --bench         also a BENCH line\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 0, .max_workers = MAX_CAP,
                          .extra_options = "b:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESETHAND | SA_RESTART};
    sigaction(SIGINT, &sa, NULL);
    const char *source;
    struct decision d = {.cpus = online_cpus(), .available_mib = available_mib(&source),
                         .budget_mib = budget_mib, .cap = opt.workers};
    decide(&d);
    print_decision(&d, source);

    struct job job = {.count = numbers_per_worker(budget_mib)};
    double start = now_seconds();
    run_job(&job, d.workers);
    double seconds = now_seconds() - start;
    if (interrupted)               /* every worker is reaped: now die of it */
        raise(SIGINT);
    long n = d.workers * job.count;
    printf("job: %ld worker%s x %ld numbers (%ld KiB each), stored and summed: 0..%ld, "
           "%.3f s\n", d.workers, d.workers == 1 ? "" : "s", job.count,
           job.count * (long)sizeof(long) / 1024, n - 1, seconds);
    if (opt.bench)
        printf("BENCH program=adaptive_workers case=budget-%ldmib workers=%ld seconds=%.6f "
               "cpus=%ld available_mib=%ld memory_allows=%ld\n", budget_mib, d.workers,
               seconds, d.cpus, d.available_mib, d.memory_allows);
    check_long("workers, counted up one by one under every limit", count_up(&d), d.workers);
    check_long("the workers' sums together: 0 + 1 + ... + (N - 1)", triangle(n), job.sum);
    check_long("workers that answered", d.workers, job.answers);
    check_long("workers reaped with exit status 0", d.workers, job.exited_0);
    return check_status();
}
