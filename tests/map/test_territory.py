"""The shipped map file: complete against the catalog, well formed, and usable for placement."""

from __future__ import annotations

import gzip
import json
import random

import pytest

from emergenza.domain import geo
from emergenza.domain.territory import Territory
from emergenza.resources import load_territory, resources_dir

PROVINCES = {"BG", "BS", "CO", "CR", "LC", "LO", "MB", "MI", "MN", "PV", "SO", "VA"}


def test_every_catalog_municipality_has_its_boundary(territory, catalogs):
    assert len(territory.municipalities) == 1502
    assert set(territory.municipalities) == set(catalogs.municipalities)
    for istat, shape in territory.municipalities.items():
        entry = catalogs.municipalities[istat]
        assert (shape.name, shape.province) == (entry.name, entry.province_code)
        assert shape.polygons and all(len(ring) >= 3 for poly in shape.polygons for ring in poly)


def test_twelve_provinces_cover_their_municipalities(territory):
    assert set(territory.provinces) == PROVINCES
    assert territory.provinces["MB"].name == "Monza e della Brianza" and territory.provinces["BG"].istat == "016"
    rng = random.Random(12)
    for istat in rng.sample(sorted(territory.municipalities), 60):
        shape = territory.municipalities[istat]
        province = territory.provinces[shape.province]
        assert geo.point_in_multipolygon(shape.placement, province.polygons), istat
        others = [p for code, p in territory.provinces.items() if code != shape.province]
        assert not any(geo.strictly_inside(shape.placement, p.polygons) for p in others), istat


def test_file_is_small_and_coordinates_are_in_lombardy():
    path = resources_dir() / "map" / "lombardia.json.gz"
    assert path.stat().st_size < 3_000_000
    doc = json.loads(gzip.decompress(path.read_bytes()))
    assert doc["licence"] == "CC BY 4.0" and "ISTAT" in doc["source"]
    box = load_territory().bounds()
    # Lombardy spans about 8.50-11.43 E, 44.68-46.64 N.
    assert 8.4 < box.min_x < 8.6 and 11.3 < box.max_x < 11.5 and 44.6 < box.min_y < 44.8 and 46.5 < box.max_y < 46.7


def test_placement_is_inside_every_municipality_and_found_back(territory):
    for istat, shape in territory.municipalities.items():
        point = shape.placement
        assert geo.strictly_inside(point, shape.polygons), istat
    for istat in ("016024", "015146", "017029", "013254", "018033"):  # Bergamo, Milano, Brescia, two multi-part
        assert territory.municipality_at(territory.municipalities[istat].placement) == istat


def test_neighbours_share_their_border(territory):
    # Bergamo's placement is not inside any other municipality: the layers do not overlap there.
    bergamo = territory.municipalities["016024"].placement
    inside = [i for i, m in territory.municipalities.items() if geo.strictly_inside(bergamo, m.polygons)]
    assert inside == ["016024"]
    assert territory.municipality_at((9.0, 44.0)) is None  # Liguria, off the map


def test_bounds_of_a_province_and_unknown_codes(territory):
    bg = territory.bounds(territory.of_province("BG"))
    assert bg.contains(territory.municipalities["016024"].placement)
    assert not bg.contains(territory.municipalities["015146"].placement)  # Milano
    assert territory.bounds(["016024", "999999"]) == territory.municipalities["016024"].bbox
    with pytest.raises(ValueError):
        territory.bounds(["999999"])


def test_decoder_rejects_other_files():
    with pytest.raises(ValueError):
        Territory.from_document({"format": "something-else"})
    with pytest.raises(ValueError):
        Territory.from_document({"format": "emergenza-territory", "version": 99})
    tiny = {"format": "emergenza-territory", "version": 1, "scale": 10,
            "municipalities": [{"istat": "000001", "name": "Prova", "province": "XX",
                                "polygons": [[[0, 0, 10, 0, 0, 10, -10, 0]]]}], "provinces": []}
    shape = Territory.from_document(tiny).municipalities["000001"]
    assert shape.polygons == [[[(0, 0), (1, 0), (1, 1), (0, 1)]]]
