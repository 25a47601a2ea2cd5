/* A zlib stream (RFC 1950 around RFC 1951 deflate) for the rows of a map image, several times
 * faster than a general compressor at the same size: it looks for repeats only where a map has
 * them, the pixel to the left and the pixels above. Any zlib reader decodes it. */
#ifndef RENDER_PNG_DEFLATE_H
#define RENDER_PNG_DEFLATE_H

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

#endif
