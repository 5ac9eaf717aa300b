"""Sync state kept by the station: the outbox of changes not yet acknowledged by the server."""

from __future__ import annotations

import json
from typing import Any

from .core import StoreCore
from .queries import chunks, marks


class Outbox:
    def __init__(self, core: StoreCore):
        self._db = core.db

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM outbox").fetchone()[0]

    def pending(self, limit: int = 500) -> list[dict[str, Any]]:
        """The oldest changes still to send, their fields decoded."""
        rows = list(self._db.query("SELECT * FROM outbox ORDER BY seq LIMIT ?", [limit]))
        for r in rows:
            r["fields"] = json.loads(r["fields"])
        return rows

    def ack(self, change_ids: list[str]) -> int:
        """Forget the changes the server has acknowledged; returns how many were removed."""
        with self._db.atomic():
            n = 0
            for chunk in chunks(change_ids):
                n += self._db.execute(f"DELETE FROM outbox WHERE change_id IN ({marks(chunk)})", chunk).rowcount
        return n
