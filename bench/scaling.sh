#!/usr/bin/env bash
# How posture's time and memory grow with its inputs (issue 5): the benchmark map (bench/README.md,
# bench/eastern-flank.ini + bench/data/deployments.csv) with one input changed at a time:
#   1. data: Natural Earth admin-0 countries at 1:110m (made here), 1:50m and 1:10m (shipped)
#   2. page: 600 x 450 ... 4000 x 3000 px (--width/--height, the task's 4:3), 1:10m
#   3. table: 10 ... 10,000 generated rows over the map (positions and movements, places as
#      "lon, lat"), 1:10m, 1600 x 1200
# each as PNG and SVG. Per case: whole-process wall and CPU (user + sys) seconds and peak RSS
# from GNU time, medians of BENCH_RUNS counted runs (default 5) after one warm-up round, cases
# alternated round-robin within a dimension; output bytes. Not run by CI or ctest.
#
#   bash bench/scaling.sh                 about 3 min on a 2-core VM (needs root or sudo for apt)
#   BENCH_RUNS=9 bash bench/scaling.sh    more counted runs
# Knobs: BENCH_SKIP_BUILD=1 (reuse build-bench/posture), SCALING_ONLY="data page table".
# Writes bench/results/scaling.md (and prints it); every run in bench/results/raw/scaling-runs.tsv;
# inputs and outputs under bench/work/scaling/.
set -uo pipefail
export LC_ALL=C
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
WORK="$HERE/work/scaling"
RES="$HERE/results"
RAW="$RES/raw"
N="${BENCH_RUNS:-5}"
ONLY="${SCALING_ONLY:-data page table}"
PY=/usr/bin/python3 # Debian's python3: python3-pyshp lives there
POSTURE="$ROOT/build-bench/posture"
STYLE="$HERE/eastern-flank.ini"
TABLE="$HERE/data/deployments.csv"
SHP10="$ROOT/shapefiles/ne_10m_admin_0_countries.shp"
SHP50="$ROOT/shapefiles/ne_50m_admin_0_countries.shp"
SHP110="$WORK/ne/ne_110m_admin_0_countries.shp"
export POSTURE_DATA_DIR="$ROOT"

log() { printf 'scaling: %s\n' "$*" >&2; }
want() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }
mkdir -p "$WORK/ne" "$WORK/tables" "$WORK/out" "$RAW"

# ---- tools: GNU time for %U %S %M; R + sf + rnaturalearthdata and pyshp for the 1:110m file
install_missing() {
  local pkgs=() pkg sudo=()
  for pkg in time r-cran-rnaturalearthdata r-cran-sf python3-pyshp; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || pkgs+=("$pkg")
  done
  ((${#pkgs[@]})) || return 0
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  log "installing ${pkgs[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${pkgs[@]}" >/dev/null
}
install_missing || { log "installing tools failed"; exit 1; }

# ---- posture, Release, as bench/run.sh builds it
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  log "building posture (Release) in build-bench/"
  (cd "$ROOT" && cmake -B build-bench -DCMAKE_BUILD_TYPE=Release -DPOSTURE_TESTS=OFF -DPOSTURE_SYSTEM_PROJ="$([ "${POSTURE_SYSTEM_PROJ:-0}" = 1 ] && echo ON || echo OFF)" -DPOSTURE_SYSTEM_PANGO="$([ "${POSTURE_SYSTEM_PANGO:-0}" = 1 ] && echo ON || echo OFF)" >"$RAW/scaling-build.log" 2>&1 &&
    cmake --build build-bench --target posture_cli -j"$(nproc)" >>"$RAW/scaling-build.log" 2>&1) ||
    { log "build failed (bench/results/raw/scaling-build.log)"; exit 1; }
fi
[ -x "$POSTURE" ] || { log "no $POSTURE"; exit 1; }

# ---- 1:110m countries, as scripts/make-data.sh makes the shipped 1:50m file: Natural Earth
# countries110 from Debian's r-cran-rnaturalearthdata, written by sf, then rewritten by pyshp with
# the shipped files' DBF schema, .prj and .cpg (the NAME_xx translations are left empty: the
# benchmark map shows NAME).
make_110m() {
  [ -s "$SHP110" ] && return 0
  local tmp
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/posture-110m.XXXXXX")
  Rscript --vanilla - "$tmp/countries110.shp" <<'R' || { rm -rf "$tmp"; return 1; }
out <- commandArgs(trailingOnly = TRUE)[1]
suppressPackageStartupMessages(library(sf))
x <- st_as_sf(rnaturalearthdata::countries110)
x <- x[, c("adm0_a3", "iso_a3", "iso_a2", "iso_n3", "name", "name_long", "continent")]
st_write(x, out, layer_options = "ENCODING=UTF-8", quiet = TRUE)
R
  "$PY" - "$tmp/countries110" "${SHP110%.shp}" <<'PY' || { rm -rf "$tmp"; return 1; }
import sys
import shapefile

src, out = sys.argv[1], sys.argv[2]
FIELDS = [("ADM0_A3", 3), ("ISO_A3", 3), ("ISO_A2", 3), ("ISO_N3", 3), ("NAME", 40),
          ("NAME_LONG", 60), ("CONTINENT", 23), ("NAME_DE", 120), ("NAME_FR", 120),
          ("NAME_PL", 120), ("NAME_RU", 120), ("NAME_UK", 120)]
PRJ = ('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
       'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')
reader = shapefile.Reader(src, encoding="utf-8")
writer = shapefile.Writer(out, shapeType=shapefile.POLYGON, encoding="utf-8")
for name, size in FIELDS:
    writer.field(name, "C", size)
for shape, r in zip(reader.shapes(), reader.records()):
    r = r.as_dict()
    code = lambda v: (v or "").strip() or "-99"  # Natural Earth's "no ISO code"
    writer.shape(shape)
    writer.record(r["adm0_a3"], code(r["iso_a3"]), code(r["iso_a2"]), code(r["iso_n3"]),
                  r["name"], r["name_long"], r["continent"], "", "", "", "", "")
writer.close()
open(out + ".prj", "w", encoding="ascii").write(PRJ)
open(out + ".cpg", "w", encoding="ascii").write("UTF-8")
PY
  rm -rf "$tmp"
}
if want data; then
  make_110m || { log "could not make the 1:110m shapefile"; exit 1; }
fi

# vertices in a shapefile: the data dimension's input size
vertices() {
  "$PY" -c 'import shapefile, sys
print(sum(len(s.points) for s in shapefile.Reader(sys.argv[1]).shapes()))' "$1"
}

# ---- tables: N rows over the map's land and sea (lon 8..42, lat 43..58), a quarter of them
# movements; troops from 100 to 25,000; the same rows for the same N on every run.
make_table() {
  "$PY" - "$1" <<'PY'
import random, sys
n = int(sys.argv[1])
rnd = random.Random(20220202 + n)
def place():
    return f'"{rnd.uniform(8, 42):.3f}, {rnd.uniform(43, 58):.3f}"'
print("id,kind,side,place,from,to,troops,date")
for i in range(n):
    side = "US" if i % 3 == 0 else "RU"
    troops = rnd.choice([100, 300, 500, 1000, 2000, 5000, 10000, 25000])
    if i % 4 == 3:
        print(f"r{i},movement,{side},,{place()},{place()},{troops},2022-02-02")
    else:
        print(f"r{i},position,{side},{place()},,,{troops},2022-02-02")
PY
}

# ---- cases: DIMENSION|NAME|INPUT (a number: vertices, pixels, rows)|FORMAT|posture arguments...
CASES=()
if want data; then
  for s in 110m 50m 10m; do
    case $s in 110m) shp=$SHP110 ;; 50m) shp=$SHP50 ;; 10m) shp=$SHP10 ;; esac
    v=$(vertices "$shp")
    for fmt in png svg; do
      CASES+=("data|$s|$v|$fmt|render $TABLE --style $STYLE --set map.shapefile=$shp")
    done
  done
fi
if want page; then
  for w in 600 1200 1600 2400 4000; do
    h=$((w * 3 / 4))
    for fmt in png svg; do
      CASES+=("page|${w}x$h|$((w * h))|$fmt|render $TABLE --style $STYLE --set map.shapefile=$SHP10 --width $w --height $h")
    done
  done
fi
if want table; then
  for rows in 10 100 1000 10000; do
    make_table "$rows" >"$WORK/tables/rows-$rows.csv"
    for fmt in png svg; do
      CASES+=("table|$rows rows|$rows|$fmt|render $WORK/tables/rows-$rows.csv --style $STYLE --set map.shapefile=$SHP10")
    done
  done
fi
((${#CASES[@]})) || { log "nothing to run (SCALING_ONLY=\"$ONLY\")"; exit 1; }

# User + system seconds of all children waited for so far, to the millisecond (bash's `times`;
# GNU time's %U and %S print hundredths): the difference around a run is the run's CPU time
# (GNU time's own, about a millisecond, included).
# (`times` must run in this shell, not in a $(...) subshell, which has no children yet.)
children_cpu() {
  times >"$tc"
  awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); s += p[1] * 60 + p[2] } printf "%.3f", s }' "$tc"
}

# ---- runs: round 0 warms up; in each round every case of a dimension runs once, the first
# case rotating, so drift of a shared machine spreads over all cases
RUNS="$RAW/scaling-runs.tsv"
printf 'round\tdimension\tcase\tformat\tinput\twall_s\tcpu_s\tpeak_KiB\tbytes\twarnings\trc\n' >"$RUNS"
echo "start: load average $(cut -d' ' -f1-3 /proc/loadavg)" >"$RAW/scaling-load.txt"
tf=$(mktemp)
tc=$(mktemp)
trap 'rm -f "$tf" "$tf".c0 "$tf".c1 "$tc"' EXIT
ncase=${#CASES[@]}
log "$ncase cases x (1 warm-up + $N) rounds; raw runs -> ${RUNS#"$ROOT"/}"
for ((r = 0; r <= N; r++)); do
  t_round=$SECONDS
  for ((k = 0; k < ncase; k++)); do
    IFS='|' read -r dim name input fmt args <<<"${CASES[(k + r) % ncase]}"
    out="$WORK/out/$dim-${name// /-}.$fmt"
    rm -f "$out"
    children_cpu >"$tf.c0"
    t0=${EPOCHREALTIME/[.,]/}
    # shellcheck disable=SC2086  # args holds no spaces inside one argument
    /usr/bin/time -f '%M' -o "$tf" "$POSTURE" $args -o "$out" </dev/null >/dev/null 2>"$WORK/out/last.log"
    rc=$?
    t1=${EPOCHREALTIME/[.,]/}
    children_cpu >"$tf.c1"
    read -r c0 <"$tf.c0"
    read -r c1 <"$tf.c1"
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e6 }')
    cpu=$(awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.3f", b - a }')
    peak=$(tail -n 1 "$tf")
    [[ $peak =~ ^[0-9]+$ ]] || peak=0
    warnings=$(grep -c '^posture: warning:' "$WORK/out/last.log")
    bytes=$(stat -c %s "$out" 2>/dev/null || echo 0)
    printf '%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$dim" "$name" "$fmt" "$input" \
      "$wall" "$cpu" "$peak" "$bytes" "$warnings" "$rc" >>"$RUNS"
    [ "$rc" -eq 0 ] || log "round $r: $dim $name $fmt exited $rc: $(grep -m1 'posture:' "$WORK/out/last.log")"
  done
  log "round $r/$N done in $((SECONDS - t_round)) s$([ "$r" -eq 0 ] && echo ' (warm-up)'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "round $r: $((SECONDS - t_round)) s, load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RAW/scaling-load.txt"
done

# ---- medians -> bench/results/scaling.md
OUTMD="$RES/scaling.md"
{
  echo "# posture scaling: time and memory against data, page and table size"
  echo
  echo "Generated by \`bench/scaling.sh\` ($(date -u '+%F %H:%M UTC')); posture $(cd "$ROOT" && git rev-parse --short HEAD)$( (cd "$ROOT" && git diff --quiet HEAD -- src include CMakeLists.txt) || echo ' + uncommitted changes'), Release;"
  echo "$(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), load: $(paste -sd ';' "$RAW/scaling-load.txt" | sed 's/;/; /g')."
  echo "The benchmark map (bench/eastern-flank.ini, bench/data/deployments.csv) with one input changed;"
  echo "medians of $N runs after a warm-up, whole process: wall and CPU (user + sys) seconds, peak RSS."
  echo "**× CPU** is the row's CPU time over the previous row's (same format), **× input** the input's"
  echo "growth over the same step: × CPU below × input is better than linear, above it worse."
  echo
} >"$OUTMD"
printf '%s\n' "${CASES[@]}" | awk -F'|' '{ print $1 "\t" $2 "\t" $4 }' >"$WORK/cases.tsv"
gawk -F'\t' -v OFS=' | ' '
  function median(key, k,   i, t) { for (i = 1; i <= k; i++) t[i] = v[key, i]; asort(t); return k % 2 ? t[(k + 1) / 2] : (t[k / 2] + t[k / 2 + 1]) / 2 }
  FILENAME == ARGV[1] { order[++cases] = $1 SUBSEP $2 SUBSEP $3; next }
  FNR == 1 || $1 == 0 { next }
  {
    c = $2 SUBSEP $3 SUBSEP $4
    if (!(c in n)) { dim[c] = $2; name[c] = $3; fmt[c] = $4; input[c] = $5 }
    k = ++n[c]
    v[c SUBSEP "wall", k] = $6; v[c SUBSEP "cpu", k] = $7; v[c SUBSEP "peak", k] = $8
    bytes[c] = $9; warn[c] = $10; if ($11 != 0) bad[c] = $11
  }
  END {
    title["data"] = "## Data: Natural Earth admin-0 countries (input: vertices in the shapefile)"
    title["page"] = "## Page size, 1:10m (input: pixels)"
    title["table"] = "## Table rows, 1:10m, 1600 x 1200 (input: rows; warnings: labels dropped for want of room)"
    for (d = 1; d <= 3; d++) {
      D = d == 1 ? "data" : d == 2 ? "page" : "table"
      shown = 0
      for (f = 1; f <= 2; f++) {
        F = f == 1 ? "png" : "svg"
        prev = ""
        for (i = 1; i <= cases; i++) {
          c = order[i]
          if (!(c in n) || dim[c] != D || fmt[c] != F) continue
          if (!shown++) {
            print title[D]; print ""
            print "| input | format | size | wall s | CPU s | peak MiB | output bytes | warnings | × CPU | × input |"
            print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
          }
          k = n[c]; w = median(c SUBSEP "wall", k); u = median(c SUBSEP "cpu", k); m = median(c SUBSEP "peak", k) / 1024
          gc = prev == "" ? "" : sprintf("%.2f", u / (pu > 0 ? pu : 0.01)); gi = prev == "" ? "" : sprintf("%.2f", input[c] / input[prev])
          printf "| %s | %s | %s | %.3f | %.3f | %.1f | %d | %s | %s | %s |\n", name[c] ((c in bad) ? " (failed: exit " bad[c] ")" : ""), toupper(F), input[c], w, u, m, bytes[c], warn[c], gc, gi
          prev = c; pu = u
        }
      }
      if (shown) print ""
    }
  }' "$WORK/cases.tsv" "$RUNS" >>"$OUTMD"
echo "Raw runs: \`bench/results/raw/scaling-runs.tsv\`; inputs and outputs: \`bench/work/scaling/\`." >>"$OUTMD"
cat "$OUTMD"
