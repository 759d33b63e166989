/*
 * main.c — the driver of exercise 07-split-bbp. DO NOT EDIT: your work
 * goes in task.c. The 8 hex digits of pi after POSITION, by the BBP
 * series in 64-bit fixed point, as in the chapter's bbp_digits.c. It sums
 * the terms first in this process alone. Then it asks your term_range()
 * for each worker's range of terms, judges the cut, forks one process per
 * range, and hands their partial sums to your combine(). The two
 * fractions must be the same, bit for bit.
 *
 * Usage: program [-p POSITION] [-j WORKERS]
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

#define MAX_WORKERS 64L
#define MAX_POSITION 10000000L     /* some seconds of work */

/* ---- the arithmetic: pi's fraction times 16^p, in 64-bit fixed point ---- */

/* 16^e mod m. m < 2^32 here, so each product of two residues fits. */
static uint64_t power_mod(long e, uint64_t m)
{
    uint64_t result = 1 % m, base = 16 % m;
    for (; e > 0; e >>= 1) {
        if (e & 1)
            result = result * base % m;
        base = base * base % m;
    }
    return result;
}

/* r/m, r < m < 2^32, as 64 bits after the binary point (rounded down):
 * two long divisions of 32 bits each. */
static uint64_t fraction(uint64_t r, uint64_t m)
{
    uint64_t high = (r << 32) / m, rest = (r << 32) % m;
    return high << 32 | (rest << 32) / m;
}

static const int weight[4] = {4, -2, -1, -1}, offset[4] = {1, 4, 5, 6};

/* pi = sum over k of 16^-k (4/(8k+1) - 2/(8k+4) - 1/(8k+5) - 1/(8k+6)).
 * Times 16^p, term k <= p has a whole factor 16^(p-k), of which only the
 * remainder modulo 8k+j counts for the fraction. Terms first .. last-1 of
 * those, added modulo 2^64 (modulo 1): a weight of -2 as uint64_t is
 * 2^64 - 2, which subtracts 2 times, modulo 2^64. */
static uint64_t head_terms(long p, long first, long last)
{
    uint64_t sum = 0;
    for (long k = first; k < last; k++)
        for (int j = 0; j < 4; j++) {
            uint64_t m = 8 * (uint64_t)k + (uint64_t)offset[j];
            sum += (uint64_t)weight[j] * fraction(power_mod(p - k, m), m);
        }
    return sum;
}

/* Terms k > p are 16^-(k-p) / (8k+j): below 2^-64 after 16 of them. */
static uint64_t tail_terms(long p)
{
    uint64_t sum = 0;
    for (long k = p + 1; k <= p + 16; k++) {
        uint64_t power = (uint64_t)1 << (64 - 4 * (k - p));    /* 16^-(k-p) */
        for (int j = 0; j < 4; j++)
            sum += (uint64_t)weight[j] * (power / (8 * (uint64_t)k + (uint64_t)offset[j]));
    }
    return sum;
}

/* ---- the ranges: your term_range(), judged ---------------------------------- */

struct range {
    long first, last;
};

/* Whether the ranges cover 0 .. terms - 1 in order, each term once, sizes
 * at most one apart. If not, the first problem goes into `problem`. */
static bool ranges_well_cut(const struct range *s, long workers, long terms, char *problem,
                            size_t size)
{
    long due = 0, smallest = LONG_MAX, largest = LONG_MIN;
    for (long w = 0; w < workers; w++) {
        if (s[w].first != due) {
            snprintf(problem, size, "worker %ld starts at term %ld, where %ld was due", w,
                     s[w].first, due);
            return false;
        }
        if (s[w].last < s[w].first) {
            snprintf(problem, size, "worker %ld ends at term %ld, before its start %ld", w,
                     s[w].last, s[w].first);
            return false;
        }
        long terms_in_range = s[w].last - s[w].first;
        smallest = terms_in_range < smallest ? terms_in_range : smallest;
        largest = terms_in_range > largest ? terms_in_range : largest;
        due = s[w].last;
    }
    if (due != terms) {
        snprintf(problem, size, "the last range ends at term %ld, not at %ld", due, terms);
        return false;
    }
    if (largest - smallest > 1) {
        snprintf(problem, size, "ranges of %ld and of %ld terms: more than one apart",
                 smallest, largest);
        return false;
    }
    snprintf(problem, size, "ok");
    return true;
}

/* A range as far as it lies within 0 .. terms: a wild one does some work
 * and gives a wrong sum, but never runs for ages or past the series. */
static long clamp(long k, long terms)
{
    return k < 0 ? 0 : k > terms ? terms : k;
}

/* ---- the workers: a process per range, a partial sum each through a pipe ---- */

struct partial_sum {
    long worker;
    uint64_t sum;                  /* 16 bytes: one write, arrives whole */
};

static noreturn void run_worker(int fd, long w, long p, struct range s)
{
    long terms = p + 1;
    struct partial_sum r = {w, head_terms(p, clamp(s.first, terms), clamp(s.last, terms))};
    _exit(write(fd, &r, sizeof r) == (ssize_t)sizeof r ? 0 : 1);
}

/* Forks the workers, puts worker w's sum in partial[w] (0 if it sent
 * none), reaps them all; returns how many exited with status 0. */
static long run_workers(long p, long workers, const struct range *range, uint64_t *partial)
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
            run_worker(fd[1], w, p, range[w]);
        }
    }
    close(fd[1]);                  /* so the reads below see the end */
    for (long w = 0; w < workers; w++)
        partial[w] = 0;
    struct partial_sum r;
    while (read(fd[0], &r, sizeof r) == (ssize_t)sizeof r)
        if (r.worker >= 0 && r.worker < workers)
            partial[r.worker] = r.sum;
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

/* The first 8 hex digits are the top 32 bits. Each term was rounded down
 * by less than 8 units of 2^-64: if the bits below the digits lie that
 * close to a carry, the 8th digit may be off by one. */
static uint32_t top_digits(uint64_t x, long p, bool *sure)
{
    uint64_t error = 8 * ((uint64_t)p + 17), low = x & 0xffffffffu;
    *sure = low > error && low < ((uint64_t)1 << 32) - error;
    return (uint32_t)(x >> 32);
}

static long position = 100000;     /* -p */

static void on_option(int letter, const char *value)
{
    (void)letter;
    position = parse_long(value, 0, MAX_POSITION, "position (-p)");
}

static const char usage[] =
    "[-p POSITION] [-j WORKERS]\n"
    "8 hex digits of pi after the first POSITION, by the BBP series: in one\n"
    "process, then in WORKERS, cut by your term_range() and added by your combine().\n"
    "  -p POSITION  hex digits to skip (0-10000000, default 100000)\n"
    "  -j WORKERS   (1-64, default 4)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_WORKERS,
                          .extra_options = "p:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long p = position, workers = opt.workers, terms = p + 1;
    printf("position: %ld\nterms: %ld (and a tail of 16, which main.c adds)\nworkers: %ld\n",
           p, terms, workers);

    double start = now_seconds();
    uint64_t one_process = head_terms(p, 0, terms) + tail_terms(p);
    double one_process_seconds = now_seconds() - start;

    struct range range[MAX_WORKERS];
    for (long w = 0; w < workers; w++) {
        range[w] = (struct range){-1, -1};
        term_range(w, workers, terms, &range[w].first, &range[w].last);
        printf("worker %ld: terms [%ld, %ld)\n", w, range[w].first, range[w].last);
    }
    char verdict[120];
    bool well_cut = ranges_well_cut(range, workers, terms, verdict, sizeof verdict);
    printf("ranges: %s\n", verdict);

    uint64_t partial[MAX_WORKERS];
    start = now_seconds();
    long finished = run_workers(p, workers, range, partial);
    uint64_t parallel = combine(partial, workers) + tail_terms(p);
    double workers_seconds = now_seconds() - start;

    bool sure;
    uint32_t digits = top_digits(parallel, p, &sure);
    printf("fraction, one process: %016" PRIX64 "\nfraction: %016" PRIX64 "\n", one_process,
           parallel);
    printf("hex digits of pi after position %ld: %08" PRIX32 "\n", p, digits);
    if (!sure)
        printf("(the bits after them lie close to a carry: the 8th digit may be off by one)\n");
    printf("seconds in one process: %.3f\nseconds in %ld workers: %.3f "
           "(for your interest: the check ignores times)\n",
           one_process_seconds, workers, workers_seconds);
    check_long("workers that finished", workers, finished);
    check_long("ranges well cut", 1, well_cut);
    check_long("fraction equal to one process's, bit for bit", 1, parallel == one_process);
    return check_status();
}
