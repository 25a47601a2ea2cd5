/* A whole render with the input as the deployment table: style, gazetteer, shapefile, layout,
 * labels, SVG. One session for all inputs (as posture batch keeps one), so an input costs a
 * layout, not a reload of the shapefile and fonts. Output goes to a temporary directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/files.h"
#include "fuzz.h"
#include "posture.h"

static struct posture_session *session;
static char *output;

static void
remove_output(void)
{
    if (output == NULL)
        return;
    (void)unlink(output);
    char *slash = strrchr(output, '/');
    *slash = '\0';
    (void)rmdir(output);
    free(output);
    posture_session_destroy(session);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    const char *tmp = getenv("TMPDIR");
    char dir[512];
    (void)snprintf(dir, sizeof dir, "%s/posture-fuzz-XXXXXX", tmp != NULL ? tmp : "/tmp");
    fuzz_check(mkdtemp(dir) != NULL, "a temporary directory", dir);
    output = files_join(dir, "map.svg");
    session = posture_session_create(POSTURE_SOURCE_DIR);
    (void)atexit(remove_output);
    return 0;
}

static void
ignore_warning(void *context, const char *message)
{
    (void)context, (void)message;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *outputs[] = {output};
    struct posture_request request;
    posture_request_init(&request);
    request.table_path = "fuzz.csv";
    request.table_bytes = size > 0 ? (const char *)data : "";
    request.table_size = size;
    request.outputs = outputs;
    request.output_count = 1;
    request.width_px = 800;
    request.height_px = 600;
    request.warn = ignore_warning;
    struct posture_error err;
    if (posture_session_render(session, &request, &err) != POSTURE_OK) {
        fuzz_note(err.message);
        fuzz_check(err.message[0] != '\0' && strchr(err.message, '\n') == NULL,
                   "a failure has a one-line message", err.message);
        fuzz_check(err.status != POSTURE_ERR_INTERNAL, "no internal error from a table",
                   err.message);
    }
    return 0;
}
