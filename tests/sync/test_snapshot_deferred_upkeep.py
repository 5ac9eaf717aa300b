"""A new station's first sync loads the snapshot without the per-row upkeep of search and
statistics (store/bulk_load.py) and rebuilds it once at the end (sync/snapshot.py): it ends
as a station that followed the stream with its triggers on, rows written locally meanwhile
included; killed at any point, it comes back whole. A real server process on 127.0.0.1."""

from __future__ import annotations

import sqlite3

import pytest

from emergenza.store import Store, bulk_load
from emergenza.store.meta import MetaKey
from emergenza.sync.snapshot import PHASE, REBUILD_PHASE
from tests.reports.test_stats_projection import assert_in_step
from tests.support.cli import run_emergenza
from tests.support.crash import kill_first_sync_midway, kill_writer_after
from tests.support.factories import EVENT, OPERATOR
from tests.support.stations import Station, enrolled_stations

CORPS, OTHER = "PL Bergamo", "PL Milano"


@pytest.fixture
def stations(tmp_path, catalogs, server):
    with enrolled_stations(server, tmp_path, catalogs, OTHER) as make:
        yield make


def _region(a: Station, n: int) -> None:
    """Shared events with notes, edits, units sent and cleared: rows for FTS and both
    projection tables."""
    units = [a.units.add({"kind": "car", "call_sign": f"Alfa {i}"}, operator=OPERATOR) for i in range(3)]
    for i in range(n):
        ev = a.events.create(EVENT | {"description": f"Evento {i} incendio", "caller_phone": f"035 {100000 + i}"},
                             operator=OPERATOR)
        a.events.add_note(ev["id"], f"Nota {i} cantina", operator=OPERATOR)
        if i % 3 == 0:
            a.events.update(ev["id"], {"address": f"via Verdi {i}"}, operator=OPERATOR)
        if i % 4 == 0:
            done = a.units.assign(ev["id"], units[i % 3]["id"], operator=OPERATOR)
            a.units.advance(done["id"], operator=OPERATOR)
            a.events.change_status(ev["id"], "closed", operator=OPERATOR, note="Chiuso")
    assert a.sync().pending == 0


def _derived(st: Station) -> dict:
    """What the deferred upkeep makes: the projection, the search index's answers, the schema
    (the events the owner had still to project, schema v20, projected first)."""
    st.owner.call_blocking(Store.maintenance.project_statistics)
    return {
        "stats_events": sorted(st.q("SELECT * FROM stats_events")),
        "stats_assignments": sorted(st.q("SELECT * FROM stats_assignments")),
        "found": {word: sorted(r["id"] for r in st.search.find(word, limit=1000))
                  for word in ("incendio", "cantina", "Verdi", "Evento 7")},
        "schema": sorted(st.q("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')")),
    }


def test_first_sync_ends_as_the_triggers_would_have_left_it_local_writes_included(stations):
    a = stations("A", CORPS)
    _region(a, 40)
    stream = stations("S")
    stream.sync(from_snapshot=False)  # triggers on, row by row
    fresh = stations("F")
    phases, seen, local = [], {}, {}

    def progress(phase: str, done: int, total: int | None) -> None:
        phases.append(phase)
        if phase == PHASE and not local:  # the snapshot under way: the app writes meanwhile
            seen["deferred"] = fresh.owner.call_blocking(lambda s: bulk_load.deferred(s.db)) is not None
            local.update(fresh.events.create(EVENT | {"description": "Scritto durante lo stato iniziale"},
                                             operator=OPERATOR))

    report = fresh.sync(progress=progress, snapshot_limit=9)
    assert report.complete and seen["deferred"]
    assert phases.count(REBUILD_PHASE) == 2 and phases.index(REBUILD_PHASE) > phases.index(PHASE)
    assert fresh.q("SELECT count(*) FROM meta WHERE key = ?", [MetaKey.BULK_LOAD_DEFERRED.value]) == [(0,)]
    assert [r["id"] for r in fresh.search.find("stato iniziale")] == [local["id"]]
    fresh.owner.call_blocking(lambda s: assert_in_step(s.db.conn))  # from the base tables, in Python
    assert fresh.q("INSERT INTO events_fts(events_fts) VALUES ('integrity-check')") == []
    assert fresh.q("INSERT INTO journal_fts(journal_fts) VALUES ('integrity-check')") == []
    # The local event left with the sync: the stream station gets it row by row; then both
    # hold the same rows, and the same derived data as triggers made it there.
    stream.sync(from_snapshot=False)
    assert fresh.snapshot() == stream.snapshot()
    assert _derived(fresh) == _derived(stream)
    assert fresh.maintenance.verify_audit() == []


def test_a_snapshot_of_one_page_loads_with_its_upkeep_on(stations):
    a = stations("A", CORPS)
    _region(a, 3)
    fresh = stations("F")
    phases = []
    assert fresh.sync(progress=lambda phase, done, total: phases.append(phase)).complete
    assert REBUILD_PHASE not in phases
    fresh.owner.call_blocking(Store.maintenance.project_statistics)  # as the owner does between calls
    assert fresh.q("SELECT count(*) FROM stats_events") == [(3,)]
    assert len(fresh.search.find("cantina")) == 3


def _deferral(path) -> str | None:
    """The deferral recorded in a store another process is writing (read-only peek)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'bulk_load_deferred'").fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def _reopened_whole(path, catalogs, words: dict[str, int]) -> None:
    """The store opened (no sync): its search and statistics back, every row counted."""
    store = Store.open(path, catalogs)
    try:
        assert store.meta.get(MetaKey.BULK_LOAD_DEFERRED) is None
        assert store.meta.get(MetaKey.SNAPSHOT_PROGRESS) is None
        for name in (*bulk_load.DEFERRED_TRIGGERS, *bulk_load.DEFERRED_INDEXES):
            assert store.db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone(), name
        for word, n in words.items():
            assert len(store.search.find(word, limit=1000)) == n, word
        assert_in_step(store.db.conn)
        assert store.maintenance.verify_audit() == []
    finally:
        store.close()


# Runs the product's own sync; stops (its last line printed) when the snapshot's last page is
# committed and the rebuild is about to start: the progress the app and the CLI show.
_SYNC_THEN_HANG = """
import asyncio, sys, time, httpx
from emergenza.store import Store, StoreOwner
from emergenza.sync.engine import SyncEngine
owner = StoreOwner(lambda: Store.open(sys.argv[1]))
def progress(phase, done, total):
    if phase == "snapshot_rebuild" and total is None:
        print("loaded", flush=True)
        time.sleep(120)
async def run():
    async with httpx.AsyncClient(timeout=60) as client:
        engine = await SyncEngine.for_store(owner, client, snapshot_limit=7)
        await engine.sync_once(progress)
asyncio.run(run())
"""


def test_killed_after_the_last_page_the_store_rebuilds_when_opened(stations, server, tmp_path, catalogs):
    a = stations("A", CORPS)
    _region(a, 30)
    path = tmp_path / "killed.db"
    enrolled = run_emergenza("enroll", "--db", path, "--server", server.url,
                             "--code", server.enrollment_code(OTHER, "K"))
    assert enrolled.returncode == 0, enrolled.stderr
    assert kill_writer_after(_SYNC_THEN_HANG, path, 1) == ["loaded"]
    assert _deferral(path) is not None  # killed with the snapshot loaded, nothing rebuilt
    _reopened_whole(path, catalogs, {"incendio": 30, "cantina": 30, "Verdi": 10})
    assert run_emergenza("check", "--db", path).returncode == 0


def test_killed_midway_the_deferral_waits_for_the_resumed_sync_which_rebuilds_every_row(
        stations, server, tmp_path, catalogs):
    a = stations("A", CORPS)
    _region(a, 150)
    path = tmp_path / "killed.db"
    enrolled = run_emergenza("enroll", "--db", path, "--server", server.url,
                             "--code", server.enrollment_code(OTHER, "K"))
    assert enrolled.returncode == 0, enrolled.stderr
    kill_first_sync_midway(path)
    assert _deferral(path) is not None
    # Opened (the app restarted) with the snapshot under way: the deferral is kept for it,
    # and what is written meanwhile is rebuilt with the rest.
    store = Store.open(path, catalogs)
    try:
        assert bulk_load.deferred(store.db) is not None
        store.events.create(EVENT | {"description": "Scritto dopo il riavvio"}, operator=OPERATOR)
    finally:
        store.close()
    again = run_emergenza("sync", "--db", path, "--initial-page", "50", timeout=120)
    assert again.returncode == 0, again.stderr
    assert "ricostruzione di ricerca e statistiche" in again.stderr
    _reopened_whole(path, catalogs, {"incendio": 150, "cantina": 150, "riavvio": 1})
    assert run_emergenza("check", "--db", path).returncode == 0
