#!/usr/bin/env bash
# Everything CI checks: the warnings-as-errors build and all its tests (valgrind memcheck of a
# render among them), cppcheck and clang-tidy on src/ (scripts/static-analysis.sh), then the same
# tests built with AddressSanitizer and UndefinedBehaviorSanitizer, which also replay the fuzz
# corpora. Exits non-zero at the first failure.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
jobs=$(nproc)

bash scripts/setup.sh
system_proj=OFF system_pango=OFF
[[ ${POSTURE_SYSTEM_PROJ:-0} == 1 ]] && system_proj=ON
[[ ${POSTURE_SYSTEM_PANGO:-0} == 1 ]] && system_pango=ON

cmake -S . -B build -DPOSTURE_WERROR=ON -DPOSTURE_SYSTEM_PROJ=$system_proj \
    -DPOSTURE_SYSTEM_PANGO=$system_pango -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

bash scripts/static-analysis.sh build

# The sanitizer build links the system's shared Pango and cairo, whatever the first one links:
# LeakSanitizer can only tell their one-time allocations by module (tests/lsan.supp), and the
# suite then runs against both ways of linking them.
cmake -S . -B build-asan -DPOSTURE_SANITIZE=ON -DPOSTURE_SYSTEM_PROJ=$system_proj \
    -DPOSTURE_SYSTEM_PANGO=ON
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 \
    LSAN_OPTIONS="suppressions=$repo/tests/lsan.supp:print_suppressions=0" \
    UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"
