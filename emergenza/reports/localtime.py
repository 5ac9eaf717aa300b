"""Times in reports: stored in UTC (``YYYY-MM-DDTHH:MM:SS.mmmZ``), shown and bucketed in
Europe/Rome local time.

Bucketing by local hour/day/month is done in SQL (a GROUP BY over 100k rows instead of
100k conversions in Python): :func:`local_modifier` builds a ``CASE`` that yields the
right UTC offset for each row from the offset changes (DST) inside the queried range,
for SQLite's date functions. Naive stored times are taken as UTC.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")
MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
          "settembre", "ottobre", "novembre", "dicembre")
WEEKDAYS = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")


def parse_stored(text: str | None) -> datetime | None:
    """Aware UTC datetime of a stored time, or None (empty or unreadable)."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def local(value: str | datetime | None) -> datetime | None:
    """Europe/Rome time of a stored string or an aware datetime."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(ROME)
    parsed = parse_stored(value)
    return parsed.astimezone(ROME) if parsed else None


def stored(value: datetime) -> str:
    """The store's text form of an aware datetime (UTC, milliseconds, ``Z``)."""
    utc = value.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ROME)


def days_bounds(first: date, last: date) -> tuple[str, str]:
    """Stored-time bounds [start, end) of the local days first..last (23 or 25 h on DST days)."""
    return stored(local_midnight(first)), stored(local_midnight(last + timedelta(days=1)))


def year_bounds(year: int) -> tuple[str, str]:
    return days_bounds(date(year, 1, 1), date(year, 12, 31))


def fmt_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def fmt_datetime(value: datetime, seconds: bool = False) -> str:
    return value.astimezone(ROME).strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def period_label(first: date, last: date) -> str:
    if first == last:
        return f"{WEEKDAYS[first.weekday()]} {fmt_date(first)}"
    return f"dal {fmt_date(first)} al {fmt_date(last)}"


def _offset(moment: datetime) -> int:
    return int(moment.astimezone(ROME).utcoffset().total_seconds())


def offset_changes(start: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """[(from_utc, offset_s)]: the local offset in force from each instant on, for [start, end]."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    out = [(start, _offset(start))]
    step = timedelta(hours=12)  # DST changes are months apart: a half-day grid cannot skip one
    cursor = start
    while cursor < end:
        nxt = min(cursor + step, end)
        if _offset(nxt) != out[-1][1]:
            lo, hi = cursor, nxt  # the change is in (lo, hi]: bisect to the second
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                if _offset(mid) == out[-1][1]:
                    lo = mid
                else:
                    hi = mid
            hi = hi.replace(microsecond=0)
            out.append((hi, _offset(hi)))
        cursor = nxt
    return out


def local_modifier(column: str, start: str, end: str) -> tuple[str, list[Any]]:
    """SQL expression giving SQLite's modifier (``'+3600 seconds'``) that turns ``column``
    (a stored UTC time inside [start, end]) into Europe/Rome local time, with its params.

    Use as ``strftime('%H', col, <expr>)``."""
    lo, hi = parse_stored(start), parse_stored(end)
    if lo is None or hi is None:
        raise ValueError("bad bounds")
    changes = offset_changes(lo - timedelta(days=1), hi + timedelta(days=1))
    if len(changes) == 1:
        return f"'{changes[0][1]:+d} seconds'", []
    parts, params = [], []
    for (_since, offset), (until, _next) in itertools.pairwise(changes):
        parts.append(f"WHEN {column} < ? THEN '{offset:+d} seconds'")
        params.append(stored(until))
    return f"(CASE {' '.join(parts)} ELSE '{changes[-1][1]:+d} seconds' END)", params
