#!/usr/bin/env python3
"""Writes data/areas/donbas-2014-2022.{shp,shx,dbf,prj,cpg}: the areas of Donetsk and Luhansk
oblasts held by Russian-backed separatists from 2014-2015 to February 2022, digitized
APPROXIMATELY along the 2015-2022 line of contact between towns on either side of it (their
coordinates from data/gazetteer.csv, GeoNames). The polygon closes well inside Russia and in the
Sea of Azov: a style draws it with clip_to = UKR, so its eastern and southern edges are the
border and the coast of the country shapefile. See data/SOURCES.md.

Also the writer of tests/data/shapefiles/test-rivers.* (three made-up "rivers", polylines) and
test-regions.* (two made-up polygons), with --tests. Standard library only: the shapefile format
is small (ESRI Shapefile Technical Description, 1998)."""
import os
import struct
import sys

# (lon, lat), clockwise from the north-east, in Russia. Comments: the towns the line passes
# between (gov = government-held, sep = separatist-held, 2015-2022).
DONBAS = [
    (40.60, 48.68),  # in Russia, east of the border
    (39.85, 48.665),  # the Siverskyi Donets at the Russian border
    (39.48, 48.64),  # south of Stanytsia Luhanska (gov) across the river
    (39.35, 48.69),  # between Nyzhnoteple (gov) and Vesela Hora (sep)
    (39.23, 48.715),  # south of Shchastia (gov), north of Metalist (sep)
    (39.00, 48.70),  # along the river, Trokhizbenka (gov) to the north
    (38.80, 48.71),  # south of Krymske (gov), north of Sentianivka (sep)
    (38.66, 48.695),  # south of Novotoshkivske (gov), north of Holubivka/Kirovsk (sep)
    (38.53, 48.66),  # south of Zolote (gov), north of Pervomaisk/Sokolohirsk (sep)
    (38.44, 48.62),  # east of Popasna (gov), west of Pervomaisk (sep)
    (38.40, 48.55),  # west of Kalynove and Irmino (sep)
    (38.33, 48.45),  # east of Myronivskyi (gov), north of Debaltseve (sep)
    (38.24, 48.40),  # south of Svitlodarsk and Luhanske (gov), north of Vuhlehirsk (sep)
    (38.10, 48.415),  # north of Horlivka's Holmivskyi (sep)
    (38.02, 48.38),  # Zaitseve, split by the line
    (37.95, 48.34),  # south-east of Toretsk and Pivdenne (gov), north-west of Horlivka (sep)
    (37.91, 48.24),  # east of Verkhnotoretske (gov), west of Panteleimonivka (sep)
    (37.83, 48.15),  # between Avdiivka (gov) and Yasynuvata (sep)
    (37.755, 48.105),  # south of Avdiivka, north of Spartak and Donetsk airport (sep)
    (37.68, 48.065),  # east of Pisky (gov): the airport on the separatist side
    (37.59, 48.02),  # between Krasnohorivka (gov) and Staromykhailivka (sep)
    (37.545, 47.965),  # east of Marinka (gov), west of Donetsk's Petrovskyi district (sep)
    (37.60, 47.88),  # between Marinka (gov) and Olenivka (sep)
    (37.61, 47.76),  # west of Dokuchaievsk (sep), east of Novotroitske and Olhynka (gov)
    (37.68, 47.64),  # east of Volnovakha (gov)
    (37.80, 47.50),  # along the Kalmius, Styla and Starobesheve (sep) to the east
    (37.86, 47.32),  # east of Pavlopil (gov)
    (37.88, 47.17),  # east of Vodiane and Talakivka (gov), west of Sakhanka (sep)
    (37.875, 47.10),  # the Azov coast between Shyrokyne (gov) and Bezimenne, Novoazovsk (sep)
    (37.88, 46.90),  # in the Sea of Azov
    (40.60, 46.90),  # in Russia
]

PRJ = ('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
       'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')


def bbox(parts):
    xs = [x for part in parts for x, _ in part]
    ys = [y for part in parts for _, y in part]
    return min(xs), min(ys), max(xs), max(ys)


def record_content(shape_type, parts):
    points = [p for part in parts for p in part]
    content = struct.pack('<i4d2i', shape_type, *bbox(parts), len(parts), len(points))
    start = 0
    for part in parts:
        content += struct.pack('<i', start)
        start += len(part)
    for x, y in points:
        content += struct.pack('<2d', x, y)
    return content


def header(shape_type, length_bytes, box):
    return (struct.pack('>7i', 9994, 0, 0, 0, 0, 0, length_bytes // 2) +
            struct.pack('<2i', 1000, shape_type) + struct.pack('<4d', *box) + struct.pack('<4d', 0, 0, 0, 0))


def write_dbf(path, fields, rows):
    """fields: [(name, width)] of character fields; rows: [[text]] (UTF-8)."""
    record_size = 1 + sum(width for _, width in fields)
    head = struct.pack('<B3BIHH20x', 3, 95, 7, 26, len(rows), 32 + 32 * len(fields) + 1, record_size)
    for name, width in fields:
        head += struct.pack('<11sc4xBB14x', name.encode(), b'C', width, 0)
    head += b'\r'
    body = b''
    for row in rows:
        body += b' '
        for (name, width), text in zip(fields, row):
            data = text.encode('utf-8')
            assert len(data) <= width, (name, text)
            body += data.ljust(width, b' ')
    with open(path, 'wb') as f:
        f.write(head + body + b'\x1a')


def write_shapefile(base, shape_type, features, fields, rows):
    """features: per record, a list of parts, each a list of (lon, lat)."""
    records = b''
    index = b''
    offset = 100
    for number, parts in enumerate(features, 1):
        content = record_content(shape_type, parts)
        index += struct.pack('>2i', offset // 2, len(content) // 2)
        records += struct.pack('>2i', number, len(content) // 2) + content
        offset += 8 + len(content)
    box = bbox([part for parts in features for part in parts])
    with open(base + '.shp', 'wb') as f:
        f.write(header(shape_type, 100 + len(records), box) + records)
    with open(base + '.shx', 'wb') as f:
        f.write(header(shape_type, 100 + len(index), box) + index)
    write_dbf(base + '.dbf', fields, rows)
    with open(base + '.prj', 'w') as f:
        f.write(PRJ)
    with open(base + '.cpg', 'w') as f:
        f.write('UTF-8')


def clockwise(ring):
    """Shapefile outer rings run clockwise; the first point repeats at the end."""
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))
    ring = ring if area < 0 else ring[::-1]
    return ring + ring[:1]


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if '--tests' in sys.argv[1:]:
        out = os.path.join(root, 'tests', 'data', 'shapefiles')
        rivers = [
            [[(22.0, 52.9), (23.5, 52.2), (24.8, 51.6), (26.5, 51.4)]],
            [[(28.0, 53.5), (28.8, 52.4), (30.2, 51.2)], [(30.2, 51.2), (31.0, 50.3)]],
            [[(24.0, 49.0), (25.5, 48.6), (27.0, 48.7)]],
        ]
        write_shapefile(os.path.join(out, 'test-rivers'), 3, rivers, [('NAME', 24), ('KIND', 8)],
                        [['Testbug', 'river'], ['Prypiat Test', 'river'], ['Dniester Canal', 'canal']])
        regions = [
            [clockwise([(23.6, 50.2), (25.4, 50.2), (25.4, 51.3), (23.6, 51.3)])],
            [clockwise([(30.5, 52.5), (32.5, 52.5), (32.5, 53.6), (30.5, 53.6)])],
        ]
        write_shapefile(os.path.join(out, 'test-regions'), 5, regions, [('NAME', 24)],
                        [['Test Oblast'], ['Test Borderland']])
        return
    out = os.path.join(root, 'data', 'areas')
    os.makedirs(out, exist_ok=True)
    write_shapefile(os.path.join(out, 'donbas-2014-2022'), 5, [[clockwise(DONBAS)]],
                    [('NAME', 60), ('HELD_BY', 40), ('SOURCE', 80)],
                    [['Separatist-held Donbas', 'Russian-backed separatists',
                      'posture data/SOURCES.md: approximate, from GeoNames towns']])


if __name__ == '__main__':
    main()
