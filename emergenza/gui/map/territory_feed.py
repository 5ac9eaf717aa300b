"""At-risk areas and cameras for every map of the window (page, dock, dialogs).

Read from the store once when a map first needs them and again after a write announces
``Change.TERRITORY`` (a registry edit, an import, a sync round); each attached view gets
the whole set (areas and cameras are few and rarely change, so no diffing).
"""

from __future__ import annotations

import weakref
from typing import Any

from PySide6.QtCore import QObject, Signal

from ...domain.areas import decode_shape
from ...domain.cameras import CameraKind, CameraStatus
from ...store import Store
from ..context import AppContext
from ..i18n import enum_label
from ..operations import Change, ReadOp
from .camera_layer import CameraMarker
from .markers import AreaOverlay

AREA_COLOR = "#d35400"
SHARED_AREA_COLOR = "#6a1b9a"


def _read(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return store.areas.registry(), store.cameras.registry()


class TerritoryOverlays(QObject):
    ready = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.areas: list[AreaOverlay] = []
        self.cameras: list[CameraMarker] = []
        self._views: weakref.WeakSet = weakref.WeakSet()
        self._loaded = False
        self._busy = False
        ctx.signals.changed.connect(self._on_changed)

    def attach(self, view: Any) -> None:
        """Draw the current set on ``view`` and keep it current."""
        self._views.add(view)
        view.set_areas(self.areas)
        view.set_cameras(self.cameras)
        if not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        ReadOp(self._ctx, _read).on_done(self._on_rows).on_error(self._on_error).run("map.territory_overlays")

    def _on_changed(self, changes: Change) -> None:
        if changes & Change.TERRITORY and (self._loaded or len(self._views)):
            self.refresh()

    def _on_error(self, _text: str) -> None:
        self._busy = False

    def _on_rows(self, rows: tuple[list[dict[str, Any]], list[dict[str, Any]]]) -> None:
        self._busy, self._loaded = False, True
        areas, cameras = rows
        self.areas = []
        for area in areas:
            try:
                shape = decode_shape(area["shape"])
            except ValueError:
                continue  # the store validates shapes: only a damaged row lands here
            color = SHARED_AREA_COLOR if area["sharing"] == "shared" else AREA_COLOR
            self.areas.append(AreaOverlay(area["id"], area["name"], shape, color))
        self.cameras = [CameraMarker(
            c["id"], c["lon"], c["lat"], c["kind"] == CameraKind.GATE, c["status"] == CameraStatus.WORKING,
            "{0} — {1} ({2})".format(c["name"], enum_label(CameraKind(c["kind"])),
                                     enum_label(CameraStatus(c["status"])))) for c in cameras]
        for view in list(self._views):
            view.set_areas(self.areas)
            view.set_cameras(self.cameras)
        self.ready.emit()
