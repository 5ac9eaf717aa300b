"""The map of the territory (issue 12): a view fed with plain records by its caller.

``MapView(territory)`` draws the municipal and provincial boundaries (``load_territory()``),
an optional MBTiles raster base, area overlays, event and unit markers; see ``view``.
"""

from .markers import AreaOverlay, EventMarker, UnitMarker
from .mbtiles import MBTilesInfo, read_mbtiles_info
from .view import MapView

__all__ = ["AreaOverlay", "EventMarker", "MBTilesInfo", "MapView", "UnitMarker", "read_mbtiles_info"]
