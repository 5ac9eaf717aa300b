"""SQL pieces shared by the store's managers, each written once.

The two "active" predicates are the WHERE clauses of partial indexes (``events_active``,
``assignments_one_active_per_unit`` in schema.py) word for word: SQLite uses a partial
index only when the query repeats its condition, so they are never rephrased.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..domain.catalogs import Catalogs

# An event still on the board (alias ``e``): the condition of index events_active.
ACTIVE_EVENT = "e.status NOT IN ('closed', 'cancelled')"

# An assignment still holding its unit (alias ``a``): the condition of the unique index
# assignments_one_active_per_unit.
ACTIVE_ASSIGNMENT = "a.status NOT IN ('cleared', 'cancelled')"

# Call signs of the units on an event (alias ``e``), as one text.
UNITS_OF_EVENT = ("(SELECT group_concat(r.call_sign, ', ') FROM assignments a JOIN resources r "
                  f"ON r.id = a.resource_id WHERE a.event_id = e.id AND {ACTIVE_ASSIGNMENT})")

# The event columns a board row shows (alias ``e``).
BOARD_COLUMNS = (
    "e.id, e.number, e.received_at, e.first_sent_at, e.status, e.priority, e.type_code, "
    "e.municipality_istat, e.municipality_name, e.address, e.sharing, e.exercise, e.channel, "
    "e.caller_phone, e.description, e.updated_at"
)

# Names of the at-risk areas holding an event (alias ``e``; store/areas.py keeps event_areas).
AREAS_OF_EVENT = ("(SELECT group_concat(ra.name, ', ') FROM event_areas ea JOIN risk_areas ra "
                  "ON ra.id = ea.area_id WHERE ea.event_id = e.id)")

# A row of any event, closed ones too (search results, lazily fetched board rows).
EVENT_ROW_COLUMNS = f"{BOARD_COLUMNS}, e.closed_at, {AREAS_OF_EVENT} AS areas"

# Ids per statement in ``IN (...)`` lists: far below SQLite's limit on bound values.
CHUNK_SIZE = 500


def chunks(ids: Sequence[Any], size: int = CHUNK_SIZE) -> Iterator[Sequence[Any]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def marks(values: Sequence[Any]) -> str:
    """``?, ?, ?``: one placeholder per value."""
    return ", ".join("?" for _ in values)


def priority_order_sql(catalogs: Catalogs) -> str:
    """SQL rank of ``e.priority`` from the configurable priority scale (higher = more urgent)."""
    whens = " ".join(f"WHEN '{code.replace(chr(39), chr(39) * 2)}' THEN {int(catalogs.priority_rank(code))}"
                     for code in catalogs.priorities)
    return f"CASE e.priority {whens} ELSE -1 END"


@dataclass
class EventFilter:
    """Filters shared by the board and the search. Empty means "any"."""

    statuses: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    type_code: str | None = None  # matches the type and its sub-types
    municipality_istat: str | None = None
    sharing: str | None = None
    received_from: str | None = None
    received_to: str | None = None
    include_exercises: bool = True

    def where(self) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.statuses:
            clauses.append(f"e.status IN ({marks(self.statuses)})")
            params += list(self.statuses)
        if self.priorities:
            clauses.append(f"e.priority IN ({marks(self.priorities)})")
            params += list(self.priorities)
        if self.type_code:
            clauses.append("(e.type_code = ? OR e.type_code LIKE ?)")
            params += [self.type_code, self.type_code + ".%"]
        if self.municipality_istat:
            clauses.append("e.municipality_istat = ?")
            params.append(self.municipality_istat)
        if self.sharing:
            clauses.append("e.sharing = ?")
            params.append(self.sharing)
        if self.received_from:
            clauses.append("e.received_at >= ?")
            params.append(self.received_from)
        if self.received_to:
            clauses.append("e.received_at < ?")
            params.append(self.received_to)
        if not self.include_exercises:
            clauses.append("e.exercise = 0")
        return clauses, params

    def active_where(self) -> tuple[str, list[Any]]:
        """The WHERE of a board query: active events matching the filter."""
        clauses, params = self.where()
        return " AND ".join([ACTIVE_EVENT, *clauses]), params
