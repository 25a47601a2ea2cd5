#include "layout/obstacle_grid.h"

#include <math.h>
#include <stdlib.h>

#include "core/alloc.h"

/* Cells of 32 pt: a label's box covers a few, a symbol one or four. Cells far apart may share a
 * bucket: a query then tries more boxes, never fewer. */
static const double cell_pt = 32.0;
enum {
    OBSTACLE_GRID_BUCKETS = 4096,
    CELLS_MAX_PER_BOX = 256,   /* a larger box (a frame, a legend on a small page) is everywhere */
    CELL_INDEX_LIMIT = 1 << 20 /* cells beyond this clamp to it: 33 million points away */
};

struct cell_range {
    long x0, y0, x1, y1;
};

static long
cell_of(double value_pt)
{
    double cell = floor(value_pt / cell_pt);
    return cell < -CELL_INDEX_LIMIT  ? -CELL_INDEX_LIMIT
           : cell > CELL_INDEX_LIMIT ? CELL_INDEX_LIMIT
                                     : (long)cell;
}

/* The cells a box covers, its corners taken in either order; false if a coordinate is NaN or
 * infinite, or the box covers more than `cells_max` cells. */
static bool
cells_of(struct page_box box, size_t cells_max, struct cell_range *range)
{
    if (!(isfinite(box.x0) && isfinite(box.y0) && isfinite(box.x1) && isfinite(box.y1)))
        return false;
    range->x0 = cell_of(fmin(box.x0, box.x1));
    range->x1 = cell_of(fmax(box.x0, box.x1));
    range->y0 = cell_of(fmin(box.y0, box.y1));
    range->y1 = cell_of(fmax(box.y0, box.y1));
    double cells =
        ((double)range->x1 - (double)range->x0 + 1) * ((double)range->y1 - (double)range->y0 + 1);
    return cells <= (double)cells_max;
}

static size_t
bucket_of(long x, long y)
{
    unsigned long h = (unsigned long)x * 73856093ul ^ (unsigned long)y * 19349663ul;
    return (size_t)(h % OBSTACLE_GRID_BUCKETS);
}

static void
bucket_push(struct obstacle_bucket *bucket, size_t index)
{
    xgrow(&bucket->indices, &bucket->capacity, bucket->count + 1, sizeof *bucket->indices);
    bucket->indices[bucket->count++] = index;
}

void
obstacle_grid_init(struct obstacle_grid *grid)
{
    grid->buckets = NULL;
    grid->everywhere = (struct obstacle_bucket){NULL, 0, 0};
    grid->count = 0;
}

void
obstacle_grid_fini(struct obstacle_grid *grid)
{
    if (grid->buckets != NULL)
        for (size_t i = 0; i < OBSTACLE_GRID_BUCKETS; i++)
            free(grid->buckets[i].indices);
    free(grid->buckets);
    free(grid->everywhere.indices);
    obstacle_grid_init(grid);
}

void
obstacle_grid_add(struct obstacle_grid *grid, struct page_box box)
{
    size_t index = grid->count++;
    struct cell_range r;
    if (!cells_of(box, CELLS_MAX_PER_BOX, &r)) {
        bucket_push(&grid->everywhere, index);
        return;
    }
    if (grid->buckets == NULL)
        grid->buckets = xcalloc(OBSTACLE_GRID_BUCKETS, sizeof *grid->buckets);
    for (long y = r.y0; y <= r.y1; y++) {
        for (long x = r.x0; x <= r.x1; x++) {
            struct obstacle_bucket *bucket = &grid->buckets[bucket_of(x, y)];
            /* Cells of one box that share a bucket list it once. */
            if (bucket->count == 0 || bucket->indices[bucket->count - 1] != index)
                bucket_push(bucket, index);
        }
    }
}

static bool
any_in(const struct obstacle_bucket *bucket, bool (*hit)(void *context, size_t index),
       void *context)
{
    for (size_t i = 0; i < bucket->count; i++)
        if (hit(context, bucket->indices[i]))
            return true;
    return false;
}

bool
obstacle_grid_any(const struct obstacle_grid *grid, struct page_box query,
                  bool (*hit)(void *context, size_t index), void *context)
{
    struct cell_range r;
    if (!cells_of(query, OBSTACLE_GRID_BUCKETS, &r)) {
        for (size_t i = 0; i < grid->count; i++)
            if (hit(context, i))
                return true;
        return false;
    }
    if (any_in(&grid->everywhere, hit, context))
        return true;
    if (grid->buckets == NULL)
        return false;
    for (long y = r.y0; y <= r.y1; y++)
        for (long x = r.x0; x <= r.x1; x++)
            if (any_in(&grid->buckets[bucket_of(x, y)], hit, context))
                return true;
    return false;
}
