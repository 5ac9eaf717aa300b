"""A process killed with SIGKILL in the middle of a stream of commits loses nothing it reported."""

from __future__ import annotations

import textwrap

from tests.support.crash import kill_writer_after, reopen_whole

WRITER = textwrap.dedent("""
    import sys
    from emergenza.store import Store
    store = Store.open(sys.argv[1], station_code="BG01")
    unit = store.units.add({"kind": "patrol", "call_sign": "Alfa 1"}, operator="test")
    i = 0
    while True:
        ev = store.events.create({"type_code": "INC.DANNI", "municipality_istat": "016024",
                                 "address": "Via Roma %d" % i, "description": "evento %d" % i},
                                operator="test")
        if i % 3 == 0:
            store.events.add_note(ev["id"], "nota %d" % i, operator="test")
        print(ev["number"], flush=True)
        i += 1
""")


def test_sigkill_loses_no_committed_event(tmp_path):
    path = tmp_path / "crash.db"
    printed = kill_writer_after(WRITER, path, 150)
    store = reopen_whole(path, printed)
    try:
        assert store.outbox.count() == store.db.execute(
            "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM journal) "
            "+ (SELECT count(*) FROM journal WHERE kind = 'note') + 1").fetchone()[0]  # a note touches its event
        more = store.events.create({"type_code": "INC.DANNI", "municipality_istat": "016024", "address": "Via Po",
                                   "description": "dopo il riavvio"}, operator="test")
        events = store.db.execute("SELECT count(*) FROM events").fetchone()[0] - 1  # without ``more``
        assert int(more["number"].rsplit("-", 1)[1]) == events + 1
    finally:
        store.close()
