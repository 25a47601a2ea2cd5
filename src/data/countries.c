#include "data/countries.h"

#include <ctype.h>
#include <math.h>
#include <shapefil.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/files.h"
#include "core/strbuf.h"
#include "core/utf8.h"

enum text_encoding { ENCODING_UTF8, ENCODING_LATIN1 };

struct field_indexes {
    int code, fallback, name, lang_name, label_x, label_y;
};

static char *
path_without_extension(const char *path)
{
    size_t length = strlen(path);
    if (length > 4 && path[length - 4] == '.' &&
        (strcasecmp(path + length - 3, "shp") == 0 || strcasecmp(path + length - 3, "dbf") == 0 ||
         strcasecmp(path + length - 3, "shx") == 0))
        length -= 4;
    return xstrndup(path, length);
}

static char *
sibling(const char *base, const char *extension)
{
    struct strbuf buf;
    strbuf_init(&buf);
    strbuf_printf(&buf, "%s.%s", base, extension);
    return buf.bytes;
}

/* base.ext as it exists: lower case, else upper case (COUNTRIES.SHP, as shapelib also accepts);
 * the lower-case name, for messages, if neither exists. */
static char *
existing_sibling(const char *base, const char *extension)
{
    char *path = sibling(base, extension);
    if (files_exist(path))
        return path;
    char upper[8];
    size_t n = 0;
    for (; extension[n] && n + 1 < sizeof upper; n++)
        upper[n] = (char)toupper((unsigned char)extension[n]);
    upper[n] = '\0';
    char *upper_path = sibling(base, upper);
    if (files_exist(upper_path)) {
        free(path);
        return upper_path;
    }
    free(upper_path);
    return path;
}

static void
warn(const struct countries_options *options, const char *path, const char *what)
{
    if (options->warn == NULL)
        return;
    struct strbuf buf;
    strbuf_init(&buf);
    strbuf_printf(&buf, "%s: %s", path, what);
    options->warn(options->warn_context, buf.bytes);
    strbuf_fini(&buf);
}

static char *
trimmed_copy(const char *bytes)
{
    while (*bytes && isspace((unsigned char)*bytes))
        bytes++;
    size_t length = strlen(bytes);
    while (length > 0 && isspace((unsigned char)bytes[length - 1]))
        length--;
    return xstrndup(bytes, length);
}

/* The .cpg names the DBF's code page; without one, Natural Earth and most modern files are
 * UTF-8, and bytes that are not valid UTF-8 are read as Latin-1 instead. */
static enum text_encoding
read_encoding(const char *base, const struct countries_options *options)
{
    char *cpg_path = existing_sibling(base, "cpg");
    char *bytes = NULL;
    size_t size = 0;
    enum text_encoding encoding = ENCODING_UTF8;
    if (files_exist(cpg_path) && files_read(cpg_path, &bytes, &size, NULL) == POSTURE_OK) {
        char *name = trimmed_copy(bytes);
        if (strcasecmp(name, "UTF-8") == 0 || strcasecmp(name, "UTF8") == 0 ||
            strcmp(name, "65001") == 0) {
            encoding = ENCODING_UTF8;
        } else if (strcasecmp(name, "ISO-8859-1") == 0 || strcasecmp(name, "LATIN1") == 0 ||
                   strcmp(name, "1252") == 0 || strcasecmp(name, "CP1252") == 0 ||
                   strcasecmp(name, "WINDOWS-1252") == 0 || strcmp(name, "88591") == 0 ||
                   strcasecmp(name, "ANSI 1252") == 0) {
            encoding = ENCODING_LATIN1;
        } else {
            warn(options, cpg_path, "unknown code page; reading names as UTF-8");
        }
        free(name);
    }
    free(bytes);
    free(cpg_path);
    return encoding;
}

static char *
to_utf8(const char *text, enum text_encoding encoding)
{
    if (encoding == ENCODING_UTF8 && utf8_valid(text, strlen(text), NULL))
        return trimmed_copy(text);
    /* Windows-1252: Latin-1 with letters and punctuation in 0x80-0x9F (what "1252" and most
     * files labelled Latin-1 really hold); its five unassigned bytes become U+FFFD. */
    static const unsigned short cp1252_high[32] = {
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    };
    struct strbuf buf;
    strbuf_init(&buf);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        unsigned cp = *p;
        if (cp >= 0x80 && cp < 0xA0)
            cp = cp1252_high[cp - 0x80];
        utf8_append(&buf, cp);
    }
    char *out = trimmed_copy(buf.bytes);
    strbuf_fini(&buf);
    return out;
}

static double
read_le_double(const unsigned char *bytes)
{
    uint64_t bits = 0;
    for (int i = 7; i >= 0; i--)
        bits = (bits << 8) | bytes[i];
    double value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

/* Reads only the bounding box of record i from the .shp (shapelib has no call for it): the
 * record header is 8 bytes, the shape type 4, then xmin, ymin, xmax, ymax. This lets us skip
 * decoding the records that lie off the map. */
static bool
record_bounds(SHPHandle shp, int i, double bounds[4])
{
    unsigned offset = shp->panRecOffset[i];
    if (offset == 0)
        return false;
    unsigned char bytes[36];
    if (shp->sHooks.FSeek(shp->fpSHP, (SAOffset)offset + 8, SEEK_SET) != 0 ||
        shp->sHooks.FRead(bytes, 36, 1, shp->fpSHP) != 1)
        return false;
    int32_t type = (int32_t)((uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 |
                             (uint32_t)bytes[2] << 16 | (uint32_t)bytes[3] << 24);
    if (type == SHPT_NULL)
        return false;
    for (int k = 0; k < 4; k++)
        bounds[k] = read_le_double(bytes + 4 + 8 * k);
    return true;
}

static bool
meets_extent(const double bounds[4], struct lonlat_box extent)
{
    return bounds[0] <= extent.lon1_deg && bounds[2] >= extent.lon0_deg &&
           bounds[1] <= extent.lat1_deg && bounds[3] >= extent.lat0_deg;
}

static void
list_fields(DBFHandle dbf, struct strbuf *out)
{
    int count = DBFGetFieldCount(dbf);
    for (int i = 0; i < count && i < 40; i++) {
        char name[XBASE_FLDNAME_LEN_READ + 1];
        DBFGetFieldInfo(dbf, i, name, NULL, NULL);
        strbuf_printf(out, "%s%s", i ? ", " : "", name);
    }
}

static enum posture_status
find_fields(DBFHandle dbf, const char *dbf_path, const struct countries_options *options,
            struct field_indexes *fields, struct posture_error *err)
{
    const char *wanted[2] = {options->code_field, options->name_field};
    int *slots[2] = {&fields->code, &fields->name};
    for (int k = 0; k < 2; k++) {
        *slots[k] = DBFGetFieldIndex(dbf, wanted[k]);
        if (*slots[k] < 0) {
            struct strbuf names;
            strbuf_init(&names);
            list_fields(dbf, &names);
            error_set(err, POSTURE_ERR_INPUT, "%s: no field \"%s\" (the file has: %s)", dbf_path,
                      wanted[k], names.bytes);
            strbuf_fini(&names);
            return err->status;
        }
    }
    fields->fallback = options->fallback_field ? DBFGetFieldIndex(dbf, options->fallback_field) : -1;
    fields->lang_name = -1;
    if (options->lang != NULL && options->lang[0] != '\0') {
        struct strbuf name;
        strbuf_init(&name);
        strbuf_printf(&name, "NAME_%s", options->lang);
        fields->lang_name = DBFGetFieldIndex(dbf, name.bytes);
        strbuf_fini(&name);
    }
    fields->label_x = DBFGetFieldIndex(dbf, "LABEL_X");
    fields->label_y = DBFGetFieldIndex(dbf, "LABEL_Y");
    return POSTURE_OK;
}

static bool
is_missing_code(const char *code)
{
    return code[0] == '\0' || strcmp(code, "-99") == 0 || strcmp(code, "-1") == 0;
}

static void
read_attributes(DBFHandle dbf, int i, const struct field_indexes *fields,
                enum text_encoding encoding, struct country *country)
{
    char *code = to_utf8(DBFReadStringAttribute(dbf, i, fields->code), encoding);
    if (is_missing_code(code) && fields->fallback >= 0) {
        free(code);
        code = to_utf8(DBFReadStringAttribute(dbf, i, fields->fallback), encoding);
    }
    country->code = code;
    char *name = NULL;
    if (fields->lang_name >= 0) {
        name = to_utf8(DBFReadStringAttribute(dbf, i, fields->lang_name), encoding);
        if (name[0] == '\0') {
            free(name);
            name = NULL;
        }
    }
    if (name == NULL)
        name = to_utf8(DBFReadStringAttribute(dbf, i, fields->name), encoding);
    country->name = name;
    if (fields->label_x >= 0 && fields->label_y >= 0 &&
        !DBFIsAttributeNULL(dbf, i, fields->label_x)) {
        country->label_point.lon_deg = DBFReadDoubleAttribute(dbf, i, fields->label_x);
        country->label_point.lat_deg = DBFReadDoubleAttribute(dbf, i, fields->label_y);
        country->has_label_point = isfinite(country->label_point.lon_deg) &&
                                   isfinite(country->label_point.lat_deg);
    }
}

static bool
copy_geometry(SHPObject *shape, struct country *country)
{
    if (shape->nVertices <= 0 || shape->nParts <= 0)
        return false;
    size_t n = (size_t)shape->nVertices;
    country->xy = xcalloc(2 * n, sizeof *country->xy);
    country->ring_starts = xcalloc((size_t)shape->nParts, sizeof *country->ring_starts);
    size_t kept = 0;
    for (int part = 0; part < shape->nParts; part++) {
        int start = shape->panPartStart[part];
        int end = part + 1 < shape->nParts ? shape->panPartStart[part + 1] : shape->nVertices;
        if (start < 0 || end > shape->nVertices || end - start < 3)
            continue; /* a malformed or degenerate ring cannot enclose anything */
        country->ring_starts[country->ring_count++] = kept;
        for (int v = start; v < end; v++) {
            country->xy[2 * kept] = shape->padfX[v];
            country->xy[2 * kept + 1] = shape->padfY[v];
            kept++;
        }
    }
    country->point_count = kept;
    return country->ring_count > 0;
}

static void
country_fini(struct country *country)
{
    free(country->code);
    free(country->name);
    free(country->xy);
    free(country->ring_starts);
}

static enum posture_status
read_records(SHPHandle shp, DBFHandle dbf, const char *dbf_path,
             const struct countries_options *options, enum text_encoding encoding,
             struct country_set *set, struct posture_error *err)
{
    struct field_indexes fields = {-1, -1, -1, -1, -1, -1};
    if (find_fields(dbf, dbf_path, options, &fields, err) != POSTURE_OK)
        return err->status;
    int entity_count = 0;
    SHPGetInfo(shp, &entity_count, NULL, NULL, NULL);
    set->countries = xcalloc((size_t)entity_count, sizeof *set->countries);
    for (int i = 0; i < entity_count; i++) {
        double bounds[4];
        if (!record_bounds(shp, i, bounds))
            continue;
        if (options->has_extent && !meets_extent(bounds, options->extent))
            continue;
        SHPObject *shape = SHPReadObject(shp, i);
        if (shape == NULL)
            return error_set(err, POSTURE_ERR_INPUT, "%s: record %d cannot be read", set->path,
                             i + 1);
        struct country *country = &set->countries[set->count];
        memset(country, 0, sizeof *country);
        bool has_geometry = copy_geometry(shape, country);
        SHPDestroyObject(shape);
        if (!has_geometry) {
            country_fini(country);
            continue;
        }
        read_attributes(dbf, i, &fields, encoding, country);
        set->count++;
    }
    return POSTURE_OK;
}

struct country_set *
countries_load(const char *path, const struct countries_options *options,
               struct posture_error *err)
{
    char *base = path_without_extension(path);
    char *shp_path = existing_sibling(base, "shp");
    char *dbf_path = existing_sibling(base, "dbf");
    char *prj_path = existing_sibling(base, "prj");
    struct country_set *set = xcalloc(1, sizeof *set);
    set->path = xstrdup(shp_path);
    SHPHandle shp = NULL;
    DBFHandle dbf = NULL;
    if (!files_exist(shp_path)) {
        error_set(err, POSTURE_ERR_MISSING, "%s: cannot read: no such file", shp_path);
        goto fail;
    }
    if (!files_exist(dbf_path)) {
        error_set(err, POSTURE_ERR_INPUT, "%s: missing (a shapefile needs its .dbf)", dbf_path);
        goto fail;
    }
    SAHooks hooks;
    SASetupDefaultHooks(&hooks);
    shp = SHPOpenLL(base, "rb", &hooks);
    if (shp == NULL) {
        error_set(err, POSTURE_ERR_INPUT, "%s: not a valid shapefile (or its .shx is missing)",
                  shp_path);
        goto fail;
    }
    dbf = DBFOpenLL(base, "rb", &hooks);
    if (dbf == NULL) {
        error_set(err, POSTURE_ERR_INPUT, "%s: not a valid dBASE file", dbf_path);
        goto fail;
    }
    int entity_count = 0, shape_type = 0;
    SHPGetInfo(shp, &entity_count, &shape_type, NULL, NULL);
    if (shape_type != SHPT_POLYGON && shape_type != SHPT_POLYGONZ && shape_type != SHPT_POLYGONM) {
        error_set(err, POSTURE_ERR_INPUT, "%s: holds %s shapes, not polygons", shp_path,
                  SHPTypeName(shape_type));
        goto fail;
    }
    if (DBFGetRecordCount(dbf) != entity_count) {
        error_set(err, POSTURE_ERR_INPUT, "%s: %d records for %d shapes in the .shp", dbf_path,
                  DBFGetRecordCount(dbf), entity_count);
        goto fail;
    }
    if (files_exist(prj_path)) {
        char *bytes = NULL;
        size_t size = 0;
        if (files_read(prj_path, &bytes, &size, err) != POSTURE_OK)
            goto fail;
        set->prj_wkt = trimmed_copy(bytes);
        free(bytes);
    } else {
        warn(options, prj_path, "missing; assuming WGS84 longitude/latitude");
    }
    enum text_encoding encoding = read_encoding(base, options);
    if (read_records(shp, dbf, dbf_path, options, encoding, set, err) != POSTURE_OK)
        goto fail;
    SHPClose(shp);
    DBFClose(dbf);
    free(base);
    free(shp_path);
    free(dbf_path);
    free(prj_path);
    return set;
fail:
    if (dbf != NULL)
        DBFClose(dbf);
    if (shp != NULL)
        SHPClose(shp);
    countries_destroy(set);
    free(base);
    free(shp_path);
    free(dbf_path);
    free(prj_path);
    return NULL;
}

void
countries_destroy(struct country_set *set)
{
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->count; i++)
        country_fini(&set->countries[i]);
    free(set->countries);
    free(set->prj_wkt);
    free(set->path);
    free(set);
}
