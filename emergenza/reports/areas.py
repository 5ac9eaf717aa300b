"""Per-area statistics: how many events each at-risk area held in a period (same scope
rules as the other reports: local days, exercises out unless asked, the type filter with
its sub-types), for the statistics report and anything else that reports on areas.

Membership is the store's ``event_areas`` (computed when an event is placed), so the
count is one grouped join over the period's events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain.areas import AreaCategory
from . import document as d
from . import projection
from .localtime import days_bounds
from .queries import EventScope
from .source import StationSource


@dataclass(frozen=True)
class AreaCount:
    area_id: str
    name: str
    category: str      # its Italian label
    events: int
    active: bool


def category_label(code: str) -> str:
    try:
        return AreaCategory(code).label
    except ValueError:
        return code


def counts(src: StationSource, scope: EventScope) -> list[AreaCount]:
    """Every area (active ones even with no event; inactive ones only with events), most events first."""
    if not src.has_table("event_areas"):
        return []  # a store older than the territory migration (a report on a copy)
    where, params = scope.where()
    held: dict[str, int] = {}
    if src.scalar("SELECT EXISTS (SELECT 1 FROM event_areas)"):  # else the period's events need no reading
        # The statistics projection (schema v14) when it can filter and holds every event: short rows in received_at
        # order, where each event's own row is a look-up.
        narrow = scope.sharing is None and scope.corps is None and projection.available(src)
        events, event_id = ("stats_events e", "e.event_id") if narrow else ("events e", "e.id")
        held = dict(src.conn.execute(
            f"SELECT ea.area_id, count(*) FROM {events} JOIN event_areas ea ON ea.event_id = {event_id} "
            f"WHERE {where} GROUP BY ea.area_id", params).fetchall())
    out = []
    for area_id, name, category, active in src.conn.execute(
            "SELECT id, name, category, active FROM risk_areas ORDER BY name COLLATE NOCASE"):
        n = held.get(area_id, 0)
        if n or active:
            out.append(AreaCount(area_id, name, category_label(category), n, bool(active)))
    return sorted(out, key=lambda c: (-c.events, c.name.casefold()))


def counts_between(src: StationSource, date_from: date, date_to: date, *,
                   include_exercises: bool = False) -> list[AreaCount]:
    """Counts per area for local days ``date_from``…``date_to`` (inclusive)."""
    start, end = days_bounds(date_from, date_to)
    return counts(src, EventScope(start, end, include_exercises))


def section(rows: list[AreaCount]) -> d.Section:
    """The report's section: a bar chart and the table (area, category, events)."""
    shown = [r for r in rows if r.events]
    return d.Section("Per area a rischio", [
        d.BarChart("Interventi per area a rischio", [r.name for r in shown], [r.events for r in shown],
                   horizontal=True),
        d.Table([d.Column("Area", width=3), d.Column("Categoria", width=2), d.Column("Interventi", d.INT)],
                [[r.name, r.category, r.events] for r in rows], empty_text="Nessuna area a rischio registrata."),
        d.Text("Un intervento è contato in ogni area che contiene le sue coordinate; gli interventi senza "
               "coordinate non sono in alcuna area.", "note")])
