/*
 * fork_buffer.h — the bench shared by fork_buffer.c (the trap) and
 * fork_buffer_fixed.c (the fix). Only the experiment differs between them,
 * by one line; this file runs it and counts what comes out.
 *
 * The experiment runs in a child whose stdout is a pipe, because that is
 * where the trap bites: into a pipe or a file, stdio holds output until a
 * whole block is full; on a terminal it writes at every newline and hides
 * the trap. (Chapter 03 is about pipes.)
 */
#ifndef FORK_BUFFER_H
#define FORK_BUFFER_H

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define MARKER "written before fork"
#define MAX_LINES 50L              /* 50 short lines fit stdio's smallest buffer */
#define CAPTURE_SIZE 16384         /* room for twice MAX_LINES lines and more */

/* Prints `lines` numbered lines that carry the marker. */
static void print_marked_lines(long lines)
{
    for (long i = 1; i <= lines; i++)
        printf("line %ld of %ld, %s\n", i, lines, MARKER);
}

/* Runs experiment() in a child with stdout on a pipe, echoes what came
 * through (indented), and returns how many lines carry the marker. */
static long count_copies(void (*experiment)(void))
{
    int fd[2];
    if (pipe(fd) == -1)
        die_errno("pipe");
    fflush(stdout);                /* our own buffer must not travel: the very trap */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        close(fd[0]);
        if (dup2(fd[1], STDOUT_FILENO) == -1)
            die_errno("dup2");
        close(fd[1]);
        experiment();              /* ends with _exit... */
        _exit(1);                  /* ...and if it ever did not, no second parent */
    }
    close(fd[1]);
    static char out[CAPTURE_SIZE];
    size_t got = 0;
    ssize_t n;                     /* read to the end: it may come in pieces */
    while ((n = read(fd[0], out + got, sizeof out - 1 - got)) > 0)
        got += (size_t)n;
    close(fd[0]);
    int status;
    if (n == -1 || waitpid(pid, &status, 0) == -1)
        die_errno("capture");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("the experiment failed");
    out[got] = '\0';
    long copies = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        printf("    | %s\n", line);
        copies += strstr(line, MARKER) != NULL;
    }
    return copies;
}

#endif
