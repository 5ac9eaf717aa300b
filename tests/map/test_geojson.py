"""At-risk areas from GeoJSON: good files read whole, bad ones refused with every problem named."""

from __future__ import annotations

import json

import pytest

from emergenza.domain.errors import UserError
from emergenza.domain.geo import BBox
from emergenza.domain.geojson import AreasFileError, parse_areas

LOMBARDY = BBox(8.4, 44.6, 11.5, 46.7)
SQUARE = [[9.60, 45.60], [9.70, 45.60], [9.70, 45.70], [9.60, 45.70], [9.60, 45.60]]
HOLE = [[9.64, 45.64], [9.64, 45.66], [9.66, 45.66], [9.66, 45.64], [9.64, 45.64]]


def feature(geometry, **props):
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(*features, **extra):
    return json.dumps({"type": "FeatureCollection", "features": list(features), **extra})


def test_polygons_and_multipolygons_with_properties():
    text = collection(
        feature({"type": "Polygon", "coordinates": [SQUARE, HOLE]}, nome="Zona esondabile Brembo", rischio="R4"),
        feature({"type": "MultiPolygon", "coordinates": [[SQUARE], [[[p[0] + 0.2, p[1]] for p in SQUARE]]]},
                name="Frane Val Seriana"),
    )
    areas = parse_areas(text, within=LOMBARDY)
    assert [a.name for a in areas] == ["Zona esondabile Brembo", "Frane Val Seriana"]
    assert areas[0].properties == {"nome": "Zona esondabile Brembo", "rischio": "R4"}
    assert len(areas[0].polygons) == 1 and len(areas[0].polygons[0]) == 2
    assert len(areas[1].polygons) == 2
    assert areas[1].bbox.max_x == pytest.approx(9.9)


def test_a_single_feature_is_accepted():
    areas = parse_areas(json.dumps(feature({"type": "Polygon", "coordinates": [SQUARE]}, nome="A")))
    assert [a.name for a in areas] == ["A"]


def test_every_bad_feature_is_reported_and_nothing_is_returned():
    good = feature({"type": "Polygon", "coordinates": [SQUARE]}, nome="Buona")
    text = collection(
        good,
        feature({"type": "Point", "coordinates": [9.6, 45.6]}, nome="Idrante"),                       # 2
        feature({"type": "Polygon", "coordinates": [SQUARE[:-1]]}, nome="Aperta"),                      # 3
        feature({"type": "Polygon", "coordinates": [SQUARE]}),                                          # 4 no name
        feature({"type": "Polygon", "coordinates": [[[45.6, 9.6], [45.6, 9.7], [45.7, 9.7], [45.6, 9.6]]]},
                nome="Invertita"),                                                                      # 5
        feature({"type": "Polygon", "coordinates": [[[1e6, 5e6], [1e6 + 9, 5e6], [1e6, 5e6 + 9], [1e6, 5e6]]]},
                nome="UTM"),                                                                            # 6
        feature({"type": "Polygon", "coordinates": [[SQUARE[0], SQUARE[1], SQUARE[0], SQUARE[0]]]}, nome="Piatta"),
        {"type": "Feature", "properties": {"nome": "Senza geometria"}, "geometry": None},               # 8
        feature({"type": "Polygon", "coordinates": [["a", "b", "c", "d"]]}, nome="Testo"),             # 9
        feature({"type": "Polygon", "coordinates": [[[12.5, 41.9], [12.6, 41.9], [12.6, 42.0], [12.5, 41.9]]]},
                nome="Roma"),                                                                           # 10
        "non un oggetto",                                                                               # 11
    )
    with pytest.raises(AreasFileError) as caught:
        parse_areas(text, within=LOMBARDY)
    problems = {p.index: p for p in caught.value.problems}
    assert sorted(problems) == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "Point" in problems[2].message and problems[2].name == "Idrante"
    assert "non è chiuso" in problems[3].message
    assert "nome" in problems[4].message and problems[4].name is None
    assert "invertite" in problems[5].message
    assert "fuori scala" in problems[6].message
    assert "area nulla" in problems[7].message
    assert "geometria" in problems[8].message
    assert "coordinate non valide" in problems[9].message
    assert "fuori dal territorio" in problems[10].message
    assert "Feature" in problems[11].message
    assert str(problems[2]) == "Elemento 2 («Idrante»): " + problems[2].message
    assert isinstance(caught.value, UserError) and "Elemento 3 («Aperta»)" in str(caught.value)


@pytest.mark.parametrize(("text", "fragment"), [
    ("{not json", "JSON valido"),
    (json.dumps({"type": "Polygon", "coordinates": [SQUARE]}), "FeatureCollection"),
    (json.dumps([1, 2]), "FeatureCollection"),
    (collection(), "non contiene aree"),
    (collection(feature({"type": "Polygon", "coordinates": [SQUARE]}, nome="A"),
                crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32632"}}), "32632"),
])
def test_bad_files_are_refused_as_a_whole(text, fragment):
    with pytest.raises(AreasFileError) as caught:
        parse_areas(text)
    assert len(caught.value.problems) == 1 and caught.value.problems[0].index is None
    assert fragment in str(caught.value)


def test_wgs84_crs_member_is_accepted():
    text = collection(feature({"type": "Polygon", "coordinates": [SQUARE]}, nome="A"),
                      crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}})
    assert len(parse_areas(text)) == 1
