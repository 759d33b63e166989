/*
 * task.c — exercise 04-pipeline-hang: a reference solution.
 *
 * Who keeps what, as a table: one row per role, one column per end. Every
 * write end a process keeps without writing to it is a reader waiting for
 * ever. The traps: the squarer's own copy of the numbers write end (it
 * would wait for itself); the summer's copies of the numbers pipe (it ends
 * only after the squarer, which waits for them); and the parent, which
 * keeps every end unless it too closes them. The generator's extra ends
 * would go when it exits, but a stage that lives long holds them as long.
 * Read ends matter as well: a writer gets SIGPIPE (or EPIPE) when its
 * reader has gone only once no process holds a read end.
 */
#include <stdbool.h>
#include <unistd.h>

#include "common.h"
#include "task.h"

enum end { NUMBERS_READ, NUMBERS_WRITE, SQUARES_READ, SQUARES_WRITE, ENDS };

static const bool keeps[][ENDS] = {
    [GENERATOR] = {[NUMBERS_WRITE] = true},
    [SQUARER] = {[NUMBERS_READ] = true, [SQUARES_WRITE] = true},
    [SUMMER] = {[SQUARES_READ] = true},
    [PARENT] = {false},            /* it only waits for the stages */
};

void close_unused_ends(enum role role, const struct pipeline *p)
{
    const int fd[ENDS] = {p->numbers[0], p->numbers[1], p->squares[0], p->squares[1]};
    for (int end = 0; end < ENDS; end++)
        if (!keeps[role][end] && close(fd[end]) == -1)
            die_errno("close");
}
