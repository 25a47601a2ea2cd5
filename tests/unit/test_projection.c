#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assert_near.h"
#include "core/files.h"
#include "geo/projection.h"

#define LAEA_EUROPE "+proj=laea +lat_0=52 +lon_0=25 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"

struct known_point {
    const char *name;
    struct lonlat at;
    struct map_xy expected;
};

/* Each expected value from PROJ 9.1.1:
 *   echo "LON LAT" | cs2cs -f %.4f +proj=longlat +datum=WGS84 +to +proj=laea +lat_0=52 \
 *       +lon_0=25 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs */
static const struct known_point laea_points[] = {
    {"Warsaw", {21.0122, 52.2297}, {-272314.5323, 33016.0231}},
    {"Bucharest", {26.1025, 44.4268}, {87966.7210, -840896.6260}},
    {"Moscow", {37.6173, 55.7558}, {787937.3353, 487291.8143}},
    {"Berlin", {13.4050, 52.5200}, {-783223.1225, 120477.3639}},
    {"Kyiv", {30.5234, 50.4501}, {391891.2536, -157647.9371}},
};
enum { LAEA_POINT_COUNT = sizeof laea_points / sizeof *laea_points };

static struct projection *
create_or_fail(const char *definition)
{
    struct posture_error err = {0};
    struct projection *projection = projection_create(definition, "test", &err);
    if (projection == NULL)
        print_error("projection_create(\"%s\"): %s\n", definition, err.message);
    assert_non_null(projection);
    assert_int_equal(err.status, POSTURE_OK);
    return projection;
}

static void
test_laea_forward_matches_cs2cs_for_five_capitals(void **state)
{
    (void)state;
    struct projection *laea = create_or_fail(LAEA_EUROPE);
    for (size_t i = 0; i < LAEA_POINT_COUNT; i++) {
        struct map_xy xy = projection_forward_point(laea, laea_points[i].at);
        assert_near(xy.x_m, laea_points[i].expected.x_m, 0.001 /* m */);
        assert_near(xy.y_m, laea_points[i].expected.y_m, 0.001 /* m */);
    }
    projection_destroy(laea);
}

static void
test_laea_forward_of_an_array_matches_the_single_point_form(void **state)
{
    (void)state;
    struct projection *laea = create_or_fail(LAEA_EUROPE);
    double xy[2 * LAEA_POINT_COUNT];
    for (size_t i = 0; i < LAEA_POINT_COUNT; i++) {
        xy[2 * i] = laea_points[i].at.lon_deg;
        xy[2 * i + 1] = laea_points[i].at.lat_deg;
    }
    assert_int_equal(projection_forward(laea, xy, LAEA_POINT_COUNT), 0);
    for (size_t i = 0; i < LAEA_POINT_COUNT; i++) {
        assert_near(xy[2 * i], laea_points[i].expected.x_m, 0.001 /* m */);
        assert_near(xy[2 * i + 1], laea_points[i].expected.y_m, 0.001 /* m */);
    }
    projection_destroy(laea);
}

static void
test_laea_maps_its_centre_to_the_origin(void **state)
{
    (void)state;
    struct projection *laea = create_or_fail(LAEA_EUROPE);
    struct lonlat centre = {25, 52};
    struct map_xy xy = projection_forward_point(laea, centre);
    assert_near(xy.x_m, 0, 1e-6 /* m */);
    assert_near(xy.y_m, 0, 1e-6 /* m */);
    projection_destroy(laea);
}

static void
test_laea_puts_east_at_positive_x_and_north_at_positive_y(void **state)
{
    (void)state;
    struct projection *laea = create_or_fail(LAEA_EUROPE);
    struct map_xy east = projection_forward_point(laea, (struct lonlat){30, 52});
    struct map_xy north = projection_forward_point(laea, (struct lonlat){25, 57});
    assert_true(east.x_m > 300000);
    assert_true(north.y_m > 500000);
    assert_near(north.x_m, 0, 1e-6 /* m: on the central meridian */);
    projection_destroy(laea);
}

static void
test_laea_round_trip_returns_the_input_within_1e7_degrees(void **state)
{
    (void)state;
    struct projection *laea = create_or_fail(LAEA_EUROPE);
    /* A grid over Europe and beyond, well inside the hemisphere LAEA can show. */
    enum { COLUMNS = 13, ROWS = 9 };
    double xy[2 * COLUMNS * ROWS], original[2 * COLUMNS * ROWS];
    for (int r = 0; r < ROWS; r++) {
        for (int c = 0; c < COLUMNS; c++) {
            size_t i = (size_t)(r * COLUMNS + c);
            original[2 * i] = xy[2 * i] = -20.0 + 6.25 * c;
            original[2 * i + 1] = xy[2 * i + 1] = 20.0 + 7.5 * r;
        }
    }
    assert_int_equal(projection_forward(laea, xy, COLUMNS * ROWS), 0);
    assert_int_equal(projection_inverse(laea, xy, COLUMNS * ROWS), 0);
    for (size_t i = 0; i < 2 * COLUMNS * ROWS; i++)
        assert_near(xy[i], original[i], 1e-7 /* deg */);
    projection_destroy(laea);
}

static void
test_laea_inverse_of_known_points_gives_their_lonlat(void **state)
{
    (void)state;
    struct projection *laea = create_or_fail(LAEA_EUROPE);
    for (size_t i = 0; i < LAEA_POINT_COUNT; i++) {
        double xy[2] = {laea_points[i].expected.x_m, laea_points[i].expected.y_m};
        assert_int_equal(projection_inverse(laea, xy, 1), 0);
        /* cs2cs printed 4 decimals: 0.5 mm is far below 1e-7 deg (1 cm). */
        assert_near(xy[0], laea_points[i].at.lon_deg, 1e-7 /* deg */);
        assert_near(xy[1], laea_points[i].at.lat_deg, 1e-7 /* deg */);
    }
    projection_destroy(laea);
}

static void
test_proj_string_without_leading_plus_works_the_same(void **state)
{
    (void)state;
    struct projection *with_plus = create_or_fail(LAEA_EUROPE);
    struct projection *without =
        create_or_fail("proj=laea +lat_0=52 +lon_0=25 +x_0=0 +y_0=0 +datum=WGS84 +units=m");
    for (size_t i = 0; i < LAEA_POINT_COUNT; i++) {
        struct map_xy a = projection_forward_point(with_plus, laea_points[i].at);
        struct map_xy b = projection_forward_point(without, laea_points[i].at);
        assert_near(a.x_m, b.x_m, 1e-6 /* m */);
        assert_near(a.y_m, b.y_m, 1e-6 /* m */);
    }
    projection_destroy(without);
    projection_destroy(with_plus);
}

/* A projection proper runs alone on radians; a lon/lat "projection" still goes through PROJ's
 * unit conversion and comes out in degrees, and both invert back to degrees. */
static void
test_lonlat_and_projected_definitions_both_take_and_give_degrees(void **state)
{
    (void)state;
    struct projection *lonlat = create_or_fail("+proj=longlat +datum=WGS84");
    double xy[2] = {21.0122, 52.2297};
    assert_int_equal(projection_forward(lonlat, xy, 1), 0);
    assert_near(xy[0], 21.0122, 1e-9);
    assert_near(xy[1], 52.2297, 1e-9);
    projection_destroy(lonlat);
    /* echo "21.0122 52.2297" | cs2cs -f %.4f +proj=longlat +ellps=WGS84 +to +proj=eqc
     * +ellps=WGS84: 2339067.4044 5814183.6083 */
    struct projection *eqc = create_or_fail("+proj=eqc +ellps=WGS84");
    assert_int_equal(projection_forward(eqc, xy, 1), 0);
    assert_near(xy[0], 2339067.4044, 1e-3);
    assert_near(xy[1], 5814183.6083, 1e-3);
    assert_int_equal(projection_inverse(eqc, xy, 1), 0);
    assert_near(xy[0], 21.0122, 1e-9);
    assert_near(xy[1], 52.2297, 1e-9);
    projection_destroy(eqc);
}

/* EPSG:3035 is LAEA Europe (lat_0 52, lon_0 10, x_0 4321000, y_0 3210000). Its official axis order
 * is northing, easting, so cs2cs prints y first:
 *   echo "21.0122 52.2297" | cs2cs -f %.4f +proj=longlat +datum=WGS84 +to EPSG:3035
 *   -> 3292361.6009 5070108.6487
 *   echo "13.4050 52.5200" | cs2cs -f %.4f +proj=longlat +datum=WGS84 +to EPSG:3035
 *   -> 3273268.2736 4552036.4502
 * projection_forward normalises to x (easting), y (northing). */
static void
test_epsg_3035_works_with_easting_first(void **state)
{
    (void)state;
    struct projection *etrs = create_or_fail("EPSG:3035");
    struct map_xy warsaw = projection_forward_point(etrs, (struct lonlat){21.0122, 52.2297});
    struct map_xy berlin = projection_forward_point(etrs, (struct lonlat){13.4050, 52.5200});
    assert_near(warsaw.x_m, 5070108.6487, 0.001 /* m */);
    assert_near(warsaw.y_m, 3292361.6009, 0.001 /* m */);
    assert_near(berlin.x_m, 4552036.4502, 0.001 /* m */);
    assert_near(berlin.y_m, 3273268.2736, 0.001 /* m */);
    double xy[2] = {warsaw.x_m, warsaw.y_m};
    assert_int_equal(projection_inverse(etrs, xy, 1), 0);
    assert_near(xy[0], 21.0122, 1e-7 /* deg */);
    assert_near(xy[1], 52.2297, 1e-7 /* deg */);
    projection_destroy(etrs);
}

/* A PROJ string on another datum goes through proj_create_crs_to_crs. EPSG:2180 (Poland CS92):
 *   echo "21.0122 52.2297" | cs2cs -f %.4f +proj=longlat +datum=WGS84 +to +proj=tmerc +lat_0=0 \
 *       +lon_0=19 +k=0.9993 +x_0=500000 +y_0=-5300000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 \
 *       +units=m +no_defs
 *   -> 637382.2044 486757.2095 */
static void
test_proj_string_with_towgs84_goes_through_crs_to_crs(void **state)
{
    (void)state;
    struct projection *cs92 =
        create_or_fail("+proj=tmerc +lat_0=0 +lon_0=19 +k=0.9993 +x_0=500000 +y_0=-5300000 "
                       "+ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs");
    struct map_xy warsaw = projection_forward_point(cs92, (struct lonlat){21.0122, 52.2297});
    assert_near(warsaw.x_m, 637382.2044, 0.001 /* m */);
    assert_near(warsaw.y_m, 486757.2095, 0.001 /* m */);
    projection_destroy(cs92);
}

static void
test_invalid_definition_fails_with_an_input_error_naming_its_origin(void **state)
{
    (void)state;
    struct posture_error err = {0};
    struct projection *projection =
        projection_create("+proj=nonsense +lat_0=52", "style.ini:12", &err);
    assert_null(projection);
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(err.message, "style.ini:12"));
    assert_non_null(strstr(err.message, "+proj=nonsense"));
}

static void
test_unknown_epsg_code_fails_with_an_input_error(void **state)
{
    (void)state;
    struct posture_error err = {0};
    struct projection *projection = projection_create("EPSG:999999", "style.ini:3", &err);
    assert_null(projection);
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(err.message, "style.ini:3"));
    assert_non_null(strstr(err.message, "is not valid: crs not found"));
}

/* Bug: the message said only PROJ's error code ("Unknown error (code 4096)", "Invalid value for
 * an argument"); what PROJ logs says what is wrong. */
static void
test_bug_an_invalid_parameter_is_named_in_the_message(void **state)
{
    (void)state;
    struct posture_error err = {0};
    assert_null(projection_create("+proj=laea +lat_0=999", "[map] projection", &err));
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_string_equal(err.message, "[map] projection: projection \"+proj=laea +lat_0=999\" is "
                                     "not valid: laea: Invalid value for lat_0: |lat_0| should be "
                                     "<= 90°");
}

static void
test_garbage_definition_fails_with_an_input_error(void **state)
{
    (void)state;
    struct posture_error err = {0};
    assert_null(projection_create("not a projection at all", "--projection", &err));
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(err.message, "--projection"));
}

static void
test_point_on_the_far_side_of_the_globe_becomes_huge_val(void **state)
{
    (void)state;
    struct projection *laea = create_or_fail(LAEA_EUROPE);
    /* The antipode of the centre (25 E, 52 N) cannot be projected; the others still can. */
    double xy[6] = {21.0122, 52.2297, -155, -52, 37.6173, 55.7558};
    assert_int_equal(projection_forward(laea, xy, 3), 1);
    assert_true(xy[2] == HUGE_VAL);
    assert_true(xy[3] == HUGE_VAL);
    assert_near(xy[0], laea_points[0].expected.x_m, 0.001 /* m */);
    assert_near(xy[5], laea_points[2].expected.y_m, 0.001 /* m */);
    struct map_xy single = projection_forward_point(laea, (struct lonlat){-155, -52});
    assert_true(single.x_m == HUGE_VAL);
    assert_true(single.y_m == HUGE_VAL);
    projection_destroy(laea);
}

static void
test_inverse_outside_the_projected_disc_becomes_huge_val(void **state)
{
    (void)state;
    struct projection *laea = create_or_fail(LAEA_EUROPE);
    /* LAEA maps the whole sphere into a disc of radius 2R (about 12,742 km). */
    double xy[4] = {20e6, 0, 0, 0};
    assert_int_equal(projection_inverse(laea, xy, 2), 1);
    assert_true(xy[0] == HUGE_VAL);
    assert_true(xy[1] == HUGE_VAL);
    assert_near(xy[2], 25, 1e-9 /* deg */);
    assert_near(xy[3], 52, 1e-9 /* deg */);
    projection_destroy(laea);
}

static void
test_forward_of_no_points_reports_no_failures(void **state)
{
    (void)state;
    struct projection *laea = create_or_fail(LAEA_EUROPE);
    assert_int_equal(projection_forward(laea, NULL, 0), 0);
    assert_int_equal(projection_inverse(laea, NULL, 0), 0);
    projection_destroy(laea);
}

static void
test_destroy_accepts_null(void **state)
{
    (void)state;
    projection_destroy(NULL);
    source_crs_destroy(NULL);
}

/* A lon/lat PROJ string on WGS84 takes the pipeline path, whose longlat step leaves radians:
 * (21, 52) came out as (0.3665, 0.9076) before projection.c converted back to degrees. */
static void
test_a_lonlat_proj_string_projects_to_degrees(void **state)
{
    (void)state;
    struct projection *lonlat = create_or_fail("+proj=longlat +datum=WGS84 +no_defs");
    struct map_xy xy = projection_forward_point(lonlat, (struct lonlat){21, 52});
    assert_near(xy.x_m, 21, 1e-9 /* deg */);
    assert_near(xy.y_m, 52, 1e-9 /* deg */);
    double back[2] = {21, 52};
    assert_int_equal(projection_inverse(lonlat, back, 1), 0);
    assert_near(back[0], 21, 1e-9 /* deg */);
    assert_near(back[1], 52, 1e-9 /* deg */);
    projection_destroy(lonlat);
}

static void
test_epsg_4326_projects_to_degrees_lon_first(void **state)
{
    (void)state;
    struct projection *lonlat = create_or_fail("EPSG:4326");
    struct map_xy xy = projection_forward_point(lonlat, (struct lonlat){21, 52});
    assert_near(xy.x_m, 21, 1e-9 /* deg */);
    assert_near(xy.y_m, 52, 1e-9 /* deg */);
    projection_destroy(lonlat);
}

static char *
read_text(const char *path)
{
    char *bytes = NULL;
    size_t size = 0;
    struct posture_error err = {0};
    if (files_read(path, &bytes, &size, &err) != POSTURE_OK)
        print_error("%s\n", err.message);
    assert_non_null(bytes);
    return bytes;
}

static void
test_natural_earth_prj_is_recognised_as_lonlat(void **state)
{
    (void)state;
    char *wkt = read_text(POSTURE_SOURCE_DIR "/shapefiles/ne_50m_admin_0_countries.prj");
    struct posture_error err = {0};
    bool is_lonlat = false;
    struct source_crs *crs =
        source_crs_create(wkt, "ne_50m_admin_0_countries.prj", &is_lonlat, &err);
    assert_null(crs); /* nothing to convert */
    assert_true(is_lonlat);
    assert_int_equal(err.status, POSTURE_OK);
    free(wkt);
}

static void
test_epsg_4326_wkt2_is_recognised_as_lonlat(void **state)
{
    (void)state;
    /* Same CRS, official axis order lat, lon: still nothing to do for shapefile x, y. */
    struct posture_error err = {0};
    bool is_lonlat = false;
    assert_null(source_crs_create("EPSG:4326", "test.prj", &is_lonlat, &err));
    assert_true(is_lonlat);
    assert_int_equal(err.status, POSTURE_OK);
}

/* From `projinfo EPSG:3857 -o WKT1_ESRI` (PROJ 9.1.1), as ArcGIS writes it into a .prj. */
static const char web_mercator_esri_wkt[] =
    "PROJCS[\"WGS_1984_Web_Mercator_Auxiliary_Sphere\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_"
    "1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT["
    "\"Degree\",0.0174532925199433]],PROJECTION[\"Mercator_Auxiliary_Sphere\"],PARAMETER["
    "\"False_Easting\",0.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\","
    "0.0],PARAMETER[\"Standard_Parallel_1\",0.0],PARAMETER[\"Auxiliary_Sphere_Type\",0.0],"
    "UNIT[\"Meter\",1.0]]";

/* echo "21.0122 52.2297" | cs2cs -f %.4f +proj=longlat +datum=WGS84 +to EPSG:3857
 *   -> 2339067.4044 6841765.1969 */
static void
test_web_mercator_wkt_converts_points_to_lonlat(void **state)
{
    (void)state;
    struct posture_error err = {0};
    bool is_lonlat = true;
    struct source_crs *crs =
        source_crs_create(web_mercator_esri_wkt, "mercator.prj", &is_lonlat, &err);
    if (crs == NULL)
        print_error("%s\n", err.message);
    assert_non_null(crs);
    assert_false(is_lonlat);
    /* Warsaw, then the origin, then x = R * pi / 2 (90 E) on the equator. */
    double xy[6] = {
        2339067.4044, 6841765.1969, 0, 0, 6378137.0 * 1.5707963267948966 /* pi / 2 */, 0};
    assert_int_equal(source_crs_to_lonlat(crs, xy, 3), 0);
    assert_near(xy[0], 21.0122, 1e-7 /* deg */);
    assert_near(xy[1], 52.2297, 1e-7 /* deg */);
    assert_near(xy[2], 0, 1e-9 /* deg */);
    assert_near(xy[3], 0, 1e-9 /* deg */);
    assert_near(xy[4], 90, 1e-9 /* deg */);
    assert_near(xy[5], 0, 1e-9 /* deg */);
    source_crs_destroy(crs);
}

static void
test_unreadable_prj_fails_with_an_input_error_naming_its_origin(void **state)
{
    (void)state;
    struct posture_error err = {0};
    bool is_lonlat = true;
    assert_null(source_crs_create("GEOGCS[broken", "countries.prj", &is_lonlat, &err));
    assert_false(is_lonlat);
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(err.message, "countries.prj"));
}

/* A pseudo-random lon/lat grid over Europe, with some points repeated and one antipode. */
static void
fill_points(double *xy, size_t count, unsigned seed)
{
    for (size_t i = 0; i < count; i++) {
        seed = seed * 1103515245u + 12345u;
        xy[2 * i] = -10 + (double)(seed % 60000) / 1000;
        seed = seed * 1103515245u + 12345u;
        xy[2 * i + 1] = 35 + (double)(seed % 35000) / 1000;
        if (i % 7 == 3 && i > 0) { /* the same point again, in the same call */
            xy[2 * i] = xy[2 * (i - 1)];
            xy[2 * i + 1] = xy[2 * (i - 1) + 1];
        }
    }
    xy[2 * (count / 2)] = -155; /* the antipode of the centre: fails */
    xy[2 * (count / 2) + 1] = -52;
}

static void
assert_same_bits(const double *a, const double *b, size_t count)
{
    for (size_t i = 0; i < 2 * count; i++)
        if (memcmp(&a[i], &b[i], sizeof *a) != 0)
            fail_msg("coordinate %zu: %.17g remembered, %.17g projected", i, a[i], b[i]);
}

static void
test_a_remembering_projection_gives_the_same_bits_as_projecting_again(void **state)
{
    (void)state;
    enum { N = 3000 };
    struct projection *plain = create_or_fail(LAEA_EUROPE);
    struct projection *memo = create_or_fail(LAEA_EUROPE);
    projection_remember_points(memo, 100000);
    static double expected[2 * N], got[2 * N];
    /* Three rounds: all new, then the same points (all remembered), then half of them with
     * half new ones, as a batch's next map of a larger extent. */
    for (int round = 0; round < 3; round++) {
        fill_points(expected, N, round == 2 ? 7 : 1);
        if (round == 2)
            fill_points(expected, N / 2, 1);
        memcpy(got, expected, sizeof got);
        size_t failed_plain = projection_forward(plain, expected, N);
        size_t failed_memo = projection_forward(memo, got, N);
        assert_int_equal(failed_memo, failed_plain);
        assert_true(failed_plain >= 1);
        assert_same_bits(got, expected, N);
    }
    projection_destroy(plain);
    projection_destroy(memo);
}

static void
test_a_projection_remembers_no_more_points_than_it_may(void **state)
{
    (void)state;
    enum { N = 5000 };
    struct projection *plain = create_or_fail(LAEA_EUROPE);
    struct projection *memo = create_or_fail(LAEA_EUROPE);
    projection_remember_points(memo, 100);     /* the rest are projected each time */
    projection_remember_points(memo, 1000000); /* asked again: the first limit stays */
    static double expected[2 * N], got[2 * N];
    for (int round = 0; round < 2; round++) {
        fill_points(expected, N, 3);
        memcpy(got, expected, sizeof got);
        assert_int_equal(projection_forward(memo, got, N), projection_forward(plain, expected, N));
        assert_same_bits(got, expected, N);
    }
    /* Single points and no points go through it too. */
    struct map_xy a = projection_forward_point(memo, laea_points[0].at);
    struct map_xy b = projection_forward_point(memo, laea_points[0].at);
    assert_near(a.x_m, laea_points[0].expected.x_m, 0.001 /* m */);
    assert_true(a.x_m == b.x_m && a.y_m == b.y_m);
    assert_int_equal(projection_forward(memo, got, 0), 0);
    projection_destroy(plain);
    projection_destroy(memo);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_laea_forward_matches_cs2cs_for_five_capitals),
        cmocka_unit_test(test_laea_forward_of_an_array_matches_the_single_point_form),
        cmocka_unit_test(test_laea_maps_its_centre_to_the_origin),
        cmocka_unit_test(test_laea_puts_east_at_positive_x_and_north_at_positive_y),
        cmocka_unit_test(test_laea_round_trip_returns_the_input_within_1e7_degrees),
        cmocka_unit_test(test_laea_inverse_of_known_points_gives_their_lonlat),
        cmocka_unit_test(test_proj_string_without_leading_plus_works_the_same),
        cmocka_unit_test(test_lonlat_and_projected_definitions_both_take_and_give_degrees),
        cmocka_unit_test(test_epsg_3035_works_with_easting_first),
        cmocka_unit_test(test_proj_string_with_towgs84_goes_through_crs_to_crs),
        cmocka_unit_test(test_invalid_definition_fails_with_an_input_error_naming_its_origin),
        cmocka_unit_test(test_unknown_epsg_code_fails_with_an_input_error),
        cmocka_unit_test(test_bug_an_invalid_parameter_is_named_in_the_message),
        cmocka_unit_test(test_garbage_definition_fails_with_an_input_error),
        cmocka_unit_test(test_point_on_the_far_side_of_the_globe_becomes_huge_val),
        cmocka_unit_test(test_inverse_outside_the_projected_disc_becomes_huge_val),
        cmocka_unit_test(test_forward_of_no_points_reports_no_failures),
        cmocka_unit_test(test_destroy_accepts_null),
        cmocka_unit_test(test_a_remembering_projection_gives_the_same_bits_as_projecting_again),
        cmocka_unit_test(test_a_projection_remembers_no_more_points_than_it_may),
        cmocka_unit_test(test_a_lonlat_proj_string_projects_to_degrees),
        cmocka_unit_test(test_epsg_4326_projects_to_degrees_lon_first),
        cmocka_unit_test(test_natural_earth_prj_is_recognised_as_lonlat),
        cmocka_unit_test(test_epsg_4326_wkt2_is_recognised_as_lonlat),
        cmocka_unit_test(test_web_mercator_wkt_converts_points_to_lonlat),
        cmocka_unit_test(test_unreadable_prj_fails_with_an_input_error_naming_its_origin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
