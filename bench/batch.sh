#!/usr/bin/env bash
# posture batch against separate runs: N maps (default 50) as one `posture batch` process and as
# N `posture render` processes, same maps, same outputs. Prints the wall seconds per map of
# each and their ratio; the batch loads shapefiles, places and fonts once instead of N times.
# Usage: bash bench/batch.sh [POSTURE_BIN] [N]     (default: build-bench/posture, else build/posture)
# Knobs: BENCH_FORMAT=png|svg|pdf (default png), BENCH_WORK (default bench/work/batch),
# BENCH_SERIES=1: the frames of a time series instead, one extent and a title per frame.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-}
if [ -z "$bin" ]; then
  bin=$repo/build-bench/posture
  [ -x "$bin" ] || bin=$repo/build/posture
fi
n=${2:-50}
format=${BENCH_FORMAT:-png}
work=${BENCH_WORK:-$repo/bench/work/batch}
[ -x "$bin" ] || { echo "batch.sh: no posture binary at $bin (build it first)" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work/batch" "$work/separate"
export POSTURE_DATA_DIR=${POSTURE_DATA_DIR:-$repo}

# N maps: the default table, the extent zoomed in steps about the map's centre (as the
# side-by-side benchmark's batch does), so no two maps are the same. With BENCH_SERIES=1, one
# extent and "Frame i" as each map's title, as the frames of an animation are.
series=${BENCH_SERIES:-0}
jobs=$work/jobs.csv
echo "name,extent,set,outputs" >"$jobs"
args=()
for ((i = 0; i < n; i++)); do
  f=$(awk -v i="$i" -v n="$n" -v s="$series" \
    'BEGIN { printf "%.4f", s == 1 ? 1 : 0.7 + 0.6 * i / (n > 1 ? n - 1 : 1) }')
  extent=$(awk -v f="$f" 'BEGIN { cx = 25; cy = 51; hw = 18.5 * f; hh = 9.5 * f;
    printf "%.3f,%.3f,%.3f,%.3f", cx - hw, cy - hh, cx + hw, cy + hh }')
  name=$(printf 'map-%03d' "$i")
  title=""
  [ "$series" = 1 ] && title="title.text=Frame $i"
  echo "$name,\"$extent\",$title,{name}.$format" >>"$jobs"
  args+=("$name|$extent|$title")
done

# Wall and CPU (user + system, children included) seconds of a command: "wall cpu".
measure() {
  local out=$work/time.txt
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%e %U %S" -o "$out" "$@"
    awk '{ printf "%s %.3f\n", $1, $2 + $3 }' "$out"
  else
    local t0=${EPOCHREALTIME/,/.}
    "$@"
    awk -v a="$t0" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.3f nan\n", b - a }'
  fi
}

# Warm the page cache and the font cache once, for both alike.
"$bin" render --format "$format" >/dev/null

read -r batch_wall batch_cpu < <(measure "$bin" batch "$jobs" --out-dir "$work/batch" 2>"$work/batch.log")
printf '%s\n' "${args[@]}" >"$work/args.txt"
read -r sep_wall sep_cpu < <(measure bash -c '
  while IFS="|" read -r name extent title; do
    if [ -n "$title" ]; then
      "$0" render --extent "$extent" --set "$title" -o "$1/separate/$name.$2" 2>>"$1/separate.log"
    else
      "$0" render --extent "$extent" -o "$1/separate/$name.$2" 2>>"$1/separate.log"
    fi
  done <"$1/args.txt"' "$bin" "$work" "$format")

# The same maps either way.
for f in "$work"/batch/*."$format"; do
  cmp -s "$f" "$work/separate/$(basename "$f")" || { echo "batch.sh: $(basename "$f") differs" >&2; exit 1; }
done
awk -v n="$n" -v fmt="$format" -v bw="$batch_wall" -v bc="$batch_cpu" -v sw="$sep_wall" \
  -v sc="$sep_cpu" 'BEGIN {
  printf "%d %s maps, one posture batch: %.3f s wall, %.3f s CPU (%.1f ms wall per map)\n", n, fmt, bw, bc, 1000 * bw / n
  printf "%d %s maps, %d posture render: %.3f s wall, %.3f s CPU (%.1f ms wall per map)\n", n, fmt, n, sw, sc, 1000 * sw / n
  printf "batch cost per map / separate cost per map: wall %.2f, CPU %.2f\n", bw / sw, bc / sc
}'
