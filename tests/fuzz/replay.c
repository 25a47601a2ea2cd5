/* A main() for the fuzz targets without libFuzzer: runs each file named on the command line (a
 * directory: each file in it, in name order) through LLVMFuzzerTestOneInput once. ctest replays
 * the corpora with it in every build, so the sanitizer build checks them without clang. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/files.h"
#include "fuzz.h"

static size_t
replay_file(const char *path)
{
    char *bytes = NULL;
    size_t size = 0;
    struct posture_error err = {POSTURE_OK, ""};
    if (files_read(path, &bytes, &size, &err) != POSTURE_OK) {
        fprintf(stderr, "replay: %s\n", err.message);
        exit(66);
    }
    printf("replay: %s (%zu bytes)\n", path, size);
    fflush(stdout); /* the name is out before a crash */
    /* An exact-size copy, so ASan sees a read past the end as libFuzzer would. */
    uint8_t *copy = malloc(size ? size : 1);
    if (size > 0)
        memcpy(copy, bytes, size);
    free(bytes);
    (void)LLVMFuzzerTestOneInput(copy, size);
    free(copy);
    return 1;
}

static int
is_visible(const struct dirent *entry)
{
    return entry->d_name[0] != '.';
}

static size_t
replay_directory(const char *path)
{
    struct dirent **entries = NULL;
    int count = scandir(path, &entries, is_visible, alphasort);
    if (count < 0) {
        fprintf(stderr, "replay: %s: cannot list\n", path);
        exit(66);
    }
    size_t replayed = 0;
    for (int i = 0; i < count; i++) {
        char *child = files_join(path, entries[i]->d_name);
        struct stat st;
        if (stat(child, &st) == 0 && S_ISREG(st.st_mode))
            replayed += replay_file(child);
        free(child);
        free(entries[i]);
    }
    free(entries);
    return replayed;
}

int
main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    size_t replayed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            replayed += replay_directory(argv[i]);
        else
            replayed += replay_file(argv[i]);
    }
    printf("replay: %zu inputs, no finding\n", replayed);
    return replayed > 0 ? 0 : 1;
}
