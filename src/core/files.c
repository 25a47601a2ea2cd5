#include "core/files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/strbuf.h"

enum { FILES_MAX_BYTES = 512 * 1024 * 1024 };

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
    struct strbuf buf;
    strbuf_init(&buf);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (buf.length + n > FILES_MAX_BYTES) {
            (void)fclose(f);
            strbuf_fini(&buf);
            return error_set(err, POSTURE_ERR_INPUT, "%s: larger than %d MiB", path,
                             FILES_MAX_BYTES / (1024 * 1024));
        }
        strbuf_append(&buf, chunk, n);
    }
    bool failed = ferror(f);
    (void)fclose(f); /* read only: nothing to lose at close */
    if (failed) {
        strbuf_fini(&buf);
        return error_set(err, POSTURE_ERR_MISSING, "%s: read error", path);
    }
    *bytes = buf.bytes;
    *size = buf.length;
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
