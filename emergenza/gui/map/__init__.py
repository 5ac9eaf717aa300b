"""The map of the territory (issue 12).

``MapView(territory)`` draws the municipal and provincial boundaries (``load_territory()``),
an optional MBTiles raster base, area overlays, event and unit markers from plain records
(see ``view``). In the window: ``feed.MapFeed`` turns the store into those records,
``panel.MapPanel`` is the map page and dock, ``pick_dialog.MapPickDialog`` chooses a point.
"""

from .markers import AreaOverlay, EventMarker, UnitMarker
from .mbtiles import MBTilesInfo, read_mbtiles_info
from .view import MapView

__all__ = ["AreaOverlay", "EventMarker", "MBTilesInfo", "MapView", "UnitMarker", "read_mbtiles_info"]
