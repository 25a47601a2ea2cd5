#include "data/countries.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <shapefil.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/files.h"
#include "core/strbuf.h"
#include "core/utf8.h"

enum text_encoding { ENCODING_UTF8, ENCODING_LATIN1 };

/* shapelib reads through SAHooks, whose calls carry no context: the parts being loaded are
 * found through this thread's pointer, set for the duration of one load. */
static _Thread_local const struct countries_files *open_files;
/* shapelib's first complaint during a load (it reports through the Error hook, and must not
 * print: the library never does). */
static _Thread_local char shapelib_error[256];

struct memory_stream {
    const struct countries_part *part;
    size_t offset;
};

static const struct countries_part *
part_named(const char *filename)
{
    size_t length = strlen(filename);
    if (open_files == NULL || length < 4 || filename[length - 4] != '.')
        return NULL;
    const char *extension = filename + length - 3;
    const struct countries_part *parts[] = {&open_files->shp, &open_files->shx, &open_files->dbf};
    const char *names[] = {"shp", "shx", "dbf"};
    for (size_t i = 0; i < 3; i++) {
        if (strcasecmp(extension, names[i]) == 0)
            return parts[i]->bytes != NULL ? parts[i] : NULL;
    }
    return NULL; /* .cpg and .qix: posture reads the .cpg itself */
}

static SAFile
memory_open(const char *filename, const char *access)
{
    const struct countries_part *part = part_named(filename);
    if (part == NULL || strpbrk(access, "wa+") != NULL)
        return NULL;
    struct memory_stream *stream = xcalloc(1, sizeof *stream);
    stream->part = part;
    return (SAFile)(void *)stream;
}

/* fread's contract: whole items only, as many as there are bytes for. */
static SAOffset
memory_read(void *p, SAOffset size, SAOffset count, SAFile file)
{
    struct memory_stream *stream = (struct memory_stream *)(void *)file;
    size_t left = stream->offset < stream->part->size ? stream->part->size - stream->offset : 0;
    if (size == 0 || count == 0)
        return 0;
    size_t items = left / size < count ? left / size : count;
    if (items > 0 && stream->part->stream != NULL) {
        FILE *f = stream->part->stream;
        if (fseek(f, (long)stream->offset, SEEK_SET) != 0)
            return 0;
        items = fread(p, size, items, f);
    } else if (items > 0) {
        memcpy(p, stream->part->bytes + stream->offset, items * size);
    }
    stream->offset += items * size;
    return items;
}

static SAOffset
memory_write(void *p, SAOffset size, SAOffset count, SAFile file)
{
    (void)p, (void)size, (void)count, (void)file;
    return 0;
}

static SAOffset
memory_seek(SAFile file, SAOffset offset, int whence)
{
    struct memory_stream *stream = (struct memory_stream *)(void *)file;
    size_t base = whence == SEEK_END ? stream->part->size : whence == SEEK_CUR ? stream->offset : 0;
    if (offset > SIZE_MAX - base)
        return (SAOffset)-1;
    stream->offset = base + offset; /* past the end is allowed, as fseek allows it */
    return 0;
}

static SAOffset
memory_tell(SAFile file)
{
    return ((struct memory_stream *)(void *)file)->offset;
}

static int
memory_flush(SAFile file)
{
    (void)file;
    return 0;
}

static int
memory_close(SAFile file)
{
    free((void *)file);
    return 0;
}

static int
memory_remove(const char *filename)
{
    (void)filename;
    return -1;
}

static void
keep_shapelib_error(const char *message)
{
    if (shapelib_error[0] == '\0')
        (void)snprintf(shapelib_error, sizeof shapelib_error, "%s", message);
}

static double
parse_double(const char *text)
{
    return strtod(text, NULL);
}

static void
memory_hooks(SAHooks *hooks)
{
    memset(hooks, 0, sizeof *hooks);
    hooks->FOpen = memory_open;
    hooks->FRead = memory_read;
    hooks->FWrite = memory_write;
    hooks->FSeek = memory_seek;
    hooks->FTell = memory_tell;
    hooks->FFlush = memory_flush;
    hooks->FClose = memory_close;
    hooks->Remove = memory_remove;
    hooks->Error = keep_shapelib_error;
    hooks->Atof = parse_double;
}

struct field_indexes {
    int code, fallback, name, lang_name, label_x, label_y, where;
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
read_encoding(const struct countries_part *cpg, const struct countries_options *options)
{
    enum text_encoding encoding = ENCODING_UTF8;
    if (cpg->bytes == NULL)
        return encoding;
    char *bytes = xstrndup(cpg->bytes, cpg->size);
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
        warn(options, cpg->path, "unknown code page; reading names as UTF-8");
    }
    free(name);
    free(bytes);
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

enum record_state { RECORD_SHAPE, RECORD_NULL, RECORD_UNREADABLE };

/* Reads only the bounding box of record i from the .shp (shapelib has no call for it): the
 * record header is 8 bytes, the shape type 4, then xmin, ymin, xmax, ymax. This lets us skip
 * decoding the records that lie off the map. A record the .shx points past the end of the
 * .shp is unreadable, not empty: a cut file must not lose countries silently. */
static enum record_state
record_bounds(SHPHandle shp, int i, double bounds[4])
{
    unsigned offset = shp->panRecOffset[i];
    if (offset == 0)
        return RECORD_NULL;
    unsigned char bytes[36];
    if (shp->sHooks.FSeek(shp->fpSHP, (SAOffset)offset + 8, SEEK_SET) != 0 ||
        shp->sHooks.FRead(bytes, 4, 1, shp->fpSHP) != 1)
        return RECORD_UNREADABLE;
    int32_t type = (int32_t)((uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 |
                             (uint32_t)bytes[2] << 16 | (uint32_t)bytes[3] << 24);
    if (type == SHPT_NULL)
        return RECORD_NULL;
    if (shp->sHooks.FRead(bytes + 4, 32, 1, shp->fpSHP) != 1)
        return RECORD_UNREADABLE;
    for (int k = 0; k < 4; k++)
        bounds[k] = read_le_double(bytes + 4 + 8 * (size_t)k);
    return RECORD_SHAPE;
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
    const char *wanted[3] = {options->code_field, options->name_field, options->where_field};
    int *slots[3] = {&fields->code, &fields->name, &fields->where};
    for (int k = 0; k < 3; k++) {
        *slots[k] = -1;
        if (wanted[k] == NULL)
            continue;
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
    fields->fallback =
        options->fallback_field ? DBFGetFieldIndex(dbf, options->fallback_field) : -1;
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

/* A field's text; "" where shapelib has none (read_records checks the record is readable). */
static const char *
attribute(DBFHandle dbf, int i, int field)
{
    if (field < 0)
        return ""; /* a field the options do not ask for */
    const char *text = DBFReadStringAttribute(dbf, i, field);
    return text != NULL ? text : "";
}

/* The record's code: code_field, or fallback_field where that is -99 or empty; malloc'd. */
static char *
read_code(DBFHandle dbf, int i, const struct field_indexes *fields, enum text_encoding encoding)
{
    char *code = to_utf8(attribute(dbf, i, fields->code), encoding);
    if (is_missing_code(code) && fields->fallback >= 0) {
        free(code);
        code = to_utf8(attribute(dbf, i, fields->fallback), encoding);
    }
    return code;
}

/* The record's display name: the language's name field, else name_field; malloc'd. */
static char *
read_name(DBFHandle dbf, int i, const struct field_indexes *fields, enum text_encoding encoding)
{
    if (fields->lang_name >= 0) {
        char *name = to_utf8(attribute(dbf, i, fields->lang_name), encoding);
        if (name[0] != '\0')
            return name;
        free(name);
    }
    return to_utf8(attribute(dbf, i, fields->name), encoding);
}

static void
read_attributes(DBFHandle dbf, int i, const struct field_indexes *fields,
                enum text_encoding encoding, struct country *country)
{
    country->code = read_code(dbf, i, fields, encoding);
    country->name = read_name(dbf, i, fields, encoding);
    if (fields->label_x >= 0 && fields->label_y >= 0 &&
        !DBFIsAttributeNULL(dbf, i, fields->label_x)) {
        country->label_point.lon_deg = DBFReadDoubleAttribute(dbf, i, fields->label_x);
        country->label_point.lat_deg = DBFReadDoubleAttribute(dbf, i, fields->label_y);
        country->has_label_point =
            isfinite(country->label_point.lon_deg) && isfinite(country->label_point.lat_deg);
    }
}

/* Whether record i passes options->where_field = where_value. */
static bool
is_wanted(DBFHandle dbf, int i, const struct field_indexes *fields,
          const struct countries_options *options, enum text_encoding encoding)
{
    if (fields->where < 0)
        return true;
    char *value = to_utf8(attribute(dbf, i, fields->where), encoding);
    bool is_equal = strcasecmp(value, options->where_value ? options->where_value : "") == 0;
    free(value);
    return is_equal;
}

bool
countries_box_may_show(const double box[4], struct lonlat_box extent)
{
    for (int k = -1; k <= 1; k++) {
        double shifted[4] = {box[0] + 360 * k, box[1], box[2] + 360 * k, box[3]};
        if (meets_extent(shifted, extent))
            return true;
    }
    return false;
}

/* The box of points [start, end) of a shape: x0, y0, x1, y1. */
static void
part_box(const SHPObject *shape, int start, int end, double box[4])
{
    box[0] = box[1] = INFINITY;
    box[2] = box[3] = -INFINITY;
    for (int v = start; v < end; v++) {
        double x = shape->padfX[v], y = shape->padfY[v];
        box[0] = x < box[0] ? x : box[0];
        box[2] = x > box[2] ? x : box[2];
        box[1] = y < box[1] ? y : box[1];
        box[3] = y > box[3] ? y : box[3];
    }
}

/* The shape's rings of min_points or more, with their boxes; with an extent (a one-map load),
 * only those that can show on the map: France's overseas departments and Russia's Pacific
 * islands are not kept for a map of Europe. */
static bool
copy_geometry(SHPObject *shape, size_t min_points, const struct lonlat_box *extent,
              struct country *country)
{
    if (shape->nVertices <= 0 || shape->nParts <= 0)
        return false;
    size_t parts = (size_t)shape->nParts;
    /* each part's box, or NaN in its first corner when the part is not kept */
    double *boxes = xcalloc(4 * parts, sizeof *boxes);
    size_t n = 0;
    for (int part = 0; part < shape->nParts; part++) {
        int start = shape->panPartStart[part];
        int end = part + 1 < shape->nParts ? shape->panPartStart[part + 1] : shape->nVertices;
        double *box = boxes + 4 * (size_t)part;
        box[0] = NAN;
        if (start < 0 || end > shape->nVertices || end - start < (int)min_points)
            continue; /* a malformed or degenerate ring cannot enclose anything */
        part_box(shape, start, end, box);
        if (extent != NULL && !countries_box_may_show(box, *extent)) {
            box[0] = NAN;
            continue;
        }
        n += (size_t)(end - start);
    }
    if (n == 0) {
        free(boxes);
        return false;
    }
    /* Not zeroed: every point, ring start and box kept is written below, and no reader goes
     * past point_count or ring_count (clearing the points was a sixth of a load). */
    country->xy = xmalloc(2 * n * sizeof *country->xy);
    country->ring_starts = xmalloc(parts * sizeof *country->ring_starts);
    country->ring_boxes = xmalloc(4 * parts * sizeof *country->ring_boxes);
    size_t kept = 0;
    for (int part = 0; part < shape->nParts; part++) {
        if (isnan(boxes[4 * (size_t)part]))
            continue;
        int start = shape->panPartStart[part];
        int end = part + 1 < shape->nParts ? shape->panPartStart[part + 1] : shape->nVertices;
        memcpy(country->ring_boxes + 4 * country->ring_count, boxes + 4 * (size_t)part,
               4 * sizeof *boxes);
        country->ring_starts[country->ring_count++] = kept;
        for (int v = start; v < end; v++) {
            country->xy[2 * kept] = shape->padfX[v];
            country->xy[2 * kept + 1] = shape->padfY[v];
            kept++;
        }
    }
    free(boxes);
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
    free(country->ring_boxes);
}

static int
compare_codes(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static enum posture_status
read_records(SHPHandle shp, DBFHandle dbf, const char *dbf_path,
             const struct countries_options *options, enum text_encoding encoding,
             struct country_set *set, struct posture_error *err)
{
    struct field_indexes fields = {-1, -1, -1, -1, -1, -1, -1};
    if (find_fields(dbf, dbf_path, options, &fields, err) != POSTURE_OK)
        return err->status;
    int entity_count = 0;
    SHPGetInfo(shp, &entity_count, NULL, NULL, NULL);
    set->countries = xcalloc((size_t)entity_count, sizeof *set->countries);
    set->codes = xcalloc((size_t)entity_count, sizeof *set->codes);
    set->names = xcalloc((size_t)entity_count, sizeof *set->names);
    size_t vertex_count = 0;
    size_t max_vertices =
        options->max_vertices > 0 ? options->max_vertices : COUNTRIES_MAX_VERTICES;
    for (int i = 0; i < entity_count; i++) {
        double bounds[4] = {0, 0, 0, 0};
        enum record_state state = record_bounds(shp, i, bounds);
        if (state == RECORD_UNREADABLE)
            return error_set(err, POSTURE_ERR_INPUT,
                             "%s: record %d cannot be read: the .shx points past the end of the "
                             "file (is the .shp cut short?)",
                             set->path, i + 1);
        shapelib_error[0] = '\0';
        if (DBFReadStringAttribute(dbf, i, fields.code >= 0 ? fields.code : 0) == NULL)
            return error_set(err, POSTURE_ERR_INPUT, "%s: record %d cannot be read%s%s", dbf_path,
                             i + 1, shapelib_error[0] ? ": " : "", shapelib_error);
        if (!is_wanted(dbf, i, &fields, options, encoding))
            continue;
        set->names[set->code_count] = read_name(dbf, i, &fields, encoding);
        set->codes[set->code_count++] = read_code(dbf, i, &fields, encoding);
        if (state == RECORD_NULL)
            continue;
        if (options->has_extent && !meets_extent(bounds, options->extent))
            continue;
        shapelib_error[0] = '\0';
        SHPObject *shape = SHPReadObject(shp, i);
        if (shape == NULL)
            return error_set(err, POSTURE_ERR_INPUT, "%s: record %d cannot be read%s%s", set->path,
                             i + 1, shapelib_error[0] ? ": " : "", shapelib_error);
        vertex_count += (size_t)(shape->nVertices > 0 ? shape->nVertices : 0);
        if (vertex_count > max_vertices) {
            SHPDestroyObject(shape);
            return error_set(err, POSTURE_ERR_INPUT,
                             "%s: more than %zu vertices by record %d: too detailed to draw "
                             "(simplify it first)",
                             set->path, max_vertices, i + 1);
        }
        struct country *country = &set->countries[set->count];
        memset(country, 0, sizeof *country);
        bool has_geometry = copy_geometry(shape, set->is_lines ? 2 : 3,
                                          options->has_extent ? &options->extent : NULL, country);
        SHPDestroyObject(shape);
        if (!has_geometry) {
            country_fini(country);
            continue;
        }
        read_attributes(dbf, i, &fields, encoding, country);
        set->count++;
    }
    qsort(set->codes, set->code_count, sizeof *set->codes, compare_codes);
    return POSTURE_OK;
}

/* A .shp and a .shx start with a 100-byte header whose first word is 9994, big-endian. */
static bool
check_header(const struct countries_part *part, struct posture_error *err)
{
    static const unsigned char file_code[4] = {0x00, 0x00, 0x27, 0x0a};
    if (part->size < 100) {
        error_set(err, POSTURE_ERR_INPUT,
                  "%s: %zu bytes, too short for a shapefile's header (is it cut short?)",
                  part->path, part->size);
        return false;
    }
    if (memcmp(part->bytes, file_code, 4) != 0) {
        error_set(err, POSTURE_ERR_INPUT,
                  "%s: not a shapefile (it does not start with the file code 9994)", part->path);
        return false;
    }
    return true;
}

/* The length a .shp or .shx header declares, in bytes (it counts 16-bit words). */
static size_t
declared_length(const struct countries_part *part)
{
    const unsigned char *bytes = (const unsigned char *)part->bytes;
    uint32_t words = (uint32_t)bytes[24] << 24 | (uint32_t)bytes[25] << 16 |
                     (uint32_t)bytes[26] << 8 | (uint32_t)bytes[27];
    return 2 * (size_t)words;
}

/* shapelib sizes its record tables from the .shx header alone: a header claiming 250 million
 * records in a 100-byte file made it allocate 4 GB before finding out. */
static bool
check_index_length(const struct countries_part *shx, struct posture_error *err)
{
    if (!check_header(shx, err))
        return false;
    size_t declared = declared_length(shx);
    if (declared > shx->size) {
        error_set(err, POSTURE_ERR_INPUT,
                  "%s: its header says %zu bytes, the file has %zu (is it cut short?)", shx->path,
                  declared, shx->size);
        return false;
    }
    return true;
}

/* Opens the .shp/.shx and .dbf in files through memory_hooks(); false (err set) if either
 * cannot be opened. shapelib's complaint, if any, ends the message. */
static bool
open_shapefile(const struct countries_files *files, SHPHandle *shp, DBFHandle *dbf,
               struct posture_error *err)
{
    *shp = NULL;
    *dbf = NULL;
    if (!check_header(&files->shp, err))
        return false;
    if (files->shx.bytes == NULL) {
        error_set(err, POSTURE_ERR_INPUT, "%s: missing (a shapefile needs its .shx)",
                  files->shx.path);
        return false;
    }
    if (!check_index_length(&files->shx, err))
        return false;
    SAHooks hooks;
    memory_hooks(&hooks);
    *shp = SHPOpenLL("memory.shp", "rb", &hooks);
    if (*shp == NULL) {
        error_set(err, POSTURE_ERR_INPUT, "%s: not a valid shapefile%s%s", files->shp.path,
                  shapelib_error[0] ? ": " : "", shapelib_error);
        return false;
    }
    *dbf = DBFOpenLL("memory.dbf", "rb", &hooks);
    if (*dbf == NULL) {
        error_set(err, POSTURE_ERR_INPUT, "%s: not a valid dBASE file%s%s", files->dbf.path,
                  shapelib_error[0] ? ": " : "", shapelib_error);
        return false;
    }
    return true;
}

static enum posture_status
check_shapefile(SHPHandle shp, DBFHandle dbf, const struct countries_files *files,
                const struct countries_options *options, struct country_set *set,
                struct posture_error *err)
{
    int entity_count = 0, shape_type = 0;
    SHPGetInfo(shp, &entity_count, &shape_type, NULL, NULL);
    set->is_lines = shape_type == SHPT_ARC || shape_type == SHPT_ARCZ || shape_type == SHPT_ARCM;
    bool is_polygons =
        shape_type == SHPT_POLYGON || shape_type == SHPT_POLYGONZ || shape_type == SHPT_POLYGONM;
    if (!is_polygons && !(set->is_lines && options->accepts_lines))
        return error_set(err, POSTURE_ERR_INPUT, "%s: holds %s shapes, not %s", files->shp.path,
                         SHPTypeName(shape_type),
                         options->accepts_lines ? "polygons or lines" : "polygons");
    if (DBFGetRecordCount(dbf) != entity_count)
        return error_set(err, POSTURE_ERR_INPUT, "%s: %d records for %d shapes in the .shp",
                         files->dbf.path, DBFGetRecordCount(dbf), entity_count);
    return POSTURE_OK;
}

struct country_set *
countries_load_memory(const struct countries_files *files, const struct countries_options *options,
                      struct posture_error *err)
{
    struct country_set *set = xcalloc(1, sizeof *set);
    set->path = xstrdup(files->shp.path);
    SHPHandle shp = NULL;
    DBFHandle dbf = NULL;
    open_files = files;
    shapelib_error[0] = '\0';
    if (files->dbf.bytes == NULL) {
        error_set(err, POSTURE_ERR_INPUT, "%s: missing (a shapefile needs its .dbf)",
                  files->dbf.path);
        goto fail;
    }
    if (!open_shapefile(files, &shp, &dbf, err) ||
        check_shapefile(shp, dbf, files, options, set, err) != POSTURE_OK)
        goto fail;
    if (files->prj.bytes != NULL) {
        char *text = xstrndup(files->prj.bytes, files->prj.size);
        set->prj_wkt = trimmed_copy(text);
        free(text);
    } else {
        warn(options, files->prj.path, "missing; assuming WGS84 longitude/latitude");
    }
    enum text_encoding encoding = read_encoding(&files->cpg, options);
    if (read_records(shp, dbf, files->dbf.path, options, encoding, set, err) != POSTURE_OK)
        goto fail;
    SHPClose(shp);
    DBFClose(dbf);
    open_files = NULL;
    return set;
fail:
    if (dbf != NULL)
        DBFClose(dbf);
    if (shp != NULL)
        SHPClose(shp);
    open_files = NULL;
    countries_destroy(set);
    return NULL;
}

/* Opens part->path to be read as shapelib asks, with its header read now. */
static enum posture_status
open_part(struct countries_part *part, struct posture_error *err)
{
    FILE *f = fopen(part->path, "rb");
    struct stat st;
    if (f == NULL || fstat(fileno(f), &st) != 0) {
        if (f != NULL)
            (void)fclose(f);
        return error_set(err, POSTURE_ERR_MISSING, "%s: cannot read: %s", part->path,
                         strerror(errno));
    }
    if ((uintmax_t)st.st_size > FILES_MAX_BYTES) {
        (void)fclose(f);
        return error_set(err, POSTURE_ERR_INPUT, "%s: larger than %d MiB", part->path,
                         FILES_MAX_BYTES / (1024 * 1024));
    }
    size_t size = (size_t)st.st_size;
    size_t head = size < 100 ? size : 100;
    char *bytes = xmalloc(head + 1);
    if (fread(bytes, 1, head, f) != head) {
        free(bytes);
        (void)fclose(f);
        return error_set(err, POSTURE_ERR_MISSING, "%s: read error", part->path);
    }
    part->bytes = bytes;
    part->size = size;
    part->stream = f;
    return POSTURE_OK;
}

/* Reads one part into *part if the file exists; a missing part is left NULL. */
static enum posture_status
read_part(const char *base, const char *extension, struct countries_part *part,
          struct posture_error *err)
{
    char *path = existing_sibling(base, extension);
    part->path = path;
    if (!files_exist(path))
        return POSTURE_OK;
    char *bytes = NULL;
    size_t size = 0;
    if (strcmp(extension, "shp") == 0)
        return open_part(part, err);
    if (files_read(path, &bytes, &size, err) != POSTURE_OK)
        return err->status;
    part->bytes = bytes;
    part->size = size;
    return POSTURE_OK;
}

static void
free_parts(struct countries_files *files)
{
    struct countries_part *parts[] = {&files->shp, &files->shx, &files->dbf, &files->prj,
                                      &files->cpg};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        free((char *)parts[i]->path);
        free((char *)parts[i]->bytes);
        if (parts[i]->stream != NULL)
            (void)fclose(parts[i]->stream); /* read only: nothing to lose at close */
    }
}

struct country_set *
countries_load(const char *path, const struct countries_options *options, struct posture_error *err)
{
    char *base = path_without_extension(path);
    struct countries_files files;
    memset(&files, 0, sizeof files);
    struct country_set *set = NULL;
    if (read_part(base, "shp", &files.shp, err) != POSTURE_OK)
        goto done;
    if (files.shp.bytes == NULL) {
        error_set(err, POSTURE_ERR_MISSING, "%s: cannot read: no such file", files.shp.path);
        goto done;
    }
    if (read_part(base, "shx", &files.shx, err) == POSTURE_OK &&
        read_part(base, "dbf", &files.dbf, err) == POSTURE_OK &&
        read_part(base, "prj", &files.prj, err) == POSTURE_OK &&
        read_part(base, "cpg", &files.cpg, err) == POSTURE_OK)
        set = countries_load_memory(&files, options, err);
done:
    free_parts(&files);
    free(base);
    return set;
}

bool
countries_has_code(const struct country_set *set, const char *code)
{
    return set->code_count > 0 &&
           bsearch(&code, set->codes, set->code_count, sizeof *set->codes, compare_codes) != NULL;
}

bool
countries_has_name(const struct country_set *set, const char *name)
{
    char *folded = utf8_fold(name);
    bool is_found = false;
    for (size_t i = 0; i < set->code_count && !is_found; i++) {
        char *candidate = utf8_fold(set->names[i]);
        is_found = candidate[0] != '\0' && strcmp(candidate, folded) == 0;
        free(candidate);
    }
    free(folded);
    return is_found;
}

void
countries_destroy(struct country_set *set)
{
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->code_count; i++) {
        free(set->codes[i]);
        free(set->names[i]);
    }
    free(set->codes);
    free(set->names);
    for (size_t i = 0; i < set->count; i++)
        country_fini(&set->countries[i]);
    free(set->countries);
    free(set->prj_wkt);
    free(set->path);
    free(set);
}
