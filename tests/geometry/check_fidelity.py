#!/usr/bin/env python3
"""Renders the benchmark map (bench/: 1:10m countries, 1600 x 1200) to SVG as shipped and with
simplification off ([map] simplify_pt = 0), and measures how far each country's outline moved:
for every country path, the distance from each vertex of one rendering to the other's outline
(its polyline, closing segments included), both ways, in page pixels (1 pt = 1 px at --scale 1).
Fails if any distance exceeds 0.5 px, if a country is in one rendering only, or if the shipped
SVG is not smaller than d3-geo's for the same map (477,064 bytes, bench/results/latest.md).

usage: check_fidelity.py POSTURE SOURCE_DIR OUT_DIR [posture render arguments...]
"""
import math
import re
import subprocess
import sys

LIMIT_PX = 0.5
D3_GEO_SVG_BYTES = 477064
CELL_PX = 4.0
TOKEN = re.compile(r"[MmLlZz]|-?(?:\d+\.?\d*|\.\d+)")
COUNTRY_PATH = re.compile(r'<path id="(country-[^"]+)"[^>]* d="([^"]*)"')


def render(posture, source_dir, out_dir, name, extra):
    out = f"{out_dir}/{name}.svg"
    subprocess.run([posture, "render", f"{source_dir}/bench/data/deployments.csv",
                    "--style", f"{source_dir}/bench/eastern-flank.ini",
                    "--set", "map.shapefile=shapefiles/ne_10m_admin_0_countries.shp",
                    *extra, "-o", out], check=True)
    with open(out, encoding="utf-8") as f:
        return f.read()


def rings(d):
    """Path data (M, L, their relative forms and z) -> list of rings, each a list of (x, y)."""
    out, ring, x, y, command, numbers = [], None, 0.0, 0.0, None, []
    for token in TOKEN.findall(d) + ["M"]:
        if token in "MmLlZz":
            command, numbers = token, []
            if token in "Zz" and ring:
                x, y = ring[0]
            continue
        numbers.append(float(token))
        if len(numbers) < 2:
            continue
        dx, dy = numbers
        numbers = []
        relative = command in "ml"
        x, y = (x + dx, y + dy) if relative else (dx, dy)
        if command in "Mm":
            ring = [(x, y)]
            out.append(ring)
            command = "l" if relative else "L"  # later pairs after M are line-tos
        else:
            ring.append((x, y))
    return [r for r in out if r]


def segments(path_rings):
    """Every edge of every ring, the closing one included."""
    out = []
    for ring in path_rings:
        for i, a in enumerate(ring):
            b = ring[(i + 1) % len(ring)]
            out.append((a[0], a[1], b[0], b[1]))
    return out


class SegmentGrid:
    """Segments bucketed by the CELL_PX cells they pass through (long ones cut into pieces)."""

    def __init__(self, segs):
        self.segs = segs
        self.cells = {}
        for index, (ax, ay, bx, by) in enumerate(segs):
            pieces = max(1, math.ceil(math.hypot(bx - ax, by - ay) / CELL_PX))
            seen = set()
            for k in range(pieces):
                t0, t1 = k / pieces, (k + 1) / pieces
                px0, py0 = ax + t0 * (bx - ax), ay + t0 * (by - ay)
                px1, py1 = ax + t1 * (bx - ax), ay + t1 * (by - ay)
                for cx in range(self.cell(min(px0, px1)), self.cell(max(px0, px1)) + 1):
                    for cy in range(self.cell(min(py0, py1)), self.cell(max(py0, py1)) + 1):
                        if (cx, cy) not in seen:
                            seen.add((cx, cy))
                            self.cells.setdefault((cx, cy), []).append(index)

    @staticmethod
    def cell(v):
        return math.floor(v / CELL_PX)

    def distance(self, x, y):
        """Distance from (x, y) to the nearest segment: rings of cells outwards until the best
        distance found cannot be beaten by a segment in a farther ring."""
        cx, cy = self.cell(x), self.cell(y)
        best = math.inf
        for k in range(0, 1 << 14):
            if k == 0:
                ring_cells = [(cx, cy)]
            else:
                ring_cells = [(cx + i, cy + j) for i in range(-k, k + 1) for j in (-k, k)]
                ring_cells += [(cx + i, cy + j) for i in (-k, k) for j in range(-k + 1, k)]
            for cell in ring_cells:
                for index in self.cells.get(cell, ()):
                    best = min(best, point_segment(x, y, self.segs[index]))
            if best <= k * CELL_PX:
                return best
            if k * CELL_PX > 4000:  # farther than the page: nothing else to find
                return best
        return best


def point_segment(x, y, seg):
    ax, ay, bx, by = seg
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = ((x - ax) * dx + (y - ay) * dy) / length2 if length2 > 0 else 0.0
    t = 0.0 if t < 0 else (1.0 if t > 1 else t)
    return math.hypot(ax + t * dx - x, ay + t * dy - y)


def deviations(from_rings, to_rings):
    grid = SegmentGrid(segments(to_rings))
    return [grid.distance(x, y) for ring in from_rings for x, y in ring]


def main():
    posture, source_dir, out_dir, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    shipped = render(posture, source_dir, out_dir, "shipped", extra)
    full = render(posture, source_dir, out_dir, "unsimplified", [*extra, "--set", "map.simplify_pt=0"])
    simplified = {i: rings(d) for i, d in COUNTRY_PATH.findall(shipped)}
    exact = {i: rings(d) for i, d in COUNTRY_PATH.findall(full)}
    problems = []
    for i in sorted(set(simplified) ^ set(exact)):
        problems.append(f"{i} is in the {'shipped' if i in simplified else 'unsimplified'} SVG only")
    worst, total, count, vertices = (0.0, ""), 0.0, 0, [0, 0]
    for i in sorted(set(simplified) & set(exact)):
        vertices[0] += sum(len(r) for r in exact[i])
        vertices[1] += sum(len(r) for r in simplified[i])
        for direction, ds in (("unsimplified vertex to shipped outline",
                               deviations(exact[i], simplified[i])),
                              ("shipped vertex to unsimplified outline",
                               deviations(simplified[i], exact[i]))):
            total += sum(ds)
            count += len(ds)
            m = max(ds, default=0.0)
            if m > worst[0]:
                worst = (m, f"{i}, {direction}")
            if m > LIMIT_PX:
                problems.append(f"{i}: {direction}: {m:.3f} px > {LIMIT_PX} px")
    if len(exact) < 30 or vertices[0] < 10000:
        problems.append(f"only {len(exact)} countries, {vertices[0]} vertices: checks nothing")
    size = len(shipped.encode("utf-8"))
    if size >= D3_GEO_SVG_BYTES:
        problems.append(f"shipped SVG is {size} bytes, not smaller than d3-geo's {D3_GEO_SVG_BYTES}")
    for p in problems:
        print(p)
    print(f"{len(exact)} countries, {vertices[0]} vertices unsimplified, {vertices[1]} shipped;"
          f" SVG {size} bytes shipped, {len(full.encode('utf-8'))} unsimplified;"
          f" deviation max {worst[0]:.3f} px ({worst[1]}), mean {total / max(count, 1):.4f} px"
          f" over {count} vertices; {len(problems)} problems")
    sys.exit(1 if problems else 0)


main()
