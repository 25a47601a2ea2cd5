/* One render: load -> project -> clip -> lay out -> scene -> backends. */
#include "posture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "core/alloc.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/files.h"
#include "data/countries.h"
#include "data/deployments.h"
#include "data/gazetteer.h"
#include "data/style.h"
#include "filter/filter.h"
#include "geo/projection.h"
#include "layout/areas.h"
#include "layout/arrows.h"
#include "layout/basemap.h"
#include "layout/furniture.h"
#include "layout/inset.h"
#include "layout/labels.h"
#include "layout/layout.h"
#include "layout/legend.h"
#include "layout/places.h"
#include "layout/symbols.h"
#include "render/output.h"
#include "render/text_shaping.h"
#include "report/alt_text.h"
#include "report/report.h"
#include "scene/scene.h"
#include "session.h"

enum { MAX_PAGE_PX = 20000 };

const char *
posture_version(void)
{
    return POSTURE_VERSION;
}

void
posture_own_fontconfig(void)
{
    text_shaper_own_fontconfig();
}

void
posture_request_init(struct posture_request *request)
{
    memset(request, 0, sizeof *request);
    request->scale = 1;
}

/* "lon0, lat0, lon1, lat1": four numbers separated by commas and/or spaces, nothing after. */
static bool
scan_extent(const char *text, double v[4])
{
    const char *p = text;
    for (int i = 0; i < 4; i++) {
        char *end;
        v[i] = strtod(p, &end);
        if (end == p || !isfinite(v[i]))
            return false;
        p = end;
        while (*p == ' ' || *p == ',')
            p++;
    }
    return *p == '\0';
}

static enum posture_status
parse_extent(const struct style *style, struct lonlat_box *extent, struct posture_error *err)
{
    const char *text = NULL;
    if (style_string(style, "map", "extent", &text, err) != POSTURE_OK)
        return err->status;
    double v[4];
    if (!scan_extent(text, v))
        return error_set(err, POSTURE_ERR_INPUT,
                         "[map] extent: \"%s\" is not lon0, lat0, lon1, lat1 in degrees", text);
    extent->lon0_deg = v[0];
    extent->lat0_deg = v[1];
    extent->lon1_deg = v[2];
    extent->lat1_deg = v[3];
    return POSTURE_OK;
}

/* "2 February 2022", "2-3 February 2022" (en dash) or "28 January - 3 February 2022". */
static void
format_date_range(const struct deployment_table *table, char *out, size_t size)
{
    const char *lo = NULL, *hi = NULL;
    for (size_t i = 0; i < table->row_count; i++) {
        const char *d = table->rows[i].date;
        if (d[0] == '\0' || table->rows[i].kind == DEPLOYMENT_AREA)
            continue; /* an area held since 2014 does not make a map of 2022 one of 2014-2022 */
        if (lo == NULL || strcmp(d, lo) < 0)
            lo = d;
        if (hi == NULL || strcmp(d, hi) > 0)
            hi = d;
    }
    out[0] = '\0';
    if (lo == NULL)
        return;
    int y0, m0, d0, y1, m1, d1;
    if (sscanf(lo, "%d-%d-%d", &y0, &m0, &d0) != 3 || sscanf(hi, "%d-%d-%d", &y1, &m1, &d1) != 3 ||
        m0 < 1 || m0 > 12 || m1 < 1 || m1 > 12)
        return;
    if (strcmp(lo, hi) == 0)
        (void)snprintf(out, size, "%d %s %d", d0, dates_month_name(m0), y0);
    else if (y0 == y1 && m0 == m1)
        (void)snprintf(out, size, "%d\xE2\x80\x93%d %s %d", d0, d1, dates_month_name(m0), y0);
    else if (y0 == y1)
        (void)snprintf(out, size, "%d %s \xE2\x80\x93 %d %s %d", d0, dates_month_name(m0), d1,
                       dates_month_name(m1), y0);
    else
        (void)snprintf(out, size, "%d %s %d \xE2\x80\x93 %d %s %d", d0, dates_month_name(m0), y0,
                       d1, dates_month_name(m1), y1);
}

/* "as of 10 February 2022" for --as-of. */
static void
format_as_of(const char *as_of, char *out, size_t size)
{
    int y, m, d;
    out[0] = '\0';
    if (sscanf(as_of, "%d-%d-%d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
        (void)snprintf(out, size, "as of %d %s %d", d, dates_month_name(m), y);
}

/* Every warning of one render, kept for the report and passed on to the request's callback. */
struct warning_log {
    char **messages;
    size_t count, capacity;
    posture_warn_fn forward;
    void *forward_context;
};

static void
log_warning(void *context, const char *message)
{
    struct warning_log *log = context;
    xgrow(&log->messages, &log->capacity, log->count + 1, sizeof *log->messages);
    log->messages[log->count++] = xstrdup(message);
    if (log->forward != NULL)
        log->forward(log->forward_context, message);
}

static void
warning_log_fini(struct warning_log *log)
{
    for (size_t i = 0; i < log->count; i++)
        free(log->messages[i]);
    free(log->messages);
}

struct render_state {
    const struct posture_request *request;
    struct posture_session *session;
    struct style *style;
    struct deployment_table *table;
    struct gazetteer *gazetteer;              /* the session's */
    struct projection *projection;            /* the session's */
    const struct cached_countries *countries; /* the session's */
    struct scene *scene;
    struct text_shaper *shaper; /* the session's */
    struct label_solver *labels;
    struct basemap basemap;
    bool has_basemap;
    struct area_set areas; /* the style's [layer.*], their files the session's */
    struct warning_log warnings;
    char date[128];           /* the subtitle's date: a range of the table's dates, or "as of" */
    struct lonlat_box extent; /* what was asked to be on the map */
    double scale;             /* PNG pixels per point: the request's, else the preset's */
    char *alt_text;
};

enum { MAX_PRESET_KEYS = 64, MAX_PRESETS = 64 };

/* One key of a [preset.*] section: "scale" is the PNG density (unless the request has its
 * own), "section.key" any style key, a plain key one of [page]. */
static enum posture_status
apply_preset_key(struct render_state *s, const char *section, const char *key,
                 struct posture_error *err)
{
    const char *value = style_get(s->style, section, key);
    if (strcmp(key, "scale") == 0) {
        char *end;
        double scale = strtod(value, &end);
        if (*end != '\0' || !(scale >= 0.1 && scale <= 10))
            return error_set(err, POSTURE_ERR_INPUT, "[%s] scale: \"%s\" is not 0.1 to 10", section,
                             value);
        if (s->request->scale == 1 || s->request->scale == 0)
            s->scale = scale;
        return POSTURE_OK;
    }
    char assignment[1024];
    (void)snprintf(assignment, sizeof assignment, "%s%s=%s", strchr(key, '.') ? "" : "page.", key,
                   value);
    struct posture_error problem;
    error_clear(&problem);
    if (style_set(s->style, assignment, &problem) != POSTURE_OK)
        return error_set(err, POSTURE_ERR_INPUT, "[%s] %s: %s", section, key,
                         problem.message + (strncmp(problem.message, "--set: ", 7) ? 0 : 7));
    return POSTURE_OK;
}

/* The names of the style's presets, comma-separated, for a message. */
static void
list_presets(const struct style *style, char *out, size_t size)
{
    const char *names[MAX_PRESETS];
    size_t count = style_sections(style, "preset.", names, MAX_PRESETS);
    out[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        size_t length = strlen(out);
        (void)snprintf(out + length, size - length, "%s%s", i ? ", " : "",
                       names[i] + strlen("preset."));
    }
}

/* request->preset: a [preset.NAME] section's keys over the style files, under --set. */
static enum posture_status
apply_preset(struct render_state *s, struct posture_error *err)
{
    s->scale = s->request->scale > 0 ? s->request->scale : 1;
    const char *name = s->request->preset;
    if (name == NULL)
        return POSTURE_OK;
    char section[256];
    (void)snprintf(section, sizeof section, "preset.%s", name);
    const char *keys[MAX_PRESET_KEYS];
    size_t count = style_keys(s->style, section, keys, MAX_PRESET_KEYS);
    if (count == 0) {
        char names[1024];
        list_presets(s->style, names, sizeof names);
        return error_set(err, POSTURE_ERR_USAGE, "--preset: no preset \"%s\" in the style (%s)",
                         name, names);
    }
    for (size_t i = 0; i < count; i++) {
        if (apply_preset_key(s, section, keys[i], err) != POSTURE_OK)
            return err->status;
    }
    return POSTURE_OK;
}

static enum posture_status
load_style(struct render_state *s, struct posture_error *err)
{
    enum posture_status status = session_style(s->session, s->request->style_path, &s->style, err);
    if (status == POSTURE_OK)
        status = apply_preset(s, err);
    for (size_t i = 0; status == POSTURE_OK && i < s->request->setting_count; i++)
        status = style_set(s->style, s->request->settings[i], err);
    if (status == POSTURE_OK && s->request->extent != NULL) {
        char assignment[512];
        (void)snprintf(assignment, sizeof assignment, "map.extent=%s", s->request->extent);
        status = style_set(s->style, assignment, err);
    }
    return status;
}

static bool
is_known(const struct gazetteer *gazetteer, const struct place *place)
{
    return place->is_resolved || gazetteer_find(gazetteer, place->name) != NULL;
}

/* Every place name of the table and of [places] names is in what the gazetteer holds now. */
static bool
all_names_known(const struct render_state *s)
{
    for (size_t i = 0; i < s->table->row_count; i++) {
        const struct deployment *row = &s->table->rows[i];
        if (row->kind == DEPLOYMENT_AREA)
            continue;
        if (!is_known(s->gazetteer, &row->to))
            return false;
        if (row->kind == DEPLOYMENT_MOVEMENT && !is_known(s->gazetteer, &row->from))
            return false;
    }
    const char *names = style_get(s->style, "places", "names");
    if (names == NULL)
        return true;
    char buffer[2048];
    (void)snprintf(buffer, sizeof buffer, "%s", names);
    char *save = NULL;
    for (char *name = strtok_r(buffer, "|", &save); name; name = strtok_r(NULL, "|", &save)) {
        while (*name == ' ')
            name++;
        if (gazetteer_find(s->gazetteer, name) == NULL)
            return false;
    }
    return true;
}

/* Before places are looked up: a row that is not drawn cannot fail the map. */
static enum posture_status
apply_filters(struct render_state *s, struct posture_error *err)
{
    const struct posture_request *request = s->request;
    if (request->where_count == 0 && request->as_of == NULL)
        return POSTURE_OK;
    if (filter_apply(s->table, request->where, request->where_count, request->as_of) > 0)
        return POSTURE_OK;
    return error_set(err, POSTURE_ERR_INPUT, "%s: no rows left after %s%s%s", s->table->path,
                     request->where_count > 0 ? "--where" : "",
                     request->where_count > 0 && request->as_of != NULL ? " and " : "",
                     request->as_of != NULL ? "--as-of" : "");
}

/* The table the request names (bytes, path or the style's default), filtered. */
static enum posture_status
read_table(struct render_state *s, struct posture_error *err)
{
    char *path = NULL;
    if (s->request->table_bytes != NULL) {
        const char *name = s->request->table_path != NULL ? s->request->table_path : "<stdin>";
        s->table = deployments_parse(name, s->request->table_bytes, s->request->table_size, err);
    } else if (s->request->table_path != NULL) {
        path = xstrdup(s->request->table_path);
    } else {
        const char *name = NULL;
        if (style_string(s->style, "map", "default_table", &name, err) != POSTURE_OK)
            return err->status;
        path = session_data_path(s->session, name);
    }
    if (path != NULL)
        s->table = deployments_load(path, err);
    free(path);
    if (s->table == NULL)
        return err->status;
    return apply_filters(s, err);
}

static enum posture_status
load_table(struct render_state *s, struct posture_error *err)
{
    if (read_table(s, err) != POSTURE_OK)
        return err->status;
    s->gazetteer = session_gazetteer(s->session, false, err);
    if (s->gazetteer != NULL && !all_names_known(s))
        s->gazetteer = session_gazetteer(s->session, true, err);
    if (s->gazetteer == NULL)
        return err->status;
    return deployments_resolve(s->table, s->gazetteer, err);
}

static enum posture_status
load_countries(struct render_state *s, struct layout *layout, struct posture_error *err)
{
    const char *shapefile = layout_string(layout, "map", "shapefile");
    struct countries_options options;
    memset(&options, 0, sizeof options);
    options.code_field = layout_string(layout, "map", "code_field");
    options.fallback_field = layout_string(layout, "map", "fallback_field");
    options.name_field = layout_string(layout, "map", "name_field");
    options.lang = layout_string(layout, "map", "lang");
    options.warn = log_warning;
    options.warn_context = &s->warnings;
    if (layout_failed(layout))
        return err->status;
    if (options.fallback_field[0] == '\0')
        options.fallback_field = NULL;
    options.has_extent = layout->viewport.is_visible_known;
    options.extent = layout->viewport.visible;
    char *path = session_data_path(s->session, shapefile);
    s->countries = session_countries(s->session, path, &options, err);
    free(path);
    return s->countries != NULL ? POSTURE_OK : err->status;
}

static bool
has_area_rows(const struct deployment_table *table)
{
    for (size_t i = 0; i < table->row_count; i++) {
        if (table->rows[i].kind == DEPLOYMENT_AREA)
            return true;
    }
    return false;
}

/* A layer's shapefile: absolute; relative to the style file that set it, if it is there; else
 * relative to the data directory, as [map] shapefile is. Malloc'd. */
static char *
layer_path(struct render_state *s, const char *section, const char *shapefile)
{
    size_t line;
    const char *origin = style_origin(s->style, section, "shapefile", &line);
    if (shapefile[0] != '/' && origin != NULL && line > 0 &&
        !style_is_default(s->style, section, "shapefile")) {
        const char *slash = strrchr(origin, '/');
        char *dir = slash != NULL ? xstrndup(origin, (size_t)(slash - origin)) : xstrdup(".");
        char *beside = files_join(dir, shapefile);
        free(dir);
        if (files_exist(beside))
            return beside;
        free(beside);
    }
    return session_data_path(s->session, shapefile);
}

/* "style.ini:12: [layer.rivers] shapefile: rivers.shp: cannot read: no such file". */
static enum posture_status
fail_layer_file(struct render_state *s, const char *section, struct posture_error *err)
{
    size_t line;
    const char *origin = style_origin(s->style, section, "shapefile", &line);
    struct posture_error inner = *err;
    error_clear(err);
    if (line > 0)
        return error_set(err, inner.status, "%s:%zu: [%s] shapefile: %s", origin, line, section,
                         inner.message);
    return error_set(err, inner.status, "%s: [%s] shapefile: %s", origin, section, inner.message);
}

static enum posture_status
load_layer(struct render_state *s, struct layout *layout, const char *section,
           struct posture_error *err)
{
    char where_field[128], where_value[128];
    const char *where = areas_layer_string(layout, section, "where");
    const char *name_field = areas_layer_string(layout, section, "name_field");
    const char *label_field = areas_layer_string(layout, section, "label_field");
    const char *shapefile = layout_string(layout, section, "shapefile");
    if (layout_failed(layout))
        return err->status;
    if (!areas_parse_where(where, where_field, where_value, sizeof where_field)) {
        size_t line;
        const char *origin = style_origin(s->style, section, "where", &line);
        return error_set(err, POSTURE_ERR_INPUT, "%s:%zu: [%s] where: \"%s\" is not FIELD=VALUE",
                         origin, line, section, where);
    }
    struct countries_options options;
    memset(&options, 0, sizeof options);
    options.code_field = name_field[0] ? name_field : NULL;
    options.name_field = label_field[0] ? label_field : NULL;
    options.accepts_lines = true;
    options.where_field = where_field[0] ? where_field : NULL;
    options.where_value = where_value;
    options.has_extent = layout->viewport.is_visible_known;
    options.extent = layout->viewport.visible;
    options.warn = log_warning;
    options.warn_context = &s->warnings;
    char *path = layer_path(s, section, shapefile);
    const struct cached_countries *cached = session_countries(s->session, path, &options, err);
    free(path);
    if (cached == NULL)
        return fail_layer_file(s, section, err);
    struct map_layer *layer = &s->areas.layers[s->areas.layer_count++];
    layer->section = section;
    layer->features = cached->set;
    layer->crs = cached->crs;
    return POSTURE_OK;
}

/* Every [layer.*] that is shown, and all of them when the table has areas to look up. */
static enum posture_status
load_layers(struct render_state *s, struct layout *layout, struct posture_error *err)
{
    const char *names[MAX_MAP_LAYERS];
    size_t count = style_sections(s->style, "layer.", names, MAX_MAP_LAYERS);
    bool has_areas = has_area_rows(s->table);
    for (size_t i = 0; i < count; i++) {
        bool is_shown = areas_layer_is_shown(layout, names[i]);
        if (layout_failed(layout))
            return err->status;
        if (!is_shown && !has_areas)
            continue;
        if (load_layer(s, layout, names[i], err) != POSTURE_OK)
            return err->status;
    }
    return POSTURE_OK;
}

/* The inset's countries: the whole file (the globe shows far beyond the map), shared with
 * later renders of the session. */
static enum posture_status
draw_inset(struct render_state *s, struct layout *layout, struct posture_error *err)
{
    if (!layout_bool(layout, "inset", "show"))
        return err->status;
    struct countries_options options;
    memset(&options, 0, sizeof options);
    options.code_field = layout_string(layout, "inset", "code_field");
    options.name_field = layout_string(layout, "inset", "name_field");
    const char *shapefile = layout_string(layout, "inset", "shapefile");
    if (layout_failed(layout))
        return err->status;
    char *path = session_data_path(s->session, shapefile);
    const struct cached_countries *countries = session_countries(s->session, path, &options, err);
    free(path);
    if (countries == NULL)
        return err->status;
    if (s->session->inset == NULL)
        s->session->inset = inset_cache_create();
    inset_draw(layout, countries->set, countries->crs, s->session->inset);
    return err->status;
}

static enum posture_status
write_outputs(struct render_state *s, struct posture_error *err)
{
    double scale = s->scale;
    for (size_t i = 0; i < s->request->output_count; i++) {
        const char *path = s->request->outputs[i];
        enum output_format format = output_format_from_path(path);
        enum posture_status status;
        if (format == OUTPUT_SVG)
            status = svg_writer_write(s->scene, path, err);
        else if (format == OUTPUT_PNG || format == OUTPUT_PDF) {
            if (format == OUTPUT_PNG && !s->session->is_one_shot && s->session->raster == NULL) {
                s->session->raster = raster_cache_create();
                if (s->session->draws_serially)
                    raster_cache_draw_serially(s->session->raster, s->session->helpers);
            }
            status = cairo_output_write_cached(s->scene, s->shaper, s->session->raster, path,
                                               format, scale, err);
        } else
            status = error_set(err, POSTURE_ERR_USAGE,
                               "%s: unknown output format (use .png, .svg or .pdf)", path);
        if (status != POSTURE_OK)
            return status;
    }
    return POSTURE_OK;
}

static enum posture_status
check_extent(const char *text, struct posture_error *err)
{
    double v[4];
    if (!scan_extent(text, v))
        return error_set(err, POSTURE_ERR_USAGE,
                         "--extent: \"%s\" is not lon0,lat0,lon1,lat1 in degrees", text);
    if (!(v[0] >= -180 && v[2] <= 180 && v[0] < v[2]))
        return error_set(err, POSTURE_ERR_USAGE,
                         "--extent: \"%s\": longitudes must be -180 <= lon0 < lon1 <= 180", text);
    if (!(v[1] >= -90 && v[3] <= 90 && v[1] < v[3]))
        return error_set(err, POSTURE_ERR_USAGE,
                         "--extent: \"%s\": latitudes must be -90 <= lat0 < lat1 <= 90", text);
    return POSTURE_OK;
}

/* The request's filters and overrides, before anything is read. */
static enum posture_status
check_selection(const struct posture_request *request, struct posture_error *err)
{
    for (size_t i = 0; i < request->where_count; i++) {
        if (filter_check_where(request->where[i], err) != POSTURE_OK)
            return err->status;
    }
    if (request->as_of != NULL && !filter_is_date(request->as_of))
        return error_set(err, POSTURE_ERR_USAGE, "--as-of: \"%s\" is not a date (YYYY-MM-DD)",
                         request->as_of);
    if (request->extent != NULL && check_extent(request->extent, err) != POSTURE_OK)
        return err->status;
    if (request->table_bytes == NULL && request->table_path != NULL &&
        strcmp(request->table_path, "-") == 0)
        return error_set(err, POSTURE_ERR_USAGE,
                         "table \"-\": pass standard input's bytes as table_bytes");
    return POSTURE_OK;
}

static enum posture_status
check_request(const struct posture_request *request, struct posture_error *err)
{
    if (request->output_count == 0)
        return error_set(err, POSTURE_ERR_USAGE, "no output file given");
    for (size_t i = 0; i < request->output_count; i++)
        if (output_format_from_path(request->outputs[i]) == OUTPUT_UNKNOWN)
            return error_set(err, POSTURE_ERR_USAGE,
                             "%s: unknown output format (use .png, .svg or .pdf)",
                             request->outputs[i]);
    if (request->width_px < 0 || request->width_px > MAX_PAGE_PX || request->height_px < 0 ||
        request->height_px > MAX_PAGE_PX)
        return error_set(err, POSTURE_ERR_USAGE, "page size must be 1 to %d pixels", MAX_PAGE_PX);
    if (request->scale < 0 || request->scale > 10 || !isfinite(request->scale))
        return error_set(err, POSTURE_ERR_USAGE, "scale must be between 0.1 and 10");
    return check_selection(request, err);
}

static enum posture_status
lay_out(struct render_state *s, struct layout *layout, struct posture_error *err)
{
    struct page_box frame = furniture_frame(layout, s->scene->width_pt, s->scene->height_pt);
    if (layout_failed(layout))
        return err->status;
    if (frame.x1 - frame.x0 < 50 || frame.y1 - frame.y0 < 50)
        return error_set(err, POSTURE_ERR_USAGE, "the page is too small for a map (%.0f x %.0f)",
                         s->scene->width_pt, s->scene->height_pt);
    struct page_xy corners[4] = {
        {frame.x0, frame.y0}, {frame.x1, frame.y0}, {frame.x1, frame.y1}, {frame.x0, frame.y1}};
    size_t starts[1] = {0};
    struct scene_geometry rect = {corners, 4, starts, 1, true, 0};
    layout->frame_clip = scene_keep_geometry(s->scene, &rect);
    if (parse_extent(s->style, &s->extent, err) != POSTURE_OK)
        return err->status;
    if (viewport_fit(&layout->viewport, s->projection, s->extent, frame, err) != POSTURE_OK)
        return err->status;
    if (load_countries(s, layout, err) != POSTURE_OK)
        return err->status;
    if (basemap_build(layout, s->countries->set, s->countries->crs, &s->basemap) != POSTURE_OK)
        return err->status;
    s->has_basemap = true;
    if (load_layers(s, layout, err) != POSTURE_OK)
        return err->status;
    furniture_draw_page(layout);
    basemap_draw(layout, &s->basemap);
    areas_draw_layers(layout, &s->basemap, &s->areas);
    furniture_draw_graticule(layout);
    struct side_set sides;
    sides_read(layout, &sides);
    areas_draw_rows(layout, &s->basemap, s->countries->set, s->table, &sides, &s->areas);
    places_draw(layout, s->gazetteer);
    arrows_draw(layout, s->table, &sides);
    symbols_draw(layout, s->table, &sides);
    if (s->request->as_of != NULL)
        format_as_of(s->request->as_of, s->date, sizeof s->date);
    else
        format_date_range(s->table, s->date, sizeof s->date);
    furniture_draw(layout, s->date);
    legend_draw(layout, &s->basemap, &s->areas, &sides);
    if (draw_inset(s, layout, err) != POSTURE_OK)
        return err->status;
    if (layout_failed(layout))
        return err->status;
    struct page_box bounds = {frame.x0 + 3, frame.y0 + 3, frame.x1 - 3, frame.y1 - 3};
    labels_place(layout->labels, layout, bounds);
    scene_set_title(s->scene, layout_string(layout, "title", "text"),
                    layout_string(layout, "title", "subtitle"));
    return err->status;
}

/* The alt text, also the SVG's <desc>: each row's troops named as its side's position label. */
static enum posture_status
describe(struct render_state *s, struct layout *layout, struct posture_error *err)
{
    struct side_set sides;
    sides_read(layout, &sides);
    size_t count = s->table->row_count;
    char(*nouns)[128] = xcalloc(count ? count : 1, sizeof *nouns);
    const char **noun_pointers = xcalloc(count ? count : 1, sizeof *noun_pointers);
    for (size_t i = 0; i < count && !layout_failed(layout); i++) {
        const struct map_side *side = sides_find(layout, &sides, s->table, &s->table->rows[i]);
        const char *label =
            side != NULL ? style_get(s->style, side->section, "position_label") : NULL;
        alt_text_troop_noun(label != NULL ? label : "troops", nouns[i], sizeof nouns[i]);
        noun_pointers[i] = nouns[i];
    }
    const char *names[32];
    const char *groups[32];
    size_t group_count = 0;
    size_t section_count = style_sections(s->style, "group.", names, 32);
    for (size_t i = 0; i < section_count; i++) {
        const char *in_legend = style_get(s->style, names[i], "in_legend");
        const char *label = style_get(s->style, names[i], "label");
        if (label != NULL && in_legend != NULL && strcmp(in_legend, "true") == 0)
            groups[group_count++] = label;
    }
    struct alt_text_input input = {
        .title = layout_string(layout, "title", "text"),
        .date = s->date,
        .table = s->table,
        .troop_nouns = noun_pointers,
        .groups = groups,
        .group_count = group_count,
    };
    if (!layout_failed(layout)) {
        s->alt_text = alt_text_describe(&input);
        scene_set_title(s->scene, input.title, s->alt_text);
    }
    free(noun_pointers);
    free(nouns);
    return err->status;
}

static enum posture_status
write_report(struct render_state *s, struct layout *layout, const struct text_measure *measure,
             struct posture_error *err)
{
    const struct posture_request *request = s->request;
    if (request->alt_text_path != NULL &&
        report_write_text(request->alt_text_path, s->alt_text, err) != POSTURE_OK)
        return err->status;
    if (request->report_path == NULL)
        return POSTURE_OK;
    const char *definition = NULL;
    (void)style_string(s->style, "map", "projection", &definition, err);
    struct report_input input = {
        .version = posture_version(),
        .scene = s->scene,
        .measure = measure,
        .scale = s->scale,
        .projection = definition,
        .extent = s->extent,
        .visible = layout->viewport.is_visible_known ? &layout->viewport.visible : NULL,
        .frame = layout->viewport.frame,
        .table = s->table,
        .as_of = request->as_of,
        .where = request->where,
        .where_count = request->where_count,
        .outputs = request->outputs,
        .output_count = request->output_count,
        .warnings = (const char *const *)s->warnings.messages,
        .warning_count = s->warnings.count,
        .alt_text = s->alt_text,
    };
    return report_write(request->report_path, &input, err);
}

static enum posture_status render_map(struct posture_session *session, struct check_sink *sink,
                                      const struct posture_request *request, bool is_writing,
                                      struct posture_error *err);

static void
render_state_fini(struct render_state *s)
{
    if (s->has_basemap)
        basemap_fini(&s->basemap);
    label_solver_destroy(s->labels);
    scene_destroy(s->scene);
    deployments_destroy(s->table);
    style_destroy(s->style);
    warning_log_fini(&s->warnings);
    free(s->alt_text);
}

enum posture_status
posture_render(const struct posture_request *request, struct posture_error *err)
{
    struct posture_session *session = posture_session_create(request->data_dir);
    session->is_one_shot = true;
    enum posture_status status = posture_session_render(session, request, err);
    posture_session_destroy(session);
    return status;
}

enum posture_status
posture_session_render(struct posture_session *session, const struct posture_request *request,
                       struct posture_error *err)
{
    error_clear(err);
    if (check_request(request, err) != POSTURE_OK)
        return err->status;
    return render_map(session, NULL, request, true, err);
}

/* Everything of a render; is_writing false stops before the outputs (posture check). */
/* A problem layout tells `posture check` (layout's problem callback). */
static void
sink_problem(void *context, const char *message)
{
    check_sink_add(context, message);
}

static enum posture_status
render_map(struct posture_session *session, struct check_sink *sink,
           const struct posture_request *request, bool is_writing, struct posture_error *err)
{
    struct render_state s;
    memset(&s, 0, sizeof s);
    s.request = request;
    s.session = session;
    s.warnings.forward = request->warn;
    s.warnings.forward_context = request->warn_context;
    if (load_style(&s, err) != POSTURE_OK || load_table(&s, err) != POSTURE_OK)
        goto done;
    double width = request->width_px, height = request->height_px;
    if (width == 0 && style_number(s.style, "page", "width_px", &width, err) != POSTURE_OK)
        goto done;
    if (height == 0 && style_number(s.style, "page", "height_px", &height, err) != POSTURE_OK)
        goto done;
    if (width < 1 || width > MAX_PAGE_PX || height < 1 || height > MAX_PAGE_PX) {
        error_set(err, POSTURE_ERR_INPUT, "page size %gx%g is outside 1 to %d pixels", width,
                  height, MAX_PAGE_PX);
        goto done;
    }
    const char *definition = NULL;
    if (style_string(s.style, "map", "projection", &definition, err) != POSTURE_OK)
        goto done;
    s.projection = session_projection(session, definition, err);
    if (s.projection == NULL)
        goto done;
    const char *font_files = NULL;
    if (style_string(s.style, "fonts", "files", &font_files, err) != POSTURE_OK)
        goto done;
    struct text_shaper *shaper = session_shaper(session, font_files);
    if (shaper == NULL) {
        error_set(err, POSTURE_ERR_MISSING, "[fonts] files: no font file matches \"%s\"",
                  font_files);
        goto done;
    }
    s.shaper = shaper;
    struct text_measure measure = text_shaper_measure(shaper);
    s.scene = scene_create(width, height);
    scene_set_font_files(s.scene, font_files);
    s.labels = label_solver_create();
    struct layout layout = {
        .scene = s.scene,
        .style = s.style,
        .measure = &measure,
        .projection = s.projection,
        .labels = s.labels,
        .warn = log_warning,
        .warn_context = &s.warnings,
        .err = err,
        .problem = sink != NULL ? sink_problem : NULL,
        .problem_context = sink,
        .area_legend_rows = areas_count_legend_rows(s.table),
    };
    if (lay_out(&s, &layout, err) != POSTURE_OK || describe(&s, &layout, err) != POSTURE_OK ||
        !is_writing)
        goto done;
    if (write_outputs(&s, err) != POSTURE_OK)
        goto done;
    write_report(&s, &layout, &measure, err);
done:
    render_state_fini(&s);
    return err->status;
}

static int
compare_days(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Sorted, without repeats. */
static void
collect_days(const struct deployment_table *table, struct posture_dates *out)
{
    out->days = xcalloc(table->row_count ? table->row_count : 1, sizeof *out->days);
    out->count = 0;
    for (size_t i = 0; i < table->row_count; i++) {
        /* An area is the ground the news happens on: its date makes no frame of its own. */
        if (table->rows[i].date[0] != '\0' && table->rows[i].kind != DEPLOYMENT_AREA)
            (void)snprintf(out->days[out->count++], sizeof out->days[0], "%s", table->rows[i].date);
    }
    qsort(out->days, out->count, sizeof *out->days, compare_days);
    size_t kept = 0;
    for (size_t i = 0; i < out->count; i++) {
        if (kept == 0 || strcmp(out->days[kept - 1], out->days[i]) != 0)
            memmove(out->days[kept++], out->days[i], sizeof out->days[0]);
    }
    out->count = kept;
}

enum posture_status
posture_session_dates(struct posture_session *session, const struct posture_request *request,
                      struct posture_dates *out, struct posture_error *err)
{
    error_clear(err);
    memset(out, 0, sizeof *out);
    struct posture_request all_days = *request;
    all_days.as_of = NULL;
    struct render_state s;
    memset(&s, 0, sizeof s);
    s.request = &all_days;
    s.session = session;
    if (check_selection(&all_days, err) != POSTURE_OK || load_style(&s, err) != POSTURE_OK ||
        read_table(&s, err) != POSTURE_OK)
        goto done;
    collect_days(s.table, out);
    if (out->count == 0)
        error_set(err, POSTURE_ERR_INPUT, "%s: no row has a date (column \"date\")", s.table->path);
done:
    render_state_fini(&s);
    if (err->status != POSTURE_OK)
        posture_dates_fini(out);
    return err->status;
}

void
posture_dates_fini(struct posture_dates *dates)
{
    free(dates->days);
    dates->days = NULL;
    dates->count = 0;
}

static void
add_problem(struct check_sink *sink, const struct posture_error *problem)
{
    if (problem->status != POSTURE_OK)
        check_sink_add(sink, problem->message);
}

/* The command-line overrides, each on its own. */
static void
check_settings(struct render_state *s, struct check_sink *sink)
{
    for (size_t i = 0; i < s->request->setting_count; i++) {
        struct posture_error problem;
        error_clear(&problem);
        (void)style_set(s->style, s->request->settings[i], &problem);
        add_problem(sink, &problem);
    }
    if (s->request->extent != NULL) {
        char assignment[512];
        (void)snprintf(assignment, sizeof assignment, "map.extent=%s", s->request->extent);
        struct posture_error problem;
        error_clear(&problem);
        (void)style_set(s->style, assignment, &problem);
        add_problem(sink, &problem);
    }
}

/* The style keys a render reads as a whole: projection and extent. */
static void
check_map_keys(struct render_state *s, struct check_sink *sink)
{
    struct posture_error problem;
    error_clear(&problem);
    const char *definition = NULL;
    if (style_string(s->style, "map", "projection", &definition, &problem) == POSTURE_OK) {
        struct projection *projection = projection_create(definition, "[map] projection", &problem);
        projection_destroy(projection);
    }
    add_problem(sink, &problem);
    error_clear(&problem);
    (void)parse_extent(s->style, &s->extent, &problem);
    add_problem(sink, &problem);
}

static enum posture_status
check_style(struct render_state *s, struct check_sink *sink, struct posture_error *err)
{
    s->style = style_create();
    char *path = files_join(s->session->data_dir, "data/styles/default.ini");
    enum posture_status status = style_load(s->style, path, err);
    if (status == POSTURE_OK && s->request->style_path != NULL)
        status = check_style_file(s->style, s->request->style_path, sink, err);
    if (status == POSTURE_OK) {
        check_settings(s, sink);
        status = check_style_values(s->style, path, sink, err);
    }
    if (status == POSTURE_OK)
        check_map_keys(s, sink);
    free(path);
    return status;
}

static enum posture_status
check_table_file(struct render_state *s, struct check_sink *sink, struct posture_error *err)
{
    const struct posture_request *request = s->request;
    char *bytes = NULL, *path = NULL;
    size_t size = request->table_size;
    const char *name = request->table_path != NULL ? request->table_path : "<stdin>";
    if (request->table_bytes == NULL) {
        const char *table = request->table_path;
        if (table == NULL &&
            style_string(s->style, "map", "default_table", &table, err) != POSTURE_OK)
            return err->status;
        path = request->table_path != NULL ? xstrdup(table) : session_data_path(s->session, table);
        name = path;
        if (files_read(path, &bytes, &size, err) != POSTURE_OK) {
            free(path);
            return err->status;
        }
    }
    struct gazetteer *gazetteer = session_gazetteer(s->session, true, err);
    if (gazetteer != NULL)
        check_table(name, bytes != NULL ? bytes : request->table_bytes, size, gazetteer, s->style,
                    sink, request->warn, request->warn_context);
    free(bytes);
    free(path);
    return err->status;
}

enum posture_status
posture_session_check(struct posture_session *session, const struct posture_request *request,
                      posture_problem_fn problem, void *context, struct posture_error *err)
{
    error_clear(err);
    if (check_selection(request, err) != POSTURE_OK)
        return err->status;
    struct check_sink sink = {problem, context, 0};
    struct render_state s;
    memset(&s, 0, sizeof s);
    s.request = request;
    s.session = session;
    if (check_style(&s, &sink, err) == POSTURE_OK)
        (void)check_table_file(&s, &sink, err);
    render_state_fini(&s);
    if (err->status == POSTURE_OK && sink.count == 0) {
        /* What only drawing finds: the shapefile, a key layout reads as a word, a place that
         * falls outside the projection. */
        struct posture_error dry;
        error_clear(&dry);
        if (render_map(session, &sink, request, false, &dry) == POSTURE_ERR_INPUT)
            check_sink_add(&sink, dry.message);
        else if (dry.status != POSTURE_OK)
            *err = dry;
    }
    if (err->status == POSTURE_OK && sink.count > 0)
        error_set(err, POSTURE_ERR_INPUT, "%zu problem%s found", sink.count,
                  sink.count == 1 ? "" : "s");
    return err->status;
}

enum posture_status
posture_session_presets(struct posture_session *session, const struct posture_request *request,
                        struct posture_presets *out, struct posture_error *err)
{
    error_clear(err);
    memset(out, 0, sizeof *out);
    struct posture_request plain = *request;
    plain.preset = NULL;
    struct render_state s;
    memset(&s, 0, sizeof s);
    s.request = &plain;
    s.session = session;
    if (load_style(&s, err) == POSTURE_OK) {
        const char *names[MAX_PRESETS];
        size_t count = style_sections(s.style, "preset.", names, MAX_PRESETS);
        out->names = xcalloc(count ? count : 1, sizeof *out->names);
        for (size_t i = 0; i < count; i++)
            out->names[out->count++] = xstrdup(names[i] + strlen("preset."));
        if (count == 0)
            error_set(err, POSTURE_ERR_INPUT, "the style has no [preset.*] section");
    }
    render_state_fini(&s);
    if (err->status != POSTURE_OK)
        posture_presets_fini(out);
    return err->status;
}

void
posture_presets_fini(struct posture_presets *presets)
{
    for (size_t i = 0; i < presets->count; i++)
        free(presets->names[i]);
    free(presets->names);
    presets->names = NULL;
    presets->count = 0;
}
