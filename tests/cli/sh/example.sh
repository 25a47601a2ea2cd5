# examples/render_many, as built in the build tree: one session, many maps.
. "$(dirname "$0")/common.sh"
mkdir maps
"$EXAMPLE" maps >written.txt
cat >want.txt <<'TXT'
maps/us.svg
maps/us.png
maps/russia.svg
maps/russia.png
maps/as-of-2022-02-02.svg
maps/as-of-2022-02-02.png
maps/as-of-2022-02-03.svg
maps/as-of-2022-02-03.png
maps/all-1600x1200.svg
maps/all-1600x1200.png
maps/all-1200x675.svg
maps/all-1200x675.png
maps/all-800x800.svg
maps/all-800x800.png
TXT
diff want.txt written.txt || fail "render_many wrote other files"
grep -q 'id="position-ru-yelnya"' maps/us.svg && fail "the US map shows Russian positions"
grep -q 'width="800" height="800"' maps/all-800x800.svg || fail "800x800 is not 800 x 800"
grep -q '>Force posture</text>' maps/all-1200x675.svg || fail "the title setting did not apply"
