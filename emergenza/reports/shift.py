"""Shift-end report: events opened, closed and still open; units and their assignments;
the crews on duty during the shift (store/crews.py); response times; the shift's
closing note; what is still unsent (outbox) or in conflict.

``compute`` returns plain data (for a window), ``document`` turns it into a report.
Times of the shift: [started_at, ended_at), or up to now for a shift still open.
Assignments "of the shift" are those of events with journal activity during it (every
assignment step writes a journal line) or with a unit still engaged, overlapping it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain.enums import AssignmentStatus, EventStatus, ResourceKind, ResourceStatus
from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP
from . import document as d
from .annual import response_table
from .figures import ResponseTimes
from .localtime import fmt_datetime, local, stored
from .queries import EventScope, response_times
from .source import StationSource

OUTBOX_LABELS = {"events": "interventi", "journal": "annotazioni di diario", "assignments": "assegnazioni",
                 "resources": "unità", "risk_areas": "aree a rischio", "cameras": "telecamere e varchi"}


def find_shift(src: StationSource, shift_id: str | None = None) -> dict[str, Any]:
    """The shift with this id (or unique id prefix of 6+ characters); without an id, the
    open shift, else the last one."""
    base = ("SELECT s.*, o.name AS operator_name, o.role AS operator_role FROM shifts s "
            "LEFT JOIN operators o ON o.id = s.operator_id ")
    if not shift_id:
        rows = src.rows(base + "ORDER BY s.ended_at IS NULL DESC, s.started_at DESC LIMIT 1")
        if not rows:
            raise UserError(QT_TRANSLATE_NOOP("errors", "Nell'archivio non ci sono turni."))
        return dict(rows[0])
    key = shift_id.strip().lower()
    rows = src.rows(base + "WHERE s.id = ?", [key])
    if not rows and len(key) >= 6:
        rows = src.rows(base + "WHERE s.id >= ? AND s.id < ? LIMIT 2", [key, key + "\uffff"])
    if len(rows) != 1:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Turno non trovato: {0}"), shift_id)
    return dict(rows[0])


def recent_shifts(src: StationSource, limit: int = 30) -> list[dict[str, Any]]:
    return [dict(r) for r in src.rows(
        "SELECT s.id, s.started_at, s.ended_at, o.name AS operator_name FROM shifts s "
        "LEFT JOIN operators o ON o.id = s.operator_id ORDER BY s.started_at DESC LIMIT ?", [limit])]


@dataclass
class EventLine:
    number: str
    received_at: datetime
    type_label: str
    priority: str
    place: str
    status: str
    closed_at: datetime | None
    outcome: str | None


@dataclass
class AssignmentLine:
    call_sign: str
    event_number: str
    status: str
    requested_at: datetime | None
    sent_at: datetime | None
    on_scene_at: datetime | None
    cleared_at: datetime | None


@dataclass
class UnitLine:
    call_sign: str
    kind: str
    status_now: str
    assignments: int


@dataclass
class CrewLine:
    call_sign: str
    members: str                   # "Mario Rossi (matr. 1234), Luca Bianchi"
    from_at: datetime | None
    until_at: datetime | None      # None: still on board


@dataclass
class ShiftSummary:
    shift_id: str
    operator: str
    started_at: datetime
    ended_at: datetime | None
    close_note: str | None
    pending_at_close: int | None
    opened: list[EventLine]
    closed: list[EventLine]        # closed or cancelled during the shift
    open_at_end: list[EventLine]
    units: list[UnitLine]
    assignments: list[AssignmentLine]
    response: ResponseTimes
    outbox: dict[str, int]         # unsent changes now, by entity
    conflicts: list[dict[str, Any]]
    include_exercises: bool
    crews: list[CrewLine] = field(default_factory=list)


_EVENT_SQL = ("SELECT e.number, e.received_at, e.type_code, e.priority, e.municipality_istat, e.municipality_name, "
              "e.address, e.status, e.closed_at, e.outcome FROM events e ")


def compute(src: StationSource, shift_id: str | None = None, *, include_exercises: bool = False) -> ShiftSummary:
    shift = find_shift(src, shift_id)
    start, end = shift["started_at"], shift["ended_at"] or stored(src.now())
    no_ex = "" if include_exercises else " AND e.exercise = 0"
    opened = _events(src, "WHERE e.received_at >= ? AND e.received_at < ?" + no_ex, [start, end])
    closed = _events(src, "WHERE e.closed_at >= ? AND e.closed_at < ?" + no_ex, [start, end])
    # Open at the end: received before it and still active now, or closed only after it
    # (two indexed queries: events_active, events_closed).
    open_at_end = sorted(
        _events(src, "WHERE e.status NOT IN ('closed', 'cancelled') AND e.received_at < ?" + no_ex, [end])
        + _events(src, "WHERE e.closed_at >= ? AND e.received_at < ?" + no_ex, [end, end]),
        key=lambda e: (e.received_at, e.number))
    open_at_end = list({e.number: e for e in open_at_end}.values())  # a row in both: once
    assignments = _assignments(src, start, end, no_ex)
    counts: dict[str, int] = {}
    for a in assignments:
        counts[a.call_sign] = counts.get(a.call_sign, 0) + 1
    units = [UnitLine(r["call_sign"], _label(ResourceKind, r["kind"]), _label(ResourceStatus, r["status"]),
                      counts.get(r["call_sign"], 0))
             for r in src.rows("SELECT call_sign, kind, status FROM resources WHERE active = 1 "
                               "ORDER BY call_sign COLLATE NOCASE")]
    scope = EventScope(start, end, include_exercises=include_exercises)
    outbox = {k: n for k, n in src.conn.execute("SELECT entity, count(*) FROM outbox GROUP BY entity")}
    conflicts = [dict(r) for r in src.rows(
        "SELECT c.entity, c.field, c.detected_at, c.reason, coalesce(e.number, je.number, ae.number) AS number "
        "FROM conflicts c LEFT JOIN events e ON c.entity = 'events' AND e.id = c.entity_id "
        "LEFT JOIN journal j ON c.entity = 'journal' AND j.id = c.entity_id "
        "LEFT JOIN events je ON je.id = j.event_id "
        "LEFT JOIN assignments a ON c.entity = 'assignments' AND a.id = c.entity_id "
        "LEFT JOIN events ae ON ae.id = a.event_id "
        "WHERE c.resolved_at IS NULL ORDER BY c.detected_at")]
    return ShiftSummary(
        shift["id"], shift["operator_name"] or "", local(start), local(shift["ended_at"]), shift["close_note"],
        shift["pending_at_close"], opened, closed, open_at_end, units, assignments,
        response_times(src, scope), outbox, conflicts, include_exercises, _crews(src, start, end))


def _crews(src: StationSource, start: str, end: str) -> list[CrewLine]:
    """Each crew on board at some time of the shift: one line per unit and crew."""
    lines: dict[tuple[str, str], CrewLine] = {}
    for r in src.rows(
            "SELECT r.call_sign, c.name, c.badge, c.from_at, c.until_at FROM crew_members c "
            "JOIN resources r ON r.id = c.resource_id WHERE c.from_at < ? AND coalesce(c.until_at, ?) > ? "
            "ORDER BY r.call_sign COLLATE NOCASE, c.resource_id, c.from_at, c.position", [end, end, start]):
        member = r["name"] + (f" (matr. {r['badge']})" if r["badge"] else "")
        line = lines.get((r["call_sign"], r["from_at"]))
        if line is None:
            lines[(r["call_sign"], r["from_at"])] = CrewLine(r["call_sign"], member, local(r["from_at"]),
                                                              local(r["until_at"]))
        else:
            line.members += ", " + member
    return list(lines.values())


def _label(enum: Any, value: str | None) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value or ""


def _events(src: StationSource, where: str, params: list[Any]) -> list[EventLine]:
    out = []
    for r in src.rows(_EVENT_SQL + where + " ORDER BY e.received_at", params):
        place = src.municipality_label(r["municipality_istat"], r["municipality_name"])
        out.append(EventLine(r["number"], local(r["received_at"]), src.type_label(r["type_code"]),
                             src.priority_label(r["priority"]), place + (f", {r['address']}" if r["address"] else ""),
                             _label(EventStatus, r["status"]), local(r["closed_at"]), r["outcome"]))
    return out


def _assignments(src: StationSource, start: str, end: str, no_ex: str) -> list[AssignmentLine]:
    now = stored(src.now())
    rows = src.rows(
        "SELECT r.call_sign, e.number, a.status, a.requested_at, a.sent_at, a.on_scene_at, a.cleared_at "
        "FROM assignments a JOIN resources r ON r.id = a.resource_id JOIN events e ON e.id = a.event_id "
        "WHERE a.event_id IN (SELECT j.event_id FROM journal j WHERE j.at >= ? AND j.at < ? "
        "                     UNION SELECT event_id FROM assignments WHERE status NOT IN ('cleared', 'cancelled')) "
        f"AND a.requested_at < ? AND coalesce(a.cleared_at, ?) >= ?{no_ex} "
        "ORDER BY r.call_sign COLLATE NOCASE, a.requested_at", [start, end, end, now, start])
    return [AssignmentLine(r["call_sign"], r["number"], _label(AssignmentStatus, r["status"]),
                           local(r["requested_at"]), local(r["sent_at"]), local(r["on_scene_at"]),
                           local(r["cleared_at"])) for r in rows]


# ---------------------------------------------------------------------- document
_EVENT_COLUMNS = [d.Column("Numero", width=1.5), d.Column("Ricevuto", d.DATETIME, width=1.2),
                  d.Column("Tipologia", width=2.2), d.Column("Codice", width=0.7), d.Column("Luogo", width=2.2),
                  d.Column("Stato", width=0.9)]


def _event_table(lines: list[EventLine], title: str, empty: str, closed: bool = False) -> d.Table:
    cols = list(_EVENT_COLUMNS)
    if closed:
        cols += [d.Column("Chiuso", d.DATETIME, width=1.2), d.Column("Esito", width=2.0)]
    rows = [[e.number, e.received_at, e.type_label, e.priority, e.place, e.status]
            + ([e.closed_at, e.outcome] if closed else []) for e in lines]
    return d.Table(cols, rows, title=title, empty_text=empty)


def document(src: StationSource, s: ShiftSummary, *, generated_by: str | None = None) -> d.Document:
    period = (f"Turno di {s.operator} dal {fmt_datetime(s.started_at)} "
              + (f"al {fmt_datetime(s.ended_at)}" if s.ended_at else "(in corso)"))
    doc = d.Document("shift", "Rapporto di fine turno", period, src.corps, src.station, src.now(),
                     generated_by or src.default_author(), landscape=True)
    summary = d.Facts([
        d.fact("Turno", s.shift_id), d.fact("Operatore", s.operator),
        d.fact("Inizio", s.started_at, d.DATETIME), d.fact("Fine", s.ended_at or "in corso"),
        d.fact("Interventi aperti nel turno", len(s.opened), d.INT),
        d.fact("Interventi chiusi o annullati nel turno", len(s.closed), d.INT),
        d.fact("Interventi ancora aperti a fine turno", len(s.open_at_end), d.INT),
        d.fact("Assegnazioni di unità nel turno", len(s.assignments), d.INT),
        d.fact("Esercitazioni", "incluse" if s.include_exercises else "escluse"),
    ])
    first = d.Section("Riepilogo", [summary])
    if not (s.opened or s.closed or s.open_at_end or s.assignments):
        first.blocks.insert(0, d.Text("Nessun intervento e nessuna assegnazione nel turno.", "notice"))
    events = d.Section("Interventi", [
        _event_table(s.opened, "Aperti nel turno", "Nessun intervento aperto nel turno."),
        _event_table(s.closed, "Chiusi o annullati nel turno", "Nessun intervento chiuso nel turno.", closed=True),
        _event_table(s.open_at_end, "Ancora aperti a fine turno", "Nessun intervento aperto a fine turno."),
    ])
    units = d.Section("Unità e assegnazioni", [
        d.Table([d.Column("Unità"), d.Column("Tipo"), d.Column("Stato attuale"),
                 d.Column("Assegnazioni nel turno", d.INT)],
                [[u.call_sign, u.kind, u.status_now, u.assignments] for u in s.units],
                title="Unità", empty_text="Nessuna unità registrata."),
        d.Table([d.Column("Unità"), d.Column("Intervento", width=1.5), d.Column("Stato"),
                 d.Column("Richiesta", d.DATETIME), d.Column("Inviata", d.DATETIME),
                 d.Column("Sul posto", d.DATETIME), d.Column("Libera", d.DATETIME)],
                [[a.call_sign, a.event_number, a.status, a.requested_at, a.sent_at, a.on_scene_at, a.cleared_at]
                 for a in s.assignments], title="Assegnazioni", empty_text="Nessuna assegnazione nel turno."),
    ])
    crews = d.Section("Equipaggi", [d.Table(
        [d.Column("Unità"), d.Column("Agenti", width=3.5), d.Column("Dalle", d.DATETIME),
         d.Column("Alle", d.DATETIME)],
        [[c.call_sign, c.members, c.from_at, c.until_at or "a bordo"] for c in s.crews],
        title="Equipaggi nel turno", empty_text="Nessun equipaggio registrato nel turno.")])
    response = d.Section("Tempi di risposta (interventi aperti nel turno)", [response_table(s.response)])
    notes = d.Section("Note del responsabile", [d.Text(s.close_note or (
        "Nessuna nota di chiusura." if s.ended_at else "Turno ancora aperto: nessuna nota di chiusura."))])
    if s.pending_at_close:
        notes.blocks.append(d.Text(f"Alla chiusura restavano {s.pending_at_close} modifiche non inviate.", "note"))
    pending = sum(s.outbox.values())
    sync_blocks: list[d.Block] = [d.Facts(
        [d.fact(f"Modifiche non inviate: {OUTBOX_LABELS.get(k, k)}", n, d.INT) for k, n in sorted(s.outbox.items())]
        + [d.fact("Modifiche non inviate in tutto", pending, d.INT),
           d.fact("Conflitti da esaminare", len(s.conflicts), d.INT)])]
    if s.conflicts:
        sync_blocks.append(d.Table(
            [d.Column("Rilevato", d.DATETIME), d.Column("Intervento"), d.Column("Dato"), d.Column("Campo"),
             d.Column("Motivo", width=2.5)],
            [[local(c["detected_at"]), c["number"], OUTBOX_LABELS.get(c["entity"], c["entity"]), c["field"],
              c["reason"]] for c in s.conflicts], title="Conflitti aperti"))
    sync = d.Section("Invio al server regionale", sync_blocks)
    doc.sections += [first, events, units, crews, response, notes, sync]
    return doc


def build(src: StationSource, shift_id: str | None = None, *, include_exercises: bool = False,
          generated_by: str | None = None) -> d.Document:
    return document(src, compute(src, shift_id, include_exercises=include_exercises), generated_by=generated_by)
