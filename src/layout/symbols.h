/* Deployment symbols: sides from the style, circles whose area is proportional to troops, and
 * the labels that go with them. Arrows for movements are arrows.c's. */
#ifndef LAYOUT_SYMBOLS_H
#define LAYOUT_SYMBOLS_H

#include "data/deployments.h"
#include "layout/layout.h"

enum { MAX_SIDES = 16 };

struct map_side {
    const char *section; /* "side.us" */
    const char *label;   /* legend text */
    const char *names;   /* "US|USA|United States" */
    struct rgba colour, outline;
    bool is_used;
    bool has_positions, has_movements;
};

struct side_set {
    struct map_side sides[MAX_SIDES];
    size_t count;
    /* Troops of the circles symbols_draw() put on the map (positions and arrivals), for the
     * legend's key: max 0 when none shows. */
    double drawn_troops_max, drawn_troops_min;
};

void sides_read(struct layout *layout, struct side_set *sides);
/* The side a table's "side" value means; fails naming the table's line if none. */
struct map_side *sides_find(struct layout *layout, struct side_set *sides,
                            const struct deployment_table *table, const struct deployment *row);

/* Radius of a circle for troops: area proportional, reference radius at reference troops. */
double symbols_radius_pt(double troops, double reference_troops, double reference_radius_pt);
double symbols_radius_for(struct layout *layout, double troops);

/* Circles for positions and movement destinations (and obstacles and labels for them). */
void symbols_draw(struct layout *layout, const struct deployment_table *table,
                  struct side_set *sides);
/* Splits a label on line breaks and queues it beside a symbol. */
void symbols_queue_label(struct layout *layout, const char *id, const char *text,
                         struct page_xy anchor, double radius, double priority);

#endif
