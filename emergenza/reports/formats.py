"""Italian formatting of report values: once for reading (PDF), once for Excel (CSV).

PDF: ``1.234``, ``12,5``, ``12,5 %``, ``4 min 05 s``, ``29/03/2026 02:30``.
CSV: no thousands separator, decimal comma, durations in minutes (``4,08``), dates
``dd/mm/yyyy`` and times ``dd/mm/yyyy HH:MM:SS``: what Excel with an Italian locale reads
as numbers and dates.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from . import document as d
from .localtime import ROME


def _decimal(value: float, digits: int) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _grouped(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def duration_text(seconds: float | None) -> str:
    """``45 s``, ``4 min 05 s``, ``1 h 02 min``, ``2 g 03 h``."""
    if seconds is None:
        return "—"
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    if s < 86400:
        return f"{s // 3600} h {s % 3600 // 60:02d} min"
    return f"{s // 86400} g {s % 86400 // 3600:02d} h"


def _local(value: datetime) -> datetime:
    return value.astimezone(ROME) if value.tzinfo else value


def pdf_text(value: Any, kind: str) -> str:
    """A cell as read on paper (empty cells: a dash, so a blank is never mistaken for a zero)."""
    if value is None:
        return "—" if kind != d.TEXT else ""
    if isinstance(value, d.StruckText):
        return value.text
    if kind == d.INT and isinstance(value, (int, float)):
        return _grouped(int(value))
    if kind == d.FLOAT and isinstance(value, (int, float)):
        return _decimal(float(value), 1)
    if kind == d.PERCENT and isinstance(value, (int, float)):
        return _decimal(float(value), 1) + " %"
    if kind == d.DURATION and isinstance(value, (int, float)):
        return duration_text(float(value))
    if isinstance(value, datetime):
        local = _local(value)
        if kind == d.TIME:
            return local.strftime("%H:%M:%S")
        if kind == d.DATE:
            return local.strftime("%d/%m/%Y")
        return local.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "sì" if value else "no"
    return str(value)


def csv_text(value: Any, kind: str) -> str:
    """A cell for Excel (Italian locale)."""
    if value is None:
        return ""
    if isinstance(value, d.StruckText):
        return _safe_text(value.text)
    if isinstance(value, bool):
        return "sì" if value else "no"
    if kind == d.INT and isinstance(value, (int, float)):
        return str(int(value))
    if kind in (d.FLOAT, d.PERCENT) and isinstance(value, (int, float)):
        return _decimal(float(value), 2 if kind == d.PERCENT else 1)
    if kind == d.DURATION and isinstance(value, (int, float)):
        return _decimal(float(value) / 60.0, 2)
    if isinstance(value, datetime):
        local = _local(value)
        if kind == d.DATE:
            return local.strftime("%d/%m/%Y")
        return local.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float)):
        return _decimal(float(value), 2) if isinstance(value, float) else str(value)
    return _safe_text(str(value))


# Excel runs a cell starting with one of these as a formula ("CSV injection"): a caller's
# description must never become one. A leading apostrophe keeps it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_header(column: d.Column) -> str:
    """Header of a CSV column: the unit is named where the CSV shows a bare number."""
    if column.kind == d.DURATION:
        return f"{column.title} (min)"
    if column.kind == d.PERCENT:
        return f"{column.title} (%)"
    return column.title
