"""CSV export of the events of a period: one row per event, for Excel (Italian locale).

Streamed: rows go from the cursor to a temporary file (a million events never sit in
memory) which replaces the target only when complete. The caller's name and phone
number are left out: the export is for analysis, not a copy of personal data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import document as d
from .formats import csv_header, csv_text
from .localtime import local
from .output import check_target, write_chunks
from .queries import ACTIVE_ASSIGNMENT, EventScope, seconds_between
from .render_csv import BOM, ExcelItalian
from .source import StationSource, channel_label

COLUMNS = [
    d.Column("Numero"), d.Column("Ricevuto", d.DATETIME), d.Column("Canale"), d.Column("Tipologia"),
    d.Column("Codice tipologia"), d.Column("Priorità"), d.Column("Comune"), d.Column("Codice ISTAT"),
    d.Column("Indirizzo"), d.Column("Stato"), d.Column("Condivisione"), d.Column("Esercitazione"),
    d.Column("Prima unità inviata", d.DATETIME), d.Column("Prima unità sul posto", d.DATETIME),
    d.Column("Chiuso", d.DATETIME), d.Column("Ricezione → invio", d.DURATION),
    d.Column("Invio → sul posto", d.DURATION), d.Column("Sul posto → libera", d.DURATION),
    d.Column("Unità", d.TEXT), d.Column("Comando"), d.Column("Esito"), d.Column("Descrizione"),
]

_SQL = (
    "SELECT e.number, e.received_at, e.channel, e.type_code, e.priority, e.municipality_istat, e.municipality_name, "
    "e.address, e.status, e.sharing, e.exercise, e.first_sent_at, x.first_scene, e.closed_at, "
    f"{seconds_between('e.first_sent_at', 'e.received_at')}, "
    f"CASE WHEN x.first_scene IS NOT NULL THEN {seconds_between('x.first_scene', 'e.first_sent_at')} END, "
    f"CASE WHEN x.engaged = 0 THEN {seconds_between('x.last_clear', 'x.first_scene')} END, "
    "x.units, e.corps, e.outcome, e.description "
    "FROM events e LEFT JOIN ("
    "  SELECT a.event_id, min(a.on_scene_at) AS first_scene, max(a.cleared_at) AS last_clear, "
    f"        sum({ACTIVE_ASSIGNMENT}) AS engaged, group_concat(r.call_sign, ', ') AS units "
    "  FROM assignments a JOIN events e ON e.id = a.event_id JOIN resources r ON r.id = a.resource_id "
    "  WHERE {where} GROUP BY a.event_id"
    ") x ON x.event_id = e.id WHERE {where} ORDER BY e.received_at, e.number")


def rows(src: StationSource, scope: EventScope) -> Iterator[list[Any]]:
    from ..domain.enums import EventStatus, Sharing

    where, params = scope.where()
    cur = src.conn.execute(_SQL.replace("{where}", where), params + params)
    while True:
        batch = cur.fetchmany(2000)
        if not batch:
            return
        for r in batch:
            (number, received, channel, type_code, priority, istat, town, address, status, sharing, exercise,
             first_sent, first_scene, closed, t1, t2, t3, units, corps, outcome, description) = r
            yield [number, local(received), channel_label(channel), src.type_label(type_code), type_code,
                   src.priority_label(priority), src.municipality_label(istat, town), istat, address,
                   _label(EventStatus, status), _label(Sharing, sharing), bool(exercise), local(first_sent),
                   local(first_scene), local(closed), _positive(t1), _positive(t2), _positive(t3), units, corps,
                   outcome, description]


def _positive(seconds: float | None) -> float | None:
    return seconds if seconds is not None and seconds >= 0 else None


def _label(enum: Any, value: str | None) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value or ""


def _chunks(src: StationSource, scope: EventScope, counter: list[int]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect=ExcelItalian)
    buffer.write(BOM)
    writer.writerow([csv_header(c) for c in COLUMNS])
    for row in rows(src, scope):
        writer.writerow([csv_text(v, c.kind) for v, c in zip(row, COLUMNS, strict=False)])
        counter[0] += 1
        if buffer.tell() > 1 << 20:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def write(src: StationSource, scope: EventScope, path: str | Path) -> int:
    """Write the export atomically; returns the number of events written."""
    target = check_target(path)
    counter = [0]
    write_chunks(target, _chunks(src, scope, counter))
    return counter[0]
