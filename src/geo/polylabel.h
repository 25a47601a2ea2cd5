/* The pole of inaccessibility: the point inside a polygon farthest from its edges, where a
 * country's name fits best. Which polygon (the visible part of a country) is the caller's. */
#ifndef GEO_POLYLABEL_H
#define GEO_POLYLABEL_H

#include <stddef.h>

/* xy: all rings' points interleaved; ring_starts: ring_count indexes into xy (points); rings
 * closed or not, even-odd. precision in the same units. Writes the point and returns its
 * distance to the nearest edge (0 for an empty polygon). */
double polylabel_find(const double *xy, size_t point_count, const size_t *ring_starts,
                      size_t ring_count, double precision, double *x, double *y);

#endif
