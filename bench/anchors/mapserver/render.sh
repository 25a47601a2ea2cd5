#!/usr/bin/env bash
# Adapted from shared/bench/anchors (the project's anchor study, RESULTS-anchors.md); only the data paths changed: CSVs from bench/data/, shapefiles from bench/work/ne/ (made by bench/make-data.sh; BENCH_NE overrides).
# MapServer 8 anchor for the "eastern-flank" standard map.
# Usage: render.sh OUTDIR [SCALE=50m] [FORMATS=png,svg] [BATCH=1]
#   SCALE   50m | 10m   (map2img -d countries countries-SCALE)
#   FORMATS comma list of png (AGG) and svg (CAIRO/SVG); one map2img process per format
#   BATCH   1 = the standard map (eastern-flank.*); N>1 = N maps with zoomed extents
#           (batch-00.png ...), one map2img process per map (map2img renders one extent).
# Needs (Debian 12): mapserver-bin gdal-bin (GDAL with SpatiaLite, for deployments.vrt) fonts-dejavu-core.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"; SCALE="${2:-50m}"; FORMATS="${3:-png,svg}"; BATCH="${4:-1}"
MS=(map2img -conf "$HERE/mapserver.conf" -m "$HERE/eastern-flank.map" -d countries "countries-$SCALE")
if [ "$BATCH" -le 1 ]; then
  case ",$FORMATS," in *,png,*) "${MS[@]}" -i png -o "$OUT/eastern-flank.png";; esac
  case ",$FORMATS," in *,svg,*) "${MS[@]}" -i svg -o "$OUT/eastern-flank.svg";; esac
else
  for ((i=0;i<BATCH;i++)); do
    read -r x0 y0 x1 y1 < <(awk -v i=$i 'BEGIN{f=0.70+0.03*i; printf "%.0f %.0f %.0f %.0f\n", -1500000*f, 125000-1125000*f, 1500000*f, 125000+1125000*f}')
    "${MS[@]}" -i png -e "$x0" "$y0" "$x1" "$y1" -o "$OUT/$(printf 'batch-%02d.png' "$i")"
  done
fi
