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
    const char *table_path; /* deployment CSV; NULL draws the built-in default table */
    const char *style_path; /* style file overriding the default style key by key; may be NULL */
    const char *const *outputs; /* file names; the format follows the extension (.png .svg .pdf) */
    size_t output_count;
    int width_px;  /* 0: from the style */
    int height_px; /* 0: from the style */
    double scale;  /* PNG pixel density: 2 doubles the pixels, same layout; 0 means 1 */
    const char
        *data_dir; /* where shapefiles/ and data/ live; NULL: $POSTURE_DATA_DIR or built in */
    posture_warn_fn warn;
    void *warn_context;

    /* The table as bytes in memory (a pipe): read instead of table_path, which then only names
     * it in messages ("<stdin>"). NULL: read table_path. */
    const char *table_bytes;
    size_t table_size;
    /* Rows kept: those matching every "column=value" of where (columns id, kind, side, place,
     * from, to, label, date, until, source; "value1|value2" for either; compared ignoring case,
     * diacritics and punctuation) and, if as_of ("YYYY-MM-DD") is set, standing on that day:
     * dated on or before it (or undated) and not ended (until) before it. */
    const char *const *where;
    size_t where_count;
    const char *as_of;
    /* "lon0,lat0,lon1,lat1" in degrees, replacing the style's [map] extent; NULL: the style's. */
    const char *extent;
    /* "section.key=value" style overrides, applied in order after style_path. */
    const char *const *settings;
    size_t setting_count;
    /* Also write, each all or nothing like the outputs: a JSON report of what was drawn (page,
     * projection, extent, every symbol and label with its page position, dropped labels,
     * warnings), and the map's plain-language description (also the SVG's <desc>). NULL: none. */
    const char *report_path;
    const char *alt_text_path;
    /* A size preset: the keys of the style's [preset.NAME] section ("web-1200", "mobile-375",
     * "print-107mm", ...) over the style files and under settings; its scale is the PNG density
     * unless scale is set to other than 1. NULL: none. */
    const char *preset;
};

/* Fills *request with defaults: the default table and style, outputs left empty. */
void posture_request_init(struct posture_request *request);

/* Lets posture make the font files a style names ([fonts] files) fontconfig's current
 * configuration, so that fontconfig never reads the machine's own: that reading is a tenth of
 * a one-map run. For programs that use fontconfig only through posture, as the posture command
 * does; call it before the first render. A later style with no [fonts] files still gets the
 * machine's fonts. */
void posture_own_fontconfig(void);

/* Data loaded once and shared by many renders (shapefiles, gazetteer, fonts, the parsed style
 * files, the projection's projected points): for batches and long-running programs. Not
 * thread-safe: one session per thread. */
struct posture_session;

/* data_dir: where shapefiles/ and data/ live; NULL: $POSTURE_DATA_DIR or built in. */
struct posture_session *posture_session_create(const char *data_dir);
void posture_session_destroy(struct posture_session *session);
/* Like posture_render(), reusing what the session has loaded (request->data_dir is ignored). */
enum posture_status posture_session_render(struct posture_session *session,
                                           const struct posture_request *request,
                                           struct posture_error *err);

/* The days of a time series: the distinct dates ("YYYY-MM-DD") of the rows of the request's
 * table that pass its where conditions (as_of is ignored), ascending. Rendering one map per
 * day with request->as_of set to it gives cumulative frames (posture render --each date). */
struct posture_dates {
    char (*days)[11];
    size_t count;
};
/* Fails with POSTURE_ERR_INPUT if no row has a date; *dates is then empty. */
enum posture_status posture_session_dates(struct posture_session *session,
                                          const struct posture_request *request,
                                          struct posture_dates *dates, struct posture_error *err);
void posture_dates_fini(struct posture_dates *dates);

/* The names of the size presets ([preset.*] sections) of the request's style, in order: for
 * rendering a whole size kit. */
struct posture_presets {
    char **names;
    size_t count;
};
/* Fails with POSTURE_ERR_INPUT if the style has none; *presets is then empty. */
enum posture_status posture_session_presets(struct posture_session *session,
                                            const struct posture_request *request,
                                            struct posture_presets *presets,
                                            struct posture_error *err);
void posture_presets_fini(struct posture_presets *presets);

/* Called once per problem posture_session_check() finds: "file:line: what is wrong". */
typedef void (*posture_problem_fn)(void *context, const char *message);

/* Reads the request's table and style (style_path, settings, extent) as a render would and
 * reports every problem found, not only the first: each malformed row, unknown place or side,
 * style line that does not parse, key that does not exist, value of the wrong type. Warnings
 * (a repeated id) go to request->warn. Nothing is written; outputs may be empty. Returns
 * POSTURE_OK if there was no problem, else POSTURE_ERR_INPUT ("3 problems found"), or the
 * status of what stopped checking (a file that cannot be read, a bad where or as_of). */
enum posture_status posture_session_check(struct posture_session *session,
                                          const struct posture_request *request,
                                          posture_problem_fn problem, void *context,
                                          struct posture_error *err);

/* Renders the map described by *request to every output. Each output is written to a temporary
 * file next to it and renamed into place only when complete, so on failure existing files stay
 * untouched. Returns POSTURE_OK or the status of the first error, described in *err. */
enum posture_status posture_render(const struct posture_request *request,
                                   struct posture_error *err);

/* "0.1.0" */
const char *posture_version(void);

#ifdef __cplusplus
}
#endif

#endif
