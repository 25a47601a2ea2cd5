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
#include "data/deployments.h"
#include "data/gazetteer.h"

#define assert_near(actual, expected, tolerance)                                                   \
    assert_true(fabs((double)(actual) - (double)(expected)) <= (tolerance))

#define TABLES POSTURE_TEST_DATA_DIR "/tables/"
#define GAZETTEER POSTURE_TEST_DATA_DIR "/gazetteer/"

static struct deployment_table *
parse(const char *text, struct posture_error *err)
{
    error_clear(err);
    return deployments_parse("t.csv", text, strlen(text), err);
}

/* The one row of "header\nrow", which must parse. */
static struct deployment_table *
parse_ok(const char *text)
{
    struct posture_error err;
    struct deployment_table *table = parse(text, &err);
    if (table == NULL)
        fail_msg("%s", err.message);
    return table;
}

static void
assert_parse_fails(const char *text, const char *message)
{
    struct posture_error err;
    struct deployment_table *table = parse(text, &err);
    assert_null(table);
    assert_int_equal(err.status, POSTURE_ERR_INPUT);
    assert_string_equal(err.message, message);
}

static double
troops_of(const char *troops)
{
    char text[256];
    snprintf(text, sizeof text, "side,place,troops\nUS,\"1,2\",\"%s\"\n", troops);
    struct deployment_table *table = parse_ok(text);
    double value = table->rows[0].troops;
    deployments_destroy(table);
    return value;
}

static void
assert_troops_fail(const char *troops, const char *message)
{
    char text[256];
    snprintf(text, sizeof text, "side,place,troops\nUS,\"1,2\",\"%s\"\n", troops);
    assert_parse_fails(text, message);
}

static void
test_shared_bench_table_parses(void **state)
{
    (void)state;
    struct posture_error err;
    error_clear(&err);
    struct deployment_table *table = deployments_load(TABLES "bench-deployments.csv", &err);
    if (table == NULL)
        fail_msg("%s", err.message);
    assert_int_equal(table->row_count, 10);
    assert_string_equal(table->path, TABLES "bench-deployments.csv");

    const struct deployment *first = &table->rows[0];
    assert_int_equal(first->kind, DEPLOYMENT_MOVEMENT);
    assert_string_equal(first->id, "us-vilseck-mk");
    assert_string_equal(first->side, "US");
    assert_string_equal(first->from.name, "Vilseck, Germany");
    assert_true(first->from.is_resolved);
    assert_near(first->from.at.lon_deg, 11.80, 1e-9);
    assert_near(first->from.at.lat_deg, 49.61, 1e-9);
    assert_string_equal(first->to.name, "Mihail Kogalniceanu AB (Constanta), Romania");
    assert_near(first->to.at.lon_deg, 28.49, 1e-9);
    assert_near(first->to.at.lat_deg, 44.36, 1e-9);
    assert_near(first->troops, 1000, 0);
    assert_string_equal(first->label, "1,000 US (Stryker sqn) to Romania");
    assert_string_equal(first->date, "2022-02-02");
    assert_string_equal(first->until, "");
    assert_string_equal(first->source, "US DoD announcement of 2 Feb 2022, as reported");
    assert_int_equal(first->line, 2);

    const struct deployment *yelnya = &table->rows[3];
    assert_int_equal(yelnya->kind, DEPLOYMENT_POSITION);
    assert_string_equal(yelnya->side, "RU");
    assert_string_equal(yelnya->from.name, "");
    assert_false(yelnya->from.is_resolved);
    assert_string_equal(yelnya->to.name, "Yelnya, Russia");
    assert_true(yelnya->to.is_resolved);
    assert_near(yelnya->to.at.lon_deg, 33.17, 1e-9);
    assert_near(yelnya->troops, 25000, 0);
    assert_int_equal(yelnya->line, 5);

    assert_false(deployments_need_gazetteer(table));
    assert_int_equal(deployments_resolve(table, NULL, &err), POSTURE_OK);
    deployments_destroy(table);
}

static void
test_columns_may_come_in_any_order_and_case(void **state)
{
    (void)state;
    struct deployment_table *table =
        parse_ok("Troops,LAT,Side,Lon,Label,Extra\n\"1,000\",44.36,NATO,28.49,MK,ignored\n");
    const struct deployment *row = &table->rows[0];
    assert_int_equal(row->kind, DEPLOYMENT_POSITION);
    assert_string_equal(row->side, "NATO");
    assert_string_equal(row->to.name, "");
    assert_true(row->to.is_resolved);
    assert_near(row->to.at.lon_deg, 28.49, 1e-9);
    assert_near(row->to.at.lat_deg, 44.36, 1e-9);
    assert_string_equal(row->label, "MK");
    assert_string_equal(row->id, "");
    assert_string_equal(row->date, "");
    deployments_destroy(table);
}

static void
test_kind_is_inferred_from_a_from_place(void **state)
{
    (void)state;
    struct deployment_table *table = parse_ok("side,from,to,troops\n"
                                              "US,Vilseck,Rzeszow,100\n"
                                              "US,,Rzeszow,100\n");
    assert_int_equal(table->rows[0].kind, DEPLOYMENT_MOVEMENT);
    assert_string_equal(table->rows[0].from.name, "Vilseck");
    assert_int_equal(table->rows[1].kind, DEPLOYMENT_POSITION);
    assert_true(deployments_need_gazetteer(table));
    deployments_destroy(table);
}

static void
test_place_may_be_lon_lat_text(void **state)
{
    (void)state;
    struct deployment_table *table = parse_ok("side,place,troops\n"
                                              "US,\"28.49, 44.36\",100\n"
                                              "US,-79.01 35.14,100\n"
                                              "US,\"+8.24;50.08\",100\n");
    assert_near(table->rows[0].to.at.lon_deg, 28.49, 1e-9);
    assert_near(table->rows[0].to.at.lat_deg, 44.36, 1e-9);
    assert_near(table->rows[1].to.at.lon_deg, -79.01, 1e-9);
    assert_near(table->rows[2].to.at.lat_deg, 50.08, 1e-9);
    for (size_t i = 0; i < 3; i++) {
        assert_true(table->rows[i].to.is_resolved);
        assert_string_equal(table->rows[i].to.name, "");
    }
    assert_false(deployments_need_gazetteer(table));
    deployments_destroy(table);
}

static void
test_coordinates_win_over_a_name_which_is_kept(void **state)
{
    (void)state;
    struct deployment_table *table =
        parse_ok("side,kind,from_name,from_lon,from_lat,to,to_lon,to_lat,troops\n"
                 "US,movement,Nowhere,1,2,Atlantis,3,4,5\n");
    const struct deployment *row = &table->rows[0];
    assert_string_equal(row->from.name, "Nowhere");
    assert_true(row->from.is_resolved);
    assert_near(row->from.at.lat_deg, 2, 0);
    assert_string_equal(row->to.name, "Atlantis");
    assert_near(row->to.at.lon_deg, 3, 0);
    assert_false(deployments_need_gazetteer(table));
    deployments_destroy(table);
}

static void
test_troops_accepts_plain_numbers(void **state)
{
    (void)state;
    assert_near(troops_of("1000"), 1000, 0);
    assert_near(troops_of("  25000 "), 25000, 0);
    assert_near(troops_of("1"), 1, 0);
    assert_near(troops_of("10000000"), 10000000, 0);
    assert_near(troops_of("1,700 troops"), 1700, 0);
}

static void
test_troops_accepts_thousands_separators(void **state)
{
    (void)state;
    assert_near(troops_of("1,000"), 1000, 0);
    assert_near(troops_of("30 000"), 30000, 0);
    assert_near(troops_of("30\xC2\xA0"
                          "000"),
                30000, 0); /* no-break space */
    assert_near(troops_of("30\xE2\x80\xAF"
                          "000"),
                30000, 0); /* narrow no-break space */
    assert_near(troops_of("30'000"), 30000, 0);
    assert_near(troops_of("1,234,567"), 1234567, 0);
}

static void
test_troops_accepts_approximations(void **state)
{
    (void)state;
    assert_near(troops_of("~1,700"), 1700, 0);
    assert_near(troops_of("~ 1,700"), 1700, 0);
    assert_near(troops_of("about 300"), 300, 0);
    assert_near(troops_of("About 300"), 300, 0);
    assert_near(troops_of("c. 30,000"), 30000, 0);
    assert_near(troops_of("c.30,000"), 30000, 0);
    assert_near(troops_of("ca. 500"), 500, 0);
    assert_near(troops_of("circa 500"), 500, 0);
    assert_near(troops_of("approx. 2,000"), 2000, 0);
    assert_near(troops_of("\xE2\x89\x88"
                          "2000"),
                2000, 0); /* ≈ */
    assert_near(troops_of("some 400"), 400, 0);
    assert_near(troops_of("up to 4,000"), 4000, 0);
    assert_near(troops_of("more than 10,000"), 10000, 0);
    assert_near(troops_of("10,000+"), 10000, 0);
}

static void
test_troops_accepts_thousands_and_millions_in_words(void **state)
{
    (void)state;
    assert_near(troops_of("100k"), 100000, 0);
    assert_near(troops_of("100 K"), 100000, 0);
    assert_near(troops_of("1.5k"), 1500, 0);
    assert_near(troops_of("2.3k"), 2300, 0);
    assert_near(troops_of("~100k"), 100000, 0);
    assert_near(troops_of("2 thousand"), 2000, 0);
    assert_near(troops_of("1.2m"), 1200000, 0);
    assert_near(troops_of("1 million"), 1000000, 0);
}

static void
test_troops_rejects_words(void **state)
{
    (void)state;
    assert_troops_fail("many", "t.csv:2: troops \"many\" is not a number");
    assert_troops_fail("a brigade", "t.csv:2: troops \"a brigade\" is not a number");
    assert_troops_fail("about", "t.csv:2: troops \"about\" is not a number");
    assert_troops_fail("1000-2000", "t.csv:2: troops \"1000-2000\" is not a number");
    assert_troops_fail("1e3", "t.csv:2: troops \"1e3\" is not a number");
    assert_troops_fail("100km", "t.csv:2: troops \"100km\" is not a number");
    assert_troops_fail("nan", "t.csv:2: troops \"nan\" is not a number");
    assert_troops_fail("inf", "t.csv:2: troops \"inf\" is not a number");
}

static void
test_troops_rejects_malformed_groups(void **state)
{
    (void)state;
    assert_troops_fail("1,00", "t.csv:2: troops \"1,00\" is not a number");
    assert_troops_fail("1,0000", "t.csv:2: troops \"1,0000\" is not a number");
    assert_troops_fail("1000,000", "t.csv:2: troops \"1000,000\" is not a number");
    assert_troops_fail("10,00,000", "t.csv:2: troops \"10,00,000\" is not a number");
    assert_troops_fail("1,5", "t.csv:2: troops \"1,5\" is not a number");
}

static void
test_troops_must_be_positive(void **state)
{
    (void)state;
    assert_troops_fail("0", "t.csv:2: troops must be positive, not \"0\"");
    assert_troops_fail("-5", "t.csv:2: troops must be positive, not \"-5\"");
    assert_troops_fail("~0", "t.csv:2: troops must be positive, not \"~0\"");
    assert_parse_fails("side,place,troops\nUS,\"1,2\",\n", "t.csv:2: troops is empty");
}

static void
test_troops_must_be_whole_and_at_most_ten_million(void **state)
{
    (void)state;
    assert_troops_fail("2.5", "t.csv:2: troops \"2.5\" is not a whole number");
    assert_troops_fail("1.700", "t.csv:2: troops \"1.700\" is not a whole number");
    assert_troops_fail("10,000,001", "t.csv:2: troops \"10,000,001\" is more than 10,000,000");
    assert_troops_fail("20m", "t.csv:2: troops \"20m\" is more than 10,000,000");
    assert_troops_fail("99999999999999999999999999999999999999",
                       "t.csv:2: troops \"99999999999999999999999999999999999999\" is more than "
                       "10,000,000");
}

static void
test_header_must_name_side_troops_and_a_place(void **state)
{
    (void)state;
    assert_parse_fails("side,place\nUS,Kyiv\n", "t.csv:1: missing column \"troops\"");
    assert_parse_fails("\n\nplace,troops\nKyiv,1\n", "t.csv:3: missing column \"side\"");
    assert_parse_fails("side,troops,from\nUS,1,Kyiv\n",
                       "t.csv:1: missing column \"place\" (or \"to\", \"to_name\", \"lon\" and "
                       "\"lat\", \"to_lon\" and \"to_lat\")");
    assert_parse_fails("side,troops,lon\nUS,1,2\n", "t.csv:1: column \"lon\" without \"lat\"");
    assert_parse_fails("side,troops,place,from_lat\nUS,1,Kyiv,2\n",
                       "t.csv:1: column \"from_lat\" without \"from_lon\"");
    assert_parse_fails("side,troops,place,Side\nUS,1,Kyiv,US\n",
                       "t.csv:1: column \"side\" appears twice");
}

static void
test_empty_file_and_header_only_are_errors(void **state)
{
    (void)state;
    assert_parse_fails("", "t.csv: empty file");
    assert_parse_fails("\xEF\xBB\xBF\r\n  \n", "t.csv: empty file");
    assert_parse_fails("side,place,troops\n", "t.csv:1: no rows after the header");
    assert_parse_fails("side,place,troops\n\n,,\n", "t.csv:1: no rows after the header");
}

static void
test_wrong_field_count_names_line(void **state)
{
    (void)state;
    struct posture_error err;
    error_clear(&err);
    char *bytes;
    size_t size;
    assert_int_equal(files_read(TABLES "bench-deployments.csv", &bytes, &size, &err), POSTURE_OK);
    /* Line 7 loses its first field, the id. */
    char *line7 = bytes;
    for (int i = 1; i < 7; i++)
        line7 = strchr(line7, '\n') + 1;
    char *id_end = strchr(line7, ',') + 1;
    memmove(line7, id_end, strlen(id_end) + 1);
    assert_null(deployments_parse("table.csv", bytes, strlen(bytes), &err));
    assert_string_equal(err.message, "table.csv:7: expected 13 fields, found 12");
    free(bytes);
}

static void
test_side_is_required(void **state)
{
    (void)state;
    assert_parse_fails("side,place,troops\nUS,Kyiv,1\n ,Kyiv,1\n", "t.csv:3: side is empty");
}

static void
test_kind_must_match_the_places(void **state)
{
    (void)state;
    assert_parse_fails("side,kind,place,troops\nUS,move,Kyiv,1\n",
                       "t.csv:2: kind \"move\" is not position, movement or area");
    assert_parse_fails("side,kind,to,troops\nUS,movement,Kyiv,1\n",
                       "t.csv:2: a movement needs a from place");
    assert_parse_fails("side,kind,from,to,troops\nUS,Position,Lviv,Kyiv,1\n",
                       "t.csv:2: kind is \"Position\" but a from place is given");
    assert_parse_fails("side,kind,from,to,troops\nUS,movement,Lviv,,1\n",
                       "t.csv:2: no destination (to) given");
    assert_parse_fails("side,place,lon,lat,troops\nUS,,,,1\n", "t.csv:2: no place given");
    struct deployment_table *table =
        parse_ok("side,kind,from,to,troops\nUS,MOVEMENT,Lviv,Kyiv,1\n");
    assert_int_equal(table->rows[0].kind, DEPLOYMENT_MOVEMENT);
    deployments_destroy(table);
}

static void
test_coordinates_are_checked(void **state)
{
    (void)state;
    assert_parse_fails("side,lon,lat,troops\nUS,181,0,1\n",
                       "t.csv:2: lon: longitude 181 is outside [-180, 180]");
    assert_parse_fails("side,lon,lat,troops\nUS,0,-90.5,1\n",
                       "t.csv:2: lat: latitude -90.5 is outside [-90, 90]");
    assert_parse_fails("side,lon,lat,troops\nUS,nan,0,1\n", "t.csv:2: lon \"nan\" is not a number");
    assert_parse_fails("side,lon,lat,troops\nUS,0,inf,1\n", "t.csv:2: lat \"inf\" is not a number");
    assert_parse_fails("side,lon,lat,troops\nUS,0x1p3,0,1\n",
                       "t.csv:2: lon \"0x1p3\" is not a number");
    assert_parse_fails("side,lon,lat,troops\nUS,1e999,0,1\n",
                       "t.csv:2: lon \"1e999\" is not a number");
    assert_parse_fails("side,lon,lat,troops\nUS,5,,1\n", "t.csv:2: lon is given without lat");
    assert_parse_fails("side,place,troops\nUS,\"200, 10\",1\n",
                       "t.csv:2: place: longitude 200 is outside [-180, 180]");
    assert_parse_fails("side,place,lon,lat,troops\nUS,\"1, 2\",3,4,1\n",
                       "t.csv:2: place and lon give different coordinates");
    struct deployment_table *table = parse_ok("side,lon,lat,troops\nUS,-180,90,1\nUS,180,-90,1\n");
    deployments_destroy(table);
}

/* A latitude out of range was blamed on the lon column. */
static void
test_bug_a_bad_latitude_names_its_own_column(void **state)
{
    (void)state;
    assert_parse_fails("side,to_lon,to_lat,troops\nUS,33,91,1\n",
                       "t.csv:2: to_lat: latitude 91 is outside [-90, 90]");
    assert_parse_fails("side,place,troops\nUS,\"33, 95\",1\n",
                       "t.csv:2: place: latitude 95 is outside [-90, 90]");
}

static void
test_a_label_holds_at_most_200_bytes(void **state)
{
    (void)state;
    char text[512];
    snprintf(text, sizeof text, "side,place,troops,label\nUS,\"1, 2\",5,%0200d\n", 0);
    deployments_destroy(parse_ok(text));
    snprintf(text, sizeof text, "side,place,troops,label\nUS,\"1, 2\",5,%0201d\n", 0);
    assert_parse_fails(text, "t.csv:2: label is 201 bytes long; at most 200 fit beside a symbol");
}

static void
test_a_table_holds_at_most_100000_rows(void **state)
{
    (void)state;
    struct strbuf text;
    strbuf_init(&text);
    strbuf_puts(&text, "side,lon,lat,troops\n");
    for (int i = 0; i < 100000; i++)
        strbuf_puts(&text, "US,1,2,3\n");
    struct deployment_table *table = parse_ok(text.bytes);
    assert_int_equal(table->row_count, 100000);
    deployments_destroy(table);
    strbuf_puts(&text, "US,1,2,3\n");
    assert_parse_fails(text.bytes, "t.csv:100002: more than 100000 rows: a map cannot show them");
    strbuf_fini(&text);
}

static void
test_two_names_for_one_place_must_agree(void **state)
{
    (void)state;
    assert_parse_fails("side,place,to,troops\nUS,Kyiv,Lviv,1\n",
                       "t.csv:2: place \"Kyiv\" and to \"Lviv\" name different places");
    struct deployment_table *table = parse_ok("side,place,to_name,troops\nUS,Kyiv,Kyiv,1\n");
    assert_string_equal(table->rows[0].to.name, "Kyiv");
    deployments_destroy(table);
}

static void
test_dates_must_be_real(void **state)
{
    (void)state;
    struct deployment_table *table =
        parse_ok("side,place,troops,date,until\nUS,Kyiv,1,2024-02-29,2024-03-01\n"
                 "US,Kyiv,1,2000-02-29,\n");
    assert_string_equal(table->rows[0].date, "2024-02-29");
    assert_string_equal(table->rows[0].until, "2024-03-01");
    deployments_destroy(table);
    assert_parse_fails("side,place,troops,date\nUS,Kyiv,1,2022-02-30\n",
                       "t.csv:2: date \"2022-02-30\" is not a date (YYYY-MM-DD)");
    assert_parse_fails("side,place,troops,date\nUS,Kyiv,1,2023-02-29\n",
                       "t.csv:2: date \"2023-02-29\" is not a date (YYYY-MM-DD)");
    assert_parse_fails("side,place,troops,date\nUS,Kyiv,1,1900-02-29\n",
                       "t.csv:2: date \"1900-02-29\" is not a date (YYYY-MM-DD)");
    assert_parse_fails("side,place,troops,until\nUS,Kyiv,1,2022-2-2\n",
                       "t.csv:2: until \"2022-2-2\" is not a date (YYYY-MM-DD)");
    assert_parse_fails("side,place,troops,date\nUS,Kyiv,1,02/02/2022\n",
                       "t.csv:2: date \"02/02/2022\" is not a date (YYYY-MM-DD)");
    assert_parse_fails("side,place,troops,date,until\nUS,Kyiv,1,2022-02-10,2022-02-01\n",
                       "t.csv:2: until 2022-02-01 is before date 2022-02-10");
}

static void
test_first_error_is_the_earliest_row(void **state)
{
    (void)state;
    /* A bad troops value on line 2 comes before the broken quote further down. */
    assert_parse_fails("side,place,troops\nUS,Kyiv,lots\nUS,\"Lviv,1\n",
                       "t.csv:2: troops \"lots\" is not a number");
    assert_parse_fails("side,place,troops\nUS,Kyiv,1\nUS,\"Lviv,1\n",
                       "t.csv:3: unterminated quoted field");
    assert_parse_fails("side,place,troops\nUS,Kyiv,1\nUS,Rzesz\xF3w,1\n",
                       "t.csv:3: invalid UTF-8 (byte 0xF3)");
}

static struct gazetteer *
fixture_gazetteer(void)
{
    struct posture_error err;
    error_clear(&err);
    struct gazetteer *gazetteer = gazetteer_create();
    assert_int_equal(gazetteer_load(gazetteer, GAZETTEER "bases.csv", &err), POSTURE_OK);
    assert_int_equal(gazetteer_load(gazetteer, GAZETTEER "places.csv", &err), POSTURE_OK);
    return gazetteer;
}

static void
test_resolve_finds_names_in_the_gazetteer(void **state)
{
    (void)state;
    struct posture_error err;
    error_clear(&err);
    struct deployment_table *table = deployments_load(TABLES "names.csv", &err);
    if (table == NULL)
        fail_msg("%s", err.message);
    assert_int_equal(table->row_count, 4);
    assert_int_equal(table->rows[1].line, 4); /* the label of row 1 takes two lines */
    assert_string_equal(table->rows[0].label, "~1,000 US troops\nStryker squadron");
    assert_near(table->rows[3].troops, 300, 0);
    assert_int_equal(table->rows[3].kind, DEPLOYMENT_POSITION);
    assert_true(deployments_need_gazetteer(table));

    struct gazetteer *gazetteer = fixture_gazetteer();
    assert_int_equal(deployments_resolve(table, gazetteer, &err), POSTURE_OK);
    assert_false(deployments_need_gazetteer(table));
    const struct deployment *vilseck = &table->rows[0];
    assert_string_equal(vilseck->from.name, "Rose Barracks"); /* as written */
    assert_near(vilseck->from.at.lon_deg, 11.80, 1e-9);
    assert_near(vilseck->to.at.lon_deg, 28.4883, 1e-9);
    assert_near(table->rows[1].from.at.lon_deg, -79.006, 1e-9); /* the base, not the town */
    assert_near(table->rows[1].to.at.lat_deg, 50.04132, 1e-9);
    assert_near(table->rows[2].to.at.lon_deg, 23.68775, 1e-9); /* Brest in Belarus */
    assert_near(table->rows[3].to.at.lon_deg, 30.5238, 1e-9);
    gazetteer_destroy(gazetteer);
    deployments_destroy(table);
}

/* The message must be message, or start with it if is_prefix. */
static void
assert_resolve_fails_with(const char *text, const char *message, bool is_prefix)
{
    struct posture_error err;
    struct deployment_table *table = parse(text, &err);
    assert_non_null(table);
    struct gazetteer *gazetteer = fixture_gazetteer();
    assert_int_equal(deployments_resolve(table, gazetteer, &err), POSTURE_ERR_INPUT);
    if (is_prefix && strncmp(err.message, message, strlen(message)) == 0)
        assert_true(true);
    else
        assert_string_equal(err.message, message);
    gazetteer_destroy(gazetteer);
    deployments_destroy(table);
}

static void
assert_resolve_fails(const char *text, const char *message)
{
    assert_resolve_fails_with(text, message, false);
}

static void
test_unknown_place_suggests_close_names(void **state)
{
    (void)state;
    assert_resolve_fails("side,from,to,troops\n"
                         "US,Vilseck,Kyiv,1\n"
                         "\n"
                         "US,Vilseck,Rzeszuw,1\n",
                         "t.csv:4: unknown place \"Rzeszuw\"; did you mean \"Rzeszów\", "
                         "\"Rzeszotary\", \"Rzesznikowo\"?");
}

static void
test_unknown_place_without_close_names_says_so_alone(void **state)
{
    (void)state;
    assert_resolve_fails("side,place,troops\nUS,Qxqxqxqxqx,1\n",
                         "t.csv:2: unknown place \"Qxqxqxqxqx\"");
}

static void
test_unknown_from_place_is_reported_before_its_to_place(void **state)
{
    (void)state;
    assert_resolve_fails_with("side,from,to,troops\nUS,Vilsek,Rzeszuw,1\n",
                              "t.csv:2: unknown place \"Vilsek\"; did you mean \"Vilseck\", ",
                              true);
}

static void
test_place_in_the_wrong_country_is_unknown(void **state)
{
    (void)state;
    assert_resolve_fails_with("side,place,troops\nUS,\"Brest, Poland\",1\n",
                              "t.csv:2: unknown place \"Brest, Poland\"; did you mean \"Brest\", ",
                              true);
}

static void
test_resolve_without_gazetteer_reports_the_name(void **state)
{
    (void)state;
    struct posture_error err;
    struct deployment_table *table = parse("side,place,troops\nUS,Kyiv,1\n", &err);
    assert_int_equal(deployments_resolve(table, NULL, &err), POSTURE_ERR_INPUT);
    assert_string_equal(err.message, "t.csv:2: unknown place \"Kyiv\"");
    deployments_destroy(table);
}

static void
test_missing_table_is_missing(void **state)
{
    (void)state;
    struct posture_error err;
    error_clear(&err);
    assert_null(deployments_load(TABLES "does-not-exist.csv", &err));
    assert_int_equal(err.status, POSTURE_ERR_MISSING);
    deployments_destroy(NULL);
}

static void
test_shipped_default_table_resolves_with_shipped_gazetteer(void **state)
{
    (void)state;
    const char *table_path = POSTURE_SOURCE_DIR "/data/tables/eastern-flank-2022-02.csv";
    const char *bases = POSTURE_SOURCE_DIR "/data/bases.csv";
    const char *places = POSTURE_SOURCE_DIR "/data/gazetteer.csv";
    if (!files_exist(table_path) || !files_exist(bases) || !files_exist(places))
        skip();
    struct posture_error err;
    error_clear(&err);
    struct deployment_table *table = deployments_load(table_path, &err);
    if (table == NULL)
        fail_msg("%s", err.message);
    struct gazetteer *gazetteer = gazetteer_create();
    assert_int_equal(gazetteer_load(gazetteer, bases, &err), POSTURE_OK);
    assert_int_equal(gazetteer_load(gazetteer, places, &err), POSTURE_OK);
    if (deployments_resolve(table, gazetteer, &err) != POSTURE_OK)
        fail_msg("%s", err.message);
    gazetteer_destroy(gazetteer);
    deployments_destroy(table);
}

static void
test_an_area_row_names_a_place_with_a_side_and_no_troops(void **state)
{
    (void)state;
    struct deployment_table *table =
        parse_ok("id,kind,side,place,troops,label,date,until\n"
                 "dnb,Area,Russia,Separatist-held Donbas,,Held since 2014,2014-04-12,2022-02-23\n"
                 "x,position,US,\"24.0, 50.0\",100,,,\n");
    assert_int_equal(table->row_count, 2);
    const struct deployment *row = &table->rows[0];
    assert_int_equal(row->kind, DEPLOYMENT_AREA);
    assert_string_equal(row->to.name, "Separatist-held Donbas");
    assert_false(row->to.is_resolved);
    assert_string_equal(row->side, "Russia");
    assert_string_equal(row->label, "Held since 2014");
    assert_string_equal(row->until, "2022-02-23");
    assert_true(row->troops == 0);
    assert_string_equal(deployments_kind_name(row->kind), "area");
    /* An area's name is layout's to find, never the gazetteer's. */
    assert_false(deployments_need_gazetteer(table));
    deployments_destroy(table);
}

static void
test_an_area_row_takes_its_name_from_to_as_well(void **state)
{
    (void)state;
    struct deployment_table *table = parse_ok("kind,side,to,troops\narea,RU,Crimea,\n");
    assert_string_equal(table->rows[0].to.name, "Crimea");
    deployments_destroy(table);
}

static void
test_an_area_row_without_side_place_or_with_troops_fails(void **state)
{
    (void)state;
    assert_parse_fails("kind,side,place,troops\narea,,Donbas,\n",
                       "t.csv:2: an area needs a side (its hatch is drawn in the side's colour)");
    assert_parse_fails("kind,side,place,troops\narea,RU,,\n",
                       "t.csv:2: an area needs a place: a feature of a [layer.*] or a country");
    assert_parse_fails("kind,side,place,troops\narea,RU,Donbas,5000\n",
                       "t.csv:2: an area has no troops: leave it empty");
    assert_parse_fails("kind,side,from,place,troops\narea,RU,Rostov,Donbas,\n",
                       "t.csv:2: an area has no from: leave it empty");
    assert_parse_fails("kind,side,place,to,troops\narea,RU,Donbas,Crimea,\n",
                       "t.csv:2: an area has one place, not \"Donbas\" and \"Crimea\"");
    assert_parse_fails("kind,side,place,troops,date\narea,RU,Donbas,,2014-13-01\n",
                       "t.csv:2: date \"2014-13-01\" is not a date (YYYY-MM-DD)");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_bench_table_parses),
        cmocka_unit_test(test_columns_may_come_in_any_order_and_case),
        cmocka_unit_test(test_kind_is_inferred_from_a_from_place),
        cmocka_unit_test(test_place_may_be_lon_lat_text),
        cmocka_unit_test(test_coordinates_win_over_a_name_which_is_kept),
        cmocka_unit_test(test_troops_accepts_plain_numbers),
        cmocka_unit_test(test_troops_accepts_thousands_separators),
        cmocka_unit_test(test_troops_accepts_approximations),
        cmocka_unit_test(test_troops_accepts_thousands_and_millions_in_words),
        cmocka_unit_test(test_troops_rejects_words),
        cmocka_unit_test(test_troops_rejects_malformed_groups),
        cmocka_unit_test(test_troops_must_be_positive),
        cmocka_unit_test(test_troops_must_be_whole_and_at_most_ten_million),
        cmocka_unit_test(test_header_must_name_side_troops_and_a_place),
        cmocka_unit_test(test_empty_file_and_header_only_are_errors),
        cmocka_unit_test(test_wrong_field_count_names_line),
        cmocka_unit_test(test_side_is_required),
        cmocka_unit_test(test_kind_must_match_the_places),
        cmocka_unit_test(test_an_area_row_names_a_place_with_a_side_and_no_troops),
        cmocka_unit_test(test_an_area_row_takes_its_name_from_to_as_well),
        cmocka_unit_test(test_an_area_row_without_side_place_or_with_troops_fails),
        cmocka_unit_test(test_coordinates_are_checked),
        cmocka_unit_test(test_bug_a_bad_latitude_names_its_own_column),
        cmocka_unit_test(test_a_label_holds_at_most_200_bytes),
        cmocka_unit_test(test_a_table_holds_at_most_100000_rows),
        cmocka_unit_test(test_two_names_for_one_place_must_agree),
        cmocka_unit_test(test_dates_must_be_real),
        cmocka_unit_test(test_first_error_is_the_earliest_row),
        cmocka_unit_test(test_resolve_finds_names_in_the_gazetteer),
        cmocka_unit_test(test_unknown_place_suggests_close_names),
        cmocka_unit_test(test_unknown_place_without_close_names_says_so_alone),
        cmocka_unit_test(test_unknown_from_place_is_reported_before_its_to_place),
        cmocka_unit_test(test_place_in_the_wrong_country_is_unknown),
        cmocka_unit_test(test_resolve_without_gazetteer_reports_the_name),
        cmocka_unit_test(test_missing_table_is_missing),
        cmocka_unit_test(test_shipped_default_table_resolves_with_shipped_gazetteer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
