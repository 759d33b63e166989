/*
 * worker_memory.c — each worker measures its own memory and reports it to
 * the parent: resident now and resident at its peak, as Linux shows them in
 * /proc/self/status and as getrusage shows them on any POSIX system.
 *
 * Python: psutil.Process(os.getpid()).memory_info().rss inside a pool task,
 *         sent back with the task's result (seed B, "Memory Management and
 *         Process Oversight"; catalog row 61).
 * C:      VmRSS and VmHWM read from /proc/self/status, getrusage(RUSAGE_SELF)
 *         .ru_maxrss; the figures back through one pipe; after waitpid,
 *         getrusage(RUSAGE_CHILDREN) in the parent. No /proc: getrusage only.
 *
 * Usage:  worker_memory [-j WORKERS] [-m MIB] [--bench]
 *         defaults: -j 4 workers; worker k touches (k + 1) x -m 4 MiB
 * Expect: parent: touched 8 MiB before forking; VmRSS 9.5, VmHWM 9.5, ru_maxrss 9.5 MiB
 *         worker  touched  VmRSS start  VmRSS holding  VmRSS freed   VmHWM  ru_maxrss  (MiB)
 *              0      4.0          9.0           13.2          9.2    13.1       13.1
 *              3     16.0          9.0           25.2          9.2    25.1       25.1
 *         sum of the peaks: 76.4 MiB for 40 MiB touched: RSS counts a shared page in every process
 *         children (RUSAGE_CHILDREN): ru_maxrss 25.1 MiB, the largest child's, not a sum
 * See also: adaptive_workers.c (how many workers the memory allows);
 *         chapter 02's separate_memory.c (copy-on-write).
 * Try:    -m 64; /usr/bin/time -v ./worker_memory ("Maximum resident set
 *         size" is ru_maxrss); grep -E 'Rss|Pss' /proc/self/smaps_rollup.
 * Look for: VmRSS back down after free while VmHWM keeps the peak; the
 *         parent's 8 MiB in every worker's start figure, though not copied.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "../03-pipes/framing.h"

#define DEFAULT_WORKERS 4L
#define MAX_WORKERS 16L
#define DEFAULT_STEP_MIB 4L
#define MAX_STEP_MIB 1024L
#define MAX_TOTAL_MIB 4096L        /* all workers touch at the same time */
#define PARENT_MIB 8L              /* the parent's own data, touched before fork */
/* A peak beyond what was touched: code, libc, the parent's data; under a
 * tool, the tool too (valgrind about 50 MiB, ThreadSanitizer as much again
 * as was touched: large -m fails the check there). */
#define MARGIN_MIB 64L
#define NO_PROC (-1L)              /* a figure /proc/self/status would have given */

/* Ctrl-C goes to the parent and every worker. Dying at once, the parent
 * could go before a worker still unmapping its memory: it would outlive
 * it, unreaped. So all note it (the workers inherit this handler): a worker
 * stops touching and exits, the parent reaps them all, then dies of it. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

/* ---- measuring. Both figures count pages, not bytes anyone asked for:
 *   VmRSS (resident set size): this process's pages in RAM right now;
 *   VmHWM (high water mark): the largest VmRSS it has had; it never falls.
 * Both count a page once in every process that maps it: after fork, the
 * parent's pages are the child's too (copy-on-write: shared until one side
 * writes, then copied), so they appear in the child's RSS at once, though
 * not one byte was copied. RSS summed over workers overstates the memory
 * used; Pss in /proc/self/smaps_rollup splits each shared page among them.
 * The kernel sums these counters lazily, per CPU: two read at nearly the
 * same moment can differ by a few hundred KiB. */
static long field_kb(const char *line, const char *name)
{
    size_t length = strlen(name);
    if (strncmp(line, name, length) != 0 || line[length] != ':')
        return NO_PROC;
    return strtol(line + length + 1, NULL, 10);     /* "VmRSS:\t  9832 kB" */
}

/* False where there is no /proc (macOS, a bare container). */
static bool read_status(long *rss_kb, long *hwm_kb)
{
    *rss_kb = *hwm_kb = NO_PROC;
    FILE *status = fopen("/proc/self/status", "r");
    if (!status)
        return false;
    char line[256];
    while (fgets(line, sizeof line, status)) {
        long kb;
        if ((kb = field_kb(line, "VmRSS")) != NO_PROC)
            *rss_kb = kb;
        if ((kb = field_kb(line, "VmHWM")) != NO_PROC)
            *hwm_kb = kb;
    }
    fclose(status);
    return *rss_kb != NO_PROC && *hwm_kb != NO_PROC;
}

/* getrusage's ru_maxrss is the same peak, kept by the kernel for any
 * POSIX system: in kilobytes on Linux and the BSDs, in bytes on macOS.
 * For RUSAGE_CHILDREN it is the peak of the largest child reaped, not a sum. */
static long maxrss_kb(int who)
{
    struct rusage usage;
    if (getrusage(who, &usage) == -1)
        die_errno("getrusage");
#ifdef __APPLE__
    return usage.ru_maxrss / 1024;
#else
    return usage.ru_maxrss;
#endif
}

/* malloc only reserves addresses: a page is resident once written. One
 * byte a page, through volatile, or the compiler drops writes nothing reads.
 * Stops early on Ctrl-C; returns the MiB touched. */
static long touch(char *block, long mib)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    long done = 0;
    for (; done < mib && !interrupted; done++)
        for (size_t i = 0; i < (1u << 20); i += page)
            ((volatile char *)block)[((size_t)done << 20) + i] = 1;
    return done;
}

/* ---- the worker: its figures at the start, holding its block, and after
 * freeing it; one write of them to the shared pipe. */
struct memory_use {
    long worker, touched_mib, maxrss_kb, peak_kb;  /* peak: VmHWM, else ru_maxrss */
    long start_kb, holding_kb, freed_kb, hwm_kb;   /* NO_PROC without /proc */
};

static noreturn void worker(long k, long mib, int out)
{
    struct memory_use u = {.worker = k, .touched_mib = mib};
    read_status(&u.start_kb, &u.hwm_kb);
    char *block = malloc((size_t)mib << 20);
    if (!block)
        die_errno("worker %ld: malloc %ld MiB", k, mib);
    if (touch(block, mib) < mib)
        _exit(1);                  /* Ctrl-C: no report */
    read_status(&u.holding_kb, &u.hwm_kb);
    free(block);                   /* a block this large was mmap'ed: free unmaps it */
    read_status(&u.freed_kb, &u.hwm_kb);
    u.maxrss_kb = maxrss_kb(RUSAGE_SELF);
    u.peak_kb = u.hwm_kb != NO_PROC ? u.hwm_kb : u.maxrss_kb;
    /* One pipe for all: a write of at most PIPE_BUF bytes is never mixed
     * with another worker's. */
    _exit(write_all(out, &u, sizeof u) == 0 ? 0 : 1);
}

/* ---- the parent: forks them all, collects the reports until every write
 * end is closed, reaps every worker. Returns the workers that exited 0. */
static long run_workers(long workers, long step_mib, struct memory_use use[], long reports[])
{
    int fd[2];
    pid_t pid[MAX_WORKERS];
    if (pipe(fd) == -1)
        die_errno("pipe");
    for (long k = 0; k < workers; k++) {
        fflush(stdout);            /* or the child inherits, and prints, our buffer */
        if ((pid[k] = fork()) == -1)
            die_errno("fork");
        if (pid[k] == 0) {
            close(fd[0]);
            worker(k, (k + 1) * step_mib, fd[1]);
        }
    }
    close(fd[1]);                  /* or the end of the reports would never come */
    struct memory_use u;
    while (read_all(fd[0], &u, sizeof u) == (ssize_t)sizeof u)
        if (u.worker >= 0 && u.worker < workers && reports[u.worker]++ == 0)
            use[u.worker] = u;
    close(fd[0]);
    long exited_0 = 0;
    for (long k = 0; k < workers; k++) {
        int status;                /* SA_RESTART: no EINTR here */
        if (waitpid(pid[k], &status, 0) == -1)
            die_errno("waitpid");
        exited_0 += WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    return exited_0;
}

/* ---- what they said, in MiB */
static double in_mib(long kb)
{
    return (double)kb / 1024;
}

/* The table, then the sum of the peaks; returns that sum, in KiB. */
static long print_table(const struct memory_use use[], const long reports[], long workers)
{
    long sum_kb = 0, touched_mib = 0;
    printf("%6s %8s %12s %14s %12s %7s %10s  (MiB)\n", "worker", "touched", "VmRSS start",
           "VmRSS holding", "VmRSS freed", "VmHWM", "ru_maxrss");
    for (long k = 0; k < workers; k++) {
        if (reports[k] != 1)
            continue;              /* the check says so */
        printf("%6ld %8.1f", k, (double)use[k].touched_mib);
        if (use[k].hwm_kb == NO_PROC)
            printf(" %12s %14s %12s %7s", "-", "-", "-", "-");
        else
            printf(" %12.1f %14.1f %12.1f %7.1f", in_mib(use[k].start_kb),
                   in_mib(use[k].holding_kb), in_mib(use[k].freed_kb), in_mib(use[k].hwm_kb));
        printf(" %10.1f\n", in_mib(use[k].maxrss_kb));
        sum_kb += use[k].peak_kb;
        touched_mib += use[k].touched_mib;
    }
    printf("sum of the peaks: %.1f MiB for %ld MiB touched: RSS counts a shared page in "
           "every process\n", in_mib(sum_kb), touched_mib);
    return sum_kb;
}

/* The checks on the peaks. RUSAGE_CHILDREN's ru_maxrss is one child's
 * peak: it must be the last worker's (within 1 MiB of its own figure). */
static void check_peaks(const struct memory_use use[], const long reports[], long workers)
{
    long once = 0, enough = 0, not_too_much = 0, growing = 0, largest = -1;
    long children_kb = maxrss_kb(RUSAGE_CHILDREN);
    printf("children (RUSAGE_CHILDREN): ru_maxrss %.1f MiB, the largest child's, not a sum\n",
           in_mib(children_kb));
    for (long k = 0; k < workers; k++) {
        long peak = use[k].peak_kb, touched_kb = use[k].touched_mib << 10;
        once += reports[k] == 1;
        enough += reports[k] == 1 && peak >= touched_kb;
        not_too_much += reports[k] == 1 && peak < touched_kb + (MARGIN_MIB << 10);
        growing += k > 0 && reports[k - 1] == 1 && peak > use[k - 1].peak_kb;
        if (reports[k] == 1 && labs(use[k].maxrss_kb - children_kb) < 1024)
            largest = k;
    }
    check_long("workers that reported, each exactly once", workers, once);
    check_long("workers whose peak is at least what they touched", workers, enough);
    check_long("workers whose peak is below touched + 64 MiB", workers, not_too_much);
    check_long("workers whose peak is above the worker's before", workers - 1, growing);
    check_long("the largest child by RUSAGE_CHILDREN: worker", workers - 1, largest);
}

/* The parent's own figures: its 8 MiB are in every worker's start too. */
static void print_parent(void)
{
    long rss_kb, hwm_kb;
    if (read_status(&rss_kb, &hwm_kb))
        printf("parent: touched %ld MiB before forking; VmRSS %.1f, VmHWM %.1f, ", PARENT_MIB,
               in_mib(rss_kb), in_mib(hwm_kb));
    else
        printf("no /proc/self/status here: getrusage alone (- for what it cannot tell)\n"
               "parent: touched %ld MiB before forking; ", PARENT_MIB);
    printf("ru_maxrss %.1f MiB\n", in_mib(maxrss_kb(RUSAGE_SELF)));
}

static long step_mib = DEFAULT_STEP_MIB;

static void on_option(int letter, const char *value)
{
    (void)letter;
    step_mib = parse_long(value, 1, MAX_STEP_MIB, "MiB per step (-m)");
}

static const char usage[] =
    "[-j WORKERS] [-m MIB] [--bench]\n"
    "Workers touch different amounts of memory and report their RSS and peak.\n"
    "  -j WORKERS  (1-16, default 4); worker k touches (k + 1) x MIB\n"
    "  -m MIB      (1-1024, default 4); all workers together at most 4096 MiB\n"
    "  --bench     also a BENCH line\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = DEFAULT_WORKERS, .max_workers = MAX_WORKERS,
                          .extra_options = "m:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long total_mib = step_mib * opt.workers * (opt.workers + 1) / 2;
    if (total_mib > MAX_TOTAL_MIB)
        usage_error("-j %ld -m %ld would touch %ld MiB at once, more than %ld", opt.workers,
                    step_mib, total_mib, MAX_TOTAL_MIB);
    struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESETHAND | SA_RESTART};
    sigaction(SIGINT, &sa, NULL);
    char *parent_data = malloc(PARENT_MIB << 20);
    if (!parent_data)
        die_errno("malloc");
    touch(parent_data, PARENT_MIB);
    struct memory_use use[MAX_WORKERS] = {{0}};
    long reports[MAX_WORKERS] = {0};
    double start = now_seconds();
    long exited_0 = run_workers(opt.workers, step_mib, use, reports);
    double seconds = now_seconds() - start;
    if (interrupted)               /* every worker is reaped: now die of it */
        raise(SIGINT);
    print_parent();
    free(parent_data);
    long sum_kb = print_table(use, reports, opt.workers);
    if (opt.bench)
        printf("BENCH program=worker_memory case=step-%ldmib workers=%ld seconds=%.6f "
               "sum_of_peaks_mib=%.1f touched_mib=%ld\n", step_mib, opt.workers, seconds,
               in_mib(sum_kb), total_mib);
    check_peaks(use, reports, opt.workers);
    check_long("workers reaped with exit status 0", opt.workers, exited_0);
    return check_status();
}
