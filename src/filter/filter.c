#include "filter/filter.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/utf8.h"

enum where_column {
    WHERE_ID,
    WHERE_KIND,
    WHERE_SIDE,
    WHERE_PLACE,
    WHERE_FROM,
    WHERE_TO,
    WHERE_LABEL,
    WHERE_DATE,
    WHERE_UNTIL,
    WHERE_SOURCE,
    WHERE_COLUMN_COUNT
};

static const char *const where_names[WHERE_COLUMN_COUNT] = {
    "id", "kind", "side", "place", "from", "to", "label", "date", "until", "source",
};

bool
filter_is_date(const char *text)
{
    return dates_is_valid(text);
}

/* The column a condition names, its length taken up to '='; WHERE_COLUMN_COUNT if none. */
static enum where_column
find_column(const char *condition, size_t length)
{
    while (length > 0 && condition[length - 1] == ' ')
        length--;
    while (length > 0 && *condition == ' ')
        condition++, length--;
    for (int c = 0; c < WHERE_COLUMN_COUNT; c++) {
        if (strlen(where_names[c]) == length && strncasecmp(condition, where_names[c], length) == 0)
            return (enum where_column)c;
    }
    return WHERE_COLUMN_COUNT;
}

enum posture_status
filter_check_where(const char *condition, struct posture_error *err)
{
    const char *equals = strchr(condition, '=');
    if (equals == NULL)
        return error_set(err, POSTURE_ERR_USAGE, "--where: expected column=value, not \"%s\"",
                         condition);
    if (find_column(condition, (size_t)(equals - condition)) == WHERE_COLUMN_COUNT)
        return error_set(err, POSTURE_ERR_USAGE,
                         "--where: unknown column \"%.*s\" (use id, kind, side, place, from, to, "
                         "label, date, until or source)",
                         (int)(equals - condition), condition);
    return POSTURE_OK;
}

static const char *
column_text(const struct deployment *row, enum where_column column)
{
    switch (column) {
    case WHERE_ID:
        return row->id;
    case WHERE_KIND:
        return deployments_kind_name(row->kind);
    case WHERE_SIDE:
        return row->side;
    case WHERE_PLACE:
    case WHERE_TO:
        return row->to.name;
    case WHERE_FROM:
        return row->kind == DEPLOYMENT_MOVEMENT ? row->from.name : "";
    case WHERE_LABEL:
        return row->label;
    case WHERE_DATE:
        return row->date;
    case WHERE_UNTIL:
        return row->until;
    case WHERE_SOURCE:
        return row->source;
    case WHERE_COLUMN_COUNT:
        break;
    }
    return "";
}

/* values: "a|b|c"; true if the folded text equals one of them folded. */
static bool
matches_any(const char *folded_text, const char *values)
{
    char *copy = xstrdup(values);
    bool found = false;
    char *save = NULL;
    for (char *value = strtok_r(copy, "|", &save); value != NULL && !found;
         value = strtok_r(NULL, "|", &save)) {
        char *folded = utf8_fold(value);
        found = strcmp(folded, folded_text) == 0;
        free(folded);
    }
    free(copy);
    return found;
}

static bool
matches(const struct deployment *row, const char *condition)
{
    const char *equals = strchr(condition, '=');
    if (equals == NULL)
        return false;
    enum where_column column = find_column(condition, (size_t)(equals - condition));
    if (column == WHERE_COLUMN_COUNT)
        return false;
    char *folded = utf8_fold(column_text(row, column));
    /* "column=" asks for rows where the column is empty. */
    bool found = equals[1] != '\0' ? matches_any(folded, equals + 1) : folded[0] == '\0';
    free(folded);
    return found;
}

bool
filter_row_matches(const struct deployment *row, const char *const *where, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (!matches(row, where[i]))
            return false;
    }
    return true;
}

bool
filter_row_stands(const struct deployment *row, const char *as_of)
{
    /* Dates are YYYY-MM-DD, so text order is time order. */
    if (row->date[0] != '\0' && strcmp(row->date, as_of) > 0)
        return false;
    return row->until[0] == '\0' || strcmp(row->until, as_of) >= 0;
}

size_t
filter_apply(struct deployment_table *table, const char *const *where, size_t where_count,
             const char *as_of)
{
    size_t kept = 0;
    for (size_t i = 0; i < table->row_count; i++) {
        const struct deployment *row = &table->rows[i];
        if (!filter_row_matches(row, where, where_count))
            continue;
        if (as_of != NULL && !filter_row_stands(row, as_of))
            continue;
        table->rows[kept++] = *row; /* the strings stay in the table's arena */
    }
    table->row_count = kept;
    return kept;
}
