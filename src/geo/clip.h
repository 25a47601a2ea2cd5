/* Clipping and antimeridian repair on interleaved x,y arrays (lon/lat, metres or points alike).
 * Which box to clip to is the caller's: lon/lat before projecting, the page frame after. */
#ifndef GEO_CLIP_H
#define GEO_CLIP_H

#include <stddef.h>

struct point_buffer {
    double *xy; /* x0, y0, x1, y1, ... */
    size_t count;
    size_t capacity;
};

struct clip_box {
    double x0, y0, x1, y1;
};

void point_buffer_init(struct point_buffer *buffer);
void point_buffer_fini(struct point_buffer *buffer);
void point_buffer_push(struct point_buffer *buffer, double x, double y);
/* Room for count points in all, without growing again until there are more. */
void point_buffer_reserve(struct point_buffer *buffer, size_t count);

/* Rings of Russia, Fiji and Antarctica jump between -180 and +180. Writes the ring to *out with
 * longitudes made continuous (they may pass 180); a ring that goes round a pole is closed along
 * the pole's latitude. out is reset first. */
void clip_unwrap_ring(const double *xy, size_t count, struct point_buffer *out);

/* Sutherland-Hodgman against an axis-aligned box: *out (reset first) gets the clipped ring,
 * possibly with edges along the box. Empty if the ring misses the box. */
void clip_ring_to_box(const double *xy, size_t count, struct clip_box box,
                      struct point_buffer *out);

/* Sutherland-Hodgman against a convex polygon window (window_count x,y points, either winding):
 * *out (reset first) gets the clipped ring, possibly with edges along the window. Empty if the
 * ring misses it. */
void clip_ring_to_convex(const double *xy, size_t count, const double *window, size_t window_count,
                         struct point_buffer *out);

/* Liang-Barsky on each segment of an open line. Calls emit(context, piece, n) for each piece of
 * the line inside the box (n >= 2), in order. */
void clip_line_to_box(const double *xy, size_t count, struct clip_box box,
                      void (*emit)(void *context, const double *xy, size_t count), void *context);

#endif
