/* task.h — what main.c (the driver) and task.c (yours) share. Do not edit. */
#ifndef TASK_H
#define TASK_H

/* Yours to write in task.c. Appends one line to fd, which main.c opened
 * with O_APPEND in this process; several processes append to the same
 * file at the same time. The line is
 *
 *   2026-11-24 21:54:17.835 [worker-3 14449] WARNING record 9 of 200\n
 *
 * the local time with milliseconds (always three digits), the name, this
 * process's pid, the level and the message, one space between fields,
 * the name and pid in brackets, and a newline. Each line must reach the
 * file whole: no byte of another process's line inside it. A failed
 * write stops the process with a message (die_errno, common.h). */
void log_line(int fd, const char *name, const char *level, const char *message);

#endif
