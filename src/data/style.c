#include "data/style.h"

#include <ctype.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/error.h"
#include "core/files.h"
#include "core/utf8.h"

struct style_value {
    const char *key;
    const char *value;
    const char *path; /* where it was set, for messages; "--set" from the command line */
    size_t line;      /* 0 for --set */
};

struct style_section {
    const char *name;
    struct style_value *values;
    size_t value_count, value_capacity;
    bool is_default; /* from the first file: its keys are the ones that exist */
};

struct style {
    struct arena arena; /* every string; nothing is freed before style_destroy */
    struct style_section *sections;
    size_t section_count, section_capacity;
    size_t file_count;
    const char *default_path;
};

/* Sections an overriding file may add whole. */
static const char *const addable_prefixes[] = {"group.", "side.", "label.", "preset.", "layer."};
/* Sections whose keys are the user's own: [names] maps a country code or a place's name to
 * the spelling an outlet uses (Kyiv = Kiev). */
static const char *const free_sections[] = {"names"};

/* inih keeps section names in a buffer of this size (MAX_SECTION in ini.c). */
enum { INI_SECTION_BYTES = 50 };

struct assignment {
    const char *section;
    const char *key;
    const char *value; /* raw: quotes are removed when it is applied */
    size_t line;
};

/* One parse: inih reads lines through read_line(), which counts them, so every value knows its
 * line without INI_HANDLER_LINENO. Assignments are applied only if the whole file is good. */
struct ini_parse {
    struct style *style;
    const char *path;
    bool is_default;
    const char *bytes;
    size_t size, offset, line;
    const char *raw_line; /* the current line as written, and its length */
    size_t raw_length;
    bool is_indented;        /* the current line starts with a space or tab */
    bool has_key_in_section; /* so an indented line continues the previous value (inih) */
    size_t section_line;
    struct assignment *assignments;
    size_t assignment_count, assignment_capacity;
    enum posture_status error_status; /* INPUT for files, USAGE for --set */
    struct posture_error error;
    size_t error_line;
};

struct style *
style_create(void)
{
    struct style *style = xcalloc(1, sizeof *style);
    arena_init(&style->arena);
    return style;
}

struct style *
style_clone(const struct style *base)
{
    struct style *style = style_create();
    style->file_count = base->file_count;
    style->default_path = base->default_path;
    style->section_count = style->section_capacity = base->section_count;
    style->sections =
        xcalloc(base->section_count ? base->section_count : 1, sizeof *style->sections);
    for (size_t i = 0; i < base->section_count; i++) {
        const struct style_section *from = &base->sections[i];
        struct style_section *to = &style->sections[i];
        *to = *from;
        to->value_capacity = from->value_count;
        to->values = xmalloc((from->value_count ? from->value_count : 1) * sizeof *to->values);
        memcpy(to->values, from->values, from->value_count * sizeof *to->values);
    }
    return style;
}

void
style_destroy(struct style *style)
{
    if (style == NULL)
        return;
    for (size_t i = 0; i < style->section_count; i++)
        free(style->sections[i].values);
    free(style->sections);
    arena_fini(&style->arena);
    free(style);
}

static void parse_fail(struct ini_parse *parse, size_t line, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Keeps the error of the earliest line (inih may report an earlier syntax error later). */
static void
parse_fail(struct ini_parse *parse, size_t line, const char *format, ...)
{
    if (parse->error.status != POSTURE_OK && parse->error_line <= line)
        return;
    char what[sizeof parse->error.message];
    va_list args;
    va_start(args, format);
    (void)vsnprintf(what, sizeof what, format, args);
    va_end(args);
    error_clear(&parse->error);
    if (line > 0)
        error_set(&parse->error, parse->error_status, "%s:%zu: %s", parse->path, line, what);
    else
        error_set(&parse->error, parse->error_status, "%s: %s", parse->path, what);
    parse->error_line = line;
}

static bool
has_failed(const struct ini_parse *parse)
{
    return parse->error.status != POSTURE_OK;
}

static const char *
skip_blanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* "[name]" on this line: remember where the section starts; inih would cut a long name. */
static void
note_section_line(struct ini_parse *parse, const char *text, size_t length)
{
    const char *end = text + length;
    const char *p = skip_blanks(text, end);
    if (p == end || *p != '[')
        return;
    parse->section_line = parse->line;
    parse->has_key_in_section = false;
    const char *close = memchr(p, ']', (size_t)(end - p));
    if (close != NULL && (size_t)(close - p - 1) >= INI_SECTION_BYTES)
        parse_fail(parse, parse->line, "section name longer than %d bytes", INI_SECTION_BYTES - 1);
}

/* fgets for inih over the bytes in memory: one line per call, "\r\n" made "\n". */
static char *
read_line(char *buffer, int buffer_size, void *context)
{
    struct ini_parse *parse = context;
    if (parse->offset >= parse->size || buffer_size < 2)
        return NULL;
    const char *start = parse->bytes + parse->offset;
    size_t left = parse->size - parse->offset;
    const char *newline = memchr(start, '\n', left);
    size_t length = newline != NULL ? (size_t)(newline - start) : left;
    parse->offset += length + (newline != NULL);
    parse->line++;
    if (length > 0 && start[length - 1] == '\r')
        length--;
    if (length + 2 > (size_t)buffer_size) {
        parse_fail(parse, parse->line, "line longer than %d bytes", buffer_size - 2);
        return NULL; /* stops inih */
    }
    memcpy(buffer, start, length);
    buffer[length] = '\n';
    buffer[length + 1] = '\0';
    parse->raw_line = start;
    parse->raw_length = length;
    parse->is_indented = length > 0 && (start[0] == ' ' || start[0] == '\t');
    note_section_line(parse, start, length);
    return buffer;
}

static struct style_section *
find_section(const struct style *style, const char *name)
{
    for (size_t i = 0; i < style->section_count; i++) {
        if (strcmp(style->sections[i].name, name) == 0)
            return &style->sections[i];
    }
    return NULL;
}

static struct style_value *
find_value(const struct style_section *section, const char *key)
{
    for (size_t i = 0; i < section->value_count; i++) {
        if (strcmp(section->values[i].key, key) == 0)
            return &section->values[i];
    }
    return NULL;
}

static const char *
addable_prefix_of(const char *section)
{
    for (size_t i = 0; i < sizeof addable_prefixes / sizeof addable_prefixes[0]; i++) {
        if (strncmp(section, addable_prefixes[i], strlen(addable_prefixes[i])) == 0)
            return addable_prefixes[i];
    }
    return NULL;
}

/* Whether key may be set in section by an overriding file; *near gets a close allowed key. */
static bool
is_allowed(const struct style *style, const char *section, const char *key, const char **near)
{
    const char *prefix = addable_prefix_of(section);
    size_t near_distance = 3; /* suggest only within two edits */
    *near = NULL;
    for (size_t i = 0; i < style->section_count; i++) {
        const struct style_section *s = &style->sections[i];
        bool counts = prefix != NULL ? strncmp(s->name, prefix, strlen(prefix)) == 0
                                     : strcmp(s->name, section) == 0;
        if (!counts || !s->is_default)
            continue;
        for (size_t k = 0; k < s->value_count; k++) {
            size_t distance = utf8_edit_distance(key, s->values[k].key);
            if (distance == 0)
                return true;
            if (distance < near_distance) {
                near_distance = distance;
                *near = s->values[k].key;
            }
        }
    }
    return false;
}

/* An overriding file may set only keys the default has (see style.h). */
static bool
is_free_section(const char *section)
{
    for (size_t i = 0; i < sizeof free_sections / sizeof free_sections[0]; i++)
        if (strcmp(section, free_sections[i]) == 0)
            return true;
    return false;
}

static bool
check_override(struct ini_parse *parse, const char *section, const char *key, size_t line)
{
    if (is_free_section(section))
        return true;
    const struct style_section *existing = find_section(parse->style, section);
    if (existing == NULL && addable_prefix_of(section) == NULL) {
        parse_fail(parse, parse->section_line ? parse->section_line : line, "unknown section [%s]",
                   section);
        return false;
    }
    const char *near;
    if (is_allowed(parse->style, section, key, &near))
        return true;
    if (near != NULL)
        parse_fail(parse, line, "unknown key \"%s\" in [%s]; did you mean \"%s\"?", key, section,
                   near);
    else
        parse_fail(parse, line, "unknown key \"%s\" in [%s]", key, section);
    return false;
}

/* inih ends a value at " ;" even inside quotes: title = "A ; B" gives "\"A". Takes the quoted
 * value from the line as written instead; value is returned if it is not such a case. */
static const char *
quoted_value_of_line(struct ini_parse *parse, const char *value)
{
    if ((value[0] != '"' && value[0] != '\'') || strchr(value + 1, value[0]) != NULL)
        return value;
    const char *end = parse->raw_line + parse->raw_length;
    const char *p = parse->raw_line;
    while (p < end && *p != '=' && *p != ':')
        p++;
    p = p < end ? skip_blanks(p + 1, end) : end;
    if (p == end || *p != value[0])
        return value;
    const char *close = memchr(p + 1, *p, (size_t)(end - p - 1));
    if (close == NULL)
        return value;
    const char *rest = skip_blanks(close + 1, end);
    if (rest != end && *rest != ';' && *rest != '#')
        return value;
    size_t length = (size_t)(close - p) + 1; /* both quotes; clean_value removes them */
    char *quoted = arena_alloc(&parse->style->arena, length + 1);
    memcpy(quoted, p, length);
    quoted[length] = '\0';
    return quoted;
}

static void
add_assignment(struct ini_parse *parse, const char *section, const char *key, const char *value)
{
    if (*section == '\0') {
        parse_fail(parse, parse->line, "\"%s\" is outside any [section]", key);
        return;
    }
    if (!parse->is_default && !check_override(parse, section, key, parse->line))
        return;
    xgrow(&parse->assignments, &parse->assignment_capacity, parse->assignment_count + 1,
          sizeof *parse->assignments);
    struct arena *arena = &parse->style->arena;
    parse->assignments[parse->assignment_count++] =
        (struct assignment){arena_strdup(arena, section), arena_strdup(arena, key),
                            arena_strdup(arena, value), parse->line};
}

/* "  width_px = 3" indented under a key: inih takes it for a continuation of that key. */
static bool
split_indented_key(const char *text, char *key, size_t key_size, const char **value)
{
    size_t n = 0;
    while (isalnum((unsigned char)text[n]) || text[n] == '_' || text[n] == '-' || text[n] == '.')
        n++;
    const char *p = text + n;
    while (*p == ' ' || *p == '\t')
        p++;
    if (n == 0 || n >= key_size || (*p != '=' && *p != ':'))
        return false;
    memcpy(key, text, n);
    key[n] = '\0';
    p++;
    while (*p == ' ' || *p == '\t')
        p++;
    *value = p;
    return true;
}

static void
continue_value(struct ini_parse *parse, const char *section, const char *text)
{
    char key[INI_SECTION_BYTES];
    const char *value;
    if (split_indented_key(text, key, sizeof key, &value)) {
        add_assignment(parse, section, key, value);
        return;
    }
    if (parse->assignment_count == 0)
        return; /* the key it continues was rejected */
    struct assignment *last = &parse->assignments[parse->assignment_count - 1];
    size_t old_length = strlen(last->value), length = strlen(text);
    char *joined = arena_alloc(&parse->style->arena, old_length + length + 2);
    memcpy(joined, last->value, old_length);
    joined[old_length] = ' ';
    memcpy(joined + old_length + 1, text, length + 1);
    last->value = joined;
}

static int
handle_value(struct ini_parse *parse, const char *section, const char *name, const char *value)
{
    if (has_failed(parse))
        return 1; /* the first error is kept; the rest of the file is only read */
    char trimmed[INI_SECTION_BYTES + 1];
    size_t length = strlen(section);
    while (length > 0 && isspace((unsigned char)section[length - 1]))
        length--;
    while (length > 0 && isspace((unsigned char)*section))
        section++, length--;
    (void)snprintf(trimmed, sizeof trimmed, "%.*s", (int)length, section);
    if (parse->is_indented && parse->has_key_in_section)
        continue_value(parse, trimmed, value);
    else
        add_assignment(parse, trimmed, name, quoted_value_of_line(parse, value));
    parse->has_key_in_section = true;
    return 1;
}

#if INI_HANDLER_LINENO
static int
on_value(void *context, const char *section, const char *name, const char *value, int line)
{
    (void)line; /* read_line counts the same lines */
    return handle_value(context, section, name, value);
}
#else
static int
on_value(void *context, const char *section, const char *name, const char *value)
{
    return handle_value(context, section, name, value);
}
#endif

/* Removes surrounding quotes, and a " ;comment" inih left (a build without inline comments).
 * Returns NULL for an opening quote without its closing one. */
static const char *
clean_value(struct arena *arena, const char *raw)
{
    size_t length = strlen(raw);
    if (length > 0 && (raw[0] == '"' || raw[0] == '\'')) {
        const char *close = strchr(raw + 1, raw[0]);
        if (close == NULL)
            return NULL;
        const char *rest = close + 1;
        while (*rest == ' ' || *rest == '\t')
            rest++;
        if (*rest != '\0' && *rest != ';' && *rest != '#')
            return NULL;
        char *inner = arena_memdup(arena, raw + 1, (size_t)(close - raw));
        inner[close - raw - 1] = '\0';
        return inner;
    }
    for (size_t i = 1; i < length; i++) {
        if (raw[i] == ';' && (raw[i - 1] == ' ' || raw[i - 1] == '\t')) {
            length = i;
            break;
        }
    }
    while (length > 0 && isspace((unsigned char)raw[length - 1]))
        length--;
    char *copy = arena_memdup(arena, raw, length + 1);
    copy[length] = '\0';
    return copy;
}

static struct style_section *
add_section(struct style *style, const char *name, bool is_default)
{
    xgrow(&style->sections, &style->section_capacity, style->section_count + 1,
          sizeof *style->sections);
    struct style_section *section = &style->sections[style->section_count++];
    *section =
        (struct style_section){.name = arena_strdup(&style->arena, name), .is_default = is_default};
    return section;
}

static void
store(struct style *style, const char *section_name, const char *key, const char *value,
      const char *path, size_t line, bool is_default)
{
    struct style_section *section = find_section(style, section_name);
    if (section == NULL)
        section = add_section(style, section_name, is_default);
    struct style_value *slot = find_value(section, key);
    if (slot == NULL) {
        xgrow(&section->values, &section->value_capacity, section->value_count + 1,
              sizeof *section->values);
        slot = &section->values[section->value_count++];
        slot->key = arena_strdup(&style->arena, key);
    }
    slot->value = value;
    slot->path = path;
    slot->line = line;
}

/* Cleans every value first, so a bad one leaves the style untouched. */
static bool
apply(struct ini_parse *parse)
{
    for (size_t i = 0; i < parse->assignment_count; i++) {
        struct assignment *a = &parse->assignments[i];
        const char *value = clean_value(&parse->style->arena, a->value);
        if (value == NULL) {
            parse_fail(parse, a->line,
                       "[%s] %s: unbalanced quotes (a \" ;\" inside quotes starts a comment)",
                       a->section, a->key);
            return false;
        }
        a->value = value;
    }
    for (size_t i = 0; i < parse->assignment_count; i++) {
        const struct assignment *a = &parse->assignments[i];
        store(parse->style, a->section, a->key, a->value, parse->path, a->line, parse->is_default);
    }
    return true;
}

static bool
check_text(struct ini_parse *parse)
{
    size_t bad;
    if (!utf8_valid(parse->bytes, parse->size, &bad)) {
        size_t line = 1;
        for (size_t i = 0; i < bad; i++)
            line += parse->bytes[i] == '\n';
        parse_fail(parse, line, "invalid UTF-8 (byte 0x%02X)",
                   (unsigned)(unsigned char)parse->bytes[bad]);
        return false;
    }
    const char *nul = memchr(parse->bytes, '\0', parse->size);
    if (nul != NULL) {
        size_t line = 1;
        for (const char *p = parse->bytes; p < nul; p++)
            line += *p == '\n';
        parse_fail(parse, line, "NUL byte: not UTF-8 text (UTF-16?)");
        return false;
    }
    return true;
}

enum posture_status
style_parse(struct style *style, const char *path, const char *bytes, size_t size,
            struct posture_error *err)
{
    if (size == 0)
        bytes = "";
    struct ini_parse parse = {
        .style = style,
        .path = arena_strdup(&style->arena, path),
        .is_default = style->file_count == 0,
        .bytes = bytes,
        .size = size,
        .error_status = POSTURE_ERR_INPUT,
    };
    error_clear(&parse.error);
    if (size >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
        parse.offset = 3;
    if (check_text(&parse)) {
        int result = ini_parse_stream(read_line, &parse, on_value, &parse);
        if (result > 0)
            parse_fail(&parse, (size_t)result, "expected \"key = value\" or \"[section]\"");
        else if (result < 0)
            parse_fail(&parse, 0, "cannot parse (inih error %d)", result);
    }
    if (!has_failed(&parse) && apply(&parse)) {
        if (style->file_count++ == 0)
            style->default_path = parse.path;
    }
    free(parse.assignments);
    if (has_failed(&parse))
        return error_set(err, parse.error.status, "%s", parse.error.message);
    return POSTURE_OK;
}

enum posture_status
style_load(struct style *style, const char *path, struct posture_error *err)
{
    char *bytes;
    size_t size;
    enum posture_status status = files_read(path, &bytes, &size, err);
    if (status != POSTURE_OK)
        return status;
    status = style_parse(style, path, bytes, size, err);
    free(bytes);
    return status;
}

static char *
trimmed_copy(const char *start, const char *end)
{
    while (start < end && isspace((unsigned char)*start))
        start++;
    while (end > start && isspace((unsigned char)end[-1]))
        end--;
    return xstrndup(start, (size_t)(end - start));
}

/* "page.width_px=800", "side.US.colour=#c00": the key follows the last '.' before '='. */
enum posture_status
style_set(struct style *style, const char *assignment, struct posture_error *err)
{
    const char *equals = strchr(assignment, '=');
    const char *dot = NULL;
    for (const char *p = assignment; equals != NULL && p < equals; p++) {
        if (*p == '.')
            dot = p;
    }
    if (equals == NULL || dot == NULL)
        return error_set(err, POSTURE_ERR_USAGE, "--set: expected section.key=value, not \"%s\"",
                         assignment);
    char *section = trimmed_copy(assignment, dot);
    char *key = trimmed_copy(dot + 1, equals);
    char *value = trimmed_copy(equals + 1, equals + strlen(equals));
    struct ini_parse parse = {.style = style, .path = "--set", .error_status = POSTURE_ERR_USAGE};
    error_clear(&parse.error);
    if (*section == '\0' || *key == '\0') {
        parse_fail(&parse, 0, "expected section.key=value, not \"%s\"", assignment);
    } else if (check_override(&parse, section, key, 0)) {
        const char *clean = clean_value(&style->arena, value);
        if (clean == NULL)
            parse_fail(&parse, 0, "[%s] %s: unbalanced quotes", section, key);
        else
            store(style, section, key, clean, "--set", 0, false);
    }
    free(section);
    free(key);
    free(value);
    if (has_failed(&parse))
        return error_set(err, parse.error.status, "%s", parse.error.message);
    return POSTURE_OK;
}

static const struct style_value *
lookup(const struct style *style, const char *section_name, const char *key)
{
    const struct style_section *section = find_section(style, section_name);
    return section != NULL ? find_value(section, key) : NULL;
}

const char *
style_get(const struct style *style, const char *section, const char *key)
{
    const struct style_value *value = lookup(style, section, key);
    return value != NULL ? value->value : NULL;
}

static enum posture_status
get_value(const struct style *style, const char *section, const char *key,
          const struct style_value **out, struct posture_error *err)
{
    *out = lookup(style, section, key);
    if (*out != NULL)
        return POSTURE_OK;
    return error_set(err, POSTURE_ERR_INPUT, "%s: missing key \"%s\" in [%s]",
                     style->default_path != NULL ? style->default_path : "style", key, section);
}

/* "style.ini:7: [page] width_px: "wide" is not a number" */
static enum posture_status
wrong_type(const struct style_value *value, const char *section, const char *what,
           struct posture_error *err)
{
    if (value->line > 0)
        return error_set(err, POSTURE_ERR_INPUT, "%s:%zu: [%s] %s: \"%s\" is not %s", value->path,
                         value->line, section, value->key, value->value, what);
    return error_set(err, POSTURE_ERR_INPUT, "%s: [%s] %s: \"%s\" is not %s", value->path, section,
                     value->key, value->value, what);
}

enum posture_status
style_string(const struct style *style, const char *section, const char *key, const char **out,
             struct posture_error *err)
{
    const struct style_value *value;
    enum posture_status status = get_value(style, section, key, &value, err);
    *out = status == POSTURE_OK ? value->value : NULL;
    return status;
}

enum posture_status
style_number(const struct style *style, const char *section, const char *key, double *out,
             struct posture_error *err)
{
    const struct style_value *value;
    enum posture_status status = get_value(style, section, key, &value, err);
    if (status != POSTURE_OK)
        return status;
    const char *text = value->value;
    char *end;
    double number = strtod(text, &end);
    bool is_plain = *text != '\0' && strpbrk(text, "xXnN") == NULL; /* no hex, inf or nan */
    if (!is_plain || *end != '\0' || !isfinite(number))
        return wrong_type(value, section, "a number", err);
    *out = number;
    return POSTURE_OK;
}

static int
hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* "#rgb", "#rrggbb", "#rrggbbaa", "none". */
static bool
parse_colour(const char *text, struct rgba *out)
{
    if (strcasecmp(text, "none") == 0) {
        *out = (struct rgba){0.0, 0.0, 0.0, 0.0};
        return true;
    }
    size_t length = strlen(text);
    if (text[0] != '#' || (length != 4 && length != 7 && length != 9))
        return false;
    size_t digits_per_channel = length == 4 ? 1 : 2;
    size_t channel_count = (length - 1) / digits_per_channel;
    double channels[4] = {0.0, 0.0, 0.0, 1.0};
    for (size_t c = 0; c < channel_count; c++) {
        int value = 0;
        for (size_t d = 0; d < digits_per_channel; d++) {
            int digit = hex_digit(text[1 + c * digits_per_channel + d]);
            if (digit < 0)
                return false;
            value = value * 16 + digit;
        }
        channels[c] = (digits_per_channel == 1 ? value * 17 : value) / 255.0;
    }
    *out = (struct rgba){channels[0], channels[1], channels[2], channels[3]};
    return true;
}

enum posture_status
style_colour(const struct style *style, const char *section, const char *key, struct rgba *out,
             struct posture_error *err)
{
    const struct style_value *value;
    enum posture_status status = get_value(style, section, key, &value, err);
    if (status != POSTURE_OK)
        return status;
    if (!parse_colour(value->value, out))
        return wrong_type(value, section, "a colour (#rgb, #rrggbb, #rrggbbaa or none)", err);
    return POSTURE_OK;
}

enum posture_status
style_bool(const struct style *style, const char *section, const char *key, bool *out,
           struct posture_error *err)
{
    static const char *const truths[] = {"true", "yes", "on", "1"};
    static const char *const falsehoods[] = {"false", "no", "off", "0"};
    const struct style_value *value;
    enum posture_status status = get_value(style, section, key, &value, err);
    if (status != POSTURE_OK)
        return status;
    for (size_t i = 0; i < sizeof truths / sizeof truths[0]; i++) {
        if (strcasecmp(value->value, truths[i]) == 0) {
            *out = true;
            return POSTURE_OK;
        }
        if (strcasecmp(value->value, falsehoods[i]) == 0) {
            *out = false;
            return POSTURE_OK;
        }
    }
    return wrong_type(value, section, "true or false (yes/no, on/off, 1/0)", err);
}

size_t
style_sections(const struct style *style, const char *prefix, const char **names, size_t max)
{
    size_t count = 0;
    size_t prefix_length = strlen(prefix);
    for (size_t i = 0; i < style->section_count && count < max; i++) {
        if (strncmp(style->sections[i].name, prefix, prefix_length) == 0)
            names[count++] = style->sections[i].name;
    }
    return count;
}

size_t
style_keys(const struct style *style, const char *section, const char **keys, size_t max)
{
    const struct style_section *found = find_section(style, section);
    size_t count = 0;
    for (size_t i = 0; found != NULL && i < found->value_count && count < max; i++)
        keys[count++] = found->values[i].key;
    return count;
}

bool
style_is_default(const struct style *style, const char *section, const char *key)
{
    const struct style_value *value = lookup(style, section, key);
    return value != NULL && style->default_path != NULL &&
           strcmp(value->path, style->default_path) == 0;
}

const char *
style_origin(const struct style *style, const char *section, const char *key, size_t *line)
{
    const struct style_value *value = lookup(style, section, key);
    *line = value != NULL ? value->line : 0;
    return value != NULL ? value->path : NULL;
}
