"""The report model: what a report says, independent of PDF or CSV.

Cells hold typed values (numbers, aware datetimes, seconds of duration, ...) and the
column says how to show them; each renderer formats them its own way (the PDF for
reading, the CSV for Excel with an Italian locale). Report texts are Italian: a report
is an official record written in the corps' language, not a translated UI string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# Column kinds: how a cell value is shown.
TEXT, INT, FLOAT, PERCENT, DURATION, DATETIME, DATE, TIME = (
    "text", "int", "float", "percent", "duration", "datetime", "date", "time")
KINDS = (TEXT, INT, FLOAT, PERCENT, DURATION, DATETIME, DATE, TIME)


@dataclass(frozen=True)
class StruckText:
    """A struck-through journal text: shown struck in the PDF, with the reason beside it."""

    text: str
    reason: str
    by: str | None = None
    at: datetime | None = None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = TEXT
    width: float = 1.0  # relative share of the page width in the PDF
    pdf: bool = True    # False: CSV only (e.g. data the PDF shows another way)
    csv: bool = True

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[Any]]
    title: str | None = None
    total: list[Any] | None = None  # a last row in bold (e.g. "Totale")
    empty_text: str = "Nessun dato nel periodo."

    def __post_init__(self) -> None:
        for row in self.rows + ([self.total] if self.total else []):
            if len(row) != len(self.columns):
                raise ValueError(f"row of {len(row)} cells in a table of {len(self.columns)} columns")


@dataclass
class BarChart:
    """A bar chart of one series; the same figures are always also in a table."""

    title: str
    categories: list[str]
    values: list[float]
    kind: str = INT  # INT (counts) or DURATION (seconds, drawn in minutes)
    horizontal: bool = False


@dataclass
class Text:
    text: str
    style: str = "body"  # body | note | notice (a notice stands out: e.g. "no events")


@dataclass
class Facts:
    """Label/value pairs (a two-column table in the PDF, two columns in the CSV)."""

    rows: list[tuple[str, Any, str]]  # (label, value, column kind)
    title: str | None = None


Block = Table | BarChart | Text | Facts


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Document:
    kind: str            # brogliaccio | shift | stats | annual | export
    title: str
    period: str          # e.g. "dal 01/01/2026 al 31/12/2026"
    corps: str
    station: str
    generated_at: datetime  # aware
    generated_by: str
    sections: list[Section] = field(default_factory=list)
    landscape: bool = False

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]


def fact(label: str, value: Any, kind: str = TEXT) -> tuple[str, Any, str]:
    return (label, value, kind)


def is_temporal(value: Any) -> bool:
    return isinstance(value, (date, datetime))
