#include "geo/projection.h"

#include <math.h>
#include <proj.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/strbuf.h"

/* What PROJ's unitconvert multiplies degrees by (its table of angular units). */
static const double DEG_TO_RAD = 0.017453292519943296;

struct point_memo;

struct projection {
    PJ_CONTEXT *context;
    PJ *transform;
    struct point_memo *memo; /* NULL: every point is projected each time */
    bool takes_radians;
    /* the transform is the projection alone: radians in (see create_pipeline) */ /* lon/lat
                                                                                     degrees ->
                                                                                     map metres,
                                                                                     axis order
                                                                                     x/y */
};

struct source_crs {
    PJ_CONTEXT *context;
    PJ *transform;
};

/* Why by hand: PROJ keeps no results, and a batch's maps of one projection project the same
 * shapefile vertices again and again (LAEA is 650 instructions a point, a tenth of a 1:10m map's
 * work). The points projected, in the order they came, with an open-addressed index from a
 * point's exact lon/lat bits to its entry: a point looked up is the same bits as the point
 * projected again, so no map changes. Rings come in the same order map after map, so the entry
 * after the last one found is tried first: most points are found without the index, in memory
 * read in order. */
struct memo_entry {
    uint64_t lon, lat; /* the input's bits */
    double x, y;
};

struct point_memo {
    struct memo_entry *entries;
    size_t count, entry_capacity, max_count;
    uint32_t *index; /* entry + 1; 0: empty */
    size_t capacity; /* of the index, a power of two */
    size_t next;     /* the entry after the last one found or added */
    /* scratch: the points not found, projected in one call, their bits and their places */
    double *misses;
    uint64_t *miss_bits;
    size_t *miss_at;
    size_t miss_capacity;
};

static uint64_t
double_bits(double value)
{
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    return bits;
}

/* The index slot for these bits: the one holding their entry, or the empty one where it would
 * go. */
static uint32_t *
memo_slot(const struct point_memo *memo, uint64_t lon, uint64_t lat)
{
    uint64_t h = (lon * 0x9E3779B97F4A7C15ull) ^ (lat * 0xC2B2AE3D27D4EB4Full);
    size_t i = (size_t)(h ^ (h >> 31)) & (memo->capacity - 1);
    for (;;) {
        uint32_t at = memo->index[i];
        /* An index entry refers to an entry: entries is not NULL then. */
        if (at == 0 || memo->entries == NULL ||
            (memo->entries[at - 1].lon == lon && memo->entries[at - 1].lat == lat))
            return &memo->index[i];
        i = (i + 1) & (memo->capacity - 1);
    }
}

static void
memo_grow_index(struct point_memo *memo)
{
    free(memo->index);
    memo->capacity = memo->capacity ? 2 * memo->capacity : 4096;
    memo->index = xcalloc(memo->capacity, sizeof *memo->index);
    for (size_t k = 0; memo->entries != NULL && k < memo->count; k++)
        *memo_slot(memo, memo->entries[k].lon, memo->entries[k].lat) = (uint32_t)k + 1;
}

/* The entry for these bits, or NULL. */
static const struct memo_entry *
memo_find(struct point_memo *memo, uint64_t lon, uint64_t lat)
{
    if (memo->next < memo->count && memo->entries[memo->next].lon == lon &&
        memo->entries[memo->next].lat == lat)
        return &memo->entries[memo->next++];
    uint32_t at = *memo_slot(memo, lon, lat);
    if (at == 0)
        return NULL;
    memo->next = at;
    return &memo->entries[at - 1];
}

static void
memo_add(struct point_memo *memo, uint64_t lon, uint64_t lat, double x, double y)
{
    if (memo->count >= memo->max_count)
        return;
    if (2 * (memo->count + 1) > memo->capacity)
        memo_grow_index(memo);
    uint32_t *slot = memo_slot(memo, lon, lat);
    if (*slot != 0) /* a point twice in one call is kept once */
        return;
    xgrow(&memo->entries, &memo->entry_capacity, memo->count + 1, sizeof *memo->entries);
    memo->entries[memo->count++] = (struct memo_entry){lon, lat, x, y};
    *slot = (uint32_t)memo->count;
    memo->next = memo->count;
}

static void
memo_destroy(struct point_memo *memo)
{
    if (memo == NULL)
        return;
    free(memo->entries);
    free(memo->index);
    free(memo->misses);
    free(memo->miss_bits);
    free(memo->miss_at);
    free(memo);
}

static bool
is_proj_string(const char *definition)
{
    return definition[0] == '+' || strncmp(definition, "proj=", 5) == 0;
}

static bool
mentions_other_datum(const char *definition)
{
    const char *datum = strstr(definition, "+datum=");
    if (datum != NULL && strncmp(datum + 7, "WGS84", 5) != 0)
        return true;
    return strstr(definition, "+towgs84") != NULL || strstr(definition, "+nadgrids") != NULL ||
           strstr(definition, "+type=crs") != NULL;
}

/* A PROJ string on WGS84 is run as a pipeline (deg -> rad -> projection) built without proj.db:
 * 0.2 ms instead of 3.5 ms for crs_to_crs, which matters when a desk renders in a loop. Anything
 * else (EPSG codes, WKT, other datums) goes through proj_create_crs_to_crs. */
static PJ *
create_pipeline(PJ_CONTEXT *context, const char *definition, bool *takes_radians)
{
    struct strbuf text;
    strbuf_init(&text);
    if (definition[0] != '+')
        strbuf_puts(&text, "+");
    /* "+datum=WGS84" makes PROJ look the datum up in proj.db (SQLite: a third of a render's
     * instructions); in a pipeline from WGS84 lon/lat it means just the ellipsoid. */
    const char *datum = strstr(definition, "+datum=WGS84");
    if (datum != NULL) {
        strbuf_append(&text, definition, (size_t)(datum - definition));
        strbuf_puts(&text, "+ellps=WGS84");
        strbuf_puts(&text, datum + strlen("+datum=WGS84"));
    } else {
        strbuf_puts(&text, definition);
    }
    /* A projection proper (radians in, metres out) runs alone, given radians by
     * transform_in_place(): PROJ's unit conversion step, one more call a point, was a tenth of
     * a 1:10m SVG. Anything else goes through a pipeline from degrees. */
    PJ *pj = proj_create(context, text.bytes);
    *takes_radians =
        pj != NULL && proj_angular_input(pj, PJ_FWD) && !proj_angular_output(pj, PJ_FWD);
    if (*takes_radians || pj == NULL) {
        strbuf_fini(&text);
        return pj;
    }
    proj_destroy(pj);
    struct strbuf piped;
    strbuf_init(&piped);
    strbuf_printf(&piped, "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step %s",
                  text.bytes);
    pj = proj_create(context, piped.bytes);
    if (pj != NULL && proj_angular_output(pj, PJ_FWD)) {
        /* A lon/lat "projection" (+proj=longlat) gives radians inside a pipeline: back to
         * degrees, so that the map's units are what the user wrote. */
        proj_destroy(pj);
        strbuf_puts(&piped, " +step +proj=unitconvert +xy_in=rad +xy_out=deg");
        pj = proj_create(context, piped.bytes);
    }
    strbuf_fini(&piped);
    strbuf_fini(&text);
    return pj;
}

static PJ *
create_crs_to_crs(PJ_CONTEXT *context, const char *from, const char *to)
{
    PJ *raw = proj_create_crs_to_crs(context, from, to, NULL);
    if (raw == NULL)
        return NULL;
    PJ *normalized = proj_normalize_for_visualization(context, raw);
    proj_destroy(raw);
    return normalized;
}

/* PROJ says what is wrong only in its log ("crs not found", "laea: Invalid value for lat_0:
 * |lat_0| should be <= 90°"); its error code says less ("Unknown error (code 4096)", "Invalid
 * value for an argument"). The library never prints: the last error logged is kept, without
 * the function's name and the code PROJ puts before it, for the message the caller sees. */
struct proj_log {
    char last[256];
};

static void
keep_proj_log(void *data, int level, const char *message)
{
    struct proj_log *log = data;
    if (level != PJ_LOG_ERROR || message == NULL)
        return;
    if (strncmp(message, "proj_", 5) == 0 && strstr(message, ": ") != NULL)
        message = strstr(message, ": ") + 2;
    if (strncmp(message, "Error ", 6) == 0 && strstr(message, "): ") != NULL)
        message = strstr(message, "): ") + 3;
    (void)snprintf(log->last, sizeof log->last, "%s", message);
}

static PJ_CONTEXT *
create_context(struct proj_log *log)
{
    PJ_CONTEXT *context = proj_context_create();
    log->last[0] = '\0';
    proj_log_level(context, PJ_LOG_ERROR);
    proj_log_func(context, log, keep_proj_log);
    return context;
}

/* What went wrong: PROJ's last logged error, else its error code's text, else `otherwise`. */
static const char *
proj_failure(PJ_CONTEXT *context, const struct proj_log *log, const char *otherwise)
{
    if (log->last[0] != '\0')
        return log->last;
    int code = proj_context_errno(context);
    return code ? proj_context_errno_string(context, code) : otherwise;
}

struct projection *
projection_create(const char *definition, const char *origin, struct posture_error *err)
{
    struct proj_log log;
    PJ_CONTEXT *context = create_context(&log);
    PJ *pj = NULL;
    bool takes_radians = false;
    if (is_proj_string(definition) && !mentions_other_datum(definition)) {
        /* proj_create() opens proj.db for any coordinate operation, only to format it back as a
         * PROJ string; parsing the database's schema was 26 M instructions, more than all of
         * projecting the map. A pipeline on WGS84 needs nothing from it: this context searches
         * for its files where there are none, and PROJ goes on without a database. */
        const char *const nowhere[] = {"/dev/null/posture-needs-no-proj-data"};
        proj_context_set_search_paths(context, 1, nowhere);
        pj = create_pipeline(context, definition, &takes_radians);
    } else if (is_proj_string(definition)) {
        struct strbuf crs;
        strbuf_init(&crs);
        strbuf_printf(&crs, "%s%s%s", definition[0] == '+' ? "" : "+", definition,
                      strstr(definition, "+type=crs") ? "" : " +type=crs");
        pj = create_crs_to_crs(context, "EPSG:4326", crs.bytes);
        strbuf_fini(&crs);
    } else {
        pj = create_crs_to_crs(context, "EPSG:4326", definition);
    }
    if (pj == NULL) {
        error_set(err, POSTURE_ERR_INPUT, "%s: projection \"%s\" is not valid: %s", origin,
                  definition, proj_failure(context, &log, "unknown to PROJ"));
        proj_context_destroy(context);
        return NULL;
    }
    /* A projection that is not a projection (lon/lat CRS) still works: output is degrees. */
    struct projection *projection = xcalloc(1, sizeof *projection);
    projection->context = context;
    projection->transform = pj;
    projection->takes_radians = takes_radians;
    return projection;
}

void
projection_destroy(struct projection *projection)
{
    if (projection == NULL)
        return;
    proj_destroy(projection->transform);
    proj_context_destroy(projection->context);
    memo_destroy(projection->memo);
    free(projection);
}

static size_t
transform_in_place(PJ *pj, bool takes_radians, PJ_DIRECTION direction, double *xy,
                   size_t point_count)
{
    if (point_count == 0)
        return 0;
    if (takes_radians && direction == PJ_FWD)
        for (size_t i = 0; i < 2 * point_count; i++)
            xy[i] *= DEG_TO_RAD;
    proj_trans_generic(pj, direction, xy, 2 * sizeof(double), point_count, xy + 1,
                       2 * sizeof(double), point_count, NULL, 0, 0, NULL, 0, 0);
    if (takes_radians && direction == PJ_INV)
        for (size_t i = 0; i < 2 * point_count; i++)
            xy[i] /= DEG_TO_RAD;
    size_t failed = 0;
    for (size_t i = 0; i < point_count; i++) {
        if (!isfinite(xy[2 * i]) || !isfinite(xy[2 * i + 1]) || fabs(xy[2 * i]) > 1e20 ||
            fabs(xy[2 * i + 1]) > 1e20) {
            xy[2 * i] = xy[2 * i + 1] = HUGE_VAL;
            failed++;
        }
    }
    return failed;
}

void
projection_remember_points(struct projection *projection, size_t max_points)
{
    if (projection->memo != NULL || max_points == 0)
        return;
    projection->memo = xcalloc(1, sizeof *projection->memo);
    /* Entries are numbered from 1 in 32 bits. */
    projection->memo->max_count = max_points < UINT32_MAX - 1 ? max_points : UINT32_MAX - 1;
    memo_grow_index(projection->memo);
}

/* The points the memo has, from it; the others projected in one call, and kept. */
static size_t
forward_remembering(const struct projection *projection, double *xy, size_t point_count)
{
    struct point_memo *memo = projection->memo;
    if (memo->miss_capacity < point_count) {
        free(memo->misses);
        free(memo->miss_bits);
        free(memo->miss_at);
        memo->miss_capacity = point_count;
        memo->misses = xmalloc(2 * point_count * sizeof *memo->misses);
        memo->miss_bits = xmalloc(2 * point_count * sizeof *memo->miss_bits);
        memo->miss_at = xmalloc(point_count * sizeof *memo->miss_at);
    }
    size_t missed = 0, failed = 0;
    for (size_t i = 0; i < point_count; i++) {
        uint64_t lon = double_bits(xy[2 * i]), lat = double_bits(xy[2 * i + 1]);
        const struct memo_entry *entry = memo_find(memo, lon, lat);
        if (entry == NULL) {
            memo->misses[2 * missed] = xy[2 * i];
            memo->misses[2 * missed + 1] = xy[2 * i + 1];
            memo->miss_bits[2 * missed] = lon;
            memo->miss_bits[2 * missed + 1] = lat;
            memo->miss_at[missed++] = i;
            continue;
        }
        xy[2 * i] = entry->x;
        xy[2 * i + 1] = entry->y;
        failed += entry->x == HUGE_VAL;
    }
    failed += transform_in_place(projection->transform, projection->takes_radians, PJ_FWD,
                                 memo->misses, missed);
    for (size_t k = 0; k < missed; k++) {
        double x = memo->misses[2 * k], y = memo->misses[2 * k + 1];
        xy[2 * memo->miss_at[k]] = x;
        xy[2 * memo->miss_at[k] + 1] = y;
        memo_add(memo, memo->miss_bits[2 * k], memo->miss_bits[2 * k + 1], x, y);
    }
    return failed;
}

size_t
projection_forward(const struct projection *projection, double *xy, size_t point_count)
{
    if (projection->memo != NULL)
        return forward_remembering(projection, xy, point_count);
    return transform_in_place(projection->transform, projection->takes_radians, PJ_FWD, xy,
                              point_count);
}

size_t
projection_inverse(const struct projection *projection, double *xy, size_t point_count)
{
    return transform_in_place(projection->transform, projection->takes_radians, PJ_INV, xy,
                              point_count);
}

struct map_xy
projection_forward_point(const struct projection *projection, struct lonlat at)
{
    double xy[2] = {at.lon_deg, at.lat_deg};
    projection_forward(projection, xy, 1);
    struct map_xy out = {xy[0], xy[1]};
    return out;
}

/* The .prj of Natural Earth and most world data: WGS84 longitude/latitude in degrees. Seen
 * without PROJ, which would open proj.db for it: a quarter of a whole render. */
static bool
is_plain_wgs84(const char *wkt)
{
    while (*wkt == ' ' || *wkt == '\n' || *wkt == '\r' || *wkt == '\t')
        wkt++;
    if (strncmp(wkt, "GEOGCS[", 7) != 0 || strstr(wkt, "PROJCS") != NULL)
        return false;
    bool is_wgs84 =
        strstr(wkt, "DATUM[\"D_WGS_1984\"") != NULL || strstr(wkt, "DATUM[\"WGS_1984\"") != NULL;
    bool is_greenwich = strstr(wkt, "PRIMEM[\"Greenwich\",0") != NULL;
    bool is_degree = strstr(wkt, "UNIT[\"Degree\",0.0174532925199") != NULL ||
                     strstr(wkt, "UNIT[\"degree\",0.0174532925199") != NULL;
    return is_wgs84 && is_greenwich && is_degree && strstr(wkt, "AXIS[") == NULL;
}

struct source_crs *
source_crs_create(const char *wkt, const char *origin, bool *is_lonlat, struct posture_error *err)
{
    *is_lonlat = is_plain_wgs84(wkt);
    if (*is_lonlat)
        return NULL;
    struct proj_log log;
    PJ_CONTEXT *context = create_context(&log);
    PJ *crs = proj_create(context, wkt);
    if (crs == NULL) {
        error_set(err, POSTURE_ERR_INPUT, "%s: PROJ cannot read this coordinate system: %s", origin,
                  proj_failure(context, &log, "not a CRS"));
        proj_context_destroy(context);
        return NULL;
    }
    PJ *wgs84 = proj_create(context, "EPSG:4326");
    PJ_TYPE type = proj_get_type(crs);
    bool geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
    if (geographic && wgs84 != NULL &&
        proj_is_equivalent_to(crs, wgs84, PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS)) {
        *is_lonlat = true;
    }
    PJ *transform = NULL;
    if (!*is_lonlat) {
        PJ *raw = proj_create_crs_to_crs_from_pj(context, crs, wgs84, NULL, NULL);
        if (raw != NULL) {
            transform = proj_normalize_for_visualization(context, raw);
            proj_destroy(raw);
        }
    }
    proj_destroy(wgs84);
    proj_destroy(crs);
    if (*is_lonlat) {
        proj_context_destroy(context);
        return NULL;
    }
    if (transform == NULL) {
        error_set(err, POSTURE_ERR_INPUT,
                  "%s: PROJ finds no way from this coordinate system to WGS84", origin);
        proj_context_destroy(context);
        return NULL;
    }
    struct source_crs *source = xcalloc(1, sizeof *source);
    source->context = context;
    source->transform = transform;
    return source;
}

void
source_crs_destroy(struct source_crs *crs)
{
    if (crs == NULL)
        return;
    proj_destroy(crs->transform);
    proj_context_destroy(crs->context);
    free(crs);
}

size_t
source_crs_to_lonlat(struct source_crs *crs, double *xy, size_t point_count)
{
    return transform_in_place(crs->transform, false, PJ_FWD, xy, point_count);
}
