#include "session.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/files.h"
#include "core/strbuf.h"
#include "render/output.h"

struct text_shaper *
session_shaper(struct posture_session *session, const char *font_files)
{
    if (session->shaper != NULL && strcmp(session->shaper_fonts, font_files) == 0)
        return session->shaper;
    text_shaper_destroy(session->shaper);
    free(session->shaper_fonts);
    session->shaper = text_shaper_create_with_fonts(font_files);
    session->shaper_fonts = session->shaper != NULL ? xstrdup(font_files) : NULL;
    return session->shaper;
}

static void
parsed_style_destroy(struct parsed_style *parsed)
{
    if (parsed == NULL)
        return;
    style_destroy(parsed->style);
    free(parsed->user_path);
    free(parsed->default_bytes);
    free(parsed->user_bytes);
    free(parsed);
}

static bool
same_bytes(const char *a, size_t a_size, const char *b, size_t b_size)
{
    return a_size == b_size && (a_size == 0 || memcmp(a, b, a_size) == 0);
}

/* Reading the files again is a few microseconds; parsing them was 1.4 % of a batch's map. */
enum posture_status
session_style(struct posture_session *session, const char *user_path, struct style **out,
              struct posture_error *err)
{
    *out = NULL;
    char *default_path = files_join(session->data_dir, "data/styles/default.ini");
    struct parsed_style read = {0};
    enum posture_status status =
        files_read(default_path, &read.default_bytes, &read.default_size, err);
    if (status == POSTURE_OK && user_path != NULL)
        status = files_read(user_path, &read.user_bytes, &read.user_size, err);
    const struct parsed_style *kept = session->style;
    if (status == POSTURE_OK && kept != NULL && (kept->user_path == NULL) == (user_path == NULL) &&
        (user_path == NULL || strcmp(kept->user_path, user_path) == 0) &&
        same_bytes(kept->default_bytes, kept->default_size, read.default_bytes,
                   read.default_size) &&
        same_bytes(kept->user_bytes, kept->user_size, read.user_bytes, read.user_size)) {
        *out = style_clone(kept->style);
    } else if (status == POSTURE_OK) {
        read.style = style_create();
        status = style_parse(read.style, default_path, read.default_bytes, read.default_size, err);
        if (status == POSTURE_OK && user_path != NULL)
            status = style_parse(read.style, user_path, read.user_bytes, read.user_size, err);
        if (status == POSTURE_OK && session->is_one_shot) {
            *out = read.style;
            read.style = NULL;
        } else if (status == POSTURE_OK) {
            parsed_style_destroy(session->style);
            session->style = xmalloc(sizeof *session->style);
            *session->style = read;
            session->style->user_path = user_path != NULL ? xstrdup(user_path) : NULL;
            *out = style_clone(read.style);
            read = (struct parsed_style){0};
        }
    }
    style_destroy(read.style);
    free(read.default_bytes);
    free(read.user_bytes);
    free(default_path);
    return status;
}

/* A batch's 20 maps of one projection at 1:10m share most of 60,000 points a map. */
enum { PROJECTED_POINTS_KEPT = 1 << 19 };

struct projection *
session_projection(struct posture_session *session, const char *definition,
                   struct posture_error *err)
{
    if (session->projection != NULL && strcmp(session->projection_definition, definition) == 0)
        return session->projection;
    projection_destroy(session->projection);
    free(session->projection_definition);
    session->projection_definition = NULL;
    session->projection = projection_create(definition, "[map] projection", err);
    if (session->projection == NULL)
        return NULL;
    session->projection_definition = xstrdup(definition);
    if (!session->is_one_shot)
        projection_remember_points(session->projection, PROJECTED_POINTS_KEPT);
    return session->projection;
}

char *
session_data_path(const struct posture_session *session, const char *path)
{
    if (path[0] == '/')
        return xstrdup(path);
    return files_join(session->data_dir, path);
}

static enum posture_status
load_gazetteer_file(struct posture_session *session, const char *name, struct posture_error *err)
{
    char *path = files_join(session->data_dir, name);
    enum posture_status status = gazetteer_load(session->gazetteer, path, err);
    free(path);
    return status;
}

struct gazetteer *
session_gazetteer(struct posture_session *session, bool full, struct posture_error *err)
{
    /* The curated bases and capitals (a few dozen rows) answer most tables; the 60,000 places
     * of GeoNames are read only when a name is not among them. */
    if (session->gazetteer == NULL) {
        session->gazetteer = gazetteer_create();
        if (load_gazetteer_file(session, "data/bases.csv", err) != POSTURE_OK)
            return NULL;
    }
    if (full && !session->has_full_gazetteer) {
        if (load_gazetteer_file(session, "data/gazetteer.csv", err) != POSTURE_OK)
            return NULL;
        session->has_full_gazetteer = true;
    }
    return session->gazetteer;
}

static char *
countries_key(const char *path, const struct countries_options *options, bool is_filtered)
{
    struct strbuf key;
    strbuf_init(&key);
    strbuf_printf(
        &key, "%s|%s|%s|%s|%s|%s|%s|%s=%s", path, options->code_field ? options->code_field : "",
        options->fallback_field ? options->fallback_field : "",
        options->name_field ? options->name_field : "", options->lang ? options->lang : "",
        is_filtered ? "part" : "all", options->accepts_lines ? "lines" : "polygons",
        options->where_field ? options->where_field : "",
        options->where_value ? options->where_value : "");
    return key.bytes;
}

static enum posture_status
attach_crs(struct cached_countries *entry, struct posture_error *err)
{
    if (entry->set->prj_wkt == NULL)
        return POSTURE_OK;
    bool is_lonlat = false;
    char origin[1024];
    (void)snprintf(origin, sizeof origin, "%.1000s (.prj)", entry->set->path);
    entry->crs = source_crs_create(entry->set->prj_wkt, origin, &is_lonlat, err);
    return entry->crs != NULL || is_lonlat ? POSTURE_OK : err->status;
}

static void
keep_load_warning(void *context, const char *message)
{
    struct loaded_countries *loaded = context;
    xgrow(&loaded->warnings, &loaded->warning_capacity, loaded->warning_count + 1,
          sizeof *loaded->warnings);
    loaded->warnings[loaded->warning_count++] = xstrdup(message);
}

static void
loaded_countries_destroy(struct loaded_countries *loaded)
{
    if (loaded == NULL)
        return;
    free(loaded->key);
    countries_destroy(loaded->set);
    for (size_t i = 0; i < loaded->warning_count; i++)
        free(loaded->warnings[i]);
    free(loaded->warnings);
    free(loaded);
}

/* The shapefile for key: found among loaded[0, *count), or loaded and added; NULL on error. */
static const struct loaded_countries *
find_or_load(struct loaded_countries ***loaded, size_t *count, size_t *capacity, const char *key,
             const char *path, const struct countries_options *options, bool is_filtered,
             struct posture_error *err)
{
    for (size_t i = 0; i < *count; i++) {
        if (strcmp((*loaded)[i]->key, key) == 0)
            return (*loaded)[i];
    }
    struct loaded_countries *entry = xcalloc(1, sizeof *entry);
    entry->key = xstrdup(key);
    struct countries_options load = *options;
    load.has_extent = is_filtered;
    load.warn = keep_load_warning;
    load.warn_context = entry;
    entry->set = countries_load(path, &load, err);
    if (entry->set == NULL || err->status != POSTURE_OK) {
        loaded_countries_destroy(entry);
        return NULL;
    }
    xgrow(loaded, capacity, *count + 1, sizeof(struct loaded_countries *));
    (*loaded)[(*count)++] = entry;
    return entry;
}

static const struct loaded_countries *
load_countries(struct posture_session *session, const char *key, const char *path,
               const struct countries_options *options, bool is_filtered, struct posture_error *err)
{
    struct country_shelf *shelf = session->shelf;
    if (shelf == NULL)
        return find_or_load(&session->own, &session->own_count, &session->own_capacity, key, path,
                            options, is_filtered, err);
    /* One worker loads a file while the others that want it wait, rather than load it too. */
    (void)pthread_mutex_lock(&shelf->lock);
    const struct loaded_countries *loaded = find_or_load(
        &shelf->loaded, &shelf->count, &shelf->capacity, key, path, options, is_filtered, err);
    (void)pthread_mutex_unlock(&shelf->lock);
    return loaded;
}

static void
forget_own(struct posture_session *session, const struct loaded_countries *loaded)
{
    if (session->own_count > 0 && session->own[session->own_count - 1] == loaded)
        loaded_countries_destroy(session->own[--session->own_count]);
}

const struct cached_countries *
session_countries(struct posture_session *session, const char *path,
                  const struct countries_options *options, struct posture_error *err)
{
    bool is_filtered = session->is_one_shot && options->has_extent;
    char *key = countries_key(path, options, is_filtered);
    const struct cached_countries *found = NULL;
    for (size_t i = 0; i < session->country_count && found == NULL; i++) {
        if (strcmp(session->countries[i]->key, key) == 0)
            found = session->countries[i];
    }
    if (found == NULL) {
        struct cached_countries entry = {NULL, NULL, NULL, NULL};
        entry.loaded = load_countries(session, key, path, options, is_filtered, err);
        if (entry.loaded != NULL) {
            entry.set = entry.loaded->set;
            if (attach_crs(&entry, err) == POSTURE_OK && entry.crs != NULL && is_filtered) {
                /* Record bounds are in the file's own CRS, not lon/lat: read again unfiltered
                 * (a one-shot session has no shelf). */
                forget_own(session, entry.loaded);
                char *whole = countries_key(path, options, false);
                entry.loaded = load_countries(session, whole, path, options, false, err);
                entry.set = entry.loaded != NULL ? entry.loaded->set : NULL;
                free(whole);
            }
        }
        if (entry.loaded == NULL || err->status != POSTURE_OK) {
            source_crs_destroy(entry.crs);
            free(key);
            return NULL;
        }
        struct cached_countries *kept = xmalloc(sizeof *kept);
        *kept = entry;
        kept->key = key;
        key = NULL;
        xgrow(&session->countries, &session->country_capacity, session->country_count + 1,
              sizeof(struct cached_countries *));
        session->countries[session->country_count++] = kept;
        found = kept;
    }
    free(key);
    for (size_t i = 0; i < found->loaded->warning_count && options->warn != NULL; i++)
        options->warn(options->warn_context, found->loaded->warnings[i]);
    return found;
}

struct country_shelf *
country_shelf_create(void)
{
    struct country_shelf *shelf = xcalloc(1, sizeof *shelf);
    (void)pthread_mutex_init(&shelf->lock, NULL);
    return shelf;
}

void
country_shelf_destroy(struct country_shelf *shelf)
{
    if (shelf == NULL)
        return;
    for (size_t i = 0; i < shelf->count; i++)
        loaded_countries_destroy(shelf->loaded[i]);
    free(shelf->loaded);
    (void)pthread_mutex_destroy(&shelf->lock);
    free(shelf);
}

static bool
has_data(const char *dir)
{
    char *style = files_join(dir, "data/styles/default.ini");
    bool found = files_exist(style);
    free(style);
    return found;
}

/* The running program's directory (Linux /proc), malloc'd; NULL if unknown. */
static char *
program_dir(void)
{
    char path[4096];
    ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
    if (length <= 0)
        return NULL;
    path[length] = '\0';
    char *slash = strrchr(path, '/');
    if (slash == NULL)
        return NULL;
    *slash = '\0';
    return xstrdup(path);
}

/* dir is the build directory (a program there reads the source tree's data). */
static bool
is_inside(const char *path, const char *dir)
{
    size_t length = strlen(dir);
    return strncmp(path, dir, length) == 0 && (path[length] == '/' || path[length] == '\0');
}

/* $POSTURE_DATA_DIR; the source tree for a program in the build tree; share/posture beside the
 * program's bin/ (an install moved elsewhere, or a test prefix); the configured install
 * directory; the source tree if it is still there. Malloc'd. */
static char *
default_data_dir(void)
{
    const char *env = getenv("POSTURE_DATA_DIR");
    if (env != NULL && env[0] != '\0')
        return xstrdup(env);
    char *dir = program_dir();
    char *found = NULL;
    if (dir != NULL && is_inside(dir, POSTURE_BINARY_DIR) && has_data(POSTURE_SOURCE_DATA_DIR))
        found = xstrdup(POSTURE_SOURCE_DATA_DIR);
    if (found == NULL && dir != NULL) {
        char *beside = files_join(dir, "../share/posture");
        if (has_data(beside))
            found = beside;
        else
            free(beside);
    }
    free(dir);
    if (found == NULL && !has_data(POSTURE_INSTALL_DATA_DIR) && has_data(POSTURE_SOURCE_DATA_DIR))
        found = xstrdup(POSTURE_SOURCE_DATA_DIR);
    return found != NULL ? found : xstrdup(POSTURE_INSTALL_DATA_DIR);
}

struct posture_session *
posture_session_create(const char *data_dir)
{
    struct posture_session *session = xcalloc(1, sizeof *session);
    session->data_dir = data_dir != NULL ? xstrdup(data_dir) : default_data_dir();
    return session;
}

void
posture_session_destroy(struct posture_session *session)
{
    if (session == NULL)
        return;
    for (size_t i = 0; i < session->country_count; i++) {
        source_crs_destroy(session->countries[i]->crs);
        free(session->countries[i]->key);
        free(session->countries[i]);
    }
    free(session->countries);
    for (size_t i = 0; i < session->own_count; i++)
        loaded_countries_destroy(session->own[i]);
    free(session->own);
    inset_cache_destroy(session->inset);
    raster_cache_destroy(session->raster);
    gazetteer_destroy(session->gazetteer);
    text_shaper_destroy(session->shaper);
    free(session->shaper_fonts);
    projection_destroy(session->projection);
    free(session->projection_definition);
    parsed_style_destroy(session->style);
    free(session->data_dir);
    free(session);
}
