"""Fixtures for the sync tests: real store files, and a server-less relay between them."""

from __future__ import annotations

import json

import pytest

from emergenza.store import Store
from emergenza.sync.apply import apply_page, refresh_local_conflicts

OPERATOR = "Mario Rossi"
EVENT = {"type_code": "INC", "municipality_istat": "016024", "address": "via Roma 1",
         "description": "Tamponamento", "sharing": "shared"}


@pytest.fixture
def make_store(tmp_path, catalogs):
    opened = []

    def _make(name: str, station_code: str, corps: str = "Polizia Locale di Bergamo", **kwargs) -> Store:
        s = Store.open(tmp_path / f"{name}.db", catalogs, station_code=station_code, corps=corps, **kwargs)
        opened.append(s)
        return s

    yield _make
    for s in opened:
        s.close()


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
            chunk = [c for c in self.log[cursor:cursor + page]]
            mine = [c for c in chunk if c["origin"] != store.replica_id]
            cursor += len(chunk)
            reports.append(apply_page(store, json.loads(json.dumps(mine)), cursor=cursor))
        return reports

    def sync(self, *stores: Store) -> None:
        for _ in range(2):
            for s in stores:
                self.push(s)
                self.pull(s)


@pytest.fixture
def relay():
    return Relay()


def snapshot(store: Store) -> dict:
    """Everything that must converge: synced rows (with versions) and visible conflicts."""
    out = {}
    for table in ("events", "resources", "assignments", "journal"):
        out[table] = [dict(r) for r in store.db.query(f"SELECT * FROM [{table}] ORDER BY id")]
    out["conflicts"] = sorted(
        (r["id"], r["entity"], r["entity_id"], r["field"], r["lost_value"], r["lost_hlc"], r["kept_value"])
        for r in store.db.query("SELECT * FROM conflicts WHERE resolved_at IS NULL"))
    return out
