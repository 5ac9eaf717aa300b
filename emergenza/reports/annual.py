"""Annual summary report for the Prefecture: its figures (one definition for the corps'
store and the regional server) and its document.

Store-free: the station (``annual_station``) and the server (``emergenza.server.reports``)
each read their own database and feed the same :class:`AnnualAggregator` one
:class:`EventFacts` per event received in the year (local time), so both reports count
and time events the same way. Sections follow the actions of the regional agreement on
integrated security: information exchange, interconnection of operations rooms,
emergency management, monitoring of at-risk areas, technological systems, territorial
analysis; then the exercises held.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain.catalogs import Catalogs
from ..domain.enums import Channel
from ..domain.geo import point_in_multipolygon
from . import document as d
from .figures import ResponseTimes, share
from .localtime import MONTHS, local, parse_stored


@dataclass(frozen=True)
class EventFacts:
    """What the annual report needs of one event received in the year (local time).

    The response times (seconds, None when not reached) follow figures.py: to_sent from
    reception to the first unit sent; to_scene from then to the first unit on scene;
    on_scene from then to the last unit cleared, None while a unit is still engaged."""

    number: str
    received_at: str                 # stored UTC
    month: int                       # local month, 1-12
    type_code: str
    priority: str
    channel: str
    municipality_istat: str
    municipality_name: str | None
    status: str
    sharing: str
    exercise: bool
    corps: str | None
    to_sent_s: float | None
    to_scene_s: float | None
    on_scene_s: float | None
    lat: float | None = None
    lon: float | None = None
    parent_id: str | None = None


@dataclass(frozen=True)
class RiskArea:
    name: str
    municipality_istat: str
    kind: str
    lat: float | None = None
    lon: float | None = None
    radius_m: float | None = None
    shape: Any = None  # (lon, lat) multipolygon of a drawn or imported area (store migration 6)


@dataclass
class ExerciseLine:
    received_at: datetime
    number: str
    type_label: str
    place: str
    corps: str


@dataclass
class AnnualData:
    year: int
    scope: str                              # whose events: a corps, or the region
    corps: str                              # page header
    station: str                            # page header
    include_exercises: bool
    source_note: str
    total: int = 0
    closed: int = 0
    cancelled: int = 0
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_priority: list[tuple[str, int]] = field(default_factory=list)
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_municipality: list[tuple[str, int]] = field(default_factory=list)
    by_month: list[int] = field(default_factory=lambda: [0] * 12)
    by_corps: list[tuple[str, int]] = field(default_factory=list)
    shared: int = 0
    shared_by_type: list[tuple[str, int]] = field(default_factory=list)
    shared_by_corps: list[tuple[str, int]] = field(default_factory=list)
    shared_with: list[str] = field(default_factory=list)
    received_from_others: list[tuple[str, int]] | None = None   # station: shared events of other corps
    response: ResponseTimes = field(default_factory=lambda: ResponseTimes.of([]))
    geolocated: int = 0
    major_events: int = 0
    risk_areas: list[tuple[RiskArea, str, int]] = field(default_factory=list)  # area, municipality, events
    risk_areas_note: str = ""
    exercises: list[ExerciseLine] = field(default_factory=list)
    interconnection: list[tuple[str, Any, str]] = field(default_factory=list)


def seconds(later: str | None, earlier: str | None) -> float | None:
    """Seconds between two stored times, or None if either is missing."""
    a, b = parse_stored(later), parse_stored(earlier)
    return (a - b).total_seconds() if a and b else None


def _channel(code: str) -> str:
    try:
        return Channel(code).label
    except ValueError:
        return code


class AnnualAggregator:
    """Counts one year's events as they stream in (memory: the counters and the areas' hits)."""

    def __init__(self, year: int, catalogs: Catalogs, *, include_exercises: bool = False,
                 risk_areas: Iterable[RiskArea] = ()):
        self.year = year
        self.cat = catalogs
        self.include_exercises = include_exercises
        self.areas = list(risk_areas)
        self.area_hits = [0] * len(self.areas)
        self.c: dict[str, Counter] = {k: Counter() for k in (
            "type", "priority", "channel", "municipality", "corps", "shared_type", "shared_corps", "status")}
        self.names: dict[str, str] = {}
        self.months = [0] * 12
        self.times: list[tuple[float | None, float | None, float | None]] = []
        self.exercises: list[ExerciseLine] = []
        self.geolocated = 0
        self.parents: set[str] = set()

    def add(self, ev: EventFacts) -> None:
        """Count one event; the caller gives only events received in the year (local time)."""
        place = ev.municipality_name or self._municipality(ev.municipality_istat)
        if ev.exercise:
            self.exercises.append(ExerciseLine(local(ev.received_at), ev.number, self.cat.type_label(ev.type_code),
                                               place, ev.corps or ""))
            if not self.include_exercises:
                return
        c = self.c
        c["type"][ev.type_code] += 1
        c["priority"][ev.priority] += 1
        c["channel"][ev.channel] += 1
        c["municipality"][ev.municipality_istat] += 1
        self.names.setdefault(ev.municipality_istat, place)
        c["corps"][ev.corps or ""] += 1
        c["status"][ev.status] += 1
        self.months[ev.month - 1] += 1
        if ev.sharing == "shared":
            c["shared_type"][ev.type_code] += 1
            c["shared_corps"][ev.corps or ""] += 1
        if ev.lat is not None and ev.lon is not None:
            self.geolocated += 1
        if ev.parent_id:
            self.parents.add(ev.parent_id)
        self.times.append((ev.to_sent_s, ev.to_scene_s, ev.on_scene_s))
        for i, area in enumerate(self.areas):
            if _in_area(area, ev):
                self.area_hits[i] += 1

    def _municipality(self, istat: str) -> str:
        m = self.cat.municipalities.get(istat)
        return m.name if m else istat

    def _ranked(self, counter: Counter, label: Any) -> list[tuple[str, int]]:
        return [(label(k), n) for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))]

    def result(self, *, scope: str, corps: str, station: str, source_note: str, **extra: Any) -> AnnualData:
        c = self.c
        by_priority = sorted(c["priority"].items(), key=lambda kv: -self.cat.priority_rank(kv[0]))
        self.exercises.sort(key=lambda x: (x.received_at, x.number))
        return AnnualData(
            year=self.year, scope=scope, corps=corps, station=station, include_exercises=self.include_exercises,
            source_note=source_note, total=sum(c["type"].values()), closed=c["status"]["closed"],
            cancelled=c["status"]["cancelled"],
            by_type=self._ranked(c["type"], self.cat.type_label),
            by_priority=[(self.cat.priorities[k].label if k in self.cat.priorities else k, n) for k, n in by_priority],
            by_channel=self._ranked(c["channel"], _channel),
            by_municipality=self._ranked(c["municipality"], lambda k: self.names.get(k, k)),
            by_month=list(self.months),
            by_corps=self._ranked(c["corps"], lambda k: k or "comando non indicato"),
            shared=sum(c["shared_type"].values()),
            shared_by_type=self._ranked(c["shared_type"], self.cat.type_label),
            shared_by_corps=self._ranked(c["shared_corps"], lambda k: k or "comando non indicato"),
            response=ResponseTimes.of(self.times), geolocated=self.geolocated, major_events=len(self.parents),
            risk_areas=[(a, self._municipality(a.municipality_istat), n)
                        for a, n in zip(self.areas, self.area_hits, strict=False)],
            exercises=self.exercises, **extra)


def _in_area(area: RiskArea, ev: EventFacts) -> bool:
    """An area with a perimeter holds the events inside it; one with a centre and radius the
    events within it; one with neither, its municipality's."""
    if area.shape is not None:
        return ev.lat is not None and ev.lon is not None and point_in_multipolygon((ev.lon, ev.lat), area.shape)
    if area.lat is None or area.lon is None or not area.radius_m:
        return ev.municipality_istat == area.municipality_istat
    if ev.lat is None or ev.lon is None:
        return False
    return _metres(area.lat, area.lon, ev.lat, ev.lon) <= area.radius_m


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(h)))


# ---------------------------------------------------------------------- document
def _counts(title: str, pairs: list[tuple[str, int]], total: int, label: str, *, chart: bool = True,
            horizontal: bool = True) -> list[d.Block]:
    rows = [[k, n, share(n, total)] for k, n in pairs]
    table = d.Table([d.Column(label, width=3), d.Column("Interventi", d.INT), d.Column("Quota", d.PERCENT)],
                    rows, title=title, total=["Totale", sum(n for _k, n in pairs), 100.0 if pairs else None],
                    empty_text="Nessun intervento.")
    blocks: list[d.Block] = [table]
    if chart and pairs:
        blocks.insert(0, d.BarChart(title, [k for k, _n in pairs], [n for _k, n in pairs], horizontal=horizontal))
    return blocks


def response_table(times: ResponseTimes, title: str | None = None) -> d.Table:
    """The three response times with count, median and 90th percentile (every report)."""
    return d.Table([d.Column("Intervallo", width=3), d.Column("Interventi", d.INT), d.Column("Mediana", d.DURATION),
                    d.Column("90° percentile", d.DURATION)],
                   [[label, st.count, st.median_s, st.p90_s] for label, st in times.items()], title=title)


def document(a: AnnualData, *, generated_at: datetime, generated_by: str) -> d.Document:
    doc = d.Document("annual", f"Relazione annuale {a.year}", f"Anno {a.year} — {a.scope}", a.corps, a.station,
                     generated_at, generated_by)
    summary = d.Section("Sintesi", [d.Facts([
        d.fact("Interventi dell'anno", a.total, d.INT), d.fact("Chiusi", a.closed, d.INT),
        d.fact("Annullati", a.cancelled, d.INT),
        d.fact("Condivisi con la rete regionale", a.shared, d.INT),
        d.fact("Eventi maggiori (con interventi collegati)", a.major_events, d.INT),
        d.fact("Esercitazioni svolte", len(a.exercises), d.INT),
        d.fact("Esercitazioni nei conteggi", "incluse" if a.include_exercises else "escluse"),
    ]), d.Text(a.source_note, "note")])
    if not a.total:
        summary.blocks.insert(0, d.Text(f"Nessun intervento registrato nel {a.year}.", "notice"))
    exchange: list[d.Block] = [d.Facts([d.fact("Interventi condivisi", a.shared, d.INT),
                                        d.fact("Quota sul totale", share(a.shared, a.total), d.PERCENT)])]
    exchange += _counts("Interventi condivisi per tipologia", a.shared_by_type, a.shared, "Tipologia", chart=False)
    if len(a.shared_by_corps) > 1 or a.received_from_others is None:
        exchange += _counts("Interventi condivisi per comando", a.shared_by_corps, a.shared, "Comando", chart=False)
    exchange.append(d.Table([d.Column("Destinatari")], [[w] for w in a.shared_with],
                            title="Con chi sono stati condivisi", empty_text="Nessun destinatario registrato."))
    if a.received_from_others is not None:
        exchange.append(d.Table(
            [d.Column("Comando", width=3), d.Column("Interventi", d.INT)], [list(p) for p in a.received_from_others],
            title="Interventi condivisi ricevuti da altri comandi",
            empty_text="Nessun intervento ricevuto da altri comandi."))
    months = [(MONTHS[i], n) for i, n in enumerate(a.by_month)]
    management = (_counts("Interventi per tipologia", a.by_type, a.total, "Tipologia")
                  + _counts("Interventi per codice di priorità", a.by_priority, a.total, "Codice", chart=False)
                  + _counts("Interventi per mese", months, a.total, "Mese", horizontal=False)
                  + [response_table(a.response, "Tempi di risposta")])
    if a.risk_areas:
        risk: list[d.Block] = [d.Table(
            [d.Column("Area", width=2.5), d.Column("Comune", width=1.5), d.Column("Tipo"), d.Column("Criterio"),
             d.Column("Interventi", d.INT)],
            [[area.name, town, area.kind,
              "nel perimetro" if area.shape is not None else
              f"entro {int(area.radius_m)} m" if area.radius_m and area.lat is not None else "nel comune", n]
             for area, town, n in a.risk_areas], title="Aree a rischio e interventi dell'anno")]
    else:
        risk = [d.Text(a.risk_areas_note or "Nessuna area a rischio registrata.", "notice")]
    technology = [*_counts("Interventi per canale di ricezione", a.by_channel, a.total, "Canale"),
                  d.Facts([d.fact("Interventi georeferenziati", a.geolocated, d.INT),
                           d.fact("Quota georeferenziata", share(a.geolocated, a.total), d.PERCENT)])]
    territory = _counts("Interventi per comune", a.by_municipality, a.total, "Comune")
    if len(a.by_corps) > 1:
        territory += _counts("Interventi per comando", a.by_corps, a.total, "Comando", chart=False)
    exercises = d.Table([d.Column("Data", d.DATETIME), d.Column("Numero", width=1.4), d.Column("Tipologia", width=2.5),
                         d.Column("Luogo", width=1.5), d.Column("Comando", width=1.5)],
                        [[x.received_at, x.number, x.type_label, x.place, x.corps] for x in a.exercises],
                        empty_text="Nessuna esercitazione nell'anno.")
    doc.sections += [
        summary,
        d.Section("1. Scambio informativo", exchange),
        d.Section("2. Interconnessione delle sale operative", [d.Facts(a.interconnection)]),
        d.Section("3. Gestione delle emergenze", management),
        d.Section("4. Monitoraggio delle aree a rischio", risk),
        d.Section("5. Sistemi tecnologici", technology),
        d.Section("6. Analisi del territorio", territory),
        d.Section("Esercitazioni svolte", [exercises]),
    ]
    return doc
