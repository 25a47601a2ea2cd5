/* compare_png [--tolerance N] [--shift S] [--max-percent P] [--max-clustered C] [--max-mean M]
 *             EXPECTED.png ACTUAL.png DIFF.png
 * The golden tests' PNG check. Passes (exit 0) if the sizes match, at most P % of pixels differ
 * by more than N/255 on some channel, at most C differing pixels have eight differing neighbours,
 * and the mean absolute difference over all pixels and colour channels is at most M/255;
 * otherwise writes DIFF.png (differing pixels in red, those in clusters in blue, over a faded copy
 * of ACTUAL) and exits 1; 2: cannot compare. With a shift S, a pixel differs only if no pixel of
 * the other image up to S pixels away (in x and in y) is within N/255 of it, either way round.
 * The defaults, N = 2, S = 0, P = 0.1 and no limit on clusters or the mean, are the golden
 * tests'. The SVG tests (tests/svg/) compare another renderer with us: its antialiasing differs
 * at every edge, in thin lines of pixels, while a missing or misdrawn area makes clusters. */
#include <cairo.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_SAME = 0, EXIT_DIFFERENT = 1, EXIT_TROUBLE = 2 };

struct limits {
    int channel_tolerance;    /* of 255: a pixel differs if a channel is off by more */
    int shift_px;             /* how far to look for a pixel within the tolerance */
    double differing_percent; /* of all pixels, at most */
    double clustered_count;   /* differing pixels whose eight neighbours differ, at most */
    double mean_difference;   /* of 255, at most; INFINITY: no limit */
};

struct comparison {
    long pixel_count;
    long differing_count;
    long clustered_count;   /* differing pixels whose eight neighbours differ too */
    int max_difference;     /* of 255, over all pixels and channels */
    double mean_difference; /* of 255, over all pixels and the three colour channels */
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

static int
channel_difference(uint32_t a, uint32_t b, int shift)
{
    int d = (int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff);
    return d < 0 ? -d : d;
}

/* The largest difference between two ARGB32 pixels over the four channels, 0..255. */
static int
measure_difference(uint32_t a, uint32_t b)
{
    int largest = 0;
    for (int shift = 0; shift < 32; shift += 8) {
        int d = channel_difference(a, b, shift);
        if (d > largest)
            largest = d;
    }
    return largest;
}

/* The sum of the differences of red, green and blue, 0..765. */
static int
sum_colour_differences(uint32_t a, uint32_t b)
{
    return channel_difference(a, b, 0) + channel_difference(a, b, 8) + channel_difference(a, b, 16);
}

/* Whether a pixel of `other` at most limits->shift_px away from (x, y) is within the tolerance
 * of `pixel`. */
static bool
has_match_near(uint32_t pixel, cairo_surface_t *other, int x, int y, const struct limits *limits)
{
    int width_px = cairo_image_surface_get_width(other);
    int height_px = cairo_image_surface_get_height(other);
    int reach = limits->shift_px;
    for (int other_y = y - reach; other_y <= y + reach; other_y++) {
        if (other_y < 0 || other_y >= height_px)
            continue;
        const uint32_t *row = row_of(other, other_y);
        for (int other_x = x - reach; other_x <= x + reach; other_x++)
            if (other_x >= 0 && other_x < width_px &&
                measure_difference(pixel, row[other_x]) <= limits->channel_tolerance)
                return true;
    }
    return false;
}

/* A differing pixel is opaque red, or blue in a cluster; the others are the actual pixel, grey,
 * over white, faded. */
static uint32_t
paint_diff_pixel(uint32_t actual, bool is_different, bool is_clustered)
{
    if (is_clustered)
        return 0xff0000ffu;
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

/* Whether the pixel at (x, y) and its eight neighbours all differ; is_different holds a flag per
 * pixel, row by row. */
static bool
is_in_cluster(const bool *is_different, int width_px, int height_px, int x, int y)
{
    if (x < 1 || y < 1 || x + 1 >= width_px || y + 1 >= height_px)
        return false;
    for (int near_y = y - 1; near_y <= y + 1; near_y++)
        for (int near_x = x - 1; near_x <= x + 1; near_x++)
            if (!is_different[(size_t)near_y * (size_t)width_px + (size_t)near_x])
                return false;
    return true;
}

/* Compares same-sized surfaces into *result; if diff is not NULL, paints it too. False after a
 * message if memory ran out. */
static bool
compare_pixels(cairo_surface_t *expected, cairo_surface_t *actual, const struct limits *limits,
               cairo_surface_t *diff, struct comparison *result)
{
    int width_px = cairo_image_surface_get_width(expected);
    int height_px = cairo_image_surface_get_height(expected);
    *result = (struct comparison){.pixel_count = (long)width_px * height_px};
    bool *is_different = calloc((size_t)result->pixel_count + 1, sizeof *is_different);
    if (is_different == NULL) {
        (void)fprintf(stderr, "compare_png: out of memory for %dx%d pixels\n", width_px, height_px);
        return false;
    }
    long long colour_sum = 0;
    for (int y = 0; y < height_px; y++) {
        const uint32_t *expected_row = row_of(expected, y);
        const uint32_t *actual_row = row_of(actual, y);
        for (int x = 0; x < width_px; x++) {
            int difference = measure_difference(expected_row[x], actual_row[x]);
            colour_sum += sum_colour_differences(expected_row[x], actual_row[x]);
            bool differs = difference > limits->channel_tolerance &&
                           (!has_match_near(expected_row[x], actual, x, y, limits) ||
                            !has_match_near(actual_row[x], expected, x, y, limits));
            is_different[(size_t)y * (size_t)width_px + (size_t)x] = differs;
            result->differing_count += differs;
            if (difference > result->max_difference)
                result->max_difference = difference;
        }
    }
    for (int y = 0; y < height_px; y++) {
        const uint32_t *actual_row = row_of(actual, y);
        uint32_t *diff_row = diff != NULL ? (uint32_t *)row_of(diff, y) : NULL;
        for (int x = 0; x < width_px; x++) {
            bool is_clustered = is_in_cluster(is_different, width_px, height_px, x, y);
            result->clustered_count += is_clustered;
            if (diff_row != NULL)
                diff_row[x] = paint_diff_pixel(
                    actual_row[x], is_different[(size_t)y * (size_t)width_px + (size_t)x],
                    is_clustered);
        }
    }
    free(is_different);
    if (result->pixel_count > 0)
        result->mean_difference = (double)colour_sum / (3.0 * (double)result->pixel_count);
    return true;
}

static bool
write_diff(cairo_surface_t *expected, cairo_surface_t *actual, const struct limits *limits,
           const char *path)
{
    cairo_surface_t *diff =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width(actual),
                                   cairo_image_surface_get_height(actual));
    cairo_surface_flush(diff);
    struct comparison ignored;
    if (!compare_pixels(expected, actual, limits, diff, &ignored)) {
        cairo_surface_destroy(diff);
        return false;
    }
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
judge(cairo_surface_t *expected, cairo_surface_t *actual, const struct limits *limits,
      const char *diff_path)
{
    if (!is_same_size(expected, actual))
        return EXIT_DIFFERENT;
    struct comparison result;
    if (!compare_pixels(expected, actual, limits, NULL, &result))
        return EXIT_TROUBLE;
    double percent = result.pixel_count > 0
                         ? 100.0 * (double)result.differing_count / (double)result.pixel_count
                         : 0.0;
    (void)printf("compare_png: %ld of %ld pixels differ by more than %d/255",
                 result.differing_count, result.pixel_count, limits->channel_tolerance);
    if (limits->shift_px > 0)
        (void)printf(" from all pixels %d px around", limits->shift_px);
    (void)printf(" (%.3f %%, at most %g %% allowed)", percent, limits->differing_percent);
    if (isfinite(limits->clustered_count))
        (void)printf("; %ld in clusters (at most %g allowed)", result.clustered_count,
                     limits->clustered_count);
    (void)printf("; largest difference %d/255; mean difference %.3f/255", result.max_difference,
                 result.mean_difference);
    if (isfinite(limits->mean_difference))
        (void)printf(" (at most %g allowed)", limits->mean_difference);
    (void)printf("\n");
    /* A whole count, rounded down after a little slack: 0.1 is not exact in binary, and 0.1 % of
     * 1920000 pixels must allow 1920, as the count 1 in 1000 did. (No floor(): no libm here.) */
    long allowed_count =
        (long)(limits->differing_percent * (double)result.pixel_count / 100.0 + 1e-6);
    bool is_few = result.differing_count <= allowed_count;
    if (is_few && !((double)result.clustered_count > limits->clustered_count) &&
        !(result.mean_difference > limits->mean_difference))
        return EXIT_SAME;
    if (!write_diff(expected, actual, limits, diff_path))
        return EXIT_TROUBLE;
    (void)printf("compare_png: differing pixels in red, clusters in blue: %s\n", diff_path);
    return EXIT_DIFFERENT;
}

struct png_paths {
    const char *expected;
    const char *actual;
    const char *diff; /* written only if the images differ */
};

static int
compare_files(const struct png_paths *paths, const struct limits *limits)
{
    cairo_surface_t *expected = load_argb32(paths->expected);
    cairo_surface_t *actual = load_argb32(paths->actual);
    int exit_code = EXIT_TROUBLE;
    if (expected != NULL && actual != NULL)
        exit_code = judge(expected, actual, limits, paths->diff);
    cairo_surface_destroy(actual);
    cairo_surface_destroy(expected);
    return exit_code;
}

/* A number option's value in [0, max]; false after a message. */
static bool
parse_limit(const char *option, const char *text, double max, double *value)
{
    char *end = NULL;
    double parsed = strtod(text, &end);
    if (end == text || *end != '\0' || !(parsed >= 0 && parsed <= max)) {
        (void)fprintf(stderr, "compare_png: %s: \"%s\" is not a number from 0 to %g\n", option,
                      text, max);
        return false;
    }
    *value = parsed;
    return true;
}

/* Reads the options before the three paths; the index of the first path, or -1 after a message. */
static int
parse_options(int argc, char **argv, struct limits *limits)
{
    int i = 1;
    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        double value = 0;
        if (strcmp(argv[i], "--tolerance") == 0 && parse_limit(argv[i], argv[i + 1], 255, &value))
            limits->channel_tolerance = (int)value;
        else if (strcmp(argv[i], "--shift") == 0 && parse_limit(argv[i], argv[i + 1], 8, &value))
            limits->shift_px = (int)value;
        else if (strcmp(argv[i], "--max-percent") == 0 &&
                 parse_limit(argv[i], argv[i + 1], 100, &value))
            limits->differing_percent = value;
        else if (strcmp(argv[i], "--max-clustered") == 0 &&
                 parse_limit(argv[i], argv[i + 1], 1e12, &value))
            limits->clustered_count = value;
        else if (strcmp(argv[i], "--max-mean") == 0 &&
                 parse_limit(argv[i], argv[i + 1], 255, &value))
            limits->mean_difference = value;
        else
            return -1;
    }
    return i;
}

int
main(int argc, char **argv)
{
    struct limits limits = {.channel_tolerance = 2,
                            .differing_percent = 0.1,
                            .clustered_count = INFINITY,
                            .mean_difference = INFINITY};
    int first = parse_options(argc, argv, &limits);
    if (first < 0 || argc - first != 3) {
        (void)fprintf(stderr, "usage: compare_png [--tolerance N] [--shift S] [--max-percent P] "
                              "[--max-clustered C] [--max-mean M] EXPECTED.png ACTUAL.png "
                              "DIFF.png\n");
        return EXIT_TROUBLE;
    }
    struct png_paths paths = {
        .expected = argv[first], .actual = argv[first + 1], .diff = argv[first + 2]};
    return compare_files(&paths, &limits);
}
