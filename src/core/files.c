#include "core/files.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/strbuf.h"

enum posture_status
files_read(const char *path, char **bytes, size_t *size, struct posture_error *err)
{
    *bytes = NULL;
    *size = 0;
    struct stat st;
    if (stat(path, &st) != 0)
        return error_set(err, POSTURE_ERR_MISSING, "%s: cannot read: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return error_set(err, POSTURE_ERR_MISSING, "%s: is a directory, not a file", path);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return error_set(err, POSTURE_ERR_MISSING, "%s: cannot read: %s", path, strerror(errno));
    /* One block of the size the file has, read straight into it: growing a buffer by doubling
     * left the copies of a 9 MB shapefile in the process's memory (16 MiB of them). The loop
     * still copes with a file that grows or shrinks meanwhile, or that stat cannot size. */
    size_t capacity =
        st.st_size > 0 && (uintmax_t)st.st_size < FILES_MAX_BYTES ? (size_t)st.st_size + 1 : 65536;
    char *buffer = xmalloc(capacity);
    size_t length = 0, n;
    while ((n = fread(buffer + length, 1, capacity - length, f)) > 0) {
        length += n;
        if (length > FILES_MAX_BYTES) {
            (void)fclose(f);
            free(buffer);
            return error_set(err, POSTURE_ERR_INPUT, "%s: larger than %d MiB", path,
                             FILES_MAX_BYTES / (1024 * 1024));
        }
        if (length == capacity)
            xgrow(&buffer, &capacity, capacity + 1, 1);
    }
    bool failed = ferror(f);
    (void)fclose(f); /* read only: nothing to lose at close */
    if (failed) {
        free(buffer);
        return error_set(err, POSTURE_ERR_MISSING, "%s: read error", path);
    }
    buffer[length] = '\0';
    *bytes = buffer;
    *size = length;
    return POSTURE_OK;
}

bool
files_exist(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *
files_join(const char *dir, const char *name)
{
    struct strbuf buf;
    strbuf_init(&buf);
    strbuf_puts(&buf, dir);
    if (buf.length > 0 && buf.bytes[buf.length - 1] != '/')
        strbuf_puts(&buf, "/");
    strbuf_puts(&buf, name);
    return buf.bytes;
}
