/* A style's extra shapefile layers ([layer.*]: hatched areas, admin-1 lines, rivers) and the
 * table's area rows (territory hatched in a side's colour). Loading the files is posture.c's. */
#ifndef LAYOUT_AREAS_H
#define LAYOUT_AREAS_H

#include "data/countries.h"
#include "data/deployments.h"
#include "layout/basemap.h"
#include "layout/layout.h"
#include "layout/symbols.h"

enum { MAX_MAP_LAYERS = 16, MAX_AREA_ENTRIES = 16 };

struct map_layer {
    const char *section;                /* "layer.occupied" (borrowed from the style) */
    const struct country_set *features; /* borrowed (the session's); NULL: not loaded */
    struct source_crs *crs;             /* borrowed; NULL when the file is lon/lat */
};

/* A legend row an area or a layer asks for. */
struct area_entry {
    enum { AREA_ENTRY_HATCH, AREA_ENTRY_FILL, AREA_ENTRY_LINE } kind;
    const char *text;
    struct rgba fill, hatch, stroke;
    double hatch_angle_deg;
    double stroke_width_pt;
    double dash_pt[2];
};

struct area_set {
    struct map_layer layers[MAX_MAP_LAYERS];
    size_t layer_count;
    struct area_entry entries[MAX_AREA_ENTRIES];
    size_t entry_count;
};

/* A [layer.*] key, or what it means when the section leaves it out (only `shapefile` must be
 * given). Borrowed. */
const char *areas_layer_string(struct layout *layout, const char *section, const char *key);
/* `show`, true when left out. */
bool areas_layer_is_shown(struct layout *layout, const char *section);

/* "FIELD=VALUE" of a layer's `where` into field and value (each of `size` bytes); false if it
 * is not of that form. An empty text gives an empty field (no filter). */
bool areas_parse_where(const char *text, char *field, char *value, size_t size);

/* "3, 2" (on, off in points) of a `dash` key; empty: solid (0, 0). False if malformed. */
bool areas_parse_dash(const char *text, double dash_pt[2]);

/* Draws every loaded layer whose `show` is true, under the borders or over the fills by its
 * `order`, clipped to its `clip_to` country; queues feature labels; collects legend entries. */
void areas_draw_layers(struct layout *layout, const struct basemap *basemap,
                       struct area_set *areas);

/* Hatches each area row's feature or country in its side's colour. A name that is neither a
 * loaded layer's feature nor a country fails naming the table's line and close names; one that
 * is only off the map draws nothing. */
void areas_draw_rows(struct layout *layout, const struct basemap *basemap,
                     const struct country_set *countries, const struct deployment_table *table,
                     struct side_set *sides, struct area_set *areas);

/* Distinct (label, side) pairs of the table's area rows: the legend rows they will need. */
size_t areas_count_legend_rows(const struct deployment_table *table);

#endif
