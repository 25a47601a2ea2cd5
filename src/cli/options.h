/* The command line: argv -> what to do, and for `render` a filled struct posture_request.
 * Creating the default output directory, rendering, printing and exit codes are left to main.c. */
#ifndef CLI_OPTIONS_H
#define CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "posture.h"

enum { OPTIONS_MAX_OUTPUTS = 32 };

enum options_action {
    OPTIONS_ACTION_RENDER,
    OPTIONS_ACTION_HELP,       /* usage on stdout, exit 0 */
    OPTIONS_ACTION_VERSION,    /* "posture <version>" on stdout, exit 0 */
    OPTIONS_ACTION_NO_COMMAND, /* no arguments at all: usage on stderr, exit 64 */
};

/* Filled by options_parse(); request.outputs points into output_paths, so do not copy the
 * struct. All strings are borrowed from argv or are literals. */
struct options {
    enum options_action action;
    struct posture_request request;
    const char *output_paths[OPTIONS_MAX_OUTPUTS];
    /* Without -o, the outputs go to this directory, which the caller creates; else NULL. */
    const char *default_output_dir;
};

/* Parses argv. A usage error returns POSTURE_ERR_USAGE with a one-line message in *err (no
 * "posture: " prefix). request.warn is left NULL for the caller to set. */
enum posture_status options_parse(int argc, char **argv, struct options *options,
                                  struct posture_error *err);

/* The usage text: every command, option and exit code. Returns false if writing failed. */
bool options_print_usage(FILE *stream);

#endif
