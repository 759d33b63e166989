/*
 * parallel_fetch.c — HTTP requests to a slow loopback server of our own, in
 * turn, then from -j processes at once: waiting needs no core, 4 give ~4x.
 *
 * Python: pool.map(fetch_url, urls), urllib.request.urlopen in each task
 *         (seed A, Example 3; seed B, web scraping; catalog row 58).
 * C:      server: bind to port 0, getsockname, listen, fork per connection;
 *         client: connect, write, read to EOF; one pipe for the answers.
 * Usage:  parallel_fetch [-n PATHS] [-j WORKERS] [-d MS] [-p PORT] [--bench]
 *         defaults: -n 8, -j 4, -d 50 ms before each response, our server;
 *         --bench: -n 32, workers 2, 4, ... up to 4 x -j
 * Expect: mode                 workers    seconds   speedup  efficiency     requests/s
 *         sequential                 1      0.410     1.00x        100%          19.53
 *         parallel                   4      0.105     3.91x         98%          76.29
 * See also: batch_files.c (files, not requests); chapter 07 (work for cores).
 * Try:    taskset -c 0 (one core, same speedup); -d 0 (the forks then cost more).
 * Look for: the speedup close to the worker count, whatever the cores.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "common.h"
#include "../03-pipes/framing.h"  /* write_all, read_all; errno.h, unistd.h */

#define DEFAULT_PATHS 8L
#define BENCH_PATHS 32L
#define MAX_PATHS 10000L
#define DEFAULT_WORKERS 4L
#define MAX_WORKERS 256L
#define DEFAULT_DELAY_MS 50L
#define MAX_DELAY_MS 10000L
#define BODY_MAX 64
#define MESSAGE_MAX 1024           /* a request, or a response: ours are short */

/* Ctrl-C reaches the whole group: each process notes it, reaps, ends. */
static volatile sig_atomic_t interrupted;
static pid_t server_pid;           /* 0: none (-p, or already reaped) */
static int results_fd = -1;        /* the workers' pipe, read end */
static struct answer {
    long index;                    /* which path: the workers answer in any order */
    int status;                    /* HTTP status, or 0: no answer (interrupted) */
    char body[BODY_MAX];
} answers[MAX_PATHS];

static void on_interrupt(int sig)
{
    interrupted = sig;
}

/* ---- the content: "/item/7" is "item 7: 49"; false for any other path. */
static bool body_for(const char *path, char body[BODY_MAX])
{
    size_t digits = strncmp(path, "/item/", 6) == 0 ? strspn(path + 6, "0123456789") : 0;
    if (digits == 0 || digits > 9 || path[6 + digits] != '\0')
        return false;
    long k = strtol(path + 6, NULL, 10);
    snprintf(body, BODY_MAX, "item %ld: %ld", k, k * k);
    return true;
}

/* ---- the server. A connection is one process: it reads the request,
 * sleeps, answers, ends; so slow answers overlap with no event loop to
 * write (poll over all sockets would do it in one process, with timers). */
static noreturn void answer_one(int conn, long delay_ms)
{
    char request[MESSAGE_MAX] = "", body[BODY_MAX] = "no such path", response[MESSAGE_MAX];
    /* One read may bring part of the request: read up to the blank line. */
    size_t got = 0;
    ssize_t n;
    while (!strstr(request, "\r\n\r\n") && got < sizeof request - 1 &&
           (n = read(conn, request + got, sizeof request - 1 - got)) > 0)
        request[got += (size_t)n] = '\0';
    sleep_ms(delay_ms);            /* the slow part: a database, a disk, a far server */
    char *path = request + 4;      /* "GET /item/7 HTTP/1.0": cut after the path */
    path[strcspn(path, " \r\n")] = '\0';
    bool found = strncmp(request, "GET ", 4) == 0 && body_for(path, body);
    int size = snprintf(response, sizeof response, "HTTP/1.0 %s\r\nContent-Length: %zu\r\n\r\n%s",
                        found ? "200 OK" : "404 Not Found", strlen(body), body);
    _exit(write_all(conn, response, (size_t)size) == 0 ? 0 : 1);   /* closes conn */
}

static noreturn void serve(int listener, long delay_ms)
{
    struct sigaction sa = {.sa_handler = on_interrupt};  /* no SA_RESTART: accept ends */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL); /* how the main program stops us */
    struct pollfd ready = {.fd = listener, .events = POLLIN};
    while (!interrupted) {
        /* Not a blocking accept: a signal just before it would be lost. */
        if (poll(&ready, 1, 100) < 1)
            continue;              /* timeout, or EINTR */
        int conn = accept(listener, NULL, NULL);
        if (conn == -1 && errno != ECONNABORTED)
            die_errno("server: accept");
        if (conn == -1)
            continue;
        fflush(stdout);            /* as before every fork: leave no output to inherit */
        pid_t pid = fork();
        if (pid == -1)
            die_errno("server: fork");
        if (pid == 0) {
            signal(SIGINT, SIG_DFL);   /* Ctrl-C: an answer may simply die */
            close(listener);
            answer_one(conn, delay_ms);
        }
        close(conn);               /* the child has its own copy */
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;                      /* reap the answers already given */
    }
    close(listener);               /* new connections are refused from now on */
    while (wait(NULL) != -1 || errno == EINTR)
        ;                          /* every answer under way ends within the delay */
    _exit(0);
}

/* Bound and listening before the fork: a client may connect at once, the
 * kernel queues the connection until the server accepts it. Port 0 lets
 * the kernel pick a free port; getsockname says which. */
static int start_server(long delay_ms)
{
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);   /* nothing leaves the machine */
    socklen_t len = sizeof addr;
    if (listener == -1 || bind(listener, (struct sockaddr *)&addr, sizeof addr) == -1 ||
        listen(listener, SOMAXCONN) == -1 ||
        getsockname(listener, (struct sockaddr *)&addr, &len) == -1)
        die_errno("server socket on 127.0.0.1");
    fflush(stdout);                /* as before every fork: leave no output to inherit */
    if ((server_pid = fork()) == -1)
        die_errno("fork");
    if (server_pid == 0)
        serve(listener, delay_ms);
    close(listener);               /* we only connect */
    printf("server: 127.0.0.1:%d (pid %ld), %ld ms before each response\n",
           ntohs(addr.sin_port), (long)server_pid, delay_ms);
    return ntohs(addr.sin_port);
}

/* At exit, on every path (atexit): close our end of the results (a worker
 * blocked writing gets EPIPE), stop the server, reap every child. */
static void stop_everything(void)
{
    if (results_fd != -1)
        close(results_fd);
    if (server_pid > 0)
        kill(server_pid, SIGTERM);
    server_pid = 0;
    while (wait(NULL) != -1 || errno == EINTR)
        ;
}

/* ---- the client: GET /item/INDEX, or `path` if not NULL. A failure is an error, unless
 * Ctrl-C came (the server may be gone): then the answer is status 0. */
static struct answer fetch(int port, long index, const char *path)
{
    struct answer a = {.index = index, .status = 0};
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    char message[MESSAGE_MAX], item[32];
    snprintf(item, sizeof item, "/item/%ld", index);
    path = path ? path : item;
    int size = snprintf(message, sizeof message, "GET %s HTTP/1.0\r\n\r\n", path);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ssize_t got = -1;
    /* HTTP/1.0: the server closes when done, so the response ends at EOF,
     * however many reads it takes (read_all loops until then). */
    if (fd != -1 && connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
        write_all(fd, message, (size_t)size) == 0)
        got = read_all(fd, message, sizeof message - 1);
    int err = errno;               /* before close() may change it */
    close(fd);                     /* (-1 if socket() failed: harmless) */
    if (got == -1 && !interrupted) /* ECONNREFUSED: nothing listens on that port */
        die_code(err, "GET %s from 127.0.0.1:%d", path, port);
    message[got > 0 ? got : 0] = '\0';
    const char *body = strstr(message, "\r\n\r\n");
    if (strncmp(message, "HTTP/1.", 7) == 0 && got > 12 && body)
        a.status = (int)strtol(message + 9, NULL, 10);
    snprintf(a.body, sizeof a.body, "%s", body ? body + 4 : "(no body)");
    return a;
}

/* Worker w fetches paths w, w + workers, ... and writes each answer to one
 * pipe that all share: a write of at most PIPE_BUF bytes is never mixed
 * with another's, and the index says whose answer it is. */
static void fetch_in_parallel(int port, long paths, long workers)
{
    pid_t pids[MAX_WORKERS];
    int pipe_fd[2];
    long started = 0;
    if (pipe(pipe_fd) == -1)
        die_errno("pipe");
    results_fd = pipe_fd[0];
    for (; started < workers && !interrupted; started++) {
        fflush(stdout);            /* as before every fork: leave no output to inherit */
        if ((pids[started] = fork()) == -1)
            die_errno("fork");
        if (pids[started] == 0) {
            signal(SIGINT, SIG_DFL);   /* Ctrl-C: a worker simply dies */
            close(pipe_fd[0]);
            for (long i = started; i < paths; i += workers) {
                struct answer a = fetch(port, i, NULL);
                if (write_all(pipe_fd[1], &a, sizeof a) == -1)
                    die_errno("worker: write");
            }
            _exit(0);
        }
    }
    close(pipe_fd[1]);             /* or the last worker's end would never come */
    struct answer a;
    while (read_all(pipe_fd[0], &a, sizeof a) == (ssize_t)sizeof a)
        if (a.index >= 0 && a.index < paths)
            answers[a.index] = a;
    close(pipe_fd[0]);
    results_fd = -1;
    for (long w = 0; w < started; w++)   /* each by its pid: wait() would wait */
        if (waitpid(pids[w], NULL, 0) == -1)    /* for the server too */
            die_errno("waitpid");
}

/* ---- in turn (w = 0), then -j workers, or (--bench) 2, 4, ... up to 4 x -j. */
static void measure(int port, long paths, const struct options *opt, struct report *r,
                    long right[2])
{
    long most = opt->bench ? 4 * opt->workers : opt->workers, w = 0;
    for (; w <= most && w <= MAX_WORKERS; w = w ? 2 * w : opt->bench ? 2 : opt->workers) {
        memset(answers, 0, (size_t)paths * sizeof *answers);
        double start = now_seconds();
        if (w == 0)                /* in turn, in this process */
            for (long i = 0; i < paths && !interrupted; i++)
                answers[i] = fetch(port, i, NULL);
        else
            fetch_in_parallel(port, paths, w);
        double seconds = now_seconds() - start;
        if (interrupted) {         /* every worker is reaped: now die of it */
            stop_everything();
            raise(SIGINT);
        }
        char path[32], body[BODY_MAX];
        for (long i = 0; i < paths; i++) {
            snprintf(path, sizeof path, "/item/%ld", i);
            right[w > 0] += body_for(path, body) && answers[i].index == i &&
                            answers[i].status == 200 && strcmp(answers[i].body, body) == 0;
        }
        report_add(r, w ? "parallel" : "sequential", w ? w : 1, seconds, (double)paths / seconds);
    }
}

static long delay_ms = DEFAULT_DELAY_MS, server_port;

static void on_option(int letter, const char *value)
{
    if (letter == 'd')
        delay_ms = parse_long(value, 0, MAX_DELAY_MS, "delay (-d)");
    else
        server_port = parse_long(value, 1, 65535, "port (-p)");
}

static const char usage[] =
    "[-n PATHS] [-j WORKERS] [-d MS] [-p PORT] [--bench]\n"
    "Fetches -n paths from a slow HTTP server on 127.0.0.1: in turn, then -j at once.\n"
    "  -n PATHS    paths to fetch (1-10000, default 8; 32 with --bench)\n"
    "  -j WORKERS  worker processes (1-256, default 4)\n"
    "  -d MS       our server waits MS ms before each response (0-10000, default 50)\n"
    "  -p PORT     use a server already on 127.0.0.1:PORT instead of starting ours\n"
    "  --bench     workers 2, 4, ... up to 4 x -j, and BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = DEFAULT_WORKERS, .max_workers = MAX_WORKERS,
                          .size = 0, .min_size = 1, .max_size = MAX_PATHS,
                          .extra_options = "d:p:", .on_extra = on_option};
    parse_options(argc, argv, &opt);
    long paths = opt.size ? opt.size : opt.bench ? BENCH_PATHS : DEFAULT_PATHS;
    struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESETHAND | SA_RESTART};
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);      /* a peer gone: write fails with EPIPE, we live on */
    atexit(stop_everything);       /* die() and return alike stop the server */
    int port = server_port ? (int)server_port : start_server(delay_ms);
    struct report r = {.program = "parallel_fetch", .bench = opt.bench,
                       .metric = "requests/s", .metric_key = "requests_per_s"};
    long right[2] = {0, 0};
    struct answer bad = fetch(port, 0, "/nothing");   /* before measure: it sees Ctrl-C */
    measure(port, paths, &opt, &r, right);
    struct answer last = answers[paths - 1];
    printf("GET /item/%ld: %d, \"%s\"\n", paths - 1, last.status, last.body);
    printf("GET /nothing: %d, \"%s\" (a bad path, reported)\n", bad.status, bad.body);
    report_print(&r);
    putchar('\n');
    check_long("answers right, in turn (status 200, the path's body)", paths, right[0]);
    check_long("answers right, parallel, every run", paths * (r.rows - 1), right[1]);
    check_long("status for a path the server lacks", 404, bad.status);
    return check_status();
}
