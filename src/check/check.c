#include "check/check.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/files.h"
#include "core/strbuf.h"
#include "data/csv_reader.h"
#include "data/deployments.h"
#include "layout/layout.h"
#include "layout/symbols.h"

enum { CHECK_MAX_STYLE_PROBLEMS = 1000 };

void
check_sink_add(struct check_sink *sink, const char *message)
{
    sink->count++;
    if (sink->problem != NULL)
        sink->problem(sink->context, message);
}

/* The line of a message "path:LINE: what"; 0 if it names none. */
static size_t
message_line(const char *path, const char *message)
{
    size_t length = strlen(path);
    if (strncmp(message, path, length) != 0 || message[length] != ':' ||
        !isdigit((unsigned char)message[length + 1]))
        return 0;
    return (size_t)strtoul(message + length + 1, NULL, 10);
}

/* Replaces the text of line `line` (1-based) by nothing, keeping its line break. A bad
 * "[section]" takes its keys with it: they would only repeat the problem. */
static void
blank_line(struct strbuf *text, size_t line)
{
    size_t start = 0;
    for (size_t l = 1; l < line && start < text->length; start++) {
        if (text->bytes[start] == '\n')
            l++;
    }
    size_t first = start;
    while (first < text->length && (text->bytes[first] == ' ' || text->bytes[first] == '\t'))
        first++;
    bool is_section = first < text->length && text->bytes[first] == '[';
    size_t end = start;
    for (;;) {
        while (end < text->length && text->bytes[end] != '\n')
            text->bytes[end++] = ' ';
        size_t next = end + 1;
        while (next < text->length && (text->bytes[next] == ' ' || text->bytes[next] == '\t'))
            next++;
        if (!is_section || next >= text->length || text->bytes[next] == '[')
            break;
        end++;
    }
}

enum posture_status
check_style_file(struct style *style, const char *path, struct check_sink *sink,
                 struct posture_error *err)
{
    char *bytes;
    size_t size;
    if (files_read(path, &bytes, &size, err) != POSTURE_OK)
        return err->status;
    struct strbuf text;
    strbuf_init(&text);
    strbuf_append(&text, bytes, size);
    free(bytes);
    size_t last_line = 0;
    for (size_t round = 0; round < CHECK_MAX_STYLE_PROBLEMS; round++) {
        struct posture_error problem;
        error_clear(&problem);
        if (style_parse(style, path, text.bytes, text.length, &problem) == POSTURE_OK)
            break;
        check_sink_add(sink, problem.message);
        size_t line = message_line(path, problem.message);
        /* A problem of the whole file, or one that leaving its line out does not cure. */
        if (line == 0 || line == last_line)
            break;
        blank_line(&text, line);
        last_line = line;
    }
    strbuf_fini(&text);
    return POSTURE_OK;
}

enum value_type { VALUE_TEXT, VALUE_COLOUR, VALUE_NUMBER, VALUE_BOOL };

static enum value_type
type_of(const char *value)
{
    if (value == NULL || value[0] == '\0')
        return VALUE_TEXT;
    if (value[0] == '#' || strcmp(value, "none") == 0)
        return VALUE_COLOUR;
    if (strcmp(value, "true") == 0 || strcmp(value, "false") == 0)
        return VALUE_BOOL;
    char *end;
    (void)strtod(value, &end);
    return *end == '\0' ? VALUE_NUMBER : VALUE_TEXT;
}

static void
check_value(const struct style *style, const char *section, const char *key, enum value_type type,
            struct check_sink *sink)
{
    if (type == VALUE_TEXT || style_get(style, section, key) == NULL)
        return;
    struct posture_error problem;
    error_clear(&problem);
    struct rgba colour;
    double number;
    bool flag;
    if (type == VALUE_COLOUR)
        (void)style_colour(style, section, key, &colour, &problem);
    else if (type == VALUE_NUMBER)
        (void)style_number(style, section, key, &number, &problem);
    else
        (void)style_bool(style, section, key, &flag, &problem);
    if (problem.status != POSTURE_OK)
        check_sink_add(sink, problem.message);
}

static bool
is_in(const char *name, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(name, names[i]) == 0)
            return true;
    }
    return false;
}

/* A key of the first default section named "group.*" (or "side.*") is checked in the sections
 * of that kind that the style file added. */
static void
check_added_sections(const struct style *style, const struct style *defaults, const char *section,
                     const char *key, enum value_type type, struct check_sink *sink)
{
    const char *dot = strchr(section, '.');
    if (dot == NULL)
        return;
    char prefix[64];
    (void)snprintf(prefix, sizeof prefix, "%.*s", (int)(dot - section + 1), section);
    const char *known[64], *names[64];
    size_t known_count = style_sections(defaults, prefix, known, 64);
    if (known_count == 0 || strcmp(known[0], section) != 0)
        return;
    size_t count = style_sections(style, prefix, names, 64);
    for (size_t i = 0; i < count; i++) {
        if (!is_in(names[i], known, known_count))
            check_value(style, names[i], key, type, sink);
    }
}

enum posture_status
check_style_values(const struct style *style, const char *default_path, struct check_sink *sink,
                   struct posture_error *err)
{
    char *bytes;
    size_t size;
    if (files_read(default_path, &bytes, &size, err) != POSTURE_OK)
        return err->status;
    struct style *defaults = style_create();
    if (style_parse(defaults, default_path, bytes, size, err) != POSTURE_OK) {
        style_destroy(defaults);
        free(bytes);
        return err->status;
    }
    /* The default file is ours: one "[section]" or "key = value" a line. */
    char section[64] = "";
    char *save = NULL;
    for (char *line = strtok_r(bytes, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        while (*line == ' ' || *line == '\t')
            line++;
        size_t key_length = strcspn(line, " =\t");
        if (line[0] == '[') {
            (void)snprintf(section, sizeof section, "%.*s", (int)strcspn(line + 1, "]"), line + 1);
        } else if (line[0] != ';' && line[0] != '#' && key_length > 0 && key_length < 64) {
            char key[64];
            (void)snprintf(key, sizeof key, "%.*s", (int)key_length, line);
            enum value_type type = type_of(style_get(defaults, section, key));
            check_value(style, section, key, type, sink);
            check_added_sections(style, defaults, section, key, type, sink);
        }
    }
    style_destroy(defaults);
    free(bytes);
    return POSTURE_OK;
}

/* A row written back as CSV, every field quoted, so it reads as the same fields. */
static void
put_row(struct strbuf *out, const struct csv_row *row)
{
    for (size_t i = 0; i < row->field_count; i++) {
        strbuf_puts(out, i == 0 ? "\"" : ",\"");
        for (const char *p = row->fields[i]; *p; p++) {
            if (*p == '"')
                strbuf_puts(out, "\"\"");
            else
                strbuf_append(out, p, 1);
        }
        strbuf_puts(out, "\"");
    }
}

static size_t
count_newlines(const char *text)
{
    size_t count = 0;
    for (; *text; text++)
        count += *text == '\n';
    return count;
}

/* The table's header alone, on its own line, and the line after it. */
struct header_text {
    struct strbuf text;
    size_t next_line;
};

static void
header_text_init(struct header_text *header, const struct csv_row *row)
{
    strbuf_init(&header->text);
    for (size_t l = 1; l < row->line; l++)
        strbuf_puts(&header->text, "\n");
    size_t start = header->text.length;
    put_row(&header->text, row);
    strbuf_puts(&header->text, "\n");
    header->next_line = row->line + count_newlines(header->text.bytes + start);
}

struct table_check {
    const char *path;
    const struct gazetteer *gazetteer;
    struct layout layout; /* only for sides_find(): style and err */
    struct side_set sides;
    struct posture_error layout_err;
    struct check_sink *sink;
    posture_warn_fn warn;
    void *warn_context;
    struct {
        char *id;
        size_t line;
    } * ids;
    size_t id_count, id_capacity;
};

/* Each unknown place of a one-row table: resolving stops at the first, so a movement whose
 * origin is unknown is looked at again for its destination. */
static void
check_places(struct table_check *c, struct deployment_table *table)
{
    struct deployment *row = &table->rows[0];
    for (int attempt = 0; attempt < 2; attempt++) {
        struct posture_error problem;
        error_clear(&problem);
        if (deployments_resolve(table, c->gazetteer, &problem) == POSTURE_OK)
            return;
        check_sink_add(c->sink, problem.message);
        if (row->kind == DEPLOYMENT_MOVEMENT && !row->from.is_resolved)
            row->from.is_resolved = true; /* so the destination is looked up next */
        else
            return;
    }
}

static void
check_side(struct table_check *c, const struct deployment_table *table)
{
    error_clear(&c->layout_err);
    if (sides_find(&c->layout, &c->sides, table, &table->rows[0]) == NULL)
        check_sink_add(c->sink, c->layout_err.message);
}

static void
check_id(struct table_check *c, const struct deployment *row)
{
    if (row->id[0] == '\0')
        return;
    for (size_t i = 0; i < c->id_count; i++) {
        if (strcmp(c->ids[i].id, row->id) == 0) {
            if (c->warn != NULL) {
                char message[512];
                (void)snprintf(message, sizeof message, "%s:%zu: id \"%.200s\" is also on line %zu",
                               c->path, row->line, row->id, c->ids[i].line);
                c->warn(c->warn_context, message);
            }
            return;
        }
    }
    xgrow(&c->ids, &c->id_capacity, c->id_count + 1, sizeof *c->ids);
    c->ids[c->id_count].id = xstrdup(row->id);
    c->ids[c->id_count++].line = row->line;
}

/* Returns false if the header itself is wrong: every row would say so. */
static bool
check_row(struct table_check *c, const struct header_text *header, const struct csv_row *row)
{
    struct strbuf text;
    strbuf_init(&text);
    strbuf_append(&text, header->text.bytes, header->text.length);
    for (size_t l = header->next_line; l < row->line; l++)
        strbuf_puts(&text, "\n");
    put_row(&text, row);
    strbuf_puts(&text, "\n");
    struct posture_error problem;
    error_clear(&problem);
    struct deployment_table *table = deployments_parse(c->path, text.bytes, text.length, &problem);
    strbuf_fini(&text);
    if (table == NULL) {
        check_sink_add(c->sink, problem.message);
        return message_line(c->path, problem.message) != header->next_line - 1;
    }
    check_places(c, table);
    check_side(c, table);
    check_id(c, &table->rows[0]);
    deployments_destroy(table);
    return true;
}

/* No rows: what the reader says of the header alone ("no rows after the header", or worse). */
static void
check_header_alone(struct table_check *c, const struct header_text *header)
{
    struct posture_error problem;
    error_clear(&problem);
    struct deployment_table *table =
        deployments_parse(c->path, header->text.bytes, header->text.length, &problem);
    if (table == NULL)
        check_sink_add(c->sink, problem.message);
    deployments_destroy(table);
}

static void
check_rows(struct table_check *c, struct csv_reader *reader)
{
    struct posture_error problem;
    error_clear(&problem);
    struct csv_row row;
    if (!csv_reader_next(reader, &row, &problem)) {
        check_sink_add(c->sink, problem.status != POSTURE_OK ? problem.message : "empty file");
        return;
    }
    struct header_text header;
    header_text_init(&header, &row);
    size_t row_count = 0;
    bool is_header_good = true;
    while (is_header_good && csv_reader_next(reader, &row, &problem)) {
        is_header_good = check_row(c, &header, &row);
        row_count++;
    }
    if (problem.status != POSTURE_OK)
        check_sink_add(c->sink, problem.message);
    else if (row_count == 0)
        check_header_alone(c, &header);
    strbuf_fini(&header.text);
}

void
check_table(const char *path, const char *bytes, size_t size, const struct gazetteer *gazetteer,
            const struct style *style, struct check_sink *sink, posture_warn_fn warn,
            void *warn_context)
{
    struct table_check c;
    memset(&c, 0, sizeof c);
    c.path = path;
    c.gazetteer = gazetteer;
    c.sink = sink;
    c.warn = warn;
    c.warn_context = warn_context;
    c.layout.style = style;
    c.layout.err = &c.layout_err;
    error_clear(&c.layout_err);
    sides_read(&c.layout, &c.sides);
    if (c.layout_err.status != POSTURE_OK) {
        check_sink_add(sink, c.layout_err.message);
        return;
    }
    struct posture_error problem;
    error_clear(&problem);
    struct csv_reader *reader = csv_reader_create(path, bytes, size, &problem);
    if (reader == NULL) {
        check_sink_add(sink, problem.message);
        return;
    }
    check_rows(&c, reader);
    csv_reader_destroy(reader);
    for (size_t i = 0; i < c.id_count; i++)
        free(c.ids[i].id);
    free(c.ids);
}
