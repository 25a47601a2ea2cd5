#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdbool.h>

#include "assert_near.h"
#include "geo/polylabel.h"

/* Even-odd over all rings, like polylabel_find. */
static bool
is_inside(double px, double py, const double *xy, size_t point_count, const size_t *starts,
          size_t ring_count)
{
    bool inside = false;
    for (size_t r = 0; r < ring_count; r++) {
        size_t end = r + 1 < ring_count ? starts[r + 1] : point_count;
        for (size_t i = starts[r], j = end - 1; i < end; j = i++) {
            double ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * j], by = xy[2 * j + 1];
            if ((ay > py) != (by > py) && px < (bx - ax) * (py - ay) / (by - ay) + ax)
                inside = !inside;
        }
    }
    return inside;
}

static double
edge_distance(double px, double py, const double *xy, size_t point_count, const size_t *starts,
              size_t ring_count)
{
    double best = INFINITY;
    for (size_t r = 0; r < ring_count; r++) {
        size_t end = r + 1 < ring_count ? starts[r + 1] : point_count;
        for (size_t i = starts[r], j = end - 1; i < end; j = i++) {
            double ax = xy[2 * i], ay = xy[2 * i + 1], dx = xy[2 * j] - ax, dy = xy[2 * j + 1] - ay;
            double l2 = dx * dx + dy * dy;
            double t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
            t = t < 0 ? 0 : (t > 1 ? 1 : t);
            best = fmin(best, hypot(ax + t * dx - px, ay + t * dy - py));
        }
    }
    return best;
}

static void
test_a_square_is_labelled_at_its_centre(void **state)
{
    (void)state;
    const double square[] = {0, 0, 10, 0, 10, 10, 0, 10};
    const size_t starts[] = {0};
    double x = -1, y = -1;
    double distance = polylabel_find(square, 4, starts, 1, 0.01, &x, &y);
    assert_near(x, 5, 0.01);
    assert_near(y, 5, 0.01);
    assert_near(distance, 5, 0.01);
}

static void
test_a_closed_ring_gives_the_same_point_as_an_open_one(void **state)
{
    (void)state;
    const double open[] = {0, 0, 10, 0, 10, 10, 0, 10};
    const double closed[] = {0, 0, 10, 0, 10, 10, 0, 10, 0, 0};
    const size_t starts[] = {0};
    double ox, oy, cx, cy;
    double open_distance = polylabel_find(open, 4, starts, 1, 0.01, &ox, &oy);
    double closed_distance = polylabel_find(closed, 5, starts, 1, 0.01, &cx, &cy);
    assert_near(ox, cx, 1e-9);
    assert_near(oy, cy, 1e-9);
    assert_near(open_distance, closed_distance, 1e-9);
}

static void
test_a_square_far_from_the_origin_is_labelled_at_its_centre(void **state)
{
    (void)state;
    /* Projected metres: a 200 km square 3,000 km from the origin. */
    const double square[] = {3e6, -1e6, 3.2e6, -1e6, 3.2e6, -0.8e6, 3e6, -0.8e6};
    const size_t starts[] = {0};
    double x, y;
    double distance = polylabel_find(square, 4, starts, 1, 10 /* m */, &x, &y);
    assert_near(x, 3.1e6, 10);
    assert_near(y, -0.9e6, 10);
    assert_near(distance, 1e5, 10);
}

static void
test_an_l_shape_is_labelled_inside_its_corner(void **state)
{
    (void)state;
    /* Arms 4 wide: the largest circle sits in the corner block, radius 4 sqrt 2 / (1 + sqrt 2). */
    const double l_shape[] = {0, 0, 10, 0, 10, 4, 4, 4, 4, 10, 0, 10};
    const size_t starts[] = {0};
    double x, y;
    double distance = polylabel_find(l_shape, 6, starts, 1, 0.01, &x, &y);
    assert_true(is_inside(x, y, l_shape, 6, starts, 1));
    assert_true(distance > 0);
    assert_near(distance, edge_distance(x, y, l_shape, 6, starts, 1), 1e-9);
    assert_near(distance, 4 * sqrt(2) / (1 + sqrt(2)), 0.02);
    /* The bounding box centre (5, 5) is outside: the label must not go there. */
    assert_false(x > 4 && y > 4);
}

static void
test_a_polygon_with_a_hole_is_not_labelled_in_the_hole(void **state)
{
    (void)state;
    /* A 10 x 10 square with a 4 x 4 hole in the middle: the band around it is 3 wide. */
    const double ring_with_hole[] = {0, 0, 10, 0, 10, 10, 0, 10, 3, 3, 7, 3, 7, 7, 3, 7};
    const size_t starts[] = {0, 4};
    double x, y;
    double distance = polylabel_find(ring_with_hole, 8, starts, 2, 0.01, &x, &y);
    assert_false(x > 3 && x < 7 && y > 3 && y < 7);
    assert_true(is_inside(x, y, ring_with_hole, 8, starts, 2));
    assert_true(distance > 1.5);
    assert_near(distance, 3 * sqrt(2) / (1 + sqrt(2)), 0.02); /* in a corner of the band */
    assert_near(distance, edge_distance(x, y, ring_with_hole, 8, starts, 2), 1e-9);
}

static void
test_a_long_thin_rectangle_is_labelled_on_its_midline(void **state)
{
    (void)state;
    const double bar[] = {0, 0, 100, 0, 100, 2, 0, 2};
    const size_t starts[] = {0};
    double x, y;
    double distance = polylabel_find(bar, 4, starts, 1, 0.001, &x, &y);
    assert_near(y, 1, 0.001);
    assert_near(distance, 1, 0.001);
    assert_true(x >= 1 && x <= 99);
}

static void
test_the_larger_of_two_islands_gets_the_label(void **state)
{
    (void)state;
    const double islands[] = {0, 0, 2, 0, 2, 2, 0, 2, 10, 0, 20, 0, 20, 10, 10, 10};
    const size_t starts[] = {0, 4};
    double x, y;
    double distance = polylabel_find(islands, 8, starts, 2, 0.01, &x, &y);
    assert_near(x, 15, 0.02);
    assert_near(y, 5, 0.02);
    assert_near(distance, 5, 0.02);
}

static void
test_a_triangle_is_labelled_at_its_incentre(void **state)
{
    (void)state;
    /* Right triangle with legs 3 and 4: incentre (1, 1), inradius 1. */
    const double triangle[] = {0, 0, 4, 0, 0, 3};
    const size_t starts[] = {0};
    double x, y;
    double distance = polylabel_find(triangle, 3, starts, 1, 0.001, &x, &y);
    assert_near(x, 1, 0.01);
    assert_near(y, 1, 0.01);
    assert_near(distance, 1, 0.001);
}

static void
test_an_empty_or_flat_polygon_gives_zero(void **state)
{
    (void)state;
    const size_t starts[] = {0};
    double x = 99, y = 99;
    assert_near(polylabel_find(NULL, 0, starts, 1, 1, &x, &y), 0, 0);
    assert_near(x, 0, 0);
    assert_near(y, 0, 0);
    const double flat[] = {0, 5, 10, 5, 20, 5};
    assert_near(polylabel_find(flat, 3, starts, 1, 1, &x, &y), 0, 0);
    assert_near(y, 5, 0);
    const double square[] = {0, 0, 10, 0, 10, 10, 0, 10};
    assert_near(polylabel_find(square, 4, starts, 0, 1, &x, &y), 0, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_square_is_labelled_at_its_centre),
        cmocka_unit_test(test_a_closed_ring_gives_the_same_point_as_an_open_one),
        cmocka_unit_test(test_a_square_far_from_the_origin_is_labelled_at_its_centre),
        cmocka_unit_test(test_an_l_shape_is_labelled_inside_its_corner),
        cmocka_unit_test(test_a_polygon_with_a_hole_is_not_labelled_in_the_hole),
        cmocka_unit_test(test_a_long_thin_rectangle_is_labelled_on_its_midline),
        cmocka_unit_test(test_the_larger_of_two_islands_gets_the_label),
        cmocka_unit_test(test_a_triangle_is_labelled_at_its_incentre),
        cmocka_unit_test(test_an_empty_or_flat_polygon_gives_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
