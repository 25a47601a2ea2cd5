#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assert_near.h"
#include "data/countries.h"
#include "record_warning.h"
#include "write_text.h"

#define NE_50M POSTURE_SOURCE_DIR "/shapefiles/ne_50m_admin_0_countries"

static struct countries_options
natural_earth_options(struct warnings *warnings)
{
    struct countries_options options = {
        .code_field = "ISO_A3",
        .fallback_field = "ADM0_A3",
        .name_field = "NAME",
        .warn = record_warning,
        .warn_context = warnings,
    };
    return options;
}

static struct country_set *
load_or_fail(const char *path, const struct countries_options *options)
{
    struct posture_error err = {0};
    struct country_set *set = countries_load(path, options, &err);
    if (set == NULL)
        print_error("countries_load(%s): %s\n", path, err.message);
    assert_non_null(set);
    assert_int_equal(err.status, POSTURE_OK);
    return set;
}

static const struct country *
find_by_code(const struct country_set *set, const char *code)
{
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->countries[i].code, code) == 0)
            return &set->countries[i];
    return NULL;
}

static const struct country *
find_by_name(const struct country_set *set, const char *name)
{
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->countries[i].name, name) == 0)
            return &set->countries[i];
    return NULL;
}

/* The lon/lat bounds of all rings of a country. */
/* The box of points [from, to) of a country. */
static struct lonlat_box
points_bounds(const struct country *c, size_t from, size_t to)
{
    struct lonlat_box b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = from; i < to; i++) {
        b.lon0_deg = fmin(b.lon0_deg, c->xy[2 * i]);
        b.lon1_deg = fmax(b.lon1_deg, c->xy[2 * i]);
        b.lat0_deg = fmin(b.lat0_deg, c->xy[2 * i + 1]);
        b.lat1_deg = fmax(b.lat1_deg, c->xy[2 * i + 1]);
    }
    return b;
}

static struct lonlat_box
country_bounds(const struct country *country)
{
    return points_bounds(country, 0, country->point_count);
}

static void
test_natural_earth_loads_with_poland_as_pol(void **state)
{
    (void)state;
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    struct country_set *set = load_or_fail(NE_50M ".shp", &options);
    assert_true(set->count > 230); /* 241 records, all with outlines */
    assert_true(set->count <= 241);
    const struct country *poland = find_by_name(set, "Poland");
    assert_non_null(poland);
    assert_string_equal(poland->code, "POL");
    assert_true(poland->ring_count >= 1);
    assert_true(poland->point_count > 100);
    struct lonlat_box bounds = country_bounds(poland);
    assert_true(bounds.lon0_deg > 13.5 && bounds.lon1_deg < 24.5);
    assert_true(bounds.lat0_deg > 48.5 && bounds.lat1_deg < 55.2);
    assert_int_equal(warnings.count, 0); /* .prj and .cpg present */
    assert_non_null(set->prj_wkt);
    assert_non_null(strstr(set->prj_wkt, "GEOGCS"));
    assert_non_null(strstr(set->path, "ne_50m_admin_0_countries.shp"));
    countries_destroy(set);
}

static void
test_every_country_has_a_code_a_name_and_well_formed_rings(void **state)
{
    (void)state;
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    struct country_set *set = load_or_fail(NE_50M ".shp", &options);
    for (size_t i = 0; i < set->count; i++) {
        const struct country *c = &set->countries[i];
        assert_true(strlen(c->code) == 3);
        assert_true(strcmp(c->code, "-99") != 0);
        assert_true(c->name[0] != '\0');
        assert_true(c->name[0] != ' ' && c->name[strlen(c->name) - 1] != ' ');
        assert_true(c->ring_count >= 1);
        assert_int_equal(c->ring_starts[0], 0);
        for (size_t r = 0; r < c->ring_count; r++) {
            size_t end = r + 1 < c->ring_count ? c->ring_starts[r + 1] : c->point_count;
            assert_true(end >= c->ring_starts[r] + 3);
        }
        /* Antarctica, Fiji and Russia reach 180.00000000000003. */
        for (size_t p = 0; p < c->point_count; p++) {
            assert_true(fabs(c->xy[2 * p]) <= 180 + 1e-9);
            assert_true(fabs(c->xy[2 * p + 1]) <= 90);
        }
    }
    countries_destroy(set);
}

static void
test_france_has_the_code_fra(void **state)
{
    (void)state;
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    struct country_set *set = load_or_fail(NE_50M, &options); /* no extension works too */
    const struct country *france = find_by_name(set, "France");
    assert_non_null(france);
    assert_string_equal(france->code, "FRA");
    assert_non_null(find_by_code(set, "NOR"));
    countries_destroy(set);
}

static void
test_an_iso_code_of_minus_99_is_taken_from_the_fallback_field(void **state)
{
    (void)state;
    /* In this file Kosovo, Northern Cyprus and Somaliland have ISO_A3 -99. */
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    struct country_set *set = load_or_fail(NE_50M ".shp", &options);
    const struct country *kosovo = find_by_name(set, "Kosovo");
    assert_non_null(kosovo);
    assert_string_equal(kosovo->code, "KOS");
    assert_string_equal(find_by_name(set, "Somaliland")->code, "SOL");
    assert_string_equal(find_by_name(set, "N. Cyprus")->code, "CYN");
    countries_destroy(set);
}

static void
test_without_a_fallback_field_minus_99_stays(void **state)
{
    (void)state;
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    options.fallback_field = NULL;
    struct country_set *set = load_or_fail(NE_50M ".shp", &options);
    assert_string_equal(find_by_name(set, "Kosovo")->code, "-99");
    assert_string_equal(find_by_name(set, "Poland")->code, "POL");
    countries_destroy(set);
}

static void
test_lang_de_names_poland_polen(void **state)
{
    (void)state;
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    options.lang = "de";
    struct country_set *set = load_or_fail(NE_50M ".shp", &options);
    const struct country *poland = find_by_code(set, "POL");
    assert_non_null(poland);
    assert_string_equal(poland->name, "Polen");
    assert_string_equal(find_by_code(set, "FRA")->name, "Frankreich");
    /* Kosovo has no NAME_DE in this file: the NAME field stands in. */
    assert_string_equal(find_by_code(set, "KOS")->name, "Kosovo");
    countries_destroy(set);
}

static void
test_lang_uk_gives_cyrillic_names_in_utf8(void **state)
{
    (void)state;
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    options.lang = "uk";
    struct country_set *set = load_or_fail(NE_50M ".shp", &options);
    assert_string_equal(find_by_code(set, "POL")->name, "Польща");
    countries_destroy(set);
}

static void
test_lang_without_a_name_field_falls_back_to_the_name_field(void **state)
{
    (void)state;
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    options.lang = "xx";
    struct country_set *set = load_or_fail(NE_50M ".shp", &options);
    assert_string_equal(find_by_code(set, "POL")->name, "Poland");
    options.lang = "";
    countries_destroy(set);
    set = load_or_fail(NE_50M ".shp", &options);
    assert_string_equal(find_by_code(set, "POL")->name, "Poland");
    countries_destroy(set);
}

static void
test_field_names_are_matched_without_regard_to_case(void **state)
{
    (void)state;
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    options.code_field = "iso_a3";
    options.name_field = "name";
    struct country_set *set = load_or_fail(NE_50M ".shp", &options);
    assert_string_equal(find_by_name(set, "Poland")->code, "POL");
    countries_destroy(set);
}

static void
test_an_extent_round_poland_reads_only_its_neighbourhood(void **state)
{
    (void)state;
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    struct country_set *all = load_or_fail(NE_50M ".shp", &options);
    options.has_extent = true;
    options.extent = (struct lonlat_box){14.0, 49.0, 24.2, 54.9};
    struct country_set *near = load_or_fail(NE_50M ".shp", &options);
    assert_true(near->count >= 5);
    assert_true(near->count < all->count / 5);
    assert_non_null(find_by_code(near, "POL"));
    assert_non_null(find_by_code(near, "DEU"));
    assert_non_null(find_by_code(near, "UKR"));
    assert_null(find_by_code(near, "AUS"));
    assert_null(find_by_code(near, "BRA"));
    for (size_t i = 0; i < near->count; i++) {
        struct lonlat_box b = country_bounds(&near->countries[i]);
        assert_true(b.lon0_deg <= options.extent.lon1_deg && b.lon1_deg >= options.extent.lon0_deg);
        assert_true(b.lat0_deg <= options.extent.lat1_deg && b.lat1_deg >= options.extent.lat0_deg);
    }
    /* What the filter keeps is read in full, as without it. */
    const struct country *p1 = find_by_code(all, "POL"), *p2 = find_by_code(near, "POL");
    assert_int_equal(p1->point_count, p2->point_count);
    assert_memory_equal(p1->xy, p2->xy, 2 * p1->point_count * sizeof *p1->xy);
    countries_destroy(near);
    countries_destroy(all);
}

static void
test_a_missing_shapefile_fails_as_missing_naming_its_path(void **state)
{
    (void)state;
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    struct posture_error err = {0};
    assert_null(countries_load("/nonexistent-posture-dir/countries.shp", &options, &err));
    assert_int_equal(err.status, POSTURE_ERR_MISSING);
    assert_non_null(strstr(err.message, "/nonexistent-posture-dir/countries.shp"));
}

static void
test_an_unknown_code_field_fails_listing_the_fields(void **state)
{
    (void)state;
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    options.code_field = "ISO_XX";
    struct posture_error err = {0};
    assert_null(countries_load(NE_50M ".shp", &options, &err));
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(err.message, "ne_50m_admin_0_countries.dbf"));
    assert_non_null(strstr(err.message, "ISO_XX"));
    assert_non_null(strstr(err.message, "ADM0_A3"));
    assert_non_null(strstr(err.message, "ISO_A3"));
    assert_non_null(strstr(err.message, "NAME_UK"));
}

static void
test_an_unknown_name_field_fails_too(void **state)
{
    (void)state;
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    options.name_field = "LABEL";
    struct posture_error err = {0};
    assert_null(countries_load(NE_50M ".shp", &options, &err));
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(err.message, "\"LABEL\""));
}

/* Temporary shapefiles: a directory from mkdtemp, emptied and removed by the teardown. */
struct temp_dir {
    char path[64];
};

/* The box of one ring of a country. */
static struct lonlat_box
ring_bounds(const struct country *c, size_t r)
{
    size_t end = r + 1 < c->ring_count ? c->ring_starts[r + 1] : c->point_count;
    return points_bounds(c, c->ring_starts[r], end);
}

static bool
meets_shifted(struct lonlat_box b, struct lonlat_box e)
{
    for (int k = -1; k <= 1; k++)
        if (b.lon0_deg + 360 * k <= e.lon1_deg && b.lon1_deg + 360 * k >= e.lon0_deg &&
            b.lat0_deg <= e.lat1_deg && b.lat1_deg >= e.lat0_deg)
            return true;
    return false;
}

/* A one-map load keeps only the rings that can show: France without French Guiana and its
 * islands, Russia without the Pacific; and across 180 degrees, Chukotka's rings on the far side
 * of the cut (Natural Earth cuts Russia at 180) as they would show, moved by 360. */
static void
test_an_extent_keeps_only_the_rings_that_can_show(void **state)
{
    (void)state;
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    struct country_set *all = load_or_fail(NE_50M ".shp", &options);
    struct lonlat_box extents[2] = {{-10, 35, 40, 60}, {170, 60, 190, 72}};
    const char *codes[3] = {"FRA", "RUS", "NOR"};
    for (int e = 0; e < 2; e++) {
        options.has_extent = true;
        options.extent = extents[e];
        struct country_set *near = load_or_fail(NE_50M ".shp", &options);
        for (int k = 0; k < 3; k++) {
            const struct country *whole = find_by_code(all, codes[k]);
            const struct country *part = find_by_code(near, codes[k]);
            assert_non_null(whole);
            size_t meeting = 0;
            for (size_t r = 0; r < whole->ring_count; r++)
                meeting += meets_shifted(ring_bounds(whole, r), extents[e]);
            if (meeting == 0 || part == NULL) {
                assert_true(part == NULL || meeting == 0);
                continue;
            }
            assert_int_equal(part->ring_count, meeting);
            for (size_t r = 0; r < part->ring_count; r++) {
                struct lonlat_box b = ring_bounds(part, r);
                assert_true(meets_shifted(b, extents[e]));
                const double *box = part->ring_boxes + 4 * r; /* what layout culls by */
                assert_true(box[0] == b.lon0_deg && box[1] == b.lat0_deg && box[2] == b.lon1_deg &&
                            box[3] == b.lat1_deg);
            }
        }
        if (e == 0)
            assert_true(find_by_code(near, "FRA")->ring_count <
                        find_by_code(all, "FRA")->ring_count);
        if (e == 1) { /* the rings west of 180 (Chukotka's tip) are kept */
            const struct country *russia = find_by_code(near, "RUS");
            bool has_far_side = false;
            for (size_t r = 0; r < russia->ring_count; r++)
                has_far_side = has_far_side || ring_bounds(russia, r).lon1_deg < -160;
            assert_true(has_far_side);
        }
        countries_destroy(near);
    }
    countries_destroy(all);
}

static int
setup_temp_dir(void **state)
{
    struct temp_dir *dir = calloc(1, sizeof *dir);
    if (dir == NULL)
        return -1;
    snprintf(dir->path, sizeof dir->path, "/tmp/posture-test-countries-XXXXXX");
    if (mkdtemp(dir->path) == NULL) {
        free(dir);
        return -1;
    }
    *state = dir;
    return 0;
}

static int
teardown_temp_dir(void **state)
{
    struct temp_dir *dir = *state;
    DIR *d = opendir(dir->path);
    if (d != NULL) {
        struct dirent *entry;
        while ((entry = readdir(d)) != NULL) {
            if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
                continue;
            char file[512];
            snprintf(file, sizeof file, "%s/%s", dir->path, entry->d_name);
            unlink(file);
        }
        closedir(d);
    }
    int failed = rmdir(dir->path);
    free(dir);
    return failed;
}

static void
in_dir(const struct temp_dir *dir, const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", dir->path, name);
}

static void
copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    assert_non_null(in);
    FILE *out = fopen(to, "wb");
    assert_non_null(out);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
        assert_int_equal(fwrite(chunk, 1, n, out), n);
    assert_int_equal(fclose(out), 0);
    assert_int_equal(fclose(in), 0);
}

struct tiny_record {
    const char *code;
    const char *name; /* raw bytes, in whatever code page the test wants */
    double x0, y0, size;
};

/* Writes base.shp/.shx/.dbf with shapelib's own writer: one square per record. */
static void
write_tiny_shapefile(const char *base, int shape_type, const struct tiny_record *records,
                     size_t count)
{
    SHPHandle shp = SHPCreate(base, shape_type);
    assert_non_null(shp);
    DBFHandle dbf = DBFCreate(base);
    assert_non_null(dbf);
    assert_int_equal(DBFAddField(dbf, "ISO_A3", FTString, 3, 0), 0);
    assert_int_equal(DBFAddField(dbf, "NAME", FTString, 40, 0), 1);
    for (size_t i = 0; i < count; i++) {
        const struct tiny_record *r = &records[i];
        double x[5] = {r->x0, r->x0, r->x0 + r->size, r->x0 + r->size, r->x0};
        double y[5] = {r->y0, r->y0 + r->size, r->y0 + r->size, r->y0, r->y0};
        SHPObject *shape = shape_type == SHPT_POINT
                               ? SHPCreateSimpleObject(SHPT_POINT, 1, x, y, NULL)
                               : SHPCreateSimpleObject(shape_type, 5, x, y, NULL);
        assert_non_null(shape);
        int id = SHPWriteObject(shp, -1, shape);
        SHPDestroyObject(shape);
        assert_int_equal(id, (int)i);
        assert_true(DBFWriteStringAttribute(dbf, id, 0, r->code));
        assert_true(DBFWriteStringAttribute(dbf, id, 1, r->name));
    }
    DBFClose(dbf);
    SHPClose(shp);
}

static void
test_a_shapefile_without_prj_loads_with_a_warning(void **state)
{
    const struct temp_dir *dir = *state;
    char path[256];
    static const char *const extensions[] = {"shp", "shx", "dbf"};
    for (size_t i = 0; i < 3; i++) {
        char from[512];
        snprintf(from, sizeof from, "%s.%s", NE_50M, extensions[i]);
        snprintf(path, sizeof path, "%s/countries.%s", dir->path, extensions[i]);
        copy_file(from, path);
    }
    in_dir(dir, "countries.shp", path, sizeof path);
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    struct country_set *set = load_or_fail(path, &options);
    assert_int_equal(warnings.count, 1);
    assert_non_null(strstr(warnings.last, "countries.prj"));
    assert_non_null(strstr(warnings.last, "WGS84"));
    assert_null(set->prj_wkt);
    assert_string_equal(find_by_name(set, "Poland")->code, "POL");
    countries_destroy(set);
}

/* BUG (countries.c countries_load / sibling): a shapefile from DOS-era tools is COUNTRIES.SHP,
 * .SHX, .DBF, .PRJ. Given "COUNTRIES.SHP", countries_load strips the extension and looks for
 * "COUNTRIES.shp", which does not exist on a case-sensitive file system: POSTURE_ERR_MISSING for a
 * file that is there (shapelib's own SHPOpen tries both cases). */
static void
test_bug_a_shapefile_with_upper_case_extensions_loads(void **state)
{
    const struct temp_dir *dir = *state;
    static const char *const extensions[][2] = {
        {"shp", "SHP"}, {"shx", "SHX"}, {"dbf", "DBF"}, {"prj", "PRJ"}};
    char path[256];
    for (size_t i = 0; i < 4; i++) {
        char from[512];
        snprintf(from, sizeof from, "%s.%s", NE_50M, extensions[i][0]);
        snprintf(path, sizeof path, "%s/COUNTRIES.%s", dir->path, extensions[i][1]);
        copy_file(from, path);
    }
    in_dir(dir, "COUNTRIES.SHP", path, sizeof path);
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    struct posture_error err = {0};
    struct country_set *set = countries_load(path, &options, &err);
    if (set == NULL)
        print_error("%s\n", err.message);
    assert_non_null(set);
    assert_string_equal(find_by_name(set, "Poland")->code, "POL");
    assert_non_null(set->prj_wkt);       /* COUNTRIES.PRJ is read, */
    assert_int_equal(warnings.count, 0); /* so no warning about a missing .prj */
    countries_destroy(set);
}

static void
test_a_missing_prj_without_a_warn_callback_is_fine(void **state)
{
    const struct temp_dir *dir = *state;
    char base[256];
    in_dir(dir, "tiny", base, sizeof base);
    const struct tiny_record records[] = {{"POL", "Poland", 14, 49, 5}};
    write_tiny_shapefile(base, SHPT_POLYGON, records, 1);
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    struct country_set *set = load_or_fail(base, &options);
    assert_int_equal(set->count, 1);
    countries_destroy(set);
}

static void
test_a_tiny_shapefile_reads_back_what_was_written(void **state)
{
    const struct temp_dir *dir = *state;
    char base[256], prj[256];
    in_dir(dir, "tiny", base, sizeof base);
    in_dir(dir, "tiny.prj", prj, sizeof prj);
    const struct tiny_record records[] = {
        {"POL", "Poland", 14, 49, 5},
        {"-99", "Nowhere", 100, 10, 1},
        {"", "Blank", 0, 0, 2},
    };
    write_tiny_shapefile(base, SHPT_POLYGON, records, 3);
    write_text(prj, "  GEOGCS[\"GCS_WGS_1984\"]\n\n");
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    options.fallback_field = "NAME"; /* any field will do */
    struct country_set *set = load_or_fail(base, &options);
    assert_int_equal(set->count, 3);
    assert_int_equal(warnings.count, 0);
    assert_string_equal(set->prj_wkt, "GEOGCS[\"GCS_WGS_1984\"]"); /* trimmed */
    const struct country *poland = &set->countries[0];
    assert_string_equal(poland->code, "POL");
    assert_string_equal(poland->name, "Poland");
    assert_int_equal(poland->ring_count, 1);
    assert_int_equal(poland->point_count, 5);
    assert_near(poland->xy[0], 14, 0);
    assert_near(poland->xy[1], 49, 0);
    assert_near(poland->xy[4], 19, 0);
    assert_near(poland->xy[5], 54, 0);
    assert_false(poland->has_label_point);                  /* no LABEL_X / LABEL_Y fields */
    assert_string_equal(set->countries[1].code, "Nowhere"); /* -99: from the fallback */
    assert_string_equal(set->countries[2].code, "Blank");   /* empty: from the fallback */
    countries_destroy(set);
}

static void
test_a_1252_cpg_decodes_latin1_names_to_utf8(void **state)
{
    const struct temp_dir *dir = *state;
    char base[256], cpg[256];
    in_dir(dir, "latin", base, sizeof base);
    in_dir(dir, "latin.cpg", cpg, sizeof cpg);
    const struct tiny_record records[] = {
        {"CUW", "Cura\347ao", 0, 0, 1}, /* ç in Latin-1, in octal: hex escapes would eat the "a" */
        {"CIV", "C\xF4te d'Ivoire", 2, 0, 1},
        {"ALA", "\xC5land", 4, 0, 1},
    };
    write_tiny_shapefile(base, SHPT_POLYGON, records, 3);
    write_text(cpg, "1252\n");
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    struct country_set *set = load_or_fail(base, &options);
    assert_int_equal(set->count, 3);
    assert_string_equal(set->countries[0].name, "Cura\303\247ao"); /* Curaçao */
    assert_string_equal(set->countries[1].name, "C\xC3\xB4te d'Ivoire");
    assert_string_equal(set->countries[2].name, "\xC3\x85land");
    /* Only the .prj is missing; the .cpg is understood. */
    assert_int_equal(warnings.count, 1);
    assert_non_null(strstr(warnings.last, ".prj"));
    countries_destroy(set);
}

/* Windows-1252 puts letters in 0x80-0x9F: 0x8A is Š (U+0160), 0x92 is ’ (U+2019). Read as
 * ISO-8859-1 they came out as C1 control characters (U+008A ...), which fonts draw as boxes. */
static void
test_a_1252_cpg_decodes_windows_1252_letters(void **state)
{
    const struct temp_dir *dir = *state;
    char base[256], cpg[256];
    in_dir(dir, "cp1252", base, sizeof base);
    in_dir(dir, "cp1252.cpg", cpg, sizeof cpg);
    const struct tiny_record records[] = {{"HRV", "\212ibenik", 0, 0, 1}, /* 0x8A */
                                          {"SVN", "Ptuj\x92s", 2, 0, 1}};
    write_tiny_shapefile(base, SHPT_POLYGON, records, 2);
    write_text(cpg, "1252");
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    struct country_set *set = load_or_fail(base, &options);
    assert_int_equal(set->count, 2);
    assert_string_equal(set->countries[0].name, "\305\240ibenik"); /* Šibenik */
    assert_string_equal(set->countries[1].name, "Ptuj\xE2\x80\x99s");
    countries_destroy(set);
}

static void
test_without_a_cpg_invalid_utf8_is_read_as_latin1(void **state)
{
    const struct temp_dir *dir = *state;
    char base[256];
    in_dir(dir, "nocpg", base, sizeof base);
    const struct tiny_record records[] = {
        {"CUW", "Cura\347ao", 0, 0, 1}, /* ç in Latin-1, in octal: hex escapes would eat the "a" */
        {"POL", "Pozna\xC5\x84", 2, 0, 1}, /* already UTF-8: kept as is */
    };
    write_tiny_shapefile(base, SHPT_POLYGON, records, 2);
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    struct country_set *set = load_or_fail(base, &options);
    assert_string_equal(set->countries[0].name, "Cura\303\247ao");
    assert_string_equal(set->countries[1].name, "Pozna\xC5\x84");
    countries_destroy(set);
}

static void
test_an_unknown_cpg_warns_and_reads_utf8(void **state)
{
    const struct temp_dir *dir = *state;
    char base[256], cpg[256], prj[256];
    in_dir(dir, "koi", base, sizeof base);
    in_dir(dir, "koi.cpg", cpg, sizeof cpg);
    in_dir(dir, "koi.prj", prj, sizeof prj);
    const struct tiny_record records[] = {{"POL", "Pozna\xC5\x84", 0, 0, 1}};
    write_tiny_shapefile(base, SHPT_POLYGON, records, 1);
    write_text(cpg, "KOI8-R");
    write_text(prj, "GEOGCS[\"GCS_WGS_1984\"]");
    struct warnings warnings = {0};
    struct countries_options options = natural_earth_options(&warnings);
    struct country_set *set = load_or_fail(base, &options);
    assert_int_equal(warnings.count, 1);
    assert_non_null(strstr(warnings.last, "koi.cpg"));
    assert_string_equal(set->countries[0].name, "Pozna\xC5\x84");
    countries_destroy(set);
}

static void
test_a_point_shapefile_is_refused(void **state)
{
    const struct temp_dir *dir = *state;
    char base[256];
    in_dir(dir, "points", base, sizeof base);
    const struct tiny_record records[] = {{"POL", "Warsaw", 21, 52, 0}};
    write_tiny_shapefile(base, SHPT_POINT, records, 1);
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    struct posture_error err = {0};
    assert_null(countries_load(base, &options, &err));
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(err.message, "points.shp"));
    assert_non_null(strstr(err.message, "not polygons"));
}

static void
test_a_shapefile_without_its_dbf_fails_naming_the_dbf(void **state)
{
    const struct temp_dir *dir = *state;
    char base[256], dbf[256];
    in_dir(dir, "nodbf", base, sizeof base);
    in_dir(dir, "nodbf.dbf", dbf, sizeof dbf);
    const struct tiny_record records[] = {{"POL", "Poland", 14, 49, 5}};
    write_tiny_shapefile(base, SHPT_POLYGON, records, 1);
    assert_int_equal(unlink(dbf), 0);
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    struct posture_error err = {0};
    assert_null(countries_load(base, &options, &err));
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(err.message, "nodbf.dbf"));
}

static void
test_a_shapefile_that_is_not_one_fails_as_input(void **state)
{
    const struct temp_dir *dir = *state;
    char shp[256], shx[256], dbf[256];
    in_dir(dir, "junk.shp", shp, sizeof shp);
    in_dir(dir, "junk.shx", shx, sizeof shx);
    in_dir(dir, "junk.dbf", dbf, sizeof dbf);
    write_text(shp, "this is not a shapefile");
    write_text(shx, "nor is this an index");
    write_text(dbf, "nor a dBASE table");
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    struct posture_error err = {0};
    assert_null(countries_load(shp, &options, &err));
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(err.message, "junk."));
}

static void
test_rings_of_fewer_than_three_points_are_skipped(void **state)
{
    const struct temp_dir *dir = *state;
    char base[256];
    in_dir(dir, "rings", base, sizeof base);
    SHPHandle shp = SHPCreate(base, SHPT_POLYGON);
    DBFHandle dbf = DBFCreate(base);
    assert_non_null(shp);
    assert_non_null(dbf);
    DBFAddField(dbf, "ISO_A3", FTString, 3, 0);
    DBFAddField(dbf, "NAME", FTString, 20, 0);
    /* Record 0: a square, then a two-point "ring". Record 1: only a two-point ring. */
    const int parts[2] = {0, 5};
    double x[7] = {0, 0, 1, 1, 0, 5, 6};
    double y[7] = {0, 1, 1, 0, 0, 5, 6};
    SHPObject *mixed = SHPCreateObject(SHPT_POLYGON, -1, 2, parts, NULL, 7, x, y, NULL, NULL);
    SHPObject *line = SHPCreateSimpleObject(SHPT_POLYGON, 2, x + 5, y + 5, NULL);
    assert_int_equal(SHPWriteObject(shp, -1, mixed), 0);
    assert_int_equal(SHPWriteObject(shp, -1, line), 1);
    SHPDestroyObject(mixed);
    SHPDestroyObject(line);
    DBFWriteStringAttribute(dbf, 0, 0, "AAA");
    DBFWriteStringAttribute(dbf, 0, 1, "Mixed");
    DBFWriteStringAttribute(dbf, 1, 0, "BBB");
    DBFWriteStringAttribute(dbf, 1, 1, "Line");
    DBFClose(dbf);
    SHPClose(shp);
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    struct country_set *set = load_or_fail(base, &options);
    assert_int_equal(set->count, 1);
    assert_string_equal(set->countries[0].code, "AAA");
    assert_int_equal(set->countries[0].ring_count, 1);
    assert_int_equal(set->countries[0].point_count, 5);
    countries_destroy(set);
}

/* The parts of tests/data/shapefiles/no-prj as bytes; free with free_memory_parts(). */
static struct countries_files
memory_parts(void)
{
    struct countries_files files;
    memset(&files, 0, sizeof files);
    struct countries_part *parts[] = {&files.shp, &files.shx, &files.dbf};
    const char *names[] = {"mem.shp", "mem.shx", "mem.dbf"};
    const char *paths[] = {POSTURE_TEST_DATA_DIR "/shapefiles/no-prj.shp",
                           POSTURE_TEST_DATA_DIR "/shapefiles/no-prj.shx",
                           POSTURE_TEST_DATA_DIR "/shapefiles/no-prj.dbf"};
    for (size_t i = 0; i < 3; i++) {
        FILE *f = fopen(paths[i], "rb");
        assert_non_null(f);
        char *bytes = malloc(1 << 20);
        size_t size = fread(bytes, 1, 1 << 20, f);
        fclose(f);
        parts[i]->path = names[i];
        parts[i]->bytes = bytes;
        parts[i]->size = size;
    }
    files.prj.path = "mem.prj";
    files.cpg.path = "mem.cpg";
    return files;
}

static void
free_memory_parts(struct countries_files *files)
{
    free((char *)files->shp.bytes);
    free((char *)files->shx.bytes);
    free((char *)files->dbf.bytes);
}

static void
test_a_shapefile_loads_from_memory_as_from_its_files(void **state)
{
    (void)state;
    struct countries_files files = memory_parts();
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    struct posture_error err = {0};
    struct country_set *from_memory = countries_load_memory(&files, &options, &err);
    assert_non_null(from_memory);
    struct country_set *from_files =
        load_or_fail(POSTURE_TEST_DATA_DIR "/shapefiles/no-prj.shp", &options);
    assert_string_equal(from_memory->path, "mem.shp");
    assert_int_equal(from_memory->count, from_files->count);
    for (size_t i = 0; i < from_files->count; i++) {
        assert_string_equal(from_memory->countries[i].code, from_files->countries[i].code);
        assert_int_equal(from_memory->countries[i].point_count,
                         from_files->countries[i].point_count);
        assert_memory_equal(from_memory->countries[i].xy, from_files->countries[i].xy,
                            2 * from_files->countries[i].point_count * sizeof(double));
    }
    countries_destroy(from_memory);
    countries_destroy(from_files);
    free_memory_parts(&files);
}

static void
test_a_missing_shx_is_named(void **state)
{
    (void)state;
    struct countries_files files = memory_parts();
    free((char *)files.shx.bytes);
    files.shx.bytes = NULL;
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    struct posture_error err = {0};
    assert_null(countries_load_memory(&files, &options, &err));
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_string_equal(err.message, "mem.shx: missing (a shapefile needs its .shx)");
    free_memory_parts(&files);
}

/* shapelib reports a record it cannot read through its Error hook; the default hook prints it
 * to stderr. The message must end up in ours instead. */
static void
test_bug_a_truncated_shp_fails_with_shapelib_s_reason_in_the_message(void **state)
{
    (void)state;
    struct countries_files files = memory_parts();
    files.shp.size = 200; /* the header and part of the first record */
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    struct posture_error err = {0};
    assert_null(countries_load_memory(&files, &options, &err));
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(err.message, "mem.shp: record 1 cannot be read: Error in fread()"));
    free_memory_parts(&files);
}

/* Found by fuzz_shapefile: a .dbf shorter than its records made DBFReadStringAttribute()
 * return NULL, which was read as a string. */
static void
test_bug_a_dbf_cut_short_fails_naming_the_record(void **state)
{
    (void)state;
    struct countries_files files = memory_parts();
    files.dbf.size = 129 + 47 + 10; /* the header, record 1 and a bit of record 2 */
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    struct posture_error err = {0};
    assert_null(countries_load_memory(&files, &options, &err));
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(err.message, "mem.dbf: record 2 cannot be read"));
    free_memory_parts(&files);
}

/* A .shp cut after its header, its .shx whole: the records were skipped as if empty, and the
 * map lost its countries without a word. */
static void
test_bug_a_shp_cut_after_its_header_fails_instead_of_losing_countries(void **state)
{
    (void)state;
    struct countries_files files = memory_parts();
    files.shp.size = 100;
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    struct posture_error err = {0};
    assert_null(countries_load_memory(&files, &options, &err));
    assert_string_equal(err.message, "mem.shp: record 1 cannot be read: the .shx points past the "
                                     "end of the file (is the .shp cut short?)");
    free_memory_parts(&files);
}

/* Found by fuzz_shapefile (a 10-second timeout): a 100-byte .shx whose header claims 1.9 GB
 * made shapelib allocate tables for 243 million records before reading any. */
static void
test_bug_an_shx_header_claiming_more_than_the_file_holds_fails_first(void **state)
{
    (void)state;
    struct countries_files files = memory_parts();
    char shx[124];
    memcpy(shx, files.shx.bytes, sizeof shx);
    shx[24] = 0x3a; /* 0x3a00003e words */
    const char *original = files.shx.bytes;
    files.shx.bytes = shx;
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    struct posture_error err = {0};
    assert_null(countries_load_memory(&files, &options, &err));
    assert_string_equal(
        err.message,
        "mem.shx: its header says 1946157180 bytes, the file has 124 (is it cut short?)");
    files.shx.bytes = original;
    free_memory_parts(&files);
}

static void
test_a_shapefile_with_more_vertices_than_the_limit_fails(void **state)
{
    (void)state;
    struct countries_files files = memory_parts();
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    options.max_vertices = 300; /* record 1 has 240, record 2 more */
    struct posture_error err = {0};
    assert_null(countries_load_memory(&files, &options, &err));
    assert_string_equal(err.message, "mem.shp: more than 300 vertices by record 2: too detailed "
                                     "to draw (simplify it first)");
    free_memory_parts(&files);
}

/* For the warning about a style group naming a code the shapefile does not have: codes of
 * records off the map count too, so a map of Poland does not call France unknown. */
static void
test_every_code_of_the_file_is_known_even_off_the_map(void **state)
{
    (void)state;
    struct countries_options options = natural_earth_options(NULL);
    options.warn = NULL;
    options.has_extent = true;
    options.extent = (struct lonlat_box){14.0, 49.0, 24.2, 54.9};
    struct country_set *near = load_or_fail(NE_50M ".shp", &options);
    assert_null(find_by_code(near, "AUS"));
    assert_true(countries_has_code(near, "AUS"));
    assert_true(countries_has_code(near, "POL"));
    assert_true(countries_has_code(near, "KOS")); /* Kosovo: ISO_A3 -99, ADM0_A3 KOS */
    assert_false(countries_has_code(near, "XXX"));
    assert_false(countries_has_code(near, "-99"));
    assert_false(countries_has_code(near, ""));
    countries_destroy(near);
}

static void
test_destroy_accepts_null(void **state)
{
    (void)state;
    countries_destroy(NULL);
}

#define TEMP_DIR_TEST(name) cmocka_unit_test_setup_teardown(name, setup_temp_dir, teardown_temp_dir)

#define TEST_RIVERS POSTURE_TEST_DATA_DIR "/shapefiles/test-rivers.shp"
#define TEST_REGIONS POSTURE_TEST_DATA_DIR "/shapefiles/test-regions.shp"

static struct countries_options
layer_options(void)
{
    struct countries_options options = {.code_field = "NAME", .accepts_lines = true};
    return options;
}

static void
test_a_layer_of_lines_loads_with_open_parts(void **state)
{
    (void)state;
    struct countries_options options = layer_options();
    struct country_set *set = load_or_fail(TEST_RIVERS, &options);
    assert_true(set->is_lines);
    assert_int_equal(set->count, 3);
    const struct country *prypiat = find_by_code(set, "Prypiat Test");
    assert_non_null(prypiat);
    assert_int_equal(prypiat->ring_count, 2);
    assert_int_equal(prypiat->point_count, 5); /* parts of 3 and 2 points: lines need only 2 */
    assert_near(prypiat->xy[0], 28.0, 1e-9 /* deg */);
    assert_string_equal(prypiat->name, ""); /* no name field asked for */
    countries_destroy(set);
}

static void
test_a_layer_where_filter_keeps_only_matching_features(void **state)
{
    (void)state;
    struct countries_options options = layer_options();
    options.where_field = "KIND";
    options.where_value = "CANAL"; /* case-insensitive */
    struct country_set *set = load_or_fail(TEST_RIVERS, &options);
    assert_int_equal(set->count, 1);
    assert_string_equal(set->countries[0].code, "Dniester Canal");
    assert_int_equal(set->code_count, 1); /* the filtered-out names are not known either */
    countries_destroy(set);
}

static void
test_a_layer_where_field_that_does_not_exist_fails_listing_the_fields(void **state)
{
    (void)state;
    struct countries_options options = layer_options();
    options.where_field = "TYPE";
    options.where_value = "river";
    struct posture_error err = {0};
    assert_null(countries_load(TEST_RIVERS, &options, &err));
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(err.message, "no field \"TYPE\" (the file has: NAME, KIND)"));
}

static void
test_lines_are_refused_where_only_polygons_are_accepted(void **state)
{
    (void)state;
    struct countries_options options = layer_options();
    options.accepts_lines = false;
    struct posture_error err = {0};
    assert_null(countries_load(TEST_RIVERS, &options, &err));
    assert_non_null(strstr(err.message, "holds Arc shapes, not polygons"));
}

static void
test_a_layer_of_polygons_loads_with_name_and_label_fields(void **state)
{
    (void)state;
    struct countries_options options = layer_options();
    options.name_field = "NAME";
    struct country_set *set = load_or_fail(TEST_REGIONS, &options);
    assert_false(set->is_lines);
    assert_int_equal(set->count, 2);
    assert_string_equal(set->countries[1].name, "Test Borderland");
    assert_int_equal(set->countries[1].point_count, 5);
    assert_true(countries_has_code(set, "Test Oblast"));
    countries_destroy(set);
}

static void
test_the_shipped_donbas_area_is_one_polygon_with_a_name(void **state)
{
    (void)state;
    struct countries_options options = layer_options();
    struct country_set *set =
        load_or_fail(POSTURE_SOURCE_DIR "/data/areas/donbas-2014-2022.shp", &options);
    assert_int_equal(set->count, 1);
    assert_string_equal(set->countries[0].code, "Separatist-held Donbas");
    assert_non_null(set->prj_wkt);
    countries_destroy(set);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_natural_earth_loads_with_poland_as_pol),
        cmocka_unit_test(test_every_country_has_a_code_a_name_and_well_formed_rings),
        cmocka_unit_test(test_france_has_the_code_fra),
        cmocka_unit_test(test_an_iso_code_of_minus_99_is_taken_from_the_fallback_field),
        cmocka_unit_test(test_without_a_fallback_field_minus_99_stays),
        cmocka_unit_test(test_lang_de_names_poland_polen),
        cmocka_unit_test(test_lang_uk_gives_cyrillic_names_in_utf8),
        cmocka_unit_test(test_lang_without_a_name_field_falls_back_to_the_name_field),
        cmocka_unit_test(test_field_names_are_matched_without_regard_to_case),
        cmocka_unit_test(test_an_extent_round_poland_reads_only_its_neighbourhood),
        cmocka_unit_test(test_an_extent_keeps_only_the_rings_that_can_show),
        cmocka_unit_test(test_a_missing_shapefile_fails_as_missing_naming_its_path),
        cmocka_unit_test(test_an_unknown_code_field_fails_listing_the_fields),
        cmocka_unit_test(test_an_unknown_name_field_fails_too),
        TEMP_DIR_TEST(test_a_shapefile_without_prj_loads_with_a_warning),
        TEMP_DIR_TEST(test_bug_a_shapefile_with_upper_case_extensions_loads),
        TEMP_DIR_TEST(test_a_missing_prj_without_a_warn_callback_is_fine),
        TEMP_DIR_TEST(test_a_tiny_shapefile_reads_back_what_was_written),
        TEMP_DIR_TEST(test_a_1252_cpg_decodes_latin1_names_to_utf8),
        TEMP_DIR_TEST(test_a_1252_cpg_decodes_windows_1252_letters),
        TEMP_DIR_TEST(test_without_a_cpg_invalid_utf8_is_read_as_latin1),
        TEMP_DIR_TEST(test_an_unknown_cpg_warns_and_reads_utf8),
        TEMP_DIR_TEST(test_a_point_shapefile_is_refused),
        TEMP_DIR_TEST(test_a_shapefile_without_its_dbf_fails_naming_the_dbf),
        TEMP_DIR_TEST(test_a_shapefile_that_is_not_one_fails_as_input),
        TEMP_DIR_TEST(test_rings_of_fewer_than_three_points_are_skipped),
        cmocka_unit_test(test_a_shapefile_loads_from_memory_as_from_its_files),
        cmocka_unit_test(test_a_missing_shx_is_named),
        cmocka_unit_test(test_bug_a_truncated_shp_fails_with_shapelib_s_reason_in_the_message),
        cmocka_unit_test(test_bug_a_dbf_cut_short_fails_naming_the_record),
        cmocka_unit_test(test_bug_a_shp_cut_after_its_header_fails_instead_of_losing_countries),
        cmocka_unit_test(test_bug_an_shx_header_claiming_more_than_the_file_holds_fails_first),
        cmocka_unit_test(test_a_shapefile_with_more_vertices_than_the_limit_fails),
        cmocka_unit_test(test_every_code_of_the_file_is_known_even_off_the_map),
        cmocka_unit_test(test_destroy_accepts_null),
        cmocka_unit_test(test_a_layer_of_lines_loads_with_open_parts),
        cmocka_unit_test(test_a_layer_where_filter_keeps_only_matching_features),
        cmocka_unit_test(test_a_layer_where_field_that_does_not_exist_fails_listing_the_fields),
        cmocka_unit_test(test_lines_are_refused_where_only_polygons_are_accepted),
        cmocka_unit_test(test_a_layer_of_polygons_loads_with_name_and_label_fields),
        cmocka_unit_test(test_the_shipped_donbas_area_is_one_polygon_with_a_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
