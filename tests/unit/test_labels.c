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
#include "layout/labels.h"
#include "layout/symbols.h"

/* The keys labels.c and symbols.c read, as a style file would give them. */
static const char test_style[] = "[fonts]\n"
                                 "family = Test Sans\n"
                                 "[labels]\n"
                                 "size_pt = 10\n"
                                 "colour = #1d2731\n"
                                 "weight = 700\n"
                                 "halo = #ffffff\n"
                                 "halo_width_pt = 3\n"
                                 "detail_size_pt = 8\n"
                                 "detail_colour = #3a4550\n"
                                 "detail_weight = 400\n"
                                 "detail_halo = #ffffff\n"
                                 "detail_halo_width_pt = 2\n"
                                 "leader = #55626c\n";

static const struct page_box page = {0, 0, 1600, 1000};

/* A fixed-width font: every byte is 0.6 em wide; ascent 0.8 em, descent 0.2 em. */
static struct text_extent
fixed_width_measure(void *context, const char *text, const struct text_style *style)
{
    size_t *calls = context;
    (*calls)++;
    struct text_extent extent = {0.6 * style->size_pt * (double)strlen(text), 0.8 * style->size_pt,
                                 0.2 * style->size_pt};
    return extent;
}

struct fixture {
    struct style *style;
    struct text_measure measure;
    size_t measure_calls;
    struct posture_error err;
    struct layout layout;
    struct text_style name_style, detail_style;
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

/* A fresh scene and solver over the fixture's style: for a second, independent run. */
static void
start_layout(struct fixture *f)
{
    f->layout.scene = scene_create(page.x1, page.y1);
    f->layout.labels = label_solver_create();
}

static void
finish_layout(struct fixture *f)
{
    label_solver_destroy(f->layout.labels);
    scene_destroy(f->layout.scene);
    f->layout.labels = NULL;
    f->layout.scene = NULL;
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
        style_destroy(f->style);
        free(f);
        return -1;
    }
    f->measure.context = &f->measure_calls;
    f->measure.measure = fixed_width_measure;
    f->layout.style = f->style;
    f->layout.measure = &f->measure;
    f->layout.warn = record_warning;
    f->layout.warn_context = f;
    f->layout.err = &f->err;
    start_layout(f);
    f->name_style = layout_text_style(&f->layout, "labels", "");
    f->detail_style = layout_text_style(&f->layout, "labels", "detail_");
    if (f->err.status != POSTURE_OK) {
        print_error("%s\n", f->err.message);
        return -1;
    }
    *state = f;
    return 0;
}

static int
teardown_layout(void **state)
{
    struct fixture *f = *state;
    finish_layout(f);
    style_destroy(f->style);
    free(f);
    return 0;
}

static struct label_request
point_label(const struct fixture *f, const char *id, const char *name, const char *detail,
            struct page_xy anchor, double radius, double priority)
{
    struct label_request r;
    memset(&r, 0, sizeof r);
    r.id = id;
    r.kind = LABEL_POINT;
    r.lines[0] = name;
    r.styles[0] = f->name_style;
    r.line_count = 1;
    if (detail != NULL) {
        r.lines[1] = detail;
        r.styles[1] = f->detail_style;
        r.line_count = 2;
    }
    r.anchor = anchor;
    r.anchor_radius_pt = radius;
    r.priority = priority;
    r.warn_if_dropped = true;
    r.leader = f->name_style.colour;
    return r;
}

/* xorshift64*: the same numbers on every libc. */
static uint64_t
next_random(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 2685821657736338717ULL;
}

static double
random_between(uint64_t *state, double lo, double hi)
{
    return lo + (hi - lo) * (double)(next_random(state) >> 11) / 9007199254740992.0;
}

enum { CROWD_COUNT = 60 };

struct crowd {
    struct page_xy centre[CROWD_COUNT];
    double radius[CROWD_COUNT];
    double priority[CROWD_COUNT];
    char id[CROWD_COUNT][16];
    char name[CROWD_COUNT][32];
    char detail[CROWD_COUNT][32];
};

/* 60 symbols crowded into 600 x 400 pt in the middle of a 1600 x 1000 frame, each a circle
 * obstacle with a two-line label, plus a legend-sized box obstacle: dense enough that some labels
 * need leader lines and some are dropped. Fixed seed. */
static void
queue_crowd(struct fixture *f, struct crowd *crowd)
{
    uint64_t seed = 20220224;
    static const char *const places[] = {"Rzeszow",   "Orzysz",
                                         "Adazi",     "Tapa",
                                         "Rukla",     "Mihail Kogalniceanu",
                                         "Novo Selo", "Lask",
                                         "Powidz",    "Drawsko Pomorskie"};
    for (size_t i = 0; i < CROWD_COUNT; i++) {
        crowd->centre[i].x = random_between(&seed, 500, 1100);
        crowd->centre[i].y = random_between(&seed, 300, 700);
        crowd->radius[i] = random_between(&seed, 3.5, 16);
        crowd->priority[i] = 1 + (double)i * 0.5 + random_between(&seed, 0, 0.25);
        snprintf(crowd->id[i], sizeof crowd->id[i], "label-%02zu", i);
        snprintf(crowd->name[i], sizeof crowd->name[i], "%s", places[i % 10]);
        snprintf(crowd->detail[i], sizeof crowd->detail[i], "~%zu,000 troops", 1 + i % 40);
        labels_add_circle_obstacle(f->layout.labels, crowd->centre[i], crowd->radius[i] + 1);
    }
    for (size_t i = 0; i < CROWD_COUNT; i++) {
        struct label_request r =
            point_label(f, crowd->id[i], crowd->name[i], crowd->detail[i], crowd->centre[i],
                        crowd->radius[i], crowd->priority[i]);
        labels_add(f->layout.labels, &r);
    }
    struct page_box legend = {1300, 700, 1580, 980};
    labels_add_box_obstacle(f->layout.labels, legend);
}

static double
box_circle_distance(struct page_box box, struct page_xy centre)
{
    double x = fmax(box.x0, fmin(centre.x, box.x1));
    double y = fmax(box.y0, fmin(centre.y, box.y1));
    return hypot(x - centre.x, y - centre.y);
}

static bool
box_contains(struct page_box box, struct page_xy at)
{
    return at.x >= box.x0 - 1e-9 && at.x <= box.x1 + 1e-9 && at.y >= box.y0 - 1e-9 &&
           at.y <= box.y1 + 1e-9;
}

static void
test_sixty_crowded_labels_neither_overlap_nor_cover_a_symbol(void **state)
{
    struct fixture *f = *state;
    struct crowd crowd;
    queue_crowd(f, &crowd);
    size_t dropped = labels_place(f->layout.labels, &f->layout, page);
    const struct page_box *boxes;
    size_t placed = labels_placed_boxes(f->layout.labels, &boxes);
    assert_int_equal(placed + dropped, CROWD_COUNT);
    assert_true(placed >= CROWD_COUNT * 3 / 4); /* crowded, not hopeless */
    assert_int_equal(f->warning_count, dropped);
    struct page_box legend = {1300, 700, 1580, 980};
    for (size_t i = 0; i < placed; i++) {
        assert_true(boxes[i].x0 >= page.x0 && boxes[i].x1 <= page.x1);
        assert_true(boxes[i].y0 >= page.y0 && boxes[i].y1 <= page.y1);
        assert_false(page_box_intersects(boxes[i], legend));
        for (size_t j = i + 1; j < placed; j++) {
            if (page_box_intersects(boxes[i], boxes[j]))
                print_error("labels %zu and %zu overlap\n", i, j);
            assert_false(page_box_intersects(boxes[i], boxes[j]));
        }
        for (size_t c = 0; c < CROWD_COUNT; c++)
            assert_true(box_circle_distance(boxes[i], crowd.centre[c]) >= crowd.radius[c] + 1);
    }
}

static void
test_every_placed_line_is_drawn_inside_its_box_on_the_labels_layer(void **state)
{
    struct fixture *f = *state;
    struct crowd crowd;
    queue_crowd(f, &crowd);
    labels_place(f->layout.labels, &f->layout, page);
    const struct page_box *boxes;
    size_t placed = labels_placed_boxes(f->layout.labels, &boxes);
    size_t label = 0, text_count = 0;
    for (size_t i = 0; i < f->layout.scene->item_count; i++) {
        const struct scene_item *item = &f->layout.scene->items[i];
        if (item->kind != ITEM_TEXT)
            continue;
        assert_int_equal(item->layer, LAYER_LABELS);
        text_count++;
        if (item->id != NULL) /* the first line of the next label */
            label++;
        assert_true(label >= 1 && label <= placed);
        const struct page_box *box = &boxes[label - 1];
        assert_true(box_contains(*box, item->at));
        /* Its ink too: ascent above, descent below the baseline. */
        assert_true(item->at.y - 0.8 * item->text_style.size_pt >= box->y0 - 1e-9);
        assert_true(item->at.y + 0.2 * item->text_style.size_pt <= box->y1 + 1e-9);
    }
    assert_int_equal(label, placed);
    assert_int_equal(text_count, 2 * placed); /* two lines each */
}

static double
priority_of(const struct crowd *crowd, const char *id)
{
    for (size_t i = 0; i < CROWD_COUNT; i++)
        if (strcmp(crowd->id[i], id) == 0)
            return crowd->priority[i];
    fail_msg("unknown label id %s", id);
    return 0;
}

static void
test_labels_are_placed_in_priority_order(void **state)
{
    struct fixture *f = *state;
    struct crowd crowd;
    queue_crowd(f, &crowd);
    labels_place(f->layout.labels, &f->layout, page);
    double previous = INFINITY;
    size_t seen = 0;
    for (size_t i = 0; i < f->layout.scene->item_count; i++) {
        const struct scene_item *item = &f->layout.scene->items[i];
        if (item->kind != ITEM_TEXT || item->id == NULL)
            continue;
        double priority = priority_of(&crowd, item->id);
        assert_true(priority < previous);
        previous = priority;
        seen++;
    }
    assert_true(seen > 0);
}

static void
test_the_more_important_label_takes_the_only_place(void **state)
{
    struct fixture *f = *state;
    /* A slot just big enough for one label right of a symbol; everything else is blocked. */
    struct page_xy at = {800, 500};
    struct label_request minor = point_label(f, "a-minor", "Orzysz", NULL, at, 8, 1);
    struct label_request major = point_label(f, "b-major", "Rzeszow", NULL, at, 8, 5);
    labels_add(f->layout.labels, &minor); /* queued first, placed second */
    labels_add(f->layout.labels, &major);
    struct page_box bounds = {700, 490, 880, 510};
    labels_add_box_obstacle(f->layout.labels, (struct page_box){700, 490, 805, 510}); /* left */
    size_t dropped = labels_place(f->layout.labels, &f->layout, bounds);
    assert_int_equal(dropped, 1);
    const struct scene_item *placed = NULL;
    for (size_t i = 0; i < f->layout.scene->item_count; i++)
        if (f->layout.scene->items[i].kind == ITEM_TEXT)
            placed = &f->layout.scene->items[i];
    assert_non_null(placed);
    assert_string_equal(placed->text, "Rzeszow");
    assert_string_equal(placed->id, "b-major");
    assert_int_equal(f->warning_count, 1);
    assert_non_null(strstr(f->last_warning, "Orzysz"));
}

static void
test_equal_priorities_are_placed_in_order_of_id(void **state)
{
    struct fixture *f = *state;
    static const char *const ids[] = {"c", "a", "d", "b"};
    for (size_t i = 0; i < 4; i++) {
        struct page_xy at = {200.0 + 300.0 * (double)i, 500};
        struct label_request r = point_label(f, ids[i], ids[i], NULL, at, 5, 2);
        labels_add(f->layout.labels, &r);
    }
    labels_place(f->layout.labels, &f->layout, page);
    const char *order[4];
    size_t n = 0;
    for (size_t i = 0; i < f->layout.scene->item_count && n < 4; i++)
        if (f->layout.scene->items[i].kind == ITEM_TEXT)
            order[n++] = f->layout.scene->items[i].id;
    assert_int_equal(n, 4);
    assert_string_equal(order[0], "a");
    assert_string_equal(order[1], "b");
    assert_string_equal(order[2], "c");
    assert_string_equal(order[3], "d");
}

static void
test_a_label_with_no_room_is_dropped_with_a_warning(void **state)
{
    struct fixture *f = *state;
    struct page_xy at = {800, 500};
    labels_add_box_obstacle(f->layout.labels, page); /* the whole frame is taken */
    struct label_request r = point_label(f, "label-x", "Kaliningrad", "~11,000 troops", at, 6, 3);
    labels_add(f->layout.labels, &r);
    struct label_request quiet = point_label(f, "label-y", "Baltiysk", NULL, at, 6, 2);
    quiet.warn_if_dropped = false;
    labels_add(f->layout.labels, &quiet);
    assert_int_equal(labels_place(f->layout.labels, &f->layout, page), 2);
    const struct page_box *boxes;
    assert_int_equal(labels_placed_boxes(f->layout.labels, &boxes), 0);
    assert_int_equal(f->warning_count, 1); /* the quiet one says nothing */
    assert_non_null(strstr(f->last_warning, "Kaliningrad"));
    assert_int_equal(f->layout.scene->item_count, 0);
    assert_int_equal(f->err.status, POSTURE_OK); /* a warning, not an error */
}

/* A two-line label with room for its first line only keeps that line, and says so. */
static void
test_a_label_with_room_for_one_line_keeps_its_first(void **state)
{
    struct fixture *f = *state;
    struct label_request r =
        point_label(f, "romania", "~1,000 US troops", "Stryker squadron to Romania",
                    (struct page_xy){50, 50}, 4, 1);
    r.narrow_lines[0] = r.lines[0];
    r.narrow_styles[0] = r.styles[0];
    r.narrow_line_count = 1;
    r.is_narrow_shorter = true;
    labels_add(f->layout.labels, &r);
    /* 96 pt wide for the first line, 130 for the second (detail, 8 pt) */
    struct page_box narrow = {0, 0, 110, 100};
    assert_int_equal(labels_place(f->layout.labels, &f->layout, narrow), 0);
    assert_int_equal(f->warning_count, 1);
    assert_non_null(strstr(f->last_warning, "label \"~1,000 US troops / Stryker squadron to "
                                            "Romania\" shortened to \"~1,000 US troops\""));
    const struct page_box *boxes;
    assert_int_equal(labels_placed_boxes(f->layout.labels, &boxes), 1);
}

static void
test_a_label_too_wide_for_the_bounds_is_dropped(void **state)
{
    struct fixture *f = *state;
    struct label_request r = point_label(f, "wide", "A name far too long to fit in a narrow frame",
                                         NULL, (struct page_xy){50, 50}, 4, 1);
    labels_add(f->layout.labels, &r);
    struct page_box narrow = {0, 0, 100, 100};
    assert_int_equal(labels_place(f->layout.labels, &f->layout, narrow), 1);
    assert_int_equal(f->warning_count, 1);
}

/* A label with no room on one line takes its narrower form, the name over its number, where
 * that fits: "Osipovichi ~10,000" is 108 pt wide at 10 pt, the frame 100. */
static void
test_a_label_too_wide_takes_its_narrow_form(void **state)
{
    struct fixture *f = *state;
    struct label_request r =
        point_label(f, "osipovichi", "Osipovichi ~10,000", NULL, (struct page_xy){50, 50}, 4, 1);
    r.narrow_lines[0] = "Osipovichi";
    r.narrow_lines[1] = "~10,000";
    r.narrow_styles[0] = r.narrow_styles[1] = f->name_style;
    r.narrow_line_count = 2;
    labels_add(f->layout.labels, &r);
    struct page_box narrow = {0, 0, 100, 100};
    assert_int_equal(labels_place(f->layout.labels, &f->layout, narrow), 0);
    assert_int_equal(f->warning_count, 0);
    const struct page_box *boxes;
    assert_int_equal(labels_placed_boxes(f->layout.labels, &boxes), 1);
    assert_true(boxes[0].x1 - boxes[0].x0 < 100);
    size_t count;
    const struct scene_item *items = scene_items_sorted(f->layout.scene, &count);
    bool has_name = false, has_number = false;
    for (size_t i = 0; i < count; i++) {
        if (items[i].kind != ITEM_TEXT)
            continue;
        has_name = has_name || strcmp(items[i].text, "Osipovichi") == 0;
        has_number = has_number || strcmp(items[i].text, "~10,000") == 0;
    }
    assert_true(has_name && has_number);
}

static void
test_placement_is_deterministic(void **state)
{
    struct fixture *f = *state;
    struct crowd crowd;
    queue_crowd(f, &crowd);
    size_t dropped = labels_place(f->layout.labels, &f->layout, page);
    const struct page_box *boxes;
    size_t placed = labels_placed_boxes(f->layout.labels, &boxes);
    struct page_box *first = malloc(placed * sizeof *first);
    assert_non_null(first);
    memcpy(first, boxes, placed * sizeof *first);
    size_t first_items = f->layout.scene->item_count;

    finish_layout(f);
    start_layout(f);
    queue_crowd(f, &crowd);
    assert_int_equal(labels_place(f->layout.labels, &f->layout, page), dropped);
    assert_int_equal(labels_placed_boxes(f->layout.labels, &boxes), placed);
    assert_memory_equal(boxes, first, placed * sizeof *first);
    assert_int_equal(f->layout.scene->item_count, first_items);
    free(first);
}

static void
test_a_free_label_goes_right_of_its_symbol_centred_on_it(void **state)
{
    struct fixture *f = *state;
    struct page_xy at = {800, 500};
    struct label_request r = point_label(f, "label-r", "Rzeszow", NULL, at, 10, 1);
    labels_add(f->layout.labels, &r);
    assert_int_equal(labels_place(f->layout.labels, &f->layout, page), 0);
    const struct page_box *boxes;
    assert_int_equal(labels_placed_boxes(f->layout.labels, &boxes), 1);
    /* 7 bytes x 6 pt wide, 10 pt high, 4 pt beyond the radius, padded by 1.5 pt. */
    assert_near(boxes[0].x0, 800 + 10 + 4 - 1.5, 1e-9);
    assert_near(boxes[0].x1, 800 + 10 + 4 + 42 + 1.5, 1e-9);
    assert_near((boxes[0].y0 + boxes[0].y1) / 2, 500, 1e-9);
    assert_near(boxes[0].y1 - boxes[0].y0, 10 + 3, 1e-9);
    const struct scene_item *text = &f->layout.scene->items[0];
    assert_int_equal(text->kind, ITEM_TEXT);
    assert_int_equal(text->anchor, ANCHOR_START);
    assert_string_equal(text->text_style.family, "Test Sans");
    assert_int_equal(text->text_style.weight, 700);
    assert_near(text->text_style.halo_width_pt, 3, 0);
    assert_int_equal(f->layout.scene->item_count, 1); /* no leader line */
}

static void
test_a_label_at_the_right_edge_goes_left_anchored_at_its_end(void **state)
{
    struct fixture *f = *state;
    struct page_xy at = {1580, 500};
    struct label_request r = point_label(f, "label-e", "Narva", NULL, at, 6, 1);
    labels_add(f->layout.labels, &r);
    assert_int_equal(labels_place(f->layout.labels, &f->layout, page), 0);
    const struct page_box *boxes;
    assert_int_equal(labels_placed_boxes(f->layout.labels, &boxes), 1);
    assert_true(boxes[0].x1 <= at.x - 6);
    assert_near((boxes[0].y0 + boxes[0].y1) / 2, 500, 1e-9); /* straight left, not diagonal */
    assert_int_equal(f->layout.scene->items[0].anchor, ANCHOR_END);
}

static void
test_a_label_avoids_a_thick_line(void **state)
{
    struct fixture *f = *state;
    struct page_xy at = {800, 500};
    /* An arrow running north-south 20 pt right of the symbol's edge. */
    struct page_xy arrow[3] = {{830, 100}, {830, 500}, {830, 900}};
    labels_add_line_obstacle(f->layout.labels, arrow, 3, 4);
    struct label_request r = point_label(f, "label-l", "Lask", "~2,000 troops", at, 10, 1);
    labels_add(f->layout.labels, &r);
    assert_int_equal(labels_place(f->layout.labels, &f->layout, page), 0);
    const struct page_box *boxes;
    assert_int_equal(labels_placed_boxes(f->layout.labels, &boxes), 1);
    assert_true(boxes[0].x1 <= 830 - 4 || boxes[0].x0 >= 830 + 4);
    assert_true(boxes[0].x1 < at.x); /* the left is the first free side */
}

static bool
is_leader_line(const struct scene_item *item)
{
    return item->kind == ITEM_PATH && item->layer == LAYER_LABELS &&
           item->geometry.point_count == 2 && !item->geometry.is_closed;
}

static void
test_a_label_pushed_away_from_its_symbol_gets_a_leader_line(void **state)
{
    struct fixture *f = *state;
    struct page_xy at = {800, 500};
    double radius = 8;
    /* Boxes block all eight positions 4 pt from the circle but leave the one 14 pt to the right
     * free, and the way to it: the box in front of the symbol stops just below its axis. */
    static const struct page_box blockers[] = {
        {600, 300, 799, 700}, /* the whole left side, above and below */
        {806, 470, 860, 492}, /* upper right */
        {806, 508, 860, 530}, /* lower right */
        {812, 494, 818, 499}, /* right, below the leader's path */
    };
    for (size_t i = 0; i < sizeof blockers / sizeof *blockers; i++)
        labels_add_box_obstacle(f->layout.labels, blockers[i]);
    struct label_request r = point_label(f, "label-p", "Powidz", NULL, at, radius, 1);
    labels_add(f->layout.labels, &r);
    assert_int_equal(labels_place(f->layout.labels, &f->layout, page), 0);
    const struct page_box *boxes;
    assert_int_equal(labels_placed_boxes(f->layout.labels, &boxes), 1);
    assert_near(boxes[0].x0, at.x + radius + 14 - 1.5, 1e-9);
    assert_near((boxes[0].y0 + boxes[0].y1) / 2, at.y, 1e-9);
    const struct scene_item *leader = NULL;
    for (size_t i = 0; i < f->layout.scene->item_count; i++)
        if (is_leader_line(&f->layout.scene->items[i]))
            leader = &f->layout.scene->items[i];
    assert_non_null(leader);
    const struct page_xy *p = leader->geometry.points;
    /* From the circle's edge to the label's box, in the leader colour. */
    assert_near(hypot(p[0].x - at.x, p[0].y - at.y), radius, 1e-9);
    assert_true(box_contains(boxes[0], p[1]));
    assert_near(leader->paint.stroke.r, 0x1d / 255.0, 1e-12);
    assert_true(leader->paint.stroke_width_pt > 0);
}

/* True if segment a-b passes through the inside of box (touching its edge does not count). */
static bool
segment_enters_box(struct page_xy a, struct page_xy b, struct page_box box)
{
    const double epsilon = 1e-6;
    double t0 = 0, t1 = 1;
    double p[4] = {-(b.x - a.x), b.x - a.x, -(b.y - a.y), b.y - a.y};
    double q[4] = {a.x - box.x0, box.x1 - a.x, a.y - box.y0, box.y1 - a.y};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] <= epsilon)
                return false;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = fmax(t0, t);
        else
            t1 = fmin(t1, t);
    }
    return t1 - t0 > epsilon;
}

static double
segment_point_distance(struct page_xy a, struct page_xy b, struct page_xy c)
{
    double dx = b.x - a.x, dy = b.y - a.y;
    double l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((c.x - a.x) * dx + (c.y - a.y) * dy) / l2 : 0;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    return hypot(a.x + t * dx - c.x, a.y + t * dy - c.y);
}

/* BUG (labels.c place_point / add_leader): a label pushed away from its symbol is joined to it by
 * a leader line, but the line is checked against nothing and is no obstacle for labels placed
 * after it. In the crowd, leader lines run through other labels' boxes and through other
 * symbols' circles. */
static void
test_bug_a_leader_line_crosses_no_other_label_or_symbol(void **state)
{
    struct fixture *f = *state;
    struct crowd crowd;
    queue_crowd(f, &crowd);
    labels_place(f->layout.labels, &f->layout, page);
    const struct page_box *boxes;
    size_t placed = labels_placed_boxes(f->layout.labels, &boxes);
    size_t label = 0, leader_count = 0, crossings = 0;
    for (size_t i = 0; i < f->layout.scene->item_count; i++) {
        const struct scene_item *item = &f->layout.scene->items[i];
        if (item->kind == ITEM_TEXT && item->id != NULL)
            label++;
        if (!is_leader_line(item))
            continue;
        /* add_leader() runs just before the label's lines are emitted: this is label + 1. */
        size_t own = label;
        assert_true(own < placed);
        leader_count++;
        struct page_xy a = item->geometry.points[0], b = item->geometry.points[1];
        for (size_t j = 0; j < placed; j++) {
            if (j != own && segment_enters_box(a, b, boxes[j])) {
                print_error("leader of label %zu crosses label %zu\n", own, j);
                crossings++;
            }
        }
        for (size_t c = 0; c < CROWD_COUNT; c++) {
            bool is_own_symbol =
                hypot(a.x - crowd.centre[c].x, a.y - crowd.centre[c].y) <= crowd.radius[c] + 1e-6;
            if (!is_own_symbol && segment_point_distance(a, b, crowd.centre[c]) < crowd.radius[c]) {
                print_error("leader of label %zu crosses symbol %zu\n", own, c);
                crossings++;
            }
        }
    }
    assert_true(leader_count > 0); /* the crowd does need leader lines */
    assert_int_equal(crossings, 0);
}

static void
test_a_near_only_label_gets_no_leader_and_is_dropped_instead(void **state)
{
    struct fixture *f = *state;
    struct page_xy at = {800, 500};
    struct page_box near = {at.x - 18, at.y - 18, at.x + 18, at.y + 18};
    labels_add_box_obstacle(f->layout.labels, near);
    struct label_request r = point_label(f, "label-n", "Tapa", NULL, at, 8, 1);
    r.is_near_only = true;
    labels_add(f->layout.labels, &r);
    assert_int_equal(labels_place(f->layout.labels, &f->layout, page), 1);
    assert_int_equal(f->layout.scene->item_count, 0);
}

static bool
reject_left_half(void *context, struct page_box box)
{
    size_t *calls = context;
    (*calls)++;
    return box.x0 >= 800;
}

static void
test_an_area_label_takes_the_first_free_spot_that_fits(void **state)
{
    struct fixture *f = *state;
    struct label_request r;
    memset(&r, 0, sizeof r);
    r.id = "country-POL";
    r.kind = LABEL_AREA;
    r.lines[0] = "POLAND";
    r.styles[0] = f->name_style;
    r.line_count = 1;
    r.spots[0] = (struct page_xy){400, 300}; /* under an obstacle */
    r.spots[1] = (struct page_xy){600, 300}; /* free, but refused by fits() */
    r.spots[2] = (struct page_xy){1000, 300};
    r.spot_count = 3;
    size_t fits_calls = 0;
    r.fits = reject_left_half;
    r.fits_context = &fits_calls;
    labels_add_circle_obstacle(f->layout.labels, (struct page_xy){400, 300}, 10);
    labels_add(f->layout.labels, &r);
    assert_int_equal(labels_place(f->layout.labels, &f->layout, page), 0);
    assert_int_equal(fits_calls, 2); /* not asked about the covered spot */
    const struct scene_item *text = &f->layout.scene->items[0];
    assert_string_equal(text->text, "POLAND");
    assert_int_equal(text->anchor, ANCHOR_MIDDLE);
    assert_near(text->at.x, 1000, 1e-9);
    const struct page_box *boxes;
    assert_int_equal(labels_placed_boxes(f->layout.labels, &boxes), 1);
    assert_near((boxes[0].y0 + boxes[0].y1) / 2, 300, 1e-9);
}

static void
test_an_area_label_with_no_spot_left_is_dropped(void **state)
{
    struct fixture *f = *state;
    struct label_request r;
    memset(&r, 0, sizeof r);
    r.id = "country-LTU";
    r.kind = LABEL_AREA;
    r.lines[0] = "LITHUANIA";
    r.styles[0] = f->name_style;
    r.line_count = 1;
    r.spots[0] = (struct page_xy){400, 300};
    r.spot_count = 1;
    labels_add_box_obstacle(f->layout.labels, (struct page_box){380, 290, 420, 310});
    labels_add(f->layout.labels, &r);
    assert_int_equal(labels_place(f->layout.labels, &f->layout, page), 1);
    assert_int_equal(f->warning_count, 0); /* warn_if_dropped not set */
}

static void
test_the_request_is_copied_so_the_callers_strings_may_go(void **state)
{
    struct fixture *f = *state;
    char id[16] = "label-c", name[16] = "Constanta", family[32] = "Test Sans";
    struct label_request r = point_label(f, id, name, NULL, (struct page_xy){800, 500}, 5, 1);
    r.styles[0].family = family;
    labels_add(f->layout.labels, &r);
    memset(id, 'x', sizeof id - 1);
    memset(name, 'x', sizeof name - 1);
    memset(family, 'x', sizeof family - 1);
    labels_place(f->layout.labels, &f->layout, page);
    const struct scene_item *text = &f->layout.scene->items[0];
    assert_string_equal(text->id, "label-c");
    assert_string_equal(text->text, "Constanta");
    assert_string_equal(text->text_style.family, "Test Sans");
}

static void
test_obstacle_cost_counts_symbols_boxes_and_anchors_it_covers(void **state)
{
    struct fixture *f = *state;
    struct page_box empty_corner = {0, 0, 100, 100};
    assert_near(labels_obstacle_cost(f->layout.labels, empty_corner, INFINITY), 0, 0);
    labels_add_circle_obstacle(f->layout.labels, (struct page_xy){50, 50}, 10);
    double with_circle = labels_obstacle_cost(f->layout.labels, empty_corner, INFINITY);
    assert_true(with_circle > 0);
    labels_add_box_obstacle(f->layout.labels, (struct page_box){80, 80, 120, 120});
    double with_box = labels_obstacle_cost(f->layout.labels, empty_corner, INFINITY);
    assert_true(with_box > with_circle);
    struct label_request r =
        point_label(f, "label-z", "Zagan", NULL, (struct page_xy){20, 20}, 4, 1);
    labels_add(f->layout.labels, &r);
    assert_true(labels_obstacle_cost(f->layout.labels, empty_corner, INFINITY) > with_box);
    struct page_box elsewhere = {1000, 600, 1100, 700};
    assert_near(labels_obstacle_cost(f->layout.labels, elsewhere, INFINITY), 0, 0);
    /* With a limit: the same total below it, at least the limit once reached. */
    double all = labels_obstacle_cost(f->layout.labels, empty_corner, INFINITY);
    assert_near(labels_obstacle_cost(f->layout.labels, empty_corner, all + 1), all, 0);
    assert_true(labels_obstacle_cost(f->layout.labels, empty_corner, with_circle / 2) >=
                with_circle / 2);
    assert_true(labels_obstacle_cost(f->layout.labels, empty_corner, with_circle / 2) <= all);
}

/* Through the grid as by a count of every obstacle: each counted once however many cells it
 * spans, circles summed in the order they were added (so the total is bit for bit the same). */
static void
test_obstacle_cost_counts_each_obstacle_once_in_the_order_added(void **state)
{
    struct fixture *f = *state;
    struct page_box query = {10, 10, 500, 300};
    double expected = 0;
    for (int i = 0; i < 200; i++) {
        struct page_xy at = {7.3 * i, 3.1 * i};
        double radius = 1.0 + 0.37 * (i % 11);
        labels_add_circle_obstacle(f->layout.labels, at, radius);
        double dx = fmax(query.x0, fmin(at.x, query.x1)) - at.x;
        double dy = fmax(query.y0, fmin(at.y, query.y1)) - at.y;
        if (dx * dx + dy * dy < radius * radius)
            expected += 10 + radius * radius;
    }
    labels_add_box_obstacle(f->layout.labels, (struct page_box){0, 0, 1600, 40}); /* 50 cells */
    labels_add_box_obstacle(f->layout.labels, (struct page_box){-5000, 0, 5000, 1000}); /* huge */
    labels_add_box_obstacle(f->layout.labels, (struct page_box){900, 900, 950, 950});   /* away */
    expected += 2 * 1000;
    assert_true(labels_obstacle_cost(f->layout.labels, query, INFINITY) == expected);
}

/* Each query starts afresh: one stopped early at its limit, or one over other obstacles, leaves
 * nothing behind that changes the next (the obstacles met are marked, then cleared). */
static void
test_obstacle_cost_queries_leave_nothing_behind(void **state)
{
    struct fixture *f = *state;
    for (int i = 0; i < 150; i++)
        labels_add_circle_obstacle(f->layout.labels, (struct page_xy){11.0 * i, 5.0 * i}, 3);
    for (int i = 0; i < 90; i++)
        labels_add_box_obstacle(f->layout.labels,
                                (struct page_box){17.0 * i, 300, 17.0 * i + 40, 340});
    struct page_box wide = {0, 0, 1600, 400}, part = {100, 0, 600, 350};
    double all = labels_obstacle_cost(f->layout.labels, wide, INFINITY);
    assert_true(all > 90 * 1000);
    double some = labels_obstacle_cost(f->layout.labels, part, INFINITY);
    assert_true(some > 0 && some < all);
    /* Stopped among the boxes, then asked again in full. */
    assert_true(labels_obstacle_cost(f->layout.labels, wide, all - 5000) >= all - 5000);
    assert_true(labels_obstacle_cost(f->layout.labels, wide, INFINITY) == all);
    /* Stopped among the circles. */
    assert_true(labels_obstacle_cost(f->layout.labels, wide, 1) >= 1);
    assert_true(labels_obstacle_cost(f->layout.labels, part, INFINITY) == some);
    /* More obstacles than before: the marks grow, and count the new ones too. */
    for (int i = 0; i < 500; i++)
        labels_add_circle_obstacle(f->layout.labels, (struct page_xy){3.0 * i, 390}, 2);
    assert_true(labels_obstacle_cost(f->layout.labels, wide, INFINITY) == all + 500 * (10 + 4));
}

static void
test_a_symbol_label_is_split_into_a_name_and_detail_lines(void **state)
{
    struct fixture *f = *state;
    struct page_xy at = {800, 500};
    symbols_queue_label(&f->layout, "label-rz", "Rzeszow\n~4,700 troops\nUS Army", at, 9, 4.7);
    assert_int_equal(labels_place(f->layout.labels, &f->layout, page), 0);
    assert_int_equal(f->layout.scene->item_count, 3);
    const struct scene_item *items = f->layout.scene->items;
    assert_string_equal(items[0].text, "Rzeszow");
    assert_string_equal(items[0].id, "label-rz");
    assert_near(items[0].text_style.size_pt, 10, 0);
    assert_int_equal(items[0].text_style.weight, 700);
    assert_string_equal(items[1].text, "~4,700 troops");
    assert_null(items[1].id);
    assert_near(items[1].text_style.size_pt, 8, 0);
    assert_int_equal(items[1].text_style.weight, 400);
    assert_string_equal(items[2].text, "US Army");
    /* Lines stacked downwards, all left-aligned at the same x. */
    assert_true(items[1].at.y > items[0].at.y && items[2].at.y > items[1].at.y);
    assert_near(items[1].at.x, items[0].at.x, 1e-9);
    assert_int_equal(f->err.status, POSTURE_OK);
}

#define LAYOUT_TEST(name) cmocka_unit_test_setup_teardown(name, setup_layout, teardown_layout)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        LAYOUT_TEST(test_sixty_crowded_labels_neither_overlap_nor_cover_a_symbol),
        LAYOUT_TEST(test_every_placed_line_is_drawn_inside_its_box_on_the_labels_layer),
        LAYOUT_TEST(test_labels_are_placed_in_priority_order),
        LAYOUT_TEST(test_the_more_important_label_takes_the_only_place),
        LAYOUT_TEST(test_equal_priorities_are_placed_in_order_of_id),
        LAYOUT_TEST(test_a_label_with_no_room_is_dropped_with_a_warning),
        LAYOUT_TEST(test_a_label_too_wide_takes_its_narrow_form),
        LAYOUT_TEST(test_a_label_with_room_for_one_line_keeps_its_first),
        LAYOUT_TEST(test_a_label_too_wide_for_the_bounds_is_dropped),
        LAYOUT_TEST(test_placement_is_deterministic),
        LAYOUT_TEST(test_a_free_label_goes_right_of_its_symbol_centred_on_it),
        LAYOUT_TEST(test_a_label_at_the_right_edge_goes_left_anchored_at_its_end),
        LAYOUT_TEST(test_a_label_avoids_a_thick_line),
        LAYOUT_TEST(test_a_label_pushed_away_from_its_symbol_gets_a_leader_line),
        LAYOUT_TEST(test_bug_a_leader_line_crosses_no_other_label_or_symbol),
        LAYOUT_TEST(test_a_near_only_label_gets_no_leader_and_is_dropped_instead),
        LAYOUT_TEST(test_an_area_label_takes_the_first_free_spot_that_fits),
        LAYOUT_TEST(test_an_area_label_with_no_spot_left_is_dropped),
        LAYOUT_TEST(test_the_request_is_copied_so_the_callers_strings_may_go),
        LAYOUT_TEST(test_obstacle_cost_counts_symbols_boxes_and_anchors_it_covers),
        LAYOUT_TEST(test_obstacle_cost_counts_each_obstacle_once_in_the_order_added),
        LAYOUT_TEST(test_obstacle_cost_queries_leave_nothing_behind),
        LAYOUT_TEST(test_a_symbol_label_is_split_into_a_name_and_detail_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
