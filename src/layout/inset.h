/* The inset locator: a small globe (Lambert azimuthal equal-area around the map's centre,
 * clipped to a circle) with the main map's footprint outlined, in a free corner of the frame.
 * Loading its countries is the caller's. */
#ifndef LAYOUT_INSET_H
#define LAYOUT_INSET_H

#include "data/countries.h"
#include "geo/projection.h"
#include "layout/layout.h"

/* The globe's land projected once for a centre and a level of detail, kept for the next map of
 * a batch (the same centre and size: most of them). */
struct inset_cache;
struct inset_cache *inset_cache_create(void);
void inset_cache_destroy(struct inset_cache *cache);

/* countries: lon/lat unless crs is given; the whole file, not only what the map shows. cache:
 * NULL, or one kept across renders while `countries` lives. */
void inset_draw(struct layout *layout, const struct country_set *countries, struct source_crs *crs,
                struct inset_cache *cache);

#endif
