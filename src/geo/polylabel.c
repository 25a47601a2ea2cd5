/* After the algorithm of Mapbox's polylabel (Garcia-Castellanos & Lombardo 2007): cells of a
 * grid in a priority queue ordered by the best distance they could still hold. Written here
 * because no Debian C library offers it. */
#include "geo/polylabel.h"

#include <math.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
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
 * some 80 cells, each measured against every edge. One array a term, so that the compiler
 * measures two edges at a time. */
struct outline {
    double *ax, *ay, *by, *dx, *dy, *inverse_length2; /* from a to b; 0: a point */
    size_t count;
};

static struct outline
outline_make(const double *xy, size_t point_count, const size_t *ring_starts, size_t ring_count)
{
    struct outline o = {0};
    double *terms = xmalloc(6 * (point_count ? point_count : 1) * sizeof *terms);
    double **arrays[6] = {&o.ax, &o.ay, &o.by, &o.dx, &o.dy, &o.inverse_length2};
    for (size_t k = 0; k < 6; k++)
        *arrays[k] = terms + k * point_count;
    for (size_t r = 0; r < ring_count; r++) {
        size_t start = ring_starts[r];
        size_t end = r + 1 < ring_count ? ring_starts[r + 1] : point_count;
        for (size_t i = start, j = end - 1; i < end; j = i++) {
            size_t k = o.count++;
            o.ax[k] = xy[2 * i];
            o.ay[k] = xy[2 * i + 1];
            o.by[k] = xy[2 * j + 1];
            o.dx[k] = xy[2 * j] - o.ax[k];
            o.dy[k] = o.by[k] - o.ay[k];
            double l2 = o.dx[k] * o.dx[k] + o.dy[k] * o.dy[k];
            o.inverse_length2[k] = l2 > 0 ? 1 / l2 : 0;
        }
    }
    return o;
}

static void
outline_free(struct outline *o)
{
    free(o->ax);
}

/* One edge's part of signed_distance(): its crossing of the ray from p to the right (where it
 * straddles p's row and px < ax + dx (py - ay) / dy, which is dy ((px - ax) dy - dx (py - ay))
 * < 0, no division), and the squared distance from p to it. */
static inline double
edge_distance2(const struct outline *o, size_t k, double px, double py, unsigned *crossings)
{
    double ax = o->ax[k], ay = o->ay[k], dx = o->dx[k], dy = o->dy[k];
    double qx = px - ax, qy = py - ay;
    unsigned straddles = (ay > py) != (o->by[k] > py);
    *crossings += straddles & (dy * (qx * dy - dx * qy) < 0);
    double t = (qx * dx + qy * dy) * o->inverse_length2[k];
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    double ex = t * dx - qx, ey = t * dy - qy;
    return ex * ex + ey * ey;
}

/* Signed distance from (px, py) to the outline: positive inside (even-odd over all edges). Two
 * edges a step with SSE2 (every x86-64 has it; GCC does not vectorise the loop itself, for its
 * minimum and clamps), the same arithmetic as edge_distance2(). */
static double
signed_distance(double px, double py, const struct outline *o)
{
    unsigned crossings = 0;
    double best = INFINITY;
    size_t k = 0;
#if defined(__SSE2__)
    const __m128d p_x = _mm_set1_pd(px), p_y = _mm_set1_pd(py);
    const __m128d zero = _mm_setzero_pd(), one = _mm_set1_pd(1);
    __m128d nearest = _mm_set1_pd(INFINITY);
    for (; k + 2 <= o->count; k += 2) {
        __m128d ax = _mm_loadu_pd(o->ax + k), ay = _mm_loadu_pd(o->ay + k);
        __m128d dx = _mm_loadu_pd(o->dx + k), dy = _mm_loadu_pd(o->dy + k);
        __m128d qx = _mm_sub_pd(p_x, ax), qy = _mm_sub_pd(p_y, ay);
        __m128d straddles =
            _mm_xor_pd(_mm_cmpgt_pd(ay, p_y), _mm_cmpgt_pd(_mm_loadu_pd(o->by + k), p_y));
        __m128d side = _mm_mul_pd(dy, _mm_sub_pd(_mm_mul_pd(qx, dy), _mm_mul_pd(dx, qy)));
        int mask = _mm_movemask_pd(_mm_and_pd(straddles, _mm_cmplt_pd(side, zero)));
        crossings += (unsigned)(mask & 1) + (unsigned)(mask >> 1);
        __m128d t = _mm_mul_pd(_mm_add_pd(_mm_mul_pd(qx, dx), _mm_mul_pd(qy, dy)),
                               _mm_loadu_pd(o->inverse_length2 + k));
        t = _mm_max_pd(_mm_min_pd(t, one), zero);
        __m128d ex = _mm_sub_pd(_mm_mul_pd(t, dx), qx), ey = _mm_sub_pd(_mm_mul_pd(t, dy), qy);
        nearest = _mm_min_pd(_mm_add_pd(_mm_mul_pd(ex, ex), _mm_mul_pd(ey, ey)), nearest);
    }
    double lanes[2];
    _mm_storeu_pd(lanes, nearest);
    best = lanes[0] < lanes[1] ? lanes[0] : lanes[1];
#endif
    for (; k < o->count; k++) {
        double d = edge_distance2(o, k, px, py, &crossings);
        best = d < best ? d : best;
    }
    return (crossings & 1 ? 1 : -1) * sqrt(best);
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
    outline_free(&o);
    *x = best.x;
    *y = best.y;
    return best.distance;
}
