"""Encryption at rest: SQLCipher store, key off the file, conversion that never loses data,
encrypted backups, the server token sealed in meta (issue 9, item 6)."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from emergenza.domain.errors import StoreError, StoreIntegrityError
from emergenza.store import Store, backup, conversion, database, encryption, keys
from emergenza.store.meta import MetaKey
from tests.support.cli import run_emergenza
from tests.support.factories import EVENT, OPERATOR, add_unit, open_store

pytestmark = pytest.mark.skipif(not encryption.available(), reason="SQLCipher extra not installed")

SECRET = "Giuseppe Verdi 3471234567"  # a caller: must never be readable in the file


def _store_with_data(path, catalogs, n: int = 20) -> None:
    store = open_store(path, catalogs)
    try:
        add_unit(store, "Alfa 1")
        for i in range(n):
            ev = store.events.create(EVENT | {"description": f"Intervento {i}", "caller_name": SECRET},
                                     operator=OPERATOR)
            store.events.add_note(ev["id"], f"nota riservata {i}", operator=OPERATOR)
    finally:
        store.close()


def _all_bytes(path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())


def test_encrypt_leaves_no_clear_byte_and_keeps_every_row(tmp_path, catalogs):
    path = tmp_path / "st.db"
    _store_with_data(path, catalogs)
    assert SECRET.encode() in _all_bytes(path)
    with _open(path) as store:
        before = store.maintenance.counts()

    done = conversion.encrypt(path)

    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    assert SECRET.encode() not in _all_bytes(path) and b"nota riservata" not in _all_bytes(path)
    with pytest.raises(sqlite3.DatabaseError):  # the stdlib cannot read it
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    with _open(path) as store:
        assert store.maintenance.counts() == before
        assert store.maintenance.verify_audit() == []
        # What the commits left to the search index came through too; indexed, it is found.
        assert store.search.queued() == 60  # 20 events, their 40 journal entries
        store.search.catch_up()
        assert store.db.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'Intervento'").fetchone()[0]
        assert store.db.execute("SELECT count(*) FROM events WHERE caller_name = ?", [SECRET]).fetchone() == (20,)
    assert database.full_check(path) == []
    assert done.encrypted and done.rows > 0 and "chiave-archivio.key" in done.key_location
    key_file = keys.key_file(tmp_path)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert not list(tmp_path.glob("*" + conversion.SCRATCH_SUFFIX + "*"))


class _open:
    """Store.open as a context manager (the store closes even when an assertion fails)."""

    def __init__(self, path):
        self.store = Store.open(path)

    def __enter__(self) -> Store:
        return self.store

    def __exit__(self, *exc) -> None:
        self.store.close()


def test_an_encrypted_store_keeps_working_and_writes_encrypted_wal(tmp_path, catalogs):
    path = tmp_path / "st.db"
    _store_with_data(path, catalogs, 2)
    conversion.encrypt(path)
    store = Store.open(path)
    try:
        store.events.create(EVENT | {"caller_name": "Chiamante Nuovo"}, operator=OPERATOR)
        wal = path.with_name(path.name + "-wal").read_bytes()
        assert wal and b"Chiamante Nuovo" not in wal
        with pytest.raises(sqlite3.IntegrityError):  # the driver's errors are the stdlib's too
            store.db.execute("INSERT INTO meta (key, value) VALUES ('replica_id', 'x')")
    finally:
        store.close()
    assert database.full_check(path) == []


def test_without_its_key_an_encrypted_store_does_not_open(tmp_path, catalogs):
    path = tmp_path / "st.db"
    _store_with_data(path, catalogs, 1)
    conversion.encrypt(path)
    keys.key_file(tmp_path).rename(tmp_path / "altrove.key")
    with pytest.raises(StoreError, match="chiave"):
        Store.open(path)
    (tmp_path / "altrove.key").write_text(os.urandom(32).hex())  # a wrong key
    os.replace(tmp_path / "altrove.key", keys.key_file(tmp_path))
    with pytest.raises(StoreError, match="impossibile aprire"):
        Store.open(path)


def test_decrypt_gives_back_the_same_store(tmp_path, catalogs):
    path = tmp_path / "st.db"
    _store_with_data(path, catalogs, 3)
    with _open(path) as store:
        rows = store.db.execute("SELECT * FROM journal ORDER BY id").fetchall()
    conversion.encrypt(path)
    conversion.decrypt(path)
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT * FROM journal ORDER BY id").fetchall() == rows
    finally:
        conn.close()


def test_a_crash_before_the_swap_leaves_the_old_store_whole(tmp_path, catalogs, monkeypatch):
    path = tmp_path / "st.db"
    _store_with_data(path, catalogs, 3)
    original = path.read_bytes()

    def crash(*_a, **_k):
        raise KeyboardInterrupt  # as a kill between the verified copy and the rename

    monkeypatch.setattr(conversion.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        conversion.encrypt(path)
    monkeypatch.undo()
    assert path.read_bytes() == original
    assert database.full_check(path) == []
    conversion.encrypt(path)  # the next run starts over cleanly
    assert database.full_check(path) == []


def test_a_copy_that_does_not_match_its_source_is_refused(tmp_path, catalogs):
    path = tmp_path / "st.db"
    _store_with_data(path, catalogs, 3)
    scratch = tmp_path / "copia.db"
    scratch.write_bytes(path.read_bytes())
    conn = sqlite3.connect(path)
    before = conversion._snapshot(conn)
    conn.close()
    assert conversion._verify(scratch, None, before) is None  # an equal copy passes
    before["counts"]["journal"] += 1  # the source had a row the copy lacks
    with pytest.raises(StoreIntegrityError, match="non corrisponde"):
        conversion._verify(scratch, None, before)


def test_backups_of_an_encrypted_store_are_encrypted_and_restore(tmp_path, catalogs):
    path = tmp_path / "st.db"
    _store_with_data(path, catalogs, 4)
    conversion.encrypt(path)
    with _open(path) as store:
        copy = store.maintenance.backup(tmp_path / "backup" / "st-20260101-000000-manuale.db")
        events = store.maintenance.counts().events
    assert copy.read_bytes()[:16] != b"SQLite format 3\x00" and SECRET.encode() not in copy.read_bytes()
    assert database.full_check(copy) == []  # its key is found: the store's folder
    outside = tmp_path / "chiavetta"
    outside.mkdir()
    far = outside / "st.db"
    far.write_bytes(copy.read_bytes())
    with pytest.raises(StoreError):  # a copy carried away alone cannot be read
        Store.open(far)
    path.unlink()
    backup.restore(far, path)  # restored with the key of the store it replaces
    with _open(path) as store:
        assert store.maintenance.counts().events == events


def test_the_server_token_is_sealed_in_the_file(tmp_path, catalogs):
    path = tmp_path / "st.db"
    token = "t0k3n-" + "x" * 40
    store = open_store(path, catalogs)
    try:
        store.meta.set(MetaKey.TOKEN, token)
        assert store.meta.get(MetaKey.TOKEN) == token
        raw = store.db.execute("SELECT value FROM meta WHERE key = 'token'").fetchone()[0]
    finally:
        store.close()
    assert raw.startswith("sigillato:1:") and token not in raw
    assert token.encode() not in _all_bytes(path)
    keys.key_file(tmp_path).unlink()  # without the key the token is gone, not exposed
    store = Store.open(path)
    try:
        assert store.meta.get(MetaKey.TOKEN) is None
    finally:
        store.close()


def test_a_token_left_in_clear_by_an_older_version_is_sealed_at_open(tmp_path, catalogs):
    path = tmp_path / "st.db"
    open_store(path, catalogs).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('token', 'vecchio-token-in-chiaro')")
    conn.commit()
    conn.close()
    store = Store.open(path)
    try:
        assert store.meta.get(MetaKey.TOKEN) == "vecchio-token-in-chiaro"
        raw = store.db.execute("SELECT value FROM meta WHERE key = 'token'").fetchone()[0]
    finally:
        store.close()
    assert raw.startswith("sigillato:1:")


def test_encrypt_and_decrypt_commands(tmp_path, catalogs):
    path = tmp_path / "st.db"
    _store_with_data(path, catalogs, 2)
    done = run_emergenza("encrypt", "--db", path)
    assert done.returncode == 0, done.stderr
    assert "cifrato" in done.stdout and "chiave-archivio.key" in done.stdout
    assert run_emergenza("status", "--db", path, "--json").returncode == 0
    check = run_emergenza("check", "--db", path)
    assert check.returncode == 0, check.stdout + check.stderr
    again = run_emergenza("encrypt", "--db", path)
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "già cifrato" in again.stderr
    back = run_emergenza("decrypt", "--db", path)
    assert back.returncode == 0, back.stderr
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_restore_command_takes_an_encrypted_copy_kept_elsewhere(tmp_path, catalogs):
    path = tmp_path / "dati" / "st.db"
    _store_with_data(path, catalogs, 3)
    conversion.encrypt(path)
    stick = tmp_path / "chiavetta"
    done = run_emergenza("backup", "--db", path, "--to", stick)
    assert done.returncode == 0, done.stderr
    (copy,) = stick.glob("st-*.db")
    assert copy.read_bytes()[:16] != b"SQLite format 3\x00"
    restored = run_emergenza("restore", "--db", path, "--from", copy)
    assert restored.returncode == 0, restored.stderr
    assert database.full_check(path) == []


def test_reports_read_an_encrypted_store(tmp_path, catalogs):
    from emergenza.reports.source import StationSource

    path = tmp_path / "st.db"
    _store_with_data(path, catalogs, 3)
    conversion.encrypt(path)
    src = StationSource.open(path)
    try:
        rows = src.rows("SELECT id, caller_name FROM events ORDER BY id")
    finally:
        src.close()
    assert len(rows) == 3 and rows[0]["caller_name"] == SECRET
    out = tmp_path / "export.csv"
    done = run_emergenza("export", "csv", "--db", path, "--out", out)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0
