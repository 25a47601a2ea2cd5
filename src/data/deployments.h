/* The deployment table: CSV rows of positions and movements, parsed with libcsv.
 * Place names are resolved against a gazetteer by deployments_resolve(); drawing is layout's. */
#ifndef DATA_DEPLOYMENTS_H
#define DATA_DEPLOYMENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/types.h"
#include "posture.h"

struct gazetteer;

/* An area is territory hatched in its side's colour: its place names a feature of a style's
 * [layer.*] or a country, resolved by layout (no coordinates, no troops). */
enum deployment_kind { DEPLOYMENT_POSITION, DEPLOYMENT_MOVEMENT, DEPLOYMENT_AREA };

struct place {
    char *name; /* as written in the table ("Rzeszów", "Fort Bragg, N.C."); "" if only coords */
    struct lonlat at;
    bool is_resolved; /* at is valid (given as lon/lat, or found in the gazetteer) */
};

struct deployment {
    enum deployment_kind kind;
    char *id;          /* "" if the table has no id column */
    char *side;        /* as written: "US", "Russia"; matched against the style's sides by layout */
    struct place from; /* movements only */
    struct place to;   /* a position's place, a movement's destination, an area's name */
    double troops;     /* > 0; 0 for an area */
    char *label;       /* "" if none: layout makes one from troops and side */
    char *date;        /* "YYYY-MM-DD" or "" */
    char *until;       /* "YYYY-MM-DD" or "" */
    char *source;      /* "" if none */
    size_t line;       /* 1-based line of the row in the file, for messages */
};

struct deployment_table {
    char *path; /* for messages */
    struct deployment *rows;
    size_t row_count;
};

/* Parses a whole CSV file held in memory. `path` only names the file in messages. */
struct deployment_table *deployments_parse(const char *path, const char *bytes, size_t size,
                                           struct posture_error *err);
struct deployment_table *deployments_load(const char *path, struct posture_error *err);
void deployments_destroy(struct deployment_table *table);

/* "position", "movement" or "area". */
const char *deployments_kind_name(enum deployment_kind kind);

/* True if some place still needs the gazetteer. */
bool deployments_need_gazetteer(const struct deployment_table *table);
/* Looks up every unresolved place; an unknown name fails with file:line and the closest names. */
enum posture_status deployments_resolve(struct deployment_table *table,
                                        const struct gazetteer *gazetteer,
                                        struct posture_error *err);

#endif
