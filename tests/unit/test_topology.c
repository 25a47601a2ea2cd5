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

#include "geo/simplify.h"
#include "geo/topology.h"

static const double left_square[] = {0, 0, 10, 0, 10, 10, 0, 10, 0, 0};
static const double right_square[] = {10, 0, 20, 0, 20, 10, 10, 10, 10, 0};

/* Simplifies each ring as the base map does, then counts the edges stroked: those no ring
 * before drew. */
static size_t
count_stroked_edges(const double *const *rings, const size_t *counts, size_t ring_count,
                    double tolerance, size_t *skipped)
{
    struct topology *topology = topology_create(8);
    for (size_t r = 0; r < ring_count; r++)
        topology_add_ring(topology, rings[r], counts[r]);
    struct edge_set *drawn = edge_set_create(0);
    struct point_buffer out;
    point_buffer_init(&out);
    size_t stroked = 0;
    *skipped = 0;
    for (size_t r = 0; r < ring_count; r++) {
        size_t n = topology_simplify_ring(topology, rings[r], counts[r], tolerance, &out);
        bool *skip = calloc(n, sizeof *skip);
        assert_non_null(skip);
        edge_set_skip_drawn(drawn, out.xy, n, skip);
        for (size_t i = 0; i < n; i++) {
            const double *a = out.xy + 2 * i, *b = out.xy + 2 * ((i + 1) % n);
            if (a[0] == b[0] && a[1] == b[1])
                continue; /* the closing point */
            if (skip[i])
                ++*skipped;
            else
                stroked++;
        }
        free(skip);
    }
    point_buffer_fini(&out);
    edge_set_destroy(drawn);
    topology_destroy(topology);
    return stroked;
}

static void
test_two_squares_sharing_an_edge_stroke_it_once(void **state)
{
    (void)state;
    const double *rings[] = {left_square, right_square};
    const size_t counts[] = {5, 5};
    size_t skipped = 0;
    assert_int_equal(count_stroked_edges(rings, counts, 2, 0.25, &skipped), 7);
    assert_int_equal(skipped, 1);

    /* The right square's runs: the edge from (10, 10) to (10, 0) is the one left out. */
    struct edge_set *drawn = edge_set_create(0);
    bool skip[5] = {false};
    assert_false(edge_set_skip_drawn(drawn, left_square, 5, skip));
    assert_true(edge_set_skip_drawn(drawn, right_square, 5, skip));
    const bool expected[5] = {false, false, false, true, false};
    assert_memory_equal(skip, expected, sizeof expected);
    edge_set_destroy(drawn);
}

static void
test_an_edge_is_drawn_once_either_way_round(void **state)
{
    (void)state;
    struct edge_set *set = edge_set_create(0);
    const double a[2] = {1.5, -2}, b[2] = {3, 4}, c[2] = {-0.0, 0};
    const double zero[2] = {0, 0};
    assert_true(edge_set_add(set, a, b));
    assert_false(edge_set_add(set, b, a));
    assert_false(edge_set_add(set, a, b));
    assert_true(edge_set_add(set, a, c));
    assert_false(edge_set_add(set, zero, a)); /* -0 is 0 */
    /* Many more, so the table grows and still finds the first. */
    for (int i = 0; i < 5000; i++) {
        double p[2] = {i, i * 0.5}, q[2] = {i + 1, i * 0.5};
        assert_true(edge_set_add(set, p, q));
    }
    assert_false(edge_set_add(set, b, a));
    edge_set_destroy(set);
}

/* A ring above a wiggly border from (0, 0) to (100, 0) and one below it, each starting
 * somewhere else along it and running it the other way. */
enum { BORDER_POINTS = 401 };

static void
make_wiggly_border(double border[2 * BORDER_POINTS])
{
    uint64_t seed = 0x5DEECE66DULL;
    for (size_t i = 0; i < BORDER_POINTS; i++) {
        double x = 100.0 * (double)i / (BORDER_POINTS - 1);
        /* Random wiggles, and a stretch of equal teeth where distances tie exactly. */
        double y = i > 0 && i + 1 < BORDER_POINTS ? 2 * random_unit(&seed) : 0;
        if (i >= 200 && i < 240)
            y = i % 4 == 0 ? 1.5 : 0;
        border[2 * i] = x;
        border[2 * i + 1] = y;
    }
}

/* The kept points of a simplified ring that lie on the border, in the ring's order. */
static size_t
kept_on_border(const double *ring, size_t count, const double *border, double *kept)
{
    size_t k = 0;
    for (size_t i = 0; i + 1 < count; i++) {
        for (size_t j = 0; j < BORDER_POINTS; j++) {
            if (ring[2 * i] == border[2 * j] && ring[2 * i + 1] == border[2 * j + 1]) {
                kept[2 * k] = ring[2 * i];
                kept[2 * k + 1] = ring[2 * i + 1];
                k++;
                break;
            }
        }
    }
    return k;
}

static bool
is_reverse(const double *a, const double *b, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (a[2 * i] != b[2 * (count - 1 - i)] || a[2 * i + 1] != b[2 * (count - 1 - i) + 1])
            return false;
    return true;
}

static void
test_a_shared_zigzag_is_simplified_alike_from_both_rings(void **state)
{
    (void)state;
    double border[2 * BORDER_POINTS];
    make_wiggly_border(border);
    /* Above: the border left to right, then (50, 40). Below: (50, -40), then the border right
     * to left, rotated to start at its 100th point. */
    enum { RING_POINTS = BORDER_POINTS + 2 };
    double above[2 * RING_POINTS], below_straight[2 * (RING_POINTS - 1)], below[2 * RING_POINTS];
    memcpy(above, border, sizeof border);
    above[2 * BORDER_POINTS] = 50;
    above[2 * BORDER_POINTS + 1] = 40;
    above[2 * BORDER_POINTS + 2] = 0;
    above[2 * BORDER_POINTS + 3] = 0;
    below_straight[0] = 50;
    below_straight[1] = -40;
    for (size_t i = 0; i < BORDER_POINTS; i++) {
        below_straight[2 * (i + 1)] = border[2 * (BORDER_POINTS - 1 - i)];
        below_straight[2 * (i + 1) + 1] = border[2 * (BORDER_POINTS - 1 - i) + 1];
    }
    for (size_t i = 0; i < RING_POINTS - 1; i++)
        memcpy(below + 2 * i, below_straight + 2 * ((i + 100) % (RING_POINTS - 1)),
               2 * sizeof *below);
    memcpy(below + 2 * (RING_POINTS - 1), below, 2 * sizeof *below);

    struct topology *topology = topology_create(0);
    topology_add_ring(topology, above, RING_POINTS);
    topology_add_ring(topology, below, RING_POINTS);
    unsigned char anchor[RING_POINTS];
    assert_true(topology_find_anchors(topology, above, RING_POINTS, anchor));
    assert_true(anchor[0] && anchor[BORDER_POINTS - 1]); /* the border's ends */
    assert_false(anchor[1] || anchor[BORDER_POINTS]);

    struct point_buffer a, b;
    point_buffer_init(&a);
    point_buffer_init(&b);
    topology_simplify_ring(topology, above, RING_POINTS, 1.0, &a);
    topology_simplify_ring(topology, below, RING_POINTS, 1.0, &b);
    double kept_a[2 * BORDER_POINTS], kept_b[2 * BORDER_POINTS];
    size_t count_a = kept_on_border(a.xy, a.count, border, kept_a);
    size_t count_b = kept_on_border(b.xy, b.count, border, kept_b);
    assert_true(count_a > 20 && count_a < BORDER_POINTS / 2);
    assert_int_equal(count_a, count_b);
    /* Both start at the first anchor they have, (0, 0): a then runs the border to (100, 0), b
     * goes round below to (100, 0) and runs the border back. */
    assert_true(kept_a[0] == 0 && kept_a[1] == 0 && kept_b[0] == 0 && kept_b[1] == 0);
    assert_true(is_reverse(kept_a + 2, kept_b + 2, count_a - 1));
    /* Every edge along the border is stroked once. */
    const double *rings[] = {above, below};
    const size_t counts[] = {RING_POINTS, RING_POINTS};
    size_t skipped = 0;
    size_t stroked = count_stroked_edges(rings, counts, 2, 1.0, &skipped);
    assert_int_equal(skipped, count_a - 1);
    assert_int_equal(stroked, count_a - 1 + 4);
    point_buffer_fini(&a);
    point_buffer_fini(&b);
    topology_destroy(topology);
}

static void
test_a_ring_inside_another_is_simplified_alike_from_both(void **state)
{
    (void)state;
    /* A lake's shore as the hole of one ring and the outline of another: every point shared,
     * no junction, each ring starting elsewhere and running the other way. */
    enum { COUNT = 361 };
    double outline[2 * COUNT], hole[2 * COUNT];
    uint64_t seed = 99;
    for (size_t i = 0; i + 1 < COUNT; i++) {
        double angle = 2 * 3.141592653589793 * (double)i / (COUNT - 1);
        double radius = 50 + random_unit(&seed);
        outline[2 * i] = radius * cos(angle);
        outline[2 * i + 1] = radius * sin(angle);
    }
    memcpy(outline + 2 * (COUNT - 1), outline, 2 * sizeof *outline);
    for (size_t i = 0; i + 1 < COUNT; i++)
        memcpy(hole + 2 * i, outline + 2 * ((COUNT - 1 + 77 - i) % (COUNT - 1)), 2 * sizeof *hole);
    memcpy(hole + 2 * (COUNT - 1), hole, 2 * sizeof *hole);
    struct topology *topology = topology_create(0);
    topology_add_ring(topology, outline, COUNT);
    topology_add_ring(topology, hole, COUNT);
    struct point_buffer a, b;
    point_buffer_init(&a);
    point_buffer_init(&b);
    topology_simplify_ring(topology, outline, COUNT, 1.0, &a);
    topology_simplify_ring(topology, hole, COUNT, 1.0, &b);
    assert_true(a.count > 8 && a.count < COUNT / 2);
    assert_int_equal(a.count, b.count);
    assert_true(a.xy[0] == b.xy[0] && a.xy[1] == b.xy[1]); /* one start for both */
    assert_true(is_reverse(a.xy, b.xy, a.count));
    point_buffer_fini(&a);
    point_buffer_fini(&b);
    topology_destroy(topology);
}

static void
test_a_ring_that_shares_no_point_is_simplified_as_before(void **state)
{
    (void)state;
    enum { COUNT = 721 };
    double ring[2 * COUNT];
    uint64_t seed = 42;
    for (size_t i = 0; i + 1 < COUNT; i++) {
        double angle = 2 * 3.141592653589793 * (double)i / (COUNT - 1);
        double radius = 100 + random_unit(&seed);
        ring[2 * i] = 300 + radius * cos(angle);
        ring[2 * i + 1] = radius * sin(angle);
    }
    memcpy(ring + 2 * (COUNT - 1), ring, 2 * sizeof *ring);
    struct topology *topology = topology_create(0);
    topology_add_ring(topology, left_square, 5);
    topology_add_ring(topology, right_square, 5);
    topology_add_ring(topology, ring, COUNT);
    unsigned char anchor[COUNT];
    assert_false(topology_find_anchors(topology, ring, COUNT, anchor));
    double expected[2 * COUNT];
    memcpy(expected, ring, sizeof ring);
    size_t expected_count = simplify_line(expected, COUNT, 2);
    struct point_buffer out;
    point_buffer_init(&out);
    assert_int_equal(topology_simplify_ring(topology, ring, COUNT, 2, &out), expected_count);
    assert_memory_equal(out.xy, expected, 2 * expected_count * sizeof *expected);
    /* Without tolerance, nothing changes at all. */
    assert_int_equal(topology_simplify_ring(topology, left_square, 5, 0, &out), 5);
    assert_memory_equal(out.xy, left_square, sizeof left_square);
    point_buffer_fini(&out);
    topology_destroy(topology);
}

static void
test_rings_whose_points_differ_a_little_keep_every_edge(void **state)
{
    (void)state;
    /* The right square's side is off by a nanometre: nothing is shared, all is drawn. */
    double off[10];
    memcpy(off, right_square, sizeof off);
    off[6] += 1e-9;
    off[8] += 1e-9;
    off[0] = off[8];
    const double *rings[] = {left_square, off};
    const size_t counts[] = {5, 5};
    size_t skipped = 0;
    assert_int_equal(count_stroked_edges(rings, counts, 2, 0.25, &skipped), 8);
    assert_int_equal(skipped, 0);
}

static void
test_where_three_rings_meet_is_an_anchor(void **state)
{
    (void)state;
    /* Two squares and a roof over both: (10, 10) is on all three rings. */
    static const double roof[] = {0, 10, 10, 10, 20, 10, 10, 20, 0, 10};
    struct topology *topology = topology_create(0);
    topology_add_ring(topology, left_square, 5);
    topology_add_ring(topology, right_square, 5);
    topology_add_ring(topology, roof, 5);
    unsigned char anchor[5];
    assert_true(topology_find_anchors(topology, roof, 5, anchor));
    const unsigned char expected[5] = {1, 1, 1, 0, 1};
    assert_memory_equal(anchor, expected, sizeof expected);
    topology_destroy(topology);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_squares_sharing_an_edge_stroke_it_once),
        cmocka_unit_test(test_an_edge_is_drawn_once_either_way_round),
        cmocka_unit_test(test_a_shared_zigzag_is_simplified_alike_from_both_rings),
        cmocka_unit_test(test_a_ring_inside_another_is_simplified_alike_from_both),
        cmocka_unit_test(test_a_ring_that_shares_no_point_is_simplified_as_before),
        cmocka_unit_test(test_rings_whose_points_differ_a_little_keep_every_edge),
        cmocka_unit_test(test_where_three_rings_meet_is_an_anchor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
