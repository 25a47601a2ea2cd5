#!/usr/bin/env bash
# Where one posture render spends its time: perf stat (software counters; this VM exposes no
# hardware counters) and valgrind callgrind (instruction counts per function) on the standard
# map at 50m (or SCALE), PNG and SVG, with the Release binary that bench/run.sh measures.
# Usage: bash bench/profile.sh [50m|10m]   (after bench/run.sh has built build-bench/)
# Writes bench/results/raw/profile-SCALE-FMT.{perf,callgrind.out,top.txt,inclusive.txt}.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
RAW="$HERE/results/raw"
SCALE="${1:-50m}"
BIN="$ROOT/build-bench/posture"
STYLE="$HERE/eastern-flank.ini"; [ "$SCALE" = 10m ] && STYLE="$HERE/eastern-flank-10m.ini"
OUT="$HERE/work/profile"; mkdir -p "$OUT" "$RAW"
for fmt in png svg; do
  p="$RAW/profile-$SCALE-$fmt"
  cmd=("$BIN" render "$HERE/data/deployments.csv" --style "$STYLE" -o "$OUT/eastern-flank.$fmt")
  perf stat -r 5 -e task-clock,page-faults,context-switches -- "${cmd[@]}" 2>"$p.perf" >/dev/null ||
    echo "perf stat failed" >"$p.perf"
  valgrind --tool=callgrind --callgrind-out-file="$p.callgrind.out" "${cmd[@]}" >/dev/null 2>"$p.valgrind.log"
  # self (exclusive) instructions per function, and inclusive (what each call tree costs)
  callgrind_annotate --threshold=100 "$p.callgrind.out" 2>/dev/null | sed -n '1,40p' >"$p.top.txt"
  callgrind_annotate --inclusive=yes --threshold=100 "$p.callgrind.out" 2>/dev/null | sed -n '1,60p' >"$p.inclusive.txt"
  echo "== $SCALE $fmt: $(grep -m1 'task-clock' "$p.perf" | sed 's/  */ /g')"
  sed -n '/^Ir/,$p' "$p.top.txt" | head -16
done
