#!/usr/bin/python3
# Adapted from shared/bench/anchors (the project's anchor study, RESULTS-anchors.md); only the data paths changed: CSVs from bench/data/, shapefiles from bench/work/ne/ (made by bench/make-data.sh; BENCH_NE overrides).
"""Mapnik 3.1 anchor for the "eastern-flank" standard map.

Usage: /usr/bin/python3 render.py OUTDIR [SCALE=50m] [FORMATS=png,svg] [BATCH=1]
  SCALE   50m | 10m  -> ../../work/ne/countries-SCALE.shp (shape plugin)
  FORMATS comma list of png (AGG renderer) and svg (cairo renderer)
  BATCH   1 = the standard map (eastern-flank.*); N>1 = N maps with zoomed extents
          (batch-00.png ...) rendered from ONE Map object in one process.
Needs (Debian 12): python3-mapnik mapnik-utils fonts-dejavu-core.
The style is built as Mapnik XML (what a user would keep in a .xml file) and loaded
with load_map_from_string; the deployment table is turned into inline GeoJSON.
"""
import csv, json, math, os, sys, time
from xml.sax.saxutils import escape, quoteattr

T0 = time.perf_counter()
import mapnik
T_IMPORT = time.perf_counter() - T0

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data")
NE = os.environ.get("BENCH_NE") or os.path.join(HERE, "..", "..", "work", "ne")
PROJ = "+proj=laea +lat_0=50 +lon_0=25 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
EXTENT = (-1500000, -1000000, 1500000, 1250000)   # metres, 4:3
W, H = 1600, 1200
FLANK = ["233", "428", "440", "616", "703", "348", "642", "100"]
NATO = ["008", "056", "124", "191", "203", "208", "250", "276", "300", "352", "380", "442",
        "499", "528", "807", "578", "620", "705", "724", "792", "826", "840"]
TITLE = "NATO's eastern flank: US reinforcements and Russian build-up, February 2022"
SOURCE = ("Sources: US DoD announcement 2 Feb 2022, press reports (as reported). Russian totals "
          "(~100,000 near Ukraine, ~30,000 in Belarus) split evenly over points for illustration. "
          "Boundaries: Natural Earth.")


def deployments_geojson():
    pts, lines = [], []
    with open(os.path.join(DATA, "deployments.csv"), newline="") as f:
        for r in csv.DictReader(f):
            to = [float(r["to_lon"]), float(r["to_lat"])]
            troops = float(r["troops"])
            if r["kind"] == "movement":
                fr = [float(r["from_lon"]), float(r["from_lat"])]
                lines.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": [fr, to]},
                              "properties": {"id": r["id"]}})
                pts.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": to},
                            "properties": {"label": r["label"], "kind": "movement", "d": 0, "dx": 8}})
            else:
                rad = 0.3 * math.sqrt(troops)            # px; area proportional to troops
                pts.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": to},
                            "properties": {"label": r["label"], "kind": "position", "d": 2 * rad, "dx": rad + 5}})
    fc = lambda feats: json.dumps({"type": "FeatureCollection", "features": feats})
    return fc(pts), fc(lines)


def country_labels_geojson():
    feats = []
    with open(os.path.join(DATA, "country-labels.csv"), newline="") as f:
        for r in csv.DictReader(f):
            feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(r["lon"]), float(r["lat"])]},
                          "properties": {"name": r["name"]}})
    return json.dumps({"type": "FeatureCollection", "features": feats})


def map_xml(shp):
    pts, lines = deployments_geojson()
    labels = country_labels_geojson()
    in_list = lambda ids: " or ".join("[id] = '%s'" % i for i in ids)
    # title/source live in a map-SRS layer; their anchor is recomputed per extent (see frame_geojson)
    return f"""<Map srs="{PROJ}" background-color="#d6e6f2">
  <Style name="countries">
    <Rule><Filter>{escape(in_list(FLANK))}</Filter><PolygonSymbolizer fill="#2b6cb0"/></Rule>
    <Rule><Filter>{escape(in_list(NATO))}</Filter><PolygonSymbolizer fill="#9ec5e8"/></Rule>
    <Rule><Filter>[id] = '804'</Filter><PolygonSymbolizer fill="#f7d54a"/></Rule>
    <Rule><Filter>[id] = '643' or [id] = '112'</Filter><PolygonSymbolizer fill="#e39a8f"/></Rule>
    <Rule><ElseFilter/><PolygonSymbolizer fill="#e4e4e0"/></Rule>
  </Style>
  <Style name="borders">
    <Rule><LineSymbolizer stroke="#555555" stroke-width="0.5"/></Rule>
  </Style>
  <Style name="country-labels">
    <Rule><TextSymbolizer face-name="DejaVu Sans Bold" size="13" fill="#464646" allow-overlap="true">[name]</TextSymbolizer></Rule>
  </Style>
  <Style name="moves">
    <Rule>
      <LineSymbolizer stroke="#08306b" stroke-width="2.5"/>
      <MarkersSymbolizer file="shape://arrow" placement="vertex-last" width="26" height="20"
                         fill="#08306b" stroke-width="0" allow-overlap="true" ignore-placement="true"/>
    </Rule>
  </Style>
  <Style name="deployments">
    <Rule><Filter>[kind] = 'position'</Filter>
      <MarkersSymbolizer width="[d]" height="[d]" fill="#b2182b" opacity="0.65" stroke="#67001f" stroke-width="0.8"
                         allow-overlap="true" ignore-placement="true"/></Rule>
    <Rule>
      <TextSymbolizer face-name="DejaVu Sans Book" size="12" fill="#111111" halo-fill="#ffffff" halo-radius="1.5"
                      horizontal-alignment="right" vertical-alignment="middle" dx="[dx]" allow-overlap="true">[label]</TextSymbolizer>
    </Rule>
  </Style>
  <Style name="frame">
    <Rule><Filter>[kind] = 'title'</Filter>
      <TextSymbolizer face-name="DejaVu Sans Bold" size="26" fill="#000000" halo-fill="#ffffff" halo-radius="2"
                      horizontal-alignment="right" vertical-alignment="bottom" allow-overlap="true">[text]</TextSymbolizer></Rule>
    <Rule><Filter>[kind] = 'source'</Filter>
      <TextSymbolizer face-name="DejaVu Sans Book" size="12" fill="#323232" halo-fill="#ffffff" halo-radius="1.5"
                      horizontal-alignment="right" vertical-alignment="top" allow-overlap="true">[text]</TextSymbolizer></Rule>
  </Style>
  <Layer name="countries" srs="+proj=longlat +datum=WGS84 +no_defs">
    <StyleName>countries</StyleName>
    <StyleName>borders</StyleName>
    <Datasource><Parameter name="type">shape</Parameter><Parameter name="file">{escape(shp)}</Parameter>
      <Parameter name="encoding">utf-8</Parameter></Datasource>
  </Layer>
  <Layer name="moves" srs="+proj=longlat +datum=WGS84 +no_defs">
    <StyleName>moves</StyleName>
    <Datasource><Parameter name="type">geojson</Parameter><Parameter name="inline">{escape(lines)}</Parameter></Datasource>
  </Layer>
  <Layer name="country-labels" srs="+proj=longlat +datum=WGS84 +no_defs">
    <StyleName>country-labels</StyleName>
    <Datasource><Parameter name="type">geojson</Parameter><Parameter name="inline">{escape(labels)}</Parameter></Datasource>
  </Layer>
  <Layer name="deployments" srs="+proj=longlat +datum=WGS84 +no_defs">
    <StyleName>deployments</StyleName>
    <Datasource><Parameter name="type">geojson</Parameter><Parameter name="inline">{escape(pts)}</Parameter></Datasource>
  </Layer>
</Map>"""


def frame_layer(m, ext):
    """Title / source line anchored to the current extent (a map-SRS point layer)."""
    x0, y0, x1, y1 = ext
    res = (x1 - x0) / W
    feats = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x0 + 20 * res, y1 - 20 * res - 30 * res]},
         "properties": {"kind": "title", "text": TITLE}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x0 + 14 * res, y0 + 12 * res + 14 * res]},
         "properties": {"kind": "source", "text": SOURCE}},
    ]
    lyr = mapnik.Layer("frame", PROJ)
    lyr.datasource = mapnik.Datasource(type="geojson", inline=json.dumps({"type": "FeatureCollection", "features": feats}))
    lyr.styles.append("frame")
    # replace any previous frame layer
    for i in range(len(m.layers) - 1, -1, -1):
        if m.layers[i].name == "frame":
            del m.layers[i]
    m.layers.append(lyr)


def main():
    out = sys.argv[1]
    scale = sys.argv[2] if len(sys.argv) > 2 else "50m"
    formats = (sys.argv[3] if len(sys.argv) > 3 else "png,svg").split(",")
    batch = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    os.makedirs(out, exist_ok=True)
    shp = os.path.abspath(os.path.join(NE, "countries-%s.shp" % scale))

    t0 = time.perf_counter()
    m = mapnik.Map(W, H)
    mapnik.load_map_from_string(m, map_xml(shp))
    t_setup = time.perf_counter() - t0

    t0 = time.perf_counter()
    if batch <= 1:
        m.zoom_to_box(mapnik.Box2d(*EXTENT))
        frame_layer(m, EXTENT)
        if "png" in formats:
            mapnik.render_to_file(m, os.path.join(out, "eastern-flank.png"), "png32")
        if "svg" in formats:
            mapnik.render_to_file(m, os.path.join(out, "eastern-flank.svg"), "svg")
    else:
        for i in range(batch):
            f = 0.70 + 0.03 * i
            ext = (-1500000 * f, 125000 - 1125000 * f, 1500000 * f, 125000 + 1125000 * f)
            m.zoom_to_box(mapnik.Box2d(*ext))
            frame_layer(m, ext)
            mapnik.render_to_file(m, os.path.join(out, "batch-%02d.png" % i), "png32")
    t_render = time.perf_counter() - t0
    if os.environ.get("ANCHOR_TIMING"):
        print("import %.3f s, setup %.3f s, render %.3f s" % (T_IMPORT, t_setup, t_render), file=sys.stderr)


if __name__ == "__main__":
    main()
