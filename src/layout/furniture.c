#include "layout/furniture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "geo/geodesic.h"
#include "layout/labels.h"
#include "layout/legend.h"

enum { MAX_WRAPPED_LINES = 4 };

static double
prefix_width(struct layout *layout, const char *p, const char *end, const struct text_style *style)
{
    char candidate[1024];
    (void)snprintf(candidate, sizeof candidate, "%.*s", (int)(end - p), p);
    return text_measure_line(layout->measure, candidate, style).width_pt;
}

/* Splits text at spaces into lines no wider than width (a word wider than that gets a line of
 * its own); returns the number of lines, each a malloc'd string in lines[]. A line is the
 * longest run of words that fits, found by bisection over the word ends (a run of words is
 * never narrower than a shorter one): measuring every prefix, as a shaper must, cost a tenth of
 * an SVG render for a long subtitle. */
static size_t
wrap_text(struct layout *layout, const char *text, const struct text_style *style, double width,
          char *lines[MAX_WRAPPED_LINES])
{
    size_t count = 0;
    const char *p = text;
    const char *ends[256];
    while (*p && count < MAX_WRAPPED_LINES) {
        while (*p == ' ')
            p++;
        if (*p == '\0')
            break;
        /* ends[k]: the end of the k + 1 first words from p. */
        size_t end_count = 0;
        for (const char *end = p; *end && end_count < sizeof ends / sizeof ends[0];) {
            const char *next = strchr(end + 1, ' ');
            end = next != NULL ? next : end + strlen(end);
            ends[end_count++] = end;
        }
        size_t lo = 0, hi = end_count - 1;
        /* Most titles fit on their line whole: one measurement says so. */
        if (prefix_width(layout, p, ends[hi], style) <= width)
            lo = hi;
        while (lo < hi) {
            size_t mid = (lo + hi + 1) / 2;
            if (prefix_width(layout, p, ends[mid], style) > width)
                hi = mid - 1;
            else
                lo = mid;
        }
        const char *fit = ends[lo];
        /* The last line takes the rest, however long (the caller shrinks it). */
        if (count + 1 == MAX_WRAPPED_LINES)
            fit = p + strlen(p);
        lines[count++] = xstrndup(p, (size_t)(fit - p));
        p = fit;
    }
    return count;
}

static void
free_lines(char *lines[MAX_WRAPPED_LINES], size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(lines[i]);
}

/* The subtitle as drawn: with the table's dates, or a typical date's width to reserve room
 * before the dates are known. */
static void
subtitle_text(struct layout *layout, const char *date, char *out, size_t size)
{
    const char *sub = layout_string(layout, "title", "subtitle");
    if (date == NULL)
        (void)snprintf(out, size,
                       "%s, 22\xE2\x80\x93"
                       "23 September 2022",
                       sub);
    else if (date[0] != '\0')
        (void)snprintf(out, size, "%s, %s", sub, date);
    else
        (void)snprintf(out, size, "%s", sub);
}

static size_t
line_count(struct layout *layout, const char *text, const struct text_style *style, double width)
{
    char *lines[MAX_WRAPPED_LINES];
    size_t n = wrap_text(layout, text, style, width, lines);
    free_lines(lines, n);
    return n > 0 ? n : 1;
}

static double
header_height(struct layout *layout)
{
    double margin = layout_number(layout, "page", "margin_pt");
    double room = layout->scene->width_pt - 2 * margin;
    struct text_style title = layout_text_style(layout, "title", "");
    struct text_style subtitle = layout_text_style(layout, "title", "subtitle_");
    char sub[1024];
    subtitle_text(layout, NULL, sub, sizeof sub);
    size_t title_lines = line_count(layout, layout_string(layout, "title", "text"), &title, room);
    size_t subtitle_lines = line_count(layout, sub, &subtitle, room);
    return margin + title.size_pt * (1.2 * (double)title_lines) +
           subtitle.size_pt * (1.35 * (double)subtitle_lines) + margin * 0.6;
}

static double
footer_height(struct layout *layout)
{
    double margin = layout_number(layout, "page", "margin_pt");
    double room = layout->scene->width_pt - 2 * margin;
    struct text_style source = layout_text_style(layout, "source", "");
    size_t lines = line_count(layout, layout_string(layout, "source", "text"), &source, room) +
                   line_count(layout, layout_string(layout, "source", "credit"), &source, room);
    return margin * 0.5 + source.size_pt * 1.3 * (double)lines + margin * 0.5;
}

struct page_box
furniture_frame(struct layout *layout, double width_pt, double height_pt)
{
    double side = layout_number(layout, "page", "map_inset_pt");
    struct page_box frame = {side, header_height(layout), width_pt - side,
                             height_pt - footer_height(layout)};
    layout->is_legend_below = legend_goes_below(layout, frame.y1 - frame.y0);
    if (legend_is_below(layout))
        frame.y1 -= legend_band_height(layout) + layout_number(layout, "legend", "inset_pt");
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

void
furniture_draw_page(struct layout *layout)
{
    double w = layout->scene->width_pt, h = layout->scene->height_pt;
    struct page_xy corners[4] = {{0, 0}, {w, 0}, {w, h}, {0, h}};
    size_t starts[1] = {0};
    struct scene_geometry g = {corners, 4, starts, 1, true, 0};
    struct scene_paint paint;
    memset(&paint, 0, sizeof paint);
    paint.pattern = PATTERN_SOLID;
    paint.fill = layout_colour(layout, "page", "background");
    scene_add_path(layout->scene, LAYER_BACKGROUND, "page", &g, &paint);
}

/* One graticule line from a to b in lon/lat, densified so it curves with the projection. */
static void
add_graticule_line(struct layout *layout, struct geometry_builder *lines, struct lonlat a,
                   struct lonlat b)
{
    enum { STEPS = 90 };
    bool is_drawing = false;
    for (int i = 0; i <= STEPS; i++) {
        double t = (double)i / STEPS;
        struct lonlat at = {a.lon_deg + t * (b.lon_deg - a.lon_deg),
                            a.lat_deg + t * (b.lat_deg - a.lat_deg)};
        struct page_xy p = viewport_project(&layout->viewport, layout->projection, at);
        if (p.x == HUGE_VAL) {
            is_drawing = false;
            continue;
        }
        if (!is_drawing)
            geometry_builder_move_to(lines, p);
        else
            geometry_builder_line_to(lines, p);
        is_drawing = true;
    }
}

void
furniture_draw_graticule(struct layout *layout)
{
    if (!layout_bool(layout, "graticule", "show"))
        return;
    double step = layout_number(layout, "graticule", "step_deg");
    if (!(step >= 0.5 && step <= 90))
        step = 10;
    struct lonlat_box v = layout->viewport.visible;
    struct geometry_builder lines;
    geometry_builder_init(&lines);
    long first_lon = (long)ceil(v.lon0_deg / step), last_lon = (long)floor(v.lon1_deg / step);
    long first_lat = (long)ceil(v.lat0_deg / step), last_lat = (long)floor(v.lat1_deg / step);
    for (long k = first_lon; k <= last_lon; k++) {
        double lon = (double)k * step;
        add_graticule_line(layout, &lines, (struct lonlat){lon, fmax(v.lat0_deg, -85)},
                           (struct lonlat){lon, fmin(v.lat1_deg, 85)});
    }
    for (long k = first_lat; k <= last_lat; k++) {
        double lat = (double)k * step;
        add_graticule_line(layout, &lines, (struct lonlat){v.lon0_deg, lat},
                           (struct lonlat){v.lon1_deg, lat});
    }
    struct scene_geometry g = geometry_builder_view(&lines, false);
    struct scene_paint paint;
    memset(&paint, 0, sizeof paint);
    paint.stroke = layout_colour(layout, "graticule", "colour");
    paint.stroke_width_pt = layout_number(layout, "graticule", "width_pt");
    if (g.point_count > 0) {
        struct scene_item *item =
            scene_add_path(layout->scene, LAYER_BACKGROUND, "graticule", &g, &paint);
        item->clip = layout->frame_clip;
    }
    geometry_builder_fini(&lines);
}

/* Metres on the ground per page point at the frame's centre, along the horizontal. */
static double
metres_per_point(struct layout *layout)
{
    const struct viewport *v = &layout->viewport;
    double probe_pt = 100;
    double xy[4] = {v->centre.x_m - probe_pt / 2 / v->points_per_metre, v->centre.y_m,
                    v->centre.x_m + probe_pt / 2 / v->points_per_metre, v->centre.y_m};
    projection_inverse(layout->projection, xy, 2);
    if (xy[0] == HUGE_VAL || xy[2] == HUGE_VAL)
        return 0;
    struct lonlat a = {xy[0], xy[1]}, b = {xy[2], xy[3]};
    return geodesic_distance_m(a, b) / probe_pt;
}

/* One bar from x0, `length_pt` long, on the line y, with its label above (ticks up) or below. */
static void
add_bar(struct layout *layout, const char *id, double x0, double y, double length_pt,
        bool is_label_above, const char *label, const struct text_style *text)
{
    struct scene_paint line;
    memset(&line, 0, sizeof line);
    line.stroke = text->colour;
    line.stroke_width_pt = 1.2;
    line.cap = CAP_SQUARE;
    struct scene_paint halo = line;
    halo.stroke = text->halo;
    halo.stroke_width_pt = 1.2 + text->halo_width_pt;
    double tick = is_label_above ? -4 : 4;
    double x1 = x0 + length_pt;
    struct page_xy pts[4] = {{x0, y + tick}, {x0, y}, {x1, y}, {x1, y + tick}};
    size_t starts[1] = {0};
    struct scene_geometry g = {pts, 4, starts, 1, false, 0};
    scene_add_path(layout->scene, LAYER_FURNITURE, NULL, &g, &halo);
    scene_add_path(layout->scene, LAYER_FURNITURE, id, &g, &line);
    double ty = is_label_above ? y - 6 : y + 5 + text->size_pt * 0.8;
    add_text(layout, NULL, label, (x0 + x1) / 2, ty, ANCHOR_MIDDLE, text);
}

/* True at the map's centre, in round lengths: km above the line, miles below it. */
static void
draw_scale_bar(struct layout *layout)
{
    double metres_per_pt = metres_per_point(layout);
    if (!(metres_per_pt > 0))
        return;
    const char *units = layout_string(layout, "scale_bar", "units");
    bool has_km = strcmp(units, "mi") != 0;
    bool has_mi = strcmp(units, "mi") == 0 || strcmp(units, "km+mi") == 0;
    if (strcmp(units, "km") != 0 && strcmp(units, "mi") != 0 && strcmp(units, "km+mi") != 0)
        layout_warn(layout, "[scale_bar] units: \"%s\" is not km, mi or km+mi; using km", units);
    const double metres_per_mile = 1609.344;
    double target_pt = layout_number(layout, "scale_bar", "length_pt");
    double km = furniture_round_length_m(target_pt * metres_per_pt / 1000);
    double mi = furniture_round_length_m(target_pt * metres_per_pt / metres_per_mile);
    double km_pt = has_km ? km * 1000 / metres_per_pt : 0;
    double mi_pt = has_mi ? mi * metres_per_mile / metres_per_pt : 0;
    struct text_style text = layout_text_style(layout, "scale_bar", "");
    const struct page_box f = layout->viewport.frame;
    double inset = layout_number(layout, "legend", "inset_pt");
    double right = f.x1 - inset - 4, bottom = f.y1 - inset - 4;
    double x0 = right - fmax(km_pt, mi_pt);
    bool both = has_km && has_mi;
    double y = both ? bottom - text.size_pt - 5 : bottom;
    char label[64];
    if (has_km) {
        (void)snprintf(label, sizeof label, "%.0f km", km);
        add_bar(layout, "scale-bar", x0, y, km_pt, true, label, &text);
    }
    if (has_mi) {
        (void)snprintf(label, sizeof label, "%.0f mi", mi);
        add_bar(layout, "scale-bar-miles", x0, y, mi_pt, !both, label, &text);
    }
    struct page_box box = {x0 - 4, y - 8 - text.size_pt, right + 4, bottom + 3};
    labels_add_box_obstacle(layout->labels, box);
}

/* Lines of text from (x, y) down, each `leading` apart; returns the y after the last. */
static double
add_lines(struct layout *layout, const char *id, const char *text, double x, double y, double room,
          const struct text_style *style, double leading)
{
    char *lines[MAX_WRAPPED_LINES];
    size_t n = wrap_text(layout, text, style, room, lines);
    for (size_t i = 0; i < n; i++) {
        struct text_style fit = fitted(layout, lines[i], *style, room);
        add_text(layout, i == 0 ? id : NULL, lines[i], x, y, ANCHOR_START, &fit);
        y += leading;
    }
    free_lines(lines, n);
    return y;
}

void
furniture_draw(struct layout *layout, const char *subtitle_date)
{
    double margin = layout_number(layout, "page", "margin_pt");
    double width = layout->scene->width_pt;
    double room = width - 2 * margin;
    struct text_style title = layout_text_style(layout, "title", "");
    struct text_style subtitle = layout_text_style(layout, "title", "subtitle_");
    struct text_style source = layout_text_style(layout, "source", "");
    double y = margin + title.size_pt * 0.95;
    y = add_lines(layout, "title", layout_string(layout, "title", "text"), margin, y, room, &title,
                  title.size_pt * 1.2);
    y += subtitle.size_pt * 1.45 - title.size_pt * 1.2;
    char sub[1024];
    subtitle_text(layout, subtitle_date != NULL ? subtitle_date : "", sub, sizeof sub);
    add_lines(layout, "subtitle", sub, margin, y, room, &subtitle, subtitle.size_pt * 1.35);

    const struct page_box f = layout->viewport.frame;
    double band = legend_is_below(layout)
                      ? legend_band_height(layout) + layout_number(layout, "legend", "inset_pt")
                      : 0;
    double fy = f.y1 + band + margin * 0.5 + source.size_pt;
    fy = add_lines(layout, "source", layout_string(layout, "source", "text"), margin, fy, room,
                   &source, source.size_pt * 1.3);
    add_lines(layout, "credit", layout_string(layout, "source", "credit"), margin, fy, room,
              &source, source.size_pt * 1.3);

    struct scene_paint frame;
    memset(&frame, 0, sizeof frame);
    frame.stroke = layout_colour(layout, "map", "frame");
    frame.stroke_width_pt = layout_number(layout, "map", "frame_width_pt");
    if (frame.stroke_width_pt > 0)
        scene_add_path(layout->scene, LAYER_FURNITURE, "frame", layout->frame_clip, &frame);
    if (layout_bool(layout, "scale_bar", "show"))
        draw_scale_bar(layout);
}
