/* One render: load -> project -> clip -> lay out -> scene -> backends. */
#include "posture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/files.h"
#include "data/countries.h"
#include "data/deployments.h"
#include "data/gazetteer.h"
#include "data/style.h"
#include "geo/projection.h"
#include "layout/arrows.h"
#include "layout/basemap.h"
#include "layout/furniture.h"
#include "layout/labels.h"
#include "layout/layout.h"
#include "layout/legend.h"
#include "layout/places.h"
#include "layout/symbols.h"
#include "render/output.h"
#include "render/text_shaping.h"
#include "scene/scene.h"
#include "session.h"

enum { MAX_PAGE_PX = 20000 };

const char *
posture_version(void)
{
    return POSTURE_VERSION;
}

void
posture_request_init(struct posture_request *request)
{
    memset(request, 0, sizeof *request);
    request->scale = 1;
}

static enum posture_status
parse_extent(const struct style *style, struct lonlat_box *extent, struct posture_error *err)
{
    const char *text = NULL;
    if (style_string(style, "map", "extent", &text, err) != POSTURE_OK)
        return err->status;
    double v[4];
    const char *p = text;
    for (int i = 0; i < 4; i++) {
        char *end;
        v[i] = strtod(p, &end);
        if (end == p || !isfinite(v[i]))
            return error_set(err, POSTURE_ERR_INPUT,
                             "[map] extent: \"%s\" is not lon0, lat0, lon1, lat1 in degrees", text);
        p = end;
        while (*p == ' ' || *p == ',')
            p++;
    }
    extent->lon0_deg = v[0];
    extent->lat0_deg = v[1];
    extent->lon1_deg = v[2];
    extent->lat1_deg = v[3];
    return POSTURE_OK;
}

static const char *const month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

/* "2 February 2022", "2-3 February 2022" (en dash) or "28 January - 3 February 2022". */
static void
format_date_range(const struct deployment_table *table, char *out, size_t size)
{
    const char *lo = NULL, *hi = NULL;
    for (size_t i = 0; i < table->row_count; i++) {
        const char *d = table->rows[i].date;
        if (d[0] == '\0')
            continue;
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
        snprintf(out, size, "%d %s %d", d0, month_names[m0 - 1], y0);
    else if (y0 == y1 && m0 == m1)
        snprintf(out, size, "%d\xE2\x80\x93%d %s %d", d0, d1, month_names[m0 - 1], y0);
    else if (y0 == y1)
        snprintf(out, size, "%d %s \xE2\x80\x93 %d %s %d", d0, month_names[m0 - 1], d1,
                 month_names[m1 - 1], y0);
    else
        snprintf(out, size, "%d %s %d \xE2\x80\x93 %d %s %d", d0, month_names[m0 - 1], y0, d1,
                 month_names[m1 - 1], y1);
}

struct render_state {
    const struct posture_request *request;
    struct posture_session *session;
    struct style *style;
    struct deployment_table *table;
    struct gazetteer *gazetteer; /* the session's */
    struct projection *projection;
    const struct cached_countries *countries; /* the session's */
    struct scene *scene;
    struct label_solver *labels;
    struct basemap basemap;
    bool has_basemap;
};

static enum posture_status
load_style(struct render_state *s, struct posture_error *err)
{
    s->style = style_create();
    char *path = files_join(s->session->data_dir, "data/styles/default.ini");
    enum posture_status status = style_load(s->style, path, err);
    free(path);
    if (status == POSTURE_OK && s->request->style_path != NULL)
        status = style_load(s->style, s->request->style_path, err);
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
        if (!is_known(s->gazetteer, &row->to))
            return false;
        if (row->kind == DEPLOYMENT_MOVEMENT && !is_known(s->gazetteer, &row->from))
            return false;
    }
    const char *names = style_get(s->style, "places", "names");
    if (names == NULL)
        return true;
    char buffer[2048];
    snprintf(buffer, sizeof buffer, "%s", names);
    char *save = NULL;
    for (char *name = strtok_r(buffer, "|", &save); name; name = strtok_r(NULL, "|", &save)) {
        while (*name == ' ')
            name++;
        if (gazetteer_find(s->gazetteer, name) == NULL)
            return false;
    }
    return true;
}

static enum posture_status
load_table(struct render_state *s, struct posture_error *err)
{
    char *path = NULL;
    if (s->request->table_path != NULL) {
        path = xstrdup(s->request->table_path);
    } else {
        const char *name = NULL;
        if (style_string(s->style, "map", "default_table", &name, err) != POSTURE_OK)
            return err->status;
        path = session_data_path(s->session, name);
    }
    s->table = deployments_load(path, err);
    free(path);
    if (s->table == NULL)
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
    options.warn = s->request->warn;
    options.warn_context = s->request->warn_context;
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

static enum posture_status
write_outputs(struct render_state *s, struct posture_error *err)
{
    double scale = s->request->scale > 0 ? s->request->scale : 1;
    for (size_t i = 0; i < s->request->output_count; i++) {
        const char *path = s->request->outputs[i];
        enum output_format format = output_format_from_path(path);
        enum posture_status status;
        if (format == OUTPUT_SVG)
            status = svg_writer_write(s->scene, path, err);
        else if (format == OUTPUT_PNG || format == OUTPUT_PDF)
            status = cairo_output_write(s->scene, path, format, scale, err);
        else
            status = error_set(err, POSTURE_ERR_USAGE,
                               "%s: unknown output format (use .png, .svg or .pdf)", path);
        if (status != POSTURE_OK)
            return status;
    }
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
    return POSTURE_OK;
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
    struct scene_geometry rect = {corners, 4, starts, 1, true};
    layout->frame_clip = scene_keep_geometry(s->scene, &rect);
    struct lonlat_box extent;
    if (parse_extent(s->style, &extent, err) != POSTURE_OK)
        return err->status;
    if (viewport_fit(&layout->viewport, s->projection, extent, frame, err) != POSTURE_OK)
        return err->status;
    if (load_countries(s, layout, err) != POSTURE_OK)
        return err->status;
    if (basemap_build(layout, s->countries->set, s->countries->crs, &s->basemap) != POSTURE_OK)
        return err->status;
    s->has_basemap = true;
    furniture_draw_page(layout);
    basemap_draw(layout, &s->basemap);
    furniture_draw_graticule(layout);
    struct side_set sides;
    sides_read(layout, &sides);
    places_draw(layout, s->gazetteer);
    arrows_draw(layout, s->table, &sides);
    symbols_draw(layout, s->table, &sides);
    char date[128];
    format_date_range(s->table, date, sizeof date);
    furniture_draw(layout, date);
    legend_draw(layout, &s->basemap, &sides, s->table);
    if (layout_failed(layout))
        return err->status;
    struct page_box bounds = {frame.x0 + 3, frame.y0 + 3, frame.x1 - 3, frame.y1 - 3};
    labels_place(layout->labels, layout, bounds);
    scene_set_title(s->scene, layout_string(layout, "title", "text"),
                    layout_string(layout, "title", "subtitle"));
    return err->status;
}

static void
render_state_fini(struct render_state *s)
{
    if (s->has_basemap)
        basemap_fini(&s->basemap);
    label_solver_destroy(s->labels);
    scene_destroy(s->scene);
    projection_destroy(s->projection);
    deployments_destroy(s->table);
    style_destroy(s->style);
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
    struct render_state s;
    memset(&s, 0, sizeof s);
    s.request = request;
    s.session = session;
    if (check_request(request, err) != POSTURE_OK)
        goto done;
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
    s.projection = projection_create(definition, "[map] projection", err);
    if (s.projection == NULL)
        goto done;
    struct text_measure measure = text_shaper_measure(session_shaper(session));
    s.scene = scene_create(width, height);
    s.labels = label_solver_create();
    struct layout layout = {
        .scene = s.scene,
        .style = s.style,
        .measure = &measure,
        .projection = s.projection,
        .labels = s.labels,
        .warn = request->warn,
        .warn_context = request->warn_context,
        .err = err,
    };
    if (lay_out(&s, &layout, err) != POSTURE_OK)
        goto done;
    write_outputs(&s, err);
done:
    render_state_fini(&s);
    return err->status;
}
