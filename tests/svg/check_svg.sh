#!/usr/bin/env bash
# Does another program accept posture's SVG? Renders one golden case (tests/golden/<case>/args) to
# PNG and SVG with the real binary, then opens the SVG in TOOL:
#   inkscape  exports it to PNG at the size of posture's: no warning or error on stderr, every id
#             of the SVG (layers "countries", "labels", ..., and named items) known to Inkscape,
#             and the picture close to posture's PNG.
#   chromium  takes a headless screenshot of the SVG at the same size, close to posture's PNG.
# Exits 77 (ctest's SKIP_RETURN_CODE) with a message when TOOL is not installed.
#
#   bash tests/svg/check_svg.sh inkscape|chromium POSTURE COMPARE_PNG SOURCE_DIR WORK_DIR CASE
#
# WORK_DIR keeps map.png, map.svg, TOOL.png, TOOL.stderr and, if too different, TOOL-diff.png
# (differing pixels in red, clusters of them in blue).
set -euo pipefail
tool=$1 posture=$2 compare_png=$3 source_dir=$4 work=$5 case=$6

# How close TOOL's picture must be to posture's PNG, as compare_png limits. A pixel "differs" when
# every pixel of the other picture up to 1 px away is off by more than 64/255 on some channel (so
# an edge antialiased a little differently does not count); a pixel is "in a cluster" when its
# eight neighbours differ too; the mean is the plain mean absolute difference over all pixels and
# colour channels. Measured on the golden cases with Inkscape 1.2.2 and Chromium 156.0.8078.79
# (Debian 12), posture as of 2025-11:
#                      differ (%)         in clusters       mean (/255)
#   case               inkscape chromium  inkscape chromium inkscape chromium
#   default            0.139    0.061     0        0        0.99     1.02
#   dark               0.114    0.063     0        0        0.95     0.99
#   mobile-375         0.324    0.128     0        0        3.46     2.98
#   arrows-taper-fan   0.127    0.060     0        0        1.36     1.45
#   crimea-russia-10m  0.157    0.055     0        0        1.18     1.08
#   graticule-miles    0.147    0.075     0        0        1.64     1.82
#   names-de           0.095    0.062     0        0        1.33     1.57
# What is left is glyph edges: cairo with FreeType and Inkscape or Skia rasterise text with other
# gamma and contrast; Skia also samples the Crimea hatch from a bitmap tile, which softens its
# 1 pt lines. At 48/255 instead of 64 a few clusters appear (up to 16, names-de), hence the small
# allowance. Broken SVG, simulated on default, dark and mobile-375 in Chromium, fails by far:
# the labels' <text> removed: 1241-4158 pixels in clusters; the positions' circles removed:
# 3080-6363; clip paths ignored: 367-711 and a mean of 6-8.8; the hatch pattern dropped: 75-171;
# halos drawn over the text (no paint-order): 61-257; text in a serif font: 839-3170. Too thin
# to see this way: borders (1 px lines) removed, or fill-opacity ignored.
tolerance=64
shift_px=1
max_percent=0.6
max_clustered=10
max_mean=6

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# An absolute path to an existing file, as the script changes directory.
absolute() {
    [ -e "$1" ] || fail "$1: no such file"
    echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
}

case $tool in
inkscape | chromium) ;;
*) fail "unknown tool \"$tool\" (inkscape or chromium)" ;;
esac
if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed, so the SVG is not checked in it" \
        "(bash scripts/setup.sh installs it on Debian)"
    exit 77
fi

posture=$(absolute "$posture")
compare_png=$(absolute "$compare_png")
source_dir=$(cd "$source_dir" && pwd)

# The same pinning as tests/golden/run_golden.cmake, so posture draws what the golden tests draw,
# and the other program finds the same fonts. Its settings and caches stay in WORK_DIR.
export FONTCONFIG_FILE=$source_dir/tests/golden/fonts.conf
export POSTURE_DATA_DIR=$source_dir SOURCE_DATE_EPOCH=0 LC_ALL=C.UTF-8 TZ=UTC
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export XDG_DATA_HOME=$work/data XDG_RUNTIME_DIR=$work/runtime
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

args=()
while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    [ -z "$line" ] || [ "${line:0:1}" = "#" ] || args+=("$line")
done <"$source_dir/tests/golden/$case/args"
(cd "$source_dir" && "$posture" render "${args[@]}" -o "$work/map.png" -o "$work/map.svg") ||
    fail "posture render ${args[*]} failed"
cd "$work"

# The PNG's size from its IHDR chunk: bytes 16..23, two big-endian 32-bit numbers. The SVG's size
# (its first width and height, the <svg> element's) times the PNG's scale is the same.
read -r width_px height_px < <(od -An -tu1 -j16 -N8 map.png |
    awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }')
svg_width=$(grep -om1 ' width="[0-9.]*"' map.svg | cut -d'"' -f2)
svg_height=$(grep -om1 ' height="[0-9.]*"' map.svg | cut -d'"' -f2)
if [ -z "$svg_width" ] || [ -z "$svg_height" ]; then
    fail "$case's SVG has no width and height"
fi
read -r window_width window_height scale < <(awk -v w="$svg_width" -v h="$svg_height" \
    -v png_w="$width_px" '{} END { printf "%.0f %.0f %g\n", w, h, png_w / w }' </dev/null)

# Lines of stderr that say nothing about the SVG, each from running without a desktop:
#   "Failed to wrap object of type 'GtkRecentManager'": Inkscape 1.2 asks GTK for the recent
#     files list, which needs a display; logged as a GLib WARNING on every run, SVG or not.
#   "Failed to connect to the bus", "Failed to call method: org.freedesktop.": Chromium looks for
#     D-Bus (system and session bus, UPower); containers and CI runners have none.
#   "/usr/bin/chromium: 9: [: ...: unexpected operator": Debian's launcher script compares
#     findmnt's /dev/shm size with [ -lt ]; a quirk of the wrapper, not of the page.
#   "bytes written to file": Chromium's own report of the screenshot.
noise="Failed to wrap object of type 'GtkRecentManager'"
noise+="|Failed to connect to the bus|Failed to call method: org\\.freedesktop\\."
noise+="|^/usr/bin/chromium: [0-9]+: \\[: .*unexpected operator|bytes written to file"

# Fails on any line of FILE, other than noise and blank lines, that reports a problem.
check_stderr() {
    local file=$1 what=$2 other
    other=$(grep -Ev "$noise" "$file" | grep -v '^[[:space:]]*$' || true)
    if [ -n "$other" ]; then
        echo "$what said:"
        echo "$other"
        if grep -Eiq 'warning|error|critical|fail' <<<"$other"; then
            fail "$what printed warnings or errors about $case's SVG (above)"
        fi
    fi
}

compare_with_posture() {
    local picture=$1
    "$compare_png" --tolerance $tolerance --shift $shift_px --max-percent $max_percent \
        --max-clustered $max_clustered --max-mean $max_mean \
        map.png "$picture" "${picture%.png}-diff.png" ||
        fail "$tool's rendering of $case's SVG is too far from posture's PNG: see $work"
}

check_inkscape() {
    inkscape --export-type=png --export-width="$width_px" --export-height="$height_px" \
        --export-filename=inkscape.png map.svg 2>inkscape.stderr ||
        fail "inkscape exited with $? on $case's SVG: $(cat inkscape.stderr)"
    check_stderr inkscape.stderr "inkscape --export-type=png"
    [ -s inkscape.png ] || fail "inkscape wrote no PNG for $case's SVG"

    inkscape --query-all map.svg >inkscape-query.txt 2>inkscape-query.stderr ||
        fail "inkscape --query-all exited with $?: $(cat inkscape-query.stderr)"
    check_stderr inkscape-query.stderr "inkscape --query-all"
    # Every id outside <defs> (clip paths and patterns are not objects to Inkscape) is an object
    # it found: the layers first, as an editor's user would look for them. --query-all leaves out
    # objects with nothing to show, such as a country's sliver that lies wholly outside the map's
    # clip; for those Inkscape must still know the id and give it no width.
    sed -n '/^<\/defs>/,$p' map.svg | grep -o ' id="[^"]*"' | sed 's/^ id="//; s/"$//' |
        sort -u >svg-ids.txt
    cut -d, -f1 inkscape-query.txt | sort -u >inkscape-ids.txt
    local layer
    for layer in countries labels; do
        grep -qx "$layer" svg-ids.txt || fail "$case's SVG has no layer \"$layer\""
    done
    local unlisted
    unlisted=$(comm -23 svg-ids.txt inkscape-ids.txt | paste -sd, -)
    if [ -n "$unlisted" ]; then
        inkscape --query-id="$unlisted" --query-width map.svg >unlisted-widths.txt \
            2>unlisted.stderr || fail "inkscape --query-id exited with $?: $(cat unlisted.stderr)"
        ! grep -F "Did not find" unlisted.stderr ||
            fail "inkscape does not know these ids of $case's SVG (above)"
        grep -Eqx '0(,0)*' unlisted-widths.txt ||
            fail "inkscape --query-all leaves out $unlisted, yet they have widths" \
                "$(cat unlisted-widths.txt)"
        echo "invisible (wholly clipped), so not listed by inkscape --query-all: $unlisted"
    fi
    echo "inkscape knows all $(wc -l <svg-ids.txt) ids; layers:" \
        "$(grep -o '<g id="[^"]*" inkscape:groupmode="layer"' map.svg | cut -d'"' -f2 | paste -sd' ')"
    compare_with_posture inkscape.png
}

check_chromium() {
    # Flags for a root user in a container without a display, GPU or network: --no-sandbox
    # because Chromium's sandbox refuses to run as root; the rest keep it from reaching out
    # (component updates, sync, QUIC) or reading a profile other than this fresh one.
    local status=0
    timeout 120 chromium --headless=new --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --disable-sync --disable-quic \
        --no-first-run --no-default-browser-check --user-data-dir="$work/chromium-profile" \
        --hide-scrollbars --window-size="$window_width,$window_height" \
        --force-device-scale-factor="$scale" \
        --screenshot="$work/chromium.png" "file://$work/map.svg" 2>chromium.stderr || status=$?
    [ "$status" -eq 0 ] || fail "chromium exited with $status on $case's SVG:" \
        "$(grep -Ev "$noise" chromium.stderr | tail -20)"
    [ -s chromium.png ] || fail "chromium wrote no screenshot of $case's SVG"
    compare_with_posture chromium.png
}

echo "$case: posture's PNG is ${width_px}x${height_px} px, its SVG ${svg_width}x${svg_height};" \
    "checking the SVG in $tool"
"check_$tool"
echo "$case: $tool accepts the SVG"
