/* Country outlines and attributes from a shapefile (shapelib): .shp/.shx/.dbf, .cpg, .prj.
 * Coordinates stay as the file has them; turning them into lon/lat is geo/projection.c's. */
#ifndef DATA_COUNTRIES_H
#define DATA_COUNTRIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/types.h"
#include "posture.h"

struct country {
    char *code; /* e.g. "POL": the code field, or the fallback where it is -99/empty */
    char *name; /* display name: the language's name field if present, else name_field */
    double *xy; /* all rings, interleaved x, y in the file's CRS */
    size_t point_count;
    size_t *ring_starts; /* first point of each ring */
    size_t ring_count;
    double *ring_boxes;   /* x0, y0, x1, y1 of each ring, in the file's CRS */
    bool has_label_point; /* LABEL_X/LABEL_Y present (lon/lat when the file is lon/lat) */
    struct lonlat label_point;
};

struct country_set {
    char *path;
    struct country *countries;
    size_t count;
    char *prj_wkt;     /* the .prj text, NULL if the file has none */
    char **codes;      /* the code of every record, also those off the map; sorted */
    char **names;      /* the display name of every record, also those off the map; file order */
    size_t code_count; /* of codes and of names */
    bool is_lines;     /* polylines (rivers, boundaries): parts are open lines, not rings */
};

struct countries_options {
    const char *code_field; /* e.g. "ISO_A3"; case-insensitive; NULL: every code is "" */
    const char
        *fallback_field;    /* used where the code is "-99" or empty, e.g. "ADM0_A3"; may be NULL */
    const char *name_field; /* e.g. "NAME"; NULL: every name is "" */
    const char *lang;       /* "de": prefer NAME_DE; NULL or "" for name_field */
    bool has_extent;        /* read only records whose bounds meet extent (lon/lat files) */
    struct lonlat_box extent;
    size_t max_vertices; /* 0: COUNTRIES_MAX_VERTICES */
    /* Other layers than countries ([layer.*] of a style): polyline files are accepted too, and
     * only records whose where_field equals where_value (case-insensitive) are read. */
    bool accepts_lines;
    const char *where_field; /* NULL: every record */
    const char *where_value;
    posture_warn_fn warn;
    void *warn_context;
};

/* More than the finest Natural Earth by far (its 1:10m countries have about 550,000); a file
 * beyond it would exhaust memory in projection and clipping rather than draw. */
enum { COUNTRIES_MAX_VERTICES = 50000000 };

/* One file of a shapefile: path names it in messages; bytes NULL if it is absent. In memory,
 * or, when stream is set, read from the stream as shapelib asks (bytes then holds only the
 * first min(size, 100) bytes, the header), so a load keeps one record at a time rather than a
 * whole 9 MB .shp. size is the file's. */
struct countries_part {
    const char *path;
    const char *bytes;
    size_t size;
    FILE *stream;
};

/* The files of one shapefile: .shp, .shx and .dbf are needed; without a .prj, WGS84 is assumed
 * (with a warning); without a .cpg, UTF-8. */
struct countries_files {
    struct countries_part shp, shx, dbf, prj, cpg;
};

/* Whether a lon/lat box (x0, y0, x1, y1) meets the extent as it is or moved by 360 degrees
 * either way, as layout moves rings towards the map: a ring whose box does not cannot show. */
bool countries_box_may_show(const double box[4], struct lonlat_box extent);

/* Loads from bytes in memory, read through shapelib's SAHooks (so fuzzers and tests need no
 * files); the set's path is files->shp.path. */
struct country_set *countries_load_memory(const struct countries_files *files,
                                          const struct countries_options *options,
                                          struct posture_error *err);
/* path: the .shp (or the name without extension). Reads the files, then as
 * countries_load_memory(). */
struct country_set *countries_load(const char *path, const struct countries_options *options,
                                   struct posture_error *err);
/* True if some record of the file has this code, on the map or not: a style's group naming a
 * code no record has is a typo worth a warning. */
bool countries_has_code(const struct country_set *set, const char *code);
/* True if some record of the file has this display name (compared as utf8_fold() does), on
 * the map or not: an area row may name a country the map does not show. */
bool countries_has_name(const struct country_set *set, const char *name);
void countries_destroy(struct country_set *set);

#endif
