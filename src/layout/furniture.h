/* Page furniture: the header (title, subtitle), the footer (source, credit), the frame line
 * and the scale bar. Where the map frame goes follows from their sizes. */
#ifndef LAYOUT_FURNITURE_H
#define LAYOUT_FURNITURE_H

#include "layout/layout.h"

/* The map frame left between header and footer on a page of width x height points. */
struct page_box furniture_frame(struct layout *layout, double width_pt, double height_pt);
/* The page's background, first of all items. */
void furniture_draw_page(struct layout *layout);
/* Parallels and meridians every [graticule] step_deg, under the countries, if shown. */
void furniture_draw_graticule(struct layout *layout);
/* Title, subtitle, source, credit, frame line; the scale bar inside the frame (an obstacle). */
void furniture_draw(struct layout *layout, const char *subtitle_date);
/* A round length (1-2-5 series, km) close to `target_m`. */
double furniture_round_length_m(double target_m);

#endif
