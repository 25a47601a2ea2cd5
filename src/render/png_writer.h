/* PNG encoding of a drawn image, tuned for maps: no row filter and one whole-image deflate
 * (png_deflate.c) are many times faster than cairo's own writer, with smaller files.
 * Drawing the image is cairo_output.c's. */
#ifndef RENDER_PNG_WRITER_H
#define RENDER_PNG_WRITER_H

#include <stdint.h>
#include <stdio.h>

#include "posture.h"

/* pixels: premultiplied ARGB in native-endian 32-bit words (cairo's CAIRO_FORMAT_ARGB32),
 * stride in bytes, overwritten (an opaque image's rows are converted in place). Writes RGB when
 * every pixel is opaque, else straight (not premultiplied) RGBA. `path` names the file in
 * messages. */
enum posture_status png_writer_write(FILE *stream, unsigned char *pixels, int width, int height,
                                     int stride, const char *path, struct posture_error *err);

#endif
