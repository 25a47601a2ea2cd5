#!/usr/bin/python3
# Adapted from shared/bench/anchors (the project's anchor study, RESULTS-anchors.md); only the data paths changed: CSVs from bench/data/, shapefiles from bench/work/ne/ (made by bench/make-data.sh; BENCH_NE overrides).
"""matplotlib + cartopy anchor for the "eastern-flank" standard map.

Usage: /usr/bin/python3 render.py OUTDIR [SCALE=50m] [FORMATS=png,svg] [BATCH=1]
  SCALE   50m | 10m  -> ../../work/ne/countries-SCALE.shp (cartopy.io.shapereader.BasicReader = pyshp)
  FORMATS comma list of png (Agg) and svg (matplotlib SVG backend, text kept as <text>)
  BATCH   1 = the standard map (eastern-flank.*); N>1 = N maps with zoomed extents
          (batch-00.png ...) re-using ONE figure in one process.
Needs (Debian 12): python3-cartopy python3-matplotlib python3-pyshp fonts-dejavu-core.
"""
import csv, logging, math, os, sys, time

T0 = time.perf_counter()
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import matplotlib.patheffects as pe
from matplotlib.transforms import offset_copy
import cartopy.crs as ccrs
import cartopy.io.shapereader as shpreader
T_IMPORT = time.perf_counter() - T0
# pyshp warns (via logging) about the antimeridian rings of Russia/Antarctica/Fiji whose planar
# orientation makes them look like orphaned holes; they are kept as exteriors, which is harmless here.
logging.getLogger("shapefile").setLevel(logging.ERROR)

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data")
NE = os.environ.get("BENCH_NE") or os.path.join(HERE, "..", "..", "work", "ne")
EXTENT = (-1500000, 1500000, -1000000, 1250000)   # x0, x1, y0, y1 in metres (4:3)
W, H, DPI = 1600, 1200, 100
PT = 72.0 / DPI                                     # points per pixel
FLANK = {"233", "428", "440", "616", "703", "348", "642", "100"}
NATO = {"008", "056", "124", "191", "203", "208", "250", "276", "300", "352", "380", "442",
        "499", "528", "807", "578", "620", "705", "724", "792", "826", "840"}
GROUPS = [("flank", "#2b6cb0"), ("nato", "#9ec5e8"), ("ukraine", "#f7d54a"), ("rubel", "#e39a8f"), ("other", "#e4e4e0")]
TITLE = "NATO's eastern flank: US reinforcements and Russian build-up, February 2022"
SOURCE = ("Sources: US DoD announcement 2 Feb 2022, press reports (as reported). Russian totals "
          "(~100,000 near Ukraine, ~30,000 in Belarus) split evenly over points for illustration. "
          "Boundaries: Natural Earth.")


def group_of(cid):
    if cid in FLANK: return "flank"
    if cid in NATO: return "nato"
    if cid == "804": return "ukraine"
    if cid in ("643", "112"): return "rubel"
    return "other"


def build(scale):
    proj = ccrs.LambertAzimuthalEqualArea(central_longitude=25, central_latitude=50)   # WGS84 globe
    geo = ccrs.PlateCarree()
    fig = plt.figure(figsize=(W / DPI, H / DPI), dpi=DPI)
    ax = fig.add_axes([0, 0, 1, 1], projection=proj)
    ax.set_facecolor("#d6e6f2")
    ax.spines["geo"].set_visible(False)

    # BasicReader = pyshp.  shpreader.Reader would pick Fiona when python3-fiona is installed (it is,
    # as a cartopy dependency), and cartopy 0.21's FionaRecord crashes on the 10m NULL shape (Vatican).
    reader = shpreader.BasicReader(os.path.join(NE, "countries-%s.shp" % scale))
    by_group = {g: [] for g, _ in GROUPS}
    for rec in reader.records():
        if rec.geometry is None:                     # 10m "Vatican" has a NULL shape
            continue
        by_group[group_of(rec.attributes["id"])].append(rec.geometry)
    for g, colour in GROUPS:
        # cartopy only projects the geometries whose lon/lat bbox meets the map extent
        ax.add_geometries(by_group[g], crs=geo, facecolor=colour, edgecolor="#555555", linewidth=0.5 * PT)

    with open(os.path.join(DATA, "country-labels.csv"), newline="") as f:
        for r in csv.DictReader(f):
            ax.text(float(r["lon"]), float(r["lat"]), r["name"], transform=geo, ha="center", va="center",
                    fontsize=13 * PT, fontweight="bold", color="#464646", clip_on=True)

    halo = [pe.withStroke(linewidth=3 * PT, foreground="white")]
    with open(os.path.join(DATA, "deployments.csv"), newline="") as f:
        for r in csv.DictReader(f):
            lon, lat, troops = float(r["to_lon"]), float(r["to_lat"]), float(r["troops"])
            if r["kind"] == "movement":
                x0, y0 = proj.transform_point(float(r["from_lon"]), float(r["from_lat"]), geo)
                x1, y1 = proj.transform_point(lon, lat, geo)
                # straight arrow in the projected plane; the off-map tail is clipped by the axes
                ax.annotate("", xy=(x1, y1), xytext=(x0, y0), xycoords="data",
                            arrowprops=dict(arrowstyle="-|>,head_length=0.9,head_width=0.45", lw=2.5 * PT,
                                            color="#08306b", shrinkA=0, shrinkB=0),
                            annotation_clip=False, zorder=5).arrow_patch.set_clip_box(ax.bbox)
                dx = 8
            else:
                rad = 0.3 * math.sqrt(troops)          # px; area proportional to troops
                ax.scatter([lon], [lat], s=(2 * rad * PT) ** 2, transform=geo, facecolor="#b2182b", alpha=0.65,
                           edgecolor="#67001f", linewidth=0.8 * PT, zorder=6)
                dx = rad + 5
            ax.text(lon, lat, r["label"], transform=offset_copy(geo._as_mpl_transform(ax), fig=fig, x=dx * PT, y=0, units="points"),
                    ha="left", va="center", fontsize=12 * PT, color="#111111", path_effects=halo, zorder=7, clip_on=True)

    fig.text(20 / W, 1 - 20 / H, TITLE, ha="left", va="top", fontsize=26 * PT, fontweight="bold",
             path_effects=[pe.withStroke(linewidth=4 * PT, foreground="white")])
    fig.text(14 / W, 12 / H, SOURCE, ha="left", va="bottom", fontsize=12 * PT, color="#323232", path_effects=halo)
    return fig, ax, proj


def main():
    out = sys.argv[1]
    scale = sys.argv[2] if len(sys.argv) > 2 else "50m"
    formats = (sys.argv[3] if len(sys.argv) > 3 else "png,svg").split(",")
    batch = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    os.makedirs(out, exist_ok=True)
    plt.rcParams["svg.fonttype"] = "none"          # keep labels as editable <text> in the SVG

    t0 = time.perf_counter()
    fig, ax, proj = build(scale)
    t_setup = time.perf_counter() - t0
    t0 = time.perf_counter()
    if batch <= 1:
        ax.set_extent(EXTENT, crs=proj)
        for fmt in ("png", "svg"):
            if fmt in formats:
                fig.savefig(os.path.join(out, "eastern-flank.%s" % fmt), dpi=DPI)
    else:
        for i in range(batch):
            f = 0.70 + 0.03 * i
            ax.set_extent((-1500000 * f, 1500000 * f, 125000 - 1125000 * f, 125000 + 1125000 * f), crs=proj)
            fig.savefig(os.path.join(out, "batch-%02d.png" % i), dpi=DPI)
    t_render = time.perf_counter() - t0
    if os.environ.get("ANCHOR_TIMING"):
        print("import %.3f s, setup %.3f s, render %.3f s" % (T_IMPORT, t_setup, t_render), file=sys.stderr)


if __name__ == "__main__":
    main()
