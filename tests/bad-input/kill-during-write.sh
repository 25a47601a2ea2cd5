#!/usr/bin/env bash
# Nothing lost: SIGKILL posture while it writes a PNG over an existing one. The existing
# file must be intact; the only thing left may be the temporary file beside it
# (map.png.tmp-XXXXXX), which nothing can clean up after a SIGKILL. Then a normal failure over
# the same file must leave no temporary file.
#   kill-during-write.sh POSTURE WORK_DIR
set -euo pipefail
posture=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
cd "$work"

"$posture" render --width 800 --height 600 -o map.png
before=$(cksum <map.png)

# Killed at two moments, made certain with strace's fault injection instead of a race against
# the clock (a PNG is compressed in memory and written in milliseconds, too fast to be caught
# reliably from outside): at its third write() (map.png.tmp-* half written) and at rename()
# (map.png.tmp-* whole, not yet in place). Each time the existing map.png must be intact, and
# the temporary file is all that is left.
for moment in "write:when=3" "rename,renameat,renameat2"; do
    calls=${moment%%:*}
    status=0
    strace -f -o /dev/null -e trace="$calls" -e inject="$calls:signal=KILL${moment#"$calls"}" \
        "$posture" render -o map.png 2>/dev/null || status=$?
    if [[ $status != 137 ]]; then
        echo "FAIL: posture was not killed at $moment (exit $status)" >&2
        exit 1
    fi
    temp=$(find . -maxdepth 1 -name 'map.png.tmp-*' -print -quit)
    if [[ -z $temp ]]; then
        echo "FAIL: no map.png.tmp-* after a kill at $moment" >&2
        exit 1
    fi
    echo "killed at $moment while writing $temp ($(stat -c %s "$temp") bytes)"
    if [[ $(cksum <map.png) != "$before" ]]; then
        echo "FAIL: map.png changed after SIGKILL at $moment" >&2
        exit 1
    fi
    left=$(ls -A | grep -v -x -e map.png -e "${temp#./}" || true)
    if [[ -n $left ]]; then
        echo "FAIL: unexpected files after SIGKILL at $moment: $left" >&2
        exit 1
    fi
    rm -f "$temp"
done

# A normal failure while writing: the second output cannot be written, so the run fails after
# the first has been written; no temporary file may be left, the existing map.png untouched.
status=0
"$posture" render --width 800 --height 600 -o other.svg -o missing-dir/map.png 2>/dev/null ||
    status=$?
if [[ $status != 73 ]]; then
    echo "FAIL: exit $status for an unwritable output, expected 73" >&2
    exit 1
fi
if [[ $(cksum <map.png) != "$before" ]] || ls -A | grep -q 'tmp-'; then
    echo "FAIL: a failed run changed map.png or left a temporary file: $(ls -A)" >&2
    exit 1
fi
echo "ok: map.png intact after SIGKILL and after a failed run"
