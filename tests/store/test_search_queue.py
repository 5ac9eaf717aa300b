"""The search index outside the operator's commit (issue 15, schema v18): a commit's new rows
are those above the index's mark, an update or a delete of an indexed row queues its old
values in the commit's own transaction; the owner indexes between calls and when idle, a
search indexes what is left before it reads. Updates and deletes remove exactly the values
the index holds (external content), a kill leaves what was not indexed to be indexed later,
and a store made before v18 keeps an exact index."""

from __future__ import annotations

import textwrap
import time

from emergenza.store import Store, StoreOwner, bulk_load, schema
from tests.support.crash import kill_writer_after, reopen_whole
from tests.support.factories import OPERATOR, event_data, open_store


def _index_ok(store: Store) -> None:
    for table in ("events_fts", "journal_fts"):  # raises if an index disagrees with its table
        store.db.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


def _matches(store: Store, query: str) -> int:
    """Rows of the events index matching ``query`` as it stands (no catching up)."""
    return store.db.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH ?", [query]).fetchone()[0]


def test_a_search_finds_a_row_committed_just_before_it_with_no_idle_time(tmp_path, catalogs):
    owner = StoreOwner.open(tmp_path / "s.db", catalogs=catalogs, station_code="BG01", idle_after_s=3600.0)
    try:
        event = owner.call_blocking(Store.events.create, event_data(description="Ramo pericolante"),
                                    operator=OPERATOR)
        # The commit left the index as it was: its event and journal entry wait above the marks.
        assert owner.call_blocking(Store.search.queued) == 2
        assert owner.call_blocking(_matches, "pericolante") == 0
        assert [r["id"] for r in owner.call_blocking(Store.search.find, "pericolante")] == [event["id"]]
        assert [r["id"] for r in owner.call_blocking(Store.search.find, "ricevuto")] == [event["id"]]  # journal
        assert owner.call_blocking(Store.search.queued) == 0
        owner.call_blocking(_index_ok)
    finally:
        owner.close()


def test_updates_before_and_after_indexing_remove_exactly_the_indexed_values(store):
    first = store.events.create(event_data(description="Cane abbandonato"), operator=OPERATOR)
    other = store.events.create(event_data(description="Cane al guinzaglio"), operator=OPERATOR)
    # Updated twice before being indexed at all: indexed once, as it stands.
    store.events.update(other["id"], {"description": "Gatto sul tetto"}, operator=OPERATOR)
    store.events.update(other["id"], {"description": "Gatto sul camino"}, operator=OPERATOR)
    assert store.search.catch_up() is False
    assert _matches(store, "description: cane") == 1 and _matches(store, "description: camino") == 1
    assert _matches(store, "description: tetto") == 0
    # Indexed, then updated twice: the queue keeps the values the index holds (the first ones).
    store.events.update(first["id"], {"description": "Cavallo in strada"}, operator=OPERATOR)
    store.events.update(first["id"], {"description": "Asino in strada", "caller_name": "Piero Neri"},
                        operator=OPERATOR)
    assert store.db.execute("SELECT description FROM search_queue_events").fetchall() == [("Cane abbandonato",)]
    assert [r["id"] for r in store.search.find("asino neri")] == [first["id"]]
    assert _matches(store, "description: cane") == 0 and _matches(store, "description: cavallo") == 0
    _index_ok(store)


def test_a_deleted_row_leaves_the_index_even_when_its_rowid_is_taken_again(store):
    """Nothing in the store deletes events; the trigger is there for whatever does (a repair by
    hand): a new row may take the deleted one's rowid before the index catches up."""
    store.events.create(event_data(description="Primo evento"), operator=OPERATOR)
    gone = store.events.create(event_data(description="Evento cancellato"), operator=OPERATOR)
    store.search.catch_up()
    conn = store.db.conn
    rowid = conn.execute("SELECT rowid FROM events WHERE id = ?", [gone["id"]]).fetchone()[0]
    columns = [r[1] for r in conn.execute("PRAGMA table_info(events)")]
    row = dict(zip(columns, conn.execute("SELECT * FROM events WHERE id = ?", [gone["id"]]).fetchone(), strict=True))
    conn.execute("PRAGMA foreign_keys = OFF")  # its journal entry stays behind
    try:
        conn.execute("DELETE FROM events WHERE id = ?", [gone["id"]])
        row.update(id="nuovo", number="BG01-2026-999999", description="Evento sostitutivo")
        conn.execute(f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                     list(row.values()))
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    assert conn.execute("SELECT rowid FROM events WHERE id = 'nuovo'").fetchone()[0] == rowid
    assert [r["id"] for r in store.search.find("sostitutivo")] == ["nuovo"]
    assert _matches(store, "cancellato") == 0
    store.db.execute("INSERT INTO events_fts(events_fts) VALUES ('integrity-check')")


# No housekeeping: the writer's owner never indexes, so everything it committed is left to index.
WRITER = textwrap.dedent("""
    import sys
    from emergenza.store import Store, StoreOwner
    owner = StoreOwner.open(sys.argv[1], station_code="BG01", idle_after_s=None)
    i = 0
    while True:
        ev = owner.call_blocking(Store.events.create, {
            "type_code": "INC.DANNI", "municipality_istat": "016024", "address": "Via Roma %d" % i,
            "description": "evento parola%d" % i}, operator="test")
        print(ev["number"], flush=True)
        i += 1
""")


def test_a_kill_after_commits_leaves_their_rows_to_index_and_the_idle_owner_indexes_them(tmp_path, catalogs):
    path = tmp_path / "crash.db"
    printed = kill_writer_after(WRITER, path, 40)
    store = reopen_whole(path, printed)
    try:
        assert store.search.queued() >= 2 * len(printed)  # what the kill left: above the marks
    finally:
        store.close()
    owner = StoreOwner.open(path, catalogs=catalogs, idle_after_s=0.05)
    try:
        deadline = time.monotonic() + 30
        while owner.call_blocking(Store.search.queued):
            assert time.monotonic() < deadline, "the idle owner did not index the queue"
            time.sleep(0.1)
        owner.call_blocking(_index_ok)
        last = len(printed) - 1
        assert owner.call_blocking(_matches, f"parola{last}") == 1
    finally:
        owner.close()


def test_a_store_indexed_by_the_old_triggers_migrates_and_stays_exact(tmp_path, catalogs):
    path = tmp_path / "old.db"
    s = open_store(path, catalogs)
    kept = s.events.create(event_data(description="Semaforo spento"), operator=OPERATOR)
    s.search.catch_up()
    # Back to before v18: the index written by the triggers inside each commit.
    v18 = next(i for i, sql in enumerate(schema.MIGRATIONS) if "search_marks" in sql)
    s.db.conn.executescript(
        "BEGIN;" + "".join(f"DROP TRIGGER {name};" for name in schema.FTS_TRIGGER_NAMES)
        + "DROP TABLE search_queue_events; DROP TABLE search_marks;" + schema.FTS_TRIGGERS
        + f"PRAGMA user_version = {v18}; COMMIT;")
    edited = s.events.create(event_data(description="Tombino aperto"), operator=OPERATOR)
    s.close()
    s = open_store(path, catalogs)
    try:
        names = {r[0] for r in s.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert set(schema.FTS_TRIGGER_NAMES) <= names and not names & {"events_fts_ai", "journal_fts_ai"}
        assert s.search.queued() == 0
        s.events.update(edited["id"], {"description": "Tombino chiuso"}, operator=OPERATOR)
        assert [r["id"] for r in s.search.find("chiuso")] == [edited["id"]]
        assert [r["id"] for r in s.search.find("semaforo")] == [kept["id"]]
        assert _matches(s, "description: aperto") == 0
        _index_ok(s)
    finally:
        s.close()


def test_a_bulk_load_restore_leaves_nothing_queued_behind(store):
    event = store.events.create(event_data(description="Furto di bicicletta"), operator=OPERATOR)
    store.search.catch_up()
    store.events.update(event["id"], {"description": "Furto di motorino"}, operator=OPERATOR)  # old values queued
    with store.transaction():
        bulk_load.defer(store.db)
    store.events.create(event_data(description="Scritto durante il carico"), operator=OPERATOR)
    bulk_load.restore(store.db)
    assert store.search.queued() == 0  # the rebuild indexed every row as it stands, the marks back
    assert [r["id"] for r in store.search.find("motorino")] == [event["id"]]
    assert _matches(store, "bicicletta") == 0 and _matches(store, "carico") == 1
    _index_ok(store)
