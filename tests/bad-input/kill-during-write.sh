#!/usr/bin/env bash
# Nothing lost: SIGKILL posture while it writes a large PNG over an existing one. The existing
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

# 20000 x 20000 pixels: seconds of PNG encoding, time enough to be caught writing.
"$posture" render --width 20000 --height 20000 -o map.png 2>/dev/null &
pid=$!
caught=0
for _ in $(seq 1 6000); do
    temp=$(find . -maxdepth 1 -name 'map.png.tmp-*' -size +0 -print -quit)
    if [[ -n $temp ]]; then
        kill -KILL "$pid"
        caught=1
        break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
        break
    fi
    sleep 0.01
done
wait "$pid" 2>/dev/null || true
if [[ $caught != 1 ]]; then
    echo "FAIL: posture finished or failed before it was caught writing map.png.tmp-*" >&2
    exit 1
fi
echo "killed while writing $temp ($(stat -c %s "$temp") bytes)"
if [[ $(cksum <map.png) != "$before" ]]; then
    echo "FAIL: map.png changed after SIGKILL" >&2
    exit 1
fi
left=$(ls -A | grep -v -x -e map.png -e "${temp#./}" || true)
if [[ -n $left ]]; then
    echo "FAIL: unexpected files after SIGKILL: $left" >&2
    exit 1
fi
rm -f "$temp"

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
