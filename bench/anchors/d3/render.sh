#!/usr/bin/env bash
# Adapted from shared/bench/anchors (the project's anchor study, RESULTS-anchors.md); only the data paths changed: CSVs from bench/data/, shapefiles from bench/work/ne/ (made by bench/make-data.sh; BENCH_NE overrides).
# d3-geo anchor wrapper. Usage: render.sh OUTDIR [SCALE=50m] [FORMATS=svg] [BATCH=1]
#   svg: node render.mjs writes the SVG string; png: the SVG rasterised by rsvg-convert (librsvg2-bin)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
[ -d "$HERE/node_modules/d3-geo" ] || (cd "$HERE" && npm ci --no-audit --no-fund >/dev/null 2>&1)
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"; SCALE="${2:-50m}"; FORMATS="${3:-svg}"; BATCH="${4:-1}"
node "$HERE/render.mjs" "$OUT" "$SCALE" svg "$BATCH"
case ",$FORMATS," in *,png,*)
  for f in "$OUT"/*.svg; do rsvg-convert "$f" -o "${f%.svg}.png"; done
  case ",$FORMATS," in *,svg,*) ;; *) rm -f "$OUT"/*.svg;; esac;;
esac
