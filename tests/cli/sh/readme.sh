# The README's examples of "Batches and scripts" and "The library", run as written: the block
# after each "<!-- README test: NAME -->" line. Environment: BUILD_DIR, CC, EXTRA_CFLAGS.
. "$(dirname "$0")/common.sh"
readme=$source_dir/README.md
# block NAME: the fenced block that follows the marker.
block() {
  awk -v marker="<!-- README test: $1 -->" '
    $0 == marker { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$readme"
}
ln -s "$source_dir/data" data
block jobs.csv >jobs.csv
block run >run.sh
block c >snippet.c
[ -s jobs.csv ] && [ -s run.sh ] && [ -s snippet.c ] || fail "a README test block is missing"
PATH=$(dirname "$posture"):$PATH bash -euo pipefail run.sh 2>run.log || fail "README commands: $(cat run.log)"
# Areas and extra layers: the table, the style and the commands.
block areas.csv >areas.csv
block layers.ini >layers.ini
block areas >areas.sh
[ -s areas.csv ] && [ -s layers.ini ] && [ -s areas.sh ] || fail "a README areas block is missing"
PATH=$(dirname "$posture"):$PATH bash -euo pipefail areas.sh 2>areas.log ||
  fail "README areas commands: $(cat areas.log)"
grep -q '<g id="layer-rivers"' areas.svg || fail "areas.svg lacks the rivers layer"
grep -q 'id="area-donbas"' areas.svg || fail "areas.svg lacks the Donbas area"
grep -q 'id="area-moldova"' areas.svg || fail "areas.svg lacks Moldova hatched"
grep -q 'Held by Russian-backed separatists since 2014' areas.svg || fail "no legend row for Donbas"
grep -q '"drawn": true' areas.json || fail "areas.json does not list a drawn area"
for f in russia.svg russia.txt frames/2022-02-02.png frames/2022-02-03.png poland.svg poland.json \
  from-a-pipe.svg maps/russia.svg maps/russia.png maps/russia.txt maps/us-social-1200x675.png \
  maps/frames/2022-02-02.svg maps/frames/2022-02-03.svg; do
  [ -s "$f" ] || fail "the README's commands did not write $f"
done
grep -q 'as of 10 February 2022' russia.svg || fail "russia.svg is not as of 10 February"
python3 -m json.tool poland.json >/dev/null || fail "poland.json is not JSON"
# The C example inside a main(), against the build tree's library.
{
  echo '#include <stdio.h>'
  sed -n '/#include <posture.h>/p' snippet.c
  echo 'int main(void) {'
  grep -v '#include' snippet.c
  echo 'return 0; }'
} >example.c
# What posture.pc says, with the build tree's install-lib/ for its libdir (libposture.a and, when
# posture links the static PROJ, libposture-proj.a).
requires=$(sed -n 's/^Requires: //p' "$BUILD_DIR/posture.pc")
libs=$(sed -n 's/^Libs: //p' "$BUILD_DIR/posture.pc" | sed 's/-L[^ ]*//')
# shellcheck disable=SC2046,SC2086
"${CC:-cc}" -std=c11 -Wall -Werror $EXTRA_CFLAGS -I"$source_dir/include" example.c \
  -L"$BUILD_DIR/install-lib" $libs $(pkg-config --libs $requires) -o example ||
  fail "the README's C example does not build"
./example || fail "the README's C example failed"
[ -s map.png ] && [ -s map.svg ] || fail "the README's C example wrote no map"
grep -q 'id="position-ru-yelnya"' map.svg || fail "the C example's map lacks Yelnya"
grep -q 'id="movement-' map.svg && fail "the C example's where did not apply"
true
