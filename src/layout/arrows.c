#include "layout/arrows.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "geo/clip.h"
#include "geo/geodesic.h"
#include "layout/labels.h"

enum { PATH_SAMPLES = 96 };

double
arrows_width_pt(struct layout *layout, double troops)
{
    double per_1000 = layout_number(layout, "arrows", "width_pt_per_1000");
    double w = per_1000 * troops / 1000;
    double lo = layout_number(layout, "arrows", "min_width_pt");
    double hi = layout_number(layout, "arrows", "max_width_pt");
    return w < lo ? lo : (w > hi ? hi : w);
}

struct last_piece {
    struct point_buffer points;
};

static void
keep_last_piece(void *context, const double *xy, size_t count)
{
    struct last_piece *piece = context;
    piece->points.count = 0;
    for (size_t i = 0; i < count; i++)
        point_buffer_push(&piece->points, xy[2 * i], xy[2 * i + 1]);
}

/* Cuts `length` off the start (from_start) or end of a polyline. */
static void
trim(struct point_buffer *line, double length, bool from_start)
{
    if (line->count < 2 || length <= 0)
        return;
    size_t n = line->count;
    double remaining = length;
    for (size_t k = 0; k + 1 < n; k++) {
        size_t a = from_start ? k : n - 1 - k;
        size_t b = from_start ? k + 1 : n - 2 - k;
        double dx = line->xy[2 * b] - line->xy[2 * a],
               dy = line->xy[2 * b + 1] - line->xy[2 * a + 1];
        double d = sqrt(dx * dx + dy * dy);
        if (d >= remaining) {
            double t = remaining / d;
            double x = line->xy[2 * a] + t * dx, y = line->xy[2 * a + 1] + t * dy;
            /* Drop the points before b, put the cut point in their place. */
            if (from_start) {
                size_t keep = n - b;
                memmove(line->xy + 2, line->xy + 2 * b, keep * 2 * sizeof *line->xy);
                line->xy[0] = x;
                line->xy[1] = y;
                line->count = keep + 1;
            } else {
                line->count = b + 2;
                line->xy[2 * (b + 1)] = x;
                line->xy[2 * (b + 1) + 1] = y;
            }
            return;
        }
        remaining -= d;
    }
    line->count = 0; /* shorter than what is to be cut */
}

static double
line_length(const struct point_buffer *line)
{
    double sum = 0;
    for (size_t i = 0; i + 1 < line->count; i++)
        sum +=
            hypot(line->xy[2 * i + 2] - line->xy[2 * i], line->xy[2 * i + 3] - line->xy[2 * i + 1]);
    return sum;
}

static void
add_line(struct layout *layout, const char *id, const struct point_buffer *line,
         const struct scene_paint *paint)
{
    struct geometry_builder b;
    geometry_builder_init(&b);
    for (size_t i = 0; i < line->count; i++) {
        struct page_xy p = {line->xy[2 * i], line->xy[2 * i + 1]};
        if (i == 0)
            geometry_builder_move_to(&b, p);
        else
            geometry_builder_line_to(&b, p);
    }
    struct scene_geometry g = geometry_builder_view(&b, false);
    struct scene_item *item = scene_add_path(layout->scene, LAYER_MOVEMENTS, id, &g, paint);
    item->clip = layout->frame_clip;
    geometry_builder_fini(&b);
}

static void
add_head(struct layout *layout, const char *id, struct page_xy tip, double ux, double uy,
         double length, double half_width, const struct scene_paint *paint)
{
    struct page_xy pts[3] = {
        tip,
        {tip.x - ux * length - uy * half_width, tip.y - uy * length + ux * half_width},
        {tip.x - ux * length + uy * half_width, tip.y - uy * length - ux * half_width},
    };
    size_t starts[1] = {0};
    struct scene_geometry g = {pts, 3, starts, 1, true, 0};
    struct scene_item *item = scene_add_path(layout->scene, LAYER_MOVEMENTS, id, &g, paint);
    item->clip = layout->frame_clip;
}

/* A path bowed sideways by `bow` of its chord, as a sine bump, so arrows read as movements
 * rather than borders; applied only when both ends are on the page. */
static void
apply_bow(struct point_buffer *line, double bow)
{
    if (line->count < 3 || bow == 0)
        return;
    double ax = line->xy[0], ay = line->xy[1];
    double bx = line->xy[2 * (line->count - 1)], by = line->xy[2 * (line->count - 1) + 1];
    double dx = bx - ax, dy = by - ay;
    double chord = sqrt(dx * dx + dy * dy);
    if (chord <= 0)
        return;
    double nx = -dy / chord, ny = dx / chord;
    for (size_t i = 1; i + 1 < line->count; i++) {
        double t = (double)i / (double)(line->count - 1);
        double offset = sin(3.14159265358979323846 * t) * bow * chord;
        line->xy[2 * i] += nx * offset;
        line->xy[2 * i + 1] += ny * offset;
    }
}

/* The body of a tapered arrow: a polygon around the line, from a point at its origin to
 * `width` where it meets the head. */
static void
build_taper(const struct point_buffer *body, double width, struct geometry_builder *out)
{
    size_t n = body->count;
    double total = line_length(body);
    double *along = xmalloc(n * sizeof *along);
    along[0] = 0;
    for (size_t i = 1; i < n; i++)
        along[i] = along[i - 1] + hypot(body->xy[2 * i] - body->xy[2 * i - 2],
                                        body->xy[2 * i + 1] - body->xy[2 * i - 1]);
    struct page_xy *left = xmalloc(n * sizeof *left), *right = xmalloc(n * sizeof *right);
    for (size_t i = 0; i < n; i++) {
        size_t a = i > 0 ? i - 1 : 0, b = i + 1 < n ? i + 1 : n - 1;
        double dx = body->xy[2 * b] - body->xy[2 * a],
               dy = body->xy[2 * b + 1] - body->xy[2 * a + 1];
        double d = hypot(dx, dy);
        double nx = d > 0 ? -dy / d : 0, ny = d > 0 ? dx / d : 0;
        double half = (0.15 + 0.85 * (total > 0 ? along[i] / total : 1)) * width / 2;
        left[i] = (struct page_xy){body->xy[2 * i] + nx * half, body->xy[2 * i + 1] + ny * half};
        right[i] = (struct page_xy){body->xy[2 * i] - nx * half, body->xy[2 * i + 1] - ny * half};
    }
    for (size_t i = 0; i < n; i++) {
        if (i == 0)
            geometry_builder_move_to(out, left[i]);
        else
            geometry_builder_line_to(out, left[i]);
    }
    for (size_t i = n; i-- > 0;)
        geometry_builder_line_to(out, right[i]);
    free(along);
    free(left);
    free(right);
}

static void
add_tapered_body(struct layout *layout, const char *rid, const struct point_buffer *body,
                 double width, const struct scene_paint *casing, struct rgba colour)
{
    struct geometry_builder b;
    geometry_builder_init(&b);
    build_taper(body, width, &b);
    struct scene_geometry g = geometry_builder_view(&b, true);
    char id[96];
    struct scene_paint outline = *casing;
    outline.stroke_width_pt = casing->stroke_width_pt - width;
    outline.pattern = PATTERN_SOLID;
    outline.fill = casing->stroke;
    (void)snprintf(id, sizeof id, "movement-%s-casing", rid);
    struct scene_item *item = scene_add_path(layout->scene, LAYER_MOVEMENTS, id, &g, &outline);
    item->clip = layout->frame_clip;
    struct scene_paint fill;
    memset(&fill, 0, sizeof fill);
    fill.pattern = PATTERN_SOLID;
    fill.fill = colour;
    (void)snprintf(id, sizeof id, "movement-%s", rid);
    item = scene_add_path(layout->scene, LAYER_MOVEMENTS, id, &g, &fill);
    item->clip = layout->frame_clip;
    geometry_builder_fini(&b);
}

/* Where origins were named so far: an origin is named once where it is on the map, and once
 * for arrows from off the map that enter near each other (a "from Fort Bragg" at each of two
 * arrows a few centimetres apart says it twice); arrows entering far apart are each named. */
struct named_origins {
    const char **names; /* borrowed from the table */
    struct page_xy *at;
    size_t count, capacity, at_capacity;
};

static bool
is_named_near(const struct layout *layout, const struct named_origins *named, const char *name,
              struct page_xy at)
{
    const struct page_box f = layout->viewport.frame;
    double w = f.x1 - f.x0, h = f.y1 - f.y0;
    double near = 0.3 * (w < h ? w : h);
    for (size_t i = 0; i < named->count; i++) {
        double dx = named->at[i].x - at.x, dy = named->at[i].y - at.y;
        if (strcmp(named->names[i], name) == 0 && dx * dx + dy * dy <= near * near)
            return true;
    }
    return false;
}

/* The origin: a dot and its name when it is on the map, else "from ..." where the arrow
 * enters (origin NULL). */
static void
draw_origin(struct layout *layout, const struct deployment *row, const struct page_xy *origin,
            struct page_xy entry, struct rgba outline, struct rgba colour,
            struct named_origins *named)
{
    const char *rid = row->id[0] ? row->id : "row";
    char id[96];
    if (origin != NULL) {
        struct scene_paint dot;
        memset(&dot, 0, sizeof dot);
        dot.pattern = PATTERN_SOLID;
        dot.fill = colour;
        dot.stroke = outline;
        dot.stroke_width_pt = 1.5;
        double r = layout_number(layout, "arrows", "origin_radius_pt");
        (void)snprintf(id, sizeof id, "origin-%s", rid);
        scene_add_circle(layout->scene, LAYER_MOVEMENTS, id, *origin, r, &dot);
        labels_add_circle_obstacle(layout->labels, *origin, r + 1);
    }
    struct page_xy at = origin != NULL ? *origin : entry;
    if (row->from.name[0] == '\0' || is_named_near(layout, named, row->from.name, at))
        return;
    char text[300];
    (void)snprintf(text, sizeof text, origin != NULL ? "%s" : "from %s",
                   layout_display_name(layout, NULL, row->from.name));
    (void)snprintf(id, sizeof id, "origin-label-%s", rid);
    symbols_queue_label(layout, id, text, origin != NULL ? *origin : entry, origin != NULL ? 4 : 6,
                        0.9 + row->troops / 1e3);
    xgrow(&named->names, &named->capacity, named->count + 1, sizeof *named->names);
    xgrow(&named->at, &named->at_capacity, named->count + 1, sizeof *named->at);
    named->names[named->count] = row->from.name;
    named->at[named->count++] = at;
}

static void
draw_one(struct layout *layout, const struct deployment_table *table, const struct deployment *row,
         struct map_side *side, double fan_bow, struct named_origins *named)
{
    struct lonlat samples[PATH_SAMPLES];
    geodesic_path(row->from.at, row->to.at, PATH_SAMPLES, samples);
    struct point_buffer path;
    point_buffer_init(&path);
    for (size_t i = 0; i < PATH_SAMPLES; i++) {
        struct page_xy p = viewport_project(&layout->viewport, layout->projection, samples[i]);
        if (p.x != HUGE_VAL)
            point_buffer_push(&path, p.x, p.y);
    }
    struct page_xy origin = viewport_project(&layout->viewport, layout->projection, row->from.at);
    struct page_xy destination =
        viewport_project(&layout->viewport, layout->projection, row->to.at);
    bool origin_inside = origin.x != HUGE_VAL && viewport_contains(&layout->viewport, origin);
    /* Bowed when both ends are on the map; fanned apart when several share their ends. */
    apply_bow(&path, (origin_inside ? layout_number(layout, "arrows", "bow") : 0) + fan_bow);
    const struct page_box f = layout->viewport.frame;
    struct clip_box box = {f.x0, f.y0, f.x1, f.y1};
    struct last_piece piece;
    point_buffer_init(&piece.points);
    clip_line_to_box(path.xy, path.count, box, keep_last_piece, &piece);
    point_buffer_fini(&path);
    struct point_buffer *line = &piece.points;
    if (line->count < 2) {
        layout_warn(layout, "%s:%zu: the movement does not cross the map", table->path, row->line);
        point_buffer_fini(&piece.points);
        return;
    }
    double width = arrows_width_pt(layout, row->troops);
    double k = layout_size_scale(layout); /* the constants below are for a 1600 pt page */
    double head_length = fmax(width * 2.4, 11 * k);
    double head_half = fmax(width * 1.5, 6 * k);
    double destination_gap = symbols_radius_for(layout, row->troops) + 2.5 * k;
    double origin_gap =
        origin_inside ? layout_number(layout, "arrows", "origin_radius_pt") + 2 * k : 0;
    trim(line, destination_gap, false);
    trim(line, origin_gap, true);
    if (line->count < 2 || line_length(line) < head_length * 1.5) {
        layout_warn(layout, "%s:%zu: the movement is too short to draw at this scale", table->path,
                    row->line);
        point_buffer_fini(&piece.points);
        return;
    }
    size_t n = line->count;
    struct page_xy tip = {line->xy[2 * (n - 1)], line->xy[2 * (n - 1) + 1]};
    /* The head points along the path's last head_length, not its last tiny segment. */
    struct point_buffer body = {0};
    point_buffer_init(&body);
    for (size_t i = 0; i < n; i++)
        point_buffer_push(&body, line->xy[2 * i], line->xy[2 * i + 1]);
    trim(&body, head_length * 0.9, false);
    struct page_xy base = {body.xy[2 * (body.count - 1)], body.xy[2 * (body.count - 1) + 1]};
    double ux = tip.x - base.x, uy = tip.y - base.y;
    double ul = sqrt(ux * ux + uy * uy);
    ux /= ul;
    uy /= ul;

    char id[96];
    const char *rid = row->id[0] ? row->id : "row";
    struct scene_paint casing;
    memset(&casing, 0, sizeof casing);
    casing.stroke = layout_colour(layout, "arrows", "casing");
    casing.stroke_width_pt = width + 2 * layout_number(layout, "arrows", "casing_width_pt");
    casing.cap = CAP_ROUND;
    casing.join = JOIN_ROUND;
    bool is_tapered = strcmp(layout_string(layout, "arrows", "shape"), "taper") == 0;
    if (is_tapered) {
        add_tapered_body(layout, rid, &body, width, &casing, side->colour);
    } else {
        (void)snprintf(id, sizeof id, "movement-%s-casing", rid);
        add_line(layout, id, &body, &casing);
    }
    struct scene_paint head_casing = casing;
    head_casing.stroke_width_pt = 2 * layout_number(layout, "arrows", "casing_width_pt");
    head_casing.pattern = PATTERN_SOLID;
    head_casing.fill = casing.stroke;
    add_head(layout, NULL, tip, ux, uy, head_length, head_half, &head_casing);

    if (!is_tapered) {
        struct scene_paint stroke;
        memset(&stroke, 0, sizeof stroke);
        stroke.stroke = side->colour;
        stroke.stroke_width_pt = width;
        stroke.cap = CAP_BUTT;
        stroke.join = JOIN_ROUND;
        (void)snprintf(id, sizeof id, "movement-%s", rid);
        add_line(layout, id, &body, &stroke);
    }
    struct scene_paint head;
    memset(&head, 0, sizeof head);
    head.pattern = PATTERN_SOLID;
    head.fill = side->colour;
    (void)snprintf(id, sizeof id, "movement-%s-head", rid);
    add_head(layout, id, tip, ux, uy, head_length, head_half, &head);

    side->has_movements = true;
    struct page_xy *points = (struct page_xy *)line->xy;
    labels_add_line_obstacle(layout->labels, points, line->count, width / 2 + 2 * k);

    struct page_xy entry = {line->xy[0], line->xy[1]};
    draw_origin(layout, row, origin_inside ? &origin : NULL, entry, casing.stroke, side->colour,
                named);
    (void)destination;
    point_buffer_fini(&body);
    point_buffer_fini(&piece.points);
}

static bool
same_place(struct lonlat a, struct lonlat b)
{
    return fabs(a.lon_deg - b.lon_deg) < 0.05 && fabs(a.lat_deg - b.lat_deg) < 0.05;
}

/* Movements that share both ends would lie on one line: each gets its own sideways bow,
 * spread evenly either side of the shared path. */
static double
fan_bow(struct layout *layout, const struct deployment_table *table, size_t index)
{
    const struct deployment *row = &table->rows[index];
    size_t count = 0, rank = 0;
    for (size_t k = 0; k < table->row_count; k++) {
        const struct deployment *other = &table->rows[k];
        if (other->kind != DEPLOYMENT_MOVEMENT || !same_place(other->from.at, row->from.at) ||
            !same_place(other->to.at, row->to.at))
            continue;
        if (k < index)
            rank++;
        count++;
    }
    return ((double)rank - (double)(count - 1) / 2) * layout_number(layout, "arrows", "fan");
}

void
arrows_draw(struct layout *layout, const struct deployment_table *table, struct side_set *sides)
{
    struct named_origins named = {0};
    for (size_t i = 0; i < table->row_count && !layout_failed(layout); i++) {
        const struct deployment *row = &table->rows[i];
        if (row->kind != DEPLOYMENT_MOVEMENT)
            continue;
        struct map_side *side = sides_find(layout, sides, table, row);
        if (side == NULL)
            break;
        draw_one(layout, table, row, side, fan_bow(layout, table, i), &named);
    }
    free(named.names);
    free(named.at);
}
