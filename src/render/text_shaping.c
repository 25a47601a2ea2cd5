#include "render/text_shaping.h"

#include <fontconfig/fontconfig.h>
#include <glob.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/strbuf.h"
#include "render/text_shaping_cairo.h"

/* Whether the process lets posture own fontconfig (text_shaper_own_fontconfig()), whether a
 * shaper has made its files fontconfig's current configuration, and whether a shaper of the
 * machine's fonts uses the current configuration (which must then stay the machine's). The
 * lock is for a batch's workers, which make their shapers at once. */
static bool owns_fontconfig;
static bool replaced_default_config;
static bool uses_default_config;
static pthread_mutex_t fontconfig_lock = PTHREAD_MUTEX_INITIALIZER;

/* Pango's weight scale is CSS's; outside it Pango clamps differently from browsers. */
enum { WEIGHT_MIN = 100, WEIGHT_MAX = 1000 };

struct text_shaper {
    /* text_shaper_draw() runs on the threads of an image's bands at once (cairo_output.c):
     * they take turns, as Pango's objects are not to be used by two threads at a time. */
    pthread_mutex_t drawing;
    PangoFontMap *font_map;
    PangoContext *context;
    PangoLayout *layout; /* reused for every line: measured and drawn alike */
    /* The font description of the last style seen; labels come in runs of one style. */
    PangoFontDescription *description;
    char *family;
    double size_pt;
    int weight;
    bool is_italic;
    /* Measured lines by style and text: labels are measured again at each candidate size and
     * by the solver, and Pango's shaping is the dearest part of layout. The first
     * LAYOUTS_KEPT keep their shaped layout too, which drawing then uses instead of shaping
     * the line again: in one map and in every later map of a batch. */
    struct measured *measured;
    size_t measured_count, measured_capacity, layouts_kept;
};

/* A few kilobytes each: 2,048 cover any map's labels and a batch's many maps. */
enum { LAYOUTS_KEPT = 2048 };

struct measured {
    char *key; /* NULL: empty slot */
    struct text_extent extent;
    PangoLayout *layout; /* shaped line, owned; NULL once LAYOUTS_KEPT were kept */
};

static struct text_shaper *
create_for_font_map(PangoFontMap *font_map)
{
    struct text_shaper *shaper = xcalloc(1, sizeof *shaper);
    (void)pthread_mutex_init(&shaper->drawing, NULL);
    shaper->font_map = font_map;
    shaper->context = pango_font_map_create_context(shaper->font_map);

    /* Without hinting and with unrounded positions a width scales linearly with the font size
     * and does not depend on the output's resolution: PNG at any scale, PDF and the SVG's
     * layout all agree. */
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(shaper->context, options);
    cairo_font_options_destroy(options);
    pango_cairo_context_set_resolution(shaper->context, 72.0);
    pango_context_set_round_glyph_positions(shaper->context, FALSE);
    /* The default follows $LANG, which changes font fallback: the map must not. */
    pango_context_set_language(shaper->context, pango_language_from_string("en"));

    shaper->layout = pango_layout_new(shaper->context);
    pango_layout_set_single_paragraph_mode(shaper->layout, TRUE);
    return shaper;
}

struct text_shaper *
text_shaper_create(void)
{
    PangoFontMap *font_map = pango_cairo_font_map_new();
    (void)pthread_mutex_lock(&fontconfig_lock);
    bool is_replaced = replaced_default_config;
    uses_default_config = uses_default_config || !is_replaced;
    (void)pthread_mutex_unlock(&fontconfig_lock);
    if (is_replaced) {
        /* The current configuration is a shaper's handful of files: read the machine's. */
        FcConfig *machine = FcInitLoadConfigAndFonts();
        if (machine != NULL) {
            pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(font_map), machine);
            FcConfigDestroy(machine);
        }
    }
    return create_for_font_map(font_map);
}

void
text_shaper_own_fontconfig(void)
{
    (void)pthread_mutex_lock(&fontconfig_lock);
    owns_fontconfig = true;
    (void)pthread_mutex_unlock(&fontconfig_lock);
}

/* Adds the files matching one glob pattern, in sorted order; returns how many. */
static size_t
add_font_files(FcConfig *config, const char *pattern)
{
    glob_t found;
    size_t added = 0;
    if (glob(pattern, 0, NULL, &found) == 0) {
        for (size_t i = 0; i < found.gl_pathc; i++)
            added += FcConfigAppFontAddFile(config, (const FcChar8 *)found.gl_pathv[i]) ? 1 : 0;
    }
    globfree(&found);
    return added;
}

struct text_shaper *
text_shaper_create_with_fonts(const char *patterns)
{
    if (patterns == NULL || patterns[0] == '\0')
        return text_shaper_create();
    /* Only the named files: fontconfig then sorts a handful of faces instead of every font on
     * the machine (a quarter of a render with fonts-noto-core's 268), and the map looks the
     * same wherever it is made. */
    FcConfig *config = FcConfigCreate();
    size_t added = 0;
    char *copy = xstrdup(patterns);
    char *save = NULL;
    for (char *p = strtok_r(copy, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save)) {
        while (*p == ' ')
            p++;
        size_t n = strlen(p);
        while (n > 0 && p[n - 1] == ' ')
            p[--n] = '\0';
        if (n > 0)
            added += add_font_files(config, p);
    }
    free(copy);
    if (added == 0) {
        FcConfigDestroy(config);
        return NULL;
    }
    /* Pango's font map starts fontconfig on a thread of its own and waits for it before the
     * first font: reading the machine's configuration, which files alone never use, was a
     * tenth of a one-map run. With the current configuration set, that start does nothing. */
    (void)pthread_mutex_lock(&fontconfig_lock);
    if (owns_fontconfig && !replaced_default_config && !uses_default_config &&
        FcConfigSetCurrent(config))
        replaced_default_config = true;
    (void)pthread_mutex_unlock(&fontconfig_lock);
    PangoFontMap *font_map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(font_map), config);
    FcConfigDestroy(config); /* the font map holds its own reference */
    return create_for_font_map(font_map);
}

void
text_shaper_destroy(struct text_shaper *shaper)
{
    if (shaper == NULL)
        return;
    if (shaper->description != NULL)
        pango_font_description_free(shaper->description);
    free(shaper->family);
    for (size_t i = 0; i < shaper->measured_capacity; i++) {
        free(shaper->measured[i].key);
        if (shaper->measured[i].layout != NULL)
            g_object_unref(shaper->measured[i].layout);
    }
    free(shaper->measured);
    g_object_unref(shaper->layout);
    g_object_unref(shaper->context);
    g_object_unref(shaper->font_map);
    (void)pthread_mutex_destroy(&shaper->drawing);
    free(shaper);
}

static bool
is_cached_style(const struct text_shaper *shaper, const char *family,
                const struct text_style *style)
{
    return shaper->description != NULL && strcmp(shaper->family, family) == 0 &&
           shaper->size_pt == style->size_pt && shaper->weight == style->weight &&
           shaper->is_italic == style->is_italic;
}

static const PangoFontDescription *
font_description_for(struct text_shaper *shaper, const struct text_style *style)
{
    const char *family = style->family != NULL ? style->family : "sans";
    if (is_cached_style(shaper, family, style))
        return shaper->description;
    if (shaper->description != NULL)
        pango_font_description_free(shaper->description);
    free(shaper->family);

    PangoFontDescription *description = pango_font_description_new();
    pango_font_description_set_family(description, family);
    double size_pt = style->size_pt > 0 && isfinite(style->size_pt) ? style->size_pt : 0;
    pango_font_description_set_size(description, (gint)lround(size_pt * PANGO_SCALE));
    int weight = style->weight < WEIGHT_MIN   ? WEIGHT_MIN
                 : style->weight > WEIGHT_MAX ? WEIGHT_MAX
                                              : style->weight;
    pango_font_description_set_weight(description, (PangoWeight)weight);
    pango_font_description_set_style(description,
                                     style->is_italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);

    shaper->description = description;
    shaper->family = xstrdup(family);
    shaper->size_pt = style->size_pt;
    shaper->weight = style->weight;
    shaper->is_italic = style->is_italic;
    return description;
}

/* The one place a line becomes a layout, for measuring and drawing alike. */
static PangoLayout *
set_line(struct text_shaper *shaper, PangoLayout *layout, const char *text,
         const struct text_style *style)
{
    pango_layout_set_font_description(layout, font_description_for(shaper, style));

    PangoAttrList *attributes = NULL;
    if (style->letter_spacing_pt != 0 && isfinite(style->letter_spacing_pt)) {
        attributes = pango_attr_list_new();
        pango_attr_list_insert(attributes, pango_attr_letter_spacing_new((int)lround(
                                               style->letter_spacing_pt * PANGO_SCALE)));
    }
    pango_layout_set_attributes(layout, attributes);
    if (attributes != NULL)
        pango_attr_list_unref(attributes);

    /* Pango would warn on stderr about invalid UTF-8; the library never prints. */
    if (text == NULL)
        text = "";
    if (g_utf8_validate(text, -1, NULL)) {
        pango_layout_set_text(layout, text, -1);
    } else {
        gchar *valid = g_utf8_make_valid(text, -1);
        pango_layout_set_text(layout, valid, -1);
        g_free(valid);
    }
    return layout;
}

static size_t
hash_key(const char *key)
{
    size_t h = 14695981039346656037u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

static struct measured *
find_slot(struct measured *slots, size_t capacity, const char *key)
{
    size_t i = hash_key(key) & (capacity - 1);
    while (slots[i].key != NULL && strcmp(slots[i].key, key) != 0)
        i = (i + 1) & (capacity - 1);
    return &slots[i];
}

static void
remember_extent(struct text_shaper *shaper, char *key, struct text_extent extent,
                PangoLayout *layout)
{
    if (2 * (shaper->measured_count + 1) > shaper->measured_capacity) {
        size_t capacity = shaper->measured_capacity ? 2 * shaper->measured_capacity : 256;
        struct measured *slots = xcalloc(capacity, sizeof *slots);
        for (size_t i = 0; i < shaper->measured_capacity; i++)
            if (shaper->measured[i].key != NULL)
                *find_slot(slots, capacity, shaper->measured[i].key) = shaper->measured[i];
        free(shaper->measured);
        shaper->measured = slots;
        shaper->measured_capacity = capacity;
    }
    struct measured *slot = find_slot(shaper->measured, shaper->measured_capacity, key);
    slot->key = key;
    slot->extent = extent;
    slot->layout = layout;
    shaper->measured_count++;
}

/* A number's bits as 16 hex digits: printf's "%a" was 6,500 instructions a key, a quarter of a
 * batch map's text measuring. */
static void
append_bits(struct strbuf *key, const void *value, size_t size)
{
    static const char digits[] = "0123456789abcdef";
    char hex[2 * sizeof(uint64_t) + 1];
    uint64_t bits = 0;
    memcpy(&bits, value, size < sizeof bits ? size : sizeof bits);
    for (size_t i = 0; i < 2 * sizeof bits; i++)
        hex[i] = digits[(bits >> (60 - 4 * i)) & 0xF];
    hex[2 * sizeof bits] = '|';
    strbuf_append(key, hex, sizeof hex);
}

static char *
measure_key(const char *text, const struct text_style *style)
{
    struct strbuf key;
    strbuf_init(&key);
    strbuf_puts(&key, style->family ? style->family : "");
    strbuf_append(&key, "|", 1);
    append_bits(&key, &style->size_pt, sizeof style->size_pt);
    append_bits(&key, &style->weight, sizeof style->weight);
    append_bits(&key, &style->is_italic, sizeof style->is_italic);
    append_bits(&key, &style->letter_spacing_pt, sizeof style->letter_spacing_pt);
    strbuf_puts(&key, text ? text : "");
    return key.bytes;
}

/* The measured line for this text and style, measured now if it was not before. */
static const struct measured *
measured_line(struct text_shaper *shaper, const char *text, const struct text_style *style)
{
    char *key = measure_key(text, style);
    if (shaper->measured_capacity > 0) {
        struct measured *slot = find_slot(shaper->measured, shaper->measured_capacity, key);
        if (slot->key != NULL) {
            free(key);
            return slot;
        }
    }
    PangoLayout *kept = NULL;
    if (shaper->layouts_kept < LAYOUTS_KEPT) {
        kept = pango_layout_new(shaper->context);
        pango_layout_set_single_paragraph_mode(kept, TRUE);
        shaper->layouts_kept++;
    }
    PangoLayout *layout = set_line(shaper, kept != NULL ? kept : shaper->layout, text, style);
    PangoRectangle ink, logical;
    pango_layout_get_extents(layout, &ink, &logical);
    double baseline = (double)pango_layout_get_baseline(layout);
    struct text_extent extent = {.width_pt = (double)logical.width / PANGO_SCALE};
    if (ink.height > 0) {
        extent.ascent_pt = fmax(0.0, (baseline - ink.y) / PANGO_SCALE);
        extent.descent_pt = fmax(0.0, (ink.y + ink.height - baseline) / PANGO_SCALE);
    }
    remember_extent(shaper, key, extent, kept);
    return find_slot(shaper->measured, shaper->measured_capacity, key);
}

static struct text_extent
measure_line(void *context, const char *text, const struct text_style *style)
{
    return measured_line(context, text, style)->extent;
}

struct text_measure
text_shaper_measure(struct text_shaper *shaper)
{
    struct text_measure measure = {.context = shaper, .measure = measure_line};
    return measure;
}

static double
anchor_fraction(enum text_anchor anchor)
{
    switch (anchor) {
    case ANCHOR_MIDDLE:
        return 0.5;
    case ANCHOR_END:
        return 1.0;
    case ANCHOR_START:
    default:
        return 0.0;
    }
}

static void
set_source(cairo_t *cr, struct rgba colour)
{
    cairo_set_source_rgba(cr, colour.r, colour.g, colour.b, colour.a);
}

/* Largest halo radius drawn by dilation, in device pixels; wider ones (huge type at --scale 3
 * and more) are stroked. */
enum { HALO_MAX_RADIUS_PX = 12 };

struct disc_offset {
    int dx, dy;
    ptrdiff_t delta; /* dy rows and dx bytes of the halo's mask */
    int bias; /* (r - distance) in 1/255 of a pixel: what the offset adds to a covered pixel */
};

/* The offsets of a disc of radius r pixels. A pixel covered c (0..1) by the glyphs has their
 * edge about c - 1/2 past its centre; grown by r, the edge reaches c + r - d past the centre of
 * a pixel d away, which is that pixel's new coverage (clamped to 0..1). An offset whose bias
 * is -1 or less cannot add anything. */
static size_t
disc_offsets(double r, struct disc_offset *out)
{
    int reach = (int)ceil(r + 1);
    size_t n = 0;
    for (int dy = -reach; dy <= reach; dy++)
        for (int dx = -reach; dx <= reach; dx++) {
            double bias = r - sqrt((double)(dx * dx + dy * dy));
            if (bias <= -1)
                continue;
            out[n++] = (struct disc_offset){dx, dy, 0, (int)lround(255 * bias)};
        }
    return n;
}

/* A halo is the text's own coverage grown by half the halo's width: the glyphs are drawn into
 * an 8-bit mask and dilated by a disc (a max filter), then the halo colour is painted through
 * it. Stroking every glyph outline instead, as PDF output still does, was a tenth of a PNG's
 * whole render; the mask costs a few hundred thousand byte operations for all labels. Done
 * here because neither cairo nor Pango offers a dilation. Only onto image surfaces with no
 * rotation or shear; false leaves the halo to the caller. */
static bool
draw_halo_on_image(cairo_t *cr, PangoLayout *layout, double left, double top,
                   const struct text_style *style)
{
    if (cairo_surface_get_type(cairo_get_target(cr)) != CAIRO_SURFACE_TYPE_IMAGE)
        return false;
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    if (m.xy != 0 || m.yx != 0 || m.xx != m.yy || !(m.xx > 0))
        return false;
    double r = style->halo_width_pt / 2 * m.xx;
    if (!(r > 0) || r > HALO_MAX_RADIUS_PX)
        return false;
    PangoRectangle ink;
    pango_layout_get_extents(layout, &ink, NULL);
    if (ink.width <= 0 || ink.height <= 0)
        return true; /* nothing to surround */
    /* The ink box in device pixels, grown by the halo and a pixel of anti-aliasing. */
    int margin = (int)ceil(r) + 2;
    int x0 = (int)floor(m.x0 + m.xx * (left + (double)ink.x / PANGO_SCALE)) - margin;
    int y0 = (int)floor(m.y0 + m.xx * (top + (double)ink.y / PANGO_SCALE)) - margin;
    int x1 = (int)ceil(m.x0 + m.xx * (left + (double)(ink.x + ink.width) / PANGO_SCALE)) + margin;
    int y1 = (int)ceil(m.y0 + m.xx * (top + (double)(ink.y + ink.height) / PANGO_SCALE)) + margin;
    int width = x1 - x0, height = y1 - y0;
    cairo_surface_t *glyphs = cairo_image_surface_create(CAIRO_FORMAT_A8, width, height);
    cairo_surface_t *halo = cairo_image_surface_create(CAIRO_FORMAT_A8, width, height);
    if (cairo_surface_status(glyphs) != CAIRO_STATUS_SUCCESS ||
        cairo_surface_status(halo) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(glyphs);
        cairo_surface_destroy(halo);
        return false;
    }
    cairo_t *g = cairo_create(glyphs);
    cairo_matrix_t shifted = m;
    shifted.x0 -= x0;
    shifted.y0 -= y0;
    cairo_set_matrix(g, &shifted);
    cairo_move_to(g, left, top);
    pango_cairo_show_layout(g, layout);
    cairo_destroy(g);
    cairo_surface_flush(glyphs);

    struct disc_offset offsets[(2 * HALO_MAX_RADIUS_PX + 3) * (2 * HALO_MAX_RADIUS_PX + 3)];
    size_t offset_count = disc_offsets(r, offsets);
    int reach = (int)ceil(r + 1);
    const unsigned char *in = cairo_image_surface_get_data(glyphs);
    unsigned char *out = cairo_image_surface_get_data(halo);
    int in_stride = cairo_image_surface_get_stride(glyphs);
    int out_stride = cairo_image_surface_get_stride(halo);
    cairo_surface_flush(halo);
    for (size_t k = 0; k < offset_count; k++)
        offsets[k].delta = (ptrdiff_t)offsets[k].dy * out_stride + offsets[k].dx;
    for (int y = 0; y < height; y++)
        memset(out + (size_t)y * (size_t)out_stride, 0, (size_t)width);
    /* Scattered from the inked pixels rather than gathered for every pixel of the box: most of
     * a label's box is empty. A solid pixel inside solid ones adds nothing its edge does not. */
    for (int y = 0; y < height; y++) {
        const unsigned char *src = in + (size_t)y * (size_t)in_stride;
        for (int x = 0; x < width; x++) {
            int c = src[x];
            if (c == 0)
                continue;
            if (c == 255 && x > 0 && x + 1 < width && y > 0 && y + 1 < height &&
                src[x - 1] == 255 && src[x + 1] == 255 && src[x - in_stride] == 255 &&
                src[x + in_stride] == 255) {
                out[(size_t)y * (size_t)out_stride + (size_t)x] = 255;
                continue;
            }
            unsigned char *here = out + (size_t)y * (size_t)out_stride + (size_t)x;
            if (x >= reach && x < width - reach && y >= reach && y < height - reach) {
                /* inside the margin, as all ink is: no bounds to check */
                for (size_t k = 0; k < offset_count; k++) {
                    int v = c + offsets[k].bias;
                    v = v > 255 ? 255 : v;
                    unsigned char *d = here - offsets[k].delta;
                    if (v > *d)
                        *d = (unsigned char)v;
                }
                continue;
            }
            for (size_t k = 0; k < offset_count; k++) {
                int tx = x - offsets[k].dx, ty = y - offsets[k].dy;
                if (tx < 0 || tx >= width || ty < 0 || ty >= height)
                    continue;
                int v = c + offsets[k].bias;
                v = v > 255 ? 255 : v < 0 ? 0 : v;
                unsigned char *d = out + (size_t)ty * (size_t)out_stride + (size_t)tx;
                if (v > *d)
                    *d = (unsigned char)v;
            }
        }
    }
    cairo_surface_mark_dirty(halo);
    cairo_save(cr);
    cairo_identity_matrix(cr);
    set_source(cr, style->halo);
    cairo_mask_surface(cr, halo, x0, y0);
    cairo_restore(cr);
    cairo_surface_destroy(glyphs);
    cairo_surface_destroy(halo);
    return true;
}

/* The layout is not updated to cr's transformation on purpose: with hinting off the glyphs'
 * positions do not depend on it, and cairo still rasterises each glyph for the real device
 * transformation, so the drawn line keeps the measured width at every scale. */
void
text_shaper_draw(struct text_shaper *shaper, cairo_t *cr, const char *text, struct page_xy at,
                 enum text_anchor anchor, const struct text_style *style)
{
    (void)pthread_mutex_lock(&shaper->drawing);
    PangoLayout *layout = measured_line(shaper, text, style)->layout;
    if (layout == NULL)
        layout = set_line(shaper, shaper->layout, text, style);
    PangoRectangle ink, logical;
    pango_layout_get_extents(layout, &ink, &logical);
    double width = (double)logical.width / PANGO_SCALE;
    double left = at.x - anchor_fraction(anchor) * width - (double)logical.x / PANGO_SCALE;
    double top = at.y - (double)pango_layout_get_baseline(layout) / PANGO_SCALE;
    /* A line wholly outside the clip (another band's) is not drawn: its halo is the dearest
     * part of a label. The margin covers the halo and a pixel of anti-aliasing at any scale
     * down to a pixel every 2 pt. */
    double margin = fmax(style->halo_width_pt, 0.0) + 4.0;
    double x0, y0, x1, y1;
    cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
    if (top + (double)(ink.y + ink.height) / PANGO_SCALE + margin < y0 ||
        top + (double)ink.y / PANGO_SCALE - margin > y1 ||
        left + (double)(ink.x + ink.width) / PANGO_SCALE + margin < x0 ||
        left + (double)ink.x / PANGO_SCALE - margin > x1) {
        (void)pthread_mutex_unlock(&shaper->drawing);
        return;
    }

    cairo_save(cr);
    if (style->halo.a > 0 && style->halo_width_pt > 0 &&
        !draw_halo_on_image(cr, layout, left, top, style)) {
        cairo_new_path(cr);
        cairo_move_to(cr, left, top);
        pango_cairo_layout_path(cr, layout);
        set_source(cr, style->halo);
        cairo_set_line_width(cr, style->halo_width_pt);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_stroke(cr);
    }
    if (style->colour.a > 0) {
        cairo_new_path(cr);
        cairo_move_to(cr, left, top);
        set_source(cr, style->colour);
        pango_cairo_show_layout(cr, layout);
    }
    cairo_new_path(cr);
    cairo_restore(cr);
    (void)pthread_mutex_unlock(&shaper->drawing);
}
