/* What a batch of renders shares: the text shaper, the gazetteer and the shapefiles loaded so
 * far, keyed by what was asked of them. One render's own state lives in posture.c. */
#ifndef SESSION_H
#define SESSION_H

#include <stdbool.h>

#include "data/countries.h"
#include "data/gazetteer.h"
#include "geo/projection.h"
#include "layout/inset.h"
#include "posture.h"
#include "render/text_shaping.h"

struct cached_countries {
    char *key;               /* path, fields and language */
    struct country_set *set; /* owned */
    struct source_crs *crs;  /* owned; NULL when the file is lon/lat */
};

struct posture_session {
    char *data_dir;
    bool is_one_shot; /* one map: read only the records the map needs, cache nothing for later */
    struct text_shaper *shaper;
    char *shaper_fonts; /* the font patterns the shaper was made with */
    struct gazetteer *gazetteer;
    bool has_full_gazetteer;
    struct cached_countries *countries;
    size_t country_count, country_capacity;
    struct inset_cache *inset;   /* the inset globe's projected land, made on first use */
    struct raster_cache *raster; /* a batch's PNG basemap (render/output.h), made on first use */
};

/* The shaper for these font file patterns ([fonts] files; "" for the machine's fonts), made
 * again only when they change. NULL if no file matches. */
struct text_shaper *session_shaper(struct posture_session *session, const char *font_files);
/* The gazetteer with the curated bases, and with all of GeoNames if `full`. */
struct gazetteer *session_gazetteer(struct posture_session *session, bool full,
                                    struct posture_error *err);
/* The countries of a shapefile, loaded once per path and options (whole file, unless the
 * session is one-shot: then only records meeting options->extent). Borrowed. */
const struct cached_countries *session_countries(struct posture_session *session, const char *path,
                                                 const struct countries_options *options,
                                                 struct posture_error *err);
/* A path from the style: absolute, or relative to the data directory (malloc'd). */
char *session_data_path(const struct posture_session *session, const char *path);

#endif
