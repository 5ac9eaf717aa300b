"""Pure geometry: point in polygon (holes, multipolygons, edges), areas, centres, distances, projection."""

from __future__ import annotations

import math

import pytest

from emergenza.domain import geo

SQUARE = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
HOLE = [(3.0, 3.0), (3.0, 7.0), (7.0, 7.0), (7.0, 3.0)]  # clockwise
ISLAND = [(4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0)]  # a second polygon inside the hole
DONUT = [SQUARE, HOLE]


@pytest.mark.parametrize(("point", "expected"), [
    ((1, 1), True), ((5, 1), True), ((5, 5), False),      # in the hole
    ((3, 5), True), ((7, 7), True),                        # on the hole's edge / corner: boundary is inside
    ((0, 5), True), ((10, 10), True), ((10, 5), True),     # on the outer edge and corner
    ((-0.001, 5), False), ((10.001, 5), False), ((5, 10.5), False),
])
def test_point_in_polygon_with_a_hole(point, expected):
    assert geo.point_in_polygon(point, DONUT) is expected


def test_the_closing_vertex_may_be_repeated_or_not():
    closed = [[*SQUARE, SQUARE[0]], [*HOLE, HOLE[0]]]
    # West of the square too: the closing edge (last vertex back to the first) is an edge.
    for point in ((1, 1), (5, 5), (3, 5), (11, 1), (-1, 5), (-1, 1), (0, 5)):
        assert geo.point_in_polygon(point, closed) == geo.point_in_polygon(point, DONUT)
    assert not geo.point_in_polygon((-1, 5), closed)
    assert geo.ring_signed_area([*SQUARE, SQUARE[0]]) == 100
    triangle = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0), (0.0, 0.0)]
    assert geo.ring_location((2, 2), triangle) == 1
    assert geo.ring_location((-2, 2), triangle) == -1
    assert geo.ring_location((8, 8), triangle) == -1


def test_multipolygon_island_inside_a_hole():
    shape = [DONUT, [ISLAND]]
    assert geo.point_in_multipolygon((5, 5), shape)        # on the island
    assert not geo.point_in_multipolygon((3.5, 3.5), shape)  # in the hole, off the island
    assert geo.point_in_multipolygon((1, 1), shape)
    assert not geo.point_in_multipolygon((20, 20), shape)


def test_ring_location_tells_boundary_from_inside():
    assert geo.ring_location((5, 5), SQUARE) == 1
    assert geo.ring_location((5, 0), SQUARE) == 0
    assert geo.ring_location((0, 0), SQUARE) == 0
    assert geo.ring_location((5, -1), SQUARE) == -1
    # A ray through a vertex must not count twice: a diamond and points level with its corners.
    diamond = [(0, 5), (5, 0), (10, 5), (5, 10)]
    assert geo.ring_location((2, 5), diamond) == 1
    assert geo.ring_location((-1, 5), diamond) == -1
    assert geo.ring_location((11, 5), diamond) == -1


def test_areas_and_bounding_boxes():
    assert geo.ring_signed_area(SQUARE) == 100
    assert geo.ring_signed_area(list(reversed(SQUARE))) == -100
    assert geo.polygon_area(DONUT) == 100 - 16
    box = geo.bbox([DONUT, [[(20, -5), (25, -5), (25, 0)]]])
    assert (box.min_x, box.min_y, box.max_x, box.max_y) == (0, -5, 25, 10)
    assert box.contains((25, 10)) and not box.contains((25.1, 0))
    assert box.intersects(geo.BBox(24, 9, 30, 30)) and not box.intersects(geo.BBox(26, 0, 30, 1))


def test_centroid_of_a_donut_and_an_l_shape():
    assert geo.centroid([DONUT]) == pytest.approx((5, 5))
    off_centre = [SQUARE, [(1, 1), (1, 3), (3, 3), (3, 1)]]  # hole near a corner pushes the centre away
    cx, cy = geo.centroid([off_centre])
    assert cx > 5 and cy > 5
    ell = [[(0, 0), (10, 0), (10, 2), (2, 2), (2, 10), (0, 10)]]
    # Two rectangles: 10x2 centred (5, 1) and 2x8 centred (1, 6).
    assert geo.centroid([ell]) == pytest.approx(((20 * 5 + 16 * 1) / 36, (20 * 1 + 16 * 6) / 36))


def test_representative_point_is_inside_when_the_centroid_is_not():
    ell = [[(0, 0), (10, 0), (10, 1), (1, 1), (1, 10), (0, 10)]]
    centre = geo.centroid([ell])
    assert not geo.point_in_polygon(centre, ell)
    assert geo.strictly_inside(geo.representative_point([ell]), [ell])
    # Donut: the centroid falls in the hole.
    assert geo.strictly_inside(geo.representative_point([DONUT]), [DONUT])
    # Convex: the centroid itself.
    assert geo.representative_point([[SQUARE]]) == pytest.approx((5, 5))


def test_haversine_and_radius():
    milano, bergamo = (9.1900, 45.4642), (9.6773, 45.6983)
    assert geo.haversine_m(milano, bergamo) == pytest.approx(45_600, rel=0.02)
    assert geo.haversine_m(milano, milano) == 0
    one_degree_of_latitude = geo.haversine_m((9, 45), (9, 46))
    assert one_degree_of_latitude == pytest.approx(111_195, rel=1e-3)
    cameras = [("a", (9.19, 45.4642)), ("b", (9.20, 45.4642)), ("c", (9.6773, 45.6983))]
    near = geo.within_radius(milano, cameras, 1000)
    assert [k for k, _ in near] == ["a", "b"]
    assert near[0][1] < near[1][1] <= 1000


def test_web_mercator_round_trip_and_tiles():
    proj = geo.WebMercator()
    for lon, lat in ((9.67, 45.69), (0, 0), (-120.5, -33.2)):
        x, y = proj.forward(lon, lat)
        assert proj.inverse(x, y) == pytest.approx((lon, lat))
    assert proj.forward(0, 0) == pytest.approx((0, 0), abs=1e-6)
    assert proj.forward(0, 45)[1] < 0  # north is up: smaller scene y
    assert proj.units_per_metre(60) == pytest.approx(2)
    left, top, side = proj.tile_rect(1, 1, 0)  # north-east quarter of the world
    assert (left, top) == pytest.approx((0, -proj.world_size / 2)) and side == pytest.approx(proj.world_size / 2)
    # The tile holding a point agrees with OpenStreetMap's "slippy map" formula.
    for lon, lat in ((9.6773, 45.6983), (10.2211, 45.5416), (8.8251, 45.8206)):
        z = 14
        n = 1 << z
        osm_x = math.floor((lon + 180) / 360 * n)
        osm_y = math.floor((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
        left, top, side = proj.tile_rect(z, osm_x, osm_y)
        x, y = proj.forward(lon, lat)
        assert left <= x < left + side and top <= y < top + side


def test_forward_ring_matches_forward():
    proj = geo.WebMercator()
    ring = [(9.6773, 45.6983), (10.2211, 45.5416), (8.8251, 45.8206)]
    assert proj.forward_ring(ring) == [pytest.approx(proj.forward(*p)) for p in ring]
