#include "layout/legend.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout/arrows.h"
#include "layout/labels.h"

size_t
legend_key_values(double max_troops, double min_troops, double values[3])
{
    if (max_troops <= 0)
        return 0;
    /* Candidates of the 1-2.5-5 series, largest first; the caller keeps those whose circles
     * are far enough apart to label. */
    static const double steps[] = {5, 2.5, 2, 1};
    size_t n = 0;
    for (double magnitude = pow(10, floor(log10(max_troops))); magnitude >= 1 && n < 3;
         magnitude /= 10) {
        for (size_t i = 0; i < sizeof steps / sizeof *steps && n < 3; i++) {
            double v = steps[i] * magnitude;
            if (v > max_troops || v < fmax(min_troops * 0.5, 100))
                continue;
            if (n > 0 && v > values[n - 1] / 2.4)
                continue; /* too close to the previous circle to tell apart */
            values[n++] = v;
        }
    }
    return n;
}

struct legend_row {
    enum { ROW_SWATCH, ROW_HATCH, ROW_ARROW, ROW_CIRCLE, ROW_HEADING, ROW_LINE } kind;
    const char *text;
    struct rgba fill, stroke;
    double hatch_angle_deg; /* ROW_HATCH */
    double width_pt;        /* ROW_LINE: the line's width and dash */
    double dash_pt[2];
};

enum { MAX_ROWS = 40 };

struct legend_metrics {
    double padding, swatch, row_height, gap;
    struct text_style text, heading;
};

static void
add_rect(struct layout *layout, struct page_box b, const struct scene_paint *paint)
{
    struct page_xy pts[4] = {{b.x0, b.y0}, {b.x1, b.y0}, {b.x1, b.y1}, {b.x0, b.y1}};
    size_t starts[1] = {0};
    struct scene_geometry g = {pts, 4, starts, 1, true, 0};
    scene_add_path(layout->scene, LAYER_LEGEND, NULL, &g, paint);
}

static double
key_height(struct layout *layout, const double *values, size_t n)
{
    return n ? 2 * symbols_radius_for(layout, values[0]) : 0;
}

static void
draw_rows(struct layout *layout, const struct legend_row *rows, size_t count,
          const struct legend_metrics *m, double x, double y, double width)
{
    (void)width;
    for (size_t i = 0; i < count; i++) {
        const struct legend_row *row = &rows[i];
        struct page_box sw = {x, y + (m->row_height - m->swatch) / 2, x + m->swatch * 1.4,
                              y + (m->row_height + m->swatch) / 2};
        struct scene_paint paint;
        memset(&paint, 0, sizeof paint);
        double text_x = x + m->swatch * 1.4 + m->gap;
        if (row->kind == ROW_HEADING) {
            struct page_xy at = {x, y + m->row_height * 0.72};
            scene_add_text(layout->scene, LAYER_LEGEND, NULL, row->text, at, ANCHOR_START,
                           &m->heading);
            y += m->row_height;
            continue;
        }
        if (row->kind == ROW_SWATCH || row->kind == ROW_HATCH) {
            paint.pattern = row->kind == ROW_HATCH ? PATTERN_HATCH : PATTERN_SOLID;
            paint.fill = row->fill;
            paint.hatch = row->stroke;
            paint.hatch_spacing_pt = 4;
            paint.hatch_width_pt = 1;
            paint.hatch_angle_deg = row->hatch_angle_deg;
            paint.stroke = rgba_make(0.5, 0.5, 0.5, 1);
            paint.stroke_width_pt = 0.5;
            add_rect(layout, sw, &paint);
        } else if (row->kind == ROW_LINE) {
            double cy = (sw.y0 + sw.y1) / 2;
            struct page_xy line[2] = {{sw.x0, cy}, {sw.x1, cy}};
            size_t starts[1] = {0};
            struct scene_geometry g = {line, 2, starts, 1, false, 0};
            paint.stroke = row->stroke;
            paint.stroke_width_pt = fmax(row->width_pt, 1);
            paint.dash_pt[0] = row->dash_pt[0];
            paint.dash_pt[1] = row->dash_pt[1];
            paint.cap = CAP_ROUND;
            scene_add_path(layout->scene, LAYER_LEGEND, NULL, &g, &paint);
        } else if (row->kind == ROW_ARROW) {
            double cy = (sw.y0 + sw.y1) / 2;
            /* Proportions of the swatch, so the key shrinks with the page like the map. */
            double head_length = m->swatch * 0.6, half = m->swatch * 0.38;
            struct page_xy line[2] = {{sw.x0, cy}, {sw.x1 - head_length * 0.75, cy}};
            size_t starts[1] = {0};
            struct scene_geometry g = {line, 2, starts, 1, false, 0};
            paint.stroke = row->fill;
            paint.stroke_width_pt = m->swatch * 0.23;
            scene_add_path(layout->scene, LAYER_LEGEND, NULL, &g, &paint);
            struct page_xy head[3] = {
                {sw.x1, cy}, {sw.x1 - head_length, cy - half}, {sw.x1 - head_length, cy + half}};
            struct scene_geometry h = {head, 3, starts, 1, true, 0};
            struct scene_paint fill;
            memset(&fill, 0, sizeof fill);
            fill.pattern = PATTERN_SOLID;
            fill.fill = row->fill;
            scene_add_path(layout->scene, LAYER_LEGEND, NULL, &h, &fill);
        } else if (row->kind == ROW_CIRCLE) {
            paint.pattern = PATTERN_SOLID;
            paint.fill = row->fill;
            paint.stroke = row->stroke;
            paint.stroke_width_pt = 1;
            struct page_xy c = {(sw.x0 + sw.x1) / 2, (sw.y0 + sw.y1) / 2};
            scene_add_circle(layout->scene, LAYER_LEGEND, NULL, c, m->swatch / 2, &paint);
        }
        struct page_xy at = {text_x, y + m->row_height * 0.7};
        scene_add_text(layout->scene, LAYER_LEGEND, NULL, row->text, at, ANCHOR_START, &m->text);
        y += m->row_height;
    }
}

static void
draw_key(struct layout *layout, const double *values, size_t n, const struct legend_metrics *m,
         double x, double bottom)
{
    double rmax = symbols_radius_for(layout, values[0]);
    double cx = x + rmax;
    struct scene_paint ring;
    memset(&ring, 0, sizeof ring);
    ring.stroke = layout_colour(layout, "legend", "key_colour");
    ring.stroke_width_pt = 0.9;
    double last_label_y = INFINITY;
    for (size_t i = 0; i < n; i++) {
        double r = symbols_radius_for(layout, values[i]);
        if ((bottom - 2 * r) - last_label_y < m->text.size_pt * 1.05 && i > 0)
            continue; /* its number would touch the one above */
        last_label_y = bottom - 2 * r;
        struct page_xy c = {cx, bottom - r};
        scene_add_circle(layout->scene, LAYER_LEGEND, NULL, c, r, &ring);
        /* A tick from the circle's top to its number. */
        struct page_xy tick[2] = {{cx, bottom - 2 * r}, {cx + rmax + 6, bottom - 2 * r}};
        size_t starts[1] = {0};
        struct scene_geometry g = {tick, 2, starts, 1, false, 0};
        struct scene_paint t = ring;
        t.stroke_width_pt = 0.5;
        scene_add_path(layout->scene, LAYER_LEGEND, NULL, &g, &t);
        char count[32];
        layout_format_count(values[i], count, sizeof count);
        struct page_xy at = {cx + rmax + 9, bottom - 2 * r + m->text.size_pt * 0.35};
        scene_add_text(layout->scene, LAYER_LEGEND, NULL, count, at, ANCHOR_START, &m->text);
    }
}

static struct legend_row
area_row(const struct area_entry *entry)
{
    struct legend_row row = {ROW_HATCH, entry->text, entry->fill, entry->hatch, 0, 0, {0, 0}};
    row.hatch_angle_deg = entry->hatch_angle_deg;
    if (entry->kind == AREA_ENTRY_FILL) {
        row.kind = ROW_SWATCH;
    } else if (entry->kind == AREA_ENTRY_LINE) {
        row.kind = ROW_LINE;
        row.stroke = entry->stroke;
        row.width_pt = entry->stroke_width_pt;
        row.dash_pt[0] = entry->dash_pt[0];
        row.dash_pt[1] = entry->dash_pt[1];
    }
    return row;
}

static size_t
collect_rows(struct layout *layout, const struct basemap *basemap, const struct area_set *areas,
             const struct side_set *sides, struct legend_row *rows)
{
    size_t n = 0;
    for (size_t i = 0; i < basemap->group_count && n < MAX_ROWS; i++) {
        const struct map_group *g = &basemap->groups[i];
        if (!g->is_shown || !layout_bool(layout, g->section, "in_legend"))
            continue;
        rows[n++] = (struct legend_row){ROW_SWATCH, g->label, g->fill, {0, 0, 0, 0}, 0, 0, {0, 0}};
    }
    if (basemap->has_crimea_note && n < MAX_ROWS)
        rows[n++] = (struct legend_row){ROW_HATCH,
                                        layout_string(layout, "crimea", "legend"),
                                        basemap->crimea_fill,
                                        basemap->crimea_hatch,
                                        45,
                                        0,
                                        {0, 0}};
    for (size_t i = 0; areas != NULL && i < areas->entry_count && n < MAX_ROWS; i++)
        rows[n++] = area_row(&areas->entries[i]);
    for (size_t i = 0; i < sides->count && n + 2 < MAX_ROWS; i++) {
        const struct map_side *s = &sides->sides[i];
        if (s->has_movements)
            rows[n++] =
                (struct legend_row){ROW_ARROW, layout_string(layout, s->section, "movement_label"),
                                    s->colour, s->outline,
                                    0,         0,
                                    {0, 0}};
        if (s->has_positions) {
            struct rgba fill = s->colour;
            fill.a *= layout_number(layout, "symbols", "opacity");
            rows[n++] =
                (struct legend_row){ROW_CIRCLE, layout_string(layout, s->section, "position_label"),
                                    fill,       s->outline,
                                    0,          0,
                                    {0, 0}};
        }
    }
    return n;
}

/* The corner that covers least, else a place slid along the frame's edges from a corner: a
 * legend over a symbol is worse than one off the corner. Corners win ties. */
static struct page_box
least_covering_place(struct layout *layout, const struct page_box corners[4], struct page_box f,
                     double inset)
{
    struct page_box best_box = corners[0];
    double best = INFINITY;
    for (size_t i = 0; i < 4; i++) {
        double cost = labels_obstacle_cost(layout->labels, corners[i], best);
        if (cost < best) {
            best = cost;
            best_box = corners[i];
        }
    }
    const double step = 16;
    for (size_t i = 0; i < 4 && best > 0; i++) {
        double w = corners[i].x1 - corners[i].x0, h = corners[i].y1 - corners[i].y0;
        /* corners[] is bottom-left, bottom-right, top-left, top-right. */
        bool is_left = i % 2 == 0;
        bool is_top = i >= 2;
        /* Along the horizontal edge, then down or up the vertical one. */
        for (int k = 1; (double)k * step < (f.x1 - f.x0) / 2 - w / 2; k++) {
            double d = (double)k * step;
            struct page_box box = corners[i];
            double dx = is_left ? d : -d;
            box.x0 += dx;
            box.x1 += dx;
            double cost = labels_obstacle_cost(layout->labels, box, best - 1) + 1;
            if (cost < best) {
                best = cost;
                best_box = box;
            }
        }
        for (int k = 1; (double)k * step < (f.y1 - f.y0) - h - 2 * inset; k++) {
            double d = (double)k * step;
            struct page_box box = corners[i];
            double dy = is_top ? d : -d;
            box.y0 += dy;
            box.y1 += dy;
            double cost = labels_obstacle_cost(layout->labels, box, best - 1) + 1;
            if (cost < best) {
                best = cost;
                best_box = box;
            }
        }
    }
    return best_box;
}

static struct legend_metrics
read_metrics(struct layout *layout)
{
    struct legend_metrics m;
    m.padding = layout_number(layout, "legend", "padding_pt");
    m.swatch = layout_number(layout, "legend", "swatch_pt");
    m.text = layout_text_style(layout, "legend", "");
    m.heading = layout_text_style(layout, "legend", "heading_");
    m.row_height = m.text.size_pt * 1.7;
    m.gap = 7;
    return m;
}

bool
legend_is_below(struct layout *layout)
{
    return layout->is_legend_below;
}

/* What the band must hold, from the style alone (the map is not laid out yet): every legend
 * group, Crimea, and a movement and a position row; the widest of their texts. */
static size_t
estimate_rows(struct layout *layout, const struct legend_metrics *m, double *widest)
{
    const char *names[32];
    size_t groups = style_sections(layout->style, "group.", names, 32);
    size_t rows = 2;
    *widest = 0;
    for (size_t i = 0; i < groups; i++) {
        if (!layout_bool(layout, names[i], "in_legend"))
            continue;
        rows++;
        const char *label = layout_string(layout, names[i], "label");
        *widest = fmax(*widest, text_measure_line(layout->measure, label, &m->text).width_pt);
    }
    if (strcmp(layout_string(layout, "crimea", "point_of_view"), "none") != 0) {
        rows++;
        const char *label = layout_string(layout, "crimea", "legend");
        *widest = fmax(*widest, text_measure_line(layout->measure, label, &m->text).width_pt);
    }
    size_t layers = style_sections(layout->style, "layer.", names, 32);
    for (size_t i = 0; i < layers; i++) {
        const char *label = areas_layer_string(layout, names[i], "legend");
        if (!areas_layer_is_shown(layout, names[i]) || label[0] == '\0')
            continue;
        rows++;
        *widest = fmax(*widest, text_measure_line(layout->measure, label, &m->text).width_pt);
    }
    rows += layout->area_legend_rows;
    size_t sides = style_sections(layout->style, "side.", names, 32);
    for (size_t i = 0; i < sides; i++) {
        static const char *const keys[2] = {"movement_label", "position_label"};
        for (size_t k = 0; k < 2; k++) {
            const char *label = layout_string(layout, names[i], keys[k]);
            *widest = fmax(*widest, text_measure_line(layout->measure, label, &m->text).width_pt);
        }
    }
    return rows;
}

static double
below_key_width(struct layout *layout, const struct legend_metrics *m)
{
    return 2 * symbols_radius_for(layout, 25000) + 9 +
           text_measure_line(layout->measure, "100,000", &m->text).width_pt;
}

/* Two columns of rows when the widest row fits in half the room beside the key, else one. */
static size_t
below_columns(struct layout *layout, const struct legend_metrics *m, double widest)
{
    double room = layout->scene->width_pt - 2 * layout_number(layout, "page", "map_inset_pt") -
                  2 * m->padding - below_key_width(layout, m) - m->gap;
    double row_w = m->swatch * 1.4 + 2 * m->gap + widest;
    return 2 * row_w <= room ? 2 : 1;
}

double
legend_band_height(struct layout *layout)
{
    struct legend_metrics m = read_metrics(layout);
    double widest;
    size_t rows = estimate_rows(layout, &m, &widest);
    size_t columns = below_columns(layout, &m, widest);
    double row_block = ceil((double)rows / (double)columns) * m.row_height;
    double key_block = m.row_height + 2 * symbols_radius_for(layout, 25000) + 4;
    return fmax(row_block, key_block) + 2 * m.padding;
}

bool
legend_goes_below(struct layout *layout, double frame_height_pt)
{
    if (layout_reading_width(layout) <
        layout_number_or(layout, "legend", "below_under_page_width", 0))
        return true;
    /* A legend in a corner taller than this share of the frame hides the data under it on a
     * small landscape page (web-600: the circles of Yelnya and Gomel); below the map it hides
     * nothing. Measured from the style alone, as the band is. */
    struct legend_metrics m = read_metrics(layout);
    double widest;
    size_t rows = estimate_rows(layout, &m, &widest);
    double key = m.row_height + 2 * symbols_radius_for(layout, 25000) + 4;
    double height = (double)rows * m.row_height + key + 2 * m.padding;
    double share = layout_number_or(layout, "legend", "below_over_frame_share", 1);
    return height > share * frame_height_pt;
}

/* The legend in the band under the frame: rows flow down two columns, the key at the right. */
static void
draw_below(struct layout *layout, const struct legend_row *rows, size_t n, struct legend_metrics *m,
           const double *values, size_t key_count)
{
    const struct page_box f = layout->viewport.frame;
    double gap = layout_number(layout, "legend", "inset_pt");
    struct page_box b = {f.x0, f.y1 + gap, f.x1, f.y1 + gap + legend_band_height(layout)};
    double key_w = key_count ? 2 * symbols_radius_for(layout, values[0]) + 9 +
                                   text_measure_line(layout->measure, "100,000", &m->text).width_pt
                             : 0;
    double estimated_widest;
    estimate_rows(layout, m, &estimated_widest);
    size_t columns = below_columns(layout, m, estimated_widest);
    double column_w = (b.x1 - b.x0 - 2 * m->padding - key_w - m->gap) / (double)columns;
    /* Shrink the text until the longest row fits its column. */
    double widest = 0;
    for (size_t i = 0; i < n; i++)
        widest = fmax(widest, text_measure_line(layout->measure, rows[i].text, &m->text).width_pt);
    double text_room = column_w - m->swatch * 1.4 - 2 * m->gap;
    if (widest > text_room && widest > 0)
        m->text.size_pt *= fmax(0.7, text_room / widest);
    size_t per_column = (n + columns - 1) / columns;
    for (size_t c = 0; c < columns; c++) {
        size_t first = c * per_column;
        if (first >= n)
            break;
        size_t count = n - first < per_column ? n - first : per_column;
        draw_rows(layout, rows + first, count, m, b.x0 + m->padding + (double)c * column_w,
                  b.y0 + m->padding, column_w);
    }
    if (key_count) {
        double x = b.x1 - m->padding - key_w;
        struct page_xy at = {x, b.y0 + m->padding + m->row_height * 0.72};
        const char *key_title = layout_string(layout, "legend", "key_title");
        struct text_style heading = m->heading;
        double title_w = text_measure_line(layout->measure, key_title, &heading).width_pt;
        if (title_w > key_w + m->padding && title_w > 0)
            heading.size_pt *= fmax(0.7, (key_w + m->padding) / title_w);
        scene_add_text(layout->scene, LAYER_LEGEND, NULL, key_title, at, ANCHOR_START, &heading);
        draw_key(layout, values, key_count, m, x, b.y1 - m->padding);
    }
}

void
legend_draw(struct layout *layout, const struct basemap *basemap, const struct area_set *areas,
            const struct side_set *sides)
{
    struct legend_metrics m = read_metrics(layout);
    struct legend_row rows[MAX_ROWS];
    size_t n = collect_rows(layout, basemap, areas, sides, rows);
    /* The key shows the circles on the map, not the table's: a row off the map neither adds a
     * circle to the key nor keeps a key for a map without circles. */
    double values[3];
    size_t key_count = legend_key_values(sides->drawn_troops_max, sides->drawn_troops_min, values);
    if (legend_is_below(layout)) {
        draw_below(layout, rows, n, &m, values, key_count);
        return;
    }
    const char *key_title = layout_string(layout, "legend", "key_title");
    double width = 0;
    for (size_t i = 0; i < n; i++) {
        const struct text_style *st = rows[i].kind == ROW_HEADING ? &m.heading : &m.text;
        double w = text_measure_line(layout->measure, rows[i].text, st).width_pt;
        width = fmax(width, m.swatch * 1.4 + m.gap + w);
    }
    double key_w = key_count ? 2 * symbols_radius_for(layout, values[0]) + 9 +
                                   text_measure_line(layout->measure, "100,000", &m.text).width_pt
                             : 0;
    width = fmax(width, key_w);
    width = fmax(width, text_measure_line(layout->measure, key_title, &m.heading).width_pt);
    double height = (double)n * m.row_height;
    if (key_count)
        height += m.row_height + key_height(layout, values, key_count) + 4;
    struct page_box box_size = {0, 0, width + 2 * m.padding, height + 2 * m.padding};
    if (layout_failed(layout))
        return;
    /* The corner whose box covers the fewest symbols, arrows and label anchors. */
    const char *corner = layout_string(layout, "legend", "corner");
    const struct page_box f = layout->viewport.frame;
    double inset = layout_number(layout, "legend", "inset_pt");
    double w = box_size.x1, h = box_size.y1;
    struct page_box corners[4] = {
        {f.x0 + inset, f.y1 - inset - h, f.x0 + inset + w, f.y1 - inset}, /* bottom-left */
        {f.x1 - inset - w, f.y1 - inset - h, f.x1 - inset, f.y1 - inset}, /* bottom-right */
        {f.x0 + inset, f.y0 + inset, f.x0 + inset + w, f.y0 + inset + h}, /* top-left */
        {f.x1 - inset - w, f.y0 + inset, f.x1 - inset, f.y0 + inset + h}, /* top-right */
    };
    static const char *const names[4] = {"bottom-left", "bottom-right", "top-left", "top-right"};
    struct page_box b = corners[0];
    if (strcmp(corner, "auto") != 0) {
        for (size_t i = 0; i < 4; i++)
            if (strcmp(corner, names[i]) == 0)
                b = corners[i];
    } else {
        b = least_covering_place(layout, corners, f, inset);
    }
    struct scene_paint panel;
    memset(&panel, 0, sizeof panel);
    panel.pattern = PATTERN_SOLID;
    panel.fill = layout_colour(layout, "legend", "background");
    panel.stroke = layout_colour(layout, "legend", "border");
    panel.stroke_width_pt = 0.6;
    add_rect(layout, b, &panel);
    draw_rows(layout, rows, n, &m, b.x0 + m.padding, b.y0 + m.padding, width);
    if (key_count) {
        double y = b.y0 + m.padding + (double)n * m.row_height;
        struct page_xy at = {b.x0 + m.padding, y + m.row_height * 0.72};
        scene_add_text(layout->scene, LAYER_LEGEND, NULL, key_title, at, ANCHOR_START, &m.heading);
        draw_key(layout, values, key_count, &m, b.x0 + m.padding, b.y1 - m.padding);
    }
    labels_add_box_obstacle(layout->labels, b);
}
