/* The base map: sea, countries filled by group, borders, the Crimea point of view and the
 * country labels queued for the solver. Deployments are drawn by symbols.c and arrows.c. */
#ifndef LAYOUT_BASEMAP_H
#define LAYOUT_BASEMAP_H

#include "data/countries.h"
#include "geo/clip.h"
#include "layout/layout.h"

struct fit_context;

struct map_group {
    const char *section; /* "group.eastern_flank" (borrowed from the style) */
    const char *label;
    struct rgba fill;
    bool is_default; /* members = *: every country no other group names */
    bool is_shown;   /* some member is on the page */
};

struct country_shape {
    const struct country *country;
    size_t group;
    struct page_xy *points; /* visible part, page points */
    size_t point_count;
    size_t *ring_starts;
    size_t ring_count;
    double area_pt2; /* visible area */
};

struct basemap {
    struct map_group *groups;
    size_t group_count;
    struct country_shape *shapes;
    size_t shape_count;
    bool has_crimea_note; /* a Crimea legend entry is due */
    struct rgba crimea_fill, crimea_hatch;
    const struct scene_geometry *crimea; /* the outline in page points, kept by the scene */
    const char *crimea_owner;            /* "UKR" or "RUS": whose label may sit inside it */
    struct fit_context *fits;            /* one per shape, for the label solver's callbacks */
};

/* Projects and clips the countries (already lon/lat unless crs is given) into page shapes. */
enum posture_status basemap_build(struct layout *layout, const struct country_set *countries,
                                  struct source_crs *crs, struct basemap *basemap);
/* Adds sea, fills, borders, Crimea and queues country labels. */
void basemap_draw(struct layout *layout, struct basemap *basemap);
void basemap_fini(struct basemap *basemap);

/* The shape of the country with this code on the page; NULL if it is not drawn. */
const struct country_shape *basemap_find_shape(const struct basemap *basemap, const char *code);
struct scene_geometry basemap_shape_geometry(const struct country_shape *shape);

/* Buffers for projecting rings; `shape` collects the rings added. */
struct ring_work {
    struct point_buffer unwrapped, clipped, page, simplified;
    struct geometry_builder shape;
};
void ring_work_init(struct ring_work *w);
void ring_work_fini(struct ring_work *w);
/* One lon/lat ring onto the page as the countries are: made continuous, clipped to what the
 * frame shows, projected, clipped to the frame, simplified; appended to w->shape unless nothing
 * of it shows. *area grows by its area in pt^2. */
void basemap_add_ring(struct layout *layout, struct ring_work *w, const double *xy, size_t count,
                      double *area);

#endif
