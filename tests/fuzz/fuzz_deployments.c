/* deployments_parse() on any bytes, then deployments_resolve() against a small gazetteer.
 * Promises checked: a failure has a one-line message; a table holds rows with positive troops
 * and coordinates in range. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "data/deployments.h"
#include "data/gazetteer.h"
#include "fuzz.h"

static struct gazetteer *gazetteer;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    gazetteer = gazetteer_create();
    struct posture_error err = {POSTURE_OK, ""};
    const char *path = POSTURE_SOURCE_DIR "/tests/data/gazetteer/places.csv";
    fuzz_check(gazetteer_load(gazetteer, path, &err) == POSTURE_OK, "gazetteer", err.message);
    return 0;
}

static void
check_failure(const struct posture_error *err)
{
    fuzz_note(err->message);
    fuzz_check(err->status != POSTURE_OK && err->message[0] != '\0', "failure has a message",
               err->message);
    fuzz_check(strchr(err->message, '\n') == NULL, "message is one line", err->message);
}

static void
check_place(const struct place *place)
{
    fuzz_check(place->name != NULL, "place has a name", NULL);
    if (place->is_resolved)
        fuzz_check(place->at.lon_deg >= -180 && place->at.lon_deg <= 180 &&
                       place->at.lat_deg >= -90 && place->at.lat_deg <= 90,
                   "coordinates in range", place->name);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct posture_error err = {POSTURE_OK, ""};
    struct deployment_table *table = deployments_parse("fuzz.csv", (const char *)data, size, &err);
    if (table == NULL) {
        check_failure(&err);
        return 0;
    }
    fuzz_check(table->row_count > 0, "a table has rows", NULL);
    for (size_t i = 0; i < table->row_count; i++) {
        const struct deployment *row = &table->rows[i];
        fuzz_check(row->troops >= 1 && row->troops <= 1e7 && isfinite(row->troops),
                   "troops are positive", row->side);
        check_place(&row->from);
        check_place(&row->to);
    }
    (void)deployments_need_gazetteer(table);
    if (deployments_resolve(table, gazetteer, &err) != POSTURE_OK)
        check_failure(&err);
    deployments_destroy(table);
    return 0;
}
