/* Movement arrows: the geodesic from origin to destination, projected, bowed, clipped to the
 * frame, trimmed to the symbols it joins, width by troops; an origin off the map enters from
 * the edge with a "from ..." label. Destination circles are symbols.c's. */
#ifndef LAYOUT_ARROWS_H
#define LAYOUT_ARROWS_H

#include "data/deployments.h"
#include "layout/symbols.h"

double arrows_width_pt(struct layout *layout, double troops);
void arrows_draw(struct layout *layout, const struct deployment_table *table,
                 struct side_set *sides);

#endif
