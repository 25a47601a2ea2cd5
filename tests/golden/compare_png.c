/* compare_png EXPECTED.png ACTUAL.png DIFF.png: the golden tests' PNG check. Passes (exit 0) if
 * the sizes match and all but 0.1 % of pixels are within 2/255 on every channel; otherwise writes
 * DIFF.png (differing pixels in red over a faded copy of ACTUAL) and exits 1; 2: cannot compare. */
#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum { CHANNEL_TOLERANCE = 2 };              /* of 255 */
enum { PIXELS_PER_ALLOWED_MISMATCH = 1000 }; /* 0.1 % */
enum { EXIT_SAME = 0, EXIT_DIFFERENT = 1, EXIT_TROUBLE = 2 };

struct comparison {
    long pixel_count;
    long differing_count;
    int max_difference; /* of 255, over all pixels and channels */
};

/* Loads a PNG as ARGB32 whatever its stored format (RGB24, A8, ...); NULL after a message. */
static cairo_surface_t *
load_argb32(const char *path)
{
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    cairo_status_t status = cairo_surface_status(png);
    if (status != CAIRO_STATUS_SUCCESS) {
        (void)fprintf(stderr, "compare_png: %s: %s\n", path, cairo_status_to_string(status));
        cairo_surface_destroy(png);
        return NULL;
    }
    cairo_surface_t *argb =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width(png),
                                   cairo_image_surface_get_height(png));
    cairo_t *cr = cairo_create(argb);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_set_source_surface(cr, png, 0, 0);
    cairo_paint(cr);
    status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(png);
    cairo_surface_flush(argb);
    if (status != CAIRO_STATUS_SUCCESS) {
        (void)fprintf(stderr, "compare_png: %s: %s\n", path, cairo_status_to_string(status));
        cairo_surface_destroy(argb);
        return NULL;
    }
    return argb;
}

static const uint32_t *
row_of(cairo_surface_t *surface, int y)
{
    size_t stride = (size_t)cairo_image_surface_get_stride(surface);
    const unsigned char *row = cairo_image_surface_get_data(surface) + (size_t)y * stride;
    return (const uint32_t *)(const void *)row; /* cairo aligns rows to 4 bytes */
}

/* The largest difference between two ARGB32 pixels over the four channels, 0..255. */
static int
measure_difference(uint32_t a, uint32_t b)
{
    int largest = 0;
    for (int shift = 0; shift < 32; shift += 8) {
        int d = (int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff);
        if (d < 0)
            d = -d;
        if (d > largest)
            largest = d;
    }
    return largest;
}

/* A differing pixel is opaque red; the others are the actual pixel, grey, over white, faded. */
static uint32_t
paint_diff_pixel(uint32_t actual, bool is_different)
{
    if (is_different)
        return 0xffff0000u;
    uint32_t transparency = 255 - (actual >> 24);
    uint32_t r = ((actual >> 16) & 0xff) + transparency;
    uint32_t g = ((actual >> 8) & 0xff) + transparency;
    uint32_t b = (actual & 0xff) + transparency;
    uint32_t grey = (r * 30 + g * 59 + b * 11) / 100;
    uint32_t faded = 255 - (255 - grey) / 4;
    return 0xff000000u | faded << 16 | faded << 8 | faded;
}

/* Compares same-sized surfaces; if diff is not NULL, paints it too. */
static struct comparison
compare_pixels(cairo_surface_t *expected, cairo_surface_t *actual, cairo_surface_t *diff)
{
    int width_px = cairo_image_surface_get_width(expected);
    int height_px = cairo_image_surface_get_height(expected);
    struct comparison result = {(long)width_px * height_px, 0, 0};
    for (int y = 0; y < height_px; y++) {
        const uint32_t *expected_row = row_of(expected, y);
        const uint32_t *actual_row = row_of(actual, y);
        uint32_t *diff_row = diff != NULL ? (uint32_t *)row_of(diff, y) : NULL;
        for (int x = 0; x < width_px; x++) {
            int difference = measure_difference(expected_row[x], actual_row[x]);
            bool is_different = difference > CHANNEL_TOLERANCE;
            result.differing_count += is_different;
            if (difference > result.max_difference)
                result.max_difference = difference;
            if (diff_row != NULL)
                diff_row[x] = paint_diff_pixel(actual_row[x], is_different);
        }
    }
    return result;
}

static bool
write_diff(cairo_surface_t *expected, cairo_surface_t *actual, const char *path)
{
    cairo_surface_t *diff =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width(actual),
                                   cairo_image_surface_get_height(actual));
    cairo_surface_flush(diff);
    (void)compare_pixels(expected, actual, diff);
    cairo_surface_mark_dirty(diff);
    cairo_status_t status = cairo_surface_write_to_png(diff, path);
    cairo_surface_destroy(diff);
    if (status != CAIRO_STATUS_SUCCESS) {
        (void)fprintf(stderr, "compare_png: %s: %s\n", path, cairo_status_to_string(status));
        return false;
    }
    return true;
}

static bool
is_same_size(cairo_surface_t *expected, cairo_surface_t *actual)
{
    int expected_width_px = cairo_image_surface_get_width(expected);
    int expected_height_px = cairo_image_surface_get_height(expected);
    int actual_width_px = cairo_image_surface_get_width(actual);
    int actual_height_px = cairo_image_surface_get_height(actual);
    if (expected_width_px == actual_width_px && expected_height_px == actual_height_px)
        return true;
    (void)printf("compare_png: sizes differ: expected %dx%d, actual %dx%d\n", expected_width_px,
                 expected_height_px, actual_width_px, actual_height_px);
    return false;
}

static int
judge(cairo_surface_t *expected, cairo_surface_t *actual, const char *diff_path)
{
    if (!is_same_size(expected, actual))
        return EXIT_DIFFERENT;
    struct comparison result = compare_pixels(expected, actual, NULL);
    double percent = result.pixel_count > 0
                         ? 100.0 * (double)result.differing_count / (double)result.pixel_count
                         : 0.0;
    (void)printf("compare_png: %ld of %ld pixels differ by more than %d/255 (%.3f %%, at most "
                 "%.1f %% allowed); largest difference %d/255\n",
                 result.differing_count, result.pixel_count, CHANNEL_TOLERANCE, percent,
                 100.0 / PIXELS_PER_ALLOWED_MISMATCH, result.max_difference);
    if (result.differing_count * PIXELS_PER_ALLOWED_MISMATCH <= result.pixel_count)
        return EXIT_SAME;
    if (!write_diff(expected, actual, diff_path))
        return EXIT_TROUBLE;
    (void)printf("compare_png: differing pixels in red: %s\n", diff_path);
    return EXIT_DIFFERENT;
}

struct png_paths {
    const char *expected;
    const char *actual;
    const char *diff; /* written only if the images differ */
};

static int
compare_files(const struct png_paths *paths)
{
    cairo_surface_t *expected = load_argb32(paths->expected);
    cairo_surface_t *actual = load_argb32(paths->actual);
    int exit_code = EXIT_TROUBLE;
    if (expected != NULL && actual != NULL)
        exit_code = judge(expected, actual, paths->diff);
    cairo_surface_destroy(actual);
    cairo_surface_destroy(expected);
    return exit_code;
}

int
main(int argc, char **argv)
{
    if (argc != 4) {
        (void)fprintf(stderr, "usage: compare_png EXPECTED.png ACTUAL.png DIFF.png\n");
        return EXIT_TROUBLE;
    }
    struct png_paths paths = {.expected = argv[1], .actual = argv[2], .diff = argv[3]};
    return compare_files(&paths);
}
