"""A server-less relay between station stores, and what must converge between them."""

from __future__ import annotations

import json

from emergenza.store import Store
from emergenza.sync.apply import apply_page, refresh_local_conflicts

SYNCED_TABLES = ("events", "resources", "assignments", "journal")


class Relay:
    """Stands in for the server's log in unit tests: every change once, in push order,
    each station pulling what it has not seen (never its own)."""

    def __init__(self):
        self.log: list[dict] = []

    def push(self, store: Store) -> int:
        refresh_local_conflicts(store)
        rows = store.outbox.pending(100_000)
        for r in rows:
            self.log.append({k: r[k] for k in ("change_id", "entity", "entity_id", "fields", "hlc", "origin")}
                            | {"seq": len(self.log) + 1})
        store.outbox.ack([r["change_id"] for r in rows])
        return len(rows)

    def pull(self, store: Store, *, page: int = 1000):
        cursor = int(store.meta.get("pull_cursor") or 0)
        reports = []
        while cursor < len(self.log):
            chunk = self.log[cursor:cursor + page]
            mine = [c for c in chunk if c["origin"] != store.replica_id]
            cursor += len(chunk)
            reports.append(apply_page(store, json.loads(json.dumps(mine)), cursor=cursor))
        return reports

    def sync(self, *stores: Store) -> None:
        """Rounds of push + pull until a round sends nothing (two at least): applying can
        itself write a change to send (a unit clash decided by its station, sync/clash.py)."""
        rounds = 0
        while True:
            sent = 0
            for s in stores:
                sent += self.push(s)
                self.pull(s)
            rounds += 1
            if rounds >= 2 and not sent and not any(s.outbox.count() for s in stores):
                return
            assert rounds < 10, "the stations never stop writing changes for each other"


def synced_rows(store: Store) -> dict:
    """The synced tables' rows (with their versions), ordered by id."""
    return {table: [dict(r) for r in store.db.query(f"SELECT * FROM [{table}] ORDER BY id")]
            for table in SYNCED_TABLES}


def snapshot(store: Store) -> dict:
    """Everything that must converge: synced rows (with versions) and visible conflicts."""
    out = synced_rows(store)
    out["conflicts"] = sorted(
        (r["id"], r["entity"], r["entity_id"], r["field"], r["lost_value"], r["lost_hlc"], r["kept_value"])
        for r in store.db.query("SELECT * FROM conflicts WHERE resolved_at IS NULL"))
    return out
