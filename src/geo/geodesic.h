/* Geodesics on the WGS84 ellipsoid (PROJ's geodesic routines): the path a movement arrow
 * follows and true distances for the scale bar. Projecting the path is the caller's. */
#ifndef GEO_GEODESIC_H
#define GEO_GEODESIC_H

#include <stddef.h>

#include "core/types.h"

/* Writes point_count points (>= 2) evenly spaced along the geodesic from a to b into out. */
void geodesic_path(struct lonlat a, struct lonlat b, size_t point_count, struct lonlat *out);
/* Length of the geodesic from a to b in metres. */
double geodesic_distance_m(struct lonlat a, struct lonlat b);
/* The point distance_m from `from` along azimuth_deg (clockwise from north). */
struct lonlat geodesic_destination(struct lonlat from, double azimuth_deg, double distance_m);

#endif
