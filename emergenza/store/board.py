"""Queries of the events board, with the operator's choice of sort (run by the store owner).

The store's ``board_ids`` has one fixed order (most urgent first); the board lets the
operator sort by any column, so the sorted id list is asked for here, in SQL, over the
``events_active`` partial index (a few hundred rows even with a million events stored).
"""

from __future__ import annotations

from typing import Any

from .store import _ACTIVE_EVENTS_SQL, EventFilter, Store

_UNITS = ("(SELECT group_concat(r.call_sign, ', ') FROM assignments a JOIN resources r ON r.id = a.resource_id "
          "WHERE a.event_id = e.id AND a.status NOT IN ('cleared', 'cancelled'))")

# Column key -> SQL sort expression (ties are broken by reception time).
SORT_EXPRESSIONS = {
    "number": "e.number",
    "priority": None,  # the store's rank of its configurable priority scale
    "status": "e.status",
    "type": "e.type_code",
    "municipality": "e.municipality_name COLLATE NOCASE",
    "address": "e.address COLLATE NOCASE",
    "units": f"coalesce({_UNITS}, '')",
    "received": "e.received_at",
    "since_received": "e.received_at",
    "since_sent": "coalesce(e.first_sent_at, '9999')",
    "sharing": "e.sharing",
}

# Sorting by elapsed time is sorting by the start time the other way round.
_REVERSED = {"since_received", "since_sent"}


def sorted_board_ids(store: Store, flt: EventFilter | None, sort_key: str | None, descending: bool) -> list[str]:
    if not sort_key or sort_key not in SORT_EXPRESSIONS:
        return store.board_ids(flt)
    clauses, params = (flt or EventFilter()).where()
    where = " AND ".join([_ACTIVE_EVENTS_SQL, *clauses])
    desc = descending != (sort_key in _REVERSED)
    direction = "DESC" if desc else "ASC"
    sql = (f"SELECT e.id FROM events e INDEXED BY events_active WHERE {where} "
           f"ORDER BY {SORT_EXPRESSIONS[sort_key] or store.priority_order} {direction}, e.received_at")
    return [r[0] for r in store.db.execute(sql, params)]


def board_snapshot(store: Store, flt: EventFilter | None, sort_key: str | None, descending: bool,
                   prefetch: int, keep: list[str]) -> dict[str, Any]:
    """One round trip for a refresh: the ids, the first page of rows and the rows still cached."""
    ids = sorted_board_ids(store, flt, sort_key, descending)
    wanted = list(dict.fromkeys([*ids[:prefetch], *[i for i in keep if i]]))
    return {"ids": ids, "rows": store.rows_for_ids(wanted), "counts": store.status_counts()}
