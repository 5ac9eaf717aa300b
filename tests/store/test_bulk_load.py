"""A bulk load's deferred upkeep (store/bulk_load.py) on real store files: what is dropped and
recorded together, what is never dropped, the rebuild from every row (rows written while
deferred included), and the restore a store does when opened with a deferral left over."""

from __future__ import annotations

import pytest

from emergenza.store import Store, bulk_load
from emergenza.store.meta import MetaKey
from tests.reports.test_stats_projection import assert_in_step
from tests.support.factories import EVENT, OPERATOR, add_unit, open_store


def _schema(store: Store) -> set[tuple]:
    return set(store.db.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"))


def _unique_indexes(store: Store) -> set[str]:
    tables = [r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {r[1] for t in tables for r in store.db.execute(f"PRAGMA index_list([{t}])") if r[2]}


def _write(store: Store, text: str) -> dict:
    """An event with a note and a unit sent to it: rows for FTS and both projection tables."""
    ev = store.events.create(EVENT | {"description": text, "caller_phone": "035 123456"}, operator=OPERATOR)
    store.events.add_note(ev["id"], f"Nota di {text}", operator=OPERATOR)
    unit = add_unit(store, f"Unità {text}")
    assignment = store.units.assign(ev["id"], unit["id"], operator=OPERATOR)
    store.units.advance(assignment["id"], operator=OPERATOR)
    return ev


def _found(store: Store, text: str) -> set[str]:
    return {r["id"] for r in store.search.find(text)}


def test_defer_drops_and_records_together_and_restore_gives_back_the_same_schema(store):
    before = _write(store, "Incendio Brembate")
    schema, unique = _schema(store), _unique_indexes(store)
    with pytest.raises(RuntimeError):
        bulk_load.defer(store.db)  # only inside the caller's transaction
    with store.transaction():
        assert bulk_load.defer(store.db)
        assert not bulk_load.defer(store.db)  # once
    gone = {name for _t, name, _tb, _s in schema - _schema(store)}
    assert gone == {*bulk_load.DEFERRED_TRIGGERS, *bulk_load.DEFERRED_INDEXES}
    assert _unique_indexes(store) == unique  # a constraint never loses its index
    recorded = bulk_load.deferred(store.db)
    assert recorded is not None and {o[1] for o in recorded["objects"]} == gone
    during = _write(store, "Allagamento Dalmine")  # a local write while deferred
    store.events.update(before["id"], {"address": "via Garibaldi 9"}, operator=OPERATOR)
    assert bulk_load.restore(store.db) > 0
    assert _schema(store) == schema
    assert store.meta.get(MetaKey.BULK_LOAD_DEFERRED) is None
    assert _found(store, "Dalmine") == {during["id"]}
    assert _found(store, "Garibaldi") == {before["id"]}
    assert _found(store, "Nota di Allagamento") == {during["id"]}
    assert {r["id"] for r in store.search.prior_events(phone="+39 035 123456")} == {before["id"], during["id"]}
    assert store.db.execute("INSERT INTO events_fts(events_fts) VALUES ('integrity-check')").fetchall() == []
    assert_in_step(store.db.conn)
    assert store.maintenance.verify_audit() == []


def test_a_deferral_rolled_back_with_its_transaction_leaves_nothing(store):
    schema = _schema(store)
    with pytest.raises(ZeroDivisionError), store.transaction():
        bulk_load.defer(store.db)
        raise ZeroDivisionError
    assert _schema(store) == schema
    assert bulk_load.deferred(store.db) is None


def _left_deferred(path, catalogs, *, under_way: bool) -> None:
    store = open_store(path, catalogs)
    try:
        _write(store, "Soccorso Treviglio")
        with store.transaction():
            bulk_load.defer(store.db)
            if under_way:
                store.meta.set(MetaKey.SNAPSHOT_PROGRESS, '{"at": 5, "next": ["events", "x"], "done": 10}')
        _write(store, "Frana Zogno")
    finally:
        store.close()


def test_a_store_opened_with_a_deferral_and_no_snapshot_under_way_restores_it(tmp_path, catalogs):
    schema = _schema(fresh := open_store(tmp_path / "ref.db", catalogs))
    fresh.close()
    path = tmp_path / "left.db"
    _left_deferred(path, catalogs, under_way=False)
    store = open_store(path, catalogs)
    try:
        assert store.meta.get(MetaKey.BULK_LOAD_DEFERRED) is None
        assert _schema(store) == schema
        assert len(_found(store, "Zogno")) == 1 and len(_found(store, "Treviglio")) == 1
        assert_in_step(store.db.conn)
    finally:
        store.close()


def test_a_store_opened_with_a_snapshot_under_way_keeps_the_deferral_for_it(tmp_path, catalogs):
    path = tmp_path / "left.db"
    _left_deferred(path, catalogs, under_way=True)
    store = open_store(path, catalogs)
    try:
        assert bulk_load.deferred(store.db) is not None  # the resumed snapshot rebuilds at its end
        assert _found(store, "Zogno") == set()
        bulk_load.restore(store.db)
        assert len(_found(store, "Zogno")) == 1
        assert_in_step(store.db.conn)
    finally:
        store.close()
