#!/usr/bin/env bash
# Builds the task's Natural Earth country shapefiles into bench/work/ne/ (gitignored).
# Adapted from shared/bench/data/make-data.sh (the anchor study): npm world-atlas@2.0.2
# (Natural Earth 4.1.0 admin-0 countries as TopoJSON) converted with Debian gdal-bin (ogr2ogr).
# Usage: bash bench/make-data.sh [OUTDIR]   (default bench/work/ne; skips work already done)
# Needs: npm, ogr2ogr (bench/install.sh installs them).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/work/ne}"
# the same tarball scripts/make-data.sh checks
WORLD_ATLAS=world-atlas@2.0.2
WORLD_ATLAS_SHA256=032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97
if [ -s "$OUT/countries-50m.shp" ] && [ -s "$OUT/countries-10m.shp" ] && [ -s "$OUT/countries-50m.gmt" ]; then
  exit 0
fi
TMP="$(mktemp -d /tmp/world-atlas.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
cd "$TMP"
tgz=$(npm pack --silent "$WORLD_ATLAS" 2>/dev/null | tail -n 1)      # -> world-atlas-2.0.2.tgz
echo "$WORLD_ATLAS_SHA256  $tgz" | sha256sum --check --quiet -
tar xzf "$tgz"                                                      # -> package/countries-{10m,50m,110m}.json
for s in 50m 10m; do
  # layer "countries": id = ISO 3166-1 numeric (string, e.g. "008"; empty for Kosovo,
  # N. Cyprus, Somaliland ...), name = short country name.
  # Mixed Polygon/MultiPolygon -> promote to MultiPolygon; TopoJSON carries no CRS -> WGS84.
  ogr2ogr -f "ESRI Shapefile" -overwrite \
    -a_srs EPSG:4326 -nlt MULTIPOLYGON -lco ENCODING=UTF-8 \
    "$OUT/countries-$s.shp" "package/countries-$s.json" countries
  # Same data in GMT's OGR/GMT text format (only for the optional gmt-pre variant)
  # (10m "Vatican" has a NULL geometry: legal in a shapefile, refused by the GMT writer -> skipped)
  ogr2ogr -f OGR_GMT -overwrite -skipfailures "$OUT/countries-$s.gmt" "$OUT/countries-$s.shp" 2>/dev/null
done
ls -l "$OUT" >&2
