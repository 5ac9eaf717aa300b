"""Converting a store between clear and encrypted (``emergenza encrypt`` / ``decrypt``).

Never in place: SQLCipher's ``sqlcipher_export`` writes a complete copy into a new file
beside the store (0600 from its first byte), the copy is verified (integrity check,
schema version, every table's row count and the audit head equal to the source's),
flushed to disk, and only then renamed over the store (an atomic rename) and the folder
flushed. A crash at any moment leaves either the old store or the new one, whole; the
scratch file left by a crash is removed by the next run.

The caller holds the store's lock and has made sure no other program has it open.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.errors import StoreError, StoreIntegrityError, UserError
from ..domain.text import QT_TRANSLATE_NOOP
from . import encryption, keys, private

SCRATCH_SUFFIX = ".conversione"


@dataclass(frozen=True)
class Converted:
    path: Path
    encrypted: bool
    tables: int
    rows: int
    key_location: str


def encrypt(path: str | Path) -> Converted:
    path = Path(path)
    encryption.require_driver()
    if encryption.looks_encrypted(path):
        raise UserError(QT_TRANSLATE_NOOP("errors", "l'archivio {0} è già cifrato"), path)
    master = keys.ensure_master(path)  # before any byte is written: no key, no conversion
    return _convert(path, None, keys.derive(master, keys.DATABASE_LABEL))


def decrypt(path: str | Path) -> Converted:
    path = Path(path)
    encryption.require_driver()
    if not encryption.looks_encrypted(path):
        raise UserError(QT_TRANSLATE_NOOP("errors", "l'archivio {0} non è cifrato"), path)
    key = keys.database_key(path)
    if key is None:
        raise UserError(QT_TRANSLATE_NOOP("errors", "la chiave dell'archivio {0} non si trova"), path)
    return _convert(path, key, None)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _key_literal(key: bytes | None) -> str:
    return "''" if key is None else f"\"x'{key.hex()}'\""


def _snapshot(conn: Any, schema: str = "main") -> dict[str, Any]:
    """What must be equal on both sides: schema version, row counts, audit head."""
    names = [r[0] for r in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    counts = {n: conn.execute(f"SELECT count(*) FROM {schema}.[{n}]").fetchone()[0] for n in names}
    head = (conn.execute(f"SELECT seq, hash FROM {schema}.audit ORDER BY seq DESC LIMIT 1").fetchone()
            if "audit" in counts else None)
    return {"user_version": conn.execute(f"PRAGMA {schema}.user_version").fetchone()[0],
            "counts": counts, "audit_head": tuple(head) if head else None}


def _convert(path: Path, src_key: bytes | None, dst_key: bytes | None) -> Converted:
    mod = encryption.require_driver()
    scratch = path.with_name(path.name + SCRATCH_SUFFIX)
    private.remove_with_side_files(scratch)  # left by an interrupted run: the store itself is whole
    src = mod.connect(str(path), isolation_level=None, timeout=5)
    try:
        if src_key is not None:
            src.execute(encryption.key_pragma(src_key))
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        before = _snapshot(src)
        private.create_private(scratch)  # 0600 before SQLCipher writes the first page
        src.execute(f"ATTACH DATABASE {_literal(str(scratch))} AS converted KEY {_key_literal(dst_key)}")
        src.execute("SELECT sqlcipher_export('converted')").fetchall()
        src.execute(f"PRAGMA converted.user_version = {int(before['user_version'])}")
        src.execute("DETACH DATABASE converted")
    except sqlite3.DatabaseError as exc:
        src.close()
        private.remove_with_side_files(scratch)
        raise StoreError(QT_TRANSLATE_NOOP("errors", "conversione dell'archivio {0} non riuscita: {1}"),
                         path, exc) from exc
    src.close()
    try:
        _verify(scratch, dst_key, before)
        _fsync(scratch)
    except BaseException:
        private.remove_with_side_files(scratch)
        raise
    # The source was checkpointed (its WAL is empty) and is closed: its side files must
    # not meet the new file, whose pages they do not describe.
    for ext in private.SQLITE_SIDE_FILES:
        Path(f"{path}{ext}").unlink(missing_ok=True)
    encryption.forget(path)  # its inode is freed: a later file may get the number
    os.replace(scratch, path)
    private.fsync_dir(path.parent)
    return Converted(path, dst_key is not None, len(before["counts"]), sum(before["counts"].values()),
                     keys.where(path) if dst_key is not None else "")


def _verify(scratch: Path, key: bytes | None, before: dict[str, Any]) -> None:
    if key is None:
        conn = sqlite3.connect(f"file:{scratch}?mode=ro", uri=True, isolation_level=None)
    else:
        conn = encryption.open_connection(scratch, key, readonly=True, timeout=5)
    try:
        check = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        after = _snapshot(conn)
    finally:
        conn.close()
    if check != ["ok"]:
        raise StoreIntegrityError(QT_TRANSLATE_NOOP("errors", "la copia convertita non è integra: {0}"),
                                  "; ".join(check[:3]))
    if after != before:
        differ = sorted(n for n in set(before["counts"]) | set(after["counts"])
                        if before["counts"].get(n) != after["counts"].get(n))
        raise StoreIntegrityError(QT_TRANSLATE_NOOP("errors", "la copia convertita non corrisponde all'archivio: {0}"),
                                  ", ".join(differ) or "versione o registro di audit")
    with open(scratch, "rb") as fh:  # the point of it all: no clear header may be left
        clear = fh.read(len(encryption.SQLITE_HEADER)) == encryption.SQLITE_HEADER
    if clear == (key is not None):
        raise StoreIntegrityError(QT_TRANSLATE_NOOP("errors", "la copia convertita non è nella forma attesa: {0}"),
                                  "in chiaro" if clear else "cifrata")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
