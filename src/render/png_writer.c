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

/* An opaque row (is_opaque() said so) as RGB, pixels [from, width). Its own loop because it
 * runs for every pixel of every map: 2 M of them at 1600 x 1200. (Four pixels at a time as
 * three 32-bit words took as many instructions.) */
static void
convert_rgb_row(const uint32_t *in, unsigned char *out, size_t from, size_t width)
{
    for (size_t x = from; x < width; x++) {
        uint32_t p = in[x];
        out[3 * x] = (unsigned char)(p >> 16);
        out[3 * x + 1] = (unsigned char)(p >> 8);
        out[3 * x + 2] = (unsigned char)p;
    }
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
/* The same with one SSSE3 byte shuffle for four pixels: the loop above is 11 instructions a
 * pixel, as much as a third of the PNG's compression. Each 16-byte store writes 4 bytes past
 * its 12, which the next store (or the scalar tail, which does the last 4 to 7 pixels)
 * overwrites, never past the row. */
__attribute__((target("ssse3"))) static void
convert_rgb_row_ssse3(const uint32_t *in, unsigned char *out, size_t width)
{
    const __m128i order = _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    size_t x = 0;
    for (; x + 8 <= width; x += 4) {
        __m128i p = _mm_loadu_si128((const __m128i *)(const void *)(in + x));
        _mm_storeu_si128((__m128i *)(void *)(out + 3 * x), _mm_shuffle_epi8(p, order));
    }
    convert_rgb_row(in, out, x, width);
}
#endif

static void
convert_opaque_row(const uint32_t *in, unsigned char *out, int width)
{
#if defined(__GNUC__) && defined(__x86_64__)
    if (__builtin_cpu_supports("ssse3")) {
        convert_rgb_row_ssse3(in, out, (size_t)width);
        return;
    }
#endif
    convert_rgb_row(in, out, 0, (size_t)width);
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

/* Whether every pixel is opaque, as maps are: one pass, a word at a time. */
static bool
is_opaque(const unsigned char *pixels, int width, int height, int stride)
{
    uint32_t alpha = 0xFF000000u;
    for (int y = 0; y < height && alpha == 0xFF000000u; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(pixels + (size_t)y * (size_t)stride);
        for (size_t x = 0; x < (size_t)width; x++)
            alpha &= row[x];
    }
    return alpha == 0xFF000000u;
}

/* Opaque rows as RGB in place, each after a filter byte (none), from the top of their own
 * memory: a row's RGB never reaches the part of its own ARGB row not yet read, except in the
 * first rows, which go through a spare row. Returns the first row's RGB, which is `pixels`. */
static void
convert_opaque_rows_in_place(unsigned char *pixels, int width, int height, int stride)
{
    size_t w = (size_t)width, h = (size_t)height;
    size_t row_bytes = 1 + w * 3;
    uint32_t *spare = xmalloc(4 * w + 4);
    for (size_t y = 0; y < h; y++) {
        const uint32_t *in = (const uint32_t *)(const void *)(pixels + y * (size_t)stride);
        unsigned char *row = pixels + y * row_bytes;
        /* the vector conversion writes 16 bytes ahead of the 12 it means */
        if (y * ((size_t)stride - row_bytes) < 64) {
            memcpy(spare, in, 4 * w);
            in = spare;
        }
        row[0] = 0;
        convert_opaque_row(in, row + 1, width);
    }
    free(spare);
}

/* The filtered rows PNG compresses (a filter byte, none, before each row): RGB when every pixel
 * is opaque, else RGBA. RGB rows are shorter than the image's, so they are written over the
 * image (convert_opaque_rows_in_place()), saving a second copy of the map (5.8 MB at
 * 1600 x 1200). Else malloc'd (*is_in_place false). *size: the rows' bytes. */
static unsigned char *
image_rows(unsigned char *pixels, int width, int height, int stride, bool *opaque,
           bool *is_in_place, size_t *size)
{
    *opaque = is_opaque(pixels, width, height, stride);
    size_t w = (size_t)width, h = (size_t)height;
    size_t row_bytes = 1 + w * (*opaque ? 3 : 4);
    *size = row_bytes * h;
    *is_in_place = *opaque && row_bytes <= (size_t)stride;
    if (*is_in_place) {
        convert_opaque_rows_in_place(pixels, width, height, stride);
        return pixels;
    }
    unsigned char *raw = xmalloc(*size);
    for (size_t y = 0; y < h; y++) {
        const uint32_t *in = (const uint32_t *)(const void *)(pixels + y * (size_t)stride);
        unsigned char *row = raw + y * row_bytes;
        row[0] = 0;
        if (*opaque)
            convert_opaque_row(in, row + 1, width);
        else
            convert_rgba_row(in, row + 1, width);
    }
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

/* The signature and the header chunk. */
static bool
write_head(FILE *stream, int width, int height, bool opaque)
{
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    unsigned char header[13];
    put_u32(header, (uint32_t)width);
    put_u32(header + 4, (uint32_t)height);
    header[8] = 8;               /* bits a sample */
    header[9] = opaque ? 2 : 6;  /* RGB, RGBA */
    header[10] = header[11] = 0; /* deflate; adaptive filtering (each row says "none") */
    header[12] = 0;              /* not interlaced */
    return fwrite(signature, 1, sizeof signature, stream) == sizeof signature &&
           write_chunk(stream, "IHDR", header, sizeof header);
}

/* The PNG's zlib stream is written in IDAT chunks of whatever pieces it comes in. */
struct idat_writer {
    FILE *stream;
    unsigned char *pending; /* IDAT_CHUNK_BYTES */
    size_t count;
    bool is_ok;
};

static void
idat_put(struct idat_writer *w, const unsigned char *bytes, size_t size)
{
    while (size > 0 && w->is_ok) {
        size_t room = IDAT_CHUNK_BYTES - w->count;
        size_t part = size < room ? size : room;
        memcpy(w->pending + w->count, bytes, part);
        w->count += part;
        bytes += part;
        size -= part;
        if (w->count == IDAT_CHUNK_BYTES) {
            w->is_ok = write_chunk(w->stream, "IDAT", w->pending, w->count);
            w->count = 0;
        }
    }
}

/* The last IDAT chunk, then IEND; false if any write failed. Frees the writer's buffer. */
static bool
idat_finish(struct idat_writer *w)
{
    if (w->is_ok && w->count > 0)
        w->is_ok = write_chunk(w->stream, "IDAT", w->pending, w->count);
    free(w->pending);
    return w->is_ok && write_chunk(w->stream, "IEND", NULL, 0) && fflush(w->stream) == 0;
}

static bool
write_png(FILE *stream, int width, int height, bool opaque, const unsigned char *zlib, size_t size)
{
    struct idat_writer w = {stream, xmalloc(IDAT_CHUNK_BYTES), 0, true};
    w.is_ok = write_head(stream, width, height, opaque);
    idat_put(&w, zlib, size);
    return idat_finish(&w);
}

enum posture_status
png_writer_write(FILE *stream, unsigned char *pixels, int width, int height, int stride,
                 const char *path, struct posture_error *err)
{
    bool opaque, is_in_place;
    size_t raw_size;
    unsigned char *raw =
        image_rows(pixels, width, height, stride, &opaque, &is_in_place, &raw_size);
    unsigned char *zlib = xmalloc(png_deflate_bound(raw_size));
    size_t row_bytes = height > 0 ? raw_size / (size_t)height : 1;
    size_t size = png_deflate_zlib(raw, raw_size, row_bytes, opaque ? 3 : 4, zlib);
    if (!is_in_place)
        free(raw);
    enum posture_status status = POSTURE_OK;
    if (!write_png(stream, width, height, opaque, zlib, size))
        status = error_set(err, POSTURE_ERR_WRITE, "%s: cannot write the PNG", path);
    free(zlib);
    return status;
}

void
png_part_encode(unsigned char *rows, int width, int row_count, int stride, bool is_last,
                struct png_part *part)
{
    convert_opaque_rows_in_place(rows, width, row_count, stride);
    size_t row_bytes = 1 + 3 * (size_t)width;
    part->raw_size = row_bytes * (size_t)row_count;
    part->data = xmalloc(png_deflate_bound(part->raw_size));
    part->size = png_deflate_part(rows, part->raw_size, row_bytes, 3, is_last, part->data);
    part->adler = libdeflate_adler32(1, rows, part->raw_size);
}

void
png_part_fini(struct png_part *part)
{
    free(part->data);
    part->data = NULL;
}

enum posture_status
png_writer_write_parts(FILE *stream, int width, int height, const struct png_part *parts,
                       size_t count, const char *path, struct posture_error *err)
{
    static const unsigned char zlib_head[2] = {0x78, 0x01}; /* as png_deflate_zlib() writes */
    struct idat_writer w = {stream, xmalloc(IDAT_CHUNK_BYTES), 0, true};
    w.is_ok = write_head(stream, width, height, true);
    idat_put(&w, zlib_head, sizeof zlib_head);
    uint32_t adler = 1;
    for (size_t i = 0; i < count; i++) {
        idat_put(&w, parts[i].data, parts[i].size);
        adler = png_deflate_adler32_join(adler, parts[i].adler, parts[i].raw_size);
    }
    unsigned char tail[4];
    put_u32(tail, adler);
    idat_put(&w, tail, sizeof tail);
    if (!idat_finish(&w))
        return error_set(err, POSTURE_ERR_WRITE, "%s: cannot write the PNG", path);
    return POSTURE_OK;
}
