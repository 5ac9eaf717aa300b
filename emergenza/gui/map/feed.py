"""The map's data: the territory, the corps' home area, event and unit markers from the store.

One ``MapFeed`` per window serves every map in it (the page, the dock, the pick dialogs).
The territory is decoded once on a worker thread. Markers follow the store: when a write
announces ``Change.EVENTS``/``Change.UNITS`` (or the board's filter changes, or the window's
periodic refresh asks) one refresh is scheduled, bursts coalesce into it, and it runs on
the store owner's thread: the rows are compared there with those of the previous refresh
and only the markers whose row changed are built and sent (``delta_ready`` with a
:class:`MapDelta`), so the UI thread touches only those. While no map is on screen the
feed does not refresh; it catches up when one is shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ...domain.catalogs import Catalogs, fold
from ...domain.enums import AssignmentStatus, ResourceStatus
from ...domain.territory import Territory
from ...resources import load_territory
from ...store import Store
from ...store.places import MAP_EVENT_COLUMNS
from ...store.queries import EventFilter
from ..context import AppContext
from ..i18n import enum_label, error_text
from ..operations import Change, ReadOp
from ..widgets.labels import fmt_time
from ..widgets.unit_status import STATUS_COLORS, shown_status
from .markers import EventMarker, UnitMarker
from .territory_feed import TerritoryOverlays

T = TypeVar("T")
COALESCE_MS = 100  # a burst of writes (a sync page, a script) becomes one refresh
UNKNOWN_COLOR = "#9e9e9e"  # a priority or status the catalog does not know
_COL = {name: i for i, name in enumerate(MAP_EVENT_COLUMNS)}


@dataclass
class MapDelta:
    """What one refresh changed: markers to add or update, and ids to remove."""

    events: list[EventMarker] = field(default_factory=list)
    events_removed: list[str] = field(default_factory=list)
    units: list[UnitMarker] = field(default_factory=list)
    units_removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.events or self.events_removed or self.units or self.units_removed)


@dataclass(frozen=True)
class _Styles:
    """What building a marker needs, prepared on the UI thread (translations, colours)."""

    catalogs: Catalogs
    english: bool
    priority_colors: dict[str, str]
    status_colors: dict[str, str]
    status_labels: dict[str, str]
    placed_by_hand: str  # "{0}": local time


@dataclass
class _Snapshot:
    """The feed's state, replaced whole by each refresh (the owner thread only reads it)."""

    rows: dict[str, tuple] = field(default_factory=dict)
    events: dict[str, EventMarker] = field(default_factory=dict)
    unit_rows: dict[str, tuple] = field(default_factory=dict)
    units: dict[str, UnitMarker] = field(default_factory=dict)
    unit_info: list[dict[str, Any]] = field(default_factory=list)  # every active unit, placed or not
    # What the rows were read with: the store's data stamp, the filter and the styles.
    source: tuple[tuple[int, int], EventFilter, _Styles] | None = None


def _load_territory_frozen() -> Territory:
    """The territory, its ~100,000 objects then kept out of the collector's full passes
    (they live as long as the window; as the app does for what start-up made): such a
    pass on the UI thread walked them all, 7-15 ms inside a slice of the map's build,
    once over 100 ms. Frozen here, as soon as they exist; ``gc.freeze`` is O(1) and
    collects nothing."""
    territory = load_territory()
    gc.freeze()
    return territory


async def in_thread(fn: Callable[[], T], name: str) -> T:
    """``fn()`` on a plain daemon thread, awaited on the loop. Not ``asyncio.to_thread``:
    under qasync that runs on a QThread pool, which aborts the process if it is still
    alive when Qt shuts down without the loop being closed (as in the test session)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(ok: bool, value: Any) -> None:
        if not future.done():  # cancelled meanwhile
            future.set_result(value) if ok else future.set_exception(value)

    def work() -> None:
        try:
            outcome = (True, fn())
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task
            outcome = (False, exc)
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile (the app quit): nobody waits
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=work, name=name, daemon=True).start()
    return await future


def home_municipalities(catalogs: Catalogs, territory: Territory, corps: str, station_code: str) -> list[str]:
    """The corps' province: from its name ("Polizia Locale di Seriate"), else from the
    station code's letters (BG01), else all of Lombardy (empty list)."""
    province = None
    if " di " in corps:
        town = fold(corps.rsplit(" di ", 1)[1])
        province = next((m.province_code for m in catalogs.municipalities.values() if fold(m.name) == town), None)
    if province is None and station_code[:2].upper() in territory.provinces:
        province = station_code[:2].upper()
    return territory.of_province(province) if province else []


def _event_marker(row: tuple, styles: _Styles) -> EventMarker:
    cat = styles.catalogs
    municipality = cat.municipalities.get(row[_COL["municipality_istat"]])
    place = ", ".join(p for p in (row[_COL["address"]], municipality.name if municipality else "") if p)
    label = "{0} · {1}{2}".format(row[_COL["number"]], cat.type_label(row[_COL["type_code"]], english=styles.english),
                                  f"\n{place}" if place else "")
    return EventMarker(row[_COL["id"]], styles.priority_colors.get(row[_COL["priority"]], UNKNOWN_COLOR),
                       row[_COL["lon"]], row[_COL["lat"]], row[_COL["municipality_istat"]],
                       exercise=bool(row[_COL["exercise"]]), label=label)


def _unit_marker(unit: dict[str, Any], beside: int | None, styles: _Styles) -> UnitMarker:
    shown = shown_status({"status": unit["status"],
                          "assignment_status": unit["assignment_status"] if unit["on_event"] else None})
    status = str(shown) if shown is not None else unit["status"]
    lines = [" · ".join(p for p in (unit["call_sign"], styles.status_labels.get(status, status),
                                    unit["event_number"] if unit["on_event"] else "") if p)]
    if unit["place"] == "hand":
        lines.append(styles.placed_by_hand.format(fmt_time(unit["position_at"])))
    return UnitMarker(unit["id"], unit["call_sign"], styles.status_colors.get(status, UNKNOWN_COLOR),
                      unit["place_lon"], unit["place_lat"], "\n".join(lines),
                      municipality=unit["place_municipality"], beside=beside)


def compute_delta(store: Store, flt: EventFilter, styles: _Styles, previous: _Snapshot) -> tuple[_Snapshot, MapDelta]:
    """Owner thread: read the map's rows and compare them with ``previous`` (never modified).

    Nothing written since ``previous`` was read, same filter and styles: ``previous`` as it
    is, nothing read. The window's periodic refresh mostly finds the store unchanged, and
    the units' query alone takes seconds at a million events (see ``Places.units``).
    """
    source = (store.data_stamp(), flt, styles)
    if previous.source == source:
        return previous, MapDelta()
    delta = MapDelta()
    now = _Snapshot(source=source)
    for row in store.places.events(flt):
        ident = row[0]
        now.rows[ident] = row
        if previous.rows.get(ident) == row:
            now.events[ident] = previous.events[ident]
        else:
            now.events[ident] = marker = _event_marker(row, styles)
            delta.events.append(marker)
    delta.events_removed = [ident for ident in previous.rows if ident not in now.rows]

    units = store.places.units()
    at_event: dict[str, int] = {}  # units drawn beside the same event: one column
    for unit in units:
        beside = None
        if unit["place"] == "event":
            beside = at_event.get(unit["event_id"], 0)
            at_event[unit["event_id"]] = beside + 1
        key = (*tuple(unit.values()), beside)
        ident = unit["id"]
        now.unit_rows[ident] = key
        now.unit_info.append({k: unit[k] for k in ("id", "call_sign", "status", "place", "on_event", "event_number")})
        if previous.unit_rows.get(ident) == key:
            now.units[ident] = previous.units[ident]
        else:
            now.units[ident] = marker = _unit_marker(unit, beside, styles)
            delta.units.append(marker)
    delta.units_removed = [ident for ident in previous.unit_rows if ident not in now.unit_rows]
    return now, delta


class MapFeed(QObject):
    territory_ready = Signal(object)  # Territory
    territory_failed = Signal(str)  # the translated message
    home_ready = Signal(list)  # ISTAT codes of the home area
    delta_ready = Signal(object)  # MapDelta, after each refresh that changed something
    refreshed = Signal()  # after each refresh (changed or not)
    error = Signal(str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.territory: Territory | None = None
        self.home: list[str] | None = None  # None: not known yet
        self.filter = EventFilter()
        self.filter_summary = ""
        self._state = _Snapshot()
        self._loading_territory = False
        self._users = 0
        self._stale = True
        self._busy = False
        self._dirty = False
        self._loaded_once = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COALESCE_MS)
        self._timer.timeout.connect(self._run)
        ctx.signals.changed.connect(self._on_data_changed)
        self.overlays = TerritoryOverlays(ctx, self)  # at-risk areas and cameras (issue 12)

    # ----------------------------------------------------------------- state
    @property
    def events(self) -> dict[str, EventMarker]:
        return self._state.events

    @property
    def units(self) -> dict[str, UnitMarker]:
        return self._state.units

    @property
    def unit_info(self) -> list[dict[str, Any]]:
        return self._state.unit_info

    @property
    def loaded(self) -> bool:
        """Markers have been read at least once."""
        return self._loaded_once

    @property
    def busy(self) -> bool:
        return self._busy or self._dirty or self._timer.isActive()

    def counts(self) -> tuple[int, int]:
        """Events shown, and how many of them only by their municipality."""
        lat = _COL["lat"]
        return len(self._state.rows), sum(1 for row in self._state.rows.values() if row[lat] is None)

    # ---------------------------------------------------------------- loading
    def load_territory(self) -> None:
        """Decode the map file on a worker thread, once (``territory_ready`` when done)."""
        if self.territory is not None or self._loading_territory:
            return
        self._loading_territory = True
        self._ctx.tasks.run(in_thread(_load_territory_frozen, "map-territory"), on_done=self._on_territory,
                            on_error=self._on_territory_failed, name="map.territory")

    def _on_territory(self, territory: Territory) -> None:
        self._loading_territory = False
        self.territory = territory
        self.territory_ready.emit(territory)
        identity = ReadOp(self._ctx, lambda store: (store.meta.corps, store.meta.station_code))
        identity.on_done(self._on_identity).on_error(self.error.emit).run("map.home")

    def _on_territory_failed(self, exc: BaseException) -> None:
        self._loading_territory = False
        self.territory_failed.emit(error_text(exc))

    def _on_identity(self, identity: tuple[str, str]) -> None:
        assert self.territory is not None
        self.home = home_municipalities(self._ctx.catalogs, self.territory, *identity)
        self.home_ready.emit(self.home)

    # ------------------------------------------------------------- following
    def acquire(self) -> None:
        """A map is on screen: keep the markers current (catch up now if needed)."""
        self._users += 1
        self.load_territory()
        if self._stale:
            self.refresh()

    def release(self) -> None:
        self._users = max(0, self._users - 1)

    def set_filter(self, flt: EventFilter, summary: str = "") -> None:
        """The board's filter (the map shows the same subset) and its words for the map's bar."""
        self.filter_summary = summary
        if flt != self.filter:
            self.filter = flt
            self.refresh()

    def refresh(self) -> None:
        """Schedule a refresh (coalesced); only marks the data stale while no map is shown."""
        self._stale = True
        if self._users and not self._timer.isActive():
            self._timer.start()

    def _on_data_changed(self, changes: Change) -> None:
        if changes & (Change.EVENTS | Change.UNITS):
            self.refresh()

    def _run(self) -> None:
        if self._busy:
            self._dirty = True
            return
        self._busy, self._dirty, self._stale = True, False, False
        ReadOp(self._ctx, compute_delta, self.filter, self._styles(), self._state).on_done(
            self._on_delta).on_error(self._on_failed).run("map.refresh")

    def _on_delta(self, result: tuple[_Snapshot, MapDelta]) -> None:
        self._busy = False
        self._state, delta = result
        self._loaded_once = True
        if delta:
            self.delta_ready.emit(delta)
        self.refreshed.emit()
        if self._dirty:
            self._run()

    def _on_failed(self, text: str) -> None:
        self._busy = False
        self._stale = True
        self.error.emit(text)

    def _styles(self) -> _Styles:
        cat = self._ctx.catalogs
        statuses = {s.value: enum_label(s) for s in (*ResourceStatus, *AssignmentStatus)}
        return _Styles(
            catalogs=cat, english=self._ctx.language == "en",
            priority_colors={code: level.color for code, level in cat.priorities.items()},
            status_colors={status: colours[0] for status, colours in STATUS_COLORS.items()},
            status_labels=statuses,
            placed_by_hand=QCoreApplication.translate("MapFeed", "posizione indicata a mano il {0}"))
