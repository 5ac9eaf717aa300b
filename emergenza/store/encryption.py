"""Encryption at rest with SQLCipher (optional extra ``emergenza[encryption]``).

The binding is ``sqlcipher3-wheels`` (module ``sqlcipher3``: SQLCipher 4 community with
SQLite 3.5x, FTS5 on; wheels for Linux, Windows and macOS), a DB-API twin of the stdlib
``sqlite3``. An encrypted store has no "SQLite format 3" header: every page, the WAL and
every backup are AES-256 encrypted with the key derived in keys.py (a raw 256-bit key, so
opening costs no PBKDF2 round).

Its exceptions are its own classes; the code above the store (and sqlite-utils) catches
the stdlib's. ``_bridge_exceptions`` makes each ``sqlcipher3.X`` a subclass of
``sqlite3.X`` as well, once, so ``except sqlite3.IntegrityError`` works for both drivers.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

from ..domain.errors import StoreError
from ..domain.text import QT_TRANSLATE_NOOP

SQLITE_HEADER = b"SQLite format 3\x00"
EXTRA = "emergenza[encryption]"

# Subclasses of DatabaseError, bridged to the stdlib class of the same name.
_BRIDGED = ("DatabaseError", "InternalError", "OperationalError", "ProgrammingError", "IntegrityError",
            "DataError", "NotSupportedError", "InterfaceError")

_driver: ModuleType | None = None


def driver() -> ModuleType | None:
    """The SQLCipher DB-API module (bridged), or None when the extra is not installed."""
    global _driver
    if _driver is None:
        try:
            from sqlcipher3 import dbapi2
        except ImportError:
            return None
        _bridge_exceptions(dbapi2)
        _driver = dbapi2
    return _driver


def available() -> bool:
    return driver() is not None


def require_driver() -> ModuleType:
    mod = driver()
    if mod is None:
        raise StoreError(QT_TRANSLATE_NOOP(
            "errors", "la cifratura dell'archivio richiede il pacchetto opzionale SQLCipher: "
                      "installare con «pip install '{0}'»"), EXTRA)
    return mod


def _bridge_exceptions(mod: ModuleType) -> None:
    for name in _BRIDGED:
        cls, std = getattr(mod, name), getattr(sqlite3, name)
        if issubclass(cls, std):
            continue
        # (own parent first, then the stdlib twin): the MRO stays consistent and
        # ``except sqlite3.X`` catches the driver's X; the driver's own ``except`` still works.
        cls.__bases__ = (cls.__bases__[0], std)


def is_cipher_connection(conn: Any) -> bool:
    return _driver is not None and isinstance(conn, _driver.Connection)


# What looks_encrypted read, by file (device, inode). Process-wide on purpose: POSIX locks
# are per process, and closing ANY descriptor of a file drops every lock the process holds on
# it, so reading the header of a store that a connection of this process has open would
# leave that connection unlocked (another program could then delete its WAL). The answer
# cannot change for a given inode: encrypt/decrypt write a new file and rename it over. An
# inode freed by our own code (a file deleted or renamed over) is forgotten first, since a
# later file may get its number; ``database._open`` corrects what another program freed.
_HEADER_SEEN: dict[tuple[int, int], bool] = {}


def looks_encrypted(path: str | Path) -> bool:
    """A non-empty file without SQLite's header: encrypted (or not a database at all). Each
    file is read once per process, before any connection of ours holds it."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    if st.st_size == 0:  # a new file: nothing written yet, nothing to remember
        return False
    seen = _HEADER_SEEN.get((st.st_dev, st.st_ino))
    if seen is not None:
        return seen
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError:
        return False
    encrypted = len(head) > 0 and head != SQLITE_HEADER
    if len(head) == len(SQLITE_HEADER):  # a file still being created is not remembered here
        _HEADER_SEEN[(st.st_dev, st.st_ino)] = encrypted
    return encrypted


def _inode(path: str | Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def remembered(path: str | Path) -> bool:
    """Whether the answer for ``path`` comes from memory (see ``forget``)."""
    inode = _inode(path)
    return inode is not None and inode in _HEADER_SEEN


def forget(path: str | Path) -> None:
    """A remembered answer proved wrong: the file it was for is gone and a new one got its
    inode number. No connection of ours holds the new one, so its header may be read."""
    inode = _inode(path)
    if inode is not None:
        _HEADER_SEEN.pop(inode, None)


def remember(path: str | Path, encrypted: bool) -> None:
    """What a connection just opened on ``path`` with its driver makes of it, even before it
    has written a header (a new store): no later look at the file from this process."""
    try:
        st = os.stat(path)
    except OSError:
        return
    _HEADER_SEEN[(st.st_dev, st.st_ino)] = encrypted


def key_pragma(key: bytes) -> str:
    """``PRAGMA key`` with a raw 256-bit key (hex, SQLCipher's x'…' form: no key derivation)."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def open_connection(path: str | Path, key: bytes, *, readonly: bool, timeout: float,
                    check_same_thread: bool = True) -> Any:
    """A SQLCipher connection on ``path`` keyed with ``key``; the key is checked at once
    (reading the schema fails with "file is not a database" on a wrong key)."""
    mod = require_driver()
    if readonly:
        conn = mod.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                           timeout=timeout, check_same_thread=check_same_thread)
    else:
        conn = mod.connect(str(path), isolation_level=None, timeout=timeout, check_same_thread=check_same_thread)
    try:
        conn.execute(key_pragma(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception:
        conn.close()
        raise
    return conn
