/* Standard input and output for the command line: a table read from stdin, and one output
 * rendered into a temporary file (the library writes files only) and then copied to stdout.
 * Which output is "-" is decided by options.c. */
#ifndef CLI_PIPES_H
#define CLI_PIPES_H

#include <stddef.h>

#include "posture.h"

/* All of standard input in a malloc'd buffer (NUL-terminated; *size without the NUL). */
enum posture_status pipes_read_stdin(char **bytes, size_t *size, struct posture_error *err);

/* A private directory under $TMPDIR (or /tmp) holding the one file bound for stdout. */
struct stdout_file {
    char *dir;
    char *path; /* dir/stdout.<extension>: pass it to the library as the output's name */
};

enum posture_status pipes_stdout_open(struct stdout_file *file, const char *extension,
                                      struct posture_error *err);
/* Copies the file to standard output and flushes it. */
enum posture_status pipes_stdout_copy(const struct stdout_file *file, struct posture_error *err);
/* Removes the file and its directory; safe to call after a failed open. */
void pipes_stdout_fini(struct stdout_file *file);

#endif
