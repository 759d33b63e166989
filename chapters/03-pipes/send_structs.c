/*
 * send_structs.c — what can travel between processes and what cannot:
 * fixed-size structs, length-prefixed records, and then a pointer and a
 * file descriptor, which arrive as numbers that mean nothing on arrival.
 *
 * Python: pickling: what Pool and Queue do to every argument and result,
 *         and the objects that "cannot be pickled" (seed D; catalog row 19).
 * C:      write_all/read_all of a struct; send_msg/recv_msg of framing.h;
 *         sendmsg/recvmsg with SCM_RIGHTS, the one way to send an open file.
 *
 * Usage:  send_structs [-n READINGS]     default: 5 readings
 * Expect: struct readings: 5 received, sum of sensors 15
 *         records: 3 names received: ada, grace, barbara liskov
 *         pointer: the child's text at 0x55d0c0a4c010 was 'changed by the child';
 *                  at that address the parent finds 'set before fork'
 *         fd number 3: in the parent it is open, but some other file
 *         fd passed with SCM_RIGHTS: arrived as fd 4, read: 'through a passed pipe'
 * See also: framing.h, framed_stream.c.
 * Try:    build with CC=clang and compare the struct size it prints.
 * Look for: the pointer and the fd number arriving intact but meaningless.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "common.h"
#include "framing.h"

/* Both processes run the same program, built by the same compiler, so
 * the struct has the same size, padding and byte order at both ends. Between
 * different programs or machines none of that holds: use records. */
struct reading {
    int sensor;
    double celsius;
    char unit[8];
};

static const char *const names[] = {"ada", "grace", "barbara liskov"};
#define NAMES (sizeof names / sizeof names[0])
static char note[32] = "set before fork";
static const char passed_text[] = "through a passed pipe";

/* Sends one open file descriptor itself (not its number) over a Unix
 * socket: the kernel installs a new descriptor for the same open file in
 * the receiver. This is how Python's multiprocessing passes connections. */
static void send_fd(int sock, int fd)
{
    char byte = 'F';               /* at least one byte of ordinary data */
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union {                        /* a buffer aligned for a cmsghdr */
        struct cmsghdr align;
        char bytes[CMSG_SPACE(sizeof(int))];
    } control;
    memset(&control, 0, sizeof control);    /* its padding is sent too */
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1,
                         .msg_control = control.bytes, .msg_controllen = sizeof control.bytes};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    if (sendmsg(sock, &msg, 0) != 1)
        die_errno("sendmsg");
}

static int receive_fd(int sock)
{
    char byte;
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union {
        struct cmsghdr align;
        char bytes[CMSG_SPACE(sizeof(int))];
    } control;
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1,
                         .msg_control = control.bytes, .msg_controllen = sizeof control.bytes};
    if (recvmsg(sock, &msg, 0) != 1)
        die_errno("recvmsg");
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (!c || c->cmsg_type != SCM_RIGHTS)
        die("recvmsg: no descriptor came");
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
}

static void child(int sock, long readings)
{
    for (long i = 0; i < readings; i++) {
        struct reading r;
        /* The padding between the fields travels too. An initializer need
         * not clear it, so it would carry whatever the stack held: clear it. */
        memset(&r, 0, sizeof r);
        r.sensor = (int)i + 1;
        r.celsius = 20.5 + (double)i;
        strcpy(r.unit, "C");
        if (write_all(sock, &r, sizeof r) == -1)
            die_errno("child: write");
    }
    for (size_t i = 0; i < NAMES; i++)
        if (send_msg(sock, names[i], (uint32_t)strlen(names[i])) == -1)
            die_errno("child: send");

    strcpy(note, "changed by the child");   /* our copy only: see the parent */
    uintptr_t address = (uintptr_t)note;
    int p[2];
    if (pipe(p) == -1)
        die_errno("child: pipe");
    if (write_all(sock, &address, sizeof address) == -1 || write_all(sock, &p[0], sizeof p[0]) == -1)
        die_errno("child: write");
    send_fd(sock, p[0]);
    if (write_all(p[1], passed_text, sizeof passed_text) == -1)
        die_errno("child: write");
    close(p[0]);
    close(p[1]);
    close(sock);
    _exit(0);
}

static long receive_readings(int sock, long readings)
{
    long sum = 0;
    struct reading r;
    for (long i = 0; i < readings; i++) {
        if (read_all(sock, &r, sizeof r) != (ssize_t)sizeof r)
            die("a reading was cut short");
        sum += r.sensor;
        printf("  sensor %d: %.1f %s\n", r.sensor, r.celsius, r.unit);
    }
    printf("struct readings: %ld received (%zu bytes each), sum of sensors %ld\n",
           readings, sizeof r, sum);
    return sum;
}

static long receive_names(int sock)
{
    long matching = 0;
    printf("records: %zu names received:", NAMES);
    for (size_t i = 0; i < NAMES; i++) {
        char *name;
        long length = recv_msg(sock, &name);
        if (length == -1)
            die("the stream ended before name %zu", i);
        printf("%s %.*s", i ? "," : "", (int)length, name);
        matching += length == (long)strlen(names[i]) && memcmp(name, names[i], (size_t)length) == 0;
        free(name);
    }
    putchar('\n');
    return matching;
}

/* Returns 1 when the numbers arrived but meant nothing in the parent. */
static long receive_what_cannot_travel(int sock)
{
    uintptr_t address;
    int number;
    if (read_all(sock, &address, sizeof address) != (ssize_t)sizeof address ||
        read_all(sock, &number, sizeof number) != (ssize_t)sizeof number)
        die("the stream ended early");
    /* fork gave both processes the same addresses, so this one is valid here
     * too; but it points at the parent's copy, which the child never changed */
    const char *text = (const char *)address;
    printf("pointer: the child's text at %p was 'changed by the child';\n"
           "         at that address the parent finds '%s'\n", (void *)text, text);
    bool not_open = fcntl(number, F_GETFD) == -1;
    printf("fd number %d: in the parent it is %s\n", number,
           not_open ? "not open (Bad file descriptor)" : "open, but some other file");
    return strcmp(text, "set before fork") == 0;
}

static long receive_passed_fd(int sock)
{
    int fd = receive_fd(sock);
    char text[sizeof passed_text];
    ssize_t got = read_all(fd, text, sizeof text);
    close(fd);
    bool ok = got == (ssize_t)sizeof text && memcmp(text, passed_text, sizeof text) == 0;
    printf("fd passed with SCM_RIGHTS: arrived as fd %d, read: '%s'\n", fd, ok ? text : "?");
    return ok;
}

static const char usage[] =
    "[-n READINGS]\n"
    "Sends structs, records, a pointer and file descriptors to the parent.\n"
    "  -n READINGS  struct readings to send (1-1000, default 5)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = 5, .min_size = 1, .max_size = 1000};
    parse_options(argc, argv, &opt);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
        die_errno("socketpair");
    fflush(stdout);                /* or the child prints our buffer again */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        close(sv[0]);
        child(sv[1], opt.size);
    }
    close(sv[1]);

    long sum = receive_readings(sv[0], opt.size);
    long names_ok = receive_names(sv[0]);
    long pointer_stale = receive_what_cannot_travel(sv[0]);
    long fd_passed = receive_passed_fd(sv[0]);
    close(sv[0]);
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die_errno("waitpid");
    check_long("sum of sensors", opt.size * (opt.size + 1) / 2, sum);
    check_long("names as sent", (long)NAMES, names_ok);
    check_long("parent's copy untouched by the child", 1, pointer_stale);
    check_long("fd passed and readable", 1, fd_passed);
    check_long("child exit status", 0, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return check_status();
}
