/* The legend, made from what the map shows: country groups on the page, Crimea's status, areas
 * and style layers, the sides present, and nested circles for troop numbers at the true symbol
 * scale. */
#ifndef LAYOUT_LEGEND_H
#define LAYOUT_LEGEND_H

#include "data/deployments.h"
#include "layout/areas.h"
#include "layout/basemap.h"
#include "layout/symbols.h"

/* Round reference values for the circle key from the largest troop count: up to three of the
 * 1-2-2.5-5 series (so 25,000 stays 25,000), at least 2.4 times apart, largest first. Returns
 * the count. */
size_t legend_key_values(double max_troops, double min_troops, double values[3]);

/* True when the legend sits in a band below the map, not over it (legend_goes_below(), as
 * furniture_frame() decided). */
bool legend_is_below(struct layout *layout);
/* Whether the legend should go in a band under a frame this tall: on narrow pages
 * ([legend] below_under_page_width) and where a corner legend would take more than
 * below_over_frame_share of the frame's height. furniture_frame() decides, once. */
bool legend_goes_below(struct layout *layout, double frame_height_pt);
/* The band's height (an estimate from the style: every legend group, Crimea, two sides). */
double legend_band_height(struct layout *layout);

/* Draws the legend in the frame corner least in the way; adds it as a label obstacle. Its key
 * of circles follows sides->drawn_troops_* (symbols_draw() first). */
void legend_draw(struct layout *layout, const struct basemap *basemap, const struct area_set *areas,
                 const struct side_set *sides);

#endif
