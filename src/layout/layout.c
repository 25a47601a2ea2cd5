#include "layout/layout.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/strbuf.h"

bool
layout_failed(const struct layout *layout)
{
    return layout->err->status != POSTURE_OK;
}

static double
raw_number(struct layout *layout, const char *section, const char *key)
{
    double value = 0;
    if (style_number(layout->style, section, key, &value, layout->err) != POSTURE_OK)
        return 0;
    return value;
}

double
layout_size_scale(struct layout *layout)
{
    if (layout->size_scale > 0)
        return layout->size_scale;
    /* A preset may fix the scale (print sizes want exact type sizes, not a width's root). */
    const char *fixed = style_get(layout->style, "page", "size_scale");
    if (fixed != NULL && raw_number(layout, "page", "size_scale") > 0) {
        layout->size_scale = raw_number(layout, "page", "size_scale");
        return layout->size_scale;
    }
    if (style_get(layout->style, "page", "reference_width_pt") == NULL) {
        layout->size_scale = 1; /* a style without it does not scale */
        return 1;
    }
    double reference = raw_number(layout, "page", "reference_width_pt");
    double lo = raw_number(layout, "page", "min_size_scale");
    double hi = raw_number(layout, "page", "max_size_scale");
    double scale = reference > 0 ? sqrt(layout->scene->width_pt / reference) : 1;
    scale = scale < lo ? lo : (scale > hi ? hi : scale);
    layout->size_scale = scale > 0 ? scale : 1;
    return layout->size_scale;
}

double
layout_reading_width(struct layout *layout)
{
    return layout->scene->width_pt / layout_size_scale(layout);
}

static bool
ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), m = strlen(suffix);
    return n >= m && strcmp(text + n - m, suffix) == 0;
}

double
layout_number(struct layout *layout, const char *section, const char *key)
{
    double value = raw_number(layout, section, key);
    if (ends_with(key, "_pt") && !ends_with(key, "min_size_pt"))
        value *= layout_size_scale(layout);
    return value;
}

double
layout_number_or(struct layout *layout, const char *section, const char *key, double fallback)
{
    if (style_get(layout->style, section, key) == NULL)
        return fallback;
    return layout_number(layout, section, key);
}

struct rgba
layout_colour(struct layout *layout, const char *section, const char *key)
{
    struct rgba value = {0, 0, 0, 0};
    if (style_colour(layout->style, section, key, &value, layout->err) != POSTURE_OK)
        return rgba_make(0, 0, 0, 0);
    return value;
}

const char *
layout_string(struct layout *layout, const char *section, const char *key)
{
    const char *value = "";
    if (style_string(layout->style, section, key, &value, layout->err) != POSTURE_OK)
        return "";
    return value;
}

bool
layout_bool(struct layout *layout, const char *section, const char *key)
{
    bool value = false;
    if (style_bool(layout->style, section, key, &value, layout->err) != POSTURE_OK)
        return false;
    return value;
}

static bool
has_key(struct layout *layout, const char *section, const char *key)
{
    return style_get(layout->style, section, key) != NULL;
}

struct text_style
layout_text_style(struct layout *layout, const char *section, const char *prefix)
{
    struct text_style style;
    memset(&style, 0, sizeof style);
    char key[96];
    style.family = layout_string(layout, "fonts", "family");
    (void)snprintf(key, sizeof key, "%ssize_pt", prefix);
    style.size_pt = layout_number(layout, section, key);
    (void)snprintf(key, sizeof key, "%scolour", prefix);
    style.colour = layout_colour(layout, section, key);
    (void)snprintf(key, sizeof key, "%sweight", prefix);
    style.weight = has_key(layout, section, key) ? (int)layout_number(layout, section, key) : 400;
    (void)snprintf(key, sizeof key, "%shalo", prefix);
    if (has_key(layout, section, key)) {
        style.halo = layout_colour(layout, section, key);
        (void)snprintf(key, sizeof key, "%shalo_width_pt", prefix);
        style.halo_width_pt = layout_number(layout, section, key);
    }
    (void)snprintf(key, sizeof key, "%sletter_spacing_pt", prefix);
    if (has_key(layout, section, key))
        style.letter_spacing_pt = layout_number(layout, section, key);
    (void)snprintf(key, sizeof key, "%sitalic", prefix);
    if (has_key(layout, section, key))
        style.is_italic = layout_bool(layout, section, key);
    return style;
}

const char *
layout_display_name(struct layout *layout, const char *code, const char *name)
{
    const char *chosen = code != NULL ? style_get(layout->style, "names", code) : NULL;
    if (chosen == NULL)
        chosen = style_get(layout->style, "names", name);
    return chosen != NULL && chosen[0] != '\0' ? chosen : name;
}

void
layout_warn(struct layout *layout, const char *format, ...)
{
    if (layout->warn == NULL)
        return;
    char message[512];
    va_list args;
    va_start(args, format);
    (void)vsnprintf(message, sizeof message, format, args);
    va_end(args);
    layout->warn(layout->warn_context, message);
}

void
layout_format_count(double count, char *out, size_t size)
{
    char digits[32];
    (void)snprintf(digits, sizeof digits, "%.0f", fabs(round(count)));
    size_t n = strlen(digits);
    size_t o = 0;
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}
