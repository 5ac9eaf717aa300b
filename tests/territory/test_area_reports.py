"""Per-area statistics for the reports: counts for a period, and the statistics report's section."""

from __future__ import annotations

from datetime import date

from emergenza.reports import areas as area_stats
from emergenza.reports import output
from emergenza.reports import statistics as stats_mod
from emergenza.reports.source import StationSource
from tests.support.factories import DUTY_OFFICER as OP
from tests.support.factories import event_data
from tests.support.report_files import pdf_text

SQUARE = [[[(9.60, 45.60), (9.70, 45.60), (9.70, 45.70), (9.60, 45.70), (9.60, 45.60)]]]
FAR = [[[(9.90, 45.90), (9.95, 45.90), (9.95, 45.95), (9.90, 45.95), (9.90, 45.90)]]]


def _at(day: str) -> str:
    return f"{day}T10:00:00.000Z"


def test_counts_per_area_for_a_date_range_and_the_stats_section(store, tmp_path):
    store.areas.add({"name": "Stazione FS", "category": "stazione", "shape": SQUARE}, operator=OP)
    store.areas.add({"name": "Zona industriale", "category": "area industriale", "shape": FAR}, operator=OP)
    for day in ("2026-03-01", "2026-03-02", "2026-04-01"):
        store.events.create(event_data(lat=45.65, lon=9.65, received_at=_at(day)), operator=OP)
    store.events.create(event_data(lat=45.65, lon=9.65, received_at=_at("2026-03-03"), exercise=1), operator=OP)
    store.events.create(event_data(received_at=_at("2026-03-03")), operator=OP)  # no coordinates: no area
    with StationSource.from_store(store) as src:
        march = area_stats.counts_between(src, date(2026, 3, 1), date(2026, 3, 31))
        assert [(r.name, r.category, r.events) for r in march] == [("Stazione FS", "stazione", 2),
                                                                   ("Zona industriale", "area industriale", 0)]
        with_ex = area_stats.counts_between(src, date(2026, 3, 1), date(2026, 3, 31), include_exercises=True)
        assert with_ex[0].events == 3
        st = stats_mod.compute(src, stats_mod.StatsQuery(date(2026, 3, 1), date(2026, 3, 31)))
        assert (st.by_area[0].name, st.by_area[0].events) == ("Stazione FS", 2)
        out = tmp_path / "stats.pdf"
        output.write(stats_mod.document(src, st), out)
    text = pdf_text(out)
    assert "Per area a rischio" in text and "Stazione FS" in text and "Zona industriale" in text


def test_no_areas_no_section(store, tmp_path):
    store.events.create(event_data(lat=45.65, lon=9.65, received_at=_at("2026-03-01")), operator=OP)
    with StationSource.from_store(store) as src:
        st = stats_mod.compute(src, stats_mod.StatsQuery(date(2026, 3, 1), date(2026, 3, 31)))
        assert st.by_area == []
        out = tmp_path / "stats.pdf"
        output.write(stats_mod.document(src, st), out)
    assert "Per area a rischio" not in pdf_text(out)
