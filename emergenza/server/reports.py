"""The regional annual report, from the server's own database (SQLite or PostgreSQL).

Events are the merged current state in ``entities`` (JSON ``state``); the year is
selected by local (Europe/Rome) year bounds on ``state.received_at`` with each
database's JSON operator, and the figures come from the same aggregator and document as
a corps' report (``emergenza.reports.annual``), so both count alike. Who sees what
follows the pull rule: the administrator (command line) everything; an observer the
shared events; a station its corps' events and the shared ones.

Imports no ``emergenza.store``: only the store-free parts of ``emergenza.reports``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, cast, func, or_, select
from sqlalchemy.dialects.postgresql import JSONB

from ..domain.catalogs import Catalogs
from ..domain.errors import NotFoundError
from ..domain.text import QT_TRANSLATE_NOOP as N_
from ..reports import document as d
from ..reports.annual import AnnualAggregator, AnnualData, EventFacts, document, seconds
from ..reports.localtime import local, parse_stored, year_bounds
from . import tables
from .accounts import Principal

REGION = "Regione Lombardia"
SERVER_NAME = "Server regionale di Emergenza"
AGENCY_NAMES = {"CC": "Carabinieri", "PS": "Polizia di Stato", "GDF": "Guardia di Finanza", "PREF": "Prefettura"}
NO_RISK_AREAS = ("Le aree a rischio sono censite nelle postazioni dei comandi e non sono trasmesse al server "
                 "regionale: nessuna area registrata qui. Le relazioni dei singoli comandi le riportano.")
_FINISHED = ("cleared", "cancelled")


@dataclass(frozen=True)
class Viewer:
    """Whose view the report takes: None fields = the administrator (everything)."""

    name: str
    corps_id: int | None = None
    observer: bool = False

    @classmethod
    def of(cls, who: Principal) -> Viewer:
        return cls(who.name, who.corps_id, who.read_only)


def _state_text(conn: Connection, column: Any, field: str) -> Any:
    if conn.dialect.name == "postgresql":
        return cast(column, JSONB)[field].astext
    return func.json_extract(column, f"$.{field}")


def _corps(conn: Connection) -> dict[int, str]:
    return {r.id: r.name for r in conn.execute(select(tables.corps.c.id, tables.corps.c.name))}


def _event_filter(conn: Connection, ev: Any, start: str, end: str, corps_id: int | None,
                  viewer: Viewer | None) -> Any:
    received = _state_text(conn, ev.c.state, "received_at")
    clauses = [ev.c.entity == "events", received >= start, received < end]
    if corps_id is not None:
        clauses.append(ev.c.corps_id == corps_id)
    if viewer is not None:
        if viewer.observer or viewer.corps_id is None:
            clauses.append(ev.c.sharing == "shared")
        else:
            clauses.append(or_(ev.c.sharing == "shared", ev.c.corps_id == viewer.corps_id))
    return and_(*clauses)


def _assignment_figures(conn: Connection, where_events: Any, ev: Any) -> dict[str, tuple[str | None, str | None, int]]:
    """event id -> (first on scene, last cleared, assignments still engaged)."""
    a = tables.entities.alias("a")
    query = (select(a.c.event_id, a.c.state)
             .select_from(a.join(ev, and_(ev.c.entity_id == a.c.event_id, ev.c.entity == "events")))
             .where(a.c.entity == "assignments", where_events))
    out: dict[str, list[Any]] = {}
    for row in conn.execute(query):
        state = json.loads(row.state)
        fig = out.setdefault(row.event_id, [None, None, 0])
        scene, cleared = state.get("on_scene_at"), state.get("cleared_at")
        if scene and (fig[0] is None or scene < fig[0]):
            fig[0] = scene
        if cleared and (fig[1] is None or cleared > fig[1]):
            fig[1] = cleared
        if state.get("status") not in _FINISHED:
            fig[2] += 1
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


def annual_data(engine: Engine, year: int, catalogs: Catalogs, *, corps: str | None = None,
                viewer: Viewer | None = None, include_exercises: bool = False) -> AnnualData:
    start, end = year_bounds(year)
    with engine.connect() as conn:
        names = _corps(conn)
        corps_id = None
        if corps is not None:
            corps_id = next((i for i, n in names.items() if n == corps.strip()), None)
            if corps_id is None:
                raise NotFoundError(N_("errors", "comando sconosciuto: {0}"), corps)
        ev = tables.entities.alias("ev")
        where = _event_filter(conn, ev, start, end, corps_id, viewer)
        figures = _assignment_figures(conn, where, ev)
        agg = AnnualAggregator(year, catalogs, include_exercises=include_exercises)
        for row in conn.execute(select(ev.c.entity_id, ev.c.corps_id, ev.c.state).where(where)):
            agg.add(_facts(row.entity_id, json.loads(row.state), names.get(row.corps_id), figures))
        interconnection, shared_with = _network(conn, year, corps_id, names)
        conn.rollback()
    scope = corps.strip() if corps else f"{REGION} — tutti i comandi collegati"
    if viewer is not None:
        scope += f" (interventi visibili a {viewer.name})"
    return agg.result(scope=scope, corps=corps.strip() if corps else REGION, station=SERVER_NAME,
                      source_note="Dati del server regionale: stato attuale degli interventi ricevuti dalle sale "
                                  "operative, per anno di ricezione (ora italiana).",
                      shared_with=shared_with, interconnection=interconnection, risk_areas_note=NO_RISK_AREAS)


def _facts(event_id: str, s: dict[str, Any], corps: str | None,
           figures: dict[str, tuple[str | None, str | None, int]]) -> EventFacts:
    scene, cleared, engaged = figures.get(event_id, (None, None, 0))
    received = s.get("received_at")
    when = local(received)
    return EventFacts(
        number=s.get("number") or event_id, received_at=received, month=when.month if when else 1,
        type_code=s.get("type_code") or "", priority=s.get("priority") or "", channel=s.get("channel") or "",
        municipality_istat=s.get("municipality_istat") or "", municipality_name=s.get("municipality_name"),
        status=s.get("status") or "", sharing=s.get("sharing") or "reserved", exercise=bool(s.get("exercise")),
        corps=corps or s.get("corps"), to_sent_s=seconds(s.get("first_sent_at"), received),
        to_scene_s=seconds(scene, s.get("first_sent_at")),
        on_scene_s=seconds(cleared, scene) if engaged == 0 else None,
        lat=_number(s.get("lat")), lon=_number(s.get("lon")), parent_id=s.get("parent_id"))


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _ms(text: str) -> int:
    moment = parse_stored(text)
    assert moment is not None
    return int(moment.timestamp() * 1000)


def _network(conn: Connection, year: int, corps_id: int | None, names: dict[int, str]
             ) -> tuple[list[tuple[str, Any, str]], list[str]]:
    s = tables.stations
    rows = conn.execute(select(s.c.kind, s.c.name, s.c.corps_id, s.c.agency, s.c.enrolled_at, s.c.revoked_at)).all()
    active = [r for r in rows if r.enrolled_at is not None and r.revoked_at is None]
    stations = [r for r in active if r.kind == "station"]
    observers = [r for r in active if r.kind == "observer"]
    start, end = (_ms(t) for t in year_bounds(year))
    c = tables.changes
    changes = select(func.count()).select_from(c).where(c.c.received_at >= start, c.c.received_at < end)
    if corps_id is not None:
        changes = changes.where(c.c.corps_id == corps_id)
    k = tables.conflicts
    conflicts = select(func.count()).select_from(k).where(k.c.created_at >= start, k.c.created_at < end)
    connected = sorted({names.get(r.corps_id, "") for r in stations} - {""})
    facts = [
        d.fact("Comandi collegati", len(connected), d.INT),
        d.fact("Postazioni registrate e attive", len(stations), d.INT),
        d.fact("Osservatori (forze di polizia dello Stato, Prefettura)", len(observers), d.INT),
        d.fact("Modifiche ricevute dal server nell'anno" + (" (dal comando)" if corps_id is not None else ""),
               conn.execute(changes).scalar_one(), d.INT),
        d.fact("Conflitti di modifica registrati nell'anno", conn.execute(conflicts).scalar_one(), d.INT),
    ]
    others = [n for n in connected if corps_id is None or n != names.get(corps_id)]
    shared_with = []
    if others:
        shared_with.append(f"Sale operative di {len(others)} comandi: " + ", ".join(others))
    for r in sorted(observers, key=lambda r: (r.agency or "", r.name)):
        agency = AGENCY_NAMES.get(r.agency or "", r.agency or "")
        shared_with.append(f"Osservatore: {r.name}" + (f" ({agency})" if agency else ""))
    return facts, shared_with


def annual_document(engine: Engine, year: int, catalogs: Catalogs, *, generated_by: str,
                    corps: str | None = None, viewer: Viewer | None = None,
                    include_exercises: bool = False) -> d.Document:
    data = annual_data(engine, year, catalogs, corps=corps, viewer=viewer, include_exercises=include_exercises)
    return document(data, generated_at=datetime.now(UTC), generated_by=generated_by)
