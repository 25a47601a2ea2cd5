#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "record_warning.h"
#include "session.h"
#include "write_text.h"

#define NE_50M POSTURE_SOURCE_DIR "/shapefiles/ne_50m_admin_0_countries"

static struct countries_options
options_for(const char *continent, struct warnings *warnings)
{
    struct countries_options options = {
        .code_field = "ISO_A3",
        .name_field = "NAME",
        .where_field = continent != NULL ? "CONTINENT" : NULL,
        .where_value = continent,
        .warn = record_warning,
        .warn_context = warnings,
    };
    return options;
}

/* A render keeps the countries it loaded while it loads its layers: an entry must stay where it
 * is when later ones are added (the ninth once moved all eight, under a render holding one). */
static void
test_entries_keep_their_address(void **state)
{
    (void)state;
    static const char *const continents[] = {
        "Europe",        "Asia",          "Africa",     "Oceania",
        "South America", "North America", "Antarctica", "Seven seas (open ocean)",
        "Nowhere",       "Atlantis",
    };
    struct posture_session *session = posture_session_create(POSTURE_SOURCE_DIR);
    struct warnings warnings = {0};
    struct countries_options all = options_for(NULL, &warnings);
    struct posture_error err;
    error_clear(&err);
    const struct cached_countries *first = session_countries(session, NE_50M, &all, &err);
    assert_non_null(first);
    size_t count = first->set->count;
    assert_true(count > 200);
    for (size_t i = 0; i < sizeof continents / sizeof *continents; i++) {
        struct countries_options some = options_for(continents[i], &warnings);
        const struct cached_countries *part = session_countries(session, NE_50M, &some, &err);
        assert_int_equal(err.status, POSTURE_OK);
        assert_non_null(part);
        assert_true(part != first);
        assert_true(part->set->count < count);
    }
    assert_true(session->country_count > 8);
    assert_int_equal(first->set->count, count); /* ASan: not freed */
    assert_ptr_equal(session_countries(session, NE_50M, &all, &err), first);
    assert_int_equal(warnings.count, 0);
    posture_session_destroy(session);
}

static void
copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    FILE *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buffer[1 << 16];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, in)) > 0)
        assert_int_equal(fwrite(buffer, 1, n, out), n);
    assert_int_equal(fclose(in), 0);
    assert_int_equal(fclose(out), 0);
}

/* A 1:50m shapefile without its .prj, in a directory of its own; *path names it. */
static char *
shapefile_without_prj(char *dir, size_t size)
{
    (void)snprintf(dir, size, "%s", "/tmp/posture-test-session-XXXXXX");
    assert_non_null(mkdtemp(dir));
    static const char *const extensions[] = {".shp", ".shx", ".dbf"};
    char from[4096], to[4096];
    for (size_t i = 0; i < 3; i++) {
        (void)snprintf(from, sizeof from, "%s%s", NE_50M, extensions[i]);
        (void)snprintf(to, sizeof to, "%s/countries%s", dir, extensions[i]);
        copy_file(from, to);
    }
    char *path = malloc(strlen(dir) + 32);
    assert_non_null(path);
    (void)sprintf(path, "%s/countries.shp", dir);
    return path;
}

static void
remove_shapefile(const char *dir)
{
    static const char *const extensions[] = {".shp", ".shx", ".dbf"};
    char path[4096];
    for (size_t i = 0; i < 3; i++) {
        (void)snprintf(path, sizeof path, "%s/countries%s", dir, extensions[i]);
        (void)unlink(path);
    }
    (void)rmdir(dir);
}

/* Every render that uses a file is told what its loading found, not only the first: a batch
 * job's warnings and report must not depend on the jobs before it, nor on which of a batch's
 * workers loaded the file. With a shelf, two sessions share one loading. */
static void
test_load_warnings_are_given_to_every_use(void **state)
{
    (void)state;
    char dir[64];
    char *path = shapefile_without_prj(dir, sizeof dir);
    struct warnings warnings = {0};
    struct countries_options options = options_for(NULL, &warnings);
    struct posture_error err;
    error_clear(&err);

    struct posture_session *alone = posture_session_create(POSTURE_SOURCE_DIR);
    for (size_t use = 1; use <= 2; use++) {
        assert_non_null(session_countries(alone, path, &options, &err));
        assert_int_equal(warnings.count, use);
        assert_non_null(strstr(warnings.last, "missing; assuming WGS84"));
    }
    posture_session_destroy(alone);

    struct country_shelf *shelf = country_shelf_create();
    struct posture_session *a = posture_session_create(POSTURE_SOURCE_DIR);
    struct posture_session *b = posture_session_create(POSTURE_SOURCE_DIR);
    a->shelf = shelf;
    b->shelf = shelf;
    warnings.count = 0;
    const struct cached_countries *from_a = session_countries(a, path, &options, &err);
    const struct cached_countries *from_b = session_countries(b, path, &options, &err);
    assert_non_null(from_a);
    assert_non_null(from_b);
    assert_ptr_equal(from_a->set, from_b->set); /* loaded once */
    assert_int_equal(shelf->count, 1);
    assert_int_equal(warnings.count, 2);
    posture_session_destroy(a);
    posture_session_destroy(b);
    country_shelf_destroy(shelf);

    remove_shapefile(dir);
    free(path);
}

static void
test_missing_file_is_not_kept(void **state)
{
    (void)state;
    struct country_shelf *shelf = country_shelf_create();
    struct posture_session *session = posture_session_create(POSTURE_SOURCE_DIR);
    session->shelf = shelf;
    struct warnings warnings = {0};
    struct countries_options options = options_for(NULL, &warnings);
    for (int attempt = 0; attempt < 2; attempt++) {
        struct posture_error err;
        error_clear(&err);
        assert_null(session_countries(session, "/nonexistent/countries.shp", &options, &err));
        assert_int_not_equal(err.status, POSTURE_OK);
        assert_non_null(strstr(err.message, "/nonexistent/countries"));
    }
    assert_int_equal(shelf->count, 0);
    assert_int_equal(session->country_count, 0);
    posture_session_destroy(session);
    country_shelf_destroy(shelf);
}

/* The map projection is made once for a run of maps with one definition, made again for
 * another, and a rejected one leaves no projection behind. */
static void
test_projection_is_kept_while_its_definition_stays(void **state)
{
    (void)state;
    static const char laea[] = "+proj=laea +lat_0=50 +lon_0=25 +datum=WGS84";
    static const char merc[] = "+proj=merc +datum=WGS84";
    struct posture_session *session = posture_session_create(POSTURE_SOURCE_DIR);
    struct posture_error err = {0};
    struct projection *first = session_projection(session, laea, &err);
    assert_non_null(first);
    double xy[2] = {25, 50};
    projection_forward(first, xy, 1);
    assert_true(xy[0] == 0 && xy[1] == 0);
    assert_ptr_equal(session_projection(session, laea, &err), first);
    struct projection *other = session_projection(session, merc, &err);
    assert_non_null(other);
    xy[0] = 25;
    xy[1] = 0;
    projection_forward(other, xy, 1);
    assert_true(xy[0] > 2.7e6 && xy[0] < 2.8e6 && xy[1] == 0);
    assert_null(session_projection(session, "+proj=nonsense", &err));
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(err.message, "[map] projection"));
    error_clear(&err);
    assert_non_null(session_projection(session, laea, &err));
    posture_session_destroy(session);
}

/* A session parses its style files once while their bytes stay the same, and each render gets a
 * style of its own to change; a file that changes is parsed again, and a bad one fails naming
 * its line. */
static void
test_style_is_parsed_again_only_when_its_file_changes(void **state)
{
    (void)state;
    char dir[] = "/tmp/posture-test-style-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    (void)snprintf(path, sizeof path, "%s/style.ini", dir);
    write_text(path, "[page]\nwidth_px = 800\n");
    struct posture_session *session = posture_session_create(POSTURE_SOURCE_DIR);
    struct posture_error err = {0};
    struct style *first = NULL, *second = NULL, *third = NULL, *bad = NULL;
    assert_int_equal(session_style(session, path, &first, &err), POSTURE_OK);
    assert_string_equal(style_get(first, "page", "width_px"), "800");
    assert_int_equal(style_set(first, "page.width_px=640", &err), POSTURE_OK);
    assert_int_equal(session_style(session, path, &second, &err), POSTURE_OK);
    assert_string_equal(style_get(second, "page", "width_px"), "800");
    assert_string_equal(style_get(first, "page", "width_px"), "640");
    size_t line = 0;
    assert_non_null(strstr(style_origin(second, "page", "width_px", &line), "style.ini"));
    assert_int_equal(line, 2);
    style_destroy(first);
    style_destroy(second);
    write_text(path, "[page]\nwidth_px = 1024\n");
    assert_int_equal(session_style(session, path, &third, &err), POSTURE_OK);
    assert_string_equal(style_get(third, "page", "width_px"), "1024");
    style_destroy(third);
    write_text(path, "[page]\nwidth_px = 1024\nno_such_key = 1\n");
    assert_int_equal(session_style(session, path, &bad, &err), POSTURE_ERR_INPUT);
    assert_null(bad);
    assert_non_null(strstr(err.message, "style.ini:3"));
    error_clear(&err);
    struct style *plain = NULL;
    assert_int_equal(session_style(session, NULL, &plain, &err), POSTURE_OK);
    assert_string_equal(style_get(plain, "page", "width_px"), "1600");
    style_destroy(plain);
    posture_session_destroy(session);
    (void)unlink(path);
    (void)rmdir(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entries_keep_their_address),
        cmocka_unit_test(test_load_warnings_are_given_to_every_use),
        cmocka_unit_test(test_missing_file_is_not_kept),
        cmocka_unit_test(test_projection_is_kept_while_its_definition_stays),
        cmocka_unit_test(test_style_is_parsed_again_only_when_its_file_changes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
