/*
 * batch_files.c — every file of a directory processed in parallel: records
 * (lines: JSON Lines hold one a line), bytes, totals equal to a sequential pass.
 *
 * Python: batch_process_files: pool.map(process_json_file, files) over a
 *         directory's *.json files (seed B, catalog row 59).
 * C:      scandir, fstatat (what is no file is skipped); chapter 06's
 *         pool_map of a task that does openat + read.
 * Usage:  batch_files [-d DIR] [-n FILES] [-j WORKERS] [--bench]
 *         defaults: a sample of -n 36 files made in a temporary folder (in
 *         $TMPDIR or /tmp), then removed; -j 4; --bench: 400, more records
 * Expect: skipped: fifo (a FIFO)
 *         cannot read: unreadable.jsonl: No such file or directory
 *         totals: 36 files read, 1 unreadable, 3 skipped; 1797 records, 47725 bytes
 * See also: parallel_fetch.c (requests, not files); chapter 06's pool_map.
 * Try:    -d /usr/include -j 1, then -j 4; --bench.
 * Look for: the skipped and unreadable entries; the totals of both passes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "../06-pools/pool.h"      /* with limits.h, signal.h, stdio.h */

#define DEFAULT_FILES 36L
#define BENCH_FILES 400L
#define MAX_FILES 100000L
#define BENCH_SCALE 100L           /* --bench: 100 times as many records a file */
#define DEFAULT_WORKERS 4L
/* Ctrl-C: the pool's tasks stop, we remove the sample, then die of it. */
static volatile sig_atomic_t interrupted;
static char sample[PATH_MAX];      /* the generated folder, or "" */
static struct dirent **names;      /* the files to read, sorted: scandir's */
static int dir_fd;                 /* their directory, for openat */

static void on_interrupt(int sig)
{
    interrupted = sig;
}

struct result {                    /* one file's; `index` tags it */
    long index, records, bytes;
    int error;                     /* errno of a failed open or read, else 0 */
};

/* ---- one file's records (newlines, and a last line without one) and bytes.
 * O_NONBLOCK: if a FIFO took the file's place, open would wait forever. */
static struct result count_file(long index)
{
    struct result r = {.index = index, .records = 0, .bytes = 0, .error = 0};
    static char buffer[1 << 16];
    char last = '\n';
    ssize_t n = -1;
    int fd = openat(dir_fd, names[index]->d_name, O_RDONLY | O_NONBLOCK);
    while (fd != -1 && (n = read(fd, buffer, sizeof buffer)) > 0) {
        for (ssize_t i = 0; i < n; i++)
            r.records += buffer[i] == '\n';
        r.bytes += n;
        last = buffer[n - 1];
    }
    r.error = n == -1 ? errno : 0; /* openat's, or read's */
    r.records += last != '\n';
    if (fd != -1)
        close(fd);
    return r;
}

/* The pool's task: file number *arg. Ctrl-C ends the tasks left at once. */
static int count_task(const void *arg, void *result)
{
    if (interrupted)
        return EINTR;
    *(struct result *)result = count_file(*(const long *)arg);
    return 0;
}

/* Chapter 06's pool, forked after the listing (each worker has `names` and the
 * fd); results tagged with their index, put in place. Returns the tasks done. */
static long count_in_parallel(long files, long workers, struct result out[])
{
    long *indexes = pool_alloc((size_t)files * sizeof *indexes);
    for (long i = 0; i < files; i++)
        indexes[i] = i;
    struct pool pool;
    pool_open(&pool, workers);
    long failed = pool_map(&pool, count_task, indexes, files, sizeof *indexes, out, sizeof *out, 0);
    pool_close(&pool);
    pool_join(&pool);
    pool_free(&pool);
    free(indexes);
    return files - failed;
}

/* ---- the listing: a file (or what stat cannot follow: open will say why) is
 * read, the rest skipped. fstatat follows links; AT_SYMLINK_NOFOLLOW does not. */
static const char *kind(const char *name)
{
    struct stat st, link;
    if (fstatat(dir_fd, name, &st, 0) == -1 || S_ISREG(st.st_mode))
        return NULL;
    if (S_ISDIR(st.st_mode))
        return fstatat(dir_fd, name, &link, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(link.st_mode)
                   ? "a symbolic link to a directory" : "a directory";
    return S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISSOCK(st.st_mode) ? "a socket" : "a device";
}

static int not_dots(const struct dirent *e)
{
    return strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
}

/* scandir: readdir, filter and sort in one call. Returns the files left. */
static long list_files(const char *path, long *skipped)
{
    long count = scandir(path, &names, not_dots, alphasort), files = 0;
    if (count == -1 || (dir_fd = open(path, O_RDONLY | O_DIRECTORY)) == -1)
        usage_error("cannot open directory %s: %s", path, strerror(errno));
    for (long i = 0; i < count; i++) {
        const char *what = kind(names[i]->d_name);
        if (what) {
            printf("skipped: %s (%s)\n", names[i]->d_name, what);
            free(names[i]);
        } else
            names[files++] = names[i];
    }
    *skipped = count - files;
    if (files == 0) {              /* not an error: nothing to do */
        printf("no files in %s: nothing to do\n", path);
        close(dir_fd);
        exit(0);
    }
    return files;
}

/* ---- the sample: -n files of JSON Lines, file 0 empty; an empty folder, a link
 * to it, a FIFO, and as unreadable a link to no file (root reads chmod 000). */
static const char *in_sample(const char *name)
{
    static char path[PATH_MAX + NAME_MAX + 2];
    snprintf(path, sizeof path, "%s/%s", sample, name);
    return path;
}

/* At exit and on Ctrl-C, which it then dies of. remove(): unlink, or rmdir;
 * a link is not followed. */
static void remove_sample(void)
{
    DIR *dir = sample[0] ? opendir(sample) : NULL;
    struct dirent *e;
    while (dir && (e = readdir(dir)) != NULL)
        if (e->d_name[0] != '.')   /* . and ..: the sample has no other dot-file */
            remove(in_sample(e->d_name));
    if (dir)
        closedir(dir);
    if (sample[0] && rmdir(sample) == -1)
        fprintf(stderr, "%s: cannot remove %s: %s\n", program_name(), sample, strerror(errno));
    sample[0] = '\0';
    if (interrupted)               /* SA_RESETHAND: the default action, death */
        raise(SIGINT);
}

static const char *make_sample(long files, long scale, struct result *written)
{
    const char *tmp = getenv("TMPDIR");
    tmp = tmp && *tmp ? tmp : "/tmp";
    snprintf(sample, sizeof sample, "%s/batch_files.XXXXXX", tmp);
    if (!mkdtemp(sample))
        die_errno("mkdtemp under %s", tmp);
    char name[48];
    for (long i = 0; i < files && !interrupted; i++) {
        snprintf(name, sizeof name, "records-%06ld.jsonl", i);
        FILE *f = fopen(in_sample(name), "w");
        if (!f)
            die_errno("create %s", in_sample(name));
        for (long k = 0; k < i * 37 % 101 * scale; k++, written->records++)
            written->bytes += fprintf(f, "{\"id\": %ld, \"value\": %ld}\n", i * 1000 + k, k % 97);
        if (fclose(f) != 0)
            die_errno("write %s", in_sample(name));
    }
    if (interrupted)               /* no half sample to list: die of it now */
        remove_sample();
    if (mkdir(in_sample("subdir"), 0700) == -1 || mkfifo(in_sample("fifo"), 0600) == -1 ||
        symlink("subdir", in_sample("link-to-subdir")) == -1 ||
        symlink("no-such-file.jsonl", in_sample("unreadable.jsonl")) == -1)
        die_errno("make the odd entries in %s", sample);
    printf("sample: %s, %ld files of records and 4 odd entries\n", sample, files);
    return sample;
}

/* ---- the two passes, timed: in turn, then with -j workers. */
static long measure(long files, long workers, struct result in_turn[], struct result parallel[],
                    struct report *r)
{
    double start = now_seconds();
    for (long i = 0; i < files && !interrupted; i++)
        in_turn[i] = count_file(i);
    report_add(r, "sequential", 1, now_seconds() - start, 0);
    start = now_seconds();
    long received = count_in_parallel(files, workers, parallel);
    report_add(r, "parallel", workers, now_seconds() - start, 0);
    if (interrupted)               /* every worker is reaped: now die of it */
        remove_sample();
    return received;
}

/* ---- the report: a line per file (or why it cannot be read); totals. */
struct totals { long records, bytes, unreadable; };
static struct totals totals(const struct result r[], long files)
{
    struct totals t = {0, 0, 0};
    for (long i = 0; i < files; i++) {
        t.records += r[i].records;
        t.bytes += r[i].bytes;
        t.unreadable += r[i].error != 0;
    }
    return t;
}

static void print_results(const struct result r[], long files, long skipped)
{
    printf("\n%-28s %10s %12s\n", "file", "records", "bytes");
    for (long i = 0; i < files; i++)
        if (r[i].error != 0)
            printf("cannot read: %s: %s\n", names[i]->d_name, strerror(r[i].error));
        else
            printf("%-28s %10ld %12ld\n", names[i]->d_name, r[i].records, r[i].bytes);
    struct totals t = totals(r, files);
    printf("totals: %ld files read, %ld unreadable, %ld skipped; %ld records, %ld bytes\n",
           files - t.unreadable, t.unreadable, skipped, t.records, t.bytes);
}

/* ---- the self-check: files with the same counts in both, in their place. */
static long agreeing(const struct result a[], const struct result b[], long files)
{
    long same = 0;
    for (long i = 0; i < files; i++)
        same += a[i].index == i && a[i].records == b[i].records && a[i].bytes == b[i].bytes &&
                a[i].error == b[i].error;
    return same;
}

static const char *dir_option;
static void on_option(int letter, const char *value)
{
    (void)letter;                  /* -d, the only extra option */
    dir_option = value;
}

static const char usage[] =
    "[-d DIR] [-n FILES] [-j WORKERS] [--bench]\n"
    "Counts the records (lines) and bytes of every file of a directory, in parallel.\n"
    "  -d DIR      the directory (default: a generated sample, removed at the end)\n"
    "  -n FILES    files in the sample (1-100000, default 36; 400 with --bench)\n"
    "  -j WORKERS  worker processes (1-64, default 4)\n"
    "  --bench     a larger sample (100 times the records), and BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = DEFAULT_WORKERS, .size = 0, .min_size = 1,
                          .max_workers = POOL_MAX_WORKERS, .max_size = MAX_FILES,
                          .extra_options = "d:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    if (dir_option && opt.size)
        usage_error("-n sizes the generated sample: not with -d");
    long made = opt.size ? opt.size : opt.bench ? BENCH_FILES : DEFAULT_FILES, skipped;
    struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESETHAND | SA_RESTART};
    sigaction(SIGINT, &sa, NULL);
    atexit(remove_sample);         /* at every exit: so a late Ctrl-C still kills */
    struct result written = {.records = 0, .bytes = 0};
    const char *path = dir_option ? dir_option
                                  : make_sample(made, opt.bench ? BENCH_SCALE : 1, &written);
    long files = list_files(path, &skipped);
    struct result *in_turn = pool_alloc(2 * (size_t)files * sizeof *in_turn);
    struct result *parallel = in_turn + files;
    struct report r = {.program = "batch_files", .bench = opt.bench};
    long received = measure(files, opt.workers, in_turn, parallel, &r);
    print_results(parallel, files, skipped);
    report_print(&r);
    putchar('\n');
    struct totals t_turn = totals(in_turn, files), t_parallel = totals(parallel, files);
    check_long("tasks that ended well in the pool", files, received);
    check_long("files whose counts equal the sequential pass", files,
               agreeing(parallel, in_turn, files));
    check_long("records, parallel total = sequential total", t_turn.records, t_parallel.records);
    if (!dir_option) {             /* and what the sample is known to hold */
        check_long("records, as the sample wrote them", written.records, t_turn.records);
        check_long("bytes, as the sample wrote them", written.bytes, t_turn.bytes);
    }
    while (files > 0)
        free(names[--files]);
    free(names);
    free(in_turn);
    close(dir_fd);
    return check_status();
}
