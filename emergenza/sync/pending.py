"""Changes waiting in ``sync_pending``: parked by the apply when what they hang on (a
parent event or unit, or their own row for an update that came before its insert) is
not here yet, or when a unique value clashed; retried after every page.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..store import Store

if TYPE_CHECKING:
    from .apply import Applier


def park(store: Store, parked: list[tuple[dict[str, Any], str]], now: str) -> None:
    if parked:
        store.db.conn.executemany(
            "INSERT OR IGNORE INTO sync_pending (change_id, entity, entity_id, change, missing, parked_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(c["change_id"], c["entity"], c["entity_id"], json.dumps(c, ensure_ascii=False), m, now)
             for c, m in parked])


def retry_parked(store: Store, applier: Applier) -> int:
    """Apply parked changes whose parents have arrived; repeat while that helps."""
    done = 0
    while True:
        progress = 0
        for seq, text in store.db.execute("SELECT seq, change FROM sync_pending WHERE missing NOT LIKE 'unique:%' "
                                          "ORDER BY seq").fetchall():
            change = json.loads(text)
            if applier.missing_for(change) is None:
                applier.apply(change)
                store.db.execute("DELETE FROM sync_pending WHERE seq = ?", [seq])
                progress += 1
        done += progress
        if not progress:
            return done


def parked_count(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM sync_pending").fetchone()[0]
