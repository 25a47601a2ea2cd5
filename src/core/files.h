/* Whole-file reading into memory (readers parse from memory, so tests and fuzzers can too).
 * What the bytes mean is left to the readers. */
#ifndef CORE_FILES_H
#define CORE_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "posture.h"

/* No input file is read beyond this: a larger one is refused with a message. */
enum { FILES_MAX_BYTES = 512 * 1024 * 1024 };

/* Reads path into a NUL-terminated malloc'd buffer (*bytes, *size without the NUL).
 * A missing or unreadable file is POSTURE_ERR_MISSING. */
enum posture_status files_read(const char *path, char **bytes, size_t *size,
                               struct posture_error *err);
bool files_exist(const char *path);
/* "dir/name" in a malloc'd string. */
char *files_join(const char *dir, const char *name);

#endif
