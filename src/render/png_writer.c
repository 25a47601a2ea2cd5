#include "render/png_writer.h"

#include <libdeflate.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"

/* The PNG container is written here by hand, not by libpng: libpng compresses through zlib a
 * row at a time, and zlib was a quarter of a render. libdeflate (Debian's libdeflate-dev)
 * compresses the whole image in one call; a PNG is only a signature and three kinds of chunk
 * around that stream. Measured on the default map (1600x1200, callgrind): libpng with zlib 3
 * and no row filter 160 M instructions and 348 KB; libdeflate level 1 88 M and 336 KB (level 4:
 * 171 M, 326 KB; level 6: 191 M, 321 KB). cairo's own writer (zlib 6, adaptive filters) was
 * 4x slower than libpng's. No row filter: flat map fills compress better unfiltered. */
enum { PNG_DEFLATE_LEVEL = 1 };

/* Bytes of compressed stream a chunk holds: readers cope with any split, and chunks of a
 * megabyte keep every length far below PNG's 2^31 limit. */
enum { IDAT_CHUNK_BYTES = 1 << 20 };

static bool
is_opaque(const unsigned char *pixels, int width, int height, int stride)
{
    for (int y = 0; y < height; y++) {
        const uint32_t *row = (const uint32_t *)(pixels + (size_t)y * (size_t)stride);
        for (int x = 0; x < width; x++)
            if ((row[x] >> 24) != 0xFF)
                return false;
    }
    return true;
}

static void
convert_row(const uint32_t *in, unsigned char *out, int width, bool opaque)
{
    for (int x = 0; x < width; x++) {
        uint32_t p = in[x];
        unsigned a = p >> 24, r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
        if (opaque) {
            out[0] = (unsigned char)r;
            out[1] = (unsigned char)g;
            out[2] = (unsigned char)b;
            out += 3;
            continue;
        }
        if (a != 0 && a != 0xFF) { /* undo cairo's premultiplication, rounding */
            r = (r * 255 + a / 2) / a;
            g = (g * 255 + a / 2) / a;
            b = (b * 255 + a / 2) / a;
        }
        out[0] = (unsigned char)r;
        out[1] = (unsigned char)g;
        out[2] = (unsigned char)b;
        out[3] = (unsigned char)a;
        out += 4;
    }
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
    bool opaque = is_opaque(pixels, width, height, stride);
    size_t row_bytes = 1 + (size_t)width * (opaque ? 3 : 4);
    size_t raw_size = row_bytes * (size_t)height;
    unsigned char *raw = xmalloc(raw_size);
    for (int y = 0; y < height; y++) {
        unsigned char *row = raw + (size_t)y * row_bytes;
        row[0] = 0; /* filter type none */
        convert_row((const uint32_t *)(pixels + (size_t)y * (size_t)stride), row + 1, width,
                    opaque);
    }
    struct libdeflate_compressor *compressor = libdeflate_alloc_compressor(PNG_DEFLATE_LEVEL);
    if (compressor == NULL) {
        free(raw);
        return error_set(err, POSTURE_ERR_INTERNAL, "%s: out of memory compressing the PNG", path);
    }
    size_t bound = libdeflate_zlib_compress_bound(compressor, raw_size);
    unsigned char *zlib = xmalloc(bound);
    size_t size = libdeflate_zlib_compress(compressor, raw, raw_size, zlib, bound);
    libdeflate_free_compressor(compressor);
    free(raw);
    enum posture_status status = POSTURE_OK;
    if (size == 0)
        status = error_set(err, POSTURE_ERR_INTERNAL, "%s: cannot compress the PNG", path);
    else if (!write_png(stream, width, height, opaque, zlib, size))
        status = error_set(err, POSTURE_ERR_WRITE, "%s: cannot write the PNG", path);
    free(zlib);
    return status;
}
