#include "layout/symbols.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/utf8.h"
#include "layout/labels.h"

void
sides_read(struct layout *layout, struct side_set *sides)
{
    const char *names[MAX_SIDES];
    memset(sides, 0, sizeof *sides);
    sides->count = style_sections(layout->style, "side.", names, MAX_SIDES);
    for (size_t i = 0; i < sides->count; i++) {
        struct map_side *s = &sides->sides[i];
        s->section = names[i];
        s->label = layout_string(layout, names[i], "label");
        s->names = layout_string(layout, names[i], "names");
        s->colour = layout_colour(layout, names[i], "colour");
        s->outline = layout_colour(layout, names[i], "outline");
    }
}

static bool
name_matches(const char *names, const char *folded_value)
{
    /* names: "US|USA|United States", compared folded (case, accents, punctuation). */
    char buffer[256];
    (void)snprintf(buffer, sizeof buffer, "%s", names);
    char *save = NULL;
    for (char *part = strtok_r(buffer, "|", &save); part; part = strtok_r(NULL, "|", &save)) {
        char *folded = utf8_fold(part);
        bool same = strcmp(folded, folded_value) == 0;
        free(folded);
        if (same)
            return true;
    }
    return false;
}

struct map_side *
sides_find(struct layout *layout, struct side_set *sides, const struct deployment_table *table,
           const struct deployment *row)
{
    char *folded = utf8_fold(row->side);
    struct map_side *found = NULL;
    for (size_t i = 0; i < sides->count && found == NULL; i++) {
        const char *key = sides->sides[i].section + strlen("side.");
        if (strcmp(folded, key) == 0 || name_matches(sides->sides[i].names, folded))
            found = &sides->sides[i];
    }
    free(folded);
    if (found == NULL) {
        error_set(layout->err, POSTURE_ERR_INPUT,
                  "%s:%zu: side \"%s\" is not in the style (add a [side.*] section)", table->path,
                  row->line, row->side);
        return NULL;
    }
    found->is_used = true;
    return found;
}

double
symbols_radius_pt(double troops, double reference_troops, double reference_radius_pt)
{
    if (troops <= 0 || reference_troops <= 0)
        return 0;
    return reference_radius_pt * sqrt(troops / reference_troops);
}

double
symbols_radius_for(struct layout *layout, double troops)
{
    double r = symbols_radius_pt(troops, layout_number(layout, "symbols", "reference_troops"),
                                 layout_number(layout, "symbols", "reference_radius_pt"));
    double min = layout_number(layout, "symbols", "min_radius_pt");
    return r < min ? min : r;
}

void
symbols_queue_label(struct layout *layout, const char *id, const char *text, struct page_xy anchor,
                    double radius, double priority)
{
    struct label_request r;
    memset(&r, 0, sizeof r);
    r.id = id;
    r.kind = LABEL_POINT;
    r.anchor = anchor;
    r.anchor_radius_pt = radius;
    r.priority = priority;
    r.warn_if_dropped = true;
    r.leader = layout_colour(layout, "labels", "leader");
    char buffer[1024];
    (void)snprintf(buffer, sizeof buffer, "%s", text);
    char *save = NULL;
    struct text_style first = layout_text_style(layout, "labels", "");
    struct text_style rest = layout_text_style(layout, "labels", "detail_");
    for (char *line = strtok_r(buffer, "\n", &save); line && r.line_count < LABEL_MAX_LINES;
         line = strtok_r(NULL, "\n", &save)) {
        r.lines[r.line_count] = line;
        r.styles[r.line_count] = r.line_count == 0 ? first : rest;
        r.line_count++;
    }
    /* Small pages get one line: the first, with the first line holding a number joined to it
     * ("Yelnya ~25,000"), since the detail costs the room the number needs. */
    char joined[1024], short_line[1024];
    const char *comma = NULL;
    if (r.line_count > 1 && layout_reading_width(layout) <
                                layout_number_or(layout, "labels", "details_from_page_width", 0)) {
        const char *number = NULL;
        for (size_t i = 0; i < r.line_count && number == NULL; i++)
            if (strpbrk(r.lines[i], "0123456789") != NULL)
                number = r.lines[i];
        if (number != NULL && number != r.lines[0]) {
            (void)snprintf(joined, sizeof joined, "%s %s", r.lines[0], number);
            /* where one line finds no room, the name over the number may, as larger pages
             * show it */
            r.narrow_lines[0] = r.lines[0];
            r.narrow_lines[1] = number;
            r.narrow_styles[0] = first;
            r.narrow_styles[1] = rest;
            r.narrow_line_count = 2;
            r.lines[0] = joined;
        }
        r.line_count = 1;
    } else if (r.line_count > 1) {
        /* where the whole label finds no room, its first line may: the symbol labelled at
         * least by its name or its number rather than not at all */
        r.narrow_lines[0] = r.lines[0];
        r.narrow_styles[0] = r.styles[0];
        r.narrow_line_count = 1;
        r.is_narrow_shorter = true;
    } else if (r.line_count == 1 && (comma = strstr(r.lines[0], ", ")) != NULL) {
        /* "from Fort Bragg, North Carolina": the place without its region */
        (void)snprintf(short_line, sizeof short_line, "%.*s", (int)(comma - r.lines[0]),
                       r.lines[0]);
        r.narrow_lines[0] = short_line;
        r.narrow_styles[0] = r.styles[0];
        r.narrow_line_count = 1;
        r.is_narrow_shorter = true;
    }
    if (r.line_count > 0)
        labels_add(layout->labels, &r);
}

static void
default_label(const struct deployment *row, const struct map_side *side, char *out, size_t size)
{
    char count[32];
    layout_format_count(row->troops, count, sizeof count);
    const char *noun = side->label;
    (void)snprintf(out, size, "~%s troops\n%s", count, noun);
}

void
symbols_draw(struct layout *layout, const struct deployment_table *table, struct side_set *sides)
{
    double opacity = layout_number(layout, "symbols", "opacity");
    double outline_width = layout_number(layout, "symbols", "outline_width_pt");
    sides->drawn_troops_max = 0;
    sides->drawn_troops_min = INFINITY;
    for (size_t i = 0; i < table->row_count && !layout_failed(layout); i++) {
        const struct deployment *row = &table->rows[i];
        if (row->kind == DEPLOYMENT_AREA)
            continue; /* areas.c's */
        struct map_side *side = sides_find(layout, sides, table, row);
        if (side == NULL)
            return;
        struct page_xy at = viewport_project(&layout->viewport, layout->projection, row->to.at);
        if (at.x == HUGE_VAL || !viewport_contains(&layout->viewport, at)) {
            layout_warn(layout, "%s:%zu: %s lies outside the map", table->path, row->line,
                        row->to.name[0] ? row->to.name : "the place");
            continue;
        }
        if (row->kind == DEPLOYMENT_POSITION)
            side->has_positions = true;
        sides->drawn_troops_max = fmax(sides->drawn_troops_max, row->troops);
        sides->drawn_troops_min = fmin(sides->drawn_troops_min, row->troops);
        double radius = symbols_radius_for(layout, row->troops);
        struct scene_paint paint;
        memset(&paint, 0, sizeof paint);
        paint.pattern = PATTERN_SOLID;
        paint.fill = side->colour;
        paint.fill.a *= opacity;
        paint.stroke = side->outline;
        paint.stroke_width_pt = outline_width;
        char id[96];
        (void)snprintf(id, sizeof id, "%s-%s",
                       row->kind == DEPLOYMENT_POSITION ? "position" : "arrival",
                       row->id[0] ? row->id : "row");
        struct scene_item *item =
            scene_add_circle(layout->scene, LAYER_POSITIONS, id, at, radius, &paint);
        item->clip = layout->frame_clip;
        labels_add_circle_obstacle(layout->labels, at, radius + 1);
        char text[512];
        if (row->label[0])
            (void)snprintf(text, sizeof text, "%s", row->label);
        else
            default_label(row, side, text, sizeof text);
        char label_id[96];
        (void)snprintf(label_id, sizeof label_id, "label-%s", row->id[0] ? row->id : "row");
        /* A movement is the news; a standing position is context: its label comes first. */
        double priority = 1 + row->troops / 1e3 + (row->kind == DEPLOYMENT_MOVEMENT ? 1e4 : 0);
        symbols_queue_label(layout, label_id, text, at, radius, priority);
    }
}
