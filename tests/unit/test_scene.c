#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "scene/scene.h"

static struct scene_paint
solid(void)
{
    struct scene_paint paint;
    memset(&paint, 0, sizeof paint);
    paint.pattern = PATTERN_SOLID;
    paint.fill = rgba_make(0, 0, 0, 1);
    return paint;
}

/* A hidden item (a place's dot whose name was dropped) leaves the sorted items, and the others
 * keep their order and ids. */
static void
test_a_hidden_item_is_left_out_of_the_drawing_order(void **state)
{
    (void)state;
    struct scene *scene = scene_create(100, 100);
    struct scene_paint paint = solid();
    struct scene_item *a =
        scene_add_circle(scene, LAYER_POSITIONS, "place-a", (struct page_xy){10, 10}, 2, &paint);
    size_t a_index = scene_item_index(scene, a);
    (void)scene_add_circle(scene, LAYER_POSITIONS, "place-b", (struct page_xy){20, 20}, 2, &paint);
    struct scene_item *c =
        scene_add_circle(scene, LAYER_BACKGROUND, "page", (struct page_xy){50, 50}, 50, &paint);
    size_t c_index = scene_item_index(scene, c);
    assert_int_equal(a_index, 0);
    assert_int_equal(c_index, 2);
    scene_hide_item(scene, a_index);
    scene_hide_item(scene, 99); /* out of range: nothing */
    size_t count = 0;
    const struct scene_item *items = scene_items_sorted(scene, &count);
    assert_int_equal(count, 2);
    assert_string_equal(items[0].id, "page"); /* background first */
    assert_string_equal(items[1].id, "place-b");
    /* Sorting again gives the same. */
    items = scene_items_sorted(scene, &count);
    assert_int_equal(count, 2);
    assert_string_equal(items[1].id, "place-b");
    scene_destroy(scene);
}

static void
test_hiding_every_item_leaves_an_empty_drawing(void **state)
{
    (void)state;
    struct scene *scene = scene_create(100, 100);
    struct scene_paint paint = solid();
    struct scene_item *only =
        scene_add_circle(scene, LAYER_POSITIONS, "only", (struct page_xy){10, 10}, 2, &paint);
    scene_hide_item(scene, scene_item_index(scene, only));
    size_t count = 7;
    (void)scene_items_sorted(scene, &count);
    assert_int_equal(count, 0);
    scene_destroy(scene);
}

/* A subpath ends where the next begins, the last at the last point; a start past the points
 * (a geometry built by hand) ends there too. */
static void
test_a_subpath_ends_where_the_next_begins(void **state)
{
    (void)state;
    struct page_xy points[7] = {{0, 0}};
    size_t starts[3] = {0, 3, 5};
    struct scene_geometry g = {.points = points,
                               .point_count = 7,
                               .subpath_starts = starts,
                               .subpath_count = 3,
                               .is_closed = true,
                               .open_subpath_count = 1};
    assert_int_equal(scene_subpath_end(&g, 0), 3);
    assert_int_equal(scene_subpath_end(&g, 1), 5);
    assert_int_equal(scene_subpath_end(&g, 2), 7);
    assert_true(scene_subpath_is_closed(&g, 1));
    assert_false(scene_subpath_is_closed(&g, 2));
    g.point_count = 4; /* fewer points than the starts say */
    assert_int_equal(scene_subpath_end(&g, 1), 4);
    assert_int_equal(scene_subpath_end(&g, 2), 4);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_hidden_item_is_left_out_of_the_drawing_order),
        cmocka_unit_test(test_hiding_every_item_leaves_an_empty_drawing),
        cmocka_unit_test(test_a_subpath_ends_where_the_next_begins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
