"""The corps' annual report from its own store (see ``annual`` for the figures and the
document). The store also holds shared events of other corps (received through the
regional server): they are not the corps' own work, so they are counted only in
"received from other corps".
"""

from __future__ import annotations

from typing import Any

from . import document as d
from .annual import AnnualAggregator, AnnualData, EventFacts, RiskArea, document
from .localtime import local, year_bounds
from .queries import ACTIVE_ASSIGNMENT
from .source import StationSource

NO_RISK_AREAS = ("Nessuna area a rischio registrata nell'archivio: la sezione elencherà le aree e gli "
                 "interventi in ciascuna quando il censimento del territorio sarà inserito.")


def _risk_areas(src: StationSource) -> list[RiskArea]:
    if not src.has_table("risk_areas"):
        return []
    return [RiskArea(r["name"], r["municipality_istat"], r["kind"], r["lat"], r["lon"], r["radius_m"])
            for r in src.rows("SELECT * FROM risk_areas WHERE active = 1 ORDER BY name")]


def own_events_sql(where_extra: str = "") -> str:
    """Events of one year (params: start, end, start, end, corps, corps) with their assignment figures."""
    return (
        "SELECT e.number, e.received_at, e.type_code, e.priority, e.channel, e.municipality_istat, "
        "e.municipality_name, e.status, e.sharing, e.exercise, e.corps, e.first_sent_at, x.first_scene, "
        "x.last_clear, coalesce(x.engaged, 0), e.lat, e.lon, e.parent_id "
        "FROM events e LEFT JOIN ("
        "  SELECT a.event_id, min(a.on_scene_at) AS first_scene, max(a.cleared_at) AS last_clear, "
        f"        sum({ACTIVE_ASSIGNMENT}) AS engaged "
        "  FROM assignments a JOIN events e ON e.id = a.event_id "
        "  WHERE e.received_at >= ? AND e.received_at < ? GROUP BY a.event_id"
        ") x ON x.event_id = e.id "
        "WHERE e.received_at >= ? AND e.received_at < ? AND coalesce(nullif(e.corps, ''), ?) = ?" + where_extra)


def compute(src: StationSource, year: int, *, include_exercises: bool = False) -> AnnualData:
    start, end = year_bounds(year)
    agg = AnnualAggregator(year, src.catalogs, include_exercises=include_exercises, risk_areas=_risk_areas(src))
    cur = src.conn.execute(own_events_sql(), [start, end, start, end, src.corps, src.corps])
    while True:
        batch = cur.fetchmany(5000)
        if not batch:
            break
        for row in batch:
            agg.add(EventFacts(*row[:9], bool(row[9]), *row[10:]))
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
