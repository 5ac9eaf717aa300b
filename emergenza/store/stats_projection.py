"""The statistics projection's new events, projected after their commits (schema v20).

An event's insert writes nothing for statistics: the events above the projection's mark
(``stats_marks``: the last events rowid projected) are not projected yet. ``catch_up``
projects them set-wise, a batch of rowids at a time, with their assignments, and moves the
mark in the same transaction: the store owner between calls and when idle (maintenance.py),
the GUI before it starts a report (bounded), a bulk load's restore by its rebuild. Readers
(reports/projection.py) use the projection only when nothing is above the mark (``CURRENT``),
otherwise the base tables: never a figure short of an event.
"""

from __future__ import annotations

import sqlite_utils

from .schema import STATS_CATCH_UP, STATS_LAST_ROWID, STATS_MARK

_MARK_AND_TOP = f"SELECT {STATS_MARK}, {STATS_LAST_ROWID}"
# 1 when the projection holds every event (max(rowid): the last entry of the b-tree; no
# mark: a bulk load has deferred the upkeep, bulk_load.py).
CURRENT = f"SELECT coalesce({STATS_LAST_ROWID} <= {STATS_MARK}, 0)"


def behind(db: sqlite_utils.Database, at_most: int = 1 << 62) -> int:
    """Events not projected yet (counted up to ``at_most``: cheap however many); 0 without a mark."""
    mark, _top = db.execute(_MARK_AND_TOP).fetchone()
    if mark is None:
        return 0
    return db.execute("SELECT count(*) FROM (SELECT 1 FROM events WHERE rowid > ? LIMIT ?)",
                      [mark, at_most]).fetchone()[0]


def catch_up(db: sqlite_utils.Database, rows: int | None = None) -> bool:
    """Project the events above the mark (at most ``rows`` of them; None: all), in one
    transaction (a savepoint inside the caller's). True if some are still left."""
    mark, top = db.execute(_MARK_AND_TOP).fetchone()
    if mark is None or top <= mark:
        return False  # the usual case: one look-up, no transaction
    with db.atomic():
        upto = top
        if rows is not None:
            nth = db.execute("SELECT rowid FROM events WHERE rowid > ? ORDER BY rowid LIMIT 1 OFFSET ?",
                             [mark, max(rows, 1) - 1]).fetchone()
            upto = nth[0] if nth is not None else top
        for statement in STATS_CATCH_UP:
            db.execute(statement, {"above": mark, "upto": upto})
    return upto < top


__all__ = ["CURRENT", "behind", "catch_up"]
