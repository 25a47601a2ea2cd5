#include "layout/inset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "geo/clip.h"
#include "geo/simplify.h"
#include "layout/labels.h"

enum { CIRCLE_STEPS = 96, FOOTPRINT_STEPS = 32 };

struct inset {
    struct projection *projection;
    char definition[160];  /* of the projection */
    struct page_xy centre; /* of the globe on the page */
    double radius_pt;
    double points_per_metre;
    struct lonlat centre_lonlat; /* the projection's centre */
    double radius_deg;           /* of arc, centre to rim */
};

static struct page_xy
inset_point(const struct inset *inset, double x_m, double y_m)
{
    struct page_xy p = {inset->centre.x + x_m * inset->points_per_metre,
                        inset->centre.y - y_m * inset->points_per_metre};
    return p;
}

/* The globe's rim as CIRCLE_STEPS points: the outline drawn and the window land is cut to. */
static void
circle_points(struct page_xy centre, double radius, double xy[2 * CIRCLE_STEPS])
{
    for (size_t i = 0; i < CIRCLE_STEPS; i++) {
        double a = 2 * 3.14159265358979323846 * (double)i / CIRCLE_STEPS;
        xy[2 * i] = centre.x + radius * cos(a);
        xy[2 * i + 1] = centre.y + radius * sin(a);
    }
}

static void
add_circle_outline(struct geometry_builder *b, struct page_xy centre, double radius)
{
    double xy[2 * CIRCLE_STEPS];
    circle_points(centre, radius, xy);
    for (size_t i = 0; i < CIRCLE_STEPS; i++) {
        struct page_xy p = {xy[2 * i], xy[2 * i + 1]};
        if (i == 0)
            geometry_builder_move_to(b, p);
        else
            geometry_builder_line_to(b, p);
    }
}

struct inset_cache {
    char definition[160];
    double points_per_metre, radius_pt;
    const struct country_set *countries; /* borrowed: the session's, which outlives the cache */
    /* Rings in points about the globe's centre (y down), simplified to INSET_DETAIL_PT, cut
     * to the globe's polygon, points behind the globe gone. */
    struct point_buffer land;
    size_t *ring_starts;
    size_t ring_count, ring_capacity;
};

/* The globe shows some 80 km a point: land is simplified to this much of a point. */
static const double INSET_DETAIL_PT = 0.4;

struct inset_cache *
inset_cache_create(void)
{
    struct inset_cache *cache = xcalloc(1, sizeof *cache);
    point_buffer_init(&cache->land);
    return cache;
}

void
inset_cache_destroy(struct inset_cache *cache)
{
    if (cache == NULL)
        return;
    point_buffer_fini(&cache->land);
    free(cache->ring_starts);
    free(cache);
}

/* Keeps the ring in ring->xy (globe points) if it reaches into the globe's box, cut to the
 * globe's polygon where it reaches beyond the polygon's inscribed circle. Land is cut here
 * rather than by a clip path when drawn (a cairo clip of that shape cost three times the fill
 * itself), and once for a batch. */
static void
keep_ring(struct inset_cache *cache, const struct point_buffer *ring, double r,
          struct point_buffer *clipped)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, far2 = 0;
    for (size_t i = 0; i < ring->count; i++) {
        double x = ring->xy[2 * i], y = ring->xy[2 * i + 1];
        x0 = fmin(x0, x);
        x1 = fmax(x1, x);
        y0 = fmin(y0, y);
        y1 = fmax(y1, y);
        far2 = fmax(far2, x * x + y * y);
    }
    if (ring->count < 3 || x1 < -r || x0 > r || y1 < -r || y0 > r)
        return;
    const double *xy = ring->xy;
    size_t count = ring->count;
    double inscribed = r * cos(3.14159265358979323846 / CIRCLE_STEPS);
    if (far2 > inscribed * inscribed) {
        double window[2 * CIRCLE_STEPS];
        circle_points((struct page_xy){0, 0}, r, window);
        clip_ring_to_convex(xy, count, window, CIRCLE_STEPS, clipped);
        xy = clipped->xy;
        count = clipped->count;
        if (count < 3)
            return;
    }
    xgrow(&cache->ring_starts, &cache->ring_capacity, cache->ring_count + 1,
          sizeof *cache->ring_starts);
    cache->ring_starts[cache->ring_count++] = cache->land.count;
    for (size_t i = 0; i < count; i++)
        point_buffer_push(&cache->land, xy[2 * i], xy[2 * i + 1]);
}

/* Whether a lon/lat ring lies wholly beyond the globe's rim, judged on its box: no point of it
 * is nearer the centre than the box's nearest latitude, nor than the great circle of its nearest
 * meridian (sin d >= cos(lat0) sin(dlon)). Conservative: a ring this keeps may still be off the
 * globe, never the other way. Half the world's rings go before being thinned and projected. */
static bool
is_beyond_rim(const struct inset *inset, const double *xy, size_t count)
{
    double lon0 = INFINITY, lon1 = -INFINITY, lat0 = INFINITY, lat1 = -INFINITY;
    for (size_t i = 0; i < count; i++) {
        double lon = xy[2 * i], lat = xy[2 * i + 1];
        lon0 = lon < lon0 ? lon : lon0;
        lon1 = lon > lon1 ? lon : lon1;
        lat0 = lat < lat0 ? lat : lat0;
        lat1 = lat > lat1 ? lat : lat1;
    }
    const double margin_deg = 2;
    double reach = inset->radius_deg + margin_deg;
    if (reach >= 90)
        return false;
    struct lonlat c = inset->centre_lonlat;
    if (lat0 > c.lat_deg + reach || lat1 < c.lat_deg - reach)
        return true;
    /* The longitude of the box nearest the centre's, east or west, across the antimeridian. */
    double nearest_dlon = 0;
    if (lon1 - lon0 < 360) {
        double west = fmod(fmod(lon0 - c.lon_deg, 360) + 360, 360);
        double east = fmod(fmod(c.lon_deg - lon1, 360) + 360, 360);
        bool holds_centre = west + (lon1 - lon0) >= 360 || east + (lon1 - lon0) >= 360;
        nearest_dlon = holds_centre ? 0 : fmin(west, east);
    }
    const double rad = 3.14159265358979323846 / 180;
    double sine = cos(c.lat_deg * rad) * fabs(sin(nearest_dlon * rad));
    return nearest_dlon > 0 && sine > sin(reach * rad);
}

/* Drops every point nearer than step to the last one kept (the ring's last point stays): a
 * linear pass before Douglas-Peucker, which then sees a fraction of the world's points. */
static size_t
thin_radially(double *xy, size_t count, double step)
{
    if (count < 3)
        return count;
    size_t kept = 1;
    for (size_t i = 1; i + 1 < count; i++) {
        double dx = xy[2 * i] - xy[2 * (kept - 1)], dy = xy[2 * i + 1] - xy[2 * (kept - 1) + 1];
        if (dx * dx + dy * dy < step * step)
            continue;
        xy[2 * kept] = xy[2 * i];
        xy[2 * kept + 1] = xy[2 * i + 1];
        kept++;
    }
    xy[2 * kept] = xy[2 * (count - 1)];
    xy[2 * kept + 1] = xy[2 * (count - 1) + 1];
    return kept + 1;
}

/* The world's rings on the globe: thinned in lon/lat first (projecting every vertex of the
 * world was a sixth of a render), projected, scaled to points and simplified. A globe depends
 * on its centre and size only, so a batch makes it once. */
static void
project_land(struct inset_cache *cache, const struct inset *inset,
             const struct country_set *countries, struct source_crs *crs)
{
    cache->land.count = 0;
    cache->ring_count = 0;
    double decimate_deg = 0.25 / (inset->points_per_metre * 111000.0);
    struct point_buffer ring, clipped;
    point_buffer_init(&ring);
    point_buffer_init(&clipped);
    for (size_t c = 0; c < countries->count; c++) {
        const struct country *country = &countries->countries[c];
        for (size_t k = 0; k < country->ring_count; k++) {
            size_t start = country->ring_starts[k];
            size_t end =
                k + 1 < country->ring_count ? country->ring_starts[k + 1] : country->point_count;
            ring.count = 0;
            for (size_t i = start; i < end; i++)
                point_buffer_push(&ring, country->xy[2 * i], country->xy[2 * i + 1]);
            if (crs != NULL)
                source_crs_to_lonlat(crs, ring.xy, ring.count);
            if (is_beyond_rim(inset, ring.xy, ring.count))
                continue;
            ring.count = thin_radially(ring.xy, ring.count, decimate_deg);
            ring.count = simplify_line(ring.xy, ring.count, decimate_deg);
            if (ring.count < 3)
                continue;
            projection_forward(inset->projection, ring.xy, ring.count);
            size_t kept = 0;
            for (size_t i = 0; i < ring.count; i++) {
                if (ring.xy[2 * i] == HUGE_VAL)
                    continue;
                ring.xy[2 * kept] = ring.xy[2 * i] * inset->points_per_metre;
                ring.xy[2 * kept + 1] = -ring.xy[2 * i + 1] * inset->points_per_metre;
                kept++;
            }
            ring.count = simplify_line(ring.xy, kept, INSET_DETAIL_PT);
            keep_ring(cache, &ring, inset->radius_pt, &clipped);
        }
    }
    point_buffer_fini(&clipped);
    point_buffer_fini(&ring);
}

static void
add_land(struct layout *layout, const struct inset *inset, const struct country_set *countries,
         struct source_crs *crs, struct inset_cache *cache)
{
    if (cache->countries != countries || cache->points_per_metre != inset->points_per_metre ||
        cache->radius_pt != inset->radius_pt || strcmp(cache->definition, inset->definition) != 0) {
        project_land(cache, inset, countries, crs);
        cache->countries = countries;
        cache->points_per_metre = inset->points_per_metre;
        cache->radius_pt = inset->radius_pt;
        (void)snprintf(cache->definition, sizeof cache->definition, "%s", inset->definition);
    }
    struct geometry_builder land;
    geometry_builder_init(&land);
    for (size_t k = 0; k < cache->ring_count; k++) {
        size_t start = cache->ring_starts[k];
        size_t end = k + 1 < cache->ring_count ? cache->ring_starts[k + 1] : cache->land.count;
        const double *xy = cache->land.xy;
        for (size_t i = start; i < end; i++) {
            struct page_xy p = {inset->centre.x + xy[2 * i], inset->centre.y + xy[2 * i + 1]};
            if (i == start)
                geometry_builder_move_to(&land, p);
            else
                geometry_builder_line_to(&land, p);
        }
    }
    struct scene_paint paint;
    memset(&paint, 0, sizeof paint);
    paint.pattern = PATTERN_SOLID;
    paint.fill = layout_colour(layout, "inset", "land");
    paint.stroke = layout_colour(layout, "inset", "border");
    paint.stroke_width_pt = 0.3;
    paint.is_coarse_antialias = true;
    struct scene_geometry g = geometry_builder_view(&land, true);
    if (g.point_count > 0)
        scene_add_path(layout->scene, LAYER_LEGEND, "inset-land", &g, &paint);
    geometry_builder_fini(&land);
}

/* The main frame's outline, through lon/lat, onto the globe. */
static void
add_footprint(struct layout *layout, const struct inset *inset, const struct scene_geometry *globe)
{
    const struct viewport *v = &layout->viewport;
    struct page_box f = v->frame;
    double xy[8 * FOOTPRINT_STEPS];
    for (int i = 0; i < FOOTPRINT_STEPS; i++) {
        double t = (double)i / FOOTPRINT_STEPS;
        double px[4] = {f.x0 + t * (f.x1 - f.x0), f.x1, f.x1 - t * (f.x1 - f.x0), f.x0};
        double py[4] = {f.y0, f.y0 + t * (f.y1 - f.y0), f.y1, f.y1 - t * (f.y1 - f.y0)};
        for (int k = 0; k < 4; k++) {
            xy[8 * i + 2 * k] = v->centre.x_m + (px[k] - (f.x0 + f.x1) / 2) / v->points_per_metre;
            xy[8 * i + 2 * k + 1] =
                v->centre.y_m - (py[k] - (f.y0 + f.y1) / 2) / v->points_per_metre;
        }
    }
    /* The 4 edges were sampled side by side; put them in order round the frame. */
    double ordered[8 * FOOTPRINT_STEPS];
    size_t n = 0;
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < FOOTPRINT_STEPS; i++, n++) {
            ordered[2 * n] = xy[8 * i + 2 * k];
            ordered[2 * n + 1] = xy[8 * i + 2 * k + 1];
        }
    projection_inverse(layout->projection, ordered, n);
    projection_forward(inset->projection, ordered, n);
    struct geometry_builder outline;
    geometry_builder_init(&outline);
    for (size_t i = 0; i < n; i++) {
        if (ordered[2 * i] == HUGE_VAL)
            continue;
        struct page_xy p = inset_point(inset, ordered[2 * i], ordered[2 * i + 1]);
        if (outline.point_count == 0)
            geometry_builder_move_to(&outline, p);
        else
            geometry_builder_line_to(&outline, p);
    }
    struct scene_paint paint;
    memset(&paint, 0, sizeof paint);
    paint.stroke = layout_colour(layout, "inset", "footprint");
    paint.stroke_width_pt = 1.4;
    paint.join = JOIN_ROUND;
    struct scene_geometry g = geometry_builder_view(&outline, true);
    if (g.point_count >= 3) {
        struct scene_item *item =
            scene_add_path(layout->scene, LAYER_LEGEND, "inset-footprint", &g, &paint);
        item->clip = globe;
    }
    geometry_builder_fini(&outline);
}

static struct page_box
choose_place(struct layout *layout, double size)
{
    const struct page_box f = layout->viewport.frame;
    double inset = layout_number(layout, "legend", "inset_pt");
    const char *corner = layout_string(layout, "inset", "corner");
    struct page_box corners[4] = {
        {f.x0 + inset, f.y1 - inset - size, f.x0 + inset + size, f.y1 - inset},
        {f.x1 - inset - size, f.y1 - inset - size, f.x1 - inset, f.y1 - inset},
        {f.x0 + inset, f.y0 + inset, f.x0 + inset + size, f.y0 + inset + size},
        {f.x1 - inset - size, f.y0 + inset, f.x1 - inset, f.y0 + inset + size},
    };
    static const char *const names[4] = {"bottom-left", "bottom-right", "top-left", "top-right"};
    size_t chosen = 0;
    double best = INFINITY;
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(corner, "auto") != 0) {
            if (strcmp(corner, names[i]) == 0)
                chosen = i;
            continue;
        }
        double cost = labels_obstacle_cost(layout->labels, corners[i], best);
        if (cost < best) {
            best = cost;
            chosen = i;
        }
    }
    return corners[chosen];
}

void
inset_draw(struct layout *layout, const struct country_set *countries, struct source_crs *crs,
           struct inset_cache *cache)
{
    if (!layout_bool(layout, "inset", "show") || layout_failed(layout))
        return;
    const struct viewport *v = &layout->viewport;
    double xy[2] = {v->centre.x_m, v->centre.y_m};
    projection_inverse(layout->projection, xy, 1);
    if (xy[0] == HUGE_VAL)
        return;
    /* Centred to a quarter of a degree, some 25 km on a globe a few thousand km across: maps of
     * a batch that differ in extent a little share one globe. */
    struct inset inset;
    inset.centre_lonlat = (struct lonlat){round(xy[0] * 4) / 4, round(xy[1] * 4) / 4};
    (void)snprintf(inset.definition, sizeof inset.definition,
                   "+proj=laea +lat_0=%.2f +lon_0=%.2f +ellps=WGS84", inset.centre_lonlat.lat_deg,
                   inset.centre_lonlat.lon_deg);
    inset.projection = projection_create(inset.definition, "[inset]", layout->err);
    if (inset.projection == NULL)
        return;
    double size = layout_number(layout, "inset", "size_pt");
    /* A globe that would take more than a quarter of a small frame's side is left out. */
    const struct page_box fr = layout->viewport.frame;
    if (size > 0.25 * fmin(fr.x1 - fr.x0, fr.y1 - fr.y0)) {
        projection_destroy(inset.projection);
        return;
    }
    double radius_km = layout_number(layout, "inset", "radius_km");
    struct page_box place = choose_place(layout, size);
    inset.radius_pt = size / 2;
    inset.centre = (struct page_xy){(place.x0 + place.x1) / 2, (place.y0 + place.y1) / 2};
    inset.points_per_metre = inset.radius_pt / (radius_km * 1000);
    inset.radius_deg = radius_km / 111.195;

    struct geometry_builder circle;
    geometry_builder_init(&circle);
    add_circle_outline(&circle, inset.centre, inset.radius_pt);
    struct scene_geometry circle_view = geometry_builder_view(&circle, true);
    const struct scene_geometry *globe = scene_keep_geometry(layout->scene, &circle_view);
    struct scene_paint sea;
    memset(&sea, 0, sizeof sea);
    sea.pattern = PATTERN_SOLID;
    sea.fill = layout_colour(layout, "inset", "sea");
    scene_add_path(layout->scene, LAYER_LEGEND, "inset", globe, &sea);
    struct inset_cache *own = cache == NULL ? inset_cache_create() : NULL;
    add_land(layout, &inset, countries, crs, cache != NULL ? cache : own);
    inset_cache_destroy(own);
    add_footprint(layout, &inset, globe);
    struct scene_paint rim;
    memset(&rim, 0, sizeof rim);
    rim.stroke = layout_colour(layout, "inset", "rim");
    rim.stroke_width_pt = 1;
    scene_add_path(layout->scene, LAYER_LEGEND, "inset-rim", globe, &rim);
    labels_add_circle_obstacle(layout->labels, inset.centre, inset.radius_pt + 3);
    labels_add_box_obstacle(layout->labels, place);
    geometry_builder_fini(&circle);
    projection_destroy(inset.projection);
}
