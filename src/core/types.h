/* Value types shared by every stage: coordinates that carry their space, and colours.
 * Page coordinates (struct page_xy) live in scene/scene.h with the scene. */
#ifndef CORE_TYPES_H
#define CORE_TYPES_H

/* Geographic coordinates in degrees, WGS84. */
struct lonlat {
    double lon_deg, lat_deg;
};

/* Projected coordinates in the map's CRS, metres. */
struct map_xy {
    double x_m, y_m;
};

struct lonlat_box {
    double lon0_deg, lat0_deg, lon1_deg, lat1_deg;
};

struct rgba {
    double r, g, b, a; /* 0..1 */
};

#endif
