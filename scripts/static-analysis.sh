#!/usr/bin/env bash
# Static analysis of src/: cppcheck, then clang-tidy (checks in .clang-tidy) one file at a time
# with the compile database of a build directory. Fails on any cppcheck finding and on any
# clang-tidy finding not in tests/static-analysis.baseline, which lists, per file, the findings
# known when the check was introduced (in files their owners are fixing): a count there may only
# go down. Lines that no longer occur are reported, to be removed from the baseline.
#   scripts/static-analysis.sh [BUILD_DIR]     (default: build; needs compile_commands.json)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
build=${1:-build}
baseline=tests/static-analysis.baseline
jobs=$(nproc)

if [[ ! -f $build/compile_commands.json ]]; then
    echo "static-analysis.sh: no $build/compile_commands.json (configure with" \
        "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)" >&2
    exit 2
fi
tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
if ! command -v cppcheck >/dev/null || [[ -z $tidy ]]; then
    echo "static-analysis.sh: cppcheck and clang-tidy are needed (apt-get install cppcheck" \
        "clang-tidy)" >&2
    exit 2
fi

echo "static-analysis.sh: cppcheck"
cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance --std=c11 \
    --inline-suppr --suppress=missingIncludeSystem -I include -I src \
    -D_POSIX_C_SOURCE=200809L --template='{file}:{line}: {severity}: {message} [{id}]' src

echo "static-analysis.sh: clang-tidy on $(find src -name '*.c' | wc -l) files"
out=$(mktemp)
trap 'rm -f "$out" "$out".*' EXIT
find src -name '*.c' | sort | xargs -P"$jobs" -n1 "$tidy" -p "$build" --quiet >"$out" 2>/dev/null ||
    true
# "path:line:col: error: message [check,-warnings-as-errors]" -> "path: message [check]", counted.
grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): ' "$out" |
    sed -E "s|^$repo/||; s|^([^:]+):[0-9]+:[0-9]+: (warning\|error): (.*) \[([^],]+)[^]]*\]\$|\1: \3 [\4]|" |
    sort | uniq -c | sed -E 's/^ *//' >"$out.found" || true
grep -v -e '^#' -e '^$' "$baseline" >"$out.known" || true

# A finding is new if its count exceeds the baseline's.
new=$(awk 'FILENAME == ARGV[1] { n = $1; $1 = ""; known[$0] = n; next }
           { n = $1; $1 = ""; if (n > known[$0] + 0) print n - known[$0] "x" $0 }' \
    "$out.known" "$out.found")
gone=$(awk 'FILENAME == ARGV[1] { n = $1; $1 = ""; found[$0] = n; next }
            { n = $1; $1 = ""; if (n > found[$0] + 0) print n - found[$0] "x" $0 }' \
    "$out.found" "$out.known")
if [[ -n $gone ]]; then
    echo "static-analysis.sh: fixed since the baseline (remove them from $baseline):"
    echo "$gone" | sed 's/^/  /'
fi
if [[ -n $new ]]; then
    echo "static-analysis.sh: new clang-tidy findings (fix them; details below):"
    echo "$new" | sed 's/^/  /'
    grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): ' "$out" | sed "s|^$repo/||"
    exit 1
fi
echo "static-analysis.sh: no new findings ($(awk '{ s += $1 } END { print s + 0 }' \
    "$out.known") known in $baseline)"
