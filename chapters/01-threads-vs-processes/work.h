/*
 * work.h — the CPU-bound work that cpu_bound.c and gil_simulated.c share, so
 * that their tables measure exactly the same loop.
 */
#ifndef WORK_H
#define WORK_H

#define DEFAULT_ITEMS 800000000L
#define MAX_ITEMS 10000000000L      /* about 10 s of sequential work */
#define MAX_WORKERS 256L

/* One item of work: splitmix64's mixer, cut to 24 bits so that the sum of
 * up to MAX_ITEMS terms fits a long. The Python original sums i itself;
 * a C compiler would replace that loop with the formula n(n-1)/2. */
static inline long scramble(unsigned long i)
{
    unsigned long x = i + 0x9e3779b97f4a7c15UL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
    return (long)((x ^ (x >> 31)) >> 40);
}

/* noinline: every mode must run the very same machine code. Inlined into
 * each caller, the loop may be laid out differently in each, and a timing
 * table would then compare code layouts (we saw one copy run 18% slower). */
__attribute__((noinline)) static long sum_range(long first, long last)
{
    long sum = 0;
    for (long i = first; i < last; i++)
        sum += scramble((unsigned long)i);
    return sum;
}

/* Worker w of `workers` takes items [n*w/workers, n*(w+1)/workers): the
 * chunks cover 0..n-1 exactly and differ in size by one item at most. */
static inline long chunk_start(long n, long workers, long w)
{
    return n * w / workers;
}

#endif
