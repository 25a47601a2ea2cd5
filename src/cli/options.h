/* The command line: argv -> what to do, and for `render` and `check` a filled struct
 * posture_request, for `batch` the job file and its options. Creating the default output
 * directory, pipes, rendering, printing and exit codes are left to main.c. */
#ifndef CLI_OPTIONS_H
#define CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "posture.h"

enum {
    OPTIONS_MAX_OUTPUTS = 32,
    OPTIONS_MAX_WHERE = 16,
    OPTIONS_MAX_SETTINGS = 64,
    OPTIONS_MAX_PRESETS = 32,
};

enum options_action {
    OPTIONS_ACTION_RENDER,
    OPTIONS_ACTION_CHECK,      /* validate a table and style, report every problem */
    OPTIONS_ACTION_BATCH,      /* many maps from a job file */
    OPTIONS_ACTION_HELP,       /* usage on stdout, exit 0 */
    OPTIONS_ACTION_VERSION,    /* "posture <version>" on stdout, exit 0 */
    OPTIONS_ACTION_NO_COMMAND, /* no arguments at all: usage on stderr, exit 64 */
};

/* Filled by options_parse(); request.outputs, .where and .settings point into the arrays here,
 * so do not copy the struct. Strings are borrowed from argv, are literals, or live here. */
struct options {
    enum options_action action;
    struct posture_request request;
    const char *output_paths[OPTIONS_MAX_OUTPUTS];
    const char *where[OPTIONS_MAX_WHERE];
    const char *settings[OPTIONS_MAX_SETTINGS];
    char lang_setting[40]; /* "map.lang=de" for --lang de, pointed to from settings */
    /* Without -o, the outputs go to this directory, which the caller creates; else NULL. */
    const char *default_output_dir;
    bool is_each_date; /* --each date: one map per distinct date, names from {date} */
    /* --preset NAME, each one map, names from {preset}; is_kit: every preset of the style */
    const char *presets[OPTIONS_MAX_PRESETS];
    size_t preset_count;
    bool is_kit;
    const char *format; /* --format: "png", "svg" or "pdf", for an output "-"; else NULL */
    /* batch */
    const char *jobs_path; /* "-": standard input */
    const char *out_dir;   /* NULL: the job file's directory */
    size_t shard_index;    /* --shard K/N: 1-based K; 0: every job */
    size_t shard_count;
    size_t workers; /* --workers N; 0: one per processor */
    bool allow_any_path;
};

/* Parses argv. A usage error returns POSTURE_ERR_USAGE with a one-line message in *err (no
 * "posture: " prefix). request.warn is left NULL for the caller to set. */
enum posture_status options_parse(int argc, char **argv, struct options *options,
                                  struct posture_error *err);

/* The usage text: every command, option and exit code. Returns false if writing failed. */
bool options_print_usage(FILE *stream);

#endif
