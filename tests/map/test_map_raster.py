"""Raster base from a local MBTiles file: read on a worker thread, drawn under the boundaries."""

from __future__ import annotations

import math
import sqlite3

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication

from emergenza.domain.errors import UserError
from emergenza.gui.map import MapView, read_mbtiles_info

RED = QColor("#d01010")


def png(color: QColor) -> bytes:
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(color)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def make_mbtiles(path, box, zooms=(9, 10), color=RED, **meta):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
    meta = {"name": "prova", "format": "png", "attribution": "© OpenStreetMap contributors", **meta}
    conn.executemany("INSERT INTO metadata VALUES (?, ?)", meta.items())
    blob = png(color)
    for z in zooms:
        n = 1 << z

        def tile(lon, lat, n=n):
            return (math.floor((lon + 180) / 360 * n),
                    math.floor((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n))

        (x0, y0), (x1, y1) = tile(box.min_x, box.max_y), tile(box.max_x, box.min_y)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                conn.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, n - 1 - y, blob))  # TMS rows
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def view(qtbot, territory):
    widget = MapView(territory)
    qtbot.addWidget(widget)
    widget.resize(640, 480)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()


def test_raster_tiles_are_drawn_under_the_boundaries(view, qtbot, territory, tmp_path):
    path = make_mbtiles(tmp_path / "bg.mbtiles", territory.bounds(territory.of_province("BG")))
    info = read_mbtiles_info(path)
    assert (info.min_zoom, info.max_zoom, info.attribution) == (9, 10, "© OpenStreetMap contributors")
    view.set_raster_base(info)  # as read in the background by the caller
    assert view.vector_source.style.over_raster and view.raster_source.info == info
    view.zoom_to_municipalities(["016024"])
    view.viewport().repaint()
    qtbot.waitUntil(lambda: view.raster_layer.waiting == 0 and view.vector_layer.waiting == 0, timeout=10_000)
    image = view.grab().toImage()
    samples = [image.pixelColor(x, y) for x in range(0, image.width(), 16) for y in range(0, image.height(), 16)]
    red = sum(1 for c in samples if c == RED)
    assert red > len(samples) * 0.6  # the raster shows through the vector layer (borders, names on top)
    assert red < len(samples)
    view.set_raster_base(None)
    assert view.raster_layer is None and not view.vector_source.style.over_raster


def test_unusable_files_are_refused_in_italian(tmp_path):
    with pytest.raises(UserError, match="non trovato"):
        read_mbtiles_info(tmp_path / "manca.mbtiles")
    (tmp_path / "testo.mbtiles").write_text("non un database", encoding="utf-8")
    with pytest.raises(UserError, match="non è un file MBTiles"):
        read_mbtiles_info(tmp_path / "testo.mbtiles")
    sqlite3.connect(tmp_path / "vuoto.mbtiles").executescript(
        "CREATE TABLE metadata (name TEXT, value TEXT); "
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);").close()
    with pytest.raises(UserError, match="non contiene tessere"):
        read_mbtiles_info(tmp_path / "vuoto.mbtiles")


def test_vector_tiles_format_is_refused(tmp_path, territory):
    path = make_mbtiles(tmp_path / "v.mbtiles", territory.bounds(["016024"]), zooms=(9,), format="pbf")
    with pytest.raises(UserError, match="pbf"):
        read_mbtiles_info(path)


def test_wheel_zooms_under_the_pointer(view):
    view.go_home()
    before_scale = view.pixels_per_unit
    at = QPointF(500, 120)
    anchor = view.mapToScene(at.toPoint())
    event = QWheelEvent(at, view.viewport().mapToGlobal(at), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)
    assert view.pixels_per_unit == pytest.approx(before_scale * 1.25 ** 2)
    after = view.mapToScene(at.toPoint())
    assert abs(after.x() - anchor.x()) * view.pixels_per_unit < 2


def test_a_bad_file_leaves_the_current_base_in_place(view, territory, tmp_path):
    good = make_mbtiles(tmp_path / "bg.mbtiles", territory.bounds(["016024"]), zooms=(9,))
    view.set_raster_base(good)
    layer = view.raster_layer
    with pytest.raises(UserError):
        view.set_raster_base(tmp_path / "manca.mbtiles")
    assert view.raster_layer is layer and view.vector_source.style.over_raster


def test_far_out_of_the_files_zooms_the_raster_is_not_drawn(view, qtbot, territory, tmp_path):
    path = make_mbtiles(tmp_path / "fine.mbtiles", territory.bounds(["016024"]), zooms=(14,))
    view.set_raster_base(path)
    view.zoom_to_municipalities(list(territory.municipalities))  # about XYZ 9: five levels coarser
    view.viewport().repaint()
    assert view.raster_layer.waiting == 0  # nothing asked of the file
    view.zoom_to_municipalities(["016024"])
    view.viewport().repaint()
    assert view.raster_layer.waiting > 0
    qtbot.waitUntil(lambda: view.raster_layer.waiting == 0, timeout=10_000)
