#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/atomic_file.h"
#include "core/strbuf.h"

enum { DECIMALS = 2 };

/* JSON string: UTF-8 passes through; quotes, backslashes and control characters are escaped. */
static void
put_string(struct strbuf *out, const char *text)
{
    if (text == NULL) {
        strbuf_puts(out, "null");
        return;
    }
    strbuf_puts(out, "\"");
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            strbuf_printf(out, "\\%c", *p);
        else if (*p == '\n')
            strbuf_puts(out, "\\n");
        else if (*p == '\t')
            strbuf_puts(out, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            strbuf_printf(out, "\\u%04x", *p);
        else
            strbuf_append(out, (const char *)p, 1);
    }
    strbuf_puts(out, "\"");
}

static void
put_number(struct strbuf *out, double value)
{
    if (isfinite(value))
        strbuf_number(out, value, DECIMALS);
    else
        strbuf_puts(out, "null");
}

static void
put_key(struct strbuf *out, const char *key)
{
    put_string(out, key);
    strbuf_puts(out, ": ");
}

static void
put_box(struct strbuf *out, const char *key, double x0, double y0, double x1, double y1)
{
    put_key(out, key);
    strbuf_puts(out, "[");
    put_number(out, x0);
    strbuf_puts(out, ", ");
    put_number(out, y0);
    strbuf_puts(out, ", ");
    put_number(out, x1);
    strbuf_puts(out, ", ");
    put_number(out, y1);
    strbuf_puts(out, "]");
}

static void
put_point(struct strbuf *out, const char *key, struct page_xy at)
{
    put_key(out, key);
    strbuf_puts(out, "[");
    put_number(out, at.x);
    strbuf_puts(out, ", ");
    put_number(out, at.y);
    strbuf_puts(out, "]");
}

static void
put_strings(struct strbuf *out, const char *key, const char *const *texts, size_t count)
{
    put_key(out, key);
    strbuf_puts(out, "[");
    for (size_t i = 0; i < count; i++) {
        strbuf_puts(out, i == 0 ? "\n    " : ",\n    ");
        put_string(out, texts[i]);
    }
    strbuf_puts(out, count > 0 ? "\n  ]" : "]");
}

static bool
starts_with(const char *text, const char *prefix)
{
    return text != NULL && strncmp(text, prefix, strlen(prefix)) == 0;
}

static bool
ends_with(const char *text, const char *suffix)
{
    size_t length = strlen(text), suffix_length = strlen(suffix);
    return length >= suffix_length && strcmp(text + length - suffix_length, suffix) == 0;
}

/* An item list opens with "[" and each element starts on its own line. */
static void
open_element(struct strbuf *out, size_t *count)
{
    strbuf_puts(out, *count == 0 ? "\n    {" : ",\n    {");
    (*count)++;
}

static void
close_list(struct strbuf *out, size_t count)
{
    strbuf_puts(out, count > 0 ? "\n  ]" : "]");
}

static void
put_symbols(struct strbuf *out, const struct scene_item *items, size_t item_count)
{
    put_key(out, "symbols");
    strbuf_puts(out, "[");
    size_t count = 0;
    for (size_t i = 0; i < item_count; i++) {
        const struct scene_item *item = &items[i];
        if (item->kind != ITEM_CIRCLE || item->layer == LAYER_LEGEND)
            continue;
        open_element(out, &count);
        put_key(out, "id");
        put_string(out, item->id);
        strbuf_puts(out, ", ");
        put_key(out, "layer");
        put_string(out, scene_layer_name(item->layer));
        strbuf_puts(out, ", ");
        put_point(out, "at", item->centre);
        strbuf_puts(out, ", ");
        put_key(out, "radius_pt");
        put_number(out, item->radius_pt);
        strbuf_puts(out, "}");
    }
    close_list(out, count);
}

/* Arrow bodies: "movement-<id>" paths (not their "-casing" and "-head"), first and last point. */
static void
put_movements(struct strbuf *out, const struct scene_item *items, size_t item_count)
{
    put_key(out, "movements");
    strbuf_puts(out, "[");
    size_t count = 0;
    for (size_t i = 0; i < item_count; i++) {
        const struct scene_item *item = &items[i];
        const struct scene_geometry *g = &item->geometry;
        if (item->kind != ITEM_PATH || item->layer != LAYER_MOVEMENTS ||
            !starts_with(item->id, "movement-") || ends_with(item->id, "-casing") ||
            ends_with(item->id, "-head") || g->point_count < 2)
            continue;
        open_element(out, &count);
        put_key(out, "id");
        put_string(out, item->id);
        strbuf_puts(out, ", ");
        put_point(out, "from", g->points[0]);
        strbuf_puts(out, ", ");
        put_point(out, "to", g->points[g->point_count - 1]);
        strbuf_puts(out, "}");
    }
    close_list(out, count);
}

static const char *
anchor_name(enum text_anchor anchor)
{
    return anchor == ANCHOR_MIDDLE ? "middle" : anchor == ANCHOR_END ? "end" : "start";
}

static void
put_text(struct strbuf *out, const struct scene_item *item, const struct text_measure *measure)
{
    put_key(out, "id");
    put_string(out, item->id);
    strbuf_puts(out, ", ");
    put_key(out, "layer");
    put_string(out, scene_layer_name(item->layer));
    strbuf_puts(out, ", ");
    put_key(out, "text");
    put_string(out, item->text);
    strbuf_puts(out, ", ");
    put_point(out, "at", item->at);
    strbuf_puts(out, ", ");
    put_key(out, "anchor");
    put_string(out, anchor_name(item->anchor));
    strbuf_puts(out, ", ");
    put_key(out, "size_pt");
    put_number(out, item->text_style.size_pt);
    if (measure != NULL) {
        struct text_extent e = text_measure_line(measure, item->text, &item->text_style);
        double x0 = item->anchor == ANCHOR_START    ? item->at.x
                    : item->anchor == ANCHOR_MIDDLE ? item->at.x - e.width_pt / 2
                                                    : item->at.x - e.width_pt;
        strbuf_puts(out, ", ");
        put_box(out, "box", x0, item->at.y - e.ascent_pt, x0 + e.width_pt,
                item->at.y + e.descent_pt);
    }
    strbuf_puts(out, "}");
}

static void
put_texts(struct strbuf *out, const struct scene_item *items, size_t item_count,
          const struct text_measure *measure)
{
    put_key(out, "texts");
    strbuf_puts(out, "[");
    size_t count = 0;
    for (size_t i = 0; i < item_count; i++) {
        if (items[i].kind != ITEM_TEXT)
            continue;
        open_element(out, &count);
        put_text(out, &items[i], measure);
    }
    close_list(out, count);
}

static size_t
count_items(const struct scene_item *items, size_t item_count, enum scene_item_kind kind,
            const char *id)
{
    size_t count = 0;
    for (size_t i = 0; i < item_count; i++)
        count += items[i].kind == kind && items[i].id != NULL && strcmp(items[i].id, id) == 0;
    return count;
}

/* A deployment whose symbol is drawn but whose "label-<id>" is not: the solver found no room.
 * Rows without an id share "row", so they are counted, not told apart. */
static void
put_dropped(struct strbuf *out, const struct report_input *input, const struct scene_item *items,
            size_t item_count)
{
    put_key(out, "labels_dropped");
    strbuf_puts(out, "[");
    size_t count = 0;
    for (size_t i = 0; i < input->table->row_count; i++) {
        const struct deployment *row = &input->table->rows[i];
        if (row->kind == DEPLOYMENT_AREA)
            continue;
        const char *rid = row->id[0] ? row->id : "row";
        char symbol[256], label[256];
        (void)snprintf(symbol, sizeof symbol, "%s-%s",
                       row->kind == DEPLOYMENT_POSITION ? "position" : "arrival", rid);
        (void)snprintf(label, sizeof label, "label-%s", rid);
        size_t symbols = count_items(items, item_count, ITEM_CIRCLE, symbol);
        size_t labels = count_items(items, item_count, ITEM_TEXT, label);
        if (symbols == 0 || labels >= symbols)
            continue;
        open_element(out, &count);
        put_key(out, "id");
        put_string(out, label);
        strbuf_puts(out, ", ");
        put_key(out, "line");
        strbuf_printf(out, "%zu", row->line);
        strbuf_puts(out, ", ");
        put_key(out, "label");
        put_string(out, row->label);
        strbuf_puts(out, "}");
    }
    close_list(out, count);
}

/* The table's area rows: what each names, its side and legend text, and whether it is drawn
 * (an area off the map is not). */
static void
put_areas(struct strbuf *out, const struct report_input *input, const struct scene_item *items,
          size_t item_count)
{
    put_key(out, "areas");
    strbuf_puts(out, "[");
    size_t count = 0;
    for (size_t i = 0; i < input->table->row_count; i++) {
        const struct deployment *row = &input->table->rows[i];
        if (row->kind != DEPLOYMENT_AREA)
            continue;
        char id[256];
        (void)snprintf(id, sizeof id, "area-%s", row->id[0] ? row->id : "row");
        open_element(out, &count);
        put_key(out, "id");
        put_string(out, id);
        strbuf_puts(out, ", ");
        put_key(out, "line");
        strbuf_printf(out, "%zu", row->line);
        strbuf_puts(out, ", ");
        put_key(out, "place");
        put_string(out, row->to.name);
        strbuf_puts(out, ", ");
        put_key(out, "side");
        put_string(out, row->side);
        strbuf_puts(out, ", ");
        put_key(out, "label");
        put_string(out, row->label);
        strbuf_puts(out, ", ");
        put_key(out, "drawn");
        strbuf_puts(out, count_items(items, item_count, ITEM_PATH, id) > 0 ? "true" : "false");
        strbuf_puts(out, "}");
    }
    close_list(out, count);
}

static void
put_page(struct strbuf *out, const struct report_input *input)
{
    const struct scene *scene = input->scene;
    put_key(out, "page");
    strbuf_puts(out, "{");
    put_key(out, "width_pt");
    put_number(out, scene->width_pt);
    strbuf_puts(out, ", ");
    put_key(out, "height_pt");
    put_number(out, scene->height_pt);
    strbuf_puts(out, ", ");
    put_key(out, "scale");
    put_number(out, input->scale);
    strbuf_puts(out, ", ");
    put_key(out, "png_width_px");
    put_number(out, ceil(scene->width_pt * input->scale - 1e-9));
    strbuf_puts(out, ", ");
    put_key(out, "png_height_px");
    put_number(out, ceil(scene->height_pt * input->scale - 1e-9));
    strbuf_puts(out, "}");
}

static void
put_geography(struct strbuf *out, const struct report_input *input)
{
    strbuf_puts(out, "  ");
    put_key(out, "projection");
    put_string(out, input->projection);
    strbuf_puts(out, ",\n  ");
    const struct lonlat_box *e = &input->extent;
    put_box(out, "extent", e->lon0_deg, e->lat0_deg, e->lon1_deg, e->lat1_deg);
    strbuf_puts(out, ",\n  ");
    if (input->visible != NULL) {
        const struct lonlat_box *v = input->visible;
        put_box(out, "visible", v->lon0_deg, v->lat0_deg, v->lon1_deg, v->lat1_deg);
    } else {
        put_key(out, "visible");
        strbuf_puts(out, "null");
    }
    strbuf_puts(out, ",\n  ");
    const struct page_box *f = &input->frame;
    put_box(out, "frame", f->x0, f->y0, f->x1, f->y1);
}

static void
put_table(struct strbuf *out, const struct report_input *input)
{
    put_key(out, "table");
    strbuf_puts(out, "{");
    put_key(out, "path");
    put_string(out, input->table->path);
    strbuf_puts(out, ", ");
    put_key(out, "rows_drawn");
    strbuf_printf(out, "%zu", input->table->row_count);
    strbuf_puts(out, ", ");
    put_key(out, "as_of");
    put_string(out, input->as_of);
    strbuf_puts(out, ", ");
    put_key(out, "where");
    strbuf_puts(out, "[");
    for (size_t i = 0; i < input->where_count; i++) {
        strbuf_puts(out, i == 0 ? "" : ", ");
        put_string(out, input->where[i]);
    }
    strbuf_puts(out, "]}");
}

char *
report_json(const struct report_input *input)
{
    size_t item_count = 0;
    const struct scene_item *items = scene_items_sorted(input->scene, &item_count);
    struct strbuf out;
    strbuf_init(&out);
    strbuf_puts(&out, "{\n  ");
    put_key(&out, "posture");
    put_string(&out, input->version);
    strbuf_puts(&out, ",\n  ");
    put_page(&out, input);
    strbuf_puts(&out, ",\n");
    put_geography(&out, input);
    strbuf_puts(&out, ",\n  ");
    put_table(&out, input);
    strbuf_puts(&out, ",\n  ");
    put_strings(&out, "outputs", input->outputs, input->output_count);
    strbuf_puts(&out, ",\n  ");
    put_symbols(&out, items, item_count);
    strbuf_puts(&out, ",\n  ");
    put_movements(&out, items, item_count);
    strbuf_puts(&out, ",\n  ");
    put_texts(&out, items, item_count, input->measure);
    strbuf_puts(&out, ",\n  ");
    put_dropped(&out, input, items, item_count);
    strbuf_puts(&out, ",\n  ");
    put_areas(&out, input, items, item_count);
    strbuf_puts(&out, ",\n  ");
    put_strings(&out, "warnings", input->warnings, input->warning_count);
    strbuf_puts(&out, ",\n  ");
    put_key(&out, "alt_text");
    put_string(&out, input->alt_text);
    strbuf_puts(&out, "\n}\n");
    return out.bytes;
}

static enum posture_status
write_bytes(const char *path, const char *bytes, size_t size, struct posture_error *err)
{
    struct atomic_file file;
    enum posture_status status = atomic_file_open(&file, path, err);
    if (status != POSTURE_OK)
        return status;
    if (fwrite(bytes, 1, size, file.stream) != size)
        file.write_failed = true;
    return atomic_file_commit(&file, err);
}

enum posture_status
report_write(const char *path, const struct report_input *input, struct posture_error *err)
{
    char *json = report_json(input);
    enum posture_status status = write_bytes(path, json, strlen(json), err);
    free(json);
    return status;
}

enum posture_status
report_write_text(const char *path, const char *text, struct posture_error *err)
{
    struct strbuf line;
    strbuf_init(&line);
    strbuf_puts(&line, text);
    strbuf_puts(&line, "\n");
    enum posture_status status = write_bytes(path, line.bytes, line.length, err);
    strbuf_fini(&line);
    return status;
}
