/* args.c — strict number parsing and the options every program shares. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

long parse_long(const char *text, long min, long max, const char *what)
{
    /* strtol alone is too forgiving: it skips leading spaces, accepts "12x"
     * (stopping at the x) and returns 0 for "". Check each of those. */
    const char *digits = text[0] == '-' ? text + 1 : text;
    if (!isdigit((unsigned char)digits[0]))
        usage_error("%s must be a whole number, got '%s'", what, text);

    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (*end != '\0')
        usage_error("%s must be a whole number, got '%s'", what, text);
    if (errno == ERANGE || value < min || value > max)
        usage_error("%s must be between %ld and %ld, got '%s'", what, min, max, text);
    return value;
}

/* Builds the getopt string: ':' first so a missing value is reported as
 * ':' rather than '?', then the shared letters, then the program's own. */
static void option_letters(const struct options *opt, char *out, size_t size)
{
    snprintf(out, size, ":h%s%s%s", opt->max_workers ? "j:" : "",
             opt->max_size ? "n:" : "", opt->extra_options ? opt->extra_options : "");
}

static noreturn void print_usage(const struct options *opt)
{
    printf("Usage: %s %s", program_name(), opt->usage);
    exit(0);
}

void parse_options(int argc, char *argv[], struct options *opt)
{
    static const struct option long_options[] = {
        {"help", no_argument, NULL, 'h'},
        {"bench", no_argument, NULL, 'B'},
        {NULL, 0, NULL, 0},
    };
    char letters[64];

    set_program_name(argc > 0 ? argv[0] : "program");
    option_letters(opt, letters, sizeof letters);
    opterr = 0;                  /* we print our own one-line messages */
    int c;
    while ((c = getopt_long(argc, argv, letters, long_options, NULL)) != -1) {
        switch (c) {
        case 'h':
            print_usage(opt);
        case 'B':
            opt->bench = true;
            break;
        case 'j':
            opt->workers = parse_long(optarg, 1, opt->max_workers, "workers (-j)");
            break;
        case 'n':
            opt->size = parse_long(optarg, opt->min_size, opt->max_size, "size (-n)");
            break;
        case ':':
            usage_error("option '%s' needs a value", argv[optind - 1]);
        case '?':
            if (optopt != 0)
                usage_error("unknown option '-%c'", optopt);
            usage_error("unknown option '%s'", argv[optind - 1]);
        default:
            opt->on_extra(c, optarg);
        }
    }
    if (optind < argc)
        usage_error("unexpected argument '%s'", argv[optind]);
}
