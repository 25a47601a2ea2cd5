#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/files.h"
#include "core/strbuf.h"
#include "data/gazetteer.h"

#define assert_near(actual, expected, tolerance)                                                   \
    assert_true(fabs((double)(actual) - (double)(expected)) <= (tolerance))

#define FIXTURES POSTURE_TEST_DATA_DIR "/gazetteer/"

/* The curated bases first, then the towns: the order posture loads them in. */
static int
load_fixtures(void **state)
{
    struct posture_error err;
    error_clear(&err);
    struct gazetteer *gazetteer = gazetteer_create();
    assert_int_equal(gazetteer_load(gazetteer, FIXTURES "bases.csv", &err), POSTURE_OK);
    assert_int_equal(gazetteer_load(gazetteer, FIXTURES "places.csv", &err), POSTURE_OK);
    *state = gazetteer;
    return 0;
}

static int
destroy_gazetteer(void **state)
{
    gazetteer_destroy(*state);
    return 0;
}

static const struct gazetteer_entry *
find(void **state, const char *query)
{
    return gazetteer_find(*state, query);
}

static void
assert_finds(void **state, const char *query, const char *name, const char *country)
{
    const struct gazetteer_entry *entry = find(state, query);
    if (entry == NULL)
        fail_msg("\"%s\" not found", query);
    assert_string_equal(entry->name, name);
    assert_string_equal(entry->country, country);
}

static void
test_gazetteer_loads_every_row(void **state)
{
    assert_int_equal(gazetteer_size(*state), 4 + 22);
}

static void
test_gazetteer_finds_a_name_as_written(void **state)
{
    const struct gazetteer_entry *minsk = find(state, "Minsk");
    assert_non_null(minsk);
    assert_string_equal(minsk->name, "Minsk");
    assert_string_equal(minsk->country, "BY");
    assert_string_equal(minsk->admin1, "05");
    assert_string_equal(minsk->kind, "city");
    assert_near(minsk->at.lon_deg, 27.56667, 1e-9);
    assert_near(minsk->at.lat_deg, 53.9, 1e-9);
}

static void
test_gazetteer_folds_diacritics(void **state)
{
    assert_finds(state, "Rzeszow", "Rzeszów", "PL");
    assert_finds(state, "RZESZÓW", "Rzeszów", "PL");
    assert_finds(state, "Constanta", "Constanţa", "RO");
    assert_finds(state, "Constanța", "Constanţa", "RO"); /* comma below finds cedilla */
    assert_finds(state, "lodz", "Łódź", "PL");
    assert_finds(state, "Giessen", "Gießen", "DE");
}

static void
test_gazetteer_ignores_apostrophes_and_case(void **state)
{
    assert_finds(state, "Yelnya", "Yel'nya", "RU");
    assert_finds(state, "yel’nya", "Yel'nya", "RU");
    assert_finds(state, "HOMYEL", "Homyel'", "BY");
}

static void
test_gazetteer_finds_aliases(void **state)
{
    assert_finds(state, "Kiev", "Kyiv", "UA");
    assert_finds(state, "Київ", "Kyiv", "UA");
    assert_finds(state, "Kijow", "Kyiv", "UA");
    assert_finds(state, "Gomel", "Homyel'", "BY");
    assert_finds(state, "Warszawa", "Warsaw", "PL");
    assert_finds(state, "Fort Liberty", "Fort Bragg", "US");
}

static void
test_gazetteer_prefers_earlier_files_for_a_bare_name(void **state)
{
    const struct gazetteer_entry *bragg = find(state, "Fort Bragg");
    assert_non_null(bragg);
    assert_string_equal(bragg->kind, "base"); /* bases.csv, not either town of places.csv */
    assert_near(bragg->at.lon_deg, -79.006, 1e-9);
}

static void
test_gazetteer_prefers_first_row_among_equals(void **state)
{
    assert_finds(state, "Brest", "Brest", "FR"); /* both towns, same file: the first row */
}

static void
test_gazetteer_prefers_qualified_country(void **state)
{
    assert_finds(state, "Brest, Belarus", "Brest", "BY");
    assert_finds(state, "Brest, BY", "Brest", "BY");
    assert_finds(state, "Brest,by", "Brest", "BY");
    assert_finds(state, "Brest, France", "Brest", "FR");
    assert_finds(state, "Brest, FR", "Brest", "FR");
    assert_finds(state, "Wiesbaden, Germany", "Wiesbaden", "DE");
    assert_finds(state, "Rzeszów, Poland", "Rzeszów", "PL");
}

static void
test_gazetteer_qualifier_may_name_a_us_state(void **state)
{
    /* The base's admin1 is "North Carolina", the towns' a postal code: both match. */
    assert_finds(state, "Fort Bragg, N.C.", "Fort Bragg", "US");
    assert_string_equal(find(state, "Fort Bragg, N.C.")->kind, "base");
    assert_string_equal(find(state, "Fort Bragg, NC")->kind, "base");
    assert_string_equal(find(state, "Fort Bragg, North Carolina")->kind, "base");
    const struct gazetteer_entry *california = find(state, "Fort Bragg, Calif.");
    assert_non_null(california);
    assert_string_equal(california->admin1, "CA");
    assert_ptr_equal(find(state, "Fort Bragg, California"), california);
    assert_ptr_equal(find(state, "Fort Bragg, CA"), california);
}

static void
test_gazetteer_qualifier_may_name_an_admin1(void **state)
{
    assert_string_equal(find(state, "Athens, GA")->country, "US");
    assert_string_equal(find(state, "Athens, Georgia")->country, "US");
    assert_string_equal(find(state, "Athens, Greece")->country, "GR");
    assert_finds(state, "Clay Kaserne, Hesse", "Clay Kaserne", "DE");
}

static void
test_gazetteer_qualifier_may_be_an_alias(void **state)
{
    assert_finds(state, "Rose Barracks, Vilseck Army Airfield", "Rose Barracks", "DE");
}

static void
test_gazetteer_every_qualifier_must_match(void **state)
{
    assert_string_equal(find(state, "Fort Bragg, NC, USA")->kind, "base");
    assert_null(find(state, "Fort Bragg, NC, Germany"));
}

static void
test_gazetteer_qualifier_of_another_country_finds_nothing(void **state)
{
    assert_null(find(state, "Brest, Poland"));
    assert_null(find(state, "Fort Bragg, Texas"));
    assert_null(find(state, "Minsk, RU"));
}

static void
test_gazetteer_unknown_qualifier_keeps_the_only_candidate(void **state)
{
    assert_finds(state, "Dzhankoi, Crimea", "Dzhankoi", "UA");
    assert_null(find(state, "Brest, Brittany")); /* two candidates: which one is not known */
}

static void
test_gazetteer_whole_name_with_a_comma_comes_first(void **state)
{
    assert_finds(state, "Washington, D.C.", "Washington, D.C.", "US");
    assert_finds(state, "washington dc", "Washington, D.C.", "US");
}

static void
test_gazetteer_ignores_a_note_in_parentheses(void **state)
{
    assert_finds(state, "Mihail Kogalniceanu AB (Constanta), Romania",
                 "Mihail Kogălniceanu Air Base", "RO");
    assert_finds(state, "MK (near Constanța)", "Mihail Kogălniceanu Air Base", "RO");
    assert_null(find(state, "(Atlantis)"));
    assert_finds(state, "(Constanta)", "Constanţa", "RO"); /* the fold drops parentheses */
}

/* gazetteer_find() called itself once per "(...)", so a table cell of 20,000 of them (60 KB,
 * within a CSV field's 64 KiB) recursed 20,000 deep and did quadratic work. */
static void
test_bug_many_parentheses_neither_recurse_nor_take_long(void **state)
{
    size_t groups = 20000;
    char *query = malloc(3 * groups + 8);
    strcpy(query, "Rzeszow");
    for (size_t i = 0; i < groups; i++)
        strcat(query + 7 + 3 * i, "(a)");
    assert_null(find(state, query));
    free(query);
    assert_finds(state, "Rzeszow (a) (b)", "Rzeszów", "PL");
}

static void
test_gazetteer_unknown_or_empty_query_finds_nothing(void **state)
{
    assert_null(find(state, "Atlantis"));
    assert_null(find(state, ""));
    assert_null(find(state, NULL));
    assert_null(find(state, ", Poland"));
    assert_null(find(state, "..."));
}

static size_t
suggest(void **state, const char *query, const char **names, size_t max)
{
    return gazetteer_suggest(*state, query, names, max);
}

static void
test_gazetteer_suggests_close_names(void **state)
{
    const char *names[3];
    assert_int_equal(suggest(state, "Rzeszuw", names, 3), 3);
    assert_string_equal(names[0], "Rzeszów");
    assert_string_equal(names[1], "Rzeszotary"); /* ties: the longer common start first */
    assert_string_equal(names[2], "Rzesznikowo");
}

static void
test_gazetteer_suggestions_are_unique_names(void **state)
{
    const char *names[4];
    size_t count = suggest(state, "Brets", names, 4);
    assert_true(count >= 1);
    assert_string_equal(names[0], "Brest");
    for (size_t i = 1; i < count; i++)
        assert_string_not_equal(names[i], "Brest");
}

static void
test_gazetteer_suggestions_spell_aliases_as_written(void **state)
{
    const char *names[2];
    assert_int_equal(suggest(state, "Kiewe", names, 1), 1);
    assert_string_equal(names[0], "Kiew");
    assert_int_equal(suggest(state, "Warszawaa", names, 1), 1);
    assert_string_equal(names[0], "Warszawa");
}

static void
test_gazetteer_suggests_for_the_name_before_a_qualifier(void **state)
{
    const char *names[1];
    assert_int_equal(suggest(state, "Vilsek, Germany", names, 1), 1);
    assert_string_equal(names[0], "Vilseck");
}

static void
test_gazetteer_suggests_nothing_far_away(void **state)
{
    const char *names[3];
    assert_int_equal(suggest(state, "Qxqxqxqxqx", names, 3), 0);
    assert_int_equal(suggest(state, "Minsk", names, 0), 0);
}

static void
assert_load_fails(const char *file, enum posture_status status, const char *message)
{
    struct posture_error err;
    error_clear(&err);
    struct gazetteer *gazetteer = gazetteer_create();
    assert_int_equal(gazetteer_load(gazetteer, file, &err), status);
    assert_int_equal(err.status, status);
    assert_string_equal(err.message, message);
    assert_int_equal(gazetteer_size(gazetteer), 0);
    gazetteer_destroy(gazetteer);
}

static void
test_gazetteer_rejects_bad_rows_naming_the_line(void **state)
{
    (void)state;
    assert_load_fails(FIXTURES "bad-lat.csv", POSTURE_ERR_INPUT,
                      FIXTURES "bad-lat.csv:3: lat 95.0 is outside [-90, 90]");
    assert_load_fails(FIXTURES "bad-country.csv", POSTURE_ERR_INPUT,
                      FIXTURES "bad-country.csv:2: country \"Poland\" is not an ISO 3166-1 "
                               "alpha-2 code");
    assert_load_fails(FIXTURES "no-lat.csv", POSTURE_ERR_INPUT,
                      FIXTURES "no-lat.csv:1: missing column \"lat\"");
    assert_load_fails(FIXTURES "missing.csv", POSTURE_ERR_MISSING,
                      FIXTURES "missing.csv: cannot read: No such file or directory");
}

static enum posture_status
parse(struct gazetteer *gazetteer, const char *text, struct posture_error *err)
{
    error_clear(err);
    return gazetteer_parse(gazetteer, "g.csv", text, strlen(text), err);
}

static void
test_gazetteer_rejects_malformed_values(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"name,lon,lat\nX,ten,1\n", "g.csv:2: lon \"ten\" is not a number"},
        {"name,lon,lat\nX,1,nan\n", "g.csv:2: lat \"nan\" is not a number"},
        {"name,lon,lat\nX,1,0x10\n", "g.csv:2: lat \"0x10\" is not a number"},
        {"name,lon,lat\nX,180.5,1\n", "g.csv:2: lon 180.5 is outside [-180, 180]"},
        {"name,lon,lat\n,1,1\n", "g.csv:2: name is empty"},
        {"name,lon,lat\nX,1\n", "g.csv:2: expected 3 fields, found 2"},
        {"name,lon,lat,lon\nX,1,1,1\n", "g.csv:1: column \"lon\" appears twice"},
        {"", "g.csv: empty file"},
        {"name,lon,lat\n\"X,1,1\n", "g.csv:2: unterminated quoted field"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct posture_error err;
        struct gazetteer *gazetteer = gazetteer_create();
        assert_int_equal(parse(gazetteer, cases[i][0], &err), POSTURE_ERR_INPUT);
        assert_string_equal(err.message, cases[i][1]);
        gazetteer_destroy(gazetteer);
    }
}

static void
test_gazetteer_bad_file_adds_nothing(void **state)
{
    struct posture_error err;
    size_t before = gazetteer_size(*state);
    assert_int_equal(parse(*state, "name,lon,lat\nAtlantis,1,1\nBad,1,99\n", &err),
                     POSTURE_ERR_INPUT);
    assert_int_equal(gazetteer_size(*state), before);
    assert_null(find(state, "Atlantis"));
    assert_finds(state, "Minsk", "Minsk", "BY");
}

static void
test_gazetteer_accepts_other_column_orders_and_names(void **state)
{
    (void)state;
    struct posture_error err;
    struct gazetteer *gazetteer = gazetteer_create();
    assert_int_equal(parse(gazetteer,
                           "\xEF\xBB\xBF"
                           "Country,LAT,Name,lng,population\r\n"
                           "pl,50.04,Rzeszów,22.0,196208\r\n",
                           &err),
                     POSTURE_OK);
    const struct gazetteer_entry *entry = gazetteer_find(gazetteer, "Rzeszow");
    assert_non_null(entry);
    assert_string_equal(entry->country, "PL");
    assert_string_equal(entry->admin1, "");
    assert_string_equal(entry->kind, "");
    assert_near(entry->at.lon_deg, 22.0, 1e-12);
    assert_near(entry->at.lat_deg, 50.04, 1e-12);
    gazetteer_destroy(gazetteer);
}

static void
test_gazetteer_reads_many_places(void **state)
{
    (void)state;
    struct strbuf text;
    strbuf_init(&text);
    strbuf_puts(&text, "name,lon,lat,country,kind\n");
    for (int i = 0; i < 50000; i++)
        strbuf_printf(&text, "Place %d,%d.%04d,%d.5,PL,city\n", i, i % 180, i % 10000, i % 90);
    struct posture_error err;
    struct gazetteer *gazetteer = gazetteer_create();
    assert_int_equal(parse(gazetteer, text.bytes, &err), POSTURE_OK);
    assert_int_equal(gazetteer_size(gazetteer), 50000);
    for (int i = 0; i < 50000; i += 997) {
        char name[32];
        snprintf(name, sizeof name, "place %d", i);
        const struct gazetteer_entry *entry = gazetteer_find(gazetteer, name);
        assert_non_null(entry);
        assert_near(entry->at.lat_deg, i % 90 + 0.5, 1e-12);
    }
    gazetteer_destroy(gazetteer);
    strbuf_fini(&text);
}

static void
test_gazetteer_shipped_data_finds_the_places_of_the_default_map(void **state)
{
    (void)state;
    const char *bases = POSTURE_SOURCE_DIR "/data/bases.csv";
    const char *places = POSTURE_SOURCE_DIR "/data/gazetteer.csv";
    if (!files_exist(bases) || !files_exist(places))
        skip();
    struct posture_error err;
    error_clear(&err);
    struct gazetteer *gazetteer = gazetteer_create();
    assert_int_equal(gazetteer_load(gazetteer, bases, &err), POSTURE_OK);
    assert_int_equal(gazetteer_load(gazetteer, places, &err), POSTURE_OK);
    static const struct {
        const char *query, *country;
        double lon_deg, lat_deg;
    } places_of_map[] = {
        {"Rzeszów", "PL", 22.0, 50.05},
        {"Vilseck", "DE", 11.8, 49.6},
        {"Wiesbaden", "DE", 8.25, 50.07},
        {"Kyiv", "UA", 30.5, 50.45},
        {"Minsk", "BY", 27.56, 53.9},
        {"Brest, Belarus", "BY", 23.7, 52.1},
        {"Fort Bragg, N.C.", "US", -79.0, 35.14},
    };
    for (size_t i = 0; i < sizeof places_of_map / sizeof places_of_map[0]; i++) {
        const struct gazetteer_entry *entry = gazetteer_find(gazetteer, places_of_map[i].query);
        if (entry == NULL)
            fail_msg("\"%s\" not found", places_of_map[i].query);
        assert_string_equal(entry->country, places_of_map[i].country);
        assert_near(entry->at.lon_deg, places_of_map[i].lon_deg, 0.2 /* deg */);
        assert_near(entry->at.lat_deg, places_of_map[i].lat_deg, 0.2 /* deg */);
    }
    gazetteer_destroy(gazetteer);
}

int
main(void)
{
#define FIXTURE_TEST(name) cmocka_unit_test_setup_teardown(name, load_fixtures, destroy_gazetteer)
    const struct CMUnitTest tests[] = {
        FIXTURE_TEST(test_gazetteer_loads_every_row),
        FIXTURE_TEST(test_gazetteer_finds_a_name_as_written),
        FIXTURE_TEST(test_gazetteer_folds_diacritics),
        FIXTURE_TEST(test_gazetteer_ignores_apostrophes_and_case),
        FIXTURE_TEST(test_gazetteer_finds_aliases),
        FIXTURE_TEST(test_gazetteer_prefers_earlier_files_for_a_bare_name),
        FIXTURE_TEST(test_gazetteer_prefers_first_row_among_equals),
        FIXTURE_TEST(test_gazetteer_prefers_qualified_country),
        FIXTURE_TEST(test_gazetteer_qualifier_may_name_a_us_state),
        FIXTURE_TEST(test_gazetteer_qualifier_may_name_an_admin1),
        FIXTURE_TEST(test_gazetteer_qualifier_may_be_an_alias),
        FIXTURE_TEST(test_gazetteer_every_qualifier_must_match),
        FIXTURE_TEST(test_gazetteer_qualifier_of_another_country_finds_nothing),
        FIXTURE_TEST(test_gazetteer_unknown_qualifier_keeps_the_only_candidate),
        FIXTURE_TEST(test_gazetteer_whole_name_with_a_comma_comes_first),
        FIXTURE_TEST(test_gazetteer_ignores_a_note_in_parentheses),
        FIXTURE_TEST(test_bug_many_parentheses_neither_recurse_nor_take_long),
        FIXTURE_TEST(test_gazetteer_unknown_or_empty_query_finds_nothing),
        FIXTURE_TEST(test_gazetteer_suggests_close_names),
        FIXTURE_TEST(test_gazetteer_suggestions_are_unique_names),
        FIXTURE_TEST(test_gazetteer_suggestions_spell_aliases_as_written),
        FIXTURE_TEST(test_gazetteer_suggests_for_the_name_before_a_qualifier),
        FIXTURE_TEST(test_gazetteer_suggests_nothing_far_away),
        cmocka_unit_test(test_gazetteer_rejects_bad_rows_naming_the_line),
        cmocka_unit_test(test_gazetteer_rejects_malformed_values),
        FIXTURE_TEST(test_gazetteer_bad_file_adds_nothing),
        cmocka_unit_test(test_gazetteer_accepts_other_column_orders_and_names),
        cmocka_unit_test(test_gazetteer_reads_many_places),
        cmocka_unit_test(test_gazetteer_shipped_data_finds_the_places_of_the_default_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
