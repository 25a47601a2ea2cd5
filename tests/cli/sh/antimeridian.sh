# A map across the 180th meridian: Chukotka is one country on the page, not two halves with a
# border between them (Natural Earth cuts Russia there; the cut was stroked as a border).
. "$(dirname "$0")/common.sh"
"$posture" render --extent 160,55,179.9,72 --set "map.projection=+proj=laea +lat_0=64 +lon_0=180 +datum=WGS84" \
  --set inset.show=false -o chukotka.png -o chukotka.svg 2>/dev/null
grep -q 'id="borders-at-180"' chukotka.svg || fail "no borders cut at the antimeridian in the SVG"
python3 - <<'PY' || fail "a border line runs along 180 degrees through Russia"
import struct, zlib
data = open("chukotka.png", "rb").read()
at, idat = 8, b""
while at < len(data):
    n, kind = struct.unpack(">I4s", data[at:at + 8])
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", data[at + 8:at + 18])
    if kind == b"IDAT":
        idat += data[at + 8:at + 8 + n]
    at += 12 + n
assert depth == 8 and colour == 2, (depth, colour)  # RGB, rows unfiltered as posture writes them
raw = zlib.decompress(idat)
stride = 1 + 3 * width
def rgb(x, y):
    i = y * stride + 1 + 3 * x
    return raw[i], raw[i + 1], raw[i + 2]
russia = (0xe8, 0xaa, 0x9b)  # [group.russia] fill
def is_russia(p):
    return all(abs(a - b) <= 6 for a, b in zip(p, russia))
# A pixel lighter than Russia (a white border, anti-aliased over two pixels) with Russia three pixels to
# its left and right is a border inside Russia; coasts make a few, scattered, but a line along a
# meridian (vertical here: the projection is centred on it) makes a column of them.
hits = [x for y in range(0, height, 2) for x in range(3, width - 3)
        if sum(rgb(x, y)) > 620 and is_russia(rgb(x - 3, y)) and is_russia(rgb(x + 3, y))]
column = max((sum(1 for h in hits if abs(h - x) <= 1) for x in set(hits)), default=0)
russia_pixels = sum(1 for y in range(0, height, 8) for x in range(0, width, 8) if is_russia(rgb(x, y)))
assert russia_pixels > 1000, russia_pixels
assert column < 40, column
PY
