# Sourced by the scripts here: arguments POSTURE SOURCE_DIR WORK_DIR; a fresh WORK_DIR is the
# current directory, and fail() stops with a message. POSTURE_DATA_DIR comes from ctest.
set -euo pipefail
posture=$1 source_dir=$2 work=$3
tables=$source_dir/tests/data/tables
rm -rf "$work"
mkdir -p "$work"
cd "$work"
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
# expect_exit CODE command...: runs the command, which must exit with CODE.
expect_exit() {
  local want=$1 got=0
  shift
  "$@" || got=$?
  [ "$got" = "$want" ] || fail "$* exited $got, expected $want"
}
