#include "layout/labels.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "layout/obstacle_grid.h"

struct circle {
    struct page_xy centre;
    double radius;
};

struct label_solver {
    struct arena arena;
    struct page_box *boxes; /* obstacles, placed labels appended */
    size_t box_count, box_capacity;
    struct circle *circles; /* symbols and arrow samples */
    size_t circle_count, circle_capacity;
    struct label_request *requests;
    size_t request_count, request_capacity;
    struct page_box *placed;
    size_t placed_count, placed_capacity;
    /* Where boxes and circles are, so a candidate is tested against its neighbours only: a
     * table of 1,000 rows has some 100,000 arrow samples. */
    struct obstacle_grid box_grid, circle_grid;
    /* labels_obstacle_cost()'s marks, a bit for each obstacle a query has met (a query spans
     * many cells, and an obstacle lies in each cell it meets); all clear between queries. */
    uint64_t *marks;
    size_t mark_words;
};

struct label_solver *
label_solver_create(void)
{
    struct label_solver *solver = xcalloc(1, sizeof *solver);
    arena_init(&solver->arena);
    obstacle_grid_init(&solver->box_grid);
    obstacle_grid_init(&solver->circle_grid);
    return solver;
}

void
label_solver_destroy(struct label_solver *solver)
{
    if (solver == NULL)
        return;
    free(solver->boxes);
    free(solver->circles);
    free(solver->requests);
    free(solver->placed);
    free(solver->marks);
    obstacle_grid_fini(&solver->box_grid);
    obstacle_grid_fini(&solver->circle_grid);
    arena_fini(&solver->arena);
    free(solver);
}

void
labels_add_box_obstacle(struct label_solver *solver, struct page_box box)
{
    xgrow(&solver->boxes, &solver->box_capacity, solver->box_count + 1, sizeof *solver->boxes);
    solver->boxes[solver->box_count++] = box;
    obstacle_grid_add(&solver->box_grid, box);
}

void
labels_add_circle_obstacle(struct label_solver *solver, struct page_xy centre, double radius)
{
    xgrow(&solver->circles, &solver->circle_capacity, solver->circle_count + 1,
          sizeof *solver->circles);
    solver->circles[solver->circle_count].centre = centre;
    solver->circles[solver->circle_count].radius = radius;
    solver->circle_count++;
    struct page_box extent = {centre.x - radius, centre.y - radius, centre.x + radius,
                              centre.y + radius};
    obstacle_grid_add(&solver->circle_grid, extent);
}

void
labels_add_line_obstacle(struct label_solver *solver, const struct page_xy *points, size_t count,
                         double half_width)
{
    /* A line becomes a chain of circles no farther apart than its half width: exact enough
     * for boxes of text, and the same test as symbols. */
    double step = half_width > 1 ? half_width : 1;
    for (size_t i = 0; i + 1 < count; i++) {
        double dx = points[i + 1].x - points[i].x, dy = points[i + 1].y - points[i].y;
        double length = sqrt(dx * dx + dy * dy);
        size_t n = (size_t)ceil(length / step);
        for (size_t k = 0; k <= n; k++) {
            double t = n ? (double)k / (double)n : 0;
            struct page_xy at = {points[i].x + t * dx, points[i].y + t * dy};
            labels_add_circle_obstacle(solver, at, half_width);
        }
    }
}

void
labels_add(struct label_solver *solver, const struct label_request *request)
{
    xgrow(&solver->requests, &solver->request_capacity, solver->request_count + 1,
          sizeof *solver->requests);
    struct label_request *copy = &solver->requests[solver->request_count];
    *copy = *request;
    copy->sequence = solver->request_count++;
    copy->id = request->id ? arena_strdup(&solver->arena, request->id) : NULL;
    for (size_t i = 0; i < request->line_count; i++) {
        copy->lines[i] = arena_strdup(&solver->arena, request->lines[i]);
        const char *family = request->styles[i].family ? request->styles[i].family : "sans";
        copy->styles[i].family = arena_strdup(&solver->arena, family);
    }
    for (size_t i = 0; i < request->narrow_line_count; i++) {
        copy->narrow_lines[i] = arena_strdup(&solver->arena, request->narrow_lines[i]);
        const char *family =
            request->narrow_styles[i].family ? request->narrow_styles[i].family : "sans";
        copy->narrow_styles[i].family = arena_strdup(&solver->arena, family);
    }
}

static bool
box_meets_circle(struct page_box box, struct circle c)
{
    double x = fmax(box.x0, fmin(c.centre.x, box.x1));
    double y = fmax(box.y0, fmin(c.centre.y, box.y1));
    double dx = x - c.centre.x, dy = y - c.centre.y;
    return dx * dx + dy * dy < c.radius * c.radius;
}

/* What a grid query tests: one candidate box or leader against obstacle `index`. */
struct probe {
    const struct label_solver *solver;
    const struct label_request *request;
    struct page_box box;
    struct page_xy ends[2];
};

static bool
box_hits_box(void *context, size_t index)
{
    const struct probe *p = context;
    return page_box_intersects(p->box, p->solver->boxes[index]);
}

static bool
box_hits_circle(void *context, size_t index)
{
    const struct probe *p = context;
    return box_meets_circle(p->box, p->solver->circles[index]);
}

static bool
is_free(const struct label_solver *solver, struct page_box box, struct page_box bounds)
{
    if (box.x0 < bounds.x0 || box.y0 < bounds.y0 || box.x1 > bounds.x1 || box.y1 > bounds.y1)
        return false;
    struct probe p = {solver, NULL, box, {{0, 0}, {0, 0}}};
    return !obstacle_grid_any(&solver->box_grid, box, box_hits_box, &p) &&
           !obstacle_grid_any(&solver->circle_grid, box, box_hits_circle, &p);
}

struct block {
    double width, height;
    double line_ascent[LABEL_MAX_LINES];
    double line_height[LABEL_MAX_LINES];
    double line_width[LABEL_MAX_LINES];
};

static struct block
measure_block(struct layout *layout, const struct label_request *r)
{
    struct block b;
    memset(&b, 0, sizeof b);
    for (size_t i = 0; i < r->line_count; i++) {
        struct text_extent e = text_measure_line(layout->measure, r->lines[i], &r->styles[i]);
        /* Lines are spaced by font size, not ink, so all labels share one rhythm. */
        b.line_ascent[i] = r->styles[i].size_pt * 0.8;
        b.line_height[i] = r->styles[i].size_pt * 1.15;
        b.line_width[i] = e.width_pt;
        b.width = fmax(b.width, e.width_pt);
        b.height += b.line_height[i];
    }
    if (r->line_count > 0)
        b.height -= b.line_height[r->line_count - 1] - r->styles[r->line_count - 1].size_pt;
    return b;
}

/* Where a block goes relative to an anchor: direction (dx, dy) in {-1, 0, 1}. */
static struct page_box
point_candidate(struct page_xy anchor, double gap, double dx, double dy, struct block b)
{
    double length = sqrt(dx * dx + dy * dy);
    double x = anchor.x + dx / length * gap;
    double y = anchor.y + dy / length * gap;
    struct page_box box;
    box.x0 = dx > 0 ? x : (dx < 0 ? x - b.width : x - b.width / 2);
    /* Full steps put the box's edge at the point; half steps slide it along the side. */
    if (dy >= 1)
        box.y0 = y;
    else if (dy <= -1)
        box.y0 = y - b.height;
    else
        box.y0 = y - b.height / 2 + dy * b.height;
    box.x1 = box.x0 + b.width;
    box.y1 = box.y0 + b.height;
    return box;
}

static void
emit(struct layout *layout, const struct label_request *r, struct block b, struct page_box box,
     enum text_anchor anchor)
{
    double y = box.y0;
    for (size_t i = 0; i < r->line_count; i++) {
        double x = anchor == ANCHOR_START ? box.x0
                   : anchor == ANCHOR_END ? box.x1
                                          : (box.x0 + box.x1) / 2;
        struct page_xy at = {x, y + b.line_ascent[i]};
        scene_add_text(layout->scene, LAYER_LABELS, i == 0 ? r->id : NULL, r->lines[i], at, anchor,
                       &r->styles[i]);
        y += b.line_height[i];
    }
}

/* The leader from a symbol's edge to the nearest point of its label's box; false if the label
 * is close enough to need none. */
static bool
leader_ends(const struct label_request *r, struct page_box box, struct page_xy ends[2])
{
    struct page_xy end = {fmax(box.x0, fmin(r->anchor.x, box.x1)),
                          fmax(box.y0, fmin(r->anchor.y, box.y1))};
    double dx = end.x - r->anchor.x, dy = end.y - r->anchor.y;
    double length = sqrt(dx * dx + dy * dy);
    if (length <= r->anchor_radius_pt + 2)
        return false;
    ends[0] = (struct page_xy){r->anchor.x + dx / length * r->anchor_radius_pt,
                               r->anchor.y + dy / length * r->anchor_radius_pt};
    ends[1] = end;
    return true;
}

static bool
segment_meets_box(struct page_xy a, struct page_xy b, struct page_box box)
{
    /* Sampled every point: leaders are short and boxes are text-sized. */
    double length = hypot(b.x - a.x, b.y - a.y);
    size_t n = (size_t)ceil(length) + 1;
    for (size_t k = 0; k <= n; k++) {
        double t = (double)k / (double)n;
        double x = a.x + t * (b.x - a.x), y = a.y + t * (b.y - a.y);
        if (x > box.x0 && x < box.x1 && y > box.y0 && y < box.y1)
            return true;
    }
    return false;
}

static bool
segment_meets_circle(struct page_xy a, struct page_xy b, struct circle c)
{
    double dx = b.x - a.x, dy = b.y - a.y;
    double l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((c.centre.x - a.x) * dx + (c.centre.y - a.y) * dy) / l2 : 0;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    double ex = a.x + t * dx - c.centre.x, ey = a.y + t * dy - c.centre.y;
    return ex * ex + ey * ey < c.radius * c.radius;
}

static bool
leader_hits_box(void *context, size_t index)
{
    const struct probe *p = context;
    return segment_meets_box(p->ends[0], p->ends[1], p->solver->boxes[index]);
}

static bool
leader_hits_circle(void *context, size_t index)
{
    const struct probe *p = context;
    struct circle c = p->solver->circles[index];
    double dx = c.centre.x - p->request->anchor.x, dy = c.centre.y - p->request->anchor.y;
    if (sqrt(dx * dx + dy * dy) + c.radius <= p->request->anchor_radius_pt + 1.5)
        return false; /* the label's own symbol */
    return segment_meets_circle(p->ends[0], p->ends[1], c);
}

/* A leader may not cross another label or symbol (its own symbol excepted). */
static bool
leader_is_free(const struct label_solver *solver, const struct label_request *r,
               const struct page_xy ends[2])
{
    struct page_box extent = {fmin(ends[0].x, ends[1].x), fmin(ends[0].y, ends[1].y),
                              fmax(ends[0].x, ends[1].x), fmax(ends[0].y, ends[1].y)};
    struct probe p = {solver, r, extent, {ends[0], ends[1]}};
    return !obstacle_grid_any(&solver->box_grid, extent, leader_hits_box, &p) &&
           !obstacle_grid_any(&solver->circle_grid, extent, leader_hits_circle, &p);
}

static void
add_leader(struct layout *layout, const struct label_request *r, const struct page_xy ends[2])
{
    size_t starts[1] = {0};
    struct page_xy points[2] = {ends[0], ends[1]};
    struct scene_geometry g = {points, 2, starts, 1, false, 0};
    struct scene_paint paint;
    memset(&paint, 0, sizeof paint);
    paint.stroke = r->leader;
    paint.stroke_width_pt = 0.75;
    paint.cap = CAP_ROUND;
    scene_add_path(layout->scene, LAYER_LABELS, NULL, &g, &paint);
}

static void
remember(struct label_solver *solver, struct page_box box)
{
    labels_add_box_obstacle(solver, box);
    xgrow(&solver->placed, &solver->placed_capacity, solver->placed_count + 1,
          sizeof *solver->placed);
    solver->placed[solver->placed_count++] = box;
}

static bool
place_point(struct label_solver *solver, struct layout *layout, const struct label_request *r,
            struct block b, struct page_box bounds)
{
    /* Cartographic order: right, upper right, lower right, left, upper left, lower left, above,
     * below, then right and left slid half a box up or down; then the same ring farther out,
     * joined to the symbol by a leader line that may cross nothing. */
    static const double directions[12][2] = {{1, 0},    {1, -1},  {1, 1},     {-1, 0},
                                             {-1, -1},  {-1, 1},  {0, -1},    {0, 1},
                                             {1, -0.5}, {1, 0.5}, {-1, -0.5}, {-1, 0.5}};
    double size_scale = layout_size_scale(layout); /* distances are for a 1600 pt page */
    double pad = 1.5 * size_scale;                 /* breathing room around the text's box */
    static const double distances[] = {4, 14, 28, 44, 64, 90, 120};
    size_t rings = r->is_near_only ? 1 : sizeof distances / sizeof *distances;
    for (size_t d = 0; d < rings; d++) {
        double gap = r->anchor_radius_pt + distances[d] * size_scale;
        for (int k = 0; k < 12; k++) {
            double dx = directions[k][0], dy = directions[k][1];
            struct page_box box = point_candidate(r->anchor, gap, dx, dy, b);
            struct page_box padded = {box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad};
            if (!is_free(solver, padded, bounds))
                continue;
            struct page_xy ends[2];
            bool has_leader = d > 0 && leader_ends(r, box, ends);
            if (has_leader && !leader_is_free(solver, r, ends))
                continue;
            enum text_anchor anchor = dx > 0 ? ANCHOR_START : (dx < 0 ? ANCHOR_END : ANCHOR_MIDDLE);
            if (has_leader)
                add_leader(layout, r, ends);
            emit(layout, r, b, box, anchor);
            remember(solver, padded);
            if (has_leader)
                labels_add_line_obstacle(solver, ends, 2, 1);
            return true;
        }
    }
    return false;
}

static bool
place_area(struct label_solver *solver, struct layout *layout, const struct label_request *r,
           struct block b, struct page_box bounds)
{
    for (size_t i = 0; i < r->spot_count; i++) {
        struct page_xy c = r->spots[i];
        struct page_box box = {c.x - b.width / 2, c.y - b.height / 2, c.x + b.width / 2,
                               c.y + b.height / 2};
        struct page_box padded = {box.x0 - 2, box.y0 - 2, box.x1 + 2, box.y1 + 2};
        if (!is_free(solver, padded, bounds))
            continue;
        if (r->fits != NULL && !r->fits(r->fits_context, box))
            continue;
        emit(layout, r, b, box, ANCHOR_MIDDLE);
        remember(solver, padded);
        return true;
    }
    return false;
}

static int
compare_requests(const void *a, const void *b)
{
    const struct label_request *x = a;
    const struct label_request *y = b;
    if (x->priority != y->priority)
        return x->priority > y->priority ? -1 : 1;
    const char *xi = x->id ? x->id : "";
    const char *yi = y->id ? y->id : "";
    int by_id = strcmp(xi, yi);
    if (by_id != 0)
        return by_id;
    return x->sequence < y->sequence ? -1 : x->sequence > y->sequence;
}

size_t
labels_place(struct label_solver *solver, struct layout *layout, struct page_box bounds)
{
    qsort(solver->requests, solver->request_count, sizeof *solver->requests, compare_requests);
    size_t dropped = 0;
    for (size_t i = 0; i < solver->request_count; i++) {
        const struct label_request *r = &solver->requests[i];
        struct block b = measure_block(layout, r);
        bool placed = r->kind == LABEL_POINT ? place_point(solver, layout, r, b, bounds)
                                             : place_area(solver, layout, r, b, bounds);
        if (!placed && r->kind == LABEL_POINT && r->narrow_line_count > 0) {
            struct label_request narrow = *r;
            memcpy(narrow.lines, r->narrow_lines, sizeof narrow.lines);
            memcpy(narrow.styles, r->narrow_styles, sizeof narrow.styles);
            narrow.line_count = r->narrow_line_count;
            placed = place_point(solver, layout, &narrow, measure_block(layout, &narrow), bounds);
            if (placed && r->warn_if_dropped && r->is_narrow_shorter) {
                char whole[1024] = "";
                for (size_t k = 0; k < r->line_count; k++)
                    (void)snprintf(whole + strlen(whole), sizeof whole - strlen(whole), "%s%s",
                                   k > 0 ? " / " : "", r->lines[k]);
                layout_warn(layout, "label \"%s\" shortened to \"%s\": no room for all of it",
                            whole, r->narrow_lines[0]);
            }
        }
        if (!placed) {
            dropped++;
            if (r->has_companion)
                scene_hide_item(layout->scene, r->companion_item);
            if (r->warn_if_dropped)
                layout_warn(layout, "label \"%s\" dropped: no room near its place",
                            r->line_count ? r->lines[0] : "");
        }
    }
    return dropped;
}

size_t
labels_placed_boxes(const struct label_solver *solver, const struct page_box **boxes)
{
    *boxes = solver->placed;
    return solver->placed_count;
}

/* A query's obstacles: each marked once in the solver's bits, from `lo` to `hi` words. */
struct hits {
    struct label_solver *solver;
    struct page_box box;
    size_t lo, hi;      /* the words marked: [lo, hi) */
    double cost, limit; /* of boxes: 1000 each, counted until the limit */
};

/* Marks for `count` obstacles, all clear. */
static void
reserve_marks(struct label_solver *solver, size_t count)
{
    size_t words = (count + 63) / 64;
    if (words > solver->mark_words) {
        size_t had = solver->mark_words;
        xgrow(&solver->marks, &solver->mark_words, words, sizeof *solver->marks);
        memset(solver->marks + had, 0, (solver->mark_words - had) * sizeof *solver->marks);
    }
}

/* True the first time a query meets obstacle `index`. */
static bool
mark(struct hits *h, size_t index)
{
    uint64_t bit = (uint64_t)1 << (index % 64), *word = &h->solver->marks[index / 64];
    if (*word & bit)
        return false;
    *word |= bit;
    h->lo = index / 64 < h->lo ? index / 64 : h->lo;
    h->hi = index / 64 + 1 > h->hi ? index / 64 + 1 : h->hi;
    return true;
}

static bool
note_circle(void *context, size_t index)
{
    (void)mark(context, index); /* tested and summed in order by labels_obstacle_cost() */
    return false;               /* all of them */
}

static bool
note_box(void *context, size_t index)
{
    struct hits *h = context;
    if (mark(h, index) && page_box_intersects(h->box, h->solver->boxes[index]))
        h->cost += 1000;
    return h->cost >= h->limit; /* enough: the box cannot win */
}

static void
clear_marks(struct hits *h)
{
    if (h->hi > h->lo)
        memset(h->solver->marks + h->lo, 0, (h->hi - h->lo) * sizeof *h->solver->marks);
    h->lo = SIZE_MAX;
    h->hi = 0;
}

double
labels_obstacle_cost(struct label_solver *solver, struct page_box box, double limit)
{
    /* The legend asks this for some 400 boxes: through the grid, each obstacle once, circles
     * summed in the order they were added (the marks read in order), so the total is the same
     * to the last bit. */
    struct hits h = {solver, box, SIZE_MAX, 0, 0, limit};
    reserve_marks(solver, solver->circle_count > solver->box_count ? solver->circle_count
                                                                   : solver->box_count);
    double cost = 0;
    obstacle_grid_any(&solver->circle_grid, box, note_circle, &h);
    for (size_t w = h.lo; w < h.hi; w++) {
        for (uint64_t bits = solver->marks[w]; bits != 0; bits &= bits - 1) {
            struct circle c = solver->circles[w * 64 + (size_t)__builtin_ctzll(bits)];
            if (box_meets_circle(box, c))
                cost += 10 + c.radius * c.radius;
        }
    }
    clear_marks(&h);
    if (cost >= limit)
        return cost;
    /* Boxes add whole thousands: their order does not change the sum. */
    h.cost = cost;
    obstacle_grid_any(&solver->box_grid, box, note_box, &h);
    clear_marks(&h);
    cost = h.cost;
    for (size_t i = 0; i < solver->request_count && cost < limit; i++) {
        const struct label_request *r = &solver->requests[i];
        struct page_xy at = r->kind == LABEL_POINT ? r->anchor : r->spots[0];
        if (at.x >= box.x0 && at.x <= box.x1 && at.y >= box.y0 && at.y <= box.y1)
            cost += r->priority >= 1 ? 500 : (r->kind == LABEL_POINT ? 60 : 20);
    }
    return cost;
}
