#include "geo/clip.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/alloc.h"

void
point_buffer_init(struct point_buffer *buffer)
{
    buffer->xy = NULL;
    buffer->count = 0;
    buffer->capacity = 0;
}

void
point_buffer_fini(struct point_buffer *buffer)
{
    free(buffer->xy);
    point_buffer_init(buffer);
}

void
point_buffer_reserve(struct point_buffer *buffer, size_t count)
{
    size_t capacity = buffer->capacity;
    xgrow(&buffer->xy, &capacity, 2 * count, sizeof *buffer->xy);
    buffer->capacity = capacity;
}

void
point_buffer_push(struct point_buffer *buffer, double x, double y)
{
    if (buffer->count + 1 > buffer->capacity / 2) {
        size_t capacity = buffer->capacity;
        xgrow(&buffer->xy, &capacity, 2 * (buffer->count + 1), sizeof *buffer->xy);
        buffer->capacity = capacity;
    }
    buffer->xy[2 * buffer->count] = x;
    buffer->xy[2 * buffer->count + 1] = y;
    buffer->count++;
}

void
clip_unwrap_ring(const double *xy, size_t count, struct point_buffer *out)
{
    out->count = 0;
    if (count == 0)
        return;
    double shift = 0;
    double previous = xy[0];
    point_buffer_push(out, xy[0], xy[1]);
    for (size_t i = 1; i < count; i++) {
        double lon = xy[2 * i];
        double delta = lon - previous;
        if (delta > 180)
            shift -= 360;
        else if (delta < -180)
            shift += 360;
        previous = lon;
        point_buffer_push(out, lon + shift, xy[2 * i + 1]);
    }
    /* The ring's last point usually repeats the first; if unwrapping left them 360 apart the ring
     * encircles a pole: close it along that pole so it covers the polar cap. */
    double first_lon = out->xy[0];
    double last_lon = out->xy[2 * (out->count - 1)];
    if (fabs(last_lon - first_lon) > 180) {
        double mean_lat = 0;
        for (size_t i = 0; i < out->count; i++)
            mean_lat += out->xy[2 * i + 1];
        double pole = mean_lat >= 0 ? 90 : -90;
        point_buffer_push(out, last_lon, pole);
        point_buffer_push(out, first_lon, pole);
        point_buffer_push(out, first_lon, out->xy[1]);
    }
}

enum edge { EDGE_LEFT, EDGE_RIGHT, EDGE_BOTTOM, EDGE_TOP };

static void
widen(struct clip_box *bounds, double x, double y)
{
    bounds->x0 = x < bounds->x0 ? x : bounds->x0;
    bounds->x1 = x > bounds->x1 ? x : bounds->x1;
    bounds->y0 = y < bounds->y0 ? y : bounds->y0;
    bounds->y1 = y > bounds->y1 ? y : bounds->y1;
}

static bool
inside(double x, double y, enum edge edge, struct clip_box box)
{
    switch (edge) {
    case EDGE_LEFT:
        return x >= box.x0;
    case EDGE_RIGHT:
        return x <= box.x1;
    case EDGE_BOTTOM:
        return y >= box.y0;
    default:
        return y <= box.y1;
    }
}

static void
intersect(double ax, double ay, double bx, double by, enum edge edge, struct clip_box box,
          double *x, double *y)
{
    double t;
    switch (edge) {
    case EDGE_LEFT:
        t = (box.x0 - ax) / (bx - ax);
        *x = box.x0;
        *y = ay + t * (by - ay);
        break;
    case EDGE_RIGHT:
        t = (box.x1 - ax) / (bx - ax);
        *x = box.x1;
        *y = ay + t * (by - ay);
        break;
    case EDGE_BOTTOM:
        t = (box.y0 - ay) / (by - ay);
        *y = box.y0;
        *x = ax + t * (bx - ax);
        break;
    default:
        t = (box.y1 - ay) / (by - ay);
        *y = box.y1;
        *x = ax + t * (bx - ax);
        break;
    }
}

/* One Sutherland-Hodgman pass; the bounding box of what it keeps in *kept. */
static void
clip_against_edge(const double *xy, size_t count, enum edge edge, struct clip_box box,
                  struct point_buffer *out, struct clip_box *kept)
{
    out->count = 0;
    *kept = (struct clip_box){INFINITY, INFINITY, -INFINITY, -INFINITY};
    if (count == 0)
        return;
    double px = xy[2 * (count - 1)];
    double py = xy[2 * (count - 1) + 1];
    bool p_in = inside(px, py, edge, box);
    for (size_t i = 0; i < count; i++) {
        double cx = xy[2 * i];
        double cy = xy[2 * i + 1];
        bool c_in = inside(cx, cy, edge, box);
        if (c_in != p_in) {
            double ix, iy;
            intersect(px, py, cx, cy, edge, box, &ix, &iy);
            point_buffer_push(out, ix, iy);
            widen(kept, ix, iy);
        }
        if (c_in) {
            point_buffer_push(out, cx, cy);
            widen(kept, cx, cy);
        }
        px = cx;
        py = cy;
        p_in = c_in;
    }
}

/* Whether a ring within `bounds` has points beyond the box's edge: a pass against an edge it
 * does not cross gives the ring back as it is. */
static bool
crosses(struct clip_box bounds, enum edge edge, struct clip_box box)
{
    switch (edge) {
    case EDGE_LEFT:
        return bounds.x0 < box.x0;
    case EDGE_RIGHT:
        return bounds.x1 > box.x1;
    case EDGE_BOTTOM:
        return bounds.y0 < box.y0;
    default:
        return bounds.y1 > box.y1;
    }
}

void
clip_ring_to_box(const double *xy, size_t count, struct clip_box box, struct point_buffer *out)
{
    /* Fast paths: wholly inside, wholly outside. Comparisons, not fmin()/fmax(): those are calls
     * into libm (NaN rules keep them from being inlined), 7 % of a 10m render in this loop and
     * its like in polylabel.c, basemap.c and viewport.c; no coordinate here is NaN. */
    struct clip_box bounds = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; i < count; i++)
        widen(&bounds, xy[2 * i], xy[2 * i + 1]);
    out->count = 0;
    if (count < 3 || bounds.x1 < box.x0 || bounds.x0 > box.x1 || bounds.y1 < box.y0 ||
        bounds.y0 > box.y1)
        return;
    /* Only the passes against edges the ring crosses, one or two for most rings the box cuts
     * (passes that kept every point were 5 % of a 1:10m batch). Each pass keeps or adds
     * points: room for a few more than all of them, once, rather than growing step by step. */
    struct point_buffer scratch[2];
    point_buffer_init(&scratch[0]);
    point_buffer_init(&scratch[1]);
    const double *ring = xy;
    size_t ring_count = count;
    int next = 0; /* the scratch buffer the next pass writes */
    const enum edge edges[4] = {EDGE_LEFT, EDGE_RIGHT, EDGE_BOTTOM, EDGE_TOP};
    for (int e = 0; e < 4; e++) {
        if (!crosses(bounds, edges[e], box))
            continue;
        struct point_buffer *to = &scratch[next];
        point_buffer_reserve(to, ring_count + 8);
        clip_against_edge(ring, ring_count, edges[e], box, to, &bounds);
        ring = to->xy;
        ring_count = to->count;
        next = 1 - next;
    }
    point_buffer_reserve(out, ring_count);
    for (size_t i = 0; i < ring_count; i++)
        point_buffer_push(out, ring[2 * i], ring[2 * i + 1]);
    point_buffer_fini(&scratch[0]);
    point_buffer_fini(&scratch[1]);
    if (out->count < 3)
        out->count = 0;
}

/* Which side of the window's edge a->b a point lies: > 0 inside for a counter-clockwise
 * window (in a y-up frame; in page points, y down, that is a clockwise-looking one). */
static double
edge_side(double ax, double ay, double bx, double by, double px, double py, double sense)
{
    return sense * ((bx - ax) * (py - ay) - (by - ay) * (px - ax));
}

static void
clip_against_window_edge(const double *xy, size_t count, const double *edge, double sense,
                         struct point_buffer *out)
{
    out->count = 0;
    if (count == 0)
        return;
    double ax = edge[0], ay = edge[1], bx = edge[2], by = edge[3];
    double px = xy[2 * (count - 1)], py = xy[2 * (count - 1) + 1];
    double ps = edge_side(ax, ay, bx, by, px, py, sense);
    for (size_t i = 0; i < count; i++) {
        double cx = xy[2 * i], cy = xy[2 * i + 1];
        double cs = edge_side(ax, ay, bx, by, cx, cy, sense);
        if ((cs >= 0) != (ps >= 0)) {
            double t = ps / (ps - cs);
            point_buffer_push(out, px + t * (cx - px), py + t * (cy - py));
        }
        if (cs >= 0)
            point_buffer_push(out, cx, cy);
        px = cx;
        py = cy;
        ps = cs;
    }
}

void
clip_ring_to_convex(const double *xy, size_t count, const double *window, size_t window_count,
                    struct point_buffer *out)
{
    out->count = 0;
    if (count < 3 || window_count < 3)
        return;
    /* The window's winding, from its signed area, says which side of an edge is inside. */
    double area2 = 0;
    for (size_t i = 0; i < window_count; i++) {
        size_t j = (i + 1) % window_count;
        area2 += window[2 * i] * window[2 * j + 1] - window[2 * j] * window[2 * i + 1];
    }
    double sense = area2 >= 0 ? 1 : -1;
    /* Fast path: every point inside every edge (most rings of a globe, well within its rim). */
    bool is_inside = true;
    for (size_t e = 0; e < window_count && is_inside; e++) {
        size_t f = (e + 1) % window_count;
        double edge[4] = {window[2 * e], window[2 * e + 1], window[2 * f], window[2 * f + 1]};
        for (size_t i = 0; i < count && is_inside; i++)
            is_inside =
                edge_side(edge[0], edge[1], edge[2], edge[3], xy[2 * i], xy[2 * i + 1], sense) >= 0;
    }
    if (is_inside) {
        for (size_t i = 0; i < count; i++)
            point_buffer_push(out, xy[2 * i], xy[2 * i + 1]);
        return;
    }
    struct point_buffer a, b;
    point_buffer_init(&a);
    point_buffer_init(&b);
    for (size_t i = 0; i < count; i++)
        point_buffer_push(&a, xy[2 * i], xy[2 * i + 1]);
    for (size_t e = 0; e < window_count && a.count > 0; e++) {
        size_t f = (e + 1) % window_count;
        double edge[4] = {window[2 * e], window[2 * e + 1], window[2 * f], window[2 * f + 1]};
        clip_against_window_edge(a.xy, a.count, edge, sense, &b);
        struct point_buffer swap = a;
        a = b;
        b = swap;
    }
    for (size_t i = 0; i < a.count; i++)
        point_buffer_push(out, a.xy[2 * i], a.xy[2 * i + 1]);
    point_buffer_fini(&a);
    point_buffer_fini(&b);
    if (out->count < 3)
        out->count = 0;
}

/* Liang-Barsky: the parameter range [t0, t1] of segment a->b inside the box. */
static bool
clip_segment(double ax, double ay, double bx, double by, struct clip_box box, double *t0,
             double *t1)
{
    double dx = bx - ax, dy = by - ay;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {ax - box.x0, box.x1 - ax, ay - box.y0, box.y1 - ay};
    *t0 = 0;
    *t1 = 1;
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0) {
            if (t > *t1)
                return false;
            if (t > *t0)
                *t0 = t;
        } else {
            if (t < *t0)
                return false;
            if (t < *t1)
                *t1 = t;
        }
    }
    /* A segment that only touches the box (a corner, or an end on an edge) gives nothing, so
     * no piece has a zero-length segment without a direction. */
    return *t0 < *t1 || (dx == 0 && dy == 0);
}

void
clip_line_to_box(const double *xy, size_t count, struct clip_box box,
                 void (*emit)(void *context, const double *xy, size_t count), void *context)
{
    struct point_buffer piece;
    point_buffer_init(&piece);
    for (size_t i = 0; i + 1 < count; i++) {
        double ax = xy[2 * i], ay = xy[2 * i + 1];
        double bx = xy[2 * i + 2], by = xy[2 * i + 3];
        double t0, t1;
        if (!isfinite(ax) || !isfinite(bx) || !clip_segment(ax, ay, bx, by, box, &t0, &t1)) {
            if (piece.count >= 2)
                emit(context, piece.xy, piece.count);
            piece.count = 0;
            continue;
        }
        if (piece.count == 0 || t0 > 0) {
            if (piece.count >= 2)
                emit(context, piece.xy, piece.count);
            piece.count = 0;
            point_buffer_push(&piece, ax + t0 * (bx - ax), ay + t0 * (by - ay));
        }
        point_buffer_push(&piece, ax + t1 * (bx - ax), ay + t1 * (by - ay));
        if (t1 < 1) {
            emit(context, piece.xy, piece.count);
            piece.count = 0;
        }
    }
    if (piece.count >= 2)
        emit(context, piece.xy, piece.count);
    point_buffer_fini(&piece);
}
