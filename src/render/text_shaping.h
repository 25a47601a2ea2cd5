/* Text measured with Pango, so layout sizes labels exactly as cairo will draw them.
 * Drawing the text is left to cairo_output.c. */
#ifndef RENDER_TEXT_SHAPING_H
#define RENDER_TEXT_SHAPING_H

#include "scene/text_measure.h"

struct text_shaper;

struct text_shaper *text_shaper_create(void);
void text_shaper_destroy(struct text_shaper *shaper);
/* A measure that borrows the shaper: valid while it lives. */
struct text_measure text_shaper_measure(struct text_shaper *shaper);

#endif
