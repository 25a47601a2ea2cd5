/* Where the map sits on the page: the frame between header and footer, and the affine map from
 * projected metres to page points that fits the requested lon/lat extent into it. */
#ifndef LAYOUT_VIEWPORT_H
#define LAYOUT_VIEWPORT_H

#include <stdbool.h>

#include "core/types.h"
#include "geo/projection.h"
#include "posture.h"
#include "scene/scene.h"

struct viewport {
    struct page_box frame;     /* the map's rectangle on the page */
    double points_per_metre;   /* map scale */
    struct map_xy centre;      /* projected point at the frame's centre */
    struct lonlat_box visible; /* lon/lat box that holds everything the frame shows */
    bool is_visible_known;     /* false: the frame sees a pole or wraps; no lon/lat pre-clip */
};

/* Fits extent (its outline, projected) into frame, centred, keeping the aspect; the frame may
 * show more than the extent in one direction. */
enum posture_status viewport_fit(struct viewport *viewport, const struct projection *projection,
                                 struct lonlat_box extent, struct page_box frame,
                                 struct posture_error *err);

struct page_xy viewport_to_page(const struct viewport *viewport, struct map_xy at);
/* In place over interleaved metres -> points; HUGE_VAL stays HUGE_VAL. */
void viewport_to_page_array(const struct viewport *viewport, double *xy, size_t point_count);
struct page_xy viewport_project(const struct viewport *viewport,
                                const struct projection *projection, struct lonlat at);
bool viewport_contains(const struct viewport *viewport, struct page_xy at);

#endif
