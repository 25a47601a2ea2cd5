# cmake --install into a fresh prefix: the installed posture renders with POSTURE_DATA_DIR unset
# from the prefix's own data, from another directory; the man page formats cleanly; a program
# built with pkg-config against the installed library (and put in its bin/) renders. Environment: BUILD_DIR, CC,
# EXTRA_CFLAGS (the sanitizer flags of a sanitizer build).
. "$(dirname "$0")/common.sh"
unset POSTURE_DATA_DIR
# Outside the build tree: a program inside it reads the source tree's data.
prefix=$(mktemp -d "${TMPDIR:-/tmp}/posture-install-XXXXXX")
trap 'rm -rf "$prefix"' EXIT
cmake --install "$BUILD_DIR" --prefix "$prefix" >install.log
for f in bin/posture include/posture.h share/man/man1/posture.1 \
  share/posture/data/styles/default.ini share/posture/shapefiles/ne_50m_admin_0_countries.shp; do
  [ -e "$prefix/$f" ] || fail "$f is not installed"
done
pc=$(find "$prefix" -name posture.pc)
[ -n "$pc" ] || fail "posture.pc is not installed"
lib=$(find "$prefix" -name libposture.a)
[ -n "$lib" ] || fail "libposture.a is not installed"
# The prefix's data, not the source tree's: mark the installed style and look for the mark.
sed -i 's/^text = NATO reinforces.*/text = Installed data/' "$prefix/share/posture/data/styles/default.ini"
mkdir elsewhere
(cd elsewhere && "$prefix/bin/posture" render -o map.svg)
grep -q '>Installed data</text>' elsewhere/map.svg || fail "the installed posture did not read the installed data"
[ "$(groff -man -Tutf8 -ww -z "$prefix/share/man/man1/posture.1" 2>&1)" = "" ] ||
  fail "posture.1 has groff warnings"
export PKG_CONFIG_PATH=$(dirname "$pc")
# shellcheck disable=SC2046,SC2086
"${CC:-cc}" -std=c11 -Wall -Werror $EXTRA_CFLAGS "$source_dir/examples/render_many.c" \
  $(pkg-config --cflags --libs posture) -o "$prefix/bin/render_many" ||
  fail "render_many does not build with pkg-config"
mkdir maps
"$prefix/bin/render_many" maps >written.txt || fail "render_many failed"
[ "$(wc -l <written.txt)" -ge 10 ] || fail "render_many wrote $(cat written.txt)"
while read -r f; do [ -s "$f" ] || fail "$f is empty"; done <written.txt
grep -q '>Installed data</text>' maps/us.svg || fail "render_many did not read the installed data"
