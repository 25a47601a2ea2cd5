/* Thin lines with round joins and caps (a map's borders), drawn straight into an image's
 * pixels. Why by hand: cairo strokes any line through its general stroker (an outline with a
 * fan at every join) and polygon scan converter, which for the borders of a map, 0.5-1.5 px
 * wide and some 30,000 segments, was a fifth of the whole map's time; a line this thin is, pixel
 * by pixel, its distance to the nearest segment. No library draws that (pixman has no lines,
 * cairo 1.16 no hairlines). */
#ifndef RENDER_THIN_LINES_H
#define RENDER_THIN_LINES_H

#include <stdbool.h>

#include "core/types.h"
#include "scene/scene.h"

/* The widest line drawn so, in pixels; wider lines are cairo's. */
#define THIN_LINE_MAX_PX 1.5

/* Memory a drawing's lines reuse (so that no line allocates, clears and faults in its own):
 * the coverage mask of a strip of rows, all zero between lines, and the segments in strips.
 * Zero-initialised before the first line; thin_line_scratch_fini() frees it. */
struct thin_line_scratch {
    unsigned char *cover, *touched;
    size_t cover_size, touched_size;
    struct ends *ends; /* thin_lines.c's */
    size_t end_count, ends_capacity;
    size_t *order, order_capacity;
    size_t *starts, starts_capacity;
    struct active *active;
    size_t active_capacity;
};

void thin_line_scratch_fini(struct thin_line_scratch *scratch);

/* Premultiplied ARGB32 pixels (cairo's image format), of which rows [row0, row1) are drawn. */
struct thin_line_image {
    unsigned char *pixels;
    int stride; /* bytes a row */
    int width_px, row0, row1;
    struct thin_line_scratch *scratch; /* NULL: each line allocates its own */
};

/* Strokes every subpath of g (page points, `scale` pixels a point; closed ones back to their
 * first point) width_px wide with round joins and caps, as one stroke: where segments overlap,
 * the line is as dark as either, not darker. Only the part inside clip (pixels; NULL: none) is
 * drawn, with partly covered pixels at its edges. Each pixel is covered as far as the line
 * crosses it: the area of the line within the pixel's square, measured across the nearest
 * segment. Points that are not numbers are passed over, as cairo_output's paths do. */
void thin_lines_draw(const struct thin_line_image *image, const struct scene_geometry *g,
                     double scale, double width_px, struct rgba colour,
                     const struct page_box *clip);

#endif
