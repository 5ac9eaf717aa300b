"""The map of the territory (issue 12).

``MapView(territory)`` draws the municipal and provincial boundaries (``load_territory()``),
an optional MBTiles raster base, area overlays, event and unit markers from plain records
(see ``view``). In the window: ``feed.MapFeed`` turns the store into those records,
``panel.MapPanel`` is the map page and dock, ``pick_dialog.MapPickDialog`` chooses a point.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .markers import AreaOverlay, EventMarker, UnitMarker
    from .mbtiles import MBTilesInfo, read_mbtiles_info
    from .view import MapView

__all__ = ["AreaOverlay", "EventMarker", "MBTilesInfo", "MapView", "UnitMarker", "read_mbtiles_info"]

# The window imports the map's feed and panel at start; the view, its tiles and layers
# (~30 ms of the start on a slow PC) only the first time a map is built.
_HOME = {"AreaOverlay": "markers", "EventMarker": "markers", "UnitMarker": "markers",
         "MBTilesInfo": "mbtiles", "read_mbtiles_info": "mbtiles", "MapView": "view"}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
