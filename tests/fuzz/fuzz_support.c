#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/files.h"
#include "fuzz.h"

void
fuzz_check(int condition, const char *what, const char *message)
{
    if (condition)
        return;
    fprintf(stderr, "fuzz: broken promise: %s: %s\n", what, message != NULL ? message : "");
    abort();
}

void
fuzz_note(const char *message)
{
    static int verbose = -1;
    if (verbose < 0)
        verbose = getenv("POSTURE_FUZZ_VERBOSE") != NULL;
    if (verbose)
        fprintf(stderr, "fuzz: %s\n", message);
}

char *
fuzz_read_file(const char *path, size_t *size)
{
    char *bytes = NULL;
    struct posture_error err = {POSTURE_OK, ""};
    if (files_read(path, &bytes, size, &err) != POSTURE_OK) {
        fprintf(stderr, "fuzz: %s\n", err.message);
        abort();
    }
    return bytes;
}
