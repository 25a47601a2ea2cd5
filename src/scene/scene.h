/* The scene: everything one map draws, as named layers of paths, circles and text in page points
 * (1/72 in, y down). Layout fills it; backends (cairo, SVG) only read it. Styles are resolved. */
#ifndef SCENE_SCENE_H
#define SCENE_SCENE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/types.h"

struct page_xy {
    double x, y;
};

struct page_box {
    double x0, y0, x1, y1; /* x0 <= x1, y0 <= y1 */
};

/* Drawing order is the order of this enum; each layer is a named group in SVG. */
enum scene_layer {
    LAYER_BACKGROUND,
    LAYER_COUNTRIES,
    LAYER_FEATURES, /* a style's [layer.*] drawn under the borders: admin-1 lines, rivers */
    LAYER_BORDERS,
    LAYER_AREAS,
    LAYER_MOVEMENTS,
    LAYER_POSITIONS,
    LAYER_LABELS,
    LAYER_LEGEND,
    LAYER_FURNITURE,
    LAYER_COUNT
};

/* A set of subpaths sharing one style: a country's rings, an arrow's outline. */
struct scene_geometry {
    struct page_xy *points;
    size_t point_count;
    size_t *subpath_starts; /* index of each subpath's first point; subpath_count entries */
    size_t subpath_count;
    bool is_closed; /* all subpaths closed (rings) or all open (lines) */
    /* With is_closed, the last this many subpaths are open all the same (the borders: rings,
     * then the pieces of borders that neighbours share). */
    size_t open_subpath_count;
};

/* Whether subpath s of g is a ring, closed back to its first point. */
bool scene_subpath_is_closed(const struct scene_geometry *g, size_t s);
/* The index past subpath s's last point (at most g's point_count). */
size_t scene_subpath_end(const struct scene_geometry *g, size_t s);

enum fill_pattern {
    PATTERN_NONE,  /* no fill */
    PATTERN_SOLID, /* fill colour */
    PATTERN_HATCH, /* diagonal lines of hatch colour over an optional fill colour */
};

enum line_cap { CAP_BUTT, CAP_ROUND, CAP_SQUARE };
enum line_join { JOIN_MITER, JOIN_ROUND, JOIN_BEVEL };

struct scene_paint {
    enum fill_pattern pattern;
    struct rgba fill;        /* PATTERN_SOLID, and the ground under PATTERN_HATCH (a = 0: none) */
    struct rgba hatch;       /* PATTERN_HATCH line colour */
    double hatch_spacing_pt; /* distance between hatch lines */
    double hatch_width_pt;   /* hatch line width */
    double hatch_angle_deg;  /* 45: lines rising to the right */
    struct rgba stroke;      /* a = 0 or stroke_width_pt = 0: no stroke */
    double stroke_width_pt;
    double dash_pt[2]; /* on, off; 0, 0: solid */
    enum line_cap cap;
    enum line_join join;
    bool is_even_odd; /* fill rule; nonzero otherwise */
    /* Raster backends may anti-alias this item with 16 levels instead of 256: for edges a stroke
     * covers (country fills under the borders) and thin lines, where no eye tells them apart
     * and the coarse rasteriser is twice as fast. Vector outputs ignore it. */
    bool is_coarse_antialias;
};

enum text_anchor { ANCHOR_START, ANCHOR_MIDDLE, ANCHOR_END };

struct text_style {
    const char *family; /* fontconfig family list, e.g. "Noto Sans, DejaVu Sans" */
    double size_pt;
    int weight; /* CSS weight: 400 regular, 700 bold */
    bool is_italic;
    double letter_spacing_pt;
    struct rgba colour;
    struct rgba halo;     /* a = 0: no halo */
    double halo_width_pt; /* the halo stroke's full width */
};

enum scene_item_kind { ITEM_PATH, ITEM_CIRCLE, ITEM_TEXT };

struct scene_item {
    enum scene_item_kind kind;
    enum scene_layer layer;
    const char *id; /* optional, e.g. "country-POL" (SVG id, report); NULL for none */
    /* optional: consecutive items of one layer with the same group are one SVG <g> with this
     * id, e.g. "layer-occupied", so an editor can select a style layer's paths together */
    const char *group;
    struct scene_paint paint;
    /* ITEM_PATH */
    struct scene_geometry geometry;
    const struct scene_geometry *clip; /* optional: draw only inside this closed geometry */
    /* ITEM_CIRCLE */
    struct page_xy centre;
    double radius_pt;
    /* ITEM_TEXT: one line; `at` is the anchor point on the baseline */
    const char *text;
    struct page_xy at;
    enum text_anchor anchor;
    struct text_style text_style;
    size_t sequence; /* insertion order, to keep the sort stable */
    bool is_hidden;  /* withdrawn after it was added (scene_hide_item): nothing draws it */
};

struct scene {
    double width_pt, height_pt;
    const char *title;       /* document title (SVG <title>, PDF metadata); may be NULL */
    const char *description; /* SVG <desc>; may be NULL */
    const char *font_files;  /* the shaper's font file patterns (text_shaping.h); NULL: system */
    struct scene_item *items;
    size_t item_count;
    size_t item_capacity;
    struct arena arena; /* owns every string and point array added */
};

struct scene *scene_create(double width_pt, double height_pt);
void scene_destroy(struct scene *scene);
void scene_set_title(struct scene *scene, const char *title, const char *description);
/* The font file patterns text was measured with, for backends that draw text (copied). */
void scene_set_font_files(struct scene *scene, const char *font_files);

/* Each add copies what it is given. The returned item is valid until the next add. */
struct scene_item *scene_add_path(struct scene *scene, enum scene_layer layer, const char *id,
                                  const struct scene_geometry *geometry,
                                  const struct scene_paint *paint);
/* Withdraws the item added index-th (0 first): scene_items_sorted() leaves it out, so no backend
 * or report sees it; a place's dot whose name found no room, say. Indices hold until sorting. */
void scene_hide_item(struct scene *scene, size_t index);
/* The index scene_hide_item() takes for an item just returned by scene_add_*(). */
size_t scene_item_index(const struct scene *scene, const struct scene_item *item);
struct scene_item *scene_add_circle(struct scene *scene, enum scene_layer layer, const char *id,
                                    struct page_xy centre, double radius_pt,
                                    const struct scene_paint *paint);
struct scene_item *scene_add_text(struct scene *scene, enum scene_layer layer, const char *id,
                                  const char *text, struct page_xy at, enum text_anchor anchor,
                                  const struct text_style *style);
/* Sets an item's group (copied); see scene_item. */
void scene_set_group(struct scene *scene, struct scene_item *item, const char *group);
/* Copies a geometry into the scene's arena, for use as a clip by later paths. */
const struct scene_geometry *scene_keep_geometry(struct scene *scene,
                                                 const struct scene_geometry *geometry);

/* Items in drawing order (by layer, then insertion order), hidden ones dropped from the scene;
 * *count gets the number. The array is the scene's: valid until the next add. */
const struct scene_item *scene_items_sorted(struct scene *scene, size_t *count);

/* "background", "countries", ... */
const char *scene_layer_name(enum scene_layer layer);

/* A growable geometry that layout code builds before adding it to a scene. */
struct geometry_builder {
    struct page_xy *points;
    size_t point_count, point_capacity;
    size_t *starts;
    size_t start_count, start_capacity;
};
void geometry_builder_init(struct geometry_builder *builder);
void geometry_builder_fini(struct geometry_builder *builder);
void geometry_builder_reset(struct geometry_builder *builder);
void geometry_builder_move_to(struct geometry_builder *builder, struct page_xy at);
void geometry_builder_line_to(struct geometry_builder *builder, struct page_xy at);
/* A view of what was built (borrowed from the builder). */
struct scene_geometry geometry_builder_view(const struct geometry_builder *builder, bool is_closed);

struct rgba rgba_make(double r, double g, double b, double a);
struct page_box page_box_union(struct page_box a, struct page_box b);
bool page_box_intersects(struct page_box a, struct page_box b);

#endif
