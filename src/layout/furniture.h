/* Page furniture: the header (title, subtitle), the footer (source, credit), the frame line
 * and the scale bar. Where the map frame goes follows from their sizes. */
#ifndef LAYOUT_FURNITURE_H
#define LAYOUT_FURNITURE_H

#include "layout/layout.h"

/* The map frame left between header and footer on a page of width x height points. */
struct page_box furniture_frame(struct layout *layout, double width_pt, double height_pt);
/* Title, subtitle, source, credit, frame line; the scale bar inside the frame (an obstacle). */
void furniture_draw(struct layout *layout, const char *subtitle_date);
/* A round length (1-2-5 series, km) close to `target_m`. */
double furniture_round_length_m(double target_m);

#endif
