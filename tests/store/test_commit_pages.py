"""What one operator's commit writes: no index that serves no query, no row rewritten
in a way that touches more pages (each page a commit touches is one more WAL frame to write and sync: bench_store)."""

from __future__ import annotations

import struct
from pathlib import Path

from emergenza.store import database
from emergenza.store.schema import MIGRATIONS
from tests.support.factories import OPERATOR, event_data, open_store


def _frames_by_tree(store, path: Path) -> dict[str, int]:
    """WAL frames of the last commit, by b-tree (the WAL restarted just before it)."""
    data = Path(f"{path}-wal").read_bytes()
    page = struct.unpack(">I", data[8:12])[0]
    pages, offset = [], 32
    while offset + 24 + page <= len(data) and data[offset + 8:offset + 16] == data[16:24]:
        pages.append(struct.unpack(">I", data[offset:offset + 4])[0])
        offset += 24 + page
    names = dict(store.db.execute("SELECT pageno, name FROM dbstat"))
    counts: dict[str, int] = {}
    for p in pages:
        counts[names.get(p, "?")] = counts.get(names.get(p, "?"), 0) + 1
    return counts


def test_an_older_store_loses_the_phone_index_no_query_uses(tmp_path, catalogs):
    path = tmp_path / "old.db"
    s = open_store(path, catalogs)
    event = s.events.create(event_data(caller_phone="+39 333 7654321"), operator=OPERATOR)
    at = next(i for i, sql in enumerate(MIGRATIONS) if "DROP INDEX IF EXISTS events_phone;" in sql)
    s.db.execute("CREATE INDEX events_phone ON events(caller_phone, received_at) WHERE caller_phone IS NOT NULL")
    s.db.execute(f"PRAGMA user_version = {at}")
    s.close()
    db = database.connect(path)
    db.execute("ALTER TABLE territory_alerts DROP COLUMN params")  # added by the later v16, re-run too
    db.close()
    s = open_store(path, catalogs)
    try:
        assert database.schema_version(s.db) == len(MIGRATIONS)
        assert s.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'events_phone'").fetchone() is None
        assert [r["id"] for r in s.search.prior_events(phone="3337654321")] == [event["id"]]
    finally:
        s.close()


def test_an_intake_commit_touches_neither_an_unused_index_nor_the_meta_key_index(tmp_path, catalogs):
    path = tmp_path / "pages.db"
    s = open_store(path, catalogs)
    try:
        for n in range(5):
            s.events.create(event_data(address=f"Via Monti {n}"), operator=OPERATOR)
        s.db.execute("PRAGMA wal_checkpoint(RESTART)")
        s.events.create(event_data(address="Via Monti 9", caller_phone="035 123456"), operator=OPERATOR)
        frames = _frames_by_tree(s, path)
    finally:
        s.close()
    assert "events_phone" not in frames
    assert frames.get("events_phone_key") == 1
    # The clock's meta row is rewritten in place: its key index is not touched.
    assert frames.get("meta") == 1
    assert "sqlite_autoindex_meta_1" not in frames
