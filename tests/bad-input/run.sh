#!/usr/bin/env bash
# Runs the cases of cases.txt through the real CLI; see cases.txt for the format.
#   run.sh --list                      prints the case names
#   run.sh POSTURE WORK_DIR NAME...    runs the named cases (all if none), each in WORK_DIR/NAME
# A case that fails must print exactly one line on stderr, leave an existing output untouched
# and leave no temporary file behind.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cases=$here/cases.txt
files=$here/files

trim() {
    local text=$1
    text=${text#"${text%%[![:space:]]*}"}
    printf '%s' "${text%"${text##*[![:space:]]}"}"
}

if [[ ${1:-} == --list ]]; then
    grep -v -e '^#' -e '^[[:space:]]*$' "$cases" | cut -d'|' -f1 | while read -r name; do
        echo "$name"
    done
    exit 0
fi

posture=$1
work=$2
shift 2
export POSTURE_DATA_DIR=${POSTURE_DATA_DIR:-$(cd "$here/../.." && pwd)}
export LC_ALL=C.UTF-8
# The files directory as a regular expression, for messages that name a file.
files_regex=$(printf '%s' "$files" | sed 's/[][\.*^$+?(){}|/]/\\&/g')

run_case() {
    local name=$1 args=$2 expect_exit=$3 expect_stderr=$4
    local dir=$work/$name
    rm -rf "$dir"
    mkdir -p "$dir"
    cd "$dir"
    local -a argv
    read -ra argv <<<"${args//@F/$files}"
    printf 'previous map\n' >map.svg
    local status=0
    "$posture" "${argv[@]}" >stdout.txt 2>stderr.txt || status=$?
    local stderr problems=""
    stderr=$(cat stderr.txt)
    expect_stderr=${expect_stderr//@F/$files_regex}
    if [[ $status != "$expect_exit" ]]; then
        problems+="  exit $status, expected $expect_exit"$'\n'
    fi
    if ! [[ $stderr =~ $expect_stderr ]]; then
        problems+="  stderr does not match: $expect_stderr"$'\n'
    fi
    if [[ $status != 0 ]]; then
        if [[ $(wc -l <stderr.txt) != 1 ]]; then
            problems+="  stderr is not one line"$'\n'
        fi
        if [[ $(cat map.svg) != "previous map" ]]; then
            problems+="  the existing map.svg was changed"$'\n'
        fi
        local left
        left=$(ls -A | grep -v -x -e map.svg -e stdout.txt -e stderr.txt || true)
        if [[ -n $left ]]; then
            problems+="  files left behind: $left"$'\n'
        fi
    fi
    if [[ -n $problems ]]; then
        printf 'FAIL %s: posture %s\n%s--- stderr ---\n%s\n' "$name" "${argv[*]}" "$problems" \
            "$stderr"
        return 1
    fi
    printf 'ok %s\n' "$name"
}

failed=0 ran=0
while IFS='|' read -r name args expect_exit expect_stderr; do
    name=$(trim "$name")
    [[ -z $name || $name == \#* ]] && continue
    if [[ $# -gt 0 ]]; then
        wanted=0
        for w in "$@"; do [[ $w == "$name" ]] && wanted=1; done
        [[ $wanted == 1 ]] || continue
    fi
    ran=$((ran + 1))
    run_case "$name" "$(trim "$args")" "$(trim "$expect_exit")" "$(trim "$expect_stderr")" ||
        failed=$((failed + 1))
done <"$cases"
if [[ $ran == 0 ]]; then
    echo "run.sh: no case named $*" >&2
    exit 2
fi
echo "$((ran - failed)) passed, $failed failed"
[[ $failed == 0 ]]
