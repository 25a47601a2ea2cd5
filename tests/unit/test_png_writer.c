#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_random.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/output.h"
#include "render/png_writer.h"

/* A temporary file's path; removed by the caller. */
static char *
temp_path(void)
{
    char *path = strdup("/tmp/posture-test-png-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    return path;
}

/* Writes a copy: the writer converts the pixels it is given in place. */
static void
write_png_file(const char *path, const uint32_t *pixels, int width, int height)
{
    uint32_t *copy = malloc(sizeof *copy * (size_t)width * (size_t)height);
    assert_non_null(copy);
    memcpy(copy, pixels, sizeof *copy * (size_t)width * (size_t)height);
    FILE *stream = fopen(path, "wb");
    assert_non_null(stream);
    struct posture_error err = {0};
    assert_int_equal(
        png_writer_write(stream, (unsigned char *)copy, width, height, width * 4, path, &err),
        POSTURE_OK);
    assert_int_equal(fclose(stream), 0);
    free(copy);
}

static unsigned char *
read_file(const char *path, size_t *size)
{
    FILE *stream = fopen(path, "rb");
    assert_non_null(stream);
    assert_int_equal(fseek(stream, 0, SEEK_END), 0);
    long length = ftell(stream);
    assert_true(length > 0);
    rewind(stream);
    unsigned char *bytes = malloc((size_t)length);
    assert_int_equal(fread(bytes, 1, (size_t)length, stream), (size_t)length);
    fclose(stream);
    *size = (size_t)length;
    return bytes;
}

static uint32_t
get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* CRC-32 as PNG defines it, bit by bit: slow and obviously right, for checking the writer's. */
static uint32_t
crc32_of(const unsigned char *bytes, size_t size)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < size; i++) {
        crc ^= bytes[i];
        for (int k = 0; k < 8; k++)
            crc = crc & 1 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
    return crc ^ 0xFFFFFFFFu;
}

/* The PNG at path reads back (through cairo and libpng) as exactly these pixels. */
static void
assert_reads_back(const char *path, const uint32_t *pixels, int width, int height)
{
    struct output_raster raster;
    struct posture_error err = {0};
    assert_int_equal(cairo_output_read_png(path, &raster, &err), POSTURE_OK);
    assert_int_equal(raster.width_px, width);
    assert_int_equal(raster.height_px, height);
    assert_memory_equal(raster.pixels, pixels, sizeof *pixels * (size_t)width * (size_t)height);
    output_raster_fini(&raster);
}

static void
test_noise_reads_back_exactly_through_several_idat_chunks(void **state)
{
    (void)state;
    enum { W = 700, H = 700 };
    uint32_t *pixels = malloc(sizeof *pixels * W * H);
    uint32_t seed = 2022;
    for (size_t i = 0; i < (size_t)W * H; i++)
        pixels[i] = 0xFF000000u | (xorshift32(&seed) & 0xFFFFFFu);
    char *path = temp_path();
    write_png_file(path, pixels, W, H);

    /* The chunks: signature, IHDR first (RGB: every pixel is opaque), IDATs, IEND last, and
     * every CRC right. */
    size_t size;
    unsigned char *bytes = read_file(path, &size);
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    assert_memory_equal(bytes, signature, 8);
    size_t at = 8, idat_count = 0;
    const char *last = NULL;
    while (at + 12 <= size) {
        uint32_t length = get_u32(bytes + at);
        assert_true(at + 12 + length <= size);
        const char *type = (const char *)bytes + at + 4;
        assert_int_equal(get_u32(bytes + at + 8 + length), crc32_of(bytes + at + 4, 4 + length));
        if (at == 8) {
            assert_memory_equal(type, "IHDR", 4);
            assert_int_equal(get_u32(bytes + at + 8), W);
            assert_int_equal(get_u32(bytes + at + 12), H);
            assert_int_equal(bytes[at + 17], 2); /* colour type RGB */
        }
        if (memcmp(type, "IDAT", 4) == 0)
            idat_count++;
        last = type;
        at += 12 + length;
    }
    assert_int_equal(at, size);
    assert_memory_equal(last, "IEND", 4);
    assert_true(idat_count >= 2);

    assert_reads_back(path, pixels, W, H);
    free(bytes);
    unlink(path);
    free(path);
    free(pixels);
}

/* An opaque image encoded in parts, bands of rows each converted over its own pixels and
 * compressed on its own (as cairo_output.c's bands do at once), reads back exactly: bands of
 * uneven heights, one of a single row, noise and flat colour, through several IDAT chunks. */
static void
test_an_image_encoded_in_parts_reads_back_exactly(void **state)
{
    (void)state;
    enum { W = 613, H = 900 };
    uint32_t *pixels = malloc(sizeof *pixels * W * H);
    uint32_t seed = 77;
    for (size_t y = 0; y < H; y++)
        for (size_t x = 0; x < W; x++)
            pixels[y * W + x] =
                y < 300 ? 0xFFC8DCE8u : 0xFF000000u | (xorshift32(&seed) & 0xFFFFFFu);
    uint32_t *copy = malloc(sizeof *copy * W * H);
    memcpy(copy, pixels, sizeof *copy * W * H);
    const int edges[] = {0, 250, 251, 640, H};
    struct png_part parts[4];
    for (int k = 0; k < 4; k++)
        png_part_encode((unsigned char *)(copy + (size_t)edges[k] * W), W, edges[k + 1] - edges[k],
                        W * 4, k == 3, &parts[k]);
    char *path = temp_path();
    FILE *stream = fopen(path, "wb");
    assert_non_null(stream);
    struct posture_error err = {0};
    assert_int_equal(png_writer_write_parts(stream, W, H, parts, 4, path, &err), POSTURE_OK);
    assert_int_equal(fclose(stream), 0);
    for (int k = 0; k < 4; k++)
        png_part_fini(&parts[k]);
    assert_reads_back(path, pixels, W, H);
    unlink(path);
    free(path);
    free(copy);
    free(pixels);
}

static void
test_translucent_pixels_are_written_unpremultiplied_and_read_back(void **state)
{
    (void)state;
    /* Premultiplied ARGB as cairo draws it: opaque red, half-transparent blue, clear. */
    const uint32_t pixels[4] = {0xFFFF0000u, 0x80000080u, 0x00000000u, 0xC0604020u};
    char *path = temp_path();
    write_png_file(path, pixels, 2, 2);
    size_t size;
    unsigned char *bytes = read_file(path, &size);
    assert_int_equal(bytes[8 + 8 + 9], 6); /* colour type RGBA */
    free(bytes);
    struct output_raster raster;
    struct posture_error err = {0};
    assert_int_equal(cairo_output_read_png(path, &raster, &err), POSTURE_OK);
    for (int i = 0; i < 4; i++)
        for (int shift = 0; shift < 32; shift += 8) {
            int want = (int)(pixels[i] >> shift & 0xFF);
            int got = (int)(raster.pixels[i] >> shift & 0xFF);
            assert_true(abs(want - got) <= 1);
        }
    output_raster_fini(&raster);
    unlink(path);
    free(path);
}

/* Rows of 1 to 20 pixels: the vector conversion's rows of four and the pixels left over, and
 * a translucent pixel in any lane making the whole image RGBA. */
static void
test_every_row_width_reads_back_exactly(void **state)
{
    (void)state;
    uint32_t seed = 7;
    for (int width = 1; width <= 20; width++) {
        for (int translucent = -1; translucent<width; translucent += width> 4 ? 3 : 1) {
            enum { H = 3 };
            uint32_t pixels[20 * H];
            for (int i = 0; i < width * H; i++)
                pixels[i] = 0xFF000000u | (xorshift32(&seed) & 0xFFFFFFu);
            if (translucent >= 0)
                pixels[width * (H - 1) + translucent] = 0x80402010u;
            char *path = temp_path();
            write_png_file(path, pixels, width, H);
            size_t size;
            unsigned char *bytes = read_file(path, &size);
            assert_int_equal(bytes[8 + 8 + 9], translucent >= 0 ? 6 : 2); /* RGBA, RGB */
            free(bytes);
            struct output_raster raster;
            struct posture_error err = {0};
            assert_int_equal(cairo_output_read_png(path, &raster, &err), POSTURE_OK);
            for (int i = 0; i < width * H; i++)
                for (int shift = 0; shift < 32; shift += 8)
                    assert_true(abs((int)(pixels[i] >> shift & 0xFF) -
                                    (int)(raster.pixels[i] >> shift & 0xFF)) <= 1);
            output_raster_fini(&raster);
            unlink(path);
            free(path);
        }
    }
}

static void
test_a_full_disk_is_a_write_error(void **state)
{
    (void)state;
    FILE *stream = fopen("/dev/full", "wb");
    if (stream == NULL)
        skip();
    uint32_t pixels[4] = {0xFFFFFFFFu, 0xFF000000u, 0xFF00FF00u, 0xFFFF0000u};
    struct posture_error err = {0};
    assert_int_equal(png_writer_write(stream, (unsigned char *)pixels, 2, 2, 8, "map.png", &err),
                     POSTURE_ERR_WRITE);
    assert_string_equal(err.message, "map.png: cannot write the PNG");
    fclose(stream);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_noise_reads_back_exactly_through_several_idat_chunks),
        cmocka_unit_test(test_an_image_encoded_in_parts_reads_back_exactly),
        cmocka_unit_test(test_translucent_pixels_are_written_unpremultiplied_and_read_back),
        cmocka_unit_test(test_every_row_width_reads_back_exactly),
        cmocka_unit_test(test_a_full_disk_is_a_write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
