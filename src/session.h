/* What a batch of renders shares: the text shaper, the gazetteer and the shapefiles loaded so
 * far, keyed by what was asked of them. One render's own state lives in posture.c. */
#ifndef SESSION_H
#define SESSION_H

#include <pthread.h>
#include <stdbool.h>

#include "data/countries.h"
#include "data/gazetteer.h"
#include "data/style.h"
#include "geo/projection.h"
#include "layout/inset.h"
#include "posture.h"
#include "render/text_shaping.h"

/* A shapefile as loaded, with the warnings its loading gave (a missing .prj): every render
 * that uses it gives them again, so a batch job's warnings and report do not depend on which
 * job came first. */
struct loaded_countries {
    char *key;               /* path, fields and language */
    struct country_set *set; /* read-only once loaded */
    char **warnings;
    size_t warning_count, warning_capacity;
};

/* Shapefiles loaded once for the sessions of a batch's workers, which read them at once. */
struct country_shelf {
    pthread_mutex_t lock;
    struct loaded_countries **loaded;
    size_t count, capacity;
};

struct country_shelf *country_shelf_create(void);
void country_shelf_destroy(struct country_shelf *shelf);

struct cached_countries {
    char *key; /* as asked: a projected file asked for in part is loaded whole, keyed so */
    const struct loaded_countries *loaded; /* the session's own, or borrowed from its shelf */
    struct country_set *set;               /* loaded->set */
    struct source_crs *crs; /* owned (PROJ's objects are one thread's); NULL: lon/lat */
};

/* The style files as last parsed (the built-in default.ini, then the user's), with their bytes:
 * the next render whose files hold the same bytes starts from a clone. */
struct parsed_style {
    char *user_path; /* NULL: the default alone */
    char *default_bytes, *user_bytes;
    size_t default_size, user_size;
    struct style *style;
};

struct posture_session {
    char *data_dir;
    bool is_one_shot; /* one map: read only the records the map needs, cache nothing for later */
    struct text_shaper *shaper;
    char *shaper_fonts;            /* the font patterns the shaper was made with */
    struct parsed_style *style;    /* NULL: none kept (one-shot, or none parsed yet) */
    struct projection *projection; /* the last map's, remembering its points (not one-shot) */
    char *projection_definition;
    struct gazetteer *gazetteer;
    bool has_full_gazetteer;
    struct country_shelf *shelf;   /* NULL: the session loads its own shapefiles */
    struct loaded_countries **own; /* loaded by this session (no shelf) */
    size_t own_count, own_capacity;
    struct cached_countries **countries; /* each at its own address: a render keeps them */
    size_t country_count, country_capacity;
    struct inset_cache *inset;   /* the inset globe's projected land, made on first use */
    struct raster_cache *raster; /* a batch's PNG basemap (render/output.h), made on first use */
    bool draws_serially;         /* images drawn on the render's thread alone (a batch's workers) */
    struct helpers *helpers;     /* with draws_serially: idle workers to hand a band to, or NULL */
};

/* The shaper for these font file patterns ([fonts] files; "" for the machine's fonts), made
 * again only when they change. NULL if no file matches. */
struct text_shaper *session_shaper(struct posture_session *session, const char *font_files);
/* The default style with the user's style file (NULL: none) over it, as a new style the caller
 * owns; parsed again only when a file's bytes change (a session that is not one-shot keeps the
 * last parse). Errors name the file and line as style_load() does. */
enum posture_status session_style(struct posture_session *session, const char *user_path,
                                  struct style **out, struct posture_error *err);
/* The map projection for this definition ([map] projection), made again only when it changes;
 * unless the session is one-shot, it remembers the points it projected for the next map
 * (projection_remember_points()). NULL with err set if PROJ rejects it. Borrowed: valid until
 * the next call. */
struct projection *session_projection(struct posture_session *session, const char *definition,
                                      struct posture_error *err);
/* The gazetteer with the curated bases, and with all of GeoNames if `full`. */
struct gazetteer *session_gazetteer(struct posture_session *session, bool full,
                                    struct posture_error *err);
/* The countries of a shapefile, loaded once per path and options (whole file, unless the
 * session is one-shot: then only records meeting options->extent), from the session's shelf if
 * it has one. Each call passes the loading's warnings to options->warn. Borrowed; valid as long
 * as the session. */
const struct cached_countries *session_countries(struct posture_session *session, const char *path,
                                                 const struct countries_options *options,
                                                 struct posture_error *err);
/* A path from the style: absolute, or relative to the data directory (malloc'd). */
char *session_data_path(const struct posture_session *session, const char *path);

#endif
