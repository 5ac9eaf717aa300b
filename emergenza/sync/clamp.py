"""Stamps the server moved back after a push (our clock ran ahead): our own rows take
the server's stamps, so every replica holds the same versions."""

from __future__ import annotations

import json
from typing import Any

from ..store import Store
from ..store.audit import row_digest
from .apply import SYNC_OPERATOR


def rewrite_clamped(store: Store, clamped: list[dict[str, Any]], sent: dict[str, dict[str, Any]]) -> int:
    """The server moved some of our stamps back (our clock ran ahead): use its stamps
    in our own versions too, so every replica holds the same versions.

    ``sent``: change_id -> the change as pushed. Returns how many rows were rewritten.
    """
    if not clamped:
        return 0
    done = 0
    with store.transaction():
        audit_entries = []
        for item in clamped:
            change = sent.get(item["change_id"])
            if change is None:
                continue
            old, new = item["hlc"], item["clamped_hlc"]
            table, entity_id = change["entity"], change["entity_id"]
            row = next(iter(store.db.query(f"SELECT * FROM [{table}] WHERE id = ?", [entity_id])), None)
            if row is None:
                continue
            versions = json.loads(row["_versions"] or "{}")
            versions = {k: (new if v == old else v) for k, v in versions.items()}
            creation = new if row["_hlc"] == old else row["_hlc"]
            if creation != row["_hlc"]:
                # Fields still at the creation stamp keep it implicitly: nothing to list.
                versions = {k: v for k, v in versions.items() if v != creation}
            store.db.execute(f"UPDATE [{table}] SET _hlc = ?, _versions = ? WHERE id = ?",
                             [creation, json.dumps(versions, sort_keys=True), entity_id])
            store.db.execute("UPDATE sync_state SET hlc = ? WHERE entity = ? AND entity_id = ? AND hlc = ?",
                             [new, table, entity_id, old])
            fresh = dict(next(store.db.query(f"SELECT * FROM [{table}] WHERE id = ?", [entity_id])))
            audit_entries.append((store.now_iso(), SYNC_OPERATOR, "sync.clamp", table, entity_id, row_digest(fresh)))
            store.clock.observe(new)
            done += 1
        store.audit.append_many(audit_entries)
        store.db.execute("DELETE FROM sync_stash")
    return done
