#!/usr/bin/env bash
# posture's batch of N maps for the benchmark: N sequential `posture render` processes, one per
# batch style (bench/work/styles/eastern-flank-SCALE-NN.ini, written by bench/run.sh), until
# posture has a batch command of its own.
# Usage: posture-batch.sh POSTURE_BIN TABLE.csv STYLE_DIR SCALE OUTDIR N
set -euo pipefail
bin=$1 table=$2 styles=$3 scale=$4 out=$5 n=$6
for ((i = 0; i < n; i++)); do
  nn=$(printf '%02d' "$i")
  "$bin" render "$table" --style "$styles/eastern-flank-$scale-$nn.ini" -o "$out/batch-$nn.png"
done
