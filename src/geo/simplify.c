#include "geo/simplify.h"

#include <math.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdbool.h>
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

/* Of the points lo..hi - 1, the one farthest from the chord, walked upwards (is_down false: of
 * points as far, the lowest index wins) or downwards (the highest wins); its squared distance in
 * *best, 0 and index 0 if every point is on the chord. Two points a step with SSE2 (every x86-64
 * has it), each lane keeping its own farthest, with chord_distance_squared()'s arithmetic: a
 * tenth of a 1:10m batch's time was this loop. */
static size_t
farthest_between(const double *xy, size_t lo, size_t hi, const struct chord *c, bool is_down,
                 double *best)
{
    size_t index = 0;
    *best = 0;
    size_t i = is_down ? hi : lo; /* the next point: i - 1 downwards, i upwards */
#if defined(__SSE2__)
    if (hi - lo >= 4) {
        const __m128d ax = _mm_set1_pd(c->ax), ay = _mm_set1_pd(c->ay);
        const __m128d dx = _mm_set1_pd(c->dx), dy = _mm_set1_pd(c->dy);
        const __m128d inverse = _mm_set1_pd(c->inverse_length_squared);
        const __m128d zero = _mm_setzero_pd(), one = _mm_set1_pd(1);
        __m128d far = zero;
        __m128i far_at = _mm_setzero_si128();
        /* Lane 0 holds the point met first of each pair. */
        __m128i at = is_down ? _mm_set_epi64x((long long)hi - 2, (long long)hi - 1)
                             : _mm_set_epi64x((long long)lo + 1, (long long)lo);
        const __m128i step = is_down ? _mm_set1_epi64x(-2) : _mm_set1_epi64x(2);
        for (; is_down ? i >= lo + 2 : i + 2 <= hi; i = is_down ? i - 2 : i + 2) {
            const double *first = xy + 2 * (is_down ? i - 1 : i);
            const double *second = xy + 2 * (is_down ? i - 2 : i + 1);
            __m128d p = _mm_loadu_pd(first), q = _mm_loadu_pd(second);
            __m128d px = _mm_unpacklo_pd(p, q), py = _mm_unpackhi_pd(p, q);
            __m128d t = _mm_mul_pd(
                _mm_add_pd(_mm_mul_pd(_mm_sub_pd(px, ax), dx), _mm_mul_pd(_mm_sub_pd(py, ay), dy)),
                inverse);
            t = _mm_max_pd(_mm_min_pd(t, one), zero);
            __m128d ex = _mm_sub_pd(_mm_add_pd(ax, _mm_mul_pd(t, dx)), px);
            __m128d ey = _mm_sub_pd(_mm_add_pd(ay, _mm_mul_pd(t, dy)), py);
            __m128d d = _mm_add_pd(_mm_mul_pd(ex, ex), _mm_mul_pd(ey, ey));
            __m128d farther = _mm_cmpgt_pd(d, far);
            far = _mm_or_pd(_mm_and_pd(farther, d), _mm_andnot_pd(farther, far));
            __m128i take = _mm_castpd_si128(farther);
            far_at = _mm_or_si128(_mm_and_si128(take, at), _mm_andnot_si128(take, far_at));
            at = _mm_add_epi64(at, step);
        }
        double lane[2];
        long long lane_at[2];
        _mm_storeu_pd(lane, far);
        _mm_storeu_si128((__m128i *)(void *)lane_at, far_at);
        for (int k = 0; k < 2; k++) {
            size_t candidate = (size_t)lane_at[k];
            bool wins = lane[k] > *best || (lane[k] == *best && lane[k] > 0 &&
                                            (is_down ? candidate > index : candidate < index));
            if (wins) {
                *best = lane[k];
                index = candidate;
            }
        }
    }
#endif
    for (; is_down ? i > lo : i < hi; i = is_down ? i - 1 : i + 1) {
        size_t k = is_down ? i - 1 : i;
        double d = chord_distance_squared(c, xy + 2 * k);
        if (d > *best) {
            *best = d;
            index = k;
        }
    }
    return index;
}

/* The point between first and last farthest from the chord between them, its squared distance
 * in *worst (0 if none). Of points as far, the first met walking from the chord's end first in
 * coordinate order wins, so a line and its reverse split at the same point. */
static size_t
farthest_point(const double *xy, size_t first, size_t last, double *worst)
{
    struct chord chord = chord_between(xy + 2 * first, xy + 2 * last);
    if (comes_before(xy + 2 * first, xy + 2 * last))
        return farthest_between(xy, first + 1, last, &chord, false, worst);
    if (comes_before(xy + 2 * last, xy + 2 * first))
        return farthest_between(xy, first + 1, last, &chord, true, worst);
    /* A ring from one point back to it: no way to walk comes first, so of the points as far the
     * first in coordinate order wins (a second pass: comparing for ties in the first made it a
     * third slower). */
    size_t index = farthest_between(xy, first + 1, last, &chord, false, worst);
    for (size_t i = index + 1; *worst > 0 && i < last; i++)
        if (chord_distance_squared(&chord, xy + 2 * i) == *worst &&
            comes_before(xy + 2 * i, xy + 2 * index))
            index = i;
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
