#include "geo/simplify.h"

#include <math.h>
#include <stdlib.h>

#include "core/alloc.h"

static double
segment_distance_squared(double px, double py, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay;
    double length_squared = dx * dx + dy * dy;
    double t = length_squared > 0 ? ((px - ax) * dx + (py - ay) * dy) / length_squared : 0;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    double ex = ax + t * dx - px, ey = ay + t * dy - py;
    return ex * ex + ey * ey;
}

size_t
simplify_line(double *xy, size_t count, double tolerance)
{
    if (count < 3 || tolerance <= 0)
        return count;
    /* Douglas-Peucker with an explicit stack: country rings can have 100,000 points and a
     * recursive version could exhaust the C stack on hostile input. */
    unsigned char *keep = xcalloc(count, 1);
    size_t *stack = xmalloc(2 * count * sizeof *stack);
    size_t top = 0;
    keep[0] = keep[count - 1] = 1;
    stack[top++] = 0;
    stack[top++] = count - 1;
    double t2 = tolerance * tolerance;
    while (top > 0) {
        size_t last = stack[--top];
        size_t first = stack[--top];
        double worst = 0;
        size_t index = 0;
        for (size_t i = first + 1; i < last; i++) {
            double d = segment_distance_squared(xy[2 * i], xy[2 * i + 1], xy[2 * first],
                                                xy[2 * first + 1], xy[2 * last], xy[2 * last + 1]);
            if (d > worst) {
                worst = d;
                index = i;
            }
        }
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
