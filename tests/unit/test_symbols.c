#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assert_near.h"
#include "layout/furniture.h"
#include "layout/labels.h"
#include "layout/legend.h"
#include "layout/symbols.h"

/* True if value is 1, 2 or 5 times a power of ten. */
static bool
is_one_two_five(double value)
{
    if (!(value > 0))
        return false;
    double magnitude = pow(10, floor(log10(value) + 1e-12));
    double mantissa = value / magnitude;
    return fabs(mantissa - 1) < 1e-9 || fabs(mantissa - 2) < 1e-9 || fabs(mantissa - 5) < 1e-9;
}

/* The next value up the 1-2-5 series. */
static double
next_one_two_five(double value)
{
    double magnitude = pow(10, floor(log10(value) + 1e-12));
    double mantissa = value / magnitude;
    return (mantissa < 1.5 ? 2 : (mantissa < 3.5 ? 5 : 10)) * magnitude;
}

static void
test_circle_area_is_proportional_to_troops(void **state)
{
    (void)state;
    double small = symbols_radius_pt(1000, 10000, 13);
    double large = symbols_radius_pt(100000, 10000, 13);
    assert_near(large / small, 10, 1e-12);
    assert_near((large * large) / (small * small), 100, 1e-9);
    /* Any pair: area ratio = troops ratio. */
    static const double troops[] = {150, 800, 4700, 12000, 37500, 190000};
    for (size_t i = 0; i < sizeof troops / sizeof *troops; i++) {
        for (size_t j = 0; j < sizeof troops / sizeof *troops; j++) {
            double ri = symbols_radius_pt(troops[i], 10000, 13);
            double rj = symbols_radius_pt(troops[j], 10000, 13);
            assert_near((ri * ri) / (rj * rj), troops[i] / troops[j], 1e-9);
        }
    }
}

static void
test_reference_troops_get_the_reference_radius(void **state)
{
    (void)state;
    assert_near(symbols_radius_pt(10000, 10000, 13), 13, 1e-12);
    assert_near(symbols_radius_pt(40000, 10000, 13), 26, 1e-12);
    assert_near(symbols_radius_pt(2500, 10000, 13), 6.5, 1e-12);
    assert_near(symbols_radius_pt(5000, 5000, 8), 8, 1e-12);
}

static void
test_zero_or_negative_troops_give_no_circle(void **state)
{
    (void)state;
    assert_near(symbols_radius_pt(0, 10000, 13), 0, 0);
    assert_near(symbols_radius_pt(-500, 10000, 13), 0, 0);
    assert_near(symbols_radius_pt(1000, 0, 13), 0, 0);
    assert_near(symbols_radius_pt(1000, -10000, 13), 0, 0);
}

/* What any key must be: largest first, none above the largest deployment or below the floor
 * (100 troops, or half the smallest deployment), each circle at most 1/2.4 of the one before so
 * the rings can be told apart, and the first close to the largest deployment. */
static void
assert_usable_key(const double *values, size_t count, double max_troops, double min_troops)
{
    assert_true(count >= 1 && count <= 3);
    assert_true(values[0] <= max_troops);
    assert_true(values[0] > max_troops / 2.5);
    for (size_t i = 0; i < count; i++) {
        assert_true(values[i] >= fmax(100, min_troops * 0.5));
        if (i > 0)
            assert_true(values[i] <= values[i - 1] / 2.4 + 1e-9);
    }
}

static void
test_legend_key_values_for_10000_troops_start_at_10000(void **state)
{
    (void)state;
    double values[3];
    size_t count = legend_key_values(10000, 0, values);
    assert_int_equal(count, 3);
    assert_near(values[0], 10000, 1e-9);
    assert_usable_key(values, count, 10000, 0);
    count = legend_key_values(70000, 0, values);
    assert_near(values[0], 50000, 1e-9);
    assert_usable_key(values, count, 70000, 0);
}

static void
test_legend_key_values_descend_from_near_the_largest_deployment(void **state)
{
    (void)state;
    for (double max = 120; max < 2e6; max *= 1.37) {
        double values[3];
        size_t count = legend_key_values(max, 0, values);
        assert_usable_key(values, count, max, 0);
        assert_true(max < 1000 || count >= 2); /* room for a second ring */
    }
}

static void
test_legend_key_values_stop_at_100_troops(void **state)
{
    (void)state;
    double values[3];
    size_t count = legend_key_values(150, 0, values);
    assert_int_equal(count, 1);
    assert_near(values[0], 100, 1e-9);
    count = legend_key_values(5000, 0, values);
    assert_usable_key(values, count, 5000, 0);
    assert_near(values[count - 1], 500, 1e-9);
}

static void
test_legend_key_values_stop_well_below_the_smallest_deployment(void **state)
{
    (void)state;
    /* Nothing smaller than half the smallest number on the map gets a ring. */
    double values[3];
    size_t count = legend_key_values(50000, 20000, values);
    assert_near(values[0], 50000, 1e-9);
    assert_usable_key(values, count, 50000, 20000);
    count = legend_key_values(50000, 49000, values);
    assert_int_equal(count, 1);
}

static void
test_legend_key_values_are_empty_without_troops(void **state)
{
    (void)state;
    double values[3] = {-1, -1, -1};
    assert_int_equal(legend_key_values(0, 0, values), 0);
    assert_int_equal(legend_key_values(-10, 0, values), 0);
}

/* True if value is 1, 2, 2.5 or 5 times a power of ten: the legend's series. */
static bool
is_legend_round(double value)
{
    if (!(value > 0))
        return false;
    double magnitude = pow(10, floor(log10(value) + 1e-12));
    double mantissa = value / magnitude;
    return is_one_two_five(value) || fabs(mantissa - 2.5) < 1e-9;
}

static void
test_legend_key_values_are_round_and_far_enough_apart(void **state)
{
    (void)state;
    double values[3];
    size_t count = legend_key_values(25000, 0, values);
    assert_usable_key(values, count, 25000, 0);
    assert_near(values[0], 25000, 1e-9); /* the largest round value not above the maximum */
    for (double max = 120; max < 2e6; max *= 1.37) {
        count = legend_key_values(max, 0, values);
        assert_true(count >= 1);
        assert_true(values[0] <= max);
        for (size_t i = 0; i < count; i++) {
            assert_true(is_legend_round(values[i]));
            if (i > 0)
                assert_true(values[i - 1] / values[i] >= 2.4 - 1e-9);
        }
    }
}

static void
test_scale_bar_lengths_are_round_and_not_above_the_target(void **state)
{
    (void)state;
    assert_near(furniture_round_length_m(370000), 200000, 1e-6);
    assert_near(furniture_round_length_m(123456), 100000, 1e-6);
    assert_near(furniture_round_length_m(99999), 50000, 1e-6);
    assert_near(furniture_round_length_m(5000), 5000, 1e-6);
    assert_near(furniture_round_length_m(1000), 1000, 1e-6);
    assert_near(furniture_round_length_m(2999), 2000, 1e-6);
    for (double target = 3.7; target < 5e7; target *= 1.173) {
        double length = furniture_round_length_m(target);
        assert_true(length <= target);
        assert_true(is_one_two_five(length));
        assert_true(next_one_two_five(length) > target); /* the largest such length */
    }
}

static void
test_scale_bar_length_for_nothing_is_zero(void **state)
{
    (void)state;
    assert_near(furniture_round_length_m(0), 0, 0);
    assert_near(furniture_round_length_m(-5), 0, 0);
}

/* A layout around an in-memory style, a fake fixed-width font and an LAEA map of Poland. */
static const char test_style[] = "[fonts]\n"
                                 "family = Test Sans\n"
                                 "[symbols]\n"
                                 "reference_troops = 10000\n"
                                 "reference_radius_pt = 13\n"
                                 "min_radius_pt = 3.5\n"
                                 "opacity = 0.5\n"
                                 "outline_width_pt = 1\n"
                                 "[labels]\n"
                                 "size_pt = 10\n"
                                 "colour = #000000\n"
                                 "weight = 700\n"
                                 "halo = #ffffff\n"
                                 "halo_width_pt = 2\n"
                                 "detail_size_pt = 8\n"
                                 "detail_colour = #333333\n"
                                 "detail_weight = 400\n"
                                 "detail_halo = #ffffff\n"
                                 "detail_halo_width_pt = 2\n"
                                 "leader = #555555\n"
                                 "[side.us]\n"
                                 "label = US forces\n"
                                 "names = US|USA|United States\n"
                                 "colour = #163e74\n"
                                 "outline = #ffffff\n"
                                 "[side.russia]\n"
                                 "label = Russian forces\n"
                                 "names = RU|Russia|Russian Federation\n"
                                 "colour = #b8322a\n"
                                 "outline = #6d1a14\n";

static struct text_extent
fixed_width_measure(void *context, const char *text, const struct text_style *style)
{
    (void)context;
    struct text_extent extent = {0.6 * style->size_pt * (double)strlen(text), 0.8 * style->size_pt,
                                 0.2 * style->size_pt};
    return extent;
}

struct fixture {
    struct style *style;
    struct projection *projection;
    struct text_measure measure;
    struct posture_error err;
    struct layout layout;
    size_t warning_count;
    char last_warning[512];
};

static void
record_warning(void *context, const char *message)
{
    struct fixture *f = context;
    f->warning_count++;
    snprintf(f->last_warning, sizeof f->last_warning, "%s", message);
}

static int
setup_layout(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    f->style = style_create();
    if (style_parse(f->style, "test.ini", test_style, strlen(test_style), &f->err) != POSTURE_OK) {
        print_error("%s\n", f->err.message);
        return -1;
    }
    f->projection =
        projection_create("+proj=laea +lat_0=52 +lon_0=19 +datum=WGS84", "test", &f->err);
    if (f->projection == NULL)
        return -1;
    f->measure.measure = fixed_width_measure;
    f->layout.scene = scene_create(1000, 800);
    f->layout.style = f->style;
    f->layout.measure = &f->measure;
    f->layout.projection = f->projection;
    f->layout.labels = label_solver_create();
    f->layout.warn = record_warning;
    f->layout.warn_context = f;
    f->layout.err = &f->err;
    struct lonlat_box poland = {14, 49, 24.2, 55};
    struct page_box frame = {20, 20, 980, 780};
    if (viewport_fit(&f->layout.viewport, f->projection, poland, frame, &f->err) != POSTURE_OK)
        return -1;
    *state = f;
    return 0;
}

static int
teardown_layout(void **state)
{
    struct fixture *f = *state;
    label_solver_destroy(f->layout.labels);
    scene_destroy(f->layout.scene);
    projection_destroy(f->projection);
    style_destroy(f->style);
    free(f);
    return 0;
}

static void
test_radius_for_troops_follows_the_style_and_its_minimum(void **state)
{
    struct fixture *f = *state;
    assert_near(symbols_radius_for(&f->layout, 10000), 13, 1e-12);
    assert_near(symbols_radius_for(&f->layout, 40000), 26, 1e-12);
    /* 100 troops would be 1.3 pt across: too small to see, so the minimum. */
    assert_near(symbols_radius_for(&f->layout, 100), 3.5, 1e-12);
    assert_near(symbols_radius_for(&f->layout, 0), 3.5, 1e-12);
    assert_int_equal(f->err.status, POSTURE_OK);
}

static void
test_sides_are_read_from_the_style_in_order(void **state)
{
    struct fixture *f = *state;
    struct side_set sides;
    sides_read(&f->layout, &sides);
    assert_int_equal(f->err.status, POSTURE_OK);
    assert_int_equal(sides.count, 2);
    assert_string_equal(sides.sides[0].section, "side.us");
    assert_string_equal(sides.sides[0].label, "US forces");
    assert_near(sides.sides[0].colour.r, 0x16 / 255.0, 1e-12);
    assert_near(sides.sides[0].colour.a, 1, 0);
    assert_string_equal(sides.sides[1].section, "side.russia");
    assert_false(sides.sides[1].is_used);
}

static struct deployment
make_row(const char *id, const char *side, const char *place, double lon, double lat, double troops,
         size_t line)
{
    struct deployment row;
    memset(&row, 0, sizeof row);
    row.kind = DEPLOYMENT_POSITION;
    row.id = (char *)id;
    row.side = (char *)side;
    row.to.name = (char *)place;
    row.to.at.lon_deg = lon;
    row.to.at.lat_deg = lat;
    row.to.is_resolved = true;
    row.troops = troops;
    row.label = (char *)"";
    row.date = row.until = row.source = (char *)"";
    row.from.name = (char *)"";
    row.line = line;
    return row;
}

static void
test_a_side_is_found_by_key_or_any_of_its_names_folded(void **state)
{
    struct fixture *f = *state;
    struct side_set sides;
    sides_read(&f->layout, &sides);
    struct deployment_table table = {(char *)"table.csv", NULL, 0};
    static const char *const us_spellings[] = {"US", "us", "USA", "United States",
                                               "united  states"};
    for (size_t i = 0; i < sizeof us_spellings / sizeof *us_spellings; i++) {
        struct deployment row = make_row("a", us_spellings[i], "Rzeszow", 22, 50, 100, 2);
        struct map_side *side = sides_find(&f->layout, &sides, &table, &row);
        assert_non_null(side);
        assert_string_equal(side->section, "side.us");
    }
    struct deployment row = make_row("b", "Russian Federation", "", 20.5, 54.7, 100, 3);
    assert_string_equal(sides_find(&f->layout, &sides, &table, &row)->section, "side.russia");
    assert_true(sides.sides[0].is_used);
    assert_true(sides.sides[1].is_used);
    assert_int_equal(f->err.status, POSTURE_OK);
}

static void
test_an_unknown_side_fails_naming_the_table_line(void **state)
{
    struct fixture *f = *state;
    struct side_set sides;
    sides_read(&f->layout, &sides);
    struct deployment_table table = {(char *)"table.csv", NULL, 0};
    struct deployment row = make_row("a", "Martians", "Rzeszow", 22, 50, 100, 17);
    assert_null(sides_find(&f->layout, &sides, &table, &row));
    assert_int_equal(f->err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(f->err.message, "table.csv:17"));
    assert_non_null(strstr(f->err.message, "Martians"));
}

static const struct scene_item *
find_item(const struct scene *scene, const char *id)
{
    for (size_t i = 0; i < scene->item_count; i++)
        if (scene->items[i].id != NULL && strcmp(scene->items[i].id, id) == 0)
            return &scene->items[i];
    return NULL;
}

static bool
has_text(const struct scene *scene, const char *text)
{
    for (size_t i = 0; i < scene->item_count; i++)
        if (scene->items[i].kind == ITEM_TEXT && strcmp(scene->items[i].text, text) == 0)
            return true;
    return false;
}

static void
test_positions_become_circles_sized_by_troops_with_labels(void **state)
{
    struct fixture *f = *state;
    struct side_set sides;
    sides_read(&f->layout, &sides);
    struct deployment rows[3] = {
        make_row("rzeszow", "US", "Rzeszow", 22.0, 50.04, 40000, 2),
        make_row("orzysz", "US", "Orzysz", 21.94, 53.81, 2500, 3),
        make_row("madrid", "US", "Madrid", -3.70, 40.42, 1000, 4), /* off the map */
    };
    rows[1].label = (char *)"Battle group\nOrzysz";
    struct deployment_table table = {(char *)"table.csv", rows, 3};
    symbols_draw(&f->layout, &table, &sides);
    assert_int_equal(f->err.status, POSTURE_OK);
    assert_true(sides.sides[0].has_positions);

    const struct scene_item *big = find_item(f->layout.scene, "position-rzeszow");
    const struct scene_item *small = find_item(f->layout.scene, "position-orzysz");
    assert_non_null(big);
    assert_non_null(small);
    assert_null(find_item(f->layout.scene, "position-madrid"));
    assert_int_equal(big->kind, ITEM_CIRCLE);
    assert_int_equal(big->layer, LAYER_POSITIONS);
    assert_near(big->radius_pt, 26, 1e-9);
    assert_near(small->radius_pt, 6.5, 1e-9);
    struct page_xy at = viewport_project(&f->layout.viewport, f->projection, rows[0].to.at);
    assert_near(big->centre.x, at.x, 1e-9);
    assert_near(big->centre.y, at.y, 1e-9);
    assert_near(big->paint.fill.a, 0.5, 1e-12); /* the style's opacity */
    assert_near(big->paint.stroke_width_pt, 1, 0);

    assert_int_equal(f->warning_count, 1);
    assert_non_null(strstr(f->last_warning, "table.csv:4"));
    assert_non_null(strstr(f->last_warning, "Madrid"));

    /* The labels: a default one from troops and side, and the row's own on two lines. */
    struct page_box bounds = f->layout.viewport.frame;
    assert_int_equal(labels_place(f->layout.labels, &f->layout, bounds), 0);
    assert_true(has_text(f->layout.scene, "~40,000 troops"));
    assert_true(has_text(f->layout.scene, "US forces"));
    assert_true(has_text(f->layout.scene, "Battle group"));
    assert_true(has_text(f->layout.scene, "Orzysz"));
    /* No label box covers a circle. */
    const struct page_box *boxes;
    size_t box_count = labels_placed_boxes(f->layout.labels, &boxes);
    assert_int_equal(box_count, 2);
    const struct scene_item *circles[2] = {big, small};
    for (size_t b = 0; b < box_count; b++) {
        for (size_t c = 0; c < 2; c++) {
            double x = fmax(boxes[b].x0, fmin(circles[c]->centre.x, boxes[b].x1));
            double y = fmax(boxes[b].y0, fmin(circles[c]->centre.y, boxes[b].y1));
            assert_true(hypot(x - circles[c]->centre.x, y - circles[c]->centre.y) >=
                        circles[c]->radius_pt);
        }
    }
}

static void
test_a_position_of_an_unknown_side_stops_the_drawing_with_an_error(void **state)
{
    struct fixture *f = *state;
    struct side_set sides;
    sides_read(&f->layout, &sides);
    struct deployment rows[2] = {
        make_row("a", "Martians", "Rzeszow", 22.0, 50.04, 4000, 9),
        make_row("b", "US", "Orzysz", 21.94, 53.81, 2500, 10),
    };
    struct deployment_table table = {(char *)"mars.csv", rows, 2};
    symbols_draw(&f->layout, &table, &sides);
    assert_int_equal(f->err.status, POSTURE_ERR_INPUT);
    assert_non_null(strstr(f->err.message, "mars.csv:9"));
    assert_int_equal(f->layout.scene->item_count, 0);
}

#define LAYOUT_TEST(name) cmocka_unit_test_setup_teardown(name, setup_layout, teardown_layout)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_circle_area_is_proportional_to_troops),
        cmocka_unit_test(test_reference_troops_get_the_reference_radius),
        cmocka_unit_test(test_zero_or_negative_troops_give_no_circle),
        cmocka_unit_test(test_legend_key_values_for_10000_troops_start_at_10000),
        cmocka_unit_test(test_legend_key_values_descend_from_near_the_largest_deployment),
        cmocka_unit_test(test_legend_key_values_stop_at_100_troops),
        cmocka_unit_test(test_legend_key_values_stop_well_below_the_smallest_deployment),
        cmocka_unit_test(test_legend_key_values_are_empty_without_troops),
        cmocka_unit_test(test_legend_key_values_are_round_and_far_enough_apart),
        cmocka_unit_test(test_scale_bar_lengths_are_round_and_not_above_the_target),
        cmocka_unit_test(test_scale_bar_length_for_nothing_is_zero),
        LAYOUT_TEST(test_radius_for_troops_follows_the_style_and_its_minimum),
        LAYOUT_TEST(test_sides_are_read_from_the_style_in_order),
        LAYOUT_TEST(test_a_side_is_found_by_key_or_any_of_its_names_folded),
        LAYOUT_TEST(test_an_unknown_side_fails_naming_the_table_line),
        LAYOUT_TEST(test_positions_become_circles_sized_by_troops_with_labels),
        LAYOUT_TEST(test_a_position_of_an_unknown_side_stops_the_drawing_with_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
