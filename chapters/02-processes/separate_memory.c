/*
 * separate_memory.c — after fork the child has its own copy of memory: it
 * changes a global array, and the parent's array stays as it was.
 *
 * Python: a child appends to a global list; the parent's list is unchanged
 *         (seed E own_memory_space.py, seed A Challenge 2; catalog row 16).
 * C:      fork; copy-on-write: the pages are shared until one side writes,
 *         and then that side gets its own copy of the page.
 *
 * Usage:  separate_memory [-n FACTOR]     default: the child multiplies by 10
 * Expect: [child]  at 0x5581c3f0e010: 10 20 30 40 50
 *         [parent] at 0x5581c3f0e010: 1 2 3 4 5
 * See also: ../05-shared-state (memory the processes do share, on purpose).
 * Try:    the same with a thread instead of a process: what would the
 *         "parent" print?
 * Look for: the same address in both processes, different numbers.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define ITEMS 5
static long numbers[ITEMS] = {1, 2, 3, 4, 5};

static void print_numbers(const char *who)
{
    printf("[%s] at %p:", who, (void *)numbers);
    for (int i = 0; i < ITEMS; i++)
        printf(" %ld", numbers[i]);
    putchar('\n');
}

static long sum_numbers(void)
{
    long sum = 0;
    for (int i = 0; i < ITEMS; i++)
        sum += numbers[i];
    return sum;
}

static const char usage[] =
    "[-n FACTOR]\n"
    "A child multiplies a global array; the parent's copy stays the same.\n"
    "  -n FACTOR  what the child multiplies by (2-1000, default 10)\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .size = 10, .min_size = 2, .max_size = 1000};
    parse_options(argc, argv, &opt);
    long before = sum_numbers();
    fflush(stdout);                /* or the child inherits and repeats our buffer */
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0) {
        for (int i = 0; i < ITEMS; i++)
            numbers[i] *= opt.size;        /* the first write copies the page */
        print_numbers("child");
        fflush(stdout);
        _exit(sum_numbers() == before * opt.size ? 0 : 1);
    }
    int status;
    if (waitpid(pid, &status, 0) == -1)    /* the child has finished writing */
        die_errno("waitpid");
    print_numbers("parent");
    check_long("child saw its own change", 0, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    check_long("parent's sum, unchanged", before, sum_numbers());
    return check_status();
}
