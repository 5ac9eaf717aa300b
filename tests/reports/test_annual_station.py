"""The corps' annual report from its store, against independent SQL and zoneinfo."""

from __future__ import annotations

import math
import shutil
import statistics as pystats
from collections import Counter

import pytest

from emergenza.reports import annual_station, output
from emergenza.reports.source import StationSource
from tests.support.factories import DEMO_NOW
from tests.support.factories import DUTY_OFFICER as OP
from tests.support.report_files import csv_block, pdf_text, read_csv
from tests.support.times import local, utc

YEAR = 2026


def own_events(conn, exercises=False):
    ex = "" if exercises else " AND exercise = 0"
    rows = conn.execute(f"SELECT id, received_at, type_code, municipality_name, sharing, first_sent_at, exercise, "
                        f"municipality_istat, lat, lon FROM events WHERE received_at >= '2025-12-31' "
                        f"AND received_at < '2027-01-02'{ex}").fetchall()
    return [r for r in rows if local(r[1]).year == YEAR]


@pytest.fixture
def data(demo_source):
    return annual_station.compute(demo_source, YEAR)


def test_counts_by_type_municipality_month_and_sharing(data, demo_conn, demo_source):
    events = own_events(demo_conn)
    assert data.total == len(events) > 5000
    assert dict(data.by_type) == {demo_source.type_label(k): n for k, n in Counter(e[2] for e in events).items()}
    assert dict(data.by_municipality) == dict(Counter(e[3] for e in events))
    months = Counter(local(e[1]).month for e in events)
    assert data.by_month == [months.get(m, 0) for m in range(1, 13)]
    assert data.shared == sum(1 for e in events if e[4] == "shared") > 0
    assert data.received_from_others == []
    assert data.major_events == demo_conn.execute(
        "SELECT count(DISTINCT parent_id) FROM events WHERE parent_id IS NOT NULL AND exercise = 0").fetchone()[0]


def test_response_times(data, demo_conn):
    to_sent = [(utc(e[5]) - utc(e[1])).total_seconds() for e in own_events(demo_conn) if e[5]]
    assert data.response.to_sent.count == len(to_sent)
    assert data.response.to_sent.median_s == pytest.approx(pystats.median(to_sent), abs=0.002)
    ordered = sorted(to_sent)
    assert data.response.to_sent.p90_s == pytest.approx(ordered[math.ceil(0.9 * len(ordered)) - 1], abs=0.002)


def test_exercises_are_listed_but_not_counted(data, demo_source, demo_conn):
    exercises = [e for e in own_events(demo_conn, exercises=True) if e[6]]
    assert len(data.exercises) == len(exercises) > 0
    counted = annual_station.compute(demo_source, YEAR, include_exercises=True)
    assert counted.total == data.total + len(exercises)
    assert len(counted.exercises) == len(exercises)


def test_document_sections_follow_the_agreement(data, demo_source, tmp_path):
    from emergenza.reports.annual import document
    doc = document(data, generated_at=DEMO_NOW, generated_by=OP)
    text = " ".join(pdf_text(output.write(doc, tmp_path / "annual.pdf")).split())
    for part in ("Relazione annuale 2026", "1. Scambio informativo", "2. Interconnessione delle sale operative",
                 "3. Gestione delle emergenze", "4. Monitoraggio delle aree a rischio",
                 "Nessuna area a rischio registrata", "5. Sistemi tecnologici", "6. Analisi del territorio",
                 "Esercitazioni svolte", "Con chi sono stati condivisi", "Postazione non registrata",
                 f"Interventi dell'anno {data.total:,}".replace(",", ".")):
        assert part in text, part
    rows = read_csv(output.write(doc, tmp_path / "annual.csv"))
    months = csv_block(rows, "3. Gestione delle emergenze — Interventi per mese")
    assert [int(r[1]) for r in months[1:13]] == data.by_month
    assert months[1][0] == "gennaio" and months[13][:2] == ["Totale", str(data.total)]
    exercises = csv_block(rows, "Esercitazioni svolte")
    assert len(exercises) == 1 + len(data.exercises)


def test_risk_areas_are_used_when_registered(demo_path, demo_conn, tmp_path, catalogs):
    from emergenza.domain.geo import point_in_multipolygon
    from emergenza.store import Store
    copy = tmp_path / "copy.db"
    shutil.copy(demo_path, copy)
    lat, lon = demo_conn.execute(
        "SELECT lat, lon FROM events WHERE lat IS NOT NULL AND exercise = 0 "
        "GROUP BY municipality_istat ORDER BY count(*) DESC LIMIT 1").fetchone()
    d = 0.03  # a square of about 5 km around the busiest town's point, with a hole in the middle
    outer = [(lon - d, lat - d), (lon + d, lat - d), (lon + d, lat + d), (lon - d, lat + d), (lon - d, lat - d)]
    hole = [(lon - d / 3, lat - d / 3), (lon + d / 3, lat - d / 3), (lon + d / 3, lat + d / 3),
            (lon - d / 3, lat + d / 3), (lon - d / 3, lat - d / 3)]
    store = Store.open(copy, catalogs)
    try:
        store.areas.add({"name": "Centro storico", "category": "movida", "shape": [[outer]]}, operator="Rossi")
        store.areas.add({"name": "Anello", "category": "parco", "shape": [[outer, hole]]}, operator="Rossi")
    finally:
        store.close()
    with StationSource.open(copy, now=lambda: DEMO_NOW) as src:
        data = annual_station.compute(src, YEAR)
    events = own_events(demo_conn)

    def inside(shape):
        return sum(1 for e in events if e[8] is not None and point_in_multipolygon((e[9], e[8]), shape))
    got = {area.name: n for area, _town, n in data.risk_areas}
    assert got == {"Centro storico": inside([[outer]]), "Anello": inside([[outer, hole]])}
    assert 0 < got["Anello"] < got["Centro storico"]
