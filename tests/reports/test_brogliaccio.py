"""Brogliaccio of a day, a shift and a unit, over a store written through its normal path."""

from __future__ import annotations

from datetime import date

import pytest

from emergenza.domain.errors import UserError
from emergenza.reports import brogliaccio, output
from emergenza.reports.source import StationSource
from tests.support.factories import DUTY_OFFICER as OP
from tests.support.report_files import csv_block, pdf_text, read_csv
from tests.support.times import local

from .scenario import STRIKE_REASON, night_shift

LOG = "Registro cronologico"


@pytest.fixture
def night(station, clock):
    return night_shift(station, clock)


@pytest.fixture
def src(station, clock):
    return StationSource.from_store(station, now=clock)


def expected_lines(station, keep, exercises=False):
    """(local time HH:MM:SS, number, text) of every event and journal line ``keep`` accepts."""
    ex = "" if exercises else " WHERE e.exercise = 0"
    events = [(r[0], r[1], "") for r in station.db.execute(f"SELECT e.received_at, e.number FROM events e{ex}")]
    journal = [(r[0], r[1], r[2]) for r in station.db.execute(
        f"SELECT j.at, e.number, j.text FROM journal j JOIN events e ON e.id = j.event_id{ex}")]
    return sorted((local(at).strftime("%H:%M:%S"), number, text) for at, number, text in events + journal
                  if keep(at))


def log_lines(rows):
    table = csv_block(rows, LOG)
    header, body = table[0], table[1:]
    assert header == ["Ora", "Intervento", "Voce", "Autore", "Testo", "Motivo barratura", "Barrata da", "Barrata il"]
    return sorted((r[0][-8:], r[1], "" if r[2] == "Intervento" else r[4]) for r in body), body


def test_day_holds_every_event_and_journal_line_of_the_local_day(night, station, src, tmp_path):
    day = date(2026, 3, 29)
    doc = brogliaccio.build(src, brogliaccio.BrogliaccioQuery(day=day), generated_by=OP)
    rows = read_csv(output.write(doc, tmp_path / "day.csv"))
    got, body = log_lines(rows)
    expected = expected_lines(station, lambda at: local(at).date() == day)
    assert got == expected and len(expected) >= 4
    assert [r[0] for r in body] == sorted(r[0] for r in body)  # time order
    numbers = {r[1] for r in body}
    assert night.b["number"] in numbers and night.d["number"] in numbers
    assert night.c["number"] not in numbers  # exercise left out
    assert night.a["number"] not in numbers  # 28/03
    text = pdf_text(output.write(doc, tmp_path / "day.pdf"))
    assert "Brogliaccio del giorno" in text and "domenica 29/03/2026" in text and "escluse" in text


def test_exercises_only_when_asked(night, station, src, tmp_path):
    doc = brogliaccio.build(src, brogliaccio.BrogliaccioQuery(day=date(2026, 3, 29), include_exercises=True))
    rows = read_csv(output.write(doc, tmp_path / "ex.csv"))
    got, body = log_lines(rows)
    assert got == expected_lines(station, lambda at: local(at).date() == date(2026, 3, 29), exercises=True)
    exercise = [r for r in body if r[1] == night.c["number"] and r[2] == "Intervento"]
    assert len(exercise) == 1 and exercise[0][4].startswith("[ESERCITAZIONE]")
    assert exercise[0][0] == "29/03/2026 03:30:00"  # local time, after the change


def test_struck_line_is_struck_with_its_reason(night, station, src, tmp_path):
    doc = brogliaccio.build(src, brogliaccio.BrogliaccioQuery(day=date(2026, 3, 28)))
    rows = read_csv(output.write(doc, tmp_path / "a.csv"))
    _got, body = log_lines(rows)
    struck = [r for r in body if r[5]]
    assert len(struck) == 1
    assert struck[0][4] == "Richiamato il segnalante: nessuna risposta."
    assert struck[0][5:] == [STRIKE_REASON, OP, "28/03/2026 22:20:00"]
    assert ["di cui barrate", "1"] in csv_block(rows, "Riepilogo")
    text = " ".join(pdf_text(output.write(doc, tmp_path / "a.pdf")).split())
    assert f"Barrata da {OP} il 28/03/2026 22:20: {STRIKE_REASON}" in text


def test_shift_covers_its_own_hours(night, station, src, tmp_path):
    shift = station.db.execute("SELECT started_at, ended_at FROM shifts").fetchone()
    doc = brogliaccio.build(src, brogliaccio.BrogliaccioQuery(shift_id=night.shift_id[:10]))
    rows = read_csv(output.write(doc, tmp_path / "shift.csv"))
    got, _body = log_lines(rows)
    assert got == expected_lines(station, lambda at: shift[0] <= at < shift[1])
    assert doc.period == f"Turno di {OP} dal 28/03/2026 19:50 al 29/03/2026 06:00"


def test_unit_over_a_day(night, station, src, tmp_path):
    doc = brogliaccio.build(src, brogliaccio.BrogliaccioQuery(day=date(2026, 3, 28), unit="ALFA 1"))
    assert doc.title == "Brogliaccio dell'unità Alfa 1"
    rows = read_csv(output.write(doc, tmp_path / "unit.csv"))
    _got, body = log_lines(rows)
    assert {r[1] for r in body} == {night.a["number"]}
    texts = [r[4] for r in body]
    assert "Unità Alfa 1: inviata." in texts and "Unità Alfa 1: sul posto." in texts
    other = brogliaccio.build(src, brogliaccio.BrogliaccioQuery(day=date(2026, 3, 29), unit="Alfa 1"))
    assert other.tables()[0].rows == []


def test_an_empty_day_is_a_valid_report_that_says_so(night, src, tmp_path):
    doc = brogliaccio.build(src, brogliaccio.BrogliaccioQuery(day=date(2026, 1, 7)))
    text = pdf_text(output.write(doc, tmp_path / "empty.pdf"))
    assert "Nessun intervento né annotazione nel periodo." in text and "Pagina 1 di 1" in text


def test_bad_queries_are_refused_in_italian(night, src):
    with pytest.raises(UserError, match="Unità non trovata: Zulu 9"):
        brogliaccio.build(src, brogliaccio.BrogliaccioQuery(day=date(2026, 3, 28), unit="Zulu 9"))
    with pytest.raises(UserError, match="Turno non trovato"):
        brogliaccio.build(src, brogliaccio.BrogliaccioQuery(shift_id="nessuno"))
    with pytest.raises(UserError, match="Indicare un turno oppure un giorno"):
        brogliaccio.build(src, brogliaccio.BrogliaccioQuery())
