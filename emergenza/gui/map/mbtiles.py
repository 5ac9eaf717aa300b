"""An optional raster base under the vectors: tiles read from a local MBTiles file.

MBTiles (https://github.com/mapbox/mbtiles-spec) is one SQLite file with tables
``metadata(name, value)`` and ``tiles(zoom_level, tile_column, tile_row, tile_data)``,
PNG or JPEG tiles on the Web Mercator grid, rows counted from the south (TMS). Nothing is
downloaded: the station installs the file (README, "Map", tells how to make one from
OpenStreetMap data). Tiles are read and decoded on one worker thread with its own
read-only connection, so the UI thread never waits on the file; each tile comes back
through a queued signal.
"""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from ...domain.errors import UserError
from ...domain.text import QT_TRANSLATE_NOOP
from .tiles import Key, TiledLayerItem


@dataclass(frozen=True)
class MBTilesInfo:
    path: Path
    min_zoom: int
    max_zoom: int
    attribution: str
    name: str


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=True)


def read_mbtiles_info(path: Path) -> MBTilesInfo:
    """Check that ``path`` is a raster MBTiles file; ``UserError`` with an Italian message if not.

    Reads the file: call it off the UI thread.
    """
    if not path.is_file():
        raise UserError(QT_TRANSLATE_NOOP("errors", "File della mappa di base non trovato: {0}"), str(path))
    try:
        conn = _connect(path)
        try:
            meta = dict(conn.execute("SELECT name, value FROM metadata").fetchall())
            low, high = conn.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "{0} non è un file MBTiles (servono le tabelle metadata e tiles)."), str(path)) from None
    if meta.get("format", "png").lower() not in ("png", "jpg", "jpeg", "webp"):
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "{0}: formato delle tessere «{1}» non supportato (servono immagini PNG o JPEG)."),
            str(path), meta.get("format"))
    if low is None:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: il file MBTiles non contiene tessere."), str(path))
    low = int(meta.get("minzoom", low))
    high = int(meta.get("maxzoom", high))
    return MBTilesInfo(path, low, high, meta.get("attribution", ""), meta.get("name", path.stem))


class MBTilesSource(QObject):
    """Tile source for ``TiledLayerItem`` reading an MBTiles file on a worker thread."""

    steps_per_octave = 1
    tile_read = Signal(object, object)  # key, QImage | None (emitted on the worker thread)

    def __init__(self, info: MBTilesInfo, parent: QObject | None = None):
        super().__init__(parent)
        self.info = info
        self.min_level = info.min_zoom
        self.max_level = info.max_zoom
        self.layer: TiledLayerItem | None = None
        self._generation = 0
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mbtiles")
        self.tile_read.connect(self._deliver)  # queued: the receiver lives on the UI thread

    def request(self, keys: list[Key]) -> None:
        generation = self._generation
        for key in keys:
            self._pool.submit(self._read, key, generation)

    def cancel(self) -> None:
        self._generation += 1

    def close(self) -> None:
        self.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)
        for conn in self._connections:  # the worker is gone: closing from here is safe
            conn.close()
        self._connections.clear()

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"{self.info.path.resolve().as_uri()}?mode=ro", uri=True,
                                   check_same_thread=False)
            self._local.conn = conn
            self._connections.append(conn)
        return conn

    def _read(self, key: Key, generation: int) -> None:
        if generation != self._generation:
            return  # the view moved on before this tile's turn
        z, x, y = key
        image: QImage | None = None
        if 0 <= x < (1 << z) and 0 <= y < (1 << z):
            try:
                row = self._connection().execute(
                    "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                    (z, x, (1 << z) - 1 - y)).fetchone()
            except sqlite3.Error:
                row = None
            if row is not None:
                image = QImage.fromData(bytes(row[0]))
        self.tile_read.emit(key, image)

    def _deliver(self, key: Key, image: QImage | None) -> None:
        if self.layer is not None:
            self.layer.deliver(key, image)
