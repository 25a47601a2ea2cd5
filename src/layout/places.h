/* Reference places (capitals) for orientation: a dot and a name, placed by the label solver
 * below deployments and above country names. Which places is the style's [places] names. */
#ifndef LAYOUT_PLACES_H
#define LAYOUT_PLACES_H

#include "data/gazetteer.h"
#include "layout/layout.h"

/* Draws each place of [places] names found in the gazetteer that lies on the map. Names the
 * gazetteer does not know fail naming the style key. */
void places_draw(struct layout *layout, const struct gazetteer *gazetteer);

#endif
