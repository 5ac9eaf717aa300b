"""What sync could not do, kept so that nothing is lost or parked silently (issue 9).

Three lists, each read by the CLI (``emergenza sync``), the status bar, the shift-end
view and the *Non condivise e in attesa* window:

- ``sync_refused``: our changes the server refused (written by ``Outbox.ack``): the local
  row stays, shown as "non condiviso" with the server's reason;
- ``sync_quarantine``: pulled changes that could not be applied (written by
  ``sync/quarantine.py``), kept with the reason while the pull cursor moves on;
- ``sync_pending``: pulled changes waiting for what they refer to (``sync/pending.py``).
"""

from __future__ import annotations

import json
from typing import Any

from .core import StoreCore


class SyncIssues:
    def __init__(self, core: StoreCore):
        self._db = core.db
        self._now = core.now_iso

    def counts(self) -> dict[str, int]:
        """``refused``, ``quarantined``, ``waiting``: three tiny count queries."""
        one = self._db.execute
        return {"refused": one("SELECT count(*) FROM sync_refused").fetchone()[0],
                "quarantined": one("SELECT count(*) FROM sync_quarantine").fetchone()[0],
                "waiting": one("SELECT count(*) FROM sync_pending").fetchone()[0]}

    def refused(self, limit: int = 500) -> list[dict[str, Any]]:
        """Newest first: change_id, entity, entity_id, fields (decoded), reason, at."""
        rows = list(self._db.query("SELECT change_id, entity, entity_id, fields, reason, at FROM sync_refused "
                                   "ORDER BY at DESC, change_id LIMIT ?", [limit]))
        for r in rows:
            r["fields"] = json.loads(r["fields"])
        return rows

    def refused_reason(self, entity: str, entity_id: str) -> str | None:
        """The server's latest reason for refusing a change of this row (None: shared)."""
        row = self._db.execute("SELECT reason FROM sync_refused WHERE entity = ? AND entity_id = ? "
                               "ORDER BY at DESC LIMIT 1", [entity, entity_id]).fetchone()
        return row[0] if row else None

    def quarantine(self, change: dict[str, Any], reason: str) -> None:
        """Keep a pulled change that could not be applied (call inside a transaction)."""
        self._db.execute(
            "INSERT OR REPLACE INTO sync_quarantine (change_id, entity, entity_id, change, reason, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [change["change_id"], change["entity"], change["entity_id"], json.dumps(change, ensure_ascii=False),
             reason[:1000], self._now()])

    def quarantined(self, limit: int = 500) -> list[dict[str, Any]]:
        """Oldest first: change_id, entity, entity_id, change (decoded), reason, at."""
        rows = list(self._db.query("SELECT change_id, entity, entity_id, change, reason, at FROM sync_quarantine "
                                   "ORDER BY at, change_id LIMIT ?", [limit]))
        for r in rows:
            r["change"] = json.loads(r["change"])
        return rows

    def release(self, change_id: str) -> None:
        """A quarantined change that now applied (call inside its transaction)."""
        self._db.execute("DELETE FROM sync_quarantine WHERE change_id = ?", [change_id])

    def waiting(self, limit: int = 500) -> list[dict[str, Any]]:
        """Parked changes, oldest first: change_id, entity, entity_id, missing, parked_at."""
        return list(self._db.query("SELECT change_id, entity, entity_id, missing, parked_at FROM sync_pending "
                                   "ORDER BY seq LIMIT ?", [limit]))

    def reserved_parent(self, event_id: str) -> str | None:
        """The id of this event's parent when it is reserved to another corps (never sent
        here: shown as *riservato*), else None. See sync/apply.py, hidden_parents."""
        row = self._db.execute("SELECT parent_id FROM sync_hidden_parent WHERE event_id = ?", [event_id]).fetchone()
        return row[0] if row else None
