/* Vertices and edges that rings share, found by exact coordinates (the same point in two rings
 * is one vertex), so neighbours simplify their common border alike and stroke it once.
 * Which rings to pass, their tolerance and how to draw the edges are the caller's. */
#ifndef GEO_TOPOLOGY_H
#define GEO_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/clip.h"

/* Rings are count points x, y (interleaved) joined last to first; a last point equal to the
 * first is the same vertex, not a second one. */

struct topology;

/* Room for point_count points before it grows (a hint: 0 starts small). */
struct topology *topology_create(size_t point_count);
void topology_destroy(struct topology *topology);
void topology_add_ring(struct topology *topology, const double *xy, size_t count);

/* anchor[i] (count entries, set or cleared) = 1 where the rings through point i change: a
 * shared point next to an unshared one, or one where three rings meet (a vertex seen with
 * different neighbours in different places). Returns whether any point of the ring is shared;
 * a ring the topology was not given shares nothing. */
bool topology_find_anchors(struct topology *topology, const double *xy, size_t count,
                           unsigned char *anchor);

/* A ring (added before) simplified to tolerance into *out (reset first); returns out->count.
 * A ring that shares nothing comes out as simplify_line leaves it. A shared ring comes out
 * closed, starting at an anchor (the first point in coordinate order where a ring is all shared
 * without one), with every anchor kept: the points between two anchors, shared with another
 * ring, come out the same from both whichever way they run. */
size_t topology_simplify_ring(struct topology *topology, const double *xy, size_t count,
                              double tolerance, struct point_buffer *out);

/* Edges already drawn, either way round. */
struct edge_set;

/* Room for edge_count edges before it grows (a hint). */
struct edge_set *edge_set_create(size_t edge_count);
void edge_set_destroy(struct edge_set *set);
/* Adds the edge a-b (two doubles each); false if it or b-a was added before. */
bool edge_set_add(struct edge_set *set, const double *a, const double *b);
/* For each edge i of a ring (point i to point i + 1, the last to the first) that skip[i] (count
 * entries) does not skip already: skips it if the set has it, else adds it. An edge of no length
 * is never skipped. Returns whether the ring has any edge skipped. */
bool edge_set_skip_drawn(struct edge_set *set, const double *xy, size_t count, bool *skip);

#endif
