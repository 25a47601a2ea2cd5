/* What every layout step shares: the scene being filled, the style, text measuring, the
 * projection and viewport, and the label solver. Style look-ups record the first error. */
#ifndef LAYOUT_LAYOUT_H
#define LAYOUT_LAYOUT_H

#include <stdbool.h>

#include "data/style.h"
#include "geo/projection.h"
#include "layout/viewport.h"
#include "posture.h"
#include "scene/scene.h"
#include "scene/text_measure.h"

struct label_solver;

struct layout {
    struct scene *scene;
    const struct style *style;
    const struct text_measure *measure;
    const struct projection *projection;
    struct viewport viewport;
    const struct scene_geometry *frame_clip; /* the frame as a clip for map layers */
    struct label_solver *labels;
    posture_warn_fn warn;
    void *warn_context;
    struct posture_error *err; /* first error; later look-ups return neutral values */
    /* `posture check`: a problem of the table that only layout finds (an unknown area) is
     * told here, and layout goes on to find the others; NULL: it is the error. */
    void (*problem)(void *context, const char *message);
    void *problem_context;
    double size_scale;       /* 0 until first needed; see layout_size_scale() */
    size_t area_legend_rows; /* legend rows the table's areas need (sizes the band below) */
    bool is_legend_below;    /* set by furniture_frame(): the legend has a band under the map */
};

/* How much the style's point sizes grow or shrink with the page: sqrt(page width / [page]
 * reference_width_pt), kept within [page] min_size_scale .. max_size_scale, so a mobile map
 * is not a shrunken desktop map nor a poster a blown-up one. */
double layout_size_scale(struct layout *layout);

/* The page's width as it reads at reference type size (width / size scale): what size
 * thresholds (legend below the map, one-line labels, no capitals) compare against, so a print
 * page of 300 pt with 6 pt type counts as a narrow page, not a tiny one. */
double layout_reading_width(struct layout *layout);
/* A number from the style. Keys ending in "_pt" are sizes and come multiplied by
 * layout_size_scale(), except floors ("..._min_size_pt"), which hold at every size. */
double layout_number(struct layout *layout, const char *section, const char *key);
/* The same, or fallback when the style does not have the key (for keys a house style written
 * before them may lack). */
double layout_number_or(struct layout *layout, const char *section, const char *key,
                        double fallback);
struct rgba layout_colour(struct layout *layout, const char *section, const char *key);
const char *layout_string(struct layout *layout, const char *section, const char *key);
bool layout_bool(struct layout *layout, const char *section, const char *key);
/* A text style from keys "<prefix>size_pt", "<prefix>colour", "<prefix>weight" and optional
 * "<prefix>halo", "<prefix>halo_width_pt", "<prefix>letter_spacing_pt", "<prefix>italic" of
 * section; the family from [fonts] family. */
struct text_style layout_text_style(struct layout *layout, const char *section, const char *prefix);
void layout_warn(struct layout *layout, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
bool layout_failed(const struct layout *layout);

/* The spelling an outlet wants for a country or place: [names] keyed by code (UKR) or by the
 * name itself (Kyiv = Kiev); `name` when neither is set. code may be NULL. */
const char *layout_display_name(struct layout *layout, const char *code, const char *name);

/* "12,345" with a thin-space-free comma grouping, rounded to whole numbers. */
void layout_format_count(double count, char *out, size_t size);

#endif
