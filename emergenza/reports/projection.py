"""The statistics of a period read from the store's statistics projection (schema v14:
``stats_events``, ``stats_assignments``, kept in step with events and assignments by
triggers; since v20 new events are projected after their commits: ``available``), with
the same figures as the queries over the base tables (queries.py).

Why: a year is ~83k events at 100k in the store. Grouping them in SQL sorts them once per
breakdown and the response times join every event with its assignments (~1 s in all).
Here each breakdown is one index range per distinct value (``count(*)`` over index
entries, no sort and no row read); each response time (computed per event when written,
in whole milliseconds) is counted per bucket of its value the same way, and only the
buckets holding the median and the 90th percentile are read; unit utilisation is one
range per unit of a table clustered by unit. A year of 83k events: ~80 ms of CPU (~1 s
over the base tables).

Local hour and weekday: the projection keeps the UTC hour of the week; inside a stretch of
the period with one UTC offset (``localtime.offset_changes``) the local hour of the week
is that shifted by the offset. Exact because Europe/Rome's offsets are whole hours and
change on the hour; :func:`hour_segments` says when that does not hold (then the caller
uses the base tables).
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from typing import Any

from ..store import stats_projection
from ..store.schema import STATS_DURATIONS, stats_duration_bucket
from .figures import DurationStats, ResponseTimes, median
from .localtime import offset_changes, parse_stored, stored
from .queries import EventScope
from .source import StationSource

DIMS_SEP = "\x1f"  # stats_events.dims joins type, priority, channel and status with char(31)
HOURS_OF_WEEK = 168


def available(src: StationSource) -> bool:
    """The store has the projection and it holds every event: since schema v20 new events
    are projected after their commits (store/stats_projection.py), and until then (or while
    a bulk load defers it) the figures come from the base tables."""
    if not (src.has_table("stats_events") and src.has_table("stats_assignments")):
        return False
    if not src.has_table("stats_marks"):
        return True  # v14-v19: kept in step inside every commit
    return src.scalar(stats_projection.CURRENT) == 1


@dataclasses.dataclass
class EventCounts:
    total: int
    by_type: list[tuple[str, int]]          # most frequent first, then by code (as ORDER BY n DESC, k)
    by_priority: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]
    by_status: dict[str, int]


def _ranked(counter: Counter) -> list[tuple[Any, int]]:
    return sorted(((k, n) for k, n in counter.items() if n), key=lambda kv: (-kv[1], kv[0]))


def _per_value(src: StationSource, scope: EventScope, column: str, index: str) -> list[tuple[Any, int]]:
    """[(value of ``column``, events in scope)]: the distinct values are walked through the
    index (one seek each), each counted over its own index range."""
    where, params = scope.where("s")
    rows = src.conn.execute(
        f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM stats_events "
        f"  UNION ALL SELECT (SELECT min({column}) FROM stats_events WHERE {column} > v.x) FROM v "
        f"  WHERE v.x IS NOT NULL) "
        f"SELECT x, (SELECT count(*) FROM stats_events s INDEXED BY {index} WHERE s.{column} = v.x AND {where}) "
        f"FROM v WHERE x IS NOT NULL", params).fetchall()
    return [(k, n) for k, n in rows if n]


def event_counts(src: StationSource, scope: EventScope) -> EventCounts:
    by_type: Counter = Counter()
    by_priority: Counter = Counter()
    by_channel: Counter = Counter()
    by_status: Counter = Counter()
    for dims, n in _per_value(src, scope, "dims", "stats_events_dims"):
        type_code, priority, channel, status = dims.rsplit(DIMS_SEP, 3)
        by_type[type_code] += n
        by_priority[priority] += n
        by_channel[channel] += n
        by_status[status] += n
    return EventCounts(sum(by_status.values()), _ranked(by_type), _ranked(by_priority), _ranked(by_channel),
                       dict(by_status))


def by_municipality(src: StationSource, scope: EventScope) -> list[tuple[str, int]]:
    return _ranked(Counter(dict(_per_value(src, scope, "municipality_istat", "stats_events_municipality"))))


def hour_segments(scope: EventScope) -> list[tuple[str, str, int]] | None:
    """[(start, end, offset in hours)]: the period cut where the local offset changes; None
    when an offset is not whole hours or changes off the hour (a UTC hour would straddle)."""
    lo, hi = parse_stored(scope.start), parse_stored(scope.end)
    if lo is None or hi is None:
        return None
    changes = offset_changes(lo, hi)
    out: list[tuple[str, str, int]] = []
    for i, (since, offset) in enumerate(changes):
        if offset % 3600 or (i and (since.minute or since.second or since.microsecond)):
            return None
        start = scope.start if i == 0 else stored(since)
        end = stored(changes[i + 1][0]) if i + 1 < len(changes) else scope.end
        if start < end:
            out.append((start, end, offset // 3600))
    return out


def local_hours_and_weekdays(src: StationSource, scope: EventScope, segments: list[tuple[str, str, int]]
                             ) -> tuple[list[int], list[int]]:
    """Events per local hour (0-23) and per local weekday (0 = Sunday, as strftime's %w)."""
    columns, params = [], []
    for start, end, _offset in segments:
        where, p = dataclasses.replace(scope, start=start, end=end).where("s")
        columns.append(f"(SELECT count(*) FROM stats_events s INDEXED BY stats_events_hour "
                       f"WHERE s.utc_hour_of_week = h.v AND {where})")
        params += p
    rows = src.conn.execute(
        f"WITH RECURSIVE h(v) AS (SELECT 0 UNION ALL SELECT v + 1 FROM h WHERE v < {HOURS_OF_WEEK - 1}) "
        f"SELECT v, {', '.join(columns)} FROM h", params).fetchall()
    hours, weekdays = [0] * 24, [0] * 7
    for v, *counts in rows:
        for (_start, _end, offset), n in zip(segments, counts, strict=True):
            local = (v + offset) % HOURS_OF_WEEK
            hours[local % 24] += n
            weekdays[local // 24] += n
    return hours, weekdays


def _duration(src: StationSource, scope: EventScope, column: str) -> DurationStats:
    """Median and nearest-rank 90th percentile of one response time (figures.DurationStats.of:
    values >= 0), in seconds: ms / 1000 is the double SQLite's ``round(x, 3)`` gives today.

    The events are counted per bucket of the value (index ranges), then only the buckets
    holding the wanted ranks are read and sorted."""
    bucket = stats_duration_bucket(f"s.{column}")
    walk = stats_duration_bucket(column)
    where, params = scope.where("s")
    counted = f"s.{column} >= 0 AND {where}"
    buckets = [(b, n) for b, n in src.conn.execute(
        f"WITH RECURSIVE v(x) AS (SELECT min({walk}) FROM stats_events WHERE {column} >= 0 "
        f"  UNION ALL SELECT (SELECT min({walk}) FROM stats_events WHERE {walk} > v.x AND {column} >= 0) FROM v "
        f"  WHERE v.x IS NOT NULL) "
        f"SELECT x, (SELECT count(*) FROM stats_events s WHERE {bucket} = v.x AND {counted}) FROM v "
        f"WHERE x IS NOT NULL", params).fetchall() if n]
    total = sum(n for _b, n in buckets)
    if not total:
        return DurationStats(0, None, None)
    read: dict[int, list[int]] = {}

    def value(rank: int) -> float:  # 0-based rank in ascending order
        before = 0
        for b, n in buckets:
            if rank < before + n:
                if b not in read:
                    read[b] = sorted(v for (v,) in src.conn.execute(
                        f"SELECT s.{column} FROM stats_events s WHERE {bucket} = ? AND {counted}", [b, *params]))
                return read[b][rank - before] / 1000
            before += n
        raise AssertionError("rank beyond the count")

    mid = total // 2
    middle = [value(mid)] if total % 2 else [value(mid - 1), value(mid)]
    rank = max(1, math.ceil(90 / 100 * total))  # figures.percentile's arithmetic
    return DurationStats(total, median(middle), value(rank - 1))


def response_times(src: StationSource, scope: EventScope) -> ResponseTimes:
    return ResponseTimes(*(_duration(src, scope, column) for column in STATS_DURATIONS))


def unit_busy(src: StationSource, scope: EventScope, now: str, until: str) -> dict[str, tuple[int, float]]:
    """{resource id: (assignments, seconds engaged within [scope.start, until])}, as
    statistics.unit_use over the base tables: from sent (or requested) to cleared (or now)."""
    now_ms, until_ms, start_ms = src.conn.execute(
        "SELECT CAST(round(julianday(?) * 86400000.0) AS INTEGER), CAST(round(julianday(?) * 86400000.0) AS INTEGER), "
        "CAST(round(julianday(?) * 86400000.0) AS INTEGER)", [now, until, scope.start]).fetchone()
    where, params = scope.where("a")
    rows = src.conn.execute(
        "SELECT r.id, (SELECT count(*) || ' ' || coalesce(sum(max(0, min(coalesce(a.cleared_jms, ?), ?) "
        f"  - max(a.start_jms, ?))), 0) FROM stats_assignments a WHERE a.resource_id = r.id AND {where}) "
        "FROM resources r", [now_ms, until_ms, start_ms, *params]).fetchall()
    out = {}
    for rid, text in rows:
        n, ms = text.split(" ")
        if int(n):
            out[rid] = (int(n), int(ms) / 1000)
    return out
