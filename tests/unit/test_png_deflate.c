#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_random.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "render/png_deflate.h"

/* Compresses, checks the bound and the zlib header, decompresses with libdeflate (which
 * rejects any malformed stream, checksum included) and compares. Returns the compressed size. */
static size_t
round_trip(const unsigned char *in, size_t size, size_t row_bytes, size_t pixel_bytes)
{
    size_t bound = png_deflate_bound(size);
    unsigned char *out = malloc(bound + 64);
    memset(out, 0xA5, bound + 64);
    size_t written = png_deflate_zlib(in, size, row_bytes, pixel_bytes, out);
    assert_true(written <= bound);
    for (size_t i = bound; i < bound + 64; i++)
        assert_int_equal(out[i], 0xA5); /* nothing written past the bound */
    assert_int_equal(out[0], 0x78);
    assert_int_equal((out[0] * 256 + out[1]) % 31, 0);
    unsigned char *back = malloc(size + 1);
    size_t got = 0;
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    assert_non_null(d);
    enum libdeflate_result r = libdeflate_zlib_decompress(d, out, written, back, size + 1, &got);
    libdeflate_free_decompressor(d);
    assert_int_equal(r, LIBDEFLATE_SUCCESS);
    assert_int_equal(got, size);
    assert_memory_equal(back, in, size);
    free(back);
    free(out);
    return written;
}

/* A map-like image: rows of a filter byte and RGB pixels, flat regions of a few colours split
 * by jagged edges, anti-aliased pixels along them and scattered "text" that repeats. */
static unsigned char *
map_like(size_t width, size_t height, size_t pixel_bytes, size_t *size)
{
    size_t row_bytes = 1 + width * pixel_bytes;
    unsigned char *in = malloc(row_bytes * height);
    uint32_t state = 12345;
    static const unsigned char colours[4][4] = {
        {0xC8, 0xDC, 0xE8, 0xFF}, {0xF2, 0xEF, 0xE6, 0xFF}, {0xE0, 0xD6, 0xC4, 0xFF}, {0, 0, 0, 0}};
    for (size_t y = 0; y < height; y++) {
        unsigned char *row = in + y * row_bytes;
        row[0] = 0;
        size_t wave = y % 40 < 20 ? y % 40 : 40 - y % 40; /* a jagged coast */
        size_t edge = width / 3 + wave;
        for (size_t x = 0; x < width; x++) {
            const unsigned char *c = colours[x < edge ? 0 : (y < height / 2 ? 1 : 2)];
            unsigned char *p = row + 1 + x * pixel_bytes;
            memcpy(p, c, pixel_bytes);
            if (x == edge || (x % 97 == 3 && y % 31 < 8)) /* edges and glyphs */
                for (size_t k = 0; k < pixel_bytes; k++)
                    p[k] = (unsigned char)(xorshift32(&state) >> 24);
        }
    }
    *size = row_bytes * height;
    return in;
}

static void
empty_and_tiny_inputs_round_trip(void **state)
{
    (void)state;
    unsigned char bytes[4] = {0, 1, 1, 1};
    for (size_t n = 0; n <= 4; n++)
        round_trip(bytes, n, 4, 3);
}

static void
flat_image_compresses_to_almost_nothing(void **state)
{
    (void)state;
    size_t width = 1600, height = 1200, row_bytes = 1 + 3 * width;
    unsigned char *in = malloc(row_bytes * height);
    for (size_t y = 0; y < height; y++) {
        in[y * row_bytes] = 0;
        for (size_t x = 0; x < width; x++)
            memcpy(in + y * row_bytes + 1 + 3 * x, "\xC8\xDC\xE8", 3);
    }
    size_t written = round_trip(in, row_bytes * height, row_bytes, 3);
    assert_true(written < 12000); /* 5.8 MB of one colour: matches of 258 bytes */
    free(in);
}

static void
map_like_images_round_trip_and_shrink(void **state)
{
    (void)state;
    size_t size;
    unsigned char *in = map_like(800, 300, 3, &size);
    size_t written = round_trip(in, size, 1 + 3 * 800, 3);
    assert_true(written < size / 10);
    free(in);
    in = map_like(500, 200, 4, &size); /* RGBA */
    written = round_trip(in, size, 1 + 4 * 500, 4);
    assert_true(written < size / 10);
    free(in);
}

static void
noise_is_stored_not_expanded(void **state)
{
    (void)state;
    size_t size = 300000; /* several blocks of tokens, several stored pieces of 65,535 bytes */
    unsigned char *in = malloc(size);
    uint32_t random = 99;
    for (size_t i = 0; i < size; i++)
        in[i] = (unsigned char)(xorshift32(&random) >> 24);
    size_t written = round_trip(in, size, 1 + 3 * 1000, 3);
    assert_true(written <= size + size / 1000 + 64);
    free(in);
}

static void
rows_wider_than_the_window_round_trip(void **state)
{
    (void)state;
    /* 12,000 px RGB rows: 36,001 bytes, beyond deflate's 32 KB window, so only the pixel to
     * the left and earlier bytes in the window may be used. */
    size_t size;
    unsigned char *in = map_like(12000, 12, 3, &size);
    round_trip(in, size, 1 + 3 * 12000, 3);
    free(in);
    /* and nonsense geometry: pixels wider than rows, rows of one byte */
    in = map_like(50, 50, 3, &size);
    round_trip(in, size, 1, 3);
    round_trip(in, size, 2, 7);
    round_trip(in, size, 40000, 40000);
    free(in);
}

static void
skewed_symbol_counts_keep_codes_within_15_bits(void **state)
{
    (void)state;
    /* Byte k appears about 1.6^k times: Huffman's own code for the rarest would be longer
     * than deflate's 15 bits, which the encoder must shorten. Spaced by a changing byte so
     * that few repeats are found. */
    size_t size = 0, cap = 1 << 22;
    unsigned char *in = malloc(cap);
    double count = 1;
    uint32_t random = 7;
    for (int k = 0; k < 30 && size < cap - 1; k++, count *= 1.6)
        for (size_t i = 0; i < (size_t)count && size < cap - 1; i++) {
            in[size++] = (unsigned char)k;
            in[size++] = (unsigned char)(xorshift32(&random) >> 24);
        }
    round_trip(in, size, 1 + 3 * 700, 3);
    free(in);
}

/* Images of half a megabyte and more are compressed as two parts at once (the second on a
 * thread of its own) joined into one stream: it must decode, whatever the part boundary cuts
 * (repeats reaching back across it, stored blocks, a boundary inside three rows), and be the
 * same bytes every time. */
static void
split_streams_round_trip_and_repeat(void **state)
{
    (void)state;
    size_t size;
    unsigned char *in = map_like(1600, 1200, 3, &size);
    size_t bound = png_deflate_bound(size);
    unsigned char *first = malloc(bound), *again = malloc(bound);
    size_t written = png_deflate_zlib(in, size, 1 + 3 * 1600, 3, first);
    for (int run = 0; run < 3; run++) {
        assert_int_equal(png_deflate_zlib(in, size, 1 + 3 * 1600, 3, again), written);
        assert_memory_equal(first, again, written);
    }
    assert_true(round_trip(in, size, 1 + 3 * 1600, 3) < size / 10);
    free(first);
    free(again);
    free(in);
    in = map_like(100000, 3, 4, &size); /* three rows of 400 KB: the split is after the first */
    round_trip(in, size, 1 + 4 * 100000, 4);
    free(in);
    size = 1500000; /* noise: stored blocks on both sides of the split */
    in = malloc(size);
    uint32_t random = 5;
    for (size_t i = 0; i < size; i++)
        in[i] = (unsigned char)(xorshift32(&random) >> 24);
    round_trip(in, size, 1 + 3 * 1000, 3);
    free(in);
}

/* A band's part (png_deflate_part()), last or not, of noise (stored blocks) and of a map: the
 * bit writer stores 8 bytes at a time past what it has written, which png_deflate_bound() must
 * leave room for and nothing beyond it may see. A last part decodes on its own. */
static void
parts_stay_within_their_bound(void **state)
{
    (void)state;
    size_t map_size;
    unsigned char *map = map_like(700, 90, 3, &map_size);
    size_t noise_size = 200001;
    unsigned char *noise = malloc(noise_size);
    uint32_t random = 11;
    for (size_t i = 0; i < noise_size; i++)
        noise[i] = (unsigned char)(xorshift32(&random) >> 24);
    const unsigned char *inputs[2] = {map, noise};
    size_t sizes[2] = {map_size, noise_size}, rows[2] = {1 + 3 * 700, 1 + 3 * 1000};
    for (int k = 0; k < 2; k++) {
        for (int is_last = 0; is_last < 2; is_last++) {
            for (size_t size = 1; size <= sizes[k]; size = size * 7 + 3) {
                size_t bound = png_deflate_bound(size);
                unsigned char *out = malloc(bound + 32);
                memset(out, 0x5A, bound + 32);
                size_t written = png_deflate_part(inputs[k], size, rows[k], 3, is_last, out);
                assert_true(written <= bound);
                for (size_t i = bound; i < bound + 32; i++)
                    assert_int_equal(out[i], 0x5A);
                if (is_last) {
                    unsigned char *back = malloc(size + 1);
                    size_t got = 0;
                    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
                    assert_int_equal(
                        libdeflate_deflate_decompress(d, out, written, back, size + 1, &got),
                        LIBDEFLATE_SUCCESS);
                    libdeflate_free_decompressor(d);
                    assert_int_equal(got, size);
                    assert_memory_equal(back, inputs[k], size);
                    free(back);
                }
                free(out);
            }
        }
    }
    free(map);
    free(noise);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_and_tiny_inputs_round_trip),
        cmocka_unit_test(flat_image_compresses_to_almost_nothing),
        cmocka_unit_test(map_like_images_round_trip_and_shrink),
        cmocka_unit_test(noise_is_stored_not_expanded),
        cmocka_unit_test(parts_stay_within_their_bound),
        cmocka_unit_test(rows_wider_than_the_window_round_trip),
        cmocka_unit_test(skewed_symbol_counts_keep_codes_within_15_bits),
        cmocka_unit_test(split_streams_round_trip_and_repeat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
