"""Times in tests, computed independently of the code under test (Python's zoneinfo): UTC
and Europe/Rome readings of stored times, and a clock the test moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")


def utc(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def local(text: str) -> datetime:
    """Europe/Rome time (for wall-clock parts; subtract ``utc()`` values: Python subtracts
    two datetimes with the same tzinfo on their wall clocks, ignoring a DST change)."""
    return utc(text).astimezone(ROME)


class Clock:
    """A store's clock (``now=``), moved by the test."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def at(self, text: str) -> Clock:
        """Set to a local (Europe/Rome) time ``YYYY-MM-DD HH:MM``."""
        self.now = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ROME).astimezone(UTC)
        return self

    def add(self, minutes: float) -> Clock:
        self.now += timedelta(minutes=minutes)
        return self
