"""Shift-end report, and local-time buckets on the two DST nights, on a store written
through its normal path."""

from __future__ import annotations

from datetime import date

import pytest

from emergenza.reports import output, shift
from emergenza.reports import statistics as stats_mod
from emergenza.reports.source import StationSource
from tests.support.factories import DUTY_OFFICER as OP
from tests.support.report_files import csv_block, pdf_text, read_csv

from .scenario import CLOSE_NOTE, autumn_night, night_shift


@pytest.fixture
def night(station, clock):
    return night_shift(station, clock)


@pytest.fixture
def src(station, clock):
    return StationSource.from_store(station, now=clock)


def test_shift_figures(night, station, src):
    s = shift.compute(src, night.shift_id)
    assert [e.number for e in s.opened] == [night.a["number"], night.b["number"]]  # not the exercise
    assert [e.number for e in s.closed] == [night.a["number"]]
    assert [e.number for e in s.open_at_end] == [night.b["number"]]
    assert [(a.call_sign, a.event_number) for a in s.assignments] == [("Alfa 1", night.a["number"]),
                                                                     ("Alfa 2", night.b["number"])]
    assert s.close_note == CLOSE_NOTE and s.pending_at_close > 0
    outbox = dict(station.db.execute("SELECT entity, count(*) FROM outbox GROUP BY entity").fetchall())
    assert s.outbox == outbox and sum(outbox.values()) > 0
    assert s.crews == []
    assert s.response.to_sent.count == 2 and s.response.to_sent.median_s == pytest.approx((3 * 60 + 6 * 60) / 2)
    assert s.response.to_scene.count == 1 and s.response.to_scene.median_s == pytest.approx(12 * 60)
    assert s.response.on_scene.count == 1 and s.response.on_scene.median_s == pytest.approx(25 * 60)
    with_ex = shift.compute(src, night.shift_id, include_exercises=True)
    assert [e.number for e in with_ex.opened] == [night.a["number"], night.b["number"], night.c["number"]]


def test_without_an_id_the_last_shift(night, src):
    assert shift.compute(src).shift_id == night.shift_id


def test_shift_document(night, src, tmp_path):
    doc = shift.build(src, night.shift_id, generated_by=OP)
    text = " ".join(pdf_text(output.write(doc, tmp_path / "shift.pdf")).split())
    for part in ("Rapporto di fine turno", "Interventi", "Ancora aperti a fine turno", "Unità e assegnazioni",
                 "Equipaggi", "Nessun equipaggio registrato nel turno", "Tempi di risposta", "Note del responsabile",
                 CLOSE_NOTE, "Invio al server regionale", "Conflitti da esaminare",
                 f"Turno di {OP} dal 28/03/2026 19:50 al 29/03/2026 06:00", night.b["number"]):
        assert part in text, part
    rows = read_csv(output.write(doc, tmp_path / "shift.csv"))
    still_open = csv_block(rows, "Interventi — Ancora aperti a fine turno")
    assert [r[0] for r in still_open[1:]] == [night.b["number"]]
    assert still_open[1][1] == "29/03/2026 01:30:00"


def test_spring_night_has_no_2_oclock(night, src):
    st = stats_mod.compute(src, stats_mod.StatsQuery(date(2026, 3, 29), date(2026, 3, 29), include_exercises=True))
    assert st.total == 3
    assert [h for h, n in enumerate(st.by_hour) if n] == [1, 3, 7]
    assert st.by_weekday[6] == 3  # Sunday


def test_autumn_day_has_25_hours_and_two_half_past_two(station, clock):
    clock.at("2026-10-26 09:00")
    events = autumn_night(station, clock)
    src = StationSource.from_store(station, now=clock)
    st = stats_mod.compute(src, stats_mod.StatsQuery(date(2026, 10, 25), date(2026, 10, 25)))
    assert st.total == 3
    assert st.by_hour[2] == 2 and st.by_hour[23] == 1 and sum(st.by_hour) == 3
    assert [e["number"] for e in events] == sorted(e["number"] for e in events)
