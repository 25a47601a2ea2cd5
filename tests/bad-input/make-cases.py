#!/usr/bin/env python3
"""Writes the malformed shapefiles of tests/bad-input/files/shp/, each derived from the tiny
tests/data/shapefiles/no-prj.* (three polygons: Czechia, Germany, Poland). The files are
committed, so the tests need no Python; run this again only to change a case:
    python3 tests/bad-input/make-cases.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "data", "shapefiles", "no-prj")
OUT = os.path.join(HERE, "files", "shp")


def read(extension):
    with open(SOURCE + "." + extension, "rb") as f:
        return f.read()


SHP, SHX, DBF = read("shp"), read("shx"), read("dbf")
WGS84 = (b'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,'
         b'298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')


def write(name, shp=SHP, shx=SHX, dbf=DBF, prj=WGS84):
    """name.shp/.shx/.dbf/.prj; a part given as None is not written."""
    for extension, data in (("shp", shp), ("shx", shx), ("dbf", dbf), ("prj", prj)):
        path = os.path.join(OUT, name + "." + extension)
        if os.path.exists(path):
            os.remove(path)
        if data is not None:
            with open(path, "wb") as f:
                f.write(data)


def with_int(data, offset, fmt, value):
    return data[:offset] + struct.pack(fmt, value) + data[offset + struct.calcsize(fmt):]


def shx_offsets_past_end():
    """Every record offset of the index points 1 MB past the end of the .shp."""
    shx = bytearray(SHX)
    for at in range(100, len(SHX), 8):
        shx[at:at + 4] = struct.pack(">i", (len(SHP) + 1000000) // 2)
    return bytes(shx)


def first_record_with_parts(count):
    """The first polygon claims count parts (its part table is far shorter)."""
    return with_int(SHP, 100 + 8 + 36, "<i", count)


def point_shapefile():
    """One point, typed 1 (Point) in both headers: a valid shapefile of the wrong kind."""
    record = struct.pack("<i2d", 1, 21.0, 52.2)
    header = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, 50 + (8 + len(record)) // 2)
    header += struct.pack("<2i8d", 1000, 1, 21.0, 52.2, 21.0, 52.2, 0, 0, 0, 0)
    shp = header + struct.pack(">2i", 1, len(record) // 2) + record
    shx = header[:24] + struct.pack(">i", 50 + 4) + header[28:] + struct.pack(">2i", 50, 10)
    records = 1
    dbf = with_int(DBF, 4, "<I", records)
    header_length = struct.unpack("<H", DBF[8:10])[0]
    record_length = struct.unpack("<H", DBF[10:12])[0]
    dbf = dbf[:header_length + record_length] + b"\x1a"
    return shp, shx, dbf


def main():
    os.makedirs(OUT, exist_ok=True)
    write("good")
    write("truncated-shp", shp=SHP[:len(SHP) // 2])
    write("header-only-shp", shp=SHP[:100])
    write("empty-shp", shp=b"")
    write("shx-offsets-past-end", shx=shx_offsets_past_end())
    write("truncated-shx", shx=SHX[:60])
    write("shx-length-huge", shx=with_int(SHX, 24, ">i", 0x3A00003E))
    write("shx-fewer-records", shx=SHX[:-8])
    write("dbf-header-length-wrong", dbf=with_int(DBF, 8, "<H", 0xFFF0))
    write("dbf-record-size-wrong", dbf=with_int(DBF, 10, "<H", 60000))
    write("dbf-record-count-wrong", dbf=with_int(DBF, 4, "<I", 2))
    write("dbf-truncated", dbf=DBF[:len(DBF) - 60])
    write("not-a-shapefile", shp=b"Country,Code\nPoland,POL\n" * 8, shx=b"not an index\n" * 10,
          dbf=b"not a table\n" * 20)
    write("missing-dbf", dbf=None)
    write("missing-shx", shx=None)
    write("prj-unreadable", prj=b"PROJCS[\"broken\",GEOGCS[nonsense")
    write("too-many-parts", shp=first_record_with_parts(1 << 30))
    write("negative-parts", shp=first_record_with_parts(-5))
    shp, shx, dbf = point_shapefile()
    write("points", shp=shp, shx=shx, dbf=dbf)


if __name__ == "__main__":
    main()
