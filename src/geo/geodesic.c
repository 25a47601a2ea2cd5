#include "geo/geodesic.h"

#include <geodesic.h>

static const struct geod_geodesic *
wgs84(void)
{
    static struct geod_geodesic g;
    static int is_ready;
    if (!is_ready) {
        geod_init(&g, 6378137.0, 1 / 298.257223563);
        is_ready = 1;
    }
    return &g;
}

void
geodesic_path(struct lonlat a, struct lonlat b, size_t point_count, struct lonlat *out)
{
    struct geod_geodesicline line;
    geod_inverseline(&line, wgs84(), a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg, 0);
    for (size_t i = 0; i < point_count; i++) {
        double s = line.s13 * (double)i / (double)(point_count - 1);
        double lat, lon;
        geod_position(&line, s, &lat, &lon, NULL);
        out[i].lon_deg = lon;
        out[i].lat_deg = lat;
    }
    out[0] = a;
    out[point_count - 1] = b;
}

double
geodesic_distance_m(struct lonlat a, struct lonlat b)
{
    double s12 = 0;
    geod_inverse(wgs84(), a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg, &s12, NULL, NULL);
    return s12;
}

struct lonlat
geodesic_destination(struct lonlat from, double azimuth_deg, double distance_m)
{
    double lat, lon;
    geod_direct(wgs84(), from.lat_deg, from.lon_deg, azimuth_deg, distance_m, &lat, &lon, NULL);
    struct lonlat out = {lon, lat};
    return out;
}
