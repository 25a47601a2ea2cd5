/* Which rows of a deployment table one map draws: --where conditions and --as-of dates.
 * Reading the table is deployments.c's; what the kept rows look like on the map is layout's. */
#ifndef FILTER_FILTER_H
#define FILTER_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "data/deployments.h"
#include "posture.h"

/* "YYYY-MM-DD" naming a day that exists. */
bool filter_is_date(const char *text);

/* Checks one condition, "column=value" or "column=value1|value2", for a known column: id, kind,
 * side, place, from, to, label, date, until, source. A bad one fails with POSTURE_ERR_USAGE. */
enum posture_status filter_check_where(const char *condition, struct posture_error *err);

/* True if the row passes every condition (checked ones): the column's text equals one of the
 * values, compared folded (case, diacritics, punctuation). "place" and "to" are the row's
 * place, "from" a movement's origin. */
bool filter_row_matches(const struct deployment *row, const char *const *where, size_t count);

/* True if the row stands on day as_of: dated on or before it (or undated), and its until (if
 * any) on or after it. */
bool filter_row_stands(const struct deployment *row, const char *as_of);

/* Removes the rows that fail the conditions or do not stand on as_of (NULL: any day), keeping
 * the order of the rest. Returns how many are left. */
size_t filter_apply(struct deployment_table *table, const char *const *where, size_t where_count,
                    const char *as_of);

#endif
