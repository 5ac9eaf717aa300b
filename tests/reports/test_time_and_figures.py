"""Local time (DST included), medians and percentiles, Italian formats."""

from __future__ import annotations

import math
import sqlite3
import statistics
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emergenza.reports import document as d
from emergenza.reports.figures import DurationStats, median, percentile
from emergenza.reports.formats import csv_text, duration_text, pdf_text
from emergenza.reports.localtime import days_bounds, local_modifier, offset_changes, stored
from tests.support.times import ROME


def test_local_days_are_23_and_25_hours_long_on_dst_changes():
    def hours(day):
        start, end = days_bounds(day, day)
        return (datetime.fromisoformat(end.replace("Z", "+00:00"))
                - datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds() / 3600
    assert hours(date(2026, 3, 29)) == 23
    assert hours(date(2026, 10, 25)) == 25
    assert hours(date(2026, 7, 1)) == 24
    assert days_bounds(date(2026, 7, 1), date(2026, 7, 1)) == ("2026-06-30T22:00:00.000Z", "2026-07-01T22:00:00.000Z")


def test_offset_changes_are_found_to_the_second():
    changes = offset_changes(datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    assert [(stored(t), off) for t, off in changes[1:]] == [
        ("2026-03-29T01:00:00.000Z", 7200), ("2026-10-25T01:00:00.000Z", 3600)]
    assert changes[0][1] == 3600


def test_sql_local_hours_match_zoneinfo_every_10_minutes_across_both_dst_changes():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (at TEXT)")
    moments = []
    for start in (datetime(2026, 3, 28, 20, tzinfo=UTC), datetime(2026, 10, 24, 20, tzinfo=UTC)):
        moments += [start + timedelta(minutes=10 * i) for i in range(6 * 14)]
    conn.executemany("INSERT INTO t VALUES (?)", [(stored(m),) for m in moments])
    lo, hi = stored(moments[0]), stored(moments[-1])
    modifier, params = local_modifier("at", lo, hi)
    got = conn.execute(f"SELECT at, strftime('%Y-%m-%d %H:%M', at, {modifier}) FROM t ORDER BY at", params).fetchall()
    expected = [(stored(m), m.astimezone(ROME).strftime("%Y-%m-%d %H:%M")) for m in moments]
    assert got == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=60))
def test_median_and_nearest_rank_percentile(values):
    assert median(values) == pytest.approx(statistics.median(values))
    p90 = percentile(values, 90)
    ordered = sorted(values)
    assert p90 in values
    at_or_below = sum(1 for v in ordered if v <= p90)
    assert at_or_below >= math.ceil(0.9 * len(values))
    assert sum(1 for v in ordered if v < p90) < math.ceil(0.9 * len(values))


def test_durations_leave_out_missing_and_negative_intervals():
    s = DurationStats.of([None, -5.0, 10.0, 20.0, 30.0, 40.0])
    assert (s.count, s.median_s, s.p90_s) == (4, 25.0, 40.0)
    empty = DurationStats.of([None])
    assert (empty.count, empty.median_s, empty.p90_s) == (0, None, None)


def test_italian_formats_for_paper_and_for_excel():
    moment = datetime(2026, 3, 29, 1, 30, 5, tzinfo=UTC)  # 03:30:05 local, after the change
    assert pdf_text(1234567, d.INT) == "1.234.567"
    assert pdf_text(12.5, d.PERCENT) == "12,5 %"
    assert pdf_text(moment, d.DATETIME) == "29/03/2026 03:30"
    assert csv_text(moment, d.DATETIME) == "29/03/2026 03:30:05"
    assert csv_text(moment, d.DATE) == "29/03/2026"
    assert csv_text(1234567, d.INT) == "1234567"
    assert csv_text(90.0, d.DURATION) == "1,50"
    assert csv_text(12.5, d.PERCENT) == "12,50"
    assert duration_text(45) == "45 s" and duration_text(245) == "4 min 05 s" and duration_text(3720) == "1 h 02 min"
    assert csv_text("=HYPERLINK(\"x\")", d.TEXT) == "'=HYPERLINK(\"x\")"
    assert csv_text(None, d.INT) == "" and pdf_text(None, d.INT) == "—"
