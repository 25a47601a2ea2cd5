#include "batch/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/strbuf.h"

static bool
put_value(struct strbuf *out, const char *name, size_t length, const struct template_values *v)
{
#define IS(word) (length == sizeof(word) - 1 && strncmp(name, word, length) == 0)
    if (IS("name") && v->name != NULL)
        strbuf_puts(out, v->name);
    else if (IS("date") && v->date != NULL)
        strbuf_puts(out, v->date);
    else if (IS("preset") && v->preset != NULL)
        strbuf_puts(out, v->preset);
    else if (IS("width") && v->width_px > 0)
        strbuf_printf(out, "%d", v->width_px);
    else if (IS("height") && v->height_px > 0)
        strbuf_printf(out, "%d", v->height_px);
    else if (IS("index") && v->index > 0)
        strbuf_printf(out, "%zu", v->index);
    else
        return false;
    return true;
#undef IS
}

static bool
is_known(const char *name, size_t length)
{
    static const char *const names[] = {"name", "date", "preset", "width", "height", "index"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strlen(names[i]) == length && strncmp(name, names[i], length) == 0)
            return true;
    }
    return false;
}

enum posture_status
template_expand(const char *text, const struct template_values *values, const char *what,
                char **out, struct posture_error *err)
{
    struct strbuf result;
    strbuf_init(&result);
    *out = NULL;
    for (const char *p = text; *p;) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            strbuf_append(&result, p, 1);
            p += 2;
            continue;
        }
        if (*p == '}') {
            strbuf_fini(&result);
            return error_set(err, POSTURE_ERR_USAGE, "%s: \"%s\": a lone \"}\" (write \"}}\")",
                             what, text);
        }
        if (*p != '{') {
            strbuf_append(&result, p++, 1);
            continue;
        }
        const char *close = strchr(p, '}');
        size_t length = close != NULL ? (size_t)(close - p - 1) : 0;
        if (close == NULL || !is_known(p + 1, length)) {
            strbuf_fini(&result);
            return error_set(err, POSTURE_ERR_USAGE,
                             "%s: \"%s\": unknown placeholder (use {name}, {date}, {preset}, "
                             "{width}, {height} or {index})",
                             what, text);
        }
        if (!put_value(&result, p + 1, length, values)) {
            strbuf_fini(&result);
            return error_set(err, POSTURE_ERR_USAGE, "%s: \"%s\": {%.*s} has no value here", what,
                             text, (int)length, p + 1);
        }
        p = close + 1;
    }
    *out = result.bytes;
    return POSTURE_OK;
}

bool
template_uses(const char *text, const char *placeholder)
{
    return strstr(text, placeholder) != NULL;
}

enum posture_status
template_check_inside(const char *path, const char *what, struct posture_error *err)
{
    if (path[0] == '\0')
        return error_set(err, POSTURE_ERR_USAGE, "%s: the file name is empty", what);
    if (path[0] == '/')
        return error_set(err, POSTURE_ERR_USAGE,
                         "%s: \"%s\" is absolute; outputs stay inside the output directory "
                         "(--allow-any-path lifts this)",
                         what, path);
    for (const char *p = path; *p;) {
        size_t length = strcspn(p, "/");
        if (length == 2 && p[0] == '.' && p[1] == '.')
            return error_set(err, POSTURE_ERR_USAGE,
                             "%s: \"%s\" leaves the output directory (\"..\"); "
                             "--allow-any-path lifts this",
                             what, path);
        p += length;
        while (*p == '/')
            p++;
    }
    return POSTURE_OK;
}
