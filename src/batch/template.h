/* Output names from templates ("out/{name}-{date}.png") and keeping them inside the output
 * directory. Which values a job has is the caller's (batch.c, the CLI's --each). */
#ifndef BATCH_TEMPLATE_H
#define BATCH_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "posture.h"

/* NULL strings and zero numbers are values the template may not use. */
struct template_values {
    const char *name;
    const char *date;   /* "YYYY-MM-DD" */
    const char *preset; /* "1200x675" */
    int width_px, height_px;
    size_t index; /* 1-based */
};

/* Replaces {name}, {date}, {preset}, {width}, {height} and {index}; "{{" and "}}" are literal
 * braces. An unknown placeholder, a lone brace, or one whose value is not set fails with
 * POSTURE_ERR_USAGE naming `what` ("-o", "outputs"). *out is malloc'd. */
enum posture_status template_expand(const char *text, const struct template_values *values,
                                    const char *what, char **out, struct posture_error *err);

/* True if text uses the placeholder, e.g. "{date}". */
bool template_uses(const char *text, const char *placeholder);

/* A path that stays inside the directory it is relative to: not absolute, not empty, no ".."
 * component. Fails with POSTURE_ERR_USAGE otherwise. */
enum posture_status template_check_inside(const char *path, const char *what,
                                          struct posture_error *err);

#endif
