/* report.c — the sequential-vs-parallel table, BENCH lines, self-checks. */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

void report_add(struct report *r, const char *mode, long workers,
                double seconds, double metric)
{
    if (r->rows == REPORT_ROWS)
        die("report: more than %d rows", REPORT_ROWS);
    r->row[r->rows++] = (struct report_row){mode, workers, seconds, metric};
}

/* speedup = baseline time / this time; efficiency = speedup per worker. */
static double speedup(const struct report *r, int i)
{
    return r->row[i].seconds > 0 ? r->row[0].seconds / r->row[i].seconds : 0;
}

void report_print(const struct report *r)
{
    printf("\n%-20s %7s %10s %9s %11s", "mode", "workers", "seconds", "speedup",
           "efficiency");
    if (r->metric)
        printf(" %14s", r->metric);
    putchar('\n');
    for (int i = 0; i < r->rows; i++) {
        const struct report_row *row = &r->row[i];
        printf("%-20s %7ld %10.3f %8.2fx %10.0f%%", row->mode, row->workers,
               row->seconds, speedup(r, i), 100 * speedup(r, i) / (double)row->workers);
        if (r->metric)
            printf(" %14.2f", row->metric);
        putchar('\n');
    }
    if (!r->bench)
        return;
    putchar('\n');
    for (int i = 0; i < r->rows; i++) {
        const struct report_row *row = &r->row[i];
        printf("BENCH program=%s case=%s workers=%ld seconds=%.6f speedup=%.3f "
               "efficiency=%.3f", r->program, row->mode, row->workers, row->seconds,
               speedup(r, i), speedup(r, i) / (double)row->workers);
        if (r->metric)
            printf(" %s=%.3f", r->metric_key, row->metric);
        putchar('\n');
    }
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double median_sorting(double values[], long n)
{
    qsort(values, (size_t)n, sizeof *values, by_value);
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static int checks_failed, checks_run;

bool check_long(const char *what, long expected, long got)
{
    bool ok = got == expected;
    checks_run++;
    checks_failed += !ok;
    printf("check: %s = %ld (expected %ld) %s\n", what, got, expected, ok ? "ok" : "FAILED");
    return ok;
}

int check_status(void)
{
    /* A program that checked nothing has proved nothing. */
    return checks_run > 0 && checks_failed == 0 ? 0 : 1;
}
