/* The drawing half of text_shaping.c, for cairo_output.c: the same Pango layout that was measured
 * is drawn, so a label is exactly as wide as layout was told. Kept out of text_shaping.h so that
 * its users (layout, posture.c) need no cairo headers. */
#ifndef RENDER_TEXT_SHAPING_CAIRO_H
#define RENDER_TEXT_SHAPING_CAIRO_H

#include <cairo.h>

#include "render/text_shaping.h"

/* Draws one line of text with its anchor point `at` on the baseline: the halo first (on an image
 * surface, the drawn glyphs' mask grown by halo_width_pt / 2; on PDF, the glyph outlines stroked
 * halo_width_pt wide with round joins), then the glyphs; nothing when the line lies outside
 * cr's clip. Leaves cr's state as it was; errors stay in cr (cairo's are sticky). Threads may
 * call it at once with one shaper (each with its own cr): they take turns. */
void text_shaper_draw(struct text_shaper *shaper, cairo_t *cr, const char *text, struct page_xy at,
                      enum text_anchor anchor, const struct text_style *style);

#endif
