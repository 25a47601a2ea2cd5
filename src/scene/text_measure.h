/* How layout asks for the size of a line of text without knowing the shaping engine.
 * Pango implements it in render/text_shaping.c; unit tests use a fixed-width fake. */
#ifndef SCENE_TEXT_MEASURE_H
#define SCENE_TEXT_MEASURE_H

#include "scene/scene.h"

struct text_extent {
    double width_pt;   /* advance width of the line */
    double ascent_pt;  /* baseline to the top of the ink (positive) */
    double descent_pt; /* baseline to the bottom of the ink (positive) */
};

struct text_measure {
    void *context;
    struct text_extent (*measure)(void *context, const char *text, const struct text_style *style);
};

static inline struct text_extent
text_measure_line(const struct text_measure *tm, const char *text, const struct text_style *style)
{
    return tm->measure(tm->context, text, style);
}

#endif
