#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "render/text_shaping.h"

static struct text_style
label_style(double size_pt, int weight)
{
    struct text_style style = {
        .family = "Noto Sans, DejaVu Sans",
        .size_pt = size_pt,
        .weight = weight,
        .colour = {0, 0, 0, 1},
    };
    return style;
}

static int
setup_shaper(void **state)
{
    *state = text_shaper_create();
    return *state == NULL;
}

static int
teardown_shaper(void **state)
{
    text_shaper_destroy(*state);
    return 0;
}

static struct text_extent
measure(void **state, const char *text, const struct text_style *style)
{
    struct text_measure tm = text_shaper_measure(*state);
    return text_measure_line(&tm, text, style);
}

static void
test_width_grows_with_text_length(void **state)
{
    struct text_style style = label_style(10, 400);
    double short_pt = measure(state, "Kyiv", &style).width_pt;
    double long_pt = measure(state, "Kyiv Oblast", &style).width_pt;
    assert_true(short_pt > 0);
    assert_true(long_pt > short_pt);
}

static void
test_bold_is_wider_than_regular(void **state)
{
    struct text_style regular = label_style(10, 400);
    struct text_style bold = label_style(10, 700);
    assert_true(measure(state, "Rzeszów", &bold).width_pt >
                measure(state, "Rzeszów", &regular).width_pt);
}

static void
test_size_20_is_about_twice_size_10(void **state)
{
    struct text_style small = label_style(10, 400);
    struct text_style large = label_style(20, 400);
    struct text_extent at_10 = measure(state, "Suwałki Gap", &small);
    struct text_extent at_20 = measure(state, "Suwałki Gap", &large);
    assert_float_equal(at_20.width_pt / at_10.width_pt, 2.0, 0.01);
    assert_float_equal(at_20.ascent_pt / at_10.ascent_pt, 2.0, 0.05);
}

static void
test_cyrillic_text_measures_more_than_zero(void **state)
{
    struct text_style style = label_style(10, 400);
    struct text_extent extent = measure(state, "Україна", &style);
    assert_true(extent.width_pt > 20);
    assert_true(extent.ascent_pt > 5);
}

static void
test_measure_is_identical_across_calls(void **state)
{
    struct text_style style = label_style(9.5, 400);
    struct text_style other = label_style(14, 700);
    struct text_extent first = measure(state, "Baltic Sea", &style);
    (void)measure(state, "Something else", &other);
    struct text_extent second = measure(state, "Baltic Sea", &style);
    assert_memory_equal(&first, &second, sizeof first);
}

static void
test_two_shapers_measure_alike(void **state)
{
    struct text_style style = label_style(11, 400);
    struct text_shaper *other = text_shaper_create();
    struct text_measure tm = text_shaper_measure(other);
    struct text_extent theirs = text_measure_line(&tm, "Kaliningrad", &style);
    struct text_extent ours = measure(state, "Kaliningrad", &style);
    text_shaper_destroy(other);
    assert_memory_equal(&theirs, &ours, sizeof ours);
}

static void
test_ascent_and_descent_come_from_the_ink(void **state)
{
    struct text_style style = label_style(20, 400);
    struct text_extent lower = measure(state, "x", &style);
    struct text_extent capital = measure(state, "X", &style);
    struct text_extent with_tail = measure(state, "g", &style);
    assert_true(capital.ascent_pt > lower.ascent_pt);
    assert_true(lower.ascent_pt > 8);    /* x-height of a 20 pt font */
    assert_true(capital.ascent_pt < 20); /* the ink, not the line height */
    assert_float_equal(lower.descent_pt, 0.0, 0.5);
    assert_true(with_tail.descent_pt > 3);
}

static void
test_letter_spacing_widens_text(void **state)
{
    struct text_style plain = label_style(10, 400);
    struct text_style spaced = plain;
    spaced.letter_spacing_pt = 2;
    double plain_pt = measure(state, "LATVIA", &plain).width_pt;
    double spaced_pt = measure(state, "LATVIA", &spaced).width_pt;
    /* Pango spaces between letters: 5 or 6 gaps of 2 pt. */
    assert_true(spaced_pt > plain_pt + 9.5);
    assert_true(spaced_pt < plain_pt + 12.5);
}

static void
test_empty_text_measures_zero(void **state)
{
    struct text_style style = label_style(10, 400);
    struct text_extent extent = measure(state, "", &style);
    assert_float_equal(extent.width_pt, 0.0, 1e-9);
    assert_float_equal(extent.ascent_pt, 0.0, 1e-9);
    assert_float_equal(extent.descent_pt, 0.0, 1e-9);
}

static void
test_invalid_utf8_is_measured_as_a_replacement_character(void **state)
{
    struct text_style style = label_style(10, 400);
    struct text_extent extent = measure(state, "Kyiv\xff", &style);
    assert_true(extent.width_pt > measure(state, "Kyiv", &style).width_pt);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_width_grows_with_text_length, setup_shaper,
                                        teardown_shaper),
        cmocka_unit_test_setup_teardown(test_bold_is_wider_than_regular, setup_shaper,
                                        teardown_shaper),
        cmocka_unit_test_setup_teardown(test_size_20_is_about_twice_size_10, setup_shaper,
                                        teardown_shaper),
        cmocka_unit_test_setup_teardown(test_cyrillic_text_measures_more_than_zero, setup_shaper,
                                        teardown_shaper),
        cmocka_unit_test_setup_teardown(test_measure_is_identical_across_calls, setup_shaper,
                                        teardown_shaper),
        cmocka_unit_test_setup_teardown(test_two_shapers_measure_alike, setup_shaper,
                                        teardown_shaper),
        cmocka_unit_test_setup_teardown(test_ascent_and_descent_come_from_the_ink, setup_shaper,
                                        teardown_shaper),
        cmocka_unit_test_setup_teardown(test_letter_spacing_widens_text, setup_shaper,
                                        teardown_shaper),
        cmocka_unit_test_setup_teardown(test_empty_text_measures_zero, setup_shaper,
                                        teardown_shaper),
        cmocka_unit_test_setup_teardown(test_invalid_utf8_is_measured_as_a_replacement_character,
                                        setup_shaper, teardown_shaper),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
