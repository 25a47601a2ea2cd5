/* The legend, made from what the map shows: country groups on the page, Crimea's status, the
 * sides present, and nested circles for troop numbers at the true symbol scale. */
#ifndef LAYOUT_LEGEND_H
#define LAYOUT_LEGEND_H

#include "data/deployments.h"
#include "layout/basemap.h"
#include "layout/symbols.h"

/* Round reference values for the circle key from the largest troop count: up to three of the
 * 1-2-2.5-5 series (so 25,000 stays 25,000), at least 2.4 times apart, largest first. Returns
 * the count. */
size_t legend_key_values(double max_troops, double min_troops, double values[3]);

/* Draws the legend in the frame corner least in the way; adds it as a label obstacle. */
void legend_draw(struct layout *layout, const struct basemap *basemap,
                 const struct side_set *sides, const struct deployment_table *table);

#endif
