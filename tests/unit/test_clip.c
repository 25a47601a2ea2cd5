#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "assert_near.h"
#include "geo/clip.h"

static const struct clip_box unit_box = {0, 0, 10, 10};

/* Shoelace area, positive whatever the orientation; the ring may or may not repeat its start. */
static double
ring_area(const double *xy, size_t count)
{
    double twice = 0;
    for (size_t i = 0, j = count - 1; i < count; j = i++)
        twice += xy[2 * j] * xy[2 * i + 1] - xy[2 * i] * xy[2 * j + 1];
    return fabs(twice) / 2;
}

static bool
is_inside_box(double x, double y, struct clip_box box)
{
    const double slack = 1e-9;
    return x >= box.x0 - slack && x <= box.x1 + slack && y >= box.y0 - slack && y <= box.y1 + slack;
}

static bool
is_on_box_edge(double x, double y, struct clip_box box)
{
    const double slack = 1e-9;
    return fabs(x - box.x0) < slack || fabs(x - box.x1) < slack || fabs(y - box.y0) < slack ||
           fabs(y - box.y1) < slack;
}

static void
test_ring_wholly_inside_the_box_is_unchanged(void **state)
{
    (void)state;
    const double ring[] = {2, 2, 8, 2, 8, 7, 5, 9, 2, 7, 2, 2};
    struct point_buffer out;
    point_buffer_init(&out);
    clip_ring_to_box(ring, 6, unit_box, &out);
    assert_int_equal(out.count, 6);
    assert_memory_equal(out.xy, ring, sizeof ring);
    point_buffer_fini(&out);
}

static void
test_ring_crossing_an_edge_is_cut_along_that_edge(void **state)
{
    (void)state;
    /* A square from x -5 to 5 over the box's left edge: the right half stays. */
    const double ring[] = {-5, 2, 5, 2, 5, 8, -5, 8};
    struct point_buffer out;
    point_buffer_init(&out);
    clip_ring_to_box(ring, 4, unit_box, &out);
    assert_true(out.count >= 4);
    size_t on_left_edge = 0;
    for (size_t i = 0; i < out.count; i++) {
        double x = out.xy[2 * i], y = out.xy[2 * i + 1];
        assert_true(is_inside_box(x, y, unit_box));
        if (fabs(x - unit_box.x0) < 1e-12)
            on_left_edge++;
    }
    assert_int_equal(on_left_edge, 2); /* (0, 2) and (0, 8) */
    assert_near(ring_area(out.xy, out.count), 5 * 6, 1e-9);
    point_buffer_fini(&out);
}

static void
test_ring_crossing_two_edges_keeps_the_area_inside(void **state)
{
    (void)state;
    /* A diamond centred on the box's corner (10, 10): a quarter of it is inside. */
    const double ring[] = {10, 6, 14, 10, 10, 14, 6, 10};
    struct point_buffer out;
    point_buffer_init(&out);
    clip_ring_to_box(ring, 4, unit_box, &out);
    assert_true(out.count >= 3);
    for (size_t i = 0; i < out.count; i++)
        assert_true(is_inside_box(out.xy[2 * i], out.xy[2 * i + 1], unit_box));
    assert_near(ring_area(out.xy, out.count), 32.0 / 4, 1e-9);
    point_buffer_fini(&out);
}

static void
test_ring_holding_the_whole_box_becomes_the_box(void **state)
{
    (void)state;
    const double ring[] = {-20, -20, 30, -20, 30, 30, -20, 30};
    struct point_buffer out;
    point_buffer_init(&out);
    clip_ring_to_box(ring, 4, unit_box, &out);
    assert_int_equal(out.count, 4);
    for (size_t i = 0; i < out.count; i++) {
        assert_true(is_inside_box(out.xy[2 * i], out.xy[2 * i + 1], unit_box));
        assert_true(is_on_box_edge(out.xy[2 * i], out.xy[2 * i + 1], unit_box));
    }
    assert_near(ring_area(out.xy, out.count), 100, 1e-9);
    point_buffer_fini(&out);
}

static void
test_concave_ring_keeps_its_area_inside_the_box(void **state)
{
    (void)state;
    /* A U open to the top, sticking out above the box: its two arms are cut at y = 10. */
    const double ring[] = {1, 1, 9, 1, 9, 14, 7, 14, 7, 3, 3, 3, 3, 14, 1, 14};
    struct point_buffer out;
    point_buffer_init(&out);
    clip_ring_to_box(ring, 8, unit_box, &out);
    for (size_t i = 0; i < out.count; i++)
        assert_true(is_inside_box(out.xy[2 * i], out.xy[2 * i + 1], unit_box));
    /* Base 8 x 2, two arms 2 x 7 each. */
    assert_near(ring_area(out.xy, out.count), 16 + 2 * 14, 1e-9);
    point_buffer_fini(&out);
}

/* Sutherland-Hodgman as the textbook has it, all four passes always: the reference for
 * clip_ring_to_box(), which skips the passes against edges a ring does not cross. */
static size_t
reference_pass(const double *in, size_t n, int edge, struct clip_box b, double *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const double *p = in + 2 * ((i + n - 1) % n), *c = in + 2 * i;
        double bound[4] = {b.x0, b.x1, b.y0, b.y1};
        int axis = edge < 2 ? 0 : 1;
        bool p_in = edge % 2 == 0 ? p[axis] >= bound[edge] : p[axis] <= bound[edge];
        bool c_in = edge % 2 == 0 ? c[axis] >= bound[edge] : c[axis] <= bound[edge];
        if (p_in != c_in) {
            double t = (bound[edge] - p[axis]) / (c[axis] - p[axis]);
            out[2 * k + axis] = bound[edge];
            out[2 * k + 1 - axis] = p[1 - axis] + t * (c[1 - axis] - p[1 - axis]);
            k++;
        }
        if (c_in) {
            out[2 * k] = c[0];
            out[2 * k + 1] = c[1];
            k++;
        }
    }
    return k;
}

static void
test_ring_is_cut_as_by_all_four_passes_whichever_edges_it_crosses(void **state)
{
    (void)state;
    enum { N = 61 };
    /* Wobbly rings centred on the box and on each of its sides and corners, small and large:
     * each crosses no edge, one, two, three or all four. */
    const double centres[9][2] = {{5, 5},   {-1, 5},  {11, 5},  {5, -1}, {5, 11},
                                  {-1, -1}, {11, 11}, {-1, 11}, {11, -1}};
    const double radii[3] = {2, 4.5, 8};
    for (int c = 0; c < 9; c++) {
        for (int r = 0; r < 3; r++) {
            double ring[2 * N];
            for (int i = 0; i < N; i++) {
                double a = 2 * 3.14159265358979 * i / N;
                double radius = radii[r] * (1 + 0.3 * sin(7 * a));
                ring[2 * i] = centres[c][0] + radius * cos(a);
                ring[2 * i + 1] = centres[c][1] + radius * sin(a);
            }
            double a[4 * N * 2], b[4 * N * 2];
            memcpy(a, ring, sizeof ring);
            size_t n = N;
            for (int edge = 0; edge < 4; edge++) {
                n = reference_pass(a, n, edge, unit_box, b);
                memcpy(a, b, 2 * n * sizeof *a);
            }
            struct point_buffer out;
            point_buffer_init(&out);
            clip_ring_to_box(ring, N, unit_box, &out);
            assert_int_equal(out.count, n < 3 ? 0 : n);
            if (n >= 3)
                assert_memory_equal(out.xy, a, 2 * n * sizeof *a);
            point_buffer_fini(&out);
        }
    }
}

static void
test_ring_wholly_outside_gives_nothing(void **state)
{
    (void)state;
    const double ring[] = {20, 20, 30, 20, 30, 30, 20, 30};
    struct point_buffer out;
    point_buffer_init(&out);
    point_buffer_push(&out, 1, 1); /* left over from an earlier ring: must be reset */
    clip_ring_to_box(ring, 4, unit_box, &out);
    assert_int_equal(out.count, 0);
    point_buffer_fini(&out);
}

static void
test_ring_outside_but_overlapping_the_box_bounds_gives_nothing(void **state)
{
    (void)state;
    /* Triangles whose bounding boxes meet the box but which themselves pass beside it. */
    const double ring[] = {-5, 3, 3, -5, -5, -5}; /* below x + y = -2 */
    struct point_buffer out;
    point_buffer_init(&out);
    clip_ring_to_box(ring, 3, unit_box, &out);
    assert_int_equal(out.count, 0);
    const double corner_miss[] = {8, 30, 30, 8, 30, 30}; /* bounds overlap at (8..10, 8..10) */
    clip_ring_to_box(corner_miss, 3, unit_box, &out);
    assert_int_equal(out.count, 0);
    point_buffer_fini(&out);
}

static void
test_ring_of_fewer_than_three_points_gives_nothing(void **state)
{
    (void)state;
    const double two[] = {1, 1, 5, 5};
    struct point_buffer out;
    point_buffer_init(&out);
    clip_ring_to_box(two, 2, unit_box, &out);
    assert_int_equal(out.count, 0);
    clip_ring_to_box(NULL, 0, unit_box, &out);
    assert_int_equal(out.count, 0);
    point_buffer_fini(&out);
}

static void
test_point_buffer_grows_and_keeps_what_was_pushed(void **state)
{
    (void)state;
    struct point_buffer buffer;
    point_buffer_init(&buffer);
    for (int i = 0; i < 10000; i++)
        point_buffer_push(&buffer, i, -i);
    assert_int_equal(buffer.count, 10000);
    assert_true(buffer.capacity >= 2 * buffer.count);
    for (int i = 0; i < 10000; i++) {
        assert_true(buffer.xy[2 * i] == i);
        assert_true(buffer.xy[2 * i + 1] == -i);
    }
    point_buffer_fini(&buffer);
    assert_null(buffer.xy);
    assert_int_equal(buffer.count, 0);
}

enum { MAX_PIECES = 8 };

struct pieces {
    size_t count;
    struct point_buffer piece[MAX_PIECES];
};

static void
collect_piece(void *context, const double *xy, size_t count)
{
    struct pieces *pieces = context;
    assert_true(pieces->count < MAX_PIECES);
    assert_true(count >= 2);
    struct point_buffer *piece = &pieces->piece[pieces->count++];
    point_buffer_init(piece);
    for (size_t i = 0; i < count; i++)
        point_buffer_push(piece, xy[2 * i], xy[2 * i + 1]);
}

static void
pieces_fini(struct pieces *pieces)
{
    for (size_t i = 0; i < pieces->count; i++)
        point_buffer_fini(&pieces->piece[i]);
}

static void
test_line_leaving_and_reentering_the_box_gives_two_pieces(void **state)
{
    (void)state;
    /* Starts inside, goes out over the right edge, comes back in, ends inside. */
    const double line[] = {2, 2, 8, 2, 14, 5, 8, 8, 2, 8};
    struct pieces pieces = {0};
    clip_line_to_box(line, 5, unit_box, collect_piece, &pieces);
    assert_int_equal(pieces.count, 2);
    const struct point_buffer *first = &pieces.piece[0], *second = &pieces.piece[1];
    assert_int_equal(first->count, 3);
    assert_near(first->xy[0], 2, 1e-12);
    assert_near(first->xy[1], 2, 1e-12);
    assert_near(first->xy[4], 10, 1e-12); /* leaves at (10, 3) */
    assert_near(first->xy[5], 3, 1e-12);
    assert_int_equal(second->count, 3);
    assert_near(second->xy[0], 10, 1e-12); /* comes back at (10, 7) */
    assert_near(second->xy[1], 7, 1e-12);
    assert_near(second->xy[4], 2, 1e-12);
    assert_near(second->xy[5], 8, 1e-12);
    for (size_t p = 0; p < pieces.count; p++)
        for (size_t i = 0; i < pieces.piece[p].count; i++)
            assert_true(
                is_inside_box(pieces.piece[p].xy[2 * i], pieces.piece[p].xy[2 * i + 1], unit_box));
    pieces_fini(&pieces);
}

static void
test_line_wholly_inside_is_one_unchanged_piece(void **state)
{
    (void)state;
    const double line[] = {1, 1, 3, 4, 6, 2, 9, 9};
    struct pieces pieces = {0};
    clip_line_to_box(line, 4, unit_box, collect_piece, &pieces);
    assert_int_equal(pieces.count, 1);
    assert_int_equal(pieces.piece[0].count, 4);
    assert_memory_equal(pieces.piece[0].xy, line, sizeof line);
    pieces_fini(&pieces);
}

static void
test_line_wholly_outside_gives_no_piece(void **state)
{
    (void)state;
    const double line[] = {-5, -5, -1, 20, 20, 20, 20, 11};
    struct pieces pieces = {0};
    clip_line_to_box(line, 4, unit_box, collect_piece, &pieces);
    assert_int_equal(pieces.count, 0);
    pieces_fini(&pieces);
}

static void
test_line_crossing_the_box_without_a_vertex_inside_gives_its_chord(void **state)
{
    (void)state;
    const double line[] = {-10, 5, 20, 5};
    struct pieces pieces = {0};
    clip_line_to_box(line, 2, unit_box, collect_piece, &pieces);
    assert_int_equal(pieces.count, 1);
    assert_int_equal(pieces.piece[0].count, 2);
    assert_near(pieces.piece[0].xy[0], 0, 1e-12);
    assert_near(pieces.piece[0].xy[1], 5, 1e-12);
    assert_near(pieces.piece[0].xy[2], 10, 1e-12);
    assert_near(pieces.piece[0].xy[3], 5, 1e-12);
    pieces_fini(&pieces);
}

static void
test_line_entering_the_box_starts_its_piece_on_the_edge(void **state)
{
    (void)state;
    const double line[] = {5, -10, 5, 5, 7, 7};
    struct pieces pieces = {0};
    clip_line_to_box(line, 3, unit_box, collect_piece, &pieces);
    assert_int_equal(pieces.count, 1);
    assert_int_equal(pieces.piece[0].count, 3);
    assert_near(pieces.piece[0].xy[0], 5, 1e-12);
    assert_near(pieces.piece[0].xy[1], 0, 1e-12);
    assert_near(pieces.piece[0].xy[4], 7, 1e-12);
    assert_near(pieces.piece[0].xy[5], 7, 1e-12);
    pieces_fini(&pieces);
}

static void
test_line_is_split_at_an_unprojectable_point(void **state)
{
    (void)state;
    const double line[] = {1, 1, 2, 2, HUGE_VAL, HUGE_VAL, 3, 3, 4, 4};
    struct pieces pieces = {0};
    clip_line_to_box(line, 5, unit_box, collect_piece, &pieces);
    assert_int_equal(pieces.count, 2);
    assert_int_equal(pieces.piece[0].count, 2);
    assert_int_equal(pieces.piece[1].count, 2);
    assert_near(pieces.piece[0].xy[2], 2, 1e-12);
    assert_near(pieces.piece[1].xy[0], 3, 1e-12);
    pieces_fini(&pieces);
}

static void
test_line_of_one_point_gives_no_piece(void **state)
{
    (void)state;
    const double point[] = {5, 5};
    struct pieces pieces = {0};
    clip_line_to_box(point, 1, unit_box, collect_piece, &pieces);
    clip_line_to_box(NULL, 0, unit_box, collect_piece, &pieces);
    assert_int_equal(pieces.count, 0);
}

static bool
has_repeated_point(const struct point_buffer *piece)
{
    for (size_t i = 1; i < piece->count; i++)
        if (piece->xy[2 * i] == piece->xy[2 * i - 2] &&
            piece->xy[2 * i + 1] == piece->xy[2 * i - 1])
            return true;
    return false;
}

/* BUG (clip.c clip_line_to_box): a segment that only touches the box (t0 == t1) still counts as
 * inside. A line grazing a corner gives the zero-length piece (0,0) (0,0), drawn as a dot with
 * round caps; a vertex lying on the box edge is emitted twice, (5,5) (10,5) (10,5), leaving a
 * zero-length last segment that has no direction for an arrowhead. */
/* Clips a line and reports the pieces' count and whether any repeats a point; frees them, so a
 * failing assertion afterwards leaks nothing. */
static size_t
count_clean_pieces(const double *line, size_t count, bool *has_repeat, size_t *first_count)
{
    struct pieces pieces = {0};
    clip_line_to_box(line, count, unit_box, collect_piece, &pieces);
    *has_repeat = false;
    *first_count = pieces.count > 0 ? pieces.piece[0].count : 0;
    for (size_t i = 0; i < pieces.count; i++)
        *has_repeat = *has_repeat || has_repeated_point(&pieces.piece[i]);
    size_t piece_count = pieces.count;
    pieces_fini(&pieces);
    return piece_count;
}

/* BUG (clip.c clip_line_to_box): a segment that only touches the box (t0 == t1) still counts as
 * inside. A line grazing a corner gives the zero-length piece (0,0) (0,0), drawn as a dot with
 * round caps; a vertex lying on the box edge is emitted twice, (5,5) (10,5) (10,5), leaving a
 * zero-length last segment that has no direction for an arrowhead. */
static void
test_bug_line_pieces_have_no_zero_length_segments(void **state)
{
    (void)state;
    bool has_repeat;
    size_t first_count;
    const double grazes_corner[] = {-1, 1, 1, -1};
    assert_int_equal(count_clean_pieces(grazes_corner, 2, &has_repeat, &first_count), 0);

    const double leaves_from_the_edge[] = {5, 5, 10, 5, 15, 5};
    assert_int_equal(count_clean_pieces(leaves_from_the_edge, 3, &has_repeat, &first_count), 1);
    assert_false(has_repeat);
    assert_int_equal(first_count, 2);

    const double enters_at_the_edge[] = {-5, 5, 0, 5, 5, 5};
    assert_int_equal(count_clean_pieces(enters_at_the_edge, 3, &has_repeat, &first_count), 1);
    assert_false(has_repeat);
    assert_int_equal(first_count, 2);
}

static double
largest_longitude_step(const struct point_buffer *ring, size_t upto)
{
    double largest = 0;
    for (size_t i = 1; i < upto; i++)
        largest = fmax(largest, fabs(ring->xy[2 * i] - ring->xy[2 * (i - 1)]));
    return largest;
}

static void
test_unwrap_makes_a_ring_over_the_antimeridian_continuous(void **state)
{
    (void)state;
    /* Like Fiji's Vanua Levu: from 179.9 E the ring jumps to 179.9 W and back. */
    const double ring[] = {179.0, -16.0,  179.9, -16.2, -179.9, -16.5, -179.5,
                           -16.9, -179.9, -17.2, 179.5, -17.0,  179.0, -16.0};
    struct point_buffer out;
    point_buffer_init(&out);
    clip_unwrap_ring(ring, 7, &out);
    assert_int_equal(out.count, 7); /* no pole closure */
    assert_true(largest_longitude_step(&out, out.count) < 180);
    assert_near(out.xy[4], 180.1, 1e-9);
    assert_near(out.xy[6], 180.5, 1e-9);
    assert_near(out.xy[8], 180.1, 1e-9);
    /* Latitudes are untouched; the ring still closes where it started. */
    for (size_t i = 0; i < out.count; i++)
        assert_true(out.xy[2 * i + 1] == ring[2 * i + 1]);
    assert_near(out.xy[2 * 6], out.xy[0], 1e-9);
    point_buffer_fini(&out);
}

static void
test_unwrap_from_the_western_side_goes_below_minus_180(void **state)
{
    (void)state;
    const double ring[] = {-179.5, 65.0, -179.9, 66.0, 179.8, 66.5, 179.0, 65.5, -179.5, 65.0};
    struct point_buffer out;
    point_buffer_init(&out);
    clip_unwrap_ring(ring, 5, &out);
    assert_int_equal(out.count, 5);
    assert_true(largest_longitude_step(&out, out.count) < 180);
    assert_near(out.xy[4], -180.2, 1e-9);
    assert_near(out.xy[6], -181.0, 1e-9);
    point_buffer_fini(&out);
}

static void
test_unwrap_leaves_an_ordinary_ring_alone(void **state)
{
    (void)state;
    const double ring[] = {14.1, 49.0, 24.1, 49.0, 24.1, 54.8, 14.1, 54.8, 14.1, 49.0};
    struct point_buffer out;
    point_buffer_init(&out);
    point_buffer_push(&out, 99, 99); /* must be reset */
    clip_unwrap_ring(ring, 5, &out);
    assert_int_equal(out.count, 5);
    assert_memory_equal(out.xy, ring, sizeof ring);
    clip_unwrap_ring(NULL, 0, &out);
    assert_int_equal(out.count, 0);
    point_buffer_fini(&out);
}

/* A ring round the north pole at 70 N, as a shapefile stores it: -180 .. 180 and back to -180. */
static size_t
make_arctic_ring(double *xy, double lat)
{
    size_t n = 0;
    for (int lon = -170; lon <= 170; lon += 20) {
        xy[2 * n] = lon;
        xy[2 * n + 1] = lat;
        n++;
    }
    xy[2 * n] = -170; /* closes the ring: a jump of -340 degrees */
    xy[2 * n + 1] = lat;
    return n + 1;
}

static void
test_unwrap_closes_a_ring_round_the_north_pole_along_the_pole(void **state)
{
    (void)state;
    double ring[2 * 20];
    size_t count = make_arctic_ring(ring, 70);
    struct point_buffer out;
    point_buffer_init(&out);
    clip_unwrap_ring(ring, count, &out);
    assert_true(out.count > count);
    /* Continuous up to the closing point, which unwraps to 190 E. */
    assert_true(largest_longitude_step(&out, count) < 180);
    assert_near(out.xy[2 * (count - 1)], 190, 1e-9);
    size_t at_pole = 0;
    for (size_t i = count; i < out.count; i++)
        if (out.xy[2 * i + 1] == 90)
            at_pole++;
    assert_int_equal(at_pole, 2);
    /* Closed again at the start, and covering the whole cap: 360 deg x 20 deg. */
    assert_near(out.xy[2 * (out.count - 1)], out.xy[0], 1e-9);
    assert_near(out.xy[2 * (out.count - 1) + 1], out.xy[1], 1e-9);
    assert_near(ring_area(out.xy, out.count), 360.0 * 20, 1e-6);
    point_buffer_fini(&out);
}

static void
test_unwrap_closes_a_ring_round_the_south_pole_along_the_south_pole(void **state)
{
    (void)state;
    double ring[2 * 20];
    size_t count = make_arctic_ring(ring, -65);
    struct point_buffer out;
    point_buffer_init(&out);
    clip_unwrap_ring(ring, count, &out);
    size_t at_south_pole = 0;
    for (size_t i = 0; i < out.count; i++) {
        assert_true(out.xy[2 * i + 1] != 90);
        if (out.xy[2 * i + 1] == -90)
            at_south_pole++;
    }
    assert_int_equal(at_south_pole, 2);
    assert_near(ring_area(out.xy, out.count), 360.0 * 25, 1e-6);
    point_buffer_fini(&out);
}

/* A square window turned 45 degrees (a diamond of "radius" 10 about the origin), clockwise in
 * y-up terms, as the globe's rim is in page points. */
static const double diamond[] = {10, 0, 0, -10, -10, 0, 0, 10};

static bool
is_inside_diamond(double x, double y)
{
    return fabs(x) + fabs(y) <= 10 + 1e-9;
}

static void
test_convex_clip_keeps_a_ring_inside_the_window_unchanged(void **state)
{
    (void)state;
    const double ring[] = {-2, -2, 3, -2, 3, 3, -2, 3};
    struct point_buffer out;
    point_buffer_init(&out);
    clip_ring_to_convex(ring, 4, diamond, 4, &out);
    assert_int_equal(out.count, 4);
    assert_memory_equal(out.xy, ring, sizeof ring);
    point_buffer_fini(&out);
}

static void
test_convex_clip_cuts_a_ring_along_the_window_either_winding(void **state)
{
    (void)state;
    /* A square of side 20 centred on the origin holds the diamond: the result is the diamond,
     * area 200, whichever way the window winds. */
    const double ring[] = {-10, -10, 10, -10, 10, 10, -10, 10};
    const double reversed[] = {0, 10, -10, 0, 0, -10, 10, 0};
    const double *windows[] = {diamond, reversed};
    for (size_t w = 0; w < 2; w++) {
        struct point_buffer out;
        point_buffer_init(&out);
        clip_ring_to_convex(ring, 4, windows[w], 4, &out);
        assert_true(out.count >= 4);
        for (size_t i = 0; i < out.count; i++)
            assert_true(is_inside_diamond(out.xy[2 * i], out.xy[2 * i + 1]));
        assert_near(ring_area(out.xy, out.count), 200, 1e-9);
        point_buffer_fini(&out);
    }
}

static void
test_convex_clip_keeps_the_part_of_a_crossing_ring_inside(void **state)
{
    (void)state;
    /* The square [0, 10] x [0, 10]: its corner triangle under x + y <= 10 is inside, area 50. */
    const double ring[] = {0, 0, 10, 0, 10, 10, 0, 10};
    struct point_buffer out;
    point_buffer_init(&out);
    clip_ring_to_convex(ring, 4, diamond, 4, &out);
    assert_true(out.count >= 3);
    for (size_t i = 0; i < out.count; i++)
        assert_true(is_inside_diamond(out.xy[2 * i], out.xy[2 * i + 1]));
    assert_near(ring_area(out.xy, out.count), 50, 1e-9);
    point_buffer_fini(&out);
}

static void
test_convex_clip_of_a_ring_outside_the_window_is_empty(void **state)
{
    (void)state;
    const double ring[] = {20, 20, 30, 20, 30, 30};
    struct point_buffer out;
    point_buffer_init(&out);
    point_buffer_push(&out, 1, 1); /* reset first */
    clip_ring_to_convex(ring, 3, diamond, 4, &out);
    assert_int_equal(out.count, 0);
    point_buffer_fini(&out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ring_wholly_inside_the_box_is_unchanged),
        cmocka_unit_test(test_ring_crossing_an_edge_is_cut_along_that_edge),
        cmocka_unit_test(test_ring_crossing_two_edges_keeps_the_area_inside),
        cmocka_unit_test(test_ring_is_cut_as_by_all_four_passes_whichever_edges_it_crosses),
        cmocka_unit_test(test_ring_holding_the_whole_box_becomes_the_box),
        cmocka_unit_test(test_concave_ring_keeps_its_area_inside_the_box),
        cmocka_unit_test(test_ring_wholly_outside_gives_nothing),
        cmocka_unit_test(test_ring_outside_but_overlapping_the_box_bounds_gives_nothing),
        cmocka_unit_test(test_ring_of_fewer_than_three_points_gives_nothing),
        cmocka_unit_test(test_point_buffer_grows_and_keeps_what_was_pushed),
        cmocka_unit_test(test_line_leaving_and_reentering_the_box_gives_two_pieces),
        cmocka_unit_test(test_line_wholly_inside_is_one_unchanged_piece),
        cmocka_unit_test(test_line_wholly_outside_gives_no_piece),
        cmocka_unit_test(test_line_crossing_the_box_without_a_vertex_inside_gives_its_chord),
        cmocka_unit_test(test_line_entering_the_box_starts_its_piece_on_the_edge),
        cmocka_unit_test(test_line_is_split_at_an_unprojectable_point),
        cmocka_unit_test(test_line_of_one_point_gives_no_piece),
        cmocka_unit_test(test_bug_line_pieces_have_no_zero_length_segments),
        cmocka_unit_test(test_unwrap_makes_a_ring_over_the_antimeridian_continuous),
        cmocka_unit_test(test_unwrap_from_the_western_side_goes_below_minus_180),
        cmocka_unit_test(test_unwrap_leaves_an_ordinary_ring_alone),
        cmocka_unit_test(test_unwrap_closes_a_ring_round_the_north_pole_along_the_pole),
        cmocka_unit_test(test_unwrap_closes_a_ring_round_the_south_pole_along_the_south_pole),
        cmocka_unit_test(test_convex_clip_keeps_a_ring_inside_the_window_unchanged),
        cmocka_unit_test(test_convex_clip_cuts_a_ring_along_the_window_either_winding),
        cmocka_unit_test(test_convex_clip_keeps_the_part_of_a_crossing_ring_inside),
        cmocka_unit_test(test_convex_clip_of_a_ring_outside_the_window_is_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
