/* Copied from shared/bench/floor/floor.c (the project's floor study, FLOOR.md), unchanged below this line.
 * bench/run.sh builds it: cc -std=c11 -O2 -o bench/work/bin/floor floor.c -lshp -lproj -lcairo -lpng -lspng -lz -lm */
/* floor.c - the irreducible work of rendering the "eastern-flank" standard map
 * (SPEC.md: LAEA lat_0=50 lon_0=25 WGS84, x -1.5e6..1.5e6, y -1.0e6..1.25e6 m, 1600x1200 px).
 *
 * Pipeline: read .shp/.dbf (shapelib, bbox pre-filter without decoding skipped records)
 *   -> project all vertices (PROJ, one proj_trans_generic call)
 *   -> page space, ring bbox reject, 0.5 px radial simplification, Sutherland-Hodgman clip
 *   -> cairo fill + 0.5 px stroke (ARGB32, antialiased) + 10 circles + 3 lines
 *   -> PNG (cairo writer; libpng L1/L3/L6 adaptive or filter NONE; libspng) and a hand-written SVG.
 * Not included: text (see -m textprobe), CSV parsing (deployments.csv is hard-coded below), legend.
 * Results and method: FLOOR.md; everything is re-run by run-floor.sh.
 *
 * Build: cc -std=c11 -O2 -o floor floor.c -lshp -lproj -lcairo -lpng -lspng -lz -lm
 *        cc -std=c11 -O2 -DFLOOR_NO_PROJ -o floor-noproj floor.c -lshp -lcairo -lpng -lspng -lz -lm  (-m modes only)
 * Run:   ./floor -n 20 countries-50m.shp out/50m        (20 timed reps after 1 warm-up, per-stage medians)
 *        ./floor -m png|pngfast|svg|both|best|nop [-v] countries-50m.shp out/50m   (one product run, for
 *        process wall/RSS; png = cairo_surface_write_to_png, pngfast = libpng level 1 filter NONE, best: see
 *        once(); -v: cold stage times to stderr)
 *        ./floor -m textprobe     (NOT in the floor: what the map's ~29 labels would add, cold and warm)
 */
#define _POSIX_C_SOURCE 200809L
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo/cairo.h>
#include <png.h>
#ifndef FLOOR_NO_PROJ
#include <proj.h>
#else /* build without PROJ (hand-coded LAEA only): shows PROJ's fixed start-up cost */
typedef void PJ;
#endif
#include <shapefil.h>
#include <spng.h>
#include <zlib.h>

#define W 1600
#define H 1200
#define X0 (-1500000.0)
#define Y1 (1250000.0)
#define MPP 1875.0 /* metres per pixel */
#define MARGIN 2.0 /* clip rectangle = page grown by 2 px (clip edges stay invisible) */
/* generous lon/lat box that contains everything that can meet the extent */
#define LON_MIN (-10.0)
#define LON_MAX 65.0
#define LAT_MIN 30.0
#define LAT_MAX 75.0

static const char *LAEA_PIPE =
    "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
    "+step +proj=laea +lat_0=50 +lon_0=25 +x_0=0 +y_0=0 +datum=WGS84 +units=m";
static const char *LAEA_CRS = "+proj=laea +lat_0=50 +lon_0=25 +x_0=0 +y_0=0 +datum=WGS84 +units=m +type=crs";

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}
static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) { fprintf(stderr, "out of memory\n"); exit(1); }
    return p;
}
static void *xrealloc(void *p, size_t n) {
    p = realloc(p, n ? n : 1);
    if (!p) { fprintf(stderr, "out of memory\n"); exit(1); }
    return p;
}

/* ------------------------------------------------------------------ data */
typedef struct { int start, n; } Ring;           /* vertex index range in a coordinate array */
typedef struct { int cls, ring0, nring; } Feat;  /* rings [ring0, ring0+nring) */
typedef struct {
    Feat *f; int nf;
    Ring *r; int nr, capr;
    double *xy; int nv, capv; /* interleaved x,y */
    int nrec, nskipped;
} Geo;

static void geo_free(Geo *g) { free(g->f); free(g->r); free(g->xy); memset(g, 0, sizeof *g); }
static void geo_ring(Geo *g, int start, int n) {
    if (g->nr == g->capr) { g->capr = g->capr ? 2 * g->capr : 1024; g->r = xrealloc(g->r, g->capr * sizeof(Ring)); }
    g->r[g->nr].start = start; g->r[g->nr].n = n; g->nr++;
}
static void geo_reserve(Geo *g, int more) {
    if (g->nv + more > g->capv) {
        while (g->nv + more > g->capv) g->capv = g->capv ? 2 * g->capv : 65536;
        g->xy = xrealloc(g->xy, (size_t)g->capv * 2 * sizeof(double));
    }
}

/* colour classes (SPEC.md): 0 other, 1 eastern flank, 2 other NATO, 3 Ukraine, 4 RU+BY */
enum { C_OTHER, C_FLANK, C_NATO, C_UA, C_RUBY, NCLS };
static const double CLS_RGB[NCLS][3] = {
    {0xe4 / 255., 0xe4 / 255., 0xe0 / 255.}, {0x2b / 255., 0x6c / 255., 0xb0 / 255.},
    {0x9e / 255., 0xc5 / 255., 0xe8 / 255.}, {0xf7 / 255., 0xd5 / 255., 0x4a / 255.},
    {0xe3 / 255., 0x9a / 255., 0x8f / 255.}};
static const char *CLS_HEX[NCLS] = {"#e4e4e0", "#2b6cb0", "#9ec5e8", "#f7d54a", "#e39a8f"};
static int classify(const char *id) {
    static const int flank[] = {233, 428, 440, 616, 703, 348, 642, 100};
    static const int nato[] = {8,   56,  124, 191, 203, 208, 250, 276, 300, 352, 380,
                               442, 499, 528, 807, 578, 620, 705, 724, 792, 826, 840};
    if (!id || !*id) return C_OTHER;
    int n = atoi(id);
    for (size_t i = 0; i < sizeof flank / sizeof *flank; i++) if (n == flank[i]) return C_FLANK;
    for (size_t i = 0; i < sizeof nato / sizeof *nato; i++) if (n == nato[i]) return C_NATO;
    if (n == 804) return C_UA;
    if (n == 643 || n == 112) return C_RUBY;
    return C_OTHER;
}

static double rd_le_double(const unsigned char *p) { double d; memcpy(&d, p, 8); return d; } /* x86: LE */
static int32_t rd_le_i32(const unsigned char *p) { int32_t v; memcpy(&v, p, 4); return v; }

/* Read kept records. peek=1: read only the 44-byte record header+bbox of each record (via shapelib's
 * .shx offsets) and decode (SHPReadObject) only those whose bbox meets the lon/lat box.
 * peek=0: SHPReadObject every record, test its bbox afterwards (reference).
 * ringfilter=1: also drop single rings whose lon/lat bbox misses the box (reference: fewer vertices
 * to project; e.g. the USA record is kept only because the Aleutians span -180..180). */
static int read_shp(const char *path, Geo *g, int peek, int ringfilter) {
    memset(g, 0, sizeof *g);
    SHPHandle shp = SHPOpen(path, "rb");
    if (!shp) { fprintf(stderr, "cannot open %s\n", path); return -1; }
    DBFHandle dbf = DBFOpen(path, "rb");
    if (!dbf) { fprintf(stderr, "cannot open dbf of %s\n", path); return -1; }
    int fid = DBFGetFieldIndex(dbf, "id");
    int nrec; SHPGetInfo(shp, &nrec, NULL, NULL, NULL);
    g->nrec = nrec;
    g->f = xmalloc(nrec * sizeof(Feat));
    for (int i = 0; i < nrec; i++) {
        SHPObject *o = NULL;
        if (peek) {
            unsigned char hdr[44];
            shp->sHooks.FSeek(shp->fpSHP, shp->panRecOffset[i], SEEK_SET);
            size_t got = shp->sHooks.FRead(hdr, 1, 44, shp->fpSHP);
            if (got < 12 || rd_le_i32(hdr + 8) == SHPT_NULL || got < 44) { g->nskipped++; continue; }
            double x0 = rd_le_double(hdr + 12), y0 = rd_le_double(hdr + 20);
            double x1 = rd_le_double(hdr + 28), y1 = rd_le_double(hdr + 36);
            if (x1 < LON_MIN || x0 > LON_MAX || y1 < LAT_MIN || y0 > LAT_MAX) { g->nskipped++; continue; }
            o = SHPReadObject(shp, i);
        } else {
            o = SHPReadObject(shp, i);
            if (o && (o->nSHPType == SHPT_NULL || o->nVertices == 0 || o->dfXMax < LON_MIN ||
                      o->dfXMin > LON_MAX || o->dfYMax < LAT_MIN || o->dfYMin > LAT_MAX)) {
                SHPDestroyObject(o); o = NULL;
            }
        }
        if (!o) { g->nskipped++; continue; }
        Feat *f = &g->f[g->nf++];
        f->cls = classify(DBFReadStringAttribute(dbf, i, fid));
        f->ring0 = g->nr; f->nring = 0;
        geo_reserve(g, o->nVertices);
        for (int p = 0; p < o->nParts; p++) {
            int a = o->panPartStart[p], b = (p + 1 < o->nParts) ? o->panPartStart[p + 1] : o->nVertices;
            int n = b - a;
            /* drop the closing vertex (== first); close_path / 'Z' closes the ring */
            if (n > 1 && o->padfX[a] == o->padfX[b - 1] && o->padfY[a] == o->padfY[b - 1]) n--;
            if (n < 3) continue;
            double *d = g->xy + 2 * (size_t)g->nv;
            if (ringfilter) {
                double x0 = o->padfX[a], x1 = x0, y0 = o->padfY[a], y1 = y0;
                for (int k = 1; k < n; k++) {
                    double x = o->padfX[a + k], y = o->padfY[a + k];
                    if (x < x0) x0 = x; else if (x > x1) x1 = x;
                    if (y < y0) y0 = y; else if (y > y1) y1 = y;
                }
                if (x1 < LON_MIN || x0 > LON_MAX || y1 < LAT_MIN || y0 > LAT_MAX) continue;
            }
            for (int k = 0; k < n; k++) { d[2 * k] = o->padfX[a + k]; d[2 * k + 1] = o->padfY[a + k]; }
            geo_ring(g, g->nv, n); g->nv += n; f->nring++;
        }
        SHPDestroyObject(o);
    }
    DBFClose(dbf);
    SHPClose(shp);
    return 0;
}

/* -------------------------------------------------------- projection */
/* hand-coded ellipsoidal oblique LAEA (same formulas as PROJ's laea.cpp), reference only */
static double qsfn(double sinphi, double e, double one_es) {
    double con = e * sinphi;
    return one_es * (sinphi / (1. - con * con) - (.5 / e) * log((1. - con) / (1. + con)));
}
static void laea_hand(double *xy, int n) {
    const double a = 6378137.0, f = 1 / 298.257223563, es = f * (2 - f), e = sqrt(es), one_es = 1 - es;
    const double d2r = M_PI / 180, lam0 = 25 * d2r, phi0 = 50 * d2r;
    double qp = qsfn(1., e, one_es), rq = sqrt(.5 * qp), sp0 = sin(phi0);
    double sinb1 = qsfn(sp0, e, one_es) / qp, cosb1 = sqrt(1. - sinb1 * sinb1);
    double dd = cos(phi0) / (sqrt(1. - es * sp0 * sp0) * rq * cosb1);
    double xmf = rq * dd * a, ymf = rq / dd * a;
    for (int i = 0; i < n; i++) {
        double lam = xy[2 * i] * d2r - lam0, phi = xy[2 * i + 1] * d2r;
        double cl = cos(lam), sl = sin(lam);
        double sinb = qsfn(sin(phi), e, one_es) / qp, cosb = sqrt(1. - sinb * sinb);
        double b = sqrt(2. / (1. + sinb1 * sinb + cosb1 * cosb * cl));
        xy[2 * i] = xmf * b * cosb * sl;
        xy[2 * i + 1] = ymf * b * (cosb1 * sinb - sinb1 * cosb * cl);
    }
}
static void project(PJ *P, double *xy, int n) {
    (void)P;
#ifndef FLOOR_NO_PROJ
    if (P) {
        proj_trans_generic(P, PJ_FWD, xy, 2 * sizeof(double), n, xy + 1, 2 * sizeof(double), n, NULL, 0, 0, NULL, 0, 0);
        return;
    }
#endif
    laea_hand(xy, n); /* P == NULL */
}

/* -------------------------------------------- page space, simplify, clip */
static void to_px(double *xy, int n) {
    for (int i = 0; i < n; i++) {
        xy[2 * i] = (xy[2 * i] - X0) / MPP;
        xy[2 * i + 1] = (Y1 - xy[2 * i + 1]) / MPP;
    }
}
/* out: rings that can touch the clip rectangle, radially simplified (drop a vertex closer than tol px
 * to the previous kept one); rings left with < 3 vertices are dropped (sub-pixel islands). */
static void simplify(const Geo *in, Geo *out, double tol, long *n_reject_kept) {
    memset(out, 0, sizeof *out);
    out->f = xmalloc(in->nf * sizeof(Feat)); out->nf = in->nf;
    out->xy = xmalloc((size_t)in->nv * 2 * sizeof(double)); out->capv = in->nv;
    double t2 = tol * tol;
    long kept_before = 0;
    for (int fi = 0; fi < in->nf; fi++) {
        const Feat *f = &in->f[fi];
        Feat *of = &out->f[fi]; of->cls = f->cls; of->ring0 = out->nr; of->nring = 0;
        for (int ri = f->ring0; ri < f->ring0 + f->nring; ri++) {
            const double *s = in->xy + 2 * (size_t)in->r[ri].start;
            int n = in->r[ri].n;
            double bx0 = s[0], bx1 = s[0], by0 = s[1], by1 = s[1];
            for (int k = 1; k < n; k++) {
                double x = s[2 * k], y = s[2 * k + 1];
                if (x < bx0) bx0 = x; else if (x > bx1) bx1 = x;
                if (y < by0) by0 = y; else if (y > by1) by1 = y;
            }
            if (bx1 < -MARGIN || bx0 > W + MARGIN || by1 < -MARGIN || by0 > H + MARGIN) continue;
            kept_before += n;
            double *d = out->xy + 2 * (size_t)out->nv;
            double lx = s[0], ly = s[1];
            d[0] = lx; d[1] = ly; int m = 1;
            for (int k = 1; k < n; k++) {
                double x = s[2 * k], y = s[2 * k + 1], dx = x - lx, dy = y - ly;
                if (dx * dx + dy * dy >= t2) { d[2 * m] = x; d[2 * m + 1] = y; m++; lx = x; ly = y; }
            }
            if (m < 3) continue;
            geo_ring(out, out->nv, m); out->nv += m; of->nring++;
        }
    }
    if (n_reject_kept) *n_reject_kept = kept_before;
}

/* Sutherland-Hodgman against one edge; returns vertex count written to out (cap >= 2n) */
static int clip_edge(const double *in, int n, double *out, int axis, double lim, int keep_ge) {
    if (n == 0) return 0;
    int m = 0, o = 1 - axis;
    const double *S = in + 2 * (n - 1);
    int sin_ = keep_ge ? S[axis] >= lim : S[axis] <= lim;
    for (int i = 0; i < n; i++) {
        const double *E = in + 2 * i;
        int ein = keep_ge ? E[axis] >= lim : E[axis] <= lim;
        if (ein != sin_) {
            double t = (lim - S[axis]) / (E[axis] - S[axis]);
            out[2 * m + axis] = lim; out[2 * m + o] = S[o] + t * (E[o] - S[o]); m++;
        }
        if (ein) { out[2 * m] = E[0]; out[2 * m + 1] = E[1]; m++; }
        S = E; sin_ = ein;
    }
    return m;
}
static void clip(const Geo *in, Geo *out) {
    memset(out, 0, sizeof *out);
    out->f = xmalloc(in->nf * sizeof(Feat)); out->nf = in->nf;
    int tmpcap = 0; double *ta = NULL, *tb = NULL;
    const double lo_x = -MARGIN, hi_x = W + MARGIN, lo_y = -MARGIN, hi_y = H + MARGIN;
    for (int fi = 0; fi < in->nf; fi++) {
        const Feat *f = &in->f[fi];
        Feat *of = &out->f[fi]; of->cls = f->cls; of->ring0 = out->nr; of->nring = 0;
        for (int ri = f->ring0; ri < f->ring0 + f->nring; ri++) {
            const double *s = in->xy + 2 * (size_t)in->r[ri].start;
            int n = in->r[ri].n, inside = 1;
            for (int k = 0; k < n && inside; k++)
                inside = s[2 * k] >= lo_x && s[2 * k] <= hi_x && s[2 * k + 1] >= lo_y && s[2 * k + 1] <= hi_y;
            if (inside) {
                geo_reserve(out, n);
                memcpy(out->xy + 2 * (size_t)out->nv, s, (size_t)n * 2 * sizeof(double));
                geo_ring(out, out->nv, n); out->nv += n; of->nring++;
                continue;
            }
            if (16 * n + 64 > tmpcap) { tmpcap = 16 * n + 64; ta = xrealloc(ta, tmpcap * 2 * sizeof(double)); tb = xrealloc(tb, tmpcap * 2 * sizeof(double)); }
            int m = clip_edge(s, n, ta, 0, lo_x, 1);
            m = clip_edge(ta, m, tb, 0, hi_x, 0);
            m = clip_edge(tb, m, ta, 1, lo_y, 1);
            m = clip_edge(ta, m, tb, 1, hi_y, 0);
            if (m < 3) continue;
            geo_reserve(out, m);
            memcpy(out->xy + 2 * (size_t)out->nv, tb, (size_t)m * 2 * sizeof(double));
            geo_ring(out, out->nv, m); out->nv += m; of->nring++;
        }
    }
    free(ta); free(tb);
}

/* ------------------------------------------------------ deployments */
/* deployments.csv, hard-coded: 7 positions (circle r = 0.3*sqrt(troops)), 3 movements (line + arrowhead
 * + small destination circle) = 10 circles, 3 lines. */
typedef struct { double lon0, lat0, lon1, lat1, troops; int move; } Dep;
static const Dep DEPS[10] = {
    {11.80, 49.61, 28.49, 44.36, 1000, 1}, {-79.01, 35.14, 22.00, 50.04, 1700, 1},
    {-79.01, 35.14, 8.24, 50.08, 300, 1},  {0, 0, 33.17, 54.58, 25000, 0},
    {0, 0, 39.10, 51.60, 25000, 0},        {0, 0, 34.40, 45.70, 25000, 0},
    {0, 0, 36.60, 50.60, 25000, 0},        {0, 0, 23.70, 52.10, 10000, 0},
    {0, 0, 31.00, 52.40, 10000, 0},        {0, 0, 27.56, 53.90, 10000, 0}};
static double DXY[10][4]; /* projected, px */
static void project_deps(PJ *P) {
    for (int i = 0; i < 10; i++) {
        DXY[i][0] = DEPS[i].lon0; DXY[i][1] = DEPS[i].lat0; DXY[i][2] = DEPS[i].lon1; DXY[i][3] = DEPS[i].lat1;
        project(P, DXY[i], 2);
        to_px(DXY[i], 2);
    }
}
static void draw_deps(cairo_t *cr) {
    for (int i = 0; i < 10; i++) if (DEPS[i].move) {
        double x0 = DXY[i][0], y0 = DXY[i][1], x1 = DXY[i][2], y1 = DXY[i][3];
        double dx = x1 - x0, dy = y1 - y0, L = sqrt(dx * dx + dy * dy), ux = dx / L, uy = dy / L;
        cairo_set_source_rgb(cr, 0x08 / 255., 0x30 / 255., 0x6b / 255.);
        cairo_set_line_width(cr, 2.5);
        cairo_move_to(cr, x0, y0); cairo_line_to(cr, x1 - 10 * ux, y1 - 10 * uy); cairo_stroke(cr);
        cairo_move_to(cr, x1, y1);
        cairo_line_to(cr, x1 - 14 * ux - 6 * uy, y1 - 14 * uy + 6 * ux);
        cairo_line_to(cr, x1 - 14 * ux + 6 * uy, y1 - 14 * uy - 6 * ux);
        cairo_close_path(cr); cairo_fill(cr);
    }
    cairo_set_line_width(cr, 0.8);
    for (int i = 0; i < 10; i++) {
        double r = DEPS[i].move ? 4.0 : 0.3 * sqrt(DEPS[i].troops);
        cairo_new_path(cr);
        cairo_arc(cr, DXY[i][2], DXY[i][3], r, 0, 2 * M_PI);
        cairo_set_source_rgba(cr, 0xb2 / 255., 0x18 / 255., 0x2b / 255., 0.65);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0x67 / 255., 0x00 / 255., 0x1f / 255.);
        cairo_stroke(cr);
    }
}

/* ----------------------------------------------------------- render */
static void add_rings(cairo_t *cr, const Geo *g, const Feat *f) {
    for (int ri = f->ring0; ri < f->ring0 + f->nring; ri++) {
        const double *s = g->xy + 2 * (size_t)g->r[ri].start;
        int n = g->r[ri].n;
        cairo_move_to(cr, s[0], s[1]);
        for (int k = 1; k < n; k++) cairo_line_to(cr, s[2 * k], s[2 * k + 1]);
        cairo_close_path(cr);
    }
}
/* per_feature=0: one even-odd fill per colour class + one stroke of all borders (each shared border
 * rasterised once); per_feature=1: fill + stroke per country (what most renderers do), reference.
 * aa: CAIRO_ANTIALIAS_DEFAULT (cairo 1.16 image backend: 256-level "tor" scan converter) or
 * CAIRO_ANTIALIAS_FAST (4x4 supersampling, "tor22"), reference. */
static cairo_surface_t *render(const Geo *g, int per_feature, cairo_antialias_t aa, double *split) {
    double t0 = now_ms(), t1;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
    cairo_t *cr = cairo_create(s);
    cairo_set_antialias(cr, aa);
    cairo_set_source_rgb(cr, 0xd6 / 255., 0xe6 / 255., 0xf2 / 255.);
    cairo_paint(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_width(cr, 0.5);
    if (split) { t1 = now_ms(); split[0] = t1 - t0; t0 = t1; } /* surface + sea */
    if (per_feature) {
        for (int fi = 0; fi < g->nf; fi++) {
            const Feat *f = &g->f[fi];
            if (!f->nring) continue;
            cairo_new_path(cr);
            add_rings(cr, g, f);
            cairo_set_source_rgb(cr, CLS_RGB[f->cls][0], CLS_RGB[f->cls][1], CLS_RGB[f->cls][2]);
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, 0x55 / 255., 0x55 / 255., 0x55 / 255.);
            cairo_stroke(cr);
        }
    } else {
        for (int c = 0; c < NCLS; c++) {
            cairo_new_path(cr);
            for (int fi = 0; fi < g->nf; fi++) if (g->f[fi].cls == c) add_rings(cr, g, &g->f[fi]);
            cairo_set_source_rgb(cr, CLS_RGB[c][0], CLS_RGB[c][1], CLS_RGB[c][2]);
            cairo_fill(cr);
        }
        if (split) { t1 = now_ms(); split[1] = t1 - t0; t0 = t1; } /* 5 fills */
        cairo_new_path(cr);
        for (int fi = 0; fi < g->nf; fi++) add_rings(cr, g, &g->f[fi]);
        cairo_set_source_rgb(cr, 0x55 / 255., 0x55 / 255., 0x55 / 255.);
        cairo_stroke(cr);
        if (split) { t1 = now_ms(); split[2] = t1 - t0; t0 = t1; } /* border stroke */
    }
    draw_deps(cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    if (split) split[3] = now_ms() - t0; /* circles + lines */
    return s;
}

/* -------------------------------------------------------------- PNG */
typedef struct { unsigned char *p; size_t n, cap; } Buf;
static void buf_put(Buf *b, const void *d, size_t n) {
    if (b->n + n > b->cap) { while (b->n + n > b->cap) b->cap = b->cap ? 2 * b->cap : 1 << 20; b->p = xrealloc(b->p, b->cap); }
    memcpy(b->p + b->n, d, n); b->n += n;
}
static cairo_status_t cairo_buf_write(void *cl, const unsigned char *d, unsigned int n) { buf_put(cl, d, n); return CAIRO_STATUS_SUCCESS; }
static void png_buf_write(png_structp png, png_bytep d, png_size_t n) { buf_put(png_get_io_ptr(png), d, n); }
static void png_buf_flush(png_structp png) { (void)png; }

/* libpng, RGB 8-bit straight from cairo's opaque ARGB32 rows (BGRX in memory on little-endian):
 * png_set_bgr + png_set_filler strip the X byte - no copy. filters<0: libpng default (adaptive). */
static int encode_libpng(cairo_surface_t *s, int level, int filters, int strategy, Buf *out) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) { png_destroy_write_struct(&png, &info); return -1; }
    png_set_write_fn(png, out, png_buf_write, png_buf_flush);
    png_set_compression_level(png, level);
    if (filters >= 0) png_set_filter(png, 0, filters);
    if (strategy >= 0) png_set_compression_strategy(png, strategy);
    png_set_IHDR(png, info, W, H, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    png_set_bgr(png);
    png_set_filler(png, 0, PNG_FILLER_AFTER);
    unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < H; y++) png_write_row(png, data + (size_t)y * stride);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return 0;
}
/* libspng: needs packed RGB8 -> convert (included in the time) */
static int encode_spng(cairo_surface_t *s, int level, int filter_choice, Buf *out) {
    unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    size_t len = (size_t)W * H * 3;
    unsigned char *rgb = xmalloc(len), *d = rgb;
    for (int y = 0; y < H; y++) {
        const uint32_t *row = (const uint32_t *)(data + (size_t)y * stride);
        for (int x = 0; x < W; x++) { uint32_t p = row[x]; d[0] = p >> 16; d[1] = p >> 8; d[2] = p; d += 3; }
    }
    spng_ctx *ctx = spng_ctx_new(SPNG_CTX_ENCODER);
    spng_set_option(ctx, SPNG_ENCODE_TO_BUFFER, 1);
    spng_set_option(ctx, SPNG_IMG_COMPRESSION_LEVEL, level);
    if (filter_choice >= 0) spng_set_option(ctx, SPNG_FILTER_CHOICE, filter_choice);
    struct spng_ihdr ihdr = {.width = W, .height = H, .bit_depth = 8, .color_type = SPNG_COLOR_TYPE_TRUECOLOR};
    spng_set_ihdr(ctx, &ihdr);
    int ret = spng_encode_image(ctx, rgb, len, SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE);
    if (ret) { fprintf(stderr, "spng: %s\n", spng_strerror(ret)); spng_ctx_free(ctx); free(rgb); return -1; }
    size_t n = 0; void *p = spng_get_png_buffer(ctx, &n, &ret);
    buf_put(out, p, n);
    free(p); spng_ctx_free(ctx); free(rgb);
    return 0;
}
static void write_file(const char *path, const Buf *b) {
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(b->p, 1, b->n, fp) != b->n) { fprintf(stderr, "write %s failed\n", path); exit(1); }
    fclose(fp);
}

/* -------------------------------------------------------------- SVG */
static char *fmt1(char *p, double v) { /* 1-decimal, no trailing ".0", no leading "-0" */
    long t = lrint(v * 10.0);
    if (t < 0) { *p++ = '-'; t = -t; }
    long ip = t / 10, dp = t % 10;
    char tmp[24]; int k = 0;
    do { tmp[k++] = (char)('0' + ip % 10); ip /= 10; } while (ip);
    while (k) *p++ = tmp[--k];
    if (dp) { *p++ = '.'; *p++ = (char)('0' + dp); }
    return p;
}
static void svg_build(const Geo *g, Buf *b) {
    char hdr[512];
    int n = snprintf(hdr, sizeof hdr,
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n"
                     "<rect width=\"%d\" height=\"%d\" fill=\"#d6e6f2\"/>\n"
                     "<g stroke=\"#555\" stroke-width=\"0.5\" fill-rule=\"evenodd\">\n",
                     W, H, W, H, W, H);
    buf_put(b, hdr, n);
    size_t need = b->n + (size_t)g->nv * 24 + (size_t)g->nr * 8 + (size_t)g->nf * 64 + 4096;
    if (need > b->cap) { b->cap = need; b->p = xrealloc(b->p, b->cap); }
    char *p = (char *)b->p + b->n;
    for (int fi = 0; fi < g->nf; fi++) {
        const Feat *f = &g->f[fi];
        if (!f->nring) continue;
        p += sprintf(p, "<path fill=\"%s\" d=\"", CLS_HEX[f->cls]);
        for (int ri = f->ring0; ri < f->ring0 + f->nring; ri++) {
            const double *s = g->xy + 2 * (size_t)g->r[ri].start;
            int m = g->r[ri].n;
            long lx = LONG_MIN, ly = LONG_MIN;
            *p++ = 'M';
            int first = 1;
            for (int k = 0; k < m; k++) {
                long rx = lrint(s[2 * k] * 10), ry = lrint(s[2 * k + 1] * 10);
                if (rx == lx && ry == ly) continue; /* duplicate after rounding */
                lx = rx; ly = ry;
                if (!first && s[2 * k] >= -0.05) *p++ = ' ';
                first = 0;
                p = fmt1(p, s[2 * k]);
                if (s[2 * k + 1] >= -0.05) *p++ = ' ';
                p = fmt1(p, s[2 * k + 1]);
            }
            *p++ = 'Z';
        }
        p += sprintf(p, "\"/>\n");
    }
    p += sprintf(p, "</g>\n<g stroke=\"#08306b\" stroke-width=\"2.5\">\n");
    for (int i = 0; i < 10; i++) if (DEPS[i].move) {
        /* off-canvas origins: clip the line to the page (Liang-Barsky) */
        double X1 = DXY[i][2], Y1_ = DXY[i][3], x0 = DXY[i][0], y0 = DXY[i][1];
        double L = hypot(X1 - x0, Y1_ - y0), ux = (X1 - x0) / L, uy = (Y1_ - y0) / L;
        double x1 = X1 - 10 * ux, y1 = Y1_ - 10 * uy, t0 = 0, t1 = 1; /* shaft stops under the head */
        double dx = x1 - x0, dy = y1 - y0, pp[4] = {-dx, dx, -dy, dy}, qq[4] = {x0, W - x0, y0, H - y0};
        for (int k = 0; k < 4; k++) {
            if (pp[k] == 0) continue;
            double t = qq[k] / pp[k];
            if (pp[k] < 0) { if (t > t0) t0 = t; } else if (t < t1) t1 = t;
        }
        p += sprintf(p, "<path d=\"M");
        p = fmt1(p, x0 + t0 * dx); *p++ = ' '; p = fmt1(p, y0 + t0 * dy); *p++ = 'L';
        p = fmt1(p, x0 + t1 * dx); *p++ = ' '; p = fmt1(p, y0 + t1 * dy);
        p += sprintf(p, "\"/>\n<path stroke=\"none\" fill=\"#08306b\" d=\"M");
        p = fmt1(p, X1); *p++ = ' '; p = fmt1(p, Y1_); *p++ = 'L';
        p = fmt1(p, X1 - 14 * ux - 6 * uy); *p++ = ' '; p = fmt1(p, Y1_ - 14 * uy + 6 * ux); *p++ = 'L';
        p = fmt1(p, X1 - 14 * ux + 6 * uy); *p++ = ' '; p = fmt1(p, Y1_ - 14 * uy - 6 * ux);
        p += sprintf(p, "Z\"/>\n");
    }
    p += sprintf(p, "</g>\n<g fill=\"#b2182b\" fill-opacity=\"0.65\" stroke=\"#67001f\" stroke-width=\"0.8\">\n");
    for (int i = 0; i < 10; i++) {
        double r = DEPS[i].move ? 4.0 : 0.3 * sqrt(DEPS[i].troops);
        p += sprintf(p, "<circle cx=\""); p = fmt1(p, DXY[i][2]);
        p += sprintf(p, "\" cy=\""); p = fmt1(p, DXY[i][3]);
        p += sprintf(p, "\" r=\""); p = fmt1(p, r);
        p += sprintf(p, "\"/>\n");
    }
    p += sprintf(p, "</g>\n</svg>\n");
    b->n = (size_t)(p - (char *)b->p);
}

/* ------------------------------------------------------------ stats */
enum {
    S_READ, S_READALL, S_READRF, S_PSETUP, S_PSETUPDB, S_PROJ, S_PROJDB, S_PROJHAND, S_PROJRF, S_SIMPL, S_CLIP,
    S_RENDER, S_R_SURF, S_R_FILL, S_R_STROKE, S_R_DEPS, S_RENDERRAW, S_RENDERPF, S_RENDERFAST, S_PNGCAIROFILE, S_PNGCAIROMEM, S_PNG1, S_PNG3, S_PNG6,
    S_PNG1N, S_PNG3N, S_PNG6N, S_PNG1RLE, S_SPNG1, S_SPNG3, S_SPNG1N, S_SVGBUILD, S_SVGWRITE, NSTAGE
};
static const char *SNAME[NSTAGE] = {
    "read .shp+.dbf (bbox peek)", "read: SHPReadObject all (ref)", "read + ring-level lon/lat filter (ref)",
    "PROJ setup: proj_create(pipeline)", "PROJ setup: crs_to_crs EPSG:4326 (ref)", "project: proj_trans_generic",
    "project: via crs_to_crs PJ (ref)", "project: hand-coded LAEA (ref)", "project: ring-filtered vertices (ref)", "to px + reject + simplify 0.5px", "clip (Sutherland-Hodgman)",
    "render simplified+clipped", "  of which: surface create + sea paint", "  of which: 5 class fills (even-odd)",
    "  of which: one 0.5px stroke, all borders", "  of which: 10 circles + 3 lines", "render raw (no simplify/clip) (ref)", "render per-country fill+stroke (ref)",
    "render simpl+clip, ANTIALIAS_FAST (ref)",
    "PNG cairo_surface_write_to_png (file)", "PNG cairo encode to memory", "PNG libpng L1 (adaptive filters)",
    "PNG libpng L3 (adaptive filters)", "PNG libpng L6 (adaptive filters)", "PNG libpng L1 filter NONE",
    "PNG libpng L3 filter NONE", "PNG libpng L6 filter NONE", "PNG libpng L1 filter SUB, Z_RLE",
    "PNG libspng L1 (+RGB copy)", "PNG libspng L3 (+RGB copy)", "PNG libspng L1 filter NONE (+RGB copy)",
    "SVG build (memory)", "SVG write file"};
/* how far a variant's pixels are from the main render: mean |diff| per channel (of 255), pixels off by > 32 */
static void pixdiff(cairo_surface_t *a, cairo_surface_t *b, const char *what) {
    const unsigned char *pa = cairo_image_surface_get_data(a), *pb = cairo_image_surface_get_data(b);
    int st = cairo_image_surface_get_stride(a);
    double sum = 0; long big = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int m = 0;
            for (int k = 0; k < 3; k++) {
                int d = abs(pa[(size_t)y * st + 4 * x + k] - pb[(size_t)y * st + 4 * x + k]);
                sum += d; if (d > m) m = d;
            }
            if (m > 32) big++;
        }
    printf("pixels vs main render, %-22s mean |diff| %.3f/255, %ld px differ by > 32\n", what, sum / (3.0 * W * H), big);
}
static int cmpd(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
static double median(double *v, int n) { qsort(v, n, sizeof *v, cmpd); return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]); }

#ifndef FLOOR_NO_PROJ
static void die_proj(PJ *P, PJ_CONTEXT *ctx) {
    if (!P) { fprintf(stderr, "PROJ: %s\n", proj_context_errno_string(ctx, proj_context_errno(ctx))); exit(1); }
}
#endif

/* one product run (for whole-process wall time and peak RSS); verbose: cold stage times to stderr */
static double T0;
static void lap(int verbose, const char *what) {
    double t = now_ms();
    if (verbose) fprintf(stderr, "  %-10s %8.3f ms\n", what, t - T0);
    T0 = t;
}
/* Not part of the floor: what the map's text would add (title 26px bold, 17 country labels 13px bold,
 * 10 deployment labels 12px with a 3px white halo via text_path+stroke, source line) with cairo's toy
 * text API and DejaVu Sans. Pass 1 in a fresh process includes fontconfig/FreeType initialisation. */
static void label(cairo_t *cr, double x, double y, const char *txt, double size, int bold, int halo) {
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_move_to(cr, x, y);
    if (halo) {
        cairo_text_path(cr, txt);
        cairo_set_source_rgb(cr, 1, 1, 1); cairo_set_line_width(cr, 3); cairo_stroke_preserve(cr);
        cairo_set_source_rgb(cr, 0, 0, 0); cairo_fill(cr);
    } else {
        cairo_set_source_rgb(cr, 0x46 / 255., 0x46 / 255., 0x46 / 255.);
        cairo_show_text(cr, txt);
    }
}
static int text_probe(void) {
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
    cairo_t *cr = cairo_create(s);
    for (int pass = 1; pass <= 5; pass++) {
        double a = now_ms();
        label(cr, 20, 46, "NATO's eastern flank, February 2022", 26, 1, 0);
        for (int i = 0; i < 17; i++) label(cr, 100 + i * 80, 300 + i * 20, "Country name", 13, 1, 0);
        for (int i = 0; i < 10; i++) label(cr, 200 + i * 90, 500 + i * 30, "Voronezh/Pogonovo 25,000", 12, 0, 1);
        label(cr, 20, 1180, "Source: Natural Earth 4.1.0; US DoD, 2 Feb 2022; press reports", 12, 0, 0);
        cairo_surface_flush(s);
        printf("text pass %d: %.3f ms\n", pass, now_ms() - a);
    }
    cairo_destroy(cr); cairo_surface_destroy(s);
    return 0;
}

/* modes: png (cairo_surface_write_to_png), pngfast (libpng L1 filter NONE), svg, both (png+svg), nop;
 * best = every cheaper-but-equivalent choice measured here: ring-level lon/lat filter, per-country
 * fill+stroke, libpng L1 filter NONE (+ hand-coded LAEA when built with -DFLOOR_NO_PROJ). */
static int once(const char *mode, const char *shp, const char *pref, int verbose) {
    if (!strcmp(mode, "nop")) return 0;
    char path[4096];
    Geo g, gs, gc;
    int best = !strcmp(mode, "best");
    T0 = now_ms();
    if (read_shp(shp, &g, 1, best)) return 1;
    lap(verbose, "read");
    PJ *P = NULL;
#ifndef FLOOR_NO_PROJ
    PJ_CONTEXT *ctx = proj_context_create();
    P = proj_create(ctx, LAEA_PIPE); die_proj(P, ctx);
#endif
    lap(verbose, "projsetup");
    project(P, g.xy, g.nv);
    project_deps(P);
    lap(verbose, "project");
    to_px(g.xy, g.nv);
    simplify(&g, &gs, 0.5, NULL);
    clip(&gs, &gc);
    lap(verbose, "simpl+clip");
    int png = !strcmp(mode, "png") || !strcmp(mode, "both"), fast = !strcmp(mode, "pngfast") || best;
    if (png || fast) {
        cairo_surface_t *s = render(&gc, best, CAIRO_ANTIALIAS_DEFAULT, NULL);
        lap(verbose, "render");
        if (fast) {
            Buf b = {0};
            encode_libpng(s, 1, PNG_FILTER_NONE, -1, &b);
            snprintf(path, sizeof path, "%s-fast.png", pref); write_file(path, &b); free(b.p);
        } else {
            snprintf(path, sizeof path, "%s.png", pref);
            cairo_surface_write_to_png(s, path);
        }
        lap(verbose, "png");
        cairo_surface_destroy(s);
    }
    if (!strcmp(mode, "svg") || !strcmp(mode, "both")) {
        Buf b = {0};
        svg_build(&gc, &b);
        snprintf(path, sizeof path, "%s.svg", pref); write_file(path, &b); free(b.p);
        lap(verbose, "svg");
    }
#ifndef FLOOR_NO_PROJ
    proj_destroy(P); proj_context_destroy(ctx);
#endif
    geo_free(&g); geo_free(&gs); geo_free(&gc);
    lap(verbose, "free");
    return 0;
}

int main(int argc, char **argv) {
    int reps = 20, verbose = 0;
    const char *mode = NULL;
    int ai = 1;
    for (; ai < argc && argv[ai][0] == '-'; ai++) {
        if (!strcmp(argv[ai], "-n") && ai + 1 < argc) reps = atoi(argv[++ai]);
        else if (!strcmp(argv[ai], "-m") && ai + 1 < argc) mode = argv[++ai];
        else if (!strcmp(argv[ai], "-v")) verbose = 1;
        else { fprintf(stderr, "bad option %s\n", argv[ai]); return 2; }
    }
    if (mode && !strcmp(mode, "nop")) return 0;
    if (mode && !strcmp(mode, "textprobe")) return text_probe();
    if (argc - ai != 2) {
        fprintf(stderr, "usage: %s [-n reps | -m png|pngfast|svg|both|best|nop|textprobe [-v]] file.shp outprefix\n", argv[0]);
        return 2;
    }
    const char *shp = argv[ai], *pref = argv[ai + 1];
    if (mode) return once(mode, shp, pref, verbose);
#ifdef FLOOR_NO_PROJ
    fprintf(stderr, "built without PROJ: only -m modes\n");
    (void)reps; (void)median; (void)pixdiff; (void)SNAME; (void)encode_spng; (void)cairo_buf_write; (void)LAEA_CRS; (void)LAEA_PIPE;
    return 2;
#else

    double *T[NSTAGE];
    for (int s = 0; s < NSTAGE; s++) T[s] = xmalloc(reps * sizeof(double));
    size_t bytes[NSTAGE] = {0};
    long cnt_rf = 0, cnt_read = 0, cnt_reject = 0, cnt_simpl = 0, cnt_clip = 0, rings_read = 0, rings_clip = 0;
    int nrec = 0, nkept = 0;
    double maxdiff = 0;
    char path[4096];
    for (int rep = -1; rep < reps; rep++) { /* rep -1 = warm-up */
        double t[NSTAGE], a;
        Geo g, gall, grf, gs, gc;
        a = now_ms(); read_shp(shp, &g, 1, 0); t[S_READ] = now_ms() - a;
        a = now_ms(); read_shp(shp, &gall, 0, 0); t[S_READALL] = now_ms() - a;
        a = now_ms(); read_shp(shp, &grf, 1, 1); t[S_READRF] = now_ms() - a;

        a = now_ms();
        PJ_CONTEXT *ctx = proj_context_create();
        PJ *P = proj_create(ctx, LAEA_PIPE);
        t[S_PSETUP] = now_ms() - a; die_proj(P, ctx);
        a = now_ms();
        PJ_CONTEXT *ctx2 = proj_context_create();
        PJ *P2 = proj_create_crs_to_crs(ctx2, "EPSG:4326", LAEA_CRS, NULL);
        die_proj(P2, ctx2);
        PJ *P2n = proj_normalize_for_visualization(ctx2, P2);
        t[S_PSETUPDB] = now_ms() - a; die_proj(P2n, ctx2);

        /* reference projections on copies of the raw lon/lat */
        size_t vb = (size_t)g.nv * 2 * sizeof(double);
        double *c1 = xmalloc(vb), *c2 = xmalloc(vb);
        memcpy(c1, g.xy, vb); memcpy(c2, g.xy, vb);
        a = now_ms(); project(P, g.xy, g.nv); t[S_PROJ] = now_ms() - a;
        a = now_ms(); project(P2n, c1, g.nv); t[S_PROJDB] = now_ms() - a;
        a = now_ms(); laea_hand(c2, g.nv); t[S_PROJHAND] = now_ms() - a;
        a = now_ms(); project(P, grf.xy, grf.nv); t[S_PROJRF] = now_ms() - a;
        if (rep == -1)
            for (int i = 0; i < 2 * g.nv; i++) {
                double d1 = fabs(c1[i] - g.xy[i]), d2 = fabs(c2[i] - g.xy[i]);
                if (d1 > maxdiff) maxdiff = d1;
                if (d2 > maxdiff) maxdiff = d2;
            }
        free(c1); free(c2);
        project_deps(P);

        long before;
        a = now_ms(); to_px(g.xy, g.nv); simplify(&g, &gs, 0.5, &before); t[S_SIMPL] = now_ms() - a;
        a = now_ms(); clip(&gs, &gc); t[S_CLIP] = now_ms() - a;

        a = now_ms(); cairo_surface_t *s = render(&gc, 0, CAIRO_ANTIALIAS_DEFAULT, t + S_R_SURF); t[S_RENDER] = now_ms() - a;
        a = now_ms(); cairo_surface_t *sr = render(&g, 0, CAIRO_ANTIALIAS_DEFAULT, NULL); t[S_RENDERRAW] = now_ms() - a;
        a = now_ms(); cairo_surface_t *sp = render(&gc, 1, CAIRO_ANTIALIAS_DEFAULT, NULL); t[S_RENDERPF] = now_ms() - a;
        a = now_ms(); cairo_surface_t *sf = render(&gc, 0, CAIRO_ANTIALIAS_FAST, NULL); t[S_RENDERFAST] = now_ms() - a;

        snprintf(path, sizeof path, "%s.png", pref);
        a = now_ms(); cairo_surface_write_to_png(s, path); t[S_PNGCAIROFILE] = now_ms() - a;
        if (rep == -1) {
            pixdiff(s, sr, "raw (no simplify/clip):");
            pixdiff(s, sp, "per-country:");
            pixdiff(s, sf, "ANTIALIAS_FAST:");
            snprintf(path, sizeof path, "%s-raw.png", pref); cairo_surface_write_to_png(sr, path);
            snprintf(path, sizeof path, "%s-percountry.png", pref); cairo_surface_write_to_png(sp, path);
            snprintf(path, sizeof path, "%s-aafast.png", pref); cairo_surface_write_to_png(sf, path);
        }
        struct { int stage, kind, level, filt, strat; const char *suffix; } enc[] = {
            {S_PNGCAIROMEM, 0, 6, -1, -1, NULL},
            {S_PNG1, 1, 1, -1, -1, "-L1.png"},
            {S_PNG3, 1, 3, -1, -1, "-L3.png"},
            {S_PNG6, 1, 6, -1, -1, NULL},
            {S_PNG1N, 1, 1, PNG_FILTER_NONE, -1, "-L1none.png"},
            {S_PNG3N, 1, 3, PNG_FILTER_NONE, -1, NULL},
            {S_PNG6N, 1, 6, PNG_FILTER_NONE, -1, "-L6none.png"},
            {S_PNG1RLE, 1, 1, PNG_FILTER_SUB, Z_RLE, NULL},
            {S_SPNG1, 2, 1, -1, 0, "-spng1.png"},
            {S_SPNG3, 2, 3, -1, 0, NULL},
            {S_SPNG1N, 2, 1, SPNG_FILTER_CHOICE_NONE, 0, NULL},
        };
        for (size_t k = 0; k < sizeof enc / sizeof *enc; k++) {
            Buf b = {0};
            a = now_ms();
            if (enc[k].kind == 0) cairo_surface_write_to_png_stream(s, cairo_buf_write, &b);
            else if (enc[k].kind == 1) encode_libpng(s, enc[k].level, enc[k].filt, enc[k].strat, &b);
            else encode_spng(s, enc[k].level, enc[k].filt, &b);
            t[enc[k].stage] = now_ms() - a;
            bytes[enc[k].stage] = b.n;
            if (rep == -1 && enc[k].suffix) { snprintf(path, sizeof path, "%s%s", pref, enc[k].suffix); write_file(path, &b); }
            free(b.p);
        }
        {
            snprintf(path, sizeof path, "%s.png", pref);
            FILE *f2 = fopen(path, "rb");
            if (f2) { fseek(f2, 0, SEEK_END); bytes[S_PNGCAIROFILE] = (size_t)ftell(f2); fclose(f2); }
        }
        Buf sb = {0};
        a = now_ms(); svg_build(&gc, &sb); t[S_SVGBUILD] = now_ms() - a;
        snprintf(path, sizeof path, "%s.svg", pref);
        a = now_ms(); write_file(path, &sb); t[S_SVGWRITE] = now_ms() - a;
        bytes[S_SVGBUILD] = bytes[S_SVGWRITE] = sb.n;
        free(sb.p);

        nrec = g.nrec; nkept = g.nf; cnt_read = g.nv; rings_read = g.nr; cnt_rf = grf.nv;
        cnt_reject = before; cnt_simpl = gs.nv; cnt_clip = gc.nv; rings_clip = gc.nr;
        cairo_surface_destroy(s); cairo_surface_destroy(sr); cairo_surface_destroy(sp); cairo_surface_destroy(sf);
        proj_destroy(P); proj_context_destroy(ctx);
        proj_destroy(P2n); proj_destroy(P2); proj_context_destroy(ctx2);
        geo_free(&g); geo_free(&gall); geo_free(&grf); geo_free(&gs); geo_free(&gc);
        if (rep >= 0) for (int k = 0; k < NSTAGE; k++) T[k][rep] = t[k];
    }
    printf("file %s: %d records, %d kept (bbox meets lon %g..%g lat %g..%g), %ld rings\n", shp, nrec, nkept,
           LON_MIN, LON_MAX, LAT_MIN, LAT_MAX, rings_read);
    printf("vertices: read %ld | ring-level lon/lat filter %ld | in rings meeting page %ld | after 0.5px simplify %ld | after clip %ld (%ld rings)\n",
           cnt_read, cnt_rf, cnt_reject, cnt_simpl, cnt_clip, rings_clip);
    printf("max |PROJ pipeline - crs_to_crs or hand LAEA| = %.3g m\n", maxdiff);
    printf("median of %d reps (after 1 warm-up), ms:\n", reps);
    double floor_png = 0, floor_svg = 0;
    for (int k = 0; k < NSTAGE; k++) {
        double m = median(T[k], reps), lo = T[k][0], hi = T[k][reps - 1];
        printf("  %-40s %9.3f   [min %.3f max %.3f]", SNAME[k], m, lo, hi);
        if (bytes[k]) printf("  %zu bytes", bytes[k]);
        printf("\n");
        if (k == S_READ || k == S_PSETUP || k == S_PROJ || k == S_SIMPL || k == S_CLIP) { floor_png += m; floor_svg += m; }
        if (k == S_RENDER || k == S_PNGCAIROFILE) floor_png += m;
        if (k == S_SVGBUILD || k == S_SVGWRITE) floor_svg += m;
    }
    printf("sum read+setup+project+simplify+clip+render+cairo PNG file = %.3f ms\n", floor_png);
    printf("sum read+setup+project+simplify+clip+SVG build+write    = %.3f ms\n", floor_svg);
    return 0;
#endif
}
