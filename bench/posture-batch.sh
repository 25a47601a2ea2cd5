#!/usr/bin/env bash
# posture's batch of maps as separate processes (for comparison with `posture batch`, which
# renders them all in one process): one `posture render` per line of EXTENTS (lon0,lat0,lon1,lat1,
# written by bench/run.sh with bench/extent.py), 1:10m via --set.
# Usage: posture-batch.sh POSTURE_BIN TABLE.csv STYLE.ini SCALE EXTENTS OUTDIR
set -euo pipefail
bin=$1 table=$2 style=$3 scale=$4 extents=$5 out=$6
set_args=()
[ "$scale" = 10m ] && set_args=(--set map.shapefile=shapefiles/ne_10m_admin_0_countries.shp)
i=0
while IFS= read -r ext; do
  "$bin" render "$table" --style "$style" "${set_args[@]}" --extent "${ext// /}" -o "$out/$(printf 'batch-%02d.png' "$i")"
  i=$((i + 1))
done <"$extents"
