/* Label placement: every label against the obstacles near it (symbols, arrows, other labels,
 * legend, title block, frame; found through obstacle_grid.c), greedily in priority order over
 * candidate positions. What a label says and how important it is comes from the caller. */
#ifndef LAYOUT_LABELS_H
#define LAYOUT_LABELS_H

#include <stdbool.h>
#include <stddef.h>

#include "layout/layout.h"

enum { LABEL_MAX_LINES = 4, LABEL_MAX_SPOTS = 16 };

enum label_kind {
    LABEL_POINT, /* beside a symbol: eight positions around it, then farther with a leader */
    LABEL_AREA,  /* centred on one of the given spots (a country's interior) */
};

struct label_request {
    const char *id;
    enum label_kind kind;
    const char *lines[LABEL_MAX_LINES];
    struct text_style styles[LABEL_MAX_LINES];
    size_t line_count;
    /* A smaller form tried when the label finds no room: a small page's "Yelnya ~25,000" as
     * the name over its number, a label's first line alone, "from Fort Bragg" for "from Fort
     * Bragg, North Carolina"; none if narrow_line_count is 0. */
    const char *narrow_lines[LABEL_MAX_LINES];
    struct text_style narrow_styles[LABEL_MAX_LINES];
    size_t narrow_line_count;
    bool is_narrow_shorter;  /* the smaller form leaves text out: placing it is warned of */
    double priority;         /* higher is placed first */
    struct page_xy anchor;   /* LABEL_POINT: the symbol's centre */
    double anchor_radius_pt; /* LABEL_POINT: the symbol's radius (gap starts there) */
    struct page_xy spots[LABEL_MAX_SPOTS]; /* LABEL_AREA: candidate centres, best first */
    size_t spot_count;
    bool (*fits)(void *context, struct page_box box); /* LABEL_AREA: box acceptable? may be NULL */
    void *fits_context;
    bool warn_if_dropped;
    bool is_near_only;  /* LABEL_POINT: only right beside the anchor, no leader line */
    struct rgba leader; /* colour of a leader line, if one is needed */
    /* A scene item that goes with the label: hidden if the label is dropped (a place's dot,
     * which means nothing without its name). */
    bool has_companion;
    size_t companion_item; /* scene_item_index() */
    size_t sequence;       /* set by labels_add: the order of adding, the last tie-breaker */
};

struct label_solver *label_solver_create(void);
void label_solver_destroy(struct label_solver *solver);

void labels_add_box_obstacle(struct label_solver *solver, struct page_box box);
void labels_add_circle_obstacle(struct label_solver *solver, struct page_xy centre, double radius);
/* A thick polyline (an arrow): page points, half its width. */
void labels_add_line_obstacle(struct label_solver *solver, const struct page_xy *points,
                              size_t count, double half_width);
/* Copies the request (strings included). */
void labels_add(struct label_solver *solver, const struct label_request *request);

/* Places all queued labels inside `bounds` and adds them to the scene's labels layer; dropped
 * labels with warn_if_dropped produce a warning. Returns how many were dropped. */
size_t labels_place(struct label_solver *solver, struct layout *layout, struct page_box bounds);

/* How much a box would cover: symbols and arrows in it (by area) and queued label anchors. The
 * sum stops once it reaches `limit` (INFINITY: never), returning what it had then: a caller
 * looking for the least cost needs no more of a box that cannot win. */
double labels_obstacle_cost(struct label_solver *solver, struct page_box box, double limit);

/* For tests: the boxes of placed labels, in placement order. */
size_t labels_placed_boxes(const struct label_solver *solver, const struct page_box **boxes);

#endif
