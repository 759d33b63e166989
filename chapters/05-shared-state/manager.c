/*
 * manager.c — a manager: one process owns a list and a dict, and the others
 * change them by sending it requests. Then: what one request costs, next to
 * one increment of a counter in shared memory.
 *
 * Python: Manager().list() and .dict(); four workers each append their id
 *         and set dict[f"worker_{id}"] (seed A "Manager"; catalog row 32).
 *         Python's manager is a server process too, reached over a socket.
 * C:      socketpair(AF_UNIX, SOCK_SEQPACKET) per client: a SEQPACKET socket
 *         keeps each send() one message, so a request needs no framing;
 *         the manager serves every client with poll().
 *
 * Usage:  manager [-j WORKERS] [-n REQUESTS] [--bench]   defaults: -j 4, -n 20000
 * Expect: shared list: [2, 0, 1, 3]
 *         shared dict: {worker_0: Data from 0, worker_1: Data from 1, ...}
 *         manager: 47.67 us per request; shared memory: 0.010 us per increment (4555x)
 * See also: counter_shared.c. Try: -j 16; chapter 04's round trip time.
 * Look for: the list's order changing from run to run, its contents not.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define MAX_WORKERS 32L
#define MAX_ITEMS 256              /* list elements, and dict entries */

enum op { APPEND, LIST_LEN, LIST_GET, DICT_SET, DICT_LEN, DICT_ENTRY, INCREMENT };

struct request {
    enum op op;
    long number;                   /* APPEND: the value; *_GET, DICT_ENTRY: the index */
    char key[32], value[64];       /* DICT_SET */
};

struct reply {
    long number;                   /* the value, the length, the counter; -1: refused */
    char key[32], value[64];       /* DICT_ENTRY */
};

/* The manager: the only process that touches the data. */
static long list[MAX_ITEMS], list_len, dict_len, counter;
static struct reply dict[MAX_ITEMS];   /* key and value of each entry */

static void set(const char *key, const char *value)
{
    long i = 0;
    while (i < dict_len && strcmp(dict[i].key, key) != 0)
        i++;
    if (i == MAX_ITEMS)
        return;                    /* full: a real manager would grow */
    dict_len += i == dict_len;     /* a new key: one entry more */
    snprintf(dict[i].key, sizeof dict[i].key, "%s", key);
    snprintf(dict[i].value, sizeof dict[i].value, "%s", value);
}

static struct reply answer(const struct request *rq)
{
    struct reply r = {.number = -1};
    long i = rq->number;
    switch (rq->op) {
    case APPEND:     if (list_len < MAX_ITEMS) r.number = list[list_len++] = i; break;
    case LIST_LEN:   r.number = list_len; break;
    case LIST_GET:   if (i >= 0 && i < list_len) r.number = list[i]; break;
    case DICT_SET:   set(rq->key, rq->value); r.number = dict_len; break;
    case DICT_LEN:   r.number = dict_len; break;
    case DICT_ENTRY: if (i >= 0 && i < dict_len) r = dict[i]; break;
    case INCREMENT:  r.number = ++counter; break;
    }
    return r;
}

/* Serves requests until every client has closed its end. */
static void serve(int *client, long clients)
{
    struct pollfd p[MAX_WORKERS + 1];
    for (long c = 0; c < clients; c++)
        p[c] = (struct pollfd){.fd = client[c], .events = POLLIN};
    for (long open = clients; open > 0;) {
        if (poll(p, (nfds_t)clients, -1) == -1) {
            if (errno == EINTR)
                continue;
            die_errno("manager: poll");
        }
        for (long c = 0; c < clients; c++) {
            if (p[c].revents == 0)     /* poll leaves it 0 for closed slots (fd -1) */
                continue;
            struct request rq;
            ssize_t n = recv(p[c].fd, &rq, sizeof rq, 0);
            if (n == (ssize_t)sizeof rq) {
                struct reply r = answer(&rq);
                if (send(p[c].fd, &r, sizeof r, MSG_NOSIGNAL) != (ssize_t)sizeof r)
                    die_errno("manager: send");
                continue;
            }
            if (n == -1 && errno == EINTR)
                continue;
            close(p[c].fd);        /* 0: the client closed its end (or an error) */
            p[c].fd = -1;          /* poll skips negative fds */
            open--;
        }
    }
}

static struct reply call(int manager, struct request rq)
{
    struct reply r;
    /* MSG_NOSIGNAL: a gone peer gives EPIPE, not a fatal SIGPIPE (ch. 03) */
    if (send(manager, &rq, sizeof rq, MSG_NOSIGNAL) != (ssize_t)sizeof rq)
        die_errno("send");
    ssize_t n;
    while ((n = recv(manager, &r, sizeof r, 0)) == -1 && errno == EINTR)
        ;
    if (n != (ssize_t)sizeof r)
        die("the manager is gone");
    return r;
}

static void worker(int manager, long id)
{
    struct request set_rq = {.op = DICT_SET};
    snprintf(set_rq.key, sizeof set_rq.key, "worker_%ld", id);
    snprintf(set_rq.value, sizeof set_rq.value, "Data from %ld", id);
    call(manager, (struct request){.op = APPEND, .number = id});
    call(manager, set_rq);
}

/* Client c talks over sv[c][1]; the manager holds sv[c][0]. After fork,
 * each process closes the ends not its own: the manager sees a client's end
 * of stream only once every copy of its end is closed (chapter 03). */
static pid_t start_manager(int (*sv)[2], long clients)
{
    fflush(stdout);                /* or the child repeats what we buffered */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        int manager_end[MAX_WORKERS + 1];
        for (long c = 0; c < clients; c++) {
            close(sv[c][1]);
            manager_end[c] = sv[c][0];
        }
        serve(manager_end, clients);
        _exit(0);
    }
    for (long c = 0; c < clients; c++)
        close(sv[c][0]);
    return pid;
}

static pid_t start_worker(int (*sv)[2], long clients, long id)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        for (long c = 0; c < clients; c++)
            if (c != id)
                close(sv[c][1]);
        worker(sv[id][1], id);
        _exit(0);
    }
    return pid;
}

/* Prints the list and the dict the manager holds; returns how many workers
 * are in both once, with the right value, if nothing else is. */
static long show_shared(int manager, long workers)
{
    long in_list[MAX_WORKERS] = {0}, in_dict[MAX_WORKERS] = {0}, strangers = 0, right = 0;
    long n = call(manager, (struct request){.op = LIST_LEN}).number;
    printf("shared list: [");
    for (long i = 0; i < n; i++) {
        long id = call(manager, (struct request){.op = LIST_GET, .number = i}).number;
        printf("%s%ld", i ? ", " : "", id);
        if (id >= 0 && id < workers)
            in_list[id]++;
        else
            strangers++;
    }
    n = call(manager, (struct request){.op = DICT_LEN}).number;
    printf("]\nshared dict: {");
    for (long i = 0; i < n; i++) {
        struct reply e = call(manager, (struct request){.op = DICT_ENTRY, .number = i});
        printf("%s%s: %s", i ? ", " : "", e.key, e.value);
        char key[32], value[64];
        long w = 0;
        for (; w < workers; w++) { /* whose entry: worker_<w> -> "Data from <w>"? */
            snprintf(key, sizeof key, "worker_%ld", w);
            snprintf(value, sizeof value, "Data from %ld", w);
            if (strcmp(e.key, key) == 0 && strcmp(e.value, value) == 0)
                break;
        }
        if (w < workers)
            in_dict[w]++;
        else
            strangers++;
    }
    printf("}\n");
    for (long w = 0; w < workers; w++)
        right += in_list[w] == 1 && in_dict[w] == 1;
    return strangers == 0 ? right : 0;
}

/* What one increment costs through the manager (a request and a reply,
 * each crossing the kernel, and two process switches) and in shared
 * memory under a process-shared mutex. Both in this process, uncontended. */
static void compare_costs(int manager, long requests, bool bench)
{
    double start = now_seconds();
    long last = 0;
    for (long i = 0; i < requests; i++)
        last = call(manager, (struct request){.op = INCREMENT}).number;
    double by_request = (now_seconds() - start) / (double)requests;

    struct shared_counter { pthread_mutex_t lock; long value; } *shared;
    shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED)
        die_errno("mmap");
    pthread_mutexattr_t a;         /* as counter_shared.c does it */
    int err;
    if ((err = pthread_mutexattr_init(&a)) != 0 ||
        (err = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) != 0 ||
        (err = pthread_mutex_init(&shared->lock, &a)) != 0)
        die_code(err, "process-shared mutex");
    pthread_mutexattr_destroy(&a);
    start = now_seconds();
    for (long i = 0; i < requests; i++) {
        pthread_mutex_lock(&shared->lock);
        shared->value++;
        pthread_mutex_unlock(&shared->lock);
    }
    double by_memory = (now_seconds() - start) / (double)requests;

    printf("manager: %.2f us per request; shared memory: %.3f us per increment (%.0fx)\n",
           by_request * 1e6, by_memory * 1e6, by_request / by_memory);
    if (bench)
        printf("BENCH program=manager case=request workers=1 seconds=%.6f us_per_op=%.3f\n"
               "BENCH program=manager case=shared-memory workers=1 seconds=%.6f us_per_op=%.4f\n",
               by_request * (double)requests, by_request * 1e6,
               by_memory * (double)requests, by_memory * 1e6);
    check_long("counter in the manager", requests, last);
    check_long("counter in shared memory", requests, shared->value);
    pthread_mutex_destroy(&shared->lock);
    munmap(shared, sizeof *shared);
}

static const char usage[] =
    "[-j WORKERS] [-n REQUESTS] [--bench]\n"
    "A manager process owns a list and a dict; WORKERS workers add to both.\n"
    "  -j WORKERS   (1-32, default 4)\n"
    "  -n REQUESTS  increments timed through the manager (1-1000000, default 20000)\n"
    "  --bench      also print BENCH lines\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .workers = 4, .max_workers = MAX_WORKERS,
                          .size = 20000, .min_size = 1, .max_size = 1000000};
    parse_options(argc, argv, &opt);
    long clients = opt.workers + 1;        /* the workers, and us */
    int sv[MAX_WORKERS + 1][2] = {{0}};
    for (long c = 0; c < clients; c++)
        if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv[c]) == -1)
            die_errno("socketpair");

    pid_t manager = start_manager(sv, clients);
    pid_t pid[MAX_WORKERS];
    for (long w = 0; w < opt.workers; w++)
        pid[w] = start_worker(sv, clients, w);
    long exited_0 = 0;
    for (long w = 0; w < opt.workers; w++) {
        int status;
        if (waitpid(pid[w], &status, 0) == -1)
            die_errno("waitpid");
        exited_0 += WIFEXITED(status) && WEXITSTATUS(status) == 0;
        close(sv[w][1]);           /* that client is done: our copy of its end goes */
    }
    int me = sv[opt.workers][1];
    long right = show_shared(me, opt.workers);
    compare_costs(me, opt.size, opt.bench);
    close(me);                     /* the last client end: the manager's serve() returns */
    if (waitpid(manager, NULL, 0) == -1)
        die_errno("waitpid");
    check_long("workers that exited 0", opt.workers, exited_0);
    check_long("workers in the list and the dict, each once", opt.workers, right);
    return check_status();
}
