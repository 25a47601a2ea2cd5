/* A spatial index for the label solver: boxes in page points, numbered in the order added, found
 * by the grid cells they share with a query box. What counts as a hit is the caller's test. */
#ifndef LAYOUT_OBSTACLE_GRID_H
#define LAYOUT_OBSTACLE_GRID_H

#include <stdbool.h>
#include <stddef.h>

#include "scene/scene.h"

struct obstacle_bucket {
    size_t *indices;
    size_t count, capacity;
};

struct obstacle_grid {
    struct obstacle_bucket *buckets; /* cells hashed into OBSTACLE_GRID_BUCKETS; NULL until used */
    struct obstacle_bucket everywhere; /* too large or not finite: tested by every query */
    size_t count;                      /* boxes added: their indices are 0 .. count - 1 */
};

void obstacle_grid_init(struct obstacle_grid *grid);
void obstacle_grid_fini(struct obstacle_grid *grid);

/* Adds the next box (index grid->count): any box, inverted or not finite. */
void obstacle_grid_add(struct obstacle_grid *grid, struct page_box box);

/* Whether hit(context, index) is true for some box that may meet `query`: every box sharing a
 * cell with it, and those kept everywhere, are tried (some more than once), in no set order,
 * until one hits. A query too large or not finite tries every box. */
bool obstacle_grid_any(const struct obstacle_grid *grid, struct page_box query,
                       bool (*hit)(void *context, size_t index), void *context);

#endif
