"""The corps' annual report from its own store (see ``annual`` for the figures and the
document). The store also holds shared events of other corps (received through the
regional server): they are not the corps' own work, so they are counted only in
"received from other corps".
"""

from __future__ import annotations

from typing import Any

from ..domain.areas import decode_shape
from . import document as d
from .annual import AnnualAggregator, AnnualData, EventFacts, RiskArea, document
from .areas import category_label
from .localtime import local, local_modifier, year_bounds
from .queries import ACTIVE_ASSIGNMENT, seconds_between
from .source import StationSource

NO_RISK_AREAS = ("Nessuna area a rischio registrata nell'archivio: la sezione elencherà le aree e gli "
                 "interventi in ciascuna quando il censimento del territorio sarà inserito.")


def _risk_areas(src: StationSource) -> list[RiskArea]:
    """The active at-risk areas of the registry (store/areas.py), by their perimeter."""
    if not src.has_table("event_areas"):  # a store older than the areas registry (schema v10)
        return []
    return [RiskArea(r["name"], "", category_label(r["category"]), shape=decode_shape(r["shape"]))
            for r in src.rows("SELECT name, category, shape FROM risk_areas WHERE active = 1 ORDER BY name")]


def own_events_sql(modifier: str) -> str:
    """The corps' events of a period with their response times; params: the modifier's,
    then start, end, corps, corps.

    The assignment figures come from ONE correlated subquery per event, packed as
    "to_scene|on_scene" (index assignments_event): measured faster than a join with
    GROUP BY (a sort of the whole year) or one subquery per figure."""
    on_scene = seconds_between("max(a.cleared_at)", "min(a.on_scene_at)")
    return (
        f"SELECT e.number, e.received_at, CAST(strftime('%m', e.received_at, {modifier}) AS INTEGER), "
        "e.type_code, e.priority, e.channel, e.municipality_istat, e.municipality_name, e.status, e.sharing, "
        "e.exercise, e.corps, "
        f"{seconds_between('e.first_sent_at', 'e.received_at')}, "
        f"(SELECT coalesce({seconds_between('min(a.on_scene_at)', 'e.first_sent_at')}, '') || '|' || "
        f"        CASE WHEN sum({ACTIVE_ASSIGNMENT}) = 0 THEN coalesce({on_scene}, '') ELSE '' END "
        "  FROM assignments a WHERE a.event_id = e.id), "
        "e.lat, e.lon, e.parent_id "
        "FROM events e WHERE e.received_at >= ? AND e.received_at < ? AND coalesce(nullif(e.corps, ''), ?) = ?")


def _split(packed: str | None) -> tuple[float | None, float | None]:
    to_scene, _bar, on_scene = (packed or "|").partition("|")
    return (float(to_scene) if to_scene else None, float(on_scene) if on_scene else None)


def compute(src: StationSource, year: int, *, include_exercises: bool = False) -> AnnualData:
    start, end = year_bounds(year)
    agg = AnnualAggregator(year, src.catalogs, include_exercises=include_exercises, risk_areas=_risk_areas(src))
    modifier, mod_params = local_modifier("e.received_at", start, end)
    cur = src.conn.execute(own_events_sql(modifier), [*mod_params, start, end, src.corps, src.corps])
    while True:
        batch = cur.fetchmany(5000)
        if not batch:
            break
        for row in batch:
            agg.add(EventFacts(*row[:10], bool(row[10]), row[11], row[12], *_split(row[13]), *row[14:]))
    no_ex = "" if include_exercises else " AND e.exercise = 0"
    others = [(corps, n) for corps, n in src.conn.execute(
        "SELECT e.corps, count(*) AS n FROM events e WHERE e.received_at >= ? AND e.received_at < ? "
        f"AND coalesce(nullif(e.corps, ''), ?) <> ?{no_ex} GROUP BY e.corps ORDER BY n DESC, e.corps",
        [start, end, src.corps, src.corps])]
    return agg.result(scope=src.corps, corps=src.corps, station=src.station,
                      source_note="Dati dell'archivio della postazione: interventi del comando ricevuti "
                                  "nell'anno (ora italiana).",
                      shared_with=_shared_with(src, others), received_from_others=others,
                      interconnection=_interconnection(src, sum(n for _c, n in others)),
                      risk_areas_note=NO_RISK_AREAS)


def _enrolled(src: StationSource) -> bool:
    return bool(src.meta("server_url") and src.meta("station_id") and src.meta("token"))


def _shared_with(src: StationSource, others: list[tuple[str, int]]) -> list[str]:
    if not _enrolled(src):
        return ["Postazione non registrata sul server regionale: gli interventi condivisi non sono ancora "
                "stati trasmessi."]
    out = ["Sale operative degli altri comandi collegati al server regionale",
           "Forze di polizia dello Stato e Prefettura (accessi di sola consultazione al server regionale)"]
    if others:
        out.append("Comandi da cui sono stati ricevuti interventi: " + ", ".join(c for c, _n in others))
    return out


def _interconnection(src: StationSource, received: int) -> list[tuple[str, Any, str]]:
    last = local(src.meta("last_sync_at"))
    return [
        d.fact("Registrata sul server regionale", "sì" if _enrolled(src) else "no"),
        d.fact("Server regionale", src.meta("server_url") or "—"),
        d.fact("Ultima sincronizzazione", last if last else "mai", d.DATETIME if last else d.TEXT),
        d.fact("Modifiche in attesa di invio", src.scalar("SELECT count(*) FROM outbox"), d.INT),
        d.fact("Conflitti da esaminare", src.scalar("SELECT count(*) FROM conflicts WHERE resolved_at IS NULL"),
               d.INT),
        d.fact("Interventi ricevuti da altri comandi nell'anno", received, d.INT),
    ]


def build(src: StationSource, year: int, *, include_exercises: bool = False,
          generated_by: str | None = None) -> d.Document:
    data = compute(src, year, include_exercises=include_exercises)
    return document(data, generated_at=src.now(), generated_by=generated_by or src.default_author())
