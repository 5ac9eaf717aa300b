"""Elapsed-time and clock formatting for the boards (pure functions, no Qt)."""

from __future__ import annotations

from datetime import UTC, datetime


def parse_ts(text: str | None) -> float | None:
    """Epoch seconds of a stored ISO-8601 UTC time (``...Z``), or None."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def format_elapsed(seconds: float | None) -> str:
    """``mm:ss`` under an hour, ``h:mm:ss`` under a day, ``Ng hh:mm`` beyond."""
    if seconds is None:
        return ""
    s = max(0, int(seconds))
    if s < 3600:
        return f"{s // 60:02d}:{s % 60:02d}"
    if s < 86400:
        return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
    return f"{s // 86400}g {s % 86400 // 3600:02d}:{s % 3600 // 60:02d}"


def local_clock(text: str | None) -> str:
    """Local ``HH:MM`` (today) or ``dd/mm HH:MM`` of a stored UTC time."""
    ts = parse_ts(text)
    if ts is None:
        return ""
    local = datetime.fromtimestamp(ts, UTC).astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%d/%m %H:%M")
