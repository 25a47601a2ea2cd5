#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_random.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "assert_near.h"
#include "geo/simplify.h"

static double
segment_distance(double px, double py, const double *a, const double *b)
{
    double dx = b[0] - a[0], dy = b[1] - a[1];
    double l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((px - a[0]) * dx + (py - a[1]) * dy) / l2 : 0;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    return hypot(a[0] + t * dx - px, a[1] + t * dy - py);
}

/* Distance from (px, py) to the nearest segment of a polyline. */
static double
polyline_distance(double px, double py, const double *xy, size_t count)
{
    if (count == 1)
        return hypot(px - xy[0], py - xy[1]);
    double best = INFINITY;
    for (size_t i = 0; i + 1 < count; i++)
        best = fmin(best, segment_distance(px, py, xy + 2 * i, xy + 2 * i + 2));
    return best;
}

/* Every kept point is an input point, in input order (simplify never moves or reorders). */
static bool
is_subsequence(const double *kept, size_t kept_count, const double *input, size_t input_count)
{
    size_t k = 0;
    for (size_t i = 0; i < input_count && k < kept_count; i++)
        if (input[2 * i] == kept[2 * k] && input[2 * i + 1] == kept[2 * k + 1])
            k++;
    return k == kept_count;
}

static double *
copy_points(const double *xy, size_t count)
{
    double *copy = malloc(2 * count * sizeof *copy);
    assert_non_null(copy);
    memcpy(copy, xy, 2 * count * sizeof *copy);
    return copy;
}

static void
test_collinear_points_vanish(void **state)
{
    (void)state;
    double line[2 * 101];
    for (int i = 0; i <= 100; i++) {
        line[2 * i] = i * 3.0;
        line[2 * i + 1] = i * -1.5 + 7;
    }
    size_t kept = simplify_line(line, 101, 0.01);
    assert_int_equal(kept, 2);
    assert_near(line[0], 0, 0);
    assert_near(line[1], 7, 0);
    assert_near(line[2], 300, 0);
    assert_near(line[3], -143, 0);
}

static void
test_collinear_points_on_the_sides_of_a_square_ring_vanish(void **state)
{
    (void)state;
    /* A closed 10 x 10 square with a point every unit along each side: 41 points. */
    double ring[2 * 41];
    size_t n = 0;
    static const int corners[5][2] = {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}};
    for (int side = 0; side < 4; side++) {
        for (int step = 0; step < 10; step++) {
            ring[2 * n] =
                corners[side][0] + (corners[side + 1][0] - corners[side][0]) * step / 10.0;
            ring[2 * n + 1] =
                corners[side][1] + (corners[side + 1][1] - corners[side][1]) * step / 10.0;
            n++;
        }
    }
    ring[2 * n] = 0;
    ring[2 * n + 1] = 0;
    n++;
    assert_int_equal(n, 41);
    size_t kept = simplify_line(ring, n, 0.1);
    assert_int_equal(kept, 5);
    const double expected[] = {0, 0, 10, 0, 10, 10, 0, 10, 0, 0};
    assert_memory_equal(ring, expected, sizeof expected);
}

static void
test_endpoints_are_kept(void **state)
{
    (void)state;
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    enum { COUNT = 500 };
    double line[2 * COUNT];
    for (int i = 0; i < COUNT; i++) {
        line[2 * i] = i * 0.25;
        line[2 * i + 1] = random_unit(&seed) * 0.2;
    }
    const double first[2] = {line[0], line[1]};
    const double last[2] = {line[2 * COUNT - 2], line[2 * COUNT - 1]};
    size_t kept = simplify_line(line, COUNT, 5);
    assert_true(kept >= 2);
    assert_true(kept < COUNT / 10);
    assert_memory_equal(line, first, sizeof first);
    assert_memory_equal(line + 2 * (kept - 1), last, sizeof last);
}

static void
test_a_ring_keeps_its_first_point_as_its_last(void **state)
{
    (void)state;
    /* A wobbly circle, closed. */
    enum { COUNT = 721 };
    double ring[2 * COUNT];
    uint64_t seed = 42;
    for (int i = 0; i < COUNT - 1; i++) {
        double angle = 2 * 3.141592653589793 * i / (COUNT - 1);
        double radius = 100 + random_unit(&seed);
        ring[2 * i] = radius * cos(angle);
        ring[2 * i + 1] = radius * sin(angle);
    }
    ring[2 * (COUNT - 1)] = ring[0];
    ring[2 * (COUNT - 1) + 1] = ring[1];
    double *original = copy_points(ring, COUNT);
    size_t kept = simplify_line(ring, COUNT, 2);
    assert_true(kept >= 4);
    assert_true(kept < COUNT / 4);
    assert_true(ring[0] == original[0] && ring[1] == original[1]);
    assert_true(ring[2 * (kept - 1)] == ring[0]);
    assert_true(ring[2 * (kept - 1) + 1] == ring[1]);
    assert_true(is_subsequence(ring, kept, original, COUNT));
    free(original);
}

/* The random wiggly line of the brief: a random walk, fixed seed. Measures, for every input point,
 * the distance to the simplified line. */
static double
worst_dropped_distance(uint64_t seed, size_t count, double tolerance, size_t *kept_count)
{
    double *line = malloc(2 * count * sizeof *line);
    assert_non_null(line);
    double y = 0;
    for (size_t i = 0; i < count; i++) {
        y += random_unit(&seed);
        line[2 * i] = (double)i * 0.3 + random_unit(&seed) * 0.2;
        line[2 * i + 1] = y;
    }
    double *original = copy_points(line, count);
    size_t kept = simplify_line(line, count, tolerance);
    assert_true(is_subsequence(line, kept, original, count));
    double worst = 0;
    for (size_t i = 0; i < count; i++)
        worst = fmax(worst, polyline_distance(original[2 * i], original[2 * i + 1], line, kept));
    *kept_count = kept;
    free(original);
    free(line);
    return worst;
}

/* With the radial pre-pass simplify.c once had, dropped points lay 0.267, 1.43 and 3.35 from the
 * result at tolerances 0.25, 1 and 3. */
static void
test_no_dropped_point_is_farther_than_tolerance_from_a_simplified_random_line(void **state)
{
    (void)state;
    static const double tolerances[] = {0.25, 1, 3};
    bool is_within = true;
    for (size_t t = 0; t < sizeof tolerances / sizeof *tolerances; t++) {
        size_t kept = 0;
        double worst =
            worst_dropped_distance(0x2545F4914F6CDD1DULL + t, 5000, tolerances[t], &kept);
        assert_true(kept < 5000);
        if (worst > tolerances[t] * (1 + 1e-9)) {
            print_error("tolerance %g: a dropped point lies %g from the result\n", tolerances[t],
                        worst);
            is_within = false;
        }
    }
    assert_true(is_within);
}

/* A radial pre-pass dropping points within tolerance / 2 of the last kept point, followed by
 * Douglas-Peucker dropping that kept point too, leaves points up to 1.5 x tolerance away. Here
 * P (5.3, 1.29) is 0.49 from K (5, 0.9), K is 0.9 from the chord A-B: P must not be dropped. */
static void
test_a_point_near_a_dropped_point_stays_within_tolerance(void **state)
{
    (void)state;
    double line[] = {0, 0, 5, 0.9, 5.3, 1.29, 10, 0};
    const double original[] = {0, 0, 5, 0.9, 5.3, 1.29, 10, 0};
    size_t kept = simplify_line(line, 4, 1.0);
    for (size_t i = 0; i < 4; i++) {
        double d = polyline_distance(original[2 * i], original[2 * i + 1], line, kept);
        if (d > 1.0)
            print_error("point %zu (%g, %g) is %g from the result of %zu points\n", i,
                        original[2 * i], original[2 * i + 1], d, kept);
        assert_true(d <= 1.0);
    }
}

static void
test_a_point_farther_than_tolerance_is_kept(void **state)
{
    (void)state;
    double line[] = {0, 0, 5, 1.5, 10, 0};
    assert_int_equal(simplify_line(line, 3, 1.0), 3);
    assert_near(line[3], 1.5, 0);
    double flat[] = {0, 0, 5, 0.5, 10, 0};
    assert_int_equal(simplify_line(flat, 3, 1.0), 2);
}

static void
test_nothing_changes_for_short_lines_or_no_tolerance(void **state)
{
    (void)state;
    double two[] = {0, 0, 0.001, 0};
    assert_int_equal(simplify_line(two, 2, 10), 2);
    assert_int_equal(simplify_line(NULL, 0, 10), 0);
    double line[] = {0, 0, 1, 0, 2, 0, 3, 0};
    assert_int_equal(simplify_line(line, 4, 0), 4);
    assert_int_equal(simplify_line(line, 4, -1), 4);
}

static void
test_a_100000_point_ring_is_simplified_without_recursion(void **state)
{
    (void)state;
    enum { COUNT = 100000 };
    double *ring = malloc(2 * COUNT * sizeof *ring);
    assert_non_null(ring);
    uint64_t seed = 7;
    for (size_t i = 0; i < COUNT - 1; i++) {
        double angle = 2 * 3.141592653589793 * (double)i / (COUNT - 1);
        double radius = 5000 + 50 * sin(angle * 37) + random_unit(&seed) * 0.5;
        ring[2 * i] = radius * cos(angle);
        ring[2 * i + 1] = radius * sin(angle);
    }
    ring[2 * (COUNT - 1)] = ring[0];
    ring[2 * (COUNT - 1) + 1] = ring[1];
    double *original = copy_points(ring, COUNT);
    size_t kept = simplify_line(ring, COUNT, 2);
    assert_true(kept > 37 * 2); /* the 37 lobes survive */
    assert_true(kept < COUNT / 10);
    assert_true(ring[2 * (kept - 1)] == ring[0] && ring[2 * (kept - 1) + 1] == ring[1]);
    assert_true(is_subsequence(ring, kept, original, COUNT));
    free(original);
    free(ring);
}

static void
test_a_deep_zigzag_is_simplified_without_recursion(void **state)
{
    (void)state;
    /* Amplitude grows along the line, so Douglas-Peucker splits off one point at a time: a
     * recursive version would go 20,000 calls deep. */
    enum { COUNT = 20000 };
    double *line = malloc(2 * COUNT * sizeof *line);
    assert_non_null(line);
    for (size_t i = 0; i < COUNT; i++) {
        line[2 * i] = (double)i;
        line[2 * i + 1] = (i % 2 ? 1.0 : -1.0) * (double)i;
    }
    size_t kept = simplify_line(line, COUNT, 0.5);
    assert_int_equal(kept, COUNT); /* every point is a peak far from its neighbours' chord */
    free(line);
}

static void
test_points_marked_to_keep_are_kept(void **state)
{
    (void)state;
    double line[2 * 101];
    unsigned char keep[101] = {0};
    for (int i = 0; i <= 100; i++) {
        line[2 * i] = i;
        line[2 * i + 1] = 0;
    }
    keep[30] = keep[31] = keep[77] = 1;
    assert_int_equal(simplify_line_keeping(line, 101, 0.5, keep), 5);
    const double expected[] = {0, 0, 30, 0, 31, 0, 77, 0, 100, 0};
    assert_memory_equal(line, expected, sizeof expected);
}

/* Two teeth tie for the farthest point from the chord: either way round the same one must win
 * (the first met from the chord's end first in coordinate order), so the line is simplified
 * alike. */
static void
test_a_line_and_its_reverse_keep_the_same_points(void **state)
{
    (void)state;
    double line[] = {0, 0, 1, 1, 2, 0, 3, 1, 4, 0};
    double reverse[] = {4, 0, 3, 1, 2, 0, 1, 1, 0, 0};
    assert_int_equal(simplify_line(line, 5, 0.7), 3);
    assert_int_equal(simplify_line(reverse, 5, 0.7), 3);
    const double expected[] = {0, 0, 1, 1, 4, 0};
    const double expected_reverse[] = {4, 0, 1, 1, 0, 0};
    assert_memory_equal(line, expected, sizeof expected);
    assert_memory_equal(reverse, expected_reverse, sizeof expected_reverse);
}

/* Douglas-Peucker as simplify.c documents it, one point at a time and recursive (the lines here
 * are short): the farthest point from the chord measured from its end first in coordinate order,
 * of points as far the first met walking from that end. */
static bool
before(const double *p, const double *q)
{
    return p[0] < q[0] || (p[0] == q[0] && p[1] < q[1]);
}

static void
reference_split(const double *xy, size_t first, size_t last, double t2, bool *keep)
{
    if (last <= first + 1)
        return;
    const double *a = xy + 2 * first, *b = xy + 2 * last;
    bool up = !before(b, a);
    if (!up) {
        const double *swap = a;
        a = b;
        b = swap;
    }
    double dx = b[0] - a[0], dy = b[1] - a[1], l2 = dx * dx + dy * dy;
    double inverse = l2 > 0 ? 1 / l2 : 0, best = 0;
    size_t index = 0;
    for (size_t n = 0; n < last - first - 1; n++) {
        size_t i = up ? first + 1 + n : last - 1 - n;
        const double *p = xy + 2 * i;
        double t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) * inverse;
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
        double ex = a[0] + t * dx - p[0], ey = a[1] + t * dy - p[1];
        double d = ex * ex + ey * ey;
        if (d > best) {
            best = d;
            index = i;
        }
    }
    if (best > t2) {
        keep[index] = true;
        reference_split(xy, first, index, t2, keep);
        reference_split(xy, index, last, t2, keep);
    }
}

/* Zigzags on a whole-number grid, where many points tie for the farthest: simplify_line() walks
 * two points a step (SSE2) and must pick the same point as one at a time would, either way
 * round. */
static void
test_ties_are_broken_as_one_point_at_a_time_would(void **state)
{
    (void)state;
    enum { N = 301 };
    uint32_t seed = 12345;
    for (int round = 0; round < 40; round++) {
        double line[2 * N], copy[2 * N], expected[2 * N];
        bool keep[N] = {false};
        for (size_t i = 0; i < N; i++) {
            line[2 * i] = (double)i;
            line[2 * i + 1] = (double)(xorshift32(&seed) % (round % 5 + 2));
        }
        if (round % 2 == 1) /* the same, backwards: the chord's end first is its last point */
            for (size_t i = 0; i < N / 2; i++)
                for (int c = 0; c < 2; c++) {
                    double swap = line[2 * i + c];
                    line[2 * i + c] = line[2 * (N - 1 - i) + c];
                    line[2 * (N - 1 - i) + c] = swap;
                }
        double tolerance = 0.3 + 0.2 * (round % 4);
        keep[0] = keep[N - 1] = true;
        reference_split(line, 0, N - 1, tolerance * tolerance, keep);
        size_t kept = 0;
        for (size_t i = 0; i < N; i++)
            if (keep[i]) {
                expected[2 * kept] = line[2 * i];
                expected[2 * kept + 1] = line[2 * i + 1];
                kept++;
            }
        memcpy(copy, line, sizeof line);
        assert_int_equal(simplify_line(copy, N, tolerance), kept);
        assert_memory_equal(copy, expected, kept * 2 * sizeof *copy);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_collinear_points_vanish),
        cmocka_unit_test(test_collinear_points_on_the_sides_of_a_square_ring_vanish),
        cmocka_unit_test(test_endpoints_are_kept),
        cmocka_unit_test(test_a_ring_keeps_its_first_point_as_its_last),
        cmocka_unit_test(
            test_no_dropped_point_is_farther_than_tolerance_from_a_simplified_random_line),
        cmocka_unit_test(test_a_point_near_a_dropped_point_stays_within_tolerance),
        cmocka_unit_test(test_a_point_farther_than_tolerance_is_kept),
        cmocka_unit_test(test_nothing_changes_for_short_lines_or_no_tolerance),
        cmocka_unit_test(test_a_100000_point_ring_is_simplified_without_recursion),
        cmocka_unit_test(test_a_deep_zigzag_is_simplified_without_recursion),
        cmocka_unit_test(test_points_marked_to_keep_are_kept),
        cmocka_unit_test(test_a_line_and_its_reverse_keep_the_same_points),
        cmocka_unit_test(test_ties_are_broken_as_one_point_at_a_time_would),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
