#!/usr/bin/env bash
# Builds posture (Release) and renders the default map to out/posture.png, .svg and .pdf.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

bash scripts/setup.sh
system_proj=OFF system_pango=OFF
[[ ${POSTURE_SYSTEM_PROJ:-0} == 1 ]] && system_proj=ON
[[ ${POSTURE_SYSTEM_PANGO:-0} == 1 ]] && system_pango=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPOSTURE_SYSTEM_PROJ=$system_proj \
    -DPOSTURE_SYSTEM_PANGO=$system_pango
cmake --build build -j"$(nproc)"
./build/posture render
for output in out/posture.png out/posture.svg out/posture.pdf; do
    echo "$repo/$output"
done
