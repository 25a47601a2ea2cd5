#include "render/output.h"
#include "render/png_writer.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/alloc.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/parallel.h"
#include "core/utf8.h"
#include "render/text_shaping_cairo.h"
#include "render/thin_lines.h"

/* PDF metadata, the creation date included, came with cairo 1.16. */
#if CAIRO_VERSION < CAIRO_VERSION_ENCODE(1, 16, 0)
#error "posture needs cairo 1.16 or newer"
#endif

static const double PI = 3.14159265358979323846;

/* cairo's image surfaces stop here (pixman's limit). */
enum { IMAGE_SIDE_MAX_PX = 32767 };

/* 9999-12-31T23:59:59Z: a PDF date has four digits for the year. */
static const long long LAST_PDF_SECOND = 253402300799LL;

/* A PNG map is drawn in two bands of rows at once (draw_bands()); a band has
 * BAND_MIN_ROWS rows at least, so small images are drawn whole. */
enum { IMAGE_BANDS = 2, IMAGE_BANDS_MAX = 8, BAND_MIN_ROWS = 64 };

/* Bounds the hatch loop only: a style with spacing this fine is rejected long before. */
enum { HATCH_LINES_MAX = 100000 };

enum output_format
output_format_from_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot == NULL || strchr(dot, '/') != NULL)
        return OUTPUT_UNKNOWN;
    if (strcasecmp(dot, ".png") == 0)
        return OUTPUT_PNG;
    if (strcasecmp(dot, ".svg") == 0)
        return OUTPUT_SVG;
    if (strcasecmp(dot, ".pdf") == 0)
        return OUTPUT_PDF;
    return OUTPUT_UNKNOWN;
}

/* A box in user space (points). */
struct user_box {
    double x0, y0, x1, y1;
};

/* The rows a band of an image draws, in user space (points). */
struct band_rows {
    double y0, y1;
    double pixel_pt; /* one pixel */
};

struct drawing {
    cairo_t *cr;
    struct user_box whole;               /* the whole drawing, of which cr may draw a band */
    const struct band_rows *rows;        /* cr draws only these rows; NULL: the whole drawing */
    const struct thin_line_image *image; /* the image's pixels cr draws; NULL: not an image */
    double scale;                        /* of the image: pixels a point */
    struct text_shaper *shaper;          /* the caller's, or created at the first text item */
    bool owns_shaper;
    const char *font_files;
};

static void
set_source(cairo_t *cr, struct rgba colour)
{
    cairo_set_source_rgba(cr, colour.r, colour.g, colour.b, colour.a);
}

static void
append_geometry(cairo_t *cr, const struct scene_geometry *geometry)
{
    for (size_t s = 0; s < geometry->subpath_count; s++) {
        size_t start = geometry->subpath_starts[s];
        size_t end = scene_subpath_end(geometry, s);
        bool has_moved = false;
        for (size_t i = start; i < end; i++) {
            struct page_xy p = geometry->points[i];
            if (!isfinite(p.x) || !isfinite(p.y))
                continue; /* as the SVG writer does */
            if (has_moved)
                cairo_line_to(cr, p.x, p.y);
            else
                cairo_move_to(cr, p.x, p.y);
            has_moved = true;
        }
        if (has_moved && scene_subpath_is_closed(geometry, s))
            cairo_close_path(cr);
    }
}

/* Which side of the rows [lo, hi] p lies: -1 above, 1 below, 0 on them. */
static int
side_of_rows(struct page_xy p, double lo, double hi)
{
    return p.y < lo ? -1 : (p.y > hi ? 1 : 0);
}

/* append_geometry for a band of rows [lo, hi] (with margin enough for the paint): a subpath
 * wholly above or below is left out, and of each run of points beyond the same side only the
 * first and the last are kept. Why by hand: every band of an image draws every item, and cairo
 * builds, strokes and scan-converts the whole path for each, to throw away all but its rows
 * (the second band's copy of the borders and countries was 6 % of a 1:10m batch). The edges
 * that reach the rows are the same edges, from the same points: a run beyond a side becomes
 * one edge beyond it, whose stroke or fill reaches no row, so no pixel of the band changes
 * (test_bands_leave_out_what_reaches_none_of_their_rows compares). */
static void
append_geometry_in_rows(cairo_t *cr, const struct scene_geometry *geometry, double lo, double hi)
{
    for (size_t s = 0; s < geometry->subpath_count; s++) {
        size_t start = geometry->subpath_starts[s];
        size_t end = scene_subpath_end(geometry, s);
        /* A subpath is begun at its first point that is not beyond the side its first point
         * is beyond: one wholly beyond a side draws nothing. */
        bool has_first = false, has_moved = false, is_holding = false;
        struct page_xy first = {0}, held = {0}; /* held: the last point of a run, not added */
        int run_side = 0; /* of the run the last point began or extends: -1, 1; 0: none */
        for (size_t i = start; i < end; i++) {
            struct page_xy p = geometry->points[i];
            if (!isfinite(p.x) || !isfinite(p.y))
                continue; /* as the SVG writer does */
            int side = side_of_rows(p, lo, hi);
            if (side != 0 && side == run_side) {
                held = p; /* inside a run: only its last point is added, when it ends */
                is_holding = true;
                continue;
            }
            if (!has_first) {
                has_first = true;
                first = p;
                run_side = side;
                if (side == 0) {
                    cairo_move_to(cr, p.x, p.y);
                    has_moved = true;
                }
                continue;
            }
            if (!has_moved) {
                cairo_move_to(cr, first.x, first.y);
                has_moved = true;
            }
            if (is_holding)
                cairo_line_to(cr, held.x, held.y);
            is_holding = false;
            cairo_line_to(cr, p.x, p.y);
            run_side = side;
        }
        if (has_moved && is_holding)
            cairo_line_to(cr, held.x, held.y);
        if (has_moved && scene_subpath_is_closed(geometry, s))
            cairo_close_path(cr);
    }
}

static bool has_stroke(const struct scene_paint *paint);
static bool has_dash(const struct scene_paint *paint);

/* The item's path, only what reaches the rows if given (see append_geometry_in_rows()). Not for
 * a dashed stroke, whose dashes would move; nor a mitred one: cairo moves the end of a line's
 * outline to the tip of its mitre, so a join beyond the rows changes the slope, and the pixels,
 * of the line's outline inside them; nor a hatch, whose lines are laid across the path's
 * extents. */
static void
append_shape(cairo_t *cr, const struct scene_item *item, const struct band_rows *rows)
{
    const struct scene_paint *paint = &item->paint;
    bool is_stroked = has_stroke(paint);
    if (item->kind == ITEM_PATH && rows != NULL && paint->pattern != PATTERN_HATCH &&
        !(is_stroked && (has_dash(paint) || paint->join == JOIN_MITER))) {
        /* A stroke with round or bevel joins reaches half its width from the path, a square cap
         * 0.71 of it; anti-aliasing a pixel more. */
        double margin = (is_stroked ? paint->stroke_width_pt : 0) + 2 * rows->pixel_pt;
        append_geometry_in_rows(cr, &item->geometry, rows->y0 - margin, rows->y1 + margin);
    } else if (item->kind == ITEM_PATH) {
        append_geometry(cr, &item->geometry);
    } else if (item->kind == ITEM_CIRCLE && item->radius_pt > 0) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, item->centre.x, item->centre.y, item->radius_pt, 0, 2 * PI);
        cairo_close_path(cr);
    }
}

static bool
has_stroke(const struct scene_paint *paint)
{
    return paint->stroke.a > 0 && paint->stroke_width_pt > 0;
}

static bool
has_dash(const struct scene_paint *paint)
{
    return paint->dash_pt[0] >= 0 && paint->dash_pt[1] >= 0 &&
           paint->dash_pt[0] + paint->dash_pt[1] > 0 &&
           isfinite(paint->dash_pt[0] + paint->dash_pt[1]);
}

static bool
has_hatch_lines(const struct scene_paint *paint)
{
    return paint->hatch.a > 0 && paint->hatch_width_pt > 0 && paint->hatch_spacing_pt > 0 &&
           isfinite(paint->hatch_spacing_pt);
}

/* Lines of the hatch across the box [x0, x1] x [y0, y1]. They lie where the SVG writer's pattern
 * puts them: at offsets (k + 0.5) * spacing from the page origin along the normal, so adjacent
 * areas and all three outputs line up. */
static void
append_hatch_lines(cairo_t *cr, const struct scene_paint *paint, double x0, double y0, double x1,
                   double y1)
{
    double angle = paint->hatch_angle_deg * PI / 180.0;
    struct page_xy along = {cos(angle), -sin(angle)}; /* y points down: 45 rises to the right */
    struct page_xy normal = {sin(angle), cos(angle)};
    struct page_xy corners[4] = {{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}};
    double t_min = INFINITY, t_max = -INFINITY, u_min = INFINITY, u_max = -INFINITY;
    for (int i = 0; i < 4; i++) {
        double t = corners[i].x * normal.x + corners[i].y * normal.y;
        double u = corners[i].x * along.x + corners[i].y * along.y;
        t_min = fmin(t_min, t);
        t_max = fmax(t_max, t);
        u_min = fmin(u_min, u);
        u_max = fmax(u_max, u);
    }
    double spacing = paint->hatch_spacing_pt;
    double k_first = floor(t_min / spacing - 0.5);
    double k_last = ceil(t_max / spacing - 0.5);
    if (!(k_last - k_first < HATCH_LINES_MAX))
        return;
    int line_count = (int)(k_last - k_first) + 1;
    for (int i = 0; i < line_count; i++) {
        double t = (k_first + i + 0.5) * spacing;
        cairo_move_to(cr, normal.x * t + along.x * u_min, normal.y * t + along.y * u_min);
        cairo_line_to(cr, normal.x * t + along.x * u_max, normal.y * t + along.y * u_max);
    }
}

/* Hatches the current path (as a clip) with vector lines, so a PDF keeps them sharp; the path
 * is left in place for the stroke. */
static void
hatch_current_path(cairo_t *cr, const struct scene_paint *paint, const struct user_box *limit)
{
    if (!has_hatch_lines(paint))
        return;
    double x0, y0, x1, y1;
    cairo_path_extents(cr, &x0, &y0, &x1, &y1);
    cairo_path_t *path = cairo_copy_path(cr);
    cairo_save(cr);
    /* An outline stroked over the hatch hides the clip's edge: 16 levels of anti-aliasing do
     * there, as under borders (0.5 ms of a map for the Donbas area). */
    cairo_antialias_t antialias = cairo_get_antialias(cr);
    if (has_stroke(paint) && paint->stroke_width_pt >= 0.5)
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST);
    cairo_clip(cr);
    cairo_set_antialias(cr, antialias);
    /* Lines only across what the item's clip and the drawing leave: Crimea's hatch is Ukraine's
     * shape under Crimea's outline, and lines across all of Ukraine's box were 1 ms of a map.
     * Not cr's clip extents: those of a band of the image (draw_bands()) would give each band
     * other lines, and other pixels where they meet. */
    x0 = limit->x0 > x0 ? limit->x0 : x0;
    y0 = limit->y0 > y0 ? limit->y0 : y0;
    x1 = limit->x1 < x1 ? limit->x1 : x1;
    y1 = limit->y1 < y1 ? limit->y1 : y1;
    append_hatch_lines(cr, paint, x0, y0, x1, y1);
    set_source(cr, paint->hatch);
    cairo_set_line_width(cr, paint->hatch_width_pt);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_append_path(cr, path);
    cairo_path_destroy(path);
}

static cairo_line_cap_t
cairo_cap(enum line_cap cap)
{
    switch (cap) {
    case CAP_ROUND:
        return CAIRO_LINE_CAP_ROUND;
    case CAP_SQUARE:
        return CAIRO_LINE_CAP_SQUARE;
    case CAP_BUTT:
    default:
        return CAIRO_LINE_CAP_BUTT;
    }
}

static cairo_line_join_t
cairo_join(enum line_join join)
{
    switch (join) {
    case JOIN_ROUND:
        return CAIRO_LINE_JOIN_ROUND;
    case JOIN_BEVEL:
        return CAIRO_LINE_JOIN_BEVEL;
    case JOIN_MITER:
    default:
        return CAIRO_LINE_JOIN_MITER;
    }
}

static void
stroke_current_path(cairo_t *cr, const struct scene_paint *paint)
{
    set_source(cr, paint->stroke);
    cairo_set_line_width(cr, paint->stroke_width_pt);
    cairo_set_line_cap(cr, cairo_cap(paint->cap));
    cairo_set_line_join(cr, cairo_join(paint->join));
    if (has_dash(paint))
        cairo_set_dash(cr, paint->dash_pt, 2, 0);
    else
        cairo_set_dash(cr, NULL, 0, 0);
    cairo_stroke(cr);
}

static void
draw_shape(cairo_t *cr, const struct scene_item *item, const struct user_box *limit,
           const struct band_rows *rows)
{
    const struct scene_paint *paint = &item->paint;
    cairo_new_path(cr);
    append_shape(cr, item, rows);
    cairo_set_fill_rule(cr,
                        paint->is_even_odd ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING);
    if ((paint->pattern == PATTERN_SOLID || paint->pattern == PATTERN_HATCH) && paint->fill.a > 0) {
        set_source(cr, paint->fill);
        cairo_fill_preserve(cr);
    }
    if (paint->pattern == PATTERN_HATCH)
        hatch_current_path(cr, paint, limit);
    if (has_stroke(paint))
        stroke_current_path(cr, paint);
    cairo_new_path(cr);
}

/* Whether a clip is a box with sides along the axes (the map's frame), and that box. */
static bool
is_clip_box(const struct scene_geometry *clip, struct page_box *box)
{
    if (clip->subpath_count != 1 || clip->point_count < 4 || clip->point_count > 5)
        return false;
    *box = (struct page_box){INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; i < clip->point_count; i++) {
        struct page_xy p = clip->points[i];
        *box = (struct page_box){fmin(box->x0, p.x), fmin(box->y0, p.y), fmax(box->x1, p.x),
                                 fmax(box->y1, p.y)};
    }
    for (size_t i = 0; i < clip->point_count; i++) {
        struct page_xy p = clip->points[i];
        if ((p.x != box->x0 && p.x != box->x1) || (p.y != box->y0 && p.y != box->y1))
            return false;
    }
    return isfinite(box->x0) && isfinite(box->y0) && isfinite(box->x1) && isfinite(box->y1);
}

/* Draws the item with thin_lines_draw() if it is a thin line with round joins and caps (a
 * map's borders) on an image, clipped to nothing or a box; false if it is not. */
static bool
draw_thin_line(struct drawing *drawing, const struct scene_item *item)
{
    const struct scene_paint *paint = &item->paint;
    const struct scene_geometry *g = &item->geometry;
    bool is_filled =
        (paint->pattern == PATTERN_SOLID || paint->pattern == PATTERN_HATCH) && paint->fill.a > 0;
    double width_px = paint->stroke_width_pt * drawing->scale;
    bool is_all_closed = g->is_closed && g->open_subpath_count == 0;
    if (drawing->image == NULL || item->kind != ITEM_PATH || is_filled ||
        paint->pattern == PATTERN_HATCH || !has_stroke(paint) || has_dash(paint) ||
        paint->join != JOIN_ROUND || (paint->cap != CAP_ROUND && !is_all_closed) ||
        !(width_px <= THIN_LINE_MAX_PX))
        return false;
    struct page_box clip;
    if (item->clip != NULL && !is_clip_box(item->clip, &clip))
        return false;
    if (item->clip != NULL)
        clip = (struct page_box){clip.x0 * drawing->scale, clip.y0 * drawing->scale,
                                 clip.x1 * drawing->scale, clip.y1 * drawing->scale};
    cairo_surface_t *target = cairo_get_target(drawing->cr);
    cairo_surface_flush(target);
    thin_lines_draw(drawing->image, g, drawing->scale, width_px, paint->stroke,
                    item->clip != NULL ? &clip : NULL);
    cairo_surface_mark_dirty(target);
    return true;
}

static void
draw_item(struct drawing *drawing, const struct scene_item *item)
{
    if (draw_thin_line(drawing, item))
        return;
    cairo_t *cr = drawing->cr;
    cairo_save(cr);
    if (item->kind != ITEM_TEXT && item->paint.is_coarse_antialias)
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST);
    struct user_box limit = drawing->whole;
    if (item->clip != NULL) {
        const struct scene_geometry *clip = item->clip;
        struct user_box box = {INFINITY, INFINITY, -INFINITY, -INFINITY};
        for (size_t i = 0; i < clip->point_count; i++) {
            box.x0 = fmin(box.x0, clip->points[i].x);
            box.y0 = fmin(box.y0, clip->points[i].y);
            box.x1 = fmax(box.x1, clip->points[i].x);
            box.y1 = fmax(box.y1, clip->points[i].y);
        }
        limit = (struct user_box){fmax(limit.x0, box.x0), fmax(limit.y0, box.y0),
                                  fmin(limit.x1, box.x1), fmin(limit.y1, box.y1)};
        cairo_new_path(cr);
        append_geometry(cr, item->clip);
        /* A clip is an area's rings, holes included, whichever way they wind. */
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_clip(cr);
    }
    if (item->kind == ITEM_TEXT) {
        if (drawing->shaper == NULL) {
            drawing->shaper = text_shaper_create_with_fonts(drawing->font_files);
            if (drawing->shaper == NULL)
                drawing->shaper = text_shaper_create();
            drawing->owns_shaper = true;
        }
        text_shaper_draw(drawing->shaper, cr, item->text, item->at, item->anchor,
                         &item->text_style);
    } else {
        draw_shape(cr, item, &limit, drawing->rows);
    }
    cairo_restore(cr);
}

/* scene_items_sorted() hands qsort() a NULL array when the scene is empty, which qsort() does not
 * allow (UBSan stops there), so an empty scene is not sorted. */
static const struct scene_item *
items_in_drawing_order(struct scene *scene, size_t *count)
{
    *count = 0;
    return scene->item_count > 0 ? scene_items_sorted(scene, count) : NULL;
}

/* Draws the items [first, last) of the sorted items in order (last past the end: all the
 * rest) as the drawing says; the result is cairo_status() of its context. */
static cairo_status_t
draw_items(struct drawing *drawing, const struct scene_item *items, size_t count, size_t first,
           size_t last)
{
    cairo_t *cr = drawing->cr;
    /* SVG's default, so PNG, PDF and SVG cut corners alike. */
    cairo_set_miter_limit(cr, 4.0);
    count = last < count ? last : count;
    for (size_t i = first; i < count && cairo_status(cr) == CAIRO_STATUS_SUCCESS; i++)
        draw_item(drawing, &items[i]);
    if (drawing->owns_shaper)
        text_shaper_destroy(drawing->shaper);
    return cairo_status(cr);
}

/* How an image's rows start, before any item is drawn: as they are, one pixel everywhere (an
 * opaque page), or a copy of pixels kept before (a batch's basemap). */
struct band_start {
    const unsigned char *copy; /* an image of the same size and stride; NULL: none */
    uint32_t fill;
    bool is_filled;
};

/* The PNG of an opaque image, made by its bands as they finish (png_writer.h). */
struct png_parts {
    struct png_part parts[IMAGE_BANDS_MAX];
    size_t count;
};

static void
png_parts_fini(struct png_parts *parts)
{
    if (parts == NULL)
        return;
    for (size_t i = 0; i < parts->count; i++)
        png_part_fini(&parts->parts[i]);
    parts->count = 0;
}

/* What an image is drawn from: the scene at a scale (pixels a point), in bands, with a shaper
 * (NULL: one is made). */
struct image_job {
    struct scene *scene;
    struct text_shaper *shaper;
    double scale;
    int bands;
    bool is_serial; /* draw the bands one after the other on this thread (a batch's worker) */
    bool draws_whole_paths;         /* every band every item's whole path (tests: append_shape()) */
    struct helpers *helpers;        /* with is_serial: who may draw a band meanwhile (NULL: none) */
    const struct scene_item *items; /* the scene's, in drawing order (render_image() sorts) */
    size_t count;
    /* IMAGE_BANDS_MAX scratches for the thin lines (thin_lines.h), band k's the k-th, kept from
     * map to map by a batch's cache; NULL: each band makes its own */
    struct thin_line_scratch *scratches;
};

/* One band of an image's rows, drawn by its own cairo context (on its own thread). */
struct band {
    cairo_surface_t *target; /* the image's pixels */
    const struct band_start *start;
    const struct image_job *job;
    const struct scene_item *items; /* sorted once, by draw_bands() */
    size_t count, first, last;
    int width_px, height_px, y0, y1;
    struct png_part *part; /* encode the band's rows once drawn, as this part; NULL: do not */
    struct thin_line_scratch *scratch; /* the thin lines' memory; NULL: the band's own */
    cairo_status_t status;
};

static void
draw_band(void *data)
{
    struct band *band = data;
    const struct band_start *start = band->start;
    if (start != NULL && (start->copy != NULL || start->is_filled)) {
        size_t stride = (size_t)cairo_image_surface_get_stride(band->target);
        unsigned char *rows =
            cairo_image_surface_get_data(band->target) + stride * (size_t)band->y0;
        size_t size = stride * (size_t)(band->y1 - band->y0);
        if (start->copy != NULL) {
            memcpy(rows, start->copy + stride * (size_t)band->y0, size);
        } else {
            /* The colour in a local: through start, every store might change it (1.5 % of a
             * batch's time, unvectorised). */
            uint32_t *pixels = (uint32_t *)(void *)rows, fill = start->fill;
            for (size_t i = 0; i < size / 4; i++)
                pixels[i] = fill;
        }
        cairo_surface_mark_dirty(band->target);
    }
    cairo_t *cr = cairo_create(band->target);
    cairo_rectangle(cr, 0, band->y0, band->width_px, band->y1 - band->y0);
    cairo_clip(cr);
    double scale = band->job->scale;
    cairo_scale(cr, scale, scale);
    struct user_box whole = {0, 0, band->width_px / scale, band->height_px / scale};
    /* A band of the image draws what reaches its rows (append_shape()); the whole image all. */
    struct band_rows rows = {band->y0 / scale, band->y1 / scale, 1 / scale};
    bool is_whole = band->y0 == 0 && band->y1 == band->height_px;
    struct thin_line_scratch own = {0};
    struct thin_line_scratch *scratch = band->scratch != NULL ? band->scratch : &own;
    struct thin_line_image image = {.pixels = cairo_image_surface_get_data(band->target),
                                    .stride = cairo_image_surface_get_stride(band->target),
                                    .width_px = band->width_px,
                                    .row0 = band->y0,
                                    .row1 = band->y1,
                                    .scratch = scratch};
    struct drawing drawing = {.cr = cr,
                              .whole = whole,
                              .rows = is_whole || band->job->draws_whole_paths ? NULL : &rows,
                              .image = &image,
                              .scale = scale,
                              .shaper = band->job->shaper,
                              .font_files = band->job->scene->font_files};
    band->status = draw_items(&drawing, band->items, band->count, band->first, band->last);
    thin_line_scratch_fini(&own);
    cairo_destroy(cr);
    if (band->part != NULL && band->status == CAIRO_STATUS_SUCCESS) {
        cairo_surface_flush(band->target);
        size_t stride = (size_t)cairo_image_surface_get_stride(band->target);
        png_part_encode(cairo_image_surface_get_data(band->target) + stride * (size_t)band->y0,
                        band->width_px, band->y1 - band->y0, (int)stride,
                        band->y1 == band->height_px, band->part);
    }
}

/* Draws the items [first, last) onto the image in IMAGE_BANDS bands of rows at once, the first
 * on this thread, each other on a thread of its own: cairo's filling and stroking (two thirds
 * of a PNG map) took 10.0 ms in one piece and 5.3 + 5.4 ms in two halves. Every item is drawn
 * in every band, clipped to the band's whole rows, and such a clip changes no pixel inside it
 * (hatches take care to draw the same lines in every band). The image is then almost the same
 * with any number of bands (test_cairo_output checks 1 to 3 with fills, strokes, hatches, clips
 * and text across the edges), but not always to the byte: an edge clipped at the seam can round
 * a pixel there a level differently (cli_batch_workers has such a map). So every image of a
 * size is drawn in the same bands, at once or one after the other. The bands share the shaper,
 * whose drawing takes turns (text_shaper_draw()). */
static cairo_status_t
draw_bands(cairo_surface_t *image, const struct image_job *job, const struct band_start *start,
           size_t first, size_t last, struct png_parts *parts)
{
    const struct scene_item *items = job->items;
    size_t count = job->count;
    int bands = job->bands;
    int width_px = cairo_image_surface_get_width(image);
    int height_px = cairo_image_surface_get_height(image);
    if (bands > height_px / BAND_MIN_ROWS)
        bands = height_px / BAND_MIN_ROWS;
    if (bands < 1)
        bands = 1;
    if (bands > IMAGE_BANDS_MAX)
        bands = IMAGE_BANDS_MAX;
    cairo_surface_flush(image);
    struct band band[IMAGE_BANDS_MAX];
    memset(band, 0, sizeof band);
    struct parallel_task tasks[IMAGE_BANDS_MAX];
    for (int k = 0; k < bands; k++) {
        /* Other bands draw through surfaces of their own over the same pixels: a cairo surface
         * is not to be drawn on by two threads. */
        cairo_surface_t *target =
            k == 0 ? cairo_surface_reference(image)
                   : cairo_image_surface_create_for_data(cairo_image_surface_get_data(image),
                                                         CAIRO_FORMAT_ARGB32, width_px, height_px,
                                                         cairo_image_surface_get_stride(image));
        band[k] = (struct band){
            .target = target,
            .start = start,
            .job = job,
            .items = items,
            .count = count,
            .first = first,
            .last = last,
            .width_px = width_px,
            .height_px = height_px,
            .y0 = (int)((long long)height_px * k / bands),
            .y1 = (int)((long long)height_px * (k + 1) / bands),
            .part = parts != NULL ? &parts->parts[k] : NULL,
            .scratch = job->scratches != NULL ? &job->scratches[k] : NULL,
            .status = CAIRO_STATUS_SUCCESS,
        };
    }
    if (parts != NULL)
        parts->count = (size_t)bands;
    /* Serially, a band is drawn by a helper if one is idle: the same pixels, on another thread. */
    bool is_helped[IMAGE_BANDS_MAX] = {false};
    for (int k = 1; k < bands; k++) {
        if (!job->is_serial)
            parallel_start(&tasks[k], draw_band, &band[k]);
        else
            is_helped[k] = helpers_offer(job->helpers, &tasks[k], draw_band, &band[k]);
    }
    draw_band(&band[0]);
    cairo_status_t status = band[0].status;
    for (int k = 1; k < bands; k++) {
        if (!job->is_serial)
            parallel_finish(&tasks[k]);
        else if (is_helped[k])
            helpers_finish(job->helpers, &tasks[k]);
        else
            draw_band(&band[k]);
        cairo_surface_finish(band[k].target);
        if (status == CAIRO_STATUS_SUCCESS)
            status = band[k].status;
    }
    for (int k = 0; k < bands; k++)
        cairo_surface_destroy(band[k].target);
    cairo_surface_mark_dirty(image);
    return status;
}

/* Where cairo writes: the atomic file's stream; the first errno is kept for the message. */
struct sink {
    FILE *stream;
    int error;
};

static cairo_status_t
write_to_sink(void *closure, const unsigned char *data, unsigned int length)
{
    struct sink *sink = closure;
    if (sink->error != 0)
        return CAIRO_STATUS_WRITE_ERROR;
    errno = 0;
    if (fwrite(data, 1, length, sink->stream) != length) {
        sink->error = errno != 0 ? errno : EIO;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

static enum posture_status
cairo_failure(cairo_status_t status, const struct sink *sink, const char *path,
              struct posture_error *err)
{
    if (status == CAIRO_STATUS_WRITE_ERROR)
        return error_set(err, POSTURE_ERR_WRITE, "%s: cannot write: %s", path,
                         sink != NULL && sink->error != 0 ? strerror(sink->error)
                                                          : cairo_status_to_string(status));
    return error_set(err, POSTURE_ERR_INTERNAL, "%s: cairo failed: %s", path,
                     cairo_status_to_string(status));
}

static enum posture_status
check_scale(double *scale, const char *path, struct posture_error *err)
{
    if (*scale == 0)
        *scale = 1;
    if (!isfinite(*scale) || *scale < 0)
        return error_set(err, POSTURE_ERR_USAGE, "%s: scale %g is not a positive number", path,
                         *scale);
    return POSTURE_OK;
}

static enum posture_status
image_size(const struct scene *scene, double scale, const char *path, int *width_px, int *height_px,
           struct posture_error *err)
{
    /* The tolerance keeps 300.0000001 pt at scale 1 from growing a column of blank pixels. */
    double width = ceil(scene->width_pt * scale - 1e-6);
    double height = ceil(scene->height_pt * scale - 1e-6);
    if (!(width >= 1 && height >= 1 && width <= IMAGE_SIDE_MAX_PX && height <= IMAGE_SIDE_MAX_PX))
        return error_set(err, POSTURE_ERR_USAGE,
                         "%s: an image of %g x %g pixels cannot be drawn (1 to %d pixels a side)",
                         path, width, height, IMAGE_SIDE_MAX_PX);
    *width_px = (int)width;
    *height_px = (int)height;
    return POSTURE_OK;
}

/* Whether the scene starts with an opaque page colour over exactly the whole image, as maps do
 * (*pixel: that colour as a pixel). The image is then filled with it directly: cairo would
 * zero 7.7 MB of memory and then paint every pixel of it again. */
static bool
opaque_page(const struct scene_item *items, size_t count, double scale, int width_px, int height_px,
            uint32_t *pixel)
{
    if (count == 0)
        return false;
    const struct scene_item *page = &items[0];
    const struct scene_paint *paint = &page->paint;
    const struct scene_geometry *g = &page->geometry;
    if (page->kind != ITEM_PATH || page->clip != NULL || paint->pattern != PATTERN_SOLID ||
        has_stroke(paint) || paint->fill.a < 1 || g->subpath_count != 1 || g->point_count != 4)
        return false;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < 4; i++) {
        x0 = g->points[i].x < x0 ? g->points[i].x : x0;
        x1 = g->points[i].x > x1 ? g->points[i].x : x1;
        y0 = g->points[i].y < y0 ? g->points[i].y : y0;
        y1 = g->points[i].y > y1 ? g->points[i].y : y1;
    }
    /* a rectangle: each corner on the box's corners */
    for (size_t i = 0; i < 4; i++)
        if ((g->points[i].x != x0 && g->points[i].x != x1) ||
            (g->points[i].y != y0 && g->points[i].y != y1))
            return false;
    if (!(x0 * scale <= 0 && y0 * scale <= 0 && x1 * scale >= width_px && y1 * scale >= height_px))
        return false;
    struct rgba c = paint->fill;
    *pixel = 0xFF000000u | (uint32_t)lround(c.r * 255) << 16 | (uint32_t)lround(c.g * 255) << 8 |
             (uint32_t)lround(c.b * 255);
    return true;
}

/* An image's pixels, freed with the image, or handed back to the batch's cache it came from. */
struct image_pages {
    unsigned char *data;
    size_t size;
    struct raster_cache *home; /* NULL: freed */
};

struct raster_cache {
    uint64_t key, last_key; /* of the basemap kept, and of the last map's */
    int width_px, height_px;
    size_t prefix;         /* items the kept image holds */
    unsigned char *pixels; /* the image after them; NULL: none kept */
    size_t size;
    /* The last map's image, for the next map of its size: mapping and unmapping 7.7 MB for
     * each map of a batch cost a fifth of a map. NULL: none. */
    struct image_pages *spare;
    /* Draw an image's bands one after the other on the calling thread: the batch's workers
     * already keep every processor busy (raster_cache_draw_serially()). */
    bool is_serial;
    struct helpers *helpers;
    /* The thin lines' memory of each band (a strip's mask, the segments sorted into strips),
     * allocated and faulted in once a batch, not once a map. */
    struct thin_line_scratch scratches[IMAGE_BANDS_MAX];
};

static void
free_image_pages(void *data)
{
    struct image_pages *pages = data;
    if (pages->home != NULL && pages->home->spare == NULL) {
        pages->home->spare = pages;
        return;
    }
    xfree_pages(pages->data, pages->size);
    free(pages);
}

/* An image on pages of its own (xalloc_pages(): a fault for each 4 KiB page the drawing first
 * touches was a third of a map's time on a virtual machine), of cairo's stride for the width;
 * zeroed (transparent black, as cairo_image_surface_create() gives) unless every pixel is set
 * before drawing (is_set_first). With a cache, the last map's image of this size is used again,
 * and this one is kept for the next; the image must not outlive the cache. */
static cairo_surface_t *
paged_image(int width_px, int height_px, bool is_set_first, struct raster_cache *cache)
{
    static const cairo_user_data_key_t key;
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, width_px);
    size_t size = (size_t)stride * (size_t)height_px;
    struct image_pages *pages = NULL;
    if (cache != NULL && cache->spare != NULL && cache->spare->size == size) {
        pages = cache->spare;
        cache->spare = NULL;
        if (!is_set_first)
            memset(pages->data, 0, size);
    } else {
        pages = xmalloc(sizeof *pages);
        pages->size = size;
        pages->data = xalloc_pages(size);
    }
    pages->home = cache;
    cairo_surface_t *surface = cairo_image_surface_create_for_data(pages->data, CAIRO_FORMAT_ARGB32,
                                                                   width_px, height_px, stride);
    if (cairo_surface_set_user_data(surface, &key, pages, free_image_pages) != CAIRO_STATUS_SUCCESS)
        free_image_pages(pages); /* the surface is in error and says so */
    return surface;
}

struct raster_cache *
raster_cache_create(void)
{
    return xcalloc(1, sizeof(struct raster_cache));
}

void
raster_cache_draw_serially(struct raster_cache *cache, struct helpers *helpers)
{
    cache->is_serial = true;
    cache->helpers = helpers;
}

void
raster_cache_destroy(struct raster_cache *cache)
{
    if (cache == NULL)
        return;
    free(cache->pixels);
    for (size_t k = 0; k < IMAGE_BANDS_MAX; k++)
        thin_line_scratch_fini(&cache->scratches[k]);
    if (cache->spare != NULL) {
        xfree_pages(cache->spare->data, cache->spare->size);
        free(cache->spare);
    }
    free(cache);
}

/* How many items the map's basemap is: the leading items below the areas (page, sea, country
 * fills, features under the borders, borders), none of them text. */
static size_t
basemap_prefix(const struct scene_item *items, size_t count)
{
    size_t n = 0;
    while (n < count && items[n].layer <= LAYER_BORDERS && items[n].kind != ITEM_TEXT)
        n++;
    return n;
}

static uint64_t
mix(uint64_t h, uint64_t word)
{
    h ^= word;
    h *= 0x100000001B3ull;
    return h ^ (h >> 29);
}

static uint64_t
mix_double(uint64_t h, double value)
{
    uint64_t word;
    memcpy(&word, &value, sizeof word);
    return mix(h, word);
}

static uint64_t
mix_colour(uint64_t h, struct rgba c)
{
    return mix_double(mix_double(mix_double(mix_double(h, c.r), c.g), c.b), c.a);
}

static uint64_t
mix_geometry(uint64_t h, const struct scene_geometry *g)
{
    h = mix(mix(mix(mix(h, g->point_count), g->subpath_count), g->is_closed),
            g->open_subpath_count);
    for (size_t i = 0; i < g->point_count; i++)
        h = mix_double(mix_double(h, g->points[i].x), g->points[i].y);
    for (size_t i = 0; i < g->subpath_count; i++)
        h = mix(h, g->subpath_starts[i]);
    return h;
}

/* A digest of everything that draws the first `prefix` items at this size: two maps with the
 * same key draw the same pixels there. */
static uint64_t
prefix_key(const struct scene_item *items, size_t prefix, int width_px, int height_px, double scale)
{
    uint64_t h =
        mix_double(mix(mix(0xCBF29CE484222325ull, (uint64_t)width_px), (uint64_t)height_px), scale);
    for (size_t i = 0; i < prefix; i++) {
        const struct scene_item *item = &items[i];
        const struct scene_paint *p = &item->paint;
        h = mix(mix(mix(h, (uint64_t)item->kind), (uint64_t)item->layer), (uint64_t)p->pattern);
        h = mix_colour(mix_colour(mix_colour(h, p->fill), p->hatch), p->stroke);
        h = mix_double(mix_double(mix_double(h, p->hatch_spacing_pt), p->hatch_width_pt),
                       p->hatch_angle_deg);
        h = mix_double(mix_double(mix_double(h, p->stroke_width_pt), p->dash_pt[0]), p->dash_pt[1]);
        h = mix(mix(mix(mix(h, (uint64_t)p->cap), (uint64_t)p->join), p->is_even_odd),
                p->is_coarse_antialias);
        h = mix_double(mix_double(mix_double(h, item->centre.x), item->centre.y), item->radius_pt);
        h = mix_geometry(h, &item->geometry);
        h = item->clip != NULL ? mix_geometry(mix(h, 1), item->clip) : mix(h, 0);
    }
    return h;
}

static void
keep_basemap(struct raster_cache *cache, cairo_surface_t *surface, uint64_t key, size_t prefix)
{
    cairo_surface_flush(surface);
    int height = cairo_image_surface_get_height(surface);
    size_t size = (size_t)cairo_image_surface_get_stride(surface) * (size_t)height;
    if (cache->size != size) {
        free(cache->pixels);
        cache->pixels = xmalloc(size);
        cache->size = size;
    }
    memcpy(cache->pixels, cairo_image_surface_get_data(surface), size);
    cache->key = key;
    cache->prefix = prefix;
    cache->width_px = cairo_image_surface_get_width(surface);
    cache->height_px = height;
}

/* The image of the scene. With a cache (a batch): when this map's basemap is the one kept, the
 * image starts as a copy of it and only the rest is drawn; when it is the previous map's, it is
 * kept after drawing (two maps in a row, as the frames of a time series are). The pixels are
 * the same either way: the same items drawn in the same order onto the same image. */
static enum posture_status
render_image(const struct image_job *asked, struct raster_cache *cache, struct png_parts *parts,
             const char *path, cairo_surface_t **out, struct posture_error *err)
{
    struct image_job job = *asked;
    struct scene *scene = job.scene;
    *out = NULL;
    if (parts != NULL)
        parts->count = 0;
    int width_px = 0, height_px = 0;
    enum posture_status checked = check_scale(&job.scale, path, err);
    if (checked == POSTURE_OK)
        checked = image_size(scene, job.scale, path, &width_px, &height_px, err);
    if (checked != POSTURE_OK)
        return checked;
    job.items = items_in_drawing_order(scene, &job.count);
    size_t prefix = cache != NULL ? basemap_prefix(job.items, job.count) : 0;
    uint64_t key = prefix > 0 ? prefix_key(job.items, prefix, width_px, height_px, job.scale) : 0;
    bool is_restored = prefix > 0 && cache->pixels != NULL && cache->key == key &&
                       cache->prefix == prefix && cache->width_px == width_px &&
                       cache->height_px == height_px;
    struct band_start start = {.copy = is_restored ? cache->pixels : NULL};
    /* An opaque page stays opaque under what is drawn on it (all of it cairo's OVER): its
     * bands may be encoded as they finish, as RGB. So is a kept basemap, the same page's. */
    bool is_opaque = opaque_page(job.items, job.count, job.scale, width_px, height_px, &start.fill);
    start.is_filled = !is_restored && is_opaque;
    /* draw_bands() fills an opaque page or copies a kept basemap, each band its own rows. */
    cairo_surface_t *surface =
        paged_image(width_px, height_px, is_restored || start.is_filled, cache);
    size_t first = is_restored ? prefix : start.is_filled ? 1 : 0;
    cairo_status_t status = cairo_surface_status(surface);
    if (status == CAIRO_STATUS_SUCCESS && !is_restored && prefix > first &&
        cache->last_key == key) {
        status = draw_bands(surface, &job, &start, first, prefix, NULL);
        if (status == CAIRO_STATUS_SUCCESS)
            keep_basemap(cache, surface, key, prefix);
        first = prefix;
        start = (struct band_start){0};
    }
    if (status == CAIRO_STATUS_SUCCESS)
        status = draw_bands(surface, &job, &start, first, SIZE_MAX, is_opaque ? parts : NULL);
    if (cache != NULL)
        cache->last_key = key;
    cairo_surface_flush(surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        png_parts_fini(parts);
        return cairo_failure(status, NULL, path, err);
    }
    *out = surface;
    return POSTURE_OK;
}

static enum posture_status
write_png(struct scene *scene, struct text_shaper *shaper, struct raster_cache *cache,
          const char *path, double scale, struct posture_error *err)
{
    cairo_surface_t *surface = NULL;
    struct png_parts parts;
    enum posture_status rendered =
        render_image(&(struct image_job){.scene = scene,
                                         .shaper = shaper,
                                         .scale = scale,
                                         .bands = IMAGE_BANDS,
                                         .is_serial = cache != NULL && cache->is_serial,
                                         .helpers = cache != NULL ? cache->helpers : NULL,
                                         .scratches = cache != NULL ? cache->scratches : NULL},
                     cache, &parts, path, &surface, err);
    if (rendered != POSTURE_OK)
        return rendered;
    struct atomic_file file;
    enum posture_status opened = atomic_file_open(&file, path, err);
    if (opened != POSTURE_OK) {
        png_parts_fini(&parts);
        cairo_surface_destroy(surface);
        return opened;
    }
    int width = cairo_image_surface_get_width(surface);
    int height = cairo_image_surface_get_height(surface);
    enum posture_status written =
        parts.count > 0
            ? png_writer_write_parts(file.stream, width, height, parts.parts, parts.count, path,
                                     err)
            : png_writer_write(file.stream, cairo_image_surface_get_data(surface), width, height,
                               cairo_image_surface_get_stride(surface), path, err);
    png_parts_fini(&parts);
    cairo_surface_destroy(surface);
    if (written != POSTURE_OK) {
        atomic_file_abort(&file);
        return written;
    }
    return atomic_file_commit(&file, err);
}

/* "1970-01-01T00:00:00Z" or the time in $SOURCE_DATE_EPOCH: a PDF takes nothing from the clock,
 * so the same scene gives the same bytes. (cairo 1.16 writes it without the optional "D:"
 * prefix; readers accept it, later cairo adds it.) */
static void
format_creation_date(char *text, size_t size)
{
    time_t seconds = 0;
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch != NULL && *epoch != '\0') {
        char *end;
        errno = 0;
        long long value = strtoll(epoch, &end, 10);
        if (errno == 0 && *end == '\0' && value >= 0 && value <= LAST_PDF_SECOND &&
            (long long)(time_t)value == value)
            seconds = (time_t)value;
    }
    struct tm utc;
    if (gmtime_r(&seconds, &utc) == NULL || strftime(text, size, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0)
        (void)snprintf(text, size, "1970-01-01T00:00:00Z");
}

static void
set_pdf_metadata(cairo_surface_t *surface, const struct scene *scene)
{
    char date[32];
    format_creation_date(date, sizeof date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "posture");
    /* cairo fails the whole surface on a title that is not UTF-8: better no title than no map. */
    if (scene->title != NULL && utf8_valid(scene->title, strlen(scene->title), NULL))
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, scene->title);
}

static enum posture_status
write_pdf(struct scene *scene, struct text_shaper *shaper, const char *path,
          struct posture_error *err)
{
    if (!(scene->width_pt > 0 && scene->height_pt > 0 && isfinite(scene->width_pt) &&
          isfinite(scene->height_pt)))
        return error_set(err, POSTURE_ERR_USAGE, "%s: a page of %g x %g pt cannot be drawn", path,
                         scene->width_pt, scene->height_pt);
    struct atomic_file file;
    enum posture_status opened = atomic_file_open(&file, path, err);
    if (opened != POSTURE_OK)
        return opened;
    struct sink sink = {.stream = file.stream};
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
        write_to_sink, &sink, scene->width_pt, scene->height_pt);
    set_pdf_metadata(surface, scene);
    cairo_t *cr = cairo_create(surface);
    size_t count;
    const struct scene_item *items = items_in_drawing_order(scene, &count);
    struct drawing drawing = {.cr = cr,
                              .whole = {0, 0, scene->width_pt, scene->height_pt},
                              .scale = 1,
                              .shaper = shaper,
                              .font_files = scene->font_files};
    cairo_status_t status = draw_items(&drawing, items, count, 0, SIZE_MAX);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        atomic_file_abort(&file);
        return cairo_failure(status, &sink, path, err);
    }
    return atomic_file_commit(&file, err);
}

enum posture_status
cairo_output_write(struct scene *scene, const char *path, enum output_format format, double scale,
                   struct posture_error *err)
{
    return cairo_output_write_shaped(scene, NULL, path, format, scale, err);
}

enum posture_status
cairo_output_write_shaped(struct scene *scene, struct text_shaper *shaper, const char *path,
                          enum output_format format, double scale, struct posture_error *err)
{
    return cairo_output_write_cached(scene, shaper, NULL, path, format, scale, err);
}

enum posture_status
cairo_output_write_cached(struct scene *scene, struct text_shaper *shaper,
                          struct raster_cache *cache, const char *path, enum output_format format,
                          double scale, struct posture_error *err)
{
    switch (format) {
    case OUTPUT_PNG:
        return write_png(scene, shaper, cache, path, scale, err);
    case OUTPUT_PDF:
        return write_pdf(scene, shaper, path, err);
    case OUTPUT_SVG:
    case OUTPUT_UNKNOWN:
    default:
        return error_set(err, POSTURE_ERR_USAGE, "%s: cairo writes only PNG and PDF", path);
    }
}

static void
copy_pixels(cairo_surface_t *surface, struct output_raster *out)
{
    int width = cairo_image_surface_get_width(surface);
    int height = cairo_image_surface_get_height(surface);
    int stride = cairo_image_surface_get_stride(surface);
    const unsigned char *data = cairo_image_surface_get_data(surface);
    out->width_px = width;
    out->height_px = height;
    out->pixels = xcalloc((size_t)width * (size_t)height, sizeof *out->pixels);
    for (int y = 0; y < height; y++)
        memcpy(out->pixels + (size_t)y * (size_t)width, data + (size_t)y * (size_t)stride,
               (size_t)width * sizeof *out->pixels);
}

static enum posture_status
render_raster(struct scene *scene, double scale, int bands, bool draws_whole_paths,
              struct output_raster *out, struct posture_error *err)
{
    memset(out, 0, sizeof *out);
    cairo_surface_t *surface = NULL;
    struct image_job job = {
        .scene = scene, .scale = scale, .bands = bands, .draws_whole_paths = draws_whole_paths};
    enum posture_status rendered = render_image(&job, NULL, NULL, "(raster)", &surface, err);
    if (rendered != POSTURE_OK)
        return rendered;
    copy_pixels(surface, out);
    cairo_surface_destroy(surface);
    return POSTURE_OK;
}

enum posture_status
cairo_output_render_raster(struct scene *scene, double scale, struct output_raster *out,
                           struct posture_error *err)
{
    return render_raster(scene, scale, IMAGE_BANDS, false, out, err);
}

enum posture_status
cairo_output_render_raster_in_bands(struct scene *scene, double scale, int bands,
                                    bool draws_whole_paths, struct output_raster *out,
                                    struct posture_error *err)
{
    return render_raster(scene, scale, bands, draws_whole_paths, out, err);
}

enum posture_status
cairo_output_read_png(const char *path, struct output_raster *out, struct posture_error *err)
{
    memset(out, 0, sizeof *out);
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    cairo_status_t status = cairo_surface_status(png);
    if (status != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(png);
        if (status == CAIRO_STATUS_FILE_NOT_FOUND)
            return error_set(err, POSTURE_ERR_MISSING, "%s: cannot read", path);
        if (status == CAIRO_STATUS_NO_MEMORY)
            return error_set(err, POSTURE_ERR_INTERNAL, "%s: %s", path,
                             cairo_status_to_string(status));
        return error_set(err, POSTURE_ERR_INPUT, "%s: not a PNG: %s", path,
                         cairo_status_to_string(status));
    }
    /* Painted onto ARGB32 so every PNG reads the same way (RGB24 gets an opaque alpha). */
    cairo_surface_t *argb =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width(png),
                                   cairo_image_surface_get_height(png));
    cairo_t *cr = cairo_create(argb);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_set_source_surface(cr, png, 0, 0);
    cairo_paint(cr);
    status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(png);
    cairo_surface_flush(argb);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(argb);
    if (status != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(argb);
        return cairo_failure(status, NULL, path, err);
    }
    copy_pixels(argb, out);
    cairo_surface_destroy(argb);
    return POSTURE_OK;
}

void
output_raster_fini(struct output_raster *raster)
{
    if (raster == NULL)
        return;
    free(raster->pixels);
    memset(raster, 0, sizeof *raster);
}
