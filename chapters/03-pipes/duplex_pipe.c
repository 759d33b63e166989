/*
 * duplex_pipe.c — a two-way channel between two processes: each side sends
 * a message and receives the other's.
 *
 * Python: parent_conn, child_conn = Pipe(); process1 sends then receives,
 *         process2 receives then answers (seed A "Pipe"; catalog row 17).
 * C:      socketpair(AF_UNIX, SOCK_STREAM): two connected ends, each both
 *         readable and writable. Or (-m pipes) two one-way pipes.
 *
 * Usage:  duplex_pipe [-m socketpair|pipes]     default: socketpair
 * Expect: [process1 4242] sends: hello from process 1
 *         [process2 4243] received: hello from process 1
 *         [process2 4243] sends: hello back from process 2
 *         [process1 4242] received: hello back from process 2
 * See also: framing.h (send_msg, recv_msg), framed_stream.c.
 * Try:    -m pipes: the same conversation over two one-way pipes.
 * Look for: each message arriving whole at the other process, both ways.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "common.h"
#include "framing.h"

static const char greeting[] = "hello from process 1";
static const char answer[] = "hello back from process 2";

/* One end of the conversation: where this process reads, where it writes. */
struct end {
    int in, out;
};

/* Prints before sending, so that the lines of the two processes come out
 * in the order of the conversation. */
static void say(const char *who, struct end e, const char *text)
{
    printf("[%s %ld] sends: %s\n", who, (long)getpid(), text);
    fflush(stdout);
    if (send_msg(e.out, text, (uint32_t)strlen(text)) == -1)
        die_errno("%s: send", who);
}

/* Receives one message and exits 1 unless it is `expected`. */
static void hear(const char *who, struct end e, const char *expected)
{
    char *text;
    long length = recv_msg(e.in, &text);
    if (length == -1)
        die("%s: the other side closed without a word", who);
    printf("[%s %ld] received: %.*s\n", who, (long)getpid(), (int)length, text);
    fflush(stdout);
    bool ok = length == (long)strlen(expected) && memcmp(text, expected, (size_t)length) == 0;
    free(text);
    if (!ok)
        die("%s: expected '%s'", who, expected);
}

static void process1(struct end e)
{
    say("process1", e, greeting);
    hear("process1", e, answer);
}

static void process2(struct end e)
{
    hear("process2", e, greeting);
    say("process2", e, answer);
}

/* Runs `body` in a child that keeps only its own end open. */
static pid_t start(void (*body)(struct end), struct end mine, struct end theirs)
{
    fflush(stdout);                /* or the child prints our buffer again */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        close(theirs.in);
        if (theirs.out != theirs.in)
            close(theirs.out);
        body(mine);
        _exit(0);
    }
    return pid;
}

static void close_end(struct end e)
{
    close(e.in);
    if (e.out != e.in)
        close(e.out);
}

static bool use_pipes;

static void on_mode(int letter, const char *value)
{
    (void)letter;
    if (strcmp(value, "pipes") == 0)
        use_pipes = true;
    else if (strcmp(value, "socketpair") != 0)
        usage_error("mode (-m) must be 'socketpair' or 'pipes', got '%s'", value);
}

static const char usage[] =
    "[-m socketpair|pipes]\n"
    "Two processes exchange one message each way.\n"
    "  -m socketpair  one socketpair: each end reads and writes (default)\n"
    "  -m pipes       two pipes, one for each direction\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .extra_options = "m:", .on_extra = on_mode};
    parse_options(argc, argv, &opt);
    struct end one, two;
    if (use_pipes) {               /* a pipe is one-way: [0] reads, [1] writes */
        int to_two[2], to_one[2];
        if (pipe(to_two) == -1 || pipe(to_one) == -1)
            die_errno("pipe");
        one = (struct end){.in = to_one[0], .out = to_two[1]};
        two = (struct end){.in = to_two[0], .out = to_one[1]};
    } else {                       /* a socketpair is two-way: both ends do both */
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
            die_errno("socketpair");
        one = (struct end){sv[0], sv[0]};
        two = (struct end){sv[1], sv[1]};
    }
    printf("channel: %s\n", use_pipes ? "two pipes" : "socketpair");
    pid_t p1 = start(process1, one, two), p2 = start(process2, two, one);
    close_end(one);
    close_end(two);

    int status1, status2;
    if (waitpid(p1, &status1, 0) == -1 || waitpid(p2, &status2, 0) == -1)
        die_errno("waitpid");
    check_long("process1 exit status", 0, WIFEXITED(status1) ? WEXITSTATUS(status1) : -1);
    check_long("process2 exit status", 0, WIFEXITED(status2) ? WEXITSTATUS(status2) : -1);
    return check_status();
}
