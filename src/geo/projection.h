/* Map projection with PROJ: lon/lat (WGS84) to the map's CRS and back, over whole arrays.
 * Which extent and page the map has is left to layout/viewport.c. */
#ifndef GEO_PROJECTION_H
#define GEO_PROJECTION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/types.h"
#include "posture.h"

struct projection;

/* definition: a PROJ string ("+proj=laea +lat_0=52 +lon_0=25"), "EPSG:3035", or WKT.
 * `origin` names where it came from, for messages ("style.ini:12"). */
struct projection *projection_create(const char *definition, const char *origin,
                                     struct posture_error *err);
void projection_destroy(struct projection *projection);

/* In place: lon/lat degrees in, metres out. A point that cannot be projected (the far side of
 * an azimuthal projection) becomes HUGE_VAL. Returns how many points failed. */
size_t projection_forward(const struct projection *projection, double *xy, size_t point_count);
/* From now on projection_forward() keeps what it projects, up to max_points points, and gives
 * points it has seen from memory (the same bits): for a session that draws many maps of one
 * projection. A projection that remembers is one thread's, as PROJ's objects are anyway. */
void projection_remember_points(struct projection *projection, size_t max_points);
/* In place: metres in, lon/lat degrees out (HUGE_VAL where undefined). */
size_t projection_inverse(const struct projection *projection, double *xy, size_t point_count);

struct map_xy projection_forward_point(const struct projection *projection, struct lonlat at);

/* Turns coordinates of a source CRS (a shapefile's .prj WKT) into lon/lat. */
struct source_crs;
/* NULL with no error when the WKT already is WGS84 lon/lat (nothing to do). */
struct source_crs *source_crs_create(const char *wkt, const char *origin, bool *is_lonlat,
                                     struct posture_error *err);
void source_crs_destroy(struct source_crs *crs);
/* In place, x/y of the source CRS to lon/lat; returns the number of failed points (HUGE_VAL). */
size_t source_crs_to_lonlat(struct source_crs *crs, double *xy, size_t point_count);

#endif
