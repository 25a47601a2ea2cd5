/* gazetteer_parse() on any bytes, twice (a second file over the first), then look-ups and
 * suggestions for fixed queries and for the input's first line. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/utf8.h"
#include "data/gazetteer.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

static void
look_up(const struct gazetteer *gazetteer, const char *query)
{
    const struct gazetteer_entry *entry = gazetteer_find(gazetteer, query);
    if (entry != NULL)
        fuzz_check(entry->name != NULL && entry->country != NULL, "an entry is whole", query);
    const char *names[3];
    size_t count = gazetteer_suggest(gazetteer, query, names, 3);
    fuzz_check(count <= 3, "at most max suggestions", query);
    for (size_t i = 0; i < count; i++)
        fuzz_check(names[i] != NULL, "suggestions are names", query);
}

/* The input's first line, if it is text a table could hold (valid UTF-8, no NUL). */
static char *
first_line(const uint8_t *data, size_t size)
{
    const uint8_t *newline = memchr(data, '\n', size);
    size_t length = newline != NULL ? (size_t)(newline - data) : size;
    if (length > 300)
        length = 300;
    if (memchr(data, '\0', length) != NULL || !utf8_valid((const char *)data, length, NULL))
        return NULL;
    return xstrndup((const char *)data, length);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const queries[] = {
        "Rzeszow",
        "Rzeszów, Poland",
        "Brest, BY",
        "Fort Bragg, N.C.",
        "x (y)",
        "a, b, c",
        "(",
        ",",
        "Kyiv (Kiev), Ukraine",
        "Dzhankoi, Crimea",
        "Brest",
        "zzzzzzzzzzzzzzzzzz",
    };
    struct gazetteer *gazetteer = gazetteer_create();
    struct posture_error err = {POSTURE_OK, ""};
    if (gazetteer_parse(gazetteer, "fuzz.csv", (const char *)data, size, &err) != POSTURE_OK) {
        fuzz_note(err.message);
        fuzz_check(err.message[0] != '\0' && strchr(err.message, '\n') == NULL,
                   "a failure has a one-line message", err.message);
        gazetteer_destroy(gazetteer);
        return 0;
    }
    size_t first_size = gazetteer_size(gazetteer);
    struct posture_error again = {POSTURE_OK, ""};
    if (gazetteer_parse(gazetteer, "again.csv", (const char *)data, size, &again) == POSTURE_OK)
        fuzz_check(gazetteer_size(gazetteer) == 2 * first_size, "files add up", NULL);
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
        look_up(gazetteer, queries[i]);
    char *line = first_line(data, size);
    if (line != NULL) {
        look_up(gazetteer, line);
        free(line);
    }
    gazetteer_destroy(gazetteer);
    return 0;
}
