#include "geo/simplify.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

static bool
comes_before(const double *p, const double *q)
{
    return p[0] < q[0] || (p[0] == q[0] && p[1] < q[1]);
}

/* The segment first-last, measured from its end first in coordinate order: rounding differs
 * with the end measured from, and a border must come out the same either way round. */
struct chord {
    double ax, ay, dx, dy, inverse_length_squared;
};

static struct chord
chord_between(const double *first, const double *last)
{
    if (comes_before(last, first)) {
        const double *swap = first;
        first = last;
        last = swap;
    }
    struct chord c = {first[0], first[1], last[0] - first[0], last[1] - first[1], 0};
    double length_squared = c.dx * c.dx + c.dy * c.dy;
    c.inverse_length_squared = length_squared > 0 ? 1 / length_squared : 0;
    return c;
}

static double
chord_distance_squared(const struct chord *c, const double *p)
{
    double t = ((p[0] - c->ax) * c->dx + (p[1] - c->ay) * c->dy) * c->inverse_length_squared;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    double ex = c->ax + t * c->dx - p[0], ey = c->ay + t * c->dy - p[1];
    return ex * ex + ey * ey;
}

/* The point between first and last farthest from the chord between them, its squared distance
 * in *worst (0 if none). Of points as far, the first met walking from the chord's end first in
 * coordinate order wins, so a line and its reverse split at the same point. */
static size_t
farthest_point(const double *xy, size_t first, size_t last, double *worst)
{
    struct chord chord = chord_between(xy + 2 * first, xy + 2 * last);
    size_t index = 0;
    double best = 0;
    if (comes_before(xy + 2 * first, xy + 2 * last)) {
        for (size_t i = first + 1; i < last; i++) {
            double d = chord_distance_squared(&chord, xy + 2 * i);
            if (d > best) {
                best = d;
                index = i;
            }
        }
    } else if (comes_before(xy + 2 * last, xy + 2 * first)) {
        for (size_t i = last - 1; i > first; i--) {
            double d = chord_distance_squared(&chord, xy + 2 * i);
            if (d > best) {
                best = d;
                index = i;
            }
        }
    } else {
        /* A ring from one point back to it: no way to walk comes first, so of the points as far
         * the first in coordinate order wins (a second pass: comparing for ties in the first
         * made it a third slower). */
        for (size_t i = first + 1; i < last; i++) {
            double d = chord_distance_squared(&chord, xy + 2 * i);
            if (d > best) {
                best = d;
                index = i;
            }
        }
        for (size_t i = index + 1; best > 0 && i < last; i++)
            if (chord_distance_squared(&chord, xy + 2 * i) == best &&
                comes_before(xy + 2 * i, xy + 2 * index))
                index = i;
    }
    *worst = best;
    return index;
}

size_t
simplify_line(double *xy, size_t count, double tolerance)
{
    return simplify_line_keeping(xy, count, tolerance, NULL);
}

size_t
simplify_line_keeping(double *xy, size_t count, double tolerance, const unsigned char *keep_in)
{
    if (count < 3 || tolerance <= 0)
        return count;
    /* Douglas-Peucker with an explicit stack: country rings can have 100,000 points and a
     * recursive version could exhaust the C stack on hostile input. */
    unsigned char *keep = xcalloc(count, 1);
    if (keep_in != NULL)
        memcpy(keep, keep_in, count);
    size_t *stack = xmalloc(2 * count * sizeof *stack);
    size_t top = 0;
    keep[0] = keep[count - 1] = 1;
    /* One span between each two kept points; spans are disjoint, so at most count - 1 wait. */
    for (size_t i = count - 1; i > 0;) {
        size_t first = i - 1;
        while (!keep[first])
            first--;
        stack[top++] = first;
        stack[top++] = i;
        i = first;
    }
    double t2 = tolerance * tolerance;
    while (top > 0) {
        size_t last = stack[--top];
        size_t first = stack[--top];
        double worst = 0;
        size_t index = farthest_point(xy, first, last, &worst);
        if (worst > t2) {
            keep[index] = 1;
            stack[top++] = first;
            stack[top++] = index;
            stack[top++] = index;
            stack[top++] = last;
        }
    }
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        if (keep[i]) {
            xy[2 * kept] = xy[2 * i];
            xy[2 * kept + 1] = xy[2 * i + 1];
            kept++;
        }
    }
    free(keep);
    free(stack);
    return kept;
}
