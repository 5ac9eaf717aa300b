"""A station never halts on a pulled change it cannot apply (issue 9).

``apply_page_safely`` first applies a page the fast way (one transaction, see
``apply.apply_page``). If that raises ANYTHING (a bad value, a constraint, a bug, an
old server), the page is rolled back and applied again one change at a time: each
change that still fails is kept in ``sync_quarantine`` with the reason, the others
are applied, and the cursor moves past the page, so sync goes on. Parked changes are
then retried one by one too, so one poisoned parked change cannot fail every page.

Quarantined changes are retried at every sync (a newer version of the program may
apply them); while any is kept, ``emergenza sync`` exits 2 and the app shows it.
SQLite's own operational failures (disk full, I/O error, database locked) are not the
change's fault: they are raised, not quarantined.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any

from ..store import Store
from ..store.meta import MetaKey
from .apply import Applier, ApplyReport, apply_page
from .snapshot_apply import SnapshotPage

log = logging.getLogger(__name__)


def reason_of(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def environmental(exc: BaseException) -> bool:
    # OperationalError: the disk, the file or a lock, not this change. IntegrityError is
    # a DatabaseError but is the change's (a constraint it breaks).
    return isinstance(exc, sqlite3.OperationalError)


def apply_page_safely(store: Store, changes: list[dict[str, Any]], *, cursor: int | None = None) -> ApplyReport:
    try:
        return apply_page(store, changes, cursor=cursor)
    except Exception as exc:
        if environmental(exc):
            raise
        log.warning("sync: page of %d changes failed to apply (%s); applying one by one", len(changes),
                    reason_of(exc))
    report = ApplyReport()
    for change in changes:
        try:
            _add(report, apply_page(store, [change], retry=False))
        except Exception as exc:
            if environmental(exc):
                raise
            _quarantine(store, change, reason_of(exc))
            report.quarantined += 1
    report.unparked += retry_parked_one_by_one(store, report)
    if cursor is not None:
        with store.transaction():
            store.meta.set(MetaKey.PULL_CURSOR, str(cursor))
    return report


def apply_bulk_safely(store: Store, changes: list[dict[str, Any]], *, cursor: int | None = None) -> ApplyReport:
    """A pulled page: the entities new here in bulk, the rest the general way, with the
    cursor, in one transaction (sync/snapshot_apply.py, ``stream``: the same result as
    ``apply_page``). A page the bulk write refuses (a unique value taken here, a bug) is
    rolled back and applied the general way whole, with quarantine (``apply_page_safely``)."""
    try:
        with store.transaction():
            report = SnapshotPage(store, stream=True).run(changes)
            if cursor is not None:
                store.meta.set(MetaKey.PULL_CURSOR, str(cursor))
            return report
    except Exception as exc:
        if environmental(exc):
            raise
        log.warning("sync: page of %d changes not applied in bulk (%s): the general way", len(changes),
                    reason_of(exc))
    return apply_page_safely(store, changes, cursor=cursor)


def _add(total: ApplyReport, part: ApplyReport) -> None:
    total.applied += part.applied
    total.parked += part.parked
    total.unparked += part.unparked
    total.conflicts += part.conflicts
    total.duplicates += part.duplicates
    total.quarantined += part.quarantined
    total.new_shared_events += part.new_shared_events


def _quarantine(store: Store, change: dict[str, Any], reason: str) -> None:
    log.error("sync: change %s (%s %s) quarantined: %s", change.get("change_id"), change.get("entity"),
              change.get("entity_id"), reason)
    with store.transaction():
        store.sync_issues.quarantine(change, reason)


def _apply_one(store: Store, change: dict[str, Any], *, pending_seq: int | None = None,
               quarantined: bool = False) -> bool:
    """Apply one change in its own transaction; False when it still waits for a parent."""
    with store.transaction():
        store.db.execute("PRAGMA defer_foreign_keys = ON")
        applier = Applier(store)
        if applier.missing_for(change) is not None:
            return False
        applier.apply(change)
        applier.flush()
        if pending_seq is not None:
            store.db.execute("DELETE FROM sync_pending WHERE seq = ?", [pending_seq])
        if applier.max_hlc:
            store.clock.observe(applier.max_hlc)
        if applier.report.quarantined:  # its row was refused again (kept, with the new reason)
            return False
        if quarantined:
            store.sync_issues.release(change["change_id"])
        return True


def retry_parked_one_by_one(store: Store, report: ApplyReport) -> int:
    """Parked changes whose parent is here now, each in its own transaction."""
    done = 0
    while True:
        progress = 0
        rows = store.db.execute("SELECT seq, change FROM sync_pending WHERE missing NOT LIKE 'unique:%' "
                                "ORDER BY seq").fetchall()
        for seq, text in rows:
            change = json.loads(text)
            try:
                progress += _apply_one(store, change, pending_seq=seq)
            except Exception as exc:
                if environmental(exc):
                    raise
                with store.transaction():
                    store.db.execute("DELETE FROM sync_pending WHERE seq = ?", [seq])
                    store.sync_issues.quarantine(change, reason_of(exc))
                report.quarantined += 1
        done += progress
        if not progress:
            return done


def retry_quarantined(store: Store) -> int:
    """Try the quarantined changes again (called before each pull); returns how many applied."""
    done = 0
    for row in store.sync_issues.quarantined(limit=10_000):
        try:
            done += _apply_one(store, row["change"], quarantined=True)
        except Exception as exc:
            if environmental(exc):
                raise
            with store.transaction():
                store.sync_issues.quarantine(row["change"], reason_of(exc))
    return done
