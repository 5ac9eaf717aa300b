"""Brogliaccio: every event and journal line of a shift, a day, or one unit over a day,
in time order; struck lines shown struck through with their reason.

Events appear as a line at their reception time (type, code, place, description), then
their journal lines as written. For a unit: each of its assignments that touched the day
opens with the event's line, followed by the event's journal lines written while the
unit was on it (within the day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP
from . import document as d
from .localtime import days_bounds, fmt_datetime, local, period_label, stored
from .shift import find_shift
from .source import StationSource

KIND_LABELS = {"note": "Annotazione", "status": "Stato", "assignment": "Unità", "field": "Modifica dati",
               "system": "Sistema"}
EVENT_LINE = "Intervento"


@dataclass(frozen=True)
class BrogliaccioQuery:
    """Exactly one of ``shift_id`` / ``day``; ``unit`` (call sign) narrows a day to one unit."""

    shift_id: str | None = None
    day: date | None = None
    unit: str | None = None
    include_exercises: bool = False


def build(src: StationSource, query: BrogliaccioQuery, *, generated_by: str | None = None) -> d.Document:
    if bool(query.shift_id) == bool(query.day):
        raise UserError(QT_TRANSLATE_NOOP("errors", "Indicare un turno oppure un giorno per il brogliaccio."))
    if query.unit and not query.day:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Il brogliaccio di un'unità è per un giorno: indicare il giorno."))
    now = stored(src.now())
    if query.shift_id:
        shift = find_shift(src, query.shift_id)
        start, end = shift["started_at"], shift["ended_at"] or now
        title = "Brogliaccio del turno"
        period = (f"Turno di {shift['operator_name']} dal {fmt_datetime(local(start))} "
                  + (f"al {fmt_datetime(local(shift['ended_at']))}" if shift["ended_at"] else "(in corso)"))
        time_kind = d.DATETIME
    else:
        start, end = days_bounds(query.day, query.day)
        title = "Brogliaccio del giorno" if not query.unit else "Brogliaccio dell'unità"
        period = period_label(query.day, query.day)
        time_kind = d.TIME
    if query.unit:
        unit = _find_unit(src, query.unit)
        title = f"Brogliaccio dell'unità {unit['call_sign']}"
        lines = _unit_lines(src, unit["id"], start, end, now, query.include_exercises)
    else:
        lines = _period_lines(src, start, end, query.include_exercises)
    doc = d.Document("brogliaccio", title, period, src.corps, src.station, src.now(),
                     generated_by or src.default_author())
    doc.sections += _sections(lines, time_kind, query)
    return doc


def _find_unit(src: StationSource, call_sign: str) -> dict[str, Any]:
    rows = src.rows("SELECT id, call_sign FROM resources WHERE call_sign = ? COLLATE NOCASE", [call_sign.strip()])
    if not rows:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Unità non trovata: {0}"), call_sign)
    return dict(rows[0])


_EVENT_COLUMNS = ("e.id, e.number, e.received_at, e.type_code, e.priority, e.municipality_istat, "
                  "e.municipality_name, e.address, e.description, e.exercise")
_JOURNAL_COLUMNS = "j.at, j.kind, j.author, j.text, j.struck_at, j.struck_by, j.strike_reason, e.number, j.rowid"


def _period_lines(src: StationSource, start: str, end: str, exercises: bool) -> list[tuple]:
    no_ex = "" if exercises else " AND e.exercise = 0"
    events = src.rows(f"SELECT {_EVENT_COLUMNS} FROM events e WHERE e.received_at >= ? AND e.received_at < ?"
                      f"{no_ex}", [start, end])
    journal = src.rows(f"SELECT {_JOURNAL_COLUMNS} FROM journal j JOIN events e ON e.id = j.event_id "
                       f"WHERE j.at >= ? AND j.at < ?{no_ex}", [start, end])
    lines = [(ev["received_at"], 0, 0, _event_line(src, ev)) for ev in events]
    lines += [(j["at"], 1, j["rowid"], _journal_line(j)) for j in journal]
    lines.sort(key=lambda x: x[:3])
    return [x[3] for x in lines]


def _unit_lines(src: StationSource, resource_id: str, start: str, end: str, now: str, exercises: bool
                ) -> list[tuple]:
    no_ex = "" if exercises else " AND e.exercise = 0"
    spans = src.rows(
        f"SELECT a.requested_at, coalesce(a.cleared_at, ?) AS until, a.rowid AS arow, {_EVENT_COLUMNS} "
        f"FROM assignments a JOIN events e ON e.id = a.event_id "
        f"WHERE a.resource_id = ? AND a.requested_at < ? AND coalesce(a.cleared_at, ?) >= ?{no_ex}",
        [now, resource_id, end, now, start])
    lines: list[tuple] = []
    seen: set[int] = set()
    for span in spans:
        lo, hi = max(start, span["requested_at"]), min(end, span["until"])
        lines.append((lo, 0, span["arow"], _event_line(src, span)))
        for j in src.rows(f"SELECT {_JOURNAL_COLUMNS} FROM journal j JOIN events e ON e.id = j.event_id "
                          f"WHERE j.event_id = ? AND j.at >= ? AND j.at <= ?", [span["id"], lo, hi]):
            if j["rowid"] not in seen:  # two assignments of the unit on one event: lines once
                seen.add(j["rowid"])
                lines.append((j["at"], 1, j["rowid"], _journal_line(j)))
    lines.sort(key=lambda x: x[:3])
    return [x[3] for x in lines]


def _event_line(src: StationSource, ev: Any) -> tuple:
    place = src.municipality_label(ev["municipality_istat"], ev["municipality_name"])
    if ev["address"]:
        place += f", {ev['address']}"
    text = (f"{src.type_label(ev['type_code'])} — codice {src.priority_label(ev['priority'])} — {place}: "
            f"{ev['description']}")
    if ev["exercise"]:
        text = "[ESERCITAZIONE] " + text
    return (local(ev["received_at"]), ev["number"], EVENT_LINE, "", text, None, None, None)


def _journal_line(j: Any) -> tuple:
    kind = KIND_LABELS.get(j["kind"], j["kind"])
    text: Any = j["text"]
    if j["struck_at"]:
        struck_at = local(j["struck_at"])
        text = d.StruckText(j["text"], j["strike_reason"] or "", j["struck_by"], struck_at)
        return (local(j["at"]), j["number"], kind, j["author"], text, j["strike_reason"] or "", j["struck_by"],
                struck_at)
    return (local(j["at"]), j["number"], kind, j["author"], text, None, None, None)


def _sections(lines: list[tuple], time_kind: str, query: BrogliaccioQuery) -> list[d.Section]:
    events = sum(1 for line in lines if line[2] == EVENT_LINE)
    entries = len(lines) - events
    struck = sum(1 for line in lines if isinstance(line[4], d.StruckText))
    facts = [d.fact("Interventi", events, d.INT), d.fact("Righe di diario", entries, d.INT),
             d.fact("di cui barrate", struck, d.INT),
             d.fact("Esercitazioni", "incluse" if query.include_exercises else "escluse")]
    summary = d.Section("Riepilogo", [d.Facts(facts)])
    if not lines:
        summary.blocks.insert(0, d.Text("Nessun intervento né annotazione nel periodo.", "notice"))
    columns = [
        d.Column("Ora", time_kind, width=1.25 if time_kind == d.DATETIME else 0.7),
        d.Column("Intervento", width=1.5),
        d.Column("Voce", width=0.95),
        d.Column("Autore", width=1.45),
        d.Column("Testo", width=5.0),
        d.Column("Motivo barratura", pdf=False),
        d.Column("Barrata da", pdf=False),
        d.Column("Barrata il", d.DATETIME, pdf=False),
    ]
    rows = [list(line) for line in lines]
    table = d.Table(columns, rows, empty_text="Nessuna riga nel periodo.")
    return [summary, d.Section("Registro cronologico", [table])]
