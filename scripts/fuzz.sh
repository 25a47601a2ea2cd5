#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang, -DPOSTURE_FUZZ=ON, in build-fuzz/) and runs
# each for SECONDS (default 600), two at a time, each in one process. A target's working corpus,
# build-fuzz/work/<target>/, starts from tests/fuzz/corpus/<target>/ and keeps what it finds
# between runs; a crash is saved in build-fuzz/artifacts/<target>/ and fails the script.
#   scripts/fuzz.sh [SECONDS] [TARGET...]      targets: deployments style gazetteer shapefile render
#                                              png_deflate
# To keep what a run found in the repository (only inputs that add coverage):
#   build-fuzz/tests/fuzz/fuzz_<target> -merge=1 tests/fuzz/corpus/<target> build-fuzz/work/<target>
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
seconds=${1:-600}
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(deployments style gazetteer shapefile render png_deflate)
fi

if ! command -v clang >/dev/null ||
    ! dpkg-query -W -f='${db:Status-Abbrev}' libclang-rt-14-dev 2>/dev/null | grep -q '^ii'; then
    as_root=()
    [[ $(id -u) -ne 0 ]] && as_root=(sudo)
    echo "fuzz.sh: installing clang and libclang-rt-14-dev (libFuzzer)"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        clang libclang-rt-14-dev
fi
bash scripts/setup.sh
cmake -S . -B build-fuzz -DPOSTURE_FUZZ=ON -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

max_len() {
    case $1 in
    shapefile) echo 32768 ;;
    style | gazetteer) echo 8192 ;;
    *) echo 4096 ;;
    esac
}

run() {
    local target=$1
    mkdir -p "build-fuzz/work/$target" "build-fuzz/artifacts/$target"
    cp -n "tests/fuzz/corpus/$target"/* "build-fuzz/work/$target/" 2>/dev/null || true
    LSAN_OPTIONS="suppressions=$repo/tests/lsan.supp:print_suppressions=0" \
        UBSAN_OPTIONS=print_stacktrace=1 \
        "build-fuzz/tests/fuzz/fuzz_$target" "build-fuzz/work/$target" \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$target/" \
        >"build-fuzz/fuzz-$target.log" 2>&1
}

failed=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
    pids=()
    for target in "${targets[@]:i:2}"; do
        echo "fuzz.sh: fuzz_$target for $seconds s (log: build-fuzz/fuzz-$target.log)"
        run "$target" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || failed=1
    done
done
for target in "${targets[@]}"; do
    log=build-fuzz/fuzz-$target.log
    line=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{ print $2 }' || true)
    echo "fuzz_$target: ${execs:-?} runs; ${line#* }"
done
if [[ $failed -ne 0 ]]; then
    echo "fuzz.sh: a target found a crash or broken promise; see build-fuzz/artifacts/" >&2
    exit 1
fi
