/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

/* The two pipes of the pipeline:
 *
 *     generator --numbers--> squarer --squares--> summer
 *
 * main.c makes both pipes before it starts any stage, so every stage, and
 * the parent, begins with all four ends open. As pipe() fills them, [0] is
 * a pipe's read end and [1] its write end. */
struct pipeline {
    int numbers[2];                /* generator -> squarer */
    int squares[2];                /* squarer -> summer */
};

/* Who is calling: the generator writes numbers; the squarer reads numbers
 * and writes squares; the summer reads squares; the parent only waits. */
enum role { GENERATOR, SQUARER, SUMMER, PARENT };

/* Yours to write in task.c. Each process calls it once: a stage right
 * after fork, the parent once it has started all three stages. Close the
 * ends that `role` does not use. */
void close_unused_ends(enum role role, const struct pipeline *p);

#endif
