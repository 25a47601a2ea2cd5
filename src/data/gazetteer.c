#include "data/gazetteer.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/error.h"
#include "core/files.h"
#include "core/utf8.h"
#include "data/csv_reader.h"

/* Names are hashed by their folded form; each distinct folded name (a key) chains the records
 * it names, so "Brest" finds the one in Belarus and the one in France. */
struct record {
    struct gazetteer_entry entry;
    const char *folded;  /* the name, folded */
    const char *aliases; /* as written, '|' between them; "" if none (most places) */
    uint32_t hash;       /* of folded */
    uint16_t file_index;
    bool is_base;
};

struct key {
    const char *folded;
    uint32_t hash;
    uint32_t first_link;
};

struct link {
    uint32_t record;
    uint32_t next; /* index of the next link of the same key, or NO_LINK */
};

/* The hash is kept beside the key index so a probe rarely touches the key itself. */
struct slot {
    uint32_t hash;
    uint32_t key; /* key index + 1; 0 is empty */
};

enum { NO_LINK = UINT32_MAX, POOL_CHUNK_BYTES = 64 * 1024 };

struct gazetteer {
    struct arena arena;
    char *pool; /* strings, unaligned, carved from arena chunks */
    size_t pool_left;
    struct record *records;
    size_t record_count, record_capacity;
    struct key *keys;
    size_t key_count, key_capacity;
    struct link *links;
    size_t link_count, link_capacity;
    struct slot *slots;
    size_t slot_count;
    uint32_t file_count;
    char country_codes[26][26][3]; /* every "PL" is the same string */
};

enum gazetteer_column {
    GAZ_NAME,
    GAZ_LON,
    GAZ_LAT,
    GAZ_ALIASES,
    GAZ_COUNTRY,
    GAZ_ADMIN1,
    GAZ_KIND,
    GAZ_COLUMN_COUNT
};

/* Header spellings of each column; the first is the one messages use. */
static const char *const gazetteer_column_names[GAZ_COLUMN_COUNT][3] = {
    {"name"},
    {"lon", "lng", "longitude"},
    {"lat", "latitude"},
    {"aliases", "alias"},
    {"country", "country_code", "cc"},
    {"admin1"},
    {"kind"},
};

enum { COLUMN_ABSENT = SIZE_MAX };

/* English names of the countries a posture map is likely to show, folded as utf8_fold folds;
 * matched against the qualifier in "Brest, Belarus". */
static const struct {
    char code[3];
    const char *names;
} country_names[] = {
    {"AD", "andorra"},
    {"AE", "united arab emirates|uae|emirates"},
    {"AF", "afghanistan"},
    {"AL", "albania"},
    {"AM", "armenia"},
    {"AT", "austria"},
    {"AZ", "azerbaijan"},
    {"BA", "bosnia and herzegovina|bosnia|bosnia herzegovina"},
    {"BE", "belgium"},
    {"BG", "bulgaria"},
    {"BH", "bahrain"},
    {"BY", "belarus|byelorussia|belorussia"},
    {"CA", "canada"},
    {"CH", "switzerland"},
    {"CN", "china"},
    {"CY", "cyprus"},
    {"CZ", "czechia|czech republic"},
    {"DE", "germany|deutschland"},
    {"DJ", "djibouti"},
    {"DK", "denmark"},
    {"DZ", "algeria"},
    {"EE", "estonia"},
    {"EG", "egypt"},
    {"ES", "spain"},
    {"FI", "finland"},
    {"FR", "france"},
    {"GB", "united kingdom|uk|great britain|britain|england|scotland|wales|northern ireland"},
    {"GE", "georgia"},
    {"GL", "greenland"},
    {"GR", "greece"},
    {"HR", "croatia"},
    {"HU", "hungary"},
    {"IE", "ireland"},
    {"IL", "israel"},
    {"IQ", "iraq"},
    {"IR", "iran"},
    {"IS", "iceland"},
    {"IT", "italy"},
    {"JO", "jordan"},
    {"JP", "japan"},
    {"KG", "kyrgyzstan|kirghizia"},
    {"KP", "north korea"},
    {"KR", "south korea|korea"},
    {"KW", "kuwait"},
    {"KZ", "kazakhstan"},
    {"LB", "lebanon"},
    {"LI", "liechtenstein"},
    {"LT", "lithuania"},
    {"LU", "luxembourg"},
    {"LV", "latvia"},
    {"LY", "libya"},
    {"MC", "monaco"},
    {"MD", "moldova|republic of moldova"},
    {"ME", "montenegro"},
    {"MK", "north macedonia|macedonia"},
    {"MT", "malta"},
    {"MX", "mexico"},
    {"NL", "netherlands|the netherlands|holland"},
    {"NO", "norway"},
    {"OM", "oman"},
    {"PL", "poland"},
    {"PS", "palestine"},
    {"PT", "portugal"},
    {"QA", "qatar"},
    {"RO", "romania"},
    {"RS", "serbia"},
    {"RU", "russia|russian federation"},
    {"SA", "saudi arabia"},
    {"SE", "sweden"},
    {"SI", "slovenia"},
    {"SK", "slovakia"},
    {"SM", "san marino"},
    {"SY", "syria"},
    {"TJ", "tajikistan"},
    {"TM", "turkmenistan"},
    {"TR", "turkey|turkiye"},
    {"UA", "ukraine|the ukraine"},
    {"US", "united states|united states of america|usa|us|america"},
    {"UZ", "uzbekistan"},
    {"VA", "vatican|vatican city|holy see"},
    {"XK", "kosovo"},
    {"YE", "yemen"},
};

/* US states: postal code, then name and AP abbreviations, folded ("N.C." folds to "nc"). The
 * data's admin1 may hold either the code (GeoNames) or the name. */
static const struct {
    char code[3];
    const char *names;
} us_states[] = {
    {"AL", "alabama|ala"},
    {"AK", "alaska"},
    {"AZ", "arizona|ariz"},
    {"AR", "arkansas|ark"},
    {"CA", "california|calif"},
    {"CO", "colorado|colo"},
    {"CT", "connecticut|conn"},
    {"DE", "delaware|del"},
    {"DC", "district of columbia"},
    {"FL", "florida|fla"},
    {"GA", "georgia"},
    {"HI", "hawaii"},
    {"ID", "idaho"},
    {"IL", "illinois|ill"},
    {"IN", "indiana|ind"},
    {"IA", "iowa"},
    {"KS", "kansas|kan|kans"},
    {"KY", "kentucky"},
    {"LA", "louisiana"},
    {"ME", "maine"},
    {"MD", "maryland"},
    {"MA", "massachusetts|mass"},
    {"MI", "michigan|mich"},
    {"MN", "minnesota|minn"},
    {"MS", "mississippi|miss"},
    {"MO", "missouri"},
    {"MT", "montana|mont"},
    {"NE", "nebraska|neb|nebr"},
    {"NV", "nevada|nev"},
    {"NH", "new hampshire"},
    {"NJ", "new jersey"},
    {"NM", "new mexico"},
    {"NY", "new york"},
    {"NC", "north carolina"},
    {"ND", "north dakota"},
    {"OH", "ohio"},
    {"OK", "oklahoma|okla"},
    {"OR", "oregon|ore|oreg"},
    {"PA", "pennsylvania|penn"},
    {"RI", "rhode island"},
    {"SC", "south carolina"},
    {"SD", "south dakota"},
    {"TN", "tennessee|tenn"},
    {"TX", "texas|tex"},
    {"UT", "utah"},
    {"VT", "vermont"},
    {"VA", "virginia"},
    {"WA", "washington|wash"},
    {"WV", "west virginia|w va|wva"},
    {"WI", "wisconsin|wis|wisc"},
    {"WY", "wyoming|wyo"},
};

static uint32_t
hash_text(const char *text)
{
    uint32_t hash = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        hash = (hash ^ *p) * 16777619u;
    return hash;
}

static char *
pool_alloc(struct gazetteer *gazetteer, size_t size)
{
    if (size > gazetteer->pool_left) {
        if (size > POOL_CHUNK_BYTES / 4)
            return arena_alloc(&gazetteer->arena, size);
        gazetteer->pool = arena_alloc(&gazetteer->arena, POOL_CHUNK_BYTES);
        gazetteer->pool_left = POOL_CHUNK_BYTES;
    }
    char *bytes = gazetteer->pool;
    gazetteer->pool += size;
    gazetteer->pool_left -= size;
    return bytes;
}

/* text[0..length) and a NUL. */
static char *
pool_copy(struct gazetteer *gazetteer, const char *text, size_t length)
{
    char *copy = pool_alloc(gazetteer, length + 1);
    memcpy(copy, text, length);
    copy[length] = '\0';
    return copy;
}

static const char *
pool_strdup(struct gazetteer *gazetteer, const char *text)
{
    return *text == '\0' ? "" : pool_copy(gazetteer, text, strlen(text));
}

struct gazetteer *
gazetteer_create(void)
{
    struct gazetteer *gazetteer = xcalloc(1, sizeof *gazetteer);
    arena_init(&gazetteer->arena);
    return gazetteer;
}

void
gazetteer_destroy(struct gazetteer *gazetteer)
{
    if (gazetteer == NULL)
        return;
    arena_fini(&gazetteer->arena);
    free(gazetteer->records);
    free(gazetteer->keys);
    free(gazetteer->links);
    free(gazetteer->slots);
    free(gazetteer);
}

size_t
gazetteer_size(const struct gazetteer *gazetteer)
{
    return gazetteer->record_count;
}

/* The slot holding folded, or the empty slot where it would go. */
static size_t
find_slot(const struct gazetteer *gazetteer, const char *folded, uint32_t hash)
{
    size_t mask = gazetteer->slot_count - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const struct slot *slot = &gazetteer->slots[i];
        if (slot->key == 0)
            return i;
        if (slot->hash == hash && strcmp(gazetteer->keys[slot->key - 1].folded, folded) == 0)
            return i;
    }
}

/* Makes room for key_count keys at most half full; rehashes what is there. */
static void
reserve_slots(struct gazetteer *gazetteer, size_t key_count)
{
    size_t count = gazetteer->slot_count ? gazetteer->slot_count : 1024;
    while (count < 2 * key_count)
        count *= 2;
    if (count == gazetteer->slot_count)
        return;
    free(gazetteer->slots);
    gazetteer->slots = xcalloc(count, sizeof *gazetteer->slots);
    gazetteer->slot_count = count;
    for (size_t k = 0; k < gazetteer->key_count; k++) {
        const struct key *key = &gazetteer->keys[k];
        gazetteer->slots[find_slot(gazetteer, key->folded, key->hash)] =
            (struct slot){key->hash, (uint32_t)(k + 1)};
    }
}

static const struct key *
find_key(const struct gazetteer *gazetteer, const char *folded)
{
    if (gazetteer->key_count == 0)
        return NULL;
    uint32_t key = gazetteer->slots[find_slot(gazetteer, folded, hash_text(folded))].key;
    return key == 0 ? NULL : &gazetteer->keys[key - 1];
}

static void
add_link(struct gazetteer *gazetteer, uint32_t *first, uint32_t record)
{
    uint32_t *next = first;
    while (*next != NO_LINK) {
        if (gazetteer->links[*next].record == record)
            return; /* an alias that folds like the name */
        next = &gazetteer->links[*next].next;
    }
    xgrow(&gazetteer->links, &gazetteer->link_capacity, gazetteer->link_count + 1,
          sizeof *gazetteer->links);
    gazetteer->links[gazetteer->link_count] = (struct link){record, NO_LINK};
    *next = (uint32_t)gazetteer->link_count++;
}

/* folded must live as long as the gazetteer (pool or arena). */
static void
index_name(struct gazetteer *gazetteer, const char *folded, uint32_t hash, uint32_t record)
{
    if (*folded == '\0')
        return;
    if ((gazetteer->key_count + 1) * 2 > gazetteer->slot_count)
        reserve_slots(gazetteer, gazetteer->key_count + 1);
    struct slot *slot = &gazetteer->slots[find_slot(gazetteer, folded, hash)];
    if (slot->key == 0) {
        xgrow(&gazetteer->keys, &gazetteer->key_capacity, gazetteer->key_count + 1,
              sizeof *gazetteer->keys);
        gazetteer->keys[gazetteer->key_count] = (struct key){folded, hash, NO_LINK};
        *slot = (struct slot){hash, (uint32_t)++gazetteer->key_count};
    }
    add_link(gazetteer, &gazetteer->keys[slot->key - 1].first_link, record);
}

static const char *
fold_into_pool(struct gazetteer *gazetteer, const char *text)
{
    char *folded = utf8_fold(text);
    const char *copy = pool_strdup(gazetteer, folded);
    free(folded);
    return copy;
}

/* "Kiev | Kijów" -> "kiev|kijow": each alias folded, empty ones dropped; malloc'd. */
static char *
fold_aliases(const char *text)
{
    char *folded = utf8_fold(text); /* '|' is kept by the fold */
    char *out = folded;
    for (const char *p = folded; *p; p++) {
        if (*p == '|') {
            while (out > folded && out[-1] == ' ')
                out--;
            if (out > folded && out[-1] != '|')
                *out++ = '|';
            while (p[1] == ' ')
                p++;
        } else {
            *out++ = *p;
        }
    }
    while (out > folded && (out[-1] == '|' || out[-1] == ' '))
        out--;
    *out = '\0';
    return folded;
}

/* An alias key is stored as "folded\0as written\0": a key no record is named by was made by
 * an alias, and suggestions show it as written (spelling_of_key). */
static void
index_alias(struct gazetteer *gazetteer, const char *alias, size_t length, uint32_t record)
{
    while (length > 0 && isspace((unsigned char)*alias))
        alias++, length--;
    while (length > 0 && isspace((unsigned char)alias[length - 1]))
        length--;
    char *raw = xstrndup(alias, length);
    char *folded = utf8_fold(raw);
    size_t folded_length = strlen(folded);
    char *stored = pool_alloc(gazetteer, folded_length + 1 + length + 1);
    memcpy(stored, folded, folded_length + 1);
    memcpy(stored + folded_length + 1, raw, length + 1);
    index_name(gazetteer, stored, hash_text(stored), record);
    free(folded);
    free(raw);
}

static void
index_record(struct gazetteer *gazetteer, uint32_t index)
{
    const struct record *record = &gazetteer->records[index];
    index_name(gazetteer, record->folded, record->hash, index);
    for (const char *alias = record->aliases; *alias;) {
        const char *end = strchr(alias, '|');
        size_t length = end != NULL ? (size_t)(end - alias) : strlen(alias);
        index_alias(gazetteer, alias, length, index);
        alias += length + (end != NULL);
    }
}

/* Indexes records [first, end): a slot is a cache miss, so the one of a later record is
 * fetched while this one is inserted. */
static void
index_records(struct gazetteer *gazetteer, size_t first, size_t end)
{
    enum { AHEAD = 8 };
    size_t mask = gazetteer->slot_count - 1;
    for (size_t i = first; i < end; i++) {
        if (i + AHEAD < end)
            __builtin_prefetch(&gazetteer->slots[gazetteer->records[i + AHEAD].hash & mask]);
        index_record(gazetteer, (uint32_t)i);
    }
}

/* "base", "air base", "Naval Base", "airbase". */
static bool
is_base_kind(const char *kind)
{
    size_t length = strlen(kind);
    return length >= 4 && strcasecmp(kind + length - 4, "base") == 0;
}

/* Reading one file. */
struct loader {
    struct gazetteer *gazetteer;
    const char *path;
    size_t columns[GAZ_COLUMN_COUNT];
    size_t field_count;
    struct csv_row row; /* the row being read; its fields are the reader's */
    const char *last_kind;
    bool last_is_base;
    struct posture_error *err;
};

static bool load_fail(struct loader *loader, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static bool
load_fail(struct loader *loader, const char *format, ...)
{
    char what[sizeof loader->err->message];
    va_list args;
    va_start(args, format);
    (void)vsnprintf(what, sizeof what, format, args);
    va_end(args);
    error_set(loader->err, POSTURE_ERR_INPUT, "%s:%zu: %s", loader->path, loader->row.line, what);
    return false;
}

static bool
map_columns(struct loader *loader)
{
    const struct csv_row *header = &loader->row;
    loader->field_count = header->field_count;
    for (size_t c = 0; c < GAZ_COLUMN_COUNT; c++)
        loader->columns[c] = COLUMN_ABSENT;
    for (size_t i = 0; i < header->field_count; i++) {
        for (size_t c = 0; c < GAZ_COLUMN_COUNT; c++) {
            for (size_t s = 0; s < 3 && gazetteer_column_names[c][s] != NULL; s++) {
                if (strcasecmp(header->fields[i], gazetteer_column_names[c][s]) != 0)
                    continue;
                if (loader->columns[c] != COLUMN_ABSENT)
                    return load_fail(loader, "column \"%s\" appears twice",
                                     gazetteer_column_names[c][0]);
                loader->columns[c] = i;
            }
        }
    }
    for (size_t c = GAZ_NAME; c <= GAZ_LAT; c++) {
        if (loader->columns[c] == COLUMN_ABSENT)
            return load_fail(loader, "missing column \"%s\"", gazetteer_column_names[c][0]);
    }
    return true;
}

static const char *
column(const struct loader *loader, enum gazetteer_column c)
{
    size_t index = loader->columns[c];
    return index == COLUMN_ABSENT ? "" : loader->row.fields[index];
}

/* Like strtod on a plain decimal ("-79.01"), exact for up to 15 digits; NaN if malformed. */
static double
parse_degrees(const char *text)
{
    static const double powers[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const char *p = text;
    bool is_negative = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    uint64_t mantissa = 0;
    size_t digits = 0, decimals = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits++)
        mantissa = mantissa * 10 + (uint64_t)(*p - '0');
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++, digits++, decimals++)
            mantissa = mantissa * 10 + (uint64_t)(*p - '0');
    }
    if (digits == 0 || *p != '\0')
        return NAN;
    if (digits > 15) {
        char *end;
        double value = strtod(text, &end);
        return *end == '\0' ? value : NAN;
    }
    /* Both operands are exact doubles and one division rounds once, as strtod does. */
    double value = (double)mantissa / powers[decimals];
    return is_negative ? -value : value;
}

static bool
read_degrees(struct loader *loader, enum gazetteer_column c, double limit, double *out)
{
    const char *text = column(loader, c);
    *out = parse_degrees(text);
    if (!isfinite(*out))
        return load_fail(loader, "%s \"%s\" is not a number", gazetteer_column_names[c][0], text);
    if (*out < -limit || *out > limit)
        return load_fail(loader, "%s %s is outside [-%g, %g]", gazetteer_column_names[c][0], text,
                         limit, limit);
    return true;
}

static int
letter_index(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a';
    return -1;
}

static bool
read_country(struct loader *loader, const char **code)
{
    const char *text = column(loader, GAZ_COUNTRY);
    *code = "";
    if (*text == '\0')
        return true;
    int first = letter_index(text[0]), second = first >= 0 ? letter_index(text[1]) : -1;
    if (second < 0 || text[2] != '\0')
        return load_fail(loader, "country \"%s\" is not an ISO 3166-1 alpha-2 code", text);
    char *interned = loader->gazetteer->country_codes[first][second];
    if (interned[0] == '\0') {
        interned[0] = (char)('A' + first);
        interned[1] = (char)('A' + second);
    }
    *code = interned;
    return true;
}

/* Kinds repeat ("city" 60,000 times): copied and classified once per run of equal ones. */
static const char *
intern_kind(struct loader *loader, const char *kind, bool *is_base)
{
    if (loader->last_kind == NULL || strcmp(loader->last_kind, kind) != 0) {
        loader->last_kind = pool_strdup(loader->gazetteer, kind);
        loader->last_is_base = is_base_kind(kind);
    }
    *is_base = loader->last_is_base;
    return loader->last_kind;
}

static bool
read_record(struct loader *loader, struct record *record)
{
    struct gazetteer *gazetteer = loader->gazetteer;
    if (loader->row.field_count != loader->field_count)
        return load_fail(loader, "expected %zu fields, found %zu", loader->field_count,
                         loader->row.field_count);
    const char *name = column(loader, GAZ_NAME);
    if (*name == '\0')
        return load_fail(loader, "name is empty");
    if (!read_degrees(loader, GAZ_LON, 180.0, &record->entry.at.lon_deg) ||
        !read_degrees(loader, GAZ_LAT, 90.0, &record->entry.at.lat_deg) ||
        !read_country(loader, &record->entry.country))
        return false;
    record->entry.kind = intern_kind(loader, column(loader, GAZ_KIND), &record->is_base);
    record->entry.name = pool_strdup(gazetteer, name);
    record->entry.admin1 = pool_strdup(gazetteer, column(loader, GAZ_ADMIN1));
    record->folded = fold_into_pool(gazetteer, name);
    record->hash = hash_text(record->folded);
    record->aliases = pool_strdup(gazetteer, column(loader, GAZ_ALIASES));
    record->file_index = (uint16_t)gazetteer->file_count;
    return true;
}

static bool
read_records(struct loader *loader, struct csv_reader *reader)
{
    struct gazetteer *gazetteer = loader->gazetteer;
    if (!csv_reader_next(reader, &loader->row, loader->err)) {
        if (loader->err->status == POSTURE_OK)
            error_set(loader->err, POSTURE_ERR_INPUT, "%s: empty file", loader->path);
        return false;
    }
    if (!map_columns(loader))
        return false;
    while (csv_reader_next(reader, &loader->row, loader->err)) {
        if (gazetteer->record_count + 1 > gazetteer->record_capacity)
            xgrow(&gazetteer->records, &gazetteer->record_capacity, gazetteer->record_count + 1,
                  sizeof *gazetteer->records);
        if (!read_record(loader, &gazetteer->records[gazetteer->record_count]))
            return false;
        gazetteer->record_count++;
    }
    return loader->err->status == POSTURE_OK;
}

enum posture_status
gazetteer_parse(struct gazetteer *gazetteer, const char *path, const char *bytes, size_t size,
                struct posture_error *err)
{
    struct posture_error local;
    error_clear(&local);
    struct csv_reader *reader = csv_reader_create(path, bytes, size, &local);
    if (reader == NULL)
        return error_set(err, local.status, "%s", local.message);
    if (gazetteer->file_count == UINT16_MAX)
        return error_set(err, POSTURE_ERR_INPUT, "%s: too many gazetteer files", path);
    size_t first = gazetteer->record_count;
    struct loader loader = {.gazetteer = gazetteer, .path = path, .err = &local};
    bool ok = read_records(&loader, reader);
    csv_reader_destroy(reader);
    if (!ok) {
        gazetteer->record_count = first; /* nothing of a bad file is kept */
        return error_set(err, local.status, "%s", local.message);
    }
    if (gazetteer->record_count > UINT32_MAX / 2) {
        gazetteer->record_count = first;
        return error_set(err, POSTURE_ERR_INPUT, "%s: too many places", path);
    }
    size_t name_count = gazetteer->key_count;
    for (size_t i = first; i < gazetteer->record_count; i++) {
        name_count++;
        for (const char *p = gazetteer->records[i].aliases; *p; p++)
            name_count += *p == '|' || p == gazetteer->records[i].aliases;
    }
    reserve_slots(gazetteer, name_count); /* one rehash at most, not one per doubling */
    xgrow(&gazetteer->keys, &gazetteer->key_capacity, name_count, sizeof *gazetteer->keys);
    xgrow(&gazetteer->links, &gazetteer->link_capacity,
          gazetteer->link_count + name_count - gazetteer->key_count, sizeof *gazetteer->links);
    index_records(gazetteer, first, gazetteer->record_count);
    gazetteer->file_count++;
    return POSTURE_OK;
}

enum posture_status
gazetteer_load(struct gazetteer *gazetteer, const char *path, struct posture_error *err)
{
    char *bytes;
    size_t size;
    enum posture_status status = files_read(path, &bytes, &size, err);
    if (status != POSTURE_OK)
        return status;
    status = gazetteer_parse(gazetteer, path, bytes, size, err);
    free(bytes);
    return status;
}

/* True if word is one of the '|'-separated names. */
static bool
is_listed(const char *names, const char *word)
{
    size_t length = strlen(word);
    for (const char *p = names; *p;) {
        const char *end = strchr(p, '|');
        size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
        if (n == length && memcmp(p, word, n) == 0)
            return true;
        p += n + (end != NULL);
    }
    return false;
}

static bool
equals_code(const char *code, const char *folded)
{
    return tolower((unsigned char)code[0]) == folded[0] &&
           tolower((unsigned char)code[1]) == folded[1] && folded[2] == '\0';
}

static const char *
country_names_of(const char *code)
{
    for (size_t i = 0; i < sizeof country_names / sizeof country_names[0]; i++) {
        if (strcmp(country_names[i].code, code) == 0)
            return country_names[i].names;
    }
    return "";
}

/* The US state a qualifier names ("nc", "north carolina", "calif"), or -1. */
static int
find_us_state(const char *folded)
{
    for (size_t i = 0; i < sizeof us_states / sizeof us_states[0]; i++) {
        if (equals_code(us_states[i].code, folded) || is_listed(us_states[i].names, folded))
            return (int)i;
    }
    return -1;
}

static bool
is_known_region(const char *folded)
{
    for (size_t i = 0; i < sizeof country_names / sizeof country_names[0]; i++) {
        if (equals_code(country_names[i].code, folded) || is_listed(country_names[i].names, folded))
            return true;
    }
    return find_us_state(folded) >= 0;
}

static bool
matches_admin1(const struct record *record, const char *folded)
{
    if (*record->entry.admin1 == '\0')
        return false;
    char *admin1 = utf8_fold(record->entry.admin1);
    bool matches = strcmp(admin1, folded) == 0;
    const char *country = record->entry.country;
    if (!matches && (strcmp(country, "US") == 0 || *country == '\0')) {
        int state = find_us_state(folded);
        matches = state >= 0 && (equals_code(us_states[state].code, admin1) ||
                                 is_listed(us_states[state].names, admin1));
    }
    free(admin1);
    return matches;
}

/* One qualifier: a country code or name, an admin1 (or US state) or an alias of the record. */
static bool
matches_qualifier(const struct record *record, const char *folded)
{
    const char *country = record->entry.country;
    if (*country != '\0' &&
        (equals_code(country, folded) || is_listed(country_names_of(country), folded)))
        return true;
    if (matches_admin1(record, folded))
        return true;
    if (*record->aliases == '\0')
        return false;
    char *aliases = fold_aliases(record->aliases);
    bool matches = is_listed(aliases, folded);
    free(aliases);
    return matches;
}

/* Qualifiers after the name, folded: "Fort Bragg, N.C., USA" -> "nc|usa". */
struct qualifiers {
    char *folded;
    bool is_known; /* some qualifier names a country or a US state */
};

static bool
matches_all(const struct record *record, const struct qualifiers *qualifiers)
{
    for (const char *p = qualifiers->folded; *p;) {
        const char *end = strchr(p, '|');
        size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
        char part[128];
        if (n >= sizeof part)
            return false;
        memcpy(part, p, n);
        part[n] = '\0';
        if (!matches_qualifier(record, part))
            return false;
        p += n + (end != NULL);
    }
    return true;
}

static void
fold_qualifiers(const char *text, struct qualifiers *qualifiers)
{
    struct {
        char *bytes;
        size_t length, capacity;
    } out = {NULL, 0, 0};
    qualifiers->is_known = false;
    xgrow(&out.bytes, &out.capacity, 1, 1);
    out.bytes[0] = '\0';
    for (const char *p = text; *p;) {
        const char *end = strchr(p, ',');
        size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
        char *part = xstrndup(p, n);
        char *folded = utf8_fold(part);
        size_t length = strlen(folded);
        if (length > 0) {
            qualifiers->is_known = qualifiers->is_known || is_known_region(folded);
            xgrow(&out.bytes, &out.capacity, out.length + length + 2, 1);
            if (out.length > 0)
                out.bytes[out.length++] = '|';
            memcpy(out.bytes + out.length, folded, length + 1);
            out.length += length;
        }
        free(folded);
        free(part);
        p += n + (end != NULL);
    }
    qualifiers->folded = out.bytes;
}

/* Earlier files first (the curated list), then bases over towns, then file order. */
static bool
is_preferred(const struct gazetteer *gazetteer, uint32_t a, uint32_t b)
{
    const struct record *ra = &gazetteer->records[a], *rb = &gazetteer->records[b];
    if (ra->file_index != rb->file_index)
        return ra->file_index < rb->file_index;
    if (ra->is_base != rb->is_base)
        return ra->is_base;
    return a < b;
}

/* The preferred record of a key that matches the qualifiers (all if NULL); *count gets how
 * many records the key has. */
static const struct record *
best_of_key(const struct gazetteer *gazetteer, const struct key *key,
            const struct qualifiers *qualifiers, size_t *count)
{
    uint32_t best = NO_LINK;
    *count = 0;
    for (uint32_t l = key->first_link; l != NO_LINK; l = gazetteer->links[l].next) {
        uint32_t record = gazetteer->links[l].record;
        ++*count;
        if (qualifiers != NULL && !matches_all(&gazetteer->records[record], qualifiers))
            continue;
        if (best == NO_LINK || is_preferred(gazetteer, record, best))
            best = record;
    }
    return best == NO_LINK ? NULL : &gazetteer->records[best];
}

static const struct gazetteer_entry *
find_qualified(const struct gazetteer *gazetteer, const char *query, const char *comma)
{
    char *head = xstrndup(query, (size_t)(comma - query));
    char *folded = utf8_fold(head);
    free(head);
    const struct key *key = find_key(gazetteer, folded);
    free(folded);
    if (key == NULL)
        return NULL;
    struct qualifiers qualifiers;
    fold_qualifiers(comma + 1, &qualifiers);
    size_t count;
    const struct record *best = best_of_key(gazetteer, key, &qualifiers, &count);
    if (best == NULL && !qualifiers.is_known && count == 1) {
        /* "Dzhankoi, Crimea": a qualifier we cannot check does not hide the only candidate. */
        best = best_of_key(gazetteer, key, NULL, &count);
    }
    free(qualifiers.folded);
    return best != NULL ? &best->entry : NULL;
}

static const struct gazetteer_entry *
find_as_written(const struct gazetteer *gazetteer, const char *query)
{
    char *folded = utf8_fold(query);
    const struct key *key = find_key(gazetteer, folded);
    free(folded);
    size_t count;
    if (key != NULL)
        return &best_of_key(gazetteer, key, NULL, &count)->entry;
    const char *comma = strchr(query, ',');
    return comma != NULL ? find_qualified(gazetteer, query, comma) : NULL;
}

/* "Mihail Kogalniceanu AB (Constanta), Romania" -> "Mihail Kogalniceanu AB, Romania";
 * NULL if there is no "(...)". */
static char *
without_parentheses(const char *query)
{
    const char *open = strchr(query, '(');
    const char *close = open != NULL ? strchr(open, ')') : NULL;
    if (close == NULL)
        return NULL;
    size_t head = (size_t)(open - query);
    while (head > 0 && query[head - 1] == ' ')
        head--;
    size_t tail = strlen(close + 1);
    char *text = xmalloc(head + tail + 1);
    memcpy(text, query, head);
    memcpy(text + head, close + 1, tail + 1);
    return text;
}

/* A name with more notes in parentheses than this is not a place name. */
enum { PARENTHESES_MAX = 4 };

const struct gazetteer_entry *
gazetteer_find(const struct gazetteer *gazetteer, const char *query)
{
    if (query == NULL || *query == '\0')
        return NULL;
    const struct gazetteer_entry *entry = find_as_written(gazetteer, query);
    /* "A (B) (C)" tries "A (C)", then "A": one "(...)" fewer each time, a bounded number of
     * times (a loop, not recursion: a table cell may hold thousands). */
    char *shorter = NULL;
    for (int dropped = 0; entry == NULL && dropped < PARENTHESES_MAX; dropped++) {
        char *next = without_parentheses(shorter != NULL ? shorter : query);
        free(shorter);
        shorter = next;
        if (shorter == NULL || *shorter == '\0')
            break;
        entry = find_as_written(gazetteer, shorter);
    }
    free(shorter);
    return entry;
}

enum { SUGGEST_MAX_BYTES = UTF8_EDIT_MAX_BYTES };

struct suggestion {
    const char *name;
    uint32_t record; /* the place the key names first; one suggestion per place */
    size_t distance;
    size_t common_prefix; /* reporters rarely misspell the first letters */
    size_t length_difference;
};

/* Fewer edits first; among equals, the longer common beginning, the closer length, the name. */
static bool
is_closer(const struct suggestion *a, const struct suggestion *b)
{
    if (a->distance != b->distance)
        return a->distance < b->distance;
    if (a->common_prefix != b->common_prefix)
        return a->common_prefix > b->common_prefix;
    if (a->length_difference != b->length_difference)
        return a->length_difference < b->length_difference;
    return strcmp(a->name, b->name) < 0;
}

/* Keeps the max closest suggestions in order, one per spelling and one per place. */
static size_t
offer(struct suggestion *best, size_t count, size_t max, struct suggestion candidate)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(best[i].name, candidate.name) != 0 && best[i].record != candidate.record)
            continue;
        if (!is_closer(&candidate, &best[i]))
            return count;
        memmove(&best[i], &best[i + 1], (count - i - 1) * sizeof *best);
        count--;
        break;
    }
    size_t at = count;
    while (at > 0 && is_closer(&candidate, &best[at - 1]))
        at--;
    if (at >= max)
        return count;
    if (count == max)
        count--;
    memmove(&best[at + 1], &best[at], (count - at) * sizeof *best);
    best[at] = candidate;
    return count + 1;
}

static size_t
absolute_difference(size_t a, size_t b)
{
    return a > b ? a - b : b - a;
}

static size_t
suggestion_bound(size_t length)
{
    size_t bound = (2 * length + 2) / 3;
    return bound < 2 ? 2 : bound;
}

static size_t
common_prefix(const char *a, const char *b)
{
    size_t n = 0;
    while (a[n] != '\0' && a[n] == b[n])
        n++;
    return n;
}

/* How close a key is to the closest of the queries (the whole query and its name part);
 * distance SIZE_MAX if too far. */
static void
measure(const char *folded, char *const queries[2], struct suggestion *candidate)
{
    size_t key_length = strlen(folded);
    candidate->distance = SIZE_MAX;
    if (key_length > SUGGEST_MAX_BYTES)
        return;
    for (size_t q = 0; q < 2 && queries[q] != NULL; q++) {
        size_t length = strlen(queries[q]);
        size_t bound = suggestion_bound(length);
        struct suggestion try = {.name = candidate->name,
                                 .length_difference = absolute_difference(length, key_length)};
        if (try.length_difference > bound)
            continue;
        try.distance = utf8_edit_distance_within(queries[q], length, folded, key_length, bound);
        try.common_prefix = common_prefix(queries[q], folded);
        if (try.distance <= bound &&
            (candidate->distance == SIZE_MAX || is_closer(&try, candidate)))
            *candidate = try;
    }
}

/* How to write a key: the name of the preferred place named so, else the alias as written
 * (index_alias keeps it after the folded text). */
static const char *
spelling_of_key(const struct gazetteer *gazetteer, const struct key *key)
{
    uint32_t best = NO_LINK;
    for (uint32_t l = key->first_link; l != NO_LINK; l = gazetteer->links[l].next) {
        uint32_t record = gazetteer->links[l].record;
        if (strcmp(gazetteer->records[record].folded, key->folded) != 0)
            continue;
        if (best == NO_LINK || is_preferred(gazetteer, record, best))
            best = record;
    }
    if (best != NO_LINK)
        return gazetteer->records[best].entry.name;
    return key->folded + strlen(key->folded) + 1;
}

size_t
gazetteer_suggest(const struct gazetteer *gazetteer, const char *query, const char **names,
                  size_t max)
{
    if (max == 0 || query == NULL)
        return 0;
    char *queries[2] = {utf8_fold(query), NULL};
    const char *comma = strchr(query, ',');
    if (comma != NULL) {
        char *head = xstrndup(query, (size_t)(comma - query));
        queries[1] = utf8_fold(head);
        free(head);
    }
    for (size_t q = 0; q < 2 && queries[q] != NULL; q++) {
        if (strlen(queries[q]) > SUGGEST_MAX_BYTES)
            queries[q][SUGGEST_MAX_BYTES] = '\0'; /* may cut a character: only distances suffer */
    }
    struct suggestion *best = xcalloc(max, sizeof *best);
    size_t count = 0;
    for (size_t k = 0; k < gazetteer->key_count; k++) {
        const struct key *key = &gazetteer->keys[k];
        struct suggestion candidate = {.name = ""};
        measure(key->folded, queries, &candidate);
        if (candidate.distance == SIZE_MAX)
            continue;
        candidate.name = spelling_of_key(gazetteer, key);
        size_t record_count;
        candidate.record =
            (uint32_t)(best_of_key(gazetteer, key, NULL, &record_count) - gazetteer->records);
        count = offer(best, count, max, candidate);
    }
    for (size_t i = 0; i < count; i++)
        names[i] = best[i].name;
    free(best);
    free(queries[0]);
    free(queries[1]);
    return count;
}
