/* Writing an output all or nothing: bytes go to a temporary file in the target's directory,
 * renamed over the target only by atomic_file_commit(). The caller picks the format. */
#ifndef CORE_ATOMIC_FILE_H
#define CORE_ATOMIC_FILE_H

#include <stdbool.h>
#include <stdio.h>

#include "posture.h"

struct atomic_file {
    FILE *stream;    /* write here */
    char *path;      /* the final name */
    char *temp_path; /* the temporary name, removed on abort */
    bool write_failed;
};

/* Opens a temporary file next to path. "-" is not handled here. */
enum posture_status atomic_file_open(struct atomic_file *file, const char *path,
                                     struct posture_error *err);
/* Flushes, closes and renames into place; on failure removes the temporary file. */
enum posture_status atomic_file_commit(struct atomic_file *file, struct posture_error *err);
/* Closes and removes the temporary file; the target is untouched. Safe after commit. */
void atomic_file_abort(struct atomic_file *file);

#endif
