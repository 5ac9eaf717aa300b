"""A snapshot page applied in bulk (sync/snapshot_apply.py) writes what the general apply
writes: the same rows and versions, the same side rows (status generations, bases, unit
clashes, hidden parents, parked changes), a clean audit chain, a searchable index. The
pages come from a real server process; the same pages go through both paths."""

from __future__ import annotations

import httpx
import pytest

from emergenza.domain.enums import EventStatus
from emergenza.domain.lifecycle import EVENT_PROGRESS
from emergenza.store import Store
from emergenza.sync import snapshot
from emergenza.sync.protocol import SNAPSHOT_PATH, validate_snapshot_response
from emergenza.sync.quarantine import apply_page_safely
from emergenza.sync.snapshot_apply import SnapshotPage
from tests.support.factories import EVENT, OPERATOR, open_store
from tests.support.relay import synced_rows

SIDE = ("sync_state", "sync_clash", "sync_hidden_parent", "sync_pending", "sync_quarantine")


def _history(a) -> None:
    """Rows of every synced kind, edited after they were made (several versions each)."""
    unit = a.units.add({"kind": "car", "call_sign": "Alfa 1"}, operator=OPERATOR)
    other = a.units.add({"kind": "car", "call_sign": "Alfa 2"}, operator=OPERATOR)
    parent = a.events.create(EVENT | {"description": "Incidente maggiore"}, operator=OPERATOR)
    for i in range(12):
        ev = a.events.create(EVENT | {"description": f"Evento {i}", "sharing": "reserved" if i % 4 == 0 else "shared"},
                             operator=OPERATOR)
        note = a.events.add_note(ev["id"], f"Nota {i}", operator=OPERATOR)
        if i % 3 == 0:
            a.events.update(ev["id"], {"address": f"via Verdi {i}"}, operator=OPERATOR)
        if i % 5 == 1:
            a.events.strike_entry(note["id"], "scritta per errore", operator=OPERATOR)
        if i == 2:
            a.events.link(ev["id"], parent["id"], operator=OPERATOR)
        if i == 3:
            done = a.units.assign(ev["id"], unit["id"], operator=OPERATOR)
            a.units.advance(done["id"], operator=OPERATOR)
        if i == 7:
            a.units.assign(ev["id"], other["id"], operator=OPERATOR)
            a.events.change_status(ev["id"], "closed", operator=OPERATOR, note="Chiuso")


def _pages(server, station, limit: int) -> list[list[dict]]:
    token = station.owner.call_blocking(lambda s: s.meta.get("token"))
    pages, at, nxt = [], 0, ["events", ""]
    while nxt is not None:
        r = httpx.get(server.url + SNAPSHOT_PATH, params={"at": at, "kind": nxt[0], "after": nxt[1], "limit": limit},
                      headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200, r.text
        page = validate_snapshot_response(r.json())
        pages.append(page["changes"])
        at, nxt = page["cursor"], page["next"]
    return pages


def _state(store: Store) -> dict:
    out = synced_rows(store)
    for table in SIDE:
        out[table] = store.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
    # Each event's status generation and rank as the merge reads them: a missing sync_gen
    # row means (0, the progress of its status). The general apply writes a row for every
    # event it creates; the bulk path only the rows that say something else.
    out["status_level"] = [
        (event_id, gen or 0, rank if rank is not None else EVENT_PROGRESS[EventStatus(status)])
        for event_id, status, gen, rank in store.db.execute(
            "SELECT e.id, e.status, g.gen, g.rank FROM events e LEFT JOIN sync_gen g ON g.event_id = e.id "
            "ORDER BY e.id")]
    return out


def _bulk(store: Store, changes: list[dict]) -> int:
    """Apply one page the bulk way; how many entities it wrote itself."""
    with store.transaction():
        page = SnapshotPage(store)
        page.run(changes)
        return page.written


def _general(store: Store, changes: list[dict]) -> None:
    with store.transaction():
        apply_page_safely(store, changes)


@pytest.mark.parametrize("limit", [4, 1000])
def test_bulk_pages_write_what_the_general_apply_writes(server, stations, tmp_path, catalogs, limit):
    a = stations("A", corps="PL Bergamo")
    _history(a)
    assert a.sync().pending == 0
    pages = _pages(server, stations("B", corps="PL Bergamo"), limit)
    assert sum(len(p) for p in pages) > 40
    bulk, general = (open_store(tmp_path / f"{n}.db", catalogs, corps="PL Bergamo") for n in ("bulk", "general"))
    try:
        written = 0
        for page in pages:
            written += _bulk(bulk, page)
            _general(general, page)
        # Every new row but the assignments (and, with small pages, rows whose parent is in
        # a later page) went the bulk way.
        entities = {(c["entity"], c["entity_id"]) for p in pages for c in p if c["entity"] != "assignments"}
        assert written == len(entities) if limit == 1000 else 0 < written <= len(entities)
        state = _state(bulk)
        assert state == _state(general)
        assert len(state["events"]) == 13 and any(r["_versions"] != "{}" for r in state["events"])
        assert sorted({rank for _id, _gen, rank in state["status_level"]}) == [0, 2, 4]  # new, assigned, closed
        assert bulk.maintenance.verify_audit() == [] and general.maintenance.verify_audit() == []
        assert {r["id"] for r in bulk.search.find("Incidente")} == {r["id"] for r in general.search.find("Incidente")}
        assert bulk.search.find("Incidente")
        # The same pages again (a resumed snapshot): every row is here, the general apply
        # merges them and nothing changes.
        assert sum(_bulk(bulk, page) for page in pages) == 0
        assert synced_rows(bulk) == synced_rows(general)
        assert bulk.maintenance.verify_audit() == []
    finally:
        bulk.close()
        general.close()


def test_children_before_their_parents_wait_parked_as_in_the_general_apply(server, stations, tmp_path, catalogs):
    """Journal entries whose event is not in the store go the general way (parked), and
    are applied when the event arrives in a later page."""
    a = stations("A", corps="PL Bergamo")
    _history(a)
    assert a.sync().pending == 0
    changes = [c for p in _pages(server, stations("B", corps="PL Bergamo"), 1000) for c in p]
    journal = [c for c in changes if c["entity"] == "journal"]
    rest = [c for c in changes if c["entity"] != "journal"]
    bulk, general = (open_store(tmp_path / f"{n}.db", catalogs, corps="PL Bergamo") for n in ("bulk", "general"))
    try:
        for store, apply in ((bulk, _bulk), (general, _general)):
            apply(store, journal)
            assert store.db.execute("SELECT count(*) FROM sync_pending").fetchone()[0] == len(journal)
            apply(store, rest)
            assert store.db.execute("SELECT count(*) FROM sync_pending").fetchone()[0] == 0
        assert _state(bulk) == _state(general)
        assert bulk.maintenance.verify_audit() == []
    finally:
        bulk.close()
        general.close()


def test_a_page_the_bulk_write_refuses_is_applied_the_general_way(server, stations, tmp_path, catalogs):
    """An event number this store already uses (a unique index): the bulk write fails and
    leaves nothing; the page goes the general way, which quarantines that change only."""
    a = stations("A", corps="PL Bergamo")
    for i in range(3):
        a.events.create(EVENT | {"description": f"Evento {i}"}, operator=OPERATOR)
    assert a.sync().pending == 0
    changes = [c for p in _pages(server, stations("B", corps="PL Bergamo"), 1000) for c in p]
    number = next(c["fields"]["number"] for c in changes if c["entity"] == "events")
    store = open_store(tmp_path / "clash.db", catalogs, station_code="STA", corps="PL Bergamo")
    try:
        mine = store.events.create(EVENT | {"description": "Evento locale"}, operator=OPERATOR)
        assert mine["number"] == number
        audit_before = store.db.execute("SELECT count(*) FROM audit").fetchone()[0]
        with store.transaction():
            report = snapshot._apply_page(store, changes)
        assert report.quarantined == 1
        assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 3  # 2 received + the local one
        assert store.db.execute("SELECT count(*) FROM sync_quarantine").fetchone()[0] == 1
        assert store.db.execute("SELECT count(*) FROM audit").fetchone()[0] > audit_before
        assert store.maintenance.verify_audit() == []
    finally:
        store.close()
