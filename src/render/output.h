/* The backends: a finished scene to PNG or PDF (cairo) or SVG (our own writer), written to a
 * temporary file and renamed into place. Layout and data are left to others. */
#ifndef RENDER_OUTPUT_H
#define RENDER_OUTPUT_H

#include "core/strbuf.h"
#include "posture.h"
#include "scene/scene.h"

enum output_format { OUTPUT_PNG, OUTPUT_SVG, OUTPUT_PDF, OUTPUT_UNKNOWN };

/* From a file name's extension, case-insensitive; OUTPUT_UNKNOWN if none fits. */
enum output_format output_format_from_path(const char *path);

/* PNG at `scale` pixels per point (1: one pixel per point), or PDF (scale ignored). */
enum posture_status cairo_output_write(struct scene *scene, const char *path,
                                       enum output_format format, double scale,
                                       struct posture_error *err);

/* The SVG document for the scene, appended to *out. */
void svg_writer_build(struct scene *scene, struct strbuf *out);
enum posture_status svg_writer_write(struct scene *scene, const char *path,
                                     struct posture_error *err);

#endif
