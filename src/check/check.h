/* posture check: every problem of a table and a style at once, each "file:line: what". The
 * readers stop at their first error, so they are run piece by piece: each table row on its own,
 * the style again without each line found bad. Rendering is posture.c's. */
#ifndef CHECK_CHECK_H
#define CHECK_CHECK_H

#include <stddef.h>

#include "data/gazetteer.h"
#include "data/style.h"
#include "posture.h"

struct check_sink {
    posture_problem_fn problem; /* may be NULL: problems are only counted */
    void *context;
    size_t count;
};

void check_sink_add(struct check_sink *sink, const char *message);

/* Applies the style file at path over `style` (which holds the defaults) with every bad line
 * left out, each reported. Fails only if the file cannot be read (POSTURE_ERR_MISSING). */
enum posture_status check_style_file(struct style *style, const char *path, struct check_sink *sink,
                                     struct posture_error *err);

/* Each key of the default style file (default_path) whose default is a colour, a number or
 * true/false must still be one in `style`; each that is not is reported. */
enum posture_status check_style_values(const struct style *style, const char *default_path,
                                       struct check_sink *sink, struct posture_error *err);

/* Every malformed row, unknown place (against the whole gazetteer) and side missing from the
 * style. Repeated ids are warnings. Fails only on what stops reading altogether (not UTF-8, a
 * broken quote): that is reported too, as the last problem. */
void check_table(const char *path, const char *bytes, size_t size,
                 const struct gazetteer *gazetteer, const struct style *style,
                 struct check_sink *sink, posture_warn_fn warn, void *warn_context);

#endif
