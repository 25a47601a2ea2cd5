/* Line simplification in page space, so detail finer than the output can show is not drawn.
 * Choosing the tolerance (a fraction of a pixel) is the caller's. */
#ifndef GEO_SIMPLIFY_H
#define GEO_SIMPLIFY_H

#include <stdbool.h>
#include <stddef.h>

/* Simplifies xy (count points, interleaved) in place with Douglas-Peucker;
 * every kept point lies on the input and no dropped point is farther than tolerance from the
 * result. Returns the new count. Rings keep their first (= last) point. */
size_t simplify_line(double *xy, size_t count, double tolerance);

/* simplify_line that also keeps every point i with keep[i] != 0 (count entries; NULL keeps
 * only the ends). What is kept between two kept points depends on the points between them
 * only, not on the direction they come in: a border two rings share, between the same two kept
 * points, is simplified alike in both. */
size_t simplify_line_keeping(double *xy, size_t count, double tolerance, const unsigned char *keep);

#endif
