#include "layout/viewport.h"

#include <math.h>

#include "core/error.h"

enum { OUTLINE_STEPS = 64 };
/* Points of a sampled outline: four edges of OUTLINE_STEPS. */
static const size_t OUTLINE_POINTS = 4 * (size_t)OUTLINE_STEPS;

static void
sample_box_outline(struct lonlat_box box, double *xy)
{
    /* 4 edges of OUTLINE_STEPS points each, so curved parallels and meridians are followed. */
    for (size_t i = 0; i < OUTLINE_STEPS; i++) {
        double t = (double)i / OUTLINE_STEPS;
        double lon = box.lon0_deg + t * (box.lon1_deg - box.lon0_deg);
        double lat = box.lat0_deg + t * (box.lat1_deg - box.lat0_deg);
        double *p = xy + 8 * i;
        p[0] = lon, p[1] = box.lat0_deg;
        p[2] = box.lon1_deg, p[3] = lat;
        p[4] = box.lon1_deg - (lon - box.lon0_deg), p[5] = box.lat1_deg;
        p[6] = box.lon0_deg, p[7] = box.lat1_deg - (lat - box.lat0_deg);
    }
}

static void
find_visible_box(struct viewport *viewport, const struct projection *projection)
{
    /* Inverse-project the frame's outline; its lon/lat bounds, widened a little, hold all that
     * the frame shows unless a pole is in view. */
    double xy[8 * OUTLINE_STEPS];
    struct page_box f = viewport->frame;
    for (size_t i = 0; i < OUTLINE_STEPS; i++) {
        double t = (double)i / OUTLINE_STEPS;
        double px[4] = {f.x0 + t * (f.x1 - f.x0), f.x1, f.x1 - t * (f.x1 - f.x0), f.x0};
        double py[4] = {f.y0, f.y0 + t * (f.y1 - f.y0), f.y1, f.y1 - t * (f.y1 - f.y0)};
        for (size_t k = 0; k < 4; k++) {
            xy[8 * i + 2 * k] =
                viewport->centre.x_m + (px[k] - (f.x0 + f.x1) / 2) / viewport->points_per_metre;
            xy[8 * i + 2 * k + 1] =
                viewport->centre.y_m - (py[k] - (f.y0 + f.y1) / 2) / viewport->points_per_metre;
        }
    }
    size_t failed = projection_inverse(projection, xy, OUTLINE_POINTS);
    struct lonlat_box box = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; i < OUTLINE_POINTS; i++) {
        if (xy[2 * i] == HUGE_VAL)
            continue;
        box.lon0_deg = xy[2 * i] < box.lon0_deg ? xy[2 * i] : box.lon0_deg;
        box.lon1_deg = xy[2 * i] > box.lon1_deg ? xy[2 * i] : box.lon1_deg;
        box.lat0_deg = xy[2 * i + 1] < box.lat0_deg ? xy[2 * i + 1] : box.lat0_deg;
        box.lat1_deg = xy[2 * i + 1] > box.lat1_deg ? xy[2 * i + 1] : box.lat1_deg;
    }
    viewport->is_visible_known = failed == 0 && box.lon1_deg - box.lon0_deg < 270;
    for (int pole = -1; pole <= 1; pole += 2) {
        struct lonlat at = {0, 90.0 * pole};
        struct page_xy p = viewport_project(viewport, projection, at);
        if (viewport_contains(viewport, p))
            viewport->is_visible_known = false;
    }
    if (viewport->is_visible_known) {
        double margin_lon = 0.05 * (box.lon1_deg - box.lon0_deg) + 1;
        double margin_lat = 0.05 * (box.lat1_deg - box.lat0_deg) + 1;
        box.lon0_deg -= margin_lon;
        box.lon1_deg += margin_lon;
        box.lat0_deg = fmax(-90, box.lat0_deg - margin_lat);
        box.lat1_deg = fmin(90, box.lat1_deg + margin_lat);
        viewport->visible = box;
    } else {
        struct lonlat_box world = {-180, -90, 180, 90};
        viewport->visible = world;
    }
}

enum posture_status
viewport_fit(struct viewport *viewport, const struct projection *projection,
             struct lonlat_box extent, struct page_box frame, struct posture_error *err)
{
    if (!(extent.lon1_deg > extent.lon0_deg) || !(extent.lat1_deg > extent.lat0_deg) ||
        extent.lat0_deg < -90 || extent.lat1_deg > 90)
        return error_set(err, POSTURE_ERR_INPUT, "extent %g,%g,%g,%g is empty or outside the globe",
                         extent.lon0_deg, extent.lat0_deg, extent.lon1_deg, extent.lat1_deg);
    double xy[8 * OUTLINE_STEPS];
    sample_box_outline(extent, xy);
    projection_forward(projection, xy, OUTLINE_POINTS);
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < OUTLINE_POINTS; i++) {
        if (xy[2 * i] == HUGE_VAL)
            continue;
        x0 = xy[2 * i] < x0 ? xy[2 * i] : x0;
        x1 = xy[2 * i] > x1 ? xy[2 * i] : x1;
        y0 = xy[2 * i + 1] < y0 ? xy[2 * i + 1] : y0;
        y1 = xy[2 * i + 1] > y1 ? xy[2 * i + 1] : y1;
    }
    double frame_w = frame.x1 - frame.x0, frame_h = frame.y1 - frame.y0;
    if (!(x1 > x0) || !(y1 > y0) || frame_w <= 0 || frame_h <= 0)
        return error_set(err, POSTURE_ERR_INPUT,
                         "extent %g,%g,%g,%g cannot be shown in this projection", extent.lon0_deg,
                         extent.lat0_deg, extent.lon1_deg, extent.lat1_deg);
    viewport->frame = frame;
    viewport->points_per_metre = fmin(frame_w / (x1 - x0), frame_h / (y1 - y0));
    viewport->centre.x_m = (x0 + x1) / 2;
    viewport->centre.y_m = (y0 + y1) / 2;
    find_visible_box(viewport, projection);
    return POSTURE_OK;
}

struct page_xy
viewport_to_page(const struct viewport *viewport, struct map_xy at)
{
    struct page_xy p = {
        (viewport->frame.x0 + viewport->frame.x1) / 2 +
            (at.x_m - viewport->centre.x_m) * viewport->points_per_metre,
        (viewport->frame.y0 + viewport->frame.y1) / 2 -
            (at.y_m - viewport->centre.y_m) * viewport->points_per_metre,
    };
    return p;
}

void
viewport_to_page_array(const struct viewport *viewport, double *xy, size_t point_count)
{
    double cx = (viewport->frame.x0 + viewport->frame.x1) / 2;
    double cy = (viewport->frame.y0 + viewport->frame.y1) / 2;
    double s = viewport->points_per_metre;
    for (size_t i = 0; i < point_count; i++) {
        if (xy[2 * i] == HUGE_VAL)
            continue;
        xy[2 * i] = cx + (xy[2 * i] - viewport->centre.x_m) * s;
        xy[2 * i + 1] = cy - (xy[2 * i + 1] - viewport->centre.y_m) * s;
    }
}

struct page_xy
viewport_project(const struct viewport *viewport, const struct projection *projection,
                 struct lonlat at)
{
    struct map_xy m = projection_forward_point(projection, at);
    if (m.x_m == HUGE_VAL) {
        struct page_xy none = {HUGE_VAL, HUGE_VAL};
        return none;
    }
    return viewport_to_page(viewport, m);
}

bool
viewport_contains(const struct viewport *viewport, struct page_xy at)
{
    return at.x >= viewport->frame.x0 && at.x <= viewport->frame.x1 && at.y >= viewport->frame.y0 &&
           at.y <= viewport->frame.y1;
}
