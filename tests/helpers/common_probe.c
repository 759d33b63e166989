/*
 * common_probe.c — drives common/ from the command line for tests/common.sh.
 *   common_probe parse TEXT MIN MAX   prints "value: N", or a usage error
 *   common_probe report               a fixed table with --bench lines
 *   common_probe check EXPECTED GOT   one check_long; exit status from it
 *   common_probe die-in-child         a forked child calls die()
 *   common_probe nothing-checked      exit status when no check ran
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

static int die_in_child(void)
{
    printf("parent line\n");    /* stays in the buffer: stdout is a pipe here */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == -1)
        die_errno("fork");
    if (pid == 0)
        die("child failed on purpose");
    int status;
    if (waitpid(pid, &status, 0) == -1)
        die_errno("waitpid");
    printf("child exit status: %d\n", WEXITSTATUS(status));
    return 0;
}

static int report(void)
{
    struct report r = {.program = "probe", .bench = true, .metric = "ns/op",
                       .metric_key = "ns_per_op"};
    report_add(&r, "sequential", 1, 2.0, 10);
    report_add(&r, "halved", 2, 1.0, 5);
    report_add(&r, "slower", 5, 4.0, 20);
    report_print(&r);
    return 0;
}

int main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    const char *what = argc > 1 ? argv[1] : "";
    if (strcmp(what, "parse") == 0 && argc == 5) {
        long min = strtol(argv[3], NULL, 10), max = strtol(argv[4], NULL, 10);
        printf("value: %ld\n", parse_long(argv[2], min, max, "probe"));
        return 0;
    }
    if (strcmp(what, "report") == 0)
        return report();
    if (strcmp(what, "check") == 0 && argc == 4) {
        check_long("probe", strtol(argv[2], NULL, 10), strtol(argv[3], NULL, 10));
        return check_status();
    }
    if (strcmp(what, "die-in-child") == 0)
        return die_in_child();
    if (strcmp(what, "nothing-checked") == 0)
        return check_status();
    usage_error("unknown probe '%s'", what);
}
