#include "layout/areas.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "geo/clip.h"
#include "geo/polylabel.h"
#include "geo/simplify.h"
#include "layout/labels.h"

/* What a [layer.*] key means when the section leaves it out: only `shapefile` is required. */
static const struct {
    const char *key, *value;
} layer_defaults[] = {
    {"show", "true"},
    {"where", ""},
    {"name_field", ""},
    {"label_field", ""},
    {"order", ""},
    {"fill", "none"},
    {"hatch", "none"},
    {"hatch_spacing_pt", "4"},
    {"hatch_width_pt", "1"},
    {"hatch_angle_deg", "45"},
    {"line", "#55626c"},
    {"line_width_pt", "1"},
    {"dash", ""},
    {"clip_to", ""},
    {"legend", ""},
};

static const char *
layer_default(const char *key)
{
    for (size_t i = 0; i < sizeof layer_defaults / sizeof layer_defaults[0]; i++) {
        if (strcmp(layer_defaults[i].key, key) == 0)
            return layer_defaults[i].value;
    }
    return "";
}

const char *
areas_layer_string(struct layout *layout, const char *section, const char *key)
{
    if (style_get(layout->style, section, key) == NULL)
        return layer_default(key);
    return layout_string(layout, section, key);
}

bool
areas_layer_is_shown(struct layout *layout, const char *section)
{
    if (style_get(layout->style, section, "show") == NULL)
        return true;
    return layout_bool(layout, section, "show");
}

static double
layer_number(struct layout *layout, const char *section, const char *key)
{
    if (style_get(layout->style, section, key) != NULL)
        return layout_number(layout, section, key);
    size_t length = strlen(key);
    bool is_size = length > 3 && strcmp(key + length - 3, "_pt") == 0;
    return strtod(layer_default(key), NULL) * (is_size ? layout_size_scale(layout) : 1);
}

static struct rgba
layer_colour(struct layout *layout, const char *section, const char *key)
{
    if (style_get(layout->style, section, key) != NULL)
        return layout_colour(layout, section, key);
    if (strcmp(key, "line") == 0)
        return rgba_make(0x55 / 255.0, 0x62 / 255.0, 0x6c / 255.0, 1);
    return rgba_make(0, 0, 0, 0);
}

/* "style.ini:14: [layer.rivers] order: what" (without file:line for a key left out). */
static void
fail_key(struct layout *layout, const char *section, const char *key, const char *what)
{
    size_t line = 0;
    const char *origin = style_origin(layout->style, section, key, &line);
    if (origin != NULL && line > 0)
        error_set(layout->err, POSTURE_ERR_INPUT, "%s:%zu: [%s] %s: %s", origin, line, section, key,
                  what);
    else if (origin != NULL)
        error_set(layout->err, POSTURE_ERR_INPUT, "%s: [%s] %s: %s", origin, section, key, what);
    else
        error_set(layout->err, POSTURE_ERR_INPUT, "[%s] %s: %s", section, key, what);
}

bool
areas_parse_where(const char *text, char *field, char *value, size_t size)
{
    field[0] = value[0] = '\0';
    while (isspace((unsigned char)*text))
        text++;
    if (*text == '\0')
        return true;
    const char *equals = strchr(text, '=');
    if (equals == NULL || equals == text)
        return false;
    const char *end = equals;
    while (end > text && isspace((unsigned char)end[-1]))
        end--;
    const char *start = equals + 1;
    while (isspace((unsigned char)*start))
        start++;
    size_t value_length = strlen(start);
    while (value_length > 0 && isspace((unsigned char)start[value_length - 1]))
        value_length--;
    if ((size_t)(end - text) >= size || value_length >= size)
        return false;
    memcpy(field, text, (size_t)(end - text));
    field[end - text] = '\0';
    memcpy(value, start, value_length);
    value[value_length] = '\0';
    return true;
}

bool
areas_parse_dash(const char *text, double dash_pt[2])
{
    dash_pt[0] = dash_pt[1] = 0;
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '\0')
        return true;
    for (int i = 0; i < 2; i++) {
        char *end;
        dash_pt[i] = strtod(p, &end);
        if (end == p || !isfinite(dash_pt[i]) || dash_pt[i] < 0)
            return false;
        p = end;
        while (isspace((unsigned char)*p) || *p == ',')
            p++;
    }
    return *p == '\0' && dash_pt[0] + dash_pt[1] > 0;
}

/* Collects open lines on the page for one feature: pieces inside the frame, simplified. */
struct line_sink {
    struct geometry_builder *out;
    double tolerance_pt;
};

static void
emit_piece(void *context, const double *xy, size_t count)
{
    struct line_sink *sink = context;
    double *copy = xmalloc(2 * count * sizeof *copy);
    memcpy(copy, xy, 2 * count * sizeof *copy);
    size_t kept = simplify_line(copy, count, sink->tolerance_pt);
    for (size_t i = 0; kept >= 2 && i < kept; i++) {
        struct page_xy p = {copy[2 * i], copy[2 * i + 1]};
        if (i == 0)
            geometry_builder_move_to(sink->out, p);
        else
            geometry_builder_line_to(sink->out, p);
    }
    free(copy);
}

/* One line part from lon/lat onto the page, split where the projection cannot show it. */
static void
add_line(struct layout *layout, struct point_buffer *points, struct line_sink *sink)
{
    projection_forward(layout->projection, points->xy, points->count);
    const struct viewport *v = &layout->viewport;
    const double outside = 3;
    struct clip_box frame = {v->frame.x0 - outside, v->frame.y0 - outside, v->frame.x1 + outside,
                             v->frame.y1 + outside};
    size_t start = 0;
    for (size_t i = 0; i <= points->count; i++) {
        if (i < points->count && points->xy[2 * i] != HUGE_VAL)
            continue;
        if (i - start >= 2) {
            viewport_to_page_array(v, points->xy + 2 * start, i - start);
            clip_line_to_box(points->xy + 2 * start, i - start, frame, emit_piece, sink);
        }
        start = i + 1;
    }
}

/* A feature's rings or lines on the page, in *out (reset first); its visible area in pt^2. */
static void
project_feature(struct layout *layout, const struct map_layer *layer, const struct country *feature,
                struct ring_work *w, double *area_pt2)
{
    geometry_builder_reset(&w->shape);
    *area_pt2 = 0;
    struct point_buffer points;
    point_buffer_init(&points);
    struct line_sink sink = {&w->shape, layout_number(layout, "map", "simplify_pt")};
    for (size_t r = 0; r < feature->ring_count; r++) {
        size_t start = feature->ring_starts[r];
        size_t end =
            r + 1 < feature->ring_count ? feature->ring_starts[r + 1] : feature->point_count;
        points.count = 0;
        for (size_t i = start; i < end; i++)
            point_buffer_push(&points, feature->xy[2 * i], feature->xy[2 * i + 1]);
        if (layer->crs != NULL)
            source_crs_to_lonlat(layer->crs, points.xy, points.count);
        if (layer->features->is_lines)
            add_line(layout, &points, &sink);
        else
            basemap_add_ring(layout, w, points.xy, points.count, area_pt2);
    }
    point_buffer_fini(&points);
}

static bool
is_inside(const struct scene_geometry *g, struct page_xy p)
{
    bool inside = false;
    for (size_t s = 0; s < g->subpath_count; s++) {
        size_t start = g->subpath_starts[s];
        size_t end = s + 1 < g->subpath_count ? g->subpath_starts[s + 1] : g->point_count;
        for (size_t i = start, j = end - 1; i < end; j = i++) {
            struct page_xy a = g->points[i], b = g->points[j];
            if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
                inside = !inside;
        }
    }
    return inside;
}

static bool
is_seen_at(const struct layout *layout, const struct scene_geometry *clip, struct page_xy p)
{
    const struct page_box f = layout->viewport.frame;
    return p.x >= f.x0 && p.x <= f.x1 && p.y >= f.y0 && p.y <= f.y1 && is_inside(clip, p);
}

/* Whether any of g shows inside the frame and the clip: a clipped area may well lie wholly
 * outside its country (the sea, the neighbour), and then wants no legend row. Polygons are
 * sampled on a 32 x 32 grid over their box, lines at their points and midpoints. */
static bool
is_visible(const struct layout *layout, const struct scene_geometry *g,
           const struct scene_geometry *clip)
{
    if (!g->is_closed) {
        for (size_t i = 0; i < g->point_count; i++) {
            struct page_xy p = g->points[i];
            struct page_xy q = i + 1 < g->point_count ? g->points[i + 1] : p;
            struct page_xy mid = {(p.x + q.x) / 2, (p.y + q.y) / 2};
            if (is_seen_at(layout, clip, p) || is_seen_at(layout, clip, mid))
                return true;
        }
        return false;
    }
    struct page_box box = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; i < g->point_count; i++) {
        struct page_box p = {g->points[i].x, g->points[i].y, g->points[i].x, g->points[i].y};
        box = page_box_union(box, p);
    }
    enum { STEPS = 32 };
    for (int i = 0; i < STEPS; i++) {
        for (int j = 0; j < STEPS; j++) {
            struct page_xy p = {box.x0 + (box.x1 - box.x0) * (i + 0.5) / STEPS,
                                box.y0 + (box.y1 - box.y0) * (j + 0.5) / STEPS};
            if (is_inside(g, p) && is_seen_at(layout, clip, p))
                return true;
        }
    }
    return false;
}

/* The clip of a layer: its clip_to country's shape, the frame without one; NULL when that
 * country is not on the map (nothing of the layer shows). *under gets the country's fill. */
static const struct scene_geometry *
layer_clip(struct layout *layout, const struct basemap *basemap, const char *section,
           struct rgba *under)
{
    *under = rgba_make(0, 0, 0, 0);
    const char *code = areas_layer_string(layout, section, "clip_to");
    if (code[0] == '\0')
        return layout->frame_clip;
    const struct country_shape *shape = basemap_find_shape(basemap, code);
    if (shape == NULL)
        return NULL;
    if (shape->group < basemap->group_count)
        *under = basemap->groups[shape->group].fill;
    struct scene_geometry g = basemap_shape_geometry(shape);
    return scene_keep_geometry(layout->scene, &g);
}

static void
add_entry(struct area_set *areas, const struct area_entry *entry)
{
    for (size_t i = 0; i < areas->entry_count; i++) {
        const struct rgba *a = &areas->entries[i].hatch, *b = &entry->hatch;
        if (strcmp(areas->entries[i].text, entry->text) == 0 && a->r == b->r && a->g == b->g &&
            a->b == b->b && a->a == b->a)
            return;
    }
    if (areas->entry_count < MAX_AREA_ENTRIES)
        areas->entries[areas->entry_count++] = *entry;
}

static void
read_dash(struct layout *layout, const char *section, double dash_pt[2])
{
    const char *text = areas_layer_string(layout, section, "dash");
    if (!areas_parse_dash(text, dash_pt)) {
        fail_key(layout, section, "dash", "not two lengths in points (\"3, 2\") or empty");
        return;
    }
    double scale = layout_size_scale(layout);
    dash_pt[0] *= scale;
    dash_pt[1] *= scale;
}

/* What a layer's features are painted with, from its section. */
static struct scene_paint
layer_paint(struct layout *layout, const char *section, bool is_lines)
{
    struct scene_paint paint;
    memset(&paint, 0, sizeof paint);
    paint.stroke = layer_colour(layout, section, "line");
    paint.stroke_width_pt = layer_number(layout, section, "line_width_pt");
    read_dash(layout, section, paint.dash_pt);
    paint.join = JOIN_ROUND;
    paint.cap = is_lines ? CAP_ROUND : CAP_BUTT;
    if (is_lines)
        return paint;
    paint.fill = layer_colour(layout, section, "fill");
    paint.hatch = layer_colour(layout, section, "hatch");
    paint.pattern = paint.hatch.a > 0 ? PATTERN_HATCH : PATTERN_SOLID;
    paint.hatch_spacing_pt = layer_number(layout, section, "hatch_spacing_pt");
    paint.hatch_width_pt = layer_number(layout, section, "hatch_width_pt");
    paint.hatch_angle_deg = layer_number(layout, section, "hatch_angle_deg");
    paint.is_even_odd = true;
    if (paint.hatch.a > 0 && !(paint.hatch_spacing_pt >= 1))
        fail_key(layout, section, "hatch_spacing_pt", "must be 1 or more");
    return paint;
}

/* The middle of the longest piece of a line, or the pole of a polygon; false if too small. */
static bool
label_spot(const struct scene_geometry *g, bool is_lines, struct page_xy *at)
{
    double best = 0;
    for (size_t s = 0; s < g->subpath_count; s++) {
        size_t start = g->subpath_starts[s];
        size_t end = s + 1 < g->subpath_count ? g->subpath_starts[s + 1] : g->point_count;
        double length = 0;
        for (size_t i = start + 1; i < end; i++)
            length +=
                hypot(g->points[i].x - g->points[i - 1].x, g->points[i].y - g->points[i - 1].y);
        if (length <= best)
            continue;
        best = length;
        *at = g->points[start + (end - start) / 2];
    }
    if (is_lines)
        return best > 40;
    double x, y;
    double depth = polylabel_find((const double *)g->points, g->point_count, g->subpath_starts,
                                  g->subpath_count, 1.0, &x, &y);
    *at = (struct page_xy){x, y};
    return depth > 6;
}

static void
queue_feature_label(struct layout *layout, const char *section, const char *text,
                    const struct scene_geometry *g, bool is_lines)
{
    struct page_xy at;
    if (text[0] == '\0' || g->subpath_count == 0 || !label_spot(g, is_lines, &at) ||
        !viewport_contains(&layout->viewport, at))
        return;
    struct label_request r;
    memset(&r, 0, sizeof r);
    r.kind = LABEL_AREA;
    r.lines[0] = text;
    /* A layer without its own label keys labels like the places. */
    bool has_style = style_get(layout->style, section, "label_size_pt") != NULL;
    r.styles[0] =
        layout_text_style(layout, has_style ? section : "places", has_style ? "label_" : "");
    r.line_count = 1;
    r.priority = 0.001; /* below every country name: dropped first */
    r.spots[r.spot_count++] = at;
    labels_add(layout->labels, &r);
}

static void
draw_layer(struct layout *layout, const struct basemap *basemap, const struct map_layer *layer,
           struct area_set *areas, struct ring_work *w)
{
    const char *section = layer->section;
    bool is_lines = layer->features->is_lines;
    const char *order = areas_layer_string(layout, section, "order");
    if (order[0] == '\0')
        order = is_lines ? "under" : "over";
    if (strcmp(order, "under") != 0 && strcmp(order, "over") != 0) {
        char what[160];
        (void)snprintf(what, sizeof what, "\"%.100s\" is not under or over", order);
        fail_key(layout, section, "order", what);
        return;
    }
    struct scene_paint paint = layer_paint(layout, section, is_lines);
    struct rgba under;
    const struct scene_geometry *clip = layer_clip(layout, basemap, section, &under);
    if (clip == NULL || layout_failed(layout))
        return;
    enum scene_layer scene_layer = strcmp(order, "under") == 0 ? LAYER_FEATURES : LAYER_AREAS;
    char group[96];
    (void)snprintf(group, sizeof group, "layer-%s", section + strlen("layer."));
    bool is_drawn = false;
    for (size_t f = 0; f < layer->features->count; f++) {
        const struct country *feature = &layer->features->countries[f];
        double area;
        project_feature(layout, layer, feature, w, &area);
        struct scene_geometry g = geometry_builder_view(&w->shape, !is_lines);
        if (g.subpath_count == 0 || !is_visible(layout, &g, clip))
            continue;
        struct scene_item *item = scene_add_path(layout->scene, scene_layer, NULL, &g, &paint);
        item->clip = clip;
        scene_set_group(layout->scene, item, group);
        queue_feature_label(layout, section, feature->name, &g, is_lines);
        is_drawn = true;
    }
    const char *legend = areas_layer_string(layout, section, "legend");
    if (!is_drawn || legend[0] == '\0')
        return;
    struct area_entry entry = {
        .kind = is_lines                         ? AREA_ENTRY_LINE
                : paint.pattern == PATTERN_HATCH ? AREA_ENTRY_HATCH
                                                 : AREA_ENTRY_FILL,
        .text = legend,
        .fill = paint.fill.a > 0 ? paint.fill : under,
        .hatch = paint.hatch,
        .stroke = paint.stroke,
        .hatch_angle_deg = paint.hatch_angle_deg,
        .stroke_width_pt = paint.stroke_width_pt,
        .dash_pt = {paint.dash_pt[0], paint.dash_pt[1]},
    };
    add_entry(areas, &entry);
}

void
areas_draw_layers(struct layout *layout, const struct basemap *basemap, struct area_set *areas)
{
    struct ring_work w;
    ring_work_init(&w);
    for (size_t i = 0; i < areas->layer_count && !layout_failed(layout); i++) {
        const struct map_layer *layer = &areas->layers[i];
        if (layer->features != NULL && areas_layer_is_shown(layout, layer->section))
            draw_layer(layout, basemap, layer, areas, &w);
    }
    ring_work_fini(&w);
}

static bool
names_match(const char *a, const char *b)
{
    char *folded_a = utf8_fold(a), *folded_b = utf8_fold(b);
    bool is_equal = strcmp(folded_a, folded_b) == 0;
    free(folded_a);
    free(folded_b);
    return is_equal;
}

/* Where an area row's name was found. */
struct area_match {
    const struct map_layer *layer;       /* a layer's feature, or NULL */
    const struct country *feature;       /* on the map, or NULL if only off it */
    const struct country_shape *country; /* a country on the map */
    bool is_known;                       /* found at all, perhaps off the map */
};

static void
find_in_layers(const struct area_set *areas, const char *name, struct area_match *match)
{
    for (size_t l = 0; l < areas->layer_count && match->feature == NULL; l++) {
        const struct map_layer *layer = &areas->layers[l];
        if (layer->features == NULL)
            continue;
        for (size_t f = 0; f < layer->features->count; f++) {
            if (names_match(layer->features->countries[f].code, name)) {
                match->layer = layer;
                match->feature = &layer->features->countries[f];
                match->is_known = true;
                return;
            }
        }
        for (size_t c = 0; c < layer->features->code_count; c++)
            match->is_known = match->is_known || names_match(layer->features->codes[c], name);
    }
}

static void
find_country(const struct basemap *basemap, const struct country_set *countries, const char *name,
             struct area_match *match)
{
    for (size_t i = 0; i < basemap->shape_count; i++) {
        const struct country_shape *shape = &basemap->shapes[i];
        if (strcmp(shape->country->code, name) == 0 || names_match(shape->country->name, name)) {
            match->country = shape;
            match->is_known = true;
            return;
        }
    }
    match->is_known = match->is_known || countries_has_code(countries, name) ||
                      countries_has_name(countries, name);
}

struct suggestion {
    const char *name;
    size_t distance;
};

static void
consider(struct suggestion best[3], const char *candidate, const char *folded_query)
{
    if (candidate[0] == '\0')
        return;
    char *folded = utf8_fold(candidate);
    size_t distance = utf8_edit_distance(folded, folded_query);
    free(folded);
    size_t limit = strlen(folded_query) / 3 + 2;
    if (distance > limit)
        return;
    for (size_t i = 0; i < 3; i++) {
        if (best[i].name != NULL && strcmp(best[i].name, candidate) == 0)
            return;
    }
    for (size_t i = 0; i < 3; i++) {
        if (best[i].name == NULL || distance < best[i].distance) {
            for (size_t k = 2; k > i; k--)
                best[k] = best[k - 1];
            best[i] = (struct suggestion){candidate, distance};
            return;
        }
    }
}

/* "t.csv:9: unknown area "X"; did you mean "Y"?" among layer features and countries. */
static void
report_unknown_area(struct layout *layout, const struct basemap *basemap,
                    const struct area_set *areas, const struct deployment_table *table,
                    const struct deployment *row)
{
    struct suggestion best[3] = {{NULL, 0}, {NULL, 0}, {NULL, 0}};
    char *query = utf8_fold(row->to.name);
    for (size_t l = 0; l < areas->layer_count; l++) {
        const struct country_set *set = areas->layers[l].features;
        for (size_t c = 0; set != NULL && c < set->code_count; c++)
            consider(best, set->codes[c], query);
    }
    for (size_t i = 0; i < basemap->shape_count; i++)
        consider(best, basemap->shapes[i].country->name, query);
    free(query);
    struct strbuf text;
    strbuf_init(&text);
    strbuf_printf(&text, "%s:%zu: unknown area \"%s\" (not a feature of a [layer.*] nor a country)",
                  table->path, row->line, row->to.name);
    for (size_t i = 0; i < 3 && best[i].name != NULL; i++)
        strbuf_printf(&text, "%s\"%s\"", i == 0 ? "; did you mean " : ", ", best[i].name);
    if (best[0].name != NULL)
        strbuf_puts(&text, "?");
    if (layout->problem != NULL)
        layout->problem(layout->problem_context, text.bytes);
    else
        error_set(layout->err, POSTURE_ERR_INPUT, "%s", text.bytes);
    strbuf_fini(&text);
}

/* The hatch of an area row: [areas] sizes, the side's colour. */
static struct scene_paint
area_paint(struct layout *layout, const struct map_side *side)
{
    struct scene_paint paint;
    memset(&paint, 0, sizeof paint);
    paint.pattern = PATTERN_HATCH;
    paint.hatch = side->colour;
    paint.hatch.a *= layout_number(layout, "areas", "hatch_opacity");
    paint.hatch_spacing_pt = layout_number(layout, "areas", "hatch_spacing_pt");
    paint.hatch_width_pt = layout_number(layout, "areas", "hatch_width_pt");
    paint.hatch_angle_deg = layout_number(layout, "areas", "hatch_angle_deg");
    paint.stroke = side->colour;
    paint.stroke_width_pt = layout_number(layout, "areas", "line_width_pt");
    read_dash(layout, "areas", paint.dash_pt);
    paint.join = JOIN_ROUND;
    paint.is_even_odd = true;
    if (!(paint.hatch_spacing_pt >= 1))
        fail_key(layout, "areas", "hatch_spacing_pt", "must be 1 or more");
    return paint;
}

/* Draws one row's match; false if nothing of it is on the map. */
static bool
draw_match(struct layout *layout, const struct basemap *basemap, const struct area_match *match,
           const char *id, struct scene_paint *paint, struct rgba *under, struct ring_work *w)
{
    if (match->country != NULL) {
        struct scene_geometry g = basemap_shape_geometry(match->country);
        *under = match->country->group < basemap->group_count
                     ? basemap->groups[match->country->group].fill
                     : rgba_make(0, 0, 0, 0);
        paint->stroke.a = 0; /* the country's border is drawn already */
        struct scene_item *item = scene_add_path(layout->scene, LAYER_AREAS, id, &g, paint);
        item->clip = layout->frame_clip;
        return true;
    }
    if (match->feature == NULL)
        return false;
    const struct scene_geometry *clip = layer_clip(layout, basemap, match->layer->section, under);
    if (clip == NULL)
        return false;
    double area;
    project_feature(layout, match->layer, match->feature, w, &area);
    bool is_lines = match->layer->features->is_lines;
    struct scene_geometry g = geometry_builder_view(&w->shape, !is_lines);
    if (g.subpath_count == 0 || !is_visible(layout, &g, clip))
        return false;
    if (is_lines)
        paint->pattern = PATTERN_NONE;
    struct scene_item *item = scene_add_path(layout->scene, LAYER_AREAS, id, &g, paint);
    item->clip = clip;
    return true;
}

static void
draw_row(struct layout *layout, const struct basemap *basemap, const struct country_set *countries,
         const struct deployment_table *table, const struct deployment *row, struct side_set *sides,
         struct area_set *areas, struct ring_work *w)
{
    struct map_side *side = sides_find(layout, sides, table, row);
    if (side == NULL)
        return;
    struct area_match match;
    memset(&match, 0, sizeof match);
    find_in_layers(areas, row->to.name, &match);
    if (match.feature == NULL)
        find_country(basemap, countries, row->to.name, &match);
    if (!match.is_known) {
        report_unknown_area(layout, basemap, areas, table, row);
        return;
    }
    struct scene_paint paint = area_paint(layout, side);
    char id[96];
    (void)snprintf(id, sizeof id, "area-%s", row->id[0] ? row->id : "row");
    struct rgba under = rgba_make(0, 0, 0, 0);
    if (layout_failed(layout))
        return;
    if (!draw_match(layout, basemap, &match, id, &paint, &under, w)) {
        layout_warn(layout, "%s:%zu: area \"%s\" lies outside the map", table->path, row->line,
                    row->to.name);
        return;
    }
    struct area_entry entry = {
        .kind = AREA_ENTRY_HATCH,
        .text = row->label[0] ? row->label : side->label,
        .fill = under,
        .hatch = paint.hatch,
        .stroke = paint.stroke,
        .hatch_angle_deg = paint.hatch_angle_deg,
    };
    add_entry(areas, &entry);
}

void
areas_draw_rows(struct layout *layout, const struct basemap *basemap,
                const struct country_set *countries, const struct deployment_table *table,
                struct side_set *sides, struct area_set *areas)
{
    struct ring_work w;
    ring_work_init(&w);
    for (size_t i = 0; i < table->row_count && !layout_failed(layout); i++) {
        const struct deployment *row = &table->rows[i];
        if (row->kind == DEPLOYMENT_AREA)
            draw_row(layout, basemap, countries, table, row, sides, areas, &w);
    }
    ring_work_fini(&w);
}

size_t
areas_count_legend_rows(const struct deployment_table *table)
{
    size_t count = 0;
    for (size_t i = 0; i < table->row_count; i++) {
        const struct deployment *row = &table->rows[i];
        if (row->kind != DEPLOYMENT_AREA)
            continue;
        bool is_new = true;
        for (size_t k = 0; k < i && is_new; k++) {
            const struct deployment *other = &table->rows[k];
            is_new = other->kind != DEPLOYMENT_AREA || strcmp(other->label, row->label) != 0 ||
                     strcmp(other->side, row->side) != 0;
        }
        count += is_new;
    }
    return count;
}
