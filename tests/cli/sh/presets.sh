# --preset NAME and the batch's preset column: the style's [preset.*] sizes, {preset} names.
. "$(dirname "$0")/common.sh"
png_size() { python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1"; }
"$posture" render --preset web-600 -o web.png
[ "$(png_size web.png)" = 600x480 ] || fail "web-600 is $(png_size web.png)"
"$posture" render --preset mobile-375 -o mobile.png -o mobile.svg --report mobile.json
[ "$(png_size mobile.png)" = 750x1280 ] || fail "mobile-375 at its scale 2 is $(png_size mobile.png)"
grep -q 'width="375" height="640"' mobile.svg || fail "mobile-375's SVG is not 375 x 640"
"$posture" render --preset mobile-375 --scale 3 -o mobile3.png
[ "$(png_size mobile3.png)" = 1125x1920 ] || fail "--scale 3 did not win over the preset's 2"
"$posture" render --preset web-600 --preset social-1080 -o 'two-{preset}.svg'
[ -s two-web-600.svg ] && [ -s two-social-1080.svg ] || fail "two presets: $(ls two-*)"
"$posture" render --preset web-600 --set page.width_px=700 -o set.png
[ "$(png_size set.png)" = 700x480 ] || fail "--set did not win over the preset"
expect_exit 64 "$posture" render --preset web-600 --preset social-1080 -o one.svg 2>err.txt
grep -q -- '--preset: -o one.svg needs {preset} in its name' err.txt || fail "$(cat err.txt)"
expect_exit 64 "$posture" render --preset tabloid -o x.svg 2>err.txt
grep -q -- '--preset: no preset "tabloid" in the style (web-600, web-1200, ' err.txt || fail "$(cat err.txt)"
printf 'name,preset,outputs\nweb,web-1200,{name}-{preset}.png\nsize,800x600,{name}-{preset}.png\n' >jobs.csv
"$posture" batch jobs.csv
[ "$(png_size web-web-1200.png)" = 1200x900 ] || fail "batch preset web-1200"
[ "$(png_size size-800x600.png)" = 800x600 ] || fail "batch preset 800x600"
