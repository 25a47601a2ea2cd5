/* A zlib stream (RFC 1950 around RFC 1951 deflate) for the rows of a map image, several times
 * faster than a general compressor at the same size: it looks for repeats only where a map has
 * them, the pixel to the left and the pixels above. Any zlib reader decodes it. */
#ifndef RENDER_PNG_DEFLATE_H
#define RENDER_PNG_DEFLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most bytes png_deflate_zlib() writes for `size` bytes of input. */
size_t png_deflate_bound(size_t size);

/* Compresses `size` bytes of `in`, rows of `row_bytes` bytes (filter byte included) of pixels
 * of `pixel_bytes` bytes each, into `out`, which holds at least png_deflate_bound(size)
 * bytes. Returns the bytes written. Any row and pixel sizes give a valid stream; the right
 * ones give a small one. */
size_t png_deflate_zlib(const unsigned char *in, size_t size, size_t row_bytes, size_t pixel_bytes,
                        unsigned char *out);

/* The deflate blocks alone (no zlib header or checksum) for in[0, size), as one part of a stream
 * that other parts precede or follow: its repeats stay within the part, and a part that is not
 * the last ends on a whole byte (an empty stored block after its blocks), so parts made apart,
 * at once, join by concatenation. out holds png_deflate_bound(size) bytes; returns the bytes
 * written. */
size_t png_deflate_part(const unsigned char *in, size_t size, size_t row_bytes, size_t pixel_bytes,
                        bool is_last, unsigned char *out);

/* The Adler-32 of two pieces of data one after the other, from each piece's own. */
uint32_t png_deflate_adler32_join(uint32_t first, uint32_t second, size_t second_size);

#endif
