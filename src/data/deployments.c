#include "data/deployments.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/files.h"
#include "core/strbuf.h"
#include "data/csv_reader.h"
#include "data/gazetteer.h"

enum column {
    COLUMN_ID,
    COLUMN_KIND,
    COLUMN_SIDE,
    COLUMN_PLACE,
    COLUMN_FROM,
    COLUMN_TO,
    COLUMN_LON,
    COLUMN_LAT,
    COLUMN_FROM_NAME,
    COLUMN_FROM_LON,
    COLUMN_FROM_LAT,
    COLUMN_TO_NAME,
    COLUMN_TO_LON,
    COLUMN_TO_LAT,
    COLUMN_TROOPS,
    COLUMN_LABEL,
    COLUMN_DATE,
    COLUMN_UNTIL,
    COLUMN_SOURCE,
    COLUMN_COUNT
};

static const char *const column_names[COLUMN_COUNT] = {
    "id",     "kind",      "side",     "place",    "from",    "to",     "lon",
    "lat",    "from_name", "from_lon", "from_lat", "to_name", "to_lon", "to_lat",
    "troops", "label",     "date",     "until",    "source",
};

enum { COLUMN_ABSENT = SIZE_MAX };

enum { TROOPS_MAX = 10000000 };

/* Limits that keep a table to what a map can show (and a generated table from exhausting
 * memory or time): rows, and bytes of a label (about four lines of a map label). */
enum { ROWS_MAX = 100000, LABEL_MAX_BYTES = 200 };

/* Where one end of a deployment may be written: names or "lon,lat" text, and lon/lat pairs. */
struct place_columns {
    enum column texts[3];
    size_t text_count;
    enum column lons[2], lats[2];
    size_t pair_count;
};

static const struct place_columns from_columns = {
    {COLUMN_FROM, COLUMN_FROM_NAME}, 2, {COLUMN_FROM_LON}, {COLUMN_FROM_LAT}, 1};
static const struct place_columns to_columns = {{COLUMN_PLACE, COLUMN_TO, COLUMN_TO_NAME},
                                                3,
                                                {COLUMN_LON, COLUMN_TO_LON},
                                                {COLUMN_LAT, COLUMN_TO_LAT},
                                                2};

/* The table with the arena its strings live in; deployment_table comes first so the public
 * pointer converts back. */
struct table_storage {
    struct deployment_table table;
    struct arena arena;
    size_t row_capacity;
};

struct parser {
    struct table_storage *storage;
    const char *path;
    size_t columns[COLUMN_COUNT]; /* field index, or COLUMN_ABSENT */
    size_t header_field_count;
    size_t line;
    struct csv_row row; /* the row being read; its fields are the reader's */
    struct posture_error *err;
};

static bool
equals_ignoring_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    }
    return *a == *b;
}

static bool
starts_with_ignoring_case(const char *text, const char *prefix)
{
    for (; *prefix; text++, prefix++) {
        if (tolower((unsigned char)*text) != tolower((unsigned char)*prefix))
            return false;
    }
    return true;
}

/* "From Lon", "from-lon" and "FROM_LON" all name from_lon. */
static void
normalise_column_name(const char *text, char *out, size_t out_size)
{
    size_t n = 0;
    for (; *text && n + 1 < out_size; text++) {
        char c = *text;
        out[n++] = (char)(c == ' ' || c == '-' ? '_' : tolower((unsigned char)c));
    }
    out[n] = '\0';
}

static const char *
field(const struct parser *parser, enum column column)
{
    size_t index = parser->columns[column];
    return index == COLUMN_ABSENT ? "" : parser->row.fields[index];
}

static bool fail(struct parser *parser, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Reports "path:line: what" for the row being read; returns false for `return fail(...)`. */
static bool
fail(struct parser *parser, const char *format, ...)
{
    char what[sizeof parser->err->message];
    va_list args;
    va_start(args, format);
    (void)vsnprintf(what, sizeof what, format, args);
    va_end(args);
    error_set(parser->err, POSTURE_ERR_INPUT, "%s:%zu: %s", parser->path, parser->line, what);
    return false;
}

static bool
map_header(struct parser *parser, const struct csv_row *header)
{
    for (size_t c = 0; c < COLUMN_COUNT; c++)
        parser->columns[c] = COLUMN_ABSENT;
    parser->header_field_count = header->field_count;
    parser->line = header->line;
    for (size_t i = 0; i < header->field_count; i++) {
        char name[32];
        normalise_column_name(header->fields[i], name, sizeof name);
        for (size_t c = 0; c < COLUMN_COUNT; c++) {
            if (strcmp(name, column_names[c]) != 0)
                continue;
            if (parser->columns[c] != COLUMN_ABSENT)
                return fail(parser, "column \"%s\" appears twice", column_names[c]);
            parser->columns[c] = i;
        }
    }
    return true;
}

static bool
has(const struct parser *parser, enum column column)
{
    return parser->columns[column] != COLUMN_ABSENT;
}

static bool
check_pairs(struct parser *parser, const struct place_columns *columns)
{
    for (size_t i = 0; i < columns->pair_count; i++) {
        enum column lon = columns->lons[i], lat = columns->lats[i];
        if (has(parser, lon) != has(parser, lat)) {
            return fail(parser, "column \"%s\" without \"%s\"",
                        column_names[has(parser, lon) ? lon : lat],
                        column_names[has(parser, lon) ? lat : lon]);
        }
    }
    return true;
}

static bool
has_place_columns(const struct parser *parser, const struct place_columns *columns)
{
    for (size_t i = 0; i < columns->text_count; i++) {
        if (has(parser, columns->texts[i]))
            return true;
    }
    for (size_t i = 0; i < columns->pair_count; i++) {
        if (has(parser, columns->lons[i]))
            return true;
    }
    return false;
}

static bool
check_header(struct parser *parser)
{
    static const enum column required[] = {COLUMN_SIDE, COLUMN_TROOPS};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (!has(parser, required[i]))
            return fail(parser, "missing column \"%s\"", column_names[required[i]]);
    }
    if (!check_pairs(parser, &from_columns) || !check_pairs(parser, &to_columns))
        return false;
    if (!has_place_columns(parser, &to_columns)) {
        return fail(parser, "missing column \"place\" (or \"to\", \"to_name\", \"lon\" and "
                            "\"lat\", \"to_lon\" and \"to_lat\")");
    }
    return true;
}

/* A plain decimal: [+-]digits[.digits][e[+-]digits]; no hex, inf or nan, nothing after. */
static bool
scan_decimal(const char *text, const char **end, double *value)
{
    const char *p = text;
    if (*p == '+' || *p == '-')
        p++;
    size_t digits = 0;
    while (isdigit((unsigned char)*p))
        p++, digits++;
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p))
            p++, digits++;
    }
    if (digits == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;
        if (*q == '+' || *q == '-')
            q++;
        if (isdigit((unsigned char)*q)) {
            while (isdigit((unsigned char)*q))
                q++;
            p = q;
        }
    }
    char *parsed_end;
    *value = strtod(text, &parsed_end);
    if (parsed_end != p || !isfinite(*value))
        return false;
    *end = p;
    return true;
}

static bool
parse_decimal(const char *text, double *value)
{
    const char *end;
    return scan_decimal(text, &end, value) && *end == '\0';
}

static const char *
skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* "28.49, 44.36", "28.49 44.36" or "28.49;44.36": longitude first. */
static bool
parse_lonlat_text(const char *text, struct lonlat *at)
{
    const char *p = text;
    if (!scan_decimal(p, &p, &at->lon_deg))
        return false;
    const char *after_lon = p;
    p = skip_spaces(p);
    if (*p == ',' || *p == ';')
        p = skip_spaces(p + 1);
    else if (p == after_lon)
        return false;
    if (!scan_decimal(p, &p, &at->lat_deg))
        return false;
    return *skip_spaces(p) == '\0';
}

/* lat_column: where the latitude came from (the same as column for "lon, lat" text). */
static bool
check_range(struct parser *parser, const char *column, const char *lat_column, struct lonlat at)
{
    if (!(at.lon_deg >= -180.0 && at.lon_deg <= 180.0))
        return fail(parser, "%s: longitude %g is outside [-180, 180]", column, at.lon_deg);
    if (!(at.lat_deg >= -90.0 && at.lat_deg <= 90.0))
        return fail(parser, "%s: latitude %g is outside [-90, 90]", lat_column, at.lat_deg);
    return true;
}

/* What one row says about one end: a name to display or look up, and coordinates. */
struct place_found {
    const char *name;
    const char *name_column;
    struct lonlat at;
    const char *at_column;
    bool has_at;
};

static bool
add_coordinates(struct parser *parser, struct place_found *found, const char *column,
                const char *lat_column, struct lonlat at)
{
    if (!check_range(parser, column, lat_column, at))
        return false;
    if (found->has_at && (found->at.lon_deg != at.lon_deg || found->at.lat_deg != at.lat_deg)) {
        return fail(parser, "%s and %s give different coordinates", found->at_column, column);
    }
    found->at = at;
    found->at_column = column;
    found->has_at = true;
    return true;
}

static bool
read_place_text(struct parser *parser, struct place_found *found, enum column column)
{
    const char *text = field(parser, column);
    if (*text == '\0')
        return true;
    struct lonlat at = {0.0, 0.0};
    if (parse_lonlat_text(text, &at))
        return add_coordinates(parser, found, column_names[column], column_names[column], at);
    if (found->name != NULL && strcmp(found->name, text) != 0) {
        return fail(parser, "%s \"%s\" and %s \"%s\" name different places", found->name_column,
                    found->name, column_names[column], text);
    }
    found->name = text;
    found->name_column = column_names[column];
    return true;
}

static bool
read_coordinate(struct parser *parser, enum column column, double *value)
{
    if (parse_decimal(field(parser, column), value))
        return true;
    return fail(parser, "%s \"%s\" is not a number", column_names[column], field(parser, column));
}

static bool
read_place_pair(struct parser *parser, struct place_found *found, enum column lon, enum column lat)
{
    bool has_lon = *field(parser, lon) != '\0', has_lat = *field(parser, lat) != '\0';
    if (!has_lon && !has_lat)
        return true;
    if (has_lon != has_lat) {
        return fail(parser, "%s is given without %s", column_names[has_lon ? lon : lat],
                    column_names[has_lon ? lat : lon]);
    }
    struct lonlat at = {0.0, 0.0};
    if (!read_coordinate(parser, lon, &at.lon_deg) || !read_coordinate(parser, lat, &at.lat_deg))
        return false;
    return add_coordinates(parser, found, column_names[lon], column_names[lat], at);
}

static bool
read_place(struct parser *parser, const struct place_columns *columns, struct place_found *found)
{
    memset(found, 0, sizeof *found);
    for (size_t i = 0; i < columns->text_count; i++) {
        if (!read_place_text(parser, found, columns->texts[i]))
            return false;
    }
    for (size_t i = 0; i < columns->pair_count; i++) {
        if (!read_place_pair(parser, found, columns->lons[i], columns->lats[i]))
            return false;
    }
    return true;
}

static bool
is_given(const struct place_found *found)
{
    return found->name != NULL || found->has_at;
}

static char *
copy(struct parser *parser, const char *text)
{
    return arena_strdup(&parser->storage->arena, text != NULL ? text : "");
}

static void
set_place(struct parser *parser, struct place *place, const struct place_found *found)
{
    place->name = copy(parser, found->name);
    place->at = found->has_at ? found->at : (struct lonlat){0.0, 0.0};
    place->is_resolved = found->has_at;
}

/* Words and signs that say a count is approximate or a bound: all mean "about this many". */
static const char *const approximate_prefixes[] = {
    "~",        "\xE2\x89\x88", "approximately", "approx.",    "approx",    "about",
    "around",   "circa",        "ca.",           "c.",         "roughly",   "some",
    "est.",     "estimated",    "nearly",        "almost",     "over",      "more than",
    "at least", "up to",        "under",         "fewer than", "less than",
};

static const char *const group_separators[] = {
    ",", " ", "'", "\xC2\xA0", "\xE2\x80\xAF", "\xE2\x80\x89",
};

static const char *
skip_approximation(const char *p)
{
    for (size_t i = 0; i < sizeof approximate_prefixes / sizeof approximate_prefixes[0]; i++) {
        const char *prefix = approximate_prefixes[i];
        size_t length = strlen(prefix);
        if (!starts_with_ignoring_case(p, prefix))
            continue;
        char last = prefix[length - 1];
        bool is_word = isalpha((unsigned char)last);
        if (is_word && p[length] != ' ' && p[length] != '\t')
            continue;
        return skip_spaces(p + length);
    }
    return p;
}

static size_t
count_digits(const char *p)
{
    size_t n = 0;
    while (isdigit((unsigned char)p[n]))
        n++;
    return n;
}

/* Digits with optional thousands separators ("30,000", "30 000", "30'000"); appends the digits
 * to value. Returns the end, or NULL if a group is malformed. */
static const char *
scan_grouped_digits(const char *p, double *value)
{
    size_t first = count_digits(p);
    if (first == 0)
        return NULL;
    for (size_t i = 0; i < first; i++)
        *value = *value * 10.0 + (p[i] - '0');
    p += first;
    bool is_grouped = false;
    for (;;) {
        size_t separator = 0;
        for (size_t i = 0; i < sizeof group_separators / sizeof group_separators[0]; i++) {
            size_t length = strlen(group_separators[i]);
            if (strncmp(p, group_separators[i], length) == 0 && count_digits(p + length) == 3) {
                separator = length;
                break;
            }
        }
        if (separator == 0)
            break;
        if (!is_grouped && first > 3)
            return NULL;
        is_grouped = true;
        for (size_t i = 0; i < 3; i++)
            *value = *value * 10.0 + (p[separator + i] - '0');
        p += separator + 3;
    }
    if (is_grouped && (*p == ',' || isdigit((unsigned char)*p)))
        return NULL;
    return p;
}

static const char *
scan_multiplier(const char *p, double *multiplier)
{
    static const struct {
        const char *word;
        double factor;
    } suffixes[] = {
        {"thousand", 1e3}, {"million", 1e6}, {"mln", 1e6}, {"mn", 1e6}, {"k", 1e3}, {"m", 1e6},
    };
    const char *q = skip_spaces(p);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t length = strlen(suffixes[i].word);
        if (starts_with_ignoring_case(q, suffixes[i].word) && !isalpha((unsigned char)q[length])) {
            *multiplier = suffixes[i].factor;
            return q + length;
        }
    }
    *multiplier = 1.0;
    return p;
}

static const char *
skip_trailing_words(const char *p)
{
    static const char *const words[] = {"troops", "soldiers", "personnel"};
    p = skip_spaces(p);
    if (*p == '+')
        p = skip_spaces(p + 1);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t length = strlen(words[i]);
        if (starts_with_ignoring_case(p, words[i]) && !isalpha((unsigned char)p[length]))
            return skip_spaces(p + length);
    }
    return p;
}

enum troops_problem { TROOPS_OK, TROOPS_NOT_A_NUMBER, TROOPS_NOT_POSITIVE, TROOPS_FRACTION };

/* "1000", "1,000", "~1,700", "about 300", "c. 30,000", "30 000", "100k", "1.5 million", "2,000+".
 */
static enum troops_problem
parse_troops(const char *text, double *troops)
{
    const char *p = skip_approximation(skip_spaces(text));
    bool is_negative = *p == '-' || strncmp(p, "\xE2\x88\x92", 3) == 0;
    if (is_negative)
        p += *p == '-' ? 1 : 3;
    else if (*p == '+')
        p++;
    double value = 0.0;
    p = scan_grouped_digits(p, &value);
    if (p == NULL)
        return TROOPS_NOT_A_NUMBER;
    if (*p == '.' && isdigit((unsigned char)p[1])) {
        double scale = 0.1;
        for (p++; isdigit((unsigned char)*p); p++, scale /= 10.0)
            value += (*p - '0') * scale;
    }
    double multiplier;
    p = skip_trailing_words(scan_multiplier(p, &multiplier));
    if (*p != '\0')
        return TROOPS_NOT_A_NUMBER;
    value *= multiplier;
    if (is_negative || !(value > 0.0))
        return TROOPS_NOT_POSITIVE;
    if (fabs(value - round(value)) > 1e-6 * value)
        return TROOPS_FRACTION;
    *troops = round(value);
    return TROOPS_OK;
}

static bool
read_troops(struct parser *parser, double *troops)
{
    const char *text = field(parser, COLUMN_TROOPS);
    if (*text == '\0')
        return fail(parser, "troops is empty");
    switch (parse_troops(text, troops)) {
    case TROOPS_OK:
        break;
    case TROOPS_NOT_A_NUMBER:
        return fail(parser, "troops \"%s\" is not a number", text);
    case TROOPS_NOT_POSITIVE:
        return fail(parser, "troops must be positive, not \"%s\"", text);
    case TROOPS_FRACTION:
        return fail(parser, "troops \"%s\" is not a whole number", text);
    }
    if (*troops > TROOPS_MAX)
        return fail(parser, "troops \"%s\" is more than 10,000,000", text);
    return true;
}

static bool
read_date(struct parser *parser, enum column column, char **out)
{
    const char *text = field(parser, column);
    *out = copy(parser, text);
    if (*text != '\0' && !dates_is_valid(text))
        return fail(parser, "%s \"%s\" is not a date (YYYY-MM-DD)", column_names[column], text);
    return true;
}

static bool
is_area_row(const struct parser *parser)
{
    return equals_ignoring_case(field(parser, COLUMN_KIND), "area");
}

static bool
read_kind(struct parser *parser, bool has_from, enum deployment_kind *kind)
{
    const char *text = field(parser, COLUMN_KIND);
    if (*text == '\0')
        *kind = has_from ? DEPLOYMENT_MOVEMENT : DEPLOYMENT_POSITION;
    else if (equals_ignoring_case(text, "position"))
        *kind = DEPLOYMENT_POSITION;
    else if (equals_ignoring_case(text, "movement"))
        *kind = DEPLOYMENT_MOVEMENT;
    else
        return fail(parser, "kind \"%s\" is not position, movement or area", text);
    if (*kind == DEPLOYMENT_POSITION && has_from)
        return fail(parser, "kind is \"%s\" but a from place is given", text);
    if (*kind == DEPLOYMENT_MOVEMENT && !has_from)
        return fail(parser, "a movement needs a from place");
    return true;
}

static bool
read_places(struct parser *parser, struct deployment *row)
{
    struct place_found from, to;
    if (!read_place(parser, &from_columns, &from) || !read_place(parser, &to_columns, &to))
        return false;
    if (!read_kind(parser, is_given(&from), &row->kind))
        return false;
    if (!is_given(&to)) {
        return fail(parser, "no %s given",
                    row->kind == DEPLOYMENT_MOVEMENT ? "destination (to)" : "place");
    }
    set_place(parser, &row->from, &from);
    set_place(parser, &row->to, &to);
    return true;
}

/* An area row: a name in place (or to), nothing else of a position's or a movement's. */
static bool
read_area(struct parser *parser, struct deployment *row)
{
    row->kind = DEPLOYMENT_AREA;
    if (*field(parser, COLUMN_SIDE) == '\0')
        return fail(parser, "an area needs a side (its hatch is drawn in the side's colour)");
    static const enum column not_for_areas[] = {
        COLUMN_FROM, COLUMN_FROM_NAME, COLUMN_FROM_LON, COLUMN_FROM_LAT, COLUMN_LON,
        COLUMN_LAT,  COLUMN_TO_LON,    COLUMN_TO_LAT,   COLUMN_TROOPS,
    };
    for (size_t i = 0; i < sizeof not_for_areas / sizeof not_for_areas[0]; i++) {
        enum column column = not_for_areas[i];
        if (*field(parser, column) != '\0')
            return fail(parser, "an area has no %s: leave it empty", column_names[column]);
    }
    const char *name = NULL;
    enum column columns[] = {COLUMN_PLACE, COLUMN_TO, COLUMN_TO_NAME};
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
        const char *text = field(parser, columns[i]);
        if (*text == '\0')
            continue;
        if (name != NULL && strcmp(name, text) != 0)
            return fail(parser, "an area has one place, not \"%s\" and \"%s\"", name, text);
        name = text;
    }
    if (name == NULL)
        return fail(parser, "an area needs a place: a feature of a [layer.*] or a country");
    row->to.name = copy(parser, name);
    row->from.name = copy(parser, "");
    return true;
}

static bool
read_row(struct parser *parser, struct deployment *row)
{
    memset(row, 0, sizeof *row);
    row->line = parser->line;
    if (parser->row.field_count != parser->header_field_count) {
        return fail(parser, "expected %zu fields, found %zu", parser->header_field_count,
                    parser->row.field_count);
    }
    bool is_area = is_area_row(parser);
    if (!is_area && *field(parser, COLUMN_SIDE) == '\0')
        return fail(parser, "side is empty");
    size_t label_bytes = strlen(field(parser, COLUMN_LABEL));
    if (label_bytes > LABEL_MAX_BYTES)
        return fail(parser, "label is %zu bytes long; at most %d fit beside a symbol", label_bytes,
                    LABEL_MAX_BYTES);
    if (is_area ? !read_area(parser, row)
                : !read_places(parser, row) || !read_troops(parser, &row->troops))
        return false;
    if (!read_date(parser, COLUMN_DATE, &row->date) ||
        !read_date(parser, COLUMN_UNTIL, &row->until))
        return false;
    if (*row->date != '\0' && *row->until != '\0' && strcmp(row->until, row->date) < 0)
        return fail(parser, "until %s is before date %s", row->until, row->date);
    row->id = copy(parser, field(parser, COLUMN_ID));
    row->side = copy(parser, field(parser, COLUMN_SIDE));
    row->label = copy(parser, field(parser, COLUMN_LABEL));
    row->source = copy(parser, field(parser, COLUMN_SOURCE));
    return true;
}

static void
append_row(struct table_storage *storage, const struct deployment *row)
{
    struct deployment_table *table = &storage->table;
    xgrow(&table->rows, &storage->row_capacity, table->row_count + 1, sizeof *table->rows);
    table->rows[table->row_count++] = *row;
}

static bool
read_rows(struct parser *parser, struct csv_reader *reader)
{
    size_t header_line = parser->line;
    while (csv_reader_next(reader, &parser->row, parser->err)) {
        struct deployment deployment;
        parser->line = parser->row.line;
        if (parser->storage->table.row_count == ROWS_MAX)
            return fail(parser, "more than %d rows: a map cannot show them", ROWS_MAX);
        if (!read_row(parser, &deployment))
            return false;
        append_row(parser->storage, &deployment);
    }
    if (parser->err->status != POSTURE_OK)
        return false;
    if (parser->storage->table.row_count == 0) {
        parser->line = header_line;
        return fail(parser, "no rows after the header");
    }
    return true;
}

static struct table_storage *
storage_create(const char *path)
{
    struct table_storage *storage = xcalloc(1, sizeof *storage);
    arena_init(&storage->arena);
    storage->table.path = arena_strdup(&storage->arena, path);
    return storage;
}

struct deployment_table *
deployments_parse(const char *path, const char *bytes, size_t size, struct posture_error *err)
{
    /* A local error, so "did the reader fail" does not depend on what err held before. */
    struct posture_error local;
    error_clear(&local);
    struct csv_reader *reader = csv_reader_create(path, bytes, size, &local);
    if (reader == NULL) {
        error_set(err, local.status, "%s", local.message);
        return NULL;
    }
    struct parser parser = {.storage = storage_create(path), .path = path, .err = &local};
    struct csv_row header;
    bool ok;
    if (!csv_reader_next(reader, &header, &local)) {
        ok = false;
        if (local.status == POSTURE_OK)
            error_set(&local, POSTURE_ERR_INPUT, "%s: empty file", path);
    } else {
        ok = map_header(&parser, &header) && check_header(&parser) && read_rows(&parser, reader);
    }
    csv_reader_destroy(reader);
    if (!ok) {
        deployments_destroy(&parser.storage->table);
        error_set(err, local.status, "%s", local.message);
        return NULL;
    }
    return &parser.storage->table;
}

struct deployment_table *
deployments_load(const char *path, struct posture_error *err)
{
    char *bytes;
    size_t size;
    if (files_read(path, &bytes, &size, err) != POSTURE_OK)
        return NULL;
    struct deployment_table *table = deployments_parse(path, bytes, size, err);
    free(bytes);
    return table;
}

void
deployments_destroy(struct deployment_table *table)
{
    if (table == NULL)
        return;
    struct table_storage *storage = (struct table_storage *)table;
    free(table->rows);
    arena_fini(&storage->arena);
    free(storage);
}

static bool
needs_lookup(const struct deployment *row, const struct place *place)
{
    if (row->kind == DEPLOYMENT_AREA)
        return false; /* an area names a feature of a layer or a country: layout's to find */
    return !place->is_resolved && (place == &row->to || row->kind == DEPLOYMENT_MOVEMENT);
}

const char *
deployments_kind_name(enum deployment_kind kind)
{
    switch (kind) {
    case DEPLOYMENT_MOVEMENT:
        return "movement";
    case DEPLOYMENT_AREA:
        return "area";
    case DEPLOYMENT_POSITION:
    default:
        return "position";
    }
}

bool
deployments_need_gazetteer(const struct deployment_table *table)
{
    for (size_t i = 0; i < table->row_count; i++) {
        const struct deployment *row = &table->rows[i];
        if (needs_lookup(row, &row->from) || needs_lookup(row, &row->to))
            return true;
    }
    return false;
}

enum { SUGGESTION_COUNT = 3 };

static enum posture_status
report_unknown_place(const struct deployment_table *table, const struct deployment *row,
                     const struct place *place, const struct gazetteer *gazetteer,
                     struct posture_error *err)
{
    const char *names[SUGGESTION_COUNT];
    size_t count =
        gazetteer != NULL ? gazetteer_suggest(gazetteer, place->name, names, SUGGESTION_COUNT) : 0;
    struct strbuf text;
    strbuf_init(&text);
    strbuf_printf(&text, "%s:%zu: unknown place \"%s\"", table->path, row->line, place->name);
    for (size_t i = 0; i < count; i++)
        strbuf_printf(&text, "%s\"%s\"", i == 0 ? "; did you mean " : ", ", names[i]);
    if (count > 0)
        strbuf_puts(&text, "?");
    enum posture_status status = error_set(err, POSTURE_ERR_INPUT, "%s", text.bytes);
    strbuf_fini(&text);
    return status;
}

static enum posture_status
resolve_place(const struct deployment_table *table, const struct deployment *row,
              struct place *place, const struct gazetteer *gazetteer, struct posture_error *err)
{
    if (!needs_lookup(row, place))
        return POSTURE_OK;
    const struct gazetteer_entry *entry =
        gazetteer != NULL ? gazetteer_find(gazetteer, place->name) : NULL;
    if (entry == NULL)
        return report_unknown_place(table, row, place, gazetteer, err);
    place->at = entry->at;
    place->is_resolved = true;
    return POSTURE_OK;
}

enum posture_status
deployments_resolve(struct deployment_table *table, const struct gazetteer *gazetteer,
                    struct posture_error *err)
{
    for (size_t i = 0; i < table->row_count; i++) {
        struct deployment *row = &table->rows[i];
        enum posture_status status = resolve_place(table, row, &row->from, gazetteer, err);
        if (status == POSTURE_OK)
            status = resolve_place(table, row, &row->to, gazetteer, err);
        if (status != POSTURE_OK)
            return status;
    }
    return POSTURE_OK;
}
