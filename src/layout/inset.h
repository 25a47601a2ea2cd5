/* The inset locator: a small globe (Lambert azimuthal equal-area around the map's centre,
 * clipped to a circle) with the main map's footprint outlined, in a free corner of the frame.
 * Loading its countries is the caller's. */
#ifndef LAYOUT_INSET_H
#define LAYOUT_INSET_H

#include "data/countries.h"
#include "geo/projection.h"
#include "layout/layout.h"

/* countries: lon/lat unless crs is given; the whole file, not only what the map shows. */
void inset_draw(struct layout *layout, const struct country_set *countries, struct source_crs *crs);

#endif
