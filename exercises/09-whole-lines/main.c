/*
 * main.c — the driver of exercise 09-whole-lines. DO NOT EDIT: your work
 * goes in task.c. Forks WORKERS processes; each opens the same log file
 * with O_APPEND and logs LINES lines through your log_line(). Then it
 * reads the file back and counts: lines, bytes, lines that are not one
 * well-formed line of one worker (broken), and each worker's whole lines.
 *
 * Usage: program [-j WORKERS] [-n LINES]
 */
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

#define MAX_WORKERS 64L
#define MAX_LINES 100000L
#define SAMPLES 3
#define STAMP_BYTES 23             /* "2026-11-24 21:54:17.835" */

/* Well-formed: "date time.ms [worker-W pid] LEVEL message", nothing else. */
static const char line_format[] =
    "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} "
    "\\[worker-([0-9]+) ([0-9]+)\\] (INFO|WARNING|ERROR) record [0-9]+ of [0-9]+$";

static char dir[] = "/tmp/whole_lines.XXXXXX", path[64];
static pid_t main_pid, pids[MAX_WORKERS + 1];     /* pids[w]: worker-w */

static const char *level_of(long k)
{
    return k % 7 == 0 ? "ERROR" : k % 3 == 0 ? "WARNING" : "INFO";
}

/* Worker w: opens the file itself, as a separate program would, and logs
 * its lines through log_line(). */
static noreturn void worker(long w, long lines)
{
    char name[16], message[64];
    snprintf(name, sizeof name, "worker-%ld", w);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600);
    if (fd == -1)
        die_errno("%s: open %s", name, path);
    for (long k = 1; k <= lines; k++) {
        snprintf(message, sizeof message, "record %ld of %ld", k, lines);
        log_line(fd, name, level_of(k), message);
    }
    _exit(close(fd) == 0 ? 0 : 1);
}

/* The bytes worker w's lines must take, worked out from its pid. */
static long expected_bytes(long w, long lines)
{
    char text[64];
    long bytes = 0;
    for (long k = 1; k <= lines; k++)
        bytes += STAMP_BYTES + snprintf(text, sizeof text, " [worker-%ld %ld] %s record %ld of %ld\n",
                                        w, (long)pids[w], level_of(k), k, lines);
    return bytes;
}

/* At exit, in main only: the file and its directory go. */
static void remove_log(void)
{
    if (getpid() != main_pid || dir[0] == '\0')
        return;
    unlink(path);
    rmdir(dir);
    dir[0] = '\0';
}

struct tally {
    long lines, broken, bytes, of[MAX_WORKERS + 1];
};

/* w if the line is well-formed and carries worker-w's pid; -1 if not. */
static long owner(const regex_t *format, const char *line, long workers)
{
    regmatch_t m[3];
    if (regexec(format, line, 3, m, 0) != 0)
        return -1;
    long w = strtol(line + m[1].rm_so, NULL, 10);
    if (w < 1 || w > workers || strtol(line + m[2].rm_so, NULL, 10) != pids[w])
        return -1;
    return w;
}

static struct tally read_back(long workers)
{
    regex_t format;
    if (regcomp(&format, line_format, REG_EXTENDED) != 0)
        die("regcomp: bad line format");
    struct tally t = {0};
    FILE *f = fopen(path, "r");
    if (!f)
        die_errno("fopen %s", path);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) != -1) {
        t.lines++;
        t.bytes += len;
        if (line[len - 1] == '\n')
            line[len - 1] = '\0';
        long w = owner(&format, line, workers);
        if (w > 0)
            t.of[w]++;
        else if (++t.broken <= SAMPLES)
            printf("broken: %.100s%s\n", line, strlen(line) > 100 ? "..." : "");
    }
    free(line);
    fclose(f);
    regfree(&format);
    return t;
}

static const char usage[] =
    "[-j WORKERS] [-n LINES]\n"
    "Worker processes log into one O_APPEND file through your log_line();\n"
    "the file is read back and every line must be whole.\n"
    "  -j WORKERS  (1-64, default 4)\n"
    "  -n LINES    lines each worker logs (1-100000, default 300)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_WORKERS,
                          .size = 300, .min_size = 1, .max_size = MAX_LINES};
    parse_options(argc, argv, &opt);
    long workers = opt.workers, lines = opt.size;
    main_pid = getpid();
    if (!mkdtemp(dir) || atexit(remove_log) != 0)
        die_errno("mkdtemp %s", dir);
    snprintf(path, sizeof path, "%s/log", dir);
    printf("workers: %ld\nlines each: %ld\n", workers, lines);

    for (long w = 1; w <= workers; w++) {
        fflush(stdout);            /* or the child repeats what we buffered */
        pids[w] = fork();
        if (pids[w] == -1)
            die_errno("fork");
        if (pids[w] == 0)
            worker(w, lines);
    }
    long exited_ok = 0;
    for (long w = 1; w <= workers; w++) {
        int status;
        if (waitpid(pids[w], &status, 0) == -1)
            die_errno("waitpid");
        exited_ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }

    struct tally t = read_back(workers);
    remove_log();
    long want_bytes = 0, complete = 0;
    for (long w = 1; w <= workers; w++) {
        want_bytes += expected_bytes(w, lines);
        complete += t.of[w] == lines;
    }
    printf("lines: %ld\nbytes: %ld\nbytes the lines take: %ld\nbroken lines: %ld\n"
           "lines of each:", t.lines, t.bytes, want_bytes, t.broken);
    for (long w = 1; w <= workers; w++)
        printf("%s worker-%ld %ld", w > 1 ? "," : "", w, t.of[w]);
    printf("\nworkers with all their lines whole: %ld\n", complete);
    check_long("workers that exited 0", workers, exited_ok);
    check_long("lines in the file", workers * lines, t.lines);
    check_long("bytes in the file", want_bytes, t.bytes);
    check_long("broken lines", 0, t.broken);
    check_long("workers with all their lines whole", workers, complete);
    return check_status();
}
