/*
 * common.h — the few helpers every program of the suite uses.
 *
 * Nothing here is a lesson: fork, waitpid, pipe, mmap and pthread_create are
 * always called in full view in the chapter that teaches them. What lives
 * here is the plumbing around the lesson: error exits, strict argument
 * parsing, a monotonic clock, the sequential-vs-parallel table and the
 * program's self-check.
 */
#ifndef COMMON_H
#define COMMON_H

#include <stdbool.h>
#include <stdnoreturn.h>

/* Errors (errors.c). All print "prog: message" on stderr and never return.
 * The die family exits 1; in a forked child it calls _exit(1) instead, so
 * the child does not run the parent's atexit handlers or flush its stdio. */
noreturn void die(const char *fmt, ...);
noreturn void die_errno(const char *fmt, ...);     /* appends ": strerror(errno)" */
noreturn void die_code(int err, const char *fmt, ...); /* for pthread return codes */
noreturn void usage_error(const char *fmt, ...);   /* one line, exit status 2 */
void set_program_name(const char *argv0);
const char *program_name(void);

/* Arguments (args.c). parse_long accepts an optional '-' and decimal digits,
 * nothing else, in min..max; anything else is a usage_error naming `what`. */
long parse_long(const char *text, long min, long max, const char *what);

struct options {
    /* Filled in by the program before parse_options(). */
    const char *usage;           /* -h text after "Usage: prog " */
    long workers, max_workers;   /* -j: default and limit; max 0 = no -j */
    long size, min_size, max_size; /* -n: default and limits; max 0 = no -n */
    const char *extra_options;   /* more getopt letters, e.g. "q:", or NULL */
    void (*on_extra)(int letter, const char *value); /* handles them */
    /* Filled in by parse_options(). */
    bool bench;                  /* --bench was given */
};
/* Handles -h/--help (usage on stdout, exit 0), -j, -n, --bench; anything
 * else is a one-line usage_error. Also records the program's name and pid. */
void parse_options(int argc, char *argv[], struct options *opt);

/* Time and machine (clock.c). */
double now_seconds(void);        /* CLOCK_MONOTONIC, in seconds */
void sleep_ms(long ms);          /* sleeps the whole time, even if a signal arrives */
long online_cpus(void);

/* The sequential-vs-parallel table (report.c). Row 0 is the baseline that
 * speedup and efficiency are measured against. */
#define REPORT_ROWS 16
struct report {
    const char *program;         /* name used in BENCH lines */
    bool bench;                  /* also print BENCH lines */
    const char *metric;          /* optional extra column header, or NULL */
    const char *metric_key;      /* its key in BENCH lines */
    int rows;
    struct report_row {
        const char *mode;        /* a string literal without spaces */
        long workers;
        double seconds, metric;
    } row[REPORT_ROWS];
};
void report_add(struct report *r, const char *mode, long workers,
                double seconds, double metric);
void report_print(const struct report *r);
/* Sorts values[0..n-1] (n >= 1) in place, so values[0] is the smallest,
 * and returns their median: what a repeated measurement usually costs. */
double median_sorting(double values[], long n);

/* Self-checks (report.c): print "check: what = got (expected e) ok|FAILED"
 * and remember the verdict; main() returns check_status(). */
bool check_long(const char *what, long expected, long got);
int check_status(void);          /* 0 when every check passed, else 1 */

#endif
