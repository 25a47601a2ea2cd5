#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/thin_lines.h"

enum { SIDE = 240 };
static const double PI = 3.14159265358979323846;

/* A SIDE x SIDE image of one opaque colour (ARGB32 words, as cairo keeps them). */
static uint32_t *
image_filled(uint32_t pixel)
{
    uint32_t *pixels = malloc(sizeof *pixels * SIDE * SIDE);
    assert_non_null(pixels);
    for (size_t i = 0; i < SIDE * SIDE; i++)
        pixels[i] = pixel;
    return pixels;
}

static struct thin_line_image
whole(uint32_t *pixels, int row0, int row1)
{
    struct thin_line_image image = {(unsigned char *)pixels, SIDE * 4, SIDE, row0, row1, NULL};
    return image;
}

/* Of a black line over white: how dark each pixel is, 0..1, summed. */
static double
ink(const uint32_t *pixels)
{
    double sum = 0;
    for (size_t i = 0; i < SIDE * SIDE; i++)
        sum += (255 - (pixels[i] & 0xffu)) / 255.0;
    return sum;
}

static struct scene_geometry
line_of(struct page_xy *points, size_t count, size_t *starts, bool is_closed)
{
    starts[0] = 0;
    struct scene_geometry g = {.points = points,
                               .point_count = count,
                               .subpath_starts = starts,
                               .subpath_count = 1,
                               .is_closed = is_closed};
    return g;
}

static const struct rgba black = {0, 0, 0, 1};

/* A new white image with one black line (or ring) drawn on it, `scale` pixels a point. */
static uint32_t *
drawn(struct page_xy *points, size_t count, bool is_closed, double scale, double width_px)
{
    uint32_t *pixels = image_filled(0xffffffffu);
    size_t starts[1];
    struct scene_geometry g = line_of(points, count, starts, is_closed);
    struct thin_line_image image = whole(pixels, 0, SIDE);
    thin_lines_draw(&image, &g, scale, width_px, black, NULL);
    return pixels;
}

/* Each pixel is as dark as the part of it the line covers: a line's ink is its area (length by
 * width, and its round caps), at any angle and width, within the sixteenths it is drawn in. */
static void
test_ink_is_the_area_of_the_line_at_any_angle(void **state)
{
    (void)state;
    const double widths[] = {0.5, 0.67, 0.9, 1.0, 1.5};
    for (size_t w = 0; w < 5; w++) {
        for (int degrees = 0; degrees <= 90; degrees += 15) {
            uint32_t *pixels = image_filled(0xffffffffu);
            double a = degrees * PI / 180, length = 150;
            struct page_xy points[2] = {
                {120.3 - length / 2 * cos(a), 120.17 - length / 2 * sin(a)},
                {120.3 + length / 2 * cos(a), 120.17 + length / 2 * sin(a)}};
            size_t starts[1];
            struct scene_geometry g = line_of(points, 2, starts, false);
            struct thin_line_image image = whole(pixels, 0, SIDE);
            thin_lines_draw(&image, &g, 1, widths[w], black, NULL);
            double area = widths[w] * length + PI * widths[w] * widths[w] / 4;
            double measured = ink(pixels);
            if (fabs(measured / area - 1) > 0.04)
                fail_msg("width %g at %d degrees: ink %g, area %g", widths[w], degrees, measured,
                         area);
            free(pixels);
        }
    }
}

/* Where segments meet or overlap (a join, a border drawn twice), the line is as dark as one
 * segment: one stroke, not two laid over each other. */
static void
test_overlapping_segments_darken_no_more_than_one(void **state)
{
    (void)state;
    struct page_xy one[2] = {{20.2, 30.7}, {200.9, 150.4}};
    struct page_xy back_and_forth[3] = {{20.2, 30.7}, {200.9, 150.4}, {20.2, 30.7}};
    uint32_t *once = drawn(one, 2, false, 1, 0.8), *twice = drawn(back_and_forth, 3, false, 1, 0.8);
    assert_memory_equal(once, twice, sizeof *once * SIDE * SIDE);
    free(once);
    free(twice);
}

/* An image's bands each draw their rows: together, the pixels of the image drawn whole. */
static void
test_bands_of_rows_draw_the_pixels_of_the_whole(void **state)
{
    (void)state;
    struct page_xy ring[7] = {{10.5, 5.1},    {230.2, 60.7}, {120.4, 119.9}, {200.3, 235.6},
                              {15.8, 180.05}, {119.6, 121},  {60.1, 100.2}};
    size_t starts[1];
    struct scene_geometry g = line_of(ring, 7, starts, true);
    uint32_t *all = image_filled(0xff336699u), *banded = image_filled(0xff336699u);
    struct thin_line_image image = whole(all, 0, SIDE);
    thin_lines_draw(&image, &g, 1, 1.2, (struct rgba){0.9, 0.8, 0.1, 0.7}, NULL);
    const int seams[] = {0, 77, 120, 121, 199, SIDE};
    for (int k = 0; k < 5; k++) {
        image = whole(banded, seams[k], seams[k + 1]);
        thin_lines_draw(&image, &g, 1, 1.2, (struct rgba){0.9, 0.8, 0.1, 0.7}, NULL);
    }
    assert_memory_equal(all, banded, sizeof *all * SIDE * SIDE);
    free(all);
    free(banded);
}

/* Nothing is drawn outside the clip; a pixel it cuts is covered as far as it leaves it. */
static void
test_clip_box_cuts_the_line_with_partial_pixels_at_its_edges(void **state)
{
    (void)state;
    struct page_xy across[2] = {{0, 100.5}, {SIDE, 100.5}}; /* one pixel row, whole */
    size_t starts[1];
    struct scene_geometry g = line_of(across, 2, starts, false);
    uint32_t *pixels = image_filled(0xffffffffu);
    struct thin_line_image image = whole(pixels, 0, SIDE);
    struct page_box clip = {40.5, 20, 180, 220};
    thin_lines_draw(&image, &g, 1, 1, black, &clip);
    for (int x = 0; x < SIDE; x++) {
        unsigned blue = pixels[100 * SIDE + x] & 0xffu;
        if (x < 40 || x >= 180)
            assert_int_equal(blue, 255);
        else if (x == 40)
            assert_in_range(blue, 120, 135); /* half the pixel is inside the clip */
        else
            assert_int_equal(blue, 0);
    }
    for (int y = 0; y < SIDE; y++)
        if (y != 100)
            assert_int_equal(pixels[y * SIDE + 100], 0xffffffffu);
    free(pixels);
}

/* The colour is laid over what is there: fully covered pixels take it as it is (at its
 * opacity), premultiplied. */
static void
test_covered_pixels_take_the_colour_at_its_opacity(void **state)
{
    (void)state;
    struct page_xy across[2] = {{0, 50.5}, {SIDE, 50.5}};
    size_t starts[1];
    struct scene_geometry g = line_of(across, 2, starts, false);
    uint32_t *pixels = image_filled(0xff000000u); /* opaque black */
    struct thin_line_image image = whole(pixels, 0, SIDE);
    thin_lines_draw(&image, &g, 1, 1.5, (struct rgba){1, 0.5, 0, 1}, NULL);
    assert_int_equal(pixels[50 * SIDE + 120], 0xffff8000u);
    free(pixels);
    pixels = image_filled(0xffffffffu);
    image = whole(pixels, 0, SIDE);
    thin_lines_draw(&image, &g, 1, 1.5, (struct rgba){0, 0, 0, 0.5}, NULL);
    uint32_t grey = pixels[50 * SIDE + 120];
    assert_true(grey == 0xff7f7f7fu || grey == 0xff808080u); /* half of 255, either way */
    free(pixels);
}

/* As cairo strokes a path: points that are not numbers are passed over, a subpath of one
 * point draws nothing, one of a point twice a round dot, and a closed one its last side. */
static void
test_subpaths_are_drawn_as_cairo_strokes_them(void **state)
{
    (void)state;
    size_t starts[1];
    struct thin_line_image image;
    uint32_t *pixels = image_filled(0xffffffffu);
    struct page_xy lone[1] = {{100, 100}};
    struct scene_geometry g = line_of(lone, 1, starts, false);
    image = whole(pixels, 0, SIDE);
    thin_lines_draw(&image, &g, 1, 1.5, black, NULL);
    assert_true(ink(pixels) == 0);
    struct page_xy twice[2] = {{100, 100}, {100, 100}};
    g = line_of(twice, 2, starts, false);
    thin_lines_draw(&image, &g, 1, 1.5, black, NULL);
    /* A disc 1.5 wide, measured as if its edge were straight: a little darker than its area
     * (a quarter more; no map draws one, and a line's round ends are too small to tell). */
    double disc = PI * 0.75 * 0.75;
    assert_true(ink(pixels) > 0.9 * disc && ink(pixels) < 1.35 * disc);
    free(pixels);

    struct page_xy gap[4] = {{20, 20}, {NAN, 50}, {200, 30}, {120, 200}};
    struct page_xy plain[3] = {{20, 20}, {200, 30}, {120, 200}};
    uint32_t *with_nan = drawn(gap, 4, true, 1, 1), *without = drawn(plain, 3, true, 1, 1);
    assert_memory_equal(with_nan, without, sizeof *without * SIDE * SIDE);
    /* The closing side, from (120, 200) back to (20, 20), passes (70, 110). */
    assert_int_not_equal(without[110 * SIDE + 70] & 0xffu, 255);
    free(with_nan);
    free(without);
}

/* Points are page points, `scale` pixels each. */
static void
test_points_are_scaled_to_pixels(void **state)
{
    (void)state;
    struct page_xy half[2] = {{10, 25.25}, {110, 25.25}};
    struct page_xy full[2] = {{20, 50.5}, {220, 50.5}};
    uint32_t *scaled = drawn(half, 2, false, 2, 1), *direct = drawn(full, 2, false, 1, 1);
    assert_memory_equal(scaled, direct, sizeof *direct * SIDE * SIDE);
    free(scaled);
    free(direct);
}

/* Lines drawn one after another through one scratch mask, clipped or not, in bands or whole:
 * the same pixels as each with a mask of its own, and the mask all zero after each. */
static void
test_lines_sharing_a_scratch_mask_draw_as_each_alone(void **state)
{
    (void)state;
    struct page_xy border[5] = {{10, 12}, {200, 40}, {230, 190}, {40, 220}, {12, 100}};
    struct page_xy river[3] = {{5, 230}, {120, 5}, {235, 150}};
    struct page_box box = {30.5, 20.25, 180.75, 200.5};
    size_t starts[1];
    const struct rgba red = {0.8, 0.1, 0.1, 0.7};
    uint32_t *alone = image_filled(0xff406080u), *shared = image_filled(0xff406080u);
    struct thin_line_scratch scratch = {0};
    const int bands[3][2] = {{0, 100}, {100, SIDE}, {0, SIDE}};
    for (int b = 0; b < 3; b++) {
        struct thin_line_image own = whole(alone, bands[b][0], bands[b][1]);
        struct thin_line_image reused = whole(shared, bands[b][0], bands[b][1]);
        reused.scratch = &scratch;
        struct scene_geometry g = line_of(border, 5, starts, true);
        thin_lines_draw(&own, &g, 1, 1.2, black, NULL);
        thin_lines_draw(&reused, &g, 1, 1.2, black, NULL);
        g = line_of(river, 3, starts, false);
        thin_lines_draw(&own, &g, 1, 0.7, red, &box);
        thin_lines_draw(&reused, &g, 1, 0.7, red, &box);
        assert_memory_equal(alone, shared, sizeof *alone * SIDE * SIDE);
        assert_non_null(scratch.cover);
        for (size_t i = 0; i < scratch.cover_size; i++)
            assert_int_equal(scratch.cover[i], 0);
        for (size_t i = 0; i < scratch.touched_size; i++)
            assert_int_equal(scratch.touched[i], 0);
    }
    thin_line_scratch_fini(&scratch);
    assert_null(scratch.cover);
    free(alone);
    free(shared);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ink_is_the_area_of_the_line_at_any_angle),
        cmocka_unit_test(test_overlapping_segments_darken_no_more_than_one),
        cmocka_unit_test(test_bands_of_rows_draw_the_pixels_of_the_whole),
        cmocka_unit_test(test_clip_box_cuts_the_line_with_partial_pixels_at_its_edges),
        cmocka_unit_test(test_covered_pixels_take_the_colour_at_its_opacity),
        cmocka_unit_test(test_subpaths_are_drawn_as_cairo_strokes_them),
        cmocka_unit_test(test_points_are_scaled_to_pixels),
        cmocka_unit_test(test_lines_sharing_a_scratch_mask_draw_as_each_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
