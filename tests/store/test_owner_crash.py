"""SIGKILL while the store owner checkpoints and merges between calls loses no reported commit."""

from __future__ import annotations

import textwrap

from tests.support.crash import kill_writer_after, reopen_whole

# A tiny WAL limit: the owner checkpoints every few calls, so the kill lands around them.
WRITER = textwrap.dedent("""
    import sys
    from emergenza.store import Store, StoreOwner
    owner = StoreOwner.open(sys.argv[1], station_code="BG01", idle_after_s=3600, wal_limit_bytes=64 * 1024)
    i = 0
    while True:
        ev = owner.call_blocking(Store.events.create, {
            "type_code": "INC.DANNI", "municipality_istat": "016024", "address": "Via Roma %d" % i,
            "description": "evento %d parole diverse w%d" % (i, i)}, operator="test")
        if i % 3 == 0:
            owner.call_blocking(Store.events.add_note, ev["id"], "nota %d" % i, operator="test")
        print(ev["number"], flush=True)
        i += 1
""")


def test_sigkill_between_owner_checkpoints_loses_no_committed_event(tmp_path):
    path = tmp_path / "crash.db"
    printed = kill_writer_after(WRITER, path, 200)
    store = reopen_whole(path, printed)
    try:
        # The kill may land inside the owner's indexing between calls: what it had not indexed
        # is still left to index, and is indexed now.
        store.search.catch_up()
        for table in ("events_fts", "journal_fts"):  # raises if an index disagrees with its table
            store.db.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        assert len(store.search.find(f"w{len(printed) - 1}")) == 1
    finally:
        store.close()
