/* style_parse() on any bytes: as a house style over the built-in default (the common case),
 * and as the first file (which defines the keys); then every typed getter on every key of the
 * default, and style_set() with the input as a --set assignment. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/types.h"
#include "data/style.h"
#include "fuzz.h"

#define DEFAULT_STYLE POSTURE_SOURCE_DIR "/data/styles/default.ini"

static char *default_bytes;
static size_t default_size;

/* "section\0key" pairs of the default, found by a plain reading of its lines. */
static char (*keys)[2][64];
static size_t key_count;

static void
collect_keys(void)
{
    char section[64] = "";
    const char *end = default_bytes + default_size;
    keys = xcalloc(1024, sizeof *keys);
    for (const char *line = default_bytes; line < end && key_count < 1024;) {
        const char *next = memchr(line, '\n', (size_t)(end - line));
        size_t length = next != NULL ? (size_t)(next - line) : (size_t)(end - line);
        const char *equals = memchr(line, '=', length);
        if (length > 2 && line[0] == '[' && length < sizeof section) {
            (void)snprintf(section, sizeof section, "%.*s", (int)(length - 2), line + 1);
        } else if (line[0] != ';' && line[0] != ' ' && equals != NULL) {
            size_t key_length = (size_t)(equals - line);
            while (key_length > 0 && line[key_length - 1] == ' ')
                key_length--;
            if (key_length > 0 && key_length < 64) {
                (void)snprintf(keys[key_count][0], 64, "%s", section);
                (void)snprintf(keys[key_count][1], 64, "%.*s", (int)key_length, line);
                key_count++;
            }
        }
        line = next != NULL ? next + 1 : end;
    }
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    default_bytes = fuzz_read_file(DEFAULT_STYLE, &default_size);
    collect_keys();
    return 0;
}

static void
read_every_key(const struct style *style)
{
    for (size_t i = 0; i < key_count; i++) {
        struct posture_error err = {POSTURE_OK, ""};
        const char *text = NULL;
        double number = 0;
        struct rgba colour;
        bool flag = false;
        (void)style_get(style, keys[i][0], keys[i][1]);
        (void)style_string(style, keys[i][0], keys[i][1], &text, &err);
        err.status = POSTURE_OK;
        (void)style_number(style, keys[i][0], keys[i][1], &number, &err);
        err.status = POSTURE_OK;
        (void)style_colour(style, keys[i][0], keys[i][1], &colour, &err);
        err.status = POSTURE_OK;
        (void)style_bool(style, keys[i][0], keys[i][1], &flag, &err);
    }
    const char *names[64];
    size_t count = style_sections(style, "group.", names, 64);
    for (size_t i = 0; i < count; i++)
        (void)style_get(style, names[i], "members");
}

static void
check_failure(const struct posture_error *err)
{
    fuzz_note(err->message);
    fuzz_check(err->status != POSTURE_OK && err->message[0] != '\0', "a failure has a message",
               err->message);
    fuzz_check(strchr(err->message, '\n') == NULL, "the message is one line", err->message);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct posture_error err = {POSTURE_OK, ""};
    struct style *style = style_create();
    fuzz_check(style_parse(style, DEFAULT_STYLE, default_bytes, default_size, &err) == POSTURE_OK,
               "the default style parses", err.message);
    if (style_parse(style, "fuzz.ini", (const char *)data, size, &err) != POSTURE_OK)
        check_failure(&err);
    read_every_key(style);
    if (size < 512 && memchr(data, '\0', size) == NULL) {
        char *assignment = xstrndup((const char *)data, size);
        err.status = POSTURE_OK;
        if (style_set(style, assignment, &err) != POSTURE_OK)
            check_failure(&err);
        free(assignment);
    }
    style_destroy(style);

    style = style_create();
    err.status = POSTURE_OK;
    if (style_parse(style, "fuzz.ini", (const char *)data, size, &err) != POSTURE_OK)
        check_failure(&err);
    read_every_key(style);
    style_destroy(style);
    return 0;
}
