/*
 * share_words.c — the parent fills a queue with four words; four processes
 * each take one. No word is taken twice, none is left behind.
 *
 * Python: queue.put("wood") ... four times; four Process(target=worker),
 *         each printing queue.get() (seed E simple_queue2.py; row 23).
 * C:      queue_put of fixed-size records (a word in a char array: a
 *         pointer to the parent's string would mean nothing in a child,
 *         see chapter 03's send_structs.c); queue_get in each child. A
 *         second queue brings back which word each child took.
 *
 * Usage:  share_words [-q pipe|shm]   default: -q pipe
 * Expect: [process-2 4244] took: wood
 *         [process-1 4243] took: sky
 *         ... four lines, in whatever order the processes run ...
 *         taken: sky wood ocean cloud, each once: yes; words left: 0
 * See also: random_values.c (the other way round), task_workers.c.
 * Try:    -q shm; start five processes instead of four: what does the
 *         fifth do? (It waits for ever: give its get a timeout.)
 * Look for: who got which word changes from run to run; the set does not.
 */
#define _DEFAULT_SOURCE            /* MAP_ANONYMOUS, in POSIX only since 2024 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "process.h"
#include "queue.h"

#define WORDS 4

static const char *const words[WORDS] = {"wood", "sky", "cloud", "ocean"};

struct word {
    long index;                    /* which of words[] */
    char text[16];                 /* the word itself travels, not a pointer */
};

struct taken {
    long process, index;
};

static struct queue word_queue, taken_queue;

static int worker(long process)
{
    struct word w;
    queue_get(&word_queue, &w);
    printf("[process-%ld %ld] took: %s\n", process, (long)getpid(), w.text);
    queue_put(&taken_queue, &(struct taken){.process = process, .index = w.index});
    return 0;
}

static enum queue_kind kind = QUEUE_PIPE;

static void on_option(int letter, const char *value)
{
    (void)letter;
    kind = parse_queue_kind(value);
}

static const char usage[] =
    "[-q pipe|shm]\n"
    "The parent puts four words in a queue; four processes take one each.\n"
    "  -q KIND  the queue: pipe or shm (shared-memory ring), default pipe\n";

int main(int argc, char *argv[])
{
    struct options opt = {.usage = usage, .extra_options = "q:", .on_extra = on_option};
    parse_options(argc, argv, &opt);

    queue_open(&word_queue, kind, sizeof(struct word), WORDS);
    queue_open(&taken_queue, kind, sizeof(struct taken), WORDS);
    for (long i = 0; i < WORDS; i++) {
        struct word w = {.index = i};
        snprintf(w.text, sizeof w.text, "%s", words[i]);
        queue_put(&word_queue, &w);
    }
    pid_t pid[WORDS];
    for (long p = 0; p < WORDS; p++)
        pid[p] = start_process(worker, p + 1);
    long exited_0 = 0;
    for (long p = 0; p < WORDS; p++)
        exited_0 += join_process(pid[p]) == 0;

    long times_taken[WORDS] = {0}, taken_once = 0;
    printf("taken:");
    for (long p = 0; p < WORDS; p++) {
        struct taken t;
        queue_get(&taken_queue, &t);
        if (t.index >= 0 && t.index < WORDS) {
            printf(" %s", words[t.index]);
            times_taken[t.index]++;
        }
    }
    for (long i = 0; i < WORDS; i++)
        taken_once += times_taken[i] == 1;
    struct word extra;
    long left = queue_get_timeout(&word_queue, &extra, 0);
    printf(", each once: %s; words left: %ld\n", taken_once == WORDS ? "yes" : "no", left);
    queue_close(&word_queue);
    queue_close(&taken_queue);

    check_long("processes that exited 0", WORDS, exited_0);
    check_long("words taken exactly once", WORDS, taken_once);
    check_long("words left in the queue", 0, left);
    return check_status();
}
