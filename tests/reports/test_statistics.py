"""Statistics on a generated store, checked against independent SQL and zoneinfo."""

from __future__ import annotations

import math
import statistics as pystats
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest

from emergenza.reports import output
from emergenza.reports import statistics as stats_mod
from emergenza.reports.localtime import stored
from tests.support.report_files import csv_block, it_number, pdf_text, read_csv
from tests.support.times import ROME, local, utc

FIRST, LAST = date(2026, 3, 1), date(2026, 4, 15)   # across the spring DST change


def bounds(first: date, last: date) -> tuple[str, str]:
    lo = datetime.combine(first, time(0), tzinfo=ROME)
    hi = datetime.combine(last + timedelta(days=1), time(0), tzinfo=ROME)
    return stored(lo), stored(hi)


def expected_events(conn, first=FIRST, last=LAST, exercises=False, extra="", params=()):
    lo, hi = bounds(first, last)
    ex = "" if exercises else " AND exercise = 0"
    return conn.execute(f"SELECT id, received_at, type_code, priority, municipality_istat, channel, status, "
                        f"first_sent_at FROM events WHERE received_at >= ? AND received_at < ?{ex}{extra}",
                        [lo, hi, *params]).fetchall()


def nearest_rank(values, pct):
    ordered = sorted(values)
    return ordered[math.ceil(pct / 100 * len(ordered)) - 1] if ordered else None


def seconds(a, b):
    return (utc(a) - utc(b)).total_seconds()


def expected_response(conn, events):
    to_sent, to_scene, on_scene = [], [], []
    for eid, received, *_rest, first_sent in events:
        rows = conn.execute("SELECT on_scene_at, cleared_at, status FROM assignments WHERE event_id = ?",
                            [eid]).fetchall()
        scenes = [r[0] for r in rows if r[0]]
        clears = [r[1] for r in rows if r[1]]
        engaged = any(r[2] not in ("cleared", "cancelled") for r in rows)
        if first_sent:
            to_sent.append(seconds(first_sent, received))
            if scenes:
                to_scene.append(seconds(min(scenes), first_sent))
        if scenes and clears and not engaged:
            on_scene.append(seconds(max(clears), min(scenes)))
    return [[v for v in values if v >= 0] for values in (to_sent, to_scene, on_scene)]


@pytest.fixture
def computed(demo_source):
    return stats_mod.compute(demo_source, stats_mod.StatsQuery(FIRST, LAST))


def test_counts_match_independent_sql(computed, demo_conn, demo_source):
    events = expected_events(demo_conn)
    assert computed.total == len(events) > 3000
    assert dict(computed.by_type) == {demo_source.type_label(k): n for k, n in Counter(e[2] for e in events).items()}
    assert dict(computed.by_priority) == {demo_source.priority_label(k): n
                                          for k, n in Counter(e[3] for e in events).items()}
    assert [label for label, _n in computed.by_priority] == ["rosso", "giallo", "verde", "bianco"]
    towns = {r[0]: r[1] for r in demo_conn.execute("SELECT DISTINCT municipality_istat, municipality_name FROM events")}
    assert dict(computed.by_municipality) == {towns[k]: n for k, n in Counter(e[4] for e in events).items()}
    assert sum(n for _k, n in computed.by_channel) == len(events)
    by_status = Counter(e[6] for e in events)
    assert (computed.closed, computed.cancelled) == (by_status["closed"], by_status["cancelled"])
    assert [n for _k, n in computed.by_type] == sorted((n for _k, n in computed.by_type), reverse=True)


def test_hour_and_weekday_buckets_are_local_time_across_dst(computed, demo_conn):
    events = expected_events(demo_conn)
    hours = Counter(local(e[1]).hour for e in events)
    weekdays = Counter(local(e[1]).weekday() for e in events)
    assert computed.by_hour == [hours.get(h, 0) for h in range(24)]
    assert computed.by_weekday == [weekdays.get(i, 0) for i in range(7)]
    # Both offsets occur in the period, so a fixed-offset bucketing would differ somewhere.
    utc_plus_1 = Counter((datetime.fromisoformat(e[1].replace("Z", "+00:00")).hour + 1) % 24 for e in events)
    assert computed.by_hour != [utc_plus_1.get(h, 0) for h in range(24)]


def test_response_time_medians_and_percentiles(computed, demo_conn):
    expected = expected_response(demo_conn, expected_events(demo_conn))
    for got, values in zip((computed.response.to_sent, computed.response.to_scene, computed.response.on_scene),
                           expected, strict=False):
        assert got.count == len(values) > 100
        assert got.median_s == pytest.approx(pystats.median(values), abs=0.002)
        assert got.p90_s == pytest.approx(nearest_rank(values, 90), abs=0.002)


def test_filters_and_exercises(demo_source, demo_conn):
    with_ex = stats_mod.compute(demo_source, stats_mod.StatsQuery(FIRST, LAST, include_exercises=True))
    lo, hi = bounds(FIRST, LAST)
    exercises = demo_conn.execute("SELECT count(*) FROM events WHERE exercise = 1 AND received_at >= ? "
                                  "AND received_at < ?", [lo, hi]).fetchone()[0]
    assert exercises > 0
    assert with_ex.total == len(expected_events(demo_conn)) + exercises
    only = stats_mod.compute(demo_source, stats_mod.StatsQuery(FIRST, LAST, type_code="INC", priority="red"))
    expected = expected_events(demo_conn, extra=" AND (type_code = 'INC' OR type_code LIKE 'INC.%') "
                                                "AND priority = 'red'")
    assert only.total == len(expected) > 0
    assert all(label.startswith("Incidente stradale") for label, _n in only.by_type)


def test_unit_utilisation(computed, demo_conn):
    lo, hi = bounds(FIRST, LAST)
    rows = demo_conn.execute(
        "SELECT r.call_sign, a.sent_at, a.requested_at, a.cleared_at FROM assignments a "
        "JOIN events e ON e.id = a.event_id JOIN resources r ON r.id = a.resource_id "
        "WHERE e.received_at >= ? AND e.received_at < ? AND e.exercise = 0", [lo, hi]).fetchall()
    now = utc("2026-04-20T10:00:00.000Z")
    end = min(utc(hi), now)
    busy: Counter = Counter()
    counts: Counter = Counter()
    for call_sign, sent, requested, cleared in rows:
        a = max(utc(sent or requested), utc(lo))
        b = min(utc(cleared) if cleared else now, end)
        busy[call_sign] += max(0.0, (b - a).total_seconds())
        counts[call_sign] += 1
    got = {u.call_sign: u for u in computed.units}
    period = (end - utc(lo)).total_seconds()
    assert period == 46 * 86400 - 3600  # the spring change makes the period an hour short
    for call_sign, n in counts.items():
        assert got[call_sign].assignments == n
        assert got[call_sign].busy_s == pytest.approx(busy[call_sign], abs=0.01 * n)
        assert got[call_sign].utilisation_pct == pytest.approx(100 * busy[call_sign] / period, abs=0.01)


def test_pdf_and_csv_hold_the_same_figures(computed, demo_source, tmp_path):
    doc = stats_mod.document(demo_source, computed, generated_by="Giulia Verdi")
    pdf, csv_path = output.write(doc, tmp_path / "stats.pdf"), output.write(doc, tmp_path / "stats.csv")
    text = pdf_text(pdf)
    for heading in ("Statistiche degli interventi", "Per tipologia", "Per ora del giorno (ora locale)",
                    "Per giorno della settimana", "Tempi di risposta", "Impiego delle unità",
                    "dal 01/03/2026 al 15/04/2026", "Generato il", "Giulia Verdi", "Pagina 1 di "):
        assert heading in text, heading
    assert f"{computed.total:,}".replace(",", ".") in text
    rows = read_csv(csv_path)
    assert rows[0] == ["Rapporto", "Statistiche degli interventi"]
    assert ["Generato da", "Giulia Verdi"] in rows[:8]
    hours = csv_block(rows, "Per ora del giorno (ora locale)")
    assert hours[0] == ["Ora", "Interventi", "Quota (%)"]
    assert [int(r[1]) for r in hours[1:25]] == computed.by_hour
    assert hours[25][0] == "Totale" and int(hours[25][1]) == computed.total
    response = csv_block(rows, "Tempi di risposta")
    assert response[0] == ["Intervallo", "Interventi", "Mediana (min)", "90° percentile (min)"]
    assert it_number(response[1][2]) == pytest.approx(computed.response.to_sent.median_s / 60, abs=0.006)
    assert it_number(response[1][3]) == pytest.approx(computed.response.to_sent.p90_s / 60, abs=0.006)
    for r in rows:
        for cell in r:  # never a decimal point where Excel (it) wants a comma
            assert not (cell.replace(".", "", 1).isdigit() and "." in cell), cell


def test_an_empty_period_is_a_valid_report_that_says_so(demo_source, tmp_path):
    doc = stats_mod.build(demo_source, stats_mod.StatsQuery(date(2019, 1, 1), date(2019, 1, 31)))
    text = pdf_text(output.write(doc, tmp_path / "empty.pdf"))
    assert "Nessun intervento nel periodo con i filtri indicati." in text
    rows = read_csv(output.write(doc, tmp_path / "empty.csv"))
    assert ["Riepilogo", "Nessun intervento nel periodo con i filtri indicati."] in rows
