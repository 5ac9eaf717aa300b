"""Queries of the events board: the active events in the operator's order, their rows and counts.

The board shows active events only, read over the ``events_active`` partial index (a few
hundred rows even with a million events stored). The fixed order is most urgent first
(the catalog's priority scale, then oldest); the operator may sort by any column instead.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..domain.entities import utc_now_iso
from .core import StoreCore
from .queries import (
    ACTIVE_EVENT,
    BOARD_COLUMNS,
    EVENT_ROW_COLUMNS,
    UNITS_OF_EVENT,
    EventFilter,
    chunks,
    marks,
    priority_order_sql,
)

# Column key -> SQL sort expression (ties are broken by reception time).
SORT_EXPRESSIONS = {
    "number": "e.number",
    "priority": None,  # the rank of the catalog's configurable priority scale
    "status": "e.status",
    "type": "e.type_code",
    "municipality": "e.municipality_name COLLATE NOCASE",
    "address": "e.address COLLATE NOCASE",
    "units": f"coalesce({UNITS_OF_EVENT}, '')",
    "received": "e.received_at",
    "since_received": "e.received_at",
    "since_sent": "coalesce(e.first_sent_at, '9999')",
    "sharing": "e.sharing",
}

# Sorting by elapsed time is sorting by the start time the other way round.
_REVERSED = {"since_received", "since_sent"}


class Board:
    def __init__(self, core: StoreCore):
        self._core = core
        self._db = core.db

    @property
    def priority_order(self) -> str:
        """SQL rank of the priority scale as it is now (the station may change it at any time)."""
        return priority_order_sql(self._core.catalogs)

    def ids(self, flt: EventFilter | None = None) -> list[str]:
        """Active events, most urgent first (priority, then oldest)."""
        where, params = (flt or EventFilter()).active_where()
        return [r[0] for r in self._db.execute(
            f"SELECT e.id FROM events e INDEXED BY events_active WHERE {where} "
            f"ORDER BY {self.priority_order} DESC, e.received_at", params)]

    def sorted_ids(self, flt: EventFilter | None, sort_key: str | None, descending: bool) -> list[str]:
        """Active events in the order of the operator's column (the fixed order without one)."""
        if not sort_key or sort_key not in SORT_EXPRESSIONS:
            return self.ids(flt)
        where, params = (flt or EventFilter()).active_where()
        desc = descending != (sort_key in _REVERSED)
        direction = "DESC" if desc else "ASC"
        sql = (f"SELECT e.id FROM events e INDEXED BY events_active WHERE {where} "
               f"ORDER BY {SORT_EXPRESSIONS[sort_key] or self.priority_order} {direction}, e.received_at")
        return [r[0] for r in self._db.execute(sql, params)]

    def rows(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Board-shaped rows for the given ids (any status), for lazy table models."""
        out: dict[str, dict[str, Any]] = {}
        for chunk in chunks(ids):
            for row in self._db.query(
                    f"SELECT {EVENT_ROW_COLUMNS}, {UNITS_OF_EVENT} AS units "
                    f"FROM events e WHERE e.id IN ({marks(chunk)})", chunk):
                out[row["id"]] = row
        return out

    def status_counts(self) -> dict[str, int]:
        return {s: n for s, n in self._db.execute(
            f"SELECT status, count(*) FROM events e INDEXED BY events_active WHERE {ACTIVE_EVENT} "
            f"GROUP BY status")}

    def snapshot(self, flt: EventFilter | None, sort_key: str | None, descending: bool,
                 prefetch: int, keep: list[str]) -> dict[str, Any]:
        """One round trip for a refresh: the ids, the first page of rows and the rows still cached."""
        ids = self.sorted_ids(flt, sort_key, descending)
        wanted = list(dict.fromkeys([*ids[:prefetch], *[i for i in keep if i]]))
        return {"ids": ids, "rows": self.rows(wanted), "counts": self.status_counts()}

    def unassigned_urgent(self, older_than_s: int, priorities: tuple[str, ...] | None = None
                          ) -> list[dict[str, Any]]:
        """Active urgent events of this station's corps never sent a unit, received more than
        ``older_than_s`` ago. Another corps' shared events are theirs to send units to: they
        never alarm here (events without a corps are local ones, from before the corps was set).

        ``priorities`` defaults to the levels of the catalog's scale that alert."""
        if priorities is None:
            priorities = tuple(p.code for p in self._core.catalogs.alerting_priorities())
        now = self._core.now()
        cutoff = utc_now_iso(datetime.fromtimestamp(now.timestamp() - older_than_s, UTC))
        return list(self._db.query(
            f"SELECT {BOARD_COLUMNS} FROM events e INDEXED BY events_active WHERE {ACTIVE_EVENT} "
            f"AND e.first_sent_at IS NULL AND e.priority IN ({marks(priorities)}) AND e.received_at <= ? "
            f"AND e.status NOT IN ('suspended') AND COALESCE(e.corps, '') IN ('', ?) ORDER BY e.received_at",
            [*priorities, cutoff, self._core.meta.corps]))
