#!/usr/bin/env bash
# Installs what bench/run.sh needs, from Debian 12 packages (apt) and the npm registry only.
# Idempotent: only missing packages are installed; `npm ci` only when node_modules is absent.
# Usage: bash bench/install.sh      (root, or sudo for apt-get)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

PKGS=(
  # anchors
  gmt ghostscript gdal-bin gawk poppler-utils          # GMT (+ gs rasteriser, ogr2ogr, pdftocairo for SVG)
  python3-mapnik                                       # Mapnik 3.1 (Debian's /usr/bin/python3)
  mapserver-bin                                        # map2img
  python3-cartopy python3-matplotlib python3-pyshp     # matplotlib + cartopy
  nodejs librsvg2-bin                                  # d3-geo (npm ci) + rsvg-convert for its PNG
  fonts-dejavu-core
  # harness
  hyperfine time
  # posture (Release build) and the floor program
  build-essential cmake pkg-config libcairo2-dev libpango1.0-dev libproj-dev proj-data libshp-dev
  libinih-dev libcsv-dev libpng-dev libspng-dev zlib1g-dev libdeflate-dev
  libsqlite3-dev sqlite3 curl ca-certificates         # posture's static PROJ (scripts/build-proj.sh)
  meson ninja-build xz-utils libglib2.0-dev libfribidi-dev libthai-dev libdatrie-dev  # its static
  libfontconfig-dev libfreetype-dev libpixman-1-dev libexpat1-dev libbrotli-dev libffi-dev  # Pango
  libpcre2-dev                                        # (scripts/build-pango.sh, cmake/libraries.cmake)
  # profiling (perf stat / callgrind on one posture render; optional)
  valgrind
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "bench/install: apt-get install ${missing[*]}" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # --no-install-recommends: GMT would otherwise pull GSHHG/DCW, which the anchors do not use
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# posture links a static PROJ without network and TIFF support, and a static Pango, built once a
# machine (the README's "Performance" says why); POSTURE_SYSTEM_PROJ=1 and POSTURE_SYSTEM_PANGO=1
# benchmark Debian's shared libproj and Pango instead.
if [ "${POSTURE_SYSTEM_PROJ:-0}" != 1 ]; then
  bash "$HERE/../scripts/build-proj.sh"
fi
if [ "${POSTURE_SYSTEM_PANGO:-0}" != 1 ]; then
  bash "$HERE/../scripts/build-pango.sh"
fi

# d3 anchor: exact versions from its package-lock.json
if [ ! -d "$HERE/anchors/d3/node_modules/d3-geo" ]; then
  echo "bench/install: npm ci (d3 anchor)" >&2
  (cd "$HERE/anchors/d3" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
