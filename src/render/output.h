/* The backends: a finished scene to PNG or PDF (cairo) or SVG (our own writer), written to a
 * temporary file and renamed into place. Layout and data are left to others. */
#ifndef RENDER_OUTPUT_H
#define RENDER_OUTPUT_H

#include <stdint.h>

#include "core/strbuf.h"
#include "posture.h"
#include "scene/scene.h"

enum output_format { OUTPUT_PNG, OUTPUT_SVG, OUTPUT_PDF, OUTPUT_UNKNOWN };

/* From a file name's extension, case-insensitive; OUTPUT_UNKNOWN if none fits. */
enum output_format output_format_from_path(const char *path);

/* PNG at `scale` pixels per point (1: one pixel per point; 0 means 1), ceil(size * scale) pixels,
 * or PDF (scale ignored; dated from $SOURCE_DATE_EPOCH, else 1970-01-01, never the clock).
 * Written through a temporary file: on failure the file at path is left as it was. A scene
 * cairo cannot draw at that size is POSTURE_ERR_USAGE; a failed write POSTURE_ERR_WRITE. */
enum posture_status cairo_output_write(struct scene *scene, const char *path,
                                       enum output_format format, double scale,
                                       struct posture_error *err);

/* Pixels as cairo keeps them: one native-endian uint32_t per pixel, 0xAARRGGBB with the colour
 * premultiplied by alpha, row after row without padding. For tests and golden comparisons. */
struct output_raster {
    int width_px, height_px;
    uint32_t *pixels; /* malloc'd; output_raster_fini() frees it */
};

/* The pixels cairo_output_write() would put in a PNG at this scale. */
enum posture_status cairo_output_render_raster(struct scene *scene, double scale,
                                               struct output_raster *out,
                                               struct posture_error *err);
/* The same drawn in `bands` bands of rows at once (cairo_output.c's draw_bands(); clamped to
 * 1..8, and to bands of 64 rows at least). The pixels hardly depend on it: cairo clips an edge
 * at a band's first or last row and can round a pixel next to it a level differently. Each band
 * draws what of an item's path reaches its rows; with draws_whole_paths, every band the whole
 * path, which must give the same pixels. For tests. */
enum posture_status cairo_output_render_raster_in_bands(struct scene *scene, double scale,
                                                        int bands, bool draws_whole_paths,
                                                        struct output_raster *out,
                                                        struct posture_error *err);
/* Reads a PNG (any of cairo's formats; no alpha reads as opaque). */
enum posture_status cairo_output_read_png(const char *path, struct output_raster *out,
                                          struct posture_error *err);
void output_raster_fini(struct output_raster *raster);

struct text_shaper;
/* The same with a shaper the caller keeps (the one layout measured with), so fonts are loaded
 * once; NULL makes one from scene->font_files. */
enum posture_status cairo_output_write_shaped(struct scene *scene, struct text_shaper *shaper,
                                              const char *path, enum output_format format,
                                              double scale, struct posture_error *err);

/* What the PNG maps of a batch share: the image after its basemap (page, sea, country fills,
 * layers under the borders, borders), kept once two maps in a row draw the same one, as the
 * frames of a time series do; later maps with it start from a copy instead of drawing it. */
struct raster_cache;
struct raster_cache *raster_cache_create(void);
/* Its images are drawn on the calling thread, their bands one after the other (the same
 * bytes): for a batch whose workers already keep every processor busy. A band goes to a
 * helper (core/parallel.h; NULL: none) if one waits: a worker with no job left. */
struct helpers;
void raster_cache_draw_serially(struct raster_cache *cache, struct helpers *helpers);
void raster_cache_destroy(struct raster_cache *cache);
/* cairo_output_write_shaped() with a cache (NULL: none); the same bytes either way. */
enum posture_status cairo_output_write_cached(struct scene *scene, struct text_shaper *shaper,
                                              struct raster_cache *cache, const char *path,
                                              enum output_format format, double scale,
                                              struct posture_error *err);

/* The SVG document for the scene, appended to *out. */
void svg_writer_build(struct scene *scene, struct strbuf *out);
enum posture_status svg_writer_write(struct scene *scene, const char *path,
                                     struct posture_error *err);

#endif
