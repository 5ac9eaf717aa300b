"""Online backup (SQLite backup API) and restore, with integrity checks on both ends."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from ..domain.errors import StoreError, StoreIntegrityError
from ..domain.text import QT_TRANSLATE_NOOP
from . import database, encryption, keys, private


def backup_name(db_path: Path, when: datetime | None = None, tag: str = "") -> str:
    when = when or datetime.now()
    suffix = f"-{tag}" if tag else ""
    return f"{db_path.stem}-{when.strftime('%Y%m%d-%H%M%S')}{suffix}.db"


def backup(conn: sqlite3.Connection, dest: str | Path) -> Path:
    """Copy a live database to ``dest`` (consistent snapshot, WAL included), then check it.

    The copy of an encrypted store is encrypted with the same key (SQLCipher's backup
    copies encrypted pages between databases keyed alike): never a clear copy."""
    dest = Path(dest)
    if not dest.parent.exists():
        private.private_dir(dest.parent)
    tmp = dest.with_name(dest.name + ".part")
    if tmp.exists():
        encryption.forget(tmp)
        tmp.unlink()
    private.create_private(tmp)  # 0600 before the first byte of the copy; os.replace keeps it
    key = database.key_of(conn)
    target = encryption.open_connection(tmp, key, readonly=False, timeout=5) if key else sqlite3.connect(tmp)
    try:
        conn.backup(target, pages=4096)
        target.execute("PRAGMA journal_mode = DELETE")  # a backup is a single self-contained file
    finally:
        target.close()
    problems = database.quick_check(tmp, key=key)
    if problems:
        encryption.forget(tmp)
        tmp.unlink(missing_ok=True)
        raise StoreIntegrityError(QT_TRANSLATE_NOOP("errors", "la copia di sicurezza non è integra: {0}"),
                                  "; ".join(problems[:3]))
    encryption.forget(dest)  # a backup replaced: its inode is freed
    os.replace(tmp, dest)
    return dest


def prune(folder: Path, stem: str, keep: int) -> list[Path]:
    """Keep the newest ``keep`` backups of a store; return the ones removed."""
    files = sorted(folder.glob(f"{stem}-*.db"), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = files[keep:]
    for f in removed:
        encryption.forget(f)
        f.unlink(missing_ok=True)
    return removed


def restore(backup_path: str | Path, db_path: str | Path) -> Path | None:
    """Replace the store with a backup. The store must be closed. The current file is kept
    beside it as ``*.before-restore-<time>.db``; returns that path (None if there was none)."""
    backup_path, db_path = Path(backup_path), Path(db_path)
    if not backup_path.exists():
        raise StoreError(QT_TRANSLATE_NOOP("errors", "copia di sicurezza non trovata: {0}"), backup_path)
    # A backup kept away from the store's folder (``backup --to``) has the store's key.
    key = keys.database_key(db_path) if encryption.looks_encrypted(backup_path) else None
    problems = database.full_check(backup_path, key=key)
    if problems:
        raise StoreIntegrityError(QT_TRANSLATE_NOOP("errors", "la copia {0} è danneggiata: {1}"),
                                  backup_path, "; ".join(problems[:3]))
    kept = None
    if db_path.exists():
        kept = db_path.with_name(f"{db_path.stem}.before-restore-{datetime.now():%Y%m%d-%H%M%S}.db")
        try:
            src = database.open_raw(db_path)
        except (sqlite3.DatabaseError, StoreError):
            src = None  # a damaged or unreadable store: moved aside as it is, WAL with it
        if src is not None:
            try:
                src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.DatabaseError:
                pass
            finally:
                src.close()
        shutil.move(db_path, kept)
        for ext in ("-wal", "-shm"):
            side = Path(str(db_path) + ext)
            if side.exists():
                shutil.move(side, Path(str(kept) + ext))
        private.tighten_store_files(kept)
    tmp = db_path.with_name(db_path.name + ".restoring")
    encryption.forget(tmp)
    tmp.unlink(missing_ok=True)
    private.create_private(tmp)  # copyfile truncates it and keeps its 0600
    shutil.copyfile(backup_path, tmp)
    os.replace(tmp, db_path)
    return kept
