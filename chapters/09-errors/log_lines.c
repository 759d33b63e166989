/*
 * log_lines.c — processes logging into one file: each line stamped with the
 * time, the process's name and pid, and a level. One write(2) a line keeps
 * lines whole; a write(2) a field lets other processes' fields in between.
 *
 * Python: logging.basicConfig(format='%(asctime)s - %(processName)s - ...')
 *         in named worker processes (seed A, "Logging"; catalog row 52).
 * C:      clock_gettime + localtime_r + strftime; open(O_APPEND) in every
 *         process; a write() a line vs a write() a field with sched_yield();
 *         mkdtemp; regcomp + regexec to tell whole lines from broken ones.
 *
 * Usage:  log_lines [-j WORKERS] [-n LINES] [-p yield|none]
 *         defaults: -j 4 workers, -n 200 lines each, -p yield
 * Expect:   2026-11-24 21:54:17.835 [main 14448] INFO starting 4 workers, 200 records each
 *         whole.log broken lines: 0
 *         2026-11-24 21:54:17.8352026-11-24 21:54:17.835 [main [worker-1 14449...
 *         pieces.log broken lines: 801
 * See also: worker_errors.c; chapter 03's pipe_deadlock.c (PIPE_BUF).
 * Try:    -p none (far fewer broken lines, often none); -j 8; -j 1.
 * Look for: whole.log all whole; pieces.log as long, byte for byte, but mixed.
 */
#include <fcntl.h>
#include <regex.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define DEFAULT_WORKERS 4L
#define MAX_WORKERS 64L
#define DEFAULT_LINES 200L
#define MAX_LINES 1000000L
#define FIELD_BYTES 64             /* longer than any field we write */
#define PIECES 6                   /* time, name, pid, level, message, newline */
#define SAMPLES 3

/* Well-formed: "date time.ms [name pid] LEVEL message", nothing else. */
static const char line_format[] =
    "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} "
    "\\[(main|worker-([0-9]+)) ([0-9]+)\\] (INFO|WARNING|ERROR) [a-z0-9 ,()-]+$";

static char dir[] = "/tmp/log_lines.XXXXXX", whole_path[64], pieces_path[64];
static pid_t main_pid, pids[MAX_WORKERS + 1], running[MAX_WORKERS + 1];  /* [w]: worker-w */
static bool pause_between_pieces = true;         /* -p yield */
static volatile sig_atomic_t interrupted;        /* set by Ctrl-C, in every process */

static void on_interrupt(int sig)
{
    interrupted = sig;
}

/* ---- this process's logger: its name and its two files, opened by each
 * process itself, as separate programs would. O_APPEND: every write() goes
 * to the end of the file as it is at that instant, the seek and the write
 * one step in the kernel. Without it, each process writes at its own
 * offset, over the others' lines. */
static char my_name[16];
static int whole_fd = -1, pieces_fd = -1;

static void open_logs(long w)     /* 0: main, else worker-w */
{
    snprintf(my_name, sizeof my_name, w ? "worker-%ld" : "main", w);
    whole_fd = open(whole_path, O_WRONLY | O_APPEND | O_CREAT, 0600);
    pieces_fd = open(pieces_path, O_WRONLY | O_APPEND | O_CREAT, 0600);
    if (whole_fd == -1 || pieces_fd == -1)
        die_errno("%s: open", my_name);
}

static void write_or_die(int fd, const char *text)
{
    size_t len = strlen(text);     /* to a regular file: short only if the disk is full */
    if (write(fd, text, len) != (ssize_t)len)
        die_errno("write");
}

/* One line, formatted as fields, written twice. Whole, in one write(): the
 * kernel appends it in one go, no other write lands inside it (into a pipe,
 * that holds for writes of up to PIPE_BUF bytes). In pieces, as several
 * fprintf calls on an unbuffered stream do: a write() each, others between. */
static void log_line(const char *level, const char *fmt, ...)
{
    char field[PIECES][FIELD_BYTES], line[PIECES * FIELD_BYTES];
    struct timespec now;           /* the wall clock, unlike the monotonic one, */
    struct tm local;               /* means something to a reader: 21:40:03.123 */
    if (clock_gettime(CLOCK_REALTIME, &now) != 0 || !localtime_r(&now.tv_sec, &local))
        die_errno("clock_gettime");
    size_t n = strftime(field[0], sizeof field[0], "%Y-%m-%d %H:%M:%S", &local);
    snprintf(field[0] + n, sizeof field[0] - n, ".%03ld", now.tv_nsec / 1000000);
    snprintf(field[1], sizeof field[1], " [%s", my_name);
    snprintf(field[2], sizeof field[2], " %ld]", (long)getpid());
    snprintf(field[3], sizeof field[3], " %s ", level);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(field[4], sizeof field[4], fmt, ap);
    va_end(ap);
    snprintf(field[5], sizeof field[5], "\n");
    snprintf(line, sizeof line, "%s%s%s%s%s%s", field[0], field[1], field[2], field[3],
             field[4], field[5]);
    write_or_die(whole_fd, line);
    for (int f = 0; f < PIECES; f++) {
        write_or_die(pieces_fd, field[f]);
        if (pause_between_pieces)
            sched_yield();         /* let another process in: what a busy machine does */
    }
}

/* ---- the worker: M records at varying levels */
static noreturn void worker(long w, long lines)
{
    open_logs(w);
    for (long k = 1; k <= lines && !interrupted; k++) {
        const char *level = k % 7 == 0 ? "ERROR" : k % 3 == 0 ? "WARNING" : "INFO";
        log_line(level, "record %ld of %ld", k, lines);
    }
    close(whole_fd);
    close(pieces_fd);
    _exit(interrupted ? 1 : 0);     /* Ctrl-C: the handler came with fork */
}

/* ---- main's part: start the workers, log along with them, reap them */
static void start_workers(long workers, long lines)
{
    log_line("INFO", "starting %ld workers, %ld records each", workers, lines);
    for (long w = 1; w <= workers && !interrupted; w++) {
        fflush(stdout);            /* as before every fork: leave no output to inherit */
        pid_t pid = fork();
        if (pid == -1)
            die_errno("fork");
        if (pid == 0) {
            close(whole_fd);    /* the worker opens its own */
            close(pieces_fd);
            worker(w, lines);
        }
        pids[w] = running[w] = pid;
        log_line("INFO", "started worker-%ld as pid %ld", w, (long)pid);
    }
}

/* Returns how many workers exited 0. */
static long reap_workers(long workers)
{
    long ok = 0;
    for (long w = 1; w <= workers && running[w] != 0; w++) {   /* 0: Ctrl-C came first */
        int status;
        if (waitpid(running[w], &status, 0) == -1)
            die_errno("waitpid");
        running[w] = 0;
        bool fine = WIFEXITED(status) && WEXITSTATUS(status) == 0, killed = WIFSIGNALED(status);
        ok += fine;                /* the status decoded: a wait status is not an exit code */
        log_line(fine ? "INFO" : "ERROR", "worker-%ld ended, %s %d", w, killed ? "signal" : "exit",
                 killed ? WTERMSIG(status) : WEXITSTATUS(status));
    }
    log_line(ok == workers ? "INFO" : "ERROR", "all workers done, %ld ok", ok);
    return ok;
}

/* Main only (at exit, also after die(), and on Ctrl-C): stop and reap any
 * worker still there, then remove the files and the directory. Once. */
static void remove_logs(void)
{
    if (getpid() != main_pid || dir[0] == '\0')
        return;
    for (long w = 1; w <= MAX_WORKERS; w++)
        if (running[w] != 0 && kill(running[w], SIGTERM) == 0)
            waitpid(running[w], NULL, 0);
    unlink(whole_path);
    unlink(pieces_path);
    rmdir(dir);
    dir[0] = '\0';
}

/* ---- reading back: whole lines, broken ones, and whose lines they are */
struct tally {
    long lines, broken, bytes, of[MAX_WORKERS + 1];
};

/* 0 (main) or w (worker-w) if the line is well-formed and its pid is the
 * one that process had; -1 if it is broken. */
static long owner(const regex_t *format, const char *line, long workers)
{
    regmatch_t m[4];
    if (regexec(format, line, 4, m, 0) != 0)
        return -1;
    long who = m[2].rm_so == -1 ? 0 : strtol(line + m[2].rm_so, NULL, 10);
    if (who < 0 || who > workers || strtol(line + m[3].rm_so, NULL, 10) != pids[who])
        return -1;
    return who;
}

/* Counts a file's lines, prints a few samples (its first lines, or its
 * first broken ones), then the counts as "file key: value" lines. */
static struct tally read_back(const char *path, const regex_t *format, long workers,
                              bool show_broken)
{
    struct tally t = {0};
    const char *file = strrchr(path, '/') + 1;
    char *line = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        die_errno("fopen %s", path);
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) != -1) {
        t.lines++;
        t.bytes += len;
        if (line[len - 1] == '\n')
            line[len - 1] = '\0';
        long who = owner(format, line, workers);
        t.broken += who < 0;
        if (who >= 0)
            t.of[who]++;
        if (show_broken ? who < 0 && t.broken <= SAMPLES : t.lines <= SAMPLES)
            printf("  %.100s%s\n", line[0] ? line : "(empty)", strlen(line) > 100 ? "..." : "");
    }
    free(line);
    fclose(f);
    printf("%s lines: %ld\n%s bytes: %ld\n%s broken lines: %ld\n%s lines of each: main %ld",
           file, t.lines, file, t.bytes, file, t.broken, file, t.of[0]);
    for (long w = 1; w <= workers; w++)
        printf(", worker-%ld %ld", w, t.of[w]);
    printf("\n");
    return t;
}

/* Both files read back and counted; the verdicts. */
static void read_and_check(long workers, long lines, long main_lines)
{
    regex_t format;
    if (regcomp(&format, line_format, REG_EXTENDED) != 0)
        die("regcomp: bad line format");
    long total = workers * lines + main_lines, complete = 0;
    printf("\nwhole.log, one write(2) a line; its first %d lines:\n", SAMPLES);
    struct tally whole = read_back(whole_path, &format, workers, false);
    printf("\npieces.log, a write(2) a field (its broken lines are counted, not checked: "
           "a quiet machine may have none); its first %d broken lines:\n", SAMPLES);
    struct tally pieces = read_back(pieces_path, &format, workers, true);
    regfree(&format);
    for (long w = 1; w <= workers; w++)
        complete += whole.of[w] == lines;
    check_long("lines in whole.log", total, whole.lines);
    check_long("broken lines in whole.log", 0, whole.broken);
    check_long("workers with all their lines in whole.log", workers, complete);
    check_long("main's lines in whole.log", main_lines, whole.of[0]);
    check_long("lines in pieces.log, mixed but none lost", total, pieces.lines);
    check_long("bytes in pieces.log, the same as in whole.log", whole.bytes, pieces.bytes);
}

static void on_option(int letter, const char *value)
{
    (void)letter;
    if (strcmp(value, "yield") != 0 && strcmp(value, "none") != 0)
        usage_error("pause (-p) must be yield or none, got '%s'", value);
    pause_between_pieces = strcmp(value, "yield") == 0;
}

static const char usage[] =
    "[-j WORKERS] [-n LINES] [-p yield|none]\n"
    "Processes log to two files: a write(2) a line, and a write(2) a field.\n"
    "  -j WORKERS  worker processes besides main (1-64, default 4)\n"
    "  -n LINES    lines each worker logs (1-1000000, default 200)\n"
    "  -p PAUSE    between the fields of the second file: yield (default) or none\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = DEFAULT_WORKERS, .max_workers = MAX_WORKERS,
                          .size = DEFAULT_LINES, .min_size = 1, .max_size = MAX_LINES,
                          .extra_options = "p:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long lines = opt.size, workers = opt.workers, main_lines = 2 * workers + 2;
    struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESETHAND | SA_RESTART};
    sigaction(SIGINT, &sa, NULL);
    main_pid = pids[0] = getpid();
    if (!mkdtemp(dir) || atexit(remove_logs) != 0)
        die_errno("mkdtemp %s", dir);
    snprintf(whole_path, sizeof whole_path, "%s/whole.log", dir);
    snprintf(pieces_path, sizeof pieces_path, "%s/pieces.log", dir);
    printf("directory: %s (removed at the end)\n%ld workers x %ld lines + %ld from main = %ld "
           "lines a file\n", dir, workers, lines, main_lines, workers * lines + main_lines);

    open_logs(0);
    start_workers(workers, lines);
    long exited_ok = reap_workers(workers);
    close(whole_fd);
    close(pieces_fd);
    if (interrupted) {             /* every worker is reaped: clean up, then die of it */
        remove_logs();             /* (SA_RESETHAND has made SIGINT deadly again) */
        raise(SIGINT);
    }
    read_and_check(workers, lines, main_lines);
    remove_logs();
    check_long("workers that exited 0", workers, exited_ok);
    return check_status();
}
