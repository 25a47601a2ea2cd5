/* After the algorithm of Mapbox's polylabel (Garcia-Castellanos & Lombardo 2007): cells of a
 * grid in a priority queue ordered by the best distance they could still hold. Written here
 * because no Debian C library offers it. */
#include "geo/polylabel.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/alloc.h"

struct cell {
    double x, y, half, distance, potential;
};

struct queue {
    struct cell *cells;
    size_t count, capacity;
};

static void
queue_push(struct queue *q, struct cell c)
{
    xgrow(&q->cells, &q->capacity, q->count + 1, sizeof *q->cells);
    size_t i = q->count++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (q->cells[parent].potential >= c.potential)
            break;
        q->cells[i] = q->cells[parent];
        i = parent;
    }
    q->cells[i] = c;
}

static struct cell
queue_pop(struct queue *q)
{
    struct cell top = q->cells[0];
    struct cell last = q->cells[--q->count];
    size_t i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= q->count)
            break;
        if (child + 1 < q->count && q->cells[child + 1].potential > q->cells[child].potential)
            child++;
        if (q->cells[child].potential <= last.potential)
            break;
        q->cells[i] = q->cells[child];
        i = child;
    }
    if (q->count > 0)
        q->cells[i] = last;
    return top;
}

/* The outline's edges, each once, with what every distance to it needs: a country's pole takes
 * some 80 cells, each measured against every edge. */
struct edge {
    double ax, ay, by, dx, dy, inverse_length2; /* from a to b; 0: a point */
};

struct outline {
    struct edge *edges;
    size_t count;
};

static struct outline
outline_make(const double *xy, size_t point_count, const size_t *ring_starts, size_t ring_count)
{
    struct outline o = {xmalloc(point_count * sizeof *o.edges), 0};
    for (size_t r = 0; r < ring_count; r++) {
        size_t start = ring_starts[r];
        size_t end = r + 1 < ring_count ? ring_starts[r + 1] : point_count;
        for (size_t i = start, j = end - 1; i < end; j = i++) {
            double ax = xy[2 * i], ay = xy[2 * i + 1];
            double dx = xy[2 * j] - ax, dy = xy[2 * j + 1] - ay;
            double l2 = dx * dx + dy * dy;
            o.edges[o.count++] = (struct edge){ax, ay, xy[2 * j + 1], dx, dy, l2 > 0 ? 1 / l2 : 0};
        }
    }
    return o;
}

/* Signed distance from (px, py) to the outline: positive inside (even-odd over all edges). */
static double
signed_distance(double px, double py, const struct outline *o)
{
    bool is_inside = false;
    double best = INFINITY;
    for (size_t k = 0; k < o->count; k++) {
        const struct edge *e = &o->edges[k];
        if ((e->ay > py) != (e->by > py) && px < e->dx * (py - e->ay) / e->dy + e->ax)
            is_inside = !is_inside;
        double t = ((px - e->ax) * e->dx + (py - e->ay) * e->dy) * e->inverse_length2;
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
        double ex = e->ax + t * e->dx - px, ey = e->ay + t * e->dy - py;
        double d = ex * ex + ey * ey;
        best = d < best ? d : best;
    }
    return (is_inside ? 1 : -1) * sqrt(best);
}

static struct cell
make_cell(double x, double y, double half, const struct outline *o)
{
    struct cell c = {x, y, half, signed_distance(x, y, o), 0};
    c.potential = c.distance + half * 1.4142135623730951;
    return c;
}

double
polylabel_find(const double *xy, size_t point_count, const size_t *ring_starts, size_t ring_count,
               double precision, double *x, double *y)
{
    *x = *y = 0;
    if (point_count < 3 || ring_count == 0)
        return 0;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < point_count; i++) {
        x0 = xy[2 * i] < x0 ? xy[2 * i] : x0;
        x1 = xy[2 * i] > x1 ? xy[2 * i] : x1;
        y0 = xy[2 * i + 1] < y0 ? xy[2 * i + 1] : y0;
        y1 = xy[2 * i + 1] > y1 ? xy[2 * i + 1] : y1;
    }
    /* Never cells finer than the precision: a sliver would otherwise start billions of them. */
    double cell_size = fmax(precision, fmin(x1 - x0, y1 - y0));
    if (fmin(x1 - x0, y1 - y0) <= precision) {
        *x = (x0 + x1) / 2;
        *y = (y0 + y1) / 2;
        return 0;
    }
    double half = cell_size / 2;
    struct outline o = outline_make(xy, point_count, ring_starts, ring_count);
    struct queue q = {0};
    size_t columns = (size_t)ceil((x1 - x0) / cell_size);
    size_t rows = (size_t)ceil((y1 - y0) / cell_size);
    for (size_t i = 0; i < columns; i++) {
        for (size_t j = 0; j < rows; j++) {
            double cx = x0 + (double)i * cell_size, cy = y0 + (double)j * cell_size;
            queue_push(&q, make_cell(cx + half, cy + half, half, &o));
        }
    }
    /* Start from the bounding box centre; the centroid would need ring orientation. */
    struct cell best = make_cell((x0 + x1) / 2, (y0 + y1) / 2, 0, &o);
    size_t budget = 20000; /* bounded work on pathological outlines */
    while (q.count > 0 && budget-- > 0) {
        struct cell c = queue_pop(&q);
        if (c.distance > best.distance)
            best = c;
        if (c.potential - best.distance <= precision)
            continue;
        double h = c.half / 2;
        queue_push(&q, make_cell(c.x - h, c.y - h, h, &o));
        queue_push(&q, make_cell(c.x + h, c.y - h, h, &o));
        queue_push(&q, make_cell(c.x - h, c.y + h, h, &o));
        queue_push(&q, make_cell(c.x + h, c.y + h, h, &o));
    }
    free(q.cells);
    free(o.edges);
    *x = best.x;
    *y = best.y;
    return best.distance;
}
