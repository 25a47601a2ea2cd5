/* Our own SVG writer rather than cairo's SVG surface: cairo turns text into glyph outlines and
 * knows nothing of layers, so an editor (Inkscape, Illustrator) could neither fix a label's
 * wording nor hide a layer. Here text stays <text>, each layer is an Inkscape layer, paths are
 * compact relative data in 0.1 pt, and the same scene always gives the same bytes. */
#include "render/output.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/utf8.h"

/* Path data is written in tenths of a point; beyond this a coordinate is nonsense anyway. */
static const double COORDINATE_MAX_PT = 1e12;
/* Attributes other than path data (text position, sizes, widths) keep two decimals. */
enum { DECIMALS = 2 };

/* Ids already used in the document, so that a repeated item id can get a suffix. */
struct id_set {
    char **slots; /* open addressing; NULL is empty */
    size_t capacity, count;
};

static uint64_t
hash_text(const char *text)
{
    uint64_t hash = 14695981039346656037u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        hash = (hash ^ *p) * 1099511628211u;
    return hash;
}

static char **
id_set_slot(const struct id_set *ids, const char *id)
{
    size_t mask = ids->capacity - 1;
    for (size_t i = (size_t)hash_text(id) & mask;; i = (i + 1) & mask)
        if (ids->slots[i] == NULL || strcmp(ids->slots[i], id) == 0)
            return &ids->slots[i];
}

static void
id_set_init(struct id_set *ids)
{
    ids->capacity = 64;
    ids->count = 0;
    ids->slots = xcalloc(ids->capacity, sizeof *ids->slots);
}

static void
id_set_fini(struct id_set *ids)
{
    for (size_t i = 0; i < ids->capacity; i++)
        free(ids->slots[i]);
    free(ids->slots);
    memset(ids, 0, sizeof *ids);
}

static bool
id_set_contains(const struct id_set *ids, const char *id)
{
    return *id_set_slot(ids, id) != NULL;
}

static void
id_set_add(struct id_set *ids, const char *id)
{
    if (2 * (ids->count + 1) > ids->capacity) {
        struct id_set bigger = {xcalloc(2 * ids->capacity, sizeof(char *)), 2 * ids->capacity, 0};
        for (size_t i = 0; i < ids->capacity; i++)
            if (ids->slots[i] != NULL)
                *id_set_slot(&bigger, ids->slots[i]) = ids->slots[i];
        bigger.count = ids->count;
        free(ids->slots);
        *ids = bigger;
    }
    char **slot = id_set_slot(ids, id);
    if (*slot == NULL) {
        *slot = xstrdup(id);
        ids->count++;
    }
}

/* Takes `wanted`, or wanted-2, wanted-3, ... if it is taken; the id is left in *out. */
static void
id_set_claim(struct id_set *ids, const char *wanted, struct strbuf *out)
{
    out->length = 0;
    strbuf_puts(out, wanted);
    for (unsigned long n = 2; id_set_contains(ids, out->bytes); n++) {
        out->length = 0;
        strbuf_printf(out, "%s-%lu", wanted, n);
    }
    id_set_add(ids, out->bytes);
}

static void
put_xml_run(struct strbuf *out, const char *run, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        switch (run[i]) {
        case '&':
            strbuf_puts(out, "&amp;");
            break;
        case '<':
            strbuf_puts(out, "&lt;");
            break;
        case '>':
            strbuf_puts(out, "&gt;");
            break;
        case '"':
            strbuf_puts(out, "&quot;");
            break;
        default:
            if ((unsigned char)run[i] >= 0x20 || run[i] == '\t' || run[i] == '\n' || run[i] == '\r')
                strbuf_append(out, &run[i], 1);
        }
    }
}

/* XML character data: escaped, the control characters XML forbids dropped, bytes that are not
 * UTF-8 replaced by U+FFFD, so the document always parses. */
static void
put_xml_text(struct strbuf *out, const char *text)
{
    size_t length = strlen(text);
    size_t done = 0;
    while (done < length) {
        size_t bad = 0;
        bool is_valid = utf8_valid(text + done, length - done, &bad);
        size_t good = is_valid ? length - done : bad;
        put_xml_run(out, text + done, good);
        done += good;
        if (!is_valid) {
            strbuf_puts(out, "\xEF\xBF\xBD");
            done++;
        }
    }
}

static void
put_number_attribute(struct strbuf *out, const char *name, double value)
{
    strbuf_printf(out, " %s=\"", name);
    strbuf_number(out, value, DECIMALS);
    strbuf_puts(out, "\"");
}

static void
put_text_attribute(struct strbuf *out, const char *name, const char *value)
{
    strbuf_printf(out, " %s=\"", name);
    put_xml_text(out, value);
    strbuf_puts(out, "\"");
}

static unsigned
colour_byte(double channel)
{
    double clamped = channel > 0 ? (channel < 1 ? channel : 1) : 0; /* NaN: 0 */
    return (unsigned)lround(clamped * 255.0);
}

/* name="#rrggbb" and name-opacity="a" when not opaque. */
static void
put_colour_attributes(struct strbuf *out, const char *name, struct rgba colour)
{
    strbuf_printf(out, " %s=\"#%02x%02x%02x\"", name, colour_byte(colour.r), colour_byte(colour.g),
                  colour_byte(colour.b));
    if (colour.a < 1) {
        strbuf_printf(out, " %s-opacity=\"", name);
        strbuf_number(out, colour.a > 0 ? colour.a : 0, 3);
        strbuf_puts(out, "\"");
    }
}

static long long
to_tenths(double value_pt)
{
    double clamped = fmax(-COORDINATE_MAX_PT, fmin(COORDINATE_MAX_PT, value_pt));
    return llround(clamped * 10.0);
}

/* A number of tenths as path data: "12.3", ".5", "-.5", "40"; a space before it unless it
 * follows a command letter or starts with "-". */
static void
put_tenths(struct strbuf *out, long long tenths, bool follows_number)
{
    /* Formatted by hand: this runs for every coordinate, and printf was a fifth of a render. */
    char text[32];
    char *end = text + sizeof text;
    char *p = end;
    unsigned long long magnitude =
        tenths < 0 ? 0ull - (unsigned long long)tenths : (unsigned long long)tenths;
    unsigned long long whole = magnitude / 10, tenth = magnitude % 10;
    if (tenth != 0) {
        *--p = (char)('0' + tenth);
        *--p = '.';
    }
    if (whole != 0 || tenth == 0) {
        do {
            *--p = (char)('0' + whole % 10);
            whole /= 10;
        } while (whole != 0);
    }
    if (tenths < 0)
        *--p = '-';
    else if (follows_number)
        *--p = ' ';
    strbuf_append(out, p, (size_t)(end - p));
}

static bool
is_finite_point(struct page_xy p)
{
    return isfinite(p.x) && isfinite(p.y);
}

static void
subpath_range(const struct scene_geometry *geometry, size_t s, size_t *start, size_t *end)
{
    *start = geometry->subpath_starts[s];
    *end =
        s + 1 < geometry->subpath_count ? geometry->subpath_starts[s + 1] : geometry->point_count;
    if (*end > geometry->point_count)
        *end = geometry->point_count;
}

/* One subpath: an absolute M, then relative l steps between points rounded to 0.1 pt. Each step
 * is taken from the rounded previous point, so rounding never accumulates; steps that round to
 * nothing are dropped, and so is a closing point that z draws anyway. */
static void
put_subpath(struct strbuf *out, const struct scene_geometry *geometry, size_t start, size_t end,
            bool is_closed)
{
    long long first_x = 0, first_y = 0, x = 0, y = 0;
    bool has_moved = false, has_line = false;
    for (size_t i = start; i < end; i++) {
        struct page_xy p = geometry->points[i];
        if (!is_finite_point(p))
            continue;
        long long tx = to_tenths(p.x), ty = to_tenths(p.y);
        if (!has_moved) {
            strbuf_puts(out, "M");
            put_tenths(out, tx, false);
            put_tenths(out, ty, true);
            first_x = x = tx;
            first_y = y = ty;
            has_moved = true;
            continue;
        }
        if (tx == x && ty == y)
            continue;
        if (is_closed && i + 1 == end && tx == first_x && ty == first_y)
            continue;
        if (!has_line)
            strbuf_puts(out, "l");
        put_tenths(out, tx - x, has_line);
        put_tenths(out, ty - y, true);
        has_line = true;
        x = tx;
        y = ty;
    }
    if (has_moved && is_closed)
        strbuf_puts(out, "z");
}

static void
put_path_data(struct strbuf *out, const struct scene_geometry *geometry)
{
    strbuf_puts(out, " d=\"");
    for (size_t s = 0; s < geometry->subpath_count; s++) {
        size_t start, end;
        subpath_range(geometry, s, &start, &end);
        put_subpath(out, geometry, start, end, scene_subpath_is_closed(geometry, s));
    }
    strbuf_puts(out, "\"");
}

/* What a hatch pattern draws: items alike share one <pattern>. */
struct hatch_key {
    struct rgba ground, line;
    double spacing_pt, width_pt, angle_deg;
};

static bool
has_hatch_lines(const struct scene_paint *paint)
{
    return paint->hatch.a > 0 && paint->hatch_width_pt > 0 && paint->hatch_spacing_pt > 0 &&
           isfinite(paint->hatch_spacing_pt);
}

static struct hatch_key
hatch_key_of(const struct scene_paint *paint)
{
    struct hatch_key key = {
        .line = paint->hatch,
        .spacing_pt = paint->hatch_spacing_pt,
        .width_pt = paint->hatch_width_pt,
        .angle_deg = paint->hatch_angle_deg,
    };
    if (paint->fill.a > 0)
        key.ground = paint->fill;
    return key;
}

static bool
rgba_equal(struct rgba a, struct rgba b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static bool
hatch_key_equal(const struct hatch_key *a, const struct hatch_key *b)
{
    return rgba_equal(a->ground, b->ground) && rgba_equal(a->line, b->line) &&
           a->spacing_pt == b->spacing_pt && a->width_pt == b->width_pt &&
           a->angle_deg == b->angle_deg;
}

/* The <defs> an SVG needs, numbered in drawing order: clip-1.., hatch-1... */
struct defs {
    const struct scene_geometry **clips;
    size_t clip_count;
    struct hatch_key *hatches;
    size_t hatch_count;
    size_t *clip_of;  /* per item: 1-based clip number, 0 for none */
    size_t *hatch_of; /* per item: 1-based hatch number, 0 for none */
};

static size_t
find_clip(const struct defs *defs, const struct scene_geometry *clip)
{
    for (size_t i = defs->clip_count; i > 0; i--) /* the latest is the likeliest */
        if (defs->clips[i - 1] == clip)
            return i;
    return 0;
}

static size_t
find_hatch(const struct defs *defs, const struct hatch_key *key)
{
    for (size_t i = 0; i < defs->hatch_count; i++)
        if (hatch_key_equal(&defs->hatches[i], key))
            return i + 1;
    return 0;
}

static void
defs_collect(struct defs *defs, const struct scene_item *items, size_t count)
{
    memset(defs, 0, sizeof *defs);
    defs->clips = xcalloc(count + 1, sizeof(const struct scene_geometry *));
    defs->hatches = xcalloc(count + 1, sizeof *defs->hatches);
    defs->clip_of = xcalloc(count + 1, sizeof *defs->clip_of);
    defs->hatch_of = xcalloc(count + 1, sizeof *defs->hatch_of);
    for (size_t i = 0; i < count; i++) {
        const struct scene_item *item = &items[i];
        if (item->clip != NULL) {
            size_t n = find_clip(defs, item->clip);
            if (n == 0) {
                defs->clips[defs->clip_count++] = item->clip;
                n = defs->clip_count;
            }
            defs->clip_of[i] = n;
        }
        if (item->kind != ITEM_TEXT && item->paint.pattern == PATTERN_HATCH &&
            has_hatch_lines(&item->paint)) {
            struct hatch_key key = hatch_key_of(&item->paint);
            size_t n = find_hatch(defs, &key);
            if (n == 0) {
                defs->hatches[defs->hatch_count++] = key;
                n = defs->hatch_count;
            }
            defs->hatch_of[i] = n;
        }
    }
}

static void
defs_fini(struct defs *defs)
{
    free(defs->clips);
    free(defs->hatches);
    free(defs->clip_of);
    free(defs->hatch_of);
}

/* Horizontal bands of the line colour, centred at (k + 0.5) * spacing, turned by the angle:
 * where cairo_output.c draws its hatch lines. rotate() turns clockwise on a y-down page, hence
 * the minus: 45 rises to the right. */
static void
put_hatch_pattern(struct strbuf *out, const struct hatch_key *hatch, size_t number)
{
    strbuf_printf(out, "  <pattern id=\"hatch-%zu\" patternUnits=\"userSpaceOnUse\"", number);
    put_number_attribute(out, "width", hatch->spacing_pt);
    put_number_attribute(out, "height", hatch->spacing_pt);
    if (hatch->angle_deg != 0) {
        strbuf_puts(out, " patternTransform=\"rotate(");
        strbuf_number(out, -hatch->angle_deg, DECIMALS);
        strbuf_puts(out, ")\"");
    }
    strbuf_puts(out, ">");
    if (hatch->ground.a > 0) {
        strbuf_puts(out, "<rect");
        put_number_attribute(out, "width", hatch->spacing_pt);
        put_number_attribute(out, "height", hatch->spacing_pt);
        put_colour_attributes(out, "fill", hatch->ground);
        strbuf_puts(out, "/>");
    }
    strbuf_puts(out, "<rect");
    put_number_attribute(out, "y", (hatch->spacing_pt - hatch->width_pt) / 2);
    put_number_attribute(out, "width", hatch->spacing_pt);
    put_number_attribute(out, "height", hatch->width_pt);
    put_colour_attributes(out, "fill", hatch->line);
    strbuf_puts(out, "/></pattern>\n");
}

static void
put_defs(struct strbuf *out, const struct defs *defs, struct id_set *ids)
{
    struct strbuf id;
    strbuf_init(&id);
    for (size_t i = 0; i < defs->clip_count; i++) {
        strbuf_printf(&id, "clip-%zu", i + 1);
        id_set_add(ids, id.bytes);
        id.length = 0;
    }
    for (size_t i = 0; i < defs->hatch_count; i++) {
        strbuf_printf(&id, "hatch-%zu", i + 1);
        id_set_add(ids, id.bytes);
        id.length = 0;
    }
    strbuf_fini(&id);
    if (defs->clip_count == 0 && defs->hatch_count == 0)
        return;

    strbuf_puts(out, "<defs>\n");
    for (size_t i = 0; i < defs->clip_count; i++) {
        strbuf_printf(out, "  <clipPath id=\"clip-%zu\" clipPathUnits=\"userSpaceOnUse\"><path",
                      i + 1);
        put_path_data(out, defs->clips[i]);
        /* As in cairo_output.c: a clip is an area's rings, holes included. */
        strbuf_puts(out, " clip-rule=\"evenodd\"/></clipPath>\n");
    }
    for (size_t i = 0; i < defs->hatch_count; i++)
        put_hatch_pattern(out, &defs->hatches[i], i + 1);
    strbuf_puts(out, "</defs>\n");
}

static bool
has_dash(const struct scene_paint *paint)
{
    return paint->dash_pt[0] >= 0 && paint->dash_pt[1] >= 0 &&
           paint->dash_pt[0] + paint->dash_pt[1] > 0 &&
           isfinite(paint->dash_pt[0] + paint->dash_pt[1]);
}

static void
put_fill(struct strbuf *out, const struct scene_paint *paint, size_t hatch)
{
    if (hatch != 0)
        strbuf_printf(out, " fill=\"url(#hatch-%zu)\"", hatch);
    else if ((paint->pattern == PATTERN_SOLID || paint->pattern == PATTERN_HATCH) &&
             paint->fill.a > 0)
        put_colour_attributes(out, "fill", paint->fill);
    else
        strbuf_puts(out, " fill=\"none\"");
    if (paint->is_even_odd)
        strbuf_puts(out, " fill-rule=\"evenodd\"");
}

static void
put_stroke(struct strbuf *out, const struct scene_paint *paint)
{
    if (!(paint->stroke.a > 0 && paint->stroke_width_pt > 0))
        return;
    put_colour_attributes(out, "stroke", paint->stroke);
    put_number_attribute(out, "stroke-width", paint->stroke_width_pt);
    if (has_dash(paint)) {
        strbuf_puts(out, " stroke-dasharray=\"");
        strbuf_number(out, paint->dash_pt[0], DECIMALS);
        strbuf_puts(out, " ");
        strbuf_number(out, paint->dash_pt[1], DECIMALS);
        strbuf_puts(out, "\"");
    }
    if (paint->cap == CAP_ROUND)
        strbuf_puts(out, " stroke-linecap=\"round\"");
    else if (paint->cap == CAP_SQUARE)
        strbuf_puts(out, " stroke-linecap=\"square\"");
    if (paint->join == JOIN_ROUND)
        strbuf_puts(out, " stroke-linejoin=\"round\"");
    else if (paint->join == JOIN_BEVEL)
        strbuf_puts(out, " stroke-linejoin=\"bevel\"");
}

static const char *
anchor_name(enum text_anchor anchor)
{
    switch (anchor) {
    case ANCHOR_MIDDLE:
        return "middle";
    case ANCHOR_END:
        return "end";
    case ANCHOR_START:
    default:
        return NULL; /* SVG's default */
    }
}

/* Whether an SVG reader would change the text's spaces: by default it drops leading and trailing
 * ones, joins runs and turns tabs and line breaks into spaces, where Pango draws every character
 * and the layout measured them. */
static bool
has_spaces_to_keep(const char *text)
{
    size_t length = strlen(text);
    if (length > 0 && (text[0] == ' ' || text[length - 1] == ' '))
        return true;
    for (size_t i = 0; i < length; i++)
        if (text[i] == '\t' || text[i] == '\n' || text[i] == '\r' ||
            (text[i] == ' ' && text[i + 1] == ' '))
            return true;
    return false;
}

static void
put_text(struct strbuf *out, const struct scene_item *item)
{
    const struct text_style *style = &item->text_style;
    put_number_attribute(out, "x", item->at.x);
    put_number_attribute(out, "y", item->at.y);
    const char *anchor = anchor_name(item->anchor);
    if (anchor != NULL)
        strbuf_printf(out, " text-anchor=\"%s\"", anchor);
    put_text_attribute(out, "font-family", style->family != NULL ? style->family : "sans");
    put_number_attribute(out, "font-size", style->size_pt);
    if (style->weight != 400)
        strbuf_printf(out, " font-weight=\"%d\"", style->weight);
    if (style->is_italic)
        strbuf_puts(out, " font-style=\"italic\"");
    if (style->letter_spacing_pt != 0)
        put_number_attribute(out, "letter-spacing", style->letter_spacing_pt);
    put_colour_attributes(out, "fill", style->colour);
    if (style->halo.a > 0 && style->halo_width_pt > 0) {
        put_colour_attributes(out, "stroke", style->halo);
        put_number_attribute(out, "stroke-width", style->halo_width_pt);
        strbuf_puts(out, " stroke-linejoin=\"round\" paint-order=\"stroke\"");
    }
    const char *text = item->text != NULL ? item->text : "";
    if (has_spaces_to_keep(text))
        strbuf_puts(out, " xml:space=\"preserve\"");
    strbuf_puts(out, ">");
    put_xml_text(out, text);
    strbuf_puts(out, "</text>\n");
}

static void
put_item(struct strbuf *out, const struct scene_item *item, size_t clip, size_t hatch,
         struct id_set *ids)
{
    static const char *const elements[] = {
        [ITEM_PATH] = "path",
        [ITEM_CIRCLE] = "circle",
        [ITEM_TEXT] = "text",
    };
    if (item->kind > ITEM_TEXT)
        return;
    strbuf_printf(out, "  <%s", elements[item->kind]);
    if (item->id != NULL) {
        struct strbuf id;
        strbuf_init(&id);
        id_set_claim(ids, item->id, &id);
        put_text_attribute(out, "id", id.bytes);
        strbuf_fini(&id);
    }
    if (clip != 0)
        strbuf_printf(out, " clip-path=\"url(#clip-%zu)\"", clip);
    if (item->kind == ITEM_TEXT) {
        put_text(out, item);
        return;
    }
    if (item->kind == ITEM_PATH) {
        put_path_data(out, &item->geometry);
    } else {
        put_number_attribute(out, "cx", item->centre.x);
        put_number_attribute(out, "cy", item->centre.y);
        put_number_attribute(out, "r", item->radius_pt > 0 ? item->radius_pt : 0);
    }
    put_fill(out, &item->paint, hatch);
    put_stroke(out, &item->paint);
    strbuf_puts(out, "/>\n");
}

static void
put_layer_start(struct strbuf *out, enum scene_layer layer)
{
    const char *name = scene_layer_name(layer);
    /* Inkscape shows the label: "Countries" for the layer "countries". */
    strbuf_printf(out, "<g id=\"%s\" inkscape:groupmode=\"layer\" inkscape:label=\"%c%s\">\n", name,
                  toupper((unsigned char)name[0]), name + 1);
}

static bool
same_group(const struct scene_item *a, const struct scene_item *b)
{
    return a->group != NULL && b->group != NULL && strcmp(a->group, b->group) == 0;
}

/* A style layer's items inside a scene layer: a plain group an editor selects as one. */
static void
put_group_start(struct strbuf *out, const char *group, struct id_set *ids)
{
    struct strbuf id;
    strbuf_init(&id);
    id_set_claim(ids, group, &id);
    strbuf_puts(out, "<g");
    put_text_attribute(out, "id", id.bytes);
    put_text_attribute(out, "inkscape:label", group);
    strbuf_puts(out, ">\n");
    strbuf_fini(&id);
}

static void
put_header(struct strbuf *out, const struct scene *scene)
{
    strbuf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
                     "<svg xmlns=\"http://www.w3.org/2000/svg\""
                     " xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\""
                     " version=\"1.1\"");
    put_number_attribute(out, "width", scene->width_pt);
    put_number_attribute(out, "height", scene->height_pt);
    strbuf_puts(out, " viewBox=\"0 0 ");
    strbuf_number(out, scene->width_pt, DECIMALS);
    strbuf_puts(out, " ");
    strbuf_number(out, scene->height_pt, DECIMALS);
    strbuf_puts(out, "\">\n");
    if (scene->title != NULL) {
        strbuf_puts(out, "<title>");
        put_xml_text(out, scene->title);
        strbuf_puts(out, "</title>\n");
    }
    if (scene->description != NULL) {
        strbuf_puts(out, "<desc>");
        put_xml_text(out, scene->description);
        strbuf_puts(out, "</desc>\n");
    }
}

/* scene_items_sorted() hands qsort() a NULL array when the scene is empty, which qsort() does not
 * allow (UBSan stops there), so an empty scene is not sorted. */
static const struct scene_item *
items_in_drawing_order(struct scene *scene, size_t *count)
{
    *count = 0;
    return scene->item_count > 0 ? scene_items_sorted(scene, count) : NULL;
}

void
svg_writer_build(struct scene *scene, struct strbuf *out)
{
    size_t count;
    const struct scene_item *items = items_in_drawing_order(scene, &count);
    struct id_set ids;
    id_set_init(&ids);
    /* Layer ids are reserved whether or not the layer is drawn, so item ids stay put. */
    for (int layer = 0; layer < LAYER_COUNT; layer++)
        id_set_add(&ids, scene_layer_name((enum scene_layer)layer));
    struct defs defs;
    defs_collect(&defs, items, count);

    put_header(out, scene);
    put_defs(out, &defs, &ids);
    for (size_t i = 0; i < count; i++) {
        bool is_new_layer = i == 0 || items[i].layer != items[i - 1].layer;
        if (i > 0 && items[i - 1].group != NULL &&
            (is_new_layer || !same_group(&items[i - 1], &items[i])))
            strbuf_puts(out, "</g>\n");
        if (is_new_layer) {
            if (i > 0)
                strbuf_puts(out, "</g>\n");
            put_layer_start(out, items[i].layer);
        }
        if (items[i].group != NULL &&
            (is_new_layer || items[i - 1].group == NULL || !same_group(&items[i - 1], &items[i])))
            put_group_start(out, items[i].group, &ids);
        put_item(out, &items[i], defs.clip_of[i], defs.hatch_of[i], &ids);
    }
    if (count > 0 && items[count - 1].group != NULL)
        strbuf_puts(out, "</g>\n");
    if (count > 0)
        strbuf_puts(out, "</g>\n");
    strbuf_puts(out, "</svg>\n");

    defs_fini(&defs);
    id_set_fini(&ids);
}

enum posture_status
svg_writer_write(struct scene *scene, const char *path, struct posture_error *err)
{
    struct strbuf document;
    strbuf_init(&document);
    svg_writer_build(scene, &document);
    struct atomic_file file;
    enum posture_status status = atomic_file_open(&file, path, err);
    if (status == POSTURE_OK) {
        if (fwrite(document.bytes, 1, document.length, file.stream) != document.length)
            file.write_failed = true;
        status = atomic_file_commit(&file, err);
    }
    strbuf_fini(&document);
    return status;
}
