/* Named places (cities, bases) with coordinates, from CSV files shipped in data/.
 * Matching folds case, diacritics and punctuation; which place a table means is decided here. */
#ifndef DATA_GAZETTEER_H
#define DATA_GAZETTEER_H

#include <stddef.h>

#include "core/types.h"
#include "posture.h"

struct gazetteer_entry {
    const char *name;    /* display name, UTF-8 */
    const char *country; /* ISO 3166-1 alpha-2, "" if unknown */
    const char *admin1;  /* region/state as in the source, "" if none */
    const char *kind;    /* "city", "base", ... */
    struct lonlat at;
};

struct gazetteer;

struct gazetteer *gazetteer_create(void);
void gazetteer_destroy(struct gazetteer *gazetteer);
/* Adds the places of one CSV (header with at least name, lon, lat; optional aliases, country,
 * admin1, kind). Entries of earlier files win over later ones when a name is ambiguous. */
enum posture_status gazetteer_parse(struct gazetteer *gazetteer, const char *path,
                                    const char *bytes, size_t size, struct posture_error *err);
enum posture_status gazetteer_load(struct gazetteer *gazetteer, const char *path,
                                   struct posture_error *err);
size_t gazetteer_size(const struct gazetteer *gazetteer);

/* The place a query means: "Rzeszow", "Rzeszów, Poland", "Brest, BY", "Fort Bragg, N.C.".
 * NULL if none. Borrowed: valid while the gazetteer lives. */
const struct gazetteer_entry *gazetteer_find(const struct gazetteer *gazetteer, const char *query);
/* Up to max closest names to an unknown query, best first; returns how many were written. */
size_t gazetteer_suggest(const struct gazetteer *gazetteer, const char *query, const char **names,
                         size_t max);

#endif
