#include "core/atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/strbuf.h"

enum posture_status
atomic_file_open(struct atomic_file *file, const char *path, struct posture_error *err)
{
    memset(file, 0, sizeof *file);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return error_set(err, POSTURE_ERR_WRITE, "%s: is a directory, not a file name", path);
    struct strbuf temp;
    strbuf_init(&temp);
    strbuf_printf(&temp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(temp.bytes);
    if (fd < 0) {
        int saved = errno;
        strbuf_fini(&temp);
        return error_set(err, POSTURE_ERR_WRITE, "%s: cannot write: %s", path, strerror(saved));
    }
    /* mkstemp makes the file 0600; outputs are ordinary files for whoever publishes them. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    file->stream = fdopen(fd, "wb");
    if (file->stream == NULL) {
        int saved = errno;
        close(fd);
        unlink(temp.bytes);
        strbuf_fini(&temp);
        return error_set(err, POSTURE_ERR_WRITE, "%s: cannot write: %s", path, strerror(saved));
    }
    file->path = xstrdup(path);
    file->temp_path = temp.bytes; /* ownership moves to file */
    return POSTURE_OK;
}

static void
release(struct atomic_file *file)
{
    free(file->path);
    free(file->temp_path);
    file->path = file->temp_path = NULL;
    file->stream = NULL;
}

enum posture_status
atomic_file_commit(struct atomic_file *file, struct posture_error *err)
{
    bool failed = file->write_failed || ferror(file->stream);
    int saved = errno;
    if (fflush(file->stream) != 0) {
        failed = true;
        saved = errno;
    }
    if (fclose(file->stream) != 0 && !failed) {
        failed = true;
        saved = errno;
    }
    file->stream = NULL;
    if (!failed && rename(file->temp_path, file->path) != 0) {
        failed = true;
        saved = errno;
    }
    enum posture_status status = POSTURE_OK;
    if (failed) {
        (void)unlink(file->temp_path);
        status = error_set(err, POSTURE_ERR_WRITE, "%s: cannot write: %s", file->path,
                           strerror(saved ? saved : EIO));
    }
    release(file);
    return status;
}

void
atomic_file_abort(struct atomic_file *file)
{
    if (file->stream != NULL)
        (void)fclose(file->stream);
    if (file->temp_path != NULL)
        (void)unlink(file->temp_path);
    release(file);
}
