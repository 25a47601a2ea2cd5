/* PNG encoding of a drawn image, tuned for maps: no row filter and one whole-image deflate
 * (png_deflate.c) are many times faster than cairo's own writer, with smaller files.
 * Drawing the image is cairo_output.c's. */
#ifndef RENDER_PNG_WRITER_H
#define RENDER_PNG_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "posture.h"

/* pixels: premultiplied ARGB in native-endian 32-bit words (cairo's CAIRO_FORMAT_ARGB32),
 * stride in bytes, overwritten (an opaque image's rows are converted in place). Writes RGB when
 * every pixel is opaque, else straight (not premultiplied) RGBA. `path` names the file in
 * messages. */
enum posture_status png_writer_write(FILE *stream, unsigned char *pixels, int width, int height,
                                     int stride, const char *path, struct posture_error *err);

/* An opaque image may also be encoded in parts, bands of rows each encoded by the thread that
 * drew it, at once (cairo_output.c): a part's rows are converted to RGB over their own pixels
 * and compressed as one piece of the PNG's stream. */
struct png_part {
    unsigned char *data; /* the part's deflate blocks (malloc'd) */
    size_t size;
    uint32_t adler;  /* Adler-32 of its filtered rows */
    size_t raw_size; /* their bytes */
};
/* rows: the band's first pixel, premultiplied ARGB as above and every one opaque. is_last: the
 * image's last band. */
void png_part_encode(unsigned char *rows, int width, int row_count, int stride, bool is_last,
                     struct png_part *part);
void png_part_fini(struct png_part *part);
/* The PNG of an opaque image from its parts, top band first. */
enum posture_status png_writer_write_parts(FILE *stream, int width, int height,
                                           const struct png_part *parts, size_t count,
                                           const char *path, struct posture_error *err);

#endif
