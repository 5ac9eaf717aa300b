"""A store open in this process keeps its SQLite locks while the program opens more
connections to it. POSIX locks belong to the process: closing any descriptor of the file
drops them all, so nothing of ours may open and close the store file (or its -shm) behind
SQLite's back. Without the locks, another program closing its connection takes the store
exclusively and deletes the WAL this process is still writing into."""

from __future__ import annotations

import subprocess
import sys

from emergenza.store import database
from tests.support.factories import OPERATOR, event_data, open_store

# Another process asks for what needs the store to itself: leaving WAL mode.
_TAKE_OVER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=0)
try:
    print(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0])
except sqlite3.OperationalError as exc:
    print("refused:", exc)
"""


def _other_program_takes_over(path) -> str:
    return subprocess.run([sys.executable, "-c", _TAKE_OVER, str(path)], capture_output=True, text=True,
                          check=True, timeout=60).stdout.strip()


def test_more_connections_and_header_checks_leave_the_store_locked(tmp_path, catalogs):
    path = tmp_path / "station.db"
    store = open_store(path, catalogs)
    try:
        store.events.create(event_data(), operator=OPERATOR)
        assert _other_program_takes_over(path).startswith("refused")
        # What the app does while the store is open: a read-only connection (statistics,
        # reports), the checks of what a file is, the WAL's size between calls.
        extra = database.connect(path, readonly=True)
        extra.execute("SELECT count(*) FROM events").fetchone()
        extra.close()
        assert database.is_store_file(path) and database.is_sqlite_file(path)
        store.maintenance.wal_log_bytes()
        assert _other_program_takes_over(path).startswith("refused")
        store.events.create(event_data(), operator=OPERATOR)
    finally:
        store.close()
    reopened = open_store(path, catalogs)
    try:
        assert reopened.db.execute("SELECT count(*) FROM events").fetchone()[0] == 2
    finally:
        reopened.close()


def test_a_kind_remembered_for_a_reused_inode_is_corrected(tmp_path, catalogs):
    """The kind of file is remembered by inode; a new file that got a deleted one's inode
    number may be of the other kind: the first read says so and the store opens anyway."""
    from emergenza.store import conversion, encryption

    path = tmp_path / "station.db"
    store = open_store(path, catalogs)
    store.events.create(event_data(), operator=OPERATOR)
    store.close()
    conversion.encrypt(path)
    encryption.remember(path, False)  # as if a plain store had had this inode before
    again = database.connect(path, readonly=True)
    try:
        assert again.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    finally:
        again.close()
    encryption.remember(path, False)
    assert database.is_encrypted(path) is False  # what memory says, until a connection corrects it
    database.connect(path, readonly=True).close()
    assert database.is_encrypted(path) is True


def test_a_new_file_on_a_reused_inode_remembered_as_encrypted_opens_as_a_plain_store(tmp_path, catalogs):
    from emergenza.store import encryption

    path = tmp_path / "new.db"
    path.touch()
    encryption.remember(path, True)  # a deleted encrypted store had this inode number
    store = open_store(path, catalogs)  # what the full suite once failed on
    try:
        store.events.create(event_data(), operator=OPERATOR)
    finally:
        store.close()
    assert not database.is_encrypted(path)

