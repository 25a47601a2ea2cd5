#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "batch/template.h"
#include "core/error.h"

static const struct template_values VALUES = {
    .name = "poland",
    .date = "2022-02-10",
    .preset = "1200x675",
    .width_px = 1200,
    .height_px = 675,
    .index = 7,
};

static void
assert_expands(const char *text, const char *expected)
{
    struct posture_error err;
    error_clear(&err);
    char *out = NULL;
    assert_int_equal(template_expand(text, &VALUES, "-o", &out, &err), POSTURE_OK);
    assert_string_equal(out, expected);
    free(out);
}

static void
assert_refused(const char *text, const struct template_values *values, const char *message)
{
    struct posture_error err;
    error_clear(&err);
    char *out = NULL;
    assert_int_equal(template_expand(text, values, "-o", &out, &err), POSTURE_ERR_USAGE);
    assert_null(out);
    assert_string_equal(err.message, message);
}

static void
test_every_placeholder_is_replaced(void **state)
{
    (void)state;
    assert_expands("out/{name}-{date}.png", "out/poland-2022-02-10.png");
    assert_expands("{preset}/{width}x{height}-{index}.svg", "1200x675/1200x675-7.svg");
    assert_expands("plain.pdf", "plain.pdf");
}

static void
test_doubled_braces_are_literal(void **state)
{
    (void)state;
    assert_expands("{{name}}.svg", "{name}.svg");
}

static void
test_unknown_and_unset_placeholders_are_refused(void **state)
{
    (void)state;
    assert_refused("{colour}.png", &VALUES,
                   "-o: \"{colour}.png\": unknown placeholder (use {name}, {date}, {preset}, "
                   "{width}, {height} or {index})");
    struct template_values none;
    memset(&none, 0, sizeof none);
    assert_refused("{date}.png", &none, "-o: \"{date}.png\": {date} has no value here");
    assert_refused("a}.png", &VALUES, "-o: \"a}.png\": a lone \"}\" (write \"}}\")");
    assert_refused("{name.png", &VALUES,
                   "-o: \"{name.png\": unknown placeholder (use {name}, {date}, {preset}, "
                   "{width}, {height} or {index})");
}

static void
test_paths_must_stay_inside(void **state)
{
    (void)state;
    struct posture_error err;
    error_clear(&err);
    assert_int_equal(template_check_inside("out/a/b.png", "outputs", &err), POSTURE_OK);
    assert_int_equal(template_check_inside("out/..a/b.png", "outputs", &err), POSTURE_OK);
    assert_int_equal(template_check_inside("out/../../b.png", "outputs", &err), POSTURE_ERR_USAGE);
    assert_non_null(strstr(err.message, "leaves the output directory"));
    error_clear(&err);
    assert_int_equal(template_check_inside("..", "outputs", &err), POSTURE_ERR_USAGE);
    error_clear(&err);
    assert_int_equal(template_check_inside("/etc/passwd", "outputs", &err), POSTURE_ERR_USAGE);
    assert_non_null(strstr(err.message, "is absolute"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_placeholder_is_replaced),
        cmocka_unit_test(test_doubled_braces_are_literal),
        cmocka_unit_test(test_unknown_and_unset_placeholders_are_refused),
        cmocka_unit_test(test_paths_must_stay_inside),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
