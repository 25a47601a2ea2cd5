#include "layout/basemap.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/utf8.h"
#include "geo/clip.h"
#include "geo/polylabel.h"
#include "geo/simplify.h"
#include "geo/topology.h"
#include "layout/labels.h"

enum { MAX_GROUPS = 32 };

static bool
list_contains(const char *list, const char *code)
{
    size_t n = strlen(code);
    const char *p = list;
    while (*p) {
        while (*p && (isspace((unsigned char)*p) || *p == ','))
            p++;
        const char *start = p;
        while (*p && !isspace((unsigned char)*p) && *p != ',')
            p++;
        if ((size_t)(p - start) == n && strncmp(start, code, n) == 0)
            return true;
    }
    return false;
}

/* A member code the shapefile does not have is most likely a typo: say so. */
static void
warn_unknown_members(struct layout *layout, const char *section, const char *members,
                     const struct country_set *countries)
{
    char buffer[1024];
    (void)snprintf(buffer, sizeof buffer, "%s", members);
    char *save = NULL;
    for (char *code = strtok_r(buffer, " ,\t", &save); code != NULL;
         code = strtok_r(NULL, " ,\t", &save))
        if (!countries_has_code(countries, code))
            layout_warn(layout, "[%s] members: %s has no country \"%s\"", section, countries->path,
                        code);
}

static void
read_groups(struct layout *layout, struct basemap *basemap, const struct country_set *countries)
{
    const char *names[MAX_GROUPS];
    size_t count = style_sections(layout->style, "group.", names, MAX_GROUPS);
    basemap->groups = xcalloc(count ? count : 1, sizeof *basemap->groups);
    for (size_t i = 0; i < count; i++) {
        struct map_group *g = &basemap->groups[i];
        g->section = names[i];
        g->label = layout_string(layout, names[i], "label");
        g->fill = layout_colour(layout, names[i], "fill");
        const char *members = layout_string(layout, names[i], "members");
        g->is_default = strcmp(members, "*") == 0;
        /* Only a house style's own lists: the default's name countries a user's regional
         * shapefile may well lack. */
        if (!g->is_default && !style_is_default(layout->style, names[i], "members"))
            warn_unknown_members(layout, names[i], members, countries);
    }
    basemap->group_count = count;
}

static size_t
group_of(struct layout *layout, const struct basemap *basemap, const char *code)
{
    size_t fallback = basemap->group_count;
    for (size_t i = 0; i < basemap->group_count; i++) {
        if (basemap->groups[i].is_default) {
            if (fallback == basemap->group_count)
                fallback = i;
            continue;
        }
        if (list_contains(layout_string(layout, basemap->groups[i].section, "members"), code))
            return i;
    }
    return fallback;
}

/* Longitudes made continuous may lie a turn away from the page's; move the ring next to it. */
static void
shift_towards(struct point_buffer *ring, struct lonlat_box visible)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < ring->count; i++) {
        lo = ring->xy[2 * i] < lo ? ring->xy[2 * i] : lo;
        hi = ring->xy[2 * i] > hi ? ring->xy[2 * i] : hi;
    }
    double shift = 0;
    if (lo > visible.lon1_deg)
        shift = -360 * ceil((lo - visible.lon1_deg) / 360);
    else if (hi < visible.lon0_deg)
        shift = 360 * ceil((visible.lon0_deg - hi) / 360);
    if (shift != 0)
        for (size_t i = 0; i < ring->count; i++)
            ring->xy[2 * i] += shift;
}

static double
ring_area(const double *xy, size_t count)
{
    double sum = 0;
    for (size_t i = 0, j = count - 1; i < count; j = i++)
        sum += (xy[2 * j] + xy[2 * i]) * (xy[2 * j + 1] - xy[2 * i + 1]);
    return fabs(sum) / 2;
}

void
ring_work_init(struct ring_work *w)
{
    point_buffer_init(&w->unwrapped);
    point_buffer_init(&w->clipped);
    point_buffer_init(&w->page);
    point_buffer_init(&w->simplified);
    geometry_builder_init(&w->shape);
}

void
ring_work_fini(struct ring_work *w)
{
    point_buffer_fini(&w->unwrapped);
    point_buffer_fini(&w->clipped);
    point_buffer_fini(&w->page);
    point_buffer_fini(&w->simplified);
    geometry_builder_fini(&w->shape);
}

/* The ring to draw: w->page simplified, unless that leaves fewer than three corners. A closed
 * ring (its last point its first) all within the tolerance of one chord collapses to that chord
 * or to its first point, and an island of a pixel would vanish; such a ring is small enough to
 * draw as it is. */
static const struct point_buffer *
simplified_ring(struct layout *layout, struct ring_work *w)
{
    double tolerance = layout_number(layout, "map", "simplify_pt");
    w->simplified.count = 0;
    for (size_t i = 0; i < w->page.count; i++)
        point_buffer_push(&w->simplified, w->page.xy[2 * i], w->page.xy[2 * i + 1]);
    w->simplified.count = simplify_line(w->simplified.xy, w->simplified.count, tolerance);
    return w->simplified.count >= 4 ? &w->simplified : &w->page;
}

/* Natural Earth's 1:50m countries give a border's points a little differently in each
 * neighbour (74.89130859375001 and 74.89130859375004 degrees). On a grid of 2^-24 degrees (7 mm)
 * they are one point again, so the border is found shared (topology.h). Adding and taking away
 * 1.5 * 2^52 rounds to a whole number without a call to libm. */
static void
snap_to_grid(struct point_buffer *ring)
{
    const double cells_per_deg = 16777216.0, whole = 6755399441055744.0;
    for (size_t i = 0; i < 2 * ring->count; i++)
        ring->xy[i] = ((ring->xy[i] * cells_per_deg + whole) - whole) / cells_per_deg;
}

/* One lon/lat ring onto the page, unsimplified, into w->page; false if nothing of it shows. */
static bool
page_ring(struct layout *layout, struct ring_work *w, const double *xy, size_t count)
{
    const struct viewport *v = &layout->viewport;
    clip_unwrap_ring(xy, count, &w->unwrapped);
    struct point_buffer *ring = &w->unwrapped;
    if (v->is_visible_known) {
        shift_towards(ring, v->visible);
        struct clip_box box = {v->visible.lon0_deg, v->visible.lat0_deg, v->visible.lon1_deg,
                               v->visible.lat1_deg};
        clip_ring_to_box(ring->xy, ring->count, box, &w->clipped);
        ring = &w->clipped;
    }
    if (ring->count < 3)
        return false;
    snap_to_grid(ring); /* only what the frame can show: a 1:10m map has 470,000 points */
    projection_forward(layout->projection, ring->xy, ring->count);
    /* Points the projection cannot show are dropped; with a known visible box there are none. */
    size_t kept = 0;
    for (size_t i = 0; i < ring->count; i++) {
        if (ring->xy[2 * i] == HUGE_VAL)
            continue;
        ring->xy[2 * kept] = ring->xy[2 * i];
        ring->xy[2 * kept + 1] = ring->xy[2 * i + 1];
        kept++;
    }
    ring->count = kept;
    viewport_to_page_array(v, ring->xy, ring->count);
    const double outside = 3; /* clip beyond the frame so no edge of the clip shows */
    struct clip_box frame = {v->frame.x0 - outside, v->frame.y0 - outside, v->frame.x1 + outside,
                             v->frame.y1 + outside};
    clip_ring_to_box(ring->xy, ring->count, frame, &w->page);
    if (w->page.count < 3)
        return false;
    /* Whether a ring shows is decided before simplifying: the tolerance changes outlines by a
     * fraction of a pixel, never whether an island is drawn. A ring only in the margin kept
     * around the frame shows nothing: no invisible objects. */
    struct page_box ring_box = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; i < w->page.count; i++) {
        struct page_box p = {w->page.xy[2 * i], w->page.xy[2 * i + 1], w->page.xy[2 * i],
                             w->page.xy[2 * i + 1]};
        ring_box = page_box_union(ring_box, p);
    }
    if (!page_box_intersects(ring_box, v->frame))
        return false;
    return ring_area(w->page.xy, w->page.count) >= 0.05; /* a pixel's twentieth: invisible */
}

static void
append_ring(struct geometry_builder *shape, const double *xy, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        struct page_xy p = {xy[2 * i], xy[2 * i + 1]};
        if (i == 0)
            geometry_builder_move_to(shape, p);
        else
            geometry_builder_line_to(shape, p);
    }
}

void
basemap_add_ring(struct layout *layout, struct ring_work *w, const double *xy, size_t count,
                 double *area)
{
    if (!page_ring(layout, w, xy, count))
        return;
    const struct point_buffer *drawn = simplified_ring(layout, w);
    *area += ring_area(drawn->xy, drawn->count);
    append_ring(&w->shape, drawn->xy, drawn->count);
}

/* Every shape's rings simplified, where neighbours share a border alike on both sides (see
 * topology.h). */
static void
simplify_shapes(struct layout *layout, struct basemap *basemap, struct point_buffer *simplified)
{
    double tolerance = layout_number(layout, "map", "simplify_pt");
    size_t point_count = 0;
    for (size_t s = 0; s < basemap->shape_count; s++)
        point_count += basemap->shapes[s].point_count;
    /* Without simplifying (tolerance 0) the rings come out as they are: no topology needed. */
    struct topology *topology = topology_create(tolerance > 0 ? point_count : 0);
    for (size_t s = 0; tolerance > 0 && s < basemap->shape_count; s++) {
        const struct country_shape *shape = &basemap->shapes[s];
        for (size_t r = 0; r < shape->ring_count; r++) {
            size_t start = shape->ring_starts[r];
            size_t end = r + 1 < shape->ring_count ? shape->ring_starts[r + 1] : shape->point_count;
            topology_add_ring(topology, (const double *)(shape->points + start), end - start);
        }
    }
    for (size_t s = 0; s < basemap->shape_count; s++) {
        struct country_shape *shape = &basemap->shapes[s];
        struct geometry_builder drawn;
        geometry_builder_init(&drawn);
        double area = 0;
        for (size_t r = 0; r < shape->ring_count; r++) {
            size_t start = shape->ring_starts[r];
            size_t end = r + 1 < shape->ring_count ? shape->ring_starts[r + 1] : shape->point_count;
            const double *xy = (const double *)(shape->points + start);
            /* As simplified_ring: a ring simplified below three corners is drawn as it is. */
            const double *ring = xy;
            size_t count = end - start;
            if (topology_simplify_ring(topology, xy, count, tolerance, simplified) >= 4) {
                ring = simplified->xy;
                count = simplified->count;
            }
            area += ring_area(ring, count);
            append_ring(&drawn, ring, count);
        }
        free(shape->points);
        free(shape->ring_starts);
        shape->points = drawn.points;
        shape->point_count = drawn.point_count;
        shape->ring_starts = drawn.starts;
        shape->ring_count = drawn.start_count;
        shape->area_pt2 = area;
    }
    topology_destroy(topology);
}

enum posture_status
basemap_build(struct layout *layout, const struct country_set *countries, struct source_crs *crs,
              struct basemap *basemap)
{
    memset(basemap, 0, sizeof *basemap);
    read_groups(layout, basemap, countries);
    if (layout_failed(layout))
        return layout->err->status;
    if (basemap->group_count == 0)
        return error_set(layout->err, POSTURE_ERR_INPUT, "the style defines no [group.*] section");
    basemap->shapes = xcalloc(countries->count ? countries->count : 1, sizeof *basemap->shapes);
    struct ring_work w;
    point_buffer_init(&w.unwrapped);
    point_buffer_init(&w.clipped);
    point_buffer_init(&w.page);
    point_buffer_init(&w.simplified);
    struct point_buffer source;
    point_buffer_init(&source);
    /* Two passes: every ring onto the page, then each simplified knowing its neighbours'. */
    for (size_t c = 0; c < countries->count; c++) {
        const struct country *country = &countries->countries[c];
        geometry_builder_init(&w.shape);
        for (size_t r = 0; r < country->ring_count; r++) {
            size_t start = country->ring_starts[r];
            size_t end =
                r + 1 < country->ring_count ? country->ring_starts[r + 1] : country->point_count;
            const double *xy = country->xy + 2 * start;
            /* A batch loads the whole world: copying and clipping each of its rings to find
             * it empty was a twentieth of every map. */
            if (crs == NULL && country->ring_boxes != NULL && layout->viewport.is_visible_known &&
                !countries_box_may_show(country->ring_boxes + 4 * r, layout->viewport.visible))
                continue;
            if (crs != NULL) {
                source.count = 0;
                for (size_t i = start; i < end; i++)
                    point_buffer_push(&source, country->xy[2 * i], country->xy[2 * i + 1]);
                source_crs_to_lonlat(crs, source.xy, source.count);
                xy = source.xy;
            }
            if (!page_ring(layout, &w, xy, end - start))
                continue;
            append_ring(&w.shape, w.page.xy, w.page.count);
        }
        if (w.shape.start_count == 0) {
            geometry_builder_fini(&w.shape);
            continue;
        }
        struct country_shape *shape = &basemap->shapes[basemap->shape_count++];
        shape->country = country;
        shape->group = group_of(layout, basemap, country->code);
        shape->points = w.shape.points;
        shape->point_count = w.shape.point_count;
        shape->ring_starts = w.shape.starts;
        shape->ring_count = w.shape.start_count;
        if (shape->group < basemap->group_count)
            basemap->groups[shape->group].is_shown = true;
    }
    simplify_shapes(layout, basemap, &w.simplified);
    point_buffer_fini(&source);
    point_buffer_fini(&w.unwrapped);
    point_buffer_fini(&w.clipped);
    point_buffer_fini(&w.page);
    point_buffer_fini(&w.simplified);
    return layout->err->status;
}

struct scene_geometry
basemap_shape_geometry(const struct country_shape *shape)
{
    struct scene_geometry g = {
        shape->points, shape->point_count, shape->ring_starts, shape->ring_count, true, 0};
    return g;
}

static void
append_shape(struct geometry_builder *builder, const struct country_shape *shape)
{
    if (shape == NULL)
        return;
    for (size_t r = 0; r < shape->ring_count; r++) {
        size_t start = shape->ring_starts[r];
        size_t end = r + 1 < shape->ring_count ? shape->ring_starts[r + 1] : shape->point_count;
        for (size_t i = start; i < end; i++) {
            if (i == start)
                geometry_builder_move_to(builder, shape->points[i]);
            else
                geometry_builder_line_to(builder, shape->points[i]);
        }
    }
}

/* Natural Earth cuts Russia, Fiji and Antarctica at 180 degrees: the two sides of the cut are
 * rings of their own, and stroking every outline drew the cut as a border through Chukotka.
 * The seam is the 180th meridian on the page, where the map shows it: SEAM_STEPS points. */
enum { SEAM_STEPS = 181 };

static size_t
antimeridian_on_page(struct layout *layout, double xy[2 * SEAM_STEPS])
{
    const struct viewport *v = &layout->viewport;
    /* Where the frame's lon/lat box is known, the meridian within it; else (the frame wraps or
     * sees a pole) the whole meridian, pole to pole. */
    double lon = 180, lat0 = -90, lat1 = 90;
    if (v->is_visible_known) {
        lon = 180 + 360 * ceil((v->visible.lon0_deg - 180) / 360);
        if (lon > v->visible.lon1_deg)
            return 0;
        lat0 = v->visible.lat0_deg;
        lat1 = v->visible.lat1_deg;
    }
    for (size_t i = 0; i < SEAM_STEPS; i++) {
        xy[2 * i] = lon;
        xy[2 * i + 1] = lat0 + (lat1 - lat0) * (double)i / (SEAM_STEPS - 1);
    }
    projection_forward(layout->projection, xy, SEAM_STEPS);
    size_t kept = 0;
    for (size_t i = 0; i < SEAM_STEPS; i++) {
        if (xy[2 * i] == HUGE_VAL)
            continue;
        xy[2 * kept] = xy[2 * i];
        xy[2 * kept + 1] = xy[2 * i + 1];
        kept++;
    }
    viewport_to_page_array(v, xy, kept);
    return kept >= 2 ? kept : 0;
}

static double
distance_to_polyline(struct page_xy p, const double *xy, size_t count)
{
    double best = INFINITY;
    for (size_t i = 0; i + 1 < count; i++) {
        double ax = xy[2 * i], ay = xy[2 * i + 1];
        double dx = xy[2 * i + 2] - ax, dy = xy[2 * i + 3] - ay;
        double length2 = dx * dx + dy * dy;
        double t = length2 > 0 ? ((p.x - ax) * dx + (p.y - ay) * dy) / length2 : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        double ex = ax + t * dx - p.x, ey = ay + t * dy - p.y;
        best = ex * ex + ey * ey < best ? ex * ex + ey * ey : best;
    }
    return sqrt(best);
}

/* The borders as they are built: each edge once, however many rings have it. */
struct outline_work {
    struct geometry_builder closed; /* rings none of whose edges was drawn before */
    struct geometry_builder open;   /* the other rings' edges not drawn before, as runs */
    struct geometry_builder seam;   /* the same for rings cut at 180 degrees */
    struct edge_set *drawn;
    bool *flags; /* for the ring at hand: whether to skip each edge, then each point's nearness */
    size_t flag_capacity;
    const double *seam_xy; /* the 180th meridian on the page; seam_count 0 if not shown */
    size_t seam_count;
};

/* skip[i]: the edge from point i to point i + 1 (mod n) lies on the seam. Only maps that show
 * the meridian pay for finding out. Returns whether any does. */
static bool
mark_seam_edges(const struct outline_work *o, const struct page_xy *ring, size_t n, bool *skip)
{
    const double near_pt = 0.75;
    if (o->seam_count == 0)
        return false;
    bool any = false;
    bool *is_near = skip + n;
    for (size_t i = 0; i < n; i++)
        is_near[i] = distance_to_polyline(ring[i], o->seam_xy, o->seam_count) <= near_pt;
    for (size_t i = 0; i < n; i++) {
        skip[i] = is_near[i] && is_near[(i + 1) % n];
        any = any || skip[i];
    }
    return any;
}

/* Appends a shape's rings to the borders: a ring none of whose edges were drawn before to
 * `closed`; else the runs of edges between those skipped (drawn before, or along the seam) to
 * `open`, or to `seam` if the ring has edges along the seam. */
static void
append_outline(struct outline_work *o, const struct country_shape *shape)
{
    for (size_t r = 0; r < shape->ring_count; r++) {
        size_t start = shape->ring_starts[r];
        size_t end = r + 1 < shape->ring_count ? shape->ring_starts[r + 1] : shape->point_count;
        size_t n = end - start;
        const struct page_xy *ring = shape->points + start;
        xgrow(&o->flags, &o->flag_capacity, 2 * n, sizeof *o->flags);
        bool *skip = o->flags;
        memset(skip, 0, n * sizeof *skip);
        bool is_at_seam = mark_seam_edges(o, ring, n, skip);
        if (!edge_set_skip_drawn(o->drawn, (const double *)ring, n, skip)) {
            for (size_t i = 0; i < n; i++) {
                if (i == 0)
                    geometry_builder_move_to(&o->closed, ring[i]);
                else
                    geometry_builder_line_to(&o->closed, ring[i]);
            }
            continue;
        }
        struct geometry_builder *open = is_at_seam ? &o->seam : &o->open;
        /* Walk once round from just after a skipped edge: each edge not skipped is drawn, and
         * each skipped edge ends a run. */
        size_t first = 0;
        while (!skip[first])
            first++;
        bool is_drawing = false;
        for (size_t k = 1; k <= n; k++) {
            size_t i = (first + k) % n; /* the edge from point i to point i + 1 */
            if (skip[i]) {
                is_drawing = false;
                continue;
            }
            if (!is_drawing) {
                geometry_builder_move_to(open, ring[i]);
                is_drawing = true;
            }
            geometry_builder_line_to(open, ring[(i + 1) % n]);
        }
    }
}

/* The borders built: one path, the rings then the runs (with round joins and caps a border
 * broken where another ring drew the rest looks as if stroked whole), and the runs of rings cut
 * at 180 degrees. */
static void
add_borders(struct layout *layout, struct outline_work *o, struct scene_paint *border)
{
    size_t ring_count = o->closed.start_count;
    for (size_t s = 0; s < o->open.start_count; s++) {
        size_t end = s + 1 < o->open.start_count ? o->open.starts[s + 1] : o->open.point_count;
        for (size_t i = o->open.starts[s]; i < end; i++) {
            if (i == o->open.starts[s])
                geometry_builder_move_to(&o->closed, o->open.points[i]);
            else
                geometry_builder_line_to(&o->closed, o->open.points[i]);
        }
    }
    struct scene_geometry all = geometry_builder_view(&o->closed, true);
    all.open_subpath_count = all.subpath_count - ring_count;
    if (all.point_count > 0) {
        border->cap = all.open_subpath_count > 0 ? CAP_ROUND : border->cap;
        struct scene_item *item =
            scene_add_path(layout->scene, LAYER_BORDERS, "borders", &all, border);
        item->clip = layout->frame_clip;
    }
    struct scene_geometry cut = geometry_builder_view(&o->seam, false);
    if (cut.point_count > 0) {
        border->cap = CAP_ROUND;
        struct scene_item *item =
            scene_add_path(layout->scene, LAYER_BORDERS, "borders-at-180", &cut, border);
        item->clip = layout->frame_clip;
    }
}

static void
draw_sea_and_countries(struct layout *layout, struct basemap *basemap)
{
    const struct page_box f = layout->viewport.frame;
    struct scene_paint paint;
    memset(&paint, 0, sizeof paint);
    paint.pattern = PATTERN_SOLID;
    paint.fill = layout_colour(layout, "map", "sea");
    scene_add_path(layout->scene, LAYER_BACKGROUND, "sea", layout->frame_clip, &paint);
    (void)f;
    struct scene_paint border;
    memset(&border, 0, sizeof border);
    border.stroke = layout_colour(layout, "countries", "border");
    border.stroke_width_pt = layout_number(layout, "countries", "border_width_pt");
    border.join = JOIN_ROUND;
    border.is_coarse_antialias = true;
    bool has_borders = border.stroke.a >= 0.5 && border.stroke_width_pt >= 0.5;
    /* All outlines are one path stroked once: a stroke per country cost a quarter of a PNG's
     * rendering, and an editor moves borders as one layer anyway. Each edge is stroked once:
     * neighbours' rings share their border, simplified alike (simplify_shapes). */
    struct outline_work o;
    memset(&o, 0, sizeof o);
    geometry_builder_init(&o.closed);
    geometry_builder_init(&o.open);
    geometry_builder_init(&o.seam);
    size_t point_count = 0;
    for (size_t i = 0; i < basemap->shape_count; i++)
        point_count += basemap->shapes[i].point_count;
    o.drawn = edge_set_create(point_count);
    double seam[2 * SEAM_STEPS];
    o.seam_xy = seam;
    o.seam_count = antimeridian_on_page(layout, seam);
    for (size_t i = 0; i < basemap->shape_count; i++) {
        const struct country_shape *shape = &basemap->shapes[i];
        struct scene_geometry g = basemap_shape_geometry(shape);
        char id[64];
        (void)snprintf(id, sizeof id, "country-%s", shape->country->code);
        paint.fill = shape->group < basemap->group_count ? basemap->groups[shape->group].fill
                                                         : rgba_make(0.9, 0.9, 0.9, 1);
        paint.is_even_odd = true;
        paint.is_coarse_antialias = has_borders; /* every edge lies under the borders */
        struct scene_item *item = scene_add_path(layout->scene, LAYER_COUNTRIES, id, &g, &paint);
        item->clip = layout->frame_clip;
        append_outline(&o, shape);
    }
    add_borders(layout, &o, &border);
    edge_set_destroy(o.drawn);
    free(o.flags);
    geometry_builder_fini(&o.closed);
    geometry_builder_fini(&o.open);
    geometry_builder_fini(&o.seam);
}

const struct country_shape *
basemap_find_shape(const struct basemap *basemap, const char *code)
{
    for (size_t i = 0; i < basemap->shape_count; i++)
        if (strcmp(basemap->shapes[i].country->code, code) == 0)
            return &basemap->shapes[i];
    return NULL;
}

/* "lon lat, lon lat, ..." from the style into page points. */
static bool
project_outline(struct layout *layout, const char *text, struct geometry_builder *out)
{
    const char *p = text;
    struct lonlat previous = {0, 0};
    bool has_previous = false;
    while (*p) {
        char *end;
        double lon = strtod(p, &end);
        if (end == p)
            break;
        p = end;
        double lat = strtod(p, &end);
        if (end == p)
            return false;
        p = end;
        while (*p && (isspace((unsigned char)*p) || *p == ',' || *p == ';'))
            p++;
        struct lonlat at = {lon, lat};
        /* Densify so long straight edges follow the projection's curves. */
        int steps = has_previous ? 8 : 1;
        for (int s = 1; s <= steps; s++) {
            double t = (double)s / steps;
            struct lonlat q = has_previous
                                  ? (struct lonlat){previous.lon_deg + t * (lon - previous.lon_deg),
                                                    previous.lat_deg + t * (lat - previous.lat_deg)}
                                  : at;
            struct page_xy xy = viewport_project(&layout->viewport, layout->projection, q);
            if (xy.x == HUGE_VAL)
                return false;
            if (out->start_count == 0)
                geometry_builder_move_to(out, xy);
            else
                geometry_builder_line_to(out, xy);
        }
        previous = at;
        has_previous = true;
    }
    return out->point_count >= 3;
}

static void
draw_crimea(struct layout *layout, struct basemap *basemap)
{
    const char *view = layout_string(layout, "crimea", "point_of_view");
    if (strcmp(view, "none") == 0 || layout_failed(layout))
        return;
    if (strcmp(view, "ukraine") != 0 && strcmp(view, "russia") != 0) {
        error_set(layout->err, POSTURE_ERR_INPUT,
                  "[crimea] point_of_view: \"%s\" is not one of ukraine, russia, none", view);
        return;
    }
    const struct country_shape *ukraine = basemap_find_shape(basemap, "UKR");
    const struct country_shape *russia = basemap_find_shape(basemap, "RUS");
    if (ukraine == NULL && russia == NULL)
        return;
    struct geometry_builder outline, land;
    geometry_builder_init(&outline);
    geometry_builder_init(&land);
    if (!project_outline(layout, layout_string(layout, "crimea", "outline"), &outline)) {
        error_set(layout->err, POSTURE_ERR_INPUT,
                  "[crimea] outline: expected \"lon lat, lon lat, ...\" with 3 points or more");
        goto done;
    }
    struct page_box bounds = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; i < outline.point_count; i++) {
        struct page_box p = {outline.points[i].x, outline.points[i].y, outline.points[i].x,
                             outline.points[i].y};
        bounds = page_box_union(bounds, p);
    }
    if (!page_box_intersects(bounds, layout->viewport.frame))
        goto done; /* nothing to draw, and no legend entry for it */
    append_shape(&land, ukraine);
    append_shape(&land, russia);
    /* As a clip for the hatch the outline must end at the frame like everything else; the
     * dashed boundary keeps the whole outline (it is clipped to land). */
    struct point_buffer framed;
    point_buffer_init(&framed);
    const struct page_box f = layout->viewport.frame;
    struct clip_box frame_box = {f.x0, f.y0, f.x1, f.y1};
    clip_ring_to_box((const double *)outline.points, outline.point_count, frame_box, &framed);
    size_t framed_start = 0;
    struct scene_geometry framed_view = {.points = (struct page_xy *)framed.xy,
                                         .point_count = framed.count,
                                         .subpath_starts = &framed_start,
                                         .subpath_count = framed.count >= 3 ? 1 : 0,
                                         .is_closed = true};
    struct scene_geometry outline_view = geometry_builder_view(&outline, true);
    struct scene_geometry land_view = geometry_builder_view(&land, true);
    land_view.is_closed = true;
    const struct scene_geometry *outline_clip = scene_keep_geometry(layout->scene, &framed_view);
    point_buffer_fini(&framed);
    const struct scene_geometry *land_clip = scene_keep_geometry(layout->scene, &land_view);

    const char *owner = strcmp(view, "ukraine") == 0 ? "UKR" : "RUS";
    const struct country_shape *owner_shape = basemap_find_shape(basemap, owner);
    struct scene_paint paint;
    memset(&paint, 0, sizeof paint);
    paint.pattern = PATTERN_HATCH;
    paint.fill = owner_shape && owner_shape->group < basemap->group_count
                     ? basemap->groups[owner_shape->group].fill
                     : rgba_make(0, 0, 0, 0);
    paint.hatch = layout_colour(layout, "crimea", "hatch");
    paint.hatch_spacing_pt = layout_number(layout, "crimea", "hatch_spacing_pt");
    paint.hatch_width_pt = layout_number(layout, "crimea", "hatch_width_pt");
    paint.hatch_angle_deg = 45;
    paint.is_even_odd = true;
    struct scene_item *item =
        scene_add_path(layout->scene, LAYER_AREAS, "crimea", &land_view, &paint);
    item->clip = outline_clip;

    struct scene_paint line;
    memset(&line, 0, sizeof line);
    line.stroke = layout_colour(layout, "crimea", "line");
    line.stroke_width_pt = layout_number(layout, "crimea", "line_width_pt");
    line.dash_pt[0] = 3;
    line.dash_pt[1] = 2;
    item = scene_add_path(layout->scene, LAYER_AREAS, "crimea-boundary", &outline_view, &line);
    item->clip = land_clip;
    basemap->has_crimea_note = true;
    basemap->crimea = outline_clip;
    basemap->crimea_owner = owner;
    basemap->crimea_fill = paint.fill;
    basemap->crimea_hatch = paint.hatch;
done:
    geometry_builder_fini(&outline);
    geometry_builder_fini(&land);
}

struct fit_context {
    const struct country_shape *shape;
    const struct scene_geometry *excluded; /* a region the label must stay out of, or NULL */
};

static bool
point_inside(const struct page_xy *points, size_t point_count, const size_t *ring_starts,
             size_t ring_count, double px, double py)
{
    bool inside = false;
    for (size_t r = 0; r < ring_count; r++) {
        size_t start = ring_starts[r];
        size_t end = r + 1 < ring_count ? ring_starts[r + 1] : point_count;
        for (size_t i = start, j = end - 1; i < end; j = i++) {
            struct page_xy a = points[i], b = points[j];
            if ((a.y > py) != (b.y > py) && px < (b.x - a.x) * (py - a.y) / (b.y - a.y) + a.x)
                inside = !inside;
        }
    }
    return inside;
}

/* A country name fits where its box's corners and edge midpoints all lie inside the country,
 * and none inside a region shown as another country's (Crimea for Russia's name). */
static bool
label_fits_country(void *context, struct page_box box)
{
    const struct fit_context *fit = context;
    const struct country_shape *shape = fit->shape;
    const struct scene_geometry *ex = fit->excluded;
    double xs[3] = {box.x0, (box.x0 + box.x1) / 2, box.x1};
    double ys[3] = {box.y0, (box.y0 + box.y1) / 2, box.y1};
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            if (!point_inside(shape->points, shape->point_count, shape->ring_starts,
                              shape->ring_count, xs[i], ys[j]))
                return false;
            if (ex != NULL && point_inside(ex->points, ex->point_count, ex->subpath_starts,
                                           ex->subpath_count, xs[i], ys[j]))
                return false;
        }
    }
    return true;
}

/* The pole of inaccessibility on a simplified copy. A label point needs no finer outline, nor a
 * finer answer, than a hundredth of the country's size (1 pt at least), and polylabel's cost
 * grows with every vertex and every cell (Russia has thousands). */
static double
coarse_pole(const struct country_shape *shape, double *x, double *y)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < shape->point_count; i++) {
        struct page_xy p = shape->points[i];
        x0 = p.x < x0 ? p.x : x0;
        x1 = p.x > x1 ? p.x : x1;
        y0 = p.y < y0 ? p.y : y0;
        y1 = p.y > y1 ? p.y : y1;
    }
    double size = x1 - x0 < y1 - y0 ? x1 - x0 : y1 - y0;
    double precision = size / 100 > 1 ? size / 100 : 1;
    double *xy = xmalloc(2 * shape->point_count * sizeof *xy);
    size_t *starts = xmalloc(shape->ring_count * sizeof *starts);
    size_t count = 0, rings = 0;
    for (size_t r = 0; r < shape->ring_count; r++) {
        size_t start = shape->ring_starts[r];
        size_t end = r + 1 < shape->ring_count ? shape->ring_starts[r + 1] : shape->point_count;
        memcpy(xy + 2 * count, shape->points + start, (end - start) * sizeof *shape->points);
        size_t kept = simplify_line(xy + 2 * count, end - start, 1.5 * precision);
        if (kept >= 3) {
            starts[rings++] = count;
            count += kept;
        }
    }
    double depth = polylabel_find(xy, count, starts, rings, precision, x, y);
    free(xy);
    free(starts);
    return depth;
}

static void
queue_country_labels(struct layout *layout, struct basemap *basemap)
{
    struct text_style style = layout_text_style(layout, "countries", "label_");
    basemap->fits = xcalloc(basemap->shape_count ? basemap->shape_count : 1, sizeof *basemap->fits);
    double min_size = layout_number(layout, "countries", "label_min_size_pt");
    bool upper = layout_bool(layout, "countries", "label_uppercase");
    for (size_t i = 0; i < basemap->shape_count; i++) {
        struct country_shape *shape = &basemap->shapes[i];
        if (shape->area_pt2 < 400)
            continue;
        double x, y;
        double depth = coarse_pole(shape, &x, &y);
        if (depth < min_size * 0.6)
            continue;
        char name[256];
        const char *display =
            layout_display_name(layout, shape->country->code, shape->country->name);
        char *raised = upper ? utf8_upper(display) : NULL;
        (void)snprintf(name, sizeof name, "%s", raised != NULL ? raised : display);
        free(raised);
        struct label_request r;
        memset(&r, 0, sizeof r);
        r.id = NULL;
        r.kind = LABEL_AREA;
        r.lines[0] = name;
        r.line_count = 1;
        /* Below every place (0.5) and deployment (>= 1); larger countries first. */
        r.priority = 0.1 * shape->area_pt2 / (shape->area_pt2 + 1e5);
        struct fit_context *fit = &basemap->fits[i];
        fit->shape = shape;
        fit->excluded = basemap->crimea != NULL && basemap->crimea_owner != NULL &&
                                strcmp(shape->country->code, basemap->crimea_owner) != 0
                            ? basemap->crimea
                            : NULL;
        r.fits = label_fits_country;
        r.fits_context = fit;
        /* Spots: the pole of inaccessibility, then around it. */
        r.spots[r.spot_count++] = (struct page_xy){x, y};
        static const double offsets[][2] = {{0, -1},  {0, 1},  {-1, 0}, {1, 0},
                                            {-1, -1}, {1, -1}, {-1, 1}, {1, 1}};
        for (size_t k = 0; k < 8; k++)
            r.spots[r.spot_count++] =
                (struct page_xy){x + offsets[k][0] * depth * 0.5, y + offsets[k][1] * depth * 0.5};
        if (shape->country->has_label_point) {
            struct page_xy lp = viewport_project(&layout->viewport, layout->projection,
                                                 shape->country->label_point);
            if (lp.x != HUGE_VAL && viewport_contains(&layout->viewport, lp))
                r.spots[r.spot_count++] = lp;
        }
        /* Try the full size, then smaller down to the floor, as separate requests would
         * compete; one request per size keeps the first that fits. */
        for (int k = 0; style.size_pt - 1.5 * k >= min_size - 0.01; k++) {
            double size = style.size_pt - 1.5 * k;
            r.styles[0] = style;
            r.styles[0].size_pt = size;
            struct text_extent e = text_measure_line(layout->measure, name, &r.styles[0]);
            if (e.width_pt < 2.2 * depth * 1.8 || size - 1.5 < min_size - 0.01) {
                labels_add(layout->labels, &r);
                break;
            }
        }
    }
}

void
basemap_draw(struct layout *layout, struct basemap *basemap)
{
    draw_sea_and_countries(layout, basemap);
    draw_crimea(layout, basemap);
    queue_country_labels(layout, basemap);
}

void
basemap_fini(struct basemap *basemap)
{
    for (size_t i = 0; i < basemap->shape_count; i++) {
        free(basemap->shapes[i].points);
        free(basemap->shapes[i].ring_starts);
    }
    free(basemap->shapes);
    free(basemap->groups);
    free(basemap->fits);
    memset(basemap, 0, sizeof *basemap);
}
