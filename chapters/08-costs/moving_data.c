/*
 * moving_data.c — an array of doubles that a child computes and its parent
 * needs: through a pipe (copied into the kernel and out again) or in shared
 * memory (written in place, never copied). Time and bytes per second, from
 * 1 KiB up: the first transfer, and the same again once memory is in place.
 *
 * Python: a worker that returns a large array: pickled, sent back through
 *         the pool's pipe, unpickled; or shared_memory, which no pickle
 *         touches (seed D, the cost of serialization and IPC; catalog row 49).
 * C:      pipe + write_all/read_all (chapter 03's framing.h) against mmap
 *         MAP_SHARED | MAP_ANONYMOUS before fork. C has nothing to pickle:
 *         the doubles travel as their bytes. What is left is the copying.
 *
 * Usage:  moving_data [-n MIB] [--bench]
 *         defaults: 1 KiB, 4 KiB, ... up to -n 16 MiB (64 MiB with --bench)
 * Expect: first transfer: pipes, fork, new memory (page faults)
 *         size      pipe (ms)  pipe GB/s  reads   shm (ms)   shm GB/s  shm vs pipe
 *         ... (1 KiB to 4 MiB)
 *         16 MiB       26.428      0.635    256     11.985      1.400         2.2x
 *         again: same child, pipes, memory (no fork, no page fault)
 *         ...
 *         16 MiB       16.281      1.030    256      1.733      9.684         9.4x
 * See also: creation_cost.c (the fork in every first transfer); chapter
 *         05's shared_array.c; chapter 03's framed_stream.c (the same loops).
 * Try:    -n 256; taskset -c 0 (both on one core: the data stays in its cache).
 * Look for: what new memory costs (first table), what the copies cost (again).
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "common.h"
#include "../03-pipes/framing.h"

#define DEFAULT_MIB 16L
#define BENCH_MIB 64L
#define MAX_MIB 1024L
#define SMALLEST 1024L             /* bytes: 128 doubles */
#define CHILDREN 5                 /* per size and way: 5 first transfers */
#define REPEATS 3                  /* and each child 3 times again: 15 repeated */
#define MAX_SIZES 12               /* 1 KiB x 4^k below 1 GiB, then 1 GiB */

/* Ctrl-C sends SIGINT to the whole process group. Dying at once, we could
 * go before a child still freeing a large array: it would outlive us,
 * unreaped. So we note it, finish the round, close the channel (the child
 * ends, we reap it), then die of it: SA_RESETHAND made SIGINT deadly again. */
static volatile sig_atomic_t interrupted;
static long children_failed, transfers;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

/* ---- element i of round r is i / 2 + r: exact in a double (i < 2^52),
 * so == checks it, and a round that left the last round's values shows. */
static void fill(double *a, size_t count, int round)
{
    for (size_t i = 0; i < count; i++)
        a[i] = (double)i * 0.5 + round;
}

static long wrong_elements(const double *a, size_t count, int round)
{
    long wrong = 0;
    for (size_t i = 0; i < count; i++)
        wrong += a[i] != (double)i * 0.5 + round;
    return wrong;
}

/* ---- the child, alive for 1 + REPEATS rounds: for each round number it
 * is sent, it fills the array and answers with the whole array (the pipe
 * way) or with one byte: "it is in the shared memory". No more requests
 * (the parent closed its end): it ends. */
static noreturn void child(int request, int answer, double *shared, size_t count)
{
    size_t bytes = count * sizeof(double);
    double *array = shared ? shared : malloc(bytes);
    if (!array)
        die_errno("child: malloc");
    unsigned char round;
    ssize_t n;
    while ((n = read_all(request, &round, 1)) == 1) {
        fill(array, count, round);
        /* The answer orders the memory too: the kernel's pipe lock makes
         * our stores visible to the parent before its read() returns. */
        if ((shared ? write_all(answer, &round, 1) : write_all(answer, array, bytes)) == -1)
            die_errno("child: write");
    }
    _exit(n == 0 ? 0 : 1);         /* 0: the requests ended, as they should */
}

/* ---- the parent's side: two pipes (requests, answers) and, for the shm
 * way, a MAP_SHARED mapping made before fork: the same memory in both
 * processes then. MAP_ANONYMOUS: it has no name, so nothing can be left in
 * /dev/shm, whatever happens (shm_open would need shm_unlink on every path). */
struct channel {
    int request, answer;
    pid_t pid;
    size_t count;
    bool shared;                   /* the shm way, else the pipe way */
    double *data;                  /* the mapping, or the array the pipe fills */
};

static struct channel open_channel(bool shared, size_t count)
{
    struct channel c = {.count = count, .shared = shared, .data = NULL};
    size_t bytes = count * sizeof(double);
    int to_child[2], from_child[2];
    if (pipe(to_child) == -1 || pipe(from_child) == -1)
        die_errno("pipe");
    if (shared) {
        c.data = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (c.data == MAP_FAILED)
            die_errno("mmap %zu bytes", bytes);
    }
    fflush(stdout);                /* as before every fork: leave no output to inherit */
    if ((c.pid = fork()) == -1)
        die_errno("fork");
    if (c.pid == 0) {
        close(to_child[1]);
        close(from_child[0]);
        child(to_child[0], from_child[1], c.data, count);
    }
    close(to_child[0]);
    close(from_child[1]);          /* or a dead child's EOF would never come */
    c.request = to_child[1];
    c.answer = from_child[0];
    if (!shared && !(c.data = malloc(bytes)))
        die_errno("malloc");
    return c;
}

/* Closing the requests ends the child; reap it, free the rest. */
static void close_channel(struct channel *c)
{
    close(c->request);
    int status;
    while (waitpid(c->pid, &status, 0) == -1)
        if (errno != EINTR)
            die_errno("waitpid");
    children_failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    close(c->answer);
    if (!c->shared)
        free(c->data);
    else if (munmap(c->data, c->count * sizeof(double)) == -1)
        die_errno("munmap");
}

/* One round: ask, receive, check every element. A pipe holds 64 KiB on
 * Linux: the writer blocks while it is full, each read returns what is
 * there, and read_all asks again until all has come (framing.h counts in
 * short_reads the reads that came short). */
static void one_round(struct channel *c, int round, long *wrong, long *reads)
{
    unsigned char r = (unsigned char)round;
    if (write_all(c->request, &r, 1) == -1)
        die_errno("write");
    short_reads = 0;
    ssize_t n = c->shared ? read_all(c->answer, &r, 1)
                          : read_all(c->answer, c->data, c->count * sizeof(double));
    if (n == -1)
        die_errno("read");
    if (!c->shared)
        *reads = short_reads + 1;
    /* What did not come counts as wrong; only what did is looked at. */
    size_t arrived = c->shared ? (n == 1 ? c->count : 0) : (size_t)n / sizeof(double);
    *wrong += (long)(c->count - arrived) + wrong_elements(c->data, arrived, round);
    transfers++;
}

/* What the times hold, from the parent's side. The first transfer: from
 * making the pipes (and mapping) until every element is checked: the fork
 * and the new memory, each page of it mapped and zeroed by the kernel at
 * its first touch (a page fault). The repeated ones: from the request to
 * the check. Both ways count the child's fill and the parent's check; what
 * differs is the moving: the pipe's copies into the kernel and out (the
 * first time, into new memory too), or shared memory's mapping and its
 * page faults in each process. Not counted: closing and reaping, at the end. */
static void measure(bool shared, size_t count, double *first, double again[], long *wrong,
                    long reads[2])
{
    double start = now_seconds();
    struct channel c = open_channel(shared, count);
    one_round(&c, 0, wrong, &reads[0]);
    *first = now_seconds() - start;
    for (int k = 1; k <= REPEATS && !interrupted; k++) {
        start = now_seconds();
        one_round(&c, k, wrong, &reads[1]);
        again[k - 1] = now_seconds() - start;
    }
    close_channel(&c);
}

/* ---- each size: CHILDREN children per way, the ways taking turns so
 * that a disturbance (another program, say) hits both alike; medians. */
enum { FIRST, AGAIN };
enum { PIPE, SHM };

struct row {
    size_t bytes;
    double seconds[2][2];          /* [FIRST or AGAIN][PIPE or SHM]: medians */
    long reads[2];                 /* the pipe's, in the last first and last repeated */
};

static struct row measure_size(size_t bytes, long wrong[2])
{
    double first[2][CHILDREN] = {{0}}, again[2][CHILDREN * REPEATS] = {{0}};
    struct row r = {.bytes = bytes};
    for (size_t k = 0; k < CHILDREN && !interrupted; k++)
        for (int way = PIPE; way <= SHM; way++)
            measure(way == SHM, bytes / sizeof(double), &first[way][k],
                    &again[way][k * REPEATS], &wrong[way], r.reads);
    for (int way = PIPE; way <= SHM; way++) {
        r.seconds[FIRST][way] = median_sorting(first[way], CHILDREN);
        r.seconds[AGAIN][way] = median_sorting(again[way], (long)CHILDREN * REPEATS);
    }
    return r;
}

/* "16 MiB" in the table, "16MiB" in a BENCH case: space is " " or "". */
static const char *size_name(size_t bytes, const char *space, char name[24])
{
    bool mib = bytes >= 1 << 20;
    snprintf(name, 24, "%zu%s%s", bytes >> (mib ? 20 : 10), space, mib ? "MiB" : "KiB");
    return name;
}

static void print_table(const char *title, const struct row rows[], int sizes, int when)
{
    printf("%s\n%-8s %10s %10s %6s %10s %10s %12s\n", title, "size", "pipe (ms)",
           "pipe GB/s", "reads", "shm (ms)", "shm GB/s", "shm vs pipe");
    for (int s = 0; s < sizes; s++) {
        const double *t = rows[s].seconds[when], b = (double)rows[s].bytes;
        char name[24];
        printf("%-8s %10.3f %10.3f %6ld %10.3f %10.3f %11.1fx\n",
               size_name(rows[s].bytes, " ", name), t[PIPE] * 1e3, b / t[PIPE] / 1e9,
               rows[s].reads[when], t[SHM] * 1e3, b / t[SHM] / 1e9, t[PIPE] / t[SHM]);
    }
}

static void print_bench(const struct row rows[], int sizes)
{
    static const char *const way[2] = {"pipe", "shm"}, *const when[2] = {"first", "again"};
    putchar('\n');
    for (int i = 0; i < 4 * sizes; i++) {  /* each size, first then again, pipe then shm */
        const struct row *r = &rows[i / 4];
        double t = r->seconds[i / 2 % 2][i % 2];
        char name[24];
        printf("BENCH program=moving_data case=%s-%s-%s workers=1 seconds=%.6f bytes=%zu "
               "gb_per_s=%.3f\n", way[i % 2], when[i / 2 % 2], size_name(r->bytes, "", name),
               t, r->bytes, (double)r->bytes / t / 1e9);
    }
}

static const char usage[] =
    "[-n MIB] [--bench]\n"
    "An array of doubles from a child to its parent: through a pipe, in shared memory.\n"
    "  -n MIB   the largest size, in MiB (1-1024, default 16; 64 with --bench);\n"
    "           the sizes go from 1 KiB up, 4 times larger each time\n"
    "  --bench  -n 64 unless given, and BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = 0, .min_size = 1, .max_size = MAX_MIB};
    parse_options(argc, argv, &opt);
    struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESETHAND};
    sigaction(SIGINT, &sa, NULL);
    long mib = opt.size ? opt.size : opt.bench ? BENCH_MIB : DEFAULT_MIB;
    struct row rows[MAX_SIZES];
    long wrong[2] = {0, 0};
    int sizes = 0;                 /* 1 KiB, 4 KiB, 16 KiB, ..., then -n MiB */
    for (size_t b = SMALLEST; b < (size_t)mib << 20 && !interrupted; b *= 4)
        rows[sizes++] = measure_size(b, wrong);
    rows[sizes++] = measure_size((size_t)mib << 20, wrong);
    if (interrupted)               /* every child is reaped: now die of it */
        raise(SIGINT);
    print_table("first transfer: pipes, fork, new memory (page faults)", rows, sizes, FIRST);
    print_table("\nagain: same child, pipes, memory (no fork, no page fault)", rows, sizes, AGAIN);
    if (opt.bench)
        print_bench(rows, sizes);
    putchar('\n');
    check_long("transfers done, both ways", (long)sizes * CHILDREN * 2 * (1 + REPEATS), transfers);
    check_long("elements wrong or missing, pipe", 0, wrong[PIPE]);
    check_long("elements wrong or missing, shared memory", 0, wrong[SHM]);
    check_long("children that failed", 0, children_failed);
    return check_status();
}
