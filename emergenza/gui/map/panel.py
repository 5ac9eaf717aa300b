"""The map as the window shows it (the "Mappa" page and the dock): a ``MapView`` fed by the
window's ``MapFeed``, with the board's filters, counts and the selected event underneath.

The view costs ~0.3 s of the UI thread to build (and its markers more), so a panel
shows a placeholder and builds it only when first shown, once the territory (decoded on a
worker thread) is there, in slices of a few milliseconds per event-loop turn
(gui/map/slices.py): the window keeps painting and answering meanwhile. What a first
paint would do once (Python override lookups of 5,000 fresh markers, fitting the home
area, the view's first-time painting costs) is done in those slices too, so the turn
that reveals the map is one ordinary paint (~4-7 ms CPU). Click an event:
it becomes the window's selected event; double click or ``Enter``: its detail; drag a
unit onto an event: the board's assignment; right button: place a unit here, open an
event, forget a unit's hand-set position.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from ...domain.enums import EventStatus
from ...domain.territory import Territory
from ...store import Store
from ..context import AppContext
from ..i18n import plural
from ..operations import ReadOp
from ..widgets.labels import code_label, fmt_time, priority_label, type_label
from .feed import MapDelta, MapFeed
from .slices import END_SLICE, Slices

if TYPE_CHECKING:
    from .view import MapView

# The layers' kinds (``layers.EVENT``, ``layers.UNIT``), without importing the view's
# modules at the window's start (the map is built the first time it is shown).
EVENT, UNIT = "event", "unit"

MARKERS_PER_STEP = 250  # event markers made per build step (~3 ms)


def _add(menu: QMenu, text: str, slot: Callable[[], object]) -> QAction:
    action = menu.addAction(text)
    action.triggered.connect(lambda _checked=False: slot())
    return action


class MapPanel(QWidget):
    event_selected = Signal(str)  # a click on an event
    event_opened = Signal(str)  # double click, Enter, menu
    assign_requested = Signal(str, str)  # unit id, event id (a unit dropped on an event)
    position_requested = Signal(str, object)  # unit id, (lon, lat) or None to forget it
    clear_filters_requested = Signal()
    built = Signal()

    def __init__(self, ctx: AppContext, feed: MapFeed, parent: QWidget | None = None, *, compact: bool = False):
        super().__init__(parent)
        self._ctx = ctx
        self.feed = feed
        self.compact = compact
        self.view: MapView | None = None
        self.selected: str | None = None
        self._build_scheduled = False
        self.building: Slices | None = None  # the view's build under way
        self.last_build: Slices | None = None  # ... and done (its slices: benchmarks, tests)
        self._filling: MapView | None = None  # the view being built, once it takes deltas
        self._shown = False
        self._menu: QMenu | None = None
        self._card_generation = 0
        self._setup_ui()
        feed.delta_ready.connect(self._on_delta)
        feed.refreshed.connect(self.update_bar)
        feed.territory_ready.connect(self._on_territory)
        feed.territory_failed.connect(self.placeholder.setText)
        feed.home_ready.connect(self._on_home)

    # ----------------------------------------------------------------- set-up
    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        bar = QHBoxLayout()
        self.filter_label = QLabel(self)
        self.filter_label.setObjectName("mapFilters")
        self.filter_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.clear_button = QPushButton(self.tr("Azzera filtri"), self)
        self.clear_button.clicked.connect(self.clear_filters_requested)
        self.home_button = QPushButton(self.tr("Provincia (Home)"), self)
        self.home_button.setToolTip(self.tr("Torna all'area del comando"))
        self.home_button.clicked.connect(self._go_home)
        bar.addWidget(self.filter_label, 1)
        bar.addWidget(self.clear_button)
        bar.addWidget(self.home_button)
        layout.addLayout(bar)
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("mapCounts")
        self.counts_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.counts_label)

        self.stack = QStackedWidget(self)
        self.placeholder = QLabel(self.tr("Caricamento della mappa…"), self)
        self.placeholder.setObjectName("mapPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack.addWidget(self.placeholder)
        layout.addWidget(self.stack, 1)

        card = QHBoxLayout()
        self.card = QLabel(self.tr("Fare clic su un intervento per selezionarlo; trascinare un'unità su un "
                                   "intervento per assegnarla; tasto destro per posizionare un'unità."), self)
        self.card.setObjectName("mapCard")
        self.card.setWordWrap(True)
        self.card.setTextFormat(Qt.TextFormat.PlainText)
        self.card.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.open_button = QPushButton(self.tr("Apri (Invio)"), self)
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_selected)
        card.addWidget(self.card, 1)
        card.addWidget(self.open_button)
        layout.addLayout(card)
        if self.compact:
            self.counts_label.hide()
        self.update_bar()

    # ---------------------------------------------------------------- public
    @property
    def ready(self) -> bool:
        """The view is built, on the home area, with the feed's markers (screenshots, tests)."""
        return self.view is not None and self.feed.loaded and not self.feed.busy and self.feed.home is not None

    def highlight(self, event_id: str | None) -> None:
        """Show ``event_id`` as the selected event (ring on the map, summary below)."""
        if event_id == self.selected:
            return
        self.selected = event_id or None
        if self.view is not None:
            self.view.set_highlight(self.selected)
        self.open_button.setEnabled(self.selected is not None)
        self._load_card()

    # --------------------------------------------------------------- showing
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.feed.acquire()
        self._schedule_build()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self._shown:
            self._shown = False
            self.feed.release()

    def _schedule_build(self) -> None:
        if self.view is not None or self._build_scheduled:
            return
        if self.feed.territory is None:
            self.feed.load_territory()  # _on_territory comes back here
            return
        self._build_scheduled = True
        QTimer.singleShot(0, self._build)  # the placeholder paints first

    def _on_territory(self, _territory: Territory) -> None:
        if self._shown:
            self._schedule_build()

    def _build(self) -> None:
        self._build_scheduled = False
        if self.view is not None or self.feed.territory is None or self.building is not None:
            return
        from .view import MapView

        view = MapView(self.feed.territory, self, build=False)
        self.building = Slices(self._build_steps(view), lambda: self._built(view), parent=self)
        self.building.start()

    def _build_steps(self, view: MapView) -> Iterator[object]:
        """Behind the placeholder: the view's scene, the feed's markers a few hundred at a
        time (each drawn once offscreen, so the first paint on screen stays short), then
        the home area fitted; ``_built`` only reveals it (see ``Slices``)."""
        yield from view.build_steps()
        # From here deltas go to the view as they come; the chunks below read the feed's
        # markers when they draw them, so the view ends up exactly the feed's.
        self._filling = view
        ids = list(self.feed.events)
        for start in range(0, len(ids), MARKERS_PER_STEP):
            events = self.feed.events
            view.update_events([events[i] for i in ids[start:start + MARKERS_PER_STEP] if i in events], warm=True)
            yield
        view.set_units(self.feed.units.values())
        self.stack.addWidget(view)  # behind the placeholder
        yield
        view.event_clicked.connect(self._on_event_clicked)
        view.event_activated.connect(self.event_opened)
        view.assign_requested.connect(self.assign_requested)
        view.menu_requested.connect(self._on_menu_requested)
        self.feed.overlays.attach(view)
        view.set_highlight(self.selected)
        yield END_SLICE
        # Fitted at the size it will have: a hidden view's viewport keeps its old size
        # until shown, and fitting it in the turn it is revealed lengthened that turn.
        view.prepare_size(self.placeholder.size())
        if self.feed.home is not None:
            view.set_home(self.feed.home)
        else:
            view.go_home()
        yield
        view.warm_paint()
        yield END_SLICE

    def _built(self, view: MapView) -> None:
        self.last_build, self.building = self.building, None
        self._filling = None
        self.view = view
        self.stack.setCurrentWidget(view)
        gc.freeze()  # the scene's items and markers live as long as the page (see MapFeed._on_territory)
        self.built.emit()

    def _on_home(self, home: list[str]) -> None:
        view = self.view or self._filling
        if view is not None:
            view.set_home(home)

    def _go_home(self) -> None:
        if self.view is not None:
            self.view.go_home()
            self.view.setFocus()

    # ----------------------------------------------------------------- data
    def _on_delta(self, delta: MapDelta) -> None:
        view = self.view or self._filling
        if view is not None:
            if delta.events_removed:
                view.remove_events(delta.events_removed)
            if delta.events:
                view.update_events(delta.events)
            if delta.units_removed:
                view.remove_units(delta.units_removed)
            if delta.units:
                view.update_units(delta.units)
        if self.selected and (self.selected in delta.events_removed
                              or any(m.id == self.selected for m in delta.events)):
            self._load_card()

    def update_bar(self) -> None:
        summary = self.feed.filter_summary
        self.filter_label.setText(self.tr("Filtri del quadro: {0}").format(summary) if summary
                                  else self.tr("Tutti gli interventi attivi (nessun filtro nel quadro)"))
        self.clear_button.setEnabled(bool(summary))
        shown, approximate = self.feed.counts()
        placed = sum(1 for unit in self.feed.unit_info if unit["place"])
        self.counts_label.setText(" · ".join((
            plural(shown, self.tr("{0} intervento sulla mappa, {1} con posizione approssimata (nel comune)"),
                   self.tr("{0} interventi sulla mappa, {1} con posizione approssimata (nel comune)")
                   ).format(shown, approximate),
            self.tr("{0} unità con posizione nota").format(placed))))

    def _load_card(self) -> None:
        self._card_generation += 1
        generation, event_id = self._card_generation, self.selected
        if not event_id:
            self.card.setText("")
            return

        def shown(rows: dict[str, dict[str, Any]]) -> None:
            if generation == self._card_generation:
                self._show_card(rows.get(event_id))

        ReadOp(self._ctx, Store.board.rows, [event_id]).on_done(shown).on_error(self.card.setText).run("map.card")

    def _show_card(self, row: dict[str, Any] | None) -> None:
        if row is None:
            self.card.setText(self.tr("Intervento non più presente."))
            return
        place = ", ".join(p for p in (row.get("address"), row.get("municipality_name")) if p)
        parts = [row["number"], priority_label(self._ctx, row["priority"]), code_label(EventStatus, row["status"]),
                 type_label(self._ctx, row["type_code"]), place,
                 self.tr("ricevuto alle {0}").format(fmt_time(row["received_at"], with_date=False))]
        if row.get("units"):
            parts.append(self.tr("unità: {0}").format(row["units"]))
        if row.get("exercise"):
            parts.append(self.tr("ESERCITAZIONE"))
        approximate = self.feed.events.get(row["id"])
        if approximate is not None and approximate.lat is None:
            parts.append(self.tr("posizione approssimata"))
        self.card.setText(" · ".join(p for p in parts if p))

    # ---------------------------------------------------------------- input
    def _on_event_clicked(self, event_id: str) -> None:
        self.highlight(event_id)
        self.event_selected.emit(event_id)

    def _open_selected(self) -> None:
        if self.selected:
            self.event_opened.emit(self.selected)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected:
            self._open_selected()
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_menu_requested(self, kind: str, ident: str, lon: float, lat: float, where: QPoint) -> None:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if kind == EVENT:
            _add(menu, self.tr("Apri intervento"), lambda: self.event_opened.emit(ident))
        elif kind == UNIT:
            unit = next((u for u in self.feed.unit_info if u["id"] == ident), None)
            if unit and unit["on_event"]:
                _add(menu, self.tr("Apri intervento {0}").format(unit["event_number"]),
                     lambda: self.event_opened.emit(unit["on_event"]))
            if unit and unit["place"] == "hand":
                _add(menu, self.tr("Dimentica la posizione indicata"),
                     lambda: self.position_requested.emit(ident, None))
        else:
            place = menu.addMenu(self.tr("Posiziona qui l'unità"))
            for unit in self.feed.unit_info:
                _add(place, unit["call_sign"], lambda u=unit["id"]: self.position_requested.emit(u, (lon, lat)))
            place.setEnabled(bool(self.feed.unit_info))
        if menu.isEmpty():
            menu.deleteLater()
            return
        self._menu = menu
        menu.popup(where)
