/*
 * ordered_results.c — results come back in the order the processes finish,
 * not the order they were started; each carries its index, and the parent
 * puts it back in its place.
 *
 * Python: one Process per value, each sleeping a random while, then
 *         queue.put((idx, x * x)); the parent sorts the (idx, result)
 *         pairs (seed E queue_order.py; catalog row 24).
 * C:      records {index, square} through queue.h; the parent writes each
 *         square to ordered[index]: no sort needed.
 *
 * Usage:  ordered_results [-q pipe|shm]   default: -q pipe
 * Expect: inputs:        2 4 6 3 5 8 9 7
 *         as they came:  49 (index 7) 64 (index 5) 9 (index 3) ...
 *         in order:      4 16 36 9 25 64 81 49
 * See also: pipeline.c, chapter 06's pool_map (results in order, the same way).
 * Try:    -q shm; make every delay 0: does the order still change?
 * Look for: the arrival order changing from run to run, the final line not.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <stdio.h>

#include "common.h"
#include "process.h"
#include "queue.h"

#define VALUES 8
#define MAX_DELAY_MS 60

static const long inputs[VALUES] = {2, 4, 6, 3, 5, 8, 9, 7};

struct result {
    long index;                    /* where the input was: where the result goes */
    long square;
};

static struct queue results;

/* The tutorial's random.randint for the sleep: a different delay for each
 * process, from its pid, so the finishing order changes from run to run. */
static long delay_ms(void)
{
    unsigned long z = (unsigned long)getpid() * 2654435761UL;   /* mix the pid's bits */
    z = (z ^ (z >> 15)) * 0x2C1B3C6DUL;
    return (long)((z ^ (z >> 12)) % (MAX_DELAY_MS + 1));
}

static int square(long index)
{
    sleep_ms(delay_ms());
    queue_put(&results, &(struct result){.index = index, .square = inputs[index] * inputs[index]});
    return 0;
}

static void print_list(const char *label, const long *values)
{
    printf("%-14s", label);
    for (int i = 0; i < VALUES; i++)
        printf(" %ld", values[i]);
    printf("\n");
}

static enum queue_kind kind = QUEUE_PIPE;

static void on_option(int letter, const char *value)
{
    (void)letter;
    kind = parse_queue_kind(value);
}

static const char usage[] =
    "[-q pipe|shm]\n"
    "Squares 2 4 6 3 5 8 9 7, one process each; restores the order by index.\n"
    "  -q KIND  the queue: pipe or shm (shared-memory ring), default pipe\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .extra_options = "q:", .on_extra = on_option};
    parse_options(argc, argv, &opt);

    queue_open(&results, kind, sizeof(struct result), VALUES);
    pid_t pid[VALUES];
    for (long i = 0; i < VALUES; i++)
        pid[i] = start_process(square, i);
    print_list("inputs:", inputs);

    /* Get the results as they come, then join: the safe order whatever
     * the size of the results (chapter 03's pipe_deadlock.c shows why). */
    long ordered[VALUES] = {0}, bad = 0, arrived_in_order = 0;
    bool filled[VALUES] = {false};
    printf("%-14s", "as they came:");
    for (long n = 0; n < VALUES; n++) {
        struct result r;
        queue_get(&results, &r);
        printf(" %ld (index %ld)", r.square, r.index);
        if (r.index < 0 || r.index >= VALUES || filled[r.index]) {
            bad++;                 /* trust an index only after checking it */
            continue;
        }
        ordered[r.index] = r.square;   /* its place: no sort needed */
        filled[r.index] = true;
        arrived_in_order += r.index == n;
    }
    printf("\n");
    print_list("in order:", ordered);
    printf("arrived in input order: %s\n", arrived_in_order == VALUES ? "yes, this time" : "no");

    long exited_0 = 0, right = 0;
    for (long i = 0; i < VALUES; i++) {
        exited_0 += join_process(pid[i]) == 0;
        right += ordered[i] == inputs[i] * inputs[i];
    }
    queue_close(&results);
    check_long("processes that exited 0", VALUES, exited_0);
    check_long("results with a bad or repeated index", 0, bad);
    check_long("squares in input order", VALUES, right);
    return check_status();
}
