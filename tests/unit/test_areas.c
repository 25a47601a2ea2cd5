#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "assert_near.h"
#include "data/deployments.h"
#include "layout/areas.h"

static void
test_a_where_is_split_into_field_and_value_trimmed(void **state)
{
    (void)state;
    char field[32], value[32];
    assert_true(areas_parse_where(" ADM1_NAME = Donets'ka ", field, value, sizeof field));
    assert_string_equal(field, "ADM1_NAME");
    assert_string_equal(value, "Donets'ka");
    assert_true(areas_parse_where("KIND=", field, value, sizeof field));
    assert_string_equal(field, "KIND");
    assert_string_equal(value, "");
}

static void
test_an_empty_where_filters_nothing(void **state)
{
    (void)state;
    char field[32], value[32];
    assert_true(areas_parse_where("  ", field, value, sizeof field));
    assert_string_equal(field, "");
}

static void
test_a_where_without_equals_or_field_or_too_long_is_refused(void **state)
{
    (void)state;
    char field[8], value[8];
    assert_false(areas_parse_where("KIND", field, value, sizeof field));
    assert_false(areas_parse_where("=river", field, value, sizeof field));
    assert_false(areas_parse_where("A_VERY_LONG_FIELD=x", field, value, sizeof field));
    assert_false(areas_parse_where("KIND=a long value", field, value, sizeof field));
}

static void
test_a_dash_is_two_lengths_or_nothing(void **state)
{
    (void)state;
    double dash[2];
    assert_true(areas_parse_dash("3, 2", dash));
    assert_near(dash[0], 3, 1e-9 /* pt */);
    assert_near(dash[1], 2, 1e-9 /* pt */);
    assert_true(areas_parse_dash("", dash));
    assert_near(dash[0] + dash[1], 0, 1e-9 /* pt */);
    assert_false(areas_parse_dash("3", dash));
    assert_false(areas_parse_dash("3, -2", dash));
    assert_false(areas_parse_dash("0, 0", dash));
    assert_false(areas_parse_dash("3, 2, 1", dash));
    assert_false(areas_parse_dash("dotted", dash));
}

static void
test_legend_rows_count_each_label_and_side_once(void **state)
{
    (void)state;
    const char *csv = "kind,side,place,troops,label\n"
                      "area,RU,A,,Held\n"
                      "area,RU,B,,Held\n"
                      "area,US,C,,Held\n"
                      "area,RU,D,,Annexed\n"
                      "position,RU,\"30, 50\",100,Held\n";
    struct posture_error err = {0};
    struct deployment_table *table = deployments_parse("t.csv", csv, strlen(csv), &err);
    assert_non_null(table);
    assert_int_equal(areas_count_legend_rows(table), 3);
    deployments_destroy(table);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_where_is_split_into_field_and_value_trimmed),
        cmocka_unit_test(test_an_empty_where_filters_nothing),
        cmocka_unit_test(test_a_where_without_equals_or_field_or_too_long_is_refused),
        cmocka_unit_test(test_a_dash_is_two_lengths_or_nothing),
        cmocka_unit_test(test_legend_rows_count_each_label_and_side_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
