#!/usr/bin/python3
"""Lon/lat [map] extent for posture that reproduces the task's projected frame.

posture's style takes `extent = lon0, lat0, lon1, lat1` ("what must be on the map"): it projects
the box outline (64 points per edge, src/layout/viewport.c), takes the bbox of that, and fits it
into the map frame (page minus header and footer, centred, min of the two scales). The task
(TASK.md) instead fixes a projected rectangle: x -1.5e6..1.5e6, y -1.0e6..1.25e6 m at 1875 m/px
(batch map i: scaled by f = 0.70 + 0.03 i about (0, 125 000 m)).

posture's frame is shorter than the page (title above, source line below), so to draw at the
task's scale and centre this solves for the lon/lat box whose projected outline bbox is
  x = +-1.5e6 f,  y = 125 000 +- (FRAME_H / 2) * 1875 f
where FRAME_H is the frame height in px of bench/eastern-flank.ini: the map then has the task's
1875 m/px and centre and shows the task's full width; it shows (1200 - FRAME_H) px less height
(the strip that the anchors cover with the title and the source line).

Usage: extent.py FRAME_H F...   -> one "lon0, lat0, lon1, lat1" line per F
Needs: python3-pyproj (Debian).
"""
import sys
from pyproj import Transformer

PROJ = "+proj=laea +lat_0=50 +lon_0=25 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
T = Transformer.from_crs("EPSG:4326", PROJ, always_xy=True)
STEPS = 64


def projected_bbox(lon0, lat0, lon1, lat1):
    lons, lats = [], []
    for i in range(STEPS):          # same outline as posture's sample_box_outline()
        t = i / STEPS
        lon = lon0 + t * (lon1 - lon0)
        lat = lat0 + t * (lat1 - lat0)
        lons += [lon, lon1, lon1 - (lon - lon0), lon0]
        lats += [lat0, lat, lat1, lat1 - (lat - lat0)]
    xs, ys = T.transform(lons, lats)
    return min(xs), min(ys), max(xs), max(ys)


def solve(x0, y0, x1, y1):
    """Newton on the 4 bbox sides with a finite-difference Jacobian (the sides interact:
    the widest x sits at a bottom corner, so lat0 moves x too)."""
    box = [5.0, 41.0, 45.0, 61.0]
    target = (x0, y0, x1, y1)
    for _ in range(100):
        got = projected_bbox(*box)
        err = [t - g for t, g in zip(target, got)]
        if max(abs(e) for e in err) < 0.01:          # 1 cm
            return box
        h = 1e-6
        jac = []
        for k in range(4):
            probe = list(box); probe[k] += h
            jac.append([(p - g) / h for p, g in zip(projected_bbox(*probe), got)])
        # jac[k][j] = d side_j / d box_k; solve J^T step = err (4x4 Gaussian elimination)
        a = [[jac[k][j] for k in range(4)] + [err[j]] for j in range(4)]
        for c in range(4):
            p = max(range(c, 4), key=lambda r: abs(a[r][c]))
            a[c], a[p] = a[p], a[c]
            for r in range(4):
                if r != c:
                    m = a[r][c] / a[c][c]
                    a[r] = [x - m * y for x, y in zip(a[r], a[c])]
        box = [b + a[k][4] / a[k][k] for k, b in enumerate(box)]
    sys.exit("extent.py: no convergence for %r" % (target,))


def main():
    frame_h = float(sys.argv[1])
    for f in map(float, sys.argv[2:]):
        half_h = frame_h / 2 * 1875 * f
        b = solve(-1.5e6 * f, 125000 - half_h, 1.5e6 * f, 125000 + half_h)
        got = projected_bbox(*b)
        print("%.9f, %.9f, %.9f, %.9f" % tuple(b))
        print("# f=%g bbox x %.1f..%.1f y %.1f..%.1f" % ((f,) + (got[0], got[2], got[1], got[3])), file=sys.stderr)


if __name__ == "__main__":
    main()
