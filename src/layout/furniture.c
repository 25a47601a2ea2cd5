#include "layout/furniture.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "geo/geodesic.h"
#include "layout/labels.h"

static double
header_height(struct layout *layout)
{
    double margin = layout_number(layout, "page", "margin_pt");
    struct text_style title = layout_text_style(layout, "title", "");
    struct text_style subtitle = layout_text_style(layout, "title", "subtitle_");
    return margin + title.size_pt * 1.2 + subtitle.size_pt * 1.35 + margin * 0.6;
}

static double
footer_height(struct layout *layout)
{
    double margin = layout_number(layout, "page", "margin_pt");
    struct text_style source = layout_text_style(layout, "source", "");
    return margin * 0.5 + source.size_pt * 1.3 * 2 + margin * 0.5;
}

struct page_box
furniture_frame(struct layout *layout, double width_pt, double height_pt)
{
    double side = layout_number(layout, "page", "map_inset_pt");
    struct page_box frame = {side, header_height(layout), width_pt - side,
                             height_pt - footer_height(layout)};
    return frame;
}

static void
add_text(struct layout *layout, const char *id, const char *text, double x, double y,
         enum text_anchor anchor, const struct text_style *style)
{
    struct page_xy at = {x, y};
    scene_add_text(layout->scene, LAYER_FURNITURE, id, text, at, anchor, style);
}

/* Header and footer lines shrink (to 60 % at most) rather than run off a narrow page. */
static struct text_style
fitted(struct layout *layout, const char *text, struct text_style style, double width)
{
    double natural = text_measure_line(layout->measure, text, &style).width_pt;
    if (natural > width && natural > 0) {
        double factor = width / natural;
        style.size_pt *= factor < 0.6 ? 0.6 : factor;
    }
    return style;
}

double
furniture_round_length_m(double target_m)
{
    if (target_m <= 0)
        return 0;
    double magnitude = pow(10, floor(log10(target_m)));
    static const double steps[] = {5, 2, 1};
    for (size_t i = 0; i < 3; i++)
        if (steps[i] * magnitude <= target_m)
            return steps[i] * magnitude;
    return magnitude;
}

static void
draw_scale_bar(struct layout *layout)
{
    const struct viewport *v = &layout->viewport;
    /* True at the frame's centre: measure a short horizontal page distance on the ellipsoid. */
    struct page_box f = v->frame;
    double cx = (f.x0 + f.x1) / 2, cy = (f.y0 + f.y1) / 2;
    double probe_pt = 100;
    double xy[4] = {v->centre.x_m - probe_pt / 2 / v->points_per_metre, v->centre.y_m,
                    v->centre.x_m + probe_pt / 2 / v->points_per_metre, v->centre.y_m};
    projection_inverse(layout->projection, xy, 2);
    if (xy[0] == HUGE_VAL || xy[2] == HUGE_VAL)
        return;
    struct lonlat a = {xy[0], xy[1]}, b = {xy[2], xy[3]};
    double metres_per_pt = geodesic_distance_m(a, b) / probe_pt;
    double target_pt = layout_number(layout, "scale_bar", "length_pt");
    double length_m = furniture_round_length_m(target_pt * metres_per_pt);
    double length_pt = length_m / metres_per_pt;
    (void)cx;
    (void)cy;
    double inset = layout_number(layout, "legend", "inset_pt");
    struct text_style text = layout_text_style(layout, "scale_bar", "");
    double x1 = f.x1 - inset - 4, x0 = x1 - length_pt;
    double y = f.y1 - inset - 4;
    struct scene_paint line;
    memset(&line, 0, sizeof line);
    line.stroke = text.colour;
    line.stroke_width_pt = 1.2;
    line.cap = CAP_SQUARE;
    struct page_xy pts[4] = {{x0, y - 4}, {x0, y}, {x1, y}, {x1, y - 4}};
    size_t starts[1] = {0};
    struct scene_geometry g = {pts, 4, starts, 1, false};
    struct scene_paint halo = line;
    halo.stroke = text.halo;
    halo.stroke_width_pt = 1.2 + text.halo_width_pt;
    scene_add_path(layout->scene, LAYER_FURNITURE, NULL, &g, &halo);
    scene_add_path(layout->scene, LAYER_FURNITURE, "scale-bar", &g, &line);
    char label[64];
    snprintf(label, sizeof label, "%.0f km", length_m / 1000);
    add_text(layout, NULL, label, (x0 + x1) / 2, y - 6, ANCHOR_MIDDLE, &text);
    struct page_box box = {x0 - 4, y - 6 - text.size_pt, x1 + 4, y + 3};
    labels_add_box_obstacle(layout->labels, box);
}

void
furniture_draw(struct layout *layout, const char *subtitle_date)
{
    double margin = layout_number(layout, "page", "margin_pt");
    double width = layout->scene->width_pt, height = layout->scene->height_pt;
    struct text_style title = layout_text_style(layout, "title", "");
    struct text_style subtitle = layout_text_style(layout, "title", "subtitle_");
    struct text_style source = layout_text_style(layout, "source", "");
    double y = margin + title.size_pt * 0.95;
    double room = width - 2 * margin;
    const char *title_text = layout_string(layout, "title", "text");
    title = fitted(layout, title_text, title, room);
    add_text(layout, "title", title_text, margin, y, ANCHOR_START, &title);
    y += subtitle.size_pt * 1.45;
    char line[512];
    const char *sub = layout_string(layout, "title", "subtitle");
    if (subtitle_date != NULL && subtitle_date[0])
        snprintf(line, sizeof line, "%s, %s", sub, subtitle_date);
    else
        snprintf(line, sizeof line, "%s", sub);
    subtitle = fitted(layout, line, subtitle, room);
    add_text(layout, "subtitle", line, margin, y, ANCHOR_START, &subtitle);

    const struct page_box f = layout->viewport.frame;
    double fy = f.y1 + margin * 0.5 + source.size_pt;
    const char *source_text = layout_string(layout, "source", "text");
    const char *credit_text = layout_string(layout, "source", "credit");
    struct text_style source_style = fitted(layout, source_text, source, room);
    struct text_style credit_style = fitted(layout, credit_text, source, room);
    add_text(layout, "source", source_text, margin, fy, ANCHOR_START, &source_style);
    add_text(layout, "credit", credit_text, margin, fy + source.size_pt * 1.3, ANCHOR_START,
             &credit_style);
    (void)height;

    struct scene_paint frame;
    memset(&frame, 0, sizeof frame);
    frame.stroke = layout_colour(layout, "map", "frame");
    frame.stroke_width_pt = layout_number(layout, "map", "frame_width_pt");
    if (frame.stroke_width_pt > 0)
        scene_add_path(layout->scene, LAYER_FURNITURE, "frame", layout->frame_clip, &frame);
    if (layout_bool(layout, "scale_bar", "show"))
        draw_scale_bar(layout);
}
