"""The integrity check at open: always for small stores and after an unclean shutdown;
large stores are checked in the background by the app (and fully by ``emergenza check``)."""

from __future__ import annotations

import sqlite3

import pytest

from emergenza.domain.errors import StoreIntegrityError
from emergenza.store import Store, database


def _store_with_events(path, catalogs, n=150):
    store = Store.open(path, catalogs, station_code="BG01")
    for i in range(n):
        store.events.create({"type_code": "INC.DANNI", "municipality_istat": "016024",
                            "address": f"Via Roma {i}", "description": "Tamponamento senza feriti"},
                           operator="Test")
    store.close()


def _damage_index(path, name="events_received"):
    """Overwrite one page of an index with garbage: the tables still open, the index is broken."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pageno = conn.execute("SELECT max(pageno) FROM dbstat WHERE name = ?", [name]).fetchone()[0]
    conn.close()
    with open(path, "r+b") as fh:
        fh.seek((pageno - 1) * page_size + 8)
        fh.write(b"\xff" * 64)


def test_a_small_store_is_always_checked_and_damage_refuses_to_open(tmp_path, catalogs):
    path = tmp_path / "s.db"
    _store_with_events(path, catalogs)
    assert database.needs_check_at_open(path)
    _damage_index(path)
    with pytest.raises(StoreIntegrityError):
        Store.open(path, catalogs)


def test_a_large_store_opens_at_once_and_the_background_check_finds_damage(tmp_path, catalogs, monkeypatch):
    path = tmp_path / "big.db"
    _store_with_events(path, catalogs)
    monkeypatch.setattr(database, "QUICK_CHECK_ALWAYS_BYTES", 0)  # every file counts as large
    assert not database.needs_check_at_open(path)  # closed cleanly: no WAL left behind
    assert database.quick_check(path) == []
    _damage_index(path)
    Store.open(path, catalogs).close()  # opens without the slow check...
    assert database.quick_check(path)  # ...which the app then runs beside the owner


def test_a_wal_left_behind_means_an_unclean_shutdown_and_forces_the_check(tmp_path, catalogs, monkeypatch):
    path = tmp_path / "crashed.db"
    _store_with_events(path, catalogs, n=3)
    monkeypatch.setattr(database, "QUICK_CHECK_ALWAYS_BYTES", 0)
    holder = sqlite3.connect(path)  # a writer that "crashes" with its WAL still on disk
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("INSERT INTO meta VALUES ('x', 'y')")
    holder.commit()
    try:
        assert database.needs_check_at_open(path)
    finally:
        holder.close()
