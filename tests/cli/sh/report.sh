# --report writes valid JSON with the page, every symbol and label, warnings; --alt-text and
# the SVG's <desc> say the same.
. "$(dirname "$0")/common.sh"
"$posture" render -o map.svg --report map.json --alt-text map.txt
python3 -m json.tool map.json >/dev/null || fail "map.json is not JSON"
python3 - <<'PY' || fail "map.json content"
import json
r = json.load(open("map.json"))
assert r["page"]["width_pt"] == 1600 and r["page"]["height_pt"] == 1200, r["page"]
assert r["projection"].startswith("+proj=laea"), r["projection"]
assert r["extent"] == [6.5, 41.5, 43.5, 60.5], r["extent"]
ids = [s["id"] for s in r["symbols"]]
assert "position-ru-yelnya" in ids and "arrival-us-bragg-poland" in ids, ids
for s in r["symbols"]:
    x, y = s["at"]
    assert 0 <= x <= 1600 and 0 <= y <= 1200, s
moves = [m["id"] for m in r["movements"]]
assert moves == ["movement-us-vilseck-romania", "movement-us-bragg-poland",
                 "movement-us-bragg-germany"], moves
texts = {t["id"]: t for t in r["texts"] if t["id"]}
assert texts["title"]["text"].startswith("NATO reinforces"), texts["title"]
assert "label-ru-yelnya" in texts and texts["label-ru-yelnya"]["text"] == "Yelnya"
x0, y0, x1, y1 = texts["label-ru-yelnya"]["box"]
assert x0 < x1 and y0 < y1
assert r["table"]["rows_drawn"] == 11, r["table"]
areas = r["areas"]
assert [(a["id"], a["place"], a["side"], a["drawn"]) for a in areas] == [
    ("area-ru-separatist-donbas", "Separatist-held Donbas", "Russia", True)], areas
assert isinstance(r["warnings"], list) and isinstance(r["labels_dropped"], list)
assert r["alt_text"] == open("map.txt").read().rstrip("\n")
PY
grep -q "^Map: NATO reinforces its eastern flank" map.txt || fail "alt text: $(cat map.txt)"
grep -q "Hatched areas: Separatist-held Donbas, Held by Russian-backed separatists since 2014" map.txt ||
  fail "alt text lacks the area: $(cat map.txt)"
grep -q "About 1,000 US troops move from Vilseck to Mihail Kogălniceanu" map.txt ||
  fail "alt text lacks the Stryker move"
desc=$(sed -n 's:^<desc>\(.*\)</desc>$:\1:p' map.svg)
[ "$desc" = "$(cat map.txt)" ] || fail "the SVG's <desc> is not the alt text"
# Warnings reach the report: places outside a small extent.
"$posture" render -o small.svg --extent 20,50,30,56 --report small.json 2>warnings.txt
grep -q '^posture: warning: .*lies outside the map' warnings.txt || fail "no warning printed"
python3 - <<'PY' || fail "the report's warnings are not the ones printed"
import json
printed = [l[len("posture: warning: "):].rstrip("\n") for l in open("warnings.txt")
           if l.startswith("posture: warning: ")]
assert json.load(open("small.json"))["warnings"] == printed
PY
# The legend's key of circles follows the circles on the map: none shown, no key (a bug: the
# key was made from every row of the table, drawn or not).
"$posture" render -o away.svg --extent=-80,-40,-50,-10 2>/dev/null
if grep -q "Troops (circle area)" away.svg; then fail "a key of circles on a map without circles"; fi
grep -q "Troops (circle area)" map.svg || fail "the default map lost its key of circles"
# An origin off the map is named once for arrows that enter near each other (the default map's
# two from Fort Bragg), and at each arrow when they enter far apart (here one enters the west
# edge near the top of a tall map, the other near its bottom).
python3 - <<'PY' || fail "origin labels off the map"
import json
r = json.load(open("map.json"))
named = [t["id"] for t in r["texts"] if t["text"].startswith("from Fort Bragg")]
assert named == ["origin-label-us-bragg-poland"], named
PY
cat >apart.csv <<'CSV'
id,kind,side,from,to,troops,label
north,movement,US,"Fort Bragg, North Carolina",Oslo,500,North
south,movement,US,"Fort Bragg, North Carolina",Athens,500,South
CSV
"$posture" render apart.csv --extent 5,36,30,62 -o apart.svg --report apart.json
python3 - <<'PY' || fail "origin labels far apart"
import json
r = json.load(open("apart.json"))
named = [t["id"] for t in r["texts"] if t["text"].startswith("from Fort Bragg")]
assert named == ["origin-label-north", "origin-label-south"], named
PY
