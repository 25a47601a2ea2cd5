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
#include "report/alt_text.h"

static const char TABLE[] =
    "id,kind,side,from,to,troops,date,until\n"
    "stryker,movement,US,Vilseck,\"28.5, 44.4\",1000,2022-02-02,\n"
    "yelnya,position,Russia,,Yelnya,\"25,000\",2022-02-03,\n"
    "brest,position,Russia,,\"Brest, Belarus\",10000,2022-02-03,2022-02-20\n";

static void
test_describes_title_date_movements_positions_and_groups(void **state)
{
    (void)state;
    struct posture_error err;
    error_clear(&err);
    struct deployment_table *table = deployments_parse("t.csv", TABLE, sizeof TABLE - 1, &err);
    assert_non_null(table);
    const char *nouns[] = {"US troops", "Russian troops", "Russian troops"};
    const char *groups[] = {"NATO eastern flank", "Ukraine"};
    struct alt_text_input input = {
        .title = "NATO's eastern flank",
        .date = "2\xE2\x80\x93"
                "3 February 2022",
        .table = table,
        .troop_nouns = nouns,
        .groups = groups,
        .group_count = 2,
    };
    char *text = alt_text_describe(&input);
    assert_string_equal(text,
                        "Map: NATO's eastern flank (2\xE2\x80\x93"
                        "3 February 2022). About 1,000 "
                        "US troops move from Vilseck to 44.40\xC2\xB0N 28.50\xC2\xB0"
                        "E. About "
                        "25,000 Russian troops at Yelnya; about 10,000 Russian troops at Brest, "
                        "Belarus until 20 February 2022. Countries by group: NATO eastern flank, "
                        "Ukraine.");
    free(text);
    deployments_destroy(table);
}

static void
test_long_tables_are_counted_not_listed(void **state)
{
    (void)state;
    char csv[8192] = "side,place,troops\n";
    for (int i = 0; i < ALT_TEXT_MAX_LISTED + 3; i++) {
        size_t length = strlen(csv);
        snprintf(csv + length, sizeof csv - length, "US,\"%d.0, 50.0\",100\n", i);
    }
    struct posture_error err;
    error_clear(&err);
    struct deployment_table *table = deployments_parse("t.csv", csv, strlen(csv), &err);
    assert_non_null(table);
    struct alt_text_input input = {.title = "Title.", .date = "", .table = table};
    char *text = alt_text_describe(&input);
    assert_non_null(strstr(text, "Map: Title. About 100 troops at 50.00"));
    assert_non_null(strstr(text, "; and 3 more positions."));
    free(text);
    deployments_destroy(table);
}

static void
test_troop_noun_drops_the_parenthesis(void **state)
{
    (void)state;
    char noun[64];
    alt_text_troop_noun("Russian troops (estimates)", noun, sizeof noun);
    assert_string_equal(noun, "Russian troops");
    alt_text_troop_noun("US troops", noun, sizeof noun);
    assert_string_equal(noun, "US troops");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_describes_title_date_movements_positions_and_groups),
        cmocka_unit_test(test_long_tables_are_counted_not_listed),
        cmocka_unit_test(test_troop_noun_drops_the_parenthesis),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
