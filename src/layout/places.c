#include "layout/places.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "layout/labels.h"

void
places_draw(struct layout *layout, const struct gazetteer *gazetteer)
{
    const char *names = layout_string(layout, "places", "names");
    /* On small pages the capitals would take the room deployments need. */
    if (layout_reading_width(layout) < layout_number_or(layout, "places", "min_page_width", 0))
        return;
    if (layout_failed(layout) || names[0] == '\0')
        return;
    struct scene_paint dot;
    memset(&dot, 0, sizeof dot);
    dot.pattern = PATTERN_SOLID;
    dot.fill = layout_colour(layout, "places", "dot");
    dot.stroke = layout_colour(layout, "places", "dot_outline");
    dot.stroke_width_pt = 1;
    double radius = layout_number(layout, "places", "dot_radius_pt");
    struct text_style style = layout_text_style(layout, "places", "");
    char buffer[2048];
    (void)snprintf(buffer, sizeof buffer, "%s", names);
    char *save = NULL;
    for (char *name = strtok_r(buffer, "|", &save); name && !layout_failed(layout);
         name = strtok_r(NULL, "|", &save)) {
        while (*name == ' ')
            name++;
        const struct gazetteer_entry *entry = gazetteer ? gazetteer_find(gazetteer, name) : NULL;
        if (entry == NULL) {
            error_set(layout->err, POSTURE_ERR_INPUT,
                      "[places] names: unknown place \"%s\" (not in the gazetteer)", name);
            return;
        }
        struct page_xy at = viewport_project(&layout->viewport, layout->projection, entry->at);
        if (at.x == HUGE_VAL || !viewport_contains(&layout->viewport, at))
            continue;
        char id[128];
        (void)snprintf(id, sizeof id, "place-%s", name);
        struct scene_item *item =
            scene_add_circle(layout->scene, LAYER_POSITIONS, id, at, radius, &dot);
        size_t item_index = scene_item_index(layout->scene, item);
        labels_add_circle_obstacle(layout->labels, at, radius + 1);
        struct label_request r;
        memset(&r, 0, sizeof r);
        r.kind = LABEL_POINT;
        r.lines[0] = layout_display_name(layout, NULL, entry->name);
        r.styles[0] = style;
        r.line_count = 1;
        r.anchor = at;
        r.anchor_radius_pt = radius;
        r.priority = 0.5;
        r.is_near_only = true;
        r.has_companion = true; /* a dot without its name is a riddle: both go */
        r.companion_item = item_index;
        labels_add(layout->labels, &r);
    }
}
