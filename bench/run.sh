#!/usr/bin/env bash
# posture benchmark: the "eastern-flank" standard task (bench/README.md) rendered by posture, by
# the floor program and by the anchors (GMT, Mapnik, matplotlib+cartopy, MapServer, d3-geo),
# at Natural Earth 1:50m and 1:10m, PNG and SVG, one map and a batch of 20 maps.
#
#   bash bench/run.sh                          everything (~15 min with BENCH_RUNS=5 on an idle 2-core VM)
#   ONLY="posture mapnik" bash bench/run.sh    a subset of: gmt mapnik cartopy mapserver d3 floor
#                                              posture (and gmt-pre: GMT reading a pre-converted
#                                              .gmt file; not in the default set)
#   BENCH_RUNS=3 bash bench/run.sh             counted runs per case (default 5; +1 warm-up round)
# Other knobs: BENCH_SCALES="50m 10m", BENCH_BATCH=20 (0: no batch rows), BENCH_SKIP_INSTALL=1,
# BENCH_SKIP_BUILD=1 (reuse build-bench/ and the floor binary).
#
# Steps: (1) bench/install.sh: Debian packages + `npm ci` for the d3 anchor; (2) bench/make-data.sh:
# Natural Earth 4.1.0 shapefiles into bench/work/ne/; (3) posture Release build in build-bench/ and
# the floor program in bench/work/bin/; (4) round-robin measurement: each round runs every case
# once (the starting case rotates by one each round), round 0 is a warm-up and is not counted;
# per run: whole-process wall time (bash $EPOCHREALTIME around GNU /usr/bin/time, which adds
# ~1 ms to every tool alike), peak RSS (/usr/bin/time %M: for a script that is the largest single
# process it waited for), output bytes (all files the case wrote); (5) medians -> Markdown table
# on stdout and in bench/results/latest.md; every run in bench/results/raw/runs.tsv.
set -uo pipefail
export LC_ALL=C
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
WORK="$HERE/work"
RES="$HERE/results"
RAW="$RES/raw"
N="${BENCH_RUNS:-5}"
BATCH="${BENCH_BATCH:-20}"
SCALES="${BENCH_SCALES:-50m 10m}"
ONLY="${ONLY:-gmt mapnik cartopy mapserver d3 floor posture}"
PY=/usr/bin/python3                       # Debian's python: python3-mapnik / cartopy live there
A="$HERE/anchors"
DATA="$HERE/data"                         # the task's deployments.csv + country-labels.csv
POSTURE="$ROOT/build-bench/posture"
FLOOR="$WORK/bin/floor"
STYLE="$HERE/eastern-flank.ini"               # posture's style for the task (50m)
SHP10=shapefiles/ne_10m_admin_0_countries.shp  # 10m: --set map.shapefile=... (posture's data dir)
# Frame height in px that bench/eastern-flank.ini gives posture's map (see the comment at its
# [map] extent): the batch extents keep the task's 1875 m/px * f with this frame.
FRAME_H=1065.35

log() { printf 'bench: %s\n' "$*" >&2; }
want() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }
mkdir -p "$WORK" "$RAW"

# ---- (1) tools, (2) data
if [ -z "${BENCH_SKIP_INSTALL:-}" ]; then
  bash "$HERE/install.sh" || { log "install failed"; exit 1; }
fi
bash "$HERE/make-data.sh" || { log "make-data failed"; exit 1; }

# ---- (3) builds
POSTURE_OK=0 POSTURE_WHY=""
if want posture; then
  if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
    log "building posture (Release) in build-bench/"
    if ! (cd "$ROOT" && cmake -B build-bench -DCMAKE_BUILD_TYPE=Release -DPOSTURE_TESTS=OFF -DPOSTURE_SYSTEM_PROJ="$([ "${POSTURE_SYSTEM_PROJ:-0}" = 1 ] && echo ON || echo OFF)" -DPOSTURE_SYSTEM_PANGO="$([ "${POSTURE_SYSTEM_PANGO:-0}" = 1 ] && echo ON || echo OFF)" >"$RAW/build-posture.log" 2>&1 &&
          cmake --build build-bench --target posture_cli -j"$(nproc)" >>"$RAW/build-posture.log" 2>&1); then
      POSTURE_WHY="build failed (bench/results/raw/build-posture.log)"
    fi
  fi
  if [ -z "$POSTURE_WHY" ] && [ ! -x "$POSTURE" ]; then POSTURE_WHY="no build-bench/posture"; fi
  if [ -z "$POSTURE_WHY" ]; then
    # batch: the extent of map i (zoom f = 0.70 + 0.03 i) as a lon/lat box (extent.py), and a
    # job file per scale for `posture batch` (same style; 10m via the set column)
    mkdir -p "$WORK/jobs"
    if [ "$BATCH" -gt 0 ]; then
      fs=$(awk -v n="$BATCH" 'BEGIN { for (i = 0; i < n; i++) printf "%.2f ", 0.70 + 0.03 * i }')
      # shellcheck disable=SC2086
      "$PY" "$HERE/extent.py" "$FRAME_H" $fs >"$WORK/jobs/extents.txt" 2>/dev/null
      [ "$(grep -c . "$WORK/jobs/extents.txt")" -eq "$BATCH" ] || POSTURE_WHY="extent.py failed"
      for scale in $SCALES; do
        set_cell=""; [ "$scale" = 10m ] && set_cell="map.shapefile=$SHP10"
        awk -v t="$DATA/deployments.csv" -v st="$STYLE" -v set="$set_cell" '
          BEGIN { print "name,table,style,extent,set,outputs" }
          { n = sprintf("%02d", NR - 1); printf "%s,%s,%s,\"%s\",%s,batch-%s.png\n", n, t, st, $0, set, n }' \
          "$WORK/jobs/extents.txt" >"$WORK/jobs/jobs-$scale.csv"
      done
    fi
  fi
  if [ -z "$POSTURE_WHY" ]; then
    # smoke test: one render of each format must succeed
    rm -rf "$WORK/smoke"; mkdir -p "$WORK/smoke"
    if ! "$POSTURE" render "$DATA/deployments.csv" --style "$STYLE" \
         -o "$WORK/smoke/eastern-flank.png" -o "$WORK/smoke/eastern-flank.svg" >"$RAW/posture-smoke.log" 2>&1; then
      POSTURE_WHY="render fails: $(grep -m1 'posture:' "$RAW/posture-smoke.log" || tail -1 "$RAW/posture-smoke.log")"
    else
      # the map frame (first clip path: "M0 Y0l1600 0 0 H...") must be FRAME_H px high, or the
      # extents no longer give the task's 1875 m/px: then rerun extent.py and fix the style
      h=$(grep -m1 -o '<clipPath id="clip-1"[^>]*><path d="M[-0-9.]* [-0-9.]*l[-0-9.]* [-0-9.]* [-0-9.]* [0-9.]*' \
            "$WORK/smoke/eastern-flank.svg" | awk '{ print $NF }')
      if [ -z "$h" ] || awk -v h="$h" -v f="$FRAME_H" 'BEGIN { exit !(h - f > 0.5 || f - h > 0.5) }'; then
        log "warning: posture's map frame is ${h:-?} px high, not $FRAME_H: the scale is no longer the task's (see bench/eastern-flank.ini [map] extent)"
      fi
    fi
  fi
  if [ -n "$POSTURE_WHY" ]; then log "posture left out: $POSTURE_WHY"; else POSTURE_OK=1; fi
fi
FLOOR_OK=0
if want floor; then
  mkdir -p "$(dirname "$FLOOR")"
  if [ -n "${BENCH_SKIP_BUILD:-}" ] && [ -x "$FLOOR" ] ||
     cc -std=c11 -O2 -Wall -o "$FLOOR" "$HERE/floor/floor.c" -lshp -lproj -lcairo -lpng -lspng -lz -lm \
       >"$RAW/build-floor.log" 2>&1; then
    FLOOR_OK=1
  else
    log "floor left out: build failed (bench/results/raw/build-floor.log)"
  fi
fi

# ---- versions
{
  echo "date: $(date -u '+%F %T UTC'); machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), $(lscpu | sed -n 's/^Model name: *//p')"
  echo "posture: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null)$( (cd "$ROOT" && git diff --quiet HEAD -- src include CMakeLists.txt 2>/dev/null) || echo ' + uncommitted changes') ($("$POSTURE" --version 2>/dev/null || echo 'not built'), Release); $(cc --version | head -1)"
  dpkg-query -W -f '${Package} ${Version}\n' gmt ghostscript gdal-bin python3-mapnik mapserver-bin \
    python3-cartopy python3-matplotlib python3-pyshp nodejs librsvg2-bin poppler-utils libcairo2 \
    libpango-1.0-0 libproj25 libshp2 hyperfine time 2>/dev/null | paste -sd ';' | sed 's/;/; /g'
  [ -d "$A/d3/node_modules/d3-geo" ] && echo "d3-geo $(node -p "require('$A/d3/node_modules/d3-geo/package.json').version"), shapefile $(node -p "require('$A/d3/node_modules/shapefile/package.json').version")"
} >"$RAW/versions.txt"

# ---- (4) cases: NAME|TOOL|SCALE|FORMAT|NOTE ; the command of each is built by set_cmd
CASES=()
add() { CASES+=("$1|$2|$3|$4|$5"); }
for scale in $SCALES; do
  for fmt in png svg; do
    want gmt && add "gmt-$scale-$fmt" GMT "$scale" "$fmt" "$([ $fmt = svg ] && echo 'PDF -> pdftocairo -svg' || echo 'reads .shp via ogr2ogr')"
    want gmt-pre && add "gmt-pre-$scale-$fmt" "GMT (.gmt input)" "$scale" "$fmt" "pre-converted OGR/GMT text"
    want mapnik && add "mapnik-$scale-$fmt" Mapnik "$scale" "$fmt" ""
    want cartopy && add "cartopy-$scale-$fmt" "matplotlib+cartopy" "$scale" "$fmt" ""
    want mapserver && add "mapserver-$scale-$fmt" MapServer "$scale" "$fmt" "map2img"
    want d3 && add "d3-$scale-$fmt" d3-geo "$scale" "$fmt" "$([ $fmt = png ] && echo 'SVG + rsvg-convert' || echo 'SVG string')"
    [ "$FLOOR_OK" = 1 ] && add "floor-$scale-$fmt" floor "$scale" "$fmt" "no text, no CSV parsing"
    [ "$POSTURE_OK" = 1 ] && add "posture-$scale-$fmt" posture "$scale" "$fmt" ""
  done
  if [ "$BATCH" -gt 0 ]; then
    want gmt && add "gmt-$scale-batch" GMT "$scale" "batch" "one script, $BATCH gmt sessions"
    want gmt-pre && add "gmt-pre-$scale-batch" "GMT (.gmt input)" "$scale" "batch" "one script, $BATCH gmt sessions"
    want mapnik && add "mapnik-$scale-batch" Mapnik "$scale" "batch" "one process, one Map"
    want cartopy && add "cartopy-$scale-batch" "matplotlib+cartopy" "$scale" "batch" "one process, one figure"
    want mapserver && add "mapserver-$scale-batch" MapServer "$scale" "batch" "$BATCH map2img processes"
    want mapserver && add "mapserver-$scale-c$BATCH" MapServer "$scale" "batch" "map2img -c $BATCH: same extent $BATCH x, one process"
    want d3 && add "d3-$scale-batch" d3-geo "$scale" "batch" "one node process, SVG"
    [ "$POSTURE_OK" = 1 ] && add "posture-$scale-batch" posture "$scale" "batch" "\`posture batch\`: one process, $BATCH jobs"
    [ "$POSTURE_OK" = 1 ] && add "posture-procs-$scale-batch" "posture, $BATCH processes" "$scale" "batch" "$BATCH sequential \`posture render\` processes"
  fi
done
((${#CASES[@]})) || { log "nothing to run (ONLY=\"$ONLY\")"; exit 1; }

# set_cmd NAME OUTDIR -> CMD=(argv) and TO (timeout s)
set_cmd() {
  local name=$1 out=$2 tool scale fmt
  tool=${name%%-[15]0m-*}
  scale=$(echo "$name" | grep -o '[15]0m')
  fmt=${name##*-}
  TO=300
  case "$fmt" in batch | c"$BATCH") TO=1800 ;; esac
  case "$tool:$fmt" in
    gmt:batch) CMD=(bash "$A/gmt/render.sh" "$out" "$scale" png "$BATCH") ;;
    gmt:*) CMD=(bash "$A/gmt/render.sh" "$out" "$scale" "$fmt") ;;
    gmt-pre:batch) CMD=(env ANCHOR_GMT_SRC=gmt bash "$A/gmt/render.sh" "$out" "$scale" png "$BATCH") ;;
    gmt-pre:*) CMD=(env ANCHOR_GMT_SRC=gmt bash "$A/gmt/render.sh" "$out" "$scale" "$fmt") ;;
    mapnik:batch) CMD=("$PY" "$A/mapnik/render.py" "$out" "$scale" png "$BATCH") ;;
    mapnik:*) CMD=("$PY" "$A/mapnik/render.py" "$out" "$scale" "$fmt") ;;
    cartopy:batch) CMD=("$PY" "$A/cartopy/render.py" "$out" "$scale" png "$BATCH") ;;
    cartopy:*) CMD=("$PY" "$A/cartopy/render.py" "$out" "$scale" "$fmt") ;;
    mapserver:batch) CMD=(bash "$A/mapserver/render.sh" "$out" "$scale" png "$BATCH") ;;
    mapserver:c*) CMD=(map2img -conf "$A/mapserver/mapserver.conf" -m "$A/mapserver/eastern-flank.map"
                       -d countries "countries-$scale" -i png -c "$BATCH" -o "$out/eastern-flank.png") ;;
    mapserver:*) CMD=(bash "$A/mapserver/render.sh" "$out" "$scale" "$fmt") ;;
    d3:batch) CMD=(node "$A/d3/render.mjs" "$out" "$scale" svg "$BATCH") ;;
    d3:*) CMD=(bash "$A/d3/render.sh" "$out" "$scale" "$fmt") ;;
    floor:*) CMD=("$FLOOR" -m "$fmt" "$WORK/ne/countries-$scale.shp" "$out/eastern-flank") ;;
    posture:batch) CMD=("$POSTURE" batch "$WORK/jobs/jobs-$scale.csv" --out-dir "$out") ;;
    posture-procs:batch) CMD=(bash "$HERE/posture-batch.sh" "$POSTURE" "$DATA/deployments.csv" "$STYLE" "$scale"
                              "$WORK/jobs/extents.txt" "$out") ;;
    posture:*)
      CMD=("$POSTURE" render "$DATA/deployments.csv" --style "$STYLE")
      [ "$scale" = 10m ] && CMD+=(--set "map.shapefile=$SHP10")
      CMD+=(-o "$out/eastern-flank.$fmt") ;;
    *) log "unknown case $name"; exit 1 ;;
  esac
}

# The benchmark runs one process at a time; a load average well above 1 means something else
# was competing for the 2 cores (a build, tests): the table says so.
busy=$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 > 20 && $2 != "ps" { printf "%s%s (%s%%)", n++ ? ", " : "", $2, $1 }')
echo "start: load average $(cut -d' ' -f1-3 /proc/loadavg)${busy:+; busy: $busy}" >"$RAW/load.txt"
[ -n "$busy" ] && log "warning: other processes are using the CPU: $busy"
RUNS="$RAW/runs.tsv"
printf 'round\tcase\twall_s\tpeak_KiB\tbytes\tfiles\trc\n' >"$RUNS"
ncase=${#CASES[@]}
log "${ncase} cases x (1 warm-up + $N) rounds, round-robin; raw runs -> ${RUNS#"$ROOT"/}"
tf=$(mktemp)
trap 'rm -f "$tf"' EXIT
for ((r = 0; r <= N; r++)); do
  t_round=$SECONDS
  for ((k = 0; k < ncase; k++)); do
    IFS='|' read -r name _ <<<"${CASES[(k + r) % ncase]}"
    out="$WORK/out/$name"
    rm -rf "$out"; mkdir -p "$out"
    set_cmd "$name" "$out"
    : >"$tf"
    t0=${EPOCHREALTIME/[.,]/}
    timeout "$TO" /usr/bin/time -f '%M' -o "$tf" "${CMD[@]}" </dev/null >"$RAW/last-$name.log" 2>&1
    rc=$?
    t1=${EPOCHREALTIME/[.,]/}
    peak=$(tail -n 1 "$tf")
    [[ $peak =~ ^[0-9]+$ ]] || peak=0
    files=$(find "$out" -type f | wc -l)
    bytes=$( (find "$out" -type f -printf '%s\n'; echo 0) | awk '{ s += $1 } END { print s }')
    printf '%d\t%s\t%.6f\t%s\t%s\t%s\t%s\n' "$r" "$name" "$(((t1 - t0)))e-6" "$peak" "$bytes" "$files" "$rc" >>"$RUNS"
    [ "$rc" -eq 0 ] || log "round $r: $name exited $rc (bench/results/raw/last-$name.log)"
  done
  log "round $r/$N done in $((SECONDS - t_round)) s$([ "$r" -eq 0 ] && echo ' (warm-up, not counted)'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "round $r: $((SECONDS - t_round)) s, load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RAW/load.txt"
done

# ---- (5) summary: medians of the counted rounds
SUMMARY="$RAW/summary.tsv"
printf '%s\n' "${CASES[@]}" | gawk -F'|' -v runs="$RUNS" -v OFS='\t' '
  BEGIN {
    while ((getline line < runs) > 0) {
      split(line, f, "\t")
      if (f[1] == "round" || f[1] == 0) continue
      c = f[2]; n[c]++; w[c, n[c]] = f[3]; m[c, n[c]] = f[4] / 1024; b[c] = f[5]; fl[c] = f[6]
      if (f[7] != 0) bad[c] = f[7]
    }
    print "case", "tool", "scale", "format", "note", "runs", "median_s", "min_s", "max_s", "peak_MiB", "bytes", "files", "failed_rc"
  }
  function median(arr, c, k,   i, t) { for (i = 1; i <= k; i++) t[i] = arr[c, i]; asort(t); return k % 2 ? t[(k + 1) / 2] : (t[k / 2] + t[k / 2 + 1]) / 2 }
  function extreme(arr, c, k, hi,   i, v) { v = arr[c, 1]; for (i = 2; i <= k; i++) if (hi ? arr[c, i] > v : arr[c, i] < v) v = arr[c, i]; return v }
  { c = $1; k = n[c]
    if (!k) next
    print c, $2, $3, $4, $5, k, sprintf("%.3f", median(w, c, k)), sprintf("%.3f", extreme(w, c, k, 0)), sprintf("%.3f", extreme(w, c, k, 1)),
          sprintf("%.1f", median(m, c, k)), b[c], fl[c], (c in bad) ? bad[c] : "" }' >"$SUMMARY"

# Markdown table; the ratio compares each row with posture at the same scale and format
# (PNG rows with posture PNG, SVG with SVG, batch rows with posture's batch).
{
  echo "# posture benchmark: the eastern-flank standard task"
  echo
  echo "Generated by \`bench/run.sh\` ($(date -u '+%F %H:%M UTC')); $N counted runs per row after 1 warm-up round,"
  echo "tools alternated round-robin; whole process wall time (median, min–max), peak RSS (median),"
  echo "bytes of all files written. **× posture** = median s of the row / posture's median s at the same scale"
  echo "and format: how many times slower than posture the row is (> 1: posture is faster)."
  echo "Batch = $BATCH maps, extents scaled by 0.70 + 0.03 i, PNG (d3: SVG). Machine and versions:"
  echo
  sed 's/^/    /' "$RAW/versions.txt"
  echo "    load: $(paste -sd ';' "$RAW/load.txt" | sed 's/;/; /g')"
  echo
  [ -n "$POSTURE_WHY" ] && { echo "**posture left out of this run: $POSTURE_WHY.**"; echo; }
  echo "| tool | scale | format | median s | min–max s | peak MiB | bytes | × posture | how |"
  echo "|---|---|---|---:|---|---:|---:|---:|---|"
  gawk -F'\t' '
    NR == 1 { next }
    { row[NR] = $0; if ($2 == "posture") ref[$3, $4] = $7 }
    END {
      for (i = 2; i <= NR; i++) {
        split(row[i], f, "\t")
        ratio = ((f[3], f[4]) in ref && ref[f[3], f[4]] > 0) ? sprintf("%.2f", f[7] / ref[f[3], f[4]]) : "–"
        fmt = f[4] != "batch" ? toupper(f[4]) : (f[12] + 0 == 1 ? "batch (1 file)" : "batch " (f[12] + 0) " files")
        tool = f[2] == "posture" ? "**posture**" : f[2]
        med = f[13] != "" ? "failed (rc " f[13] ")" : f[7]
        printf "| %s | %s | %s | %s | %s–%s | %s | %d | %s | %s |\n", tool, f[3], fmt, med, f[8], f[9], f[10], f[11], ratio, f[5]
      }
    }' "$SUMMARY"
  echo
  echo "Raw runs: \`bench/results/raw/runs.tsv\`; medians: \`bench/results/raw/summary.tsv\`; outputs of the last run: \`bench/work/out/\`."
} >"$RES/latest.md"
cat "$RES/latest.md"
