#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "layout/obstacle_grid.h"

/* xorshift64*: the same numbers on every libc, unlike rand(). */
static uint64_t
next_random(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 2685821657736338717ull;
}

static double
uniform(uint64_t *state, double lo, double hi)
{
    return lo + (hi - lo) * (double)(next_random(state) >> 11) / 9007199254740992.0;
}

/* A query that records which boxes it was offered and reports a hit only for `wanted`. */
struct record {
    const struct page_box *boxes;
    size_t box_count;
    unsigned char *offered;
    size_t wanted;
    size_t calls;
};

static bool
note(void *context, size_t index)
{
    struct record *r = context;
    assert_true(index < r->box_count);
    r->offered[index] = 1;
    r->calls++;
    return index == r->wanted;
}

static bool
overlaps(struct page_box a, struct page_box b)
{
    return fmin(a.x0, a.x1) <= fmax(b.x0, b.x1) && fmin(b.x0, b.x1) <= fmax(a.x0, a.x1) &&
           fmin(a.y0, a.y1) <= fmax(b.y0, b.y1) && fmin(b.y0, b.y1) <= fmax(a.y0, a.y1);
}

static struct page_box
random_box(uint64_t *state, double page_pt, double size_pt)
{
    double x = uniform(state, -page_pt / 4, page_pt), y = uniform(state, -page_pt / 4, page_pt);
    struct page_box b = {x, y, x + uniform(state, 0, size_pt), y + uniform(state, 0, size_pt)};
    return b;
}

static void
test_every_box_touching_a_query_is_offered_to_it(void **state)
{
    (void)state;
    enum { BOXES = 3000, QUERIES = 400 };
    uint64_t seed = 42;
    struct page_box *boxes = malloc(BOXES * sizeof *boxes);
    struct obstacle_grid grid;
    obstacle_grid_init(&grid);
    for (size_t i = 0; i < BOXES; i++) {
        /* mostly small, some larger than the grid takes cell by cell, some inverted */
        boxes[i] = random_box(&seed, 3000, i % 50 == 0 ? 900 : 40);
        if (i % 97 == 0) {
            double t = boxes[i].x0;
            boxes[i].x0 = boxes[i].x1;
            boxes[i].x1 = t;
        }
        obstacle_grid_add(&grid, boxes[i]);
    }
    assert_int_equal(grid.count, BOXES);
    unsigned char offered[BOXES];
    size_t offered_total = 0;
    for (size_t q = 0; q < QUERIES; q++) {
        struct page_box query = random_box(&seed, 3000, 120);
        memset(offered, 0, sizeof offered);
        struct record r = {boxes, BOXES, offered, SIZE_MAX, 0};
        assert_false(obstacle_grid_any(&grid, query, note, &r));
        for (size_t i = 0; i < BOXES; i++) {
            if (overlaps(boxes[i], query) && !offered[i])
                fail_msg("query %zu: box %zu overlaps it but was not offered", q, i);
            offered_total += offered[i];
        }
    }
    /* The point of the grid: a query sees its neighbours, not every box. */
    assert_true(offered_total < (size_t)BOXES * QUERIES / 10);
    obstacle_grid_fini(&grid);
    free(boxes);
}

static void
test_the_first_hit_ends_the_query(void **state)
{
    (void)state;
    struct obstacle_grid grid;
    obstacle_grid_init(&grid);
    struct page_box boxes[3] = {{0, 0, 10, 10}, {5, 5, 15, 15}, {8, 8, 12, 12}};
    for (size_t i = 0; i < 3; i++)
        obstacle_grid_add(&grid, boxes[i]);
    unsigned char offered[3] = {0};
    struct record r = {boxes, 3, offered, 1, 0};
    struct page_box query = {9, 9, 11, 11};
    assert_true(obstacle_grid_any(&grid, query, note, &r));
    assert_true(offered[1]);
    struct record miss = {boxes, 3, offered, 7, 0};
    struct page_box far = {500, 500, 510, 510};
    assert_false(obstacle_grid_any(&grid, far, note, &miss));
    assert_int_equal(miss.calls, 0);
    obstacle_grid_fini(&grid);
}

static void
test_boxes_not_finite_or_far_away_are_still_found(void **state)
{
    (void)state;
    struct obstacle_grid grid;
    obstacle_grid_init(&grid);
    struct page_box boxes[4] = {
        {NAN, 0, 10, 10}, {0, 0, INFINITY, 10}, {1e300, 1e300, 1e300, 1e300}, {-1e12, 0, 1e12, 1}};
    for (size_t i = 0; i < 4; i++)
        obstacle_grid_add(&grid, boxes[i]);
    for (size_t wanted = 0; wanted < 4; wanted++) {
        unsigned char offered[4] = {0};
        struct record r = {boxes, 4, offered, wanted, 0};
        struct page_box query = wanted == 2 ? boxes[2] : (struct page_box){0, 0, 5, 5};
        assert_true(obstacle_grid_any(&grid, query, note, &r));
    }
    /* A query that is not finite, or huge, tries every box. */
    unsigned char offered[4] = {0};
    struct record r = {boxes, 4, offered, SIZE_MAX, 0};
    struct page_box nan_query = {NAN, NAN, NAN, NAN};
    assert_false(obstacle_grid_any(&grid, nan_query, note, &r));
    assert_int_equal(r.calls, 4);
    obstacle_grid_fini(&grid);
}

static void
test_an_empty_grid_finds_nothing(void **state)
{
    (void)state;
    struct obstacle_grid grid;
    obstacle_grid_init(&grid);
    struct record r = {NULL, 0, NULL, 0, 0};
    struct page_box query = {0, 0, 100, 100};
    assert_false(obstacle_grid_any(&grid, query, note, &r));
    obstacle_grid_fini(&grid);
    obstacle_grid_fini(&grid); /* a finished grid is an empty one */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_box_touching_a_query_is_offered_to_it),
        cmocka_unit_test(test_the_first_hit_ends_the_query),
        cmocka_unit_test(test_boxes_not_finite_or_far_away_are_still_found),
        cmocka_unit_test(test_an_empty_grid_finds_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
