#include "scene/scene.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

static const char *const layer_names[LAYER_COUNT] = {
    "background", "countries", "features", "borders", "areas",
    "movements",  "positions", "labels",   "legend",  "furniture",
};

void
scene_set_group(struct scene *scene, struct scene_item *item, const char *group)
{
    item->group = group != NULL ? arena_strdup(&scene->arena, group) : NULL;
}

const char *
scene_layer_name(enum scene_layer layer)
{
    return layer < LAYER_COUNT ? layer_names[layer] : "unknown";
}

struct scene *
scene_create(double width_pt, double height_pt)
{
    struct scene *scene = xcalloc(1, sizeof *scene);
    scene->width_pt = width_pt;
    scene->height_pt = height_pt;
    arena_init(&scene->arena);
    return scene;
}

void
scene_destroy(struct scene *scene)
{
    if (scene == NULL)
        return;
    free(scene->items);
    arena_fini(&scene->arena);
    free(scene);
}

void
scene_set_title(struct scene *scene, const char *title, const char *description)
{
    scene->title = title ? arena_strdup(&scene->arena, title) : NULL;
    scene->description = description ? arena_strdup(&scene->arena, description) : NULL;
}

void
scene_set_font_files(struct scene *scene, const char *font_files)
{
    scene->font_files = font_files ? arena_strdup(&scene->arena, font_files) : NULL;
}

static struct scene_item *
add_item(struct scene *scene, enum scene_item_kind kind, enum scene_layer layer, const char *id)
{
    xgrow(&scene->items, &scene->item_capacity, scene->item_count + 1, sizeof *scene->items);
    struct scene_item *item = &scene->items[scene->item_count];
    memset(item, 0, sizeof *item);
    item->kind = kind;
    item->layer = layer;
    item->id = id ? arena_strdup(&scene->arena, id) : NULL;
    item->sequence = scene->item_count;
    scene->item_count++;
    return item;
}

static struct scene_geometry
copy_geometry(struct arena *arena, const struct scene_geometry *geometry)
{
    struct scene_geometry copy = *geometry;
    copy.points =
        arena_memdup(arena, geometry->points, geometry->point_count * sizeof *geometry->points);
    copy.subpath_starts = arena_memdup(arena, geometry->subpath_starts,
                                       geometry->subpath_count * sizeof *geometry->subpath_starts);
    return copy;
}

struct scene_item *
scene_add_path(struct scene *scene, enum scene_layer layer, const char *id,
               const struct scene_geometry *geometry, const struct scene_paint *paint)
{
    struct scene_item *item = add_item(scene, ITEM_PATH, layer, id);
    item->geometry = copy_geometry(&scene->arena, geometry);
    item->paint = *paint;
    return item;
}

void
scene_hide_item(struct scene *scene, size_t index)
{
    if (index < scene->item_count)
        scene->items[index].is_hidden = true;
}

size_t
scene_item_index(const struct scene *scene, const struct scene_item *item)
{
    return (size_t)(item - scene->items);
}

struct scene_item *
scene_add_circle(struct scene *scene, enum scene_layer layer, const char *id, struct page_xy centre,
                 double radius_pt, const struct scene_paint *paint)
{
    struct scene_item *item = add_item(scene, ITEM_CIRCLE, layer, id);
    item->centre = centre;
    item->radius_pt = radius_pt;
    item->paint = *paint;
    return item;
}

struct scene_item *
scene_add_text(struct scene *scene, enum scene_layer layer, const char *id, const char *text,
               struct page_xy at, enum text_anchor anchor, const struct text_style *style)
{
    struct scene_item *item = add_item(scene, ITEM_TEXT, layer, id);
    item->text = arena_strdup(&scene->arena, text);
    item->at = at;
    item->anchor = anchor;
    item->text_style = *style;
    item->text_style.family = arena_strdup(&scene->arena, style->family ? style->family : "sans");
    return item;
}

const struct scene_geometry *
scene_keep_geometry(struct scene *scene, const struct scene_geometry *geometry)
{
    struct scene_geometry *kept = arena_alloc(&scene->arena, sizeof *kept);
    *kept = copy_geometry(&scene->arena, geometry);
    return kept;
}

static int
compare_items(const void *a, const void *b)
{
    const struct scene_item *x = a;
    const struct scene_item *y = b;
    if (x->layer != y->layer)
        return x->layer < y->layer ? -1 : 1;
    return x->sequence < y->sequence ? -1 : x->sequence > y->sequence;
}

const struct scene_item *
scene_items_sorted(struct scene *scene, size_t *count)
{
    size_t kept = 0;
    for (size_t i = 0; i < scene->item_count; i++)
        if (!scene->items[i].is_hidden)
            scene->items[kept++] = scene->items[i];
    scene->item_count = kept;
    if (scene->item_count > 1)
        qsort(scene->items, scene->item_count, sizeof *scene->items, compare_items);
    *count = scene->item_count;
    return scene->items;
}

void
geometry_builder_init(struct geometry_builder *builder)
{
    memset(builder, 0, sizeof *builder);
}

void
geometry_builder_fini(struct geometry_builder *builder)
{
    free(builder->points);
    free(builder->starts);
    memset(builder, 0, sizeof *builder);
}

void
geometry_builder_reset(struct geometry_builder *builder)
{
    builder->point_count = 0;
    builder->start_count = 0;
}

void
geometry_builder_move_to(struct geometry_builder *builder, struct page_xy at)
{
    xgrow(&builder->starts, &builder->start_capacity, builder->start_count + 1,
          sizeof *builder->starts);
    builder->starts[builder->start_count++] = builder->point_count;
    geometry_builder_line_to(builder, at);
}

void
geometry_builder_line_to(struct geometry_builder *builder, struct page_xy at)
{
    xgrow(&builder->points, &builder->point_capacity, builder->point_count + 1,
          sizeof *builder->points);
    builder->points[builder->point_count++] = at;
}

struct scene_geometry
geometry_builder_view(const struct geometry_builder *builder, bool is_closed)
{
    struct scene_geometry view = {
        .points = builder->points,
        .point_count = builder->point_count,
        .subpath_starts = builder->starts,
        .subpath_count = builder->start_count,
        .is_closed = is_closed,
    };
    return view;
}

bool
scene_subpath_is_closed(const struct scene_geometry *g, size_t s)
{
    return g->is_closed && s + g->open_subpath_count < g->subpath_count;
}

size_t
scene_subpath_end(const struct scene_geometry *g, size_t s)
{
    size_t end = s + 1 < g->subpath_count ? g->subpath_starts[s + 1] : g->point_count;
    return end < g->point_count ? end : g->point_count;
}

struct rgba
rgba_make(double r, double g, double b, double a)
{
    struct rgba c = {r, g, b, a};
    return c;
}

struct page_box
page_box_union(struct page_box a, struct page_box b)
{
    struct page_box u = {
        a.x0 < b.x0 ? a.x0 : b.x0,
        a.y0 < b.y0 ? a.y0 : b.y0,
        a.x1 > b.x1 ? a.x1 : b.x1,
        a.y1 > b.y1 ? a.y1 : b.y1,
    };
    return u;
}

bool
page_box_intersects(struct page_box a, struct page_box b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}
