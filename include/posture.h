/* posture: country shapefiles + a deployment table -> annotated force-posture maps (PNG, SVG, PDF).
 * The one public header: a request describes one map and its outputs; posture_render() draws it. */
#ifndef POSTURE_H
#define POSTURE_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum posture_status {
    POSTURE_OK = 0,
    POSTURE_ERR_USAGE,    /* the request itself is wrong (bad option, unknown format) */
    POSTURE_ERR_INPUT,    /* an input file is malformed: table, style, shapefile */
    POSTURE_ERR_MISSING,  /* an input file does not exist or cannot be read */
    POSTURE_ERR_WRITE,    /* an output cannot be written */
    POSTURE_ERR_INTERNAL, /* a library failed in a way the input does not explain */
};

/* The first error of a call; message reads "file:line: what is wrong" where a file is involved. */
struct posture_error {
    enum posture_status status;
    char message[1024];
};

/* Called once per warning (a missing .prj, a label that could not be placed); may be NULL. */
typedef void (*posture_warn_fn)(void *context, const char *message);

struct posture_request {
    const char *table_path;   /* deployment CSV; NULL draws the built-in default table */
    const char *style_path;   /* style file overriding the default style key by key; may be NULL */
    const char *const *outputs; /* file names; the format follows the extension (.png .svg .pdf) */
    size_t output_count;
    int width_px;             /* 0: from the style */
    int height_px;            /* 0: from the style */
    double scale;             /* PNG pixel density: 2 doubles the pixels, same layout; 0 means 1 */
    const char *data_dir;     /* where shapefiles/ and data/ live; NULL: $POSTURE_DATA_DIR or built in */
    posture_warn_fn warn;
    void *warn_context;
};

/* Fills *request with defaults: the default table and style, outputs left empty. */
void posture_request_init(struct posture_request *request);

/* Data loaded once and shared by many renders (shapefiles, gazetteer, fonts): for batches and
 * long-running programs. Not thread-safe: one session per thread. */
struct posture_session;

/* data_dir: where shapefiles/ and data/ live; NULL: $POSTURE_DATA_DIR or built in. */
struct posture_session *posture_session_create(const char *data_dir);
void posture_session_destroy(struct posture_session *session);
/* Like posture_render(), reusing what the session has loaded (request->data_dir is ignored). */
enum posture_status posture_session_render(struct posture_session *session,
                                           const struct posture_request *request,
                                           struct posture_error *err);

/* Renders the map described by *request to every output. Each output is written to a temporary
 * file next to it and renamed into place only when complete, so on failure existing files stay
 * untouched. Returns POSTURE_OK or the status of the first error, described in *err. */
enum posture_status posture_render(const struct posture_request *request, struct posture_error *err);

/* "0.1.0" */
const char *posture_version(void);

#ifdef __cplusplus
}
#endif

#endif
