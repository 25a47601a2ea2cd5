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
#include "data/style.h"

#define assert_near(actual, expected, tolerance)                                                   \
    assert_true(fabs((double)(actual) - (double)(expected)) <= (tolerance))

#define STYLES POSTURE_TEST_DATA_DIR "/styles/"

static int
load_default(void **state)
{
    struct posture_error err;
    error_clear(&err);
    struct style *style = style_create();
    if (style_load(style, STYLES "default.ini", &err) != POSTURE_OK)
        fail_msg("%s", err.message);
    *state = style;
    return 0;
}

static int
destroy_style(void **state)
{
    style_destroy(*state);
    return 0;
}

static enum posture_status
parse(void **state, const char *path, const char *text, struct posture_error *err)
{
    error_clear(err);
    return style_parse(*state, path, text, strlen(text), err);
}

static void
assert_parse_fails(void **state, const char *text, const char *message)
{
    struct posture_error err;
    assert_int_equal(parse(state, "x.ini", text, &err), POSTURE_ERR_INPUT);
    assert_string_equal(err.message, message);
}

static double
number(void **state, const char *section, const char *key)
{
    struct posture_error err;
    error_clear(&err);
    double value = NAN;
    if (style_number(*state, section, key, &value, &err) != POSTURE_OK)
        fail_msg("%s", err.message);
    return value;
}

static void
test_style_default_defines_the_keys(void **state)
{
    assert_near(number(state, "page", "width_px"), 1600, 0);
    assert_string_equal(style_get(*state, "group.other", "members"), "*");
    assert_string_equal(style_get(*state, "map", "lang"), "");
    assert_null(style_get(*state, "page", "colour"));
    assert_null(style_get(*state, "nowhere", "width_px"));
}

static void
test_style_strips_comments_and_quotes(void **state)
{
    assert_string_equal(style_get(*state, "fonts", "family"), "Noto Sans, DejaVu Sans");
    assert_string_equal(style_get(*state, "page", "title"), "Eastern flank ; February 2022");
    assert_string_equal(style_get(*state, "page", "background"), "#ffffff"); /* '#' is no comment */
    struct posture_error err;
    assert_int_equal(
        parse(state, "x.ini", "[page]\ntitle = 'single quotes' ; note\nbackground = a;b\n", &err),
        POSTURE_OK);
    assert_string_equal(style_get(*state, "page", "title"), "single quotes");
    assert_string_equal(style_get(*state, "page", "background"), "a;b");
}

static void
test_style_quoted_value_may_end_the_file(void **state)
{
    /* The quote is the last byte: nothing may be read after it (found by fuzzing). */
    static const char text[] = "[page]\ntitle=\"a ;b\"";
    size_t size = sizeof text - 1; /* no NUL after the closing quote */
    char *bytes = malloc(size);
    memcpy(bytes, text, size);
    struct posture_error err;
    error_clear(&err);
    assert_int_equal(style_parse(*state, "x.ini", bytes, size, &err), POSTURE_OK);
    assert_string_equal(style_get(*state, "page", "title"), "a ;b");
    free(bytes);
}

static void
test_style_indented_line_continues_a_value(void **state)
{
    assert_string_equal(style_get(*state, "map", "members"), "EST LVA LTU POL SVK HUN ROU BGR");
}

static void
test_style_indented_key_is_a_key(void **state)
{
    struct posture_error err;
    assert_int_equal(parse(state, "x.ini", "[page]\n  width_px = 10\n  height_px = 20\n", &err),
                     POSTURE_OK);
    assert_near(number(state, "page", "width_px"), 10, 0);
    assert_near(number(state, "page", "height_px"), 20, 0);
}

static void
test_style_override_replaces_one_key(void **state)
{
    struct posture_error err;
    error_clear(&err);
    assert_int_equal(style_load(*state, STYLES "override.ini", &err), POSTURE_OK);
    assert_near(number(state, "page", "width_px"), 800, 0);
    assert_near(number(state, "page", "height_px"), 1200, 0);
    assert_string_equal(style_get(*state, "fonts", "family"), "Noto Sans, DejaVu Sans");
    /* Messages about the value name the file that set it. */
    assert_int_equal(parse(state, "y.ini", "[page]\nheight_px = tall\n", &err), POSTURE_OK);
    double value;
    assert_int_equal(style_number(*state, "page", "height_px", &value, &err), POSTURE_ERR_INPUT);
    assert_string_equal(err.message, "y.ini:2: [page] height_px: \"tall\" is not a number");
}

static void
test_style_unknown_key_names_file_and_line(void **state)
{
    struct posture_error err;
    error_clear(&err);
    assert_int_equal(style_load(*state, STYLES "unknown-key-far-down.ini", &err),
                     POSTURE_ERR_INPUT);
    assert_string_equal(err.message,
                        STYLES "unknown-key-far-down.ini:12: unknown key \"colour\" in [page]");
}

static void
test_style_unknown_key_suggests_a_close_one(void **state)
{
    assert_parse_fails(state, "[page]\nwidht_px = 3\n",
                       "x.ini:2: unknown key \"widht_px\" in [page]; did you mean \"width_px\"?");
}

static void
test_style_unknown_section_names_its_line(void **state)
{
    assert_parse_fails(state, "; comment\n[pgae]\n\nwidth_px = 3\n",
                       "x.ini:2: unknown section [pgae]");
    assert_parse_fails(state, "[side]\nlabel = x\n", "x.ini:1: unknown section [side]");
}

static void
test_style_override_may_add_group_and_side_sections(void **state)
{
    struct posture_error err;
    error_clear(&err);
    assert_int_equal(style_load(*state, STYLES "new-sections.ini", &err), POSTURE_OK);
    const char *names[8];
    assert_int_equal(style_sections(*state, "side.", names, 8), 3);
    assert_string_equal(names[0], "side.us");
    assert_string_equal(names[1], "side.russia");
    assert_string_equal(names[2], "side.nato");
    assert_int_equal(style_sections(*state, "group.", names, 8), 3);
    assert_string_equal(names[2], "group.baltic");
    assert_string_equal(style_get(*state, "group.baltic", "members"), "EST LVA LTU");
    /* A side may set a key only another side has in the default. */
    assert_string_equal(style_get(*state, "side.nato", "outline"), "#ffffff");
}

static void
test_style_names_section_takes_any_key(void **state)
{
    struct posture_error err;
    error_clear(&err);
    assert_int_equal(parse(state, "x.ini", "[names]\nKyiv = Kiev\nUKR = Ukraina\n", &err),
                     POSTURE_OK);
    assert_string_equal(style_get(*state, "names", "Kyiv"), "Kiev");
    assert_string_equal(style_get(*state, "names", "UKR"), "Ukraina");
}

static void
test_style_new_section_keys_must_exist_in_its_kind(void **state)
{
    assert_parse_fails(state, "[side.nato]\nlabel = NATO\nsymbol = square\n",
                       "x.ini:3: unknown key \"symbol\" in [side.nato]");
    assert_parse_fails(state, "[group.x]\ncolour = #fff\n",
                       "x.ini:2: unknown key \"colour\" in [group.x]");
    assert_parse_fails(state, "[label.x]\nsize_pt = 3\n",
                       "x.ini:2: unknown key \"size_pt\" in [label.x]");
}

static void
test_style_failed_file_changes_nothing(void **state)
{
    assert_parse_fails(state, "[page]\nwidth_px = 1\n[side.new]\nlabel = New\n[page]\nbad = 1\n",
                       "x.ini:6: unknown key \"bad\" in [page]");
    assert_near(number(state, "page", "width_px"), 1600, 0);
    const char *names[8];
    assert_int_equal(style_sections(*state, "side.", names, 8), 2);
}

static void
test_style_duplicate_key_in_one_file_last_wins(void **state)
{
    struct posture_error err;
    assert_int_equal(parse(state, "x.ini", "[page]\nwidth_px = 1\nwidth_px = oops\n", &err),
                     POSTURE_OK);
    double value;
    assert_int_equal(style_number(*state, "page", "width_px", &value, &err), POSTURE_ERR_INPUT);
    assert_string_equal(err.message, "x.ini:3: [page] width_px: \"oops\" is not a number");
}

static void
test_style_typed_getters_name_file_and_line(void **state)
{
    struct posture_error err;
    error_clear(&err);
    assert_int_equal(style_load(*state, STYLES "bad-values.ini", &err), POSTURE_OK);
    double width;
    struct rgba colour;
    bool in_legend;
    assert_int_equal(style_number(*state, "page", "width_px", &width, &err), POSTURE_ERR_INPUT);
    assert_string_equal(err.message,
                        STYLES "bad-values.ini:2: [page] width_px: \"wide\" is not a number");
    error_clear(&err);
    assert_int_equal(style_colour(*state, "page", "background", &colour, &err), POSTURE_ERR_INPUT);
    assert_string_equal(err.message, STYLES "bad-values.ini:3: [page] background: \"blue\" is "
                                            "not a colour (#rgb, #rrggbb, #rrggbbaa or none)");
    error_clear(&err);
    assert_int_equal(style_bool(*state, "group.other", "in_legend", &in_legend, &err),
                     POSTURE_ERR_INPUT);
    assert_string_equal(err.message, STYLES "bad-values.ini:6: [group.other] in_legend: "
                                            "\"maybe\" is not true or false (yes/no, on/off, 1/0)");
}

static void
test_style_missing_key_names_the_default_file(void **state)
{
    struct posture_error err;
    error_clear(&err);
    const char *text;
    assert_int_equal(style_string(*state, "page", "colour", &text, &err), POSTURE_ERR_INPUT);
    assert_null(text);
    assert_string_equal(err.message, STYLES "default.ini: missing key \"colour\" in [page]");
    error_clear(&err);
    assert_int_equal(style_string(*state, "page", "background", &text, &err), POSTURE_OK);
    assert_string_equal(text, "#ffffff");
}

static void
set(void **state, const char *key, const char *value)
{
    struct posture_error err;
    char assignment[256];
    snprintf(assignment, sizeof assignment, "page.%s=%s", key, value);
    error_clear(&err);
    if (style_set(*state, assignment, &err) != POSTURE_OK)
        fail_msg("%s", err.message);
}

static struct rgba
colour_of(void **state, const char *value)
{
    set(state, "background", value);
    struct posture_error err;
    error_clear(&err);
    struct rgba colour = {-1, -1, -1, -1};
    if (style_colour(*state, "page", "background", &colour, &err) != POSTURE_OK)
        fail_msg("%s", err.message);
    return colour;
}

static void
assert_colour(struct rgba actual, double r, double g, double b, double a)
{
    assert_near(actual.r, r, 1e-9);
    assert_near(actual.g, g, 1e-9);
    assert_near(actual.b, b, 1e-9);
    assert_near(actual.a, a, 1e-9);
}

static void
test_style_reads_colours(void **state)
{
    assert_colour(colour_of(state, "#ffffff"), 1, 1, 1, 1);
    assert_colour(colour_of(state, "#FF8000"), 1, 128 / 255.0, 0, 1);
    assert_colour(colour_of(state, "#f80"), 1, 136 / 255.0, 0, 1);
    assert_colour(colour_of(state, "#ffffff99"), 1, 1, 1, 153 / 255.0);
    assert_colour(colour_of(state, "none"), 0, 0, 0, 0);
    assert_colour(colour_of(state, "None"), 0, 0, 0, 0);
    static const char *const bad[] = {"#12", "#ggg", "red", "#fffff", "ffffff", "#1234567", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        set(state, "background", bad[i]);
        struct posture_error err;
        error_clear(&err);
        struct rgba colour;
        assert_int_equal(style_colour(*state, "page", "background", &colour, &err),
                         POSTURE_ERR_INPUT);
    }
}

static bool
bool_of(void **state, const char *value, enum posture_status expected)
{
    set(state, "width_px", value);
    struct posture_error err;
    error_clear(&err);
    bool result = false;
    assert_int_equal(style_bool(*state, "page", "width_px", &result, &err), expected);
    return result;
}

static void
test_style_reads_booleans(void **state)
{
    static const char *const truths[] = {"true", "yes", "on", "1", "TRUE", "Yes"};
    static const char *const falsehoods[] = {"false", "no", "off", "0", "False", "OFF"};
    for (size_t i = 0; i < sizeof truths / sizeof truths[0]; i++) {
        assert_true(bool_of(state, truths[i], POSTURE_OK));
        assert_false(bool_of(state, falsehoods[i], POSTURE_OK));
    }
    bool_of(state, "2", POSTURE_ERR_INPUT);
    bool_of(state, "", POSTURE_ERR_INPUT);
    bool_of(state, "y", POSTURE_ERR_INPUT);
}

static void
test_style_reads_finite_numbers_only(void **state)
{
    set(state, "width_px", "-2.5");
    assert_near(number(state, "page", "width_px"), -2.5, 0);
    set(state, "width_px", "1e3");
    assert_near(number(state, "page", "width_px"), 1000, 0);
    static const char *const bad[] = {"inf",  "nan", "-infinity", "0x10",
                                      "12px", "",    "1e999",     "1,5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        set(state, "width_px", bad[i]);
        struct posture_error err;
        error_clear(&err);
        double value;
        assert_int_equal(style_number(*state, "page", "width_px", &value, &err), POSTURE_ERR_INPUT);
    }
}

static void
test_style_set_overrides_from_the_command_line(void **state)
{
    struct posture_error err;
    error_clear(&err);
    assert_int_equal(style_set(*state, "page.width_px=800", &err), POSTURE_OK);
    assert_near(number(state, "page", "width_px"), 800, 0);
    assert_int_equal(style_set(*state, " side.us.colour = \"#ff0000\" ", &err), POSTURE_OK);
    assert_string_equal(style_get(*state, "side.us", "colour"), "#ff0000");
    assert_int_equal(style_set(*state, "side.nato.label=NATO", &err), POSTURE_OK);
    assert_string_equal(style_get(*state, "side.nato", "label"), "NATO");
    assert_int_equal(style_set(*state, "page.width_px=a=b", &err), POSTURE_OK);
    assert_string_equal(style_get(*state, "page", "width_px"), "a=b");
    double value;
    assert_int_equal(style_number(*state, "page", "width_px", &value, &err), POSTURE_ERR_INPUT);
    assert_string_equal(err.message, "--set: [page] width_px: \"a=b\" is not a number");
}

static void
test_style_set_checks_like_an_overriding_file(void **state)
{
    static const char *const cases[][2] = {
        {"page.colour=#000", "--set: unknown key \"colour\" in [page]"},
        {"pgae.width_px=1", "--set: unknown section [pgae]"},
        {"width_px=1", "--set: expected section.key=value, not \"width_px=1\""},
        {"page.width_px", "--set: expected section.key=value, not \"page.width_px\""},
        {".width_px=1", "--set: expected section.key=value, not \".width_px=1\""},
        {"page.=1", "--set: expected section.key=value, not \"page.=1\""},
        {"page.title=\"open", "--set: [page] title: unbalanced quotes"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct posture_error err;
        error_clear(&err);
        assert_int_equal(style_set(*state, cases[i][0], &err), POSTURE_ERR_USAGE);
        assert_string_equal(err.message, cases[i][1]);
    }
}

static void
test_style_sections_come_in_first_seen_order(void **state)
{
    const char *names[8];
    assert_int_equal(style_sections(*state, "group.", names, 8), 2);
    assert_string_equal(names[0], "group.eastern_flank");
    assert_string_equal(names[1], "group.other");
    assert_int_equal(style_sections(*state, "group.", names, 1), 1);
    assert_string_equal(names[0], "group.eastern_flank");
    assert_int_equal(style_sections(*state, "", names, 8), 7);
    assert_int_equal(style_sections(*state, "label.", names, 8), 0);
}

static void
test_style_syntax_errors_name_their_line(void **state)
{
    assert_parse_fails(state, "[page]\nwidth_px = 1\n[fonts\n",
                       "x.ini:3: expected \"key = value\" "
                       "or \"[section]\"");
    assert_parse_fails(state, "[page]\nwidth_px\n",
                       "x.ini:2: expected \"key = value\" or "
                       "\"[section]\"");
    /* The earlier of a syntax error and an unknown key wins, whichever inih reports. */
    assert_parse_fails(state, "[page]\ncolour = 1\nwidth_px\n",
                       "x.ini:2: unknown key \"colour\" in [page]");
    assert_parse_fails(state, "[page]\nwidth_px\ncolour = 1\n",
                       "x.ini:2: expected \"key = value\" or \"[section]\"");
    assert_parse_fails(state, "width_px = 1\n", "x.ini:1: \"width_px\" is outside any [section]");
    assert_parse_fails(state, "[page]\ntitle = \"open\n",
                       "x.ini:2: [page] title: unbalanced quotes (a \" ;\" inside quotes starts a "
                       "comment)");
}

static void
test_style_line_longer_than_inih_reads_is_an_error(void **state)
{
    struct strbuf text;
    strbuf_init(&text);
    strbuf_puts(&text, "[page]\ntitle = ");
    for (int i = 0; i < 300; i++)
        strbuf_puts(&text, "x");
    strbuf_puts(&text, "\n");
    struct posture_error err;
    assert_int_equal(parse(state, "x.ini", text.bytes, &err), POSTURE_ERR_INPUT);
    assert_string_equal(err.message, "x.ini:2: line longer than 198 bytes");
    strbuf_fini(&text);
    /* 198 bytes are fine, with "\r\n" too. */
    strbuf_init(&text);
    strbuf_puts(&text, "[page]\r\ntitle = ");
    while (text.length < 8 + 198)
        strbuf_puts(&text, "y");
    strbuf_puts(&text, "\r\n");
    assert_int_equal(parse(state, "x.ini", text.bytes, &err), POSTURE_OK);
    assert_int_equal(strlen(style_get(*state, "page", "title")), 198 - 8);
    strbuf_fini(&text);
}

static void
test_style_section_name_longer_than_inih_keeps_is_an_error(void **state)
{
    char text[128];
    snprintf(text, sizeof text, "[group.%s]\nlabel = x\n",
             "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
    assert_parse_fails(state, text, "x.ini:1: section name longer than 49 bytes");
}

static void
test_style_reads_bom_crlf_and_invalid_utf8(void **state)
{
    struct posture_error err;
    assert_int_equal(parse(state, "x.ini", "\xEF\xBB\xBF[page]\r\nwidth_px = 5\r\n", &err),
                     POSTURE_OK);
    assert_near(number(state, "page", "width_px"), 5, 0);
    assert_parse_fails(state, "[page]\n\ntitle = Rzesz\xF3w\n",
                       "x.ini:3: invalid UTF-8 (byte 0xF3)");
    const char nul[] = "[page]\nwidth_px = 1\x00\n";
    error_clear(&err);
    assert_int_equal(style_parse(*state, "x.ini", nul, sizeof nul - 1, &err), POSTURE_ERR_INPUT);
    assert_string_equal(err.message, "x.ini:2: NUL byte: not UTF-8 text (UTF-16?)");
}

static void
test_style_missing_file_is_missing(void **state)
{
    struct posture_error err;
    error_clear(&err);
    assert_int_equal(style_load(*state, STYLES "does-not-exist.ini", &err), POSTURE_ERR_MISSING);
    style_destroy(NULL);
}

static void
test_style_first_file_may_be_empty(void **state)
{
    (void)state;
    struct style *style = style_create();
    struct posture_error err;
    error_clear(&err);
    assert_int_equal(style_parse(style, "empty.ini", NULL, 0, &err), POSTURE_OK);
    const char *text = "[page]\nwidth_px = 1\n";
    assert_int_equal(style_parse(style, "x.ini", text, strlen(text), &err), POSTURE_ERR_INPUT);
    assert_string_equal(err.message, "x.ini:1: unknown section [page]");
    style_destroy(style);
}

static void
test_shipped_styles_override_the_default(void **state)
{
    (void)state;
    static const char *const overrides[] = {
        POSTURE_SOURCE_DIR "/bench/eastern-flank.ini",
        POSTURE_SOURCE_DIR "/data/styles/dark.ini",
    };
    const char *default_path = POSTURE_SOURCE_DIR "/data/styles/default.ini";
    if (!files_exist(default_path))
        skip();
    for (size_t i = 0; i < sizeof overrides / sizeof overrides[0]; i++) {
        struct style *style = style_create();
        struct posture_error err;
        error_clear(&err);
        if (style_load(style, default_path, &err) != POSTURE_OK)
            fail_msg("%s", err.message);
        if (files_exist(overrides[i]) && style_load(style, overrides[i], &err) != POSTURE_OK)
            fail_msg("%s", err.message);
        const char *names[64];
        size_t count = style_sections(style, "group.", names, 64);
        assert_true(count > 0);
        for (size_t g = 0; g < count; g++) {
            struct rgba fill;
            if (style_colour(style, names[g], "fill", &fill, &err) != POSTURE_OK)
                fail_msg("%s", err.message);
        }
        style_destroy(style);
    }
}

int
main(void)
{
#define STYLE_TEST(name) cmocka_unit_test_setup_teardown(name, load_default, destroy_style)
    const struct CMUnitTest tests[] = {
        STYLE_TEST(test_style_default_defines_the_keys),
        STYLE_TEST(test_style_strips_comments_and_quotes),
        STYLE_TEST(test_style_quoted_value_may_end_the_file),
        STYLE_TEST(test_style_indented_line_continues_a_value),
        STYLE_TEST(test_style_indented_key_is_a_key),
        STYLE_TEST(test_style_override_replaces_one_key),
        STYLE_TEST(test_style_unknown_key_names_file_and_line),
        STYLE_TEST(test_style_unknown_key_suggests_a_close_one),
        STYLE_TEST(test_style_unknown_section_names_its_line),
        STYLE_TEST(test_style_override_may_add_group_and_side_sections),
        STYLE_TEST(test_style_names_section_takes_any_key),
        STYLE_TEST(test_style_new_section_keys_must_exist_in_its_kind),
        STYLE_TEST(test_style_failed_file_changes_nothing),
        STYLE_TEST(test_style_duplicate_key_in_one_file_last_wins),
        STYLE_TEST(test_style_typed_getters_name_file_and_line),
        STYLE_TEST(test_style_missing_key_names_the_default_file),
        STYLE_TEST(test_style_reads_colours),
        STYLE_TEST(test_style_reads_booleans),
        STYLE_TEST(test_style_reads_finite_numbers_only),
        STYLE_TEST(test_style_set_overrides_from_the_command_line),
        STYLE_TEST(test_style_set_checks_like_an_overriding_file),
        STYLE_TEST(test_style_sections_come_in_first_seen_order),
        STYLE_TEST(test_style_syntax_errors_name_their_line),
        STYLE_TEST(test_style_line_longer_than_inih_reads_is_an_error),
        STYLE_TEST(test_style_section_name_longer_than_inih_keeps_is_an_error),
        STYLE_TEST(test_style_reads_bom_crlf_and_invalid_utf8),
        STYLE_TEST(test_style_missing_file_is_missing),
        cmocka_unit_test(test_style_first_file_may_be_empty),
        cmocka_unit_test(test_shipped_styles_override_the_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
