/* The machine-readable report of one map (JSON): page, projection, extent, every symbol,
 * movement and text drawn with its page position, deployment labels dropped, warnings. Stable:
 * the same map gives the same bytes. What is drawn is decided by layout; this only reads. */
#ifndef REPORT_REPORT_H
#define REPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "data/deployments.h"
#include "posture.h"
#include "scene/scene.h"
#include "scene/text_measure.h"

struct report_input {
    const char *version;                /* posture_version() */
    struct scene *scene;                /* read in drawing order (sorting it is allowed) */
    const struct text_measure *measure; /* for the boxes of text lines */
    double scale;                       /* PNG pixels per point */
    const char *projection;             /* the definition, as in the style */
    struct lonlat_box extent;           /* what was asked to be on the map */
    const struct lonlat_box *visible;   /* what the frame holds; NULL if not known */
    struct page_box frame;
    const struct deployment_table *table; /* the rows drawn */
    const char *as_of;                    /* NULL: none */
    const char *const *where;
    size_t where_count;
    const char *const *outputs;
    size_t output_count;
    const char *const *warnings; /* in the order they were given */
    size_t warning_count;
    const char *alt_text; /* may be NULL */
};

/* The report as a malloc'd NUL-terminated JSON document ending in a newline. */
char *report_json(const struct report_input *input);
/* Writes report_json() to path, all or nothing. */
enum posture_status report_write(const char *path, const struct report_input *input,
                                 struct posture_error *err);
/* Writes text and a final newline to path, all or nothing (the alt text file). */
enum posture_status report_write_text(const char *path, const char *text,
                                      struct posture_error *err);

#endif
