#include "render/png_writer.h"

#include <libdeflate.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "render/png_deflate.h"

/* The PNG container is written here by hand, not by libpng: libpng compresses through zlib a
 * row at a time, and zlib was a quarter of a render. A PNG is only a signature and three kinds
 * of chunk around one zlib stream, made by png_deflate.c for the whole image at once. Measured
 * on the default map (1600x1200): libpng with zlib 3 and no row filter 160 M instructions and
 * 348 KB; libdeflate level 1 9.6 ms and 307 KB; png_deflate 4.7 ms and 311 KB. cairo's own
 * writer (zlib 6, adaptive filters) was 4x slower than libpng's. No row filter: flat map fills
 * compress better unfiltered (libdeflate 1: none 307 KB, sub 376 KB, up 386 KB). */
/* Bytes of compressed stream a chunk holds: readers cope with any split, and chunks of a
 * megabyte keep every length far below PNG's 2^31 limit. */
enum { IDAT_CHUNK_BYTES = 1 << 20 };

/* An opaque row as RGB; returns the AND of its alphas (0xFF: every pixel opaque). Its own
 * loop, branch-free, because it runs for every pixel of every map: 2 M of them at 1600 x 1200.
 * (Four pixels at a time as three 32-bit words took as many instructions.) */
static unsigned
convert_rgb_row(const uint32_t *in, unsigned char *out, size_t from, size_t width)
{
    uint32_t alpha = 0xFF000000u;
    for (size_t x = from; x < width; x++) {
        uint32_t p = in[x];
        alpha &= p;
        out[3 * x] = (unsigned char)(p >> 16);
        out[3 * x + 1] = (unsigned char)(p >> 8);
        out[3 * x + 2] = (unsigned char)p;
    }
    return alpha >> 24;
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
/* The same with one SSSE3 byte shuffle for four pixels: the loop above is 11 instructions a
 * pixel, as much as a third of the PNG's compression. Each 16-byte store writes 4 bytes past
 * its 12, which the next store (or the scalar tail, which does the last 4 to 7 pixels)
 * overwrites, never past the row. */
__attribute__((target("ssse3"))) static unsigned
convert_rgb_row_ssse3(const uint32_t *in, unsigned char *out, size_t width)
{
    const __m128i order = _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    __m128i alpha = _mm_set1_epi32(-1);
    size_t x = 0;
    for (; x + 8 <= width; x += 4) {
        __m128i p = _mm_loadu_si128((const __m128i *)(const void *)(in + x));
        alpha = _mm_and_si128(alpha, p);
        _mm_storeu_si128((__m128i *)(void *)(out + 3 * x), _mm_shuffle_epi8(p, order));
    }
    uint32_t lanes[4];
    _mm_storeu_si128((__m128i *)(void *)lanes, alpha);
    unsigned all = (lanes[0] & lanes[1] & lanes[2] & lanes[3]) >> 24;
    return all & convert_rgb_row(in, out, x, width);
}
#endif

static unsigned
convert_opaque_row(const uint32_t *in, unsigned char *out, int width)
{
#if defined(__GNUC__) && defined(__x86_64__)
    if (__builtin_cpu_supports("ssse3"))
        return convert_rgb_row_ssse3(in, out, (size_t)width);
#endif
    return convert_rgb_row(in, out, 0, (size_t)width);
}

/* A row as straight (not premultiplied) RGBA. */
static void
convert_rgba_row(const uint32_t *in, unsigned char *out, int width)
{
    for (size_t x = 0; x < (size_t)width; x++) {
        uint32_t p = in[x];
        unsigned a = p >> 24, r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
        if (a != 0 && a != 0xFF) { /* undo cairo's premultiplication, rounding */
            r = (r * 255 + a / 2) / a;
            g = (g * 255 + a / 2) / a;
            b = (b * 255 + a / 2) / a;
        }
        out[4 * x] = (unsigned char)r;
        out[4 * x + 1] = (unsigned char)g;
        out[4 * x + 2] = (unsigned char)b;
        out[4 * x + 3] = (unsigned char)a;
    }
}

/* The filtered rows PNG compresses (a filter byte, none, before each row): RGB when every pixel
 * is opaque, as maps are, else RGBA. Malloc'd; *size its bytes. */
static unsigned char *
image_rows(const unsigned char *pixels, int width, int height, int stride, bool *opaque,
           size_t *size)
{
    size_t row_bytes = 1 + (size_t)width * 3;
    unsigned char *raw = xmalloc(row_bytes * (size_t)height);
    unsigned alpha = 0xFF;
    for (int y = 0; y < height && alpha == 0xFF; y++) {
        unsigned char *row = raw + (size_t)y * row_bytes;
        row[0] = 0;
        alpha &= convert_opaque_row((const uint32_t *)(pixels + (size_t)y * (size_t)stride),
                                    row + 1, width);
    }
    *opaque = alpha == 0xFF;
    if (*opaque) {
        *size = row_bytes * (size_t)height;
        return raw;
    }
    free(raw);
    row_bytes = 1 + (size_t)width * 4;
    raw = xmalloc(row_bytes * (size_t)height);
    for (int y = 0; y < height; y++) {
        unsigned char *row = raw + (size_t)y * row_bytes;
        row[0] = 0;
        convert_rgba_row((const uint32_t *)(pixels + (size_t)y * (size_t)stride), row + 1, width);
    }
    *size = row_bytes * (size_t)height;
    return raw;
}

static void
put_u32(unsigned char *out, uint32_t value)
{
    out[0] = (unsigned char)(value >> 24);
    out[1] = (unsigned char)(value >> 16);
    out[2] = (unsigned char)(value >> 8);
    out[3] = (unsigned char)value;
}

/* One chunk: length, type, data, CRC-32 of type and data. False on a write error. */
static bool
write_chunk(FILE *stream, const char type[4], const unsigned char *data, size_t size)
{
    unsigned char head[8], tail[4];
    put_u32(head, (uint32_t)size);
    memcpy(head + 4, type, 4);
    uint32_t crc = libdeflate_crc32(0, head + 4, 4);
    if (size > 0)
        crc = libdeflate_crc32(crc, data, size);
    put_u32(tail, crc);
    return fwrite(head, 1, sizeof head, stream) == sizeof head &&
           (size == 0 || fwrite(data, 1, size, stream) == size) &&
           fwrite(tail, 1, sizeof tail, stream) == sizeof tail;
}

static bool
write_png(FILE *stream, int width, int height, bool opaque, const unsigned char *zlib, size_t size)
{
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    unsigned char header[13];
    put_u32(header, (uint32_t)width);
    put_u32(header + 4, (uint32_t)height);
    header[8] = 8;               /* bits a sample */
    header[9] = opaque ? 2 : 6;  /* RGB, RGBA */
    header[10] = header[11] = 0; /* deflate; adaptive filtering (each row says "none") */
    header[12] = 0;              /* not interlaced */
    if (fwrite(signature, 1, sizeof signature, stream) != sizeof signature ||
        !write_chunk(stream, "IHDR", header, sizeof header))
        return false;
    for (size_t at = 0; at < size; at += IDAT_CHUNK_BYTES) {
        size_t part = size - at < IDAT_CHUNK_BYTES ? size - at : IDAT_CHUNK_BYTES;
        if (!write_chunk(stream, "IDAT", zlib + at, part))
            return false;
    }
    return write_chunk(stream, "IEND", NULL, 0) && fflush(stream) == 0;
}

enum posture_status
png_writer_write(FILE *stream, const unsigned char *pixels, int width, int height, int stride,
                 const char *path, struct posture_error *err)
{
    bool opaque;
    size_t raw_size;
    unsigned char *raw = image_rows(pixels, width, height, stride, &opaque, &raw_size);
    unsigned char *zlib = xmalloc(png_deflate_bound(raw_size));
    size_t row_bytes = height > 0 ? raw_size / (size_t)height : 1;
    size_t size = png_deflate_zlib(raw, raw_size, row_bytes, opaque ? 3 : 4, zlib);
    free(raw);
    enum posture_status status = POSTURE_OK;
    if (!write_png(stream, width, height, opaque, zlib, size))
        status = error_set(err, POSTURE_ERR_WRITE, "%s: cannot write the PNG", path);
    free(zlib);
    return status;
}
