#include "geo/topology.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "geo/simplify.h"

/* Open addressing with linear probing in power-of-two tables kept at most half full; a slot
 * holds an index into a dense array plus one (0: free), so a large table is cheap to clear. */
static size_t
capacity_for(size_t count)
{
    size_t capacity = 1024;
    while (capacity < 2 * count)
        capacity *= 2;
    return capacity;
}

struct vertex {
    double xy[2];
    double around[4]; /* the previous and the next point where it was first seen */
    size_t seen_count;
    bool is_junction;
};

struct topology {
    size_t *slots;
    size_t capacity;
    struct vertex *vertices;
    size_t count, vertex_capacity;
    unsigned char *anchors; /* topology_simplify_ring's, reused from ring to ring */
    size_t anchor_capacity;
};

struct edge {
    double a[2], b[2]; /* a first in coordinate order */
};

struct edge_set {
    size_t *slots;
    size_t capacity;
    struct edge *edges;
    size_t count, edge_capacity;
};

/* Hashes a double's bits, with -0 as 0 since they compare equal. */
static uint64_t
mix_double(uint64_t h, double v)
{
    v += 0.0;
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    h ^= bits;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static size_t
hash_point(const double *p)
{
    uint64_t h = mix_double(mix_double(0x9e3779b97f4a7c15ULL, p[0]), p[1]);
    h *= 0xc4ceb9fe1a85ec53ULL;
    return (size_t)(h ^ (h >> 29));
}

static bool
same_point(const double *p, const double *q)
{
    return p[0] == q[0] && p[1] == q[1];
}

static bool
comes_before(const double *p, const double *q)
{
    return p[0] < q[0] || (p[0] == q[0] && p[1] < q[1]);
}

/* Points of a ring counted once: without a last point that repeats the first. */
static size_t
distinct_count(const double *xy, size_t count)
{
    return count >= 2 && same_point(xy, xy + 2 * (count - 1)) ? count - 1 : count;
}

struct topology *
topology_create(size_t point_count)
{
    struct topology *topology = xcalloc(1, sizeof *topology);
    topology->capacity = capacity_for(point_count);
    topology->slots = xcalloc(topology->capacity, sizeof *topology->slots);
    return topology;
}

void
topology_destroy(struct topology *topology)
{
    if (topology == NULL)
        return;
    free(topology->slots);
    free(topology->vertices);
    free(topology->anchors);
    free(topology);
}

/* The slot holding p, or the free slot where it belongs. */
static size_t *
find_vertex(const struct topology *topology, const double *p)
{
    size_t mask = topology->capacity - 1;
    for (size_t i = hash_point(p) & mask;; i = (i + 1) & mask) {
        size_t *slot = &topology->slots[i];
        if (*slot == 0 || same_point(topology->vertices[*slot - 1].xy, p))
            return slot;
    }
}

static void
grow_vertices(struct topology *topology)
{
    free(topology->slots);
    topology->capacity *= 2;
    topology->slots = xcalloc(topology->capacity, sizeof *topology->slots);
    for (size_t i = 0; i < topology->count; i++)
        *find_vertex(topology, topology->vertices[i].xy) = i + 1;
}

void
topology_add_ring(struct topology *topology, const double *xy, size_t count)
{
    size_t n = distinct_count(xy, count);
    for (size_t i = 0; i < n; i++) {
        const double *p = xy + 2 * i;
        const double *before = xy + 2 * ((i + n - 1) % n);
        const double *after = xy + 2 * ((i + 1) % n);
        size_t *slot = find_vertex(topology, p);
        if (*slot == 0) {
            xgrow(&topology->vertices, &topology->vertex_capacity, topology->count + 1,
                  sizeof *topology->vertices);
            struct vertex *v = &topology->vertices[topology->count++];
            memcpy(v->xy, p, sizeof v->xy);
            memcpy(v->around, before, 2 * sizeof *before);
            memcpy(v->around + 2, after, 2 * sizeof *after);
            v->seen_count = 1;
            v->is_junction = false;
            *slot = topology->count;
            if (2 * topology->count > topology->capacity)
                grow_vertices(topology);
            continue;
        }
        struct vertex *v = &topology->vertices[*slot - 1];
        if (!v->is_junction) {
            /* The same neighbours either way round: the same border passes on. */
            bool is_same = (same_point(before, v->around) && same_point(after, v->around + 2)) ||
                           (same_point(before, v->around + 2) && same_point(after, v->around));
            v->is_junction = !is_same;
        }
        v->seen_count++;
    }
}

bool
topology_find_anchors(struct topology *topology, const double *xy, size_t count,
                      unsigned char *anchor)
{
    bool is_shared = false;
    for (size_t i = 0; i < count; i++) {
        size_t slot = *find_vertex(topology, xy + 2 * i);
        const struct vertex *v = slot > 0 ? &topology->vertices[slot - 1] : NULL;
        anchor[i] = v != NULL && v->is_junction;
        is_shared = is_shared || (v != NULL && v->seen_count > 1);
    }
    return is_shared;
}

size_t
topology_simplify_ring(struct topology *topology, const double *xy, size_t count, double tolerance,
                       struct point_buffer *out)
{
    out->count = 0;
    size_t n = distinct_count(xy, count);
    xgrow(&topology->anchors, &topology->anchor_capacity, 2 * (n + 1), 1);
    unsigned char *anchor = topology->anchors;
    if (tolerance <= 0 || n < 3 || !topology_find_anchors(topology, xy, n, anchor)) {
        for (size_t i = 0; i < count; i++)
            point_buffer_push(out, xy[2 * i], xy[2 * i + 1]);
        out->count = simplify_line(out->xy, out->count, tolerance);
        return out->count;
    }
    /* Start at an anchor so no span between anchors wraps round the ring's end. */
    size_t start = 0;
    while (start < n && !anchor[start])
        start++;
    if (start == n) {
        start = 0;
        for (size_t i = 1; i < n; i++)
            if (comes_before(xy + 2 * i, xy + 2 * start))
                start = i;
        anchor[start] = 1;
    }
    /* The anchors rotated along, in the free space after them. */
    unsigned char *keep = anchor + n + 1;
    for (size_t k = 0; k <= n; k++) {
        size_t i = (start + k) % n;
        point_buffer_push(out, xy[2 * i], xy[2 * i + 1]);
        keep[k] = anchor[i];
    }
    out->count = simplify_line_keeping(out->xy, n + 1, tolerance, keep);
    return out->count;
}

struct edge_set *
edge_set_create(size_t edge_count)
{
    struct edge_set *set = xcalloc(1, sizeof *set);
    set->capacity = capacity_for(edge_count);
    set->slots = xcalloc(set->capacity, sizeof *set->slots);
    return set;
}

void
edge_set_destroy(struct edge_set *set)
{
    if (set == NULL)
        return;
    free(set->slots);
    free(set->edges);
    free(set);
}

static size_t *
find_edge(const struct edge_set *set, const double *a, const double *b)
{
    size_t mask = set->capacity - 1;
    size_t h = hash_point(a) * 31 + hash_point(b);
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        size_t *slot = &set->slots[i];
        if (*slot == 0)
            return slot;
        const struct edge *e = &set->edges[*slot - 1];
        if (same_point(e->a, a) && same_point(e->b, b))
            return slot;
    }
}

bool
edge_set_add(struct edge_set *set, const double *a, const double *b)
{
    if (comes_before(b, a)) {
        const double *swap = a;
        a = b;
        b = swap;
    }
    size_t *slot = find_edge(set, a, b);
    if (*slot != 0)
        return false;
    xgrow(&set->edges, &set->edge_capacity, set->count + 1, sizeof *set->edges);
    struct edge *e = &set->edges[set->count++];
    memcpy(e->a, a, sizeof e->a);
    memcpy(e->b, b, sizeof e->b);
    *slot = set->count;
    if (2 * set->count > set->capacity) {
        free(set->slots);
        set->capacity *= 2;
        set->slots = xcalloc(set->capacity, sizeof *set->slots);
        for (size_t i = 0; i < set->count; i++)
            *find_edge(set, set->edges[i].a, set->edges[i].b) = i + 1;
    }
    return true;
}

bool
edge_set_skip_drawn(struct edge_set *set, const double *xy, size_t count, bool *skip)
{
    bool is_any = false;
    for (size_t i = 0; i < count; i++) {
        const double *a = xy + 2 * i, *b = xy + 2 * ((i + 1) % count);
        if (!skip[i] && !same_point(a, b))
            skip[i] = !edge_set_add(set, a, b);
        is_any = is_any || skip[i];
    }
    return is_any;
}
