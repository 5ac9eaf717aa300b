"""A small map to choose a point (an event's coordinates, where a unit is).

Each click on the map puts the pin there and emits ``point_picked(lon, lat)``; "Usa questo
punto" (Enter) keeps it, ``Esc`` cancels. Opened with ``open()``; the map is built once
the dialog is on screen and the territory is there (a placeholder meanwhile).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QStackedWidget, QVBoxLayout, QWidget

from ...domain.territory import Territory
from .feed import MapFeed
from .markers import EventMarker
from .slices import Slices, build_view

if TYPE_CHECKING:
    from .view import MapView

PIN_ID = "__pin__"
PIN_COLOR = "#1565c0"
CLOSE_SCALE = 25_000  # 1:N shown around a point that is already known


def format_degrees(value: float, language: str) -> str:
    """Degrees with 5 decimals (about 1 m), decimal comma in Italian as the forms expect."""
    text = f"{value:.5f}"
    return text if language == "en" else text.replace(".", ",")


class MapPickDialog(QDialog):
    point_picked = Signal(float, float)  # lon, lat

    def __init__(self, feed: MapFeed, title: str, prompt: str, *, language: str = "it",
                 start: tuple[float, float] | None = None, area: list[str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("map_pick_dialog")
        self.setWindowTitle(title)
        self.feed = feed
        self.view: MapView | None = None
        self._building: Slices | None = None
        self.picked: tuple[float, float] | None = None
        self._language = language
        self._start = start
        self._area = area
        self._setup_ui(prompt)
        feed.territory_ready.connect(self._on_territory)
        feed.territory_failed.connect(self.placeholder.setText)
        feed.home_ready.connect(self._on_home)

    def _setup_ui(self, prompt: str) -> None:
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(prompt, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.stack = QStackedWidget(self)
        self.placeholder = QLabel(self.tr("Caricamento della mappa…"), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)
        layout.addWidget(self.stack, 1)
        self.where = QLabel(self.tr("Nessun punto scelto."), self)
        self.where.setObjectName("picked_point")
        layout.addWidget(self.where)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(self.tr("Usa questo punto"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setEnabled(False)
        self.ok_button.setDefault(True)
        cancel = buttons.addButton(self.tr("Annulla (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        cancel.setAutoDefault(False)
        layout.addWidget(buttons)

    # --------------------------------------------------------------- showing
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.feed.territory is None:
            self.feed.load_territory()
        elif self.view is None:
            QTimer.singleShot(0, self._build)  # the placeholder paints first

    def _on_territory(self, _territory: Territory) -> None:
        if self.isVisible() and self.view is None:
            QTimer.singleShot(0, self._build)

    def _build(self) -> None:
        if self.view is not None or self.feed.territory is None or self._building is not None:
            return
        self._building = build_view(self.feed.territory, self, self._built)  # in slices: the dialog stays live

    def _built(self, view: MapView) -> None:
        self._building = None
        view.map_clicked.connect(self.pick)
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.view = view
        area = [i for i in (self._area or []) if i in self.feed.territory.municipalities] or self.feed.home or []
        view.set_home(area)
        if self._start is not None:
            self._show_pin(*self._start)
            view.center_on_lonlat(*self._start)
            view.zoom_by(view.scale_denominator() / CLOSE_SCALE)
        view.setFocus()

    def _on_home(self, home: list[str]) -> None:
        # Built before the corps' area was known: show that area, unless the map already
        # shows a place of its own (a known point, a municipality, a choice).
        if self.view is not None and not (self._start or self._area or self.picked):
            self.view.set_home(home)

    # ---------------------------------------------------------------- choice
    def pick(self, lon: float, lat: float) -> None:
        """Put the pin at (lon, lat), as a click there does."""
        self.picked = (lon, lat)
        self._show_pin(lon, lat)
        self.ok_button.setEnabled(True)
        self.point_picked.emit(lon, lat)

    def _show_pin(self, lon: float, lat: float) -> None:
        territory = self.feed.territory
        istat = territory.municipality_at((lon, lat)) if territory is not None else None
        name = territory.municipalities[istat].name if istat else self.tr("fuori dalla Lombardia")
        text = self.tr("Latitudine {0} · longitudine {1} · {2}").format(
            format_degrees(lat, self._language), format_degrees(lon, self._language), name)
        self.where.setText(text)
        if self.view is not None:
            self.view.update_events([EventMarker(PIN_ID, PIN_COLOR, lon, lat, label=text)])
