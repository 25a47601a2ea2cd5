#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "data/deployments.h"
#include "filter/filter.h"

static const char TABLE[] =
    "id,kind,side,from,to,troops,date,until,source\n"
    "stryker,movement,US,\"12.0, 49.6\",\"28.5, 44.4\",1000,2022-02-02,,Pentagon\n"
    "yelnya,position,Russia,,\"33.0, 54.6\",25000,2022-02-03,,press\n"
    "brest,position,Russia,,\"23.7, 52.1\",10000,2022-02-03,2022-02-20,press\n"
    "undated,position,NATO,,\"24.1, 56.9\",500,,,\n";

static struct deployment_table *
parse_table(void)
{
    struct posture_error err;
    error_clear(&err);
    struct deployment_table *table = deployments_parse("t.csv", TABLE, sizeof TABLE - 1, &err);
    assert_non_null(table);
    return table;
}

/* The ids of the rows left, joined by spaces. */
static void
kept_ids(const struct deployment_table *table, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0; i < table->row_count; i++) {
        size_t length = strlen(out);
        snprintf(out + length, size - length, "%s%s", i ? " " : "", table->rows[i].id);
    }
}

static void
assert_kept(const char *const *where, size_t count, const char *as_of, const char *expected)
{
    struct deployment_table *table = parse_table();
    filter_apply(table, where, count, as_of);
    char ids[256];
    kept_ids(table, ids, sizeof ids);
    assert_string_equal(ids, expected);
    deployments_destroy(table);
}

static void
test_where_matches_ignoring_case_and_accents(void **state)
{
    (void)state;
    const char *where[] = {"side=RUSSIA"};
    assert_kept(where, 1, NULL, "yelnya brest");
    const char *folded[] = {"Side = russiá"};
    assert_kept(folded, 1, NULL, "yelnya brest");
}

static void
test_where_takes_any_of_several_values(void **state)
{
    (void)state;
    const char *where[] = {"id=stryker|undated"};
    assert_kept(where, 1, NULL, "stryker undated");
}

static void
test_several_where_must_all_match(void **state)
{
    (void)state;
    const char *where[] = {"side=russia", "date=2022-02-03", "until=2022-02-20"};
    assert_kept(where, 3, NULL, "brest");
    const char *kind[] = {"kind=movement"};
    assert_kept(kind, 1, NULL, "stryker");
}

static void
test_where_with_empty_value_keeps_empty_cells(void **state)
{
    (void)state;
    const char *where[] = {"source="};
    assert_kept(where, 1, NULL, "undated");
}

static void
test_as_of_keeps_what_stands_that_day(void **state)
{
    (void)state;
    assert_kept(NULL, 0, "2022-02-01", "undated");
    assert_kept(NULL, 0, "2022-02-02", "stryker undated");
    assert_kept(NULL, 0, "2022-02-03", "stryker yelnya brest undated");
    assert_kept(NULL, 0, "2022-02-20", "stryker yelnya brest undated");
    assert_kept(NULL, 0, "2022-02-21", "stryker yelnya undated");
}

static void
test_where_rejects_unknown_columns_and_missing_equals(void **state)
{
    (void)state;
    struct posture_error err;
    error_clear(&err);
    assert_int_equal(filter_check_where("colour=red", &err), POSTURE_ERR_USAGE);
    assert_non_null(strstr(err.message, "unknown column \"colour\""));
    error_clear(&err);
    assert_int_equal(filter_check_where("side", &err), POSTURE_ERR_USAGE);
    assert_non_null(strstr(err.message, "expected column=value"));
    error_clear(&err);
    assert_int_equal(filter_check_where("place=Rzeszów", &err), POSTURE_OK);
}

static void
test_dates_must_exist(void **state)
{
    (void)state;
    assert_true(filter_is_date("2024-02-29"));
    assert_false(filter_is_date("2023-02-29"));
    assert_false(filter_is_date("2022-13-01"));
    assert_false(filter_is_date("2022-2-1"));
    assert_false(filter_is_date("2022-02-01x"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_where_matches_ignoring_case_and_accents),
        cmocka_unit_test(test_where_takes_any_of_several_values),
        cmocka_unit_test(test_several_where_must_all_match),
        cmocka_unit_test(test_where_with_empty_value_keeps_empty_cells),
        cmocka_unit_test(test_as_of_keeps_what_stands_that_day),
        cmocka_unit_test(test_where_rejects_unknown_columns_and_missing_equals),
        cmocka_unit_test(test_dates_must_exist),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
