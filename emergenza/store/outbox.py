"""Sync state kept by the station: the outbox of changes not yet acknowledged by the server."""

from __future__ import annotations

import json
from typing import Any

from .core import StoreCore
from .queries import chunks, marks


class Outbox:
    def __init__(self, core: StoreCore):
        self._db = core.db
        self._now = core.now_iso

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM outbox").fetchone()[0]

    def pending(self, limit: int = 500, *, after: int = 0) -> list[dict[str, Any]]:
        """The oldest changes still to send (those past outbox seq ``after``), their fields decoded."""
        rows = list(self._db.query("SELECT * FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?", [after, limit]))
        for r in rows:
            r["fields"] = json.loads(r["fields"])
        return rows

    def ack(self, change_ids: list[str], refused: dict[str, str] | None = None) -> int:
        """Forget the changes the server has acknowledged; returns how many were removed.

        ``refused`` (change id -> the server's reason): acknowledged too, but not shared.
        In the same transaction each is copied to ``sync_refused`` (store/sync_issues.py),
        so the local row stays and is shown as "non condiviso" with the reason: a change
        the server will never take is never dropped silently."""
        with self._db.atomic():
            n = 0
            if refused:
                now = self._now()
                for chunk in chunks(list(refused)):
                    rows = self._db.execute(f"SELECT change_id, entity, entity_id, fields FROM outbox "
                                            f"WHERE change_id IN ({marks(chunk)})", chunk).fetchall()
                    self._db.conn.executemany(
                        "INSERT OR REPLACE INTO sync_refused (change_id, entity, entity_id, fields, reason, at) "
                        "VALUES (?, ?, ?, ?, ?, ?)", [(*r, refused[r[0]], now) for r in rows])
            for chunk in chunks(change_ids):
                n += self._db.execute(f"DELETE FROM outbox WHERE change_id IN ({marks(chunk)})", chunk).rowcount
        return n
