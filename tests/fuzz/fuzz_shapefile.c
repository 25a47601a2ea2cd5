/* countries_load_memory() on a shapefile's parts cut from one input at each "\n--part--\n":
 * .shp, .shx, .dbf, then optionally .prj and .cpg. A part beyond those given is absent (a
 * missing .dbf or .shx is a case too). Loaded with and without an extent, as renders do. */
#include <math.h>
#include <string.h>

#include "data/countries.h"
#include "fuzz.h"

static const char separator[] = "\n--part--\n";

/* memmem, which C11 and POSIX do not have. */
static const char *
find_separator(const char *p, const char *end)
{
    size_t length = sizeof separator - 1;
    for (; (size_t)(end - p) >= length; p++) {
        if (memcmp(p, separator, length) == 0)
            return p;
    }
    return NULL;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

static void
check_set(const struct country_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        const struct country *country = &set->countries[i];
        fuzz_check(country->code != NULL && country->name != NULL, "a country is named", NULL);
        fuzz_check(country->ring_count > 0, "a country has rings", country->code);
        for (size_t r = 0; r < country->ring_count; r++) {
            size_t end =
                r + 1 < country->ring_count ? country->ring_starts[r + 1] : country->point_count;
            fuzz_check(country->ring_starts[r] < end && end <= country->point_count,
                       "rings are within the points", country->code);
        }
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct countries_files files;
    memset(&files, 0, sizeof files);
    struct countries_part *parts[] = {&files.shp, &files.shx, &files.dbf, &files.prj, &files.cpg};
    const char *names[] = {"fuzz.shp", "fuzz.shx", "fuzz.dbf", "fuzz.prj", "fuzz.cpg"};
    const char *p = (const char *)data, *end = p + size;
    size_t separator_length = sizeof separator - 1;
    for (size_t i = 0; i < 5; i++) {
        parts[i]->path = names[i];
        if (p == NULL)
            continue;
        const char *next = find_separator(p, end);
        parts[i]->bytes = p;
        parts[i]->size = next != NULL ? (size_t)(next - p) : (size_t)(end - p);
        p = next != NULL ? next + separator_length : NULL;
    }
    struct countries_options options = {
        .code_field = "ISO_A3",
        .fallback_field = "ADM0_A3",
        .name_field = "NAME",
        .lang = "de",
    };
    for (int filtered = 0; filtered < 2; filtered++) {
        options.has_extent = filtered;
        options.extent = (struct lonlat_box){12, 47, 25, 55};
        struct posture_error err = {POSTURE_OK, ""};
        struct country_set *set = countries_load_memory(&files, &options, &err);
        fuzz_note(set != NULL ? "loaded" : err.message);
        if (set != NULL)
            check_set(set);
        else
            fuzz_check(err.status != POSTURE_OK && err.message[0] != '\0' &&
                           strchr(err.message, '\n') == NULL,
                       "a failure has a one-line message", err.message);
        countries_destroy(set);
    }
    return 0;
}
