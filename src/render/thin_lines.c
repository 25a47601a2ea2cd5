#include "render/thin_lines.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

/* floor() and ceil() to an int, inline: the libm calls were a tenth of drawing a line. For
 * values well within int's range, as pixel coordinates are. */
static inline int
floor_int(double v)
{
    int i = (int)v;
    return i - (v < i);
}

static inline int
ceil_int(double v)
{
    int i = (int)v;
    return i + (v > i);
}

/* v, or lo or hi if it is beyond them: a coordinate far off the image still makes an int. */
static inline double
within(double v, double lo, double hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

/* One segment in pixels, in its own frame: `along` from a towards b (0..length), `across` to
 * its left. */
struct segment {
    double ax, ay;
    double ux, uy;     /* the unit direction; (1, 0) for a segment of no length (a dot) */
    double inverse_uy; /* 0 for a segment along x */
    double length;
    /* Across the segment, a pixel's unit square spreads as a trapezoid: flat to m, falling to
     * 0 at e (m = (a - b) / 2, e = (a + b) / 2 with a, b the larger and smaller of the
     * direction's components). */
    double m, e, inverse_a, inverse_2ab, b2;
};

/* Columns a flag in struct mask's touched: the line is laid only over runs it touched. */
enum { RUN_PX = 32 };

/* Rows drawn at a time: a strip's mask (STRIP_ROWS x the image's width) and pixels stay in the
 * processor's cache. */
enum { STRIP_ROWS = 16 };

/* The coverage mask of the rows being drawn, and which runs of each row were touched. */
struct mask {
    unsigned char *cover;   /* width_px a row, rows [row0, row1) */
    unsigned char *touched; /* run_count a row: 1 where the line may cover a pixel of the run */
    int run_count;
    int width_px, row0, row1;
    int column0, column1; /* the columns the clip leaves, [column0, column1) */
    double radius;        /* half the line's width */
};

static struct segment
segment_make(double ax, double ay, double bx, double by)
{
    struct segment s = {.ax = ax, .ay = ay, .ux = 1, .uy = 0};
    double dx = bx - ax, dy = by - ay;
    s.length = sqrt(dx * dx + dy * dy);
    if (s.length > 0) {
        s.ux = dx / s.length;
        s.uy = dy / s.length;
    }
    s.inverse_uy = fabs(s.uy) < 1e-12 ? 0 : 1 / s.uy;
    double a = fabs(s.ux) > fabs(s.uy) ? fabs(s.ux) : fabs(s.uy);
    double b = fabs(s.ux) > fabs(s.uy) ? fabs(s.uy) : fabs(s.ux);
    s.m = (a - b) / 2;
    s.e = (a + b) / 2;
    s.inverse_a = 1 / a;
    s.b2 = b * b;
    s.inverse_2ab = b > 1e-9 ? 1 / (2 * a * b) : 0;
    return s;
}

/* Of a pixel's square spread across the segment, the part within x of its centre on one side
 * (x >= 0): 0.5 from e on. */
static inline double
half_spread(const struct segment *s, double x)
{
    if (x >= s->e)
        return 0.5;
    if (x <= s->m)
        return x * s->inverse_a;
    double rest = s->e - x;
    return s->m * s->inverse_a + (s->b2 - rest * rest) * s->inverse_2ab;
}

/* The part of a pixel the line covers whose centre is d from the segment (0..1). */
static inline double
coverage(const struct segment *s, double radius, double d)
{
    double near = d - radius; /* the line's edge nearer the pixel's centre, across */
    double inside = near >= 0 ? -half_spread(s, near) : half_spread(s, -near);
    return half_spread(s, d + radius) + inside;
}

static void
draw_segment(struct mask *mask, const struct segment *s)
{
    double reach = mask->radius + s->e; /* no pixel farther than this is touched */
    double bx = s->ax + s->length * s->ux, by = s->ay + s->length * s->uy;
    double y_lo = s->ay < by ? s->ay : by, y_hi = s->ay < by ? by : s->ay;
    int row_first = floor_int(within(y_lo - reach, mask->row0 - 1, mask->row1 + 1));
    int row_last = floor_int(within(y_hi + reach, mask->row0 - 1, mask->row1 + 1));
    row_first = row_first < mask->row0 ? mask->row0 : row_first;
    row_last = row_last >= mask->row1 ? mask->row1 - 1 : row_last;
    for (int row = row_first; row <= row_last; row++) {
        double yc = row + 0.5;
        /* The segment's part within reach of the row's centre line, across x. */
        double x_lo, x_hi;
        if (s->inverse_uy == 0) {
            x_lo = s->ax < bx ? s->ax : bx;
            x_hi = s->ax < bx ? bx : s->ax;
        } else {
            double t0 = (yc - reach - s->ay) * s->inverse_uy;
            double t1 = (yc + reach - s->ay) * s->inverse_uy;
            if (t0 > t1) {
                double swap = t0;
                t0 = t1;
                t1 = swap;
            }
            t0 = t0 < 0 ? 0 : t0;
            t1 = t1 > s->length ? s->length : t1;
            if (t0 > t1)
                continue;
            double xa = s->ax + t0 * s->ux, xb = s->ax + t1 * s->ux;
            x_lo = xa < xb ? xa : xb;
            x_hi = xa < xb ? xb : xa;
        }
        int first = ceil_int(within(x_lo - reach - 0.5, mask->column0 - 1, mask->column1 + 1));
        int last = floor_int(within(x_hi + reach - 0.5, mask->column0 - 1, mask->column1 + 1));
        first = first < mask->column0 ? mask->column0 : first;
        last = last >= mask->column1 ? mask->column1 - 1 : last;
        if (first > last)
            continue;
        size_t r = (size_t)(row - mask->row0);
        unsigned char *cover = mask->cover + r * (size_t)mask->width_px;
        /* The first pixel's centre in the segment's frame; each next pixel is one further in
         * x: along grows by ux, across by -uy. */
        double qx = first + 0.5 - s->ax, qy = yc - s->ay;
        double along = qx * s->ux + qy * s->uy, across = qy * s->ux - qx * s->uy;
        for (int x = first; x <= last; x++, along += s->ux, across -= s->uy) {
            double beyond = along < 0 ? along : (along > s->length ? along - s->length : 0);
            double d = beyond == 0 ? fabs(across) : sqrt(beyond * beyond + across * across);
            if (d >= reach)
                continue;
            /* In sixteenths, as cairo's coarse anti-aliasing under the borders had them: finer
             * levels look no different on a line this thin and cost the PNG 13 % more bytes
             * and deflating time. */
            int sixteenths = (int)(coverage(s, mask->radius, d) * 16 + 0.5);
            if (sixteenths <= 0)
                continue;
            int level = sixteenths >= 16 ? 255 : (sixteenths * 255 + 8) / 16;
            if (level > cover[x])
                cover[x] = (unsigned char)level; /* overlapping segments: the darker */
        }
        /* Mostly one run or two: stores, not a call to memset(). */
        unsigned char *touched = mask->touched + r * (size_t)mask->run_count;
        touched[first / RUN_PX] = 1;
        touched[last / RUN_PX] = 1;
        for (int run = first / RUN_PX + 1; run < last / RUN_PX; run++)
            touched[run] = 1;
    }
}

/* The part of [a, a + 1] within [lo, hi]. */
static double
overlap(double a, double lo, double hi)
{
    double from = a > lo ? a : lo, to = a + 1 < hi ? a + 1 : hi;
    return to > from ? to - from : 0;
}

/* The part of column x the clip leaves (1 without one). */
static double
column_share(const struct page_box *clip, int x)
{
    return clip != NULL ? overlap(x, clip->x0, clip->x1) : 1;
}

/* What laying the line over a row needs: the colour's channels (blue, green, red, alpha:
 * ARGB32's order in a little-endian word) and opacity, and the columns the clip covers whole. */
struct paint {
    uint64_t source; /* the channels, one in each 16 bits (spread()) */
    double alpha;
    int whole_from, whole_to;
    const struct page_box *clip;
    /* A pixel's share of the colour for each level of the mask, in whole columns of a row
     * covered row_share: the same sum as column by column, worked out once a row. */
    uint32_t share[256];
    double share_of_row; /* what share[] is for; NAN: nothing yet */
};

/* The four bytes of a pixel, each in 16 bits of its own, so that the four channels are blended
 * in one 64-bit word: no product of two bytes reaches the next channel's bits. */
static inline uint64_t
spread(uint32_t pixel)
{
    uint64_t p = pixel;
    return (p & 0xffu) | (p & 0xff00u) << 8 | (p & 0xff0000u) << 16 | (p & 0xff000000u) << 24;
}

static inline uint32_t
gather(uint64_t v)
{
    return (uint32_t)((v & 0xffu) | (v >> 8 & 0xff00u) | (v >> 16 & 0xff0000u) |
                      (v >> 24 & 0xff000000u));
}

/* source * s + pixel * (255 - s), over 255 and rounded (v + 128 + (v + 128) / 256, over 256),
 * in each channel. */
static inline uint32_t
blend(uint64_t source, uint32_t pixel, uint32_t s)
{
    const uint64_t low_bytes = 0x00ff00ff00ff00ffull;
    uint64_t v = source * s + spread(pixel) * (255 - s) + 0x0080008000800080ull;
    return gather((v + (v >> 8 & low_bytes)) >> 8 & low_bytes);
}

/* Lays the line over one run of a row's pixels, [x, end), as far as the mask covers each. */
static void
composite_run(const struct paint *paint, const unsigned char *cover, uint32_t *pixels, int x,
              int end, double row_share)
{
    for (; x < end; x++) {
        if ((x & 7) == 0 && x + 8 <= end) {
            uint64_t eight;
            memcpy(&eight, cover + x, sizeof eight);
            if (eight == 0) {
                x += 7; /* eight pixels the line does not cover */
                continue;
            }
        }
        if (cover[x] == 0)
            continue;
        uint32_t s =
            x >= paint->whole_from && x < paint->whole_to
                ? paint->share[cover[x]]
                : (uint32_t)(cover[x] * (row_share * column_share(paint->clip, x)) * paint->alpha +
                             0.5);
        if (s != 0)
            pixels[x] = blend(paint->source, pixels[x], s);
    }
}

/* Lays the line, in colour, over the pixels the mask covers (premultiplied OVER), and clears
 * the mask behind it: all of it zero again. */
static void
composite(const struct thin_line_image *image, const struct mask *mask, struct rgba colour,
          const struct page_box *clip)
{
    struct paint paint = {.clip = clip, .share_of_row = NAN};
    const double channels[4] = {colour.b, colour.g, colour.r, 1};
    for (int k = 0; k < 4; k++)
        paint.source |= (uint64_t)(within(channels[k], 0, 1) * 255 + 0.5) << (16 * k);
    paint.alpha = within(colour.a, 0, 1);
    paint.whole_from = clip != NULL ? ceil_int(within(clip->x0, 0, mask->width_px)) : 0;
    paint.whole_to = clip != NULL ? floor_int(within(clip->x1, 0, mask->width_px)) : mask->width_px;
    for (int row = mask->row0; row < mask->row1; row++) {
        size_t r = (size_t)(row - mask->row0);
        unsigned char *touched = mask->touched + r * (size_t)mask->run_count;
        double row_share = clip != NULL ? overlap(row, clip->y0, clip->y1) : 1;
        if (!(row_share == paint.share_of_row)) {
            for (int c = 0; c < 256; c++)
                paint.share[c] = (uint32_t)(c * row_share * paint.alpha + 0.5);
            paint.share_of_row = row_share;
        }
        unsigned char *cover = mask->cover + r * (size_t)mask->width_px;
        uint32_t *pixels =
            (uint32_t *)(void *)(image->pixels + (size_t)row * (size_t)image->stride);
        for (int run = 0; run < mask->run_count; run++) {
            if (!touched[run])
                continue;
            int start = run * RUN_PX;
            int end = start + RUN_PX < mask->width_px ? start + RUN_PX : mask->width_px;
            composite_run(&paint, cover, pixels, start, end, row_share);
            if (end - start == RUN_PX)
                memset(cover + (size_t)start, 0, RUN_PX); /* a constant size: two stores inline */
            else
                memset(cover + (size_t)start, 0, (size_t)(end - start));
            touched[run] = 0;
        }
    }
}

/* A segment as collected (pixels), and the strips of rows it may draw in, [first, last]. */
struct ends {
    double ax, ay, bx, by;
    int first, last;
};

/* A segment being drawn: reaching the current strip and not past it. */
struct active {
    struct segment s;
    int last;
};

/* The line's segments, in strips: a segment's rows are counted in the strips they fall in. */
struct collector {
    struct thin_line_scratch *scratch;
    int row0, row1, strips;
    double reach; /* of any segment: the radius, and e <= 0.71 */
};

static void
collect(struct collector *c, double ax, double ay, double bx, double by)
{
    double lo = (ay < by ? ay : by) - c->reach, hi = (ay < by ? by : ay) + c->reach;
    if (!(hi >= c->row0 && lo < c->row1))
        return; /* no row of the mask within reach */
    struct thin_line_scratch *scratch = c->scratch;
    xgrow(&scratch->ends, &scratch->ends_capacity, scratch->end_count + 1, sizeof *scratch->ends);
    int first = floor_int((within(lo, c->row0, c->row1) - c->row0) / STRIP_ROWS);
    int last = floor_int((within(hi, c->row0, c->row1) - c->row0) / STRIP_ROWS);
    scratch->ends[scratch->end_count++] =
        (struct ends){ax, ay, bx, by, first, last < c->strips ? last : c->strips - 1};
}

/* The line's segments as drawn: from point to point of each subpath, scaled to pixels, leaving
 * out points that are not numbers and segments of no length; closed subpaths back to their
 * first point; a subpath all of one point a round dot. */
static void
collect_segments(struct collector *c, const struct scene_geometry *g, double scale)
{
    for (size_t k = 0; k < g->subpath_count; k++) {
        size_t start = g->subpath_starts[k];
        size_t end = scene_subpath_end(g, k);
        bool has_first = false, has_segment = false, has_length = false;
        double first_x = 0, first_y = 0, x = 0, y = 0;
        for (size_t i = start; i < end; i++) {
            double px = g->points[i].x * scale, py = g->points[i].y * scale;
            if (!isfinite(px) || !isfinite(py))
                continue;
            if (!has_first) {
                has_first = true;
                first_x = x = px;
                first_y = y = py;
                continue;
            }
            has_segment = true;
            if (px == x && py == y)
                continue; /* no length: the caps and joins around it cover it */
            has_length = true;
            collect(c, x, y, px, py);
            x = px;
            y = py;
        }
        if (!has_segment)
            continue; /* a lone point draws nothing, as in cairo */
        if (scene_subpath_is_closed(g, k) && (x != first_x || y != first_y))
            collect(c, x, y, first_x, first_y);
        else if (!has_length)
            collect(c, x, y, x, y); /* all one point: a round dot */
    }
}

void
thin_lines_draw(const struct thin_line_image *image, const struct scene_geometry *g, double scale,
                double width_px, struct rgba colour, const struct page_box *clip)
{
    struct mask mask = {.width_px = image->width_px,
                        .row0 = image->row0,
                        .row1 = image->row1,
                        .column0 = 0,
                        .column1 = image->width_px,
                        .radius = width_px / 2};
    if (clip != NULL) {
        int top = floor_int(within(clip->y0, mask.row0, mask.row1));
        int bottom = ceil_int(within(clip->y1, mask.row0, mask.row1));
        mask.row0 = top > mask.row0 ? top : mask.row0;
        mask.row1 = bottom < mask.row1 ? bottom : mask.row1;
        int left = floor_int(within(clip->x0, 0, image->width_px));
        int right = ceil_int(within(clip->x1, 0, image->width_px));
        mask.column0 = left > 0 ? left : 0;
        mask.column1 = right < mask.column1 ? right : mask.column1;
    }
    if (mask.row0 >= mask.row1 || mask.column0 >= mask.column1 || !(width_px > 0) ||
        !(colour.a > 0))
        return;
    struct thin_line_scratch own = {0}, *scratch = image->scratch != NULL ? image->scratch : &own;
    int row0 = mask.row0, row1 = mask.row1;
    struct collector c = {scratch, row0, row1, (row1 - row0 + STRIP_ROWS - 1) / STRIP_ROWS,
                          mask.radius + 1};
    scratch->end_count = 0;
    collect_segments(&c, g, scale);
    /* The segments by their first strip (a counting sort, stable). */
    size_t n = scratch->end_count;
    xgrow(&scratch->order, &scratch->order_capacity, n, sizeof *scratch->order);
    xgrow(&scratch->starts, &scratch->starts_capacity, (size_t)c.strips + 1,
          sizeof *scratch->starts);
    memset(scratch->starts, 0, ((size_t)c.strips + 1) * sizeof *scratch->starts);
    for (size_t i = 0; i < n; i++)
        scratch->starts[scratch->ends[i].first + 1]++;
    for (int k = 0; k < c.strips; k++)
        scratch->starts[k + 1] += scratch->starts[k];
    for (size_t i = 0; i < n; i++)
        scratch->order[scratch->starts[scratch->ends[i].first]++] = i;
    /* The mask of one strip, all zero (composite() clears what it used). */
    mask.run_count = (mask.width_px + RUN_PX - 1) / RUN_PX;
    size_t cover_size = (size_t)STRIP_ROWS * (size_t)mask.width_px;
    size_t touched_size = (size_t)STRIP_ROWS * (size_t)mask.run_count;
    if (scratch->cover_size < cover_size || scratch->touched_size < touched_size) {
        free(scratch->cover);
        free(scratch->touched);
        scratch->cover = xcalloc(cover_size, 1);
        scratch->touched = xcalloc(touched_size, 1);
        scratch->cover_size = cover_size;
        scratch->touched_size = touched_size;
    }
    mask.cover = scratch->cover;
    mask.touched = scratch->touched;
    /* Strip by strip: a mask of 25 KB rather than one of the whole band (a megabyte for a
     * 1600-pixel image, cleared and faulted in for each line: a PNG's page faults 889 -> 474).
     * Each pixel takes the most any segment covers it, in any order: the same pixels as in one
     * piece. */
    size_t next = 0, active_count = 0;
    for (int k = 0; k < c.strips; k++) {
        mask.row0 = row0 + k * STRIP_ROWS;
        mask.row1 = mask.row0 + STRIP_ROWS < row1 ? mask.row0 + STRIP_ROWS : row1;
        for (; next < n && scratch->ends[scratch->order[next]].first == k; next++) {
            const struct ends *e = &scratch->ends[scratch->order[next]];
            xgrow(&scratch->active, &scratch->active_capacity, active_count + 1,
                  sizeof *scratch->active);
            scratch->active[active_count++] =
                (struct active){segment_make(e->ax, e->ay, e->bx, e->by), e->last};
        }
        size_t kept = 0;
        for (size_t i = 0; i < active_count; i++) {
            draw_segment(&mask, &scratch->active[i].s);
            if (scratch->active[i].last > k)
                scratch->active[kept++] = scratch->active[i];
        }
        active_count = kept;
        composite(image, &mask, colour, clip);
    }
    if (scratch == &own)
        thin_line_scratch_fini(&own);
}

void
thin_line_scratch_fini(struct thin_line_scratch *scratch)
{
    free(scratch->cover);
    free(scratch->touched);
    free(scratch->ends);
    free(scratch->order);
    free(scratch->starts);
    free(scratch->active);
    *scratch = (struct thin_line_scratch){0};
}
