"""Training exercises: a realistic stream of exercise events, written as real work is.

Unlike the demo (a bulk-written record, already synced), an exercise goes through the
store's managers, one call after another as an operator would make them: each event gets
its outbox rows, journal entries and audit rows, and syncs like real work. Every event is
flagged ``exercise`` and its whole story (intake, units sent, en route, on scene, cleared,
notes, closing) is ONE transaction, so an interrupted run leaves only complete events.

``ExercisePlan`` decides everything from the seed alone (types, municipalities of the
corps' province, addresses, channels, sharing, notes, how far each story goes), so one
seed gives the same calls on any store; which unit goes where depends on the store.
Only exercise units (call signs ``Esercitazione N``, ``add_exercise_units``) are ever
sent: a real unit never appears busy on an exercise.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from ..domain.catalogs import Catalogs
from ..domain.enums import AssignmentStatus, EventStatus, ResourceStatus
from ..domain.errors import StoreError, UserError
from ..domain.text import QT_TRANSLATE_NOOP
from . import database
from . import demo_data as D
from .demo_world import province_and_town
from .facade import Store
from .meta import Meta, MetaKey
from .queries import ACTIVE_ASSIGNMENT

MAX_EVENTS = 100_000
EXERCISE_OPERATOR = "Esercitazione"  # who the journal and the audit name
EXERCISE_CALL_SIGN = "Esercitazione {0}"
EXERCISE_UNITS = ("patrol", "car", "motorbike", "officer")  # kinds of Esercitazione 1…4

# The last calls of a run are still under way when it ends (as in a real room at any
# moment): each stops at one of these points, or is closed. Earlier calls are closed,
# or cancelled in this share of them; so exercise units are free again for the next call.
OPEN_TAIL = 8
TAIL_ENDS = ("new", "sent", "en_route", "on_scene", "closed")
CANCELLED_SHARE = 0.08
CHANNELS = (("phone", 0.45), ("nue112", 0.72), ("radio", 0.80), ("initiative", 0.90), ("front_desk", 0.95),
            ("video", 1.0))

Progress = Callable[[int, int], None]  # (events written, events asked for)


@dataclass(frozen=True)
class ExerciseCall:
    """One event of the exercise, as planned from the seed."""

    type_code: str
    municipality_istat: str
    address: str
    channel: str
    sharing: str
    description: str
    caller_phone: str | None
    notes: tuple[str, ...]
    end: str  # "new", "sent", "en_route", "on_scene", "cancelled" or "closed"
    outcome: str


@dataclass
class ExerciseSummary:
    events: int = 0
    assignments: int = 0
    notes: int = 0
    open_events: int = 0  # of the events written, those still open at the end
    units_added: int = 0
    seconds: float = 0.0
    interrupted: bool = False  # stopped on request, between two events
    type_codes: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)


class ExercisePlan:
    def __init__(self, catalogs: Catalogs, *, seed: int, station_code: str, corps: str):
        self.rng = random.Random(f"esercitazione-{seed}")
        province, town = province_and_town(catalogs, station_code, corps)
        others = sorted(m.istat for m in catalogs.municipalities.values()
                        if m.province_code == province and m.istat != town)
        self.town, self.others = town, others
        self.types = [c for c in D.TYPE_WEIGHTS if c in catalogs.event_types]
        self.weights = [D.TYPE_WEIGHTS[c] for c in self.types]
        self.labels = {c: catalogs.type_label(c) for c in self.types}

    def calls(self, count: int) -> Iterator[ExerciseCall]:
        rng = self.rng
        for n in range(1, count + 1):
            code = rng.choices(self.types, self.weights)[0]
            place = self.town if not self.others or rng.random() < 0.5 else rng.choice(self.others)
            pick = rng.random()
            channel = next(c for c, share in CHANNELS if pick <= share)
            shared = code.startswith(D.SHARED_PREFIXES) or rng.random() < 0.1
            if n > count - OPEN_TAIL:
                end = rng.choice(TAIL_ENDS)
            else:
                end = "cancelled" if rng.random() < CANCELLED_SHARE else "closed"
            outcomes = D.CANCEL_OUTCOMES if end == "cancelled" else D.OUTCOMES_BY_PREFIX.get(
                code.split(".")[0], ("Intervento concluso.",))
            yield ExerciseCall(
                type_code=code, municipality_istat=place,
                address=f"{rng.choice(D.STREETS)} {rng.randint(1, 120)}", channel=channel,
                sharing="shared" if shared else "reserved",
                description=f"ESERCITAZIONE {n}: {self.labels[code]}.",
                caller_phone=None if channel in ("initiative", "video") else f"+39 3{rng.randint(10, 99)} "
                                                                              f"{rng.randint(1_000_000, 9_999_999)}",
                notes=tuple(rng.sample(D.NOTES, k=rng.choice((0, 0, 1, 1, 2)))),
                end=end, outcome=rng.choice(outcomes))


def check_events(events: object) -> None:
    if isinstance(events, bool) or not isinstance(events, int) or not 1 <= events <= MAX_EVENTS:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Numero di interventi non valido: {0} (da 1 a {1})."),
                        events, MAX_EVENTS)


def check_store(path: Path) -> None:
    """An exercise needs a store that exists, is Emergenza's and was set up (UserError otherwise)."""
    if not path.is_file() or path.stat().st_size == 0:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Archivio non trovato: {0}"), path)
    try:
        conn = database.open_raw(path, readonly=True)
        try:
            setup_done = Meta(sqlite_utils.Database(conn)).get(MetaKey.SETUP_DONE)
            conn.execute("SELECT 1 FROM events LIMIT 1").fetchall()
        finally:
            conn.close()
    except (sqlite3.DatabaseError, StoreError):  # StoreError: not SQLite, nor a store we hold the key of
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0} non è un archivio di Emergenza."), path) from None
    if not setup_done:
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "L'archivio {0} non è ancora configurato: completare la configurazione iniziale "
                      "prima di un'esercitazione."), path)


def exercise_units(store: Store) -> list[dict[str, Any]]:
    """The exercise units of the store (active ones), by call sign."""
    pattern = EXERCISE_CALL_SIGN.format("%")
    return list(store.db.query("SELECT * FROM resources WHERE active = 1 AND call_sign LIKE ? "
                               "ORDER BY call_sign", [pattern]))


def add_exercise_units(store: Store, *, operator: str = EXERCISE_OPERATOR) -> int:
    """Add ``Esercitazione 1…4`` when the store has no exercise unit; return how many were added."""
    if exercise_units(store):
        return 0
    for n, kind in enumerate(EXERCISE_UNITS, start=1):
        store.units.add({"kind": kind, "call_sign": EXERCISE_CALL_SIGN.format(n), "notes": "Unità di esercitazione"},
                        operator=operator)
    return len(EXERCISE_UNITS)


def run(store: Store, *, events: int, seed: int = 1, add_units: bool = False, progress: Progress | None = None,
        summary: ExerciseSummary | None = None, operator: str = EXERCISE_OPERATOR,
        stop: Callable[[], bool] | None = None) -> ExerciseSummary:
    """Write ``events`` exercise events on ``store`` (on this thread). ``summary`` (one is made
    if not given) is filled as the events are written. ``stop`` is asked between events: when
    it says so the run ends there (``summary.interrupted``), so the count is exactly what was
    committed. A KeyboardInterrupt inside an event rolls that event back, every event whole."""
    check_events(events)
    started = time.monotonic()
    summary = summary if summary is not None else ExerciseSummary()
    try:
        if add_units:
            summary.units_added = add_exercise_units(store, operator=operator)
        plan = ExercisePlan(store.catalogs, seed=seed, station_code=store.meta.station_code,
                            corps=store.meta.corps)
        for call in plan.calls(events):
            _write(store, call, summary, operator)
            if progress:
                progress(summary.events, events)
            if stop is not None and stop():
                summary.interrupted = True
                break
        # counted at the end: a later call may have closed an earlier one to free its unit
        summary.open_events = sum(EventStatus(store.events.get(i)["status"]).is_active for i in summary.event_ids)
    finally:
        summary.seconds = round(time.monotonic() - started, 2)
    return summary


# The assignment's steps after "sent", by where the story ends.
STEPS = {
    "sent": (),
    "en_route": (AssignmentStatus.EN_ROUTE,),
    "on_scene": (AssignmentStatus.EN_ROUTE, AssignmentStatus.ON_SCENE),
    "closed": (AssignmentStatus.EN_ROUTE, AssignmentStatus.ON_SCENE, AssignmentStatus.CLEARED),
    "cancelled": (),  # cancelling the event cancels its assignment
}


def _write(store: Store, call: ExerciseCall, summary: ExerciseSummary, operator: str) -> None:
    """One event's whole story in one transaction (the managers' own ones nest as savepoints)."""
    data: dict[str, Any] = {
        "type_code": call.type_code, "municipality_istat": call.municipality_istat, "address": call.address,
        "channel": call.channel, "sharing": call.sharing, "description": call.description,
        "caller_phone": call.caller_phone, "exercise": 1}
    if call.channel == "nue112":
        data["nue_contact_id"] = f"ESE-{store.replica_id[:6]}-{summary.events + 1:06d}"
    with store.transaction():
        event = store.events.create(data, operator=operator)
        unit = _free_unit(store, operator) if call.end != "new" else None
        if unit is not None:
            assignment = store.units.assign(event["id"], unit["id"], operator=operator)
            for step in STEPS[call.end]:
                store.units.advance(assignment["id"], operator=operator, to=step.value)
        for text in call.notes:
            store.events.add_note(event["id"], text, operator=operator)
        # Left open: a story that stops early with a unit on it, or a call nobody has taken yet.
        open_end = call.end == "new" or (unit is not None and call.end in ("sent", "en_route", "on_scene"))
        if not open_end:
            target = EventStatus.CANCELLED if call.end == "cancelled" else EventStatus.CLOSED
            store.events.change_status(event["id"], target.value, operator=operator, outcome=call.outcome)
    summary.events += 1
    summary.assignments += int(unit is not None)
    summary.notes += len(call.notes)
    summary.event_ids.append(event["id"])
    summary.type_codes.append(call.type_code)
    summary.municipalities.append(call.municipality_istat)


def _free_unit(store: Store, operator: str) -> dict[str, Any] | None:
    """A free exercise unit; if all are busy, the one busy longest on an exercise event is
    freed by closing that event (the exercise goes on, as the room would)."""
    units = exercise_units(store)
    for unit in units:
        if unit["status"] == ResourceStatus.AVAILABLE.value:
            return unit
    busy = store.one(
        "SELECT a.resource_id, a.event_id FROM assignments a JOIN events e ON e.id = a.event_id "
        f"WHERE a.resource_id IN (SELECT id FROM resources WHERE active = 1 AND call_sign LIKE ?) "
        f"AND {ACTIVE_ASSIGNMENT} AND e.exercise = 1 ORDER BY a.requested_at, a.rowid LIMIT 1",
        [EXERCISE_CALL_SIGN.format("%")])
    if busy is None:
        return None
    store.events.change_status(busy["event_id"], EventStatus.CLOSED.value, operator=operator,
                               outcome="Esercitazione: intervento concluso.")
    return store.units.get(busy["resource_id"])
