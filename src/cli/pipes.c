#include "cli/pipes.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { STDIN_MAX_BYTES = 512 * 1024 * 1024 };

static enum posture_status
fail(struct posture_error *err, enum posture_status status, const char *what, const char *path)
{
    err->status = status;
    (void)snprintf(err->message, sizeof err->message, "%s: %s: %s", path, what, strerror(errno));
    return status;
}

enum posture_status
pipes_read_stdin(char **bytes, size_t *size, struct posture_error *err)
{
    size_t capacity = 65536, length = 0;
    char *buffer = malloc(capacity + 1);
    if (buffer == NULL)
        return fail(err, POSTURE_ERR_INTERNAL, "cannot read", "standard input");
    size_t n;
    while ((n = fread(buffer + length, 1, capacity - length, stdin)) > 0) {
        length += n;
        if (length < capacity)
            continue;
        if (capacity >= STDIN_MAX_BYTES) {
            free(buffer);
            err->status = POSTURE_ERR_INPUT;
            (void)snprintf(err->message, sizeof err->message, "standard input: larger than %d MiB",
                           STDIN_MAX_BYTES / (1024 * 1024));
            return err->status;
        }
        capacity *= 2;
        char *grown = realloc(buffer, capacity + 1);
        if (grown == NULL) {
            free(buffer);
            return fail(err, POSTURE_ERR_INTERNAL, "cannot read", "standard input");
        }
        buffer = grown;
    }
    if (ferror(stdin)) {
        free(buffer);
        return fail(err, POSTURE_ERR_MISSING, "cannot read", "standard input");
    }
    buffer[length] = '\0';
    *bytes = buffer;
    *size = length;
    return POSTURE_OK;
}

enum posture_status
pipes_stdout_open(struct stdout_file *file, const char *extension, struct posture_error *err)
{
    memset(file, 0, sizeof *file);
    const char *tmp = getenv("TMPDIR");
    if (tmp == NULL || tmp[0] == '\0')
        tmp = "/tmp";
    size_t length = strlen(tmp) + sizeof "/posture-XXXXXX";
    file->dir = malloc(length);
    if (file->dir == NULL)
        return fail(err, POSTURE_ERR_INTERNAL, "cannot create a directory in", tmp);
    (void)snprintf(file->dir, length, "%s/posture-XXXXXX", tmp);
    if (mkdtemp(file->dir) == NULL) {
        enum posture_status status = fail(err, POSTURE_ERR_WRITE, "cannot create a directory", tmp);
        free(file->dir);
        file->dir = NULL;
        return status;
    }
    length = strlen(file->dir) + strlen(extension) + sizeof "/stdout.";
    file->path = malloc(length);
    if (file->path == NULL)
        return fail(err, POSTURE_ERR_INTERNAL, "cannot create a file in", file->dir);
    (void)snprintf(file->path, length, "%s/stdout.%s", file->dir, extension);
    return POSTURE_OK;
}

enum posture_status
pipes_stdout_copy(const struct stdout_file *file, struct posture_error *err)
{
    FILE *in = fopen(file->path, "rb");
    if (in == NULL)
        return fail(err, POSTURE_ERR_INTERNAL, "cannot read", file->path);
    char chunk[65536];
    size_t n;
    bool failed = false;
    while (!failed && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
        failed = fwrite(chunk, 1, n, stdout) != n;
    bool read_failed = ferror(in) != 0;
    (void)fclose(in);
    if (read_failed)
        return fail(err, POSTURE_ERR_INTERNAL, "cannot read", file->path);
    if (failed || fflush(stdout) != 0 || ferror(stdout))
        return fail(err, POSTURE_ERR_WRITE, "cannot write", "standard output");
    return POSTURE_OK;
}

void
pipes_stdout_fini(struct stdout_file *file)
{
    if (file->path != NULL)
        (void)unlink(file->path);
    if (file->dir != NULL)
        (void)rmdir(file->dir);
    free(file->path);
    free(file->dir);
    file->path = file->dir = NULL;
}
