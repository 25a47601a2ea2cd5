/* Text measured with Pango, so layout sizes labels exactly as cairo will draw them.
 * Drawing the text is left to cairo_output.c (through text_shaping_cairo.h, same layout code). */
#ifndef RENDER_TEXT_SHAPING_H
#define RENDER_TEXT_SHAPING_H

#include "scene/text_measure.h"

struct text_shaper;

/* A shaper with its own font map: no hinting, unrounded glyph positions, 72 dpi (1 pt of font
 * size is 1 page point), language "en", so widths do not depend on the output, the scale or the
 * user's locale. */
/* With the machine's fonts (fontconfig's configuration). */
struct text_shaper *text_shaper_create(void);
/* With only the font files matching patterns, comma-separated globs such as
 * "/usr/share/fonts/truetype/noto/NotoSans-*.ttf"; NULL or "" is text_shaper_create(). NULL
 * if no file matches. */
struct text_shaper *text_shaper_create_with_fonts(const char *patterns);
void text_shaper_destroy(struct text_shaper *shaper);
/* Lets text_shaper_create_with_fonts() make its font files fontconfig's current configuration,
 * so fontconfig never reads the machine's (posture_own_fontconfig() in posture.h). */
void text_shaper_own_fontconfig(void);
/* A measure that borrows the shaper: valid while it lives. Widths are logical (advance) widths;
 * ascent and descent come from the ink, clamped at 0. Invalid UTF-8 is measured as U+FFFD. */
struct text_measure text_shaper_measure(struct text_shaper *shaper);

#endif
