#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/files.h"
#include "render/output.h"
#include "render/text_shaping.h"
#include "write_text.h"

static const uint32_t WHITE = 0xffffffff;
static const uint32_t RED = 0xffff0000;
static const uint32_t BLUE = 0xff0000ff;

/* A fresh directory per test, removed with everything in it afterwards. */
static int
setup_directory(void **state)
{
    char *dir = strdup("/tmp/posture-test-cairo-XXXXXX");
    if (dir == NULL || mkdtemp(dir) == NULL) {
        free(dir);
        return -1;
    }
    *state = dir;
    return 0;
}

static int
teardown_directory(void **state)
{
    char *dir = *state;
    DIR *listing = opendir(dir);
    if (listing != NULL) {
        struct dirent *entry;
        while ((entry = readdir(listing)) != NULL) {
            if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
                continue;
            char *path = files_join(dir, entry->d_name);
            (void)unlink(path);
            free(path);
        }
        closedir(listing);
    }
    (void)rmdir(dir);
    free(dir);
    return 0;
}

static size_t
count_files(const char *dir)
{
    size_t count = 0;
    DIR *listing = opendir(dir);
    assert_non_null(listing);
    struct dirent *entry;
    while ((entry = readdir(listing)) != NULL)
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
            count++;
    closedir(listing);
    return count;
}

static void
add_rectangle(struct scene *scene, enum scene_layer layer, double x0, double y0, double x1,
              double y1, const struct scene_paint *paint, const struct scene_geometry *clip)
{
    struct geometry_builder builder;
    geometry_builder_init(&builder);
    geometry_builder_move_to(&builder, (struct page_xy){x0, y0});
    geometry_builder_line_to(&builder, (struct page_xy){x1, y0});
    geometry_builder_line_to(&builder, (struct page_xy){x1, y1});
    geometry_builder_line_to(&builder, (struct page_xy){x0, y1});
    struct scene_geometry geometry = geometry_builder_view(&builder, true);
    struct scene_item *item = scene_add_path(scene, layer, NULL, &geometry, paint);
    item->clip = clip;
    geometry_builder_fini(&builder);
}

static struct scene_paint
solid(struct rgba colour)
{
    struct scene_paint paint = {.pattern = PATTERN_SOLID, .fill = colour};
    return paint;
}

/* A white 100 x 80 pt page with a red square from (20, 30) to (40, 50). */
static struct scene *
red_square_scene(void)
{
    struct scene *scene = scene_create(100, 80);
    scene_set_title(scene, "Red square", NULL);
    struct scene_paint white = solid(rgba_make(1, 1, 1, 1));
    struct scene_paint red = solid(rgba_make(1, 0, 0, 1));
    add_rectangle(scene, LAYER_COUNTRIES, 20, 30, 40, 50, &red, NULL);
    add_rectangle(scene, LAYER_BACKGROUND, 0, 0, 100, 80, &white, NULL);
    return scene;
}

static uint32_t
pixel(const struct output_raster *raster, int x, int y)
{
    assert_in_range(x, 0, raster->width_px - 1);
    assert_in_range(y, 0, raster->height_px - 1);
    return raster->pixels[(size_t)y * (size_t)raster->width_px + (size_t)x];
}

static void
test_output_format_follows_the_extension_in_any_case(void **state)
{
    (void)state;
    assert_int_equal(output_format_from_path("map.png"), OUTPUT_PNG);
    assert_int_equal(output_format_from_path("out/MAP.PNG"), OUTPUT_PNG);
    assert_int_equal(output_format_from_path("a.b/map.Svg"), OUTPUT_SVG);
    assert_int_equal(output_format_from_path("map.pdf"), OUTPUT_PDF);
    assert_int_equal(output_format_from_path("map.jpeg"), OUTPUT_UNKNOWN);
    assert_int_equal(output_format_from_path("png"), OUTPUT_UNKNOWN);
    assert_int_equal(output_format_from_path("dir.png/map"), OUTPUT_UNKNOWN);
}

static void
test_png_has_red_pixels_where_the_square_is_and_background_elsewhere(void **state)
{
    char *path = files_join(*state, "map.png");
    struct scene *scene = red_square_scene();
    struct posture_error err = {0};
    assert_int_equal(cairo_output_write(scene, path, OUTPUT_PNG, 1, &err), POSTURE_OK);

    struct output_raster raster;
    assert_int_equal(cairo_output_read_png(path, &raster, &err), POSTURE_OK);
    assert_int_equal(raster.width_px, 100);
    assert_int_equal(raster.height_px, 80);
    assert_int_equal(pixel(&raster, 30, 40), RED);
    assert_int_equal(pixel(&raster, 20, 30), RED);
    assert_int_equal(pixel(&raster, 39, 49), RED);
    assert_int_equal(pixel(&raster, 19, 40), WHITE);
    assert_int_equal(pixel(&raster, 40, 40), WHITE);
    assert_int_equal(pixel(&raster, 5, 5), WHITE);
    assert_int_equal(pixel(&raster, 99, 79), WHITE);
    output_raster_fini(&raster);
    scene_destroy(scene);
    free(path);
}

static void
test_png_at_scale_2_has_twice_the_pixels_with_the_same_layout(void **state)
{
    char *path = files_join(*state, "map@2x.png");
    struct scene *scene = red_square_scene();
    struct posture_error err = {0};
    assert_int_equal(cairo_output_write(scene, path, OUTPUT_PNG, 2, &err), POSTURE_OK);

    struct output_raster raster;
    assert_int_equal(cairo_output_read_png(path, &raster, &err), POSTURE_OK);
    assert_int_equal(raster.width_px, 200);
    assert_int_equal(raster.height_px, 160);
    assert_int_equal(pixel(&raster, 40, 60), RED);
    assert_int_equal(pixel(&raster, 79, 99), RED);
    assert_int_equal(pixel(&raster, 80, 99), WHITE);
    assert_int_equal(pixel(&raster, 39, 60), WHITE);
    output_raster_fini(&raster);
    scene_destroy(scene);
    free(path);
}

static void
test_png_size_rounds_fractional_points_up(void **state)
{
    (void)state;
    struct scene *scene = scene_create(100.5, 80.2);
    struct output_raster raster;
    struct posture_error err = {0};
    assert_int_equal(cairo_output_render_raster(scene, 1, &raster, &err), POSTURE_OK);
    assert_int_equal(raster.width_px, 101);
    assert_int_equal(raster.height_px, 81);
    output_raster_fini(&raster);
    scene_destroy(scene);
}

/* The image is filled with an opaque page colour directly only where the page covers every
 * pixel; here the last column is half covered and must stay half transparent. */
static void
test_a_page_short_of_the_last_pixel_leaves_it_part_clear(void **state)
{
    (void)state;
    struct scene *scene = scene_create(100.5, 80.2);
    struct scene_paint white = solid(rgba_make(1, 1, 1, 1));
    add_rectangle(scene, LAYER_BACKGROUND, 0, 0, 100.5, 80.2, &white, NULL);
    struct output_raster raster;
    struct posture_error err = {0};
    assert_int_equal(cairo_output_render_raster(scene, 1, &raster, &err), POSTURE_OK);
    assert_int_equal(pixel(&raster, 50, 40), WHITE);
    uint32_t edge = pixel(&raster, 100, 40);
    assert_in_range(edge >> 24, 100, 160); /* about half covered */
    output_raster_fini(&raster);
    scene_destroy(scene);
}

/* Reads back the PNG a cached or uncached write makes of the scene. */
static void
write_and_read(struct scene *scene, struct raster_cache *cache, const char *path,
               struct output_raster *raster)
{
    struct posture_error err = {0};
    assert_int_equal(cairo_output_write_cached(scene, NULL, cache, path, OUTPUT_PNG, 1, &err),
                     POSTURE_OK);
    assert_int_equal(cairo_output_read_png(path, raster, &err), POSTURE_OK);
}

/* A batch keeps the basemap of two maps in a row and starts later ones from it: the first
 * render draws all, the second keeps, the third and fourth start from the copy. Every one has
 * the pixels of a render without the cache, and a map with another basemap is drawn afresh. */
static void
test_a_cached_basemap_gives_the_same_pixels(void **state)
{
    char *path = files_join(*state, "cached.png");
    struct raster_cache *cache = raster_cache_create();
    struct scene_paint blue = solid(rgba_make(0, 0, 1, 1));
    struct scene *scene = red_square_scene();
    add_rectangle(scene, LAYER_POSITIONS, 50, 10, 70, 30, &blue, NULL);
    struct output_raster plain, cached;
    write_and_read(scene, NULL, path, &plain);
    for (int k = 0; k < 4; k++) {
        write_and_read(scene, cache, path, &cached);
        assert_memory_equal(cached.pixels, plain.pixels,
                            sizeof *plain.pixels * (size_t)plain.width_px * plain.height_px);
        output_raster_fini(&cached);
    }
    output_raster_fini(&plain);
    struct scene *other = scene_create(100, 80);
    struct scene_paint white = solid(rgba_make(1, 1, 1, 1));
    struct scene_paint green = solid(rgba_make(0, 1, 0, 1));
    add_rectangle(other, LAYER_BACKGROUND, 0, 0, 100, 80, &white, NULL);
    add_rectangle(other, LAYER_COUNTRIES, 20, 30, 40, 50, &green, NULL);
    add_rectangle(other, LAYER_POSITIONS, 50, 10, 70, 30, &blue, NULL);
    write_and_read(other, NULL, path, &plain);
    write_and_read(other, cache, path, &cached);
    assert_memory_equal(cached.pixels, plain.pixels,
                        sizeof *plain.pixels * (size_t)plain.width_px * plain.height_px);
    assert_int_equal(pixel(&cached, 30, 40), 0xff00ff00);
    output_raster_fini(&cached);
    output_raster_fini(&plain);
    scene_destroy(other);
    scene_destroy(scene);
    raster_cache_destroy(cache);
    free(path);
}

/* A batch draws each map on the last map's image when it is the same size: a map with no page
 * after one with a white page must still be clear where nothing is drawn, as drawn alone. */
static void
test_a_reused_image_is_clear_for_a_map_without_a_page(void **state)
{
    char *path = files_join(*state, "reused.png");
    struct raster_cache *cache = raster_cache_create();
    struct scene *first = red_square_scene();
    struct scene *clear = scene_create(100, 80);
    struct scene_paint blue = solid(rgba_make(0, 0, 1, 1));
    add_rectangle(clear, LAYER_POSITIONS, 50, 10, 70, 30, &blue, NULL);
    struct output_raster plain, cached;
    write_and_read(clear, NULL, path, &plain);
    for (int k = 0; k < 2; k++) {
        write_and_read(first, cache, path, &cached);
        assert_int_equal(pixel(&cached, 5, 5), WHITE);
        output_raster_fini(&cached);
        write_and_read(clear, cache, path, &cached);
        assert_int_equal(pixel(&cached, 5, 5) >> 24, 0);
        assert_memory_equal(cached.pixels, plain.pixels,
                            sizeof *plain.pixels * (size_t)plain.width_px * plain.height_px);
        output_raster_fini(&cached);
    }
    output_raster_fini(&plain);
    scene_destroy(clear);
    scene_destroy(first);
    raster_cache_destroy(cache);
    free(path);
}

/* A PNG is drawn in bands of rows at once, each clipped to its rows: the pixels must be those
 * of the image drawn whole, whatever crosses a band's edge (fills, dashed strokes with round
 * caps, hatches inside a clip, circles, text with a halo), at any scale. */
static void
test_bands_draw_the_same_pixels_as_the_whole_image(void **state)
{
    struct scene *scene = scene_create(300, 200);
    struct scene_paint ground = solid(rgba_make(0.95, 0.94, 0.9, 1));
    add_rectangle(scene, LAYER_BACKGROUND, 0, 0, 300, 200, &ground, NULL);
    struct geometry_builder builder;
    geometry_builder_init(&builder);
    geometry_builder_move_to(&builder, (struct page_xy){10.3, 5.7});
    geometry_builder_line_to(&builder, (struct page_xy){290.1, 120.4});
    geometry_builder_line_to(&builder, (struct page_xy){40.6, 195.2});
    struct scene_geometry triangle = geometry_builder_view(&builder, true);
    struct scene_paint land = solid(rgba_make(0.8, 0.6, 0.5, 0.8));
    land.stroke = rgba_make(0.2, 0.2, 0.3, 1);
    land.stroke_width_pt = 1.3;
    scene_add_path(scene, LAYER_COUNTRIES, NULL, &triangle, &land);
    struct scene_paint dashed = {.pattern = PATTERN_NONE,
                                 .stroke = rgba_make(0.7, 0.1, 0.1, 0.9),
                                 .stroke_width_pt = 5,
                                 .dash_pt = {9, 4},
                                 .cap = CAP_ROUND};
    struct scene_geometry open = geometry_builder_view(&builder, false);
    scene_add_path(scene, LAYER_MOVEMENTS, NULL, &open, &dashed);
    struct scene_paint hatch = {.pattern = PATTERN_HATCH,
                                .fill = rgba_make(1, 1, 1, 0.5),
                                .hatch = rgba_make(0, 0, 1, 1),
                                .hatch_spacing_pt = 6,
                                .hatch_width_pt = 1.5,
                                .hatch_angle_deg = 45};
    add_rectangle(scene, LAYER_AREAS, 150, 40, 280, 180, &hatch, &triangle);
    scene_add_circle(scene, LAYER_POSITIONS, NULL, (struct page_xy){120, 100}, 33.3, &land);
    struct text_style style = {.family = "Noto Sans, DejaVu Sans",
                               .size_pt = 19,
                               .weight = 700,
                               .colour = {0, 0, 0, 1},
                               .halo = {1, 1, 1, 0.9},
                               .halo_width_pt = 3};
    /* Text across the edges of two bands (the middle row) and of three (a third down). */
    scene_add_text(scene, LAYER_LABELS, NULL, "Rzeszów Ü", (struct page_xy){150, 106},
                   ANCHOR_MIDDLE, &style);
    scene_add_text(scene, LAYER_LABELS, NULL, "Вільнюс", (struct page_xy){60, 72}, ANCHOR_START,
                   &style);
    const double scales[] = {1, 2.3};
    for (size_t s = 0; s < 2; s++) {
        struct output_raster whole;
        struct posture_error err = {0};
        assert_int_equal(
            cairo_output_render_raster_in_bands(scene, scales[s], 1, false, &whole, &err),
            POSTURE_OK);
        for (int bands = 2; bands <= 3; bands++) {
            struct output_raster banded;
            assert_int_equal(
                cairo_output_render_raster_in_bands(scene, scales[s], bands, false, &banded, &err),
                POSTURE_OK);
            assert_int_equal(banded.height_px, whole.height_px);
            assert_memory_equal(banded.pixels, whole.pixels,
                                sizeof *whole.pixels * (size_t)whole.width_px * whole.height_px);
            output_raster_fini(&banded);
        }
        /* A PNG file of it, its bands encoded as they finish (the page is opaque): the same. */
        char *path = files_join(*state, "bands.png");
        struct output_raster written;
        assert_int_equal(cairo_output_write(scene, path, OUTPUT_PNG, scales[s], &err), POSTURE_OK);
        assert_int_equal(cairo_output_read_png(path, &written, &err), POSTURE_OK);
        assert_memory_equal(written.pixels, whole.pixels,
                            sizeof *whole.pixels * (size_t)whole.width_px * whole.height_px);
        output_raster_fini(&written);
        free(path);
        output_raster_fini(&whole);
    }
    geometry_builder_fini(&builder);
    scene_destroy(scene);
}

/* A band leaves out of an item's path what reaches none of its rows (runs of points beyond
 * its rows become one edge, subpaths wholly beyond are dropped): its pixels must stay those of
 * the band drawn with every whole path. Outlines of many points wind across every band's edges, as
 * a map's countries and borders do: filled even-odd with a hole, stroked thin with round joins and
 * caps as borders are, thick with sharp turns and square caps, with a point that is not a
 * number, a ring wholly inside one band, and a line that jumps across a band without a point
 * in it. */
static void
test_bands_leave_out_what_reaches_none_of_their_rows(void **state)
{
    (void)state;
    enum { RING = 720, ZIGZAG = 160 };
    struct scene *scene = scene_create(300, 200);
    struct scene_paint sea = solid(rgba_make(0.85, 0.9, 0.95, 1));
    add_rectangle(scene, LAYER_BACKGROUND, 0, 0, 300, 200, &sea, NULL);
    struct geometry_builder rings;
    geometry_builder_init(&rings);
    for (int i = 0; i < RING; i++) {
        double a = 2 * 3.14159265358979 * i / RING, r = 92 + 9 * sin(23 * a) + 3 * sin(71 * a);
        struct page_xy p = {150.37 + 1.4 * r * cos(a), 100.21 + r * sin(a)};
        if (i == 0)
            geometry_builder_move_to(&rings, p);
        else
            geometry_builder_line_to(&rings, p);
    }
    for (int i = 0; i < RING / 4; i++) { /* a hole */
        double a = -2 * 3.14159265358979 * i / (RING / 4), r = 30 + 4 * sin(11 * a);
        struct page_xy p = {140.1 + r * cos(a), 96.6 + 1.8 * r * sin(a)};
        if (i == 0)
            geometry_builder_move_to(&rings, p);
        else
            geometry_builder_line_to(&rings, p);
    }
    geometry_builder_move_to(&rings, (struct page_xy){20.2, 8.1}); /* wholly in the top band */
    geometry_builder_line_to(&rings, (struct page_xy){60.7, 12.4});
    geometry_builder_line_to(&rings, (struct page_xy){41.3, 30.9});
    struct scene_geometry country = geometry_builder_view(&rings, true);
    struct scene_paint land = solid(rgba_make(0.9, 0.8, 0.6, 1));
    land.is_even_odd = true;
    land.is_coarse_antialias = true;
    scene_add_path(scene, LAYER_COUNTRIES, NULL, &country, &land);
    struct scene_paint border = {.pattern = PATTERN_NONE,
                                 .stroke = rgba_make(0.3, 0.3, 0.3, 1),
                                 .stroke_width_pt = 0.67,
                                 .join = JOIN_ROUND,
                                 .cap = CAP_ROUND,
                                 .is_coarse_antialias = true};
    scene_add_path(scene, LAYER_BORDERS, NULL, &country, &border);
    struct geometry_builder lines;
    geometry_builder_init(&lines);
    for (int i = 0; i < ZIGZAG; i++) { /* up and down across the page, a NaN among them */
        double x = 5 + 290.0 * i / ZIGZAG;
        double y = i % 7 == 3 ? 0.0 / 0.0 : 100 + 97 * sin(i * 0.45) * (i % 2 ? 1 : 0.93);
        if (i == 0)
            geometry_builder_move_to(&lines, (struct page_xy){x, y});
        else
            geometry_builder_line_to(&lines, (struct page_xy){x, y});
    }
    geometry_builder_move_to(&lines, (struct page_xy){30.5, -20}); /* across, no point inside */
    geometry_builder_line_to(&lines, (struct page_xy){270.5, 230});
    geometry_builder_line_to(&lines, (struct page_xy){280.5, -40});
    struct scene_geometry zigzag = geometry_builder_view(&lines, false);
    /* Thick, with each join: mitred lines are drawn whole, the others left out beyond. */
    const enum line_join joins[] = {JOIN_ROUND, JOIN_BEVEL, JOIN_MITER};
    for (size_t j = 0; j < 3; j++) {
        struct scene_paint thick = {.pattern = PATTERN_NONE,
                                    .stroke = rgba_make(0.7, 0.1 + 0.3 * j, 0.1, 0.6),
                                    .stroke_width_pt = 6.5 - 2 * j,
                                    .join = joins[j],
                                    .cap = CAP_SQUARE};
        scene_add_path(scene, LAYER_MOVEMENTS, NULL, &zigzag, &thick);
    }
    scene_add_path(scene, LAYER_MOVEMENTS, NULL, &zigzag, &border);
    const double scales[] = {1, 2.3, 0.71};
    for (size_t s = 0; s < 3; s++) {
        for (int bands = 2; bands <= 7; bands++) {
            struct posture_error err = {0};
            struct output_raster whole_paths, banded;
            assert_int_equal(cairo_output_render_raster_in_bands(scene, scales[s], bands, true,
                                                                 &whole_paths, &err),
                             POSTURE_OK);
            assert_int_equal(
                cairo_output_render_raster_in_bands(scene, scales[s], bands, false, &banded, &err),
                POSTURE_OK);
            assert_memory_equal(banded.pixels, whole_paths.pixels,
                                sizeof *banded.pixels * (size_t)banded.width_px * banded.height_px);
            output_raster_fini(&banded);
            output_raster_fini(&whole_paths);
        }
    }
    geometry_builder_fini(&lines);
    geometry_builder_fini(&rings);
    scene_destroy(scene);
}

static void
test_png_wider_than_cairo_can_draw_is_refused(void **state)
{
    (void)state;
    struct scene *scene = scene_create(20000, 100);
    struct output_raster raster;
    struct posture_error err = {0};
    assert_int_equal(cairo_output_render_raster(scene, 2, &raster, &err), POSTURE_ERR_USAGE);
    assert_non_null(strstr(err.message, "40000"));
    assert_null(raster.pixels);
    scene_destroy(scene);
}

static void
test_hatch_draws_lines_of_the_hatch_colour_over_the_ground(void **state)
{
    (void)state;
    struct scene *scene = scene_create(100, 80);
    struct scene_paint hatch = {
        .pattern = PATTERN_HATCH,
        .fill = rgba_make(1, 1, 1, 1),
        .hatch = rgba_make(0, 0, 1, 1),
        .hatch_spacing_pt = 10,
        .hatch_width_pt = 2,
        .hatch_angle_deg = 0, /* horizontal lines 2 pt wide centred at y = 5, 15, 25, ... */
    };
    add_rectangle(scene, LAYER_AREAS, 0, 0, 40, 40, &hatch, NULL);
    struct output_raster raster;
    struct posture_error err = {0};
    assert_int_equal(cairo_output_render_raster(scene, 1, &raster, &err), POSTURE_OK);
    assert_int_equal(pixel(&raster, 20, 4), BLUE);
    assert_int_equal(pixel(&raster, 20, 5), BLUE);
    assert_int_equal(pixel(&raster, 20, 15), BLUE);
    assert_int_equal(pixel(&raster, 20, 10), WHITE);
    assert_int_equal(pixel(&raster, 20, 20), WHITE);
    assert_int_equal(pixel(&raster, 60, 5), 0); /* outside the area: nothing drawn */
    output_raster_fini(&raster);
    scene_destroy(scene);
}

static void
test_clip_limits_an_item_to_the_clip_area(void **state)
{
    (void)state;
    struct scene *scene = scene_create(100, 80);
    struct geometry_builder builder;
    geometry_builder_init(&builder);
    geometry_builder_move_to(&builder, (struct page_xy){10, 10});
    geometry_builder_line_to(&builder, (struct page_xy){30, 10});
    geometry_builder_line_to(&builder, (struct page_xy){30, 30});
    geometry_builder_line_to(&builder, (struct page_xy){10, 30});
    struct scene_geometry clip_view = geometry_builder_view(&builder, true);
    const struct scene_geometry *clip = scene_keep_geometry(scene, &clip_view);
    geometry_builder_fini(&builder);
    struct scene_paint red = solid(rgba_make(1, 0, 0, 1));
    add_rectangle(scene, LAYER_COUNTRIES, 0, 0, 100, 80, &red, clip);

    struct output_raster raster;
    struct posture_error err = {0};
    assert_int_equal(cairo_output_render_raster(scene, 1, &raster, &err), POSTURE_OK);
    assert_int_equal(pixel(&raster, 20, 20), RED);
    assert_int_equal(pixel(&raster, 5, 5), 0);
    assert_int_equal(pixel(&raster, 50, 50), 0);
    output_raster_fini(&raster);
    scene_destroy(scene);
}

/* The columns holding dark ink, as [*left, *right]. */
static void
ink_columns(const struct output_raster *raster, int *left, int *right)
{
    *left = raster->width_px;
    *right = -1;
    for (int y = 0; y < raster->height_px; y++)
        for (int x = 0; x < raster->width_px; x++)
            if ((pixel(raster, x, y) >> 24) > 0x80) {
                *left = x < *left ? x : *left;
                *right = x > *right ? x : *right;
            }
}

static void
test_text_is_drawn_as_wide_as_it_measures_at_its_anchor(void **state)
{
    (void)state;
    struct text_style style = {
        .family = "Noto Sans, DejaVu Sans",
        .size_pt = 20,
        .weight = 400,
        .colour = {0, 0, 0, 1},
    };
    struct text_shaper *shaper = text_shaper_create();
    struct text_measure tm = text_shaper_measure(shaper);
    double width_pt = text_measure_line(&tm, "HIH", &style).width_pt;
    text_shaper_destroy(shaper);

    struct scene *scene = scene_create(200, 60);
    scene_add_text(scene, LAYER_LABELS, NULL, "HIH", (struct page_xy){100, 40}, ANCHOR_MIDDLE,
                   &style);
    for (int scale = 1; scale <= 2; scale++) {
        struct output_raster raster;
        struct posture_error err = {0};
        assert_int_equal(cairo_output_render_raster(scene, scale, &raster, &err), POSTURE_OK);
        int left, right;
        ink_columns(&raster, &left, &right);
        /* H and I have side bearings of a point or two inside their advance. */
        int start = (int)((100 - width_pt / 2) * scale), end = (int)((100 + width_pt / 2) * scale);
        assert_in_range(left, start, start + 3 * scale);
        assert_in_range(right, end - 3 * scale, end);
        output_raster_fini(&raster);
    }
    scene_destroy(scene);
}

static void
test_text_halo_is_drawn_around_the_glyphs(void **state)
{
    (void)state;
    struct text_style style = {
        .family = "Noto Sans, DejaVu Sans",
        .size_pt = 40,
        .weight = 700,
        .colour = {0, 0, 0, 1},
        .halo = {1, 0, 0, 1},
        .halo_width_pt = 6,
    };
    struct scene *scene = scene_create(100, 60);
    scene_add_text(scene, LAYER_LABELS, NULL, "I", (struct page_xy){50, 50}, ANCHOR_MIDDLE, &style);
    struct output_raster raster;
    struct posture_error err = {0};
    assert_int_equal(cairo_output_render_raster(scene, 1, &raster, &err), POSTURE_OK);
    /* Across the stem, on the baseline's side of the glyph's middle: halo, glyph, halo. */
    int y = 35;
    int left_halo = -1, glyph = -1, right_halo = -1;
    for (int x = 0; x < raster.width_px; x++) {
        uint32_t p = pixel(&raster, x, y);
        if (p == RED && glyph < 0 && left_halo < 0)
            left_halo = x;
        else if (p == 0xff000000 && left_halo >= 0 && glyph < 0)
            glyph = x;
        else if (p == RED && glyph >= 0 && right_halo < 0)
            right_halo = x;
    }
    assert_true(left_halo >= 0);
    assert_true(glyph > left_halo);
    assert_true(right_halo > glyph);
    output_raster_fini(&raster);
    scene_destroy(scene);
}

static char *
read_whole(const char *path, size_t *size)
{
    char *bytes = NULL;
    struct posture_error err = {0};
    assert_int_equal(files_read(path, &bytes, size, &err), POSTURE_OK);
    return bytes;
}

static bool
contains(const char *bytes, size_t size, const char *needle)
{
    size_t length = strlen(needle);
    for (size_t i = 0; i + length <= size; i++)
        if (memcmp(bytes + i, needle, length) == 0)
            return true;
    return false;
}

/* cairo 1.16 leaves out the optional "D:" of a PDF date; later versions write it. */
static bool
has_creation_date(const char *bytes, size_t size, const char *digits)
{
    char with_prefix[64], without_prefix[64];
    (void)snprintf(with_prefix, sizeof with_prefix, "/CreationDate (D:%s", digits);
    (void)snprintf(without_prefix, sizeof without_prefix, "/CreationDate (%s", digits);
    return contains(bytes, size, with_prefix) || contains(bytes, size, without_prefix);
}

static struct scene *
scene_with_text(void)
{
    struct scene *scene = red_square_scene();
    struct text_style style = {
        .family = "Noto Sans, DejaVu Sans",
        .size_pt = 12,
        .weight = 700,
        .colour = {0, 0, 0, 1},
        .halo = {1, 1, 1, 1},
        .halo_width_pt = 2,
    };
    scene_add_text(scene, LAYER_LABELS, NULL, "Rzeszów", (struct page_xy){50, 20}, ANCHOR_MIDDLE,
                   &style);
    return scene;
}

static void
test_pdf_starts_with_its_header_and_two_renders_are_byte_identical(void **state)
{
    char *first_path = files_join(*state, "first.pdf");
    char *second_path = files_join(*state, "second.pdf");
    struct scene *scene = scene_with_text();
    struct posture_error err = {0};
    assert_int_equal(unsetenv("SOURCE_DATE_EPOCH"), 0);
    assert_int_equal(cairo_output_write(scene, first_path, OUTPUT_PDF, 1, &err), POSTURE_OK);
    sleep(1); /* a date taken from the clock would now differ */
    assert_int_equal(cairo_output_write(scene, second_path, OUTPUT_PDF, 1, &err), POSTURE_OK);

    size_t first_size, second_size;
    char *first = read_whole(first_path, &first_size);
    char *second = read_whole(second_path, &second_size);
    assert_true(first_size > 5);
    assert_memory_equal(first, "%PDF-", 5);
    assert_int_equal(first_size, second_size);
    assert_memory_equal(first, second, first_size);
    assert_true(has_creation_date(first, first_size, "19700101000000"));
    assert_true(contains(first, first_size, "/Title (Red square)"));
    free(first);
    free(second);
    scene_destroy(scene);
    free(first_path);
    free(second_path);
}

static void
test_pdf_creation_date_comes_from_source_date_epoch(void **state)
{
    char *path = files_join(*state, "dated.pdf");
    struct scene *scene = red_square_scene();
    struct posture_error err = {0};
    assert_int_equal(setenv("SOURCE_DATE_EPOCH", "1700000000", 1), 0);
    enum posture_status status = cairo_output_write(scene, path, OUTPUT_PDF, 1, &err);
    assert_int_equal(unsetenv("SOURCE_DATE_EPOCH"), 0);
    assert_int_equal(status, POSTURE_OK);
    size_t size;
    char *bytes = read_whole(path, &size);
    assert_true(has_creation_date(bytes, size, "20231114221320"));
    free(bytes);
    scene_destroy(scene);
    free(path);
}

static void
test_pdf_with_a_title_that_is_not_utf8_is_still_written(void **state)
{
    char *path = files_join(*state, "untitled.pdf");
    struct scene *scene = red_square_scene();
    scene_set_title(scene, "Rzesz\xf3w", NULL); /* Latin-1 */
    struct posture_error err = {0};
    assert_int_equal(cairo_output_write(scene, path, OUTPUT_PDF, 1, &err), POSTURE_OK);
    size_t size;
    char *bytes = read_whole(path, &size);
    assert_false(contains(bytes, size, "/Title"));
    free(bytes);
    scene_destroy(scene);
    free(path);
}

static void
test_writing_into_a_missing_directory_fails_with_a_write_error_and_leaves_nothing(void **state)
{
    char *path = files_join(*state, "dir/that/does/not/exist/map.png");
    struct scene *scene = red_square_scene();
    static const enum output_format formats[] = {OUTPUT_PNG, OUTPUT_PDF};
    for (size_t i = 0; i < 2; i++) {
        struct posture_error err = {0};
        assert_int_equal(cairo_output_write(scene, path, formats[i], 1, &err), POSTURE_ERR_WRITE);
        assert_non_null(strstr(err.message, path));
    }
    assert_int_equal(count_files(*state), 0);
    scene_destroy(scene);
    free(path);
}

/* Lowers the process's file size limit so that writing fails half-way, as on a full disk. */
static void
write_with_file_size_limit(const char *path, enum output_format format, rlim_t limit,
                           struct posture_error *err, enum posture_status *status)
{
    struct scene *scene = scene_with_text();
    struct rlimit saved;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
    void (*previous)(int) = signal(SIGXFSZ, SIG_IGN);
    struct rlimit lowered = saved;
    lowered.rlim_cur = limit;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lowered), 0);
    *status = cairo_output_write(scene, path, format, 1, err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
    (void)signal(SIGXFSZ, previous);
    scene_destroy(scene);
}

static void
test_a_write_failing_half_way_leaves_the_existing_file_untouched(void **state)
{
    static const enum output_format formats[] = {OUTPUT_PNG, OUTPUT_PDF};
    static const char *const names[] = {"map.png", "map.pdf"};
    for (size_t i = 0; i < 2; i++) {
        char *path = files_join(*state, names[i]);
        write_text(path, "the map from yesterday");
        struct posture_error err = {0};
        enum posture_status status;
        write_with_file_size_limit(path, formats[i], 100, &err, &status);
        assert_int_equal(status, POSTURE_ERR_WRITE);
        assert_non_null(strstr(err.message, path));

        size_t size;
        char *bytes = read_whole(path, &size);
        assert_string_equal(bytes, "the map from yesterday");
        free(bytes);
        free(path);
    }
    assert_int_equal(count_files(*state), 2); /* no temporary file left behind */
}

static void
test_cairo_refuses_to_write_svg(void **state)
{
    char *path = files_join(*state, "map.svg");
    struct scene *scene = red_square_scene();
    struct posture_error err = {0};
    assert_int_equal(cairo_output_write(scene, path, OUTPUT_SVG, 1, &err), POSTURE_ERR_USAGE);
    assert_int_equal(count_files(*state), 0);
    scene_destroy(scene);
    free(path);
}

static void
test_reading_a_missing_png_is_a_missing_input(void **state)
{
    char *path = files_join(*state, "absent.png");
    struct output_raster raster;
    struct posture_error err = {0};
    assert_int_equal(cairo_output_read_png(path, &raster, &err), POSTURE_ERR_MISSING);
    assert_null(raster.pixels);
    free(path);
}

#define DIRECTORY_TEST(test)                                                                       \
    cmocka_unit_test_setup_teardown(test, setup_directory, teardown_directory)

/* How many grey levels a black triangle with a long shallow edge gets on white: 16-level
 * anti-aliasing when the item asks for it, far more otherwise. */
static size_t
edge_levels(bool is_coarse)
{
    struct scene *scene = scene_create(200, 40);
    struct scene_paint white = solid(rgba_make(1, 1, 1, 1));
    add_rectangle(scene, LAYER_BACKGROUND, 0, 0, 200, 40, &white, NULL);
    struct scene_paint black = solid(rgba_make(0, 0, 0, 1));
    black.is_coarse_antialias = is_coarse;
    struct geometry_builder builder;
    geometry_builder_init(&builder);
    geometry_builder_move_to(&builder, (struct page_xy){0, 5});
    geometry_builder_line_to(&builder, (struct page_xy){200, 31.7});
    geometry_builder_line_to(&builder, (struct page_xy){0, 40});
    struct scene_geometry geometry = geometry_builder_view(&builder, true);
    (void)scene_add_path(scene, LAYER_COUNTRIES, NULL, &geometry, &black);
    geometry_builder_fini(&builder);
    struct output_raster raster;
    struct posture_error err = {0};
    assert_int_equal(cairo_output_render_raster(scene, 1, &raster, &err), POSTURE_OK);
    bool seen[256] = {false};
    size_t levels = 0;
    for (size_t i = 0; i < (size_t)raster.width_px * (size_t)raster.height_px; i++) {
        unsigned grey = raster.pixels[i] & 0xFF;
        if (!seen[grey]) {
            seen[grey] = true;
            levels++;
        }
    }
    output_raster_fini(&raster);
    scene_destroy(scene);
    return levels;
}

static void
test_coarse_antialias_uses_sixteen_levels_and_the_default_more(void **state)
{
    (void)state;
    assert_true(edge_levels(true) <= 17);
    assert_true(edge_levels(false) > 17);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coarse_antialias_uses_sixteen_levels_and_the_default_more),
        cmocka_unit_test(test_output_format_follows_the_extension_in_any_case),
        DIRECTORY_TEST(test_png_has_red_pixels_where_the_square_is_and_background_elsewhere),
        DIRECTORY_TEST(test_png_at_scale_2_has_twice_the_pixels_with_the_same_layout),
        cmocka_unit_test(test_png_size_rounds_fractional_points_up),
        cmocka_unit_test(test_a_page_short_of_the_last_pixel_leaves_it_part_clear),
        DIRECTORY_TEST(test_a_cached_basemap_gives_the_same_pixels),
        DIRECTORY_TEST(test_a_reused_image_is_clear_for_a_map_without_a_page),
        DIRECTORY_TEST(test_bands_draw_the_same_pixels_as_the_whole_image),
        cmocka_unit_test(test_bands_leave_out_what_reaches_none_of_their_rows),
        cmocka_unit_test(test_png_wider_than_cairo_can_draw_is_refused),
        cmocka_unit_test(test_hatch_draws_lines_of_the_hatch_colour_over_the_ground),
        cmocka_unit_test(test_clip_limits_an_item_to_the_clip_area),
        cmocka_unit_test(test_text_is_drawn_as_wide_as_it_measures_at_its_anchor),
        cmocka_unit_test(test_text_halo_is_drawn_around_the_glyphs),
        DIRECTORY_TEST(test_pdf_starts_with_its_header_and_two_renders_are_byte_identical),
        DIRECTORY_TEST(test_pdf_creation_date_comes_from_source_date_epoch),
        DIRECTORY_TEST(test_pdf_with_a_title_that_is_not_utf8_is_still_written),
        DIRECTORY_TEST(
            test_writing_into_a_missing_directory_fails_with_a_write_error_and_leaves_nothing),
        DIRECTORY_TEST(test_a_write_failing_half_way_leaves_the_existing_file_untouched),
        DIRECTORY_TEST(test_cairo_refuses_to_write_svg),
        DIRECTORY_TEST(test_reading_a_missing_png_is_a_missing_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
