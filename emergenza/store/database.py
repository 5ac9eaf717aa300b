"""Opening the SQLite file: pragmas, migrations, integrity checks."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from ..domain.entities import utc_now_iso
from ..domain.errors import SchemaTooNewError, StoreError, StoreIntegrityError
from ..domain.text import QT_TRANSLATE_NOOP
from . import bulk_load, encryption, keys, private
from .audit import AuditTrail, row_digest
from .meta import Meta
from .schema import MIGRATIONS, REAUDITED_BY, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000


def connect(path: str | Path, *, readonly: bool = False, key: bytes | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) with WAL, synchronous=FULL and foreign keys on.

    The one place that opens a store: an encrypted one (no SQLite header, encryption.py)
    through SQLCipher with its key (``key``, else the store's key from keys.py), a plain
    one through the stdlib. A new store is plain: ``emergenza encrypt`` converts it.

    A writable store (and so its -wal/-shm, which copy its mode) is 0600 before SQLite
    first touches it; an older, looser one is tightened (private.py).

    ``isolation_level=None``: transactions are explicit (``Database.atomic()``), so the
    sqlite3 module never opens or commits one behind our back.
    """
    path = Path(path)
    try:
        if not readonly:
            if not path.parent.exists():
                private.private_dir(path.parent)
            if not path.exists():
                private.create_private(path)
            private.tighten_store_files(path)
        conn = _open(path, readonly=readonly, key=key)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(QT_TRANSLATE_NOOP(
                    "errors", "impossibile attivare il journal WAL su {0} (modalità: {1})"), path, mode)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -32000")  # 32 MiB page cache
    except (sqlite3.DatabaseError, OSError) as exc:
        raise StoreError(QT_TRANSLATE_NOOP("errors", "impossibile aprire l'archivio {0}: {1}"), path, exc) from exc
    # No sqlite-utils plugins are used: skipping their discovery saves a scan of every
    # installed package's metadata at the first open (22–29 ms of CPU at start-up).
    return sqlite_utils.Database(conn, execute_plugins=False)


def open_raw(path: str | Path, *, readonly: bool = False, key: bytes | None = None,
             timeout_s: float = BUSY_TIMEOUT_MS / 1000, check_same_thread: bool = True) -> sqlite3.Connection:
    """A bare connection (no pragmas, no sqlite-utils) with the store's driver and key:
    for backups, restores, lock probes and read-only peeks that must not migrate."""
    return _open(Path(path), readonly=readonly, key=key, timeout=timeout_s, check_same_thread=check_same_thread)


def row_type(conn: sqlite3.Connection) -> type:
    """The ``Row`` factory of the connection's own driver (each only takes its own cursors)."""
    mod = encryption.driver() if encryption.is_cipher_connection(conn) else None
    return mod.Row if mod is not None else sqlite3.Row


def store_file(conn: sqlite3.Connection) -> Path:
    """The main file of a connection."""
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file)
    raise StoreError(QT_TRANSLATE_NOOP("errors", "connessione senza archivio principale"))


def key_of(conn: sqlite3.Connection) -> bytes | None:
    """The SQLCipher key of an encrypted store's connection (None for a plain one)."""
    return keys.database_key(store_file(conn)) if encryption.is_cipher_connection(conn) else None


def _open(path: Path, *, readonly: bool, key: bytes | None, timeout: float = BUSY_TIMEOUT_MS / 1000,
          check_same_thread: bool = True) -> sqlite3.Connection:
    if not encryption.remembered(path):
        return _open_with_driver(path, readonly=readonly, key=key, timeout=timeout,
                                 check_same_thread=check_same_thread)
    # The kind of file is remembered (encryption.py: its header is not read again while a
    # connection of ours may hold it). An inode number reused by a new file of the other
    # kind would make that wrong: the driver's first read says so, and the header is read.
    try:
        conn = _open_with_driver(path, readonly=readonly, key=key, timeout=timeout,
                                 check_same_thread=check_same_thread)
    except (sqlite3.DatabaseError, StoreError):  # e.g. "encrypted" remembered, no key for it
        conn = None
    if conn is not None:
        try:
            conn.execute("PRAGMA schema_version").fetchone()
            return conn
        except sqlite3.DatabaseError:
            conn.close()
    encryption.forget(path)
    return _open_with_driver(path, readonly=readonly, key=key, timeout=timeout, check_same_thread=check_same_thread)


def _open_with_driver(path: Path, *, readonly: bool, key: bytes | None, timeout: float,
                      check_same_thread: bool) -> sqlite3.Connection:
    if encryption.looks_encrypted(path):
        key = key or keys.database_key(path)
        if key is None:
            raise StoreError(QT_TRANSLATE_NOOP(
                "errors", "impossibile aprire l'archivio {0}: non è un archivio SQLite, oppure è cifrato e la "
                          "sua chiave non si trova (portachiavi del sistema o file {1})"), path, keys.KEY_FILE_NAME)
        conn = encryption.open_connection(path, key, readonly=readonly, timeout=timeout,
                                          check_same_thread=check_same_thread)
        encryption.remember(path, True)
        return conn
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                               timeout=timeout, check_same_thread=check_same_thread)
    else:
        conn = sqlite3.connect(path, isolation_level=None, timeout=timeout, check_same_thread=check_same_thread)
    encryption.remember(path, False)
    return conn


def is_encrypted(path: str | Path) -> bool:
    """True for a store that opens only with its SQLCipher key (none needed to answer)."""
    return encryption.looks_encrypted(path) and keys.database_key(path) is not None


def is_store_file(path: str | Path) -> bool:
    """A plain SQLite file, or an encrypted store whose key this account holds."""
    return is_sqlite_file(path) or is_encrypted(path)


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the schema to SCHEMA_VERSION, one migration per transaction (first, a bulk load's
    deferred upkeep left over by a killed first sync is restored: bulk_load.py)."""
    bulk_load.restore_if_abandoned(db)
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise SchemaTooNewError(QT_TRANSLATE_NOOP(
            "errors", "l'archivio ha schema {0}, questa versione di Emergenza conosce fino a {1}: "
                      "aggiornare il programma"), current, SCHEMA_VERSION)
    for version in range(current, SCHEMA_VERSION):
        target = version + 1
        try:
            db.conn.executescript(f"BEGIN IMMEDIATE;\n{MIGRATIONS[version]}")  # stays open
            for table in REAUDITED_BY.get(target, ()):
                _reaudit(db, table, f"schema.v{target}")
            db.conn.execute(f"PRAGMA user_version = {target}")
            db.conn.execute("COMMIT")
        except sqlite3.DatabaseError:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
    # Not a schema step: an older version kept the server token in clear (meta.py).
    Meta(db).seal_clear_secrets()
    return SCHEMA_VERSION


MIGRATION_OPERATOR = "sistema"  # who the audit names for what a migration reshaped


def _reaudit(db: sqlite_utils.Database, table: str, action: str) -> None:
    """One audit entry per row of ``table`` with its digest as reshaped by a migration."""
    at = utc_now_iso()
    AuditTrail(db).append_many((at, MIGRATION_OPERATOR, action, table, row["id"], row_digest(row))
                               for row in db.query(f"SELECT * FROM [{table}] ORDER BY rowid"))


SQLITE_HEADER = encryption.SQLITE_HEADER


def is_sqlite_file(path: str | Path) -> bool:
    """True if the file starts with SQLite's header (it may still be damaged further on).
    The header is read through ``encryption.looks_encrypted``: once per file and process."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return False
    return size >= len(SQLITE_HEADER) and not encryption.looks_encrypted(path)


# Below this size the check at open costs well under a second, so it always runs; above it
# (a 1M-event store is ~5 GB: ~30 s) only after an unclean shutdown — a clean close leaves
# no WAL behind. ``emergenza check`` does the full check on demand.
QUICK_CHECK_ALWAYS_BYTES = 256 * 1024 * 1024


def needs_check_at_open(path: str | Path) -> bool:
    path = Path(path)
    wal = Path(f"{path}-wal")
    unclean = wal.exists() and wal.stat().st_size > 0
    return unclean or path.stat().st_size <= QUICK_CHECK_ALWAYS_BYTES


def quick_check(path: str | Path, *, key: bytes | None = None) -> list[str]:
    """``PRAGMA quick_check`` on its own read-only connection (safe beside the owner)."""
    return _check(path, "quick_check", key)


def full_check(path: str | Path, *, key: bytes | None = None) -> list[str]:
    return _check(path, "integrity_check", key) + _fk_check(path, key)


def _check(path: str | Path, pragma: str, key: bytes | None) -> list[str]:
    try:
        db = connect(path, readonly=True, key=key)
    except StoreError as exc:
        return [str(exc)]
    try:
        rows = [r[0] for r in db.execute(f"PRAGMA {pragma}").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [f"archivio danneggiato: {exc}"]
    finally:
        db.close()
    return [] if rows == ["ok"] else rows


def _fk_check(path: str | Path, key: bytes | None) -> list[str]:
    try:
        db = connect(path, readonly=True, key=key)
    except StoreError as exc:
        return [str(exc)]
    try:
        rows = db.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [f"archivio danneggiato: {exc}"]
    finally:
        db.close()
    return [f"riferimento non valido in {r[0]} (riga {r[1]}) verso {r[2]}" for r in rows]


def ensure_ok(problems: list[str], path: str | Path) -> None:
    if problems:
        raise StoreIntegrityError(QT_TRANSLATE_NOOP("errors", "l'archivio {0} è danneggiato: {1}"),
                                  path, "; ".join(problems[:5]))
